"""A unit's delegation to a meeting (PRODUCT §14): everyone of it who answered ✅, the
substitutes it sent, and the names it registered. This is the one entry point the rest of Loa
(status, exports, the roll-call) reads delegations through.

Each entry has a key that stays the same while the entry exists — `r<rsvp id>` (a ✅ answer),
`s<rsvp id>` (a substitute), `d<delegate id>` (a registered name) — so attendance can be marked
against it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import queries
from storage.models import Delegate, Meeting, RsvpAnswer


@dataclass(frozen=True)
class DelegateEntry:
    """One person a unit sends to a meeting."""

    key: str
    unit_id: int
    name: str
    position: str
    phone: str
    source: str  # "answer", "substitute" or "registered"
    at: datetime
    late: bool
    person_id: int | None  # who answered (for `r` entries); None for names only


def quota_for(meeting: Meeting, unit_id: int) -> int | None:
    """How many delegates the unit may send (`số đại biểu:`); None: no limit."""
    quota = meeting.delegate_quota
    if not quota:
        return None
    per_unit = quota.get("units") or {}
    if str(unit_id) in per_unit:
        return int(per_unit[str(unit_id)])
    default = quota.get("default")
    return None if default is None else int(default)


async def registered(session: AsyncSession, meeting_id: int) -> list[Delegate]:
    """The names registered for the meeting and not removed, oldest first."""
    rows = await session.scalars(
        select(Delegate)
        .where(Delegate.announcement_id == meeting_id, Delegate.removed_at.is_(None))
        .order_by(Delegate.registered_at, Delegate.id)
    )
    return list(rows.all())


async def delegation(session: AsyncSession, meeting_id: int) -> dict[int, list[DelegateEntry]]:
    """Every unit's delegation, by unit id: ✅ answers, then substitutes, then registered names,
    each oldest first."""
    found: dict[int, list[DelegateEntry]] = {}
    for record in await queries.rsvps(session, meeting_id):
        if record.unit_id is None:
            continue
        if record.answer == RsvpAnswer.ATTEND:
            entry = DelegateEntry(
                key=f"r{record.id}",
                unit_id=record.unit_id,
                name=record.person.name,
                position="",
                phone="",
                source="answer",
                at=record.answered_at,
                late=record.late,
                person_id=record.person_id,
            )
        elif record.answer == RsvpAnswer.SUBSTITUTE and record.substitute_name:
            entry = DelegateEntry(
                key=f"s{record.id}",
                unit_id=record.unit_id,
                name=record.substitute_name,
                position=record.substitute_position or "",
                phone="",
                source="substitute",
                at=record.answered_at,
                late=record.late,
                person_id=None,
            )
        else:
            continue
        found.setdefault(record.unit_id, []).append(entry)
    for delegate in await registered(session, meeting_id):
        found.setdefault(delegate.unit_id, []).append(
            DelegateEntry(
                key=f"d{delegate.id}",
                unit_id=delegate.unit_id,
                name=delegate.name,
                position=delegate.position,
                phone=delegate.phone,
                source="registered",
                at=delegate.registered_at,
                late=delegate.late,
                person_id=None,
            )
        )
    order = {"answer": 0, "substitute": 1, "registered": 2}
    for entries in found.values():
        entries.sort(key=lambda e: (order[e.source], e.at, e.key))
    return found
