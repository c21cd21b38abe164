"""Staying inside Telegram's limits: one limiter for every call the bot makes.

Telegram allows about 30 messages a second overall, 20 a minute per group and 1 a second per
private chat. Each budget is a sliding window that counts requests in flight plus requests that
*finished* within the window. Counting by finish time is what makes it safe: the server saw each
request no later than it answered, so whatever the network did to the order of arrivals, the
server never sees more than the budget in any window.

A 429 (which the budgets should make rare) pauses everything for `retry_after` seconds and
halves the overall budget until a quiet minute has passed, so the server is not hit again.
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
                async with self._slots(windows):
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
