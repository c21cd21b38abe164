"""Reading command forms: `|`-separated fields on the first line, `key: value` lines after it.

Every reader here either returns what it read or raises `FormError` carrying the catalogue key
and values of the explanation; it never raises anything else, whatever the input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

UNIT_CODE = re.compile(r"^[A-Za-z0-9]{1,10}$")
TAG = re.compile(r"^[a-z0-9_-]{1,20}$")
ANNOUNCEMENT_CODE = re.compile(r"^#?(\d{1,9})$")
KEY_LINE = re.compile(r"^\s*([^\W\d_][^:|]{0,30}?)\s*:\s*(.*)$")
MAX_INPUT = 8000


class FormError(Exception):
    """Input that cannot be read; `key`/`values` name the explanation in the catalogue."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def fold(value: str) -> str:
    """Lowercase without Vietnamese diacritics (`Tất Cả` → `tat ca`), for matching words."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


@dataclass
class Form:
    """A command's text split into first-line fields, options and extra body lines."""

    fields: list[str]
    options: dict[str, str] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)
    confirmed: bool = False

    def get(self, index: int, key: str) -> str:
        """The `index`-th `|` field, or else the `key:` option line, stripped."""
        value = self.fields[index] if len(self.fields) > index else ""
        return (value or self.options.get(key, "")).strip()


def split_form(
    args: str, known_keys: dict[str, str], continued: frozenset[str] = frozenset()
) -> Form:
    """Split `args` into fields and options.

    `known_keys` maps folded option names (`gui luc`) to canonical keys (`send_at`). Lines
    after the first that start with a known key become options; any other line belongs to the
    body (e.g. more paragraphs of a notice), except after an option named in `continued`
    (free text such as `notes`): there it continues that option's value, so a note may run over
    several lines. A first line ending in `!` confirms without preview.
    """
    text = args.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_INPUT:
        raise FormError("notice.too_long", length=len(text), limit=MAX_INPUT)
    lines = text.split("\n")
    first = lines[0].strip()
    confirmed = first.endswith("!")
    if confirmed:
        first = first[:-1].rstrip()
    fields = [part.strip() for part in first.split("|")] if first else []
    form = Form(fields=fields, confirmed=confirmed)
    current: str | None = None  # the option that the next plain lines continue
    for line in lines[1:]:
        match = KEY_LINE.match(line)
        key = known_keys.get(fold(match.group(1))) if match else None
        if match and key:
            _add_option(form, key, match.group(2).strip())
            current = key if key in continued else None
        elif current is not None:
            form.options[current] += "\n" + line.strip()
        else:
            form.body.append(line.rstrip())
    for key in continued & form.options.keys():
        form.options[key] = form.options[key].strip()
    while form.body and not form.body[-1]:
        form.body.pop()
    return form


def _add_option(form: Form, key: str, value: str) -> None:
    """A `key:` line; the same key twice adds a line to its value."""
    if key in form.options:
        form.options[key] += "\n" + value
    else:
        form.options[key] = value


def parse_announcement_code(value: str) -> int:
    """`12` or `#12` → 12."""
    match = ANNOUNCEMENT_CODE.match(value.strip())
    if not match:
        raise FormError("error.bad_code", value=value.strip()[:40])
    return int(match.group(1))


def parse_unit_code(value: str) -> str:
    """A unit code, upper-cased; 1–10 ASCII letters or digits."""
    code = value.strip()
    if not UNIT_CODE.match(code):
        raise FormError("units.bad_code", code=code[:40])
    return code.upper()


def parse_tag(value: str) -> str:
    """A group tag such as `bgh` (a leading `#` is allowed)."""
    tag = fold(value.strip().removeprefix("#"))
    if not TAG.match(tag):
        raise FormError("group.bad_tag", tag=value.strip()[:40])
    return tag


ALL_WORDS = {"tat ca", "all", "ca cum", "toan cum"}
PRIVATE_WORDS = {"rieng", "private"}


@dataclass(frozen=True)
class Audience:
    """Who an announcement is for: everyone, or units and tags; `private` adds private chats."""

    everyone: bool = True
    units: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    private: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "all": self.everyone,
            "units": list(self.units),
            "tags": list(self.tags),
            "private": self.private,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Audience:
        return cls(
            everyone=bool(data.get("all", True)),
            units=tuple(data.get("units", ())),
            tags=tuple(data.get("tags", ())),
            private=bool(data.get("private", False)),
        )

    def describe(self, lang: str = "vi") -> str:
        """The audience as organisers write it: `tất cả`, `HP, VP, #bgh, riêng` (for a person
        who chose English `all`, `HP, VP, #bgh, private`, which Loa reads as well)."""
        everyone, private = ("all", "private") if lang == "en" else ("tất cả", "riêng")
        parts = [everyone] if self.everyone else [*self.units, *(f"#{t}" for t in self.tags)]
        if self.private:
            parts.append(private)
        return ", ".join(parts)


def parse_audience(value: str) -> Audience:
    """`tất cả` (default), unit codes and `#tags`, comma-separated, optionally `riêng`.

    Whether the unit codes exist is checked by the caller against the database.
    """
    items = [item.strip() for item in re.split(r"[,;]", value) if item.strip()]
    everyone = not items
    private = False
    units: list[str] = []
    tags: list[str] = []
    for item in items:
        folded = fold(item)
        if folded in ALL_WORDS:
            everyone = True
        elif folded in PRIVATE_WORDS:
            private = True
        elif item.startswith("#"):
            tag = parse_tag(item)
            if tag not in tags:
                tags.append(tag)
        else:
            code = parse_unit_code(item)
            if code not in units:
                units.append(code)
    if not units and not tags:
        everyone = True
    if everyone:
        units, tags = [], []
    return Audience(everyone=everyone, units=tuple(units), tags=tuple(tags), private=private)


NOW_WORDS = {"", "ngay", "bay gio", "ngay bay gio", "now", "luc nay"}


def is_now(value: str) -> bool:
    """Whether a send-time field means 'now' (empty, `ngay`, `bây giờ`)."""
    return fold(value) in NOW_WORDS
