"""Format rules on a real database: `định dạng:` on /thamluan, its dialogue and /sua; papers
checked at submission through a file store serving real DOCX and PDF files (the findings on
the receipt and in `Submission`), files that are not what their name says refused with
nothing stored, and /tinhhinh marking the papers with findings."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from handlers.core import FileRef, FileUnavailable
from handlers.papers import checking
from storage.models import PaperCall, Submission
from tests.paper_files import make_docx, make_pdf
from tests.support import Harness, command
from tests.unit.test_paper_dialogue import cluster as dialogue_cluster
from tests.unit.test_paper_dialogue import draft, press, say, to_options
from tests.unit.test_papers import cluster, deliver, nop, run

CALL = (
    "Đổi mới phương pháp giảng dạy lý luận chính trị | 17h 14/6/2024 | tất cả!\n"
    "định dạng: A4, Times New Roman 14, tối đa 10 trang"
)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class FolderStore:
    """A FileStore serving files from a folder, by file id."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def download(self, file_id: str, destination: Path) -> int:
        source = self.folder / file_id
        if not source.exists():
            raise FileUnavailable("gone")
        data = await asyncio.to_thread(source.read_bytes)
        await asyncio.to_thread(destination.write_bytes, data)
        return len(data)


@pytest.fixture
def store(h: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(checking, "soffice_path", lambda: None)  # estimates: quick and sure
    h.env.files = FolderStore(tmp_path)
    return tmp_path


async def submissions(h: Harness) -> list[Submission]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(Submission).order_by(Submission.id))).all())


async def test_the_rules_are_stored_and_shown_on_the_card(h: Harness) -> None:
    await cluster(h, 2)
    preview = await run(h, command("thamluan", CALL.replace("!", "")))
    assert "📐 Định dạng: A4, Times New Roman 14, tối đa 10 trang" in preview
    async with h.env.sessions() as session:
        call = await session.get(PaperCall, 1)
        assert call is not None and call.format_rules == {
            "page": "A4",
            "fonts": ["Times New Roman"],
            "size_min": 14.0,
            "size_max": 14.0,
            "min_pages": None,
            "max_pages": 10,
        }


async def test_unreadable_rules_are_explained_and_nothing_is_created(h: Harness) -> None:
    await cluster(h, 2)
    before = await h.counts()
    reply = await run(h, command("thamluan", CALL.replace("tối đa 10 trang", "tối đa mười trang")))
    assert "Số trang «tối đa mười trang» không đọc được" in reply
    assert "định dạng: A4, Times New Roman 14, tối đa 10 trang" in reply
    assert await h.counts() == before


async def test_each_receipt_names_what_differs_and_the_status_marks_it(
    h: Harness, store: Path
) -> None:
    await cluster(h, 3)
    await run(h, command("thamluan", CALL))
    await deliver(h)
    make_docx(store / "f-1")
    make_docx(store / "f-2", font="Arial", size=12, title="Kinh nghiệm Vĩnh Phúc")
    make_pdf(store / "f-3", pages=12, letter=True)
    right = await run(h, nop(1, "1", FileRef("f-1", "Tham luận U1.docx", 9000, DOCX)))
    assert right.endswith("Tham luận U1.docx.\n📐 Đúng định dạng yêu cầu.")
    arial = await run(h, nop(2, "1", FileRef("f-2", "Tham luận U2.docx", 9000, DOCX)))
    assert (
        "⚠️ Chưa đúng định dạng:\n"
        "• Phông chữ Arial — yêu cầu Times New Roman\n"
        "• Cỡ chữ 12 — yêu cầu 14\n"
        "Đây chỉ là lưu ý: tham luận vẫn được nhận"
    ) in arial
    pdf = await run(h, nop(3, "1", FileRef("f-3", "Tham luận U3.pdf", 9000, "application/pdf")))
    assert "• Khổ giấy Letter — yêu cầu A4\n• 12 trang — tối đa 10\n" in pdf
    first, second, third = await submissions(h)
    assert first.format_warnings is None and first.pages == 3 and first.pages_estimated
    assert second.format_warnings == [
        "Phông chữ Arial — yêu cầu Times New Roman",
        "Cỡ chữ 12 — yêu cầu 14",
    ]
    assert second.title == "Kinh nghiệm Vĩnh Phúc"
    assert third.pages == 12 and not third.pages_estimated and third.title == "Page 1"

    table = await run(h, command("tinhhinh", "1"))
    assert "⚠️ Phông chữ Arial — yêu cầu Times New Roman; Cỡ chữ 12 — yêu cầu 14" in table
    assert "⚠️ Khổ giấy Letter — yêu cầu A4; 12 trang — tối đa 10" in table
    assert table.count("⚠️") == 2


async def test_a_file_that_is_not_what_its_name_says_is_refused_and_not_stored(
    h: Harness, store: Path
) -> None:
    await cluster(h, 2)
    await run(h, command("thamluan", CALL))
    await deliver(h)
    (store / "junk").write_bytes(bytes(range(256)) * 40)
    make_pdf(store / "pdf")
    before = await h.counts()
    junk = await run(h, nop(1, "1", FileRef("junk", "Tham luận.docx", 10240, DOCX)))
    assert "Tệp «Tham luận.docx» không được nhận: nội dung của tệp không phải" in junk
    renamed = await run(h, nop(1, "1", FileRef("pdf", "Bài.docx", 900, DOCX)))
    assert "tên tệp ghi DOCX nhưng nội dung thực ra là PDF" in renamed
    assert await h.counts() == before
    async with h.env.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Submission)) == 0


async def test_a_paper_that_cannot_be_fetched_is_received_unchecked(
    h: Harness, store: Path
) -> None:
    await cluster(h, 2)
    await run(h, command("thamluan", CALL))
    await deliver(h)
    reply = await run(h, nop(1, "1", FileRef("missing", "Tham luận.docx", 900, DOCX)))
    assert "✅ Đã nhận tham luận" in reply
    assert "Loa chưa kiểm tra được định dạng của tệp này (không tải được tệp)" in reply


async def test_sua_changes_or_drops_the_rules(h: Harness) -> None:
    await cluster(h, 2)
    await run(h, command("thamluan", CALL))
    await deliver(h)
    changed = await run(h, command("sua", "1 định dạng: A5, Arial 13-14, từ 5 đến 8 trang"))
    assert "A4, Times New Roman 14, tối đa 10 trang" in changed
    assert "A5, Arial 13–14, từ 5 đến 8 trang" in changed
    bad = await run(h, command("sua", "1 định dạng: cỡ to"))
    assert "Cỡ chữ «cỡ to» không đọc được" in bad
    dropped = await run(h, command("sua", "1 định dạng: không kiểm tra"))
    assert "A5, Arial 13–14, từ 5 đến 8 trang" in dropped
    async with h.env.sessions() as session:
        call = await session.get(PaperCall, 1)
        assert call is not None and call.format_rules is None


async def test_the_dialogue_offers_the_usual_rules_as_a_button(h: Harness) -> None:
    await dialogue_cluster(h)
    await to_options(h)
    asked = await press(h, "d:opt:4")
    assert "Định dạng" in asked.text
    buttons = [b for row in asked.buttons for b in row]
    assert [b.text for b in buttons[:2]] == [
        "A4, Times New Roman 13–14, tối đa 10 trang",
        "Không kiểm tra",
    ]
    chosen = await press(h, "d:fmt:0")
    assert chosen.toast == "Đã đặt định dạng cần kiểm tra"
    preview = await press(h, "d:prev:0")
    assert "📐 Định dạng: A4, Times New Roman 13–14, tối đa 10 trang" in preview.text
    async with h.env.sessions() as session:
        call = await session.get(PaperCall, 1)
        assert call is not None and call.format_rules is not None
        assert call.format_rules["size_min"] == 13.0


async def test_the_dialogue_takes_typed_rules_and_explains_bad_ones(h: Harness) -> None:
    await dialogue_cluster(h)
    await to_options(h)
    await press(h, "d:opt:4")
    wrong = await say(h, "A4, tối đa mười trang")
    assert "Số trang «tối đa mười trang» không đọc được" in wrong.text
    typed = await say(h, "Letter, arial 12")
    assert "Letter, Arial 12" in typed.text
    kept = await draft(h)
    assert kept is not None and kept.options["format"] == "Letter, Arial 12"
    await press(h, "d:opt:4")
    await say(h, "Không kiểm tra")
    dropped = await draft(h)
    assert dropped is not None and "format" not in dropped.options
