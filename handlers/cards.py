"""How announcements look in chats: cards and the payloads written to the outbox."""

from __future__ import annotations

from typing import Any

from handlers.core import Button
from handlers.texts import Safe, esc, text
from storage.models import Announcement

TELEGRAM_CHUNK = 3800


def split_paragraphs(body: str, limit: int = TELEGRAM_CHUNK) -> list[str]:
    """Cut a long text into pieces of at most `limit` characters, at paragraph breaks if possible.

    A paragraph longer than `limit` is cut at a line break, then a space, then anywhere.
    """
    pieces: list[str] = []
    current = ""
    for paragraph in body.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while len(paragraph) > limit:
            cut = max(paragraph.rfind("\n", 0, limit), paragraph.rfind(" ", 0, limit))
            cut = cut if cut > limit // 2 else limit
            pieces.append(paragraph[:cut].rstrip())
            paragraph = paragraph[cut:].lstrip()
        current = paragraph
    if current or not pieces:
        pieces.append(current)
    return pieces


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
