"""`/thamdinh` on a real database: the list of papers with [Đạt] [Cần sửa] [Chọn trình bày],
each press, the comment dialogue that tells the unit, the revised version that follows, the
states in `/tinhhinh` and the export, and what is refused."""

from __future__ import annotations

from sqlalchemy import select

from handlers import router
from handlers.core import FileRef, Reply, Request
from handlers.papers import exports
from handlers.papers.status import load_state
from handlers.typed_forms import typed_lines
from storage import queries
from storage.models import Chat, Outbox, PaperReview, Submission
from tests.support import Harness, command, group_chat, person, private_chat
from tests.unit.test_papers import cluster, deliver, gid, nop

CALL = "Đổi mới phương pháp giảng dạy lý luận chính trị | 17h 14/6/2024 | tất cả!"
SECRETARY = "5000000101"  # U1's secretary, who also opened a private chat with Loa


async def say(h: Harness, name: str, args: str = "", **kwargs: object) -> Reply:
    reply = await router.handle_command(h.env, command(name, args, **kwargs))  # type: ignore[arg-type]
    assert reply is not None
    return reply


async def press(h: Harness, action: str, who: str | None = None) -> Reply:
    sender = person(who) if who else person()
    req = Request(sender=sender, chat=private_chat(sender.external_id), action=action)
    return await router.handle_action(h.env, req)


async def type_text(h: Harness, typed: str) -> Reply:
    req = Request(sender=person(), chat=private_chat(), text=typed)
    reply = await router.handle_text(h.env, req)
    assert reply is not None
    return reply


async def submit(h: Harness, unit: int, name: str, file_id: str) -> str:
    who = SECRETARY if unit == 1 else None
    reply = await router.handle_command(
        h.env, nop(unit, "1", FileRef(file_id, name, 1200, "application/pdf"), who)
    )
    assert reply is not None
    return reply.text


async def papers(h: Harness, units: int = 3) -> None:
    """A call to `units` units; U1's secretary has a private chat; U1 and U2 submitted."""
    await cluster(h, units)
    await say(h, "thamluan", CALL)
    await deliver(h)
    await say(h, "start", who=person(SECRETARY, "Thư ký 1"))
    await submit(h, 1, "Tham luận Hải Phòng.pdf", "f-1")
    await submit(h, 2, "Tham luận Vĩnh Phúc.docx", "f-2")


async def submission(h: Harness, unit_code: str) -> Submission:
    async with h.env.sessions() as session:
        unit = await queries.unit_by_code(session, unit_code)
        assert unit is not None
        (paper,) = await queries.current_submissions(session, 1, unit.id)
        return paper


async def sent(h: Harness, purpose: str = "review") -> list[tuple[str, str]]:
    """(chat external id, text) of the messages written for `purpose`."""
    async with h.env.sessions() as session:
        rows = await session.execute(
            select(Chat.external_id, Outbox.payload)
            .join(Chat, Chat.id == Outbox.chat_id)
            .where(Outbox.purpose == purpose)
            .order_by(Outbox.id)
        )
        return [(chat, payload["text"]) for chat, payload in rows.all()]


def actions(reply: Reply) -> list[list[str]]:
    return [[b.action or "" for b in row] for row in reply.buttons]


async def test_the_list_shows_each_units_paper_with_its_three_buttons(h: Harness) -> None:
    await papers(h)
    reply = await say(h, "thamdinh", "1")
    assert "Thẩm định tham luận #1" in reply.text and "2 đơn vị đã nộp" in reply.text
    assert "<b>U1</b> — Trường Chính trị số 1" in reply.text
    assert "📄 Tham luận Hải Phòng.pdf · bản 1 · định dạng đúng · <b>đã nhận</b>" in reply.text
    assert "U3" not in reply.text  # nothing submitted: nothing to appraise
    assert [[b.text for b in row] for row in reply.buttons] == [
        ["Đạt", "Cần sửa", "Chọn trình bày"]
    ] * 2
    assert actions(reply)[0] == ["ap:ok.U1.1.0:1", "ap:fix.U1.1.0:1", "ap:pr.U1.1.0:1"]
    assert all(len(a.encode()) <= 64 for row in actions(reply) for a in row)
    assert typed_lines(reply.buttons)[:3] == [
        "THAMDINH 1 U1 DAT",
        "THAMDINH 1 U1 CANSUA",
        "THAMDINH 1 U1 TRINHBAY",
    ]


async def test_format_warnings_are_counted_in_the_list(h: Harness) -> None:
    await papers(h)
    async with h.env.sessions() as session:
        paper = await session.get(Submission, (await submission(h, "U2")).id)
        assert paper is not None
        paper.format_warnings = ["Cỡ chữ 12 — yêu cầu 14", "13 trang — tối đa 10"]
        await session.commit()
    reply = await say(h, "thamdinh", "1")
    assert "Tham luận Vĩnh Phúc.docx · bản 1 · ⚠️ 2 lưu ý định dạng · <b>đã nhận</b>" in reply.text


async def test_dat_and_chon_trinh_bay_set_the_state_and_redraw_the_list(h: Harness) -> None:
    await papers(h)
    accepted = await press(h, "ap:ok.U1.1.0:1")
    assert accepted.edit and accepted.toast == "Đã ghi: tham luận của U1 (#1) — đạt."
    assert "Tham luận Hải Phòng.pdf · bản 1 · định dạng đúng · <b>đạt</b>" in accepted.text
    assert (await submission(h, "U1")).review == PaperReview.ACCEPTED
    again = await press(h, "ap:ok.U1.1.0:1")
    assert again.toast == "Tham luận của U1 đã ở trạng thái đạt."
    chosen = await press(h, "ap:pr.U2.1.0:1")
    assert "<b>chọn trình bày</b>" in chosen.text and "đạt: 1 · chọn trình bày: 1" in chosen.text
    assert (await submission(h, "U2")).review == PaperReview.PRESENTING
    typed = await say(h, "thamdinh", "1 U2 DAT")
    assert typed.text == "Đã ghi: tham luận của U2 (#1) — đạt."


async def test_can_sua_asks_the_comment_and_deadline_then_tells_the_unit(h: Harness) -> None:
    await papers(h)
    asked = await press(h, "ap:fix.U1.1.0:1")
    assert not asked.edit and "Xin gõ nhận xét gửi đơn vị" in asked.text
    deadline = await type_text(h, "Bổ sung số liệu năm 2024")
    assert "Hạn gửi bản sửa của U1?" in deadline.text
    assert "gõ <code>ok</code> để giữ hạn 17:00, Thứ Sáu 14/06/2024" in deadline.text
    refused = await type_text(h, "17h 1/1/2020")
    assert "thời điểm này đã qua" in refused.text and "gõ lại hạn" in refused.text
    done = await type_text(h, "17h 20/6")
    assert done.text == (
        "Đã gửi nhận xét cho U1 (2 nơi nhận): bản 1 của tham luận #1 cần sửa, "
        "hạn gửi bản sửa 17:00, Thứ Năm 20/06/2024."
    )
    notice = (
        "✏️ Tham luận của U1 (bản 1) cần sửa: Bổ sung số liệu năm 2024. Vui lòng gửi bản sửa "
        "trước 17:00, Thứ Năm 20/06/2024 (trả lời tin thẻ hoặc /nop 1)."
    )
    assert await sent(h) == [(gid(1), notice), (SECRETARY, notice)]  # the group and the submitter
    paper = await submission(h, "U1")
    assert paper.review == PaperReview.NEEDS_REVISION
    assert paper.review_comment == "Bổ sung số liệu năm 2024"
    listed = await say(h, "thamdinh", "1")
    assert "<b>cần sửa</b>" in listed.text and "✏️ Nhận xét: Bổ sung số liệu năm 2024" in listed.text
    assert "⏳ Hạn gửi bản sửa: 17:00, Thứ Năm 20/06/2024" in listed.text


async def test_the_comment_question_can_be_dropped_with_nothing_sent(h: Harness) -> None:
    await papers(h)
    await press(h, "ap:fix.U1.1.0:1")
    assert (await type_text(h, "huỷ")).text == "Đã thôi, không gửi nhận xét. Không có gì thay đổi."
    assert await sent(h) == []
    assert (await submission(h, "U1")).review == PaperReview.RECEIVED


async def test_the_next_file_is_the_revised_version_and_the_organisers_are_told(
    h: Harness,
) -> None:
    await papers(h)
    typed = await say(h, "thamdinh", "1 U1 | cần sửa | Bổ sung số liệu | 17h 20/6")
    assert typed.text.startswith("Đã gửi nhận xét cho U1")
    h.clock.advance(days=3)  # after the call's deadline, before the revision's
    receipt = await submit(h, 1, "Tham luận Hải Phòng (sửa).pdf", "f-3")
    assert "(nộp muộn)" not in receipt
    assert receipt.endswith(
        "Tệp này thay cho tệp gửi trước đó. Đây là bản sửa (bản 2); Ban tổ chức đã được báo."
    )
    paper = await submission(h, "U1")
    assert (paper.version, paper.review, paper.file_name) == (
        2,
        PaperReview.REVISED,
        "Tham luận Hải Phòng (sửa).pdf",
    )
    assert (await sent(h))[-1] == ("5000000001", "📥 U1 đã gửi bản sửa (bản 2) của tham luận #1.")
    listed = await say(h, "thamdinh", "1")
    assert "Tham luận Hải Phòng (sửa).pdf · bản 2 · định dạng đúng · <b>đã sửa</b>" in listed.text
    assert "ap:ok.U1.2.0:1" in str(actions(listed))
    stale = await press(h, "ap:ok.U1.1.0:1")  # pressed on the list of version 1
    assert stale.toast == "Nút này không còn hiệu lực."
    third = await submit(h, 1, "Tham luận Hải Phòng (bản cuối).pdf", "f-4")
    assert third.endswith("Đây là bản 3 của đơn vị.")
    paper = await submission(h, "U1")
    assert (paper.version, paper.review) == (3, PaperReview.RECEIVED)


async def test_status_and_export_show_each_papers_version_state_and_comment(h: Harness) -> None:
    await papers(h)
    await say(h, "thamdinh", "1 U1 | cần sửa | Bổ sung số liệu | 17h 20/6")
    await submit(h, 1, "Bản sửa.pdf", "f-3")
    await say(h, "thamdinh", "1 U2 TRINHBAY")
    table = (await say(h, "tinhhinh", "1")).text
    assert "📄 Bản sửa.pdf — Thư ký 1 — 10:15 12/06\n      bản 2 · đã sửa\n" in table
    assert "✏️ Nhận xét: Bổ sung số liệu" in table
    assert (
        "📄 Tham luận Vĩnh Phúc.docx — Thư ký 2 — 10:15 12/06\n      bản 1 · chọn trình bày"
        in table
    )
    async with h.env.sessions() as session:
        ann = await queries.announcement(session, 1)
        call = await queries.paper_call(session, 1)
        assert ann is not None and call is not None
        state = await exports.load_papers(session, ann, call)
        rows = exports.paper_rows(state, "vi", h.env.tz, 1)
        assert (await load_state(session, ann, call)).missing[0].code == "U3"
    assert [row.review for row in rows[:2]] == [
        (2, "đã sửa", "Bổ sung số liệu"),
        (1, "chọn trình bày", ""),
    ]


async def test_refused_on_a_meeting_and_for_members_and_forged_buttons(h: Harness) -> None:
    await papers(h)
    await say(h, "hop", "Họp giao ban | 8h 19/6/2024 | Hội trường A | tất cả!")
    on_meeting = await say(h, "thamdinh", "2")
    assert on_meeting.text == (
        "/thamdinh dùng cho đợt gửi tham luận: #2 không phải lời mời gửi tham luận.\n"
        "Ví dụ:\n<code>/thamdinh 7</code>"
    )
    member = await press(h, "ap:ok.U1.1.0:1", who=SECRETARY)
    assert member.toast == "Chỉ Ban tổ chức được dùng nút này."
    by_command = await say(h, "thamdinh", "1 U1 DAT", who=person(SECRETARY, "Thư ký 1"))
    assert "chỉ dành cho Ban tổ chức" in by_command.text
    for forged in (
        "ap:ok.U1.9.0:1",
        "ap:zz.U1.1.0:1",
        "ap:ok.U9.1.0:1",
        "ap:ok.U1.1.0:2",
        "ap:x:1",
    ):
        assert (await press(h, forged)).toast == "Nút này không còn hiệu lực.", forged
    bad = await say(h, "thamdinh", "1 U1 | tuyệt vời")
    assert "Không hiểu «tuyệt vời»" in bad.text and "Không có gì thay đổi" in bad.text
    none = await say(h, "thamdinh", "1 U3 DAT")
    assert none.text.startswith("Đơn vị U3 chưa nộp tham luận cho lời mời #1.")
    assert (await submission(h, "U1")).review == PaperReview.RECEIVED
    assert await sent(h) == []


async def test_a_revision_after_the_deadline_needs_its_own_deadline(h: Harness) -> None:
    await papers(h)
    h.clock.advance(days=3)
    refused = await say(h, "thamdinh", "1 U1 | cần sửa | Bổ sung số liệu")
    assert refused.text.startswith("Hạn nộp của U1 đã qua: xin ghi hạn gửi bản sửa")
    await press(h, "ap:fix.U1.1.0:1")
    asked = await type_text(h, "Bổ sung số liệu")
    assert asked.text == "Hạn gửi bản sửa của U1? Gõ thời điểm, ví dụ <code>17h 20/6</code>."
    assert (await type_text(h, "ok")).text == asked.text
    assert await sent(h) == []


async def test_a_press_in_a_group_asks_for_the_comment_privately(h: Harness) -> None:
    await papers(h)
    await say(h, "start")  # the organiser's private chat exists
    req = Request(sender=person(), chat=group_chat(gid(1), "Nhóm U1"), action="ap:fix.U1.1.0:1")
    reply = await router.handle_action(h.env, req)
    assert reply.to_person and "Xin gõ nhận xét gửi đơn vị" in reply.text
    assert reply.toast == "Xin gõ nhận xét cho U1 trong tin nhắn riêng"


async def test_the_typed_forms_work_without_the_slash_as_on_zalo(h: Harness) -> None:
    await papers(h)
    assert (await type_text(h, "THAMDINH 1 U2 TRINHBAY")).text == (
        "Đã ghi: tham luận của U2 (#1) — chọn trình bày."
    )
    asked = await type_text(h, "thamdinh 1 U1 cansua")
    assert "Xin gõ nhận xét gửi đơn vị" in asked.text
    await type_text(h, "Bổ sung số liệu")
    assert (await type_text(h, "ok")).text.startswith("Đã gửi nhận xét cho U1 (2 nơi nhận)")
    assert (await submission(h, "U1")).review == PaperReview.NEEDS_REVISION


async def test_a_comment_typed_after_the_call_was_cancelled_is_not_sent(h: Harness) -> None:
    await papers(h)
    await press(h, "ap:fix.U1.1.0:1")
    await say(h, "huy", "1 | đổi kế hoạch")
    stale = await type_text(h, "Bổ sung số liệu")
    assert stale.text.startswith("Đơn vị đã gửi tệp mới hoặc lời mời đã thay đổi")
    assert await sent(h) == []
    assert (await say(h, "thamdinh", "1")).text.startswith("Lời mời gửi tham luận #1 đã bị huỷ")
