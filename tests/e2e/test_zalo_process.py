"""Zalo's side of `loa` as a process and of webhook mode: a wrong or missing secret is refused
with nothing stored, a message posted twice is handled once, `loa run --webhook` sets Zalo's
webhook and answers through it, a `kill -9` while Zalo messages arrive loses none and handles
none twice, `loa check` reports each platform, and the Zalo token is in no log line at DEBUG."""

from __future__ import annotations

import asyncio
import signal
import socket
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from bot.app import Loa
from bot.emulator import BackgroundServer
from bot.webhook import build_webhook_app
from storage.models import Inbox, Platform, Rsvp
from tests.e2e.conftest import ZALO_PACE, ZALO_TOKEN, BothCluster, wait_until
from tests.e2e.test_answers import eight_days_ahead
from tests.e2e.test_foundation import build_cluster
from tests.e2e.test_intake import scalar
from tests.e2e.test_process import REPO, loa_env, run_cli, spawn
from tests.e2e.test_zalo import invite_code, zalo_cards, zalo_member

SECRET = "zalo-hook_secret-42"
MEMBERS = 36  # more than the updates handled at once (`CONCURRENT_UPDATES`)


def zalo_env(c: BothCluster, **extra: str) -> dict[str, str]:
    """What a `loa` process of this world reads: both tokens, the Zalo organiser too."""
    values = {
        "ZALO_BOT_TOKEN": c.zemu.token,
        "ZALO_API_URL": c.zemu.base_url,
        "ZALO_MESSAGES_PER_SECOND": ZALO_PACE,
        "LOA_ADMINS": f"{c.organiser['id']},zalo:{c.zalo_organiser['id']}",
    }
    values.update(extra)
    return values


async def zalo_rows(c: BothCluster) -> int:
    return await scalar(c, select(func.count()).where(Inbox.platform == Platform.ZALO))


async def test_the_zalo_webhook_refuses_a_wrong_secret_and_handles_a_repeat_once(
    zalo_only: BothCluster,
) -> None:
    c, zorg = zalo_only, zalo_only.zalo_organiser
    await c.stop()
    loa = Loa(c.settings(), limits=c.limits)
    await loa.start(polling=False)
    assert loa.zalo_intake is not None
    app = build_webhook_app(None, None, "/telegram", "", zalo=(loa.zalo_intake, "/zalo", SECRET))
    server = BackgroundServer(app)
    await server.start()
    await c.zalo.send_text(zorg["id"], "/start")
    [update] = await c.zalo.updates()  # the very body Zalo would post
    try:
        async with httpx.AsyncClient() as http:
            url = f"{server.url}/zalo"
            for headers in ({}, {"X-Bot-Api-Secret-Token": "wrong-secret-000"}):
                refused = await http.post(url, json=update, headers=headers)
                assert refused.status_code == 403
            assert await zalo_rows(c) == 0
            good = {"X-Bot-Api-Secret-Token": SECRET}
            assert (await http.post(url, json=update, headers=good)).status_code == 200
            wrapped = {"ok": True, "result": update}  # the documented shape of the same message
            assert (await http.post(url, json=wrapped, headers=good)).status_code == 200
            assert (await http.post(url, content=b"{", headers=good)).status_code == 400
        await c.zalo.wait_seen(zorg["id"], 1, timeout=10)
        await asyncio.sleep(1.0)  # a second reply would have come by now
        [greeting] = await c.zalo.seen_by(zorg["id"])
        assert "Ban tổ chức" in greeting["text"]
        assert loa.zalo_intake.repeats == 1 and await zalo_rows(c) == 1
    finally:
        await server.stop()
        await loa.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_loa_run_webhook_sets_zalos_webhook_and_answers_through_it(
    zalo_only: BothCluster, tmp_path: Path
) -> None:
    c, zorg = zalo_only, zalo_only.zalo_organiser
    await c.stop()
    port = free_port()
    log = tmp_path / "loa.log"
    extra = zalo_env(
        c,
        TELEGRAM_BOT_TOKEN="",
        LOA_WEBHOOK_URL=f"http://127.0.0.1:{port}",
        LOA_LISTEN=f"127.0.0.1:{port}",
        ZALO_WEBHOOK_SECRET=SECRET,
        LOA_ADMINS=f"zalo:{zorg['id']}",
    )
    process = await asyncio.to_thread(_spawn_webhook, c, log, extra)
    try:

        async def webhook_set() -> bool:
            return (await c.zalo.info())["webhook"] == f"http://127.0.0.1:{port}/zalo"

        await wait_until(webhook_set, within=30, interval=0.2)
        [greeting] = await c.zsay(zorg, "/start")
        assert "Ban tổ chức" in greeting["text"]
        assert all(entry["status"] == 200 for entry in await c.zalo.webhook_log())
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.to_thread(process.wait, 30)
    assert ZALO_TOKEN.split(":", 1)[1] not in log.read_text(encoding="utf-8", errors="replace")


def _spawn_webhook(c: BothCluster, log: Path, extra: dict[str, str]) -> Any:
    import subprocess
    import sys

    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run", "--webhook"],
        cwd=REPO,
        env=loa_env(c, **extra),
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


async def test_zalo_messages_arriving_across_a_kill_are_handled_once_each(
    both: BothCluster, tmp_path: Path
) -> None:
    c, org = both, both.organiser
    await build_cluster(c, units=1, extra_groups=0)
    code = await invite_code(c, "T01")
    members = [await zalo_member(c, "T01", f"Đại biểu {i}", code) for i in range(MEMBERS)]
    day = eight_days_ahead()
    await c.say(org, org["id"], f"/hop Hội nghị | {day} | Hội trường A | tất cả, riêng!", replies=0)

    async def cards_arrived() -> bool:
        return all([len(await zalo_cards(c, m)) == 1 for m in members])

    await wait_until(cards_arrived, within=30)
    await c.stop()
    before = await zalo_rows(c)
    for m in members:  # the answers wait on Zalo's side while Loa is down
        await c.zalo.send_text(m["id"], "xn 1 có")
    # each confirmation takes long: every update is in the inbox before most are handled
    await c.zalo.set_fault(method="sendMessage", kind="delay", delay=3.0, count=MEMBERS)
    log = tmp_path / "loa.log"
    process = spawn(c, log, **zalo_env(c))
    try:

        async def all_in_the_inbox_some_handled() -> bool:
            if await zalo_rows(c) < before + MEMBERS:
                return False
            return await scalar(c, select(func.count()).select_from(Rsvp)) > 0

        await wait_until(all_in_the_inbox_some_handled, within=30, interval=0.05)
    finally:
        process.send_signal(signal.SIGKILL)
        await asyncio.to_thread(process.wait, 10)
    assert process.returncode == -signal.SIGKILL
    at_kill = await scalar(c, select(func.count()).select_from(Rsvp))
    assert 0 < at_kill < MEMBERS, at_kill
    await c.zalo.clear_faults()
    process = spawn(c, log, **zalo_env(c))
    try:

        async def all_recorded() -> bool:
            return await scalar(c, select(func.count()).select_from(Rsvp)) == MEMBERS

        await wait_until(all_recorded, within=60, interval=0.25)

        async def none_left() -> bool:
            return await scalar(c, select(func.count()).where(Inbox.done_at.is_(None))) == 0

        await wait_until(none_left, within=30, interval=0.25)
        await asyncio.sleep(1.0)  # a repeated handling would have answered by now
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.to_thread(process.wait, 30)
    people = await scalar(c, select(func.count(func.distinct(Rsvp.person_id))))
    assert people == MEMBERS  # each person's answer once
    for m in members:
        confirmations = [s for s in await c.zalo.seen_by(m["id"]) if "Đã ghi nhận" in s["text"]]
        assert len(confirmations) <= 1, confirmations  # never handled twice
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "error while handling" not in text
    assert "DEBUG" in text and ZALO_TOKEN.split(":", 1)[1] not in text


async def test_check_reports_each_platform_and_never_prints_a_token(
    both: BothCluster, tmp_path: Path
) -> None:
    c = both
    ok = await asyncio.to_thread(run_cli, "check", env=loa_env(c, **zalo_env(c)), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert "OK Telegram: @LoaTestBot" in ok.stdout and "OK Zalo: Loa" in ok.stdout
    wrong = "1459232241454765289:wrong-zalo-secret-part"
    refused = await asyncio.to_thread(
        run_cli, "check", env=loa_env(c, **zalo_env(c, ZALO_BOT_TOKEN=wrong)), cwd=tmp_path
    )
    assert refused.returncode == 1
    assert "OK Telegram" in refused.stdout and "Zalo: ZALO_BOT_TOKEN bị từ chối" in refused.stderr
    for output in (ok.stdout + ok.stderr, refused.stdout + refused.stderr):
        assert ZALO_TOKEN.split(":", 1)[1] not in output and "wrong-zalo-secret" not in output
