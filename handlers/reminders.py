"""Meeting reminders: before the start to the whole audience, and a nudge before the RSVP deadline
to the units that have not answered. Timers live in `scheduled_sends`; firing is idempotent and a
reminder that is no longer useful (the meeting started, the deadline passed) is dropped and logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import timeparse
from handlers.cards import announcement_unit_ids, payload
from handlers.context import Ctx
from handlers.core import Env, Reply, Request
from handlers.forms import Audience, FormError, parse_announcement_code
from handlers.texts import text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Meeting,
    PaperCall,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
)

log = logging.getLogger(__name__)

DEFAULT_MEETING_OFFSETS = (24 * 60, 2 * 60)  # minutes: 1 day and 2 hours before the start
DEFAULT_PAPER_OFFSETS = (7 * 24 * 60, 3 * 24 * 60, 24 * 60)  # 7, 3 and 1 days before
DEADLINE_DAY = "papers:day"  # 08:00 on the deadline day
SUMMARY = "papers:summary"  # at the deadline, to the organisers
PAPERS_BEFORE = "papers:before:"
NUDGE_BEFORE_DEADLINE = timedelta(days=1)
NUDGE = "nudge"
BEFORE = "before:"
PURPOSE = "reminder"


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
    wanted: list[tuple[str, object]] = [
        (f"{BEFORE}{minutes}", meeting.starts_at - timedelta(minutes=minutes))
        for minutes in meeting.reminders
    ]
    if meeting.rsvp_deadline is not None:
        wanted.append((NUDGE, meeting.rsvp_deadline - NUDGE_BEFORE_DEADLINE))
    for note, run_at in wanted:
        if run_at <= earliest:  # type: ignore[operator]
            continue
        timer = ScheduledSend(
            announcement_id=ann_id,
            kind=ScheduleKind.REMINDER,
            run_at=run_at,
            status=ScheduleStatus.PENDING,
            note=note,
        )
        session.add(timer)
        await session.flush()
        timer_id, at = timer.id, timer.run_at
        after_commit.append(lambda t=timer_id, a=at: env.timers.arm(t, a))


async def fire_reminder(env: Env, schedule_id: int) -> None:
    """Send a due reminder once, if it is still useful."""
    async with env.sessions() as session:
        now = env.clock.now()
        if not await queries.claim_schedule(session, schedule_id, now):
            await session.rollback()
            return
        timer = await session.get(ScheduledSend, schedule_id)
        assert timer is not None
        ann = await queries.announcement(session, timer.announcement_id)
        if ann is not None and ann.kind == AnnouncementKind.PAPER_CALL:
            await _fire_paper(env, session, ann, timer, now)
            await session.commit()
            env.wake_delivery()
            return
        meeting = await queries.meeting(session, timer.announcement_id)
        reason = _useless(ann, meeting, timer, now)
        if reason:
            timer.status = ScheduleStatus.DROPPED
            log.info("reminder %s of #%s dropped: %s", schedule_id, timer.announcement_id, reason)
        else:
            assert ann is not None and meeting is not None
            if timer.note == NUDGE:
                await _nudge(env, session, ann, meeting, schedule_id)
            else:
                await _remind(env, session, ann, meeting, schedule_id)
        await session.commit()
    env.wake_delivery()


def _useless(
    ann: Announcement | None, meeting: Meeting | None, timer: ScheduledSend, now: object
) -> str | None:
    if ann is None or meeting is None:
        return "no such meeting"
    if ann.status not in (AnnouncementStatus.SENDING, AnnouncementStatus.SENT):
        return f"announcement is {ann.status.value}"
    if meeting.starts_at <= now:  # type: ignore[operator]
        return "the meeting has started"
    if timer.note == NUDGE and meeting.rsvp_deadline and meeting.rsvp_deadline <= now:  # type: ignore[operator]
        return "the answer deadline has passed"
    return None


async def _remind(
    env: Env, session: AsyncSession, ann: Announcement, meeting: Meeting, schedule_id: int
) -> None:
    from handlers.sending import targets

    left = meeting.starts_at - env.clock.now()
    body = text(
        "vi",
        "reminder.meeting",
        id=ann.id,
        title=meeting.title,
        when=timeparse.format_when(meeting.starts_at, env.tz),
        left=timeparse.format_duration(_round(left)),
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
    env: Env, session: AsyncSession, ann: Announcement, meeting: Meeting, schedule_id: int
) -> None:
    await nudge_missing(env, session, ann, meeting, f"reminder:{schedule_id}")


async def nudge_missing(
    env: Env, session: AsyncSession, ann: Announcement, meeting: Meeting, key: str
) -> list[str]:
    """Remind the groups of units that have not answered; returns their unit codes."""
    from handlers.sending import targets

    audience = Audience.from_json(ann.audience)
    missing = await announcement_unit_ids(session, ann) - await queries.answered_unit_ids(
        session, ann.id
    )
    groups, _ = await targets(session, audience)
    nudged: list[str] = []
    for chat in groups:
        if chat.unit_id not in missing or chat.unit is None:
            continue
        values = {
            "id": ann.id,
            "unit": chat.unit.code,
            "title": meeting.title,
            "when": timeparse.format_when(meeting.starts_at, env.tz),
        }
        if meeting.rsvp_deadline is not None:
            values["deadline"] = timeparse.format_when(meeting.rsvp_deadline, env.tz)
            body = text("vi", "reminder.nudge", **values)
        else:
            body = text("vi", "reminder.nudge_open", **values)
        await queries.enqueue(
            session,
            chat_id=chat.id,
            payload=payload(body),
            purpose=PURPOSE,
            announcement_id=ann.id,
            dedupe_key=f"{key}:chat:{chat.id}",
            now=env.clock.now(),
        )
        if chat.unit.code not in nudged:
            nudged.append(chat.unit.code)
    return sorted(nudged)


async def remind_now(ctx: Ctx, req: Request) -> Reply:
    """`/nhacnho 12`: remind the units that have not answered, now."""
    if not req.args.strip():
        raise FormError("remind.usage")
    ann_id = parse_announcement_code(req.args.split("|")[0])
    ann = await queries.announcement(ctx.session, ann_id)
    meeting = await queries.meeting(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    if ann.kind == AnnouncementKind.PAPER_CALL:
        return await remind_papers_now(ctx, req, ann)
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


def _round(left: timedelta) -> timedelta:
    """Whole minutes, and whole hours when close to one (`còn 2 giờ`, not `còn 1 giờ 59 phút`)."""
    minutes = max(1, round(left.total_seconds() / 60))
    hours = round(minutes / 60)
    if hours >= 1 and abs(minutes - hours * 60) <= 5:
        minutes = hours * 60
    return timedelta(minutes=minutes)


# --- paper calls ---------------------------------------------------------------------------


async def arm_paper_call(
    env: Env, session: AsyncSession, ann_id: int, after_commit: list[Callable[[], None]]
) -> None:
    """(Re)create a paper call's reminders: the offsets before the deadline, 08:00 on the
    deadline day, and the summary for the organisers at the deadline."""
    call = await queries.paper_call(session, ann_id)
    ann = await queries.announcement(session, ann_id)
    if call is None or ann is None:
        return
    for old in await queries.cancel_schedules(session, ann_id, kind=ScheduleKind.REMINDER):
        after_commit.append(lambda t=old: env.timers.disarm(t))
    now = env.clock.now()
    earliest = max(now, ann.send_at) if ann.send_at else now
    wanted: list[tuple[str, datetime]] = [
        (f"{PAPERS_BEFORE}{minutes}", call.deadline - timedelta(minutes=minutes))
        for minutes in call.reminders
    ]
    if call.deadline_day_reminder:
        local = call.deadline.astimezone(env.tz)
        morning = local.replace(hour=8, minute=0, second=0, microsecond=0)
        if morning < local:
            wanted.append((DEADLINE_DAY, morning.astimezone(UTC)))
    wanted.append((SUMMARY, call.deadline))
    for note, run_at in wanted:
        if run_at <= earliest:
            continue
        timer = ScheduledSend(
            announcement_id=ann_id,
            kind=ScheduleKind.REMINDER,
            run_at=run_at,
            status=ScheduleStatus.PENDING,
            note=note,
        )
        session.add(timer)
        await session.flush()
        timer_id, at = timer.id, timer.run_at
        after_commit.append(lambda t=timer_id, a=at: env.timers.arm(t, a))


async def _fire_paper(
    env: Env, session: AsyncSession, ann: Announcement, timer: ScheduledSend, now: datetime
) -> None:
    call = await queries.paper_call(session, ann.id)
    reason = None
    if call is None:
        reason = "no such paper call"
    elif ann.status not in (AnnouncementStatus.SENDING, AnnouncementStatus.SENT):
        reason = f"announcement is {ann.status.value}"
    elif timer.note != SUMMARY and call.deadline <= now:
        reason = "the deadline has passed"
    if reason or call is None:
        timer.status = ScheduleStatus.DROPPED
        log.info("reminder %s of #%s dropped: %s", timer.id, ann.id, reason)
        return
    if timer.note == SUMMARY:
        await _paper_summary(env, session, ann, call, f"reminder:{timer.id}")
    else:
        await remind_missing_papers(env, session, ann, call, f"reminder:{timer.id}")


async def missing_papers(
    session: AsyncSession, ann: Announcement, call: PaperCall
) -> dict[int, int]:
    """Units of the audience still short of papers → how many they have."""
    counts = await queries.current_submission_counts(session, ann.id)
    return {
        unit_id: counts.get(unit_id, 0)
        for unit_id in await announcement_unit_ids(session, ann)
        if counts.get(unit_id, 0) < call.per_unit
    }


async def remind_missing_papers(
    env: Env, session: AsyncSession, ann: Announcement, call: PaperCall, key: str
) -> list[str]:
    """Remind only the units that have not submitted enough (their groups and, with `riêng`,
    their members' private chats), saying what is missing; returns their unit codes."""
    from handlers.sending import targets

    missing = await missing_papers(session, ann, call)
    groups, private = await targets(session, Audience.from_json(ann.audience))
    left = timeparse.format_duration(_round(call.deadline - env.clock.now()))
    deadline = timeparse.format_when(call.deadline, env.tz)
    # after the deadline (only `/nhacnho` sends then) late papers are still taken
    wording = "papers.reminder" if call.deadline > env.clock.now() else "papers.reminder_overdue"
    reminded: set[str] = set()
    for chat in groups:
        if chat.unit is None or chat.unit_id not in missing:
            continue
        body = text(
            "vi",
            wording,
            id=ann.id,
            topic=call.topic,
            unit=chat.unit.code,
            have=missing[chat.unit_id],
            need=call.per_unit,
            deadline=deadline,
            left=left,
        )
        await queries.enqueue(
            session,
            chat_id=chat.id,
            payload=payload(body),
            purpose=PURPOSE,
            announcement_id=ann.id,
            dedupe_key=f"{key}:chat:{chat.id}",
            now=env.clock.now(),
        )
        reminded.add(chat.unit.code)
    if private:
        units = await queries.units_by_ids(session, set(missing))
        for chat in private:
            person = await queries.person_with_private_chat(session, chat.id)
            if person is None or person.unit_id not in missing:
                continue
            unit = units.get(person.unit_id)
            body = text(
                "vi",
                wording,
                id=ann.id,
                topic=call.topic,
                unit=unit.code if unit else "",
                have=missing[person.unit_id],
                need=call.per_unit,
                deadline=deadline,
                left=left,
            )
            await queries.enqueue(
                session,
                chat_id=chat.id,
                payload=payload(body),
                purpose=PURPOSE,
                announcement_id=ann.id,
                dedupe_key=f"{key}:chat:{chat.id}",
                now=env.clock.now(),
            )
            if unit is not None:
                reminded.add(unit.code)
    return sorted(reminded)


async def _paper_summary(
    env: Env, session: AsyncSession, ann: Announcement, call: PaperCall, key: str
) -> None:
    """At the deadline: who submitted and who is late, to every organiser privately."""
    missing = await missing_papers(session, ann, call)
    audience = await announcement_unit_ids(session, ann)
    units = await queries.units_by_ids(session, audience)
    late = sorted(units[u].code for u in missing if u in units)
    for person in await queries.organisers(session, env.admins):
        if person.private_chat_id is None:
            continue
        lang = person.language  # a private message: in the organiser's language
        body = text(
            lang,
            "papers.summary",
            id=ann.id,
            topic=call.topic,
            done=len(audience) - len(missing),
            total=len(audience),
            missing=", ".join(late) if late else text(lang, "papers.summary_none"),
        )
        await queries.enqueue(
            session,
            chat_id=person.private_chat_id,
            payload=payload(body),
            purpose="summary",
            announcement_id=ann.id,
            dedupe_key=f"{key}:person:{person.id}",
            now=env.clock.now(),
        )


async def remind_papers_now(ctx: Ctx, req: Request, ann: Announcement) -> Reply:
    """`/nhacnho 7` on a paper call: remind the units still short of papers, now — after the
    deadline too, since late papers are still taken. Keyed by the command's message, so a
    redelivered update reminds once and a second `/nhacnho` reminds again."""
    call = await queries.paper_call(ctx.session, ann.id)
    if call is None:
        raise FormError("error.no_announcement", id=ann.id)
    if ann.status == AnnouncementStatus.CANCELLED:
        raise FormError("remind.papers_cancelled", id=ann.id)
    if ann.status not in (AnnouncementStatus.SENDING, AnnouncementStatus.SENT):
        raise FormError("remind.papers_not_sent", id=ann.id)
    missing = await missing_papers(ctx.session, ann, call)
    if not missing:
        return Reply(ctx.t("remind.papers_nobody", id=ann.id))
    stamp = f"msg:{ctx.chat.id}:{req.message_id}" if req.message_id else ctx.now.isoformat()
    reminded = await remind_missing_papers(
        ctx.env, ctx.session, ann, call, f"remind:{ann.id}:{stamp}"
    )
    units = await queries.units_by_ids(ctx.session, missing)
    unreached = sorted(u.code for u in units.values() if u.code not in reminded)
    queries.audit(
        ctx.session, ctx.now, ctx.person.id, "papers.remind", f"#{ann.id}", units=reminded
    )
    lines: list[str] = []
    if reminded:
        ctx.after_commit.append(ctx.env.wake_delivery)
        lines.append(
            ctx.t("remind.papers_done", id=ann.id, count=len(reminded), units=", ".join(reminded))
        )
    if unreached:
        lines.append(ctx.t("remind.papers_unreached", units=", ".join(unreached)))
    return Reply("\n".join(lines))
