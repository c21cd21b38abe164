"""Where the delivery of an announcement stands, group by group: `/tinhhinh 15` on a notice or a
news post, and the failed groups named in the meeting and paper-call tables.

A notice's table is about delivery: how many groups have it, which are still waiting, and which
refused it for good, with the reason in plain words (`handlers.notices.failures`), each chat
after its unit's code; a notice that asks units to acknowledge it (`handlers.notices.acks`)
adds who acknowledged for each unit and when, and, last, the units still silent. Meetings and
paper calls show the same failures above their own tables (`failed_lines`).
"""

from __future__ import annotations

from collections.abc import Iterable

from handlers import pages
from handlers.context import Ctx, chat_label
from handlers.core import Reply
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.failures import reason_text
from handlers.notices.tables import display_name, platform_mark, short_time
from handlers.texts import announcement_name
from storage import queries
from storage.models import Announcement, AnnouncementKind, Chat, ChatKind, OutboxStatus, Unit
from storage.queries import acknowledgements as ack_queries

PURPOSE = "announcement"
MAX_LISTED = 10  # failed groups named above a meeting's or paper call's table
KINDS = (AnnouncementKind.NOTICE, AnnouncementKind.NEWS)
WAITING = (OutboxStatus.PENDING, OutboxStatus.SENDING)


async def status(ctx: Ctx, ann_id: int, extra: list[str]) -> Reply | None:
    """`/tinhhinh 15` for a notice or a news post; None when #15 is another kind."""
    ann = await queries.announcement(ctx.session, ann_id)
    if ann is None or ann.kind not in KINDS:
        return None
    name = announcement_name(ctx.lang, ann.kind, ann.id)
    if any(extra):
        return Reply(ctx.t("sendstatus.only_code", name=name, id=ann.id))
    return await _table(ctx, ann_id)


async def status_page(ctx: Ctx, arg: str, page: int) -> Reply:
    """A page press under the table (`p:sendstatus.<id>:<page>`): that page, read afresh."""
    ann_id = int(arg) if arg.isdigit() and len(arg) <= 9 else 0
    ann = await queries.announcement(ctx.session, ann_id) if ann_id else None
    if ann is None or ann.kind not in KINDS:
        return Reply(toast=ctx.t("error.stale_button"))
    return await _table(ctx, ann_id, page)


async def _table(ctx: Ctx, ann_id: int, page: int = 0) -> Reply:
    ann = await queries.announcement(ctx.session, ann_id)
    assert ann is not None
    # one line per chat: failed if any of its parts failed, waiting if any part waits
    chats: dict[int, Chat] = {}
    failed: dict[int, str] = {}
    waiting: set[int] = set()
    sent_at: dict[int, str] = {}
    for row in await queries.deliveries(ctx.session, ann_id, PURPOSE):
        chats[row.chat_id] = row.Chat
        if row.status == OutboxStatus.FAILED:
            failed.setdefault(row.chat_id, row.last_error or "")
        elif row.status in WAITING:
            waiting.add(row.chat_id)
        elif row.status == OutboxStatus.SENT and row.sent_at is not None:
            sent_at.setdefault(row.chat_id, short_time(row.sent_at, ctx.env.tz))
    waiting -= failed.keys()
    done = [cid for cid in sent_at if cid not in failed and cid not in waiting]
    labels = await unit_chat_labels(ctx, chats.values())

    def label(cid: int) -> str:
        return labels[cid]

    summary = ctx.t(
        "sendstatus.summary",
        sent=len(done),
        total=len(chats),
        pending=len(waiting),
        failed=len(failed),
    )
    acked = await acknowledgement_entries(ctx, ann)
    if acked is not None:
        summary += "\n" + acked[0]
    header = ctx.t(
        "sendstatus.header", name=announcement_name(ctx.lang, ann.kind, ann.id), summary=summary
    )
    entries: list[pages.Entry] = []
    for title, lines in (
        (
            ctx.t("sendstatus.failed_title"),
            [
                ctx.t("sendstatus.failed", chat=label(cid), reason=reason_text(ctx.t, why))
                for cid, why in sorted(failed.items(), key=lambda item: label(item[0]))
            ],
        ),
        (
            ctx.t("sendstatus.pending_title"),
            [ctx.t("sendstatus.pending", chat=label(cid)) for cid in sorted(waiting, key=label)],
        ),
        (
            ctx.t("sendstatus.sent_title"),
            [
                ctx.t("sendstatus.sent", chat=label(cid), at=sent_at[cid])
                for cid in sorted(done, key=label)
            ],
        ),
        *(acked[1] if acked is not None else []),
    ):
        if lines:
            entries.append(pages.Entry(title + "\n" + lines[0]))
            entries += [pages.Entry(line) for line in lines[1:]]
    if not entries:
        entries.append(pages.Entry(ctx.t("sendstatus.nothing")))
    return pages.render(ctx.t, header, entries, action=f"sendstatus.{ann.id}", page=page)


async def acknowledgement_entries(
    ctx: Ctx, ann: Announcement
) -> tuple[str, list[tuple[str, list[str]]]] | None:
    """For a notice that asks for acknowledgement: its summary line (`✔️ Đã nhận: 6/10 đơn vị
    · 🔕 Chưa nhận: 4 đơn vị`) and two sections, the units that acknowledged (who, when) and,
    last, the units still silent; None for a notice that does not ask, or a news post."""
    if ann.kind != AnnouncementKind.NOTICE or not ann.acknowledge:
        return None
    wanted = await announcement_unit_ids(ctx.session, ann)
    units = await queries.units_by_ids(ctx.session, wanted)
    first = await ack_queries.first_by_unit(ctx.session, ann.id)
    acked = sorted((units[uid] for uid in wanted if uid in first), key=lambda u: u.code)
    silent = sorted((units[uid] for uid in wanted if uid not in first), key=lambda u: u.code)
    summary = ctx.t("ack.summary", done=len(acked), units=len(wanted), silent=len(silent))
    acked_lines = [
        ctx.t(
            "ack.acked",
            unit=unit.code,
            name=display_name(ctx.t, first[unit.id].person)
            + platform_mark(ctx.t, first[unit.id].person),
            at=short_time(first[unit.id].at, ctx.env.tz),
        )
        for unit in acked
    ]
    silent_lines = [ctx.t("ack.silent", unit=unit.code, name=unit.name) for unit in silent]
    return summary, [
        (ctx.t("ack.acked_title", count=len(acked)), acked_lines),
        (ctx.t("ack.silent_title", count=len(silent)), silent_lines),
    ]


async def unit_chat_labels(ctx: Ctx, chats: Iterable[Chat]) -> dict[int, str]:
    """`chat_labels`, each after the code of the unit the chat belongs to (a unit's group, a
    member's private chat): `HP · BGH Trường Tô Hiệu`, so the table reads unit by unit."""
    listed = list(chats)
    labels = await chat_labels(ctx, listed)
    units = await chat_units(ctx, listed)
    return {
        cid: ctx.t("ack.unit_chat", unit=units[cid].code, chat=label) if cid in units else label
        for cid, label in labels.items()
    }


async def chat_units(ctx: Ctx, chats: Iterable[Chat]) -> dict[int, Unit]:
    """The unit of each chat that has one: a group's linked unit, a private chat's person's."""
    listed = list(chats)
    owners = await queries.unit_ids_by_private_chat(
        ctx.session, (c.id for c in listed if c.kind == ChatKind.PRIVATE)
    )
    ids = {c.id: c.unit_id for c in listed if c.kind != ChatKind.PRIVATE and c.unit_id}
    ids.update({cid: uid for cid, uid in owners.items() if uid})
    units = await queries.units_by_ids(ctx.session, ids.values())
    return {cid: units[uid] for cid, uid in ids.items() if uid in units}


async def failed_lines(ctx: Ctx, ann_id: int) -> str:
    """`⚠️ Không gửi được tới 2 nhóm:` and one line per group with why ("" when none failed),
    for the meeting and paper-call tables."""
    failures = await queries.failed_deliveries(ctx.session, ann_id, PURPOSE)
    if not failures:
        return ""
    lines = [ctx.t("status.failed_title", count=len(failures))]
    labels = await chat_labels(ctx, (chat for chat, _ in failures[:MAX_LISTED]))
    for chat, why in failures[:MAX_LISTED]:
        lines.append(
            ctx.t("status.failed_line", chat=labels[chat.id], reason=reason_text(ctx.t, why))
        )
    if len(failures) > MAX_LISTED:
        lines.append(ctx.t("status.failed_more", count=len(failures) - MAX_LISTED))
    return "\n".join(lines)


async def chat_labels(ctx: Ctx, chats: Iterable[Chat]) -> dict[int, str]:
    """How each chat is named in these tables: a group by its title, a private chat by the
    person whose chat it is and their platform (`tin nhắn riêng — Lê Thị An (Zalo)`), never by
    a platform id."""
    listed = list(chats)
    owners = await queries.people_by_private_chat(
        ctx.session, (c.id for c in listed if c.kind == ChatKind.PRIVATE)
    )
    labels: dict[int, str] = {}
    for chat in listed:
        person = owners.get(chat.id)
        if chat.kind == ChatKind.PRIVATE and person is not None:
            name = display_name(ctx.t, person) + platform_mark(ctx.t, person)
            labels[chat.id] = ctx.t("sendstatus.private_chat", name=name)
        else:
            labels[chat.id] = chat_label(chat)
    return labels
