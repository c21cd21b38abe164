"""Answers a crash kept from their cards reach them after a restart, while the bot already
answers (the comparison of every upcoming meeting's cards runs beside it)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import Person, Rsvp, RsvpAnswer, Unit
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


async def test_an_answer_committed_before_a_crash_reaches_the_cards_after_restart(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=2, extra_groups=0)
    day = datetime.now(TZ) + timedelta(days=3)
    await c.say(org, org["id"], f"/hop Họp giao ban | 8h {day.day}/{day.month}/{day.year} | P2!")

    async def card_says(chat_id: int, tally: str) -> bool:
        return any(
            "GIẤY MỜI HỌP #1" in m["text"] and tally in m["text"]
            for m in await c.client.bot_messages(chat_id)
        )

    await wait_until(lambda: card_says(groups[0], "Đã xác nhận: 0/2"))
    await c.stop()
    engine = make_engine(c.db_url)  # an answer committed, then the bot died before its cards
    async with make_sessionmaker(engine)() as session:
        unit = await session.scalar(select(Unit).where(Unit.code == "T01"))
        person = await session.scalar(select(Person).where(Person.external_id == str(org["id"])))
        assert unit is not None and person is not None
        session.add(
            Rsvp(
                announcement_id=1,
                person_id=person.id,
                unit_id=unit.id,
                answer=RsvpAnswer.ATTEND,
                answered_at=datetime.now(UTC),
            )
        )
        await session.commit()
    await engine.dispose()
    await c.start()
    assert c.loa is not None and c.loa.card_check is not None
    reply = await c.say(org, org["id"], "/start")
    assert "Ban tổ chức" in reply[0]["text"]
    assert await c.loa.card_check == 1  # the one upcoming meeting was compared
    for gid in groups:
        await wait_until(lambda gid=gid: card_says(gid, "Đã xác nhận: 1/2"))
