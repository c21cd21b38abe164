"""People and chats on both platforms, on a real database (SQLite and PostgreSQL): joining a
unit by invite code on Zalo, `/moi` for both platforms, audiences that reach Zalo members in
private, reminders to the units that have not answered or submitted, Zalo groups linked with
`/nhom`, and one mixed meeting whose tally, `/tinhhinh` and export agree."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from handlers import router, schedules
from handlers.cluster import invites
from handlers.core import FileRef, Reply, Request, Sender, Where
from storage.models import (
    Chat,
    ChatKind,
    ChatState,
    Invite,
    Outbox,
    OutboxStatus,
    Person,
    Platform,
    ScheduledSend,
    ScheduleKind,
    Unit,
)
from tests.support import Harness, command, person, private_chat
from tests.unit import test_meetings as meetings
from tests.unit import test_papers as papers

CODE_IN_REPLY = re.compile(r"<code>([A-Z0-9]+-[A-Z0-9]{4})</code>")
TELEGRAM_MEMBER = person("5000000301", "Trần Văn Telegram")
AN = Sender(Platform.ZALO, "zl-8812345001", "Lê Thị An")
BINH = Sender(Platform.ZALO, "zl-8812345002", "Phạm Văn Bình")
CUONG = Sender(Platform.ZALO, "zl-8812345003", "Hoàng Minh Cường")
ZALO_ORGANISER = Sender(Platform.ZALO, "zl-8812345999", "Nguyễn Thị Tổ Chức")


def zalo_private(who: Sender) -> Where:
    return Where(Platform.ZALO, who.external_id, ChatKind.PRIVATE, "")


def zalo_group(ident: str, title: str) -> Where:
    return Where(Platform.ZALO, ident, ChatKind.GROUP, title)


async def run(h: Harness, req: Request) -> str:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


async def text_reply(
    h: Harness, who: Sender, text: str, where: Where | None = None
) -> Reply | None:
    chat = where or (
        zalo_private(who) if who.platform == Platform.ZALO else private_chat(who.external_id)
    )
    return await router.handle_text(h.env, Request(sender=who, chat=chat, text=text))


async def say(h: Harness, who: Sender, text: str) -> str:
    reply = await text_reply(h, who, text)
    assert reply is not None
    return reply.text


async def add_unit(h: Harness, code: str) -> None:
    assert "Đã thêm đơn vị" in await run(
        h, command("donvi", f"them {code} | Trường Chính trị {code}")
    )


async def invite_code(h: Harness, unit: str) -> str:
    found = CODE_IN_REPLY.search(await run(h, command("moi", unit)))
    assert found is not None
    return found.group(1)


async def join(h: Harness, who: Sender, unit: str) -> None:
    """`who` sends the unit's code alone, as a Zalo member does."""
    assert "đã tham gia đơn vị" in await say(h, who, await invite_code(h, unit))


async def person_of(h: Harness, who: Sender) -> Person:
    async with h.env.sessions() as session:
        found = await session.scalar(
            select(Person).where(
                Person.platform == who.platform, Person.external_id == who.external_id
            )
        )
    assert found is not None
    return found


async def unit_code_of(h: Harness, who: Sender) -> str | None:
    found = await person_of(h, who)
    if found.unit_id is None:
        return None
    async with h.env.sessions() as session:
        return await session.scalar(select(Unit.code).where(Unit.id == found.unit_id))


async def sent_to(h: Harness, purpose: str | None = None) -> dict[str, str]:
    """Outbox rows by the chat's platform id → the text (the first part) sent there."""
    async with h.env.sessions() as session:
        query = select(Outbox).order_by(Outbox.id)
        if purpose:
            query = query.where(Outbox.purpose == purpose)
        found: dict[str, str] = {}
        for row in (await session.scalars(query)).all():
            found.setdefault(row.chat.external_id, row.payload.get("text", ""))
        return found


async def outbox_rows(h: Harness) -> list[Outbox]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(Outbox).order_by(Outbox.id))).all())


# --- joining by invite code -----------------------------------------------------------------


async def test_a_zalo_member_joins_by_sending_the_code_alone_in_any_case(h: Harness) -> None:
    await add_unit(h, "HP")
    code = await invite_code(h, "HP")
    joined = await say(h, AN, f"  {code.lower()}  ")
    assert "Anh/chị đã tham gia đơn vị <b>HP — Trường Chính trị HP</b>" in joined
    member = await person_of(h, AN)
    assert member.platform == Platform.ZALO and member.private_chat_id is not None
    assert await unit_code_of(h, AN) == "HP"
    again = await run(h, Request(sender=AN, chat=zalo_private(AN), command="start", args=code))
    assert "đã là thành viên của đơn vị <b>HP — Trường Chính trị HP</b>" in again


async def test_start_with_the_code_joins_on_zalo_and_the_code_alone_works_on_telegram(
    h: Harness,
) -> None:
    await add_unit(h, "HP")
    await add_unit(h, "QN")
    code = await invite_code(h, "HP")
    req = Request(sender=BINH, chat=zalo_private(BINH), command="start", args=code)
    assert "đã tham gia đơn vị <b>HP" in await run(h, req)
    assert "đã tham gia đơn vị <b>QN" in await say(h, TELEGRAM_MEMBER, await invite_code(h, "QN"))
    moved = await say(h, BINH, await invite_code(h, "QN"))
    assert "đã chuyển từ đơn vị <b>HP — Trường Chính trị HP</b> sang đơn vị <b>QN" in moved
    assert await unit_code_of(h, BINH) == "QN" and await unit_code_of(h, TELEGRAM_MEMBER) == "QN"


@pytest.mark.parametrize("case", ["unknown", "revoked", "unit removed"])
async def test_a_wrong_or_expired_code_is_explained_and_changes_nothing(
    h: Harness, case: str
) -> None:
    await add_unit(h, "HP")
    code = await invite_code(h, "HP")
    if case == "unknown":
        code = "HP-" + next(c for c in "ABCD" if c != code[-4]) + code[-3:]
    elif case == "revoked":
        async with h.env.sessions() as session:
            await session.execute(update(Invite).values(revoked_at=h.clock.now()))
            await session.commit()
    else:
        await run(h, command("donvi", "xoa HP"))
    await say(h, AN, "Xin chào")  # first contact: the person and the chat are known
    before = await h.counts()
    answer = await say(h, AN, code)
    assert "Mã mời không hợp lệ hoặc đã hết hiệu lực" in answer
    assert "nhận mã mời mới" in answer
    assert await h.counts() == before
    assert await unit_code_of(h, AN) is None


@pytest.mark.parametrize("text", ["HP-7K2", "HP 7K2Q", "HP-7K2Q9", "Mã HP-7K2Q"])
async def test_text_that_is_no_code_alone_gets_the_hint(h: Harness, text: str) -> None:
    await add_unit(h, "HP")
    hint = await say(h, AN, text)
    assert "Loa chưa hiểu tin nhắn này" in hint
    assert "Để tham gia đơn vị, xin nhắn cho Loa mã mời do Ban tổ chức gửi" in hint
    assert await unit_code_of(h, AN) is None


async def test_a_member_already_in_a_unit_is_not_told_how_to_join(h: Harness) -> None:
    await add_unit(h, "HP")
    await join(h, AN, "HP")
    hint = await say(h, AN, "Xin chào")
    assert "Loa chưa hiểu tin nhắn này" in hint and "mã mời" not in hint
    organiser = await say(h, person(), "Xin chào")  # an organiser needs no unit
    assert "Loa chưa hiểu tin nhắn này" in organiser and "mã mời" not in organiser


async def test_a_code_sent_in_a_group_joins_nobody(h: Harness) -> None:
    await add_unit(h, "HP")
    code = await invite_code(h, "HP")
    reply = await text_reply(h, AN, code, zalo_group("zg-1", "Nhóm HP trên Zalo"))
    assert reply is None
    assert await unit_code_of(h, AN) is None


# --- /moi ---------------------------------------------------------------------------------


async def test_moi_gives_the_code_the_telegram_link_and_how_to_send_it_on_zalo(
    h: Harness,
) -> None:
    await add_unit(h, "HP")
    reply = await run(h, command("moi", "hp"))
    found = CODE_IN_REPLY.search(reply)
    assert found is not None
    code = found.group(1)
    assert re.fullmatch(rf"HP-[{invites.ALPHABET}]{{4}}", code)
    assert reply.startswith("Mã mời vào đơn vị <b>HP</b> — Trường Chính trị HP")
    assert (
        f"Trên Telegram: mở đường dẫn dưới đây rồi bấm Bắt đầu:\nhttps://t.me/LoaTestBot?start={code}\n"
        in reply
    )
    assert f"Trên Zalo: nhắn mã <code>{code}</code> cho Loa trên Zalo." in reply
    assert "Viết chữ hoa hay chữ thường đều được." in reply
    assert await invite_code(h, "HP") != code  # each /moi makes a new code

    h.env.bot_username = ""  # Loa runs on Zalo only: no Telegram link to give
    zalo_only = await run(h, command("moi", "HP"))
    assert "t.me" not in zalo_only and "Trên Zalo: nhắn mã" in zalo_only


async def test_an_invite_made_before_codes_were_short_still_joins_exactly(h: Harness) -> None:
    await add_unit(h, "HP")
    async with h.env.sessions() as session:
        unit_id = await session.scalar(select(Unit.id).where(Unit.code == "HP"))
        assert unit_id is not None
        session.add(Invite(code="Xy3_kP9-Qr2mZa8b", unit_id=unit_id, created_at=h.clock.now()))
        await session.commit()
    assert "đã tham gia" in await run(h, command("start", "Xy3_kP9-Qr2mZa8b", who=TELEGRAM_MEMBER))
    refused = await run(h, command("start", "XY3_KP9-QR2MZA8B", who=person("5000000302")))
    assert "Mã mời không hợp lệ" in refused


# --- audiences ----------------------------------------------------------------------------


async def test_notices_reach_zalo_members_privately_and_telegram_members_only_with_rieng(
    h: Harness,
) -> None:
    await meetings.cluster(h, 2)
    await join(h, TELEGRAM_MEMBER, "U1")
    await join(h, AN, "U2")
    reply = await run(h, command("thongbao", "Lịch nghỉ hè | tất cả!"))
    assert "1 tin nhắn riêng" in reply
    assert set(await sent_to(h)) == {meetings.gid(1), meetings.gid(2), AN.external_id}
    await run(h, command("thongbao", "Lịch trực | U1, riêng!"))
    reached = [r for r in await outbox_rows(h) if r.announcement_id == 2]
    assert {r.chat.external_id for r in reached} == {meetings.gid(1), TELEGRAM_MEMBER.external_id}
    await run(h, command("thongbao", "Chỉ nhóm BGH | #bgh!"))  # tags name groups, not members
    assert not [r for r in await outbox_rows(h) if r.announcement_id == 3]


async def test_the_delivery_table_names_private_chats_by_person_never_by_platform_id(
    h: Harness,
) -> None:
    await meetings.cluster(h, 1)
    await join(h, AN, "U1")
    await join(h, TELEGRAM_MEMBER, "U1")
    await run(h, command("thongbao", "Lịch nghỉ hè | tất cả, riêng!"))
    async with h.env.sessions() as session:  # as delivery marks what went out
        await session.execute(
            update(Outbox).values(status=OutboxStatus.SENT, sent_at=h.clock.now())
        )
        await session.commit()
    table = await run(h, command("tinhhinh", "1"))
    assert "• U1 · tin nhắn riêng — Lê Thị An (Zalo) — 10:15 12/06" in table
    assert "• U1 · tin nhắn riêng — Trần Văn Telegram — 10:15 12/06" in table
    assert "• U1 · Nhóm U1 — 10:15 12/06" in table
    assert AN.external_id not in table and TELEGRAM_MEMBER.external_id not in table


async def test_a_unit_with_a_zalo_member_counts_as_reached_in_the_preview(h: Harness) -> None:
    await meetings.cluster(h, 1)
    await add_unit(h, "U2")
    await add_unit(h, "U3")
    await join(h, AN, "U2")
    preview = await run(h, command("thongbao", "Lịch nghỉ hè | tất cả"))
    assert "⚠️ U3 chưa có nhóm — sẽ không nhận được" in preview
    assert "U2" not in preview.split("⚠️", 1)[1]


# --- Zalo groups --------------------------------------------------------------------------


async def test_a_zalo_group_is_linked_with_nhom_and_then_receives_the_units_notices(
    h: Harness,
) -> None:
    h.env.admins[Platform.ZALO].add(ZALO_ORGANISER.external_id)
    await add_unit(h, "HP")
    where = zalo_group("zg-777", "Nhóm Zalo Trường Tô Hiệu")
    refused = await run(h, Request(sender=AN, chat=where, command="nhom", args="HP"))
    assert "Ban tổ chức" in refused
    linked = await run(h, Request(sender=ZALO_ORGANISER, chat=where, command="nhom", args="HP bgh"))
    assert linked.startswith("Nhóm <b>Zalo Trường Tô Hiệu</b> đã được liên kết")
    async with h.env.sessions() as session:
        chat = await session.scalar(select(Chat).where(Chat.external_id == "zg-777"))
        assert chat is not None
        assert (chat.platform, chat.kind, chat.state, chat.tags) == (
            Platform.ZALO,
            ChatKind.GROUP,
            ChatState.ACTIVE,
            ["bgh"],
        )
    shown = await run(h, Request(sender=ZALO_ORGANISER, chat=where, command="nhom", args=""))
    assert "đơn vị <b>HP</b>" in shown
    await run(h, command("thongbao", "Lịch trực | HP!"))
    assert set(await sent_to(h)) == {"zg-777"}
    listing = await run(h, command("nhom"))
    assert "Nhóm Zalo Trường Tô Hiệu — HP (#bgh) — đang hoạt động" in listing


# --- reminders ----------------------------------------------------------------------------


async def timers(h: Harness) -> dict[str, ScheduledSend]:
    async with h.env.sessions() as session:
        return {
            t.note or "": t
            for t in (await session.scalars(select(ScheduledSend))).all()
            if t.kind == ScheduleKind.REMINDER
        }


async def test_meeting_nudges_reach_zalo_members_of_units_that_have_not_answered_only(
    h: Harness,
) -> None:
    await meetings.cluster(h, 1)
    await add_unit(h, "U2")
    await add_unit(h, "U3")
    await join(h, AN, "U2")
    await join(h, TELEGRAM_MEMBER, "U2")  # on Telegram, reached privately only with `riêng`
    await join(h, BINH, "U3")
    await join(h, CUONG, "U3")
    await add_unit(h, "U4")
    await join(h, person("5000000302", "Đinh Văn Tư"), "U4")  # Telegram only, without `riêng`
    assert "#1" in await run(h, command("hop", meetings.SENT))
    assert "Đã ghi nhận: ✅" in await say(h, BINH, "XN 1 CO")  # U3 has answered

    done = await run(h, command("nhacnho", "1"))
    assert "Đã nhắc 2 đơn vị chưa trả lời giấy mời #1: U1, U2." in done
    assert "Chưa nhắc được U4: chưa có nhóm nào đang hoạt động, cũng chưa có thành viên" in done
    nudged = await sent_to(h, "reminder")
    assert set(nudged) == {meetings.gid(1), AN.external_id}
    assert "Xin bấm ✅ Tham dự" in nudged[meetings.gid(1)]
    to_an = nudged[AN.external_id]
    assert "đơn vị U2 chưa trả lời giấy mời" in to_an and "Xin bấm" not in to_an
    assert (
        "Xin trả lời trước 17:00, Thứ Sáu 14/06/2024 bằng tin nhắn: <code>XN 1 CO</code>" in to_an
    )


async def test_the_reminder_before_a_meeting_reaches_every_zalo_member_of_its_units(
    h: Harness,
) -> None:
    await meetings.cluster(h, 1)
    await add_unit(h, "U2")
    await add_unit(h, "U3")
    await join(h, AN, "U2")
    await join(h, TELEGRAM_MEMBER, "U2")
    await join(h, BINH, "U3")
    await run(h, command("hop", meetings.SENT.replace("tất cả!", "U1, U2!")))
    before = (await timers(h))["before:1440"]
    h.clock.current = before.run_at
    await schedules.fire(h.env, before.id)
    reminded = await sent_to(h, "reminder")
    assert set(reminded) == {meetings.gid(1), AN.external_id}  # U3 was not invited
    assert "Nhắc lịch họp #1" in reminded[AN.external_id]


async def test_paper_reminders_reach_zalo_members_of_units_short_of_papers_only(
    h: Harness,
) -> None:
    await papers.cluster(h, 2)
    await join(h, AN, "U1")
    await join(h, BINH, "U2")
    await run(h, command("thamluan", papers.CALL))
    assert "Đã nhận tham luận" in await run(h, papers.nop(1, "1"))

    done = await run(h, command("nhacnho", "1"))
    assert "Đã nhắc 1 đơn vị chưa nộp tham luận #1: U2." in done
    reminded = await sent_to(h, "reminder")
    assert set(reminded) == {papers.gid(2), BINH.external_id}
    assert "<code>/nop 1</code>" in reminded[papers.gid(2)]
    assert "đơn vị U2 mới nộp 0/1 bài" in reminded[BINH.external_id]
    assert "Xin gửi <code>NOP 1 đường dẫn tới tệp</code>." in reminded[BINH.external_id]


# --- one meeting, both platforms ----------------------------------------------------------


async def test_a_mixed_meeting_agrees_in_its_tally_status_table_and_export(h: Harness) -> None:
    await meetings.cluster(h, 2)  # U1 and U2 have Telegram groups
    await add_unit(h, "U3")  # U3 has only a member on Zalo
    await join(h, AN, "U3")
    await join(h, BINH, "U2")
    assert "#1" in await run(h, command("hop", meetings.SENT))
    assert AN.external_id in await sent_to(h) and BINH.external_id in await sent_to(h)

    await meetings.press(h, "5000000101", meetings.gid(1), "r:a:1")  # a press in U1's group
    h.clock.advance(minutes=5)
    assert "Đã xác nhận: 2/3 đơn vị" in await say(h, AN, "xn 1 có")
    h.clock.advance(minutes=5)
    absent = await say(h, BINH, "XN 1 KHÔNG bận giảng dạy")
    tally = "Đã xác nhận: 2/3 đơn vị · ✅ 2 người · ❌ 1 · 👤 0 người dự thay"
    assert tally in absent

    table = await run(h, command("tinhhinh", "1"))
    assert tally in table
    lines = table.split("\n")
    assert any(line.startswith("✅ Người 101 — 10:15 12/06") for line in lines)
    assert "✅ Lê Thị An (Zalo) — 10:20 12/06" in lines
    assert "❌ Phạm Văn Bình (Zalo) — 10:25 12/06 — Lý do: bận giảng dạy" in lines

    export = await router.handle_command(h.env, command("xuat", "1"))
    assert export is not None and tally in export.text
    book = load_workbook(io.BytesIO(export.files[0].content))
    rows = [list(row) for row in book["Danh sách"].iter_rows(values_only=True)]
    assert rows[0][-1] == "Nền tảng"
    assert [(row[1][:2], row[2], row[4], row[-1]) for row in rows[1:]] == [
        ("U1", "Người 101", "Tham dự", "Telegram"),
        ("U2", "Phạm Văn Bình", "Vắng", "Zalo"),
        ("U3", "Lê Thị An", "Tham dự", "Zalo"),
    ]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Đơn vị đã xác nhận"] == "2/3"
    assert (summary["Số người tham dự"], summary["Số người vắng"]) == (2, 1)


async def test_an_answer_set_by_an_organiser_shows_no_platform(h: Harness) -> None:
    await meetings.cluster(h, 2)
    await run(h, command("hop", meetings.SENT))
    await run(h, command("tinhhinh", "1 | U2 | có | Đỗ Văn Đại"))
    table = await run(h, command("tinhhinh", "1"))
    assert "✅ Đỗ Văn Đại — 10:15 12/06" in table and "(Zalo)" not in table
    export = await router.handle_command(h.env, command("xuat", "1"))
    assert export is not None
    rows = list(load_workbook(io.BytesIO(export.files[0].content))["Danh sách"].values)
    assert [(row[2], row[-1]) for row in rows[1:]] == [(None, None), ("Đỗ Văn Đại", None)]


async def test_a_paper_from_a_zalo_member_is_marked_in_the_status_table(h: Harness) -> None:
    await papers.cluster(h, 2)
    await join(h, AN, "U2")
    await run(h, command("thamluan", papers.CALL))
    await run(h, papers.nop(1, "1"))
    pdf = FileRef("file-2", "Tham luận Zalo.pdf", 80_000, "application/pdf")
    req = Request(sender=AN, chat=zalo_private(AN), command="nop", args="1", file=pdf)
    assert "Đã nhận tham luận của Trường Chính trị số 2" in await run(h, req)
    table = await run(h, command("tinhhinh", "1"))
    assert "📄 Tham luận Zalo.pdf — Lê Thị An (Zalo) — 10:15 12/06" in table
    assert "📄 Tham luận Hải Phòng.pdf — Thư ký 1 — 10:15 12/06" in table


async def test_a_moved_paper_deadline_is_told_to_zalo_members_of_units_short_of_papers(
    h: Harness,
) -> None:
    await papers.cluster(h, 2)
    await join(h, AN, "U1")
    await join(h, BINH, "U2")
    await run(h, command("thamluan", papers.CALL))
    await run(h, papers.nop(1, "1"))
    await papers.deliver(h)  # the call is out
    reply = await run(h, command("sua", "1 hạn nộp: 17h 20/6/2024"))
    assert "báo thay đổi tới 1 nhóm, 1 tin nhắn riêng của các đơn vị chưa nộp: U2." in reply
    told = await sent_to(h, "change")
    assert set(told) == {papers.gid(2), BINH.external_id}
    assert (
        "Đơn vị U2 mới nộp 0/1 bài. Xin gửi <code>NOP 1 đường dẫn tới tệp</code>."
        in (told[BINH.external_id])
    )
    assert "<code>/nop 1</code>" in told[papers.gid(2)]


async def test_the_help_says_how_to_join_with_a_code(h: Harness) -> None:
    helped = await run(h, Request(sender=AN, chat=zalo_private(AN), command="trogiup"))
    assert "Mã mời (ví dụ <code>HP-7K2Q</code>) — nhắn mã do Ban tổ chức gửi" in helped
