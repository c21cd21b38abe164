"""The official fields of a giấy mời in the guided /hop dialogue: one option button each,
`sau hạn` answered by [Nhận, đánh dấu trễ] [Đóng] or typed, a quota checked against the
audience, and [✏️ Sửa] reopening them all."""

from __future__ import annotations

from handlers import router
from handlers.core import Membership, Reply, Request
from handlers.dialogues.kinds import MEETING
from storage.models import Meeting
from tests.support import Harness, command, group_chat, person, private_chat

TITLE = "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024"
STALE = "Nút này không còn hiệu lực."


async def cluster(h: Harness) -> None:
    for i in (1, 2, 3):
        await router.handle_command(h.env, command("donvi", f"them U{i} | Trường Chính trị số {i}"))
        where = group_chat(f"-40000000{i:02d}", f"Nhóm U{i}")
        await router.handle_membership(
            h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
        )
        await router.handle_command(h.env, command("nhom", f"U{i}", where=where))


async def say(h: Harness, words: str) -> Reply:
    req = Request(sender=person(), chat=private_chat(), text=words, message_id="9")
    reply = await router.handle_text(h.env, req)
    assert reply is not None
    return reply


async def press(h: Harness, data: str) -> Reply:
    req = Request(sender=person(), chat=private_chat(), action=data, message_id="8")
    return await router.handle_action(h.env, req)


def option(name: str) -> str:
    return f"d:opt:{MEETING.option_names.index(name)}"


async def to_options(h: Harness) -> Reply:
    await router.handle_command(h.env, command("hop"))
    await say(h, TITLE)
    await say(h, "8h 19/6/2024")
    await say(h, "Hội trường A")
    return await press(h, "d:next:0")


async def test_each_official_field_has_its_option_button(h: Harness) -> None:
    await cluster(h)
    options = await to_options(h)
    labels = [b.text for row in options.buttons for b in row]
    for label in ("🔖 Số hiệu", "🎙 Chủ trì", "☎️ Liên hệ", "📌 Yêu cầu", "🎫 Số đại biểu"):
        assert label in labels, labels
    assert "🔒 Sau hạn" in labels
    assert all(len(b.action or "") <= 64 for row in options.buttons for b in row)


async def test_the_official_fields_reach_the_preview_through_the_dialogue(h: Harness) -> None:
    await cluster(h)
    await to_options(h)
    await press(h, option("doc_number"))
    await say(h, "45/GM-CTĐ")
    await press(h, option("chair"))
    await say(h, "Đồng chí Nguyễn Văn A")
    await say(h, "liên hệ: Chị B, 0912345678\nhạn xác nhận: 17h 14/6/2024")
    await press(h, option("requirements"))
    await say(h, "Chuẩn bị báo cáo.\nMang theo tài liệu.")
    await press(h, option("quota"))
    await say(h, "3; U2 5")
    asked = await press(h, option("closes"))
    assert "Sau hạn xác nhận" in asked.text
    assert [b.action for b in asked.buttons[0]] == ["d:pick:0", "d:pick:1"]
    assert [b.text for b in asked.buttons[0]] == ["Nhận, đánh dấu trễ", "Đóng"]
    picked = await press(h, "d:pick:1")
    assert picked.toast == "Sau hạn: đóng (không nhận thêm)"
    assert "Sau hạn xác nhận: <b>đóng</b>" in picked.text, picked.text
    preview = await press(h, "d:prev:0")
    text = preview.text
    assert "Xem trước giấy mời #1" in text, text
    assert "🔖 Số: 45/GM-CTĐ" in text and "🎙 Chủ trì: Đồng chí Nguyễn Văn A" in text
    assert "📌 Yêu cầu: Chuẩn bị báo cáo.\nMang theo tài liệu." in text
    assert "🎫 Số đại biểu: 3 người mỗi đơn vị (U2: 5)" in text
    assert "☎️ Liên hệ: Chị B, 0912345678" in text
    assert "(sau hạn không nhận thêm)" in text
    reopened = await press(h, "d:edit:1")
    assert "Số hiệu: <b>45/GM-CTĐ</b>" in reopened.text, reopened.text
    assert "Số đại biểu: <b>3; U2 5</b>" in reopened.text
    assert "Sau hạn xác nhận: <b>đóng</b>" in reopened.text
    again = await press(h, "d:prev:0")
    assert "Xem trước giấy mời #2" in again.text and "(U2: 5)" in again.text, again.text
    async with h.env.sessions() as session:
        record = await session.get(Meeting, 2)
    assert record is not None and record.closes_at_deadline and record.chair


async def test_bad_quota_and_choice_are_asked_again_and_change_nothing(h: Harness) -> None:
    await cluster(h)
    await to_options(h)
    await press(h, option("quota"))
    bad = await say(h, "-1")
    assert "phải là số nguyên từ 1 đến 200" in bad.text, bad.text
    unknown = await say(h, "3; ZZ 4")
    assert "Không có đơn vị mã <b>ZZ</b>" in unknown.text, unknown.text
    left = await say(h, "không")  # no limit: back at the options
    assert "Số đại biểu:" not in left.text and "Thông tin thêm" in left.text, left.text
    typed = await say(h, "sau hạn: có lẽ")
    assert "Không hiểu «có lẽ»" in typed.text, typed.text
    assert (await press(h, "d:pick:1")).toast == STALE  # no question with buttons is open
    closing = await say(h, "sau hạn: đóng")
    assert "Sau hạn xác nhận: <b>đóng</b>" in closing.text
    needs = await press(h, "d:prev:0")
    assert "cần có hạn xác nhận" in needs.text, needs.text
