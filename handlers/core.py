"""The channel-neutral shapes every handler speaks: who asked, where, what, and the reply.

Adapters in `bot/` build a `Request` from a platform update and deliver the `Reply`; handlers
never import a chat library. `Env` carries what handlers need from the running bot (database
sessions, the clock, timers) so nothing is global.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import ChatKind, Platform

if TYPE_CHECKING:
    from handlers.news.fetch import Fetcher


class Clock(Protocol):
    """Where handlers get the time from, so tests and benchmarks can control it."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real clock, in UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class Timers(Protocol):
    """The timer service (APScheduler in `bot/`); the database stays the truth."""

    def arm(self, schedule_id: int, run_at: datetime) -> None: ...

    def disarm(self, schedule_id: int) -> None: ...


class FileUnavailable(Exception):
    """The platform could not give a file back (gone, too big, or the network kept failing)."""


class FileStore(Protocol):
    """Fetches a file people sent, by the platform's id, straight to disk: exports of many
    papers never hold a whole file (let alone a whole set) in memory."""

    async def download(self, file_id: str, destination: Path) -> int:
        """Write the file to `destination`; return the bytes written. Raises FileUnavailable."""
        ...


@dataclass
class Env:
    """What a handler may use besides its request."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    tz: ZoneInfo
    admins: dict[Platform, set[str]]
    timers: Timers
    bot_username: str = ""  # Telegram's @username of the bot
    zalo_bot_name: str = ""  # the Zalo bot's display name, as people @mention it in groups
    wake_delivery: Callable[[], None] = lambda: None
    # set by the running bot: answers mark their meeting and its cards follow a moment later
    # (`handlers.tallies`); when None, cards are refreshed inside the answer's unit of work
    cards_changed: Callable[[int], None] | None = None
    # set by the running bot: presses on meeting cards answered in batches
    # (`handlers.meetings.presses`); when None, each press is a unit of work of its own
    answer_press: Callable[[Request], Awaitable[Reply]] | None = None
    files: FileStore | None = None
    fetcher: Fetcher | None = None
    # Zalo runs (`/ds` shows its month's messages) and its monthly quota (0: none)
    zalo_enabled: bool = False
    zalo_quota: int = 0
    # LOA_HOLIDAYS: days besides weekends that are not working days (the giấy mời's 3 days)
    holidays: frozenset[date] = frozenset()
    # LOA_CLUSTER_NAME: shown on roll-call posters and the book of papers
    cluster_name: str = ""
    # set by the running bot: a book of papers (`/kyyeu`) was asked for, build it soon
    # (`bot.books`); when unset, the runner's periodic look finds it
    book_requested: Callable[[], None] = lambda: None


@dataclass(frozen=True)
class Sender:
    """The person who acted."""

    platform: Platform
    external_id: str
    name: str
    username: str | None = None
    language_code: str | None = None


@dataclass(frozen=True)
class Where:
    """The chat the request came from."""

    platform: Platform
    external_id: str
    kind: ChatKind
    title: str = ""

    @property
    def is_private(self) -> bool:
        return self.kind == ChatKind.PRIVATE


class Membership(enum.StrEnum):
    """What happened to the bot's own membership of a chat."""

    JOINED = "joined"
    LEFT = "left"


@dataclass(frozen=True)
class FileRef:
    """A file a person sent: the platform's id for it, its name, size and type."""

    file_id: str
    name: str
    size: int | None = None
    mime_type: str | None = None


@dataclass(frozen=True)
class Attachment:
    """A file Loa sends back (an export, a calendar entry): small ones as `content`, large ones
    (a ZIP of papers) as a `path` on disk that the adapter streams from."""

    filename: str
    content: bytes = b""
    caption: str = ""
    path: Path | None = None


@dataclass(frozen=True)
class Request:
    """One thing a person (or the platform) asked of Loa."""

    sender: Sender
    chat: Where
    command: str | None = None
    args: str = ""
    action: str | None = None
    message_id: str | None = None
    reply_to_sender: Sender | None = None
    reply_to_bot_message: str | None = None
    membership: Membership | None = None
    text: str = ""
    file: FileRef | None = None
    unsupported: bool = False  # delivered without content (a file sent on Zalo)


@dataclass(frozen=True)
class Button:
    """An inline button: an action for Loa (`action`) or a link (`url`)."""

    text: str
    action: str | None = None
    url: str | None = None


@dataclass
class Reply:
    """What to say back. `text` is HTML in which every user-supplied piece is escaped.

    `edit` replaces the message whose button was pressed; `force_reply` asks the person to answer
    by replying; `files` are sent as documents; `to_person` sends to the person's private chat
    instead of the chat the request came from. `cleanup` is called by the adapter once the reply
    was sent (or could not be): it removes the temporary files that `files` point at. `menu` is a
    language (`vi`, `en`): the adapter shows the command menu of this private chat in it.
    """

    text: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    toast: str | None = None
    edit: bool = False
    alert: bool = False
    force_reply: bool = False
    files: list[Attachment] = field(default_factory=list)
    to_person: bool = False
    cleanup: Callable[[], None] | None = None
    menu: str | None = None
