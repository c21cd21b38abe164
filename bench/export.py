"""Export benchmark: `/xuat` of a paper call whose 200 units each sent a 2 MB paper.

    .venv/bin/python -m bench.export [--units 200] [--size-mb 2]
                                     [--database-url URL | --postgres [ADMIN_URL]]

The Bot API emulator runs in its own process; another short-lived process uploads the papers
into it (as people sending documents), so this process stays idle until the export starts. The
call, the units and their submissions (with the emulator's file ids) are written straight into
the database. Then the organiser's `/xuat 1` runs through the real handler with the real
download path: `TelegramFileStore` (getFile, then the body streamed to disk) against the
emulator, the ZIP parts written to a temporary folder, the XLSX built. Nothing is sent.

Two passes: the first measures the time and the peak resident memory (ru_maxrss) against the
resident memory just before (idle); the second repeats the export under tracemalloc for the peak
of Python allocations. Each ZIP is then checked: every part under the upload limit, every paper
in exactly once, with the bytes the emulator served (SHA-256).

Target: peak memory grows by less than 50 MB over idle (both measures), whatever the total size.
Exits 1 when missed or when the ZIP is wrong.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import hashlib
import json
import os
import resource
import sys
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from bench.broadcast import (
    DEFAULT_PG_ADMIN,
    ROOT,
    TOKEN,
    emulator,
    postgres_database,
    sqlite_database,
)
from bot.emulator import EmulatorClient
from bot.logs import configure_logging
from bot.telegram import TelegramFileStore, build_application
from handlers import router
from handlers.core import Env, Reply, Request, Sender, SystemClock, Where
from handlers.papers import exports
from storage import migrate
from storage.db import make_engine, make_sessionmaker
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    ChatKind,
    PaperCall,
    Person,
    Platform,
    Submission,
    Unit,
)

TARGET_GROWTH_MB = 50.0
ORGANISER_ID = "5000000001"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UPLOAD_CONCURRENCY = 8
HASH_CHUNK = 1024 * 1024


class NoTimers:
    """The export arms nothing."""

    def arm(self, schedule_id: int, run_at: datetime) -> None:
        pass

    def disarm(self, schedule_id: int) -> None:
        pass


def megabytes(kilobytes: int) -> float:
    return kilobytes / 1024  # ru_maxrss and VmRSS are in KiB on Linux


def current_rss_kib() -> int:
    """Resident memory now (not the peak), from /proc; 0 where it cannot be read."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path("/proc/self/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
        return int(line.split()[1])
    return 0


def peak_rss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# ---- uploading the papers, in a process of its own ---------------------------------------------


async def upload(base_url: str, count: int, size: int) -> None:
    """(Child process.) One person per school sends its paper; prints one JSON line per file:
    its file id and the SHA-256 of its bytes."""
    async with EmulatorClient(base_url, timeout=60) as client:
        semaphore = asyncio.Semaphore(UPLOAD_CONCURRENCY)

        async def one(index: int) -> dict[str, Any]:
            async with semaphore:
                user = await client.create_user(f"Thư ký {index}")
                await client.private_chat(user["id"])
                content = os.urandom(size)  # incompressible, like a PDF
                message = await client.send_document(
                    user["id"], user["id"], paper_name(index), content, "application/pdf"
                )
                return {
                    "index": index,
                    "file_id": message["document"]["file_id"],
                    "sha256": hashlib.sha256(content).hexdigest(),
                }

        for line in await asyncio.gather(*(one(i) for i in range(1, count + 1))):
            print(json.dumps(line), flush=True)


async def upload_in_child(base_url: str, count: int, size: int) -> list[dict[str, Any]]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.export",
        "--upload-to",
        base_url,
        "--units",
        str(count),
        "--size-bytes",
        str(size),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"the upload process failed ({process.returncode})")
    return [json.loads(line) for line in out.decode().splitlines() if line.strip()]


def paper_name(index: int) -> str:
    return f"Tham luận Trường Chính trị số {index:03d}.pdf"


def unit_code(index: int) -> str:
    return f"T{index:03d}"


# ---- the database -------------------------------------------------------------------------------


async def write_call(database_url: str, papers: list[dict[str, Any]], size: int) -> None:
    """Migrate; the organiser, the units, a sent paper call to all, one current paper each."""
    await asyncio.to_thread(migrate.upgrade, database_url)
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    async with make_sessionmaker(engine)() as session:
        await session.execute(
            insert(Unit),
            [
                {
                    "code": unit_code(p["index"]),
                    "name": f"Trường Chính trị số {p['index']}",
                    "created_at": now,
                }
                for p in papers
            ],
        )
        await session.execute(
            insert(Person),
            [
                {
                    "platform": Platform.TELEGRAM,
                    "external_id": str(6000000000 + p["index"]),
                    "name": f"Thư ký {p['index']}",
                    "created_at": now,
                    "updated_at": now,
                }
                for p in papers
            ],
        )
        units = {u.code: u.id for u in (await session.scalars(select(Unit))).all()}
        people = {
            x.external_id: x.id
            for x in (await session.scalars(select(Person))).all()
            if x.platform == Platform.TELEGRAM
        }
        call = Announcement(
            kind=AnnouncementKind.PAPER_CALL,
            status=AnnouncementStatus.SENT,
            text="Đổi mới phương pháp giảng dạy lý luận chính trị",
            audience={"all": True, "units": [], "tags": [], "private": False},
            audience_text="tất cả",
            created_at=now,
            sent_at=now,
        )
        session.add(call)
        await session.flush()
        session.add(
            PaperCall(
                announcement_id=call.id,
                topic=call.text,
                deadline=now + timedelta(days=3),
                per_unit=1,
                reminders=[],
                deadline_day_reminder=False,
                sequence=0,
                updated_at=now,
            )
        )
        await session.execute(
            insert(Submission),
            [
                {
                    "announcement_id": call.id,
                    "unit_id": units[unit_code(p["index"])],
                    "person_id": people[str(6000000000 + p["index"])],
                    "platform_file_id": p["file_id"],
                    "file_name": paper_name(p["index"]),
                    "file_size": size,
                    "mime_type": "application/pdf",
                    "submitted_at": now,
                    "late": False,
                    "current": True,
                }
                for p in papers
            ],
        )
        await session.commit()
    await engine.dispose()


# ---- the export ---------------------------------------------------------------------------------


async def export_once(env: Env) -> tuple[Reply, float]:
    """The organiser's `/xuat 1` in their private chat, through the router, timed."""
    request = Request(
        sender=Sender(Platform.TELEGRAM, ORGANISER_ID, "Nguyễn Văn An", None, "vi"),
        chat=Where(Platform.TELEGRAM, ORGANISER_ID, ChatKind.PRIVATE, ""),
        command="xuat",
        args="1",
    )
    started = time.monotonic()
    reply = await router.handle_command(env, request)
    elapsed = time.monotonic() - started
    assert reply is not None
    return reply, elapsed


def check_zip(reply: Reply, papers: list[dict[str, Any]]) -> list[str]:
    """What is wrong with the export's ZIP parts (nothing: an empty list)."""
    problems: list[str] = []
    wanted = {f"{unit_code(p['index'])} - {paper_name(p['index'])}": p["sha256"] for p in papers}
    seen: dict[str, str] = {}
    parts = [a for a in reply.files if a.path is not None]
    for part in parts:
        assert part.path is not None
        if part.path.stat().st_size > exports.UPLOAD_LIMIT:
            problems.append(f"{part.filename} is over the upload limit")
        with zipfile.ZipFile(part.path) as archive:
            for info in archive.infolist():
                digest = hashlib.sha256()
                with archive.open(info) as entry:
                    while chunk := entry.read(HASH_CHUNK):
                        digest.update(chunk)
                if info.filename in seen:
                    problems.append(f"{info.filename} twice")
                seen[info.filename] = digest.hexdigest()
    if seen != wanted:
        missing = sorted(set(wanted) - set(seen))
        wrong = sorted(n for n in set(wanted) & set(seen) if wanted[n] != seen[n])
        problems.append(f"{len(missing)} papers missing, {len(wrong)} with other bytes")
    return problems


def total_size(reply: Reply) -> int:
    return sum(a.path.stat().st_size for a in reply.files if a.path is not None)


async def run(args: argparse.Namespace) -> bool:
    configure_logging("WARNING", [TOKEN])
    size = args.size_bytes or int(args.size_mb * 1024 * 1024)
    if args.postgres is not None:
        database: contextlib.AbstractAsyncContextManager[str] = postgres_database(args.postgres)
    elif args.database_url:
        database = contextlib.nullcontext(args.database_url)  # type: ignore[assignment]
    else:
        database = sqlite_database()
    async with database as database_url, emulator(1.0) as (base_url, _pid):
        started = time.monotonic()
        papers = await upload_in_child(base_url, args.units, size)
        await write_call(database_url, papers, size)
        print(
            f"setup: {len(papers)} papers of {size / 2**20:.1f} MB uploaded to the emulator and "
            f"written to the database in {time.monotonic() - started:.1f} s",
            flush=True,
        )
        app = build_application(TOKEN, base_url)
        await app.initialize()
        files = TelegramFileStore(app.bot)
        engine = make_engine(database_url)
        env = Env(
            sessions=make_sessionmaker(engine),
            clock=SystemClock(),
            tz=TZ,
            admins={Platform.TELEGRAM: {ORGANISER_ID}, Platform.ZALO: set()},
            timers=NoTimers(),
            files=files,
        )
        try:
            # pass 1: time and resident memory
            gc.collect()
            idle_rss, idle_peak = current_rss_kib(), peak_rss_kib()
            reply, elapsed = await export_once(env)
            peak_after = peak_rss_kib()
            parts = sum(1 for a in reply.files if a.path is not None)
            zipped = total_size(reply)
            problems = check_zip(reply, papers)
            assert reply.cleanup is not None
            reply.cleanup()

            # pass 2: Python allocations under tracemalloc
            traced_peak = None
            if not args.no_tracemalloc:
                gc.collect()
                tracemalloc.start()
                baseline = tracemalloc.get_traced_memory()[0]
                again, traced_elapsed = await export_once(env)
                traced_peak = tracemalloc.get_traced_memory()[1] - baseline
                tracemalloc.stop()
                problems += check_zip(again, papers)
                assert again.cleanup is not None
                again.cleanup()
        finally:
            await files.aclose()
            await app.shutdown()
            await engine.dispose()

    growth_mb = megabytes(peak_after - max(idle_rss, 1))
    growth_ok = growth_mb < TARGET_GROWTH_MB
    traced_ok = traced_peak is None or traced_peak / 2**20 < TARGET_GROWTH_MB
    ok = growth_ok and traced_ok and not problems
    lines = [
        ("database", database_url.split(":", 1)[0]),
        ("papers", f"{len(papers)} × {size / 2**20:.1f} MB = {len(papers) * size / 2**20:.0f} MB"),
        ("time to build the export", f"{elapsed:.2f} s ({len(papers) / elapsed:.0f} files/s, "
         f"{len(papers) * size / 2**20 / elapsed:.0f} MB/s; download, ZIP and XLSX)"),
        ("ZIP", f"{zipped / 2**20:.1f} MB in {parts} part(s) of at most "
         f"{exports.UPLOAD_LIMIT / 1e6:.0f} MB"),
        ("idle resident memory", f"{megabytes(idle_rss):.0f} MB "
         f"(peak so far {megabytes(idle_peak):.0f} MB)"),
        ("peak resident memory", f"{megabytes(peak_after):.0f} MB (ru_maxrss)"),
        ("peak growth over idle", f"{growth_mb:.1f} MB (target < {TARGET_GROWTH_MB:.0f} MB)"),
    ]  # fmt: skip
    if traced_peak is not None:
        lines.append(
            (
                "peak traced allocations",
                f"{traced_peak / 2**20:.1f} MB (tracemalloc, second export, "
                f"{traced_elapsed:.1f} s under tracing)",
            )
        )
    lines.append(("ZIP contents", "; ".join(problems) if problems else "every paper, exact bytes"))
    lines.append(("result", "PASS" if ok else "FAIL"))
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        print(f"{label:<{width}}  {value}")
    return ok


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.export",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--units", type=int, default=200, help="units, one paper each")
    parser.add_argument("--size-mb", type=float, default=2.0, help="size of each paper")
    parser.add_argument("--size-bytes", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--upload-to", help=argparse.SUPPRESS)  # the child process
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--database-url", help="database to use (default: a temporary SQLite file)")
    where.add_argument(
        "--postgres",
        nargs="?",
        const=DEFAULT_PG_ADMIN,
        metavar="ADMIN_URL",
        help="create and drop a throwaway PostgreSQL database on this server "
        f"(default {DEFAULT_PG_ADMIN})",
    )
    parser.add_argument(
        "--no-tracemalloc", action="store_true", help="skip the second, traced export"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = arguments(argv)
    if args.upload_to:
        asyncio.run(upload(args.upload_to, args.units, args.size_bytes))
        return
    ok = asyncio.run(run(args))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
