"""Wiring: settings → database → Telegram Application, scheduler and delivery worker.

`Loa` is started and stopped explicitly (no event loop or configuration at import time), so the
CLI, the tests and the benchmarks run the very same bot.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot import intake
from bot.api_gate import ApiGate
from bot.delivery import DeliveryWorker
from bot.intake import Intake
from bot.ratelimit import Limits, SharedRateLimiter
from bot.scheduler import SchedulerTimers
from bot.settings import Settings
from bot.telegram import (
    ALLOWED_UPDATES,
    CONCURRENT_UPDATES,
    TelegramAdapter,
    TelegramFileStore,
    TelegramTransport,
    build_application,
)
from bot.telegram_intake import TelegramPoller, decoder
from handlers import router, schedules
from handlers.core import Clock, Env, SystemClock
from handlers.meetings.presses import PressBatcher
from handlers.news import feeds
from handlers.news.fetch import Fetcher
from handlers.tallies import CardRefresher
from storage import migrate
from storage.db import is_sqlite, make_engine, make_sessionmaker, retry_busy
from storage.models import Platform

log = logging.getLogger(__name__)

LEASE_SWEEP_SECONDS = 5
TIMER_SCAN_SECONDS = 1.0  # several instances: how often each looks for timers due soon
TIMER_HORIZON = timedelta(seconds=5)  # …and how far ahead


class Loa:
    """One running bot."""

    def __init__(
        self,
        settings: Settings,
        *,
        limits: Limits | None = None,
        clock: Clock | None = None,
        pool: int = 16,
        fetcher: Fetcher | None = None,
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.limits = limits or Limits()
        self.clock = clock or SystemClock()
        self.pool = pool
        self.engine: AsyncEngine | None = None
        self.worker: DeliveryWorker | None = None
        self.timers = SchedulerTimers(self._fire)
        self.env: Env | None = None
        self.adapter: TelegramAdapter | None = None
        self.files: TelegramFileStore | None = None
        self.intake: Intake | None = None
        self.poller: TelegramPoller | None = None
        self.fatal: asyncio.Future[str] | None = None  # set with the line to stop with
        self._feed_poll: asyncio.Task[None] | None = None
        self.cards: CardRefresher | None = None
        self.presses: PressBatcher | None = None
        self.gate: ApiGate | None = None
        # the start-up comparison of every upcoming meeting's cards with the database, which
        # runs beside the bot (with thousands of meetings it took longer than the rest of start)
        self.card_check: asyncio.Task[int] | None = None

    async def start(self, *, polling: bool = True) -> None:
        """Migrate the database, connect, arm every pending timer, start receiving and sending;
        the cards of upcoming meetings are checked meanwhile (`card_check`)."""
        settings = self.settings
        token = settings.require_token().get_secret_value()
        await asyncio.to_thread(migrate.upgrade, settings.database_url)
        self.engine = make_engine(settings.database_url)
        admins = {p: settings.admin_ids(p.value) for p in Platform}
        shared = not is_sqlite(settings.database_url)
        limiter = SharedRateLimiter(settings.database_url, self.limits) if shared else None
        app = build_application(
            token, settings.telegram_api_url, self.limits, pool=self.pool, rate_limiter=limiter
        )
        self.files = TelegramFileStore(app.bot)
        self.env = Env(
            sessions=make_sessionmaker(self.engine),
            clock=self.clock,
            tz=settings.tz,
            admins=admins,
            timers=self.timers,
            files=self.files,
            fetcher=self.fetcher or Fetcher(allow_private=settings.loa_allow_private_urls),
        )
        self.adapter = TelegramAdapter(app, self.env)
        self.adapter.install()
        await app.initialize()
        self.env.bot_username = app.bot.username
        await self.adapter.set_menus()
        transport = TelegramTransport(app)
        self.gate = ApiGate(transport.probe)
        self.adapter.gate = self.gate  # replies wait out an outage too
        self.worker = DeliveryWorker(
            self.env,
            transport,
            shared=shared,
            concurrency=self.pool - 8,
            gate=self.gate,
        )
        self.env.wake_delivery = self.worker.wake
        self.cards = CardRefresher(self.env)
        env = self.env
        self.presses = PressBatcher(
            lambda reqs: router.answer_actions(env, reqs),
            lambda req: router.answer_action(env, req),
        )
        self.env.answer_press = self.presses.submit
        self.env.cards_changed = self.cards.changed
        self.timers.start()
        for schedule_id, run_at in await schedules.pending(self.env):
            assert isinstance(run_at, datetime)
            self.timers.arm(schedule_id, run_at)
        if shared:  # other instances may have armed timers and died: look at the database
            self.timers.every(TIMER_SCAN_SECONDS, self._scan_timers, "timer-scan")
        self.timers.every(LEASE_SWEEP_SECONDS, self._sweep, "outbox-sweep")
        self.timers.every(feeds.SWEEP_SECONDS, self._poll_feeds, "feed-poll")
        self.intake = Intake(
            self.env.sessions,
            self.clock,
            Platform.TELEGRAM,
            app.process_update,
            decoder(app.bot),
            shared=shared,
            concurrency=CONCURRENT_UPDATES,
        )
        self.fatal = asyncio.get_running_loop().create_future()
        self.timers.every(intake.SWEEP_SECONDS, self.intake.sweep, "inbox-sweep")
        await app.start()
        await self.worker.start()
        await self.intake.resume()  # what a crash left between "received" and "handled"
        if polling:
            self.poller = TelegramPoller(app.bot, self.intake, ALLOWED_UPDATES, self._stop_with)
            await self.poller.start()
        self.card_check = asyncio.get_running_loop().create_task(self._check_cards())
        # what exists now (modules, the armed timers) lives as long as the bot: kept out of the
        # collector's full passes, which over it took about 100 ms with 10,000 timers armed
        gc.collect()
        gc.freeze()
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
        if self.poller is not None:
            await self.poller.stop()
            self.poller = None
        if self.intake is not None:
            await self.intake.stop()  # the updates in hand are answered; the rest wait in the inbox
        if app.running:
            await app.stop()
        if self.card_check is not None and not self.card_check.done():
            self.card_check.cancel()  # it is made again at the next start
            await asyncio.wait([self.card_check])
        if self.cards is not None:
            await self.cards.flush()
        if self.worker is not None:
            await self.worker.stop()
        if self.gate is not None:
            await self.gate.aclose()
        self.timers.shutdown()
        if self._feed_poll is not None and not self._feed_poll.done():
            self._feed_poll.cancel()  # a check in flight is simply made again later
            await asyncio.wait([self._feed_poll])
        await app.shutdown()
        if self.files is not None:
            await self.files.aclose()
        if self.env is not None and self.env.fetcher not in (None, self.fetcher):
            await self.env.fetcher.aclose()  # one Loa made itself (a given one is the caller's)
        if self.engine is not None:
            await self.engine.dispose()
        gc.unfreeze()  # what this bot held can be collected again
        self.adapter = None

    def _stop_with(self, line: str) -> None:
        """Receiving cannot go on (another poller, a refused token): the process stops."""
        if self.fatal is not None and not self.fatal.done():
            self.fatal.set_result(line)

    async def _check_cards(self) -> int:
        """Answers a crash kept from their cards reach them: every upcoming meeting's cards are
        compared with the database, one meeting at a time, while the bot already answers."""
        assert self.cards is not None
        try:
            return await self.cards.refresh_upcoming()
        except Exception:
            log.exception("the cards of upcoming meetings were not all checked")
            return 0

    async def _fire(self, schedule_id: int) -> None:
        assert self.env is not None
        await schedules.fire(self.env, schedule_id)

    async def _scan_timers(self) -> None:
        """Arm the timers due soon that this instance does not hold (several instances)."""
        assert self.env is not None
        try:
            due = await schedules.due_soon(self.env, TIMER_HORIZON)
        except Exception as exc:  # the database away: the next scan looks again
            log.warning("timer scan failed: %s", type(exc).__name__)
            return
        self.timers.arm_due(due)

    async def _poll_feeds(self) -> None:
        """Check the watched feeds whose interval has passed (the database says which)."""
        assert self.env is not None
        self._feed_poll = asyncio.current_task()  # type: ignore[assignment]
        await feeds.poll_due(self.env)

    async def _sweep(self) -> None:
        """Leases of dead workers expire; due rows are looked at even if nobody woke us."""
        assert self.env is not None and self.worker is not None
        from storage import queries

        env, now = self.env, self.clock.now()

        async def attempt() -> None:
            async with env.sessions() as session:
                await queries.release_expired_leases(session, now)
                await session.commit()

        await retry_busy(attempt, what="releasing expired outbox leases")
        self.worker.wake()
