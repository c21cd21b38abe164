"""Papers made in the tests of the book (`/kyyeu`): DOCX files of a known number of pages made
with python-docx, PDFs made with fpdf2, a fake FileStore serving them, and the pages of a built
book read back with pypdf."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from fpdf import FPDF
from pypdf import PdfReader

from handlers.core import FileUnavailable
from handlers.papers.convert import soffice_path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def docx_paper(title: str, pages: int, *, paragraphs: int = 3) -> bytes:
    """A DOCX of exactly `pages` pages (a page break between them), Vietnamese text on each."""
    document = Document()
    for page in range(pages):
        document.add_heading(f"{title} — trang {page + 1}", level=1)
        for _ in range(paragraphs):
            document.add_paragraph(
                "Đổi mới phương pháp giảng dạy lý luận chính trị trong các trường chính trị "
                "tỉnh, thành phố; nâng cao chất lượng đào tạo, bồi dưỡng cán bộ."
            )
        if page < pages - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_paper(title: str, pages: int) -> bytes:
    """A PDF of `pages` A4 pages made with fpdf2, its title on each."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_font("DejaVu", size=14)
    for page in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 10, f"{title} — trang {page + 1}")
    return bytes(pdf.output())


class PaperStore:
    """A FileStore serving given bytes by file id (ids not known: unavailable)."""

    def __init__(self, files: dict[str, bytes] | None = None) -> None:
        self.files = dict(files or {})

    async def download(self, file_id: str, destination: Path) -> int:
        if file_id not in self.files:
            raise FileUnavailable("gone")
        data = self.files[file_id]
        await asyncio.to_thread(destination.write_bytes, data)
        return len(data)


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def need_libreoffice() -> None:
    """Skip, saying why, when LibreOffice is not installed; fail instead in CI
    (`LOA_REQUIRE_LIBREOFFICE=1`), where the tests needing it must run."""
    if soffice_path() is not None:
        return
    if os.environ.get("LOA_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("LOA_REQUIRE_LIBREOFFICE=1 but LibreOffice (soffice) is not installed")
    pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")


def fake_soffice(folder: Path, script: str) -> Path:
    """A folder holding an executable `soffice` running `script` (put it first on PATH)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "soffice"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    assert shutil.which("sh")
    return folder
