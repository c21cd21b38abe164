"""Delivering updates to the bot's webhook, in order, retrying until the bot accepts each one."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import httpx

from bot.emulator.state import State

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
FIRST_RETRY = 0.1
LAST_RETRY = 2.0


class WebhookSender:
    """A background task POSTing the oldest pending update while a webhook is set."""

    def __init__(self, state: State) -> None:
        self._state = state
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=2.0))
        self._task = asyncio.create_task(self._run(), name="emulator-webhook")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def _run(self) -> None:
        state = self._state
        retry = FIRST_RETRY
        while not state.closing:
            hook = state.webhook
            if hook is None or not state.updates:
                await state.wait_change(3600)
                continue
            update = state.updates[0]
            error = await self._post(hook["url"], hook["secret_token"], update)
            if state.webhook is not hook:
                continue  # changed while sending: look again
            if error is None:
                if state.updates and state.updates[0] is update:
                    state.confirm_updates(update["update_id"] + 1)
                state.webhook_error = None
                retry = FIRST_RETRY
                continue
            state.webhook_error = (int(time.time()), error)
            await state.wait_change(retry)
            retry = min(retry * 2, LAST_RETRY)

    async def _post(self, url: str, secret: str | None, update: dict[str, object]) -> str | None:
        """None when the bot took the update, else the error as getWebhookInfo reports it."""
        assert self._client is not None
        headers = {SECRET_HEADER: secret} if secret else {}
        try:
            response = await self._client.post(url, json=update, headers=headers)
        except httpx.HTTPError as err:
            log.debug("webhook delivery failed: %r", err)
            return f"Connection error: {err.__class__.__name__}"
        if 200 <= response.status_code < 300:
            return None
        return f"Wrong response from the webhook: {response.status_code} {response.reason_phrase}"
