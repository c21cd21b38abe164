"""People, chats, units and audiences: who Loa knows, where they talk, which units there are,
and which chats a notice reaches. Every request starts here (the person and the chat), and so do
the cluster's commands and the audience of a sending. Nothing here commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat, ChatKind, ChatState, Conversation, Person, Platform, Unit

GROUP_KINDS = (ChatKind.GROUP, ChatKind.SUPERGROUP, ChatKind.CHANNEL)


# --- people and chats ----------------------------------------------------------------------------


async def person_by_external(
    session: AsyncSession, platform: Platform, external_id: str
) -> Person | None:
    return await session.scalar(
        select(Person).where(Person.platform == platform, Person.external_id == external_id)
    )


async def upsert_person(
    session: AsyncSession,
    platform: Platform,
    external_id: str,
    name: str,
    username: str | None,
    now: datetime,
) -> Person:
    """The person with this platform id, created on first sight, name kept current."""
    person = await person_by_external(session, platform, external_id)
    if person is None:
        person = new_person(platform, external_id, name, username, now)
        session.add(person)
        await session.flush()
    else:
        keep_person_current(person, name, username, now)
    return person


def new_person(
    platform: Platform, external_id: str, name: str, username: str | None, now: datetime
) -> Person:
    """A person seen for the first time."""
    return Person(
        platform=platform,
        external_id=external_id,
        name=name[:300],
        username=username,
        language="vi",
        is_organiser=False,
        created_at=now,
        updated_at=now,
    )


def keep_person_current(person: Person, name: str, username: str | None, now: datetime) -> None:
    """The name and username as the platform shows them now."""
    if name and (person.name != name[:300] or person.username != username):
        person.name = name[:300]
        person.username = username
        person.updated_at = now


async def known_person_and_chat(
    session: AsyncSession, platform: Platform, person_id: str, chat_id: str
) -> tuple[Person, Chat] | None:
    """The person and the chat of a request in one statement, or None unless both are known:
    every request starts with them."""
    row = (
        await session.execute(
            select(Person, Chat)
            .join(Chat, and_(Chat.platform == platform, Chat.external_id == chat_id))
            .where(Person.platform == platform, Person.external_id == person_id)
        )
    ).first()
    return None if row is None else (row[0], row[1])


async def chat_by_external(
    session: AsyncSession, platform: Platform, external_id: str
) -> Chat | None:
    return await session.scalar(
        select(Chat).where(Chat.platform == platform, Chat.external_id == external_id)
    )


async def upsert_chat(
    session: AsyncSession,
    platform: Platform,
    external_id: str,
    kind: ChatKind,
    title: str,
    now: datetime,
) -> Chat:
    """The chat with this platform id, created as pending (groups) or active (private)."""
    chat = await chat_by_external(session, platform, external_id)
    if chat is None:
        chat = new_chat(platform, external_id, kind, title, now)
        session.add(chat)
        await session.flush()
    else:
        keep_chat_current(chat, title, now)
    return chat


def new_chat(
    platform: Platform, external_id: str, kind: ChatKind, title: str, now: datetime
) -> Chat:
    """A chat seen for the first time: pending (groups, until linked) or active (private)."""
    return Chat(
        platform=platform,
        external_id=external_id,
        kind=kind,
        title=title[:300],
        is_cluster=False,
        tags=[],
        state=ChatState.ACTIVE if kind == ChatKind.PRIVATE else ChatState.PENDING,
        created_at=now,
        updated_at=now,
    )


def keep_chat_current(chat: Chat, title: str, now: datetime) -> None:
    """The title as the platform shows it now."""
    if title and chat.title != title[:300]:
        chat.title = title[:300]
        chat.updated_at = now


async def group_chats(session: AsyncSession) -> Sequence[Chat]:
    return (
        await session.scalars(
            select(Chat).where(Chat.kind.in_(GROUP_KINDS)).order_by(Chat.state, Chat.title)
        )
    ).all()


async def organisers(
    session: AsyncSession, admin_ids: dict[Platform, set[str]]
) -> Sequence[Person]:
    """Everyone who is an organiser, by grant or by configuration."""
    configured = [
        and_(Person.platform == platform, Person.external_id.in_(ids))
        for platform, ids in admin_ids.items()
        if ids
    ]
    return (
        await session.scalars(select(Person).where(or_(Person.is_organiser, *configured)))
    ).all()


async def people_by_ids(session: AsyncSession, person_ids: Iterable[int]) -> dict[int, Person]:
    """People by id (e.g. the organisers who set answers on someone's behalf)."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = await session.scalars(select(Person).where(Person.id.in_(ids)))
    return {person.id: person for person in rows.all()}


async def person_with_private_chat(session: AsyncSession, chat_id: int) -> Person | None:
    return await session.scalar(select(Person).where(Person.private_chat_id == chat_id))


async def conversation_of(session: AsyncSession, person_id: int) -> Conversation | None:
    return await session.scalar(select(Conversation).where(Conversation.person_id == person_id))


# --- units ---------------------------------------------------------------------------------------


async def unit_by_code(
    session: AsyncSession, code: str, *, include_removed: bool = False
) -> Unit | None:
    query = select(Unit).where(Unit.code == code.upper())
    if not include_removed:
        query = query.where(Unit.removed_at.is_(None))
    return await session.scalar(query)


async def active_units(session: AsyncSession) -> Sequence[Unit]:
    return (
        await session.scalars(select(Unit).where(Unit.removed_at.is_(None)).order_by(Unit.code))
    ).all()


async def active_unit_ids(session: AsyncSession) -> set[int]:
    """The ids of the units not removed (no objects loaded: asked on every answer)."""
    return set((await session.scalars(select(Unit.id).where(Unit.removed_at.is_(None)))).all())


async def group_counts_by_unit(session: AsyncSession) -> dict[int, int]:
    rows = await session.execute(
        select(Chat.unit_id, func.count())
        .where(Chat.unit_id.is_not(None), Chat.state == ChatState.ACTIVE)
        .group_by(Chat.unit_id)
    )
    return {unit_id: count for unit_id, count in rows.all()}


async def units_by_ids(session: AsyncSession, unit_ids: Iterable[int]) -> dict[int, Unit]:
    """Units by id, removed ones included: an answer given before a removal still shows."""
    ids = sorted(set(unit_ids))
    if not ids:
        return {}
    rows = await session.scalars(select(Unit).where(Unit.id.in_(ids)))
    return {unit.id: unit for unit in rows.all()}


# --- audiences -----------------------------------------------------------------------------------


async def audience_chats(
    session: AsyncSession, everyone: bool, unit_codes: Iterable[str], tags: Iterable[str]
) -> list[Chat]:
    """Active linked groups in the audience: all of them, or by unit codes and tags."""
    query = (
        select(Chat)
        .outerjoin(Unit, Chat.unit_id == Unit.id)
        .where(
            Chat.state == ChatState.ACTIVE,
            Chat.kind.in_(GROUP_KINDS),
            or_(Chat.is_cluster, and_(Chat.unit_id.is_not(None), Unit.removed_at.is_(None))),
        )
        .order_by(Chat.id)
    )
    chats = list((await session.scalars(query)).unique().all())
    if everyone:
        return chats
    codes = {c.upper() for c in unit_codes}
    wanted = set(tags)
    return [
        chat
        for chat in chats
        if (chat.unit is not None and chat.unit.code in codes) or wanted.intersection(chat.tags)
    ]


async def audience_private_chats(
    session: AsyncSession,
    everyone: bool,
    unit_codes: Iterable[str],
    platforms: Iterable[Platform] | None = None,
) -> list[Chat]:
    """Active private chats of members of the audience's units; only those on `platforms`
    when given."""
    query = (
        select(Chat)
        .join(Person, Person.private_chat_id == Chat.id)
        .join(Unit, Person.unit_id == Unit.id)
        .where(Chat.state == ChatState.ACTIVE, Unit.removed_at.is_(None))
        .order_by(Chat.id)
    )
    if not everyone:
        query = query.where(Unit.code.in_([c.upper() for c in unit_codes]))
    if platforms is not None:
        query = query.where(Chat.platform.in_(list(platforms)))
    return list((await session.scalars(query)).unique().all())


async def people_by_private_chat(
    session: AsyncSession, chat_ids: Iterable[int]
) -> dict[int, Person]:
    """Private chat → the person whose chat it is, in one statement (reminders ask for many)."""
    wanted = sorted(set(chat_ids))
    if not wanted:
        return {}
    rows = await session.scalars(select(Person).where(Person.private_chat_id.in_(wanted)))
    return {person.private_chat_id: person for person in rows.all() if person.private_chat_id}


async def unit_ids_by_private_chat(
    session: AsyncSession, chat_ids: Iterable[int]
) -> dict[int, int]:
    """Private chat → the unit of the person whose chat it is (people with a unit only)."""
    wanted = set(chat_ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(Person.private_chat_id, Person.unit_id).where(
            Person.private_chat_id.in_(wanted), Person.unit_id.is_not(None)
        )
    )
    return {chat_id: unit_id for chat_id, unit_id in rows.all() if chat_id and unit_id}
