"""Answers to meetings (RSVP): one per person, changeable until the start, counted per unit.

Buttons carry `r:<answer>:<meeting>`, the answer being `a` (attend), `x` (absent), `s`
(substitute) or `i` (calendar file); `a.17` answers for unit 17 after the person picked it, which
is accepted only where Loa offers that picker: in a cluster-wide group, to someone whose unit it
does not know yet.

❌ and 👤 ask a follow-up question (the reason, the substitute). A question is asked again
whenever the answer returns to ❌ or 👤, and dropped when the answer changes; a message is taken
as its answer only when it plainly is one: a reply to the question, or the next message within
`ANSWER_WINDOW` of it.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from handlers import deadlines, pages
from handlers.context import Ctx
from handlers.core import Attachment, Button, Reply, Request
from handlers.meetings import calendar
from handlers.meetings.invitation import answers_changed
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.cards import payload
from handlers.texts import Safe, esc
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Conversation,
    Meeting,
    Rsvp,
    RsvpAnswer,
    Unit,
)

ANSWERS = {"a": RsvpAnswer.ATTEND, "x": RsvpAnswer.ABSENT, "s": RsvpAnswer.SUBSTITUTE}
ASK_REASON = "absent_reason"
ASK_SUBSTITUTE = "substitute"
QUESTIONS = (ASK_REASON, ASK_SUBSTITUTE)
QUESTION_LIFETIME = timedelta(days=2)
# a message that does not reply to the question is its answer only this soon after it was asked
ANSWER_WINDOW = timedelta(minutes=10)
MAX_ANSWER = 300
PICK_PAGE = 24 * 4  # units per page of the picker: with ◀ ▶, within 100 buttons


async def rsvp_button(
    ctx: Ctx, req: Request, verb: str, ann_id: int, *, typed: bool = False, detail: str = ""
) -> Reply:
    """A press on a meeting card. `typed`: the same answer typed as text (`handlers.meetings.
    typed`), anywhere the person's unit is invited, with the reason or substitute (`detail`)
    already given, so no follow-up question is asked for it."""
    letter, _, unit_part = verb.partition(".")
    found = await _answer_context(ctx, ann_id)
    if found is None:
        return Reply(toast=ctx.t("error.stale_button"))
    meeting, record, received = found
    ann = meeting.announcement
    if (
        ann.kind != AnnouncementKind.MEETING
        or ann.status == AnnouncementStatus.DRAFT
        or (letter not in ANSWERS and letter != "i")
        or (unit_part and not unit_part.isdigit())
    ):
        return Reply(toast=ctx.t("error.stale_button"))
    if ann.status == AnnouncementStatus.CANCELLED:
        return Reply(toast=ctx.t("rsvp.cancelled"))
    if letter == "i":
        return _calendar(ctx, ann, meeting)
    if ctx.now >= meeting.starts_at:
        return Reply(toast=ctx.t("rsvp.started"))
    if not received and not typed:
        return Reply(toast=ctx.t("rsvp.not_in_audience", id=ann.id), alert=True)
    if unit_part and not _picker_offered(ctx):
        return Reply(toast=ctx.t("error.stale_button"))  # a unit Loa did not offer this person
    allowed = await announcement_unit_ids(ctx.session, ann)  # no query once it was sent
    unit = await _unit(ctx, unit_part)
    if unit is None:
        if unit_part:
            return Reply(toast=ctx.t("error.stale_button"))
        if typed and not (received and _picker_offered(ctx)):
            return Reply(toast=ctx.t("typed.no_unit", id=ann.id), alert=True)
        return await _ask_unit(ctx, ann, letter, allowed)
    if unit.id not in allowed:
        if unit_part:
            return Reply(toast=ctx.t("error.stale_button"))
        return Reply(
            toast=ctx.t("rsvp.unit_not_in_audience", unit=unit.code, id=ann.id), alert=True
        )
    if ctx.person.unit_id is None:
        # picked once, or the group's: remembered, so /lich in private chat knows the unit
        ctx.person.unit_id = unit.id
    window, deadline = await deadlines.answer_window(ctx, meeting, unit.id)
    if window == deadlines.Window.CLOSED:  # `sau hạn: đóng`: nothing is stored
        return Reply(toast=deadlines.closed_text(ctx, deadline), alert=True)
    answer = ANSWERS[letter]
    previous = None if record is None else record.answer
    if record is not None and record.answer == answer and record.unit_id == unit.id:
        if answer == RsvpAnswer.ATTEND:
            return Reply(toast=ctx.t("rsvp.toast_same"))
    if record is None:
        record = Rsvp(announcement_id=ann.id, person_id=ctx.person.id, answered_at=ctx.now)
        ctx.session.add(record)
        if ctx.lookups is not None:  # a second press of this person in the batch finds it
            ctx.lookups.answers[(ann.id, ctx.person.id)] = record
    record.answer = answer
    record.unit_id = unit.id
    record.answered_at = ctx.now
    record.set_by_id = None
    record.late = window == deadlines.Window.LATE
    if answer != RsvpAnswer.ABSENT:
        record.reason = None
    if answer != RsvpAnswer.SUBSTITUTE:
        record.substitute_name = record.substitute_position = None
    if detail and answer == RsvpAnswer.ABSENT:
        record.reason = detail[:500]
    elif detail and answer == RsvpAnswer.SUBSTITUTE:
        name_part, _, position = detail.partition(",")
        record.substitute_name = name_part.strip()[:300]
        record.substitute_position = position.strip()[:300] or None
    await answers_changed(ctx, ann, units=allowed)
    question = await _question_of(ctx)
    if (previous != answer or detail) and _is_about(question, ann.id):
        await _drop_question(ctx, question)  # the answer it was about changed, or was given
    name = ctx.person.name or ctx.person.external_id
    if answer == RsvpAnswer.ATTEND:
        return Reply(toast=ctx.t("rsvp.toast_attend", name=name, unit=unit.code))
    key = ASK_REASON if answer == RsvpAnswer.ABSENT else ASK_SUBSTITUTE
    toast_key = "rsvp.toast_absent" if answer == RsvpAnswer.ABSENT else "rsvp.toast_substitute"
    prompt_key = "rsvp.ask_reason" if answer == RsvpAnswer.ABSENT else "rsvp.ask_substitute"
    # a reason or substitute that came with a typed answer leaves nothing to ask
    if not detail and (previous != answer or not _just_asked(ctx, question, ann.id, key)):
        await _ask(ctx, key, ann, prompt_key, question)
    return Reply(toast=ctx.t(toast_key, name=name, unit=unit.code))


async def _answer_context(ctx: Ctx, ann_id: int) -> tuple[Meeting, Rsvp | None, bool] | None:
    """`queries.answer_context`, from what a batch read in advance when it did."""
    lookups = ctx.lookups
    meeting = None if lookups is None else lookups.meetings.get(ann_id)
    if lookups is None or meeting is None:
        return await queries.answer_context(ctx.session, ann_id, ctx.person.id, ctx.chat.id)
    record = lookups.answers.get((ann_id, ctx.person.id))
    return meeting, record, (ann_id, ctx.chat.id) in lookups.received


def _picker_offered(ctx: Ctx) -> bool:
    """Whether Loa offers this person the unit picker here: only in a cluster-wide group, and
    only while it knows no unit of theirs (a crafted `a.<unit>` elsewhere is refused)."""
    return ctx.chat.is_cluster and ctx.chat.unit_id is None and ctx.person.unit_id is None


async def _unit(ctx: Ctx, unit_part: str) -> Unit | None:
    """The unit an answer counts for: the picked one, the group's, or the person's own."""
    if unit_part:
        unit = await ctx.session.get(Unit, int(unit_part))
        return unit if unit is not None and unit.removed_at is None else None
    if ctx.chat.unit is not None:
        return ctx.chat.unit
    return ctx.person.unit


async def _ask_unit(
    ctx: Ctx, ann: Announcement, letter: str, allowed: set[int], page: int = 0
) -> Reply:
    """The unit picker in a cluster-wide group: PICK_PAGE units a page (Telegram takes at most
    100 buttons), [◀ Trước] [Sau ▶] to the others (`p:pick.<letter><meeting>:<page>`)."""
    units = [u for u in await queries.active_units(ctx.session) if u.id in allowed]
    count = max(1, -(-len(units) // PICK_PAGE))
    page = max(0, min(page, count - 1))
    shown = units[page * PICK_PAGE : (page + 1) * PICK_PAGE]
    rows = [
        [Button(unit.code, action=f"r:{letter}.{unit.id}:{ann.id}") for unit in shown[i : i + 4]]
        for i in range(0, len(shown), 4)
    ]
    nav = pages.page_buttons(f"pick.{letter}{ann.id}", page, count, ctx.t)
    if nav:
        rows.append(nav)
    name = ctx.person.name or ctx.person.external_id
    return Reply(
        ctx.t("rsvp.pick_unit", name=name, id=ann.id),
        buttons=rows,
        toast=ctx.t("rsvp.toast_pick_unit"),
    )


async def _question_of(ctx: Ctx) -> Conversation | None:
    """The person's open question (one per person), from what a batch read when it did."""
    if ctx.lookups is not None:
        return ctx.lookups.conversations.get(ctx.person.id)
    return await queries.conversation_of(ctx.session, ctx.person.id)


def _is_about(question: Conversation | None, ann_id: int) -> bool:
    """Whether `question` is an answer's follow-up question for this meeting, still open."""
    return (
        question is not None
        and question.kind in QUESTIONS
        and question.announcement_id == ann_id
        and not question.data.get("closed")
    )


def _just_asked(ctx: Ctx, question: Conversation | None, ann_id: int, kind: str) -> bool:
    """Whether the same question was asked a moment ago and is still waiting (a repeated press
    does not ask twice; a later one asks again, so the answer can be corrected)."""
    return (
        _is_about(question, ann_id)
        and question is not None
        and question.kind == kind
        and ctx.now - question.created_at < ANSWER_WINDOW
    )


async def _drop_question(ctx: Ctx, question: Conversation | None) -> None:
    """Close the question: it no longer takes messages, and its message is not sent if it has
    not gone out yet. The row stays (one per person, reused by the next question), closed."""
    if question is None:
        return
    prompt = question.data.get("prompt")
    question.data = {"closed": True}
    question.expires_at = ctx.now
    if not prompt:
        return
    if ctx.lookups is not None:  # written at the batch's end: simply not written
        ctx.lookups.outbox[:] = [r for r in ctx.lookups.outbox if r["dedupe_key"] != prompt]
    await queries.cancel_pending_message(ctx.session, prompt)


async def picker_page(ctx: Ctx, arg: str, page: int) -> Reply:
    """Another page of the unit picker (`pick.<letter><meeting>`), for a meeting still open."""
    letter, digits = arg[:1], arg[1:]
    ann = await queries.announcement(ctx.session, int(digits)) if digits.isdigit() else None
    if (
        ann is None
        or letter not in ANSWERS
        or ann.kind != AnnouncementKind.MEETING
        or ann.status in (AnnouncementStatus.DRAFT, AnnouncementStatus.CANCELLED)
    ):
        return Reply(toast=ctx.t("error.stale_button"))
    allowed = await announcement_unit_ids(ctx.session, ann)
    return await _ask_unit(ctx, ann, letter, allowed, page)


async def _ask(
    ctx: Ctx, kind: str, ann: Announcement, prompt_key: str, question: Conversation | None
) -> None:
    """Ask a follow-up question: privately if the person started the bot, else in the group as
    a forced reply that mentions them. It goes through the outbox, so the press is answered at
    once whatever the group's pace; each asking is a message of its own. The question is kept
    in the database until answered, replaced, dropped or expired."""
    private = ctx.person.private_chat_id
    in_group = not ctx.in_private and private is None
    chat_id = ctx.chat.id if ctx.in_private or private is None else private
    lookups = ctx.lookups
    if question is None:
        question = Conversation(person_id=ctx.person.id)
        ctx.session.add(question)
        if lookups is not None:  # a second question to this person in the batch finds it
            lookups.conversations[ctx.person.id] = question
    elif _is_about(question, ann.id):
        await _drop_question(ctx, question)  # asked again: the earlier message is not sent
    prompt = f"ask:{ann.id}:{ctx.person.id}:{kind}:{uuid.uuid4().hex[:16]}"
    # a new question replaces the one that was open (the row is reused: one per person)
    question.chat_id = chat_id
    question.kind = kind
    question.announcement_id = ann.id
    question.data = {"prompt": prompt}
    question.prompt_message_id = None
    question.created_at = ctx.now
    question.expires_at = ctx.now + QUESTION_LIFETIME
    name = ctx.person.name or ctx.person.external_id
    if in_group:
        link = f'<a href="tg://user?id={esc(ctx.person.external_id)}">{esc(name)}</a>'
        who: str = Safe(link)
    else:
        who = name
    body = payload(ctx.t(prompt_key, name=who, id=ann.id))
    if in_group:
        body["force_reply"] = True
    row = queries.outbox_values(
        chat_id=chat_id,
        payload=body,
        purpose="question",
        announcement_id=ann.id,
        dedupe_key=prompt,
        now=ctx.now,
        priority=0,
    )
    if lookups is not None:
        lookups.outbox.append(row)  # written with the batch's other questions
    else:
        await queries.insert_outbox(ctx.session, [row])
    ctx.after_commit.append(ctx.env.wake_delivery)


async def forget_question(ctx: Ctx, person_id: int, ann_id: int) -> None:
    """Someone else (an organiser) set this person's answer: the question Loa had asked them
    about this meeting is dropped, so their next message is not taken for it."""
    question = await queries.conversation_of(ctx.session, person_id)
    if _is_about(question, ann_id):
        await _drop_question(ctx, question)


def _calendar(ctx: Ctx, ann: Announcement, meeting: Meeting) -> Reply:
    content = calendar.meeting_ics(
        ann, meeting, ctx.env.tz, ctx.now, ctx.env.bot_username, ctx.lang
    )
    attachment = Attachment(f"hop-{ann.id}.ics", content, caption=ctx.t("rsvp.ics_sent", id=ann.id))
    privately = not ctx.in_private and ctx.person.private_chat_id is not None
    return Reply(
        files=[attachment],
        to_person=privately,
        toast=ctx.t("rsvp.toast_ics" if privately else "rsvp.toast_ics_here"),
    )


async def _plainly_answers(ctx: Ctx, req: Request, question: Conversation) -> bool:
    """Whether this message is the answer to `question`: a reply to the question's message,
    or — not replying to any other message — the next one within `ANSWER_WINDOW`."""
    if req.reply_to_bot_message is not None:
        prompt = question.data.get("prompt")
        if question.prompt_message_id is None and prompt:
            question.prompt_message_id = await queries.sent_message_id(ctx.session, prompt)
        return req.reply_to_bot_message == question.prompt_message_id
    return ctx.now - question.created_at <= ANSWER_WINDOW


async def answer_question(ctx: Ctx, req: Request) -> Reply | None:
    """Text that answers Loa's pending question (a reason, a substitute), or None if none."""
    question = await queries.conversation_of(ctx.session, ctx.person.id)
    if question is None or question.chat_id != ctx.chat.id or question.kind not in QUESTIONS:
        return None
    if question.expires_at <= ctx.now or question.announcement_id is None:
        await ctx.session.delete(question)
        return None
    if not await _plainly_answers(ctx, req, question):
        return None  # another message: the question still takes a reply to it
    record = await queries.rsvp_of(ctx.session, question.announcement_id, ctx.person.id)
    ann = await queries.announcement(ctx.session, question.announcement_id)
    if record is None or ann is None or ann.status == AnnouncementStatus.CANCELLED:
        await ctx.session.delete(question)
        return None
    meeting = await queries.meeting(ctx.session, ann.id)
    if meeting is not None:
        window, deadline = await deadlines.answer_window(ctx, meeting, record.unit_id)
        if window == deadlines.Window.CLOSED:  # closed since it was asked: nothing stored
            await ctx.session.delete(question)
            return Reply(deadlines.closed_text(ctx, deadline))
        if window == deadlines.Window.LATE:
            record.late = True
    answer = " ".join(req.text.split())
    if question.kind == ASK_REASON and record.answer == RsvpAnswer.ABSENT:
        if not answer:
            return None
        record.reason = answer[:500]
        await ctx.session.delete(question)
        return Reply(
            ctx.t("rsvp.reason_saved", id=ann.id, reason=record.reason)
            + ctx.t("rsvp.reason_how_to_correct", id=ann.id)
        )
    if question.kind == ASK_SUBSTITUTE and record.answer == RsvpAnswer.SUBSTITUTE:
        if not answer or len(answer) > MAX_ANSWER:
            return Reply(ctx.t("rsvp.bad_substitute"), force_reply=not ctx.in_private)
        name, _, position = answer.partition(",")
        record.substitute_name = name.strip()[:300]
        record.substitute_position = position.strip()[:300] or None
        await ctx.session.delete(question)
        await answers_changed(ctx, ann)
        position_text = (
            ctx.t("rsvp.substitute_position", position=record.substitute_position)
            if record.substitute_position
            else ""
        )
        return Reply(
            ctx.t(
                "rsvp.substitute_saved",
                id=ann.id,
                name=record.substitute_name,
                position=position_text,
            )
            + ctx.t("rsvp.substitute_how_to_correct", id=ann.id)
        )
    await ctx.session.delete(question)
    return None
