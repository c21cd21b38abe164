"""The issue's paper call end to end, in one run: a call to ten schools; six submit (one twice,
one after the deadline); a reminder reaches exactly the four still missing; `/tinhhinh` shows
6/10 with the late one flagged; `/xuat` gives a ZIP whose entries hold exactly the bytes the
emulator served, and an XLSX whose rows match the database. Then the export's refusals and its
download retries.

"After the deadline" is real here: the call is made with a deadline four days ahead on a clock
that the test then moves past it (`SkewedClock`), so the bot itself judges the sixth paper late.
`/sua` cannot move a deadline into the past (past times are refused), and writing the late flag
into the database would test nothing. The timers stay on real time, so none fires meanwhile.
"""

from __future__ import annotations

import asyncio
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import select

from handlers.papers.exports import format_size
from storage.db import make_engine, make_sessionmaker
from storage.models import Submission, Unit
from tests.e2e.conftest import Cluster, SkewedClock, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TOPIC = "Đổi mới phương pháp giảng dạy lý luận chính trị"
PAPERS = [  # (school index, original file name): Vietnamese names, every accepted type
    (0, "Tham luận Tô Hiệu.pdf"),
    (1, "Kinh nghiệm đổi mới – Trường số 2.docx"),
    (2, "Bài viết của Đảng ủy.odt"),
    (3, "Tham luận Tô Hiệu.pdf"),  # the same name as the first school's: the code tells apart
    (4, "Giảng dạy lý luận ở cơ sở.doc"),
    (0, "Tham luận Tô Hiệu (bản sửa).docx"),  # the first school again: this one counts
]
LATE = (5, "Tham luận Trường số 6 – nộp muộn.pdf")


def export_folders() -> set[Path]:
    """The export's temporary folders present now (each removed once its files were sent)."""
    return set(Path(tempfile.gettempdir()).glob("loa-xuat-*"))


def pdf(label: str) -> bytes:
    return f"%PDF-1.4\n% {label}\n".encode() + bytes(range(256)) * 8


def paper_bytes(name: str, label: str) -> bytes:
    """Bytes that are what the file's name says (a file that is not is refused at submission)."""
    kind = Path(name).suffix.lower()
    if kind == ".doc":  # the OLE2 header of Word 97–2003 files
        return bytes.fromhex("d0cf11e0a1b11ae1") + label.encode() + bytes(range(256)) * 8
    if kind not in (".docx", ".odt"):
        return pdf(label)
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        stamp = (2024, 6, 1, 0, 0, 0)  # the same bytes each time
        if kind == ".odt":
            mimetype = "application/vnd.oasis.opendocument.text"
            archive.writestr(zipfile.ZipInfo("mimetype", stamp), mimetype)
            archive.writestr(zipfile.ZipInfo("content.xml", stamp), label)
        else:
            archive.writestr(zipfile.ZipInfo("word/document.xml", stamp), label)
    return buffer.getvalue()


async def submit(c: Cluster, user: dict[str, Any], chat_id: int, name: str) -> tuple[str, bytes]:
    """Send a file with caption `/nop 1`; Loa's acknowledgement and the bytes the emulator
    serves for that file."""
    before = len(await c.client.bot_messages(chat_id))
    message = await c.client.send_document(
        user["id"], chat_id, name, paper_bytes(name, f"{chat_id} {name}"), caption="/nop 1"
    )
    reply = (await c.client.wait_bot_messages(chat_id, before + 1, timeout=10))[before]
    served = await c.client.file_bytes(message["document"]["file_id"])
    assert served == paper_bytes(name, f"{chat_id} {name}")
    return str(reply["text"]), served


def xlsx_rows_of(
    papers: Sequence[Submission], units: Sequence[Unit], entries: dict[str, bytes]
) -> list[tuple[Any, ...]]:
    """What the «Danh sách» sheet must hold, read from the database: per unit in code order its
    current papers (oldest first) as (unit, file, sender, late, size, time, ZIP entry), or one
    «Chưa nộp» row. The size is that of the bytes in the ZIP."""
    rows: list[tuple[Any, ...]] = []
    for unit in units:
        label = f"{unit.code} — {unit.name}"
        current = [p for p in papers if p.unit_id == unit.id and p.current]
        for paper in current:
            entry = f"{unit.code} - {paper.file_name}"
            at = paper.submitted_at.astimezone(TZ).replace(tzinfo=None)
            late = "Có" if paper.late else None
            size = format_size(len(entries[entry]))
            rows.append((label, paper.file_name, paper.person.name, late, size, at, entry))
        if not current:
            rows.append((label, "Chưa nộp", None, None, None, None, None))
    return rows


async def test_ten_schools_six_papers_one_late_a_reminder_the_table_and_the_export(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    await c.stop()
    clock = SkewedClock(timedelta(0))
    c.clock = clock
    await c.start()
    groups = await build_cluster(c, units=10, extra_groups=1)  # the eleventh is not linked
    deadline = (datetime.now(TZ) + timedelta(days=4)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    when = f"17h {deadline.day}/{deadline.month}/{deadline.year}"
    await c.say(org, org["id"], f"/thamluan {TOPIC} | {when} | tất cả!", replies=0)

    async def tally_everywhere(tally: str) -> bool:
        for gid in groups[:10]:
            cards = [m for m in await c.client.bot_messages(gid) if "GỬI THAM LUẬN #1" in m["text"]]
            if len(cards) != 1 or tally not in cards[0]["text"]:
                return False
        return True

    async def none_in() -> bool:
        return await tally_everywhere("Đã nộp: 0/10 đơn vị")

    await wait_until(none_in, within=30)
    assert not any("THAM LUẬN" in m["text"] for m in await c.client.bot_messages(groups[10]))

    # five schools on time (the first of them twice), then the sixth after the deadline
    people = [await c.client.create_user(f"Thư ký {i}") for i in range(1, 11)]
    served: dict[int, tuple[str, bytes]] = {}  # school → (its current file's name, bytes)
    for index, name in PAPERS:
        ack, content = await submit(c, people[index], groups[index], name)
        assert ack.startswith(f"✅ Đã nhận tham luận của Trường Chính trị số {index + 1} lúc ")
        replaced = (
            " Tệp này thay cho tệp gửi trước đó. Đây là bản 2 của đơn vị."
            if index in served
            else ""
        )
        assert ack.endswith(f": {name}.{replaced}")
        assert "nộp muộn" not in ack
        served[index] = (name, content)

    async def five_in() -> bool:
        return await tally_everywhere("Đã nộp: 5/10 đơn vị")

    await wait_until(five_in, within=30)
    clock.offset = deadline - datetime.now(TZ) + timedelta(hours=1)
    index, name = LATE
    ack, content = await submit(c, people[index], groups[index], name)
    assert f"(nộp muộn): {name}." in ack
    served[index] = (name, content)

    async def six_in() -> bool:
        return await tally_everywhere("Đã nộp: 6/10 đơn vị")

    await wait_until(six_in, within=30)

    # /nhacnho reaches exactly the four missing schools' groups and names what is missing
    counts = [len(await c.client.bot_messages(g)) for g in groups]
    (reply,) = await c.say(org, org["id"], "/nhacnho 1")
    assert reply["text"] == "🔔 Đã nhắc 4 đơn vị chưa nộp tham luận #1: T07, T08, T09, T10."
    for i in range(6, 10):
        (reminder,) = (await c.client.wait_bot_messages(groups[i], counts[i] + 1))[counts[i] :]
        assert (
            f"Nhắc nộp tham luận #1 «{TOPIC}»: đơn vị T{i + 1:02d} mới nộp 0/1 bài"
            in (reminder["text"])
        )
        assert "vẫn nhận tham luận và ghi là nộp muộn" in reminder["text"]
    await asyncio.sleep(1.0)  # nothing else arrives anywhere
    assert [len(await c.client.bot_messages(g)) for g in groups] == [
        n + (1 if 6 <= i < 10 else 0) for i, n in enumerate(counts)
    ]

    # /tinhhinh: 6/10 at the top, every school with its current file, the late one flagged
    (status,) = await c.say(org, org["id"], "/tinhhinh 1")
    text = status["text"]
    lines = text.split("\n")
    assert lines[0] == "📋 Tình hình nộp tham luận #1" and lines[3] == "Đã nộp: 6/10 đơn vị"
    assert "📄 Tham luận Tô Hiệu (bản sửa).docx — Thư ký 1 — " in text
    (late_line,) = [line for line in lines if "nộp muộn" in line]
    assert late_line.startswith(f"    📄 {LATE[1]} — Thư ký 6 — ") and late_line.endswith(
        "⏰ nộp muộn"
    )
    for code in ("T07", "T08", "T09", "T10"):
        assert f"⬜ {code} — Trường Chính trị số {int(code[1:])}: chưa nộp" in text
    assert lines[-2] == "⏳ Chưa nộp: T07, T08, T09, T10"

    # /xuat: the summary, the XLSX list and the ZIP, privately
    leftovers = export_folders()
    await c.client.reset_log()
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 1")
    summary, xlsx, archive = (await c.client.wait_bot_messages(org["id"], before + 3, 20))[before:]
    assert "Đã nộp: 6/10 đơn vị · 6 tệp" in summary["text"]
    assert "Chưa nộp đủ: T07, T08, T09, T10" in summary["text"]
    assert xlsx["document"]["file_name"] == "tham-luan-1-danh-sach.xlsx"
    assert archive["document"]["file_name"] == "tham-luan-1.zip"
    assert archive["caption"] == "🗂 Tham luận #1 (ZIP, 6 tệp)"
    assert len(await c.client.requests("getFile")) == 6  # each current file fetched once

    with zipfile.ZipFile(BytesIO(await c.client.file_bytes(archive["document"]["file_id"]))) as z:
        assert z.testzip() is None
        found = {info.filename: z.read(info) for info in z.infolist()}
    expected = {f"T{i + 1:02d} - {name}": content for i, (name, content) in served.items()}
    assert found == expected  # names intact (NFC), bytes as served; the first school's 2nd file
    assert all(unicodedata.is_normalized("NFC", entry) for entry in found)

    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            papers = (await session.scalars(select(Submission).order_by(Submission.id))).all()
            units = (await session.scalars(select(Unit).order_by(Unit.code))).all()
            rows_expected = xlsx_rows_of(papers, units, found)
            history = [(p.unit.code, p.file_name, p.current, p.late) for p in papers]
    finally:
        await engine.dispose()
    assert len(history) == 7 and sum(current for *_, current, _ in history) == 6
    assert [(code, name) for code, name, _, late in history if late] == [("T06", LATE[1])]

    book = load_workbook(BytesIO(await c.client.file_bytes(xlsx["document"]["file_id"])))
    rows = list(book["Danh sách"].iter_rows(values_only=True))
    assert rows[0] == (
        "STT",
        "Đơn vị",
        "Tên tệp",
        "Người nộp",
        "Thời điểm",
        "Nộp muộn",
        "Dung lượng",
        "Tệp trong ZIP",
        "Nền tảng",
        "Định dạng",
        "Bản",
        "Thẩm định",
        "Nhận xét",
    )
    assert [r[0] for r in rows[1:]] == list(range(1, 11))
    assert [r[8] for r in rows[1:]] == ["Telegram"] * 6 + [None] * 4  # the missing have no one
    assert [(r[1], r[2], r[3], r[5], r[6], r[7]) for r in rows[1:]] == [
        row[:5] + row[6:] for row in rows_expected
    ]
    for got, want in zip(rows[1:], rows_expected, strict=True):
        if want[5] is None:
            assert got[4] is None
        else:  # Excel keeps the time to the millisecond
            assert abs(got[4] - want[5]) < timedelta(seconds=1)
    sheet = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(values_only=True)}
    assert sheet["Đơn vị đã nộp đủ"] == "6/10" and sheet["Số tệp"] == 6
    assert sheet["Đơn vị có bài nộp muộn"] == "T06"
    assert sheet["Đơn vị chưa nộp đủ"] == "T07, T08, T09, T10"

    async def temporary_files_removed() -> bool:
        return export_folders() <= leftovers

    await wait_until(temporary_files_removed)


async def test_a_member_asking_for_the_export_gets_a_refusal_and_no_file(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=1, extra_groups=0)
    deadline = datetime.now(TZ) + timedelta(days=3)
    await c.say(
        org,
        org["id"],
        f"/thamluan Tham luận | 17h {deadline.day}/{deadline.month}/{deadline.year} | tất cả!",
        replies=0,
    )

    async def card_arrived() -> bool:
        return any("GỬI THAM LUẬN #1" in m["text"] for m in await c.client.bot_messages(groups[0]))

    await wait_until(card_arrived)
    member = await c.person("Bình", "Trần Thị")
    await c.client.send_document(
        member["id"], groups[0], "Tham luận.pdf", pdf("T01"), caption="/nop 1"
    )

    async def received() -> bool:
        return any("Đã nhận" in m["text"] for m in await c.client.bot_messages(groups[0]))

    await wait_until(received)
    await c.client.reset_log()
    (refusal,) = await c.say(member, groups[0], "/xuat 1")
    assert "chỉ dành cho Ban tổ chức" in refusal["text"]
    assert await c.client.requests("getFile") == []
    assert all(m["document"] is None for m in await c.client.bot_messages(member["id"]))


async def test_a_download_that_fails_once_is_retried_and_a_refused_one_is_reported(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=1, extra_groups=0)
    deadline = datetime.now(TZ) + timedelta(days=3)
    await c.say(
        org,
        org["id"],
        f"/thamluan Tham luận | 17h {deadline.day}/{deadline.month}/{deadline.year} | tất cả!",
        replies=0,
    )

    async def card_arrived() -> bool:
        return any("GỬI THAM LUẬN #1" in m["text"] for m in await c.client.bot_messages(groups[0]))

    await wait_until(card_arrived)
    member = await c.client.create_user("Thư ký")
    paper = pdf("T01")
    before = len(await c.client.bot_messages(groups[0]))
    await c.client.send_document(member["id"], groups[0], "Tham luận.pdf", paper, caption="/nop 1")
    await c.client.wait_bot_messages(groups[0], before + 1, timeout=10)

    await c.client.reset_log()
    await c.client.set_fault(method="getFile", status=502, count=1)
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 1")
    _, _, archive = (await c.client.wait_bot_messages(org["id"], before + 3, 20))[before:]
    with zipfile.ZipFile(BytesIO(await c.client.file_bytes(archive["document"]["file_id"]))) as z:
        assert z.read("T01 - Tham luận.pdf") == paper
    assert [r["status"] for r in await c.client.requests("getFile")] == [502, 200]

    await c.client.set_fault(method="getFile", status=400, count=1)  # refused: not retried
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 1")
    summary, xlsx = (await c.client.wait_bot_messages(org["id"], before + 2, 20))[before:]
    assert "⚠️ Không tải được 1 tệp: T01 - Tham luận.pdf." in summary["text"]
    assert "không có tệp ZIP" in summary["text"]
    assert xlsx["document"]["file_name"] == "tham-luan-1-danh-sach.xlsx"
    book = load_workbook(BytesIO(await c.client.file_bytes(xlsx["document"]["file_id"])))
    assert list(book["Danh sách"].iter_rows(values_only=True))[1][7] == "Không tải được"
    await asyncio.sleep(0.5)  # nothing else follows
    assert len(await c.client.bot_messages(org["id"])) == before + 2
