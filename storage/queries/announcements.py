"""Announcements, their timers and the audit log, and what an announcement sent: its messages,
which chats it reached, how its delivery went, and dropping what it still has waiting when it
changes. Meetings and paper calls are both announcements and share these. Nothing here
commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    Announcement,
    AnnouncementStatus,
    AuditLog,
    Chat,
    ChatState,
    Outbox,
    OutboxAction,
    OutboxStatus,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
)

# --- announcements and schedules -----------------------------------------------------------------


async def announcement(session: AsyncSession, announcement_id: int) -> Announcement | None:
    return await session.get(Announcement, announcement_id)


async def open_announcements(session: AsyncSession) -> Sequence[Announcement]:
    return (
        await session.scalars(
            select(Announcement)
            .where(
                Announcement.status.in_([AnnouncementStatus.SCHEDULED, AnnouncementStatus.SENDING])
            )
            .order_by(Announcement.send_at.nulls_first(), Announcement.id)
        )
    ).all()


async def open_drafts(session: AsyncSession, since: datetime) -> Sequence[Announcement]:
    """Previews not sent nor dropped, made after `since` (older ones have expired)."""
    return (
        await session.scalars(
            select(Announcement)
            .where(
                Announcement.status == AnnouncementStatus.DRAFT,
                Announcement.created_at > since,
            )
            .order_by(Announcement.id)
        )
    ).all()


async def recent_sent(session: AsyncSession, limit: int = 5) -> Sequence[Announcement]:
    return (
        await session.scalars(
            select(Announcement)
            .where(Announcement.status == AnnouncementStatus.SENT)
            .order_by(Announcement.id.desc())
            .limit(limit)
        )
    ).all()


async def lock_announcement(session: AsyncSession, announcement_id: int) -> None:
    """Hold the announcement's row until commit (PostgreSQL), so that answers arriving together
    update its cards one after the other, each counting the answers committed before it: two at
    once would each count without the other and leave a stale tally, or deadlock on the cards'
    edits. SQLite needs nothing: its one writer at a time already holds the database."""
    if session.bind.dialect.name == "postgresql":
        await session.execute(
            select(Announcement.id)
            .where(Announcement.id == announcement_id)
            # FOR NO KEY UPDATE: the answer written just before took a key-share lock on this
            # row (its foreign key); FOR UPDATE would wait on every other answer's and deadlock
            .with_for_update(key_share=True)
        )


async def pending_schedules(session: AsyncSession) -> Sequence[ScheduledSend]:
    return (
        await session.scalars(
            select(ScheduledSend).where(ScheduledSend.status == ScheduleStatus.PENDING)
        )
    ).all()


async def due_schedules(session: AsyncSession, until: datetime) -> list[tuple[int, datetime]]:
    """(id, run_at) of the pending timers due by `until`: what every instance arms, whichever
    armed them first (the one that did may be dead)."""
    rows = await session.execute(
        select(ScheduledSend.id, ScheduledSend.run_at)
        .where(ScheduledSend.status == ScheduleStatus.PENDING, ScheduledSend.run_at <= until)
        .order_by(ScheduledSend.run_at)
    )
    return [(row_id, run_at) for row_id, run_at in rows.all()]


async def claim_schedule(session: AsyncSession, schedule_id: int, now: datetime) -> bool:
    """Mark a pending schedule done; False if another fire got there first."""
    result = await session.execute(
        update(ScheduledSend)
        .where(ScheduledSend.id == schedule_id, ScheduledSend.status == ScheduleStatus.PENDING)
        .values(status=ScheduleStatus.DONE, fired_at=now)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def cancel_schedules(
    session: AsyncSession, announcement_id: int, kind: ScheduleKind | None = None
) -> list[int]:
    """Cancel an announcement's pending timers (of one kind, or all); returns their ids."""
    query = select(ScheduledSend.id).where(
        ScheduledSend.announcement_id == announcement_id,
        ScheduledSend.status == ScheduleStatus.PENDING,
    )
    if kind is not None:
        query = query.where(ScheduledSend.kind == kind)
    ids = list((await session.scalars(query)).all())
    if ids:
        await session.execute(
            update(ScheduledSend)
            .where(ScheduledSend.id.in_(ids))
            .values(status=ScheduleStatus.CANCELLED)
        )
    return ids


def audit(
    session: AsyncSession,
    now: datetime,
    person_id: int | None,
    action: str,
    target: str = "",
    **details: Any,
) -> None:
    session.add(
        AuditLog(at=now, person_id=person_id, action=action, target=target[:200], details=details)
    )


# --- what an announcement sent -------------------------------------------------------------------


async def sent_rows(session: AsyncSession, announcement_id: int) -> Sequence[Outbox]:
    """The messages of an announcement that went out (cards among them)."""
    return (
        await session.scalars(
            select(Outbox).where(
                Outbox.announcement_id == announcement_id,
                Outbox.purpose == "announcement",
                Outbox.action == OutboxAction.SEND,
            )
        )
    ).all()


async def sent_parts(session: AsyncSession, announcement_id: int) -> Sequence[Row[Any]]:
    """`sent_rows` as plain rows (`id`, `chat_id`, `status`, `payload`), not objects: cheaper
    when every card of a meeting is looked at on each answer. Locked until commit on
    PostgreSQL, so what a card shows cannot change while it is compared with a new tally."""
    return (
        await session.execute(
            select(Outbox.id, Outbox.chat_id, Outbox.status, Outbox.payload)
            .where(
                Outbox.announcement_id == announcement_id,
                Outbox.purpose == "announcement",
                Outbox.action == OutboxAction.SEND,
            )
            .order_by(Outbox.id)
            .with_for_update()
        )
    ).all()


async def received_announcement(session: AsyncSession, announcement_id: int, chat_id: int) -> bool:
    """Whether this chat was among an announcement's targets."""
    found = await session.scalar(
        select(Outbox.id)
        .where(
            Outbox.announcement_id == announcement_id,
            Outbox.chat_id == chat_id,
            Outbox.purpose == "announcement",
        )
        .limit(1)
    )
    return found is not None


async def announcement_of_message(
    session: AsyncSession, chat_id: int, platform_message_id: str
) -> int | None:
    """Which announcement a message the bot sent in this chat belongs to (for replies)."""
    return await session.scalar(
        select(Outbox.announcement_id)
        .where(
            Outbox.chat_id == chat_id,
            Outbox.platform_message_id == platform_message_id,
            Outbox.announcement_id.is_not(None),
        )
        .limit(1)
    )


async def outbox_counts(
    session: AsyncSession, announcement_id: int, purpose: str
) -> dict[OutboxStatus, int]:
    rows = await session.execute(
        select(Outbox.status, func.count())
        .where(Outbox.announcement_id == announcement_id, Outbox.purpose == purpose)
        .group_by(Outbox.status)
    )
    return {OutboxStatus(status): count for status, count in rows.all()}


async def failed_deliveries(
    session: AsyncSession, announcement_id: int, purpose: str
) -> list[tuple[Chat, str]]:
    """The chats an announcement failed to reach for good, each once with the platform's reason
    (its first failed message's), by title."""
    rows = await session.execute(
        select(Chat, Outbox.last_error)
        .join(Outbox, Outbox.chat_id == Chat.id)
        .where(
            Outbox.announcement_id == announcement_id,
            Outbox.purpose == purpose,
            Outbox.status == OutboxStatus.FAILED,
        )
        .order_by(Chat.title, Chat.id, Outbox.id)
    )
    seen: dict[int, tuple[Chat, str]] = {}
    for chat, error in rows.all():
        seen.setdefault(chat.id, (chat, error or ""))
    return list(seen.values())


async def deliveries(
    session: AsyncSession, announcement_id: int, purpose: str
) -> Sequence[Row[Any]]:
    """Every message an announcement sends (not edits): chat, status, when sent, why failed."""
    return (
        await session.execute(
            select(Outbox.chat_id, Outbox.status, Outbox.sent_at, Outbox.last_error, Chat)
            .join(Chat, Chat.id == Outbox.chat_id)
            .where(
                Outbox.announcement_id == announcement_id,
                Outbox.purpose == purpose,
                Outbox.action == OutboxAction.SEND,
            )
            .order_by(Outbox.id)
        )
    ).all()


# --- changes to a sent announcement --------------------------------------------------------------


async def announcement_chat_ids(session: AsyncSession, announcement_id: int) -> list[int]:
    """The active chats an announcement reached (or is reaching): they hear of its changes."""
    rows = await session.scalars(
        select(Outbox.chat_id)
        .join(Chat, Chat.id == Outbox.chat_id)
        .where(
            Outbox.announcement_id == announcement_id,
            Outbox.purpose == "announcement",
            Outbox.action == OutboxAction.SEND,
            Outbox.status.in_([OutboxStatus.SENT, OutboxStatus.SENDING]),
            Chat.state == ChatState.ACTIVE,
        )
        .distinct()
        .order_by(Outbox.chat_id)
    )
    return list(rows.all())


async def cancel_pending_outbox(session: AsyncSession, announcement_id: int) -> int:
    result = await session.execute(
        update(Outbox)
        .where(Outbox.announcement_id == announcement_id, Outbox.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def cancel_pending_outbox_except_card_edits(
    session: AsyncSession, announcement_id: int
) -> int:
    """Drop what an announcement still has waiting, except the edits that will show its cards
    as cancelled."""
    result = await session.execute(
        update(Outbox)
        .where(
            Outbox.announcement_id == announcement_id,
            Outbox.status == OutboxStatus.PENDING,
            or_(Outbox.action != OutboxAction.EDIT, Outbox.purpose != "card"),
        )
        .values(status=OutboxStatus.CANCELLED)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
