"""Two `loa run --webhook` processes on one PostgreSQL behind a round-robin proxy (PostgreSQL
only: SQLite is one instance by design): kills mid-broadcast and before a reminder is due lose
nothing, repeat at most what was in flight, and the two share the platform's limits."""

from __future__ import annotations

import asyncio
import itertools
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any

import httpx
import psutil
from sqlalchemy import select

from bot.emulator import BackgroundServer
from storage.db import make_engine, make_sessionmaker
from storage.models import ScheduledSend, ScheduleKind
from tests.conftest import POSTGRES_ONLY
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.proxy import RoundRobinProxy
from tests.e2e.test_foundation import build_cluster, notices_in
from tests.e2e.test_process import REPO, loa_env

SECRET = "two-instances_secret"
GROUPS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Instance:
    """One `loa run --webhook` process, started again on the same port after a kill."""

    name: str
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    kills: list[float] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run", "--webhook"],
            cwd=REPO,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )

    async def ready(self) -> None:
        async def healthy() -> bool:
            try:
                async with httpx.AsyncClient() as http:
                    answer = await http.get(f"{self.url}/healthz", timeout=1)
                return bool(answer.json().get("running"))
            except httpx.HTTPError:
                return False

        await wait_until(healthy, within=60, interval=0.2)

    def ports(self) -> set[int]:
        """The local ports of this process's TCP connections (to tell its calls apart)."""
        assert self.process is not None
        try:
            conns = psutil.Process(self.process.pid).net_connections(kind="tcp")
        except psutil.NoSuchProcess:
            return set()
        return {c.laddr.port for c in conns if c.laddr}

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await asyncio.to_thread(self.process.wait, 10)
        self.kills.append(time.time())

    async def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.to_thread(self.process.wait, 20)
            except subprocess.TimeoutExpired:
                self.process.kill()


async def bot_texts(c: Cluster, chat_id: int, marker: str) -> list[dict[str, Any]]:
    return [m for m in await c.client.bot_messages(chat_id) if marker in m["text"]]


@POSTGRES_ONLY
async def test_two_instances_behind_a_proxy_survive_kills_and_share_the_limits(
    cluster: Cluster, db_url: str, tmp_path: Path
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=GROUPS, extra_groups=0)
    await c.stop()
    await c.client.set_limits(30, 20, 1)  # Telegram's own limits, as the instances assume
    started = time.time()

    ports = [free_port(), free_port()]
    proxy = RoundRobinProxy([f"http://127.0.0.1:{p}" for p in ports])
    front = BackgroundServer(proxy.app)
    await front.start()
    instances = [
        Instance(
            name,
            port,
            loa_env(
                c,
                LOA_WEBHOOK_URL=f"{front.url}/telegram",
                LOA_WEBHOOK_SECRET=SECRET,
                LOA_LISTEN=f"127.0.0.1:{port}",
                LOG_LEVEL="INFO",
            ),
            tmp_path / f"loa-{name}.log",
        )
        for name, port in zip("AB", ports, strict=True)
    ]
    try:
        for instance in instances:
            instance.start()
        for instance in instances:
            await instance.ready()

        # 1. a notice to the 20 groups, answered slowly; the sender is killed mid-broadcast
        for i, gid in enumerate(groups):
            await c.client.set_fault(
                method="sendMessage", chat_id=gid, kind="delay", delay=0.25 * (i + 1)
            )
        await c.client.send_text(org["id"], org["id"], "/thongbao Thông báo hai máy | tất cả!")

        async def mid_broadcast() -> bool:
            sent = sum([len(await notices_in(c, g)) for g in groups])
            flying = (await c.client.stats())["in_flight_ports"].get("sendMessage", [])
            return sent >= 3 and len(flying) >= 3

        await wait_until(mid_broadcast, within=30, interval=0.02)
        flying = (await c.client.stats())["in_flight_ports"].get("sendMessage", [])
        sender = max(instances, key=lambda i: len(i.ports() & set(flying)))
        in_flight_at_kill = len(sender.ports() & set(flying))
        assert in_flight_at_kill >= 1, "the one killed was sending"
        delivered_at_kill = sum([len(await notices_in(c, g)) for g in groups])
        await sender.kill()
        await c.client.clear_faults()
        sender.start()  # as a supervisor would; the other takes over meanwhile
        await sender.ready()

        async def notice_everywhere() -> bool:
            return all([len(await notices_in(c, g)) >= 1 for g in groups])

        await wait_until(notice_everywhere, within=60)

        # 2. a meeting whose reminder falls due in about a minute; 20 schools answer
        form = "/hop Họp giao ban hai máy | 3 giờ nữa | Phòng họp số 2!\nnhắc: 2 giờ 59 phút"
        await c.client.send_text(org["id"], org["id"], form)

        async def cards_everywhere() -> bool:
            return all([bool(await bot_texts(c, g, "GIẤY MỜI HỌP #2")) for g in groups])

        await wait_until(cards_everywhere, within=30)
        hop_backend = [b for b, body in proxy.posts if b'"/hop ' in body][-1]  # who took it
        creator = next(i for i in instances if i.url == hop_backend)
        people = [await c.client.create_user(f"Đại biểu {i}") for i in range(1, GROUPS + 1)]
        for person, gid in zip(people, groups, strict=True):
            (card,) = await bot_texts(c, gid, "GIẤY MỜI HỌP #2")
            query = await c.client.press_button(person["id"], gid, card["message_id"], "r:a:2")
            answer = await c.client.wait_callback_answer(query)
            assert answer is not None and "Đã ghi nhận: ✅" in answer["text"]

        tally = f"Đã xác nhận: {GROUPS}/{GROUPS} đơn vị"

        async def tallies_shown() -> bool:
            return all([tally in (await bot_texts(c, g, "#2"))[0]["text"] for g in groups])

        await wait_until(tallies_shown, within=30)

        engine = make_engine(c.db_url)
        async with make_sessionmaker(engine)() as session:
            timers = (
                await session.scalars(
                    select(ScheduledSend).where(
                        ScheduledSend.announcement_id == 2,
                        ScheduledSend.kind == ScheduleKind.REMINDER,
                    )
                )
            ).all()
        await engine.dispose()
        due = min(t.run_at for t in timers).replace(tzinfo=UTC).timestamp()
        assert due - time.time() > 3, "the reminder is still ahead when its holder is killed"
        await creator.kill()  # it armed the reminder when the meeting was sent

        async def reminded() -> bool:
            return all([bool(await bot_texts(c, g, "Nhắc lịch họp #2")) for g in groups])

        await wait_until(reminded, within=due - time.time() + 15, interval=0.2)
        await asyncio.sleep(3.0)  # nothing more arrives later

        # each group got each message once; the notice repeated at most what was in flight
        notices = [len(await notices_in(c, g)) for g in groups]
        repeated = sum(notices) - GROUPS
        cards = [len(await bot_texts(c, g, "GIẤY MỜI HỌP #2")) for g in groups]
        reminders = [await bot_texts(c, g, "Nhắc lịch họp #2") for g in groups]
        late = [m["date"] - due for r in reminders for m in r]
        edits = [e for e in await c.client.requests("editMessageText") if e["time"] >= started]
        card_ids = {
            (g, (await bot_texts(c, g, "GIẤY MỜI HỌP #2"))[0]["message_id"]) for g in groups
        }
        per_card: dict[tuple[int, int], list[str]] = {}
        for e in edits:
            key = (e["chat_id"], int(e["params"].get("message_id", 0)))
            if key in card_ids and e["status"] == 200:
                per_card.setdefault(key, []).append(str(e["params"].get("text")))
        stats = await c.client.stats()
        print(
            f"\ntwo instances: in flight at the kill {in_flight_at_kill}, delivered before it "
            f"{delivered_at_kill}, notices repeated {repeated}; card edits "
            f"{sum(map(len, per_card.values()))} for {len(per_card)} cards "
            f"(at most {max(map(len, per_card.values()), default=0)} per card); reminder "
            f"{max(late):.0f} s after due at worst; 429s {stats['too_many_requests']}; "
            f"webhook posts {dict(proxy.forwarded)}"
        )
        assert all(n >= 1 for n in notices), notices
        assert cards == [1] * GROUPS, cards
        assert [len(r) for r in reminders] == [1] * GROUPS
        assert max(late) <= 5, late
        not_modified = [e for e in edits if e["error"] and "not modified" in e["error"]]
        assert not_modified == []
        for texts in per_card.values():  # one edit per change: never the same text twice
            assert all(a != b for a, b in itertools.pairwise(texts)), texts
        assert len(per_card) == GROUPS
        assert stats["too_many_requests"] == 0
        assert repeated <= in_flight_at_kill, (repeated, in_flight_at_kill)
    finally:
        for instance in instances:
            await instance.stop()
        await front.stop()
        await proxy.aclose()
        for instance in instances:
            text = instance.log.read_text(encoding="utf-8", errors="replace")
            assert c.emu.token.split(":", 1)[1] not in text
