"""The delivery worker: takes due outbox rows, sends them through the platform, records results.

Rows are claimed with a lease (`sending` until `lease_until`); a worker that dies leaves them to
go back to `pending` when the lease expires. Each row's result is written as soon as the platform
answers (`bot.recorder`), not when the claimed batch is done, so a crash repeats at most what was
in flight.
Messages to one chat go out in order; different chats are served concurrently, paced by the
rate limiter inside the platform adapter. One worker serves every running platform, with a loop
of its own per platform (Zalo's slow pace never holds up Telegram's batches): each row goes
through the transport (and the API gate) of its chat's platform, and rows for a platform that is
not running here stay pending. While a platform's API is down (`bot.api_gate`), its sends wait
for it instead of spending their attempts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.api_gate import ApiGate
from bot.recorder import Recorder
from handlers.core import Env
from handlers.notices import delivery as delivery_events
from storage import queries
from storage.db import retry_busy
from storage.models import ChatState, Outbox, OutboxAction, OutboxStatus, Platform

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF = 300.0


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
    target_id: int | None
    target_message_id: str | None
    target_pending: bool
    platform: Platform = Platform.TELEGRAM  # the chat's platform: which transport sends it


@dataclass
class Outcome:
    job: Job
    message_id: str | None = None
    error: DeliveryError | None = None


class DeliveryWorker:
    """Sends the outbox. `wake()` after enqueuing makes it look at once."""

    def __init__(
        self,
        env: Env,
        transport: Transport | dict[Platform, Transport],
        *,
        batch: int = 100,
        concurrency: int = 48,
        lease: timedelta = timedelta(seconds=20),
        shared: bool = False,
        idle_poll: float = 1.0,
        gate: ApiGate | dict[Platform, ApiGate] | None = None,
    ) -> None:
        self.env = env
        # one transport (and gate) per running platform; a single one is Telegram's
        self.transports = (
            transport if isinstance(transport, dict) else {Platform.TELEGRAM: transport}
        )
        if gate is None or isinstance(gate, dict):
            self.gates: dict[Platform, ApiGate] = dict(gate or {})
        else:
            self.gates = {Platform.TELEGRAM: gate}
        self.batch = batch
        self.lease = lease
        self.shared = shared
        self.idle_poll = idle_poll
        self._semaphores = {p: asyncio.Semaphore(concurrency) for p in self.transports}
        self._wakes = {p: asyncio.Event() for p in self.transports}
        self._stopping = False
        self._tasks: list[asyncio.Task[None]] = []
        self.recorder = Recorder(env.sessions.kw["bind"])
        self.sent = 0

    @property
    def running(self) -> bool:
        """Whether every platform's loop is still going."""
        return bool(self._tasks) and not any(task.done() for task in self._tasks)

    def wake(self) -> None:
        for event in self._wakes.values():
            event.set()

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
        self.recorder.start()
        self._tasks = [
            asyncio.create_task(self._run(platform), name=f"loa-delivery-{platform.value}")
            for platform in self.transports
        ]

    async def stop(self, grace: float = 10.0) -> None:
        """Finish the batches in hand, then stop."""
        self._stopping = True
        self.wake()
        if self._tasks:
            _done, pending = await asyncio.wait(self._tasks, timeout=grace)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
        self._tasks = []
        await self.recorder.stop()

    async def _run(self, platform: Platform) -> None:
        while not self._stopping:
            try:
                worked = await self.run_once([platform])
            except Exception:
                log.exception("%s delivery loop failed; retrying shortly", platform.value)
                worked = False
                await asyncio.sleep(1.0)
            if not worked and not self._stopping:
                await self._idle(platform)

    async def _idle(self, platform: Platform) -> None:
        async with self.env.sessions() as session:
            due = await queries.next_due_time(session, [platform])
        wait = self.idle_poll
        if due is not None:
            wait = max(0.0, min(wait, (due - self.env.clock.now()).total_seconds()))
        event = self._wakes[platform]
        event.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), wait)

    async def run_once(self, platforms: list[Platform] | None = None) -> bool:
        """Claim and send one batch (of rows to chats on `platforms`, by default every platform
        this worker serves); False when nothing was due."""
        jobs = await self._claim(platforms or list(self.transports))
        if not jobs:
            return False
        by_chat: dict[int, list[Job]] = defaultdict(list)
        for job in jobs:
            by_chat[job.chat_id].append(job)
        heartbeat = asyncio.create_task(self._keep_leases([job.row_id for job in jobs]))
        try:
            results = await asyncio.gather(*(self._send_chat(chain) for chain in by_chat.values()))
            await self.recorder.drain()  # each result went in as it came; wait for the last
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
        outcomes = [outcome for chain in results for outcome in chain]
        await self._after(outcomes)
        return True

    async def _keep_leases(self, row_ids: list[int]) -> None:
        """While a batch is being sent (rate limits may make that long), renew its leases."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 3)
            try:
                async with self.env.sessions() as session:
                    until = self.env.clock.now() + self.lease
                    await queries.extend_leases(session, row_ids, until)
                    await session.commit()
            except Exception:
                log.exception("could not renew outbox leases")

    async def _claim(self, platforms: list[Platform]) -> list[Job]:
        async def attempt() -> list[Job]:
            async with self.env.sessions() as session:
                now = self.env.clock.now()
                rows = await queries.claim_due_outbox(
                    session, now, self.batch, self.lease, platforms
                )
                jobs = [await self._job(session, row) for row in rows]
                await session.commit()
            return jobs

        return await retry_busy(attempt, what="claiming outbox rows")

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
            target_id=row.target_id,
            target_message_id=target_message_id,
            target_pending=target_pending,
            platform=row.chat.platform,
        )

    async def _send_chat(self, chain: list[Job]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        gone: ChatGone | None = None
        for job in chain:
            if gone is not None:
                outcome = Outcome(job, error=gone)
                self._record(outcome)
                outcomes.append(outcome)
                continue
            outcome = await self._send(job)
            self._record(outcome)
            if isinstance(outcome.error, ChatGone):
                gone = outcome.error
            outcomes.append(outcome)
        return outcomes

    async def _send(self, job: Job) -> Outcome:
        if not job.chat_active:
            return Outcome(job, error=Rejected("chat inactive"))
        if job.action != OutboxAction.SEND and job.target_message_id is None:
            if job.target_pending:
                return Outcome(job, error=RetryLater(1.0))
            return Outcome(job, error=Rejected("message to change was never sent"))
        transport = self.transports[job.platform]
        gate = self.gates.get(job.platform)
        async with self._semaphores[job.platform]:
            while True:
                if gate is not None:
                    await gate.wait_open()
                try:
                    message_id = await transport.deliver(
                        job.chat_external_id, job.action, job.payload, job.target_message_id
                    )
                except Transient as exc:
                    if gate is not None and await gate.trouble():
                        continue  # the API is down: wait for it; this row's attempts untouched
                    return Outcome(job, error=exc)
                except DeliveryError as exc:
                    return Outcome(job, error=exc)
                except Exception as exc:  # an adapter bug must not lose the row
                    log.exception("unexpected delivery failure for outbox row %s", job.row_id)
                    return Outcome(job, error=Transient(type(exc).__name__))
                return Outcome(job, message_id=message_id or job.target_message_id)

    def _record(self, outcome: Outcome) -> None:
        """Hand one result to the recorder, which writes it at once."""
        job = outcome.job
        values = self._row_values(outcome, self.env.clock.now())
        shown = None
        if outcome.error is None and job.action == OutboxAction.EDIT and job.target_id:
            # an edited message now shows the edit's payload: later edits compare against it
            shown = {"row_id": job.target_id, "payload": job.payload}
        self.recorder.add({"row_id": job.row_id, **values}, shown)
        if outcome.error is None:
            self.sent += 1

    async def _after(self, outcomes: list[Outcome]) -> None:
        """What a batch's recorded results mean beyond their rows: chats gone or moved, and the
        organisers' progress messages."""
        gone: dict[int, str] = {}
        moved: dict[str, str] = {}
        announcements: set[int] = set()
        for outcome in outcomes:
            job, error = outcome.job, outcome.error
            if isinstance(error, ChatGone):
                gone[job.chat_id] = error.reason
            if isinstance(error, ChatMoved):
                moved[job.chat_external_id] = error.new_chat_id
            if job.announcement_id is not None:
                announcements.add(job.announcement_id)
        for old, new in moved.items():
            await delivery_events.chat_moved(self.env, old, new)
        for chat_id, reason in gone.items():
            await delivery_events.chat_unreachable(self.env, chat_id, reason)
        if moved:
            self.wake()
        await delivery_events.report_progress(self.env, announcements)

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
