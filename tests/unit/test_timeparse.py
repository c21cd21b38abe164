"""Vietnamese time expressions: what Loa reads, and what it refuses and why.

Durations, the written forms and the properties over any input are in test_time_formats.py.
"""

from __future__ import annotations

import time as wallclock
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from handlers.timeparse import ACCEPTED_EXAMPLES, TimeErrorReason, TimeParseError, parse_when
from tests.unit.timeparse_support import BERLIN, NOW, TZ, R


def local(text: str, now: datetime = NOW, tz: ZoneInfo = TZ, *, allow_past: bool = False) -> str:
    """The parsed time as a wall-clock string in ``tz``."""
    return (
        parse_when(text, now, tz, allow_past=allow_past).astimezone(tz).strftime("%Y-%m-%d %H:%M")
    )


def refusal(text: str, now: datetime = NOW, *, allow_past: bool = False) -> TimeErrorReason:
    """The reason ``text`` is refused (fails the test if it is read)."""
    with pytest.raises(TimeParseError) as caught:
        parse_when(text, now, TZ, allow_past=allow_past)
    assert caught.value.text == text
    assert caught.value.detail
    return caught.value.reason


def test_the_fixed_now_is_a_wednesday() -> None:
    assert NOW.weekday() == 2


ACCEPTED: list[tuple[str, str]] = [
    # Absolute dates and times
    ("19/06/2024 08:00", "2024-06-19 08:00"),
    ("08:00 19/06/2024", "2024-06-19 08:00"),
    ("8h 19/6", "2024-06-19 08:00"),
    ("8h30 19/6/2024", "2024-06-19 08:30"),
    ("8g30 19/6", "2024-06-19 08:30"),
    ("8 giờ 30 19/6", "2024-06-19 08:30"),
    ("8 giờ 30 phút ngày 19/6", "2024-06-19 08:30"),
    ("08:00 ngày 19/6", "2024-06-19 08:00"),
    ("8h ngày 19 tháng 6 năm 2024", "2024-06-19 08:00"),
    ("8h ngày 19 tháng 6, năm 2024", "2024-06-19 08:00"),
    ("19-6-2024 8h", "2024-06-19 08:00"),
    ("19.6.2024 8h", "2024-06-19 08:00"),
    ("19/6/24 8h", "2024-06-19 08:00"),
    ("19/6/2024 lúc 8h", "2024-06-19 08:00"),
    ("19/6/2024, 8h", "2024-06-19 08:00"),
    ("19/6/2024 - 8h", "2024-06-19 08:00"),
    ("vào lúc 8h ngày 19/6/2024", "2024-06-19 08:00"),
    ("2024-06-19 08:00", "2024-06-19 08:00"),
    ("2024-06-19T08:00", "2024-06-19 08:00"),
    ("2024/06/19 8h", "2024-06-19 08:00"),
    ("17h 14/6/2024", "2024-06-14 17:00"),
    ("8h00 20/6", "2024-06-20 08:00"),
    ("08h15 20/6", "2024-06-20 08:15"),
    ("20/6 8h15p", "2024-06-20 08:15"),
    ("20/6 8 giờ 15 phút", "2024-06-20 08:15"),
    ("20/6 8h 5 phút", "2024-06-20 08:05"),
    ("8 giờ kém 15 20/6", "2024-06-20 07:45"),
    ("8 giờ rưỡi 20/6", "2024-06-20 08:30"),
    ("00:00 20/6", "2024-06-20 00:00"),
    ("23:59 20/6", "2024-06-20 23:59"),
    ("8h19/6", "2024-06-19 08:00"),
    ("9:30h 20/6", "2024-06-20 09:30"),
    ("02:00 13/6", "2024-06-13 02:00"),
    ("2024-06-13T02:00", "2024-06-13 02:00"),
    ("8 giờ 30 ngày 19/6", "2024-06-19 08:30"),
    ("8 giờ 30 ngày 19 tháng 6", "2024-06-19 08:30"),
    ("8 giờ 30 phút 19/6", "2024-06-19 08:30"),
    ("8 giờ 30 phút tối mai", "2024-06-13 20:30"),
    # Dots separate clock times as well as dates
    ("08.00 19.6.2027", "2027-06-19 08:00"),
    ("8.30 19/6", "2024-06-19 08:30"),
    ("19.06.2024 8.30", "2024-06-19 08:30"),
    ("14.45h 20/6", "2024-06-20 14:45"),
    ("10.10 19/6/2024", "2024-06-19 10:10"),
    ("08.00 ngày 19.6", "2024-06-19 08:00"),
    # A date without a time is 08:00; without a year, the next such date
    ("19/6", "2024-06-19 08:00"),
    ("19/06", "2024-06-19 08:00"),
    ("ngày 19/6", "2024-06-19 08:00"),
    ("ngày 19-6", "2024-06-19 08:00"),
    ("19 tháng 6", "2024-06-19 08:00"),
    ("mùng 2 tháng 9", "2024-09-02 08:00"),
    ("12/6 14h", "2024-06-12 14:00"),
    ("12/6", "2025-06-12 08:00"),
    ("11/6 9h", "2025-06-11 09:00"),
    ("1/1", "2025-01-01 08:00"),
    ("29/2", "2028-02-29 08:00"),
    ("2/3", "2025-03-02 08:00"),
    # Parts of the day
    ("sáng 19/6", "2024-06-19 08:00"),
    ("chiều 19/6", "2024-06-19 14:00"),
    ("trưa 19/6", "2024-06-19 12:00"),
    ("tối 19/6", "2024-06-19 19:00"),
    ("8h sáng 19/6", "2024-06-19 08:00"),
    ("5h sáng 19/6", "2024-06-19 05:00"),
    ("2h sáng 19/6", "2024-06-19 02:00"),
    ("0h30 sáng 19/6", "2024-06-19 00:30"),
    ("2 giờ sáng 19/6", "2024-06-19 02:00"),
    ("3h khuya 19/6", "2024-06-19 03:00"),
    ("11 giờ khuya 19/6", "2024-06-19 23:00"),
    ("11h trưa 19/6", "2024-06-19 11:00"),
    ("12h trưa 19/6", "2024-06-19 12:00"),
    ("1h trưa 19/6", "2024-06-19 13:00"),
    ("2h chiều 19/6", "2024-06-19 14:00"),
    ("2 giờ chiều 19/6", "2024-06-19 14:00"),
    ("2 chiều 19/6", "2024-06-19 14:00"),
    ("6h chiều 19/6", "2024-06-19 18:00"),
    ("14h chiều 19/6", "2024-06-19 14:00"),
    ("7h tối 19/6", "2024-06-19 19:00"),
    ("19h tối 19/6", "2024-06-19 19:00"),
    ("11h đêm 19/6", "2024-06-19 23:00"),
    ("9 giờ đêm 19/6", "2024-06-19 21:00"),
    ("2:30 chiều 19/6", "2024-06-19 14:30"),
    ("8am 19/6", "2024-06-19 08:00"),
    ("8:30 pm 19/6", "2024-06-19 20:30"),
    ("8h30pm 19/6", "2024-06-19 20:30"),
    ("12pm 19/6", "2024-06-19 12:00"),
    ("buổi sáng 19/6", "2024-06-19 08:00"),
    # A time without a date is today
    ("14h", "2024-06-12 14:00"),
    ("10:16", "2024-06-12 10:16"),
    ("23h", "2024-06-12 23:00"),
    ("chiều", "2024-06-12 14:00"),
    ("tối nay", "2024-06-12 19:00"),
    ("trưa nay", "2024-06-12 12:00"),
    ("chiều nay 3h", "2024-06-12 15:00"),
    ("11h đêm nay", "2024-06-12 23:00"),
    # Day words
    ("hôm nay 15h", "2024-06-12 15:00"),
    ("nay 15h", "2024-06-12 15:00"),
    ("ngày mai", "2024-06-13 08:00"),
    ("mai", "2024-06-13 08:00"),
    ("mai 9h", "2024-06-13 09:00"),
    ("9h mai", "2024-06-13 09:00"),
    ("sáng mai", "2024-06-13 08:00"),
    ("chiều mai", "2024-06-13 14:00"),
    ("2 giờ chiều mai", "2024-06-13 14:00"),
    ("tối mai", "2024-06-13 19:00"),
    ("trưa mai", "2024-06-13 12:00"),
    ("9h30 sáng mai", "2024-06-13 09:30"),
    ("ngày kia", "2024-06-14 08:00"),
    ("mốt", "2024-06-14 08:00"),
    ("ngày mốt 10h", "2024-06-14 10:00"),
    ("mai lúc 8 giờ", "2024-06-13 08:00"),
    ("ngày mai lúc 8 giờ", "2024-06-13 08:00"),
    ("8h sáng ngày mai", "2024-06-13 08:00"),
    # Weekdays: next occurrence, today only if still ahead
    ("thứ 4", "2024-06-19 08:00"),
    ("14h thứ 4", "2024-06-12 14:00"),
    ("thứ Tư", "2024-06-19 08:00"),
    ("8h sáng thứ Tư", "2024-06-19 08:00"),
    ("thứ 5", "2024-06-13 08:00"),
    ("thứ năm", "2024-06-13 08:00"),
    ("thứ 2", "2024-06-17 08:00"),
    ("thứ hai", "2024-06-17 08:00"),
    ("thứ ba", "2024-06-18 08:00"),
    ("thứ sáu", "2024-06-14 08:00"),
    ("thứ 6", "2024-06-14 08:00"),
    ("thứ bảy", "2024-06-15 08:00"),
    ("thứ bẩy", "2024-06-15 08:00"),
    ("thứ 7", "2024-06-15 08:00"),
    ("chủ nhật", "2024-06-16 08:00"),
    ("CN", "2024-06-16 08:00"),
    ("T2", "2024-06-17 08:00"),
    ("t7 9h", "2024-06-15 09:00"),
    ("thứ4", "2024-06-19 08:00"),
    # Weeks: calendar weeks starting on Monday
    ("thứ 4 tuần sau", "2024-06-19 08:00"),
    ("14h thứ 4 tuần sau", "2024-06-19 14:00"),
    ("14h30 thứ 4 tuần sau", "2024-06-19 14:30"),
    ("thứ 4 tuần tới", "2024-06-19 08:00"),
    ("thứ 2 tuần sau", "2024-06-17 08:00"),
    ("chủ nhật tuần sau", "2024-06-23 08:00"),
    ("CN tuần này", "2024-06-16 08:00"),
    ("thứ 5 tuần này", "2024-06-13 08:00"),
    ("14h thứ 4 tuần này", "2024-06-12 14:00"),
    ("thứ 5 này", "2024-06-13 08:00"),
    ("thứ 4 tới", "2024-06-19 08:00"),
    ("14h thứ 4 tới", "2024-06-19 14:00"),
    ("thứ 5 tới", "2024-06-13 08:00"),
    ("tối thứ 4", "2024-06-12 19:00"),
    ("thứ 4 tối", "2024-06-12 19:00"),
    ("tuần sau", "2024-06-17 08:00"),
    ("tuần tới", "2024-06-17 08:00"),
    ("sáng thứ 2 tuần sau 9h", "2024-06-17 09:00"),
    ("2 giờ chiều thứ Sáu", "2024-06-14 14:00"),
    # A weekday that agrees with its date
    ("thứ 4 19/6", "2024-06-19 08:00"),
    ("Thứ Tư, 19/06/2024", "2024-06-19 08:00"),
    ("08:00, Thứ Tư 19/06/2024", "2024-06-19 08:00"),
    ("mai thứ 5", "2024-06-13 08:00"),
    ("thứ 4 tuần sau 19/6", "2024-06-19 08:00"),
    # Without diacritics, any case, extra spaces
    ("thu 4", "2024-06-19 08:00"),
    ("thu tu", "2024-06-19 08:00"),
    ("sang mai", "2024-06-13 08:00"),
    ("chieu 19/6", "2024-06-19 14:00"),
    ("toi mai", "2024-06-13 19:00"),
    ("thu 4 tuan toi", "2024-06-19 08:00"),
    ("thu 4 tuan sau", "2024-06-19 08:00"),
    ("chu nhat", "2024-06-16 08:00"),
    ("ngay mai 9 gio", "2024-06-13 09:00"),
    ("8 gio sang thu tu", "2024-06-19 08:00"),
    ("2 gio chieu mai", "2024-06-13 14:00"),
    ("hom nay 15h", "2024-06-12 15:00"),
    ("mot 10h", "2024-06-14 10:00"),
    ("thu bay", "2024-06-15 08:00"),
    ("thu sau", "2024-06-14 08:00"),
    ("thu sau tuan sau", "2024-06-21 08:00"),
    ("ngay 19 thang 6 nam 2024 luc 8h", "2024-06-19 08:00"),
    ("dem 19/6 11h", "2024-06-19 23:00"),
    ("trua mai", "2024-06-13 12:00"),
    ("THỨ 4 TUẦN SAU", "2024-06-19 08:00"),
    ("SÁNG MAI", "2024-06-13 08:00"),
    ("Mai 9H", "2024-06-13 09:00"),
    ("CHIEU 19/6", "2024-06-19 14:00"),
    ("  mai    9h  ", "2024-06-13 09:00"),
    ("8h   19/6/2024", "2024-06-19 08:00"),
    ("thứ   tư\ttuần  sau", "2024-06-19 08:00"),
    ("Thứ Tư Tuần Sau", "2024-06-19 08:00"),
    # Relative: from now
    ("30 phút nữa", "2024-06-12 10:45"),
    ("2 giờ nữa", "2024-06-12 12:15"),
    ("1 tiếng nữa", "2024-06-12 11:15"),
    ("3 ngày nữa", "2024-06-15 10:15"),
    ("1 tuần nữa", "2024-06-19 10:15"),
    ("sau 30 phút", "2024-06-12 10:45"),
    ("sau 2 tiếng", "2024-06-12 12:15"),
    ("sau 3 ngày", "2024-06-15 10:15"),
    ("sau 30 phút nữa", "2024-06-12 10:45"),
    ("90p nữa", "2024-06-12 11:45"),
    ("1h30 nữa", "2024-06-12 11:45"),
    ("1 giờ 30 phút nữa", "2024-06-12 11:45"),
    ("1 tiếng rưỡi nữa", "2024-06-12 11:45"),
    ("30 phut nua", "2024-06-12 10:45"),
    ("1 ngày 2 giờ nữa", "2024-06-13 12:15"),
    ("3 ngày nữa lúc 9h", "2024-06-15 09:00"),
    ("2 ngày nữa buổi chiều", "2024-06-14 14:00"),
    ("sau 1 tuần", "2024-06-19 10:15"),
    # The far edge of the range
    ("12/6/2029 10h", "2029-06-12 10:00"),
]

REFUSED: list[tuple[str, TimeErrorReason]] = [
    # Not a time expression
    ("", R.UNREADABLE),
    ("   ", R.UNREADABLE),
    ("abc", R.UNREADABLE),
    ("hello 8h", R.UNREADABLE),
    ("lúc", R.UNREADABLE),
    ("tháng 6", R.UNREADABLE),
    ("30 phút", R.UNREADABLE),
    ("2 tháng nữa", R.UNREADABLE),
    ("19/6/202", R.UNREADABLE),
    ("8h5", R.UNREADABLE),
    ("khoảng 8h mai", R.UNREADABLE),
    ("t8", R.UNREADABLE),
    ("ngày một 8h", R.UNREADABLE),
    ("8h-9h mai", R.UNREADABLE),
    ("tuần sau nữa", R.UNREADABLE),
    ("x" * 101, R.UNREADABLE),
    ("8h " + "a" * 200, R.UNREADABLE),
    # Dates and times that do not exist
    ("31/2/2025", R.INVALID_DATE),
    ("31/2", R.INVALID_DATE),
    ("29/2/2025 8h", R.INVALID_DATE),
    ("31/4/2025", R.INVALID_DATE),
    ("25h", R.INVALID_DATE),
    ("8h70", R.INVALID_DATE),
    ("24:00", R.INVALID_DATE),
    ("12/13/2024", R.INVALID_DATE),
    ("0/6", R.INVALID_DATE),
    ("32/1", R.INVALID_DATE),
    ("thứ 8", R.INVALID_DATE),
    ("thu 1", R.INVALID_DATE),
    ("8 giờ kém 0 20/6", R.INVALID_DATE),
    # Two readings, or parts that contradict each other
    ("19/6 20/6", R.AMBIGUOUS),
    ("mai 19/6", R.AMBIGUOUS),
    ("8h 9h mai", R.AMBIGUOUS),
    ("14h sáng", R.AMBIGUOUS),
    ("9h chiều", R.AMBIGUOUS),
    ("9 chiều mai", R.AMBIGUOUS),
    ("sáng chiều mai", R.AMBIGUOUS),
    ("12h tối mai", R.AMBIGUOUS),
    ("12h đêm mai", R.AMBIGUOUS),
    ("0h đêm 20/6", R.AMBIGUOUS),
    ("đêm mai", R.AMBIGUOUS),
    ("am 19/6", R.AMBIGUOUS),
    ("thứ 5 19/6/2024", R.AMBIGUOUS),
    ("mai thứ 6", R.AMBIGUOUS),
    ("thu 4 toi", R.AMBIGUOUS),
    ("sau 2 giờ", R.AMBIGUOUS),
    ("tuần này", R.AMBIGUOUS),
    ("tuần trước", R.AMBIGUOUS),
    ("9h tuần sau", R.AMBIGUOUS),
    ("thứ 4 tuần sau tuần này", R.AMBIGUOUS),
    ("19.6", R.AMBIGUOUS),
    ("19-6", R.AMBIGUOUS),
    ("8:30 19.6", R.AMBIGUOUS),
    ("10.10", R.AMBIGUOUS),
    ("19.06", R.AMBIGUOUS),
    ("8h 19.06", R.AMBIGUOUS),
    ("25.10", R.AMBIGUOUS),
    ("ngày 19", R.AMBIGUOUS),
    ("30 phút nữa 19/6", R.AMBIGUOUS),
    ("2 giờ nữa lúc 9h", R.AMBIGUOUS),
    # Already past
    ("1/1/2020 8h", R.PAST),
    ("19/6/0000", R.PAST),
    ("10h", R.PAST),
    ("10:15", R.PAST),
    # An hour from 0 to 5 without a part of the day: 02:00 or 14:00?
    ("2h", R.NIGHT_HOUR),
    ("2h 19/6", R.NIGHT_HOUR),
    ("2h 13/6", R.NIGHT_HOUR),
    ("0h 20/6", R.NIGHT_HOUR),
    ("5h30 20/6", R.NIGHT_HOUR),
    ("5h59 mai", R.NIGHT_HOUR),
    ("3 giờ thứ 6", R.NIGHT_HOUR),
    ("1 giờ kém 15 20/6", R.NIGHT_HOUR),
    ("2:00 20/6", R.NIGHT_HOUR),
    ("4.30 20/6", R.NIGHT_HOUR),
    ("sáng nay", R.PAST),
    ("thứ 4 tuần này", R.PAST),
    ("thứ 2 này", R.PAST),
    ("hôm qua 9h", R.PAST),
    # Too far away
    ("19/6/2030", R.OUT_OF_RANGE),
    ("19/6/99", R.OUT_OF_RANGE),
    ("12/6/2029 11h", R.OUT_OF_RANGE),
    ("10000 ngày nữa", R.OUT_OF_RANGE),
    ("999999 tuần nữa", R.OUT_OF_RANGE),
    ("0 phút nữa", R.OUT_OF_RANGE),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_reads_accepted_forms(text: str, expected: str) -> None:
    assert local(text) == expected


@pytest.mark.parametrize(("text", "reason"), REFUSED)
def test_refuses_with_the_reason(text: str, reason: TimeErrorReason) -> None:
    assert refusal(text) == reason


def test_the_table_is_large_enough() -> None:
    assert len(ACCEPTED) + len(REFUSED) >= 160
    assert len(REFUSED) >= 40


def test_result_is_aware_utc() -> None:
    result = parse_when("8h 19/6/2024", NOW, TZ)
    assert result.tzinfo is UTC
    assert result == datetime(2024, 6, 19, 1, 0, tzinfo=UTC)


def test_now_may_be_given_in_any_zone() -> None:
    assert local("14h", NOW.astimezone(UTC)) == "2024-06-12 14:00"
    assert local("thứ 4", NOW.astimezone(ZoneInfo("America/New_York"))) == "2024-06-19 08:00"


def test_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_when("mai", NOW.replace(tzinfo=None), TZ)


def test_accepted_examples_are_accepted() -> None:
    for example in ACCEPTED_EXAMPLES:
        parse_when(example, NOW, TZ)


SUNDAY_NIGHT = datetime(2024, 6, 16, 23, 30, tzinfo=TZ)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thứ 2", "2024-06-17 08:00"),
        ("thứ 2 tuần sau", "2024-06-17 08:00"),
        ("chủ nhật", "2024-06-23 08:00"),
        ("23h45", "2024-06-16 23:45"),
        ("23h45 chủ nhật", "2024-06-16 23:45"),
        ("tuần sau", "2024-06-17 08:00"),
        ("mai", "2024-06-17 08:00"),
        ("1 tiếng nữa", "2024-06-17 00:30"),
    ],
)
def test_late_on_a_sunday(text: str, expected: str) -> None:
    assert local(text, SUNDAY_NIGHT) == expected


def test_late_on_a_sunday_this_week_is_behind() -> None:
    assert refusal("thứ 2 tuần này", SUNDAY_NIGHT) == R.PAST
    assert refusal("chủ nhật tuần này", SUNDAY_NIGHT) == R.PAST
    assert local("thứ 2 tuần này", SUNDAY_NIGHT, allow_past=True) == "2024-06-10 08:00"


NEW_YEARS_EVE = datetime(2024, 12, 31, 20, 0, tzinfo=TZ)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1/1", "2025-01-01 08:00"),
        ("31/12", "2025-12-31 08:00"),
        ("31/12 21h", "2024-12-31 21:00"),
        ("mai", "2025-01-01 08:00"),
        ("thứ 4", "2025-01-01 08:00"),
        ("thứ 2 tuần sau", "2025-01-06 08:00"),
        ("5 giờ nữa", "2025-01-01 01:00"),
        ("1/1/25", "2025-01-01 08:00"),
        ("29/2", "2028-02-29 08:00"),
    ],
)
def test_year_rolls_over_on_new_years_eve(text: str, expected: str) -> None:
    assert local(text, NEW_YEARS_EVE) == expected


def test_allow_past_reads_past_times() -> None:
    assert local("1/1/2020 8h", allow_past=True) == "2020-01-01 08:00"
    assert local("10h", allow_past=True) == "2024-06-12 10:00"
    assert local("hôm qua 9h", allow_past=True) == "2024-06-11 09:00"
    assert refusal("19/6/2010", allow_past=True) == R.OUT_OF_RANGE


def test_allow_past_keeps_the_next_occurrence_rules() -> None:
    assert local("12/6", allow_past=True) == "2025-06-12 08:00"
    assert local("thứ 4", allow_past=True) == "2024-06-19 08:00"


def test_error_carries_text_reason_and_detail() -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_when("31/2/2025", NOW, TZ)
    error = caught.value
    assert isinstance(error, ValueError)
    assert (error.text, error.reason) == ("31/2/2025", R.INVALID_DATE)
    assert error.reason == "invalid_date"
    assert "31/2" in error.detail


def test_reason_values_are_lowercase_strings() -> None:
    assert [reason.value for reason in TimeErrorReason] == [
        "unreadable",
        "ambiguous",
        "past",
        "invalid_date",
        "out_of_range",
        "night_hour",
    ]


NEW_YORK = ZoneInfo("America/New_York")


def test_other_zones_are_localised_with_their_offsets() -> None:
    now = datetime(2024, 6, 12, 10, 15, tzinfo=BERLIN)
    result = parse_when("8h 19/6/2024", now, BERLIN)
    assert result == datetime(2024, 6, 19, 6, 0, tzinfo=UTC)
    winter = parse_when("8h 19/12/2024", now, BERLIN)
    assert winter == datetime(2024, 12, 19, 7, 0, tzinfo=UTC)


def test_times_skipped_or_repeated_by_daylight_saving_are_refused() -> None:
    now = datetime(2024, 6, 12, 10, 15, tzinfo=BERLIN)
    with pytest.raises(TimeParseError) as skipped:
        parse_when("02:30 30/3/2025", now, BERLIN)
    assert skipped.value.reason == R.INVALID_DATE
    with pytest.raises(TimeParseError) as repeated:
        parse_when("02:30 27/10/2024", now, BERLIN)
    assert repeated.value.reason == R.AMBIGUOUS


def test_days_from_now_keep_the_clock_time_across_daylight_saving() -> None:
    now = datetime(2024, 3, 8, 10, 0, tzinfo=NEW_YORK)
    assert local("3 ngày nữa", now, NEW_YORK) == "2024-03-11 10:00"
    assert parse_when("3 ngày nữa", now, NEW_YORK) - now.astimezone(UTC) == timedelta(hours=71)
    assert parse_when("72 giờ nữa", now, NEW_YORK) - now.astimezone(UTC) == timedelta(hours=72)


def test_relative_times_keep_the_seconds_of_now() -> None:
    now = datetime(2024, 6, 12, 10, 15, 42, tzinfo=TZ)
    assert parse_when("30 phút nữa", now, TZ) == now + timedelta(minutes=30)


def test_long_input_is_refused_quickly() -> None:
    started = wallclock.perf_counter()
    for text in ("8h " * 1000, "1" * 10_000, "thứ 4 " * 500):
        assert refusal(text) == R.UNREADABLE
    assert wallclock.perf_counter() - started < 0.1
