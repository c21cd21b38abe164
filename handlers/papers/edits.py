"""Changing a paper call after it was announced: `/sua 7` edits its fields, `/huy 7` cancels it.

As for a meeting (`handlers/meetings/edits.py`), a change is one unit of work: the call's fields and
`sequence`, every card already out edited in place, the reminders re-armed from the new deadline.
Unlike a meeting, only the units still missing papers are told of a change: the others are done
with the call. A new deadline holds for everyone, so papers sent after the old deadline and before
the new one stop counting as late. A call that is only scheduled has reached nobody: it is simply
updated and leaves as changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import Audience, FormError, fold, parse_announcement_code, split_form
from handlers.meetings.edits import (
    ANNOUNCED,
    CANCEL_PURPOSE,
    CHANGE_PURPOSE,
    CLEAR_WORDS,
    OUT,
    SHOWN,
)
from handlers.notices.audience import chats_of_units
from handlers.notices.cards import payload
from handlers.notices.reminding import read_reminders, wording_for
from handlers.notices.sending import read_time
from handlers.papers.calls import CONTINUED, PAPER_KEYS, read_count
from handlers.papers.card import refresh_paper_cards
from handlers.papers.formats import FormatRules, parse_rules
from handlers.papers.reminders import DEFAULT_PAPER_OFFSETS, arm_paper_call, missing_papers
from handlers.texts import Safe, text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Chat,
    ChatKind,
    PaperCall,
    Submission,
)

# the order in which changes are listed; units still missing papers hear of the first four
FIELDS = ("topic", "deadline", "count", "notes", "format", "reminders")
SEEN_BY_UNITS = frozenset(FIELDS[:5])
TIMING = frozenset({"deadline", "reminders"})
FIXED = ("audience", "send_at")  # a call keeps its audience: cancel and call again instead
LABELS = {
    "topic": "topic",
    "deadline": "paper_deadline",
    "count": "count",
    "notes": "notes",
    "format": "format",
    "reminders": "reminders",
    "audience": "audience",
    "send_at": "send_at",
}
KNOWN_KEYS = "chủ đề, hạn nộp, số bài, ghi chú, định dạng, nhắc"
DEFAULT_WORDS = {"mac dinh", "default"}
MAX_TOPIC = 500
MAX_NOTES = 2000

Reminders = tuple[tuple[int, ...], bool]  # minutes before the deadline; 08:00 on its day
Value = str | int | datetime | Reminders | FormatRules | None


@dataclass(frozen=True)
class Change:
    """One field of the call that changed, with its old and new value."""

    field: str
    old: Value
    new: Value


# --- /sua ------------------------------------------------------------------------------------


async def edit(ctx: Ctx, req: Request) -> Reply | None:
    """`/sua 7 hạn nộp: 17h 20/6` (and `chủ đề:`, `số bài:`, `ghi chú:`, `định dạng:`,
    `nhắc:`) on a paper call; None when #7 is not one, so the meeting editor answers."""
    words = req.args.split(maxsplit=1)
    try:
        ann_id = parse_announcement_code(words[0]) if words else None
    except FormError:
        return None
    ann = await queries.announcement(ctx.session, ann_id) if ann_id else None
    call = await queries.paper_call(ctx.session, ann.id) if ann else None
    if ann is None or call is None or ann.kind != AnnouncementKind.PAPER_CALL:
        return None
    if ann.status == AnnouncementStatus.CANCELLED:
        return Reply(ctx.t("edit.papers_cancelled", id=ann.id))
    if ann.status == AnnouncementStatus.DRAFT:
        return Reply(ctx.t("edit.papers_draft", id=ann.id))
    try:
        options = _read_form(req.args)
        if not options:
            raise FormError("edit.papers_missing_changes", id=ann.id)
        wanted = _read_values(ctx, ann, options)
    except FormError as err:
        return await _explain(ctx, err)
    changes = _apply(ann, call, wanted)
    if not changes:
        return await _explain(ctx, FormError("edit.papers_nothing_changed", id=ann.id))
    call.sequence += 1
    call.updated_at = ctx.now
    changed = {c.field for c in changes}
    tail: list[str] = []
    if ann.status == AnnouncementStatus.SCHEDULED:
        when = timeparse.format_when(ann.send_at, ctx.env.tz, ctx.lang) if ann.send_at else ""
        tail.append(ctx.t("edit.papers_scheduled", when=when))
    else:
        tail.append(await _tell_missing(ctx, ann, call, changes))
    if "deadline" in changed:
        cleared = await _no_longer_late(ctx, ann.id, call.deadline)
        if cleared:
            tail.append(ctx.t("edit.papers_late_cleared", count=cleared))
    if changed & TIMING:
        await arm_paper_call(ctx.env, ctx.session, ann.id, ctx.after_commit)
        tail.append(ctx.t("edit.reminders_rearmed"))
    ctx.after_commit.append(ctx.env.wake_delivery)
    queries.audit(
        ctx.session,
        ctx.now,
        ctx.person.id,
        "papers.edit",
        f"#{ann.id}",
        fields=[c.field for c in changes],
        sequence=call.sequence,
    )
    lines = _change_lines(ctx, ctx.lang, changes)
    return Reply(
        ctx.t("edit.papers_done", id=ann.id, changes=Safe("\n".join(lines)))
        + "\n"
        + "\n".join(tail)
    )


async def _explain(ctx: Ctx, err: FormError) -> Reply:
    """Refuse like a `FormError` (everything rolled back), but with a paper call's example
    rather than the meeting's that the router adds to `/sua`'s errors."""
    message = ctx.t(err.key, **err.values) + "\n"
    message += ctx.t("error.example", example=ctx.t("edit.papers_example"))
    await ctx.session.rollback()
    return Reply(message)


def _read_form(args: str) -> dict[str, str]:
    """The `key: value` options after the code; any other line is explained, not ignored."""
    body = args.replace("\r\n", "\n").replace("\r", "\n")
    first, _, rest = body.partition("\n")
    words = first.strip().split(maxsplit=1)
    inline = words[1].strip().lstrip("|").strip() if len(words) > 1 else ""
    form = split_form("\n".join(["", inline, rest]), PAPER_KEYS, CONTINUED)
    extra = next((line for line in form.body if line.strip()), None)
    if extra is not None:
        raise FormError(
            "notice.unknown_field", field=extra.split(":", 1)[0].strip()[:40], known=KNOWN_KEYS
        )
    return form.options


def _label(lang: str, field: str) -> str:
    return text(lang, f"edit.field.{LABELS[field]}")


def _clears(value: str) -> bool:
    return fold(value) in CLEAR_WORDS


def _read_values(ctx: Ctx, ann: Announcement, options: dict[str, str]) -> dict[str, Value]:
    """Read every given field with the rules of `/thamluan`; the deadline must be ahead."""
    for field, value in options.items():
        if field in FIXED:
            raise FormError("edit.papers_fixed", field=_label(ctx.lang, field), id=ann.id)
        if not value.strip():
            raise FormError("edit.empty_value", field=_label(ctx.lang, field))
    wanted: dict[str, Value] = {}
    if "topic" in options:
        if _clears(options["topic"]):
            raise FormError("edit.papers_required", field=_label(ctx.lang, "topic"))
        topic = " ".join(options["topic"].split())
        if len(topic) > MAX_TOPIC:
            raise FormError("meeting.too_long", field=_label(ctx.lang, "topic"), limit=MAX_TOPIC)
        wanted["topic"] = topic
    if "deadline" in options:
        if _clears(options["deadline"]):
            raise FormError("edit.papers_required", field=_label(ctx.lang, "deadline"))
        deadline = read_time(ctx, options["deadline"])  # a past time is refused here
        if ann.status == AnnouncementStatus.SCHEDULED and ann.send_at and ann.send_at >= deadline:
            raise FormError(
                "papers.send_after_deadline",
                send=timeparse.format_when(ann.send_at, ctx.env.tz, ctx.lang),
                deadline=timeparse.format_when(deadline, ctx.env.tz, ctx.lang),
            )
        wanted["deadline"] = deadline
    if "count" in options:
        wanted["count"] = read_count(options["count"])
    if "notes" in options:
        notes = options["notes"].strip()
        if len(notes) > MAX_NOTES:
            raise FormError("meeting.too_long", field=_label(ctx.lang, "notes"), limit=MAX_NOTES)
        wanted["notes"] = None if _clears(notes) else notes
    if "format" in options:  # `định dạng: không kiểm tra` (or `xoá`) drops the rules
        value = options["format"]
        wanted["format"] = None if _clears(value) else parse_rules(value)
    if "reminders" in options:
        value = options["reminders"]
        if fold(value) in DEFAULT_WORDS:  # back to 7, 3, 1 days before and 08:00 that day
            wanted["reminders"] = (tuple(DEFAULT_PAPER_OFFSETS), True)
        else:  # as in /thamluan, `nhắc:` replaces the defaults, the deadline-day one too
            wanted["reminders"] = (tuple(read_reminders(value)), False)
    return wanted


def _current(call: PaperCall) -> dict[str, Value]:
    return {
        "topic": call.topic,
        "deadline": call.deadline,
        "count": call.per_unit,
        "notes": call.notes,
        "format": FormatRules.from_json(call.format_rules),
        "reminders": (tuple(call.reminders), call.deadline_day_reminder),
    }


def _apply(ann: Announcement, call: PaperCall, wanted: dict[str, Value]) -> list[Change]:
    """Set what differs from the call as it is."""
    current = _current(call)
    changes = [
        Change(field, current[field], wanted[field])
        for field in FIELDS
        if field in wanted and wanted[field] != current[field]
    ]
    for change in changes:
        new = change.new
        match change.field:
            case "topic":
                call.topic = ann.text = str(new)
            case "deadline":
                assert isinstance(new, datetime)
                call.deadline = new
            case "count":
                assert isinstance(new, int)
                call.per_unit = new
            case "notes":
                call.notes = new if isinstance(new, str) else None
            case "format":  # papers already received keep the warnings of their receipt
                call.format_rules = new.to_json() if isinstance(new, FormatRules) else None
            case "reminders":
                assert isinstance(new, tuple)
                offsets, day = new
                call.reminders = list(offsets)  # type: ignore[arg-type]
                call.deadline_day_reminder = bool(day)
    return changes


async def _no_longer_late(ctx: Ctx, ann_id: int, deadline: datetime) -> int:
    """Papers sent after the old deadline but before the new one are on time now."""
    result = await ctx.session.execute(
        update(Submission)
        .where(
            Submission.announcement_id == ann_id,
            Submission.late.is_(True),
            Submission.submitted_at <= deadline,
        )
        .values(late=False)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def _tell_missing(ctx: Ctx, ann: Announcement, call: PaperCall, changes: list[Change]) -> str:
    """Edit every card in place; tell the units still missing papers (their groups and their
    members' private chats in the audience)."""
    rows = await queries.sent_rows(ctx.session, ann.id)
    cards = sum(1 for r in rows if r.payload.get("card") and r.status in OUT)
    await refresh_paper_cards(ctx.env, ctx.session, ann)
    if not await queries.announcement_chat_ids(ctx.session, ann.id):
        return ctx.t("edit.papers_not_out_yet")
    seen = [c for c in changes if c.field in SEEN_BY_UNITS]
    if not seen:
        return ctx.t("edit.papers_cards_only", cards=cards)
    missing = await missing_papers(ctx.session, ann, call)
    if not missing:
        return ctx.t("edit.papers_all_done", cards=cards)
    moved = next((c for c in seen if c.field == "deadline"), None)
    if moved is not None:
        assert isinstance(moved.old, datetime) and isinstance(moved.new, datetime)
        headline = text(
            "vi",
            "edit.papers_extended" if moved.new > moved.old else "edit.papers_moved",
            id=ann.id,
            old=timeparse.format_when(moved.old, ctx.env.tz),
            new=timeparse.format_when(moved.new, ctx.env.tz),
        )
    else:
        headline = text("vi", "edit.papers_changed", id=ann.id)
    others = _change_lines(ctx, "vi", [c for c in seen if c.field != "deadline"])
    audience = Audience.from_json(ann.audience)
    told: list[Chat] = []
    for chat, unit in await chats_of_units(ctx.session, audience, set(missing)):
        body = text(
            "vi",
            wording_for("edit.papers_notice", chat),
            headline=Safe(headline),
            topic=call.topic,
            changes=Safe("".join("\n" + line for line in others)),
            unit=unit.code,
            have=missing[unit.id],
            need=call.per_unit,
            id=ann.id,
        )
        await queries.enqueue(
            ctx.session,
            chat_id=chat.id,
            payload=payload(body),
            purpose=CHANGE_PURPOSE,
            announcement_id=ann.id,
            dedupe_key=f"change:{ann.id}:{call.sequence}:chat:{chat.id}",
            now=ctx.now,
        )
        told.append(chat)
    units = await queries.units_by_ids(ctx.session, missing)
    codes = ", ".join(sorted(u.code for u in units.values()))
    private = sum(1 for chat in told if chat.kind == ChatKind.PRIVATE)
    return ctx.t(
        "edit.papers_told",
        cards=cards,
        chats=len(told) - private,
        private=ctx.t("notice.private_part", count=private) if private else "",
        units=codes,
    )


def _change_lines(ctx: Ctx, lang: str, changes: list[Change]) -> list[str]:
    return [
        text(
            lang,
            "edit.change_line",
            field=_label(lang, c.field),
            old=_show(ctx, lang, c.old),
            new=_show(ctx, lang, c.new),
        )
        for c in changes
    ]


def _show(ctx: Ctx, lang: str, value: Value) -> str:
    """A value as people read it: times spelled out, reminders in words, long texts shortened."""
    if value is None or value == "":
        return text(lang, "edit.no_value")
    if isinstance(value, datetime):
        return timeparse.format_when(value, ctx.env.tz, lang)
    if isinstance(value, FormatRules):
        return value.describe(lang)
    if isinstance(value, tuple):
        offsets, day = value
        parts = [
            text(
                lang,
                "meeting.reminder_before",
                duration=timeparse.format_duration(timedelta(minutes=m), lang),
            )
            for m in offsets
        ]
        if day:
            parts.append(text(lang, "papers.reminder_day"))
        return ", ".join(parts) or text(lang, "meeting.no_reminders")
    shown = " ".join(str(value).split())
    return shown if len(shown) <= SHOWN else shown[: SHOWN - 1].rstrip() + "…"


# --- /huy for paper calls --------------------------------------------------------------------


async def cancel_paper_call(ctx: Ctx, ann: Announcement, reason: str) -> Reply:
    """`/huy 7 | lý do` on a paper call, as for a meeting: cards marked `ĐÃ HUỶ` with the
    reason (no more how-to line), a cancellation notice to every chat that received the call,
    every timer and unsent message dropped; `/nop 7` is refused from now on."""
    call = await queries.paper_call(ctx.session, ann.id)
    if call is None:
        raise FormError("error.no_announcement", id=ann.id)
    announced = ann.status in ANNOUNCED
    ann.status = AnnouncementStatus.CANCELLED
    ann.cancelled_at = ctx.now
    ann.cancel_reason = reason or None
    call.sequence += 1
    call.updated_at = ctx.now
    for timer_id in await queries.cancel_schedules(ctx.session, ann.id):
        ctx.after_commit.append(lambda t=timer_id: ctx.env.timers.disarm(t))
    cards, chats = 0, []
    if announced:
        rows = await queries.sent_rows(ctx.session, ann.id)
        cards = sum(1 for r in rows if r.payload.get("card") and r.status in OUT)
        # cards first: a pending edit is rewritten to the cancelled card, then everything else
        # still waiting (unsent cards, reminders, change notices) is dropped, but not the edits
        await refresh_paper_cards(ctx.env, ctx.session, ann)
        await queries.cancel_pending_outbox_except_card_edits(ctx.session, ann.id)
        chats = await queries.announcement_chat_ids(ctx.session, ann.id)
        because = text("vi", "cancel.reason", reason=reason) if reason else ""
        body = text("vi", "cancel.papers_notice", id=ann.id, topic=call.topic, reason=Safe(because))
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
        ctx.after_commit.append(ctx.env.wake_delivery)
    else:
        await queries.cancel_pending_outbox(ctx.session, ann.id)
    queries.audit(ctx.session, ctx.now, ctx.person.id, "papers.cancel", f"#{ann.id}", reason=reason)
    because = ctx.t("cancel.reason", reason=reason) if reason else ""
    if not chats:
        return Reply(
            ctx.t("cancel.papers_unsent", id=ann.id, topic=call.topic, reason=Safe(because))
        )
    return Reply(
        ctx.t(
            "cancel.papers_done",
            id=ann.id,
            topic=call.topic,
            reason=Safe(because),
            cards=cards,
            chats=len(chats),
        )
    )
