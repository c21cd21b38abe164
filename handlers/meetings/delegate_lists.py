"""The danh sách đại biểu (PRODUCT §14) as `/tinhhinh` and `/xuat` show it: by unit in code
order, numbered across the whole list (STT, Đơn vị, Họ và tên, Chức vụ, Điện thoại, Đăng ký
lúc), each unit with its count against its quota, late ones marked.

Both read `delegation()`, so the status message, the sheet and the card's tally count the same
people. The section is shown for meetings that have a quota or registered names; others (answers
only) keep their table as it was.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font

from handlers import pages
from handlers.context import Ctx
from handlers.meetings.delegates import count_text, entry_line
from handlers.meetings.delegation import DelegateEntry, delegation
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.sheets import TIME_FORMAT, labels, plain, widths
from storage import queries
from storage.models import Announcement, Meeting, Unit

COLUMNS = ("stt", "unit", "name", "position", "phone", "time", "source", "late")


async def _by_unit(
    ctx: Ctx, ann: Announcement, meeting: Meeting
) -> list[tuple[Unit, list[DelegateEntry]]] | None:
    """Each invited unit (and any unit with delegates) with its delegation; None when the
    meeting has neither a quota nor registered names."""
    found = await delegation(ctx.session, ann.id)
    registered = any(e.source == "registered" for entries in found.values() for e in entries)
    if not meeting.delegate_quota and not registered:
        return None
    invited = await announcement_unit_ids(ctx.session, ann)
    units = await queries.units_by_ids(ctx.session, invited | set(found))
    ordered = sorted(units.values(), key=lambda unit: unit.code)
    return [(unit, found.get(unit.id, [])) for unit in ordered]


async def status_entries(ctx: Ctx, ann: Announcement, meeting: Meeting) -> list[pages.Entry]:
    """The section of `/tinhhinh`: a heading, then one entry per unit (`HP — …: 3/3` and its
    people), so that a long list is paged between units."""
    grouped = await _by_unit(ctx, ann, meeting)
    if grouped is None:
        return []
    total = sum(len(entries) for _, entries in grouped)
    found: list[pages.Entry] = [pages.Entry("\n" + ctx.t("delegates.section", count=total))]
    number = 0
    for unit, entries in grouped:
        lines = [
            ctx.t(
                "delegates.section_unit",
                name=unit.name,
                count=count_text(ctx, meeting, unit, len(entries)),
            )
        ]
        for entry in entries:
            number += 1
            lines.append(entry_line(ctx, number, entry))
        found.append(pages.Entry("\n".join(lines)))
    return found


async def sheet_rows(ctx: Ctx, ann: Announcement, meeting: Meeting) -> list[list[Any]] | None:
    """The rows of the sheet «Đại biểu» (without its header); None: no sheet for this meeting."""
    grouped = await _by_unit(ctx, ann, meeting)
    if grouped is None:
        return None
    t = labels(ctx.lang)
    rows: list[list[Any]] = []
    for unit, entries in grouped:
        for entry in entries:
            rows.append(
                [
                    len(rows) + 1,
                    f"{unit.code} — {unit.name}",
                    entry.name,
                    entry.position,
                    entry.phone,
                    entry.at.astimezone(ctx.env.tz).replace(tzinfo=None),
                    t(f"delegates.source.{entry.source}"),
                    t("delegates.col_late_yes") if entry.late else "",
                ]
            )
    return rows


async def with_delegate_sheet(
    ctx: Ctx, ann: Announcement, meeting: Meeting, workbook: bytes
) -> bytes:
    """The export's workbook with the sheet «Đại biểu» added (unchanged when there is none)."""
    rows = await sheet_rows(ctx, ann, meeting)
    if rows is None:
        return workbook
    t = labels(ctx.lang)
    book = load_workbook(io.BytesIO(workbook))
    sheet = book.create_sheet(t("delegates.sheet"), 1)
    headers = [t(f"delegates.col.{name}") for name in COLUMNS]
    plain(sheet, 1, list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sizes = [len(h) for h in headers]
    for index, values in enumerate(rows, start=2):
        plain(sheet, index, values)
        for column, value in enumerate(values):
            shown = value.strftime(TIME_FORMAT) if isinstance(value, datetime) else str(value)
            sizes[column] = max(sizes[column], len(shown))
    widths(sheet, sizes)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
