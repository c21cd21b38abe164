"""`/giahan 12 HP | 17h 16/6` (`/extend`): one unit's own deadline for a meeting's answers or a
paper call's papers (PRODUCT §14).

One school always needs two more days. Rather than move the deadline for everyone, the
organiser gives that unit its own (`unit_deadlines`): its answers and papers are judged against
it (`handlers.deadlines`), its reminders are counted from it, the unit is told, and
`/tinhhinh` shows it as `hạn riêng`. `/giahan 12 HP` alone says the unit's current deadline.
"""

from __future__ import annotations

from datetime import datetime

from handlers import deadlines, timeparse
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import Audience, FormError, parse_announcement_code, parse_unit_code
from handlers.meetings import reminders as meeting_reminders
from handlers.notices.audience import announcement_unit_ids, chats_of_units
from handlers.notices.cards import payload
from handlers.notices.sending import read_time
from handlers.papers import reminders as paper_reminders
from handlers.texts import announcement_name, text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Unit,
    UnitDeadline,
)

PURPOSE = "deadline"


async def extend(ctx: Ctx, req: Request) -> Reply:
    """`/giahan <số> <mã đơn vị> | <thời điểm>`; without the time, the unit's deadline now."""
    head, bar, when_text = " ".join(req.args.split()).partition("|")
    words = head.split()
    if not words:
        raise FormError("extend.usage")
    ann_id = parse_announcement_code(words[0])
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    if ann.kind not in (AnnouncementKind.MEETING, AnnouncementKind.PAPER_CALL):
        raise FormError("extend.not_meeting", id=ann.id, name=_name(ctx, ann, capital=True))
    if ann.status == AnnouncementStatus.CANCELLED:
        raise FormError("extend.cancelled", id=ann.id, name=_name(ctx, ann, capital=True))
    if len(words) < 2:
        raise FormError("extend.no_unit", id=ann.id)
    if len(words) > 2:
        raise FormError("extend.one_unit", id=ann.id)
    unit = await _audience_unit(ctx, ann, words[1])
    general = await _general_deadline(ctx, ann)
    current = await deadlines.deadline_of(ctx.session, ann.id, unit.id, general)
    if not bar or not when_text.strip():
        return _current(ctx, ann, unit, current, general)
    when = read_time(ctx, when_text.strip())
    await _check_time(ctx, ann, when)
    await _store(ctx, ann, unit, when)
    told = await _tell_unit(ctx, ann, unit, when)
    queries.audit(
        ctx.session,
        ctx.now,
        ctx.person.id,
        "deadline.extend",
        f"#{ann.id}",
        unit=unit.code,
        deadline=when.isoformat(),
    )
    await _rearm(ctx, ann)
    reply = ctx.t(
        "extend.done",
        unit=unit.code,
        name=_name(ctx, ann),
        when=timeparse.format_when(when, ctx.env.tz, ctx.lang),
    )
    if ann.status in (AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED):
        reply += "\n" + ctx.t("extend.not_sent")
    else:
        reply += "\n" + (ctx.t("extend.told", count=told) if told else ctx.t("extend.not_told"))
    return Reply(reply)


def _name(ctx: Ctx, ann: Announcement, *, capital: bool = False) -> str:
    return announcement_name(ctx.lang, ann.kind, ann.id, capital=capital)


async def _audience_unit(ctx: Ctx, ann: Announcement, value: str) -> Unit:
    """The unit of `value`, one the announcement was (or is to be) sent to."""
    code = parse_unit_code(value)
    unit = await queries.unit_by_code(ctx.session, code)
    if unit is None or unit.removed_at is not None:
        known = ", ".join(u.code for u in await queries.active_units(ctx.session))
        raise FormError("error.unknown_unit", code=code, known=known or "—")
    audience = await announcement_unit_ids(ctx.session, ann)
    if unit.id not in audience:
        units = await queries.units_by_ids(ctx.session, audience)
        known = ", ".join(sorted(u.code for u in units.values()))
        raise FormError(
            "extend.not_in_audience", code=unit.code, name=_name(ctx, ann), known=known or "—"
        )
    return unit


async def _general_deadline(ctx: Ctx, ann: Announcement) -> datetime:
    """The meeting's `hạn xác nhận` or the call's `hạn nộp`; a meeting without one has no
    deadline to move."""
    if ann.kind == AnnouncementKind.PAPER_CALL:
        call = await queries.paper_call(ctx.session, ann.id)
        if call is None:
            raise FormError("error.no_announcement", id=ann.id)
        return call.deadline
    meeting = await queries.meeting(ctx.session, ann.id)
    if meeting is None:
        raise FormError("error.no_announcement", id=ann.id)
    if meeting.rsvp_deadline is None:
        raise FormError("extend.no_deadline", id=ann.id)
    return meeting.rsvp_deadline


async def _check_time(ctx: Ctx, ann: Announcement, when: datetime) -> None:
    """A meeting's answers cannot be taken past its start (`read_time` refused the past)."""
    if ann.kind != AnnouncementKind.MEETING:
        return
    meeting = await queries.meeting(ctx.session, ann.id)
    if meeting is not None and when >= meeting.starts_at:
        raise FormError(
            "extend.after_start",
            id=ann.id,
            starts=timeparse.format_when(meeting.starts_at, ctx.env.tz, ctx.lang),
        )


def _current(
    ctx: Ctx, ann: Announcement, unit: Unit, current: datetime | None, general: datetime
) -> Reply:
    when = timeparse.format_when(current, ctx.env.tz, ctx.lang) if current else "—"
    key = "extend.current_own" if current != general else "extend.current_general"
    return Reply(ctx.t(key, unit=unit.code, name=_name(ctx, ann), when=when, id=ann.id))


async def _store(ctx: Ctx, ann: Announcement, unit: Unit, when: datetime) -> None:
    row = await ctx.session.get(UnitDeadline, (ann.id, unit.id))
    if row is None:
        row = UnitDeadline(announcement_id=ann.id, unit_id=unit.id, deadline=when, set_at=ctx.now)
        ctx.session.add(row)
    row.deadline = when
    row.set_by_id = ctx.person.id
    row.set_at = ctx.now
    await ctx.session.flush()


async def _tell_unit(ctx: Ctx, ann: Announcement, unit: Unit, when: datetime) -> int:
    """`📅 Ban tổ chức đã gia hạn cho HP: …` to the unit's groups and its members' private
    chats in the audience (Zalo members always), through the outbox; returns how many chats.
    Groups read Vietnamese."""
    if ann.status in (AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED):
        return 0  # nothing went out yet: the card will carry the deadline
    what = await _what(ctx, ann)
    body = text(
        "vi",
        "extend.notice",
        unit=unit.code,
        what=what,
        when=timeparse.format_when(when, ctx.env.tz),
    )
    chats = await chats_of_units(ctx.session, Audience.from_json(ann.audience), {unit.id})
    stamp = int(when.timestamp())
    told = 0
    for chat in {chat.id: chat for chat, _ in chats}.values():
        await queries.enqueue(
            ctx.session,
            chat_id=chat.id,
            payload=payload(body),
            purpose=PURPOSE,
            announcement_id=ann.id,
            dedupe_key=f"extend:{ann.id}:{unit.id}:{stamp}:chat:{chat.id}",
            now=ctx.now,
        )
        told += 1
    if told:
        ctx.after_commit.append(ctx.env.wake_delivery)
    return told


async def _what(ctx: Ctx, ann: Announcement) -> str:
    """`giấy mời #12 «Hội nghị …»` / `thư mời viết tham luận #7 «…»`, in Vietnamese."""
    if ann.kind == AnnouncementKind.PAPER_CALL:
        call = await queries.paper_call(ctx.session, ann.id)
        title = call.topic if call is not None else ""
    else:
        meeting = await queries.meeting(ctx.session, ann.id)
        title = meeting.title if meeting is not None else ""
    return text("vi", f"extend.what.{ann.kind.value}", id=ann.id, title=title)


async def _rearm(ctx: Ctx, ann: Announcement) -> None:
    """The reminders follow: every pending one is counted again, the unit's from its own
    deadline (once confirmed: a draft's are armed when it is sent or scheduled)."""
    if ann.status == AnnouncementStatus.DRAFT:
        return
    if ann.kind == AnnouncementKind.PAPER_CALL:
        await paper_reminders.arm_paper_call(ctx.env, ctx.session, ann.id, ctx.after_commit)
    else:
        await meeting_reminders.arm_meeting(ctx.env, ctx.session, ann.id, ctx.after_commit)
