"""The processes of the RSVP benchmark besides the bot's: the driver that presses the buttons
(the Bot API emulator's process is `bench.broadcast_world.emulator`, at Telegram's real limits).

Both run apart from the bot being measured, so their CPU is not taken from it: the driver is
`python -m bench.rsvp --drive` (its plan on stdin, what it did on stdout as JSON). It talks to
the emulator's control API over hand-written HTTP/1.1 and polls for its toasts sparingly
(`ToastWatch`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

TOKEN = "7012345678:AAF-bench-Secret-Token_value-0123456789"
ROOT = Path(__file__).resolve().parents[1]
TOAST_TIMEOUT = 30.0
# After a first poll that found the toast, poll a little earlier next time; after one that did
# not, a little later: about half the first polls find their toast. Small steps, as every
# person's toast moves the one shared estimate.
FIRST_POLL_EARLIER = 0.98
FIRST_POLL_LATER = 1.02
POLL_STEP = 0.002
MAX_POLL_STEP = 0.05


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Presser:
    """One person and the card they press: ids in the emulator and what they press, in order."""

    user_id: int
    chat_id: int
    message_id: int
    presses: list[str]


@dataclass
class Driven:
    """What the driver did: each press (query id, wall time pressed, data), and its costs."""

    presses: list[tuple[str, float, str]]
    unanswered: list[str]
    polls: int
    cpu: float
    wall: float


async def drive(base_url: str, people: Sequence[Presser], at_once: int) -> Driven:
    """Run the driver in its own process (`python -m bench.rsvp --drive`) and wait for it."""
    plan = {
        "base_url": base_url,
        "at_once": at_once,
        "people": [p.__dict__ for p in people],
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.rsvp",
        "--drive",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate(json.dumps(plan).encode())
    if process.returncode != 0:
        raise RuntimeError(f"the driver failed (exit {process.returncode})")
    data = json.loads(out)
    return Driven(
        presses=[(str(q), float(t), str(d)) for q, t, d in data["presses"]],
        unanswered=list(data["unanswered"]),
        polls=int(data["polls"]),
        cpu=float(data["cpu"]),
        wall=float(data["wall"]),
    )


class Control:
    """The emulator's control API over a few kept-alive HTTP/1.1 connections, written by hand:
    httpx spends about a millisecond of CPU on each call, which on a small machine is taken from
    the bots being measured."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self._open: list[asyncio.StreamWriter] = []

    async def call(self, action: str, **args: Any) -> Any:
        body = json.dumps(args).encode()
        request = (
            f"POST /_emu/{action} HTTP/1.1\r\nhost: {self.host}\r\n"
            f"content-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n"
        ).encode() + body
        while True:
            reused, (reader, writer) = await self._connection()
            writer.write(request)
            try:
                header = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError) as exc:
                writer.close()
                partial = getattr(exc, "partial", b"")
                if reused and not partial:
                    continue  # the server had closed this idle connection: it saw nothing
                raise
            found = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", header)
            if found is None:
                raise RuntimeError(f"{action}: no content-length in {header[:200]!r}")
            reply = json.loads(await reader.readexactly(int(found.group(1))))
            self._idle.append((reader, writer))
            if not reply.get("ok"):
                raise RuntimeError(f"{action}: {reply.get('error')}")
            return reply["result"]

    async def _connection(
        self,
    ) -> tuple[bool, tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
        """An idle connection the server has not closed, else a new one; (reused, streams)."""
        while self._idle:
            reader, writer = self._idle.pop()
            if not reader.at_eof() and not writer.is_closing():
                return True, (reader, writer)
            writer.close()
        reader, writer = await asyncio.open_connection(self.host, self.port)
        self._open.append(writer)
        return False, (reader, writer)

    async def close(self) -> None:
        for writer in self._open:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


class ToastWatch:
    """Waits for toasts without flooding the emulator with polls: the first poll when a toast
    is typically due, then polls spaced further and further apart. "Typically due" is steered
    so that about half the first polls find the toast there."""

    def __init__(self, control: Control) -> None:
        self.control = control
        self.typical = 0.01
        self.polls = 0

    async def wait(self, query_id: str, pressed_at: float) -> bool:
        """True once the query is answered; False after `TOAST_TIMEOUT`."""
        first = self.typical - (time.time() - pressed_at)
        if first > 0:
            await asyncio.sleep(first)
        step = POLL_STEP
        polls = 0
        while True:
            polls += 1
            answer = await self.control.call("callback_answer", query_id=query_id)
            if answer is not None:
                break
            if time.time() - pressed_at > TOAST_TIMEOUT:
                self.polls += polls
                return False
            await asyncio.sleep(step)
            step = min(step * 1.5, MAX_POLL_STEP)
        self.polls += polls
        self.typical *= FIRST_POLL_EARLIER if polls == 1 else FIRST_POLL_LATER
        self.typical = min(max(self.typical, 0.001), TOAST_TIMEOUT)
        return True


async def run_driver(plan: dict[str, Any]) -> dict[str, Any]:
    """The driver's side: everyone presses their buttons, at most `at_once` people at a time,
    each waiting for the toast before the next press."""
    people = [Presser(**p) for p in plan["people"]]
    gate = asyncio.Semaphore(int(plan["at_once"]))
    pressed: list[tuple[str, float, str]] = []
    unanswered: list[str] = []
    cpu0 = cpu_seconds(resource.RUSAGE_SELF)
    started = time.monotonic()
    control = Control(plan["base_url"])
    watch = ToastWatch(control)

    async def person(who: Presser) -> None:
        for data in who.presses:
            async with gate:
                at = time.time()
                query_id = str(
                    await control.call(
                        "press_button",
                        user_id=who.user_id,
                        chat_id=who.chat_id,
                        message_id=who.message_id,
                        data=data,
                    )
                )
                pressed.append((query_id, at, data))
                if not await watch.wait(query_id, at):
                    unanswered.append(query_id)

    try:
        await asyncio.gather(*(person(p) for p in people))
    finally:
        await control.close()
    return {
        "presses": pressed,
        "unanswered": unanswered,
        "polls": watch.polls,
        "cpu": cpu_seconds(resource.RUSAGE_SELF) - cpu0,
        "wall": time.monotonic() - started,
    }


def driver_main() -> None:
    plan = json.loads(sys.stdin.read())
    result = asyncio.run(run_driver(plan))
    sys.stdout.write(json.dumps(result))
