"""Combining the parts of a text into one instant: the rules of combination in the package
docstring (`handlers.timeparse`).

The hour is mapped by the part of the day, the day is found from the date, day word, weekday and
week, and the wall-clock result is localised in the zone (refusing DST gaps and repeats) and
checked to be ahead and within range.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.timeparse.errors import Refusal, TimeErrorReason
from handlers.timeparse.parts import CalendarDate, Parts, Weekday

MAX_YEARS_AWAY = 5
"""Results further than this from now (ahead, or behind when past is allowed) are refused."""
DEFAULT_TIME = time(8, 0)
"""The time of day of a date given without one."""

_PERIOD_HOURS: dict[str, dict[int, int]] = {
    "sang": {h: h for h in range(12)},
    "trua": {11: 11, 12: 12, 1: 13, 13: 13},
    "chieu": {h: (h + 12 if h <= 6 else h) for h in (*range(1, 7), *range(13, 19))},
    "toi": {h: (h + 12 if h <= 11 else h) for h in (*range(6, 12), *range(18, 24))},
    "dem": {h: (h + 12 if h <= 11 else h) for h in (*range(9, 12), *range(21, 24))},
    "khuya": {**{h: h for h in range(6)}, **{h: h + 12 for h in (10, 11)}, 22: 22, 23: 23},
    "am": {**{h: h for h in range(1, 12)}, 12: 0},
    "pm": {**{h: h + 12 for h in range(1, 12)}, 12: 12},
}
"""For each part of the day, the written hours it accepts and the 24-hour hour they mean."""

_PERIOD_DEFAULTS: dict[str, time] = {
    "sang": time(8, 0),
    "trua": time(12, 0),
    "chieu": time(14, 0),
    "toi": time(19, 0),
}
"""A part of the day without an hour. ``đêm``, ``am`` and ``pm`` need an hour."""


@dataclass(frozen=True, slots=True)
class Context:
    """The moment a text is read in."""

    now: datetime
    local_now: datetime  # naive wall clock in `tz`
    tz: ZoneInfo
    allow_past: bool

    @property
    def today(self) -> date:
        return self.local_now.date()


def _shift_years(moment: datetime, years: int) -> datetime:
    """The same wall-clock moment ``years`` later (29 February becomes the 28th)."""
    year = moment.year + years
    day = min(moment.day, calendar.monthrange(year, moment.month)[1])
    return moment.replace(year=year, day=day)


def _localise(wall: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time in ``tz``; refuse times skipped or repeated by DST."""
    first = wall.replace(tzinfo=tz, fold=0)
    second = wall.replace(tzinfo=tz, fold=1)
    if first.utcoffset() != second.utcoffset():
        round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
        if round_trip != wall:
            raise Refusal(TimeErrorReason.INVALID_DATE, "skipped by a daylight-saving change")
        raise Refusal(TimeErrorReason.AMBIGUOUS, "repeated by a daylight-saving change")
    return first.astimezone(UTC)


def _require_one_of_each(parts: Parts) -> None:
    """Two dates, two times, two parts of the day…: the text says two things."""
    if not any(items for _, items in parts.kinds()):
        raise Refusal(TimeErrorReason.UNREADABLE, "no time expression")
    for name, items in parts.kinds():
        if len(items) > 1:
            raise Refusal(TimeErrorReason.AMBIGUOUS, f"more than one {name}")


def _time_of_day(parts: Parts) -> time | None:
    """The clock time from the hour and the part of the day, or None if neither was given."""
    period = parts.periods[0] if parts.periods else None
    if not parts.clocks:
        if period is None:
            return None
        if period not in _PERIOD_DEFAULTS:
            raise Refusal(TimeErrorReason.AMBIGUOUS, f"'{period}' needs an hour")
        return _PERIOD_DEFAULTS[period]
    clock = parts.clocks[0]
    if clock.hour > 23 or clock.minute > 59:
        raise Refusal(TimeErrorReason.INVALID_DATE, f"no time {clock.hour}:{clock.minute:02d}")
    hour = clock.hour
    if period is not None:
        mapped = _PERIOD_HOURS[period].get(hour)
        if mapped is None:
            raise Refusal(TimeErrorReason.AMBIGUOUS, f"{hour}h does not fit '{period}'")
        hour = mapped
    elif hour <= 5 and not clock.twenty_four:
        raise Refusal(TimeErrorReason.NIGHT_HOUR, f"{hour}h: {hour:02d}:00 or {hour + 12}:00?")
    minutes = hour * 60 + (-clock.minute if clock.before else clock.minute)
    if clock.before and (clock.minute == 0 or minutes < 0):
        raise Refusal(TimeErrorReason.INVALID_DATE, "'kém' needs 1-59 minutes after hour 1+")
    return time(minutes // 60, minutes % 60)


def _check_year(year: int, ctx: Context) -> None:
    """Refuse a written year far from now before any date arithmetic can overflow."""
    if year < ctx.local_now.year - MAX_YEARS_AWAY - 1:
        reason = TimeErrorReason.OUT_OF_RANGE if ctx.allow_past else TimeErrorReason.PAST
        raise Refusal(reason, f"year {year}")
    if year > ctx.local_now.year + MAX_YEARS_AWAY + 1:
        raise Refusal(TimeErrorReason.OUT_OF_RANGE, f"year {year}")


def _calendar_day(spec: CalendarDate, at: time, ctx: Context) -> date:
    """The date of ``19/6/2024``; without a year, the next ``19/6`` whose time is still ahead."""
    if not 1 <= spec.month <= 12 or not 1 <= spec.day <= calendar.monthrange(2024, spec.month)[1]:
        raise Refusal(TimeErrorReason.INVALID_DATE, f"no date {spec.day}/{spec.month}")
    if spec.year is not None:
        _check_year(spec.year, ctx)
        if spec.day > calendar.monthrange(spec.year, spec.month)[1]:
            raise Refusal(
                TimeErrorReason.INVALID_DATE, f"no date {spec.day}/{spec.month}/{spec.year}"
            )
        return date(spec.year, spec.month, spec.day)
    for year in range(ctx.today.year, ctx.today.year + 2 * MAX_YEARS_AWAY):
        if spec.day <= calendar.monthrange(year, spec.month)[1]:
            candidate = date(year, spec.month, spec.day)
            if datetime.combine(candidate, at) > ctx.local_now:
                return candidate
    raise Refusal(TimeErrorReason.OUT_OF_RANGE, f"no {spec.day}/{spec.month} soon enough")


def _weekday_day(weekday: Weekday, week: int | None, at: time, ctx: Context) -> date:
    """The date a weekday names, given its week (``tuần sau``) or qualifier (``này``/``tới``)."""
    today = ctx.today
    if week is not None or weekday.qualifier == "this":
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(days=7 * (week or 0) + weekday.index)
    if weekday.qualifier == "coming":
        return today + timedelta(days=(weekday.index - today.weekday() - 1) % 7 + 1)
    ahead = (weekday.index - today.weekday()) % 7
    if ahead == 0 and datetime.combine(today, at) <= ctx.local_now:
        ahead = 7
    return today + timedelta(days=ahead)


def _day(parts: Parts, at: time, ctx: Context) -> date:
    """The date from the date, day word, weekday and week parts (today if none)."""
    week = parts.weeks[0] if parts.weeks else None
    weekday = parts.weekdays[0] if parts.weekdays else None
    if parts.dates and parts.day_offsets:
        raise Refusal(TimeErrorReason.AMBIGUOUS, "a date and a day word")
    if week is not None and weekday is None:
        if parts.clocks or parts.periods or parts.dates or parts.day_offsets or week != 1:
            raise Refusal(TimeErrorReason.AMBIGUOUS, "which day of the week?")
        monday = ctx.today - timedelta(days=ctx.today.weekday())
        return monday + timedelta(days=7)
    if weekday is not None and weekday.qualifier and week is not None:
        raise Refusal(TimeErrorReason.AMBIGUOUS, "two week qualifiers")
    day: date | None = None
    if parts.dates:
        day = _calendar_day(parts.dates[0], at, ctx)
    elif parts.day_offsets:
        day = ctx.today + timedelta(days=parts.day_offsets[0])
    if weekday is None:
        return day or ctx.today
    if day is None:
        return _weekday_day(weekday, week, at, ctx)
    plain = week is None and weekday.qualifier is None
    agrees = (
        day.weekday() == weekday.index if plain else day == _weekday_day(weekday, week, at, ctx)
    )
    if not agrees:
        raise Refusal(TimeErrorReason.AMBIGUOUS, "the weekday does not match the date")
    return day


def _finish(wall: datetime, ctx: Context) -> datetime:
    """Localise a wall-clock result and check it is ahead and within range."""
    _check_year(wall.year, ctx)
    result = _localise(wall, ctx.tz)
    if result <= ctx.now and not ctx.allow_past:
        raise Refusal(TimeErrorReason.PAST, "already past")
    if wall > _shift_years(ctx.local_now, MAX_YEARS_AWAY):
        raise Refusal(TimeErrorReason.OUT_OF_RANGE, f"more than {MAX_YEARS_AWAY} years ahead")
    if wall < _shift_years(ctx.local_now, -MAX_YEARS_AWAY):
        raise Refusal(TimeErrorReason.OUT_OF_RANGE, f"more than {MAX_YEARS_AWAY} years ago")
    return result


def _from_span(parts: Parts, ctx: Context) -> datetime:
    """``2 giờ nữa``: now plus the span; ``3 ngày nữa lúc 9h``: that day at that time."""
    span = parts.spans[0]
    if parts.dates or parts.day_offsets or parts.weekdays or parts.weeks:
        raise Refusal(TimeErrorReason.AMBIGUOUS, "a relative time and a date")
    if span.total <= timedelta(0):
        raise Refusal(TimeErrorReason.OUT_OF_RANGE, "zero span")
    if span.total > timedelta(days=366 * MAX_YEARS_AWAY):
        raise Refusal(TimeErrorReason.OUT_OF_RANGE, f"more than {MAX_YEARS_AWAY} years ahead")
    at = _time_of_day(parts)
    if at is not None:
        if span.absolute or span.calendar % timedelta(days=1):
            raise Refusal(TimeErrorReason.AMBIGUOUS, "a time of day after hours or minutes")
        return _finish(datetime.combine(ctx.today + span.calendar, at), ctx)
    base = _localise(ctx.local_now + span.calendar, ctx.tz) if span.calendar else ctx.now
    result = base.astimezone(UTC) + span.absolute  # hours and minutes are absolute
    wall = result.astimezone(ctx.tz).replace(tzinfo=None)
    if wall > _shift_years(ctx.local_now, MAX_YEARS_AWAY):
        raise Refusal(TimeErrorReason.OUT_OF_RANGE, f"more than {MAX_YEARS_AWAY} years ahead")
    return result


def _settle_dotted(parts: Parts) -> None:
    """``10.10 19/6/2027``: beside a date and no other time, a dotted pair is the clock time."""
    if not parts.dotted:
        return
    if parts.dates and not parts.clocks:
        parts.clocks.extend(parts.dotted)
        parts.dotted.clear()
        return
    raise Refusal(TimeErrorReason.AMBIGUOUS, "a dotted pair: a clock time or a date?")


def resolve(parts: Parts, ctx: Context) -> datetime:
    """Combine the parts into one UTC instant (rules in the package docstring)."""
    _settle_dotted(parts)
    _require_one_of_each(parts)
    if parts.spans:
        return _from_span(parts, ctx)
    at = _time_of_day(parts)
    day = _day(parts, at or DEFAULT_TIME, ctx)
    return _finish(datetime.combine(day, at or DEFAULT_TIME), ctx)
