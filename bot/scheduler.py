"""Timers from the database: APScheduler only wakes Loa; the rows say what is due.

Every pending schedule is armed at start-up (job id = row id, `replace_existing`); a time
already past fires at once (`misfire_grace_time=None`), and the handler that fires decides
whether a late timer is still useful. Firing is idempotent, so a double fire sends once.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)

Fire = Callable[[int], Awaitable[None]]


class SchedulerTimers:
    """Loa's own AsyncIOScheduler (not tied to Telegram), implementing `handlers.core.Timers`."""

    def __init__(self, fire: Fire) -> None:
        self._fire = fire
        self.scheduler = AsyncIOScheduler(timezone=UTC)

    def start(self) -> None:
        self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def arm(self, schedule_id: int, run_at: datetime) -> None:
        self.scheduler.add_job(
            self._run,
            DateTrigger(run_date=run_at),
            args=[schedule_id],
            id=f"schedule:{schedule_id}",
            replace_existing=True,
            misfire_grace_time=None,
            coalesce=True,
        )

    def disarm(self, schedule_id: int) -> None:
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
        try:
            await self._fire(schedule_id)
        except Exception:
            log.exception("timer %s failed", schedule_id)
