"""`loa run` killed (`SIGKILL`) in the middle of a 500-group broadcast over a slow network, then
started again: every group gets the notice, and the only repeats are messages that were in
flight when it died (each result is recorded as soon as it is known, not per claimed batch).

"In flight" is counted from both ends: the emulator counts the requests it has received and not
yet answered at the kill (read in the same step as the kill: the emulator runs in the test's
event loop); answers that left the emulator but are not in the database when the process dies
are the rest, and each must be only milliseconds old."""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import insert, select

from storage.db import make_engine, make_sessionmaker
from storage.models import Chat, ChatKind, ChatState, Outbox, OutboxStatus, Platform
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_process import spawn

GROUPS = 500
LATENCY = 0.03  # seconds per sendMessage, as from a distant server
MAX_RECORDING_LAG = 0.2  # seconds from an answer to its result in the database, at most
NOTICE = "Thông báo khẩn về lịch kiểm tra cuối năm"


async def quiet_groups(c: Cluster, count: int) -> list[int]:
    """`count` groups with the bot in them, already linked to the cluster in the database (as
    `/nhom cum` would leave them), their "bot added" updates confirmed so nobody is greeted."""
    semaphore = asyncio.Semaphore(32)

    async def one(i: int) -> int:
        async with semaphore:
            group = await c.client.create_group(f"BGH Trường số {i:03d}")
            await c.client.add_bot_to_group(group["id"], c.organiser["id"])
            return int(group["id"])

    ids = list(await asyncio.gather(*(one(i) for i in range(1, count + 1))))
    url = f"{c.emu.base_url}/bot{c.emu.token}/getUpdates"
    async with httpx.AsyncClient(timeout=10) as http:
        last = (await http.post(url, json={"offset": -1, "timeout": 0})).json()["result"]
        if last:
            await http.post(url, json={"offset": last[-1]["update_id"] + 1, "timeout": 0})
    now = datetime.now(UTC)
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        await session.execute(
            insert(Chat),
            [
                {
                    "platform": Platform.TELEGRAM,
                    "external_id": str(gid),
                    "kind": ChatKind.GROUP,
                    "title": f"BGH Trường số {i:03d}",
                    "is_cluster": True,
                    "tags": [],
                    "state": ChatState.ACTIVE,
                    "created_at": now,
                    "updated_at": now,
                }
                for i, gid in enumerate(ids, start=1)
            ],
        )
        await session.commit()
    await engine.dispose()
    return ids


async def notices_delivered(c: Cluster, groups: set[int]) -> Counter[int]:
    """How many times each group was sent the notice (answered 200 by the emulator)."""
    counts: Counter[int] = Counter()
    for call in await c.client.requests("sendMessage"):
        chat = call["chat_id"]
        if call["status"] == 200 and chat in groups and NOTICE in call["params"].get("text", ""):
            counts[chat] += 1
    return counts


async def recorded_chats(c: Cluster) -> set[int]:
    """The groups whose notice the database has as sent."""
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        rows = await session.scalars(
            select(Chat.external_id)
            .join(Outbox, Outbox.chat_id == Chat.id)
            .where(Outbox.purpose == "announcement", Outbox.status == OutboxStatus.SENT)
        )
        chats = {int(external_id) for external_id in rows.all()}
    await engine.dispose()
    return chats


async def test_a_kill_mid_broadcast_to_500_groups_repeats_only_what_was_in_flight(
    cluster: Cluster, tmp_path: Path
) -> None:
    c, org = cluster, cluster.organiser
    await c.say(org, org["id"], "/start")
    await c.stop()
    groups = await quiet_groups(c, GROUPS)
    targets = set(groups)
    await c.client.set_latency(LATENCY, method="sendMessage")
    log = tmp_path / "loa.log"
    process = spawn(c, log, LOG_LEVEL="INFO")
    state = c.emu.state
    try:
        await c.client.wait_bot_messages(org["id"], 1, timeout=5)
        await c.say(org, org["id"], f"/thongbao {NOTICE} | tất cả!", replies=0)
        deadline = time.monotonic() + 60
        while True:  # well under way, with messages on the wire
            sent = state.calls_by_method.get("sendMessage", 0)
            if sent >= GROUPS // 3 and state.requests_in_flight("sendMessage") > 0:
                break
            assert time.monotonic() < deadline, "the broadcast did not get under way"
            await asyncio.sleep(0.003)
        # the emulator runs in this event loop: nothing starts or finishes between these two
        in_flight = state.requests_in_flight("sendMessage")
        killed_at = time.time()
        process.send_signal(signal.SIGKILL)
    finally:
        if process.poll() is None and process.returncode is None:
            process.send_signal(signal.SIGKILL)
        await asyncio.to_thread(process.wait, 10)
    assert process.returncode == -signal.SIGKILL
    await asyncio.sleep(LATENCY * 4)  # what was in flight arrives
    before = await notices_delivered(c, targets)
    assert 0 < len(before) < GROUPS, len(before)
    answered = {
        call["chat_id"]: call["time"]
        for call in await c.client.requests("sendMessage")
        if call["status"] == 200 and call["chat_id"] in targets and call["time"] <= killed_at
    }
    recorded = await recorded_chats(c)
    unrecorded = {chat: killed_at - at for chat, at in answered.items() if chat not in recorded}

    process = spawn(c, log, LOG_LEVEL="INFO")
    try:

        async def everyone() -> bool:
            return len(await notices_delivered(c, targets)) == GROUPS

        await wait_until(everyone, within=90, interval=0.5)
        await asyncio.sleep(1.0)  # nothing more arrives later
        after = await notices_delivered(c, targets)
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.to_thread(process.wait, 20)
    duplicates = sum(after.values()) - GROUPS
    lag = max(unrecorded.values(), default=0.0)
    print(
        f"\n{GROUPS} groups, {LATENCY * 1000:.0f} ms per sendMessage: {sum(before.values())}"
        f" delivered before the kill; at the kill {in_flight} sendMessage on the wire (counted by"
        f" the emulator) and {len(unrecorded)} answered in the last {lag * 1000:.0f} ms but not"
        f" yet written; {duplicates} duplicates after the restart"
    )
    assert set(after) == targets
    assert max(after.values()) <= 2
    # In flight, for the bot, is from the request until its result is written: the requests on
    # the wire, and answers that arrived in the last moment before the kill. Those answers must be
    # a few milliseconds old, not a claimed batch's worth (100 rows, seconds at 30 messages/s).
    assert lag < MAX_RECORDING_LAG, unrecorded
    assert duplicates <= in_flight + len(unrecorded), (duplicates, in_flight, unrecorded)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert c.emu.token.split(":", 1)[1] not in text
