"""`/chuongtrinh 7`: the seminar programme of a paper call, built from the papers chosen to
present (`/thamdinh`), previewed privately with [▲] [▼] per talk, [Đăng chương trình] and
[Xuất XLSX]; tied to a meeting (`/chuongtrinh 7 | 12`) its talks get time slots.

Typed forms do what the buttons do, for Zalo and for those who prefer typing:
`/chuongtrinh 7 thứ tự: HP, VP, HN`, `/chuongtrinh 7 HP | diễn giả: … | phút: 20 | tiêu đề: …`,
`/chuongtrinh 7 đăng`, `/chuongtrinh 7 xuất`.
"""

from __future__ import annotations

import re

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Attachment, Button, Reply, Request
from handlers.forms import Audience, FormError, fold, parse_announcement_code
from handlers.notices.audience import targets
from handlers.notices.cards import payload, split_html
from handlers.papers.programme_view import (
    Talk,
    card_text,
    programme_xlsx,
    sync_talks,
    version_key,
)
from handlers.texts import Safe
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    ChatKind,
    PaperCall,
)

PREFIX = "pg"  # `pg:u<item>:<call>` ▲, `pg:d<item>:<call>` ▼, `pg:post:<call>`, `pg:xlsx:<call>`
PURPOSE = "programme"
MAX_MINUTES = 480
POST_WORDS = {"dang", "post"}
XLSX_WORDS = {"xuat", "xlsx", "export"}
UNTIE_WORDS = {"bo", "khong", "none"}
ORDER = re.compile(r"^(thu tu|order)\s*:\s*(.*)$", re.S)
FIELDS = {
    "dien gia": "speaker",
    "speaker": "speaker",
    "phut": "minutes",
    "so phut": "minutes",
    "minutes": "minutes",
    "tieu de": "title",
    "title": "title",
}


async def programme(ctx: Ctx, req: Request) -> Reply:
    """`/chuongtrinh 7` and its forms (see the module's docstring)."""
    head, bar, tail = req.args.strip().partition("|")
    words = head.split(maxsplit=1)
    if not words:
        raise FormError("programme.usage")
    ann, call = await _call(ctx, parse_announcement_code(words[0]))
    rest = (words[1] if len(words) > 1 else "").strip()
    talks = await _talks(ctx, ann, call)
    if not rest and bar:
        await _tie(ctx, call, tail.strip())
    elif rest:
        whole = rest + (bar + tail if bar else "")
        folded = fold(whole)
        order = ORDER.match(folded)
        if order is not None:
            _reorder(ctx, ann, talks, whole.split(":", 1)[1])
        elif folded in POST_WORDS:
            return await post(ctx, ann, call)
        elif folded in XLSX_WORDS:
            return await _xlsx(ctx, ann, call)
        else:
            _edit(ctx, ann, talks, rest, tail if bar else "")
    await ctx.session.flush()
    return await _preview_reply(ctx, ann, call)


async def _call(ctx: Ctx, ann_id: int) -> tuple[Announcement, PaperCall]:
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    call = (
        await queries.paper_call(ctx.session, ann.id)
        if ann.kind == AnnouncementKind.PAPER_CALL
        else None
    )
    if call is None:
        raise FormError("programme.not_call", id=ann_id)
    return ann, call


async def _talks(ctx: Ctx, ann: Announcement, call: PaperCall) -> list[Talk]:
    """The programme brought up to date; none chosen yet is explained (how to choose them)."""
    talks = await sync_talks(ctx.session, call, ctx.now, ctx.lang)
    if not talks:
        raise FormError("programme.none_chosen", id=ann.id)
    return talks


async def _tie(ctx: Ctx, call: PaperCall, value: str) -> None:
    """`| 12`: the meeting whose start gives the time slots; `| bỏ`: no times."""
    if fold(value) in UNTIE_WORDS:
        call.programme_meeting_id = None
        return
    meeting_id = parse_announcement_code(value)
    ann = await queries.announcement(ctx.session, meeting_id)
    meeting = await queries.meeting(ctx.session, meeting_id) if ann is not None else None
    if ann is None or ann.kind != AnnouncementKind.MEETING or meeting is None:
        raise FormError("programme.not_meeting", meeting=meeting_id, id=call.announcement_id)
    if ann.status == AnnouncementStatus.CANCELLED:
        raise FormError("programme.meeting_cancelled", meeting=meeting_id)
    call.programme_meeting_id = meeting_id


def _codes(talks: list[Talk]) -> str:
    return ", ".join(talk.unit.code for talk in talks)


def _reorder(ctx: Ctx, ann: Announcement, talks: list[Talk], value: str) -> None:
    """`thứ tự: HP, VP, HN`: every code of the programme, each once."""
    typed = [code.upper() for code in re.split(r"[\s,;]+", value.strip()) if code]
    known = {talk.unit.code: talk for talk in talks}
    unknown = [code for code in typed if code not in known]
    twice = sorted({code for code in typed if typed.count(code) > 1})
    missing = [code for code in known if code not in typed]
    if unknown or twice or missing:
        problems = []
        if unknown:
            problems.append(ctx.t("programme.order_unknown", codes=", ".join(unknown)))
        if twice:
            problems.append(ctx.t("programme.order_twice", codes=", ".join(twice)))
        if missing:
            problems.append(ctx.t("programme.order_missing", codes=", ".join(missing)))
        raise FormError(
            "programme.order_bad",
            problems=Safe("; ".join(problems)),
            id=ann.id,
            codes=_codes(talks),
        )
    for position, code in enumerate(typed, start=1):
        _move(ctx, known[code], position)


def _move(ctx: Ctx, talk: Talk, position: int) -> None:
    if talk.item.position != position:
        talk.item.position = position
        talk.item.updated_at = ctx.now


def _edit(ctx: Ctx, ann: Announcement, talks: list[Talk], code: str, fields: str) -> None:
    """`HP | diễn giả: … | phút: 20 | tiêu đề: …`: an empty value restores the default."""
    talk = next((t for t in talks if t.unit.code == code.strip().upper()), None)
    if talk is None:
        raise FormError("programme.not_in", code=code.strip()[:20], codes=_codes(talks), id=ann.id)
    parts = [part.strip() for part in fields.split("|") if part.strip()]
    if not parts:
        raise FormError("programme.edit_usage", id=ann.id, code=talk.unit.code)
    for part in parts:
        key, colon, value = part.partition(":")
        name = FIELDS.get(fold(key).strip()) if colon else None
        if name is None:
            raise FormError("programme.bad_field", field=part[:40], id=ann.id, code=talk.unit.code)
        value = value.strip()
        if name == "minutes":
            if not value.isdigit() or not 1 <= int(value) <= MAX_MINUTES:
                raise FormError(
                    "programme.bad_minutes", value=value[:20], id=ann.id, code=talk.unit.code
                )
            talk.item.minutes = int(value)
        elif name == "speaker":
            talk.item.speaker = value[:300]
        else:
            talk.item.title = value[:500]
    talk.item.updated_at = ctx.now


async def _meeting_when(ctx: Ctx, call: PaperCall) -> str:
    """`08:00, Thứ Sáu 14/06/2024 · Hội trường A` of the tied meeting, or nothing."""
    if call.programme_meeting_id is None:
        return ""
    meeting = await queries.meeting(ctx.session, call.programme_meeting_id)
    ann = await queries.announcement(ctx.session, call.programme_meeting_id)
    if meeting is None or ann is None or ann.status == AnnouncementStatus.CANCELLED:
        return ""
    when = timeparse.format_when(meeting.starts_at, ctx.env.tz, ctx.lang)
    return f"{when} · {meeting.venue}" if meeting.venue else when


async def _preview_reply(ctx: Ctx, ann: Announcement, call: PaperCall) -> Reply:
    """The preview, in the organiser's private chat (sent there when asked in a group)."""
    reply = await preview(ctx, ann, call)
    if ctx.in_private:
        return reply
    if ctx.person.private_chat_id is None:
        return Reply(ctx.t("programme.private_only", id=ann.id))
    reply.to_person = True
    return reply


async def preview(ctx: Ctx, ann: Announcement, call: PaperCall) -> Reply:
    """`Xem trước chương trình`, the card as it would be posted, how to change it; per talk
    [▲ HP] [▼ HP], then [Đăng chương trình] [Xuất XLSX]."""
    talks = await sync_talks(ctx.session, call, ctx.now, ctx.lang)
    when = await _meeting_when(ctx, call)
    body = card_text(call, talks, ctx.env.tz, when, ctx.lang)
    times = "" if call.programme_meeting_id else ctx.t("programme.no_times", id=ann.id)
    message = ctx.t(
        "programme.preview",
        id=ann.id,
        card=body,
        times=Safe(times),
        codes=_codes(talks),
        code=talks[0].unit.code if talks else "HP",
    )
    buttons = [
        [
            Button(
                ctx.t("programme.up", code=talk.unit.code), f"{PREFIX}:u{talk.item.id}:{ann.id}"
            ),
            Button(
                ctx.t("programme.down", code=talk.unit.code), f"{PREFIX}:d{talk.item.id}:{ann.id}"
            ),
        ]
        for talk in talks
    ]
    buttons.append(
        [
            Button(ctx.t("programme.post_button"), f"{PREFIX}:post:{ann.id}"),
            Button(ctx.t("programme.xlsx_button"), f"{PREFIX}:xlsx:{ann.id}"),
        ]
    )
    return Reply(message, buttons=buttons)


async def post(ctx: Ctx, ann: Announcement, call: PaperCall) -> Reply:
    """Post the programme card to the call's audience (groups and the private chats it
    reaches), once per version of the programme: a second press on the same programme writes
    nothing new, a change and a new press post again."""
    if ann.status == AnnouncementStatus.CANCELLED:
        raise FormError("programme.call_cancelled", id=ann.id)
    talks = await _talks(ctx, ann, call)
    when = await _meeting_when(ctx, call)
    parts = split_html(card_text(call, talks, ctx.env.tz, when))
    version = version_key(call, talks)
    groups, private = await targets(ctx.session, Audience.from_json(ann.audience))
    chats = groups + [c for c in private if c.id not in {g.id for g in groups}]
    written = 0
    for chat in chats:
        for index, part in enumerate(parts):
            row = await queries.enqueue(
                ctx.session,
                chat_id=chat.id,
                payload=payload(part),
                purpose=PURPOSE,
                announcement_id=ann.id,
                dedupe_key=f"programme:{ann.id}:{version}:chat:{chat.id}:part:{index}",
                now=ctx.now,
            )
            written += row is not None
    if not chats:
        return Reply(ctx.t("programme.no_chats", id=ann.id))
    if not written:
        return Reply(ctx.t("programme.already_posted", id=ann.id))
    ctx.after_commit.append(ctx.env.wake_delivery)
    queries.audit(
        ctx.session, ctx.now, ctx.person.id, "programme.post", f"#{ann.id}", talks=len(talks)
    )
    private_count = sum(1 for chat in chats if chat.kind == ChatKind.PRIVATE)
    return Reply(
        ctx.t(
            "programme.posted",
            id=ann.id,
            count=len(chats) - private_count,
            private=ctx.t("notice.private_part", count=private_count) if private_count else "",
        )
    )


async def _xlsx(ctx: Ctx, ann: Announcement, call: PaperCall) -> Reply:
    """The programme as an XLSX, privately."""
    if not ctx.in_private and ctx.person.private_chat_id is None:
        return Reply(ctx.t("programme.private_only", id=ann.id))
    talks = await _talks(ctx, ann, call)
    content = programme_xlsx(talks, ctx.env.tz, ctx.lang)
    attachment = Attachment(
        f"chuong-trinh-{ann.id}.xlsx", content, ctx.t("programme.caption_xlsx", id=ann.id)
    )
    return Reply(
        ctx.t("programme.xlsx_sent", id=ann.id, count=len(talks)),
        files=[attachment],
        to_person=not ctx.in_private,
    )


async def programme_button(ctx: Ctx, req: Request, verb: str, ann_id: int) -> Reply:
    """[▲] [▼] move a talk and redraw the preview in place; [Đăng chương trình] posts;
    [Xuất XLSX] sends the file. A press for a talk no longer in the programme, or on a call
    that is gone, is a stale button."""
    stale = Reply(toast=ctx.t("error.stale_button"))
    ann = await queries.announcement(ctx.session, ann_id)
    call = await queries.paper_call(ctx.session, ann_id) if ann is not None else None
    if ann is None or call is None:
        return stale
    talks = await sync_talks(ctx.session, call, ctx.now, ctx.lang)
    if not talks:
        return stale
    if verb == "post":
        return await post(ctx, ann, call)
    if verb == "xlsx":
        return await _xlsx(ctx, ann, call)
    if verb[:1] not in ("u", "d") or not verb[1:].isdigit():
        return stale
    item_id = int(verb[1:])
    index = next((i for i, t in enumerate(talks) if t.item.id == item_id), None)
    if index is None:
        return stale
    other = index - 1 if verb[0] == "u" else index + 1
    if not 0 <= other < len(talks):
        return Reply(toast=ctx.t("programme.at_edge"))
    first, second = talks[index], talks[other]
    position = first.item.position
    _move(ctx, first, second.item.position)
    _move(ctx, second, position)
    await ctx.session.flush()
    reply = await preview(ctx, ann, call)
    reply.edit = True
    return reply
