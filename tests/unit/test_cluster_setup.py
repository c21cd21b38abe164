"""Setting up the cluster as officials do it: units, groups, organisers, invites, previews."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers import router, schedules
from handlers.core import FileRef, Membership, Reply, Request
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Chat,
    ChatState,
    Outbox,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
    Unit,
)
from tests.support import Harness, command, group_chat, person, private_chat

MEMBER = person("5000000077", "Trần Thị Bình")


async def run(h: Harness, req: Request) -> str:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


async def join_group(h: Harness, ident: str, title: str) -> str:
    req = Request(sender=person(), chat=group_chat(ident, title), membership=Membership.JOINED)
    reply = await router.handle_membership(h.env, req)
    assert reply is not None
    return reply.text


async def in_group(h: Harness, ident: str, title: str, name: str, args: str = "") -> str:
    return await run(h, command(name, args, where=group_chat(ident, title)))


# --- units -----------------------------------------------------------------------------------


async def test_adding_an_existing_code_is_refused_and_says_how_to_rename(h: Harness) -> None:
    await run(h, command("donvi", "them HP | Trường Chính trị Tô Hiệu thành phố Hải Phòng"))
    before = await h.counts()
    text = await run(h, command("donvi", "them HP | Trường Chính trị tỉnh Hà Nam"))
    assert "Đơn vị <b>HP</b> đã có: Trường Chính trị Tô Hiệu thành phố Hải Phòng" in text
    assert "<code>/donvi sua HP | tên mới</code>" in text
    assert await h.counts() == before
    async with h.env.sessions() as session:
        unit = await session.scalar(select(Unit).where(Unit.code == "HP"))
        assert unit is not None and unit.name == "Trường Chính trị Tô Hiệu thành phố Hải Phòng"


async def test_a_unit_is_renamed_with_sua(h: Harness) -> None:
    await run(h, command("donvi", "them HP | Trường Tô Hiệu"))
    text = await run(h, command("units", "rename hp | Trường Chính trị Tô Hiệu"))
    assert "Đã đổi tên đơn vị <b>HP</b>: Trường Tô Hiệu → Trường Chính trị Tô Hiệu." in text
    assert "Không có đơn vị mã <b>ZZ</b>" in await run(h, command("donvi", "sua ZZ | Tên"))


async def test_a_removed_unit_added_back_says_its_groups_need_linking_again(h: Harness) -> None:
    await run(h, command("donvi", "them HP | Trường Tô Hiệu"))
    await join_group(h, "-4000000001", "BGH Tô Hiệu")
    await in_group(h, "-4000000001", "BGH Tô Hiệu", "nhom", "HP")
    await run(h, command("donvi", "xoa HP"))
    text = await run(h, command("donvi", "them HP | Trường Chính trị Tô Hiệu"))
    assert "Đã thêm lại đơn vị <b>HP</b>" in text and "<code>/nhom HP</code>" in text
    async with h.env.sessions() as session:
        chat = await session.scalar(select(Chat).where(Chat.external_id == "-4000000001"))
        assert chat is not None and chat.unit_id is None and chat.state == ChatState.PENDING


async def test_a_too_long_unit_name_says_how_long_not_missing(h: Harness) -> None:
    before = await h.counts()
    text = await run(h, command("donvi", "them HP | " + "Trường " * 60))  # 419 characters
    assert "Tên đơn vị quá dài (419 ký tự, tối đa 300)" in text and "Thiếu" not in text
    assert await h.counts() == before


# --- groups ----------------------------------------------------------------------------------


async def test_the_bot_added_back_to_a_linked_group_says_it_is_still_linked(h: Harness) -> None:
    await run(h, command("donvi", "them HP | Trường Tô Hiệu"))
    await join_group(h, "-4000000001", "BGH Tô Hiệu")
    await in_group(h, "-4000000001", "BGH Tô Hiệu", "nhom", "HP bgh")
    left = Request(
        sender=MEMBER, chat=group_chat("-4000000001", "BGH Tô Hiệu"), membership=Membership.LEFT
    )
    await router.handle_membership(h.env, left)
    text = await join_group(h, "-4000000001", "BGH Tô Hiệu")
    assert "Loa đã trở lại «<b>BGH Tô Hiệu</b>»" in text
    assert "vẫn liên kết với đơn vị <b>HP</b> — Trường Tô Hiệu" in text and "bgh" in text
    assert "chưa" not in text
    async with h.env.sessions() as session:
        chat = await session.scalar(select(Chat).where(Chat.external_id == "-4000000001"))
        assert chat is not None and chat.state == ChatState.ACTIVE


async def test_a_group_added_back_to_the_cluster_says_so_and_a_new_one_is_waiting(
    h: Harness,
) -> None:
    await join_group(h, "-4000000001", "Cụm thi đua")
    await in_group(h, "-4000000001", "Cụm thi đua", "nhom", "cum")
    assert "vẫn liên kết với <b>cả Cụm</b>" in await join_group(h, "-4000000001", "Cụm thi đua")
    assert "chưa nhận thông báo" in await join_group(h, "-4000000002", "Nhóm mới")


async def test_a_group_titled_nhom_is_not_named_nhom_nhom(h: Harness) -> None:
    await run(h, command("donvi", "them HP | Trường Tô Hiệu"))
    await join_group(h, "-4000000001", "Nhóm BGH Tô Hiệu")
    linked = await in_group(h, "-4000000001", "Nhóm BGH Tô Hiệu", "nhom", "HP")
    assert linked.startswith("Nhóm <b>BGH Tô Hiệu</b> đã được liên kết")
    assert "Nhóm Nhóm" not in linked
    unlinked = await in_group(h, "-4000000001", "Nhóm BGH Tô Hiệu", "nhom", "bo")
    assert "nhóm <b>BGH Tô Hiệu</b>" in unlinked and "Nhóm Nhóm" not in unlinked
    await join_group(h, "-4000000002", "BGH Lê Hồng Phong")
    other = await in_group(h, "-4000000002", "BGH Lê Hồng Phong", "nhom", "HP")
    assert other.startswith("Nhóm <b>BGH Lê Hồng Phong</b> đã được liên kết")


@pytest.mark.parametrize("args", ["HP bgh, vanphong", "HP, bgh,vanphong", "HP #bgh; #vanphong,"])
async def test_tags_separated_by_commas_are_read(h: Harness, args: str) -> None:
    await run(h, command("donvi", "them HP | Trường Tô Hiệu"))
    await join_group(h, "-4000000001", "BGH Tô Hiệu")
    text = await in_group(h, "-4000000001", "BGH Tô Hiệu", "nhom", args)
    assert "đơn vị <b>HP</b>" in text and "Nhãn: bgh, vanphong." in text
    async with h.env.sessions() as session:
        chat = await session.scalar(select(Chat).where(Chat.external_id == "-4000000001"))
        assert chat is not None and chat.tags == ["bgh", "vanphong"]


# --- people ----------------------------------------------------------------------------------


async def test_granting_an_id_nobody_known_has_warns_and_still_grants(h: Harness) -> None:
    text = await run(h, command("quyen", "99999"))
    assert "⚠️ Loa chưa gặp ai có mã <code>99999</code>" in text
    assert "<code>/quyen bo 99999</code>" in text
    newcomer = person("99999", "Lê Văn Cường")
    assert "Ban tổ chức" in await run(h, command("start", who=newcomer))
    assert "Chưa có đơn vị nào" in await run(h, command("donvi", who=newcomer))  # the role holds


async def test_granting_someone_loa_has_seen_names_them_without_a_warning(h: Harness) -> None:
    await run(h, command("start", who=MEMBER))
    text = await run(h, command("quyen", MEMBER.external_id))
    assert text == "Đã cấp quyền Ban tổ chức cho Trần Thị Bình."


async def invite_code(h: Harness, unit: str) -> str:
    invite = await run(h, command("moi", unit))
    return invite.split("start=")[1].split()[0]


async def test_opening_an_invite_twice_says_once_that_the_person_is_a_member(h: Harness) -> None:
    await run(h, command("donvi", "them HP | Trường Tô Hiệu"))
    code = await invite_code(h, "HP")
    first = await run(h, command("start", code, who=MEMBER))
    assert first.count("HP — Trường Tô Hiệu") == 1 and "đã tham gia đơn vị" in first
    second = await run(h, command("start", code, who=MEMBER))
    assert "Anh/chị đã là thành viên của đơn vị <b>HP — Trường Tô Hiệu</b>" in second
    assert second.count("HP — Trường Tô Hiệu") == 1 and "đã tham gia" not in second


async def test_an_invite_to_another_unit_says_the_member_moved(h: Harness) -> None:
    await run(h, command("donvi", "them HP | Trường Tô Hiệu"))
    await run(h, command("donvi", "them QN | Trường Nguyễn Văn Cừ"))
    await run(h, command("start", await invite_code(h, "HP"), who=MEMBER))
    moved = await run(h, command("start", await invite_code(h, "QN"), who=MEMBER))
    assert "chuyển từ đơn vị <b>HP — Trường Tô Hiệu</b> sang đơn vị <b>QN" in moved
    assert "Anh/chị là thành viên của đơn vị <b>QN — Trường Nguyễn Văn Cừ</b>" in await run(
        h, command("start", who=MEMBER)
    )


# --- previews --------------------------------------------------------------------------------


async def linked_groups(h: Harness, n: int = 2) -> None:
    for i in range(1, n + 1):
        await run(h, command("donvi", f"them U{i} | Trường Chính trị số {i}"))
        await join_group(h, f"-40000000{i:02d}", f"BGH Trường số {i}")
        await in_group(h, f"-40000000{i:02d}", f"BGH Trường số {i}", "nhom", f"U{i}")


async def sent_rows(h: Harness) -> list[Outbox]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(Outbox).order_by(Outbox.id))).all())


async def press(h: Harness, action: str) -> Reply:
    req = Request(sender=person(), chat=private_chat(), action=action, message_id="9")
    return await router.handle_action(h.env, req)


async def status_of(h: Harness, ann_id: int) -> AnnouncementStatus:
    async with h.env.sessions() as session:
        ann = await session.get(Announcement, ann_id)
        assert ann is not None
        return ann.status


MEETING_SOON = "Hội nghị giao ban | 11h 12/6/2024 | Hội trường A | tất cả"  # 45 minutes ahead


async def test_send_now_on_a_preview_of_a_meeting_that_has_started_sends_nothing(
    h: Harness,
) -> None:
    await linked_groups(h)
    preview = await router.handle_command(h.env, command("hop", MEETING_SOON))
    assert preview is not None and "Xem trước giấy mời #1" in preview.text
    h.clock.advance(hours=1, minutes=15)  # 30 minutes after the start
    answer = await press(h, "n:go:1")
    assert answer.edit and answer.toast == "Đã quá giờ, không gửi"
    assert "Cuộc họp #1 đã bắt đầu lúc 11:00, Thứ Tư 12/06/2024" in answer.text
    assert "giấy mời không được gửi" in answer.text
    assert await sent_rows(h) == [] and h.timers.armed == {}
    assert await status_of(h, 1) == AnnouncementStatus.CANCELLED
    assert (await press(h, "n:go:1")).toast == "Nút này không còn hiệu lực."


async def test_a_paper_call_past_its_deadline_cannot_be_sent(h: Harness) -> None:
    await linked_groups(h)
    await router.handle_command(h.env, command("thamluan", "Đổi mới giảng dạy | 11h 12/6/2024"))
    h.clock.advance(hours=2)
    answer = await press(h, "n:go:1")
    assert "Hạn nộp tham luận #1 (11:00, Thứ Tư 12/06/2024) đã qua" in answer.text
    assert await sent_rows(h) == [] and h.timers.armed == {}


async def test_a_meeting_still_ahead_is_sent_from_its_preview(h: Harness) -> None:
    await linked_groups(h)
    await router.handle_command(h.env, command("hop", MEETING_SOON))
    h.clock.advance(minutes=30)
    answer = await press(h, "n:go:1")
    assert answer.toast == "Đã xác nhận gửi #1"
    assert len([r for r in await sent_rows(h) if r.purpose == "announcement"]) == 2


async def test_a_preview_expires_after_a_day_and_ds_lists_open_drafts(h: Harness) -> None:
    await linked_groups(h)
    await router.handle_command(h.env, command("thongbao", "Kính gửi các trường | tất cả"))
    await router.handle_command(h.env, command("hop", "Sơ kết | 8h 19/6/2024 | Hội trường A"))
    listing = await run(h, command("ds"))
    assert "<b>Bản nháp chưa gửi</b>" in listing
    assert "<b>#1</b> Thông báo — bản nháp, hết hạn 10:15, Thứ Năm 13/06/2024" in listing
    assert "<b>#2</b> Giấy mời họp — bản nháp" in listing
    await press(h, "n:no:2")
    assert "#2" not in await run(h, command("ds"))
    h.clock.advance(hours=24, minutes=1)
    answer = await press(h, "n:go:1")
    assert answer.alert and answer.toast is not None
    assert "Bản xem trước #1 đã hết hạn (quá 24 giờ)" in answer.toast
    assert len(answer.toast) <= 200
    assert await sent_rows(h) == []
    assert "Bản nháp" not in await run(h, command("ds"))


async def test_a_scheduled_meeting_that_fires_after_its_start_is_not_sent(h: Harness) -> None:
    await linked_groups(h)
    await run(h, command("start"))  # the organiser can be told privately
    await router.handle_command(h.env, command("hop", f"{MEETING_SOON}\ngửi lúc: 10h30 12/6/2024"))
    answer = await press(h, "n:at:1")
    assert "Đã hẹn gửi" in answer.text
    async with h.env.sessions() as session:
        send_id = await session.scalar(
            select(ScheduledSend.id).where(ScheduledSend.kind == ScheduleKind.SEND)
        )
    assert send_id is not None
    h.clock.advance(hours=1, minutes=15)  # Loa was down until after the start
    await schedules.fire(h.env, send_id)
    rows = await sent_rows(h)
    assert [r.purpose for r in rows] == ["alert"]
    assert rows[0].chat.external_id == person().external_id
    assert "Giấy mời họp #1 đã hẹn giờ nhưng không được gửi" in rows[0].payload["text"]
    assert await status_of(h, 1) == AnnouncementStatus.CANCELLED
    async with h.env.sessions() as session:
        pending = await session.scalars(
            select(ScheduledSend).where(ScheduledSend.status == ScheduleStatus.PENDING)
        )
        assert pending.all() == []


async def test_the_meeting_preview_names_the_attached_file(h: Harness) -> None:
    await linked_groups(h)
    req = Request(
        sender=person(),
        chat=private_chat(),
        command="hop",
        args="Sơ kết | 8h 19/6/2024 | Hội trường A",
        file=FileRef("file-45", "GM-45.pdf", 120_000, "application/pdf"),
    )
    reply = await router.handle_command(h.env, req)
    assert reply is not None and "Tệp đính kèm: GM-45.pdf" in reply.text
    plain = await run(h, command("hop", "Sơ kết | 8h 20/6/2024 | Hội trường A"))
    assert "Tệp đính kèm" not in plain


async def test_an_organisers_preview_typed_in_a_school_group_goes_to_private_chat(
    h: Harness,
) -> None:
    await linked_groups(h)
    await run(h, command("start"))  # the organiser has a private chat with Loa
    where = group_chat("-4000000001", "BGH Trường số 1")
    reply = await router.handle_command(
        h.env, command("thongbao", "Kính gửi | tất cả", where=where)
    )
    assert reply is not None and reply.to_person and "Xem trước thông báo #1" in reply.text
    assert [b.action for b in reply.buttons[0]] == ["n:go:1", "n:no:1"]
    (note,) = await sent_rows(h)
    assert note.chat.external_id == "-4000000001"
    assert "Bản xem trước #1 đã được gửi vào tin nhắn riêng" in note.payload["text"]


async def test_a_preview_in_a_group_from_an_organiser_loa_cannot_write_to_is_refused(
    h: Harness,
) -> None:
    await linked_groups(h)
    where = group_chat("-4000000001", "BGH Trường số 1")
    secretary = person("5000000088", "Phạm Thu Hà")  # seen only in the group
    await run(h, command("quyen", "", where=where, reply_to=secretary))
    before = await h.counts()
    text = await run(h, command("hop", MEETING_SOON, who=secretary, where=where))
    assert "Loa chưa thể gửi bản xem trước vào tin nhắn riêng" in text and "@LoaTestBot" in text
    assert await h.counts() == before
