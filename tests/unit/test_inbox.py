"""The inbox (SQLite and PostgreSQL): a repeated delivery is dropped, an update is marked done
in the commit of the unit of work that handled it (and not when that unit of work rolls back),
updates of one chat are handled in order, what a crash left is handled again at start, an
instance's rows are not taken while it holds them, and old handled rows are pruned."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from bot.intake import KEEP, MAX_ATTEMPTS, Intake
from storage import inbox
from storage.models import AuditLog, Inbox, Platform
from storage.queries import inbox as rows
from storage.queries.inbox import Arrival
from tests.support import Harness


def arrival(key: int, chat: str = "tg:1") -> tuple[Arrival, dict[str, Any]]:
    payload = {"update_id": key, "chat": chat}
    return Arrival(str(key), chat, payload), payload


async def inbox_rows(h: Harness) -> list[Inbox]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(Inbox).order_by(Inbox.id))).all())


def recording_intake(
    h: Harness, seen: list[Any], *, shared: bool = False, pause: float = 0.0, commit: bool = True
) -> Intake:
    """An intake whose handler records what it got and, like a handler, commits its change."""

    async def process(update: dict[str, Any]) -> None:
        if pause:
            await asyncio.sleep(pause)
        seen.append(update["update_id"])
        if commit:
            async with h.env.sessions() as session:
                session.add(
                    AuditLog(
                        at=h.clock.now(),
                        action="test.handled",
                        details={"update": update["update_id"]},
                    )
                )
                await session.commit()

    return Intake(h.env.sessions, h.clock, Platform.TELEGRAM, process, dict, shared=shared)


async def settle(intake: Intake) -> None:
    await intake.stop(grace=30)


async def test_a_repeated_delivery_is_written_and_handled_once(h: Harness) -> None:
    seen: list[Any] = []
    intake = recording_intake(h, seen)
    assert await intake.receive([arrival(1), arrival(2)]) == 2
    assert await intake.receive([arrival(2), arrival(3)]) == 1
    await settle(intake)
    assert sorted(seen) == [1, 2, 3]
    assert [r.update_key for r in await inbox_rows(h)] == ["1", "2", "3"]
    assert intake.repeats == 1


async def test_the_handlers_commit_marks_the_update_done_in_the_same_transaction(
    h: Harness,
) -> None:
    async with h.env.sessions() as session:
        ids = await rows.store_arrivals(
            session, Platform.TELEGRAM, [arrival(7)[0]], h.clock.now(), timedelta(seconds=20)
        )
        await session.commit()
    row_id = ids["7"]
    with inbox.handling([row_id]) as state:
        async with h.env.sessions() as session:
            session.add(AuditLog(at=h.clock.now(), action="x"))
            await session.rollback()  # a unit of work that gave up marks nothing
        assert not state.done
        assert (await inbox_rows(h))[0].done_at is None
        async with h.env.sessions() as session:
            session.add(AuditLog(at=h.clock.now(), action="x"))
            await session.commit()
        assert state.done
    assert (await inbox_rows(h))[0].done_at is not None
    async with h.env.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(AuditLog)) == 1


async def test_updates_of_one_chat_are_handled_in_order_and_other_chats_beside_them(
    h: Harness,
) -> None:
    seen: list[Any] = []
    intake = recording_intake(h, seen, pause=0.01)
    batch = [arrival(i, chat=f"tg:{i % 3}") for i in range(1, 31)]
    await intake.receive(batch)
    await settle(intake)
    assert sorted(seen) == list(range(1, 31))
    for chat in range(3):
        mine = [u for u in seen if u % 3 == chat]
        assert mine == sorted(mine)
    assert all(r.done_at is not None for r in await inbox_rows(h))


async def test_what_a_crash_left_is_handled_again_at_start_and_only_that(h: Harness) -> None:
    async with h.env.sessions() as session:
        await rows.store_arrivals(
            session,
            Platform.TELEGRAM,
            [arrival(i)[0] for i in (1, 2, 3)],
            h.clock.now(),
            timedelta(seconds=20),
        )
        await rows.mark_inbox_done(session, [1], h.clock.now())
        await session.commit()
    seen: list[Any] = []
    restarted = recording_intake(h, seen)  # a single instance takes them at once
    assert await restarted.resume() == 2
    await settle(restarted)
    assert seen == [2, 3]
    assert all(r.done_at is not None for r in await inbox_rows(h))
    assert await restarted.resume() == 0


async def test_each_platform_takes_back_only_its_own_unhandled_updates(h: Harness) -> None:
    async with h.env.sessions() as session:
        for platform, keys in ((Platform.TELEGRAM, (1, 2)), (Platform.ZALO, (3,))):
            await rows.store_arrivals(
                session,
                platform,
                [arrival(i)[0] for i in keys],
                h.clock.now(),
                timedelta(seconds=20),
            )
        await session.commit()
    seen: list[Any] = []
    telegram = recording_intake(h, seen)
    assert await telegram.resume() == 2  # Zalo's row is not Telegram's to read
    await settle(telegram)
    assert seen == [1, 2]
    zalo = Intake(h.env.sessions, h.clock, Platform.ZALO, telegram._process, dict, shared=False)
    assert await zalo.resume() == 1
    await settle(zalo)
    assert seen == [1, 2, 3]


async def test_a_handler_that_commits_nothing_is_marked_done_when_it_returns(h: Harness) -> None:
    seen: list[Any] = []
    intake = recording_intake(h, seen, commit=False)
    await intake.receive([arrival(5)])
    await settle(intake)
    assert seen == [5] and (await inbox_rows(h))[0].done_at is not None


async def test_another_instance_takes_rows_only_when_their_lease_has_ended(h: Harness) -> None:
    seen: list[Any] = []
    holder = recording_intake(h, [], shared=True, pause=60)  # busy: holds its row
    await holder.receive([arrival(9)])
    other = recording_intake(h, seen, shared=True)
    assert await other.resume() == 0  # the lease is the holder's
    for task in list(holder._tasks.values()):
        task.cancel()  # the holder dies
    await asyncio.sleep(0)
    h.clock.advance(seconds=holder.lease.total_seconds() + 1)
    assert await other.resume() == 1
    await settle(other)
    assert seen == [9]


async def test_an_update_that_failed_every_time_is_given_up(h: Harness) -> None:
    async with h.env.sessions() as session:
        await rows.store_arrivals(
            session, Platform.TELEGRAM, [arrival(4)[0]], h.clock.now(), timedelta(seconds=20)
        )
        await session.execute(Inbox.__table__.update().values(attempts=MAX_ATTEMPTS))
        await session.commit()
    seen: list[Any] = []
    intake = recording_intake(h, seen)
    assert await intake.resume() == 0
    assert seen == [] and (await inbox_rows(h))[0].done_at is not None


async def test_handled_rows_older_than_a_few_days_are_pruned(h: Harness) -> None:
    seen: list[Any] = []
    intake = recording_intake(h, seen)
    await intake.receive([arrival(1)])
    await settle(intake)
    h.clock.advance(seconds=(KEEP - timedelta(hours=1)).total_seconds())
    await intake.receive([arrival(2)])
    await settle(intake)
    h.clock.advance(hours=2)
    await intake.sweep()
    assert [r.update_key for r in await inbox_rows(h)] == ["2"]
