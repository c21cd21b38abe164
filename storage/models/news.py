"""News posts and the feeds that bring them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.announcements import Announcement
from storage.models.base import (
    Base,
    _enum,
)


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
