"""Announcements of every kind and what carries them out: timers, progress messages, the outbox
and the inbox, the audit log, shared rate budgets, platform usage; and what a unit does with
any announcement (acknowledges it, is given its own deadline)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import (
    AnnouncementKind,
    AnnouncementStatus,
    Base,
    OutboxAction,
    OutboxStatus,
    Platform,
    ScheduleKind,
    ScheduleStatus,
    _enum,
)
from storage.models.people import Chat, Person


class Announcement(Base):
    """Anything Loa announces; `id` is the code shown as #12."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AnnouncementKind] = mapped_column(_enum(AnnouncementKind))
    status: Mapped[AnnouncementStatus] = mapped_column(_enum(AnnouncementStatus), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[dict[str, Any]] = mapped_column(default=dict)
    audience_text: Mapped[str] = mapped_column(String(500), default="tất cả")
    # the ids of the units the announcement was sent to, fixed when it is sent (None before):
    # tallies, reminders, status and exports count these, whatever units come and go later
    audience_units: Mapped[list[int] | None] = mapped_column(JSON)
    send_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    origin_chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id"))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(String(500))
    # a notice's cards carry [✔️ Đã nhận] (PRODUCT §10) unless `đã nhận: không`
    acknowledge: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    created_by: Mapped[Person | None] = relationship(lazy="joined")


class ScheduledSend(Base):
    """A timer kept in the database: a scheduled send or a reminder of an announcement."""

    __tablename__ = "scheduled_sends"
    __table_args__ = (Index("ix_scheduled_sends_status_run_at", "status", "run_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    kind: Mapped[ScheduleKind] = mapped_column(_enum(ScheduleKind))
    run_at: Mapped[datetime]
    status: Mapped[ScheduleStatus] = mapped_column(_enum(ScheduleStatus))
    fired_at: Mapped[datetime | None]
    note: Mapped[str | None] = mapped_column(String(300))
    # a reminder for one unit only (its deadline moved with /giahan); None: the whole audience
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))


class Broadcast(Base):
    """The organiser's progress message for a send to many chats."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id"))
    total: Mapped[int] = mapped_column(Integer)
    progress_outbox_id: Mapped[int | None] = mapped_column(ForeignKey("outbox.id"))
    last_reported: Mapped[int] = mapped_column(Integer, default=0)
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]


class Outbox(Base):
    """One message to send, edit or delete, written before it goes out.

    `priority` 0 goes before 1 among due rows: small interactive messages (progress, questions,
    card edits) are not stuck behind a thousand-group broadcast.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_not_before", "status", "not_before"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id"), index=True)
    action: Mapped[OutboxAction] = mapped_column(_enum(OutboxAction))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    purpose: Mapped[str] = mapped_column(String(40))
    announcement_id: Mapped[int | None] = mapped_column(ForeignKey("announcements.id"), index=True)
    target_id: Mapped[int | None] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), ForeignKey("outbox.id")
    )
    status: Mapped[OutboxStatus] = mapped_column(_enum(OutboxStatus))
    priority: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    platform_message_id: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(String(500))
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]

    chat: Mapped[Chat] = relationship(lazy="joined")


class Inbox(Base):
    """One update a platform handed over, written before the platform is told it arrived.

    `update_key` is the platform's own id for it (Telegram's `update_id`, Zalo's `message_id`), so
    a delivery repeated by the platform is dropped. `chat_key` orders the handling: updates with
    the same key are handled one after the other. `done_at` is set in the unit of work that
    handled it; `lease_until` says which rows an instance holds while handling them (an instance
    that died leaves them to be taken over when the lease ends).
    """

    __tablename__ = "inbox"
    __table_args__ = (
        UniqueConstraint("platform", "update_key", name="uq_inbox_platform_update_key"),
        Index("ix_inbox_done_at_id", "done_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    platform: Mapped[Platform] = mapped_column(_enum(Platform))
    update_key: Mapped[str] = mapped_column(String(64))
    chat_key: Mapped[str] = mapped_column(String(140))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    received_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    done_at: Mapped[datetime | None]


class AuditLog(Base):
    """What organisers did, for accountability."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(200), default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class RateBudget(Base):
    """A platform budget shared by every instance on PostgreSQL (`global/300`, `chat:-100123/20`:
    the key ends with how many messages its window holds): when its recent messages went, by
    the database server's clock (epoch seconds), for `bot.ratelimit.SharedRateLimiter`."""

    __tablename__ = "rate_budgets"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    stamps: Mapped[list[float]] = mapped_column(
        JSON().with_variant(postgresql.ARRAY(Double), "postgresql")
    )


class PlatformUsage(Base):
    """A platform's messages in one month (`2026-12`, in LOA_TIMEZONE), both directions, for
    its monthly quota (Zalo's free plan: 3,000). `warned_at` and `held_at` say the organisers
    were told (80% used; messages first held); `paused_at` is when the platform itself said the
    quota was gone (429), and `paused_quota` the quota Loa had then: the pause lasts the month,
    unless the quota is raised above it."""

    __tablename__ = "platform_usage"

    platform: Mapped[Platform] = mapped_column(_enum(Platform), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    received: Mapped[int] = mapped_column(Integer, default=0)
    warned_at: Mapped[datetime | None]
    held_at: Mapped[datetime | None]
    paused_at: Mapped[datetime | None]
    paused_quota: Mapped[int | None] = mapped_column(Integer)


class Acknowledgement(Base):
    """A press of [✔️ Đã nhận] (or `DA NHAN 15`) on a notice: one per person; a unit has
    acknowledged with its first one (who, when)."""

    __tablename__ = "acknowledgements"
    __table_args__ = (UniqueConstraint("announcement_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id"))
    at: Mapped[datetime]

    person: Mapped[Person] = relationship(lazy="joined")


class UnitDeadline(Base):
    """One unit's own deadline for a meeting's answers or a paper call (`/giahan 12 HP | …`)."""

    __tablename__ = "unit_deadlines"

    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    deadline: Mapped[datetime]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    set_at: Mapped[datetime]
