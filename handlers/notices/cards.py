"""How announcements look in chats: cards and the payloads written to the outbox."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from handlers import timeparse
from handlers.core import Button
from handlers.texts import Safe, esc, text
from storage.models import (
    Announcement,
)

TELEGRAM_CHUNK = 3800  # UTF-16 units: a notice's text per message, leaving room for the header
TELEGRAM_LIMIT = 4096  # one message, in UTF-16 units as Telegram counts
CAPTION_LIMIT = 1024  # a photo's or a document's caption
_TAG_OR_COMMENT = re.compile(r"<[^>]*>")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")


def utf16_len(value: str) -> int:
    """A text's length as Telegram counts it: UTF-16 code units (an emoji is two)."""
    return len(value.encode("utf-16-le")) // 2


def shown_len(html_text: str) -> int:
    """How long Loa's HTML is once Telegram has parsed it (tags gone, entities one character),
    in UTF-16 units: what the 4096 and 1024 limits apply to."""
    return utf16_len(html.unescape(_TAG_OR_COMMENT.sub("", html_text)))


def _fitting_index(value: str, limit: int) -> int:
    """The largest index i such that `value[:i]` is at most `limit` UTF-16 units long."""
    if utf16_len(value) <= limit:
        return len(value)
    low, high = 0, min(len(value), limit)
    while low < high:
        middle = (low + high + 1) // 2
        if utf16_len(value[:middle]) <= limit:
            low = middle
        else:
            high = middle - 1
    return low


def split_paragraphs(body: str, limit: int = TELEGRAM_CHUNK) -> list[str]:
    """Cut a long text into pieces of at most `limit` UTF-16 units, at paragraph breaks if
    possible. A paragraph longer than `limit` is cut at a line break, then a space, then anywhere.
    """
    pieces: list[str] = []
    current = ""
    for paragraph in body.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while utf16_len(paragraph) > limit:
            fits = _fitting_index(paragraph, limit)
            cut = max(paragraph.rfind("\n", 0, fits), paragraph.rfind(" ", 0, fits))
            cut = cut if cut > fits // 2 else fits
            pieces.append(paragraph[:cut].rstrip())
            paragraph = paragraph[cut:].lstrip()
        current = paragraph
    if current or not pieces:
        pieces.append(current)
    return pieces


def _safe_cuts(html: str) -> list[int]:
    """Positions where HTML may be cut: not inside a tag or an entity."""
    blocked = [False] * (len(html) + 1)
    for match in re.finditer(r"<[^>]*>|&[#a-zA-Z0-9]+;", html):
        for index in range(match.start() + 1, match.end()):
            blocked[index] = True
    return [i for i in range(1, len(html)) if not blocked[i]]


def _open_tags(html: str) -> list[tuple[str, str]]:
    """The tags still open at the end of `html`: (name, opening tag), outermost first."""
    stack: list[tuple[str, str]] = []
    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if match.group(1):
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    del stack[depth:]
                    break
        else:
            stack.append((name, match.group(0)))
    return stack


def split_html(html: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Loa's HTML as messages of at most `limit` UTF-16 units (of the source, which only
    shrinks when parsed), cut at line breaks when possible, never inside a tag or an entity;
    tags open at a cut are closed there and opened again in the next message."""
    pieces: list[str] = []
    rest = html
    reopen = ""
    room = limit - 64  # the closing and reopening tags of a cut
    while utf16_len(reopen + rest) > limit:
        rest = reopen + rest
        fits = _fitting_index(rest, room)
        cuts = [i for i in _safe_cuts(rest[: fits + 1]) if i <= fits]
        newline = [i for i in cuts if rest[i - 1] == "\n" and i > fits // 3]
        space = [i for i in cuts if rest[i - 1] == " " and i > fits // 3]
        cut = (newline or space or cuts or [fits])[-1]
        head = rest[:cut].rstrip()
        stack = _open_tags(head)
        pieces.append(head + "".join(f"</{name}>" for name, _ in reversed(stack)))
        reopen = "".join(tag for _, tag in stack)
        rest = rest[cut:].lstrip("\n")
    pieces.append(reopen + rest)
    return [piece for piece in pieces if piece.strip()] or [html]


def notice_parts(ann: Announcement, lang: str = "vi") -> list[str]:
    """The notice card as one or more HTML messages (the header goes on the first)."""
    chunks = split_paragraphs(ann.text)
    first = text(lang, "notice.card", id=ann.id, body=chunks[0])
    return [first, *(Safe(esc(chunk)) for chunk in chunks[1:])]


def payload(html: str, buttons: list[list[Button]] | None = None) -> dict[str, Any]:
    """An outbox payload: rendered HTML and channel-neutral buttons."""
    data: dict[str, Any] = {"text": str(html)}
    if buttons:
        data["buttons"] = [
            [{"text": b.text, "action": b.action, "url": b.url} for b in row] for row in buttons
        ]
    return data


def when(dt: datetime, tz: ZoneInfo, lang: str = "vi") -> str:
    return timeparse.format_when(dt, tz, lang)
