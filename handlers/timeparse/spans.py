"""Spans of time ("2 giờ", "1 tiếng rưỡi", "1h30"): read for `parse_duration` and for relative
times such as "30 phút nữa".

A span is added up from "number unit" pieces, units largest first and each at most once; days
and weeks are kept apart from hours and minutes because they move the wall clock, not the instant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from handlers.timeparse.errors import Refusal, TimeErrorReason
from handlers.timeparse.words import W

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
UNIT_ALTERNATION = "phut|ph|p|'|gio|tieng|h|g|ngay|tuan"


def _atom_pattern(capture: bool) -> str:
    """One "number unit" piece of a duration: ``2 giờ``, ``1 tiếng rưỡi``, ``1h30``."""

    def group(name: str) -> str:
        return f"(?P<{name}>" if capture else "(?:"

    return (
        rf"{group('n')}\d{{1,6}})(?!\d)\s*{group('unit')}{UNIT_ALTERNATION}){W}"
        rf"(?:\s*{group('half')}ruoi){W})?"
        rf"(?:\s*{group('bare')}\d{{1,2}})(?!\d)(?!\s*(?:{UNIT_ALTERNATION}){W}))?"
    )


_ATOM = re.compile(_atom_pattern(capture=True), re.ASCII)
SPAN = rf"{_atom_pattern(capture=False)}(?:\s*{_atom_pattern(capture=False)})*"
DURATION_TEXT = re.compile(rf"(?P<span>{SPAN})(?:\s+truoc{W})?", re.ASCII)


@dataclass(frozen=True, slots=True)
class Span:
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


def read_span(span: str) -> Span:
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
            raise Refusal(TimeErrorReason.UNREADABLE, "units repeated or out of order")
        last_rank = rank
        minutes = int(atom["n"]) * unit
        if atom["half"]:
            if unit == 1:
                raise Refusal(TimeErrorReason.UNREADABLE, "half a minute")
            minutes += unit // 2
        if atom["bare"]:
            if unit != 60 or atom["half"]:
                raise Refusal(TimeErrorReason.UNREADABLE, "number without a unit")
            extra = int(atom["bare"])
            if extra > 59:
                raise Refusal(TimeErrorReason.UNREADABLE, "more than 59 minutes after hours")
            minutes += extra
            last_rank = 0  # the minutes are taken
        clock_words = clock_words or unit_word in _CLOCK_HOUR_WORDS
        if unit >= 1440:
            calendar_minutes += minutes
        else:
            absolute_minutes += minutes
    return Span(
        calendar=timedelta(minutes=calendar_minutes),
        absolute=timedelta(minutes=absolute_minutes),
        clock_hour_words=clock_words,
    )
