"""Intake: every update is written to the inbox before the platform is told it arrived, and
handled from there, in order per chat.

A platform adapter (the Telegram poller or webhook, later Zalo's) hands over what arrived;
`Intake.receive` writes the new rows in one commit (a key already there — the platform
delivering again — is dropped) and only then returns, so the adapter acknowledges the platform
afterwards (the next `getUpdates` offset, the webhook's 200). Each new row is then handled in a
task of its own: updates with the same chat key one after the other, different keys
concurrently, at most `concurrency` at once. An update waits for its chat's earlier one at most
`ORDER_WAIT`: a slow command (a page fetched for `/tin`, a large export) does not hold up the
next one in that chat. The handler's first commit marks the row done
(`storage.inbox`); one that commits nothing is marked when it returns.

At start, what is not done — a crash came between "received" and "handled" — is handled again,
oldest first. With several instances on one database (PostgreSQL), each holds the rows it handles
by a lease, renewed while it works; a row whose lease ran out is taken over by another instance's
sweep. A row tried `MAX_ATTEMPTS` times (an update that kills the process each time) is given
up and logged. Handled rows are forgotten after `KEEP`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.core import Clock
from storage import inbox
from storage.db import retry_busy
from storage.models import Inbox, Platform
from storage.queries import inbox as inbox_rows
from storage.queries.inbox import Arrival

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=20)  # renewed every sweep (`SWEEP_SECONDS`) while a row is in hand
SWEEP_SECONDS = 5
PRUNE_EVERY = 720  # sweeps (an hour)
KEEP = timedelta(days=3)
MAX_ATTEMPTS = 3
CONCURRENCY = 32
ORDER_WAIT = 0.5  # seconds an update waits for its chat's earlier one
TAKE_CHUNK = 500

Process = Callable[[Any], Awaitable[None]]
Decode = Callable[[dict[str, Any]], Any]


class Intake:
    """The inbox of one platform in this process."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        platform: Platform,
        process: Process,
        decode: Decode,
        *,
        shared: bool,
        concurrency: int = CONCURRENCY,
        lease: timedelta = LEASE,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.platform = platform
        self._process = process
        self._decode = decode
        self.shared = shared
        self.lease = lease
        self._semaphore = asyncio.Semaphore(concurrency)
        self._tails: dict[str, asyncio.Task[None]] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}  # by inbox row id
        self._in_hand: set[int] = set()
        self.received = 0  # new rows written (repeats not counted)
        self.repeats = 0  # deliveries dropped as already written
        self.handled = 0
        self._sweeps = 0

    async def receive(self, arrivals: Sequence[tuple[Arrival, Any]]) -> int:
        """Write the arrivals down (one commit), then start handling the new ones; returns how
        many were new. Raises if they could not be written: the platform must not be told."""
        if not arrivals:
            return 0
        keys = [a for a, _ in arrivals]

        async def attempt() -> dict[str, int]:
            async with self.sessions() as session:
                ids = await inbox_rows.store_arrivals(
                    session, self.platform, keys, self.clock.now(), self.lease
                )
                await session.commit()
            return ids

        ids = await retry_busy(attempt, what="writing updates to the inbox")
        new = len(ids)
        for arrival, update in arrivals:
            row_id = ids.pop(arrival.update_key, None)  # a key twice in one batch: handled once
            if row_id is None:
                self.repeats += 1
                continue
            self.received += 1
            self._dispatch(row_id, arrival.chat_key, update)
        return new

    async def resume(self) -> int:
        """Handle again what is not done: everything on a single instance at start (no other
        instance holds any), else the rows whose lease has ended. Returns how many."""
        return await self._take(everything=not self.shared)

    async def sweep(self) -> None:
        """Renew the leases of rows in hand; take over rows other instances left; prune."""
        now = self.clock.now()
        prune = self._sweeps % PRUNE_EVERY == 0
        self._sweeps += 1
        held = sorted(self._tasks)  # queued behind their chat's earlier updates, or in hand

        async def renew() -> None:
            removed = 0
            async with self.sessions() as session:
                await inbox_rows.extend_inbox_leases(session, held, now + self.lease)
                if prune:
                    removed = await inbox_rows.prune_inbox(session, now - KEEP)
                await session.commit()
            if removed:
                log.info("forgot %d handled updates older than %s", removed, KEEP)

        await retry_busy(renew, what="renewing inbox leases")
        if self.shared:
            await self._take(everything=False)

    async def stop(self, grace: float = 10.0) -> None:
        """Let the updates in hand finish for `grace` seconds; what is left stays not done and is
        handled at the next start."""
        tasks = set(self._tasks.values())
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=grace)
        for task in pending:
            task.cancel()
        if pending:
            log.info("%d updates left to handle at the next start", len(pending))
            await asyncio.wait(pending)

    async def _take(self, *, everything: bool) -> int:
        taken = 0
        while True:

            async def attempt() -> list[Inbox]:
                async with self.sessions() as session:
                    rows = await inbox_rows.take_unfinished(
                        session,
                        self.clock.now(),
                        self.lease,
                        limit=None if everything else TAKE_CHUNK,
                        everything=everything,
                        platform=self.platform,
                    )
                    await session.commit()
                return rows

            found = await retry_busy(attempt, what="taking unhandled updates")
            for row in [r for r in found if r.id not in self._tasks]:
                if row.attempts > MAX_ATTEMPTS:
                    log.error("update %s tried %d times; given up", row.update_key, row.attempts)
                    await self._finish(row.id)
                    continue
                try:
                    update = self._decode(row.payload)
                except Exception:
                    log.exception("update %s could not be read back; given up", row.update_key)
                    await self._finish(row.id)
                    continue
                self._dispatch(row.id, row.chat_key, update)
                taken += 1
            if everything or len(found) < TAKE_CHUNK:
                break
        if taken:
            log.info("handling %d updates received before and not yet handled", taken)
        return taken

    def _dispatch(self, row_id: int, chat_key: str, update: Any) -> None:
        before = self._tails.get(chat_key)
        task = asyncio.create_task(self._handle(row_id, before, update), name=f"inbox-{row_id}")
        self._tails[chat_key] = task
        self._tasks[row_id] = task

        def forget(done: asyncio.Task[None]) -> None:
            self._tasks.pop(row_id, None)
            if self._tails.get(chat_key) is done:
                del self._tails[chat_key]

        task.add_done_callback(forget)

    async def _handle(self, row_id: int, before: asyncio.Task[None] | None, update: Any) -> None:
        if before is not None:
            await asyncio.wait([before], timeout=ORDER_WAIT)  # whatever became of it
        async with self._semaphore:
            self._in_hand.add(row_id)
            try:
                with inbox.handling([row_id]) as state:
                    try:
                        await self._process(update)
                    except Exception:  # the adapter's own error handler has had its turn
                        log.exception("handling update row %s failed", row_id)
                if not state.done:
                    await self._finish(row_id)
                self.handled += 1
            finally:
                self._in_hand.discard(row_id)

    async def _finish(self, row_id: int) -> None:
        async def attempt() -> None:
            async with self.sessions() as session:
                await inbox_rows.mark_inbox_done(session, [row_id], self.clock.now())
                await session.commit()

        with contextlib.suppress(Exception):
            await retry_busy(attempt, what="marking an update handled")
