"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL is reached at LOA_TEST_POSTGRES_URL (default: the local server, database `test`);
each test gets a throwaway database. When no server answers the PostgreSQL leg is skipped,
unless LOA_REQUIRE_POSTGRES=1 (as in CI), where it fails instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import pytest

#: A test about what only one backend has (several instances, a server to lose) runs on that one.
POSTGRES_ONLY = pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

PG_ADMIN_URL = os.environ.get("LOA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("LOA_REQUIRE_POSTGRES") == "1"


async def _pg_connect(url: str):  # type: ignore[no-untyped-def]
    import asyncpg

    return await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"), timeout=5)


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path) -> AsyncIterator[str]:  # type: ignore[no-untyped-def]
    """A fresh, empty database URL for one test, on each backend."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'loa.db'}"
        return
    try:
        admin = await _pg_connect(PG_ADMIN_URL)
    except (OSError, Exception) as exc:  # no server answering
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required but unreachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    name = f"loa_t_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    try:
        yield f"{base}/{name}"
    finally:
        admin = await _pg_connect(PG_ADMIN_URL)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
