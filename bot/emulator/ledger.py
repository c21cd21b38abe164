"""The emulator's bookkeeping: the flood limits it enforces, the faults tests inject, and the
record of what the bot called (request log, violations, counters, stats); the outage window
(`outage.py`) lives here too.

`Ledger` is the base of `State` (which adds users, chats, messages, files and the update queue);
it lives apart because none of it is about the objects of the emulated Telegram, and so that
`state.py` stays a readable size. Like `State`, it is used from one event loop only.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict, deque
from typing import Any

from bot.emulator.limits import Limits, RateWindow, retry_after_seconds
from bot.emulator.model import ApiError, Chat, ControlError, Fault
from bot.emulator.outage import Outage

REQUEST_LOG_SIZE = 200_000
FAULT_KINDS = frozenset({"status", "delay", "drop", "forbidden"})


class Ledger:
    """Limits, faults and what happened; see the module docstring."""

    # set by `State`: the chats (for their rate windows) and the bot's update queue (for stats)
    chats: dict[int, Chat]
    updates: deque[dict[str, Any]]

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._global = RateWindow(limits.global_per_second, 1.0)
        self._chat_windows: dict[int, RateWindow] = {}
        self.faults: list[Fault] = []
        self.outage = Outage()
        self.latency: dict[str, float] = {}  # method (lower case, "" for every one) → seconds
        self.in_flight: Counter[str] = Counter()  # Bot API calls started and not yet answered
        self.request_log: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_SIZE)
        self.violations: list[dict[str, Any]] = []
        self.calls_by_method: Counter[str] = Counter()
        self.too_many_by_chat: Counter[int] = Counter()
        self.too_many_total = 0
        self.in_flight_ports: defaultdict[str, list[int]] = defaultdict(list)  # method → ports
        self.messages_sent = 0
        self.messages_edited = 0
        self.messages_deleted = 0

    # ---- limits ---------------------------------------------------------------------------------

    def set_limits(self, limits: Limits) -> None:
        self.limits = limits
        self._global.configure(limits.global_per_second, 1.0)
        for chat_id, window in self._chat_windows.items():
            chat = self.chats.get(chat_id)
            window.configure(*self._chat_rate(chat))

    def _chat_rate(self, chat: Chat | None) -> tuple[float | None, float]:
        if chat is not None and chat.is_group:
            return self.limits.group_per_minute, 60.0
        return self.limits.private_per_second, 1.0

    def check_rate(self, chat: Chat) -> None:
        """Raise the 429 the server would give if one more message to `chat` breaks a limit."""
        now = time.monotonic()
        window = self._chat_windows.get(chat.id)
        if window is None:
            window = self._chat_windows[chat.id] = RateWindow(*self._chat_rate(chat))
        wait = max(self._global.wait(now), window.wait(now))
        if wait > 0:
            seconds = retry_after_seconds(wait)
            self.too_many_total += 1
            self.too_many_by_chat[chat.id] += 1
            raise ApiError(
                429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
            )

    def count_rate(self, chat: Chat) -> None:
        """Count an accepted message or edit in the windows."""
        now = time.monotonic()
        self._global.add(now)
        self._chat_windows[chat.id].add(now)

    # ---- faults ---------------------------------------------------------------------------------

    def set_fault(
        self,
        method: str | None = None,
        chat_id: int | None = None,
        kind: str = "status",
        status: int = 502,
        count: int = 1,
        delay: float = 0.0,
        description: str = "",
    ) -> dict[str, Any]:
        if kind not in FAULT_KINDS:
            raise ControlError(f"unknown fault kind {kind!r}; use one of {sorted(FAULT_KINDS)}")
        fault = Fault(
            kind,
            method,
            int(chat_id) if chat_id is not None else None,
            int(status),
            int(count),
            float(delay),
            str(description),
        )
        self.faults.append(fault)
        return fault.to_dict()

    def set_latency(self, seconds: float, method: str | None = None) -> dict[str, float]:
        """Every call to `method` (None: to any method) takes `seconds` longer, half before it is
        handled and half after, as a network would; 0 removes it."""
        key = (method or "").lower()
        if seconds > 0:
            self.latency[key] = float(seconds)
        else:
            self.latency.pop(key, None)
        return dict(self.latency)

    def latency_for(self, method: str) -> float:
        return self.latency.get(method.lower(), self.latency.get("", 0.0))

    def requests_in_flight(self, method: str | None = None) -> int:
        """Bot API calls started (received) and not yet answered, at this moment."""
        if method is None:
            return sum(self.in_flight.values())
        return sum(n for name, n in self.in_flight.items() if name.lower() == method.lower())

    def take_faults(self, method: str, chat_id: int | None) -> list[Fault]:
        """The faults that hit this call; counted ones are used up."""
        hits: list[Fault] = []
        for fault in self.faults:
            if fault.matches(method, chat_id):
                hits.append(fault)
                if fault.kind != "forbidden":
                    fault.count -= 1
        if hits:
            self.faults = [f for f in self.faults if f.kind == "forbidden" or f.count > 0]
        return hits

    # ---- what happened --------------------------------------------------------------------------

    def record_call(
        self,
        method: str,
        params: dict[str, Any],
        status: int,
        error: str | None,
        chat_id: int | None,
    ) -> None:
        self.calls_by_method[method] += 1
        self.request_log.append(
            {
                "time": time.time(),
                "method": method,
                "params": params,
                "status": status,
                "error": error,
                "chat_id": chat_id,
            }
        )

    def record_violation(self, method: str, problem: str, params: dict[str, Any]) -> None:
        self.violations.append({"method": method, "problem": problem, "params": params})

    def requests(self, method: str | None = None) -> list[dict[str, Any]]:
        if method is None:
            return list(self.request_log)
        return [r for r in self.request_log if r["method"].lower() == method.lower()]

    def reset_log(self) -> None:
        self.request_log.clear()
        self.violations.clear()
        self.calls_by_method.clear()
        self.too_many_by_chat.clear()
        self.too_many_total = 0
        self.messages_sent = self.messages_edited = self.messages_deleted = 0

    def stats(self) -> dict[str, Any]:
        return {
            "requests": sum(self.calls_by_method.values()),
            "requests_by_method": dict(self.calls_by_method),
            "too_many_requests": self.too_many_total,
            "too_many_requests_by_chat": dict(self.too_many_by_chat),
            "messages_sent": self.messages_sent,
            "messages_edited": self.messages_edited,
            "messages_deleted": self.messages_deleted,
            "pending_updates": len(self.updates),
            "in_flight_ports": {
                m: list(ports) for m, ports in self.in_flight_ports.items() if ports
            },
            "in_flight": {name: n for name, n in self.in_flight.items() if n},
            "limits": self.limits.as_dict(),
        }
