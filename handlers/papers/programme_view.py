"""The seminar programme as people read it: its talks built from the papers chosen to present,
their time slots from the meeting's start, the card posted to the audience, and the XLSX.

`handlers/papers/programme.py` answers `/chuongtrinh` and its buttons; `/xuat 7` adds the sheet
`Chương trình` from here when a programme exists.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.notices.sheets import labels, plain, widths
from handlers.notices.tables import display_name
from handlers.texts import Safe, text
from storage import queries
from storage.models import AnnouncementStatus, PaperCall, ProgrammeItem, Submission, Unit
from storage.queries import programme as programme_queries

DEFAULT_MINUTES = 15
COLUMNS = ("number", "time", "speaker", "unit", "title", "minutes")


@dataclass
class Talk:
    """One talk as shown: its item, the paper behind it, and its time slot (when the programme
    is tied to a meeting)."""

    item: ProgrammeItem
    unit: Unit
    paper: Submission | None
    speaker: str
    title: str
    starts: datetime | None = None
    ends: datetime | None = None

    @property
    def minutes(self) -> int:
        return self.item.minutes

    def slot(self, tz: ZoneInfo) -> str:
        """`08:00–08:15` in local time, or nothing without a meeting."""
        if self.starts is None or self.ends is None:
            return ""
        return f"{self.starts.astimezone(tz):%H:%M}–{self.ends.astimezone(tz):%H:%M}"


def paper_title(paper: Submission | None) -> str:
    """The paper's title as read from it, else its file name without the extension."""
    if paper is None:
        return ""
    if paper.title:
        return paper.title
    return PurePath(paper.file_name).stem if paper.file_name else (paper.link or "")


def _talk(lang: str, item: ProgrammeItem, unit: Unit, paper: Submission | None) -> Talk:
    """A talk: its speaker and title as set, else the submitter's name and the paper's title."""
    submitter = (
        display_name(lambda key, **v: str(text(lang, key, **v)), paper.person) if paper else ""
    )
    return Talk(
        item=item,
        unit=unit,
        paper=paper,
        speaker=item.speaker or submitter,
        title=item.title or paper_title(paper),
    )


def _chosen_by_unit(papers: list[Submission]) -> dict[int, Submission]:
    """The first paper chosen to present per unit (a programme has one talk per unit)."""
    chosen: dict[int, Submission] = {}
    for paper in papers:
        chosen.setdefault(paper.unit_id, paper)
    return chosen


async def sync_talks(
    session: AsyncSession, call: PaperCall, now: datetime, lang: str = "vi"
) -> list[Talk]:
    """The programme brought up to date with the papers chosen to present: talks whose paper is
    no longer chosen are dropped, newly chosen ones are appended in unit code order, positions
    renumbered 1…n. Writes the changes (the caller commits)."""
    ann_id = call.announcement_id
    chosen = _chosen_by_unit(list(await programme_queries.presenting_submissions(session, ann_id)))
    items = await programme_queries.programme_items(session, ann_id)
    kept = [item for item in items if item.unit_id in chosen]
    for item in items:
        if item.unit_id not in chosen:
            await session.delete(item)
    units = await queries.units_by_ids(session, chosen)
    have = {item.unit_id for item in kept}
    for unit_id in sorted(set(chosen) - have, key=lambda uid: units[uid].code):
        item = ProgrammeItem(
            announcement_id=ann_id,
            unit_id=unit_id,
            position=0,
            speaker="",
            title="",
            minutes=DEFAULT_MINUTES,
            updated_at=now,
        )
        session.add(item)
        kept.append(item)
    for position, item in enumerate(kept, start=1):
        if item.position != position:
            item.position = position
            item.updated_at = now
    await session.flush()
    talks = [_talk(lang, item, units[item.unit_id], chosen[item.unit_id]) for item in kept]
    await timed(session, call, talks)
    return talks


async def read_talks(session: AsyncSession, call: PaperCall, lang: str = "vi") -> list[Talk]:
    """The programme as it stands, without changing it (for `/xuat`): the talks whose paper is
    still chosen, in their order."""
    ann_id = call.announcement_id
    chosen = _chosen_by_unit(list(await programme_queries.presenting_submissions(session, ann_id)))
    items = [
        item
        for item in await programme_queries.programme_items(session, ann_id)
        if item.unit_id in chosen
    ]
    units = await queries.units_by_ids(session, (item.unit_id for item in items))
    talks = [_talk(lang, item, units[item.unit_id], chosen[item.unit_id]) for item in items]
    await timed(session, call, talks)
    return talks


async def timed(session: AsyncSession, call: PaperCall, talks: list[Talk]) -> None:
    """Give each talk its slot from the tied meeting's start, one after the other by minutes;
    without a meeting (or when it is gone or was cancelled since), no times."""
    meeting_id = call.programme_meeting_id
    ann = await queries.announcement(session, meeting_id) if meeting_id is not None else None
    meeting = None
    if ann is not None and ann.status != AnnouncementStatus.CANCELLED:
        meeting = await queries.meeting(session, ann.id)
    start = meeting.starts_at if meeting is not None else None
    for talk in talks:
        if start is None:
            talk.starts = talk.ends = None
            continue
        talk.starts = start
        talk.ends = start + timedelta(minutes=talk.minutes)
        start = talk.ends


def talk_line(talk: Talk, tz: ZoneInfo, lang: str = "vi") -> str:
    """`1. 08:00–08:15 · Nguyễn Văn A (HP) — Tiêu đề`; without times, the minutes at the end."""
    values = {
        "number": talk.item.position,
        "speaker": talk.speaker,
        "code": talk.unit.code,
        "title": talk.title,
        "minutes": talk.minutes,
    }
    if talk.starts is not None:
        return text(lang, "programme.line_timed", slot=talk.slot(tz), **values)
    return text(lang, "programme.line", **values)


def card_text(
    call: PaperCall, talks: list[Talk], tz: ZoneInfo, when: str = "", lang: str = "vi"
) -> str:
    """The programme card: `🗓 CHƯƠNG TRÌNH HỘI THẢO — <chủ đề>`, the meeting's time and place
    when tied to one, then a numbered line per talk."""
    lines = [text(lang, "programme.card_header", topic=call.topic)]
    if when:
        lines.append(text(lang, "programme.card_when", when=when))
    lines.append("")
    lines.extend(talk_line(talk, tz, lang) for talk in talks)
    return Safe("\n".join(lines))


def version_key(call: PaperCall, talks: list[Talk]) -> str:
    """A short fingerprint of what the card says: a new one after any change, the same for a
    second press on an unchanged programme."""
    parts = [call.topic, str(call.programme_meeting_id)]
    for talk in talks:
        starts = talk.starts.isoformat() if talk.starts else ""
        parts.append(f"{talk.unit.code}|{talk.speaker}|{talk.title}|{talk.minutes}|{starts}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _row(talk: Talk, tz: ZoneInfo) -> list[Any]:
    return [
        talk.item.position,
        talk.slot(tz),
        talk.speaker,
        talk.unit.code,
        talk.title,
        talk.minutes,
    ]


def add_programme_sheet(book: Workbook, talks: list[Talk], tz: ZoneInfo, lang: str = "vi") -> None:
    """The sheet `Chương trình`: STT, Thời gian, Diễn giả, Đơn vị, Tiêu đề, Số phút; people's
    text stays text, never a formula."""
    t = labels(lang)
    sheet = book.create_sheet(t("programme.sheet"))
    headers = [t(f"programme.col.{name}") for name in COLUMNS]
    plain(sheet, 1, list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    sizes = [len(h) for h in headers]
    for number, talk in enumerate(talks, start=2):
        values = _row(talk, tz)
        plain(sheet, number, values)
        sizes = [max(size, len(str(value))) for size, value in zip(sizes, values, strict=True)]
    widths(sheet, sizes)
    sheet.freeze_panes = "A2"


def programme_xlsx(talks: list[Talk], tz: ZoneInfo, lang: str = "vi") -> bytes:
    """The programme alone as an XLSX (the preview's [Xuất XLSX])."""
    book = Workbook()
    book.properties.creator = "Loa"
    first = book.active
    assert first is not None
    book.remove(first)
    add_programme_sheet(book, talks, tz, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
