"""Answers as members see them through the emulator: toasts as typed, the card's count of units
not answered, follow-up questions asked again and answered only when plainly answered."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import Rsvp
from tests.e2e.conftest import Cluster, SkewedClock, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def eight_days_ahead() -> str:
    """08:00 eight days from now, as an organiser types it (`8h 15/12/2026`)."""
    day = datetime.now(TZ) + timedelta(days=8)
    return f"8h {day.day}/{day.month}/{day.year}"


def meeting_command() -> str:
    return f"/hop Hội nghị sơ kết | {eight_days_ahead()} | Hội trường A | tất cả!"


async def card_in(c: Cluster, chat_id: int) -> dict:  # type: ignore[type-arg]
    cards = [m for m in await c.client.bot_messages(chat_id) if "GIẤY MỜI HỌP #1" in m["text"]]
    assert len(cards) == 1
    return cards[0]


async def send_meeting(c: Cluster, groups: list[int]) -> None:
    org = c.organiser
    await c.say(org, org["id"], meeting_command(), replies=0)

    async def cards_everywhere() -> bool:
        return all(
            [
                any("GIẤY MỜI HỌP #1" in m["text"] for m in await c.client.bot_messages(g))
                for g in groups
            ]
        )

    await wait_until(cards_everywhere)


async def substitutes(c: Cluster) -> list[str | None]:
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        found = [r.substitute_name for r in (await session.scalars(select(Rsvp))).all()]
    await engine.dispose()
    return found


async def test_a_toast_shows_a_name_with_ampersand_and_quotes_as_typed(cluster: Cluster) -> None:
    c = cluster
    groups = await build_cluster(c, units=2, extra_groups=0)
    await send_meeting(c, groups)
    member = await c.client.create_user('Phòng Đào tạo & Bồi dưỡng "BGH"')
    card = await card_in(c, groups[0])
    query = await c.client.press_button(member["id"], groups[0], card["message_id"], "r:a:1")
    answer = await c.client.wait_callback_answer(query)
    assert answer["text"] == 'Đã ghi nhận: ✅ Phòng Đào tạo & Bồi dưỡng "BGH" tham dự (T01)'


async def test_the_card_says_how_many_units_have_not_answered(cluster: Cluster) -> None:
    c = cluster
    groups = await build_cluster(c, units=3, extra_groups=0)
    await send_meeting(c, groups)
    assert "⏳ 3 chưa trả lời" in (await card_in(c, groups[0]))["text"]
    first = await c.client.create_user("Nguyễn A")
    second = await c.client.create_user("Trần B")
    for member, gid, data in ((first, groups[0], "r:a:1"), (second, groups[1], "r:x:1")):
        card = await card_in(c, gid)
        query = await c.client.press_button(member["id"], gid, card["message_id"], data)
        await c.client.wait_callback_answer(query)
    # the absent unit has answered: one unit is left to chase, as /tinhhinh says
    tally = "Đã xác nhận: 1/3 đơn vị · ✅ 1 người · ❌ 1 · 👤 0 người dự thay · ⏳ 1 chưa trả lời"

    async def shown() -> bool:
        return all([tally in (await card_in(c, g))["text"] for g in groups])

    await wait_until(shown, within=30)


async def test_a_substitute_is_asked_again_and_a_late_message_is_not_taken_as_the_answer(
    cluster: Cluster,
) -> None:
    c = cluster
    await c.stop()
    clock = SkewedClock(timedelta(0))
    c.clock = clock
    await c.start()
    groups = await build_cluster(c, units=1, extra_groups=0)
    await send_meeting(c, groups)
    member = await c.person("Trần Thị", "Bình")
    private = member["id"]
    await c.say(member, private, "/start")  # has started the bot: asked privately
    card = await card_in(c, groups[0])

    async def press(data: str) -> None:
        query = await c.client.press_button(member["id"], groups[0], card["message_id"], data)
        await c.client.wait_callback_answer(query)

    async def prompts() -> list[dict]:  # type: ignore[type-arg]
        return [m for m in await c.client.bot_messages(private) if "người dự thay" in m["text"]]

    await press("r:s:1")
    await wait_until(lambda: _has(prompts, 1))
    (saved,) = await c.say(member, private, "Lê Văn Cường, Phó Hiệu trưởng")
    assert "Lê Văn Cường" in saved["text"]
    assert "Muốn sửa, bấm lại «👤 Cử người dự thay»" in saved["text"]
    await press("r:a:1")
    await press("r:s:1")  # back to 👤: asked again
    await wait_until(lambda: _has(prompts, 3))  # the first prompt, the confirmation, the second
    asked = (await prompts())[-1]
    assert "xin gửi họ tên và chức vụ" in asked["text"]
    # half an hour later, a message that does not reply to the question is not the answer
    clock.offset = timedelta(minutes=30)
    (hint,) = await c.say(member, private, "Cho tôi hỏi lịch họp tuần sau?")
    assert "Cho tôi hỏi" not in hint["text"]
    assert await substitutes(c) == [None]
    # a reply to the question is, whenever it comes
    before = len(await c.client.bot_messages(private))
    await c.client.send_text(
        member["id"], private, "Phạm Thị Dung, Trưởng phòng", asked["message_id"]
    )
    saved = (await c.client.wait_bot_messages(private, before + 1))[-1]
    assert "Phạm Thị Dung" in saved["text"]
    assert await substitutes(c) == ["Phạm Thị Dung"]


async def _has(prompts, count: int) -> bool:  # type: ignore[no-untyped-def]
    return len(await prompts()) >= count
