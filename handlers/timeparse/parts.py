"""Vietnamese time expressions: read them for certain, or refuse.

Loa owns this grammar because general-purpose parsers misread Vietnamese ("ngày mai lúc 8 giờ"
came out as 17:00). The reader never guesses: what it cannot read for certain is refused with a
`TimeParseError` that says why (`TimeErrorReason`), so the user can be shown the failing text and
`ACCEPTED_EXAMPLES`.

How a text is read:

1. It is normalised: Unicode NFKC, lower case, diacritics stripped (``đ`` → ``d``), spaces
   collapsed. Users on Zalo often type without diacritics ("thu 4", "sang mai"), so every word is
   matched in its plain form. Where the plain form is ambiguous, the diacritics decide when they
   are present: ``tới`` (next) and ``tối`` (evening) both become "toi"; ``mốt`` (the day after
   tomorrow) and ``một`` (one) both become "mot".
2. It is cut into parts by a table of small regular expressions (`_RULES`), tried in order at
   each position: a relative span (``30 phút nữa``), a calendar date (``19/6/2024``,
   ``19 tháng 6``), a clock time (``8h30``, ``08:00``, ``8 giờ kém 15``), a weekday (``thứ 4``,
   ``T4``, ``CN``), a week (``tuần sau``), a day word (``mai``, ``mốt``), a part of the day
   (``sáng``, ``chiều``) and filler words (``lúc``, ``vào``). Anything else is refused.
3. The parts are combined by the rules below into a wall-clock time in the given zone, which is
   localised with zoneinfo and returned in UTC.

Rules of combination:

- A bare hour uses the 24-hour clock (``14h`` is 14:00), except an hour from 0 to 5 (``2h``,
  ``5h30``, ``0h 20/6``): people write ``2h`` for 14:00 too, so it is refused (NIGHT_HOUR) unless a
  part of the day says which (``2h sáng``, ``2h chiều``, ``1h khuya``) or it is written with two
  digits and a colon (``02:00``). A part of the day maps an hour into its
  range (``2 giờ chiều`` is 14:00) and alone stands for a default hour (sáng 08:00, trưa 12:00,
  chiều 14:00, tối 19:00); an hour that does not fit its part of the day (``14h sáng``,
  ``9h chiều``, ``12h đêm``) is refused as ambiguous.
- Dots may separate a clock time (``08.00``, ``8.30``) as well as a date (``19.6.2027``). A
  dotted pair that could be both (``10.10``) is a clock time only when a date is written beside
  it and no other time; otherwise it is refused as ambiguous.
- A date without a time means 08:00. A time without a date means today; if it is already past it
  is refused (the user should add a date, it is never moved to tomorrow).
- A date without a year is the next such date (``19/6`` at the given time, this year if still
  ahead, else next year). Dates are day-first; ``12/13/2024`` does not exist. ``19.6`` and ``19-6``
  without a year could be a clock time or a range and are refused unless written ``ngày 19-6``.
- A plain weekday is its next occurrence; today counts only if the time is still ahead.
  ``thứ 4 tuần này`` / ``thứ 4 này`` is this calendar week's Wednesday (weeks start on Monday),
  ``thứ 4 tuần sau`` / ``tuần tới`` the next calendar week's, ``thứ 4 tới`` the next Wednesday
  after today. ``tuần sau`` alone is next Monday at 08:00.
- ``3 ngày nữa`` is now plus three days at the same clock time; ``2 giờ nữa`` is now plus two
  hours. ``sau 30 phút`` is accepted, but ``sau 2 giờ`` is refused: it may mean "after two o'clock".
- A weekday given together with a date must agree with it; two dates, two times, two parts of the
  day and the like are refused as ambiguous.
- Past results are refused unless ``allow_past``; results more than five years from now are out of
  range.
"""

from __future__ import annotations

import calendar
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

__all__ = [
    "ACCEPTED_EXAMPLES",
    "WEEKDAY_NAMES",
    "WEEKDAY_NAMES_EN",
    "TimeErrorReason",
    "TimeParseError",
    "accepted_examples",
    "format_duration",
    "format_when",
    "parse_duration",
    "parse_durations",
    "parse_when",
]

_log = logging.getLogger(__name__)

MAX_INPUT_LENGTH = 100
"""Longer texts are refused at once: no time expression needs more."""
MAX_YEARS_AWAY = 5
"""Results further than this from now (ahead, or behind when past is allowed) are refused."""
MAX_DURATION = timedelta(days=365)
"""The longest duration `parse_duration` accepts (reminder offsets)."""
DEFAULT_TIME = time(8, 0)
"""The time of day of a date given without one."""

WEEKDAY_NAMES: tuple[str, ...] = (
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ Nhật",
)
"""Vietnamese weekday names as shown to users, Monday first."""

WEEKDAY_NAMES_EN: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
"""English weekday names, for people who chose English (`/ngonngu en`), Monday first."""

ACCEPTED_EXAMPLES: tuple[str, ...] = (
    "8h 19/6/2024",
    "19/06/2024 08:00",
    "14h30 thứ 4 tuần sau",
    "2 giờ chiều mai",
    "mai 9h",
    "sáng thứ Hai",
    "30 phút nữa",
)
"""A few accepted forms, to show users next to a refusal."""


class TimeErrorReason(StrEnum):
    """Why a text was refused."""

    UNREADABLE = "unreadable"
    """Not a time expression Loa knows (or too long)."""
    AMBIGUOUS = "ambiguous"
    """Readable in more than one way, or parts that contradict each other."""
    PAST = "past"
    """The time has already passed."""
    INVALID_DATE = "invalid_date"
    """A date or clock time that does not exist (31/2, 25h, 8h70, thứ 8, a DST gap)."""
    OUT_OF_RANGE = "out_of_range"
    """Too far away, or a duration that is zero or too long."""
    NIGHT_HOUR = "night_hour"
    """An hour from 0 to 5 without a part of the day (``2h``): 02:00 or 14:00? Ambiguous."""


class TimeParseError(ValueError):
    """A time expression or duration that Loa refuses to read.

    ``text`` is the input that failed, ``reason`` why, ``detail`` a short English note for logs.
    """

    def __init__(self, text: str, reason: TimeErrorReason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail} (text: {text!r})")
        self.text = text
        self.reason = reason
        self.detail = detail


class _Refusal(Exception):
    """Raised inside the reader; the public functions turn it into `TimeParseError`."""

    def __init__(self, reason: TimeErrorReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

# Markers for words whose plain form is ambiguous. They are upper case, and the normalised text
# is otherwise lower case, so a user cannot type them.
_NEXT = "NEXT"  # "tới": next/coming
_TOI_UNKNOWN = "TOI"  # "toi" typed without diacritics: evening or next
_ONE = "ONE"  # "một": the number one (not "mốt")

_LETTERS = re.compile(r"[^\W\d_]+")
_DASHES = str.maketrans({"–": "-", "—": "-", "−": "-", "‐": "-", "‑": "-"})


def _strip_marks(text: str) -> str:
    """Remove Vietnamese diacritics (``đ`` → ``d``)."""
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("đ", "d")


def _mark_ambiguous_word(match: re.Match[str]) -> str:
    """Keep what the diacritics say about "toi" and "mot" before they are stripped."""
    word = match.group()
    plain = _strip_marks(word)
    if plain == "toi":
        return {"tối": "toi", "tới": _NEXT}.get(word, _TOI_UNKNOWN)
    if plain == "mot":
        return "mot" if word in ("mốt", "mot") else _ONE
    return word


def _normalise(text: str) -> str:
    """Lower-case, diacritic-free, single-spaced form of ``text`` (see the module docstring)."""
    lowered = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).lower())
    marked = _LETTERS.sub(_mark_ambiguous_word, lowered.translate(_DASHES))
    return " ".join(_strip_marks(marked).split())


# --------------------------------------------------------------------------------------------
# Durations (shared by `parse_duration` and relative times such as "2 giờ nữa")
# --------------------------------------------------------------------------------------------

_W = r"(?![a-zA-Z])"  # the word ends here
_UNIT_MINUTES: dict[str, int] = {
    "phut": 1,
    "ph": 1,
    "p": 1,
    "'": 1,
    "gio": 60,
    "tieng": 60,
    "h": 60,
    "g": 60,
    "ngay": 1440,
    "tuan": 10080,
}
_CLOCK_HOUR_WORDS = frozenset({"gio", "h", "g"})  # also mark o'clock, unlike "tiếng"
_UNIT_ALTERNATION = "phut|ph|p|'|gio|tieng|h|g|ngay|tuan"


def _atom_pattern(capture: bool) -> str:
    """One "number unit" piece of a duration: ``2 giờ``, ``1 tiếng rưỡi``, ``1h30``."""

    def group(name: str) -> str:
        return f"(?P<{name}>" if capture else "(?:"

    return (
        rf"{group('n')}\d{{1,6}})(?!\d)\s*{group('unit')}{_UNIT_ALTERNATION}){_W}"
        rf"(?:\s*{group('half')}ruoi){_W})?"
        rf"(?:\s*{group('bare')}\d{{1,2}})(?!\d)(?!\s*(?:{_UNIT_ALTERNATION}){_W}))?"
    )


_ATOM = re.compile(_atom_pattern(capture=True), re.ASCII)
_SPAN = rf"{_atom_pattern(capture=False)}(?:\s*{_atom_pattern(capture=False)})*"
_DURATION_TEXT = re.compile(rf"(?P<span>{_SPAN})(?:\s+truoc{_W})?", re.ASCII)


@dataclass(frozen=True, slots=True)
class _Span:
    """A span of time read from text, split the way it is added to a clock."""

    calendar: timedelta
    """Days and weeks: added to the wall clock ("3 ngày nữa" keeps the clock time)."""
    absolute: timedelta
    """Hours and minutes: added to the instant."""
    clock_hour_words: bool
    """Whether ``giờ``/``h``/``g`` was used (these also name o'clock)."""

    @property
    def total(self) -> timedelta:
        return self.calendar + self.absolute


_UNIT_RANK = {1: 0, 60: 1, 1440: 2, 10080: 3}


def _read_span(span: str) -> _Span:
    """Add up the pieces of a duration; each unit once, largest first."""
    calendar_minutes = 0
    absolute_minutes = 0
    clock_words = False
    last_rank = len(_UNIT_RANK)
    for atom in _ATOM.finditer(span):
        unit_word = atom["unit"]
        unit = _UNIT_MINUTES[unit_word]
        rank = _UNIT_RANK[unit]
        if rank >= last_rank:
            raise _Refusal(TimeErrorReason.UNREADABLE, "units repeated or out of order")
        last_rank = rank
        minutes = int(atom["n"]) * unit
        if atom["half"]:
            if unit == 1:
                raise _Refusal(TimeErrorReason.UNREADABLE, "half a minute")
            minutes += unit // 2
        if atom["bare"]:
            if unit != 60 or atom["half"]:
                raise _Refusal(TimeErrorReason.UNREADABLE, "number without a unit")
            extra = int(atom["bare"])
            if extra > 59:
                raise _Refusal(TimeErrorReason.UNREADABLE, "more than 59 minutes after hours")
            minutes += extra
            last_rank = 0  # the minutes are taken
        clock_words = clock_words or unit_word in _CLOCK_HOUR_WORDS
        if unit >= 1440:
            calendar_minutes += minutes
        else:
            absolute_minutes += minutes
    return _Span(
        calendar=timedelta(minutes=calendar_minutes),
        absolute=timedelta(minutes=absolute_minutes),
        clock_hour_words=clock_words,
    )


# --------------------------------------------------------------------------------------------
# Parts of a time expression
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Clock:
    """A clock time as written; ``before`` for "8 giờ kém 15" (15 minutes to 8)."""

    hour: int
    minute: int
    before: bool = False
    twenty_four: bool = False  # written ``02:00`` (two-digit hour and a colon): 24-hour clock


@dataclass(frozen=True, slots=True)
class _CalendarDate:
    """A day and month, with the year when one was written."""

    day: int
    month: int
    year: int | None


@dataclass(frozen=True, slots=True)
class _Weekday:
    """A weekday, Monday = 0; ``qualifier`` is "this" (``này``), "coming" (``tới``) or None."""

    index: int
    qualifier: str | None


@dataclass(slots=True)
class _Parts:
    """Everything recognised in one text, in the order of the rules that found it."""

    clocks: list[_Clock] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    dates: list[_CalendarDate] = field(default_factory=list)
    day_offsets: list[int] = field(default_factory=list)
    weekdays: list[_Weekday] = field(default_factory=list)
    weeks: list[int] = field(default_factory=list)
    spans: list[_Span] = field(default_factory=list)
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


_Handler = Callable[[re.Match[str], _Parts], None]


def _year_of(digits: str | None) -> int | None:
    """A written year; two digits are 20xx."""
    if digits is None:
        return None
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _on_relative(m: re.Match[str], parts: _Parts) -> None:
    """``30 phút nữa``, ``sau 2 tiếng``: a span of time from now."""
    span = _read_span(m["after"] or m["ahead"])
    if m["after"] and not m["nua"] and span.clock_hour_words:
        raise _Refusal(TimeErrorReason.AMBIGUOUS, "'sau N giờ' may mean after N o'clock")
    parts.spans.append(span)


def _on_iso_date(m: re.Match[str], parts: _Parts) -> None:
    """``2024-06-19`` (year first), optionally ``T08:00``."""
    parts.dates.append(_CalendarDate(int(m["d"]), int(m["m"]), int(m["y"])))
    if m["hh"]:
        parts.clocks.append(_Clock(int(m["hh"]), int(m["mm"]), twenty_four=True))


def _on_dotted_clock(m: re.Match[str], parts: _Parts) -> None:
    """``08.00``, ``8.30``: a clock time with a dot; ``10.10`` may also be a date (see rules)."""
    first, second = int(m["h"]), int(m["m"])
    could_be_date = 1 <= first <= 31 and 1 <= second <= 12
    if first > 23 or second > 59:
        raise _Refusal(TimeErrorReason.AMBIGUOUS, f"{m.group()!r} without a year")
    clock = _Clock(first, second, twenty_four=len(m["h"]) == 2)
    (parts.dotted if could_be_date else parts.clocks).append(clock)


def _on_numeric_date(m: re.Match[str], parts: _Parts) -> None:
    """``19/6``, ``19/06/2024``, ``19-6-2024``, ``19.6.24``: day first."""
    if m["sep"] in ".-" and m["y"] is None and m["prefix"] is None:
        raise _Refusal(TimeErrorReason.AMBIGUOUS, f"{m.group()!r} without a year")
    parts.dates.append(_CalendarDate(int(m["d"]), int(m["m"]), _year_of(m["y"])))


def _on_worded_date(m: re.Match[str], parts: _Parts) -> None:
    """``ngày 19 tháng 6 năm 2024``, ``19 tháng 6``, ``mùng 2 tháng 9``."""
    parts.dates.append(_CalendarDate(int(m["d"]), int(m["m"]), _year_of(m["y"])))


def _on_day_without_month(m: re.Match[str], parts: _Parts) -> None:
    """``ngày 19`` alone: which month is not said."""
    raise _Refusal(TimeErrorReason.AMBIGUOUS, f"{m.group()!r} has no month")


def _on_colon_clock(m: re.Match[str], parts: _Parts) -> None:
    """``08:00``, ``8:30``."""
    parts.clocks.append(_Clock(int(m["h"]), int(m["m"]), twenty_four=len(m["h"]) == 2))


def _on_hour_clock(m: re.Match[str], parts: _Parts) -> None:
    """``8h``, ``8h30``, ``8g30``, ``8 giờ 30 phút``, ``8 giờ kém 15``, ``8 giờ rưỡi``."""
    hour = int(m["h"])
    if m["to"]:
        parts.clocks.append(_Clock(hour, int(m["to"]), before=True))
    elif m["half"]:
        parts.clocks.append(_Clock(hour, 30))
    else:
        minute = m["m"] or m["glued"] or m["spaced"]
        parts.clocks.append(_Clock(hour, int(minute) if minute else 0))


def _on_bare_hour(m: re.Match[str], parts: _Parts) -> None:
    """``2 chiều``: a number directly followed by a part of the day."""
    parts.clocks.append(_Clock(int(m["h"]), 0))


_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}


def _on_weekday(m: re.Match[str], parts: _Parts) -> None:
    """``thứ 4``, ``thứ Tư``, ``T4``, ``chủ nhật``, ``CN``; optionally ``này`` / ``tới``."""
    if m["num"]:
        number = int(m["num"])
        if not 2 <= number <= 7:
            raise _Refusal(TimeErrorReason.INVALID_DATE, f"no weekday 'thu {number}'")
        index = number - 2
    elif m["word"]:
        index = _WEEKDAY_WORDS[m["word"]]
    elif m["t"]:
        index = int(m["t"]) - 2
    else:
        index = 6
    qualifier = m["q"]
    if qualifier == _TOI_UNKNOWN:
        raise _Refusal(TimeErrorReason.AMBIGUOUS, "weekday + 'toi': evening (tối) or next (tới)?")
    parts.weekdays.append(
        _Weekday(index, {"nay": "this", _NEXT: "coming"}.get(qualifier) if qualifier else None)
    )


_WEEK_OFFSETS = {"sau": 1, _NEXT: 1, _TOI_UNKNOWN: 1, "nay": 0, "truoc": -1}


def _on_week(m: re.Match[str], parts: _Parts) -> None:
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


def _on_day_word(m: re.Match[str], parts: _Parts) -> None:
    """``hôm nay``, ``mai``, ``ngày kia``, ``mốt``, ``hôm qua``: a day counted from today."""
    parts.day_offsets.append(_DAY_WORD_OFFSETS[" ".join(m["w"].split())])


def _on_period(m: re.Match[str], parts: _Parts) -> None:
    """``sáng``, ``trưa``, ``chiều``, ``tối``, ``đêm``, ``khuya``, ``am``, ``pm`` (``buổi``
    optional)."""
    parts.periods.append("toi" if m["p"] == _TOI_UNKNOWN else m["p"])


def _on_filler(m: re.Match[str], parts: _Parts) -> None:
    """``lúc``, ``vào``: words that join parts and mean nothing alone."""


_DAY_PREFIX = r"(?:(?P<prefix>ngay|mung|mong)\s+)?"
_NOT_A_DATE_AHEAD = r"(?!\s*[/.\-:]\s*\d)(?!\s*thang" + _W + r")"

_RULES: tuple[tuple[re.Pattern[str], _Handler], ...] = tuple(
    (re.compile(pattern, re.ASCII), handler)
    for pattern, handler in (
        (
            rf"sau\s+(?P<after>{_SPAN})(?P<nua>\s+nua{_W})?|(?P<ahead>{_SPAN})\s*nua{_W}",
            _on_relative,
        ),
        (
            r"(?P<y>\d{4})(?P<sep>[-/])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
            r"(?:t(?P<hh>\d{1,2}):(?P<mm>\d{2})(?!\d))?",
            _on_iso_date,
        ),
        (rf"(?P<h>\d{{1,2}})\.(?P<m>\d{{2}})(?!\d)(?!\.\d)(?:h{_W})?", _on_dotted_clock),
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
        (rf"(?P<h>\d{{1,2}}):(?P<m>\d{{2}})(?!\d)(?:h{_W})?", _on_colon_clock),
        (
            rf"(?P<h>\d{{1,2}})\s*(?:gio|h|g){_W}"
            rf"(?:\s*kem\s*(?P<to>\d{{1,2}})(?!\d)(?:\s*(?:phut|ph|p|'){_W})?"
            rf"|\s*(?P<half>ruoi){_W}"
            rf"|\s*(?P<m>\d{{1,2}})\s*(?:phut|ph|p|'){_W}"
            rf"|(?P<glued>\d{{2}})(?!\d){_NOT_A_DATE_AHEAD}"
            rf"|\s+(?P<spaced>\d{{2}})(?!\d){_NOT_A_DATE_AHEAD}"
            rf"(?!\s*(?!ngay\s+\d)(?:{_UNIT_ALTERNATION}|nua){_W}))?",
            _on_hour_clock,
        ),
        (
            rf"(?P<h>\d{{1,2}})(?!\d)(?=\s*(?:sang|trua|chieu|toi|{_TOI_UNKNOWN}|dem|khuya|am|pm){_W})",
            _on_bare_hour,
        ),
        (
            r"(?:thu\s*(?P<num>\d{1,2})(?!\d)"
            rf"|thu\s+(?P<word>hai|ba|tu|nam|sau|bay){_W}"
            r"|t(?P<t>[2-7])(?!\d)"
            rf"|(?:chu\s*nhat|cn){_W})"
            rf"(?:\s+(?P<q>nay|{_NEXT}|{_TOI_UNKNOWN}){_W})?",
            _on_weekday,
        ),
        (rf"tuan\s+(?P<q>sau|{_NEXT}|{_TOI_UNKNOWN}|nay|truoc){_W}", _on_week),
        (
            r"(?P<w>hom\s+nay|ngay\s+mai|ngay\s+kia|ngay\s+mot|hom\s+qua|hom\s+kia"
            rf"|nay|mai|mot){_W}",
            _on_day_word,
        ),
        (
            rf"(?:buoi\s+)?(?P<p>sang|trua|chieu|toi|{_TOI_UNKNOWN}|dem|khuya|am|pm){_W}",
            _on_period,
        ),
        (rf"(?:vao\s+luc|vao|luc){_W}", _on_filler),
    )
)


def _is_separator(text: str, pos: int) -> bool:
    """Spaces, commas and semicolons separate parts; so do ``-`` and ``.`` not before a digit."""
    ch = text[pos]
    if ch in " ,;()":
        return True
    return ch in "-." and (pos + 1 == len(text) or not text[pos + 1].isdigit())


def _tokenise(normalised: str) -> _Parts:
    """Cut a normalised text into parts with `_RULES`; refuse anything left over."""
    parts = _Parts()
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
            for marker, plain in ((_NEXT, "toi"), (_TOI_UNKNOWN, "toi"), (_ONE, "mot")):
                rest = rest.replace(marker, plain)
            raise _Refusal(TimeErrorReason.UNREADABLE, f"cannot read {rest!r}")
    return parts


# --------------------------------------------------------------------------------------------
# Combining the parts
# --------------------------------------------------------------------------------------------

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
class _Context:
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
            raise _Refusal(TimeErrorReason.INVALID_DATE, "skipped by a daylight-saving change")
        raise _Refusal(TimeErrorReason.AMBIGUOUS, "repeated by a daylight-saving change")
    return first.astimezone(UTC)


def _require_one_of_each(parts: _Parts) -> None:
    """Two dates, two times, two parts of the day…: the text says two things."""
    if not any(items for _, items in parts.kinds()):
        raise _Refusal(TimeErrorReason.UNREADABLE, "no time expression")
    for name, items in parts.kinds():
        if len(items) > 1:
            raise _Refusal(TimeErrorReason.AMBIGUOUS, f"more than one {name}")


def _time_of_day(parts: _Parts) -> time | None:
    """The clock time from the hour and the part of the day, or None if neither was given."""
    period = parts.periods[0] if parts.periods else None
    if not parts.clocks:
        if period is None:
            return None
        if period not in _PERIOD_DEFAULTS:
            raise _Refusal(TimeErrorReason.AMBIGUOUS, f"'{period}' needs an hour")
        return _PERIOD_DEFAULTS[period]
    clock = parts.clocks[0]
    if clock.hour > 23 or clock.minute > 59:
        raise _Refusal(TimeErrorReason.INVALID_DATE, f"no time {clock.hour}:{clock.minute:02d}")
    hour = clock.hour
    if period is not None:
        mapped = _PERIOD_HOURS[period].get(hour)
        if mapped is None:
            raise _Refusal(TimeErrorReason.AMBIGUOUS, f"{hour}h does not fit '{period}'")
        hour = mapped
    elif hour <= 5 and not clock.twenty_four:
        raise _Refusal(TimeErrorReason.NIGHT_HOUR, f"{hour}h: {hour:02d}:00 or {hour + 12}:00?")
    minutes = hour * 60 + (-clock.minute if clock.before else clock.minute)
    if clock.before and (clock.minute == 0 or minutes < 0):
        raise _Refusal(TimeErrorReason.INVALID_DATE, "'kém' needs 1-59 minutes after hour 1+")
    return time(minutes // 60, minutes % 60)


def _check_year(year: int, ctx: _Context) -> None:
    """Refuse a written year far from now before any date arithmetic can overflow."""
    if year < ctx.local_now.year - MAX_YEARS_AWAY - 1:
        reason = TimeErrorReason.OUT_OF_RANGE if ctx.allow_past else TimeErrorReason.PAST
        raise _Refusal(reason, f"year {year}")
    if year > ctx.local_now.year + MAX_YEARS_AWAY + 1:
        raise _Refusal(TimeErrorReason.OUT_OF_RANGE, f"year {year}")


def _calendar_day(spec: _CalendarDate, at: time, ctx: _Context) -> date:
    """The date of ``19/6/2024``; without a year, the next ``19/6`` whose time is still ahead."""
    if not 1 <= spec.month <= 12 or not 1 <= spec.day <= calendar.monthrange(2024, spec.month)[1]:
        raise _Refusal(TimeErrorReason.INVALID_DATE, f"no date {spec.day}/{spec.month}")
    if spec.year is not None:
        _check_year(spec.year, ctx)
        if spec.day > calendar.monthrange(spec.year, spec.month)[1]:
            raise _Refusal(
                TimeErrorReason.INVALID_DATE, f"no date {spec.day}/{spec.month}/{spec.year}"
            )
        return date(spec.year, spec.month, spec.day)
    for year in range(ctx.today.year, ctx.today.year + 2 * MAX_YEARS_AWAY):
        if spec.day <= calendar.monthrange(year, spec.month)[1]:
            candidate = date(year, spec.month, spec.day)
            if datetime.combine(candidate, at) > ctx.local_now:
                return candidate
    raise _Refusal(TimeErrorReason.OUT_OF_RANGE, f"no {spec.day}/{spec.month} soon enough")


def _weekday_day(weekday: _Weekday, week: int | None, at: time, ctx: _Context) -> date:
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


def _day(parts: _Parts, at: time, ctx: _Context) -> date:
    """The date from the date, day word, weekday and week parts (today if none)."""
    week = parts.weeks[0] if parts.weeks else None
    weekday = parts.weekdays[0] if parts.weekdays else None
    if parts.dates and parts.day_offsets:
        raise _Refusal(TimeErrorReason.AMBIGUOUS, "a date and a day word")
    if week is not None and weekday is None:
        if parts.clocks or parts.periods or parts.dates or parts.day_offsets or week != 1:
            raise _Refusal(TimeErrorReason.AMBIGUOUS, "which day of the week?")
        monday = ctx.today - timedelta(days=ctx.today.weekday())
        return monday + timedelta(days=7)
    if weekday is not None and weekday.qualifier and week is not None:
        raise _Refusal(TimeErrorReason.AMBIGUOUS, "two week qualifiers")
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
        raise _Refusal(TimeErrorReason.AMBIGUOUS, "the weekday does not match the date")
    return day


def _finish(wall: datetime, ctx: _Context) -> datetime:
    """Localise a wall-clock result and check it is ahead and within range."""
    _check_year(wall.year, ctx)
    result = _localise(wall, ctx.tz)
    if result <= ctx.now and not ctx.allow_past:
        raise _Refusal(TimeErrorReason.PAST, "already past")
    if wall > _shift_years(ctx.local_now, MAX_YEARS_AWAY):
        raise _Refusal(TimeErrorReason.OUT_OF_RANGE, f"more than {MAX_YEARS_AWAY} years ahead")
    if wall < _shift_years(ctx.local_now, -MAX_YEARS_AWAY):
        raise _Refusal(TimeErrorReason.OUT_OF_RANGE, f"more than {MAX_YEARS_AWAY} years ago")
    return result


def _from_span(parts: _Parts, ctx: _Context) -> datetime:
    """``2 giờ nữa``: now plus the span; ``3 ngày nữa lúc 9h``: that day at that time."""
    span = parts.spans[0]
    if parts.dates or parts.day_offsets or parts.weekdays or parts.weeks:
        raise _Refusal(TimeErrorReason.AMBIGUOUS, "a relative time and a date")
    if span.total <= timedelta(0):
        raise _Refusal(TimeErrorReason.OUT_OF_RANGE, "zero span")
    if span.total > timedelta(days=366 * MAX_YEARS_AWAY):
        raise _Refusal(TimeErrorReason.OUT_OF_RANGE, f"more than {MAX_YEARS_AWAY} years ahead")
    at = _time_of_day(parts)
    if at is not None:
        if span.absolute or span.calendar % timedelta(days=1):
            raise _Refusal(TimeErrorReason.AMBIGUOUS, "a time of day after hours or minutes")
        return _finish(datetime.combine(ctx.today + span.calendar, at), ctx)
    base = _localise(ctx.local_now + span.calendar, ctx.tz) if span.calendar else ctx.now
    result = base.astimezone(UTC) + span.absolute  # hours and minutes are absolute
    wall = result.astimezone(ctx.tz).replace(tzinfo=None)
    if wall > _shift_years(ctx.local_now, MAX_YEARS_AWAY):
        raise _Refusal(TimeErrorReason.OUT_OF_RANGE, f"more than {MAX_YEARS_AWAY} years ahead")
    return result


def _settle_dotted(parts: _Parts) -> None:
    """``10.10 19/6/2027``: beside a date and no other time, a dotted pair is the clock time."""
    if not parts.dotted:
        return
    if parts.dates and not parts.clocks:
        parts.clocks.extend(parts.dotted)
        parts.dotted.clear()
        return
    raise _Refusal(TimeErrorReason.AMBIGUOUS, "a dotted pair: a clock time or a date?")


def _resolve(parts: _Parts, ctx: _Context) -> datetime:
    """Combine the parts into one UTC instant (rules in the module docstring)."""
    _settle_dotted(parts)
    _require_one_of_each(parts)
    if parts.spans:
        return _from_span(parts, ctx)
    at = _time_of_day(parts)
    day = _day(parts, at or DEFAULT_TIME, ctx)
    return _finish(datetime.combine(day, at or DEFAULT_TIME), ctx)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

_T = TypeVar("_T")


def _guarded(text: str, read: Callable[[], _T]) -> _T:
    """Run a reader; let only `TimeParseError` out, whatever happens inside."""
    try:
        return read()
    except TimeParseError:
        raise
    except _Refusal as refusal:
        raise TimeParseError(text, refusal.reason, refusal.detail) from None
    except (ArithmeticError, LookupError, ValueError) as exc:  # a bug here must not crash a handler
        _log.exception("time parser failed on %r", text)
        raise TimeParseError(
            text, TimeErrorReason.UNREADABLE, f"internal error: {type(exc).__name__}"
        ) from exc


def _normalised_input(text: str) -> str:
    """The normalised text; too long or empty input is refused."""
    if len(text) > MAX_INPUT_LENGTH:
        raise _Refusal(TimeErrorReason.UNREADABLE, f"longer than {MAX_INPUT_LENGTH} characters")
    normalised = _normalise(text)
    if not normalised:
        raise _Refusal(TimeErrorReason.UNREADABLE, "empty")
    return normalised


def parse_when(text: str, now: datetime, tz: ZoneInfo, *, allow_past: bool = False) -> datetime:
    """Read a Vietnamese time expression (``8h 19/6/2024``, ``2 giờ chiều mai``, ``30 phút nữa``).

    ``text`` is read in ``tz``; ``now`` must be timezone-aware (any zone). Returns an aware
    datetime in UTC. A date without a time means 08:00; a time without a date means today; a date
    without a year is the next such date. Past times are refused (reason PAST) unless
    ``allow_past``; the other rules (next occurrence of a weekday or a yearless date) do not change
    with ``allow_past``. Raises `TimeParseError` and nothing else for any ``text``; a naive
    ``now`` is a programming error (ValueError).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("parse_when needs a timezone-aware 'now'")

    def read() -> datetime:
        parts = _tokenise(_normalised_input(text))
        local_now = now.astimezone(tz).replace(tzinfo=None)
        return _resolve(parts, _Context(now, local_now, tz, allow_past))

    return _guarded(text, read)


def parse_duration(text: str) -> timedelta:
    """Read a duration: ``1 ngày``, ``2 giờ``, ``30 phút``, ``1 tuần``, ``1 tiếng``, ``90p``,
    ``1 ngày 2 giờ``, ``1h30``, ``1 tiếng rưỡi``; a trailing ``trước`` ("before") is allowed.

    Units go from largest to smallest, each at most once. The result is more than zero and at
    most 365 days (else OUT_OF_RANGE). Raises `TimeParseError` and nothing else.
    """

    def read() -> timedelta:
        match = _DURATION_TEXT.fullmatch(_normalised_input(text))
        if match is None:
            raise _Refusal(TimeErrorReason.UNREADABLE, "not a duration")
        total = _read_span(match["span"]).total
        if not timedelta(0) < total <= MAX_DURATION:
            raise _Refusal(TimeErrorReason.OUT_OF_RANGE, "not between 1 minute and 365 days")
        return total

    return _guarded(text, read)


_LIST_SEPARATORS = re.compile(r"[,;，；]")


def parse_durations(text: str) -> list[timedelta]:
    """Read a list of durations separated by ``,`` or ``;`` (``nhắc: 1 ngày, 2 giờ``).

    Returns them longest first, duplicates removed (``1 ngày, 24 giờ`` is one). A failing item
    raises `TimeParseError` whose ``text`` is that item.
    """
    if len(text) > MAX_INPUT_LENGTH:
        raise TimeParseError(
            text, TimeErrorReason.UNREADABLE, f"longer than {MAX_INPUT_LENGTH} characters"
        )
    items = [item.strip() for item in _LIST_SEPARATORS.split(text)]
    durations = {parse_duration(item) for item in items if item}
    if not durations:
        raise TimeParseError(text, TimeErrorReason.UNREADABLE, "no duration")
    return sorted(durations, reverse=True)


def format_when(dt: datetime, tz: ZoneInfo, lang: str = "vi") -> str:
    """Show an instant in ``tz`` as on the cards: ``08:00, Thứ Tư 19/06/2024``, or for a person
    who chose English ``08:00, Wednesday 19/06/2024`` (groups always read Vietnamese).

    A naive ``dt`` is taken as UTC (that is how times are stored).
    """
    aware = dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)
    local = aware.astimezone(tz)
    names = WEEKDAY_NAMES_EN if lang == "en" else WEEKDAY_NAMES
    return (
        f"{local.hour:02d}:{local.minute:02d}, {names[local.weekday()]} "
        f"{local.day:02d}/{local.month:02d}/{local.year:04d}"
    )


_DURATION_UNITS: dict[str, tuple[tuple[str, str], ...]] = {
    "vi": (("ngày", "ngày"), ("giờ", "giờ"), ("phút", "phút"), ("giây", "giây")),
    "en": (("day", "days"), ("hour", "hours"), ("minute", "minutes"), ("second", "seconds")),
}
"""The units of a shown duration per language, (one, many), days first."""


def format_duration(td: timedelta, lang: str = "vi") -> str:
    """Show a duration in Vietnamese: ``1 ngày``, ``2 giờ``, ``1 ngày 2 giờ``, ``30 phút`` (in
    English for a person who chose it: ``1 day``, ``2 hours``, ``1 day 2 hours``, ``30 minutes``).

    Days are not grouped into weeks (``7 ngày``); seconds show only when present.
    """
    sign = "-" if td < timedelta(0) else ""
    seconds = abs(td) // timedelta(seconds=1)
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    units = _DURATION_UNITS["en" if lang == "en" else "vi"]
    pieces = [
        f"{amount} {one if amount == 1 else many}"
        for amount, (one, many) in zip((days, hours, minutes, seconds), units, strict=True)
        if amount
    ]
    return sign + (" ".join(pieces) if pieces else f"0 {units[2][1]}")


ACCEPTED_EXAMPLES_EN: tuple[str, ...] = (
    "8h 19/6/2024",
    "19/06/2024 08:00",
    "14h30 19/6",
    "mai 9h (tomorrow at 9:00)",
    "30 phut nua (in 30 minutes)",
)
"""The accepted forms shown to a person who chose English: times are typed as in Vietnamese
(diacritics optional), so the examples avoid marks and gloss the Vietnamese words."""


def accepted_examples(lang: str = "vi") -> tuple[str, ...]:
    """A few accepted forms to show next to a refusal, in the person's language."""
    return ACCEPTED_EXAMPLES_EN if lang == "en" else ACCEPTED_EXAMPLES
