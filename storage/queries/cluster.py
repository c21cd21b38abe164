"""Queries and row changes. Nothing here commits: the handler that opened the session does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, lazyload

from storage.models import (
    Announcement,
    AnnouncementStatus,
    AuditLog,
    Chat,
    ChatKind,
    ChatState,
    Conversation,
    Feed,
    FeedItem,
    FeedState,
    Meeting,
    Outbox,
    OutboxAction,
    OutboxStatus,
    PaperCall,
    Person,
    Platform,
    Rsvp,
    RsvpAnswer,
    ScheduledSend,
    ScheduleKind,
    ScheduleStatus,
    Submission,
    Unit,
)

GROUP_KINDS = (ChatKind.GROUP, ChatKind.SUPERGROUP, ChatKind.CHANNEL)


# --- people and chats -------------------------------------------------------------------------


async def person_by_external(
    session: AsyncSession, platform: Platform, external_id: str
) -> Person | None:
    return await session.scalar(
        select(Person).where(Person.platform == platform, Person.external_id == external_id)
    )


async def upsert_person(
    session: AsyncSession,
    platform: Platform,
    external_id: str,
    name: str,
    username: str | None,
    now: datetime,
) -> Person:
    """The person with this platform id, created on first sight, name kept current."""
    person = await person_by_external(session, platform, external_id)
    if person is None:
        person = new_person(platform, external_id, name, username, now)
        session.add(person)
        await session.flush()
    else:
        keep_person_current(person, name, username, now)
    return person


def new_person(
    platform: Platform, external_id: str, name: str, username: str | None, now: datetime
) -> Person:
    """A person seen for the first time."""
    return Person(
        platform=platform,
        external_id=external_id,
        name=name[:300],
        username=username,
        language="vi",
        is_organiser=False,
        created_at=now,
        updated_at=now,
    )


def keep_person_current(person: Person, name: str, username: str | None, now: datetime) -> None:
    """The name and username as the platform shows them now."""
    if name and (person.name != name[:300] or person.username != username):
        person.name = name[:300]
        person.username = username
        person.updated_at = now


async def known_person_and_chat(
    session: AsyncSession, platform: Platform, person_id: str, chat_id: str
) -> tuple[Person, Chat] | None:
    """The person and the chat of a request in one statement, or None unless both are known:
    every request starts with them."""
    row = (
        await session.execute(
            select(Person, Chat)
            .join(Chat, and_(Chat.platform == platform, Chat.external_id == chat_id))
            .where(Person.platform == platform, Person.external_id == person_id)
        )
    ).first()
    return None if row is None else (row[0], row[1])


async def chat_by_external(
    session: AsyncSession, platform: Platform, external_id: str
) -> Chat | None:
    return await session.scalar(
        select(Chat).where(Chat.platform == platform, Chat.external_id == external_id)
    )


async def upsert_chat(
    session: AsyncSession,
    platform: Platform,
    external_id: str,
    kind: ChatKind,
    title: str,
    now: datetime,
) -> Chat:
    """The chat with this platform id, created as pending (groups) or active (private)."""
    chat = await chat_by_external(session, platform, external_id)
    if chat is None:
        chat = new_chat(platform, external_id, kind, title, now)
        session.add(chat)
        await session.flush()
    else:
        keep_chat_current(chat, title, now)
    return chat


def new_chat(
    platform: Platform, external_id: str, kind: ChatKind, title: str, now: datetime
) -> Chat:
    """A chat seen for the first time: pending (groups, until linked) or active (private)."""
    return Chat(
        platform=platform,
        external_id=external_id,
        kind=kind,
        title=title[:300],
        is_cluster=False,
        tags=[],
        state=ChatState.ACTIVE if kind == ChatKind.PRIVATE else ChatState.PENDING,
        created_at=now,
        updated_at=now,
    )


def keep_chat_current(chat: Chat, title: str, now: datetime) -> None:
    """The title as the platform shows it now."""
    if title and chat.title != title[:300]:
        chat.title = title[:300]
        chat.updated_at = now


async def group_chats(session: AsyncSession) -> Sequence[Chat]:
    return (
        await session.scalars(
            select(Chat).where(Chat.kind.in_(GROUP_KINDS)).order_by(Chat.state, Chat.title)
        )
    ).all()


async def organisers(
    session: AsyncSession, admin_ids: dict[Platform, set[str]]
) -> Sequence[Person]:
    """Everyone who is an organiser, by grant or by configuration."""
    configured = [
        and_(Person.platform == platform, Person.external_id.in_(ids))
        for platform, ids in admin_ids.items()
        if ids
    ]
    return (
        await session.scalars(select(Person).where(or_(Person.is_organiser, *configured)))
    ).all()


# --- units -----------------------------------------------------------------------------------


async def unit_by_code(
    session: AsyncSession, code: str, *, include_removed: bool = False
) -> Unit | None:
    query = select(Unit).where(Unit.code == code.upper())
    if not include_removed:
        query = query.where(Unit.removed_at.is_(None))
    return await session.scalar(query)


async def active_units(session: AsyncSession) -> Sequence[Unit]:
    return (
        await session.scalars(select(Unit).where(Unit.removed_at.is_(None)).order_by(Unit.code))
    ).all()


async def active_unit_ids(session: AsyncSession) -> set[int]:
    """The ids of the units not removed (no objects loaded: asked on every answer)."""
    return set((await session.scalars(select(Unit.id).where(Unit.removed_at.is_(None)))).all())


async def group_counts_by_unit(session: AsyncSession) -> dict[int, int]:
    rows = await session.execute(
        select(Chat.unit_id, func.count())
        .where(Chat.unit_id.is_not(None), Chat.state == ChatState.ACTIVE)
        .group_by(Chat.unit_id)
    )
    return {unit_id: count for unit_id, count in rows.all()}


# --- audiences -------------------------------------------------------------------------------


async def audience_chats(
    session: AsyncSession, everyone: bool, unit_codes: Iterable[str], tags: Iterable[str]
) -> list[Chat]:
    """Active linked groups in the audience: all of them, or by unit codes and tags."""
    query = (
        select(Chat)
        .outerjoin(Unit, Chat.unit_id == Unit.id)
        .where(
            Chat.state == ChatState.ACTIVE,
            Chat.kind.in_(GROUP_KINDS),
            or_(Chat.is_cluster, and_(Chat.unit_id.is_not(None), Unit.removed_at.is_(None))),
        )
        .order_by(Chat.id)
    )
    chats = list((await session.scalars(query)).unique().all())
    if everyone:
        return chats
    codes = {c.upper() for c in unit_codes}
    wanted = set(tags)
    return [
        chat
        for chat in chats
        if (chat.unit is not None and chat.unit.code in codes) or wanted.intersection(chat.tags)
    ]


async def audience_private_chats(
    session: AsyncSession, everyone: bool, unit_codes: Iterable[str]
) -> list[Chat]:
    """Active private chats of members of the audience's units."""
    query = (
        select(Chat)
        .join(Person, Person.private_chat_id == Chat.id)
        .join(Unit, Person.unit_id == Unit.id)
        .where(Chat.state == ChatState.ACTIVE, Unit.removed_at.is_(None))
        .order_by(Chat.id)
    )
    if not everyone:
        query = query.where(Unit.code.in_([c.upper() for c in unit_codes]))
    return list((await session.scalars(query)).unique().all())


async def unit_ids_by_private_chat(
    session: AsyncSession, chat_ids: Iterable[int]
) -> dict[int, int]:
    """Private chat → the unit of the person whose chat it is (people with a unit only)."""
    wanted = set(chat_ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(Person.private_chat_id, Person.unit_id).where(
            Person.private_chat_id.in_(wanted), Person.unit_id.is_not(None)
        )
    )
    return {chat_id: unit_id for chat_id, unit_id in rows.all() if chat_id and unit_id}


# --- announcements and schedules -------------------------------------------------------------


async def announcement(session: AsyncSession, announcement_id: int) -> Announcement | None:
    return await session.get(Announcement, announcement_id)


async def open_announcements(session: AsyncSession) -> Sequence[Announcement]:
    return (
        await session.scalars(
            select(Announcement)
            .where(
                Announcement.status.in_([AnnouncementStatus.SCHEDULED, AnnouncementStatus.SENDING])
            )
            .order_by(Announcement.send_at.nulls_first(), Announcement.id)
        )
    ).all()


async def open_drafts(session: AsyncSession, since: datetime) -> Sequence[Announcement]:
    """Previews not sent nor dropped, made after `since` (older ones have expired)."""
    return (
        await session.scalars(
            select(Announcement)
            .where(
                Announcement.status == AnnouncementStatus.DRAFT,
                Announcement.created_at > since,
            )
            .order_by(Announcement.id)
        )
    ).all()


async def recent_sent(session: AsyncSession, limit: int = 5) -> Sequence[Announcement]:
    return (
        await session.scalars(
            select(Announcement)
            .where(Announcement.status == AnnouncementStatus.SENT)
            .order_by(Announcement.id.desc())
            .limit(limit)
        )
    ).all()


async def pending_schedules(session: AsyncSession) -> Sequence[ScheduledSend]:
    return (
        await session.scalars(
            select(ScheduledSend).where(ScheduledSend.status == ScheduleStatus.PENDING)
        )
    ).all()


async def claim_schedule(session: AsyncSession, schedule_id: int, now: datetime) -> bool:
    """Mark a pending schedule done; False if another fire got there first."""
    result = await session.execute(
        update(ScheduledSend)
        .where(ScheduledSend.id == schedule_id, ScheduledSend.status == ScheduleStatus.PENDING)
        .values(status=ScheduleStatus.DONE, fired_at=now)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def cancel_schedules(
    session: AsyncSession, announcement_id: int, kind: ScheduleKind | None = None
) -> list[int]:
    """Cancel an announcement's pending timers (of one kind, or all); returns their ids."""
    query = select(ScheduledSend.id).where(
        ScheduledSend.announcement_id == announcement_id,
        ScheduledSend.status == ScheduleStatus.PENDING,
    )
    if kind is not None:
        query = query.where(ScheduledSend.kind == kind)
    ids = list((await session.scalars(query)).all())
    if ids:
        await session.execute(
            update(ScheduledSend)
            .where(ScheduledSend.id.in_(ids))
            .values(status=ScheduleStatus.CANCELLED)
        )
    return ids


def audit(
    session: AsyncSession,
    now: datetime,
    person_id: int | None,
    action: str,
    target: str = "",
    **details: Any,
) -> None:
    session.add(
        AuditLog(at=now, person_id=person_id, action=action, target=target[:200], details=details)
    )


# --- outbox ----------------------------------------------------------------------------------


ENQUEUE_CHUNK = 500  # rows to a multi-row INSERT


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    payload: dict[str, Any],
    purpose: str,
    dedupe_key: str,
    now: datetime,
    action: OutboxAction = OutboxAction.SEND,
    announcement_id: int | None = None,
    target_id: int | None = None,
    not_before: datetime | None = None,
    priority: int | None = None,
) -> int | None:
    """Write one outgoing message; the same `dedupe_key` twice writes one row.

    Returns the new row's id, or None when the key was already there.
    """
    values = outbox_values(
        chat_id=chat_id,
        payload=payload,
        purpose=purpose,
        dedupe_key=dedupe_key,
        now=now,
        action=action,
        announcement_id=announcement_id,
        target_id=target_id,
        not_before=not_before,
        priority=priority,
    )
    statement = (
        _insert(session)(Outbox)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(Outbox.id)
    )
    return await session.scalar(statement)


def outbox_values(
    *,
    chat_id: int,
    payload: dict[str, Any],
    purpose: str,
    dedupe_key: str,
    now: datetime,
    action: OutboxAction = OutboxAction.SEND,
    announcement_id: int | None = None,
    target_id: int | None = None,
    not_before: datetime | None = None,
    priority: int | None = None,
) -> dict[str, Any]:
    """An outbox row as `enqueue` writes it, for `insert_outbox`."""
    return {
        "chat_id": chat_id,
        "action": action.value,
        "payload": payload,
        "purpose": purpose,
        "announcement_id": announcement_id,
        "target_id": target_id,
        "status": OutboxStatus.PENDING.value,
        "priority": 1 if priority is None else priority,
        "attempts": 0,
        "not_before": (not_before or now),
        "dedupe_key": dedupe_key,
        "created_at": now,
    }


async def insert_outbox(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Write `outbox_values` rows, `ENQUEUE_CHUNK` to a statement; a `dedupe_key` already there
    writes nothing."""
    for start in range(0, len(rows), ENQUEUE_CHUNK):
        await session.execute(
            _insert(session)(Outbox)
            .values(rows[start : start + ENQUEUE_CHUNK])
            .on_conflict_do_nothing(index_elements=["dedupe_key"])
        )


def _insert(session: AsyncSession):  # type: ignore[no-untyped-def]
    """The dialect's INSERT, which knows ON CONFLICT DO NOTHING."""
    return pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert


async def enqueue_many(
    session: AsyncSession,
    rows: list[dict[str, Any]],
    *,
    purpose: str,
    now: datetime,
    announcement_id: int | None = None,
) -> None:
    """Write many messages to send in a few statements (a broadcast to a thousand groups).

    Each row gives `chat_id`, `payload` and `dedupe_key`; duplicates of a key write nothing.
    """
    await insert_outbox(
        session,
        [
            outbox_values(
                chat_id=row["chat_id"],
                payload=row["payload"],
                purpose=purpose,
                dedupe_key=row["dedupe_key"],
                now=now,
                announcement_id=announcement_id,
            )
            for row in rows
        ],
    )


async def cancel_pending_outbox(session: AsyncSession, announcement_id: int) -> int:
    result = await session.execute(
        update(Outbox)
        .where(Outbox.announcement_id == announcement_id, Outbox.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def outbox_counts(
    session: AsyncSession, announcement_id: int, purpose: str
) -> dict[OutboxStatus, int]:
    rows = await session.execute(
        select(Outbox.status, func.count())
        .where(Outbox.announcement_id == announcement_id, Outbox.purpose == purpose)
        .group_by(Outbox.status)
    )
    return {OutboxStatus(status): count for status, count in rows.all()}


async def failed_chat_titles(
    session: AsyncSession, announcement_id: int, purpose: str
) -> list[str]:
    rows = await session.scalars(
        select(Chat.title)
        .join(Outbox, Outbox.chat_id == Chat.id)
        .where(
            Outbox.announcement_id == announcement_id,
            Outbox.purpose == purpose,
            Outbox.status == OutboxStatus.FAILED,
        )
        .order_by(Chat.title)
    )
    return list(rows.all())


async def claim_due_outbox(
    session: AsyncSession, now: datetime, limit: int, lease: timedelta
) -> list[Outbox]:
    """Take up to `limit` due rows for this worker, leased until `now + lease`.

    On PostgreSQL rows are locked with SKIP LOCKED so several workers share the work.
    """
    query = (
        select(Outbox)
        .where(Outbox.status == OutboxStatus.PENDING, Outbox.not_before <= now)
        .order_by(Outbox.priority, Outbox.not_before, Outbox.id)
        .limit(limit)
    )
    if session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Outbox)
    rows = list((await session.scalars(query)).unique().all())
    if rows:
        await session.execute(
            update(Outbox)
            .where(Outbox.id.in_([r.id for r in rows]))
            .values(status=OutboxStatus.SENDING, lease_until=now + lease)
        )
        for row in rows:
            row.status = OutboxStatus.SENDING
    return rows


async def release_expired_leases(session: AsyncSession, now: datetime) -> int:
    """Rows left `sending` by a worker that died go back to `pending` (at-least-once)."""
    result = await session.execute(
        update(Outbox)
        .where(Outbox.status == OutboxStatus.SENDING, Outbox.lease_until < now)
        .values(status=OutboxStatus.PENDING, lease_until=None)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


async def extend_leases(session: AsyncSession, row_ids: list[int], until: datetime) -> None:
    """A live worker keeps its rows: their leases move on while it is still sending them."""
    await session.execute(
        update(Outbox)
        .where(Outbox.id.in_(row_ids), Outbox.status == OutboxStatus.SENDING)
        .values(lease_until=until)
    )


async def next_due_time(session: AsyncSession) -> datetime | None:
    return await session.scalar(
        select(func.min(Outbox.not_before)).where(Outbox.status == OutboxStatus.PENDING)
    )


async def outbox_row(session: AsyncSession, row_id: int) -> Outbox | None:
    return await session.get(Outbox, row_id)


async def pending_edit_for(session: AsyncSession, target_id: int) -> Outbox | None:
    return await session.scalar(
        select(Outbox).where(
            Outbox.target_id == target_id,
            Outbox.action == OutboxAction.EDIT,
            Outbox.status == OutboxStatus.PENDING,
        )
    )


async def pending_edit_ids(session: AsyncSession, target_ids: Sequence[int]) -> dict[int, int]:
    """`pending_edit_for` for many messages in one statement: the id of each one's pending
    edit, by the id of the message it edits (ids only: nothing is loaded as objects).

    On PostgreSQL the edits are locked until commit, so the delivery worker cannot take one
    while it is being rewritten (it skips locked rows); SQLite has one writer at a time."""
    if not target_ids:
        return {}
    rows = await session.execute(
        select(Outbox.target_id, Outbox.id)
        .where(
            Outbox.target_id.in_(target_ids),
            Outbox.action == OutboxAction.EDIT,
            Outbox.status == OutboxStatus.PENDING,
        )
        .order_by(Outbox.id.desc())
        .with_for_update()  # PostgreSQL: kept pending until commit (the worker skips them)
    )
    return {target: row_id for target, row_id in rows.all() if target is not None}


async def set_payloads(
    session: AsyncSession, row_ids: Sequence[int], payload: dict[str, Any]
) -> None:
    """Give these outbox rows one new payload, in one statement."""
    if row_ids:
        await session.execute(update(Outbox).where(Outbox.id.in_(row_ids)).values(payload=payload))


async def cancel_rows(session: AsyncSession, row_ids: Sequence[int]) -> None:
    """Cancel these outbox rows (messages not sent yet), in one statement."""
    if row_ids:
        await session.execute(
            update(Outbox).where(Outbox.id.in_(row_ids)).values(status=OutboxStatus.CANCELLED)
        )


# --- meetings and answers --------------------------------------------------------------------


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


async def open_paper_call_ids(session: AsyncSession, now: datetime) -> list[int]:
    """Paper calls sent (or being sent) whose deadline is ahead: the ones whose cards count
    papers as they arrive."""
    rows = await session.scalars(
        select(PaperCall.announcement_id)
        .join(Announcement, Announcement.id == PaperCall.announcement_id)
        .where(
            PaperCall.deadline > now,
            Announcement.status.in_((AnnouncementStatus.SENDING, AnnouncementStatus.SENT)),
        )
        .order_by(PaperCall.announcement_id)
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


async def answered_unit_ids(session: AsyncSession, announcement_id: int) -> set[int]:
    rows = await session.scalars(
        select(Rsvp.unit_id).where(
            Rsvp.announcement_id == announcement_id, Rsvp.unit_id.is_not(None)
        )
    )
    return {unit_id for unit_id in rows.all() if unit_id is not None}


async def sent_rows(session: AsyncSession, announcement_id: int) -> Sequence[Outbox]:
    """The messages of an announcement that went out (cards among them)."""
    return (
        await session.scalars(
            select(Outbox).where(
                Outbox.announcement_id == announcement_id,
                Outbox.purpose == "announcement",
                Outbox.action == OutboxAction.SEND,
            )
        )
    ).all()


async def sent_parts(session: AsyncSession, announcement_id: int) -> Sequence[Row[Any]]:
    """`sent_rows` as plain rows (`id`, `chat_id`, `status`, `payload`), not objects: cheaper
    when every card of a meeting is looked at on each answer. Locked until commit on
    PostgreSQL, so what a card shows cannot change while it is compared with a new tally."""
    return (
        await session.execute(
            select(Outbox.id, Outbox.chat_id, Outbox.status, Outbox.payload)
            .where(
                Outbox.announcement_id == announcement_id,
                Outbox.purpose == "announcement",
                Outbox.action == OutboxAction.SEND,
            )
            .order_by(Outbox.id)
            .with_for_update()
        )
    ).all()


async def lock_announcement(session: AsyncSession, announcement_id: int) -> None:
    """Hold the announcement's row until commit (PostgreSQL), so that answers arriving together
    update its cards one after the other, each counting the answers committed before it: two at
    once would each count without the other and leave a stale tally, or deadlock on the cards'
    edits. SQLite needs nothing: its one writer at a time already holds the database."""
    if session.bind.dialect.name == "postgresql":
        await session.execute(
            select(Announcement.id)
            .where(Announcement.id == announcement_id)
            # FOR NO KEY UPDATE: the answer written just before took a key-share lock on this
            # row (its foreign key); FOR UPDATE would wait on every other answer's and deadlock
            .with_for_update(key_share=True)
        )


async def received_announcement(session: AsyncSession, announcement_id: int, chat_id: int) -> bool:
    """Whether this chat was among an announcement's targets."""
    found = await session.scalar(
        select(Outbox.id)
        .where(
            Outbox.announcement_id == announcement_id,
            Outbox.chat_id == chat_id,
            Outbox.purpose == "announcement",
        )
        .limit(1)
    )
    return found is not None


async def last_edit_time(session: AsyncSession, target_id: int) -> datetime | None:
    return await session.scalar(
        select(func.max(Outbox.not_before)).where(
            Outbox.target_id == target_id, Outbox.action == OutboxAction.EDIT
        )
    )


async def last_edit_times(session: AsyncSession, target_ids: Sequence[int]) -> dict[int, datetime]:
    """`last_edit_time` for many messages in one statement (those never edited are left out)."""
    if not target_ids:
        return {}
    rows = await session.execute(
        select(Outbox.target_id, func.max(Outbox.not_before))
        .where(Outbox.target_id.in_(target_ids), Outbox.action == OutboxAction.EDIT)
        .group_by(Outbox.target_id)
    )
    return {target: last for target, last in rows.all() if target is not None and last}


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


async def conversation_of(session: AsyncSession, person_id: int) -> Conversation | None:
    return await session.scalar(select(Conversation).where(Conversation.person_id == person_id))


async def sent_message_id(session: AsyncSession, dedupe_key: str) -> str | None:
    """The platform's id of the message written with `dedupe_key`, once it went out."""
    return await session.scalar(
        select(Outbox.platform_message_id).where(Outbox.dedupe_key == dedupe_key)
    )


async def cancel_pending_message(session: AsyncSession, dedupe_key: str) -> None:
    """Drop the message written with `dedupe_key` if it has not gone out yet."""
    await session.execute(
        update(Outbox)
        .where(Outbox.dedupe_key == dedupe_key, Outbox.status == OutboxStatus.PENDING)
        .values(status=OutboxStatus.CANCELLED)
    )


# --- meeting changes -------------------------------------------------------------------------


async def announcement_chat_ids(session: AsyncSession, announcement_id: int) -> list[int]:
    """The active chats an announcement reached (or is reaching): they hear of its changes."""
    rows = await session.scalars(
        select(Outbox.chat_id)
        .join(Chat, Chat.id == Outbox.chat_id)
        .where(
            Outbox.announcement_id == announcement_id,
            Outbox.purpose == "announcement",
            Outbox.action == OutboxAction.SEND,
            Outbox.status.in_([OutboxStatus.SENT, OutboxStatus.SENDING]),
            Chat.state == ChatState.ACTIVE,
        )
        .distinct()
        .order_by(Outbox.chat_id)
    )
    return list(rows.all())


async def cancel_pending_outbox_except_card_edits(
    session: AsyncSession, announcement_id: int
) -> int:
    """Drop what an announcement still has waiting, except the edits that will show its cards
    as cancelled."""
    result = await session.execute(
        update(Outbox)
        .where(
            Outbox.announcement_id == announcement_id,
            Outbox.status == OutboxStatus.PENDING,
            or_(Outbox.action != OutboxAction.EDIT, Outbox.purpose != "card"),
        )
        .values(status=OutboxStatus.CANCELLED)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


# --- status tables, exports and upcoming meetings --------------------------------------------


async def units_by_ids(session: AsyncSession, unit_ids: Iterable[int]) -> dict[int, Unit]:
    """Units by id, removed ones included: an answer given before a removal still shows."""
    ids = sorted(set(unit_ids))
    if not ids:
        return {}
    rows = await session.scalars(select(Unit).where(Unit.id.in_(ids)))
    return {unit.id: unit for unit in rows.all()}


async def people_by_ids(session: AsyncSession, person_ids: Iterable[int]) -> dict[int, Person]:
    """People by id (e.g. the organisers who set answers on someone's behalf)."""
    ids = sorted(set(person_ids))
    if not ids:
        return {}
    rows = await session.scalars(select(Person).where(Person.id.in_(ids)))
    return {person.id: person for person in rows.all()}


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


# --- paper calls and submissions -------------------------------------------------------------


async def paper_call(session: AsyncSession, announcement_id: int) -> PaperCall | None:
    return await session.get(PaperCall, announcement_id)


async def current_submission_counts(session: AsyncSession, announcement_id: int) -> dict[int, int]:
    """Current papers per unit."""
    rows = await session.execute(
        select(Submission.unit_id, func.count())
        .where(Submission.announcement_id == announcement_id, Submission.current.is_(True))
        .group_by(Submission.unit_id)
    )
    return {unit_id: count for unit_id, count in rows.all()}


async def current_submissions(
    session: AsyncSession, announcement_id: int, unit_id: int | None = None
) -> Sequence[Submission]:
    query = select(Submission).where(
        Submission.announcement_id == announcement_id, Submission.current.is_(True)
    )
    if unit_id is not None:
        query = query.where(Submission.unit_id == unit_id)
    return (await session.scalars(query.order_by(Submission.submitted_at, Submission.id))).all()


async def announcement_of_message(
    session: AsyncSession, chat_id: int, platform_message_id: str
) -> int | None:
    """Which announcement a message the bot sent in this chat belongs to (for replies)."""
    return await session.scalar(
        select(Outbox.announcement_id)
        .where(
            Outbox.chat_id == chat_id,
            Outbox.platform_message_id == platform_message_id,
            Outbox.announcement_id.is_not(None),
        )
        .limit(1)
    )


async def person_with_private_chat(session: AsyncSession, chat_id: int) -> Person | None:
    return await session.scalar(select(Person).where(Person.private_chat_id == chat_id))


# --- watched feeds ---------------------------------------------------------------------------


async def watched_feeds(session: AsyncSession) -> Sequence[Feed]:
    """The feeds not removed (active or paused), in the order they were added."""
    return (
        await session.scalars(select(Feed).where(Feed.state != FeedState.REMOVED).order_by(Feed.id))
    ).all()


async def watched_feed(session: AsyncSession, feed_id: int) -> Feed | None:
    """The feed with this number, unless it was removed."""
    return await session.scalar(
        select(Feed).where(Feed.id == feed_id, Feed.state != FeedState.REMOVED)
    )


async def watched_feed_by_url(session: AsyncSession, url: str) -> Feed | None:
    return await session.scalar(
        select(Feed).where(Feed.url == url, Feed.state != FeedState.REMOVED).limit(1)
    )


async def active_feed_checks(session: AsyncSession) -> list[tuple[int, int, datetime | None]]:
    """(id, interval in minutes, last check) of every active feed: which are due is decided
    by the caller, on the clock it was given."""
    rows = await session.execute(
        select(Feed.id, Feed.interval_minutes, Feed.last_checked_at)
        .where(Feed.state == FeedState.ACTIVE)
        .order_by(Feed.id)
    )
    return [(feed_id, minutes, last) for feed_id, minutes, last in rows.all()]


async def claim_feed_check(
    session: AsyncSession, feed_id: int, previous: datetime | None, now: datetime
) -> bool:
    """Record that a check of an active feed starts now, unless another check started since
    `previous` (another instance, an overlapping sweep): then False, and nothing changes."""
    seen = Feed.last_checked_at.is_(None) if previous is None else Feed.last_checked_at == previous
    result = await session.execute(
        update(Feed)
        .where(Feed.id == feed_id, Feed.state == FeedState.ACTIVE, seen)
        .values(last_checked_at=now)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


async def add_feed_items(
    session: AsyncSession, feed_id: int, items: Sequence[dict[str, str]], now: datetime
) -> set[str]:
    """Remember items of a feed (`key`, `link`, `title`) as seen; returns the keys that were
    new. Keys already there are left alone, so two checks at once add (and post) each once."""
    inserted: set[str] = set()
    for start in range(0, len(items), ENQUEUE_CHUNK):
        chunk = items[start : start + ENQUEUE_CHUNK]
        statement = (
            _insert(session)(FeedItem)
            .values(
                [
                    {
                        "feed_id": feed_id,
                        "key": item["key"],
                        "link": item["link"],
                        "title": item["title"],
                        "seen_at": now,
                    }
                    for item in chunk
                ]
            )
            .on_conflict_do_nothing(index_elements=["feed_id", "key"])
            .returning(FeedItem.key)
        )
        inserted.update((await session.scalars(statement)).all())
    return inserted


async def set_feed_item_post(
    session: AsyncSession, feed_id: int, key: str, announcement_id: int
) -> None:
    """Note which announcement posted an item."""
    await session.execute(
        update(FeedItem)
        .where(FeedItem.feed_id == feed_id, FeedItem.key == key)
        .values(announcement_id=announcement_id)
    )
