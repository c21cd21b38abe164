"""The cluster's review conference end to end: invitation, answers, live tallies, calendar file."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from icalendar import Calendar
from openpyxl import load_workbook
from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import Meeting, Rsvp, RsvpAnswer, ScheduledSend, ScheduleStatus
from tests.e2e.conftest import Cluster, SkewedClock, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def seed(day: datetime) -> str:
    """PRODUCT §3's seed example, moved a week ahead; `!` sends without a preview."""
    deadline = day - timedelta(days=5)
    return (
        "/hop Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 | "
        f"8h {day.day}/{day.month}/{day.year} | Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội "
        "| tất cả!\n"
        "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
        "thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
        f"hạn xác nhận: 17h {deadline.day}/{deadline.month}/{deadline.year}\n"
        "nhắc: 1 ngày, 2 giờ"
    )


async def card_in(c: Cluster, chat_id: int) -> dict:  # type: ignore[type-arg]
    cards = [m for m in await c.client.bot_messages(chat_id) if "GIẤY MỜI HỌP #1" in m["text"]]
    assert len(cards) == 1
    return cards[0]


async def test_the_review_conference_is_confirmed_by_the_schools(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=10, extra_groups=0)
    day = (datetime.now(TZ) + timedelta(days=8)).replace(hour=8, minute=0, second=0, microsecond=0)
    await c.say(org, org["id"], seed(day), replies=0)

    async def cards_everywhere() -> bool:
        return all(
            [
                any("GIẤY MỜI HỌP #1" in m["text"] for m in await c.client.bot_messages(g))
                for g in groups
            ]
        )

    await wait_until(cards_everywhere)
    first = await card_in(c, groups[0])
    assert f"🕗 08:00, {_weekday(day)} {day:%d/%m/%Y}" in first["text"]
    assert "Đã xác nhận: 0/10 đơn vị" in first["text"]

    people = [await c.client.create_user(f"Đại biểu {i}") for i in range(1, 11)]
    for i in range(7):  # seven schools attend
        card = await card_in(c, groups[i])
        query = await c.client.press_button(people[i]["id"], groups[i], card["message_id"], "r:a:1")
        answer = await c.client.wait_callback_answer(query)
        assert answer["text"] == f"Đã ghi nhận: ✅ Đại biểu {i + 1} tham dự (T{i + 1:02d})"
    # the eighth sends a substitute, answering Loa's question by replying in the group
    card = await card_in(c, groups[7])
    before = len(await c.client.bot_messages(groups[7]))
    await c.client.press_button(people[7]["id"], groups[7], card["message_id"], "r:s:1")
    prompt = (await c.client.wait_bot_messages(groups[7], before + 1))[-1]
    assert "họ tên và chức vụ người dự thay" in prompt["text"]
    await c.client.send_text(
        people[7]["id"], groups[7], "Lê Văn Cường, Phó Hiệu trưởng", prompt["message_id"]
    )
    saved = (await c.client.wait_bot_messages(groups[7], before + 2))[-1]
    assert "Lê Văn Cường, Phó Hiệu trưởng" in saved["text"]
    # the ninth is absent, with a reason
    card = await card_in(c, groups[8])
    before = len(await c.client.bot_messages(groups[8]))
    await c.client.press_button(people[8]["id"], groups[8], card["message_id"], "r:x:1")
    prompt = (await c.client.wait_bot_messages(groups[8], before + 1))[-1]
    await c.client.send_text(people[8]["id"], groups[8], "Đi công tác", prompt["message_id"])
    await c.client.wait_bot_messages(groups[8], before + 2)

    tally = "Đã xác nhận: 8/10 đơn vị · ✅ 7 người · ❌ 1 · 👤 1 người dự thay"

    async def tallies_shown() -> bool:
        return all([tally in (await card_in(c, g))["text"] for g in groups])

    await wait_until(tallies_shown, within=30)
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        answers = (await session.scalars(select(Rsvp))).all()
        meeting = await session.get(Meeting, 1)
    await engine.dispose()
    assert sorted(a.answer for a in answers).count(RsvpAnswer.ATTEND) == 7
    assert {a.substitute_name for a in answers} >= {"Lê Văn Cường"}
    assert {a.reason for a in answers} >= {"Đi công tác"}
    assert meeting is not None

    edits = await c.client.requests("editMessageText")
    assert edits, "cards were edited in place"
    assert not [e for e in edits if e["error"] and "not modified" in e["error"]]
    for gid in groups:
        in_group = [e for e in edits if e.get("chat_id") == gid]
        assert len(in_group) <= 20, "within 20 messages a minute per group"

    # the organisers' view: who has not answered, and the list as a spreadsheet
    status = await c.say(org, org["id"], "/tinhhinh 1")
    assert "Chưa trả lời: T10" in status[0]["text"]
    assert "Lê Văn Cường" in status[0]["text"] and "Đi công tác" in status[0]["text"]
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 1")
    files = (await c.client.wait_bot_messages(org["id"], before + 3))[before:]
    xlsx = next(m for m in files if (m.get("document") or {}).get("file_name", "").endswith("xlsx"))
    book = load_workbook(BytesIO(await c.client.file_bytes(xlsx["document"]["file_id"])))
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    answers = [row[4] for row in rows]
    assert answers.count("Tham dự") == 7 and answers.count("Vắng") == 1
    assert answers.count("Cử người dự thay") == 1 and answers.count("Chưa trả lời") == 1
    assert {row[1] for row in rows if row[4] == "Chưa trả lời"} == {"T10 — Trường Chính trị số 10"}

    # 📅 sends a calendar file that parses back with the right instant
    card = await card_in(c, groups[9])
    before = len(await c.client.bot_messages(groups[9]))
    await c.client.press_button(people[9]["id"], groups[9], card["message_id"], "r:i:1")
    sent = (await c.client.wait_bot_messages(groups[9], before + 1))[-1]
    content = await c.client.file_bytes(sent["document"]["file_id"])
    event = next(iter(Calendar.from_ical(content).walk("VEVENT")))
    assert event.decoded("dtstart").astimezone(UTC) == day.astimezone(UTC)
    assert str(event["location"]) == "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội"

    # /sua moves the time: every card shows it, the audience is told, reminders follow
    later = day + timedelta(hours=6)
    await c.say(org, org["id"], f"/sua 1\nthời gian: 14h {later.day}/{later.month}/{later.year}")
    new_time = f"14:00, {_weekday(later)} {later:%d/%m/%Y}"

    async def moved() -> bool:
        return all([new_time in (await card_in(c, g))["text"] for g in groups])

    await wait_until(moved, within=30)
    for gid in groups:
        texts = [m["text"] for m in await c.client.bot_messages(gid)]
        assert any("⚠️ Thay đổi giấy mời #1" in t and new_time in t for t in texts)
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        timers = (
            await session.scalars(
                select(ScheduledSend).where(ScheduledSend.status == ScheduleStatus.PENDING)
            )
        ).all()
    await engine.dispose()
    start_utc = later.replace(hour=14).astimezone(UTC)
    assert sorted(t.run_at for t in timers if (t.note or "").startswith("before:")) == [
        start_utc - timedelta(days=1),
        start_utc - timedelta(hours=2),
    ]

    # /huy cancels it: cards marked ĐÃ HUỶ without buttons, nothing left pending
    await c.say(org, org["id"], "/huy 1 | Thay đổi kế hoạch của Cụm")

    async def cancelled() -> bool:
        cards = [await card_in(c, g) for g in groups]
        return all("ĐÃ HUỶ" in card["text"] and not card.get("reply_markup") for card in cards)

    await wait_until(cancelled, within=30)
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        pending = (
            await session.scalars(
                select(ScheduledSend).where(ScheduledSend.status == ScheduleStatus.PENDING)
            )
        ).all()
    await engine.dispose()
    assert pending == []


WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def _weekday(day: datetime) -> str:
    return WEEKDAYS[day.weekday()]


async def test_an_invitation_pdf_sent_with_the_command_goes_before_each_card(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=2, extra_groups=0)
    pdf = b"%PDF-1.4 giay moi hoi nghi"
    day = datetime.now(TZ) + timedelta(days=8)
    caption = f"/hop Hội nghị sơ kết | 8h {day.day}/{day.month}/{day.year} | Hội trường A!"
    await c.client.send_document(org["id"], org["id"], "Giấy mời 40-KH.pdf", pdf, caption=caption)

    async def both_parts() -> bool:
        return all([len(await c.client.bot_messages(g)) >= 4 for g in groups])

    await wait_until(both_parts)
    for gid in groups:
        document, card = (await c.client.bot_messages(gid))[-2:]
        assert document["document"]["file_name"] == "Giấy mời 40-KH.pdf"
        assert await c.client.file_bytes(document["document"]["file_id"]) == pdf
        assert "GIẤY MỜI HỌP #1" in card["text"]


async def test_a_wrong_attachment_type_is_refused(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    await build_cluster(c, units=1, extra_groups=0)
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_document(
        org["id"], org["id"], "anh.jpg", b"\xff\xd8", caption="/hop Họp | 8h 19/6 | Hội trường!"
    )
    reply = (await c.client.wait_bot_messages(org["id"], before + 1))[-1]
    assert "PDF, DOC, DOCX hoặc ODT" in reply["text"]


async def test_a_reminder_due_while_the_bot_was_stopped_is_sent_after_restart(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    await c.stop()
    c.clock = SkewedClock(timedelta(seconds=-57))  # "1 phút" after now is 3 s from now
    await c.start()
    groups = await build_cluster(c, units=2, extra_groups=0)
    form = "/hop Họp giao ban | 3 giờ nữa | Phòng họp số 2!\nnhắc: 2 giờ 59 phút"
    await c.say(org, org["id"], form)
    await c.stop()
    await asyncio.sleep(4)  # the reminder falls due while nobody is running
    await c.start()

    async def has_reminder(chat_id: int) -> bool:
        return any("Nhắc lịch họp #1" in m["text"] for m in await c.client.bot_messages(chat_id))

    async def reminded() -> bool:
        return all([await has_reminder(g) for g in groups])

    await wait_until(reminded, within=10)
    await asyncio.sleep(0.5)
    for gid in groups:
        texts = [m["text"] for m in await c.client.bot_messages(gid)]
        assert sum("Nhắc lịch họp #1" in t for t in texts) == 1
