"""One place that maps commands and button actions to handlers, in an explicit order.

`handle` opens the request's unit of work: one session, the acting person, the permission check,
the handler, one commit. A `FormError` rolls everything back and explains, with an example. A
busy database runs the whole unit of work again in a fresh session (`storage.db.retry_busy`).
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import announcements, extend, pages, typed_forms
from handlers.cluster import access, groups, invites, start, units
from handlers.context import Ctx, open_ctx, read_ahead
from handlers.core import Env, Reply, Request
from handlers.dialogues import dialogue
from handlers.forms import FormError, fold
from handlers.meetings import (
    checkin,
    delegate_dialogue,
    delegates,
    rollcall,
    rsvp,
    status,
    upcoming,
)
from handlers.meetings import typed as typed_answers
from handlers.news import feeds, posts
from handlers.notices import acks, notice, sending
from handlers.notices import status as notice_status
from handlers.papers import appraisal, proceedings, programme, revision, submissions
from handlers.papers import typed as typed_papers
from handlers.texts import text
from storage import queries
from storage.db import DatabaseBusy, is_busy, retry_busy

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
    Command("thongbao", "notice", notice.notice, organiser=True, example="notice.example"),
    Command("hop", "meeting", dialogue.meeting_command, organiser=True, example="meeting.example"),
    Command("thamluan", "papers", dialogue.paper_command, organiser=True, example="papers.example"),
    Command("tin", "news", posts.news, organiser=True, example="news.example"),
    Command("nop", "submit", typed_papers.submit),
    Command(
        "tinhhinh", "status", announcements.show_status, organiser=True, example="status.example"
    ),
    Command("xuat", "export", announcements.export, organiser=True, example="export.example"),
    Command("diemdanh", "checkin", rollcall.command, organiser=True, example="rollcall.example"),
    Command("lich", "upcoming", upcoming.upcoming),
    Command("ds", "list", announcements.list_announcements, organiser=True),
    Command("sua", "edit", announcements.edit, organiser=True, example="edit.example"),
    Command("nhacnho", "remind", announcements.remind, organiser=True),
    Command("giahan", "extend", extend.extend, organiser=True, example="extend.example"),
    Command("huy", "cancel", dialogue.cancel, organiser=True),
    Command("donvi", "units", units.units, organiser=True),
    Command("nhom", "group", groups.group, organiser=True),
    Command("moi", "invite", invites.create_invite, organiser=True),
    Command("quyen", "grant", access.grant, organiser=True),
    Command("nguon", "feeds", feeds.feeds, organiser=True, example="feeds.example"),
    Command("daibieu", "delegates", delegates.command, example="delegates.example"),
    Command(
        "thamdinh", "review", appraisal.review_command, organiser=True, example="review.example"
    ),
    Command("chuongtrinh", "programme", programme.programme, organiser=True),
    Command(
        "kyyeu", "proceedings", proceedings.proceedings, organiser=True, example="book.example"
    ),
)

BY_NAME: dict[str, Command] = {n: c for c in COMMANDS for n in (c.name, c.alias)}


def find_command(name: str) -> Command | None:
    """The command called `name` (Vietnamese or English), case-insensitively."""
    return BY_NAME.get(name.lower())


TYPO_WORDS = 3  # `/tình hình` is two words; a command name never needs more than three
TYPO_CUTOFF = 0.8  # how close a mistyped name must be (`thongbo` → `thongbao`)


def guess_command(typed: str) -> str | None:
    """The command name someone meant by `/thông báo …`, `/Họp …` or `/thongbo …`: Telegram
    sees no command in a name with diacritics or spaces, so the text arrives as plain text.
    The first words, folded and joined, are matched exactly, else closely; None if neither."""
    words = fold(typed.strip().removeprefix("/")).split()[:TYPO_WORDS]
    joined = ["".join(words[:n]).split("@", 1)[0] for n in range(len(words), 0, -1)]
    for name in joined:
        if name in BY_NAME:
            return name
    for name in joined:
        close = difflib.get_close_matches(name, list(BY_NAME), n=1, cutoff=TYPO_CUTOFF)
        if close:
            return close[0]
    return None


def _typo_reply(ctx: Ctx, typed: str) -> Reply:
    """`Có phải anh/chị muốn gõ /thongbao?` with the command's example, or the short help."""
    name = guess_command(typed)
    if name is None:
        first = typed.strip().split(maxsplit=1)[0] if typed.strip() else "/"
        return Reply(ctx.t("error.unknown_command", command=first[:40]))
    message = ctx.t("chat.did_you_mean", command=f"/{name}")
    example = BY_NAME[name].example
    if example:
        message += "\n" + ctx.t("error.example", example=ctx.t(example))
    return Reply(message)


@dataclass
class _Attempt:
    """What one try of a unit of work came to: its context (None when a FormError was
    explained) and its reply."""

    ctx: Ctx | None
    reply: Reply | None


async def _in_unit_of_work(
    env: Env,
    req: Request,
    run: Callable[[Ctx], Awaitable[Reply | None]],
    example: str | None = None,
    *,
    toast: bool = False,
) -> Reply | None:
    """One session, the context, the handler, one commit; the whole of it again, in a fresh
    session, when the database was busy (`storage.db.retry_busy`), so only the attempt that
    committed replies and runs its after-commit actions. Still busy after the retries: the
    person is told so (a toast for a button), never the generic error."""
    lang = ["vi"]  # the person's language, once a context was opened

    async def attempt() -> _Attempt:
        async with env.sessions() as session:
            commits = _count_commits(session)
            try:
                return await _attempt(env, session, req, run, example, lang)
            except DBAPIError as exc:
                if is_busy(exc) and commits():  # part of it is kept: trying again would double it
                    log.error("busy database after a commit inside the handler: %s", exc)
                    raise DatabaseBusy(req.command or req.action or "request") from exc
                raise

    try:
        done = await retry_busy(attempt, what=_describe(req))
    except DatabaseBusy:
        message = text(lang[0], "error.busy")
        return Reply(toast=message, alert=True) if toast else Reply(message)
    if done.ctx is not None:
        for action in done.ctx.after_commit:
            action()
    return done.reply


async def _attempt(
    env: Env,
    session: AsyncSession,
    req: Request,
    run: Callable[[Ctx], Awaitable[Reply | None]],
    example: str | None,
    lang: list[str],
) -> _Attempt:
    """One try: open the context, run the handler, commit (or explain a FormError)."""
    try:
        ctx = await open_ctx(env, session, req)
    except IntegrityError:  # the same new person or chat was created a moment ago
        await session.rollback()
        ctx = await open_ctx(env, session, req)
    lang[0] = ctx.lang
    try:
        reply = await run(ctx)
    except FormError as err:
        await session.rollback()  # expires the person: their language was read before
        message = text(lang[0], err.key, **err.values)
        if example and not err.key.endswith(".usage"):
            message += "\n" + text(lang[0], "error.example", example=text(lang[0], example))
        return _Attempt(None, Reply(message))
    await session.commit()
    return _Attempt(ctx, reply)


def _count_commits(session: AsyncSession) -> Callable[[], int]:
    """How many times `session` has committed so far (handlers that end their transaction
    early, before a slow download or fetch, commit inside the unit of work)."""
    seen = [0]

    def committed(_session: object) -> None:
        seen[0] += 1

    event.listen(session.sync_session, "after_commit", committed)
    return lambda: seen[0]


def _describe(req: Request) -> str:
    """The request as a log line names it (never its text)."""
    if req.command:
        return f"/{req.command}"
    if req.action:
        return f"button {req.action}"
    if req.unsupported:
        return "a message without content"
    return "a message" if req.file is None else "a file"


async def handle_command(env: Env, req: Request) -> Reply | None:
    """Answer a command; unknown names get a short help."""
    command = find_command(req.command or "")

    async def run(ctx: Ctx) -> Reply | None:
        if command is None:
            first_line = (req.args or "").split("\n", 1)[0]
            return _typo_reply(ctx, f"/{req.command} {first_line}")
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
    "upcoming": (upcoming.upcoming_page, False),
    "status": (status.status_page, True),
    "sendstatus": (notice_status.status_page, True),
    "pick": (rsvp.picker_page, False),
    "rollcall": (rollcall.hand_page, True),
    "ddunits": (checkin.units_page, False),
    appraisal.LIST: (appraisal.review_page, True),
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
    "db": (delegate_dialogue.button, False),
    rollcall.PREFIX: (rollcall.mark_button, True),
    checkin.PREFIX: (checkin.button, False),
    acks.PREFIX: (acks.ack_button, False),
    appraisal.PREFIX: (appraisal.review_button, True),
    programme.PREFIX: (programme.programme_button, True),
}


async def handle_action(env: Env, req: Request) -> Reply:
    """A button press `prefix:verb:id`; anything unknown or forged is a stale button. Presses
    on meeting cards go through the bot's batcher when it runs one (`handlers.meetings.presses`)."""
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
    reply = await _in_unit_of_work(env, req, _action_run(req), toast=True)
    return reply or Reply(toast=text("vi", "error.stale_button"))


async def answer_actions(env: Env, reqs: Sequence[Request]) -> list[Reply]:
    """Presses on meeting cards that arrived together, answered in one unit of work: what they
    read is read for all of them in a few statements, their writes go in one commit. A busy
    database is waited for and the batch tried again whole; any other error undoes the whole
    batch (the caller then answers each press on its own)."""
    meeting_ids = {
        parsed[2]
        for req in reqs
        if (parsed := _parse_action(req.action)) is not None and parsed[0] == "r"
    }

    async def attempt() -> list[tuple[Ctx, Reply | None]]:
        async with env.sessions() as session:
            lookups = await read_ahead(env, session, reqs, meeting_ids)
            done: list[tuple[Ctx, Reply | None]] = []
            for req in reqs:
                ctx = await open_ctx(env, session, req, lookups)
                done.append((ctx, await _action_run(req)(ctx)))
            await queries.insert_outbox(session, lookups.outbox)
            await session.commit()
        return done

    done = await retry_busy(attempt, what=f"a batch of {len(reqs)} presses")
    for ctx, _ in done:
        for action in ctx.after_commit:
            action()
    return [reply or Reply(toast=text("vi", "error.stale_button")) for _, reply in done]


def bare_command(req: Request) -> tuple[Command, str] | None:
    """A command typed without its slash in private chat (`ds`, `tinhhinh 12`, `Thông báo …`
    is not one: only a first word that is exactly a command's name, folded), and its
    arguments; None otherwise."""
    typed = (req.text or "").strip()
    if not req.chat.is_private or not typed:
        return None
    first = typed.split(maxsplit=1)[0]
    command = BY_NAME.get(fold(first))
    if command is None:
        return None
    return command, typed[len(first) :].strip()


async def handle_text(env: Env, req: Request) -> Reply | None:
    """Plain text: a file the platform did not pass on (`Request.unsupported`: how to send
    its link instead); a paper's link (`NOP 7 <link>`); a roll-call scan typed (`DD <token>`, in
    private chat) and an extra's position after it; an organiser's preview button typed
    (`GUI 12`, `HEN 12`); a typed meeting answer (`XN 12 CO`); an answer to Loa's pending
    question (an open draft first); in private chat an invite code alone (`HP-7K2Q`, as
    `/start HP-7K2Q`), or a command without its slash; else (in private) a hint. A bare
    command word is a command only for those who may use it, so a non-organiser's `họp …`
    gets the hint, not a refusal."""
    bare = bare_command(req)

    async def run(ctx: Ctx) -> Reply | None:
        if req.unsupported:
            return await typed_papers.unsupported(ctx)
        reply = await typed_papers.answer(ctx, req)
        if reply is not None:
            return reply
        typed = (req.text or "").lstrip()
        if typed.startswith("/"):  # a command Telegram did not see as one (`/thông báo`)
            return _typo_reply(ctx, typed.split("\n", 1)[0])
        # `DD <token>`: the roll-call where a t.me link opens nothing (Zalo)
        reply = await checkin.typed(ctx, req)
        if reply is not None:
            return reply
        action = typed_forms.typed_action(typed)
        if action is not None and ctx.is_organiser:  # a preview's button typed (`GUI 12`)
            return _as_typed(await _action_run(replace(req, action=action))(ctx))
        reply = await typed_answers.answer(ctx, req)
        if reply is None:
            reply = await acks.typed_answer(ctx, req)  # `DA NHAN 15`
        if reply is None:
            reply = await dialogue.answer(ctx, req)  # an open draft takes the text first
        if reply is None:
            reply = await delegate_dialogue.answer(ctx, req)
        if reply is None:
            reply = await rsvp.answer_question(ctx, req)
        if reply is None:
            reply = await checkin.answer_position(ctx, req)  # an extra's position, after a scan
        if reply is None:
            reply = await revision.answer(ctx, req)  # an organiser's comment on a paper
        code = invites.typed_code(typed) if ctx.in_private else None
        if reply is None and code is not None:  # an invite code sent alone joins its unit
            return await start.start(ctx, replace(req, command="start", args=code))
        if reply is None and bare is not None and (ctx.is_organiser or not bare[0].organiser):
            command, args = bare
            return await command.run(ctx, replace(req, command=command.name, args=args))
        if reply is None and ctx.in_private:
            return Reply(_private_hint(ctx))
        return reply

    return await _in_unit_of_work(env, req, run, bare[0].example if bare else None)


def _as_typed(reply: Reply | None) -> Reply | None:
    """A button's answer given to its typed form: a new message (nothing to edit), the
    toast said in it when there is no other text."""
    if reply is None:
        return None
    return replace(reply, text=reply.text or reply.toast or "", edit=False, toast=None)


def _private_hint(ctx: Ctx) -> str:
    """What to do instead; someone in no unit yet is told how to join one (on Zalo, typing
    the code is the only way)."""
    hint = ctx.t("chat.private_hint")
    if ctx.person.unit_id is None and not ctx.is_organiser:
        hint += "\n" + ctx.t("chat.join_hint")
    return hint


async def handle_file(env: Env, req: Request) -> Reply | None:
    """A file without a command: a paper when it replies to a call's card; in private chat,
    otherwise, how to submit one."""

    async def run(ctx: Ctx) -> Reply | None:
        reply = await submissions.submit_by_reply(ctx, req)
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
