"""People using Loa while it broadcasts, for `bench.broadcast --real-limits`: a meeting in a few
unit groups, 50 people pressing its buttons and writing commands from a driver process, and
their reply latencies read from the emulator's request log.

A broadcast to 1,000 groups takes more than half a minute at Telegram's real limits; what the
people in the meantime must not feel is a bot that has stopped answering. The driver runs as
`python -m bench.broadcast_people` (its plan on stdin, what it did on stdout as JSON), so its
HTTP calls cost neither the bot nor the benchmark's process. Each person presses ✅ on their
group's card, writes `/lich` in their private chat and presses ✅ again, at random moments of the
broadcast, without waiting for one answer before the next action (open loop: the load does not
ease when the bot slows down).
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update

from bench.broadcast_world import gather_limited
from bench.rsvp_measure import percentile
from bench.rsvp_processes import Control
from bot.emulator import EmulatorClient
from storage.db import make_engine, make_sessionmaker
from storage.models import Chat, Unit

ROOT = Path(__file__).resolve().parents[1]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UNIT_GROUPS = 10
COMMAND = "/lich"


@dataclass
class Person:
    """One person: their id (= their private chat's), their group and the card in it."""

    user_id: int
    group_id: int
    card_id: int = 0


@dataclass
class Replies:
    """Reply latencies of the people's actions, as the emulator saw them."""

    actions: int
    answered: int
    presses: list[float]
    commands: list[float]

    @property
    def all(self) -> list[float]:
        return self.presses + self.commands

    def p95(self) -> float:
        return percentile(self.all, 0.95)

    def describe(self) -> str:
        def ms(values: list[float], share: float) -> str:
            return f"{1000 * percentile(values, share):.0f} ms"

        return (
            f"p95 {ms(self.all, 0.95)} (p50 {ms(self.all, 0.5)}, max {ms(self.all, 1.0)}); "
            f"toasts p95 {ms(self.presses, 0.95)}, {COMMAND} replies p95 {ms(self.commands, 0.95)}"
        )


async def make_people(
    client: EmulatorClient, groups: list[int], count: int
) -> tuple[list[Person], list[int]]:
    """`count` people spread over the first `UNIT_GROUPS` groups, each with their private chat
    open; returns them and those groups."""
    unit_groups = groups[: min(UNIT_GROUPS, len(groups))]
    users = await gather_limited(
        [client.create_user(f"Người dự {i + 1:02d}", "Lê") for i in range(count)]
    )
    await gather_limited([client.private_chat(int(user["id"])) for user in users])
    people = [
        Person(int(user["id"]), unit_groups[i % len(unit_groups)]) for i, user in enumerate(users)
    ]
    return people, unit_groups


def unit_code(index: int) -> str:
    return f"P{index + 1:02d}"


async def link_units(database_url: str, unit_groups: list[int]) -> None:
    """Units P01… and their groups linked to them (as `/donvi them` and `/nhom P01` would)."""
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    async with make_sessionmaker(engine)() as session:
        await session.execute(
            insert(Unit),
            [
                {"code": unit_code(i), "name": f"Trường Chính trị số {i + 1}", "created_at": now}
                for i in range(len(unit_groups))
            ],
        )
        by_code = {u.code: u.id for u in (await session.scalars(select(Unit))).all()}
        for i, gid in enumerate(unit_groups):
            await session.execute(
                update(Chat)
                .where(Chat.external_id == str(gid))
                .values(unit_id=by_code[unit_code(i)], is_cluster=False)
            )
        await session.commit()
    await engine.dispose()


def meeting_command(units: int) -> str:
    """`/hop … | P01, P02, …!` a week ahead: the card the people press."""
    day = (datetime.now(UTC) + timedelta(days=7)).astimezone(TZ)
    codes = ", ".join(unit_code(i) for i in range(units))
    when = f"8h {day.day:02d}/{day.month:02d}/{day.year}"
    return f"/hop Họp giao ban | {when} | Hội trường | {codes}!"


async def greet_people(client: EmulatorClient, people: list[Person]) -> None:
    """Everyone writes `/start` privately first (not measured), so `/lich` has a private chat."""
    await gather_limited([client.send_text(p.user_id, p.user_id, "/start") for p in people])
    await gather_limited([client.wait_bot_messages(p.user_id, 1, timeout=30) for p in people])


def plan(
    people: list[Person], meeting_id: int, base_url: str, start: float, span: float, seed: int
) -> dict[str, Any]:
    """When each person does what: ✅, `/lich`, ✅ at random moments in [start, start + span]."""
    rng = random.Random(seed)
    actions: list[dict[str, Any]] = []
    for person in people:
        moments = sorted(rng.uniform(start, start + span) for _ in range(3))
        for at, kind in zip(moments, ("press", "command", "press"), strict=True):
            actions.append({"at": at, "kind": kind, **person.__dict__})
    return {"base_url": base_url, "data": f"r:a:{meeting_id}", "actions": actions}


async def drive(the_plan: dict[str, Any]) -> asyncio.subprocess.Process:
    """Start the driver process with its plan; `finish()` collects what it did."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.broadcast_people",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None
    process.stdin.write(json.dumps(the_plan).encode())
    process.stdin.write_eof()
    return process


async def finish(process: asyncio.subprocess.Process) -> list[dict[str, Any]]:
    """What the driver did: each action with its kind, who, when and (presses) its query id."""
    out, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"the people's driver failed (exit {process.returncode})")
    return list(json.loads(out)["done"])


async def replies(client: EmulatorClient, done: list[dict[str, Any]]) -> Replies:
    """Match each action with the bot's answer in the request log: a press with its
    answerCallbackQuery, a command with the bot's next message in that private chat."""
    answered_at: dict[str, float] = {}
    private: dict[int, list[float]] = {}
    for record in await client.requests():
        if record["status"] != 200:
            continue
        if record["method"] == "answerCallbackQuery":
            query = str(record["params"].get("callback_query_id"))
            answered_at.setdefault(query, float(record["time"]))
        elif record["method"] == "sendMessage" and record["chat_id"] is not None:
            private.setdefault(int(record["chat_id"]), []).append(float(record["time"]))
    presses: list[float] = []
    commands: list[float] = []
    for action in done:
        at = float(action["time"])
        if action["kind"] == "press":
            answer = answered_at.get(str(action["query_id"]))
            if answer is not None:
                presses.append(max(0.0, answer - at))
        else:
            later = [t for t in private.get(int(action["user_id"]), []) if t >= at]
            if later:
                commands.append(min(later) - at)
    return Replies(len(done), len(presses) + len(commands), presses, commands)


# ---- the driver's side --------------------------------------------------------------------------


async def run_driver(the_plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Every action at its moment, each in its own task; what was done and when."""
    control = Control(the_plan["base_url"])
    done: list[dict[str, Any]] = []

    async def act(action: dict[str, Any]) -> None:
        await asyncio.sleep(max(0.0, float(action["at"]) - time.time()))
        at = time.time()
        record = {"kind": action["kind"], "user_id": action["user_id"], "time": at}
        if action["kind"] == "press":
            record["query_id"] = await control.call(
                "press_button",
                user_id=action["user_id"],
                chat_id=action["group_id"],
                message_id=action["card_id"],
                data=the_plan["data"],
            )
        else:
            await control.call(
                "send_text", user_id=action["user_id"], chat_id=action["user_id"], text=COMMAND
            )
        done.append(record)

    try:
        await asyncio.gather(*(act(a) for a in the_plan["actions"]))
    finally:
        await control.close()
    return done


def main() -> None:
    the_plan = json.loads(sys.stdin.read())
    sys.stdout.write(json.dumps({"done": asyncio.run(run_driver(the_plan))}))


if __name__ == "__main__":
    main()
