"""Meetings: `/hop` creates an invitation that attendees confirm; cards keep a live tally."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import timeparse
from handlers.context import Ctx, chat_label
from handlers.core import Env, FileRef, Reply, Request
from handlers.forms import Audience, FormError, is_now, parse_audience, split_form
from handlers.meetings.card import meeting_card, meeting_text, tally_line
from handlers.meetings.official import LIMITS as OFFICIAL_LIMITS
from handlers.meetings.official import OFFICIAL_KEYS, read_official, short_notice_warning
from handlers.meetings.reminders import DEFAULT_MEETING_OFFSETS
from handlers.notices.audience import check_audience, targets, unreached_line
from handlers.notices.cards import TELEGRAM_LIMIT, shown_len, utf16_len
from handlers.notices.delivery import refresh_card_rows
from handlers.notices.reminding import past_reminders_warning, read_reminders
from handlers.notices.sending import confirm, preview_buttons, preview_reply, read_time
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Meeting,
)

MEETING_KEYS = {
    "tieu de": "title",
    "thoi gian": "starts",
    "dia diem": "venue",
    "doi tuong": "audience",
    "can cu": "basis",
    "thanh phan": "composition",
    "ghi chu": "notes",
    "ket thuc": "ends",
    "han xac nhan": "deadline",
    "nhac": "reminders",
    "nhac nho": "reminders",
    "gui luc": "send_at",
    **OFFICIAL_KEYS,
}
CONTINUED = frozenset({"basis", "composition", "notes", "requirements"})
"""Free-text options whose value may go on over the following lines (see `split_form`)."""
LIMITS = {
    "title": 500,
    "venue": 500,
    "basis": 500,
    "composition": 1000,
    "notes": 2000,
    **OFFICIAL_LIMITS,
}
KNOWN_KEYS = (
    "căn cứ, thành phần, ghi chú, kết thúc, hạn xác nhận, nhắc, gửi lúc, số hiệu, chủ trì, "
    "liên hệ, yêu cầu, số đại biểu, sau hạn"
)
FILE_TYPES = {".pdf", ".doc", ".docx", ".odt"}
PREVIEW_GROUPS = 12
# one Telegram message, less room for the tally line to grow as answers come in
CARD_LIMIT = TELEGRAM_LIMIT - 64
CARD_FIELDS_NAMED = 3


def _limited(name: str, value: str, label: str) -> str:
    value = " ".join(value.split()) if name != "notes" else value.strip()
    if len(value) > LIMITS[name]:
        raise FormError("meeting.too_long", field=label, limit=LIMITS[name])
    return value


def check_card_fits(card: str, fields: dict[str, str], limit: int = CARD_LIMIT) -> None:
    """Fields each within their limits can still make a card longer than one message: refuse
    it before anything can be sent, saying by how much and which fields are the longest."""
    size = shown_len(card)
    if size <= limit:
        return
    longest = sorted(
        ((utf16_len(value), label) for label, value in fields.items() if value), reverse=True
    )[:CARD_FIELDS_NAMED]
    raise FormError(
        "meeting.card_too_long",
        length=size,
        limit=limit,
        excess=size - limit,
        fields=", ".join(f"«{label}» ({length})" for length, label in longest),
    )


def check_file(file: FileRef | None) -> None:
    if file is None:
        return
    name = file.name.lower()
    if not any(name.endswith(ext) for ext in FILE_TYPES):
        raise FormError("meeting.bad_file")


async def meeting(ctx: Ctx, req: Request) -> Reply:
    """`/hop tiêu đề | thời gian | địa điểm | đối tượng` with `key: value` lines → preview."""
    if not req.args.strip():
        raise FormError("meeting.usage")
    form = split_form(req.args, MEETING_KEYS, CONTINUED)
    if len(form.fields) > 4:
        raise FormError("meeting.too_many_fields")
    if len(form.fields) == 1 and not {"starts", "venue"} & form.options.keys():
        raise FormError("meeting.no_separator")
    if any(line.strip() for line in form.body):
        extra = next(line for line in form.body if line.strip())
        raise FormError(
            "notice.unknown_field",
            field=extra.split(":", 1)[0][:40],
            known=KNOWN_KEYS,
        )
    options = form.options
    title = _limited("title", form.get(0, "title"), ctx.t("edit.field.title"))
    if not title:
        raise FormError("meeting.missing_title")
    when_text = form.get(1, "starts")
    if not when_text:
        raise FormError("meeting.missing_time")
    venue = _limited("venue", form.get(2, "venue"), ctx.t("edit.field.venue"))
    if not venue:
        raise FormError("meeting.missing_venue")
    audience = parse_audience(form.get(3, "audience"))
    await check_audience(ctx, audience)
    values = await read_schedule(ctx, when_text, options)
    official = await read_official(ctx, options, audience, values["deadline"])
    check_file(req.file)
    groups, private = await targets(ctx.session, audience)
    if not groups and not private:
        raise FormError("notice.no_targets", audience=audience.describe(ctx.lang))
    ann = Announcement(
        kind=AnnouncementKind.MEETING,
        status=AnnouncementStatus.DRAFT,
        text=title,
        audience=audience.to_json(),
        audience_text=audience.describe(),
        send_at=values["send_at"],
        created_by_id=ctx.person.id,
        origin_chat_id=ctx.chat.id,
        created_at=ctx.now,
    )
    ctx.session.add(ann)
    await ctx.session.flush()
    record = Meeting(
        announcement_id=ann.id,
        title=title,
        starts_at=values["starts"],
        ends_at=values["ends"],
        venue=venue,
        basis=_limited("basis", options.get("basis", ""), ctx.t("edit.field.basis")) or None,
        composition=_limited(
            "composition", options.get("composition", ""), ctx.t("edit.field.composition")
        )
        or None,
        notes=_limited("notes", options.get("notes", ""), ctx.t("edit.field.notes")) or None,
        rsvp_deadline=values["deadline"],
        reminders=values["reminders"],
        file_id=req.file.file_id if req.file else None,
        file_name=req.file.name if req.file else None,
        sequence=0,
        updated_at=ctx.now,
        **official,
    )
    ctx.session.add(record)
    await ctx.session.flush()
    check_card_fits(
        meeting_text(ann, record, ctx.env.tz, await tally_line(ctx.session, ann, ctx.lang)),
        {
            "tiêu đề": record.title,
            "địa điểm": record.venue,
            "căn cứ": record.basis or "",
            "thành phần": record.composition or "",
            "ghi chú": record.notes or "",
            "số hiệu": record.doc_number or "",
            "chủ trì": record.chair or "",
            "yêu cầu": record.requirements or "",
            "liên hệ": record.contact or "",
        },
    )
    queries.audit(ctx.session, ctx.now, ctx.person.id, "meeting.create", f"#{ann.id}")
    if form.confirmed:  # no preview to warn in: the answer carries the warning instead
        reply = await confirm(ctx, ann, schedule=ann.send_at is not None)
        reply.text += short_notice_warning(ctx, record.starts_at, ann.send_at)
        return reply
    preview = await _preview(ctx, ann, record, groups, len(private))
    preview += await unreached_line(ctx, audience, groups, private)
    preview += short_notice_warning(ctx, record.starts_at, ann.send_at)
    return await preview_reply(ctx, ann, preview, preview_buttons(ctx, ann))


async def read_schedule(ctx: Ctx, when_text: str, options: dict[str, str]) -> dict[str, Any]:
    """Start, end, answer deadline, send time and reminders, each checked against the start."""
    starts = read_time(ctx, when_text)
    tz = ctx.env.tz
    ends = None
    if options.get("ends"):
        try:  # `kết thúc: 11h30` means 11:30 on the meeting's day
            ends = timeparse.parse_when(options["ends"], starts, tz, allow_past=True)
        except timeparse.TimeParseError:
            ends = read_time(ctx, options["ends"])
        if ends <= starts:
            raise FormError(
                "meeting.end_before_start",
                end=timeparse.format_when(ends, tz, ctx.lang),
                start=timeparse.format_when(starts, tz, ctx.lang),
            )
    deadline = read_time(ctx, options["deadline"]) if options.get("deadline") else None
    if deadline is not None and deadline >= starts:
        raise FormError(
            "meeting.deadline_after_start",
            deadline=timeparse.format_when(deadline, tz, ctx.lang),
            start=timeparse.format_when(starts, tz, ctx.lang),
        )
    send_text = options.get("send_at", "")
    send_at = None if is_now(send_text) else read_time(ctx, send_text)
    if send_at is not None and send_at >= starts:
        raise FormError(
            "meeting.send_after_start",
            send=timeparse.format_when(send_at, tz, ctx.lang),
            start=timeparse.format_when(starts, tz, ctx.lang),
        )
    reminders = (
        read_reminders(options["reminders"])
        if options.get("reminders")
        else list(DEFAULT_MEETING_OFFSETS)
    )
    return {
        "starts": starts,
        "ends": ends,
        "deadline": deadline,
        "send_at": send_at,
        "reminders": reminders,
    }


async def _preview(
    ctx: Ctx, ann: Announcement, record: Meeting, groups: list[Any], private: int
) -> str:
    names = [chat_label(chat) for chat in groups[:PREVIEW_GROUPS]]
    if len(groups) > PREVIEW_GROUPS:
        names.append("…")
    reminders = ", ".join(
        ctx.t(
            "meeting.reminder_before",
            duration=timeparse.format_duration(timedelta(minutes=m), ctx.lang),
        )
        for m in record.reminders
    ) or ctx.t("meeting.no_reminders")
    reminders += past_reminders_warning(ctx, record.starts_at, record.reminders, ann.send_at)
    when = (
        timeparse.format_when(ann.send_at, ctx.env.tz, ctx.lang)
        if ann.send_at
        else ctx.t("notice.when_now")
    )
    tally = await tally_line(ctx.session, ann, ctx.lang)
    card = meeting_text(ann, record, ctx.env.tz, tally, ctx.lang)
    return ctx.t(
        "meeting.preview",
        id=ann.id,
        audience=Audience.from_json(ann.audience).describe(ctx.lang),
        count=len(groups),
        private=ctx.t("notice.private_part", count=private) if private else "",
        groups=ctx.t("meeting.preview_groups", names=", ".join(names)) if names else "",
        when=when,
        reminders=reminders,
        file=ctx.t("meeting.preview_file", name=record.file_name) if record.file_name else "",
        card=card,
    )


async def refresh_cards(
    env: Env, session: AsyncSession, ann: Announcement, *, units: set[int] | None = None
) -> None:
    """Bring every card of the meeting up to date: at most one pending edit per card, spaced by
    a few seconds, and never an edit that would change nothing.

    `units` are the audience's units if the caller has them. Every answer to a busy meeting
    comes here, so the cards are looked at together, as plain rows, in a few statements
    whatever their number (see `_queue_card_edits`)."""
    record = await queries.meeting(session, ann.id)
    if record is None:
        return
    await queries.lock_announcement(session, ann.id)  # one refresh of these cards at a time
    fresh = await meeting_card(session, env, ann, record, units=units)
    await refresh_card_rows(env, session, ann, fresh)


async def answers_changed(ctx: Ctx, ann: Announcement, *, units: set[int] | None = None) -> None:
    """Answers to `ann` changed in this unit of work: its cards follow, coalesced with other
    answers after the commit when the bot runs a refresher, else right here."""
    changed = ctx.env.cards_changed
    if changed is None:
        await refresh_cards(ctx.env, ctx.session, ann, units=units)
        return
    ann_id = ann.id
    ctx.after_commit.append(lambda: changed(ann_id))
