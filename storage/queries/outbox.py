"""The outbox message by message: writing messages to send (one, or a broadcast in a few
statements, each once by its dedupe key), the delivery worker's claims and leases, and the
pending edits of a message already sent. What an announcement as a whole sent is in
`announcements`. Nothing here commits."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat, Outbox, OutboxAction, OutboxStatus, Platform
from storage.queries.common import ENQUEUE_CHUNK, dialect_insert


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    payload: dict[str, Any],
    purpose: str,
    dedupe_key: str,
    now: datetime,
    action: OutboxAction = OutboxAction.SEND,
    announcement_id: int | None = None,
    target_id: int | None = None,
    not_before: datetime | None = None,
    priority: int | None = None,
) -> int | None:
    """Write one outgoing message; the same `dedupe_key` twice writes one row.

    Returns the new row's id, or None when the key was already there.
    """
    values = outbox_values(
        chat_id=chat_id,
        payload=payload,
        purpose=purpose,
        dedupe_key=dedupe_key,
        now=now,
        action=action,
        announcement_id=announcement_id,
        target_id=target_id,
        not_before=not_before,
        priority=priority,
    )
    statement = (
        dialect_insert(session)(Outbox)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(Outbox.id)
    )
    return await session.scalar(statement)


def outbox_values(
    *,
    chat_id: int,
    payload: dict[str, Any],
    purpose: str,
    dedupe_key: str,
    now: datetime,
    action: OutboxAction = OutboxAction.SEND,
    announcement_id: int | None = None,
    target_id: int | None = None,
    not_before: datetime | None = None,
    priority: int | None = None,
) -> dict[str, Any]:
    """An outbox row as `enqueue` writes it, for `insert_outbox`."""
    return {
        "chat_id": chat_id,
        "action": action.value,
        "payload": payload,
        "purpose": purpose,
        "announcement_id": announcement_id,
        "target_id": target_id,
        "status": OutboxStatus.PENDING.value,
        "priority": 1 if priority is None else priority,
        "attempts": 0,
        "not_before": (not_before or now),
        "dedupe_key": dedupe_key,
        "created_at": now,
    }


async def insert_outbox(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Write `outbox_values` rows, `ENQUEUE_CHUNK` to a statement; a `dedupe_key` already there
    writes nothing."""
    for start in range(0, len(rows), ENQUEUE_CHUNK):
        await session.execute(
            dialect_insert(session)(Outbox)
            .values(rows[start : start + ENQUEUE_CHUNK])
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
        )


async def enqueue_many(
    session: AsyncSession,
    rows: list[dict[str, Any]],
    *,
    purpose: str,
    now: datetime,
    announcement_id: int | None = None,
) -> None:
    """Write many messages to send in a few statements (a broadcast to a thousand groups).

    Each row gives `chat_id`, `payload` and `dedupe_key`; duplicates of a key write nothing.
    """
    await insert_outbox(
        session,
        [
            outbox_values(
                chat_id=row["chat_id"],
                payload=row["payload"],
                purpose=purpose,
                dedupe_key=row["dedupe_key"],
                now=now,
                announcement_id=announcement_id,
            )
            for row in rows
        ],
    )


async def claim_due_outbox(
    session: AsyncSession,
    now: datetime,
    limit: int,
    lease: timedelta,
    platforms: Collection[Platform] | None = None,
) -> list[Outbox]:
    """Take up to `limit` due rows for this worker, leased until `now + lease`; with
    `platforms`, only rows to chats on those platforms (the others stay pending).

    On PostgreSQL rows are locked with SKIP LOCKED so several workers share the work.
    """
    query = (
        select(Outbox)
        .where(Outbox.status == OutboxStatus.PENDING, Outbox.not_before <= now)
        .order_by(Outbox.priority, Outbox.not_before, Outbox.id)
        .limit(limit)
    )
    if platforms is not None:
        query = query.where(_on_platforms(platforms))
    if session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Outbox)
    rows = list((await session.scalars(query)).unique().all())
    if rows:
        await session.execute(
            update(Outbox)
            .where(Outbox.id.in_([r.id for r in rows]))
            .values(status=OutboxStatus.SENDING, lease_until=now + lease)
        )
        for row in rows:
            row.status = OutboxStatus.SENDING
    return rows


async def release_expired_leases(session: AsyncSession, now: datetime) -> int:
    """Rows left `sending` by a worker that died go back to `pending` (at-least-once)."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.status == OutboxStatus.SENDING, Outbox.lease_until < now)
        .values(status=OutboxStatus.PENDING, lease_until=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def extend_leases(session: AsyncSession, row_ids: list[int], until: datetime) -> None:
    """A live worker keeps its rows: their leases move on while it is still sending them."""
    await session.execute(
        update(Outbox)
        .where(Outbox.id.in_(row_ids), Outbox.status == OutboxStatus.SENDING)
        .values(lease_until=until)
    )


async def next_due_time(
    session: AsyncSession, platforms: Collection[Platform] | None = None
) -> datetime | None:
    query = select(func.min(Outbox.not_before)).where(Outbox.status == OutboxStatus.PENDING)
    if platforms is not None:
        query = query.where(_on_platforms(platforms))
    return await session.scalar(query)


def _on_platforms(platforms: Collection[Platform]) -> ColumnElement[bool]:
    """Outbox rows whose chat is on one of `platforms`."""
    chats = select(Chat.id).where(Chat.platform.in_(list(platforms)))
    return Outbox.chat_id.in_(chats)


async def outbox_row(session: AsyncSession, row_id: int) -> Outbox | None:
    return await session.get(Outbox, row_id)


async def pending_edit_for(session: AsyncSession, target_id: int) -> Outbox | None:
    return await session.scalar(
        select(Outbox).where(
            Outbox.target_id == target_id,
            Outbox.action == OutboxAction.EDIT,
            Outbox.status == OutboxStatus.PENDING,
        )
    )


async def pending_edit_ids(session: AsyncSession, target_ids: Sequence[int]) -> dict[int, int]:
    """`pending_edit_for` for many messages in one statement: the id of each one's pending
    edit, by the id of the message it edits (ids only: nothing is loaded as objects).

    On PostgreSQL the edits are locked until commit, so the delivery worker cannot take one
    while it is being rewritten (it skips locked rows); SQLite has one writer at a time."""
    if not target_ids:
        return {}
    rows = await session.execute(
        select(Outbox.target_id, Outbox.id)
        .where(
            Outbox.target_id.in_(target_ids),
            Outbox.action == OutboxAction.EDIT,
            Outbox.status == OutboxStatus.PENDING,
        )
        .order_by(Outbox.id.desc())
        .with_for_update()  # PostgreSQL: kept pending until commit (the worker skips them)
    )
    return {target: row_id for target, row_id in rows.all() if target is not None}


async def sending_edit_payloads(
    session: AsyncSession, target_ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """The payload of the newest edit of each message that a worker (of any instance) is
    sending right now, by the id of the message: what the message will show once it is
    through, so that a refresh meanwhile does not queue the same text again."""
    if not target_ids:
        return {}
    rows = await session.execute(
        select(Outbox.target_id, Outbox.payload)
        .where(
            Outbox.target_id.in_(target_ids),
            Outbox.action == OutboxAction.EDIT,
            Outbox.status == OutboxStatus.SENDING,
        )
        .order_by(Outbox.id)
    )
    return {target: payload for target, payload in rows.all() if target is not None}


async def set_payloads(
    session: AsyncSession, row_ids: Sequence[int], payload: dict[str, Any]
) -> None:
    """Give these outbox rows one new payload, in one statement."""
    if row_ids:
        await session.execute(update(Outbox).where(Outbox.id.in_(row_ids)).values(payload=payload))


async def cancel_rows(session: AsyncSession, row_ids: Sequence[int]) -> None:
    """Cancel these outbox rows (messages not sent yet), in one statement."""
    if row_ids:
        await session.execute(
            update(Outbox).where(Outbox.id.in_(row_ids)).values(status=OutboxStatus.CANCELLED)
        )


async def last_edit_time(session: AsyncSession, target_id: int) -> datetime | None:
    return await session.scalar(
        select(func.max(Outbox.not_before)).where(
            Outbox.target_id == target_id, Outbox.action == OutboxAction.EDIT
        )
    )


async def last_edit_times(session: AsyncSession, target_ids: Sequence[int]) -> dict[int, datetime]:
    """`last_edit_time` for many messages in one statement (those never edited are left out)."""
    if not target_ids:
        return {}
    rows = await session.execute(
        select(Outbox.target_id, func.max(Outbox.not_before))
        .where(Outbox.target_id.in_(target_ids), Outbox.action == OutboxAction.EDIT)
        .group_by(Outbox.target_id)
    )
    return {target: last for target, last in rows.all() if target is not None and last}


async def sent_message_id(session: AsyncSession, dedupe_key: str) -> str | None:
    """The platform's id of the message written with `dedupe_key`, once it went out."""
    return await session.scalar(
        select(Outbox.platform_message_id).where(Outbox.dedupe_key == dedupe_key)
    )


async def cancel_pending_message(session: AsyncSession, dedupe_key: str) -> None:
    """Drop the message written with `dedupe_key` if it has not gone out yet."""
    await session.execute(
        update(Outbox)
        .where(Outbox.dedupe_key == dedupe_key, Outbox.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
    )
