"""Meeting reminders: before the start to the whole audience, and a nudge before the RSVP deadline
to the units that have not answered. Timers live in `scheduled_sends`; firing is idempotent and a
reminder that is no longer useful (the meeting started, the deadline passed) is dropped and logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import deadlines, timeparse
from handlers.context import Ctx
from handlers.core import Env, Reply
from handlers.forms import Audience, FormError
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.cards import payload
from handlers.notices.reminding import PURPOSE, round_left, wording_for
from handlers.texts import text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Meeting,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
)

log = logging.getLogger(__name__)

DEFAULT_MEETING_OFFSETS = (24 * 60, 2 * 60)  # minutes: 1 day and 2 hours before the start
NUDGE_BEFORE_DEADLINE = timedelta(days=1)
NUDGE = "nudge"
BEFORE = "before:"


async def arm_meeting(
    env: Env, session: AsyncSession, ann_id: int, after_commit: list[Callable[[], None]]
) -> None:
    """(Re)create the meeting's pending reminders from its current time, deadline and offsets."""
    meeting = await queries.meeting(session, ann_id)
    ann = await queries.announcement(session, ann_id)
    if meeting is None or ann is None:
        return
    for old in await queries.cancel_schedules(session, ann_id, kind=ScheduleKind.REMINDER):
        after_commit.append(lambda t=old: env.timers.disarm(t))
    now = env.clock.now()
    earliest = max(now, ann.send_at) if ann.send_at else now
    wanted: list[tuple[str, datetime, int | None]] = [
        (f"{BEFORE}{minutes}", meeting.starts_at - timedelta(minutes=minutes), None)
        for minutes in meeting.reminders
    ]
    if meeting.rsvp_deadline is not None:
        wanted.append((NUDGE, meeting.rsvp_deadline - NUDGE_BEFORE_DEADLINE, None))
        # a unit given its own deadline (`/giahan`) is nudged a day before its own
        for unit_id, own in (await deadlines.unit_deadlines(session, ann_id)).items():
            if own != meeting.rsvp_deadline:
                wanted.append((NUDGE, own - NUDGE_BEFORE_DEADLINE, unit_id))
    for note, run_at, unit_id in wanted:
        if run_at <= earliest:
            continue
        timer = ScheduledSend(
            announcement_id=ann_id,
            kind=ScheduleKind.REMINDER,
            run_at=run_at,
            status=ScheduleStatus.PENDING,
            note=note,
            unit_id=unit_id,
        )
        session.add(timer)
        await session.flush()
        timer_id, at = timer.id, timer.run_at
        after_commit.append(lambda t=timer_id, a=at: env.timers.arm(t, a))


async def fire(
    env: Env, session: AsyncSession, ann: Announcement | None, timer: ScheduledSend, now: datetime
) -> None:
    """Send a claimed meeting reminder, if it is still useful; else drop it."""
    meeting = await queries.meeting(session, timer.announcement_id)
    deadline = None if meeting is None else meeting.rsvp_deadline
    if meeting is not None and timer.unit_id is not None:
        deadline = await deadlines.deadline_of(
            session, meeting.announcement_id, timer.unit_id, deadline
        )
    reason = _useless(ann, meeting, timer, now, deadline)
    if reason:
        timer.status = ScheduleStatus.DROPPED
        log.info("reminder %s of #%s dropped: %s", timer.id, timer.announcement_id, reason)
        return
    assert ann is not None and meeting is not None
    if timer.note == NUDGE:
        await _nudge(env, session, ann, meeting, timer)
    else:
        await _remind(env, session, ann, meeting, timer.id)


def _useless(
    ann: Announcement | None,
    meeting: Meeting | None,
    timer: ScheduledSend,
    now: datetime,
    deadline: datetime | None,
) -> str | None:
    """Why a reminder is no longer worth sending (`deadline`: the one a nudge is about, the
    unit's own for a unit's timer), or None."""
    if ann is None or meeting is None:
        return "no such meeting"
    if ann.status not in (AnnouncementStatus.SENDING, AnnouncementStatus.SENT):
        return f"announcement is {ann.status.value}"
    if meeting.starts_at <= now:
        return "the meeting has started"
    if timer.note == NUDGE and deadline and deadline <= now:
        return "the answer deadline has passed"
    return None


async def _remind(
    env: Env, session: AsyncSession, ann: Announcement, meeting: Meeting, schedule_id: int
) -> None:
    from handlers.notices.audience import targets

    left = meeting.starts_at - env.clock.now()
    body = text(
        "vi",
        "reminder.meeting",
        id=ann.id,
        title=meeting.title,
        when=timeparse.format_when(meeting.starts_at, env.tz),
        left=timeparse.format_duration(round_left(left)),
        venue=meeting.venue,
    )
    groups, private = await targets(session, Audience.from_json(ann.audience))
    units = await announcement_unit_ids(session, ann)
    reached = await queries.unit_ids_by_private_chat(session, (c.id for c in private))
    chats = [c for c in groups if c.is_cluster or c.unit_id in units]
    chats += [c for c in private if reached.get(c.id) in units]
    for chat in {c.id: c for c in chats}.values():  # the units it was sent to, not later ones
        await queries.enqueue(
            session,
            chat_id=chat.id,
            payload=payload(body),
            purpose=PURPOSE,
            announcement_id=ann.id,
            dedupe_key=f"reminder:{schedule_id}:chat:{chat.id}",
            now=env.clock.now(),
        )


async def _nudge(
    env: Env, session: AsyncSession, ann: Announcement, meeting: Meeting, timer: ScheduledSend
) -> None:
    """The whole audience's nudge leaves out the units with a deadline of their own; a unit's
    own nudge (its timer's `unit_id`) reaches that unit only."""
    if timer.unit_id is None:
        await nudge_missing(env, session, ann, meeting, f"reminder:{timer.id}", general=True)
        return
    key = f"reminder:{timer.id}:unit:{timer.unit_id}"
    await nudge_missing(env, session, ann, meeting, key, unit_id=timer.unit_id)


async def nudge_missing(
    env: Env,
    session: AsyncSession,
    ann: Announcement,
    meeting: Meeting,
    key: str,
    *,
    unit_id: int | None = None,
    general: bool = False,
) -> list[str]:
    """Remind the units that have not answered: their groups, and their members' private chats
    in the audience (Zalo members always, Telegram ones with `riêng`), each with its own
    deadline; returns their codes. `unit_id`: that unit only; `general`: not the units whose
    deadline `/giahan` moved (their own timers nudge them)."""
    from handlers.notices.audience import chats_of_units

    missing = await announcement_unit_ids(session, ann) - await queries.answered_unit_ids(
        session, ann.id
    )
    own = await deadlines.unit_deadlines(session, ann.id)
    if unit_id is not None:
        missing &= {unit_id}
    elif general:
        missing = {u for u in missing if own.get(u, meeting.rsvp_deadline) == meeting.rsvp_deadline}
    nudged: list[str] = []
    for chat, unit in await chats_of_units(session, Audience.from_json(ann.audience), missing):
        values = {
            "id": ann.id,
            "unit": unit.code,
            "title": meeting.title,
            "when": timeparse.format_when(meeting.starts_at, env.tz),
        }
        deadline = own.get(unit.id, meeting.rsvp_deadline)
        if deadline is not None:
            values["deadline"] = timeparse.format_when(deadline, env.tz)
            body = text("vi", wording_for("reminder.nudge", chat), **values)
        else:
            body = text("vi", wording_for("reminder.nudge_open", chat), **values)
        await queries.enqueue(
            session,
            chat_id=chat.id,
            payload=payload(body),
            purpose=PURPOSE,
            announcement_id=ann.id,
            dedupe_key=f"{key}:chat:{chat.id}",
            now=env.clock.now(),
        )
        if unit.code not in nudged:
            nudged.append(unit.code)
    return sorted(nudged)


async def remind_now(ctx: Ctx, ann: Announcement) -> Reply:
    """`/nhacnho 12` on a meeting: remind the units that have not answered, now."""
    ann_id = ann.id
    meeting = await queries.meeting(ctx.session, ann_id)
    if meeting is None:
        raise FormError("remind.not_meeting", id=ann_id)
    if ann.status not in (AnnouncementStatus.SENDING, AnnouncementStatus.SENT):
        raise FormError("remind.not_sent", id=ann_id)
    if meeting.starts_at <= ctx.now:
        raise FormError("remind.started", id=ann_id)
    key = f"remind:{ann.id}:{ctx.now.timestamp():.3f}"
    missing = await announcement_unit_ids(ctx.session, ann) - await queries.answered_unit_ids(
        ctx.session, ann.id
    )
    nudged = await nudge_missing(ctx.env, ctx.session, ann, meeting, key)
    queries.audit(ctx.session, ctx.now, ctx.person.id, "meeting.remind", f"#{ann.id}")
    if not missing:
        return Reply(ctx.t("remind.nobody", id=ann.id))
    units = await queries.units_by_ids(ctx.session, missing)
    unreached = sorted(u.code for u in units.values() if u.code not in nudged)
    lines: list[str] = []
    if nudged:
        ctx.after_commit.append(ctx.env.wake_delivery)
        lines.append(ctx.t("remind.done", id=ann.id, count=len(nudged), units=", ".join(nudged)))
    if unreached:  # no group of theirs to remind in
        lines.append(ctx.t("remind.unreached", units=", ".join(unreached)))
    return Reply("\n".join(lines))


# --- paper calls ---------------------------------------------------------------------------
