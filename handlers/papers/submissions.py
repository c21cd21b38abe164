"""Submissions: members send their unit's papers with `/nop 7` (the file with the command as
its caption) or as a reply to the call's card; each is checked, recorded as the unit's current
paper, and the cards' `Đã nộp` line follows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update

from handlers import deadlines
from handlers.context import Ctx
from handlers.core import FileRef, Reply, Request
from handlers.forms import (
    FormError,
    parse_announcement_code,
)
from handlers.notices.audience import announcement_unit_ids
from handlers.papers import appraisal
from handlers.papers.card import refresh_paper_cards
from handlers.papers.checking import Checked, fetch_and_check, receipt_section
from handlers.papers.filetypes import PAPER_TYPES
from handlers.papers.formats import FormatRules
from handlers.texts import Safe
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    PaperCall,
    Submission,
    Unit,
)

MAX_FILE_BYTES = 20 * 1024 * 1024  # the Bot API's getFile download limit


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
    """Check and store a submitted paper, acknowledge it with the unit and the time, and what
    its format differs from the call's rules.

    When the bot can fetch files, the paper is downloaded and checked between two transactions
    (nothing held open while LibreOffice counts its pages), and the call is checked again after."""
    target = await open_call(ctx, ann_id, lambda: check_paper_file(file))
    rules = FormatRules.from_json(target.call.format_rules)
    checked: Checked | None = None
    if ctx.env.files is not None:
        await ctx.session.commit()
        checked = await fetch_and_check(ctx.env.files, file.file_id, file.name, rules)
        target = await open_call(ctx, ann_id)
    recorded = await record(
        ctx,
        target,
        platform_file_id=file.file_id,
        file_name=file.name,
        file_size=file.size,
        mime_type=file.mime_type,
        checked=checked,
    )
    receipt = ctx.t("submit.received", **recorded.values(ctx), name=file.name)
    return Reply(receipt + receipt_section(ctx.lang, rules, checked))


@dataclass(frozen=True)
class Target:
    """A call open for papers and the unit a paper is submitted for."""

    ann: Announcement
    call: PaperCall
    unit: Unit


@dataclass(frozen=True)
class Recorded:
    """What a recorded submission's receipt says besides the paper itself."""

    unit: Unit
    at: datetime
    late: bool
    replaced: bool
    version_note: str = ""  # `Đây là bản sửa (bản 2) …` (`handlers.papers.appraisal`)

    def values(self, ctx: Ctx) -> dict[str, str]:
        """The receipt's `unit`, `when`, `late` and `replaced` (with the version's note)."""
        replaced = ctx.t("submit.replaced") if self.replaced else ""
        return {
            "unit": self.unit.name,
            "when": self.at.astimezone(ctx.env.tz).strftime("%H:%M, %d/%m/%Y"),
            "late": ctx.t("submit.late") if self.late else "",
            "replaced": Safe(replaced + self.version_note),
        }


async def open_call(ctx: Ctx, ann_id: int, check: Callable[[], None] = lambda: None) -> Target:
    """The call `ann_id` if it takes papers now, and the unit this person submits for (the
    group's, or in private their own); `check` runs between the two (the file's own checks).
    Raises FormError with what is wrong."""
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
    check()
    unit = await _unit(ctx, ann)
    allowed = await announcement_unit_ids(ctx.session, ann)
    if unit.id not in allowed:
        raise FormError("submit.unit_not_in_audience", unit=unit.code, id=ann.id)
    return Target(ann, call, unit)


async def record(
    ctx: Ctx,
    target: Target,
    *,
    platform_file_id: str,
    file_name: str,
    file_size: int | None,
    mime_type: str | None,
    link: str | None = None,
    checked: Checked | None = None,
) -> Recorded:
    """Store the unit's new current paper (older ones beyond the call's `per_unit` stay as
    history), audit it, and let the cards follow."""
    ann, call, unit = target.ann, target.call, target.unit
    new = await appraisal.next_version(ctx.session, ann.id, unit.id)
    current = list(await queries.current_submissions(ctx.session, ann.id, unit.id))
    replaced = len(current) >= call.per_unit
    if replaced:  # the newest `per_unit` files are current; older ones stay as history
        stale = current[: len(current) - call.per_unit + 1]
        await ctx.session.execute(
            update(Submission).where(Submission.id.in_([s.id for s in stale])).values(current=False)
        )
    # against the unit's own deadline when `/giahan` gave it one
    deadline = await deadlines.deadline_of(ctx.session, ann.id, unit.id, call.deadline)
    late = deadline is not None and ctx.now > deadline and not new.on_time(ctx.now)
    ctx.session.add(
        Submission(
            announcement_id=ann.id,
            unit_id=unit.id,
            person_id=ctx.person.id,
            chat_id=ctx.chat.id,
            platform_file_id=platform_file_id,
            file_name=file_name[:300],
            file_size=file_size,
            mime_type=mime_type,
            link=link,
            submitted_at=ctx.now,
            late=late,
            current=True,
            version=new.version,
            review=new.review,
            review_comment=new.comment,
            revision_deadline=new.deadline,
            format_warnings=checked.warnings if checked else None,
            pages=checked.pages if checked else None,
            pages_estimated=checked.pages_estimated if checked else False,
            title=checked.title if checked else None,
        )
    )
    await ctx.session.flush()
    queries.audit(
        ctx.session, ctx.now, ctx.person.id, "papers.submit", f"#{ann.id}", unit=unit.code
    )
    await submissions_changed(ctx, ann)
    note = await appraisal.version_recorded(ctx, ann, unit, new)
    return Recorded(unit=unit, at=ctx.now, late=late, replaced=replaced, version_note=note)


def check_paper_file(file: FileRef) -> None:
    """PDF, DOC, DOCX or ODT, within what the platform lets the bot download."""
    name = file.name.lower()
    if not any(name.endswith(ext) for ext in PAPER_TYPES):
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
