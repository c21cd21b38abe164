"""What a news page says about itself: title, summary, image, site, canonical URL and date.

`read_page` takes the bytes of a fetched page and reads, in this order of trust:

1. OpenGraph and Twitter tags (``og:title``, ``og:description``, ``og:image``, ``og:site_name``,
   ``og:url``, ``article:published_time``, ``twitter:title`` ...);
2. JSON-LD (``NewsArticle``, ``Article``, ``BlogPosting`` and kin, also inside ``@graph`` or
   lists; broken JSON is repaired where it is easy and skipped otherwise);
3. the page itself: ``<title>`` (without a trailing " - Site" / " | Site" when that part is the
   site's name), the first ``<h1>``, the first meaningful paragraph of the article (skipping
   skip-links, menus, breadcrumbs, view counts, date and author lines), ``<meta
   name="description">``, the first content image, and Vietnamese date lines such as
   ``Ngày đăng 20/06/2024 | 9:59 AM`` or ``Cập nhật: 08:30 20/6/2024``.

The site name comes from ``og:site_name``, ``application-name``, the JSON-LD publisher, then the
part of ``<title>`` that remains once the ``<h1>`` headline is taken away, and finally the host
name without "www.".

`decode_html` turns the bytes into text: BOM, the HTTP charset, then ``<meta charset>``, then
detection with charset_normalizer. A declared single-byte charset loses to UTF-8 when the bytes
are valid UTF-8 with multi-byte sequences (a common server misconfiguration that would otherwise
turn every Vietnamese letter into mojibake). The result is always NFC: Windows-1258 and some
Vietnamese editors write tone marks as combining characters.

Every text field is plain text: entities decoded, tags removed, whitespace collapsed, and cut to
a sane length. URLs are absolute http(s); ``javascript:`` and ``data:`` are never returned.
"""

from __future__ import annotations

import codecs
import contextlib
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Final
from urllib.parse import quote, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import charset_normalizer
from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = [
    "MAX_SITE",
    "MAX_SUMMARY",
    "MAX_TITLE",
    "PageMeta",
    "PageUnreadable",
    "decode_html",
    "find_text_date",
    "read_page",
]

MAX_TITLE: Final = 300
MAX_SUMMARY: Final = 2000
MAX_SITE: Final = 120
MAX_URL: Final = 2048

_HTML_TYPES: Final = frozenset(
    {"", "text/html", "application/xhtml+xml", "text/plain", "application/octet-stream"}
)
_BINARY_MAGIC: Final = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"RIFF",
    b"\xd0\xcf\x11\xe0",
    b"ID3",
    b"OggS",
)


@dataclass(frozen=True)
class PageMeta:
    """How a page presents itself, ready for a news card."""

    url: str
    title: str
    summary: str
    image: str | None
    site: str
    published: datetime | None


class PageUnreadable(Exception):
    """The content is not an HTML page, or it has no title anywhere."""


# --- decoding -------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG: these labels mean windows-1252 in browsers.
_LABEL_ALIASES: Final = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "x-sjis": "shift_jis",
    "unicode-1-1-utf-8": "utf-8",
    "utf8": "utf-8",
}


def _codec(label: str | None) -> str | None:
    """The Python codec name for a charset label, or None when unknown or unusable."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _LABEL_ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if info.name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # an ASCII-compatible document cannot really be UTF-16 (HTML spec)
    return info.name


def _meta_charset(content: bytes) -> str | None:
    head = re.sub(rb"<!--.*?-->", b"", content[:16384], flags=re.S)
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _detect(content: bytes) -> str | None:
    best = charset_normalizer.from_bytes(content[:262144]).best()
    return _codec(best.encoding) if best is not None else None


def _decode(content: bytes, header_charset: str | None) -> str:
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content.decode(codec, errors="replace")
    if content.isascii():
        return content.decode("ascii")
    try:
        as_utf8: str | None = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A body cut off at the size limit may end inside a character.
        as_utf8 = content[: exc.start].decode("utf-8") if exc.start >= len(content) - 3 else None
    declared = [c for c in (_codec(header_charset), _codec(_meta_charset(content))) if c]
    for codec in declared:
        if codec == "utf-8":
            if as_utf8 is not None:
                return as_utf8
            text = content.decode("utf-8", errors="replace")
            if text.count("\ufffd") <= max(2, len(content) // 1000):
                return text  # a few stray bytes in an otherwise UTF-8 page
            continue
        if as_utf8 is not None:
            return as_utf8  # valid multi-byte UTF-8 is not an accident: the label is wrong
        with contextlib.suppress(UnicodeDecodeError):
            return content.decode(codec)
    if as_utf8 is not None:
        return as_utf8
    detected = _detect(content)
    if detected:
        return content.decode(detected, errors="replace")
    if declared:
        return content.decode(declared[0], errors="replace")
    return content.decode("utf-8", errors="replace")


def decode_html(content: bytes, header_charset: str | None) -> str:
    """The text of an HTML document (NFC), from the best evidence of its encoding."""
    text = _decode(content, header_charset)
    return unicodedata.normalize("NFC", text.replace("\x00", ""))


# --- small text helpers ---------------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAG = re.compile(r"<(?:/?[A-Za-z][^<>]*|!--.*?--)>", re.S)
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_SPACE = re.compile(r"\s+")


def _clean(value: str | None) -> str:
    """Plain, NFC, single-spaced text from a metadata value (entities and tags removed)."""
    if not value:
        return ""
    text = str(value)
    for _ in range(2):  # also undo one round of double escaping ("&amp;quot;")
        if "&" in text:
            text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
        if "<" in text:
            text = _TAG.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text)).strip()


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—|") + "…"


def _key(text: str) -> str:
    """A loose comparison key: case-folded letters and digits only."""
    return "".join(c for c in text.casefold() if c.isalnum())


def _node_text(node: LexborNode | None) -> str:
    return _clean(node.text(separator=" ")) if node is not None else ""


def _first(*values: str | None) -> str:
    for value in values:
        if value:
            return value
    return ""


# --- URLs -----------------------------------------------------------------------------------

_URL_SAFE: Final = "/%:@!$&'()*+,;=-._~?#[]"


def _absolute(value: str | None, base: str) -> str | None:
    """``value`` resolved against ``base`` if it is a usable http(s) URL, else None."""
    if not value:
        return None
    text = _INVISIBLE.sub("", value).strip()
    text = re.sub(r"[\t\r\n]", "", text)
    if not text or len(text) > MAX_URL or re.match(r"(?i)\s*(javascript|data|vbscript):", text):
        return None
    try:
        parts = urlsplit(urljoin(base, text.replace(" ", "%20")))
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            return None
        url = urlunsplit(
            (
                parts.scheme.lower(),
                parts.netloc,
                quote(parts.path, safe=_URL_SAFE),
                quote(parts.query, safe=_URL_SAFE),
                quote(parts.fragment, safe=_URL_SAFE),
            )
        )
    except ValueError:
        return None
    return url if len(url) <= MAX_URL else None


def _host(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    host = host.removeprefix("www.")
    with contextlib.suppress(UnicodeError):
        host = ".".join(
            codecs.decode(label.encode("ascii"), "idna") if label.startswith("xn--") else label
            for label in host.split(".")
        )
    return host


# --- dates ----------------------------------------------------------------------------------

_D = r"(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>(?:19|20)\d{2})"
_T = (
    r"(?P<H>\d{1,2})\s?[:hg]\s?(?P<M>\d{2})(?:\s?:\s?(?P<S>\d{2}))?"
    r"(?:\s?(?P<ap>[AaPp]\.?[Mm]\.?|SA|CH)(?![\w]))?"
)
_Z = r"(?:\s?\(?\s?(?P<gmt>GMT|UTC)\s?(?P<off>[+-]\s?\d{1,2}(?::?\d{2})?)?\s?\)?)?"
_SEP = r"\s?(?:[|,–—-]\s?|lúc\s|ngày\s)?\s?"
_WEEKDAY = r"(?:thứ\s(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\snhật|cn)"
_PUBLISHED = (
    r"(?:ngày\sđăng(?:\stải|\sbài)?|đăng\sngày|đăng\slúc|đăng\stải|đăng\sbài|"
    r"ngày\sxuất\sbản|xuất\sbản|thời\sgian\sđăng|ngày\sviết|published|posted)"
)
_UPDATED = r"(?:ngày\scập\snhật|cập\snhật\slần\scuối|cập\snhật(?:\slúc)?|updated)"
_LABEL_TAIL = rf"\s?:?\s?(?:{_WEEKDAY}\s?,?\s?)?(?:ngày\s)?"
_FORMS: Final = (
    _D + _SEP + _T + _Z,
    _T + _SEP + _D + _Z,
    _D + r"(?!\s?[|,–—-]?\s?\d)",
)


def _patterns(prefix: str, forms: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(prefix + form, re.I) for form in forms)


_LABELLED: Final = (
    _patterns(_PUBLISHED + _LABEL_TAIL, _FORMS),
    _patterns(_UPDATED + _LABEL_TAIL, _FORMS),
)
_UNLABELLED: Final = (
    _patterns(rf"(?<!\w){_WEEKDAY}\s?,?\s?(?:ngày\s)?", _FORMS[:2]),
    _patterns(r"(?<![\w/.:-])", _FORMS[:2]),
)
_WORDY_DATE = re.compile(
    r"(?<!\w)ngày\s(?P<d>\d{1,2})\stháng\s(?P<m>\d{1,2})\snăm\s(?P<y>(?:19|20)\d{2})", re.I
)


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    digits = re.sub(r"\s", "", text)
    sign = -1 if digits.startswith("-") else 1
    digits = digits[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    try:
        delta = timedelta(hours=int(hours), minutes=int(minutes))
    except ValueError:
        return None
    return timezone(sign * delta) if delta <= timedelta(hours=14) else None


def _from_match(match: re.Match[str], tz: ZoneInfo) -> datetime | None:
    parts = match.groupdict()
    hour, minute = int(parts.get("H") or 0), int(parts.get("M") or 0)
    second = int(parts.get("S") or 0)
    meridiem = (parts.get("ap") or "").replace(".", "").upper()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem in ("PM", "CH") else 0)
    zone = _offset(parts.get("off")) or (UTC if parts.get("gmt") else tz)
    try:
        return datetime(
            int(parts["y"]), int(parts["m"]), int(parts["d"]), hour, minute, second, tzinfo=zone
        )
    except ValueError:
        return None


def _search(patterns: Iterable[re.Pattern[str]], text: str, tz: ZoneInfo) -> datetime | None:
    """The earliest valid match of any pattern (earlier patterns win ties)."""
    found: tuple[int, int, datetime] | None = None
    for rank, pattern in enumerate(patterns):
        for match in pattern.finditer(text):
            when = _from_match(match, tz)
            if when is not None:
                if found is None or (match.start(), rank) < found[:2]:
                    found = (match.start(), rank, when)
                break
    return found[2] if found else None


def find_text_date(text: str, tz: ZoneInfo, *, anywhere: bool = True) -> datetime | None:
    """A publication date written in Vietnamese page text.

    Labelled dates ("Ngày đăng", then "Cập nhật") win; then a weekday with date and time; then
    any date with a time (only when ``anywhere``: it may be another article's date).
    """
    text = _SPACE.sub(" ", text)
    for patterns in _LABELLED:
        when = _search(patterns, text, tz)
        if when is not None:
            return when
    when = _search(_UNLABELLED[0], text, tz)
    if when is not None:
        return when
    match = _WORDY_DATE.search(text)
    if match:
        when = _from_match(match, tz)
        if when is not None:
            return when
    return _search(_UNLABELLED[1], text, tz) if anywhere else None


def _parse_date(value: str | None, tz: ZoneInfo) -> datetime | None:
    """An ISO 8601 (or RFC 2822, or Vietnamese d/m/y) date; naive values are in ``tz``."""
    text = _clean(value)
    if not text:
        return None
    when: datetime | None = None
    iso = re.sub(r"(\d)\s+([+-]\d{2}:?\d{2})$", r"\1\2", text)
    iso = re.sub(r"(?i)(\d)\s*(?:UTC|GMT)$", r"\1Z", iso)
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        with contextlib.suppress(TypeError, ValueError, IndexError):
            when = parsedate_to_datetime(text)
    if when is None:
        when = find_text_date(text, tz)
    if when is None or not 1990 <= when.year <= 2100:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    return when.astimezone(tz)


# --- JSON-LD --------------------------------------------------------------------------------

_ARTICLE_TYPES: Final = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "liveblogposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "socialmediaposting",
    }
)


@dataclass
class _LinkedData:
    headline: str = ""
    description: str = ""
    images: list[str] = field(default_factory=list)
    published: str = ""
    publisher: str = ""
    url: str = ""


def _loads_lenient(raw: str) -> list[Any]:
    """Every JSON value in a script block, repairing the usual breakage; [] if hopeless."""
    text = raw.strip()
    text = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", text)
    text = re.sub(r"^\s*<!--|-->\s*$", "", text).strip().rstrip(";")
    attempts = (text, re.sub(r",\s*([}\]])", r"\1", text))
    for attempt in attempts:
        values: list[Any] = []
        decoder = json.JSONDecoder(strict=False)
        position = 0
        try:
            while position < len(attempt):
                value, end = decoder.raw_decode(attempt, position)
                values.append(value)
                position = end
                while position < len(attempt) and attempt[position] in " \t\r\n,;":
                    position += 1
        except ValueError:
            if values:
                return values
            continue
        return values
    return []


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key, item in value.items():
            if isinstance(item, dict | list) and key != "@context":
                yield from _walk(item, depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type", [])
    names = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/:#]", str(n))[-1].lower() for n in names if n}


def _ld_text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), "")
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    return _clean(value) if isinstance(value, str | int | float) else ""


def _ld_images(value: Any, by_id: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    if isinstance(value, str):
        return [value]
    if depth > 3:
        return []
    if isinstance(value, dict):
        if "url" not in value and "contentUrl" not in value:
            value = by_id.get(str(value.get("@id")), {})  # a reference into the @graph
        found = value.get("url") or value.get("contentUrl")
        return _ld_images(found, by_id, depth + 1) if found else []
    if isinstance(value, list):
        return [image for item in value[:10] for image in _ld_images(item, by_id, depth + 1)]
    return []


def _linked_data(tree: LexborHTMLParser) -> _LinkedData:
    nodes: list[dict[str, Any]] = []
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").strip().lower()
        if kind.split(";")[0].strip() == "application/ld+json":
            for value in _loads_lenient(script.text() or ""):
                nodes.extend(_walk(value))
    by_id = {str(n["@id"]): n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}
    article = next((n for n in nodes if _types(n) & _ARTICLE_TYPES), None)
    if article is None:
        return _LinkedData()
    publisher = article.get("publisher") or article.get("sourceOrganization")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict) and "name" not in publisher:
        publisher = by_id.get(str(publisher.get("@id")), publisher)
    return _LinkedData(
        headline=_ld_text(article.get("headline") or article.get("name")),
        description=_ld_text(article.get("description") or article.get("abstract")),
        images=_ld_images(article.get("image") or article.get("thumbnailUrl"), by_id),
        published=_ld_text(article.get("datePublished") or article.get("dateCreated")),
        publisher=_ld_text(publisher),
        url=_ld_text(article.get("url")),
    )


# --- the page itself ------------------------------------------------------------------------

_DROP_TAGS: Final = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "canvas",
    "select",
    "button",
    "object",
    "embed",
]
_NOISE_TAGS: Final = frozenset({"nav", "aside", "header", "footer", "figure", "menu"})
_HEADING_NOISE_TAGS: Final = frozenset({"nav", "aside", "footer", "menu"})
_HEADING_NOISE_WORDS: Final = frozenset(
    {"nav", "navbar", "menu", "logo", "brand", "banner", "sidebar", "footer", "widget", "related"}
)
_IMAGE_NOISE_TAGS: Final = frozenset({"nav", "aside", "header", "footer", "menu"})
_IMAGE_NOISE_WORDS: Final = frozenset(
    {
        "nav",
        "menu",
        "sidebar",
        "footer",
        "header",
        "logo",
        "banner",
        "advert",
        "ads",
        "quangcao",
        "social",
        "share",
        "related",
        "widget",
        "comment",
        "author",
    }
)
_NOISE_WORDS: Final = frozenset(
    {
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "sidebar",
        "footer",
        "header",
        "share",
        "social",
        "related",
        "comment",
        "comments",
        "widget",
        "banner",
        "logo",
        "copyright",
        "skip",
        "skiplink",
        "tags",
        "toolbar",
        "pagination",
        "author",
        "byline",
        "caption",
        "advert",
        "ads",
        "quangcao",
        "meta",
        "date",
        "time",
        "view",
        "views",
        "hits",
        "topbar",
        "marquee",
    }
)
_LEAD_WORDS: Final = frozenset(
    {"sapo", "lead", "summary", "chapeau", "excerpt", "tomtat", "description", "intro"}
)
_NOISE_PARAGRAPH = re.compile(
    r"^(?:truy cập nội dung|bỏ qua|chuyển (?:đến|tới) nội dung|skip to|trang chủ\b|home\b|"
    r"tin và ảnh|tin, ảnh|tin ảnh|tin,ảnh|bài và ảnh|bài, ảnh|bài:|tin:|ảnh:|nguồn:|"
    r"tác giả\s?:|người viết\s?:|phóng viên\s?:|lượt xem|số lượt xem|lượt đọc|lượt truy cập|"
    r"ngày đăng|đăng ngày|ngày cập nhật|cập nhật\s?(?:lúc|:|\d)|đăng lúc|xem thêm|"
    r"tin liên quan|tin khác|bài viết liên quan|chia sẻ\s?(?::|$|bài|lên|qua)|in bài|bản in|"
    r"copyright|©)",
    re.I,
)
_BREADCRUMB = re.compile(r"\s(?:[»›>/|]|->)\s|[»›]")
_NOISE_IMAGE = re.compile(
    r"logo|icon|favicon|banner|avatar|sprite|spacer|blank|pixel|quang-?cao|ads?[/_-]|\.svg", re.I
)
_GENERIC_TITLES: Final = frozenset({"trangchu", "home", "homepage", "tintuc", "trangchinh"})
_TITLE_SEPARATORS: Final = (" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", " : ")


def _tokens(node: LexborNode) -> set[str]:
    attrs = node.attributes
    text = f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('role') or ''}"
    return set(re.split(r"[\s_-]+", text.lower())) - {""}


def _in_noise(
    node: LexborNode,
    tags: frozenset[str] = _NOISE_TAGS,
    words: frozenset[str] = _NOISE_WORDS,
    *,
    stop: int = 12,
) -> bool:
    """Is ``node`` (or an ancestor) page furniture rather than article text?"""
    current: LexborNode | None = node
    while current is not None and stop > 0:
        if current.tag in ("body", "html", "article", "main"):
            return False
        if current.tag in tags or _tokens(current) & words:
            return True
        current = current.parent
        stop -= 1
    return False


def _is_lead(node: LexborNode) -> bool:
    return bool(_tokens(node) & _LEAD_WORDS)


def _meaningful(text: str, title: str, *, lead: bool) -> bool:
    if not text or _key(text) == _key(title):
        return False
    if _NOISE_PARAGRAPH.match(text):
        return False
    if len(text) < 100 and (
        find_text_date(text, ZoneInfo("UTC")) is not None or "lượt xem" in text.casefold()
    ):
        return False
    if len(_BREADCRUMB.findall(text)) >= 2 and len(text) < 200:
        return False
    words = len(text.split())
    return words >= 4 if lead else len(text) >= 40 and words >= 6


@dataclass
class _Page:
    """Facts read from the markup itself."""

    tree: LexborHTMLParser
    base: str
    title_tag: str = ""
    headings: list[LexborNode] = field(default_factory=list)
    meta_description: str = ""


def _headings(tree: LexborHTMLParser) -> list[LexborNode]:
    found = []
    for node in tree.css("h1"):
        text = _node_text(node)
        if (
            text
            and len(text) >= 8
            and not _in_noise(node, _HEADING_NOISE_TAGS, _HEADING_NOISE_WORDS)
        ):
            found.append(node)
    return found


def _split_title(raw: str) -> list[tuple[str, str, str]]:
    """Ways of cutting a title into (head, separator, tail)."""
    cuts = []
    for sep in _TITLE_SEPARATORS:
        index = raw.rfind(sep)
        if index > 0:
            cuts.append((raw[:index].strip(), sep, raw[index + len(sep) :].strip()))
        index = raw.find(sep)
        if index > 0:
            cuts.append((raw[:index].strip(), sep, raw[index + len(sep) :].strip()))
    return cuts


def _strip_site(title: str, names: Iterable[str], headlines: Iterable[str]) -> tuple[str, str]:
    """``title`` without a leading/trailing site name; and the name removed (if any)."""
    keys = {_key(n) for n in names if _key(n)}
    heads = {_key(h) for h in headlines if _key(h)}
    for head, _, tail in _split_title(title):
        if not head or not tail:
            continue
        if _key(tail) in keys or _key(head) in heads:
            return head, tail
        if _key(head) in keys or _key(tail) in heads:
            return tail, head
    return title, ""


def _unrelated_headline(headline: str, title_tag: str) -> bool:
    """Is ``headline`` a real headline that ``<title>`` does not even mention?"""
    return (
        len(headline.split()) >= 5
        and len(headline) > len(title_tag)
        and _key(headline) not in _key(title_tag)
    )


def _page_title(page: _Page, names: list[str], host: str) -> tuple[str, str]:
    """The title from ``<title>`` or ``<h1>``; and a site name the ``<title>`` revealed."""
    headlines = [_node_text(h) for h in page.headings]
    headlines = [h for h in headlines if _key(h) not in {_key(n) for n in names}]
    title, site_guess = _strip_site(page.title_tag, [*names, host], headlines)
    generic = {_key(n) for n in [*names, host, site_guess] if n} | _GENERIC_TITLES
    if title and _key(title) not in generic:
        if headlines and _unrelated_headline(headlines[0], page.title_tag):
            # e.g. a portal whose <title> is the site's name on every page
            short = len(title) <= 60 and len(title.split()) <= 10
            return headlines[0], site_guess or (title if short and not names else "")
        return title, site_guess
    if headlines:
        return headlines[0], site_guess
    return title, site_guess


def _title_node(page: _Page, title: str) -> LexborNode | None:
    """The heading in the markup that carries ``title``, if any."""
    wanted = _key(title)
    if not wanted:
        return None
    for node in [*page.headings, *page.tree.css("h2, h3, .title, [itemprop=headline]")]:
        have = _key(_node_text(node))
        if have and (have == wanted or (len(have) >= 16 and (have in wanted or wanted in have))):
            return node
    return None


def _in_order_after(page: _Page, anchor: LexborNode | None, selector: str) -> list[LexborNode]:
    """Nodes matching ``selector``: those after ``anchor`` first, then the others."""
    matches = page.tree.css(selector)
    if anchor is None:
        return matches
    wanted = {node.mem_id for node in matches}
    after: list[LexborNode] = []
    seen_anchor = False
    body = page.tree.body or page.tree.root
    if body is None:
        return matches
    for node in body.traverse():
        if node.mem_id == anchor.mem_id:
            seen_anchor = True
        elif seen_anchor and node.mem_id in wanted:
            after.append(node)
    later = {node.mem_id for node in after}
    return after + [node for node in matches if node.mem_id not in later]


def _first_paragraph(page: _Page, anchor: LexborNode | None, title: str) -> str:
    selector = "p, .sapo, .lead, .summary, .chapeau, .excerpt, .description, .intro, [class*=sapo]"
    for node in _in_order_after(page, anchor, selector):
        lead = _is_lead(node)
        if node.tag != "p" and not lead:
            continue
        if lead and _in_noise(node, _HEADING_NOISE_TAGS, _HEADING_NOISE_WORDS):
            continue
        if not lead and _in_noise(node):
            continue
        text = _node_text(node)
        if _meaningful(text, title, lead=lead):
            return text
    return ""


def _first_image(page: _Page, anchor: LexborNode | None) -> str | None:
    for node in _in_order_after(page, anchor, "img")[:40]:
        attrs = node.attributes
        src = attrs.get("data-src") or attrs.get("data-original") or attrs.get("src")
        if not src or _NOISE_IMAGE.search(src):
            continue
        if _in_noise(node, _IMAGE_NOISE_TAGS, _IMAGE_NOISE_WORDS):
            continue
        sizes = [attrs.get("width") or "", attrs.get("height") or ""]
        if any(s.isdigit() and int(s) < 100 for s in sizes):
            continue
        url = _absolute(src, page.base)
        if url:
            return url
    return None


def _region_after(text: str, marker: str) -> str | None:
    """The stretch of page text around the article's title, where its date line lives."""
    if not marker:
        return None
    index = text.casefold().find(marker.casefold())
    if index < 0:
        return None
    return text[max(0, index - 300) : index + len(marker) + 2000]


# --- reading a page -------------------------------------------------------------------------


def _check_html(content: bytes, content_type: str | None) -> None:
    media = (content_type or "").split(";")[0].strip().lower()
    if media not in _HTML_TYPES:
        raise PageUnreadable(f"not HTML but {media}")
    head = content.lstrip()[:16]
    if not content.strip() or any(head.startswith(magic) for magic in _BINARY_MAGIC):
        raise PageUnreadable("not HTML (binary or empty content)")


def _looks_like_html(text: str) -> bool:
    head = text[:8192].lstrip("\ufeff \t\r\n").lower()
    if re.match(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:rdf)\b", head, re.S):
        return False
    if "\x00" in head:
        return False
    return re.search(r"<(?:!doctype html|html|head|body|title|meta|h1|p|div)\b", head) is not None


def _meta_values(tree: LexborHTMLParser) -> dict[str, str]:
    values: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        name = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = attrs.get("content")
        if name and content and content.strip():
            values.setdefault(name.strip().lower(), content)
    return values


def _link(tree: LexborHTMLParser, rel: str) -> str | None:
    for node in tree.css("link"):
        rels = (node.attributes.get("rel") or "").lower().split()
        if rel in rels and node.attributes.get("href"):
            return node.attributes.get("href")
    return None


def _canonical(candidates: Iterable[str | None], base: str, fetched: str) -> str:
    fetched_path = urlsplit(fetched).path.strip("/")
    for candidate in candidates:
        url = _absolute(candidate, base)
        if url is None:
            continue
        if fetched_path and not urlsplit(url).path.strip("/"):
            continue  # a site-wide canonical pointing at the home page
        return url
    return fetched


def read_page(
    content: bytes,
    url: str,
    *,
    tz: ZoneInfo,
    header_charset: str | None = None,
    content_type: str | None = None,
) -> PageMeta:
    """Read a fetched HTML page; `PageUnreadable` if it is not HTML or has no title.

    ``url`` is the URL the page was fetched from (after redirects); ``content_type`` is the
    media type the server gave, when known.
    """
    _check_html(content, content_type)
    text = decode_html(content, header_charset)
    if not _looks_like_html(text):
        raise PageUnreadable("not HTML")
    tree = LexborHTMLParser(text)
    linked = _linked_data(tree)
    tree.strip_tags(_DROP_TAGS, recursive=True)
    for br in tree.css("br"):
        br.replace_with(" ")
    raw_meta = _meta_values(tree)
    meta = {k: _clean(v) for k, v in raw_meta.items()}

    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = _absolute(base_node.attributes.get("href"), url) or url
    host = _host(url)
    title_node = tree.css_first("head title") or tree.css_first("title")
    page = _Page(
        tree=tree,
        base=base,
        title_tag=_node_text(title_node),
        headings=_headings(tree),
        meta_description=meta.get("description", ""),
    )

    names = [n for n in (meta.get("og:site_name"), meta.get("application-name")) if n]
    names += [linked.publisher] if linked.publisher else []
    page_title, site_guess = _page_title(page, names, host)
    site = _first(*names, site_guess, host)
    headlines = [_node_text(h) for h in page.headings]
    title = ""
    for candidate in (meta.get("og:title"), meta.get("twitter:title"), linked.headline):
        if candidate:
            title = _strip_site(candidate, [site, host], headlines)[0]
            break
    title = _shorten(title or page_title, MAX_TITLE)
    if not title:
        raise PageUnreadable("no title")

    anchor = _title_node(page, title)
    summary = _first(
        meta.get("og:description"),
        meta.get("twitter:description"),
        linked.description,
    )
    if not summary:
        summary = _first_paragraph(page, anchor, title)
    description = page.meta_description
    if not summary and description and _key(description) not in {_key(site), _key(title)}:
        summary = description

    image = None
    image_candidates = [
        raw_meta.get("og:image"),
        raw_meta.get("og:image:url"),
        raw_meta.get("og:image:secure_url"),
        raw_meta.get("twitter:image"),
        raw_meta.get("twitter:image:src"),
        *linked.images,
        _link(tree, "image_src"),
    ]
    for candidate in image_candidates:
        image = _absolute(candidate, base)
        if image:
            break
    if image is None:
        image = _first_image(page, anchor)

    published = None
    for candidate in (
        meta.get("article:published_time"),
        meta.get("og:article:published_time"),
        meta.get("datepublished"),
        linked.published,
        meta.get("pubdate"),
        meta.get("publishdate"),
        meta.get("publish-date"),
        meta.get("dc.date.issued"),
        meta.get("dcterms.issued"),
        meta.get("dc.date"),
    ):
        published = _parse_date(candidate, tz)
        if published is not None:
            break
    if published is None:
        published = _published_in_markup(page, anchor, title, tz)

    canonical = _canonical(
        (raw_meta.get("og:url"), _link(tree, "canonical"), linked.url), base, url
    )
    return PageMeta(
        url=canonical,
        title=title,
        summary=_shorten(summary, MAX_SUMMARY),
        image=image,
        site=_shorten(site, MAX_SITE),
        published=published,
    )


def _published_in_markup(
    page: _Page, anchor: LexborNode | None, title: str, tz: ZoneInfo
) -> datetime | None:
    """A date from ``itemprop=datePublished``, a Vietnamese date line, or a ``<time>``."""
    for node in page.tree.css("[itemprop=datePublished], [itemprop=datepublished]"):
        when = _parse_date(
            node.attributes.get("datetime") or node.attributes.get("content") or _node_text(node),
            tz,
        )
        if when is not None:
            return when
    body = page.tree.body
    text = _SPACE.sub(" ", body.text(separator=" ")) if body is not None else ""
    region = _region_after(text, _node_text(anchor) if anchor is not None else title)
    if region is not None:
        when = find_text_date(region, tz)
        if when is not None:
            return when
    when = find_text_date(text, tz, anywhere=region is None)
    if when is not None:
        return when
    for node in _in_order_after(page, anchor, "time[datetime]")[:1]:
        return _parse_date(node.attributes.get("datetime"), tz)
    return None
