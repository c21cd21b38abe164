"""The RSVP benchmark's world: people and groups in the emulator, units and groups in the
database, who presses what, and the database itself (a temporary SQLite file or a throwaway
PostgreSQL database) with the benchmark's own look at it.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import tempfile
import uuid
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, insert, select

from bench.rsvp_processes import TOKEN, Presser
from bot.emulator import EmulatorClient
from handlers.meetings.card import tally_line
from storage import migrate
from storage.db import make_engine, make_sessionmaker
from storage.models import (
    Announcement,
    AnnouncementKind,
    Chat,
    ChatKind,
    ChatState,
    Outbox,
    OutboxAction,
    OutboxStatus,
    Platform,
    Unit,
)

#: Answers pressed, with their weights: mostly ✅, some ❌ (asks a reason), some 👤 (asks a name).
MIX = (("a", 70), ("x", 20), ("s", 10))
SETUP_CONCURRENCY = 32


async def gather_limited(calls: list[Awaitable[Any]], limit: int = SETUP_CONCURRENCY) -> list[Any]:
    """Await coroutines with at most `limit` at a time, results in order."""
    semaphore = asyncio.Semaphore(limit)

    async def one(call: Awaitable[Any]) -> Any:
        async with semaphore:
            return await call

    return await asyncio.gather(*(one(c) for c in calls))


@dataclass
class World:
    organiser: dict[str, Any]
    groups: list[int]
    people: list[dict[str, Any]]
    group_of: dict[int, int] = field(default_factory=dict)  # person id → group id


async def build_world(client: EmulatorClient, groups: int, people: int) -> World:
    """The organiser with their private chat open, `groups` groups with the bot in them and
    `people` people spread evenly over the groups (people who never wrote to the bot)."""
    organiser = await client.create_user("An", "Nguyễn Văn", username="ban_to_chuc")
    await client.private_chat(organiser["id"])
    created = await gather_limited(
        [client.create_group(f"BGH Trường số {i:02d}") for i in range(1, groups + 1)]
    )
    ids = [int(g["id"]) for g in created]
    await gather_limited([client.add_bot_to_group(gid, organiser["id"]) for gid in ids])
    made = await gather_limited(
        [client.create_user(f"Đại biểu {i:03d}", "Trần") for i in range(1, people + 1)]
    )
    world = World(organiser, ids, made)
    for index, person in enumerate(made):
        world.group_of[int(person["id"])] = ids[index % len(ids)]
    return world


async def confirm_pending_updates(base_url: str) -> int:
    """Confirm, as a bot would with a getUpdates offset, every update queued so far."""
    url = f"{base_url}/bot{TOKEN}/getUpdates"
    async with httpx.AsyncClient(timeout=10) as http:
        last = (await http.post(url, json={"offset": -1, "timeout": 0})).json()["result"]
        if not last:
            return 0
        await http.post(url, json={"offset": last[-1]["update_id"] + 1, "timeout": 0})
    return int(last[-1]["update_id"])


async def insert_units_and_groups(database_url: str, group_ids: list[int]) -> None:
    """Migrate, then write units T01… and their groups, active and linked (as `/donvi them`
    and `/nhom` would leave them)."""
    await asyncio.to_thread(migrate.upgrade, database_url)
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    async with make_sessionmaker(engine)() as session:
        units = [
            {"code": f"T{i:02d}", "name": f"Trường Chính trị số {i}", "created_at": now}
            for i in range(1, len(group_ids) + 1)
        ]
        await session.execute(insert(Unit), units)
        by_code = {u.code: u.id for u in (await session.scalars(select(Unit))).all()}
        chats = [
            {
                "platform": Platform.TELEGRAM,
                "external_id": str(gid),
                "kind": ChatKind.GROUP,
                "title": f"BGH Trường số {i:02d}",
                "unit_id": by_code[f"T{i:02d}"],
                "is_cluster": False,
                "tags": [],
                "state": ChatState.ACTIVE,
                "created_at": now,
                "updated_at": now,
            }
            for i, gid in enumerate(group_ids, start=1)
        ]
        await session.execute(insert(Chat), chats)
        await session.commit()
    await engine.dispose()


def press_plan(
    world: World, cards: dict[int, int], meeting_id: int, presses: int, seed: int
) -> list[Presser]:
    """Who presses what: `presses` spread evenly over the people, answers drawn from `MIX`."""
    rng = random.Random(seed)
    letters = [letter for letter, _ in MIX]
    weights = [weight for _, weight in MIX]
    count = len(world.people)
    plan = []
    for index, person in enumerate(world.people):
        mine = presses // count + (1 if index < presses % count else 0)
        chat_id = world.group_of[int(person["id"])]
        answers = rng.choices(letters, weights, k=mine)
        plan.append(
            Presser(
                user_id=int(person["id"]),
                chat_id=chat_id,
                message_id=cards[chat_id],
                presses=[f"r:{letter}:{meeting_id}" for letter in answers],
            )
        )
    return plan


# ---- databases -----------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def postgres_database(admin_url: str) -> AsyncIterator[str]:
    """A throwaway PostgreSQL database, dropped afterwards; yields its SQLAlchemy URL."""
    import asyncpg

    plain = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    name = f"loa_bench_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(plain, timeout=5)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    try:
        yield f"{plain.rsplit('/', 1)[0].replace('postgresql://', 'postgresql+asyncpg://')}/{name}"
    finally:
        admin = await asyncpg.connect(plain, timeout=5)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@contextlib.asynccontextmanager
async def sqlite_database() -> AsyncIterator[str]:
    with tempfile.TemporaryDirectory(prefix="loa-bench-") as folder:
        yield f"sqlite+aiosqlite:///{Path(folder) / 'loa.db'}"


class Database:
    """The benchmark's own look at the database (its own engine, beside the bot's)."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        self.sessions = make_sessionmaker(self.engine)

    async def close(self) -> None:
        await self.engine.dispose()

    async def unsent(self, meeting_id: int) -> dict[str, int]:
        """Outbox rows of the meeting still pending or in flight, by purpose."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(Outbox.purpose, func.count())
                .where(
                    Outbox.announcement_id == meeting_id,
                    Outbox.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
                )
                .group_by(Outbox.purpose)
            )
            return {str(purpose): int(n) for purpose, n in rows.all()}

    async def tally(self, meeting_id: int) -> str:
        """The tally line the cards must show, from the answers in the database."""
        async with self.sessions() as session:
            ann = await session.get(Announcement, meeting_id)
            assert ann is not None and ann.kind == AnnouncementKind.MEETING
            return await tally_line(session, ann)

    async def outbox_summary(self, meeting_id: int) -> dict[str, int]:
        """Rows by `purpose/action/status`, for the report."""
        async with self.sessions() as session:
            rows = await session.execute(
                select(Outbox.purpose, Outbox.action, Outbox.status, func.count())
                .where(Outbox.announcement_id == meeting_id)
                .group_by(Outbox.purpose, Outbox.action, Outbox.status)
            )
            return {
                f"{purpose}/{OutboxAction(action).value}/{OutboxStatus(status).value}": int(n)
                for purpose, action, status, n in rows.all()
            }
