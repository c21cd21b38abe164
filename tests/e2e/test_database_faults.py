"""The database failing under a running Loa: PostgreSQL restarted in the middle of a broadcast,
and SQLite locked by another process for longer than its busy timeout during a broadcast and a
command. Loa reconnects or retries: every group gets the notice once, the command is answered,
nothing crashes or loops.

Each test needs its own database kind, so the other leg of `db_url` is skipped. Restarting
PostgreSQL disturbs everything else using the server, so it is done once, in this one test.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import threading
import time

import pytest

from storage.db import BUSY_TIMEOUT_MS
from tests.conftest import POSTGRES_ONLY, SQLITE_ONLY
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_delivery import each_has
from tests.e2e.test_foundation import build_cluster, notices_in

RESTART = ["pg_ctlcluster", "15", "main", "restart"]


def can_restart_postgres() -> str | None:
    """Why PostgreSQL cannot be restarted here, or None when it can."""
    if shutil.which(RESTART[0]) is None:
        return "pg_ctlcluster is not installed"
    if os.geteuid() != 0:
        return "restarting PostgreSQL needs root"
    listed = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=False)
    if not any(line.split()[:2] == ["15", "main"] for line in listed.stdout.splitlines()):
        return "no PostgreSQL 15 cluster 'main' here"
    return None


async def start_slow_broadcast(c: Cluster, groups: list[int], delay: float) -> None:
    """A notice to every group, each send answered `delay` seconds late; returns once the first
    group has it and most have not."""
    await c.client.set_fault(method="sendMessage", kind="delay", delay=delay, count=100_000)
    org = c.organiser
    await c.client.send_text(org["id"], org["id"], "/thongbao Thông báo khi cơ sở dữ liệu lỗi!")

    async def begun() -> bool:
        return any([await notices_in(c, g) for g in groups[:10]])

    await wait_until(begun, within=20, interval=0.05)


@pytest.mark.alone
@POSTGRES_ONLY
async def test_postgresql_restarted_mid_broadcast_loses_nothing_and_loa_carries_on(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    why = can_restart_postgres()
    if why is not None:
        pytest.skip(why)
    assert c.loa is not None and c.loa.worker is not None
    groups = await build_cluster(c, units=24, extra_groups=0)
    await start_slow_broadcast(c, groups, delay=1.5)
    before = len(await c.client.bot_messages(org["id"]))
    started = time.monotonic()
    restarting = asyncio.create_task(
        asyncio.to_thread(subprocess.run, RESTART, capture_output=True, text=True, check=False)
    )
    await asyncio.sleep(0.3)  # the server is going down: a command typed now meets it
    await c.client.send_text(org["id"], org["id"], "/donvi")
    restart = await restarting
    restart_took = time.monotonic() - started
    assert restart.returncode == 0, restart.stderr
    answered = await c.client.wait_bot_messages(org["id"], before + 1, timeout=60)
    assert "T01" in answered[before]["text"], answered[before]["text"]
    assert not await each_has(c, groups, 1), "the restart landed in the middle of the broadcast"
    await c.client.clear_faults()
    await wait_until(lambda: each_has(c, groups, 1), within=60, interval=0.2)
    await asyncio.sleep(1.0)
    assert await each_has(c, groups, 1)  # once each, nothing sent again later
    reply = await c.say(org, org["id"], "/ds")  # and Loa carries on
    assert "#1" in reply[0]["text"]
    assert c.loa.worker is not None and c.loa.worker.running, "the delivery worker is still running"
    output = c.log.getvalue()
    lost = output.count("the database connection was lost")
    loop_failures = output.count("delivery loop failed")
    print(
        f"\nPostgreSQL restart took {restart_took:.1f} s mid-broadcast to {len(groups)} groups; "
        f"{lost} units of work retried after a lost connection; "
        f"{loop_failures} delivery loop failures"
    )
    assert loop_failures <= 5, "no crash loop"


def hold_write_lock(path: str, seconds: float, taken: threading.Event) -> None:
    """Another process's write transaction on the SQLite file, held for `seconds`."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=30)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE units SET name = name")
        taken.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
    finally:
        conn.close()


@SQLITE_ONLY
async def test_sqlite_locked_by_another_process_during_a_broadcast_and_a_command_loses_nothing(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=20, extra_groups=0)
    await start_slow_broadcast(c, groups, delay=0.5)
    held = BUSY_TIMEOUT_MS / 1000 + 2  # past the busy timeout: Loa sees "database is locked"
    taken = threading.Event()
    path = c.db_url.split("///", 1)[1]
    holder = asyncio.create_task(asyncio.to_thread(hold_write_lock, path, held, taken))
    await asyncio.to_thread(taken.wait, 10)
    await c.client.clear_faults()
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/donvi")
    await holder
    answered = await c.client.wait_bot_messages(org["id"], before + 1, timeout=30)
    assert "T01" in answered[before]["text"], answered[before]["text"]
    await wait_until(lambda: each_has(c, groups, 1), within=30, interval=0.2)
    await asyncio.sleep(1.0)
    assert await each_has(c, groups, 1)
    output = c.log.getvalue()
    assert "the database is busy" in output, "the lock outlasted the busy timeout and was retried"
    assert "Hệ thống đang bận" not in answered[before]["text"]
