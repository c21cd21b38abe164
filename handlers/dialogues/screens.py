"""What the organiser sees at each step of a guided dialogue: the summary so far, the prompt,
and the keyboard (the audience's units and tags, page by page, within 100 buttons)."""

from __future__ import annotations

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Button
from handlers.dialogues.drafts import AUDIENCE_PAGE, ROW, Draft, Kind, Step, Value
from storage import queries


async def screen(ctx: Ctx, kind: Kind, draft: Draft, *, intro: bool = False) -> str:
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


async def keyboard(ctx: Ctx, kind: Kind, draft: Draft, page: int = 0) -> list[list[Button]]:
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
        asked = kind.find(draft.option) if draft.step == Step.OPTION and draft.option else None
        if asked is not None and asked.value == Value.CHOICE:  # `sau hạn:` answered by a press
            rows.insert(
                0,
                [
                    Button(ctx.t("dialogue.btn_accept_late"), action="d:pick:0"),
                    Button(ctx.t("dialogue.btn_close"), action="d:pick:1"),
                ],
            )
        if draft.step == Step.OPTION and draft.option == "format":  # the usual rules, or none
            rows.insert(0, [Button(ctx.t("formats.button_default"), action="d:fmt:0")])
            rows.insert(1, [Button(ctx.t("formats.button_none"), action="d:fmt:1")])
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
        for index, tag in enumerate(await tag_names(ctx))
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


async def page_of(ctx: Ctx, draft: Draft, verb: str, number: int) -> int:
    """The audience page that shows the unit (`u`, by id) or tag (`t`, by index) just pressed,
    so the keyboard stays where the person was."""
    if verb not in ("u", "t"):
        return 0
    units = [unit.id for unit in await queries.active_units(ctx.session)]
    if verb == "t":
        return (len(units) + number) // AUDIENCE_PAGE
    return units.index(number) // AUDIENCE_PAGE if number in units else 0


async def tag_names(ctx: Ctx) -> list[str]:
    """The tags of the linked groups, sorted: a tag button carries its index in this list."""
    groups = await queries.audience_chats(ctx.session, True, (), ())
    return sorted({tag for chat in groups for tag in chat.tags})


def _ticked(label: str, chosen: bool) -> str:
    return f"✓ {label}" if chosen else label
