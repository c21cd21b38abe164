"""What a fired timer means, by its kind, and which timers are pending (all of them at start-up;
those due soon, for the instances that look every second)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from handlers.core import Env
from handlers.meetings import reminders as meeting_reminders
from handlers.notices import sending
from handlers.papers import reminders as paper_reminders
from storage import queries
from storage.db import retry_busy
from storage.models import AnnouncementKind, ScheduledSend, ScheduleKind


async def fire_reminder(env: Env, schedule_id: int) -> None:
    """Send a due reminder once, by the kind of its announcement, if it is still useful."""
    async with env.sessions() as session:
        now = env.clock.now()
        if not await queries.claim_schedule(session, schedule_id, now):
            await session.rollback()
            return
        timer = await session.get(ScheduledSend, schedule_id)
        assert timer is not None
        ann = await queries.announcement(session, timer.announcement_id)
        if ann is not None and ann.kind == AnnouncementKind.PAPER_CALL:
            await paper_reminders.fire(env, session, ann, timer, now)
        else:
            await meeting_reminders.fire(env, session, ann, timer, now)
        await session.commit()
    env.wake_delivery()


FIRE: dict[ScheduleKind, Callable[[Env, int], Awaitable[None]]] = {
    ScheduleKind.SEND: sending.fire_scheduled_send,
    ScheduleKind.REMINDER: fire_reminder,
}


async def fire(env: Env, schedule_id: int) -> None:
    """Run the handler for this timer's kind; on a busy database the whole firing again (it is
    a conditional update plus dedupe keys, so a second try cannot send twice)."""
    async with env.sessions() as session:
        timer = await session.get(ScheduledSend, schedule_id)
        kind = timer.kind if timer else None
    handler = FIRE.get(kind) if kind else None
    if handler is not None:
        await retry_busy(lambda: handler(env, schedule_id), what=f"timer {schedule_id}")


async def pending(env: Env) -> list[tuple[int, object]]:
    """(id, run_at) of every timer still to fire, for arming at start-up."""
    async with env.sessions() as session:
        return [(t.id, t.run_at) for t in await queries.pending_schedules(session)]


async def due_soon(env: Env, horizon: timedelta) -> list[tuple[int, datetime]]:
    """(id, run_at) of every timer still to fire within `horizon` (or overdue): several
    instances each arm these, so a timer fires even if the instance that armed it died; the
    conditional claim of the firing lets one of them send."""
    async with env.sessions() as session:
        return await queries.due_schedules(session, env.clock.now() + horizon)
