"""What delivery results mean for Loa: progress for organisers, unreachable and moved chats.

The delivery worker in `bot/` reports here; these functions change rows and enqueue messages.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.cards import payload
from handlers.core import Env
from handlers.groups import follow_migration, mark_unreachable
from handlers.texts import text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Broadcast,
    Chat,
    OutboxAction,
    OutboxStatus,
)

PURPOSE = "announcement"
MAX_ERRORS_LISTED = 5


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
            if pending == 0 and ann.status == AnnouncementStatus.SENDING:
                ann.status = AnnouncementStatus.SENT
                ann.sent_at = now
            broadcast = await session.scalar(
                select(Broadcast).where(
                    Broadcast.announcement_id == ann_id, Broadcast.finished.is_(False)
                )
            )
            if broadcast is None or broadcast.progress_outbox_id is None:
                continue
            lang = ann.created_by.language if ann.created_by else "vi"
            done = sent + failed
            if pending == 0:
                broadcast.finished = True
                if failed:
                    errors = await queries.failed_chat_titles(session, ann_id, PURPOSE)
                    shown = ", ".join(errors[:MAX_ERRORS_LISTED]) + (
                        "…" if len(errors) > MAX_ERRORS_LISTED else ""
                    )
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
                key = f"progress:{broadcast.id}:final"
            elif done != broadcast.last_reported:
                body = text(lang, "progress.running", id=ann_id, done=done, total=broadcast.total)
                key = f"progress:{broadcast.id}:{done}"
            else:
                continue
            broadcast.last_reported = done
            await edit_coalesced(
                env, session, broadcast.progress_outbox_id, broadcast.chat_id, body, key, ann_id
            )
        await session.commit()


async def edit_coalesced(
    env: Env,
    session: AsyncSession,
    target_id: int,
    chat_id: int,
    html: str,
    dedupe_key: str,
    announcement_id: int | None,
) -> None:
    """Edit a sent message; a pending edit of the same message is rewritten, not added to."""
    pending = await queries.pending_edit_for(session, target_id)
    if pending is not None:
        pending.payload = payload(html)
        return
    await queries.enqueue(
        session,
        chat_id=chat_id,
        payload=payload(html),
        purpose="progress",
        dedupe_key=dedupe_key,
        now=env.clock.now(),
        action=OutboxAction.EDIT,
        target_id=target_id,
        announcement_id=announcement_id,
        priority=0,
    )


async def chat_unreachable(env: Env, chat_id: int, reason: str) -> None:
    """The platform refused a chat for good (403): mark it and tell the organisers."""
    async with env.sessions() as session:
        chat = await session.get(Chat, chat_id)
        if chat is not None:
            await mark_unreachable(env, session, chat, reason)
        await session.commit()


async def chat_moved(env: Env, old_external_id: str, new_external_id: str) -> None:
    """The platform says a group now lives under a new id (supergroup upgrade)."""
    async with env.sessions() as session:
        await follow_migration(env, session, old_external_id, new_external_id)
        await session.commit()
