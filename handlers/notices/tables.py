"""What the status tables of every kind share: people as shown (never a platform id), short
times, and fitting a table into one message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from storage.models import (
    Person,
    Platform,
)

LIMIT = 4096  # Telegram's limit for one message, counted in UTF-16 units


PROXY_PLATFORM = Platform.TELEGRAM  # Telegram ids are numbers: `unit:`/`named:` never collide


UNIT_PREFIX = "unit:"


NAMED_PREFIX = "named:"


def is_unit_placeholder(person: Person) -> bool:
    """Whether this person record stands for a whole unit (an answer set without a name)."""
    return person.platform == PROXY_PLATFORM and person.external_id.startswith(UNIT_PREFIX)


def is_stand_in(person: Person) -> bool:
    """Whether this person record was made for an answer an organiser set (a unit, or a name
    typed in `/tinhhinh`): nobody who talks to Loa, on no platform."""
    return person.platform == PROXY_PLATFORM and person.external_id.startswith(
        (UNIT_PREFIX, NAMED_PREFIX)
    )


def platform_name(t: Callable[..., str], person: Person) -> str:
    """`Telegram` or `Zalo`: where the person talks to Loa (the exports' `Nền tảng`); empty
    for a stand-in."""
    return "" if is_stand_in(person) else t(f"platform.{person.platform.value}")


def platform_mark(t: Callable[..., str], person: Person) -> str:
    """` (Zalo)` after a name in the status tables: Telegram, where most answers come from,
    goes unmarked, so the tables stay short."""
    if person.platform == Platform.TELEGRAM or is_stand_in(person):
        return ""
    return t("platform.mark", platform=t(f"platform.{person.platform.value}"))


def display_name(t: Callable[..., str], person: Person) -> str:
    """A person as shown in tables and exports (never a platform id)."""
    if is_unit_placeholder(person):
        return t("status.unit_representative")
    if person.name:
        return person.name
    return f"@{person.username}" if person.username else t("status.no_name")


def short_time(moment: datetime, tz: ZoneInfo) -> str:
    """`16:05 15/06` in local time: when an answer came."""
    return moment.astimezone(tz).strftime("%H:%M %d/%m")


def size(html: str) -> int:
    """A message's length as Telegram counts it, at most: UTF-16 units of the HTML source
    (tags and entities only shrink when parsed)."""
    return len(html.encode("utf-16-le")) // 2


def join(parts: list[str]) -> str:
    return "\n\n".join(part for part in parts if part)


def fit(header: str, blocks: list[str], footer: str, more: Callable[[int], str]) -> str:
    """Header, as many unit blocks as fit, a line counting the rest, and the footer, within
    one message. Every line is complete HTML, so a last-resort cut at a line break is safe."""
    whole = join([header, *blocks, footer])
    if size(whole) <= LIMIT:
        return whole
    kept: list[str] = []
    for block in blocks:
        hidden = len(blocks) - len(kept) - 1
        trial = join([header, *kept, block, more(hidden) if hidden else "", footer])
        if size(trial) > LIMIT:
            break
        kept.append(block)
    hidden = len(blocks) - len(kept)
    if not kept and blocks:  # one unit alone is too long: as many of its lines as fit
        hidden -= 1
        rest = join([more(hidden) if hidden else "", footer])
        lines: list[str] = []
        for line in blocks[0].split("\n"):
            if size(join([header, "\n".join([*lines, line, "…"]), rest])) > LIMIT:
                break
            lines.append(line)
        kept = ["\n".join([*lines, "…"])] if lines else []
    message = join([header, *kept, more(hidden) if hidden else "", footer])
    if size(message) <= LIMIT:
        return message
    cut: list[str] = []  # a header or footer too long on its own: cut at a line break
    for line in message.split("\n"):
        if size("\n".join([*cut, line, "…"])) > LIMIT:
            break
        cut.append(line)
    return "\n".join([*cut, "…"])
