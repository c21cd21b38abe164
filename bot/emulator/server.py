"""The emulator's HTTP side: the Bot API, file downloads and the `/_emu/...` control API.

`EmulatorServer` runs the Starlette app with uvicorn as a task in the current event loop (or
standalone, see `__main__.py`). Every Bot API call is checked against api.json (problems become
violations, the call is still served), logged without the token, run through the injected faults,
then handled by the method table in `methods/`.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import importlib.util
import inspect
import json
import logging
import socket
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from bot.emulator import apispec
from bot.emulator.client import EmulatorClient
from bot.emulator.limits import Limits
from bot.emulator.methods import CLIENT_GONE, HANDLERS, LIMITED, Reply
from bot.emulator.model import ApiError, ControlError
from bot.emulator.outage import BAD_GATEWAY_PAGE, gated_protocol
from bot.emulator.params import BadBody, loggable, parse_params
from bot.emulator.state import State
from bot.emulator.webhook import WebhookSender

log = logging.getLogger(__name__)
_HANDLERS_BY_LOWER = {name.lower(): name for name in HANDLERS}
_NOT_FOUND = ApiError(404, "Not Found")
_UNAUTHORIZED = ApiError(401, "Unauthorized")


def _json_response(body: Any, status: int = 200) -> Response:
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(content, status_code=status, media_type="application/json")


def _error_response(err: ApiError) -> Response:
    return _json_response(err.envelope(), err.code)


class DroppedConnection(Exception):
    """Raised after a partial response so that uvicorn drops the connection (a fault)."""


class _DropResponse:
    """An ASGI response that starts, sends a few bytes and then breaks the connection."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"512")],
            }
        )
        await send({"type": "http.response.body", "body": b'{"ok":', "more_body": True})
        raise DroppedConnection


class _HideDroppedConnections(logging.Filter):
    """Keeps uvicorn from logging the tracebacks of connections dropped on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], DroppedConnection))


_HIDE_DROPPED = _HideDroppedConnections()


def _status_fault(status: int, description: str = "") -> ApiError:
    if description:
        return ApiError(status, description)
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    if status == 429:
        return ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
    return ApiError(status, phrase)


def _chat_id_of(params: dict[str, Any]) -> int | None:
    value = params.get("chat_id")
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _watch_disconnect(request: Request, state: State) -> asyncio.Task[None]:
    """Fire `CLIENT_GONE` (and wake the poll) when a long-polling client hangs up."""
    gone = asyncio.Event()
    CLIENT_GONE.set(gone)

    async def watch() -> None:
        while (await request.receive())["type"] != "http.disconnect":
            pass
        gone.set()
        state.notify()

    return asyncio.create_task(watch())


class BotApi:
    """The Bot API endpoint and the file download endpoint."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def call(self, request: Request) -> Response | _DropResponse:
        """One Bot API call, counted as in flight (by the caller's port) until it is answered:
        a test that kills a bot can tell what it had sent and not yet heard back about."""
        port = request.client.port if request.client else 0
        name = request.path_params["method"]
        self.state.in_flight_ports[name].append(port)
        try:
            return await self._call(request)
        finally:
            self.state.in_flight_ports[name].remove(port)

    async def _call(self, request: Request) -> Response | _DropResponse:
        state = self.state
        name = request.path_params["method"]
        try:
            params = parse_params(
                request.url.query, request.headers.get("content-type", ""), await request.body()
            )
        except BadBody as err:
            return _error_response(ApiError(400, f"Bad Request: {err}"))
        logged = loggable(params)
        if request.path_params["token"] != state.token:
            state.record_call(name, logged, 401, _UNAUTHORIZED.description, None)
            return _error_response(_UNAUTHORIZED)
        spec = apispec.spec()
        canonical = spec.canonical_method(name) if spec else _HANDLERS_BY_LOWER.get(name.lower())
        method = canonical or name
        if spec is not None:
            for problem in spec.check_call(method, params):
                state.record_violation(method, problem, logged)
        handler = HANDLERS.get(method)
        chat_id = _chat_id_of(params)
        if handler is None:
            if spec is None or canonical is not None:
                state.record_violation(method, "method not served by the emulator", logged)
            state.record_call(method, logged, 404, _NOT_FOUND.description, chat_id)
            return _error_response(_NOT_FOUND)

        state.in_flight[method] += 1
        try:
            return await self._serve(request, handler, method, params, logged, chat_id)
        finally:
            state.in_flight[method] -= 1

    async def _serve(
        self,
        request: Request,
        handler: Any,
        method: str,
        params: dict[str, Any],
        logged: dict[str, Any],
        chat_id: int | None,
    ) -> Response | _DropResponse:
        """One call past the checks: latency, faults, an outage, the method itself."""
        state = self.state
        latency = state.latency_for(method) / 2 if state.latency else 0.0
        if latency:
            await asyncio.sleep(latency)  # the request on its way
        faults = state.take_faults(method, chat_id) if state.faults else []
        for fault in faults:  # latency on the way in: an outage that begins meanwhile wins
            if fault.kind == "delay":
                await asyncio.sleep(fault.delay)
        if state.outage.active():
            return self._outage_response(method, logged, chat_id)
        error: ApiError | None = None
        drop = False
        for fault in faults:
            if fault.kind == "drop":
                drop = True
            elif fault.kind == "status" and error is None:
                error = _status_fault(fault.status, fault.description)
            elif fault.kind == "forbidden" and error is None:
                chat = state.chats.get(chat_id) if chat_id is not None else None
                if chat is not None and chat.is_group:
                    error = ApiError(403, f"Forbidden: bot was kicked from the {chat.type} chat")
                else:
                    error = ApiError(403, "Forbidden: bot was blocked by the user")
        if drop:
            state.record_call(method, logged, 0, "connection dropped (fault)", chat_id)
            return _DropResponse()
        if error is None:
            watcher = _watch_disconnect(request, state) if method == "getUpdates" else None
            try:
                reply: Reply = await handler(state, params)
            except ApiError as err:
                error = err
            finally:
                if watcher is not None:
                    watcher.cancel()
            if method == "getUpdates" and state.outage.active():  # a long poll the outage cut
                return self._outage_response(method, logged, chat_id)
        if error is not None:
            state.record_call(method, logged, error.code, error.description, chat_id)
            return _error_response(error)
        if latency:
            await asyncio.sleep(latency)  # the answer on its way back
        state.record_call(method, logged, 200, None, chat_id)  # logged as it leaves
        body: dict[str, Any] = {"ok": True, "result": reply.result}
        if reply.description:
            body["description"] = reply.description
        return _json_response(body)

    def _outage_response(
        self, method: str, logged: dict[str, Any], chat_id: int | None
    ) -> Response | _DropResponse:
        """What a call gets while the API is down: a proxy's 502 page, or a broken connection
        (a `refuse` outage closes new requests before they get here; this is for those in
        flight when it began)."""
        outage = self.state.outage
        outage.count(method)
        if outage.kind == "refuse":
            self.state.record_call(method, logged, 0, "outage: connection closed", chat_id)
            return _DropResponse()
        self.state.record_call(method, logged, 502, "outage: Bad Gateway", chat_id)
        return Response(BAD_GATEWAY_PAGE, status_code=502, media_type="text/html")

    async def file(self, request: Request) -> Response:
        if request.path_params["token"] != self.state.token:
            return _error_response(_UNAUTHORIZED)
        stored = self.state.files_by_path.get(request.path_params["path"])
        if stored is None:
            return _error_response(_NOT_FOUND)
        return Response(stored.content, media_type=stored.mime_type or "application/octet-stream")


# ---- control API --------------------------------------------------------------------------------


def _control_actions(state: State) -> dict[str, Callable[..., Any]]:
    """Control API actions by name; each takes keyword arguments from the JSON body."""

    def send_document(content_base64: str, **kwargs: Any) -> dict[str, Any]:
        return state.send_document(content=base64.b64decode(content_base64), **kwargs)

    def set_limits(**kwargs: Any) -> dict[str, Any]:
        state.set_limits(Limits(**kwargs))
        return state.limits.as_dict()

    def clear_faults() -> None:
        state.faults.clear()

    def faults() -> list[dict[str, Any]]:
        return [f.to_dict() for f in state.faults]

    def violations() -> list[dict[str, Any]]:
        return list(state.violations)

    def commands(scope: dict[str, Any] | None = None, language_code: str = "") -> list[Any]:
        key = json.dumps(scope or {"type": "default"}, sort_keys=True), language_code
        return state.commands.get(key, [])

    def updates() -> list[dict[str, Any]]:
        return list(state.updates)

    def outage(seconds: float, kind: str = "502") -> dict[str, Any]:
        result = state.outage.start(seconds, kind)
        state.notify()  # long polls in progress end with the outage's failure
        return result

    def outage_info() -> dict[str, Any]:
        return state.outage.info()

    def end_outage() -> dict[str, Any]:
        return state.outage.end()

    def info() -> dict[str, Any]:
        return {
            "token_prefix": state.token.split(":", 1)[0],
            "bot": state.bot.to_dict(),
            "limits": state.limits.as_dict(),
            "api_spec": apispec.available(),
            "rate_limited_methods": sorted(LIMITED),
        }

    actions: dict[str, Callable[..., Any]] = {
        name: getattr(state, name)
        for name in (
            "create_user",
            "create_group",
            "private_chat",
            "add_bot_to_group",
            "remove_bot_from_group",
            "block_bot",
            "migrate_group",
            "send_text",
            "press_button",
            "callback_answer",
            "messages",
            "requests",
            "reset_log",
            "set_fault",
            "set_latency",
            "requests_in_flight",
            "stats",
            "confirmed_unanswered",
            "set_callback_lifetime",
        )
    }
    actions.update(
        send_document=send_document,
        set_limits=set_limits,
        clear_faults=clear_faults,
        faults=faults,
        violations=violations,
        commands=commands,
        updates=updates,
        info=info,
        outage=outage,
        outage_info=outage_info,
        end_outage=end_outage,
    )
    return actions


def _query_args(request: Request) -> dict[str, Any]:
    """GET convenience: numbers and booleans in the query string become numbers and booleans."""
    args: dict[str, Any] = {}
    for key, value in request.query_params.items():
        if value.lstrip("-").isdigit():
            args[key] = int(value)
        elif value in ("true", "false"):
            args[key] = value == "true"
        else:
            args[key] = value
    return args


class ControlApi:
    """`/_emu/{action}`: POST a JSON object of arguments (or GET with a query string)."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.actions = _control_actions(state)

    async def call(self, request: Request) -> Response:
        action = self.actions.get(request.path_params["action"])
        if action is None:
            return _json_response({"ok": False, "error": "unknown control action"}, 404)
        if request.method == "POST":
            body = await request.body()
            try:
                args = json.loads(body) if body else {}
            except ValueError:
                return _json_response({"ok": False, "error": "body must be JSON"}, 400)
            if not isinstance(args, dict):
                return _json_response({"ok": False, "error": "body must be a JSON object"}, 400)
        else:
            args = _query_args(request)
        try:
            inspect.signature(action).bind(**args)
        except TypeError as err:
            return _json_response({"ok": False, "error": f"bad arguments: {err}"}, 400)
        try:
            result = action(**args)
        except ControlError as err:
            return _json_response({"ok": False, "error": str(err)}, err.status)
        except (TypeError, ValueError) as err:
            return _json_response({"ok": False, "error": f"bad arguments: {err}"}, 400)
        return _json_response({"ok": True, "result": result})

    async def file(self, request: Request) -> Response:
        try:
            content = self.state.file_bytes(request.path_params["file_id"])
        except ControlError as err:
            return _json_response({"ok": False, "error": str(err)}, err.status)
        return Response(content, media_type="application/octet-stream")


def build_app(state: State) -> Starlette:
    """The ASGI app serving one emulated bot."""
    bot_api, control = BotApi(state), ControlApi(state)
    return Starlette(
        routes=[
            Route("/bot{token}/{method}", bot_api.call, methods=["GET", "POST"]),
            Route("/file/bot{token}/{path:path}", bot_api.file, methods=["GET"]),
            Route("/_emu/file/{file_id}", control.file, methods=["GET"]),
            Route("/_emu/{action}", control.call, methods=["GET", "POST"]),
        ]
    )


# ---- running it ---------------------------------------------------------------------------------


class _EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves signal handling to its host program."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class BackgroundServer:
    """Any ASGI app served by uvicorn on 127.0.0.1 as a task of the current event loop.

    Also handy in tests for small receivers (e.g. a webhook endpoint).
    """

    def __init__(
        self,
        app: Any,
        host: str = "127.0.0.1",
        port: int = 0,
        protocol: type[asyncio.Protocol] | None = None,
    ) -> None:
        http: Any = protocol or ("httptools" if importlib.util.find_spec("httptools") else "h11")
        self._config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            lifespan="off",
            http=http,
            timeout_graceful_shutdown=2,
            timeout_keep_alive=30,
        )
        self._host = host
        self._port = port
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self.port}"

    async def start(self) -> None:
        # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose
        # proto says TCP, and without it every response waits ~40 ms for a delayed ACK.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._port))
        self.port = sock.getsockname()[1]
        server = self._server = _EmbeddedServer(self._config)
        self._task = asyncio.create_task(server.serve(sockets=[sock]), name="emulator-http")
        while not server.started:
            if self._task.done():
                await self._task  # raises what went wrong
                raise RuntimeError("uvicorn stopped during start-up")
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        if self._server is None or self._task is None:
            return
        self._server.should_exit = True
        await self._task
        self._server = self._task = None

    async def __aenter__(self) -> BackgroundServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


class EmulatorServer:
    """An emulated Telegram Bot API server for one bot, for tests, demos and benchmarks.

    Use as `async with EmulatorServer(...) as emu:`; the bot under test talks to
    `f"{emu.base_url}/bot"`, tests act as people through `emu.client`.
    """

    def __init__(
        self,
        token: str = "123456:TEST-token-abc",
        bot_username: str = "LoaTestBot",
        limits: Limits | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_name: str = "Loa",
    ) -> None:
        self.token = token
        self.state = State(token, bot_username, bot_name, limits or Limits())
        self.app = build_app(self.state)
        refused = functools.partial(self._refused, self.state)
        self._http = BackgroundServer(
            self.app, host, port, protocol=gated_protocol(self.state.outage, refused)
        )
        self._webhook = WebhookSender(self.state)
        self._client: EmulatorClient | None = None
        self._host = host

    @staticmethod
    def _refused(state: State, method: str) -> None:
        state.record_call(method, {}, 0, "outage: connection closed", None)

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`, known once started."""
        if not self._http.port:
            raise RuntimeError("the emulator is not running")
        return f"http://{self._host}:{self._http.port}"

    @property
    def port(self) -> int:
        return self._http.port

    @property
    def client(self) -> EmulatorClient:
        """A control client bound to this emulator (closed when the emulator stops)."""
        if self._client is None:
            self._client = EmulatorClient(self.base_url)
        return self._client

    async def start(self) -> None:
        if apispec.spec() is None:
            log.warning("emulator running without api.json: calls are not checked")
        logging.getLogger("uvicorn.error").addFilter(_HIDE_DROPPED)  # added once
        self.state.closing = False
        await self._http.start()
        self._webhook.start()

    async def stop(self) -> None:
        self.state.closing = True
        self.state.notify()  # long polls answer now
        await self._webhook.stop()
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        await self._http.stop()

    async def __aenter__(self) -> EmulatorServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
