"""Who an announcement reaches: the units it counts, its target chats, and the units it misses."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.cluster.units import require_unit
from handlers.context import Ctx
from handlers.forms import Audience
from storage import queries
from storage.models import Announcement, Chat


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


async def check_audience(ctx: Ctx, audience: Audience) -> None:
    """Every unit code named must exist."""
    for code in audience.units:
        await require_unit(ctx, code)


async def targets(session: AsyncSession, audience: Audience) -> tuple[list[Chat], list[Chat]]:
    """The active groups and, with `riêng`, the private chats an audience reaches."""
    groups = await queries.audience_chats(session, audience.everyone, audience.units, audience.tags)
    private: list[Chat] = []
    if audience.private:
        private = await queries.audience_private_chats(session, audience.everyone, audience.units)
    return groups, private


async def unreached_codes(
    session: AsyncSession, audience: Audience, groups: list[Chat], private: list[Chat]
) -> list[str]:
    """The codes of the audience's units that none of these target chats reaches: no active
    group of theirs, and no member in a private chat (with `riêng`)."""
    wanted = await audience_unit_ids(session, audience)
    reached = {chat.unit_id for chat in groups if chat.unit_id is not None}
    reached |= set(
        (await queries.unit_ids_by_private_chat(session, (c.id for c in private))).values()
    )
    units = await queries.units_by_ids(session, wanted - reached)
    return sorted(unit.code for unit in units.values())


async def unreached_line(
    ctx: Ctx, audience: Audience, groups: list[Chat], private: list[Chat]
) -> str:
    """The preview's warning `BG, NB chưa có nhóm — sẽ không nhận được`, or nothing."""
    codes = await unreached_codes(ctx.session, audience, groups, private)
    return ctx.t("notice.unreached", units=", ".join(codes)) if codes else ""
