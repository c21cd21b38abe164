"""Handlers on a real database (SQLite and PostgreSQL): what each command does and refuses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers import router, schedules
from handlers.core import Membership, Request
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Chat,
    ChatState,
    Outbox,
    Person,
    ScheduledSend,
    ScheduleStatus,
)
from tests.support import (
    Harness,
    command,
    group_chat,
    person,
    private_chat,
)

MEMBER = person("5000000077", "Trần Thị Bình")


async def run(h: Harness, req: Request) -> str:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


async def add_units(h: Harness, *codes: str) -> None:
    for code in codes:
        text = await run(h, command("donvi", f"them {code} | Trường Chính trị {code}"))
        assert "Đã thêm đơn vị" in text


async def join_group(h: Harness, ident: str, title: str) -> None:
    req = Request(sender=person(), chat=group_chat(ident, title), membership=Membership.JOINED)
    reply = await router.handle_membership(h.env, req)
    assert reply is not None and "/nhom" in reply.text


async def link(h: Harness, ident: str, args: str) -> str:
    return await run(h, command("nhom", args, where=group_chat(ident, f"Nhóm {ident}")))


async def setup_cluster(h: Harness, n: int = 3) -> list[str]:
    codes = [f"U{i}" for i in range(1, n + 1)]
    await add_units(h, *codes)
    for i, code in enumerate(codes, start=1):
        await join_group(h, f"-40000000{i:02d}", f"Nhóm {code}")
        assert "đã được liên kết" in await link(h, f"-40000000{i:02d}", code)
    return codes


async def outbox(h: Harness) -> list[Outbox]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(Outbox).order_by(Outbox.id))).all())


# --- units -----------------------------------------------------------------------------------


async def test_units_are_added_listed_renamed_and_removed(h: Harness) -> None:
    await add_units(h, "HP", "vp")
    listing = await run(h, command("donvi"))
    assert "<b>HP</b>" in listing and "<b>VP</b>" in listing
    renamed = await run(
        h, command("units", "sua HP | Trường Chính trị Tô Hiệu thành phố Hải Phòng")
    )
    assert "Đã đổi tên đơn vị <b>HP</b>" in renamed
    assert "Đã xoá đơn vị <b>VP</b>" in await run(h, command("donvi", "xoa vp"))
    listing = await run(h, command("donvi"))
    assert "VP" not in listing and "Tô Hiệu" in listing


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("them | Trường A", "Cách dùng"),
        ("them HẢI | Trường A", "không hợp lệ"),
        ("them ABCDEFGHIJK | Trường A", "không hợp lệ"),
        ("them HP |", "Thiếu tên đơn vị"),
        ("them HP | " + "x" * 301, "quá dài (301 ký tự, tối đa 300)"),
        ("sua HP", "Cách dùng"),
        ("xoa ZZ", "Không có đơn vị mã <b>ZZ</b>"),
        ("xoa", "Cách dùng"),
    ],
)
async def test_bad_unit_commands_explain_and_change_nothing(
    h: Harness, args: str, expected: str
) -> None:
    await add_units(h, "HP")
    before = await h.counts()
    assert expected in await run(h, command("donvi", args))
    assert await h.counts() == before


# --- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("thongbao", "Họp | tất cả"),
        ("notice", "Họp!"),
        ("ds", ""),
        ("huy", "1"),
        ("donvi", "them HP | Trường"),
        ("nhom", "HP"),
        ("moi", "HP"),
        ("quyen", "5000000077"),
    ],
)
async def test_organiser_commands_are_refused_to_members(h: Harness, name: str, args: str) -> None:
    await setup_cluster(h, 1)
    where = (
        group_chat("-4000000001", "Nhóm U1") if name == "nhom" else private_chat(MEMBER.external_id)
    )
    await run(h, command("start", who=MEMBER, where=where))  # first contact is recorded
    before = await h.counts()
    text = await run(h, command(name, args, who=MEMBER, where=where))
    assert "chỉ dành cho Ban tổ chức" in text
    assert await h.counts() == before


async def test_unknown_command_gets_short_help(h: Harness) -> None:
    text = await run(h, command("xyz", who=MEMBER))
    assert "/trogiup" in text and "/xyz" in text


# --- groups ----------------------------------------------------------------------------------


async def test_group_is_pending_until_linked_then_active_with_tags(h: Harness) -> None:
    await add_units(h, "HP")
    await join_group(h, "-4000000001", "BGH Tô Hiệu")
    async with h.env.sessions() as session:
        chat = await session.scalar(select(Chat).where(Chat.external_id == "-4000000001"))
        assert chat is not None and chat.state == ChatState.PENDING
    text = await link(h, "-4000000001", "hp bgh #VanPhong")
    assert "đơn vị <b>HP</b>" in text and "bgh, vanphong" in text
    async with h.env.sessions() as session:
        chat = await session.scalar(select(Chat).where(Chat.external_id == "-4000000001"))
        assert (
            chat is not None and chat.state == ChatState.ACTIVE and chat.tags == ["bgh", "vanphong"]
        )
    shown = await link(h, "-4000000001", "")
    assert "liên kết với đơn vị <b>HP</b>" in shown
    cluster = await link(h, "-4000000001", "cum")
    assert "cả Cụm" in cluster
    listing = await run(h, command("nhom"))
    assert "cả Cụm" in listing and "đang hoạt động" in listing


async def test_linking_to_unknown_unit_lists_known_codes(h: Harness) -> None:
    await add_units(h, "HP", "VP")
    await join_group(h, "-4000000001", "Nhóm")
    before = await h.counts()
    text = await link(h, "-4000000001", "HN")
    assert "Không có đơn vị mã <b>HN</b>" in text and "HP, VP" in text
    assert "không hợp lệ" in await link(h, "-4000000001", "HP b@d")
    assert await h.counts() == before


async def test_removed_bot_makes_group_inactive_and_it_receives_nothing(h: Harness) -> None:
    await setup_cluster(h, 2)
    await run(h, command("start"))  # the organiser can be told
    left = Request(
        sender=MEMBER, chat=group_chat("-4000000001", "Nhóm U1"), membership=Membership.LEFT
    )
    await router.handle_membership(h.env, left)
    await run(h, command("thongbao", "Kính gửi các đơn vị | tất cả!"))
    rows = await outbox(h)
    notices = [r for r in rows if r.purpose == "announcement"]
    alerts = [r for r in rows if r.purpose == "alert"]
    assert [r.chat.external_id for r in notices] == ["-4000000002"]
    assert len(alerts) == 1 and "tới nhóm <b>U1</b>" in alerts[0].payload["text"]


# --- notices ---------------------------------------------------------------------------------


async def test_notice_preview_then_send_now_reaches_each_active_group_once(h: Harness) -> None:
    await setup_cluster(h, 3)
    await join_group(h, "-4000000099", "Nhóm chưa liên kết")
    reply = await router.handle_command(h.env, command("thongbao", "Kính mời dự họp | tất cả"))
    assert reply is not None
    assert "Xem trước thông báo #1" in reply.text and "3 nhóm" in reply.text
    assert [b.action for b in reply.buttons[0]] == ["n:go:1", "n:no:1"]
    assert await outbox(h) == []
    press = Request(sender=person(), chat=private_chat(), action="n:go:1", message_id="9")
    answer = await router.handle_action(h.env, press)
    assert answer.edit and answer.toast == "Đã xác nhận gửi #1"
    rows = await outbox(h)
    assert sorted(r.chat.external_id for r in rows) == ["-4000000001", "-4000000002", "-4000000003"]
    assert all("THÔNG BÁO #1" in r.payload["text"] for r in rows)
    again = await router.handle_action(h.env, press)
    assert again.toast == "Nút này không còn hiệu lực."
    assert len(await outbox(h)) == 3


async def test_notice_to_units_and_tags_reaches_only_those_groups(h: Harness) -> None:
    await setup_cluster(h, 3)
    await link(h, "-4000000003", "U3 bgh")
    await run(h, command("thongbao", "Chỉ U1 và nhóm BGH | U1, #bgh!"))
    assert sorted(r.chat.external_id for r in await outbox(h)) == ["-4000000001", "-4000000003"]


async def test_notice_with_private_reaches_members_who_started_the_bot(h: Harness) -> None:
    await setup_cluster(h, 1)
    invite = await run(h, command("moi", "U1"))
    code = invite.split("start=")[1].split()[0]
    joined = await run(h, command("start", code, who=MEMBER))
    assert "đã tham gia đơn vị <b>U1 — Trường Chính trị U1</b>" in joined
    await run(h, command("thongbao", "Gửi cả tin nhắn riêng | U1, riêng!"))
    chats = sorted(r.chat.external_id for r in await outbox(h))
    assert chats == ["-4000000001", MEMBER.external_id]


async def test_user_text_is_escaped_in_cards(h: Harness) -> None:
    await setup_cluster(h, 1)
    await run(h, command("thongbao", 'Họp <b>gấp</b> & <a href="x">link</a> | tất cả!'))
    (row,) = await outbox(h)
    assert "&lt;b&gt;gấp&lt;/b&gt; &amp; &lt;a href=&quot;x&quot;&gt;" in row.payload["text"]


async def test_long_notice_is_split_at_paragraphs(h: Harness) -> None:
    await setup_cluster(h, 1)
    paragraphs = "\n\n".join(f"Đoạn {i}: " + "chữ " * 200 for i in range(6))
    await run(h, command("thongbao", f"Mở đầu | tất cả!\n{paragraphs}"))
    rows = await outbox(h)
    assert len(rows) == 2
    assert all(len(r.payload["text"]) <= 4096 for r in rows)
    assert rows[1].payload["text"].startswith("Đoạn")


async def test_scheduled_notice_is_armed_and_a_double_fire_sends_once(h: Harness) -> None:
    await setup_cluster(h, 2)
    reply = await router.handle_command(h.env, command("thongbao", "Nhắc lịch | tất cả | 8h 19/6"))
    assert reply is not None and "08:00, Thứ Tư 19/06/2024" in reply.text
    assert reply.buttons[0][0].action == "n:at:1"
    press = Request(sender=person(), chat=private_chat(), action="n:at:1", message_id="9")
    answer = await router.handle_action(h.env, press)
    assert "Đã hẹn gửi thông báo #1 lúc 08:00, Thứ Tư 19/06/2024" in answer.text
    ((schedule_id, run_at),) = h.timers.armed.items()
    assert run_at.isoformat() == "2024-06-19T01:00:00+00:00"
    assert await outbox(h) == []
    listing = await run(h, command("ds"))
    assert "#1" in listing and "hẹn gửi 08:00, Thứ Tư 19/06/2024" in listing
    h.clock.advance(days=7)
    await schedules.fire(h.env, schedule_id)
    await schedules.fire(h.env, schedule_id)
    assert len(await outbox(h)) == 2
    async with h.env.sessions() as session:
        timer = await session.get(ScheduledSend, schedule_id)
        assert timer is not None and timer.status == ScheduleStatus.DONE


async def test_cancelling_a_scheduled_notice_sends_nothing(h: Harness) -> None:
    await setup_cluster(h, 1)
    await run(h, command("thongbao", "Sẽ huỷ | tất cả | 30 phút nữa!"))
    ((schedule_id, _),) = h.timers.armed.items()
    text = await run(h, command("huy", "#1 | đổi kế hoạch"))
    assert "Đã huỷ thông báo #1" in text and "đổi kế hoạch" in text
    assert h.timers.disarmed == [schedule_id]
    await schedules.fire(h.env, schedule_id)
    assert await outbox(h) == []
    assert "đã được huỷ trước đó" in await run(h, command("huy", "1"))


async def test_a_sent_notice_cannot_be_cancelled(h: Harness) -> None:
    await setup_cluster(h, 1)
    await run(h, command("thongbao", "Đã gửi | tất cả!"))
    async with h.env.sessions() as session:
        ann = await session.get(Announcement, 1)
        assert ann is not None
        ann.status = AnnouncementStatus.SENT
        await session.commit()
    assert "đã được gửi, không thể huỷ" in await run(h, command("huy", "1"))


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", "Cách dùng"),
        ("| tất cả | 8h 19/6", "Thiếu nội dung"),
        ("Họp | HN", "Không có đơn vị mã <b>HN</b>"),
        ("Họp | tất cả | 8h 19/6/2020", "thời điểm này đã qua"),
        ("Họp | tất cả | hôm qua lúc nào đó", "Không đọc được thời điểm"),
        ("Họp | tất cả | 8h | thêm", "quá nhiều phần"),
        ("Họp | #khongco", "Không có nhóm nào"),
        ("Họp | HẢI PHÒNG", "không hợp lệ"),
        ("x" * 9000, "quá dài"),
    ],
)
async def test_bad_notices_explain_with_an_example_and_change_nothing(
    h: Harness, args: str, expected: str
) -> None:
    await setup_cluster(h, 1)
    before = await h.counts()
    text = await run(h, command("thongbao", args))
    assert expected in text
    if args:
        assert "Ví dụ" in text or "Cách viết được chấp nhận" in text or "Các mã" in text
    assert await h.counts() == before


async def test_forged_and_stale_buttons_do_nothing(h: Harness) -> None:
    await setup_cluster(h, 1)
    await router.handle_command(h.env, command("thongbao", "Họp | tất cả"))
    await run(h, command("start", who=MEMBER))
    before = await h.counts()
    for data in ["n:go:999", "n:boom:1", "x:go:1", "n:go:abc", "", "n:go:1:extra", "n:at:1"]:
        press = Request(sender=person(), chat=private_chat(), action=data, message_id="9")
        assert (await router.handle_action(h.env, press)).toast == "Nút này không còn hiệu lực."
    member_press = Request(sender=MEMBER, chat=private_chat(MEMBER.external_id), action="n:go:1")
    assert (
        await router.handle_action(h.env, member_press)
    ).toast == "Chỉ Ban tổ chức được dùng nút này."
    assert await h.counts() == before


# --- people ----------------------------------------------------------------------------------


async def test_grant_by_reply_and_revoke_but_not_configured_admins(h: Harness) -> None:
    where = group_chat()
    assert "Đã cấp quyền" in await run(h, command("quyen", "", where=where, reply_to=MEMBER))
    assert "đã thuộc Ban tổ chức" in await run(h, command("quyen", MEMBER.external_id))
    refused = await run(h, command("quyen", "", who=MEMBER, reply_to=person()))
    assert "đã thuộc Ban tổ chức" in refused
    assert "Đã thu hồi" in await run(h, command("quyen", f"bo {MEMBER.external_id}"))
    assert "chỉ dành cho Ban tổ chức" in await run(h, command("donvi", who=MEMBER))
    assert "Đã cấp quyền" in await run(h, command("quyen", MEMBER.external_id))
    configured = await run(h, command("quyen", "bo", who=MEMBER, where=where, reply_to=person()))
    assert "LOA_ADMINS" in configured
    assert "Đã thu hồi" in await run(h, command("quyen", f"bo {MEMBER.external_id}"))
    async with h.env.sessions() as session:
        organisers = (await session.scalars(select(Person).where(Person.is_organiser))).all()
    assert organisers == []


async def test_start_tells_the_role_and_a_bad_invite_is_refused(h: Harness) -> None:
    assert "Ban tổ chức" in await run(h, command("start"))
    text = await run(h, command("start", "not-a-valid-code", who=MEMBER))
    assert "không hợp lệ" in text and "chưa thuộc đơn vị nào" in text


async def test_language_switch_changes_replies(h: Harness) -> None:
    assert "English selected" in await run(h, command("ngonngu", "en", who=MEMBER))
    assert "You are not in any unit yet" in await run(h, command("start", who=MEMBER))
    assert "Choose a language" in await run(h, command("language", "fr", who=MEMBER))
    assert "Đã chọn tiếng Việt" in await run(h, command("language", "vi", who=MEMBER))


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("huy", "", "Cách dùng"),
        ("huy", "abc | lý do", "không phải mã thông báo"),
        ("huy", "#77", "Không có thông báo #77"),
        ("moi", "", "Cách dùng"),
        ("moi", "ZZ", "Không có đơn vị mã <b>ZZ</b>"),
        ("moi", "H-P", "không hợp lệ"),
        ("quyen", "", "Cách dùng"),
        ("quyen", "abc", "Cách dùng"),
        ("quyen", "bo", "Cách dùng"),
        ("ngonngu", "klingon", "Chọn ngôn ngữ"),
        ("donvi", "them", "Cách dùng"),
        ("thongbao", "Họp | tất cả | 31/2 8h", "ngày không tồn tại"),
    ],
)
async def test_bad_input_to_each_command_is_explained_and_changes_nothing(
    h: Harness, name: str, args: str, expected: str
) -> None:
    await setup_cluster(h, 1)
    before = await h.counts()
    assert expected in await run(h, command(name, args))
    assert await h.counts() == before


async def test_nhom_outside_a_group_lists_and_in_a_group_with_bad_words_explains(
    h: Harness,
) -> None:
    await add_units(h, "HP")
    await join_group(h, "-4000000001", "Nhóm")
    before = await h.counts()
    assert "Không có đơn vị mã <b>XYZ</b>" in await link(h, "-4000000001", "xyz bgh")
    assert "Nhãn «b@d» không hợp lệ" in await link(h, "-4000000001", "HP b@d")
    assert await h.counts() == before


async def test_scheduling_after_the_time_has_passed_asks_again(h: Harness) -> None:
    await setup_cluster(h, 1)
    await router.handle_command(h.env, command("thongbao", "Họp | tất cả | 30 phút nữa"))
    h.clock.advance(hours=1)
    press = Request(sender=person(), chat=private_chat(), action="n:at:1", message_id="9")
    answer = await router.handle_action(h.env, press)
    assert "đã qua trong lúc chờ xác nhận" in answer.text
    assert [b.action for b in answer.buttons[0]] == ["n:go:1", "n:no:1"]
    assert h.timers.armed == {} and await outbox(h) == []
