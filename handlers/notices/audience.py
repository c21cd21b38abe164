"""Who an announcement reaches: the units it counts, its target chats, and the units it misses."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.cluster.units import require_unit
from handlers.context import Ctx
from handlers.forms import Audience
from storage import queries
from storage.models import Announcement, Chat, Platform, Unit

# the platforms whose members' private chats are in every audience of their unit, `riêng` or not
ALWAYS_PRIVATE = (Platform.ZALO,)


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
    """The active groups and the private chats an audience reaches: its units' members on
    Zalo always (most units have no Zalo group: a member's private chat is how the unit hears
    Loa there), on Telegram only with `riêng`."""
    groups = await queries.audience_chats(session, audience.everyone, audience.units, audience.tags)
    private = await queries.audience_private_chats(
        session,
        audience.everyone,
        audience.units,
        None if audience.private else ALWAYS_PRIVATE,
    )
    return groups, private


async def chats_of_units(
    session: AsyncSession, audience: Audience, unit_ids: set[int]
) -> list[tuple[Chat, Unit]]:
    """The audience's chats that belong to these units, each once with its unit: their groups
    and their members' private chats (what reminders to units that have not answered or
    submitted reach; cluster-wide groups are no unit's)."""
    groups, private = await targets(session, audience)
    units = await queries.units_by_ids(session, unit_ids)
    found = [(chat, units[chat.unit_id]) for chat in groups if chat.unit_id in units]
    owners = await queries.people_by_private_chat(session, (c.id for c in private))
    for chat in private:
        person = owners.get(chat.id)
        if person is not None and person.unit_id in units:
            found.append((chat, units[person.unit_id]))
    return list({chat.id: (chat, unit) for chat, unit in found}.values())


async def unreached_codes(
    session: AsyncSession, audience: Audience, groups: list[Chat], private: list[Chat]
) -> list[str]:
    """The codes of the audience's units that none of these target chats reaches: no active
    group of theirs, and no member in a private chat (on Zalo, or with `riêng`)."""
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
