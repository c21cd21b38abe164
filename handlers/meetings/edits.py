"""Changing a meeting after it was announced: `/sua` edits its fields, `/huy` cancels it.

A change is one unit of work: the meeting's fields and `sequence` (so calendar files update the
event instead of adding one), every card already out edited in place, one short notice to each
chat that saw the invitation (old → new), and the reminders re-armed from the new time. An
invitation that is only scheduled has reached nobody: it is simply updated and leaves as changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import (
    Audience,
    FormError,
    fold,
    is_now,
    parse_announcement_code,
    parse_audience,
    split_form,
)
from handlers.meetings.invitation import CONTINUED, LIMITS, MEETING_KEYS, refresh_cards
from handlers.meetings.official import (
    OFFICIAL_TEXT,
    closes_text,
    official_text,
    over_quota_warning,
    quota_text,
    read_closes,
    read_quota,
    short_notice_warning,
)
from handlers.meetings.reminders import arm_meeting
from handlers.notices.audience import announcement_unit_ids, check_audience, targets
from handlers.notices.cards import payload
from handlers.notices.reminding import read_reminders
from handlers.notices.sending import dispatch, read_time
from handlers.texts import Safe, text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Meeting,
    OutboxStatus,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
)

CLEAR_WORDS = {"khong", "bo", "xoa", "none", "-"}
REQUIRED = ("title", "starts", "venue")
OPTIONAL_TEXT = ("basis", "composition", "notes")
BEFORE_SEND_ONLY = ("send_at", "audience")
# the order in which changes are listed; the audience hears of the first eight
FIELDS = (
    "title",
    "starts",
    "ends",
    "venue",
    "doc_number",
    "chair",
    "basis",
    "composition",
    "notes",
    "requirements",
    "quota",
    "contact",
    "deadline",
    "closes",
    "reminders",
    "send_at",
    "audience",
)
SEEN_BY_AUDIENCE = frozenset(FIELDS) - {"reminders", "send_at", "audience"}
TIMING = frozenset({"starts", "deadline", "reminders", "send_at"})
KNOWN_KEYS = (
    "tiêu đề, thời gian, địa điểm, căn cứ, thành phần, ghi chú, kết thúc, hạn xác nhận, nhắc, "
    "gửi lúc, đối tượng, số hiệu, chủ trì, liên hệ, yêu cầu, số đại biểu, sau hạn"
)
SHOWN = 200  # characters of a long old/new value shown in a change line
ANNOUNCED = (AnnouncementStatus.SENDING, AnnouncementStatus.SENT)
OUT = (OutboxStatus.SENT, OutboxStatus.SENDING)
CHANGE_PURPOSE = "change"
CANCEL_PURPOSE = "cancel"

Value = str | datetime | list[int] | Audience | dict[str, Any] | bool | None


@dataclass(frozen=True)
class Change:
    """One field that changed, with its old and new value."""

    field: str
    old: Value
    new: Value


# --- /sua ------------------------------------------------------------------------------------


async def edit(ctx: Ctx, req: Request) -> Reply:
    """`/sua 12` then `key: value` lines (or one on the first line): change a meeting."""
    ann_id, options = _read_form(req.args)
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    meeting = await queries.meeting(ctx.session, ann.id)
    refusal = _refusal(ctx, ann, meeting)
    if refusal is not None:
        return Reply(refusal)
    assert meeting is not None
    if not options:
        raise FormError("edit.missing_changes", id=ann.id)
    wanted = await _read_values(ctx, ann, meeting, options)
    changes = _apply(ann, meeting, wanted)
    if not changes:
        raise FormError("edit.nothing_changed", id=ann.id)
    meeting.sequence += 1
    meeting.updated_at = ctx.now
    changed = {c.field for c in changes}
    tail: list[str] = []
    if ann.status == AnnouncementStatus.SCHEDULED:
        tail.append(await _update_unsent(ctx, ann, changed))
    else:
        tail.append(await _tell_audience(ctx, ann, meeting, changes))
    if changed & TIMING:
        await arm_meeting(ctx.env, ctx.session, ann.id, ctx.after_commit)
        tail.append(ctx.t("edit.reminders_rearmed"))
    if changed & {"starts", "send_at"}:
        # a scheduled invitation leaves at its time; one already out hears of the change now
        sent = ann.send_at if ann.status == AnnouncementStatus.SCHEDULED else None
        tail.append(short_notice_warning(ctx, meeting.starts_at, sent, lead=""))
    if "quota" in changed:
        tail.append(await over_quota_warning(ctx, meeting))
    ctx.after_commit.append(ctx.env.wake_delivery)
    queries.audit(
        ctx.session,
        ctx.now,
        ctx.person.id,
        "meeting.edit",
        f"#{ann.id}",
        fields=[c.field for c in changes],
        sequence=meeting.sequence,
    )
    lines = _change_lines(ctx, ctx.lang, changes)
    return Reply(
        ctx.t("edit.done", id=ann.id, changes=Safe("\n".join(lines)))
        + "\n"
        + "\n".join(line for line in tail if line)
    )


def _read_form(args: str) -> tuple[int, dict[str, str]]:
    """The code and the `key: value` options; any other line is explained, not ignored."""
    body = args.replace("\r\n", "\n").replace("\r", "\n")
    first, _, rest = body.partition("\n")
    words = first.strip().split(maxsplit=1)
    if not words:
        raise FormError("edit.usage")
    ann_id = parse_announcement_code(words[0])
    inline = words[1].strip().lstrip("|").strip() if len(words) > 1 else ""
    form = split_form("\n".join(["", inline, rest]), MEETING_KEYS, CONTINUED)
    extra = next((line for line in form.body if line.strip()), None)
    if extra is not None:
        raise FormError(
            "notice.unknown_field", field=extra.split(":", 1)[0].strip()[:40], known=KNOWN_KEYS
        )
    return ann_id, form.options


def _refusal(ctx: Ctx, ann: Announcement, meeting: Meeting | None) -> str | None:
    """Why this announcement cannot be edited now, or None when it can."""
    if ann.kind != AnnouncementKind.MEETING or meeting is None:
        return ctx.t("edit.not_meeting", id=ann.id)
    if ann.status == AnnouncementStatus.CANCELLED:
        return ctx.t("edit.cancelled", id=ann.id)
    if ann.status == AnnouncementStatus.DRAFT:
        return ctx.t("edit.draft", id=ann.id)
    if meeting.starts_at <= ctx.now:
        when = timeparse.format_when(meeting.starts_at, ctx.env.tz, ctx.lang)
        return ctx.t("edit.started", id=ann.id, when=when)
    return None


def _label(lang: str, field: str) -> str:
    return text(lang, f"edit.field.{field}")


def _clears(value: str) -> bool:
    return fold(value) in CLEAR_WORDS


def _text_value(ctx: Ctx, field: str, value: str) -> str | None:
    """A text field: limited like /hop; `không` removes an optional one."""
    if field in OPTIONAL_TEXT and _clears(value):
        return None
    if field in REQUIRED and _clears(value):
        raise FormError("edit.required", field=_label(ctx.lang, field))
    cleaned = value.strip() if field == "notes" else " ".join(value.split())
    if len(cleaned) > LIMITS[field]:
        raise FormError("meeting.too_long", field=_label(ctx.lang, field), limit=LIMITS[field])
    return cleaned


async def _read_values(
    ctx: Ctx, ann: Announcement, meeting: Meeting, options: dict[str, str]
) -> dict[str, Value]:
    """Read every given field, then check the whole meeting still holds together."""
    tz = ctx.env.tz
    for field, value in options.items():
        if not value.strip():
            raise FormError("edit.empty_value", field=_label(ctx.lang, field))
        if field in BEFORE_SEND_ONLY and ann.status != AnnouncementStatus.SCHEDULED:
            raise FormError("edit.only_before_send", field=_label(ctx.lang, field), id=ann.id)
    wanted: dict[str, Value] = {}
    for field in ("title", "venue", *OPTIONAL_TEXT):
        if field in options:
            wanted[field] = _text_value(ctx, field, options[field])
    if "starts" in options:
        if _clears(options["starts"]):
            raise FormError("edit.required", field=_label(ctx.lang, "starts"))
        wanted["starts"] = read_time(ctx, options["starts"])
    starts = wanted.get("starts", meeting.starts_at)
    assert isinstance(starts, datetime)
    if "ends" in options:
        wanted["ends"] = _read_end(ctx, options["ends"], starts)
    elif "starts" in wanted and meeting.ends_at is not None:
        wanted["ends"] = meeting.ends_at + (starts - meeting.starts_at)  # keep the duration
    ends = wanted.get("ends", meeting.ends_at)
    if isinstance(ends, datetime) and ends <= starts:
        raise FormError(
            "meeting.end_before_start",
            end=timeparse.format_when(ends, tz, ctx.lang),
            start=timeparse.format_when(starts, tz, ctx.lang),
        )
    if "deadline" in options:
        value = options["deadline"]
        wanted["deadline"] = None if _clears(value) else read_time(ctx, value)
    deadline = wanted.get("deadline", meeting.rsvp_deadline)
    if isinstance(deadline, datetime) and deadline >= starts:
        raise FormError(
            "meeting.deadline_after_start",
            deadline=timeparse.format_when(deadline, tz, ctx.lang),
            start=timeparse.format_when(starts, tz, ctx.lang),
        )
    if "reminders" in options:
        wanted["reminders"] = read_reminders(options["reminders"])
    if "send_at" in options:
        value = options["send_at"]
        wanted["send_at"] = None if is_now(value) else read_time(ctx, value)
    send_at = wanted.get("send_at", ann.send_at)
    if isinstance(send_at, datetime) and send_at >= starts:
        raise FormError(
            "meeting.send_after_start",
            send=timeparse.format_when(send_at, tz, ctx.lang),
            start=timeparse.format_when(starts, tz, ctx.lang),
        )
    if "audience" in options:
        audience = parse_audience(options["audience"])
        await check_audience(ctx, audience)
        groups, private = await targets(ctx.session, audience)
        if not groups and not private:
            raise FormError("notice.no_targets", audience=audience.describe(ctx.lang))
        wanted["audience"] = audience
    await _read_official(ctx, ann, meeting, options, wanted)
    return wanted


async def _read_official(
    ctx: Ctx, ann: Announcement, meeting: Meeting, options: dict[str, str], wanted: dict[str, Value]
) -> None:
    """`số hiệu:`, `chủ trì:`, `liên hệ:`, `yêu cầu:`, `số đại biểu:`, `sau hạn:`, read as /hop
    reads them; `không` removes a text or the quota. `sau hạn: đóng` needs a deadline."""
    for field in OFFICIAL_TEXT:
        if field in options:
            value = options[field]
            wanted[field] = None if _clears(value) else official_text(ctx, field, value)
    if "quota" in options:
        audience = wanted.get("audience")
        invited = None
        if not isinstance(audience, Audience):
            audience = Audience.from_json(ann.audience)
            invited = await announcement_unit_ids(ctx.session, ann)
        wanted["quota"] = await read_quota(ctx, options["quota"], audience, invited)
    if "closes" in options:
        wanted["closes"] = read_closes(options["closes"])
    closes = wanted.get("closes", bool(meeting.closes_at_deadline))
    if closes and wanted.get("deadline", meeting.rsvp_deadline) is None:
        raise FormError("invitation.closes_needs_deadline")


def _read_end(ctx: Ctx, value: str, starts: datetime) -> datetime | None:
    """`kết thúc: 11h30` means 11:30 on the meeting's day, as in /hop; `không` removes it."""
    if _clears(value):
        return None
    try:
        # read from the start, so `7h` is 07:00 that day and refused as before the start
        return timeparse.parse_when(value, starts, ctx.env.tz, allow_past=True)
    except timeparse.TimeParseError:
        return read_time(ctx, value)


def _current(ann: Announcement, meeting: Meeting) -> dict[str, Value]:
    return {
        "title": meeting.title,
        "starts": meeting.starts_at,
        "ends": meeting.ends_at,
        "venue": meeting.venue,
        "basis": meeting.basis,
        "composition": meeting.composition,
        "notes": meeting.notes,
        "deadline": meeting.rsvp_deadline,
        "doc_number": meeting.doc_number,
        "chair": meeting.chair,
        "contact": meeting.contact,
        "requirements": meeting.requirements,
        "quota": meeting.delegate_quota or None,
        "closes": bool(meeting.closes_at_deadline),
        "reminders": list(meeting.reminders),
        "send_at": ann.send_at,
        "audience": Audience.from_json(ann.audience),
    }


def _apply(ann: Announcement, meeting: Meeting, wanted: dict[str, Value]) -> list[Change]:
    """Set what differs from the meeting as it is; moving the send timer is the caller's."""
    current = _current(ann, meeting)
    changes = [
        Change(field, current[field], wanted[field])
        for field in FIELDS
        if field in wanted and wanted[field] != current[field]
    ]
    for change in changes:
        new = change.new
        match change.field:
            case "title":
                meeting.title = ann.text = str(new)
            case "starts":
                assert isinstance(new, datetime)
                meeting.starts_at = new
            case "ends":
                meeting.ends_at = new if isinstance(new, datetime) else None
            case "venue":
                meeting.venue = str(new)
            case "basis":
                meeting.basis = new if isinstance(new, str) else None
            case "composition":
                meeting.composition = new if isinstance(new, str) else None
            case "notes":
                meeting.notes = new if isinstance(new, str) else None
            case "deadline":
                meeting.rsvp_deadline = new if isinstance(new, datetime) else None
            case "doc_number":
                meeting.doc_number = new if isinstance(new, str) else None
            case "chair":
                meeting.chair = new if isinstance(new, str) else None
            case "contact":
                meeting.contact = new if isinstance(new, str) else None
            case "requirements":
                meeting.requirements = new if isinstance(new, str) else None
            case "quota":
                meeting.delegate_quota = dict(new) if isinstance(new, dict) else None
            case "closes":
                meeting.closes_at_deadline = bool(new)
            case "reminders":
                meeting.reminders = list(new) if isinstance(new, list) else []
            case "send_at":
                ann.send_at = new if isinstance(new, datetime) else None  # None: send now
            case "audience":
                assert isinstance(new, Audience)
                ann.audience = new.to_json()
                ann.audience_text = new.describe()
    return changes


async def _update_unsent(ctx: Ctx, ann: Announcement, changed: set[str]) -> str:
    """A scheduled invitation reached nobody: move its send timer, or send it now."""
    if "send_at" in changed:
        for old in await queries.cancel_schedules(ctx.session, ann.id, kind=ScheduleKind.SEND):
            ctx.after_commit.append(lambda t=old: ctx.env.timers.disarm(t))
        if ann.send_at is None:  # `gửi lúc: ngay`
            await dispatch(ctx.env, ctx.session, ann)
            return ctx.t("edit.sending_now")
        timer = ScheduledSend(
            announcement_id=ann.id,
            kind=ScheduleKind.SEND,
            run_at=ann.send_at,
            status=ScheduleStatus.PENDING,
        )
        ctx.session.add(timer)
        await ctx.session.flush()
        timer_id, run_at = timer.id, timer.run_at
        ctx.after_commit.append(lambda: ctx.env.timers.arm(timer_id, run_at))
    when = timeparse.format_when(ann.send_at, ctx.env.tz, ctx.lang) if ann.send_at else ""
    return ctx.t("edit.scheduled", when=when)


async def _tell_audience(
    ctx: Ctx, ann: Announcement, meeting: Meeting, changes: list[Change]
) -> str:
    """Edit every card in place and send one change notice to each chat that saw the card."""
    rows = await queries.sent_rows(ctx.session, ann.id)
    cards = sum(1 for r in rows if r.payload.get("card") and r.status in OUT)
    await refresh_cards(ctx.env, ctx.session, ann)
    seen = [c for c in changes if c.field in SEEN_BY_AUDIENCE]
    chats = await queries.announcement_chat_ids(ctx.session, ann.id)
    if not chats:
        return ctx.t("edit.not_out_yet")
    if not seen:
        return ctx.t("edit.cards_only", cards=cards)
    body = text(
        "vi",
        "edit.notice",
        id=ann.id,
        title=meeting.title,
        changes=Safe("\n".join(_change_lines(ctx, "vi", seen))),
    )
    for chat_id in chats:
        await queries.enqueue(
            ctx.session,
            chat_id=chat_id,
            payload=payload(body),
            purpose=CHANGE_PURPOSE,
            announcement_id=ann.id,
            dedupe_key=f"change:{ann.id}:{meeting.sequence}:chat:{chat_id}",
            now=ctx.now,
        )
    return ctx.t("edit.cards_updated", cards=cards, chats=len(chats))


def _change_lines(ctx: Ctx, lang: str, changes: list[Change]) -> list[str]:
    return [
        text(
            lang,
            "edit.change_line",
            field=_label(lang, c.field),
            old=_show(lang, ctx, c.field, c.old),
            new=_show(lang, ctx, c.field, c.new),
        )
        for c in changes
    ]


def _show(lang: str, ctx: Ctx, field: str, value: Value) -> str:
    """A value as people read it: times spelled out, long texts shortened."""
    if value is None and field == "send_at":
        return text(lang, "edit.send_now")
    if field == "quota":
        shown = quota_text(value, lang) if isinstance(value, dict) else ""
        return shown or text(lang, "invitation.no_quota")
    if field == "closes":
        return closes_text(bool(value), lang)
    if value is None or value == "":
        return text(lang, "edit.no_value")
    if isinstance(value, datetime):
        return timeparse.format_when(value, ctx.env.tz, lang)
    if isinstance(value, Audience):
        return value.describe(lang)
    if isinstance(value, list):
        return ", ".join(
            text(
                lang,
                "meeting.reminder_before",
                duration=timeparse.format_duration(timedelta(minutes=m), lang),
            )
            for m in value
        ) or text(lang, "meeting.no_reminders")
    shown = " ".join(str(value).split())
    return shown if len(shown) <= SHOWN else shown[: SHOWN - 1].rstrip() + "…"


# --- /huy for meetings -----------------------------------------------------------------------


async def cancel_meeting(ctx: Ctx, ann: Announcement, reason: str) -> Reply:
    """`/huy 12 | lý do` on a meeting: cards marked `ĐÃ HUỶ` without buttons, a cancellation
    notice to every chat that saw it, every timer and unsent message dropped."""
    meeting = await queries.meeting(ctx.session, ann.id)
    if meeting is None:
        raise FormError("error.no_announcement", id=ann.id)
    when = timeparse.format_when(meeting.starts_at, ctx.env.tz, ctx.lang)
    announced = ann.status in ANNOUNCED
    if announced and meeting.starts_at <= ctx.now:
        return Reply(ctx.t("cancel.meeting_started", id=ann.id, when=when))
    ann.status = AnnouncementStatus.CANCELLED
    ann.cancelled_at = ctx.now
    ann.cancel_reason = reason or None
    meeting.sequence += 1
    meeting.updated_at = ctx.now
    for timer_id in await queries.cancel_schedules(ctx.session, ann.id):
        ctx.after_commit.append(lambda t=timer_id: ctx.env.timers.disarm(t))
    cards, chats = 0, []
    if announced:
        rows = await queries.sent_rows(ctx.session, ann.id)
        cards = sum(1 for r in rows if r.payload.get("card") and r.status in OUT)
        # cards first: a pending edit is rewritten to the cancelled card, then everything else
        # still waiting (unsent cards, reminders, change notices) is dropped, but not the edits
        await refresh_cards(ctx.env, ctx.session, ann)
        await queries.cancel_pending_outbox_except_card_edits(ctx.session, ann.id)
        chats = await queries.announcement_chat_ids(ctx.session, ann.id)
        await _notify_cancelled(ctx, ann, meeting, reason, chats)
        ctx.after_commit.append(ctx.env.wake_delivery)
    else:
        await queries.cancel_pending_outbox(ctx.session, ann.id)
    queries.audit(
        ctx.session, ctx.now, ctx.person.id, "meeting.cancel", f"#{ann.id}", reason=reason
    )
    because = ctx.t("cancel.reason", reason=reason) if reason else ""
    if not chats:
        return Reply(ctx.t("cancel.meeting_unsent", id=ann.id, title=meeting.title, reason=because))
    return Reply(
        ctx.t(
            "cancel.meeting_done",
            id=ann.id,
            title=meeting.title,
            reason=because,
            cards=cards,
            chats=len(chats),
        )
    )


async def _notify_cancelled(
    ctx: Ctx, ann: Announcement, meeting: Meeting, reason: str, chats: list[int]
) -> None:
    because = text("vi", "cancel.reason", reason=reason) if reason else ""
    body = text(
        "vi",
        "cancel.meeting_notice",
        id=ann.id,
        title=meeting.title,
        when=timeparse.format_when(meeting.starts_at, ctx.env.tz),
        reason=because,
    )
    for chat_id in chats:
        await queries.enqueue(
            ctx.session,
            chat_id=chat_id,
            payload=payload(body),
            purpose=CANCEL_PURPOSE,
            announcement_id=ann.id,
            dedupe_key=f"cancel:{ann.id}:chat:{chat_id}",
            now=ctx.now,
        )
