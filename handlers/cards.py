"""How announcements look in chats: cards and the payloads written to the outbox."""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import timeparse
from handlers.core import Button, Env
from handlers.forms import Audience
from handlers.texts import Safe, esc, text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Meeting,
    NewsPost,
    PaperCall,
    RsvpAnswer,
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


def rsvp_buttons(ann_id: int, lang: str = "vi") -> list[list[Button]]:
    """✅ ❌ 👤 📅 under a meeting card; `r:<answer>:<id>`."""
    return [
        [
            Button(text(lang, "rsvp.btn_attend"), action=f"r:a:{ann_id}"),
            Button(text(lang, "rsvp.btn_absent"), action=f"r:x:{ann_id}"),
        ],
        [
            Button(text(lang, "rsvp.btn_substitute"), action=f"r:s:{ann_id}"),
            Button(text(lang, "rsvp.btn_calendar"), action=f"r:i:{ann_id}"),
        ],
    ]


async def audience_unit_ids(session: AsyncSession, audience: Audience) -> set[int]:
    """The units a meeting counts confirmations against."""
    if audience.everyone:
        return await queries.active_unit_ids(session)
    ids = {
        unit.id
        for code in audience.units
        if (unit := await queries.unit_by_code(session, code)) is not None
    }
    for chat in await queries.audience_chats(session, False, (), audience.tags):
        if chat.unit_id is not None:
            ids.add(chat.unit_id)
    return ids


async def announcement_unit_ids(session: AsyncSession, ann: Announcement) -> set[int]:
    """The units an announcement counts: once sent, the units it was sent to (fixed then, so
    units added or removed later neither join nor leave its tallies, reminders and lists);
    before that (a preview, a scheduled send), the units its audience names now."""
    if ann.audience_units is not None:
        return set(ann.audience_units)
    return await audience_unit_ids(session, Audience.from_json(ann.audience))


async def tally_line(
    session: AsyncSession, ann: Announcement, lang: str = "vi", *, units: set[int] | None = None
) -> str:
    """`Đã xác nhận: 7/10 đơn vị · ✅ 9 người · ❌ 1 · 👤 1 người dự thay · ⏳ 2 chưa trả lời`.

    `units` are the audience's units when the caller has them already (a press looks them up
    to check the person's unit); one query counts the answers per answer and unit."""
    if units is None:
        units = await announcement_unit_ids(session, ann)
    counts: dict[RsvpAnswer, int] = {}
    confirmed: set[int] = set()
    answered: set[int] = set()
    for (answer, unit_id), count in (await queries.answer_counts_by_unit(session, ann.id)).items():
        counts[answer] = counts.get(answer, 0) + count
        if unit_id is not None:
            answered.add(unit_id)
            if answer in (RsvpAnswer.ATTEND, RsvpAnswer.SUBSTITUTE):
                confirmed.add(unit_id)
    line = text(
        lang,
        "meeting.tally",
        confirmed=len(confirmed & units),
        units=len(units),
        attend=counts.get(RsvpAnswer.ATTEND, 0),
        absent=counts.get(RsvpAnswer.ABSENT, 0),
        substitute=counts.get(RsvpAnswer.SUBSTITUTE, 0),
    )
    # the units still to chase, as /tinhhinh counts them: an absent unit has answered
    unanswered = text(lang, "meeting.tally_unanswered", count=len(units - answered))
    return Safe(line + unanswered)


def meeting_text(
    ann: Announcement, meeting: Meeting, tz: ZoneInfo, tally: str, lang: str = "vi"
) -> str:
    """The meeting card of PRODUCT §5, every user text escaped."""
    lines: list[str] = []
    if ann.status == AnnouncementStatus.CANCELLED:
        reason = (
            text(lang, "meeting.cancel_reason", reason=ann.cancel_reason)
            if ann.cancel_reason
            else ""
        )
        lines.append(text(lang, "meeting.cancelled_banner", reason=Safe(reason)))
    lines.append(text(lang, "meeting.header", id=ann.id))
    lines.append(f"<b>{esc(meeting.title)}</b>")
    start = when(meeting.starts_at, tz, lang)
    if meeting.ends_at:
        end = meeting.ends_at.astimezone(tz)
        same_day = end.date() == meeting.starts_at.astimezone(tz).date()
        finish = end.strftime("%H:%M") if same_day else when(meeting.ends_at, tz, lang)
        lines.append(text(lang, "meeting.time_range", start=start, end=finish))
    else:
        lines.append(text(lang, "meeting.time", start=start))
    lines.append(text(lang, "meeting.venue", venue=meeting.venue))
    if meeting.basis:
        lines.append(text(lang, "meeting.basis", basis=meeting.basis))
    if meeting.composition:
        lines.append(text(lang, "meeting.composition", composition=meeting.composition))
    if meeting.notes:
        lines.append(text(lang, "meeting.notes", notes=meeting.notes))
    if meeting.rsvp_deadline:
        lines.append(text(lang, "meeting.deadline", deadline=when(meeting.rsvp_deadline, tz, lang)))
    lines.append(tally)
    return Safe("\n".join(lines))


async def meeting_card(
    session: AsyncSession,
    env: Env,
    ann: Announcement,
    meeting: Meeting,
    *,
    units: set[int] | None = None,
) -> dict[str, Any]:
    """The card payload: text with the live tally, and the answer buttons while they count."""
    tally = await tally_line(session, ann, units=units)
    body = meeting_text(ann, meeting, env.tz, tally)
    open_ = ann.status != AnnouncementStatus.CANCELLED
    data = payload(body, rsvp_buttons(ann.id) if open_ else None)
    data["card"] = True
    return data


async def announcement_parts(
    session: AsyncSession, env: Env, ann: Announcement
) -> list[dict[str, Any]]:
    """What goes to each target chat, in order."""
    if ann.kind == AnnouncementKind.MEETING:
        meeting = await queries.meeting(session, ann.id)
        assert meeting is not None
        parts: list[dict[str, Any]] = []
        if meeting.file_id:
            caption = text("vi", "meeting.file_caption", id=ann.id, title=meeting.title)
            parts.append({"document": meeting.file_id, "caption": str(caption)})
        parts.append(await meeting_card(session, env, ann, meeting))
        return parts
    if ann.kind == AnnouncementKind.PAPER_CALL:
        call = await queries.paper_call(session, ann.id)
        assert call is not None
        return [await paper_card(session, env, ann, call)]
    if ann.kind == AnnouncementKind.NEWS:
        post = await session.get(NewsPost, ann.id)
        assert post is not None
        return news_parts(ann, post, env.tz)
    return [payload(part) for part in notice_parts(ann)]


async def submitted_line(
    session: AsyncSession, ann: Announcement, call: PaperCall, lang: str = "vi"
) -> str:
    """`Đã nộp: 6/10 đơn vị`: units with as many current papers as the call asks for."""
    units = await announcement_unit_ids(session, ann)
    counts = await queries.current_submission_counts(session, ann.id)
    done = {unit for unit, count in counts.items() if count >= call.per_unit}
    return text(lang, "papers.tally", done=len(done & units), units=len(units))


def paper_text(
    ann: Announcement, call: PaperCall, tz: ZoneInfo, tally: str, lang: str = "vi"
) -> str:
    """The paper call card: topic, deadline spelled out, papers per unit, how to submit."""
    lines: list[str] = []
    if ann.status == AnnouncementStatus.CANCELLED:
        reason = (
            text(lang, "meeting.cancel_reason", reason=ann.cancel_reason)
            if ann.cancel_reason
            else ""
        )
        lines.append(text(lang, "meeting.cancelled_banner", reason=Safe(reason)))
    lines.append(text(lang, "papers.header", id=ann.id))
    lines.append(f"<b>{esc(call.topic)}</b>")
    lines.append(text(lang, "papers.deadline", deadline=when(call.deadline, tz, lang)))
    lines.append(text(lang, "papers.per_unit", count=call.per_unit))
    if call.notes:
        lines.append(text(lang, "papers.notes", notes=call.notes))
    if ann.status != AnnouncementStatus.CANCELLED:
        lines.append(text(lang, "papers.how", id=ann.id))
    lines.append(tally)
    return Safe("\n".join(lines))


async def paper_card(
    session: AsyncSession, env: Env, ann: Announcement, call: PaperCall
) -> dict[str, Any]:
    """The card payload with the live `Đã nộp` line."""
    tally = await submitted_line(session, ann, call)
    data = payload(paper_text(ann, call, env.tz, tally))
    data["card"] = True
    return data


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
