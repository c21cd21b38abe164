"""Fitting the platform: lengths in UTF-16 units, HTML split at line breaks without breaking a
tag or an entity, lists cut into pages within one message and one keyboard."""

from __future__ import annotations

from bot.emulator.html import parse_html
from bot.telegram import fit_toast
from handlers import pages
from handlers.core import Button
from handlers.notices.cards import shown_len, split_html, split_paragraphs, utf16_len
from handlers.texts import text


def t(key: str, **values: object) -> str:
    return text("vi", key, **values)


def test_an_emoji_counts_two_units_as_telegram_counts_it() -> None:
    assert utf16_len("🎉") == 2 and utf16_len("ư") == 1
    pieces = split_paragraphs("🎉" * 2500)
    assert len(pieces) == 2 and all(utf16_len(p) <= 3800 for p in pieces)
    assert "".join(pieces) == "🎉" * 2500


def test_html_is_split_at_line_breaks_with_open_tags_closed_and_reopened() -> None:
    lines = [f"• <b>HP{i}</b> — Trường &amp; «Tô Hiệu» {i}" for i in range(400)]
    html = "<i>" + "\n".join(lines) + "</i>"
    pieces = split_html(html)
    assert len(pieces) > 1
    for piece in pieces:
        assert utf16_len(piece) <= 4096
        parse_html(piece)  # each piece is valid HTML on its own (raises otherwise)
        assert piece.startswith("<i>") and piece.endswith("</i>")
    rejoined = "\n".join(parse_html(piece)[0] for piece in pieces)
    assert rejoined == parse_html(html)[0]


def test_a_line_longer_than_a_message_is_cut_outside_entities() -> None:
    html = "<b>" + "&amp;" * 2000 + "</b>"
    pieces = split_html(html)
    assert len(pieces) == 3
    for piece in pieces:
        parse_html(piece)
        assert utf16_len(piece) <= 4096
    assert "".join(parse_html(p)[0] for p in pieces) == "&" * 2000


def test_the_shown_length_is_the_text_after_parsing() -> None:
    assert shown_len("<b>Tô &amp; Hiệu</b> 🎉") == len("Tô & Hiệu ") + 2


def test_pages_fit_one_message_and_one_keyboard() -> None:
    entries = [
        pages.Entry(
            f"⏳ <b>T{i:04d}</b> — Trường Chính trị số {i}",
            (
                Button("✅", action=f"t:a.{i}.{{page}}:1"),
                Button("❌", action=f"t:x.{i}.{{page}}:1"),
            ),
        )
        for i in range(1000)
    ]
    first = pages.render(t, "<b>Bảng</b>", entries, action="status.1")
    count = int(first.text.rsplit("/", 2)[1].split("<")[0])  # `<i>Trang 1/21</i>`
    assert count > 1 and utf16_len(first.text) <= 4096
    buttons = [b for row in first.buttons for b in row]
    assert len(buttons) <= 100 and buttons[-1].action == "p:status.1:1"
    assert buttons[0].action == "t:a.0.0:1"  # the page the entry is shown on
    last = pages.render(t, "<b>Bảng</b>", entries, action="status.1", page=10_000)
    assert last.text.endswith(f"<i>Trang {count}/{count}</i>") and "T0999" in last.text
    assert [b.text for b in last.buttons[-1]] == ["◀ Trước"]
    assert (last.buttons[0][0].action or "").endswith(f".{count - 1}:1")


def test_a_short_list_has_no_page_line_and_no_page_buttons() -> None:
    reply = pages.render(t, "<b>Các đơn vị (1)</b>", [pages.Entry("• <b>HP</b>")], action="units")
    assert reply.text == "<b>Các đơn vị (1)</b>\n• <b>HP</b>" and reply.buttons == []


def test_a_toast_is_cut_to_200_units() -> None:
    assert fit_toast("Đã ghi") == "Đã ghi" and fit_toast(None) is None
    cut = fit_toast("🎉" * 150)
    assert cut is not None and utf16_len(cut) <= 200 and cut.endswith("…")
