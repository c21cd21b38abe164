"""Zalo's long polling into the inbox (against the Zalo emulator, on the real database): each
message is written once by its id and handled after the commit, an idle poll or a 5xx does not
stop polling, and a refused token stops Loa with one line."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import select

from bot.delivery import Transient
from bot.emulator.zalo import ZaloEmulatorServer
from bot.intake import Intake
from bot.zalo_client import ZaloClient
from bot.zalo_intake import TOKEN_LINE, ZaloPoller, arrivals, decode
from bot.zalo_send import ZaloTransport
from bot.zalo_updates import Update
from handlers.notices.cards import payload
from storage.models import Inbox, OutboxAction, Platform
from tests.support import Harness
from tests.unit.zalo_support import zalo_client


def recording(h: Harness, seen: list[Update]) -> Intake:
    async def process(update: Update) -> None:
        seen.append(update)

    return Intake(h.env.sessions, h.clock, Platform.ZALO, process, decode, shared=False)


async def until(predicate: Any, within: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "not in time"
        await asyncio.sleep(0.02)


async def test_messages_are_written_once_then_handled_and_errors_do_not_stop_polling(
    h: Harness, zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    seen: list[Update] = []
    intake = recording(h, seen)
    poller = ZaloPoller(zalo, intake, lambda line: None, timeout=1)
    lan = await zemu.client.create_user("Lan")
    await zemu.client.set_fault(method="getUpdates", kind="status", status=502, count=6)
    await poller.start()
    try:
        await zemu.client.send_text(lan["id"], "/start")
        await zemu.client.send_text(lan["id"], "xn 1 có")
        await until(lambda: len(seen) == 2)
    finally:
        await poller.stop()
        await intake.stop()
    assert [u.text for u in seen] == ["/start", "xn 1 có"]
    assert poller.failures >= 1  # the 502s were waited out
    async with h.env.sessions() as session:
        rows = (await session.scalars(select(Inbox).order_by(Inbox.id))).all()
    assert [(r.platform, r.update_key) for r in rows] == [
        (Platform.ZALO, u.message_id) for u in seen
    ]
    assert all(r.done_at is not None for r in rows)
    assert await intake.receive(arrivals(seen[:1])) == 0  # delivered again: dropped
    assert intake.repeats == 1 and len(seen) == 2


async def test_a_refused_token_stops_with_one_line(h: Harness, zemu: ZaloEmulatorServer) -> None:
    lines: list[str] = []
    async with ZaloClient("1459232241454765289:not-the-right-secret", zemu.base_url) as wrong:
        poller = ZaloPoller(wrong, recording(h, []), lines.append, timeout=1)
        await poller.start()
        await until(lambda: bool(lines))
        await poller.stop()
        transport = ZaloTransport(wrong, per_second=100.0, fatal=lines.append)
        person = (await zemu.client.create_user("Lan"))["id"]
        with pytest.raises(Transient) as raised:
            await transport.deliver(person, OutboxAction.SEND, payload("xin chào"), None)
        assert "not-the-right-secret" not in str(raised.value)
    assert lines == [TOKEN_LINE, TOKEN_LINE]
    assert "ZALO_BOT_TOKEN" in TOKEN_LINE


async def test_the_poller_clears_a_webhook_before_polling(
    h: Harness, zemu: ZaloEmulatorServer
) -> None:
    async with zalo_client(zemu) as zalo:
        await zalo.set_webhook("http://127.0.0.1:9/zalo", "hook-secret-123")
        poller = ZaloPoller(zalo, recording(h, []), lambda line: None, timeout=1)
        await poller.start()
        await poller.stop()
        assert await zalo.get_webhook_info() is None
