"""The news card: title, date and site, a short summary, and the [Đọc bài viết] button."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from handlers import timeparse
from handlers.core import Button
from handlers.notices.cards import CAPTION_LIMIT, payload, shown_len
from handlers.notices.plain import ZALO_LIMIT, plain_card
from handlers.texts import esc, text
from storage.models import (
    Announcement,
    AnnouncementStatus,
    NewsPost,
)

SUMMARY_LIMIT = 300


def shorten(value: str, limit: int = SUMMARY_LIMIT) -> str:
    """`value` cut at a word boundary to at most `limit` characters, with `…` when cut."""
    value = " ".join(value.split())
    if len(value) <= limit:
        return value
    cut = value.rfind(" ", 0, limit)
    cut = cut if cut > limit // 2 else limit - 1
    return value[:cut].rstrip(" ,;:-–") + "…"


def news_text(ann: Announcement, post: NewsPost, tz: ZoneInfo, lang: str = "vi") -> str:
    """The news card: title, date and site, a short summary (or only the link, when bare)."""
    lines = [text(lang, "news.header", id=ann.id)]
    if post.bare or not post.title:
        lines.append(esc(post.url))
    else:
        lines.append(f"<b>{esc(post.title)}</b>")
        about = [timeparse.format_when(post.published_at, tz, lang)] if post.published_at else []
        about += [post.site] if post.site else []
        if about:
            lines.append(text(lang, "news.about", about=" · ".join(about)))
        if post.summary:
            lines.append(esc(shorten(post.summary)))
    if ann.status == AnnouncementStatus.CANCELLED:
        lines.append(text(lang, "news.cancelled"))
    return "\n".join(lines)


def news_plain(
    ann: Announcement, post: NewsPost, tz: ZoneInfo, lang: str = "vi", limit: int = ZALO_LIMIT
) -> list[str]:
    """The news card as plain messages, ending with the article's URL in place of the
    [Đọc bài viết] button (a bare card shows the URL already)."""
    read = "" if post.bare or not post.title else text(lang, "news.plain_read", url=post.url)
    return plain_card(news_text(ann, post, tz, lang), read, limit)


def news_parts(
    ann: Announcement, post: NewsPost, tz: ZoneInfo, lang: str = "vi"
) -> list[dict[str, Any]]:
    """The news card's payload: a photo with the card as caption when the page has an image
    (the adapter falls back to text if the platform cannot fetch it), else a text message — and
    a text message too when the card is longer than a caption may be; the [Đọc bài viết]
    button opens the article."""
    body = news_text(ann, post, tz, lang)
    data = payload(body, [[Button(text(lang, "news.btn_read"), url=post.url)]])
    if post.image_url and not post.bare and shown_len(body) <= CAPTION_LIMIT:
        data["photo"] = post.image_url
        data["caption"] = data["text"]
    return [data]
