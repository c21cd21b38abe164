"""Changing and cancelling a meeting after it was announced (/sua, /huy), on a real database.

A sent meeting's cards are edited in place, the chats that saw it get a short notice, and its
reminders follow the new time or stop; bad input and late changes are refused and change nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from handlers import router, schedules
from handlers.core import Membership, Request
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Meeting,
    Outbox,
    OutboxAction,
    OutboxStatus,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
)
from tests.support import Harness, command, group_chat, person, private_chat

MEMBER = person("5000000077", "Trần Thị Bình")
GROUPS = ["-4000000001", "-4000000002", "-4000000003"]
SEED = (
    "Hội nghị sơ kết <thi đua> | 8h 19/6/2024 | Hội trường A | tất cả!\n"
    "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
    "hạn xác nhận: 17h 14/6/2024\n"
    "nhắc: 1 ngày, 2 giờ"
)
OLD_TIME = "08:00, Thứ Tư 19/06/2024"
NEW_TIME = "14:00, Thứ Tư 19/06/2024"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# --- helpers (copied from test_handlers: a test module is not a library) -------------------


async def run(h: Harness, req: Request) -> str:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


async def setup_cluster(h: Harness, n: int = 3) -> list[str]:
    codes = [f"U{i}" for i in range(1, n + 1)]
    for code in codes:
        assert "Đã thêm đơn vị" in await run(
            h, command("donvi", f"them {code} | Trường Chính trị {code}")
        )
    for i, code in enumerate(codes, start=1):
        where = group_chat(f"-40000000{i:02d}", f"Nhóm {code}")
        joined = Request(sender=person(), chat=where, membership=Membership.JOINED)
        assert await router.handle_membership(h.env, joined) is not None
        assert "đã được liên kết" in await run(h, command("nhom", code, where=where))
    return codes


async def outbox(h: Harness) -> list[Outbox]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(Outbox).order_by(Outbox.id))).all())


async def meeting_row(h: Harness, ann_id: int = 1) -> Meeting:
    async with h.env.sessions() as session:
        record = await session.get(Meeting, ann_id)
        assert record is not None
        return record


async def timers_of(h: Harness, kind: ScheduleKind) -> list[ScheduledSend]:
    async with h.env.sessions() as session:
        rows = await session.scalars(
            select(ScheduledSend)
            .where(ScheduledSend.kind == kind, ScheduledSend.status == ScheduleStatus.PENDING)
            .order_by(ScheduledSend.run_at)
        )
        return list(rows.all())


async def mark_delivered(h: Harness) -> None:
    """Pretend the worker sent every pending message, as the platform would number them."""
    async with h.env.sessions() as session:
        rows = await session.scalars(select(Outbox).where(Outbox.status == OutboxStatus.PENDING))
        for row in rows.all():
            row.status = OutboxStatus.SENT
            row.platform_message_id = str(1000 + row.id)
            row.sent_at = h.clock.now()
        await session.commit()


async def sent_meeting(h: Harness) -> None:
    """Three linked groups and the seed meeting #1, sent at once and delivered."""
    await setup_cluster(h)
    assert "Đang gửi giấy mời #1 tới 3 nhóm" in await run(h, command("hop", SEED))
    cards = [r for r in await outbox(h) if r.payload.get("card")]
    assert [r.chat.external_id for r in cards] == GROUPS
    await mark_delivered(h)


def edits_of(rows: list[Outbox]) -> list[Outbox]:
    return [r for r in rows if r.action == OutboxAction.EDIT and r.purpose == "card"]


# --- /sua on a sent meeting ------------------------------------------------------------------


async def test_moving_the_time_edits_every_card_tells_every_group_and_moves_the_reminders(
    h: Harness,
) -> None:
    await sent_meeting(h)
    old_reminders = {t.id for t in await timers_of(h, ScheduleKind.REMINDER)}
    assert len(old_reminders) == 3  # 1 day, 2 hours, and the nudge before the deadline

    reply = await run(h, command("sua", "#1 thời gian: 14h 19/6/2024"))

    assert "Đã sửa giấy mời #1" in reply
    assert f"thời gian: {OLD_TIME} → {NEW_TIME}" in reply
    assert "3 giấy mời đã gửi" in reply and "3 nơi nhận" in reply
    rows = await outbox(h)
    card_ids = {r.id for r in rows if r.payload.get("card") and r.action == OutboxAction.SEND}
    edits = edits_of(rows)
    assert {e.target_id for e in edits} == card_ids
    assert all(NEW_TIME in e.payload["text"] and OLD_TIME not in e.payload["text"] for e in edits)
    assert all(e.payload["buttons"] for e in edits)  # still open for answers
    notices = [r for r in rows if r.purpose == "change"]
    assert sorted(r.chat.external_id for r in notices) == GROUPS
    for notice in notices:
        body = notice.payload["text"]
        assert "⚠️ <b>Thay đổi giấy mời #1</b>" in body
        assert "«Hội nghị sơ kết &lt;thi đua&gt;»" in body
        assert f"thời gian: {OLD_TIME} → {NEW_TIME}" in body
        assert notice.dedupe_key == f"change:1:1:chat:{notice.chat_id}"
    new = await timers_of(h, ScheduleKind.REMINDER)
    assert [t.run_at for t in new] == [
        utc(2024, 6, 13, 10),
        utc(2024, 6, 18, 7),
        utc(2024, 6, 19, 5),
    ]
    assert set(h.timers.disarmed) == old_reminders
    assert {t.id: t.run_at for t in new} == {
        k: v for k, v in h.timers.armed.items() if k not in old_reminders
    }
    record = await meeting_row(h)
    assert record.sequence == 1 and record.starts_at == utc(2024, 6, 19, 7)


async def test_several_fields_change_at_once_and_optional_ones_can_be_removed(h: Harness) -> None:
    await sent_meeting(h)
    reply = await run(
        h,
        command(
            "edit",
            "1\nđịa điểm: Hội trường B\nkết thúc: 11h30\ncăn cứ: không\nTiêu Đề: Hội nghị sơ kết",
        ),
    )
    assert "địa điểm: Hội trường A → Hội trường B" in reply
    assert "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024 → (không có)" in reply
    assert "kết thúc: (không có) → 11:30, Thứ Tư 19/06/2024" in reply
    assert "Lịch nhắc" not in reply  # the time did not move: reminders stay as they are
    assert h.timers.disarmed == []
    edits = edits_of(await outbox(h))
    assert len(edits) == 3
    text = edits[0].payload["text"]
    assert "Hội trường B" in text and "08:00, Thứ Tư 19/06/2024 – 11:30" in text
    assert "Căn cứ" not in text and "&lt;thi đua&gt;" not in text
    async with h.env.sessions() as session:
        ann = await session.get(Announcement, 1)
        assert ann is not None and ann.text == "Hội nghị sơ kết"


async def test_a_note_changed_over_several_lines_reaches_the_cards(h: Harness) -> None:
    await sent_meeting(h)
    reply = await run(
        h, command("sua", "1\nghi chú: Mang theo báo cáo.\nLưu ý: đến trước 15 phút.")
    )
    assert "Mang theo báo cáo." in reply and "Không hiểu trường" not in reply, reply
    text = edits_of(await outbox(h))[0].payload["text"]
    assert "📝 Ghi chú: Mang theo báo cáo.\nLưu ý: đến trước 15 phút." in text


async def test_moving_the_time_keeps_the_length_of_the_meeting(h: Harness) -> None:
    await sent_meeting(h)
    await run(h, command("sua", "1 kết thúc: 11h30"))
    reply = await run(h, command("sua", "1 thời gian: 14h 19/6/2024"))
    assert "kết thúc: 11:30, Thứ Tư 19/06/2024 → 17:30, Thứ Tư 19/06/2024" in reply
    assert (await meeting_row(h)).sequence == 2


async def test_changing_only_the_reminders_tells_nobody_but_rearms_them(h: Harness) -> None:
    await sent_meeting(h)
    before = len(await outbox(h))
    reply = await run(h, command("sua", "1 nhắc: 3 giờ"))
    assert "nhắc: trước 1 ngày, trước 2 giờ → trước 3 giờ" in reply
    assert "không cần báo" in reply and "Lịch nhắc đã được đặt lại" in reply
    assert len(await outbox(h)) == before
    reminders = await timers_of(h, ScheduleKind.REMINDER)
    assert [t.note for t in reminders] == ["nudge", "before:180"]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", "Cách dùng"),
        ("abc thời gian: 14h 19/6", "không phải mã thông báo"),
        ("99 thời gian: 14h 19/6", "Không có thông báo #99"),
        ("1", "Chưa có gì để sửa"),
        ("1 màu sắc: đỏ", "Không hiểu trường «màu sắc»"),
        ("1\nđịa điểm: B\nmột dòng lạ", "Không hiểu trường «một dòng lạ»"),
        ("1 thời gian: 8h 19/6/2020", "thời điểm này đã qua"),
        ("1 thời gian: hôm qua lúc nào đó", "Không đọc được thời điểm"),
        ("1 thời gian: 8h 19/6/2024", "không có gì thay đổi"),
        ("1 thời gian: 10h 14/6/2024", "Hạn xác nhận"),
        ("1 hạn xác nhận: 9h 19/6/2024", "phải trước giờ họp"),
        ("1 kết thúc: 7h", "phải sau thời điểm bắt đầu"),
        ("1 gửi lúc: 9h 18/6", "Chỉ đổi được «gửi lúc» khi giấy mời chưa gửi"),
        ("1 đối tượng: U1", "Chỉ đổi được «đối tượng»"),
        ("1 địa điểm:", "đang để trống"),
        ("1 tiêu đề: không", "Không thể bỏ trường «tiêu đề»"),
        ("1 nhắc: abc", "<code>nhắc:"),
        ("1 ghi chú: " + "x" * 2001, "quá dài"),
    ],
)
async def test_bad_edits_explain_with_an_example_and_change_nothing(
    h: Harness, args: str, expected: str
) -> None:
    await sent_meeting(h)
    before = await h.counts()
    armed = dict(h.timers.armed)
    text = await run(h, command("sua", args))
    assert expected in text
    assert "Ví dụ" in text or "Cách viết được chấp nhận" in text
    assert await h.counts() == before
    assert h.timers.armed == armed and h.timers.disarmed == []
    record = await meeting_row(h)
    assert record.sequence == 0 and record.starts_at == utc(2024, 6, 19, 1)
    assert record.venue == "Hội trường A"


async def test_only_organisers_may_edit(h: Harness) -> None:
    await sent_meeting(h)
    await run(h, command("start", who=MEMBER, where=private_chat(MEMBER.external_id)))
    before = await h.counts()
    text = await run(h, command("sua", "1 thời gian: 14h 19/6/2024", who=MEMBER))
    assert "chỉ dành cho Ban tổ chức" in text
    assert await h.counts() == before and (await meeting_row(h)).sequence == 0


# --- /sua on a scheduled invitation ----------------------------------------------------------


async def test_editing_a_scheduled_invitation_updates_it_and_moves_its_send_timer(
    h: Harness,
) -> None:
    await setup_cluster(h)
    await run(
        h, command("hop", "Họp giao ban | 8h 19/6/2024 | Phòng 2 | tất cả!\ngửi lúc: 9h 14/6")
    )
    (send,) = await timers_of(h, ScheduleKind.SEND)
    reply = await run(
        h, command("sua", "1 thời gian: 14h 19/6/2024\ngửi lúc: 10h 15/6\nđối tượng: U1, U2")
    )
    assert "sẽ được gửi với nội dung mới lúc 10:00, Thứ Bảy 15/06/2024" in reply
    assert "đối tượng: tất cả → U1, U2" in reply
    assert await outbox(h) == []  # nobody has seen it: no notices, no edits
    assert send.id in h.timers.disarmed
    (moved,) = await timers_of(h, ScheduleKind.SEND)
    assert h.timers.armed[moved.id] == utc(2024, 6, 15, 3)
    h.clock.advance(days=3)
    await schedules.fire(h.env, moved.id)
    cards = [r for r in await outbox(h) if r.payload.get("card")]
    assert [r.chat.external_id for r in cards] == GROUPS[:2]
    assert all(NEW_TIME in r.payload["text"] for r in cards)


async def test_a_scheduled_invitation_can_be_sent_at_once(h: Harness) -> None:
    await setup_cluster(h, 1)
    await run(
        h, command("hop", "Họp giao ban | 8h 19/6/2024 | Phòng 2 | tất cả!\ngửi lúc: 9h 14/6")
    )
    (send,) = await timers_of(h, ScheduleKind.SEND)
    reply = await run(h, command("sua", "1 gửi lúc: ngay"))
    assert "gửi lúc: 09:00, Thứ Sáu 14/06/2024 → gửi ngay" in reply
    assert "đang được gửi ngay" in reply and send.id in h.timers.disarmed
    assert [r.chat.external_id for r in await outbox(h)] == GROUPS[:1]


# --- /huy on a meeting -----------------------------------------------------------------------


async def test_cancelling_a_sent_meeting_marks_every_card_and_tells_every_group(
    h: Harness,
) -> None:
    await sent_meeting(h)
    reminders = {t.id for t in await timers_of(h, ScheduleKind.REMINDER)}
    reply = await run(h, command("huy", "1 | Trùng lịch <họp> Thành uỷ"))
    assert "Đã huỷ cuộc họp #1" in reply and "3 giấy mời đã gửi" in reply
    assert "Trùng lịch &lt;họp&gt; Thành uỷ" in reply
    rows = await outbox(h)
    edits = edits_of(rows)
    assert len(edits) == 3 and all(e.status == OutboxStatus.PENDING for e in edits)
    for edit in edits:
        assert "ĐÃ HUỶ" in edit.payload["text"]
        assert "Lý do: Trùng lịch &lt;họp&gt; Thành uỷ" in edit.payload["text"]
        assert "buttons" not in edit.payload
    notices = [r for r in rows if r.purpose == "cancel"]
    assert sorted(r.chat.external_id for r in notices) == GROUPS
    assert notices[0].payload["text"] == (
        f"❌ <b>Huỷ cuộc họp #1</b> «Hội nghị sơ kết &lt;thi đua&gt;» ({OLD_TIME})."
        " Lý do: Trùng lịch &lt;họp&gt; Thành uỷ."
    )
    assert set(h.timers.disarmed) == reminders
    assert await timers_of(h, ScheduleKind.REMINDER) == []
    assert (await meeting_row(h)).sequence == 1
    async with h.env.sessions() as session:
        ann = await session.get(Announcement, 1)
        assert ann is not None and ann.status == AnnouncementStatus.CANCELLED
    press = Request(sender=MEMBER, chat=group_chat(GROUPS[0], "Nhóm U1"), action="r:a:1")
    assert (await router.handle_action(h.env, press)).toast == "Cuộc họp này đã bị huỷ."
    assert "đã được huỷ trước đó" in await run(h, command("huy", "1"))
    assert len(await outbox(h)) == len(rows)


async def test_cancelling_right_after_an_edit_keeps_one_edit_per_card_showing_cancelled(
    h: Harness,
) -> None:
    await sent_meeting(h)
    await run(h, command("sua", "1 thời gian: 14h 19/6/2024"))
    await run(h, command("huy", "1 | hoãn"))
    rows = await outbox(h)
    pending = [e for e in edits_of(rows) if e.status == OutboxStatus.PENDING]
    assert len(pending) == 3
    assert all("ĐÃ HUỶ" in e.payload["text"] and NEW_TIME in e.payload["text"] for e in pending)
    changes = [r for r in rows if r.purpose == "change"]
    assert changes and all(r.status == OutboxStatus.CANCELLED for r in changes)
    cancels = [r for r in rows if r.purpose == "cancel"]
    assert len(cancels) == 3 and NEW_TIME in cancels[0].payload["text"]


async def test_cancelling_a_scheduled_meeting_sends_nothing(h: Harness) -> None:
    await setup_cluster(h, 1)
    await run(
        h, command("hop", "Họp giao ban | 8h 19/6/2024 | Phòng 2 | tất cả!\ngửi lúc: 9h 14/6")
    )
    armed = set(h.timers.armed)
    reply = await run(h, command("huy", "1"))
    assert "Đã huỷ giấy mời họp #1" in reply and "chưa được gửi" in reply
    assert set(h.timers.disarmed) == armed and await outbox(h) == []
    assert (await meeting_row(h)).sequence == 1


async def test_a_cancelled_or_started_meeting_cannot_be_edited(h: Harness) -> None:
    await sent_meeting(h)
    await run(h, command("hop", "Họp thứ hai | 9h 20/6/2024 | Phòng 2 | tất cả!"))
    await mark_delivered(h)
    await run(h, command("huy", "2 | lý do"))
    before = await h.counts()
    assert "đã bị huỷ; không thể sửa" in await run(h, command("sua", "2 địa điểm: Phòng 3"))
    h.clock.current = utc(2024, 6, 19, 1, 30)
    assert "đã bắt đầu lúc 08:00" in await run(h, command("sua", "1 địa điểm: Phòng 3"))
    assert "đã bắt đầu lúc 08:00" in await run(h, command("huy", "1 | muộn"))
    assert await h.counts() == before
    assert (await meeting_row(h)).sequence == 0


async def test_notices_and_drafts_are_not_edited(h: Harness) -> None:
    await setup_cluster(h, 1)
    await run(h, command("thongbao", "Một thông báo | tất cả!"))
    await router.handle_command(h.env, command("hop", "Nháp | 8h 19/6/2024 | Phòng 2 | tất cả"))
    before = await h.counts()
    assert "không phải giấy mời họp" in await run(h, command("sua", "1 địa điểm: X"))
    assert "bản xem trước" in await run(h, command("sua", "2 địa điểm: X"))
    assert await h.counts() == before


async def test_a_card_edit_is_not_sent_while_the_card_is_still_waiting(h: Harness) -> None:
    await setup_cluster(h, 1)
    await run(h, command("hop", SEED))  # not delivered yet
    reply = await run(h, command("sua", "1 địa điểm: Hội trường B"))
    rows = await outbox(h)
    assert edits_of(rows) == [] and [r for r in rows if r.purpose == "change"] == []
    assert "chưa nhận sẽ nhận bản đã sửa" in reply
    (card,) = [r for r in rows if r.payload.get("card")]
    assert "Hội trường B" in card.payload["text"]  # it will leave as changed
    assert card.status == OutboxStatus.PENDING
