"""Acknowledgements of notices ([✔️ Đã nhận], `DA NHAN 15`): one row per person, and a unit's
first one is the unit's acknowledgement. Nothing here commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Acknowledgement


async def acknowledgement_of(
    session: AsyncSession, announcement_id: int, person_id: int
) -> Acknowledgement | None:
    """This person's acknowledgement of the notice, if they gave one."""
    return await session.scalar(
        select(Acknowledgement).where(
            Acknowledgement.announcement_id == announcement_id,
            Acknowledgement.person_id == person_id,
        )
    )


async def first_of_unit(
    session: AsyncSession, announcement_id: int, unit_id: int
) -> Acknowledgement | None:
    """The unit's acknowledgement: the first press of anyone of it (who, when)."""
    return await session.scalar(
        select(Acknowledgement)
        .where(
            Acknowledgement.announcement_id == announcement_id,
            Acknowledgement.unit_id == unit_id,
        )
        .order_by(Acknowledgement.at, Acknowledgement.id)
        .limit(1)
    )


async def first_by_unit(session: AsyncSession, announcement_id: int) -> dict[int, Acknowledgement]:
    """Each unit's first acknowledgement of the notice, by unit id (units that pressed only)."""
    rows = await session.scalars(
        select(Acknowledgement)
        .where(
            Acknowledgement.announcement_id == announcement_id,
            Acknowledgement.unit_id.is_not(None),
        )
        .order_by(Acknowledgement.at, Acknowledgement.id)
    )
    first: dict[int, Acknowledgement] = {}
    for ack in rows.all():
        assert ack.unit_id is not None
        first.setdefault(ack.unit_id, ack)
    return first


async def acknowledged_unit_ids(session: AsyncSession, announcement_id: int) -> set[int]:
    """The units anyone of which acknowledged the notice."""
    rows = await session.scalars(
        select(Acknowledgement.unit_id)
        .where(
            Acknowledgement.announcement_id == announcement_id,
            Acknowledgement.unit_id.is_not(None),
        )
        .distinct()
    )
    return {unit_id for unit_id in rows.all() if unit_id is not None}
