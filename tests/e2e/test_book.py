"""The book of papers end to end: three schools submit their papers as files (two DOCX made with
python-docx, one PDF made with fpdf2), the organiser sends `/kyyeu 1`, sees the progress message
edited to its end, and gets the PDF privately: cover, contents, every paper's pages, each where
the contents say, page numbers on every page after the cover."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from tests.book_support import docx_paper, need_libreoffice, pdf_paper
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TOPIC = "Đổi mới phương pháp giảng dạy lý luận chính trị"


async def test_kyyeu_builds_the_book_in_the_background_and_sends_it_privately(
    cluster: Cluster,
) -> None:
    need_libreoffice()
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=3, extra_groups=0)
    deadline = datetime.now(TZ) + timedelta(days=4)
    when = f"17h {deadline.day}/{deadline.month}/{deadline.year}"
    await c.say(org, org["id"], f"/thamluan {TOPIC} | {when} | tất cả!", replies=0)

    async def cards_posted() -> bool:
        for gid in groups:
            if not any("GỬI THAM LUẬN #1" in m["text"] for m in await c.client.bot_messages(gid)):
                return False
        return True

    await wait_until(cards_posted, within=30)
    papers = [
        ("Tham luận Trường số 1.docx", docx_paper("Bài trường 1", 3)),
        ("Tham luận Trường số 2.pdf", pdf_paper("Bài trường 2", 2)),
        ("Kinh nghiệm Trường số 3.docx", docx_paper("Bài trường 3", 2)),
    ]
    for index, (name, content) in enumerate(papers):
        user = await c.client.create_user(f"Thư ký {index + 1}")
        gid = groups[index]
        before = len(await c.client.bot_messages(gid))
        await c.client.send_document(user["id"], gid, name, content, caption="/nop 1")
        ack = (await c.client.wait_bot_messages(gid, before + 1, timeout=10))[before]
        assert "Đã nhận tham luận" in ack["text"]

    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/kyyeu 1")
    started, progress = (await c.client.wait_bot_messages(org["id"], before + 2, 10))[before:]
    assert "Đã bắt đầu dựng kỷ yếu #1 (3 tham luận)" in started["text"] + progress["text"]

    async def book_arrived() -> bool:
        return any(m.get("document") for m in await c.client.bot_messages(org["id"]))

    await wait_until(book_arrived, within=120, interval=0.5)
    messages = await c.client.bot_messages(org["id"])
    (document,) = [m for m in messages if m.get("document")]
    assert document["document"]["file_name"] == "ky-yeu-1.pdf"
    assert document["caption"] == f"Kỷ yếu #1 — {TOPIC} (9 trang)"

    async def progress_done() -> bool:
        texts = [m["text"] for m in await c.client.bot_messages(org["id"]) if m.get("text")]
        return "Đã dựng xong kỷ yếu #1: 3 tham luận, 9 trang." in texts

    await wait_until(progress_done, within=20)

    reader = PdfReader(BytesIO(await c.client.file_bytes(document["document"]["file_id"])))
    pages = [page.extract_text() or "" for page in reader.pages]
    assert len(pages) == 1 + 1 + 3 + 2 + 2
    assert "KỶ YẾU HỘI THẢO" in pages[0] and TOPIC in pages[0]
    toc = pages[1]
    assert "MỤC LỤC" in toc
    for title, marker in (
        ("Tham luận Trường số 1", "Bài trường 1"),
        ("Tham luận Trường số 2", "Bài trường 2"),
        ("Kinh nghiệm Trường số 3", "Bài trường 3"),
    ):
        # the paper's own title (a DOCX's first heading) when it has one, else its file name
        line = next(line for line in toc.splitlines() if title in line or marker in line)
        first = int(line.split()[-1])
        assert f"{marker} — trang 1" in pages[first - 1]
        assert str(first) in pages[first - 1].split()  # its number stamped
