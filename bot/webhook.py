"""Webhook mode: a Starlette app that takes Telegram's POSTs and answers health checks.

An update is answered 200 only once its inbox row is committed (`bot.intake`): Telegram keeps
an update it got no 200 for and sends it again, so a crash or a database away loses nothing.
"""

from __future__ import annotations

import hmac
import logging
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from bot.intake import Intake
from bot.telegram_intake import arrivals

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000


def webhook_path(url: str) -> str:
    """The path part of LOA_WEBHOOK_URL (`/telegram` when it has none)."""
    path = urlsplit(url).path
    return path if path and path != "/" else "/telegram"


def build_webhook_app(
    application: Application,  # type: ignore[type-arg]
    intake: Intake,
    path: str,
    secret: str,
) -> Starlette:
    """Updates are accepted only with the right `X-Telegram-Bot-Api-Secret-Token` header."""

    async def receive(request: Request) -> Response:
        given = request.headers.get("x-telegram-bot-api-secret-token", "")
        if not hmac.compare_digest(given.encode(), secret.encode()):
            return Response(status_code=403)
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook: malformed update ignored")
            return Response(status_code=400)
        if update is None:
            return Response(status_code=400)
        try:
            await intake.receive(arrivals([update]))
        except Exception:  # not written down: Telegram must send it again
            log.exception("webhook: the update could not be written to the inbox")
            return Response(status_code=503)
        return Response(status_code=200)

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "running": application.running})

    return Starlette(
        routes=[
            Route(path, receive, methods=["POST"]),
            Route("/healthz", health, methods=["GET"]),
        ]
    )
