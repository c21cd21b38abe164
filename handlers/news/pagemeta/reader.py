"""Reading a fetched page: the order of trust (OpenGraph and Twitter tags, JSON-LD, the
page itself), the canonical URL, and what is refused (not HTML, no title anywhere)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Final
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from handlers.news.pagemeta.dates import _parse_date, find_text_date
from handlers.news.pagemeta.decoding import decode_html
from handlers.news.pagemeta.linked_data import _linked_data
from handlers.news.pagemeta.page import (
    _DROP_TAGS,
    _first_image,
    _first_paragraph,
    _headings,
    _in_order_after,
    _Page,
    _page_title,
    _region_after,
    _strip_site,
    _title_node,
)
from handlers.news.pagemeta.text import (
    _SPACE,
    _absolute,
    _clean,
    _first,
    _host,
    _key,
    _node_text,
    _shorten,
)

MAX_TITLE: Final = 300
MAX_SUMMARY: Final = 2000
MAX_SITE: Final = 120

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
