"""Whether the chat platform's API is up, so that an outage costs one probe at a time instead of
a storm of retries, and no message's attempts.

Before, every message that met a network error or a 5xx was put back with its own exponential
backoff and one attempt fewer: a 60 s outage in the middle of a broadcast made each in-flight
row retry on its own (tens of requests against a dead API), pushed the later retries a minute
or more past the API's return, and a longer one failed rows for good.

Now a send that fails that way reports `trouble()`, and the gate closes: sends wait at
`wait_open()` while one probe at a time (a cheap call that concerns no chat, `getMe` on
Telegram) asks whether the API answers, after a jittered backoff growing from 0.25 s to at most
3 s. The first probe decides for the sends that reported: the API answers → the failure was
that message's own (a 5xx for one chat), which spends an attempt as before; it does not → the
API is down, and the message waits and is sent again when the gate opens, its attempts
untouched. The gate opens on the first probe that gets any answer, so delivery resumes within
a probe interval of the API's return. Replies to people, which go straight to the API, wait at
the same gate (`through_gate`) when the API is down as they are sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

FIRST_PAUSE = 0.25  # seconds between the first failed probe and the next; doubled each time
MAX_PAUSE = 3.0  # the longest pause between probes while the API is down
PATIENCE = 300.0  # how long a reply waits for the API to come back before it is given up


class ApiGate:
    """Open while the API answers; closed, with one prober, while it is thought down."""

    def __init__(
        self,
        probe: Callable[[], Awaitable[bool]],
        *,
        first_pause: float = FIRST_PAUSE,
        max_pause: float = MAX_PAUSE,
    ) -> None:
        self._probe = probe
        self.first_pause = first_pause
        self.max_pause = max_pause
        self._open = asyncio.Event()
        self._open.set()
        self._watch: asyncio.Task[None] | None = None
        self._verdict: asyncio.Future[bool] | None = None
        self.probes = 0  # probes made (all outages)
        self.outages = 0  # times the API was found down

    @property
    def is_open(self) -> bool:
        return self._open.is_set()

    async def wait_open(self) -> None:
        """Return at once while the API is up; otherwise when a probe finds it back."""
        await self._open.wait()

    async def trouble(self) -> bool:
        """A call failed with a network error or a 5xx: close the gate until a probe has an
        answer. True when the API itself is down (wait for `wait_open()`, then try again, the
        message's attempts untouched), False when it answers (the failure was the call's own)."""
        if self._watch is None or self._watch.done():
            self._open.clear()
            self._verdict = asyncio.get_running_loop().create_future()
            self._watch = asyncio.create_task(self._run(self._verdict), name="loa-api-probe")
        assert self._verdict is not None
        return await asyncio.shield(self._verdict)

    async def aclose(self) -> None:
        if self._watch is not None and not self._watch.done():
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        self._open.set()

    async def _run(self, verdict: asyncio.Future[bool]) -> None:
        pause = self.first_pause
        down_since: float | None = None
        try:
            while True:
                up = await self._ask()
                if not verdict.done():
                    verdict.set_result(not up)
                if up:
                    break
                if down_since is None:
                    down_since = time.monotonic()
                    self.outages += 1
                    log.warning("the chat API does not answer; delivery waits for it")
                await asyncio.sleep(min(pause, self.max_pause) * random.uniform(0.75, 1.0))
                pause *= 2
            if down_since is not None:
                log.warning(
                    "the chat API answers again after %.1f s; delivery resumes",
                    time.monotonic() - down_since,
                )
        finally:
            if not verdict.done():
                verdict.set_result(False)
            self._open.set()

    async def _ask(self) -> bool:
        self.probes += 1
        try:
            return await self._probe()
        except Exception:  # a probe that breaks must not keep the gate shut for good
            log.exception("probing the chat API failed")
            return True


async def through_gate(
    gate: ApiGate | None,
    call: Callable[[], Awaitable[T]],
    *,
    unanswered: Callable[[BaseException], bool],
    patience: float = PATIENCE,
) -> T:
    """Make `call` (a reply, straight to the API rather than through the outbox); when it fails
    in a way `unanswered` says the API never took it (refused, closed, 5xx — not a time-out,
    after which it may have been delivered) and the gate's probe finds the API down, wait for the
    API's return and make it again, for at most `patience` seconds in all."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    while True:
        try:
            return await call()
        except Exception as exc:
            if gate is None or not unanswered(exc) or loop.time() >= deadline:
                raise
            if not await gate.trouble():
                raise
            try:
                await asyncio.wait_for(gate.wait_open(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                raise exc from None
