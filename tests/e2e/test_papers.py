"""Paper calls through the real bot and the emulator: the guided /thamluan dialogue with real
buttons, and submissions that must be refused — each answered in Vietnamese, nothing stored,
no file fetched. The whole story (ten schools, reminder, table, export) is in
`test_paper_export.py`."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from storage.db import make_engine, make_sessionmaker
from storage.models import PaperCall, Submission
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TOPIC = "Đổi mới phương pháp giảng dạy lý luận chính trị"


def deadline_in(days: int) -> tuple[datetime, str]:
    """A deadline at 17:00 `days` ahead, and how an organiser writes it."""
    moment = (datetime.now(TZ) + timedelta(days=days)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    return moment, f"17h {moment.day}/{moment.month}/{moment.year}"


def callbacks(message: dict[str, Any]) -> list[str]:
    keyboard = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["callback_data"] for row in keyboard for button in row]


def button_for(message: dict[str, Any], label: str) -> str:
    keyboard = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return next(b["callback_data"] for row in keyboard for b in row if b["text"] == label)


async def cards(c: Cluster, chat_id: int) -> list[dict[str, Any]]:
    return [m for m in await c.client.bot_messages(chat_id) if "GỬI THAM LUẬN #1" in m["text"]]


async def stored(c: Cluster) -> tuple[int, int]:
    """(paper calls, submissions) in the bot's database."""
    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            calls = await session.scalar(select(func.count()).select_from(PaperCall))
            papers = await session.scalar(select(func.count()).select_from(Submission))
    finally:
        await engine.dispose()
    return calls or 0, papers or 0


async def test_the_guided_dialogue_with_real_buttons_sends_the_call_to_the_chosen_schools(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=3, extra_groups=0)
    chat = org["id"]
    (first,) = await c.say(org, chat, "/thamluan")
    assert "Bước 1/4 · Chủ đề" in first["text"] and callbacks(first) == ["d:quit:0"]
    (second,) = await c.say(org, chat, TOPIC)
    assert "Bước 2/4 · Hạn nộp" in second["text"]
    (refused,) = await c.say(org, chat, "17h 1/1/2020")
    assert "thời điểm này đã qua" in refused["text"] and "Bước 2/4" in refused["text"]
    deadline, when = deadline_in(3)
    (audience,) = await c.say(org, chat, when)
    assert "Bước 3/4 · Đối tượng" in audience["text"]
    assert f"Hạn nộp: {deadline.strftime('%H:%M')}" in audience["text"]

    async def press(message: dict[str, Any], data: str) -> dict[str, Any]:
        """Press a button of `message`; Loa's toast. The message is edited in place."""
        query = await c.client.press_button(org["id"], chat, message["message_id"], data)
        return await c.client.wait_callback_answer(query)

    async def current(message: dict[str, Any], showing: str = "") -> dict[str, Any]:
        """The message as the chat shows it now, once it shows `showing` (edits land after the
        toast)."""
        latest: dict[str, Any] = {}

        async def edited() -> bool:
            found = await c.client.bot_messages(chat)
            latest.update(next(m for m in found if m["message_id"] == message["message_id"]))
            return showing in f"{latest['text']} {latest.get('reply_markup')}"

        await wait_until(edited)
        return latest

    answer = await press(audience, button_for(audience, "T01"))
    assert answer["text"] == "Đã chọn T01"
    chosen = await current(audience, "✓ T01")
    answer = await press(audience, button_for(chosen, "T03"))
    assert answer["text"] == "Đã chọn T03"
    chosen = await current(audience, "✓ T03")
    assert "✓ T01" in str(chosen["reply_markup"]) and "✓ Tất cả" not in str(chosen["reply_markup"])
    assert (await press(chosen, "d:next:0"))["text"] == "Bước 4/4: thông tin thêm"
    options = await current(audience, "Bước 4/4 · Thông tin thêm")
    assert "Đối tượng: T01, T03" in options["text"]
    assert (await press(options, "d:opt:0"))["text"] == "Xin gõ: Số bài mỗi đơn vị"
    (typed,) = await c.say(org, chat, "2")
    assert "Số bài mỗi đơn vị: 2" in typed["text"]

    assert (await press(typed, "d:prev:0"))["text"] == "Đã tạo bản xem trước #1"
    preview = await current(typed, "Xem trước lời mời")
    assert "Xem trước lời mời gửi tham luận #1" in preview["text"] and "2 nhóm" in preview["text"]
    assert "Mỗi đơn vị nộp 2 bài" in preview["text"]
    assert callbacks(preview) == ["n:go:1", "d:edit:1", "n:no:1"]
    assert (await press(preview, "n:go:1"))["text"] == "Đã xác nhận gửi #1"

    async def cards_arrived() -> bool:
        return bool(await cards(c, groups[0])) and bool(await cards(c, groups[2]))

    await wait_until(cards_arrived)
    (card,) = await cards(c, groups[0])
    assert TOPIC in card["text"] and "Đã nộp: 0/2 đơn vị" in card["text"]
    await asyncio.sleep(0.5)
    assert await cards(c, groups[1]) == []  # T02 was not chosen
    assert await stored(c) == (1, 0)


async def test_refused_submissions_are_explained_and_nothing_is_stored_or_fetched(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=3, extra_groups=0)
    _, when = deadline_in(3)
    await c.say(org, org["id"], f"/thamluan {TOPIC} | {when} | T01, T02!", replies=0)

    async def cards_arrived() -> bool:
        return all([len(await cards(c, g)) == 1 for g in groups[:2]])

    await wait_until(cards_arrived)
    member = [await c.client.create_user(f"Thư ký {i}") for i in range(1, 4)]
    await c.client.reset_log()

    async def answer(
        who: int,
        chat_id: int,
        name: str,
        content: bytes,
        caption: str | None = "/nop 1",
        mime: str | None = None,
        reply_to: int | None = None,
    ) -> str:
        before = len(await c.client.bot_messages(chat_id))
        await c.client.send_document(
            member[who]["id"], chat_id, name, content, mime, caption, reply_to
        )
        return str((await c.client.wait_bot_messages(chat_id, before + 1, 30))[before]["text"])

    paper = b"%PDF-1.4 tham luan"
    wrong_type = await answer(
        0, groups[0], "Ảnh chụp tham luận.jpg", b"\xff\xd8\xff", mime="image/jpeg"
    )
    assert wrong_type == (
        "Tệp «Ảnh chụp tham luận.jpg» không được nhận: tham luận phải là PDF, DOC, DOCX hoặc ODT."
    )
    (card,) = await cards(c, groups[0])
    as_reply = await answer(0, groups[0], "Bảng điểm.xlsx", b"PK", caption=None,
                            reply_to=card["message_id"])  # fmt: skip
    assert "Tệp «Bảng điểm.xlsx» không được nhận" in as_reply
    too_big = await answer(0, groups[0], "Tham luận.pdf", b"%PDF" + bytes(21 * 1024 * 1024))
    assert too_big == (
        "Tệp «Tham luận.pdf» quá lớn (21.0 MB); Loa chỉ nhận tệp tối đa 20 MB. "
        "Xin nén hoặc chia nhỏ tệp."
    )
    outside = await answer(2, groups[2], "Tham luận T03.pdf", paper)
    assert outside == "Nhóm này không thuộc đối tượng của lời mời gửi tham luận #1."
    unknown = await answer(1, groups[1], "Tham luận.pdf", paper, caption="/nop 9")
    assert unknown == "Không có thông báo #9."

    (done,) = await c.say(org, org["id"], "/huy 1 | đổi kế hoạch")
    assert "Đã huỷ lời mời gửi tham luận #1" in done["text"]

    async def cancellation_arrived() -> bool:
        texts = [m["text"] for m in await c.client.bot_messages(groups[1])]
        return any("Huỷ lời mời gửi tham luận #1" in t for t in texts)

    await wait_until(cancellation_arrived)
    closed = await answer(1, groups[1], "Tham luận.pdf", paper)
    assert closed == "Lời mời gửi tham luận #1 đã bị huỷ; không nhận thêm tệp."

    assert await stored(c) == (1, 0)
    assert await c.client.requests("getFile") == []
