"""The emulator's table of Bot API methods and what every method needs to read its parameters.

Each method is an `async (state, params) -> Reply` registered in `HANDLERS` with `@method(name)`;
the families live in `messages.py`, `updates.py` and `chats.py`, and the package imports them all
so that the table is full. This module imports none of them.

Parameters arrive as the HTTP request carried them (form values are strings, complex values JSON
strings; a JSON body may carry real types); the readers below read them the way the server does.
Errors are raised as `ApiError` with the real server's descriptions.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.emulator.model import Chat, bad_request
from bot.emulator.state import State


@dataclass(slots=True)
class Reply:
    """A successful answer: `result`, and the optional `description` some methods add."""

    result: Any
    description: str | None = None


Handler = Callable[[State, dict[str, Any]], Awaitable[Reply]]
HANDLERS: dict[str, Handler] = {}


def method(name: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        HANDLERS[name] = func
        return func

    return register


# ---- reading parameters -------------------------------------------------------------------------


def param_str(params: dict[str, Any], name: str, default: str | None = None) -> str | None:
    value = params.get(name)
    if value is None:
        return default
    return value if isinstance(value, str) else str(value)


def param_int(params: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise bad_request(f"{name} is empty" if name != "chat_id" else "chat_id is empty")
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request(f"invalid {name} specified") from None


def param_bool(params: dict[str, Any], name: str) -> bool:
    value = params.get(name)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def param_json(params: dict[str, Any], name: str, what: str) -> Any:
    value = params.get(name)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what} JSON object") from None
    return value


def param_chat(state: State, params: dict[str, Any]) -> Chat:
    if params.get("chat_id") in (None, ""):
        raise bad_request("chat_id is empty")
    return state.chat_for_bot(params["chat_id"])
