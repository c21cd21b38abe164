"""Format rules and the checks of papers, without a database: the `định dạng:` grammar and its
errors, the facts read from DOCX made with python-docx and PDF made with fpdf2, the page count
from LibreOffice, and files that are not what their name says."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bot.cli import libreoffice_line
from handlers.forms import FormError
from handlers.papers import checking
from handlers.papers.checking import check_file, check_kind, receipt_section
from handlers.papers.convert import soffice_path
from handlers.papers.formats import FormatRules, font_matches, parse_rules
from tests.paper_files import LETTER_MM, make_docx, make_pdf

RULES = "A4, Times New Roman 14, tối đa 10 trang"
TNR = ("Times New Roman",)
needs_soffice = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice (soffice) is not installed here"
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (RULES, FormatRules("A4", ("Times New Roman",), 14, 14, None, 10)),
        ("tối đa 10 trang, times new roman 14, a4", FormatRules("A4", TNR, 14, 14, None, 10)),
        ("Letter, Arial, 13-14", FormatRules("Letter", ("Arial",), 13, 14, None, None)),
        ("A5, cỡ 13–14", FormatRules("A5", (), 13, 14, None, None)),
        ("Times New Roman 13–14", FormatRules(None, ("Times New Roman",), 13, 14, None, None)),
        ("Times New Roman cỡ 14", FormatRules(None, ("Times New Roman",), 14, 14, None, None)),
        ("14", FormatRules(None, (), 14, 14, None, None)),
        ("12.5", FormatRules(None, (), 12.5, 12.5, None, None)),
        ("10 trang", FormatRules(None, (), None, None, None, 10)),
        ("ít nhất 5 trang", FormatRules(None, (), None, None, 5, None)),
        ("từ 5 đến 10 trang", FormatRules(None, (), None, None, 5, 10)),
        ("khổ giấy A4", FormatRules("A4", (), None, None, None, None)),
        ("Arial hoặc Times New Roman", FormatRules(None, ("Arial", *TNR))),
        ("VNI-Times", FormatRules(None, ("VNI-Times",), None, None, None, None)),
    ],
)  # fmt: skip
def test_format_rules_are_read_in_any_order(typed: str, expected: FormatRules) -> None:
    assert parse_rules(typed) == expected


@pytest.mark.parametrize("typed", ["không kiểm tra", "Không", ""])
def test_no_check_means_no_rules(typed: str) -> None:
    assert parse_rules(typed) is None


@pytest.mark.parametrize(
    ("typed", "key", "part"),
    [
        ("A4, tối đa mười trang", "formats.bad_pages", "tối đa mười trang"),
        ("từ 10 đến 5 trang", "formats.bad_pages", "từ 10 đến 5 trang"),
        ("tối đa 0 trang", "formats.bad_pages", "tối đa 0 trang"),
        ("cỡ 99", "formats.bad_size", "cỡ 99"),
        ("cỡ to", "formats.bad_size", "cỡ to"),
        ("14-12", "formats.bad_size", "14-12"),
        ("Times New Roman 100", "formats.bad_size", "Times New Roman 100"),
        ("A4, @@@", "formats.bad_font", "@@@"),
        ("A4, A5", "formats.twice", "A5"),
        ("Arial, Times New Roman", "formats.twice", "Times New Roman"),
        ("13, 14", "formats.twice", "14"),
    ],
)
def test_unreadable_format_rules_name_the_part_and_give_an_example(
    typed: str, key: str, part: str
) -> None:
    with pytest.raises(FormError) as caught:
        parse_rules(typed)
    assert caught.value.key == key and caught.value.values["part"] == part


def test_rules_are_described_as_typed_and_kept_as_json() -> None:
    rules = parse_rules("Times New Roman 13-14, A4, từ 5 đến 10 trang")
    assert rules is not None
    assert rules.describe() == "A4, Times New Roman 13–14, từ 5 đến 10 trang"
    assert rules.to_json() == {
        "page": "A4",
        "fonts": ["Times New Roman"],
        "size_min": 13.0,
        "size_max": 14.0,
        "min_pages": 5,
        "max_pages": 10,
    }
    assert FormatRules.from_json(rules.to_json()) == rules
    assert FormatRules.from_json(None) is None


# --- checks of files ---------------------------------------------------------------------------


async def warnings_of(path: Path, kind: str = ".docx", typed: str = RULES) -> list[str]:
    checked = await check_file(path, kind, parse_rules(typed))
    return checked.warnings or []


@pytest.fixture
def no_soffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "soffice_path", lambda: None)


async def test_a_right_docx_has_no_findings_and_its_title(tmp_path: Path, no_soffice: None) -> None:
    path = make_docx(tmp_path / "dung.docx")
    checked = await check_file(path, ".docx", parse_rules(RULES))
    assert checked.warnings is None and checked.unchecked is None
    assert checked.title == "Tham luận về đổi mới phương pháp"
    assert checked.pages == 3 and checked.pages_estimated
    assert receipt_section("vi", parse_rules(RULES), checked) == "\n📐 Đúng định dạng yêu cầu."


async def test_a_letter_docx_is_named_by_its_page_size(tmp_path: Path, no_soffice: None) -> None:
    path = make_docx(tmp_path / "letter.docx", page_mm=LETTER_MM)
    assert await warnings_of(path) == ["Khổ giấy Letter — yêu cầu A4"]


async def test_a_docx_in_arial_12_names_font_and_size(tmp_path: Path, no_soffice: None) -> None:
    path = make_docx(tmp_path / "arial.docx", font="Arial", size=12)
    assert await warnings_of(path) == [
        "Phông chữ Arial — yêu cầu Times New Roman",
        "Cỡ chữ 12 — yêu cầu 14",
    ]
    assert await warnings_of(path, typed="Times New Roman 13-14") == [
        "Phông chữ Arial — yêu cầu Times New Roman",
        "Cỡ chữ 12 — yêu cầu 13–14",
    ]


async def test_the_font_of_the_styles_alone_is_found(tmp_path: Path, no_soffice: None) -> None:
    path = make_docx(tmp_path / "style.docx", font="Arial", size=14, on="style")
    assert await warnings_of(path) == ["Phông chữ Arial — yêu cầu Times New Roman"]


async def test_the_document_defaults_are_found(tmp_path: Path, no_soffice: None) -> None:
    path = make_docx(tmp_path / "defaults.docx", font="Cambria", size=12, on="defaults")
    assert await warnings_of(path) == [
        "Phông chữ Cambria — yêu cầu Times New Roman",
        "Cỡ chữ 12 — yêu cầu 14",
    ]


async def test_without_libreoffice_the_pages_of_a_docx_are_an_estimate(
    tmp_path: Path, no_soffice: None
) -> None:
    path = make_docx(tmp_path / "dai.docx", pages=13)
    assert await warnings_of(path) == ["khoảng 13 trang (ước tính) — tối đa 10"]


@needs_soffice
async def test_libreoffice_counts_the_pages_of_a_docx(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "dai.docx", pages=13)
    checked = await check_file(path, ".docx", parse_rules(RULES))
    assert checked.warnings == ["13 trang — tối đa 10"]
    assert checked.pages == 13 and not checked.pages_estimated


async def test_a_pdf_shows_its_page_size_count_and_fonts(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "bai.pdf", pages=12, letter=True)
    checked = await check_file(path, ".pdf", parse_rules(RULES))
    assert checked.warnings == ["Khổ giấy Letter — yêu cầu A4", "12 trang — tối đa 10"]
    assert checked.facts is not None and checked.facts.fonts == ["Times-Roman"]
    assert await warnings_of(make_pdf(tmp_path / "a4.pdf"), ".pdf") == []
    assert await warnings_of(path, ".pdf", "Arial") == ["Phông chữ Times-Roman — yêu cầu Arial"]


async def test_a_damaged_docx_is_received_unchecked(tmp_path: Path, no_soffice: None) -> None:
    path = tmp_path / "hong.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "not xml at all")
    checked = await check_file(path, check_kind(path, path.name), parse_rules(RULES))
    assert checked.unchecked == "formats.reason_unreadable" and checked.warnings is None
    assert "chưa kiểm tra được định dạng" in receipt_section("vi", parse_rules(RULES), checked)


def test_random_bytes_named_docx_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bai.docx"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(FormError) as caught:
        check_kind(path, "bai.docx")
    assert caught.value.key == "formats.not_paper"


def test_a_pdf_named_docx_is_refused_with_what_it_is(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "bai.docx")
    with pytest.raises(FormError) as caught:
        check_kind(path, "bai.docx")
    assert caught.value.key == "formats.wrong_kind"
    assert caught.value.values == {"name": "bai.docx", "claimed": "DOCX", "actual": "PDF"}
    assert check_kind(make_docx(tmp_path / "cu.doc"), "cu.doc") == ".docx"  # Word opens it


def test_loa_check_says_what_is_off_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("handlers.papers.convert.shutil.which", lambda name: None)
    ok, line = libreoffice_line()
    assert ok and "LibreOffice: không có" in line and "ước tính" in line
    monkeypatch.setattr("handlers.papers.convert.shutil.which", lambda name: "/usr/bin/soffice")
    assert "LibreOffice: có (/usr/bin/soffice)" in libreoffice_line()[1]


async def test_a_paper_without_a_title_is_named_by_its_file(tmp_path: Path) -> None:
    import docx

    path = tmp_path / "paper.docx"
    docx.Document().save(str(path))
    checked = await check_file(path, ".docx", None, name="Tham luận Hải Phòng.docx")
    assert checked.title == "Tham luận Hải Phòng" and checked.warnings is None


@needs_soffice
async def test_a_rendering_that_overruns_leaves_the_estimate_and_says_so(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "dai.docx", pages=13)
    checked = await check_file(path, ".docx", parse_rules(RULES), timeout=0.05)
    assert checked.unchecked == "formats.reason_timeout"
    assert checked.warnings == ["khoảng 13 trang (ước tính) — tối đa 10"]


@pytest.mark.parametrize(
    ("found", "wanted", "same"),
    [
        ("TimesNewRomanPS-BoldMT", "Times New Roman", True),
        ("LiberationSerif", "Times New Roman", True),  # LibreOffice's stand-in, same metrics
        ("Times-Roman", "Times New Roman", True),
        ("ArialMT", "Arial", True),
        ("Arial", "Times New Roman", False),
        ("Calibri", "Arial", False),
    ],
)
def test_pdf_font_names_meet_the_rule_names(found: str, wanted: str, same: bool) -> None:
    assert font_matches(found, (wanted,)) is same
