"""Paper call reminders: before the deadline to the units that have not sent enough papers, on
the deadline day, and a summary to the organisers at the deadline. Timers live in
`scheduled_sends`; firing is idempotent."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import deadlines, timeparse
from handlers.context import Ctx
from handlers.core import Env, Reply, Request
from handlers.forms import Audience, FormError
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.cards import payload
from handlers.notices.reminding import PURPOSE, round_left, wording_for
from handlers.texts import text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementStatus,
    PaperCall,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
)

DEFAULT_PAPER_OFFSETS = (7 * 24 * 60, 3 * 24 * 60, 24 * 60)  # 7, 3 and 1 days before


DEADLINE_DAY = "papers:day"  # 08:00 on the deadline day


SUMMARY = "papers:summary"  # at the deadline, to the organisers


PAPERS_BEFORE = "papers:before:"


log = logging.getLogger(__name__)


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
    wanted = [(note, at, None) for note, at in _before(env, call, call.deadline)]
    wanted.append((SUMMARY, call.deadline, None))
    # a unit given its own deadline (`/giahan`) is reminded before its own
    for unit_id, own in (await deadlines.unit_deadlines(session, ann_id)).items():
        if own != call.deadline:
            wanted += [(note, at, unit_id) for note, at in _before(env, call, own)]
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


def _before(env: Env, call: PaperCall, deadline: datetime) -> list[tuple[str, datetime]]:
    """The reminders before `deadline`: the call's offsets and 08:00 on the deadline day."""
    wanted = [
        (f"{PAPERS_BEFORE}{minutes}", deadline - timedelta(minutes=minutes))
        for minutes in call.reminders
    ]
    if call.deadline_day_reminder:
        local = deadline.astimezone(env.tz)
        morning = local.replace(hour=8, minute=0, second=0, microsecond=0)
        if morning < local:
            wanted.append((DEADLINE_DAY, morning.astimezone(UTC)))
    return wanted


async def fire(
    env: Env, session: AsyncSession, ann: Announcement, timer: ScheduledSend, now: datetime
) -> None:
    """Send a claimed paper call reminder (or the summary at the deadline), if still useful."""
    call = await queries.paper_call(session, ann.id)
    deadline = None if call is None else call.deadline
    if call is not None and timer.unit_id is not None:
        deadline = await deadlines.deadline_of(session, ann.id, timer.unit_id, call.deadline)
    reason = None
    if call is None or deadline is None:
        reason = "no such paper call"
    elif ann.status not in (AnnouncementStatus.SENDING, AnnouncementStatus.SENT):
        reason = f"announcement is {ann.status.value}"
    elif timer.note != SUMMARY and deadline <= now:
        reason = "the deadline has passed"
    if reason or call is None:
        timer.status = ScheduleStatus.DROPPED
        log.info("reminder %s of #%s dropped: %s", timer.id, ann.id, reason)
        return
    if timer.note == SUMMARY:
        await _paper_summary(env, session, ann, call, f"reminder:{timer.id}")
    elif timer.unit_id is not None:  # the unit's own, from its own deadline
        key = f"reminder:{timer.id}:unit:{timer.unit_id}"
        await remind_missing_papers(env, session, ann, call, key, unit_id=timer.unit_id)
    else:  # the whole audience's, but for the units with a deadline of their own
        await remind_missing_papers(env, session, ann, call, f"reminder:{timer.id}", general=True)


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
    env: Env,
    session: AsyncSession,
    ann: Announcement,
    call: PaperCall,
    key: str,
    *,
    unit_id: int | None = None,
    general: bool = False,
) -> list[str]:
    """Remind only the units that have not submitted enough (their groups and their members'
    private chats in the audience: Zalo members always, Telegram ones with `riêng`), saying
    what is missing and each unit's own deadline; returns their unit codes. `unit_id`: that
    unit only; `general`: not the units whose deadline `/giahan` moved."""
    from handlers.notices.audience import chats_of_units

    missing = await missing_papers(session, ann, call)
    own = await deadlines.unit_deadlines(session, ann.id)
    if unit_id is not None:
        missing = {u: n for u, n in missing.items() if u == unit_id}
    elif general:
        missing = {u: n for u, n in missing.items() if own.get(u, call.deadline) == call.deadline}
    addressed = await chats_of_units(session, Audience.from_json(ann.audience), set(missing))
    now = env.clock.now()
    reminded: set[str] = set()
    for chat, unit in addressed:
        unit_deadline = own.get(unit.id, call.deadline)
        left = timeparse.format_duration(round_left(unit_deadline - now))
        deadline = timeparse.format_when(unit_deadline, env.tz)
        # after the deadline (only `/nhacnho` sends then) late papers are still taken
        wording = "papers.reminder" if unit_deadline > now else "papers.reminder_overdue"
        body = text(
            "vi",
            wording_for(wording, chat),
            id=ann.id,
            topic=call.topic,
            unit=unit.code,
            have=missing[unit.id],
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
        reminded.add(unit.code)
    return sorted(reminded)


async def _paper_summary(
    env: Env, session: AsyncSession, ann: Announcement, call: PaperCall, key: str
) -> None:
    """At the deadline: who submitted and who is late, to every organiser privately."""
    missing = await missing_papers(session, ann, call)
    audience = await announcement_unit_ids(session, ann)
    units = await queries.units_by_ids(session, audience)
    own = await deadlines.unit_deadlines(session, ann.id)
    extended = sorted(
        units[u].code for u in missing if u in units and own.get(u, call.deadline) > call.deadline
    )
    late = sorted(units[u].code for u in missing if u in units and units[u].code not in extended)
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
        if extended:  # their own deadline is still ahead
            body += text(lang, "deadlines.summary_extended", units=", ".join(extended))
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
