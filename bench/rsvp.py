"""RSVP benchmark: 2,000 button presses from 200 people in 20 groups on one meeting's cards.

    .venv/bin/python -m bench.rsvp [--groups 20] [--people 200] [--presses 2000] [--at-once 32]
                                   [--database-url URL | --postgres [ADMIN_URL]]

The Bot API emulator runs in its own process with Telegram's real limits (30 messages/s overall,
20 a minute per group, 1 a second per private chat), and the real bot (`Loa`, with the same
limits in its rate limiter) runs in this process, so card edits are paced as in production.
Units and groups linked to them are written straight into the database; the organiser (in
LOA_ADMINS) sends `/hop Họp | 8h <a week ahead> | Hội trường | tất cả!` in their private chat and
the benchmark waits until every group shows its card.

The presses come from a driver in a third process (so its HTTP calls cost the emulator and the
driver, not the bot being measured): every person presses buttons on their group's card through
the emulator's control API, mostly ✅ with some ❌ and 👤 (those ask a follow-up question through
the outbox), at most `--at-once` people at a time, each waiting for the toast before pressing
again, as people do. The driver polls for its toasts sparingly (the first poll when a toast is
typically due); the latencies themselves come from the emulator's request log: the time of the
`answerCallbackQuery` of each query minus the time the driver pressed.

Then the benchmark waits until the cards settle (the last coalesced edit has landed and nothing
is left in the outbox), counts the `editMessageText` calls per group from the request log and
checks that every card shows the database's tally. Last, Loa is stopped and a bare
python-telegram-bot Application that only answers the callback (`answer("ok")`, same long
polling, 16 concurrent updates: its best, as 32 and 64 measured slower) takes the same presses
from the same driver on the same emulator.

Loa answers presses on meeting cards in batches (`handlers/presses.py`, up to
`bot.telegram.CONCURRENT_UPDATES` in hand): "Loa press batches" says how many units of work the
presses took.

Targets: Loa's presses/s ≥ 0.5 × the bare bot's, at most 20 card edits a minute in any group, no
429, every card's tally matches the database, every press answered and none with an error
toast. Exits 1 when one is missed.

Reading the figures: the bots are CPU-bound, so on a 2-core machine the CPU line matters; "other
programs" is what the rest of the machine took meanwhile (if large, the figures are disturbed).
"Loa SQL statements per press" counts every statement of the bot's engine, the delivery
worker's included.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import event, func, insert, select
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes
from telegram.request import HTTPXRequest

from bot.app import Loa
from bot.emulator import EmulatorClient
from bot.logs import configure_logging
from bot.ratelimit import Limits
from bot.settings import load_settings
from bot.telegram import ALLOWED_UPDATES
from handlers.meetings.card import tally_line
from handlers.texts import text
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

TOKEN = "7012345678:AAF-bench-Secret-Token_value-0123456789"
ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_PG_ADMIN = os.environ.get(
    "LOA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
TARGET_RATIO = 0.5
GROUP_EDITS_PER_MINUTE = 20
BARE_TOAST = "ok"
CARD_RE = re.compile(r"GIẤY MỜI HỌP #(\d+)")
#: Answers pressed, with their weights: mostly ✅, some ❌ (asks a reason), some 👤 (asks a name).
MIX = (("a", 70), ("x", 20), ("s", 10))
SETUP_CONCURRENCY = 32
TOAST_TIMEOUT = 30.0
# After a first poll that found the toast, poll a little earlier next time; after one that did
# not, a little later: about half the first polls find their toast. Small steps, as every
# person's toast moves the one shared estimate.
FIRST_POLL_EARLIER = 0.98
FIRST_POLL_LATER = 1.02
POLL_STEP = 0.002
MAX_POLL_STEP = 0.05
SETTLE_POLL = 0.5
CARDS_TIMEOUT = 60.0


# ---- processes: the emulator and the driver ----------------------------------------------------


@contextlib.asynccontextmanager
async def emulator() -> AsyncIterator[tuple[str, int]]:
    """`python -m bot.emulator` on a free port with Telegram's limits; yields its URL and pid."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.emulator",
        "--port",
        "0",
        "--token",
        TOKEN,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 30)
        base_url = line.decode().strip()
        if not base_url.startswith("http"):
            raise RuntimeError(f"the emulator did not start (said {base_url!r})")
        async with EmulatorClient(base_url) as client:
            deadline = time.monotonic() + 10
            while True:
                try:
                    await client.stats()
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.05)
        yield base_url, process.pid
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 10)
            except TimeoutError:
                process.kill()
                await process.wait()


@dataclass
class Presser:
    """One person and the card they press: ids in the emulator and what they press, in order."""

    user_id: int
    chat_id: int
    message_id: int
    presses: list[str]


@dataclass
class Driven:
    """What the driver did: each press (query id, wall time pressed, data), and its costs."""

    presses: list[tuple[str, float, str]]
    unanswered: list[str]
    polls: int
    cpu: float
    wall: float


async def drive(base_url: str, people: Sequence[Presser], at_once: int) -> Driven:
    """Run the driver in its own process (`python -m bench.rsvp --drive`) and wait for it."""
    plan = {
        "base_url": base_url,
        "at_once": at_once,
        "people": [p.__dict__ for p in people],
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.rsvp",
        "--drive",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate(json.dumps(plan).encode())
    if process.returncode != 0:
        raise RuntimeError(f"the driver failed (exit {process.returncode})")
    data = json.loads(out)
    return Driven(
        presses=[(str(q), float(t), str(d)) for q, t, d in data["presses"]],
        unanswered=list(data["unanswered"]),
        polls=int(data["polls"]),
        cpu=float(data["cpu"]),
        wall=float(data["wall"]),
    )


class Control:
    """The emulator's control API over a few kept-alive HTTP/1.1 connections, written by hand:
    httpx spends about a millisecond of CPU on each call, which on a small machine is taken from
    the bots being measured."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self._open: list[asyncio.StreamWriter] = []

    async def call(self, action: str, **args: Any) -> Any:
        body = json.dumps(args).encode()
        request = (
            f"POST /_emu/{action} HTTP/1.1\r\nhost: {self.host}\r\n"
            f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
        ).encode() + body
        while True:
            reused, (reader, writer) = await self._connection()
            writer.write(request)
            try:
                header = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                writer.close()
                partial = getattr(exc, "partial", b"")
                if reused and not partial:
                    continue  # the server had closed this idle connection: it saw nothing
                raise
            found = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", header)
            if found is None:
                raise RuntimeError(f"{action}: no content-length in {header[:200]!r}")
            reply = json.loads(await reader.readexactly(int(found.group(1))))
            self._idle.append((reader, writer))
            if not reply.get("ok"):
                raise RuntimeError(f"{action}: {reply.get('error')}")
            return reply["result"]

    async def _connection(
        self,
    ) -> tuple[bool, tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
        """An idle connection the server has not closed, else a new one; (reused, streams)."""
        while self._idle:
            reader, writer = self._idle.pop()
            if not reader.at_eof() and not writer.is_closing():
                return True, (reader, writer)
            writer.close()
        reader, writer = await asyncio.open_connection(self.host, self.port)
        self._open.append(writer)
        return False, (reader, writer)

    async def close(self) -> None:
        for writer in self._open:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


class ToastWatch:
    """Waits for toasts without flooding the emulator with polls: the first poll when a toast
    is typically due, then polls spaced further and further apart. "Typically due" is steered
    so that about half the first polls find the toast there."""

    def __init__(self, control: Control) -> None:
        self.control = control
        self.typical = 0.01
        self.polls = 0

    async def wait(self, query_id: str, pressed_at: float) -> bool:
        """True once the query is answered; False after `TOAST_TIMEOUT`."""
        first = self.typical - (time.time() - pressed_at)
        if first > 0:
            await asyncio.sleep(first)
        step = POLL_STEP
        polls = 0
        while True:
            polls += 1
            answer = await self.control.call("callback_answer", query_id=query_id)
            if answer is not None:
                break
            if time.time() - pressed_at > TOAST_TIMEOUT:
                self.polls += polls
                return False
            await asyncio.sleep(step)
            step = min(step * 1.5, MAX_POLL_STEP)
        self.polls += polls
        self.typical *= FIRST_POLL_EARLIER if polls == 1 else FIRST_POLL_LATER
        self.typical = min(max(self.typical, 0.001), TOAST_TIMEOUT)
        return True


async def run_driver(plan: dict[str, Any]) -> dict[str, Any]:
    """The driver's side: everyone presses their buttons, at most `at_once` people at a time,
    each waiting for the toast before the next press."""
    people = [Presser(**p) for p in plan["people"]]
    gate = asyncio.Semaphore(int(plan["at_once"]))
    pressed: list[tuple[str, float, str]] = []
    unanswered: list[str] = []
    cpu0 = cpu_seconds(resource.RUSAGE_SELF)
    started = time.monotonic()
    control = Control(plan["base_url"])
    watch = ToastWatch(control)

    async def person(who: Presser) -> None:
        for data in who.presses:
            async with gate:
                at = time.time()
                query_id = str(
                    await control.call(
                        "press_button",
                        user_id=who.user_id,
                        chat_id=who.chat_id,
                        message_id=who.message_id,
                        data=data,
                    )
                )
                pressed.append((query_id, at, data))
                if not await watch.wait(query_id, at):
                    unanswered.append(query_id)

    try:
        await asyncio.gather(*(person(p) for p in people))
    finally:
        await control.close()
    return {
        "presses": pressed,
        "unanswered": unanswered,
        "polls": watch.polls,
        "cpu": cpu_seconds(resource.RUSAGE_SELF) - cpu0,
        "wall": time.monotonic() - started,
    }


def driver_main() -> None:
    plan = json.loads(sys.stdin.read())
    result = asyncio.run(run_driver(plan))
    sys.stdout.write(json.dumps(result))


# ---- the world: people and groups in the emulator, units and groups in the database ------------


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


# ---- measuring ----------------------------------------------------------------------------------


class StatementCounter:
    """Counts the SQL statements an engine runs (a `before_cursor_execute` listener)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: Any) -> None:
        self.count += 1


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    """CPU seconds a process used so far (Linux /proc; 0 where it cannot be read)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def machine_cpu() -> float:
    """CPU seconds the whole machine spent busy so far (Linux /proc/stat; 0 if unreadable)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        busy = [int(v) for v in cpu[:3] + cpu[5:8]]  # user nice system, irq softirq steal
        return sum(busy) / os.sysconf("SC_CLK_TCK")
    return 0.0


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` quantile (nearest rank) of `values`; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class Phase:
    """One bot taking the presses: throughput and latency as the emulator saw them."""

    name: str
    presses: int
    answered: int
    rate: float
    latencies: list[float]
    toasts: dict[str, int]
    polls: int
    bot_cpu: float
    emulator_cpu: float
    driver_cpu: float
    machine_cpu: float
    wall: float
    first_press: float
    last_answer: float

    def ms(self, share: float) -> str:
        return f"{1000 * percentile(self.latencies, share):.0f} ms"

    def cpu(self) -> str:
        def share(seconds: float) -> str:
            return f"{100 * seconds / max(self.wall, 1e-9):.0f}%"

        others = max(0.0, self.machine_cpu - self.bot_cpu - self.emulator_cpu - self.driver_cpu)
        return (
            f"bot {share(self.bot_cpu)}, emulator {share(self.emulator_cpu)}, "
            f"driver {share(self.driver_cpu)}, other programs {share(others)} of one core"
        )


def toast_kind(toast: str | None) -> str:
    """A short name for a toast, to count them: what was recorded, or `error` (the bot's "something
    went wrong" answer) or `other` (anything unexpected)."""
    if not toast:
        return "other"
    if toast == text("vi", "error.internal"):
        return "error"
    for key, kind in (
        ("rsvp.toast_attend", "attend"),
        ("rsvp.toast_absent", "absent"),
        ("rsvp.toast_substitute", "substitute"),
        ("rsvp.toast_same", "same answer"),
    ):
        if toast.startswith(text("vi", key, name="\0", unit="\0").split("\0", 1)[0]):
            return kind
    return "ok" if toast == BARE_TOAST else "other"


async def measure(
    client: EmulatorClient,
    name: str,
    driven: Driven,
    bot_cpu: float,
    emulator_cpu: float,
    busy: float,
    wall: float,
) -> Phase:
    """Match each press with its answerCallbackQuery in the emulator's request log."""
    answered_at: dict[str, tuple[float, str | None]] = {}
    for record in await client.requests("answerCallbackQuery"):
        if record["status"] != 200:
            continue
        query_id = str(record["params"].get("callback_query_id"))
        if query_id not in answered_at:
            answered_at[query_id] = (float(record["time"]), record["params"].get("text"))
    latencies: list[float] = []
    toasts: dict[str, int] = defaultdict(int)
    last_answer = 0.0
    for query_id, pressed_at, _ in driven.presses:
        found = answered_at.get(query_id)
        if found is None:
            continue
        latencies.append(max(0.0, found[0] - pressed_at))
        last_answer = max(last_answer, found[0])
        toasts[toast_kind(found[1])] += 1
    first_press = min((t for _, t, _ in driven.presses), default=0.0)
    span = max(last_answer - first_press, 1e-9)
    return Phase(
        name=name,
        presses=len(driven.presses),
        answered=len(latencies),
        rate=len(latencies) / span,
        latencies=latencies,
        toasts=dict(toasts),
        polls=driven.polls,
        bot_cpu=bot_cpu,
        emulator_cpu=emulator_cpu,
        driver_cpu=driven.cpu,
        machine_cpu=busy,
        wall=wall,
        first_press=first_press,
        last_answer=last_answer,
    )


def max_in_window(times: Sequence[float], window: float = 60.0) -> int:
    """The most events in any `window` seconds."""
    ordered = sorted(times)
    best = start = 0
    for end, at in enumerate(ordered):
        while ordered[start] <= at - window:
            start += 1
        best = max(best, end - start + 1)
    return best


@dataclass
class Edits:
    total: int
    max_per_minute: int
    max_messages_per_minute: int
    not_modified: int


async def read_edits(client: EmulatorClient, groups: set[int], since: float) -> Edits:
    """Card edits (and all messages) per group from the request log, from `since` on."""
    edits: dict[int, list[float]] = defaultdict(list)
    messages: dict[int, list[float]] = defaultdict(list)
    not_modified = 0
    for record in await client.requests():
        chat = record.get("chat_id")
        if record["time"] < since or chat not in groups:
            continue
        if record["method"] == "editMessageText" and "not modified" in str(record["error"]):
            not_modified += 1
        if record["status"] != 200 or record["method"] not in ("sendMessage", "editMessageText"):
            continue
        messages[chat].append(record["time"])
        if record["method"] == "editMessageText":
            edits[chat].append(record["time"])
    every = [t for times in edits.values() for t in times]
    return Edits(
        total=len(every),
        max_per_minute=max((max_in_window(t) for t in edits.values()), default=0),
        max_messages_per_minute=max((max_in_window(t) for t in messages.values()), default=0),
        not_modified=not_modified,
    )


# ---- the bots -----------------------------------------------------------------------------------


async def wait_for_cards(client: EmulatorClient, groups: list[int]) -> tuple[int, dict[int, int]]:
    """Until every group shows the meeting card: the meeting's id and each card's message id."""
    deadline = time.monotonic() + CARDS_TIMEOUT
    cards: dict[int, int] = {}
    meeting_id = 0
    while True:
        for gid in [g for g in groups if g not in cards]:
            for message in await client.bot_messages(gid):
                found = CARD_RE.search(message.get("text") or "")
                if found:
                    cards[gid] = int(message["message_id"])
                    meeting_id = int(found.group(1))
        if len(cards) == len(groups):
            return meeting_id, cards
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(cards)} of {len(groups)} groups show the card")
        await asyncio.sleep(0.2)


async def card_texts(client: EmulatorClient, cards: dict[int, int]) -> dict[int, str]:
    """What each group's card says now."""
    texts: dict[int, str] = {}
    for gid, message_id in cards.items():
        for message in await client.bot_messages(gid):
            if int(message["message_id"]) == message_id:
                texts[gid] = message.get("text") or ""
    return texts


@dataclass
class Settled:
    seconds: float | None
    tally: str
    matching: int
    unsent: dict[str, int]


async def settle(
    client: EmulatorClient, db: Database, meeting_id: int, cards: dict[int, int], within: float
) -> Settled:
    """Wait until nothing of the meeting is left in the outbox and every card shows the tally
    the database holds; None seconds if that did not happen `within` seconds."""
    started = time.monotonic()
    tally = await db.tally(meeting_id)
    while True:
        unsent = await db.unsent(meeting_id)
        matching = 0
        if not unsent.get("card"):
            texts = await card_texts(client, cards)
            matching = sum(1 for text in texts.values() if tally in text)
        waited = time.monotonic() - started
        if (matching == len(cards) and not unsent) or waited > within:
            done = matching == len(cards) and not unsent
            return Settled(waited if done else None, tally, matching, unsent)
        await asyncio.sleep(SETTLE_POLL)


async def answer_ok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bare bot's only handler."""
    if update.callback_query is not None:
        await update.callback_query.answer(BARE_TOAST)


def bare_application(base_url: str) -> Application:  # type: ignore[type-arg]
    """A python-telegram-bot Application that only answers callbacks: long polling as Loa's
    (bot/telegram.py build_application), no rate limiter, 16 concurrent updates (its best)."""
    return (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{base_url}/bot")
        .base_file_url(f"{base_url}/file/bot")
        .request(HTTPXRequest(connection_pool_size=64, read_timeout=20.0, pool_timeout=60.0))
        .get_updates_request(HTTPXRequest(connection_pool_size=2, read_timeout=40.0))
        .concurrent_updates(16)
        .job_queue(None)
        .build()
    )


@contextlib.asynccontextmanager
async def bare_bot(base_url: str) -> AsyncIterator[None]:
    app = bare_application(base_url)
    app.add_handler(CallbackQueryHandler(answer_ok))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=20)
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def take_presses(
    client: EmulatorClient,
    name: str,
    base_url: str,
    plan: list[Presser],
    at_once: int,
    emulator_pid: int,
    profile: cProfile.Profile | None = None,
) -> tuple[Phase, Driven]:
    """The driver presses everything once against whichever bot is running now."""
    bot0, emu0 = cpu_seconds(resource.RUSAGE_SELF), process_cpu(emulator_pid)
    busy0, wall0 = machine_cpu(), time.time()
    if profile is not None:
        profile.enable()
    try:
        driven = await drive(base_url, plan, at_once)
    finally:
        if profile is not None:
            profile.disable()
    wall = time.time() - wall0
    bot_cpu = cpu_seconds(resource.RUSAGE_SELF) - bot0
    emu_cpu = process_cpu(emulator_pid) - emu0
    busy = machine_cpu() - busy0
    return await measure(client, name, driven, bot_cpu, emu_cpu, busy, wall), driven


# ---- the run ------------------------------------------------------------------------------------


def meeting_command(now: datetime) -> str:
    day = (now + timedelta(days=7)).astimezone(TZ)
    return f"/hop Họp | 8h {day.day:02d}/{day.month:02d}/{day.year} | Hội trường | tất cả!"


async def run(args: argparse.Namespace) -> bool:
    configure_logging("WARNING", [TOKEN])
    if args.postgres is not None:
        database: contextlib.AbstractAsyncContextManager[str] = postgres_database(args.postgres)
    elif args.database_url:
        database = contextlib.nullcontext(args.database_url)  # type: ignore[assignment]
    else:
        database = sqlite_database()
    profile = cProfile.Profile() if args.profile else None
    async with (
        database as database_url,
        emulator() as (base_url, emulator_pid),
        EmulatorClient(base_url, timeout=60) as client,
    ):
        started = time.monotonic()
        world = await build_world(client, args.groups, args.people)
        await confirm_pending_updates(base_url)
        await insert_units_and_groups(database_url, world.groups)
        organiser = int(world.organiser["id"])
        settings = load_settings(
            _env_file=None,
            telegram_bot_token=TOKEN,
            telegram_api_url=base_url,
            database_url=database_url,
            loa_admins=str(organiser),
            log_level="WARNING",
        )
        loa = Loa(settings, limits=Limits())
        db = Database(database_url)
        await loa.start()
        assert loa.engine is not None
        statements = StatementCounter()
        event.listen(loa.engine.sync_engine, "before_cursor_execute", statements)
        try:
            await client.send_text(organiser, organiser, "/start")
            await client.wait_bot_messages(organiser, 1, timeout=15)
            await client.send_text(organiser, organiser, meeting_command(datetime.now(UTC)))
            meeting_id, cards = await wait_for_cards(client, world.groups)
            plan = press_plan(world, cards, meeting_id, args.presses, args.seed)
            print(
                f"setup: {len(world.groups)} groups, {len(world.people)} people, meeting "
                f"#{meeting_id} on every card in {time.monotonic() - started:.1f} s",
                flush=True,
            )
            assert loa.presses is not None
            before = statements.count
            batches_before, batched_before = loa.presses.batches, loa.presses.presses
            loa_phase, _ = await take_presses(
                client, "Loa", base_url, plan, args.at_once, emulator_pid, profile
            )
            loa_statements = statements.count - before
            batches = loa.presses.batches - batches_before
            batched = loa.presses.presses - batched_before
            print(f"Loa took the presses in {loa_phase.wall:.1f} s; settling…", flush=True)
            settled = await settle(client, db, meeting_id, cards, args.settle_timeout)
            edits = await read_edits(client, set(world.groups), loa_phase.first_press)
            limiter_429 = getattr(loa.app.bot.rate_limiter, "retry_after_seen", None)
        finally:
            await loa.stop()
        outbox = await db.outbox_summary(meeting_id)
        await db.close()
        if profile is not None:
            profile.dump_stats(args.profile)

        bare_phase: Phase | None = None
        if not args.no_bare:
            await confirm_pending_updates(base_url)
            async with bare_bot(base_url):
                bare_phase, _ = await take_presses(
                    client, "bare", base_url, plan, args.at_once, emulator_pid
                )
        stats = await client.stats()
        violations = await client.violations()
        total = time.monotonic() - started

    ratio = loa_phase.rate / bare_phase.rate if bare_phase else float("nan")
    too_many = int(stats["too_many_requests"])
    tallies_match = settled.matching == len(cards)
    checks = {
        f"ratio ≥ {TARGET_RATIO}": bare_phase is None or ratio >= TARGET_RATIO,
        f"edits ≤ {GROUP_EDITS_PER_MINUTE}/min/group": edits.max_per_minute
        <= GROUP_EDITS_PER_MINUTE,
        "no 429": too_many == 0,
        "tallies match": tallies_match,
        "every press answered": loa_phase.answered == loa_phase.presses
        and (bare_phase is None or bare_phase.answered == bare_phase.presses),
        "no error toasts": not any(loa_phase.toasts.get(k) for k in ("error", "other")),
    }
    ok = all(checks.values())

    backend = database_url.split(":", 1)[0]
    mix = ", ".join(f"{letter} {weight}%" for letter, weight in MIX)
    lines: list[tuple[str, str]] = [
        ("database", backend),
        (
            "presses",
            f"{loa_phase.presses} from {len(plan)} people in {len(cards)} groups "
            f"(r:a/x/s = {mix}), {args.at_once} people at once",
        ),
        ("Loa presses/s", f"{loa_phase.rate:.1f}"),
        ("bare bot presses/s", f"{bare_phase.rate:.1f}" if bare_phase else "not run"),
        ("ratio Loa/bare", f"{ratio:.2f} (target ≥ {TARGET_RATIO})"),
        (
            "Loa press-to-toast p50 / p95",
            f"{loa_phase.ms(0.5)} / {loa_phase.ms(0.95)} (max {loa_phase.ms(1.0)})",
        ),
    ]
    if bare_phase:
        lines.append(
            (
                "bare press-to-toast p50 / p95",
                f"{bare_phase.ms(0.5)} / {bare_phase.ms(0.95)} (max {bare_phase.ms(1.0)})",
            )
        )
    lines += [
        ("Loa toasts", ", ".join(f"{k} {v}" for k, v in sorted(loa_phase.toasts.items()))),
        ("card edits total", f"{edits.total} ({edits.not_modified} 'not modified')"),
        (
            "card edits max per group per minute",
            f"{edits.max_per_minute} (target ≤ {GROUP_EDITS_PER_MINUTE}; messages and edits "
            f"together: {edits.max_messages_per_minute})",
        ),
        ("429s received", f"{too_many} (Loa's limiter saw {limiter_429})"),
        (
            "cards settled",
            f"{settled.seconds:.1f} s after the presses"
            if settled.seconds is not None
            else f"not within {args.settle_timeout:.0f} s (left: {settled.unsent})",
        ),
        (
            "final tallies match",
            f"{'yes' if tallies_match else 'no'} ({settled.matching}/"
            f"{len(cards)} cards show “{settled.tally}”)",
        ),
        ("outbox rows", ", ".join(f"{k} {v}" for k, v in sorted(outbox.items()))),
        ("CPU while Loa took presses", loa_phase.cpu()),
        (
            "Loa SQL statements per press",
            f"{loa_statements / max(loa_phase.presses, 1):.1f} (delivery worker included)",
        ),
        (
            "Loa press batches",
            f"{batches} (mean {batched / max(batches, 1):.1f} presses, one commit each)",
        ),
    ]
    if bare_phase:
        lines.append(("CPU while bare bot took presses", bare_phase.cpu()))
    lines += [
        (
            "toast polls per press",
            f"Loa {loa_phase.polls / max(loa_phase.presses, 1):.1f}"
            + (f", bare {bare_phase.polls / max(bare_phase.presses, 1):.1f}" if bare_phase else ""),
        ),
        ("API violations", f"{len(violations)}"),
        ("whole run", f"{total:.0f} s"),
        (
            "result",
            ("PASS" if ok else "FAIL")
            + ("" if ok else f" ({', '.join(k for k, v in checks.items() if not v)})"),
        ),
    ]
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label:<{width}}  {value}")
    if violations:
        print(f"first violation: {violations[0]}")
    return ok


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.rsvp", description=__doc__)
    parser.add_argument("--groups", type=int, default=20, help="groups (one unit each)")
    parser.add_argument("--people", type=int, default=200, help="people, spread over the groups")
    parser.add_argument("--presses", type=int, default=2000, help="button presses in all")
    parser.add_argument(
        "--at-once", type=int, default=32, help="people pressing at the same time (default 32)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the answers drawn")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="database to use (default: a temporary SQLite file)")
    where.add_argument(
        "--postgres",
        nargs="?",
        const=DEFAULT_PG_ADMIN,
        metavar="ADMIN_URL",
        help="create and drop a throwaway PostgreSQL database on this server "
        f"(default {DEFAULT_PG_ADMIN})",
    )
    parser.add_argument(
        "--settle-timeout",
        type=float,
        default=100,
        help="seconds to wait for the cards to settle after the presses",
    )
    parser.add_argument("--no-bare", action="store_true", help="skip the bare bot's run")
    parser.add_argument(
        "--profile", metavar="FILE", help="write a cProfile of this process while Loa takes presses"
    )
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    if args.drive:
        driver_main()
        return
    ok = asyncio.run(run(args))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
