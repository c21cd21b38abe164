"""[📝 Đăng ký đại biểu] on a meeting card: a short private dialogue — Họ và tên → Chức vụ →
Điện thoại — that stores each delegate at once and offers [➕ Thêm người] [✔️ Xong].

The dialogue is the person's `Conversation` row (kind `delegates`, data: the unit, the step and
what was typed so far), so a restart loses nothing. A press in a group continues in the
person's private chat when Loa can write there; otherwise the group is given a link
`https://t.me/<bot>?start=db-<meeting>` that opens the private chat and starts the dialogue
(`open_link`, called by `/start`), the unit remembered meanwhile in a row waiting in the group.
Organisers outside a unit's group pick the unit first.

Buttons: `db:r:<meeting>` (the card), `db:r.<unit id>:<meeting>` (an organiser's pick),
`db:m:<meeting>` / `db:d:<meeting>` (more / done), and the list's `db:x.…` (`delegates`).
"""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Ctx
from handlers.core import Button, Reply, Request
from handlers.forms import FormError, fold
from handlers.meetings import delegates
from handlers.notices.audience import announcement_unit_ids
from storage import queries
from storage.models import Conversation, Unit

KIND = "delegates"
LIFETIME = timedelta(days=1)
LINK_PREFIX = "db-"
PICK_LIMIT = 96
SKIP_WORDS = frozenset({"khong", "khong co", "-", "bo qua", "none", "skip"})
MORE_WORDS = frozenset({"them", "them nguoi", "+", "more", "add"})
DONE_WORDS = frozenset({"xong", "done", "ket thuc"})
STEPS = ("name", "position", "phone")
ASK = {
    "name": "delegates.ask_name",
    "position": "delegates.ask_position",
    "phone": "delegates.ask_phone",
}


async def button(ctx: Ctx, req: Request, verb: str, ann_id: int) -> Reply:
    """A `db:` press (see the module's docstring); anything else is a stale button."""
    letter, _, rest = verb.partition(".")
    if letter == "r":
        return await _register_press(ctx, ann_id, rest)
    if letter == "x":
        return await delegates.remove_button(ctx, ann_id, rest)
    if letter in ("m", "d") and not rest:
        conversation = await _dialogue_of(ctx, ann_id)
        if conversation is None or conversation.data.get("step") != "more":
            return Reply(toast=ctx.t("error.stale_button"))
        reply = await (_more(ctx, conversation) if letter == "m" else _done(ctx, conversation))
        return reply
    return Reply(toast=ctx.t("error.stale_button"))


async def _register_press(ctx: Ctx, ann_id: int, unit_part: str) -> Reply:
    """The card's button, or an organiser's pick of the unit."""
    code: str | None = None
    if unit_part:
        unit = await _picked(ctx, unit_part)
        if unit is None:
            return Reply(toast=ctx.t("error.stale_button"))
        code = unit.code
    try:
        ann, _ = await delegates.open_meeting(ctx, ann_id)
        if code is None and ctx.is_organiser and delegates.own_unit_here(ctx) is None:
            return await _offer_units(ctx, ann_id)
        target = await delegates.target_for(ctx, ann.id, code)
        await delegates.check_room(ctx, target, 1)
    except FormError as err:
        return Reply(toast=ctx.t(err.key, **err.values), alert=True)
    private = ctx.person.private_chat_id
    if ctx.in_private or private is not None:
        chat_id = ctx.chat.id if ctx.in_private else private
        assert chat_id is not None
        await _begin(ctx, chat_id, ann.id, target.unit, "name")
        question = _question(ctx, ann.id, target.unit, "name")
        if ctx.in_private:
            return Reply(question, toast=ctx.t("delegates.toast_started"))
        return Reply(question, to_person=True, toast=ctx.t("delegates.toast_private"))
    # no private chat yet: the group gets a link that opens one; the unit waits in the group
    await _begin(ctx, ctx.chat.id, ann.id, target.unit, "link")
    link = f"https://t.me/{ctx.env.bot_username}?start={LINK_PREFIX}{ann.id}"
    name = ctx.person.name or ctx.person.external_id
    return Reply(
        ctx.t("delegates.open_private", name=name, id=ann.id, code=target.unit.code),
        buttons=[[Button(ctx.t("delegates.btn_open_private"), url=link)]],
        toast=ctx.t("delegates.toast_link"),
    )


async def _picked(ctx: Ctx, unit_part: str) -> Unit | None:
    """A unit an organiser picked from the list Loa offered (nobody else is offered one)."""
    if not ctx.is_organiser or not unit_part.isdigit() or len(unit_part) > 9:
        return None
    unit = await ctx.session.get(Unit, int(unit_part))
    return unit if unit is not None and unit.removed_at is None else None


async def _offer_units(ctx: Ctx, ann_id: int) -> Reply:
    """An organiser outside a unit's group picks the unit (`db:r.<unit id>:<meeting>`), in
    private chat; more units than fit are reached with `/daibieu 12 <mã> | …`."""
    ann = await queries.announcement(ctx.session, ann_id)
    assert ann is not None
    invited = await announcement_unit_ids(ctx.session, ann)
    units = [u for u in await queries.active_units(ctx.session) if u.id in invited]
    shown = units[:PICK_LIMIT]
    rows = [
        [Button(u.code, action=f"db:r.{u.id}:{ann_id}") for u in shown[i : i + 4]]
        for i in range(0, len(shown), 4)
    ]
    body = ctx.t("delegates.pick_unit", id=ann_id)
    if len(units) > len(shown):
        body += "\n" + ctx.t("delegates.pick_more", id=ann_id)
    private = not ctx.in_private and ctx.person.private_chat_id is not None
    if not ctx.in_private and not private:
        return Reply(toast=ctx.t("delegates.organiser_private", id=ann_id), alert=True)
    return Reply(
        body,
        buttons=rows,
        to_person=private,
        toast=ctx.t("delegates.toast_private" if private else "delegates.toast_pick"),
    )


async def open_link(ctx: Ctx, payload: str) -> Reply:
    """`/start db-12`: the dialogue for meeting 12, for the unit the group press remembered
    (else the person's own; an organiser picks)."""
    digits = payload.removeprefix(LINK_PREFIX)
    if not digits.isdigit() or len(digits) > 9:
        return Reply(ctx.t("delegates.bad_link"))
    ann_id = int(digits)
    waiting = await queries.conversation_of(ctx.session, ctx.person.id)
    code = None
    if waiting is not None and waiting.kind == KIND and waiting.announcement_id == ann_id:
        unit = await ctx.session.get(Unit, int(waiting.data.get("unit") or 0))
        code = unit.code if unit is not None else None
    try:
        await delegates.open_meeting(ctx, ann_id)
        if code is None and ctx.is_organiser:
            return await _offer_units(ctx, ann_id)
        target = await delegates.target_for(ctx, ann_id, code)
        await delegates.check_room(ctx, target, 1)
    except FormError as err:
        return Reply(ctx.t(err.key, **err.values))
    await _begin(ctx, ctx.chat.id, ann_id, target.unit, "name")
    return Reply(_question(ctx, ann_id, target.unit, "name"))


async def _begin(ctx: Ctx, chat_id: int, ann_id: int, unit: Unit, step: str) -> None:
    """The person's dialogue row (one per person: it replaces any other open question)."""
    conversation = await queries.conversation_of(ctx.session, ctx.person.id)
    if conversation is None:
        conversation = Conversation(person_id=ctx.person.id)
        ctx.session.add(conversation)
    conversation.chat_id = chat_id
    conversation.kind = KIND
    conversation.announcement_id = ann_id
    conversation.data = {"unit": unit.id, "step": step}
    conversation.prompt_message_id = None
    conversation.created_at = ctx.now
    conversation.expires_at = ctx.now + LIFETIME


def _question(ctx: Ctx, ann_id: int, unit: Unit, step: str) -> str:
    return ctx.t(ASK[step], id=ann_id, code=unit.code)


async def _dialogue_of(ctx: Ctx, ann_id: int | None = None) -> Conversation | None:
    """The person's open dialogue in this chat (for `ann_id` when given); expired: dropped."""
    conversation = await queries.conversation_of(ctx.session, ctx.person.id)
    if conversation is None or conversation.kind != KIND or conversation.chat_id != ctx.chat.id:
        return None
    if ann_id is not None and conversation.announcement_id != ann_id:
        return None
    if conversation.expires_at <= ctx.now or conversation.data.get("step") == "link":
        return None
    return conversation


async def answer(ctx: Ctx, req: Request) -> Reply | None:
    """Text typed while the dialogue waits: the answer to its step (a wrong one is explained
    and asked again), or `xong` / `thêm` after a delegate was stored. None: not for it."""
    conversation = await _dialogue_of(ctx)
    if conversation is None or conversation.announcement_id is None:
        return None
    typed = " ".join((req.text or "").split())
    data = dict(conversation.data)
    step = data.get("step")
    unit = await ctx.session.get(Unit, int(data.get("unit") or 0))
    if unit is None or not typed:
        return None
    if step == "more":
        words = fold(typed)
        if words in MORE_WORDS:
            return await _more(ctx, conversation)
        if words in DONE_WORDS:
            return await _done(ctx, conversation)
        return None
    if step not in STEPS:
        return None
    ann_id = conversation.announcement_id
    try:
        if step == "name":
            data["name"] = delegates.read_name(typed)
        elif step == "position":
            data["position"] = delegates.read_name(typed, "delegates.bad_position")
        else:
            data["phone"] = "" if fold(typed) in SKIP_WORDS else delegates.read_phone(typed)
    except FormError as err:
        problem = ctx.t(err.key, **err.values)
        return Reply(problem + "\n" + _question(ctx, ann_id, unit, step))
    if step != "phone":
        data["step"] = STEPS[STEPS.index(step) + 1]
        conversation.data = data
        return Reply(_question(ctx, ann_id, unit, data["step"]))
    return await _store(ctx, conversation, data, unit)


async def _store(ctx: Ctx, conversation: Conversation, data: dict, unit: Unit) -> Reply:  # type: ignore[type-arg]
    """The delegate typed in full: registered now (the quota and the deadline checked again)."""
    ann_id = conversation.announcement_id
    assert ann_id is not None
    person = delegates.NewDelegate(data["name"], data.get("position", ""), data.get("phone", ""))
    try:
        target = await delegates.target_for(ctx, ann_id, unit.code)
        await delegates.add(ctx, target, [person])
    except FormError as err:
        problem = ctx.t(err.key, **err.values)
        if err.key == "delegates.duplicate":  # someone else: asked for again
            conversation.data = {"unit": unit.id, "step": "name"}
            return Reply(problem + "\n" + _question(ctx, ann_id, unit, "name"))
        await ctx.session.delete(conversation)
        return Reply(problem)
    conversation.data = {"unit": unit.id, "step": "more"}
    conversation.expires_at = ctx.now + LIFETIME
    entries = await delegates.entries_of(ctx, target)
    count = delegates.count_text(ctx, target.meeting, unit, len(entries))
    saved = ctx.t(
        "delegates.saved",
        id=ann_id,
        line=delegates.entry_line(ctx, len(entries), entries[-1]),
        count=count,
    )
    return Reply(
        saved,
        buttons=[
            [
                Button(ctx.t("delegates.btn_more"), action=f"db:m:{ann_id}"),
                Button(ctx.t("delegates.btn_done"), action=f"db:d:{ann_id}"),
            ]
        ],
    )


async def _more(ctx: Ctx, conversation: Conversation) -> Reply:
    """[➕ Thêm người]: the next name asked, if the quota has room."""
    ann_id = conversation.announcement_id
    unit = await ctx.session.get(Unit, int(conversation.data.get("unit") or 0))
    if ann_id is None or unit is None:
        return Reply(toast=ctx.t("error.stale_button"))
    try:
        target = await delegates.target_for(ctx, ann_id, unit.code)
        await delegates.check_room(ctx, target, 1)
    except FormError as err:
        message = ctx.t(err.key, **err.values)
        return Reply(message, toast=message)
    conversation.data = {"unit": unit.id, "step": "name"}
    conversation.expires_at = ctx.now + LIFETIME
    return Reply(_question(ctx, ann_id, unit, "name"), toast=ctx.t("delegates.toast_more"))


async def _done(ctx: Ctx, conversation: Conversation) -> Reply:
    """[✔️ Xong]: the dialogue ends with the unit's list."""
    ann_id = conversation.announcement_id
    unit = await ctx.session.get(Unit, int(conversation.data.get("unit") or 0))
    await ctx.session.delete(conversation)
    if ann_id is None or unit is None:
        return Reply(toast=ctx.t("error.stale_button"))
    try:
        ann, meeting = await delegates.open_meeting(ctx, ann_id, changing=False)
    except FormError as err:
        return Reply(ctx.t(err.key, **err.values))
    target = delegates.Target(ann, meeting, unit, False)
    reply = await delegates.list_reply(ctx, target, ctx.t("delegates.finished", code=unit.code))
    reply.toast = ctx.t("delegates.toast_done")
    return reply
