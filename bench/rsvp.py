"""RSVP benchmark: 2,000 button presses from 200 people in 20 groups on one meeting's cards.

    .venv/bin/python -m bench.rsvp [--groups 20] [--people 200] [--presses 2000] [--at-once 32]
                                   [--database-url URL | --postgres [ADMIN_URL]]

The Bot API emulator runs in its own process with Telegram's real limits (30 messages/s overall,
20 a minute per group, 1 a second per private chat), and the real bot (`Loa`, with the same
limits in its rate limiter) runs in this process, so card edits are paced as in production.
Units and groups linked to them are written straight into the database; the organiser (in
LOA_ADMINS) sends `/hop Họp | 8h <a week ahead> | Hội trường | tất cả!` in their private chat and
the benchmark waits until every group shows its card.

The presses come from a driver in a third process (so its HTTP calls cost the emulator and the
driver, not the bot being measured): every person presses buttons on their group's card through
the emulator's control API, mostly ✅ with some ❌ and 👤 (those ask a follow-up question through
the outbox), at most `--at-once` people at a time, each waiting for the toast before pressing
again, as people do. The driver polls for its toasts sparingly (the first poll when a toast is
typically due); the latencies themselves come from the emulator's request log: the time of the
`answerCallbackQuery` of each query minus the time the driver pressed.

Then the benchmark waits until the cards settle (the last coalesced edit has landed and nothing
is left in the outbox), counts the `editMessageText` calls per group from the request log and
checks that every card shows the database's tally. Last, Loa is stopped and a bare
python-telegram-bot Application that only answers the callback (`answer("ok")`, same long
polling, 16 concurrent updates: its best, as 32 and 64 measured slower) takes the same presses
from the same driver on the same emulator.

Loa answers presses on meeting cards in batches (`handlers/meetings/presses.py`, up to
`bot.telegram.CONCURRENT_UPDATES` in hand): "Loa press batches" says how many units of work the
presses took.

Targets: Loa's presses/s ≥ 0.5 × the bare bot's, at most 20 card edits a minute in any group, no
429, every card's tally matches the database, every press answered and none with an error
toast. Exits 1 when one is missed.

Reading the figures: the bots are CPU-bound, so on a 2-core machine the CPU line matters; "other
programs" is what the rest of the machine took meanwhile (if large, the figures are disturbed).
"Loa SQL statements per press" counts every statement of the bot's engine, the delivery
worker's included.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import event

from bench.broadcast_world import emulator
from bench.rsvp_bots import bare_bot, settle, take_presses, wait_for_cards
from bench.rsvp_measure import Phase, StatementCounter, read_edits
from bench.rsvp_processes import TOKEN, driver_main
from bench.rsvp_world import (
    MIX,
    Database,
    build_world,
    confirm_pending_updates,
    insert_units_and_groups,
    postgres_database,
    press_plan,
    sqlite_database,
)
from bot.app import Loa
from bot.emulator import EmulatorClient
from bot.logs import configure_logging
from bot.ratelimit import Limits
from bot.settings import load_settings

# This module runs the benchmark and prints its report; its parts live beside it: the emulator
# and driver processes (rsvp_processes), the world and the database (rsvp_world), the
# measurements (rsvp_measure) and the bots taking the presses (rsvp_bots).
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_PG_ADMIN = os.environ.get(
    "LOA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
TARGET_RATIO = 0.5
GROUP_EDITS_PER_MINUTE = 20


def meeting_command(now: datetime) -> str:
    day = (now + timedelta(days=7)).astimezone(TZ)
    return f"/hop Họp | 8h {day.day:02d}/{day.month:02d}/{day.year} | Hội trường | tất cả!"


async def run(args: argparse.Namespace) -> bool:
    configure_logging("WARNING", [TOKEN])
    if args.postgres is not None:
        database: contextlib.AbstractAsyncContextManager[str] = postgres_database(args.postgres)
    elif args.database_url:
        database = contextlib.nullcontext(args.database_url)  # type: ignore[assignment]
    else:
        database = sqlite_database()
    profile = cProfile.Profile() if args.profile else None
    async with (
        database as database_url,
        emulator(1.0) as (base_url, emulator_pid),  # Telegram's real limits
        EmulatorClient(base_url, timeout=60) as client,
    ):
        started = time.monotonic()
        world = await build_world(client, args.groups, args.people)
        await confirm_pending_updates(base_url)
        await insert_units_and_groups(database_url, world.groups)
        organiser = int(world.organiser["id"])
        settings = load_settings(
            _env_file=None,
            telegram_bot_token=TOKEN,
            telegram_api_url=base_url,
            database_url=database_url,
            loa_admins=str(organiser),
            log_level="WARNING",
        )
        loa = Loa(settings, limits=Limits())
        db = Database(database_url)
        await loa.start()
        assert loa.engine is not None
        statements = StatementCounter()
        event.listen(loa.engine.sync_engine, "before_cursor_execute", statements)
        try:
            await client.send_text(organiser, organiser, "/start")
            await client.wait_bot_messages(organiser, 1, timeout=15)
            await client.send_text(organiser, organiser, meeting_command(datetime.now(UTC)))
            meeting_id, cards = await wait_for_cards(client, world.groups)
            plan = press_plan(world, cards, meeting_id, args.presses, args.seed)
            print(
                f"setup: {len(world.groups)} groups, {len(world.people)} people, meeting "
                f"#{meeting_id} on every card in {time.monotonic() - started:.1f} s",
                flush=True,
            )
            assert loa.presses is not None
            before = statements.count
            batches_before, batched_before = loa.presses.batches, loa.presses.presses
            loa_phase, _ = await take_presses(
                client, "Loa", base_url, plan, args.at_once, emulator_pid, profile
            )
            loa_statements = statements.count - before
            batches = loa.presses.batches - batches_before
            batched = loa.presses.presses - batched_before
            print(f"Loa took the presses in {loa_phase.wall:.1f} s; settling…", flush=True)
            settled = await settle(client, db, meeting_id, cards, args.settle_timeout)
            edits = await read_edits(client, set(world.groups), loa_phase.first_press)
            limiter_429 = getattr(loa.app.bot.rate_limiter, "retry_after_seen", None)
        finally:
            await loa.stop()
        outbox = await db.outbox_summary(meeting_id)
        await db.close()
        if profile is not None:
            profile.dump_stats(args.profile)

        bare_phase: Phase | None = None
        if not args.no_bare:
            await confirm_pending_updates(base_url)
            async with bare_bot(base_url):
                bare_phase, _ = await take_presses(
                    client, "bare", base_url, plan, args.at_once, emulator_pid
                )
        stats = await client.stats()
        violations = await client.violations()
        total = time.monotonic() - started

    ratio = loa_phase.rate / bare_phase.rate if bare_phase else float("nan")
    too_many = int(stats["too_many_requests"])
    tallies_match = settled.matching == len(cards)
    checks = {
        f"ratio ≥ {TARGET_RATIO}": bare_phase is None or ratio >= TARGET_RATIO,
        f"edits ≤ {GROUP_EDITS_PER_MINUTE}/min/group": edits.max_per_minute
        <= GROUP_EDITS_PER_MINUTE,
        "no 429": too_many == 0,
        "tallies match": tallies_match,
        "every press answered": loa_phase.answered == loa_phase.presses
        and (bare_phase is None or bare_phase.answered == bare_phase.presses),
        "no error toasts": not any(loa_phase.toasts.get(k) for k in ("error", "other")),
    }
    ok = all(checks.values())

    backend = database_url.split(":", 1)[0]
    mix = ", ".join(f"{letter} {weight}%" for letter, weight in MIX)
    lines: list[tuple[str, str]] = [
        ("database", backend),
        (
            "presses",
            f"{loa_phase.presses} from {len(plan)} people in {len(cards)} groups "
            f"(r:a/x/s = {mix}), {args.at_once} people at once",
        ),
        ("Loa presses/s", f"{loa_phase.rate:.1f}"),
        ("bare bot presses/s", f"{bare_phase.rate:.1f}" if bare_phase else "not run"),
        ("ratio Loa/bare", f"{ratio:.2f} (target ≥ {TARGET_RATIO})"),
        (
            "Loa press-to-toast p50 / p95",
            f"{loa_phase.ms(0.5)} / {loa_phase.ms(0.95)} (max {loa_phase.ms(1.0)})",
        ),
    ]
    if bare_phase:
        lines.append(
            (
                "bare press-to-toast p50 / p95",
                f"{bare_phase.ms(0.5)} / {bare_phase.ms(0.95)} (max {bare_phase.ms(1.0)})",
            )
        )
    lines += [
        ("Loa toasts", ", ".join(f"{k} {v}" for k, v in sorted(loa_phase.toasts.items()))),
        ("card edits total", f"{edits.total} ({edits.not_modified} 'not modified')"),
        (
            "card edits max per group per minute",
            f"{edits.max_per_minute} (target ≤ {GROUP_EDITS_PER_MINUTE}; messages and edits "
            f"together: {edits.max_messages_per_minute})",
        ),
        ("429s received", f"{too_many} (Loa's limiter saw {limiter_429})"),
        (
            "cards settled",
            f"{settled.seconds:.1f} s after the presses"
            if settled.seconds is not None
            else f"not within {args.settle_timeout:.0f} s (left: {settled.unsent})",
        ),
        (
            "final tallies match",
            f"{'yes' if tallies_match else 'no'} ({settled.matching}/"
            f"{len(cards)} cards show “{settled.tally}”)",
        ),
        ("outbox rows", ", ".join(f"{k} {v}" for k, v in sorted(outbox.items()))),
        ("CPU while Loa took presses", loa_phase.cpu()),
        (
            "Loa SQL statements per press",
            f"{loa_statements / max(loa_phase.presses, 1):.1f} (delivery worker included)",
        ),
        (
            "Loa press batches",
            f"{batches} (mean {batched / max(batches, 1):.1f} presses, one commit each)",
        ),
    ]
    if bare_phase:
        lines.append(("CPU while bare bot took presses", bare_phase.cpu()))
    lines += [
        (
            "toast polls per press",
            f"Loa {loa_phase.polls / max(loa_phase.presses, 1):.1f}"
            + (f", bare {bare_phase.polls / max(bare_phase.presses, 1):.1f}" if bare_phase else ""),
        ),
        ("API violations", f"{len(violations)}"),
        ("whole run", f"{total:.0f} s"),
        (
            "result",
            ("PASS" if ok else "FAIL")
            + ("" if ok else f" ({', '.join(k for k, v in checks.items() if not v)})"),
        ),
    ]
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label:<{width}}  {value}")
    if violations:
        print(f"first violation: {violations[0]}")
    return ok


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.rsvp", description=__doc__)
    parser.add_argument("--groups", type=int, default=20, help="groups (one unit each)")
    parser.add_argument("--people", type=int, default=200, help="people, spread over the groups")
    parser.add_argument("--presses", type=int, default=2000, help="button presses in all")
    parser.add_argument(
        "--at-once", type=int, default=32, help="people pressing at the same time (default 32)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the answers drawn")
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
        "--settle-timeout",
        type=float,
        default=100,
        help="seconds to wait for the cards to settle after the presses",
    )
    parser.add_argument("--no-bare", action="store_true", help="skip the bare bot's run")
    parser.add_argument(
        "--profile", metavar="FILE", help="write a cProfile of this process while Loa takes presses"
    )
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    if args.drive:
        driver_main()
        return
    ok = asyncio.run(run(args))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
