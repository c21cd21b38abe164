"""`/xuat` for a paper call end to end: schools submit files in their groups, the organiser gets
a ZIP whose entries hold exactly the bytes the emulator served, and an XLSX that matches."""

from __future__ import annotations

import asyncio
import tempfile
import zipfile
from datetime import datetime, timedelta
from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def export_folders() -> set[Path]:
    """The export's temporary folders present now (each removed once its files were sent)."""
    return set(Path(tempfile.gettempdir()).glob("loa-xuat-*"))


def pdf(label: str) -> bytes:
    return f"%PDF-1.4\n% {label}\n".encode() + bytes(range(256)) * 8


async def test_the_export_zip_holds_exactly_the_files_the_schools_sent(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=4, extra_groups=0)
    deadline = datetime.now(TZ) + timedelta(days=3)
    when = f"17h {deadline.day}/{deadline.month}/{deadline.year}"
    await c.say(
        org,
        org["id"],
        f"/thamluan Đổi mới phương pháp giảng dạy | {when} | tất cả!\nsố bài: 2",
        replies=0,
    )

    async def cards_everywhere() -> bool:
        return all(
            [
                any("GỬI THAM LUẬN #1" in m["text"] for m in await c.client.bot_messages(g))
                for g in groups
            ]
        )

    await wait_until(cards_everywhere)
    sent = [  # (group index, file name, bytes): T01 twice under one name, T04 nothing
        (0, "Tham luận Tô Hiệu.pdf", pdf("T01 bài 1")),
        (0, "Tham luận Tô Hiệu.pdf", pdf("T01 bài 2")),
        (1, "Kinh nghiệm đổi mới.docx", pdf("T02")),
        (2, "Tham luận Tô Hiệu.pdf", pdf("T03")),
    ]
    served: dict[tuple[int, bytes], bytes] = {}
    for index, name, content in sent:
        member = await c.client.create_user(f"Thư ký {index + 1}")
        before = len(await c.client.bot_messages(groups[index]))
        message = await c.client.send_document(
            member["id"], groups[index], name, content, caption="/nop 1"
        )
        ack = (await c.client.wait_bot_messages(groups[index], before + 1, timeout=10))[-1]
        assert "Đã nhận tham luận của Trường Chính trị số" in ack["text"]
        served[(index, content)] = await c.client.file_bytes(message["document"]["file_id"])
        assert served[(index, content)] == content

    leftovers = export_folders()
    await c.client.reset_log()
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 1")
    summary, xlsx, archive = (await c.client.wait_bot_messages(org["id"], before + 3, 20))[before:]
    assert "Đã nộp: 1/4 đơn vị · 4 tệp" in summary["text"]
    assert "Chưa nộp đủ: T02, T03, T04" in summary["text"]
    assert xlsx["document"]["file_name"] == "tham-luan-1-danh-sach.xlsx"
    assert archive["document"]["file_name"] == "tham-luan-1.zip"
    assert archive["caption"] == "🗂 Tham luận #1 (ZIP, 4 tệp)"

    with zipfile.ZipFile(BytesIO(await c.client.file_bytes(archive["document"]["file_id"]))) as z:
        assert z.testzip() is None
        found = {info.filename: z.read(info) for info in z.infolist()}
    assert found == {
        "T01 - Tham luận Tô Hiệu.pdf": served[(0, pdf("T01 bài 1"))],
        "T01 - Tham luận Tô Hiệu (2).pdf": served[(0, pdf("T01 bài 2"))],
        "T02 - Kinh nghiệm đổi mới.docx": served[(1, pdf("T02"))],
        "T03 - Tham luận Tô Hiệu.pdf": served[(2, pdf("T03"))],
    }
    assert len(await c.client.requests("getFile")) == 4  # each file fetched once, by getFile

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
    )
    table = [(r[1], r[2], r[3], r[5], r[7]) for r in rows[1:]]
    assert table == [
        ("T01 — Trường Chính trị số 1", "Tham luận Tô Hiệu.pdf", "Thư ký 1", None,
         "T01 - Tham luận Tô Hiệu.pdf"),
        ("T01 — Trường Chính trị số 1", "Tham luận Tô Hiệu.pdf", "Thư ký 1", None,
         "T01 - Tham luận Tô Hiệu (2).pdf"),
        ("T02 — Trường Chính trị số 2", "Kinh nghiệm đổi mới.docx", "Thư ký 2", None,
         "T02 - Kinh nghiệm đổi mới.docx"),
        ("T02 — Trường Chính trị số 2", "Còn thiếu 1 bài", None, None, None),
        ("T03 — Trường Chính trị số 3", "Tham luận Tô Hiệu.pdf", "Thư ký 3", None,
         "T03 - Tham luận Tô Hiệu.pdf"),
        ("T03 — Trường Chính trị số 3", "Còn thiếu 1 bài", None, None, None),
        ("T04 — Trường Chính trị số 4", "Chưa nộp", None, None, None),
    ]  # fmt: skip
    assert all(isinstance(r[4], datetime) for r in rows[1:] if r[3])
    summary_sheet = {r[0]: r[1] for r in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary_sheet["Đơn vị đã nộp đủ"] == "1/4" and summary_sheet["Số tệp"] == 4

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
