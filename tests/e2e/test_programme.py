"""The seminar programme through the real bot and the emulator: four schools submit, their
papers are chosen to present, `/chuongtrinh 1 | 2` previews the programme with time slots from
meeting #2's start, ▼ reorders it in place, [Đăng chương trình] posts it to every group once.
Details (typed order, errors, XLSX) are in `tests/unit/test_programme.py`."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from docx import Document
from sqlalchemy import update

from storage.db import make_engine, make_sessionmaker
from storage.models import PaperReview, Submission
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_answers import eight_days_ahead
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TOPIC = "Đổi mới phương pháp giảng dạy lý luận chính trị"
HEADER = "🗓 CHƯƠNG TRÌNH HỘI THẢO — Đổi mới phương pháp giảng dạy lý luận chính trị"


def docx(title: str) -> bytes:
    """A real Word document whose title (its properties and its heading) is `title`."""
    document = Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    document.add_paragraph("Nội dung tham luận.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def button_for(message: dict[str, Any], label: str) -> str:
    keyboard = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return next(b["callback_data"] for row in keyboard for b in row if b["text"] == label)


async def choose_all(c: Cluster) -> None:
    """What `/thamdinh` does with [Chọn trình bày], for every current paper."""
    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            await session.execute(
                update(Submission)
                .where(Submission.current.is_(True))
                .values(review=PaperReview.PRESENTING)
            )
            await session.commit()
    finally:
        await engine.dispose()


async def test_the_programme_is_previewed_reordered_and_posted_with_time_slots(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=4, extra_groups=0)
    deadline = datetime.now(TZ) + timedelta(days=4)
    when = f"17h {deadline.day}/{deadline.month}/{deadline.year}"
    await c.say(org, org["id"], f"/thamluan {TOPIC} | {when} | tất cả!", replies=0)

    async def called() -> bool:
        return all(
            [
                any("GỬI THAM LUẬN #1" in m["text"] for m in await c.client.bot_messages(g))
                for g in groups
            ]
        )

    await wait_until(called, within=30)
    for i, gid in enumerate(groups, start=1):
        user = await c.client.create_user(f"Thư ký {i}")
        before = len(await c.client.bot_messages(gid))
        await c.client.send_document(
            user["id"], gid, f"Tham luận số {i}.docx", docx(f"Tham luận số {i}"), caption="/nop 1"
        )
        ack = (await c.client.wait_bot_messages(gid, before + 1, timeout=10))[before]
        assert "Đã nhận tham luận" in ack["text"]
    await choose_all(c)
    await c.say(
        org,
        org["id"],
        f"/hop Hội thảo khoa học | {eight_days_ahead()} | Hội trường A | tất cả!",
        replies=0,
    )

    async def meeting_sent() -> bool:
        return all(
            [
                any("GIẤY MỜI" in m["text"].upper() for m in await c.client.bot_messages(g))
                for g in groups
            ]
        )

    await wait_until(meeting_sent, within=30)

    (preview,) = await c.say(org, org["id"], "/chuongtrinh 1 | 2")
    assert "Xem trước chương trình hội thảo — lời mời tham luận #1" in preview["text"]
    assert "1. 08:00–08:15 · Thư ký 1 (T01) — Tham luận số 1" in preview["text"]
    assert "4. 08:45–09:00 · Thư ký 4 (T04) — Tham luận số 4" in preview["text"]

    query = await c.client.press_button(
        org["id"], org["id"], preview["message_id"], button_for(preview, "▼ T01")
    )
    await c.client.wait_callback_answer(query)
    latest: dict[str, Any] = {}

    async def reordered() -> bool:
        found = await c.client.bot_messages(org["id"])
        latest.update(next(m for m in found if m["message_id"] == preview["message_id"]))
        return "1. 08:00–08:15 · Thư ký 2 (T02)" in latest["text"]

    await wait_until(reordered)
    assert "2. 08:15–08:30 · Thư ký 1 (T01) — Tham luận số 1" in latest["text"]

    post = button_for(latest, "Đăng chương trình")
    for _ in range(2):  # a double press posts once
        query = await c.client.press_button(org["id"], org["id"], preview["message_id"], post)
        await c.client.wait_callback_answer(query)

    async def posted() -> bool:
        return all(
            [any(HEADER in m["text"] for m in await c.client.bot_messages(g)) for g in groups]
        )

    await wait_until(posted, within=30)
    await asyncio.sleep(1.0)  # nothing more arrives later
    for gid in groups:
        cards = [m["text"] for m in await c.client.bot_messages(gid) if HEADER in m["text"]]
        assert len(cards) == 1
        assert "1. 08:00–08:15 · Thư ký 2 (T02) — Tham luận số 2" in cards[0]
        assert "2. 08:15–08:30 · Thư ký 1 (T01) — Tham luận số 1" in cards[0]
        assert "4. 08:45–09:00 · Thư ký 4 (T04) — Tham luận số 4" in cards[0]
