"""The seminar programme (`/chuongtrinh 7`) on a real database: built from the papers chosen to
present, reordered by buttons and typed order, tied to a meeting for time slots, posted once per
version, exported as XLSX."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select, update

from bot.zalo_render import plain_messages
from handlers import router
from handlers.core import FileRef, Request
from handlers.papers import exports
from handlers.typed_forms import typed_form
from storage.models import (
    Announcement,
    Outbox,
    PaperCall,
    PaperReview,
    ProgrammeItem,
    Submission,
    Unit,
)
from tests.support import Harness, command, group_chat, person, private_chat
from tests.unit.test_papers import cluster, deliver, gid

CALL = "Đổi mới phương pháp giảng dạy lý luận chính trị | 17h 14/6/2024 | tất cả!"
MEETING = "Hội thảo khoa học | 8h 19/6/2024 | Hội trường A | tất cả!"


def paper(i: int, name: str) -> FileRef:
    return FileRef(f"file-{i}", name, 120_000, "application/pdf")


async def run(h: Harness, args: str, who: str | None = None) -> str:
    req = command("chuongtrinh", args)
    if who is not None:
        req = command("chuongtrinh", args, who=person(who, "Thành viên"))
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply.text


async def seminar(h: Harness, units: int = 4, chosen: tuple[int, ...] = (1, 2, 3, 4)) -> None:
    """Call #1 to `units` units, one paper each from `Thư ký i`; the `chosen` ones presenting."""
    await cluster(h, units)
    await router.handle_command(h.env, command("thamluan", CALL))
    await deliver(h)
    for i in range(1, units + 1):
        req = Request(
            sender=person(f"50000001{i:02d}", f"Thư ký {i}"),
            chat=group_chat(gid(i), f"Nhóm U{i}"),
            command="nop",
            args="1",
            file=paper(i, f"Tham luận U{i}.docx"),
        )
        await router.handle_command(h.env, req)
    await choose(h, chosen)


async def choose(h: Harness, chosen: tuple[int, ...]) -> None:
    async with h.env.sessions() as session:
        codes = [f"U{i}" for i in chosen]
        ids = select(Unit.id).where(Unit.code.in_(codes))
        await session.execute(update(Submission).values(review=PaperReview.RECEIVED))
        await session.execute(
            update(Submission)
            .where(Submission.unit_id.in_(ids))
            .values(review=PaperReview.PRESENTING)
        )
        await session.commit()


async def order(h: Harness) -> list[str]:
    async with h.env.sessions() as session:
        rows = await session.execute(
            select(Unit.code)
            .join(ProgrammeItem, ProgrammeItem.unit_id == Unit.id)
            .order_by(ProgrammeItem.position)
        )
        return list(rows.scalars())


async def press(h: Harness, action: str, who: str = "5000000001"):  # type: ignore[no-untyped-def]
    req = Request(sender=person(who), chat=private_chat(who), action=action, message_id="9")
    return await router.handle_action(h.env, req)


async def test_the_programme_is_built_from_the_chosen_papers_in_unit_code_order(
    h: Harness,
) -> None:
    await seminar(h, 4, chosen=(3, 1, 4))
    reply = await router.handle_command(h.env, command("chuongtrinh", "1"))
    assert reply is not None
    assert "Xem trước chương trình hội thảo — lời mời tham luận #1" in reply.text
    assert "CHƯƠNG TRÌNH HỘI THẢO — Đổi mới phương pháp" in reply.text
    assert "1. Thư ký 1 (U1) — Tham luận U1 · 15 phút" in reply.text
    assert "3. Thư ký 4 (U4) — Tham luận U4 · 15 phút" in reply.text
    assert "U2" not in reply.text.split("Đổi thứ tự")[0]
    labels = [[b.text for b in row] for row in reply.buttons]
    assert labels == [
        ["▲ U1", "▼ U1"],
        ["▲ U3", "▼ U3"],
        ["▲ U4", "▼ U4"],
        ["Đăng chương trình", "Xuất XLSX"],
    ]
    assert all(len((b.action or "").encode()) <= 64 for row in reply.buttons for b in row)
    zalo = "\n".join(plain_messages(reply.text, reply.buttons))
    assert "Đổi thứ tự: /chuongtrinh 1 thứ tự: HP, VP, HN" in zalo
    assert "Đăng chương trình: /chuongtrinh 1 đăng" in zalo
    assert "Xuất XLSX: /chuongtrinh 1 xuất" in zalo


async def test_newly_chosen_papers_are_appended_and_dropped_ones_removed(h: Harness) -> None:
    await seminar(h, 4, chosen=(2, 3))
    await run(h, "1 thứ tự: U3, U2")
    await choose(h, (3, 1, 2, 4))
    await run(h, "1")
    assert await order(h) == ["U3", "U2", "U1", "U4"]
    await choose(h, (1, 4))
    await run(h, "1")
    assert await order(h) == ["U1", "U4"]


async def test_arrows_move_a_talk_and_redraw_the_preview(h: Harness) -> None:
    await seminar(h, 3, chosen=(1, 2, 3))
    preview = await router.handle_command(h.env, command("chuongtrinh", "1"))
    assert preview is not None
    down_u1 = preview.buttons[0][1].action
    reply = await press(h, down_u1 or "")
    assert reply.edit and "1. Thư ký 2 (U2)" in reply.text and "2. Thư ký 1 (U1)" in reply.text
    assert await order(h) == ["U2", "U1", "U3"]
    up_first = reply.buttons[0][0].action
    edge = await press(h, up_first or "")
    assert edge.toast == "Bài này đã ở đầu hoặc cuối chương trình."
    assert await order(h) == ["U2", "U1", "U3"]


async def test_a_member_pressing_an_arrow_is_refused_and_a_forged_press_is_stale(
    h: Harness,
) -> None:
    await seminar(h, 2, chosen=(1, 2))
    preview = await router.handle_command(h.env, command("chuongtrinh", "1"))
    assert preview is not None
    action = preview.buttons[0][1].action or ""
    member = await press(h, action, who="5000000101")
    assert member.toast == "Chỉ Ban tổ chức được dùng nút này."
    assert (await press(h, "pg:d999:1")).toast == "Nút này không còn hiệu lực."
    assert (await press(h, "pg:zz:1")).toast == "Nút này không còn hiệu lực."
    assert await order(h) == ["U1", "U2"]


async def test_a_typed_order_must_name_every_code_once(h: Harness) -> None:
    await seminar(h, 3, chosen=(1, 2, 3))
    await run(h, "1")
    text = await run(h, "1 thứ tự: U3, U3, U9")
    assert "Thứ tự chưa đúng" in text
    assert "không có trong chương trình: U9" in text
    assert "ghi hai lần: U3" in text and "còn thiếu: U1, U2" in text
    assert "/chuongtrinh 1 thứ tự: U1, U2, U3" in text and "Không có gì thay đổi." in text
    assert await order(h) == ["U1", "U2", "U3"]
    text = await run(h, "1 thứ tự: u3, U1 U2")
    assert "1. Thư ký 3 (U3)" in text
    assert await order(h) == ["U3", "U1", "U2"]


async def test_a_talk_takes_its_speaker_title_and_minutes(h: Harness) -> None:
    await seminar(h, 2, chosen=(1, 2))
    text = await run(h, "1 U2 | diễn giả: PGS.TS Trần Văn B | phút: 20 | tiêu đề: Dạy <học> số")
    assert "2. PGS.TS Trần Văn B (U2) — Dạy &lt;học&gt; số · 20 phút" in text
    text = await run(h, "1 U2 | diễn giả:")
    assert "2. Thư ký 2 (U2) — Dạy &lt;học&gt; số · 20 phút" in text
    assert "Số phút «0» chưa đúng" in await run(h, "1 U2 | phút: 0")
    assert "Không hiểu mục «giờ: 9h»" in await run(h, "1 U2 | giờ: 9h")
    assert "Đơn vị «U7» không có trong chương trình #1" in await run(h, "1 U7 | phút: 10")


async def test_a_meeting_gives_each_talk_its_time_slot(h: Harness) -> None:
    await seminar(h, 3, chosen=(1, 2, 3))
    await router.handle_command(h.env, command("hop", MEETING))
    await run(h, "1 U2 | phút: 30")
    text = await run(h, "1 | 2")
    assert "🕗 08:00, Thứ Tư 19/06/2024 · Hội trường A" in text
    assert "1. 08:00–08:15 · Thư ký 1 (U1) — Tham luận U1" in text
    assert "2. 08:15–08:45 · Thư ký 2 (U2) — Tham luận U2" in text
    assert "3. 08:45–09:00 · Thư ký 3 (U3) — Tham luận U3" in text
    async with h.env.sessions() as session:
        call = await session.get(PaperCall, 1)
        assert call is not None and call.programme_meeting_id == 2
    assert "08:00" not in await run(h, "1 | bỏ")
    await run(h, "1 | 2")
    await router.handle_command(h.env, command("huy", "2 | đổi lịch"))
    shown = await run(h, "1")
    assert "08:00" not in shown and "1. Thư ký 1 (U1) — Tham luận U1 · 15 phút" in shown
    assert "Cuộc họp #2 đã bị huỷ" in await run(h, "1 | 2")


async def test_refusals_are_explained_and_change_nothing(h: Harness) -> None:
    await seminar(h, 2, chosen=())
    await router.handle_command(h.env, command("hop", MEETING))
    none = await run(h, "1")
    assert "chưa có bài nào được chọn trình bày" in none and "/thamdinh 1" in none
    await choose(h, (1,))
    assert "#2 không phải lời mời tham luận" in await run(h, "2")
    assert "Không có cuộc họp #1" in await run(h, "1 | 1")
    assert "Không có cuộc họp #9" in await run(h, "1 | 9")
    assert "Không có thông báo #9" in await run(h, "9")
    assert "chỉ dành cho Ban tổ chức" in await run(h, "1", who="5000000101")
    async with h.env.sessions() as session:
        call = await session.get(PaperCall, 1)
        assert call is not None and call.programme_meeting_id is None


async def test_posting_reaches_the_audience_once_per_version(h: Harness) -> None:
    await seminar(h, 3, chosen=(1, 2))
    await router.handle_command(h.env, command("hop", MEETING))
    await run(h, "1 | 2")
    posted = await press(h, "pg:post:1")
    assert posted.text == "📤 Đang đăng chương trình #1 tới 3 nhóm."
    again = await press(h, "pg:post:1")
    assert "đã được đăng" in again.text
    async with h.env.sessions() as session:
        cards = (await session.scalars(select(Outbox).where(Outbox.purpose == "programme"))).all()
    assert len(cards) == 3
    assert (
        cards[0]
        .payload["text"]
        .startswith(
            "🗓 <b>CHƯƠNG TRÌNH HỘI THẢO — Đổi mới phương pháp giảng dạy lý luận chính trị</b>"
        )
    )
    assert "1. 08:00–08:15 · Thư ký 1 (U1) — Tham luận U1" in cards[0].payload["text"]
    assert "buttons" not in cards[0].payload
    await run(h, "1 thứ tự: U2, U1")
    assert (await run(h, "1 đăng")).startswith("📤 Đang đăng chương trình #1")
    async with h.env.sessions() as session:
        count = len(
            (await session.scalars(select(Outbox).where(Outbox.purpose == "programme"))).all()
        )
    assert count == 6


async def test_the_xlsx_lists_the_talks_and_xuat_adds_the_sheet(h: Harness) -> None:
    await seminar(h, 2, chosen=(1, 2))
    await router.handle_command(h.env, command("hop", MEETING))
    await run(h, "1 | 2")
    await run(h, "1 U1 | tiêu đề: =SUM(A1)")
    reply = await press(h, "pg:xlsx:1")
    assert reply.files and reply.files[0].filename == "chuong-trinh-1.xlsx"
    sheet = load_workbook(io.BytesIO(reply.files[0].content))["Chương trình"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [
        ["STT", "Thời gian", "Diễn giả", "Đơn vị", "Tiêu đề", "Số phút"],
        [1, "08:00–08:15", "Thư ký 1", "U1", "=SUM(A1)", 15],
        [2, "08:15–08:30", "Thư ký 2", "U2", "Tham luận U2", 15],
    ]
    assert sheet["E2"].data_type == "s"
    async with h.env.sessions() as session:
        ann = await session.get(Announcement, 1)
        call = await session.get(PaperCall, 1)
        assert ann is not None and call is not None
        state = await exports.load_papers(session, ann, call)
        state.talks = await exports.read_talks(session, call)
    book = load_workbook(io.BytesIO(exports.build_paper_xlsx(state, "vi", h.env.tz, "x", 0)))
    assert "Chương trình" in book.sheetnames
    assert book["Chương trình"]["C3"].value == "Thư ký 2"


def test_the_preview_buttons_have_typed_forms() -> None:
    assert typed_form("pg:u12:7") == "Đổi thứ tự: <code>/chuongtrinh 7 thứ tự: HP, VP, HN</code>"
    assert typed_form("pg:post:7") == "Đăng chương trình: <code>/chuongtrinh 7 đăng</code>"
    assert typed_form("pg:xlsx:7") == "Xuất XLSX: <code>/chuongtrinh 7 xuất</code>"
    assert typed_form("pg:zz:7") is None


async def test_the_programme_of_a_cancelled_call_is_not_posted(h: Harness) -> None:
    await seminar(h, 2, chosen=(1, 2))
    await router.handle_command(h.env, command("huy", "1 | đổi kế hoạch"))
    refused = await press(h, "pg:post:1")
    assert "đã bị huỷ nên không đăng chương trình" in refused.text
    async with h.env.sessions() as session:
        posted = (await session.scalars(select(Outbox).where(Outbox.purpose == "programme"))).all()
    assert posted == []
