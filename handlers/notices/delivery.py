"""What delivery results mean for Loa: progress for organisers, unreachable and moved chats.

The delivery worker in `bot/` reports here; these functions change rows and enqueue messages.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.cluster.groups import follow_migration, mark_unreachable
from handlers.core import Env
from handlers.notices.cards import payload
from handlers.notices.failures import summary as failures_summary
from handlers.texts import Safe, text
from storage import queries
from storage.db import retry_busy
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Broadcast,
    Chat,
    Outbox,
    OutboxAction,
    OutboxStatus,
)

PURPOSE = "announcement"
MAX_ERRORS_LISTED = 5
EDIT_GAP = timedelta(seconds=3)


async def report_progress(env: Env, announcement_ids: Iterable[int]) -> None:
    """Update the organisers' progress messages and close finished sends."""
    ids = sorted(set(announcement_ids))
    if not ids:
        return
    async with env.sessions() as session:
        now = env.clock.now()
        for ann_id in ids:
            counts = await queries.outbox_counts(session, ann_id, PURPOSE)
            pending = counts.get(OutboxStatus.PENDING, 0) + counts.get(OutboxStatus.SENDING, 0)
            sent = counts.get(OutboxStatus.SENT, 0)
            failed = counts.get(OutboxStatus.FAILED, 0)
            ann = await session.get(Announcement, ann_id)
            if ann is None:
                continue
            finished = pending == 0 and ann.status == AnnouncementStatus.SENDING
            if finished:
                ann.status = AnnouncementStatus.SENT
                ann.sent_at = now
            broadcast = await session.scalar(
                select(Broadcast).where(
                    Broadcast.announcement_id == ann_id, Broadcast.finished.is_(False)
                )
            )
            if broadcast is None or broadcast.progress_outbox_id is None:
                if finished and failed:  # no progress message to show it: say it on its own
                    await _report_failures(env, session, ann, sent, failed)
                continue
            lang = ann.created_by.language if ann.created_by else "vi"
            done = sent + failed
            if pending == 0:
                broadcast.finished = True
                if failed:
                    shown = await _failures(session, lang, ann_id)
                    body = text(
                        lang,
                        "progress.done_errors",
                        id=ann_id,
                        sent=sent,
                        total=broadcast.total,
                        failed=failed,
                        errors=shown,
                    )
                else:
                    body = text(lang, "progress.done", id=ann_id, sent=sent, total=broadcast.total)
            elif done != broadcast.last_reported:
                body = text(lang, "progress.running", id=ann_id, done=done, total=broadcast.total)
            else:
                continue
            broadcast.last_reported = done
            target = await queries.outbox_row(session, broadcast.progress_outbox_id)
            if target is not None:
                await queue_edit(env, session, target, payload(body), purpose="progress")
        await session.commit()


async def _report_failures(
    env: Env, session: AsyncSession, ann: Announcement, sent: int, failed: int
) -> None:
    """A send that reached too few chats for a progress message, where some chats refused it
    for good: the organiser is told which, once."""
    creator = ann.created_by
    chat_id = (creator.private_chat_id if creator else None) or ann.origin_chat_id
    if chat_id is None:
        return
    lang = creator.language if creator else "vi"
    shown = await _failures(session, lang, ann.id)
    body = text(
        lang,
        "progress.done_errors",
        id=ann.id,
        sent=sent,
        total=sent + failed,
        failed=failed,
        errors=shown,
    )
    await queries.enqueue(
        session,
        chat_id=chat_id,
        payload=payload(body),
        purpose="progress",
        announcement_id=ann.id,
        dedupe_key=f"failed:{ann.id}",
        now=env.clock.now(),
        priority=0,
    )


async def _failures(session: AsyncSession, lang: str, ann_id: int) -> Safe:
    """The chats that refused the announcement for good, with why, for a progress message."""
    failures = await queries.failed_deliveries(session, ann_id, PURPOSE)
    return Safe(failures_summary(partial(text, lang), failures, limit=MAX_ERRORS_LISTED))


async def queue_edit(
    env: Env,
    session: AsyncSession,
    target: Outbox,
    fresh: dict[str, Any],
    *,
    purpose: str,
    gap: timedelta = EDIT_GAP,
) -> None:
    """Edit a sent message without flooding its chat: at most one pending edit per message (a
    newer text rewrites it), spaced `gap` after the previous one — so by the time it is due the
    chat's budget is free — and never an edit that would show what the message already shows."""
    showing = (await queries.sending_edit_payloads(session, [target.id])).get(target.id)
    unchanged = _shown(fresh) == _shown(showing or target.payload)
    pending = await queries.pending_edit_for(session, target.id)
    if pending is not None:
        if unchanged:
            pending.status = OutboxStatus.CANCELLED
        else:
            pending.payload = fresh
        return
    if unchanged:
        return
    now = env.clock.now()
    last = await queries.last_edit_time(session, target.id)
    await queries.enqueue(
        session,
        chat_id=target.chat_id,
        payload=fresh,
        purpose=purpose,
        dedupe_key=f"edit:{target.id}:{uuid.uuid4().hex}",
        now=now,
        action=OutboxAction.EDIT,
        target_id=target.id,
        announcement_id=target.announcement_id,
        not_before=max(now, last + gap) if last else now,
        priority=0,
    )


def _shown(data: dict[str, Any]) -> tuple[str, str]:
    return str(data.get("text", "")), repr(data.get("buttons"))


async def chat_unreachable(env: Env, chat_id: int, reason: str) -> None:
    """The platform refused a chat for good (403): mark it and tell the organisers."""

    async def attempt() -> None:
        async with env.sessions() as session:
            chat = await session.get(Chat, chat_id)
            if chat is not None:
                await mark_unreachable(env, session, chat, reason)
            await session.commit()

    await retry_busy(attempt, what=f"marking chat {chat_id} unreachable")


async def chat_moved(env: Env, old_external_id: str, new_external_id: str) -> None:
    """The platform says a group now lives under a new id (supergroup upgrade)."""

    async def attempt() -> None:
        async with env.sessions() as session:
            await follow_migration(env, session, old_external_id, new_external_id)
            await session.commit()

    await retry_busy(attempt, what=f"following chat {old_external_id} to its new id")


async def refresh_card_rows(
    env: Env, session: AsyncSession, ann: Announcement, fresh: dict[str, Any]
) -> None:
    """Make every card of `ann` (a meeting or a paper call) show `fresh`, in a few statements
    whatever the number of cards: unsent cards take it, sent ones get one coalesced edit."""
    unsent: list[int] = []
    sent: list[Row[Any]] = []
    for row in await queries.sent_parts(session, ann.id):
        if not row.payload.get("card") or row.status in (
            OutboxStatus.FAILED,
            OutboxStatus.CANCELLED,
        ):
            continue
        if row.status == OutboxStatus.PENDING:
            unsent.append(row.id)  # not out yet: it will leave with the fresh tally
            continue
        sent.append(row)
    await _queue_card_edits(env, session, ann, sent, fresh, rewrite=unsent)
    env.wake_delivery()


async def _queue_card_edits(
    env: Env,
    session: AsyncSession,
    ann: Announcement,
    cards: list[Row[Any]],
    fresh: dict[str, Any],
    *,
    rewrite: list[int],
) -> None:
    """`handlers.notices.delivery.queue_edit(…, purpose="card")` for many cards at once, by the same
    rules: a card's pending edit is rewritten to `fresh` (cancelled if the card shows `fresh`
    already), else a new edit is spaced `EDIT_GAP` after its last one; nothing when nothing
    would change. `rewrite` are more rows (unsent cards) that simply take `fresh`.

    One statement finds the pending edits and one rewrites them all, where one card at a time
    took two or three each (a fifth of a second per answer with 20 groups, on SQLite)."""
    shown = _shown(fresh)
    pending = await queries.pending_edit_ids(session, [card.id for card in cards])
    # an edit a worker is sending now (this instance's or another's) is what the card will show
    sending = await queries.sending_edit_payloads(session, [card.id for card in cards])
    cancel: list[int] = []
    new: list[Row[Any]] = []
    for card in cards:
        unchanged = _shown(sending.get(card.id, card.payload)) == shown
        edit = pending.get(card.id)
        if edit is not None:
            (cancel if unchanged else rewrite).append(edit)
        elif not unchanged:
            new.append(card)
    await queries.set_payloads(session, rewrite, fresh)
    await queries.cancel_rows(session, cancel)
    if not new:
        return
    now = env.clock.now()
    last_edits = await queries.last_edit_times(session, [card.id for card in new])
    edits = []
    for card in new:
        last = last_edits.get(card.id)
        edits.append(
            queries.outbox_values(
                chat_id=card.chat_id,
                payload=fresh,
                purpose="card",
                dedupe_key=f"edit:{card.id}:{uuid.uuid4().hex}",
                now=now,
                action=OutboxAction.EDIT,
                target_id=card.id,
                announcement_id=ann.id,
                not_before=max(now, last + EDIT_GAP) if last else now,
                priority=0,
            )
        )
    await queries.insert_outbox(session, edits)  # one statement for all the new edits
