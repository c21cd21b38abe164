"""Staying inside Telegram's limits: one limiter for every call the bot makes, shared by every
instance of the bot on PostgreSQL (the limits are the bot's, not the process's).

Telegram allows about 30 messages a second overall, 20 a minute per group and 1 a second per
private chat. Each budget is a sliding window that counts requests in flight plus requests that
*finished* within the window. Counting by finish time is what makes it safe: the server saw each
request no later than it answered, so whatever the network did to the order of arrivals, the
server never sees more than the budget in any window.

A 429 (which the budgets should make rare) pauses everything for `retry_after` seconds and
halves the overall budget until a quiet minute has passed, so the server is not hit again.

Several instances on one PostgreSQL (`SharedRateLimiter`) also take each counted call's place in
the database: each budget (the overall one, each chat's) is a row of `rate_budgets` holding
when its recent messages went, by the database server's clock (one clock for all instances); a
call may go when both its chat's budget and the overall one have room in their windows, and
`loa_rate_take` takes both in one round trip, or says how long to wait. When the call finishes
its stamps are replaced with the time it finished, so (as in-process) what counts is the
finish time. One process alone (SQLite) keeps the in-process limiter only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)

RECOVERY_SECONDS = 60.0

COUNTED = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
        "editMessageCaption",
        "editMessageReplyMarkup",
        "editMessageMedia",
    }
)


@dataclass(frozen=True)
class Limits:
    """The budgets: messages per window, overall, per group and per private chat."""

    overall_per_second: float = 30
    group_per_minute: float = 20
    private_per_second: float = 1
    margin: float = 0.02

    def scaled(self, factor: float) -> Limits:
        return Limits(
            self.overall_per_second * factor,
            self.group_per_minute * factor,
            self.private_per_second * factor,
            self.margin,
        )


class SlidingWindow:
    """At most `limit` requests in flight or finished within the last `window` seconds."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic):
        self.limit = max(1, limit)
        self.window = window
        self._clock = clock
        self._finished: deque[float] = deque()
        self._in_flight = 0
        self._paused_until = 0.0
        self._changed = asyncio.Event()

    def _delay(self) -> float:
        now = self._clock()
        while self._finished and self._finished[0] <= now - self.window:
            self._finished.popleft()
        if self._paused_until > now:
            return self._paused_until - now
        if self._in_flight + len(self._finished) < self.limit:
            return 0.0
        if self._finished:
            return self._finished[0] + self.window - now
        return -1.0  # everything is in flight: wait for one to finish

    async def acquire(self) -> None:
        while True:
            delay = self._delay()
            if delay == 0.0:
                self._in_flight += 1
                return
            self._changed.clear()
            timeout = None if delay < 0 else delay
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), timeout)

    def release(self) -> None:
        self._in_flight -= 1
        self._finished.append(self._clock())
        self._changed.set()

    def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    @property
    def idle(self) -> bool:
        return self._in_flight == 0 and not self._finished and self._paused_until <= self._clock()


class LoaRateLimiter(BaseRateLimiter[int]):
    """python-telegram-bot's rate-limiter hook, with Loa's three budgets.

    `rate_limit_args` is the number of times a call may be retried after a 429 (default 2).
    """

    def __init__(self, limits: Limits | None = None, max_retries: int = 2) -> None:
        self.limits = limits or Limits()
        self.max_retries = max_retries
        stretch = 1 + self.limits.margin
        self._overall = SlidingWindow(max(1, int(self.limits.overall_per_second)), 1.0 * stretch)
        self._chats: dict[int | str, SlidingWindow] = {}
        self._overall_base = self._overall.limit
        self._recover_at = 0.0
        self.retry_after_seen = 0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def _chat_window(self, chat_id: int | str) -> SlidingWindow:
        window = self._chats.get(chat_id)
        if window is None:
            stretch = 1 + self.limits.margin
            if _is_group(chat_id):
                window = SlidingWindow(int(self.limits.group_per_minute), 60.0 * stretch)
            else:
                window = SlidingWindow(int(self.limits.private_per_second), 1.0 * stretch)
            self._chats[chat_id] = window
            if len(self._chats) > 5000:
                self._forget_idle()
        return window

    def _forget_idle(self) -> None:
        for key in [k for k, w in self._chats.items() if w.idle]:
            del self._chats[key]

    @contextlib.asynccontextmanager
    async def _slots(self, windows: list[SlidingWindow]) -> AsyncIterator[None]:
        taken: list[SlidingWindow] = []
        try:
            for window in windows:
                await window.acquire()
                taken.append(window)
            yield
        finally:
            for window in taken:
                window.release()

    def _shared(self, endpoint: str, chat_id: Any) -> contextlib.AbstractAsyncContextManager[None]:
        """What other instances must know of this call: nothing for one process alone."""
        return contextlib.nullcontext()

    def _back_off(self) -> None:
        """A 429 means our model of the server's budget was wrong: halve the overall budget
        (down to one), and pause everything for `retry_after`, so the limit is not hit again."""
        self._overall.limit = max(1, self._overall.limit // 2)
        self._recover_at = time.monotonic() + RECOVERY_SECONDS

    def _recover(self) -> None:
        """After a quiet minute the overall budget doubles back towards the configured one."""
        if self._overall.limit < self._overall_base and time.monotonic() >= self._recover_at:
            self._overall.limit = min(self._overall_base, self._overall.limit * 2)
            self._recover_at = time.monotonic() + RECOVERY_SECONDS

    async def process_request(
        self,
        callback: Callable[
            ..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]] | None]
        ],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]] | None:
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        chat_id = data.get("chat_id")
        windows: list[SlidingWindow] = []
        if endpoint in COUNTED:
            if chat_id is not None:
                windows.append(self._chat_window(_normalise(chat_id)))
            windows.append(self._overall)
        attempt = 0
        while True:
            self._recover()
            try:
                async with self._slots(windows), self._shared(endpoint, chat_id):
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                self.retry_after_seen += 1
                seconds = _seconds(exc.retry_after)
                for window in {id(w): w for w in [*windows, self._overall]}.values():
                    window.pause(seconds)
                self._back_off()
                log.warning("429 on %s: pausing %.1fs", endpoint, seconds)
                if attempt >= retries:
                    raise
                attempt += 1


def _seconds(value: Any) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


def _normalise(chat_id: Any) -> int | str:
    try:
        return int(chat_id)
    except (TypeError, ValueError):
        return str(chat_id)


def _is_group(chat_id: int | str) -> bool:
    return isinstance(chat_id, str) or chat_id < 0


TAKE = (
    "SELECT chat_wait, global_wait, taken_at "
    "FROM loa_rate_take($1::text, $2::int, $3::float8, $4::text, $5::int, $6::float8)"
)
FINISH = (
    "UPDATE rate_budgets "
    "SET stamps = array_replace(stamps, $3::float8, extract(epoch FROM clock_timestamp())) "
    "WHERE key = $1 OR key = $2"
)


TAKERS = 3  # connections asking for places at once, per process


class SharedRateLimiter(LoaRateLimiter):
    """`LoaRateLimiter` whose budgets are also shared through the database (PostgreSQL).

    The in-process windows stay in front (in-flight counting, 429 back-off); behind them each
    counted call takes a place in its chat's budget and in the overall one (`rate_budgets`). A
    few coroutines of the process at a time ask (`TAKERS`, each on a connection of its own with
    prepared statements; the others queue for a connection, rather than all asking the
    database again when a place frees): a round trip per message, and one when it finished,
    off the call's path.
    The stamp of a finished call is taken after the server answered, so never earlier than the
    server counted it, and the windows need no more margin than in-process. If the database
    cannot be reached the call goes on with the in-process limits alone.
    """

    def __init__(self, database_url: str, limits: Limits | None = None, max_retries: int = 2):
        super().__init__(limits, max_retries)
        url = make_url(database_url).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        stretch = 1 + self.limits.margin
        overall = max(1, int(self.limits.overall_per_second))
        self._global = _Budget(f"global/{overall}", 1.0 * stretch)
        self._takers: asyncio.Queue[_Connection] = asyncio.Queue()
        for _ in range(TAKERS):
            self._takers.put_nowait(_Connection(self._dsn))
        self._finisher = _Connection(self._dsn)
        self._finishing: set[asyncio.Task[None]] = set()
        self.db_calls = 0
        self._complained = 0.0

    async def shutdown(self) -> None:
        if self._finishing:
            await asyncio.wait(self._finishing, timeout=5)
        while not self._takers.empty():
            await self._takers.get_nowait().close()
        await self._finisher.close()

    def _chat_budget(self, chat_id: int | str) -> _Budget:
        stretch = 1 + self.limits.margin
        if _is_group(chat_id):
            n = max(1, int(self.limits.group_per_minute))
            return _Budget(f"chat:{chat_id}/{n}", 60.0 * stretch)
        n = max(1, int(self.limits.private_per_second))
        return _Budget(f"chat:{chat_id}/{n}", 1.0 * stretch)

    @contextlib.asynccontextmanager
    async def _shared(self, endpoint: str, chat_id: Any) -> AsyncIterator[None]:
        if endpoint not in COUNTED:
            yield
            return
        chat = self._chat_budget(_normalise(chat_id)) if chat_id is not None else None
        try:
            taken = await self._take(chat)
        except (asyncpg.PostgresError, OSError, asyncpg.InterfaceError) as exc:
            self._complain(exc)
            taken = None
        try:
            yield
        finally:
            if taken is not None:  # off the call's path: its sender goes on at once
                task = asyncio.get_running_loop().create_task(self._finish(taken))
                self._finishing.add(task)
                task.add_done_callback(self._finishing.discard)

    async def _take(self, chat: _Budget | None) -> tuple[str, str | None, float]:
        """Wait for a place in the chat's budget and the overall one; (keys, when taken)."""
        while True:
            taker = await self._takers.get()
            try:
                while True:
                    self.db_calls += 1
                    chat_wait, global_wait, taken_at = await taker.fetchrow(
                        TAKE,
                        chat.key if chat else None,
                        chat.size if chat else 0,
                        chat.span if chat else 0.0,
                        self._global.key,
                        self._global.size,
                        self._global.span,
                    )
                    if chat_wait == 0 and global_wait == 0:
                        return self._global.key, chat.key if chat else None, float(taken_at)
                    if chat_wait > 0:
                        break  # this chat is full: let the others of this process go first
                    await asyncio.sleep(global_wait)
            finally:
                self._takers.put_nowait(taker)
            await asyncio.sleep(max(chat_wait, global_wait))

    async def _finish(self, taken: tuple[str, str | None, float]) -> None:
        """Stamp the call again with the time it finished (the server saw it by then)."""
        try:
            self.db_calls += 1
            await self._finisher.execute(FINISH, *taken)
        except (asyncpg.PostgresError, OSError, asyncpg.InterfaceError) as exc:
            self._complain(exc)

    def _complain(self, exc: BaseException) -> None:
        if time.monotonic() - self._complained > 30:
            self._complained = time.monotonic()
            log.warning(
                "shared rate limits unreachable (%s): pacing this process alone",
                type(exc).__name__,
            )


class _Connection:
    """One asyncpg connection used by one caller at a time, opened again after a failure."""

    def __init__(self, dsn: str) -> None:
        self._dsn = dsn
        self._conn: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()

    async def _run(self, method: str, query: str, *args: Any) -> Any:
        async with self._lock:
            if self._conn is None or self._conn.is_closed():
                self._conn = await asyncpg.connect(self._dsn, timeout=5)
            try:
                return await getattr(self._conn, method)(query, *args, timeout=5)
            except BaseException:
                conn, self._conn = self._conn, None
                conn.terminate()
                raise

    async def fetchrow(self, query: str, *args: Any) -> Any:
        return await self._run("fetchrow", query, *args)

    async def execute(self, query: str, *args: Any) -> Any:
        return await self._run("execute", query, *args)

    async def close(self) -> None:
        async with self._lock:
            if self._conn is not None:
                await self._conn.close()
                self._conn = None


@dataclass(frozen=True)
class _Budget:
    """A shared budget: its key in `rate_budgets` (which ends with its size) and its window."""

    key: str
    span: float

    @property
    def size(self) -> int:
        return int(self.key.rsplit("/", 1)[1])
