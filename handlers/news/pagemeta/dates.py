"""Dates a page gives: ISO and RFC 2822 values of tags and JSON-LD, and Vietnamese date lines
such as `Ngày đăng 20/06/2024 | 9:59 AM` or `Cập nhật: 08:30 20/6/2024`."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Final
from zoneinfo import ZoneInfo

from handlers.news.pagemeta.text import _SPACE, _clean

# --- dates ----------------------------------------------------------------------------------

_D = r"(?P<d>\d{1,2})\s?[/.-]\s?(?P<m>\d{1,2})\s?[/.-]\s?(?P<y>(?:19|20)\d{2})"
_T = (
    r"(?P<H>\d{1,2})\s?[:hg]\s?(?P<M>\d{2})(?:\s?:\s?(?P<S>\d{2}))?"
    r"(?:\s?(?P<ap>[AaPp]\.?[Mm]\.?|SA|CH)(?![\w]))?"
)
_Z = r"(?:\s?\(?\s?(?P<gmt>GMT|UTC)\s?(?P<off>[+-]\s?\d{1,2}(?::?\d{2})?)?\s?\)?)?"
_SEP = r"\s?(?:[|,–—-]\s?|lúc\s|ngày\s)?\s?"
_WEEKDAY = r"(?:thứ\s(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\snhật|cn)"
_PUBLISHED = (
    r"(?:ngày\sđăng(?:\stải|\sbài)?|đăng\sngày|đăng\slúc|đăng\stải|đăng\sbài|"
    r"ngày\sxuất\sbản|xuất\sbản|thời\sgian\sđăng|ngày\sviết|published|posted)"
)
_UPDATED = r"(?:ngày\scập\snhật|cập\snhật\slần\scuối|cập\snhật(?:\slúc)?|updated)"
_LABEL_TAIL = rf"\s?:?\s?(?:{_WEEKDAY}\s?,?\s?)?(?:ngày\s)?"
_FORMS: Final = (
    _D + _SEP + _T + _Z,
    _T + _SEP + _D + _Z,
    _D + r"(?!\s?[|,–—-]?\s?\d)",
)


def _patterns(prefix: str, forms: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(prefix + form, re.I) for form in forms)


_LABELLED: Final = (
    _patterns(_PUBLISHED + _LABEL_TAIL, _FORMS),
    _patterns(_UPDATED + _LABEL_TAIL, _FORMS),
)
_UNLABELLED: Final = (
    _patterns(rf"(?<!\w){_WEEKDAY}\s?,?\s?(?:ngày\s)?", _FORMS[:2]),
    _patterns(r"(?<![\w/.:-])", _FORMS[:2]),
)
_WORDY_DATE = re.compile(
    r"(?<!\w)ngày\s(?P<d>\d{1,2})\stháng\s(?P<m>\d{1,2})\snăm\s(?P<y>(?:19|20)\d{2})", re.I
)


def _offset(text: str | None) -> timezone | None:
    if not text:
        return None
    digits = re.sub(r"\s", "", text)
    sign = -1 if digits.startswith("-") else 1
    digits = digits[1:].replace(":", "")
    hours, minutes = (digits, "0") if len(digits) <= 2 else (digits[:-2], digits[-2:])
    try:
        delta = timedelta(hours=int(hours), minutes=int(minutes))
    except ValueError:
        return None
    return timezone(sign * delta) if delta <= timedelta(hours=14) else None


def _from_match(match: re.Match[str], tz: ZoneInfo) -> datetime | None:
    parts = match.groupdict()
    hour, minute = int(parts.get("H") or 0), int(parts.get("M") or 0)
    second = int(parts.get("S") or 0)
    meridiem = (parts.get("ap") or "").replace(".", "").upper()
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem in ("PM", "CH") else 0)
    zone = _offset(parts.get("off")) or (UTC if parts.get("gmt") else tz)
    try:
        return datetime(
            int(parts["y"]), int(parts["m"]), int(parts["d"]), hour, minute, second, tzinfo=zone
        )
    except ValueError:
        return None


def _search(patterns: Iterable[re.Pattern[str]], text: str, tz: ZoneInfo) -> datetime | None:
    """The earliest valid match of any pattern (earlier patterns win ties)."""
    found: tuple[int, int, datetime] | None = None
    for rank, pattern in enumerate(patterns):
        for match in pattern.finditer(text):
            when = _from_match(match, tz)
            if when is not None:
                if found is None or (match.start(), rank) < found[:2]:
                    found = (match.start(), rank, when)
                break
    return found[2] if found else None


def find_text_date(text: str, tz: ZoneInfo, *, anywhere: bool = True) -> datetime | None:
    """A publication date written in Vietnamese page text.

    Labelled dates ("Ngày đăng", then "Cập nhật") win; then a weekday with date and time; then
    any date with a time (only when ``anywhere``: it may be another article's date).
    """
    text = _SPACE.sub(" ", text)
    for patterns in _LABELLED:
        when = _search(patterns, text, tz)
        if when is not None:
            return when
    when = _search(_UNLABELLED[0], text, tz)
    if when is not None:
        return when
    match = _WORDY_DATE.search(text)
    if match:
        when = _from_match(match, tz)
        if when is not None:
            return when
    return _search(_UNLABELLED[1], text, tz) if anywhere else None


def _parse_date(value: str | None, tz: ZoneInfo) -> datetime | None:
    """An ISO 8601 (or RFC 2822, or Vietnamese d/m/y) date; naive values are in ``tz``."""
    text = _clean(value)
    if not text:
        return None
    when: datetime | None = None
    iso = re.sub(r"(\d)\s+([+-]\d{2}:?\d{2})$", r"\1\2", text)
    iso = re.sub(r"(?i)(\d)\s*(?:UTC|GMT)$", r"\1Z", iso)
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        with contextlib.suppress(TypeError, ValueError, IndexError):
            when = parsedate_to_datetime(text)
    if when is None:
        when = find_text_date(text, tz)
    if when is None or not 1990 <= when.year <= 2100:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    return when.astimezone(tz)
