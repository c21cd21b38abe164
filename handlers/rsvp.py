"""Answers to meetings (RSVP): one per person, changeable until the start, counted per unit.

Buttons carry `r:<answer>:<meeting>`, the answer being `a` (attend), `x` (absent), `s`
(substitute) or `i` (calendar file); `a.17` answers for unit 17 after the person picked it.
"""

from __future__ import annotations

from datetime import timedelta

from handlers import calendar, pages
from handlers.cards import audience_unit_ids, payload
from handlers.context import Ctx
from handlers.core import Attachment, Button, Reply, Request
from handlers.forms import Audience
from handlers.meetings import answers_changed
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
QUESTION_LIFETIME = timedelta(days=2)
MAX_ANSWER = 300
PICK_PAGE = 24 * 4  # units per page of the picker: with ◀ ▶, within 100 buttons


async def rsvp_button(ctx: Ctx, req: Request, verb: str, ann_id: int) -> Reply:
    """A press on a meeting card."""
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
    if not received:
        return Reply(toast=ctx.t("rsvp.not_in_audience", id=ann.id), alert=True)
    audience = Audience.from_json(ann.audience)
    unit = await _unit(ctx, unit_part)
    allowed: set[int] | None = None  # the audience's units, when they had to be read
    if unit is None or not _surely_in(audience, unit):
        allowed = await audience_unit_ids(ctx.session, audience)
    if unit is None:
        return await _ask_unit(ctx, ann, letter, allowed or set())
    if allowed is not None and unit.id not in allowed:
        return Reply(
            toast=ctx.t("rsvp.unit_not_in_audience", unit=unit.code, id=ann.id), alert=True
        )
    if unit_part and ctx.person.unit_id is None:
        ctx.person.unit_id = unit.id  # picked once, remembered
    answer = ANSWERS[letter]
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
    if answer != RsvpAnswer.ABSENT:
        record.reason = None
    if answer != RsvpAnswer.SUBSTITUTE:
        record.substitute_name = record.substitute_position = None
    await answers_changed(ctx, ann, units=allowed)
    name = ctx.person.name or ctx.person.external_id
    if answer == RsvpAnswer.ATTEND:
        return Reply(toast=ctx.t("rsvp.toast_attend", name=name, unit=unit.code))
    key = ASK_REASON if answer == RsvpAnswer.ABSENT else ASK_SUBSTITUTE
    toast_key = "rsvp.toast_absent" if answer == RsvpAnswer.ABSENT else "rsvp.toast_substitute"
    prompt_key = "rsvp.ask_reason" if answer == RsvpAnswer.ABSENT else "rsvp.ask_substitute"
    await _ask(ctx, key, ann, prompt_key)
    return Reply(toast=ctx.t(toast_key, name=name, unit=unit.code))


async def _answer_context(ctx: Ctx, ann_id: int) -> tuple[Meeting, Rsvp | None, bool] | None:
    """`queries.answer_context`, from what a batch read in advance when it did."""
    lookups = ctx.lookups
    meeting = None if lookups is None else lookups.meetings.get(ann_id)
    if lookups is None or meeting is None:
        return await queries.answer_context(ctx.session, ann_id, ctx.person.id, ctx.chat.id)
    record = lookups.answers.get((ann_id, ctx.person.id))
    return meeting, record, (ann_id, ctx.chat.id) in lookups.received


def _surely_in(audience: Audience, unit: Unit) -> bool:
    """Whether `unit` is in the audience without asking the database: a meeting for everyone
    counts every unit not removed (the common case); units or tags take the full check."""
    return audience.everyone and unit.removed_at is None


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
    allowed = await audience_unit_ids(ctx.session, Audience.from_json(ann.audience))
    return await _ask_unit(ctx, ann, letter, allowed, page)


async def _ask(ctx: Ctx, kind: str, ann: Announcement, prompt_key: str) -> None:
    """Ask a follow-up question: privately if the person started the bot, else in the group as
    a forced reply that mentions them. It goes through the outbox, so the press is answered at
    once whatever the group's pace, and the dedupe key asks each person each question once per
    meeting. The question is kept in the database until answered or expired."""
    private = ctx.person.private_chat_id
    in_group = not ctx.in_private and private is None
    chat_id = ctx.chat.id if ctx.in_private or private is None else private
    lookups = ctx.lookups
    if lookups is not None:
        question = lookups.conversations.get(ctx.person.id)
    else:
        question = await queries.conversation_of(ctx.session, ctx.person.id)
    if question is None:
        question = Conversation(person_id=ctx.person.id)
        ctx.session.add(question)
        if lookups is not None:  # a second question to this person in the batch finds it
            lookups.conversations[ctx.person.id] = question
    # a new question replaces the one that was open (the row is reused: one per person)
    question.chat_id = chat_id
    question.kind = kind
    question.announcement_id = ann.id
    question.data = {}
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
        dedupe_key=f"ask:{ann.id}:{ctx.person.id}:{kind}",
        now=ctx.now,
        priority=0,
    )
    if lookups is not None:
        lookups.outbox.append(row)  # written with the batch's other questions
    else:
        await queries.insert_outbox(ctx.session, [row])
    ctx.after_commit.append(ctx.env.wake_delivery)


def _calendar(ctx: Ctx, ann: Announcement, meeting: Meeting) -> Reply:
    content = calendar.meeting_ics(ann, meeting, ctx.env.tz, ctx.now, ctx.env.bot_username)
    attachment = Attachment(f"hop-{ann.id}.ics", content, caption=ctx.t("rsvp.ics_sent", id=ann.id))
    privately = not ctx.in_private and ctx.person.private_chat_id is not None
    return Reply(
        files=[attachment],
        to_person=privately,
        toast=ctx.t("rsvp.toast_ics" if privately else "rsvp.toast_ics_here"),
    )


async def answer_question(ctx: Ctx, req: Request) -> Reply | None:
    """Text that answers Loa's pending question (a reason, a substitute), or None if none."""
    question = await queries.conversation_of(ctx.session, ctx.person.id)
    if question is None or question.chat_id != ctx.chat.id:
        return None
    if question.expires_at <= ctx.now or question.announcement_id is None:
        await ctx.session.delete(question)
        return None
    record = await queries.rsvp_of(ctx.session, question.announcement_id, ctx.person.id)
    ann = await queries.announcement(ctx.session, question.announcement_id)
    if record is None or ann is None or ann.status == AnnouncementStatus.CANCELLED:
        await ctx.session.delete(question)
        return None
    answer = " ".join(req.text.split())
    if question.kind == ASK_REASON and record.answer == RsvpAnswer.ABSENT:
        if not answer:
            return None
        record.reason = answer[:500]
        await ctx.session.delete(question)
        return Reply(ctx.t("rsvp.reason_saved", id=ann.id, reason=record.reason))
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
        )
    await ctx.session.delete(question)
    return None
