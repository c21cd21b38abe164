"""The notice a giấy mời must give: it should reach the invited at least 3 working days before
the meeting's day (QĐ 45/2018/QĐ-TTg art. 10, "ít nhất 03 ngày làm việc trước ngày họp").

Saturdays, Sundays and the `LOA_HOLIDAYS` dates are not working days. Days are counted in
`LOA_TIMEZONE`: the last compliant day is the meeting's date less 3 working days, and a send on
that local date or earlier is in time. The preview only warns; nothing is ever refused for it.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WORKING_DAYS = 3
SATURDAY = 5


def is_working_day(day: date, holidays: Collection[date] = ()) -> bool:
    """Monday to Friday, and not a listed holiday."""
    return day.weekday() < SATURDAY and day not in holidays


def working_days_before(day: date, count: int, holidays: Collection[date] = ()) -> date:
    """The working day `count` working days before `day` (`day` itself is not counted)."""
    current = day
    left = count
    while left > 0:
        current -= timedelta(days=1)
        if is_working_day(current, holidays):
            left -= 1
    return current


def last_compliant_day(starts_at: datetime, tz: ZoneInfo, holidays: Collection[date] = ()) -> date:
    """The last local date on which the invitation may go out and still give the notice."""
    return working_days_before(starts_at.astimezone(tz).date(), WORKING_DAYS, holidays)


def late_notice(
    send_at: datetime, starts_at: datetime, tz: ZoneInfo, holidays: Collection[date] = ()
) -> datetime | None:
    """The last compliant moment (23:59 of the last compliant day, local) when the send at
    `send_at` gives less than the notice; None when it is in time."""
    last = last_compliant_day(starts_at, tz, holidays)
    if send_at.astimezone(tz).date() <= last:
        return None
    return datetime.combine(last, time(23, 59), tzinfo=tz)
