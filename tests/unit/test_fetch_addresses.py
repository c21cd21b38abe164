"""Where the careful fetcher may go: schemes and URLs, private addresses (refused before
connecting), DNS, and connecting to the very address it checked, TLS included.

Every fetcher here connects through `LoopbackOnlyBackend`, so nothing ever leaves 127.0.0.0/8;
host names come from `StubResolver`. The fixtures (`server`, `backend`, `make_fetcher`) are in
tests/unit/conftest.py.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable
from typing import Any

import httpcore
import pytest

from handlers.news.fetch import Fetcher, FetchRefused, is_public_address, safe_url, system_resolver
from tests.unit.fetch_support import refusal
from tests.webserver import LoopbackOnlyBackend, StubResolver, WebServer

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
