"""Papers made in the tests: DOCX with python-docx (page size, font, size, pages by page
breaks) and PDF with fpdf2, so the format checks read real files."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from fpdf import FPDF

BODY = (
    "Đổi mới phương pháp giảng dạy lý luận chính trị ở trường chính trị tỉnh: thực trạng, "
    "giải pháp và kiến nghị. "
) * 4
LETTER_MM = (215.9, 279.4)
A4_MM = (210.0, 297.0)


def make_docx(
    path: Path,
    *,
    page_mm: tuple[float, float] = A4_MM,
    font: str | None = "Times New Roman",
    size: float | None = 14,
    pages: int = 3,
    title: str = "Tham luận về đổi mới phương pháp",
    on: str = "runs",
) -> Path:
    """A DOCX of `pages` pages (page breaks between them) whose body is in `font` and `size`,
    set on the runs, on the Normal style (`on="style"`) or the document defaults
    (`on="defaults"`)."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(page_mm[0]), Mm(page_mm[1])
    normal = document.styles["Normal"]
    if on == "style":
        normal.font.name, normal.font.size = font, Pt(size) if size else None
    elif on == "defaults":
        _clear_style_font(normal)
        rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
        rpr = rpr.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        fonts.set(qn("w:ascii"), font or "")
        fonts.set(qn("w:hAnsi"), font or "")
        sz = rpr.find(qn("w:sz"))
        if sz is None:
            sz = rpr.makeelement(qn("w:sz"), {})
            rpr.append(sz)
        sz.set(qn("w:val"), str(int((size or 11) * 2)))
    document.add_heading(title, level=1)
    for page in range(pages):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(f"Trang {page + 1}. {BODY}")
        if on == "runs":
            run.font.name = font
            run.font.size = Pt(size) if size else None
        if page < pages - 1:
            run.add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


def _clear_style_font(style: docx.styles.style.ParagraphStyle) -> None:
    rpr = style.element.rPr
    if rpr is not None:
        style.element.remove(rpr)


def make_pdf(path: Path, *, pages: int = 2, letter: bool = False) -> Path:
    """A PDF of `pages` pages, A4 or Letter, in the core font Times."""
    pdf = FPDF(format="letter" if letter else "A4")
    pdf.set_font("Times", size=14)
    for page in range(pages):
        pdf.add_page()
        pdf.cell(text=f"Page {page + 1}")
    pdf.output(str(path))
    return path
