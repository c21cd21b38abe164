"""Reading a Zalo update, from `getUpdates` or a webhook body, whichever shape it comes in.

The sources disagree (`../shared/zalo-bot-api.md`): a webhook body is `{ok, result: {...}}` in the
docs and the bare `{event_name, message}` in production; a sender's name is `display_name` or
`first_name`; a photo is `photo` or `photo_url`; one copy of the docs has no `event_name` at all.
`parse_update` accepts every variant and gives one flat `Update`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
UNSUPPORTED = "message.unsupported.received"

PRIVATE = "PRIVATE"
GROUP = "GROUP"


class BadUpdate(ValueError):
    """The body is not a Zalo update (no message with an id and a chat)."""


@dataclass(frozen=True, slots=True)
class Update:
    """One message that reached the bot."""

    event_name: str
    message_id: str
    date: int  # milliseconds since the epoch
    chat_id: str
    chat_type: str  # PRIVATE or GROUP (as Zalo spells it)
    from_id: str
    from_name: str
    text: str | None = None
    photo_url: str | None = None
    caption: str | None = None
    sticker: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_private(self) -> bool:
        return self.chat_type.upper() == PRIVATE

    @property
    def is_unsupported(self) -> bool:
        """A file, or anything else the platform does not pass on: it arrives without content."""
        return self.event_name == UNSUPPORTED


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _event_of(message: dict[str, Any]) -> str:
    """The event of an update that does not name one, from what its message holds."""
    if _text(message.get("text")) is not None:
        return TEXT
    if message.get("photo") or message.get("photo_url"):
        return IMAGE
    if message.get("sticker"):
        return STICKER
    return UNSUPPORTED


def parse_update(body: Any) -> Update:
    """The update in `body` (a dict from JSON); `BadUpdate` if there is none."""
    if isinstance(body, dict) and "result" in body and "message" not in body:
        body = body["result"]
    if not isinstance(body, dict):
        raise BadUpdate("the update is not a JSON object")
    message = body.get("message")
    if not isinstance(message, dict):
        raise BadUpdate("the update has no message")
    chat = message.get("chat") if isinstance(message.get("chat"), dict) else {}
    sender = message.get("from") if isinstance(message.get("from"), dict) else {}
    message_id = message.get("message_id")
    chat_id = chat.get("id", sender.get("id"))
    if message_id in (None, "") or chat_id in (None, ""):
        raise BadUpdate("the message has no message_id or chat")
    name = sender.get("display_name") or sender.get("first_name") or sender.get("name") or ""
    photo = message.get("photo") or message.get("photo_url")
    try:
        date = int(message.get("date") or 0)
    except (TypeError, ValueError):
        date = 0
    return Update(
        event_name=str(body.get("event_name") or _event_of(message)),
        message_id=str(message_id),
        date=date,
        chat_id=str(chat_id),
        chat_type=str(chat.get("chat_type") or PRIVATE),
        from_id=str(sender.get("id", chat_id)),
        from_name=str(name),
        text=_text(message.get("text")),
        photo_url=_text(photo),
        caption=_text(message.get("caption")),
        sticker=_text(message.get("sticker")),
        raw=body,
    )
