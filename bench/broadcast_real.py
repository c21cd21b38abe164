"""`bench.broadcast --real-limits`: one notice to 1,000 groups at Telegram's real limits, while
50 people use the bot; with `--peer`, the same notice from a bare python-telegram-bot bot after
it; with `--both`, Loa on SQLite and on PostgreSQL side by side.

    .venv/bin/python -m bench.broadcast --real-limits --groups 1000 --peer [--both]

At 30 messages a second 1,000 groups take at least 33 s whoever sends them, so what this run
asks is how close Loa comes to that floor with its durable outbox, its progress messages and
people pressing and writing meanwhile, compared with a bot that has none of these
(`bench/broadcast_peer.py`). The emulator enforces the real limits (30/s overall, 20 a minute per
group, 1 a second per private chat) and Loa's limiter is set to them. Each database gets its own
emulator, so one run's messages do not count in the next one's windows; the peer runs on the
last one, after Loa has stopped.

During Loa's broadcast, 50 people in 10 unit groups press ✅ on a meeting's card and write
`/lich` privately (`bench/broadcast_people.py`, a driver in its own process): the p95 of their
reply latencies comes from the emulator's request log.

Targets: Loa's time ≤ 1.03 × the peer's, Loa 0 × 429, nothing lost, people's reply p95 < 1 s.
Exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

from bench.broadcast_peer import PEER_RETRIES, PeerRun, broadcast
from bench.broadcast_people import (
    Replies,
    drive,
    finish,
    greet_people,
    link_units,
    make_people,
    meeting_command,
    plan,
    replies,
)
from bench.broadcast_world import (
    DEFAULT_PG_ADMIN,
    TOKEN,
    CpuSample,
    Delivery,
    build_world,
    confirm_pending_updates,
    emulator,
    greet,
    insert_groups,
    notice_text,
    outbox_summary,
    postgres_database,
    read_delivery,
    send_notices,
    sqlite_database,
    wait_for_delivery,
)
from bench.rsvp_bots import wait_for_cards
from bot.app import Loa
from bot.emulator import EmulatorClient
from bot.logs import configure_logging
from bot.ratelimit import Limits
from bot.settings import load_settings

TARGET_RATIO = 1.03
TARGET_P95 = 1.0
OVERALL_PER_SECOND = 30
DRIVER_START = 1.5  # seconds for the driver process to start before the notice is written
QUIET_BEFORE = 1.5  # seconds for the set-up's messages to leave the overall window
SETTLE_SECONDS = 1.0
COUNTED = frozenset({"sendMessage", "editMessageText"})


@dataclass
class LoaResult:
    """One Loa broadcast: on which database, how it went, what the people felt."""

    backend: str
    groups: int
    elapsed: float
    first: float
    delivery: Delivery
    too_many: int
    limiter_429: object
    outbox: dict[str, int]
    replies: Replies | None
    counted: int
    cpu: CpuSample

    @property
    def lost(self) -> int:
        return self.groups - self.delivery.distinct


@dataclass
class PeerResult:
    """The peer's broadcast, from its first send to its last notice accepted."""

    elapsed: float
    delivered: int
    lost: int
    too_many: int
    failed: dict[str, int]


def counted_messages(records: list[dict[str, object]], since: float, until: float) -> int:
    """Messages and edits the emulator accepted between `since` and `until` (its budget)."""
    return sum(
        1
        for r in records
        if r["method"] in COUNTED and r["status"] == 200 and since <= float(r["time"]) <= until  # type: ignore[arg-type]
    )


async def loa_broadcast(
    args: argparse.Namespace, client: EmulatorClient, base_url: str, pid: int, database_url: str
) -> tuple[LoaResult, list[int]]:
    """Set up the world, start Loa, let the people in, broadcast; the result and the groups."""
    started = time.monotonic()
    organiser, group_ids = await build_world(client, args.groups)
    people, unit_groups = await make_people(client, group_ids, args.people)
    await confirm_pending_updates(base_url)
    await insert_groups(database_url, group_ids)
    await link_units(database_url, unit_groups)
    await client.reset_log()
    settings = load_settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        telegram_api_url=base_url,
        database_url=database_url,
        loa_admins=str(organiser["id"]),
        log_level="WARNING",
    )
    loa = Loa(settings, limits=Limits())
    await loa.start()
    try:
        await greet(client, organiser["id"])
        meeting_id = 0
        if people:
            await greet_people(client, people)
            meeting = meeting_command(len(unit_groups))
            await client.send_text(organiser["id"], organiser["id"], meeting)
            meeting_id, cards = await wait_for_cards(client, unit_groups)
            for person in people:
                person.card_id = cards[person.group_id]
        await asyncio.sleep(QUIET_BEFORE)
        backend = database_url.split(":", 1)[0]
        print(
            f"{backend}: {len(group_ids)} groups, {len(people)} people in {len(unit_groups)} "
            f"unit groups (meeting #{meeting_id}) ready in {time.monotonic() - started:.1f} s; "
            "broadcasting…",
            flush=True,
        )
        t0 = time.time() + DRIVER_START
        span = 0.9 * len(group_ids) / OVERALL_PER_SECOND
        driver = (
            await drive(plan(people, meeting_id, base_url, t0, span, args.seed)) if people else None
        )
        await asyncio.sleep(max(0.0, t0 - time.time()))
        already = int((await client.stats())["messages_sent"])
        cpu0 = CpuSample.now(pid)
        t0 = time.time()
        await send_notices(client, organiser["id"], 1, together=False)
        expected = len(group_ids)
        within = max(args.timeout, 3 * expected / OVERALL_PER_SECOND + 30)
        delivery = await wait_for_delivery(client, set(group_ids), expected, t0, within, already)
        cpu = CpuSample.now(pid) - cpu0
        end = delivery.last_time or time.time()
        done = await finish(driver) if driver is not None else []
        await asyncio.sleep(SETTLE_SECONDS)  # late duplicates would show up here
        delivery = await read_delivery(client, set(group_ids), t0)
        stats = await client.stats()
        felt = await replies(client, done) if driver is not None else None
        records = await client.requests()
        limiter_429 = getattr(loa.app.bot.rate_limiter, "retry_after_seen", None)
    finally:
        await loa.stop()
    result = LoaResult(
        backend=backend,
        groups=expected,
        elapsed=max(end - t0, 1e-9),
        first=(delivery.first_time or end) - t0,
        delivery=delivery,
        too_many=int(stats["too_many_requests"]),
        limiter_429=limiter_429,
        outbox=await outbox_summary(database_url),
        replies=felt,
        counted=counted_messages(records, t0, end),
        cpu=cpu,
    )
    return result, group_ids


async def peer_broadcast(client: EmulatorClient, base_url: str, group_ids: list[int]) -> PeerResult:
    """The bare PTB bot sends the same notice to the same groups on the same emulator."""
    await client.reset_log()
    run: PeerRun = await broadcast(TOKEN, base_url, group_ids, notice_text(1))
    await asyncio.sleep(SETTLE_SECONDS)
    delivery = await read_delivery(client, set(group_ids), run.started)
    stats = await client.stats()
    end = delivery.last_time or time.time()
    return PeerResult(
        elapsed=max(end - run.started, 1e-9),
        delivered=delivery.delivered,
        lost=len(group_ids) - delivery.distinct,
        too_many=int(stats["too_many_requests"]),
        failed=run.failed,
    )


def databases(args: argparse.Namespace) -> list[contextlib.AbstractAsyncContextManager[str]]:
    """The databases to broadcast on, in order."""
    if args.both:
        return [sqlite_database(), postgres_database(args.postgres or DEFAULT_PG_ADMIN)]
    if args.postgres is not None:
        return [postgres_database(args.postgres)]
    if args.database_url:
        return [contextlib.nullcontext(args.database_url)]  # type: ignore[list-item]
    return [sqlite_database()]


@contextlib.asynccontextmanager
async def world_emulator() -> AsyncIterator[tuple[EmulatorClient, str, int]]:
    """A fresh emulator at the real limits, and a client for it."""
    async with emulator(1.0) as (base_url, pid), EmulatorClient(base_url, timeout=60) as client:
        yield client, base_url, pid


async def run(args: argparse.Namespace) -> bool:
    configure_logging("WARNING", [TOKEN])
    results: list[LoaResult] = []
    peer: PeerResult | None = None
    places = databases(args)
    for index, place in enumerate(places):
        async with place as database_url, world_emulator() as (client, base_url, pid):
            result, group_ids = await loa_broadcast(args, client, base_url, pid, database_url)
            results.append(result)
            print(f"{result.backend}: Loa delivered in {result.elapsed:.2f} s", flush=True)
            if args.peer and index == len(places) - 1:
                peer = await peer_broadcast(client, base_url, group_ids)
                print(f"peer: delivered in {peer.elapsed:.2f} s", flush=True)
    return report(args, results, peer)


def report(args: argparse.Namespace, results: list[LoaResult], peer: PeerResult | None) -> bool:
    """Print the figures, one per line, and say whether every target was met."""
    checks: dict[str, bool] = {}
    lines: list[tuple[str, str]] = [
        ("limits", f"Telegram's real ones: {OVERALL_PER_SECOND}/s overall, 20/min per group"),
        ("floor", f"{args.groups / OVERALL_PER_SECOND:.1f} s for {args.groups} groups at 30/s"),
    ]
    for r in results:
        name = f"Loa on {r.backend}"
        lines += [
            (f"{name}: elapsed", f"{r.elapsed:.2f} s (the command → the last group's notice)"),
            (f"{name}: first notice after", f"{r.first:.2f} s"),
            (
                f"{name}: messages in the budget",
                f"{r.counted} ({r.groups} notices + {r.counted - r.delivery.delivered} replies, "
                f"cards, edits and progress), {r.counted / r.elapsed:.1f}/s",
            ),
            (
                f"{name}: its own floor",
                f"{r.counted / OVERALL_PER_SECOND:.1f} s for those at 30/s: elapsed is "
                f"{r.elapsed * OVERALL_PER_SECOND / max(r.counted, 1):.3f} × that",
            ),
            (f"{name}: 429s", f"{r.too_many} (its limiter saw {r.limiter_429})"),
            (f"{name}: lost", f"{r.lost}"),
            (f"{name}: duplicated", f"{r.delivery.delivered - r.delivery.distinct}"),
            (f"{name}: outbox rows", ", ".join(f"{k} {v}" for k, v in sorted(r.outbox.items()))),
            (
                f"{name}: CPU",
                f"bot {r.cpu.share(r.cpu.bot)}, emulator {r.cpu.share(r.cpu.emulator)}, "
                f"others {r.cpu.share(max(0.0, r.cpu.machine - r.cpu.bot - r.cpu.emulator))}",
            ),
        ]
        checks[f"{r.backend} 0 × 429"] = r.too_many == 0
        checks[f"{r.backend} nothing lost"] = r.lost == 0
        if r.replies is not None:
            lines.append(
                (
                    f"{name}: people's replies",
                    f"{r.replies.answered}/{r.replies.actions} answered; {r.replies.describe()} "
                    f"(target p95 < {TARGET_P95:.0f} s)",
                )
            )
            checks[f"{r.backend} reply p95"] = (
                r.replies.answered == r.replies.actions and r.replies.p95() < TARGET_P95
            )
    if peer is not None:
        failed = ", ".join(f"{k} {v}" for k, v in sorted(peer.failed.items())) or "none"
        lines += [
            ("peer (PTB + AIORateLimiter): elapsed", f"{peer.elapsed:.2f} s (first send → last)"),
            (
                "peer: 429s",
                f"{peer.too_many} (retried up to {PEER_RETRIES} times; given up: {failed})",
            ),
            ("peer: lost", f"{peer.lost}"),
        ]
        for r in results:
            ratio = r.elapsed / peer.elapsed
            lines.append(
                (f"ratio Loa on {r.backend}/peer", f"{ratio:.3f} (target ≤ {TARGET_RATIO})")
            )
            checks[f"{r.backend} ratio"] = ratio <= TARGET_RATIO
    if len(results) > 1:
        side = " | ".join(
            f"{r.backend} {r.elapsed:.2f} s, 429 {r.too_many}, lost {r.lost}, p95 "
            + (f"{1000 * r.replies.p95():.0f} ms" if r.replies else "-")
            for r in results
        )
        lines.append(("side by side", side))
    ok = all(checks.values())
    missed = ", ".join(k for k, v in checks.items() if not v)
    lines.append(("result", "PASS" if ok else f"FAIL ({missed})"))
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label:<{width}}  {value}")
    return ok
