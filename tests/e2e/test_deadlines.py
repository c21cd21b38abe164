"""Deadlines through the real bot: a paper call's unit given its own deadline is reminded from
it, and a meeting that closes at its deadline refuses presses until `/giahan` reopens one
unit, which is told. The bot's clock is moved by the test (`SkewedClock`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from handlers import timeparse
from storage.db import make_engine, make_sessionmaker
from storage.models import Meeting, Rsvp, ScheduledSend, ScheduleStatus
from tests.e2e.conftest import Cluster, SkewedClock, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TOPIC = "Đổi mới phương pháp giảng dạy"


async def texts_in(c: Cluster, chat_id: int, part: str) -> list[str]:
    return [m["text"] for m in await c.client.bot_messages(chat_id) if part in m["text"]]


async def in_database(c: Cluster, query):  # type: ignore[no-untyped-def]
    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return (await session.scalars(query)).all()
    finally:
        await engine.dispose()


async def close_at_deadline(c: Cluster) -> None:
    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            await session.execute(update(Meeting).values(closes_at_deadline=True))
            await session.commit()
    finally:
        await engine.dispose()


async def test_an_extended_unit_is_reminded_from_its_deadline_and_answers_after_the_others(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    await c.stop()
    clock = SkewedClock(timedelta(seconds=-57))  # "1441 phút nữa" less a day is 3 s from now
    c.clock = clock
    await c.start()
    groups = await build_cluster(c, units=3, extra_groups=0)

    # a paper call due in 20 hours; T03 is given until a day and a minute from now
    await c.say(org, org["id"], f"/thamluan {TOPIC} | 20 giờ nữa | tất cả!", replies=0)
    await wait_until(lambda: _everywhere(c, groups, "GỬI THAM LUẬN #1"))
    (extended,) = await c.say(org, org["id"], "/giahan 1 T03 | 1441 phút nữa")
    assert extended["text"].startswith("📅 Đã gia hạn cho T03 — lời mời tham luận #1: hạn mới ")
    own = await in_database(c, select(ScheduledSend).where(ScheduledSend.unit_id.is_not(None)))
    assert "papers:before:1440" in [t.note for t in own] and {t.unit_id for t in own} == {3}

    async def reminded() -> bool:
        return bool(await texts_in(c, groups[2], "Nhắc nộp tham luận #1"))

    await wait_until(reminded, within=20)  # fired by the bot's own timer, from T03's deadline
    (reminder,) = await texts_in(c, groups[2], "Nhắc nộp tham luận #1")
    assert "đơn vị T03 mới nộp 0/1 bài" in reminder and "(còn 1 ngày)" in reminder
    for gid in groups[:2]:
        assert not await texts_in(c, gid, "Nhắc nộp"), "the others were not reminded"
    told = await texts_in(c, groups[2], "📅 Ban tổ chức đã gia hạn cho T03")
    assert len(told) == 1 and f"lời mời tham luận #1 «{TOPIC}»" in told[0]

    # a meeting that closes at its deadline, three days ahead
    day = (datetime.now(TZ) + timedelta(days=8)).replace(hour=8, minute=0, second=0, microsecond=0)
    deadline = (day - timedelta(days=5)).replace(hour=17)
    await c.say(
        org,
        org["id"],
        f"/hop Hội nghị sơ kết | 8h {day:%d/%m/%Y} | Hội trường A | tất cả!\n"
        f"hạn xác nhận: 17h {deadline:%d/%m/%Y}",
        replies=0,
    )
    await wait_until(lambda: _everywhere(c, groups, "GIẤY MỜI HỌP #2"))
    await close_at_deadline(c)  # `sau hạn: đóng`
    clock.offset = deadline - datetime.now(TZ) + timedelta(hours=1)
    members = [await c.client.create_user(f"Thư ký {i}") for i in (1, 2)]

    async def press(i: int) -> str:
        card = next(
            m for m in await c.client.bot_messages(groups[i]) if "GIẤY MỜI HỌP #2" in m["text"]
        )
        query = await c.client.press_button(
            members[i]["id"], groups[i], card["message_id"], "r:a:2"
        )
        return str((await c.client.wait_callback_answer(query))["text"])

    closed = timeparse.format_when(deadline, TZ)
    refused = f"Đã hết hạn xác nhận ({closed}). Vui lòng liên hệ ban tổ chức."
    assert await press(0) == refused
    assert await press(1) == refused
    later = deadline + timedelta(days=2)
    (reply,) = await c.say(org, org["id"], f"/giahan 2 T02 | 17h {later:%d/%m/%Y}")
    new = timeparse.format_when(later, TZ)
    assert reply["text"].startswith(f"📅 Đã gia hạn cho T02 — giấy mời #2: hạn mới {new}.")

    async def told_t02() -> bool:
        return bool(await texts_in(c, groups[1], "📅 Ban tổ chức đã gia hạn cho T02"))

    await wait_until(told_t02)
    (notice,) = await texts_in(c, groups[1], "📅 Ban tổ chức đã gia hạn cho T02")
    assert notice == (
        f"📅 Ban tổ chức đã gia hạn cho T02: giấy mời #2 «Hội nghị sơ kết» — hạn mới {new}."
    )
    assert await press(1) == "Đã ghi nhận: ✅ Thư ký 2 tham dự (T02)"
    assert await press(0) == refused, "T01's deadline did not move"
    answers = await in_database(c, select(Rsvp))
    assert [(r.unit_id, r.late) for r in answers] == [(2, False)]
    (status,) = await c.say(org, org["id"], "/tinhhinh 2")
    assert f"· hạn riêng: {new}" in status["text"]
    pending = await in_database(
        c, select(ScheduledSend).where(ScheduledSend.status == ScheduleStatus.PENDING)
    )
    assert any(t.unit_id == 2 and t.note == "nudge" for t in pending)


async def _everywhere(c: Cluster, groups: list[int], part: str) -> bool:
    return all([bool(await texts_in(c, g, part)) for g in groups])
