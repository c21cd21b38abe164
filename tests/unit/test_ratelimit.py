"""The limiter's sliding windows: in-flight plus recently finished requests stay within budget;
several instances on PostgreSQL share the budgets."""

from __future__ import annotations

import asyncio
import time

from bot.ratelimit import Limits, LoaRateLimiter, SharedRateLimiter, SlidingWindow
from storage import migrate
from tests.conftest import POSTGRES_ONLY


class Ticks:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_window_admits_its_limit_then_waits_for_the_oldest_to_age_out() -> None:
    ticks = Ticks()
    window = SlidingWindow(2, 1.0, clock=ticks)
    await window.acquire()
    await window.acquire()
    window.release()
    window.release()
    third = asyncio.create_task(window.acquire())
    await asyncio.sleep(0.05)
    assert not third.done()
    ticks.now += 1.01
    await asyncio.wait_for(third, 2)


async def test_requests_in_flight_count_until_they_finish() -> None:
    window = SlidingWindow(1, 60.0)
    await window.acquire()
    waiting = asyncio.create_task(window.acquire())
    await asyncio.sleep(0.05)
    assert not waiting.done()
    window.release()  # finished now: still inside the 60 s window
    await asyncio.sleep(0.05)
    assert not waiting.done()
    waiting.cancel()


async def test_a_pause_holds_everything_back() -> None:
    window = SlidingWindow(10, 1.0)
    window.pause(0.3)
    blocked = asyncio.create_task(window.acquire())
    await asyncio.sleep(0.1)
    assert not blocked.done()
    await asyncio.wait_for(blocked, 2)


async def test_the_limiter_paces_one_group_and_leaves_others_free() -> None:
    limiter = LoaRateLimiter(Limits(overall_per_second=100, group_per_minute=2))
    calls: list[int] = []

    async def call(chat: int) -> dict[str, bool]:
        calls.append(chat)
        return {"ok": True}

    async def send(chat: int) -> None:
        await limiter.process_request(call, (chat,), {}, "sendMessage", {"chat_id": chat}, None)

    await send(-1)
    await send(-1)
    third = asyncio.create_task(send(-1))
    await send(-2)
    await send(42)  # a private chat
    await asyncio.sleep(0.05)
    assert calls == [-1, -1, -2, 42]
    assert not third.done()
    third.cancel()


async def test_unlimited_methods_pass_straight_through() -> None:
    limiter = LoaRateLimiter(Limits(overall_per_second=1))

    async def call() -> bool:
        return True

    for _ in range(5):
        assert await limiter.process_request(call, (), {}, "answerCallbackQuery", {}, None)


async def _shared_limiters(db_url: str, limits: Limits, n: int = 2) -> list[SharedRateLimiter]:
    """`n` limiters on one database, as `n` instances of the bot would have."""
    await asyncio.to_thread(migrate.upgrade, db_url)
    return [SharedRateLimiter(db_url, limits) for _ in range(n)]


@POSTGRES_ONLY
async def test_two_instances_together_stay_within_the_overall_budget(db_url: str) -> None:
    limiters = await _shared_limiters(db_url, Limits(overall_per_second=10))
    times: list[float] = []

    async def call() -> bool:
        times.append(time.monotonic())
        return True

    async def send(limiter: SharedRateLimiter, chat: int) -> None:
        await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": chat}, None)

    try:
        await asyncio.gather(*(send(limiters[i % 2], 1000 + i) for i in range(25)))
    finally:
        for limiter in limiters:
            await limiter.shutdown()
    times.sort()
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    assert busiest <= 10, busiest  # each alone would have let 10 through in that second
    assert times[-1] - times[0] >= 2.0


@POSTGRES_ONLY
async def test_two_instances_share_a_groups_budget(db_url: str) -> None:
    limiters = await _shared_limiters(db_url, Limits(overall_per_second=100, group_per_minute=3))
    calls: list[str] = []

    async def call(who: str) -> bool:
        calls.append(who)
        return True

    async def send(limiter: SharedRateLimiter, who: str) -> None:
        await limiter.process_request(call, (who,), {}, "sendMessage", {"chat_id": -77}, None)

    try:
        await send(limiters[0], "a1")
        await send(limiters[1], "b1")
        await send(limiters[0], "a2")
        fourth = asyncio.create_task(send(limiters[1], "b2"))
        await asyncio.sleep(0.5)
        assert calls == ["a1", "b1", "a2"] and not fourth.done()  # the group's 3 a minute
        fourth.cancel()
        other = -78
        await limiters[1].process_request(
            call, ("b3",), {}, "sendMessage", {"chat_id": other}, None
        )
        assert calls[-1] == "b3"
    finally:
        for limiter in limiters:
            await limiter.shutdown()
