"""Wiring: settings → database → Telegram Application, scheduler and delivery worker.

`Loa` is started and stopped explicitly (no event loop or configuration at import time), so the
CLI, the tests and the benchmarks run the very same bot.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.delivery import DeliveryWorker
from bot.ratelimit import Limits
from bot.scheduler import SchedulerTimers
from bot.settings import Settings
from bot.telegram import (
    ALLOWED_UPDATES,
    TelegramAdapter,
    TelegramFileStore,
    TelegramTransport,
    build_application,
)
from handlers import schedules
from handlers.core import Clock, Env, SystemClock
from storage import migrate
from storage.db import is_sqlite, make_engine, make_sessionmaker
from storage.models import Platform

log = logging.getLogger(__name__)

LEASE_SWEEP_SECONDS = 5


class Loa:
    """One running bot."""

    def __init__(
        self,
        settings: Settings,
        *,
        limits: Limits | None = None,
        clock: Clock | None = None,
        pool: int = 16,
    ) -> None:
        self.settings = settings
        self.limits = limits or Limits()
        self.clock = clock or SystemClock()
        self.pool = pool
        self.engine: AsyncEngine | None = None
        self.worker: DeliveryWorker | None = None
        self.timers = SchedulerTimers(self._fire)
        self.env: Env | None = None
        self.adapter: TelegramAdapter | None = None
        self.files: TelegramFileStore | None = None
        self._polling = False

    async def start(self, *, polling: bool = True) -> None:
        """Migrate the database, connect, arm every pending timer, start receiving and sending."""
        settings = self.settings
        token = settings.require_token().get_secret_value()
        await asyncio.to_thread(migrate.upgrade, settings.database_url)
        self.engine = make_engine(settings.database_url)
        admins = {p: settings.admin_ids(p.value) for p in Platform}
        app = build_application(token, settings.telegram_api_url, self.limits, pool=self.pool)
        self.files = TelegramFileStore(app.bot)
        self.env = Env(
            sessions=make_sessionmaker(self.engine),
            clock=self.clock,
            tz=settings.tz,
            admins=admins,
            timers=self.timers,
            files=self.files,
        )
        self.adapter = TelegramAdapter(app, self.env)
        self.adapter.install()
        await app.initialize()
        self.env.bot_username = app.bot.username
        await self.adapter.set_menus()
        self.worker = DeliveryWorker(
            self.env,
            TelegramTransport(app),
            shared=not is_sqlite(settings.database_url),
            concurrency=self.pool - 8,
        )
        self.env.wake_delivery = self.worker.wake
        self.timers.start()
        for schedule_id, run_at in await schedules.pending(self.env):
            assert isinstance(run_at, datetime)
            self.timers.arm(schedule_id, run_at)
        self.timers.every(LEASE_SWEEP_SECONDS, self._sweep, "outbox-sweep")
        await app.start()
        if polling:
            assert app.updater is not None
            await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=20)
            self._polling = True
        await self.worker.start()
        log.info("Loa is running as @%s", self.env.bot_username)

    @property
    def app(self):  # type: ignore[no-untyped-def]
        assert self.adapter is not None
        return self.adapter.app

    async def stop(self) -> None:
        """Stop receiving, let the delivery batch in hand finish, close everything."""
        if self.adapter is None:
            return
        app = self.adapter.app
        if self._polling and app.updater is not None and app.updater.running:
            await app.updater.stop()
        if self.worker is not None:
            await self.worker.stop()
        self.timers.shutdown()
        if app.running:
            await app.stop()
        await app.shutdown()
        if self.files is not None:
            await self.files.aclose()
        if self.engine is not None:
            await self.engine.dispose()
        self.adapter = None

    async def _fire(self, schedule_id: int) -> None:
        assert self.env is not None
        await schedules.fire(self.env, schedule_id)

    async def _sweep(self) -> None:
        """Leases of dead workers expire; due rows are looked at even if nobody woke us."""
        assert self.env is not None and self.worker is not None
        from storage import queries

        async with self.env.sessions() as session:
            await queries.release_expired_leases(session, self.clock.now())
            await session.commit()
        self.worker.wake()
