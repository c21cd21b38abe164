"""Helpers for tests that call handlers directly on a real, migrated database."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers.core import Env, Request, Sender, Where
from storage import migrate
from storage.db import make_engine, make_sessionmaker
from storage.models import (
    Announcement,
    AuditLog,
    Base,
    Chat,
    ChatKind,
    Invite,
    Outbox,
    Person,
    Platform,
    ScheduledSend,
    Unit,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ORGANISER_ID = "5000000001"


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@dataclass
class RecordingTimers:
    armed: dict[int, datetime] = field(default_factory=dict)
    disarmed: list[int] = field(default_factory=list)

    def arm(self, schedule_id: int, run_at: datetime) -> None:
        self.armed[schedule_id] = run_at

    def disarm(self, schedule_id: int) -> None:
        self.disarmed.append(schedule_id)
        self.armed.pop(schedule_id, None)


@dataclass
class Harness:
    env: Env
    engine: AsyncEngine
    clock: FixedClock
    timers: RecordingTimers

    async def counts(self) -> dict[str, int]:
        """Row counts of every table that a handler may change (for 'nothing changed')."""
        result: dict[str, int] = {}
        async with self.env.sessions() as session:
            for model in (Unit, Chat, Invite, Announcement, ScheduledSend, Outbox, AuditLog):
                result[model.__tablename__] = (
                    await session.scalar(select(func.count()).select_from(model)) or 0
                )
            result["organisers"] = (
                await session.scalar(
                    select(func.count()).select_from(Person).where(Person.is_organiser)
                )
                or 0
            )
        return result


async def make_harness(db_url: str, now: datetime | None = None) -> Harness:
    await asyncio.to_thread(migrate.upgrade, db_url)
    engine = make_engine(db_url)
    clock = FixedClock(now or datetime(2024, 6, 12, 3, 15, tzinfo=UTC))  # 10:15 in Hà Nội
    timers = RecordingTimers()
    env = Env(
        sessions=make_sessionmaker(engine),
        clock=clock,
        tz=TZ,
        admins={Platform.TELEGRAM: {ORGANISER_ID}, Platform.ZALO: set()},
        timers=timers,
        bot_username="LoaTestBot",
    )
    return Harness(env=env, engine=engine, clock=clock, timers=timers)


def person(ident: str = ORGANISER_ID, name: str = "Nguyễn Văn An") -> Sender:
    return Sender(Platform.TELEGRAM, ident, name, None, "vi")


def private_chat(ident: str = ORGANISER_ID) -> Where:
    return Where(Platform.TELEGRAM, ident, ChatKind.PRIVATE, "")


def group_chat(ident: str = "-4000000001", title: str = "BGH Trường Tô Hiệu") -> Where:
    return Where(Platform.TELEGRAM, ident, ChatKind.GROUP, title)


def command(
    name: str,
    args: str = "",
    *,
    who: Sender | None = None,
    where: Where | None = None,
    reply_to: Sender | None = None,
) -> Request:
    return Request(
        sender=who or person(),
        chat=where or private_chat((who or person()).external_id),
        command=name,
        args=args,
        reply_to_sender=reply_to,
    )


__all__ = ["Base"]
