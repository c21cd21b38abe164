"""Nothing a person did is lost between "received" and "handled": presses confirmed to Telegram
survive a `kill -9`, a repeated delivery is handled once, a second poller stops with one line,
and a press whose toast comes too late still counts."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import func, select

from bot.app import Loa
from bot.emulator import BackgroundServer
from bot.webhook import build_webhook_app
from storage.db import make_engine, make_sessionmaker
from storage.models import Inbox, Rsvp, RsvpAnswer
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster
from tests.e2e.test_process import REPO, loa_env, spawn

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
GROUPS = 5
PEOPLE_PER_GROUP = 30  # 150 presses
TOAST_DELAY = 4.0  # seconds each toast takes: presses are fetched far faster than handled


async def scalar(c: Cluster, query: Any) -> Any:
    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return await session.scalar(query)
    finally:
        await engine.dispose()


async def meeting_cards(c: Cluster, groups: list[int]) -> dict[int, int]:
    """The organiser invites every group to a meeting; the card's message id in each group."""
    org = c.organiser
    day = datetime.now(TZ) + timedelta(days=8)
    await c.say(
        org,
        org["id"],
        f"/hop Hội nghị sơ kết | 8h {day.day}/{day.month}/{day.year} | Hội trường A | tất cả!",
        replies=0,
    )
    cards: dict[int, int] = {}

    async def everywhere() -> bool:
        for gid in groups:
            for m in await c.client.bot_messages(gid):
                if "GIẤY MỜI HỌP #1" in m.get("text", ""):
                    cards[gid] = m["message_id"]
        return len(cards) == len(groups)

    await wait_until(everywhere, within=30, interval=0.2)
    return cards


async def test_presses_confirmed_to_telegram_survive_a_kill_and_are_recorded_once(
    cluster: Cluster, tmp_path: Path
) -> None:
    c = cluster
    groups = await build_cluster(c, units=GROUPS, extra_groups=0)
    cards = await meeting_cards(c, groups)
    await c.stop()
    people = [
        (await c.client.create_user(f"Đại biểu {g}-{i}"), gid)
        for g, gid in enumerate(groups)
        for i in range(PEOPLE_PER_GROUP)
    ]
    presses = len(people)
    await c.client.set_fault(
        method="answerCallbackQuery", kind="delay", delay=TOAST_DELAY, count=presses
    )
    log = tmp_path / "loa.log"
    process = spawn(c, log)
    try:
        await c.client.wait_bot_messages(c.organiser["id"], 0, timeout=1)
        await asyncio.gather(
            *(c.client.press_button(p["id"], gid, cards[gid], "r:a:1") for p, gid in people)
        )

        async def some_handled_most_not() -> bool:
            if len(await c.client.confirmed_unanswered()) < presses // 2:
                return False
            return await scalar(c, select(func.count()).select_from(Rsvp)) > 0

        await wait_until(some_handled_most_not, within=30, interval=0.1)
    finally:
        process.send_signal(signal.SIGKILL)
        await asyncio.to_thread(process.wait, 10)
    assert process.returncode == -signal.SIGKILL
    confirmed_unanswered = len(await c.client.confirmed_unanswered())
    recorded_at_kill = await scalar(c, select(func.count()).select_from(Rsvp))
    print(
        f"\nat the kill: {confirmed_unanswered} presses confirmed to Telegram and unanswered, "
        f"{recorded_at_kill} answers recorded"
    )
    assert confirmed_unanswered > 0 and 0 < recorded_at_kill < presses

    await c.client.clear_faults()
    process = spawn(c, log)
    try:

        async def all_recorded() -> bool:
            return await scalar(c, select(func.count()).select_from(Rsvp)) == presses

        await wait_until(all_recorded, within=60, interval=0.25)
        await wait_until(lambda: _none_left(c), within=30, interval=0.25)
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.to_thread(process.wait, 30)
    attend = await scalar(
        c, select(func.count()).select_from(Rsvp).where(Rsvp.answer == RsvpAnswer.ATTEND)
    )
    people_recorded = await scalar(c, select(func.count(func.distinct(Rsvp.person_id))))
    assert attend == presses and people_recorded == presses  # each person once
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "error while handling an update" not in text
    print(f"after the restart: {attend} answers recorded, by {people_recorded} people")


async def _none_left(c: Cluster) -> bool:
    return await scalar(c, select(func.count()).where(Inbox.done_at.is_(None))) == 0


async def test_a_second_poller_stops_with_one_clear_line(cluster: Cluster, tmp_path: Path) -> None:
    c = cluster  # the cluster's own Loa is polling
    await c.say(c.organiser, c.organiser["id"], "/start")
    second = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=REPO,
        env=loa_env(c, LOG_LEVEL="WARNING"),
        capture_output=True,
        timeout=60,
    )
    assert second.returncode == 1
    err = second.stderr.decode()
    assert "409 Conflict" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) <= 2  # the log line and the exit line, nothing more
    reply = await c.say(c.organiser, c.organiser["id"], "/start")  # the first one goes on
    assert "Ban tổ chức" in reply[0]["text"]


async def test_a_press_whose_toast_is_too_late_is_still_recorded(cluster: Cluster) -> None:
    c = cluster
    groups = await build_cluster(c, units=1, extra_groups=0)
    cards = await meeting_cards(c, groups)
    await c.client.set_callback_lifetime(0.0)  # every toast is already too late
    person = await c.client.create_user("Trễ")
    query = await c.client.press_button(person["id"], groups[0], cards[groups[0]], "r:a:1")

    async def recorded() -> bool:
        return await scalar(c, select(func.count()).select_from(Rsvp)) == 1

    await wait_until(recorded, within=10)
    await wait_until(lambda: _none_left(c), within=10)
    assert await c.client.callback_answer(query) is None
    assert "error while handling an update" not in c.log.getvalue()


async def test_a_webhook_update_posted_twice_is_handled_once(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    await c.stop()
    loa = Loa(c.settings(), limits=c.limits)
    await loa.start(polling=False)
    assert loa.intake is not None
    secret = "webhook-secret_43"
    server = BackgroundServer(build_webhook_app(loa.app, loa.intake, "/telegram", secret))
    await server.start()
    before = len(await c.client.bot_messages(org["id"]))
    update = {
        "update_id": 424242,
        "message": {
            "message_id": 77,
            "date": int(time.time()),
            "chat": {"id": org["id"], "type": "private", "first_name": org["first_name"]},
            "from": {"id": org["id"], "is_bot": False, "first_name": org["first_name"]},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    try:
        async with httpx.AsyncClient() as http:
            for _ in range(2):
                answer = await http.post(
                    f"{server.url}/telegram",
                    json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": secret},
                )
                assert answer.status_code == 200
        await c.client.wait_bot_messages(org["id"], before + 1, timeout=10)
        await asyncio.sleep(1.0)  # a second reply would have come by now
        assert len(await c.client.bot_messages(org["id"])) == before + 1
        assert loa.intake.repeats == 1
    finally:
        await server.stop()
        await loa.stop()
