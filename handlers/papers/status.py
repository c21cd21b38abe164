"""Where a paper call stands: `/tinhhinh 7` lists every unit of the audience with its current
file(s), who sent them and when, late ones flagged, so the organisers see who is still missing
before they remind them (`/nhacnho 7`) or collect the files (`/xuat 7`).

`handlers/announcements.py` hands paper calls over here; the table is fitted into one message by the
same rules as a meeting's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import deadlines, timeparse
from handlers.context import Ctx
from handlers.core import Reply
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.status import failed_lines
from handlers.notices.tables import display_name, platform_mark, short_time
from handlers.notices.tables import fit as fit_message
from handlers.papers.appraisal import status_note
from handlers.papers.card import submitted_line
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

OPEN = (AnnouncementStatus.SENDING, AnnouncementStatus.SENT)


@dataclass
class UnitPapers:
    """One unit and its current papers, oldest first."""

    unit: Unit
    invited: bool
    papers: list[Submission] = field(default_factory=list)


@dataclass
class PaperState:
    """A call and its units, read once for the table."""

    ann: Announcement
    call: PaperCall
    units: list[UnitPapers]

    @property
    def missing(self) -> list[Unit]:
        """Invited units short of the papers the call asks for (the reminders' addressees)."""
        return [u.unit for u in self.units if u.invited and len(u.papers) < self.call.per_unit]


async def load_state(session: AsyncSession, ann: Announcement, call: PaperCall) -> PaperState:
    """The audience's units, and any other unit with a current paper (say one removed from the
    audience since), each with its current papers, in code order."""
    invited = await announcement_unit_ids(session, ann)
    papers = list(await queries.current_submissions(session, ann.id))
    units = await queries.units_by_ids(session, invited | {p.unit_id for p in papers})
    grouped = {uid: UnitPapers(unit, uid in invited) for uid, unit in units.items()}
    for paper in papers:
        grouped[paper.unit_id].papers.append(paper)
    ordered = sorted(grouped.values(), key=lambda u: u.unit.code)
    return PaperState(ann=ann, call=call, units=ordered)


async def status(ctx: Ctx, ann_id: int, extra: list[str]) -> Reply | None:
    """`/tinhhinh 7` for a paper call; None when #7 is not one (the meeting table answers).

    Only the code is read: units submit their own files, nothing is set on their behalf."""
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None or ann.kind != AnnouncementKind.PAPER_CALL:
        return None
    call = await queries.paper_call(ctx.session, ann.id)
    if call is None:
        return None
    if any(extra):
        return Reply(ctx.t("paper_status.only_code", id=ann.id))
    state = await load_state(ctx.session, ann, call)
    return Reply(await status_table(ctx, state))


async def status_table(ctx: Ctx, state: PaperState) -> str:
    """Header with `Đã nộp: n/N đơn vị`, one paragraph per unit, then `Chưa nộp: …`."""
    ann, call, tz = state.ann, state.call, ctx.env.tz
    passed = ctx.t("paper_status.passed") if call.deadline <= ctx.now else ""
    header = [
        ctx.t(
            "paper_status.header",
            id=ann.id,
            topic=call.topic,
            deadline=timeparse.format_when(call.deadline, tz, ctx.lang),
            passed=Safe(passed),
        )
    ]
    if ann.status == AnnouncementStatus.CANCELLED:
        header.append(ctx.t("paper_status.cancelled"))
    elif ann.status == AnnouncementStatus.SCHEDULED and ann.send_at is not None:
        header.append(
            ctx.t("paper_status.scheduled", when=timeparse.format_when(ann.send_at, tz, ctx.lang))
        )
    elif ann.status not in OPEN:
        header.append(ctx.t("paper_status.unsent"))
    header.append(f"<b>{await submitted_line(ctx.session, ann, call)}</b>")
    failed = await failed_lines(ctx, ann.id)  # groups that refused the call for good
    if failed:
        header.append(failed)
    own = await deadlines.unit_deadlines(ctx.session, ann.id)
    blocks = [_unit_block(ctx, state, entry, own.get(entry.unit.id)) for entry in state.units]
    missing = state.missing
    footer = [
        ctx.t("paper_status.missing", units=", ".join(u.code for u in missing))
        if missing
        else ctx.t("paper_status.all_done")
    ]
    if missing and ann.status in OPEN:
        footer.append(ctx.t("paper_status.remind_hint", id=ann.id))
    return fit_message(
        "\n".join(header),
        blocks,
        "\n".join(footer),
        lambda hidden: ctx.t("paper_status.more_units", count=hidden, id=ann.id),
    )


def _unit_block(ctx: Ctx, state: PaperState, entry: UnitPapers, own: datetime | None = None) -> str:
    """The unit's line (with `hạn riêng: …` when `/giahan` gave it its own), then its papers."""
    unit, need = entry.unit, state.call.per_unit
    outside = Safe("" if entry.invited else ctx.t("paper_status.outside"))
    if own is not None:
        when = timeparse.format_when(own, ctx.env.tz, ctx.lang)
        outside = Safe(outside + ctx.t("deadlines.own", when=when))
    if not entry.papers:
        line = ctx.t("paper_status.unit_missing", code=unit.code, name=unit.name)
        return line + (ctx.t("deadlines.own", when=when) if own is not None else "")
    if len(entry.papers) < need:
        first = ctx.t(
            "paper_status.unit_partial",
            code=unit.code,
            name=unit.name,
            have=len(entry.papers),
            need=need,
            outside=outside,
        )
    else:
        first = ctx.t("paper_status.unit_done", code=unit.code, name=unit.name, outside=outside)
    lines = [first]
    for paper in entry.papers:
        late = Safe(ctx.t("paper_status.late") if paper.late else "")
        name = display_name(ctx.t, paper.person) + platform_mark(ctx.t, paper.person)
        at = short_time(paper.submitted_at, ctx.env.tz)
        if paper.is_link:
            line = ctx.t("paper_status.link", url=paper.link, name=name, at=at, late=late)
        else:
            line = ctx.t("paper_status.paper", file=paper.file_name, name=name, at=at, late=late)
        lines.append(line + status_note(ctx, paper))
        if paper.format_warnings:  # what differs from the call's format rules
            lines.append(ctx.t("formats.status_mark", lines="; ".join(paper.format_warnings)))
    return "\n".join(lines)
