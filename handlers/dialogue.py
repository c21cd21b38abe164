"""The guided `/hop` dialogue: title → time → venue → audience → options → the `/hop` preview.

An organiser who sends `/hop` alone in a private chat is asked one thing at a time, with buttons
where a choice is enough. The draft is the person's `Conversation` row (kind `draft:meeting`, data
= the fields collected and the current step), so a restart loses nothing. At the end the fields
become the one-line `/hop` form and go through `meetings.meeting`, so validation and the preview
are exactly those of `/hop`. Buttons carry `d:<verb>:<n>`:

`u:<unit id>` / `t:<tag index>` toggle a unit / a tag, `all:0` chooses everyone, `next:0` leaves
the audience step, `opt:<index>` asks for one option, `prev:0` builds the preview, `quit:0` drops
the draft, and `edit:<announcement id>` (on the preview) reopens the options of a new draft.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from handlers import announcements, meetings, timeparse
from handlers.context import Ctx
from handlers.core import Button, FileRef, Reply, Request
from handlers.forms import Audience, FormError, fold, is_now, parse_audience, split_form
from handlers.reminders import DEFAULT_MEETING_OFFSETS
from handlers.sending import check_audience, read_time
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Conversation,
    Meeting,
    Unit,
)

DRAFT_KIND = "draft:meeting"
DRAFT_LIFETIME = timedelta(days=7)
ROW = 4
OPTIONS: tuple[str, ...] = (
    "basis",
    "composition",
    "notes",
    "ends",
    "deadline",
    "reminders",
    "send_at",
)
"""The optional fields, in the order of their buttons (`d:opt:<index>`)."""
FORM_KEYS = {
    "basis": "căn cứ",
    "composition": "thành phần",
    "notes": "ghi chú",
    "ends": "kết thúc",
    "deadline": "hạn xác nhận",
    "reminders": "nhắc",
    "send_at": "gửi lúc",
}
"""How each option is written back into the `/hop` form."""
CLEAR_WORDS = {"khong", "bo", "xoa", "-"}
DEFAULT_WORDS = {"mac dinh", "default"}


class Step(enum.StrEnum):
    """Where the dialogue stands; `OPTION` waits for the text of one option."""

    TITLE = "title"
    TIME = "time"
    VENUE = "venue"
    AUDIENCE = "audience"
    OPTIONS = "options"
    OPTION = "option"


NEXT_STEP = {Step.TITLE: Step.TIME, Step.TIME: Step.VENUE, Step.VENUE: Step.AUDIENCE}
STEP_NUMBER = {
    Step.TITLE: 1,
    Step.TIME: 2,
    Step.VENUE: 3,
    Step.AUDIENCE: 4,
    Step.OPTIONS: 5,
    Step.OPTION: 5,
}


@dataclass
class Draft:
    """The fields collected so far, as kept in `Conversation.data`."""

    step: Step = Step.TITLE
    option: str | None = None
    title: str = ""
    time: str = ""
    venue: str = ""
    audience: dict[str, Any] = field(default_factory=lambda: Audience().to_json())
    options: dict[str, str] = field(default_factory=dict)
    file: dict[str, Any] | None = None

    @classmethod
    def load(cls, data: dict[str, Any]) -> Draft:
        try:
            step = Step(data.get("step", Step.TITLE.value))
        except ValueError:
            step = Step.OPTIONS
        option = data.get("option")
        return cls(
            step=step,
            option=option if option in OPTIONS else None,
            title=str(data.get("title", "")),
            time=str(data.get("time", "")),
            venue=str(data.get("venue", "")),
            audience=Audience.from_json(data.get("audience") or {}).to_json(),
            options={k: str(v) for k, v in (data.get("options") or {}).items() if k in OPTIONS},
            file=data.get("file") or None,
        )

    def dump(self) -> dict[str, Any]:
        return {
            "step": self.step.value,
            "option": self.option,
            "title": self.title,
            "time": self.time,
            "venue": self.venue,
            "audience": self.audience,
            "options": dict(self.options),
            "file": self.file,
        }

    def copy(self) -> Draft:
        return Draft.load(self.dump())

    @property
    def audience_value(self) -> Audience:
        return Audience.from_json(self.audience)


# --- commands ----------------------------------------------------------------------------------


async def meeting_command(ctx: Ctx, req: Request) -> Reply:
    """`/hop`: alone in a private chat it starts the dialogue; otherwise it is the one-line form
    (whose usage text answers a bare `/hop` in a group)."""
    if req.args.strip() or not ctx.in_private:
        return await meetings.meeting(ctx, req)
    meetings.check_file(req.file)
    draft = Draft()
    if req.file is not None:  # `/hop` as the caption of the invitation PDF
        draft.file = {"file_id": req.file.file_id, "name": req.file.name, "size": req.file.size}
    await _save_new(ctx, draft)
    return Reply(await _screen(ctx, draft, intro=True), buttons=await _keyboard(ctx, draft))


async def cancel(ctx: Ctx, req: Request) -> Reply:
    """`/huy` alone while a draft is open leaves the dialogue; otherwise `/huy 12 | lý do`."""
    if not req.args.strip():
        conversation = await _draft_of(ctx)
        if conversation is not None:
            await ctx.session.delete(conversation)
            return Reply(ctx.t("dialogue.left"))
    return await announcements.cancel(ctx, req)


# --- typed answers -----------------------------------------------------------------------------


async def answer(ctx: Ctx, req: Request) -> Reply | None:
    """Text typed in the chat of an open draft: the answer to the current step.

    A wrong answer re-asks with the reason and changes nothing. None when no draft is open here,
    so the text can go to other pending questions.
    """
    conversation = await _draft_of(ctx)
    if conversation is None:
        return None
    if not ctx.is_organiser:  # the role was revoked while the draft was open
        await ctx.session.delete(conversation)
        return None
    draft = Draft.load(conversation.data)
    try:
        changed = await _apply_text(ctx, draft, req.text)
    except FormError as err:
        problem = ctx.t(err.key, **err.values)
        screen = await _screen(ctx, draft)
        return Reply(f"{problem}\n\n{screen}", buttons=await _keyboard(ctx, draft))
    _store(ctx, conversation, changed)
    return Reply(await _screen(ctx, changed), buttons=await _keyboard(ctx, changed))


async def _apply_text(ctx: Ctx, draft: Draft, typed: str) -> Draft:
    """The draft after `typed` answers its current step (a changed copy), or FormError."""
    changed = draft.copy()
    step = draft.step
    if step in NEXT_STEP:
        await _set_field(ctx, changed, step.value, typed)
        changed.step = NEXT_STEP[step]
    elif step == Step.AUDIENCE:
        await _set_field(ctx, changed, "audience", typed)
        changed.step = Step.OPTIONS
    elif step == Step.OPTION and draft.option is not None:
        await _set_field(ctx, changed, draft.option, typed)
        changed.step, changed.option = Step.OPTIONS, None
    else:  # the options step: `key: value` lines
        form = split_form("\n" + typed, meetings.MEETING_KEYS)
        if not form.options or any(line.strip() for line in form.body):
            raise FormError("dialogue.options_typed")
        for key, value in form.options.items():
            await _set_field(ctx, changed, "time" if key == "starts" else key, value)
        changed.step, changed.option = Step.OPTIONS, None
    if changed.time:  # times that depend on each other are checked as /hop will check them
        await meetings.read_schedule(ctx, changed.time, changed.options)
    return changed


async def _set_field(ctx: Ctx, draft: Draft, name: str, typed: str) -> None:
    """Check one typed value and put it into `draft`; FormError says what is wrong."""
    value = typed.strip()
    if not value:
        raise FormError("dialogue.empty")
    if name in ("title", "venue"):
        setattr(draft, name, _first_line_field(ctx, name, value))
    elif name == "time":
        draft.time = _absolute(ctx, read_time(ctx, value))
    elif name == "audience":
        audience = parse_audience(value)
        await check_audience(ctx, audience)
        draft.audience = audience.to_json()
    else:
        _set_option(ctx, draft, name, value)


def _first_line_field(ctx: Ctx, name: str, value: str) -> str:
    """Title and venue go on the form's first line: one line, no `|`, within /hop's limit."""
    label = ctx.t(f"dialogue.field.{name}")
    value = " ".join(value.split())
    if "|" in value:
        raise FormError("dialogue.no_bar", field=label)
    if len(value) > meetings.LIMITS[name]:
        raise FormError("meeting.too_long", field=label, limit=meetings.LIMITS[name])
    return value


def _set_option(ctx: Ctx, draft: Draft, key: str, value: str) -> None:
    folded = fold(value)
    if key == "reminders":  # `không` is a value here: no reminders
        if folded in DEFAULT_WORDS:
            draft.options.pop(key, None)
        else:
            meetings.read_reminders(value)
            draft.options[key] = " ".join(value.split())
        return
    if folded in CLEAR_WORDS or (key == "send_at" and is_now(value)):
        draft.options.pop(key, None)
        return
    if key in meetings.LIMITS:
        value = value if key == "notes" else " ".join(value.split())
        if len(value) > meetings.LIMITS[key]:
            raise FormError(
                "meeting.too_long", field=ctx.t(f"dialogue.field.{key}"), limit=meetings.LIMITS[key]
            )
    elif key == "ends":  # read against the meeting's day, as /hop does
        value = " ".join(value.split())
    else:  # deadline, send_at: fixed now, so a draft left overnight keeps its meaning
        value = _absolute(ctx, read_time(ctx, value))
    draft.options[key] = value


def _absolute(ctx: Ctx, moment: datetime) -> str:
    """A time as the form will read it again, whatever day the preview is asked for."""
    local = moment.astimezone(ctx.env.tz)
    return local.strftime("%d/%m/%Y %H:%M")


# --- buttons -----------------------------------------------------------------------------------


async def button(ctx: Ctx, req: Request, verb: str, number: int) -> Reply:
    """A press on the dialogue's buttons: the message is edited in place, with a short toast."""
    if verb == "edit":
        return await _reopen(ctx, number)
    conversation = await _draft_of(ctx)
    if conversation is None:
        return Reply(toast=ctx.t("error.stale_button"))
    draft = Draft.load(conversation.data)
    step = draft.step
    if verb == "quit":
        await ctx.session.delete(conversation)
        return Reply(ctx.t("dialogue.left"), edit=True, toast=ctx.t("dialogue.toast_left"))
    if verb == "prev" and step in (Step.OPTIONS, Step.OPTION):
        return await _finish(ctx, req, conversation, draft)
    if verb == "opt" and step in (Step.OPTIONS, Step.OPTION) and number < len(OPTIONS):
        draft.step, draft.option = Step.OPTION, OPTIONS[number]
        toast = ctx.t("dialogue.toast_option", label=ctx.t(f"dialogue.field.{draft.option}"))
    elif step == Step.AUDIENCE and verb in ("u", "t", "all", "next"):
        toast = await _choose(ctx, draft, verb, number)
        if toast is None:
            return Reply(toast=ctx.t("error.stale_button"))
    else:
        return Reply(toast=ctx.t("error.stale_button"))
    _store(ctx, conversation, draft)
    return Reply(
        await _screen(ctx, draft), buttons=await _keyboard(ctx, draft), edit=True, toast=toast
    )


async def _choose(ctx: Ctx, draft: Draft, verb: str, number: int) -> str | None:
    """One press on the audience step; returns the toast, or None for a stale button."""
    audience = draft.audience_value
    if verb == "next":
        draft.step = Step.OPTIONS
        return ctx.t("dialogue.toast_next")
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


async def _finish(ctx: Ctx, req: Request, conversation: Conversation, draft: Draft) -> Reply:
    """Build the `/hop` form from the draft and let `/hop` check it and show its preview."""
    known = {id(obj) for obj in (*ctx.session.new, *ctx.session.identity_map.values())}
    form_request = Request(
        sender=req.sender, chat=req.chat, command="hop", args=build_form(draft), file=_file(draft)
    )
    try:
        reply = await meetings.meeting(ctx, form_request)
    except FormError as err:
        created = [
            obj
            for obj in (*ctx.session.new, *ctx.session.identity_map.values())
            if isinstance(obj, Announcement | Meeting) and id(obj) not in known
        ]
        if created:  # /hop stopped half-way: let the unit of work roll everything back
            raise
        draft.step, draft.option = Step.OPTIONS, None
        problem = ctx.t(err.key, **err.values)
        screen = await _screen(ctx, draft)
        return Reply(
            f"{problem}\n\n{screen}",
            buttons=await _keyboard(ctx, draft),
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


def build_form(draft: Draft) -> str:
    """The `/hop` text for the draft: `tiêu đề | thời gian | địa điểm | đối tượng` and `key: value`
    lines. Nothing is escaped: the form is read again by `/hop`."""
    first = " | ".join([draft.title, draft.time, draft.venue, draft.audience_value.describe()])
    lines = [first]
    for key in OPTIONS:
        value = draft.options.get(key, "")
        if not value:
            continue
        if key == "notes":  # one `ghi chú:` line per line; /hop joins them again
            lines += [f"{FORM_KEYS[key]}: {line}".rstrip() for line in value.split("\n")]
        else:
            lines.append(f"{FORM_KEYS[key]}: {value}")
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
    record = await queries.meeting(ctx.session, ann_id)
    if (
        ann is None
        or record is None
        or ann.kind != AnnouncementKind.MEETING
        or ann.status != AnnouncementStatus.DRAFT
        or ann.created_by_id != ctx.person.id
        or not ctx.in_private
    ):
        return Reply(toast=ctx.t("error.stale_button"))
    ann.status = AnnouncementStatus.CANCELLED
    ann.cancelled_at = ctx.now
    queries.audit(ctx.session, ctx.now, ctx.person.id, "meeting.draft_edit", f"#{ann.id}")
    draft = _draft_from(ctx, ann, record)
    await _save_new(ctx, draft)
    screen = await _screen(ctx, draft)
    return Reply(
        f"{ctx.t('dialogue.reopened', id=ann.id)}\n\n{screen}",
        buttons=await _keyboard(ctx, draft),
        edit=True,
        toast=ctx.t("dialogue.toast_edit", id=ann.id),
    )


def _draft_from(ctx: Ctx, ann: Announcement, record: Meeting) -> Draft:
    """A draft at the options step holding what the announcement was made of."""
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
        options["reminders"] = (
            ", ".join(timeparse.format_duration(timedelta(minutes=m)) for m in record.reminders)
            or "không"
        )
    file = {"file_id": record.file_id, "name": record.file_name or ""} if record.file_id else None
    return Draft(
        step=Step.OPTIONS,
        title=record.title,
        time=_absolute(ctx, record.starts_at),
        venue=record.venue,
        audience=Audience.from_json(ann.audience).to_json(),
        options=options,
        file=file,
    )


# --- the draft row -----------------------------------------------------------------------------


async def _draft_of(ctx: Ctx) -> Conversation | None:
    """The person's open draft in this chat; an expired one is dropped."""
    conversation = await queries.conversation_of(ctx.session, ctx.person.id)
    if (
        conversation is None
        or conversation.kind != DRAFT_KIND
        or conversation.chat_id != ctx.chat.id
    ):
        return None
    if conversation.expires_at <= ctx.now:
        await ctx.session.delete(conversation)
        return None
    return conversation


async def _save_new(ctx: Ctx, draft: Draft) -> None:
    """A new draft replaces whatever question was pending for this person (one per person)."""
    existing = await queries.conversation_of(ctx.session, ctx.person.id)
    if existing is not None:
        await ctx.session.delete(existing)
        await ctx.session.flush()
    ctx.session.add(
        Conversation(
            person_id=ctx.person.id,
            chat_id=ctx.chat.id,
            kind=DRAFT_KIND,
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


async def _screen(ctx: Ctx, draft: Draft, *, intro: bool = False) -> str:
    """The dialogue message: what is filled in so far, then what to type or press now."""
    lines = [ctx.t("dialogue.header")]
    if intro:
        lines.append(ctx.t("dialogue.intro"))
    summary = _summary(ctx, draft)
    if summary:
        lines += ["", *summary]
    lines += ["", _prompt(ctx, draft)]
    return "\n".join(lines)


def _summary(ctx: Ctx, draft: Draft) -> list[str]:
    shown: list[tuple[str, str]] = [
        ("title", draft.title),
        ("time", _shown_time(ctx, draft.time) if draft.time else ""),
        ("venue", draft.venue),
    ]
    if draft.step in (Step.AUDIENCE, Step.OPTIONS, Step.OPTION):
        shown.append(("audience", draft.audience_value.describe()))
    if draft.file:
        shown.append(("file", str(draft.file.get("name", ""))))
    for key in OPTIONS:
        value = draft.options.get(key, "")
        shown.append((key, _shown_time(ctx, value) if key in ("deadline", "send_at") else value))
    return [
        ctx.t("dialogue.line", label=ctx.t(f"dialogue.field.{name}"), value=value)
        for name, value in shown
        if value
    ]


def _shown_time(ctx: Ctx, value: str) -> str:
    try:
        moment = timeparse.parse_when(value, ctx.now, ctx.env.tz, allow_past=True)
    except timeparse.TimeParseError:
        return value
    return timeparse.format_when(moment, ctx.env.tz)


def _prompt(ctx: Ctx, draft: Draft) -> str:
    number = STEP_NUMBER[draft.step]
    if draft.step == Step.OPTION and draft.option is not None:
        current = draft.options.get(draft.option)
        prompt = ctx.t(f"dialogue.ask.{draft.option}", step=number)
        if current:
            prompt += "\n" + ctx.t("dialogue.current", value=current)
        return prompt
    return ctx.t(f"dialogue.step.{draft.step.value}", step=number)


async def _keyboard(ctx: Ctx, draft: Draft) -> list[list[Button]]:
    quit_button = Button(ctx.t("dialogue.btn_quit"), action="d:quit:0")
    if draft.step == Step.AUDIENCE:
        done = Button(ctx.t("dialogue.btn_done"), action="d:next:0")
        return [*await _audience_rows(ctx, draft), [done, quit_button]]
    if draft.step in (Step.OPTIONS, Step.OPTION):
        buttons = [
            Button(
                _ticked(ctx.t(f"dialogue.opt.{key}"), bool(draft.options.get(key))),
                action=f"d:opt:{index}",
            )
            for index, key in enumerate(OPTIONS)
        ]
        rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
        return [*rows, [Button(ctx.t("dialogue.btn_preview"), action="d:prev:0"), quit_button]]
    return [[quit_button]]


async def _audience_rows(ctx: Ctx, draft: Draft) -> list[list[Button]]:
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
    for group in (units, tags):
        rows += [group[i : i + ROW] for i in range(0, len(group), ROW)]
    return rows


async def _tags(ctx: Ctx) -> list[str]:
    """The tags of the linked groups, sorted: a tag button carries its index in this list."""
    groups = await queries.audience_chats(ctx.session, True, (), ())
    return sorted({tag for chat in groups for tag in chat.tags})


def _ticked(label: str, chosen: bool) -> str:
    return f"✓ {label}" if chosen else label
