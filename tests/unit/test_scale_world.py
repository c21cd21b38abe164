"""The scale benchmark's data builder writes the network it says it writes (small numbers)."""

from __future__ import annotations

from bench.scale_world import Plan, build


async def test_builder_writes_the_counts_of_its_plan(db_url: str) -> None:
    plan = Plan(units=12, people_per_unit=3, meetings=7, units_per_meeting=4, big_units=10)
    built = await build(db_url, plan)
    assert (built.units, built.groups, built.people, built.private_chats) == (12, 12, 36, 36)
    assert built.meetings == 7
    assert built.cards == 10 + 6 * 4  # one card per group of each meeting's audience
    assert built.rsvps == 6 + 6 * 2  # 60% of each meeting's units answered
    assert built.pending_reminders == 7 * 5 == plan.reminders
