"""Watched feeds and the items seen in them: the feeds, the polling sweep's claim of a check,
and which items are new and which announcement posted each. Nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Feed, FeedItem, FeedState
from storage.queries.common import ENQUEUE_CHUNK, dialect_insert


async def watched_feeds(session: AsyncSession) -> Sequence[Feed]:
    """The feeds not removed (active or paused), in the order they were added."""
    return (
        await session.scalars(select(Feed).where(Feed.state != FeedState.REMOVED).order_by(Feed.id))
    ).all()


async def watched_feed(session: AsyncSession, feed_id: int) -> Feed | None:
    """The feed with this number, unless it was removed."""
    return await session.scalar(
        select(Feed).where(Feed.id == feed_id, Feed.state != FeedState.REMOVED)
    )


async def watched_feed_by_url(session: AsyncSession, url: str) -> Feed | None:
    return await session.scalar(
        select(Feed).where(Feed.url == url, Feed.state != FeedState.REMOVED).limit(1)
    )


async def active_feed_checks(session: AsyncSession) -> list[tuple[int, int, datetime | None]]:
    """(id, interval in minutes, last check) of every active feed: which are due is decided
    by the caller, on the clock it was given."""
    rows = await session.execute(
        select(Feed.id, Feed.interval_minutes, Feed.last_checked_at)
        .where(Feed.state == FeedState.ACTIVE)
        .order_by(Feed.id)
    )
    return [(feed_id, minutes, last) for feed_id, minutes, last in rows.all()]


async def claim_feed_check(
    session: AsyncSession, feed_id: int, previous: datetime | None, now: datetime
) -> bool:
    """Record that a check of an active feed starts now, unless another check started since
    `previous` (another instance, an overlapping sweep): then False, and nothing changes."""
    seen = Feed.last_checked_at.is_(None) if previous is None else Feed.last_checked_at == previous
    result = await session.execute(
        update(Feed)
        .where(Feed.id == feed_id, Feed.state == FeedState.ACTIVE, seen)
        .values(last_checked_at=now)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def add_feed_items(
    session: AsyncSession, feed_id: int, items: Sequence[dict[str, str]], now: datetime
) -> set[str]:
    """Remember items of a feed (`key`, `link`, `title`) as seen; returns the keys that were
    new. Keys already there are left alone, so two checks at once add (and post) each once."""
    inserted: set[str] = set()
    for start in range(0, len(items), ENQUEUE_CHUNK):
        chunk = items[start : start + ENQUEUE_CHUNK]
        statement = (
            dialect_insert(session)(FeedItem)
            .values(
                [
                    {
                        "feed_id": feed_id,
                        "key": item["key"],
                        "link": item["link"],
                        "title": item["title"],
                        "seen_at": now,
                    }
                    for item in chunk
                ]
            )
            .on_conflict_do_nothing(index_elements=["feed_id", "key"])
            .returning(FeedItem.key)
        )
        inserted.update((await session.scalars(statement)).all())
    return inserted


async def set_feed_item_post(
    session: AsyncSession, feed_id: int, key: str, announcement_id: int
) -> None:
    """Note which announcement posted an item."""
    await session.execute(
        update(FeedItem)
        .where(FeedItem.feed_id == feed_id, FeedItem.key == key)
        .values(announcement_id=announcement_id)
    )
