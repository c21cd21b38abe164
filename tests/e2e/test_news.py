"""News links end to end: `/tin` reads a page served on 127.0.0.1, the organiser previews the
card, and every group gets the picture with the card and a [Đọc bài viết] button; pages that
cannot be read offer the bare link; addresses Loa must not read are refused with nothing sent.

The portal page is `tests/pages/portal_tohieu.html` (the seed's article on a school's portal).
Loopback pages are allowed with `LOA_ALLOW_PRIVATE_URLS=true`, except in the test that checks the
refusal of a loopback address."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handlers.news.fetch import Fetcher
from storage.db import make_engine, make_sessionmaker
from storage.models import Announcement
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_feeds import png
from tests.e2e.test_foundation import build_cluster
from tests.webserver import WebServer

PAGES = Path(__file__).parent.parent / "pages"
ARTICLE = "/tin-tuc-su-kien/hoat-dong-cua-truong/hoi-nghi-so-ket-cum-thi-dua-so-3"
IMAGE = "/Portals/0/Images/2024/06/hoi-nghi-so-ket-cum-thi-dua-3.jpg"
TITLE = "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 Cụm thi đua số 3"


@pytest.fixture
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


@pytest.fixture(autouse=True)
def _private_urls(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    allowed = "private_refused" not in request.node.name
    monkeypatch.setenv("LOA_ALLOW_PRIVATE_URLS", "true" if allowed else "false")


def shown(message: dict) -> str:  # type: ignore[type-arg]
    return str(message.get("text") or message.get("caption") or "")


def buttons(message: dict) -> list[dict]:  # type: ignore[type-arg]
    return [
        b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row
    ]


async def rows(c: Cluster, model: type) -> int:
    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)
    finally:
        await engine.dispose()


async def test_a_news_link_reaches_every_group_as_a_photo_card(
    cluster: Cluster, web: WebServer
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=3, extra_groups=0)
    web.static(ARTICLE, PAGES / "portal_tohieu.html")
    picture = web.static(IMAGE, png(), content_type="image/png")
    url = web.url(ARTICLE)

    [preview] = await c.say(org, org["id"], f"/tin {url} | tất cả")
    text = shown(preview)
    assert "Xem trước tin bài #1" in text and "(kèm ảnh)" in text and "3 nhóm" in text
    assert TITLE in text and "09:59, Thứ Năm 20/06/2024 · Trường Chính trị Tô Hiệu" in text
    assert "Sáng ngày 19/6/2024, tại Trường Chính trị Tô Hiệu" in text
    assert [b["callback_data"] for b in buttons(preview)] == ["n:go:1", "n:no:1"]
    for gid in groups:
        assert all("TIN BÀI" not in shown(m) for m in await c.client.bot_messages(gid))

    query = await c.client.press_button(org["id"], org["id"], preview["message_id"], "n:go:1")
    assert "Đã xác nhận gửi #1" in str((await c.client.wait_callback_answer(query)) or {})
    for gid in groups:
        messages = await c.client.wait_bot_messages(gid, 3, timeout=10)  # greeting, link, card
        cards = [m for m in messages if "TIN BÀI #1" in shown(m)]
        assert len(cards) == 1
        card = cards[0]
        assert card.get("photo"), "the card goes as a photo with the article's picture"
        assert TITLE in card["caption"] and "Trường Chính trị Tô Hiệu" in card["caption"]
        [read] = buttons(card)
        assert read["text"] == "📖 Đọc bài viết" and read["url"].endswith(ARTICLE)
        stored = await c.client.file_bytes(card["photo"][-1]["file_id"])
        assert stored == png()
    assert picture.hits == len(groups)  # the platform fetched the picture for each card


async def test_an_unreadable_page_offers_the_bare_link(cluster: Cluster, web: WebServer) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=2, extra_groups=0)
    web.static("/mat-trang.html", "<h1>Không tìm thấy</h1>", status=404)
    url = web.url("/mat-trang.html")

    [reply] = await c.say(org, org["id"], f"/tin {url} | T01")
    assert "Không đọc được trang" in shown(reply) and "máy chủ báo lỗi" in shown(reply)
    assert [b["text"] for b in buttons(reply)] == ["🔗 Gửi đường dẫn", "✖️ Huỷ"]

    query = await c.client.press_button(org["id"], org["id"], reply["message_id"], "n:go:1")
    await c.client.wait_callback_answer(query)
    [_, _, card] = await c.client.wait_bot_messages(groups[0], 3, timeout=10)
    assert shown(card) == f"📰 TIN BÀI #1\n{url}"
    assert buttons(card)[0]["url"] == url
    assert all("TIN BÀI" not in shown(m) for m in await c.client.bot_messages(groups[1]))


async def test_a_picture_the_platform_cannot_fetch_leaves_a_text_card(
    cluster: Cluster, web: WebServer
) -> None:
    c, org = cluster, cluster.organiser
    [gid] = await build_cluster(c, units=1, extra_groups=0)
    web.static(ARTICLE, PAGES / "portal_tohieu.html")  # its picture is not served: 404
    [_preview] = await c.say(org, org["id"], f"/tin {web.url(ARTICLE)} | tất cả!")
    messages = await c.client.wait_bot_messages(gid, 3, timeout=10)
    [card] = [m for m in messages if "TIN BÀI #1" in shown(m)]
    assert not card.get("photo") and TITLE in card["text"]
    assert buttons(card)[0]["text"] == "📖 Đọc bài viết"


async def refused(c: Cluster, command: str, expected: str, *, bare_offer: bool = False) -> float:
    """Send `command`; its one reply must contain `expected` (and offer the bare link only when
    the page was merely unreadable); returns the seconds it took."""
    org = c.organiser
    started = time.monotonic()
    [reply] = await c.say(org, org["id"], command)
    assert expected in shown(reply), shown(reply)
    offered = [b["text"] for b in buttons(reply)]
    assert offered == (["🔗 Gửi đường dẫn", "✖️ Huỷ"] if bare_offer else [])
    return time.monotonic() - started


async def test_addresses_loa_must_not_read_are_refused(cluster: Cluster) -> None:
    c = cluster
    await build_cluster(c, units=1, extra_groups=0)
    await refused(c, "/tin file:///etc/passwd | tất cả", "chỉ đọc trang web http://")
    await refused(c, "/tin ftp://example.com/tin.html | tất cả", "chỉ đọc trang web http://")
    await refused(c, "/tin javascript:alert(1) | tất cả", "chỉ đọc trang web http://")
    await refused(c, "/tin trang-tin | tất cả", "không phải là một đường dẫn hợp lệ")
    assert await rows(c, Announcement) == 0


async def test_loopback_address_private_refused_without_a_connection(
    cluster: Cluster, web: WebServer
) -> None:
    c = cluster
    await build_cluster(c, units=1, extra_groups=0)
    page = web.static(ARTICLE, PAGES / "portal_tohieu.html")
    await refused(c, f"/tin {web.url(ARTICLE)} | tất cả", "thuộc mạng nội bộ")
    await refused(c, f"/tin {web.url(ARTICLE, host='localhost')} | tất cả", "thuộc mạng nội bộ")
    assert page.hits == 0
    assert await rows(c, Announcement) == 0


async def test_huge_and_endless_pages_are_refused_within_the_limits(
    cluster: Cluster, web: WebServer
) -> None:
    c = cluster
    await c.stop()
    c.fetcher = Fetcher(allow_private=True, timeout=1.5)
    await c.start()
    groups = await build_cluster(c, units=1, extra_groups=0)
    huge = web.huge("/lon.html", 50 * 1024 * 1024, declare_length=False)
    web.trickle("/cham.html")
    took = await refused(
        c, f"/tin {web.url('/lon.html')} | tất cả", "trang quá lớn", bare_offer=True
    )
    # The reading stopped at the limit: the server never got to the end of its 50 MB.
    assert huge.sent_bytes < 25 * 1024 * 1024 and not huge.finished and took < 8
    took = await refused(
        c, f"/tin {web.url('/cham.html')} | tất cả", "không trả lời", bare_offer=True
    )
    assert took < 8  # the fetcher's limit is 1.5 s here; the rest is chat round trips
    # Refused pages still leave the bare link as an option, never a card sent on their own.
    assert all("TIN BÀI" not in shown(m) for m in await c.client.bot_messages(groups[0]))
    await c.fetcher.aclose()


async def test_a_slow_site_does_not_hold_up_commands_or_deliveries(
    cluster: Cluster, web: WebServer
) -> None:
    c, org = cluster, cluster.organiser
    await c.stop()
    c.fetcher = Fetcher(allow_private=True, timeout=4.0)
    await c.start()
    groups = await build_cluster(c, units=2, extra_groups=0)
    slow = web.trickle("/cham.html", interval=0.2)
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], f"/tin {web.url('/cham.html')} | tất cả")
    await wait_until(lambda: _started(slow))
    started = time.monotonic()
    [listing] = await c.say(org, org["id"], "/ds")
    assert "TIN BÀI" not in shown(listing)
    await c.say(org, org["id"], "/thongbao Họp giao ban sáng thứ Hai | tất cả!", replies=1)
    for gid in groups:
        await c.client.wait_bot_messages(gid, 3, timeout=5)  # greeting, link, the notice
    assert time.monotonic() - started < 3, "answered and delivered while the site was slow"
    assert len(await c.client.bot_messages(org["id"])) == before + 2  # /tin still waiting
    await c.client.wait_bot_messages(org["id"], before + 3, timeout=10)
    assert "không trả lời" in shown((await c.client.bot_messages(org["id"]))[-1])
    await c.fetcher.aclose()


async def _started(route: object) -> bool:
    return bool(getattr(route, "hits", 0))
