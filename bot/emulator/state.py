"""The emulated Telegram: users, chats, messages, the bot's update queue, files, limits, faults.

One `State` per emulator, used from one event loop only (no locks needed: nothing awaits in the
middle of a change). People act through the control API (`send_text`, `press_button`, ...), the bot
through the Bot API methods in `methods/`; both end up here. The limits, faults and the record of
calls are kept by its base class, `Ledger` (`ledger.py`); this module holds the objects.
"""

from __future__ import annotations

import asyncio
import mimetypes
import re
import secrets
import time
from collections import deque
from typing import Any

from bot.emulator.ledger import Ledger
from bot.emulator.limits import Limits
from bot.emulator.model import (
    GROUP,
    KICKED,
    LEFT,
    MEMBER,
    PRIVATE,
    SUPERGROUP,
    CallbackQuery,
    Chat,
    ControlError,
    Message,
    StoredFile,
    User,
    bad_request,
    forbidden,
)

FIRST_USER_ID = 5_000_000_001
FIRST_GROUP_ID = -4_000_000_001
FIRST_SUPERGROUP_ID = -1_005_000_000_001
FIRST_UPDATE_ID = 700_000_001
DEFAULT_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
CALLBACK_QUERY_LIFETIME = 15 * 60


class State(Ledger):
    """Everything the emulator knows; see the module docstring."""

    def __init__(self, token: str, bot_username: str, bot_name: str, limits: Limits) -> None:
        self.token = token
        prefix = token.split(":", 1)[0]
        bot_id = int(prefix) if prefix.isdigit() else 123_456
        self.bot = User(bot_id, bot_name, username=bot_username, is_bot=True)
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQuery] = {}
        self.callback_lifetime: float = CALLBACK_QUERY_LIFETIME
        self.confirmed_queries: set[str] = set()  # callback queries whose update was confirmed
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._next_user = FIRST_USER_ID
        self._next_group = FIRST_GROUP_ID
        self._next_supergroup = FIRST_SUPERGROUP_ID
        self._next_update = FIRST_UPDATE_ID
        self._next_file = 1
        self._next_query = 4_100_000_000_000_000_001

        # The bot's update queue, shared by getUpdates and webhook delivery.
        self.updates: deque[dict[str, Any]] = deque()
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATES
        self.polling = False
        self.webhook: dict[str, Any] | None = None
        self.webhook_error: tuple[int, str] | None = None
        self.closing = False
        self._changed = asyncio.Event()

        # Limits, faults and what happened (`ledger.py`).
        super().__init__(limits)

    # ---- waking pollers and the webhook sender --------------------------------------------------

    def notify(self) -> None:
        """Wake everything waiting for new updates (or for the emulator to close)."""
        event = self._changed
        self._changed = asyncio.Event()
        event.set()

    async def wait_change(self, seconds: float) -> None:
        """Wait until `notify()` or `seconds` have passed, whichever comes first."""
        if seconds <= 0 or self.closing:
            return
        event = self._changed
        try:
            await asyncio.wait_for(event.wait(), seconds)
        except TimeoutError:
            pass

    # ---- updates --------------------------------------------------------------------------------

    def push_update(self, kind: str, payload: dict[str, Any]) -> None:
        """Queue an update for the bot, if the bot asked for this kind."""
        allowed = self.allowed_updates
        if self.webhook is not None:
            allowed = self.webhook.get("allowed_updates") or allowed
        if kind not in allowed:
            return
        self.updates.append({"update_id": self._next_update, kind: payload})
        self._next_update += 1
        self.notify()

    def set_allowed_updates(self, kinds: list[str] | None) -> None:
        """None keeps the current choice; an empty list means the default kinds."""
        if kinds is None:
            return
        self.allowed_updates = frozenset(kinds) if kinds else DEFAULT_UPDATES

    def confirm_updates(self, offset: int) -> None:
        """Forget updates confirmed by `offset` (negative: keep only the last -offset)."""
        queue = self.updates
        if offset > 0:
            while queue and queue[0]["update_id"] < offset:
                self._confirmed(queue.popleft())
        elif offset < 0:
            while len(queue) > -offset:
                self._confirmed(queue.popleft())

    def _confirmed(self, update: dict[str, Any]) -> None:
        query = update.get("callback_query")
        if query is not None:
            self.confirmed_queries.add(query["id"])

    def confirmed_unanswered(self) -> list[str]:
        """Callback queries the bot confirmed receiving (offset or webhook 200) and has not
        answered: what a crash would lose if the bot had not written them down."""
        return sorted(
            (q for q in self.confirmed_queries if self.callback_queries[q].answer is None), key=int
        )

    def set_callback_lifetime(self, seconds: float) -> float:
        """How long a callback query may be answered (Telegram: a short while)."""
        self.callback_lifetime = float(seconds)
        return self.callback_lifetime

    # ---- people and chats (control side) --------------------------------------------------------

    def create_user(
        self,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
    ) -> dict[str, Any]:
        user = User(self._next_user, first_name, last_name, username, language_code)
        self._next_user += 1
        self.users[user.id] = user
        return user.to_dict()

    def create_group(self, title: str, supergroup: bool = False) -> dict[str, Any]:
        if supergroup:
            chat_id = self._next_supergroup
            self._next_supergroup -= 1
        else:
            chat_id = self._next_group
            self._next_group -= 1
        chat = Chat(chat_id, SUPERGROUP if supergroup else GROUP, title=title)
        chat.chat_instance = str(secrets.randbits(62))
        self.chats[chat_id] = chat
        return chat.to_dict()

    def user(self, user_id: int) -> User:
        found = self.users.get(int(user_id))
        if found is None:
            raise ControlError(f"unknown user {user_id}", 404)
        return found

    def chat(self, chat_id: int) -> Chat:
        found = self.chats.get(int(chat_id))
        if found is None:
            raise ControlError(f"unknown chat {chat_id}", 404)
        return found

    def private_chat(self, user_id: int) -> dict[str, Any]:
        """Open (or return) the user's private chat with the bot, as if they pressed Start."""
        return self._private(self.user(user_id)).to_dict()

    def _private(self, user: User) -> Chat:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = Chat(user.id, PRIVATE, user=user, bot_status=MEMBER, bot_was_member=True)
            chat.chat_instance = str(secrets.randbits(62))
            self.chats[user.id] = chat
        return chat

    def _member_update(self, chat: Chat, actor: User, old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"status": status, "user": self.bot.to_dict()}
            if status == KICKED:
                data["until_date"] = 0
            return data

        chat.bot_status = new
        if new == MEMBER:
            chat.bot_was_member = True
        self.push_update(
            "my_chat_member",
            {
                "chat": chat.to_dict(),
                "from": actor.to_dict(),
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    def add_bot_to_group(self, chat_id: int, by_user_id: int) -> dict[str, Any]:
        chat, user = self._group(chat_id), self.user(by_user_id)
        if chat.bot_status != MEMBER:
            self._member_update(chat, user, chat.bot_status, MEMBER)
            bot = self.bot.to_dict()
            self._add_user_message(chat, user, {"new_chat_members": [bot]}, service=True)
        return chat.to_dict()

    def remove_bot_from_group(self, chat_id: int, by_user_id: int) -> dict[str, Any]:
        chat, user = self._group(chat_id), self.user(by_user_id)
        if chat.bot_status == MEMBER:
            self._member_update(chat, user, MEMBER, KICKED)
            message = self._add_user_message(
                chat, user, {"left_chat_member": self.bot.to_dict()}, service=False
            )
            self.push_update("message", message.data)
        return chat.to_dict()

    def block_bot(self, user_id: int) -> dict[str, Any]:
        user = self.user(user_id)
        chat = self._private(user)
        if chat.bot_status != KICKED:
            self._member_update(chat, user, chat.bot_status, KICKED)
        return chat.to_dict()

    def migrate_group(self, chat_id: int, by_user_id: int | None = None) -> int:
        old = self._group(chat_id)
        if old.type != GROUP or old.migrated_to is not None:
            raise ControlError(f"chat {chat_id} is not a basic group")
        actor = self.user(by_user_id) if by_user_id is not None else None
        new_id = self._next_supergroup
        self._next_supergroup -= 1
        new = Chat(
            new_id,
            SUPERGROUP,
            title=old.title,
            bot_status=old.bot_status,
            bot_was_member=old.bot_was_member,
            chat_instance=str(secrets.randbits(62)),
        )
        self.chats[new_id] = new
        self._add_user_message(old, actor, {"migrate_to_chat_id": new_id}, service=True)
        old.migrated_to = new_id
        self._add_user_message(new, actor, {"migrate_from_chat_id": old.id}, service=True)
        return new_id

    def _group(self, chat_id: int) -> Chat:
        chat = self.chat(chat_id)
        if not chat.is_group:
            raise ControlError(f"chat {chat_id} is not a group")
        return chat

    # ---- people writing -------------------------------------------------------------------------

    def _new_message(
        self, chat: Chat, sender: User | None, fields: dict[str, Any], *, from_bot: bool
    ) -> Message:
        data: dict[str, Any] = {"message_id": len(chat.messages) + 1}
        if sender is not None:
            data["from"] = sender.to_dict()
        data["chat"] = chat.to_dict()
        data["date"] = int(time.time())
        data.update(fields)
        message = Message(data, from_bot=from_bot)
        chat.messages.append(message)
        return message

    def _add_user_message(
        self, chat: Chat, user: User | None, fields: dict[str, Any], *, service: bool
    ) -> Message:
        """Record a person's message and hand it to the bot if the bot would see it."""
        message = self._new_message(chat, user, fields, from_bot=False)
        if self._bot_sees(chat, message, service):
            self.push_update("message", message.data)
        return message

    def _bot_sees(self, chat: Chat, message: Message, service: bool) -> bool:
        """Privacy mode: in groups only commands for us, replies to us and service messages."""
        if chat.bot_status != MEMBER:
            return False
        if not chat.is_group or service:
            return True
        data = message.data
        reply = data.get("reply_to_message")
        if reply and reply.get("from", {}).get("id") == self.bot.id:
            return True
        text = data.get("text", data.get("caption", ""))
        entities = data.get("entities", data.get("caption_entities", []))
        if not any(e["type"] == "bot_command" and e["offset"] == 0 for e in entities):
            return False  # not a command, e.g. `/thông báo` (Telegram makes no entity of it)
        command = text.split(maxsplit=1)[0]
        if "@" in command:
            target = command.split("@", 1)[1]
            return target.lower() == (self.bot.username or "").lower()
        return True

    def _reply_snapshot(self, chat: Chat, message_id: int | None) -> dict[str, Any]:
        if message_id is None:
            return {}
        target = chat.message(int(message_id))
        if target is None:
            raise ControlError(f"no message {message_id} in chat {chat.id}")
        snapshot = dict(target.data)
        snapshot.pop("reply_to_message", None)
        return {"reply_to_message": snapshot}

    def _writer(self, user_id: int, chat_id: int) -> tuple[User, Chat]:
        user = self.user(user_id)
        if int(chat_id) == user.id:
            chat = self._private(user)
            if chat.bot_status == KICKED:  # writing to a bot you blocked restarts it
                self._member_update(chat, user, KICKED, MEMBER)
            return user, chat
        chat = self.chat(chat_id)
        if chat.migrated_to is not None:
            raise ControlError(f"chat {chat_id} was migrated to {chat.migrated_to}")
        return user, chat

    def send_text(
        self, user_id: int, chat_id: int, text: str, reply_to_message_id: int | None = None
    ) -> dict[str, Any]:
        user, chat = self._writer(user_id, chat_id)
        fields = self._reply_snapshot(chat, reply_to_message_id)
        fields["text"] = text
        entities = _command_entities(text)
        if entities:
            fields["entities"] = entities
        return self._add_user_message(chat, user, fields, service=False).data

    def send_document(
        self,
        user_id: int,
        chat_id: int,
        filename: str,
        content: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        user, chat = self._writer(user_id, chat_id)
        fields = self._reply_snapshot(chat, reply_to_message_id)
        stored = self.store_file(content, filename, mime_type, folder="documents")
        fields["document"] = stored.document()
        if caption:
            fields["caption"] = caption
            entities = _command_entities(caption)
            if entities:
                fields["caption_entities"] = entities
        return self._add_user_message(chat, user, fields, service=False).data

    def press_button(self, user_id: int, chat_id: int, message_id: int, data: str) -> str:
        user, chat = self.user(user_id), self.chat(chat_id)
        message = chat.message(int(message_id))
        if message is None:
            raise ControlError(f"no message {message_id} in chat {chat_id}")
        query = CallbackQuery(str(self._next_query), time.monotonic())
        self._next_query += 1
        self.callback_queries[query.id] = query
        if chat.bot_status == MEMBER:
            self.push_update(
                "callback_query",
                {
                    "id": query.id,
                    "from": user.to_dict(),
                    "message": dict(message.data),
                    "chat_instance": chat.chat_instance,
                    "data": data,
                },
            )
        return query.id

    def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        query = self.callback_queries.get(str(query_id))
        if query is None:
            raise ControlError(f"unknown callback query {query_id}", 404)
        return query.answer

    def messages(self, chat_id: int, bot_only: bool = False) -> list[dict[str, Any]]:
        chat = self.chat(chat_id)
        return [m.view() for m in chat.messages if m.from_bot or not bot_only]

    # ---- files ----------------------------------------------------------------------------------

    def store_file(
        self, content: bytes, file_name: str | None, mime_type: str | None, *, folder: str
    ) -> StoredFile:
        number = self._next_file
        self._next_file += 1
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        elif folder == "photos":
            suffix = ".jpg"
        stored = StoredFile(
            file_id=f"BQACAgIAAxkBAA{number:06d}{secrets.token_urlsafe(18)}",
            file_unique_id=f"AgAD{number:06d}",
            content=content,
            file_path=f"{folder}/file_{number}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def file_bytes(self, file_id: str) -> bytes:
        stored = self.files.get(file_id)
        if stored is None:
            raise ControlError(f"unknown file {file_id}", 404)
        return stored.content

    # ---- the bot's side: chats it may write to --------------------------------------------------

    def chat_for_bot(self, raw_chat_id: Any) -> Chat:
        """The chat the bot names, or the error the server gives for it."""
        try:
            chat_id = int(raw_chat_id)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None
        chat = self.chats.get(chat_id)
        if chat is None:
            if chat_id in self.users:
                raise forbidden("bot can't initiate conversation with a user")
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.bot_status == MEMBER:
            return chat
        if not chat.is_group:
            raise forbidden("bot was blocked by the user")
        if not chat.bot_was_member:
            raise bad_request("chat not found")
        if chat.bot_status == KICKED:
            raise forbidden(f"bot was kicked from the {chat.type} chat")
        raise forbidden(f"bot is not a member of the {chat.type} chat")

    def bot_leaves(self, chat: Chat) -> None:
        self._member_update(chat, self.bot, chat.bot_status, LEFT)

    def add_bot_message(self, chat: Chat, fields: dict[str, Any], html: str | None) -> Message:
        message = self._new_message(chat, self.bot, fields, from_bot=True)
        message.html = html
        self.messages_sent += 1
        return message


COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{1,32})?(?![\w@/])")
"""A command as Telegram marks it: `/` and 1-32 ASCII letters, digits or `_`, optionally
`@bot`, after a space or at the start. `/thông báo` is no command (no entity: plain text)."""


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _command_entities(text: str) -> list[dict[str, Any]]:
    """A bot_command entity for each command in the text, wherever it is (`Nộp /nop 4`)."""
    return [
        {
            "type": "bot_command",
            "offset": _utf16_len(text[: match.start()]),
            "length": _utf16_len(match.group()),
        }
        for match in COMMAND.finditer(text)
    ]
