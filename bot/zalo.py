"""The Zalo adapter: a Zalo update in, a channel-neutral request to the handlers, the reply out
as plain text (Zalo has no markup, no buttons, no edits and no files; PRODUCT §11).

A text `/cmd args` is a command (case- and diacritics-insensitive); other text goes to the
handlers as text, which read typed answers (`XN 12 CO`) and, in private chat, a command word
without its slash. In a group the bot sees only messages that @mention it or reply to it: the
mention of the bot's name is cut off first, so `@Loa nhom HP` is the command `nhom` with the
argument `HP` (a command word needs no slash there either). A file arrives without content
(`message.unsupported.received`): the handlers explain how to submit instead; so for a photo.
Stickers are ignored. Replies are rendered by `bot.zalo_render` and sent through the
transport (`bot.zalo_send`), which keeps the pace and the quota.
"""

from __future__ import annotations

import logging
import re

from bot.api_gate import ApiGate, through_gate
from bot.zalo_client import ZaloError, ZaloNetworkError
from bot.zalo_render import plain_messages
from bot.zalo_send import ZaloTransport
from bot.zalo_updates import IMAGE, STICKER, Update
from handlers import router
from handlers.core import Env, Reply, Request, Sender, Where
from handlers.forms import fold
from handlers.texts import text
from storage.models import ChatKind, Platform

log = logging.getLogger(__name__)


def sender_of(update: Update) -> Sender:
    return Sender(platform=Platform.ZALO, external_id=update.from_id, name=update.from_name)


def where_of(update: Update) -> Where:
    """The chat, with a group's title when the update carries one."""
    kind = ChatKind.PRIVATE if update.is_private else ChatKind.GROUP
    message = update.raw.get("message") if isinstance(update.raw, dict) else None
    chat = message.get("chat") if isinstance(message, dict) else None
    title = chat.get("title") if isinstance(chat, dict) else None
    return Where(Platform.ZALO, update.chat_id, kind, title if isinstance(title, str) else "")


def strip_mention(body: str, bot_name: str) -> str:
    """`@Loa nhom HP` (or `nhom HP @Loa`) → `nhom HP`: the bot's own @mention at either end."""
    if not bot_name:
        return body.strip()
    mention = re.escape(f"@{bot_name}")
    body = re.sub(rf"^\s*{mention}(?=\W|$)[\s,:]*", "", body, flags=re.I)
    body = re.sub(rf"[\s,]*{mention}\s*$", "", body, flags=re.I)
    return body.strip()


def split_command(body: str, *, bare: bool) -> tuple[str, str] | None:
    """`/cmd rest` (or, with `bare`, `cmd rest`) → (command name, rest keeping its line
    breaks) when the first word names a command; None otherwise."""
    head = body.split(maxsplit=1)[0] if body.split() else ""
    if not head.startswith("/") and not bare:
        return None
    command = router.BY_NAME.get(fold(head.removeprefix("/")))
    if command is None:
        return None
    return command.name, body[body.index(head) + len(head) :].lstrip(" \t")


def request_of(update: Update, bot_name: str) -> Request | None:
    """The request an update makes, or None for what Loa ignores (a sticker)."""
    sender, where = sender_of(update), where_of(update)
    if update.event_name == STICKER:
        return None
    if update.is_unsupported or update.event_name == IMAGE:
        return Request(sender=sender, chat=where, message_id=update.message_id, unsupported=True)
    body = update.text or ""
    if not update.is_private:
        body = strip_mention(body, bot_name)
    found = split_command(body, bare=not update.is_private)
    if found is not None:
        name, args = found
        return Request(
            sender=sender, chat=where, command=name, args=args, message_id=update.message_id
        )
    return Request(sender=sender, chat=where, text=body, message_id=update.message_id)


class ZaloAdapter:
    """Handles Zalo updates (from the inbox) and sends the replies."""

    def __init__(self, env: Env, transport: ZaloTransport, gate: ApiGate | None = None) -> None:
        self.env = env
        self.transport = transport
        self.gate = gate  # replies wait out an outage there

    async def process(self, update: Update) -> None:
        """One update, from the inbox: route it, send the reply; errors are told the person."""
        await self.transport.received(1)
        request = request_of(update, self.env.zalo_bot_name)
        if request is None:
            return
        try:
            if request.command is not None:
                reply = await router.handle_command(self.env, request)
            else:  # text, or a file without content (`unsupported`: how to send its link)
                reply = await router.handle_text(self.env, request)
        except Exception:
            log.exception("error while handling a Zalo update")
            await self._say(update.chat_id, [text("vi", "error.internal")])
            return
        if reply is not None:
            await self.send_reply(update, reply)

    async def send_reply(self, update: Update, reply: Reply) -> None:
        """The reply as plain messages to the chat (to the person's private chat with
        `to_person`; on Zalo that chat's id is the person's). An edit is a new message; files
        cannot go on Zalo, which is said instead."""
        try:
            chat_id = update.from_id if reply.to_person else update.chat_id
            messages = plain_messages(reply.text, reply.buttons) if reply.text else []
            if reply.files:
                messages.extend(plain_messages(text("vi", "zalo.files_telegram_only")))
            await self._say(chat_id, messages)
        finally:
            if reply.cleanup is not None:
                reply.cleanup()

    async def _say(self, chat_id: str, messages: list[str]) -> None:
        if not messages:
            return
        try:
            await through_gate(
                self.gate,
                lambda: self.transport.send_texts(chat_id, messages),
                unanswered=_unanswered,
            )
        except Exception as exc:  # a reply that cannot go is logged, never retried forever
            log.warning("could not reply in Zalo chat %s: %s", chat_id, exc)


def _unanswered(exc: BaseException) -> bool:
    """Zalo never took the call: refused or closed before answering, or a 5xx; not a time-out,
    after which the message may have been delivered."""
    if isinstance(exc, ZaloNetworkError):
        return "timeout" not in exc.description.lower()
    return isinstance(exc, ZaloError) and exc.retryable
