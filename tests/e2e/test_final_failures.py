"""A message the platform refuses with a 400 no retry can mend is tried once, and the organiser
reads which groups it failed for and why, in plain Vietnamese: in the progress message and in
`/tinhhinh` of the notice or meeting. The chat stays active (only a 403 makes it inactive)."""

from __future__ import annotations

import asyncio

from storage.models import ChatState
from tests.e2e.conftest import TOKEN, Cluster, wait_until
from tests.e2e.test_delivery import chat_states
from tests.e2e.test_foundation import build_cluster

TOO_LONG = "Bad Request: message is too long"
NOT_FOUND = "Bad Request: chat not found"
# a description Loa has no phrase for, carrying something shaped like a token
ODD = f"Bad Request: PEER_ID_INVALID {TOKEN}"


async def refuse(c: Cluster, chat_id: int, description: str) -> None:
    await c.client.set_fault(
        method="sendMessage", chat_id=chat_id, kind="status", status=400, count=50,
        description=description,
    )  # fmt: skip


async def refusals(c: Cluster, chat_id: int) -> int:
    """How many messages to the chat the emulator refused (each was a try)."""
    calls = await c.client.requests("sendMessage")
    return len([r for r in calls if r["chat_id"] == chat_id and r["status"] == 400])


async def test_a_final_400_is_tried_once_and_named_with_its_reason_in_progress_and_status(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=6, extra_groups=0)
    await refuse(c, groups[1], TOO_LONG)
    await refuse(c, groups[3], NOT_FOUND)
    await refuse(c, groups[4], ODD)
    await c.say(org, org["id"], "/thongbao Thông báo về lịch trực Tết | tất cả!")

    async def progress() -> str | None:
        for message in await c.client.bot_messages(org["id"]):
            if message["text"].startswith("Đã gửi #1"):
                return str(message["text"])
        return None

    async def finished() -> bool:
        return await progress() is not None

    await wait_until(finished, within=30)
    await asyncio.sleep(1.0)  # time for any retry that should not happen
    done = await progress()
    assert done is not None
    assert done.startswith("Đã gửi #1: 3/6 · 3 lỗi: ")
    assert "BGH Trường số 2: tin quá dài" in done
    assert "BGH Trường số 4: không tìm thấy nhóm" in done
    assert "BGH Trường số 5: Telegram từ chối tin: «Peer_id_invalid …»" in done
    assert TOKEN.split(":", 1)[1] not in done
    for refused in (groups[1], groups[3], groups[4]):
        assert await refusals(c, refused) == 1
    states = await chat_states(c)
    assert all(states[str(g)] == ChatState.ACTIVE for g in groups)  # a 400 is not a 403

    (status,) = await c.say(org, org["id"], "/tinhhinh 1")
    table = status["text"]
    assert "Tình hình gửi" in table and "#1" in table
    assert "✅ Đã gửi: 3/6 nhóm" in table and "⚠️ Lỗi: 3" in table
    assert "Không gửi được:" in table
    assert "• T02 · BGH Trường số 2: tin quá dài" in table
    not_found = "không tìm thấy nhóm (nhóm đã bị xoá hoặc mã nhóm không đúng)"
    assert f"• T04 · BGH Trường số 4: {not_found}" in table
    assert "• T05 · BGH Trường số 5: Telegram từ chối tin: «Peer_id_invalid …»" in table
    assert "• T01 · BGH Trường số 1 — " in table  # delivered, with when
    assert TOKEN.split(":", 1)[1] not in table


async def test_a_meeting_card_refused_for_good_is_named_above_the_status_table(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=3, extra_groups=0)
    await refuse(c, groups[2], "Bad Request: can't parse entities: unsupported start tag")
    await c.say(org, org["id"], "/hop Họp giao ban quý | 3 giờ nữa | Phòng họp số 2!")

    async def cards_out() -> bool:
        return await refusals(c, groups[2]) == 1 and all(
            [any("Họp giao ban quý" in m["text"] for m in await c.client.bot_messages(g))
             for g in groups[:2]]
        )  # fmt: skip

    await wait_until(cards_out, within=30)
    await asyncio.sleep(1.0)
    assert await refusals(c, groups[2]) == 1

    async def named() -> bool:
        texts = [m["text"] for m in await c.client.bot_messages(org["id"])]
        return any("1 lỗi: BGH Trường số 3: định dạng của tin không hợp lệ" in t for t in texts)

    await wait_until(named, within=30)
    (status,) = await c.say(org, org["id"], "/tinhhinh 1")
    assert "Không gửi được tới 1 nhóm:" in status["text"]
    assert "• BGH Trường số 3: định dạng của tin không hợp lệ" in status["text"]
