"""Reading a feed document: is it RSS or Atom, what are its entries, how is each one known.

Everything here is pure: bytes in, plain values out, no network and no database. feedparser is
always given the bytes Loa fetched itself (wrapped in a stream, so it never opens a URL or a file
on its own). Entry texts reach cards as plain text: HTML is stripped with selectolax.

An entry is known by its key: the entry's id, else its link normalised (scheme and host
lowercased, default port, fragment and tracking parameters dropped, trailing slash removed), so a
link that changes only its `utm_*` parameters is still the same item. Keys longer than the
column are replaced by their SHA-256.

Keyword filters are plain words, compared case- and diacritics-insensitively as whole words; a
filter is never read as a pattern.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from handlers.forms import FormError, fold

MAX_KEY = 200
MAX_LINK = 2000
MAX_TITLE = 300
MAX_SUMMARY = 1000
MAX_ENTRIES = 200
MAX_KEYWORDS = 20
MAX_KEYWORD = 50
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "zarsrc", "mc_cid", "mc_eid", "igshid"})
DEFAULT_PORTS = {"http": 80, "https": 443}
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
_WORD = re.compile(r"\w+")
_SPACE_BEFORE = re.compile(r"\s+([,.;:!?…)\]»”])")
_SPACE_AFTER = re.compile(r"([(\[«“])\s+")


class NotAFeed(Exception):
    """The document is not an RSS or Atom feed (an HTML page, JSON, broken XML, nothing)."""


@dataclass(frozen=True)
class Entry:
    """One item of a feed, as Loa keeps and posts it."""

    key: str
    link: str
    title: str
    summary: str
    image: str | None
    published: datetime | None


@dataclass(frozen=True)
class FeedDocument:
    """A parsed feed: its version (`rss20`, `atom10`, …), title and entries, oldest first."""

    version: str
    title: str
    entries: list[Entry]


# --- links and keys -------------------------------------------------------------------------


def normalise_link(url: str) -> str:
    """The link with scheme and host lowercased, default port, fragment and tracking parameters
    (`utm_*`, `fbclid`, …) dropped and no trailing slash: the same article, one spelling."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = urlencode(
        [
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not name.lower().startswith("utm_") and name.lower() not in TRACKING_PARAMS
        ]
    )
    return urlunsplit((scheme, host, path, query, ""))


def fit_key(key: str) -> str:
    """A key that fits the column: itself, or `sha256:` and its digest when too long."""
    if len(key) <= MAX_KEY:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def entry_key(entry_id: str | None, link: str) -> str:
    """The entry's id when it has one, else its normalised link."""
    ident = (entry_id or "").strip()
    return fit_key(ident or normalise_link(link))


def _http_url(value: object) -> str | None:
    """`value` when it is an absolute http(s) URL that fits the columns, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > MAX_LINK or any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


# --- texts ----------------------------------------------------------------------------------


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment on one line: no tags, no scripts, entities decoded."""
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())
    tree = HTMLParser(fragment)
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    root = tree.body or tree.root
    raw = root.text(separator=" ") if root is not None else ""
    text = " ".join(raw.split())
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text))


def _detail_text(entry: Any, field: str) -> str:
    """An entry's `title`/`summary` as plain text, whatever type the feed declared."""
    value = entry.get(field) or ""
    if not isinstance(value, str):
        return ""
    kind = (entry.get(f"{field}_detail") or {}).get("type", "text/html")
    if kind == "text/plain":
        return " ".join(value.split())
    return plain_text(value)


def shorten(value: str, limit: int) -> str:
    """`value` cut at a word boundary to at most `limit` characters, with `…` when cut."""
    if len(value) <= limit:
        return value
    cut = value.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit - 1
    return value[:cut].rstrip(" ,;:-–") + "…"


# --- images and dates -----------------------------------------------------------------------


def _first_img(entry: Any) -> str | None:
    """The first `<img src>` in the entry's summary or content (portals put the photo there)."""
    fragments = [entry.get("summary") or ""]
    fragments += [c.get("value") or "" for c in entry.get("content") or []]
    for fragment in fragments:
        if "<img" not in fragment:
            continue
        for node in HTMLParser(fragment).css("img"):
            url = _http_url(node.attributes.get("src"))
            if url:
                return url
    return None


def entry_image(entry: Any) -> str | None:
    """The entry's picture: `media:content` (an image), `media:thumbnail`, an image
    `enclosure`, else the first image of its HTML."""
    for media in entry.get("media_content") or []:
        kind = (media.get("medium") or "").lower()
        mime = (media.get("type") or "").lower()
        url = _http_url(media.get("url"))
        looks_like_image = not kind and not mime and (url or "").lower().endswith(IMAGE_SUFFIXES)
        if url and (kind == "image" or mime.startswith("image/") or looks_like_image):
            return url
    for thumb in entry.get("media_thumbnail") or []:
        url = _http_url(thumb.get("url"))
        if url:
            return url
    for enclosure in entry.get("enclosures") or []:
        url = _http_url(enclosure.get("href") or enclosure.get("url"))
        if url and (enclosure.get("type") or "").lower().startswith("image/"):
            return url
    return _first_img(entry)


def _when(parsed: Any) -> datetime | None:
    """feedparser's UTC `struct_time` as an aware datetime."""
    try:
        return datetime(*parsed[:6], tzinfo=UTC) if parsed else None
    except (TypeError, ValueError):
        return None


# --- the document ---------------------------------------------------------------------------


def _entry(raw: Any) -> Entry | None:
    """One entry, or None when it has no http(s) link to post."""
    link = _http_url(raw.get("link"))
    if link is None:
        return None
    ident = raw.get("id")
    published = _when(raw.get("published_parsed")) or _when(raw.get("updated_parsed"))
    return Entry(
        key=entry_key(ident if isinstance(ident, str) else None, link),
        link=link,
        title=shorten(_detail_text(raw, "title"), MAX_TITLE),
        summary=shorten(_detail_text(raw, "summary"), MAX_SUMMARY),
        image=entry_image(raw),
        published=published,
    )


def oldest_first(entries: Sequence[Entry]) -> list[Entry]:
    """Entries by date when every one has a date (ties in reverse document order), otherwise
    in reverse document order (feeds list the newest first)."""
    indexed = list(enumerate(entries))
    if entries and all(e.published is not None for e in entries):
        indexed.sort(key=lambda pair: (pair[1].published, -pair[0]))
        return [entry for _, entry in indexed]
    return list(reversed(entries))


def read_feed(
    content: bytes, *, url: str, content_type: str = "", charset: str | None = None
) -> FeedDocument:
    """Parse a fetched document; `NotAFeed` unless it is a real RSS or Atom feed.

    A feed is real when feedparser recognised its version and it is not a broken document
    without a single entry (a wrong content type or charset label alone is not "broken").
    Entries without an http(s) link are left out; so are duplicates of a key already read (the
    first, newest, wins).
    """
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type + (f"; charset={charset}" if charset else "")
    try:
        parsed = feedparser.parse(io.BytesIO(content), response_headers=headers)
    except Exception as exc:  # feedparser is lenient, but the input is anybody's
        raise NotAFeed(f"unparsable: {exc.__class__.__name__}") from None
    version = parsed.get("version") or ""
    raw_entries = parsed.get("entries") or []
    if not version:
        raise NotAFeed("no RSS or Atom version recognised")
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    harmless = isinstance(problem, feedparser.ThingsNobodyCaresAboutButMe)  # type, charset
    if problem is not None and not harmless and not raw_entries:
        raise NotAFeed(f"broken document without entries: {problem}")
    entries: list[Entry] = []
    keys: set[str] = set()
    for raw in raw_entries[:MAX_ENTRIES]:
        entry = _entry(raw)
        if entry is not None and entry.key not in keys:
            keys.add(entry.key)
            entries.append(entry)
    feed_info = parsed.get("feed") or {}
    title = _detail_text(feed_info, "title") if feed_info.get("title") else ""
    return FeedDocument(
        version=version, title=shorten(title, MAX_TITLE), entries=oldest_first(entries)
    )


# --- keyword filters ------------------------------------------------------------------------


def _words(value: str) -> list[str]:
    return _WORD.findall(fold(value))


def parse_keywords(value: str) -> list[str]:
    """`thi đua, khen thưởng` → the keywords as written (trimmed); each must hold a letter or
    digit and be at most 50 characters, at most 20 of them. Duplicates (as folded) are dropped.
    """
    keywords: list[str] = []
    seen: set[str] = set()
    for item in re.split(r"[,;]", value):
        word = " ".join(item.split())
        if not word:
            continue
        if len(word) > MAX_KEYWORD or not _words(word):
            raise FormError("feeds.bad_keyword", value=word[:60])
        folded = " ".join(_words(word))
        if folded not in seen:
            seen.add(folded)
            keywords.append(word)
    if not keywords:
        raise FormError("feeds.bad_keyword", value=value.strip()[:60])
    if len(keywords) > MAX_KEYWORDS:
        raise FormError("feeds.too_many_keywords", limit=MAX_KEYWORDS)
    return keywords


def matches(keywords: Iterable[str], *texts: str) -> bool:
    """Whether any keyword occurs as whole words in one of the texts, ignoring case and
    diacritics (`Thi đua` matches `THI ĐUA yêu nước`, `thi dua`, but not `thiết`). No keywords:
    everything passes."""
    wanted = [" ".join(_words(k)) for k in keywords]
    wanted = [w for w in wanted if w]
    if not wanted:
        return True
    haystacks = [" " + " ".join(_words(t)) + " " for t in texts]
    return any(f" {w} " in haystack for w in wanted for haystack in haystacks)
