"""The Bot API down for 60 s — connections closed, or 502 Bad Gateway — in the middle of a meeting
card's broadcast to 50 groups and at its reminder's due time: every group gets the card and the
reminder exactly once, Loa does not storm the dead API (the emulator counts what arrived during
the outage), delivery resumes within 5 s of the API's return, and polling survives: a command
typed after the outage is answered, without a restart."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, timedelta

from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import Outbox, OutboxStatus, ScheduledSend, ScheduleKind
from tests.e2e.conftest import Cluster, SkewedClock, wait_until
from tests.e2e.test_foundation import build_cluster

GROUPS = 50
OUTAGE = 60.0
SKEW = 32  # the bot's clock runs 32 s behind: "nhắc: 2 giờ 59 phút" falls due ~28 s from now
SEND_DELAY = 0.4  # each card answered 0.4 s late before the outage, so it begins mid-broadcast
# What may reach the API during the outage: the sends in flight when it began (the worker's
# concurrency, 8), one getMe probe at a time (≥ ~0.2 s, then every ≤ 3 s: ~25 in 60 s),
# python-telegram-bot's polling retries (growing pauses: ~10) and slack for edits in flight.
MAX_REQUESTS_DURING = 60
MAX_SENDS_DURING = 12
RESUME_WITHIN = 5.0
CARD, REMINDER = "GIẤY MỜI HỌP #1", "Nhắc lịch họp #1"


async def texts(c: Cluster, chat_id: int) -> list[str]:
    return [m["text"] or m.get("caption") or "" for m in await c.client.bot_messages(chat_id)]


async def count_in(c: Cluster, chat_id: int, needle: str) -> int:
    return sum(needle in t for t in await texts(c, chat_id))


async def outbox_rows(c: Cluster) -> list[Outbox]:
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        rows = list((await session.scalars(select(Outbox))).all())
    await engine.dispose()
    return rows


async def reminder_due_real(c: Cluster) -> float:
    """When the meeting's first reminder fires: its time on the bot's clock, which the timers
    take as real time (so with the skew it is due SKEW seconds earlier than "1 phút" says)."""
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        rows = (await session.scalars(select(ScheduledSend))).all()
    await engine.dispose()
    runs = [r.run_at for r in rows if r.kind == ScheduleKind.REMINDER]
    assert runs, [r.kind for r in rows]
    first = min(runs)
    first = first if first.tzinfo else first.replace(tzinfo=UTC)
    return first.timestamp()


async def test_an_outage_mid_broadcast_and_at_a_reminder_loses_nothing_and_storms_nothing(
    cluster: Cluster,
) -> None:
    # each kind of outage once (a minute each): 502s on SQLite, refused connections on PostgreSQL
    kind = "502" if cluster.db_url.startswith("sqlite") else "refuse"
    c, org = cluster, cluster.organiser
    await c.stop()
    c.clock = SkewedClock(timedelta(seconds=-SKEW))
    await c.start()
    groups = await build_cluster(c, units=GROUPS, extra_groups=0)
    await c.client.set_fault(method="sendMessage", kind="delay", delay=SEND_DELAY, count=100_000)
    form = "/hop Họp giao ban | 3 giờ nữa | Phòng họp số 2!\nnhắc: 2 giờ 59 phút"
    await c.client.send_text(org["id"], org["id"], form)

    async def some_cards() -> bool:
        got = [await count_in(c, g, CARD) for g in groups[:16]]
        return sum(got) >= 3

    await wait_until(some_cards, within=20, interval=0.05)
    outage = await c.client.outage(OUTAGE, kind)
    await c.client.clear_faults()
    before = sum([await count_in(c, g, CARD) for g in groups])
    assert 0 < before < GROUPS, "the outage begins in the middle of the broadcast"
    due = await reminder_due_real(c)
    assert outage["started"] + 5 < due < outage["ends"] - 5, "the reminder falls due inside it"

    await asyncio.sleep(max(0.0, outage["ends"] - time.time()))
    info = await c.client.outage_info()
    assert not info["active"]
    end = info["ends"]

    # polling survived: a command typed now is answered (python-telegram-bot's updater backs off
    # up to ~25 s after a minute of failed getUpdates before it asks again)
    replies = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/ds")
    answered = await c.client.wait_bot_messages(org["id"], replies + 1, timeout=45)
    answered_after = time.time() - end
    assert "#1" in answered[replies]["text"]

    async def all_there() -> bool:
        cards = [await count_in(c, g, CARD) for g in groups]
        reminders = [await count_in(c, g, REMINDER) for g in groups]
        return all(n >= 1 for n in cards + reminders)

    await wait_until(all_there, within=30, interval=0.1)
    await asyncio.sleep(1.0)  # nothing more arrives later
    for gid in groups:
        assert await count_in(c, gid, CARD) == 1, gid
        assert await count_in(c, gid, REMINDER) == 1, gid

    log = await c.client.requests()
    during = info["requests_by_method"]
    sends_during = sum(n for m, n in during.items() if m.startswith(("send", "edit")))
    resumed = min(
        r["time"]
        for r in log
        if r["time"] >= end and r["status"] == 200 and r["method"].startswith(("send", "edit"))
    )
    reminded = [
        r["time"]
        for r in log
        if r["method"] == "sendMessage" and r["status"] == 200 and r["time"] >= end
    ]
    print(
        f"\noutage {kind} {OUTAGE:.0f} s: {before}/{GROUPS} cards before it; "
        f"{info['requests']} requests during it {during}; "
        f"first delivery {resumed - end:.2f} s after its end; "
        f"all delivered {max(reminded) - end:.2f} s after; "
        f"command answered {answered_after:.1f} s after"
    )
    rows = await outbox_rows(c)
    assert all(r.status == OutboxStatus.SENT for r in rows), [r.status for r in rows]
    spent = sorted({r.attempts for r in rows})
    assert spent == [1], f"the outage spent no row's attempts: {spent}"
    assert info["requests"] <= MAX_REQUESTS_DURING, during
    assert sends_during <= MAX_SENDS_DURING, during
    assert resumed - end <= RESUME_WITHIN


async def test_a_reply_that_meets_the_outage_is_sent_once_when_the_api_returns(
    cluster: Cluster,
) -> None:
    """Replies go straight to the API, not through the outbox: one on its way when the API goes
    down (held 2 s on the way in, so it arrives during the outage) waits for the API's return."""
    c, org = cluster, cluster.organiser
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.set_fault(method="sendMessage", chat_id=org["id"], kind="delay", delay=2.0)
    await c.client.send_text(org["id"], org["id"], "/start")
    await asyncio.sleep(1.0)  # the reply is on its way
    outage = await c.client.outage(3.0, "502")
    answered = await c.client.wait_bot_messages(org["id"], before + 1, timeout=20)
    info = await c.client.outage_info()
    assert info["requests_by_method"].get("sendMessage", 0) >= 1, "the reply met the outage"
    assert "Ban tổ chức" in answered[before]["text"]
    log = await c.client.requests("sendMessage")
    delivered = [r for r in log if r["status"] == 200 and r["chat_id"] == org["id"]]
    assert delivered[-1]["time"] >= outage["ends"]
    await asyncio.sleep(1.0)
    assert len(await c.client.bot_messages(org["id"])) == before + 1
