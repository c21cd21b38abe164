"""The roll-call poster (PRODUCT §14): what the secretariat prints and puts at the door, so that
delegates scan a QR code instead of queueing at a table with a paper list.

One layout, drawn twice: as a PNG (Pillow) to look at in a chat and as an A4 PDF (fpdf2, the
text as real text, the font embedded) to print. Vietnamese diacritics need a font that has them:
DejaVu Sans (Debian's `fonts-dejavu-core`); without it there is no poster (`PosterUnavailable`),
and `loa check` says so.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import segno
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

# A4 at 150 dpi for the PNG; millimetres for the PDF
PNG_SIZE = (1240, 1754)
A4_MM = (210.0, 297.0)
PX_PER_MM = PNG_SIZE[0] / A4_MM[0]
MARGIN_MM = 18.0
QR_MM = 120.0
ERROR = "q"  # a quarter of the code may be smudged or covered and it still reads


class PosterUnavailable(Exception):
    """The poster's font is not installed (`apt-get install fonts-dejavu-core`)."""


@dataclass(frozen=True)
class PosterText:
    """What the poster says, already in the reader's language (plain text, not HTML)."""

    heading: str  # `ĐIỂM DANH ĐẠI BIỂU`
    title: str
    when: str  # `08:00, Thứ Tư 19/06/2024`
    venue: str
    cluster: str  # LOA_CLUSTER_NAME, may be empty
    link: str
    steps: tuple[str, ...]  # short instructions, one line each
    small: str  # the typed form for Zalo, in small type


def font_missing() -> str | None:
    """The path of a poster font that is not there, or None when both are."""
    for path in (FONT_REGULAR, FONT_BOLD):
        if not path.is_file():
            return str(path)
    return None


def qr_code(link: str) -> segno.QRCode:
    """The link as a QR code, never a Micro QR (phones' cameras do not read those)."""
    return segno.make_qr(link, error=ERROR, boost_error=False)


def qr_png(link: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    qr_code(link).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


# --- the layout, in millimetres from the top of an A4 page -----------------------------------


@dataclass(frozen=True)
class Line:
    text: str
    size: float  # points
    bold: bool
    top: float  # mm
    grey: bool = False


def _wrap(text: str, size: float, bold: bool, width_mm: float) -> list[str]:
    """`text` cut at spaces into lines that fit `width_mm` at `size` points."""
    font = ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), _px(size))
    limit = width_mm * PX_PER_MM
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and font.getlength(candidate) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def _cut(text: str, size: float, bold: bool, width_mm: float) -> str:
    """`text` shortened to one line of `width_mm`, ending in `…`."""
    font = ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), _px(size))
    limit = width_mm * PX_PER_MM
    while text and font.getlength(text + "…") > limit:
        text = text[:-1]
    return text.rstrip() + "…"


def _px(points: float) -> int:
    return round(points * 0.3528 * PX_PER_MM)  # 1 pt = 0.3528 mm


def layout(poster: PosterText) -> tuple[list[Line], float, list[Line]]:
    """The lines above the QR code, the QR code's top, and the lines below it."""
    width = A4_MM[0] - 2 * MARGIN_MM
    top = MARGIN_MM
    above: list[Line] = []

    def add(
        into: list[Line],
        text: str,
        size: float,
        bold: bool,
        gap: float,
        grey: bool = False,
        most: int = 3,
    ) -> None:
        """`text` wrapped, at most `most` lines (the last one cut with `…`): one page, always."""
        nonlocal top
        parts = _wrap(text, size, bold, width)
        if len(parts) > most:
            parts = [*parts[: most - 1], _cut(" ".join(parts[most - 1 :]), size, bold, width)]
        for part in parts:
            into.append(Line(part, size, bold, top, grey))
            top += size * 0.3528 * 1.35
        top += gap

    if poster.cluster:
        add(above, poster.cluster.upper(), 12, False, 4, grey=True)
    add(above, poster.heading, 30, True, 5)
    add(above, poster.title, 18, True, 4, most=4)
    add(above, poster.when, 14, False, 1)
    add(above, poster.venue, 14, False, 6, most=2)
    qr_top = top
    top += QR_MM + 3
    below: list[Line] = []
    add(below, poster.link, 10, False, 5, grey=True)
    for step in poster.steps:
        add(below, step, 13, False, 1.5)
    top += 3
    add(below, poster.small, 9, False, 0, grey=True)
    return above, qr_top, below


def render_png(poster: PosterText) -> bytes:
    """The poster as an A4-shaped PNG at 150 dpi."""
    if font_missing():
        raise PosterUnavailable(font_missing())
    above, qr_top, below = layout(poster)
    image = Image.new("RGB", PNG_SIZE, "white")
    draw = ImageDraw.Draw(image)
    for line in above + below:
        font = ImageFont.truetype(str(FONT_BOLD if line.bold else FONT_REGULAR), _px(line.size))
        width = font.getlength(line.text)
        x = (PNG_SIZE[0] - width) / 2
        fill = (90, 90, 90) if line.grey else (0, 0, 0)
        draw.text((x, line.top * PX_PER_MM), line.text, font=font, fill=fill)
    side = round(QR_MM * PX_PER_MM)
    code = Image.open(io.BytesIO(qr_png(poster.link))).convert("RGB")
    code = code.resize((side, side), Image.Resampling.NEAREST)
    image.paste(code, ((PNG_SIZE[0] - side) // 2, round(qr_top * PX_PER_MM)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(150, 150))
    return buffer.getvalue()


def render_pdf(poster: PosterText) -> bytes:
    """The poster as one A4 page: real text in DejaVu Sans (embedded), the QR code as an image."""
    if font_missing():
        raise PosterUnavailable(font_missing())
    above, qr_top, below = layout(poster)
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{poster.heading} — {poster.title}")
    pdf.set_creator("Loa")
    pdf.add_font("DejaVu", "", str(FONT_REGULAR))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.add_page()
    for line in above + below:
        pdf.set_font("DejaVu", "B" if line.bold else "", line.size)
        pdf.set_text_color(90 if line.grey else 0)
        pdf.set_xy(MARGIN_MM, line.top)
        pdf.cell(A4_MM[0] - 2 * MARGIN_MM, line.size * 0.3528 * 1.3, line.text, align="C")
    pdf.image(io.BytesIO(qr_png(poster.link)), x=(A4_MM[0] - QR_MM) / 2, y=qr_top, w=QR_MM)
    return bytes(pdf.output())
