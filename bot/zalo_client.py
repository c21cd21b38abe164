"""A thin async client of the Zalo Bot Platform API, for the methods Loa needs.

The two Python SDKs are unfit (`../shared/zalo-bot-api.md`: one treats only non-2xx HTTP as an
error, so failed sends return nothing; the other needs Python 3.14), and the API is a handful of
flat JSON methods, so Loa speaks it itself with httpx:

- every call is `POST {api_url}/bot{token}/{method}` with a JSON body, read by one envelope
  reader that trusts `ok` whatever the HTTP status (Zalo answers most errors with HTTP 200);
- on `getUpdates`, error 408 (and a 504 that says timeout) is the normal idle answer: no update;
- network errors and 5xx are retried a bounded number of times with jittered exponential backoff;
- errors are typed (`ZaloError` with `error_code` and `description`; `Unauthorized`,
  `QuotaExceeded`, `ZaloNetworkError`), and the token is in no exception text, repr or log line
  (the URL holds it: httpx's own request lines are scrubbed by a filter on its loggers).

Updates are read by `bot.zalo_updates.parse_update`, tolerant of both documented shapes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr

from bot.zalo_updates import Update, parse_update

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://bot-api.zaloplatforms.com"
#: Seconds a `getUpdates` call waits on the server before the idle 408 (the docs' default).
DEFAULT_POLL_TIMEOUT = 30
#: Extra seconds the HTTP read waits beyond a long poll's own timeout.
POLL_MARGIN = 10.0
_TIMEOUT_WORDS = re.compile(r"time[\s_-]?out|timed out", re.IGNORECASE)
_SCRUBBED_LOGGERS = ("httpx", "httpcore")
REDACTED = "<redacted>"


class ZaloError(Exception):
    """An error answer of the Zalo Bot API (or a failure to get one)."""

    def __init__(self, method: str, error_code: int | None, description: str) -> None:
        self.method = method
        self.error_code = error_code
        self.description = description
        code = f" {error_code}" if error_code is not None else ""
        super().__init__(f"Zalo {method}:{code} {description}")

    @property
    def retryable(self) -> bool:
        """5xx: the server failed, the same call may succeed later."""
        return self.error_code is not None and self.error_code >= 500


class Unauthorized(ZaloError):
    """401: the token is wrong or was reset."""


class QuotaExceeded(ZaloError):
    """429 "Quota exceeded": the plan's monthly messages are used up; sending must pause."""


class ZaloNetworkError(ZaloError):
    """No answer could be read (connection refused, reset, timed out) after the retries."""

    def __init__(self, method: str, description: str) -> None:
        super().__init__(method, None, description)

    @property
    def retryable(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class SentMessage:
    """What `sendMessage`, `sendPhoto` and `sendSticker` answer."""

    message_id: str
    date: int  # milliseconds since the epoch

    @classmethod
    def from_result(cls, result: Any) -> SentMessage:
        data = result if isinstance(result, dict) else {}
        return cls(str(data.get("message_id", "")), int(data.get("date") or 0))


def _error_for(method: str, code: int | None, description: str) -> ZaloError:
    if code == 401:
        return Unauthorized(method, code, description)
    if code == 429:
        return QuotaExceeded(method, code, description)
    return ZaloError(method, code, description)


def read_envelope(method: str, status: int, body: bytes) -> Any:
    """The `result` of an answer, or the typed error it carries.

    `ok` decides, whatever the HTTP status; only a body without an envelope (a proxy's HTML
    page, say) falls back on the HTTP status.
    """
    try:
        data = json.loads(body) if body else None
    except ValueError:
        data = None
    if isinstance(data, dict) and "ok" in data:
        if data["ok"] is True:
            return data.get("result")
        raw_code = data.get("error_code")
        try:
            code: int | None = int(raw_code) if raw_code is not None else None
        except (TypeError, ValueError):
            code = None
        description = str(data.get("description") or "").strip() or "(no description)"
        if code is None and status >= 400:
            code = status
        raise _error_for(method, code, description)
    snippet = body[:200].decode("utf-8", errors="replace").strip()
    raise _error_for(method, status, f"HTTP {status} without an API envelope: {snippet!r}")


def _is_idle(err: ZaloError) -> bool:
    """The answers of a long poll that found nothing: 408, or a gateway's 504 timeout."""
    if err.error_code == 408:
        return True
    return err.error_code == 504 and bool(_TIMEOUT_WORDS.search(err.description))


class _TokenScrubber(logging.Filter):
    """Replaces the token in records of the HTTP libraries (their request lines show URLs)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, REDACTED)
            record.args = None
        return True


class ZaloClient:
    """The Zalo Bot API for one bot. Use as `async with ZaloClient(token) as zalo:`."""

    def __init__(
        self,
        token: SecretStr | str,
        api_url: str = DEFAULT_API_URL,
        *,
        timeout: float = 15.0,
        retries: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 8.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        secret = token.get_secret_value() if isinstance(token, SecretStr) else token
        if not secret:
            raise ValueError("the Zalo bot token is empty")
        self._token = secret
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.retries = max(retries, 0)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), transport=transport
        )
        self._scrubber = _TokenScrubber(secret)
        for name in _SCRUBBED_LOGGERS:
            logging.getLogger(name).addFilter(self._scrubber)

    def __repr__(self) -> str:
        return f"ZaloClient(api_url={self.api_url!r}, token={REDACTED})"

    @property
    def bot_id(self) -> str:
        """The public half of the token."""
        return self._token.partition(":")[0]

    async def aclose(self) -> None:
        await self._http.aclose()
        for name in _SCRUBBED_LOGGERS:
            logging.getLogger(name).removeFilter(self._scrubber)

    async def __aenter__(self) -> ZaloClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # ---- the methods ----------------------------------------------------------------------------

    async def get_me(self) -> dict[str, Any]:
        """`{id, account_name, account_type, can_join_groups, display_name?}`."""
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_updates(
        self,
        timeout: int = DEFAULT_POLL_TIMEOUT,  # noqa: ASYNC109 - the server's long-poll seconds
    ) -> Update | None:
        """The next update (reading it consumes it on the server), or None when idle."""
        result = await self.call(
            "getUpdates",
            {"timeout": str(timeout)},
            read_timeout=timeout + POLL_MARGIN,
            idle_is_none=True,
        )
        if not result:
            return None
        return parse_update(result)

    async def set_webhook(self, url: str, secret_token: SecretStr | str) -> dict[str, Any]:
        secret = (
            secret_token.get_secret_value() if isinstance(secret_token, SecretStr) else secret_token
        )
        result = await self.call("setWebhook", {"url": url, "secret_token": secret})
        return result if isinstance(result, dict) else {}

    async def delete_webhook(self) -> dict[str, Any]:
        result = await self.call("deleteWebhook")
        return result if isinstance(result, dict) else {}

    async def get_webhook_info(self) -> dict[str, Any] | None:
        """`{url, updated_at}`, or None when no webhook is set (some answer 404 then)."""
        try:
            result = await self.call("getWebhookInfo")
        except ZaloError as err:
            if err.error_code == 404:
                return None
            raise
        if not isinstance(result, dict) or not result.get("url"):
            return None
        return result

    async def send_message(self, chat_id: str, text: str) -> SentMessage:
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return SentMessage.from_result(result)

    async def send_photo(
        self, chat_id: str, photo_url: str, caption: str | None = None
    ) -> SentMessage:
        params = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            params["caption"] = caption
        return SentMessage.from_result(await self.call("sendPhoto", params))

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    # ---- the one way a call is made -------------------------------------------------------------

    def _delay(self, attempt: int) -> float:
        """Exponential backoff, jittered between half and all of it, capped."""
        ceiling = min(self.max_backoff, self.backoff * (2**attempt))
        return ceiling * random.uniform(0.5, 1.0)

    async def call(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        read_timeout: float | None = None,
        idle_is_none: bool = False,
    ) -> Any:
        """Call `method`; its `result`, or a `ZaloError` once retries are spent.

        With `idle_is_none`, an idle long poll's answer (408, a 504 timeout) is None at once.
        """
        url = f"{self.api_url}/bot{self._token}/{method}"
        timeout = httpx.Timeout(
            self.timeout, connect=min(self.timeout, 10.0), read=read_timeout or self.timeout
        )
        attempt = 0
        while True:
            failure: ZaloError
            try:
                response = await self._http.post(url, json=params or {}, timeout=timeout)
                return read_envelope(method, response.status_code, response.content)
            except ZaloError as err:
                if idle_is_none and _is_idle(err):
                    return None
                if not err.retryable:
                    raise
                failure = err
            except httpx.TransportError as err:
                failure = ZaloNetworkError(method, f"{err.__class__.__name__}: no answer")
            if attempt >= self.retries:
                raise failure from None
            delay = self._delay(attempt)
            attempt += 1
            log.warning("%s; retry %d/%d in %.1f s", failure, attempt, self.retries, delay)
            await asyncio.sleep(delay)
