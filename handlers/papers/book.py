"""The book of a call's papers (kỷ yếu) as PDF: each paper fetched, checked, converted, then a
cover, a table of contents and the papers merged, every page after the cover numbered.

No database here: `build_book` gets the papers in book order and a `FileStore`, and writes the
book into a folder as one or more parts (each under the upload limit, as the ZIP of `/xuat`).
Memory stays bounded: a paper is downloaded to disk, converted to disk, and only one part of the
book is held by the PDF writer at a time. A paper that cannot be had (not downloadable, not what
its name says, unreadable, a conversion that fails or hangs) is listed as missing with why; it
never stops the book. Conversions run one at a time (LibreOffice is heavy).
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PyPdfError

from handlers.core import FileStore, FileUnavailable
from handlers.papers import convert
from handlers.papers.filetypes import sniff

log = logging.getLogger(__name__)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT = "DejaVuSans.ttf"
FONT_BOLD = "DejaVuSans-Bold.ttf"
UPLOAD_LIMIT = 50_000_000  # bytes per part, as the ZIP of /xuat
OFFICE = {".doc", ".docx", ".odt"}
NUMBER_SIZE = 10  # pt, the stamped page numbers
NUMBER_BOTTOM = 20  # pt from the bottom edge

Progress = Callable[[int, int], Awaitable[None]]
Labels = Callable[..., str]  # text("vi", key, **values) for the cover and the TOC


class BookFailed(Exception):
    """The book as a whole cannot be made (its fonts are missing, the disk is full)."""


@dataclass
class BookPaper:
    """One current paper of the call, in book order."""

    code: str  # unit code
    unit: str  # unit name
    title: str  # Submission.title, else the file's stem
    file_id: str
    file_name: str
    pdf: Path | None = None  # its PDF, once made
    pages: int = 0
    first_page: int = 0  # in the book, from 1 (the cover)
    reason: str = ""  # why it is missing, in the book's words
    sizes: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass
class Book:
    """What was built: the part files, the pages in all, and the papers."""

    parts: list[Path]
    pages: int
    papers: list[BookPaper]

    @property
    def missing(self) -> list[BookPaper]:
        return [p for p in self.papers if p.pdf is None]

    @property
    def included(self) -> list[BookPaper]:
        return [p for p in self.papers if p.pdf is not None]


def fonts_present() -> bool:
    """Whether the DejaVu fonts (Debian's fonts-dejavu-core) are there for cover and TOC."""
    return (FONT_DIR / FONT).is_file() and (FONT_DIR / FONT_BOLD).is_file()


async def build_book(
    store: FileStore,
    papers: list[BookPaper],
    folder: Path,
    *,
    t: Labels,
    topic: str,
    cluster: str,
    date_text: str,
    timeout: float = convert.DEFAULT_TIMEOUT,  # noqa: ASYNC109
    progress: Progress | None = None,
    limit: int = UPLOAD_LIMIT,
) -> Book:
    """Fetch and convert each paper, then write the book into `folder` (`kyyeu-1.pdf`, …)."""
    if not fonts_present():
        raise BookFailed(t("book.reason.no_fonts"))
    folder.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240
    for index, paper in enumerate(papers):
        await _prepare(store, paper, folder, index, t, timeout)
        if progress is not None:
            await progress(index + 1, len(papers))
    return await asyncio.to_thread(_assemble, papers, folder, t, topic, cluster, date_text, limit)


async def _prepare(
    store: FileStore,
    paper: BookPaper,
    folder: Path,
    index: int,
    t: Labels,
    timeout: float,  # noqa: ASYNC109
) -> None:
    """The paper as a PDF on disk (`paper.pdf`), or `paper.reason` saying why not."""
    named = os.path.splitext(paper.file_name)[1].lower()
    source = folder / f"source-{index}"
    try:
        await store.download(paper.file_id, source)
    except FileUnavailable as exc:
        log.warning("book: paper %s of %s not downloaded: %s", paper.file_name, paper.code, exc)
        paper.reason = t("book.reason.unavailable")
        return
    try:
        kind = await asyncio.to_thread(sniff, source)
        if kind is None or (named in convert_kinds() and not _same_family(kind, named)):
            paper.reason = t("book.reason.not_what_named")
            return
        typed = source.with_name(f"paper-{index}{kind}")
        source.rename(typed)
        source = typed
        if kind == ".pdf":
            pdf = source.with_name(f"paper-{index}.ready.pdf")
            source.rename(pdf)
            source = pdf
        else:
            if convert.soffice_path() is None:
                paper.reason = t("book.reason.no_libreoffice")
                return
            out = folder / f"out-{index}"
            try:
                converted = await convert.to_pdf(source, out, timeout=timeout)
                pdf = converted.rename(folder / f"paper-{index}.ready.pdf")
            except convert.ConversionFailed as exc:
                log.warning("book: %s of %s not converted: %s", paper.file_name, paper.code, exc)
                paper.reason = (
                    t("book.reason.timeout", seconds=f"{timeout:g}")
                    if "timed out" in exc.reason
                    else t("book.reason.unconvertible")
                )
                return
            finally:
                shutil.rmtree(out, ignore_errors=True)
        sizes = await asyncio.to_thread(_page_boxes, pdf)
        if not sizes:
            paper.reason = t("book.reason.unreadable_pdf")
            pdf.unlink(missing_ok=True)
            return
        paper.pdf, paper.pages, paper.sizes = pdf, len(sizes), sizes
    finally:
        if source.exists() and source != paper.pdf:
            source.unlink()


def convert_kinds() -> set[str]:
    return OFFICE | {".pdf"}


def _same_family(kind: str, named: str) -> bool:
    """A PDF must be named PDF; DOC, DOCX and ODT pass for one another (LibreOffice reads each
    by its content, and Word files are often misnamed between `.doc` and `.docx`)."""
    if kind == ".pdf" or named == ".pdf":
        return kind == named
    return kind in OFFICE and named in OFFICE


def _page_boxes(pdf: Path) -> list[tuple[float, float, float, float]]:
    """Each page's media box (left, bottom, width, height), or [] for a PDF pypdf cannot read."""
    try:
        reader = PdfReader(pdf)
        boxes = []
        for page in reader.pages:
            box = page.mediabox
            boxes.append((float(box.left), float(box.bottom), float(box.width), float(box.height)))
        return boxes
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        log.warning("book: %s unreadable: %s", pdf.name, exc)
        return []


def _assemble(
    papers: list[BookPaper],
    folder: Path,
    t: Labels,
    topic: str,
    cluster: str,
    date_text: str,
    limit: int,
) -> Book:
    """Cover and TOC (their length found first, then the page numbers they show), then the
    papers with their numbers stamped, cut into parts under `limit` bytes of paper PDF."""
    toc_pages = _front(papers, t, topic, cluster, date_text).pages_count - 1
    for _ in range(3):  # the numbers' widths could move a line; in practice one pass settles
        page = 1 + toc_pages + 1
        for paper in papers:
            if paper.pdf is not None:
                paper.first_page = page
                page += paper.pages
        front = _front(papers, t, topic, cluster, date_text)
        if front.pages_count - 1 == toc_pages:
            break
        toc_pages = front.pages_count - 1
    front_path = folder / "front.pdf"
    front.output(str(front_path))

    parts: list[Path] = []
    writer = PdfWriter()
    used = 0
    number = 0
    for page in PdfReader(front_path).pages:
        number += 1
        added = writer.add_page(page)  # stamped once in the writer, as pypdf wants
        if number > 1:
            _stamp(added, number)
    for paper in papers:
        if paper.pdf is None:
            continue
        size = paper.pdf.stat().st_size
        if used and used + size > limit:
            parts.append(_write(writer, folder, len(parts) + 1))
            writer, used = PdfWriter(), 0
        for page in PdfReader(paper.pdf).pages:
            number += 1
            _stamp(writer.add_page(page), number)
        used += size
    parts.append(_write(writer, folder, len(parts) + 1))
    front_path.unlink()
    for paper in papers:
        if paper.pdf is not None:
            paper.pdf.unlink(missing_ok=True)
    return Book(parts=parts, pages=number, papers=papers)


def _write(writer: PdfWriter, folder: Path, part: int) -> Path:
    path = folder / f"kyyeu-{part}.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    writer.close()
    return path


def _stamp(page: PageObject, number: int) -> None:
    """The page number, centred at the foot of the page, as extractable text."""
    box = page.mediabox
    left, bottom = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    overlay = FPDF(unit="pt", format=(width, height))
    overlay.set_auto_page_break(False)
    overlay.add_page()
    overlay.set_font("helvetica", size=NUMBER_SIZE)
    overlay.set_xy(0, height - NUMBER_BOTTOM - NUMBER_SIZE)
    overlay.cell(width, NUMBER_SIZE, str(number), align="C")
    stamp = PdfReader(io.BytesIO(bytes(overlay.output()))).pages[0]
    page.merge_transformed_page(stamp, Transformation().translate(left, bottom))


def _front(papers: list[BookPaper], t: Labels, topic: str, cluster: str, date_text: str) -> FPDF:
    """The cover (cluster, title, topic, date) and the table of contents."""
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_font("DejaVu", "", str(FONT_DIR / FONT))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / FONT_BOLD))
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("DejaVu", "B", 14)
    if cluster:
        pdf.multi_cell(width, 8, cluster.upper(), align="C")
    pdf.set_y(95)
    pdf.set_font("DejaVu", "B", 28)
    pdf.multi_cell(width, 14, t("book.cover.title"), align="C")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 17)
    pdf.multi_cell(width, 10, topic, align="C")
    pdf.set_y(250)
    pdf.set_font("DejaVu", "", 13)
    pdf.multi_cell(width, 8, date_text, align="C")

    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(width, 12, t("book.toc.title"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 11)
    widths = (12, 30, width - 12 - 30 - 18, 18)
    with pdf.table(col_widths=widths, text_align=("CENTER", "LEFT", "LEFT", "RIGHT")) as table:
        heading = table.row()
        for label in ("book.toc.number", "book.toc.unit", "book.toc.paper", "book.toc.page"):
            heading.cell(t(label))
        for index, paper in enumerate(papers, start=1):
            row = table.row()
            row.cell(str(index))
            row.cell(paper.code)
            if paper.pdf is None:
                row.cell(f"{paper.title} {t('book.toc.missing', reason=paper.reason)}")
                row.cell("")
            else:
                row.cell(paper.title)
                row.cell(str(paper.first_page))
    return pdf
