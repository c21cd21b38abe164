"""Book benchmark: `/kyyeu` of a call whose units each sent a DOCX of about 10 pages.

    .venv/bin/python -m bench.kyyeu [--papers 10 50] [--pages 10]

For each count, that many DOCX papers are made with python-docx (Vietnamese text, `--pages`
pages each, a page break between pages) and served from disk by a local FileStore; then the
book is built by the real code (`handlers.papers.book.build_book`: each paper "downloaded",
sniffed, converted by LibreOffice in a fresh profile one at a time, cover and contents made,
all merged and numbered). No database and no chat: the build is what costs.

Figures per count: the time to build, the pages and size of the book, and the peak resident
memory of this process and of the LibreOffice child running at the time (sampled with psutil
every 50 ms), beside the resident memory before the build. Target: the process grows by less
than 100 MB over idle however many papers (only one part of the book is in the PDF writer at a
time). Exits 1 when missed, when LibreOffice is missing, or when a paper is left out.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

import psutil
from docx import Document
from docx.enum.text import WD_BREAK
from pypdf import PdfReader

from handlers.papers import book, convert
from handlers.texts import text

TARGET_GROWTH_MB = 100.0
SAMPLE_SECONDS = 0.05
PARAGRAPH = (
    "Đổi mới nội dung, chương trình, phương pháp giảng dạy lý luận chính trị gắn với thực tiễn "
    "địa phương; nâng cao chất lượng đội ngũ giảng viên, đẩy mạnh nghiên cứu khoa học, tổng kết "
    "thực tiễn và chuyển đổi số trong công tác đào tạo, bồi dưỡng cán bộ của các trường chính trị."
)


def paper(number: int, pages: int) -> bytes:
    """A DOCX of `pages` pages of Times New Roman 14, a heading and five paragraphs on each."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = 177800  # 14 pt in EMU
    for page in range(pages):
        document.add_heading(f"Tham luận số {number} — phần {page + 1}", level=2)
        for _ in range(5):
            document.add_paragraph(PARAGRAPH)
        if page < pages - 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class DiskStore:
    """A FileStore serving the papers written to a folder (as the platform would, to disk)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def download(self, file_id: str, destination: Path) -> int:
        await asyncio.to_thread(shutil.copyfile, self.folder / file_id, destination)
        return destination.stat().st_size  # noqa: ASYNC240


class Peaks:
    """The peak resident memory of this process and of its children, sampled."""

    def __init__(self) -> None:
        self.me = psutil.Process()
        self.own = 0
        self.child = 0

    async def watch(self) -> None:
        while True:
            self.own = max(self.own, self.me.memory_info().rss)
            total = 0
            for child in self.me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    continue
            self.child = max(self.child, total)
            await asyncio.sleep(SAMPLE_SECONDS)


def labels(key: str, **values: object) -> str:
    return html.unescape(text("vi", key, **values))


async def run(count: int, pages: int) -> bool:
    with tempfile.TemporaryDirectory(prefix="loa-bench-kyyeu-") as tmp:
        root = Path(tmp)
        sources = root / "sources"
        sources.mkdir()
        papers = []
        for number in range(1, count + 1):
            (sources / f"p{number}").write_bytes(paper(number, pages))
            papers.append(
                book.BookPaper(
                    code=f"T{number:02d}",
                    unit=f"Trường Chính trị số {number}",
                    title=f"Tham luận số {number}",
                    file_id=f"p{number}",
                    file_name=f"Tham luận {number}.docx",
                )
            )
        peaks = Peaks()
        idle = peaks.me.memory_info().rss
        watcher = asyncio.create_task(peaks.watch())
        started = time.monotonic()
        made = await book.build_book(
            DiskStore(sources),
            papers,
            root / "book",
            t=labels,
            topic="Đổi mới phương pháp giảng dạy lý luận chính trị",
            cluster="Cụm thi đua các trường chính trị",
            date_text="Ngày 20 tháng 6 năm 2024",
        )
        elapsed = time.monotonic() - started
        watcher.cancel()
        size = sum(p.stat().st_size for p in made.parts)
        read = sum(len(PdfReader(p).pages) for p in made.parts)
    growth = (peaks.own - idle) / 1e6
    print(f"papers: {count} × {pages} pages (DOCX)")
    print(f"  built in: {elapsed:.1f} s ({elapsed / count:.2f} s a paper)")
    parts = len(made.parts)
    print(f"  book: {made.pages} pages ({read} read back), {parts} part(s), {size / 1e6:.1f} MB")
    print(f"  missing: {len(made.missing)}")
    own = peaks.own / 1e6
    print(f"  process resident: idle {idle / 1e6:.0f} MB, peak {own:.0f} MB (+{growth:.0f} MB)")
    print(f"  LibreOffice child peak resident: {peaks.child / 1e6:.0f} MB")
    ok = not made.missing and read == made.pages and growth < TARGET_GROWTH_MB
    print(f"  target (+{TARGET_GROWTH_MB:.0f} MB, nothing missing): {'met' if ok else 'MISSED'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--pages", type=int, default=10)
    args = parser.parse_args()
    if convert.soffice_path() is None:
        print("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
        sys.exit(1)
    results = [asyncio.run(run(count, args.pages)) for count in args.papers]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
