"""Presses on meeting cards answered together (`router.answer_actions`, `meetings.presses`):
the same answers, toasts and questions as one press at a time, and a failed batch answered
again press by press."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from sqlalchemy import func, select

from handlers import router
from handlers.core import Reply, Request
from handlers.meetings.presses import PressBatcher
from handlers.tallies import CardRefresher
from storage.models import Conversation, Outbox, Person, Rsvp, RsvpAnswer
from tests.support import Harness, command, group_chat, person
from tests.unit.test_meetings import SENT, cluster, deliver_cards, gid, run


async def meeting_sent(h: Harness, groups: int) -> None:
    """The seed meeting (#1) on the cards of `groups` linked groups."""
    await cluster(h, groups)
    await run(h, command("hop", SENT))
    await deliver_cards(h)


def press(who: str, chat: str, data: str) -> Request:
    return Request(
        sender=person(who, f"Người {who[-3:]}"),
        chat=group_chat(chat, "Nhóm"),
        action=data,
        message_id="5",
    )


async def answers(h: Harness) -> dict[str, tuple[RsvpAnswer, str | None]]:
    async with h.env.sessions() as session:
        rows = await session.execute(
            select(Person.external_id, Rsvp.answer, Rsvp.reason).join(
                Person, Person.id == Rsvp.person_id
            )
        )
        return {row[0]: (row[1], row[2]) for row in rows}


async def count(h: Harness, model: type, **where: object) -> int:
    async with h.env.sessions() as session:
        query = select(func.count()).select_from(model)
        for key, value in where.items():
            query = query.where(getattr(model, key) == value)
        return await session.scalar(query) or 0


async def test_a_batch_answers_as_one_press_at_a_time_would(h: Harness) -> None:
    await meeting_sent(h, 3)
    await router.answer_action(h.env, press("5000000101", gid(1), "r:a:1"))  # known before
    marked: list[int] = []
    h.env.cards_changed = marked.append
    batch = [
        press("5000000101", gid(1), "r:a:1"),  # the same answer again
        press("5000000102", gid(1), "r:a:1"),  # a new person…
        press("5000000102", gid(1), "r:x:1"),  # …who changes their mind in the same batch
        press("5000000201", gid(2), "r:s:1"),  # a substitute: a question follows
        press("5000000201", gid(2), "r:s:1"),  # pressed twice: asked once
        press("5000000301", gid(3), "r:a:99"),  # forged
        press("5000000301", gid(3), "r:z:1"),  # forged
        press("5000000302", "-4000000777", "r:a:1"),  # a group the meeting never reached
    ]
    replies = await router.answer_actions(h.env, batch)
    assert [reply.toast for reply in replies] == [
        "Câu trả lời của anh/chị đã được ghi nhận trước đó.",
        "Đã ghi nhận: ✅ Người 102 tham dự (U1)",
        "Đã ghi nhận: ❌ Người 102 vắng (U1)",
        "Đã ghi nhận: 👤 U2 cử người dự thay",
        "Đã ghi nhận: 👤 U2 cử người dự thay",
        "Nút này không còn hiệu lực.",
        "Nút này không còn hiệu lực.",
        "Nhóm này không thuộc đối tượng của cuộc họp #1.",
    ]
    assert await answers(h) == {
        "5000000101": (RsvpAnswer.ATTEND, None),
        "5000000102": (RsvpAnswer.ABSENT, None),
        "5000000201": (RsvpAnswer.SUBSTITUTE, None),
    }
    assert await count(h, Outbox, purpose="question") == 2  # 102's reason, 201's substitute
    assert await count(h, Conversation) == 2
    assert set(marked) == {1}  # the cards follow after the commit


async def test_the_reason_asked_in_a_batch_is_taken_from_the_next_message(h: Harness) -> None:
    await meeting_sent(h, 2)
    await router.answer_actions(h.env, [press("5000000201", gid(2), "r:x:1")])
    reply = await router.handle_text(
        h.env, Request(sender=person("5000000201"), chat=group_chat(gid(2)), text="Đi công tác")
    )
    assert reply is not None and "Đi công tác" in reply.text
    assert (await answers(h))["5000000201"] == (RsvpAnswer.ABSENT, "Đi công tác")


async def test_a_batch_that_fails_is_answered_press_by_press(h: Harness) -> None:
    await meeting_sent(h, 2)
    tried: list[int] = []

    async def failing(reqs: Sequence[Request]) -> list[Reply]:
        tried.append(len(reqs))
        raise RuntimeError("database went away")

    batcher = PressBatcher(failing, lambda req: router.answer_action(h.env, req))
    first = asyncio.ensure_future(batcher.submit(press("5000000101", gid(1), "r:a:1")))
    second = asyncio.ensure_future(batcher.submit(press("5000000201", gid(2), "r:x:1")))
    replies = await asyncio.gather(first, second)
    assert tried == [2]  # both were taken together, then answered one by one
    assert [reply.toast for reply in replies] == [
        "Đã ghi nhận: ✅ Người 101 tham dự (U1)",
        "Đã ghi nhận: ❌ Người 201 vắng (U2)",
    ]
    assert set(await answers(h)) == {"5000000101", "5000000201"}


async def test_presses_queued_together_are_answered_in_batches_of_at_most_the_limit(
    h: Harness,
) -> None:
    await meeting_sent(h, 2)
    sizes: list[int] = []

    async def answer_all(reqs: Sequence[Request]) -> list[Reply]:
        sizes.append(len(reqs))
        return await router.answer_actions(h.env, reqs)

    batcher = PressBatcher(answer_all, lambda req: router.answer_action(h.env, req), max_batch=3)
    who = [f"50000001{i:02d}" for i in range(7)]
    replies = await asyncio.gather(
        *(batcher.submit(press(ident, gid(1), "r:a:1")) for ident in who)
    )
    assert sizes == [3, 3, 1]  # all seven were queued before the first batch began
    assert all(reply.toast and reply.toast.startswith("Đã ghi nhận: ✅") for reply in replies)
    assert await count(h, Rsvp) == 7


async def card_edits(h: Harness) -> list[Outbox]:
    async with h.env.sessions() as session:
        query = select(Outbox).where(Outbox.purpose == "card").order_by(Outbox.id)
        return list((await session.scalars(query)).all())


async def test_cards_follow_the_answers_once_for_many_and_after_a_crash(h: Harness) -> None:
    await meeting_sent(h, 2)
    refresher = CardRefresher(h.env, delay=0.05)
    h.env.cards_changed = refresher.changed
    await router.answer_actions(h.env, [press("5000000101", gid(1), "r:a:1")])
    await router.answer_actions(h.env, [press("5000000201", gid(2), "r:a:1")])
    assert await card_edits(h) == []  # not inside the answers' units of work…
    await asyncio.sleep(0.3)
    edits = await card_edits(h)  # …but once, a moment later, for both answers
    assert len(edits) == 2 and {row.chat_id for row in edits} == {
        row.chat_id for row in await announcement_cards(h)
    }
    assert all("✅ 2 người" in row.payload["text"] for row in edits)
    # an answer committed just before a crash: its mark is lost with the process…
    h.env.cards_changed = lambda announcement_id: None
    await router.answer_actions(h.env, [press("5000000102", gid(1), "r:a:1")])
    assert all("✅ 2 người" in row.payload["text"] for row in await card_edits(h))
    # …and the next start compares the cards of the meetings ahead with the database
    assert await CardRefresher(h.env).refresh_upcoming() == 1
    assert all("✅ 3 người" in row.payload["text"] for row in await card_edits(h))
    assert await CardRefresher(h.env).refresh_upcoming() == 1  # nothing new: nothing queued
    assert len(await card_edits(h)) == 2


async def announcement_cards(h: Harness) -> list[Outbox]:
    async with h.env.sessions() as session:
        query = select(Outbox).where(Outbox.purpose == "announcement")
        return list((await session.scalars(query)).all())
