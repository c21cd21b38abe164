"""The Zalo emulator keeps the platform's rules: one update per call, each handed out once (by
webhook too); the bot cannot write first; texts of at most 2,000 characters; a file arrives
without content; in a group the bot sees only what mentions or answers it; a monthly quota;
every call checked against the documented methods and fields. It runs beside the Telegram
emulator.

The client's own behaviour is in test_zalo_client.py; fixtures in tests/unit/conftest.py.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest

from bot.emulator import BackgroundServer, EmulatorServer
from bot.emulator.zalo import ZaloEmulatorServer
from bot.zalo_client import ZaloClient, ZaloError
from tests.unit.emulator_support import FAST, TOKEN, make_bot
from tests.unit.zalo_support import (
    ZALO_SECRET_HALF,
    WebhookReceiver,
    person_who_wrote,
    zalo_client,
)


async def test_each_poll_hands_out_one_update_in_order(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await zemu.client.create_user("Lan")
    for text in ("một", "hai", "ba"):
        await zemu.client.send_text(user["id"], text)
    texts = []
    for _ in range(3):
        update = await zalo.get_updates(timeout=0)
        assert update is not None
        texts.append(update.text)
    assert texts == ["một", "hai", "ba"]


async def test_an_update_handed_out_is_gone(zemu: ZaloEmulatorServer, zalo: ZaloClient) -> None:
    user = await zemu.client.create_user("Lan")
    await zemu.client.send_text(user["id"], "XN 12 CO")
    assert await zalo.get_updates(timeout=0) is not None
    assert await zalo.get_updates(timeout=0) is None
    assert await zemu.client.updates() == []


async def test_two_pollers_split_the_updates(zemu: ZaloEmulatorServer, zalo: ZaloClient) -> None:
    polls = [asyncio.create_task(zalo.get_updates(timeout=5)) for _ in range(2)]
    await asyncio.sleep(0.2)  # both are waiting on the server
    user = await zemu.client.create_user("Lan")
    await zemu.client.send_text(user["id"], "a")
    await zemu.client.send_text(user["id"], "b")
    updates = await asyncio.gather(*polls)
    assert sorted(u.text for u in updates if u is not None) == ["a", "b"]


async def test_a_poll_that_hangs_up_takes_nothing(zemu: ZaloEmulatorServer) -> None:
    url = f"{zemu.base_url}/bot{zemu.token}/getUpdates"
    async with httpx.AsyncClient() as http:
        with pytest.raises(httpx.ReadTimeout):
            await http.post(url, json={"timeout": 5}, timeout=0.2)
    await asyncio.sleep(0.2)
    user = await zemu.client.create_user("Lan")
    await zemu.client.send_text(user["id"], "còn đây")
    assert [u["message"]["text"] for u in await zemu.client.updates()] == ["còn đây"]


async def test_the_bot_cannot_write_first(zemu: ZaloEmulatorServer, zalo: ZaloClient) -> None:
    user = await zemu.client.create_user("Minh")
    with pytest.raises(ZaloError) as caught:
        await zalo.send_message(user["id"], "Kính mời thầy")
    assert caught.value.error_code == 403
    await zemu.client.send_text(user["id"], "HP-7K2Q")
    await zalo.send_message(user["id"], "Kính mời thầy")
    assert [m["text"] for m in await zemu.client.seen_by(user["id"])] == ["Kính mời thầy"]


async def test_texts_stop_at_2000_utf16_units(zemu: ZaloEmulatorServer, zalo: ZaloClient) -> None:
    user = await person_who_wrote(zemu.client)
    await zalo.send_message(user, "😀" * 1000)  # 2,000 UTF-16 units
    with pytest.raises(ZaloError) as caught:
        await zalo.send_message(user, "😀" * 1000 + "a")
    assert caught.value.error_code == 400
    [violation] = await zemu.client.violations()
    assert "more than 2000" in violation["problem"]
    assert len(await zemu.client.seen_by(user)) == 1


async def test_a_file_arrives_as_unsupported_without_content(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await zemu.client.create_user("Lan")
    await zemu.client.send_file(user["id"], "tham-luan.docx")
    update = await zalo.get_updates(timeout=0)
    assert update is not None and update.is_unsupported
    assert update.text is None and update.photo_url is None
    assert "tham-luan" not in repr(update.raw)


async def test_in_a_group_the_bot_sees_only_mentions_and_replies(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    c = zemu.client
    lan = await c.create_user("Lan")
    group = await c.create_group("Cụm trường", member_ids=[lan["id"]])
    await c.send_text(lan["id"], "chào cả nhà", chat_id=group["id"])
    await c.mention(lan["id"], group["id"], "nhom HP")
    update = await zalo.get_updates(timeout=0)
    assert update is not None and update.text == "@Loa nhom HP"
    assert (update.chat_id, update.chat_type) == (group["id"], "GROUP")
    sent = await zalo.send_message(group["id"], "Đã liên kết nhóm")
    await c.send_text(lan["id"], "cảm ơn", chat_id=group["id"], reply_to=sent.message_id)
    reply = await zalo.get_updates(timeout=0)
    assert reply is not None and reply.text == "cảm ơn"
    assert await zalo.get_updates(timeout=0) is None


async def test_the_quota_counts_both_directions(zemu: ZaloEmulatorServer, zalo: ZaloClient) -> None:
    await zemu.client.set_quota(limit=3, used=0)
    user = await person_who_wrote(zemu.client)  # 1 received
    await zalo.send_message(user, "một")
    await zalo.send_message(user, "hai")
    assert (await zemu.client.quota())["used"] == 3
    with pytest.raises(ZaloError) as caught:
        await zalo.send_message(user, "ba")
    assert caught.value.error_code == 429


async def test_calls_outside_the_docs_are_violations(zemu: ZaloEmulatorServer) -> None:
    user = await person_who_wrote(zemu.client)
    base = f"{zemu.base_url}/bot{zemu.token}"
    async with httpx.AsyncClient() as http:
        wrong_case = (await http.post(f"{base}/sendmessage", json={})).json()
        extra = await http.post(
            f"{base}/sendMessage", json={"chat_id": user, "text": "a", "parse_mode": "HTML"}
        )
        await http.post(f"{base}/sendMessage", json={"chat_id": 42, "text": "a"})
    assert wrong_case == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert extra.status_code == 200 and extra.json()["ok"] is True
    problems = [v["problem"] for v in await zemu.client.violations()]
    assert any("case-sensitive" in p for p in problems)
    assert "unknown field 'parse_mode'" in problems
    assert "field 'chat_id' must be str, got int" in problems


async def test_the_request_log_holds_no_token(zemu: ZaloEmulatorServer, zalo: ZaloClient) -> None:
    await zalo.get_me()
    log = await zemu.client.requests()
    assert [r["method"] for r in log] == ["getMe"]
    assert ZALO_SECRET_HALF not in repr(log)


async def test_a_refused_webhook_delivery_is_tried_three_times_then_lost(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    receiver = WebhookReceiver(status=500)
    async with BackgroundServer(receiver.app) as hook:
        await zalo.set_webhook(f"{hook.url}/zalo", "hook-secret-42")
        user = await zemu.client.create_user("Lan")
        await zemu.client.send_text(user["id"], "XN 3 CO")
        for _ in range(200):
            if len(await zemu.client.webhook_log()) == 3:
                break
            await asyncio.sleep(0.02)
    log = await zemu.client.webhook_log()
    assert [(e["attempt"], e["status"]) for e in log] == [(1, 500), (2, 500), (3, 500)]
    assert len(receiver.received) == 3
    assert await zemu.client.updates() == []  # at most once: gone


async def test_a_poll_gets_nothing_while_a_webhook_is_set(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    await zalo.set_webhook("https://loa.example.org/zalo", "hook-secret-42")
    user = await zemu.client.create_user("Lan")
    await zemu.client.send_text(user["id"], "xin chào")
    assert await zalo.get_updates(timeout=0) is None


async def test_it_runs_beside_the_telegram_emulator(zemu: ZaloEmulatorServer) -> None:
    async with EmulatorServer(token=TOKEN, limits=FAST) as emu:
        tg = make_bot(emu)
        async with tg, zalo_client(zemu) as zalo:
            assert (await tg.get_me()).username == "LoaTestBot"
            assert (await zalo.get_me())["account_type"] == "BASIC"
    assert zemu.base_url != emu.base_url
