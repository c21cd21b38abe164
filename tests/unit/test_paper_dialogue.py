"""The guided /thamluan dialogue on a real database (SQLite and PostgreSQL): from a bare
/thamluan in private chat, step by step, to the very preview the one-line /thamluan shows; wrong
answers asked again; drafts that survive restarts; leaving; [✏️ Sửa] on the preview."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from handlers import router
from handlers.core import Membership, Reply, Request
from handlers.dialogues.dialogue import build_form
from handlers.dialogues.drafts import Draft, Step
from handlers.dialogues.kinds import MEETING, PAPERS
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Conversation,
    Outbox,
    PaperCall,
    ScheduledSend,
    Unit,
)
from tests.support import Harness, command, group_chat, make_harness, person, private_chat

MEMBER = person("5000000077", "Trần Thị Bình")
STALE = "Nút này không còn hiệu lực."
TOPIC = "Đổi mới phương pháp giảng dạy lý luận chính trị"
DEADLINE = "17:00, Thứ Sáu 14/06/2024"


def gid(i: int) -> str:
    return f"-40000000{i:02d}"


async def cluster(h: Harness) -> None:
    """Units U1–U3, one group each; U3's group carries the tag `bgh`."""
    for i, words in ((1, "U1"), (2, "U2"), (3, "U3 bgh")):
        await router.handle_command(h.env, command("donvi", f"them U{i} | Trường Chính trị số {i}"))
        where = group_chat(gid(i), f"Nhóm U{i}")
        await router.handle_membership(
            h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
        )
        await router.handle_command(h.env, command("nhom", words, where=where))


async def thamluan(h: Harness, args: str = "", **kwargs) -> Reply:  # type: ignore[no-untyped-def]
    reply = await router.handle_command(h.env, command("thamluan", args, **kwargs))
    assert reply is not None
    return reply


async def say(h: Harness, words: str) -> Reply:
    req = Request(sender=person(), chat=private_chat(), text=words, message_id="9")
    reply = await router.handle_text(h.env, req)
    assert reply is not None
    return reply


async def press(h: Harness, data: str) -> Reply:
    req = Request(sender=person(), chat=private_chat(), action=data, message_id="8")
    return await router.handle_action(h.env, req)


def actions(reply: Reply) -> list[str]:
    return [b.action or "" for row in reply.buttons for b in row]


def labels(reply: Reply) -> list[str]:
    return [b.text for row in reply.buttons for b in row]


async def conversation(h: Harness) -> Conversation | None:
    async with h.env.sessions() as session:
        return await session.scalar(select(Conversation))


async def draft(h: Harness) -> Draft | None:
    row = await conversation(h)
    if row is None:
        return None
    assert row.kind == "draft:papers"
    return Draft.load(PAPERS, row.data)


async def unit_id(h: Harness, code: str) -> int:
    async with h.env.sessions() as session:
        unit = await session.scalar(select(Unit).where(Unit.code == code))
    assert unit is not None
    return unit.id


async def call(h: Harness, ann_id: int) -> tuple[Announcement, PaperCall]:
    async with h.env.sessions() as session:
        ann = await session.get(Announcement, ann_id)
        record = await session.get(PaperCall, ann_id)
    assert ann is not None and record is not None
    return ann, record


async def to_options(h: Harness) -> Reply:
    await thamluan(h)
    await say(h, TOPIC)
    await say(h, "17h 14/6/2024")
    return await press(h, "d:next:0")


async def test_a_whole_dialogue_ends_in_the_same_preview_as_the_one_line_form(
    h: Harness,
) -> None:
    await cluster(h)
    first = await thamluan(h)
    assert "Lời mời gửi tham luận mới" in first.text and "Bước 1/4 · Chủ đề" in first.text
    assert f"<code>{TOPIC}</code>" in first.text and actions(first) == ["d:quit:0"]
    second = await say(h, TOPIC)
    assert "Bước 2/4 · Hạn nộp" in second.text and f"Chủ đề: <b>{TOPIC}</b>" in second.text
    third = await say(h, "17h 14/6/2024")
    assert "Bước 3/4 · Đối tượng" in third.text and f"Hạn nộp: <b>{DEADLINE}</b>" in third.text
    u1, u2, u3 = [await unit_id(h, c) for c in ("U1", "U2", "U3")]
    assert actions(third) == [
        "d:all:0",
        f"d:u:{u1}",
        f"d:u:{u2}",
        f"d:u:{u3}",
        "d:t:0",
        "d:next:0",
        "d:quit:0",
    ]
    assert (await press(h, f"d:u:{u1}")).toast == "Đã chọn U1"
    assert (await press(h, "d:t:0")).toast == "Đã chọn #bgh"
    options = await press(h, "d:next:0")
    assert options.edit and options.toast == "Bước 4/4: thông tin thêm"
    assert (
        "Bước 4/4 · Thông tin thêm" in options.text and "Đối tượng: <b>U1, #bgh</b>" in options.text
    )
    assert actions(options) == [
        "d:opt:0",
        "d:opt:1",
        "d:opt:2",
        "d:opt:3",
        "d:opt:4",
        "d:prev:0",
        "d:quit:0",
    ]

    asked = await press(h, "d:opt:0")
    assert asked.toast == "Xin gõ: Số bài mỗi đơn vị" and "từ 1 đến 10" in asked.text
    count = await say(h, "2")
    assert "✓ 📄 Số bài" in labels(count) and "Số bài mỗi đơn vị: <b>2</b>" in count.text
    await press(h, "d:opt:1")
    await say(h, "Tối đa 10 trang A4\nphông Times New Roman cỡ 14")
    typed = await say(h, "nhắc: 3 ngày, 1 ngày\ngửi lúc: 7h 13/6/2024")
    assert "✓ 🔔 Nhắc nộp" in labels(typed) and "✓ 📤 Gửi lúc" in labels(typed)
    assert "Gửi lúc: <b>07:00, Thứ Năm 13/06/2024</b>" in typed.text

    preview = await press(h, "d:prev:0")
    assert preview.edit and preview.toast == "Đã tạo bản xem trước #1"
    assert "Xem trước lời mời gửi tham luận #1" in preview.text and "2 nhóm" in preview.text
    assert f"⏳ Hạn nộp: {DEADLINE}" in preview.text and "Mỗi đơn vị nộp 2 bài" in preview.text
    # [Hẹn giờ] [Gửi ngay] [Sửa] [Huỷ]
    assert actions(preview) == ["n:at:1", "n:go:1", "d:edit:1", "n:no:1"]
    assert await draft(h) is None

    typed_form = (
        f"{TOPIC} | 17h 14/6/2024 | U1, #bgh\nsố bài: 2\nghi chú: Tối đa 10 trang A4\n"
        "ghi chú: phông Times New Roman cỡ 14\nnhắc: 3 ngày, 1 ngày\ngửi lúc: 7h 13/6/2024"
    )
    by_hand = await thamluan(h, typed_form)
    assert by_hand.text == preview.text.replace("#1", "#2").replace("/nop 1<", "/nop 2<")

    scheduled = await press(h, "n:at:1")
    assert scheduled.toast == "Đã hẹn giờ #1"
    ann, record = await call(h, 1)
    assert ann.status == AnnouncementStatus.SCHEDULED and ann.audience_text == "U1, #bgh"
    assert ann.send_at == datetime(2024, 6, 13, 0, 0, tzinfo=UTC)
    assert record.topic == TOPIC and record.per_unit == 2
    assert record.deadline == datetime(2024, 6, 14, 10, 0, tzinfo=UTC)
    assert record.notes == "Tối đa 10 trang A4\nphông Times New Roman cỡ 14"
    assert record.reminders == [3 * 1440, 1440] and not record.deadline_day_reminder


async def test_the_defaults_give_a_call_to_everyone_sent_now(h: Harness) -> None:
    await cluster(h)
    await to_options(h)
    preview = await press(h, "d:prev:0")
    assert actions(preview) == ["n:go:1", "d:edit:1", "n:no:1"]  # nothing to schedule
    assert "3 nhóm" in preview.text and "8:00 ngày hết hạn" in preview.text
    sent = await press(h, "n:go:1")
    assert "Đang gửi" in sent.text
    ann, record = await call(h, 1)
    assert ann.status == AnnouncementStatus.SENDING and ann.audience_text == "tất cả"
    assert record.per_unit == 1 and record.deadline_day_reminder
    async with h.env.sessions() as session:
        cards = await session.scalars(select(Outbox).where(Outbox.purpose == "announcement"))
        chats = sorted(row.chat.external_id for row in cards.all())
    assert chats == sorted(gid(i) for i in (1, 2, 3))


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        ("17h 14/6/2020", "thời điểm này đã qua"),
        ("8h sáng nay", "thời điểm này đã qua"),
        ("mai lúc nào đó", "không rõ ngày giờ"),
        ("9h chiều", "cách viết có thể hiểu theo nhiều nghĩa"),
        ("32/6/2024", "Không đọc được thời điểm"),
        ("   ", "Câu trả lời đang để trống."),
    ],
)
async def test_a_wrong_deadline_is_asked_again_with_the_reason_and_keeps_the_step(
    h: Harness, words: str, reason: str
) -> None:
    await thamluan(h)
    await say(h, TOPIC)
    again = await say(h, words)
    assert reason in again.text and "Bước 2/4 · Hạn nộp" in again.text
    assert "17h 14/6/2024" in again.text  # the example is shown again
    kept = await draft(h)
    assert kept is not None and kept.step == Step.DEADLINE
    assert kept.fields == {"topic": TOPIC, "deadline": ""}


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        ("x" * 501, "Trường «Chủ đề» quá dài (tối đa 500 ký tự)."),
        ("Tham luận | 17h 14/6", "«Chủ đề» không được chứa ký tự «|»."),
    ],
)
async def test_a_wrong_topic_is_asked_again_and_nothing_changes(
    h: Harness, words: str, reason: str
) -> None:
    await thamluan(h)
    again = await say(h, words)
    assert reason in again.text and "Bước 1/4" in again.text
    kept = await draft(h)
    assert kept is not None and kept.step == Step.TOPIC and kept.fields["topic"] == ""


async def test_wrong_options_are_explained_and_change_nothing(h: Harness) -> None:
    await cluster(h)
    await to_options(h)
    await press(h, "d:opt:0")
    count = await say(h, "11")
    assert "«11» không phải số bài hợp lệ" in count.text
    await press(h, "d:opt:3")
    late = await say(h, "8h 15/6/2024")
    assert f"phải trước hạn nộp ({DEADLINE})" in late.text
    await press(h, "d:opt:2")
    reminders = await say(h, "3 tuổi")
    assert "nhắc:" in reminders.text and "Nhắc nộp" in reminders.text
    unknown = await say(h, "Mang theo báo cáo")  # at the option prompt any text is the value
    assert "Nhắc" in unknown.text
    await press(h, "d:next:0")  # a button of another step is stale and changes nothing
    kept = await draft(h)
    assert kept is not None and kept.options == {} and kept.step == Step.OPTION
    stray = await press(h, "d:prev:0")
    assert "Xem trước lời mời gửi tham luận #1" in stray.text  # nothing wrong was kept


async def test_text_typed_at_the_options_step_must_be_key_lines(h: Harness) -> None:
    await cluster(h)
    await to_options(h)
    refused = await say(h, "số bài: 2\nMang theo báo cáo")
    assert "ví dụ <code>số bài: 2</code>" in refused.text and "Bước 4/4" in refused.text
    kept = await draft(h)
    assert kept is not None and kept.options == {}
    moved = await say(h, "hạn nộp: 17h 20/6/2024\nđối tượng: U2")
    assert "Hạn nộp: <b>17:00, Thứ Năm 20/06/2024</b>" in moved.text
    assert "Đối tượng: <b>U2</b>" in moved.text
    assert (await press(h, "d:opt:5")).toast == STALE  # five options: 0–4


async def test_the_draft_survives_a_restart(h: Harness, db_url: str) -> None:
    await cluster(h)
    await thamluan(h)
    await say(h, TOPIC)
    await say(h, "17h 14/6/2024")
    await h.engine.dispose()
    restarted = await make_harness(db_url)  # a new engine, sessions and Env: only the database
    try:
        row = await conversation(restarted)
        assert row is not None and row.kind == "draft:papers"
        assert row.data["step"] == "audience"
        assert row.data["fields"] == {"topic": TOPIC, "deadline": "14/06/2024 17:00"}
        reply = await say(restarted, "U1, U2")
        assert "Bước 4/4" in reply.text and f"Chủ đề: <b>{TOPIC}</b>" in reply.text
        assert f"Hạn nộp: <b>{DEADLINE}</b>" in reply.text
        preview = await press(restarted, "d:prev:0")
        assert "Xem trước lời mời gửi tham luận #1" in preview.text and "2 nhóm" in preview.text
    finally:
        await restarted.engine.dispose()


async def test_huy_alone_leaves_the_draft_and_later_text_gets_the_hint(h: Harness) -> None:
    await thamluan(h)
    await say(h, TOPIC)
    before = await h.counts()
    reply = await router.handle_command(h.env, command("huy"))
    assert reply is not None and reply.text == "Đã huỷ bản nháp lời mời gửi tham luận."
    assert await conversation(h) is None and await h.counts() == before
    hint = await say(h, "17h 14/6/2024")
    assert "Loa chưa hiểu tin nhắn này" in hint.text
    assert (await press(h, "d:next:0")).toast == STALE


async def test_the_quit_button_leaves_the_draft(h: Harness) -> None:
    await thamluan(h)
    reply = await press(h, "d:quit:0")
    assert reply.edit and reply.text == "Đã huỷ bản nháp lời mời gửi tham luận."
    assert reply.toast == "Đã huỷ bản nháp" and await conversation(h) is None


async def test_edit_on_the_preview_drops_it_and_reopens_the_options(h: Harness) -> None:
    await cluster(h)
    await to_options(h)
    await say(h, "số bài: 2\nnhắc: không\ngửi lúc: 7h 13/6/2024")
    await press(h, "d:opt:1")
    await say(h, "Nộp bản <b>PDF</b>\nvà bản DOCX")
    first = await press(h, "d:prev:0")
    assert "Nộp bản &lt;b&gt;PDF&lt;/b&gt;" in first.text and "Nhắc nộp: không nhắc" in first.text

    reopened = await press(h, "d:edit:1")
    assert reopened.edit and reopened.toast == "Sửa lại lời mời gửi tham luận #1"
    assert "Đã bỏ bản xem trước #1" in reopened.text and "Bước 4/4" in reopened.text
    assert f"Hạn nộp: <b>{DEADLINE}</b>" in reopened.text
    ann, _ = await call(h, 1)
    assert ann.status == AnnouncementStatus.CANCELLED
    kept = await draft(h)
    assert kept is not None and kept.step == Step.OPTIONS
    assert kept.fields == {"topic": TOPIC, "deadline": "14/06/2024 17:00"}
    assert kept.options == {
        "count": "2",
        "notes": "Nộp bản <b>PDF</b>\nvà bản DOCX",
        "reminders": "không",
        "send_at": "13/06/2024 07:00",
    }
    assert (await press(h, "d:edit:1")).toast == STALE  # that preview is gone

    await press(h, "d:opt:0")
    await say(h, "3")
    await press(h, "d:opt:2")
    await say(h, "mặc định")
    second = await press(h, "d:prev:0")
    assert "Xem trước lời mời gửi tham luận #2" in second.text
    assert actions(second) == ["n:at:2", "n:go:2", "d:edit:2", "n:no:2"]
    ann2, record = await call(h, 2)
    assert ann2.status == AnnouncementStatus.DRAFT
    assert record.per_unit == 3 and record.notes == "Nộp bản <b>PDF</b>\nvà bản DOCX"
    assert record.deadline_day_reminder and record.reminders == [7 * 1440, 3 * 1440, 1440]
    async with h.env.sessions() as session:  # nothing was armed for the dropped preview
        assert (await session.scalars(select(ScheduledSend))).all() == []


async def test_edit_reopens_a_preview_with_reminders_as_they_were_given(h: Harness) -> None:
    await cluster(h)
    await to_options(h)
    await say(h, "nhắc: 2 ngày, 3 giờ")
    await press(h, "d:prev:0")
    await press(h, "d:edit:1")
    kept = await draft(h)
    assert kept is not None and kept.options == {"reminders": "2 ngày, 3 giờ"}
    again = await press(h, "d:prev:0")
    assert "trước 2 ngày, trước 3 giờ" in again.text and "8:00 ngày hết hạn" not in again.text


async def test_a_deadline_that_passed_while_the_draft_waited_is_refused_at_preview(
    h: Harness,
) -> None:
    await cluster(h)
    await thamluan(h)
    await say(h, TOPIC)
    await say(h, "11h 12/6/2024")
    await press(h, "d:next:0")
    h.clock.advance(hours=2)
    reply = await press(h, "d:prev:0")
    assert "đã qua" in reply.text and "Bước 4/4" in reply.text
    assert reply.toast == "Cần sửa trước khi xem trước"
    assert await draft(h) is not None
    async with h.env.sessions() as session:
        assert (await session.scalars(select(Announcement))).all() == []


async def test_bare_thamluan_in_a_group_or_from_a_member_starts_nothing(h: Harness) -> None:
    in_group = await thamluan(h, where=group_chat())
    assert "Cách dùng: <code>/thamluan chủ đề | hạn nộp | đối tượng</code>" in in_group.text
    refused = await thamluan(h, who=MEMBER)
    assert "chỉ dành cho Ban tổ chức" in refused.text
    assert await conversation(h) is None


async def test_a_new_dialogue_replaces_the_open_one_and_each_speaks_of_its_kind(
    h: Harness,
) -> None:
    await cluster(h)
    await router.handle_command(h.env, command("hop"))
    await thamluan(h)
    reply = await say(h, TOPIC)
    assert "Bước 2/4 · Hạn nộp" in reply.text
    async with h.env.sessions() as session:
        rows = (await session.scalars(select(Conversation))).all()
    assert [row.kind for row in rows] == ["draft:papers"]
    await router.handle_command(h.env, command("hop"))
    left = await router.handle_command(h.env, command("huy"))
    assert left is not None and left.text == "Đã huỷ bản nháp giấy mời."


def test_the_papers_form_is_built_unescaped_with_one_notes_line_per_line() -> None:
    draft_ = Draft(
        step=Step.OPTIONS,
        fields={"topic": "A & <b>B</b>", "deadline": "14/06/2024 17:00"},
        audience={"all": False, "units": ["HP"], "tags": ["bgh"], "private": False},
        options={"notes": "một\nhai", "count": "2", "send_at": "13/06/2024 07:00"},
    )
    assert build_form(PAPERS, draft_) == (
        "A & <b>B</b> | 14/06/2024 17:00 | HP, #bgh\n"
        "số bài: 2\nghi chú: một\nghi chú: hai\ngửi lúc: 13/06/2024 07:00"
    )


def test_a_meeting_draft_kept_before_fields_were_grouped_is_still_read() -> None:
    kept = Draft.load(
        MEETING,
        {"step": "venue", "title": "Hội nghị", "time": "19/06/2024 08:00", "options": {"x": 1}},
    )
    assert kept.step == Step.VENUE and kept.options == {}
    assert kept.fields == {"title": "Hội nghị", "time": "19/06/2024 08:00", "venue": ""}
    assert Draft.load(PAPERS, {"step": "venue"}).step == Step.OPTIONS  # not a papers step
    assert Draft.load(PAPERS, {"step": "option", "option": "basis"}).step == Step.OPTIONS
