"""Units from a CSV file (`loa units import FILE.csv`): a national network's 1,000 schools set up
in one go instead of 1,000 `/donvi them`.

The file is read whole and checked whole before anything is written: every malformed row is
named by its line number (the line its record starts on, so blank lines and names quoted over
several lines do not shift the count), and one bad row means nothing is imported. The import is
one unit of work: new codes are added, existing codes renamed (never duplicated), removed units
restored, identical ones left alone, and one audit row says what happened.

The messages are for the person at the terminal, so each is Vietnamese and English in one line,
as the other messages of the `loa` program are.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.cluster.units import MAX_NAME
from handlers.forms import UNIT_CODE, fold
from storage import queries
from storage.models import Unit

SHOWN_ERRORS = 20  # errors listed; the rest are counted
HEADERS = {("code", "name"), ("ma", "ten"), ("ma don vi", "ten don vi")}


@dataclass(frozen=True)
class UnitRow:
    """One unit as the file gives it: where it starts, its code (upper-cased) and its name."""

    line: int
    code: str
    name: str


@dataclass(frozen=True)
class RowError:
    """What is wrong with the record that starts on `line`, in Vietnamese / English."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.line} / line {self.line}: {self.message}"


class UnitsFileError(Exception):
    """The file cannot be imported; `errors` names every bad row (or the file itself)."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = list(errors)

    def report(self, shown: int = SHOWN_ERRORS) -> str:
        """The lines a person reads: how many errors, that nothing was imported, the first
        `shown` of them and how many more."""
        count = len(self.errors)
        lines = [
            f"Tệp có {count} lỗi, chưa nhập đơn vị nào / "
            f"the file has {count} error(s); nothing was imported:"
        ]
        lines += [f"  {error}" for error in self.errors[:shown]]
        if count > shown:
            rest = count - shown
            lines.append(f"  … và {rest} lỗi nữa / … and {rest} more")
        return "\n".join(lines)


@dataclass
class ImportResult:
    """What an import did, by unit code."""

    added: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        added, renamed = len(self.added), len(self.renamed)
        restored, unchanged = len(self.restored), len(self.unchanged)
        text = (
            f"Đã thêm {added}, đổi tên {renamed}, khôi phục {restored}, không đổi {unchanged} / "
            f"added {added}, renamed {renamed}, restored {restored}, unchanged {unchanged}"
        )
        if restored:
            text += (
                "\nCác nhóm của đơn vị được khôi phục cần /nhom lại / "
                "the groups of restored units need /nhom again"
            )
        return text


# --- reading -------------------------------------------------------------------------------------


def _bad_utf8_lines(data: bytes) -> list[int]:
    """The numbers of the lines that are not valid UTF-8."""
    bad = []
    for number, raw in enumerate(data.splitlines(), start=1):  # \n, \r\n or \r, as csv counts
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    return bad


def _is_header(cells: list[str]) -> bool:
    return tuple(fold(cell) for cell in cells) in HEADERS


def _check(line: int, cells: list[str]) -> UnitRow | RowError:
    """A record as a unit, or what is wrong with it."""
    if len(cells) == 1 and (";" in cells[0] or "\t" in cells[0]):
        return RowError(
            line,
            "cần 2 cột cách nhau bằng dấu phẩy, không phải dấu chấm phẩy hay tab / "
            "expected 2 columns separated by a comma, not a semicolon or a tab",
        )
    if len(cells) != 2:
        return RowError(
            line,
            f"cần đúng 2 cột (mã, tên), có {len(cells)} — tên có dấu phẩy phải đặt trong "
            f"ngoặc kép / expected 2 columns (code, name), found {len(cells)}; quote a name "
            f'that holds commas: HP,"Trường A, B"',
        )
    code, name = cells[0].strip(), " ".join(cells[1].split())
    if not UNIT_CODE.match(code):
        vi, en = (f"«{code[:40]}»", f"«{code[:40]}»") if code else ("trống", "empty")
        return RowError(
            line,
            f"mã {vi} không hợp lệ: 1–10 chữ cái hoặc chữ số, không dấu, không khoảng "
            f"trắng / bad code ({en}): 1–10 ASCII letters or digits",
        )
    if not name:
        return RowError(
            line, f"thiếu tên đơn vị {code.upper()} / the name of {code.upper()} is empty"
        )
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        return RowError(
            line,
            f"tên của {code.upper()} chứa ký tự điều khiển / "
            f"the name of {code.upper()} holds control characters",
        )
    if len(name) > MAX_NAME:
        return RowError(
            line,
            f"tên quá dài ({len(name)} ký tự, tối đa {MAX_NAME}) / "
            f"name too long ({len(name)} characters, at most {MAX_NAME})",
        )
    return UnitRow(line, code.upper(), name)


def read_units_csv(data: bytes) -> list[UnitRow]:
    """The units of a CSV file (UTF-8, a BOM allowed; `code,name`; an optional header line
    `code,name` or `mã,tên`), or `UnitsFileError` naming every bad row."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:  # NUL: UTF-16 text
        raise UnitsFileError(
            [
                RowError(
                    1,
                    "tệp không phải UTF-8 (có vẻ là UTF-16) — lưu tệp dạng «CSV UTF-8» / "
                    "the file is not UTF-8 (UTF-16?); save it as CSV UTF-8",
                )
            ]
        )
    errors: list[RowError] = []
    bad_lines = _bad_utf8_lines(data)
    errors += [
        RowError(n, "không phải UTF-8 — lưu tệp dạng «CSV UTF-8» / not UTF-8; save as CSV UTF-8")
        for n in bad_lines
    ]
    text = data.decode("utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[UnitRow] = []
    first_seen: dict[str, int] = {}
    end = 0  # the last line of the previous record
    first_record = True
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(RowError(end + 1, f"sai dấu ngoặc kép / bad quoting ({exc})"))
            end = reader.line_num
            continue
        start, end = end + 1, reader.line_num
        if not cells or all(not cell.strip() for cell in cells):
            continue  # a blank line
        if first_record:
            first_record = False
            if _is_header(cells):
                continue
        if any(start <= n <= end for n in bad_lines):
            continue  # already named as not UTF-8
        checked = _check(start, cells)
        if isinstance(checked, RowError):
            errors.append(checked)
            continue
        if checked.code in first_seen:
            first = first_seen[checked.code]
            errors.append(
                RowError(
                    start,
                    f"mã {checked.code} đã có ở dòng {first} / code {checked.code} "
                    f"repeats line {first}",
                )
            )
            continue
        first_seen[checked.code] = start
        rows.append(checked)
    if not errors and not rows:
        errors.append(
            RowError(1, "tệp không có đơn vị nào (cột: mã,tên) / no units in the file (code,name)")
        )
    if errors:
        raise UnitsFileError(sorted(errors, key=lambda e: e.line))
    return rows


# --- importing -----------------------------------------------------------------------------------


async def import_units(
    session: AsyncSession,
    rows: Sequence[UnitRow],
    now: datetime,
    *,
    person_id: int | None = None,
    source: str = "",
) -> ImportResult:
    """Write `rows` in the session's transaction (the caller commits once): new codes added,
    existing ones renamed, removed ones restored with their new name, the rest unchanged; one
    audit row with the counts."""
    codes = [row.code for row in rows]
    existing: dict[str, Unit] = {}
    for chunk in range(0, len(codes), 500):  # bounded IN lists
        found = await session.scalars(select(Unit).where(Unit.code.in_(codes[chunk : chunk + 500])))
        existing.update({unit.code: unit for unit in found})
    result = ImportResult()
    for row in rows:
        unit = existing.get(row.code)
        if unit is None:
            session.add(Unit(code=row.code, name=row.name, created_at=now))
            result.added.append(row.code)
        elif unit.removed_at is not None:
            unit.name, unit.removed_at = row.name, None
            result.restored.append(row.code)
        elif unit.name != row.name:
            unit.name = row.name
            result.renamed.append(row.code)
        else:
            result.unchanged.append(row.code)
    queries.audit(
        session,
        now,
        person_id,
        "unit.import",
        _target(source),
        added=len(result.added),
        renamed=result.renamed,
        restored=result.restored,
        unchanged=len(result.unchanged),
    )
    await session.flush()
    return result


def _target(source: str) -> str:
    """The file's name for the audit row (its last part, control characters dropped)."""
    name = re.split(r"[\\/]", source)[-1]
    return "".join(ch for ch in name if ch.isprintable())[:200]
