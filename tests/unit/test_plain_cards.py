"""Cards as plain text for Zalo: the Telegram card's words without markup, within 2,000 UTF-16
units a message, cut at paragraphs, lines, then words, each card ending with how to answer."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.meetings.card import meeting_plain, meeting_text
from handlers.news.card import news_plain
from handlers.notices.cards import utf16_len
from handlers.notices.plain import ZALO_LIMIT, html_to_plain, notice_plain, split_plain
from handlers.papers.card import paper_plain
from handlers.texts import Safe, text
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Meeting,
    NewsPost,
    PaperCall,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
MEETING_ANSWER = "Trả lời: XN 12 CO · XN 12 KHONG <lý do> · XN 12 THAY <họ tên, chức vụ>"
PARAGRAPH = (
    "Thực hiện Kế hoạch số 40-KH/CTĐ ngày 28/5/2024 của Cụm thi đua số 3, đề nghị các đơn vị "
    "rà soát, tổng hợp kết quả phong trào thi đua sáu tháng đầu năm và gửi báo cáo đúng hạn."
)


def _notice(body: str, ann_id: int = 15) -> Announcement:
    return Announcement(
        id=ann_id,
        kind=AnnouncementKind.NOTICE,
        status=AnnouncementStatus.SENDING,
        text=body,
        acknowledge=True,
    )


def _meeting(**fields: object) -> tuple[Announcement, Meeting]:
    ann = Announcement(id=12, kind=AnnouncementKind.MEETING, status=AnnouncementStatus.SENDING)
    values: dict[str, object] = {
        "announcement_id": 12,
        "title": "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024",
        "starts_at": datetime(2024, 6, 19, 1, 0, tzinfo=UTC),
        "ends_at": None,
        "venue": "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội",
        "basis": "Kế hoạch số 40-KH/CTĐ ngày 28/5/2024",
        "composition": "Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm",
        "notes": None,
        "rsvp_deadline": datetime(2024, 6, 14, 10, 0, tzinfo=UTC),
    }
    values.update(fields)
    return ann, Meeting(**values)


def _tally() -> str:
    line = text("vi", "meeting.tally", confirmed=7, units=10, attend=9, absent=1, substitute=1)
    return Safe(line + text("vi", "meeting.tally_unanswered", count=2))


def _call(**fields: object) -> tuple[Announcement, PaperCall]:
    ann = Announcement(id=7, kind=AnnouncementKind.PAPER_CALL, status=AnnouncementStatus.SENDING)
    values: dict[str, object] = {
        "announcement_id": 7,
        "topic": "Đổi mới phương pháp giảng dạy lý luận chính trị",
        "deadline": datetime(2024, 6, 30, 10, 0, tzinfo=UTC),
        "per_unit": 2,
        "notes": None,
    }
    values.update(fields)
    return ann, PaperCall(**values)


def _post(**fields: object) -> tuple[Announcement, NewsPost]:
    ann = Announcement(id=21, kind=AnnouncementKind.NEWS, status=AnnouncementStatus.SENDING)
    values: dict[str, object] = {
        "announcement_id": 21,
        "url": "https://truongchinhtri.vn/tin-tuc/hoi-nghi-so-ket.html?a=1&b=2",
        "title": "Hội nghị sơ kết phong trào thi đua",
        "summary": "Sáng 19/6, Cụm thi đua số 3 tổ chức hội nghị sơ kết.",
        "image_url": None,
        "site": "Trường Chính trị Tô Hiệu",
        "published_at": datetime(2024, 6, 20, 2, 59, tzinfo=UTC),
        "bare": False,
    }
    values.update(fields)
    return ann, NewsPost(**values)


def test_a_short_notice_is_one_message_with_its_header_and_the_typed_acknowledgement() -> None:
    parts = notice_plain(_notice("Kính mời các đồng chí dự Hội nghị sơ kết."))
    assert parts == [
        "📢 THÔNG BÁO #15\nKính mời các đồng chí dự Hội nghị sơ kết."
        "\n\nXác nhận đã nhận: DA NHAN 15"
    ]


def test_markup_and_entities_typed_by_a_user_are_shown_literally() -> None:
    body = "Họp <b>khẩn</b> tại phòng A & B; viết &amp; nghĩa là «và» <a href='x'>y</a>"
    (part,) = notice_plain(_notice(body))
    assert body in part
    assert part.startswith("📢 THÔNG BÁO #15\n")  # Loa's own <b> is gone


def test_a_long_notice_is_cut_at_paragraph_breaks_within_2000_with_the_answer_last() -> None:
    paragraphs = [f"{index}. {PARAGRAPH}" for index in range(1, 31)]
    parts = notice_plain(_notice("\n\n".join(paragraphs)))
    assert len(parts) > 1
    assert all(utf16_len(part) <= ZALO_LIMIT for part in parts)
    assert parts[0].startswith("📢 THÔNG BÁO #15\n1. ")
    assert parts[-1].endswith("\n\nXác nhận đã nhận: DA NHAN 15")
    assert all("DA NHAN" not in part for part in parts[:-1])
    # every paragraph arrives whole, in order, and nothing is lost or repeated
    shown = "\n\n".join(parts).removesuffix("\n\nXác nhận đã nhận: DA NHAN 15")
    assert shown.removeprefix("📢 THÔNG BÁO #15\n").split("\n\n") == paragraphs


def test_a_paragraph_longer_than_a_message_is_cut_at_lines_then_at_words() -> None:
    lines = [f"Dòng {index}: {PARAGRAPH}" for index in range(12)]  # one paragraph, ~2,300 units
    single_line = " ".join([PARAGRAPH] * 14)  # one line of ~2,700 units: cut between words
    parts = split_plain("\n".join(lines) + "\n\n" + single_line, "Trả lời: DA NHAN 3")
    assert all(utf16_len(part) <= ZALO_LIMIT for part in parts)
    assert parts[0].split("\n") == lines[: len(parts[0].split("\n"))]  # whole lines
    assert parts[1].startswith("Dòng ")
    words = " ".join(part.removesuffix("\n\nTrả lời: DA NHAN 3") for part in parts[2:]).split()
    assert words == single_line.split()  # no word cut in two
    assert parts[-1].endswith("\n\nTrả lời: DA NHAN 3")


def test_the_answer_line_that_does_not_fit_beside_the_last_part_still_closes_it() -> None:
    body = "a " * 995  # 1,990 units: no room left for the answer line
    parts = split_plain(body, "Trả lời: DA NHAN 4")
    assert len(parts) == 2
    assert all(utf16_len(part) <= ZALO_LIMIT for part in parts)
    assert parts[-1].endswith("\n\nTrả lời: DA NHAN 4")
    assert "".join(parts).count("a") == 995


def test_lengths_count_utf16_units_so_emoji_take_two() -> None:
    body = "🎉" * 1500  # 1,500 characters, 3,000 UTF-16 units, no space to cut at
    parts = split_plain(body)
    assert [utf16_len(part) for part in parts] == [2000, 1000]
    assert "".join(parts) == body


def test_the_meeting_card_says_the_telegram_words_and_ends_with_the_typed_answers() -> None:
    ann, meeting = _meeting(notes="Mang theo <báo cáo> & tài liệu")
    (card,) = meeting_plain(ann, meeting, TZ, _tally())
    assert card.split("\n") == [
        "📢 GIẤY MỜI HỌP #12",
        "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024",
        "🕗 08:00, Thứ Tư 19/06/2024",
        "📍 Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội",
        "📄 Căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024",
        "👥 Thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm",
        "📝 Ghi chú: Mang theo <báo cáo> & tài liệu",
        "⏳ Xác nhận trước 17:00, Thứ Sáu 14/06/2024",
        "Đã xác nhận: 7/10 đơn vị · ✅ 9 người · ❌ 1 · 👤 1 người dự thay · ⏳ 2 chưa trả lời",
        "",
        MEETING_ANSWER,
    ]
    assert card == html_to_plain(meeting_text(ann, meeting, TZ, _tally())) + (
        "\n\n" + MEETING_ANSWER
    )


def test_a_cancelled_meeting_says_so_and_asks_for_no_answer() -> None:
    ann, meeting = _meeting()
    ann.status = AnnouncementStatus.CANCELLED
    ann.cancel_reason = "Lùi lịch"
    (card,) = meeting_plain(ann, meeting, TZ, _tally())
    assert card.startswith("❌ ĐÃ HUỶ — Lý do: Lùi lịch\n📢 GIẤY MỜI HỌP #12\n")
    assert "XN 12" not in card


def test_a_meeting_card_with_long_fields_is_cut_at_lines_with_the_answers_last() -> None:
    ann, meeting = _meeting(notes=" ".join([PARAGRAPH] * 10))
    parts = meeting_plain(ann, meeting, TZ, _tally())
    assert len(parts) == 2
    assert all(utf16_len(part) <= ZALO_LIMIT for part in parts)
    assert parts[0].endswith("👥 Thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm")
    assert parts[1].startswith("📝 Ghi chú: ")
    assert parts[1].endswith("⏳ 2 chưa trả lời\n\n" + MEETING_ANSWER)


def test_the_paper_call_card_ends_with_the_typed_way_to_submit() -> None:
    ann, call = _call()
    tally = text("vi", "papers.tally", done=6, units=10)
    (card,) = paper_plain(ann, call, TZ, tally)
    assert card.split("\n") == [
        "📝 GỬI THAM LUẬN #7",
        "Đổi mới phương pháp giảng dạy lý luận chính trị",
        "⏳ Hạn nộp: 17:00, Chủ Nhật 30/06/2024",
        "📄 Mỗi đơn vị nộp 2 bài",
        "Đã nộp: 6/10 đơn vị",
        "",
        "📤 Cách nộp: NOP 7 <đường dẫn tới tệp>",
    ]
    assert "/nop" not in card  # the Telegram way (reply with a file) is not offered


def test_the_english_paper_call_card_is_english_too() -> None:
    ann, call = _call()
    tally = text("en", "papers.tally", done=6, units=10)
    (card,) = paper_plain(ann, call, TZ, tally, "en")
    assert card.endswith("\n\n📤 How to submit: NOP 7 <link to the file>")


def test_the_news_card_shows_the_article_url_in_place_of_its_button() -> None:
    ann, post = _post(title="Tin <mới> & nóng")
    (card,) = news_plain(ann, post, TZ)
    lines = card.split("\n")
    assert lines[0] == "📰 TIN BÀI #21"
    assert lines[1] == "Tin <mới> & nóng"
    assert lines[-1] == "📖 Đọc bài viết: " + post.url  # `&` in the URL as it is
    assert "&amp;" not in card


def test_a_bare_news_card_is_its_url_once() -> None:
    ann, post = _post(bare=True, title=None)
    (card,) = news_plain(ann, post, TZ)
    assert card == "📰 TIN BÀI #21\n" + post.url


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        (
            'Xem <a href="https://a.vn/?x=1&amp;y=2">https://a.vn/?x=1&amp;y=2</a>',
            "Xem https://a.vn/?x=1&y=2",
        ),
        ('<a href="https://a.vn/b">Kế hoạch &lt;40&gt;</a>', "Kế hoạch <40>: https://a.vn/b"),
        ("<b>Đậm</b> <i>nghiêng</i> <code>/nop 7</code>", "Đậm nghiêng /nop 7"),
        ("&lt;b&gt; &amp;amp; &quot;", '<b> &amp; "'),
    ],
)
def test_html_becomes_what_a_reader_sees_with_links_as_plain_urls(source: str, shown: str) -> None:
    assert html_to_plain(source) == shown


def test_a_long_link_stays_whole_and_only_a_word_longer_than_a_message_is_cut() -> None:
    link = "https://a.vn/" + "x" * 1985  # 1,998 units: a message of its own, uncut
    parts = split_plain(f"Xem {link} để biết thêm")
    assert parts == ["Xem", link, "để biết thêm"]
    word = "y" * 2500
    assert split_plain(word) == ["y" * 2000, "y" * 500]


@pytest.mark.parametrize("seed", range(20))
def test_any_vietnamese_text_comes_out_whole_and_in_order_within_the_limit(seed: int) -> None:
    chooser = random.Random(seed)
    vocabulary = [*PARAGRAPH.split(), "🎉", "Đảng ủy", "https://a.vn/" + "z" * 150]
    glue = [" "] * 12 + ["\n"] * 2 + ["\n\n"]
    body = "".join(f"{chooser.choice(vocabulary)}{chooser.choice(glue)}" for _ in range(900))
    limit = chooser.choice([200, 500, ZALO_LIMIT])
    parts = split_plain(body, "Trả lời: DA NHAN 9", limit)
    assert all(utf16_len(part) <= limit for part in parts)
    assert parts[-1].endswith("\n\nTrả lời: DA NHAN 9")
    shown = " ".join(parts).removesuffix("Trả lời: DA NHAN 9").split()
    assert shown == body.split()
