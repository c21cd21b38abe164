"""Paper calls (tham luận): `/thamluan` asks the units for papers by a deadline; members submit
files with `/nop 7` or as a reply to the call's card; cards count `Đã nộp: n/N đơn vị`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import timeparse
from handlers.context import Ctx, chat_label
from handlers.core import Env, FileRef, Reply, Request
from handlers.forms import (
    Audience,
    FormError,
    is_now,
    parse_announcement_code,
    parse_audience,
    split_form,
)
from handlers.notices.audience import announcement_unit_ids, check_audience, targets, unreached_line
from handlers.notices.delivery import refresh_card_rows
from handlers.notices.reminding import past_reminders_warning, read_reminders
from handlers.notices.sending import confirm, preview_buttons, preview_reply, read_time
from handlers.papers.card import paper_card, paper_text, submitted_line
from handlers.papers.reminders import DEFAULT_PAPER_OFFSETS
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    PaperCall,
    Submission,
    Unit,
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
}
FILE_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
MAX_FILE_BYTES = 20 * 1024 * 1024  # the Bot API's getFile download limit
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
            known="số bài, ghi chú, nhắc, gửi lúc",
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


async def submit(ctx: Ctx, req: Request) -> Reply:
    """`/nop 7` as the caption of a file (or as a reply to a file)."""
    if not req.args.strip():
        raise FormError("submit.usage")
    ann_id = parse_announcement_code(req.args.split()[0])
    if req.file is None:
        raise FormError("submit.no_file", id=ann_id)
    return await receive(ctx, ann_id, req.file)


async def submit_by_reply(ctx: Ctx, req: Request) -> Reply | None:
    """A file sent as a reply to one of Loa's messages: a paper, if that message is a call's
    card; None when the reply is about something else."""
    if req.file is None or req.reply_to_bot_message is None:
        return None
    ann_id = await queries.announcement_of_message(
        ctx.session, ctx.chat.id, req.reply_to_bot_message
    )
    if ann_id is None:
        return None
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None or ann.kind != AnnouncementKind.PAPER_CALL:
        return None
    return await receive(ctx, ann_id, req.file)


async def receive(ctx: Ctx, ann_id: int, file: FileRef) -> Reply:
    """Check and store a submitted paper, acknowledge it with the unit and the time."""
    ann = await queries.announcement(ctx.session, ann_id)
    call = await queries.paper_call(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    if call is None or ann.kind != AnnouncementKind.PAPER_CALL:
        raise FormError("submit.not_call", id=ann_id)
    if ann.status == AnnouncementStatus.CANCELLED:
        raise FormError("submit.cancelled", id=ann_id)
    if ann.status not in (AnnouncementStatus.SENDING, AnnouncementStatus.SENT):
        raise FormError("submit.not_open", id=ann_id)
    check_paper_file(file)
    unit = await _unit(ctx, ann)
    allowed = await announcement_unit_ids(ctx.session, ann)
    if unit.id not in allowed:
        raise FormError("submit.unit_not_in_audience", unit=unit.code, id=ann.id)
    current = list(await queries.current_submissions(ctx.session, ann.id, unit.id))
    replaced = len(current) >= call.per_unit
    if replaced:  # the newest `per_unit` files are current; older ones stay as history
        stale = current[: len(current) - call.per_unit + 1]
        await ctx.session.execute(
            update(Submission).where(Submission.id.in_([s.id for s in stale])).values(current=False)
        )
    late = ctx.now > call.deadline
    ctx.session.add(
        Submission(
            announcement_id=ann.id,
            unit_id=unit.id,
            person_id=ctx.person.id,
            chat_id=ctx.chat.id,
            platform_file_id=file.file_id,
            file_name=file.name[:300],
            file_size=file.size,
            mime_type=file.mime_type,
            submitted_at=ctx.now,
            late=late,
            current=True,
        )
    )
    await ctx.session.flush()
    queries.audit(
        ctx.session, ctx.now, ctx.person.id, "papers.submit", f"#{ann.id}", unit=unit.code
    )
    await submissions_changed(ctx, ann)
    local = ctx.now.astimezone(ctx.env.tz)
    return Reply(
        ctx.t(
            "submit.received",
            unit=unit.name,
            when=local.strftime("%H:%M, %d/%m/%Y"),
            name=file.name,
            late=ctx.t("submit.late") if late else "",
            replaced=ctx.t("submit.replaced") if replaced else "",
        )
    )


def check_paper_file(file: FileRef) -> None:
    """PDF, DOC, DOCX or ODT, within what the platform lets the bot download."""
    name = file.name.lower()
    if not any(name.endswith(ext) for ext in FILE_TYPES):
        raise FormError("submit.bad_type", name=file.name[:100])
    if file.size is not None and file.size > MAX_FILE_BYTES:
        raise FormError(
            "submit.too_big",
            name=file.name[:100],
            size=f"{file.size / 1024 / 1024:.1f}",
            limit=MAX_FILE_BYTES // 1024 // 1024,
        )


async def _unit(ctx: Ctx, ann: Announcement) -> Unit:
    """The group's unit; in a private or cluster-wide chat, the person's own unit."""
    if not ctx.in_private and not await queries.received_announcement(
        ctx.session, ann.id, ctx.chat.id
    ):
        raise FormError("submit.not_in_audience", id=ann.id)
    unit = ctx.chat.unit if ctx.chat.unit is not None else ctx.person.unit
    if unit is None or unit.removed_at is not None:
        raise FormError("submit.no_unit")
    return unit


async def submissions_changed(ctx: Ctx, ann: Announcement) -> None:
    """A paper of `ann` was recorded in this unit of work: its cards follow, coalesced with the
    papers after it once committed, when the bot runs a refresher (sixty schools submitting in
    the same minute would otherwise each rewrite every card); else right here."""
    changed = ctx.env.cards_changed
    if changed is None:
        await refresh_paper_cards(ctx.env, ctx.session, ann)
        return
    ann_id = ann.id
    ctx.after_commit.append(lambda: changed(ann_id))


async def refresh_paper_cards(env: Env, session: AsyncSession, ann: Announcement) -> None:
    """Bring every card of the call up to date (`Đã nộp: n/N`), coalesced like meeting cards."""
    call = await queries.paper_call(session, ann.id)
    if call is None:
        return
    await queries.lock_announcement(session, ann.id)  # one refresh of these cards at a time
    await refresh_card_rows(env, session, ann, await paper_card(session, env, ann, call))
