"""Telegram updates into the inbox: Loa's own long polling, and what the webhook shares with it.

python-telegram-bot's Updater confirms updates to Telegram (the next `getUpdates` offset) as soon
as it has fetched them, before they are handled: a crash then loses them for good. So Loa polls
itself: each batch is written to the inbox (`bot.intake`) first, and the offset that confirms
it is asked for only after that commit. The Application still handles every update
(`Application.process_update`, from the inbox).

Network errors and 5xx back off (jittered, capped at `MAX_BACKOFF` so polling is back within
seconds of the API's return) without ever stopping; a 409 Conflict — another process polling the
same bot, or a webhook set — stops Loa with one clear line; so does a refused token.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable, Sequence

from telegram import Bot, Update
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter

from bot.intake import Intake
from storage.queries.inbox import Arrival

log = logging.getLogger(__name__)

POLL_TIMEOUT = 20
MAX_BACKOFF = 3.0

CONFLICT_LINE = (
    "Một tiến trình khác đang nhận tin của bot này (409 Conflict): chỉ chạy một `loa run` "
    "long polling, hoặc dùng --webhook cho nhiều tiến trình / another process is polling this "
    "bot (409 Conflict): run one `loa run` with long polling, or --webhook for several"
)
TOKEN_LINE = "TELEGRAM_BOT_TOKEN bị từ chối / the token was refused by the Bot API"


def chat_key(update: Update) -> str:
    """The order an update keeps: a chat's messages one after the other; a person's presses in
    a chat one after the other, beside other people's."""
    if update.callback_query is not None:
        query = update.callback_query
        chat = query.message.chat.id if query.message is not None else "inline"
        return f"tg:{chat}:{query.from_user.id}"
    chat_obj = update.effective_chat
    return f"tg:{chat_obj.id}" if chat_obj is not None else "tg:none"


def arrivals(updates: Sequence[Update]) -> list[tuple[Arrival, Update]]:
    """Each update with its inbox key and the JSON it is read back from after a restart."""
    return [(Arrival(str(u.update_id), chat_key(u), u.to_dict()), u) for u in updates]


def decoder(bot: Bot) -> Callable[[dict[str, object]], Update]:
    def decode(payload: dict[str, object]) -> Update:
        update = Update.de_json(payload, bot)
        assert update is not None
        return update

    return decode


def backoff(failures: int) -> float:
    """Seconds before the next try after `failures` failures in a row."""
    return min(MAX_BACKOFF, 0.25 * 2**failures) * random.uniform(0.8, 1.2)


class TelegramPoller:
    """Long polling into the inbox; `fatal` is called once with the line to stop with."""

    def __init__(
        self,
        bot: Bot,
        intake: Intake,
        allowed_updates: list[str],
        fatal: Callable[[str], None],
        *,
        timeout: int = POLL_TIMEOUT,
    ) -> None:
        self.bot = bot
        self.intake = intake
        self.allowed_updates = allowed_updates
        self.fatal = fatal
        self.timeout = timeout
        self._task: asyncio.Task[None] | None = None
        self.polls = 0
        self.failures = 0  # failed getUpdates calls since start (an outage counts each try)

    async def start(self) -> None:
        await self.bot.delete_webhook()  # getUpdates is refused while a webhook is set
        self._task = asyncio.create_task(self._run(), name="loa-telegram-polling")

    async def stop(self) -> None:
        """A poll in flight is dropped: its updates were not confirmed, Telegram sends them
        again to the next poll (the inbox drops what it already has)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        offset: int | None = None
        failed = 0
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=offset,
                    timeout=self.timeout,
                    allowed_updates=self.allowed_updates,
                    read_timeout=self.timeout + 10,
                )
            except Conflict:
                log.error("%s", CONFLICT_LINE)
                self.fatal(CONFLICT_LINE)
                return
            except (InvalidToken, Forbidden):
                self.fatal(TOKEN_LINE)
                return
            except RetryAfter as exc:
                seconds = exc.retry_after
                wait = seconds.total_seconds() if hasattr(seconds, "total_seconds") else seconds
                await asyncio.sleep(float(wait))
                continue
            except NetworkError as exc:  # time-outs, refused connections, 5xx
                failed += 1
                self.failures += 1
                pause = backoff(failed)
                if failed == 1 or failed % 10 == 0:
                    log.warning("getUpdates failed (%s); trying again in %.1fs", exc, pause)
                await asyncio.sleep(pause)
                continue
            self.polls += 1
            if failed:
                log.info("getUpdates works again after %d failed tries", failed)
                failed = 0
            if not updates:
                continue
            await self._keep(updates)
            offset = updates[-1].update_id + 1  # confirmed by the next call, after the commit

    async def _keep(self, updates: Sequence[Update]) -> None:
        """Write the batch to the inbox, however long the database takes to come back."""
        tries = 0
        while True:
            try:
                await self.intake.receive(arrivals(updates))
                return
            except Exception:
                tries += 1
                log.exception("could not write %d updates to the inbox; retrying", len(updates))
                await asyncio.sleep(backoff(tries))
