"""Cards as plain text, for platforms without markup or buttons (Zalo: text only, 2,000
characters a message).

A plain card is derived from the very HTML of the Telegram card, so both say the same words
with the same times: Loa's tags are dropped, a link becomes its URL, and entities are decoded
once — what a user typed was escaped when the HTML was built, so `<b>` or `&amp;` typed by a
user comes out literally. In place of buttons a plain card ends with how to answer by typing
(`XN 12 CO`, `DA NHAN 15`, `NOP 7 <đường dẫn tới tệp>`), and a long card is cut into messages
at paragraph breaks, then line breaks, then spaces, the answer line on the last one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from handlers.notices.cards import utf16_len
from handlers.texts import text
from storage.models import Announcement

ZALO_LIMIT = 2000  # characters of a Zalo text or caption, counted as UTF-16 units to be safe
_LINK = re.compile(r"<a\s[^>]*?href\s*=\s*(\"[^\"]*\"|'[^']*')[^>]*>(.*?)</a\s*>", re.S | re.I)
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_BREAK = re.compile(r"<br\s*/?>", re.I)


def _link(match: re.Match[str]) -> str:
    """A link as plain text: its URL, after its label when the label says something else."""
    url = html.unescape(match.group(1)[1:-1])
    label = html.unescape(_TAG_OR_COMMENT.sub("", match.group(2))).strip()
    if not label or label == url:
        return _protect(url)
    return _protect(f"{label}: {url}")


def _protect(value: str) -> str:
    """Re-escape already decoded text, so the final single decoding leaves it as it is."""
    return html.escape(value, quote=False)


def html_to_plain(html_text: str) -> str:
    """Loa's Telegram HTML as the text a reader sees: tags gone, links as URLs, entities
    decoded once (so escaped user text shows exactly what the user typed)."""
    body = _LINK.sub(_link, html_text)
    body = _BREAK.sub("\n", body)
    body = _TAG_OR_COMMENT.sub("", body)
    return html.unescape(body)


def split_plain(body: str, answer: str = "", limit: int = ZALO_LIMIT) -> list[str]:
    """`body` as messages of at most `limit` UTF-16 units, cut at paragraph breaks, else at
    line breaks, else at spaces (anywhere only for a word longer than a message); `answer`,
    when given, closes the last message on a line of its own."""
    if utf16_len(answer) + 2 > limit:
        raise ValueError("the answer line alone does not fit in a message")
    pieces = [_tidy(piece) for piece in _split(body.strip("\n"), limit)]
    pieces = [piece for piece in pieces if piece] or [""]
    if not answer:
        return pieces
    last = pieces.pop()
    closing = f"{last}\n\n{answer}" if last else answer
    if utf16_len(closing) > limit:
        tail = _split(last, limit - utf16_len(answer) - 2)
        pieces.extend(_tidy(piece) for piece in tail[:-1])
        closing = f"{_tidy(tail[-1])}\n\n{answer}"
    return [*pieces, closing]


def _tidy(piece: str) -> str:
    return piece.strip("\n").rstrip()


def _split(body: str, limit: int) -> list[str]:
    """Paragraphs first; a paragraph longer than `limit` by its lines, a line by its words."""
    paragraphs = [part.strip("\n") for part in re.split(r"\n[ \t]*\n", body)]
    return _pack(paragraphs, "\n\n", limit, lambda paragraph: _lines(paragraph, limit))


def _lines(paragraph: str, limit: int) -> list[str]:
    return _pack(paragraph.split("\n"), "\n", limit, lambda line: _words(line, limit))


def _words(line: str, limit: int) -> list[str]:
    return _pack(line.split(" "), " ", limit, lambda word: _hard_cut(word, limit))


def _hard_cut(word: str, limit: int) -> list[str]:
    """A word longer than a message, in pieces of at most `limit` units, never inside a
    character (an emoji's two UTF-16 units stay together)."""
    pieces: list[str] = []
    current, units = "", 0
    for char in word:
        size = utf16_len(char)
        if units + size > limit:
            pieces.append(current)
            current, units = "", 0
        current += char
        units += size
    pieces.append(current)
    return pieces


def _pack(parts: list[str], glue: str, limit: int, finer: Callable[[str], list[str]]) -> list[str]:
    """`parts` joined by `glue` into as few pieces of at most `limit` units as keep their
    order; a part too long for one piece is cut by `finer` (lines, then words, then anywhere)."""
    pieces: list[str] = []
    current = ""
    for part in parts:
        candidate = f"{current}{glue}{part}" if current else part
        if utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
            current = ""
        if utf16_len(part) <= limit:
            current = part
            continue
        cut = finer(part)
        pieces.extend(cut[:-1])
        current = cut[-1]
    if current or not pieces:
        pieces.append(current)
    return pieces


def plain_card(html_text: str, answer_html: str = "", limit: int = ZALO_LIMIT) -> list[str]:
    """Any card's HTML, and the HTML of its how-to-answer line, as plain messages."""
    answer = html_to_plain(answer_html).strip() if answer_html else ""
    return split_plain(html_to_plain(html_text), answer, limit)


def notice_plain(ann: Announcement, lang: str = "vi", limit: int = ZALO_LIMIT) -> list[str]:
    """The notice card as plain messages: header and text, then, when it asks for it,
    `Xác nhận đã nhận: DA NHAN 15`."""
    card = text(lang, "notice.card", id=ann.id, body=ann.text)
    answer = text(lang, "ack.typed", id=ann.id) if ann.acknowledge else ""
    return plain_card(card, answer, limit)
