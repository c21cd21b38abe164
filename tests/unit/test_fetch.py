"""The careful fetcher: plain fetches, redirects, status codes and 304s, size and time limits.

Which schemes, URLs and addresses it refuses, and how it connects to the address it checked, are
in test_fetch_addresses.py.

Every fetcher here connects through `LoopbackOnlyBackend`, so nothing ever leaves 127.0.0.0/8;
host names come from `StubResolver`. The fixtures (`server`, `backend`, `make_fetcher`) are in
tests/unit/conftest.py.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import time
import tracemalloc
import zlib
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from starlette.requests import Request
from starlette.responses import Response

from handlers.news.fetch import Fetcher, FetchRefused
from tests.unit.fetch_support import refusal
from tests.webserver import Route, WebServer

MB = 1024 * 1024


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


# --- downloads to a file ---------------------------------------------------------------------


async def test_a_download_streams_the_body_to_a_file_past_the_page_limit(
    server: WebServer, make_fetcher: Callable[..., Fetcher], tmp_path: Path
) -> None:
    body = b"%PDF-1.4 " + b"7" * (3 * MB)
    server.static(
        "/paper.pdf",
        body,
        content_type="application/pdf",
        headers={"content-disposition": 'attachment; filename="bai.pdf"'},
    )
    server.redirect("/share/1", "/paper.pdf")
    fetcher = make_fetcher(allow_private=True)  # pages: 2 MB at most
    target = tmp_path / "download"
    done = await fetcher.download(server.url("/share/1"), target, max_bytes=20 * MB)
    assert target.read_bytes() == body and done.size == len(body)
    assert done.url == server.url("/paper.pdf") and done.content_type == "application/pdf"
    assert done.disposition == 'attachment; filename="bai.pdf"'


async def test_a_download_over_its_cap_is_cut_off_with_bounded_memory(
    server: WebServer, make_fetcher: Callable[..., Fetcher], tmp_path: Path
) -> None:
    route = server.huge("/huge.pdf", 60 * MB, declare_length=False)
    tracemalloc.start()
    try:
        with pytest.raises(FetchRefused) as caught:
            await make_fetcher(allow_private=True).download(
                server.url("/huge.pdf"), tmp_path / "d", max_bytes=20 * MB
            )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.reason == "too_large"
    assert peak < 16 * MB and (tmp_path / "d").stat().st_size <= 20 * MB
    assert not route.finished


async def test_a_download_refuses_a_private_address_unless_allowed(
    server: WebServer, make_fetcher: Callable[..., Fetcher], tmp_path: Path
) -> None:
    route = server.static("/local.pdf", b"%PDF-1.4", content_type="application/pdf")
    with pytest.raises(FetchRefused) as caught:
        await make_fetcher().download(server.url("/local.pdf"), tmp_path / "d", max_bytes=MB)
    assert caught.value.reason == "private_address" and route.hits == 0


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
