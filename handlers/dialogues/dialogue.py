"""Guided dialogues: a creating command sent alone in a private chat asks one thing at a time.

`/hop` (title → time → venue → audience → options) and `/thamluan` (topic → deadline →
audience → options) are each described by a `Kind`: the first-line fields asked in order, the
optional fields, how each value is read, and the command that takes the finished form. One
engine runs both. The draft is the person's `Conversation` row (kind `draft:meeting` or
`draft:papers`, data = the fields collected and the current step), so a restart loses nothing.
At the end the fields become the command's one-line form and go through the command itself, so
validation and the preview are exactly those of the command. Buttons carry `d:<verb>:<n>`:

`u:<unit id>` / `t:<tag index>` toggle a unit / a tag, `all:0` chooses everyone, `next:0` leaves
the audience step, `opt:<index>` asks for one option, `prev:0` builds the preview, `quit:0` drops
the draft, and `edit:<announcement id>` (on the preview) reopens the options of a new draft.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from handlers import announcements, timeparse
from handlers.context import Ctx
from handlers.core import Button, FileRef, Reply, Request
from handlers.forms import Audience, FormError, fold, is_now, parse_audience, split_form
from handlers.meetings import invitation
from handlers.meetings.reminders import DEFAULT_MEETING_OFFSETS
from handlers.notices.audience import check_audience
from handlers.notices.sending import read_time
from handlers.papers import calls
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Conversation,
    Meeting,
    PaperCall,
    Unit,
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


# --- commands ----------------------------------------------------------------------------------


async def meeting_command(ctx: Ctx, req: Request) -> Reply:
    """`/hop`: alone in a private chat it starts the dialogue; otherwise it is the one-line form
    (whose usage text answers a bare `/hop` in a group)."""
    if req.args.strip() or not ctx.in_private:
        return await invitation.meeting(ctx, req)
    invitation.check_file(req.file)
    draft = Draft.new(MEETING)
    if req.file is not None:  # `/hop` as the caption of the invitation PDF
        draft.file = {"file_id": req.file.file_id, "name": req.file.name, "size": req.file.size}
    return await _start(ctx, MEETING, draft)


async def paper_command(ctx: Ctx, req: Request) -> Reply:
    """`/thamluan`: alone in a private chat it starts the dialogue; otherwise it is the one-line
    form (whose usage text answers a bare `/thamluan` in a group)."""
    if req.args.strip() or not ctx.in_private:
        return await calls.paper_call(ctx, req)
    return await _start(ctx, PAPERS, Draft.new(PAPERS))


async def _start(ctx: Ctx, kind: Kind, draft: Draft) -> Reply:
    await _save_new(ctx, kind, draft)
    return Reply(
        await _screen(ctx, kind, draft, intro=True), buttons=await _keyboard(ctx, kind, draft)
    )


async def cancel(ctx: Ctx, req: Request) -> Reply:
    """`/huy` alone while a draft is open leaves the dialogue; otherwise `/huy 12 | lý do`."""
    if not req.args.strip():
        found = await _draft_of(ctx)
        if found is not None:
            conversation, kind = found
            await ctx.session.delete(conversation)
            return Reply(kind.t(ctx, "left"))
    return await announcements.cancel(ctx, req)


# --- typed answers -----------------------------------------------------------------------------


async def answer(ctx: Ctx, req: Request) -> Reply | None:
    """Text typed in the chat of an open draft: the answer to the current step.

    A wrong answer re-asks with the reason and changes nothing. None when no draft is open here,
    so the text can go to other pending questions.
    """
    found = await _draft_of(ctx)
    if found is None:
        return None
    conversation, kind = found
    if not ctx.is_organiser:  # the role was revoked while the draft was open
        await ctx.session.delete(conversation)
        return None
    draft = Draft.load(kind, conversation.data)
    try:
        changed = await _apply_text(ctx, kind, draft, req.text)
    except FormError as err:
        problem = ctx.t(err.key, **err.values)
        screen = await _screen(ctx, kind, draft)
        return Reply(f"{problem}\n\n{screen}", buttons=await _keyboard(ctx, kind, draft))
    _store(ctx, conversation, changed)
    return Reply(await _screen(ctx, kind, changed), buttons=await _keyboard(ctx, kind, changed))


async def _apply_text(ctx: Ctx, kind: Kind, draft: Draft, typed: str) -> Draft:
    """The draft after `typed` answers its current step (a changed copy), or FormError."""
    changed = draft.copy()
    step = draft.step
    if step in kind.steps:
        await _set_field(ctx, kind, changed, step.value, typed)
        changed.step = kind.after(step)
    elif step == Step.AUDIENCE:
        await _set_field(ctx, kind, changed, "audience", typed)
        changed.step = Step.OPTIONS
    elif step == Step.OPTION and draft.option is not None:
        await _set_field(ctx, kind, changed, draft.option, typed)
        changed.step, changed.option = Step.OPTIONS, None
    else:  # the options step: `key: value` lines
        form = split_form("\n" + typed, kind.form_keys)
        if not form.options or any(line.strip() for line in form.body):
            raise FormError(f"{kind.texts}.options_typed")
        for key, value in form.options.items():
            await _set_field(ctx, kind, changed, kind.renamed.get(key, key), value)
        changed.step, changed.option = Step.OPTIONS, None
    await kind.check(ctx, changed)  # values that depend on each other, as the command checks
    return changed


async def _set_field(ctx: Ctx, kind: Kind, draft: Draft, name: str, typed: str) -> None:
    """Check one typed value and put it into `draft`; FormError says what is wrong."""
    value = typed.strip()
    if not value:
        raise FormError("dialogue.empty")
    if name == "audience":
        audience = parse_audience(value)
        await check_audience(ctx, audience)
        draft.audience = audience.to_json()
        return
    spec = kind.find(name)
    if spec is None:  # a key the command knows but the dialogue does not ask
        raise FormError(f"{kind.texts}.options_typed")
    if spec in kind.fields:
        draft.fields[name] = _read(ctx, kind, spec, value, first_line=True)
        return
    folded = fold(value)
    if spec.value == Value.REMINDERS:  # `không` is a value here: no reminders
        if folded in DEFAULT_WORDS:
            draft.options.pop(name, None)
        else:
            draft.options[name] = _read(ctx, kind, spec, value)
        return
    if folded in CLEAR_WORDS or (spec.value == Value.SEND_AT and is_now(value)):
        draft.options.pop(name, None)
        return
    draft.options[name] = _read(ctx, kind, spec, value)


def _read(ctx: Ctx, kind: Kind, spec: Field, value: str, *, first_line: bool = False) -> str:
    """One value as the form will carry it, or FormError.

    Times are fixed as absolute dates now, so a draft left overnight keeps its meaning; a
    first-line field is one line without `|`, as the form's first line needs."""
    label = kind.t(ctx, f"field.{spec.name}")
    if spec.value in (Value.MOMENT, Value.SEND_AT):
        return _absolute(ctx, read_time(ctx, value))
    if spec.value == Value.REMINDERS:
        invitation.read_reminders(value)
        return " ".join(value.split())
    if spec.value == Value.COUNT:
        return str(calls.read_count(value))
    if spec.value != Value.NOTES:  # LINE, DAY_TIME
        value = " ".join(value.split())
    if first_line and "|" in value:
        raise FormError("dialogue.no_bar", field=label)
    if spec.limit and len(value) > spec.limit:
        raise FormError("meeting.too_long", field=label, limit=spec.limit)
    return value


def _absolute(ctx: Ctx, moment: datetime) -> str:
    """A time as the form will read it again, whatever day the preview is asked for."""
    local = moment.astimezone(ctx.env.tz)
    return local.strftime("%d/%m/%Y %H:%M")


# --- buttons -----------------------------------------------------------------------------------


async def button(ctx: Ctx, req: Request, verb: str, number: int) -> Reply:
    """A press on the dialogue's buttons: the message is edited in place, with a short toast."""
    if verb == "edit":
        return await _reopen(ctx, number)
    found = await _draft_of(ctx)
    if found is None:
        return Reply(toast=ctx.t("error.stale_button"))
    conversation, kind = found
    draft = Draft.load(kind, conversation.data)
    step = draft.step
    if verb == "quit":
        await ctx.session.delete(conversation)
        return Reply(kind.t(ctx, "left"), edit=True, toast=ctx.t("dialogue.toast_left"))
    if verb == "prev" and step in (Step.OPTIONS, Step.OPTION):
        return await _finish(ctx, kind, req, conversation, draft)
    page = 0
    toast: str | None = None
    if verb == "opt" and step in (Step.OPTIONS, Step.OPTION) and number < len(kind.options):
        draft.step, draft.option = Step.OPTION, kind.option_names[number]
        toast = ctx.t("dialogue.toast_option", label=kind.t(ctx, f"field.{draft.option}"))
    elif step == Step.AUDIENCE and verb == "apage":  # another page of the audience's buttons
        page = number
    elif step == Step.AUDIENCE and verb in ("u", "t", "all", "next"):
        chosen = await _choose(ctx, kind, draft, verb, number)
        if chosen is None:
            return Reply(toast=ctx.t("error.stale_button"))
        toast = chosen
        page = await _page_of(ctx, draft, verb, number)
    else:
        return Reply(toast=ctx.t("error.stale_button"))
    _store(ctx, conversation, draft)
    return Reply(
        await _screen(ctx, kind, draft),
        buttons=await _keyboard(ctx, kind, draft, page),
        edit=True,
        toast=toast,
    )


async def _choose(ctx: Ctx, kind: Kind, draft: Draft, verb: str, number: int) -> str | None:
    """One press on the audience step; returns the toast, or None for a stale button."""
    audience = draft.audience_value
    if verb == "next":
        draft.step = Step.OPTIONS
        return kind.t(ctx, "toast_next")
    if verb == "all":
        draft.audience = Audience(everyone=True, private=audience.private).to_json()
        return ctx.t("dialogue.toast_all")
    units, tags = set(audience.units), set(audience.tags)
    if verb == "u":
        unit = await ctx.session.get(Unit, number)
        if unit is None or unit.removed_at is not None:
            return None
        name, chosen = unit.code, units
    else:
        known = await _tags(ctx)
        if number >= len(known):
            return None
        name, chosen = known[number], tags
    adding = name not in chosen
    if adding:
        chosen.add(name)
    else:
        chosen.discard(name)
    draft.audience = Audience(
        everyone=not units and not tags,
        units=tuple(sorted(units)),
        tags=tuple(sorted(tags)),
        private=audience.private,
    ).to_json()
    label = name if verb == "u" else f"#{name}"
    return ctx.t("dialogue.toast_selected" if adding else "dialogue.toast_unselected", name=label)


async def _finish(
    ctx: Ctx, kind: Kind, req: Request, conversation: Conversation, draft: Draft
) -> Reply:
    """Build the command's form from the draft and let the command check it and preview it."""
    known = {id(obj) for obj in (*ctx.session.new, *ctx.session.identity_map.values())}
    form_request = Request(
        sender=req.sender,
        chat=req.chat,
        command=kind.command,
        args=build_form(kind, draft),
        file=_file(draft),
    )
    try:
        reply = await kind.create(ctx, form_request)
    except FormError as err:
        created = [
            obj
            for obj in (*ctx.session.new, *ctx.session.identity_map.values())
            if isinstance(obj, Announcement | Meeting | PaperCall) and id(obj) not in known
        ]
        if created:  # the command stopped half-way: let the unit of work roll everything back
            raise
        draft.step, draft.option = Step.OPTIONS, None
        problem = ctx.t(err.key, **err.values)
        screen = await _screen(ctx, kind, draft)
        return Reply(
            f"{problem}\n\n{screen}",
            buttons=await _keyboard(ctx, kind, draft),
            edit=True,
            toast=ctx.t("dialogue.toast_fix"),
        )
    await ctx.session.delete(conversation)
    ann_id = _preview_id(reply)
    if ann_id is not None:
        _add_edit_button(ctx, reply, ann_id)
    reply.edit = True
    reply.toast = ctx.t("dialogue.toast_preview", id=ann_id or "")
    return reply


def build_form(kind: Kind, draft: Draft) -> str:
    """The command's text for the draft: the first-line fields and the audience, separated by
    `|`, then `key: value` lines. Nothing is escaped: the form is read again by the command."""
    first = [draft.fields.get(f.name, "") for f in kind.fields]
    lines = [" | ".join([*first, draft.audience_value.describe()])]
    for spec in kind.options:
        value = draft.options.get(spec.name, "")
        if not value:
            continue
        if spec.value == Value.NOTES:  # one line per line; the command joins them again
            lines += [f"{spec.form_key}: {line}".rstrip() for line in value.split("\n")]
        else:
            lines.append(f"{spec.form_key}: {value}")
    return "\n".join(lines)


def _file(draft: Draft) -> FileRef | None:
    if not draft.file:
        return None
    return FileRef(
        file_id=str(draft.file.get("file_id", "")),
        name=str(draft.file.get("name", "")),
        size=draft.file.get("size"),
    )


def _preview_id(reply: Reply) -> int | None:
    """The new announcement's id, read from the preview's `n:go:<id>` button."""
    for row in reply.buttons:
        for item in row:
            if item.action and item.action.startswith("n:go:"):
                return int(item.action.rsplit(":", 1)[1])
    return None


def _add_edit_button(ctx: Ctx, reply: Reply, ann_id: int) -> None:
    """[✏️ Sửa] goes just before the preview's [Huỷ], as in [Gửi ngay] [Hẹn giờ] [Sửa] [Huỷ]."""
    edit = Button(ctx.t("dialogue.btn_edit"), action=f"d:edit:{ann_id}")
    for row in reply.buttons:
        for index, item in enumerate(row):
            if item.action == f"n:no:{ann_id}":
                row.insert(index, edit)
                return
    reply.buttons.append([edit])


async def _reopen(ctx: Ctx, ann_id: int) -> Reply:
    """[✏️ Sửa] on a dialogue preview: drop that draft announcement and reopen its fields."""
    ann = await queries.announcement(ctx.session, ann_id)
    kind = BY_ANNOUNCEMENT.get(ann.kind) if ann is not None else None
    if (
        ann is None
        or kind is None
        or ann.status != AnnouncementStatus.DRAFT
        or ann.created_by_id != ctx.person.id
        or not ctx.in_private
    ):
        return Reply(toast=ctx.t("error.stale_button"))
    draft = await kind.restore(ctx, ann)
    if draft is None:
        return Reply(toast=ctx.t("error.stale_button"))
    ann.status = AnnouncementStatus.CANCELLED
    ann.cancelled_at = ctx.now
    queries.audit(ctx.session, ctx.now, ctx.person.id, f"{kind.name}.draft_edit", f"#{ann.id}")
    await _save_new(ctx, kind, draft)
    screen = await _screen(ctx, kind, draft)
    return Reply(
        f"{ctx.t('dialogue.reopened', id=ann.id)}\n\n{screen}",
        buttons=await _keyboard(ctx, kind, draft),
        edit=True,
        toast=kind.t(ctx, "toast_edit", id=ann.id),
    )


def _reminder_option(minutes: list[int]) -> str:
    """Reminder offsets as `nhắc:` takes them again; `không` for none."""
    return ", ".join(timeparse.format_duration(timedelta(minutes=m)) for m in minutes) or "không"


async def _restore_meeting(ctx: Ctx, ann: Announcement) -> Draft | None:
    """A draft at the options step holding what the meeting preview was made of."""
    record = await queries.meeting(ctx.session, ann.id)
    if record is None:
        return None
    options: dict[str, str] = {}
    for key, value in (
        ("basis", record.basis),
        ("composition", record.composition),
        ("notes", record.notes),
    ):
        if value:
            options[key] = value
    for key, moment in (
        ("ends", record.ends_at),
        ("deadline", record.rsvp_deadline),
        ("send_at", ann.send_at),
    ):
        if moment is not None:
            options[key] = _absolute(ctx, moment)
    if list(record.reminders) != list(DEFAULT_MEETING_OFFSETS):
        options["reminders"] = _reminder_option(list(record.reminders))
    file = {"file_id": record.file_id, "name": record.file_name or ""} if record.file_id else None
    return Draft(
        step=Step.OPTIONS,
        fields={
            "title": record.title,
            "time": _absolute(ctx, record.starts_at),
            "venue": record.venue,
        },
        audience=Audience.from_json(ann.audience).to_json(),
        options=options,
        file=file,
    )


async def _restore_papers(ctx: Ctx, ann: Announcement) -> Draft | None:
    """A draft at the options step holding what the paper call preview was made of."""
    call = await queries.paper_call(ctx.session, ann.id)
    if call is None:
        return None
    options: dict[str, str] = {}
    if call.per_unit != 1:
        options["count"] = str(call.per_unit)
    if call.notes:
        options["notes"] = call.notes
    if not call.deadline_day_reminder:  # `nhắc:` was given; the default has no line
        options["reminders"] = _reminder_option(list(call.reminders))
    if ann.send_at is not None:
        options["send_at"] = _absolute(ctx, ann.send_at)
    return Draft(
        step=Step.OPTIONS,
        fields={"topic": call.topic, "deadline": _absolute(ctx, call.deadline)},
        audience=Audience.from_json(ann.audience).to_json(),
        options=options,
    )


async def _check_meeting(ctx: Ctx, draft: Draft) -> None:
    """End, answer deadline and send time against the start, as /hop checks them."""
    if draft.fields.get("time"):
        await invitation.read_schedule(ctx, draft.fields["time"], draft.options)


async def _check_papers(ctx: Ctx, draft: Draft) -> None:
    """The send time before the deadline, as /thamluan checks it."""
    if draft.fields.get("deadline"):
        calls.read_timing(ctx, draft.fields["deadline"], draft.options)


# --- the draft row -----------------------------------------------------------------------------


async def _draft_of(ctx: Ctx) -> tuple[Conversation, Kind] | None:
    """The person's open draft in this chat, and its kind; an expired one is dropped."""
    conversation = await queries.conversation_of(ctx.session, ctx.person.id)
    kind = BY_DRAFT.get(conversation.kind) if conversation is not None else None
    if conversation is None or kind is None or conversation.chat_id != ctx.chat.id:
        return None
    if conversation.expires_at <= ctx.now:
        await ctx.session.delete(conversation)
        return None
    return conversation, kind


async def _save_new(ctx: Ctx, kind: Kind, draft: Draft) -> None:
    """A new draft replaces whatever question was pending for this person (one per person)."""
    existing = await queries.conversation_of(ctx.session, ctx.person.id)
    if existing is not None:
        await ctx.session.delete(existing)
        await ctx.session.flush()
    ctx.session.add(
        Conversation(
            person_id=ctx.person.id,
            chat_id=ctx.chat.id,
            kind=kind.draft_kind,
            announcement_id=None,
            data=draft.dump(),
            created_at=ctx.now,
            expires_at=ctx.now + DRAFT_LIFETIME,
        )
    )


def _store(ctx: Ctx, conversation: Conversation, draft: Draft) -> None:
    conversation.data = draft.dump()  # a new dict, so the JSON column is written
    conversation.expires_at = ctx.now + DRAFT_LIFETIME


# --- what the organiser sees -------------------------------------------------------------------


async def _screen(ctx: Ctx, kind: Kind, draft: Draft, *, intro: bool = False) -> str:
    """The dialogue message: what is filled in so far, then what to type or press now."""
    lines = [kind.t(ctx, "header")]
    if intro:
        lines.append(ctx.t("dialogue.intro"))
    summary = _summary(ctx, kind, draft)
    if summary:
        lines += ["", *summary]
    lines += ["", _prompt(ctx, kind, draft)]
    return "\n".join(lines)


def _summary(ctx: Ctx, kind: Kind, draft: Draft) -> list[str]:
    timed = (Value.MOMENT, Value.SEND_AT)
    shown: list[tuple[str, str]] = []
    for spec in kind.fields:
        value = draft.fields.get(spec.name, "")
        shown.append(
            (spec.name, _shown_time(ctx, value) if value and spec.value in timed else value)
        )
    if draft.step in (Step.AUDIENCE, Step.OPTIONS, Step.OPTION):
        shown.append(("audience", draft.audience_value.describe(ctx.lang)))
    if draft.file:
        shown.append(("file", str(draft.file.get("name", ""))))
    for spec in kind.options:
        value = draft.options.get(spec.name, "")
        shown.append(
            (spec.name, _shown_time(ctx, value) if value and spec.value in timed else value)
        )
    return [
        ctx.t("dialogue.line", label=kind.t(ctx, f"field.{name}"), value=value)
        for name, value in shown
        if value
    ]


def _shown_time(ctx: Ctx, value: str) -> str:
    try:
        moment = timeparse.parse_when(value, ctx.now, ctx.env.tz, allow_past=True)
    except timeparse.TimeParseError:
        return value
    return timeparse.format_when(moment, ctx.env.tz, ctx.lang)


def _prompt(ctx: Ctx, kind: Kind, draft: Draft) -> str:
    number = kind.number(draft.step)
    if draft.step == Step.OPTION and draft.option is not None:
        current = draft.options.get(draft.option)
        prompt = kind.t(ctx, f"ask.{draft.option}", step=number)
        if current:
            prompt += "\n" + ctx.t("dialogue.current", value=current)
        return prompt
    return kind.t(ctx, f"step.{draft.step.value}", step=number)


async def _keyboard(ctx: Ctx, kind: Kind, draft: Draft, page: int = 0) -> list[list[Button]]:
    quit_button = Button(ctx.t("dialogue.btn_quit"), action="d:quit:0")
    if draft.step == Step.AUDIENCE:
        done = Button(ctx.t("dialogue.btn_done"), action="d:next:0")
        return [*await _audience_rows(ctx, draft, page), [done, quit_button]]
    if draft.step in (Step.OPTIONS, Step.OPTION):
        buttons = [
            Button(
                _ticked(kind.t(ctx, f"opt.{spec.name}"), bool(draft.options.get(spec.name))),
                action=f"d:opt:{index}",
            )
            for index, spec in enumerate(kind.options)
        ]
        per_row = 3 if len(buttons) > 4 else 2
        rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
        return [*rows, [Button(ctx.t("dialogue.btn_preview"), action="d:prev:0"), quit_button]]
    return [[quit_button]]


async def _audience_rows(ctx: Ctx, draft: Draft, page: int = 0) -> list[list[Button]]:
    """[Tất cả], then one page of unit and tag buttons (AUDIENCE_PAGE of them, so that with
    the other buttons a keyboard stays within Telegram's 100), then [◀ Trước] [Sau ▶]. Codes
    typed instead are read as ever."""
    audience = draft.audience_value
    rows = [[Button(_ticked(ctx.t("dialogue.btn_all"), audience.everyone), action="d:all:0")]]
    units = [
        Button(_ticked(unit.code, unit.code in audience.units), action=f"d:u:{unit.id}")
        for unit in await queries.active_units(ctx.session)
    ]
    tags = [
        Button(_ticked(f"#{tag}", tag in audience.tags), action=f"d:t:{index}")
        for index, tag in enumerate(await _tags(ctx))
    ]
    count = max(1, -(-(len(units) + len(tags)) // AUDIENCE_PAGE))
    page = max(0, min(page, count - 1))
    first, last = page * AUDIENCE_PAGE, (page + 1) * AUDIENCE_PAGE
    shown_units = units[first:last]
    shown_tags = tags[max(0, first - len(units)) : max(0, last - len(units))]
    for group in (shown_units, shown_tags):
        rows += [group[i : i + ROW] for i in range(0, len(group), ROW)]
    nav: list[Button] = []
    if page > 0:
        nav.append(Button(ctx.t("pages.previous"), action=f"d:apage:{page - 1}"))
    if page < count - 1:
        nav.append(Button(ctx.t("pages.next"), action=f"d:apage:{page + 1}"))
    if nav:
        rows.append(nav)
    return rows


async def _page_of(ctx: Ctx, draft: Draft, verb: str, number: int) -> int:
    """The audience page that shows the unit (`u`, by id) or tag (`t`, by index) just pressed,
    so the keyboard stays where the person was."""
    if verb not in ("u", "t"):
        return 0
    units = [unit.id for unit in await queries.active_units(ctx.session)]
    if verb == "t":
        return (len(units) + number) // AUDIENCE_PAGE
    return units.index(number) // AUDIENCE_PAGE if number in units else 0


async def _tags(ctx: Ctx) -> list[str]:
    """The tags of the linked groups, sorted: a tag button carries its index in this list."""
    groups = await queries.audience_chats(ctx.session, True, (), ())
    return sorted({tag for chat in groups for tag in chat.tags})


def _ticked(label: str, chosen: bool) -> str:
    return f"✓ {label}" if chosen else label


# --- the kinds ---------------------------------------------------------------------------------

MEETING = Kind(
    name="meeting",
    draft_kind="draft:meeting",
    announcement_kind=AnnouncementKind.MEETING,
    command="hop",
    texts="dialogue",
    fields=(
        Field("title", Value.LINE, limit=invitation.LIMITS["title"]),
        Field("time", Value.MOMENT),
        Field("venue", Value.LINE, limit=invitation.LIMITS["venue"]),
    ),
    options=(
        Field("basis", Value.LINE, "căn cứ", invitation.LIMITS["basis"]),
        Field("composition", Value.LINE, "thành phần", invitation.LIMITS["composition"]),
        Field("notes", Value.NOTES, "ghi chú", invitation.LIMITS["notes"]),
        Field("ends", Value.DAY_TIME, "kết thúc"),
        Field("deadline", Value.MOMENT, "hạn xác nhận"),
        Field("reminders", Value.REMINDERS, "nhắc"),
        Field("send_at", Value.SEND_AT, "gửi lúc"),
    ),
    form_keys=invitation.MEETING_KEYS,
    renamed={"starts": "time"},
    create=invitation.meeting,
    check=_check_meeting,
    restore=_restore_meeting,
)

PAPERS = Kind(
    name="papers",
    draft_kind="draft:papers",
    announcement_kind=AnnouncementKind.PAPER_CALL,
    command="thamluan",
    texts="papers.dialogue",
    fields=(
        Field("topic", Value.LINE, limit=calls.LIMITS["topic"]),
        Field("deadline", Value.MOMENT),
    ),
    options=(
        Field("count", Value.COUNT, "số bài"),
        Field("notes", Value.NOTES, "ghi chú", calls.LIMITS["notes"]),
        Field("reminders", Value.REMINDERS, "nhắc"),
        Field("send_at", Value.SEND_AT, "gửi lúc"),
    ),
    form_keys=calls.PAPER_KEYS,
    renamed={},
    create=calls.paper_call,
    check=_check_papers,
    restore=_restore_papers,
)

KINDS: tuple[Kind, ...] = (MEETING, PAPERS)
BY_DRAFT: dict[str, Kind] = {kind.draft_kind: kind for kind in KINDS}
BY_ANNOUNCEMENT: dict[AnnouncementKind, Kind] = {kind.announcement_kind: kind for kind in KINDS}
DRAFT_KIND = MEETING.draft_kind
