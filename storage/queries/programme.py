"""The seminar programme of a paper call (`/chuongtrinh 7`): its talks in order and the papers
chosen to present that it is built from. Nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PaperReview, ProgrammeItem, Submission


async def programme_items(session: AsyncSession, announcement_id: int) -> list[ProgrammeItem]:
    """The call's talks in their order."""
    rows = await session.scalars(
        select(ProgrammeItem)
        .where(ProgrammeItem.announcement_id == announcement_id)
        .order_by(ProgrammeItem.position, ProgrammeItem.id)
    )
    return list(rows.all())


async def presenting_submissions(
    session: AsyncSession, announcement_id: int
) -> Sequence[Submission]:
    """The current papers chosen to present, oldest first."""
    rows = await session.scalars(
        select(Submission)
        .where(
            Submission.announcement_id == announcement_id,
            Submission.current.is_(True),
            Submission.review == PaperReview.PRESENTING,
        )
        .order_by(Submission.submitted_at, Submission.id)
    )
    return rows.all()
