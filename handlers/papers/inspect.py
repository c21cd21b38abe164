"""What a paper's file shows of its format: page sizes, the font and size most body text uses,
the page count, the title — pure functions on a path, for the checks at submission
(`handlers.papers.checking`) and anyone else who needs a paper's facts.

- DOCX (python-docx): each section's page size and margins; each run's font and size resolved
  run → character style → paragraph style and its base styles → document defaults
  (`docDefaults/rPrDefault`, theme fonts read from the theme), weighted by characters; the page
  count from the document's own statistics (`docProps/app.xml` `<Pages>`, or its page breaks if
  more), an estimate — the exact count comes from the PDF rendering.
- PDF (pypdf): each page's size, the page count, the base names of the fonts its pages use
  (subset prefix `ABCDEF+` stripped).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handlers.papers.formats import page_name

MM_PER_POINT = 25.4 / 72
EMU_PER_MM = 36000
MAX_TITLE = 300
MAX_PDF_PAGES_FOR_FONTS = 50  # fonts are read from the first pages only: bounded work
WORD_DEFAULT_SIZE = 10.0  # points, when nothing in the document sets one
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEME_LATIN = re.compile(rb"<a:(major|minor)Font>\s*<a:latin typeface=\"([^\"]*)\"", re.DOTALL)
APP_PAGES = re.compile(rb"<Pages>(\d+)</Pages>")


class Unreadable(Exception):
    """The file's content could not be read as what it is."""


@dataclass
class Facts:
    """A paper's format as read from its file; None/empty when not known."""

    page_sizes: list[str] = field(default_factory=list)  # per section (DOCX) or page (PDF)
    margins_mm: list[tuple[float, float, float, float]] = field(default_factory=list)
    body_font: str | None = None
    body_size: float | None = None
    fonts: list[str] = field(default_factory=list)  # PDF: base fonts, most used first
    pages: int | None = None
    pages_estimated: bool = False
    title: str | None = None


def inspect_docx(path: Path) -> Facts:
    """The facts of a DOCX. Raises Unreadable."""
    import docx  # python-docx: imported here, it takes a moment and most handlers never need it

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise Unreadable(str(exc)[:200]) from None
    facts = Facts()
    for section in document.sections:
        width, height = section.page_width, section.page_height
        if width and height:
            facts.page_sizes.append(page_name(width / EMU_PER_MM, height / EMU_PER_MM))
        facts.margins_mm.append(
            tuple(
                round((value or 0) / EMU_PER_MM, 1)
                for value in (
                    section.top_margin,
                    section.right_margin,
                    section.bottom_margin,
                    section.left_margin,
                )
            )  # type: ignore[arg-type]
        )
    theme = _theme_fonts(path)
    defaults = _doc_defaults(document, theme)
    fonts: Counter[str] = Counter()
    sizes: Counter[float] = Counter()
    breaks = 0
    for paragraph in _paragraphs(document):
        style_font, style_size = _style_chain(paragraph.style, theme)
        if paragraph.paragraph_format.page_break_before:
            breaks += 1
        for run in paragraph.runs:
            breaks += len(run._r.findall(f"{W}br[@{W}type='page']"))
            chars = len(run.text.strip())
            if not chars:
                continue
            run_font, run_size = _font_of(run.font, theme)
            if run.style is not None and (run_font is None or run_size is None):
                char_font, char_size = _style_chain(run.style, theme)
                run_font, run_size = run_font or char_font, run_size or char_size
            font = run_font or style_font or defaults[0]
            size = run_size or style_size or defaults[1] or WORD_DEFAULT_SIZE
            if font:
                fonts[font] += chars
            sizes[size] += chars
    if fonts:
        facts.body_font = fonts.most_common(1)[0][0]
    if sizes:
        facts.body_size = sizes.most_common(1)[0][0]
    stated = _app_pages(path)
    facts.pages = max(stated or 0, breaks + max(1, len(document.sections)))
    facts.pages_estimated = True
    facts.title = _docx_title(document, path)
    return facts


def _paragraphs(document: Any) -> Any:
    """The body's paragraphs, those in tables too."""
    yield from document.paragraphs
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _font_of(font: Any, theme: dict[str, str]) -> tuple[str | None, float | None]:
    """A run's or style's own font name (ascii, else hAnsi, else its theme font) and size."""
    name = None
    r_fonts = font.element.rPr.rFonts if font.element.rPr is not None else None
    if r_fonts is not None:
        name = r_fonts.get(f"{W}ascii") or r_fonts.get(f"{W}hAnsi")
        if not name:
            theme_key = r_fonts.get(f"{W}asciiTheme") or r_fonts.get(f"{W}hAnsiTheme")
            name = theme.get(theme_key[:5]) if theme_key else None
    size = font.size.pt if font.size is not None else None
    return name, size


def _style_chain(style: Any, theme: dict[str, str]) -> tuple[str | None, float | None]:
    """The font and size a style gives, following its base styles."""
    name: str | None = None
    size: float | None = None
    seen = 0
    while style is not None and seen < 20 and (name is None or size is None):
        try:
            own_name, own_size = _font_of(style.font, theme)
        except AttributeError:  # a table or numbering style carries no font
            own_name, own_size = None, None
        name, size = name or own_name, size or own_size
        style, seen = style.base_style, seen + 1
    return name, size


def _doc_defaults(document: Any, theme: dict[str, str]) -> tuple[str | None, float | None]:
    """`w:docDefaults/w:rPrDefault/w:rPr`: the font and size of text that sets none."""
    styles = document.styles.element
    rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if rpr is None:
        return None, None
    name = None
    r_fonts = rpr.find(f"{W}rFonts")
    if r_fonts is not None:
        name = r_fonts.get(f"{W}ascii") or r_fonts.get(f"{W}hAnsi")
        theme_key = r_fonts.get(f"{W}asciiTheme") or r_fonts.get(f"{W}hAnsiTheme")
        if not name and theme_key:
            name = theme.get(theme_key[:5])
    size = None
    sz = rpr.find(f"{W}sz")
    if sz is not None and (sz.get(f"{W}val") or "").isdigit():
        size = int(sz.get(f"{W}val")) / 2
    return name, size


def _theme_fonts(path: Path) -> dict[str, str]:
    """`{"major": "Calibri Light", "minor": "Calibri"}` from the document's theme, if any."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.startswith("word/theme/")]
            if not names:
                return {}
            data = archive.read(sorted(names)[0])
    except (zipfile.BadZipFile, OSError, KeyError):
        return {}
    return {kind.decode(): face.decode() for kind, face in THEME_LATIN.findall(data) if face}


def _app_pages(path: Path) -> int | None:
    """`<Pages>` of `docProps/app.xml`: what the program that saved the file counted."""
    try:
        with zipfile.ZipFile(path) as archive:
            data = archive.read("docProps/app.xml")
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    match = APP_PAGES.search(data)
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def _docx_title(document: Any, path: Path) -> str:
    """The core title, else the first heading or title paragraph, else the first non-empty
    paragraph, else the file's name without its extension."""
    title = (document.core_properties.title or "").strip()
    if not title:
        texts = [
            (p.style.name if p.style is not None else "", p.text.strip())
            for p in document.paragraphs[:200]
        ]
        heading = next(
            (t for style, t in texts if t and (style.startswith("Heading") or style == "Title")),
            None,
        )
        title = heading or next((t for _, t in texts if t), "")
    return clip_title(title or path.stem)


def clip_title(value: str) -> str:
    """One line of at most MAX_TITLE characters."""
    line = " ".join(value.split())
    return line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 1] + "…"


def inspect_pdf(path: Path, *, fonts: bool = True, title: bool = True) -> Facts:
    """The facts of a PDF: page sizes, count, base fonts (`fonts=False` for a PDF LibreOffice
    made, whose fonts are its substitutes, not the author's). Raises Unreadable."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(str(path))
        pages = reader.pages
        facts = Facts(pages=len(pages))
        used: Counter[str] = Counter()
        for index, page in enumerate(pages):
            box = page.mediabox
            facts.page_sizes.append(
                page_name(float(box.width) * MM_PER_POINT, float(box.height) * MM_PER_POINT)
            )
            if fonts and index < MAX_PDF_PAGES_FOR_FONTS:
                for name in _page_fonts(page):
                    used[name] += 1
        facts.fonts = [name for name, _ in used.most_common()]
        if title:
            facts.title = _pdf_title(reader, path)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise Unreadable(str(exc)[:200]) from None
    return facts


def _page_fonts(page: Any) -> set[str]:
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    font_dict = resources.get("/Font") if resources else None
    if font_dict is None:
        return set()
    names = set()
    for ref in font_dict.get_object().values():
        base = str(ref.get_object().get("/BaseFont", "")).lstrip("/")
        if "+" in base[:7] and base[:6].isupper():
            base = base.split("+", 1)[1]
        if base:
            names.add(base)
    return names


def _pdf_title(reader: Any, path: Path) -> str:
    meta = reader.metadata
    title = (meta.title or "").strip() if meta is not None else ""
    if not title and len(reader.pages):
        try:
            first = reader.pages[0].extract_text() or ""
        except Exception:  # text extraction may fail on odd fonts; the name will do
            first = ""
        title = next((line.strip() for line in first.splitlines() if line.strip()), "")
    return clip_title(title or path.stem)
