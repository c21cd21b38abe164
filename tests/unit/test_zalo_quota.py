"""Zalo's monthly message quota on a real database (SQLite and PostgreSQL): counting up to the
quota and no further (also from two instances at once), months in LOA_TIMEZONE, the organisers'
alerts once a month, Zalo's 429 pause across a restart, and held rows through the delivery
worker and the Zalo emulator."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.delivery import DeliveryWorker
from bot.emulator.zalo import ZaloEmulatorServer
from bot.zalo_client import ZaloClient
from bot.zalo_quota import QuotaKeeper
from bot.zalo_send import ZaloTransport
from handlers import router
from handlers.notices.plain import html_to_plain
from handlers.quota import organiser_alerts
from storage import queries
from storage.db import make_engine, make_sessionmaker
from storage.models import (
    Chat,
    ChatKind,
    ChatState,
    Outbox,
    OutboxStatus,
    Platform,
    PlatformUsage,
    Unit,
)
from tests.conftest import POSTGRES_ONLY
from tests.support import Harness, command
from tests.unit.zalo_support import person_who_wrote


def keeper(h: Harness, quota: int, **options: Any) -> QuotaKeeper:
    env = h.env
    return QuotaKeeper(env.sessions, env.clock, env.tz, quota, organiser_alerts(env), **options)


async def organiser_reachable(h: Harness) -> None:
    """The configured organiser has written to Loa in private (alerts go there)."""
    reply = await router.handle_command(h.env, command("ds"))
    assert reply is not None


async def alerts(h: Harness) -> list[str]:
    async with h.env.sessions() as session:
        rows = await session.scalars(
            select(Outbox).where(Outbox.purpose == "alert").order_by(Outbox.id)
        )
        return [row.payload["text"] for row in rows]


async def usage(h: Harness, month: str) -> PlatformUsage | None:
    async with h.env.sessions() as session:
        return await queries.month_usage(session, Platform.ZALO, month)


async def test_reserve_counts_up_to_the_quota_and_no_further(h: Harness) -> None:
    quota = keeper(h, 5)
    assert [await quota.reserve(2), await quota.reserve(2)] == [True, True]
    assert await quota.reserve(2) is False  # 4 + 2 > 5: nothing counted
    assert await quota.reserve(1) is True
    assert await quota.reserve(1) is False
    row = await usage(h, "2024-06")
    assert row is not None and (row.sent, row.received) == (5, 0)


async def test_received_messages_count_toward_the_quota(h: Harness) -> None:
    quota = keeper(h, 4)
    await quota.received()
    await quota.received(2)
    assert await quota.reserve(2) is False
    assert await quota.reserve(1) is True
    row = await usage(h, "2024-06")
    assert row is not None and (row.sent, row.received) == (1, 3)


@POSTGRES_ONLY
async def test_two_instances_reserving_at_once_never_pass_the_quota(
    h: Harness, db_url: str
) -> None:
    other_engine = make_engine(db_url)
    try:
        first = keeper(h, 30)
        second = QuotaKeeper(
            make_sessionmaker(other_engine), h.clock, h.env.tz, 30, organiser_alerts(h.env)
        )
        results = await asyncio.gather(*(k.reserve(1) for _ in range(25) for k in (first, second)))
    finally:
        await other_engine.dispose()
    assert results.count(True) == 30
    row = await usage(h, "2024-06")
    assert row is not None and row.sent == 30


async def test_a_new_month_starts_at_midnight_where_loa_runs(h: Harness) -> None:
    h.clock.current = datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # 23:30 in Hà Nội
    quota = keeper(h, 2)
    assert await quota.reserve(2) is True
    assert await quota.reserve(1) is False
    assert quota.retry_after() == 1800.0  # the month ends in half an hour
    h.clock.current = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)  # 00:00 on 1/1/2027 there
    assert await quota.reserve(1) is True
    january = await usage(h, "2027-01")
    assert january is not None and january.sent == 1
    h.clock.current = datetime(2027, 1, 15, 3, 0, tzinfo=UTC)
    assert quota.retry_after() == 3600.0  # mid-month: look again in an hour


async def test_the_organisers_are_warned_once_at_80_percent(h: Harness) -> None:
    await organiser_reachable(h)
    h.clock.current = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    quota = keeper(h, 3000)
    assert await quota.reserve(2399)
    assert await alerts(h) == []
    assert await quota.reserve(1)
    assert await quota.reserve(5)
    await quota.received()
    [alert] = await alerts(h)
    assert alert.startswith("⚠️ Loa đã dùng 2.400/3.000 tin nhắn Zalo của tháng 12/2026 (80%)")


async def test_held_messages_are_reported_once_a_month(h: Harness) -> None:
    await organiser_reachable(h)
    quota = keeper(h, 2)
    assert await quota.reserve(2)
    assert await quota.reserve(1) is False
    assert await quota.reserve(1) is False
    texts = await alerts(h)
    assert len(texts) == 2  # 80% (reached on the way), then the hold
    assert "đang chờ sang tháng sau hoặc khi hạn mức được nâng" in texts[1]
    assert "tháng 06/2024" in texts[1]


async def test_a_429_pauses_zalo_for_the_month_across_a_restart(h: Harness) -> None:
    await organiser_reachable(h)
    first = keeper(h, 3000)
    assert await first.reserve(3)
    await first.exceeded(unsent=1)
    await first.exceeded()
    assert await first.reserve(1) is False
    restarted = keeper(h, 3000)
    assert await restarted.reserve(1) is False
    [alert] = await alerts(h)
    assert alert.startswith(
        "⛔ Zalo báo đã hết hạn mức tin nhắn của tháng 06/2024 (Loa đếm được 2)"
    )
    raised = keeper(h, 5000)  # a raised quota lifts the pause
    assert await raised.reserve(1) is True
    h.clock.current = datetime(2024, 7, 1, 0, 0, tzinfo=UTC)  # 07:00 on 1/7 in Hà Nội
    assert await restarted.reserve(1) is True


async def test_no_quota_counts_without_limit(h: Harness) -> None:
    await organiser_reachable(h)
    quota = keeper(h, 0)
    assert await quota.reserve(100_000) is True
    assert await quota.reserve(1) is True
    row = await usage(h, "2024-06")
    assert row is not None and row.sent == 100_001
    assert await alerts(h) == []


async def test_ds_shows_the_months_zalo_messages_and_those_held(h: Harness) -> None:
    h.env.zalo_enabled = True
    h.env.zalo_quota = 3000
    quota = keeper(h, 3000)
    assert await quota.reserve(1200)
    await quota.received(34)
    reply = await router.handle_command(h.env, command("ds"))
    assert reply is not None
    assert "📊 Zalo tháng 06/2024: 1.234/3.000 tin nhắn (41%)" in reply.text
    assert "đang chờ" not in reply.text
    h.env.zalo_quota = 0
    reply = await router.handle_command(h.env, command("ds"))
    assert reply is not None
    assert "📊 Zalo tháng 06/2024: 1.234 tin nhắn (không giới hạn)" in reply.text


async def test_ds_says_nothing_of_zalo_when_zalo_is_not_running(h: Harness) -> None:
    reply = await router.handle_command(h.env, command("ds"))
    assert reply is not None and "Zalo" not in reply.text


async def zalo_group(h: Harness, external_id: str, unit_code: str) -> int:
    """A Zalo group linked to the unit (written here: nobody has asked anything in Loa yet,
    so no organiser is reachable and no alert joins the outbox)."""
    async with h.env.sessions() as session:
        unit = await queries.unit_by_code(session, unit_code)
        if unit is None:
            unit = Unit(
                code=unit_code, name=f"Trường Chính trị {unit_code}", created_at=h.clock.now()
            )
            session.add(unit)
            await session.flush()
        chat = Chat(
            platform=Platform.ZALO,
            external_id=external_id,
            kind=ChatKind.GROUP,
            title=f"Nhóm Zalo {unit_code}",
            unit_id=unit.id,
            state=ChatState.ACTIVE,
            created_at=h.clock.now(),
            updated_at=h.clock.now(),
        )
        session.add(chat)
        await session.commit()
        return chat.id


async def test_a_preview_warns_when_its_zalo_messages_would_pass_the_quota(h: Harness) -> None:
    h.env.zalo_enabled = True
    h.env.zalo_quota = 10
    await router.handle_command(h.env, command("donvi", "them HP | Trường Chính trị HP"))
    await zalo_group(h, "a" * 20, "HP")
    await zalo_group(h, "b" * 20, "HP")
    short = await router.handle_command(h.env, command("thongbao", "Họp giao ban | tất cả"))
    assert short is not None and "Xem trước" in short.text and "Zalo" not in short.text
    long_text = "\n\n".join(["Nội dung đoạn văn khá dài của thông báo. " * 20] * 6)  # ~5,000
    reply = await router.handle_command(
        h.env, command("thongbao", f"Lịch tháng 6 | tất cả\n{long_text}")
    )
    assert reply is not None
    # 3 Zalo messages for each of the 2 groups, 10 left: fits; with 5 used, only 5 are left
    assert "Zalo" not in reply.text
    assert await keeper(h, 10).reserve(5)
    reply = await router.handle_command(
        h.env, command("thongbao", f"Lịch tháng 6 | tất cả\n{long_text}")
    )
    assert reply is not None and reply.buttons  # a warning, never a block
    assert (
        "⚠️ Gửi qua Zalo cần 6 tin nhắn, hạn mức tháng 06/2024 chỉ còn 5: 1 tin nhắn sẽ chờ"
        in html_to_plain(reply.text)
    )
    later = await router.handle_command(
        h.env, command("thongbao", f"Lịch tháng 7 | tất cả | 8h 2/7\n{long_text}")
    )
    assert later is not None and "Xem trước" in later.text, later.text[:300]
    assert "Zalo" not in later.text, later.text[:400]  # July is untouched


def zalo_worker(h: Harness, zalo: ZaloClient, quota: QuotaKeeper) -> DeliveryWorker:
    """The delivery worker sending Zalo rows through the Zalo transport, within `quota`."""
    transport = ZaloTransport(zalo, per_second=100.0, quota=quota)
    return DeliveryWorker(h.env, {Platform.ZALO: transport})


async def zalo_rows(h: Harness, chat_id: int, count: int) -> None:
    async with h.env.sessions() as session:
        for index in range(count):
            await queries.enqueue(
                session,
                chat_id=chat_id,
                payload={"text": f"Tin số {index + 1}"},
                purpose="announcement",
                dedupe_key=f"quota-test:{index}",
                now=h.clock.now(),
            )
        await session.commit()


async def rows(h: Harness) -> list[Outbox]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(Outbox).order_by(Outbox.id))).all())


async def test_held_rows_wait_without_spending_attempts_and_go_when_the_quota_is_raised(
    h: Harness, zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    chat_id = await zalo_group(h, user, "HP")
    await zalo_rows(h, chat_id, 3)
    quota = keeper(h, 2)
    worker = zalo_worker(h, zalo, quota)
    await worker.start()
    try:
        assert await worker.run_once()
        held = [row for row in await rows(h) if row.status == OutboxStatus.PENDING]
        assert len(held) == 1 and held[0].attempts == 0
        assert held[0].last_error is not None
        assert held[0].last_error.startswith(queries.HOLD_MARK)
        assert held[0].not_before == h.clock.now() + timedelta(hours=1)
        h.env.zalo_enabled, h.env.zalo_quota = True, 2
        reply = await router.handle_command(h.env, command("ds"))
        assert reply is not None and "⏳ 1 tin nhắn Zalo đang chờ" in reply.text
        assert await keeper(h, 2).start() == 0  # still no room: stays held
        assert not await worker.run_once()
        raised = keeper(h, 10)
        assert await raised.start() == 1  # a restart with a raised quota: due again now
        worker.transports[Platform.ZALO] = ZaloTransport(zalo, per_second=100.0, quota=raised)
        assert await worker.run_once()
    finally:
        await worker.stop()
    assert {row.status for row in await rows(h) if row.chat_id == chat_id} == {OutboxStatus.SENT}
    assert len(await zemu.client.seen_by(user)) == 3


async def test_zalos_429_holds_the_row_and_pauses_sending(
    h: Harness, zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    await zemu.client.set_quota(1, used=0)
    await router.handle_command(h.env, command("donvi", "them HP | Trường Chính trị HP"))
    chat_id = await zalo_group(h, user, "HP")
    await zalo_rows(h, chat_id, 2)
    quota = keeper(h, 3000)
    worker = zalo_worker(h, zalo, quota)
    await worker.start()
    try:
        assert await worker.run_once()
    finally:
        await worker.stop()
    statuses = [row.status for row in await rows(h) if row.chat_id == chat_id]
    assert statuses == [OutboxStatus.SENT, OutboxStatus.PENDING]
    row = await usage(h, "2024-06")
    assert row is not None and row.sent == 1 and row.paused_at is not None
    assert await keeper(h, 3000).reserve(1) is False
