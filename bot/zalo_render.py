"""What Loa's messages look like on Zalo: plain text of at most 2,000 characters, no buttons.

The card and reply HTML Telegram shows is turned into the text a reader sees
(`handlers.notices.plain.html_to_plain`), the buttons into what to type instead
(`handlers.typed_forms`: the meeting card's `Trả lời: XN 12 CO · …`, a link as `label: url`),
and the whole cut at paragraphs into messages of 2,000 UTF-16 units (`split_plain`), the typed
forms closing the last one. Outbox payloads and replies are rendered the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from handlers.core import Button
from handlers.notices.plain import ZALO_LIMIT, html_to_plain, split_plain
from handlers.typed_forms import typed_lines


def plain_messages(
    html_text: str,
    buttons: Sequence[Sequence[Button]] | Sequence[Sequence[dict[str, Any]]] = (),
    lang: str = "vi",
    limit: int = ZALO_LIMIT,
) -> list[str]:
    """HTML and its buttons as Zalo messages; empty when there is nothing to say."""
    answer = "\n".join(html_to_plain(line).strip() for line in typed_lines(buttons, lang))
    body = html_to_plain(html_text)
    if not body.strip() and not answer:
        return []
    return [part for part in split_plain(body, answer, limit) if part.strip()]


def payload_messages(payload: dict[str, Any], limit: int = ZALO_LIMIT) -> list[str]:
    """An outbox payload (text, or a photo's or document's caption, and buttons) as messages;
    a card that says something else without buttons brings its own (`plain`)."""
    if payload.get("plain"):
        return [str(part) for part in payload["plain"]]
    body = payload.get("text") or payload.get("caption") or ""
    return plain_messages(str(body), payload.get("buttons") or [], limit=limit)
