"""What the Zalo emulator knows: people, chats, messages, the bot's update queue, the webhook,
the monthly quota, injected faults and the record of every call (request log, violations).

The rules of the platform that break bots live here (`../shared/zalo-bot-api.md`):
- an update handed out is gone (at most once); `getUpdates` gives one per call;
- the bot cannot write first: a private chat opens when the person writes to the bot;
- in a group the bot sees only messages that @mention it or reply to one of its messages;
- a file a person sends arrives as `message.unsupported.received`, without content;
- sent messages (and, by default, received ones) count against the monthly quota.
Used from one event loop only.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from bot.emulator.model import ControlError

PRIVATE = "PRIVATE"
GROUP = "GROUP"
TEXT = "message.text.received"
IMAGE = "message.image.received"
STICKER = "message.sticker.received"
UNSUPPORTED = "message.unsupported.received"
DEFAULT_QUOTA = 3000
REQUEST_LOG_SIZE = 200_000
FAULT_KINDS = frozenset({"status", "delay", "drop"})


class ZaloApiError(Exception):
    """An error answer: `{"ok": false, "error_code": code, "description": ...}`."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description

    def envelope(self) -> dict[str, Any]:
        return {"ok": False, "error_code": self.code, "description": self.description}


@dataclass(frozen=True, slots=True)
class Shapes:
    """Where the sources disagree, which shape the emulator sends (`zalo-bot-api.md` CONFLICT)."""

    webhook_wrapped: bool = False  # the docs' {ok, result}; production sends the bare update
    name_field: str = "display_name"  # or "first_name"
    photo_field: str = "photo"  # or "photo_url"


@dataclass(slots=True)
class ZaloUser:
    id: str
    display_name: str

    def to_dict(self, name_field: str = "display_name") -> dict[str, Any]:
        return {"id": self.id, name_field: self.display_name, "is_bot": False}


@dataclass(slots=True)
class ZaloMessage:
    message_id: str
    date: int  # ms
    chat_id: str
    from_bot: bool
    from_id: str | None
    event_name: str = TEXT  # the bot's own messages: "text", "photo" or "sticker"
    text: str | None = None
    photo: str | None = None
    caption: str | None = None
    sticker: str | None = None
    file_name: str | None = None  # what the person sent; never reaches the bot
    reply_to: str | None = None
    seen_by_bot: bool = False

    def view(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "date": self.date,
            "chat_id": self.chat_id,
            "from_bot": self.from_bot,
            "from_id": self.from_id,
            "event_name": self.event_name,
            "text": self.text,
            "photo": self.photo,
            "caption": self.caption,
            "sticker": self.sticker,
            "file_name": self.file_name,
            "reply_to": self.reply_to,
            "seen_by_bot": self.seen_by_bot,
        }


@dataclass(slots=True)
class ZaloChat:
    id: str
    chat_type: str
    title: str | None = None
    user: ZaloUser | None = None  # the person of a private chat
    members: set[str] = field(default_factory=set)
    opened: bool = False  # private: the person has written to the bot
    messages: list[ZaloMessage] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "chat_type": self.chat_type}
        if self.title:
            data["title"] = self.title
        return data


@dataclass(slots=True)
class ZaloFault:
    kind: str
    method: str | None = None
    chat_id: str | None = None
    status: int = 502
    count: int = 1
    delay: float = 0.0

    def matches(self, method: str, chat_id: str | None) -> bool:
        if self.method is not None and self.method != method:
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
        }


def _hex_id(kind: str, number: int) -> str:
    """A 20-hex-character id like Zalo's, stable from run to run."""
    return hashlib.sha1(f"{kind}:{number}".encode()).hexdigest()[:20]


class ZaloState:
    """Everything the Zalo emulator knows; see the module docstring."""

    def __init__(self, token: str, bot_name: str = "Loa", shapes: Shapes | None = None) -> None:
        self.token = token
        self.bot_id = token.split(":", 1)[0] or "1459232241454765289"
        self.bot_name = bot_name
        self.account_name = f"bot.{bot_name}"
        self.can_join_groups = True
        self.shapes = shapes or Shapes()
        self.users: dict[str, ZaloUser] = {}
        self.chats: dict[str, ZaloChat] = {}
        self.messages_by_id: dict[str, ZaloMessage] = {}
        self._next = 0
        self.updates: deque[dict[str, Any]] = deque()
        self.webhook: dict[str, Any] | None = None
        self.webhook_log: list[dict[str, Any]] = []
        self.closing = False
        self._changed = asyncio.Event()
        self.quota_limit: int | None = DEFAULT_QUOTA
        self.quota_used = 0
        self.quota_counts_received = True
        self.faults: list[ZaloFault] = []
        self.request_log: deque[dict[str, Any]] = deque(maxlen=REQUEST_LOG_SIZE)
        self.violations: list[dict[str, Any]] = []
        self.calls_by_method: Counter[str] = Counter()
        self.updates_handed_out = 0

    # ---- waking pollers and the webhook sender --------------------------------------------------

    def notify(self) -> None:
        event, self._changed = self._changed, asyncio.Event()
        event.set()

    async def wait_change(self, seconds: float) -> None:
        if seconds <= 0 or self.closing:
            return
        try:
            await asyncio.wait_for(self._changed.wait(), seconds)
        except TimeoutError:
            pass

    def take_update(self) -> dict[str, Any] | None:
        """The oldest pending update, removed: it is never handed out again."""
        if not self.updates:
            return None
        self.updates_handed_out += 1
        return self.updates.popleft()

    def _new_id(self, kind: str) -> str:
        self._next += 1
        return _hex_id(kind, self._next)

    @staticmethod
    def now_ms() -> int:
        return int(time.time() * 1000)

    # ---- people and chats -----------------------------------------------------------------------

    def create_user(self, display_name: str) -> dict[str, Any]:
        """A new Zalo user; the private chat with the bot has the user's id."""
        user = ZaloUser(self._new_id("user"), display_name)
        self.users[user.id] = user
        self.chats[user.id] = ZaloChat(user.id, PRIVATE, user=user)
        return {"id": user.id, "display_name": display_name}

    def create_group(self, title: str, member_ids: list[str] | None = None) -> dict[str, Any]:
        """A group its owner has added the bot to (through the bot's invite link)."""
        chat = ZaloChat(self._new_id("group"), GROUP, title=title)
        for user_id in member_ids or []:
            chat.members.add(self.user(user_id).id)
        self.chats[chat.id] = chat
        return chat.to_dict()

    def add_member(self, chat_id: str, user_id: str) -> dict[str, Any]:
        chat = self._group(chat_id)
        chat.members.add(self.user(user_id).id)
        return chat.to_dict()

    def user(self, user_id: str) -> ZaloUser:
        found = self.users.get(str(user_id))
        if found is None:
            raise ControlError(f"no user {user_id}", 404)
        return found

    def chat(self, chat_id: str) -> ZaloChat:
        found = self.chats.get(str(chat_id))
        if found is None:
            raise ControlError(f"no chat {chat_id}", 404)
        return found

    def _group(self, chat_id: str) -> ZaloChat:
        chat = self.chat(chat_id)
        if chat.chat_type != GROUP:
            raise ControlError(f"chat {chat_id} is not a group")
        return chat

    # ---- people writing -------------------------------------------------------------------------

    def _writer(self, user_id: str, chat_id: str | None) -> tuple[ZaloUser, ZaloChat]:
        user = self.user(user_id)
        chat = self.chat(chat_id or user.id)
        if chat.chat_type == PRIVATE and chat.user is not user:
            raise ControlError("a person writes only in their own private chat with the bot")
        if chat.chat_type == GROUP and user.id not in chat.members:
            chat.members.add(user.id)
        return user, chat

    def _bot_sees(self, chat: ZaloChat, message: ZaloMessage) -> bool:
        if chat.chat_type == PRIVATE:
            return True
        if message.reply_to is not None:
            replied = self.messages_by_id.get(message.reply_to)
            if replied is not None and replied.from_bot:
                return True
        return f"@{self.bot_name}".lower() in (message.text or message.caption or "").lower()

    def _user_writes(self, user_id: str, chat_id: str | None, **fields: Any) -> dict[str, Any]:
        user, chat = self._writer(user_id, chat_id)
        reply_to = fields.pop("reply_to", None)
        if reply_to is not None and reply_to not in self.messages_by_id:
            raise ControlError(f"no message {reply_to}", 404)
        message = ZaloMessage(
            self._new_id("message"),
            self.now_ms(),
            chat.id,
            from_bot=False,
            from_id=user.id,
            reply_to=reply_to,
            **fields,
        )
        chat.messages.append(message)
        self.messages_by_id[message.message_id] = message
        if chat.chat_type == PRIVATE:
            chat.opened = True
        if self._bot_sees(chat, message):
            message.seen_by_bot = True
            if self.quota_counts_received:
                self.quota_used += 1
            self.updates.append(self._update(user, chat, message))
            self.notify()
        return message.view()

    def _update(self, user: ZaloUser, chat: ZaloChat, message: ZaloMessage) -> dict[str, Any]:
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "from": user.to_dict(self.shapes.name_field),
            "chat": chat.to_dict(),
        }
        if message.event_name == TEXT:
            body["text"] = message.text
        elif message.event_name == IMAGE:
            body[self.shapes.photo_field] = message.photo
            if message.caption:
                body["caption"] = message.caption
        elif message.event_name == STICKER:
            body["sticker"] = message.sticker
        # message.unsupported.received: a file or anything else, without content
        return {"event_name": message.event_name, "message": body}

    def send_text(
        self, user_id: str, text: str, chat_id: str | None = None, reply_to: str | None = None
    ) -> dict[str, Any]:
        """The person writes `text` in their private chat (or in the group `chat_id`)."""
        return self._user_writes(user_id, chat_id, text=text, reply_to=reply_to)

    def mention(self, user_id: str, chat_id: str, text: str) -> dict[str, Any]:
        """The person writes `@<bot name> text` in a group: the bot sees it."""
        self._group(chat_id)
        return self._user_writes(user_id, chat_id, text=f"@{self.bot_name} {text}")

    def send_image(
        self, user_id: str, photo: str, caption: str | None = None, chat_id: str | None = None
    ) -> dict[str, Any]:
        return self._user_writes(user_id, chat_id, event_name=IMAGE, photo=photo, caption=caption)

    def send_sticker(
        self, user_id: str, sticker: str, chat_id: str | None = None
    ) -> dict[str, Any]:
        return self._user_writes(user_id, chat_id, event_name=STICKER, sticker=sticker)

    def send_file(self, user_id: str, file_name: str, chat_id: str | None = None) -> dict[str, Any]:
        """The person sends a file (a PDF, a Word document...): the bot gets no content."""
        return self._user_writes(user_id, chat_id, event_name=UNSUPPORTED, file_name=file_name)

    # ---- the bot writing ------------------------------------------------------------------------

    def chat_for_bot(self, chat_id: str) -> ZaloChat:
        """The chat the bot may write to; the errors Zalo gives otherwise.

        What Zalo answers to a bot writing first is UNKNOWN (zalo-bot-api.md); the emulator
        answers 403 so that a bot must treat it as "this person cannot be reached".
        """
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ZaloApiError(400, "Bad Request: chat not found")
        if chat.chat_type == PRIVATE and not chat.opened:
            raise ZaloApiError(403, "Forbidden: the user has not sent the bot a message")
        return chat

    def check_quota(self) -> None:
        if self.quota_limit and self.quota_used >= self.quota_limit:
            raise ZaloApiError(429, "Quota exceeded")

    def add_bot_message(self, chat: ZaloChat, **fields: Any) -> ZaloMessage:
        message = ZaloMessage(self._new_id("message"), self.now_ms(), chat.id, True, None, **fields)
        chat.messages.append(message)
        self.messages_by_id[message.message_id] = message
        self.quota_used += 1
        return message

    # ---- what chats show ------------------------------------------------------------------------

    def messages(self, chat_id: str, bot_only: bool = False) -> list[dict[str, Any]]:
        return [m.view() for m in self.chat(chat_id).messages if m.from_bot or not bot_only]

    def seen_by(self, user_id: str) -> list[dict[str, Any]]:
        """What the bot wrote to this person in their private chat."""
        return self.messages(self.user(user_id).id, bot_only=True)

    # ---- quota ----------------------------------------------------------------------------------

    def set_quota(
        self,
        limit: int | None = DEFAULT_QUOTA,
        used: int | None = None,
        count_received: bool | None = None,
    ) -> dict[str, Any]:
        """Set the month's quota (None or 0 for none), its use so far, what counts."""
        self.quota_limit = int(limit) if limit else None
        if used is not None:
            self.quota_used = int(used)
        if count_received is not None:
            self.quota_counts_received = bool(count_received)
        return self.quota()

    def quota(self) -> dict[str, Any]:
        return {
            "limit": self.quota_limit,
            "used": self.quota_used,
            "counts_received": self.quota_counts_received,
        }

    # ---- faults ---------------------------------------------------------------------------------

    def set_fault(
        self,
        method: str | None = None,
        chat_id: str | None = None,
        kind: str = "status",
        status: int = 502,
        count: int = 1,
        delay: float = 0.0,
    ) -> dict[str, Any]:
        if kind not in FAULT_KINDS:
            raise ControlError(f"unknown fault kind {kind!r}; use one of {sorted(FAULT_KINDS)}")
        fault = ZaloFault(kind, method, chat_id, int(status), int(count), float(delay))
        self.faults.append(fault)
        return fault.to_dict()

    def take_faults(self, method: str, chat_id: str | None) -> list[ZaloFault]:
        hits = [f for f in self.faults if f.matches(method, chat_id)]
        for fault in hits:
            fault.count -= 1
        if hits:
            self.faults = [f for f in self.faults if f.count > 0]
        return hits

    # ---- what happened --------------------------------------------------------------------------

    def record_call(
        self,
        method: str,
        params: dict[str, Any],
        status: int,
        http_status: int,
        error: str | None,
        chat_id: str | None,
    ) -> None:
        self.calls_by_method[method] += 1
        self.request_log.append(
            {
                "time": time.time(),
                "method": method,
                "params": params,
                "status": status,
                "http_status": http_status,
                "error": error,
                "chat_id": chat_id,
            }
        )

    def record_violation(self, method: str, problem: str, params: dict[str, Any]) -> None:
        self.violations.append({"method": method, "problem": problem, "params": params})

    def requests(self, method: str | None = None) -> list[dict[str, Any]]:
        return [r for r in self.request_log if method is None or r["method"] == method]

    def reset_log(self) -> None:
        self.request_log.clear()
        self.violations.clear()
        self.calls_by_method.clear()
        self.webhook_log.clear()

    def stats(self) -> dict[str, Any]:
        return {
            "requests": sum(self.calls_by_method.values()),
            "requests_by_method": dict(self.calls_by_method),
            "pending_updates": len(self.updates),
            "updates_handed_out": self.updates_handed_out,
            "quota": self.quota(),
        }
