"""The book runner: builds the books of papers asked for with `/kyyeu`, one at a time, in the
background of the running bot.

A request is a `BookBuild` row; the runner is woken when one is written (`Env.book_requested`)
and also looks every `POLL_SECONDS`, so a build left pending or running by an instance that died
(its lease expired) is taken over — a restart loses nothing. Several instances sharing one
database each run a runner; the lease lets one build each book. One build at a time per
instance: LibreOffice conversions are heavy and the machine is small.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from handlers.core import Env
from handlers.papers import convert, proceedings

log = logging.getLogger(__name__)

POLL_SECONDS = 30.0


class BookRunner:
    """One background task that claims and builds books until stopped."""

    def __init__(
        self,
        env: Env,
        *,
        poll: float = POLL_SECONDS,
        timeout: float = convert.DEFAULT_TIMEOUT,
    ) -> None:
        self.env = env
        self.poll = poll
        self.timeout = timeout
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run(), name="book-runner")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        """Stop; a build in hand is dropped (its lease runs out and it is built again later)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            try:
                while await proceedings.run_next(self.env, timeout=self.timeout):
                    pass
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database away: look again at the next wake or poll
                log.warning("book runner: %s", type(exc).__name__)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll)
