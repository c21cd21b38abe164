"""A tiny round-robin reverse proxy, for the tests that run several `loa run --webhook` behind
one webhook URL as production does (nginx, Caddy, a load balancer).

Each POST goes to the next backend in turn, with its headers (the secret token) and body; a
backend that refuses the connection is skipped for the next one (as a proxy's "next upstream
on error" does), and only when every backend refused does the caller get a 502, so the Bot API
(here the emulator) delivers the update again later. What went where is counted.
"""

from __future__ import annotations

import itertools
from collections import Counter

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

FORWARDED = ("content-type", "x-telegram-bot-api-secret-token")


class RoundRobinProxy:
    """`app` forwards `POST /{path}` to `backends` (base URLs) one after the other."""

    def __init__(self, backends: list[str]) -> None:
        self.backends = backends
        self._turn = itertools.cycle(range(len(backends)))
        self._client = httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=1.0))
        self.forwarded: Counter[str] = Counter()  # backend → requests it answered
        self.refused: Counter[str] = Counter()  # backend → connections it refused
        self.posts: list[tuple[str, bytes]] = []  # (backend, body) of every request answered
        self.app = Starlette(routes=[Route("/{path:path}", self._forward, methods=["POST"])])

    async def _forward(self, request: Request) -> Response:
        body = await request.body()
        headers = {k: v for k, v in request.headers.items() if k.lower() in FORWARDED}
        for _ in self.backends:
            backend = self.backends[next(self._turn)]
            try:
                answer = await self._client.post(
                    f"{backend}{request.url.path}", content=body, headers=headers
                )
            except httpx.TransportError:
                self.refused[backend] += 1
                continue
            self.forwarded[backend] += 1
            self.posts.append((backend, body))
            return Response(answer.content, status_code=answer.status_code)
        return Response(status_code=502)

    async def aclose(self) -> None:
        await self._client.aclose()
