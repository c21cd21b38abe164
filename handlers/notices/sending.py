"""Sending any announcement: audiences, preview buttons, now or at a time, progress, timers.

Notices and meetings (and later kinds) are created by their own modules; from the preview on they
share this path: confirm → schedule or dispatch into the outbox → the delivery worker.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import quota, timeparse
from handlers.context import Ctx
from handlers.core import Button, Env, Reply, Request
from handlers.forms import Audience, FormError
from handlers.meetings.card import meeting_card
from handlers.meetings.reminders import arm_meeting
from handlers.news.card import news_parts
from handlers.notices.acks import notice_payloads
from handlers.notices.audience import audience_unit_ids, targets
from handlers.notices.cards import payload
from handlers.papers.card import paper_card
from handlers.papers.reminders import arm_paper_call
from handlers.texts import announcement_name, text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Broadcast,
    NewsPost,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
)

PROGRESS_THRESHOLD = 5
PROGRESS_DELAY = timedelta(seconds=1.1)
PURPOSE = "announcement"
PREVIEWED = (
    AnnouncementKind.NOTICE,
    AnnouncementKind.MEETING,
    AnnouncementKind.PAPER_CALL,
    AnnouncementKind.NEWS,
)
# a preview not sent within this time is expired: its buttons say so (documented in README)
PREVIEW_LIFETIME = timedelta(hours=24)


def preview_expired(ann: Announcement, now: datetime) -> bool:
    """Whether a draft's preview is older than PREVIEW_LIFETIME (what it showed may be stale)."""
    return now - ann.created_at > PREVIEW_LIFETIME


async def too_late(
    session: AsyncSession, ann: Announcement, now: datetime
) -> tuple[str, datetime] | None:
    """Why the announcement can no longer go out — ("meeting", start) once the meeting has
    started, ("papers", deadline) once the paper deadline has passed — or None."""
    if ann.kind == AnnouncementKind.MEETING:
        meeting = await queries.meeting(session, ann.id)
        if meeting is not None and meeting.starts_at <= now:
            return "meeting", meeting.starts_at
    if ann.kind == AnnouncementKind.PAPER_CALL:
        call = await queries.paper_call(session, ann.id)
        if call is not None and call.deadline <= now:
            return "papers", call.deadline
    return None


async def _call_off(
    session: AsyncSession, ann: Announcement, now: datetime, reason: str
) -> list[int]:
    """Mark an announcement that came too late as cancelled with its timers; returns the
    timers' ids, to disarm after the commit."""
    ann.status = AnnouncementStatus.CANCELLED
    ann.cancelled_at = now
    ann.cancel_reason = reason
    return await queries.cancel_schedules(session, ann.id)


def read_time(ctx: Ctx, value: str) -> datetime:
    """A Vietnamese time expression, or an explanation with the accepted forms."""
    try:
        return timeparse.parse_when(value, ctx.now, ctx.env.tz)
    except timeparse.TimeParseError as exc:
        raise FormError(
            "error.time",
            value=value.strip()[:100],
            reason=ctx.t(f"time.{exc.reason.value}"),
            examples=", ".join(timeparse.accepted_examples(ctx.lang)),
        ) from None


def preview_buttons(ctx: Ctx, ann: Announcement) -> list[list[Button]]:
    """[⏰ Hẹn gửi …] [📤 Gửi ngay] [✖️ Huỷ] under a preview."""
    row: list[Button] = []
    if ann.send_at:
        short = ann.send_at.astimezone(ctx.env.tz).strftime("%H:%M %d/%m")
        row.append(Button(ctx.t("notice.btn_schedule", when=short), action=f"n:at:{ann.id}"))
    row.append(Button(ctx.t("notice.btn_send_now"), action=f"n:go:{ann.id}"))
    row.append(Button(ctx.t("notice.btn_cancel"), action=f"n:no:{ann.id}"))
    return [row]


async def preview_reply(
    ctx: Ctx, ann: Announcement, body: str, buttons: list[list[Button]]
) -> Reply:
    """A preview goes to the organiser: typed in a school group, it is sent to their private
    chat (the group sees a short note), and refused with how to start the bot when Loa cannot
    write to them first. A preview whose Zalo messages would pass the month's quota says so."""
    body += await quota.preview_warning(
        ctx, ann, lambda: announcement_parts(ctx.session, ctx.env, ann)
    )
    if ctx.in_private:
        return Reply(body, buttons=buttons)
    if ctx.person.private_chat_id is None:
        raise FormError("notice.preview_needs_private", bot=ctx.env.bot_username)
    await queries.enqueue(
        ctx.session,
        chat_id=ctx.chat.id,
        payload=payload(ctx.t("notice.preview_in_private", id=ann.id, name=ctx.person.name)),
        purpose="note",
        dedupe_key=f"preview-note:{ann.id}",
        now=ctx.now,
    )
    ctx.after_commit.append(ctx.env.wake_delivery)
    return Reply(body, buttons=buttons, to_person=True)


async def preview_button(ctx: Ctx, req: Request, verb: str, ann_id: int) -> Reply:
    """A preview's buttons: send now (`go`), schedule (`at`), drop the draft (`no`)."""
    ann = await queries.announcement(ctx.session, ann_id)
    if (
        ann is None
        or ann.kind not in PREVIEWED
        or ann.status != AnnouncementStatus.DRAFT
        or verb not in ("go", "at", "no")
        or (verb == "at" and ann.send_at is None)
    ):
        return Reply(toast=ctx.t("error.stale_button"))
    if verb == "no":
        ann.status = AnnouncementStatus.CANCELLED
        ann.cancelled_at = ctx.now
        queries.audit(ctx.session, ctx.now, ctx.person.id, "notice.drop", f"#{ann.id}")
        return Reply(
            ctx.t("notice.dropped", id=ann.id, name=announcement_name(ctx.lang, ann.kind, ann.id)),
            edit=True,
            toast=ctx.t("notice.toast_dropped", id=ann.id),
        )
    if preview_expired(ann, ctx.now):
        return Reply(toast=ctx.t("notice.preview_expired", id=ann.id), alert=True)
    late = await too_late(ctx.session, ann, ctx.now)
    if late is not None:
        what, when = late
        for timer_id in await _call_off(ctx.session, ann, ctx.now, f"{what} passed"):
            ctx.after_commit.append(lambda t=timer_id: ctx.env.timers.disarm(t))
        queries.audit(ctx.session, ctx.now, ctx.person.id, "notice.too_late", f"#{ann.id}")
        return Reply(
            ctx.t(
                f"notice.too_late_{what}", id=ann.id, when=timeparse.format_when(when, ctx.env.tz)
            ),
            edit=True,
            toast=ctx.t("notice.toast_too_late"),
        )
    if verb == "at" and ann.send_at is not None and ann.send_at <= ctx.now:
        when = timeparse.format_when(ann.send_at, ctx.env.tz, ctx.lang)
        buttons = [
            Button(ctx.t("notice.btn_send_now"), action=f"n:go:{ann.id}"),
            Button(ctx.t("notice.btn_cancel"), action=f"n:no:{ann.id}"),
        ]
        return Reply(
            ctx.t(
                "notice.time_passed",
                id=ann.id,
                name=announcement_name(ctx.lang, ann.kind, ann.id),
                when=when,
            ),
            buttons=[buttons],
            edit=True,
            toast=ctx.t("notice.toast_time_passed"),
        )
    reply = await confirm(ctx, ann, schedule=verb == "at")
    reply.edit = True
    reply.toast = ctx.t(
        "notice.toast_scheduled"
        if ann.status == AnnouncementStatus.SCHEDULED
        else "notice.toast_sent",
        id=ann.id,
    )
    return reply


async def confirm(ctx: Ctx, ann: Announcement, *, schedule: bool) -> Reply:
    """Schedule the announcement or send it now; a meeting's reminders are armed either way."""
    if ann.kind == AnnouncementKind.MEETING:
        await arm_meeting(ctx.env, ctx.session, ann.id, ctx.after_commit)
    if ann.kind == AnnouncementKind.PAPER_CALL:
        await arm_paper_call(ctx.env, ctx.session, ann.id, ctx.after_commit)
    if schedule and ann.send_at is not None and ann.send_at > ctx.now:
        ann.status = AnnouncementStatus.SCHEDULED
        timer = ScheduledSend(
            announcement_id=ann.id,
            kind=ScheduleKind.SEND,
            run_at=ann.send_at,
            status=ScheduleStatus.PENDING,
        )
        ctx.session.add(timer)
        await ctx.session.flush()
        run_at, timer_id = timer.run_at, timer.id
        ctx.after_commit.append(lambda: ctx.env.timers.arm(timer_id, run_at))
        queries.audit(ctx.session, ctx.now, ctx.person.id, "notice.schedule", f"#{ann.id}")
        return Reply(
            ctx.t(
                "notice.scheduled",
                id=ann.id,
                name=announcement_name(ctx.lang, ann.kind, ann.id),
                when=timeparse.format_when(ann.send_at, ctx.env.tz, ctx.lang),
                audience=Audience.from_json(ann.audience).describe(ctx.lang),
            )
        )
    groups, private = await dispatch(ctx.env, ctx.session, ann)
    ctx.after_commit.append(ctx.env.wake_delivery)
    queries.audit(ctx.session, ctx.now, ctx.person.id, "notice.send", f"#{ann.id}")
    return Reply(
        ctx.t(
            "notice.sending",
            id=ann.id,
            name=announcement_name(ctx.lang, ann.kind, ann.id),
            count=groups,
            private=ctx.t("notice.private_part", count=private) if private else "",
        )
    )


async def dispatch(env: Env, session: AsyncSession, ann: Announcement) -> tuple[int, int]:
    """Write the announcement into the outbox for every target; returns (groups, private chats).

    Dedupe keys make this safe to repeat: a second call writes nothing new.
    """
    now = env.clock.now()
    audience = Audience.from_json(ann.audience)
    groups, private = await targets(session, audience)
    chats = groups + [c for c in private if c.id not in {g.id for g in groups}]
    if ann.audience_units is None:  # the audience is fixed now: the units it is sent to
        ann.audience_units = sorted(await audience_unit_ids(session, audience))
    ann.status = AnnouncementStatus.SENDING
    parts = await announcement_parts(session, env, ann)
    await queries.enqueue_many(
        session,
        [
            {
                "chat_id": chat.id,
                "payload": part,
                "dedupe_key": f"ann:{ann.id}:chat:{chat.id}:part:{index}",
            }
            for chat in chats
            for index, part in enumerate(parts)
        ],
        purpose=PURPOSE,
        announcement_id=ann.id,
        now=now,
    )
    if len(chats) > PROGRESS_THRESHOLD:
        await _start_progress(env, session, ann, len(chats) * len(parts))
    if not chats:
        ann.status = AnnouncementStatus.SENT
        ann.sent_at = now
    return len(groups), len(private)


async def _start_progress(env: Env, session: AsyncSession, ann: Announcement, total: int) -> None:
    """Show the organiser `Đang gửi 0/N…` in their private chat (or where they asked)."""
    creator = ann.created_by
    chat_id = (creator.private_chat_id if creator else None) or ann.origin_chat_id
    if chat_id is None:
        return
    lang = creator.language if creator else "vi"
    now = env.clock.now()
    row_id = await queries.enqueue(
        session,
        chat_id=chat_id,
        payload=payload(text(lang, "progress.running", id=ann.id, done=0, total=total)),
        purpose="progress",
        announcement_id=ann.id,
        dedupe_key=f"progress:{ann.id}",
        now=now,
        not_before=now + PROGRESS_DELAY,  # after the reply that already went to that chat
        priority=0,
    )
    if row_id is not None:
        session.add(
            Broadcast(
                announcement_id=ann.id,
                chat_id=chat_id,
                total=total,
                progress_outbox_id=row_id,
                last_reported=0,
                finished=False,
                created_at=now,
            )
        )


async def fire_scheduled_send(env: Env, schedule_id: int) -> None:
    """A timer fired: send its notice unless it was cancelled or another fire got there first."""
    async with env.sessions() as session:
        now = env.clock.now()
        if not await queries.claim_schedule(session, schedule_id, now):
            await session.rollback()
            return
        timer = await session.get(ScheduledSend, schedule_id)
        ann = await queries.announcement(session, timer.announcement_id) if timer else None
        disarm: list[int] = []
        if ann is not None and ann.status == AnnouncementStatus.SCHEDULED:
            late = await too_late(session, ann, now)
            if late is None:
                await dispatch(env, session, ann)
            else:  # Loa was down past the start or the deadline: nothing goes out
                disarm = await _call_off(session, ann, now, f"{late[0]} passed")
                await _tell_too_late(env, session, ann, *late)
        await session.commit()
    for timer_id in disarm:
        env.timers.disarm(timer_id)
    env.wake_delivery()


async def _tell_too_late(
    env: Env, session: AsyncSession, ann: Announcement, what: str, when: datetime
) -> None:
    """Tell the organiser who scheduled it that a scheduled announcement was not sent."""
    creator = ann.created_by
    chat_id = (creator.private_chat_id if creator else None) or ann.origin_chat_id
    if chat_id is None:
        return
    lang = creator.language if creator else "vi"
    await queries.enqueue(
        session,
        chat_id=chat_id,
        payload=payload(
            text(
                lang,
                f"notice.fired_too_late_{what}",
                id=ann.id,
                when=timeparse.format_when(when, env.tz),
            )
        ),
        purpose="alert",
        dedupe_key=f"too-late:{ann.id}",
        now=env.clock.now(),
    )


async def announcement_parts(
    session: AsyncSession, env: Env, ann: Announcement
) -> list[dict[str, Any]]:
    """What goes to each target chat, in order."""
    if ann.kind == AnnouncementKind.MEETING:
        meeting = await queries.meeting(session, ann.id)
        assert meeting is not None
        parts: list[dict[str, Any]] = []
        if meeting.file_id:
            caption = text("vi", "meeting.file_caption", id=ann.id, title=meeting.title)
            parts.append({"document": meeting.file_id, "caption": str(caption)})
        parts.append(await meeting_card(session, env, ann, meeting))
        return parts
    if ann.kind == AnnouncementKind.PAPER_CALL:
        call = await queries.paper_call(session, ann.id)
        assert call is not None
        return [await paper_card(session, env, ann, call)]
    if ann.kind == AnnouncementKind.NEWS:
        post = await session.get(NewsPost, ann.id)
        assert post is not None
        return news_parts(ann, post, env.tz)
    return await notice_payloads(session, ann)
