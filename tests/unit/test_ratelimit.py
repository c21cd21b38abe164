"""The limiter's sliding windows: in-flight plus recently finished requests stay within budget."""

from __future__ import annotations

import asyncio

from bot.ratelimit import Limits, LoaRateLimiter, SlidingWindow


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
