"""Zalo's monthly message quota, kept before sending: the free plan allows 3,000 messages a month,
counted (to be safe) in both directions. The Zalo transport asks `reserve(n)` before it sends a
row's n messages and holds the row (`raise keeper.hold()`, a `RetryLater` that spends none of
its attempts) when they do not fit; intake counts what arrives with `received()`; a 429 from
Zalo ("Quota exceeded") is `exceeded()`: Zalo sending pauses until the month ends (or the
quota is raised), remembered across restarts.

The counts live in the database (`storage.queries.usage`), so several instances share one
quota on PostgreSQL and never count past it. Months are those of LOA_TIMEZONE. The organisers
are told once a month each: at 80% used, when messages are first held, on a 429
(`handlers.quota`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery import RetryLater
from handlers.core import Clock
from handlers.quota import QuotaAlert, Tell, reached_warning
from storage import queries
from storage.db import retry_busy
from storage.models import Platform, PlatformUsage

log = logging.getLogger(__name__)

RECHECK = 3600.0  # seconds between looks at a held row: a quota raised elsewhere is noticed


class QuotaHeld(RetryLater):
    """A row held for the quota: the delivery worker sets it pending again after `seconds`,
    its attempts untouched; its `last_error` starts with `HOLD_MARK`, which `/ds` counts and
    `QuotaKeeper.start` releases."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.args = (f"{queries.HOLD_MARK}: next try in {seconds:.0f}s",)


class QuotaKeeper:
    """The month's Zalo messages: counted, held past the quota, paused by a 429.

    `quota` is `ZALO_MONTHLY_QUOTA` (0: no quota; messages are still counted); `tell` writes an
    alert in the session it is given (`handlers.quota.organiser_alerts(env)`); `wake` is called
    after an alert or released rows were committed (the delivery worker's `wake`).
    """

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        tz: ZoneInfo,
        quota: int,
        tell: Tell,
        *,
        wake: Callable[[], None] = lambda: None,
        recheck: float = RECHECK,
        platform: Platform = Platform.ZALO,
    ) -> None:
        self.sessions = sessions
        self.clock = clock
        self.tz = tz
        self.quota = max(0, quota)
        self.tell = tell
        self.wake = wake
        self.recheck = recheck
        self.platform = platform

    async def start(self) -> int:
        """Rows held for the quota become due now when there is room (a new month, a raised
        quota); returns how many. The app calls this once, before the delivery worker starts."""

        async def attempt() -> int:
            async with self.sessions() as session:
                now = self.clock.now()
                month = queries.month_key(now, self.tz)
                usage = await queries.month_usage(session, self.platform, month)
                if self._full(usage):
                    return 0
                released = await queries.release_held(session, self.platform, now)
                await session.commit()
            return released

        released = await retry_busy(attempt, what="releasing rows held for the quota")
        if released:
            log.info("%d outbox rows held for the %s quota are due again", released, self.platform)
            self.wake()
        return released

    async def reserve(self, n: int) -> bool:
        """Count `n` messages about to be sent: True when they fit in the month (send them),
        False when they do not or Zalo paused Loa (hold them: `raise keeper.hold()`)."""
        if n <= 0:
            return True

        async def attempt() -> tuple[bool, bool]:
            async with self.sessions() as session:
                now = self.clock.now()
                month = queries.month_key(now, self.tz)
                total = await queries.reserve_messages(session, self.platform, month, n, self.quota)
                if total is not None:
                    alert = await self._warning(session, month, total, now)
                else:
                    alert = await self._held(session, month, now)
                if alert is not None:
                    await self.tell(session, alert)
                await session.commit()
            return total is not None, alert is not None

        fits, told = await retry_busy(attempt, what="counting Zalo messages")
        if told:
            self.wake()
        return fits

    async def received(self, n: int = 1) -> None:
        """Count `n` messages that came in (they count toward the quota too)."""
        if n <= 0:
            return

        async def attempt() -> bool:
            async with self.sessions() as session:
                now = self.clock.now()
                month = queries.month_key(now, self.tz)
                total = await queries.count_received(session, self.platform, month, n)
                alert = await self._warning(session, month, total, now)
                if alert is not None:
                    await self.tell(session, alert)
                await session.commit()
            return alert is not None

        if await retry_busy(attempt, what="counting Zalo messages received"):
            self.wake()

    async def not_sent(self, n: int) -> None:
        """Messages reserved that surely did not go out (Zalo refused them): counted back."""
        if n <= 0:
            return

        async def attempt() -> None:
            async with self.sessions() as session:
                month = queries.month_key(self.clock.now(), self.tz)
                await queries.give_back(session, self.platform, month, n)
                await session.commit()

        await retry_busy(attempt, what="counting back Zalo messages")

    async def exceeded(self, unsent: int = 0) -> None:
        """Zalo answered 429 "Quota exceeded": pause Zalo sending until the month ends (or the
        quota is raised above this one), in the database, and tell the organisers once.
        `unsent`: messages reserved for the refused send, counted back."""

        async def attempt() -> bool:
            async with self.sessions() as session:
                now = self.clock.now()
                month = queries.month_key(now, self.tz)
                await queries.give_back(session, self.platform, month, unsent)
                newly = await queries.pause_sending(session, self.platform, month, now, self.quota)
                if newly:
                    usage = await queries.month_usage(session, self.platform, month)
                    used = (usage.sent + usage.received) if usage else 0
                    waiting = await queries.waiting_rows(session, self.platform)
                    await self.tell(session, QuotaAlert("paused", month, used, self.quota, waiting))
                await session.commit()
            return newly

        if await retry_busy(attempt, what="pausing Zalo sending"):
            log.warning("Zalo answered 429 (quota exceeded): Zalo sending paused for the month")
            self.wake()

    def retry_after(self) -> float:
        """Seconds until a held row is worth trying again: the next month's start in
        LOA_TIMEZONE, or `recheck` (an hour) when that is sooner."""
        now = self.clock.now()
        return max(1.0, min(self.recheck, (self.next_month(now) - now).total_seconds()))

    def hold(self) -> QuotaHeld:
        """What the transport raises for a row that does not fit: held until `retry_after`."""
        return QuotaHeld(self.retry_after())

    def next_month(self, now: datetime) -> datetime:
        """The start of the month after `now`'s, where Loa runs."""
        local = now.astimezone(self.tz)
        first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        following = (first + timedelta(days=32)).replace(day=1)
        return following.replace(tzinfo=self.tz)

    def _full(self, usage: PlatformUsage | None) -> bool:
        if queries.sending_paused(usage, self.quota):
            return True
        used = (usage.sent + usage.received) if usage else 0
        return used >= queries.limit_of(self.quota)

    async def _warning(
        self, session: AsyncSession, month: str, total: int, now: datetime
    ) -> QuotaAlert | None:
        """The 80% alert, for the first count (of any instance) past it this month."""
        if not reached_warning(total, self.quota):
            return None
        if not await queries.claim_flag(
            session, self.platform, month, PlatformUsage.warned_at, now
        ):
            return None
        return QuotaAlert("warn", month, total, self.quota)

    async def _held(self, session: AsyncSession, month: str, now: datetime) -> QuotaAlert | None:
        """The alert that messages wait, the first time this month (not when Zalo paused Loa:
        that has its own)."""
        usage = await queries.month_usage(session, self.platform, month)
        if queries.sending_paused(usage, self.quota):
            return None
        if not await queries.claim_flag(session, self.platform, month, PlatformUsage.held_at, now):
            return None
        used = (usage.sent + usage.received) if usage else 0
        waiting = max(1, await queries.waiting_rows(session, self.platform))
        return QuotaAlert("held", month, used, self.quota, waiting)
