"""Telegram's flood limits as sliding windows.

Three budgets apply to every message sent or edited: overall per second, per group per minute,
per private chat per second. Only accepted calls are counted; a call refused with 429 is told how
many whole seconds to wait until the tightest window admits one more.
"""

from __future__ import annotations

import functools
import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any


class _ClassOrInstanceMethod:
    """Calls the function with the instance, or with a default instance when used on the class."""

    def __init__(self, func: Callable[..., Any]) -> None:
        self._func = func
        functools.update_wrapper(self, func)  # type: ignore[arg-type]

    def __get__(self, obj: Any, owner: type) -> Callable[..., Any]:
        return functools.partial(self._func, obj if obj is not None else owner())


@dataclass(frozen=True, slots=True)
class Limits:
    """Rates the emulator enforces; `None` switches a budget off.

    Defaults are Telegram's published limits: 30 messages/s overall, 20 a minute per group,
    1 a second per private chat.
    """

    global_per_second: float | None = 30
    group_per_minute: float | None = 20
    private_per_second: float | None = 1

    @_ClassOrInstanceMethod
    def scaled(self, factor: float) -> Limits:
        """These limits (or the defaults, on the class) with every rate multiplied by `factor`."""

        def times(rate: float | None) -> float | None:
            return None if rate is None else rate * factor

        return replace(
            self,
            global_per_second=times(self.global_per_second),
            group_per_minute=times(self.group_per_minute),
            private_per_second=times(self.private_per_second),
        )

    def as_dict(self) -> dict[str, float | None]:
        return {
            "global_per_second": self.global_per_second,
            "group_per_minute": self.group_per_minute,
            "private_per_second": self.private_per_second,
        }


class RateWindow:
    """A sliding window admitting `rate` events per `period` seconds.

    A fractional rate below one stretches the window instead (0.5/s = one per 2 s).
    """

    __slots__ = ("_allowed", "_span", "_stamps")

    def __init__(self, rate: float | None, period: float) -> None:
        self._stamps: deque[float] = deque()
        self._allowed = 0
        self._span = 0.0
        self.configure(rate, period)

    def configure(self, rate: float | None, period: float) -> None:
        """Change the rate, keeping the events already counted."""
        if rate is None or rate <= 0:
            self._allowed = 0
            self._span = 0.0
            return
        self._allowed = max(1, math.floor(rate))
        self._span = period * self._allowed / rate

    def wait(self, now: float) -> float:
        """Seconds until one more event fits (0.0 if it fits now)."""
        if not self._allowed:
            return 0.0
        stamps = self._stamps
        horizon = now - self._span
        while stamps and stamps[0] <= horizon:
            stamps.popleft()
        if len(stamps) < self._allowed:
            return 0.0
        return stamps[len(stamps) - self._allowed] + self._span - now

    def add(self, now: float) -> None:
        if self._allowed:
            self._stamps.append(now)


def retry_after_seconds(wait: float) -> int:
    """What the server says in `retry_after`: whole seconds, rounded up, at least one."""
    return max(1, math.ceil(wait))
