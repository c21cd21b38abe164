"""The Telegram adapter: python-telegram-bot updates in, channel-neutral requests to handlers,
replies and outbox payloads back out through the same rate-limited bot.

This module builds the Application, translates updates into requests and sends the replies;
the outbox transport with the keyboards and toasts is in `bot.telegram_send`, the file
downloads in `bot.telegram_files` (both re-exported here, where the rest of Loa imports them)."""

from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from typing import TypeVar

# RetryAfter.retry_after as a timedelta (the coming default); Loa reads both forms.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    ForceReply,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus, MessageEntityType, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.api_gate import ApiGate, through_gate
from bot.ratelimit import Limits, LoaRateLimiter
from bot.telegram_files import TelegramFileStore as TelegramFileStore
from bot.telegram_send import NO_PREVIEW, fit_toast, markup, toast_text
from bot.telegram_send import TelegramTransport as TelegramTransport
from handlers import router
from handlers.core import Attachment, Env, FileRef, Membership, Reply, Request, Sender, Where
from handlers.notices import delivery as delivery_events
from handlers.notices.cards import split_html
from handlers.texts import text
from storage.models import ChatKind, Platform

log = logging.getLogger(__name__)
T = TypeVar("T")

ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
UPLOAD_WRITE_TIMEOUT = 600.0  # a 50 MB document over a slow link
# updates handled at once: presses on a busy meeting's cards are answered in batches
# (`handlers.meetings.presses`), and the more presses are in hand, the fewer units of work they need
CONCURRENT_UPDATES = 32


def build_application(
    token: str,
    api_url: str,
    limits: Limits | None = None,
    *,
    pool: int = 16,
    rate_limiter: LoaRateLimiter | None = None,
) -> Application:  # type: ignore[type-arg]
    """The python-telegram-bot Application, pointed at `api_url`, paced by Loa's limiter (or
    the one given: the shared one of several instances)."""
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .request(
            HTTPXRequest(
                connection_pool_size=pool,
                connect_timeout=10.0,
                read_timeout=20.0,
                write_timeout=20.0,
                pool_timeout=60.0,
            )
        )
        .get_updates_request(HTTPXRequest(connection_pool_size=2, read_timeout=40.0))
        .rate_limiter(rate_limiter or LoaRateLimiter(limits))
        .job_queue(None)
        .updater(None)  # Loa polls itself, into the inbox (`bot.telegram_intake`)
    )
    return builder.build()


def sender_of(user: User) -> Sender:
    return Sender(
        platform=Platform.TELEGRAM,
        external_id=str(user.id),
        name=user.full_name,
        username=user.username,
        language_code=user.language_code,
    )


def where_of(update: Update) -> Where:
    chat = update.effective_chat
    assert chat is not None
    kind = ChatKind(chat.type) if chat.type in ChatKind._value2member_map_ else ChatKind.GROUP
    title = chat.title or chat.full_name or ""
    return Where(Platform.TELEGRAM, str(chat.id), kind, title)


def _first_command(message: Message) -> tuple[str, str] | None:
    """The first bot_command entity of the text or caption, wherever it is, as (name, the text
    after it): a caption `Nộp tham luận /nop 4` is ("nop", "4")."""
    body = message.text or message.caption or ""
    entities = message.entities if message.text else message.caption_entities
    commands = [e for e in entities if e.type == MessageEntityType.BOT_COMMAND]
    if not commands:
        return None
    first = min(commands, key=lambda e: e.offset)
    units = body.encode("utf-16-le")  # entity offsets count UTF-16 code units
    head = units[2 * first.offset : 2 * (first.offset + first.length)].decode("utf-16-le")
    rest = units[2 * (first.offset + first.length) :].decode("utf-16-le")
    return head.removeprefix("/").split("@", 1)[0], rest.lstrip(" \t")


def split_command(message: Message) -> tuple[str, str]:
    """`/cmd@bot rest` → ("cmd", "rest") keeping the rest's line breaks."""
    found = _first_command(message)
    if found is not None:
        return found
    body = message.text or message.caption or ""
    head, _, _ = body.partition("\n")
    first = head.split(maxsplit=1)[0] if head.split() else ""
    name = first.removeprefix("/").split("@", 1)[0]
    rest = body[body.index(first) + len(first) :] if first else body
    return name, rest.lstrip(" \t")


def file_of(message: Message) -> FileRef | None:
    """The document a message carries, if any."""
    document = message.document
    if document is None:
        return None
    return FileRef(
        file_id=document.file_id,
        name=document.file_name or "tep",
        size=document.file_size,
        mime_type=document.mime_type,
    )


class TelegramAdapter:
    """Wires handlers into the Application and speaks for them."""

    def __init__(self, app: Application, env: Env) -> None:  # type: ignore[type-arg]
        self.app = app
        self.env = env
        self.gate: ApiGate | None = None  # set by the bot: replies wait out an outage there

    def install(self) -> None:
        """Register the update handlers in order: commands, buttons, membership, catch-alls."""
        app = self.app
        names = sorted(router.BY_NAME)
        app.add_handler(CommandHandler(names, self.on_command))
        app.add_handler(CallbackQueryHandler(self.on_button))
        app.add_handler(ChatMemberHandler(self.on_membership, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, self.on_migrate))
        app.add_handler(MessageHandler(filters.CaptionRegex(r"^/\w"), self.on_command))
        app.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, self.on_command))
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, self.on_text))
        app.add_handler(MessageHandler(filters.Document.ALL, self.on_file))
        app.add_error_handler(self.on_error)

    async def set_menus(self) -> None:
        """The command menu in Vietnamese (default) and English."""
        for lang, code in (("vi", None), ("vi", "vi"), ("en", "en")):
            commands = [BotCommand(name, desc) for name, desc in router.menu(lang)]
            await self.app.bot.set_my_commands(commands, language_code=code)

    async def set_chat_menu(self, chat_id: int, lang: str) -> None:
        """The command menu of one private chat in the language its person chose (`/ngonngu`):
        Telegram picks the menu by the app's language otherwise, not by the person's choice."""
        commands = [BotCommand(name, desc) for name, desc in router.menu(lang)]
        try:
            await self.app.bot.set_my_commands(commands, scope=BotCommandScopeChat(chat_id))
        except TelegramError as exc:
            log.warning("could not set the command menu of chat %s: %s", chat_id, exc)

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or update.effective_user is None:
            return
        name, rest = split_command(message)
        replied = message.reply_to_message
        request = Request(
            sender=sender_of(update.effective_user),
            chat=where_of(update),
            command=name,
            args=rest,
            file=file_of(message) or (file_of(replied) if replied else None),
            message_id=str(message.message_id),
            reply_to_sender=sender_of(replied.from_user)
            if replied and replied.from_user and not replied.from_user.is_bot
            else None,
        )
        reply = await router.handle_command(self.env, request)
        if reply is not None:
            await self.send_reply(update, reply)
            chat = update.effective_chat
            if reply.menu and chat is not None and chat.type == "private":
                await self.set_chat_menu(chat.id, reply.menu)

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Plain text: in private chats anything; in groups only replies to Loa's messages
        (privacy mode delivers nothing else)."""
        message = update.effective_message
        if message is None or update.effective_user is None or not message.text:
            return
        replied = message.reply_to_message
        to_bot = replied is not None and replied.from_user is not None and replied.from_user.is_bot
        if message.chat.type != "private" and not to_bot:
            return
        request = Request(
            sender=sender_of(update.effective_user),
            chat=where_of(update),
            text=message.text,
            message_id=str(message.message_id),
            reply_to_bot_message=str(replied.message_id) if to_bot and replied else None,
        )
        reply = await router.handle_text(self.env, request)
        if reply is not None:
            await self.send_reply(update, reply)

    async def on_file(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A document whose caption holds a command further on (`Nộp tham luận /nop 4`) is that
        command; without one, a paper if it replies to a call's card."""
        message = update.effective_message
        if message is None or update.effective_user is None:
            return
        found = _first_command(message)
        if found is not None and router.find_command(found[0]) is not None:
            await self.on_command(update, context)
            return
        replied = message.reply_to_message
        to_bot = replied is not None and replied.from_user is not None and replied.from_user.is_bot
        if message.chat.type != "private" and not to_bot:
            return
        request = Request(
            sender=sender_of(update.effective_user),
            chat=where_of(update),
            file=file_of(message),
            message_id=str(message.message_id),
            reply_to_bot_message=str(replied.message_id) if to_bot and replied else None,
        )
        reply = await router.handle_file(self.env, request)
        if reply is not None:
            await self.send_reply(update, reply)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        if query.message is None or update.effective_chat is None:
            await query.answer(toast_text(text("vi", "error.stale_button")))
            return
        request = Request(
            sender=sender_of(query.from_user),
            chat=where_of(update),
            action=query.data or "",
            message_id=str(query.message.message_id),
        )
        reply = await router.handle_action(self.env, request)
        try:
            await query.answer(fit_toast(toast_text(reply.toast)), show_alert=reply.alert)
        except BadRequest as exc:  # handled from the inbox after a restart: the press counts
            if "query is too old" not in exc.message.lower():
                raise
            log.info("a press was recorded after its toast could no longer be shown")
        if reply.edit and reply.text:
            try:
                await query.edit_message_text(
                    reply.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup(reply.buttons),
                    link_preview_options=NO_PREVIEW,
                )
            except BadRequest as exc:
                if "not modified" not in exc.message:
                    raise
        elif reply.text or reply.files:
            await self.send_reply(update, reply, quote=False)

    async def on_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        if change is None:
            return
        present = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
        was_in = change.old_chat_member.status in present
        is_in = change.new_chat_member.status in present
        if was_in == is_in:
            return
        request = Request(
            sender=sender_of(change.from_user),
            chat=where_of(update),
            membership=Membership.JOINED if is_in else Membership.LEFT,
        )
        reply = await router.handle_membership(self.env, request)
        if reply is not None and is_in:
            await self.send_reply(update, reply, quote=False)

    async def on_migrate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None:
            return
        if message.migrate_to_chat_id:
            await delivery_events.chat_moved(
                self.env, str(message.chat.id), str(message.migrate_to_chat_id)
            )
        elif message.migrate_from_chat_id:
            await delivery_events.chat_moved(
                self.env, str(message.migrate_from_chat_id), str(message.chat.id)
            )

    async def send_reply(self, update: Update, reply: Reply, *, quote: bool = True) -> None:
        """A reply goes straight back (through the shared rate limiter), not via the outbox.

        `to_person` sends it to the person's private chat; `force_reply` asks for an answer;
        `cleanup` runs afterwards whatever happened (temporary files of an export)."""
        chat = update.effective_chat
        message = update.effective_message
        if chat is None or (not reply.text and not reply.files):
            if reply.cleanup is not None:
                reply.cleanup()
            return
        chat_id = chat.id
        if reply.to_person and update.effective_user is not None:
            chat_id = update.effective_user.id
        reply_to = None
        if quote and message is not None and chat_id == chat.id and chat.type != "private":
            reply_to = ReplyParameters(message.message_id, allow_sending_without_reply=True)
        keyboard: InlineKeyboardMarkup | ForceReply | None = markup(reply.buttons)
        if reply.force_reply:
            keyboard = ForceReply(selective=True)
        try:
            # a reply too long for one message goes as several, cut at line breaks, the
            # buttons under the last one
            parts = split_html(reply.text) if reply.text else []
            for index, part in enumerate(parts):
                last = index == len(parts) - 1
                await self._call(
                    lambda part=part, last=last, index=index: self.app.bot.send_message(
                        chat_id,
                        part,
                        parse_mode=ParseMode.HTML,
                        reply_markup=keyboard if last else None,
                        reply_parameters=reply_to if index == 0 else None,
                        link_preview_options=NO_PREVIEW,
                    )
                )
            for attachment in reply.files:
                await self._call(lambda attachment=attachment: self._send_file(chat_id, attachment))
        except Forbidden:
            log.info("could not reply in chat %s: the bot is not allowed there", chat_id)
        finally:
            if reply.cleanup is not None:
                reply.cleanup()

    async def _send_file(self, chat_id: int, attachment: Attachment) -> None:
        if attachment.path is None:
            await self.app.bot.send_document(
                chat_id,
                InputFile(attachment.content, filename=attachment.filename),
                caption=attachment.caption or None,
                parse_mode=ParseMode.HTML,
            )
            return
        # streamed from disk by httpx (read_file_handle=False), never read whole
        with attachment.path.open("rb") as handle:
            await self.app.bot.send_document(
                chat_id,
                InputFile(handle, filename=attachment.filename, read_file_handle=False),
                caption=attachment.caption or None,
                parse_mode=ParseMode.HTML,
                write_timeout=UPLOAD_WRITE_TIMEOUT,
            )

    async def _call(self, call: Callable[[], Awaitable[T]]) -> T:
        """A reply's Bot API call; if the API is down when it is made, made again on its return."""
        return await through_gate(self.gate, call, unanswered=_unanswered)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the traceback; tell the person, in Vietnamese, that something went wrong."""
        log.error("error while handling an update", exc_info=context.error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                if update.callback_query is not None:
                    await update.callback_query.answer(
                        text("vi", "error.internal"), show_alert=True
                    )
                else:
                    await self.app.bot.send_message(
                        update.effective_chat.id, text("vi", "error.internal")
                    )
            except TelegramError:
                log.warning("could not tell the person about the error")


def _unanswered(exc: BaseException) -> bool:
    """The API never took the call: refused, closed before answering, or a 5xx. Not a 400 (a
    `NetworkError` in python-telegram-bot) and not a time-out, after which it may have been sent."""
    return isinstance(exc, NetworkError) and not isinstance(exc, (BadRequest, TimedOut))
