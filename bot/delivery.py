"""The delivery worker: takes due outbox rows, sends them through the platform, records results.

Rows are claimed with a lease (`sending` until `lease_until`); a worker that dies leaves them to
go back to `pending` when the lease expires, so a crash repeats at most what was in flight.
Messages to one chat go out in order; different chats are served concurrently, paced by the
rate limiter inside the platform adapter.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import update

from handlers import delivery as delivery_events
from handlers.core import Env
from storage import queries
from storage.models import ChatState, Outbox, OutboxAction, OutboxStatus

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF = 300.0
RECORD_EVERY = 0.1  # seconds between two writes of results, unless a batch is waiting


class DeliveryError(Exception):
    """Base of the outcomes a transport reports instead of a platform message id."""


class RetryLater(DeliveryError):
    """The platform asked us to wait (429)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"retry after {seconds:.0f}s")
        self.seconds = seconds


class Transient(DeliveryError):
    """A network error, time-out or 5xx: try again with backoff."""


class ChatGone(DeliveryError):
    """The chat refuses the bot for good (removed, blocked): 403."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


class ChatMoved(DeliveryError):
    """A group became a supergroup under a new id."""

    def __init__(self, new_chat_id: str) -> None:
        super().__init__(f"moved to {new_chat_id}")
        self.new_chat_id = new_chat_id


class Rejected(DeliveryError):
    """The platform refused this message itself (400): retrying would not help."""


class Transport(Protocol):
    """A platform adapter that can send, edit and delete a rendered payload."""

    async def deliver(
        self,
        chat_external_id: str,
        action: OutboxAction,
        payload: dict[str, Any],
        message_id: str | None,
    ) -> str | None: ...


@dataclass
class Job:
    """One claimed row with what is needed to send it."""

    row_id: int
    chat_id: int
    chat_external_id: str
    chat_active: bool
    action: OutboxAction
    payload: dict[str, Any]
    attempts: int
    announcement_id: int | None
    target_message_id: str | None
    target_pending: bool


@dataclass
class Outcome:
    job: Job
    message_id: str | None = None
    error: DeliveryError | None = None


class DeliveryWorker:
    """Sends the outbox. `wake()` after enqueuing makes it look at once.

    Three things happen side by side so that none waits for another: claiming due rows (up to
    `ahead` rows in hand), sending them (one task per chat, so a chat's messages keep their
    order, at most `concurrency` calls at a time) and recording the results (all that finished
    since the last write, in one transaction). Progress messages are brought up to date at most
    every `progress_every` seconds, and as soon as nothing is left in hand.
    """

    def __init__(
        self,
        env: Env,
        transport: Transport,
        *,
        batch: int = 100,
        concurrency: int = 48,
        lease: timedelta = timedelta(seconds=60),
        shared: bool = False,
        idle_poll: float = 1.0,
        ahead: int | None = None,
        progress_every: float = 0.5,
    ) -> None:
        self.env = env
        self.transport = transport
        self.batch = batch
        self.lease = lease
        self.shared = shared
        self.idle_poll = idle_poll
        self.ahead = max(batch, ahead if ahead is not None else 10 * batch)
        self.progress_every = progress_every
        self._semaphore = asyncio.Semaphore(concurrency)
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self.sent = 0
        # One writer at a time on SQLite: our own transactions queue here instead of in
        # SQLite's busy handler, which sleeps in steps of up to 100 ms.
        self._writing: contextlib.AbstractAsyncContextManager[Any] = (
            contextlib.nullcontext() if shared else asyncio.Lock()
        )
        self._chains: dict[int, deque[Job]] = {}
        self._chain_tasks: set[asyncio.Task[None]] = set()
        self._in_hand = 0
        self._room = asyncio.Event()
        self._outcomes: list[Outcome] = []
        self._has_outcomes = asyncio.Event()
        self._touched: set[int] = set()
        self._last_report = 0.0
        self._last_write = 0.0
        self._closing = False

    def wake(self) -> None:
        self._wake.set()

    async def start(self) -> None:
        """Recover rows left `sending` and start the loop.

        A single worker (SQLite) knows every `sending` row is its own from before a crash; shared
        workers (PostgreSQL) wait for leases to expire.
        """
        async with self.env.sessions() as session:
            now = self.env.clock.now()
            horizon = now + self.lease if not self.shared else now
            released = await queries.release_expired_leases(session, horizon)
            await session.commit()
        if released:
            log.info("released %d outbox rows left in flight", released)
        self._stopping = self._closing = False
        self._task = asyncio.create_task(self._run(), name="loa-delivery")

    async def stop(self, grace: float = 10.0) -> None:
        """Finish the rows in hand and record them, then stop."""
        self._stopping = True
        self._wake.set()
        self._room.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, grace)
            except TimeoutError:
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task

    # ---- the pipeline ---------------------------------------------------------------------------

    async def _run(self) -> None:
        recorder = asyncio.create_task(self._recorder(), name="loa-delivery-recorder")
        try:
            while not self._stopping:
                try:
                    full = await self._fill()
                except Exception:
                    log.exception("delivery loop failed; retrying shortly")
                    await asyncio.sleep(1.0)
                    continue
                if self._stopping:
                    break
                if full:
                    await self._wait_for_room()
                else:
                    await self._idle()
            if self._chain_tasks:
                await asyncio.gather(*self._chain_tasks, return_exceptions=True)
            self._closing = True
            self._has_outcomes.set()
            await recorder
        finally:
            for task in [*self._chain_tasks, recorder]:
                task.cancel()
            await asyncio.gather(*self._chain_tasks, recorder, return_exceptions=True)

    async def _fill(self) -> bool:
        """Claim what fits in hand; True when all that fits came (more may be due)."""
        self._wake.clear()  # a wake() from now on is seen by the next _idle
        limit = self.ahead - self._in_hand
        if limit <= 0:
            return True
        jobs = await self._claim(limit)
        for job in jobs:
            self._in_hand += 1
            chain = self._chains.get(job.chat_id)
            if chain is not None:
                chain.append(job)
                continue
            self._chains[job.chat_id] = deque([job])
            task = asyncio.create_task(self._run_chain(job.chat_id))
            self._chain_tasks.add(task)
            task.add_done_callback(self._chain_tasks.discard)
        return len(jobs) == limit

    async def _wait_for_room(self) -> None:
        while self._in_hand > self.ahead - self.batch and not self._stopping:
            self._room.clear()
            await self._room.wait()

    async def _idle(self) -> None:
        async with self.env.sessions() as session:
            due = await queries.next_due_time(session)
        wait = self.idle_poll
        if due is not None:
            wait = max(0.0, min(wait, (due - self.env.clock.now()).total_seconds()))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), wait)

    async def _run_chain(self, chat_id: int) -> None:
        """Send one chat's jobs in order, including those claimed while it runs."""
        chain = self._chains[chat_id]
        gone: ChatGone | None = None
        try:
            while chain:
                job = chain.popleft()
                outcome = Outcome(job, error=gone) if gone is not None else await self._send(job)
                if isinstance(outcome.error, ChatGone):
                    gone = outcome.error
                self._finished(outcome)
        finally:
            if self._chains.get(chat_id) is chain:
                del self._chains[chat_id]

    def _finished(self, outcome: Outcome) -> None:
        self._in_hand -= 1
        self._outcomes.append(outcome)
        self._has_outcomes.set()
        if self._in_hand <= self.ahead - self.batch:
            self._room.set()

    async def _recorder(self) -> None:
        """Write results as they come (one transaction for all that finished meanwhile) and
        keep the progress messages up to date."""
        while True:
            timeout = None
            if self._touched:
                timeout = max(0.0, self._last_report + self.progress_every - time.monotonic())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._has_outcomes.wait(), timeout)
            since = time.monotonic() - self._last_write
            if len(self._outcomes) < self.batch and since < RECORD_EVERY and not self._closing:
                await asyncio.sleep(RECORD_EVERY - since)  # gather more into one transaction
            self._has_outcomes.clear()
            if self._outcomes:
                self._last_write = time.monotonic()
                outcomes, self._outcomes = self._outcomes, []
                try:
                    await self._record(outcomes)
                except Exception:
                    log.exception("could not record %d delivery results; retrying", len(outcomes))
                    self._outcomes[:0] = outcomes
                    self._has_outcomes.set()
                    await asyncio.sleep(1.0)
                    continue
            quiet = self._in_hand == 0 and not self._outcomes
            due = time.monotonic() - self._last_report >= self.progress_every
            if self._touched and (quiet or due):
                await self._report()
            if self._closing and not self._outcomes and not self._in_hand:
                if self._touched:
                    await self._report()
                return

    async def _report(self) -> None:
        ids, self._touched = self._touched, set()
        self._last_report = time.monotonic()
        try:
            async with self._writing:
                await delivery_events.report_progress(self.env, ids)
        except Exception:
            log.exception("could not update progress messages")
            self._touched |= ids
            return
        self.wake()  # progress edits were enqueued

    # ---- one batch at a time (tools and tests) --------------------------------------------------

    async def run_once(self) -> bool:
        """Claim, send and record one batch, then report progress; False when nothing was due."""
        jobs = await self._claim(self.batch)
        if not jobs:
            return False
        by_chat: dict[int, list[Job]] = defaultdict(list)
        for job in jobs:
            by_chat[job.chat_id].append(job)
        results = await asyncio.gather(*(self._send_chat(chain) for chain in by_chat.values()))
        await self._record([outcome for chain in results for outcome in chain])
        await self._report()
        return True

    async def _send_chat(self, chain: list[Job]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        gone: ChatGone | None = None
        for job in chain:
            if gone is not None:
                outcomes.append(Outcome(job, error=gone))
                continue
            outcome = await self._send(job)
            if isinstance(outcome.error, ChatGone):
                gone = outcome.error
            outcomes.append(outcome)
        return outcomes

    # ---- claiming, sending, recording -----------------------------------------------------------

    async def _claim(self, limit: int) -> list[Job]:
        async with self._writing, self.env.sessions() as session:
            now = self.env.clock.now()
            rows = await queries.claim_due_outbox(session, now, limit, self.lease)
            jobs = [await self._job(session, row) for row in rows]
            await session.commit()
        return jobs

    async def _job(self, session: Any, row: Outbox) -> Job:
        target_message_id = None
        target_pending = False
        if row.target_id is not None:
            target = await queries.outbox_row(session, row.target_id)
            if target is not None:
                target_message_id = target.platform_message_id
                target_pending = target.status in (OutboxStatus.PENDING, OutboxStatus.SENDING)
        return Job(
            row_id=row.id,
            chat_id=row.chat_id,
            chat_external_id=row.chat.external_id,
            chat_active=row.chat.state != ChatState.INACTIVE,
            action=row.action,
            payload=dict(row.payload),
            attempts=row.attempts,
            announcement_id=row.announcement_id,
            target_message_id=target_message_id,
            target_pending=target_pending,
        )

    async def _send(self, job: Job) -> Outcome:
        if not job.chat_active:
            return Outcome(job, error=Rejected("chat inactive"))
        if job.action != OutboxAction.SEND and job.target_message_id is None:
            if job.target_pending:
                return Outcome(job, error=RetryLater(1.0))
            return Outcome(job, error=Rejected("message to change was never sent"))
        async with self._semaphore:
            try:
                message_id = await self.transport.deliver(
                    job.chat_external_id, job.action, job.payload, job.target_message_id
                )
            except DeliveryError as exc:
                return Outcome(job, error=exc)
            except Exception as exc:  # an adapter bug must not lose the row
                log.exception("unexpected delivery failure for outbox row %s", job.row_id)
                return Outcome(job, error=Transient(type(exc).__name__))
        return Outcome(job, message_id=message_id or job.target_message_id)

    async def _record(self, outcomes: list[Outcome]) -> None:
        """Write the outcomes in one transaction: one executemany per shape of row change."""
        now = self.env.clock.now()
        gone: dict[int, str] = {}
        moved: dict[str, str] = {}
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for outcome in outcomes:
            job, error = outcome.job, outcome.error
            values = {"id": job.row_id, **self._row_values(outcome, now)}
            shapes[tuple(sorted(values))].append(values)
            if isinstance(error, ChatGone):
                gone[job.chat_id] = error.reason
            if isinstance(error, ChatMoved):
                moved[job.chat_external_id] = error.new_chat_id
            if job.announcement_id is not None:
                self._touched.add(job.announcement_id)
        async with self._writing, self.env.sessions() as session:
            for rows in shapes.values():
                await session.execute(update(Outbox), rows)
            await session.commit()
        self.sent += sum(1 for o in outcomes if o.error is None)
        if not moved and not gone:
            return
        async with self._writing:
            for old, new in moved.items():
                await delivery_events.chat_moved(self.env, old, new)
            for chat_id, reason in gone.items():
                await delivery_events.chat_unreachable(self.env, chat_id, reason)
        self.wake()

    def _row_values(self, outcome: Outcome, now: datetime) -> dict[str, Any]:
        job, error = outcome.job, outcome.error
        attempts = job.attempts + 1
        if error is None:
            return {
                "status": OutboxStatus.SENT,
                "sent_at": now,
                "platform_message_id": outcome.message_id,
                "attempts": attempts,
                "lease_until": None,
                "last_error": None,
            }
        detail = str(error)[:500]
        if isinstance(error, RetryLater):
            return _again(now + timedelta(seconds=error.seconds), job.attempts, detail)
        if isinstance(error, ChatMoved):
            return _again(now, attempts, detail)
        if isinstance(error, Transient) and attempts < MAX_ATTEMPTS:
            backoff = min(MAX_BACKOFF, 2.0**attempts) * random.uniform(0.8, 1.2)
            log.warning("outbox row %s: %s; retry in %.0fs", job.row_id, detail, backoff)
            return _again(now + timedelta(seconds=backoff), attempts, detail)
        log.warning("outbox row %s failed: %s", job.row_id, detail)
        return {
            "status": OutboxStatus.FAILED,
            "attempts": attempts,
            "lease_until": None,
            "last_error": detail,
        }


def _again(not_before: datetime, attempts: int, detail: str) -> dict[str, Any]:
    return {
        "status": OutboxStatus.PENDING,
        "not_before": not_before,
        "attempts": attempts,
        "lease_until": None,
        "last_error": detail,
    }
