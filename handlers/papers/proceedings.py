"""`/kyyeu 7` (alias `/proceedings`): the book of a paper call's papers, asked for in chat and
built in the background.

The command only writes the request down (a `BookBuild` row, pending) with a progress message
to the organiser's private chat, and returns at once. `run_next` — called by the bot's book
runner (`bot.books`) — claims a build with a lease (several instances share the work; a build
whose instance died is taken over when its lease ends, so a restart loses nothing), builds it
with `handlers.papers.book`, sends the PDF part(s) privately through the outbox, then says which
papers are missing and why.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import shutil
import tempfile
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from handlers.context import Ctx
from handlers.core import Env, Reply, Request
from handlers.forms import FormError, parse_announcement_code
from handlers.notices.delivery import queue_edit
from handlers.papers import book, convert
from handlers.papers.stored import WithStoredFiles
from handlers.texts import text
from storage import queries
from storage.db import retry_busy
from storage.models import (
    AnnouncementKind,
    BookBuild,
    BookBuildState,
    Chat,
    Outbox,
    Person,
    Platform,
    Submission,
)
from storage.queries import books

log = logging.getLogger(__name__)

PURPOSE = "book"
LEASE = timedelta(minutes=5)  # renewed after every paper; a conversion is at most 2 minutes
BOOK_LANG = "vi"  # the book itself (cover, contents) is Vietnamese, whoever asked
MAX_MISSING_SHOWN = 30


async def proceedings(ctx: Ctx, req: Request) -> Reply:
    """`/kyyeu 7`: start building the book of call #7 (organisers; the router checks)."""
    code = req.args.strip()
    if not code:
        raise FormError("book.usage")
    ann_id = parse_announcement_code(code.split("|")[0])
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    if ann.kind != AnnouncementKind.PAPER_CALL:
        raise FormError("book.not_call", id=ann_id)
    papers = [s for s in await queries.current_submissions(ctx.session, ann_id) if not s.is_link]
    if not papers:
        return Reply(ctx.t("book.empty", id=ann_id))
    chat_id = ctx.chat.id if ctx.in_private else ctx.person.private_chat_id
    if chat_id is None:
        return Reply(ctx.t("book.private_only", id=ann_id))
    chat = await ctx.session.get(Chat, chat_id)
    if chat is None or chat.platform == Platform.ZALO:
        return Reply(ctx.t("book.telegram_only", id=ann_id))
    if await books.open_build(ctx.session, ann_id) is not None:
        return Reply(ctx.t("book.already", id=ann_id))
    build = BookBuild(
        announcement_id=ann_id,
        requested_by_id=ctx.person.id,
        chat_id=chat_id,
        state=BookBuildState.PENDING,
        created_at=ctx.now,
    )
    ctx.session.add(build)
    await ctx.session.flush()
    build.progress_outbox_id = await queries.enqueue(
        ctx.session,
        chat_id=chat_id,
        payload={"text": ctx.t("book.progress", id=ann_id, done=0, count=len(papers))},
        purpose=PURPOSE,
        dedupe_key=f"book:{build.id}:progress",
        now=ctx.now,
        announcement_id=ann_id,
        priority=0,
    )
    queries.audit(ctx.session, ctx.now, ctx.person.id, "papers.book", f"#{ann_id}")
    ctx.after_commit.append(ctx.env.wake_delivery)
    ctx.after_commit.append(ctx.env.book_requested)
    return Reply(ctx.t("book.started", id=ann_id, count=len(papers)))


async def run_next(env: Env, *, timeout: float = convert.DEFAULT_TIMEOUT) -> bool:  # noqa: ASYNC109
    """Claim one build and make it; False when none was waiting."""
    now = env.clock.now()

    async def claim() -> int | None:
        async with env.sessions() as session:
            found = await books.claim_build(session, now, LEASE)
            await session.commit()
            return found

    build_id = await retry_busy(claim, what="claiming a book build")
    if build_id is None:
        return False
    try:
        await run_build(env, build_id, timeout=timeout)
    except asyncio.CancelledError:  # the bot stops: the build waits for the next start
        await asyncio.shield(_release(env, build_id))
        raise
    except Exception as exc:
        log.exception("book build %s failed", build_id)
        await _finish_failed(env, build_id, exc)
    return True


async def run_build(env: Env, build_id: int, *, timeout: float = convert.DEFAULT_TIMEOUT) -> None:  # noqa: ASYNC109
    """Build the book of `build_id` (claimed by this instance) and send it."""
    async with env.sessions() as session:
        build = await session.get(BookBuild, build_id)
        assert build is not None
        ann_id, chat_id = build.announcement_id, build.chat_id
        person = await session.get(Person, build.requested_by_id)
        lang = person.language if person is not None else BOOK_LANG
        call = await queries.paper_call(session, ann_id)
        assert call is not None
        topic = call.topic
        submissions = [s for s in await queries.current_submissions(session, ann_id)]
        positions = await books.programme_positions(session, ann_id)
        papers = book_order(submissions, positions)
        progress_id = build.progress_outbox_id
    t = partial(_plain, BOOK_LANG)
    total = len(papers)

    async def progress(done: int, count: int) -> None:
        key = "book.progress" if done < count else "book.progress_merge"
        await _progress(
            env, progress_id, build_id, text(lang, key, id=ann_id, done=done, count=count)
        )

    # a folder of its own (a build taken over after a crash starts afresh); the parts wait in
    # it for the outbox, which removes each once sent, and the folder with the last
    folder = Path(tempfile.mkdtemp(prefix=f"loa-kyyeu-{build_id}-"))
    now = env.clock.now()
    store = WithStoredFiles(env.sessions, env.files)
    try:
        made = await book.build_book(
            store,
            papers,
            folder,
            t=t,
            topic=topic,
            cluster=env.cluster_name,
            date_text=_date_text(now.astimezone(env.tz)),
            timeout=timeout,
            progress=progress,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # nothing of it will be sent
        raise
    await _deliver(env, build_id, ann_id, chat_id, progress_id, lang, topic, made, total)


def book_order(submissions: list[Submission], positions: dict[int, int]) -> list[book.BookPaper]:
    """Files only (links have none), in the programme's order, then by unit code, oldest first."""
    files = [s for s in submissions if not s.is_link]
    files.sort(
        key=lambda s: (
            positions.get(s.unit_id, 1_000_000),
            s.unit.code,
            s.submitted_at,
            s.id,
        )
    )
    return [
        book.BookPaper(
            code=s.unit.code,
            unit=s.unit.name,
            title=(s.title or "").strip() or os.path.splitext(s.file_name)[0],
            file_id=s.platform_file_id,
            file_name=s.file_name,
        )
        for s in files
    ]


def _plain(lang: str, key: str, **values: object) -> str:
    """A catalogue text for the PDF: plain text, not HTML."""
    return html.unescape(text(lang, key, **values))


def _date_text(local: datetime) -> str:
    return _plain(BOOK_LANG, "book.cover.date", day=local.day, month=local.month, year=local.year)


async def _progress(env: Env, progress_id: int | None, build_id: int, message: str) -> None:
    """Edit the progress message and renew the lease on the build."""

    async def attempt() -> None:
        async with env.sessions() as session:
            now = env.clock.now()
            await books.renew_lease(session, build_id, now, LEASE)
            target = await session.get(Outbox, progress_id) if progress_id else None
            if target is not None:
                await queue_edit(env, session, target, {"text": message}, purpose=PURPOSE)
            await session.commit()

    await retry_busy(attempt, what="book progress")
    env.wake_delivery()


async def _deliver(
    env: Env,
    build_id: int,
    ann_id: int,
    chat_id: int,
    progress_id: int | None,
    lang: str,
    topic: str,
    made: book.Book,
    total: int,
) -> None:
    """The part(s) to the organiser, the last word on the progress message, what is missing."""
    missing = made.missing
    summary = (
        text(
            lang,
            "book.done_missing",
            id=ann_id,
            papers=len(made.included),
            pages=made.pages,
            count=len(missing),
        )
        if missing
        else text(lang, "book.done", id=ann_id, papers=len(made.included), pages=made.pages)
    )
    parts = made.parts

    async def attempt() -> None:
        async with env.sessions() as session:
            now = env.clock.now()
            for number, path in enumerate(parts, start=1):
                if len(parts) == 1:
                    name = f"ky-yeu-{ann_id}.pdf"
                    caption = text(lang, "book.caption", id=ann_id, topic=topic, pages=made.pages)
                else:
                    name = f"ky-yeu-{ann_id}-phan-{number}.pdf"
                    caption = text(
                        lang,
                        "book.caption_part",
                        id=ann_id,
                        topic=topic,
                        part=number,
                        parts=len(parts),
                    )
                payload: dict[str, Any] = {
                    "document_path": str(path),
                    "filename": name,
                    "caption": caption,
                    "text": caption,
                }
                if session.get_bind().dialect.name != "sqlite":
                    # several instances may share this database, and any of them may send the
                    # part: a copy in the database serves the one without this disk
                    stored = await queries.store_file(
                        session,
                        path,
                        name=name,
                        mime_type="application/pdf",
                        source_url=None,
                        now=now,
                    )
                    payload["stored_file_id"] = stored.id
                await queries.enqueue(
                    session,
                    chat_id=chat_id,
                    payload=payload,
                    purpose=PURPOSE,
                    dedupe_key=f"book:{build_id}:part:{number}",
                    now=now,
                    announcement_id=ann_id,
                    priority=0,
                )
            if missing:
                lines = [text(lang, "book.missing_header", id=ann_id)]
                lines += [
                    text(lang, "book.missing_line", unit=p.code, file=p.file_name, reason=p.reason)
                    for p in missing[:MAX_MISSING_SHOWN]
                ]
                if len(missing) > MAX_MISSING_SHOWN:
                    lines.append("…")
                await queries.enqueue(
                    session,
                    chat_id=chat_id,
                    payload={"text": "\n".join(lines)},
                    purpose=PURPOSE,
                    dedupe_key=f"book:{build_id}:missing",
                    now=now,
                    announcement_id=ann_id,
                    priority=0,
                )
            target = await session.get(Outbox, progress_id) if progress_id else None
            if target is not None:
                await queue_edit(env, session, target, {"text": summary}, purpose=PURPOSE)
            build = await session.get(BookBuild, build_id)
            assert build is not None
            build.state = BookBuildState.DONE
            build.finished_at = now
            build.lease_until = None
            build.missing = [
                {"unit": p.code, "file": p.file_name, "reason": p.reason} for p in missing
            ]
            await session.commit()

    await retry_busy(attempt, what="sending the book")
    log.info(
        "book of call #%s: %d/%d papers, %d pages, %d part(s)",
        ann_id,
        len(made.included),
        total,
        made.pages,
        len(parts),
    )
    env.wake_delivery()


async def _release(env: Env, build_id: int) -> None:
    """Give a build back (pending, no lease), so the next start takes it at once."""
    try:
        async with env.sessions() as session:
            await books.release_build(session, build_id)
            await session.commit()
    except Exception as exc:  # its lease runs out instead
        log.warning("book build %s not released: %s", build_id, type(exc).__name__)


async def _finish_failed(env: Env, build_id: int, exc: Exception) -> None:
    """A build that could not be made at all: state failed, the organiser told politely."""

    async def attempt() -> None:
        async with env.sessions() as session:
            build = await session.get(BookBuild, build_id)
            if build is None:
                return
            person = await session.get(Person, build.requested_by_id)
            lang = person.language if person is not None else BOOK_LANG
            reason = (
                str(exc) if isinstance(exc, book.BookFailed) else text(lang, "book.failed_unknown")
            )
            now = env.clock.now()
            build.state = BookBuildState.FAILED
            build.finished_at = now
            build.lease_until = None
            build.error = f"{type(exc).__name__}: {exc}"[:500]
            message = {"text": text(lang, "book.failed", id=build.announcement_id, error=reason)}
            target = (
                await session.get(Outbox, build.progress_outbox_id)
                if build.progress_outbox_id
                else None
            )
            if target is not None:
                await queue_edit(env, session, target, message, purpose=PURPOSE)
            else:
                await queries.enqueue(
                    session,
                    chat_id=build.chat_id,
                    payload=message,
                    purpose=PURPOSE,
                    dedupe_key=f"book:{build_id}:failed",
                    now=now,
                    priority=0,
                )
            await session.commit()

    await retry_busy(attempt, what="marking a book build failed")
    env.wake_delivery()
