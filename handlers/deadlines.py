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

from handlers import timeparse
from handlers.context import Ctx
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
    """Whether the unit's answers and registrations are taken now, and how (a meeting without
    `hạn xác nhận` is open until its start, whatever deadline a unit was once given)."""
    if meeting.rsvp_deadline is None:
        return Window.OPEN
    deadline = await deadline_of(session, meeting.announcement_id, unit_id, meeting.rsvp_deadline)
    return window_at(meeting, deadline, now)


def window_at(meeting: Meeting, deadline: datetime | None, now: datetime) -> Window:
    """The window of a unit whose deadline (own or the meeting's) is already known."""
    if deadline is None or now <= deadline:
        return Window.OPEN
    return Window.CLOSED if meeting.closes_at_deadline else Window.LATE


async def answer_window(
    ctx: Ctx, meeting: Meeting, unit_id: int | None
) -> tuple[Window, datetime | None]:
    """The unit's window for an answer now and the deadline it was judged by; a batch of
    presses reads the deadlines of its meetings once (`Ctx.lookups.deadlines`)."""
    if meeting.rsvp_deadline is None:  # `/giahan` moves only a deadline there is
        return Window.OPEN, None
    lookups = ctx.lookups
    if lookups is not None and meeting.announcement_id in lookups.meetings:
        own = lookups.deadlines.get(meeting.announcement_id, {})
        deadline = meeting.rsvp_deadline if unit_id is None else own.get(unit_id)
        deadline = deadline or meeting.rsvp_deadline
    else:
        deadline = await deadline_of(
            ctx.session, meeting.announcement_id, unit_id, meeting.rsvp_deadline
        )
    return window_at(meeting, deadline, ctx.now), deadline


def closed_text(ctx: Ctx, deadline: datetime | None) -> str:
    """`Đã hết hạn xác nhận (17:00, Thứ Sáu 14/06/2024). Vui lòng liên hệ ban tổ chức.`"""
    when = timeparse.format_when(deadline, ctx.env.tz, ctx.lang) if deadline else "—"
    return ctx.t("deadlines.closed", when=when)
