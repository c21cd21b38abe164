"""The seminar story end to end, from the call to the book: a call with `định dạng: A4, Times
New Roman 14, tối đa 10 trang` to ten schools; papers made here with python-docx (right ones,
one in Letter size, one in Arial 12, one of 13 pages) and fpdf2 (a PDF); each receipt names
exactly what differs; `/thamdinh 1` sends two back with a comment, one comes back as version 2,
four are chosen to present; `/chuongtrinh 1 | 2` posts the programme with time slots from the
meeting's start; `/kyyeu 1` sends the book, whose contents point at each paper's first page.

Each part's details are in its own e2e (test_paper_formats, test_appraisal, test_programme,
test_book); this one checks that the parts meet."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.book_support import need_libreoffice
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_answers import eight_days_ahead
from tests.e2e.test_appraisal import button_for_unit
from tests.e2e.test_foundation import build_cluster
from tests.e2e.test_paper_formats import OK, findings
from tests.e2e.test_papers import deadline_in
from tests.e2e.test_programme import HEADER as PROGRAMME_HEADER
from tests.e2e.test_programme import button_for
from tests.paper_files import LETTER_MM, make_docx, make_pdf

TOPIC = "Đổi mới phương pháp giảng dạy lý luận chính trị"
RULES = "A4, Times New Roman 14, tối đa 10 trang"
COMMENTS = {"T01": "Bổ sung số liệu năm 2024", "T02": "Đổi sang khổ A4"}
PRESENTING = ("T02", "T03", "T05", "T06")


def read(path: Path) -> bytes:
    return path.read_bytes()


def title(i: int) -> str:
    return f"Tham luận trường {i}"


async def test_a_seminar_goes_from_the_call_to_the_book(cluster: Cluster, tmp_path: Path) -> None:
    need_libreoffice()
    c, org = cluster, cluster.organiser
    chat = org["id"]
    groups = await build_cluster(c, units=10, extra_groups=0)
    _, when = deadline_in(5)
    await c.say(org, chat, f"/thamluan {TOPIC} | {when} | tất cả!\nđịnh dạng: {RULES}", replies=0)

    async def called() -> bool:
        return all(
            [
                any("GỬI THAM LUẬN #1" in m["text"] for m in await c.client.bot_messages(g))
                for g in groups
            ]
        )

    await wait_until(called, within=30)

    # Papers: (file name, file, pages once rendered).
    papers = [
        (f"{title(1)}.docx", make_docx(tmp_path / "1.docx", title=title(1), pages=2), 2),
        (
            f"{title(2)}.docx",
            make_docx(tmp_path / "2.docx", title=title(2), pages=1, page_mm=LETTER_MM),
            1,
        ),
        (
            f"{title(3)}.docx",
            make_docx(tmp_path / "3.docx", title=title(3), pages=1, font="Arial", size=12),
            1,
        ),
        (f"{title(4)}.docx", make_docx(tmp_path / "4.docx", title=title(4), pages=13), 13),
        (f"{title(5)}.pdf", make_pdf(tmp_path / "5.pdf", pages=2), 2),
        *[
            (f"{title(i)}.docx", make_docx(tmp_path / f"{i}.docx", title=title(i), pages=1), 1)
            for i in range(6, 11)
        ],
    ]
    secretaries = [await c.client.create_user(f"Thư ký {i}") for i in range(1, 11)]

    async def submit(i: int, name: str, path: Path) -> str:
        before = len(await c.client.bot_messages(groups[i]))
        await c.client.send_document(
            secretaries[i]["id"], groups[i], name, read(path), caption="/nop 1"
        )
        return str((await c.client.wait_bot_messages(groups[i], before + 1, 90))[before]["text"])

    receipts = [await submit(i, name, path) for i, (name, path, _) in enumerate(papers)]
    assert all(r.startswith("✅ Đã nhận tham luận") for r in receipts)
    right = [receipts[i] for i in (0, 4, 5, 6, 7, 8, 9)]
    assert all(r.endswith(OK) for r in right)
    assert findings(receipts[1]) == ["Khổ giấy Letter — yêu cầu A4"]
    assert findings(receipts[2]) == [
        "Phông chữ Arial — yêu cầu Times New Roman",
        "Cỡ chữ 12 — yêu cầu 14",
    ]
    assert findings(receipts[3]) == ["13 trang — tối đa 10"]

    # Appraisal: two sent back with a comment, T02 revises, four chosen to present.
    (listing,) = await c.say(org, chat, "/thamdinh 1")
    assert "10 đơn vị đã nộp" in listing["text"]

    async def press(message: dict[str, Any], data: str) -> str:
        query = await c.client.press_button(chat, chat, message["message_id"], data)
        return str((await c.client.wait_callback_answer(query))["text"])

    for unit, comment in COMMENTS.items():
        assert await press(listing, button_for_unit(listing, unit, "Cần sửa")) == (
            f"Xin gõ nhận xét cho {unit}"
        )

        async def asked() -> bool:
            texts = [m["text"] for m in await c.client.bot_messages(chat)]
            return "Xin gõ nhận xét gửi đơn vị" in texts[-1]

        await wait_until(asked)
        (due,) = await c.say(org, chat, comment)
        assert f"Hạn gửi bản sửa của {unit}?" in due["text"]
        (done,) = await c.say(org, chat, "ok")
        assert done["text"].startswith(f"Đã gửi nhận xét cho {unit}")

    for index, (unit, comment) in enumerate(COMMENTS.items()):

        async def told(gid: int = groups[index], unit: str = unit, comment: str = comment) -> bool:
            texts = [m["text"] for m in await c.client.bot_messages(gid)]
            return any(
                t.startswith(f"✏️ Tham luận của {unit} (bản 1) cần sửa: {comment}.") for t in texts
            )

        await wait_until(told)

    before = len(await c.client.bot_messages(chat))
    revised = make_docx(tmp_path / "2b.docx", title=f"{title(2)} (bản sửa)", pages=2)
    receipt = await submit(1, f"{title(2)} (bản sửa).docx", revised)
    assert "Đây là bản sửa (bản 2); Ban tổ chức đã được báo." in receipt
    assert receipt.endswith(OK)

    async def organiser_told() -> bool:
        texts = [m["text"] for m in (await c.client.bot_messages(chat))[before:]]
        return "📥 T02 đã gửi bản sửa (bản 2) của tham luận #1." in texts

    await wait_until(organiser_told)

    (listing,) = await c.say(org, chat, "/thamdinh 1")
    assert "bản 2 · định dạng đúng · đã sửa" in listing["text"]
    listed = listing["message_id"]
    for chosen, unit in enumerate(PRESENTING, start=1):
        assert await press(listing, button_for_unit(listing, unit, "Chọn trình bày")) == (
            f"Đã ghi: tham luận của {unit} (#1) — chọn trình bày."
        )
        latest: dict[str, Any] = {}

        async def edited(n: int = chosen, latest: dict[str, Any] = latest) -> bool:
            found = await c.client.bot_messages(chat)
            latest.update(next(m for m in found if m["message_id"] == listed))
            return f"chọn trình bày: {n}" in latest["text"]

        await wait_until(edited)
        listing = latest

    # The programme, tied to meeting #2: 15-minute slots from its 08:00 start.
    await c.say(
        org,
        chat,
        f"/hop Hội thảo khoa học | {eight_days_ahead()} | Hội trường A | tất cả!",
        replies=0,
    )

    async def invited() -> bool:
        return all(
            [
                any("GIẤY MỜI" in m["text"].upper() for m in await c.client.bot_messages(g))
                for g in groups
            ]
        )

    await wait_until(invited, within=30)
    (preview,) = await c.say(org, chat, "/chuongtrinh 1 | 2")
    slots = ("08:00–08:15", "08:15–08:30", "08:30–08:45", "08:45–09:00")
    lines = [
        f"{n}. {slot} · Thư ký {int(unit[1:])} ({unit})"
        for n, (slot, unit) in enumerate(zip(slots, PRESENTING, strict=True), start=1)
    ]
    assert all(line in preview["text"] for line in lines)
    await press(preview, button_for(preview, "Đăng chương trình"))
    header = PROGRAMME_HEADER.split(" — ")[0] + f" — {TOPIC}"

    async def posted() -> bool:
        for gid in groups:
            cards = [m["text"] for m in await c.client.bot_messages(gid) if header in m["text"]]
            if not cards or not all(line in cards[0] for line in lines):
                return False
        return True

    await wait_until(posted, within=30)

    # The book: cover, contents, every current paper (T02 as its revision) where the TOC says.
    await c.client.send_text(chat, chat, "/kyyeu 1")

    async def book_arrived() -> bool:
        return any(m.get("document") for m in await c.client.bot_messages(chat))

    await wait_until(book_arrived, within=180, interval=0.5)
    (document,) = [m for m in await c.client.bot_messages(chat) if m.get("document")]
    reader = PdfReader(BytesIO(await c.client.file_bytes(document["document"]["file_id"])))
    pages = [page.extract_text() or "" for page in reader.pages]
    rendered = [count for _, _, count in papers]
    rendered[1] = 2  # T02's revision replaced its first version
    assert len(pages) == 1 + 1 + sum(rendered)
    assert document["caption"] == f"Kỷ yếu #1 — {TOPIC} ({len(pages)} trang)"
    assert "KỶ YẾU HỘI THẢO" in pages[0] and TOPIC in pages[0]
    toc = pages[1]
    assert "MỤC LỤC" in toc
    rows = {
        words[1]: int(words[-1])
        for words in (line.split() for line in toc.splitlines())
        if len(words) > 3 and words[1].startswith("T") and words[0].isdigit()
    }
    # programme order first, then by unit code
    assert list(rows) == [*PRESENTING, "T01", "T04", "T07", "T08", "T09", "T10"]
    assert f"{title(2)} (bản sửa)" in toc and title(3) in toc
    for i, count in enumerate(rendered, start=1):
        first = rows[f"T{i:02}"]
        opening, last = pages[first - 1], pages[first - 2 + count]
        assert str(first) in opening.split()  # its number stamped
        if i == 5:  # the PDF, as it is
            assert "Page 1" in opening and f"Page {count}" in last
        else:
            assert title(i) in opening and "Trang 1." in opening
            assert f"Trang {count}." in last
