"""The guided /hop dialogue on a real database (SQLite and PostgreSQL): from a bare /hop in
private chat, step by step, to the /hop preview; drafts that survive restarts; leaving; old
buttons."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from handlers import router
from handlers.core import Membership, Reply, Request
from handlers.dialogues.dialogue import build_form
from handlers.dialogues.drafts import Draft, Step
from handlers.dialogues.kinds import DRAFT_KIND, MEETING
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Conversation,
    Meeting,
    Outbox,
    Unit,
)
from tests.support import Harness, command, group_chat, make_harness, person, private_chat

MEMBER = person("5000000077", "Trần Thị Bình")
STALE = "Nút này không còn hiệu lực."
TITLE = "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024"
VENUE = "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội"


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


async def hop(h: Harness, args: str = "", **kwargs) -> Reply:  # type: ignore[no-untyped-def]
    reply = await router.handle_command(h.env, command("hop", args, **kwargs))
    assert reply is not None
    return reply


async def say(h: Harness, words: str) -> Reply:
    req = Request(sender=person(), chat=private_chat(), text=words, message_id="9")
    reply = await router.handle_text(h.env, req)
    assert reply is not None
    return reply


async def press(h: Harness, data: str, *, who: str | None = None) -> Reply:
    sender = person(who) if who else person()
    req = Request(sender=sender, chat=private_chat(sender.external_id), action=data, message_id="8")
    return await router.handle_action(h.env, req)


def actions(reply: Reply) -> list[str]:
    return [b.action or "" for row in reply.buttons for b in row]


def labels(reply: Reply) -> list[str]:
    return [b.text for row in reply.buttons for b in row]


async def draft(h: Harness) -> Draft | None:
    async with h.env.sessions() as session:
        row = await session.scalar(select(Conversation))
    if row is None:
        return None
    assert row.kind == DRAFT_KIND
    return Draft.load(MEETING, row.data)


async def unit_id(h: Harness, code: str) -> int:
    async with h.env.sessions() as session:
        unit = await session.scalar(select(Unit).where(Unit.code == code))
    assert unit is not None
    return unit.id


async def to_audience(h: Harness) -> Reply:
    await hop(h)
    await say(h, TITLE)
    await say(h, "8h 19/6/2024")
    return await say(h, VENUE)


async def to_options(h: Harness) -> Reply:
    await to_audience(h)
    return await press(h, "d:next:0")


async def test_a_whole_dialogue_ends_in_the_hop_preview_and_sends(h: Harness) -> None:
    await cluster(h)
    first = await hop(h)
    assert "Bước 1/5" in first.text and "<code>Hội nghị sơ kết" in first.text
    assert actions(first) == ["d:quit:0"]
    second = await say(h, TITLE)
    assert "Bước 2/5" in second.text and "8h 19/6/2024" in second.text
    assert "14h thứ 4 tuần sau" in second.text and TITLE in second.text
    third = await say(h, "8h 19/6/2024")
    assert "Bước 3/5" in third.text and "08:00, Thứ Tư 19/06/2024" in third.text
    audience = await say(h, VENUE)
    assert "Bước 4/5" in audience.text
    u1, u2, u3 = [await unit_id(h, c) for c in ("U1", "U2", "U3")]
    assert actions(audience) == [
        "d:all:0",
        f"d:u:{u1}",
        f"d:u:{u2}",
        f"d:u:{u3}",
        "d:t:0",
        "d:next:0",
        "d:quit:0",
    ]
    assert labels(audience)[:2] == ["✓ Tất cả", "U1"]

    chosen = await press(h, f"d:u:{u1}")
    assert chosen.edit and chosen.toast == "Đã chọn U1"
    assert labels(chosen)[:2] == ["Tất cả", "✓ U1"]
    tagged = await press(h, "d:t:0")
    assert tagged.toast == "Đã chọn #bgh" and "✓ #bgh" in labels(tagged)
    options = await press(h, "d:next:0")
    assert options.edit and "Bước 5/5" in options.text and "U1, #bgh" in options.text
    assert "d:prev:0" in actions(options)

    asked = await press(h, "d:opt:0")
    assert asked.edit and "Căn cứ" in asked.text and "Kế hoạch số 40-KH/CTĐ" in asked.text
    assert (await draft(h)).step == "option"  # type: ignore[union-attr]
    basis = await say(h, "Kế hoạch số 40-KH/CTĐ ngày 28/5/2024")
    assert "✓ 📄 Căn cứ" in labels(basis) and "Bước 5/5 · Thông tin thêm" in basis.text
    await press(h, "d:opt:4")
    deadline = await say(h, "17h 14/6/2024")
    assert "17:00, Thứ Sáu 14/06/2024" in deadline.text
    typed = await say(h, "thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm")
    assert "✓ 👥 Thành phần" in labels(typed)

    preview = await press(h, "d:prev:0")
    assert preview.edit and preview.toast == "Đã tạo bản xem trước #1"
    assert "Xem trước giấy mời #1" in preview.text and "2 nhóm" in preview.text
    assert "🕗 08:00, Thứ Tư 19/06/2024" in preview.text
    assert "📄 Căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024" in preview.text
    assert actions(preview) == ["n:go:1", "d:edit:1", "n:no:1"]
    assert await draft(h) is None

    sent = await press(h, "n:go:1")
    assert "Đang gửi" in sent.text
    async with h.env.sessions() as session:
        record = await session.get(Meeting, 1)
        ann = await session.get(Announcement, 1)
        rows = (await session.scalars(select(Outbox).where(Outbox.purpose == "announcement"))).all()
    assert record is not None and ann is not None
    assert record.title == TITLE and record.venue == VENUE
    assert record.starts_at == datetime(2024, 6, 19, 1, 0, tzinfo=UTC)
    assert record.rsvp_deadline == datetime(2024, 6, 14, 10, 0, tzinfo=UTC)
    assert record.composition == "Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm"
    assert ann.status == AnnouncementStatus.SENDING and ann.audience_text == "U1, #bgh"
    assert sorted(row.chat.external_id for row in rows) == sorted([gid(1), gid(3)])


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        ("8h 19/6/2020", "thời điểm này đã qua"),
        ("mai lúc nào đó", "Không đọc được thời điểm"),
        ("32/6/2024", "Không đọc được thời điểm"),
    ],
)
async def test_a_wrong_time_is_asked_again_with_the_reason_and_keeps_the_step(
    h: Harness, words: str, reason: str
) -> None:
    await hop(h)
    await say(h, TITLE)
    again = await say(h, words)
    assert reason in again.text and "Bước 2/5" in again.text and "8h 19/6/2024" in again.text
    kept = await draft(h)
    assert kept is not None and kept.step == "time" and kept.fields["time"] == ""
    assert kept.fields["title"] == TITLE


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        ("   ", "để trống"),
        ("x" * 501, "quá dài (tối đa 500 ký tự)"),
        ("Họp | 8h 19/6", "không được chứa ký tự «|»"),
    ],
)
async def test_a_wrong_title_is_asked_again_and_nothing_changes(
    h: Harness, words: str, reason: str
) -> None:
    await hop(h)
    again = await say(h, words)
    assert reason in again.text and "Bước 1/5" in again.text
    kept = await draft(h)
    assert kept is not None and kept.step == "title" and kept.fields["title"] == ""


async def test_wrong_options_and_audiences_are_explained_and_change_nothing(h: Harness) -> None:
    await cluster(h)
    await to_audience(h)
    unknown = await say(h, "U1, ZZ")
    assert "Không có đơn vị mã <b>ZZ</b>" in unknown.text and "Bước 4/5" in unknown.text
    assert (await draft(h)).step == "audience"  # type: ignore[union-attr]
    await say(h, "U2")
    await press(h, "d:opt:4")
    late = await say(h, "9h 19/6/2024")
    assert "phải trước giờ họp" in late.text
    kept = await draft(h)
    assert kept is not None and kept.step == "option" and "deadline" not in kept.options
    await press(h, "d:opt:5")
    reminders = await say(h, "3 tuổi")
    assert "nhắc:" in reminders.text and "Nhắc lịch" in reminders.text
    preview = await press(h, "d:prev:0")  # still fine: nothing wrong was kept
    assert "Xem trước giấy mời #1" in preview.text and "1 nhóm" in preview.text


async def test_the_draft_survives_a_restart(h: Harness, db_url: str) -> None:
    await cluster(h)
    await hop(h)
    await say(h, TITLE)
    await h.engine.dispose()
    restarted = await make_harness(db_url)
    try:
        reply = await say(restarted, "14h thứ 4 tuần sau")
        assert "Bước 3/5" in reply.text and TITLE in reply.text
        assert "14:00, Thứ Tư 19/06/2024" in reply.text
        reply = await say(restarted, VENUE)
        assert "Bước 4/5" in reply.text
    finally:
        await restarted.engine.dispose()


async def test_huy_alone_leaves_the_draft_and_later_text_gets_the_hint(h: Harness) -> None:
    await hop(h)
    await say(h, TITLE)
    reply = await router.handle_command(h.env, command("huy"))
    assert reply is not None and reply.text == "Đã huỷ bản nháp giấy mời."
    assert await draft(h) is None
    hint = await say(h, "8h 19/6/2024")
    assert "Loa chưa hiểu tin nhắn này" in hint.text
    usage = await router.handle_command(h.env, command("huy"))
    assert usage is not None and "Cách dùng" in usage.text


async def test_huy_with_a_code_still_cancels_announcements_and_keeps_the_draft(
    h: Harness,
) -> None:
    await hop(h)
    reply = await router.handle_command(h.env, command("huy", "7"))
    assert reply is not None and "Không có thông báo #7" in reply.text
    assert await draft(h) is not None


async def test_the_quit_button_leaves_the_draft(h: Harness) -> None:
    await hop(h)
    reply = await press(h, "d:quit:0")
    assert reply.edit and reply.text == "Đã huỷ bản nháp giấy mời."
    assert await draft(h) is None


@pytest.mark.parametrize(
    "data", ["d:u:1", "d:all:0", "d:t:0", "d:next:0", "d:opt:0", "d:prev:0", "d:quit:0"]
)
async def test_dialogue_buttons_without_a_draft_are_stale(h: Harness, data: str) -> None:
    await cluster(h)
    reply = await press(h, data)
    assert reply.toast == STALE and not reply.text


async def test_buttons_of_another_step_or_out_of_range_are_stale(h: Harness) -> None:
    await cluster(h)
    await hop(h)
    assert (await press(h, "d:next:0")).toast == STALE
    assert (await press(h, "d:prev:0")).toast == STALE
    await say(h, TITLE)
    await say(h, "8h 19/6/2024")
    await say(h, VENUE)
    assert (await press(h, "d:t:5")).toast == STALE
    assert (await press(h, "d:u:999")).toast == STALE
    assert (await press(h, "d:opt:0")).toast == STALE
    await press(h, "d:next:0")
    assert (await press(h, f"d:opt:{len(MEETING.options)}")).toast == STALE
    assert (await press(h, "d:edit:999")).toast == STALE
    assert (await draft(h)).step == "options"  # type: ignore[union-attr]


async def test_a_member_cannot_press_dialogue_buttons(h: Harness) -> None:
    reply = await press(h, "d:next:0", who=MEMBER.external_id)
    assert reply.toast == "Chỉ Ban tổ chức được dùng nút này."


async def test_hop_from_a_member_is_refused_and_starts_nothing(h: Harness) -> None:
    reply = await hop(h, who=MEMBER)
    assert "chỉ dành cho Ban tổ chức" in reply.text
    assert await draft(h) is None


async def test_bare_hop_in_a_group_shows_the_usage(h: Harness) -> None:
    reply = await hop(h, where=group_chat())
    assert "Cách dùng" in reply.text
    assert await draft(h) is None


async def test_edit_on_the_preview_drops_it_and_reopens_the_options(h: Harness) -> None:
    await cluster(h)
    await to_options(h)
    refused = await say(h, "nhắc: 3 giờ\nMang theo báo cáo")
    assert "Loa chưa hiểu tin nhắn này" in refused.text and "Bước 5/5" in refused.text
    assert (await draft(h)).options == {}  # type: ignore[union-attr]
    await say(h, "nhắc: 3 giờ\ngửi lúc: 7h 13/6/2024")
    await press(h, "d:opt:2")
    await say(h, "Mang theo <b>báo cáo</b>\nvà danh sách")
    first = await press(h, "d:prev:0")
    assert "Xem trước giấy mời #1" in first.text
    assert "Mang theo &lt;b&gt;báo cáo&lt;/b&gt;" in first.text
    reopened = await press(h, "d:edit:1")
    assert reopened.edit and reopened.toast == "Sửa lại giấy mời #1"
    assert "Đã bỏ bản xem trước #1" in reopened.text and "Bước 5/5" in reopened.text
    async with h.env.sessions() as session:
        ann = await session.get(Announcement, 1)
        record = await session.get(Meeting, 1)
    assert ann is not None and ann.status == AnnouncementStatus.CANCELLED
    assert record is not None and record.title == TITLE
    kept = await draft(h)
    assert kept is not None and kept.step == "options" and kept.fields["title"] == TITLE
    assert kept.options["reminders"] == "3 giờ"
    assert kept.options["send_at"] == "13/06/2024 07:00"
    assert kept.options["notes"] == "Mang theo <b>báo cáo</b>\nvà danh sách"
    assert (await press(h, "d:edit:1")).toast == STALE  # that draft is gone
    second = await press(h, "d:prev:0")
    assert "Xem trước giấy mời #2" in second.text and "Hẹn gửi 07:00 13/06" in labels(second)[0]
    async with h.env.sessions() as session:
        again = await session.get(Meeting, 2)
    assert again is not None and again.reminders == [180] and again.notes == record.notes


async def test_a_time_that_passed_while_the_draft_waited_is_refused_at_preview(
    h: Harness,
) -> None:
    await cluster(h)
    await hop(h)
    await say(h, TITLE)
    await say(h, "11h 12/6/2024")
    await say(h, VENUE)
    await press(h, "d:next:0")
    h.clock.advance(hours=2)
    reply = await press(h, "d:prev:0")
    assert "đã qua" in reply.text and "Bước 5/5" in reply.text
    assert reply.toast == "Cần sửa trước khi xem trước"
    assert await draft(h) is not None
    async with h.env.sessions() as session:
        assert (await session.scalars(select(Announcement))).all() == []


def test_the_form_is_built_unescaped_with_one_notes_line_per_line() -> None:
    draft_ = Draft(
        step=Step.OPTIONS,
        fields={"title": "A & <b>B</b>", "time": "19/06/2024 08:00", "venue": "Hội trường"},
        audience={"all": False, "units": ["HP", "VP"], "tags": ["bgh"], "private": True},
        options={"notes": "một\nhai", "basis": "KH 40"},
    )
    assert build_form(MEETING, draft_) == (
        "A & <b>B</b> | 19/06/2024 08:00 | Hội trường | HP, VP, #bgh, riêng\n"
        "căn cứ: KH 40\nghi chú: một\nghi chú: hai"
    )


async def test_the_audience_step_pages_150_units_within_100_buttons_and_typed_codes_still_work(
    h: Harness,
) -> None:
    await cluster(h)
    async with h.env.sessions() as session:
        session.add_all(
            Unit(
                code=f"T{i:03d}", name=f"Trường số {i}", created_at=datetime(2024, 6, 1, tzinfo=UTC)
            )
            for i in range(150)
        )
        await session.commit()
    screen = await to_audience(h)
    assert len(actions(screen)) <= 100 and "d:apage:1" in actions(screen)
    shown = set(labels(screen))
    second = await press(h, "d:apage:1")
    assert second.edit and len(actions(second)) <= 100 and "d:apage:0" in actions(second)
    shown |= set(labels(second))
    assert {f"T{i:03d}" for i in range(150)} <= shown  # every unit is on one page or the other
    t140 = await unit_id(h, "T140")
    picked = await press(h, f"d:u:{t140}")  # a unit on the second page: the page stays
    assert "✓ T140" in labels(picked) and "d:apage:0" in actions(picked)
    typed = await say(h, "T001, T149")
    assert (await draft(h)).audience_value.units == ("T001", "T149")  # type: ignore[union-attr]
    assert typed.text
