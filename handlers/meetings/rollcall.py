"""`/diemdanh 12` (PRODUCT §14): the organiser's side of the roll-call — the poster with the
check-in link, and the list of each unit's delegates to mark by hand.

The link is `https://t.me/<bot>?start=dd-<token>`; the token is made once per meeting and kept
(`Meeting.checkin_token`), so a poster printed yesterday still works. Scans are answered in
`handlers.meetings.checkin`; marks are kept through `handlers.meetings.attendance`.
Marking by hand: [Có mặt] [Trực tuyến] [Vắng] under each person
(`dm:<entry>.<state>.<page>:<meeting>`), typed `DIEMDANH 12 d5 CO` (the same command with the
entry and the state).
"""

from __future__ import annotations

import html
import re
import secrets
import string
from datetime import datetime, time, timedelta

from handlers import pages, timeparse
from handlers.context import Ctx
from handlers.core import Attachment, Button, Reply, Request
from handlers.forms import FormError, fold, parse_announcement_code
from handlers.meetings import attendance, poster
from handlers.texts import Safe
from storage import queries
from storage.models import Announcement, AnnouncementStatus, AttendanceState, Meeting

TOKEN_LENGTH = 16
TOKEN_ALPHABET = string.ascii_letters + string.digits
LINK_PREFIX = "dd-"
BEFORE_START = timedelta(hours=2)
# a roll-call for invitations that went out (or are going out) and still stand
OPEN_STATES = (AnnouncementStatus.SENT, AnnouncementStatus.SENDING)
PREFIX = "dm"
STATES = {"c": AttendanceState.PRESENT, "o": AttendanceState.ONLINE, "v": AttendanceState.ABSENT}
LETTERS = {state: letter for letter, state in STATES.items()}
TYPED_STATES = {
    "co": "c",
    "co mat": "c",
    "present": "c",
    "tt": "o",
    "truc tuyen": "o",
    "tructuyen": "o",
    "online": "o",
    "vang": "v",
    "vang mat": "v",
    "absent": "v",
}
ENTRY_KEY = re.compile(r"^[rsdp]\d{1,9}$")


def new_token() -> str:
    """16 letters and digits, never only digits (`DD 12` is a meeting's number, not a token)."""
    while True:
        token = "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))
        if not token.isdigit():
            return token


def link(ctx: Ctx, token: str) -> str:
    return f"https://t.me/{ctx.env.bot_username or 'loa_bot'}?start={LINK_PREFIX}{token}"


def window(meeting: Meeting, tz: object) -> tuple[datetime, datetime]:
    """When a scan counts: from 2 hours before the start to the end (or the end of the
    meeting's day, local time, when it has no end)."""
    opens = meeting.starts_at - BEFORE_START
    if meeting.ends_at is not None:
        return opens, meeting.ends_at
    local = meeting.starts_at.astimezone(tz)  # type: ignore[arg-type]
    day_end = datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=local.tzinfo)
    return opens, day_end - timedelta(seconds=1)


def window_text(ctx: Ctx, meeting: Meeting) -> str:
    opens, closes = window(meeting, ctx.env.tz)
    return ctx.t(
        "rollcall.window",
        opens=timeparse.format_when(opens, ctx.env.tz, ctx.lang),
        closes=timeparse.format_when(closes, ctx.env.tz, ctx.lang),
    )


async def command(ctx: Ctx, req: Request) -> Reply:
    """`/diemdanh 12`: the poster and the link (privately); in private chat the list to mark
    by hand too. `/diemdanh 12 d5 co`: one mark by hand, typed."""
    words = req.args.split()
    if not words:
        raise FormError("rollcall.usage")
    ann_id = parse_announcement_code(words[0])
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    meeting = await queries.meeting(ctx.session, ann.id)
    if meeting is None:
        raise FormError("rollcall.not_meeting", id=ann.id)
    _check_open(ann)
    if len(words) > 1:
        return await _typed_mark(ctx, ann, meeting, words[1:])
    if not ctx.in_private and ctx.person.private_chat_id is None:
        return Reply(ctx.t("rollcall.private_only", id=ann.id))
    if meeting.checkin_token is None:
        meeting.checkin_token = new_token()
        queries.audit(ctx.session, ctx.now, ctx.person.id, "rollcall.token", f"#{ann.id}")
    files, missing = _poster_files(ctx, ann, meeting)
    if not ctx.in_private:
        intro = _intro(ctx, ann, meeting, missing)
        return Reply(intro, files=files, to_person=True)
    reply = await hand_list(ctx, ann, meeting, 0)
    reply.files = files
    return reply


def _check_open(ann: Announcement) -> None:
    if ann.status == AnnouncementStatus.CANCELLED:
        raise FormError("rollcall.cancelled", id=ann.id)
    if ann.status not in OPEN_STATES:
        raise FormError("rollcall.not_sent", id=ann.id)


def _intro(ctx: Ctx, ann: Announcement, meeting: Meeting, missing: str | None) -> str:
    assert meeting.checkin_token is not None
    body = ctx.t(
        "rollcall.ready",
        id=ann.id,
        title=meeting.title,
        link=link(ctx, meeting.checkin_token),
        window=Safe(window_text(ctx, meeting)),
        token=meeting.checkin_token,
    )
    if missing:
        body += "\n" + ctx.t("rollcall.no_font", path=missing)
    return body


def poster_text(ctx: Ctx, meeting: Meeting) -> poster.PosterText:
    """The poster's words, as plain text (the catalogue gives HTML-escaped strings)."""
    assert meeting.checkin_token is not None

    def plain(key: str, **values: object) -> str:
        return html.unescape(ctx.t(key, **values))

    return poster.PosterText(
        heading=plain("rollcall.poster_heading"),
        title=meeting.title,
        when=timeparse.format_when(meeting.starts_at, ctx.env.tz, ctx.lang),
        venue=meeting.venue,
        cluster=ctx.env.cluster_name,
        link=link(ctx, meeting.checkin_token),
        steps=tuple(plain(f"rollcall.poster_step{n}") for n in (1, 2, 3)),
        small=plain("rollcall.poster_zalo", token=meeting.checkin_token),
    )


def _poster_files(
    ctx: Ctx, ann: Announcement, meeting: Meeting
) -> tuple[list[Attachment], str | None]:
    """The poster as PNG and PDF; none (and the missing font's path) without its font."""
    missing = poster.font_missing()
    if missing:
        return [], missing
    words = poster_text(ctx, meeting)
    return [
        Attachment(
            f"hop-{ann.id}-diem-danh.png",
            poster.render_png(words),
            ctx.t("rollcall.caption_png", id=ann.id),
        ),
        Attachment(
            f"hop-{ann.id}-diem-danh.pdf",
            poster.render_pdf(words),
            ctx.t("rollcall.caption_pdf", id=ann.id),
        ),
    ], None


# --- marking by hand ------------------------------------------------------------------------


async def hand_list(ctx: Ctx, ann: Announcement, meeting: Meeting, page: int) -> Reply:
    """The link, then each unit's delegates with [Có mặt] [Trực tuyến] [Vắng], page `page`."""
    roll = await attendance.load(ctx.session, meeting)
    header = _intro(ctx, ann, meeting, poster.font_missing())
    header += "\n\n" + ctx.t(
        "rollcall.hand_head",
        came=roll.total(),
        registered=sum(u.registered for u in roll.units),
    )
    entries: list[pages.Entry] = []
    for unit in roll.units:
        if not unit.entries:
            continue
        entries.append(
            pages.Entry(
                "\n" + ctx.t("rollcall.hand_unit", code=unit.unit.code, name=unit.unit.name)
            )
        )
        for number, entry in enumerate(unit.entries, start=1):
            entries.append(
                pages.Entry(
                    _hand_line(ctx, number, entry),
                    _hand_buttons(ctx, ann.id, entry),
                )
            )
    if not entries:
        entries.append(pages.Entry(ctx.t("rollcall.hand_empty")))
    return pages.render(
        ctx.t,
        header,
        entries,
        action=f"rollcall.{ann.id}",
        page=page,
        footer="\n" + ctx.t("rollcall.hand_hint", id=ann.id),
    )


def _hand_line(ctx: Ctx, number: int, entry: attendance.RollEntry) -> str:
    position = f", {entry.position}" if entry.position else ""
    extra = ctx.t("rollcall.extra_mark") if not entry.registered else ""
    if entry.mark is None:
        state = ctx.t("rollcall.unmarked")
    else:
        state = ctx.t(
            "rollcall.marked_state",
            mark=attendance.STATE_MARKS[entry.mark.state],
            state=ctx.t(f"rollcall.state.{entry.mark.state.value}"),
            at=entry.mark.marked_at.astimezone(ctx.env.tz).strftime("%H:%M"),
        )
    return ctx.t(
        "rollcall.hand_line",
        number=number,
        name=entry.name + position,
        entry=entry.key,
        extra=Safe(extra),
        state=Safe(state),
    )


def _hand_buttons(ctx: Ctx, ann_id: int, entry: attendance.RollEntry) -> tuple[Button, ...]:
    current = entry.mark.state if entry.mark is not None else None
    buttons = []
    for letter, state in STATES.items():
        label = ctx.t(f"rollcall.btn_{state.value}")
        if state == current:
            label = "• " + label
        buttons.append(Button(label, action=f"{PREFIX}:{entry.key}.{letter}.{{page}}:{ann_id}"))
    return tuple(buttons)


async def hand_page(ctx: Ctx, arg: str, page: int) -> Reply:
    """A page press under the list (`p:rollcall.<meeting>:<page>`)."""
    found = await _open_meeting(ctx, int(arg) if arg.isdigit() and len(arg) <= 9 else 0)
    if found is None:
        return Reply(toast=ctx.t("error.stale_button"))
    return await hand_list(ctx, *found, page)


async def _open_meeting(ctx: Ctx, ann_id: int) -> tuple[Announcement, Meeting] | None:
    ann = await queries.announcement(ctx.session, ann_id) if ann_id else None
    meeting = await queries.meeting(ctx.session, ann_id) if ann is not None else None
    if ann is None or meeting is None or ann.status not in OPEN_STATES:
        return None
    return ann, meeting


async def mark_button(ctx: Ctx, req: Request, verb: str, ann_id: int) -> Reply:
    """`dm:<entry>.<c|o|v>.<page>:<meeting>`: mark one person, the page redrawn in place."""
    key, _, rest = verb.partition(".")
    letter, _, page_part = rest.partition(".")
    page = int(page_part) if page_part.isdigit() and len(page_part) <= 4 else 0
    found = await _open_meeting(ctx, ann_id)
    if found is None or letter not in STATES or not ENTRY_KEY.match(key):
        return Reply(toast=ctx.t("error.stale_button"))
    ann, meeting = found
    done = await _mark_by_hand(ctx, meeting, key, STATES[letter])
    if done is None:
        return Reply(toast=ctx.t("error.stale_button"))
    reply = await hand_list(ctx, ann, meeting, page)
    reply.edit, reply.toast = True, done
    return reply


async def _mark_by_hand(ctx: Ctx, meeting: Meeting, key: str, state: AttendanceState) -> str | None:
    """Mark entry `key`; the toast that says so, or None when there is no such entry."""
    roll = await attendance.load(ctx.session, meeting)
    found = roll.entry(key)
    if found is None:
        return None
    unit, entry = found
    await attendance.mark(
        ctx,
        meeting,
        key,
        unit_id=unit.unit.id,
        name=entry.name,
        position=entry.position,
        state=state,
        method="hand",
        person_id=entry.person_id,
        extra=not entry.registered,
    )
    queries.audit(
        ctx.session,
        ctx.now,
        ctx.person.id,
        "rollcall.hand",
        f"#{meeting.announcement_id}",
        entry=key,
        state=state.value,
    )
    return ctx.t(
        "rollcall.hand_done",
        name=entry.name,
        code=unit.unit.code,
        state=ctx.t(f"rollcall.state.{state.value}"),
    )


async def _typed_mark(ctx: Ctx, ann: Announcement, meeting: Meeting, words: list[str]) -> Reply:
    """`/diemdanh 12 d5 co` (or typed `DIEMDANH 12 d5 CO` where there are no buttons)."""
    key = words[0].lower()
    letter = TYPED_STATES.get(fold(" ".join(words[1:])))
    if not ENTRY_KEY.match(key) or letter is None:
        raise FormError("rollcall.bad_typed", id=ann.id)
    if ann.status not in OPEN_STATES:
        raise FormError("rollcall.not_sent", id=ann.id)
    done = await _mark_by_hand(ctx, meeting, key, STATES[letter])
    if done is None:
        raise FormError("rollcall.no_entry", entry=key, id=ann.id)
    return Reply(done)
