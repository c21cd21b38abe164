"""The news card: title, date and site, a summary cut at a word, the picture, the link button."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from handlers.news.card import news_parts, shorten
from storage.models import Announcement, AnnouncementKind, AnnouncementStatus, NewsPost

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "https://truongchinhtri.vn/tin-tuc/hoi-nghi-so-ket.html"


def _post(**fields: object) -> tuple[Announcement, NewsPost]:
    ann = Announcement(id=21, kind=AnnouncementKind.NEWS, status=AnnouncementStatus.SENDING)
    values: dict[str, object] = {
        "announcement_id": 21,
        "url": URL,
        "title": "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024",
        "summary": "Sáng 19/6, Cụm thi đua số 3 tổ chức hội nghị sơ kết.",
        "image_url": None,
        "site": "Trường Chính trị Tô Hiệu",
        "published_at": datetime(2024, 6, 20, 2, 59, tzinfo=UTC),
        "bare": False,
    }
    values.update(fields)
    return ann, NewsPost(**values)


def test_card_shows_title_date_site_summary_and_a_read_button() -> None:
    ann, post = _post()
    [part] = news_parts(ann, post, TZ)
    assert part["text"].splitlines() == [
        "📰 <b>TIN BÀI #21</b>",
        "<b>Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024</b>",
        "🗓 09:59, Thứ Năm 20/06/2024 · Trường Chính trị Tô Hiệu",
        "Sáng 19/6, Cụm thi đua số 3 tổ chức hội nghị sơ kết.",
    ]
    assert part["buttons"] == [[{"text": "📖 Đọc bài viết", "action": None, "url": URL}]]
    assert "photo" not in part


def test_card_with_an_image_is_a_photo_with_the_card_as_caption() -> None:
    ann, post = _post(image_url="https://truongchinhtri.vn/anh/hoi-nghi.jpg")
    [part] = news_parts(ann, post, TZ)
    assert part["photo"] == "https://truongchinhtri.vn/anh/hoi-nghi.jpg"
    assert part["caption"] == part["text"]
    assert len(part["caption"]) < 1024


def test_a_card_longer_than_a_caption_goes_as_text_without_the_photo() -> None:
    # within the page limits (300 characters of title, ~300 of summary) but emoji count two
    title = "🎉" * 300
    summary = ("🎉🎉 " * 100)[:290]
    ann, post = _post(title=title, summary=summary, image_url="https://truongchinhtri.vn/a.jpg")
    [part] = news_parts(ann, post, TZ)
    assert len(part["text"]) < 1024 < len(part["text"].encode("utf-16-le")) // 2
    assert "photo" not in part and "caption" not in part


def test_everything_from_the_page_is_escaped() -> None:
    ann, post = _post(
        title="<b>Tin</b> & <a href='x'>sự kiện</a>",
        summary="<script>alert(1)</script>",
        site="A&B",
    )
    text = news_parts(ann, post, TZ)[0]["text"]
    assert "<script>" not in text and "<a href" not in text
    assert "&lt;b&gt;Tin&lt;/b&gt; &amp; &lt;a href=&#x27;x&#x27;&gt;" in text
    assert "A&amp;B" in text


def test_a_bare_link_card_shows_only_the_link() -> None:
    ann, post = _post(title="", summary="", site="", published_at=None, bare=True)
    [part] = news_parts(ann, post, TZ)
    assert part["text"] == f"📰 <b>TIN BÀI #21</b>\n{URL}"


def test_summary_is_cut_at_a_word_to_about_300_characters() -> None:
    words = "Hội nghị đánh giá kết quả thực hiện phong trào thi đua của các trường " * 10
    cut = shorten(words)
    assert len(cut) <= 300
    assert cut.endswith("…")
    assert words.startswith(cut[:-1])
    assert words[len(cut) - 1] == " "  # the cut fell between two words
    assert shorten("  ngắn   gọn ") == "ngắn gọn"
