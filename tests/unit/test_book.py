"""The book of papers as `handlers.papers.book` builds it: the pages, the table of contents
pointing at each paper's first page, the page numbers, diacritics read back from cover and
contents, and the papers that cannot be had listed as missing without stopping the book."""

from __future__ import annotations

import html
import os
import time
from functools import partial
from pathlib import Path

import pytest
from pypdf import PdfReader

from handlers.papers import book
from handlers.texts import text
from tests.book_support import (
    PaperStore,
    docx_paper,
    fake_soffice,
    need_libreoffice,
    pages_text,
    pdf_paper,
)

TOPIC = "Đổi mới phương pháp giảng dạy lý luận chính trị"
CLUSTER = "Cụm thi đua các trường chính trị khu vực đồng bằng sông Hồng"


def labels(key: str, **values: object) -> str:
    return html.unescape(text("vi", key, **values))


def paper(code: str, title: str, file_id: str, name: str) -> book.BookPaper:
    return book.BookPaper(code=code, unit=code, title=title, file_id=file_id, file_name=name)


async def make(
    store: PaperStore, papers: list[book.BookPaper], folder: Path, **kwargs: object
) -> book.Book:
    return await book.build_book(
        store,
        papers,
        folder,
        t=labels,
        topic=TOPIC,
        cluster=CLUSTER,
        date_text="Ngày 20 tháng 6 năm 2024",
        **kwargs,  # type: ignore[arg-type]
    )


def toc_number(toc: str, title: str) -> int:
    """The page number the contents show for `title` (the last figure on its line)."""
    line = next(line for line in toc.splitlines() if title in line)
    return int(line.split()[-1])


async def test_a_book_of_three_papers_has_cover_contents_and_each_paper_where_the_toc_says(
    tmp_path: Path,
) -> None:
    need_libreoffice()
    store = PaperStore(
        {
            "a": docx_paper("Bài Hải Phòng", 3),
            "b": pdf_paper("Bài Vĩnh Phúc", 2),
            "c": docx_paper("Bài Hà Nam", 4),
        }
    )
    papers = [
        paper("HP", "Giảng dạy lý luận ở Hải Phòng", "a", "HP bài.docx"),
        paper("VP", "Đổi mới ở Vĩnh Phúc", "b", "VP.pdf"),
        paper("HNA", "Bồi dưỡng cán bộ Hà Nam", "c", "HNA.docx"),
    ]
    seen: list[tuple[int, int]] = []

    async def progress(done: int, count: int) -> None:
        seen.append((done, count))

    made = await make(store, papers, tmp_path, progress=progress)

    assert seen == [(1, 3), (2, 3), (3, 3)]
    assert made.missing == [] and len(made.parts) == 1
    pages = pages_text(made.parts[0])
    assert len(pages) == 1 + 1 + 3 + 2 + 4 == made.pages  # cover, contents, the papers
    cover, toc = pages[0], pages[1]
    assert "KỶ YẾU HỘI THẢO" in cover and TOPIC in cover and "BẰNG SÔNG HỒNG" in cover
    assert "MỤC LỤC" in toc and "Đơn vị" in toc and "Tiêu đề" in toc
    for item, marker in zip(papers, ("Bài Hải Phòng", "Bài Vĩnh Phúc", "Bài Hà Nam"), strict=True):
        first = toc_number(toc, item.title)
        assert first == item.first_page
        assert f"{marker} — trang 1" in pages[first - 1]
    # every page after the cover carries its number, as text
    for number, page in enumerate(pages[1:], start=2):
        assert str(number) in page.split()
    assert os.listdir(tmp_path) == ["kyyeu-1.pdf"]  # the sources and conversions were removed


async def test_random_bytes_named_docx_and_a_hanging_conversion_are_missing_the_book_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = fake_soffice(tmp_path / "bin", "sleep 30")
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    store = PaperStore(
        {
            "junk": os.urandom(4000),
            "slow": docx_paper("Bài treo", 2),
            "pdf": pdf_paper("Bài tốt", 3),
        }
    )
    papers = [
        paper("HP", "Bài hỏng", "junk", "bai.docx"),
        paper("VP", "Bài chuyển mãi không xong", "slow", "bai.docx"),
        paper("HN", "Bài tốt", "pdf", "bai.pdf"),
        paper("ND", "Bài mất", "gone", "mat.pdf"),
    ]
    started = time.monotonic()
    made = await make(store, papers, tmp_path / "out", timeout=1.0)
    assert time.monotonic() - started < 15

    reasons = {p.code: p.reason for p in made.missing}
    assert reasons == {
        "HP": "tệp không đúng loại như tên gọi",
        "VP": "chuyển sang PDF quá 1 giây",
        "ND": "không tải được tệp",
    }
    pages = pages_text(made.parts[0])
    assert len(pages) == 2 + 3
    toc = pages[1]
    flat = " ".join(toc.split())  # long lines wrap in the table
    assert "Bài hỏng (không chuyển được: tệp không đúng loại như tên gọi)" in flat
    assert "(không chuyển được: chuyển sang PDF quá 1 giây)" in flat
    assert toc_number(toc, "Bài tốt") == 3 and "Bài tốt — trang 1" in pages[2]


async def test_without_libreoffice_office_papers_are_missing_and_the_pdfs_make_the_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(book.convert, "soffice_path", lambda: None)
    store = PaperStore({"d": docx_paper("Bài", 1), "p": pdf_paper("Bài PDF", 2)})
    made = await make(
        store,
        [paper("HP", "Bài Word", "d", "a.docx"), paper("VP", "Bài PDF", "p", "b.pdf")],
        tmp_path,
    )
    assert [(p.code, p.reason) for p in made.missing] == [("HP", "LibreOffice chưa được cài")]
    assert len(PdfReader(made.parts[0]).pages) == 2 + 2


async def test_a_pdf_named_docx_or_a_broken_pdf_is_missing_never_converted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []

    async def no_conversion(source: Path, out_dir: Path, **_: object) -> Path:
        calls.append(source)
        raise AssertionError("never converted")

    monkeypatch.setattr(book.convert, "to_pdf", no_conversion)
    store = PaperStore({"p": pdf_paper("Bài", 1), "bad": b"%PDF-1.4 broken" + os.urandom(500)})
    made = await make(
        store,
        [paper("HP", "Bài", "p", "a.docx"), paper("VP", "Hỏng", "bad", "b.pdf")],
        tmp_path,
    )
    assert {p.code: p.reason for p in made.missing} == {
        "HP": "tệp không đúng loại như tên gọi",
        "VP": "tệp PDF không đọc được",
    }
    assert calls == [] and len(PdfReader(made.parts[0]).pages) == 2


async def test_a_book_over_the_limit_is_cut_into_parts_numbered_on(tmp_path: Path) -> None:
    files = {str(n): pdf_paper(f"Bài {n}", 2) for n in range(3)}
    store = PaperStore(files)
    papers = [paper(f"U{n}", f"Bài số {n}", str(n), f"{n}.pdf") for n in range(3)]
    limit = len(files["0"]) + 10  # one paper per part
    made = await make(store, papers, tmp_path, limit=limit)
    assert len(made.parts) == 3
    counts = [len(PdfReader(p).pages) for p in made.parts]
    assert counts == [2 + 2, 2, 2] and made.pages == 8
    last = pages_text(made.parts[2])
    assert "Bài 2 — trang 1" in last[0] and "7" in last[0].split()


def test_labels_are_plain_text_for_the_pdf() -> None:
    assert partial(labels)("book.toc.missing", reason="A & B") == "(không chuyển được: A & B)"


def test_loa_check_says_what_is_off_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import cli

    monkeypatch.setattr(book.convert, "soffice_path", lambda: None)
    [(ok, line)] = cli.optional_tools()
    assert ok and "LibreOffice: missing" in line and "libreoffice-writer-nogui" in line
    assert "no book of papers" in line
    monkeypatch.setattr(book.convert, "soffice_path", lambda: "/usr/bin/soffice")
    [(ok, line)] = cli.optional_tools()
    assert ok and "LibreOffice: có (/usr/bin/soffice)" in line
