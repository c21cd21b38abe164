"""Acknowledgements of notices (PRODUCT §10): the [✔️ Đã nhận] button, its typed form
`DA NHAN 15`, and the card's live `Đã nhận: 6/10 đơn vị` line.

A notice sent with `đã nhận: có` (the default) asks each unit to say it has received it. Anyone
of a unit may press; Loa keeps one acknowledgement per person, and the unit's first one is the
unit's (who, when). The unit is the one of the group where the person pressed, else their own
(as for meeting answers). The button's action is `ack:ok:<notice id>`; on Zalo, which has no
buttons, the card ends with `Xác nhận đã nhận: DA NHAN 15` and the typed form goes through the
same code as a press (accepted on both platforms: `da nhan 15`, `ĐÃ NHẬN #15`, `DANHAN 15`).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.context import Ctx
from handlers.core import Button, Env, Reply, Request
from handlers.forms import FormError, fold
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.cards import notice_parts, payload
from handlers.notices.delivery import refresh_card_rows
from handlers.notices.plain import plain_card
from handlers.notices.tables import display_name, short_time
from handlers.texts import Safe, text
from storage import queries
from storage.models import (
    Acknowledgement,
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Unit,
)
from storage.queries import acknowledgements as ack_queries

PREFIX = "ack"
VERB = "ok"
# `DA NHAN 15`, `da nhan #15`, `DANHAN 15`, `ĐÃ NHẬN #15` (folded: no marks, lower case)
TYPED = re.compile(r"^\s*da\s*nhan\s*#?\s*(\d{1,9})\s*[.!]?\s*$")
YES = {"co", "yes", "c", "1", "bat"}
NO = {"khong", "no", "k", "ko", "0", "tat"}
LIVE = (AnnouncementStatus.SENDING, AnnouncementStatus.SENT)


def read_option(value: str | None) -> bool:
    """`đã nhận: có` (also the default, when absent) or `đã nhận: không`."""
    if value is None or not value.strip():
        return True
    word = fold(value)
    if word in YES:
        return True
    if word in NO:
        return False
    raise FormError("ack.bad_option", value=value.strip()[:40])


def action(ann_id: int) -> str:
    """The button's callback data: `ack:ok:15`."""
    return f"{PREFIX}:{VERB}:{ann_id}"


def buttons(ann: Announcement, lang: str = "vi") -> list[list[Button]]:
    """[✔️ Đã nhận] under a notice that asks for it."""
    return [[Button(text(lang, "ack.button"), action=action(ann.id))]]


def typed_form(parts: list[str], lang: str) -> str | None:
    """`ack:ok:15` → `Xác nhận đã nhận: DA NHAN 15` (`handlers.typed_forms`)."""
    if len(parts) != 2 or parts[0] != VERB or not parts[1].isdigit():
        return None
    return text(lang, "ack.typed", id=int(parts[1]))


def typed_id(typed: str) -> int | None:
    """The notice number of a typed `DA NHAN 15`, or None when the text is none."""
    found = TYPED.match(fold(typed or ""))
    return int(found.group(1)) if found else None


async def tally_line(session: AsyncSession, ann: Announcement, lang: str = "vi") -> str:
    """`Đã nhận: 6/10 đơn vị`: the units of the audience anyone of which acknowledged."""
    units = await announcement_unit_ids(session, ann)
    done = await ack_queries.acknowledged_unit_ids(session, ann.id)
    return text(lang, "ack.tally", done=len(done & units), units=len(units))


async def notice_payloads(session: AsyncSession, ann: Announcement) -> list[dict[str, Any]]:
    """What a notice sends to each chat: its parts; when it asks for acknowledgement, the last
    part is the card (tally line and [✔️ Đã nhận]; on Zalo the typed form instead)."""
    parts = notice_parts(ann)
    if ann.kind != AnnouncementKind.NOTICE or not ann.acknowledge:
        return [payload(part) for part in parts]
    return [*(payload(part) for part in parts[:-1]), await card_payload(session, ann, parts[-1])]


async def card_payload(
    session: AsyncSession, ann: Announcement, last: str | None = None
) -> dict[str, Any]:
    """The notice's last part with the live tally and the button (`card`: refreshed in place)."""
    last = notice_parts(ann)[-1] if last is None else last
    tally = await tally_line(session, ann)
    data = payload(Safe(f"{last}\n{tally}"), buttons(ann))
    data["card"] = True
    # Zalo cards are never edited: no tally there, the typed form closes the card
    data["plain"] = plain_card(str(last), text("vi", "ack.typed", id=ann.id))
    return data


async def refresh_notice_cards(env: Env, session: AsyncSession, ann: Announcement) -> None:
    """Bring every card of the notice up to date (`Đã nhận: n/N`), coalesced like meeting cards."""
    if not ann.acknowledge:
        return
    await queries.lock_announcement(session, ann.id)  # one refresh of these cards at a time
    await refresh_card_rows(env, session, ann, await card_payload(session, ann))


async def _changed(ctx: Ctx, ann: Announcement) -> None:
    """A unit acknowledged for the first time: its cards follow, after the commit when the bot
    runs a refresher, else right here."""
    changed = ctx.env.cards_changed
    if changed is None:
        await refresh_notice_cards(ctx.env, ctx.session, ann)
        return
    ann_id = ann.id
    ctx.after_commit.append(lambda: changed(ann_id))


async def ack_button(ctx: Ctx, req: Request, verb: str, ann_id: int) -> Reply:
    """A press of [✔️ Đã nhận] (`ack:ok:15`)."""
    ann = await queries.announcement(ctx.session, ann_id)
    if (
        verb != VERB
        or ann is None
        or ann.kind != AnnouncementKind.NOTICE
        or not ann.acknowledge
        or ann.status in (AnnouncementStatus.DRAFT, AnnouncementStatus.SCHEDULED)
    ):
        return Reply(toast=ctx.t("error.stale_button"))
    return await acknowledge(ctx, ann)


async def acknowledge(ctx: Ctx, ann: Announcement) -> Reply:
    """Record the person's acknowledgement of a live notice that asks for one: the first of
    their unit counts (`Đã ghi nhận: HP đã nhận thông báo #15.`), later ones are thanked with
    who acknowledged for the unit and when. Nothing is stored for a cancelled notice, for
    someone whose unit Loa does not know, or for a unit outside the audience."""
    if ann.status == AnnouncementStatus.CANCELLED:
        return Reply(toast=ctx.t("ack.cancelled", id=ann.id), alert=True)
    unit = _unit(ctx)
    if unit is None:
        return Reply(toast=ctx.t("ack.no_unit"), alert=True)
    if unit.id not in await announcement_unit_ids(ctx.session, ann):
        return Reply(toast=ctx.t("ack.not_in_audience", id=ann.id, unit=unit.code), alert=True)
    mine = await ack_queries.acknowledgement_of(ctx.session, ann.id, ctx.person.id)
    if mine is not None:  # counted already, maybe for the unit of another group
        return await _thanks(ctx, ann, mine)
    first = await ack_queries.first_of_unit(ctx.session, ann.id, unit.id)
    ctx.session.add(
        Acknowledgement(
            announcement_id=ann.id,
            person_id=ctx.person.id,
            unit_id=unit.id,
            chat_id=ctx.chat.id,
            at=ctx.now,
        )
    )
    if ctx.person.unit_id is None:  # remembered, as an answer to a meeting does
        ctx.person.unit_id = unit.id
    if first is not None:
        return await _thanks(ctx, ann, first)
    queries.audit(ctx.session, ctx.now, ctx.person.id, "notice.ack", f"#{ann.id}")
    await ctx.session.flush()
    await _changed(ctx, ann)
    return Reply(toast=ctx.t("ack.done", unit=unit.code, id=ann.id))


async def _thanks(ctx: Ctx, ann: Announcement, counted: Acknowledgement) -> Reply:
    """`Cảm ơn anh/chị. HP đã xác nhận nhận thông báo #15: <who>, lúc <when>.`: the first
    acknowledgement of the unit `counted` is for."""
    unit = await ctx.session.get(Unit, counted.unit_id) if counted.unit_id else None
    first = (
        await ack_queries.first_of_unit(ctx.session, ann.id, unit.id) if unit else None
    ) or counted
    return Reply(
        toast=ctx.t(
            "ack.already",
            unit=unit.code if unit else "",
            id=ann.id,
            name=display_name(ctx.t, first.person),
            at=short_time(first.at, ctx.env.tz),
        )
    )


def _unit(ctx: Ctx) -> Unit | None:
    """The unit a press counts for: the group's, else the person's own."""
    for unit in (ctx.chat.unit, ctx.person.unit):
        if unit is not None and unit.removed_at is None:
            return unit
    return None


async def typed_answer(ctx: Ctx, req: Request) -> Reply | None:
    """`DA NHAN 15` typed (Zalo, or anyone who types): as a press, answered by a message; None
    when the text is no such form."""
    ann_id = typed_id(req.text)
    if ann_id is None:
        return None
    ann = await queries.announcement(ctx.session, ann_id)
    if (
        ann is None
        or ann.kind != AnnouncementKind.NOTICE
        or ann.status
        not in (
            *LIVE,
            AnnouncementStatus.CANCELLED,
        )
    ):
        return Reply(ctx.t("ack.unknown", id=ann_id))
    if not ann.acknowledge:
        return Reply(ctx.t("ack.not_asked", id=ann_id))
    reply = await acknowledge(ctx, ann)
    message = reply.toast or ""
    if ann.status != AnnouncementStatus.CANCELLED and not reply.alert:
        message += "\n" + await tally_line(ctx.session, ann, ctx.lang)
    return Reply(message)
