"""Several delivery workers on one PostgreSQL: claims skip the rows another worker holds, and a
lease that ran out gives its rows back while a live one keeps them."""

from __future__ import annotations

from datetime import timedelta

from storage import queries
from storage.models import OutboxStatus
from tests.conftest import POSTGRES_ONLY
from tests.support import Harness, command
from tests.unit.test_meetings import SENT, cluster, rows, run

LEASE = timedelta(seconds=20)


@POSTGRES_ONLY
async def test_two_workers_claim_different_rows_and_a_dead_ones_come_back(
    h: Harness, db_url: str
) -> None:
    await cluster(h, 6)
    await run(h, command("hop", SENT))  # six cards to send
    now = h.env.clock.now()
    async with h.env.sessions() as first, h.env.sessions() as second:
        mine = await queries.claim_due_outbox(first, now, 4, LEASE)  # not committed yet
        theirs = await queries.claim_due_outbox(second, now, 100, LEASE)
        assert len(mine) == 4 and len(theirs) >= 2
        assert not {r.id for r in mine} & {r.id for r in theirs}
        await first.commit()
        await second.commit()
    async with h.env.sessions() as session:
        await queries.extend_leases(session, [r.id for r in mine], now + 2 * LEASE)  # alive
        released = await queries.release_expired_leases(session, now + LEASE + timedelta(seconds=1))
        await session.commit()
    assert released == len(theirs)  # the other worker died: its rows are pending again
    by_id = {r.id: r.status for r in await rows(h)}
    assert all(by_id[r.id] == OutboxStatus.SENDING for r in mine)
    assert all(by_id[r.id] == OutboxStatus.PENDING for r in theirs)
