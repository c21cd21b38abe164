"""The Bot API methods about the bot itself and how it gets its updates: `getMe`, `getUpdates`
(long polling), the webhook methods, `close` and `logOut`."""

from __future__ import annotations

import asyncio
import re
import time
from contextvars import ContextVar
from typing import Any

from bot.emulator.methods.registry import (
    Reply,
    method,
    param_bool,
    param_int,
    param_json,
    param_str,
)
from bot.emulator.model import ApiError, bad_request
from bot.emulator.state import State

SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")


@method("getMe")
async def get_me(state: State, params: dict[str, Any]) -> Reply:
    user = state.bot.to_dict()
    user.update(
        can_join_groups=True,
        can_read_all_group_messages=False,
        supports_inline_queries=False,
        can_connect_to_business=False,
        has_main_web_app=False,
    )
    return Reply(user)


#: Set by the server while serving getUpdates: fires when that HTTP client goes away.
CLIENT_GONE: ContextVar[asyncio.Event | None] = ContextVar("emulator_client_gone", default=None)
#: How long a new getUpdates waits for a poll whose client has just gone (a cancelled request
#: and its replacement can reach the server in either order).
POLL_HANDOVER = 0.2


async def _previous_poll_ended(state: State) -> bool:
    deadline = time.monotonic() + POLL_HANDOVER
    while state.polling:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        await state.wait_change(remaining)
    return True


@method("getUpdates")
async def get_updates(state: State, params: dict[str, Any]) -> Reply:
    if state.webhook is not None:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook "
            "to delete the webhook first",
        )
    if state.polling and not await _previous_poll_ended(state):
        raise ApiError(
            409,
            "Conflict: terminated by other getUpdates request; make sure that only one bot "
            "instance is running",
        )
    offset = param_int(params, "offset") or 0
    limit = min(max(param_int(params, "limit") or 100, 1), 100)
    timeout = max(param_int(params, "timeout") or 0, 0)
    allowed = param_json(params, "allowed_updates", "allowed updates")
    state.set_allowed_updates(allowed if isinstance(allowed, list) else None)
    state.confirm_updates(offset)
    gone = CLIENT_GONE.get() or asyncio.Event()
    state.polling = True
    try:
        deadline = time.monotonic() + timeout
        while not state.updates and not state.closing and not gone.is_set():
            if state.outage.active():
                break
            remaining = deadline - time.monotonic()
            if remaining <= 0 or state.webhook is not None:
                break
            await state.wait_change(remaining)
        return Reply([u for _, u in zip(range(limit), state.updates, strict=False)])
    finally:
        state.polling = False
        state.notify()  # a poller waiting for its turn may go on


@method("setWebhook")
async def set_webhook(state: State, params: dict[str, Any]) -> Reply:
    url = (param_str(params, "url") or "").strip()
    if not url:
        return await delete_webhook(state, params)
    if not url.lower().startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = param_str(params, "secret_token")
    if secret is not None and not SECRET_RE.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    allowed = param_json(params, "allowed_updates", "allowed updates")
    if param_bool(params, "drop_pending_updates"):
        state.updates.clear()
    state.webhook = {
        "url": url,
        "secret_token": secret,
        "allowed_updates": frozenset(allowed) if isinstance(allowed, list) and allowed else None,
        "max_connections": param_int(params, "max_connections") or 40,
    }
    state.webhook_error = None
    state.notify()
    return Reply(True, "Webhook was set")


@method("deleteWebhook")
async def delete_webhook(state: State, params: dict[str, Any]) -> Reply:
    if param_bool(params, "drop_pending_updates"):
        state.updates.clear()
    was_set = state.webhook is not None
    state.webhook = None
    state.webhook_error = None
    state.notify()
    return Reply(True, "Webhook was deleted" if was_set else "Webhook is already deleted")


@method("getWebhookInfo")
async def get_webhook_info(state: State, params: dict[str, Any]) -> Reply:
    info: dict[str, Any] = {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }
    hook = state.webhook
    if hook is not None:
        info["url"] = hook["url"]
        info["max_connections"] = hook["max_connections"]
        info["ip_address"] = "127.0.0.1"
        if hook["allowed_updates"]:
            info["allowed_updates"] = sorted(hook["allowed_updates"])
        if state.webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = state.webhook_error
    return Reply(info)


# ---- sessions -----------------------------------------------------------------------------------


@method("close")
async def close(state: State, params: dict[str, Any]) -> Reply:
    return Reply(True)


@method("logOut")
async def log_out(state: State, params: dict[str, Any]) -> Reply:
    return Reply(True)
