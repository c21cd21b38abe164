"""The unit of work of one request: its session, the acting person and chat, their language."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core import Env, Request
from handlers.texts import text
from storage import queries
from storage.models import Chat, ChatKind, Conversation, Meeting, Person, Platform, Rsvp


@dataclass
class Lookups:
    """What a batch of requests answered in one unit of work read in advance, a few statements
    for all of them: people and chats by platform id; for presses on meeting cards, the
    meetings sent to the batch's chats, the (meeting, chat) pairs sent, and the answers by
    (meeting, person). A meeting not here is read the usual way."""

    people: dict[tuple[Platform, str], Person]
    chats: dict[tuple[Platform, str], Chat]
    meetings: dict[int, Meeting] = field(default_factory=dict)
    answers: dict[tuple[int, int], Rsvp] = field(default_factory=dict)
    received: set[tuple[int, int]] = field(default_factory=set)
    # the open questions of the batch's people, and the outbox rows the batch writes at the end
    conversations: dict[int, Conversation] = field(default_factory=dict)
    outbox: list[dict[str, Any]] = field(default_factory=list)
    # the units' own deadlines (`/giahan`) of the batch's meetings that have a deadline
    deadlines: dict[int, dict[int, datetime]] = field(default_factory=dict)


@dataclass
class Ctx:
    """Everything a handler works with while answering one request."""

    env: Env
    session: AsyncSession
    person: Person
    chat: Chat
    now: datetime
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    lookups: Lookups | None = None

    @property
    def lang(self) -> str:
        return self.person.language

    @property
    def is_organiser(self) -> bool:
        return is_organiser(self.env, self.person)

    @property
    def in_private(self) -> bool:
        return self.chat.kind == ChatKind.PRIVATE

    def t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)


def is_organiser(env: Env, person: Person) -> bool:
    """Organisers are granted in chat or listed in LOA_ADMINS."""
    return person.is_organiser or person.external_id in env.admins.get(person.platform, set())


def is_configured_admin(env: Env, person: Person) -> bool:
    return person.external_id in env.admins.get(person.platform, set())


async def open_ctx(
    env: Env, session: AsyncSession, req: Request, lookups: Lookups | None = None
) -> Ctx:
    """Load (or create) the person and chat of `req`; a private chat marks them reachable."""
    now = env.clock.now()
    sender, where = req.sender, req.chat
    known: tuple[Person, Chat] | None = None
    if lookups is not None:
        person_found = lookups.people.get((sender.platform, sender.external_id))
        chat_found = lookups.chats.get((where.platform, where.external_id))
        if person_found is not None and chat_found is not None:
            known = person_found, chat_found
    else:
        known = await queries.known_person_and_chat(
            session, sender.platform, sender.external_id, where.external_id
        )
    if known is not None:
        person, chat = known
        queries.keep_person_current(person, sender.name, sender.username, now)
        queries.keep_chat_current(chat, where.title, now)
    else:
        person = await queries.upsert_person(
            session, sender.platform, sender.external_id, sender.name, sender.username, now
        )
        chat = await queries.upsert_chat(
            session, where.platform, where.external_id, where.kind, where.title, now
        )
    if chat.kind == ChatKind.PRIVATE and person.private_chat_id != chat.id:
        person.private_chat_id = chat.id
    return Ctx(env=env, session=session, person=person, chat=chat, now=now, lookups=lookups)


async def read_ahead(
    env: Env, session: AsyncSession, reqs: Sequence[Request], meeting_ids: set[int]
) -> Lookups:
    """What a batch of presses on the cards of `meeting_ids` reads, in two statements per
    platform; the people and chats not known yet are created together (one INSERT each)."""
    lookups = Lookups(people={}, chats={})
    for platform in {req.sender.platform for req in reqs}:
        people, answers, questions = await queries.people_for_answers(
            session,
            platform,
            (req.sender.external_id for req in reqs if req.sender.platform == platform),
            meeting_ids,
        )
        chats, meetings, received = await queries.chats_for_answers(
            session,
            platform,
            (req.chat.external_id for req in reqs if req.chat.platform == platform),
            meeting_ids,
        )
        lookups.people.update(((platform, key), person) for key, person in people.items())
        lookups.chats.update(((platform, key), chat) for key, chat in chats.items())
        lookups.answers.update(answers)
        lookups.meetings.update(meetings)
        lookups.received.update(received)
        lookups.conversations.update(questions)
    with_deadline = [m.announcement_id for m in lookups.meetings.values() if m.rsvp_deadline]
    if with_deadline:  # one statement for the whole batch
        lookups.deadlines = await queries.unit_deadlines_of(session, with_deadline)
    now = env.clock.now()
    added = False
    for req in reqs:
        sender, where = req.sender, req.chat
        if (sender.platform, sender.external_id) not in lookups.people:
            person = queries.new_person(
                sender.platform, sender.external_id, sender.name, sender.username, now
            )
            session.add(person)
            lookups.people[(sender.platform, sender.external_id)] = person
            added = True
        if (where.platform, where.external_id) not in lookups.chats:
            chat = queries.new_chat(where.platform, where.external_id, where.kind, where.title, now)
            session.add(chat)
            lookups.chats[(where.platform, where.external_id)] = chat
            added = True
    if added:
        await session.flush()
    return lookups


def chat_label(chat: Chat) -> str:
    """How a chat is named to organisers: its title, or its id when it has none."""
    return chat.title or f"#{chat.external_id}"
