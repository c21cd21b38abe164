"""Coalesced card refreshes: answers mark their meeting (and papers their paper call), and one
task per announcement brings its cards up to date a moment later, for all the answers that came
in meanwhile.

A busy meeting takes many answers a second; refreshing every card inside each answer's unit of
work made each press pay for the tally, the card rows and their pending edits, and made the
presses queue on the meeting's row lock. The answer itself is committed before its toast; the
cards follow within `DELAY` (and the delivery worker still spaces the edits of one card by
`EDIT_GAP`). Nothing is lost in a crash between the two: on start the cards of every meeting
still ahead are compared with the database (`refresh_upcoming`), which edits only those that
show something else.
"""

from __future__ import annotations

import asyncio
import logging

from handlers.core import Env
from handlers.meetings.invitation import refresh_cards
from handlers.notices.acks import refresh_notice_cards
from handlers.papers.card import refresh_paper_cards
from storage import queries
from storage.db import retry_busy
from storage.models import Announcement, AnnouncementKind, AnnouncementStatus

log = logging.getLogger(__name__)

DELAY = 1.0  # seconds an answer's cards wait for the answers after it
RETRY = 5.0  # seconds before a refresh that failed (database away) is tried again


class CardRefresher:
    """Refreshes the cards of meetings marked with `changed`, at most once per `delay`."""

    def __init__(self, env: Env, *, delay: float = DELAY, retry: float = RETRY) -> None:
        self._env = env
        self._delay = delay
        self._retry = retry
        self._due: set[int] = set()
        self._tasks: dict[int, asyncio.Task[None]] = {}

    def changed(self, announcement_id: int) -> None:
        """An answer to this meeting was committed: its cards are refreshed shortly."""
        self._due.add(announcement_id)
        if announcement_id not in self._tasks:
            task = asyncio.get_running_loop().create_task(self._run(announcement_id))
            self._tasks[announcement_id] = task

    async def _run(self, announcement_id: int) -> None:
        wait = self._delay
        try:
            while announcement_id in self._due:
                await asyncio.sleep(wait)
                self._due.discard(announcement_id)
                try:
                    await self.refresh(announcement_id)
                    wait = self._delay
                except Exception:
                    log.exception("cards of #%s not refreshed; trying again", announcement_id)
                    self._due.add(announcement_id)
                    wait = self._retry
        finally:
            self._tasks.pop(announcement_id, None)

    async def refresh(self, announcement_id: int) -> None:
        """Bring the cards of the meeting or paper call up to date now, in a unit of work of
        its own (tried again if the database is busy)."""

        async def attempt() -> None:
            async with self._env.sessions() as session:
                ann = await queries.announcement(session, announcement_id)
                if ann is None or not _live(ann):
                    return
                if ann.kind == AnnouncementKind.PAPER_CALL:
                    await refresh_paper_cards(self._env, session, ann)
                elif ann.kind == AnnouncementKind.NOTICE:
                    await refresh_notice_cards(self._env, session, ann)
                else:
                    await refresh_cards(self._env, session, ann)
                await session.commit()

        await retry_busy(attempt, what=f"refreshing the cards of #{announcement_id}")
        self._env.wake_delivery()

    async def flush(self) -> None:
        """Refresh now whatever is waiting (the bot is stopping)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        due, self._due = sorted(self._due), set()
        for announcement_id in due:
            try:
                await self.refresh(announcement_id)
            except Exception:
                log.exception("cards of #%s not refreshed before stopping", announcement_id)

    async def refresh_upcoming(self) -> int:
        """On start: compare the cards of every meeting still ahead and every paper call still
        open with the database (answers and papers committed just before a crash may not have
        reached them). Returns how many announcements."""
        async with self._env.sessions() as session:
            now = self._env.clock.now()
            ids = await queries.upcoming_meeting_ids(session, now)
            ids += await queries.open_paper_call_ids(session, now)
        for announcement_id in ids:
            await self.refresh(announcement_id)
        return len(ids)


def _live(ann: Announcement) -> bool:
    return ann.status not in (AnnouncementStatus.CANCELLED, AnnouncementStatus.DRAFT)
