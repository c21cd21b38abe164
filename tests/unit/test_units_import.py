"""`loa units import FILE.csv`: how the file is read (headers, BOM, quotes, line numbers), that
every bad row is named and nothing is imported, what an import does on a real database, and the
command as a process (its output and exit codes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handlers.cluster.units_import import (
    UnitRow,
    UnitsFileError,
    import_units,
    read_units_csv,
)
from storage.models import AuditLog, Unit
from tests.support import Harness

REPO = Path(__file__).resolve().parents[2]
TO_HIEU = "Trường Chính trị Tô Hiệu thành phố Hải Phòng"


def rows(text: str) -> list[tuple[int, str, str]]:
    return [(r.line, r.code, r.name) for r in read_units_csv(text.encode("utf-8"))]


def errors(data: str | bytes) -> list[str]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(UnitsFileError) as caught:
        read_units_csv(raw)
    return [str(e) for e in caught.value.errors]


# ---- reading ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["code,name", "Code,Name", "mã,tên", "Mã,Tên", "MA,TEN", "mã đơn vị,tên đơn vị"]
)
def test_a_header_line_in_english_or_vietnamese_is_not_a_unit(header: str) -> None:
    assert rows(f"{header}\nHP,{TO_HIEU}\n") == [(2, "HP", TO_HIEU)]


def test_without_a_header_the_first_line_is_a_unit() -> None:
    assert rows(f"HP,{TO_HIEU}\nVP,Trường VP\n") == [(1, "HP", TO_HIEU), (2, "VP", "Trường VP")]


def test_a_byte_order_mark_is_allowed_before_the_header_or_the_first_unit() -> None:
    data = "\ufeffmã,tên\nHP,Tô Hiệu\n".encode()
    assert [r.code for r in read_units_csv(data)] == ["HP"]
    assert [r.code for r in read_units_csv("\ufeffHP,Tô Hiệu\n".encode())] == ["HP"]


def test_a_quoted_name_keeps_its_commas_and_doubled_quotes() -> None:
    text = 'HP,"Trường Chính trị Tô Hiệu, Hải Phòng"\nVP,"Trường ""Lê Hồng Phong"", Hà Nội"\n'
    assert rows(text) == [
        (1, "HP", "Trường Chính trị Tô Hiệu, Hải Phòng"),
        (2, "VP", 'Trường "Lê Hồng Phong", Hà Nội'),
    ]


def test_codes_are_upper_cased_and_spaces_around_them_and_in_names_tidied() -> None:
    assert rows(" hp ,  Trường   Tô Hiệu  \n") == [(1, "HP", "Trường Tô Hiệu")]


def test_blank_lines_are_skipped_and_still_counted() -> None:
    text = "code,name\n\nHP,Tô Hiệu\n   \n\n,,\nVP,Lê Hồng Phong\n"
    assert rows(text) == [(3, "HP", "Tô Hiệu"), (7, "VP", "Lê Hồng Phong")]


def test_crlf_line_endings_count_one_line_each() -> None:
    assert rows("code,name\r\nHP,Tô Hiệu\r\n\r\nVP,Lê\r\n") == [
        (2, "HP", "Tô Hiệu"),
        (4, "VP", "Lê"),
    ]


def test_a_name_quoted_over_several_lines_is_one_unit_and_later_lines_keep_their_numbers() -> None:
    text = 'code,name\nHP,"Trường Chính trị\nTô Hiệu"\nV-P,Lê Hồng Phong\n'
    with pytest.raises(UnitsFileError) as caught:
        read_units_csv(text.encode())
    assert [e.line for e in caught.value.errors] == [4]
    assert rows('HP,"Trường Chính trị\nTô Hiệu"\nVP,Lê\n') == [
        (1, "HP", "Trường Chính trị Tô Hiệu"),
        (3, "VP", "Lê"),
    ]


def test_a_row_without_two_columns_is_named_with_the_count_found() -> None:
    found = errors("code,name\nHP\nVP,Trường Lê Hồng Phong, Hà Nội\n")
    assert found[0].startswith("Dòng 2 / line 2: cần đúng 2 cột (mã, tên), có 1")
    assert found[1].startswith("Dòng 3 / line 3: cần đúng 2 cột (mã, tên), có 3")
    assert "expected 2 columns (code, name), found 3" in found[1]


@pytest.mark.parametrize("code", ["H-P", "HẢIPHÒNG", "ABCDEFGHIJK", "H P", ""])
def test_a_code_outside_the_unit_code_rule_is_refused(code: str) -> None:
    (found,) = errors(f"{code},Trường Tô Hiệu\n")
    assert found.startswith("Dòng 1 / line 1: mã ") and "không hợp lệ" in found
    assert "1–10 ASCII letters or digits" in found


def test_an_empty_name_is_refused() -> None:
    (found,) = errors('HP,"   "\n')
    assert found == "Dòng 1 / line 1: thiếu tên đơn vị HP / the name of HP is empty"


def test_a_name_over_300_characters_is_refused_with_its_length() -> None:
    assert rows(f"HP,{'a' * 300}\n")[0][2] == "a" * 300
    (found,) = errors(f"HP,{'a' * 301}\n")
    assert "tên quá dài (301 ký tự, tối đa 300)" in found and "name too long" in found


def test_a_code_given_twice_names_both_lines_whatever_its_case() -> None:
    (found,) = errors("HP,Tô Hiệu\nVP,Lê\nhp,Tô Hiệu mới\n")
    assert found == "Dòng 3 / line 3: mã HP đã có ở dòng 1 / code HP repeats line 1"


def test_lines_that_are_not_utf8_are_named_and_the_rest_still_checked() -> None:
    data = "HP,Tô Hiệu\n".encode() + "VP,Lê Lô\n".encode("latin-1") + b"X-Y,ok\n"
    found = errors(data)
    assert found[0] == (
        "Dòng 2 / line 2: không phải UTF-8 — lưu tệp dạng «CSV UTF-8» / "
        "not UTF-8; save as CSV UTF-8"
    )
    assert found[1].startswith("Dòng 3 / line 3: mã «X-Y» không hợp lệ")


def test_a_file_saved_as_utf16_is_refused_as_a_whole() -> None:
    for data in ["mã,tên\nHP,Tô Hiệu\n".encode("utf-16"), "HP,Tô Hiệu\n".encode("utf-16-be")]:
        assert errors(data) == [
            "Dòng 1 / line 1: tệp không phải UTF-8 (có vẻ là UTF-16) — lưu tệp dạng «CSV UTF-8» / "
            "the file is not UTF-8 (UTF-16?); save it as CSV UTF-8"
        ]


def test_a_file_separated_by_semicolons_or_tabs_is_told_to_use_commas() -> None:
    found = errors("mã;tên\nHP;Tô Hiệu\nVP\tLê\n")
    assert [f.split(":")[0] for f in found] == [
        "Dòng 1 / line 1",
        "Dòng 2 / line 2",
        "Dòng 3 / line 3",
    ]
    assert all("not a semicolon or a tab" in f for f in found)


def test_a_name_with_a_control_character_is_refused() -> None:
    (found,) = errors("HP,Tô\x07Hiệu\n")
    assert found == (
        "Dòng 1 / line 1: tên của HP chứa ký tự điều khiển / "
        "the name of HP holds control characters"
    )


def test_lines_ended_by_a_lone_carriage_return_are_counted_as_csv_counts_them() -> None:
    found = errors(b"HP,To Hieu\rVP,L\xea\rX-Y,ok\r")
    assert [f.split(":")[0] for f in found] == ["Dòng 2 / line 2", "Dòng 3 / line 3"]


def test_a_stray_quote_is_named_by_its_line() -> None:
    found = errors('HP,"Tô Hiệu"x\nVP,Lê\nNB,"Ninh Bình\n')
    assert [f.split(":")[0] for f in found] == ["Dòng 1 / line 1", "Dòng 3 / line 3"]
    assert all("sai dấu ngoặc kép / bad quoting" in f for f in found)


@pytest.mark.parametrize("text", ["", "\n\n", "code,name\n", "\ufeffmã,tên\n\n"])
def test_a_file_without_units_is_refused(text: str) -> None:
    assert errors(text) == [
        "Dòng 1 / line 1: tệp không có đơn vị nào (cột: mã,tên) / no units in the file (code,name)"
    ]


def test_every_bad_row_is_named_in_line_order_and_the_report_shows_the_first_twenty() -> None:
    lines = ["code,name"] + [
        f"X-{i},Trường {i}" if i % 2 else f"U{i},Trường {i}" for i in range(50)
    ]
    with pytest.raises(UnitsFileError) as caught:
        read_units_csv("\n".join(lines).encode())
    failures = caught.value.errors
    assert [e.line for e in failures] == list(range(3, 52, 2))  # all 25, in order
    report = caught.value.report().splitlines()
    assert report[0] == (
        "Tệp có 25 lỗi, chưa nhập đơn vị nào / the file has 25 error(s); nothing was imported:"
    )
    assert len(report) == 1 + 20 + 1
    assert report[-1] == "  … và 5 lỗi nữa / … and 5 more"


# ---- importing ----------------------------------------------------------------------------------


async def units_in(h: Harness) -> dict[str, tuple[str, bool]]:
    async with h.env.sessions() as session:
        found = (await session.scalars(select(Unit))).all()
        return {u.code: (u.name, u.removed_at is None) for u in found}


async def do_import(h: Harness, units: list[UnitRow]) -> str:
    async with h.env.sessions() as session, session.begin():
        result = await import_units(session, units, h.clock.now(), source="/tmp/don_vi.csv")
    return result.summary()


async def test_an_import_adds_renames_restores_and_leaves_identical_units_alone(
    h: Harness,
) -> None:
    first = read_units_csv(b"HP,To Hieu\nVP,Le Hong Phong\nNB,Ninh Binh\nBG,Bac Giang\n")
    assert (await do_import(h, first)).startswith("Đã thêm 4, đổi tên 0, khôi phục 0, không đổi 0")
    async with h.env.sessions() as session, session.begin():
        unit = await session.scalar(select(Unit).where(Unit.code == "NB"))
        assert unit is not None
        unit.removed_at = h.clock.now()
    second = read_units_csv(
        b"code,name\nHP,To Hieu\nvp,Le Hong Phong moi\nNB,Ninh Binh 2\nTB,Thai Binh\n"
    )
    summary = await do_import(h, second)
    assert summary.splitlines() == [
        "Đã thêm 1, đổi tên 1, khôi phục 1, không đổi 1 / "
        "added 1, renamed 1, restored 1, unchanged 1",
        "Các nhóm của đơn vị được khôi phục cần /nhom lại / "
        "the groups of restored units need /nhom again",
    ]
    assert await units_in(h) == {
        "HP": ("To Hieu", True),
        "VP": ("Le Hong Phong moi", True),
        "NB": ("Ninh Binh 2", True),
        "BG": ("Bac Giang", True),  # not in the file: untouched
        "TB": ("Thai Binh", True),
    }


async def test_an_import_writes_one_audit_row_saying_what_it_did(h: Harness) -> None:
    await do_import(h, read_units_csv(b"HP,To Hieu\n"))
    await do_import(h, read_units_csv(b"HP,To Hieu 2\nVP,Le\n"))
    async with h.env.sessions() as session:
        audits = (
            await session.scalars(
                select(AuditLog).where(AuditLog.action == "unit.import").order_by(AuditLog.id)
            )
        ).all()
    assert [(a.target, a.person_id, a.details) for a in audits] == [
        ("don_vi.csv", None, {"added": 1, "renamed": [], "restored": [], "unchanged": 0}),
        ("don_vi.csv", None, {"added": 1, "renamed": ["HP"], "restored": [], "unchanged": 0}),
    ]


async def test_a_thousand_units_import_once_and_again_without_a_duplicate(h: Harness) -> None:
    text = "".join(f'T{i:04d},"Trường số {i}, tỉnh {i}"\n' for i in range(1000))
    units = read_units_csv(text.encode())
    assert (await do_import(h, units)).startswith("Đã thêm 1000, đổi tên 0")
    assert (await do_import(h, units)).startswith(
        "Đã thêm 0, đổi tên 0, khôi phục 0, không đổi 1000"
    )
    async with h.env.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Unit)) == 1000


# ---- the command, as a process ------------------------------------------------------------------


def loa_units_import(db_url: str, path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "LOA_", "DATABASE_"))
    }
    env["DATABASE_URL"] = db_url
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "units", "import", str(path)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_the_command_migrates_imports_and_prints_what_it_did(
    db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "don_vi.csv"
    path.write_text("mã,tên\nHP,Tô Hiệu\nVP,Lê Hồng Phong\n", encoding="utf-8-sig")
    done = loa_units_import(db_url, path)  # a database never migrated: migrated first
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "Đã thêm 2, đổi tên 0, khôi phục 0, không đổi 0 / "
        "added 2, renamed 0, restored 0, unchanged 0\n"
    )
    path.write_text("HP,Tô Hiệu mới\nVP,Lê Hồng Phong\nNB,Ninh Bình\n", encoding="utf-8")
    again = loa_units_import(db_url, path)
    assert again.returncode == 0
    assert again.stdout.startswith("Đã thêm 1, đổi tên 1, khôi phục 0, không đổi 1 / ")


async def test_the_command_with_a_bad_row_exits_1_naming_it_and_imports_nothing(
    h: Harness, db_url: str, tmp_path: Path
) -> None:
    await do_import(h, read_units_csv(b"HP,To Hieu\n"))
    path = tmp_path / "don_vi.csv"
    path.write_text("HP,Tô Hiệu mới\nVP,Lê\nNB\n\nX-Y,Sai mã\n", encoding="utf-8")
    done = loa_units_import(db_url, path)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "Tệp có 2 lỗi, chưa nhập đơn vị nào / the file has 2 error(s); nothing was imported:",
        "  Dòng 3 / line 3: cần đúng 2 cột (mã, tên), có 1 — tên có dấu phẩy phải đặt trong "
        "ngoặc kép / expected 2 columns (code, name), found 1; quote a name that holds commas: "
        'HP,"Trường A, B"',
        "  Dòng 5 / line 5: mã «X-Y» không hợp lệ: 1–10 chữ cái hoặc chữ số, không dấu, không "
        "khoảng trắng / bad code («X-Y»): 1–10 ASCII letters or digits",
    ]
    assert await units_in(h) == {"HP": ("To Hieu", True)}


def test_the_command_given_a_missing_file_says_so_in_one_line(tmp_path: Path) -> None:
    done = loa_units_import(f"sqlite+aiosqlite:///{tmp_path / 'loa.db'}", tmp_path / "khong_co.csv")
    assert done.returncode == 1 and done.stdout == ""
    missing = tmp_path / "khong_co.csv"
    assert done.stderr == f"Không tìm thấy tệp {missing} / file not found: {missing}\n"


def test_the_command_with_no_database_answering_says_so_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "don_vi.csv"
    path.write_text("HP,Tô Hiệu\n", encoding="utf-8")
    done = loa_units_import("postgresql+asyncpg://postgres@127.0.0.1:9/loa", path)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Không kết nối được cơ sở dữ liệu, chưa nhập gì / ")
    assert len(done.stderr.splitlines()) == 1
