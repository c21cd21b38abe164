"""The delegate's side of the roll-call (PRODUCT §14): opening the poster's link
(`/start dd-<token>`) or, on Zalo where a t.me link opens nothing, typing `DD <token>`.

Who scanned is worked out from what Loa knows: a ✅ answer is that entry; else, when the
person's unit has substitutes or registered names not marked yet, they are asked which one they
are; else (or «not on the list») they are an extra of their unit — asked for it when Loa does
not know it, and then offered that unit's names (a delegate registered by name is often someone
Loa has never seen). The follow-up buttons carry the choice and a signature made with the meeting's
token (`dd:<choice>.<sig>:<meeting>`), so only someone who opened the link can press them; typed,
they are `DD <token> <number>` / `DD <token> 0` / `DD <token> <unit code>`.
A scan counts from 2 hours before the start to the end; a second one says when the first was.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import timedelta

from sqlalchemy import select

from handlers import pages
from handlers.context import Ctx
from handlers.core import Button, Reply, Request
from handlers.forms import FormError
from handlers.meetings import attendance, rollcall
from handlers.texts import Safe
from storage import queries
from storage.models import (
    Attendance,
    AttendanceState,
    Conversation,
    Meeting,
    Platform,
    RsvpAnswer,
    Unit,
)

PREFIX = "dd"
NOT_LISTED = "x"
UNITS_A_PAGE = 24
ASK_POSITION = "checkin:position"  # the Conversation kind: an extra's position, asked once
POSITION_LIFETIME = timedelta(minutes=30)
MAX_POSITION = 300
_TYPED = re.compile(r"^\s*dd\s*[-:]?\s*([A-Za-z0-9]{8,40})(?:\s+(\S.{0,40}))?\s*$", re.IGNORECASE)
_CHOICE = re.compile(r"^([sd]\d{1,9}|u\d{1,9}|x)$")


async def open_link(ctx: Ctx, payload: str) -> Reply | None:
    """`/start dd-<token>`: the scan; None when the payload is not a roll-call link."""
    if not payload.startswith(rollcall.LINK_PREFIX):
        return None
    return await scan(ctx, payload[len(rollcall.LINK_PREFIX) :], None)


async def typed(ctx: Ctx, req: Request) -> Reply | None:
    """`DD <token>` (and the follow-ups `DD <token> 2`, `DD <token> HP`), or None."""
    found = _TYPED.match(req.text or "")
    if found is None or not ctx.in_private:  # in a group, `dd …` is someone's own word
        return None
    token, choice = found.group(1), (found.group(2) or "").strip()
    if choice and token.isdigit():  # `DD 12 …` names no token
        return None
    return await scan(ctx, token, choice or None, typed=True)


def _sign(meeting: Meeting, person_id: int, choice: str) -> str:
    key = (meeting.checkin_token or "").encode()
    return hmac.new(key, f"{person_id}:{choice}".encode(), hashlib.sha256).hexdigest()[:10]


def _button(ctx: Ctx, meeting: Meeting, label: str, choice: str) -> Button:
    sig = _sign(meeting, ctx.person.id, choice)
    return Button(label, action=f"{PREFIX}:{choice}.{sig}:{meeting.announcement_id}")


async def button(ctx: Ctx, req: Request, verb: str, ann_id: int) -> Reply:
    """`dd:<choice>.<sig>:<meeting>`: the answer to «which one are you» or «which unit»."""
    choice, _, sig = verb.partition(".")
    meeting = await queries.meeting(ctx.session, ann_id)
    if (
        meeting is None
        or not meeting.checkin_token
        or not _CHOICE.match(choice)
        or not hmac.compare_digest(sig, _sign(meeting, ctx.person.id, choice))
    ):
        return Reply(toast=ctx.t("error.stale_button"))
    reply = await scan(ctx, meeting.checkin_token, choice)
    reply.edit = True
    return reply


async def _meeting_of(ctx: Ctx, token: str) -> Meeting | None:
    """The meeting whose roll-call this token opens: sent and not called off."""
    meeting = await ctx.session.scalar(select(Meeting).where(Meeting.checkin_token == token))
    if meeting is None or meeting.announcement.status not in rollcall.OPEN_STATES:
        return None
    return meeting


async def scan(ctx: Ctx, token: str, choice: str | None, *, typed: bool = False) -> Reply:
    """Mark the person who opened the link, or ask what Loa needs to know to do it."""
    meeting = await _meeting_of(ctx, token)
    if meeting is None:
        return Reply(ctx.t("rollcall.bad_token"))
    opens, closes = rollcall.window(meeting, ctx.env.tz)
    if not opens <= ctx.now <= closes:
        return Reply(
            ctx.t(
                "rollcall.outside_window",
                title=meeting.title,
                window=Safe(rollcall.window_text(ctx, meeting)),
            )
        )
    before = await _mark_of(ctx, meeting)
    if before is not None:
        return _already(ctx, before)
    roll = await attendance.load(ctx.session, meeting)
    own = await queries.rsvp_of(ctx.session, meeting.announcement_id, ctx.person.id)
    if own is not None and own.answer == RsvpAnswer.ATTEND and roll.entry(f"r{own.id}"):
        return await _mark_entry(ctx, meeting, roll, f"r{own.id}")
    choices = _unmarked_names(roll, ctx.person.unit_id)
    if typed and choice is not None:
        choice = await _typed_choice(ctx, choice, choices)
        if choice is None:
            return Reply(ctx.t("rollcall.bad_choice", token=token))
    if choice is not None and choice[0] in "sd":
        if choice not in {e.key for e in choices}:
            return Reply(ctx.t("rollcall.choice_taken"))
        return await _mark_entry(ctx, meeting, roll, choice)
    if choice is not None and choice[0] == "u" and ctx.person.unit_id is None:
        # someone Loa did not know picked their unit: remembered as answers do, and offered
        # that unit's names first (a delegate registered by their secretary is one of them)
        picked = await _unit_for_extra(ctx, meeting, roll, choice)
        if picked is not None:
            ctx.person.unit_id = picked.id
            choices = _unmarked_names(roll, picked.id)
            if choices:
                return _ask_who(ctx, meeting, choices)
    if choice is None and choices:
        return _ask_who(ctx, meeting, choices)
    unit = await _unit_for_extra(ctx, meeting, roll, choice)
    if unit is None:
        return await ask_unit(ctx, meeting, 0)
    return await _mark_extra(ctx, meeting, unit)


async def _mark_of(ctx: Ctx, meeting: Meeting) -> Attendance | None:
    """The mark this person already has (by their scan, or as the extra they were)."""
    rows = await ctx.session.scalars(
        select(Attendance).where(
            Attendance.announcement_id == meeting.announcement_id,
            Attendance.person_id == ctx.person.id,
            Attendance.state != AttendanceState.ABSENT,
        )
    )
    return rows.first()


def _already(ctx: Ctx, mark: Attendance) -> Reply:
    return Reply(
        ctx.t(
            "rollcall.already",
            name=mark.name,
            at=mark.marked_at.astimezone(ctx.env.tz).strftime("%H:%M"),
        )
    )


def _unmarked_names(roll: attendance.Roll, unit_id: int | None) -> list[attendance.RollEntry]:
    """The unit's substitutes and registered names nobody has scanned for yet."""
    if unit_id is None:
        return []
    for unit in roll.units:
        if unit.unit.id == unit_id:
            return [
                e
                for e in unit.entries
                if e.registered
                and e.key[0] in "sd"
                and (e.mark is None or e.mark.state == AttendanceState.ABSENT)
            ]
    return []


async def _typed_choice(ctx: Ctx, value: str, choices: list[attendance.RollEntry]) -> str | None:
    """`2` → the second name offered, `0` → not on the list, `HP` → an extra of HP."""
    if value.isdigit():
        number = int(value)
        if number == 0:
            return NOT_LISTED
        return choices[number - 1].key if 0 < number <= len(choices) else None
    unit = await queries.unit_by_code(ctx.session, value.strip().upper())
    return f"u{unit.id}" if unit is not None else None


def _ask_who(ctx: Ctx, meeting: Meeting, choices: list[attendance.RollEntry]) -> Reply:
    lines = [ctx.t("rollcall.ask_who", title=meeting.title)]
    rows: list[list[Button]] = []
    for number, entry in enumerate(choices, start=1):
        label = entry.name + (f", {entry.position}" if entry.position else "")
        lines.append(ctx.t("rollcall.ask_who_line", number=number, name=label))
        rows.append([_button(ctx, meeting, label[:60], entry.key)])
    rows.append([_button(ctx, meeting, ctx.t("rollcall.btn_not_listed"), NOT_LISTED)])
    if ctx.person.platform == Platform.ZALO:
        lines.append(ctx.t("rollcall.ask_who_typed", token=meeting.checkin_token))
    return Reply("\n".join(lines), buttons=rows)


async def _unit_for_extra(
    ctx: Ctx, meeting: Meeting, roll: attendance.Roll, choice: str | None
) -> Unit | None:
    """The unit an extra came for: the one they chose, else their own if it was invited."""
    invited = {u.unit.id: u.unit for u in roll.units}
    if choice is not None and choice.startswith("u"):
        return invited.get(int(choice[1:]))
    if ctx.person.unit_id is not None:
        return invited.get(ctx.person.unit_id)
    return None


async def ask_unit(ctx: Ctx, meeting: Meeting, page: int) -> Reply:
    """«Which unit are you with?»: the meeting's units as buttons, UNITS_A_PAGE a page."""
    roll = await attendance.load(ctx.session, meeting)
    units = [u.unit for u in roll.units if u.unit.removed_at is None]
    count = max(1, -(-len(units) // UNITS_A_PAGE))
    page = max(0, min(page, count - 1))
    shown = units[page * UNITS_A_PAGE : (page + 1) * UNITS_A_PAGE]
    rows = [
        [_button(ctx, meeting, unit.code, f"u{unit.id}") for unit in shown[i : i + 4]]
        for i in range(0, len(shown), 4)
    ]
    nav = pages.page_buttons(f"ddunits.{meeting.announcement_id}", page, count, ctx.t)
    if nav:
        rows.append(nav)
    body = ctx.t("rollcall.ask_unit", title=meeting.title, token=meeting.checkin_token)
    return Reply(body, buttons=rows)


async def units_page(ctx: Ctx, arg: str, page: int) -> Reply:
    """Another page of the units (`p:ddunits.<meeting>:<page>`), while the roll-call is open."""
    meeting = (
        await queries.meeting(ctx.session, int(arg)) if arg.isdigit() and len(arg) <= 9 else None
    )
    if (
        meeting is None
        or not meeting.checkin_token
        or meeting.announcement.status not in rollcall.OPEN_STATES
    ):
        return Reply(toast=ctx.t("error.stale_button"))
    return await ask_unit(ctx, meeting, page)


async def _mark_entry(ctx: Ctx, meeting: Meeting, roll: attendance.Roll, key: str) -> Reply:
    found = roll.entry(key)
    assert found is not None
    unit, entry = found
    row, _ = await attendance.mark(
        ctx,
        meeting,
        key,
        unit_id=unit.unit.id,
        name=entry.name,
        position=entry.position,
        state=AttendanceState.PRESENT,
        method="scan",
        person_id=ctx.person.id,
    )
    if row.method == "hand" and row.state == AttendanceState.ABSENT:  # marked absent, then came
        row.state, row.method, row.person_id = AttendanceState.PRESENT, "scan", ctx.person.id
        row.marked_by_id, row.marked_at = ctx.person.id, ctx.now
    elif row.person_id is None:
        row.person_id = ctx.person.id
    return _marked(ctx, row, unit.unit)


async def _mark_extra(ctx: Ctx, meeting: Meeting, unit: Unit) -> Reply:
    name = ctx.person.name or ctx.t("rollcall.no_name")
    row, _ = await attendance.mark(
        ctx,
        meeting,
        f"p{ctx.person.id}",
        unit_id=unit.id,
        name=name,
        position="",
        state=AttendanceState.PRESENT,
        method="scan",
        person_id=ctx.person.id,
        extra=True,
    )
    if row.state == AttendanceState.ABSENT:
        row.state, row.method, row.marked_at = AttendanceState.PRESENT, "scan", ctx.now
    reply = _marked(ctx, row, unit, extra=True)
    if not row.position and await _ask_position(ctx, row):
        reply.text += "\n" + ctx.t("rollcall.ask_position")
    return reply


async def _ask_position(ctx: Ctx, row: Attendance) -> bool:
    """Ask an extra their position (their next message in this chat); not when Loa is waiting
    for another answer of theirs (one question per person: that one keeps its place)."""
    question = await queries.conversation_of(ctx.session, ctx.person.id)
    if (
        question is not None
        and question.kind != ASK_POSITION
        and question.expires_at > ctx.now
        and not question.data.get("closed")
    ):
        return False
    if question is None:
        question = Conversation(person_id=ctx.person.id)
        ctx.session.add(question)
    question.chat_id = ctx.chat.id
    question.kind = ASK_POSITION
    question.announcement_id = row.announcement_id
    question.data = {"entry": row.entry}
    question.prompt_message_id = None
    question.created_at = ctx.now
    question.expires_at = ctx.now + POSITION_LIFETIME
    return True


async def answer_position(ctx: Ctx, req: Request) -> Reply | None:
    """The extra's position, typed after their scan; None when Loa asked nothing."""
    question = await queries.conversation_of(ctx.session, ctx.person.id)
    if question is None or question.kind != ASK_POSITION or question.chat_id != ctx.chat.id:
        return None
    answer = " ".join((req.text or "").split())
    if question.expires_at <= ctx.now or not answer:
        await ctx.session.delete(question)
        return None
    if len(answer) > MAX_POSITION:
        raise FormError("rollcall.position_too_long", limit=MAX_POSITION, length=len(answer))
    row = await ctx.session.scalar(
        select(Attendance).where(
            Attendance.announcement_id == question.announcement_id,
            Attendance.entry == str(question.data.get("entry", "")),
        )
    )
    await ctx.session.delete(question)
    if row is None:
        return None
    row.position = answer
    return Reply(ctx.t("rollcall.position_saved", name=row.name, position=answer))


def _marked(ctx: Ctx, row: Attendance, unit: Unit, *, extra: bool = False) -> Reply:
    queries.audit(
        ctx.session,
        ctx.now,
        ctx.person.id,
        "rollcall.scan",
        f"#{row.announcement_id}",
        entry=row.entry,
    )
    body = ctx.t(
        "rollcall.marked",
        name=row.name,
        unit=unit.name,
        at=row.marked_at.astimezone(ctx.env.tz).strftime("%H:%M"),
    )
    if extra:
        body += "\n" + ctx.t("rollcall.marked_extra")
    return Reply(body)
