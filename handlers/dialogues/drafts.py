"""The shapes of a guided dialogue: its steps, how each field's value is read, the draft kept
between messages, and the description of one command's dialogue (a `Kind`)."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import Audience
from storage.models import (
    Announcement,
    AnnouncementKind,
)

DRAFT_LIFETIME = timedelta(days=7)


ROW = 4


AUDIENCE_PAGE = 22 * ROW  # unit and tag buttons per page; with the others, at most 100


CLEAR_WORDS = {"khong", "bo", "xoa", "-"}


DEFAULT_WORDS = {"mac dinh", "default"}


class Step(enum.StrEnum):
    """Where a dialogue stands: one of its kind's first-line fields, the audience, the options,
    or `OPTION`, which waits for the text of one option."""

    TITLE = "title"
    TIME = "time"
    VENUE = "venue"
    TOPIC = "topic"
    DEADLINE = "deadline"
    AUDIENCE = "audience"
    OPTIONS = "options"
    OPTION = "option"


class Value(enum.Enum):
    """How a typed value is checked and kept in the draft."""

    LINE = "line"  # one line, spaces collapsed, within `limit`
    NOTES = "notes"  # several lines, within `limit`
    MOMENT = "moment"  # a time, kept as an absolute date and time
    SEND_AT = "send_at"  # a moment where `ngay` (now) clears the field
    DAY_TIME = "day_time"  # kept as typed: read against the meeting's day (`kết thúc: 11h30`)
    REMINDERS = "reminders"  # `1 ngày, 2 giờ`; `không` is a value, `mặc định` clears
    COUNT = "count"  # papers per unit
    QUOTA = "quota"  # delegates per unit: `3` or `3; HN 5, HP 4`; `không` clears
    CHOICE = "choice"  # one of a few words, also offered as buttons (`sau hạn:`)
    FORMAT = "format"  # `A4, Times New Roman 14, tối đa 10 trang` (handlers.papers.formats)


@dataclass(frozen=True)
class Field:
    """One thing the dialogue asks: its name (draft key and text key), how it is written in
    the command's form (`căn cứ`; empty for first-line fields) and how it is read."""

    name: str
    value: Value
    form_key: str = ""
    limit: int = 0


@dataclass
class Draft:
    """The fields collected so far, as kept in `Conversation.data`."""

    step: Step
    option: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    audience: dict[str, Any] = field(default_factory=lambda: Audience().to_json())
    options: dict[str, str] = field(default_factory=dict)
    file: dict[str, Any] | None = None

    @classmethod
    def new(cls, kind: Kind) -> Draft:
        """An empty draft at the kind's first step."""
        return cls(step=kind.steps[0], fields={f.name: "" for f in kind.fields})

    @classmethod
    def load(cls, kind: Kind, data: dict[str, Any]) -> Draft:
        """The draft in `data`; what does not belong to `kind` is left out. Drafts written before
        `fields` existed kept them at the top level, and are read as well."""
        try:
            step = Step(data.get("step", kind.steps[0].value))
        except ValueError:
            step = Step.OPTIONS
        option = data.get("option") if data.get("option") in kind.option_names else None
        if step not in (*kind.steps, Step.AUDIENCE, Step.OPTION) or (
            step == Step.OPTION and option is None
        ):
            step = Step.OPTIONS
        stored = data.get("fields") or data
        return cls(
            step=step,
            option=option,
            fields={f.name: str(stored.get(f.name, "") or "") for f in kind.fields},
            audience=Audience.from_json(data.get("audience") or {}).to_json(),
            options={
                k: str(v) for k, v in (data.get("options") or {}).items() if k in kind.option_names
            },
            file=data.get("file") or None,
        )

    def dump(self) -> dict[str, Any]:
        return {
            "step": self.step.value,
            "option": self.option,
            "fields": dict(self.fields),
            "audience": dict(self.audience),
            "options": dict(self.options),
            "file": self.file,
        }

    def copy(self) -> Draft:
        return Draft(
            step=self.step,
            option=self.option,
            fields=dict(self.fields),
            audience=dict(self.audience),
            options=dict(self.options),
            file=dict(self.file) if self.file else None,
        )

    @property
    def audience_value(self) -> Audience:
        return Audience.from_json(self.audience)


Creator = Callable[[Ctx, Request], Awaitable[Reply]]


Checker = Callable[[Ctx, Draft], Awaitable[None]]


Restorer = Callable[[Ctx, Announcement], Awaitable[Draft | None]]


@dataclass(frozen=True, eq=False)
class Kind:
    """One command's dialogue: what it asks, in which order, and how it ends.

    `texts` is the catalogue prefix of its own texts (header, steps, labels, prompts); the texts
    under `dialogue.` that every kind shares are the buttons and the short answers. `form_keys`
    reads `key: value` lines typed at the options step (the command's own keys), `renamed` maps
    the command's name of a field to the draft's. `check` verifies fields that depend on each
    other as the command will; `restore` rebuilds a draft from a preview for [✏️ Sửa]."""

    name: str
    draft_kind: str
    announcement_kind: AnnouncementKind
    command: str
    texts: str
    fields: tuple[Field, ...]
    options: tuple[Field, ...]
    form_keys: dict[str, str]
    renamed: dict[str, str]
    create: Creator
    check: Checker
    restore: Restorer

    @property
    def steps(self) -> tuple[Step, ...]:
        """The first-line fields' steps, in the order they are asked."""
        return tuple(Step(f.name) for f in self.fields)

    @property
    def option_names(self) -> tuple[str, ...]:
        """The optional fields, in the order of their buttons (`d:opt:<index>`)."""
        return tuple(f.name for f in self.options)

    def find(self, name: str) -> Field | None:
        """The first-line field or option called `name`."""
        return next((f for f in (*self.fields, *self.options) if f.name == name), None)

    def after(self, step: Step) -> Step:
        """The step that follows a first-line field: the next field, then the audience."""
        steps = self.steps
        index = steps.index(step)
        return steps[index + 1] if index + 1 < len(steps) else Step.AUDIENCE

    def number(self, step: Step) -> int:
        """The step's number as the organiser sees it (`Bước 2/5`)."""
        if step in self.steps:
            return self.steps.index(step) + 1
        return len(self.fields) + (1 if step == Step.AUDIENCE else 2)

    def t(self, ctx: Ctx, key: str, **values: object) -> str:
        """This kind's own text `key`."""
        return ctx.t(f"{self.texts}.{key}", **values)


def absolute(ctx: Ctx, moment: datetime) -> str:
    """A time as the form will read it again, whatever day the preview is asked for."""
    local = moment.astimezone(ctx.env.tz)
    return local.strftime("%d/%m/%Y %H:%M")
