"""The RSVP benchmark's measurements: CPU of the processes and of the machine, SQL statements,
and from the emulator's request log each press's latency and toast and the card edits per group.
"""

from __future__ import annotations

import contextlib
import os
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.rsvp_processes import Driven
from bot.emulator import EmulatorClient
from handlers.texts import text

BARE_TOAST = "ok"


class StatementCounter:
    """Counts the SQL statements an engine runs (a `before_cursor_execute` listener)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args: Any) -> None:
        self.count += 1


def process_cpu(pid: int) -> float:
    """CPU seconds a process used so far (Linux /proc; 0 where it cannot be read)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def machine_cpu() -> float:
    """CPU seconds the whole machine spent busy so far (Linux /proc/stat; 0 if unreadable)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        busy = [int(v) for v in cpu[:3] + cpu[5:8]]  # user nice system, irq softirq steal
        return sum(busy) / os.sysconf("SC_CLK_TCK")
    return 0.0


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` quantile (nearest rank) of `values`; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class Phase:
    """One bot taking the presses: throughput and latency as the emulator saw them."""

    name: str
    presses: int
    answered: int
    rate: float
    latencies: list[float]
    toasts: dict[str, int]
    polls: int
    bot_cpu: float
    emulator_cpu: float
    driver_cpu: float
    machine_cpu: float
    wall: float
    first_press: float
    last_answer: float

    def ms(self, share: float) -> str:
        return f"{1000 * percentile(self.latencies, share):.0f} ms"

    def cpu(self) -> str:
        def share(seconds: float) -> str:
            return f"{100 * seconds / max(self.wall, 1e-9):.0f}%"

        others = max(0.0, self.machine_cpu - self.bot_cpu - self.emulator_cpu - self.driver_cpu)
        return (
            f"bot {share(self.bot_cpu)}, emulator {share(self.emulator_cpu)}, "
            f"driver {share(self.driver_cpu)}, other programs {share(others)} of one core"
        )


def toast_kind(toast: str | None) -> str:
    """A short name for a toast, to count them: what was recorded, or `error` (the bot's "something
    went wrong" answer) or `other` (anything unexpected)."""
    if not toast:
        return "other"
    if toast == text("vi", "error.internal"):
        return "error"
    for key, kind in (
        ("rsvp.toast_attend", "attend"),
        ("rsvp.toast_absent", "absent"),
        ("rsvp.toast_substitute", "substitute"),
        ("rsvp.toast_same", "same answer"),
    ):
        if toast.startswith(text("vi", key, name="\0", unit="\0").split("\0", 1)[0]):
            return kind
    return "ok" if toast == BARE_TOAST else "other"


async def measure(
    client: EmulatorClient,
    name: str,
    driven: Driven,
    bot_cpu: float,
    emulator_cpu: float,
    busy: float,
    wall: float,
) -> Phase:
    """Match each press with its answerCallbackQuery in the emulator's request log."""
    answered_at: dict[str, tuple[float, str | None]] = {}
    for record in await client.requests("answerCallbackQuery"):
        if record["status"] != 200:
            continue
        query_id = str(record["params"].get("callback_query_id"))
        if query_id not in answered_at:
            answered_at[query_id] = (float(record["time"]), record["params"].get("text"))
    latencies: list[float] = []
    toasts: dict[str, int] = defaultdict(int)
    last_answer = 0.0
    for query_id, pressed_at, _ in driven.presses:
        found = answered_at.get(query_id)
        if found is None:
            continue
        latencies.append(max(0.0, found[0] - pressed_at))
        last_answer = max(last_answer, found[0])
        toasts[toast_kind(found[1])] += 1
    first_press = min((t for _, t, _ in driven.presses), default=0.0)
    span = max(last_answer - first_press, 1e-9)
    return Phase(
        name=name,
        presses=len(driven.presses),
        answered=len(latencies),
        rate=len(latencies) / span,
        latencies=latencies,
        toasts=dict(toasts),
        polls=driven.polls,
        bot_cpu=bot_cpu,
        emulator_cpu=emulator_cpu,
        driver_cpu=driven.cpu,
        machine_cpu=busy,
        wall=wall,
        first_press=first_press,
        last_answer=last_answer,
    )


def max_in_window(times: Sequence[float], window: float = 60.0) -> int:
    """The most events in any `window` seconds."""
    ordered = sorted(times)
    best = start = 0
    for end, at in enumerate(ordered):
        while ordered[start] <= at - window:
            start += 1
        best = max(best, end - start + 1)
    return best


@dataclass
class Edits:
    total: int
    max_per_minute: int
    max_messages_per_minute: int
    not_modified: int


async def read_edits(client: EmulatorClient, groups: set[int], since: float) -> Edits:
    """Card edits (and all messages) per group from the request log, from `since` on."""
    edits: dict[int, list[float]] = defaultdict(list)
    messages: dict[int, list[float]] = defaultdict(list)
    not_modified = 0
    for record in await client.requests():
        chat = record.get("chat_id")
        if record["time"] < since or chat not in groups:
            continue
        if record["method"] == "editMessageText" and "not modified" in str(record["error"]):
            not_modified += 1
        if record["status"] != 200 or record["method"] not in ("sendMessage", "editMessageText"):
            continue
        messages[chat].append(record["time"])
        if record["method"] == "editMessageText":
            edits[chat].append(record["time"])
    every = [t for times in edits.values() for t in times]
    return Edits(
        total=len(every),
        max_per_minute=max((max_in_window(t) for t in edits.values()), default=0),
        max_messages_per_minute=max((max_in_window(t) for t in messages.values()), default=0),
        not_modified=not_modified,
    )
