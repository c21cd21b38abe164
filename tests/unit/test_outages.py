"""The Bot API down for a while: the emulator's outage control (connections closed, or 502 for
every call, counted) and the gate delivery waits at (`bot.api_gate`) through the real
python-telegram-bot transport: one probe at a time while the API is down, none while it is up,
and the sends going again once it is back."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
import telegram
from telegram.ext import Application

from bot.api_gate import ApiGate
from bot.delivery import Transient
from bot.emulator import EmulatorServer
from bot.telegram_send import TelegramTransport
from storage.models import OutboxAction
from tests.unit.emulator_support import group_with_bot


@pytest.mark.parametrize("kind", ["refuse", "502"])
async def test_an_outage_fails_every_bot_call_and_counts_them_until_it_ends(
    emu: EmulatorServer, bot: telegram.Bot, kind: str
) -> None:
    await emu.client.outage(0.6, kind)
    for _ in range(3):
        with pytest.raises(telegram.error.NetworkError):
            await bot.get_me()
    with pytest.raises(telegram.error.NetworkError):
        await bot.send_message(1, "x")
    info = await emu.client.outage_info()  # the control API answers during the outage
    assert info["active"] and info["kind"] == kind
    assert info["requests_by_method"] == {"getMe": 3, "sendMessage": 1}
    await asyncio.sleep(max(0.0, info["ends"] - time.time()) + 0.05)
    assert (await bot.get_me()).username == "LoaTestBot"
    after = await emu.client.outage_info()
    assert not after["active"] and after["requests"] == 4
    failed = [r for r in await emu.client.requests() if r["error"] and "outage" in r["error"]]
    assert len(failed) == 4 and {r["status"] for r in failed} == (
        {0} if kind == "refuse" else {502}
    )


async def test_a_long_poll_in_progress_is_cut_by_the_outage_and_its_updates_kept(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    chat_id, user_id = await group_with_bot(emu.client)
    await bot.get_updates(offset=-1, timeout=0)
    confirmed = await bot.get_updates(timeout=0)
    offset = confirmed[-1].update_id + 1 if confirmed else None
    poll = asyncio.create_task(bot.get_updates(offset=offset, timeout=20))
    await asyncio.sleep(0.2)
    started = time.monotonic()
    await emu.client.outage(0.5, "502")
    with pytest.raises(telegram.error.NetworkError):
        await poll
    assert time.monotonic() - started < 2
    await emu.client.send_text(user_id, chat_id, "/start")
    await asyncio.sleep(0.6)
    updates = await bot.get_updates(offset=offset, timeout=0)
    assert [u.message.text for u in updates if u.message] == ["/start"]


async def test_the_control_api_refuses_an_unknown_outage_kind(emu: EmulatorServer) -> None:
    async with httpx.AsyncClient(base_url=emu.base_url) as http:
        answer = await http.post("/_emu/outage", json={"seconds": 1, "kind": "flood"})
    assert answer.status_code >= 400 and "unknown outage kind" in answer.json()["error"]


async def transport_on(bot: telegram.Bot) -> TelegramTransport:
    app = Application.builder().bot(bot).updater(None).build()
    return TelegramTransport(app)


async def test_the_probe_says_whether_the_api_answers(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    transport = await transport_on(bot)
    assert await transport.probe()
    await emu.client.outage(0.3, "refuse")
    assert not await transport.probe()
    await emu.client.end_outage()
    await emu.client.outage(0.3, "502")
    assert not await transport.probe()
    await emu.client.end_outage()
    await emu.client.set_fault(method="getMe", kind="status", status=429)
    assert await transport.probe(), "a 429 is an answer"


async def test_while_the_api_is_down_senders_wait_and_one_probe_at_a_time_asks(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    """Twenty sends meet a 2 s outage: each fails once, then all wait at the gate while getMe
    probes (pauses 0.05 s growing to 0.4 s); the first probe after the API's return opens it and
    every send goes through, none spending an attempt on the outage."""
    chat_id, _ = await group_with_bot(emu.client)
    transport = await transport_on(bot)
    gate = ApiGate(transport.probe, first_pause=0.05, max_pause=0.4)
    outage = await emu.client.outage(2.0, "502")
    spent: list[int] = []

    async def send(i: int) -> float:
        await gate.wait_open()
        while True:
            try:
                await transport.deliver(str(chat_id), OutboxAction.SEND, {"text": f"{i}"}, None)
                return time.time()
            except Transient:
                if not await gate.trouble():
                    spent.append(i)
                    raise
                await gate.wait_open()

    sent_at = await asyncio.gather(*(send(i) for i in range(20)))
    info = await emu.client.outage_info()
    assert spent == []
    assert info["requests_by_method"]["sendMessage"] == 20  # the first try of each, no more
    probes = info["requests_by_method"]["getMe"]
    assert 4 <= probes <= 15, probes  # 0.05, 0.1, 0.2, 0.4, 0.4, … over 2 s
    assert min(sent_at) - outage["ends"] < 0.6  # within a probe pause of the API's return
    texts = [m["text"] for m in await emu.client.bot_messages(chat_id)]
    assert sorted(t for t in texts if t.isdigit()) == sorted(str(i) for i in range(20))
    await gate.aclose()


async def test_a_failure_of_one_chat_while_the_api_answers_spends_that_send_s_attempt(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    chat_id, _ = await group_with_bot(emu.client)
    transport = await transport_on(bot)
    gate = ApiGate(transport.probe)
    await emu.client.set_fault(method="sendMessage", chat_id=chat_id, kind="status", status=500)
    with pytest.raises(Transient):
        await transport.deliver(str(chat_id), OutboxAction.SEND, {"text": "x"}, None)
    assert await gate.trouble() is False  # getMe answered: the failure was this send's own
    assert gate.is_open and gate.outages == 0
    await gate.aclose()
