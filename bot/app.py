"""Wiring: settings → database → the platforms (Telegram's Application, Zalo's client), scheduler
and delivery worker.

`Loa` is started and stopped explicitly (no event loop or configuration at import time), so the
CLI, the tests and the benchmarks run the very same bot. It runs on Telegram, on Zalo or on both,
by which bot tokens are set; one delivery worker sends to every platform that runs.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot import intake, zalo_intake
from bot.api_gate import ApiGate
from bot.books import BookRunner
from bot.delivery import DeliveryWorker, Transport
from bot.intake import Intake
from bot.ratelimit import Limits, SharedRateLimiter
from bot.scheduler import SchedulerTimers
from bot.settings import Settings, SettingsError
from bot.telegram import (
    ALLOWED_UPDATES,
    CONCURRENT_UPDATES,
    TelegramAdapter,
    TelegramFileStore,
    TelegramTransport,
    build_application,
)
from bot.telegram_intake import TelegramPoller, decoder
from bot.zalo import ZaloAdapter
from bot.zalo_client import Unauthorized, ZaloClient
from bot.zalo_quota import QuotaKeeper
from bot.zalo_send import ZaloTransport
from handlers import router, schedules
from handlers.core import Clock, Env, SystemClock
from handlers.meetings.presses import PressBatcher
from handlers.news import feeds
from handlers.news.fetch import Fetcher
from handlers.quota import organiser_alerts
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
        self.zalo_quota: QuotaKeeper | None = None  # the month's Zalo messages, counted
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
        self.zalo_client: ZaloClient | None = None
        self.zalo: ZaloAdapter | None = None
        self.zalo_intake: Intake | None = None
        self.zalo_poller: zalo_intake.ZaloPoller | None = None
        self.zalo_gate: ApiGate | None = None
        self.platforms: list[Platform] = []
        self._started = False
        self.fatal: asyncio.Future[str] | None = None  # set with the line to stop with
        self._feed_poll: asyncio.Task[None] | None = None
        self.cards: CardRefresher | None = None
        self.presses: PressBatcher | None = None
        self.gate: ApiGate | None = None
        # the start-up comparison of every upcoming meeting's cards with the database, which
        # runs beside the bot (with thousands of meetings it took longer than the rest of start)
        self.card_check: asyncio.Task[int] | None = None
        self.books: BookRunner | None = None  # the books of papers (`/kyyeu`), in the background

    async def start(self, *, polling: bool = True) -> None:
        """Migrate the database, connect, arm every pending timer, start receiving and sending on
        each platform with a token; the cards of upcoming meetings are checked meanwhile
        (`card_check`)."""
        settings = self.settings
        self.platforms = settings.require_token()
        await asyncio.to_thread(migrate.upgrade, settings.database_url)
        self.engine = make_engine(settings.database_url)
        self._started = True
        self.fatal = asyncio.get_running_loop().create_future()
        admins = {p: settings.admin_ids(p.value) for p in Platform}
        shared = not is_sqlite(settings.database_url)
        app = None
        if settings.telegram_bot_token is not None:
            limiter = SharedRateLimiter(settings.database_url, self.limits) if shared else None
            app = build_application(
                settings.telegram_bot_token.get_secret_value(),
                settings.telegram_api_url,
                self.limits,
                pool=self.pool,
                rate_limiter=limiter,
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
            holidays=frozenset(settings.loa_holidays),
            cluster_name=settings.loa_cluster_name,
        )
        transports: dict[Platform, Transport] = {}
        gates: dict[Platform, ApiGate] = {}
        if app is not None:
            self.adapter = TelegramAdapter(app, self.env)
            self.adapter.install()
            await app.initialize()
            self.env.bot_username = app.bot.username
            await self.adapter.set_menus()
            transport = TelegramTransport(app, self.env.sessions)
            self.gate = gates[Platform.TELEGRAM] = ApiGate(transport.probe)
            self.adapter.gate = self.gate  # replies wait out an outage too
            transports[Platform.TELEGRAM] = transport
        if settings.zalo_bot_token is not None:
            transports[Platform.ZALO] = await self._start_zalo(settings)
            assert self.zalo_gate is not None
            gates[Platform.ZALO] = self.zalo_gate
        self.worker = DeliveryWorker(
            self.env,
            transports,
            shared=shared,
            concurrency=self.pool - 8,
            gate=gates,
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
        if app is not None:
            self.intake = Intake(
                self.env.sessions,
                self.clock,
                Platform.TELEGRAM,
                app.process_update,
                decoder(app.bot),
                shared=shared,
                concurrency=CONCURRENT_UPDATES,
            )
            self.timers.every(intake.SWEEP_SECONDS, self.intake.sweep, "inbox-sweep")
        if self.zalo is not None:
            self.zalo_intake = Intake(
                self.env.sessions,
                self.clock,
                Platform.ZALO,
                self.zalo.process,
                zalo_intake.decode,
                shared=shared,
                concurrency=CONCURRENT_UPDATES,
            )
            self.timers.every(intake.SWEEP_SECONDS, self.zalo_intake.sweep, "zalo-inbox-sweep")
        if app is not None:
            await app.start()
        if self.zalo_quota is not None:
            await self.zalo_quota.start()  # rows held for the quota go out if there is room now
        await self.worker.start()
        self.books = BookRunner(self.env)
        self.env.book_requested = self.books.wake
        self.books.start()  # builds left pending or running by a stopped instance resume
        for inbox in (self.intake, self.zalo_intake):
            if inbox is not None:
                await inbox.resume()  # what a crash left between "received" and "handled"
        if polling:
            if app is not None and self.intake is not None:
                self.poller = TelegramPoller(app.bot, self.intake, ALLOWED_UPDATES, self._stop_with)
                await self.poller.start()
            if self.zalo_client is not None and self.zalo_intake is not None:
                self.zalo_poller = zalo_intake.ZaloPoller(
                    self.zalo_client, self.zalo_intake, self._stop_with
                )
                await self.zalo_poller.start()
        self.card_check = asyncio.get_running_loop().create_task(self._check_cards())
        # what exists now (modules, the armed timers) lives as long as the bot: kept out of the
        # collector's full passes, which over it took about 100 ms with 10,000 timers armed
        gc.collect()
        gc.freeze()
        names = []
        if app is not None:
            names.append(f"@{self.env.bot_username} on Telegram")
        if self.zalo is not None:
            names.append(f"{self.env.zalo_bot_name} on Zalo")
        log.info("Loa is running as %s", " and ".join(names))

    async def _start_zalo(self, settings: Settings) -> ZaloTransport:
        """The Zalo client (its bot's name read once, for the @mentions in groups), the
        transport, its API gate and the adapter."""
        assert settings.zalo_bot_token is not None and self.env is not None
        self.zalo_client = ZaloClient(settings.zalo_bot_token, settings.zalo_api_url)
        try:
            me = await self.zalo_client.get_me()
        except Unauthorized:
            await self.zalo_client.aclose()
            self.zalo_client = None
            raise SettingsError(zalo_intake.TOKEN_LINE) from None
        self.env.zalo_bot_name = str(me.get("display_name") or me.get("account_name") or "")
        env = self.env
        env.zalo_enabled, env.zalo_quota = True, settings.zalo_monthly_quota
        self.zalo_quota = QuotaKeeper(
            env.sessions,
            env.clock,
            env.tz,
            settings.zalo_monthly_quota,
            organiser_alerts(env),
            wake=lambda: env.wake_delivery(),
        )
        transport = ZaloTransport(
            self.zalo_client,
            per_second=settings.zalo_messages_per_second,
            quota=self.zalo_quota,
            fatal=self._stop_with,
        )
        self.zalo_gate = ApiGate(transport.probe)
        self.zalo = ZaloAdapter(self.env, transport, self.zalo_gate)
        return transport

    @property
    def app(self):  # type: ignore[no-untyped-def]
        assert self.adapter is not None
        return self.adapter.app

    async def stop(self) -> None:
        """Stop receiving, let the delivery batch in hand finish, close everything."""
        if not self._started:
            return
        self._started = False
        app = self.adapter.app if self.adapter is not None else None
        for poller in (self.poller, self.zalo_poller):
            if poller is not None:
                await poller.stop()
        self.poller = self.zalo_poller = None
        for inbox in (self.intake, self.zalo_intake):
            if inbox is not None:
                await inbox.stop()  # the updates in hand are answered; the rest wait in the inbox
        if app is not None and app.running:
            await app.stop()
        if self.card_check is not None and not self.card_check.done():
            self.card_check.cancel()  # it is made again at the next start
            await asyncio.wait([self.card_check])
        if self.books is not None:
            await self.books.stop()
            self.books = None
        if self.cards is not None:
            await self.cards.flush()
        if self.worker is not None:
            await self.worker.stop()
        for gate in (self.gate, self.zalo_gate):
            if gate is not None:
                await gate.aclose()
        self.timers.shutdown()
        if self._feed_poll is not None and not self._feed_poll.done():
            self._feed_poll.cancel()  # a check in flight is simply made again later
            await asyncio.wait([self._feed_poll])
        if app is not None:
            await app.shutdown()
        if self.files is not None:
            await self.files.aclose()
        if self.zalo_client is not None:
            await self.zalo_client.aclose()
            self.zalo_client = None
        if self.env is not None and self.env.fetcher not in (None, self.fetcher):
            await self.env.fetcher.aclose()  # one Loa made itself (a given one is the caller's)
        if self.engine is not None:
            await self.engine.dispose()
        gc.unfreeze()  # what this bot held can be collected again
        self.adapter = None
        self.zalo = None

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
