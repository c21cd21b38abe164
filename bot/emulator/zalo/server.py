"""The Zalo emulator's HTTP side: the Bot API, the webhook sender and the `/_emu/...` control API.

Every call is checked against the documented methods and fields (`spec.py`; problems become
violations, the call is still served), logged without the token, run through the injected faults,
then handled by `methods.py`. Errors are answered with HTTP 200 and `ok: false`, as Zalo does
(`real_statuses=True` answers them with the error code as HTTP status, as one client saw on the
old domain). Injected `status` faults are a gateway's failures: real HTTP statuses.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import time
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.emulator.model import ControlError
from bot.emulator.params import BadBody, parse_params
from bot.emulator.server import BackgroundServer, DroppedConnection, _DropResponse
from bot.emulator.zalo import spec
from bot.emulator.zalo.client import ZaloEmulatorClient
from bot.emulator.zalo.methods import CLIENT_GONE, HANDLERS, NO_RESULT
from bot.emulator.zalo.state import Shapes, ZaloApiError, ZaloState

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Bot-Api-Secret-Token"
WEBHOOK_ATTEMPTS = 3  # Zalo's retry policy is UNKNOWN; the emulator tries three times
WEBHOOK_RETRY = 0.2


def _json(body: Any, status: int = 200) -> Response:
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(content, status_code=status, media_type="application/json")


def _status_fault(status: int) -> ZaloApiError:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    if status == 429:
        return ZaloApiError(429, "Quota exceeded")
    return ZaloApiError(status, phrase)


class ZaloApi:
    """`/bot{token}/{method}`."""

    def __init__(self, state: ZaloState, real_statuses: bool = False) -> None:
        self.state = state
        self.real_statuses = real_statuses

    def _error(
        self,
        method: str,
        params: dict[str, Any],
        err: ZaloApiError,
        chat_id: str | None,
        http_status: int | None = None,
    ) -> Response:
        status = http_status or (err.code if self.real_statuses else 200)
        self.state.record_call(method, params, err.code, status, err.description, chat_id)
        return _json(err.envelope(), status)

    async def call(self, request: Request) -> Response | _DropResponse:
        state = self.state
        name = request.path_params["method"]
        content_type = request.headers.get("content-type", "")
        try:
            params = parse_params(request.url.query, content_type, await request.body())
        except BadBody as err:
            return self._error(name, {}, ZaloApiError(400, f"Bad Request: {err}"), None)
        if request.path_params["token"] != state.token:
            return self._error(name, params, ZaloApiError(401, "Unauthorized"), None)
        from_form = not content_type.lower().startswith("application/json")
        for problem in spec.check_call(name, params, from_form):
            state.record_violation(name, problem, params)
        chat_id = str(params["chat_id"]) if params.get("chat_id") is not None else None
        handler = HANDLERS.get(name)  # method names are case-sensitive
        if handler is None:
            return self._error(name, params, ZaloApiError(404, "Not Found"), chat_id)

        fault_error: ZaloApiError | None = None
        for fault in state.take_faults(name, chat_id) if state.faults else ():
            if fault.kind == "delay":
                await asyncio.sleep(fault.delay)
            elif fault.kind == "drop":
                state.record_call(name, params, 0, 0, "connection dropped (fault)", chat_id)
                return _DropResponse()
            elif fault.kind == "status" and fault_error is None:
                fault_error = _status_fault(fault.status)
        if fault_error is not None:
            return self._error(name, params, fault_error, chat_id, http_status=fault_error.code)

        watcher = self._watch_disconnect(request) if name == "getUpdates" else None
        try:
            result = await handler(state, params)
        except ZaloApiError as err:
            return self._error(name, params, err, chat_id)
        finally:
            if watcher is not None:
                watcher.cancel()
        state.record_call(name, params, 200, 200, None, chat_id)
        body: dict[str, Any] = {"ok": True}
        if result is not NO_RESULT:
            body["result"] = result
        return _json(body)

    def _watch_disconnect(self, request: Request) -> asyncio.Task[None]:
        """Fire `CLIENT_GONE` (and wake the poll) when a long-polling client hangs up."""
        gone = asyncio.Event()
        CLIENT_GONE.set(gone)
        state = self.state

        async def watch() -> None:
            while (await request.receive())["type"] != "http.disconnect":
                pass
            gone.set()
            state.notify()

        return asyncio.create_task(watch())


class WebhookSender:
    """While a webhook is set, POSTs each update with the secret header, oldest first.

    An update is taken off the queue when it is sent (at most once): after `WEBHOOK_ATTEMPTS`
    failed attempts it is lost, as it would be on Zalo. Every attempt is in `webhook_log`.
    """

    def __init__(self, state: ZaloState) -> None:
        self._state = state
        self._task: asyncio.Task[None] | None = None
        self._client: httpx.AsyncClient | None = None

    def start(self) -> None:
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=2.0))
        self._task = asyncio.create_task(self._run(), name="zalo-emulator-webhook")

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
        while not state.closing:
            hook = state.webhook
            if hook is None or not state.updates:
                await state.wait_change(3600)
                continue
            update = state.take_update()
            assert update is not None
            body = {"ok": True, "result": update} if state.shapes.webhook_wrapped else update
            for attempt in range(1, WEBHOOK_ATTEMPTS + 1):
                status, error = await self._post(hook["url"], hook["secret_token"], body)
                state.webhook_log.append(
                    {
                        "time": time.time(),
                        "message_id": update["message"]["message_id"],
                        "attempt": attempt,
                        "status": status,
                        "error": error,
                    }
                )
                if error is None or state.closing:
                    break
                await asyncio.sleep(WEBHOOK_RETRY * attempt)

    async def _post(self, url: str, secret: str, body: dict[str, Any]) -> tuple[int, str | None]:
        assert self._client is not None
        try:
            response = await self._client.post(url, json=body, headers={SECRET_HEADER: secret})
        except httpx.HTTPError as err:
            log.debug("zalo webhook delivery failed: %r", err)
            return 0, f"connection error: {err.__class__.__name__}"
        if 200 <= response.status_code < 300:
            return response.status_code, None
        return response.status_code, f"HTTP {response.status_code}"


def _control_actions(state: ZaloState) -> dict[str, Callable[..., Any]]:
    def clear_faults() -> None:
        state.faults.clear()

    def faults() -> list[dict[str, Any]]:
        return [f.to_dict() for f in state.faults]

    def violations() -> list[dict[str, Any]]:
        return list(state.violations)

    def updates() -> list[dict[str, Any]]:
        return list(state.updates)

    def webhook_log() -> list[dict[str, Any]]:
        return list(state.webhook_log)

    def info() -> dict[str, Any]:
        return {
            "bot_id": state.bot_id,
            "bot_name": state.bot_name,
            "webhook": None if state.webhook is None else state.webhook["url"],
            "quota": state.quota(),
            "methods": sorted(spec.METHODS),
        }

    actions: dict[str, Callable[..., Any]] = {
        name: getattr(state, name)
        for name in (
            "create_user",
            "create_group",
            "add_member",
            "send_text",
            "mention",
            "send_image",
            "send_sticker",
            "send_file",
            "messages",
            "seen_by",
            "requests",
            "reset_log",
            "set_fault",
            "set_quota",
            "quota",
            "stats",
        )
    }
    actions.update(
        clear_faults=clear_faults,
        faults=faults,
        violations=violations,
        updates=updates,
        webhook_log=webhook_log,
        info=info,
    )
    return actions


class ControlApi:
    """`/_emu/{action}`: POST a JSON object of arguments."""

    def __init__(self, state: ZaloState) -> None:
        self.actions = _control_actions(state)

    async def call(self, request: Request) -> Response:
        action = self.actions.get(request.path_params["action"])
        if action is None:
            return _json({"ok": False, "error": "unknown control action"}, 404)
        body = await request.body()
        try:
            args = json.loads(body) if body else {}
        except ValueError:
            return _json({"ok": False, "error": "body must be JSON"}, 400)
        if not isinstance(args, dict):
            return _json({"ok": False, "error": "body must be a JSON object"}, 400)
        try:
            inspect.signature(action).bind(**args)
            result = action(**args)
        except ControlError as err:
            return _json({"ok": False, "error": str(err)}, err.status)
        except (TypeError, ValueError) as err:
            return _json({"ok": False, "error": f"bad arguments: {err}"}, 400)
        return _json({"ok": True, "result": result})


def build_app(state: ZaloState, real_statuses: bool = False) -> Starlette:
    api, control = ZaloApi(state, real_statuses), ControlApi(state)
    return Starlette(
        routes=[
            Route("/bot{token}/{method}", api.call, methods=["GET", "POST"]),
            Route("/_emu/{action}", control.call, methods=["POST"]),
        ]
    )


class _HideDroppedConnections(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DroppedConnection))


_HIDE_DROPPED = _HideDroppedConnections()


class ZaloEmulatorServer:
    """An emulated Zalo Bot API server for one bot; `async with ZaloEmulatorServer() as zemu:`.

    The bot under test calls `{zemu.base_url}/bot{token}/{method}`; tests act as people
    through `zemu.client`. Runs beside the Telegram emulator in the same event loop.
    """

    def __init__(
        self,
        token: str = "1459232241454765289:TEST-zalo-secret",
        bot_name: str = "Loa",
        shapes: Shapes | None = None,
        real_statuses: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.token = token
        self.state = ZaloState(token, bot_name, shapes)
        self.app = build_app(self.state, real_statuses)
        self._http = BackgroundServer(self.app, host, port)
        self._webhook = WebhookSender(self.state)
        self._client: ZaloEmulatorClient | None = None

    @property
    def base_url(self) -> str:
        if not self._http.port:
            raise RuntimeError("the Zalo emulator is not running")
        return self._http.url

    @property
    def client(self) -> ZaloEmulatorClient:
        if self._client is None:
            self._client = ZaloEmulatorClient(self.base_url)
        return self._client

    async def start(self) -> None:
        logging.getLogger("uvicorn.error").addFilter(_HIDE_DROPPED)
        self.state.closing = False
        await self._http.start()
        self._webhook.start()

    async def stop(self) -> None:
        self.state.closing = True
        self.state.notify()
        await self._webhook.stop()
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        await self._http.stop()

    async def __aenter__(self) -> ZaloEmulatorServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
