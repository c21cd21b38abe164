"""The foundation, end to end: units, groups, organisers and notices through the real bot."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from sqlalchemy import func, select

from storage.db import make_engine, make_sessionmaker
from storage.models import Announcement, ScheduledSend
from tests.e2e.conftest import Cluster, SkewedClock, wait_until

NOTICE = "Kính gửi Ban Giám hiệu các trường: Hội nghị sơ kết 6 tháng đầu năm 2024"


async def build_cluster(c: Cluster, units: int = 10, extra_groups: int = 1) -> list[int]:
    """An organiser creates the units, the bot joins the groups, all but the extras are linked."""
    org = c.organiser
    greeting = await c.say(org, org["id"], "/start")
    assert "Ban tổ chức" in greeting[0]["text"]
    for i in range(1, units + 1):
        reply = await c.say(org, org["id"], f"/donvi them T{i:02d} | Trường Chính trị số {i}")
        assert f"Đã thêm đơn vị T{i:02d}" in reply[0]["text"]
    groups = [await c.new_group(f"BGH Trường số {i}") for i in range(1, units + extra_groups + 1)]
    for gid in groups:
        welcome = (await c.client.bot_messages(gid))[0]["text"]
        assert "/nhom" in welcome and "chưa nhận thông báo" in welcome
    for i, gid in enumerate(groups[:units], start=1):
        reply = await c.say(org, gid, f"/nhom T{i:02d}")
        assert f"liên kết với đơn vị T{i:02d}" in reply[0]["text"]
    return groups


async def notices_in(c: Cluster, chat_id: int) -> list[str]:
    return [m["text"] for m in await c.client.bot_messages(chat_id) if "THÔNG BÁO" in m["text"]]


async def test_a_notice_to_everyone_reaches_each_linked_group_exactly_once(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c)
    preview = await c.say(org, org["id"], f"/thongbao {NOTICE} | tất cả")
    assert "Xem trước thông báo #1" in preview[0]["text"] and "10 nhóm" in preview[0]["text"]
    buttons = [b["callback_data"] for b in preview[0]["reply_markup"]["inline_keyboard"][0]]
    assert buttons == ["n:go:1", "n:no:1"]
    query = await c.client.press_button(org["id"], org["id"], preview[0]["message_id"], "n:go:1")
    answer = await c.client.wait_callback_answer(query)
    assert answer is not None and answer["text"] == "Đã xác nhận gửi #1"

    async def all_delivered() -> bool:
        return all([len(await notices_in(c, g)) == 1 for g in groups[:10]])

    await wait_until(all_delivered)
    await asyncio.sleep(1.0)  # nothing more arrives later
    for gid in groups[:10]:
        (text,) = await notices_in(c, gid)
        assert text.startswith("📢 THÔNG BÁO #1\n") and NOTICE in text
    assert await notices_in(c, groups[10]) == []

    async def progress_done() -> bool:
        texts = [m["text"] for m in await c.client.bot_messages(org["id"])]
        return "Đã gửi #1: 10/10." in texts

    await wait_until(progress_done)
    listing = await c.say(org, org["id"], "/ds")
    assert "#1" in listing[0]["text"] and "đã gửi" in listing[0]["text"]


async def test_a_member_cannot_send_a_notice(cluster: Cluster) -> None:
    c = cluster
    groups = await build_cluster(c, units=2, extra_groups=0)
    member = await c.person("Bình", "Trần Thị")
    refusal = await c.say(member, member["id"], f"/thongbao {NOTICE} | tất cả!")
    assert "chỉ dành cho Ban tổ chức" in refusal[0]["text"]
    in_group = await c.say(member, groups[0], "/thongbao Thử | tất cả!")
    assert "chỉ dành cho Ban tổ chức" in in_group[0]["text"]
    await asyncio.sleep(0.5)
    for gid in groups:
        assert await notices_in(c, gid) == []
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        assert await session.scalar(select(func.count()).select_from(Announcement)) == 0
    await engine.dispose()


async def _scheduled_arrival(c: Cluster, restart: bool) -> float:
    """Schedule `1 phút nữa` on a clock 57 s behind, so it is due ~3 s from now; return lateness."""
    await c.stop()
    c.clock = SkewedClock(timedelta(seconds=-57))
    await c.start()
    groups = await build_cluster(c, units=3, extra_groups=0)
    org = c.organiser
    reply = await c.say(org, org["id"], "/thongbao Nhắc lịch họp | tất cả | 1 phút nữa!")
    assert "Đã hẹn gửi thông báo #1" in reply[0]["text"]
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        timer = await session.scalar(select(ScheduledSend))
        assert timer is not None
        due_real = timer.run_at.timestamp()  # fake now + 60 s = real now + 3 s
    await engine.dispose()
    if restart:
        await c.restart()
    assert all([await notices_in(c, g) == [] for g in groups])

    async def arrived() -> bool:
        return all([len(await notices_in(c, g)) == 1 for g in groups])

    await wait_until(arrived, within=max(1.0, due_real - time.time()) + 10, interval=0.02)
    lateness = time.time() - due_real
    await asyncio.sleep(0.5)
    assert all([len(await notices_in(c, g)) == 1 for g in groups])
    return lateness


async def test_a_scheduled_notice_arrives_on_time(cluster: Cluster) -> None:
    lateness = await _scheduled_arrival(cluster, restart=False)
    assert -0.05 <= lateness <= 2.0


async def test_a_scheduled_notice_survives_a_restart(cluster: Cluster) -> None:
    lateness = await _scheduled_arrival(cluster, restart=True)
    assert -0.05 <= lateness <= 2.0


async def test_commands_menu_is_registered_in_both_languages(cluster: Cluster) -> None:
    vi = await cluster.client.commands(language_code="vi")
    en = await cluster.client.commands(language_code="en")
    assert "thongbao" in {c["command"] for c in vi}
    assert "notice" in {c["command"] for c in en}
