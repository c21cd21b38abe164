"""Where the delivery of an announcement stands, group by group: `/tinhhinh 15` on a notice or a
news post, and the failed groups named in the meeting and paper-call tables.

A notice has nothing to answer, so its table is about delivery alone: how many groups have it,
which are still waiting, and which refused it for good, with the reason in plain words
(`handlers.notices.failures`). Meetings and paper calls show the same failures above their own
tables (`failed_lines`).
"""

from __future__ import annotations

from collections.abc import Iterable

from handlers import pages
from handlers.context import Ctx, chat_label
from handlers.core import Reply
from handlers.notices.failures import reason_text
from handlers.notices.tables import display_name, platform_mark, short_time
from handlers.texts import announcement_name
from storage import queries
from storage.models import AnnouncementKind, Chat, ChatKind, OutboxStatus

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
    labels = await chat_labels(ctx, chats.values())

    def label(cid: int) -> str:
        return labels[cid]

    summary = ctx.t(
        "sendstatus.summary",
        sent=len(done),
        total=len(chats),
        pending=len(waiting),
        failed=len(failed),
    )
    header = ctx.t(
        "sendstatus.header", name=announcement_name(ctx.lang, ann.kind, ann.id), summary=summary
    )
    entries: list[pages.Entry] = []
    for title, lines in (
        (
            "sendstatus.failed_title",
            [
                ctx.t("sendstatus.failed", chat=label(cid), reason=reason_text(ctx.t, why))
                for cid, why in sorted(failed.items(), key=lambda item: label(item[0]))
            ],
        ),
        (
            "sendstatus.pending_title",
            [ctx.t("sendstatus.pending", chat=label(cid)) for cid in sorted(waiting, key=label)],
        ),
        (
            "sendstatus.sent_title",
            [
                ctx.t("sendstatus.sent", chat=label(cid), at=sent_at[cid])
                for cid in sorted(done, key=label)
            ],
        ),
    ):
        if lines:
            entries.append(pages.Entry(ctx.t(title) + "\n" + lines[0]))
            entries += [pages.Entry(line) for line in lines[1:]]
    if not entries:
        entries.append(pages.Entry(ctx.t("sendstatus.nothing")))
    return pages.render(ctx.t, header, entries, action=f"sendstatus.{ann.id}", page=page)


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
