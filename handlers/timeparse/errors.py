"""Why a time text is refused: the public error, its reasons, and the refusal used inside.

Every stage of the reader (`words`, `spans`, `parts`, `combine`) refuses by raising `Refusal`;
only the public readers in `handlers.timeparse` turn it into `TimeParseError`. The errors live
here, below all the stages, so each stage can refuse without importing another.
"""

from __future__ import annotations

from enum import StrEnum


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


class Refusal(Exception):
    """Raised inside the reader; the public functions turn it into `TimeParseError`."""

    def __init__(self, reason: TimeErrorReason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
