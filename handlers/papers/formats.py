"""Format rules of a paper call (`định dạng: A4, Times New Roman 14, tối đa 10 trang`) and what a
received paper's facts differ from them, in plain words.

Organisers used to check each paper's page size, font and length by hand; the rules are read
here once, stored as `PaperCall.format_rules`, and each paper's facts (`handlers.papers.inspect`)
are compared with them into findings such as `Cỡ chữ 12 — yêu cầu 14`. A finding is a warning:
a paper is never refused for its format.

The grammar: comma-separated parts in any order — a page size (`A4`, `A5`, `Letter`), a size
(`14`, `13-14`, `13–14`, `cỡ 14`), pages (`tối đa 10 trang`, `từ 5 đến 10 trang`, `ít nhất 5
trang`, `10 trang` = at most), and anything else is a font (`Times New Roman`, `Arial`, several
joined by `hoặc`), possibly followed by its size (`Times New Roman 14`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from handlers.forms import FormError, fold
from handlers.texts import text

EXAMPLE = "định dạng: A4, Times New Roman 14, tối đa 10 trang"
DEFAULT_RULES = "A4, Times New Roman 13–14, tối đa 10 trang"  # offered in the dialogue
NO_CHECK = "không kiểm tra"
NO_CHECK_WORDS = frozenset({"khong", "khong kiem tra", "bo", "none", "no check", "off"})
PAGE_NAMES = {"a4": "A4", "a5": "A5", "letter": "Letter"}
# width × height in millimetres (portrait); sizes within TOLERANCE_MM are named
PAGE_SIZES_MM = {
    "A4": (210.0, 297.0),
    "A5": (148.0, 210.0),
    "A3": (297.0, 420.0),
    "Letter": (215.9, 279.4),
    "Legal": (215.9, 355.6),
}
TOLERANCE_MM = 3.0
KNOWN_FONTS = (
    "Times New Roman",
    "Arial",
    "Calibri",
    "Cambria",
    "Tahoma",
    "Verdana",
    "Georgia",
    "Helvetica",
    "Liberation Serif",
    "Liberation Sans",
    "DejaVu Serif",
    "DejaVu Sans",
)
# fonts with the same metrics, which PDF writers put in place of the Microsoft ones
METRIC_TWINS = {
    "timesroman": "timesnewroman",
    "liberationserif": "timesnewroman",
    "tinos": "timesnewroman",
    "liberationsans": "arial",
    "arimo": "arial",
    "helvetica": "arial",
}
SIZE_RANGE = (6.0, 72.0)
MAX_PAGES = 2000
MAX_FONT_NAME = 60
MAX_FONTS = 5

_NUMBER = r"(\d{1,2}(?:[.,]5)?)"
_DASH = r"\s*(?:-|–|—|den)\s*"
SIZE_RE = re.compile(rf"^(?:co chu|co)?\s*{_NUMBER}(?:{_DASH}{_NUMBER})?\s*(?:pt)?$")
FONT_SIZE_RE = re.compile(rf"^(.*?[^\d\s.,–—-])\s+{_NUMBER}(?:{_DASH}{_NUMBER})?\s*(?:pt)?$")
PAGES_MAX_RE = re.compile(r"^(?:toi da|nhieu nhat|khong qua)?\s*(\d{1,4})\s*trang$")
PAGES_MIN_RE = re.compile(r"^(?:it nhat|toi thieu)\s*(\d{1,4})\s*trang$")
PAGES_RANGE_RE = re.compile(rf"^(?:tu)?\s*(\d{{1,4}}){_DASH}(\d{{1,4}})\s*trang$")
TRAILING_NUMBER_RE = re.compile(r"\s[\d.,–—-]+(?:pt)?$")
SIZE_LIKE_RE = re.compile(r"^[\d\s.,–—-]+(?:pt)?$")
FONT_CHARS_RE = re.compile(r"^[\w][\w .'&+-]*$")


@dataclass(frozen=True)
class FormatRules:
    """What a call asks of each paper; None fields are not checked."""

    page: str | None = None
    fonts: tuple[str, ...] = ()
    size_min: float | None = None
    size_max: float | None = None
    min_pages: int | None = None
    max_pages: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The `PaperCall.format_rules` value."""
        return {
            "page": self.page,
            "fonts": list(self.fonts),
            "size_min": self.size_min,
            "size_max": self.size_max,
            "min_pages": self.min_pages,
            "max_pages": self.max_pages,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> FormatRules | None:
        """The rules stored on a call, or None when it has none."""
        if not data:
            return None
        return cls(
            page=data.get("page"),
            fonts=tuple(data.get("fonts") or ()),
            size_min=data.get("size_min"),
            size_max=data.get("size_max"),
            min_pages=data.get("min_pages"),
            max_pages=data.get("max_pages"),
        )

    @property
    def checks_pages(self) -> bool:
        return self.min_pages is not None or self.max_pages is not None

    def describe(self, lang: str = "vi") -> str:
        """`A4, Times New Roman 14, tối đa 10 trang`: the rules as they would be typed."""
        parts: list[str] = []
        if self.page:
            parts.append(self.page)
        size = self.size_text()
        font = text(lang, "formats.font_or").join(self.fonts) if self.fonts else ""
        if font and size:
            parts.append(f"{font} {size}")
        elif font:
            parts.append(font)
        elif size:
            parts.append(text(lang, "formats.size_part", size=size))
        pages = self.pages_text(lang)
        if pages:
            parts.append(text(lang, "formats.pages_part", pages=pages))
        return ", ".join(parts)

    def size_text(self) -> str:
        """`14` or `13–14`; empty when the size is not checked."""
        if self.size_min is None or self.size_max is None:
            return ""
        if self.size_min == self.size_max:
            return number(self.size_min)
        return f"{number(self.size_min)}–{number(self.size_max)}"

    def pages_text(self, lang: str = "vi") -> str:
        """`tối đa 10`, `ít nhất 5`, `từ 5 đến 10`; empty when pages are not checked."""
        if self.min_pages is not None and self.max_pages is not None:
            return text(lang, "formats.pages_between", low=self.min_pages, high=self.max_pages)
        if self.max_pages is not None:
            return text(lang, "formats.pages_at_most", count=self.max_pages)
        if self.min_pages is not None:
            return text(lang, "formats.pages_at_least", count=self.min_pages)
        return ""


def number(value: float) -> str:
    """`14`, `12,5`: a font size as Vietnamese writes it."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}".replace(".", ",")


def is_no_check(value: str) -> bool:
    """`không kiểm tra` (or `không`): the call checks no format."""
    return fold(value).strip(" .") in NO_CHECK_WORDS


def parse_rules(value: str) -> FormatRules | None:
    """The rules typed after `định dạng:`; None for `không kiểm tra`. Raises FormError naming
    the part that cannot be read, with an example."""
    if not value.strip() or is_no_check(value):
        return None
    page: str | None = None
    fonts: tuple[str, ...] = ()
    size: tuple[float, float] | None = None
    pages: tuple[int | None, int | None] | None = None
    for raw in value.split(","):
        part = " ".join(raw.split())
        if not part:
            continue
        folded = fold(part)
        if folded.removeprefix("kho giay ").removeprefix("kho ") in PAGE_NAMES:
            if page is not None:
                raise FormError("formats.twice", what=text("vi", "formats.what_page"), part=part)
            page = PAGE_NAMES[folded.removeprefix("kho giay ").removeprefix("kho ")]
        elif folded.endswith("trang") or "trang" in folded.split():
            if pages is not None:
                raise FormError("formats.twice", what=text("vi", "formats.what_pages"), part=part)
            pages = _pages(part, folded)
        elif folded.startswith(("co ", "co chu ")) or SIZE_LIKE_RE.match(folded):
            if not SIZE_RE.match(folded):
                raise FormError("formats.bad_size", part=part, example=EXAMPLE)
            if size is not None:
                raise FormError("formats.twice", what=text("vi", "formats.what_size"), part=part)
            size = _size(part, SIZE_RE.match(folded))
        else:
            if fonts:
                raise FormError("formats.twice", what=text("vi", "formats.what_font"), part=part)
            with_size = FONT_SIZE_RE.match(part)
            if with_size and SIZE_RE.match(fold(part[len(with_size.group(1)) :].strip())):
                if size is not None:
                    raise FormError(
                        "formats.twice", what=text("vi", "formats.what_size"), part=part
                    )
                size = _size(part, SIZE_RE.match(fold(part[len(with_size.group(1)) :].strip())))
                fonts = _fonts(with_size.group(1), part)
            elif TRAILING_NUMBER_RE.search(part):  # `Times New Roman 100`: a size out of range
                raise FormError("formats.bad_size", part=part, example=EXAMPLE)
            else:
                fonts = _fonts(part, part)
    if page is None and not fonts and size is None and pages is None:
        raise FormError("formats.empty", example=EXAMPLE)
    low, high = pages if pages is not None else (None, None)
    return FormatRules(
        page=page,
        fonts=fonts,
        size_min=size[0] if size else None,
        size_max=size[1] if size else None,
        min_pages=low,
        max_pages=high,
    )


def _size(part: str, match: re.Match[str] | None) -> tuple[float, float]:
    assert match is not None
    low = float(match.group(1).replace(",", "."))
    high = float(match.group(2).replace(",", ".")) if match.group(2) else low
    if not (SIZE_RANGE[0] <= low <= high <= SIZE_RANGE[1]):
        raise FormError("formats.bad_size", part=part, example=EXAMPLE)
    return low, high


def _pages(part: str, folded: str) -> tuple[int | None, int | None]:
    if match := PAGES_RANGE_RE.match(folded):
        low, high = int(match.group(1)), int(match.group(2))
    elif match := PAGES_MIN_RE.match(folded):
        low, high = int(match.group(1)), None
    elif match := PAGES_MAX_RE.match(folded):
        low, high = None, int(match.group(1))
    else:
        raise FormError("formats.bad_pages", part=part, example=EXAMPLE)
    if (low is not None and not 1 <= low <= MAX_PAGES) or (
        high is not None and not 1 <= high <= MAX_PAGES
    ):
        raise FormError("formats.bad_pages", part=part, example=EXAMPLE)
    if low is not None and high is not None and low > high:
        raise FormError("formats.bad_pages", part=part, example=EXAMPLE)
    return low, high


def _fonts(value: str, part: str) -> tuple[str, ...]:
    value = re.sub(r"\s+(?:cỡ chữ|cỡ|co chu|co)$", "", value.strip(), flags=re.IGNORECASE)
    names = [" ".join(name.split()) for name in re.split(r"\s+(?:hoặc|hoac|or)\s+|/", value)]
    fonts: list[str] = []
    for name in names:
        if (
            not name
            or len(name) > MAX_FONT_NAME
            or not FONT_CHARS_RE.match(name)
            or not any(ch.isalpha() for ch in name)
        ):
            raise FormError("formats.bad_font", part=part, example=EXAMPLE)
        known = next((k for k in KNOWN_FONTS if k.lower() == name.lower()), None)
        fonts.append(known or name)
    if len(fonts) > MAX_FONTS:
        raise FormError("formats.bad_font", part=part, example=EXAMPLE)
    return tuple(fonts)


def page_name(width_mm: float, height_mm: float) -> str:
    """`A4`, `Letter`… by size within a tolerance, either orientation; else `200×250 mm`."""
    short, long = sorted((width_mm, height_mm))
    for name, (w, h) in PAGE_SIZES_MM.items():
        if abs(short - w) <= TOLERANCE_MM and abs(long - h) <= TOLERANCE_MM:
            return name
    return f"{round(short)}×{round(long)} mm"


def font_key(name: str) -> str:
    """A font name reduced for comparison: `TimesNewRomanPS-BoldMT` and `Times New Roman` meet
    on `timesnewroman`; the PDF standard `Times-Roman` and the metric twins LibreOffice
    embeds in its place (`LiberationSerif`, `Tinos`) count as Times New Roman, and likewise
    for Arial."""
    key = re.sub(r"[^a-z0-9]", "", name.lower())
    for prefix, same in METRIC_TWINS.items():
        if key.startswith(prefix):
            return same + key[len(prefix) :]
    return key


def font_matches(found: str, wanted: tuple[str, ...]) -> bool:
    """Whether `found` (a DOCX font name or a PDF base font) is one of the `wanted` fonts."""
    key = font_key(found)
    return any(key.startswith(font_key(want)) for want in wanted)


@dataclass(frozen=True)
class Finding:
    """One way a paper differs from the rules: a text key and its values."""

    key: str
    values: tuple[tuple[str, str], ...]

    def line(self, lang: str = "vi") -> str:
        return text(lang, self.key, **dict(self.values))


def _finding(key: str, **values: object) -> Finding:
    return Finding(key, tuple((k, str(v)) for k, v in values.items()))


def compare(rules: FormatRules, facts: Any, lang: str = "vi") -> list[Finding]:
    """What `facts` (a `handlers.papers.inspect.Facts`) differ from `rules`, in the order page
    size, font, size, pages."""
    findings: list[Finding] = []
    if rules.page and facts.page_sizes:
        wrong = [name for name in facts.page_sizes if name != rules.page]
        if wrong:
            shown = max(set(wrong), key=wrong.count)
            if len(wrong) == len(facts.page_sizes):
                findings.append(_finding("formats.page_wrong", found=shown, wanted=rules.page))
            else:
                findings.append(
                    _finding(
                        "formats.page_wrong_some",
                        found=shown,
                        wanted=rules.page,
                        count=len(wrong),
                        total=len(facts.page_sizes),
                    )
                )
    wanted_font = text(lang, "formats.font_or").join(rules.fonts)
    if rules.fonts and facts.body_font and not font_matches(facts.body_font, rules.fonts):
        findings.append(_finding("formats.font_wrong", found=facts.body_font, wanted=wanted_font))
    elif rules.fonts and facts.fonts and not any(font_matches(f, rules.fonts) for f in facts.fonts):
        findings.append(_finding("formats.font_wrong", found=facts.fonts[0], wanted=wanted_font))
    if rules.size_min is not None and rules.size_max is not None and facts.body_size is not None:
        if not rules.size_min <= facts.body_size <= rules.size_max:
            findings.append(
                _finding(
                    "formats.size_wrong", found=number(facts.body_size), wanted=rules.size_text()
                )
            )
    if rules.checks_pages and facts.pages is not None:
        low = rules.min_pages if rules.min_pages is not None else 0
        high = rules.max_pages if rules.max_pages is not None else MAX_PAGES * 100
        if not low <= facts.pages <= high:
            key = (
                "formats.pages_wrong_estimated" if facts.pages_estimated else "formats.pages_wrong"
            )
            findings.append(_finding(key, count=facts.pages, wanted=rules.pages_text(lang)))
    return findings
