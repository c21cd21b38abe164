"""The giấy mời as an official document end to end (PRODUCT §14): the seed `/hop` with every
official field through the real bot, its preview, the card as the groups receive it, and the
preview's warning when the invitation would reach the groups under 3 working days before the
meeting — counted across a holiday listed in `LOA_HOLIDAYS`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.settings import Settings, load_settings
from handlers.meetings.notice_period import is_working_day, last_compliant_day
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
WARNING = "⚠️ Giấy mời sẽ đến các đơn vị chưa đủ 3 ngày làm việc trước ngày họp"


def _spelled(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m/%Y}"


def seed(day: datetime) -> str:
    """PRODUCT §3's seed example a week ahead, with the official fields of §14."""
    deadline = day - timedelta(days=5)
    return (
        "/hop Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 | "
        f"8h {day.day}/{day.month}/{day.year} | Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội "
        "| tất cả\n"
        "số hiệu: 45/GM-CTĐ\n"
        "chủ trì: Đồng chí Hiệu trưởng Trường Đào tạo cán bộ Lê Hồng Phong, Trưởng Cụm\n"
        "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
        "thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
        "yêu cầu: Các đơn vị chuẩn bị báo cáo sơ kết\n"
        "và gửi tham luận trước hạn xác nhận.\n"
        "số đại biểu: 3; T01 5\n"
        "liên hệ: Đồng chí Trần Thị B, Văn phòng Cụm, 0912345678\n"
        f"hạn xác nhận: 17h {deadline.day}/{deadline.month}/{deadline.year}\n"
        "sau hạn: đóng\n"
        "nhắc: 1 ngày, 2 giờ"
    )


def _card(day: datetime) -> str:
    deadline = day - timedelta(days=5)
    return (
        "📢 GIẤY MỜI HỌP #1\n"
        "🔖 Số: 45/GM-CTĐ\n"
        "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024\n"
        f"🕗 08:00, {_spelled(day.date())}\n"
        "📍 Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội\n"
        "🎙 Chủ trì: Đồng chí Hiệu trưởng Trường Đào tạo cán bộ Lê Hồng Phong, Trưởng Cụm\n"
        "📄 Căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
        "👥 Thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
        "📌 Yêu cầu: Các đơn vị chuẩn bị báo cáo sơ kết\nvà gửi tham luận trước hạn xác nhận.\n"
        "🎫 Số đại biểu: 3 người mỗi đơn vị (T01: 5)\n"
        "☎️ Liên hệ: Đồng chí Trần Thị B, Văn phòng Cụm, 0912345678\n"
        f"⏳ Xác nhận trước 17:00, {_spelled(deadline.date())} (sau hạn không nhận thêm)\n"
        "Đã xác nhận: 0/3 đơn vị"
    )


def _tight_day(today: date) -> tuple[date, date, date]:
    """A meeting day whose invitation is just in time today, a working day between today and
    it that, listed as a holiday, makes today too late, and the last compliant day then."""
    meeting = today + timedelta(days=1)
    while last_compliant_day(datetime.combine(meeting, datetime.min.time(), TZ), TZ) < today:
        meeting += timedelta(days=1)
    holiday = next(
        today + timedelta(days=n)
        for n in range(1, 10)
        if is_working_day(today + timedelta(days=n)) and today + timedelta(days=n) < meeting
    )
    last = last_compliant_day(datetime.combine(meeting, datetime.min.time(), TZ), TZ, {holiday})
    return meeting, holiday, last


async def test_the_seed_invitation_with_its_official_fields_and_the_notice_warning(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=3, extra_groups=0)
    day = (datetime.now(TZ) + timedelta(days=8)).replace(hour=8, minute=0, second=0, microsecond=0)
    (preview,) = await c.say(org, org["id"], seed(day))
    assert "Xem trước giấy mời #1" in preview["text"], preview["text"]
    assert _card(day) in preview["text"], preview["text"]
    assert WARNING not in preview["text"]
    await c.client.press_button(org["id"], org["id"], preview["message_id"], "n:go:1")

    async def cards_everywhere() -> bool:
        return all(
            [
                any("GIẤY MỜI HỌP #1" in m["text"] for m in await c.client.bot_messages(g))
                for g in groups
            ]
        )

    await wait_until(cards_everywhere)
    for group in groups:
        (card,) = [m for m in await c.client.bot_messages(group) if "GIẤY MỜI HỌP #1" in m["text"]]
        assert card["text"].startswith(_card(day)), card["text"]

    # a meeting whose invitation is just in time today, until a holiday between is listed
    meeting, holiday, last = _tight_day(datetime.now(TZ).date())
    when = f"8h {meeting.day}/{meeting.month}/{meeting.year}"
    (in_time,) = await c.say(org, org["id"], f"/hop Họp giao ban | {when} | Hội trường A")
    assert "Xem trước giấy mời #2" in in_time["text"] and WARNING not in in_time["text"]

    def with_holiday() -> Settings:
        return load_settings(
            _env_file=None,
            telegram_bot_token=c.emu.token,
            telegram_api_url=c.emu.base_url,
            database_url=c.db_url,
            loa_admins=str(org["id"]),
            loa_holidays=f"{holiday.day}/{holiday.month}/{holiday.year}",
            log_level="DEBUG",
        )

    c.settings = with_holiday  # type: ignore[method-assign]
    await c.restart()
    (late,) = await c.say(org, org["id"], f"/hop Họp giao ban | {when} | Hội trường A")
    assert "Xem trước giấy mời #3" in late["text"], late["text"]
    assert (
        f"{WARNING} (không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ). "
        f"Hạn gửi đúng quy định: 23:59, {_spelled(last)}."
    ) in late["text"], late["text"]
    assert [b["callback_data"] for b in late["reply_markup"]["inline_keyboard"][0]] == [
        "n:go:3",
        "n:no:3",
    ]  # a warning, never a block
