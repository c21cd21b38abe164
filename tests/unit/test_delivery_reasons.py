"""Why a delivery failed, as organisers read it: the Bot API's common descriptions in plain
Vietnamese, anything else a generic phrase with the description, never a token."""

from __future__ import annotations

from functools import partial

import pytest

from handlers.notices.failures import reason_text, summary
from handlers.texts import text
from storage.models import Chat

VI = partial(text, "vi")
EN = partial(text, "en")


@pytest.mark.parametrize(
    ("detail", "phrase"),
    [
        ("Bad Request: chat not found", "không tìm thấy nhóm"),
        ("Chat not found", "không tìm thấy nhóm"),
        ("Message is too long", "tin quá dài"),
        ('Can\'t parse entities: unsupported start tag "x" at byte offset 3', "định dạng"),
        ("Forbidden: bot was kicked from the supergroup chat", "Loa đã bị xoá khỏi nhóm"),
        ("Forbidden: bot was blocked by the user", "người nhận đã chặn Loa"),
        ("Not enough rights to send text messages to the chat", "không có quyền gửi tin"),
        ("chat inactive", "nhóm đã ngừng nhận thông báo"),
        ("Bad Gateway", "không kết nối được với Telegram"),
    ],
)
def test_common_descriptions_read_as_plain_vietnamese(detail: str, phrase: str) -> None:
    assert phrase in reason_text(VI, detail)


def test_an_unknown_description_is_named_without_any_token() -> None:
    said = reason_text(VI, "Bad Request: PEER_ID_INVALID 7012345678:AAF-e2e-Secret-Token_value-01")
    assert said == "Telegram từ chối tin: «PEER_ID_INVALID …»"
    assert reason_text(EN, "Bad Request: WEIRD") == "Telegram refused the message: «WEIRD»"
    assert reason_text(VI, None) == "Telegram từ chối tin: «?»"


def test_the_summary_groups_chats_by_reason_and_says_when_there_are_more() -> None:
    chats = [Chat(title=f"BGH {i}", external_id=str(-i)) for i in range(1, 8)]
    failures = [(chat, "Message is too long") for chat in chats[:3]] + [
        (chat, "Chat not found") for chat in chats[3:]
    ]
    said = summary(VI, failures, limit=5)
    assert said.startswith("BGH 1, BGH 2, BGH 3: tin quá dài; BGH 4, BGH 5: không tìm thấy nhóm")
    assert said.endswith("…")
