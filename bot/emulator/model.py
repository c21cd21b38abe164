"""The emulated world's nouns: people, chats, messages, files, button presses, faults.

Everything is plain data kept in memory. Telegram-shaped dictionaries are built here so the
server answers exactly what the Bot API would show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PRIVATE = "private"
GROUP = "group"
SUPERGROUP = "supergroup"

# The bot's membership in a chat, as ChatMember statuses.
MEMBER = "member"
LEFT = "left"
KICKED = "kicked"


class ApiError(Exception):
    """A Bot API error answer: HTTP status = error_code, with the server's description."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def envelope(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


class ControlError(Exception):
    """A control API request that makes no sense (unknown user, chat, message...)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def bad_request(what: str, parameters: dict[str, Any] | None = None) -> ApiError:
    return ApiError(400, f"Bad Request: {what}", parameters)


def forbidden(what: str) -> ApiError:
    return ApiError(403, f"Forbidden: {what}")


@dataclass(slots=True)
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass(slots=True)
class Message:
    """One message as its chat shows it; `data` is the Bot API Message object."""

    data: dict[str, Any]
    from_bot: bool
    html: str | None = None
    edit_count: int = 0
    deleted: bool = False

    @property
    def message_id(self) -> int:
        return int(self.data["message_id"])

    def view(self) -> dict[str, Any]:
        """What the control API reports: the essentials plus the raw object."""
        data = self.data
        service = {
            key: data[key]
            for key in (
                "new_chat_members",
                "left_chat_member",
                "migrate_to_chat_id",
                "migrate_from_chat_id",
                "group_chat_created",
            )
            if key in data
        }
        reply = data.get("reply_to_message")
        return {
            "message_id": data["message_id"],
            "date": data["date"],
            "from": data.get("from"),
            "from_bot": self.from_bot,
            "text": data.get("text", data.get("caption")),
            "caption": data.get("caption"),
            "html": self.html,
            "entities": data.get("entities", data.get("caption_entities", [])),
            "reply_markup": data.get("reply_markup"),
            "document": data.get("document"),
            "photo": data.get("photo"),
            "reply_to_message_id": reply["message_id"] if reply else None,
            "service": service or None,
            "edit_count": self.edit_count,
            "deleted": self.deleted,
            "message": data,
        }


@dataclass(slots=True)
class Chat:
    id: int
    type: str
    title: str | None = None
    user: User | None = None  # the other side of a private chat
    bot_status: str = LEFT
    bot_was_member: bool = False
    migrated_to: int | None = None
    chat_instance: str = ""
    messages: list[Message] = field(default_factory=list)

    @property
    def is_group(self) -> bool:
        return self.type != PRIVATE

    def to_dict(self) -> dict[str, Any]:
        if self.user is not None:
            data: dict[str, Any] = {"id": self.id, "first_name": self.user.first_name}
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
            data["type"] = PRIVATE
            return data
        return {"id": self.id, "title": self.title or "", "type": self.type}

    def message(self, message_id: int) -> Message | None:
        """The message with this id, unless it never existed or was deleted."""
        if 1 <= message_id <= len(self.messages):
            found = self.messages[message_id - 1]
            if not found.deleted:
                return found
        return None


@dataclass(slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
            "file_path": self.file_path,
        }

    def document(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        data.update(
            file_id=self.file_id, file_unique_id=self.file_unique_id, file_size=len(self.content)
        )
        return data


@dataclass(slots=True)
class CallbackQuery:
    id: str
    created: float  # monotonic
    answer: dict[str, Any] | None = None


@dataclass(slots=True)
class Fault:
    """An injected failure; `count` is the number of calls it still affects."""

    kind: str
    method: str | None = None
    chat_id: int | None = None
    status: int = 502
    count: int = 1
    delay: float = 0.0
    description: str = ""  # a `status` fault's error text (else the HTTP phrase)

    def matches(self, method: str, chat_id: int | None) -> bool:
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "method": self.method,
            "chat_id": self.chat_id,
            "status": self.status,
            "count": self.count,
            "delay": self.delay,
            "description": self.description,
        }
