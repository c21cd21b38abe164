"""Telegram's `parse_mode=HTML`: text and entities out of a message, or the server's error.

Modelled on how the real server reads HTML (strictly, unlike a browser): every `<` starts a tag,
so a stray `<` in user text is an error; only a few tags are supported; tags must nest properly;
only `&lt; &gt; &amp; &quot;` and numeric character references are decoded, any other `&...;`
stays as typed. Entity offsets and lengths are in UTF-16 code units, as in the Bot API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_ENTITY_BY_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_CHARREF_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z][a-zA-Z0-9]{0,31});")
_ATTR_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


class HtmlError(ValueError):
    """The text cannot be parsed; `str(err)` is the part after "can't parse entities: "."""


@dataclass(slots=True)
class _Open:
    tag: str
    start: int  # UTF-16 offset in the output
    byte_offset: int
    attrs: dict[str, str] = field(default_factory=dict)


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Telegram's offsets and limits."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """Turn Telegram HTML into (plain text, entities) or raise HtmlError like the server."""
    out: list[str] = []
    pos16 = 0
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    i = 0
    n = len(source)
    while i < n:
        lt = source.find("<", i)
        amp = source.find("&", i)
        stop = min(x for x in (lt, amp, n) if x >= 0)
        if stop > i:
            chunk = source[i:stop]
            out.append(chunk)
            pos16 += utf16_len(chunk)
            i = stop
            continue
        if source[i] == "&":
            text, i = _char_ref(source, i)
            out.append(text)
            pos16 += utf16_len(text)
            continue
        begin = i
        close = source.find(">", i)
        if source.startswith("</", i):
            if close < 0:
                raise HtmlError(f"Unclosed end tag at byte offset {_byte_offset(source, begin)}")
            name = source[i + 2 : close].strip().lower()
            if not stack:
                raise HtmlError(f"Unexpected end tag at byte offset {_byte_offset(source, begin)}")
            top = stack.pop()
            if name != top.tag:
                raise HtmlError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, begin)}, "
                    f'expected "</{top.tag}>", found "</{name}>"'
                )
            entity = _entity(top, pos16, stack)
            if entity is not None:
                entities.append(entity)
            i = close + 1
            continue
        j = i + 1
        while j < n and not source[j].isspace() and source[j] not in ">/":
            j += 1
        if j >= n:
            raise HtmlError(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
        name = source[i + 1 : j].lower()
        if name not in _ENTITY_BY_TAG:
            raise HtmlError(
                f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, begin)}'
            )
        attrs, i = _attributes(source, j, begin)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise HtmlError(
                f'Tag "span" must have class "tg-spoiler" at byte offset '
                f"{_byte_offset(source, begin)}"
            )
        stack.append(_Open(name, pos16, _byte_offset(source, begin), attrs))
    if stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def _char_ref(source: str, i: int) -> tuple[str, int]:
    """Decode the character reference at `i`, or keep the `&` literally."""
    match = _CHARREF_RE.match(source, i)
    if match is None:
        return "&", i + 1
    body = match.group(1)
    if body.startswith(("#x", "#X")):
        code = int(body[2:], 16)
    elif body.startswith("#"):
        code = int(body[1:])
    else:
        named = _NAMED.get(body.lower())
        return (named, match.end()) if named is not None else ("&", i + 1)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd", match.end()
    return chr(code), match.end()


def _attributes(source: str, j: int, begin: int) -> tuple[dict[str, str], int]:
    """Read `name="value"` pairs up to the tag's `>`; returns them and the index after `>`."""
    attrs: dict[str, str] = {}
    n = len(source)
    while True:
        while j < n and (source[j].isspace() or source[j] == "/"):
            j += 1
        if j >= n:
            raise HtmlError(f"Unclosed start tag at byte offset {_byte_offset(source, begin)}")
        if source[j] == ">":
            return attrs, j + 1
        match = _ATTR_NAME_RE.match(source, j)
        if match is None:
            raise HtmlError(
                f"Empty attribute name in the tag at byte offset {_byte_offset(source, begin)}"
            )
        name = match.group(0).lower()
        j = match.end()
        while j < n and source[j].isspace():
            j += 1
        value = ""
        if j < n and source[j] == "=":
            j += 1
            while j < n and source[j].isspace():
                j += 1
            if j < n and source[j] in "\"'":
                quote = source[j]
                end = source.find(quote, j + 1)
                if end < 0:
                    raise HtmlError(
                        f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
                    )
                value = _decode_refs(source[j + 1 : end])
                j = end + 1
            else:
                start = j
                while j < n and not source[j].isspace() and source[j] != ">":
                    j += 1
                value = _decode_refs(source[start:j])
        attrs[name] = value


def _decode_refs(text: str) -> str:
    if "&" not in text:
        return text
    parts: list[str] = []
    i = 0
    while i < len(text):
        amp = text.find("&", i)
        if amp < 0:
            parts.append(text[i:])
            break
        parts.append(text[i:amp])
        decoded, i = _char_ref(text, amp)
        parts.append(decoded)
    return "".join(parts)


def _entity(opened: _Open, end16: int, outer: list[_Open]) -> dict[str, Any] | None:
    """The entity a closed tag makes (None for empty ones or links without a URL)."""
    length = end16 - opened.start
    if length <= 0:
        return None
    kind = _ENTITY_BY_TAG[opened.tag]
    entity: dict[str, Any] = {"type": kind, "offset": opened.start, "length": length}
    if kind == "text_link":
        url = opened.attrs.get("href", "").strip()
        if not url:
            return None
        entity["url"] = url
    elif kind == "custom_emoji":
        entity["custom_emoji_id"] = opened.attrs.get("emoji-id", "")
    elif kind == "blockquote" and "expandable" in opened.attrs:
        entity["type"] = "expandable_blockquote"
    elif kind == "pre":
        language = opened.attrs.get("_language")
        if language:
            entity["language"] = language
    elif kind == "code" and outer and outer[-1].tag == "pre":
        # <pre><code class="language-x"> is one pre entity with a language, as on the server.
        css = opened.attrs.get("class", "")
        if css.startswith("language-"):
            outer[-1].attrs["_language"] = css[len("language-") :]
        return None
    return entity


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))
