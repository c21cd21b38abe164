"""Reading feeds without a network: RSS 2.0 and Atom from stored files, what is not a feed,
entry keys and normalised links, texts without markup, keyword filters."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from handlers.forms import FormError
from handlers.news.feed_reader import (
    MAX_KEY,
    Entry,
    NotAFeed,
    entry_key,
    fit_key,
    matches,
    normalise_link,
    oldest_first,
    parse_keywords,
    plain_text,
    read_feed,
)

FEEDS = Path(__file__).resolve().parent.parent / "feeds"
RSS_URL = "https://truongchinhtritohieu.edu.vn/rss/tin-hoat-dong.rss"
ATOM_URL = "https://truonglehongphong.edu.vn/feed/atom"


def rss() -> bytes:
    return (FEEDS / "tohieu_rss20.xml").read_bytes()


def atom() -> bytes:
    return (FEEDS / "lhp_atom.xml").read_bytes()


# --- RSS 2.0 and Atom -----------------------------------------------------------------------


def test_an_rss_feed_gives_its_items_oldest_first_as_plain_text() -> None:
    doc = read_feed(rss(), url=RSS_URL, content_type="application/rss+xml", charset="utf-8")
    assert doc.version == "rss20"
    assert doc.title == "Trường Chính trị Tô Hiệu - Tin hoạt động"
    assert [e.title for e in doc.entries] == [
        "Thông báo lịch thi kết thúc học phần tháng 7/2024",
        "Khai giảng lớp Trung cấp lý luận chính trị hệ không tập trung K45",
        "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 của Cụm thi đua",
    ]
    exam, opening, conference = doc.entries
    assert conference.published == datetime(2024, 6, 19, 3, 30, tzinfo=UTC)  # 10:30 +07:00
    assert conference.key == "tohieu-tin-2024-0619-01"  # the guid
    assert conference.summary == (
        "Sáng 19/6, tại Trường Đào tạo cán bộ Lê Hồng Phong, Cụm thi đua các trường chính trị "
        "khu vực đồng bằng sông Hồng tổ chức Hội nghị sơ kết phong trào thi đua 6 tháng đầu "
        "năm 2024."
    )
    assert "<" not in conference.summary and "alert" not in conference.summary
    # media:content wins over the small picture inside the description
    assert conference.image == (
        "https://truongchinhtritohieu.edu.vn/uploads/2024/06/hoi-nghi-so-ket.jpg"
    )
    # no guid: known by its link, host lowercased, fragment and trailing slash gone
    assert opening.key == "https://truongchinhtritohieu.edu.vn/tin-tuc/khai-giang-lop-trung-cap-k45"
    assert opening.image == "https://truongchinhtritohieu.edu.vn/uploads/2024/06/khai-giang-k45.png"
    assert "chính trị & hành chính" in opening.summary  # entities decoded once, as text
    assert exam.image is None


def test_an_atom_feed_resolves_relative_links_and_strips_html_titles() -> None:
    doc = read_feed(atom(), url=ATOM_URL, content_type="application/atom+xml")
    assert doc.version == "atom10"
    assert doc.title == "Trường Đào tạo cán bộ Lê Hồng Phong — Tin tức"
    visit, seminar = doc.entries
    assert seminar.title == "Tọa đàm “Đổi mới phương pháp giảng dạy lý luận chính trị”"
    assert seminar.link == (
        "https://truonglehongphong.edu.vn/tin-tuc/toa-dam-doi-moi-phuong-phap-giang-day.html"
    )
    assert seminar.key == "tag:truonglehongphong.edu.vn,2024-06-20:/tin-tuc/1287"
    assert seminar.image == "https://truonglehongphong.edu.vn/media/2024/06/toa-dam.jpg"
    assert seminar.published == datetime(2024, 6, 20, 2, 59, tzinfo=UTC)
    assert "đổi mới phương pháp giảng dạy lý luận chính trị" in seminar.summary
    assert visit.published == datetime(2024, 6, 18, 7, 0, tzinfo=UTC)  # `updated` when no date
    assert visit.summary.endswith("về công tác thi đua, khen thưởng.")


def test_an_empty_feed_is_still_a_feed_even_without_a_content_type() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title></channel></rss>'
    doc = read_feed(empty, url=RSS_URL)
    assert doc.version == "rss20" and doc.entries == []


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (
            "<!doctype html><html><head><title>Trang chủ</title></head><body>Tin</body>".encode(),
            "text/html",
        ),
        (b"", "text/html"),
        (b'{"items": []}', "application/json"),
        (b"<?xml version='1.0'?><sitemap><url/></sitemap>", "application/xml"),
        (b"<rss version='2.0'><channel><title>Tin", "application/rss+xml"),
        (b"\xff\xfe\x00\x00garbage", ""),
    ],
    ids=["html", "empty", "json", "other-xml", "truncated", "bytes"],
)
def test_what_is_not_a_feed_is_refused(content: bytes, content_type: str) -> None:
    with pytest.raises(NotAFeed):
        read_feed(content, url=RSS_URL, content_type=content_type)


def test_a_broken_feed_that_still_has_items_is_read() -> None:
    data = rss()
    second = data.index(b"<item>", data.index(b"<item>") + 1)
    doc = read_feed(data[: second + 40], url=RSS_URL, content_type="application/rss+xml")
    assert [e.key for e in doc.entries] == ["tohieu-tin-2024-0619-01"]


def test_entries_without_a_web_link_are_left_out_and_duplicates_read_once() -> None:
    data = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>
    <item><title>Không có liên kết</title><guid isPermaLink="false">a</guid></item>
    <item><title>Liên kết lạ</title><link>javascript:alert(1)</link></item>
    <item><title>Bản mới</title><link>https://a.vn/tin/1?utm_source=zalo</link></item>
    <item><title>Bản cũ</title><link>https://A.vn/tin/1/</link></item>
    </channel></rss>""".encode()
    doc = read_feed(data, url="https://a.vn/rss")
    assert [e.title for e in doc.entries] == ["Bản mới"]
    assert doc.entries[0].key == "https://a.vn/tin/1"


# --- keys and links -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "normal"),
    [
        ("HTTPS://Baochinhphu.VN/tin/abc.htm", "https://baochinhphu.vn/tin/abc.htm"),
        ("https://a.vn/tin/abc/", "https://a.vn/tin/abc"),
        ("https://a.vn/", "https://a.vn"),
        ("https://a.vn:443/x#binh-luan", "https://a.vn/x"),
        ("http://a.vn:8080/x", "http://a.vn:8080/x"),
        ("https://a.vn/x?id=5&utm_source=rss&UTM_Medium=feed&fbclid=1", "https://a.vn/x?id=5"),
        ("https://a.vn/x?b=2&a=1&zarsrc=30", "https://a.vn/x?b=2&a=1"),
    ],
)
def test_links_are_normalised(link: str, normal: str) -> None:
    assert normalise_link(link) == normal


def test_the_entry_id_is_the_key_else_the_normalised_link() -> None:
    assert entry_key("tohieu-1", "https://a.vn/x") == "tohieu-1"
    assert entry_key("  ", "https://A.vn/x/?utm_campaign=t") == "https://a.vn/x"
    assert entry_key(None, "https://a.vn/x#top") == "https://a.vn/x"


def test_long_keys_are_hashed_to_fit_the_column() -> None:
    long_id = "tag:truongchinhtri.vn,2024:" + "tin-tuc/" * 40
    key = fit_key(long_id)
    assert key.startswith("sha256:") and len(key) <= MAX_KEY
    assert fit_key(long_id) == key and fit_key(long_id + "x") != key
    assert fit_key("short") == "short"


def test_items_without_dates_keep_the_reverse_of_document_order() -> None:
    def entry(key: str, day: int | None) -> Entry:
        when = datetime(2024, 6, day, tzinfo=UTC) if day else None
        return Entry(key, f"https://a.vn/{key}", key, "", None, when)

    dated = [entry("b", 18), entry("c", 20), entry("a", 17)]
    assert [e.key for e in oldest_first(dated)] == ["a", "b", "c"]
    mixed = [entry("new", 20), entry("undated", None), entry("old", 17)]
    assert [e.key for e in oldest_first(mixed)] == ["old", "undated", "new"]


def test_html_becomes_one_line_of_text() -> None:
    assert plain_text("<p>Sáng 19/6</p><p>tại <b>Hội trường A</b>, Hà Nội</p>") == (
        "Sáng 19/6 tại Hội trường A, Hà Nội"
    )
    assert plain_text("a &lt;b&gt; &amp; <script>x()</script><style>p{}</style>c") == "a <b> & c"
    assert plain_text("  nhiều   khoảng   trắng ") == "nhiều khoảng trắng"


# --- keyword filters ------------------------------------------------------------------------


def test_keywords_are_read_as_plain_words() -> None:
    assert parse_keywords("Thi đua, khen thưởng ; thi dua,, ") == ["Thi đua", "khen thưởng"]
    assert parse_keywords("(a+)+$") == ["(a+)+$"]  # kept as typed, never a pattern


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("", "feeds.bad_keyword"),
        (" , ;", "feeds.bad_keyword"),
        ("thi đua, ***", "feeds.bad_keyword"),
        ("x" * 51, "feeds.bad_keyword"),
        (", ".join(f"từ {i}" for i in range(21)), "feeds.too_many_keywords"),
    ],
)
def test_bad_keywords_are_refused(value: str, key: str) -> None:
    with pytest.raises(FormError) as err:
        parse_keywords(value)
    assert err.value.key == key


@pytest.mark.parametrize(
    ("keywords", "texts", "expected"),
    [
        (["thi đua"], ["Hội nghị sơ kết phong trào THI ĐUA 6 tháng"], True),
        (["Thi Dua"], ["phong trào thi đua yêu nước"], True),
        (["thi đua"], ["phong trào thi", "đua thuyền"], False),  # not across title and summary
        (["thi"], ["Thiết bị dạy học mới"], False),  # whole words only
        (["khen thưởng"], ["", "công tác thi đua, Khen Thưởng năm 2024"], True),
        (["Đảng"], ["Nghị quyết của dang uy"], True),
        (["hội thảo", "tọa đàm"], ["Tọa đàm khoa học"], True),
        (["hội thảo"], ["Tọa đàm khoa học"], False),
        (["a+"], ["a+b"], True),  # punctuation is not a pattern: the word `a` matches
        ([], ["anything"], True),
    ],
)
def test_keywords_match_whole_words_ignoring_case_and_diacritics(
    keywords: list[str], texts: list[str], expected: bool
) -> None:
    assert matches(keywords, *texts) is expected
