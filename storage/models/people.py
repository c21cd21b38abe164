"""Who and where: the member schools (units), the chats Loa is in, the people who wrote to it,
and invite codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import (
    Base,
    ChatKind,
    ChatState,
    Platform,
    _enum,
)


class Unit(Base):
    """A member school: short code and full name. Removed units are kept for history."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class Chat(Base):
    """A chat the bot is in: a group linked to a unit or the cluster, or a private chat."""

    __tablename__ = "chats"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(_enum(Platform))
    external_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[ChatKind] = mapped_column(_enum(ChatKind))
    title: Mapped[str] = mapped_column(String(300), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    is_cluster: Mapped[bool] = mapped_column(Boolean, default=False)
    tags: Mapped[list[str]] = mapped_column(default=list)
    state: Mapped[ChatState] = mapped_column(_enum(ChatState), default=ChatState.PENDING)
    state_reason: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    unit: Mapped[Unit | None] = relationship(lazy="joined")


class Person(Base):
    """Someone who wrote to the bot or was named an organiser."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(_enum(Platform))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300), default="")
    username: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="vi")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    is_organiser: Mapped[bool] = mapped_column(Boolean, default=False)
    private_chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    unit: Mapped[Unit | None] = relationship(lazy="joined")


class Invite(Base):
    """An invite code that joins whoever opens it to a unit."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    uses: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    unit: Mapped[Unit] = relationship(lazy="joined")
