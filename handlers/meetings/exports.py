"""`/xuat 12` on a meeting: its attendance list as an XLSX workbook and a CSV, for organisers.

Both files are built in memory (a meeting's list is a few hundred rows at most) from the same
rows, so they always agree. They hold names, each person's platform, answers, reasons and
times only: no platform ids, no database ids. The list is sent to the organiser privately,
never into a unit's group.
Labels come from the catalogue; values written by people are put in cells as plain text, never
as formulas (a name starting with `=` stays a name in Excel too).
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Attachment, Reply
from handlers.meetings import attendance, delegate_lists
from handlers.meetings.card import tally_line
from handlers.meetings.status import MeetingState, find_meeting, load_state, substitute_text
from handlers.notices.sheets import (
    FORMULA_STARTS,
    TIME_FORMAT,
)
from handlers.notices.sheets import (
    labels as _labels,
)
from handlers.notices.sheets import (
    plain as _plain,
)
from handlers.notices.sheets import (
    widths as _widths,
)
from handlers.notices.tables import display_name, platform_name
from handlers.texts import Safe
from storage.models import (
    AnnouncementStatus,
    RsvpAnswer,
)

log = logging.getLogger(__name__)

# the platform last: the columns before it keep their places in sheets read by position
COLUMNS = (
    "stt",
    "unit",
    "name",
    "position",
    "answer",
    "substitute",
    "reason",
    "time",
    "late",
    "platform",
)


@dataclass(frozen=True)
class Row:
    """One line of the list: an answer, or a unit that has not answered."""

    unit: str
    name: str
    position: str
    answer: str
    substitute: str
    reason: str
    at: datetime | None  # local, naive: what Excel shows
    platform: str = ""  # `Telegram`, `Zalo`; empty for an answer an organiser set
    late: str = ""  # `trễ` for an answer given past the unit's deadline


async def export(ctx: Ctx, ann_id: int) -> Reply:
    """`/xuat 12` on a meeting: the XLSX and the CSV, with a short summary, in the organiser's
    private chat."""
    ann, meeting = await find_meeting(ctx, ann_id, "xuat")
    if not ctx.in_private and ctx.person.private_chat_id is None:
        return Reply(ctx.t("export.private_only", id=ann.id))
    state = await load_state(ctx.session, ann, meeting)
    rows = list_rows(state, ctx.lang, ctx.env.tz)
    unanswered = state.unanswered
    summary = ctx.t(
        "export.done",
        id=ann.id,
        title=meeting.title,
        tally=Safe(await tally_line(ctx.session, ann, ctx.lang)),
        unanswered=Safe(
            ctx.t("export.unanswered", units=", ".join(u.code for u in unanswered))
            if unanswered
            else ctx.t("export.all_answered")
        ),
    )
    exported = timeparse.format_when(ctx.now, ctx.env.tz, ctx.lang)
    files = [
        Attachment(
            f"hop-{ann.id}-danh-sach.xlsx",
            await delegate_lists.with_delegate_sheet(
                ctx,
                ann,
                meeting,
                build_xlsx(
                    state,
                    rows,
                    ctx.lang,
                    ctx.env.tz,
                    exported,
                    await attendance.started(ctx.session, meeting),
                ),
            ),
            ctx.t("export.caption_xlsx", id=ann.id),
        ),
        Attachment(
            f"hop-{ann.id}-danh-sach.csv",
            build_csv(rows, ctx.lang),
            ctx.t("export.caption_csv", id=ann.id),
        ),
    ]
    return Reply(summary, files=files, to_person=not ctx.in_private)


def list_rows(state: MeetingState, lang: str, tz: Any) -> list[Row]:
    """Answers grouped by unit in code order (oldest first), a unit with none as one row."""
    t = _labels(lang)
    rows: list[Row] = []
    for entry in state.units:
        unit = f"{entry.unit.code} — {entry.unit.name}"
        if not entry.answers:
            if entry.invited:
                rows.append(Row(unit, "", "", t("export.answer.none"), "", "", None))
            continue
        for record in entry.answers:
            rows.append(
                Row(
                    unit=unit,
                    name=display_name(t, record.person),
                    platform=platform_name(t, record.person),
                    position="",  # not asked yet: a person's position is not stored
                    answer=t(f"export.answer.{record.answer.value}"),
                    substitute=substitute_text(record),
                    reason=(record.reason or "") if record.answer == RsvpAnswer.ABSENT else "",
                    at=record.answered_at.astimezone(tz).replace(tzinfo=None),
                    late=t("export.late") if record.late else "",
                )
            )
    return rows


def _headers(lang: str) -> list[str]:
    t = _labels(lang)
    return [t(f"export.col.{name}") for name in COLUMNS]


def _cells(index: int, row: Row) -> list[Any]:
    return [
        index,
        row.unit,
        row.name,
        row.position,
        row.answer,
        row.substitute,
        row.reason,
        row.at,
        row.late,
        row.platform,
    ]


def build_xlsx(
    state: MeetingState,
    rows: list[Row],
    lang: str,
    tz: Any,
    exported: str,
    roll: attendance.Roll | None = None,
) -> bytes:
    """Sheet «Danh sách» (bold, frozen header; one row per answer) and sheet «Tổng hợp»."""
    t = _labels(lang)
    book = Workbook()
    book.properties.creator = "Loa"
    sheet = book.active
    assert sheet is not None
    sheet.title = t("export.sheet_list")
    headers = _headers(lang)
    _plain(sheet, 1, list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [len(h) for h in headers]
    for index, row in enumerate(rows, start=1):
        values = _cells(index, row)
        _plain(sheet, index + 1, values)
        for column, value in enumerate(values):
            shown = (
                len(value.strftime(TIME_FORMAT))
                if isinstance(value, datetime)
                else len(str(value or ""))
            )
            widths[column] = max(widths[column], shown)
    _widths(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"

    summary = book.create_sheet(t("export.sheet_summary"))
    for number, (label, value) in enumerate(_summary(state, lang, tz, exported), start=1):
        _plain(summary, number, [label, value])
        summary.cell(row=number, column=1).font = Font(bold=True)
        summary.cell(row=number, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 80
    attendance.add_sheet(book, roll, lang, tz)  # «Điểm danh», once there is a roll-call

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(state: MeetingState, lang: str, tz: Any, exported: str) -> list[tuple[str, Any]]:
    """The meeting's fields, the counts and the units that have not answered."""
    t = _labels(lang)
    ann, meeting = state.ann, state.meeting
    lines: list[tuple[str, Any]] = [(t("export.sum.heading", id=ann.id), "")]
    if ann.status == AnnouncementStatus.CANCELLED:
        lines.append((t("export.sum.status"), t("export.cancelled")))
    lines += [
        (t("export.sum.title"), meeting.title),
        (t("export.sum.time"), timeparse.format_when(meeting.starts_at, tz, lang)),
    ]
    if meeting.ends_at:
        lines.append((t("export.sum.end"), timeparse.format_when(meeting.ends_at, tz, lang)))
    lines += [
        (t("export.sum.venue"), meeting.venue),
        (t("export.sum.basis"), meeting.basis or ""),
        (t("export.sum.composition"), meeting.composition or ""),
    ]
    if meeting.rsvp_deadline:
        lines.append(
            (t("export.sum.deadline"), timeparse.format_when(meeting.rsvp_deadline, tz, lang))
        )
    codes = {entry.unit.id: entry.unit.code for entry in state.units}
    own = [
        f"{codes[unit_id]}: {timeparse.format_when(when, tz, lang)}"
        for unit_id, when in sorted(state.own_deadlines.items(), key=lambda i: codes.get(i[0], ""))
        if unit_id in codes
    ]
    if own:  # the units `/giahan` gave a deadline of their own
        lines.append((t("export.sum.own_deadlines"), "; ".join(own)))
    unanswered = ", ".join(u.code for u in state.unanswered) or t("export.none")
    lines += [
        ("", ""),
        (t("export.sum.confirmed"), f"{state.confirmed_count}/{state.invited_count}"),
        (t("export.sum.attend"), state.count(RsvpAnswer.ATTEND)),
        (t("export.sum.absent"), state.count(RsvpAnswer.ABSENT)),
        (t("export.sum.substitute"), state.count(RsvpAnswer.SUBSTITUTE)),
        (t("export.sum.unanswered"), unanswered),
        (t("export.sum.exported"), exported),
    ]
    return lines


def _csv_cell(value: Any) -> Any:
    """Dates as on the sheet; text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, datetime):
        return value.strftime(TIME_FORMAT)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def build_csv(rows: list[Row], lang: str) -> bytes:
    """The first sheet as CSV, UTF-8 with a BOM so that Excel shows the diacritics."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_headers(lang))
    for index, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(value) for value in _cells(index, row)])
    return buffer.getvalue().encode("utf-8-sig")


# --- paper calls: the ZIP of the current files and the XLSX list -----------------------------
#
