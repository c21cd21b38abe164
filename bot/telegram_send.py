"""What Loa sends to Telegram, apart from the adapter's dispatch: the inline keyboards and toasts
both replies and outbox payloads use, and `TelegramTransport`, which turns outbox payloads into Bot
API calls and Bot API errors into delivery outcomes. Split from `bot.telegram` (which re-exports
the names other code imports from there) so that the adapter module holds the update side."""

from __future__ import annotations

import contextlib
import html
import logging
import re
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application

from bot.delivery import ChatGone, ChatMoved, Rejected, RetryLater, Transient
from handlers.core import Button
from handlers.notices.cards import utf16_len
from storage import queries
from storage.models import OutboxAction
from storage.queries import books

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
MAX_TOAST = 200  # UTF-16 units of an answerCallbackQuery text
FILE_WRITE_TIMEOUT = 600.0  # seconds: a 50 MB part of the book over a slow link


TAG = re.compile(r"<[^>]*>")


def toast_text(value: str | None) -> str | None:
    """A toast as Telegram shows it: plain text, so the HTML Loa's texts are written in (tags,
    `&amp;`, `&quot;`) becomes what it stands for, and a name appears as it was typed."""
    if value is None:
        return None
    return html.unescape(TAG.sub("", value))


def fit_toast(toast: str | None) -> str | None:
    """A toast within Telegram's 200 UTF-16 units (a longer one is refused): cut with `…`."""
    if toast is None or utf16_len(toast) <= MAX_TOAST:
        return toast
    while utf16_len(toast) > MAX_TOAST - 1:
        toast = toast[:-1]
    return toast.rstrip() + "…"


def markup(buttons: list[list[Button]] | list[list[dict[str, Any]]]) -> InlineKeyboardMarkup | None:
    """Channel-neutral buttons → an inline keyboard."""
    rows = []
    for row in buttons:
        keys = []
        for b in row:
            item = b if isinstance(b, dict) else {"text": b.text, "action": b.action, "url": b.url}
            if item.get("url"):
                keys.append(InlineKeyboardButton(item["text"], url=item["url"]))
            else:
                keys.append(InlineKeyboardButton(item["text"], callback_data=item["action"]))
        rows.append(keys)
    return InlineKeyboardMarkup(rows) if rows else None


class TelegramTransport:
    """Outbox payloads → Bot API calls, and Bot API errors → delivery outcomes."""

    def __init__(
        self,
        app: Application,  # type: ignore[type-arg]
        sessions: async_sessionmaker[AsyncSession] | None = None,
    ) -> None:
        self.bot = app.bot
        self.sessions = sessions  # for a file another instance left in the database

    async def deliver(
        self,
        chat_external_id: str,
        action: OutboxAction,
        payload: dict[str, Any],
        message_id: str | None,
    ) -> str | None:
        chat_id = int(chat_external_id)
        keyboard: InlineKeyboardMarkup | ForceReply | None = markup(payload.get("buttons") or [])
        if payload.get("force_reply"):
            keyboard = ForceReply(selective=True)
        try:
            if action == OutboxAction.SEND and payload.get("document_path"):
                return await self._send_file(chat_id, payload, keyboard)
            if action == OutboxAction.SEND and payload.get("document"):
                sent = await self.bot.send_document(
                    chat_id,
                    payload["document"],
                    caption=payload.get("caption") or None,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard,
                )
                return str(sent.message_id)
            if action == OutboxAction.SEND and payload.get("photo"):
                photo_id = await self._send_photo(chat_id, payload, keyboard)
                if photo_id is not None:
                    return photo_id
            if action == OutboxAction.SEND:
                sent = await self.bot.send_message(
                    chat_id,
                    payload["text"],
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard,
                    link_preview_options=NO_PREVIEW,
                )
                return str(sent.message_id)
            if action == OutboxAction.EDIT:
                await self.bot.edit_message_text(
                    payload["text"],
                    chat_id=chat_id,
                    message_id=int(message_id or 0),
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard,
                    link_preview_options=NO_PREVIEW,
                )
                return message_id
            await self.bot.delete_message(chat_id, int(message_id or 0))
            return message_id
        except RetryAfter as exc:
            seconds = exc.retry_after
            raise RetryLater(
                seconds.total_seconds() if hasattr(seconds, "total_seconds") else float(seconds)
            ) from None
        except ChatMigrated as exc:
            raise ChatMoved(str(exc.new_chat_id)) from None
        except Forbidden as exc:
            reason = "blocked" if "blocked" in exc.message else "removed"
            raise ChatGone(reason, exc.message) from None
        except BadRequest as exc:
            if "not modified" in exc.message:
                return message_id
            # no retry mends a 400 (chat not found, too long, bad markup): the row fails once,
            # with the platform's words, which organisers read in plain language
            raise Rejected(exc.message) from None
        except InvalidToken as exc:
            raise Transient("invalid token") from exc
        except NetworkError as exc:
            raise Transient(exc.message or type(exc).__name__) from None

    async def _send_file(
        self,
        chat_id: int,
        payload: dict[str, Any],
        keyboard: InlineKeyboardMarkup | ForceReply | None,
    ) -> str:
        """A file Loa made and left on disk for the outbox (the book of papers): uploaded from
        the disk, then removed. A file already gone (sent, then the row's marking was lost)
        fails the row once, with why."""
        path = Path(payload["document_path"])
        stored_id = payload.get("stored_file_id")
        if not path.is_file():  # noqa: ASYNC240 (one stat)
            if stored_id is None or self.sessions is None:
                raise Rejected("the file to send is no longer on this machine")
            path = await self._from_database(int(stored_id))
        with path.open("rb") as handle:
            # streamed from disk by httpx (read_file_handle=False), never read whole
            sent = await self.bot.send_document(
                chat_id,
                InputFile(
                    handle, filename=payload.get("filename") or path.name, read_file_handle=False
                ),
                caption=payload.get("caption") or None,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
                write_timeout=FILE_WRITE_TIMEOUT,
            )
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            path.parent.rmdir()  # the build's folder, once its last part went out
        if stored_id is not None and self.sessions is not None:
            try:
                async with self.sessions() as session:
                    await books.drop_stored_file(session, int(stored_id))
                    await session.commit()
            except Exception as exc:  # sent all the same; the copy stays behind
                log.warning("stored copy %s not removed: %s", stored_id, type(exc).__name__)
        return str(sent.message_id)

    async def _from_database(self, stored_id: int) -> Path:
        """The database's copy of a file, in a temporary folder of its own (removed with the
        file once sent)."""
        assert self.sessions is not None
        folder = Path(tempfile.mkdtemp(prefix="loa-send-"))
        target = folder / "file"
        async with self.sessions() as session:
            if await queries.stored_file(session, stored_id) is None:
                folder.rmdir()  # noqa: ASYNC240
                raise Rejected("the file to send is gone")
            await queries.copy_stored_file(session, stored_id, target)
        return target

    async def probe(self) -> bool:
        """Whether the Bot API answers at all (`getMe`): False only for a network error, a
        time-out or a 5xx; any answer (even an error about the call) means it is up."""
        try:
            await self.bot.get_me()
        except BadRequest:  # a NetworkError in python-telegram-bot, yet an answer
            return True
        except NetworkError:  # TimedOut included
            return False
        except TelegramError:
            return True
        return True

    async def _send_photo(
        self,
        chat_id: int,
        payload: dict[str, Any],
        keyboard: InlineKeyboardMarkup | ForceReply | None,
    ) -> str | None:
        """A card with its picture (by URL, fetched by the platform). When the platform cannot
        use the picture (gone, too big, not an image) the card goes as text instead: None."""
        try:
            sent = await self.bot.send_photo(
                chat_id,
                payload["photo"],
                caption=payload.get("caption") or None,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
            )
        except BadRequest as exc:
            if "chat not found" in exc.message.lower() or "migrat" in exc.message:
                raise
            log.info("photo refused for chat %s (%s); sending the card as text", chat_id, exc)
            return None
        return str(sent.message_id)
