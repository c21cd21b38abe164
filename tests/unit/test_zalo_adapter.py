"""Reading Zalo updates as requests: commands with or without the slash, the bot's @mention cut
off in groups, typed answers left as text, files and photos marked unsupported, stickers
ignored; and the typed forms that stand in for buttons (`handlers.typed_forms`)."""

from __future__ import annotations

from typing import Any

from bot.zalo import request_of, strip_mention
from bot.zalo_render import payload_messages, plain_messages
from bot.zalo_updates import IMAGE, STICKER, TEXT, UNSUPPORTED, parse_update
from handlers.core import Button
from handlers.meetings.card import rsvp_buttons
from handlers.notices.cards import payload, utf16_len
from handlers.notices.plain import ZALO_LIMIT
from handlers.pages import PREFIX
from handlers.typed_forms import typed_action, typed_form, typed_lines
from storage.models import ChatKind, Platform

ANSWER = (
    "Trả lời: XN 12 CO · XN 12 KHONG <lý do> · XN 12 THAY <họ tên, chức vụ>\n"
    "Đăng ký đại biểu: DAIBIEU 12 | họ tên, chức vụ, điện thoại; …"
)


def update(text: str | None = None, *, group: bool = False, event: str = TEXT) -> Any:
    chat = {"id": "g1", "chat_type": "GROUP", "title": "BGH HP"} if group else {"id": "u1"}
    message: dict[str, Any] = {
        "message_id": "m1",
        "date": 1,
        "from": {"id": "u1", "display_name": "Lan"},
        "chat": chat,
    }
    if text is not None:
        message["text"] = text
    return parse_update({"event_name": event, "message": message})


def test_a_slash_command_in_private_chat_is_a_command_with_its_arguments() -> None:
    req = request_of(update("/tinhhinh 12\nchi tiết"), "Loa")
    assert req is not None and req.command == "tinhhinh" and req.args == "12\nchi tiết"
    assert req.sender.platform == Platform.ZALO and req.sender.external_id == "u1"
    assert req.chat.kind == ChatKind.PRIVATE and req.chat.external_id == "u1"


def test_commands_are_read_case_and_diacritics_insensitively() -> None:
    req = request_of(update("/DS"), "Loa")
    assert req is not None and req.command == "ds"
    english = request_of(update("/list"), "Loa")
    assert english is not None and english.command == "ds"


def test_a_bare_word_in_private_chat_goes_to_the_handlers_as_text() -> None:
    req = request_of(update("ds"), "Loa")  # the router decides who may use it without a slash
    assert req is not None and req.command is None and req.text == "ds"


def test_a_mention_in_a_group_is_cut_off_before_the_command_is_read() -> None:
    req = request_of(update("@Loa nhom HP", group=True), "Loa")
    assert req is not None and req.command == "nhom" and req.args == "HP"
    assert req.chat.kind == ChatKind.GROUP and req.chat.external_id == "g1"
    assert req.chat.title == "BGH HP"
    trailing = request_of(update("/nhom HP @loa", group=True), "Loa")
    assert trailing is not None and trailing.command == "nhom" and trailing.args == "HP"


def test_a_typed_answer_in_a_group_stays_text_without_the_mention() -> None:
    req = request_of(update("@Loa XN 12 KHONG bận họp", group=True), "Loa")
    assert req is not None and req.command is None and req.text == "XN 12 KHONG bận họp"


def test_only_the_bots_own_name_is_cut_off() -> None:
    assert strip_mention("@Loan nhom HP", "Loa") == "@Loan nhom HP"
    assert strip_mention("@Loa Bot: ds", "Loa Bot") == "ds"


def test_a_file_or_a_photo_is_unsupported_and_a_sticker_is_ignored() -> None:
    file = request_of(update(event=UNSUPPORTED), "Loa")
    assert file is not None and file.unsupported and file.command is None
    photo = request_of(update(event=IMAGE), "Loa")
    assert photo is not None and photo.unsupported
    assert request_of(update(event=STICKER), "Loa") is None


def test_the_meeting_buttons_become_one_answer_line_and_the_registration_form() -> None:
    assert typed_lines(rsvp_buttons(12)) == [
        "Trả lời: XN 12 CO · XN 12 KHONG &lt;lý do&gt; · XN 12 THAY &lt;họ tên, chức vụ&gt;",
        "Đăng ký đại biểu: DAIBIEU 12 | họ tên, chức vụ, điện thoại; …",
    ]
    assert typed_form("r:i:12") is None  # the calendar file has no typed form
    assert typed_form("r:a.3:12") is None  # nor the choice of a unit


def test_a_link_button_becomes_its_label_and_url_and_paging_is_dropped() -> None:
    buttons = [
        [Button("📰 Đọc bài", url="https://tin.vn/a?b=1&c=2")],
        [Button("Sau ›", action=f"{PREFIX}:list:2"), Button("Bỏ", action="d:quit:0")],
    ]
    assert plain_messages("Tin mới", buttons) == ["Tin mới\n\n📰 Đọc bài: https://tin.vn/a?b=1&c=2"]


def test_a_meeting_card_payload_ends_with_the_answer_line_as_plain_text() -> None:
    card = payload("<b>GIẤY MỜI HỌP #12</b>\nĐịa điểm: Hội trường &lt;A&gt;", rsvp_buttons(12))
    assert payload_messages(card) == [f"GIẤY MỜI HỌP #12\nĐịa điểm: Hội trường <A>\n\n{ANSWER}"]


def test_a_long_card_is_cut_at_paragraphs_with_the_answer_on_the_last_message() -> None:
    paragraphs = [f"Đoạn {i}: " + "nội dung " * 60 for i in range(8)]
    card = payload("\n\n".join(paragraphs), rsvp_buttons(12))
    messages = payload_messages(card)
    assert len(messages) > 1
    assert all(utf16_len(m) <= ZALO_LIMIT for m in messages)
    assert all(m.startswith("Đoạn ") for m in messages)  # each begins a paragraph
    assert messages[-1].endswith(ANSWER) and not any(ANSWER in m for m in messages[:-1])
    assert "".join(messages).count("nội dung") == 8 * 60


def test_a_document_payload_goes_as_its_caption() -> None:
    assert payload_messages({"document": "file-id", "caption": "<b>Bài</b> của T01"}) == [
        "Bài của T01"
    ]


def test_a_previews_buttons_become_their_typed_forms_and_read_back_as_the_same_actions() -> None:
    preview = [[{"text": "📤", "action": "n:go:7"}, {"text": "✖️", "action": "n:no:7"}]]
    assert typed_lines(preview) == ["📤 Gửi ngay: GUI 7", "✖️ Huỷ bản nháp: HUY 7"]
    assert typed_form("n:at:7") == "⏰ Hẹn gửi đúng giờ đã định: HEN 7"
    assert [typed_action(t) for t in ("GUI 7", "gửi #7", " Hẹn 7 ", "hen7")] == [
        "n:go:7",
        "n:go:7",
        "n:at:7",
        "n:at:7",
    ]
    assert [typed_action(t) for t in ("gui", "gửi 7 ngay", "gửi bài 7", "HUY 7")] == [None] * 4
