"""One delivery worker for both platforms: each outbox row goes through the transport of its
chat's platform (Zalo's here, against the Zalo emulator), and rows for a platform that is not
running stay pending, untouched, for the process that runs it."""

from __future__ import annotations

from sqlalchemy import select

from bot.delivery import DeliveryWorker
from bot.emulator.zalo import ZaloEmulatorServer
from bot.zalo_client import ZaloClient
from bot.zalo_send import ZaloTransport
from handlers.notices.cards import payload
from storage import queries
from storage.models import ChatKind, Outbox, OutboxStatus, Platform
from tests.support import Harness
from tests.unit.zalo_support import person_who_wrote


async def test_rows_go_by_their_chats_platform_and_others_stay_pending(
    h: Harness, zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    person = await person_who_wrote(zemu.client)
    now = h.clock.now()
    async with h.env.sessions() as session:
        on_zalo = await queries.upsert_chat(
            session, Platform.ZALO, person, ChatKind.PRIVATE, "", now
        )
        on_telegram = await queries.upsert_chat(
            session, Platform.TELEGRAM, "4242", ChatKind.PRIVATE, "", now
        )
        for chat, key in ((on_zalo, "z"), (on_telegram, "t")):
            await queries.enqueue(
                session,
                chat_id=chat.id,
                payload=payload("<b>THÔNG BÁO #1</b>\nHọp lúc 8h"),
                purpose="notice",
                dedupe_key=f"notice:1:{key}",
                now=now,
            )
        await session.commit()
    transport = ZaloTransport(zalo, per_second=100.0)
    worker = DeliveryWorker(h.env, {Platform.ZALO: transport})
    await worker.start()
    try:
        assert await worker.run_once()
        assert not await worker.run_once()  # the Telegram row is not this worker's to claim
    finally:
        await worker.stop()
    async with h.env.sessions() as session:
        rows = {r.chat_id: r for r in (await session.scalars(select(Outbox))).all()}
    assert rows[on_zalo.id].status == OutboxStatus.SENT
    assert rows[on_telegram.id].status == OutboxStatus.PENDING
    assert rows[on_telegram.id].attempts == 0
    [seen] = await zemu.client.seen_by(person)
    assert seen["text"] == "THÔNG BÁO #1\nHọp lúc 8h"
    assert rows[on_zalo.id].platform_message_id == seen["message_id"]
