"""Webhook mode: a Starlette app that takes Telegram's and Zalo's POSTs and answers health checks.

An update is answered 200 only once its inbox row is committed (`bot.intake`): Telegram keeps
an update it got no 200 for and sends it again, so a crash or a database away loses nothing.
Zalo's route is `<LOA_WEBHOOK_URL>/zalo`, checked by its own secret header
(`X-Bot-Api-Secret-Token` against ZALO_WEBHOOK_SECRET); both shapes of its body are read
(`bot.zalo_updates`), and a repeated delivery of a message is dropped by the inbox.
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

from bot import zalo_intake
from bot.intake import Intake
from bot.telegram_intake import arrivals
from bot.zalo_updates import BadUpdate, parse_update

log = logging.getLogger(__name__)

MAX_BODY = 1_000_000


def webhook_path(url: str) -> str:
    """The path part of LOA_WEBHOOK_URL (`/telegram` when it has none)."""
    path = urlsplit(url).path
    return path if path and path != "/" else "/telegram"


def zalo_webhook_url(url: str) -> str:
    """Where Zalo posts: LOA_WEBHOOK_URL followed by `/zalo`."""
    return f"{url.rstrip('/')}/zalo"


def _same(given: str, secret: str) -> bool:
    return hmac.compare_digest(given.encode(), secret.encode())


def build_webhook_app(
    application: Application | None,  # type: ignore[type-arg]
    intake: Intake | None,
    path: str,
    secret: str,
    *,
    zalo: tuple[Intake, str, str] | None = None,
) -> Starlette:
    """Telegram's updates (at `path`, when `application` and `intake` are given) are accepted
    only with the right `X-Telegram-Bot-Api-Secret-Token` header; Zalo's (`zalo`: its intake,
    route and secret) only with the right `X-Bot-Api-Secret-Token`."""

    async def receive(request: Request) -> Response:
        assert application is not None and intake is not None
        given = request.headers.get("x-telegram-bot-api-secret-token", "")
        if not _same(given, secret):
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

    async def receive_zalo(request: Request) -> Response:
        assert zalo is not None
        inbox, _, zalo_secret = zalo
        if not _same(request.headers.get("x-bot-api-secret-token", ""), zalo_secret):
            return Response(status_code=403)
        body = await request.body()
        if len(body) > MAX_BODY:
            return Response(status_code=413)
        try:
            update = parse_update(await request.json())
        except (ValueError, BadUpdate):
            log.warning("Zalo webhook: malformed update ignored")
            return Response(status_code=400)
        try:
            await inbox.receive(zalo_intake.arrivals([update]))
        except Exception:  # not written down: Zalo must send it again
            log.exception("Zalo webhook: the update could not be written to the inbox")
            return Response(status_code=503)
        return Response(status_code=200)

    async def health(request: Request) -> Response:
        running = application.running if application is not None else True
        return JSONResponse({"ok": True, "running": running})

    routes = [Route("/healthz", health, methods=["GET"])]
    if application is not None and intake is not None:
        routes.append(Route(path, receive, methods=["POST"]))
    if zalo is not None:
        routes.append(Route(zalo[1], receive_zalo, methods=["POST"]))
    return Starlette(routes=routes)
