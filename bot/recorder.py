"""Writes delivery results to the outbox as soon as they are known, a few rows per statement.

A result kept in memory until a whole claimed batch has been sent is lost with the process: the
rows go back to `pending` when their lease expires and messages already delivered are sent again.
So each result is handed to the recorder the moment the platform answers, and the recorder writes
what it holds at once (group commit): while one write is running, the results that arrive wait for
the next, which takes them all, and writes start at least `GAP` apart. Under load a write carries
many rows (one executemany per shape of change, as before); when sends are few, each is written
within a few milliseconds of its answer. The window in which an answered message is not yet
recorded is a write or two (tens of milliseconds at most), not a claimed batch (seconds).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections import defaultdict
from functools import cache
from typing import Any

from sqlalchemy import Update, bindparam, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import retry_busy
from storage.models import Outbox

log = logging.getLogger(__name__)

MAX_ROWS = 500  # results per write at most
GAP = 0.05  # seconds between the starts of two writes, at least
RETRY_PAUSE = 1.0  # after a write failed for another reason than a busy database


class Recorder:
    """`add()` a row's new values (with `row_id`); `drain()` waits until all added are written."""

    def __init__(self, engine: AsyncEngine, *, max_rows: int = MAX_ROWS, gap: float = GAP) -> None:
        self.engine = engine
        self.max_rows = max_rows
        self.gap = gap
        self._rows: list[dict[str, Any]] = []
        self._shown: list[dict[str, Any]] = []
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._hurry = asyncio.Event()  # someone waits in `drain()`: no pause before writing
        self._task: asyncio.Task[None] | None = None
        self.writes = 0

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="loa-delivery-recorder")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def add(self, values: dict[str, Any], shown: dict[str, Any] | None = None) -> None:
        """Record `values` (a row's new columns and its `row_id`); `shown` is the payload an
        edited message now shows, written to the edited row (`row_id`, `payload`)."""
        self._rows.append(values)
        if shown is not None:
            self._shown.append(shown)
        self._idle.clear()
        self._wake.set()

    async def drain(self) -> None:
        """Wait until every result added so far is committed."""
        self.start()
        if not self._idle.is_set():
            self._hurry.set()
        await self._idle.wait()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        last = -self.gap
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._rows or self._shown:
                pause = last + self.gap - loop.time()
                if pause > 0 and not self._hurry.is_set():  # busy: let more results join
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._hurry.wait(), pause)
                last = loop.time()
                rows, self._rows = self._rows[: self.max_rows], self._rows[self.max_rows :]
                shown, self._shown = self._shown, []
                try:
                    await retry_busy(
                        functools.partial(self._write, rows, shown), what="recording deliveries"
                    )
                except asyncio.CancelledError:
                    raise
                except Exception:
                    # what was sent must be recorded: lost, the rows would be sent again
                    log.exception("could not record %d delivery results; trying again", len(rows))
                    self._rows[:0], self._shown[:0] = rows, shown
                    await asyncio.sleep(RETRY_PAUSE)
                    continue
                self.writes += 1
            self._hurry.clear()
            self._idle.set()

    async def _write(self, rows: list[dict[str, Any]], shown: list[dict[str, Any]]) -> None:
        # One executemany per shape of change (sent, retry, failed) instead of one statement per
        # row: per-row UPDATEs took close to a third of the bot's CPU in bench.broadcast.
        shapes: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            shapes[tuple(sorted(key for key in row if key != "row_id"))].append(row)
        async with self.engine.begin() as conn:  # a bare connection: no ORM session to set up
            for keys, group in shapes.items():
                await conn.execute(update_by_id(keys), group)
            if shown:
                await conn.execute(update_by_id(("payload",)), shown)


@cache
def update_by_id(keys: tuple[str, ...]) -> Update:
    """`UPDATE outbox SET key = :key, … WHERE id = :row_id`, run once per row (executemany)."""
    table = Outbox.__table__
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values({key: bindparam(key) for key in keys})
    )
