"""[Cần sửa] on a paper (`/thamdinh 7`): Loa asks the organiser, in their private chat, for the
comment and then the deadline of the revision; the comment goes to the unit (its groups, its
members' private chats in the call's audience, and the submitter privately); the unit's next
file is the revised version and the organisers are told so.

The questions are a `Conversation` (kind `review_comment`, then `review_deadline`) answered by
the organiser's next message in that chat (`answer`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.deadlines import deadline_of
from handlers.forms import Audience, FormError, fold
from handlers.notices.audience import chats_of_units
from handlers.notices.cards import payload
from handlers.notices.reminding import wording_for
from handlers.texts import text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Chat,
    ChatState,
    Conversation,
    PaperCall,
    PaperReview,
    Submission,
    Unit,
)

ASK_COMMENT = "review_comment"
ASK_DEADLINE = "review_deadline"
KINDS = (ASK_COMMENT, ASK_DEADLINE)
LIFETIME = timedelta(days=1)
MAX_COMMENT = 2000
KEEP_WORDS = {"ok", "dong y", "giu", "giu han", "co", "mac dinh"}
QUIT_WORDS = {"huy", "thoi", "bo"}
PURPOSE = "review"


async def ask_comment(ctx: Ctx, ann: Announcement, unit: Unit, version: int, page: int) -> Reply:
    """Ask for the comment, privately (a press in a group is answered in the private chat when
    the organiser has opened one)."""
    private = ctx.in_private or ctx.person.private_chat_id is None
    chat_id = ctx.chat.id if private else ctx.person.private_chat_id
    assert chat_id is not None
    question = await queries.conversation_of(ctx.session, ctx.person.id)
    if question is None:
        question = Conversation(person_id=ctx.person.id)
        ctx.session.add(question)
    question.chat_id = chat_id
    question.kind = ASK_COMMENT
    question.announcement_id = ann.id
    question.data = {"unit": unit.id, "version": version, "page": page}
    question.prompt_message_id = None
    question.created_at = ctx.now
    question.expires_at = ctx.now + LIFETIME
    return Reply(
        ctx.t("review.ask_comment", unit=unit.code, version=version, id=ann.id),
        toast=ctx.t("review.toast_ask_here" if private else "review.toast_ask", unit=unit.code),
        to_person=not private,
    )


async def answer(ctx: Ctx, req: Request) -> Reply | None:
    """The organiser's answer to the open question (comment, then deadline); None when there
    is no such question in this chat."""
    question = await queries.conversation_of(ctx.session, ctx.person.id)
    if question is None or question.kind not in KINDS or question.chat_id != ctx.chat.id:
        return None
    if question.expires_at <= ctx.now or question.announcement_id is None or not ctx.is_organiser:
        await ctx.session.delete(question)
        return None
    typed = " ".join((req.text or "").split())
    if fold(typed) in QUIT_WORDS:
        await ctx.session.delete(question)
        return Reply(ctx.t("review.quit"))
    ann = await queries.announcement(ctx.session, question.announcement_id)
    call = await queries.paper_call(ctx.session, question.announcement_id)
    unit = await ctx.session.get(Unit, question.data.get("unit", 0))
    papers = (
        list(await queries.current_submissions(ctx.session, ann.id, unit.id))
        if ann is not None and unit is not None
        else []
    )
    version = question.data.get("version")
    if (
        ann is None
        or ann.status == AnnouncementStatus.CANCELLED
        or call is None
        or unit is None
        or not papers
        or papers[-1].version != version
    ):
        await ctx.session.delete(question)
        return Reply(ctx.t("review.question_stale"))
    if question.kind == ASK_COMMENT:
        if not typed or len(typed) > MAX_COMMENT:
            return Reply(ctx.t("review.bad_comment", limit=MAX_COMMENT))
        question.data = {**question.data, "comment": typed}
        question.kind = ASK_DEADLINE
        question.expires_at = ctx.now + LIFETIME
        default = await _default_deadline(ctx, ann, call, unit)
        if default is None:
            return Reply(ctx.t("review.ask_deadline", unit=unit.code))
        when = timeparse.format_when(default, ctx.env.tz, ctx.lang)
        return Reply(ctx.t("review.ask_deadline_default", unit=unit.code, when=when))
    try:
        deadline = await read_deadline(ctx, ann, call, unit, typed)
    except FormError as err:
        return Reply(ctx.t(err.key, **err.values) + "\n" + ctx.t("review.ask_deadline_again"))
    if deadline is None:
        return Reply(ctx.t("review.ask_deadline", unit=unit.code))
    comment = str(question.data.get("comment", ""))
    await ctx.session.delete(question)
    return Reply(await send_comment(ctx, ann, call, unit, papers, comment, deadline))


async def _default_deadline(
    ctx: Ctx, ann: Announcement, call: PaperCall, unit: Unit
) -> datetime | None:
    """The unit's deadline (its own, else the call's) when it is still ahead."""
    deadline = await deadline_of(ctx.session, ann.id, unit.id, call.deadline)
    return deadline if deadline is not None and deadline > ctx.now else None


async def read_deadline(
    ctx: Ctx, ann: Announcement, call: PaperCall, unit: Unit, typed: str
) -> datetime | None:
    """The revision's deadline as typed; nothing or `ok` keeps the unit's deadline while it is
    ahead (None when it has passed). A past or unreadable time is a FormError."""
    if not typed.strip() or fold(typed) in KEEP_WORDS:
        return await _default_deadline(ctx, ann, call, unit)
    try:
        return timeparse.parse_when(typed, ctx.now, ctx.env.tz)
    except timeparse.TimeParseError as exc:
        raise FormError(
            "error.time",
            value=typed.strip()[:100],
            reason=ctx.t(f"time.{exc.reason.value}"),
            examples=", ".join(timeparse.accepted_examples(ctx.lang)),
        ) from None


async def send_comment(
    ctx: Ctx,
    ann: Announcement,
    call: PaperCall,
    unit: Unit,
    papers: list[Submission],
    comment: str,
    deadline: datetime,
) -> str:
    """Mark the unit's current papers `cần sửa` with the comment and deadline, and tell the
    unit: its chats in the audience and each submitter's private chat, once each."""
    comment = comment.strip()[:MAX_COMMENT]
    if not comment:
        raise FormError("review.bad_comment", limit=MAX_COMMENT)
    for paper in papers:
        paper.review = PaperReview.NEEDS_REVISION
        paper.review_comment = comment
        paper.reviewed_by_id = ctx.person.id
        paper.reviewed_at = ctx.now
        paper.revision_deadline = deadline
    chats: dict[int, Chat] = {
        chat.id: chat
        for chat, _ in await chats_of_units(
            ctx.session, Audience.from_json(ann.audience), {unit.id}
        )
    }
    for paper in papers:
        chat_id = paper.person.private_chat_id
        if chat_id is not None and chat_id not in chats:
            chat = await ctx.session.get(Chat, chat_id)
            if chat is not None and chat.state != ChatState.INACTIVE:
                chats[chat_id] = chat
    version = papers[-1].version
    when = timeparse.format_when(deadline, ctx.env.tz)
    stamp = f"{papers[-1].id}:{int(ctx.now.timestamp() * 1000)}"
    for chat in chats.values():
        body = text(
            "vi",
            wording_for("review.fix_notice", chat),
            unit=unit.code,
            version=version,
            comment=comment.rstrip(". "),
            deadline=when,
            id=ann.id,
        )
        await queries.enqueue(
            ctx.session,
            chat_id=chat.id,
            payload=payload(body),
            purpose=PURPOSE,
            announcement_id=ann.id,
            dedupe_key=f"review:{stamp}:chat:{chat.id}",
            now=ctx.now,
        )
    if chats:
        ctx.after_commit.append(ctx.env.wake_delivery)
    queries.audit(
        ctx.session, ctx.now, ctx.person.id, "papers.review", f"#{ann.id}",
        unit=unit.code, review=PaperReview.NEEDS_REVISION.value, chats=len(chats),
    )  # fmt: skip
    key = "review.fix_sent" if chats else "review.fix_unreached"
    return ctx.t(
        key,
        unit=unit.code,
        version=version,
        id=ann.id,
        count=len(chats),
        deadline=timeparse.format_when(deadline, ctx.env.tz, ctx.lang),
    )


async def tell_organisers(ctx: Ctx, ann: Announcement, unit: Unit, version: int) -> None:
    """`📥 HP đã gửi bản sửa (bản 2) của tham luận #7.`, to every organiser privately."""
    for person in await queries.organisers(ctx.session, ctx.env.admins):
        if person.private_chat_id is None:
            continue
        body = text(
            person.language, "review.revised_notice", unit=unit.code, version=version, id=ann.id
        )
        await queries.enqueue(
            ctx.session,
            chat_id=person.private_chat_id,
            payload=payload(body),
            purpose=PURPOSE,
            announcement_id=ann.id,
            dedupe_key=f"revised:{ann.id}:{unit.id}:v{version}:person:{person.id}",
            now=ctx.now,
        )
    ctx.after_commit.append(ctx.env.wake_delivery)
