"""Deadlines per unit (PRODUCT §14): a meeting's `hạn xác nhận` or a paper call's `hạn nộp`,
unless `/giahan` gave the unit its own; and whether an answer, a registration or a paper that
comes now is on time, late, or refused because the meeting closes at its deadline.

Meetings and paper calls both read their deadlines through here, so a moved deadline is one
row (`unit_deadlines`) that every check, reminder and status table sees.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Meeting, UnitDeadline


class Window(enum.StrEnum):
    OPEN = "open"
    LATE = "late"  # past the deadline, accepted and marked late
    CLOSED = "closed"  # past the deadline of a meeting with `sau hạn: đóng`


async def unit_deadlines(session: AsyncSession, announcement_id: int) -> dict[int, datetime]:
    """The units given their own deadline for this announcement, by unit id."""
    rows = await session.scalars(
        select(UnitDeadline).where(UnitDeadline.announcement_id == announcement_id)
    )
    return {row.unit_id: row.deadline for row in rows.all()}


async def deadline_of(
    session: AsyncSession, announcement_id: int, unit_id: int | None, default: datetime | None
) -> datetime | None:
    """The unit's deadline: its own when `/giahan` set one, else the announcement's."""
    if unit_id is None:
        return default
    own = await session.get(UnitDeadline, (announcement_id, unit_id))
    return own.deadline if own is not None else default


async def meeting_window(
    session: AsyncSession, meeting: Meeting, unit_id: int | None, now: datetime
) -> Window:
    """Whether the unit's answers and registrations are taken now, and how."""
    deadline = await deadline_of(session, meeting.announcement_id, unit_id, meeting.rsvp_deadline)
    if deadline is None or now <= deadline:
        return Window.OPEN
    return Window.CLOSED if meeting.closes_at_deadline else Window.LATE
