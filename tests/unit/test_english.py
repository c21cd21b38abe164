"""English for people who chose it: times, durations, audiences, previews, calendar files, menus
and the organisers' summaries follow the person's language; what groups read stays Vietnamese."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from handlers import router, schedules
from handlers.core import Membership, Request
from handlers.forms import Audience, parse_audience
from handlers.meetings import calendar
from handlers.timeparse import accepted_examples, format_duration, format_when, parse_when
from storage.models import Announcement, AnnouncementStatus, Meeting, Outbox, ScheduledSend
from tests.support import TZ, Harness, command, group_chat, person, private_chat

MEMBER = person("5000000077", "Trần Thị Bình")
CALL = "Đổi mới phương pháp giảng dạy lý luận chính trị | 17h 19/6/2024 | tất cả"


async def run(h: Harness, req: Request) -> str:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


async def two_linked_groups(h: Harness) -> None:
    for i, code in enumerate(("HP", "QN"), start=1):
        await run(h, command("donvi", f"them {code} | Trường Chính trị {code}"))
        where = group_chat(f"-400000000{i}", f"Nhóm {code}")
        await router.handle_membership(
            h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
        )
        await run(h, command("nhom", code, where=where))


def test_a_time_shown_in_english_names_the_weekday_in_english() -> None:
    moment = datetime(2024, 6, 19, 1, 0, tzinfo=UTC)
    assert format_when(moment, TZ, "en") == "08:00, Wednesday 19/06/2024"
    assert format_when(moment, TZ) == "08:00, Thứ Tư 19/06/2024"
    assert format_when(moment + timedelta(days=4), TZ, "en") == "08:00, Sunday 23/06/2024"


def test_a_duration_shown_in_english_counts_in_english_units() -> None:
    assert format_duration(timedelta(days=1, hours=2), "en") == "1 day 2 hours"
    assert format_duration(timedelta(days=7), "en") == "7 days"
    assert format_duration(timedelta(minutes=1), "en") == "1 minute"
    assert format_duration(timedelta(0), "en") == "0 minutes"
    assert format_duration(timedelta(days=1, hours=2)) == "1 ngày 2 giờ"


def test_the_accepted_forms_shown_in_english_are_read_and_carry_no_vietnamese_marks() -> None:
    now = datetime(2024, 6, 12, 3, 15, tzinfo=UTC)
    for example in accepted_examples("en"):
        assert example.isascii()
        typed = re.sub(r"\s*\(.*\)$", "", example)
        assert parse_when(typed, now, TZ) > now
    assert "2 giờ chiều mai" in accepted_examples("vi")


@pytest.mark.parametrize("typed", ["tất cả", "HP, VP, #bgh", "HP, riêng", "tất cả, riêng"])
def test_an_audience_shown_in_english_is_read_back_the_same(typed: str) -> None:
    audience = parse_audience(typed)
    shown = audience.describe("en")
    assert shown.isascii()
    assert parse_audience(shown) == audience
    assert Audience(private=True).describe("en") == "all, private"
    assert Audience(private=True).describe() == "tất cả, riêng"


async def test_a_paper_call_preview_in_english_shows_its_card_and_times_in_english(
    h: Harness,
) -> None:
    await two_linked_groups(h)
    await run(h, command("ngonngu", "en"))
    preview = await run(h, command("thamluan", CALL))
    assert "Preview of call for papers #1" in preview
    assert "To: all (2 groups)" in preview
    assert "⏳ Deadline: 17:00, Wednesday 19/06/2024" in preview
    assert (
        "Reminders: 7 days before, 3 days before, 1 day before, 08:00 on the deadline day"
        in preview
    )
    assert "Submitted: 0/2 units" in preview


async def test_a_time_refused_in_english_lists_forms_without_vietnamese_words(h: Harness) -> None:
    await two_linked_groups(h)
    await run(h, command("ngonngu", "en"))
    refusal = await run(h, command("thongbao", "Họp gấp | tất cả | 8h 31/2"))
    assert "Could not read the time" in refusal and "no such date" in refusal
    assert "mai 9h (tomorrow at 9:00)" in refusal and "chiều" not in refusal


async def test_choosing_a_language_in_private_chat_sets_that_chats_menu(h: Harness) -> None:
    reply = await router.handle_command(h.env, command("ngonngu", "en", who=MEMBER))
    assert reply is not None and reply.menu == "en"
    back = await router.handle_command(h.env, command("ngonngu", "vi", who=MEMBER))
    assert back is not None and back.menu == "vi"
    in_group = await router.handle_command(
        h.env, command("ngonngu", "en", who=MEMBER, where=group_chat())
    )
    assert in_group is not None and in_group.menu is None


async def test_the_paper_summary_reaches_each_organiser_in_their_own_language(
    h: Harness,
) -> None:
    await two_linked_groups(h)
    await run(h, command("thamluan", CALL + "!"))
    await run(h, command("start"))  # the organiser can be written to privately
    await run(h, command("ngonngu", "en"))
    async with h.env.sessions() as session:
        timer = (
            await session.scalars(
                select(ScheduledSend).where(ScheduledSend.note == "papers:summary")
            )
        ).one()
    h.clock.current = timer.run_at
    await schedules.fire(h.env, timer.id)
    async with h.env.sessions() as session:
        summary = (await session.scalars(select(Outbox).where(Outbox.purpose == "summary"))).one()
        assert summary.chat.external_id == private_chat().external_id
        assert "Paper call #1 has closed" in summary.payload["text"]
        assert "0/2 units sent all their papers. Missing: HP, QN." in summary.payload["text"]


def test_a_calendar_file_asked_for_in_english_labels_its_details_in_english() -> None:
    ann = Announcement(id=12, status=AnnouncementStatus.SENT)
    meeting = Meeting(
        announcement_id=12,
        title="Hội nghị sơ kết",
        starts_at=datetime(2024, 6, 19, 1, 0, tzinfo=UTC),
        venue="Hội trường A",
        basis="Kế hoạch số 40-KH/CTĐ",
        composition="Hiệu trưởng",
        notes="Mang theo báo cáo",
        sequence=0,
    )
    now = datetime(2024, 6, 12, 3, 15, tzinfo=UTC)
    english = Calendar.from_ical(calendar.meeting_ics(ann, meeting, TZ, now, "LoaBot", "en"))
    (event,) = english.walk("VEVENT")
    assert str(event["description"]) == (
        "Reference: Kế hoạch số 40-KH/CTĐ\nAttendees: Hiệu trưởng\nNotes: Mang theo báo cáo"
    )
    vietnamese = Calendar.from_ical(calendar.meeting_ics(ann, meeting, TZ, now, "LoaBot"))
    (event,) = vietnamese.walk("VEVENT")
    assert str(event["description"]).startswith("Căn cứ: Kế hoạch số 40-KH/CTĐ\nThành phần:")
