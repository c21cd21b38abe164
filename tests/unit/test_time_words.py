"""What people type on Zalo: a spelled-out month with a time, small numbers written as words,
and ``rưỡi`` (half past), with and without diacritics — and what of it is still refused.

The fixed "now" is the one of test_timeparse.py (Wednesday 12/6/2024 10:15 in Hồ Chí Minh City).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.timeparse import TimeErrorReason, TimeParseError, parse_duration, parse_when
from tests.unit.timeparse_support import NOW, TZ, R


def local(text: str) -> str:
    """The parsed time as a wall-clock string in the test zone."""
    return parse_when(text, NOW, TZ).astimezone(TZ).strftime("%Y-%m-%d %H:%M")


WORDED: list[tuple[str, str]] = [
    # A spelled-out month with a time
    ("8 giờ ngày 19 tháng sáu", "2024-06-19 08:00"),
    ("8h sáng 19 tháng Sáu năm 2024", "2024-06-19 08:00"),
    ("8h sang 19 thang sau nam 2024", "2024-06-19 08:00"),
    ("14:30 ngày mười chín tháng sáu", "2024-06-19 14:30"),
    ("14:30 ngay muoi chin thang sau", "2024-06-19 14:30"),
    ("8h 1 tháng giêng", "2025-01-01 08:00"),
    ("8h mùng 1 tháng Giêng năm 2025", "2025-01-01 08:00"),
    ("8h 20 tháng chạp", "2024-12-20 08:00"),
    ("mùng một tháng giêng", "2025-01-01 08:00"),
    ("mung mot thang gieng 9h", "2025-01-01 09:00"),
    ("mùng hai tháng chín", "2024-09-02 08:00"),
    ("8h 1 tháng một", "2025-01-01 08:00"),
    ("8h ngày một tháng bảy", "2024-07-01 08:00"),
    ("8h 2 tháng hai", "2025-02-02 08:00"),
    ("8h 30 tháng tư", "2025-04-30 08:00"),
    ("8h 4 tháng bốn", "2025-04-04 08:00"),
    ("8h 1 tháng năm năm 2025", "2025-05-01 08:00"),
    ("8h 2 tháng chín", "2024-09-02 08:00"),
    ("8h 20 tháng mười", "2024-10-20 08:00"),
    ("8h 20 tháng mười một", "2024-11-20 08:00"),
    ("8h 20 tháng mười hai", "2024-12-20 08:00"),
    ("hai mươi mốt tháng sáu", "2024-06-21 08:00"),
    ("mười chín tháng sáu lúc 9h", "2024-06-19 09:00"),
    ("chiều thứ tư 19 tháng sáu", "2024-06-19 14:00"),
    # Hours and minutes written as words
    ("tám giờ 20/6", "2024-06-20 08:00"),
    ("tam gio sang mai", "2024-06-13 08:00"),
    ("tám giờ sáng mai", "2024-06-13 08:00"),
    ("8 giờ mười lăm 20/6", "2024-06-20 08:15"),
    ("tám giờ mười lăm phút 20/6", "2024-06-20 08:15"),
    ("tam gio muoi lam phut 20/6", "2024-06-20 08:15"),
    ("8h ba mươi 20/6", "2024-06-20 08:30"),
    ("chín giờ kém mười lăm mai", "2024-06-13 08:45"),
    ("hai giờ chiều mai", "2024-06-13 14:00"),
    ("hai chiều mai", "2024-06-13 14:00"),
    ("một giờ chiều mai", "2024-06-13 13:00"),
    ("sáu chiều mai", "2024-06-13 18:00"),
    ("bảy giờ tối thứ sáu", "2024-06-14 19:00"),
    ("mười giờ thứ hai", "2024-06-17 10:00"),
    ("mười một giờ trưa mai", "2024-06-13 11:00"),
    ("hai mươi giờ mai", "2024-06-13 20:00"),
    ("hai mươi mốt giờ mai", "2024-06-13 21:00"),
    ("hai muoi mot gio mai", "2024-06-13 21:00"),
    ("hai mươi hai giờ 20/6", "2024-06-20 22:00"),
    ("mười lăm phút nữa", "2024-06-12 10:30"),
    ("muoi lam phut nua", "2024-06-12 10:30"),
    ("hai tiếng nữa", "2024-06-12 12:15"),
    ("sau hai tiếng nữa", "2024-06-12 12:15"),
    ("ba ngày nữa", "2024-06-15 10:15"),
    ("hai tuần nữa", "2024-06-26 10:15"),
    ("mốt tám giờ", "2024-06-14 08:00"),
    # Half past
    ("8 giờ rưỡi mai", "2024-06-13 08:30"),
    ("sáng mai tám giờ rưỡi", "2024-06-13 08:30"),
    ("8h rưỡi sáng mai", "2024-06-13 08:30"),
    ("8h ruoi sang mai", "2024-06-13 08:30"),
    ("tám giờ rưỡi 20/6", "2024-06-20 08:30"),
    ("2 giờ rưỡi chiều mai", "2024-06-13 14:30"),
    ("2 rưỡi chiều mai", "2024-06-13 14:30"),
    ("hai rưỡi chiều mai", "2024-06-13 14:30"),
    ("hai ruoi chieu mai", "2024-06-13 14:30"),
    ("tám rưỡi sáng 19 tháng sáu", "2024-06-19 08:30"),
    ("7 rưỡi tối nay", "2024-06-12 19:30"),
    # Words that are not numbers here keep their meaning
    ("thứ hai", "2024-06-17 08:00"),
    ("thu sau tuan sau", "2024-06-21 08:00"),
    ("sáng thứ bảy tới", "2024-06-15 08:00"),
    ("thứ năm 8h", "2024-06-13 08:00"),
    ("ngày mốt", "2024-06-14 08:00"),
    ("mot 9h", "2024-06-14 09:00"),
    ("8h ngày 19 tháng 6 năm 2024", "2024-06-19 08:00"),
]

WORDED_REFUSED: list[tuple[str, TimeErrorReason]] = [
    # tháng mốt: January (tháng một) or November (as said in the South)?
    ("8h 1 tháng mốt", R.AMBIGUOUS),
    ("8h 1 thang mot", R.AMBIGUOUS),
    # The existing rules still apply to spelled numbers
    ("hai giờ mai", R.NIGHT_HOUR),
    ("hai rưỡi mai", R.UNREADABLE),
    ("tám giờ chiều mai", R.AMBIGUOUS),
    ("mười bốn giờ sáng mai", R.AMBIGUOUS),
    ("hai mươi lăm giờ mai", R.INVALID_DATE),
    ("8 giờ sáu mươi 20/6", R.INVALID_DATE),
    ("8h 31 tháng hai", R.INVALID_DATE),
    ("8h 20 tháng mười ba", R.INVALID_DATE),
    ("14:30 ngày mười chín", R.UNREADABLE),
    ("8h 19 tháng", R.UNREADABLE),
    ("8h 19 tháng sáu 20/6", R.AMBIGUOUS),
    ("tám giờ mười giờ", R.AMBIGUOUS),
    ("sau hai giờ", R.AMBIGUOUS),
    ("tám giờ 19 tháng sáu năm 2023", R.PAST),
    ("mười giờ sáng nay", R.PAST),
    ("rưỡi chiều", R.UNREADABLE),
    ("8h rưỡi rưỡi", R.UNREADABLE),
    ("mười lăm phút", R.UNREADABLE),
    ("năm 2024", R.UNREADABLE),
    ("mười giờ năm 2024", R.UNREADABLE),
    ("ngày một 8h", R.UNREADABLE),
]


@pytest.mark.parametrize(("text", "expected"), WORDED)
def test_reads_spelled_numbers_months_and_half_past(text: str, expected: str) -> None:
    assert local(text) == expected


@pytest.mark.parametrize(("text", "reason"), WORDED_REFUSED)
def test_refuses_spelled_forms_with_the_existing_reasons(
    text: str, reason: TimeErrorReason
) -> None:
    with pytest.raises(TimeParseError) as caught:
        parse_when(text, NOW, TZ)
    assert caught.value.reason == reason
    assert caught.value.text == text
    assert caught.value.detail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mười lăm phút", timedelta(minutes=15)),
        ("hai giờ", timedelta(hours=2)),
        ("một tiếng rưỡi", timedelta(minutes=90)),
        ("ba ngày", timedelta(days=3)),
        ("hai ngay", timedelta(days=2)),
        ("một tuần trước", timedelta(weeks=1)),
    ],
)
def test_durations_read_spelled_numbers(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected
