"""The world of `bench.broadcast`: the emulator in its own process, the organiser and the
groups in it and in the database, the organiser's notices, and what the emulator's request log
says about their delivery.

Both the ×10 run (`bench/broadcast.py`) and the run at Telegram's real limits
(`bench/broadcast_real.py`) build on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import resource
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, insert, select

from bot.emulator import EmulatorClient
from storage import migrate
from storage.db import make_engine, make_sessionmaker
from storage.models import Chat, ChatKind, ChatState, Outbox, Platform

TOKEN = "7012345678:AAF-bench-Secret-Token_value-0123456789"
MARKER = "BENCH-NOTICE"
MARKER_RE = re.compile(rf"{MARKER}-(\d+)")
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG_ADMIN = os.environ.get(
    "LOA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
SETUP_CONCURRENCY = 32
POLL_SECONDS = 0.2


@dataclass
class Delivery:
    """What the emulator's request log says about the notices sent to the groups."""

    delivered: int = 0
    distinct: int = 0
    first_time: float | None = None
    last_time: float | None = None
    other_messages: int = 0
    times: list[float] = field(default_factory=list)

    def timeline(self, since: float, step: float = 1.0) -> list[int]:
        """Notices delivered in each `step` seconds from `since`."""
        counts = Counter(int((t - since) // step) for t in self.times)
        return [counts.get(i, 0) for i in range(max(counts, default=-1) + 1)]


# ---- the emulator, in its own process -----------------------------------------------------------


@contextlib.asynccontextmanager
async def emulator(scale: float) -> AsyncIterator[tuple[str, int]]:
    """`python -m bot.emulator` on a free port with limits ×scale; yields its URL and pid."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.emulator",
        "--port",
        "0",
        "--token",
        TOKEN,
        "--scale",
        str(scale),
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


async def gather_limited(calls: list[Any], limit: int = SETUP_CONCURRENCY) -> list[Any]:
    """Await coroutines with at most `limit` at a time, results in order."""
    semaphore = asyncio.Semaphore(limit)

    async def one(call: Any) -> Any:
        async with semaphore:
            return await call

    return await asyncio.gather(*(one(c) for c in calls))


async def build_world(client: EmulatorClient, groups: int) -> tuple[dict[str, Any], list[int]]:
    """The organiser (with their private chat open) and `groups` groups with the bot in them."""
    organiser = await client.create_user("An", "Nguyễn Văn", username="ban_to_chuc")
    await client.private_chat(organiser["id"])
    created = await gather_limited(
        [client.create_group(f"BGH Trường số {i:04d}") for i in range(1, groups + 1)]
    )
    ids = [int(g["id"]) for g in created]
    await gather_limited([client.add_bot_to_group(gid, organiser["id"]) for gid in ids])
    return organiser, ids


async def confirm_pending_updates(base_url: str) -> int:
    """Confirm, as the bot would with a getUpdates offset, every update queued so far (the
    "bot added" ones), so the bot does not spend the benchmark greeting 1,000 groups."""
    url = f"{base_url}/bot{TOKEN}/getUpdates"
    async with httpx.AsyncClient(timeout=10) as http:
        last = (await http.post(url, json={"offset": -1, "timeout": 0})).json()["result"]
        if not last:
            return 0
        await http.post(url, json={"offset": last[-1]["update_id"] + 1, "timeout": 0})
    return int(last[-1]["update_id"])


# ---- the database -------------------------------------------------------------------------------


async def insert_groups(database_url: str, group_ids: list[int]) -> None:
    """Migrate, then write the groups as active cluster groups (as `/nhom` would leave them)."""
    await asyncio.to_thread(migrate.upgrade, database_url)
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    rows = [
        {
            "platform": Platform.TELEGRAM,
            "external_id": str(gid),
            "kind": ChatKind.GROUP,
            "title": f"BGH Trường số {i:04d}",
            "is_cluster": True,
            "tags": [],
            "state": ChatState.ACTIVE,
            "created_at": now,
            "updated_at": now,
        }
        for i, gid in enumerate(group_ids, start=1)
    ]
    async with make_sessionmaker(engine)() as session:
        await session.execute(insert(Chat), rows)
        await session.commit()
    await engine.dispose()


async def outbox_summary(database_url: str) -> dict[str, int]:
    engine = make_engine(database_url)
    async with make_sessionmaker(engine)() as session:
        result = await session.execute(
            select(Outbox.status, func.count())
            .where(Outbox.purpose == "announcement")
            .group_by(Outbox.status)
        )
        counts = {str(status): int(n) for status, n in result.all()}
    await engine.dispose()
    return counts


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


# ---- measuring ----------------------------------------------------------------------------------


async def read_delivery(client: EmulatorClient, groups: set[int], since: float) -> Delivery:
    """One read of the request log: notices accepted per (group, notice), other messages."""
    seen: Counter[tuple[int, int]] = Counter()
    result = Delivery()
    for record in await client.requests():
        if record["status"] != 200 or record["time"] < since:
            continue
        method = record["method"]
        if method not in ("sendMessage", "editMessageText"):
            continue
        found = MARKER_RE.search(str(record["params"].get("text", "")))
        if method == "sendMessage" and found and record["chat_id"] in groups:
            number = int(found.group(1))
            seen[(record["chat_id"], number)] += 1
            result.times.append(record["time"])
            result.first_time = min(result.first_time or record["time"], record["time"])
            result.last_time = max(result.last_time or 0.0, record["time"])
        else:
            result.other_messages += 1
    result.delivered = sum(seen.values())
    result.distinct = len(seen)
    return result


async def wait_for_delivery(
    client: EmulatorClient,
    groups: set[int],
    expected: int,
    since: float,
    within: float,
    already: int = 0,
) -> Delivery:
    """Poll the emulator's counters (one small call) until enough messages went out (`already`
    is the count sent before), then read the request log to check that every group has every
    notice; give up after `within` s."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        stats = await client.stats()
        if stats["messages_sent"] >= already + expected:
            delivery = await read_delivery(client, groups, since)
            if delivery.distinct >= expected:
                return delivery
        await asyncio.sleep(POLL_SECONDS)
    return await read_delivery(client, groups, since)


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@dataclass
class CpuSample:
    """CPU seconds used so far by this process, the emulator and the whole machine (Linux /proc;
    zero where it cannot be read), to tell how much other programs took during the run."""

    bot: float
    emulator: float
    machine: float
    wall: float

    @classmethod
    def now(cls, emulator_pid: int) -> CpuSample:
        tick = os.sysconf("SC_CLK_TCK")
        emulator = machine = 0.0
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{emulator_pid}/stat").read_text().rsplit(")", 1)[1].split()
            emulator = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        with contextlib.suppress(OSError, ValueError, IndexError):
            cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
            busy = [int(v) for v in cpu[:3] + cpu[5:8]]  # user nice system, irq softirq steal
            machine = sum(busy) / tick
        return cls(cpu_seconds(resource.RUSAGE_SELF), emulator, machine, time.monotonic())

    def share(self, seconds: float) -> str:
        """`seconds` of CPU as a share of one core over this sample's wall time."""
        return f"{seconds:.1f} s ({100 * seconds / max(self.wall, 1e-9):.0f}% of one core)"

    def __sub__(self, other: CpuSample) -> CpuSample:
        return CpuSample(
            self.bot - other.bot,
            self.emulator - other.emulator,
            self.machine - other.machine,
            self.wall - other.wall,
        )


def megabytes(kilobytes: int) -> float:
    return kilobytes / 1024  # ru_maxrss is in KiB on Linux


async def greet(client: EmulatorClient, user_id: int) -> None:
    """`/start` first, as a newcomer would, and wait for the answer (not measured)."""
    await client.send_text(user_id, user_id, "/start")
    await client.wait_bot_messages(user_id, 1, timeout=15)


async def send_notices(client: EmulatorClient, user_id: int, count: int, together: bool) -> None:
    """The organiser writes `/thongbao … | tất cả!` `count` times in their private chat; like a
    person, they wait for the bot's "sending" answer before writing the next one, unless
    `together` (all written at once)."""
    answered = len(await client.bot_messages(user_id))
    for n in range(1, count + 1):
        body = notice_text(n)
        await client.send_text(user_id, user_id, f"/thongbao {body} | tất cả!")
        if not together:
            answered += 1
            await client.wait_bot_messages(user_id, answered, timeout=30)


def notice_text(n: int) -> str:
    """The text of notice `n`, as the organiser writes it and the groups receive it."""
    return f"{MARKER}-{n} Kính gửi Ban Giám hiệu các trường: thông báo số {n}."
