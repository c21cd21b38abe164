"""Watched feeds end to end: the real bot, the emulator, and an RSS 2.0 and an Atom feed served
from 127.0.0.1 (allowed by `LOA_ALLOW_PRIVATE_URLS=true`, as the test server is on loopback).

The checks run on the bot's own clock, moved forward by the test (`SkewedClock`): the test calls
`poll_due` itself after each move instead of waiting for the one-minute sweep, whose job it first
checks is armed and then removes so that nothing else checks the feeds meanwhile.
"""

from __future__ import annotations

import asyncio
import struct
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from handlers.news import feeds
from handlers.news.feeds import Check
from storage.models import Feed, FeedItem
from tests.e2e.conftest import Cluster, SkewedClock, wait_until
from tests.e2e.test_foundation import build_cluster
from tests.feed_samples import (
    ATOM_FILE,
    ATOM_TYPE,
    RSS_FILE,
    RSS_TYPE,
    atom_entry,
    atom_with,
    rss_item,
    rss_with,
)
from tests.webserver import WebServer

HEADER = "📰 TIN BÀI #"
ATOM_MODIFIED = "Thu, 20 Jun 2024 03:00:00 GMT"


def png(width: int = 8, height: int = 6) -> bytes:
    """A small valid PNG (the picture of a feed item)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xc0\x10\x10" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def _private_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOA_ALLOW_PRIVATE_URLS", "true")


@pytest.fixture
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


def take_over_checks(c: Cluster) -> None:
    """The sweep job is armed every minute; from here on the test runs the checks itself."""
    assert c.loa is not None
    job = c.loa.timers.scheduler.get_job("feed-poll")
    assert job is not None and job.trigger.interval == timedelta(seconds=feeds.SWEEP_SECONDS)
    job.remove()


async def check_now(c: Cluster, clock: SkewedClock, minutes: float = 31) -> dict[int, Check]:
    """Move the bot's clock on and check every feed that is due."""
    assert c.loa is not None and c.loa.env is not None
    clock.offset += timedelta(minutes=minutes)
    return {check.feed_id: check for check in await feeds.poll_due(c.loa.env)}


async def news_in(c: Cluster, chat_id: int) -> list[dict]:  # type: ignore[type-arg]
    return [m for m in await c.client.bot_messages(chat_id) if m["text"].startswith(HEADER)]


async def feed_row(c: Cluster, feed_id: int) -> Feed:
    assert c.loa is not None and c.loa.env is not None
    async with c.loa.env.sessions() as session:
        feed = await session.get(Feed, feed_id)
        assert feed is not None
        return feed


async def items_seen(c: Cluster) -> int:
    assert c.loa is not None and c.loa.env is not None
    async with c.loa.env.sessions() as session:
        return await session.scalar(select(func.count()).select_from(FeedItem)) or 0


async def test_watched_feeds_post_each_new_item_once_across_restarts_and_pause_when_broken(
    cluster: Cluster, web: WebServer
) -> None:
    c, org = cluster, cluster.organiser
    await c.stop()
    clock = SkewedClock(timedelta(0))
    c.clock = clock
    await c.start()
    take_over_checks(c)
    groups = await build_cluster(c, units=3, extra_groups=0)

    rss = web.conditional("/rss/tin-hoat-dong.rss", RSS_FILE.read_bytes(), etag='"v1"')
    rss_url = web.url("/rss/tin-hoat-dong.rss")
    atom = web.conditional(
        "/feed/atom", ATOM_FILE.read_bytes(), last_modified=ATOM_MODIFIED, content_type=ATOM_TYPE
    )
    atom_url = web.url("/feed/atom")

    # /nguon them reads each feed before saving it, and refuses what is not a feed
    web.static("/trang-chu", "<!doctype html><html><head><title>Trang chủ</title></head></html>")
    (refused,) = await c.say(org, org["id"], f"/nguon them {web.url('/trang-chu')} | tất cả")
    assert "không phải nguồn tin RSS hay Atom" in refused["text"]
    assert "Không có gì được lưu." in refused["text"]
    (added,) = await c.say(org, org["id"], f"/nguon them {rss_url} | tất cả | mỗi 30 phút")
    assert added["text"].startswith(
        "✅ Đã thêm nguồn tin #1: Trường Chính trị Tô Hiệu - Tin hoạt động"
    )
    assert "Đối tượng: tất cả (3 nhóm) · kiểm tra mỗi 30 phút" in added["text"]
    assert "Nguồn đang có 3 tin" in added["text"]
    (added,) = await c.say(org, org["id"], f"/feeds them {atom_url} | T01 | mỗi 15 phút")
    assert added["text"].startswith(
        "✅ Đã thêm nguồn tin #2: Trường Đào tạo cán bộ Lê Hồng Phong — Tin tức"
    )
    assert (rss.hits, atom.hits, await items_seen(c)) == (1, 1, 5)

    # the first check: both servers answer 304; the check is recorded, nothing is parsed
    before = (await feed_row(c, 1)).last_checked_at
    checks = await check_now(c, clock)
    assert {i: ch.status for i, ch in checks.items()} == {1: "not_modified", 2: "not_modified"}
    assert (rss.not_modified, atom.not_modified) == (1, 1)
    assert rss.last_headers["if-none-match"] == '"v1"'
    assert atom.last_headers["if-modified-since"] == ATOM_MODIFIED
    after = (await feed_row(c, 1)).last_checked_at
    assert before is not None and after is not None and after - before >= timedelta(minutes=31)
    assert await items_seen(c) == 5

    # new items: one card per target group, the RSS item with its picture
    web.static("/img/tong-ket.png", png(), content_type="image/png")
    title = "Trường Chính trị Tô Hiệu tổng kết năm học 2023–2024"
    rss_body = rss_with(
        rss_item(
            "tohieu-tin-2024-0701-01",
            title,
            "https://truongchinhtritohieu.edu.vn/tin-tuc/tong-ket-nam-hoc-2023-2024.html",
            datetime(2024, 7, 1, 2, 0, tzinfo=UTC),
            "Sáng 1/7, Nhà trường tổ chức <b>hội nghị tổng kết</b> năm học 2023–2024.",
            web.url("/img/tong-ket.png"),
        )
    )
    rss = web.conditional("/rss/tin-hoat-dong.rss", rss_body, etag='"v2"', content_type=RSS_TYPE)
    seminar = "Hội thảo khoa học về công tác thi đua, khen thưởng trong các trường chính trị"
    atom_body = atom_with(
        atom_entry(
            "tag:truonglehongphong.edu.vn,2024-07-02:/tin-tuc/1301",
            seminar,
            "https://truonglehongphong.edu.vn/tin-tuc/hoi-thao-thi-dua.html",
            datetime(2024, 7, 2, 1, 30, tzinfo=UTC),
            "Ngày 2/7, Trường Đào tạo cán bộ Lê Hồng Phong tổ chức hội thảo khoa học.",
        )
    )
    atom = web.conditional(
        "/feed/atom",
        atom_body,
        last_modified="Tue, 02 Jul 2024 01:30:00 GMT",
        content_type=ATOM_TYPE,
    )
    checks = await check_now(c, clock)
    assert (checks[1].posted, checks[2].posted) == (1, 1)

    async def cards_arrived() -> bool:
        counts = [len(await news_in(c, g)) for g in groups]
        return counts == [2, 1, 1]

    await wait_until(cards_arrived, within=20)
    for gid in groups:
        (card,) = [m for m in await news_in(c, gid) if title in m["text"]]
        assert card["photo"], "the item's picture is shown"
        lines = card["text"].split("\n")
        assert lines[1] == title
        assert lines[2] == "🗓 09:00, Thứ Hai 01/07/2024 · Trường Chính trị Tô Hiệu - Tin hoạt động"
        assert lines[3] == "Sáng 1/7, Nhà trường tổ chức hội nghị tổng kết năm học 2023–2024."
        button = card["reply_markup"]["inline_keyboard"][0][0]
        assert button["text"] == "📖 Đọc bài viết"
        assert button["url"].endswith("/tin-tuc/tong-ket-nam-hoc-2023-2024.html")
    (atom_card,) = [m for m in await news_in(c, groups[0]) if seminar in m["text"]]
    assert atom_card["photo"] is None
    assert "Trường Đào tạo cán bộ Lê Hồng Phong — Tin tức" in atom_card["text"]

    # a restart: the same items are read in full again (no validators), none is posted again
    await c.restart()
    take_over_checks(c)
    web.static("/rss/tin-hoat-dong.rss", rss_body, content_type=RSS_TYPE)
    web.static("/feed/atom", atom_body, content_type=ATOM_TYPE)
    checks = await check_now(c, clock)
    assert [(ch.status, ch.new, ch.posted) for ch in checks.values()] == [("read", 0, 0)] * 2
    await asyncio.sleep(1.0)
    assert [len(await news_in(c, g)) for g in groups] == [2, 1, 1]

    # ten failed checks in a row pause the RSS feed and the organiser is told
    broken = web.static("/rss/tin-hoat-dong.rss", "Service Unavailable", status=503)
    in_private = len(await c.client.bot_messages(org["id"]))
    for _ in range(10):
        checks = await check_now(c, clock)
    assert checks[1].status == "paused" and checks[2].status == "read"
    (alert,) = (await c.client.wait_bot_messages(org["id"], in_private + 1, timeout=10))[
        in_private:
    ]
    assert alert["text"] == (
        "⚠️ Nguồn tin #1 «Trường Chính trị Tô Hiệu - Tin hoạt động» đã tạm dừng sau 10 lần kiểm "
        "tra lỗi liên tiếp (lỗi gần nhất: máy chủ trả lời lỗi 503). Khi nguồn hoạt động trở lại, "
        "bật lại bằng /nguon bat 1."
    )
    checks = await check_now(c, clock)
    assert 1 not in checks and broken.hits == 10
    (listing,) = await c.say(org, org["id"], "/nguon")
    assert "#1 Trường Chính trị Tô Hiệu - Tin hoạt động — ⏸ tạm dừng" in listing["text"]
    assert "⚠️ Lỗi: máy chủ trả lời lỗi 503 (10 lần liên tiếp)" in listing["text"]
    assert "#2 Trường Đào tạo cán bộ Lê Hồng Phong — Tin tức — đang theo dõi" in listing["text"]
    assert "đã đăng 1 tin" in listing["text"]

    # /nguon bat resumes it: the next check posts what is new, once
    (resumed,) = await c.say(org, org["id"], "/nguon bat 1")
    assert resumed["text"].startswith("▶️ Đã bật lại nguồn tin #1")
    exam = "Thông báo lịch thi kết thúc học phần tháng 8/2024"
    rss_body = rss_with(
        rss_item(
            "tohieu-tin-2024-0710-01",
            exam,
            "https://truongchinhtritohieu.edu.vn/thong-bao/lich-thi-thang-8-2024.html",
            datetime(2024, 7, 10, 9, 0, tzinfo=UTC),
            "Phòng Quản lý đào tạo thông báo lịch thi tháng 8/2024.",
        )
    )
    web.static("/rss/tin-hoat-dong.rss", rss_body, content_type=RSS_TYPE)
    checks = await check_now(c, clock, minutes=1)
    assert (checks[1].status, checks[1].new, checks[1].posted) == ("read", 1, 1)

    async def exam_arrived() -> bool:
        return [len(await news_in(c, g)) for g in groups] == [3, 2, 2]

    await wait_until(exam_arrived, within=20)

    # /nguon xoa stops it: its server is not asked again, nothing more is posted
    (removed,) = await c.say(org, org["id"], "/nguon xoa 1")
    assert removed["text"].startswith("Đã xoá nguồn tin #1")
    stopped = web.static(
        "/rss/tin-hoat-dong.rss",
        rss_with(
            rss_item(
                "tohieu-tin-2024-0715-01",
                "Tin sau khi xoá nguồn",
                "https://truongchinhtritohieu.edu.vn/tin-tuc/sau-khi-xoa.html",
                datetime(2024, 7, 15, 9, 0, tzinfo=UTC),
            ),
        ),
        content_type=RSS_TYPE,
    )
    checks = await check_now(c, clock)
    assert 1 not in checks and stopped.hits == 0
    await asyncio.sleep(1.0)
    assert [len(await news_in(c, g)) for g in groups] == [3, 2, 2]
    (listing,) = await c.say(org, org["id"], "/nguon")
    assert "Nguồn tin đang theo dõi (1)" in listing["text"] and "#1 " not in listing["text"]
