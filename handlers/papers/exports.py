"""`/xuat 7` on a paper call: a ZIP of the current papers (cut into parts under the upload
limit) and an XLSX list of who sent what, when, and whether late — for organisers, privately.

Values written by people go into cells as plain text, never as formulas; labels come from the
catalogue. Memory stays bounded: files are streamed to disk, never held whole.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import re
import shutil
import tempfile
import time
import unicodedata
import zipfile
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Attachment, FileStore, FileUnavailable, Reply
from handlers.forms import FormError
from handlers.notices.audience import announcement_unit_ids
from handlers.notices.sheets import (
    TIME_FORMAT,
)
from handlers.notices.sheets import (
    labels as _labels,
)
from handlers.notices.sheets import (
    plain as _plain,
)
from handlers.notices.sheets import (
    widths as _widths,
)
from handlers.notices.tables import display_name, platform_name
from handlers.papers.appraisal import export_cells, export_headers
from handlers.papers.programme_view import Talk, add_programme_sheet, read_talks
from handlers.papers.stored import WithStoredFiles
from handlers.texts import Safe
from storage import queries
from storage.models import (
    Announcement,
    AnnouncementStatus,
    PaperCall,
    Submission,
    Unit,
)

log = logging.getLogger(__name__)

# The files are fetched one by one from the platform (`Env.files`) into a temporary folder, a
# few ahead of the one being written, and each is copied into the ZIP and deleted at once: only
# chunks pass through memory, and the disk holds the ZIP plus a few files. The ZIP is cut into
# parts that each stay under the platform's upload limit. Entries are STORED, not deflated:
# PDF, DOCX and ODT are compressed already, and stored sizes make the parts' sizes exact.
# The folder is removed by `Reply.cleanup`, which the adapter calls once the files were sent.

# Telegram: a bot uploads at most 50 MB per file; decimal megabytes are a little under 50 MiB,
# so the parts fit whichever way the server counts.
UPLOAD_LIMIT = 50_000_000
DOWNLOADS_AHEAD = 4  # files fetched while the one before is written into the ZIP
COPY_CHUNK = 1024 * 1024
MAX_ENTRY_NAME = 180  # characters: extracted paths stay under Windows' 260
MAX_EXTENSION = 10
MAX_FAILED_SHOWN = 10
UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')  # separators, and what Windows refuses
ZIP_LOCAL_HEADER, ZIP_CENTRAL_HEADER, ZIP_END = 30, 46, 22
ZIP_ENTRY_SLACK = 16 + 20  # a data descriptor and a ZIP64 extra field, should either appear
# the platform last: the columns before it keep their places in sheets read by position
PAPER_COLUMNS = (
    "stt",
    "unit",
    "file",
    "person",
    "time",
    "late",
    "size",
    "entry",
    "platform",
    "format",
)


@dataclass
class Paper:
    """One current file of the call, on its way into the ZIP and onto the list."""

    unit: Unit
    submission: Submission
    entry: str  # its name in the ZIP: `HP - Tham luận.pdf`
    size: int | None = None  # bytes downloaded
    part: int = 0  # the ZIP part (from 1) that holds it; 0 while in none
    failed: bool = False  # the platform could not give it back


@dataclass
class PaperState:
    """A call's units (invited ones, and any other that sent a paper) and current papers."""

    ann: Announcement
    call: PaperCall
    units: list[Unit]
    invited: set[int]
    papers: list[Paper]
    talks: list[Talk] = field(default_factory=list)  # the seminar programme, when there is one

    def papers_of(self, unit: Unit) -> list[Paper]:
        return [p for p in self.papers if p.unit.id == unit.id]

    @property
    def complete(self) -> list[Unit]:
        """Invited units with as many papers as the call asks for (as on the card)."""
        return [
            u
            for u in self.units
            if u.id in self.invited and len(self.papers_of(u)) >= self.call.per_unit
        ]

    @property
    def missing(self) -> list[Unit]:
        return [
            u
            for u in self.units
            if u.id in self.invited and len(self.papers_of(u)) < self.call.per_unit
        ]

    @property
    def late(self) -> list[Unit]:
        return [u for u in self.units if any(p.submission.late for p in self.papers_of(u))]

    @property
    def zipped(self) -> list[Paper]:
        return [p for p in self.papers if p.part]

    @property
    def failed(self) -> list[Paper]:
        return [p for p in self.papers if p.failed]


async def export_papers(ctx: Ctx, ann: Announcement) -> Reply:
    """`/xuat 7` for a paper call: the XLSX list, then the ZIP part(s), privately."""
    call = await queries.paper_call(ctx.session, ann.id)
    if call is None:
        raise FormError("submit.not_call", id=ann.id)
    if not ctx.in_private and ctx.person.private_chat_id is None:
        return Reply(ctx.t("paper_export.private_only", id=ann.id))
    state = await load_papers(ctx.session, ann, call)
    state.talks = await read_talks(ctx.session, call, ctx.lang)  # sheet `Chương trình`
    queries.audit(
        ctx.session, ctx.now, ctx.person.id, "papers.export", f"#{ann.id}", files=len(state.papers)
    )
    # Only reads from here on: end the unit of work before the slow downloads, so that no
    # transaction stays open for minutes (the router's commit after us finds nothing to do).
    await ctx.session.commit()
    exported = timeparse.format_when(ctx.now, ctx.env.tz, ctx.lang)
    to_person = not ctx.in_private
    if not state.papers:
        xlsx = build_paper_xlsx(state, ctx.lang, ctx.env.tz, exported, 0)
        summary = ctx.t("paper_export.empty", id=ann.id, topic=call.topic, units=len(state.invited))
        return Reply(summary, files=[_xlsx_attachment(ctx, ann, xlsx)], to_person=to_person)

    workdir = tempfile.TemporaryDirectory(prefix=f"loa-xuat-{ann.id}-")
    try:
        started = time.monotonic()
        store = WithStoredFiles(ctx.env.sessions, ctx.env.files)
        parts = await collect_papers(
            store, state.papers, Path(workdir.name), UPLOAD_LIMIT, ctx.env.tz
        )
        log.info(
            "export of call #%s: %d files in %d ZIP part(s), %d failed, in %.1f s",
            ann.id,
            len(state.zipped),
            len(parts),
            len(state.failed),
            time.monotonic() - started,
        )
        xlsx = build_paper_xlsx(state, ctx.lang, ctx.env.tz, exported, len(parts))
    except BaseException:
        workdir.cleanup()
        raise
    files = [_xlsx_attachment(ctx, ann, xlsx)]
    for number, path in enumerate(parts, start=1):
        count = sum(1 for p in state.papers if p.part == number)
        if len(parts) == 1:
            name = f"tham-luan-{ann.id}.zip"
            caption = ctx.t("paper_export.caption_zip", id=ann.id, files=count)
        else:
            name = f"tham-luan-{ann.id}-phan-{number}.zip"
            caption = ctx.t(
                "paper_export.caption_zip_part",
                id=ann.id,
                part=number,
                parts=len(parts),
                files=count,
            )
        files.append(Attachment(name, caption=caption, path=path))
    return Reply(
        _papers_summary(ctx, state, len(parts)),
        files=files,
        to_person=to_person,
        cleanup=workdir.cleanup,
    )


def _xlsx_attachment(ctx: Ctx, ann: Announcement, content: bytes) -> Attachment:
    return Attachment(
        f"tham-luan-{ann.id}-danh-sach.xlsx",
        content,
        ctx.t("paper_export.caption_xlsx", id=ann.id),
    )


def _papers_summary(ctx: Ctx, state: PaperState, parts: int) -> str:
    missing = state.missing
    failed = state.failed
    failed_text = ""
    if failed:
        names = [p.entry for p in failed[:MAX_FAILED_SHOWN]]
        if len(failed) > MAX_FAILED_SHOWN:
            names.append("…")
        failed_text = ctx.t("paper_export.failed", count=len(failed), names=", ".join(names))
    if parts == 0:
        parts_text = ctx.t("paper_export.no_zip")
    elif parts == 1:
        parts_text = ctx.t("paper_export.one_part")
    else:
        parts_text = ctx.t("paper_export.parts", count=parts, limit=UPLOAD_LIMIT // 1_000_000)
    return ctx.t(
        "paper_export.done",
        id=state.ann.id,
        topic=state.call.topic,
        done=len(state.complete),
        units=len(state.invited),
        files=len(state.zipped),
        size=format_size(sum(p.size or 0 for p in state.zipped)),
        missing=Safe(
            ctx.t("paper_export.missing", units=", ".join(u.code for u in missing))
            if missing
            else ctx.t("paper_export.all_submitted")
        ),
        failed=Safe(failed_text),
        parts=Safe(parts_text),
    )


async def load_papers(session: AsyncSession, ann: Announcement, call: PaperCall) -> PaperState:
    """The call's units in code order and their current papers (oldest first), each with its
    ZIP entry name, unique in the whole export."""
    invited = await announcement_unit_ids(session, ann)
    submissions = list(await queries.current_submissions(session, ann.id))
    units = await queries.units_by_ids(session, invited | {s.unit_id for s in submissions})
    ordered = sorted(units.values(), key=lambda u: u.code)
    taken: set[str] = set()
    papers = [
        Paper(unit, sub, zip_entry_name(unit.code, sub.file_name, taken))
        for unit in ordered
        for sub in submissions
        if sub.unit_id == unit.id
    ]
    return PaperState(ann=ann, call=call, units=ordered, invited=invited, papers=papers)


def zip_entry_name(code: str, file_name: str, taken: set[str]) -> str:
    """`HP - Tham luận.pdf`; `HP - Tham luận (2).pdf` when that name is taken (compared as
    Windows and macOS do: composed Unicode, any case). Diacritics stay; path separators and
    what Windows refuses in names become `_`, so an entry can never land outside the folder it
    is extracted to."""
    name = unicodedata.normalize("NFC", f"{code} - {file_name}")
    name = UNSAFE_NAME.sub("_", name).strip().rstrip(". ")  # Windows drops trailing dots
    stem, ext = os.path.splitext(name)
    if len(ext) > MAX_EXTENSION:
        stem, ext = name, ""
    stem = stem[: MAX_ENTRY_NAME - len(ext)].rstrip()
    candidate, number = stem + ext, 2
    while candidate.casefold() in taken:
        candidate = f"{stem} ({number}){ext}"
        number += 1
    taken.add(candidate.casefold())
    return candidate


async def collect_papers(
    store: FileStore | None, papers: list[Paper], folder: Path, limit: int, tz: Any
) -> list[Path]:
    """Download each paper into `folder` and write it into the ZIP part(s); returns the parts.

    A few downloads run ahead of the writing; a paper the platform cannot give back is marked
    `failed` and left out. A link kept as a paper has no file: it is neither. ZIP writing
    (blocking file I/O) runs in a thread."""
    files = [paper for paper in papers if not paper.submission.is_link]
    if store is None:  # a channel that cannot fetch files: the list only
        for paper in files:
            paper.failed = True
        return []
    writer = ZipParts(folder, limit)
    pending: deque[tuple[Paper, Path, asyncio.Task[int]]] = deque()
    queued = iter(enumerate(files))

    def fetch_next() -> None:
        item = next(queued, None)
        if item is not None:
            index, paper = item
            target = folder / f"download-{index}"
            task = asyncio.create_task(store.download(paper.submission.platform_file_id, target))
            pending.append((paper, target, task))

    try:
        for _ in range(DOWNLOADS_AHEAD):
            fetch_next()
        while pending:
            paper, target, task = pending.popleft()
            fetch_next()
            try:
                await task
            except FileUnavailable as exc:
                log.warning("paper %s could not be downloaded: %s", paper.submission.id, exc)
                paper.failed = True
                target.unlink(missing_ok=True)
                continue
            paper.size = target.stat().st_size
            when = paper.submission.submitted_at.astimezone(tz)  # the entry's date
            paper.part = await asyncio.to_thread(writer.add, target, paper.entry, when)
            target.unlink()
    finally:
        for _, _, task in pending:
            task.cancel()
        await asyncio.gather(*(task for _, _, task in pending), return_exceptions=True)
        await asyncio.to_thread(writer.close)
    return writer.paths


def zip_entry_cost(entry: str, size: int) -> int:
    """The most bytes one stored entry can take in a ZIP: local header, data, directory record."""
    name = len(entry.encode("utf-8"))
    return ZIP_LOCAL_HEADER + ZIP_CENTRAL_HEADER + 2 * name + size + ZIP_ENTRY_SLACK


class ZipParts:
    """Writes entries into `part-1.zip`, `part-2.zip`, … so that no part grows over `limit`:
    an entry whose worst-case cost does not fit in the current part starts the next one. (An
    entry alone over the limit gets a part of its own; on Telegram it cannot happen: bots
    download at most 20 MB and upload up to 50 MB.)"""

    def __init__(self, folder: Path, limit: int) -> None:
        self.folder = folder
        self.limit = limit
        self.paths: list[Path] = []
        self._zip: zipfile.ZipFile | None = None
        self._used = 0

    def add(self, source: Path, entry: str, when: datetime) -> int:
        """Copy `source` into the ZIP as `entry` (chunk by chunk); returns the part number."""
        size = source.stat().st_size
        cost = zip_entry_cost(entry, size)
        if self._zip is None or (self._used and self._used + cost + ZIP_END > self.limit):
            self._next_part()
        assert self._zip is not None
        info = zipfile.ZipInfo(entry, date_time=_zip_time(when))
        info.compress_type = zipfile.ZIP_STORED
        info.file_size = size
        info.external_attr = 0o644 << 16  # rw-r--r-- when extracted on Linux or macOS
        with source.open("rb") as src, self._zip.open(info, "w") as dst:
            shutil.copyfileobj(src, dst, COPY_CHUNK)
        self._used += cost
        return len(self.paths)

    def _next_part(self) -> None:
        self.close()
        path = self.folder / f"part-{len(self.paths) + 1}.zip"
        self._zip = zipfile.ZipFile(path, "w", zipfile.ZIP_STORED)
        self.paths.append(path)
        self._used = 0

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
            self._zip = None


def _zip_time(local: datetime) -> tuple[int, int, int, int, int, int]:
    """ZIP entries carry wall-clock time (from 1980 on)."""
    return (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)


def format_size(size: int | None) -> str:
    """`2,0 MB`, `120 KB`, `512 B` (a decimal comma, as Vietnamese writes it)."""
    if size is None:
        return ""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    if size >= 1024:
        return f"{round(size / 1024)} KB"
    return f"{size} B"


@dataclass(frozen=True)
class PaperRow:
    """One line of the papers list: a file, or a unit that has not submitted (enough)."""

    unit: str
    file: str
    person: str
    at: datetime | None  # local, naive: what Excel shows
    late: str
    size: str
    entry: str
    platform: str = ""  # `Telegram`, `Zalo`; empty on a unit's missing row
    review: tuple[object, ...] = ()  # version, appraisal state, comment (`papers.appraisal`)
    format: str = ""  # what differs from the call's format rules, `; `-separated


def paper_rows(state: PaperState, lang: str, tz: Any, parts: int) -> list[PaperRow]:
    """Per unit in code order: its files (oldest first), then what is still missing."""
    t = _labels(lang)
    rows: list[PaperRow] = []
    for unit in state.units:
        label = f"{unit.code} — {unit.name}"
        papers = state.papers_of(unit)
        for paper in papers:
            sub = paper.submission
            if sub.is_link:
                entry = t("paper_export.link")
            elif paper.failed:
                entry = t("paper_export.unavailable")
            elif parts > 1:
                entry = t("paper_export.in_part", entry=paper.entry, part=paper.part)
            else:
                entry = paper.entry
            rows.append(
                PaperRow(
                    unit=label,
                    file=sub.link if sub.is_link and sub.link else sub.file_name,
                    person=display_name(t, sub.person),
                    platform=platform_name(t, sub.person),
                    at=sub.submitted_at.astimezone(tz).replace(tzinfo=None),
                    late=t("paper_export.late") if sub.late else "",
                    size=format_size(paper.size if paper.size is not None else sub.file_size),
                    entry=entry,
                    review=export_cells(sub, lang),
                    format="; ".join(sub.format_warnings or ()),
                )
            )
        if unit.id not in state.invited or len(papers) >= state.call.per_unit:
            continue
        missing = (
            t("paper_export.not_submitted")
            if not papers
            else t("paper_export.short", count=state.call.per_unit - len(papers))
        )
        rows.append(PaperRow(label, missing, "", None, "", "", ""))
    return rows


def build_paper_xlsx(state: PaperState, lang: str, tz: Any, exported: str, parts: int) -> bytes:
    """Sheet «Danh sách» (bold, frozen header; a row per file, and per unit still missing) and
    sheet «Tổng hợp»; cells hold people's text as text, never as formulas."""
    t = _labels(lang)
    rows = paper_rows(state, lang, tz, parts)
    book = Workbook()
    book.properties.creator = "Loa"
    sheet = book.active
    assert sheet is not None
    sheet.title = t("export.sheet_list")
    headers = [t(f"paper_export.col.{name}") for name in PAPER_COLUMNS] + export_headers(lang)
    _plain(sheet, 1, list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [len(h) for h in headers]
    for index, row in enumerate(rows, start=1):
        values: list[Any] = [
            index,
            row.unit,
            row.file,
            row.person,
            row.at,
            row.late,
            row.size,
            row.entry,
            row.platform,
            row.format,
            *row.review,
        ]
        _plain(sheet, index + 1, values)
        for column, value in enumerate(values):
            shown = (
                len(value.strftime(TIME_FORMAT))
                if isinstance(value, datetime)
                else len(str(value or ""))
            )
            widths[column] = max(widths[column], shown)
    _widths(sheet, widths)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"

    summary = book.create_sheet(t("export.sheet_summary"))
    for number, (label, value) in enumerate(
        _paper_summary(state, lang, tz, exported, parts), start=1
    ):
        _plain(summary, number, [label, value])
        summary.cell(row=number, column=1).font = Font(bold=True)
        summary.cell(row=number, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 80

    if state.talks:
        add_programme_sheet(book, state.talks, tz, lang)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _paper_summary(
    state: PaperState, lang: str, tz: Any, exported: str, parts: int
) -> list[tuple[str, Any]]:
    """The call's fields, the counts, the units late or missing, what the ZIP holds."""
    t = _labels(lang)
    ann, call = state.ann, state.call
    none = t("export.none")
    lines: list[tuple[str, Any]] = [(t("paper_export.sum.heading", id=ann.id), "")]
    if ann.status == AnnouncementStatus.CANCELLED:
        lines.append((t("export.sum.status"), t("export.cancelled")))
    lines += [
        (t("paper_export.sum.topic"), call.topic),
        (t("paper_export.sum.deadline"), timeparse.format_when(call.deadline, tz, lang)),
        (t("paper_export.sum.per_unit"), call.per_unit),
        ("", ""),
        (t("paper_export.sum.submitted"), f"{len(state.complete)}/{len(state.invited)}"),
        (t("paper_export.sum.late"), ", ".join(u.code for u in state.late) or none),
        (t("paper_export.sum.missing"), ", ".join(u.code for u in state.missing) or none),
        (t("paper_export.sum.files"), len(state.zipped)),
        (t("paper_export.sum.size"), format_size(sum(p.size or 0 for p in state.zipped))),
        (t("paper_export.sum.parts"), parts),
    ]
    if state.failed:
        lines.append((t("paper_export.sum.failed"), ", ".join(p.entry for p in state.failed)))
    lines.append((t("export.sum.exported"), exported))
    return lines
