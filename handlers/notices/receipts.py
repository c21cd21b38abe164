"""What organisers do with a notice's acknowledgements: `/nhacnho 15` reminds the units still
silent, `/xuat 15` (also on a news post) gives the delivery and acknowledgement list as XLSX.

The reminder reaches the silent units as meeting nudges do (their groups, their Zalo members'
private chats, Telegram members' with `riêng`) and carries [✔️ Đã nhận] (on Zalo the typed
`DA NHAN 15`). The list has one row per unit and chat the notice went to (a unit with no chat
as one row), with the unit's acknowledgement (who, when) on each of its rows; its rows are
what `/tinhhinh 15` shows, so the two agree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from handlers.context import Ctx
from handlers.core import Attachment, Reply
from handlers.forms import Audience, FormError
from handlers.notices import acks
from handlers.notices.audience import announcement_unit_ids, chats_of_units
from handlers.notices.cards import payload
from handlers.notices.failures import reason_text
from handlers.notices.reminding import PURPOSE as REMINDER
from handlers.notices.reminding import TYPED_PLATFORMS, wording_for
from handlers.notices.sheets import TIME_FORMAT, labels, plain, widths
from handlers.notices.status import PURPOSE, acknowledgement_entries, chat_labels, chat_units
from handlers.notices.tables import display_name
from handlers.texts import Safe, announcement_name, text
from storage import queries
from storage.models import Announcement, AnnouncementKind, AnnouncementStatus, Chat, OutboxStatus
from storage.queries import acknowledgements as ack_queries

SNIPPET = 80
COLUMNS = ("stt", "unit", "chat", "platform", "sent_at", "error", "by", "at")
KINDS = (AnnouncementKind.NOTICE, AnnouncementKind.NEWS)


def _snippet(ann: Announcement) -> str:
    first = ann.text.strip().split("\n", 1)[0]
    return first if len(first) <= SNIPPET else first[: SNIPPET - 1].rstrip() + "…"


async def remind_silent(ctx: Ctx, ann: Announcement) -> Reply:
    """`/nhacnho 15` on a notice: remind now exactly the units that have not acknowledged it;
    a news post, a notice that does not ask, or one not (or no longer) out: why not."""
    if ann.kind == AnnouncementKind.NEWS:
        raise FormError("ack.remind_news", id=ann.id)
    if not ann.acknowledge:
        raise FormError("ack.remind_not_asked", id=ann.id)
    if ann.status == AnnouncementStatus.CANCELLED:
        raise FormError("ack.remind_cancelled", id=ann.id)
    if ann.status not in acks.LIVE:
        raise FormError("ack.remind_not_sent", id=ann.id)
    wanted = await announcement_unit_ids(ctx.session, ann)
    silent = wanted - await ack_queries.acknowledged_unit_ids(ctx.session, ann.id)
    if not silent:
        return Reply(ctx.t("ack.remind_nobody", id=ann.id))
    key = f"ack-remind:{ann.id}:{ctx.now.timestamp():.3f}"
    reminded: set[str] = set()
    audience = Audience.from_json(ann.audience)
    for chat, unit in await chats_of_units(ctx.session, audience, silent):
        body = text(
            "vi",
            wording_for("ack.reminder", chat),
            id=ann.id,
            unit=unit.code,
            snippet=_snippet(ann),
        )
        keyboard = None if chat.platform in TYPED_PLATFORMS else acks.buttons(ann)
        await queries.enqueue(
            ctx.session,
            chat_id=chat.id,
            payload=payload(body, keyboard),
            purpose=REMINDER,
            announcement_id=ann.id,
            dedupe_key=f"{key}:chat:{chat.id}",
            now=ctx.now,
        )
        reminded.add(unit.code)
    queries.audit(ctx.session, ctx.now, ctx.person.id, "notice.remind", f"#{ann.id}")
    units = await queries.units_by_ids(ctx.session, silent)
    unreached = sorted(u.code for u in units.values() if u.code not in reminded)
    lines: list[str] = []
    if reminded:
        ctx.after_commit.append(ctx.env.wake_delivery)
        lines.append(
            ctx.t(
                "ack.remind_done",
                id=ann.id,
                count=len(reminded),
                units=", ".join(sorted(reminded)),
            )
        )
    if unreached:
        lines.append(ctx.t("ack.remind_unreached", units=", ".join(unreached)))
    return Reply("\n".join(lines))


@dataclass(frozen=True)
class Row:
    """One line of the list: a chat of a unit (or of the cluster), or a unit with none."""

    unit: str
    chat: str
    platform: str
    sent_at: datetime | None  # local, naive: what Excel shows
    error: str
    by: str
    at: datetime | None


async def list_rows(ctx: Ctx, ann: Announcement) -> list[Row]:
    """Units in code order, each with the chats the announcement went to; then the chats of no
    unit (cluster-wide groups). A unit's acknowledgement is on each of its rows."""
    t = labels(ctx.lang)
    tz = ctx.env.tz
    chats: dict[int, Chat] = {}
    sent: dict[int, datetime] = {}
    failed: dict[int, str] = {}
    waiting: set[int] = set()
    for row in await queries.deliveries(ctx.session, ann.id, PURPOSE):
        chats[row.chat_id] = row.Chat
        if row.status == OutboxStatus.FAILED:
            failed.setdefault(row.chat_id, row.last_error or "")
        elif row.status in (OutboxStatus.PENDING, OutboxStatus.SENDING):
            waiting.add(row.chat_id)
        elif row.status == OutboxStatus.SENT and row.sent_at is not None:
            sent.setdefault(row.chat_id, row.sent_at)
    names = await chat_labels(ctx, chats.values())
    owners = await chat_units(ctx, chats.values())
    wanted = await announcement_unit_ids(ctx.session, ann)
    units = await queries.units_by_ids(ctx.session, wanted | {u.id for u in owners.values()})
    asked = ann.kind == AnnouncementKind.NOTICE and ann.acknowledge
    first = await ack_queries.first_by_unit(ctx.session, ann.id) if asked else {}

    def local(moment: datetime | None) -> datetime | None:
        return moment.astimezone(tz).replace(tzinfo=None) if moment else None

    def chat_row(unit_cell: str, unit_id: int | None, cid: int) -> Row:
        chat = chats[cid]
        error = ""
        if cid in failed:
            error = reason_text(t, failed[cid])
        elif cid in waiting:
            error = t("ack.cell_pending")
        ack = first.get(unit_id) if unit_id is not None else None
        return Row(
            unit=unit_cell,
            chat=names[cid],
            platform=t(f"platform.{chat.platform.value}"),
            sent_at=local(sent.get(cid)) if cid not in failed and cid not in waiting else None,
            error=error,
            by=display_name(t, ack.person) if ack else "",
            at=local(ack.at) if ack else None,
        )

    rows: list[Row] = []
    by_unit: dict[int, list[int]] = {}
    for cid, unit in owners.items():
        by_unit.setdefault(unit.id, []).append(cid)
    shown = sorted(set(by_unit) | wanted, key=lambda uid: units[uid].code)
    for uid in shown:
        unit = units[uid]
        cell = f"{unit.code} — {unit.name}"
        cids = sorted(by_unit.get(uid, []), key=lambda c: names[c])
        if not cids:
            ack = first.get(uid)
            rows.append(
                Row(
                    unit=cell,
                    chat=t("ack.cell_no_chat"),
                    platform="",
                    sent_at=None,
                    error="",
                    by=display_name(t, ack.person) if ack else "",
                    at=local(ack.at) if ack else None,
                )
            )
        rows += [chat_row(cell, uid, cid) for cid in cids]
    others = sorted((cid for cid in chats if cid not in owners), key=lambda c: names[c])
    rows += [chat_row(t("ack.cell_cluster"), None, cid) for cid in others]
    return rows


async def export(ctx: Ctx, ann: Announcement) -> Reply:
    """`/xuat 15` on a notice or a news post: the XLSX list, in the organiser's private chat."""
    if not ctx.in_private and ctx.person.private_chat_id is None:
        return Reply(ctx.t("ack.export_private_only", id=ann.id))
    rows = await list_rows(ctx, ann)
    acked = await acknowledgement_entries(ctx, ann)
    summary = ctx.t(
        "ack.export_done",
        name=announcement_name(ctx.lang, ann.kind, ann.id),
        tally=Safe("\n" + acked[0]) if acked is not None else "",
    )
    prefix = "thong-bao" if ann.kind == AnnouncementKind.NOTICE else "tin"
    files = [
        Attachment(
            f"{prefix}-{ann.id}-danh-sach.xlsx",
            build_xlsx(rows, ctx.lang),
            ctx.t("ack.export_caption", id=ann.id),
        )
    ]
    return Reply(summary, files=files, to_person=not ctx.in_private)


def _cells(index: int, row: Row) -> list[Any]:
    return [index, row.unit, row.chat, row.platform, row.sent_at, row.error, row.by, row.at]


def build_xlsx(rows: list[Row], lang: str) -> bytes:
    """One sheet «Danh sách»: bold, frozen header (STT, Đơn vị, Nhóm, Nền tảng, Đã gửi lúc, Lỗi,
    Đã nhận bởi, Đã nhận lúc), one row per unit and chat."""
    t = labels(lang)
    book = Workbook()
    book.properties.creator = "Loa"
    sheet = book.active
    assert sheet is not None
    sheet.title = t("ack.sheet")
    headers = [t(f"ack.col.{name}") for name in COLUMNS]
    plain(sheet, 1, list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sizes = [len(h) for h in headers]
    for index, row in enumerate(rows, start=1):
        values = _cells(index, row)
        plain(sheet, index + 1, values)
        for column, value in enumerate(values):
            shown = (
                len(value.strftime(TIME_FORMAT))
                if isinstance(value, datetime)
                else len(str(value or ""))
            )
            sizes[column] = max(sizes[column], shown)
    widths(sheet, sizes)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
