"""The books of papers built in the background (`/kyyeu`): asking for one, an instance's claim
on one with its lease, and the order of a call's papers in the book. Nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import BookBuild, BookBuildState, ProgrammeItem, StoredFile, StoredFileChunk


async def open_build(session: AsyncSession, announcement_id: int) -> BookBuild | None:
    """A build of this call still waiting or running, if any."""
    return await session.scalar(
        select(BookBuild)
        .where(
            BookBuild.announcement_id == announcement_id,
            BookBuild.state.in_([BookBuildState.PENDING, BookBuildState.RUNNING]),
        )
        .limit(1)
    )


def claimable(now: datetime) -> object:
    """Pending builds, and running ones whose instance's lease ran out (it died)."""
    return or_(
        BookBuild.state == BookBuildState.PENDING,
        and_(
            BookBuild.state == BookBuildState.RUNNING,
            or_(BookBuild.lease_until.is_(None), BookBuild.lease_until < now),
        ),
    )


async def claim_build(session: AsyncSession, now: datetime, lease: timedelta) -> int | None:
    """Take the oldest claimable build for this instance (running, leased until now + lease);
    its id, or None. Two instances racing: the conditional update lets one win."""
    for build_id in await session.scalars(
        select(BookBuild.id).where(claimable(now)).order_by(BookBuild.id).limit(5)
    ):
        result = await session.execute(
            update(BookBuild)
            .where(BookBuild.id == build_id, claimable(now))  # type: ignore[arg-type]
            .values(state=BookBuildState.RUNNING, lease_until=now + lease, started_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return build_id
    return None


async def renew_lease(
    session: AsyncSession, build_id: int, now: datetime, lease: timedelta
) -> None:
    await session.execute(
        update(BookBuild)
        .where(BookBuild.id == build_id, BookBuild.state == BookBuildState.RUNNING)
        .values(lease_until=now + lease)
        .execution_options(synchronize_session=False)
    )


async def release_build(session: AsyncSession, build_id: int) -> None:
    """A running build given back by its instance (stopping): pending again, no lease."""
    await session.execute(
        update(BookBuild)
        .where(BookBuild.id == build_id, BookBuild.state == BookBuildState.RUNNING)
        .values(state=BookBuildState.PENDING, lease_until=None)
        .execution_options(synchronize_session=False)
    )


async def programme_positions(session: AsyncSession, announcement_id: int) -> dict[int, int]:
    """Unit id → its place in the call's seminar programme (ProgrammeItem.position)."""
    rows: Sequence[tuple[int, int]] = (
        await session.execute(
            select(ProgrammeItem.unit_id, ProgrammeItem.position).where(
                ProgrammeItem.announcement_id == announcement_id
            )
        )
    ).all()  # type: ignore[assignment]
    return {unit_id: position for unit_id, position in rows}


async def drop_stored_file(session: AsyncSession, stored_id: int) -> None:
    """A stored copy of a book's part, once sent: its chunks and itself."""
    await session.execute(
        delete(StoredFileChunk).where(StoredFileChunk.stored_file_id == stored_id)
    )
    await session.execute(delete(StoredFile).where(StoredFile.id == stored_id))
