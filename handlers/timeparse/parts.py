"""Cutting a normalised text into parts: clock times, dates, weekdays, weeks, day words, parts of
the day and relative spans.

The grammar is one ordered table of small regular expressions (`_RULES`), tried in turn at each
position; the first that matches hands its match to a small function that records the part (or
refuses). What is left over is refused. The order matters (a relative span such as ``2 giờ nữa``
is tried before the clock time ``2 giờ`` inside it), which is why the table is kept whole here
rather than split by kind of part. Combining the parts into one time is `combine`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from handlers.timeparse.errors import Refusal, TimeErrorReason
from handlers.timeparse.spans import SPAN, UNIT_ALTERNATION, Span, read_span
from handlers.timeparse.words import NEXT, ONE, TOI_UNKNOWN, W


@dataclass(frozen=True, slots=True)
class _Clock:
    """A clock time as written; ``before`` for "8 giờ kém 15" (15 minutes to 8)."""

    hour: int
    minute: int
    before: bool = False
    twenty_four: bool = False  # written ``02:00`` (two-digit hour and a colon): 24-hour clock


@dataclass(frozen=True, slots=True)
class CalendarDate:
    """A day and month, with the year when one was written."""

    day: int
    month: int
    year: int | None


@dataclass(frozen=True, slots=True)
class Weekday:
    """A weekday, Monday = 0; ``qualifier`` is "this" (``này``), "coming" (``tới``) or None."""

    index: int
    qualifier: str | None


@dataclass(slots=True)
class Parts:
    """Everything recognised in one text, in the order of the rules that found it."""

    clocks: list[_Clock] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    dates: list[CalendarDate] = field(default_factory=list)
    day_offsets: list[int] = field(default_factory=list)
    weekdays: list[Weekday] = field(default_factory=list)
    weeks: list[int] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    dotted: list[_Clock] = field(default_factory=list)  # ``10.10``: a clock time or a date

    def kinds(self) -> tuple[tuple[str, list[object]], ...]:
        """Each kind of part with its name, for the "at most one of each" check."""
        return (
            ("clock time", list(self.clocks)),
            ("part of the day", list(self.periods)),
            ("date", list(self.dates)),
            ("day word", list(self.day_offsets)),
            ("weekday", list(self.weekdays)),
            ("week", list(self.weeks)),
            ("relative time", list(self.spans)),
        )


_Handler = Callable[[re.Match[str], Parts], None]


def _year_of(digits: str | None) -> int | None:
    """A written year; two digits are 20xx."""
    if digits is None:
        return None
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _on_relative(m: re.Match[str], parts: Parts) -> None:
    """``30 phút nữa``, ``sau 2 tiếng``: a span of time from now."""
    span = read_span(m["after"] or m["ahead"])
    if m["after"] and not m["nua"] and span.clock_hour_words:
        raise Refusal(TimeErrorReason.AMBIGUOUS, "'sau N giờ' may mean after N o'clock")
    parts.spans.append(span)


def _on_iso_date(m: re.Match[str], parts: Parts) -> None:
    """``2024-06-19`` (year first), optionally ``T08:00``."""
    parts.dates.append(CalendarDate(int(m["d"]), int(m["m"]), int(m["y"])))
    if m["hh"]:
        parts.clocks.append(_Clock(int(m["hh"]), int(m["mm"]), twenty_four=True))


def _on_dotted_clock(m: re.Match[str], parts: Parts) -> None:
    """``08.00``, ``8.30``: a clock time with a dot; ``10.10`` may also be a date (see rules)."""
    first, second = int(m["h"]), int(m["m"])
    could_be_date = 1 <= first <= 31 and 1 <= second <= 12
    if first > 23 or second > 59:
        raise Refusal(TimeErrorReason.AMBIGUOUS, f"{m.group()!r} without a year")
    clock = _Clock(first, second, twenty_four=len(m["h"]) == 2)
    (parts.dotted if could_be_date else parts.clocks).append(clock)


def _on_numeric_date(m: re.Match[str], parts: Parts) -> None:
    """``19/6``, ``19/06/2024``, ``19-6-2024``, ``19.6.24``: day first."""
    if m["sep"] in ".-" and m["y"] is None and m["prefix"] is None:
        raise Refusal(TimeErrorReason.AMBIGUOUS, f"{m.group()!r} without a year")
    parts.dates.append(CalendarDate(int(m["d"]), int(m["m"]), _year_of(m["y"])))


def _on_worded_date(m: re.Match[str], parts: Parts) -> None:
    """``ngày 19 tháng 6 năm 2024``, ``19 tháng 6``, ``mùng 2 tháng 9``."""
    parts.dates.append(CalendarDate(int(m["d"]), int(m["m"]), _year_of(m["y"])))


def _on_day_without_month(m: re.Match[str], parts: Parts) -> None:
    """``ngày 19`` alone: which month is not said."""
    raise Refusal(TimeErrorReason.AMBIGUOUS, f"{m.group()!r} has no month")


def _on_colon_clock(m: re.Match[str], parts: Parts) -> None:
    """``08:00``, ``8:30``."""
    parts.clocks.append(_Clock(int(m["h"]), int(m["m"]), twenty_four=len(m["h"]) == 2))


def _on_hour_clock(m: re.Match[str], parts: Parts) -> None:
    """``8h``, ``8h30``, ``8g30``, ``8 giờ 30 phút``, ``8 giờ kém 15``, ``8 giờ rưỡi``."""
    hour = int(m["h"])
    if m["to"]:
        parts.clocks.append(_Clock(hour, int(m["to"]), before=True))
    elif m["half"]:
        parts.clocks.append(_Clock(hour, 30))
    else:
        minute = m["m"] or m["glued"] or m["spaced"]
        parts.clocks.append(_Clock(hour, int(minute) if minute else 0))


def _on_bare_hour(m: re.Match[str], parts: Parts) -> None:
    """``2 chiều``, ``2 rưỡi chiều``: a number (and ``rưỡi``) followed by a part of the day."""
    parts.clocks.append(_Clock(int(m["h"]), 30 if m["half"] else 0))


_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}


def _on_weekday(m: re.Match[str], parts: Parts) -> None:
    """``thứ 4``, ``thứ Tư``, ``T4``, ``chủ nhật``, ``CN``; optionally ``này`` / ``tới``."""
    if m["num"]:
        number = int(m["num"])
        if not 2 <= number <= 7:
            raise Refusal(TimeErrorReason.INVALID_DATE, f"no weekday 'thu {number}'")
        index = number - 2
    elif m["word"]:
        index = _WEEKDAY_WORDS[m["word"]]
    elif m["t"]:
        index = int(m["t"]) - 2
    else:
        index = 6
    qualifier = m["q"]
    if qualifier == TOI_UNKNOWN:
        raise Refusal(TimeErrorReason.AMBIGUOUS, "weekday + 'toi': evening (tối) or next (tới)?")
    parts.weekdays.append(
        Weekday(index, {"nay": "this", NEXT: "coming"}.get(qualifier) if qualifier else None)
    )


_WEEK_OFFSETS = {"sau": 1, NEXT: 1, TOI_UNKNOWN: 1, "nay": 0, "truoc": -1}


def _on_week(m: re.Match[str], parts: Parts) -> None:
    """``tuần sau``, ``tuần tới``, ``tuần này``, ``tuần trước``."""
    parts.weeks.append(_WEEK_OFFSETS[m["q"]])


_DAY_WORD_OFFSETS = {
    "hom nay": 0,
    "nay": 0,
    "ngay mai": 1,
    "mai": 1,
    "ngay kia": 2,
    "ngay mot": 2,
    "mot": 2,
    "hom qua": -1,
    "hom kia": -2,
}


def _on_day_word(m: re.Match[str], parts: Parts) -> None:
    """``hôm nay``, ``mai``, ``ngày kia``, ``mốt``, ``hôm qua``: a day counted from today."""
    parts.day_offsets.append(_DAY_WORD_OFFSETS[" ".join(m["w"].split())])


def _on_period(m: re.Match[str], parts: Parts) -> None:
    """``sáng``, ``trưa``, ``chiều``, ``tối``, ``đêm``, ``khuya``, ``am``, ``pm`` (``buổi``
    optional)."""
    parts.periods.append("toi" if m["p"] == TOI_UNKNOWN else m["p"])


def _on_filler(m: re.Match[str], parts: Parts) -> None:
    """``lúc``, ``vào``: words that join parts and mean nothing alone."""


_DAY_PREFIX = r"(?:(?P<prefix>ngay|mung|mong)\s+)?"
_NOT_A_DATE_AHEAD = r"(?!\s*[/.\-:]\s*\d)(?!\s*thang" + W + r")"

_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(pattern, re.ASCII), handler)
    for pattern, handler in (
        (
            rf"sau\s+(?P<after>{SPAN})(?P<nua>\s+nua{W})?|(?P<ahead>{SPAN})\s*nua{W}",
            _on_relative,
        ),
        (
            r"(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
            r"(?:t(?P<hh>\d{1,2}):(?P<mm>\d{2})(?!\d))?",
            _on_iso_date,
        ),
        (rf"(?P<h>\d{{1,2}})\.(?P<m>\d{{2}})(?!\d)(?!\.\d)(?:h{W})?", _on_dotted_clock),
        (
            rf"{_DAY_PREFIX}(?P<d>\d{{1,2}})(?P<sep>[/.\-])(?P<m>\d{{1,2}})"
            r"(?:(?P=sep)(?P<y>\d{4}|\d{2}))?(?!\d)",
            _on_numeric_date,
        ),
        (
            rf"{_DAY_PREFIX}(?P<d>\d{{1,2}})\s+thang\s+(?P<m>\d{{1,2}})(?!\d)"
            r"(?:\s*,?\s*nam\s+(?P<y>\d{4})(?!\d))?",
            _on_worded_date,
        ),
        (r"(?:ngay|mung|mong)\s+\d{1,2}(?![\d/.\-])", _on_day_without_month),
        (rf"(?P<h>\d{{1,2}}):(?P<m>\d{{2}})(?!\d)(?:h{W})?", _on_colon_clock),
        (
            rf"(?P<h>\d{{1,2}})\s*(?:gio|h|g){W}"
            rf"(?:\s*kem\s*(?P<to>\d{{1,2}})(?!\d)(?:\s*(?:phut|ph|p|'){W})?"
            rf"|\s*(?P<half>ruoi){W}"
            rf"|\s*(?P<m>\d{{1,2}})\s*(?:phut|ph|p|'){W}"
            rf"|(?P<glued>\d{{2}})(?!\d){_NOT_A_DATE_AHEAD}"
            rf"|\s+(?P<spaced>\d{{2}})(?!\d){_NOT_A_DATE_AHEAD}"
            rf"(?!\s*(?!ngay\s+\d)(?:{UNIT_ALTERNATION}|nua){W}))?",
            _on_hour_clock,
        ),
        (
            rf"(?P<h>\d{{1,2}})(?!\d)(?:\s*(?P<half>ruoi){W})?(?=\s*(?:sang|trua|chieu|toi|{TOI_UNKNOWN}|dem|khuya|am|pm){W})",
            _on_bare_hour,
        ),
        (
            r"(?:thu\s*(?P<num>\d{1,2})(?!\d)"
            rf"|thu\s+(?P<word>hai|ba|tu|nam|sau|bay){W}"
            r"|t(?P<t>[2-7])(?!\d)"
            rf"|(?:chu\s*nhat|cn){W})"
            rf"(?:\s+(?P<q>nay|{NEXT}|{TOI_UNKNOWN}){W})?",
            _on_weekday,
        ),
        (rf"tuan\s+(?P<q>sau|{NEXT}|{TOI_UNKNOWN}|nay|truoc){W}", _on_week),
        (
            r"(?P<w>hom\s+nay|ngay\s+mai|ngay\s+kia|ngay\s+mot|hom\s+qua|hom\s+kia"
            rf"|nay|mai|mot){W}",
            _on_day_word,
        ),
        (
            rf"(?:buoi\s+)?(?P<p>sang|trua|chieu|toi|{TOI_UNKNOWN}|dem|khuya|am|pm){W}",
            _on_period,
        ),
        (rf"(?:vao\s+luc|vao|luc){W}", _on_filler),
    )
)


def _is_separator(text: str, pos: int) -> bool:
    """Spaces, commas and semicolons separate parts; so do ``-`` and ``.`` not before a digit."""
    ch = text[pos]
    if ch in " ,;()":
        return True
    return ch in "-." and (pos + 1 == len(text) or not text[pos + 1].isdigit())


def tokenise(normalised: str) -> Parts:
    """Cut a normalised text into parts with `_RULES`; refuse anything left over."""
    parts = Parts()
    pos = 0
    while pos < len(normalised):
        if _is_separator(normalised, pos):
            pos += 1
            continue
        for pattern, handler in _RULES:
            match = pattern.match(normalised, pos)
            if match and match.end() > pos:
                handler(match, parts)
                pos = match.end()
                break
        else:
            rest = normalised[pos : pos + 20]
            for marker, plain in ((NEXT, "toi"), (TOI_UNKNOWN, "toi"), (ONE, "mot")):
                rest = rest.replace(marker, plain)
            raise Refusal(TimeErrorReason.UNREADABLE, f"cannot read {rest!r}")
    return parts
