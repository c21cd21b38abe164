"""The Zalo Bot API methods the emulator serves, each an `async (state, params) -> result`.

Errors are raised as `ZaloApiError` (the server turns them into `ok: false` envelopes). Where
the real descriptions are unpublished, the emulator's own are short and say what went wrong.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from bot.emulator.zalo.spec import (
    SECRET_MAX,
    SECRET_MIN,
    TEXT_LIMIT,
    is_loopback_http,
    is_web_url,
    utf16_len,
)
from bot.emulator.zalo.state import ZaloApiError, ZaloState

#: `sendChatAction` answers `{"ok": true}` with no result (the docs' sample).
NO_RESULT = object()
#: The docs' default long-poll timeout, in seconds.
DEFAULT_POLL_TIMEOUT = 30
MAX_POLL_TIMEOUT = 120
#: Set by the server while serving getUpdates: fires when that HTTP client goes away, so that a
#: poll nobody waits for any more takes no update.
CLIENT_GONE: ContextVar[asyncio.Event | None] = ContextVar("zalo_client_gone", default=None)

Handler = Callable[[ZaloState, dict[str, Any]], Awaitable[Any]]
HANDLERS: dict[str, Handler] = {}


def method(name: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        HANDLERS[name] = func
        return func

    return register


def _str(params: dict[str, Any], name: str) -> str:
    value = params.get(name)
    return "" if value is None else str(value)


def _text(params: dict[str, Any], name: str, required: bool) -> str | None:
    text = _str(params, name)
    if not text:
        if required:
            raise ZaloApiError(400, f"Bad Request: {name} is empty")
        return None
    if utf16_len(text) > TEXT_LIMIT:
        raise ZaloApiError(400, f"Bad Request: {name} is longer than {TEXT_LIMIT} characters")
    return text


@method("getMe")
async def get_me(state: ZaloState, params: dict[str, Any]) -> Any:
    return {
        "id": state.bot_id,
        "account_name": state.account_name,
        "account_type": "BASIC",
        "can_join_groups": state.can_join_groups,
        "display_name": state.bot_name,
    }


@method("getUpdates")
async def get_updates(state: ZaloState, params: dict[str, Any]) -> Any:
    """One update per call, consumed; after `timeout` seconds idle, 408 "Request timeout".

    While a webhook is set the poll gets nothing. Two pollers split the updates between them.
    """
    try:
        timeout = int(float(_str(params, "timeout") or DEFAULT_POLL_TIMEOUT))
    except ValueError:
        raise ZaloApiError(400, "Bad Request: timeout must be a number of seconds") from None
    timeout = min(max(timeout, 0), MAX_POLL_TIMEOUT)
    gone = CLIENT_GONE.get() or asyncio.Event()
    deadline = time.monotonic() + timeout
    while not state.closing and not gone.is_set():
        if state.webhook is None and state.updates:
            return state.take_update()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        await state.wait_change(remaining)
    raise ZaloApiError(408, "Request timeout")


@method("setWebhook")
async def set_webhook(state: ZaloState, params: dict[str, Any]) -> Any:
    url = _str(params, "url").strip()
    if not url.startswith("https://") and not is_loopback_http(url):
        raise ZaloApiError(400, "Bad Request: url must be an HTTPS address")
    secret = _str(params, "secret_token")
    if not SECRET_MIN <= len(secret) <= SECRET_MAX:
        raise ZaloApiError(
            400, f"Bad Request: secret_token must be {SECRET_MIN} to {SECRET_MAX} characters"
        )
    state.webhook = {"url": url, "secret_token": secret, "updated_at": state.now_ms()}
    state.notify()
    return {"url": url, "updated_at": state.webhook["updated_at"]}


@method("deleteWebhook")
async def delete_webhook(state: ZaloState, params: dict[str, Any]) -> Any:
    state.webhook = None
    state.notify()
    return {"url": "", "updated_at": state.now_ms()}


@method("getWebhookInfo")
async def get_webhook_info(state: ZaloState, params: dict[str, Any]) -> Any:
    if state.webhook is None:
        raise ZaloApiError(404, "Not Found")
    return {"url": state.webhook["url"], "updated_at": state.webhook["updated_at"]}


def _sent(state: ZaloState, params: dict[str, Any], **fields: Any) -> dict[str, Any]:
    chat = state.chat_for_bot(_str(params, "chat_id"))
    state.check_quota()
    message = state.add_bot_message(chat, **fields)
    return {"message_id": message.message_id, "date": message.date}


@method("sendMessage")
async def send_message(state: ZaloState, params: dict[str, Any]) -> Any:
    text = _text(params, "text", required=True)
    return _sent(state, params, event_name="text", text=text)


@method("sendPhoto")
async def send_photo(state: ZaloState, params: dict[str, Any]) -> Any:
    photo = _str(params, "photo").strip()
    if not is_web_url(photo):
        raise ZaloApiError(400, "Bad Request: photo must be a public http(s) URL")
    caption = _text(params, "caption", required=False)
    return _sent(state, params, event_name="photo", photo=photo, caption=caption)


@method("sendSticker")
async def send_sticker(state: ZaloState, params: dict[str, Any]) -> Any:
    sticker = _str(params, "sticker")
    if not sticker:
        raise ZaloApiError(400, "Bad Request: sticker is empty")
    return _sent(state, params, event_name="sticker", sticker=sticker)


@method("sendChatAction")
async def send_chat_action(state: ZaloState, params: dict[str, Any]) -> Any:
    state.chat_for_bot(_str(params, "chat_id"))
    if _str(params, "action") not in ("typing", "upload_photo"):
        raise ZaloApiError(400, "Bad Request: unknown action")
    return NO_RESULT
