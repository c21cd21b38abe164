"""What more than one query module needs: the dialect's INSERT, which knows ON CONFLICT DO
NOTHING, and how many rows go to one multi-row INSERT (the outbox and the feeds' items)."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

ENQUEUE_CHUNK = 500  # rows to a multi-row INSERT


def dialect_insert(session: AsyncSession):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
    return pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert
