"""Answers on a real database: follow-up questions asked again and answered only when plainly
answered (one press at a time and in batches alike), unit choices only from the picker Loa
offered, and an audience fixed when the announcement is sent."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from handlers import router, schedules
from handlers.core import Membership, Reply, Request
from storage.models import Outbox, OutboxStatus, Person, Rsvp, ScheduledSend
from tests.support import Harness, command, group_chat, person, private_chat
from tests.unit.test_meetings import SENT, cluster, gid, rows, run

CLUSTER_GROUP = "-4000000999"


@pytest.fixture(params=["one_by_one", "batched"])
def batched(request: pytest.FixtureRequest) -> bool:
    return bool(request.param == "batched")


async def press(h: Harness, who: str, chat: str, data: str, *, batched: bool = False) -> Reply:
    req = Request(
        sender=person(who, f"Người {who[-3:]}"),
        chat=group_chat(chat, "Nhóm"),
        action=data,
        message_id="5",
    )
    if batched:
        (reply,) = await router.answer_actions(h.env, [req])
        return reply
    return await router.answer_action(h.env, req)


async def say(
    h: Harness, who: str, text: str, *, chat: str | None = None, reply_to: str | None = None
) -> Reply | None:
    """`who` writes `text` in a group (or privately), replying to the bot's `reply_to`."""
    where = group_chat(chat, "Nhóm") if chat else private_chat(who)
    req = Request(
        sender=person(who, f"Người {who[-3:]}"),
        chat=where,
        text=text,
        message_id="77",
        reply_to_bot_message=reply_to,
    )
    return await router.handle_text(h.env, req)


async def deliver_cards(h: Harness) -> None:
    """Pretend the worker sent every pending message; each gets a platform id of its own."""
    async with h.env.sessions() as session:
        for row in (await session.scalars(select(Outbox))).all():
            if row.status == OutboxStatus.PENDING and row.action.value == "send":
                row.status = OutboxStatus.SENT
                row.platform_message_id = str(1000 + row.id)
        await session.commit()


async def answer_of(h: Harness, who: str) -> Rsvp | None:
    async with h.env.sessions() as session:
        return await session.scalar(
            select(Rsvp).join(Person, Person.id == Rsvp.person_id).where(Person.external_id == who)
        )


async def questions(h: Harness) -> list[Outbox]:
    return await rows(h, "question")


# --- follow-up questions -----------------------------------------------------------------------


async def test_an_answer_returning_to_absent_asks_for_the_reason_again(
    h: Harness, batched: bool
) -> None:
    await cluster(h, 2)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    await press(h, "5000000201", gid(2), "r:x:1", batched=batched)
    await deliver_cards(h)
    (first,) = await questions(h)
    saved = await say(
        h, "5000000201", "Đi công tác", chat=gid(2), reply_to=first.platform_message_id
    )
    assert saved is not None and "Đi công tác" in saved.text
    assert "Muốn sửa, bấm lại «❌ Vắng» trên giấy mời #1" in saved.text
    await press(h, "5000000201", gid(2), "r:a:1", batched=batched)
    record = await answer_of(h, "5000000201")
    assert record is not None and record.reason is None
    await press(h, "5000000201", gid(2), "r:x:1", batched=batched)
    first, second = await questions(h)
    assert second.status == OutboxStatus.PENDING and "lý do" in second.payload["text"]
    await deliver_cards(h)
    # a reply to the earlier question is not an answer to this one
    old = await say(h, "5000000201", "Lý do cũ", chat=gid(2), reply_to=first.platform_message_id)
    assert old is None
    (_, second) = await questions(h)
    await say(h, "5000000201", "Ốm", chat=gid(2), reply_to=second.platform_message_id)
    record = await answer_of(h, "5000000201")
    assert record is not None and record.reason == "Ốm"


async def test_a_question_is_dropped_when_the_answer_changes(h: Harness, batched: bool) -> None:
    await cluster(h, 1)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    await run(h, command("start", who=person("5000000101")))  # asked privately from now on
    await press(h, "5000000101", gid(1), "r:s:1", batched=batched)
    await press(h, "5000000101", gid(1), "r:a:1", batched=batched)
    (asked,) = await questions(h)
    assert asked.status == OutboxStatus.CANCELLED, "the answer changed before it went out"
    reply = await say(h, "5000000101", "Lê Văn Cường, Phó Hiệu trưởng")
    assert reply is not None and "Lê Văn Cường" not in reply.text
    record = await answer_of(h, "5000000101")
    assert record is not None and record.substitute_name is None


async def test_a_substitute_is_asked_again_and_only_a_timely_message_answers_it(
    h: Harness, batched: bool
) -> None:
    await cluster(h, 1)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    member = "5000000101"
    await run(h, command("start", who=person(member)))
    await press(h, member, gid(1), "r:s:1", batched=batched)
    saved = await say(h, member, "Lê Văn Cường, Phó Hiệu trưởng")  # the next message, at once
    assert saved is not None and "Lê Văn Cường, Phó Hiệu trưởng" in saved.text
    assert "Muốn sửa, bấm lại «👤 Cử người dự thay»" in saved.text
    await press(h, member, gid(1), "r:a:1", batched=batched)
    await press(h, member, gid(1), "r:s:1", batched=batched)
    asked = await questions(h)
    assert len(asked) == 2 and asked[1].chat.external_id == member, "asked again, privately"
    h.clock.advance(minutes=30)
    hint = await say(h, member, "Cho tôi hỏi lịch họp tuần sau?")
    assert hint is not None and "Loa chưa hiểu" in hint.text
    record = await answer_of(h, member)
    assert record is not None and record.substitute_name is None
    await deliver_cards(h)
    (_, prompt) = await questions(h)
    await say(h, member, "Phạm Thị Dung, Trưởng phòng", reply_to=prompt.platform_message_id)
    record = await answer_of(h, member)
    assert record is not None and record.substitute_name == "Phạm Thị Dung"


async def test_an_answer_set_by_an_organiser_drops_the_persons_question(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    member = "5000000101"
    await run(h, command("start", who=person(member)))
    await press(h, member, gid(1), "r:x:1")  # Loa asks the reason privately
    await run(h, command("tinhhinh", "1 | U1 | có | Người 101"))
    await run(h, command("tinhhinh", "1 | U1 | vắng | Người 101 | Ốm"))
    await say(h, member, "Cho tôi hỏi lịch họp tuần sau?")
    record = await answer_of(h, member)
    assert record is not None and record.reason == "Ốm"


# --- unit choices ------------------------------------------------------------------------------


async def cluster_group(h: Harness) -> None:
    where = group_chat(CLUSTER_GROUP, "Nhóm Cụm")
    await router.handle_membership(
        h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
    )
    await run(h, command("nhom", "cum", where=where))


async def test_a_unit_choice_counts_only_from_the_picker_offered_to_that_person(
    h: Harness, batched: bool
) -> None:
    await cluster(h, 3)
    await cluster_group(h)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    stale = "Nút này không còn hiệu lực."
    # a member of U1 pressing crafted data for U3, in U1's group and in the cluster's
    assert (await press(h, "5000000101", gid(1), "r:a.3:1", batched=batched)).toast == stale
    assert await answer_of(h, "5000000101") is None
    await press(h, "5000000101", gid(1), "r:a:1", batched=batched)
    crafted = await press(h, "5000000101", CLUSTER_GROUP, "r:a.3:1", batched=batched)
    assert crafted.toast == stale
    record = await answer_of(h, "5000000101")
    assert record is not None and record.unit_id == 1
    # someone Loa does not know yet is offered the picker in the cluster's group, and picks
    offered = await press(h, "5000000501", CLUSTER_GROUP, "r:a:1", batched=batched)
    assert "r:a.3:1" in [b.action for row in offered.buttons for b in row]
    picked = await press(h, "5000000501", CLUSTER_GROUP, "r:a.3:1", batched=batched)
    assert picked.toast == "Đã ghi nhận: ✅ Người 501 tham dự (U3)"
    again = await press(h, "5000000501", CLUSTER_GROUP, "r:x.2:1", batched=batched)
    assert again.toast == stale, "the unit is known now: no picker is offered any more"


async def test_a_member_who_answered_in_a_group_is_known_by_upcoming(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("hop", "Họp giao ban | 8h 19/6/2024 | Hội trường | U1!"))
    await deliver_cards(h)
    await press(h, "5000000101", gid(1), "r:a:1")
    upcoming = await run(h, command("lich", who=person("5000000101")))
    assert "Lịch họp sắp tới của đơn vị U1" in upcoming
    assert "Họp giao ban" in upcoming and "✅ tham dự" in upcoming


# --- the audience is fixed when sent -----------------------------------------------------------


async def grow_and_shrink(h: Harness) -> None:
    """After the send: U4 joins with a group of its own, U2 is removed."""
    await run(h, command("donvi", "them U4 | Trường Chính trị số 4"))
    where = group_chat(gid(4), "Nhóm U4")
    await router.handle_membership(
        h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
    )
    await run(h, command("nhom", "U4", where=where))
    await run(h, command("donvi", "xoa U2"))


async def test_a_meetings_audience_is_the_units_it_was_sent_to(h: Harness) -> None:
    await cluster(h, 3)
    await run(h, command("hop", SENT))
    await deliver_cards(h)
    await grow_and_shrink(h)
    await press(h, "5000000101", gid(1), "r:a:1")
    card = next(r for r in await rows(h, "card") if r.status == OutboxStatus.PENDING)
    assert "Đã xác nhận: 1/3 đơn vị" in card.payload["text"]
    assert "⏳ 2 chưa trả lời" in card.payload["text"]
    status = (await router.handle_command(h.env, command("tinhhinh", "1"))).text  # type: ignore[union-attr]
    assert "Đã xác nhận: 1/3 đơn vị" in status and "⏳ 2 chưa trả lời" in status
    assert "Chưa trả lời:</b> U2, U3" in status and "U4" not in status
    reminded = await run(h, command("nhacnho", "1"))
    assert "Đã nhắc 1 đơn vị chưa trả lời giấy mời #1: U3." in reminded
    assert "Chưa nhắc được U2" in reminded
    assert [r.chat.external_id for r in await rows(h, "reminder")] == [gid(3)]
    exported = await router.handle_command(h.env, command("xuat", "1"))
    assert exported is not None and "Chưa trả lời: U2, U3" in exported.text
    late = await press(h, "5000000401", gid(4), "r:a:1")
    assert late.toast == "Nhóm này không thuộc đối tượng của cuộc họp #1."
    async with h.env.sessions() as session:
        before = await session.scalar(
            select(ScheduledSend).where(ScheduledSend.note == "before:120")
        )
    assert before is not None
    h.clock.current = before.run_at
    await schedules.fire(h.env, before.id)
    reminders = [r for r in await rows(h, "reminder") if "Nhắc lịch họp" in r.payload["text"]]
    assert sorted(r.chat.external_id for r in reminders) == [gid(1), gid(3)]


async def test_a_paper_calls_audience_is_the_units_it_was_sent_to(h: Harness) -> None:
    await cluster(h, 3)
    await run(h, command("thamluan", "Đổi mới phương pháp giảng dạy | 17h 14/6/2024 | tất cả!"))
    await deliver_cards(h)
    await grow_and_shrink(h)
    status = await run(h, command("tinhhinh", "1"))
    assert "Đã nộp: 0/3 đơn vị" in status and "U4" not in status
    reminded = await run(h, command("nhacnho", "1"))
    assert "Đã nhắc 2 đơn vị chưa nộp tham luận #1: U1, U3." in reminded
    assert "Chưa nhắc được U2" in reminded and "U4" not in reminded
    assert sorted(r.chat.external_id for r in await rows(h, "reminder")) == [gid(1), gid(3)]


async def test_units_without_a_group_are_named_in_the_preview_and_by_remind(h: Harness) -> None:
    await cluster(h, 1)
    await run(h, command("donvi", "them BG | Trường Chính trị tỉnh Bắc Giang"))
    await run(h, command("donvi", "them NB | Trường Chính trị tỉnh Ninh Bình"))
    preview = await run(h, command("hop", SENT.replace("tất cả!", "tất cả")))
    assert "BG, NB chưa có nhóm — sẽ không nhận được" in preview
    notice = await run(h, command("thongbao", "Kính mời | tất cả"))
    assert "BG, NB chưa có nhóm — sẽ không nhận được" in notice
    await run(h, command("hop", SENT))
    reminded = await run(h, command("nhacnho", "3"))
    assert "Đã nhắc 1 đơn vị chưa trả lời giấy mời #3: U1." in reminded
    assert "Chưa nhắc được BG, NB" in reminded
