"""Delivery under the platform's failures: 5xx, dropped connections, 403, 429, migrations."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import Chat, ChatState, Outbox, OutboxStatus
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster, notices_in


async def send_notice(c: Cluster, text: str, *, within: float = 10.0) -> None:
    org = c.organiser
    before = len(await c.client.bot_messages(org["id"]))
    await c.say(org, org["id"], f"/thongbao {text} | tất cả!", replies=0)

    async def confirmed() -> bool:
        new = (await c.client.bot_messages(org["id"]))[before:]
        return any("Đang gửi thông báo" in m["text"] for m in new)

    await wait_until(confirmed, within=within)


async def each_has(c: Cluster, groups: list[int], count: int) -> bool:
    return all([len(await notices_in(c, g)) == count for g in groups])


async def chat_states(c: Cluster) -> dict[str, ChatState]:
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        chats = (await session.scalars(select(Chat))).all()
        states = {chat.external_id: chat.state for chat in chats}
    await engine.dispose()
    return states


async def test_server_errors_and_dropped_connections_are_retried_until_delivered(
    cluster: Cluster,
) -> None:
    c = cluster
    groups = await build_cluster(c, units=3, extra_groups=0)
    await c.client.set_fault(
        method="sendMessage", chat_id=groups[0], kind="status", status=502, count=2
    )
    await c.client.set_fault(method="sendMessage", chat_id=groups[1], kind="drop", count=1)
    await send_notice(c, "Thông báo thử lại khi lỗi mạng")
    await wait_until(lambda: each_has(c, groups, 1), within=20)
    failed = [r for r in await c.client.requests("sendMessage") if r["status"] >= 500]
    assert len(failed) == 2
    await asyncio.sleep(0.5)
    assert await each_has(c, groups, 1)


async def test_a_blocked_group_becomes_inactive_and_organisers_are_told(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=6, extra_groups=0)
    await c.client.set_fault(chat_id=groups[2], kind="forbidden")
    await send_notice(c, "Thông báo khi một nhóm chặn bot")
    await wait_until(lambda: each_has(c, groups[:2] + groups[3:], 1))

    async def told() -> bool:
        texts = [m["text"] for m in await c.client.bot_messages(org["id"])]
        return any("không còn gửi được tới nhóm BGH Trường số 3" in t for t in texts) and any(
            "Đã gửi #1: 5/6 · 1 lỗi: BGH Trường số 3" in t for t in texts
        )

    await wait_until(told)
    assert (await chat_states(c))[str(groups[2])] == ChatState.INACTIVE
    before = len(await c.client.requests())
    refused = [r for r in await c.client.requests() if r.get("chat_id") == groups[2]]
    await send_notice(c, "Thông báo thứ hai")
    await wait_until(lambda: each_has(c, groups[:2] + groups[3:], 2))
    after = [r for r in await c.client.requests() if r.get("chat_id") == groups[2]]
    assert len(after) == len(refused), "an inactive chat is not tried again"
    assert len(await c.client.requests()) > before


async def test_removing_the_bot_makes_the_group_inactive(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=2, extra_groups=0)
    await c.client.remove_bot_from_group(groups[0], org["id"])

    async def inactive() -> bool:
        return (await chat_states(c))[str(groups[0])] == ChatState.INACTIVE

    await wait_until(inactive)
    await send_notice(c, "Chỉ còn một nhóm")
    await wait_until(lambda: each_has(c, groups[1:], 1))
    assert await notices_in(c, groups[0]) == []


async def test_too_many_requests_is_honoured_without_hammering(cluster: Cluster) -> None:
    c = cluster
    groups = await build_cluster(c, units=10, extra_groups=0)
    await c.client.set_limits(global_per_second=4, group_per_minute=200, private_per_second=10)
    await c.client.reset_log()
    # at 4 messages a second the organiser's "sending" answer shares the budget with the
    # broadcast and waits out the 429 pauses too
    await send_notice(c, "Thông báo khi máy chủ giới hạn", within=30)
    await wait_until(lambda: each_has(c, groups, 1), within=20)
    stats = await c.client.stats()
    assert 0 < stats["too_many_requests"] <= len(groups)
    await asyncio.sleep(0.5)
    assert await each_has(c, groups, 1)


async def test_a_group_upgraded_to_a_supergroup_is_followed(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=2, extra_groups=0)
    new_id = await c.client.migrate_group(groups[0], org["id"])

    async def followed() -> bool:
        return str(new_id) in await chat_states(c)

    await wait_until(followed)
    await send_notice(c, "Sau khi nâng cấp nhóm")
    await wait_until(lambda: each_has(c, [new_id, groups[1]], 1))


async def test_a_migration_missed_while_stopped_is_followed_on_send(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=2, extra_groups=0)
    await c.stop()
    new_id = await c.client.migrate_group(groups[0], org["id"])
    pending = await c.client.pending_updates()
    if pending:  # the bot never sees the service message
        async with httpx.AsyncClient() as http:
            await http.post(
                f"{c.emu.base_url}/bot{c.emu.token}/getUpdates",
                data={"offset": pending[-1]["update_id"] + 1, "timeout": 0},
            )
    await c.start()
    await send_notice(c, "Gửi vào nhóm cũ")
    await wait_until(lambda: each_has(c, [new_id, groups[1]], 1))
    assert str(new_id) in await chat_states(c)


async def test_outbox_rows_are_recorded_as_sent(cluster: Cluster) -> None:
    c = cluster
    groups = await build_cluster(c, units=2, extra_groups=0)
    await send_notice(c, "Ghi nhận trạng thái")
    await wait_until(lambda: each_has(c, groups, 1))
    engine = make_engine(c.db_url)

    async def all_sent() -> bool:
        async with make_sessionmaker(engine)() as session:
            rows = (
                await session.scalars(select(Outbox).where(Outbox.purpose == "announcement"))
            ).all()
            return len(rows) == 2 and all(
                r.status == OutboxStatus.SENT and r.platform_message_id for r in rows
            )

    try:
        await wait_until(all_sent)
    finally:
        await engine.dispose()
