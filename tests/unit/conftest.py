"""The fixtures unit tests share: a fresh harness (database, clock, environment) on each backend
for handler tests; the Bot API emulator and a client on it for the emulator's tests; the Zalo
emulator and the Zalo client on it; the local web server and loopback-only fetchers for the
careful fetcher's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest
import telegram

from bot.emulator import EmulatorServer
from bot.emulator.zalo import ZaloEmulatorServer
from bot.zalo_client import ZaloClient
from handlers.news.fetch import Fetcher
from tests.support import Harness, make_harness
from tests.unit.emulator_support import FAST, TOKEN, make_bot
from tests.unit.zalo_support import ZALO_TOKEN, zalo_client
from tests.webserver import LoopbackOnlyBackend, StubResolver, WebServer


@pytest.fixture
async def h(db_url: str) -> AsyncIterator[Harness]:
    """Loa's environment on a fresh database; the clock reads 10:15, Wednesday 12/06/2024 in
    Hà Nội (`tests.support.make_harness`)."""
    harness = await make_harness(db_url)
    try:
        yield harness
    finally:
        await harness.engine.dispose()


# ---- the Bot API emulator (test_emulator.py, test_emulator_updates.py) -------------------------


@pytest.fixture
async def emu() -> AsyncIterator[EmulatorServer]:
    async with EmulatorServer(token=TOKEN, bot_username="LoaTestBot", limits=FAST) as server:
        yield server


@pytest.fixture
async def bot(emu: EmulatorServer) -> AsyncIterator[telegram.Bot]:
    tg = make_bot(emu)
    await tg.initialize()
    yield tg
    await tg.shutdown()


# ---- the Zalo emulator and the Zalo client (test_zalo_*.py) -----------------------------------


@pytest.fixture
async def zemu() -> AsyncIterator[ZaloEmulatorServer]:
    async with ZaloEmulatorServer(token=ZALO_TOKEN) as server:
        yield server


@pytest.fixture
async def zalo(zemu: ZaloEmulatorServer) -> AsyncIterator[ZaloClient]:
    async with zalo_client(zemu) as client:
        yield client


# ---- the careful fetcher (test_fetch.py, test_fetch_addresses.py) ------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[WebServer]:
    with WebServer() as web:
        yield web


@pytest.fixture
def backend() -> LoopbackOnlyBackend:
    return LoopbackOnlyBackend()


@pytest.fixture
async def make_fetcher(
    backend: LoopbackOnlyBackend,
) -> AsyncIterator[Callable[..., Fetcher]]:
    """Fetchers on the loopback-only backend, closed after the test."""
    made: list[Fetcher] = []

    def make(**kwargs: Any) -> Fetcher:
        kwargs.setdefault("network_backend", backend)
        kwargs.setdefault("resolver", StubResolver())
        fetcher = Fetcher(**kwargs)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        await fetcher.aclose()
