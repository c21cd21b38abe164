"""Guided dialogues: a creating command sent alone in a private chat asks one thing at a time.

`/hop` (title → time → venue → audience → options) and `/thamluan` (topic → deadline →
audience → options) are each described by a `Kind`: the first-line fields asked in order, the
optional fields, how each value is read, and the command that takes the finished form. One
engine runs both. The draft is the person's `Conversation` row (kind `draft:meeting` or
`draft:papers`, data = the fields collected and the current step), so a restart loses nothing.
At the end the fields become the command's one-line form and go through the command itself, so
validation and the preview are exactly those of the command. Buttons carry `d:<verb>:<n>`:

`u:<unit id>` / `t:<tag index>` toggle a unit / a tag, `all:0` chooses everyone, `next:0` leaves
the audience step, `opt:<index>` asks for one option, `pick:<index>` answers an option asked
with buttons (`sau hạn:` [Nhận, đánh dấu trễ] [Đóng]), `fmt:0` / `fmt:1` answer the format option
with the usual rules / no check, `prev:0` builds the preview, `quit:0` drops
the draft, and `edit:<announcement id>` (on the preview) reopens the options of a new draft.
"""

from __future__ import annotations

from handlers import announcements
from handlers.context import Ctx
from handlers.core import Button, FileRef, Reply, Request
from handlers.dialogues import screens
from handlers.dialogues.drafts import (
    CLEAR_WORDS,
    DEFAULT_WORDS,
    DRAFT_LIFETIME,
    Draft,
    Field,
    Kind,
    Step,
    Value,
    absolute,
)
from handlers.dialogues.kinds import BY_ANNOUNCEMENT, BY_DRAFT, CHOICES, MEETING, PAPERS
from handlers.forms import Audience, FormError, fold, is_now, parse_audience, split_form
from handlers.meetings import invitation, official
from handlers.notices.audience import check_audience
from handlers.notices.sending import read_time
from handlers.papers import calls, formats
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Conversation,
    Meeting,
    PaperCall,
    Unit,
)

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
        await screens.screen(ctx, kind, draft, intro=True),
        buttons=await screens.keyboard(ctx, kind, draft),
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
        screen = await screens.screen(ctx, kind, draft)
        return Reply(f"{problem}\n\n{screen}", buttons=await screens.keyboard(ctx, kind, draft))
    _store(ctx, conversation, changed)
    return Reply(
        await screens.screen(ctx, kind, changed), buttons=await screens.keyboard(ctx, kind, changed)
    )


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
    if spec.value == Value.FORMAT and formats.is_no_check(value):  # `không kiểm tra`: no rules
        draft.options.pop(name, None)
        return
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
        return absolute(ctx, read_time(ctx, value))
    if spec.value == Value.REMINDERS:
        invitation.read_reminders(value)
        return " ".join(value.split())
    if spec.value == Value.COUNT:
        return str(calls.read_count(value))
    if spec.value == Value.QUOTA:  # the units are checked against the audience by `check`
        official.parse_quota(value)
        return " ".join(value.split())
    if spec.value == Value.CHOICE:
        return CHOICES[int(official.read_closes(value))]
    if spec.value == Value.FORMAT:
        rules = formats.parse_rules(value)
        return rules.describe() if rules is not None else formats.NO_CHECK
    if spec.value != Value.NOTES:  # LINE, DAY_TIME
        value = " ".join(value.split())
    if first_line and "|" in value:
        raise FormError("dialogue.no_bar", field=label)
    if spec.limit and len(value) > spec.limit:
        raise FormError("meeting.too_long", field=label, limit=spec.limit)
    return value


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
    if verb == "pick" and step == Step.OPTION and draft.option is not None:
        spec = kind.find(draft.option)
        if spec is None or spec.value != Value.CHOICE or number >= len(CHOICES):
            return Reply(toast=ctx.t("error.stale_button"))
        draft.options[draft.option] = CHOICES[number]
        draft.step, draft.option = Step.OPTIONS, None
        toast = ctx.t("dialogue.toast_closes", value=official.closes_text(bool(number), ctx.lang))
    elif verb == "fmt" and step == Step.OPTION and draft.option == "format" and number < 2:
        # the format step's buttons: [A4, Times New Roman 13–14, tối đa 10 trang] [Không kiểm tra]
        if number == 0:
            draft.options["format"] = formats.DEFAULT_RULES
        else:
            draft.options.pop("format", None)
        draft.step, draft.option = Step.OPTIONS, None
        toast = ctx.t("formats.toast_set" if number == 0 else "formats.toast_none")
    elif verb == "opt" and step in (Step.OPTIONS, Step.OPTION) and number < len(kind.options):
        draft.step, draft.option = Step.OPTION, kind.option_names[number]
        toast = ctx.t("dialogue.toast_option", label=kind.t(ctx, f"field.{draft.option}"))
    elif step == Step.AUDIENCE and verb == "apage":  # another page of the audience's buttons
        page = number
    elif step == Step.AUDIENCE and verb in ("u", "t", "all", "next"):
        chosen = await _choose(ctx, kind, draft, verb, number)
        if chosen is None:
            return Reply(toast=ctx.t("error.stale_button"))
        toast = chosen
        page = await screens.page_of(ctx, draft, verb, number)
    else:
        return Reply(toast=ctx.t("error.stale_button"))
    _store(ctx, conversation, draft)
    return Reply(
        await screens.screen(ctx, kind, draft),
        buttons=await screens.keyboard(ctx, kind, draft, page),
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
        known = await screens.tag_names(ctx)
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
        screen = await screens.screen(ctx, kind, draft)
        return Reply(
            f"{problem}\n\n{screen}",
            buttons=await screens.keyboard(ctx, kind, draft),
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
    screen = await screens.screen(ctx, kind, draft)
    return Reply(
        f"{ctx.t('dialogue.reopened', id=ann.id)}\n\n{screen}",
        buttons=await screens.keyboard(ctx, kind, draft),
        edit=True,
        toast=kind.t(ctx, "toast_edit", id=ann.id),
    )


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


# --- the kinds ---------------------------------------------------------------------------------
