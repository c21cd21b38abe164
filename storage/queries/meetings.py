"""Meetings and their answers: the meeting, what a press on its card needs (one press, or a
batch answered together), the answers and their tallies, and the upcoming meetings for the
status list. Nothing here commits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, lazyload

from storage.models import (
    Announcement,
    AnnouncementStatus,
    Chat,
    Conversation,
    Delegate,
    Meeting,
    Outbox,
    Person,
    Platform,
    Rsvp,
    RsvpAnswer,
    UnitDeadline,
)


async def meeting(session: AsyncSession, announcement_id: int) -> Meeting | None:
    return await session.get(Meeting, announcement_id)


async def upcoming_meeting_ids(session: AsyncSession, now: datetime) -> list[int]:
    """Meetings sent (or being sent) that have not started: the ones whose cards take answers."""
    rows = await session.scalars(
        select(Meeting.announcement_id)
        .join(Announcement, Announcement.id == Meeting.announcement_id)
        .where(
            Meeting.starts_at > now,
            Announcement.status.in_((AnnouncementStatus.SENDING, AnnouncementStatus.SENT)),
        )
        .order_by(Meeting.announcement_id)
    )
    return list(rows)


async def answer_context(
    session: AsyncSession, announcement_id: int, person_id: int, chat_id: int
) -> tuple[Meeting, Rsvp | None, bool] | None:
    """For a press on a meeting card, in one statement: the meeting (with its announcement),
    the person's answer so far, and whether the chat was sent the meeting. None: no meeting."""
    received = (
        select(Outbox.id)
        .where(
            Outbox.announcement_id == announcement_id,
            Outbox.chat_id == chat_id,
            Outbox.purpose == "announcement",
        )
        .exists()
    )
    row = (
        await session.execute(
            select(Meeting, Rsvp, received.label("received"))
            .outerjoin(
                Rsvp,
                and_(
                    Rsvp.announcement_id == Meeting.announcement_id,
                    Rsvp.person_id == person_id,
                ),
            )
            .where(Meeting.announcement_id == announcement_id)
            .options(
                joinedload(Meeting.announcement).lazyload(Announcement.created_by),
                lazyload(Rsvp.person),
                lazyload(Rsvp.unit),
            )
        )
    ).first()
    return None if row is None else (row[0], row[1], bool(row[2]))


async def people_for_answers(
    session: AsyncSession, platform: Platform, external_ids: Iterable[str], meeting_ids: set[int]
) -> tuple[dict[str, Person], dict[tuple[int, int], Rsvp], dict[int, Conversation]]:
    """For presses answered together, in one statement: the known people among these platform
    ids (by platform id), their answers to these meetings (by meeting and person) and their
    open questions (by person)."""
    rows = await session.execute(
        select(Person, Rsvp, Conversation)
        .outerjoin(
            Rsvp,
            and_(Rsvp.person_id == Person.id, Rsvp.announcement_id.in_(meeting_ids)),
        )
        .outerjoin(Conversation, Conversation.person_id == Person.id)
        .where(Person.platform == platform, Person.external_id.in_(set(external_ids)))
        .options(lazyload(Rsvp.person), lazyload(Rsvp.unit))
    )
    people: dict[str, Person] = {}
    answers: dict[tuple[int, int], Rsvp] = {}
    questions: dict[int, Conversation] = {}
    for person, answer, question in rows:
        people[person.external_id] = person
        if answer is not None:
            answers[(answer.announcement_id, person.id)] = answer
        if question is not None:
            questions[person.id] = question
    return people, answers, questions


async def chats_for_answers(
    session: AsyncSession, platform: Platform, external_ids: Iterable[str], meeting_ids: set[int]
) -> tuple[dict[str, Chat], dict[int, Meeting], set[tuple[int, int]]]:
    """For presses answered together, in one statement: the known chats among these platform
    ids (by platform id), which of these meetings they were sent (as (meeting, chat) pairs), and
    those meetings with their announcements."""
    rows = await session.execute(
        select(Chat, Meeting)
        .outerjoin(
            Outbox,
            and_(
                Outbox.chat_id == Chat.id,
                Outbox.announcement_id.in_(meeting_ids),
                Outbox.purpose == "announcement",
            ),
        )
        .outerjoin(Meeting, Meeting.announcement_id == Outbox.announcement_id)
        .where(Chat.platform == platform, Chat.external_id.in_(set(external_ids)))
        .options(joinedload(Meeting.announcement).lazyload(Announcement.created_by))
    )
    chats: dict[str, Chat] = {}
    meetings: dict[int, Meeting] = {}
    received: set[tuple[int, int]] = set()
    for chat, meeting in rows:
        chats[chat.external_id] = chat
        if meeting is not None:
            meetings[meeting.announcement_id] = meeting
            received.add((meeting.announcement_id, chat.id))
    return chats, meetings, received


async def rsvp_of(session: AsyncSession, announcement_id: int, person_id: int) -> Rsvp | None:
    return await session.scalar(
        select(Rsvp).where(Rsvp.announcement_id == announcement_id, Rsvp.person_id == person_id)
    )


async def rsvps(session: AsyncSession, announcement_id: int) -> Sequence[Rsvp]:
    return (
        await session.scalars(
            select(Rsvp).where(Rsvp.announcement_id == announcement_id).order_by(Rsvp.answered_at)
        )
    ).all()


async def answer_counts(session: AsyncSession, announcement_id: int) -> dict[RsvpAnswer, int]:
    rows = await session.execute(
        select(Rsvp.answer, func.count())
        .where(Rsvp.announcement_id == announcement_id)
        .group_by(Rsvp.answer)
    )
    return {RsvpAnswer(answer): count for answer, count in rows.all()}


async def confirmed_unit_ids(session: AsyncSession, announcement_id: int) -> set[int]:
    """Units with someone attending or sending a substitute."""
    rows = await session.scalars(
        select(Rsvp.unit_id).where(
            Rsvp.announcement_id == announcement_id,
            Rsvp.unit_id.is_not(None),
            Rsvp.answer.in_([RsvpAnswer.ATTEND, RsvpAnswer.SUBSTITUTE]),
        )
    )
    return {unit_id for unit_id in rows.all() if unit_id is not None}


async def answer_counts_by_unit(
    session: AsyncSession, announcement_id: int
) -> dict[tuple[RsvpAnswer, int | None], int]:
    """Answers counted per (answer, unit) in one statement: enough for a card's whole tally."""
    rows = await session.execute(
        select(Rsvp.answer, Rsvp.unit_id, func.count())
        .where(Rsvp.announcement_id == announcement_id)
        .group_by(Rsvp.answer, Rsvp.unit_id)
    )
    return {(RsvpAnswer(answer), unit_id): count for answer, unit_id, count in rows.all()}


async def delegate_counts_by_unit(session: AsyncSession, announcement_id: int) -> dict[int, int]:
    """Registered delegates (not removed) counted per unit, in one statement."""
    rows = await session.execute(
        select(Delegate.unit_id, func.count())
        .where(Delegate.announcement_id == announcement_id, Delegate.removed_at.is_(None))
        .group_by(Delegate.unit_id)
    )
    return {unit_id: count for unit_id, count in rows.all()}


async def answered_unit_ids(session: AsyncSession, announcement_id: int) -> set[int]:
    """Units that answered, or registered delegates (which answers for them too)."""
    rows = await session.scalars(
        select(Rsvp.unit_id).where(
            Rsvp.announcement_id == announcement_id, Rsvp.unit_id.is_not(None)
        )
    )
    registered = await delegate_counts_by_unit(session, announcement_id)
    return {unit_id for unit_id in rows.all() if unit_id is not None} | set(registered)


async def upcoming_meetings(session: AsyncSession, now: datetime) -> Sequence[Meeting]:
    return (
        await session.scalars(
            select(Meeting)
            .join(Announcement, Announcement.id == Meeting.announcement_id)
            .where(
                Meeting.starts_at > now,
                Announcement.status.in_(
                    [
                        AnnouncementStatus.SCHEDULED,
                        AnnouncementStatus.SENDING,
                        AnnouncementStatus.SENT,
                    ]
                ),
            )
            .order_by(Meeting.starts_at)
        )
    ).all()


async def rsvps_of_person(
    session: AsyncSession, person_id: int, announcement_ids: Iterable[int]
) -> dict[int, Rsvp]:
    """A person's own answers to the given meetings, by meeting."""
    ids = sorted(set(announcement_ids))
    if not ids:
        return {}
    rows = await session.scalars(
        select(Rsvp).where(Rsvp.person_id == person_id, Rsvp.announcement_id.in_(ids))
    )
    return {rsvp.announcement_id: rsvp for rsvp in rows.all()}


async def unit_deadlines_of(
    session: AsyncSession, announcement_ids: Iterable[int]
) -> dict[int, dict[int, datetime]]:
    """The units' own deadlines (`/giahan`) of several announcements in one statement:
    announcement id → unit id → deadline (announcements without any are absent)."""
    ids = set(announcement_ids)
    if not ids:
        return {}
    rows = await session.scalars(select(UnitDeadline).where(UnitDeadline.announcement_id.in_(ids)))
    found: dict[int, dict[int, datetime]] = {}
    for row in rows.all():
        found.setdefault(row.announcement_id, {})[row.unit_id] = row.deadline
    return found
