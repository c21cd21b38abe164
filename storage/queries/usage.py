"""A platform's monthly message quota in the database: the month's counts (`platform_usage`),
the atomic reserve that never counts past the quota, even with several instances on PostgreSQL,
the once-a-month flags of the organisers' alerts, the pause a 429 asks for, and the outbox rows
held for the quota. Nothing here commits."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from storage.models import Chat, Outbox, OutboxStatus, Platform, PlatformUsage
from storage.queries.common import dialect_insert

# The delivery worker writes why a row waits into `last_error`; a row held for the quota says
# this first, so that it can be told apart from one the platform asked to wait (a 429 of Telegram).
HOLD_MARK = "quota held"
UNLIMITED = 2**31 - 1  # a quota of 0 (none) counts as this in comparisons


def month_key(now: datetime, tz: tzinfo) -> str:
    """The month `now` falls in, where Loa runs: `2026-12`."""
    return now.astimezone(tz).strftime("%Y-%m")


def limit_of(quota: int) -> int:
    """The quota as a number to compare with; 0 means none."""
    return quota if quota > 0 else UNLIMITED


def _key(platform: Platform, month: str) -> Any:
    return and_(PlatformUsage.platform == platform, PlatformUsage.month == month)


def _not_paused(limit: int) -> Any:
    """The platform did not pause Loa this month, or the quota was raised since it did."""
    return or_(PlatformUsage.paused_at.is_(None), PlatformUsage.paused_quota < limit)


async def _ensure(session: AsyncSession, platform: Platform, month: str) -> None:
    """The month's row, written once (two instances at once write one)."""
    await session.execute(
        dialect_insert(session)(PlatformUsage)
        .values(platform=platform.value, month=month, sent=0, received=0)
        .on_conflict_do_nothing(index_elements=["platform", "month"])
    )


async def reserve_messages(
    session: AsyncSession, platform: Platform, month: str, n: int, quota: int
) -> int | None:
    """Count `n` messages to send if they fit in what is left of the month (and the platform did
    not pause Loa): the month's total after them, or None when nothing was counted.

    One UPDATE whose condition is checked on the locked row, so that concurrent reserves (any
    instance, PostgreSQL re-checks the condition after the lock) never pass the quota."""
    await _ensure(session, platform, month)
    limit = limit_of(quota)
    total = PlatformUsage.sent + PlatformUsage.received
    return await session.scalar(
        update(PlatformUsage)
        .where(_key(platform, month), total + n <= limit, _not_paused(limit))
        .values(sent=PlatformUsage.sent + n)
        .returning(PlatformUsage.sent + PlatformUsage.received)
    )


async def count_received(session: AsyncSession, platform: Platform, month: str, n: int) -> int:
    """Count `n` messages that came in (they may pass the quota: nobody can refuse them);
    returns the month's total."""
    await _ensure(session, platform, month)
    total = await session.scalar(
        update(PlatformUsage)
        .where(_key(platform, month))
        .values(received=PlatformUsage.received + n)
        .returning(PlatformUsage.sent + PlatformUsage.received)
    )
    return int(total or 0)


async def give_back(session: AsyncSession, platform: Platform, month: str, n: int) -> None:
    """Messages counted that did not go out after all (the platform refused them)."""
    if n > 0:
        sent = PlatformUsage.sent
        await session.execute(
            update(PlatformUsage)
            .where(_key(platform, month))
            .values(sent=case((sent > n, sent - n), else_=0))
        )


async def month_usage(
    session: AsyncSession, platform: Platform, month: str
) -> PlatformUsage | None:
    return await session.scalar(select(PlatformUsage).where(_key(platform, month)))


def sending_paused(usage: PlatformUsage | None, quota: int) -> bool:
    """Whether the platform's pause (429) still holds for this quota."""
    return (
        usage is not None
        and usage.paused_at is not None
        and (usage.paused_quota or 0) >= limit_of(quota)
    )


async def claim_flag(
    session: AsyncSession,
    platform: Platform,
    month: str,
    flag: InstrumentedAttribute[datetime | None],
    now: datetime,
) -> bool:
    """Set one of the month's once-only marks (`warned_at`, `held_at`); True for the one caller
    (of any instance) that set it."""
    await _ensure(session, platform, month)
    result = await session.execute(
        update(PlatformUsage).where(_key(platform, month), flag.is_(None)).values({flag.key: now})
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def pause_sending(
    session: AsyncSession, platform: Platform, month: str, now: datetime, quota: int
) -> bool:
    """The platform said the quota is gone: pause sending for the month, for this quota. True
    when it was not paused already (the organisers are to be told)."""
    await _ensure(session, platform, month)
    limit = limit_of(quota)
    result = await session.execute(
        update(PlatformUsage)
        .where(_key(platform, month), _not_paused(limit))
        .values(paused_at=now, paused_quota=limit)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


def _held(platform: Platform) -> Any:
    return and_(
        Outbox.status == OutboxStatus.PENDING,
        Outbox.last_error.startswith(HOLD_MARK),
        Outbox.chat_id.in_(select(Chat.id).where(Chat.platform == platform)),
    )


async def held_rows(session: AsyncSession, platform: Platform) -> int:
    """Outbox rows waiting for the quota."""
    count = await session.scalar(select(func.count()).select_from(Outbox).where(_held(platform)))
    return int(count or 0)


async def waiting_rows(session: AsyncSession, platform: Platform) -> int:
    """Outbox rows not sent yet to the platform's chats (waiting, or being sent)."""
    count = await session.scalar(
        select(func.count())
        .select_from(Outbox)
        .where(
            Outbox.status.in_((OutboxStatus.PENDING, OutboxStatus.SENDING)),
            Outbox.chat_id.in_(select(Chat.id).where(Chat.platform == platform)),
        )
    )
    return int(count or 0)


async def release_held(session: AsyncSession, platform: Platform, now: datetime) -> int:
    """Rows held for the quota are due again now (there is room); returns how many."""
    result = await session.execute(update(Outbox).where(_held(platform)).values(not_before=now))
    return int(result.rowcount)  # type: ignore[attr-defined]
