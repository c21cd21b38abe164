"""Delegations on a real database: `/daibieu` (register, list, remove) with its refusals, the
private registration dialogue behind [📝 Đăng ký đại biểu], quotas and deadlines, the card's
tally, and the list in `/tinhhinh` and `/xuat`."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from handlers import router
from handlers.core import Reply, Request, Where
from handlers.forms import FormError
from handlers.meetings.delegates import read_phone
from handlers.typed_forms import typed_form
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Conversation,
    Delegate,
    Meeting,
    UnitDeadline,
)
from tests.support import Harness, command, group_chat, person, private_chat
from tests.unit.test_meetings import SENT, cluster, gid

BINH = person("5000000101", "Trần Thị Bình")  # acts in U1's group
CHAU = person("5000000202", "Đỗ Minh Châu")  # acts in U2's group
TWO = "Nguyễn Văn A, Phó Hiệu trưởng, 0912.345.678; Trần Thị B, Trưởng phòng Đào tạo"


async def reply_to(h: Harness, req: Request) -> Reply:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply


def chat_of(who: Any, chat: str | None) -> Where:
    """The group of unit `chat` (`U1`), or `who`'s private chat (None)."""
    if chat is None:
        return private_chat(who.external_id)
    return group_chat(gid(int(chat[1:])), f"Nhóm {chat}")


async def daibieu(h: Harness, args: str, who: Any = BINH, chat: str | None = "U1") -> Reply:
    """`/daibieu <args>` by `who`, in the group of unit `chat` (None: privately)."""
    return await reply_to(h, command("daibieu", args, who=who, where=chat_of(who, chat)))


async def press(h: Harness, who: Any, action: str, chat: str | None = "U1") -> Reply:
    req = Request(sender=who, chat=chat_of(who, chat), action=action, message_id="9")
    return await router.handle_action(h.env, req)


async def say(h: Harness, who: Any, typed: str) -> Reply | None:
    """`who` writes `typed` in their private chat."""
    req = Request(sender=who, chat=private_chat(who.external_id), text=typed, message_id="8")
    return await router.handle_text(h.env, req)


async def meeting(h: Harness, units: int = 3, audience: str = "tất cả", **fields: Any) -> None:
    """The seed meeting #1 sent to `audience`, with `fields` set on its row (a quota…)."""
    await cluster(h, units)
    await reply_to(h, command("hop", SENT.replace("| tất cả!", f"| {audience}!")))
    if fields:
        async with h.env.sessions() as session:
            row = await session.get(Meeting, 1)
            assert row is not None
            for name, value in fields.items():
                setattr(row, name, value)
            await session.commit()


async def delegates(h: Harness) -> list[Delegate]:
    async with h.env.sessions() as session:
        found = await session.scalars(
            select(Delegate).where(Delegate.removed_at.is_(None)).order_by(Delegate.id)
        )
        return list(found.all())


async def card_text(h: Harness) -> str:
    from handlers.meetings.card import tally_line

    async with h.env.sessions() as session:
        ann = await session.get(Announcement, 1)
        assert ann is not None
        return await tally_line(session, ann)


# --- /daibieu ----------------------------------------------------------------------------------


async def test_a_member_registers_the_units_delegates_with_phones_stored_normalised(
    h: Harness,
) -> None:
    await meeting(h)
    reply = await daibieu(h, f"1 | {TWO}")
    assert "Đã đăng ký 2 đại biểu của U1 cho cuộc họp #1" in reply.text
    assert "1. 📝 Nguyễn Văn A — Phó Hiệu trưởng — 0912345678" in reply.text
    assert "2. 📝 Trần Thị B — Trưởng phòng Đào tạo" in reply.text
    assert [b.text for row in reply.buttons for b in row] == ["🗑 Xoá 1", "🗑 Xoá 2"]
    rows = await delegates(h)
    assert [(d.name, d.position, d.phone, d.late) for d in rows] == [
        ("Nguyễn Văn A", "Phó Hiệu trưởng", "0912345678", False),
        ("Trần Thị B", "Trưởng phòng Đào tạo", "", False),
    ]
    listed = await daibieu(h, "1", chat=None)  # privately: the unit the group taught Loa
    assert "Trường Chính trị số 1 · U1: 2" in listed.text and "2. 📝 Trần Thị B" in listed.text


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("091-234-5678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84.24.3825.1234", "02438251234"),
        ("024 3825 1234", "02438251234"),
    ],
)
def test_a_vietnamese_phone_number_is_read_in_its_usual_spellings(typed: str, stored: str) -> None:
    assert read_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "0912 345", "abc", "+1 202 555 0100", "9123456789"])
def test_what_is_not_a_vietnamese_phone_number_is_refused(typed: str) -> None:
    with pytest.raises(FormError) as caught:
        read_phone(typed)
    assert caught.value.key == "delegates.bad_phone"


async def test_a_bad_phone_refuses_the_whole_list_saying_which_entry(h: Harness) -> None:
    await meeting(h)
    before = await h.counts()
    reply = await daibieu(h, "1 | Nguyễn Văn A, Phó Hiệu trưởng; Trần Thị B, Trưởng phòng, 12345")
    assert "Người thứ 2" in reply.text and "«12345» không phải số điện thoại" in reply.text
    assert "0912 345 678" in reply.text  # the example
    assert await delegates(h) == [] and await h.counts() == before


async def test_past_the_quota_nothing_is_registered_and_the_count_is_given(h: Harness) -> None:
    await meeting(h, delegate_quota={"default": 3, "units": {"2": 5}})
    await daibieu(h, f"1 | {TWO}")
    over = await daibieu(h, "1 | Lê C, Chuyên viên; Phạm D, Chuyên viên")
    assert "U1 có 2/3 đại biểu; thêm 2 người sẽ vượt hạn mức (tối đa 3)." in over.text
    assert len(await delegates(h)) == 2
    await daibieu(h, "1 | Lê C, Chuyên viên")
    full = await daibieu(h, "1 | Phạm D, Chuyên viên")
    assert "U1 đã đủ 3/3 đại biểu; không thể đăng ký thêm." in full.text
    assert len(await delegates(h)) == 3
    # U2's own quota is 5, and its ✅ answer is one of them
    await press(h, CHAU, "r:a:1", chat="U2")
    five = "; ".join(f"Người {i}, Chuyên viên" for i in range(1, 5))
    assert "Đã đăng ký 4 đại biểu của U2" in (await daibieu(h, f"1 | {five}", CHAU, "U2")).text
    refused = await daibieu(h, "1 | Người 5, Chuyên viên", CHAU, "U2")
    assert "U2 đã đủ 5/5 đại biểu" in refused.text


async def test_another_units_meeting_is_refused_and_so_is_naming_another_unit(h: Harness) -> None:
    await meeting(h, audience="U1")
    before = await h.counts()
    other = await daibieu(h, f"1 | {TWO}", CHAU, "U2")
    assert "Đơn vị U2 không thuộc đối tượng của cuộc họp #1" in other.text
    named = await daibieu(h, f"1 U2 | {TWO}")
    assert "Anh/chị không thuộc đơn vị U2" in named.text
    nobody = await daibieu(h, f"1 | {TWO}", person("5000000999", "Người lạ"), None)
    assert "Loa chưa biết anh/chị thuộc đơn vị nào" in nobody.text
    assert await delegates(h) == [] and await h.counts() == before


async def test_an_organiser_names_the_unit_and_is_told_to_when_it_is_missing(h: Harness) -> None:
    await meeting(h)
    missing = await daibieu(h, f"1 | {TWO}", person(), None)
    assert "Xin ghi mã đơn vị sau số giấy mời" in missing.text
    done = await daibieu(h, f"1 U2 | {TWO}", person(), None)
    assert "Đã đăng ký 2 đại biểu của U2" in done.text
    assert "/daibieu 1 U2 xoa 2" in done.text
    unknown = await daibieu(h, f"1 ZZ | {TWO}", person(), None)
    assert "Không có đơn vị mã <b>ZZ</b>" in unknown.text
    assert {d.unit_id for d in await delegates(h)} == {2}


async def test_removal_takes_registered_names_only(h: Harness) -> None:
    await meeting(h)
    await press(h, BINH, "r:a:1")  # Bình attends: number 1 on the list
    await daibieu(h, f"1 | {TWO}")
    refused = await daibieu(h, "1 xoa 1")
    assert "Người thứ 1 (Trần Thị Bình) đã xác nhận tham dự" in refused.text
    removed = await daibieu(h, "1 xoa 3")
    assert "Đã xoá người thứ 3 (Trần Thị B)" in removed.text
    assert [d.name for d in await delegates(h)] == ["Nguyễn Văn A"]
    assert "không có người thứ 7" in (await daibieu(h, "1 xoa 7")).text
    # the list's button removes the name it was shown for, once
    (button,) = [b for row in removed.buttons for b in row]
    assert button.text == "🗑 Xoá 2" and button.action is not None
    assert typed_form(button.action) == "Xoá người thứ 2: DAIBIEU 1 U1 xoa 2"
    pressed = await press(h, BINH, button.action)
    assert pressed.edit and pressed.toast == "Đã xoá Nguyễn Văn A"
    assert await delegates(h) == []
    again = await press(h, BINH, button.action)
    assert again.toast == "Nút này không còn hiệu lực."


async def test_a_cancelled_or_started_meeting_takes_no_registration(h: Harness) -> None:
    await meeting(h)
    h.clock.current = datetime(2024, 6, 19, 1, 30, tzinfo=UTC)  # 08:30 on the day
    assert "đã bắt đầu" in (await daibieu(h, f"1 | {TWO}")).text
    assert "Chưa có đại biểu nào" in (await daibieu(h, "1")).text  # looking is still fine
    h.clock.current = datetime(2024, 6, 12, 3, 15, tzinfo=UTC)
    await reply_to(h, command("huy", "1 | Hoãn"))
    assert "đã bị huỷ" in (await daibieu(h, f"1 | {TWO}")).text
    assert (
        await press(h, BINH, "db:r:1")
    ).toast == "Cuộc họp #1 đã bị huỷ; không đăng ký đại biểu được nữa."
    assert await delegates(h) == []


async def test_a_closed_deadline_refuses_and_an_open_one_marks_late(h: Harness) -> None:
    await meeting(h, closes_at_deadline=True)
    h.clock.current = datetime(2024, 6, 15, 3, 0, tzinfo=UTC)  # past 17:00 14/06
    closed = await daibieu(h, f"1 | {TWO}")
    assert "Đã hết hạn đăng ký (17:00, Thứ Sáu 14/06/2024)" in closed.text
    assert await delegates(h) == []
    async with h.env.sessions() as session:
        row = await session.get(Meeting, 1)
        assert row is not None
        row.closes_at_deadline = False
        await session.commit()
    late = await daibieu(h, "1 | Nguyễn Văn A, Phó Hiệu trưởng")
    assert "Nguyễn Văn A — Phó Hiệu trưởng · 10:00 15/06 (trễ)" in late.text
    assert [d.late for d in await delegates(h)] == [True]


async def test_a_unit_given_its_own_deadline_registers_after_the_others_are_closed(
    h: Harness,
) -> None:
    await meeting(h, closes_at_deadline=True)
    async with h.env.sessions() as session:
        session.add(
            UnitDeadline(
                announcement_id=1,
                unit_id=2,
                deadline=datetime(2024, 6, 16, 10, 0, tzinfo=UTC),  # 17:00 16/06
                set_at=h.clock.current,
            )
        )
        await session.commit()
    h.clock.current = datetime(2024, 6, 15, 3, 0, tzinfo=UTC)
    assert "Đã hết hạn đăng ký" in (await daibieu(h, f"1 | {TWO}")).text
    assert "Đã đăng ký 2 đại biểu của U2" in (await daibieu(h, f"1 | {TWO}", CHAU, "U2")).text
    h.clock.current = datetime(2024, 6, 16, 11, 0, tzinfo=UTC)
    closed = await daibieu(h, "1 | Lê C, Chuyên viên", CHAU, "U2")
    assert "Đã hết hạn đăng ký (17:00, Chủ Nhật 16/06/2024)" in closed.text
    assert [(d.unit_id, d.late) for d in await delegates(h)] == [(2, False), (2, False)]


async def test_bad_commands_say_how_to_use_it(h: Harness) -> None:
    await meeting(h)
    assert "Cách dùng /daibieu" in (await daibieu(h, "")).text
    assert "Không có thông báo #9" in (await daibieu(h, f"9 | {TWO}")).text
    assert "Chưa có tên đại biểu nào" in (await daibieu(h, "1 |  ; ")).text
    assert "không phải số thứ tự" in (await daibieu(h, "1 xoa hai")).text


# --- the button and the dialogue ---------------------------------------------------------------


async def test_the_button_in_a_group_continues_privately_and_stores_each_delegate(
    h: Harness,
) -> None:
    await meeting(h, delegate_quota={"default": 2})
    await reply_to(h, command("start", who=BINH))  # Loa can write to Bình privately
    pressed = await press(h, BINH, "db:r:1")
    assert pressed.to_person and pressed.toast == "Xin tiếp tục trong tin nhắn riêng với Loa"
    assert "Đăng ký đại biểu của U1 dự cuộc họp #1" in pressed.text and "họ và tên" in pressed.text
    asked = await say(h, BINH, "Nguyễn Văn A")
    assert asked is not None and "chức vụ" in asked.text
    asked = await say(h, BINH, "Phó Hiệu trưởng")
    assert asked is not None and "số điện thoại" in asked.text
    wrong = await say(h, BINH, "0912")
    assert wrong is not None and "«0912» không phải số điện thoại" in wrong.text
    assert "số điện thoại" in wrong.text and await delegates(h) == []
    saved = await say(h, BINH, "0912 345 678")
    assert saved is not None and "Đã đăng ký đại biểu cho cuộc họp #1" in saved.text
    assert (
        "1. 📝 Nguyễn Văn A — Phó Hiệu trưởng — 0912345678" in saved.text
        and "U1: 1/2" in saved.text
    )
    assert [b.text for b in saved.buttons[0]] == ["➕ Thêm người", "✔️ Xong"]
    assert [(d.name, d.phone, d.unit_id) for d in await delegates(h)] == [
        ("Nguyễn Văn A", "0912345678", 1)
    ]
    more = await press(h, BINH, "db:m:1", chat=None)
    assert "họ và tên" in more.text
    for typed in ("Trần Thị B", "Trưởng phòng Đào tạo", "không"):
        last = await say(h, BINH, typed)
    assert last is not None and "U1: 2/2" in last.text
    full = await press(h, BINH, "db:m:1", chat=None)
    assert "U1 đã đủ 2/2 đại biểu; không thể đăng ký thêm." in full.text
    done = await press(h, BINH, "db:d:1", chat=None)
    assert "Đã xong việc đăng ký đại biểu của U1" in done.text
    assert (await press(h, BINH, "db:d:1", chat=None)).toast == "Nút này không còn hiệu lực."
    assert await say(h, BINH, "xong") is not None  # no dialogue: the usual hint


async def test_a_name_already_on_the_list_is_asked_for_again_and_typed_forms_work(
    h: Harness,
) -> None:
    await meeting(h)
    typed = await say(h, BINH, "daibieu 1 | Nguyễn Văn A, Phó Hiệu trưởng")  # as on Zalo
    assert typed is not None and "Loa chưa biết" in typed.text  # no unit known in private yet
    await daibieu(h, "1 | Nguyễn Văn A, Phó Hiệu trưởng")  # in the group: U1, remembered
    await press(h, BINH, "db:r:1", chat=None)
    for step in ("nguyễn văn a", "Hiệu trưởng"):
        await say(h, BINH, step)
    again = await say(h, BINH, "không")
    assert again is not None and "nguyễn văn a đã có trong danh sách đại biểu của U1" in again.text
    assert "họ và tên" in again.text
    for step in ("Trần Văn C", "Hiệu trưởng", "không"):
        last = await say(h, BINH, step)
    assert last is not None and "2. 📝 Trần Văn C — Hiệu trưởng" in last.text
    assert (await say(h, BINH, "xong")) is not None
    assert [d.name for d in await delegates(h)] == ["Nguyễn Văn A", "Trần Văn C"]


async def test_the_dialogue_survives_a_restart_between_steps(h: Harness) -> None:
    """Each step is committed: a new environment on the same database goes on from it."""
    await meeting(h)
    await press(h, BINH, "db:r:1", chat=None)  # Bình in private: no unit known yet
    async with h.env.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Conversation)) == 0
    await press(h, BINH, "db:r:1")  # in U1's group, Bình has just written privately above
    await say(h, BINH, "Nguyễn Văn A")
    async with h.env.sessions() as session:
        (row,) = (await session.scalars(select(Conversation))).all()
        assert row.kind == "delegates" and row.data["step"] == "position"
        assert row.data["name"] == "Nguyễn Văn A"


async def test_without_a_private_chat_the_group_gets_a_link_that_starts_the_dialogue(
    h: Harness,
) -> None:
    await meeting(h)
    pressed = await press(h, CHAU, "db:r:1", chat="U2")
    assert not pressed.to_person and "mở tin nhắn riêng" in pressed.text
    (button,) = pressed.buttons[0]
    assert button.url == "https://t.me/LoaTestBot?start=db-1"
    opened = await reply_to(h, command("start", "db-1", who=CHAU))
    assert "Đăng ký đại biểu của U2 dự cuộc họp #1" in opened.text
    await say(h, CHAU, "Đỗ Minh Châu")
    await say(h, CHAU, "Hiệu trưởng")
    await say(h, CHAU, "+84 912 000 111")
    assert [(d.unit_id, d.phone) for d in await delegates(h)] == [(2, "0912000111")]
    assert "không hợp lệ" in (await reply_to(h, command("start", "db-x", who=CHAU))).text


async def test_an_organiser_picks_the_unit_from_the_invited_ones(h: Harness) -> None:
    await meeting(h, audience="U1, U3")
    pick = await press(h, person(), "db:r:1", chat=None)
    assert [b.action for row in pick.buttons for b in row] == ["db:r.1:1", "db:r.3:1"]
    started = await press(h, person(), "db:r.3:1", chat=None)
    assert "Đăng ký đại biểu của U3" in started.text
    forged = await press(h, person(), "db:r.2:1", chat=None)
    assert forged.toast is not None and "U2 không thuộc đối tượng" in forged.toast
    member = await press(h, BINH, "db:r.3:1")
    assert member.toast == "Nút này không còn hiệu lực."


# --- what the list looks like ------------------------------------------------------------------


async def test_the_tally_counts_delegates_and_units_with_registered_names_as_confirmed(
    h: Harness,
) -> None:
    await meeting(h)
    assert "🎫" not in await card_text(h)  # no quota, no names: the tally as it was
    await press(h, CHAU, "r:a:1", chat="U2")
    await daibieu(h, f"1 | {TWO}")
    tally = await card_text(h)
    assert tally == (
        "Đã xác nhận: 2/3 đơn vị · ✅ 1 người · ❌ 0 · 👤 0 người dự thay"
        " · ⏳ 1 chưa trả lời · 🎫 3 đại biểu"
    )
    status = await reply_to(h, command("tinhhinh", "1"))
    assert tally in status.text and "<b>Chưa trả lời:</b> U3" in status.text


async def test_status_and_export_list_the_delegates_by_unit_as_stored(h: Harness) -> None:
    await meeting(h, delegate_quota={"default": 3})
    await press(h, CHAU, "r:a:1", chat="U2")
    await daibieu(h, f"1 | {TWO}")
    h.clock.advance(days=3)  # past the deadline, not closed: late
    await daibieu(h, "1 | Lê C, Chuyên viên")
    status = await reply_to(h, command("tinhhinh", "1"))
    text = status.text
    assert "<b>Danh sách đại biểu</b> (4 người)" in text
    assert "<b>U1: 3/3</b> — Trường Chính trị số 1" in text
    assert "1. 📝 Nguyễn Văn A — Phó Hiệu trưởng — 0912345678 · 10:15 12/06" in text
    assert "3. 📝 Lê C — Chuyên viên · 10:15 15/06 (trễ)" in text
    assert "<b>U2: 1/3</b>" in text and "4. ✅ Đỗ Minh Châu" in text
    assert "<b>U3: 0/3</b>" in text
    export = await reply_to(h, command("xuat", "1"))
    book = load_workbook(io.BytesIO(export.files[0].content))
    assert book.sheetnames == ["Danh sách", "Đại biểu", "Tổng hợp"]
    rows = [list(r) for r in book["Đại biểu"].iter_rows(values_only=True)]
    assert rows[0] == [
        "STT",
        "Đơn vị",
        "Họ và tên",
        "Chức vụ",
        "Điện thoại",
        "Đăng ký lúc",
        "Nguồn",
        "Trễ hạn",
    ]
    stored = await delegates(h)
    assert [(r[2], r[3], r[4] or "") for r in rows[1:4]] == [
        (d.name, d.position, d.phone) for d in stored
    ]
    assert rows[1][:2] == [1, "U1 — Trường Chính trị số 1"]
    assert rows[1][5] == datetime(2024, 6, 12, 10, 15)
    assert [r[6] for r in rows[1:]] == ["Đăng ký", "Đăng ký", "Đăng ký", "Tham dự"]
    assert [r[7] or "" for r in rows[1:]] == ["", "", "trễ", ""]


async def test_the_card_and_its_typed_forms_offer_registration(h: Harness) -> None:
    assert typed_form("db:r:12") == "Đăng ký đại biểu: DAIBIEU 12 | họ tên, chức vụ, điện thoại; …"
    assert typed_form("db:m:12") == "Thêm người: gõ THEM"
    assert typed_form("db:d:12") == "Kết thúc: gõ XONG"
    assert typed_form("db:r.3:12") is None  # an organiser's pick
    assert len(b"db:x.99.123456789.ABCDEFGHIJ:123456789") <= 64
    await meeting(h)
    async with h.env.sessions() as session:
        ann = await session.get(Announcement, 1)
        assert ann is not None and ann.status != AnnouncementStatus.DRAFT
    assert (await press(h, BINH, "db:q:1")).toast == "Nút này không còn hiệu lực."
