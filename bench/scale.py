"""Scale benchmark: Loa on a national network's data — start-up, memory and `/tinhhinh`.

    .venv/bin/python -m bench.scale [--database-url URL | --postgres [ADMIN_URL] | --both]
                                    [--runs 50] [--profile FILE]

The database is filled straight with bulk inserts (`bench.scale_world`): 1,000 units, a group
linked to each, 10,000 members with private chats, 2,000 sent meetings (their cards as sent
outbox rows, 60% of each meeting's units answered) and 10,000 reminders pending in the future.
The Bot API emulator runs in its own process (Telegram's limits ×`--scale`), and so does the bot:
`python -m bench.scale --bot` constructs the real `Loa` and calls `Loa.start()`, so its memory
is the bot's alone.

Figures:
- start-up to ready: from the `Loa.start()` call to the bot's answer to a `/start` the organiser
  wrote before the bot started, as the emulator recorded it (by then every pending reminder is
  armed, which the bot process checks: it counts its timers when `start()` returns);
- peak RSS of the bot process (`ru_maxrss`, the whole run);
- `/tinhhinh 1` (meeting #1 goes to 100 units): `--runs` times, one after the other with a
  short pause, from the organiser's message to the reply arriving at the emulator.

Targets: ready < 3 s, peak RSS < 200 MB, `/tinhhinh` p95 < 100 ms; exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import gc
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.broadcast import TOKEN, emulator, postgres_database, sqlite_database
from bench.scale_world import Plan, build
from bot.emulator import EmulatorClient

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PG_ADMIN = os.environ.get(
    "LOA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
TARGET_READY = 3.0
TARGET_RSS_MB = 200.0
TARGET_P95_MS = 100.0
WARM_UP = 3
POLL_SECONDS = 0.01
MEETING = 1  # the 100-unit meeting
STATUS_TITLE = f"Tình hình xác nhận — cuộc họp #{MEETING}"


# ---- the bot, in its own process ----------------------------------------------------------------


async def bot_process() -> None:
    """`python -m bench.scale --bot`: start Loa as told on stdin (one JSON line), say when
    `start()` was called and returned and how many reminders are armed, run until stdin says
    stop, then report the peak RSS."""
    from bot.app import Loa
    from bot.logs import configure_logging
    from bot.ratelimit import Limits
    from bot.settings import load_settings

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    config = json.loads(await reader.readline())
    configure_logging("WARNING", [TOKEN])
    settings = load_settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        telegram_api_url=config["base_url"],
        database_url=config["database_url"],
        loa_admins=str(config["organiser"]),
        log_level="WARNING",
    )
    loa = Loa(settings, limits=Limits().scaled(config["scale"]))
    profile = cProfile.Profile() if config.get("profile") else None
    rss_before = peak_rss_kb()
    cpu0 = time.process_time()
    called = time.time()
    if profile is not None:
        profile.enable()
    await loa.start()
    if profile is not None:
        profile.disable()
        profile.dump_stats(config["profile"])
    started = time.time()
    jobs = [job.id for job in loa.timers.scheduler.get_jobs()]
    report = {
        "called": called,
        "started": started,
        "start_cpu": time.process_time() - cpu0,
        "armed": sum(1 for job in jobs if job.startswith("schedule:")),
        "rss_before_kb": rss_before,
        "rss_started_kb": peak_rss_kb(),
    }
    print(json.dumps(report), flush=True)
    checked = await loa.card_check if loa.card_check is not None else 0
    print(
        json.dumps({"cards_checked": time.time() - called, "meetings_checked": checked}),
        flush=True,
    )
    if profile is not None:
        profile = cProfile.Profile()
        profile.enable()
    pauses = GcPauses()
    await reader.readline()  # "stop", or the benchmark went away
    if profile is not None:
        profile.disable()
        profile.dump_stats(config["profile"] + ".commands")
    await loa.stop()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "rss_peak_kb": peak_rss_kb(),
                "cpu": usage.ru_utime + usage.ru_stime,
                "gc": pauses.summary(),
            }
        ),
        flush=True,
    )


class GcPauses:
    """The garbage collector's pauses in this process from now on, by generation."""

    def __init__(self) -> None:
        self.pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses[info["generation"]].append((time.perf_counter() - self._started) * 1000)

    def summary(self) -> str:
        return ", ".join(
            f"gen{g}: {len(p)} × (longest {max(p, default=0):.1f} ms)"
            for g, p in self.pauses.items()
        )


def peak_rss_kb() -> int:
    """This process's peak resident memory in KiB: `VmHWM`, as `ru_maxrss` would carry over the
    peak of the parent that forked it (Linux keeps the larger across `exec`)."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        lines = Path("/proc/self/status").read_text().splitlines()
        return int(next(line for line in lines if line.startswith("VmHWM:")).split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class BotProcess:
    """The parent's handle on `python -m bench.scale --bot`."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def spawn(cls, config: dict[str, Any]) -> BotProcess:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.scale",
            "--bot",
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdin is not None
        process.stdin.write((json.dumps(config) + "\n").encode())
        await process.stdin.drain()
        return cls(process)

    async def line(self, within: float) -> dict[str, Any]:
        assert self.process.stdout is not None
        raw = await asyncio.wait_for(self.process.stdout.readline(), within)
        if not raw:
            raise RuntimeError(f"the bot process ended (exit {await self.process.wait()})")
        return dict(json.loads(raw))

    async def stop(self) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(b"stop\n")
        await self.process.stdin.drain()
        try:
            return await self.line(30)
        finally:
            with contextlib.suppress(ProcessLookupError):
                if self.process.returncode is None:
                    await asyncio.wait_for(self.process.wait(), 10)

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()


# ---- one run on one database --------------------------------------------------------------------


async def replies_after(
    client: EmulatorClient, chat_id: int, sent_at: list[float]
) -> list[float | None]:
    """For each time a message was written, the time of the bot's first message to the chat
    after it, from the emulator's request log (None: no reply)."""
    times = sorted(
        r["time"]
        for r in await client.requests("sendMessage")
        if r["chat_id"] == chat_id and r["status"] == 200
    )
    found: list[float | None] = []
    for t0 in sent_at:
        found.append(next((t for t in times if t >= t0), None))
    return found


async def measure(database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    plan = Plan()
    built = await build(database_url, plan)
    figures: dict[str, Any] = {"built": built}
    async with emulator(args.scale) as (base_url, _pid):
        async with EmulatorClient(base_url, timeout=30) as client:
            organiser = await client.create_user("An", "Nguyễn Văn", username="ban_to_chuc")
            chat_id = int(organiser["id"])
            await client.private_chat(chat_id)
            await client.send_text(chat_id, chat_id, "/start")  # waiting for the bot
            spawned = time.time()
            bot = await BotProcess.spawn(
                {
                    "base_url": base_url,
                    "database_url": database_url,
                    "organiser": chat_id,
                    "scale": args.scale,
                    "profile": args.profile,
                }
            )
            try:
                started = await bot.line(120)
                await client.wait_bot_messages(chat_id, 1, timeout=60)
                first = (await replies_after(client, chat_id, [started["called"]]))[0]
                assert first is not None
                figures.update(
                    started,
                    ready=first - started["called"],
                    spawn_to_ready=first - spawned,
                    start_returned=started["started"] - started["called"],
                )
                figures.update(await bot.line(300))  # the measured commands come after it
                machine0, bot0 = machine_cpu(), process_cpu(bot.process.pid)
                wall0 = time.monotonic()
                latencies, reply = await command_latencies(
                    client, chat_id, [f"/tinhhinh {MEETING}", "/start"], args.runs, args.pause
                )
                wall = time.monotonic() - wall0
                bot_cpu = process_cpu(bot.process.pid) - bot0
                figures["latencies"], figures["baseline"] = latencies
                figures["bot_share"] = bot_cpu / wall
                figures["others_share"] = max(0.0, (machine_cpu() - machine0 - bot_cpu) / wall)
                figures["last_reply"] = reply
                stray = [
                    r
                    for r in await client.requests()
                    if r["chat_id"] not in (None, chat_id)
                    and r["method"] not in ("getUpdates", "getMe")
                ]
                figures["stray"] = len(stray)
                figures["violations"] = len(await client.violations())
                figures.update(await bot.stop())
            finally:
                bot.kill()
    return figures


async def wait_for_messages(client: EmulatorClient, count: int, within: float = 30) -> None:
    """Until the bot has sent `count` messages in all, polling the emulator's counters (a small
    answer: reading the chat itself, ever longer, would load the emulator being measured)."""
    deadline = time.monotonic() + within
    while (await client.stats())["messages_sent"] < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the bot has not sent {count} messages in {within} s")
        await asyncio.sleep(POLL_SECONDS)


async def command_latencies(
    client: EmulatorClient, chat_id: int, commands: list[str], runs: int, pause: float
) -> tuple[list[list[float]], str]:
    """The organiser writes each of `commands` in turn, `runs` times (after a warm-up), each
    after the answer to the one before and a pause; returns, per command, the milliseconds
    from writing it to the answer reaching the emulator, and the first command's last answer."""
    sent_at: list[list[float]] = [[] for _ in commands]
    for run in range(WARM_UP + runs):
        for index, command in enumerate(commands):
            sent = (await client.stats())["messages_sent"]
            t0 = time.time()
            await client.send_text(chat_id, chat_id, command)
            await wait_for_messages(client, sent + 1)
            if run >= WARM_UP:
                sent_at[index].append(t0)
            await asyncio.sleep(pause)
    last = str((await client.bot_messages(chat_id))[-2 if len(commands) > 1 else -1]["text"])
    found = []
    for times in sent_at:
        replies = await replies_after(client, chat_id, times)
        found.append([(r - t0) * 1000 for r, t0 in zip(replies, times, strict=True) if r])
    return found, last


def process_cpu(pid: int) -> float:
    """CPU seconds a process used so far (Linux /proc; 0 where it cannot be read)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return 0.0


def machine_cpu() -> float:
    """CPU seconds the whole machine was busy so far (user, nice, system, irq, softirq)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        return sum(int(v) for v in cpu[:3] + cpu[5:8]) / os.sysconf("SC_CLK_TCK")
    return 0.0


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(backend: str, f: dict[str, Any], runs: int) -> bool:
    built = f["built"]
    latencies: list[float] = f["latencies"]
    p95 = percentile(latencies, 0.95)
    rss = f["rss_peak_kb"] / 1024
    ok = (
        f["ready"] < TARGET_READY
        and rss < TARGET_RSS_MB
        and p95 < TARGET_P95_MS
        and len(latencies) == runs
        and f["armed"] == built.pending_reminders
        and STATUS_TITLE in f["last_reply"]
    )
    lines = [
        ("database", backend),
        (
            "data",
            f"{built.units} units, {built.groups} groups, {built.people} people, "
            f"{built.meetings} meetings, {built.cards} cards, {built.rsvps} answers, "
            f"{built.pending_reminders} pending reminders (written in {built.seconds:.1f} s)",
        ),
        ("start-up to ready", f"{f['ready']:.2f} s (target < {TARGET_READY:.0f} s)"),
        ("Loa.start() returned after", f"{f['start_returned']:.2f} s ({f['start_cpu']:.2f} s CPU)"),
        ("process spawn to ready", f"{f['spawn_to_ready']:.2f} s (imports included)"),
        ("reminders armed", f"{f['armed']} of {built.pending_reminders}"),
        (
            "cards of upcoming meetings checked",
            f"{f['meetings_checked']} meetings, {f['cards_checked']:.1f} s after start "
            "(beside the bot)",
        ),
        ("bot peak RSS", f"{rss:.0f} MB (target < {TARGET_RSS_MB:.0f} MB)"),
        (
            "bot RSS before / after start()",
            f"{f['rss_before_kb'] / 1024:.0f} MB (imports) / {f['rss_started_kb'] / 1024:.0f} MB",
        ),
        (
            f"/tinhhinh {MEETING} (100 units) p95",
            f"{p95:.1f} ms (target < {TARGET_P95_MS:.0f} ms)",
        ),
        (
            f"/tinhhinh {MEETING} p50 / max",
            f"{statistics.median(latencies) if latencies else float('nan'):.1f} ms / "
            f"{max(latencies, default=float('nan')):.1f} ms over {len(latencies)} runs",
        ),
        (
            "/start p50 / p95 (a trivial answer)",
            f"{statistics.median(f['baseline']) if f['baseline'] else float('nan'):.1f} ms / "
            f"{percentile(f['baseline'], 0.95):.1f} ms, measured in turn with /tinhhinh",
        ),
        (
            "CPU while measuring",
            f"bot {100 * f['bot_share']:.0f}% of one core, the emulator and other programs "
            f"{100 * f['others_share']:.0f}% (all cores: {100 * (os.cpu_count() or 1)}%)",
        ),
        (
            f"/tinhhinh {MEETING} answer",
            f"{'the status table' if STATUS_TITLE in f['last_reply'] else 'NOT the status table'}"
            f" ({len(f['last_reply'])} characters)",
        ),
        ("bot's garbage collections while measuring", f"{f['gc']}"),
        ("messages to other chats", f"{f['stray']} (cards edited or reminders sent at start)"),
        ("API violations", f"{f['violations']}"),
        ("result", "PASS" if ok else "FAIL"),
    ]
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label:<{width}}  {value}", flush=True)
    return ok


async def run(args: argparse.Namespace) -> bool:
    targets: list[tuple[str, contextlib.AbstractAsyncContextManager[str]]] = []
    if args.database_url:
        targets.append(
            (args.database_url.split(":", 1)[0], contextlib.nullcontext(args.database_url))
        )  # type: ignore[arg-type]
    else:
        if args.postgres is None or args.both:
            targets.append(("sqlite", sqlite_database()))
        if args.postgres is not None or args.both:
            targets.append(("postgresql", postgres_database(args.postgres or DEFAULT_PG_ADMIN)))
    ok = True
    for index, (backend, database) in enumerate(targets):
        if index:
            print()
        async with database as url:
            figures = await measure(url, args)
        ok = report(backend, figures, args.runs) and ok
    return ok


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="an empty database to fill and use")
    where.add_argument(
        "--postgres",
        nargs="?",
        const=DEFAULT_PG_ADMIN,
        metavar="ADMIN_URL",
        help=f"a throwaway PostgreSQL database on this server (default {DEFAULT_PG_ADMIN})",
    )
    where.add_argument("--both", action="store_true", help="SQLite, then PostgreSQL")
    parser.add_argument("--runs", type=int, default=50, help="/tinhhinh commands measured")
    parser.add_argument(
        "--pause", type=float, default=0.2, help="seconds between a reply and the next command"
    )
    parser.add_argument(
        "--scale", type=float, default=10, help="Telegram's limits ×scale, on both sides"
    )
    parser.add_argument(
        "--profile",
        help="write a cProfile of Loa.start() to this file, and of the commands to FILE.commands",
    )
    parser.add_argument("--bot", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    if args.bot:
        asyncio.run(bot_process())
        return
    sys.exit(0 if asyncio.run(run(args)) else 1)


if __name__ == "__main__":
    main()
