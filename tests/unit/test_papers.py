"""Paper calls on a real database: the call, submissions, and reminders to the missing units."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers import router, schedules
from handlers.core import FileRef, Membership, Request
from storage.models import Outbox, OutboxStatus, ScheduledSend, ScheduleKind, Submission
from tests.support import Harness, command, group_chat, person, private_chat

CALL = (
    "Đổi mới phương pháp giảng dạy lý luận chính trị | 17h 14/6/2024 | tất cả!\n"
    "ghi chú: Tối đa 10 trang A4"
)
PDF = FileRef("file-1", "Tham luận Hải Phòng.pdf", 120_000, "application/pdf")


def gid(i: int) -> str:
    return f"-40000000{i:02d}"


async def run(h: Harness, req: Request) -> str:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


async def cluster(h: Harness, n: int = 4) -> None:
    for i in range(1, n + 1):
        await run(h, command("donvi", f"them U{i} | Trường Chính trị số {i}"))
        where = group_chat(gid(i), f"Nhóm U{i}")
        await router.handle_membership(
            h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
        )
        await run(h, command("nhom", f"U{i}", where=where))


async def deliver(h: Harness) -> None:
    async with h.env.sessions() as session:
        for i, row in enumerate((await session.scalars(select(Outbox))).all()):
            if row.status == OutboxStatus.PENDING and row.action.value == "send":
                row.status = OutboxStatus.SENT
                row.platform_message_id = str(200 + i)
        await session.commit()


def nop(i: int, args: str, file: FileRef | None = PDF, who: str | None = None) -> Request:
    sender = person(who or f"50000001{i:02d}", f"Thư ký {i}")
    return Request(
        sender=sender, chat=group_chat(gid(i), f"Nhóm U{i}"), command="nop", args=args, file=file
    )


async def rows(h: Harness, purpose: str) -> list[Outbox]:
    async with h.env.sessions() as session:
        query = select(Outbox).where(Outbox.purpose == purpose).order_by(Outbox.id)
        return list((await session.scalars(query)).all())


async def test_the_call_card_states_the_deadline_and_how_to_submit(h: Harness) -> None:
    await cluster(h)
    reply = await router.handle_command(h.env, command("thamluan", CALL.replace("!", "")))
    assert reply is not None
    assert "Xem trước lời mời gửi tham luận #1" in reply.text
    assert "⏳ Hạn nộp: 17:00, Thứ Sáu 14/06/2024" in reply.text
    assert "Đã nộp: 0/4 đơn vị" in reply.text and "/nop 1" in reply.text
    assert "trước 1 ngày" in reply.text and "8:00 ngày hết hạn" in reply.text


async def test_submissions_are_acknowledged_replaced_and_counted(h: Harness) -> None:
    await cluster(h)
    await run(h, command("thamluan", CALL))
    await deliver(h)
    first = await run(h, nop(1, "1"))
    assert first == (
        "✅ Đã nhận tham luận của Trường Chính trị số 1 lúc 10:15, 12/06/2024: "
        "Tham luận Hải Phòng.pdf."
    )
    again = await run(h, nop(1, "#1", FileRef("file-2", "Bản sửa.docx", 5000, None)))
    assert "Tệp này thay cho tệp gửi trước đó." in again
    await run(h, nop(2, "1"))
    async with h.env.sessions() as session:
        papers = (await session.scalars(select(Submission).order_by(Submission.id))).all()
    assert [(p.file_name, p.current) for p in papers] == [
        ("Tham luận Hải Phòng.pdf", False),
        ("Bản sửa.docx", True),
        ("Tham luận Hải Phòng.pdf", True),
    ]
    edits = [r for r in await rows(h, "card") if r.status == OutboxStatus.PENDING]
    assert edits and all("Đã nộp: 2/4 đơn vị" in r.payload["text"] for r in edits)


async def test_a_file_replying_to_the_card_is_a_submission(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("thamluan", CALL))
    await deliver(h)
    async with h.env.sessions() as session:
        card = await session.scalar(
            select(Outbox).where(Outbox.purpose == "announcement").order_by(Outbox.id)
        )
    assert card is not None
    reply = await router.handle_file(
        h.env,
        Request(
            sender=person("5000000111", "Thư ký"),
            chat=group_chat(card.chat.external_id, "Nhóm"),
            file=PDF,
            reply_to_bot_message=card.platform_message_id,
        ),
    )
    assert reply is not None and "Đã nhận tham luận của Trường Chính trị số 1" in reply.text


async def test_a_late_paper_is_accepted_and_marked(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("thamluan", CALL))
    h.clock.advance(days=3)
    reply = await run(h, nop(1, "1"))
    assert "lúc 10:15, 15/06/2024 (nộp muộn): Tham luận Hải Phòng.pdf." in reply
    async with h.env.sessions() as session:
        paper = await session.scalar(select(Submission))
    assert paper is not None and paper.late


@pytest.mark.parametrize(
    ("args", "file", "where", "expected"),
    [
        ("", PDF, 1, "Cách nộp"),
        ("1", None, 1, "Chưa thấy tệp tham luận"),
        ("9", PDF, 1, "Không có thông báo #9"),
        ("1", FileRef("f", "anh.jpg", 10, "image/jpeg"), 1, "phải là PDF, DOC, DOCX hoặc ODT"),
        ("1", FileRef("f", "lon.pdf", 30 * 1024 * 1024, None), 1, "quá lớn (30.0 MB)"),
        ("1", PDF, 5, "không thuộc đối tượng"),
        ("2", PDF, 1, "không phải lời mời gửi tham luận"),
    ],
)
async def test_bad_submissions_are_explained_and_store_nothing(
    h: Harness, args: str, file: FileRef | None, where: int, expected: str
) -> None:
    await cluster(h, 5)
    await run(h, command("thamluan", CALL.replace("tất cả", "U1, U2, U3, U4")))
    await run(h, command("thongbao", "Thông báo thường | U1!"))
    before = await h.counts()
    text = await run(h, nop(where, args, file))
    assert expected in text, text
    assert await h.counts() == before
    async with h.env.sessions() as session:
        assert (await session.scalars(select(Submission))).all() == []


async def test_a_cancelled_call_takes_no_more_papers(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("thamluan", CALL))
    await deliver(h)
    await run(h, command("huy", "1 | đổi kế hoạch"))
    before = await h.counts()
    reply = await run(h, nop(1, "1"))
    assert reply == "Lời mời gửi tham luận #1 đã bị huỷ; không nhận thêm tệp."
    assert await h.counts() == before
    async with h.env.sessions() as session:
        assert (await session.scalars(select(Submission))).all() == []


async def test_a_file_of_the_wrong_type_replying_to_the_card_is_refused(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("thamluan", CALL))
    await deliver(h)
    async with h.env.sessions() as session:
        card = await session.scalar(select(Outbox).where(Outbox.purpose == "announcement"))
    assert card is not None
    before = await h.counts()
    for file in (
        FileRef("f", "Bảng điểm.xlsx", 900, None),
        FileRef("g", "Tham luận.pdf", 21 * 1024 * 1024, "application/pdf"),
    ):
        reply = await router.handle_file(
            h.env,
            Request(
                sender=person("5000000111", "Thư ký"),
                chat=group_chat(gid(1), "Nhóm U1"),
                file=file,
                reply_to_bot_message=card.platform_message_id,
            ),
        )
        assert reply is not None and f"Tệp «{file.name}»" in reply.text
        assert "không được nhận" in reply.text or "quá lớn (21.0 MB)" in reply.text
    assert await h.counts() == before
    async with h.env.sessions() as session:
        assert (await session.scalars(select(Submission))).all() == []


async def test_a_file_at_the_download_limit_is_taken(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("thamluan", CALL))
    reply = await run(h, nop(1, "1", FileRef("f", "Tham luận.pdf", 20 * 1024 * 1024, None)))
    assert reply.startswith("✅ Đã nhận tham luận của Trường Chính trị số 1")


async def test_in_private_chat_the_members_unit_must_be_in_the_audience(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("thamluan", CALL.replace("tất cả", "U1")))
    await deliver(h)
    for code, ident in (("U2", "5000000202"), ("U1", "5000000201")):
        link = await run(h, command("moi", code))
        invite = link.split("start=", 1)[1].split()[0].rstrip(".<")
        member = person(ident, f"Thư ký {code}")
        await run(h, command("start", invite, who=member))
    before = await h.counts()
    outside = Request(
        sender=person("5000000202", "Thư ký U2"),
        chat=private_chat("5000000202"),
        command="nop",
        args="1",
        file=PDF,
    )
    refused = await run(h, outside)
    assert refused == "Đơn vị U2 không thuộc đối tượng của lời mời gửi tham luận #1."
    assert await h.counts() == before
    inside = Request(
        sender=person("5000000201", "Thư ký U1"),
        chat=private_chat("5000000201"),
        command="nop",
        args="1",
        file=PDF,
    )
    assert "Đã nhận tham luận của Trường Chính trị số 1" in await run(h, inside)
    async with h.env.sessions() as session:
        (paper,) = (await session.scalars(select(Submission))).all()
    assert paper.file_name == PDF.name


async def test_reminders_go_only_to_units_that_have_not_submitted(h: Harness) -> None:
    await cluster(h, 4)
    await run(h, command("thamluan", CALL))
    await run(h, nop(1, "1"))
    await run(h, nop(3, "1"))
    async with h.env.sessions() as session:
        timers = {
            t.note: t
            for t in (await session.scalars(select(ScheduledSend))).all()
            if t.kind == ScheduleKind.REMINDER
        }
    assert set(timers) == {"papers:before:1440", "papers:day", "papers:summary"}
    h.clock.current = timers["papers:before:1440"].run_at
    await schedules.fire(h.env, timers["papers:before:1440"].id)
    await schedules.fire(h.env, timers["papers:before:1440"].id)
    sent = await rows(h, "reminder")
    assert sorted(r.chat.external_id for r in sent) == [gid(2), gid(4)]
    assert "đơn vị U2 mới nộp 0/1 bài" in sent[0].payload["text"]
    assert "(còn 1 ngày)" in sent[0].payload["text"]
    h.clock.current = timers["papers:summary"].run_at
    await run(h, command("start"))  # the organiser can be written to privately
    await schedules.fire(h.env, timers["papers:summary"].id)
    (summary,) = await rows(h, "summary")
    assert "đã nộp đủ 2/4 đơn vị. Chưa nộp: U2, U4." in summary.payload["text"]
    assert summary.chat.external_id == private_chat().external_id


async def test_a_call_without_bars_says_the_parts_are_separated_by_bars(h: Harness) -> None:
    await cluster(h, 1)
    before = await h.counts()
    text = await run(h, command("thamluan", "Đổi mới phương pháp giảng dạy 17h 14/6"))
    assert "ngăn cách nhau bởi dấu «|»" in text and "chủ đề | hạn nộp | đối tượng" in text, text
    assert await h.counts() == before


async def test_a_call_note_over_several_lines_and_past_reminders_in_the_preview(
    h: Harness,
) -> None:
    await cluster(h, 1)
    text = await run(
        h,
        command(
            "thamluan",
            "Đổi mới phương pháp | 17h 14/6/2024 | tất cả\n"
            "ghi chú: Tối đa 10 trang A4.\n"
            "Phông Times New Roman cỡ 14.\n"
            "nhắc: 3 ngày, 1 ngày",
        ),
    )
    assert "📝 Ghi chú: Tối đa 10 trang A4.\nPhông Times New Roman cỡ 14." in text, text
    assert "⚠️ Sẽ không nhắc trước 3 ngày: lúc đó đã qua." in text


async def test_messages_about_a_paper_call_name_it_as_such(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("thamluan", "Đổi mới phương pháp | 17h 14/6/2024 | tất cả"))
    reply = await router.handle_action(
        h.env, Request(sender=person(), chat=private_chat(), action="n:no:1", message_id="5")
    )
    assert "Đã huỷ bản nháp lời mời tham luận #1" in reply.text, reply.text
