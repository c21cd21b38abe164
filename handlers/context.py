"""The unit of work of one request: its session, the acting person and chat, their language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core import Env, Request
from handlers.texts import text
from storage import queries
from storage.models import Chat, ChatKind, Person


@dataclass
class Ctx:
    """Everything a handler works with while answering one request."""

    env: Env
    session: AsyncSession
    person: Person
    chat: Chat
    now: datetime
    after_commit: list[Callable[[], None]] = field(default_factory=list)

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


async def open_ctx(env: Env, session: AsyncSession, req: Request) -> Ctx:
    """Load (or create) the person and chat of `req`; a private chat marks them reachable."""
    now = env.clock.now()
    sender = req.sender
    person = await queries.upsert_person(
        session, sender.platform, sender.external_id, sender.name, sender.username, now
    )
    chat = await queries.upsert_chat(
        session, req.chat.platform, req.chat.external_id, req.chat.kind, req.chat.title, now
    )
    if chat.kind == ChatKind.PRIVATE and person.private_chat_id != chat.id:
        person.private_chat_id = chat.id
    return Ctx(env=env, session=session, person=person, chat=chat, now=now)


def chat_label(chat: Chat) -> str:
    """How a chat is named to organisers: its title, or its id when it has none."""
    return chat.title or f"#{chat.external_id}"
