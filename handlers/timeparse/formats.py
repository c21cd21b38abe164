"""Times and durations shown to people, and the examples shown next to a refusal.

Used by nearly every card and reply (``08:00, Thứ Tư 19/06/2024``, ``1 ngày 2 giờ``); it needs
nothing from the reader, so it is kept apart from it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

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
