"""A busy database never loses a person's action (SQLite and PostgreSQL).

Writers arriving together all commit; a unit of work that finds the database busy is run again
whole, in a fresh session, and its reply and after-commit actions happen once, for the attempt
that committed; a database that stays busy gets its own Vietnamese answer, not the generic
error. "Busy" is real each time: on SQLite a second engine (another process, as far as the
first one's writer queue knows) tries to write while the unit of work holds the write lock and
gets "database is locked"; on PostgreSQL the server raises a serialization failure.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.ext.asyncio import AsyncEngine

from handlers import router
from handlers.context import Ctx
from handlers.core import Reply
from handlers.texts import text
from storage.db import is_sqlite, make_engine, make_sessionmaker
from storage.models import AuditLog, Submission, Unit
from tests.support import Harness, command
from tests.unit.test_papers import CALL, cluster, deliver, nop

BUSY = text("vi", "error.busy")


@pytest.fixture
async def other(db_url: str) -> AsyncIterator[AsyncEngine]:
    """A second engine on the same database, waiting at most 50 ms for SQLite's lock."""
    engine = make_engine(db_url, busy_timeout_ms=50)
    try:
        yield engine
    finally:
        await engine.dispose()


async def hit_busy(db_url: str, other: AsyncEngine, ctx: Ctx) -> None:
    """Make the unit of work in hand fail the way a busy database makes it fail."""
    if is_sqlite(db_url):
        await ctx.session.execute(select(Unit.id).limit(1))  # the write lock is taken
        async with make_sessionmaker(other)() as session:
            await session.execute(sql("UPDATE units SET name = name"))  # database is locked
    else:
        await ctx.session.execute(
            sql(
                "DO $$ BEGIN RAISE EXCEPTION 'busy' USING ERRCODE = 'serialization_failure'; END $$"
            )
        )


async def count(h: Harness, model: type, *where: object) -> int:
    async with h.env.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


def unit_adder(
    h: Harness, busy_until: int, on_busy: Callable[[Ctx], object]
) -> tuple[Callable[[Ctx], object], list[int], list[int]]:
    """A handler that adds unit HP and an after-commit action, and finds the database busy on
    its first `busy_until` runs; with the lists counting its runs and its after-commit calls."""
    runs: list[int] = []
    done: list[int] = []

    async def run(ctx: Ctx) -> Reply:
        runs.append(1)
        ctx.session.add(Unit(code="HP", name="Trường Chính trị Tô Hiệu", created_at=ctx.now))
        ctx.after_commit.append(lambda: done.append(len(runs)))
        if len(runs) <= busy_until:
            await on_busy(ctx)  # type: ignore[misc]
        return Reply(f"lần {len(runs)}")

    return run, runs, done


async def test_a_unit_of_work_that_finds_the_database_busy_is_run_again_and_commits_once(
    h: Harness, other: AsyncEngine, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    run, runs, done = unit_adder(h, 1, lambda ctx: hit_busy(db_url, other, ctx))
    with caplog.at_level(logging.WARNING, logger="storage.db"):
        reply = await router._in_unit_of_work(h.env, command("donvi"), run)  # type: ignore[arg-type]
    assert reply is not None and reply.text == "lần 2"  # the reply of the attempt that committed
    assert len(runs) == 2 and done == [2]  # its after-commit action, once
    assert await count(h, Unit) == 1
    assert any("the database is busy" in r.getMessage() for r in caplog.records)


async def test_a_database_that_stays_busy_gets_the_busy_answer_and_keeps_nothing(
    h: Harness, other: AsyncEngine, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    run, runs, done = unit_adder(h, 99, lambda ctx: hit_busy(db_url, other, ctx))
    with caplog.at_level(logging.ERROR, logger="storage.db"):
        reply = await router._in_unit_of_work(h.env, command("donvi"), run)  # type: ignore[arg-type]
        press = await router._in_unit_of_work(h.env, command("donvi"), run, toast=True)  # type: ignore[arg-type]
    assert reply is not None and reply.text == BUSY
    assert press is not None and press.toast == BUSY and not press.text
    assert BUSY != text("vi", "error.internal") and text("en", "error.busy") != BUSY
    assert len(runs) == 10 and done == []  # five tries each, nothing run after a commit
    assert await count(h, Unit) == 0
    assert any("the database being busy" in r.getMessage() for r in caplog.records)


async def test_a_busy_database_after_a_commit_inside_the_handler_is_not_run_again(
    h: Harness, other: AsyncEngine, db_url: str
) -> None:
    """Handlers that end their transaction before a slow download commit inside the unit of
    work: running them again would do twice what was kept."""
    runs: list[int] = []

    async def run(ctx: Ctx) -> Reply:
        runs.append(1)
        ctx.session.add(Unit(code=f"U{len(runs)}", name="Trường", created_at=ctx.now))
        await ctx.session.commit()
        await hit_busy(db_url, other, ctx)
        return Reply("xong")

    reply = await router._in_unit_of_work(h.env, command("donvi"), run)  # type: ignore[arg-type]
    assert reply is not None and reply.text == BUSY
    assert len(runs) == 1 and await count(h, Unit) == 1


async def test_thirty_organiser_commands_at_the_same_moment_all_take_effect(h: Harness) -> None:
    """Commands of several organisers at once each run in their turn and all take effect
    (the write lock is taken as each transaction begins, so none fails halfway)."""
    codes = [f"T{i:02d}" for i in range(30)]
    replies = await asyncio.gather(
        *(router.handle_command(h.env, command("donvi", f"them {c} | Trường {c}")) for c in codes)
    )
    assert all(r is not None and "Đã thêm đơn vị" in r.text for r in replies), replies
    assert await count(h, Unit) == 30
    assert await count(h, AuditLog, AuditLog.action.like("unit%")) == 30


async def test_twenty_schools_sending_their_paper_at_the_same_moment_are_all_recorded(
    h: Harness,
) -> None:
    """The deadline rush in small (the full one, sixty schools through the emulator, is
    tests/e2e/test_rush.py): every paper recorded, every school acknowledged."""
    await cluster(h, 20)
    await router.handle_command(h.env, command("thamluan", CALL))
    await deliver(h)
    replies = await asyncio.gather(
        *(router.handle_command(h.env, nop(i, "1")) for i in range(1, 21))
    )
    assert all(r is not None and "Đã nhận tham luận" in r.text for r in replies), replies
    assert await count(h, Submission) == 20
