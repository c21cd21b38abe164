"""Typed meeting answers (`XN 12 CO`) and commands without their slash: the parser's every
variant and malformed form, and the handlers on a real database, where a typed answer counts on
the cards as a press does."""

from __future__ import annotations

import pytest

from handlers import router
from handlers.core import Request
from handlers.meetings import typed
from handlers.meetings.typed import Malformed, TypedAnswer
from storage.models import OutboxStatus, RsvpAnswer
from tests.support import Harness, command, group_chat, person, private_chat
from tests.unit.test_answers import answer_of, deliver_cards, questions
from tests.unit.test_meetings import SENT, cluster, gid, rows, run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("XN 12 CO", TypedAnswer(12, "a")),
        ("xn 12 có", TypedAnswer(12, "a")),
        ("XN12 CÓ", TypedAnswer(12, "a")),
        ("  Xn #12   Có  ", TypedAnswer(12, "a")),
        ("XN 12 KHONG", TypedAnswer(12, "x")),
        ("xn 12 không bận họp", TypedAnswer(12, "x", "bận họp")),
        ("XN 12 KHÔNG   Đi công tác\nHà Nội", TypedAnswer(12, "x", "Đi công tác Hà Nội")),
        ("xn 7 ko", TypedAnswer(7, "x")),
        (
            "XN 12 THAY Nguyễn Văn A, Phó Hiệu trưởng",
            TypedAnswer(12, "s", "Nguyễn Văn A, Phó Hiệu trưởng"),
        ),
        ("xn 3 thay Lê Thị B", TypedAnswer(3, "s", "Lê Thị B")),
    ],
)
def test_typed_answers_are_read_whatever_the_case_and_diacritics(
    text: str, expected: TypedAnswer
) -> None:
    assert typed.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("XN", "typed.no_id"),
        ("xn có", "typed.no_id"),
        ("XN 12", "typed.no_word"),
        ("XN 12 ĐƯỢC", "typed.bad_word"),
        ("XN 12 CO nhưng đến muộn", "typed.bad_word"),
        ("XN 12 THAY", "typed.no_substitute"),
        ("XN 12 THAY " + "A" * 301, "typed.long_substitute"),
        ("XN 1234567890 CO", "typed.bad_word"),
    ],
)
def test_malformed_typed_answers_name_what_is_wrong(text: str, problem: str) -> None:
    parsed = typed.parse(text)
    assert isinstance(parsed, Malformed) and parsed.problem == problem


@pytest.mark.parametrize("text", ["xin chào", "Xnxx 12", "ds", "", "12 CO", "Xuân 12 có"])
def test_other_text_is_no_typed_answer(text: str) -> None:
    assert typed.parse(text) is None


def test_a_bare_command_is_only_an_exact_first_word_in_private_chat() -> None:
    def bare(text: str, private: bool = True) -> str | None:
        where = private_chat("5000000101") if private else group_chat()
        found = router.bare_command(Request(sender=person(), chat=where, text=text))
        return None if found is None else f"{found[0].name}|{found[1]}"

    assert bare("ds") == "ds|"
    assert bare("DS") == "ds|"
    assert bare("Tình hình 12") is None, "two words are ordinary text"
    assert bare("tìnhhình 12") == "tinhhinh|12"
    assert bare("thongbao Lịch nghỉ | tất cả\nNội dung") == "thongbao|Lịch nghỉ | tất cả\nNội dung"
    assert bare("dsach") is None and bare("Xin hỏi lịch họp") is None
    assert bare("Họp xong chưa?") == "hop|xong chưa?", "an organiser's; a member gets the hint"
    assert bare("ds", private=False) is None


async def say(
    h: Harness, who: str, text: str, *, chat: str | None = None, reply_to: str | None = "900"
) -> str:
    where = group_chat(chat, "Nhóm") if chat else private_chat(who)
    req = Request(
        sender=person(who, f"Người {who[-3:]}"),
        chat=where,
        text=text,
        message_id="77",
        reply_to_bot_message=reply_to if chat else None,
    )
    reply = await router.handle_text(h.env, req)
    assert reply is not None
    return reply.text


async def pending_card_texts(h: Harness) -> list[str]:
    return [r.payload["text"] for r in await rows(h, "card") if r.status == OutboxStatus.PENDING]


async def test_typed_answers_count_on_the_cards_as_presses_do(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    absent = await say(h, "5000000201", "XN 1 KHONG bận họp", chat=gid(2))
    assert "Đã ghi nhận: ❌ Người 201 vắng (U2)" in absent
    assert "lý do vắng mặt tại cuộc họp #1: bận họp" in absent and "XN 1 CO" in absent
    assert await questions(h) == [], "the reason came with the answer: nothing asked"
    record = await answer_of(h, "5000000201")
    assert record is not None and record.answer == RsvpAnswer.ABSENT
    assert record.reason == "bận họp"
    # U1's member answers in the group first, then in private chat: Loa knows the unit
    await say(h, "5000000101", "xn 1 thay Lê Văn Cường, Phó Hiệu trưởng", chat=gid(1))
    record = await answer_of(h, "5000000101")
    assert record is not None and record.substitute_name == "Lê Văn Cường"
    assert record.substitute_position == "Phó Hiệu trưởng"
    attend = await say(h, "5000000101", "xn 1 có")
    assert "Đã ghi nhận: ✅ Người 101 tham dự (U1)" in attend
    assert "Đã xác nhận: 1/2 đơn vị · ✅ 1 người · ❌ 1 · 👤 0 người dự thay" in attend
    record = await answer_of(h, "5000000101")
    assert record is not None and record.answer == RsvpAnswer.ATTEND
    assert record.substitute_name is None
    cards = await pending_card_texts(h)
    assert cards and all("✅ 1 người · ❌ 1 · 👤 0 người dự thay" in t for t in cards)
    again = await say(h, "5000000101", "XN1 CÓ")
    assert "đã được ghi nhận trước đó" in again


async def test_typed_absent_without_a_reason_asks_for_it_as_the_button_does(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    await say(h, "5000000101", "XN 1 khong", chat=gid(1))
    (asked,) = await questions(h)
    assert "lý do" in asked.payload["text"]
    await deliver_cards(h)
    (asked,) = await questions(h)
    await say(h, "5000000101", "Ốm", chat=gid(1), reply_to=asked.platform_message_id)
    record = await answer_of(h, "5000000101")
    assert record is not None and record.reason == "Ốm"


async def test_malformed_or_unknown_typed_answers_are_explained_and_change_nothing(
    h: Harness,
) -> None:
    await cluster(h, 1)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    before = len(await rows(h))
    word = await say(h, "5000000101", "XN 1 đến", chat=gid(1))
    assert "Loa chưa hiểu câu trả lời này (không rõ «đến»)" in word
    assert "<code>XN 12 KHONG bận họp</code>" in word
    assert "thiếu số giấy mời" in await say(h, "5000000101", "xn có", chat=gid(1))
    unknown = await say(h, "5000000101", "XN 99 CO", chat=gid(1))
    assert "Không có cuộc họp #99" in unknown
    nobody = await say(h, "5000000777", "xn 1 có")  # private, unit unknown
    assert "Loa chưa biết anh/chị thuộc đơn vị nào" in nobody
    assert await answer_of(h, "5000000101") is None
    assert await answer_of(h, "5000000777") is None
    assert len(await rows(h)) == before


async def test_commands_without_the_slash_work_in_private_chat(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("hop", SENT))
    listed = await say(h, "5000000001", "DS")
    assert "#1" in listed
    status = await say(h, "5000000001", "tìnhhình 1")
    assert "#1" in status
    # for a member an organiser's command word is ordinary text: the hint, not a refusal
    hint = await say(h, "5000000101", "ds")
    assert "Loa chưa hiểu" in hint
