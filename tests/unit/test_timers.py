"""The timers of several instances: each arms what the database says is due soon, once, and a
timer it has just fired is not armed again at every scan."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.scheduler import SchedulerTimers


async def test_a_scan_arms_each_due_timer_once_and_not_again_after_it_fired() -> None:
    fired: list[int] = []

    async def fire(schedule_id: int) -> None:
        fired.append(schedule_id)

    timers = SchedulerTimers(fire)
    timers.start()
    try:
        soon = datetime.now(UTC) + timedelta(seconds=0.3)
        assert timers.arm_due([(1, soon), (2, soon)]) == 2
        assert timers.arm_due([(1, soon), (2, soon)]) == 0  # already held here
        timers.arm(3, soon)  # armed by the handler that created it
        assert timers.arm_due([(3, soon)]) == 0
        await asyncio.sleep(0.8)
        assert sorted(fired) == [1, 2, 3]
        assert timers.arm_due([(1, soon), (2, soon), (3, soon)]) == 0  # fired lately: left alone
        moved = soon + timedelta(seconds=0.1)
        assert timers.arm_due([(4, moved)]) == 1
        await asyncio.sleep(0.5)
        assert sorted(fired) == [1, 2, 3, 4]
    finally:
        timers.shutdown()


async def test_a_timer_fired_a_while_ago_and_still_pending_is_armed_again() -> None:
    fired: list[int] = []

    async def fire(schedule_id: int) -> None:
        fired.append(schedule_id)
        raise RuntimeError("database away")  # the row stays pending

    timers = SchedulerTimers(fire, refire_after=0.3)
    timers.start()
    try:
        now = datetime.now(UTC)
        timers.arm_due([(7, now)])
        await asyncio.sleep(0.2)
        assert fired == [7]
        assert timers.arm_due([(7, now)]) == 0
        await asyncio.sleep(0.3)
        assert timers.arm_due([(7, now)]) == 1
        await asyncio.sleep(0.2)
        assert fired == [7, 7]
    finally:
        timers.shutdown()
