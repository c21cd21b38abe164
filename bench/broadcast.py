"""Broadcast benchmark: an organiser sends notices to 1,000 groups through the real bot.

    .venv/bin/python -m bench.broadcast [--groups 1000] [--notices 3] [--scale 10]
                                        [--database-url URL | --postgres [ADMIN_URL]]

The Bot API emulator runs in its own process with Telegram's limits ×scale (×10: 300 messages/s
overall, 200 a minute per group, 10 a second per private chat), so the memory and CPU figures of
this process are the bot's. The groups are written straight into the database (active, cluster
groups) and the "bot added" updates the emulator queued for them are confirmed before the bot
starts. Then the organiser writes `/thongbao … | tất cả!` `--notices` times in their private
chat, as a person would (each after the bot's "sending" answer to the one before; `--together`
writes them all at once), and the benchmark waits until every group has every notice, reading
the emulator's counters while it waits and its request log once they add up.

Targets: achieved/allowed rate ≥ 0.9 (notices delivered to groups per second, from the first
command to the last notice delivered), no 429, nothing lost. Exits 1 when one is missed.

`--real-limits` (with `--peer`, `--both`, `--people`) runs instead the benchmark of
`bench/broadcast_real.py`: one notice at Telegram's real limits while people use the bot, then a
bare python-telegram-bot bot with the same notice; the set-up both share is in
`bench/broadcast_world.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import resource
import sys
import time
import tracemalloc

from bench import broadcast_real
from bench.broadcast_world import (
    DEFAULT_PG_ADMIN,
    TOKEN,
    CpuSample,
    build_world,
    confirm_pending_updates,
    cpu_seconds,
    emulator,
    greet,
    insert_groups,
    megabytes,
    outbox_summary,
    postgres_database,
    read_delivery,
    send_notices,
    sqlite_database,
    wait_for_delivery,
)
from bot.app import Loa
from bot.emulator import EmulatorClient
from bot.logs import configure_logging
from bot.ratelimit import Limits
from bot.settings import load_settings

TARGET_RATIO = 0.9
SETTLE_SECONDS = 1.0


# ---- the run ------------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> bool:
    configure_logging("WARNING", [TOKEN])
    if args.postgres is not None:
        database: contextlib.AbstractAsyncContextManager[str] = postgres_database(args.postgres)
    elif args.database_url:
        database = contextlib.nullcontext(args.database_url)  # type: ignore[assignment]
    else:
        database = sqlite_database()
    async with database as database_url, emulator(args.scale) as (base_url, emulator_pid):
        async with EmulatorClient(base_url, timeout=30) as client:
            started = time.monotonic()
            organiser, group_ids = await build_world(client, args.groups)
            confirmed = await confirm_pending_updates(base_url)
            await insert_groups(database_url, group_ids)
            await client.reset_log()
            setup = time.monotonic() - started
            print(
                f"setup: {len(group_ids)} groups in the emulator and the database in {setup:.1f} s"
                f" (updates confirmed up to {confirmed})",
                flush=True,
            )

            settings = load_settings(
                _env_file=None,
                telegram_bot_token=TOKEN,
                telegram_api_url=base_url,
                database_url=database_url,
                loa_admins=str(organiser["id"]),
                log_level="WARNING",
            )
            loa = Loa(settings, limits=Limits().scaled(args.scale))
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            if args.tracemalloc:
                tracemalloc.start()
            await loa.start()
            try:
                await greet(client, organiser["id"])
                expected = len(group_ids) * args.notices
                t0 = time.time()
                cpu0 = CpuSample.now(emulator_pid)
                await send_notices(client, organiser["id"], args.notices, args.together)
                delivery = await wait_for_delivery(
                    client, set(group_ids), expected, t0, args.timeout
                )
                cpu = CpuSample.now(emulator_pid) - cpu0
                end = delivery.last_time or time.time()
                await asyncio.sleep(SETTLE_SECONDS)  # late duplicates would show up here
                delivery = await read_delivery(client, set(group_ids), t0)
                stats = await client.stats()
                violations = await client.violations()
                limiter_429 = getattr(loa.app.bot.rate_limiter, "retry_after_seen", None)
            finally:
                await loa.stop()
            traced_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
            if args.tracemalloc:
                tracemalloc.stop()
            rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            outbox = await outbox_summary(database_url)
    emulator_cpu = cpu_seconds(resource.RUSAGE_CHILDREN)
    emulator_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

    allowed = float(stats["limits"]["global_per_second"] or 0)
    elapsed = max(end - t0, 1e-9)
    rate = delivery.delivered / elapsed
    first = (delivery.first_time or end) - t0
    others = max(0.0, cpu.machine - cpu.bot - cpu.emulator)
    ratio = rate / allowed if allowed else float("inf")
    lost = expected - delivery.distinct
    duplicated = delivery.delivered - delivery.distinct
    too_many = int(stats["too_many_requests"])
    ok = ratio >= TARGET_RATIO and too_many == 0 and lost == 0

    backend = database_url.split(":", 1)[0]
    lines = [
        ("database", backend),
        ("groups × notices", f"{len(group_ids)} × {args.notices} = {expected} expected"),
        ("messages delivered", f"{delivery.delivered}"),
        ("elapsed", f"{elapsed:.2f} s (first command → last notice delivered)"),
        ("first notice delivered after", f"{first:.2f} s"),
        ("achieved", f"{rate:.1f} messages/s"),
        ("allowed", f"{allowed:.0f} messages/s"),
        ("ratio achieved/allowed", f"{ratio:.3f} (target ≥ {TARGET_RATIO})"),
        ("429 responses", f"{too_many} (the bot's limiter saw {limiter_429})"),
        ("lost messages", f"{lost}"),
        ("duplicated messages", f"{duplicated}"),
        ("other messages", f"{delivery.other_messages} (replies, progress sends and edits)"),
        ("outbox rows", ", ".join(f"{k} {v}" for k, v in sorted(outbox.items()))),
        ("API violations", f"{len(violations)}"),
        ("bot CPU", cpu.share(cpu.bot)),
        (
            "bot peak memory (ru_maxrss)",
            f"{megabytes(rss_peak):.0f} MB ({megabytes(rss_before):.0f} MB before the bot started)",
        ),
    ]
    if traced_peak is not None:
        lines.append(("bot peak traced allocations", f"{traced_peak / 2**20:.1f} MB (tracemalloc)"))
    lines += [
        ("emulator CPU", f"{cpu.share(cpu.emulator)}; {emulator_cpu:.1f} s in all"),
        ("emulator peak memory", f"{megabytes(emulator_rss):.0f} MB"),
        ("other programs' CPU", f"{cpu.share(others)}; if large, the figures above are disturbed"),
        ("result", "PASS" if ok else "FAIL"),
    ]
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label:<{width}}  {value}")
    if violations:
        print(f"first violation: {violations[0]}")
    if args.timeline:
        print("notices delivered per second:", " ".join(map(str, delivery.timeline(t0))))
    return ok


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.broadcast",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--groups", type=int, default=1000, help="groups in the audience")
    parser.add_argument("--notices", type=int, default=3, help="notices sent to everyone")
    parser.add_argument(
        "--scale", type=float, default=10, help="Telegram's limits ×scale, on both sides"
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="database to use (default: a temporary SQLite file)")
    where.add_argument(
        "--postgres",
        nargs="?",
        const=DEFAULT_PG_ADMIN,
        metavar="ADMIN_URL",
        help="create and drop a throwaway PostgreSQL database on this server "
        f"(default {DEFAULT_PG_ADMIN})",
    )
    parser.add_argument(
        "--timeout", type=float, default=60, help="seconds to wait for every notice"
    )
    parser.add_argument(
        "--together",
        action="store_true",
        help="write the notices all at once instead of waiting for each answer",
    )
    parser.add_argument(
        "--timeline", action="store_true", help="also print notices delivered per second"
    )
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace allocations (slows the bot)"
    )
    real = parser.add_argument_group(
        "at Telegram's real limits (bench/broadcast_real.py: one notice, people using the bot)"
    )
    real.add_argument(
        "--real-limits",
        action="store_true",
        help="one notice at the real limits (30/s, 20/min per group, 1/s per private chat)",
    )
    real.add_argument(
        "--peer",
        action="store_true",
        help="then the same notice from a bare python-telegram-bot bot with AIORateLimiter",
    )
    real.add_argument(
        "--both", action="store_true", help="Loa on SQLite and on PostgreSQL, side by side"
    )
    real.add_argument(
        "--people", type=int, default=50, help="people pressing and writing during the broadcast"
    )
    real.add_argument("--seed", type=int, default=1, help="seed of the people's moments")
    args = parser.parse_args(argv)
    if (args.peer or args.both) and not args.real_limits:
        parser.error("--peer and --both go with --real-limits")
    if args.both and args.database_url:
        parser.error("--both uses a temporary SQLite file and a throwaway PostgreSQL database")
    return args


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    ok = asyncio.run(broadcast_real.run(args) if args.real_limits else run(args))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
