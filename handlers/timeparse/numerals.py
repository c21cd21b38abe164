"""Numbers and month names written as words ("tám giờ", "mười lăm phút", "tháng Sáu"): turned
into digits before the text is cut into parts.

People on Zalo type more and write small numbers as words. The words of Vietnamese numbers are
also ordinary words of the grammar (``thứ hai`` is Monday, ``sau`` is "after", ``năm`` is "year",
``mốt`` is "the day after tomorrow"), so a number word becomes digits only where it can only be a
number: before a unit (``giờ``, ``phút``, ``tiếng``, ``ngày``, ``tuần``), before ``rưỡi`` or a
part of the day, before ``tháng`` (``ngày mười chín tháng sáu``), after an hour (``8 giờ mười
lăm``) or ``kém``, and after ``tháng`` as the month (``tháng giêng`` is January, ``tháng chạp``
December). Never after ``thứ`` or ``tuần``, nor ``năm`` before digits (``năm 2024`` is a year).
``mốt`` (and ``mot`` typed without marks) is 1 only inside a number (``hai mươi mốt``) or as a
day before ``tháng``; ``tháng mốt`` may be January or November (as it is said in the South) and
is refused as ambiguous. Values are not checked here: ``hai mươi lăm giờ`` becomes ``25 giờ``
and is refused by the rules of combination like any other 25h.
"""

from __future__ import annotations

import re

from handlers.timeparse.errors import Refusal, TimeErrorReason
from handlers.timeparse.words import ONE

_UNITS: dict[str, int] = {
    ONE: 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
}
"""A digit word standing alone or first (``một`` with its marks only: plain "mot" is ``mốt``)."""
_AFTER_TEN: dict[str, int] = {
    **{word: value for word, value in _UNITS.items() if word != "nam"},
    "mot": 1,
    "lam": 5,
    "nham": 5,
}
"""A digit word after ``mười``/``mươi``: five is ``lăm``/``nhăm``, one may be ``mốt``."""
_TENS_WORD = "muoi"

_UNIT_WORDS = frozenset({"gio", "g", "h", "phut", "ph", "p", "tieng", "ngay", "tuan"})
_PERIOD_WORDS = frozenset({"sang", "trua", "chieu", "toi", "TOI", "dem", "khuya", "am", "pm"})
_AFTER_HOUR = frozenset({"gio", "g", "h", "kem"})
_NEVER_AFTER = frozenset({"thu", "tuan"})
_MONTH_WORDS = {"gieng": 1, "chap": 12}

_WORD = re.compile(r"[A-Za-z]+")


def _read_number(words: list[str], start: int) -> tuple[int, int] | None:
    """The number spelled from ``words[start]`` on, and how many words it takes (up to 99)."""
    first = words[start]
    following = words[start + 1] if start + 1 < len(words) else None
    if first == _TENS_WORD:  # mười, mười lăm
        if following in _AFTER_TEN:
            return 10 + _AFTER_TEN[following], 2
        return 10, 1
    if first == "mot" and following == "thang":
        return 1, 1  # "ngày mốt tháng 6" can only be the first
    if first not in _UNITS:
        return None
    if following == _TENS_WORD and _UNITS[first] >= 2:  # hai mươi, hai mươi mốt
        last = words[start + 2] if start + 2 < len(words) else None
        if last in _AFTER_TEN or last == "nam":
            return _UNITS[first] * 10 + (5 if last == "nam" else _AFTER_TEN[last]), 3
        return _UNITS[first] * 10, 2
    return _UNITS[first], 1


def _is_number_here(previous: str | None, following: str | None) -> bool:
    """Whether a spelled number between these two words can only be a number."""
    if previous in _NEVER_AFTER:
        return False
    return (
        following in _UNIT_WORDS
        or following in _PERIOD_WORDS
        or following in ("ruoi", "thang")
        or previous in _AFTER_HOUR
    )


def _month(words: list[str], start: int) -> tuple[int, int] | None:
    """The month named after ``tháng`` (``sáu``, ``mười hai``, ``giêng``, ``chạp``)."""
    word = words[start]
    if word in _MONTH_WORDS:
        return _MONTH_WORDS[word], 1
    if word == "mot":
        raise Refusal(TimeErrorReason.AMBIGUOUS, "'thang mot': January or November?")
    return _read_number(words, start)


def spell_numbers(normalised: str) -> str:
    """``normalised`` with its spelled numbers and month names in digits (rules above)."""
    matches = list(_WORD.finditer(normalised))
    words = [m.group() for m in matches]
    # Words are neighbours only when just spaces lie between them.
    joined = [
        i > 0 and not normalised[matches[i - 1].end() : m.start()].strip()
        for i, m in enumerate(matches)
    ]
    pieces: list[str] = []
    pos = 0
    i = 0
    while i < len(words):
        previous = words[i - 1] if i > 0 and joined[i] else None
        found = _month(words, i) if previous == "thang" else _read_number(words, i)
        if found is not None:
            value, count = found
            run_joined = all(joined[i + k] for k in range(1, count))
            after = i + count
            following = words[after] if after < len(words) and joined[after] else None
            year_word = words[i] == "nam" and normalised[matches[i].end() :].lstrip()[:1].isdigit()
            if (
                run_joined
                and not year_word
                and (previous == "thang" or _is_number_here(previous, following))
            ):
                pieces.append(normalised[pos : matches[i].start()])
                pieces.append(str(value))
                pos = matches[after - 1].end()
                i = after
                continue
        i += 1
    pieces.append(normalised[pos:])
    return "".join(pieces)
