"""Paper calls (tham luận): `/thamluan` asks the units for papers by a deadline, previewed and
sent like any announcement; the cards count `Đã nộp: n/N đơn vị` (submissions: `submissions.py`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from handlers import timeparse
from handlers.context import Ctx, chat_label
from handlers.core import Reply, Request
from handlers.forms import (
    Audience,
    FormError,
    is_now,
    parse_audience,
    split_form,
)
from handlers.notices.audience import check_audience, targets, unreached_line
from handlers.notices.reminding import past_reminders_warning, read_reminders
from handlers.notices.sending import confirm, preview_buttons, preview_reply, read_time
from handlers.papers.card import paper_text, submitted_line
from handlers.papers.formats import parse_rules
from handlers.papers.reminders import DEFAULT_PAPER_OFFSETS
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    PaperCall,
)

PAPER_KEYS = {
    "chu de": "topic",
    "han nop": "deadline",
    "doi tuong": "audience",
    "so bai": "count",
    "ghi chu": "notes",
    "nhac": "reminders",
    "nhac nho": "reminders",
    "gui luc": "send_at",
    "dinh dang": "format",
}
MAX_PER_UNIT = 10
LIMITS = {"topic": 500, "notes": 2000}
CONTINUED = frozenset({"notes"})
"""Free-text options whose value may go on over the following lines (see `split_form`)."""
PREVIEW_GROUPS = 12


async def paper_call(ctx: Ctx, req: Request) -> Reply:
    """`/thamluan chủ đề | hạn nộp | đối tượng` with `key: value` lines → preview."""
    if not req.args.strip():
        raise FormError("papers.usage")
    form = split_form(req.args, PAPER_KEYS, CONTINUED)
    if len(form.fields) > 3:
        raise FormError("papers.too_many_fields")
    if len(form.fields) == 1 and "deadline" not in form.options:
        raise FormError("papers.no_separator")
    if any(line.strip() for line in form.body):
        extra = next(line for line in form.body if line.strip())
        raise FormError(
            "notice.unknown_field",
            field=extra.split(":", 1)[0][:40],
            known="số bài, ghi chú, định dạng, nhắc, gửi lúc",
        )
    options = form.options
    topic = " ".join(form.get(0, "topic").split())
    if not topic:
        raise FormError("papers.missing_topic")
    if len(topic) > LIMITS["topic"]:
        raise FormError("meeting.too_long", field=ctx.t("edit.field.topic"), limit=LIMITS["topic"])
    deadline_text = form.get(1, "deadline")
    if not deadline_text:
        raise FormError("papers.missing_deadline")
    deadline, send_at = read_timing(ctx, deadline_text, options)
    audience = parse_audience(form.get(2, "audience"))
    await check_audience(ctx, audience)
    per_unit = read_count(options.get("count", ""))
    notes = options.get("notes", "").strip() or None
    if notes and len(notes) > LIMITS["notes"]:
        raise FormError("meeting.too_long", field=ctx.t("edit.field.notes"), limit=LIMITS["notes"])
    rules = parse_rules(options.get("format", ""))
    reminders = (
        read_reminders(options["reminders"])
        if options.get("reminders")
        else list(DEFAULT_PAPER_OFFSETS)
    )
    groups, private = await targets(ctx.session, audience)
    if not groups and not private:
        raise FormError("notice.no_targets", audience=audience.describe(ctx.lang))
    ann = Announcement(
        kind=AnnouncementKind.PAPER_CALL,
        status=AnnouncementStatus.DRAFT,
        text=topic,
        audience=audience.to_json(),
        audience_text=audience.describe(),
        send_at=send_at,
        created_by_id=ctx.person.id,
        origin_chat_id=ctx.chat.id,
        created_at=ctx.now,
    )
    ctx.session.add(ann)
    await ctx.session.flush()
    call = PaperCall(
        announcement_id=ann.id,
        topic=topic,
        deadline=deadline,
        per_unit=per_unit,
        notes=notes,
        reminders=reminders,
        deadline_day_reminder=not options.get("reminders"),
        sequence=0,
        updated_at=ctx.now,
        format_rules=rules.to_json() if rules else None,
    )
    ctx.session.add(call)
    await ctx.session.flush()
    queries.audit(ctx.session, ctx.now, ctx.person.id, "papers.create", f"#{ann.id}")
    if form.confirmed:
        return await confirm(ctx, ann, schedule=send_at is not None)
    preview = await _preview(ctx, ann, call, groups, len(private))
    preview += await unreached_line(ctx, audience, groups, private)
    return await preview_reply(ctx, ann, preview, preview_buttons(ctx, ann))


def read_count(value: str) -> int:
    """`số bài:` — papers expected per unit, 1 to MAX_PER_UNIT; empty means 1."""
    if not value.strip():
        return 1
    if not value.strip().isdigit() or not 1 <= int(value.strip()) <= MAX_PER_UNIT:
        raise FormError("papers.bad_count", value=value.strip()[:20])
    return int(value.strip())


def read_timing(
    ctx: Ctx, deadline_text: str, options: dict[str, str]
) -> tuple[datetime, datetime | None]:
    """The deadline and the send time (None: now), each in the future, the send time first."""
    deadline = read_time(ctx, deadline_text)
    send_text = options.get("send_at", "")
    send_at = None if is_now(send_text) else read_time(ctx, send_text)
    if send_at is not None and send_at >= deadline:
        raise FormError(
            "papers.send_after_deadline",
            send=timeparse.format_when(send_at, ctx.env.tz, ctx.lang),
            deadline=timeparse.format_when(deadline, ctx.env.tz, ctx.lang),
        )
    return deadline, send_at


async def _preview(
    ctx: Ctx, ann: Announcement, call: PaperCall, groups: list[Any], private: int
) -> str:
    names = [chat_label(chat) for chat in groups[:PREVIEW_GROUPS]]
    if len(groups) > PREVIEW_GROUPS:
        names.append("…")
    parts = [
        ctx.t(
            "meeting.reminder_before",
            duration=timeparse.format_duration(timedelta(minutes=minutes), ctx.lang),
        )
        for minutes in call.reminders
    ]
    if call.deadline_day_reminder:
        parts.append(ctx.t("papers.reminder_day"))
    when = (
        timeparse.format_when(ann.send_at, ctx.env.tz, ctx.lang)
        if ann.send_at
        else ctx.t("notice.when_now")
    )
    tally = await submitted_line(ctx.session, ann, call, ctx.lang)
    card = paper_text(ann, call, ctx.env.tz, tally, ctx.lang)
    return ctx.t(
        "papers.preview",
        id=ann.id,
        audience=Audience.from_json(ann.audience).describe(ctx.lang),
        count=len(groups),
        private=ctx.t("notice.private_part", count=private) if private else "",
        groups=ctx.t("meeting.preview_groups", names=", ".join(names)) if names else "",
        when=when,
        reminders=(", ".join(parts) or ctx.t("meeting.no_reminders"))
        + past_reminders_warning(ctx, call.deadline, call.reminders, ann.send_at),
        card=card,
    )


# --- submissions ---------------------------------------------------------------------------
