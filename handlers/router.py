"""One place that maps commands and button actions to handlers, in an explicit order.

`handle` opens the request's unit of work: one session, the acting person, the permission check,
the handler, one commit. A `FormError` rolls everything back and explains, with an example.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from handlers import (
    access,
    announcements,
    dialogue,
    edits,
    exports,
    feeds,
    groups,
    invites,
    news,
    notices,
    pages,
    papers,
    reminders,
    rsvp,
    sending,
    start,
    status,
    units,
)
from handlers.context import Ctx, open_ctx, read_ahead
from handlers.core import Env, Reply, Request
from handlers.forms import FormError
from handlers.texts import text
from storage import queries

log = logging.getLogger(__name__)

Handler = Callable[[Ctx, Request], Awaitable[Reply | None]]


@dataclass(frozen=True)
class Command:
    """A chat command: its Vietnamese name, English alias, handler and who may use it."""

    name: str
    alias: str
    run: Handler
    organiser: bool = False
    private_only: bool = False
    group_only: bool = False
    example: str | None = None


COMMANDS: tuple[Command, ...] = (
    Command("start", "start", start.start),
    Command("trogiup", "help", start.help_),
    Command("ngonngu", "language", start.language),
    Command("thongbao", "notice", notices.notice, organiser=True, example="notice.example"),
    Command("hop", "meeting", dialogue.meeting_command, organiser=True, example="meeting.example"),
    Command("thamluan", "papers", dialogue.paper_command, organiser=True, example="papers.example"),
    Command("tin", "news", news.news, organiser=True, example="news.example"),
    Command("nop", "submit", papers.submit),
    Command("tinhhinh", "status", status.status, organiser=True, example="status.example"),
    Command("xuat", "export", exports.export, organiser=True, example="export.example"),
    Command("lich", "upcoming", status.upcoming),
    Command("ds", "list", announcements.list_announcements, organiser=True),
    Command("sua", "edit", edits.edit, organiser=True, example="edit.example"),
    Command("nhacnho", "remind", reminders.remind_now, organiser=True),
    Command("huy", "cancel", dialogue.cancel, organiser=True),
    Command("donvi", "units", units.units, organiser=True),
    Command("nhom", "group", groups.group, organiser=True),
    Command("moi", "invite", invites.create_invite, organiser=True),
    Command("quyen", "grant", access.grant, organiser=True),
    Command("nguon", "feeds", feeds.feeds, organiser=True, example="feeds.example"),
)

BY_NAME: dict[str, Command] = {n: c for c in COMMANDS for n in (c.name, c.alias)}


def find_command(name: str) -> Command | None:
    """The command called `name` (Vietnamese or English), case-insensitively."""
    return BY_NAME.get(name.lower())


async def _in_unit_of_work(
    env: Env,
    req: Request,
    run: Callable[[Ctx], Awaitable[Reply | None]],
    example: str | None = None,
) -> Reply | None:
    async with env.sessions() as session:
        try:
            ctx = await open_ctx(env, session, req)
        except IntegrityError:  # the same new person or chat was created a moment ago
            await session.rollback()
            ctx = await open_ctx(env, session, req)
        try:
            reply = await run(ctx)
        except FormError as err:
            lang = ctx.lang
            await session.rollback()
            message = text(lang, err.key, **err.values)
            if example and not err.key.endswith(".usage"):
                message += "\n" + text(lang, "error.example", example=text(lang, example))
            return Reply(message)
        await session.commit()
    for action in ctx.after_commit:
        action()
    return reply


async def handle_command(env: Env, req: Request) -> Reply | None:
    """Answer a command; unknown names get a short help."""
    command = find_command(req.command or "")

    async def run(ctx: Ctx) -> Reply | None:
        if command is None:
            return Reply(ctx.t("error.unknown_command", command=f"/{req.command}"))
        if command.organiser and not ctx.is_organiser:
            log.info("refused /%s from non-organiser %s", command.name, ctx.person.id)
            return Reply(ctx.t("error.not_organiser", command=command.name))
        if command.private_only and not ctx.in_private:
            return Reply(ctx.t("error.private_only"))
        return await command.run(ctx, req)

    return await _in_unit_of_work(env, req, run, command.example if command else None)


ActionHandler = Callable[[Ctx, Request, str, int], Awaitable[Reply]]

# presses on meeting cards: many at once when a meeting is busy, answered in batches
BATCHED = "r:"

PageRenderer = Callable[[Ctx, str, int], Awaitable[Reply]]

# lists shown page by page (`p:<list>[.<arg>]:<page>`), and whether they are for organisers
PAGED: dict[str, tuple[PageRenderer, bool]] = {
    "units": (units.units_page, True),
    "groups": (groups.groups_page, True),
    "list": (announcements.list_page, True),
    "upcoming": (status.upcoming_page, False),
    "status": (status.status_page, True),
    "pick": (rsvp.picker_page, False),
}


async def page_button(ctx: Ctx, req: Request, verb: str, page: int) -> Reply:
    """[◀ Trước] [Sau ▶] under a list: the list recomputed, its page edited in place."""
    name, arg = pages.parse_action(verb)
    entry = PAGED.get(name)
    if entry is None:
        return Reply(toast=ctx.t("error.stale_button"))
    render, organiser_only = entry
    if organiser_only and not ctx.is_organiser:
        return Reply(toast=ctx.t("error.not_organiser_toast"))
    reply = await render(ctx, arg, page)
    reply.edit = True
    return reply


ACTIONS: dict[str, tuple[ActionHandler, bool]] = {
    pages.PREFIX: (page_button, False),
    "n": (sending.preview_button, True),
    "r": (rsvp.rsvp_button, False),
    "t": (status.status_button, True),
    "d": (dialogue.button, True),
}


async def handle_action(env: Env, req: Request) -> Reply:
    """A button press `prefix:verb:id`; anything unknown or forged is a stale button. Presses
    on meeting cards go through the bot's batcher when it runs one (`handlers.presses`)."""
    if env.answer_press is not None and (req.action or "").startswith(BATCHED):
        return await env.answer_press(req)
    return await answer_action(env, req)


def _parse_action(action: str | None) -> tuple[str, str, int] | None:
    """`prefix:verb:id` as (prefix, verb, id), or None when it is not of that form."""
    parts = (action or "").split(":")
    if len(parts) != 3 or not parts[2].isdigit() or len(parts[2]) > 9:
        return None
    return parts[0], parts[1], int(parts[2])


def _action_run(req: Request) -> Callable[[Ctx], Awaitable[Reply | None]]:
    parsed = _parse_action(req.action)

    async def run(ctx: Ctx) -> Reply | None:
        entry = ACTIONS.get(parsed[0]) if parsed is not None else None
        if parsed is None or entry is None:
            return Reply(toast=ctx.t("error.stale_button"))
        handler, organiser_only = entry
        if organiser_only and not ctx.is_organiser:
            return Reply(toast=ctx.t("error.not_organiser_toast"))
        return await handler(ctx, req, parsed[1], parsed[2])

    return run


async def answer_action(env: Env, req: Request) -> Reply:
    """A button press in a unit of work of its own."""
    reply = await _in_unit_of_work(env, req, _action_run(req))
    return reply or Reply(toast=text("vi", "error.stale_button"))


async def answer_actions(env: Env, reqs: Sequence[Request]) -> list[Reply]:
    """Presses on meeting cards that arrived together, answered in one unit of work: what they
    read is read for all of them in a few statements, their writes go in one commit. Any error
    undoes the whole batch (the caller then answers each press on its own)."""
    async with env.sessions() as session:
        meeting_ids = {
            parsed[2]
            for req in reqs
            if (parsed := _parse_action(req.action)) is not None and parsed[0] == "r"
        }
        lookups = await read_ahead(env, session, reqs, meeting_ids)
        done: list[tuple[Ctx, Reply | None]] = []
        for req in reqs:
            ctx = await open_ctx(env, session, req, lookups)
            done.append((ctx, await _action_run(req)(ctx)))
        await queries.insert_outbox(session, lookups.outbox)
        await session.commit()
    for ctx, _ in done:
        for action in ctx.after_commit:
            action()
    return [reply or Reply(toast=text("vi", "error.stale_button")) for _, reply in done]


async def handle_text(env: Env, req: Request) -> Reply | None:
    """Plain text: an answer to Loa's pending question, else (in private) a hint."""

    async def run(ctx: Ctx) -> Reply | None:
        reply = await dialogue.answer(ctx, req)  # an open draft takes the text first
        if reply is None:
            reply = await rsvp.answer_question(ctx, req)
        if reply is None and ctx.in_private:
            return Reply(ctx.t("chat.private_hint"))
        return reply

    return await _in_unit_of_work(env, req, run)


async def handle_file(env: Env, req: Request) -> Reply | None:
    """A file without a command: a paper when it replies to a call's card; in private chat,
    otherwise, how to submit one."""

    async def run(ctx: Ctx) -> Reply | None:
        reply = await papers.submit_by_reply(ctx, req)
        if reply is None and ctx.in_private:
            return Reply(ctx.t("submit.usage"))
        return reply

    return await _in_unit_of_work(env, req, run)


async def handle_membership(env: Env, req: Request) -> Reply | None:
    """The bot joined or left a chat."""
    return await _in_unit_of_work(env, req, lambda ctx: groups.membership(ctx, req))


def menu(lang: str) -> list[tuple[str, str]]:
    """(command, description) pairs for the platform's command menu in `lang`."""
    return [(c.alias if lang == "en" else c.name, text(lang, f"menu.{c.name}")) for c in COMMANDS]
