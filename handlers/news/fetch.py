"""A careful HTTP GET for pages and feeds that users point Loa at.

Anybody in a group can hand Loa a URL, so every fetch is treated as hostile:

- only ``http`` and ``https``; anything else is refused as ``"scheme"``;
- the whole fetch (every redirect hop, connecting, reading the body) runs under one overall
  deadline, so a server that trickles bytes forever is cut off after ``timeout`` seconds;
- the body is streamed and dropped as soon as it grows past ``max_bytes`` (a declared
  Content-Length above the limit is refused before reading). Compressed bodies are inflated here,
  in bounded steps, so a small gzip bomb cannot grow past the limit either;
- redirects are followed one by one (at most ``max_redirects``) and every hop is checked again;
- unless ``allow_private``, no connection is ever opened to an address that is not globally
  routable. The check sits in the network backend (`GuardedNetworkBackend`): it resolves the
  host itself, checks every address and then connects to one of those checked addresses, so a
  name that resolves to a public address for a pre-check and to 127.0.0.1 a moment later (DNS
  rebinding) gains nothing. TLS still verifies and sends SNI for the host name;
- at most ``concurrency`` fetches run at once; the others wait for a slot before their deadline
  starts.

`Fetcher.download` does the same but streams the body into a file, under a size cap and a time
limit of its own (papers sent as links: 20 MB), so a large file is never held in memory.

Failures are raised as `FetchRefused` with a machine-readable ``reason``; the bot layer turns it
into words. Details never contain the userinfo part of a URL, nor its query string.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import zlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import httpcore
import httpx

from handlers.news.guard import (
    REASONS,
    AddressGuard,
    FetchRefused,
    GuardedNetworkBackend,
    GuardedTransport,
    Resolver,
    is_public_address,
    parse_url,
    safe_url,
    system_resolver,
)

__all__ = [
    "REASONS",
    "AddressGuard",
    "Downloaded",
    "FetchRefused",
    "Fetched",
    "Fetcher",
    "GuardedNetworkBackend",
    "GuardedTransport",
    "Resolver",
    "is_public_address",
    "safe_url",
    "system_resolver",
]

log = logging.getLogger(__name__)


_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_DEFAULT_ACCEPT: Final = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"


@dataclass(frozen=True)
class Fetched:
    """A successful answer (2xx, or 304 with an empty body for a conditional GET)."""

    url: str
    status: int
    content: bytes
    content_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None
    disposition: str | None = None  # the Content-Disposition header, as sent


@dataclass(frozen=True)
class Downloaded:
    """A body streamed to a file (`Fetcher.download`): where it finally came from, its type,
    the Content-Disposition header and its size in bytes."""

    url: str
    content_type: str
    disposition: str | None
    size: int


# --- URLs and addresses ---------------------------------------------------------------------


# --- transport ------------------------------------------------------------------------------


# --- bodies ---------------------------------------------------------------------------------


class _Inflater:
    """Undoes one gzip/deflate content coding, never producing more than asked for."""

    def __init__(self, coding: str) -> None:
        self._coding = coding
        self._raw_deflate = False
        self._started = False
        self._obj = self._new()

    def _new(self) -> Any:
        if self._coding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)
        return zlib.decompressobj(zlib.MAX_WBITS | 16)

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate ``data``; more than ``room`` bytes of output means the body is too large."""
        out = bytearray()
        while data:
            if self._obj.eof:
                if not data.startswith(b"\x1f\x8b") or self._coding == "deflate":
                    break  # trailing bytes after the compressed stream are ignored
                self._obj = self._new()  # another gzip member follows
            try:
                piece = self._obj.decompress(data, room - len(out) + 1)
            except zlib.error:
                if self._coding == "deflate" and not self._started and not self._raw_deflate:
                    self._raw_deflate = True  # some servers send deflate without the zlib header
                    self._obj = self._new()
                    continue
                raise
            self._started = True
            out += piece
            if len(out) > room:
                break
            data = self._obj.unconsumed_tail or (self._obj.unused_data if self._obj.eof else b"")
        return bytes(out)

    def finish(self, room: int) -> bytes:
        return self._obj.flush(room + 1) if not self._obj.eof else b""


def _content_type(value: str | None) -> tuple[str, str | None]:
    """Media type (lowercased, no parameters) and the charset parameter of a Content-Type."""
    if not value:
        return "", None
    media, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, val = param.partition("=")
        if name.strip().lower() == "charset":
            charset = val.strip().strip("\"'").strip() or None
    return media.strip().lower(), charset


# --- the fetcher ----------------------------------------------------------------------------


class Fetcher:
    """Safe GETs of user-supplied URLs; share one per process and `aclose` it at the end."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        timeout: float = 10.0,
        max_bytes: int = 2 * 1024 * 1024,
        max_redirects: int = 5,
        concurrency: int = 4,
        resolver: Resolver | None = None,
        user_agent: str = "LoaBot/1.0 (+announcements)",
        allowed_networks: Sequence[str] = (),
        network_backend: httpcore.AsyncNetworkBackend | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        """``allowed_networks`` are extra CIDRs treated as public (for tests);
        ``network_backend`` is what finally opens the checked connections (default: anyio)."""
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.guard = AddressGuard(
            allow_private=allow_private, allowed_networks=allowed_networks, resolver=resolver
        )
        self._semaphore = asyncio.Semaphore(concurrency)
        transport = GuardedTransport(
            GuardedNetworkBackend(self.guard, network_backend),
            ssl_context=ssl_context,
            max_connections=max(4, concurrency * 2),
        )
        self._client = httpx.AsyncClient(
            transport=transport,
            follow_redirects=False,
            trust_env=False,  # an environment proxy would bypass the address checks
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    async def aclose(self) -> None:
        """Close pooled connections."""
        await self._client.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
    ) -> Fetched:
        """GET ``url`` within the limits; `FetchRefused` when refused or failed."""
        target = parse_url(url)
        headers = {"Accept": accept or _DEFAULT_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return await self._fetch(target, headers, self.timeout, self._read_body)

    async def download(
        self,
        url: str,
        destination: Path,
        *,
        max_bytes: int,
        time_limit: float | None = None,
        accept: str = "*/*",
    ) -> Downloaded:
        """GET ``url`` with the same safeguards, streaming the body into ``destination`` (a
        file, at most ``max_bytes``; more is refused as ``"too_large"``); ``time_limit``
        (default the fetcher's timeout) bounds the whole of it. The file may hold part of a
        refused body."""
        target = parse_url(url)
        written = [0]

        async def read(response: httpx.Response) -> bytes:
            with destination.open("wb") as handle:
                written[0] = await self._stream_body(response, handle.write, max_bytes)
            return b""

        limit = time_limit or self.timeout
        fetched = await self._fetch(target, {"Accept": accept}, limit, read)
        return Downloaded(
            url=fetched.url,
            content_type=fetched.content_type,
            disposition=fetched.disposition,
            size=written[0],
        )

    async def _fetch(
        self,
        target: httpx.URL,
        headers: dict[str, str],
        limit: float,
        read: Callable[[httpx.Response], Awaitable[bytes]],
    ) -> Fetched:
        async with self._semaphore:
            try:
                async with asyncio.timeout(limit):
                    return await self._follow(target, headers, read)
            except TimeoutError:
                raise FetchRefused(
                    "timeout", f"{safe_url(target)} took longer than {limit:g} s"
                ) from None

    async def _follow(
        self,
        url: httpx.URL,
        headers: dict[str, str],
        read: Callable[[httpx.Response], Awaitable[bytes]],
    ) -> Fetched:
        redirects = 0
        while True:
            request = self._client.build_request("GET", url, headers=headers)
            log.debug("fetching %s", safe_url(url))
            response = await self._send(request)
            try:
                status = response.status_code
                if status in _REDIRECTS:
                    location = response.headers.get("location", "").strip()
                    if not location:
                        raise FetchRefused(
                            "http_status", f"{status} without Location", status=status
                        )
                    if redirects >= self.max_redirects:
                        raise FetchRefused(
                            "too_many_redirects", f"more than {self.max_redirects} redirects"
                        )
                    redirects += 1
                    try:
                        next_url = url.join(location)
                    except (httpx.InvalidURL, TypeError, ValueError):
                        raise FetchRefused("bad_url", "unparsable redirect target") from None
                    url = parse_url(next_url)
                    continue
                media, charset = _content_type(response.headers.get("content-type"))
                if status == 304 or 200 <= status < 300:
                    content = b"" if status == 304 else await read(response)
                    return Fetched(
                        url=str(url),
                        status=status,
                        content=content,
                        content_type=media,
                        charset=charset,
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                        disposition=response.headers.get("content-disposition"),
                    )
                raise FetchRefused(
                    "http_status", f"{safe_url(url)} answered {status}", status=status
                )
            finally:
                await response.aclose()

    async def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise FetchRefused("timeout", f"{safe_url(request.url)} timed out") from None
        except httpx.UnsupportedProtocol:
            raise FetchRefused("scheme", "unsupported protocol") from None
        except httpx.InvalidURL:
            raise FetchRefused("bad_url", "invalid URL") from None
        except httpx.TransportError as exc:
            raise FetchRefused(
                "network", f"{safe_url(request.url)}: {exc.__class__.__name__}: {exc}"
            ) from None

    async def _read_body(self, response: httpx.Response) -> bytes:
        body = bytearray()
        await self._stream_body(response, body.extend, self.max_bytes)
        return bytes(body)

    async def _stream_body(
        self, response: httpx.Response, write: Callable[[bytes], object], max_bytes: int
    ) -> int:
        """Hand the (inflated) body to ``write`` piece by piece; the bytes written."""
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > max_bytes:
            raise FetchRefused("too_large", f"declared {declared} bytes > {max_bytes}")
        codings = [
            c.strip().lower()
            for c in response.headers.get("content-encoding", "").split(",")
            if c.strip() and c.strip().lower() != "identity"
        ]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise FetchRefused("network", f"unsupported content encoding {','.join(codings)}")
        inflater = _Inflater("deflate" if codings == ["deflate"] else "gzip") if codings else None
        written = 0
        try:
            async for chunk in response.aiter_raw():
                room = max_bytes - written
                piece = inflater.feed(chunk, room) if inflater else chunk
                if len(piece) > room:
                    raise FetchRefused("too_large", f"body over {max_bytes} bytes")
                write(piece)
                written += len(piece)
            if inflater:
                room = max_bytes - written
                piece = inflater.finish(room)
                if len(piece) > room:
                    raise FetchRefused("too_large", f"body over {max_bytes} bytes")
                write(piece)
                written += len(piece)
        except zlib.error:
            raise FetchRefused("network", "corrupt compressed body") from None
        except httpx.TimeoutException:
            raise FetchRefused("timeout", "reading the body timed out") from None
        except httpx.TransportError as exc:
            raise FetchRefused("network", f"reading the body: {exc.__class__.__name__}") from None
        return written
