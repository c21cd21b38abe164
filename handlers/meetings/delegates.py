"""Registered delegates (PRODUCT §14): who may register names for which unit, the phone rule,
the quota, the deadline, and `/daibieu` (register, list, remove).

Names come two ways — `/daibieu 12 | …; …` and the private dialogue behind
[📝 Đăng ký đại biểu] (`delegate_dialogue`) — and both go through `target_for`, `check_room` and
`add` here, so the checks and the cards' refresh are the same whichever way they came. A list
press [🗑 Xoá N] is `db:x.<N>.<delegate id>.<unit code>:<meeting>` (the number and the code
make its typed form `DAIBIEU 12 HP xoa N`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Button, Reply, Request
from handlers.deadlines import Window, deadline_of, meeting_window
from handlers.forms import FormError, fold, parse_announcement_code, parse_unit_code
from handlers.meetings.delegation import DelegateEntry, delegation, quota_for
from handlers.meetings.invitation import answers_changed
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.tables import short_time
from handlers.texts import Safe
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Delegate,
    Meeting,
    Unit,
)

MAX_FIELD = 300
MAX_ENTRIES = 50  # names in one `/daibieu`
MAX_BUTTONS = 96  # [🗑 Xoá N] under one list
REMOVE_WORDS = frozenset({"xoa", "remove", "delete"})
SEPARATORS = re.compile(r"[;\n]")
PHONE_NOISE = re.compile(r"[\s.\-()]")
NATIONAL = re.compile(r"0\d{9,10}")
INTERNATIONAL = re.compile(r"\+84([1-9]\d{8,9})")
LOOKS_LIKE_PHONE = re.compile(r"^[\d\s.\-()+]+$")
SOURCES = {"answer": "✅", "substitute": "👤", "registered": "📝"}


@dataclass(frozen=True)
class NewDelegate:
    """A name to register: họ tên, chức vụ, điện thoại (normalised, may be empty)."""

    name: str
    position: str
    phone: str


@dataclass(frozen=True)
class Target:
    """Where names go: a meeting taking registrations, the unit, and whether they are late."""

    ann: Announcement
    meeting: Meeting
    unit: Unit
    late: bool


# --- the rules ---------------------------------------------------------------------------------


def read_phone(value: str) -> str:
    """A Vietnamese number — 0 and 9–10 digits, or +84… (spaces, dots, dashes allowed) —
    stored as 0 and its digits; anything else is explained with an example."""
    compact = PHONE_NOISE.sub("", value)
    if NATIONAL.fullmatch(compact):
        return compact
    found = INTERNATIONAL.fullmatch(compact)
    if found:
        return "0" + found.group(1)
    raise FormError("delegates.bad_phone", value=value.strip()[:40])


def read_name(value: str, key: str = "delegates.bad_name") -> str:
    """A name or a position: one line, something written, within MAX_FIELD characters."""
    cleaned = " ".join(value.split())
    if not cleaned or not any(ch.isalpha() for ch in cleaned) or len(cleaned) > MAX_FIELD:
        raise FormError(key, limit=MAX_FIELD)
    return cleaned


def read_entry(ctx: Ctx, number: int, chunk: str) -> NewDelegate:
    """`Nguyễn Văn A, Phó Hiệu trưởng, 0912345678`: the phone last (optional), the position
    between (it may hold commas when a phone follows)."""
    parts = [part.strip() for part in chunk.split(",")]
    phone = ""
    if len(parts) >= 3 or (len(parts) == 2 and LOOKS_LIKE_PHONE.match(parts[1])):
        phone_text = parts.pop()
        try:
            phone = read_phone(phone_text)
        except FormError as err:
            raise _bad_entry(ctx, number, chunk, err) from None
    try:
        name = read_name(parts[0])
        position = read_name(", ".join(parts[1:]), "delegates.bad_position") if parts[1:] else ""
    except FormError as err:
        raise _bad_entry(ctx, number, chunk, err) from None
    return NewDelegate(name, position, phone)


def _bad_entry(ctx: Ctx, number: int, chunk: str, err: FormError) -> FormError:
    problem = Safe(ctx.t(err.key, **err.values))
    return FormError("delegates.bad_entry", number=number, entry=chunk[:80], problem=problem)


def read_entries(ctx: Ctx, typed: str) -> list[NewDelegate]:
    """The names of a `/daibieu`, separated by `;` or line breaks; one bad entry: none."""
    chunks = [chunk.strip() for chunk in SEPARATORS.split(typed) if chunk.strip()]
    if not chunks:
        raise FormError("delegates.no_entries")
    if len(chunks) > MAX_ENTRIES:
        raise FormError("delegates.too_many", count=len(chunks), limit=MAX_ENTRIES)
    return [read_entry(ctx, number, chunk) for number, chunk in enumerate(chunks, start=1)]


async def open_meeting(
    ctx: Ctx, ann_id: int, *, changing: bool = True
) -> tuple[Announcement, Meeting]:
    """The meeting #id while it takes registrations: sent, not cancelled, not started (a list
    that is only looked at, `changing=False`, may be of a meeting that has started)."""
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None or ann.status == AnnouncementStatus.DRAFT:
        raise FormError("error.no_announcement", id=ann_id)
    meeting = await queries.meeting(ctx.session, ann.id)
    if ann.kind != AnnouncementKind.MEETING or meeting is None:
        raise FormError("delegates.not_meeting", id=ann.id)
    if ann.status == AnnouncementStatus.CANCELLED:
        raise FormError("delegates.cancelled", id=ann.id)
    if ann.status == AnnouncementStatus.SCHEDULED:
        raise FormError("delegates.not_sent", id=ann.id)
    if changing and ctx.now >= meeting.starts_at:
        raise FormError("delegates.started", id=ann.id)
    return ann, meeting


def own_unit(ctx: Ctx) -> Unit | None:
    """The unit a person acts for here, as for answers: the group's, else their own."""
    unit = ctx.chat.unit if ctx.chat.unit is not None else ctx.person.unit
    return unit if unit is not None and unit.removed_at is None else None


def own_unit_here(ctx: Ctx) -> Unit | None:
    """The unit of the group the person acts in (None in private chat or a cluster group)."""
    unit = ctx.chat.unit
    return unit if unit is not None and unit.removed_at is None else None


async def unit_for(ctx: Ctx, ann: Announcement, code: str | None) -> Unit:
    """The unit names are registered for: the one named (an organiser any, a member only
    their own) or, unnamed, the person's own; it must be invited."""
    mine = own_unit(ctx)
    if code:
        wanted = parse_unit_code(code)
        unit = await queries.unit_by_code(ctx.session, wanted)
        if not ctx.is_organiser and (mine is None or unit is None or unit.id != mine.id):
            raise FormError("delegates.not_member", code=wanted)
        if unit is None or unit.removed_at is not None:
            known = ", ".join(u.code for u in await queries.active_units(ctx.session))
            raise FormError("error.unknown_unit", code=wanted, known=known or "—")
    elif mine is not None:
        unit = mine
        if ctx.person.unit_id is None and not ctx.is_organiser:
            ctx.person.unit_id = unit.id  # the group's, remembered as answers do
    elif ctx.is_organiser:
        raise FormError("delegates.organiser_needs_unit", id=ann.id)
    else:
        raise FormError("delegates.no_unit", id=ann.id)
    if unit.id not in await announcement_unit_ids(ctx.session, ann):
        raise FormError("delegates.not_invited", code=unit.code, id=ann.id)
    return unit


async def target_for(ctx: Ctx, ann_id: int, code: str | None) -> Target:
    """Everything checked before names are added or removed: the meeting, the unit, and its
    deadline (closed: refused with the time; passed: accepted, marked late)."""
    ann, meeting = await open_meeting(ctx, ann_id)
    unit = await unit_for(ctx, ann, code)
    window = await meeting_window(ctx.session, meeting, unit.id, ctx.now)
    if window == Window.CLOSED:
        deadline = await deadline_of(ctx.session, ann.id, unit.id, meeting.rsvp_deadline)
        shown = timeparse.format_when(deadline, ctx.env.tz, ctx.lang) if deadline else ""
        raise FormError("delegates.closed", time=shown, id=ann.id)
    return Target(ann, meeting, unit, window == Window.LATE)


async def entries_of(ctx: Ctx, target: Target) -> list[DelegateEntry]:
    return (await delegation(ctx.session, target.ann.id)).get(target.unit.id, [])


async def check_room(ctx: Ctx, target: Target, adding: int) -> list[DelegateEntry]:
    """The unit's delegation so far, if `adding` more fit its quota; else the count, refused."""
    entries = await entries_of(ctx, target)
    quota = quota_for(target.meeting, target.unit.id)
    if quota is not None and len(entries) + adding > quota:
        code = target.unit.code
        if len(entries) >= quota:
            raise FormError("delegates.full", code=code, count=len(entries), quota=quota)
        raise FormError("delegates.over", code=code, count=len(entries), quota=quota, adding=adding)
    return entries


async def add(ctx: Ctx, target: Target, people: list[NewDelegate]) -> list[Delegate]:
    """Register `people` for the unit, all or none: the quota is counted under the meeting's
    lock (two registrations at once cannot both take the last place) and the cards follow."""
    await queries.lock_announcement(ctx.session, target.ann.id)
    entries = await check_room(ctx, target, len(people))
    known = {fold(entry.name) for entry in entries}
    for person in people:
        if fold(person.name) in known:
            raise FormError("delegates.duplicate", name=person.name, code=target.unit.code)
        known.add(fold(person.name))
    rows = [
        Delegate(
            announcement_id=target.ann.id,
            unit_id=target.unit.id,
            name=person.name,
            position=person.position,
            phone=person.phone,
            registered_by_id=ctx.person.id,
            registered_at=ctx.now,
            late=target.late,
        )
        for person in people
    ]
    ctx.session.add_all(rows)
    await ctx.session.flush()
    queries.audit(
        ctx.session,
        ctx.now,
        ctx.person.id,
        "delegates.add",
        f"#{target.ann.id}",
        unit=target.unit.code,
        count=len(rows),
    )
    await answers_changed(ctx, target.ann)
    return rows


async def remove(ctx: Ctx, target: Target, number: int) -> DelegateEntry:
    """Remove the `number`-th of the unit's delegation; only registered names go this way."""
    entries = await entries_of(ctx, target)
    if not 1 <= number <= len(entries):
        raise FormError(
            "delegates.no_such", number=number, code=target.unit.code, count=len(entries)
        )
    entry = entries[number - 1]
    if entry.source != "registered":
        raise FormError("delegates.not_removable", number=number, name=entry.name, id=target.ann.id)
    row = await ctx.session.get(Delegate, int(entry.key[1:]))
    assert row is not None
    row.removed_at = ctx.now
    queries.audit(
        ctx.session,
        ctx.now,
        ctx.person.id,
        "delegates.remove",
        f"#{target.ann.id}",
        unit=target.unit.code,
        name=entry.name,
    )
    await answers_changed(ctx, target.ann)
    return entry


# --- /daibieu ----------------------------------------------------------------------------------


def _head(ctx: Ctx, head: str) -> tuple[int, str | None, int | None]:
    """`12`, `12 HP`, `12 xoa 2`, `12 HP xoa 2` → (meeting, unit code, number to remove)."""
    words = head.split()
    if not words:
        raise FormError("delegates.usage")
    ann_id = parse_announcement_code(words[0])
    rest = words[1:]
    number = None
    if len(rest) >= 2 and fold(rest[-2]) in REMOVE_WORDS:
        if not rest[-1].isdigit() or len(rest[-1]) > 4:
            raise FormError("delegates.bad_number", value=rest[-1][:20], id=ann_id)
        number = int(rest[-1])
        rest = rest[:-2]
    if len(rest) > 1:
        raise FormError("delegates.usage")
    return ann_id, (rest[0] if rest else None), number


async def command(ctx: Ctx, req: Request) -> Reply:
    """`/daibieu 12 [HP] | họ tên, chức vụ, điện thoại; …` registers; `/daibieu 12 [HP]`
    lists; `/daibieu 12 [HP] xoa 2` removes the 2nd."""
    head, bar, body = req.args.partition("|")
    ann_id, code, number = _head(ctx, head)
    if bar and number is not None:
        raise FormError("delegates.usage")
    if bar:
        people = read_entries(ctx, body)
        target = await target_for(ctx, ann_id, code)
        await add(ctx, target, people)
        done = ctx.t("delegates.added", count=len(people), code=target.unit.code, id=ann_id)
        return await list_reply(ctx, target, done)
    if number is not None:
        target = await target_for(ctx, ann_id, code)
        entry = await remove(ctx, target, number)
        done = ctx.t("delegates.removed", number=number, name=entry.name, code=target.unit.code)
        return await list_reply(ctx, target, done)
    ann, meeting = await open_meeting(ctx, ann_id, changing=False)
    unit = await unit_for(ctx, ann, code)
    return await list_reply(ctx, Target(ann, meeting, unit, False))


def count_text(ctx: Ctx, meeting: Meeting, unit: Unit, count: int) -> str:
    """`HP: 2/3` with a quota, `HP: 2` without."""
    quota = quota_for(meeting, unit.id)
    if quota is None:
        return ctx.t("delegates.count_free", code=unit.code, count=count)
    return ctx.t("delegates.count", code=unit.code, count=count, quota=quota)


def entry_line(ctx: Ctx, number: int, entry: DelegateEntry) -> str:
    """`1. 📝 Trần Thị B — Trưởng phòng Đào tạo — 0912345678 · 10:15 12/06 (trễ)`."""
    details = "".join(
        ctx.t("delegates.detail", value=value) for value in (entry.position, entry.phone) if value
    )
    late = ctx.t("delegates.late") if entry.late else ""
    return ctx.t(
        "delegates.line",
        number=number,
        mark=SOURCES[entry.source],
        name=entry.name or ctx.t("delegates.no_name"),
        details=Safe(details),
        at=short_time(entry.at, ctx.env.tz),
        late=Safe(late),
    )


async def list_reply(ctx: Ctx, target: Target, done: str = "") -> Reply:
    """The unit's delegation, numbered, with [🗑 Xoá N] under the registered names."""
    entries = await entries_of(ctx, target)
    unit, ann = target.unit, target.ann
    lines = [done] if done else []
    lines.append(
        ctx.t(
            "delegates.list_header",
            id=ann.id,
            title=target.meeting.title,
            name=unit.name,
            count=Safe(count_text(ctx, target.meeting, unit, len(entries))),
        )
    )
    lines += [entry_line(ctx, n, e) for n, e in enumerate(entries, start=1)]
    if not entries:
        lines.append(ctx.t("delegates.list_empty"))
    code = unit.code if ctx.is_organiser else ""
    lines.append(ctx.t("delegates.list_hint", id=ann.id, code=f" {code}" if code else ""))
    buttons = [
        Button(ctx.t("delegates.btn_remove", number=n), action=remove_action(ann.id, n, e, unit))
        for n, e in enumerate(entries, start=1)
        if e.source == "registered"
    ][:MAX_BUTTONS]
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    return Reply("\n".join(lines), buttons=rows)


def remove_action(ann_id: int, number: int, entry: DelegateEntry, unit: Unit) -> str:
    return f"db:x.{number}.{entry.key[1:]}.{unit.code}:{ann_id}"


async def remove_button(ctx: Ctx, ann_id: int, rest: str) -> Reply:
    """[🗑 Xoá N]: that registered name removed if it is still there, the list redrawn."""
    parts = rest.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit() or len(parts[1]) > 9:
        return Reply(toast=ctx.t("error.stale_button"))
    row = await ctx.session.get(Delegate, int(parts[1]))
    if row is None or row.announcement_id != ann_id or row.removed_at is not None:
        return Reply(toast=ctx.t("error.stale_button"))
    if row.unit.code != parts[2]:
        return Reply(toast=ctx.t("error.stale_button"))
    try:
        target = await target_for(ctx, ann_id, row.unit.code)
    except FormError as err:
        return Reply(toast=ctx.t(err.key, **err.values), alert=True)
    entries = await entries_of(ctx, target)
    number = next((n for n, e in enumerate(entries, 1) if e.key == f"d{row.id}"), 0)
    entry = await remove(ctx, target, number)
    done = ctx.t("delegates.removed", number=number, name=entry.name, code=target.unit.code)
    reply = await list_reply(ctx, target, done)
    reply.edit = True
    reply.toast = ctx.t("delegates.toast_removed", name=entry.name)
    return reply
