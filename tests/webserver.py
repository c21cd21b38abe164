"""A small local web server for tests that fetch pages and feeds.

`WebServer` serves a Starlette app with uvicorn on 127.0.0.1 (a random port) in a background
thread with its own event loop, so sync tests and async tests on any event loop can use it. Each
test registers the routes it needs (static bytes, redirects, a body that never ends, a huge body,
conditional GETs); every route counts its requests in a `Route`.

    with WebServer() as server:
        route = server.static("/a.html", b"<html>...", content_type="text/html")
        ... fetch server.url("/a.html") ...
        assert route.hits == 1

Unknown paths answer 404.

Fetch tests should also use `LoopbackOnlyBackend` (the network backend under the fetcher) and
`StubResolver`, so that no test ever opens a connection outside 127.0.0.0/8, whatever the
code under test gets wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpcore
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route as StarletteRoute

__all__ = ["Handler", "LoopbackOnlyBackend", "Route", "StubResolver", "WebServer"]

Handler = Callable[[Request, "Route"], Awaitable[Response]]


@dataclass
class Route:
    """One registered path and what it has seen."""

    path: str
    handler: Handler
    hits: int = 0
    not_modified: int = 0
    sent_bytes: int = 0
    finished: bool = False
    request_headers: list[dict[str, str]] = field(default_factory=list)

    @property
    def last_headers(self) -> dict[str, str]:
        """Headers of the latest request (lower-case names)."""
        return self.request_headers[-1] if self.request_headers else {}


class _ThreadServer(uvicorn.Server):
    """A uvicorn server that leaves signals to the main thread."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class WebServer:
    """Routes registered by tests, served on 127.0.0.1 from a background thread."""

    def __init__(self) -> None:
        self._routes: dict[str, Route] = {}
        self._app = Starlette(
            routes=[StarletteRoute("/{path:path}", self._dispatch, methods=["GET", "HEAD"])]
        )
        self._server: _ThreadServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # --- life cycle ----------------------------------------------------------------------

    def start(self) -> None:
        """Start serving; returns once the server accepts connections."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            http="h11",
            timeout_graceful_shutdown=1,
        )
        server = self._server = _ThreadServer(config)
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="test-web-server", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test web server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        """Stop serving and wait for the thread to end."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> WebServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, host: str | None = None) -> str:
        """The URL of ``path``; with ``host``, a URL naming that host on this server's port."""
        return f"http://{host or '127.0.0.1'}:{self.port}{path}"

    # --- routes --------------------------------------------------------------------------

    def route(self, path: str, handler: Handler) -> Route:
        """Serve ``path`` with ``handler`` (replacing whatever was there)."""
        route = self._routes[path] = Route(path, handler)
        return route

    def static(
        self,
        path: str,
        body: bytes | str | Path,
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: Mapping[str, str] | None = None,
    ) -> Route:
        """Fixed bytes (a str is UTF-8, a Path is read) with the given status and headers."""
        data = body.read_bytes() if isinstance(body, Path) else body
        data = data.encode() if isinstance(data, str) else data
        extra = dict(headers or {})

        async def handler(request: Request, route: Route) -> Response:
            response = Response(data, status_code=status, headers=extra)
            if content_type is not None:
                response.headers["content-type"] = content_type
            elif "content-type" in response.headers:
                del response.headers["content-type"]
            return response

        return self.route(path, handler)

    def redirect(self, path: str, location: str, *, status: int = 302) -> Route:
        """A redirect to ``location`` (relative or absolute) with the given 3xx status."""

        async def handler(request: Request, route: Route) -> Response:
            return Response(b"", status_code=status, headers={"location": location})

        return self.route(path, handler)

    def trickle(
        self,
        path: str,
        *,
        interval: float = 0.05,
        chunk: bytes = b"<p>.</p>\n",
        content_type: str = "text/html; charset=utf-8",
    ) -> Route:
        """A body that never ends: ``chunk`` every ``interval`` seconds, until the client leaves."""

        async def handler(request: Request, route: Route) -> Response:
            async def body() -> AsyncIterator[bytes]:
                yield b"<!doctype html><html><head><title>Slow</title></head><body>\n"
                while True:
                    await asyncio.sleep(interval)
                    route.sent_bytes += len(chunk)
                    yield chunk

            return StreamingResponse(body(), media_type=content_type)

        return self.route(path, handler)

    def huge(
        self,
        path: str,
        size: int,
        *,
        declare_length: bool = True,
        chunk_size: int = 64 * 1024,
        content_type: str = "text/html; charset=utf-8",
    ) -> Route:
        """``size`` bytes of filler, streamed in chunks; with or without a Content-Length."""
        block = b"x" * chunk_size

        async def handler(request: Request, route: Route) -> Response:
            async def body() -> AsyncIterator[bytes]:
                left = size
                while left > 0:
                    piece = block if left >= chunk_size else block[:left]
                    left -= len(piece)
                    route.sent_bytes += len(piece)
                    yield piece
                    await asyncio.sleep(0)  # lets a client disconnect end the response
                route.finished = True

            headers = {"content-length": str(size)} if declare_length else {}
            return StreamingResponse(body(), media_type=content_type, headers=headers)

        return self.route(path, handler)

    def conditional(
        self,
        path: str,
        body: bytes | str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        content_type: str = "text/html; charset=utf-8",
    ) -> Route:
        """``body`` with validators; 304 (counted in ``not_modified``) when a validator matches."""
        data = body.encode() if isinstance(body, str) else body
        validators = {"etag": etag, "last-modified": last_modified}
        validators = {k: v for k, v in validators.items() if v is not None}

        async def handler(request: Request, route: Route) -> Response:
            inm = request.headers.get("if-none-match")
            ims = request.headers.get("if-modified-since")
            fresh = (etag is not None and inm is not None and _etag_matches(inm, etag)) or (
                inm is None and last_modified is not None and ims == last_modified
            )
            if fresh:
                route.not_modified += 1
                return Response(b"", status_code=304, headers=validators)
            return Response(data, headers={**validators, "content-type": content_type})

        return self.route(path, handler)

    # --- serving -------------------------------------------------------------------------

    async def _dispatch(self, request: Request) -> Response:
        route = self._routes.get(request.url.path)
        if route is None:
            return Response(b"not found", status_code=404, media_type="text/plain")
        route.hits += 1
        route.request_headers.append({k.lower(): v for k, v in request.headers.items()})
        return await route.handler(request, route)


def _etag_matches(header: str, etag: str) -> bool:
    tags = {tag.strip() for tag in header.split(",")}
    return "*" in tags or etag in tags or etag.removeprefix("W/") in tags


# --- keeping fetch tests on this machine ----------------------------------------------------

_LOOPBACK = ipaddress.ip_network("127.0.0.0/8")


class LoopbackOnlyBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections to 127.0.0.0/8 only, and records every attempt.

    Anything else fails with a connect error instead of leaving the machine.
    """

    def __init__(self) -> None:
        self.inner = httpcore.AnyIOBackend()
        self.attempts: list[tuple[str, int]] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's signature
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.attempts.append((host, port))
        try:
            allowed = ipaddress.ip_address(host) in _LOOPBACK
        except ValueError:
            allowed = False
        if not allowed:
            raise httpcore.ConnectError(f"tests connect to 127.0.0.0/8 only, not {host}")
        return await self.inner.connect_tcp(
            host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's signature
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("no unix sockets in tests")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class StubResolver:
    """A resolver answering from a table (host -> addresses, or an exception to raise).

    Hosts not in the table resolve to 127.0.0.1. Every lookup is recorded in ``calls``.
    """

    def __init__(self, table: Mapping[str, list[str] | BaseException] | None = None) -> None:
        self.table = dict(table or {})
        self.calls: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.calls.append(host)
        answer = self.table.get(host, ["127.0.0.1"])
        if isinstance(answer, BaseException):
            raise answer
        return list(answer)
