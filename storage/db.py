"""The async engine and sessions for SQLite (default) and PostgreSQL, and how a busy database
is waited for instead of failing the person who acted.

SQLite has one writer at a time. The driver used to begin a transaction only before its first
write (reads ran outside any transaction), and writers waiting for the lock polled in SQLite's
busy handler, sleeping and retrying in no order: in a deadline rush of sixty `/nop`, some waited
past the 10 s busy timeout and failed with "database is locked". Here every transaction takes
the write lock when it begins (`BEGIN IMMEDIATE`, SQLAlchemy's documented recipe: the driver's
own transaction handling is switched off on connect and the BEGIN is emitted in the "begin"
event), so what it reads and writes is one consistent transaction, and the transactions of one
process queue for the lock on one asyncio lock, first come first served. The lock is taken
when a transaction begins and given back when its connection returns to the pool, i.e. after
the COMMIT or ROLLBACK has completed.

Whatever still fails because the database is busy (another process holding SQLite's lock for
longer than the busy timeout; on PostgreSQL a serialization failure or a deadlock) is retried
as a whole, in a fresh session, by `retry_busy`. So is a unit of work that lost its connection
(PostgreSQL restarted, or shutting down or starting up, or the network to it cut): pooled
connections are checked before use (`pool_pre_ping`), so the next try reconnects, and
`retry_busy` keeps trying for up to `DISCONNECT_WAIT` seconds, long enough for a restart.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import random
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.util import await_
from sqlalchemy.util.concurrency import in_greenlet

from storage.inbox import LoaSession

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_TIMEOUT_MS = 10_000  # another process holding SQLite's write lock: wait this long
BUSY_ATTEMPTS = 5  # tries of a unit of work on a busy database, the first included
BUSY_BACKOFF = 0.05  # seconds before the second try; doubled for each later one, with jitter
PG_RETRYABLE = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
SQLITE_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
# the connection is gone or cannot be had yet: class 08 (connection exception), admin or crash
# shutdown, "the database system is starting up / shutting down"
PG_DISCONNECTED = frozenset({"57P01", "57P02", "57P03"})
DISCONNECT_WAIT = 30.0  # seconds a unit of work keeps trying to reach a database that went away
DISCONNECT_MAX_PAUSE = 2.0
_HOLDS_LOCK = "loa_write_lock"  # key in a pooled connection's info: it holds the writer lock


class DatabaseBusy(Exception):
    """The database stayed busy through every retry of a unit of work."""


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_pragmas(
    dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry, *, busy_timeout_ms: int
) -> None:
    """WAL for readers beside the writer, foreign keys enforced, waits instead of 'locked';
    the driver's own BEGIN switched off, so that `WriterQueue.begin` emits the one we want."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    dbapi_conn.isolation_level = None  # type: ignore[attr-defined]


class WriterQueue:
    """One SQLite writer at a time within this process, in the order they asked.

    Taken in the engine's "begin" event (which runs inside SQLAlchemy's greenlet, so it may
    await) and released when the connection is checked back into the pool. A connection that
    already holds it (a second transaction on a connection still checked out) does not ask
    again. A task that holds it through one connection and begins a transaction on another
    would wait for itself: that one goes straight to SQLite's busy handler instead."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None

    def begin(self, conn: Connection) -> None:
        """Wait for this process's turn, in order, then take SQLite's write lock at once, so a
        transaction never fails halfway for want of it (within the process)."""
        info = conn.info
        if not info.get(_HOLDS_LOCK) and in_greenlet():
            task = asyncio.current_task()
            if self._owner is None or self._owner is not task:
                await_(self._lock.acquire())
                self._owner = task
                info[_HOLDS_LOCK] = True
            else:
                log.warning("a task began a second SQLite transaction while holding one")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.release(info)
            raise

    def checkin(self, _dbapi_conn: DBAPIConnection | None, record: ConnectionPoolEntry) -> None:
        """The connection is back in the pool: its COMMIT or ROLLBACK is done, the next may go."""
        self.release(record.info)

    def release(self, info: dict[Any, Any]) -> None:
        if info.pop(_HOLDS_LOCK, False):
            self._owner = None
            self._lock.release()


def make_engine(url: str, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS, **kwargs: Any) -> AsyncEngine:
    """Create the engine; SQLite connections get their pragmas on connect, and transactions
    that take the write lock up front, one writer of this process at a time."""
    if is_sqlite(url):
        engine = create_async_engine(url, **kwargs)
        queue = WriterQueue()
        pragmas = functools.partial(_sqlite_pragmas, busy_timeout_ms=busy_timeout_ms)
        event.listen(engine.sync_engine, "connect", pragmas)
        event.listen(engine.sync_engine, "begin", queue.begin)
        event.listen(engine.sync_engine, "checkin", queue.checkin)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=LoaSession)


def is_busy(exc: BaseException) -> bool:
    """Whether `exc` means "the database is busy, the same work may pass if tried again":
    SQLite locked or busy, PostgreSQL serialization failure or deadlock detected."""
    if not isinstance(exc, DBAPIError):
        return False
    causes: list[BaseException] = [exc.orig] if exc.orig is not None else []
    if exc.orig is not None and exc.orig.__cause__ is not None:
        causes.append(exc.orig.__cause__)
    for cause in causes:
        code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if code in PG_RETRYABLE:
            return True
        if getattr(cause, "sqlite_errorcode", None) in SQLITE_BUSY_CODES:
            return True
        message = str(cause).lower()
        if "database is locked" in message or "database table is locked" in message:
            return True
    return False


def is_disconnect(exc: BaseException) -> bool:
    """Whether `exc` means "the connection to the database was lost or cannot be made now"
    (a server restart), so the same work may pass on a new connection a little later."""
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        causes: list[BaseException] = [exc.orig] if exc.orig is not None else []
        if exc.orig is not None and exc.orig.__cause__ is not None:
            causes.append(exc.orig.__cause__)
    else:
        causes = [exc]
    for cause in causes:
        if isinstance(cause, ConnectionError):  # refused, reset, aborted
            return True
        if isinstance(cause, OSError) and "connect call failed" in str(cause).lower():
            return True  # asyncpg trying each address of "localhost"
        code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if isinstance(code, str) and (code.startswith("08") or code in PG_DISCONNECTED):
            return True
        if type(cause).__name__ in ("ConnectionDoesNotExistError", "InterfaceError") and (
            "closed" in str(cause).lower()
        ):
            return True
    return False


async def retry_busy(
    work: Callable[[], Awaitable[T]],
    *,
    what: str = "a unit of work",
    attempts: int = BUSY_ATTEMPTS,
    backoff: float = BUSY_BACKOFF,
    lost_wait: float = DISCONNECT_WAIT,
) -> T:
    """Run `work` (which opens its own session each time it is called), again after a short,
    growing pause when the database was busy; `DatabaseBusy` when it stayed busy through
    `attempts` tries. A lost connection is tried again, with pauses growing to 2 s, for up to
    `lost_wait` seconds, then raised. Anything else is raised as it is."""
    attempt = 0
    lost_since: float | None = None
    lost_pause = backoff * 4
    while True:
        try:
            return await work()
        except (DBAPIError, OSError) as exc:
            if is_disconnect(exc):
                loop = asyncio.get_running_loop()
                lost_since = lost_since if lost_since is not None else loop.time()
                if loop.time() - lost_since >= lost_wait:
                    log.error("%s: the database stayed unreachable: %s", what, exc)
                    raise
                log.warning("%s: the database connection was lost (%s); trying again", what, exc)
                await asyncio.sleep(lost_pause * (0.5 + random.random() / 2))
                lost_pause = min(DISCONNECT_MAX_PAUSE, lost_pause * 2)
                continue
            if not isinstance(exc, DBAPIError) or not is_busy(exc):
                raise
            attempt += 1
            if attempt == attempts:
                log.error("%s failed %d times, the database being busy: %s", what, attempt, exc)
                raise DatabaseBusy(what) from exc
            pause = backoff * 2 ** (attempt - 1) * (0.5 + random.random())
            log.warning(
                "%s: the database is busy (%s); try %d in %.2f s",
                what,
                exc.orig,
                attempt + 1,
                pause,
            )
            await asyncio.sleep(pause)
