"""Typed meeting answers through the emulator: `xn 1 có` in private chat and `XN 1 KHONG bận`
replying to the card in a group count on every card as presses do; a malformed one is
explained."""

from __future__ import annotations

import re

from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_answers import card_in, send_meeting
from tests.e2e.test_foundation import build_cluster


async def test_typed_answers_count_on_the_cards_and_a_malformed_one_is_explained(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=2, extra_groups=0)
    await send_meeting(c, groups)
    # a member of T01 who joined with the invite link answers in private chat
    [invite] = await c.say(org, org["id"], "/moi T01")
    code = re.search(r"start=([\w-]+)", invite["text"])
    assert code is not None, invite["text"]
    first = await c.person("An", "Nguyễn Văn")
    [joined] = await c.say(first, first["id"], f"/start {code.group(1)}")
    assert "T01" in joined["text"], joined["text"]
    [attend] = await c.say(first, first["id"], "xn 1 có")
    assert "Đã ghi nhận: ✅" in attend["text"] and "(T01)" in attend["text"], attend["text"]
    # a member of T02 replies to the card in the group, first malformed, then corrected
    second = await c.client.create_user("Bình", "Trần Thị")
    card = await card_in(c, groups[1])
    before = len(await c.client.bot_messages(groups[1]))
    await c.client.send_text(second["id"], groups[1], "XN 1 VANG", card["message_id"])
    explained = (await c.client.wait_bot_messages(groups[1], before + 1, 10))[-1]
    assert "Loa chưa hiểu câu trả lời này (không rõ «VANG»)" in explained["text"]
    assert "XN 12 KHONG bận họp" in explained["text"]
    await c.client.send_text(second["id"], groups[1], "XN 1 KHONG bận", card["message_id"])
    absent = (await c.client.wait_bot_messages(groups[1], before + 2, 10))[-1]
    assert "Đã ghi nhận: ❌" in absent["text"] and "bận" in absent["text"], absent["text"]
    tally = "Đã xác nhận: 1/2 đơn vị · ✅ 1 người · ❌ 1 · 👤 0 người dự thay · ⏳ 0 chưa trả lời"

    async def counted() -> bool:
        return all([tally in (await card_in(c, g))["text"] for g in groups])

    await wait_until(counted, within=30)
    assert tally in (await card_in(c, groups[0]))["text"]
