"""Setting up the cluster through the real bot: what officials see in their groups and chats."""

from __future__ import annotations

from tests.e2e.conftest import Cluster


async def test_the_bot_added_back_to_a_linked_group_says_it_is_still_linked(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    await c.say(org, org["id"], "/donvi them HP | Trường Chính trị Tô Hiệu")
    gid = await c.new_group("BGH Tô Hiệu")
    await c.say(org, gid, "/nhom HP")
    await c.client.remove_bot_from_group(gid, org["id"])
    before = len(await c.client.bot_messages(gid))
    await c.client.add_bot_to_group(gid, org["id"])
    messages = await c.client.wait_bot_messages(gid, before + 1, timeout=10)
    back = messages[before]["text"]
    assert "Loa đã trở lại «BGH Tô Hiệu»" in back and "vẫn liên kết với đơn vị HP" in back
    assert "chưa" not in back


async def test_an_organisers_preview_typed_in_a_group_reaches_their_private_chat(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    await c.say(org, org["id"], "/donvi them HP | Trường Chính trị Tô Hiệu")
    gid = await c.new_group("BGH Tô Hiệu")
    await c.say(org, gid, "/nhom HP")
    before_private = len(await c.client.bot_messages(org["id"]))
    note = await c.say(org, gid, "/thongbao Kính gửi các trường | tất cả")
    assert "Bản xem trước #1 đã được gửi vào tin nhắn riêng" in note[0]["text"]
    private = await c.client.wait_bot_messages(org["id"], before_private + 1, timeout=10)
    preview = private[before_private]
    assert "Xem trước thông báo #1" in preview["text"]
    buttons = [b["callback_data"] for b in preview["reply_markup"]["inline_keyboard"][0]]
    assert buttons == ["n:go:1", "n:no:1"]
    group_texts = [m["text"] for m in await c.client.bot_messages(gid)]
    assert not any("Xem trước thông báo" in t for t in group_texts)
