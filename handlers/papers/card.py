"""The paper call card: its text and the live `Đã nộp` line."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.core import Env
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.cards import payload, when
from handlers.notices.delivery import refresh_card_rows
from handlers.notices.plain import ZALO_LIMIT, plain_card
from handlers.papers.formats import FormatRules
from handlers.texts import Safe, esc, text
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementStatus,
    PaperCall,
)


async def submitted_line(
    session: AsyncSession, ann: Announcement, call: PaperCall, lang: str = "vi"
) -> str:
    """`Đã nộp: 6/10 đơn vị`: units with as many current papers as the call asks for."""
    units = await announcement_unit_ids(session, ann)
    counts = await queries.current_submission_counts(session, ann.id)
    done = {unit for unit, count in counts.items() if count >= call.per_unit}
    return text(lang, "papers.tally", done=len(done & units), units=len(units))


def paper_text(
    ann: Announcement,
    call: PaperCall,
    tz: ZoneInfo,
    tally: str,
    lang: str = "vi",
    *,
    how: bool = True,
) -> str:
    """The paper call card: topic, deadline spelled out, papers per unit, how to submit
    (`how=False` leaves that line to a plain card, which says it its own way)."""
    lines: list[str] = []
    if ann.status == AnnouncementStatus.CANCELLED:
        reason = (
            text(lang, "meeting.cancel_reason", reason=ann.cancel_reason)
            if ann.cancel_reason
            else ""
        )
        lines.append(text(lang, "meeting.cancelled_banner", reason=Safe(reason)))
    lines.append(text(lang, "papers.header", id=ann.id))
    lines.append(f"<b>{esc(call.topic)}</b>")
    lines.append(text(lang, "papers.deadline", deadline=when(call.deadline, tz, lang)))
    lines.append(text(lang, "papers.per_unit", count=call.per_unit))
    rules = FormatRules.from_json(call.format_rules)
    if rules is not None:
        lines.append(text(lang, "formats.card", rules=rules.describe(lang)))
    if call.notes:
        lines.append(text(lang, "papers.notes", notes=call.notes))
    if how and ann.status != AnnouncementStatus.CANCELLED:
        lines.append(text(lang, "papers.how", id=ann.id))
    lines.append(tally)
    return Safe("\n".join(lines))


def paper_plain(
    ann: Announcement,
    call: PaperCall,
    tz: ZoneInfo,
    tally: str,
    lang: str = "vi",
    limit: int = ZALO_LIMIT,
) -> list[str]:
    """The paper call card as plain messages, ending, while the call is open, with the typed
    way to submit: `📤 Cách nộp: NOP 7 <đường dẫn tới tệp>`."""
    how = (
        text(lang, "papers.plain_how", id=ann.id)
        if ann.status != AnnouncementStatus.CANCELLED
        else ""
    )
    return plain_card(paper_text(ann, call, tz, tally, lang, how=False), how, limit)


async def paper_card(
    session: AsyncSession, env: Env, ann: Announcement, call: PaperCall
) -> dict[str, Any]:
    """The card payload with the live `Đã nộp` line."""
    tally = await submitted_line(session, ann, call)
    data = payload(paper_text(ann, call, env.tz, tally))
    data["card"] = True
    # without buttons or files (Zalo) the card ends with the typed way to submit instead
    data["plain"] = paper_plain(ann, call, env.tz, tally)
    return data


async def refresh_paper_cards(env: Env, session: AsyncSession, ann: Announcement) -> None:
    """Bring every card of the call up to date (`Đã nộp: n/N`), coalesced like meeting cards."""
    call = await queries.paper_call(session, ann.id)
    if call is None:
        return
    await queries.lock_announcement(session, ann.id)  # one refresh of these cards at a time
    await refresh_card_rows(env, session, ann, await paper_card(session, env, ann, call))
