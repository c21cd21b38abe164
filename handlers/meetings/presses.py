"""Presses on meeting cards answered in batches.

When a meeting is busy, hundreds of people press its buttons within a minute. Answering each in
a unit of work of its own spends most of the time on the unit of work (a session, reading the
person, the chat and the meeting, a commit), not on the answer. Here presses queue while a batch
is being answered and are then taken together (`router.answer_actions`): one session, a few
reads for all of them, one commit, and every toast after the commit. There is no waiting on
purpose: a press that finds nothing queued is answered at once, alone.

A busy database (SQLite locked by another process, a PostgreSQL serialization failure or
deadlock) is waited for and the whole batch tried again (`router.answer_actions`). If a batch
fails as a whole otherwise (a person created by two presses at the same moment, the database
away for a moment), nothing of it was kept, and each of its presses is answered again on its
own, as if there were no batching (each with the same retries; a database still busy after
them gets the busy toast, never the generic error).

Each press came from the inbox: the batch's commit marks all its presses' inbox rows done, in
the same transaction as their answers (`storage.inbox.handling_all`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from handlers.core import Reply, Request
from storage import inbox

log = logging.getLogger(__name__)

MAX_BATCH = 64

#: A queued press: the request, the future its answer goes to, and its inbox rows.
Waiting = tuple[Request, asyncio.Future[Reply], inbox.Handling | None]


class PressBatcher:
    """Queues presses and answers them a batch at a time."""

    def __init__(
        self,
        answer_all: Callable[[Sequence[Request]], Awaitable[list[Reply]]],
        answer_one: Callable[[Request], Awaitable[Reply]],
        *,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._answer_all = answer_all
        self._answer_one = answer_one
        self._max = max_batch
        self._waiting: list[Waiting] = []
        # one batch at a time: SQLite has one writer (a second batch beside the first measured
        # slower, waiting on its write lock)
        self._drain: asyncio.Task[None] | None = None
        self.batches = 0  # how many batches were answered (benchmarks print the mean size)
        self.presses = 0

    async def submit(self, req: Request) -> Reply:
        """Answer one press, together with the presses queued beside it."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Reply] = loop.create_future()
        self._waiting.append((req, future, inbox.CURRENT.get()))
        if self._drain is None or self._drain.done():
            self._drain = loop.create_task(self._run())
        return await future

    async def _run(self) -> None:
        while self._waiting:
            batch = self._waiting[: self._max]
            del self._waiting[: self._max]
            await self._answer(batch)

    async def _answer(self, batch: list[Waiting]) -> None:
        self.batches += 1
        self.presses += len(batch)
        try:
            with inbox.handling_all([state for _, _, state in batch]):
                replies = await self._answer_all([req for req, _, _ in batch])
        except Exception:
            if len(batch) > 1:
                log.info("a batch of %d presses failed; answering them one by one", len(batch))
            replies = None
        if replies is not None:
            for (_, future, _), reply in zip(batch, replies, strict=True):
                if not future.done():
                    future.set_result(reply)
            return
        for req, future, state in batch:
            try:
                with inbox.handling_all([state]):
                    reply = await self._answer_one(req)
            except Exception as exc:  # the adapter's error handler answers it
                if not future.done():
                    future.set_exception(exc)
                continue
            if not future.done():
                future.set_result(reply)
