"""The careful fetcher: schemes, private addresses, redirects, size and time limits, 304s.

Every fetcher here connects through `LoopbackOnlyBackend`, so nothing ever leaves 127.0.0.0/8;
host names come from `StubResolver`.
"""

from __future__ import annotations

import asyncio
import gzip
import ipaddress
import socket
import ssl
import time
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpcore
import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response

from handlers.news.fetch import (
    REASONS,
    Fetcher,
    FetchRefused,
    is_public_address,
    safe_url,
    system_resolver,
)
from tests.webserver import LoopbackOnlyBackend, Route, StubResolver, WebServer

MB = 1024 * 1024


@pytest.fixture(scope="module")
def server() -> Iterator[WebServer]:
    with WebServer() as web:
        yield web


@pytest.fixture
def backend() -> LoopbackOnlyBackend:
    return LoopbackOnlyBackend()


@pytest.fixture
async def make_fetcher(
    backend: LoopbackOnlyBackend,
) -> AsyncIterator[Callable[..., Fetcher]]:
    """Fetchers on the loopback-only backend, closed after the test."""
    made: list[Fetcher] = []

    def make(**kwargs: Any) -> Fetcher:
        kwargs.setdefault("network_backend", backend)
        kwargs.setdefault("resolver", StubResolver())
        fetcher = Fetcher(**kwargs)
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        await fetcher.aclose()


async def refusal(fetcher: Fetcher, url: str, **kwargs: Any) -> FetchRefused:
    with pytest.raises(FetchRefused) as caught:
        await fetcher.get(url, **kwargs)
    assert caught.value.reason in REASONS
    return caught.value


# --- plain fetches --------------------------------------------------------------------------


async def test_fetch_returns_body_type_charset_and_validators(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    route = server.static(
        "/plain.html",
        "<title>Xin chào</title>".encode(),
        content_type='Text/HTML; Charset="Windows-1258"',
        headers={"etag": '"v1"', "last-modified": "Thu, 20 Jun 2024 02:59:00 GMT"},
    )
    fetcher = make_fetcher(allow_private=True, user_agent="LoaTest/1")
    fetched = await fetcher.get(server.url("/plain.html"))
    assert fetched.status == 200
    assert fetched.url == server.url("/plain.html")
    assert fetched.content == "<title>Xin chào</title>".encode()
    assert fetched.content_type == "text/html"
    assert fetched.charset == "Windows-1258"
    assert fetched.etag == '"v1"'
    assert fetched.last_modified == "Thu, 20 Jun 2024 02:59:00 GMT"
    assert route.last_headers["user-agent"] == "LoaTest/1"
    assert "text/html" in route.last_headers["accept"]
    assert "if-none-match" not in route.last_headers


async def test_accept_header_can_be_chosen(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    route = server.static("/feed.xml", b"<rss/>", content_type="application/rss+xml")
    fetched = await make_fetcher(allow_private=True).get(
        server.url("/feed.xml"), accept="application/rss+xml, application/atom+xml"
    )
    assert fetched.content_type == "application/rss+xml"
    assert fetched.charset is None
    assert route.last_headers["accept"] == "application/rss+xml, application/atom+xml"


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate"])
async def test_compressed_bodies_are_inflated(
    server: WebServer, make_fetcher: Callable[..., Fetcher], coding: str
) -> None:
    body = "<p>Tin tức Hải Phòng</p>\n".encode() * 2000
    if coding == "gzip":
        data = gzip.compress(body)
    elif coding == "deflate":
        data = zlib.compress(body)
    else:
        squeezer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        data = squeezer.compress(body) + squeezer.flush()
    header = "gzip" if coding == "gzip" else "deflate"
    server.static(f"/{coding}.html", data, headers={"content-encoding": header})
    fetcher = make_fetcher(allow_private=True)
    fetched = await fetcher.get(server.url(f"/{coding}.html"))
    assert fetched.content == body


# --- schemes and URLs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://ftp.example.vn/tin.html",
        "javascript:alert(1)",
        "data:text/html,<title>x</title>",
        "mailto:ban@example.vn",
        "gopher://example.vn/",
    ],
)
async def test_other_schemes_are_refused(
    make_fetcher: Callable[..., Fetcher], backend: LoopbackOnlyBackend, url: str
) -> None:
    error = await refusal(make_fetcher(allow_private=True), url)
    assert error.reason == "scheme"
    assert backend.attempts == []


@pytest.mark.parametrize("url", ["", "   ", "tin-tuc/bai-viet.html", "http://", "http://a\nb/"])
async def test_bad_urls_are_refused(make_fetcher: Callable[..., Fetcher], url: str) -> None:
    assert (await refusal(make_fetcher(allow_private=True), url)).reason == "bad_url"


def test_safe_url_drops_userinfo_query_and_fragment() -> None:
    assert (
        safe_url("https://ban:matkhau@tin.example.vn:8443/bai/1?token=abc#p2")
        == "https://tin.example.vn:8443/bai/1"
    )


async def test_refusal_details_never_show_userinfo_or_query(
    make_fetcher: Callable[..., Fetcher],
) -> None:
    fetcher = make_fetcher(resolver=StubResolver({"tin.example.vn": ["10.0.0.7"]}))
    error = await refusal(fetcher, "http://ban:matkhau@tin.example.vn/bai?token=abc123")
    assert error.reason == "private_address"
    assert "matkhau" not in str(error) and "abc123" not in str(error)


# --- private addresses ----------------------------------------------------------------------


async def test_loopback_is_refused_by_default(
    server: WebServer, backend: LoopbackOnlyBackend
) -> None:
    route = server.static("/secret.html", b"<title>secret</title>")
    async with Fetcher(network_backend=backend) as fetcher:  # the system resolver
        for url in (server.url("/secret.html"), server.url("/secret.html", host="localhost")):
            error = await refusal(fetcher, url)
            assert error.reason == "private_address"
    assert route.hits == 0
    assert backend.attempts == []


PRIVATE = [
    "127.0.0.1",
    "10.0.0.1",
    "10.255.1.2",
    "192.168.1.10",
    "172.16.5.4",
    "172.31.255.254",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.251",
    "240.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fd00::1",
    "fc00::5",
    "fe80::1",
    "fec0::1",
    "ff02::1",
    "::ffff:10.0.0.1",
    "::ffff:127.0.0.1",
    "2002:a00:1::1",  # 6to4 around 10.0.0.1
    "64:ff9b::c0a8:0101",  # NAT64 around 192.168.1.1
]


@pytest.mark.parametrize("address", PRIVATE)
async def test_private_addresses_are_refused_before_connecting(
    make_fetcher: Callable[..., Fetcher], backend: LoopbackOnlyBackend, address: str
) -> None:
    resolver = StubResolver({"tin.example.vn": [address]})
    error = await refusal(make_fetcher(resolver=resolver), "http://tin.example.vn/bai-viet")
    assert error.reason == "private_address"
    assert resolver.calls == ["tin.example.vn"]
    assert backend.attempts == []


async def test_one_private_address_among_public_ones_is_enough_to_refuse(
    make_fetcher: Callable[..., Fetcher], backend: LoopbackOnlyBackend
) -> None:
    resolver = StubResolver({"tin.example.vn": ["8.8.8.8", "192.168.0.5"]})
    error = await refusal(make_fetcher(resolver=resolver), "https://tin.example.vn/")
    assert error.reason == "private_address"
    assert backend.attempts == []


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/", "http://[::1]/", "http://[::ffff:192.168.1.1]:8080/", "http://0/"]
)
async def test_ip_literals_are_checked_without_resolving(
    make_fetcher: Callable[..., Fetcher], backend: LoopbackOnlyBackend, url: str
) -> None:
    resolver = StubResolver({"0": ["0.0.0.0"]})
    error = await refusal(make_fetcher(resolver=resolver), url)
    assert error.reason == "private_address"
    assert backend.attempts == []


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("203.162.4.190", True),
        ("2001:4860:4860::8888", True),
        ("::ffff:8.8.8.8", True),
        *[(address, False) for address in PRIVATE],
        ("192.0.2.1", False),
        ("198.18.0.1", False),
        ("2001:db8::1", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


async def test_dns_failures(make_fetcher: Callable[..., Fetcher]) -> None:
    resolver = StubResolver(
        {"khong-co.example.vn": socket.gaierror(socket.EAI_NONAME, "no such name"), "rong.vn": []}
    )
    fetcher = make_fetcher(resolver=resolver)
    assert (await refusal(fetcher, "http://khong-co.example.vn/")).reason == "dns"
    assert (await refusal(fetcher, "http://rong.vn/")).reason == "dns"


async def test_system_resolver_resolves_localhost() -> None:
    assert "127.0.0.1" in await system_resolver("localhost", 80)


async def test_allowed_networks_let_the_test_server_through_but_not_a_private_hop(
    server: WebServer, make_fetcher: Callable[..., Fetcher], backend: LoopbackOnlyBackend
) -> None:
    resolver = StubResolver({"news.test": ["127.0.0.1"], "intranet.test": ["10.0.0.1"]})
    fetcher = make_fetcher(resolver=resolver, allowed_networks=["127.0.0.0/8"])
    server.static("/final.html", b"<title>ok</title>")
    server.redirect("/to-final", server.url("/final.html", host="news.test"))
    bad = server.redirect("/to-intranet", server.url("/admin", host="intranet.test"))

    fetched = await fetcher.get(server.url("/to-final", host="news.test"))
    assert fetched.url == server.url("/final.html", host="news.test")
    assert fetched.content == b"<title>ok</title>"

    error = await refusal(fetcher, server.url("/to-intranet", host="news.test"))
    assert error.reason == "private_address"
    assert "intranet.test" in error.detail
    assert bad.hits == 1
    assert {host for host, _ in backend.attempts} == {"127.0.0.1"}


async def test_connections_go_to_the_checked_address_with_the_host_name_kept(
    server: WebServer, make_fetcher: Callable[..., Fetcher], backend: LoopbackOnlyBackend
) -> None:
    """The name is resolved once, by the guard; the socket goes to that very address."""
    route = server.static("/host.html", b"<title>host</title>")
    resolver = StubResolver({"baohaiphong.test": ["127.0.0.9"]})
    fetcher = make_fetcher(resolver=resolver, allowed_networks=["127.0.0.9/32"])
    # 127.0.0.9 reaches the server (bound to 127.0.0.1) on Linux only; the attempt is what counts.
    try:
        await fetcher.get(server.url("/host.html", host="baohaiphong.test"))
    except FetchRefused as error:
        assert error.reason == "network"
    else:
        assert route.last_headers["host"] == f"baohaiphong.test:{server.port}"
    assert backend.attempts == [("127.0.0.9", server.port)]
    assert resolver.calls == ["baohaiphong.test"]


class _NoTLSStream(httpcore.AsyncNetworkStream):
    """A stream that records the TLS handshake it is asked for and refuses it."""

    def __init__(self, log: list[str | None]) -> None:
        self.log = log

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's signature
    ) -> httpcore.AsyncNetworkStream:
        self.log.append(server_hostname)
        raise httpcore.ConnectError("no TLS in tests")

    async def aclose(self) -> None:
        return None


class _RecordingBackend(httpcore.AsyncNetworkBackend):
    """Opens nothing at all: records the address and hands out a `_NoTLSStream`."""

    def __init__(self) -> None:
        self.connects: list[tuple[str, int]] = []
        self.tls: list[str | None] = []

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's signature
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        self.connects.append((host, port))
        return _NoTLSStream(self.tls)


async def test_tls_is_negotiated_for_the_host_name_on_the_checked_address() -> None:
    recording = _RecordingBackend()
    resolver = StubResolver({"tin.example.vn": ["127.0.0.5"]})
    async with Fetcher(
        resolver=resolver, allowed_networks=["127.0.0.0/8"], network_backend=recording
    ) as fetcher:
        error = await refusal(fetcher, "https://tin.example.vn/bai-viet")
    assert error.reason == "network"
    assert recording.connects == [("127.0.0.5", 443)]
    assert recording.tls == ["tin.example.vn"]


async def test_the_next_address_is_tried_when_one_does_not_answer(
    server: WebServer, make_fetcher: Callable[..., Fetcher], backend: LoopbackOnlyBackend
) -> None:
    server.static("/two.html", b"<title>two</title>")
    resolver = StubResolver({"hai.test": ["::1", "127.0.0.1"]})
    fetcher = make_fetcher(resolver=resolver, allowed_networks=["127.0.0.0/8", "::1/128"])
    fetched = await fetcher.get(server.url("/two.html", host="hai.test"))
    assert fetched.content == b"<title>two</title>"
    assert backend.attempts[-1] == ("127.0.0.1", server.port)


# --- redirects ------------------------------------------------------------------------------


def chain(server: WebServer, name: str, hops: int) -> Route:
    """``/name/0`` redirects to ``/name/1`` ... ``/name/{hops}``, which is a page."""
    for hop in range(hops):
        status = (301, 302, 303, 307, 308)[hop % 5]
        target = f"{hop + 1}" if hop % 2 else f"/{name}/{hop + 1}"  # relative and absolute
        server.redirect(f"/{name}/{hop}", target, status=status)
    return server.static(f"/{name}/{hops}", b"<title>end</title>")


async def test_five_redirects_are_followed(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    end = chain(server, "five", 5)
    fetched = await make_fetcher(allow_private=True).get(server.url("/five/0"))
    assert fetched.url == server.url("/five/5")
    assert end.hits == 1


async def test_a_sixth_redirect_is_refused(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    end = chain(server, "six", 6)
    error = await refusal(make_fetcher(allow_private=True), server.url("/six/0"))
    assert error.reason == "too_many_redirects"
    assert end.hits == 0


async def test_redirect_loops_end(server: WebServer, make_fetcher: Callable[..., Fetcher]) -> None:
    loop = server.redirect("/loop", "/loop")
    error = await refusal(make_fetcher(allow_private=True, max_redirects=3), server.url("/loop"))
    assert error.reason == "too_many_redirects"
    assert loop.hits == 4


async def test_redirects_to_other_schemes_and_without_location(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    server.redirect("/to-file", "file:///etc/passwd")
    server.static("/no-location", b"", status=302)
    fetcher = make_fetcher(allow_private=True)
    assert (await refusal(fetcher, server.url("/to-file"))).reason == "scheme"
    error = await refusal(fetcher, server.url("/no-location"))
    assert (error.reason, error.status) == ("http_status", 302)


# --- status codes ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 403, 404, 410, 429, 500, 502, 503])
async def test_error_statuses_are_refused(
    server: WebServer, make_fetcher: Callable[..., Fetcher], status: int
) -> None:
    server.static(f"/status/{status}", b"<title>loi</title>", status=status)
    error = await refusal(make_fetcher(allow_private=True), server.url(f"/status/{status}"))
    assert (error.reason, error.status) == ("http_status", status)


async def test_conditional_get_with_etag(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    route = server.conditional("/feed-etag.xml", "<rss/>", etag='"abc"')
    fetcher = make_fetcher(allow_private=True)
    first = await fetcher.get(server.url("/feed-etag.xml"))
    assert (first.status, first.content, first.etag) == (200, b"<rss/>", '"abc"')

    again = await fetcher.get(server.url("/feed-etag.xml"), etag=first.etag)
    assert (again.status, again.content, again.etag) == (304, b"", '"abc"')
    assert route.last_headers["if-none-match"] == '"abc"'
    assert (route.hits, route.not_modified) == (2, 1)

    changed = await fetcher.get(server.url("/feed-etag.xml"), etag='"old"')
    assert changed.status == 200
    assert route.not_modified == 1


async def test_conditional_get_with_last_modified(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    stamp = "Thu, 20 Jun 2024 02:59:00 GMT"
    route = server.conditional("/feed-lm.xml", "<rss/>", last_modified=stamp)
    fetcher = make_fetcher(allow_private=True)
    first = await fetcher.get(server.url("/feed-lm.xml"))
    assert first.last_modified == stamp
    again = await fetcher.get(server.url("/feed-lm.xml"), last_modified=first.last_modified)
    assert (again.status, again.content) == (304, b"")
    assert route.last_headers["if-modified-since"] == stamp
    assert route.not_modified == 1


# --- size and time --------------------------------------------------------------------------


async def test_declared_huge_body_is_refused_before_reading(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    route = server.huge("/huge-declared", 50 * MB)
    started = time.monotonic()
    error = await refusal(make_fetcher(allow_private=True), server.url("/huge-declared"))
    assert error.reason == "too_large"
    assert time.monotonic() - started < 2
    assert route.sent_bytes < 20 * MB


async def test_undeclared_huge_body_is_cut_off_with_bounded_memory(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    route = server.huge("/huge-streamed", 50 * MB, declare_length=False)
    fetcher = make_fetcher(allow_private=True)
    tracemalloc.start()
    try:
        started = time.monotonic()
        error = await refusal(fetcher, server.url("/huge-streamed"))
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.reason == "too_large"
    assert elapsed < 3
    assert peak < 16 * MB
    await asyncio.sleep(0.2)
    assert not route.finished
    assert route.sent_bytes < 50 * MB


async def test_gzip_bomb_is_cut_off(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    bomb = gzip.compress(b"\0" * (50 * MB), compresslevel=9)
    assert len(bomb) < MB
    server.static("/bomb.html", bomb, headers={"content-encoding": "gzip"})
    tracemalloc.start()
    try:
        error = await refusal(make_fetcher(allow_private=True), server.url("/bomb.html"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.reason == "too_large"
    assert peak < 16 * MB


async def test_small_limit_is_exact(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    server.static("/ten.html", b"0123456789")
    fetched = await make_fetcher(allow_private=True, max_bytes=10).get(server.url("/ten.html"))
    assert fetched.content == b"0123456789"
    error = await refusal(make_fetcher(allow_private=True, max_bytes=9), server.url("/ten.html"))
    assert error.reason == "too_large"


async def test_a_never_ending_body_is_cut_off_at_the_deadline(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    route = server.trickle("/trickle.html", interval=0.05)
    started = time.monotonic()
    error = await refusal(make_fetcher(allow_private=True, timeout=1), server.url("/trickle.html"))
    elapsed = time.monotonic() - started
    assert error.reason == "timeout"
    assert 0.9 <= elapsed < 2.5
    assert route.sent_bytes > 0


async def test_a_server_that_never_answers_times_out(
    make_fetcher: Callable[..., Fetcher],
) -> None:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never says anything
    try:
        port = listener.getsockname()[1]
        started = time.monotonic()
        fetcher = make_fetcher(allow_private=True, timeout=0.5)
        error = await refusal(fetcher, f"http://127.0.0.1:{port}/")
        assert error.reason == "timeout"
        assert time.monotonic() - started < 2.0
    finally:
        listener.close()


async def test_connection_refused_is_a_network_error(make_fetcher: Callable[..., Fetcher]) -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nobody listens there now
    error = await refusal(make_fetcher(allow_private=True), f"http://127.0.0.1:{port}/")
    assert error.reason == "network"


async def test_concurrency_is_bounded(
    server: WebServer, make_fetcher: Callable[..., Fetcher]
) -> None:
    active = 0
    most = 0

    async def slow(request: Request, route: Route) -> Response:
        nonlocal active, most
        active += 1
        most = max(most, active)
        await asyncio.sleep(0.15)
        active -= 1
        return Response(b"<title>cham</title>", media_type="text/html")

    server.route("/slow.html", slow)
    fetcher = make_fetcher(allow_private=True, concurrency=2)
    results = await asyncio.gather(*(fetcher.get(server.url("/slow.html")) for _ in range(6)))
    assert all(r.status == 200 for r in results)
    assert most == 2


# --- the test server itself -----------------------------------------------------------------


def test_the_web_server_serves_sync_clients_too(server: WebServer) -> None:
    page = server.static("/sync.html", "<title>Đồng bộ</title>", headers={"x-tin": "1"})
    server.redirect("/sync-moved", "/sync.html", status=301)
    feed = server.conditional("/sync.xml", "<rss/>", etag='W/"7"')
    with httpx.Client(base_url=server.base_url, trust_env=False) as client:
        answer = client.get("/sync-moved", follow_redirects=True)
        assert answer.text == "<title>Đồng bộ</title>"
        assert answer.headers["x-tin"] == "1"
        assert client.get("/sync.xml", headers={"if-none-match": 'W/"7"'}).status_code == 304
        assert client.get("/no-such-page").status_code == 404
    assert (page.hits, feed.hits, feed.not_modified) == (1, 1, 1)
