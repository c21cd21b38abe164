"""Small helpers every reader of a page uses: plain text from markup, cut to a length, compared
loosely; URLs made absolute http(s) and hosts named."""

from __future__ import annotations

import codecs
import contextlib
import html
import re
import unicodedata
from typing import Final
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborNode

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

MAX_URL: Final = 2048
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
