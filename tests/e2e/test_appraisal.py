"""The appraisal of papers through the real bot and the emulator: four schools submit, the
organiser presses [Cần sửa] for two (each school's group gets the comment), one sends its
revision (version 2, the organiser is told), and two are chosen to present."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster
from tests.e2e.test_papers import TOPIC, button_for, cards, deadline_in


def row_of(message: dict[str, Any], unit: str) -> list[dict[str, Any]]:
    """The buttons of `unit`'s row under the list."""
    keyboard = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return next(row for row in keyboard if f".{unit}." in row[0]["callback_data"])


async def test_two_papers_sent_back_one_revised_and_two_chosen_to_present(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    chat = org["id"]
    groups = await build_cluster(c, units=4, extra_groups=0)
    deadline, when = deadline_in(5)
    await c.say(org, chat, f"/thamluan {TOPIC} | {when} | tất cả!", replies=0)

    async def cards_arrived() -> bool:
        return all([len(await cards(c, g)) == 1 for g in groups])

    await wait_until(cards_arrived)
    secretaries = [await c.client.create_user(f"Thư ký {i}") for i in range(1, 5)]

    async def submit(i: int, name: str) -> str:
        before = len(await c.client.bot_messages(groups[i]))
        await c.client.send_document(
            secretaries[i]["id"],
            groups[i],
            name,
            b"%PDF-1.4 tham luan",
            "application/pdf",
            "/nop 1",
        )
        return str((await c.client.wait_bot_messages(groups[i], before + 1, 30))[before]["text"])

    for i in range(4):
        assert "Đã nhận tham luận" in await submit(i, f"Tham luận trường {i + 1}.pdf")

    (listing,) = await c.say(org, chat, "/thamdinh 1")
    assert "Thẩm định tham luận #1" in listing["text"] and "4 đơn vị đã nộp" in listing["text"]
    assert [b["text"] for b in row_of(listing, "T01")] == ["Đạt", "Cần sửa", "Chọn trình bày"]

    async def press(message: dict[str, Any], data: str) -> str:
        query = await c.client.press_button(chat, chat, message["message_id"], data)
        return str((await c.client.wait_callback_answer(query))["text"])

    async def current(message: dict[str, Any], showing: str) -> dict[str, Any]:
        latest: dict[str, Any] = {}

        async def edited() -> bool:
            found = await c.client.bot_messages(chat)
            latest.update(next(m for m in found if m["message_id"] == message["message_id"]))
            return showing in latest["text"]

        await wait_until(edited)
        return latest

    for unit, comment in (("T01", "Bổ sung số liệu năm 2024"), ("T02", "Rút gọn phần mở đầu")):
        before = len(await c.client.bot_messages(chat))
        fix = next(b["callback_data"] for b in row_of(listing, unit) if b["text"] == "Cần sửa")
        assert await press(listing, fix) == f"Xin gõ nhận xét cho {unit}"
        (asked,) = (await c.client.wait_bot_messages(chat, before + 1, 10))[before:]
        assert "Xin gõ nhận xét gửi đơn vị" in asked["text"]
        (due,) = await c.say(org, chat, comment)
        assert f"Hạn gửi bản sửa của {unit}?" in due["text"]
        (done,) = await c.say(org, chat, "ok")
        assert done["text"].startswith(f"Đã gửi nhận xét cho {unit} (1 nơi nhận)")

    kept = deadline.strftime("%H:%M")
    for i, comment in ((0, "Bổ sung số liệu năm 2024"), (1, "Rút gọn phần mở đầu")):

        async def told(i: int = i, comment: str = comment) -> bool:
            texts = [m["text"] for m in await c.client.bot_messages(groups[i])]
            return any(
                t.startswith(f"✏️ Tham luận của T0{i + 1} (bản 1) cần sửa: {comment}.")
                and f"trước {kept}" in t
                for t in texts
            )

        await wait_until(told)

    before = len(await c.client.bot_messages(chat))
    receipt = await submit(0, "Tham luận trường 1 (bản sửa).pdf")
    assert "Đây là bản sửa (bản 2); Ban tổ chức đã được báo." in receipt

    async def organiser_told() -> bool:
        texts = [m["text"] for m in (await c.client.bot_messages(chat))[before:]]
        return "📥 T01 đã gửi bản sửa (bản 2) của tham luận #1." in texts

    await wait_until(organiser_told)

    (listing,) = await c.say(org, chat, "/thamdinh 1")
    assert "Tham luận trường 1 (bản sửa).pdf · bản 2 · định dạng đúng · đã sửa" in listing["text"]
    assert await press(listing, button_for_unit(listing, "T01", "Chọn trình bày")) == (
        "Đã ghi: tham luận của T01 (#1) — chọn trình bày."
    )
    listing = await current(listing, "chọn trình bày: 1")
    assert await press(listing, button_for_unit(listing, "T03", "Chọn trình bày")) == (
        "Đã ghi: tham luận của T03 (#1) — chọn trình bày."
    )
    listing = await current(listing, "chọn trình bày: 2")
    assert "cần sửa: 1" in listing["text"]  # T02 has not sent its revision yet

    (table,) = await c.say(org, chat, "/tinhhinh 1")
    assert "bản 2 · chọn trình bày" in table["text"] and "bản 1 · cần sửa" in table["text"]
    assert button_for(listing, "Đạt")  # the buttons stay for the next verdicts


def button_for_unit(message: dict[str, Any], unit: str, label: str) -> str:
    return str(next(b["callback_data"] for b in row_of(message, unit) if b["text"] == label))
