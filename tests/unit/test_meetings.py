"""Meetings on a real database: /hop, the card and its tally, answers, reminders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from handlers import router, schedules
from handlers.core import Membership, Request
from handlers.meetings.invitation import refresh_cards
from storage import queries
from storage.models import (
    Outbox,
    OutboxStatus,
    Rsvp,
    RsvpAnswer,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
    Unit,
)
from tests.support import Harness, command, group_chat, person, private_chat

FIRST_LINE = (
    "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 | 8h 19/6/2024 | "
    "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội | tất cả"
)
SEED = (
    FIRST_LINE + "\n"
    "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
    "thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
    "hạn xác nhận: 17h 14/6/2024\n"
    "nhắc: 1 ngày, 2 giờ"
)
SENT = SEED.replace(FIRST_LINE, FIRST_LINE + "!")  # `!` ends the first line: no preview


async def run(h: Harness, req: Request) -> str:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


def gid(i: int) -> str:
    return f"-40000000{i:02d}"


async def cluster(h: Harness, n: int = 3) -> None:
    for i in range(1, n + 1):
        await run(h, command("donvi", f"them U{i} | Trường Chính trị số {i}"))
        where = group_chat(gid(i), f"Nhóm U{i}")
        await router.handle_membership(
            h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
        )
        await run(h, command("nhom", f"U{i}", where=where))


async def press(h: Harness, who: str, chat: str, data: str, private: bool = False):  # type: ignore[no-untyped-def]
    where = private_chat(who) if private else group_chat(chat, "Nhóm")
    req = Request(sender=person(who, f"Người {who[-3:]}"), chat=where, action=data, message_id="5")
    return await router.handle_action(h.env, req)


async def rows(h: Harness, purpose: str | None = None) -> list[Outbox]:
    async with h.env.sessions() as session:
        query = select(Outbox).order_by(Outbox.id)
        if purpose:
            query = query.where(Outbox.purpose == purpose)
        return list((await session.scalars(query)).all())


async def deliver_cards(h: Harness) -> None:
    """Pretend the worker sent every pending message (each gets a platform id)."""
    async with h.env.sessions() as session:
        for i, row in enumerate((await session.scalars(select(Outbox))).all()):
            if row.status == OutboxStatus.PENDING and row.action.value == "send":
                row.status = OutboxStatus.SENT
                row.platform_message_id = str(100 + i)
        await session.commit()


async def test_the_seed_meeting_previews_with_the_time_spelled_out(h: Harness) -> None:
    await cluster(h)
    reply = await router.handle_command(h.env, command("hop", SEED))
    assert reply is not None
    text = reply.text
    assert "Xem trước giấy mời #1" in text and "3 nhóm" in text
    assert "📢 <b>GIẤY MỜI HỌP #1</b>" in text
    assert "🕗 08:00, Thứ Tư 19/06/2024" in text
    assert "📍 Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội" in text
    assert "📄 Căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024" in text
    assert "⏳ Xác nhận trước 17:00, Thứ Sáu 14/06/2024" in text
    assert "Đã xác nhận: 0/3 đơn vị · ✅ 0 người · ❌ 0 · 👤 0 người dự thay" in text
    assert "trước 1 ngày, trước 2 giờ" in text
    assert [b.action for b in reply.buttons[0]] == ["n:go:1", "n:no:1"]
    assert await rows(h) == []


async def test_sending_the_meeting_puts_a_card_with_answer_buttons_in_each_group(
    h: Harness,
) -> None:
    await cluster(h)
    await run(h, command("hop", SEED))
    await press(h, "5000000001", "", "n:go:1", private=True)
    cards = await rows(h, "announcement")
    assert len(cards) == 3
    actions = [b["action"] for row in cards[0].payload["buttons"] for b in row]
    assert actions == ["r:a:1", "r:x:1", "r:s:1", "r:i:1", "db:r:1"]
    async with h.env.sessions() as session:
        timers = (await session.scalars(select(ScheduledSend))).all()
    notes = sorted(t.note or "" for t in timers if t.kind == ScheduleKind.REMINDER)
    assert notes == ["before:120", "before:1440", "nudge"]
    assert sorted(h.timers.armed.values())[0] == datetime(2024, 6, 13, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "args",
    [
        "Họp giao ban 8h 19/6 Hội trường A",
        "Họp giao ban, 8h 19/6, Hội trường A\nnhắc: 1 ngày",
    ],
)
async def test_a_first_line_without_bars_says_the_parts_are_separated_by_bars(
    h: Harness, args: str
) -> None:
    await cluster(h, 1)
    before = await h.counts()
    text = await run(h, command("hop", args))
    assert "ngăn cách nhau bởi dấu «|»" in text, text
    assert "tiêu đề | thời gian | địa điểm | đối tượng" in text
    assert "Ví dụ" in text and "Thiếu" not in text
    assert await h.counts() == before


async def test_a_meeting_given_by_key_lines_only_still_needs_no_bars(h: Harness) -> None:
    await cluster(h, 1)
    text = await run(h, command("hop", "Họp giao ban\nthời gian: 8h 19/6\nđịa điểm: Hội trường"))
    assert "Xem trước giấy mời #1" in text, text


async def test_reminders_that_would_fall_in_the_past_are_named_in_the_preview(
    h: Harness,
) -> None:
    await cluster(h, 1)
    # now is 10:15 on 12/06; the meeting is at 08:00 on 13/06
    text = await run(h, command("hop", "Họp | 8h 13/6 | Hội trường\nnhắc: 2 ngày, 1 ngày, 2 giờ"))
    assert "Xem trước giấy mời #1" in text, text
    assert "⚠️ Sẽ không nhắc trước 2 ngày, 1 ngày: lúc đó đã qua." in text
    assert "2 giờ: lúc" not in text


async def test_reminders_all_ahead_bring_no_warning(h: Harness) -> None:
    await cluster(h, 1)
    text = await run(h, command("hop", "Họp | 8h 19/6 | Hội trường\nnhắc: 1 ngày, 2 giờ"))
    assert "⚠️" not in text, text


async def test_a_bad_reminder_is_explained_without_a_double_colon(h: Harness) -> None:
    await cluster(h, 1)
    text = await run(h, command("hop", "Họp | 8h 19/6 | Hội trường\nnhắc: 3 tuổi"))
    assert "«3 tuổi»" in text, text
    assert "nhắc:</code>:" not in text and "::" not in text


async def test_a_note_over_several_lines_reaches_the_card(h: Harness) -> None:
    await cluster(h, 1)
    text = await run(
        h,
        command(
            "hop",
            "Họp | 8h 19/6 | Hội trường\n"
            "ghi chú: Mang theo báo cáo sơ kết.\n"
            "Lưu ý: đến trước 15 phút.\n"
            "hạn xác nhận: 17h 14/6",
        ),
    )
    assert "📝 Ghi chú: Mang theo báo cáo sơ kết.\nLưu ý: đến trước 15 phút." in text, text
    assert "⏳ Xác nhận trước 17:00, Thứ Sáu 14/06/2024" in text


async def test_an_hour_before_six_without_a_part_of_the_day_is_asked_about(h: Harness) -> None:
    await cluster(h, 1)
    before = await h.counts()
    text = await run(h, command("hop", "Họp | 2h 19/6 | Hội trường"))
    assert "«2h 19/6»" in text and "«2h sáng»" in text and "«14h»" in text, text
    assert await h.counts() == before
    text = await run(h, command("hop", "Họp | 2h chiều 19/6 | Hội trường"))
    assert "🕗 14:00, Thứ Tư 19/06/2024" in text, text


async def test_messages_about_a_meeting_call_it_an_invitation(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("hop", "Họp | 8h 19/6 | Hội trường\ngửi lúc: 9h 18/6"))
    reply = await press(h, "5000000001", "", "n:at:1", private=True)
    assert "Đã hẹn gửi giấy mời #1 lúc 09:00, Thứ Ba 18/06/2024" in reply.text, reply.text
    await run(h, command("huy", "1"))
    assert "Giấy mời #1 đã được huỷ trước đó" in await run(h, command("huy", "1"))
    await run(h, command("hop", "Họp | 8h 20/6 | Hội trường"))
    reply = await press(h, "5000000001", "", "n:no:2", private=True)
    assert "Đã huỷ bản nháp giấy mời #2" in reply.text, reply.text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", "Giấy mời họp mới"),  # in private chat: the guided dialogue starts
        ("Họp | 8h 19/6", "Thiếu địa điểm"),
        ("| 8h 19/6 | Hội trường", "Thiếu tiêu đề"),
        ("Họp | | Hội trường", "Thiếu thời gian"),
        ("Họp | 8h 19/6/2020 | Hội trường", "đã qua"),
        ("Họp | 8h 19/6 | Hội trường | ZZ", "Không có đơn vị mã <b>ZZ</b>"),
        ("Họp | 8h 19/6 | Hội trường\nkết thúc: 7h", "phải sau thời điểm bắt đầu"),
        ("Họp | 8h 19/6 | Hội trường\nhạn xác nhận: 9h 19/6", "phải trước giờ họp"),
        ("Họp | 8h 19/6 | Hội trường\nnhắc: 3 tuổi", "nhắc:"),
        ("Họp | 8h 19/6 | Hội trường\ngửi lúc: 9h 20/6", "phải trước giờ họp"),
        ("Họp | 8h 19/6 | Hội trường\nđồ ăn: cơm", "Không hiểu trường"),
        ("Họp | 8h 19/6 | Hội trường | tất cả | thêm", "tối đa 4"),
        ("x" * 501 + " | 8h 19/6 | Hội trường", "quá dài"),
    ],
)
async def test_bad_meetings_are_explained_with_an_example_and_change_nothing(
    h: Harness, args: str, expected: str
) -> None:
    await cluster(h, 1)
    before = await h.counts()
    text = await run(h, command("hop", args))
    assert expected in text, text
    assert await h.counts() == before


async def test_answers_are_counted_per_unit_and_change_the_cards(h: Harness) -> None:
    await cluster(h)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    toast = (await press(h, "5000000101", gid(1), "r:a:1")).toast
    assert toast == "Đã ghi nhận: ✅ Người 101 tham dự (U1)"
    await press(h, "5000000102", gid(1), "r:a:1")
    absent = await press(h, "5000000201", gid(2), "r:x:1")
    assert absent.toast == "Đã ghi nhận: ❌ Người 201 vắng (U2)"
    (question,) = await rows(h, "question")
    assert question.chat.external_id == gid(2) and question.payload["force_reply"]
    assert (
        "lý do" in question.payload["text"]
        and "tg://user?id=5000000201" in question.payload["text"]
    )
    await press(h, "5000000201", gid(2), "r:a:1")
    await press(h, "5000000201", gid(2), "r:x:1")
    first, second = await rows(h, "question")
    assert first.status == OutboxStatus.CANCELLED, "the answer changed before it went out"
    assert second.status == OutboxStatus.PENDING, "the answer is ❌ again: asked again"
    edits = [r for r in await rows(h, "card") if r.status == OutboxStatus.PENDING]
    assert len(edits) == 3, "one pending edit per card, coalesced"
    assert (
        "Đã xác nhận: 1/3 đơn vị · ✅ 2 người · ❌ 1 · 👤 0 người dự thay"
        in edits[0].payload["text"]
    )
    again = await press(h, "5000000101", gid(1), "r:a:1")
    assert again.toast == "Câu trả lời của anh/chị đã được ghi nhận trước đó."
    assert len([r for r in await rows(h, "card") if r.status == OutboxStatus.PENDING]) == 3


async def test_an_edit_being_sent_is_what_the_card_shows_for_the_next_refresh(h: Harness) -> None:
    """Another instance's refresh while a worker is sending the card's edit: no second edit
    with the same text (Telegram would refuse it as "message is not modified")."""
    await cluster(h)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    await press(h, "5000000101", gid(1), "r:a:1")
    async with h.env.sessions() as session:  # a worker takes the three edits
        taken = await queries.claim_due_outbox(
            session, h.env.clock.now(), 100, timedelta(seconds=20)
        )
        await session.commit()
    assert len([r for r in taken if r.purpose == "card"]) == 3
    async with h.env.sessions() as session:  # the same answers, seen by another instance
        ann = await queries.announcement(session, 1)
        assert ann is not None
        await refresh_cards(h.env, session, ann)
        await session.commit()
    cards = await rows(h, "card")
    assert [r for r in cards if r.status == OutboxStatus.PENDING] == []
    await press(h, "5000000201", gid(2), "r:a:1")  # a real change: one new edit per card
    pending = [r for r in await rows(h, "card") if r.status == OutboxStatus.PENDING]
    assert len(pending) == 3 and all("2/3 đơn vị" in r.payload["text"] for r in pending)


async def test_a_reason_and_a_substitute_are_asked_and_recorded(h: Harness) -> None:
    await cluster(h)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    await press(h, "5000000201", gid(2), "r:x:1")
    reply = await router.handle_text(
        h.env,
        Request(sender=person("5000000201"), chat=group_chat(gid(2), "Nhóm"), text="Đi công tác"),
    )
    assert reply is not None and "Đi công tác" in reply.text
    sub = await press(h, "5000000301", gid(3), "r:s:1")
    assert sub.toast == "Đã ghi nhận: 👤 U3 cử người dự thay"
    reply = await router.handle_text(
        h.env,
        Request(
            sender=person("5000000301"),
            chat=group_chat(gid(3), "Nhóm"),
            text="Lê Văn Cường, Phó Hiệu trưởng",
        ),
    )
    assert reply is not None and "Lê Văn Cường, Phó Hiệu trưởng" in reply.text
    async with h.env.sessions() as session:
        answers = {r.person.external_id: r for r in (await session.scalars(select(Rsvp))).all()}
    assert answers["5000000201"].answer == RsvpAnswer.ABSENT
    assert answers["5000000201"].reason == "Đi công tác"
    assert answers["5000000301"].substitute_name == "Lê Văn Cường"
    assert answers["5000000301"].substitute_position == "Phó Hiệu trưởng"


async def test_forged_stale_and_foreign_presses_record_nothing(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("hop", "Họp | 8h 19/6 | Hội trường | U1!"))
    await deliver_cards(h)
    for data, expected in [
        ("r:a:99", "Nút này không còn hiệu lực."),
        ("r:z:1", "Nút này không còn hiệu lực."),
        ("r:a.x:1", "Nút này không còn hiệu lực."),
        ("r:a:1", "Nhóm này không thuộc đối tượng của cuộc họp #1."),
    ]:
        assert (await press(h, "5000000401", gid(2), data)).toast == expected
    picked = await press(h, "5000000401", gid(1), "r:a.2:1")
    assert picked.toast == "Nút này không còn hiệu lực.", "no picker is offered in U1's group"
    async with h.env.sessions() as session:
        assert (await session.scalars(select(Rsvp))).all() == []


async def test_answers_close_when_the_meeting_starts(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("hop", "Họp | 30 phút nữa | Hội trường!"))
    h.clock.advance(minutes=31)
    assert (await press(h, "5000000101", gid(1), "r:a:1")).toast == (
        "Cuộc họp đã bắt đầu; không thể thay đổi xác nhận."
    )


async def test_a_person_in_a_cluster_group_picks_their_unit_once(h: Harness) -> None:
    await cluster(h, 2)
    where = group_chat("-4000000999", "Nhóm Cụm")
    await router.handle_membership(
        h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
    )
    await run(h, command("nhom", "cum", where=where))
    await run(h, command("hop", "Họp | 8h 19/6 | Hội trường!"))
    ask = await press(h, "5000000501", "-4000000999", "r:a:1")
    assert "thuộc đơn vị nào" in ask.text
    assert [b.action for b in ask.buttons[0]] == ["r:a.1:1", "r:a.2:1"]
    done = await press(h, "5000000501", "-4000000999", "r:a.2:1")
    assert done.toast == "Đã ghi nhận: ✅ Người 501 tham dự (U2)"
    later = await press(h, "5000000501", "-4000000999", "r:x:1")
    assert later.toast == "Đã ghi nhận: ❌ Người 501 vắng (U2)"


async def test_the_cluster_group_unit_picker_is_paged_within_100_buttons(h: Harness) -> None:
    await cluster(h, 2)
    async with h.env.sessions() as session:
        session.add_all(
            Unit(
                code=f"T{i:03d}", name=f"Trường số {i}", created_at=datetime(2024, 6, 1, tzinfo=UTC)
            )
            for i in range(150)
        )
        await session.commit()
    where = group_chat("-4000000999", "Nhóm Cụm")
    await router.handle_membership(
        h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
    )
    await run(h, command("nhom", "cum", where=where))
    await run(h, command("hop", "Họp | 8h 19/6 | Hội trường!"))
    ask = await press(h, "5000000501", "-4000000999", "r:a:1")
    first = [b.action or "" for row in ask.buttons for b in row]
    assert len(first) <= 100 and first[-1] == "p:pick.a1:1"
    more = await press(h, "5000000501", "-4000000999", "p:pick.a1:1")
    second = [b.action or "" for row in more.buttons for b in row]
    assert more.edit and len(second) <= 100 and "p:pick.a1:0" in second
    async with h.env.sessions() as session:
        last = await session.scalar(select(Unit).where(Unit.code == "T149"))
    assert last is not None and f"r:a.{last.id}:1" in first + second
    assert len({*first, *second} - {"p:pick.a1:0", "p:pick.a1:1"}) == 152  # U1, U2 and T000–T149
    done = await press(h, "5000000501", "-4000000999", f"r:a.{last.id}:1")
    assert done.toast == "Đã ghi nhận: ✅ Người 501 tham dự (T149)"


async def test_the_calendar_file_parses_back_with_the_right_instant(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("hop", SENT + "\nkết thúc: 11h30"))
    reply = await press(h, "5000000101", gid(1), "r:i:1")
    (attachment,) = reply.files
    event = next(iter(Calendar.from_ical(attachment.content).walk("VEVENT")))
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2024, 6, 19, 1, 0, tzinfo=UTC)
    assert event.decoded("dtend").astimezone(UTC) == datetime(2024, 6, 19, 4, 30, tzinfo=UTC)
    assert str(event["summary"]).startswith("Hội nghị sơ kết")
    assert str(event["uid"]) == "loa-meeting-1@loatestbot.t.me"
    assert int(event["sequence"]) == 0


async def test_a_reminder_fired_twice_is_sent_once_and_a_late_one_is_dropped(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("hop", SENT))
    async with h.env.sessions() as session:
        timers = {
            t.note: t
            for t in (await session.scalars(select(ScheduledSend))).all()
            if t.kind == ScheduleKind.REMINDER
        }
    h.clock.current = timers["before:120"].run_at  # 06:00 on the day, two hours ahead
    await schedules.fire(h.env, timers["before:120"].id)
    await schedules.fire(h.env, timers["before:120"].id)
    sent = await rows(h, "reminder")
    assert len(sent) == 2 and "Nhắc lịch họp #1</b> (còn 2 giờ)" in sent[0].payload["text"]
    h.clock.advance(hours=2)  # the meeting has started
    await schedules.fire(h.env, timers["before:1440"].id)
    assert len(await rows(h, "reminder")) == 2
    async with h.env.sessions() as session:
        late = await session.get(ScheduledSend, timers["before:1440"].id)
        assert late is not None and late.status == ScheduleStatus.DROPPED


async def test_the_nudge_goes_only_to_units_that_have_not_answered(h: Harness) -> None:
    await cluster(h, 3)
    await run(h, command("hop", SENT))
    await press(h, "5000000101", gid(1), "r:a:1")
    await press(h, "5000000201", gid(2), "r:x:1")
    async with h.env.sessions() as session:
        nudge = await session.scalar(select(ScheduledSend).where(ScheduledSend.note == "nudge"))
    assert nudge is not None
    h.clock.current = nudge.run_at
    await schedules.fire(h.env, nudge.id)
    sent = await rows(h, "reminder")
    assert [r.chat.external_id for r in sent] == [gid(3)]
    assert "đơn vị U3 chưa trả lời" in sent[0].payload["text"]


async def test_remind_now_reaches_only_the_units_that_have_not_answered(h: Harness) -> None:
    await cluster(h, 3)
    await run(h, command("hop", SENT))
    await press(h, "5000000101", gid(1), "r:a:1")
    text = await run(h, command("nhacnho", "#1"))
    assert text == "🔔 Đã nhắc 2 đơn vị chưa trả lời giấy mời #1: U2, U3."
    sent = await rows(h, "reminder")
    assert sorted(r.chat.external_id for r in sent) == [gid(2), gid(3)]
    assert "trước 17:00, Thứ Sáu 14/06/2024" in sent[0].payload["text"]
    before = await h.counts()
    for args, expected in [
        ("", "Cách dùng"),
        ("9", "Không có thông báo #9"),
        ("x", "không phải mã thông báo"),
    ]:
        assert expected in await run(h, command("nhacnho", args))
    assert await h.counts() == before
    refused = await run(h, command("nhacnho", "1", who=person("5000000101")))
    assert "chỉ dành cho Ban tổ chức" in refused
