"""Zalo's webhook route (`POST …/zalo`), on the real database: the secret header is required,
both body shapes are read, a repeat is stored once, a malformed body is refused, and the answer
is 503 — so Zalo tries again — when the message could not be stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from bot.intake import Intake
from bot.webhook import build_webhook_app, zalo_webhook_url
from bot.zalo_intake import decode
from storage.db import make_engine, make_sessionmaker
from storage.models import Inbox, Platform
from tests.support import Harness

SECRET = "zalo-hook_secret-42"
BODY = {
    "event_name": "message.text.received",
    "message": {
        "message_id": "a1b2c3",
        "date": 1733300000000,
        "from": {"id": "u42", "display_name": "Lan"},
        "chat": {"id": "u42", "chat_type": "PRIVATE"},
        "text": "/start",
    },
}


def client_for(intake: Intake) -> httpx.AsyncClient:
    app = build_webhook_app(None, None, "/telegram", "", zalo=(intake, "/hook/zalo", SECRET))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://loa")


def intake_of(h: Harness, seen: list[Any], sessions: Any = None) -> Intake:
    async def process(update: Any) -> None:
        seen.append(update.message_id)

    return Intake(sessions or h.env.sessions, h.clock, Platform.ZALO, process, decode, shared=False)


async def stored(h: Harness) -> int:
    async with h.env.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Inbox)) or 0)


async def test_the_secret_is_required_and_a_repeat_is_stored_once(h: Harness) -> None:
    seen: list[Any] = []
    intake = intake_of(h, seen)
    async with client_for(intake) as http:
        for headers in ({}, {"X-Bot-Api-Secret-Token": "wrong"}):
            assert (await http.post("/hook/zalo", json=BODY, headers=headers)).status_code == 403
        assert await stored(h) == 0
        good = {"X-Bot-Api-Secret-Token": SECRET}
        assert (await http.post("/hook/zalo", json=BODY, headers=good)).status_code == 200
        wrapped = {"ok": True, "result": BODY}
        assert (await http.post("/hook/zalo", json=wrapped, headers=good)).status_code == 200
        assert (await http.post("/hook/zalo", json={"x": 1}, headers=good)).status_code == 400
        assert (await http.get("/healthz")).status_code == 200
    await intake.stop()
    assert seen == ["a1b2c3"] and await stored(h) == 1 and intake.repeats == 1


async def test_a_message_that_cannot_be_stored_is_answered_503(h: Harness, tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/missing/dir/loa.db")
    try:
        intake = intake_of(h, [], make_sessionmaker(engine))
        async with client_for(intake) as http:
            answer = await http.post(
                "/hook/zalo", json=BODY, headers={"X-Bot-Api-Secret-Token": SECRET}
            )
        assert answer.status_code == 503
    finally:
        await engine.dispose()


def test_zalo_posts_to_the_webhook_url_followed_by_zalo() -> None:
    assert zalo_webhook_url("https://loa.example.vn/") == "https://loa.example.vn/zalo"
    assert zalo_webhook_url("https://loa.example.vn/hook") == "https://loa.example.vn/hook/zalo"
