"""End-to-end harness: the real Loa (python-telegram-bot Application, database, HTTP) against the
Bot API emulator on 127.0.0.1. Every test ends by checking that no request Loa made broke the
Bot API description."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.app import Loa
from bot.emulator import EmulatorClient, EmulatorServer, apispec
from bot.emulator import Limits as ServerLimits
from bot.logs import configure_logging
from bot.ratelimit import Limits
from bot.settings import Settings, load_settings
from handlers.core import SystemClock
from handlers.news.fetch import Fetcher

TOKEN = "7012345678:AAF-e2e-Secret-Token_value-0123456789"
SCALE = 10  # e2e runs with Telegram's limits ×10 on both sides, to keep tests quick


class SkewedClock(SystemClock):
    """The real clock moved by `offset` (lets a test schedule "1 phút nữa" a few seconds ahead)."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    def now(self) -> datetime:
        return super().now() + self.offset


@dataclass
class Cluster:
    """A test's world: the emulator, people in it, and the bot (which may be restarted)."""

    emu: EmulatorServer
    db_url: str
    organiser: dict[str, Any]
    log: io.StringIO
    limits: Limits = field(default_factory=lambda: Limits().scaled(SCALE))
    clock: SystemClock = field(default_factory=SystemClock)
    loa: Loa | None = None
    fetcher: Fetcher | None = None  # page fetches with test limits (the default reads settings)

    @property
    def client(self) -> EmulatorClient:
        return self.emu.client

    def settings(self) -> Settings:
        return load_settings(
            _env_file=None,
            telegram_bot_token=self.emu.token,
            telegram_api_url=self.emu.base_url,
            database_url=self.db_url,
            loa_admins=str(self.organiser["id"]),
            log_level="DEBUG",
        )

    async def start(self) -> Loa:
        self.loa = Loa(self.settings(), limits=self.limits, clock=self.clock, fetcher=self.fetcher)
        await self.loa.start()
        return self.loa

    async def stop(self) -> None:
        if self.loa is not None:
            await self.loa.stop()
            self.loa = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def say(
        self, user: dict[str, Any], chat_id: int, text: str, *, replies: int = 1
    ) -> list[dict[str, Any]]:
        """Send `text` as `user` and return the bot's next `replies` messages in that chat."""
        before = len(await self.client.bot_messages(chat_id))
        await self.client.send_text(user["id"], chat_id, text)
        if replies == 0:
            return []
        messages = await self.client.wait_bot_messages(chat_id, before + replies, timeout=10)
        return messages[before:]

    async def person(self, first: str, last: str | None = None) -> dict[str, Any]:
        """A new person who has opened their private chat with the bot."""
        user = await self.client.create_user(first, last)
        await self.client.private_chat(user["id"])
        return user

    async def new_group(self, title: str) -> int:
        """A group with the organiser in it and the bot added (it greets the group)."""
        group = await self.client.create_group(title)
        await self.client.add_bot_to_group(group["id"], self.organiser["id"])
        await self.client.wait_bot_messages(group["id"], 1, timeout=10)
        return int(group["id"])


async def wait_until(predicate, within: float = 10.0, interval: float = 0.05) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + within
    while True:
        if await predicate():
            return
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)


@pytest.fixture
async def emu() -> AsyncIterator[EmulatorServer]:
    assert apispec.available(), "the Bot API description (shared/telegram-bot-api) is missing"
    async with EmulatorServer(
        token=TOKEN, bot_username="LoaTestBot", limits=ServerLimits().scaled(SCALE)
    ) as server:
        yield server
        violations = await server.client.violations()
        assert violations == [], violations


@pytest.fixture
async def cluster(emu: EmulatorServer, db_url: str) -> AsyncIterator[Cluster]:
    log = io.StringIO()
    configure_logging("DEBUG", [TOKEN], stream=log)
    organiser = await emu.client.create_user("An", "Nguyễn Văn", username="ban_to_chuc")
    await emu.client.private_chat(organiser["id"])
    world = Cluster(emu=emu, db_url=db_url, organiser=organiser, log=log)
    await world.start()
    try:
        yield world
    finally:
        await world.stop()
        output = log.getvalue()
        assert TOKEN not in output and TOKEN.split(":", 1)[1] not in output


# ---- Telegram and Zalo in one process (test_zalo*.py) -------------------------------------------

ZALO_TOKEN = "1459232241454765289:ZaloE2E-secret_part-42"
ZALO_PACE = "50"  # messages a second on Zalo in tests (the default 1.0 would make tests slow)


@dataclass
class BothCluster(Cluster):
    """The Telegram world plus the Zalo emulator, with a Zalo organiser (LOA_ADMINS zalo:<id>);
    `telegram=False` runs Loa on Zalo only."""

    zemu: Any = None
    zalo_organiser: dict[str, Any] = field(default_factory=dict)
    telegram: bool = True
    zalo_quota: int = 3000  # ZALO_MONTHLY_QUOTA

    @property
    def zalo(self) -> Any:
        return self.zemu.client

    def settings(self) -> Settings:
        admins = [f"zalo:{self.zalo_organiser['id']}"]
        if self.telegram:
            admins.insert(0, str(self.organiser["id"]))
        return load_settings(
            _env_file=None,
            telegram_bot_token=self.emu.token if self.telegram else None,
            telegram_api_url=self.emu.base_url,
            zalo_bot_token=self.zemu.token,
            zalo_api_url=self.zemu.base_url,
            zalo_messages_per_second=ZALO_PACE,
            zalo_monthly_quota=self.zalo_quota,
            database_url=self.db_url,
            loa_admins=",".join(admins),
            log_level="DEBUG",
        )

    async def zsay(
        self, user: dict[str, Any], text: str, *, replies: int = 1, chat_id: str | None = None
    ) -> list[dict[str, Any]]:
        """`user` writes `text` on Zalo (in private, or in group `chat_id`); the bot's next
        `replies` messages there."""
        where = chat_id or user["id"]
        before = len(await self.zalo.messages(where, bot_only=True))
        await self.zalo.send_text(user["id"], text, chat_id=chat_id)
        if replies == 0:
            return []

        async def answered() -> bool:
            return len(await self.zalo.messages(where, bot_only=True)) >= before + replies

        await wait_until(answered, within=15)
        return (await self.zalo.messages(where, bot_only=True))[before:]


@pytest.fixture
async def zemu() -> AsyncIterator[Any]:
    from bot.emulator.zalo import ZaloEmulatorServer

    async with ZaloEmulatorServer(token=ZALO_TOKEN) as server:
        yield server
        violations = await server.client.violations()
        assert violations == [], violations


async def both_cluster(
    emu: EmulatorServer, zemu: Any, db_url: str, *, telegram: bool = True, zalo_quota: int = 3000
) -> AsyncIterator[BothCluster]:
    log = io.StringIO()
    configure_logging("DEBUG", [TOKEN, ZALO_TOKEN], stream=log)
    organiser = await emu.client.create_user("An", "Nguyễn Văn", username="ban_to_chuc")
    await emu.client.private_chat(organiser["id"])
    zalo_organiser = await zemu.client.create_user("Ban tổ chức Zalo")
    world = BothCluster(
        emu=emu,
        db_url=db_url,
        organiser=organiser,
        log=log,
        zemu=zemu,
        zalo_organiser=zalo_organiser,
        telegram=telegram,
        zalo_quota=zalo_quota,
    )
    await world.start()
    try:
        yield world
    finally:
        await world.stop()
        output = log.getvalue()
        for secret in (TOKEN, ZALO_TOKEN):
            assert secret.split(":", 1)[1] not in output


@pytest.fixture
async def both(emu: EmulatorServer, zemu: Any, db_url: str) -> AsyncIterator[BothCluster]:
    """Loa with both tokens against both emulators."""
    async for world in both_cluster(emu, zemu, db_url):
        yield world


@pytest.fixture
async def zalo_only(emu: EmulatorServer, zemu: Any, db_url: str) -> AsyncIterator[BothCluster]:
    """Loa with the Zalo token alone."""
    async for world in both_cluster(emu, zemu, db_url, telegram=False):
        yield world
