"""Deadlines on a real database: answers refused after a closing deadline and marked late
otherwise, `/giahan` giving one unit its own deadline (and its bad inputs), and the reminders
of an extended unit counted from its own deadline."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import event, func, select, update

from handlers import deadlines, router, schedules
from handlers.core import Reply, Request
from storage.models import (
    AuditLog,
    Meeting,
    ScheduledSend,
    ScheduleKind,
    Submission,
    UnitDeadline,
)
from tests.support import Harness, command, group_chat, person
from tests.unit.test_answers import answer_of, deliver_cards, questions
from tests.unit.test_meetings import SENT, cluster, gid, rows, run
from tests.unit.test_papers import CALL, nop

PAST_DEADLINE = datetime(2024, 6, 14, 11, 0, tzinfo=UTC)  # 18:00 Friday 14/06 in Hà Nội
CLOSED = "Đã hết hạn xác nhận (17:00, Thứ Sáu 14/06/2024). Vui lòng liên hệ ban tổ chức."


@pytest.fixture(params=["one_by_one", "batched"])
def batched(request: pytest.FixtureRequest) -> bool:
    return bool(request.param == "batched")


async def press(h: Harness, who: str, chat: str, data: str, *, batched: bool = False) -> Reply:
    req = Request(
        sender=person(who, f"Người {who[-3:]}"),
        chat=group_chat(chat, "Nhóm"),
        action=data,
        message_id="5",
    )
    if batched:
        (reply,) = await router.answer_actions(h.env, [req])
        return reply
    return await router.answer_action(h.env, req)


async def typed(h: Harness, who: str, chat: str, text: str) -> str:
    req = Request(sender=person(who, f"Người {who[-3:]}"), chat=group_chat(chat, "Nhóm"), text=text)
    reply = await router.handle_text(h.env, req)
    assert reply is not None
    return reply.text


async def closing_meeting(h: Harness, units: int = 3) -> None:
    """The seed meeting (deadline 17:00 Friday 14/06) sent to `units` units, `sau hạn: đóng`."""
    await cluster(h, units)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    async with h.env.sessions() as session:
        await session.execute(update(Meeting).values(closes_at_deadline=True))
        await session.commit()


async def count(h: Harness, model: type) -> int:
    async with h.env.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


# --- the window ---------------------------------------------------------------------------------


async def test_the_window_is_open_late_or_closed_by_the_units_own_deadline(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("hop", SENT))
    await run(h, command("giahan", "1 U2 | 17h 17/6/2024"))
    async with h.env.sessions() as session:
        meeting = await session.get(Meeting, 1)
        assert meeting is not None
        before = datetime(2024, 6, 14, 9, 0, tzinfo=UTC)
        assert await deadlines.meeting_window(session, meeting, 1, before) == deadlines.Window.OPEN
        late = deadlines.Window.LATE
        assert await deadlines.meeting_window(session, meeting, 1, PAST_DEADLINE) == late
        assert await deadlines.meeting_window(session, meeting, 2, PAST_DEADLINE) == "open"
        meeting.closes_at_deadline = True
        closed = await deadlines.meeting_window(session, meeting, 1, PAST_DEADLINE)
        assert closed == deadlines.Window.CLOSED
        assert await deadlines.meeting_window(session, meeting, 2, PAST_DEADLINE) == "open"


# --- answers at the deadline -----------------------------------------------------------------


async def test_a_press_after_a_closing_deadline_is_refused_and_stores_nothing(
    h: Harness, batched: bool
) -> None:
    await closing_meeting(h)
    h.clock.current = PAST_DEADLINE
    cards = len(await rows(h))
    refused = await press(h, "5000000101", gid(1), "r:a:1", batched=batched)
    assert refused.toast == CLOSED and refused.alert
    assert await answer_of(h, "5000000101") is None
    assert len(await rows(h)) == cards, "no card refresh, no question"


async def test_a_batch_of_presses_reads_the_units_deadlines_once(h: Harness) -> None:
    await closing_meeting(h)
    await run(h, command("giahan", "1 U2 | 17h 17/6/2024"))
    h.clock.current = PAST_DEADLINE
    statements: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(h.engine.sync_engine, "before_cursor_execute", seen)
    reqs = [
        Request(
            sender=person(f"5000000{i}01", f"Người {i}01"),
            chat=group_chat(gid(i), "Nhóm"),
            action="r:a:1",
            message_id="5",
        )
        for i in (1, 2, 3)
    ]
    replies = await router.answer_actions(h.env, reqs)
    event.remove(h.engine.sync_engine, "before_cursor_execute", seen)
    assert [r.toast for r in replies] == [CLOSED, "Đã ghi nhận: ✅ Người 201 tham dự (U2)", CLOSED]
    assert len([s for s in statements if "unit_deadlines" in s]) == 1


async def test_a_typed_answer_after_a_closing_deadline_is_refused(h: Harness) -> None:
    await closing_meeting(h)
    h.clock.current = PAST_DEADLINE
    assert CLOSED in await typed(h, "5000000101", gid(1), "XN 1 KHONG Đi công tác")
    assert await answer_of(h, "5000000101") is None


async def test_a_reason_given_after_the_meeting_closed_is_not_stored(h: Harness) -> None:
    await closing_meeting(h)
    h.clock.current = datetime(2024, 6, 14, 9, 55, tzinfo=UTC)  # 16:55, five minutes ahead
    await press(h, "5000000101", gid(1), "r:x:1")
    await deliver_cards(h)
    (asked,) = await questions(h)
    h.clock.advance(minutes=6)
    req = Request(
        sender=person("5000000101", "Người 101"),
        chat=group_chat(gid(1), "Nhóm"),
        text="Đi công tác",
        reply_to_bot_message=asked.platform_message_id,
    )
    reply = await router.handle_text(h.env, req)
    assert reply is not None and reply.text == CLOSED
    record = await answer_of(h, "5000000101")
    assert record is not None and record.reason is None and not record.late


async def test_a_late_answer_is_accepted_and_marked_in_the_status_and_the_export(
    h: Harness, batched: bool
) -> None:
    await cluster(h, 2)
    await run(h, command("hop", SENT))
    await press(h, "5000000101", gid(1), "r:a:1", batched=batched)
    h.clock.current = PAST_DEADLINE
    accepted = await press(h, "5000000201", gid(2), "r:a:1", batched=batched)
    assert accepted.toast == "Đã ghi nhận: ✅ Người 201 tham dự (U2)"
    late, on_time = await answer_of(h, "5000000201"), await answer_of(h, "5000000101")
    assert late is not None and late.late and on_time is not None and not on_time.late
    status = await run(h, command("tinhhinh", "1"))
    assert "✅ Người 201 — 18:00 14/06 <i>(trễ)</i>" in status
    assert "✅ Người 101 — 10:15 12/06\n" in status + "\n"
    exported = await router.handle_command(h.env, command("xuat", "1"))
    assert exported is not None
    sheet = load_workbook(io.BytesIO(exported.files[0].content))["Danh sách"]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    late_column = table[0].index("Trễ hạn")
    assert [row[late_column] for row in table[1:]] == [None, "trễ"]


async def test_an_answer_changed_back_in_time_is_no_longer_late(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("hop", SENT))
    h.clock.current = PAST_DEADLINE
    await press(h, "5000000201", gid(2), "r:x:1")
    await run(h, command("giahan", "1 U2 | 17h 17/6/2024"))
    await press(h, "5000000201", gid(2), "r:a:1")
    record = await answer_of(h, "5000000201")
    assert record is not None and not record.late


async def test_an_organiser_sets_an_answer_after_closing_and_it_is_marked_late(
    h: Harness,
) -> None:
    await closing_meeting(h, 2)
    h.clock.current = PAST_DEADLINE
    done = await run(h, command("tinhhinh", "1 | U1 | có | Nguyễn Văn Bình"))
    assert "Đã ghi thay cho đơn vị <b>U1</b>" in done and "<i>(trễ)</i>" in done


# --- /giahan -----------------------------------------------------------------------------------


async def test_extending_a_unit_tells_it_and_opens_its_answers_again(h: Harness) -> None:
    await closing_meeting(h)
    await run(h, command("start", who=person("5000000201")))  # a member reachable privately
    done = await run(h, command("giahan", "1 U2 | 17h 17/6"))
    assert done.startswith("📅 Đã gia hạn cho U2 — giấy mời #1: hạn mới 17:00, Thứ Hai 17/06/2024.")
    assert "Đã báo cho đơn vị (1 nhóm/tin nhắn riêng)." in done
    (told,) = await rows(h, "deadline")
    assert told.chat.external_id == gid(2)
    assert told.payload["text"] == (
        "📅 Ban tổ chức đã gia hạn cho U2: giấy mời #1 «Hội nghị sơ kết phong trào thi đua 6"
        " tháng đầu năm 2024» — hạn mới 17:00, Thứ Hai 17/06/2024."
    )
    async with h.env.sessions() as session:
        audit = await session.scalar(select(AuditLog).where(AuditLog.action == "deadline.extend"))
    assert audit is not None and audit.details["unit"] == "U2"
    again = await run(h, command("giahan", "1 U2 | 17h 17/6"))
    assert again.startswith("📅 Đã gia hạn cho U2")
    assert len(await rows(h, "deadline")) == 1, "the same extension is told once"

    h.clock.current = PAST_DEADLINE
    assert (await press(h, "5000000101", gid(1), "r:a:1")).toast == CLOSED
    accepted = await press(h, "5000000201", gid(2), "r:a:1")
    assert accepted.toast == "Đã ghi nhận: ✅ Người 201 tham dự (U2)"
    record = await answer_of(h, "5000000201")
    assert record is not None and not record.late
    status = await run(h, command("tinhhinh", "1"))
    assert "<b>U2</b> — Trường Chính trị số 2 · hạn riêng: 17:00, Thứ Hai 17/06/2024" in status
    exported = await router.handle_command(h.env, command("xuat", "1"))
    assert exported is not None
    book = load_workbook(io.BytesIO(exported.files[0].content))
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Hạn riêng"] == "U2: 17:00, Thứ Hai 17/06/2024"
    current = await run(h, command("giahan", "1 U2"))
    assert current.startswith("Hạn riêng của U2 cho giấy mời #1: 17:00, Thứ Hai 17/06/2024.")
    general = await run(h, command("giahan", "1 U1"))
    assert general.startswith("U1 theo hạn chung của giấy mời #1: 17:00, Thứ Sáu 14/06/2024.")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", "Cách dùng: <code>/giahan 12 HP | 17h 16/6</code>"),
        ("1", "Xin ghi mã đơn vị được gia hạn sau số #1"),
        ("1 U1 U2 | 17h 17/6", "Mỗi lần chỉ gia hạn cho một đơn vị"),
        ("1 ZZ | 17h 17/6", "Không có đơn vị mã <b>ZZ</b>. Các mã đang có: U1, U2, U3."),
        ("1 U3 | 17h 17/6", "Đơn vị U3 không thuộc đối tượng của giấy mời #1."),
        ("1 U2 | hôm kia nữa", "Không đọc được thời điểm «hôm kia nữa»"),
        ("1 U2 | 8h 10/6/2024", "đã qua"),
        ("1 U2 | 9h 19/6/2024", "Hạn mới phải trước giờ họp (08:00, Thứ Tư 19/06/2024)"),
        ("2 U1 | 17h 17/6", "Thông báo #2 không phải giấy mời họp hay lời mời tham luận"),
        ("3 U1 | 17h 17/6", "Giấy mời #3 đã bị huỷ; không thể gia hạn."),
        ("9 U1 | 17h 17/6", "Không có thông báo #9"),
    ],
)
async def test_bad_extensions_are_explained_and_change_nothing(
    h: Harness, args: str, expected: str
) -> None:
    await cluster(h, 3)
    await run(h, command("hop", SENT.replace("| tất cả!", "| U1, U2!")))
    await run(h, command("thongbao", "Nộp báo cáo tháng | tất cả | ngay"))
    await run(h, command("hop", SENT))
    await run(h, command("huy", "3 | Đổi lịch"))
    before = await h.counts()
    text = await run(h, command("giahan", args))
    assert expected in text
    if args:
        assert "Ví dụ:\n<code>/giahan 12 HP | 17h 16/6</code>" in text
    assert await h.counts() == before
    assert await count(h, UnitDeadline) == 0


async def test_only_organisers_extend(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("hop", SENT))
    refused = await run(h, command("giahan", "1 U2 | 17h 17/6", who=person("5000000201")))
    assert "chỉ dành cho Ban tổ chức" in refused
    assert await count(h, UnitDeadline) == 0


# --- reminders follow ------------------------------------------------------------------------


async def reminder_timers(h: Harness) -> list[ScheduledSend]:
    async with h.env.sessions() as session:
        query = (
            select(ScheduledSend)
            .where(ScheduledSend.kind == ScheduleKind.REMINDER, ScheduledSend.status == "pending")
            .order_by(ScheduledSend.run_at)
        )
        return list((await session.scalars(query)).all())


async def test_an_extended_units_nudge_follows_its_own_deadline(h: Harness) -> None:
    await cluster(h, 3)
    await run(h, command("hop", SENT))
    await press(h, "5000000101", gid(1), "r:a:1")
    await run(h, command("giahan", "1 U2 | 17h 17/6"))
    nudges = [t for t in await reminder_timers(h) if t.note == "nudge"]
    assert [(t.unit_id, t.run_at) for t in nudges] == [
        (None, datetime(2024, 6, 13, 10, 0, tzinfo=UTC)),  # 17:00 Thursday, all but U2
        (2, datetime(2024, 6, 16, 10, 0, tzinfo=UTC)),  # 17:00 Sunday, U2 alone
    ]
    general, own = nudges
    assert h.timers.armed[own.id] == own.run_at
    h.clock.current = general.run_at
    await schedules.fire(h.env, general.id)
    assert [r.chat.external_id for r in await rows(h, "reminder")] == [gid(3)]
    h.clock.current = own.run_at
    await schedules.fire(h.env, own.id)
    await schedules.fire(h.env, own.id)
    sent = await rows(h, "reminder")
    assert [r.chat.external_id for r in sent] == [gid(3), gid(2)]
    assert "đơn vị U2 chưa trả lời" in sent[1].payload["text"]
    assert "trước 17:00, Thứ Hai 17/06/2024" in sent[1].payload["text"]


async def test_an_edited_meeting_keeps_the_extended_units_nudge(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("hop", SENT))
    await run(h, command("giahan", "1 U2 | 17h 17/6"))
    await run(h, command("sua", "1\nhạn xác nhận: 17h 13/6/2024"))
    nudges = [(t.unit_id, t.run_at) for t in await reminder_timers(h) if t.note == "nudge"]
    assert nudges == [
        (None, datetime(2024, 6, 12, 10, 0, tzinfo=UTC)),
        (2, datetime(2024, 6, 16, 10, 0, tzinfo=UTC)),
    ]


async def test_a_paper_call_extension_moves_the_units_reminders_and_late_mark(
    h: Harness,
) -> None:
    await cluster(h, 3)
    await run(h, command("thamluan", CALL))
    done = await run(h, command("giahan", "1 U2 | 17h 17/6"))
    assert "lời mời tham luận #1: hạn mới 17:00, Thứ Hai 17/06/2024" in done
    timers = await reminder_timers(h)
    own = [(t.note, t.run_at) for t in timers if t.unit_id == 2]
    assert own == [
        ("papers:before:4320", datetime(2024, 6, 14, 10, 0, tzinfo=UTC)),
        ("papers:before:1440", datetime(2024, 6, 16, 10, 0, tzinfo=UTC)),
        ("papers:day", datetime(2024, 6, 17, 1, 0, tzinfo=UTC)),  # 08:00 Monday
    ]
    general = next(t for t in timers if t.note == "papers:before:1440" and t.unit_id is None)
    h.clock.current = general.run_at
    await schedules.fire(h.env, general.id)
    assert sorted(r.chat.external_id for r in await rows(h, "reminder")) == [gid(1), gid(3)]

    h.clock.current = PAST_DEADLINE
    await run(h, command("start"))  # the organiser can be written to privately
    summary_timer = next(t for t in timers if t.note == "papers:summary")
    await schedules.fire(h.env, summary_timer.id)
    (summary,) = await rows(h, "summary")
    assert "Chưa nộp: U1, U3." in summary.payload["text"]
    assert "Được gia hạn (chưa đến hạn riêng): U2." in summary.payload["text"]
    assert "(nộp muộn)" in await run(h, nop(1, "1"))
    assert "(nộp muộn)" not in await run(h, nop(2, "1"))
    status = await run(h, command("tinhhinh", "1"))
    assert "hạn riêng: 17:00, Thứ Hai 17/06/2024" in status

    day = next(t for t in timers if t.note == "papers:day" and t.unit_id == 2)
    await run(h, command("giahan", "1 U3 | 17h 17/6"))
    h.clock.current = day.run_at
    fresh = next(t for t in await reminder_timers(h) if t.note == "papers:day" and t.unit_id == 3)
    await schedules.fire(h.env, fresh.id)
    assert [r.chat.external_id for r in await rows(h, "reminder")][2:] == [gid(3)]
    async with h.env.sessions() as session:
        papers = (await session.scalars(select(Submission).order_by(Submission.id))).all()
    assert [(p.unit_id, p.late) for p in papers] == [(1, True), (2, False)]


async def test_remind_now_names_each_units_own_deadline(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("hop", SENT))
    await run(h, command("giahan", "1 U2 | 17h 17/6"))
    await run(h, command("nhacnho", "1"))
    texts = {r.chat.external_id: r.payload["text"] for r in await rows(h, "reminder")}
    assert "trước 17:00, Thứ Sáu 14/06/2024" in texts[gid(1)]
    assert "trước 17:00, Thứ Hai 17/06/2024" in texts[gid(2)]


async def test_a_unit_of_a_meeting_not_sent_yet_is_not_told_but_keeps_its_deadline(
    h: Harness,
) -> None:
    await cluster(h, 2)
    await run(h, command("hop", SENT + "\ngửi lúc: 8h 13/6/2024"))
    done = await run(h, command("giahan", "1 U2 | 17h 17/6"))
    assert "Thông báo chưa gửi đi nên Loa chưa báo cho đơn vị" in done
    assert await rows(h, "deadline") == []
    nudges = [(t.unit_id, t.note) for t in await reminder_timers(h) if t.note == "nudge"]
    assert nudges == [(None, "nudge"), (2, "nudge")]
