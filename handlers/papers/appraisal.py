"""The appraisal of a call's papers (`/thamdinh 7`, PRODUCT §15): the organisers see each unit's
current paper (file, version, format warnings, state) and mark it [Đạt], [Cần sửa] or
[Chọn trình bày]; the states show in `/tinhhinh` and the export too.

A verdict applies to the unit's current paper(s) for the call. Buttons carry the unit's code and
its latest version (`ap:ok.HP.1.0:7`), so a press made before a newer file came is stale, and the
typed form for Zalo (`THAMDINH 7 HP DAT`) can be printed from the action alone. [Cần sửa] asks
for the comment and the revision's deadline (`handlers.papers.revision`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import pages, timeparse
from handlers.context import Ctx
from handlers.core import Button, Reply, Request
from handlers.forms import FormError, fold, parse_announcement_code, parse_unit_code
from handlers.papers import revision
from handlers.texts import Safe, text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    PaperCall,
    PaperReview,
    Submission,
    Unit,
)

PREFIX = "ap"  # button actions `ap:<verb>.<unit>.<version>.<page>:<call id>`
LIST = "review"  # the paged list `p:review.<call id>:<page>`

# the buttons' verbs and the states they set (`fix` asks for a comment first)
VERBS: dict[str, PaperReview] = {
    "ok": PaperReview.ACCEPTED,
    "fix": PaperReview.NEEDS_REVISION,
    "pr": PaperReview.PRESENTING,
}

# what an organiser types for each verdict (folded, spaces removed)
VERDICT_WORDS: dict[str, PaperReview] = {
    "dat": PaperReview.ACCEPTED,
    "ok": PaperReview.ACCEPTED,
    "cansua": PaperReview.NEEDS_REVISION,
    "sua": PaperReview.NEEDS_REVISION,
    "trinhbay": PaperReview.PRESENTING,
    "chontrinhbay": PaperReview.PRESENTING,
}


def state_name(lang: str, review: PaperReview) -> str:
    """`đã nhận`, `cần sửa`, `đã sửa`, `đạt`, `chọn trình bày`."""
    return text(lang, f"review.state.{review.value}")


# --- the command ---------------------------------------------------------------------------------


async def review_command(ctx: Ctx, req: Request) -> Reply:
    """`/thamdinh 7` lists the papers; `/thamdinh 7 HP DAT` (`CANSUA`, `TRINHBAY`) or
    `/thamdinh 7 HP | cần sửa | <nhận xét> | <hạn>` sets a verdict, as the buttons do."""
    args = req.args.strip()
    if not args:
        raise FormError("review.usage")
    head, bar, rest = args.partition("|")
    words = head.split()
    ann, call = await paper_call_of(ctx, parse_announcement_code(words[0]))
    if len(words) == 1 and not bar:
        return await review_page(ctx, str(ann.id), 0)
    if len(words) < 2:
        raise FormError("review.usage")
    unit = await _unit(ctx, parse_unit_code(words[1]))
    fields = [f.strip() for f in rest.split("|")] if bar else [" ".join(words[2:])]
    verdict = VERDICT_WORDS.get(fold(fields[0]).replace(" ", ""))
    if verdict is None:
        raise FormError("review.bad_verdict", value=fields[0][:40], id=ann.id, unit=unit.code)
    papers = await _current(ctx.session, ann.id, unit)
    if verdict != PaperReview.NEEDS_REVISION:
        return Reply(await _set(ctx, ann, unit, papers, verdict))
    comment = fields[1] if len(fields) > 1 else ""
    if not comment:
        return await revision.ask_comment(ctx, ann, unit, papers[-1].version, 0)
    when = fields[2] if len(fields) > 2 else ""
    deadline = await revision.read_deadline(ctx, ann, call, unit, when)
    if deadline is None:
        raise FormError("review.need_deadline", id=ann.id, unit=unit.code)
    return Reply(await revision.send_comment(ctx, ann, call, unit, papers, comment, deadline))


async def paper_call_of(ctx: Ctx, ann_id: int) -> tuple[Announcement, PaperCall]:
    """The call #`ann_id`, or why it cannot be appraised (not a paper call, not sent, cancelled)."""
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    call = await queries.paper_call(ctx.session, ann_id)
    if call is None or ann.kind != AnnouncementKind.PAPER_CALL:
        raise FormError("review.not_call", id=ann_id)
    if ann.status == AnnouncementStatus.CANCELLED:
        raise FormError("review.cancelled", id=ann_id)
    return ann, call


async def _unit(ctx: Ctx, code: str) -> Unit:
    unit = await queries.unit_by_code(ctx.session, code, include_removed=True)
    if unit is None:
        known = ", ".join(u.code for u in await queries.active_units(ctx.session))
        raise FormError("error.unknown_unit", code=code, known=known or "—")
    return unit


async def _current(session: AsyncSession, ann_id: int, unit: Unit) -> list[Submission]:
    papers = list(await queries.current_submissions(session, ann_id, unit.id))
    if not papers:
        raise FormError("review.no_paper", id=ann_id, unit=unit.code)
    return papers


async def _set(
    ctx: Ctx, ann: Announcement, unit: Unit, papers: list[Submission], verdict: PaperReview
) -> str:
    """Mark the unit's current papers `đạt` or `chọn trình bày`; what the organiser is told."""
    for paper in papers:
        paper.review = verdict
        paper.reviewed_by_id = ctx.person.id
        paper.reviewed_at = ctx.now
    queries.audit(
        ctx.session, ctx.now, ctx.person.id, "papers.review", f"#{ann.id}",
        unit=unit.code, review=verdict.value,
    )  # fmt: skip
    return ctx.t("review.set", unit=unit.code, id=ann.id, state=state_name(ctx.lang, verdict))


# --- the list and its buttons --------------------------------------------------------------------


async def review_page(ctx: Ctx, arg: str, page: int) -> Reply:
    """Page `page` of the papers of call `arg`, each unit with its buttons (`p:review.7:1`)."""
    ann_id = int(arg) if arg.isdigit() else 0
    ann = await queries.announcement(ctx.session, ann_id)
    call = await queries.paper_call(ctx.session, ann_id)
    if ann is None or call is None or ann.status == AnnouncementStatus.CANCELLED:
        return Reply(toast=ctx.t("error.stale_button"))
    papers = list(await queries.current_submissions(ctx.session, ann.id))
    units = await queries.units_by_ids(ctx.session, {p.unit_id for p in papers})
    by_unit: dict[int, list[Submission]] = {}
    for paper in papers:
        by_unit.setdefault(paper.unit_id, []).append(paper)
    entries = [
        _entry(ctx, ann, units[uid], by_unit[uid])
        for uid in sorted(by_unit, key=lambda u: units[u].code)
    ]
    counts = {state: 0 for state in PaperReview}
    for paper in papers:
        counts[paper.review] += 1
    tally = " · ".join(
        f"{state_name(ctx.lang, state)}: {count}" for state, count in counts.items() if count
    )
    header = ctx.t("review.header", id=ann.id, topic=call.topic, units=len(entries))
    if tally:
        header += "\n" + ctx.t("review.tally", tally=tally)
    footer = ctx.t("review.footer" if entries else "review.empty", id=ann.id)
    return pages.render(
        ctx.t, header, entries, action=f"{LIST}.{ann.id}", page=page, footer=footer, sep="\n\n"
    )


def _entry(ctx: Ctx, ann: Announcement, unit: Unit, papers: list[Submission]) -> pages.Entry:
    lines = [ctx.t("review.unit", code=unit.code, name=unit.name)]
    for paper in papers:
        lines.append(
            ctx.t(
                "review.paper",
                file=paper.link if paper.is_link and paper.link else paper.file_name,
                version=paper.version,
                state=state_name(ctx.lang, paper.review),
                warnings=Safe(_warnings(ctx, paper)),
            )
        )
        lines.extend(_comment_lines(ctx, paper))
    version = max(p.version for p in papers)
    buttons = tuple(
        Button(
            ctx.t(f"review.button_{verb}"),
            action=f"{PREFIX}:{verb}.{unit.code}.{version}.{pages.PAGE_MARK}:{ann.id}",
        )
        for verb in VERBS
    )
    return pages.Entry("\n".join(lines), buttons)


def _warnings(ctx: Ctx, paper: Submission) -> str:
    count = len(paper.format_warnings or [])
    return ctx.t("review.warnings", count=count) if count else ctx.t("review.no_warnings")


def _comment_lines(ctx: Ctx, paper: Submission) -> list[str]:
    """The comment sent and the revision's deadline, for a paper asked to be revised."""
    if not paper.review_comment or paper.review not in (
        PaperReview.NEEDS_REVISION,
        PaperReview.REVISED,
    ):
        return []
    lines = [ctx.t("review.comment", comment=paper.review_comment)]
    if paper.revision_deadline is not None and paper.review == PaperReview.NEEDS_REVISION:
        when = timeparse.format_when(paper.revision_deadline, ctx.env.tz, ctx.lang)
        lines.append(ctx.t("review.revision_deadline", when=when))
    return lines


@dataclass(frozen=True)
class Press:
    """A press on a list's button: what it asks for, of which unit, seen at which version."""

    verb: str
    code: str
    version: int
    page: int


def parse_press(verb: str) -> Press | None:
    parts = verb.split(".")
    if len(parts) != 4 or parts[0] not in VERBS or not parts[2].isdigit():
        return None
    if not parts[3].isdigit() or not parts[1].isalnum():
        return None
    return Press(parts[0], parts[1].upper(), int(parts[2]), int(parts[3]))


async def review_button(ctx: Ctx, req: Request, verb: str, ann_id: int) -> Reply:
    """[Đạt] [Cần sửa] [Chọn trình bày] (organisers only, checked by the router): the state
    set and the page redrawn in place; [Cần sửa] asks for the comment first. A press on a
    paper that has a newer version since, or on a forged action, is stale."""
    press = parse_press(verb)
    ann = await queries.announcement(ctx.session, ann_id)
    call = await queries.paper_call(ctx.session, ann_id)
    if press is None or ann is None or call is None or ann.status == AnnouncementStatus.CANCELLED:
        return Reply(toast=ctx.t("error.stale_button"))
    unit = await queries.unit_by_code(ctx.session, press.code, include_removed=True)
    papers = list(await queries.current_submissions(ctx.session, ann.id, unit.id)) if unit else []
    if unit is None or not papers or max(p.version for p in papers) != press.version:
        return Reply(toast=ctx.t("error.stale_button"))
    verdict = VERBS[press.verb]
    if verdict == PaperReview.NEEDS_REVISION:
        return await revision.ask_comment(ctx, ann, unit, press.version, press.page)
    if all(p.review == verdict for p in papers):
        toast = ctx.t("review.unchanged", unit=unit.code, state=state_name(ctx.lang, verdict))
    else:
        toast = await _set(ctx, ann, unit, papers, verdict)
    reply = await review_page(ctx, str(ann.id), press.page)
    reply.edit, reply.toast = True, toast
    return reply


# --- versions, /tinhhinh and the export ----------------------------------------------------------


@dataclass(frozen=True)
class NewVersion:
    """What a unit's next file for a call is: its version and whether it revises a paper the
    organisers asked to be revised (then it carries the comment and the revision's deadline)."""

    version: int
    revised: bool
    comment: str | None = None
    deadline: datetime | None = None

    @property
    def review(self) -> PaperReview:
        return PaperReview.REVISED if self.revised else PaperReview.RECEIVED

    def on_time(self, now: datetime) -> bool:
        """A revision sent within the deadline the organisers gave for it."""
        return self.revised and self.deadline is not None and now <= self.deadline


async def next_version(session: AsyncSession, ann_id: int, unit_id: int) -> NewVersion:
    """Read before a unit's new file is recorded (while its earlier one is still current)."""
    count = await session.scalar(
        select(func.count())
        .select_from(Submission)
        .where(Submission.announcement_id == ann_id, Submission.unit_id == unit_id)
    )
    asked = [
        s
        for s in await queries.current_submissions(session, ann_id, unit_id)
        if s.review == PaperReview.NEEDS_REVISION
    ]
    if not asked:
        return NewVersion((count or 0) + 1, False)
    last = asked[-1]
    return NewVersion((count or 0) + 1, True, last.review_comment, last.revision_deadline)


async def version_recorded(ctx: Ctx, ann: Announcement, unit: Unit, new: NewVersion) -> str:
    """After a unit's new file was recorded: the organisers told of a revision; the sentence
    the receipt adds (`Đây là bản sửa (bản 2) …`), empty for a first version."""
    if new.revised:
        await revision.tell_organisers(ctx, ann, unit, new.version)
        return ctx.t("review.receipt_revised", version=new.version)
    return ctx.t("review.receipt_version", version=new.version) if new.version > 1 else ""


def status_note(ctx: Ctx, paper: Submission) -> str:
    """The line under a paper in `/tinhhinh 7`: version and state, and the comment; empty for
    a first version not appraised yet."""
    if paper.version <= 1 and paper.review == PaperReview.RECEIVED:
        return ""
    lines = [
        ctx.t("review.status_line", version=paper.version, state=state_name(ctx.lang, paper.review))
    ]
    lines.extend("      " + line.strip() for line in _comment_lines(ctx, paper))
    return "\n" + "\n".join(lines)


def export_headers(lang: str) -> list[str]:
    """The export's appraisal columns: version, state, comment."""
    return [text(lang, f"review.col.{name}") for name in ("version", "state", "comment")]


def export_cells(paper: Submission, lang: str) -> tuple[object, ...]:
    return (paper.version, state_name(lang, paper.review), paper.review_comment or "")
