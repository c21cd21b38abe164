"""The documented Zalo Bot API methods and their fields, as a table, and the check of one call.

Taken from `../shared/zalo-bot-api.md` (the official docs' parameter tables). Every call the
emulator serves is checked here; what does not fit becomes a violation (the call is still
answered, as the real server would).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

TEXT_LIMIT = 2000
SECRET_MIN, SECRET_MAX = 8, 256
CHAT_ACTIONS = frozenset({"typing", "upload_photo"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One parameter: its JSON type(s), whether it is required, its length in UTF-16 units."""

    types: tuple[type, ...] = (str,)
    required: bool = False
    min_len: int | None = None
    max_len: int | None = None


_CHAT_ID = FieldSpec((str,), required=True)

METHODS: dict[str, dict[str, FieldSpec]] = {
    "getMe": {},
    # the docs type `timeout` as a String; clients send numbers too
    "getUpdates": {"timeout": FieldSpec((str, int))},
    "setWebhook": {
        "url": FieldSpec(required=True),
        "secret_token": FieldSpec(required=True, min_len=SECRET_MIN, max_len=SECRET_MAX),
    },
    "deleteWebhook": {},
    "getWebhookInfo": {},
    "sendMessage": {
        "chat_id": _CHAT_ID,
        "text": FieldSpec(required=True, min_len=1, max_len=TEXT_LIMIT),
    },
    "sendPhoto": {
        "chat_id": _CHAT_ID,
        "photo": FieldSpec(required=True),
        "caption": FieldSpec(min_len=1, max_len=TEXT_LIMIT),
    },
    "sendSticker": {"chat_id": _CHAT_ID, "sticker": FieldSpec(required=True)},
    "sendChatAction": {"chat_id": _CHAT_ID, "action": FieldSpec(required=True)},
}
_BY_LOWER = {name.lower(): name for name in METHODS}


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def is_loopback_http(url: str) -> bool:
    """An http:// URL on this machine: allowed by the emulator (tests), never by Zalo."""
    parts = urlsplit(url)
    return parts.scheme == "http" and (parts.hostname or "") in LOOPBACK_HOSTS


def is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def check_call(method: str, params: dict[str, Any], from_form: bool) -> list[str]:
    """What is wrong with this call by the docs; empty when nothing is.

    `from_form` says the values came as strings (query or form body), so types are not judged.
    """
    fields = METHODS.get(method)
    if fields is None:
        known = _BY_LOWER.get(method.lower())
        if known is not None:
            return [f"unknown method {method!r}: method names are case-sensitive, use {known!r}"]
        return [f"unknown method {method!r}"]
    problems: list[str] = []
    for name, spec in fields.items():
        value = params.get(name)
        if value is None or value == "":
            if spec.required:
                problems.append(f"required field {name!r} is missing")
            continue
        if not from_form and not isinstance(value, spec.types):
            wanted = " or ".join(t.__name__ for t in spec.types)
            problems.append(f"field {name!r} must be {wanted}, got {type(value).__name__}")
            continue
        if isinstance(value, str):
            length = utf16_len(value)
            if spec.min_len is not None and length < spec.min_len:
                problems.append(f"field {name!r} is shorter than {spec.min_len}")
            if spec.max_len is not None and length > spec.max_len:
                problems.append(f"field {name!r} is {length} long, more than {spec.max_len}")
    for name in params:
        if name not in fields:
            problems.append(f"unknown field {name!r}")
    problems.extend(_values(method, params))
    return problems


def _values(method: str, params: dict[str, Any]) -> list[str]:
    """The documented rules on values beyond type and length."""
    problems: list[str] = []
    if method == "setWebhook":
        url = str(params.get("url") or "")
        if url and not url.startswith("https://") and not is_loopback_http(url):
            problems.append("field 'url' must be an HTTPS address")
    elif method == "sendPhoto":
        photo = str(params.get("photo") or "")
        if photo and not is_web_url(photo):
            problems.append("field 'photo' must be a public http(s) URL")
    elif method == "sendChatAction":
        action = params.get("action")
        if action and action not in CHAT_ACTIONS:
            problems.append(f"field 'action' must be one of {sorted(CHAT_ACTIONS)}")
    return problems
