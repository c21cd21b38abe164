"""Command forms: fields, options, audiences and codes; random text never escapes as an error."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers import router
from handlers.forms import (
    Audience,
    FormError,
    fold,
    is_now,
    parse_announcement_code,
    parse_audience,
    parse_tag,
    parse_unit_code,
    split_form,
)
from handlers.timeparse import TimeParseError, parse_when
from tests.support import TZ, command, make_harness

KEYS = {"doi tuong": "audience", "gui luc": "send_at"}


def test_first_line_fields_options_and_body_lines() -> None:
    form = split_form("Nội dung | HP, VP | 8h 19/6\nĐối tượng: #bgh\nDòng thêm\n\n", KEYS)
    assert form.fields == ["Nội dung", "HP, VP", "8h 19/6"]
    assert form.options == {"audience": "#bgh"}
    assert form.body == ["Dòng thêm"]
    assert not form.confirmed


def test_a_trailing_bang_confirms_without_preview() -> None:
    assert split_form("Họp gấp | tất cả !", KEYS).confirmed
    assert split_form("Họp gấp | tất cả !", KEYS).fields == ["Họp gấp", "tất cả"]


def test_unknown_keys_stay_in_the_body() -> None:
    form = split_form("Thông báo\nLưu ý: mang theo tài liệu", KEYS)
    assert form.options == {} and form.body == ["Lưu ý: mang theo tài liệu"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Audience()),
        ("tất cả", Audience()),
        ("Tat Ca, riêng", Audience(private=True)),
        ("hp, VP ,#BGH", Audience(everyone=False, units=("HP", "VP"), tags=("bgh",))),
        ("HP; HP", Audience(everyone=False, units=("HP",))),
        ("HP, tất cả", Audience()),
        ("#vanphong, rieng", Audience(everyone=False, tags=("vanphong",), private=True)),
    ],
)
def test_audiences(text: str, expected: Audience) -> None:
    assert parse_audience(text) == expected
    assert Audience.from_json(expected.to_json()) == expected


@pytest.mark.parametrize("text", ["Hải Phòng", "ABCDEFGHIJK", "H-P", "#", "#bad tag!"])
def test_bad_audiences_are_refused(text: str) -> None:
    with pytest.raises(FormError):
        parse_audience(text)


def test_codes_tags_and_words() -> None:
    assert parse_announcement_code(" #12 ") == 12
    assert parse_unit_code("hp") == "HP"
    assert parse_tag("#BGH") == "bgh"
    assert fold("Tất Cả  Đơn vị") == "tat ca don vi"
    assert is_now("Ngay") and is_now("bây giờ") and not is_now("8h")
    for bad in ("", "#", "12a", "-1", "1" * 10):
        with pytest.raises(FormError):
            parse_announcement_code(bad)


ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",))
    | st.sampled_from(list("|:#,;!\n/hgàáảãạăâđêôơưỳ0123456789 ")),
    max_size=120,
)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_random_text_only_ever_raises_form_errors(text: str) -> None:
    for reader in (
        lambda t: split_form(t, KEYS),
        parse_audience,
        parse_announcement_code,
        parse_unit_code,
        parse_tag,
        is_now,
    ):
        try:
            reader(text)
        except FormError:
            pass
    try:
        parse_when(text, datetime(2024, 6, 12, 3, 15, tzinfo=UTC), TZ)
    except TimeParseError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.sampled_from(sorted(router.BY_NAME)), args=ANY_TEXT)
def test_random_arguments_to_every_command_get_a_reply(
    tmp_path_factory, name: str, args: str
) -> None:  # type: ignore[no-untyped-def]
    """Whatever an organiser types after a command, Loa answers with text and raises nothing."""
    path = Path(tmp_path_factory.mktemp("fuzz")) / "loa.db"

    async def scenario() -> str:
        harness = await make_harness(f"sqlite+aiosqlite:///{path}")
        try:
            await router.handle_command(harness.env, command("donvi", "them HP | Trường HP"))
            reply = await router.handle_command(harness.env, command(name, args))
            return reply.text if reply else ""
        finally:
            await harness.engine.dispose()

    assert asyncio.run(scenario())


MEETING_LIKE = {"ghi chu": "notes", "nhac": "reminders", "gui luc": "send_at"}


def test_lines_after_a_note_that_are_not_key_lines_continue_the_note() -> None:
    form = split_form(
        "Họp | 8h 19/6 | Hội trường\n"
        "ghi chú: Mang theo báo cáo.\n"
        "Lưu ý: đến trước 15 phút.\n"
        "\n"
        "Trang phục lịch sự.\n"
        "nhắc: 1 ngày\n",
        MEETING_LIKE,
        frozenset({"notes"}),
    )
    assert form.options == {
        "notes": "Mang theo báo cáo.\nLưu ý: đến trước 15 phút.\n\nTrang phục lịch sự.",
        "reminders": "1 ngày",
    }
    assert form.body == []


def test_a_note_may_start_on_the_line_after_its_key() -> None:
    form = split_form("Họp\nghi chú:\nDòng một\nDòng hai", MEETING_LIKE, frozenset({"notes"}))
    assert form.options == {"notes": "Dòng một\nDòng hai"}


def test_lines_after_other_keys_are_not_taken_into_them() -> None:
    form = split_form("Họp\nnhắc: 1 ngày\nđồ ăn: cơm", MEETING_LIKE, frozenset({"notes"}))
    assert form.options == {"reminders": "1 ngày"}
    assert form.body == ["đồ ăn: cơm"]
