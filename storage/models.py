"""What Loa remembers: SQLAlchemy 2.0 typed models.

Times are stored as naive UTC (`UtcDateTime` makes them aware again on the way out), ids of
people and chats on a platform are kept as text so Telegram's 64-bit ids and Zalo's string ids
fit the same column. Announcements are one table for every kind; kinds with more fields
(meetings, paper calls, news) add a table keyed by `announcements.id`.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Double,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and returned as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime,
        dict[str, Any]: JSON,
        list[str]: JSON,
    }


def _enum(cls: type[enum.Enum]) -> Enum:
    """Enums are stored by value as plain strings (no native DB enum to migrate)."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=24,
        values_callable=lambda members: [m.value for m in members],
    )


class Platform(enum.StrEnum):
    TELEGRAM = "telegram"
    ZALO = "zalo"


class ChatKind(enum.StrEnum):
    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"


class ChatState(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    INACTIVE = "inactive"


class AnnouncementKind(enum.StrEnum):
    NOTICE = "notice"
    MEETING = "meeting"
    PAPER_CALL = "paper_call"
    NEWS = "news"


class AnnouncementStatus(enum.StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    SENT = "sent"
    CANCELLED = "cancelled"


class ScheduleKind(enum.StrEnum):
    SEND = "send"
    REMINDER = "reminder"


class ScheduleStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"
    CANCELLED = "cancelled"
    DROPPED = "dropped"


class OutboxAction(enum.StrEnum):
    SEND = "send"
    EDIT = "edit"
    DELETE = "delete"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


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


class PaperCall(Base):
    """The fields of a call for conference papers (an announcement of kind `paper_call`)."""

    __tablename__ = "paper_calls"

    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(500))
    deadline: Mapped[datetime]
    per_unit: Mapped[int] = mapped_column(Integer, default=1)
    notes: Mapped[str | None] = mapped_column(Text)
    reminders: Mapped[list[int]] = mapped_column(JSON, default=list)
    deadline_day_reminder: Mapped[bool] = mapped_column(Boolean, default=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]

    announcement: Mapped[Announcement] = relationship(lazy="joined")


class Submission(Base):
    """A paper a unit sent. A later file from the same unit replaces it as `current`; the
    earlier ones stay as history."""

    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_call_unit", "announcement_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id"))
    platform_file_id: Mapped[str] = mapped_column(String(300))
    file_unique_id: Mapped[str | None] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(String(300))
    file_size: Mapped[int | None] = mapped_column(BigInteger)
    mime_type: Mapped[str | None] = mapped_column(String(120))
    link: Mapped[str | None] = mapped_column(String(1000))
    submitted_at: Mapped[datetime]
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    current: Mapped[bool] = mapped_column(Boolean, default=True)

    person: Mapped[Person] = relationship(lazy="joined")
    unit: Mapped[Unit] = relationship(lazy="joined")

    @property
    def is_link(self) -> bool:
        """A link kept as the paper (Loa could not take a file from it): no file to fetch."""
        return self.link is not None and not self.platform_file_id


class StoredFile(Base):
    """A file Loa keeps itself because no platform holds it (a paper read from a link sent as
    `NOP 7 <link>`): its name, size and type; the bytes are in `stored_file_chunks`, in the
    database, so that every instance on one PostgreSQL can serve it."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    size: Mapped[int] = mapped_column(BigInteger)
    mime_type: Mapped[str] = mapped_column(String(120))
    source_url: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime]


class StoredFileChunk(Base):
    """One piece of a stored file's bytes (at most a megabyte): files are written and read
    piece by piece, never held whole in memory."""

    __tablename__ = "stored_file_chunks"

    stored_file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_files.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class FeedState(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    REMOVED = "removed"


class Feed(Base):
    """A watched RSS/Atom feed whose new items are posted as news cards.

    `primed` turns true after the first poll, which only marks what is there as seen; `failures`
    counts failed polls in a row (ten pause the feed). `etag`/`last_modified` are what the server
    said last time, sent back for a conditional GET.
    """

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(300), default="")
    audience: Mapped[dict[str, Any]] = mapped_column(default=dict)
    audience_text: Mapped[str] = mapped_column(String(500), default="tất cả")
    interval_minutes: Mapped[int] = mapped_column(Integer, default=30)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    state: Mapped[FeedState] = mapped_column(_enum(FeedState), index=True)
    primed: Mapped[bool] = mapped_column(Boolean, default=False)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    last_checked_at: Mapped[datetime | None]
    last_success_at: Mapped[datetime | None]
    items_posted: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime]
    paused_at: Mapped[datetime | None]


class FeedItem(Base):
    """An entry of a feed Loa has seen, by its key (the entry id, else its normalised link), so
    each item is posted once, across restarts."""

    __tablename__ = "feed_items"
    __table_args__ = (UniqueConstraint("feed_id", "key", name="uq_feed_items_feed_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id"))
    key: Mapped[str] = mapped_column(String(200))
    link: Mapped[str] = mapped_column(String(2000), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    seen_at: Mapped[datetime]
    announcement_id: Mapped[int | None] = mapped_column(ForeignKey("announcements.id"))


class NewsPost(Base):
    """The fields of a news link (an announcement of kind `news`): what the page says about
    itself, or only the link when the organiser chose to post it bare."""

    __tablename__ = "news_posts"

    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(300), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    image_url: Mapped[str | None] = mapped_column(String(2000))
    site: Mapped[str] = mapped_column(String(200), default="")
    published_at: Mapped[datetime | None]
    bare: Mapped[bool] = mapped_column(Boolean, default=False)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id"), index=True)

    announcement: Mapped[Announcement] = relationship(lazy="joined")


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


class UnitDeadline(Base):
    """One unit's own deadline for a meeting's answers or a paper call (`/giahan 12 HP | …`)."""

    __tablename__ = "unit_deadlines"

    announcement_id: Mapped[int] = mapped_column(ForeignKey("announcements.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    deadline: Mapped[datetime]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    set_at: Mapped[datetime]


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
