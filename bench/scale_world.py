"""The scale benchmark's database: a national network written straight into the tables.

Going through chat would take an afternoon for 1,000 units, so `build` migrates an empty
database with the real migrations and fills it with bulk inserts of the real models, in the
shape the bot itself leaves behind: units, one group linked to each, members with their private
chats, meetings that were sent (their cards are sent outbox rows showing the tally of the
answers given), and every meeting's reminders pending in the future. Meeting #1 is the big one
(`big_units` units); each other meeting goes to `units_per_meeting` units.

Ids are given explicitly so related rows need no round trip; on PostgreSQL the sequences are
moved past them afterwards, so the bot's own inserts get fresh ids, and the tables are analysed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core import Env, SystemClock
from handlers.meetings.card import meeting_card
from handlers.meetings.reminders import BEFORE, NUDGE, NUDGE_BEFORE_DEADLINE
from storage import migrate, queries
from storage.db import is_sqlite, make_engine, make_sessionmaker
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Chat,
    ChatKind,
    ChatState,
    Meeting,
    Outbox,
    OutboxAction,
    OutboxStatus,
    Person,
    Platform,
    Rsvp,
    RsvpAnswer,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
    Unit,
)

#: Reminder offsets in minutes (7 days, 3 days, 1 day, 2 hours) plus the answer-deadline nudge:
#: five pending timers per meeting.
REMINDER_MINUTES = [10080, 4320, 1440, 120]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
GROUP_ID_BASE = -4_100_000_000
PERSON_ID_BASE = 6_100_000_000
CHUNK = 2000
ANSWERS = (RsvpAnswer.ATTEND, RsvpAnswer.ATTEND, RsvpAnswer.ABSENT, RsvpAnswer.SUBSTITUTE)


@dataclass(frozen=True)
class Plan:
    """How big the network is."""

    units: int = 1000
    people_per_unit: int = 10
    meetings: int = 2000
    units_per_meeting: int = 10
    big_units: int = 100
    answered_share: float = 0.6  # of each meeting's units, one member answered

    @property
    def people(self) -> int:
        return self.units * self.people_per_unit

    @property
    def reminders(self) -> int:
        return self.meetings * (len(REMINDER_MINUTES) + 1)

    def audience(self, meeting_id: int) -> list[int]:
        """Unit ids meeting `meeting_id` was sent to: 1…big_units for #1, else a block of
        `units_per_meeting` units moving along the list."""
        size = min(self.big_units if meeting_id == 1 else self.units_per_meeting, self.units)
        first = 0 if meeting_id == 1 else ((meeting_id - 2) * size) % self.units
        return sorted({(first + i) % self.units + 1 for i in range(size)})


@dataclass
class Built:
    """What `build` wrote, counted back from the database."""

    units: int
    groups: int
    people: int
    private_chats: int
    meetings: int
    cards: int
    rsvps: int
    pending_reminders: int
    seconds: float


async def _insert(session: AsyncSession, model: type[Any], rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(model), rows[start : start + CHUNK])


def _card_env() -> Env:
    """Just enough of an Env for `meeting_card` (it reads the time zone)."""

    class NoTimers:
        def arm(self, schedule_id: int, run_at: datetime) -> None: ...

        def disarm(self, schedule_id: int) -> None: ...

    return Env(sessions=None, clock=SystemClock(), tz=TZ, admins={}, timers=NoTimers())  # type: ignore[arg-type]


async def build(database_url: str, plan: Plan, now: datetime | None = None) -> Built:
    """Migrate an empty database and fill it as `plan` says; returns the counts read back."""
    started = asyncio.get_running_loop().time()
    await asyncio.to_thread(migrate.upgrade, database_url)
    now = now or datetime.now(UTC)
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    async with sessions() as session:
        await _insert(
            session,
            Unit,
            [
                {
                    "id": u,
                    "code": f"U{u:04d}",
                    "name": f"Trường Chính trị số {u}",
                    "created_at": now,
                }
                for u in range(1, plan.units + 1)
            ],
        )
        chats = [
            {
                "id": u,
                "platform": Platform.TELEGRAM,
                "external_id": str(GROUP_ID_BASE - u),
                "kind": ChatKind.GROUP,
                "title": f"BGH Trường số {u:04d}",
                "unit_id": u,
                "is_cluster": False,
                "tags": [],
                "state": ChatState.ACTIVE,
                "created_at": now,
                "updated_at": now,
            }
            for u in range(1, plan.units + 1)
        ]
        people = []
        for p in range(1, plan.people + 1):
            chat_id = plan.units + p
            unit_id = (p - 1) // plan.people_per_unit + 1
            chats.append(
                {
                    "id": chat_id,
                    "platform": Platform.TELEGRAM,
                    "external_id": str(PERSON_ID_BASE + p),
                    "kind": ChatKind.PRIVATE,
                    "title": f"Đại biểu {p:05d}",
                    "unit_id": None,
                    "is_cluster": False,
                    "tags": [],
                    "state": ChatState.ACTIVE,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            people.append(
                {
                    "id": p,
                    "platform": Platform.TELEGRAM,
                    "external_id": str(PERSON_ID_BASE + p),
                    "name": f"Đại biểu {p:05d}",
                    "language": "vi",
                    "unit_id": unit_id,
                    "is_organiser": False,
                    "private_chat_id": chat_id,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        await _insert(session, Chat, chats)
        await _insert(session, Person, people)
        await _insert_meetings(session, plan, now)
        await session.commit()
    async with sessions() as session:
        await _insert_cards(session, plan, now)
        await session.commit()
    if not is_sqlite(database_url):
        async with engine.begin() as conn:
            for table in ("units", "chats", "people", "announcements", "scheduled_sends"):
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
            for table in ("rsvps", "outbox"):
                await conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                    )
                )
        # a database in use has its statistics (autovacuum gathers them a while after a bulk
        # load); without them the first minutes' plans would be measured
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("ANALYZE"))
    built = await count(sessions, now)
    await engine.dispose()
    built.seconds = asyncio.get_running_loop().time() - started
    return built


async def _insert_meetings(session: AsyncSession, plan: Plan, now: datetime) -> None:
    """Announcements, their meeting rows, answers and pending reminders."""
    anns, meetings, rsvps, timers = [], [], [], []
    for m in range(1, plan.meetings + 1):
        starts = (now + timedelta(days=8 + m % 50, hours=m % 9)).replace(microsecond=0)
        deadline = starts - timedelta(days=3)
        units = plan.audience(m)
        anns.append(
            {
                "id": m,
                "kind": AnnouncementKind.MEETING,
                "status": AnnouncementStatus.SENT,
                "text": f"Hội nghị chuyên đề số {m}",
                "audience": {
                    "all": False,
                    "units": [f"U{u:04d}" for u in units],
                    "tags": [],
                    "private": False,
                },
                "audience_text": ", ".join(f"U{u:04d}" for u in units[:3]) + ", …",
                "audience_units": units,
                "created_at": now - timedelta(days=1),
                "sent_at": now - timedelta(days=1),
            }
        )
        meetings.append(
            {
                "announcement_id": m,
                "title": f"Hội nghị chuyên đề số {m}",
                "starts_at": starts,
                "venue": "Hội trường A, Trường Chính trị tỉnh",
                "rsvp_deadline": deadline,
                "reminders": REMINDER_MINUTES,
                "sequence": 0,
                "updated_at": now - timedelta(days=1),
            }
        )
        wanted = [(f"{BEFORE}{r}", starts - timedelta(minutes=r)) for r in REMINDER_MINUTES]
        wanted.append((NUDGE, deadline - NUDGE_BEFORE_DEADLINE))
        for note, run_at in wanted:
            timers.append(
                {
                    "id": len(timers) + 1,
                    "announcement_id": m,
                    "kind": ScheduleKind.REMINDER,
                    "run_at": run_at,
                    "status": ScheduleStatus.PENDING,
                    "note": note,
                }
            )
        for index, unit_id in enumerate(units[: int(len(units) * plan.answered_share)]):
            person_id = (unit_id - 1) * plan.people_per_unit + m % plan.people_per_unit + 1
            rsvps.append(
                {
                    "id": len(rsvps) + 1,
                    "announcement_id": m,
                    "person_id": person_id,
                    "unit_id": unit_id,
                    "answer": ANSWERS[(m + index) % len(ANSWERS)],
                    "reason": "Trùng lịch công tác" if (m + index) % 4 == 2 else None,
                    "substitute_name": "Trần Thị B" if (m + index) % 4 == 3 else None,
                    "substitute_position": "Phó Hiệu trưởng" if (m + index) % 4 == 3 else None,
                    "answered_at": now - timedelta(hours=3),
                }
            )
    await _insert(session, Announcement, anns)
    await _insert(session, Meeting, meetings)
    await _insert(session, Rsvp, rsvps)
    await _insert(session, ScheduledSend, timers)


async def _insert_cards(session: AsyncSession, plan: Plan, now: datetime) -> None:
    """One sent card per group of each meeting, showing what the bot would show now (so a
    start-up that compares cards with the database finds nothing to edit)."""
    env = _card_env()
    rows: list[dict[str, Any]] = []
    for m in range(1, plan.meetings + 1):
        ann = await queries.announcement(session, m)
        meeting = await queries.meeting(session, m)
        assert ann is not None and meeting is not None
        units = set(plan.audience(m))
        card = await meeting_card(session, env, ann, meeting, units=units)
        for unit_id in sorted(units):
            rows.append(
                {
                    "chat_id": unit_id,  # the group linked to the unit has the unit's id
                    "action": OutboxAction.SEND,
                    "payload": card,
                    "purpose": "announcement",
                    "announcement_id": m,
                    "status": OutboxStatus.SENT,
                    "priority": 1,
                    "attempts": 1,
                    "not_before": now - timedelta(days=1),
                    "platform_message_id": str(m),
                    "dedupe_key": f"ann:{m}:chat:{unit_id}:part:0",
                    "created_at": now - timedelta(days=1),
                    "sent_at": now - timedelta(days=1),
                }
            )
        session.expunge_all()
    await _insert(session, Outbox, rows)


async def count(sessions: Any, now: datetime) -> Built:
    """The rows the benchmark relies on, counted in the database."""

    async def n(query: Any) -> int:
        return int((await session.execute(query)).scalar_one())

    async with sessions() as session:
        return Built(
            units=await n(select(func.count()).select_from(Unit)),
            groups=await n(
                select(func.count()).where(Chat.kind == ChatKind.GROUP, Chat.unit_id.is_not(None))
            ),
            people=await n(select(func.count()).select_from(Person)),
            private_chats=await n(
                select(func.count())
                .select_from(Person)
                .join(Chat, Chat.id == Person.private_chat_id)
                .where(Chat.kind == ChatKind.PRIVATE)
            ),
            meetings=await n(
                select(func.count())
                .select_from(Meeting)
                .join(Announcement, Announcement.id == Meeting.announcement_id)
                .where(Announcement.status == AnnouncementStatus.SENT)
            ),
            cards=await n(
                select(func.count()).where(
                    Outbox.status == OutboxStatus.SENT, Outbox.purpose == "announcement"
                )
            ),
            rsvps=await n(select(func.count()).select_from(Rsvp)),
            pending_reminders=await n(
                select(func.count()).where(
                    ScheduledSend.status == ScheduleStatus.PENDING,
                    ScheduledSend.kind == ScheduleKind.REMINDER,
                    ScheduledSend.run_at > now,
                )
            ),
            seconds=0.0,
        )
