"""A paper call after it went out, on a real database: where it stands (/tinhhinh), reminding
the missing units now (/nhacnho), changing it (/sua) and cancelling it (/huy).

Only the units still missing papers hear of reminders and changes; a cancellation reaches every
chat that received the call; bad input is explained with an example and changes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from handlers import router
from handlers.core import FileRef, Membership, Request
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Outbox,
    OutboxAction,
    OutboxStatus,
    PaperCall,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
    Submission,
)
from tests.support import Harness, command, group_chat, person

CALL = (
    "Đổi mới phương pháp giảng dạy <lý luận> | 17h 14/6/2024 | tất cả!\nghi chú: Tối đa 10 trang A4"
)
OLD_DEADLINE = "17:00, Thứ Sáu 14/06/2024"
NEW_DEADLINE = "17:00, Thứ Năm 20/06/2024"
PDF = FileRef("file-1", "Tham luận.pdf", 120_000, "application/pdf")
PAPER_EXAMPLE = "Ví dụ:\n<code>/sua 7 hạn nộp: 17h 20/6/2024\nsố bài: 2</code>"


# --- helpers (as in test_papers: a test module is not a library) ----------------------------


def gid(i: int) -> str:
    return f"-40000000{i:02d}"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


async def run(h: Harness, req: Request) -> str:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


async def cluster(h: Harness, n: int = 3, groups: int | None = None) -> None:
    """Units U1…Un; the first `groups` of them (all by default) have a linked group."""
    for i in range(1, n + 1):
        await run(h, command("donvi", f"them U{i} | Trường Chính trị số {i}"))
    for i in range(1, (n if groups is None else groups) + 1):
        where = group_chat(gid(i), f"Nhóm U{i}")
        await router.handle_membership(
            h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
        )
        await run(h, command("nhom", f"U{i}", where=where))


async def deliver(h: Harness) -> None:
    """Pretend the worker sent every pending message, as the platform would number them."""
    async with h.env.sessions() as session:
        rows = await session.scalars(select(Outbox).where(Outbox.status == OutboxStatus.PENDING))
        for row in rows.all():
            row.status = OutboxStatus.SENT
            row.platform_message_id = str(1000 + row.id)
            row.sent_at = h.clock.now()
        await session.commit()


async def sent_call(h: Harness, n: int = 3, form: str = CALL) -> None:
    await cluster(h, n)
    assert "Đang gửi lời mời tham luận #1" in await run(h, command("thamluan", form))
    await deliver(h)


def nop(i: int, args: str = "1", file: FileRef = PDF, who: str | None = None) -> Request:
    sender = person(who or f"50000001{i:02d}", f"Thư ký {i}")
    return Request(
        sender=sender, chat=group_chat(gid(i), f"Nhóm U{i}"), command="nop", args=args, file=file
    )


async def outbox(h: Harness, purpose: str | None = None) -> list[Outbox]:
    async with h.env.sessions() as session:
        query = select(Outbox).order_by(Outbox.id)
        if purpose is not None:
            query = query.where(Outbox.purpose == purpose)
        return list((await session.scalars(query)).all())


async def card_edits(h: Harness) -> list[Outbox]:
    return [
        r
        for r in await outbox(h, "card")
        if r.action == OutboxAction.EDIT and r.status == OutboxStatus.PENDING
    ]


async def reminder_timers(h: Harness) -> dict[str, ScheduledSend]:
    async with h.env.sessions() as session:
        rows = await session.scalars(
            select(ScheduledSend).where(
                ScheduledSend.kind == ScheduleKind.REMINDER,
                ScheduledSend.status == ScheduleStatus.PENDING,
            )
        )
        return {t.note or "": t for t in rows.all()}


async def the_call(h: Harness, ann_id: int = 1) -> PaperCall:
    async with h.env.sessions() as session:
        call = await session.get(PaperCall, ann_id)
        assert call is not None
        return call


async def papers(h: Harness) -> list[Submission]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(Submission).order_by(Submission.id))).all())


# --- /tinhhinh -------------------------------------------------------------------------------


async def test_status_shows_each_unit_its_current_file_sender_time_and_late_flag(
    h: Harness,
) -> None:
    await sent_call(h, 4)
    await run(h, nop(1))
    h.clock.advance(minutes=30)
    await run(h, nop(1, file=FileRef("file-2", "Bản sửa <cuối>.docx", 5000, None)))
    await run(h, nop(2, who="5000000222"))
    h.clock.current = utc(2024, 6, 15, 9, 5)  # 16:05 on 15/06, after the deadline
    await run(h, nop(3))
    table = await run(h, command("tinhhinh", "#1"))
    assert table.startswith(
        "📋 <b>Tình hình nộp tham luận #1</b>\n"
        "<b>Đổi mới phương pháp giảng dạy &lt;lý luận&gt;</b>\n"
        f"⏳ Hạn nộp: {OLD_DEADLINE} <i>(đã hết hạn)</i>\n"
        "<b>Đã nộp: 3/4 đơn vị</b>\n\n"
    )
    assert (
        "✅ <b>U1</b> — Trường Chính trị số 1\n"
        "    📄 Bản sửa &lt;cuối&gt;.docx — Thư ký 1 — 10:45 12/06"
    ) in table
    assert "Tham luận.pdf — Thư ký 1" not in table  # the replaced file is history
    assert "    📄 Tham luận.pdf — Thư ký 2 — 10:45 12/06\n" in table
    assert "    📄 Tham luận.pdf — Thư ký 3 — 16:05 15/06 ⏰ nộp muộn" in table
    assert "⬜ <b>U4</b> — Trường Chính trị số 4: chưa nộp" in table
    assert table.endswith(
        "⏳ <b>Chưa nộp:</b> U4\nNhắc ngay các đơn vị chưa nộp: <code>/nhacnho 1</code>"
    )


async def test_status_shows_units_short_of_papers_when_a_call_asks_for_two(h: Harness) -> None:
    await sent_call(h, 2, CALL + "\nsố bài: 2")
    await run(h, nop(1))
    table = await run(h, command("tinhhinh", "1"))
    assert "Đã nộp: 0/2 đơn vị" in table
    assert "⏳ <b>U1</b> — Trường Chính trị số 1: mới nộp 1/2 bài" in table
    assert "(đã hết hạn)" not in table
    assert "Chưa nộp:</b> U1, U2" in table


async def test_status_of_a_paper_call_takes_only_the_code_and_changes_nothing(
    h: Harness,
) -> None:
    await sent_call(h, 2)
    before = await h.counts()
    reply = await run(h, command("tinhhinh", "1 | U1 | có"))
    assert "chỉ cần mã: <code>/tinhhinh 1</code>" in reply and "/nop 1" in reply
    assert await h.counts() == before and await papers(h) == []


async def test_status_of_a_cancelled_call_says_so_without_the_reminder_hint(h: Harness) -> None:
    await sent_call(h, 2)
    await run(h, command("huy", "1 | đổi kế hoạch"))
    table = await run(h, command("tinhhinh", "1"))
    assert "❌ <b>Lời mời đã bị huỷ.</b>" in table
    assert "Chưa nộp:</b> U1, U2" in table and "/nhacnho" not in table


# --- /nhacnho --------------------------------------------------------------------------------


async def test_remind_now_reaches_only_the_units_still_missing_papers_and_names_them(
    h: Harness,
) -> None:
    await sent_call(h, 4)
    await run(h, nop(1))
    await run(h, nop(3))
    reply = await run(h, command("nhacnho", "#1"))
    assert reply == "🔔 Đã nhắc 2 đơn vị chưa nộp tham luận #1: U2, U4."
    sent = await outbox(h, "reminder")
    assert sorted(r.chat.external_id for r in sent) == [gid(2), gid(4)]
    assert (
        "đơn vị U2 mới nộp 0/1 bài. Hạn nộp: 17:00, Thứ Sáu 14/06/2024" in (sent[0].payload["text"])
    )
    h.clock.advance(hours=1)  # a second /nhacnho later reminds again
    await run(h, command("nhacnho", "1"))
    assert len(await outbox(h, "reminder")) == 4


async def test_remind_now_after_the_deadline_says_late_papers_are_still_taken(
    h: Harness,
) -> None:
    await sent_call(h, 2)
    await run(h, nop(1))
    h.clock.current = utc(2024, 6, 16, 1)
    assert "U2" in await run(h, command("nhacnho", "1"))
    (sent,) = await outbox(h, "reminder")
    assert sent.chat.external_id == gid(2)
    assert "Hạn nộp 17:00, Thứ Sáu 14/06/2024 đã qua" in sent.payload["text"]
    assert "ghi là nộp muộn" in sent.payload["text"] and "còn" not in sent.payload["text"]


async def test_remind_now_names_missing_units_that_have_no_group_to_remind(h: Harness) -> None:
    await cluster(h, 3, groups=2)
    await run(h, command("thamluan", CALL))
    reply = await run(h, command("nhacnho", "1"))
    assert "Đã nhắc 2 đơn vị chưa nộp tham luận #1: U1, U2." in reply
    assert "Chưa nhắc được U3: đơn vị không có nhóm nào đang hoạt động" in reply


async def test_remind_now_refuses_calls_not_sent_cancelled_or_complete(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("thamluan", CALL))
    await run(h, nop(1))
    await run(h, command("thamluan", "Chủ đề hai | 17h 20/6/2024 | U1!\ngửi lúc: 9h 13/6"))
    await run(h, command("thamluan", "Chủ đề ba | 17h 20/6/2024 | U1!"))
    await run(h, command("huy", "3"))
    before = await h.counts()
    assert "đã nộp đủ tham luận #1; không cần nhắc" in await run(h, command("nhacnho", "1"))
    assert "#2 chưa được gửi đi nên chưa thể nhắc" in await run(h, command("nhacnho", "2"))
    assert "#3 đã bị huỷ; không nhắc nữa" in await run(h, command("nhacnho", "3"))
    assert await h.counts() == before


# --- /sua ------------------------------------------------------------------------------------


async def test_extending_the_deadline_edits_cards_rearms_reminders_and_tells_missing_units(
    h: Harness,
) -> None:
    await sent_call(h, 3)
    await run(h, nop(1))
    await deliver(h)
    old_timers = {t.id for t in (await reminder_timers(h)).values()}
    reply = await run(h, command("sua", "1 hạn nộp: 17h 20/6/2024"))
    assert reply.startswith(
        f"✏️ Đã sửa lời mời gửi tham luận #1:\n• hạn nộp: {OLD_DEADLINE} → {NEW_DEADLINE}\n"
    )
    assert "báo thay đổi tới 2 nhóm của các đơn vị chưa nộp: U2, U3" in reply
    assert "Lịch nhắc đã được đặt lại" in reply
    edits = await card_edits(h)
    assert sorted(e.chat.external_id for e in edits) == [gid(1), gid(2), gid(3)]
    assert all(f"⏳ Hạn nộp: {NEW_DEADLINE}" in e.payload["text"] for e in edits)
    notices = await outbox(h, "change")
    assert sorted(n.chat.external_id for n in notices) == [gid(2), gid(3)]
    assert notices[0].payload["text"] == (
        f"⚠️ <b>Gia hạn nộp tham luận #1</b>: {OLD_DEADLINE} → {NEW_DEADLINE}\n"
        "«Đổi mới phương pháp giảng dạy &lt;lý luận&gt;»\n"
        "Đơn vị U2 mới nộp 0/1 bài. Xin gửi tệp kèm chú thích <code>/nop 1</code>, "
        "hoặc trả lời giấy mời bằng tệp tham luận."
    )
    assert old_timers <= set(h.timers.disarmed)
    timers = await reminder_timers(h)
    assert timers["papers:summary"].run_at == utc(2024, 6, 20, 10)
    assert timers["papers:before:1440"].run_at == utc(2024, 6, 19, 10)
    assert timers["papers:day"].run_at == utc(2024, 6, 20, 1)
    assert set(h.timers.armed) == {t.id for t in timers.values()}
    assert (await the_call(h)).sequence == 1


async def test_extending_a_passed_deadline_makes_papers_sent_before_the_new_one_on_time(
    h: Harness,
) -> None:
    await sent_call(h, 2)
    h.clock.current = utc(2024, 6, 15, 2)
    assert "(nộp muộn)" in await run(h, nop(1))
    reply = await run(h, command("sua", "1\nhạn nộp: 17h 20/6/2024"))
    assert "1 bài nộp sau hạn cũ nay được tính là nộp đúng hạn." in reply
    assert [p.late for p in await papers(h)] == [False]
    assert "⏰ nộp muộn" not in await run(h, command("tinhhinh", "1"))


async def test_other_fields_change_the_cards_and_the_units_short_of_papers_hear_of_it(
    h: Harness,
) -> None:
    await sent_call(h, 2)
    await run(h, nop(1))
    await deliver(h)
    reply = await run(
        h,
        command(
            "sua",
            "1 chủ đề: Chuyển đổi số trong giảng dạy\nsố bài: 2\nghi chú: không\nnhắc: 2 ngày",
        ),
    )
    assert "• chủ đề: Đổi mới phương pháp giảng dạy &lt;lý luận&gt; → Chuyển đổi số" in reply
    assert "• số bài: 1 → 2" in reply and "• ghi chú: Tối đa 10 trang A4 → (không có)" in reply
    assert "• nhắc: trước 7 ngày, trước 3 ngày, trước 1 ngày, 8:00 ngày hết hạn → trước 2 ngày" in (
        reply
    )
    edits = await card_edits(h)
    assert len(edits) == 2
    assert all("Mỗi đơn vị nộp 2 bài" in e.payload["text"] for e in edits)
    assert all("Ghi chú" not in e.payload["text"] for e in edits)
    notices = {n.chat.external_id: n.payload["text"] for n in await outbox(h, "change")}
    assert set(notices) == {gid(1), gid(2)}  # U1 now has 1 of 2 papers
    assert notices[gid(1)].startswith("⚠️ <b>Thay đổi lời mời gửi tham luận #1</b>\n")
    assert "• số bài: 1 → 2" in notices[gid(1)] and "U1 mới nộp 1/2 bài" in notices[gid(1)]
    assert set(await reminder_timers(h)) == {"papers:before:2880", "papers:summary"}
    call = await the_call(h)
    assert (call.topic, call.per_unit, call.notes, call.reminders) == (
        "Chuyển đổi số trong giảng dạy",
        2,
        None,
        [2880],
    )
    assert not call.deadline_day_reminder
    back = await run(h, command("sua", "1 nhắc: mặc định"))
    assert "trước 2 ngày → trước 7 ngày, trước 3 ngày, trước 1 ngày, 8:00 ngày hết hạn" in back
    assert "không cần báo tới các đơn vị" in back
    assert set(await reminder_timers(h)) == {"papers:before:1440", "papers:day", "papers:summary"}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("1 hạn nộp: 8h 1/6/2024", "thời điểm này đã qua"),
        ("1 hạn nộp: mai mốt", "Không đọc được thời điểm «mai mốt»"),
        ("1 hạn nộp: không", "Không thể bỏ trường «hạn nộp»"),
        ("1 chủ đề: không", "Không thể bỏ trường «chủ đề»"),
        ("1 số bài: 20", "«20» không phải số bài hợp lệ"),
        ("1 đối tượng: U1", "Không đổi được «đối tượng»"),
        ("1 gửi lúc: 9h 13/6", "Không đổi được «gửi lúc»"),
        ("1 địa điểm: Hội trường B", "Không hiểu trường «địa điểm»"),
        ("1 nhắc: hai hôm", "Không đọc được «hai hôm» trong <code>nhắc:</code>"),
        ("1 ghi chú:", "Trường «ghi chú» đang để trống"),
        ("1", "Chưa có gì để sửa cho lời mời gửi tham luận #1"),
        ("1 hạn nộp: 17h 14/6/2024", "giống hệt lời mời gửi tham luận #1"),
    ],
)
async def test_bad_paper_edits_are_explained_with_an_example_and_change_nothing(
    h: Harness, args: str, expected: str
) -> None:
    await sent_call(h, 2)
    before = await h.counts()
    reply = await run(h, command("sua", args))
    assert expected in reply, reply
    assert reply.endswith(PAPER_EXAMPLE) and "thời gian:" not in reply
    assert await h.counts() == before
    call = await the_call(h)
    assert call.sequence == 0 and call.deadline == utc(2024, 6, 14, 10)


async def test_a_cancelled_or_draft_call_cannot_be_edited(h: Harness) -> None:
    await sent_call(h, 1)
    await run(h, command("huy", "1"))
    await router.handle_command(h.env, command("thamluan", "Nháp | 17h 20/6/2024 | U1"))
    before = await h.counts()
    assert "#1 đã bị huỷ; không thể sửa" in await run(h, command("sua", "1 số bài: 2"))
    assert "#2 mới là bản xem trước" in await run(h, command("sua", "2 số bài: 2"))
    assert await h.counts() == before


async def test_a_scheduled_call_is_changed_before_it_leaves_and_tells_nobody(
    h: Harness,
) -> None:
    await cluster(h, 2)
    await run(h, command("thamluan", CALL + "\ngửi lúc: 9h 13/6"))
    refused = await run(h, command("sua", "1 hạn nộp: 8h 13/6/2024"))
    assert "Thời điểm gửi (09:00, Thứ Năm 13/06/2024) phải trước hạn nộp" in refused
    reply = await run(h, command("sua", "1 hạn nộp: 17h 20/6/2024"))
    assert "Lời mời chưa gửi; sẽ được gửi với nội dung mới lúc 09:00, Thứ Năm 13/06/2024" in reply
    assert await outbox(h) == []
    assert (await reminder_timers(h))["papers:summary"].run_at == utc(2024, 6, 20, 10)


async def test_a_meeting_is_still_edited_by_the_meeting_rules(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("hop", "Họp giao ban | 8h 19/6/2024 | Phòng 2 | tất cả!"))
    assert "địa điểm: Phòng 2 → Phòng 3" in await run(h, command("sua", "1 địa điểm: Phòng 3"))
    assert "Không hiểu trường «hạn nộp»" in await run(h, command("sua", "1 hạn nộp: 17h 18/6"))


# --- /huy ------------------------------------------------------------------------------------


async def test_cancelling_a_sent_call_marks_the_cards_tells_every_group_and_drops_timers(
    h: Harness,
) -> None:
    await sent_call(h, 3)
    await run(h, nop(1))
    await deliver(h)
    timers = {t.id for t in (await reminder_timers(h)).values()}
    reply = await run(h, command("huy", "1 | Đổi <kế hoạch> hội thảo"))
    assert reply.startswith(
        "❌ Đã huỷ lời mời gửi tham luận #1 «Đổi mới phương pháp giảng dạy &lt;lý luận&gt;». "
        "Lý do: Đổi &lt;kế hoạch&gt; hội thảo. Đã ghi ĐÃ HUỶ lên 3 lời mời đã gửi"
    )
    edits = await card_edits(h)
    assert sorted(e.chat.external_id for e in edits) == [gid(1), gid(2), gid(3)]
    for edit in edits:
        assert edit.payload["text"].startswith(
            "❌ <b>ĐÃ HUỶ</b> — Lý do: Đổi &lt;kế hoạch&gt; hội thảo\n"
        )
        assert "Cách nộp" not in edit.payload["text"]
    notices = await outbox(h, "cancel")
    assert sorted(n.chat.external_id for n in notices) == [gid(1), gid(2), gid(3)]
    assert notices[0].payload["text"] == (
        "❌ <b>Huỷ lời mời gửi tham luận #1</b> «Đổi mới phương pháp giảng dạy &lt;lý luận&gt;»."
        " Lý do: Đổi &lt;kế hoạch&gt; hội thảo. "
        "Các đơn vị không cần gửi tham luận theo lời mời này nữa."
    )
    assert timers and timers <= set(h.timers.disarmed) and await reminder_timers(h) == {}
    assert (await the_call(h)).sequence == 1
    async with h.env.sessions() as session:
        ann = await session.get(Announcement, 1)
        assert ann is not None and ann.status == AnnouncementStatus.CANCELLED
    rows = len(await outbox(h))
    assert "đã bị huỷ; không nhận thêm tệp" in await run(h, nop(2))
    assert "đã được huỷ trước đó" in await run(h, command("huy", "1"))
    assert len(await outbox(h)) == rows and len(await papers(h)) == 1


async def test_cancelling_a_scheduled_call_sends_nothing(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("thamluan", CALL + "\ngửi lúc: 9h 13/6"))
    armed = set(h.timers.armed)
    reply = await run(h, command("huy", "1"))
    assert "Đã huỷ lời mời gửi tham luận #1" in reply and "chưa được gửi tới nơi nào" in reply
    assert armed and set(h.timers.disarmed) == armed
    assert await outbox(h) == []
