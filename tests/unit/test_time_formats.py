"""Durations and the written forms of times: what Loa reads as a duration, how it writes
times and durations, and properties over any input (only its own errors; what it writes reads
back). Time expressions themselves are in test_timeparse.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.timeparse import (
    TimeErrorReason,
    TimeParseError,
    format_duration,
    format_when,
    parse_duration,
    parse_durations,
    parse_when,
)
from tests.unit.timeparse_support import BERLIN, NOW, TZ, R

# --------------------------------------------------------------------------------------------
# Durations
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 ngày", timedelta(days=1)),
        ("2 giờ", timedelta(hours=2)),
        ("30 phút", timedelta(minutes=30)),
        ("1 tuần", timedelta(weeks=1)),
        ("1 tiếng", timedelta(hours=1)),
        ("90p", timedelta(minutes=90)),
        ("1 ngày 2 giờ", timedelta(days=1, hours=2)),
        ("1h30", timedelta(minutes=90)),
        ("1 giờ 30 phút", timedelta(minutes=90)),
        ("1 tiếng rưỡi", timedelta(minutes=90)),
        ("1 ngày rưỡi", timedelta(hours=36)),
        ("2 ngay", timedelta(days=2)),
        ("1 gio", timedelta(hours=1)),
        ("45'", timedelta(minutes=45)),
        ("15ph", timedelta(minutes=15)),
        ("365 ngày", timedelta(days=365)),
        ("52 tuần", timedelta(weeks=52)),
        ("1 ngày trước", timedelta(days=1)),
        ("1 Tuần", timedelta(weeks=1)),
        ("  2   GIỜ ", timedelta(hours=2)),
        ("1 tuần 2 ngày 3 giờ 4 phút", timedelta(weeks=1, days=2, hours=3, minutes=4)),
    ],
)
def test_parse_duration_reads(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", R.UNREADABLE),
        ("abc", R.UNREADABLE),
        ("2 giờ 1 ngày", R.UNREADABLE),
        ("1 ngày 1 ngày", R.UNREADABLE),
        ("1 tháng", R.UNREADABLE),
        ("1 phút rưỡi", R.UNREADABLE),
        ("30 phút nữa", R.UNREADABLE),
        ("1h75", R.UNREADABLE),
        ("ngày", R.UNREADABLE),
        ("1 " * 60, R.UNREADABLE),
        ("0 phút", R.OUT_OF_RANGE),
        ("366 ngày", R.OUT_OF_RANGE),
        ("53 tuần", R.OUT_OF_RANGE),
        ("999999 tuần", R.OUT_OF_RANGE),
    ],
)
def test_parse_duration_refuses(text: str, reason: TimeErrorReason) -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_duration(text)
    assert caught.value.reason == reason
    assert caught.value.text == text


def test_parse_durations_sorts_longest_first_without_duplicates() -> None:
    assert parse_durations("1 ngày, 2 giờ") == [timedelta(days=1), timedelta(hours=2)]
    assert parse_durations("2 giờ; 1 ngày") == [timedelta(days=1), timedelta(hours=2)]
    assert parse_durations("1 ngày, 7 ngày, 3 ngày") == [
        timedelta(days=7),
        timedelta(days=3),
        timedelta(days=1),
    ]
    assert parse_durations("1 ngày, 24 giờ, 1 ngày") == [timedelta(days=1)]
    assert parse_durations("30 phút") == [timedelta(minutes=30)]
    assert parse_durations("1 ngày,, 2 giờ,") == [timedelta(days=1), timedelta(hours=2)]


def test_parse_durations_names_the_item_that_failed() -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_durations("1 ngày, 3 tuổi")
    assert caught.value.text == "3 tuổi"
    assert caught.value.reason == R.UNREADABLE


@pytest.mark.parametrize("text", ["", " , ; ", "x" * 101])
def test_parse_durations_refuses_empty_or_long_lists(text: str) -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_durations(text)
    assert caught.value.reason == R.UNREADABLE


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------


def test_format_when_shows_the_card_form() -> None:
    assert format_when(datetime(2024, 6, 19, 1, 0, tzinfo=UTC), TZ) == "08:00, Thứ Tư 19/06/2024"


def test_format_when_names_every_weekday() -> None:
    names = [format_when(datetime(2024, 6, 17 + i, 3, 5, tzinfo=UTC), TZ) for i in range(7)]
    assert names == [
        "10:05, Thứ Hai 17/06/2024",
        "10:05, Thứ Ba 18/06/2024",
        "10:05, Thứ Tư 19/06/2024",
        "10:05, Thứ Năm 20/06/2024",
        "10:05, Thứ Sáu 21/06/2024",
        "10:05, Thứ Bảy 22/06/2024",
        "10:05, Chủ Nhật 23/06/2024",
    ]


def test_format_when_takes_naive_times_as_utc_and_crosses_midnight() -> None:
    assert format_when(datetime(2024, 6, 18, 20, 30), TZ) == "03:30, Thứ Tư 19/06/2024"
    assert format_when(datetime(2024, 6, 19, 1, 0, tzinfo=UTC), BERLIN) == (
        "03:00, Thứ Tư 19/06/2024"
    )


@pytest.mark.parametrize(
    ("td", "expected"),
    [
        (timedelta(days=1), "1 ngày"),
        (timedelta(hours=2), "2 giờ"),
        (timedelta(days=1, hours=2), "1 ngày 2 giờ"),
        (timedelta(minutes=30), "30 phút"),
        (timedelta(minutes=90), "1 giờ 30 phút"),
        (timedelta(days=7), "7 ngày"),
        (timedelta(0), "0 phút"),
        (timedelta(seconds=45), "45 giây"),
        (timedelta(hours=-2), "-2 giờ"),
    ],
)
def test_format_duration(td: timedelta, expected: str) -> None:
    assert format_duration(td) == expected


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("0123456789/:h.-,; gpt'")
    + list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    + list("áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
    + ["thứ ", "giờ ", "phút ", "ngày ", "tháng ", "năm ", "tuần ", "sau ", "nữa ", "mai "]
    + ["sáng ", "chiều ", "tối ", "tới ", "đêm ", "kém ", "rưỡi ", "CN", "T4", "\u0301"]
)
_TEXT = st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=120)


def _only_time_parse_errors(read: Callable[[str], object], text: str) -> None:
    try:
        read(text)
    except TimeParseError as error:
        assert isinstance(error.reason, TimeErrorReason)
        assert not error.detail.startswith("internal error"), error.detail


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_parse_when_raises_only_its_own_error(text: str) -> None:
    _only_time_parse_errors(lambda t: parse_when(t, NOW, TZ), text)
    _only_time_parse_errors(lambda t: parse_when(t, NOW, TZ, allow_past=True), text)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_parse_duration_raises_only_its_own_error(text: str) -> None:
    _only_time_parse_errors(parse_duration, text)
    _only_time_parse_errors(parse_durations, text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=365 * 24 * 60))
def test_formatted_durations_read_back(minutes: int) -> None:
    td = timedelta(minutes=minutes)
    assert parse_duration(format_duration(td)) == td


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=4 * 365 * 24 * 60))
def test_formatted_times_read_back(minutes_ahead: int) -> None:
    when = (NOW + timedelta(minutes=minutes_ahead)).astimezone(UTC)
    assert parse_when(format_when(when, TZ), NOW, TZ) == when
