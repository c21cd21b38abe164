"""Paper calls and their submissions: the call, the calls still taking papers, and the
current papers (and their count) per unit. Nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Announcement, AnnouncementStatus, PaperCall, Submission


async def paper_call(session: AsyncSession, announcement_id: int) -> PaperCall | None:
    return await session.get(PaperCall, announcement_id)


async def open_paper_call_ids(session: AsyncSession, now: datetime) -> list[int]:
    """Paper calls sent (or being sent) whose deadline is ahead: the ones whose cards count
    papers as they arrive."""
    rows = await session.scalars(
        select(PaperCall.announcement_id)
        .join(Announcement, Announcement.id == PaperCall.announcement_id)
        .where(
            PaperCall.deadline > now,
            Announcement.status.in_((AnnouncementStatus.SENDING, AnnouncementStatus.SENT)),
        )
        .order_by(PaperCall.announcement_id)
    )
    return list(rows)


async def current_submission_counts(session: AsyncSession, announcement_id: int) -> dict[int, int]:
    """Current papers per unit."""
    rows = await session.execute(
        select(Submission.unit_id, func.count())
        .where(Submission.announcement_id == announcement_id, Submission.current.is_(True))
        .group_by(Submission.unit_id)
    )
    return {unit_id: count for unit_id, count in rows.all()}


async def current_submissions(
    session: AsyncSession, announcement_id: int, unit_id: int | None = None
) -> Sequence[Submission]:
    query = select(Submission).where(
        Submission.announcement_id == announcement_id, Submission.current.is_(True)
    )
    if unit_id is not None:
        query = query.where(Submission.unit_id == unit_id)
    return (await session.scalars(query.order_by(Submission.submitted_at, Submission.id))).all()
