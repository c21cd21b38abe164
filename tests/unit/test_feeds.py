"""Watched feeds on a real database (SQLite and PostgreSQL) and a local web server: `/nguon`
forms and refusals, validation before saving, checks that post each new item once, conditional
GETs, the keyword filter, the cap per check, pausing after ten failures, resuming, removing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from handlers import router
from handlers.core import Membership, Request
from handlers.forms import FormError
from handlers.news.feeds import is_due, parse_interval, poll_due, poll_feed
from handlers.news.fetch import Fetcher
from storage.models import (
    Announcement,
    AnnouncementKind,
    Feed,
    FeedItem,
    FeedState,
    NewsPost,
    Outbox,
)
from tests.feed_samples import ATOM_FILE, ATOM_TYPE, RSS_FILE, RSS_TYPE, rss_item, rss_with
from tests.support import Harness, command, group_chat, make_harness, person
from tests.webserver import WebServer

MEMBER = person("5000000077", "Trần Thị Bình")
NEW_TITLE = "Trường Chính trị Tô Hiệu tổng kết năm học 2023–2024"


@pytest.fixture
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


@pytest.fixture
async def h(db_url: str) -> AsyncIterator[Harness]:
    harness = await make_harness(db_url)
    harness.env.fetcher = Fetcher(allow_private=True)
    try:
        yield harness
    finally:
        await harness.env.fetcher.aclose()
        await harness.engine.dispose()


async def run(h: Harness, args: str, *, who: object = None) -> str:
    req = command("nguon", args, who=who) if who else command("nguon", args)  # type: ignore[arg-type]
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


async def cluster(h: Harness, n: int = 2) -> None:
    """Units U1…Un, each with a linked group."""
    for i in range(1, n + 1):
        reply = await router.handle_command(
            h.env, command("donvi", f"them U{i} | Trường Chính trị số {i}")
        )
        assert reply is not None and "Đã thêm đơn vị" in reply.text
        where = group_chat(f"-40000000{i:02d}", f"Nhóm U{i}")
        joined = Request(sender=person(), chat=where, membership=Membership.JOINED)
        await router.handle_membership(h.env, joined)
        linked = await router.handle_command(h.env, command("nhom", f"U{i}", where=where))
        assert linked is not None and "đã được liên kết" in linked.text


async def one_feed(h: Harness) -> Feed:
    async with h.env.sessions() as session:
        feed = await session.scalar(select(Feed))
        assert feed is not None
        return feed


async def item_count(h: Harness) -> int:
    async with h.env.sessions() as session:
        return await session.scalar(select(func.count()).select_from(FeedItem)) or 0


async def news_cards(h: Harness) -> list[Outbox]:
    """Outbox rows of news announcements (the cards written for the groups)."""
    async with h.env.sessions() as session:
        rows = await session.scalars(
            select(Outbox)
            .join(Announcement, Announcement.id == Outbox.announcement_id)
            .where(Announcement.kind == AnnouncementKind.NEWS)
            .order_by(Outbox.id)
        )
        return list(rows.all())


async def later(h: Harness, minutes: float = 31) -> None:
    h.clock.advance(minutes=minutes)


def new_item(n: int, title: str = NEW_TITLE, summary: str = "") -> str:
    return rss_item(
        f"tohieu-tin-2024-07-{n:02d}",
        title,
        f"https://truongchinhtritohieu.edu.vn/tin-tuc/bai-{n}.html",
        datetime(2024, 7, 1, 8, 0, tzinfo=UTC) + timedelta(hours=n),
        summary or "Sáng nay, Nhà trường tổ chức hội nghị tổng kết năm học.",
    )


# --- forms and refusals (nothing is fetched, nothing saved) ---------------------------------


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("", 30),
        ("mỗi 30 phút", 30),
        ("30 phút", 30),
        ("Mỗi 2 giờ", 120),
        ("mỗi giờ", 60),
        ("mỗi ngày", 1440),
        ("moi 1 tieng ruoi", 90),
        ("5p", 5),
        ("every 45 minutes", 45),
        ("1 tuần", 10080),
    ],
)
def test_intervals_are_read_in_minutes(value: str, minutes: int) -> None:
    assert parse_interval(value) == minutes


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("mỗi 4 phút", "feeds.interval_too_short"),
        ("0 phút", "feeds.bad_interval"),
        ("2 tuần", "feeds.interval_too_long"),
        ("thỉnh thoảng", "feeds.bad_interval"),
        ("mỗi", "feeds.bad_interval"),
    ],
)
def test_bad_intervals_are_refused(value: str, key: str) -> None:
    with pytest.raises(FormError) as err:
        parse_interval(value)
    assert err.value.key == key


def test_a_feed_is_due_once_its_interval_has_passed() -> None:
    now = datetime(2024, 6, 12, 3, 15, tzinfo=UTC)
    assert is_due(30, None, now)
    assert is_due(30, now - timedelta(minutes=30), now)
    assert is_due(30, now - timedelta(minutes=29, seconds=40), now)  # within half a sweep
    assert not is_due(30, now - timedelta(minutes=25), now)
    assert is_due(1, now - timedelta(minutes=5), now)  # never more often than every 5 minutes
    assert not is_due(1, now - timedelta(minutes=3), now)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("them", "Thiếu địa chỉ nguồn tin"),
        ("them ftp://truongchinhtri.vn/rss", "không phải địa chỉ hợp lệ"),
        ("them truongchinhtri.vn/rss", "không phải địa chỉ hợp lệ"),
        ("them https://truongchinhtri.vn:port/rss", "không phải địa chỉ hợp lệ"),
        ("them https://truongchinhtri.vn/rss | tất cả | mỗi 2 phút", "tối thiểu 5 phút"),
        ("them https://truongchinhtri.vn/rss | tất cả | thỉnh thoảng", "Không đọc được chu kỳ"),
        (
            "them https://truongchinhtri.vn/rss | HP",
            "Không có đơn vị mã <b>HP</b>. Các mã đang có: U1, U2",
        ),
        ("them https://truongchinhtri.vn/rss | U1 | 30 phút | thêm", "quá nhiều phần"),
        ("them https://truongchinhtri.vn/rss\nchỉ đăng nếu có: ***", "Từ khoá «***» không hợp lệ"),
        ("them https://truongchinhtri.vn/rss\nđăng hết", "Không hiểu dòng «đăng hết»"),
        ("xoa 99", "Không có nguồn tin #99"),
        ("bat #7", "Không có nguồn tin #7"),
        ("xoa mot", "«mot» không phải số thứ tự nguồn tin"),
    ],
)
async def test_bad_input_is_explained_with_an_example_and_nothing_is_saved(
    h: Harness, args: str, expected: str
) -> None:
    await cluster(h)
    before = await h.counts()
    reply = await run(h, args)
    assert expected in reply
    assert "Ví dụ:\n<code>/nguon them https://" in reply
    assert "chỉ đăng nếu có: thi đua, khen thưởng</code>" in reply
    async with h.env.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Feed)) == 0
    after = await h.counts()
    assert after == before


async def test_a_wrong_verb_shows_how_to_use_the_command(h: Harness) -> None:
    reply = await run(h, "sua 1")
    assert reply.startswith("Cách dùng: <code>/nguon</code> (danh sách)")
    assert "<code>/nguon bat 3</code>" in reply


async def test_only_organisers_may_watch_feeds(h: Harness, web: WebServer) -> None:
    route = web.static("/rss", RSS_FILE, content_type=RSS_TYPE)
    reply = await run(h, f"them {web.url('/rss')}", who=MEMBER)
    assert "chỉ dành cho Ban tổ chức" in reply and "/nguon" in reply
    assert route.hits == 0
    assert await item_count(h) == 0


# --- validation before saving ---------------------------------------------------------------


async def test_a_real_feed_is_saved_with_what_it_holds_marked_as_seen(
    h: Harness, web: WebServer
) -> None:
    await cluster(h)
    route = web.conditional("/rss", RSS_FILE.read_bytes(), etag='"v1"', content_type=RSS_TYPE)
    url = web.url("/rss")
    reply = await run(h, f"them {url} | U1 | mỗi 15 phút\nchỉ đăng nếu có: Thi đua, khen thưởng")
    assert reply.startswith(
        "✅ Đã thêm nguồn tin #1: <b>Trường Chính trị Tô Hiệu - Tin hoạt động</b>"
    )
    assert (
        "Đối tượng: U1 (1 nhóm) · kiểm tra mỗi 15 phút · chỉ đăng nếu có: Thi đua, khen thưởng"
        in (reply)
    )
    assert "Nguồn đang có 3 tin" in reply
    assert "rss+xml" in route.last_headers["accept"]
    feed = await one_feed(h)
    assert (feed.url, feed.interval_minutes, feed.state) == (url, 15, FeedState.ACTIVE)
    assert feed.primed and feed.etag == '"v1"' and feed.keywords == ["Thi đua", "khen thưởng"]
    assert feed.audience_text == "U1" and feed.created_by_id is not None
    assert await item_count(h) == 3
    assert await news_cards(h) == []

    listing = await run(h, "")
    assert "<b>Nguồn tin đang theo dõi (1)</b>" in listing
    assert "<b>#1</b> Trường Chính trị Tô Hiệu - Tin hoạt động — đang theo dõi" in listing
    assert "Kiểm tra lần cuối: 10:15, Thứ Tư 12/06/2024 · đã đăng 0 tin" in listing

    again = await run(h, f"them {url} | tất cả")
    assert f"Nguồn {url} đã được theo dõi (#1). Không có gì thay đổi." in again


async def test_an_atom_feed_is_accepted(h: Harness, web: WebServer) -> None:
    web.static("/atom", ATOM_FILE, content_type=ATOM_TYPE)
    reply = await run(h, f"them {web.url('/atom')} | tất cả | mỗi giờ")
    assert "Đã thêm nguồn tin #1: <b>Trường Đào tạo cán bộ Lê Hồng Phong — Tin tức</b>" in reply
    assert "kiểm tra mỗi 1 giờ" in reply and "Nguồn đang có 2 tin" in reply


@pytest.mark.parametrize(
    ("serve", "reason"),
    [
        (
            lambda web: web.static("/x", "<html><head><title>Trang chủ</title></head></html>"),
            "nội dung không phải nguồn tin RSS hay Atom",
        ),
        (lambda web: web.static("/x", "not here", status=404), "máy chủ trả lời lỗi 404"),
        (lambda web: web.static("/x", "oops", status=500), "máy chủ trả lời lỗi 500"),
        (lambda web: web.huge("/x", 3 * 1024 * 1024), "nội dung quá lớn (trên 2 MB)"),
    ],
    ids=["html", "404", "500", "too-large"],
)
async def test_what_is_not_a_readable_feed_is_refused_and_not_saved(
    h: Harness, web: WebServer, serve: object, reason: str
) -> None:
    serve(web)  # type: ignore[operator]
    reply = await run(h, f"them {web.url('/x')}")
    assert reply.startswith(f"Không thêm được nguồn <code>{web.url('/x')}</code>: {reason}")
    assert "Không có gì được lưu." in reply and "Ví dụ:" in reply
    async with h.env.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Feed)) == 0


async def test_a_feed_on_a_private_address_is_refused_unless_allowed(
    h: Harness, web: WebServer
) -> None:
    assert h.env.fetcher is not None
    await h.env.fetcher.aclose()
    h.env.fetcher = Fetcher()  # as in production: loopback and private networks refused
    route = web.static("/rss", RSS_FILE, content_type=RSS_TYPE)
    reply = await run(h, f"them {web.url('/rss')}")
    assert "địa chỉ thuộc mạng nội bộ, Loa không được phép đọc" in reply
    assert route.hits == 0


# --- checks ---------------------------------------------------------------------------------


async def test_new_items_are_posted_once_to_each_target_group(h: Harness, web: WebServer) -> None:
    await cluster(h, 3)
    route = web.conditional("/rss", RSS_FILE.read_bytes(), etag='"v1"', content_type=RSS_TYPE)
    await run(h, f"them {web.url('/rss')} | U1, U2 | mỗi 30 phút")

    await later(h)
    check = await poll_feed(h.env, 1)
    assert check.status == "not_modified" and route.not_modified == 1
    assert route.last_headers["if-none-match"] == '"v1"'
    assert (await one_feed(h)).last_checked_at == h.clock.now()
    assert await item_count(h) == 3 and await news_cards(h) == []

    image = "https://truongchinhtritohieu.edu.vn/uploads/2024/07/tong-ket.png"
    body = rss_with(
        rss_item(
            "tohieu-tin-2024-0701-01",
            NEW_TITLE,
            "https://truongchinhtritohieu.edu.vn/tin-tuc/tong-ket-nam-hoc.html",
            datetime(2024, 7, 1, 2, 0, tzinfo=UTC),
            "Sáng 1/7, <b>Nhà trường</b> tổng kết năm học & trao danh hiệu <i>thi đua</i>.",
            image,
        )
    )
    route = web.conditional("/rss", body, etag='"v2"', content_type=RSS_TYPE)
    await later(h)
    check = await poll_feed(h.env, 1)
    assert (check.status, check.new, check.posted) == ("read", 1, 1)
    cards = await news_cards(h)
    assert len(cards) == 2 and {c.chat.title for c in cards} == {"Nhóm U1", "Nhóm U2"}
    card = cards[0].payload
    assert card["photo"] == image
    assert f"<b>{NEW_TITLE}</b>" in card["caption"]
    assert "tổng kết năm học &amp; trao danh hiệu thi đua." in card["caption"]
    assert "<i>" not in card["caption"]
    assert card["buttons"][0][0]["url"].endswith("/tin-tuc/tong-ket-nam-hoc.html")
    async with h.env.sessions() as session:
        post = await session.scalar(select(NewsPost))
        assert post is not None and post.feed_id == 1
        assert post.site == "Trường Chính trị Tô Hiệu - Tin hoạt động"
        item = await session.scalar(
            select(FeedItem).where(FeedItem.key == "tohieu-tin-2024-0701-01")
        )
        assert item is not None and item.announcement_id == post.announcement_id
    feed = await one_feed(h)
    assert feed.items_posted == 1 and feed.etag == '"v2"'

    # the same document again, read in full (no validators): nothing new, nothing posted
    web.static("/rss", body, content_type=RSS_TYPE)
    await later(h)
    assert (await poll_feed(h.env, 1)).posted == 0
    assert len(await news_cards(h)) == 2


async def test_two_checks_at_once_post_an_item_once(h: Harness, web: WebServer) -> None:
    await cluster(h, 2)
    web.static("/rss", RSS_FILE, content_type=RSS_TYPE)
    await run(h, f"them {web.url('/rss')}")
    web.static("/rss", rss_with(new_item(1)), content_type=RSS_TYPE)
    await later(h)
    checks = await asyncio.gather(*(poll_feed(h.env, 1) for _ in range(3)))
    assert sum(c.posted for c in checks) == 1
    assert len(await news_cards(h)) == 2  # one card in each of the two groups
    assert (await one_feed(h)).items_posted == 1


async def test_the_first_check_of_a_new_feed_only_marks_items_as_seen(
    h: Harness, web: WebServer
) -> None:
    await cluster(h, 1)
    web.static("/rss", RSS_FILE, content_type=RSS_TYPE)
    await run(h, f"them {web.url('/rss')}")
    async with h.env.sessions() as session:  # as if the feed had never been read
        feed = await session.get(Feed, 1)
        assert feed is not None
        feed.primed = False
        await session.execute(FeedItem.__table__.delete())
        await session.commit()
    web.static("/rss", rss_with(new_item(1)), content_type=RSS_TYPE)
    await later(h)
    check = await poll_feed(h.env, 1)
    assert (check.status, check.new, check.posted) == ("read", 4, 0)
    assert (await one_feed(h)).primed and await news_cards(h) == []


async def test_keywords_decide_which_new_items_are_posted(h: Harness, web: WebServer) -> None:
    await cluster(h, 1)
    web.static("/rss", RSS_FILE, content_type=RSS_TYPE)
    await run(h, f"them {web.url('/rss')}\nchỉ đăng nếu có: thi dua, KHEN THƯỞNG")
    web.static(
        "/rss",
        rss_with(
            new_item(1, "Phong trào THI ĐUA yêu nước năm 2024"),
            new_item(2, "Lịch tiếp công dân tháng 7", "Không liên quan."),
            new_item(3, "Thiết bị dạy học mới", "Nhà trường được khen thưởng vì đổi mới."),
            new_item(4, "Thiết bị thí nghiệm", "Thi công hội trường."),
        ),
        content_type=RSS_TYPE,
    )
    await later(h)
    check = await poll_feed(h.env, 1)
    assert (check.new, check.posted) == (4, 2)
    texts = [c.payload["text"] for c in await news_cards(h)]
    assert len(texts) == 2
    assert "THI ĐUA yêu nước" in texts[1] or "THI ĐUA yêu nước" in texts[0]
    assert any("Thiết bị dạy học mới" in t for t in texts)
    assert await item_count(h) == 7  # all four are seen either way


async def test_a_flood_of_new_items_posts_the_newest_ten_oldest_first(
    h: Harness, web: WebServer
) -> None:
    await cluster(h, 1)
    web.static("/rss", RSS_FILE, content_type=RSS_TYPE)
    await run(h, f"them {web.url('/rss')}")
    items = [new_item(n, f"Tin số {n}") for n in range(15, 0, -1)]  # newest first
    web.static("/rss", rss_with(*items), content_type=RSS_TYPE)
    await later(h)
    check = await poll_feed(h.env, 1)
    assert (check.new, check.posted) == (15, 10)
    titles = [c.payload["text"].split("\n")[1] for c in await news_cards(h)]
    assert titles == [f"<b>Tin số {n}</b>" for n in range(6, 16)]
    assert await item_count(h) == 18


async def test_a_feed_failing_ten_times_pauses_and_the_organisers_are_told(
    h: Harness, web: WebServer
) -> None:
    await cluster(h, 1)
    web.static("/rss", RSS_FILE, content_type=RSS_TYPE)
    await run(h, f"them {web.url('/rss')} | tất cả | mỗi 5 phút")
    broken = web.static("/rss", "Internal Server Error", status=500, content_type="text/plain")
    statuses = []
    for _ in range(10):
        await later(h, 5)
        statuses.append((await poll_due(h.env))[0].status)
    assert statuses == ["failed"] * 9 + ["paused"]
    feed = await one_feed(h)
    assert feed.state == FeedState.PAUSED and feed.failures == 10
    assert feed.paused_at == h.clock.now() and feed.last_error == "http_status:500"
    async with h.env.sessions() as session:
        alerts = list(
            (await session.scalars(select(Outbox).where(Outbox.purpose == "alert"))).all()
        )
    assert len(alerts) == 1 and alerts[0].chat.external_id == "5000000001"
    assert alerts[0].payload["text"] == (
        "⚠️ Nguồn tin #1 «Trường Chính trị Tô Hiệu - Tin hoạt động» đã tạm dừng sau 10 lần "
        "kiểm tra lỗi liên tiếp (lỗi gần nhất: máy chủ trả lời lỗi 500). Khi nguồn hoạt động "
        "trở lại, bật lại bằng <code>/nguon bat 1</code>."
    )
    # paused: not checked any more
    await later(h, 60)
    assert await poll_due(h.env) == []
    assert (await poll_feed(h.env, 1)).status == "skipped"
    assert broken.hits == 10
    listing = await run(h, "")
    assert "— ⏸ tạm dừng (bật lại: <code>/nguon bat 1</code>)" in listing
    assert "⚠️ Lỗi: máy chủ trả lời lỗi 500 (10 lần liên tiếp)" in listing

    # resumed: checked at the next sweep, failures forgotten, new items posted once
    assert "Đã bật lại nguồn tin #1" in await run(h, "bat 1")
    assert "đang hoạt động; không cần bật lại" in await run(h, "bat 1")
    web.static("/rss", rss_with(new_item(1)), content_type=RSS_TYPE)
    checks = await poll_due(h.env)
    assert [(c.status, c.posted) for c in checks] == [("read", 1)]
    feed = await one_feed(h)
    assert feed.state == FeedState.ACTIVE and feed.failures == 0


async def test_one_success_resets_the_failure_count(h: Harness, web: WebServer) -> None:
    web.static("/rss", RSS_FILE, content_type=RSS_TYPE)
    await run(h, f"them {web.url('/rss')}")
    for _ in range(9):
        web.static("/rss", "", status=503)
        await later(h)
        await poll_feed(h.env, 1)
    assert (await one_feed(h)).failures == 9
    web.static("/rss", RSS_FILE, content_type=RSS_TYPE)
    await later(h)
    assert (await poll_feed(h.env, 1)).status == "read"
    web.static("/rss", "<html>maintenance</html>")
    await later(h)
    assert (await poll_feed(h.env, 1)).status == "failed"
    feed = await one_feed(h)
    assert (feed.failures, feed.state, feed.last_error) == (1, FeedState.ACTIVE, "not_feed")


async def test_a_removed_feed_is_no_longer_checked(h: Harness, web: WebServer) -> None:
    await cluster(h, 1)
    web.static("/rss", RSS_FILE, content_type=RSS_TYPE)
    await run(h, f"them {web.url('/rss')}")
    reply = await run(h, "xoa 1")
    assert reply.startswith("Đã xoá nguồn tin #1 «Trường Chính trị Tô Hiệu - Tin hoạt động»")
    route = web.static("/rss", rss_with(new_item(1)), content_type=RSS_TYPE)
    await later(h)
    assert await poll_due(h.env) == []
    assert (await poll_feed(h.env, 1)).status == "skipped"
    assert route.hits == 0 and await news_cards(h) == []
    assert (await one_feed(h)).state == FeedState.REMOVED
    assert (await run(h, "")).startswith("Chưa theo dõi nguồn tin nào.")
    assert "Không có nguồn tin #1: chưa theo dõi nguồn tin nào." in await run(h, "bat 1")
    # the address may be watched again, as a new feed
    assert "Đã thêm nguồn tin #2" in await run(h, f"them {web.url('/rss')}")


async def test_a_slow_site_does_not_hold_up_the_other_feeds(h: Harness, web: WebServer) -> None:
    assert h.env.fetcher is not None
    await h.env.fetcher.aclose()
    h.env.fetcher = Fetcher(allow_private=True, timeout=1.5)
    web.static("/fast", RSS_FILE, content_type=RSS_TYPE)
    web.static("/slow", RSS_FILE, content_type=RSS_TYPE)
    await run(h, f"them {web.url('/fast')}")
    await run(h, f"them {web.url('/slow')}")
    web.trickle("/slow")
    web.static("/fast", rss_with(new_item(1)), content_type=RSS_TYPE)
    await later(h)
    slow = asyncio.create_task(poll_feed(h.env, 2))
    await asyncio.sleep(0.1)  # the slow site is answering, a byte now and then
    fast = await asyncio.wait_for(poll_feed(h.env, 1), timeout=1.0)
    assert (fast.status, fast.posted) == ("read", 1)
    assert not slow.done()
    assert (await slow).status == "failed"
    async with h.env.sessions() as session:
        slow_feed = await session.get(Feed, 2)
        assert slow_feed is not None and slow_feed.last_error == "timeout"
