"""Zalo updates into the inbox: Loa's long polling of `getUpdates`, and what the webhook shares.

Zalo hands out each update once (reading it consumes it: there is no offset to confirm), one
per call, and answers 408 when none came within the poll's timeout. Each update is written to
the inbox (`bot.intake`, platform Zalo, keyed by its message id) before it is handled, so a
crash after the commit loses nothing and a message delivered again is dropped. Errors back off
like Telegram's poller (`bot.telegram_intake.backoff`); a refused token (401) stops Loa with one
line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from bot.intake import Intake
from bot.telegram_intake import backoff
from bot.zalo_client import Unauthorized, ZaloClient, ZaloError
from bot.zalo_updates import BadUpdate, Update, parse_update
from storage.queries.inbox import Arrival

log = logging.getLogger(__name__)

POLL_TIMEOUT = 20
TOKEN_LINE = "ZALO_BOT_TOKEN bị Zalo từ chối (401) / the Zalo token was refused (401)"


def chat_key(update: Update) -> str:
    """A chat's messages are handled one after the other."""
    return f"zl:{update.chat_id}"


def arrivals(updates: Sequence[Update]) -> list[tuple[Arrival, Update]]:
    """Each update with its inbox key (the message id) and the JSON it is read back from."""
    return [(Arrival(u.message_id, chat_key(u), dict(u.raw)), u) for u in updates]


def decode(payload: dict[str, Any]) -> Update:
    return parse_update(payload)


class ZaloPoller:
    """Long polling into the inbox; `fatal` is called once with the line to stop with."""

    def __init__(
        self,
        client: ZaloClient,
        intake: Intake,
        fatal: Callable[[str], None],
        *,
        timeout: int = POLL_TIMEOUT,
    ) -> None:
        self.client = client
        self.intake = intake
        self.fatal = fatal
        self.timeout = timeout
        self._task: asyncio.Task[None] | None = None
        self.polls = 0
        self.failures = 0  # failed getUpdates calls since start

    async def start(self) -> None:
        with contextlib.suppress(ZaloError):  # getUpdates gets nothing while a webhook is set
            await self.client.delete_webhook()
        self._task = asyncio.create_task(self._run(), name="loa-zalo-polling")

    async def stop(self) -> None:
        """A poll in flight is dropped; what it would have read stays on Zalo's side unless
        the server had already handed it out (Zalo's at-most-once)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        failed = 0
        while True:
            try:
                update = await self.client.get_updates(timeout=self.timeout)
            except Unauthorized:
                log.error("%s", TOKEN_LINE)
                self.fatal(TOKEN_LINE)
                return
            except BadUpdate as exc:
                log.warning("Zalo sent an update Loa cannot read (%s); skipped", exc)
                continue
            except ZaloError as exc:  # no answer, 5xx, anything but the idle 408
                failed += 1
                self.failures += 1
                pause = backoff(failed)
                if failed == 1 or failed % 10 == 0:
                    log.warning("Zalo getUpdates failed (%s); trying again in %.1fs", exc, pause)
                await asyncio.sleep(pause)
                continue
            self.polls += 1
            if failed:
                log.info("Zalo getUpdates works again after %d failed tries", failed)
                failed = 0
            if update is not None:
                await self._keep(update)

    async def _keep(self, update: Update) -> None:
        """Write the update to the inbox, however long the database takes to come back."""
        tries = 0
        while True:
            try:
                await self.intake.receive(arrivals([update]))
                return
            except Exception:
                tries += 1
                log.exception("could not write a Zalo update to the inbox; retrying")
                await asyncio.sleep(backoff(tries))
