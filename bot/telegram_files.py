"""Files people sent, fetched for exports (`TelegramFileStore`): `getFile`, then the body streamed
to disk with retries. Split from `bot.telegram` (which re-exports `TelegramFileStore`) because
downloading has nothing to do with dispatching updates."""

from __future__ import annotations

import asyncio
import logging
import shutil
import urllib.parse
from pathlib import Path
from typing import Any

import httpx
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter

from handlers.core import FileUnavailable

log = logging.getLogger(__name__)

DOWNLOAD_CHUNK = 256 * 1024
DOWNLOAD_ATTEMPTS = 3


class TelegramFileStore:
    """Files people sent, fetched for exports: `getFile`, then the body streamed to disk.

    python-telegram-bot's `File.download_to_drive` reads the whole file into memory before it
    writes it (PTB 22: `request.retrieve` returns bytes), so the body is streamed here with httpx
    in chunks instead; a local Bot API server (`--local`) answers with a path on its own disk,
    which is copied as it is."""

    def __init__(self, bot: Any, http: httpx.AsyncClient | None = None) -> None:
        self.bot = bot
        self._http = http

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=httpx.Timeout(60.0, connect=10.0))
        return self._http

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    async def download(self, file_id: str, destination: Path) -> int:
        """Retry what may pass (network, 5xx, 429); a refusal (gone, over the platform's 20 MB
        download limit) is final. Any failure ends as FileUnavailable, with no URL in it (the
        URL holds the token)."""
        for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
            try:
                return await self._download_once(file_id, destination)
            except RetryAfter as exc:
                reason, wait = "429", _retry_seconds(exc.retry_after)
            except (BadRequest, Forbidden, InvalidToken) as exc:
                raise FileUnavailable(exc.message) from None
            except NetworkError as exc:  # TimedOut included
                reason, wait = exc.message or type(exc).__name__, float(attempt)
            except httpx.HTTPStatusError as exc:
                if exc.response.status_code < 500:
                    raise FileUnavailable(f"HTTP {exc.response.status_code}") from None
                reason, wait = f"HTTP {exc.response.status_code}", float(attempt)
            except httpx.TransportError as exc:
                reason, wait = type(exc).__name__, float(attempt)
            log.info("download of a file failed (%s), attempt %d", reason, attempt)
            if attempt < DOWNLOAD_ATTEMPTS:
                await asyncio.sleep(wait)
        raise FileUnavailable(reason)

    async def _download_once(self, file_id: str, destination: Path) -> int:
        file = await self.bot.get_file(file_id)
        location = file.file_path
        if not location:
            raise FileUnavailable("no file_path")
        if not location.startswith(("http://", "https://")):
            return await asyncio.to_thread(_copy_local, Path(location), destination)
        parts = urllib.parse.urlsplit(location)
        url = urllib.parse.urlunsplit(parts._replace(path=urllib.parse.quote(parts.path)))
        written = 0
        async with self._client().stream("GET", url) as response:
            response.raise_for_status()
            with destination.open("wb") as out:
                async for chunk in response.aiter_bytes(DOWNLOAD_CHUNK):
                    out.write(chunk)
                    written += len(chunk)
        return written


def _copy_local(source: Path, destination: Path) -> int:
    shutil.copyfile(source, destination)
    return destination.stat().st_size


def _retry_seconds(value: Any) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)
