"""Files Loa stores itself (papers read from a link): written from a file on disk and read
back to one a chunk at a time, so a 20 MB paper never sits whole in memory. Nothing here
commits."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import StoredFile, StoredFileChunk

CHUNK_BYTES = 1024 * 1024


async def store_file(
    session: AsyncSession,
    source: Path,
    *,
    name: str,
    mime_type: str,
    source_url: str | None,
    now: datetime,
) -> StoredFile:
    """Copy `source` into the database as a new stored file (flushed, so it has its id)."""
    stored = StoredFile(
        name=name[:300],
        size=0,
        mime_type=mime_type[:120],
        source_url=source_url[:1000] if source_url else None,
        created_at=now,
    )
    session.add(stored)
    await session.flush()
    with source.open("rb") as handle:
        seq = 0
        while chunk := await asyncio.to_thread(handle.read, CHUNK_BYTES):
            # a plain INSERT: the session keeps no object per chunk, so one is in memory at a time
            await session.execute(
                insert(StoredFileChunk).values(stored_file_id=stored.id, seq=seq, data=chunk)
            )
            stored.size += len(chunk)
            seq += 1
    await session.flush()
    return stored


async def stored_file(session: AsyncSession, stored_id: int) -> StoredFile | None:
    return await session.get(StoredFile, stored_id)


async def copy_stored_file(session: AsyncSession, stored_id: int, destination: Path) -> int:
    """Write the stored file's bytes to `destination`, chunk by chunk; the bytes written."""
    written = 0
    with destination.open("wb") as handle:
        seq = 0
        while True:
            data = await session.scalar(
                select(StoredFileChunk.data).where(
                    StoredFileChunk.stored_file_id == stored_id, StoredFileChunk.seq == seq
                )
            )
            if data is None:
                return written
            await asyncio.to_thread(handle.write, data)
            written += len(data)
            seq += 1
