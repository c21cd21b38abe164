"""A unit of work whose database connection is lost (the server restarted, the connection cut) is
run again, whole, on a new connection; a database that cannot be reached at all is given up on
after a while instead of being tried for ever. On PostgreSQL (SQLite has no connection to lose)."""

from __future__ import annotations

import logging
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.exc import DBAPIError

from storage.db import is_disconnect, make_engine, make_sessionmaker, retry_busy
from storage.models import Unit
from tests.conftest import POSTGRES_ONLY
from tests.support import Harness


@POSTGRES_ONLY
async def test_a_unit_of_work_whose_connection_is_cut_is_run_again_and_commits_once(
    h: Harness, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    runs: list[int] = []

    async def work() -> None:
        runs.append(1)
        async with h.env.sessions() as session:
            session.add(
                Unit(code="HP", name="Trường Chính trị Tô Hiệu", created_at=h.env.clock.now())
            )
            await session.flush()
            if len(runs) == 1:  # the server ends this connection, as a restart does
                await session.execute(sql("SELECT pg_terminate_backend(pg_backend_pid())"))
            await session.commit()

    with caplog.at_level(logging.WARNING, logger="storage.db"):
        await retry_busy(work, what="adding a unit")
    assert len(runs) == 2
    async with h.env.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Unit)) == 1
    assert any("connection was lost" in r.getMessage() for r in caplog.records)


@POSTGRES_ONLY
async def test_an_unreachable_database_is_tried_for_a_while_then_given_up(db_url: str) -> None:
    engine = make_engine("postgresql+asyncpg://postgres@127.0.0.1:9/test")  # nobody listens
    tries: list[float] = []

    async def work() -> None:
        tries.append(time.monotonic())
        async with make_sessionmaker(engine)() as session:
            await session.execute(sql("SELECT 1"))

    started = time.monotonic()
    try:
        with pytest.raises((DBAPIError, OSError)) as failure:
            await retry_busy(work, what="reading", lost_wait=1.0)
    finally:
        await engine.dispose()
    assert is_disconnect(failure.value)
    assert len(tries) >= 3 and 1.0 <= time.monotonic() - started < 4.0
