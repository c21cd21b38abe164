"""The inbox row by row: writing updates down (a platform's repeated delivery is dropped by its
key), taking over what an instance left unhandled, renewing leases, pruning. Marking a row done
in the handler's own unit of work is `storage.inbox`. Nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Inbox, Platform
from storage.queries.common import dialect_insert


@dataclass(frozen=True)
class Arrival:
    """One update as a platform adapter hands it over."""

    update_key: str
    chat_key: str
    payload: dict[str, Any]


async def store_arrivals(
    session: AsyncSession,
    platform: Platform,
    arrivals: Sequence[Arrival],
    now: datetime,
    lease: timedelta,
) -> dict[str, int]:
    """Write the arrivals down, held by this instance for `lease`; returns the new rows' ids by
    update key (a key already there — a repeated delivery — is left out)."""
    if not arrivals:
        return {}
    rows = [
        {
            "platform": platform,
            "update_key": a.update_key,
            "chat_key": a.chat_key,
            "payload": a.payload,
            "received_at": now,
            "lease_until": now + lease,
            "attempts": 1,
        }
        for a in arrivals
    ]
    statement = (
        dialect_insert(session)(Inbox)
        .values(rows)
        .on_conflict_do_nothing(index_elements=["platform", "update_key"])
        .returning(Inbox.id, Inbox.update_key)
    )
    result = await session.execute(statement)
    return {key: row_id for row_id, key in result.all()}


async def take_unfinished(
    session: AsyncSession,
    now: datetime,
    lease: timedelta,
    *,
    limit: int | None = 1000,
    everything: bool = False,
    platform: Platform | None = None,
) -> list[Inbox]:
    """Rows not done whose lease has ended (all of them with `everything`: a single instance at
    start knows no other holds any), oldest first, held for `lease` from now and counted as one
    more attempt; with `platform`, only that platform's (each platform's intake reads its own).
    PostgreSQL: rows another instance is taking at the same moment are skipped."""
    query = select(Inbox).where(Inbox.done_at.is_(None)).order_by(Inbox.id)
    if platform is not None:
        query = query.where(Inbox.platform == platform)
    if limit is not None:
        query = query.limit(limit)
    if not everything:
        query = query.where(or_(Inbox.lease_until.is_(None), Inbox.lease_until < now))
    if session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list((await session.scalars(query)).all())
    if rows:
        await session.execute(
            update(Inbox)
            .where(Inbox.id.in_([r.id for r in rows]))
            .values(lease_until=now + lease, attempts=Inbox.attempts + 1)
        )
        for row in rows:
            row.attempts += 1
    return rows


async def mark_inbox_done(session: AsyncSession, row_ids: Sequence[int], now: datetime) -> None:
    """The rows were handled (or given up on): they are not taken again."""
    if row_ids:
        await session.execute(
            update(Inbox)
            .where(Inbox.id.in_(list(row_ids)), Inbox.done_at.is_(None))
            .values(done_at=now, lease_until=None)
        )


async def extend_inbox_leases(
    session: AsyncSession, row_ids: Sequence[int], until: datetime
) -> None:
    """Rows still being handled (a long export) stay this instance's."""
    if row_ids:
        await session.execute(
            update(Inbox)
            .where(Inbox.id.in_(list(row_ids)), Inbox.done_at.is_(None))
            .values(lease_until=until)
        )


async def prune_inbox(session: AsyncSession, before: datetime) -> int:
    """Forget handled rows received before `before`; returns how many went."""
    result = await session.execute(
        delete(Inbox).where(Inbox.done_at.is_not(None), Inbox.received_at < before)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def unfinished_count(session: AsyncSession) -> int:
    """How many rows are waiting to be handled (for logs and tests)."""
    count = await session.scalar(select(func.count()).where(Inbox.done_at.is_(None)))
    return int(count or 0)
