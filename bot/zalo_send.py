"""What Loa sends to Zalo: `ZaloTransport` turns outbox payloads into Zalo Bot API calls and Zalo
errors into delivery outcomes, at a conservative pace; the adapter's replies go through it too.

Zalo has no edits and no files (PRODUCT §11): an EDIT or DELETE sends nothing (the message
stays as it was sent; answers get a confirmation line instead), a document goes as its caption,
a photo card as `sendPhoto` with the plain caption (as text when Zalo refuses the picture).
A card longer than 2,000 characters goes as several messages; the first one's id is kept.

Zalo publishes no rate limit, so every call waits its turn at `ZALO_MESSAGES_PER_SECOND`
(a sliding window, `bot.ratelimit.SlidingWindow`). Only a few outbox payloads wait for a turn at
once, so a reply to a person does not queue behind a whole broadcast. The monthly quota is kept
by an optional `quota` object with three async methods — `reserve(n) -> bool` before n messages
go out, `received(n)` for messages that came in, `exceeded()` when Zalo answers 429 — called
only here (`_reserve`, `received`, `_exceeded`); None means no quota.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable
from typing import Any, Protocol

from bot.delivery import ChatGone, Rejected, RetryLater, Transient
from bot.ratelimit import SlidingWindow
from bot.zalo_client import QuotaExceeded, Unauthorized, ZaloClient, ZaloError, ZaloNetworkError
from bot.zalo_intake import TOKEN_LINE
from bot.zalo_render import payload_messages
from storage.models import OutboxAction

log = logging.getLogger(__name__)

QUOTA_WAIT = 3600.0  # seconds a message waits when the month's quota is used up


class Quota(Protocol):
    """The monthly quota of Zalo messages (`bot.zalo_quota.QuotaKeeper`)."""

    async def reserve(self, n: int) -> bool: ...

    async def received(self, n: int) -> None: ...

    async def exceeded(self, unsent: int = 0) -> None: ...

    def hold(self) -> RetryLater: ...


def pace_window(per_second: float) -> SlidingWindow:
    """A window letting `per_second` messages a second through (0.5: one every 2 s)."""
    if per_second >= 1:
        limit = int(per_second)
        return SlidingWindow(limit, limit / per_second)
    return SlidingWindow(1, 1 / per_second)


class ZaloTransport:
    """Outbox payloads → Zalo calls; Zalo errors → delivery outcomes."""

    def __init__(
        self,
        client: ZaloClient,
        *,
        per_second: float = 1.0,
        quota: Quota | None = None,
        fatal: Callable[[str], None] | None = None,
    ) -> None:
        self.client = client
        self.quota = quota
        self.fatal = fatal or (lambda line: None)
        self._pace = pace_window(per_second)
        # outbox payloads in line for the pace at once (replies have their own way in)
        self._outbox_turns = asyncio.Semaphore(max(2, math.ceil(per_second)))
        self.sent = 0  # messages Zalo took

    async def deliver(
        self,
        chat_external_id: str,
        action: OutboxAction,
        payload: dict[str, Any],
        message_id: str | None,
    ) -> str | None:
        if action != OutboxAction.SEND:
            return message_id  # no edits or deletions on Zalo: the message stays as sent
        messages = payload_messages(payload)
        if not messages:
            raise Rejected("nothing to send on Zalo (a file without a caption)")
        async with self._outbox_turns:
            return await self._deliver(chat_external_id, payload, messages)

    async def _deliver(
        self, chat_external_id: str, payload: dict[str, Any], messages: list[str]
    ) -> str | None:
        await self._reserve(len(messages))
        try:
            if payload.get("photo") and not payload.get("document"):
                first = await self._photo(chat_external_id, str(payload["photo"]), messages)
                if first is not None:
                    return first
            return await self._send_all(chat_external_id, messages)
        except QuotaExceeded:
            raise await self._exceeded(len(messages)) from None
        except Unauthorized:
            self.fatal(TOKEN_LINE)
            raise Transient("the Zalo token was refused") from None
        except ZaloNetworkError as exc:
            raise Transient(exc.description) from None
        except ZaloError as exc:
            raise _outcome(exc) from None

    async def send_texts(self, chat_id: str, messages: list[str]) -> str | None:
        """Send `messages` in order (after the quota said yes); the first one's id.
        Raises `RetryLater` when the quota has no room, ZaloError when Zalo refuses."""
        await self._reserve(len(messages))
        return await self._send_all(chat_id, messages)

    async def _send_all(self, chat_id: str, messages: list[str]) -> str | None:
        first: str | None = None
        for text in messages:
            sent = await self._paced(lambda text=text: self.client.send_message(chat_id, text))
            first = first or sent.message_id
        return first

    async def received(self, n: int = 1) -> None:
        """Messages that came in (they count against the quota on some plans)."""
        if self.quota is not None:
            await self.quota.received(n)

    async def probe(self) -> bool:
        """Whether the Zalo API answers at all (`getMe`): False only without an answer or on
        a 5xx; any other answer, even an error, means it is up."""
        try:
            await self.client.get_me()
        except ZaloError as exc:
            return not exc.retryable
        return True

    async def _photo(self, chat_id: str, photo: str, messages: list[str]) -> str | None:
        """The card's picture with its first message as caption, the rest as text; None when
        Zalo refuses the picture (the card then goes as text)."""
        try:
            sent = await self._paced(lambda: self.client.send_photo(chat_id, photo, messages[0]))
        except ZaloError as exc:
            if exc.error_code != 400:
                raise
            log.info("photo refused for Zalo chat %s (%s); sending the card as text", chat_id, exc)
            return None
        for text in messages[1:]:
            await self._paced(lambda text=text: self.client.send_message(chat_id, text))
        return sent.message_id

    async def _paced(self, call: Callable[[], Any]) -> Any:
        await self._pace.acquire()
        try:
            result = await call()
        finally:
            self._pace.release()
        self.sent += 1
        return result

    async def _reserve(self, n: int) -> None:
        if self.quota is not None and not await self.quota.reserve(n):
            raise self.quota.hold()

    async def _exceeded(self, unsent: int) -> RetryLater:
        """Zalo said 429: the quota pauses Zalo sending (and gets back what was not sent);
        what to raise for the row."""
        if self.quota is None:
            return RetryLater(QUOTA_WAIT)
        await self.quota.exceeded(unsent)
        return self.quota.hold()


def _outcome(exc: ZaloError) -> Exception:
    """A Zalo error answer as a delivery outcome."""
    if exc.retryable:
        return Transient(str(exc))
    if exc.error_code == 403:
        return ChatGone("blocked", exc.description)
    if exc.error_code == 429:
        return RetryLater(QUOTA_WAIT)
    return Rejected(exc.description)  # a 400 (chat not found, too long): no retry mends it
