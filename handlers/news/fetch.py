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

Failures are raised as `FetchRefused` with a machine-readable ``reason``; the bot layer turns it
into words. Details never contain the userinfo part of a URL, nor its query string.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import socket
import ssl
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

import httpcore
import httpx

__all__ = [
    "REASONS",
    "AddressGuard",
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

REASONS: Final = frozenset(
    {
        "bad_url",
        "scheme",
        "private_address",
        "dns",
        "too_large",
        "timeout",
        "too_many_redirects",
        "http_status",
        "network",
    }
)

Resolver = Callable[[str, int], Awaitable[list[str]]]
"""Resolves a host name and port to IP address strings."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_DEFAULT_ACCEPT: Final = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
_MAX_URL_LENGTH: Final = 4096
_NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")


class FetchRefused(Exception):
    """A fetch that was refused or failed; ``reason`` is one of `REASONS`."""

    def __init__(self, reason: str, detail: str = "", *, status: int | None = None) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown fetch refusal reason {reason!r}")
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.status = status


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


# --- URLs and addresses ---------------------------------------------------------------------


def safe_url(url: str | httpx.URL) -> str:
    """The URL for logs and error details: no userinfo, no query string, no fragment."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(str(url).strip())
        text = str(parsed.copy_with(username=None, password=None, query=None, fragment=None))
    except (httpx.InvalidURL, TypeError, ValueError):
        return "<unparsable URL>"
    return text if len(text) <= 200 else text[:199] + "…"


def _parse_url(url: str | httpx.URL) -> httpx.URL:
    """Parse and vet a URL: http(s) with a host, else `FetchRefused` ("bad_url"/"scheme")."""
    if isinstance(url, httpx.URL):
        parsed = url
    else:
        text = url.strip() if isinstance(url, str) else ""
        if not text or len(text) > _MAX_URL_LENGTH or any(ord(c) < 0x20 for c in text):
            raise FetchRefused("bad_url", "empty, too long or with control characters")
        try:
            parsed = httpx.URL(text)
        except (httpx.InvalidURL, TypeError, ValueError) as exc:
            raise FetchRefused("bad_url", f"unparsable URL: {exc.__class__.__name__}") from None
    scheme = parsed.scheme.lower()
    if not scheme:
        raise FetchRefused("bad_url", "not an absolute URL")
    if scheme not in ("http", "https"):
        raise FetchRefused("scheme", f"scheme {scheme!r} is not fetched")
    if not parsed.host:
        raise FetchRefused("bad_url", "URL without a host")
    return parsed


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(ip: IPAddress) -> bool:
    """True when ``ip`` is globally routable unicast (IPv4-in-IPv6 forms are looked through)."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None and not is_public_address(inner):
            return False
        if ip.ipv4_mapped is not None:
            return True
        if ip.is_site_local:
            return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _parse_ip(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


async def system_resolver(host: str, port: int) -> list[str]:
    """Resolve with the event loop's getaddrinfo; addresses in the order the system gives."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


class AddressGuard:
    """Resolves host names and decides which addresses may be connected to."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        allowed_networks: Sequence[str] = (),
        resolver: Resolver | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.allowed_networks = tuple(
            ipaddress.ip_network(n, strict=False) for n in allowed_networks
        )
        self.resolver: Resolver = resolver or system_resolver

    def permits(self, ip: IPAddress) -> bool:
        """May a connection be opened to ``ip``?"""
        if self.allow_private:
            return True
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if any(ip.version == net.version and ip in net for net in self.allowed_networks):
            return True
        return is_public_address(ip)

    async def addresses(self, host: str, port: int) -> list[str]:
        """Every address of ``host``, all of them checked; `FetchRefused` if any is refused."""
        literal = _parse_ip(host)
        if literal is not None:
            candidates = [literal]
        else:
            try:
                answers = await self.resolver(host, port)
            except (OSError, UnicodeError, ValueError) as exc:
                raise FetchRefused("dns", f"cannot resolve {host}: {exc}") from None
            candidates = [ip for ip in (_parse_ip(str(a)) for a in answers) if ip is not None]
            if not candidates:
                raise FetchRefused("dns", f"no address for {host}")
        for ip in candidates:
            if not self.permits(ip):
                raise FetchRefused(
                    "private_address", f"{host} is at {ip}, which is not a public address"
                )
        return [str(ip) for ip in candidates]


# --- transport ------------------------------------------------------------------------------


class GuardedNetworkBackend(httpcore.AsyncNetworkBackend):
    """Opens TCP connections only to addresses the `AddressGuard` allows.

    The host name given by httpcore is resolved here, every address is checked, and the
    connection goes to a checked IP; httpcore still uses the host name for TLS (SNI and
    certificate checks) and httpx for the Host header.
    """

    def __init__(
        self, guard: AddressGuard, inner: httpcore.AsyncNetworkBackend | None = None
    ) -> None:
        self.guard = guard
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's signature
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.guard.addresses(host, port)
        options = list(socket_options) if socket_options is not None else None
        failure: Exception | None = None
        for ip in addresses:
            try:
                return await self.inner.connect_tcp(
                    ip,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's signature
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used for fetches")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


_EXCEPTIONS: Final[tuple[tuple[type[Exception], type[httpx.TransportError]], ...]] = (
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _httpx_errors(request: httpx.Request | None = None) -> Iterator[None]:
    """Re-raise httpcore's exceptions as their httpx counterparts."""
    try:
        yield
    except Exception as exc:
        for core_type, httpx_type in _EXCEPTIONS:
            if isinstance(exc, core_type):
                raise httpx_type(str(exc) or core_type.__name__, request=request) from exc
        raise


class _CoreBody(httpx.AsyncByteStream):
    """An httpcore response body seen as an httpx byte stream."""

    def __init__(self, stream: AsyncIterator[bytes] | Any) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        close = getattr(self._stream, "aclose", None)
        if close is not None:
            with _httpx_errors():
                await close()


class GuardedTransport(httpx.AsyncBaseTransport):
    """An httpx transport over an httpcore connection pool on a `GuardedNetworkBackend`."""

    def __init__(
        self,
        backend: httpcore.AsyncNetworkBackend,
        *,
        ssl_context: ssl.SSLContext | None = None,
        max_connections: int = 16,
        keepalive_expiry: float = 5.0,
    ) -> None:
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context or httpx.create_ssl_context(),
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=keepalive_expiry,
            http1=True,
            http2=False,
            retries=0,
            network_backend=backend,
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.AsyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_errors(request):
            response = await self._pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_CoreBody(response.stream),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()


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
        target = _parse_url(url)
        headers = {"Accept": accept or _DEFAULT_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        async with self._semaphore:
            try:
                async with asyncio.timeout(self.timeout):
                    return await self._follow(target, headers)
            except TimeoutError:
                raise FetchRefused(
                    "timeout", f"{safe_url(target)} took longer than {self.timeout:g} s"
                ) from None

    async def _follow(self, url: httpx.URL, headers: dict[str, str]) -> Fetched:
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
                    url = _parse_url(next_url)
                    continue
                media, charset = _content_type(response.headers.get("content-type"))
                if status == 304 or 200 <= status < 300:
                    content = b"" if status == 304 else await self._read_body(response)
                    return Fetched(
                        url=str(url),
                        status=status,
                        content=content,
                        content_type=media,
                        charset=charset,
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
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
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchRefused("too_large", f"declared {declared} bytes > {self.max_bytes}")
        codings = [
            c.strip().lower()
            for c in response.headers.get("content-encoding", "").split(",")
            if c.strip() and c.strip().lower() != "identity"
        ]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise FetchRefused("network", f"unsupported content encoding {','.join(codings)}")
        inflater = _Inflater("deflate" if codings == ["deflate"] else "gzip") if codings else None
        body = bytearray()
        try:
            async for chunk in response.aiter_raw():
                room = self.max_bytes - len(body)
                piece = inflater.feed(chunk, room) if inflater else chunk
                if len(piece) > room:
                    raise FetchRefused("too_large", f"body over {self.max_bytes} bytes")
                body += piece
            if inflater:
                room = self.max_bytes - len(body)
                piece = inflater.finish(room)
                if len(piece) > room:
                    raise FetchRefused("too_large", f"body over {self.max_bytes} bytes")
                body += piece
        except zlib.error:
            raise FetchRefused("network", "corrupt compressed body") from None
        except httpx.TimeoutException:
            raise FetchRefused("timeout", "reading the body timed out") from None
        except httpx.TransportError as exc:
            raise FetchRefused("network", f"reading the body: {exc.__class__.__name__}") from None
        return bytes(body)
