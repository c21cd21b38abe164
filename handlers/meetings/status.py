"""Where a meeting stands: `/tinhhinh` (the per-unit table, and answers set on a unit's behalf)
and `/lich` (a person's upcoming meetings).

An answer an organiser sets for a unit is an ordinary `Rsvp` with `set_by_id` = the organiser,
so cards, tallies, reminders and exports count it like any other. `Rsvp.person_id` is required
and unique per meeting, so the answer belongs to a person record standing for the attendee:
- a name that matches someone who already answered for that unit updates their answer;
- another name gets a synthetic person (`named:<unit id>:<digest of the folded name>`), so
  the same name written again (any case, with or without diacritics) is the same attendee;
- no name (a bare `có`/`vắng`, or a substitute) is the unit itself (`unit:<unit id>`), one
  answer per unit that later commands replace.
Synthetic people have no private chat and are never organisers, so nothing is sent to them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import deadlines, pages, timeparse
from handlers.context import Ctx
from handlers.core import Button, Reply, Request
from handlers.forms import FormError, fold, parse_unit_code
from handlers.meetings import attendance, delegate_lists, rsvp
from handlers.meetings.card import tally_line
from handlers.meetings.invitation import answers_changed
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.status import failed_lines
from handlers.notices.tables import (
    LIMIT,
    NAMED_PREFIX,
    PROXY_PLATFORM,
    UNIT_PREFIX,
    display_name,
    platform_mark,
    short_time,
    size,
)
from handlers.texts import Safe
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Meeting,
    Person,
    Rsvp,
    RsvpAnswer,
    Unit,
)

MAX_SUMMARY = 300  # characters of unit codes in the table's `⏳ Chưa trả lời:` line
MAX_NAME = 300
MAX_REASON = 500
MARKS = {RsvpAnswer.ATTEND: "✅", RsvpAnswer.ABSENT: "❌", RsvpAnswer.SUBSTITUTE: "👤"}
ANSWER_WORDS = {
    "co": RsvpAnswer.ATTEND,
    "tham du": RsvpAnswer.ATTEND,
    "du": RsvpAnswer.ATTEND,
    "attend": RsvpAnswer.ATTEND,
    "yes": RsvpAnswer.ATTEND,
    "khong": RsvpAnswer.ABSENT,
    "vang": RsvpAnswer.ABSENT,
    "vang mat": RsvpAnswer.ABSENT,
    "absent": RsvpAnswer.ABSENT,
    "no": RsvpAnswer.ABSENT,
    "thay": RsvpAnswer.SUBSTITUTE,
    "du thay": RsvpAnswer.SUBSTITUTE,
    "cu nguoi du thay": RsvpAnswer.SUBSTITUTE,
    "substitute": RsvpAnswer.SUBSTITUTE,
}
BUTTON_ANSWERS = {"a": RsvpAnswer.ATTEND, "x": RsvpAnswer.ABSENT}


# --- what a meeting's answers look like ------------------------------------------------------


@dataclass
class UnitAnswers:
    """One unit of a meeting and the answers given for it, oldest first."""

    unit: Unit
    invited: bool
    answers: list[Rsvp] = field(default_factory=list)


@dataclass
class MeetingState:
    """Everything the status table and the exports show, read once."""

    ann: Announcement
    meeting: Meeting
    units: list[UnitAnswers]
    setters: dict[int, Person]
    registered: set[int] = field(default_factory=set)  # units with registered delegates
    # the units given their own deadline (`/giahan`), by unit id
    own_deadlines: dict[int, datetime] = field(default_factory=dict)

    @property
    def answered(self) -> list[UnitAnswers]:
        return [u for u in self.units if u.answers]

    @property
    def unanswered(self) -> list[Unit]:
        return [
            u.unit
            for u in self.units
            if u.invited and not u.answers and u.unit.id not in self.registered
        ]

    @property
    def invited_count(self) -> int:
        return sum(1 for u in self.units if u.invited)

    @property
    def confirmed_count(self) -> int:
        """Invited units with someone attending or a substitute (as on the card)."""
        counted = (RsvpAnswer.ATTEND, RsvpAnswer.SUBSTITUTE)
        return sum(
            1
            for u in self.units
            if u.invited
            and (u.unit.id in self.registered or any(r.answer in counted for r in u.answers))
        )

    def count(self, answer: RsvpAnswer) -> int:
        return sum(1 for u in self.units for r in u.answers if r.answer == answer)


async def load_state(session: AsyncSession, ann: Announcement, meeting: Meeting) -> MeetingState:
    """The meeting's invited units and answers, grouped by unit in code order."""
    invited = await announcement_unit_ids(session, ann)
    records = [r for r in await queries.rsvps(session, ann.id) if r.unit_id is not None]
    units = await queries.units_by_ids(session, invited | {r.unit_id for r in records if r.unit_id})
    grouped = {uid: UnitAnswers(unit, uid in invited) for uid, unit in units.items()}
    for record in records:
        if record.unit_id in grouped:
            grouped[record.unit_id].answers.append(record)
    setters = await queries.people_by_ids(session, {r.set_by_id for r in records if r.set_by_id})
    ordered = sorted(grouped.values(), key=lambda u: u.unit.code)
    registered = set(await queries.delegate_counts_by_unit(session, ann.id))
    own = await deadlines.unit_deadlines(session, ann.id)
    return MeetingState(
        ann=ann,
        meeting=meeting,
        units=ordered,
        setters=setters,
        registered=registered,
        own_deadlines=own,
    )


def substitute_text(record: Rsvp) -> str:
    """`Nguyễn Văn A, Phó Hiệu trưởng` (plain text)."""
    if not record.substitute_name:
        return ""
    if record.substitute_position:
        return f"{record.substitute_name}, {record.substitute_position}"
    return record.substitute_name


# --- /tinhhinh -------------------------------------------------------------------------------


async def status(ctx: Ctx, ann_id: int, fields: list[str]) -> Reply:
    """`/tinhhinh 12` on a meeting: the table; `/tinhhinh 12 | HP | có | Nguyễn Văn A`: set an
    answer (`fields` are the `|`-separated parts, the code first)."""
    ann, meeting = await find_meeting(ctx, ann_id, "tinhhinh")
    if len(fields) == 1:
        return await _table_reply(ctx, ann, meeting)
    unit = await _invited_unit(ctx, ann, fields[1])
    if len(fields) < 3 or not fields[2]:
        raise FormError("status.missing_answer", code=unit.code)
    answer = ANSWER_WORDS.get(fold(fields[2]))
    if answer is None:
        raise FormError("status.bad_answer", value=fields[2][:40])
    name = fields[3] if len(fields) > 3 else ""
    reason = fields[4] if len(fields) > 4 else ""
    if reason and answer != RsvpAnswer.ABSENT:
        raise FormError("status.reason_only_absent")
    _check_length(ctx, "name", name, MAX_NAME)
    _check_length(ctx, "reason", reason, MAX_REASON)
    substitute, position = "", ""
    if answer == RsvpAnswer.SUBSTITUTE:
        substitute, _, position = (part.strip() for part in name.partition(","))
        if not substitute:
            raise FormError("status.missing_substitute")
        name = ""
    _check_open(ann)
    record = await _record_for(ctx, ann, unit, name)
    previous = record.answer
    _set_answer(ctx, record, unit, answer, reason, substitute, position)
    record.late = await _is_late(ctx, meeting, unit)
    await ctx.session.flush()
    if previous is not None and previous != answer:  # their own question is dropped
        await rsvp.forget_question(ctx, record.person_id, ann.id)
    await answers_changed(ctx, ann)
    queries.audit(
        ctx.session,
        ctx.now,
        ctx.person.id,
        "rsvp.set",
        f"#{ann.id}",
        unit=unit.code,
        answer=answer.value,
    )
    done = ctx.t("status.set_done", code=unit.code, answer=Safe(_answer_phrase(ctx, record)))
    reply = await _table_reply(ctx, ann, meeting)
    reply.text = done + "\n\n" + reply.text
    if size(reply.text) > LIMIT:
        reply.text = done  # the table alone filled the message; the change is what matters
    return reply


async def status_button(ctx: Ctx, req: Request, verb: str, ann_id: int) -> Reply:
    """`t:a.<unit>.<page>:<meeting>` / `t:x.<unit>.<page>:<meeting>` under the table (the page
    is optional): a unit that has not answered attends / is absent, set by the organiser; the
    table's page is redrawn in place."""
    letter, _, rest = verb.partition(".")
    unit_part, _, page_part = rest.partition(".")
    page = int(page_part) if page_part.isdigit() and len(page_part) <= 4 else 0
    answer = BUTTON_ANSWERS.get(letter)
    ann = await queries.announcement(ctx.session, ann_id)
    meeting = await queries.meeting(ctx.session, ann_id)
    found = (
        await queries.units_by_ids(ctx.session, [int(unit_part)])
        if unit_part.isdigit() and len(unit_part) <= 9
        else {}
    )
    target = next(iter(found.values()), None)
    if answer is None or ann is None or meeting is None or target is None:
        return Reply(toast=ctx.t("error.stale_button"))
    if ann.status in (AnnouncementStatus.CANCELLED, AnnouncementStatus.DRAFT):
        return Reply(toast=ctx.t("error.stale_button"))
    state = await load_state(ctx.session, ann, meeting)
    entry = next((u for u in state.units if u.unit.id == target.id), None)
    if entry is None or not entry.invited:
        return Reply(toast=ctx.t("error.stale_button"))
    if entry.answers:  # someone answered meanwhile: show the fresh table, change nothing
        reply = await _table_reply(ctx, ann, meeting, page)
        reply.edit, reply.toast = True, ctx.t("status.toast_already", code=target.code)
        return reply
    record = await _record_for(ctx, ann, target, "")
    _set_answer(ctx, record, target, answer, "", "", "")
    record.late = await _is_late(ctx, meeting, target)
    await ctx.session.flush()
    await answers_changed(ctx, ann)
    queries.audit(
        ctx.session,
        ctx.now,
        ctx.person.id,
        "rsvp.set",
        f"#{ann.id}",
        unit=target.code,
        answer=answer.value,
    )
    reply = await _table_reply(ctx, ann, meeting, page)
    reply.edit = True
    reply.toast = ctx.t(f"status.toast_{answer.value}", code=target.code)
    return reply


async def find_meeting(ctx: Ctx, ann_id: int, command: str) -> tuple[Announcement, Meeting]:
    """The meeting #id, or an explanation (unknown code, not a meeting)."""
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None:
        raise FormError("error.no_announcement", id=ann_id)
    meeting = await queries.meeting(ctx.session, ann.id)
    if ann.kind != AnnouncementKind.MEETING or meeting is None:
        raise FormError("status.not_meeting", id=ann.id, command=command)
    return ann, meeting


async def _invited_unit(ctx: Ctx, ann: Announcement, value: str) -> Unit:
    code = parse_unit_code(value)
    unit = await queries.unit_by_code(ctx.session, code)
    if unit is None:
        known = ", ".join(u.code for u in await queries.active_units(ctx.session))
        raise FormError("error.unknown_unit", code=code, known=known or "—")
    invited = await announcement_unit_ids(ctx.session, ann)
    if unit.id not in invited:
        units = await queries.units_by_ids(ctx.session, invited)
        known = ", ".join(sorted(u.code for u in units.values()))
        raise FormError("status.unit_not_in_audience", code=unit.code, id=ann.id, known=known)
    return unit


def _check_length(ctx: Ctx, which: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise FormError("status.too_long", field=ctx.t(f"status.field.{which}"), limit=limit)


def _check_open(ann: Announcement) -> None:
    """Answers are set on invitations that went (or will go) out and still stand."""
    if ann.status == AnnouncementStatus.CANCELLED:
        raise FormError("status.cancelled_no_set", id=ann.id)
    if ann.status == AnnouncementStatus.DRAFT:
        raise FormError("status.draft_no_set", id=ann.id)


async def _record_for(ctx: Ctx, ann: Announcement, unit: Unit, name: str) -> Rsvp:
    """The answer to change: the named person's if they already answered for this unit,
    else the (new) answer of the synthetic person standing for them or for the unit."""
    wanted = fold(name)
    if wanted:
        for record in await queries.rsvps(ctx.session, ann.id):
            if record.unit_id == unit.id and fold(record.person.name) == wanted:
                return record
        digest = hashlib.sha256(wanted.encode()).hexdigest()[:24]
        external_id = f"{NAMED_PREFIX}{unit.id}:{digest}"
    else:
        external_id = f"{UNIT_PREFIX}{unit.id}"
    person = await queries.upsert_person(
        ctx.session, PROXY_PLATFORM, external_id, " ".join(name.split()), None, ctx.now
    )
    if person.unit_id is None:
        person.unit_id = unit.id
    record = await queries.rsvp_of(ctx.session, ann.id, person.id)
    if record is None:
        record = Rsvp(announcement_id=ann.id, person_id=person.id, answered_at=ctx.now)
        record.person = person
        ctx.session.add(record)
    return record


def _set_answer(
    ctx: Ctx,
    record: Rsvp,
    unit: Unit,
    answer: RsvpAnswer,
    reason: str,
    substitute: str,
    position: str,
) -> None:
    record.answer = answer
    record.unit_id = unit.id
    record.answered_at = ctx.now
    record.set_by_id = ctx.person.id
    record.reason = (reason or None) if answer == RsvpAnswer.ABSENT else None
    record.substitute_name = substitute[:MAX_NAME] or None
    record.substitute_position = position[:MAX_NAME] or None


async def _is_late(ctx: Ctx, meeting: Meeting, unit: Unit) -> bool:
    """An answer set for a unit past its deadline is marked late (an organiser is not refused
    even when the meeting closes at its deadline)."""
    window, _ = await deadlines.answer_window(ctx, meeting, unit.id)
    return window != deadlines.Window.OPEN


def _answer_phrase(ctx: Ctx, record: Rsvp) -> str:
    name = display_name(ctx.t, record.person)
    if record.answer == RsvpAnswer.ATTEND:
        return ctx.t("status.answer.attend", name=name)
    if record.answer == RsvpAnswer.ABSENT:
        reason = ctx.t("status.reason", reason=record.reason) if record.reason else ""
        return ctx.t("status.answer.absent", name=name, reason=Safe(reason))
    return ctx.t("status.answer.substitute", substitute=substitute_text(record))


async def _table_reply(ctx: Ctx, ann: Announcement, meeting: Meeting, page: int = 0) -> Reply:
    """Page `page` of the table, with [✅ HP] [❌ HP] for the units on it that have not answered."""
    state = await load_state(ctx.session, ann, meeting)
    header, entries, footer = await status_parts(ctx, state)
    return pages.render(ctx.t, header, entries, action=f"status.{ann.id}", page=page, footer=footer)


async def status_page(ctx: Ctx, arg: str, page: int) -> Reply:
    """A page press under the table (`p:status.<meeting>:<page>`): that page, read afresh."""
    ann_id = int(arg) if arg.isdigit() and len(arg) <= 9 else 0
    ann = await queries.announcement(ctx.session, ann_id) if ann_id else None
    meeting = await queries.meeting(ctx.session, ann_id) if ann_id else None
    if ann is None or meeting is None or ann.kind != AnnouncementKind.MEETING:
        return Reply(toast=ctx.t("error.stale_button"))
    return await _table_reply(ctx, ann, meeting, page)


def _chase_summary(ctx: Ctx, unanswered: list[Unit]) -> str:
    """`⏳ Chưa trả lời: HP, VP, …`: the codes, as many as a glance takes, then how many more."""
    shown: list[str] = []
    for unit in unanswered:
        if sum(len(code) + 2 for code in shown) + len(unit.code) > MAX_SUMMARY:
            break
        shown.append(unit.code)
    codes = ", ".join(shown)
    if len(shown) < len(unanswered):
        codes += ctx.t("status.unanswered_more", count=len(unanswered) - len(shown))
    return ctx.t("status.unanswered", units=codes)


def _is_absent(entry: UnitAnswers) -> bool:
    """A unit that answered and sends nobody: the next to chase after those that did not answer."""
    return all(r.answer == RsvpAnswer.ABSENT for r in entry.answers)


async def status_parts(ctx: Ctx, state: MeetingState) -> tuple[str, list[pages.Entry], str]:
    """The table as a header (title, tally, who has not answered), entries in the order to chase
    them (units that have not answered, with their buttons; units that answered absent; the
    rest) and a footer, for `pages.render`."""
    ann, meeting = state.ann, state.meeting
    header = [
        ctx.t(
            "status.header",
            id=ann.id,
            title=meeting.title,
            when=timeparse.format_when(meeting.starts_at, ctx.env.tz, ctx.lang),
        )
    ]
    if ann.status == AnnouncementStatus.CANCELLED:
        header.append(ctx.t("status.cancelled"))
    header.append(await tally_line(ctx.session, ann, ctx.lang))
    header.append(await failed_lines(ctx, ann.id))  # groups that refused the card for good
    unanswered = state.unanswered
    open_ = ann.status not in (AnnouncementStatus.CANCELLED, AnnouncementStatus.DRAFT)
    header.append(_chase_summary(ctx, unanswered) if unanswered else "")
    entries = [
        pages.Entry(
            ctx.t("status.chase_unit", code=u.code, name=u.name) + _own_deadline(ctx, state, u),
            _set_buttons(ctx, ann.id, u) if open_ else (),
        )
        for u in unanswered
    ]
    answered = sorted(state.answered, key=lambda entry: not _is_absent(entry))
    blocks = [_unit_block(ctx, state, entry) for entry in answered]
    entries += [pages.Entry("\n" + block) for block in blocks or [ctx.t("status.no_answers")]]
    entries += await delegate_lists.status_entries(ctx, ann, meeting)
    entries += await attendance.status_entries(ctx, meeting)  # registered against present
    footer = "" if unanswered else ctx.t("status.all_answered")
    if unanswered and open_:
        footer = ctx.t("status.set_hint", id=ann.id)
    return "\n".join(line for line in header if line), entries, f"\n{footer}" if footer else ""


def _set_buttons(ctx: Ctx, ann_id: int, unit: Unit) -> tuple[Button, ...]:
    """[✅ HP tham dự] [❌ HP vắng]: `t:a.<unit>.{page}:<meeting>`, the page filled in when
    shown, so the press redraws the page it came from."""
    return (
        Button(
            ctx.t("status.btn_attend", code=unit.code), action=f"t:a.{unit.id}.{{page}}:{ann_id}"
        ),
        Button(
            ctx.t("status.btn_absent", code=unit.code), action=f"t:x.{unit.id}.{{page}}:{ann_id}"
        ),
    )


def _unit_block(ctx: Ctx, state: MeetingState, entry: UnitAnswers) -> str:
    own = _own_deadline(ctx, state, entry.unit)
    lines = [ctx.t("status.unit", code=entry.unit.code, name=entry.unit.name) + own]
    tz = ctx.env.tz
    for record in entry.answers:
        details = ""
        if record.answer == RsvpAnswer.SUBSTITUTE:
            details = ctx.t(
                "status.substitute",
                substitute=substitute_text(record) or ctx.t("status.substitute_pending"),
            )
        elif record.answer == RsvpAnswer.ABSENT and record.reason:
            details = ctx.t("status.reason", reason=record.reason)
        setter = state.setters.get(record.set_by_id) if record.set_by_id else None
        by = ctx.t("status.set_by", name=display_name(ctx.t, setter)) if setter else ""
        if record.late:
            by += ctx.t("deadlines.late_mark")
        lines.append(
            ctx.t(
                "status.line",
                mark=MARKS[record.answer],
                name=display_name(ctx.t, record.person) + platform_mark(ctx.t, record.person),
                at=short_time(record.answered_at, tz),
                details=Safe(details),
                by=Safe(by),
            )
        )
    return "\n".join(lines)


def _own_deadline(ctx: Ctx, state: MeetingState, unit: Unit) -> str:
    """` · hạn riêng: 17:00, Thứ Hai 16/06/2024` for a unit given its own deadline."""
    own = state.own_deadlines.get(unit.id)
    if own is None:
        return ""
    return ctx.t("deadlines.own", when=timeparse.format_when(own, ctx.env.tz, ctx.lang))
