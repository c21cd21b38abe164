"""The peer Loa's broadcast is compared with in `bench.broadcast --peer`: a bare
python-telegram-bot bot with `AIORateLimiter` sending the notice to every group concurrently.

It is what a developer writes without Loa: no database, no outbox, no progress messages, one
`send_message` task per group, all gathered at once, and PTB's own rate limiter (aiolimiter's
leaky buckets: 30 a second overall, 20 a minute per group, its defaults) in front of the calls.
`max_retries` is set, as PTB's documentation advises, so that a 429 is waited out and retried
instead of losing the message; the 429s are counted all the same.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from telegram.error import RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, ApplicationBuilder

PEER_RETRIES = 5


@dataclass
class PeerRun:
    """What the peer did: when it started and how each send ended."""

    started: float
    sent: int
    failed: dict[str, int]


async def broadcast(token: str, base_url: str, groups: list[int], text: str) -> PeerRun:
    """Send `text` to every group at once through PTB with `AIORateLimiter`."""
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{base_url}/bot")
        .base_file_url(f"{base_url}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=PEER_RETRIES))
        .pool_timeout(60.0)
        .updater(None)
        .job_queue(None)
        .build()
    )
    failed: dict[str, int] = {}

    async def one(chat_id: int) -> bool:
        try:
            await app.bot.send_message(chat_id, text)
            return True
        except (RetryAfter, TelegramError) as exc:
            failed[type(exc).__name__] = failed.get(type(exc).__name__, 0) + 1
            return False

    async with app:
        started = time.time()
        results = await asyncio.gather(*(one(gid) for gid in groups))
    return PeerRun(started, sum(results), failed)
