"""The giấy mời as an official document (PRODUCT §14) on a real database: `số hiệu:`,
`chủ trì:`, `liên hệ:`, `yêu cầu:`, `số đại biểu:` and `sau hạn:` on /hop and /sua, the card in
the order of a giấy mời, and the preview's warning when the notice is under 3 working days."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from handlers import router
from handlers.core import Membership, Request
from handlers.meetings.card import meeting_plain
from handlers.meetings.delegation import quota_for
from handlers.meetings.notice_period import last_compliant_day, late_notice
from storage import queries
from storage.models import Delegate, Meeting, Outbox, OutboxStatus
from tests.support import TZ, Harness, command, group_chat, person

FIRST_LINE = (
    "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 | 8h 19/6/2024 | "
    "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội | tất cả"
)
OFFICIAL = (
    FIRST_LINE + "\n"
    "số hiệu: 45/GM-CTĐ\n"
    "chủ trì: Đồng chí Nguyễn Văn A, Hiệu trưởng, Trưởng Cụm\n"
    "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
    "thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
    "ghi chú: Trang phục công sở.\n"
    "yêu cầu: Chuẩn bị báo cáo sơ kết.\n"
    "Gửi tham luận trước 14/6.\n"
    "số đại biểu: 3; U1 5\n"
    "liên hệ: Đồng chí Trần Thị B, Văn phòng, 0912345678\n"
    "hạn xác nhận: 17h 14/6/2024\n"
    "sau hạn: đóng"
)
CARD = (
    "📢 <b>GIẤY MỜI HỌP #1</b>\n"
    "🔖 Số: 45/GM-CTĐ\n"
    "<b>Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024</b>\n"
    "🕗 08:00, Thứ Tư 19/06/2024\n"
    "📍 Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội\n"
    "🎙 Chủ trì: Đồng chí Nguyễn Văn A, Hiệu trưởng, Trưởng Cụm\n"
    "📄 Căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
    "👥 Thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
    "📝 Ghi chú: Trang phục công sở.\n"
    "📌 Yêu cầu: Chuẩn bị báo cáo sơ kết.\nGửi tham luận trước 14/6.\n"
    "🎫 Số đại biểu: 3 người mỗi đơn vị (U1: 5)\n"
    "☎️ Liên hệ: Đồng chí Trần Thị B, Văn phòng, 0912345678\n"
    "⏳ Xác nhận trước 17:00, Thứ Sáu 14/06/2024 (sau hạn không nhận thêm)\n"
    "Đã xác nhận: 0/3 đơn vị"
)
WARNING = "⚠️ Giấy mời sẽ đến các đơn vị chưa đủ 3 ngày làm việc trước ngày họp"


async def run(h: Harness, req: Request) -> str:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


async def cluster(h: Harness, n: int = 3) -> None:
    for i in range(1, n + 1):
        await run(h, command("donvi", f"them U{i} | Trường Chính trị số {i}"))
        where = group_chat(f"-40000000{i:02d}", f"Nhóm U{i}")
        await router.handle_membership(
            h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
        )
        await run(h, command("nhom", f"U{i}", where=where))


async def meeting_row(h: Harness, ann_id: int = 1) -> Meeting:
    async with h.env.sessions() as session:
        record = await session.get(Meeting, ann_id)
        assert record is not None
        return record


# --- working days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meeting_day", "holidays", "last"),
    [
        (date(2024, 6, 19), (), date(2024, 6, 14)),  # Wed: Tue, Mon, then the Friday before
        (date(2024, 6, 17), (), date(2024, 6, 12)),  # Mon: the weekend is skipped
        (date(2024, 6, 18), (), date(2024, 6, 13)),  # Tue: Mon, Fri, Thu
        (date(2024, 6, 17), (date(2024, 6, 13),), date(2024, 6, 11)),  # a holiday on Thu
        (date(2024, 6, 17), (date(2024, 6, 15),), date(2024, 6, 12)),  # a holiday on a Saturday
        (date(2024, 6, 16), (), date(2024, 6, 12)),  # a Sunday meeting: Fri, Thu, Wed
        (date(2024, 9, 4), (date(2024, 9, 2), date(2024, 9, 3)), date(2024, 8, 28)),
    ],
)
def test_the_last_compliant_day_skips_weekends_and_listed_holidays(
    meeting_day: date, holidays: tuple[date, ...], last: date
) -> None:
    starts = datetime(meeting_day.year, meeting_day.month, meeting_day.day, 8, tzinfo=TZ)
    assert last_compliant_day(starts, TZ, frozenset(holidays)) == last


@pytest.mark.parametrize(
    ("send", "late"),
    [
        (datetime(2024, 6, 12, 23, 59, tzinfo=TZ), False),  # the last minute of the last day
        (datetime(2024, 6, 13, 0, 0, tzinfo=TZ), True),  # one minute later
        (datetime(2024, 6, 12, 17, 0, tzinfo=UTC), True),  # 00:00 on the 13th here
        (datetime(2024, 6, 10, 9, 0, tzinfo=TZ), False),
    ],
)
def test_the_boundary_is_the_local_date_of_the_send(send: datetime, late: bool) -> None:
    starts = datetime(2024, 6, 17, 8, tzinfo=TZ)  # Monday; the last compliant day is Wed 12/6
    last = late_notice(send, starts, TZ)
    assert (last is not None) is late
    if last is not None:
        assert last == datetime(2024, 6, 12, 23, 59, tzinfo=TZ)


# --- /hop --------------------------------------------------------------------------------------


async def test_every_official_field_is_stored_and_shown_in_the_order_of_a_giay_moi(
    h: Harness,
) -> None:
    await cluster(h)
    text = await run(h, command("hop", OFFICIAL))
    assert CARD in text, text
    assert WARNING not in text
    record = await meeting_row(h)
    assert record.doc_number == "45/GM-CTĐ"
    assert record.chair == "Đồng chí Nguyễn Văn A, Hiệu trưởng, Trưởng Cụm"
    assert record.contact == "Đồng chí Trần Thị B, Văn phòng, 0912345678"
    assert record.requirements == "Chuẩn bị báo cáo sơ kết.\nGửi tham luận trước 14/6."
    assert record.closes_at_deadline is True
    assert record.delegate_quota is not None and record.delegate_quota["default"] == 3
    async with h.env.sessions() as session:
        u1 = await queries.unit_by_code(session, "U1")
        u2 = await queries.unit_by_code(session, "U2")
    assert u1 is not None and u2 is not None
    assert quota_for(record, u1.id) == 5 and quota_for(record, u2.id) == 3


async def test_the_zalo_card_carries_the_official_fields_in_the_same_order(h: Harness) -> None:
    await cluster(h)
    await run(h, command("hop", OFFICIAL))
    async with h.env.sessions() as session:
        ann = await queries.announcement(session, 1)
        record = await session.get(Meeting, 1)
        assert ann is not None and record is not None
        (card,) = meeting_plain(ann, record, TZ, "Đã xác nhận: 0/3 đơn vị")
    lines = card.split("\n")
    assert lines[:2] == ["📢 GIẤY MỜI HỌP #1", "🔖 Số: 45/GM-CTĐ"], lines
    assert lines[5].startswith("🎙 Chủ trì: ") and lines[9].startswith("📌 Yêu cầu: ")
    assert lines[11:14] == [
        "🎫 Số đại biểu: 3 người mỗi đơn vị (U1: 5)",
        "☎️ Liên hệ: Đồng chí Trần Thị B, Văn phòng, 0912345678",
        "⏳ Xác nhận trước 17:00, Thứ Sáu 14/06/2024 (sau hạn không nhận thêm)",
    ], lines
    assert lines[-1].startswith("Trả lời: XN 1 CO")


@pytest.mark.parametrize(
    ("quota", "shown", "default"),
    [
        ("3", "🎫 Số đại biểu: 3 người mỗi đơn vị\n", 3),
        ("U1 5, U2: 4", "🎫 Số đại biểu: U1: 5, U2: 4; các đơn vị khác không giới hạn\n", None),
        ("2; u2 4", "🎫 Số đại biểu: 2 người mỗi đơn vị (U2: 4)\n", 2),
    ],
)
async def test_a_quota_is_one_number_or_per_unit_numbers(
    h: Harness, quota: str, shown: str, default: int | None
) -> None:
    await cluster(h)
    text = await run(h, command("hop", f"{FIRST_LINE}\nsố đại biểu: {quota}"))
    assert shown in text, text
    record = await meeting_row(h)
    assert record.delegate_quota is not None and record.delegate_quota["default"] == default


async def test_user_text_in_official_fields_is_escaped(h: Harness) -> None:
    await cluster(h, 1)
    text = await run(h, command("hop", f"{FIRST_LINE}\nchủ trì: <b>A</b> & B\nsố hiệu: 1/<i>"))
    assert "🎙 Chủ trì: &lt;b&gt;A&lt;/b&gt; &amp; B" in text, text
    assert "🔖 Số: 1/&lt;i&gt;" in text


async def test_sau_han_nhan_keeps_answers_open_after_the_deadline(h: Harness) -> None:
    await cluster(h, 1)
    text = await run(h, command("hop", f"{FIRST_LINE}\nhạn xác nhận: 17h 14/6\nsau hạn: nhận"))
    assert "⏳ Xác nhận trước 17:00, Thứ Sáu 14/06/2024\n" in text, text
    assert (await meeting_row(h)).closes_at_deadline is False


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("số đại biểu: -1", "phải là số nguyên từ 1 đến 200"),
        ("số đại biểu: 0", "phải là số nguyên từ 1 đến 200"),
        ("số đại biểu: 201", "phải là số nguyên từ 1 đến 200"),
        ("số đại biểu: ba người", "Không đọc được số đại biểu «ba người»"),
        ("số đại biểu: 3; U1 năm", "Không đọc được số đại biểu"),
        ("số đại biểu: 3; U1 5, U1 6", "được ghi hai lần"),
        ("số đại biểu: 3; ZZ 5", "Không có đơn vị mã <b>ZZ</b>. Các mã đang có: U1, U2, U3"),
        ("sau hạn: đóng", "<code>sau hạn: đóng</code> cần có hạn xác nhận"),
        ("hạn xác nhận: 17h 14/6\nsau hạn: có lẽ", "Không hiểu «có lẽ»"),
        ("số hiệu: " + "1" * 101, "quá dài (tối đa 100 ký tự)"),
        ("liên hệ: " + "a" * 301, "quá dài (tối đa 300 ký tự)"),
    ],
)
async def test_bad_official_fields_are_explained_and_change_nothing(
    h: Harness, lines: str, expected: str
) -> None:
    await cluster(h)
    before = await h.counts()
    text = await run(h, command("hop", f"{FIRST_LINE}\n{lines}"))
    assert expected in text, text
    assert "Ví dụ" in text or "ví dụ" in text
    assert await h.counts() == before


async def test_a_quota_for_a_unit_not_invited_says_so(h: Harness) -> None:
    await cluster(h)
    before = await h.counts()
    first = FIRST_LINE.replace("| tất cả", "| U1, U2")
    text = await run(h, command("hop", f"{first}\nsố đại biểu: 3; U3 5"))
    assert "Đơn vị U3 không thuộc đối tượng của giấy mời (U1, U2)" in text, text
    assert "Các đơn vị được mời: U1, U2" in text
    assert await h.counts() == before


# --- the notice warning ------------------------------------------------------------------------


async def test_a_meeting_too_soon_warns_with_the_last_compliant_time_but_still_previews(
    h: Harness,
) -> None:
    await cluster(h, 1)
    # now is Wed 12/06 10:15; a Friday meeting needed the invitation by Tue 11/06
    text = await run(h, command("hop", "Họp | 8h 14/6/2024 | Hội trường"))
    assert "Xem trước giấy mời #1" in text
    assert (
        f"{WARNING} (không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ). "
        "Hạn gửi đúng quy định: 23:59, Thứ Ba 11/06/2024."
    ) in text, text


async def test_an_invitation_sent_at_once_too_late_is_sent_with_the_warning(h: Harness) -> None:
    await cluster(h, 1)
    text = await run(h, command("hop", "Họp | 8h 14/6/2024 | Hội trường | tất cả!"))
    assert "Đang gửi giấy mời #1" in text and WARNING in text, text


async def test_the_warning_counts_across_a_weekend_and_a_listed_holiday(h: Harness) -> None:
    await cluster(h, 1)
    # Monday 17/06: Fri 14, Thu 13, Wed 12 → sending on Wed 12 is in time
    assert WARNING not in await run(h, command("hop", "Họp | 8h 17/6/2024 | Hội trường"))
    h.env.holidays = frozenset({date(2024, 6, 13)})
    text = await run(h, command("hop", "Họp | 8h 17/6/2024 | Hội trường"))
    assert "Hạn gửi đúng quy định: 23:59, Thứ Ba 11/06/2024." in text, text


async def test_the_warning_reads_the_scheduled_send_time(h: Harness) -> None:
    await cluster(h, 1)
    on_time = await run(h, command("hop", "Họp | 8h 18/6/2024 | Hội trường\ngửi lúc: 17h 13/6"))
    assert WARNING not in on_time, on_time
    late = await run(h, command("hop", "Họp | 8h 18/6/2024 | Hội trường\ngửi lúc: 8h 14/6"))
    assert "Hạn gửi đúng quy định: 23:59, Thứ Năm 13/06/2024." in late, late


# --- /sua --------------------------------------------------------------------------------------

SENT = "Hội nghị | 8h 19/6/2024 | Hội trường A | tất cả!\nhạn xác nhận: 17h 14/6/2024"


async def mark_delivered(h: Harness) -> None:
    """Pretend the worker sent every pending message, as the platform would number them."""
    async with h.env.sessions() as session:
        rows = await session.scalars(select(Outbox).where(Outbox.status == OutboxStatus.PENDING))
        for row in rows.all():
            row.status = OutboxStatus.SENT
            row.platform_message_id = str(1000 + row.id)
            row.sent_at = h.clock.now()
        await session.commit()


async def test_official_fields_can_be_added_changed_and_removed_by_sua(h: Harness) -> None:
    await cluster(h)
    await run(h, command("hop", SENT))
    await mark_delivered(h)
    text = await run(
        h,
        command(
            "sua",
            "1\nsố hiệu: 45/GM-CTĐ\nchủ trì: Đồng chí A\nliên hệ: Chị B, 0912345678\n"
            "yêu cầu: Mang báo cáo.\nsố đại biểu: 4\nsau hạn: đóng",
        ),
    )
    assert "Đã sửa giấy mời #1" in text, text
    assert "số đại biểu: không giới hạn → 4 người mỗi đơn vị" in text
    assert "sau hạn: nhận, đánh dấu trễ → đóng (không nhận thêm)" in text
    record = await meeting_row(h)
    assert (record.doc_number, record.chair, record.contact) == (
        "45/GM-CTĐ",
        "Đồng chí A",
        "Chị B, 0912345678",
    )
    assert record.closes_at_deadline is True and record.delegate_quota is not None
    async with h.env.sessions() as session:
        edits = (await session.scalars(select(Outbox).where(Outbox.purpose == "card"))).all()
        cards = [row.payload["text"] for row in edits]
        notices = (await session.scalars(select(Outbox).where(Outbox.purpose == "change"))).all()
    assert len(cards) == 3 and all("🔖 Số: 45/GM-CTĐ" in card for card in cards)
    assert len(notices) == 3 and "số hiệu: (không có) → 45/GM-CTĐ" in notices[0].payload["text"]
    assert all("(sau hạn không nhận thêm)" in card for card in cards)
    text = await run(h, command("sua", "1\nsố hiệu: không\nsố đại biểu: không"))
    record = await meeting_row(h)
    assert record.doc_number is None and record.delegate_quota is None, text


async def test_sua_refuses_a_bad_quota_and_closing_without_a_deadline(h: Harness) -> None:
    await cluster(h)
    await run(h, command("hop", "Hội nghị | 8h 19/6/2024 | Hội trường A | tất cả!"))
    before = await h.counts()
    assert "phải là số nguyên từ 1 đến 200" in await run(h, command("sua", "1\nsố đại biểu: -1"))
    assert "cần có hạn xác nhận" in await run(h, command("sua", "1\nsau hạn: đóng"))
    assert await h.counts() == before
    assert (await meeting_row(h)).delegate_quota is None


async def test_lowering_a_quota_below_a_delegation_is_accepted_with_a_warning(
    h: Harness,
) -> None:
    await cluster(h)
    await run(h, command("hop", SENT + "\nsố đại biểu: 5"))
    async with h.env.sessions() as session:
        u2 = await queries.unit_by_code(session, "U2")
        assert u2 is not None
        for i in range(3):
            session.add(
                Delegate(
                    announcement_id=1,
                    unit_id=u2.id,
                    name=f"Người {i}",
                    registered_at=datetime(2024, 6, 12, 4, tzinfo=UTC),
                )
            )
        await session.commit()
    text = await run(h, command("sua", "1\nsố đại biểu: 2"))
    assert "⚠️ Số đại biểu mới thấp hơn số đã đăng ký của: U2 (3/2)" in text, text
    assert quota_for(await meeting_row(h), u2.id) == 2


async def test_moving_a_meeting_closer_warns_about_the_notice(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("hop", "Hội nghị | 8h 19/6/2024 | Hội trường A | tất cả!"))
    text = await run(h, command("sua", "1\nthời gian: 8h 14/6/2024"))
    assert "Đã sửa giấy mời #1" in text
    assert f"{WARNING} (không tính" in text, text
