"""Format checks end to end: a call with `định dạng: A4, Times New Roman 14, tối đa 10 trang`
to five schools; papers made here with python-docx (a right one, one in Letter size, one in
Arial 12, one of 13 pages) and fpdf2 (a PDF) sent as Telegram documents; each receipt names
exactly what differs; a file of random bytes named `.docx` is refused; `/tinhhinh` marks the
papers with findings.

The 13 pages are counted by LibreOffice when it is installed (as in CI), else estimated from
the document's own statistics; the receipt says which.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handlers.papers.convert import soffice_path
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_answers import eight_days_ahead
from tests.e2e.test_foundation import build_cluster
from tests.paper_files import LETTER_MM, make_docx, make_pdf

RULES = "A4, Times New Roman 14, tối đa 10 trang"
OK = "📐 Đúng định dạng yêu cầu."
WARN = "⚠️ Chưa đúng định dạng:"


async def send(c: Cluster, user: dict[str, Any], chat_id: int, name: str, data: bytes) -> str:
    """Send a file with caption `/nop 1`; Loa's receipt."""
    before = len(await c.client.bot_messages(chat_id))
    await c.client.send_document(user["id"], chat_id, name, data, caption="/nop 1")
    reply = (await c.client.wait_bot_messages(chat_id, before + 1, timeout=90))[before]
    return str(reply["text"])


def findings(receipt: str) -> list[str]:
    """The `• …` lines of a receipt's format section."""
    return [line[2:] for line in receipt.splitlines() if line.startswith("• ")]


async def test_each_receipt_names_what_differs_from_the_call_format(
    cluster: Cluster, tmp_path: Path
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=5, extra_groups=0)
    [sending] = await c.say(
        org,
        org["id"],
        f"/thamluan Đổi mới giảng dạy | {eight_days_ahead()} | tất cả!\nđịnh dạng: {RULES}",
    )
    assert "Đang gửi lời mời tham luận #1 tới 5 nhóm" in sending["text"]

    async def cards() -> list[str]:
        messages = await c.client.bot_messages(groups[0])
        return [m["text"] for m in messages if "GỬI THAM LUẬN #1" in m["text"]]

    async def card_arrived() -> bool:
        return bool(await cards())

    await wait_until(card_arrived, within=30)
    assert f"📐 Định dạng: {RULES}" in (await cards())[0]

    files = {
        "Tham luận T01.docx": make_docx(tmp_path / "t01.docx"),
        "Tham luận T02.docx": make_docx(tmp_path / "t02.docx", page_mm=LETTER_MM),
        "Tham luận T03.docx": make_docx(tmp_path / "t03.docx", font="Arial", size=12),
        "Tham luận T04.docx": make_docx(tmp_path / "t04.docx", pages=13),
        "Tham luận T05.pdf": make_pdf(tmp_path / "t05.pdf", pages=2),
    }
    people = [await c.client.create_user(f"Thư ký {i}") for i in range(1, 6)]
    junk = await send(c, people[0], groups[0], "Tham luận T01.docx", bytes(range(256)) * 40)
    assert "không được nhận: nội dung của tệp không phải tài liệu" in junk
    receipts = [
        await send(c, person, gid, name, path.read_bytes())
        for person, gid, (name, path) in zip(people, groups, files.items(), strict=True)
    ]
    assert all(r.startswith("✅ Đã nhận tham luận của Trường Chính trị số") for r in receipts)
    right, letter, arial, long, pdf = receipts
    assert right.endswith(OK) and pdf.endswith(OK)
    assert WARN in letter and findings(letter) == ["Khổ giấy Letter — yêu cầu A4"]
    assert findings(arial) == [
        "Phông chữ Arial — yêu cầu Times New Roman",
        "Cỡ chữ 12 — yêu cầu 14",
    ]
    counted = "13 trang — tối đa 10" if soffice_path() else "khoảng 13 trang (ước tính) — tối đa 10"
    assert findings(long) == [counted]

    [table] = await c.say(org, org["id"], "/tinhhinh 1")
    text = table["text"]
    assert "Đã nộp: 5/5 đơn vị" in text
    assert "⚠️ Khổ giấy Letter — yêu cầu A4" in text
    assert "⚠️ Phông chữ Arial — yêu cầu Times New Roman; Cỡ chữ 12 — yêu cầu 14" in text
    assert f"⚠️ {counted}" in text
    assert text.count("⚠️") == 3
