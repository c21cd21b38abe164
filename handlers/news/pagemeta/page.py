"""The page itself, when its tags say too little: the title without the site's name, the
headline, the first meaningful paragraph and the first content image, skipping menus,
breadcrumbs, view counts, date and author lines."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from handlers.news.pagemeta.dates import find_text_date
from handlers.news.pagemeta.text import _absolute, _key, _node_text

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
