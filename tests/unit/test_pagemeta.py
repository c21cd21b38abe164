"""Reading news pages: stored Vietnamese pages served locally, fetched, then read.

The pages in tests/pages imitate real sites: OpenGraph-complete, Twitter-only, JSON-LD only,
no metadata, Windows-1258 with and without a declaration, UTF-8 behind a wrong header, a
government school portal, decomposed (NFD) text, relative URLs and entities.
"""

from __future__ import annotations

import unicodedata
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from handlers.news.fetch import Fetcher
from handlers.news.pagemeta import (
    MAX_SUMMARY,
    MAX_TITLE,
    PageMeta,
    PageUnreadable,
    decode_html,
    find_text_date,
    read_page,
)
from tests.webserver import LoopbackOnlyBackend, StubResolver, WebServer

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PAGES = Path(__file__).resolve().parent.parent / "pages"
ICT = timezone(timedelta(hours=7))


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock time in Vietnam."""
    return datetime(year, month, day, hour, minute, tzinfo=ICT)


@dataclass(frozen=True)
class Case:
    page: str
    host: str
    content_type: str
    title: str
    published: datetime | None
    summary: str  # expected prefix
    image: str | None  # "{origin}" stands for the served page's scheme, host and port
    site: str
    url: str | None = None  # expected canonical URL, "{origin}" as above; None: the served URL
    path: str | None = None  # where the page is served; default /<page>


CASES = [
    Case(
        page="og_complete.html",
        host="www.baodientuhaiphong.example",
        content_type="text/html; charset=utf-8",
        title="Khánh thành tuyến đường ven sông Lạch Tray nối trung tâm với khu đô thị mới",
        published=vn(2024, 6, 20, 9, 59),
        summary="Sáng 20/6, thành phố tổ chức lễ khánh thành tuyến đường ven sông Lạch Tray dài",
        image="https://cdn.baodientuhaiphong.example/images/2024/06/20/duong-ven-song-lach-tray.jpg",
        site="Báo Điện tử Hải Phòng",
        url="https://baodientuhaiphong.example/khanh-thanh-tuyen-duong-ven-song-lach-tray-123456.html",
    ),
    Case(
        page="twitter_only.html",
        host="giaoducthudo.example",
        content_type="text/html; charset=utf-8",
        title="Học sinh thủ đô hào hứng với ngày hội STEM 2024",
        published=vn(2024, 6, 20, 9, 59),
        summary="Hơn 3.000 học sinh từ 40 trường trung học đã tham gia ngày hội STEM với",
        image="https://static.giaoducthudo.example/2024/06/ngay-hoi-stem.jpg",
        site="Tạp chí Giáo dục Thủ đô",
    ),
    Case(
        page="jsonld_article.html",
        host="www.bienphongduyenhai.example",
        content_type="text/html; charset=utf-8",
        title="Bộ đội Biên phòng giúp ngư dân vượt bão số 2",
        published=vn(2024, 6, 18, 14, 30),
        summary="Các đồn Biên phòng ven biển đã hướng dẫn 1.250 tàu cá",
        image="https://bienphongduyenhai.example/uploads/2024/06/tau-ca-tranh-bao.jpg",
        site="Báo Biên phòng Duyên hải",
    ),
    Case(
        page="jsonld_graph.html",
        host="hoisinhvien.example",
        content_type="text/html; charset=utf-8",
        title="Chiến dịch Mùa hè xanh 2024: 500 sinh viên về với vùng khó",
        published=vn(2024, 6, 19, 8, 0),
        summary="Năm nay, 500 chiến sĩ tình nguyện sẽ về 12 xã khó khăn",
        image="{origin}/wp-content/uploads/2024/06/mua-he-xanh-2024.jpg",
        site="Cổng thông tin Hội Sinh viên thành phố",
    ),
    Case(
        page="no_metadata.html",
        host="www.thoibaocang.example",
        content_type="text/html; charset=utf-8",
        title="Cảng Hải Phòng đón tàu container trọng tải lớn nhất từ trước đến nay",
        published=vn(2024, 6, 20, 9, 59),
        summary="Chiều 19/6, bến container quốc tế đã đón tàu có sức chở 14.000 TEU",
        image=None,
        site="thoibaocang.example",
    ),
    Case(
        page="windows1258_meta.html",
        host="hpcuoituan.example",
        content_type="text/html",
        title="Người thợ cả hơn 30 năm gắn bó với nghề đóng tàu",
        published=vn(2024, 6, 20, 9, 59),
        summary="Hơn ba mươi năm qua, ông Nguyễn Văn Thịnh vẫn đều đặn có mặt ở xưởng",
        image=None,
        site="hpcuoituan.example",
    ),
    Case(
        page="windows1258_detect.html",
        host="www.vanhoadatcang.example",
        content_type="text/html",
        title="Đêm nhạc gây quỹ ủng hộ học sinh nghèo vượt khó",
        published=vn(2024, 6, 19, 15, 45),
        summary='Tối 18/6, tại Nhà hát thành phố đã diễn ra đêm nhạc "Thắp sáng ước mơ"',
        image=None,
        site="vanhoadatcang.example",
    ),
    Case(
        page="utf8_wrong_header.html",
        host="tuoitredatcang.example",
        content_type="text/html; charset=iso-8859-1",
        title="Đoàn Thanh niên ra quân Chiến dịch tình nguyện hè 2024",
        published=vn(2024, 6, 16, 7, 30),
        summary="Hơn 2.000 đoàn viên, thanh niên tham gia lễ ra quân",
        image="https://tuoitredatcang.example/media/2024/06/ra-quan-tinh-nguyen-he.jpg",
        site="Tuổi trẻ Đất Cảng",
    ),
    Case(
        page="utf8_no_charset.html",
        host="thuvien.example",
        content_type="text/html",
        title="Thư viện thành phố mở cửa miễn phí phục vụ bạn đọc dịp hè",
        published=vn(2024, 6, 21, 14, 0),
        summary="Nhằm tạo sân chơi bổ ích cho thiếu nhi trong dịp hè",
        image="https://thuvien.example/upload/he-2024/ban-doc-nho.jpg",
        site="thuvien.example",
    ),
    Case(
        page="portal_tohieu.html",
        host="www.truongchinhtri-tohieu.example",
        content_type="text/html; charset=utf-8",
        title="Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 Cụm thi đua số 3",
        published=vn(2024, 6, 20, 9, 59),
        summary="Sáng ngày 19/6/2024, tại Trường Chính trị Tô Hiệu, Cụm thi đua số 3 đã tổ chức",
        image="{origin}/Portals/0/Images/2024/06/hoi-nghi-so-ket-cum-thi-dua-3.jpg",
        site="Trường Chính trị Tô Hiệu",
        path="/tin-tuc-su-kien/hoat-dong-cua-truong/hoi-nghi-so-ket-cum-thi-dua-so-3",
    ),
    Case(
        page="cap_nhat_nfd.html",
        host="ngoquyen.example",
        content_type="text/html; charset=utf-8",
        title="Lịch tiếp công dân của lãnh đạo quận tháng 7/2024",
        published=vn(2024, 6, 20, 8, 30),
        summary="Thường trực Quận ủy, Thường trực HĐND và UBND quận thông báo lịch tiếp công dân",
        image=None,
        site="ngoquyen.example",
    ),
    Case(
        page="title_suffix.html",
        host="thuynguyen.example",
        content_type="text/html; charset=utf-8",
        title="Phát động Tháng hành động vì an toàn thực phẩm năm 2024",
        published=vn(2024, 6, 17, 16, 5),
        summary="UBND huyện phát động Tháng hành động vì an toàn thực phẩm với chủ đề “Bảo đảm",
        image="https://thuynguyen.example/Upload/2024/06/phat-dong-thang-hanh-dong-attp.jpg",
        site="Cổng TTĐT huyện Thủy Nguyên",
    ),
    Case(
        page="relative_image.html",
        host="cdhanghai.example",
        content_type="text/html; charset=utf-8",
        title="Ký kết hợp tác đào tạo nguồn nhân lực logistics",
        published=vn(2024, 6, 14, 10, 15),
        summary="Nhà trường và 15 doanh nghiệp logistics ký kết thỏa thuận hợp tác đào tạo",
        image="{origin}/tin-tuc/uploads/2024/06/"
        "l%E1%BB%85%20k%C3%BD%20k%E1%BA%BFt%20h%E1%BB%A3p%20t%C3%A1c.jpg",
        site="Trường Cao đẳng Hàng hải Mẫu",
        url="{origin}/tin-tuc/2024/06/ky-ket-hop-tac-dao-tao.html",
        path="/tin-tuc/2024/06/ky-ket.html",
    ),
    Case(
        page="entities_title.html",
        host="doisongphapluat.example",
        content_type="text/html; charset=utf-8",
        title='Trao 150 suất quà "Tiếp sức đến trường" & học bổng cho học sinh vùng biển',
        published=datetime(2024, 6, 12, 2, 0, tzinfo=UTC),
        summary='Chương trình "Tiếp sức đến trường" năm nay trao 150 suất quà, mỗi suất trị giá '
        "2 triệu đồng cùng bộ sách giáo khoa mới.",
        image="https://doisongphapluat.example/img.php?w=1200&h=630&src=2024%2F06%2Ftiep-suc.jpg",
        site="Báo Đời sống & Pháp luật Duyên hải",
    ),
]


@pytest.fixture(scope="module")
def server() -> Iterator[WebServer]:
    with WebServer() as web:
        yield web


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    async with Fetcher(
        allow_private=True, resolver=StubResolver(), network_backend=LoopbackOnlyBackend()
    ) as made:
        yield made


def test_there_are_enough_stored_pages() -> None:
    stored = {p.name for p in PAGES.glob("*.html")}
    assert len(stored) >= 12
    assert stored == {case.page for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.page.removesuffix(".html") for c in CASES])
async def test_stored_pages(server: WebServer, fetcher: Fetcher, case: Case) -> None:
    path = case.path or f"/{case.page}"
    server.static(path, PAGES / case.page, content_type=case.content_type)
    page_url = server.url(path, host=case.host)
    origin = page_url.removesuffix(path)

    fetched = await fetcher.get(page_url)
    meta = read_page(
        fetched.content,
        fetched.url,
        tz=TZ,
        header_charset=fetched.charset,
        content_type=fetched.content_type,
    )

    assert meta.title == case.title
    assert meta.published == case.published
    if case.published is not None:
        assert meta.published is not None and meta.published.utcoffset() is not None
    assert meta.summary.startswith(case.summary), meta.summary
    assert meta.image == (case.image.format(origin=origin) if case.image else None)
    assert meta.site == case.site
    assert meta.url == (case.url.format(origin=origin) if case.url else page_url)
    assert_plain(meta)


def assert_plain(meta: PageMeta) -> None:
    """No markup, no entities, NFC, trimmed, within limits."""
    for text in (meta.title, meta.summary, meta.site):
        assert text == text.strip()
        assert "<" not in text and "&quot;" not in text and "&amp;" not in text
        assert unicodedata.is_normalized("NFC", text)
        assert "  " not in text
    assert len(meta.title) <= MAX_TITLE
    assert len(meta.summary) <= MAX_SUMMARY
    for url in (meta.url, meta.image):
        assert url is None or url.startswith(("http://", "https://"))


# --- decoding -------------------------------------------------------------------------------

VIETNAMESE = "Hội nghị tổng kết năm học: Trường Chính trị Tô Hiệu, Hải Phòng, ưu tiên đổi mới"


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese editors write it: base letters plus combining tone marks."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + "".join(c for c in parts if c in tones).encode("cp1258")
    return bytes(out)


def test_windows_1258_from_the_header_is_composed() -> None:
    data = cp1258(f"<title>{VIETNAMESE}</title>")
    assert decode_html(data, "windows-1258") == f"<title>{VIETNAMESE}</title>"


def test_windows_1258_from_meta_charset() -> None:
    html = f'<meta charset="windows-1258"><title>{VIETNAMESE}</title>'
    assert decode_html(cp1258(html), None) == html
    http_equiv = (
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'
        f"<p>{VIETNAMESE}</p>"
    )
    assert decode_html(cp1258(http_equiv), None) == http_equiv


def test_a_server_default_utf8_header_does_not_spoil_a_windows_1258_page() -> None:
    html = f'<meta charset="windows-1258"><title>{VIETNAMESE}</title>'
    assert decode_html(cp1258(html), "utf-8") == html


def test_header_charset_wins_over_meta() -> None:
    html = f'<meta charset="utf-8"><title>{VIETNAMESE}</title>'
    assert decode_html(cp1258(html), "windows-1258") == html


def test_windows_1258_without_any_declaration_is_detected() -> None:
    html = f"<html><body><p>{VIETNAMESE}. Các đại biểu đã thảo luận sôi nổi.</p></body></html>"
    assert decode_html(cp1258(html), None) == html


def test_valid_utf8_wins_over_a_wrong_single_byte_label() -> None:
    html = f"<title>{VIETNAMESE}</title>"
    assert decode_html(html.encode(), "iso-8859-1") == html
    assert decode_html(html.encode(), "windows-1258") == html
    assert decode_html(f'<meta charset="windows-1252">{html}'.encode(), None).endswith(html)


def test_real_windows_1252_stays_windows_1252() -> None:
    assert decode_html("<p>Café crème</p>".encode("cp1252"), "iso-8859-1") == "<p>Café crème</p>"


def test_utf8_odds_and_ends() -> None:
    html = f"<title>{VIETNAMESE}</title>"
    assert decode_html(b"\xef\xbb\xbf" + html.encode(), "windows-1258") == html
    assert decode_html(html.encode() + "ồ".encode()[:2], "utf-8") == html  # cut at the limit
    assert decode_html(html.encode(), "x-no-such-charset") == html
    assert decode_html(b"<title>ascii</title>", None) == "<title>ascii</title>"
    decomposed = unicodedata.normalize("NFD", html).encode()
    assert decode_html(decomposed, "utf-8") == html


# --- what is refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ""),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
        (b"<html><title>x</title></html>", "application/pdf"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title></channel>', ""),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title></feed>', "text/html"),
        (b"", "text/html"),
        (b"just some words without any markup", "text/plain"),
        (b"<html><head></head><body><div>   </div></body></html>", "text/html"),
    ],
)
def test_unreadable_content(content: bytes, content_type: str) -> None:
    with pytest.raises(PageUnreadable):
        read_page(content, "https://tin.example.vn/a", tz=TZ, content_type=content_type)


# --- field details --------------------------------------------------------------------------


def read(html: str, url: str = "https://tin.example.vn/tin-tuc/bai-viet-1.html") -> PageMeta:
    return read_page(html.encode(), url, tz=TZ, header_charset="utf-8")


def test_javascript_and_data_urls_are_never_used() -> None:
    meta = read(
        """<html><head><title>Tin</title>
        <meta property="og:image" content="javascript:alert(1)">
        <meta property="og:image:url" content="data:image/png;base64,iVBORw0KGgo=">
        <meta name="twitter:image" content=" /anh/bia.jpg ">
        <meta property="og:url" content="javascript:alert(2)">
        <link rel="canonical" href="ftp://tin.example.vn/x"></head></html>"""
    )
    assert meta.image == "https://tin.example.vn/anh/bia.jpg"
    assert meta.url == "https://tin.example.vn/tin-tuc/bai-viet-1.html"


def test_a_canonical_pointing_at_the_home_page_is_ignored() -> None:
    meta = read('<title>Tin</title><link rel="canonical" href="https://tin.example.vn/">')
    assert meta.url == "https://tin.example.vn/tin-tuc/bai-viet-1.html"
    meta = read('<title>Tin</title><link rel="canonical" href="/tin-tuc/bai-viet-1">')
    assert meta.url == "https://tin.example.vn/tin-tuc/bai-viet-1"


def test_markup_and_entities_are_removed_and_lengths_capped() -> None:
    long_title = "Tin dài " * 100
    long_text = "Nội dung rất dài của bài viết. " * 200
    meta = read(
        f"""<title>x</title>
        <meta property="og:title" content="{long_title}">
        <meta property="og:description" content="&lt;p&gt;{long_text}&lt;/p&gt;">"""
    )
    assert len(meta.title) <= MAX_TITLE and meta.title.endswith("…")
    assert len(meta.summary) <= MAX_SUMMARY and meta.summary.endswith("…")
    assert meta.summary.startswith("Nội dung rất dài")
    assert_plain(meta)


def test_title_that_is_only_the_site_name_gives_way_to_the_headline() -> None:
    meta = read(
        """<html><head><title>Trường Chính trị Tô Hiệu</title></head><body>
        <div class="logo"><h1>Trường Chính trị Tô Hiệu</h1></div>
        <div class="detail"><h1>Khai giảng lớp Trung cấp lý luận chính trị khóa 45</h1>
        <p>Ngày đăng 18/06/2024 | 2:20 PM</p>
        <p>Sáng 18/6, Trường tổ chức khai giảng lớp Trung cấp lý luận chính trị hệ tập trung
        cho 80 học viên là cán bộ các phường, xã.</p></div></body></html>"""
    )
    assert meta.title == "Khai giảng lớp Trung cấp lý luận chính trị khóa 45"
    assert meta.site == "Trường Chính trị Tô Hiệu"
    assert meta.published == vn(2024, 6, 18, 14, 20)
    assert meta.summary.startswith("Sáng 18/6, Trường tổ chức khai giảng")


def test_generic_meta_description_is_not_a_summary() -> None:
    meta = read(
        """<title>Thông báo nghỉ lễ - Trường Mẫu</title>
        <meta name="application-name" content="Trường Mẫu">
        <meta name="description" content="Trường Mẫu">"""
    )
    assert meta.title == "Thông báo nghỉ lễ"
    assert meta.site == "Trường Mẫu"
    assert meta.summary == ""


def test_json_ld_that_cannot_be_repaired_is_skipped() -> None:
    meta = read(
        """<html><head><title>Tin hay</title>
        <script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>
        </head><body><h1>Tin hay</h1></body></html>"""
    )
    assert meta.title == "Tin hay"
    assert meta.site == "tin.example.vn"


def test_json_ld_image_by_reference_into_the_graph() -> None:
    meta = read(
        """<title>Tin</title><script type="application/ld+json">{"@graph": [
        {"@type": "ImageObject", "@id": "https://tin.example.vn/#anh", "url": "/anh/chinh.jpg"},
        {"@type": "Article", "headline": "Tin", "image": {"@id": "https://tin.example.vn/#anh"}}
        ]}</script>"""
    )
    assert meta.image == "https://tin.example.vn/anh/chinh.jpg"


def test_lead_paragraph_and_sentences_that_only_look_like_furniture() -> None:
    meta = read(
        """<html><head><title>Đại hội Công đoàn cơ sở nhiệm kỳ 2023 - 2028</title></head>
        <body><div class="detail-header"><h1>Đại hội Công đoàn cơ sở nhiệm kỳ 2023 - 2028</h1>
        <h2 class="detail-sapo">Đại hội bầu 7 đồng chí vào Ban Chấp hành khóa mới.</h2></div>
        <p>Chia sẻ tại đại hội, Chủ tịch Công đoàn nhấn mạnh vai trò chăm lo đời sống.</p>
        </body></html>"""
    )
    assert meta.summary == "Đại hội bầu 7 đồng chí vào Ban Chấp hành khóa mới."
    meta = read(
        """<title>Đại hội Công đoàn cơ sở</title><h1>Đại hội Công đoàn cơ sở</h1>
        <p>Chia sẻ lên Facebook</p><p>Cập nhật: 10:00 20/06/2024</p>
        <p>Chia sẻ tại đại hội, Chủ tịch Công đoàn nhấn mạnh vai trò chăm lo đời sống.</p>"""
    )
    assert meta.summary.startswith("Chia sẻ tại đại hội")
    assert meta.published == vn(2024, 6, 20, 10, 0)


def test_site_falls_back_to_the_idn_host_without_www() -> None:
    meta = read("<title>Tin</title>", url="https://www.xn--tintc-ye2b.vn/a")
    assert meta.site == "tintức.vn"


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ngày đăng 20/06/2024 | 9:59 AM", vn(2024, 6, 20, 9, 59)),
        ("Ngày đăng 20/06/2024 | 9:59 PM", vn(2024, 6, 20, 21, 59)),
        ("Ngày đăng 20/06/2024 | 12:05 AM", vn(2024, 6, 20, 0, 5)),
        ("Ngày đăng: 20/06/2024 09:59", vn(2024, 6, 20, 9, 59)),
        ("NGÀY ĐĂNG: 20/06/2024 09:59", vn(2024, 6, 20, 9, 59)),
        ("Cập nhật: 08:30 20/6/2024", vn(2024, 6, 20, 8, 30)),
        ("Cập nhật lúc 15:45 ngày 19/06/2024", vn(2024, 6, 19, 15, 45)),
        ("Thứ Năm, 20/06/2024, 09:59 (GMT+7)", vn(2024, 6, 20, 9, 59)),
        ("Thứ năm, 20/06/2024 02:59 GMT+0", vn(2024, 6, 20, 9, 59)),
        ("20/06/2024 02:59 GMT", vn(2024, 6, 20, 9, 59)),
        ("20/06/2024 - 09:59", vn(2024, 6, 20, 9, 59)),
        ("Đăng lúc 14:00 - 21/06/2024", vn(2024, 6, 21, 14, 0)),
        ("Ngày đăng: 20/06/2024", vn(2024, 6, 20)),
        ("Thứ Năm, ngày 20 tháng 6 năm 2024", vn(2024, 6, 20)),
        ("Cập nhật: 10:00 21/06/2024 · Ngày đăng: 20/06/2024 09:59", vn(2024, 6, 20, 9, 59)),
        ("Lượt xem: 125", None),
        ("Thứ Bảy, 22/06/2024", None),
        ("31/02/2024 10:00", None),
        ("Hotline: 0225.3842.123", None),
    ],
)
def test_vietnamese_date_lines(text: str, expected: datetime | None) -> None:
    assert find_text_date(text, TZ) == expected


def test_metadata_dates_in_other_shapes() -> None:
    shapes = {
        "2024-06-20T09:59:00+0700": vn(2024, 6, 20, 9, 59),
        "2024-06-20T02:59:00Z": vn(2024, 6, 20, 9, 59),
        "2024-06-20 09:59:00": vn(2024, 6, 20, 9, 59),
        "Thu, 20 Jun 2024 02:59:00 GMT": vn(2024, 6, 20, 9, 59),
        "20/06/2024 09:59": vn(2024, 6, 20, 9, 59),
        "không rõ": None,
    }
    for value, expected in shapes.items():
        meta = read(f'<title>Tin</title><meta property="article:published_time" content="{value}">')
        assert meta.published == expected, value
