"""Meeting answers typed as text (`XN 12 CO`), for people who cannot or do not press buttons.

Zalo has no buttons and some Telegram users type rather than press: `XN <id> CO`, `XN <id> KHONG
[lý do]` and `XN <id> THAY <họ tên, chức vụ>` mean exactly what the card's ✅, ❌ and 👤 mean,
and go through the same code as a press (`rsvp.rsvp_button`), so the cards' tallies update the
same way. The command word and the answer word are read case- and diacritics-insensitively
(`xn 12 có`, `XN12 CÓ`); the reason and the substitute are kept as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import fold
from handlers.meetings import rsvp
from handlers.meetings.card import tally_line
from handlers.texts import Safe
from storage import queries
from storage.models import AnnouncementKind, AnnouncementStatus, RsvpAnswer

# `xn`, then the meeting's number (optionally `#`), then the answer word and the rest
XN = re.compile(r"^\s*[xX][nN](?=$|[\s#\d])\s*(#?\s*\d*)\s*(\S*)\s*(.*)$", re.S)
WORDS = {
    "co": "a",
    "c": "a",
    "yes": "a",
    "khong": "x",
    "k": "x",
    "ko": "x",
    "no": "x",
    "thay": "s",
}
MAX_ID = 9


@dataclass(frozen=True)
class TypedAnswer:
    """A well-formed `XN` form: the meeting, the button letter (`a`, `x`, `s`), the rest."""

    meeting_id: int
    letter: str
    detail: str = ""


@dataclass(frozen=True)
class Malformed:
    """An `XN` form that cannot be read: the catalogue key (and values) of what is wrong."""

    problem: str
    values: dict[str, str]


def is_typed_answer(text: str) -> bool:
    """Whether `text` starts with the `XN` command word (well-formed or not)."""
    return XN.match(text) is not None


def parse(text: str) -> TypedAnswer | Malformed | None:
    """Read an `XN` form; None when the text is no `XN` form at all."""
    match = XN.match(text)
    if match is None:
        return None
    digits, word, rest = match.group(1), match.group(2), match.group(3)
    digits = digits.removeprefix("#").strip()
    if not digits:
        return Malformed("typed.no_id", {})
    if len(digits) > MAX_ID:
        return Malformed("typed.bad_word", {"word": digits[:20]})
    if not word:
        return Malformed("typed.no_word", {})
    letter = WORDS.get(fold(word))
    if letter is None:
        return Malformed("typed.bad_word", {"word": word[:40]})
    detail = " ".join(rest.split())
    if letter == "a" and detail:
        return Malformed("typed.bad_word", {"word": detail[:40]})
    if letter == "s" and not detail:
        return Malformed("typed.no_substitute", {})
    if letter == "s" and len(detail) > rsvp.MAX_ANSWER:
        return Malformed("typed.long_substitute", {})
    return TypedAnswer(int(digits), letter, detail)


def _usage(ctx: Ctx, problem: str, **values: str) -> Reply:
    return Reply(ctx.t("typed.usage", problem=Safe(ctx.t(problem, **values))))


async def answer(ctx: Ctx, req: Request) -> Reply | None:
    """Answer a typed `XN` form, as a message; None when the text is none."""
    parsed = parse(req.text)
    if parsed is None:
        return None
    if isinstance(parsed, Malformed):
        return _usage(ctx, parsed.problem, **parsed.values)
    ann = await queries.announcement(ctx.session, parsed.meeting_id)
    if (
        ann is None
        or ann.kind != AnnouncementKind.MEETING
        or ann.status == AnnouncementStatus.DRAFT
    ):
        return Reply(ctx.t("typed.unknown_meeting", id=parsed.meeting_id))
    reply = await rsvp.rsvp_button(
        ctx, req, parsed.letter, parsed.meeting_id, typed=True, detail=parsed.detail
    )
    return await _as_message(ctx, reply, parsed)


async def _as_message(ctx: Ctx, reply: Reply, parsed: TypedAnswer) -> Reply:
    """A press's toast (or picker) turned into a message that answers the typed form, with the
    reason or substitute it recorded, the tally line and how to change the answer."""
    lines = [part for part in (reply.text, reply.toast) if part]
    message = "\n".join(dict.fromkeys(lines))  # the picker's text and its toast may repeat
    record = await queries.rsvp_of(ctx.session, parsed.meeting_id, ctx.person.id)
    recorded = (
        not reply.buttons
        and not reply.alert
        and record is not None
        and record.answer == rsvp.ANSWERS[parsed.letter]
    )
    if not recorded or record is None:
        return Reply(message, buttons=reply.buttons)
    if parsed.detail and record.answer == RsvpAnswer.ABSENT:
        message += "\n" + ctx.t("rsvp.reason_saved", id=parsed.meeting_id, reason=record.reason)
    elif parsed.detail and record.answer == RsvpAnswer.SUBSTITUTE:
        position = (
            ctx.t("rsvp.substitute_position", position=record.substitute_position)
            if record.substitute_position
            else ""
        )
        message += "\n" + ctx.t(
            "rsvp.substitute_saved",
            id=parsed.meeting_id,
            name=record.substitute_name,
            position=position,
        )
    ann = await queries.announcement(ctx.session, parsed.meeting_id)
    if ann is not None:  # the card's tally as it now reads (one query)
        message += "\n" + await tally_line(ctx.session, ann, ctx.lang)
    return Reply(message + ctx.t("typed.how_to_correct", id=parsed.meeting_id))
