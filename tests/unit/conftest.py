"""The fixture most handler tests start from: a fresh harness (database, clock, environment)
on each backend, disposed of afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.support import Harness, make_harness


@pytest.fixture
async def h(db_url: str) -> AsyncIterator[Harness]:
    """Loa's environment on a fresh database; the clock reads 10:15, Wednesday 12/06/2024 in
    Hà Nội (`tests.support.make_harness`)."""
    harness = await make_harness(db_url)
    try:
        yield harness
    finally:
        await harness.engine.dispose()
