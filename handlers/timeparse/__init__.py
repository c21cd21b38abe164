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
   tomorrow) and ``một`` (one) both become "mot". Numbers and month names written as words
   (``tám giờ``, ``mười lăm phút``, ``hai mươi mốt``, ``tháng Sáu``, ``tháng giêng``) become
   digits where they can only be numbers (`numerals`): ``thứ hai`` stays Monday.
2. It is cut into parts by a table of small regular expressions (`parts._RULES`), tried in
   order at each position: a relative span (``30 phút nữa``), a calendar date (``19/6/2024``,
   ``19 tháng 6``), a clock time (``8h30``, ``08:00``, ``8 giờ kém 15``), a weekday (``thứ 4``,
   ``T4``, ``CN``), a week (``tuần sau``), a day word (``mai``, ``mốt``), a part of the day
   (``sáng``, ``chiều``) and filler words (``lúc``, ``vào``). ``rưỡi`` is half past: ``8 giờ
   rưỡi``, ``8h rưỡi sáng``, and before a part of the day ``8 rưỡi sáng`` / ``2 rưỡi chiều``.
   Anything else is refused.
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

Where it lives: this package holds the public readers (`parse_when`, `parse_duration`,
`parse_durations`) and re-exports the rest of the public names. The stages are modules below it,
each importing only those before it: `errors` (the refusals), `words` (normalisation),
`numerals` (spelled numbers into digits), `spans`
(durations), `parts` (the rule table, step 2), `combine` (the rules of combination, step 3).
`formats` (times and durations shown to people) needs none of them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from handlers.timeparse.combine import DEFAULT_TIME as DEFAULT_TIME
from handlers.timeparse.combine import MAX_YEARS_AWAY as MAX_YEARS_AWAY
from handlers.timeparse.combine import Context, resolve
from handlers.timeparse.errors import Refusal, TimeErrorReason, TimeParseError
from handlers.timeparse.formats import (
    ACCEPTED_EXAMPLES,
    WEEKDAY_NAMES,
    WEEKDAY_NAMES_EN,
    accepted_examples,
    format_duration,
    format_when,
)
from handlers.timeparse.formats import ACCEPTED_EXAMPLES_EN as ACCEPTED_EXAMPLES_EN
from handlers.timeparse.numerals import spell_numbers
from handlers.timeparse.parts import tokenise
from handlers.timeparse.spans import DURATION_TEXT, read_span
from handlers.timeparse.words import normalise

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
MAX_DURATION = timedelta(days=365)
"""The longest duration `parse_duration` accepts (reminder offsets)."""


_T = TypeVar("_T")


def _guarded(text: str, read: Callable[[], _T]) -> _T:
    """Run a reader; let only `TimeParseError` out, whatever happens inside."""
    try:
        return read()
    except TimeParseError:
        raise
    except Refusal as refusal:
        raise TimeParseError(text, refusal.reason, refusal.detail) from None
    except (ArithmeticError, LookupError, ValueError) as exc:  # a bug here must not crash a handler
        _log.exception("time parser failed on %r", text)
        raise TimeParseError(
            text, TimeErrorReason.UNREADABLE, f"internal error: {type(exc).__name__}"
        ) from exc


def _normalised_input(text: str) -> str:
    """The normalised text; too long or empty input is refused."""
    if len(text) > MAX_INPUT_LENGTH:
        raise Refusal(TimeErrorReason.UNREADABLE, f"longer than {MAX_INPUT_LENGTH} characters")
    normalised = normalise(text)
    if not normalised:
        raise Refusal(TimeErrorReason.UNREADABLE, "empty")
    return spell_numbers(normalised)


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
        parts = tokenise(_normalised_input(text))
        local_now = now.astimezone(tz).replace(tzinfo=None)
        return resolve(parts, Context(now, local_now, tz, allow_past))

    return _guarded(text, read)


def parse_duration(text: str) -> timedelta:
    """Read a duration: ``1 ngày``, ``2 giờ``, ``30 phút``, ``1 tuần``, ``1 tiếng``, ``90p``,
    ``1 ngày 2 giờ``, ``1h30``, ``1 tiếng rưỡi``; a trailing ``trước`` ("before") is allowed.

    Units go from largest to smallest, each at most once. The result is more than zero and at
    most 365 days (else OUT_OF_RANGE). Raises `TimeParseError` and nothing else.
    """

    def read() -> timedelta:
        match = DURATION_TEXT.fullmatch(_normalised_input(text))
        if match is None:
            raise Refusal(TimeErrorReason.UNREADABLE, "not a duration")
        total = read_span(match["span"]).total
        if not timedelta(0) < total <= MAX_DURATION:
            raise Refusal(TimeErrorReason.OUT_OF_RANGE, "not between 1 minute and 365 days")
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
