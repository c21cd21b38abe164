"""Where a fetch may go: URLs checked and shown safely, addresses that must be globally
routable, and the httpcore network backend and httpx transport that resolve each host
themselves and connect only to the addresses they checked, on every redirect hop (see
`handlers.news.fetch` for the whole set of safeguards)."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from typing import Any, Final

import httpcore
import httpx

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


Resolver = Callable[[str, int], Awaitable[list[str]]]  # host, port → IP address strings


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


_MAX_URL_LENGTH: Final = 4096


_NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")


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


class FetchRefused(Exception):
    """A fetch that was refused or failed; ``reason`` is one of `REASONS`."""

    def __init__(self, reason: str, detail: str = "", *, status: int | None = None) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown fetch refusal reason {reason!r}")
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.status = status


def safe_url(url: str | httpx.URL) -> str:
    """The URL for logs and error details: no userinfo, no query string, no fragment."""
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(str(url).strip())
        text = str(parsed.copy_with(username=None, password=None, query=None, fragment=None))
    except (httpx.InvalidURL, TypeError, ValueError):
        return "<unparsable URL>"
    return text if len(text) <= 200 else text[:199] + "…"


def parse_url(url: str | httpx.URL) -> httpx.URL:
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


@contextlib.contextmanager
def httpx_errors(request: httpx.Request | None = None) -> Iterator[None]:
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
        with httpx_errors():
            async for chunk in self._stream:
                yield chunk

    async def aclose(self) -> None:
        close = getattr(self._stream, "aclose", None)
        if close is not None:
            with httpx_errors():
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
        with httpx_errors(request):
            response = await self._pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_CoreBody(response.stream),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()
