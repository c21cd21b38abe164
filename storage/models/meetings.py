"""Meetings: the invitation, the answers, the questions Loa is waiting on, the delegations and
who came."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.announcements import Announcement
from storage.models.base import (
    Base,
    _enum,
)
from storage.models.people import Person, Unit


class RsvpAnswer(enum.StrEnum):
    ATTEND = "attend"
    ABSENT = "absent"
    SUBSTITUTE = "substitute"


class Meeting(Base):
    """The fields of a meeting invitation (an announcement of kind `meeting`)."""

    __tablename__ = "meetings"

    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime | None]
    venue: Mapped[str] = mapped_column(String(500))
    basis: Mapped[str | None] = mapped_column(String(500))
    composition: Mapped[str | None] = mapped_column(String(1000))
    notes: Mapped[str | None] = mapped_column(Text)
    rsvp_deadline: Mapped[datetime | None]
    reminders: Mapped[list[int]] = mapped_column(JSON, default=list)
    file_id: Mapped[str | None] = mapped_column(String(300))
    file_name: Mapped[str | None] = mapped_column(String(300))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]
    # the giấy mời as an official document (PRODUCT §14): số hiệu, chủ trì, liên hệ, yêu cầu
    doc_number: Mapped[str | None] = mapped_column(String(100))
    chair: Mapped[str | None] = mapped_column(String(300))
    contact: Mapped[str | None] = mapped_column(String(300))
    requirements: Mapped[str | None] = mapped_column(Text)
    # `số đại biểu: 3; HN 5`: {"default": 3, "units": {"<unit id>": 5}}; None: no quota
    delegate_quota: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # `sau hạn: đóng`: answers and registrations close at the deadline (else marked late)
    closes_at_deadline: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # the secret of the roll-call link `https://t.me/<bot>?start=dd-<token>`
    checkin_token: Mapped[str | None] = mapped_column(String(40), unique=True)

    announcement: Mapped[Announcement] = relationship(lazy="joined")


class Rsvp(Base):
    """One person's answer to one meeting; changeable until the meeting starts."""

    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("announcement_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    answer: Mapped[RsvpAnswer] = mapped_column(_enum(RsvpAnswer))
    reason: Mapped[str | None] = mapped_column(String(500))
    substitute_name: Mapped[str | None] = mapped_column(String(300))
    substitute_position: Mapped[str | None] = mapped_column(String(300))
    answered_at: Mapped[datetime]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # answered after the unit's deadline, which did not close answers
    late: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    person: Mapped[Person] = relationship(lazy="joined", foreign_keys=[person_id])
    unit: Mapped[Unit | None] = relationship(lazy="joined")


class Conversation(Base):
    """A question Loa asked a person and is waiting for (a reason, a substitute, a draft step).

    One per person: a new question replaces the old one.
    """

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), unique=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id"))
    kind: Mapped[str] = mapped_column(String(40))
    announcement_id: Mapped[int | None] = mapped_column(ForeignKey("announcements.id"))
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prompt_message_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class Delegate(Base):
    """A name a unit registered for a meeting ([📝 Đăng ký đại biểu] or `/daibieu`), beside its
    ✅ answers and substitutes, which are delegates too. Removed ones stay, with `removed_at`."""

    __tablename__ = "delegates"
    __table_args__ = (Index("ix_delegates_meeting_unit", "announcement_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    name: Mapped[str] = mapped_column(String(300))
    position: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    registered_at: Mapped[datetime]
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    removed_at: Mapped[datetime | None]

    unit: Mapped[Unit] = relationship(lazy="joined")


class AttendanceState(enum.StrEnum):
    PRESENT = "present"
    ONLINE = "online"
    ABSENT = "absent"


class Attendance(Base):
    """Who came to a meeting: one row per delegation entry (`entry`: `r<rsvp id>` for a ✅
    answer, `s<rsvp id>` for a substitute, `d<delegate id>` for a registered name, `p<person
    id>` for someone not on the list who scanned the roll-call code — an extra), marked by a scan
    (`method` `scan`) or by hand (`hand`)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("announcement_id", "entry"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    entry: Mapped[str] = mapped_column(String(40))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    name: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[AttendanceState] = mapped_column(_enum(AttendanceState))
    method: Mapped[str] = mapped_column(String(10))
    extra: Mapped[bool] = mapped_column(Boolean, default=False)
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    marked_at: Mapped[datetime]
