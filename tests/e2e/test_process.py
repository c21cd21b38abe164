"""`loa` as a process: start-up errors, a crash (`kill -9`) mid-send, webhook mode, no secrets."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.app import Loa
from bot.emulator import BackgroundServer
from bot.webhook import build_webhook_app
from storage.db import make_engine, make_sessionmaker
from storage.models import Announcement, AnnouncementStatus
from tests.e2e.conftest import TOKEN, Cluster, wait_until
from tests.e2e.test_foundation import build_cluster, notices_in

REPO = Path(__file__).resolve().parents[2]


def loa_env(c: Cluster, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "ZALO_", "LOA_", "DATABASE_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=c.emu.token,
        TELEGRAM_API_URL=c.emu.base_url,
        DATABASE_URL=c.db_url,
        LOA_ADMINS=str(c.organiser["id"]),
        LOG_LEVEL="DEBUG",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def spawn(c: Cluster, log: Path, **extra: str) -> subprocess.Popen[bytes]:
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=REPO,
        env=loa_env(c, **extra),
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


async def test_a_crash_mid_send_loses_nothing_and_repeats_at_most_what_was_in_flight(
    cluster: Cluster, tmp_path: Path
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=12, extra_groups=0)
    await c.stop()
    for i, gid in enumerate(groups):  # answers trickle in over ~4 s, so the crash lands mid-send
        await c.client.set_fault(
            method="sendMessage", chat_id=gid, kind="delay", delay=0.3 * (i + 1)
        )
    log = tmp_path / "loa.log"
    process = spawn(c, log)
    try:
        await c.client.wait_bot_messages(org["id"], 0, timeout=1)
        await c.say(org, org["id"], "/thongbao Thông báo trước sự cố | tất cả!", replies=0)

        async def some_sent() -> bool:
            got = [len(await notices_in(c, g)) for g in groups]
            return 1 <= sum(got) < len(groups)

        await wait_until(some_sent, within=30, interval=0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        await asyncio.to_thread(process.wait, 10)
    assert process.returncode == -signal.SIGKILL
    delivered_before = sum([len(await notices_in(c, g)) for g in groups])
    await c.client.clear_faults()
    process = spawn(c, log)
    try:

        async def everyone() -> bool:
            return all([len(await notices_in(c, g)) >= 1 for g in groups])

        await wait_until(everyone, within=30)
        await asyncio.sleep(1.0)
        counts = [len(await notices_in(c, g)) for g in groups]
        assert all(n in (1, 2) for n in counts), counts
        repeated = sum(counts) - len(groups)
        assert repeated <= len(groups) - delivered_before + 1
        engine = make_engine(c.db_url)
        async with make_sessionmaker(engine)() as session:

            async def sent() -> bool:
                ann = await session.scalar(select(Announcement))
                await session.refresh(ann)
                return ann is not None and ann.status == AnnouncementStatus.SENT

            await wait_until(sent, within=45)  # PostgreSQL: a dead worker's lease expires
        await engine.dispose()
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.to_thread(process.wait, 20)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert TOKEN not in text and TOKEN.split(":", 1)[1] not in text
    assert "Loa is running" in text


async def test_webhook_mode_takes_updates_only_with_the_secret(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    await c.stop()
    loa = Loa(c.settings(), limits=c.limits)
    await loa.start(polling=False)
    secret = "webhook-secret_42"
    server = BackgroundServer(build_webhook_app(loa.app, loa.intake, "/telegram", secret))
    await server.start()
    try:
        async with httpx.AsyncClient() as http:
            health = await http.get(f"{server.url}/healthz")
            assert health.json() == {"ok": True, "running": True}
            forged = await http.post(f"{server.url}/telegram", json={"update_id": 1})
            assert forged.status_code == 403
            wrong = await http.post(
                f"{server.url}/telegram",
                json={"update_id": 1},
                headers={"X-Telegram-Bot-Api-Secret-Token": "nope"},
            )
            assert wrong.status_code == 403
        await loa.app.bot.set_webhook(f"{server.url}/telegram", secret_token=secret)
        reply = await c.say(org, org["id"], "/start")
        assert "Ban tổ chức" in reply[0]["text"]
        await loa.app.bot.delete_webhook()
    finally:
        await server.stop()
        await loa.stop()


def run_cli(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def bare_env(**values: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "ZALO_", "LOA_", "DATABASE_"))
    }
    env["PYTHONPATH"] = str(REPO)
    env.update(values)
    return env


def test_run_without_a_token_says_how_to_get_one(tmp_path: Path) -> None:
    result = run_cli("run", env=bare_env(), cwd=tmp_path)
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and "TELEGRAM_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not a token"),
        ("TELEGRAM_API_URL", "ftp://example"),
        ("DATABASE_URL", "mysql://x"),
        ("LOA_ADMINS", "12,abc"),
        ("LOA_TIMEZONE", "Mars/Olympus"),
        ("LOA_LISTEN", "localhost"),
        ("LOA_WEBHOOK_SECRET", "has spaces!"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_a_malformed_setting_stops_start_up_with_one_line_naming_it(
    tmp_path: Path, name: str, value: str
) -> None:
    env = bare_env(**{"TELEGRAM_BOT_TOKEN": "123456:ABCDEFGHIJ", name: value})
    result = run_cli("run", env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0], result.stderr
    assert "ABCDEFGHIJ" not in result.stderr


def test_settings_come_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LOA_TIMEZONE=Nowhere/City\n", encoding="utf-8")
    result = run_cli("db", "upgrade", env=bare_env(), cwd=tmp_path)
    assert result.returncode == 2 and "LOA_TIMEZONE" in result.stderr


def test_db_upgrade_creates_the_sqlite_database(tmp_path: Path) -> None:
    result = run_cli("db", "upgrade", env=bare_env(), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "loa.db").exists()


async def test_check_reaches_the_api_and_never_prints_the_token(
    cluster: Cluster, tmp_path: Path
) -> None:
    ok = await asyncio.to_thread(run_cli, "check", env=loa_env(cluster), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "@LoaTestBot" in ok.stdout
    assert "roll-call poster font" in ok.stdout  # whether /diemdanh can draw its poster
    wrong = "7012345678:AAF-wrong-token-that-is-refused"
    refused = await asyncio.to_thread(
        run_cli, "check", env=loa_env(cluster, TELEGRAM_BOT_TOKEN=wrong), cwd=tmp_path
    )
    assert refused.returncode == 1 and "bị từ chối" in refused.stderr
    for output in (ok.stdout + ok.stderr, refused.stdout + refused.stderr):
        assert TOKEN.split(":", 1)[1] not in output and wrong.split(":", 1)[1] not in output
