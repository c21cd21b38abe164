"""Who came to a meeting, read and written in one place (PRODUCT §14): each unit's delegation
(`handlers.meetings.delegation`) beside the roll-call's marks (`Attendance`), for the scan, the
marking by hand, `/tinhhinh` and the «Điểm danh» sheet of `/xuat`.

A mark belongs to a delegation entry by its key (`r<rsvp id>`, `s<rsvp id>`, `d<delegate id>`);
someone who came without being on the list is an extra, `p<person id>`. One row per entry: a
second scan changes nothing, a mark by hand replaces the state and says it was by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl.styles import Alignment, Font
from openpyxl.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import pages
from handlers.context import Ctx
from handlers.meetings.delegation import DelegateEntry, delegation
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.sheets import labels, plain, widths
from storage import queries
from storage.models import Attendance, AttendanceState, Meeting, Unit

STATE_MARKS = {
    AttendanceState.PRESENT: "✅",
    AttendanceState.ONLINE: "💻",
    AttendanceState.ABSENT: "❌",
}
CAME = (AttendanceState.PRESENT, AttendanceState.ONLINE)
SHEET_COLUMNS = ("stt", "unit", "name", "position", "registered", "state", "at", "method")


@dataclass
class RollEntry:
    """One person of a unit's delegation (or an extra), and their mark if any."""

    key: str
    name: str
    position: str
    registered: bool  # on the unit's delegation; False for an extra
    mark: Attendance | None = None
    person_id: int | None = None


@dataclass
class UnitRoll:
    unit: Unit
    entries: list[RollEntry] = field(default_factory=list)

    @property
    def registered(self) -> int:
        return sum(1 for e in self.entries if e.registered)

    @property
    def came(self) -> int:
        """Registered delegates who came (in person or online); extras are counted apart."""
        return sum(
            1 for e in self.entries if e.registered and e.mark is not None and e.mark.state in CAME
        )

    def count(self, state: AttendanceState) -> int:
        """Registered delegates marked `state`."""
        return sum(
            1 for e in self.entries if e.registered and e.mark is not None and e.mark.state == state
        )

    @property
    def extras(self) -> list[RollEntry]:
        return [e for e in self.entries if not e.registered]


@dataclass
class Roll:
    """A meeting's delegations and marks, by unit in code order."""

    meeting: Meeting
    units: list[UnitRoll]
    marks: dict[str, Attendance]

    @property
    def started(self) -> bool:
        """Whether there is a roll-call to show: a poster was made or someone was marked."""
        return bool(self.meeting.checkin_token) or bool(self.marks)

    def entry(self, key: str) -> tuple[UnitRoll, RollEntry] | None:
        for unit in self.units:
            for entry in unit.entries:
                if entry.key == key:
                    return unit, entry
        return None

    def total(self, state: AttendanceState | None = None) -> int:
        if state is None:
            return sum(u.came for u in self.units)
        return sum(u.count(state) for u in self.units)


async def marks(session: AsyncSession, meeting_id: int) -> dict[str, Attendance]:
    rows = await session.scalars(select(Attendance).where(Attendance.announcement_id == meeting_id))
    return {row.entry: row for row in rows.all()}


async def load(session: AsyncSession, meeting: Meeting) -> Roll:
    """Every invited unit (and any unit someone came for) with its delegation and marks."""
    found = await delegation(session, meeting.announcement_id)
    marked = await marks(session, meeting.announcement_id)
    invited = await announcement_unit_ids(session, meeting.announcement)
    unit_ids = invited | set(found) | {m.unit_id for m in marked.values() if m.unit_id}
    units = await queries.units_by_ids(session, unit_ids)
    rolls = {uid: UnitRoll(unit) for uid, unit in units.items()}
    listed: set[str] = set()
    for unit_id, entries in found.items():
        for item in entries:
            listed.add(item.key)
            rolls[unit_id].entries.append(_entry(item, marked.get(item.key)))
    for key, mark in sorted(marked.items(), key=lambda kv: (kv[1].marked_at, kv[0])):
        if key in listed or mark.unit_id not in rolls:
            continue
        rolls[mark.unit_id].entries.append(
            RollEntry(key, mark.name, mark.position, False, mark, mark.person_id)
        )
    ordered = sorted(rolls.values(), key=lambda u: u.unit.code)
    return Roll(meeting=meeting, units=ordered, marks=marked)


async def started(session: AsyncSession, meeting: Meeting) -> Roll | None:
    """The roll if the meeting has a roll-call (a poster was made or someone was marked), else
    None — read cheaply, since every `/tinhhinh` and `/xuat` of a meeting asks."""
    if not meeting.checkin_token:
        marked = await session.scalar(
            select(Attendance.id).where(Attendance.announcement_id == meeting.announcement_id)
        )
        if marked is None:
            return None
    return await load(session, meeting)


def _entry(item: DelegateEntry, mark: Attendance | None) -> RollEntry:
    return RollEntry(item.key, item.name, item.position, True, mark, item.person_id)


async def mark(
    ctx: Ctx,
    meeting: Meeting,
    key: str,
    *,
    unit_id: int | None,
    name: str,
    position: str,
    state: AttendanceState,
    method: str,
    person_id: int | None,
    extra: bool = False,
) -> tuple[Attendance, bool]:
    """Record a mark; (the row, whether it is new). A scan never overwrites a mark that is
    there (the second scan is idempotent); a mark by hand replaces the state."""
    ann_id = meeting.announcement_id
    existing = await ctx.session.scalar(
        select(Attendance).where(Attendance.announcement_id == ann_id, Attendance.entry == key)
    )
    if existing is not None:
        if method == "hand":
            existing.state, existing.method = state, method
            existing.marked_by_id, existing.marked_at = ctx.person.id, ctx.now
        return existing, False
    row = Attendance(
        announcement_id=ann_id,
        entry=key,
        unit_id=unit_id,
        person_id=person_id,
        name=name,
        position=position,
        state=state,
        method=method,
        extra=extra,
        marked_by_id=ctx.person.id,
        marked_at=ctx.now,
    )
    try:
        async with ctx.session.begin_nested():  # the same entry scanned twice at once
            ctx.session.add(row)
    except IntegrityError:
        again = await ctx.session.scalar(
            select(Attendance).where(Attendance.announcement_id == ann_id, Attendance.entry == key)
        )
        if again is None:
            raise
        return again, False
    return row, True


# --- /tinhhinh: registered against present, per unit ----------------------------------------


async def status_entries(ctx: Ctx, meeting: Meeting) -> list[pages.Entry]:
    """The roll-call part of a meeting's `/tinhhinh` (none before a roll-call exists): the
    totals, one line per unit, and who came without being registered."""
    roll = await started(ctx.session, meeting)
    if roll is None:
        return []
    registered = sum(u.registered for u in roll.units)
    extras = [(u, e) for u in roll.units for e in u.extras]
    head = ctx.t(
        "rollcall.status_head",
        came=roll.total(),
        registered=registered,
        online=roll.total(AttendanceState.ONLINE),
        absent=roll.total(AttendanceState.ABSENT),
        extras=len(extras),
    )
    entries = [pages.Entry("\n" + head)]
    for unit in roll.units:
        if not unit.entries:
            continue
        entries.append(
            pages.Entry(
                ctx.t(
                    "rollcall.status_unit",
                    code=unit.unit.code,
                    registered=unit.registered,
                    came=unit.came,
                    online=unit.count(AttendanceState.ONLINE),
                    extras=len(unit.extras),
                )
            )
        )
    if extras:
        names = "; ".join(f"{e.name} ({u.unit.code})" for u, e in extras)
        entries.append(pages.Entry(ctx.t("rollcall.status_extras", names=names)))
    return entries


# --- /xuat: the «Điểm danh» sheet -----------------------------------------------------------


def sheet_rows(roll: Roll, lang: str, tz: ZoneInfo) -> list[list[Any]]:
    """One row per delegate and extra, by unit: STT, Đơn vị, Họ và tên, Chức vụ, Đăng ký,
    Điểm danh, Lúc, Cách."""
    t = labels(lang)
    rows: list[list[Any]] = []
    for unit in roll.units:
        for entry in unit.entries:
            mark_ = entry.mark
            rows.append(
                [
                    len(rows) + 1,
                    f"{unit.unit.code} — {unit.unit.name}",
                    entry.name,
                    entry.position,
                    t("rollcall.col.yes" if entry.registered else "rollcall.col.no"),
                    t(f"rollcall.state.{mark_.state.value}") if mark_ else "—",
                    mark_.marked_at.astimezone(tz).replace(tzinfo=None) if mark_ else None,
                    t(f"rollcall.method.{mark_.method}") if mark_ else "",
                ]
            )
    return rows


def add_sheet(book: Workbook, roll: Roll | None, lang: str, tz: ZoneInfo) -> None:
    """The «Điểm danh» sheet, when the meeting has a roll-call."""
    if roll is None or not roll.started:
        return
    t = labels(lang)
    sheet = book.create_sheet(t("rollcall.sheet"))
    headers = [t(f"rollcall.col.{name}") for name in SHEET_COLUMNS]
    plain(sheet, 1, list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sizes = [len(h) for h in headers]
    for number, values in enumerate(sheet_rows(roll, lang, tz), start=2):
        plain(sheet, number, values)
        for column, value in enumerate(values):
            shown = 16 if isinstance(value, datetime) else len(str(value or ""))
            sizes[column] = max(sizes[column], shown)
    widths(sheet, sizes)
    sheet.freeze_panes = "A2"
