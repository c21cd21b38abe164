"""`/xuat` for a paper call on a real database: the ZIP of the current papers (fetched through a
fake FileStore), the XLSX list, the split into parts, refusals."""

from __future__ import annotations

import asyncio
import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from handlers import router
from handlers.core import FileRef, FileUnavailable, Reply
from handlers.papers import exports
from tests.support import Harness, command, group_chat, person
from tests.unit.test_papers import cluster, deliver, gid, nop

CALL = "Đổi mới phương pháp giảng dạy lý luận chính trị | 17h 14/6/2024 | tất cả!"
TWO_EACH = CALL + "\nsố bài: 2"
HEADER = [
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
]
REVIEW = ["Bản", "Thẩm định", "Nhận xét"]
FIRST = [1, "đã nhận", None]  # a first version, not appraised yet


class FakeStore:
    """A FileStore that writes known bytes for each file id (or fails for some)."""

    def __init__(self, failing: set[str] | None = None) -> None:
        self.contents: dict[str, bytes] = {}
        self.kinds: dict[str, str] = {}  # file id → the extension its bytes are made for
        self.failing = failing or set()
        self.asked: list[str] = []

    def content(self, file_id: str) -> bytes:
        if file_id not in self.contents:
            self.contents[file_id] = fake_bytes(file_id, self.kinds.get(file_id, ".pdf"))
        return self.contents[file_id]

    async def download(self, file_id: str, destination: Path) -> int:
        self.asked.append(file_id)
        if file_id in self.failing:
            raise FileUnavailable("Bad Request: file is too big")
        data = self.content(file_id)
        await asyncio.to_thread(destination.write_bytes, data)
        return len(data)


def fake_bytes(file_id: str, kind: str) -> bytes:
    """Bytes that are what the name says by their content (a file that is not is refused)."""
    if kind not in (".docx", ".odt"):
        return f"%PDF-1.4 {file_id} ".encode() * 40
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        stamp = (2024, 6, 1, 0, 0, 0)
        if kind == ".odt":
            archive.writestr(
                zipfile.ZipInfo("mimetype", stamp), "application/vnd.oasis.opendocument.text"
            )
        else:
            archive.writestr(zipfile.ZipInfo("word/document.xml", stamp), f"<w:document>{file_id}")
    return buffer.getvalue()


@pytest.fixture
def store(h: Harness) -> FakeStore:
    fake = FakeStore()
    h.env.files = fake
    return fake


async def say(h: Harness, name: str, args: str = "", **kwargs: object) -> Reply:
    reply = await router.handle_command(h.env, command(name, args, **kwargs))  # type: ignore[arg-type]
    assert reply is not None
    return reply


async def submit(h: Harness, unit: int, name: str, file_id: str, who: str | None = None) -> None:
    if isinstance(h.env.files, FakeStore):
        h.env.files.kinds[file_id] = Path(name).suffix.lower()
    reply = await router.handle_command(
        h.env, nop(unit, "1", FileRef(file_id, name, 1200, "application/pdf"), who)
    )
    assert reply is not None and "Đã nhận tham luận" in reply.text, reply
    if isinstance(h.env.files, FakeStore):  # `asked` counts what the export fetched
        h.env.files.asked.remove(file_id)  # (the receipt's check fetched it once)


def entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def sheet_rows(content: bytes, sheet: str = "Danh sách") -> list[list[object]]:
    book = load_workbook(io.BytesIO(content))
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


async def papers_call(h: Harness, form: str = CALL, units: int = 4) -> None:
    await cluster(h, units)
    await say(h, "thamluan", form)
    await deliver(h)


# --- the ZIP ---------------------------------------------------------------------------------


async def test_the_zip_holds_each_current_paper_named_by_unit_with_the_bytes_served(
    h: Harness, store: FakeStore
) -> None:
    await papers_call(h, TWO_EACH)
    await submit(h, 1, "Tham luận.pdf", "f-1")
    await submit(h, 1, "Tham luận.pdf", "f-2")  # the same name twice in one unit
    await submit(h, 2, "Bản thảo cũ.docx", "f-3")
    await submit(h, 2, "Đổi mới giảng dạy.docx", "f-4")
    await submit(h, 2, "Kinh nghiệm Hải Phòng.odt", "f-5")  # replaces the oldest of U2
    await submit(h, 3, "Tham luận.pdf", "f-6")

    reply = await say(h, "xuat", "1")
    try:
        assert not reply.to_person  # asked in private: answered there
        xlsx, archive = reply.files
        assert xlsx.filename == "tham-luan-1-danh-sach.xlsx" and xlsx.content
        assert archive.filename == "tham-luan-1.zip" and archive.path is not None
        assert archive.caption == "🗂 Tham luận #1 (ZIP, 5 tệp)"
        found = entries(archive.path)
        assert found == {
            "U1 - Tham luận.pdf": store.content("f-1"),
            "U1 - Tham luận (2).pdf": store.content("f-2"),
            "U2 - Đổi mới giảng dạy.docx": store.content("f-4"),
            "U2 - Kinh nghiệm Hải Phòng.odt": store.content("f-5"),
            "U3 - Tham luận.pdf": store.content("f-6"),
        }
        assert "f-3" not in store.asked  # replaced: history, not exported
        with zipfile.ZipFile(archive.path) as opened:
            info = opened.getinfo("U2 - Đổi mới giảng dạy.docx")
            assert info.flag_bits & 0x800  # UTF-8 names: diacritics survive any unzip tool
            assert info.date_time == (2024, 6, 12, 10, 15, 0)  # when it was submitted, local
        assert "Đã nộp: 2/4 đơn vị · 5 tệp" in reply.text
        assert "Chưa nộp đủ: U3, U4" in reply.text
        listed = [(row[1][:2], row[2], row[7]) for row in sheet_rows(xlsx.content)[1:]]
        assert listed == [  # a unit short of papers gets a row saying how many are missing
            ("U1", "Tham luận.pdf", "U1 - Tham luận.pdf"),
            ("U1", "Tham luận.pdf", "U1 - Tham luận (2).pdf"),
            ("U2", "Đổi mới giảng dạy.docx", "U2 - Đổi mới giảng dạy.docx"),
            ("U2", "Kinh nghiệm Hải Phòng.odt", "U2 - Kinh nghiệm Hải Phòng.odt"),
            ("U3", "Tham luận.pdf", "U3 - Tham luận.pdf"),
            ("U3", "Còn thiếu 1 bài", None),
            ("U4", "Chưa nộp", None),
        ]
        assert "Tệp ZIP và danh sách Excel được gửi kèm dưới đây." in reply.text
        folder = archive.path.parent
        assert [p.name for p in folder.iterdir()] == ["part-1.zip"]  # downloads already gone
    finally:
        assert reply.cleanup is not None
        reply.cleanup()
    assert not folder.exists()


def test_entry_names_keep_vietnamese_and_never_leave_the_folder() -> None:
    taken: set[str] = set()
    name = exports.zip_entry_name
    assert name("HP", "Tham luận.pdf", taken) == "HP - Tham luận.pdf"
    assert name("HP", "THAM LUẬN.pdf", taken) == "HP - THAM LUẬN (2).pdf"  # Windows: same file
    assert name("HP", "Tham lua\u0323\u0302n.pdf", taken) == "HP - Tham luận (3).pdf"  # NFD
    assert name("HP", "Tham luận (2).pdf", taken) == "HP - Tham luận (2) (2).pdf"
    assert name("VP", "../../etc/passwd.pdf", taken) == "VP - .._.._etc_passwd.pdf"
    assert name("VP", 'Bài: "Đổi mới"?.pdf', taken) == "VP - Bài_ _Đổi mới__.pdf"
    long = name("HN", "Tham luận " * 40 + ".docx", taken)
    assert len(long) <= exports.MAX_ENTRY_NAME and long.endswith(".docx")


async def test_a_zip_over_the_upload_limit_is_split_into_parts_each_under_it(
    h: Harness, store: FakeStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    await papers_call(h, units=5)
    for i in range(1, 6):
        await submit(h, i, f"Tham luận đơn vị {i}.pdf", f"f-{i}")
    size = len(store.content("f-1"))
    limit = 2 * exports.zip_entry_cost("U1 - Tham luận đơn vị 1.pdf", size) + exports.ZIP_END
    monkeypatch.setattr(exports, "UPLOAD_LIMIT", limit)

    reply = await say(h, "xuat", "1")
    try:
        xlsx, *parts = reply.files
        assert [p.filename for p in parts] == [
            "tham-luan-1-phan-1.zip",
            "tham-luan-1-phan-2.zip",
            "tham-luan-1-phan-3.zip",
        ]
        assert parts[0].caption == "🗂 Tham luận #1 (ZIP, phần 1/3, 2 tệp)"
        together: dict[str, bytes] = {}
        for part in parts:
            assert part.path is not None and part.path.stat().st_size <= limit
            found = entries(part.path)
            assert not set(found) & set(together)
            together.update(found)
        assert together == {
            f"U{i} - Tham luận đơn vị {i}.pdf": store.content(f"f-{i}") for i in range(1, 6)
        }
        assert "Tệp ZIP được chia thành 3 phần" in reply.text
        rows = sheet_rows(xlsx.content)
        assert [row[7] for row in rows[1:]] == [
            "U1 - Tham luận đơn vị 1.pdf (phần 1)",
            "U2 - Tham luận đơn vị 2.pdf (phần 1)",
            "U3 - Tham luận đơn vị 3.pdf (phần 2)",
            "U4 - Tham luận đơn vị 4.pdf (phần 2)",
            "U5 - Tham luận đơn vị 5.pdf (phần 3)",
        ]
    finally:
        assert reply.cleanup is not None
        reply.cleanup()


# --- the XLSX --------------------------------------------------------------------------------


async def test_the_xlsx_lists_every_file_and_the_units_that_did_not_submit(
    h: Harness, store: FakeStore
) -> None:
    await papers_call(h)
    await submit(h, 1, "Tham luận Hải Phòng.pdf", "f-1", who="5000000101")
    h.clock.advance(minutes=20)
    await submit(h, 3, "=HYPERLINK(1).pdf", "f-3", who="5000000103")
    h.clock.advance(days=3)  # after the deadline: accepted, marked late
    await submit(h, 2, "Tham luận Vĩnh Phúc.docx", "f-2", who="5000000102")

    reply = await say(h, "xuat", "1")
    assert reply.cleanup is not None
    reply.cleanup()
    size = "520 B"  # 13 bytes × 40
    docx_size = exports.format_size(len(store.content("f-2")))
    rows = sheet_rows(reply.files[0].content)
    assert rows == [
        HEADER + REVIEW,
        [1, "U1 — Trường Chính trị số 1", "Tham luận Hải Phòng.pdf", "Thư ký 1",
         datetime(2024, 6, 12, 10, 15), None, size, "U1 - Tham luận Hải Phòng.pdf", "Telegram",
         None, *FIRST],
        [2, "U2 — Trường Chính trị số 2", "Tham luận Vĩnh Phúc.docx", "Thư ký 2",
         datetime(2024, 6, 15, 10, 35), "Có", docx_size, "U2 - Tham luận Vĩnh Phúc.docx",
         "Telegram", None, *FIRST],
        [3, "U3 — Trường Chính trị số 3", "=HYPERLINK(1).pdf", "Thư ký 3",
         datetime(2024, 6, 12, 10, 35), None, size, "U3 - =HYPERLINK(1).pdf", "Telegram", None,
         *FIRST],
        [4, "U4 — Trường Chính trị số 4", "Chưa nộp", None, None, None, None, None, None, None,
         None, None, None],
    ]  # fmt: skip
    book = load_workbook(io.BytesIO(reply.files[0].content))
    assert book.sheetnames == ["Danh sách", "Tổng hợp"]
    assert book["Danh sách"]["C4"].data_type == "s"  # a formula-like name stays text
    assert all(cell.font.bold for cell in book["Danh sách"][1])
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Chủ đề"] == "Đổi mới phương pháp giảng dạy lý luận chính trị"
    assert summary["Hạn nộp"] == "17:00, Thứ Sáu 14/06/2024"
    assert summary["Đơn vị đã nộp đủ"] == "3/4"
    assert summary["Đơn vị có bài nộp muộn"] == "U2"
    assert summary["Đơn vị chưa nộp đủ"] == "U4"
    assert (summary["Số tệp"], summary["Số phần ZIP"]) == (3, 1)
    everything = " ".join(str(v) for row in rows for v in row) + str(summary)
    for secret in ("5000000101", "f-1", "-4000000001"):  # no platform ids
        assert secret not in everything


async def test_a_file_the_platform_cannot_give_back_is_listed_and_left_out(
    h: Harness, store: FakeStore
) -> None:
    await papers_call(h, units=2)
    await submit(h, 1, "Tham luận.pdf", "f-1")
    await submit(h, 2, "Quá lớn.pdf", "f-2")
    store.failing.add("f-2")
    reply = await say(h, "xuat", "1")
    try:
        xlsx, archive = reply.files
        assert archive.path is not None
        assert set(entries(archive.path)) == {"U1 - Tham luận.pdf"}
        assert "⚠️ Không tải được 1 tệp: U2 - Quá lớn.pdf." in reply.text
        rows = sheet_rows(xlsx.content)
        assert rows[2][2] == "Quá lớn.pdf" and rows[2][7] == "Không tải được"
    finally:
        assert reply.cleanup is not None
        reply.cleanup()


# --- no papers, refusals, privacy -------------------------------------------------------------


async def test_a_call_with_no_submissions_gets_a_clear_message_and_the_xlsx_only(
    h: Harness, store: FakeStore
) -> None:
    await papers_call(h, units=3)
    reply = await say(h, "xuat", "#1")
    assert "Chưa đơn vị nào nộp tham luận nên chưa có tệp ZIP" in reply.text
    (xlsx,) = reply.files
    assert xlsx.filename.endswith(".xlsx") and reply.cleanup is None
    rows = sheet_rows(xlsx.content)
    assert [row[2] for row in rows[1:]] == ["Chưa nộp"] * 3
    assert store.asked == []


async def test_a_member_cannot_export_papers_and_nothing_is_fetched(
    h: Harness, store: FakeStore
) -> None:
    await papers_call(h, units=2)
    await submit(h, 1, "Tham luận.pdf", "f-1")
    before = await h.counts()
    member = person("5000000101", "Thư ký 1")
    for where in (group_chat(gid(1), "Nhóm U1"), None):
        reply = await say(h, "xuat", "1", who=member, where=where)
        assert "lệnh <b>/xuat</b> chỉ dành cho Ban tổ chức" in reply.text
        assert reply.files == [] and reply.cleanup is None
    after = await h.counts()
    after.pop("chats"), before.pop("chats")  # the member's private chat is now known
    assert store.asked == [] and after == before


async def test_asked_in_a_group_the_papers_go_to_the_organisers_private_chat(
    h: Harness, store: FakeStore
) -> None:
    await papers_call(h, units=2)
    await say(h, "start")  # the organiser has a private chat with Loa
    await submit(h, 1, "Tham luận.pdf", "f-1")
    reply = await say(h, "xuat", "1", where=group_chat(gid(1), "Nhóm U1"))
    assert reply.cleanup is not None
    reply.cleanup()
    assert reply.to_person and len(reply.files) == 2

    from storage.models import Platform

    h.env.admins[Platform.TELEGRAM].add("5000000002")  # an organiser who never wrote privately
    other = person("5000000002", "Lý Thị Nga")
    asked = len(store.asked)
    reply = await say(h, "xuat", "1", who=other, where=group_chat(gid(1), "Nhóm U1"))
    assert reply.files == [] and "chỉ được gửi riêng cho Ban tổ chức" in reply.text
    assert len(store.asked) == asked


async def test_without_a_file_store_only_the_list_is_sent(h: Harness) -> None:
    await papers_call(h, units=1)
    await submit(h, 1, "Tham luận.pdf", "f-1")
    reply = await say(h, "xuat", "1")
    assert reply.cleanup is not None
    reply.cleanup()
    (xlsx,) = reply.files
    assert "Không có tệp nào tải được nên không có tệp ZIP" in reply.text
    assert sheet_rows(xlsx.content)[1][7] == "Không tải được"


async def test_export_of_a_notice_is_its_delivery_list_and_its_status_is_delivery(
    h: Harness,
) -> None:
    await cluster(h, 1)
    await say(h, "thongbao", "Thông báo thường | tất cả!")
    before = await h.counts()
    reply = await say(h, "xuat", "1")
    assert reply.text.startswith("📊 Danh sách gửi và xác nhận thông báo #1")
    (xlsx,) = reply.files
    assert xlsx.filename == "thong-bao-1-danh-sach.xlsx"
    status = await say(h, "tinhhinh", "1")
    assert status.text.startswith("📋 <b>Tình hình gửi thông báo #1</b>")
    assert status.files == []
    assert await h.counts() == before
