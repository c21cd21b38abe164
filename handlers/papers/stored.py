"""Papers Loa keeps itself (read from a link, `NOP 7 <link>`) are fetched by `/xuat` the same
way as the platform's files: `WithStoredFiles` is a `FileStore` that serves the ids of stored
files from the database and hands every other id to the platform's store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.core import FileStore, FileUnavailable
from storage import queries

STORED_PREFIX = "loa-stored:"  # never the start of a Telegram or Zalo file id


def stored_file_id(stored_id: int) -> str:
    """The `Submission.platform_file_id` of a stored file."""
    return f"{STORED_PREFIX}{stored_id}"


def parse_stored_file_id(file_id: str) -> int | None:
    """The stored file's id in `file_id`, or None when the platform holds that file."""
    rest = file_id.removeprefix(STORED_PREFIX)
    if rest == file_id or not rest.isdigit():
        return None
    return int(rest)


class WithStoredFiles:
    """Stored files from the database (each download in a session of its own), the rest from
    `platform` (None: a channel that cannot give files back)."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], platform: FileStore | None
    ) -> None:
        self.sessions = sessions
        self.platform = platform

    async def download(self, file_id: str, destination: Path) -> int:
        stored_id = parse_stored_file_id(file_id)
        if stored_id is None:
            if self.platform is None:
                raise FileUnavailable("this channel cannot give files back")
            return await self.platform.download(file_id, destination)
        async with self.sessions() as session:
            if await queries.stored_file(session, stored_id) is None:
                raise FileUnavailable(f"stored file {stored_id} is gone")
            return await queries.copy_stored_file(session, stored_id, destination)
