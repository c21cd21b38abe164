"""Timers from the database: APScheduler only wakes Loa; the rows say what is due.

Every pending schedule is armed at start-up (job id = row id, `replace_existing`); a time
already past fires at once (`misfire_grace_time=None`), and the handler that fires decides
whether a late timer is still useful. Firing is idempotent, so a double fire sends once.

Several instances on one database (PostgreSQL) each also look every second for the timers due
in the next few seconds (`arm_due`) and arm those they do not hold yet: a timer armed by an
instance that died since fires on time in another, and the claim of the row when it fires
lets exactly one of them send. A timer this instance fired is not armed again for a while
(a firing that failed is retried then, not every second).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)

Fire = Callable[[int], Awaitable[None]]
REFIRE_AFTER = 30.0  # seconds before a timer this instance fired may be armed again by a scan


class SchedulerTimers:
    """Loa's own AsyncIOScheduler (not tied to Telegram), implementing `handlers.core.Timers`."""

    def __init__(self, fire: Fire, *, refire_after: float = REFIRE_AFTER) -> None:
        self._fire = fire
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self._armed: dict[int, datetime] = {}
        self._fired: dict[int, float] = {}  # id → when this instance last fired it (monotonic)
        self._refire_after = refire_after

    def start(self) -> None:
        self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def arm(self, schedule_id: int, run_at: datetime) -> None:
        self._armed[schedule_id] = run_at
        self.scheduler.add_job(
            self._run,
            DateTrigger(run_date=run_at),
            args=[schedule_id],
            id=f"schedule:{schedule_id}",
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    def arm_due(self, due: list[tuple[int, datetime]]) -> int:
        """Arm the timers of `due` (id, run_at) not armed here yet at that time, nor fired
        here lately; returns how many."""
        now = time.monotonic()
        for key in [k for k, at in self._fired.items() if now - at > self._refire_after]:
            del self._fired[key]
        armed = 0
        for schedule_id, run_at in due:
            if self._armed.get(schedule_id) == run_at or schedule_id in self._fired:
                continue
            self.arm(schedule_id, run_at)
            armed += 1
        return armed

    def disarm(self, schedule_id: int) -> None:
        self._armed.pop(schedule_id, None)
        try:
            self.scheduler.remove_job(f"schedule:{schedule_id}")
        except JobLookupError:
            pass

    def every(self, seconds: float, func: Callable[[], Awaitable[None]], job_id: str) -> None:
        """A periodic job (sweeps, lease recovery, feed polling)."""
        self.scheduler.add_job(
            func,
            IntervalTrigger(seconds=seconds),
            id=job_id,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )

    async def _run(self, schedule_id: int) -> None:
        self._armed.pop(schedule_id, None)
        self._fired[schedule_id] = time.monotonic()
        try:
            await self._fire(schedule_id)
        except Exception:
            log.exception("timer %s failed", schedule_id)
