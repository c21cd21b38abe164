"""The commands that take an announcement of any kind by its number and hand it to its kind's
package: the organisers' list (`/ds`), cancelling (`/huy`), editing (`/sua`), the status table
(`/tinhhinh`), the export (`/xuat`) and reminding now (`/nhacnho`)."""

from __future__ import annotations

from handlers import pages, quota, timeparse
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import FormError, parse_announcement_code
from handlers.meetings import edits, exports, reminders, status
from handlers.notices import receipts, sending
from handlers.notices import status as notice_status
from handlers.papers import edits as paper_edits
from handlers.papers import exports as paper_exports
from handlers.papers import reminders as paper_reminders
from handlers.papers import status as paper_status
from handlers.texts import announcement_name
from storage import queries
from storage.models import Announcement, AnnouncementKind, AnnouncementStatus

SNIPPET = 60


def _state(ctx: Ctx, ann: Announcement) -> str:
    if ann.status == AnnouncementStatus.DRAFT:
        until = ann.created_at + sending.PREVIEW_LIFETIME
        return ctx.t("state.draft_until", when=timeparse.format_when(until, ctx.env.tz, ctx.lang))
    if ann.status == AnnouncementStatus.SCHEDULED and ann.send_at:
        return ctx.t(
            "state.scheduled", when=timeparse.format_when(ann.send_at, ctx.env.tz, ctx.lang)
        )
    if ann.status == AnnouncementStatus.SENT and ann.sent_at:
        return ctx.t("state.sent", when=timeparse.format_when(ann.sent_at, ctx.env.tz, ctx.lang))
    return ctx.t(f"state.{ann.status.value}", when="")


def _line(ctx: Ctx, ann: Announcement) -> str:
    first = ann.text.strip().split("\n", 1)[0]
    snippet = first if len(first) <= SNIPPET else first[: SNIPPET - 1].rstrip() + "…"
    return ctx.t(
        "list.line",
        id=ann.id,
        kind=ctx.t(f"kind.{ann.kind.value}"),
        state=_state(ctx, ann),
        snippet=snippet,
    )


async def list_announcements(ctx: Ctx, req: Request) -> Reply:
    """`/ds`: scheduled and sending announcements, then the last few sent."""
    return await list_page(ctx, "", 0)


async def list_lines(ctx: Ctx) -> list[str]:
    """`/ds` as lines, section by section (each section a heading line and its items)."""
    open_ = await queries.open_announcements(ctx.session)
    drafts = await queries.open_drafts(ctx.session, ctx.now - sending.PREVIEW_LIFETIME)
    recent = await queries.recent_sent(ctx.session)
    lines = await quota.usage_lines(ctx)
    lines += [_line(ctx, a) for a in open_] or [ctx.t("list.empty")]
    if drafts:
        lines.append(ctx.t("list.drafts"))
        lines += [_line(ctx, a) for a in drafts]
    if recent:
        lines.append(ctx.t("list.recent"))
        lines += [_line(ctx, a) for a in recent]
    return lines


async def list_page(ctx: Ctx, arg: str, page: int) -> Reply:
    """Page `page` of `/ds`, read afresh (a page press lands here too)."""
    entries = [pages.Entry(line) for line in await list_lines(ctx)]
    return pages.render(ctx.t, ctx.t("list.header"), entries, action="list", page=page)


async def cancel(ctx: Ctx, req: Request) -> Reply:
    """`/huy 12 | lý do`: cancel what has not gone out yet."""
    code, _, reason = req.args.partition("|")
    if not code.strip():
        raise FormError("cancel.usage")
    ann_id = parse_announcement_code(code)
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    reason = " ".join(reason.split())[:500]
    if ann.status == AnnouncementStatus.CANCELLED:
        name = announcement_name(ctx.lang, ann.kind, ann.id, capital=True)
        return Reply(ctx.t("cancel.already_cancelled", id=ann.id, name=name))
    if ann.kind == AnnouncementKind.MEETING:  # a sent meeting can still be called off
        return await edits.cancel_meeting(ctx, ann, reason)
    if ann.kind == AnnouncementKind.PAPER_CALL:  # and so can a sent paper call
        return await paper_edits.cancel_paper_call(ctx, ann, reason)
    if ann.status == AnnouncementStatus.SENT:
        name = announcement_name(ctx.lang, ann.kind, ann.id, capital=True)
        return Reply(ctx.t("cancel.already_sent", id=ann.id, name=name))
    was_sending = ann.status == AnnouncementStatus.SENDING
    ann.status = AnnouncementStatus.CANCELLED
    ann.cancelled_at = ctx.now
    ann.cancel_reason = reason or None
    timers = await queries.cancel_schedules(ctx.session, ann.id)
    cancelled = await queries.cancel_pending_outbox(ctx.session, ann.id)
    for timer_id in timers:
        ctx.after_commit.append(lambda t=timer_id: ctx.env.timers.disarm(t))
    queries.audit(
        ctx.session, ctx.now, ctx.person.id, "announcement.cancel", f"#{ann.id}", reason=reason
    )
    if was_sending:
        counts = await queries.outbox_counts(ctx.session, ann.id, "announcement")
        sent = sum(v for k, v in counts.items() if k.value in ("sent", "sending"))
        return Reply(
            ctx.t(
                "cancel.partly",
                id=ann.id,
                name=announcement_name(ctx.lang, ann.kind, ann.id),
                cancelled=cancelled,
                sent=sent,
            )
        )
    return Reply(
        ctx.t(
            "cancel.done",
            id=ann.id,
            name=announcement_name(ctx.lang, ann.kind, ann.id),
            reason=ctx.t("cancel.reason", reason=reason) if reason else "",
        )
    )


async def edit(ctx: Ctx, req: Request) -> Reply:
    """`/sua 12` then `key: value` lines: a paper call's own fields, else a meeting's."""
    papers = await paper_edits.edit(ctx, req)
    if papers is not None:
        return papers
    return await edits.edit(ctx, req)


async def show_status(ctx: Ctx, req: Request) -> Reply:
    """`/tinhhinh 12`: where a meeting or a paper call stands; on a meeting,
    `/tinhhinh 12 | HP | có | Nguyễn Văn A` sets an answer on a unit's behalf."""
    fields = [part.strip() for part in " ".join(req.args.split()).split("|")]
    while len(fields) > 1 and not fields[-1]:
        fields.pop()  # `12 | HP | có |` is `12 | HP | có`
    if not fields[0]:
        raise FormError("status.usage")
    if len(fields) > 5:
        raise FormError("status.too_many_fields")
    ann_id = parse_announcement_code(fields[0])
    papers = await paper_status.status(ctx, ann_id, fields[1:])
    if papers is not None:
        return papers
    delivery = await notice_status.status(ctx, ann_id, fields[1:])
    if delivery is not None:
        return delivery
    return await status.status(ctx, ann_id, fields)


async def export(ctx: Ctx, req: Request) -> Reply:
    """`/xuat 12`: a meeting's attendance list, a paper call's papers and their list, or a
    notice's or news post's delivery and acknowledgement list."""
    code = req.args.strip()
    if not code:
        raise FormError("export.usage")
    ann_id = parse_announcement_code(code)
    found = await queries.announcement(ctx.session, ann_id)
    if found is not None and found.kind == AnnouncementKind.PAPER_CALL:
        return await paper_exports.export_papers(ctx, found)
    if found is not None and found.kind in receipts.KINDS:  # delivery and acknowledgements
        return await receipts.export(ctx, found)
    return await exports.export(ctx, ann_id)


async def remind(ctx: Ctx, req: Request) -> Reply:
    """`/nhacnho 12`: remind now the units that have not answered a meeting, not sent their
    papers, or not acknowledged a notice."""
    if not req.args.strip():
        raise FormError("remind.usage")
    ann_id = parse_announcement_code(req.args.split("|")[0])
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    if ann.kind == AnnouncementKind.PAPER_CALL:
        return await paper_reminders.remind_papers_now(ctx, req, ann)
    if ann.kind in receipts.KINDS:  # the units that have not acknowledged a notice
        return await receipts.remind_silent(ctx, ann)
    return await reminders.remind_now(ctx, ann)
