"""The seed meeting to ten schools on both platforms in one process: six schools have Telegram
groups, four are led from Zalo only and join by invite code. The Zalo leaders answer by typing
(with diacritics, without, one malformed and corrected by a substitute), and every Telegram
card's tally, `/tinhhinh` and the export count them with their platform; `/nhacnho` reaches
exactly the units that have not answered, the Zalo leader among them; a Zalo leader's
`NOP 2 <link>` to a served .docx lands in the export ZIP; a send past the month's Zalo quota is
held and the organisers are told. Both emulators' spec checks stay clean (fixtures)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.emulator import EmulatorServer
from storage.models import Outbox, OutboxStatus, Submission
from tests.e2e.conftest import BothCluster, both_cluster, wait_until
from tests.e2e.test_answers import TZ, card_in, eight_days_ahead
from tests.e2e.test_foundation import build_cluster
from tests.e2e.test_intake import scalar
from tests.unit.test_paper_links import DOCX_BYTES, DOCX_TYPE
from tests.webserver import WebServer

TELEGRAM_UNITS = 6
ZALO_UNITS = ("T07", "T08", "T09", "T10")
SEED = (
    "/hop Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm | {day} | "
    "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội | tất cả!\n"
    "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024"
)


@pytest.fixture
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


@pytest.fixture
async def ten(
    emu: EmulatorServer, zemu: Any, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BothCluster]:
    monkeypatch.setenv("LOA_ALLOW_PRIVATE_URLS", "true")  # the papers are served on 127.0.0.1
    async for world in both_cluster(emu, zemu, db_url):
        yield world


async def invite_code(c: BothCluster, unit: str) -> str:
    [invite] = await c.say(c.organiser, c.organiser["id"], f"/moi {unit}")
    found = re.search(r"start=([\w-]+)", invite["text"])
    assert found is not None, invite["text"]
    assert f"nhắn mã {found.group(1)}" in invite["text"]  # how to join on Zalo, too
    return found.group(1)


async def zalo_leaders(c: BothCluster) -> dict[str, dict[str, str]]:
    """One Zalo leader per Zalo-only unit; two join with the code alone, two with `/start`."""
    leaders: dict[str, dict[str, str]] = {}
    for index, unit in enumerate(ZALO_UNITS):
        code = await invite_code(c, unit)
        leader = await c.zalo.create_user(f"Hiệu trưởng {unit}")
        typed = code.lower() if index % 2 else f"/start {code}"
        [joined] = await c.zsay(leader, typed)
        assert unit in joined["text"], joined["text"]
        leaders[unit] = leader
    return leaders


def seen_count(seen: list[dict[str, Any]], marker: str) -> int:
    return sum(marker in m["text"] for m in seen)


async def test_ten_schools_on_both_platforms_answer_are_counted_reminded_and_exported(
    ten: BothCluster, web: WebServer
) -> None:
    c, org = ten, ten.organiser
    groups = await build_cluster(c, units=TELEGRAM_UNITS, extra_groups=0)
    for unit in ZALO_UNITS:  # schools with no Telegram group
        number = int(unit[1:])
        await c.say(org, org["id"], f"/donvi them {unit} | Trường Chính trị số {number}")
    leaders = await zalo_leaders(c)
    await c.say(org, org["id"], SEED.format(day=eight_days_ahead()), replies=0)

    async def cards_everywhere() -> bool:
        for gid in groups:
            if not any("GIẤY MỜI HỌP #1" in m["text"] for m in await c.client.bot_messages(gid)):
                return False
        for leader in leaders.values():
            if seen_count(await c.zalo.seen_by(leader["id"]), "GIẤY MỜI HỌP #1") != 1:
                return False
        return True

    await wait_until(cards_everywhere, within=30)
    zalo_card = next(
        m["text"]
        for m in await c.zalo.seen_by(leaders["T07"]["id"])
        if "GIẤY MỜI HỌP #1" in m["text"]
    )
    assert "Kế hoạch số 40-KH/CTĐ ngày 28/5/2024" in zalo_card and "<b>" not in zalo_card
    assert zalo_card.endswith(
        "Trả lời: XN 1 CO · XN 1 KHONG <lý do> · XN 1 THAY <họ tên, chức vụ>\n"
        "Đăng ký đại biểu: DAIBIEU 1 | họ tên, chức vụ, điện thoại; …"
    )

    # a Telegram school presses ✅; the Zalo leaders type their answers
    member = await c.client.create_user("Bí thư T01")
    card = await card_in(c, groups[0])
    query = await c.client.press_button(member["id"], groups[0], card["message_id"], "r:a:1")
    await c.client.wait_callback_answer(query)
    [with_marks] = await c.zsay(leaders["T07"], "xn 1 có")
    assert "Đã ghi nhận: ✅" in with_marks["text"] and "(T07)" in with_marks["text"]
    [without] = await c.zsay(leaders["T08"], "XN 1 CO")
    assert "Đã ghi nhận: ✅" in without["text"] and "(T08)" in without["text"]
    [malformed] = await c.zsay(leaders["T09"], "XN 1 COO")
    assert "Loa chưa hiểu câu trả lời này (không rõ «COO»)" in malformed["text"]
    assert "XN 12 THAY Nguyễn Văn A, Phó Hiệu trưởng" in malformed["text"]  # the example
    [corrected] = await c.zsay(leaders["T09"], "XN 1 THAY Nguyễn Văn Bình, Phó Hiệu trưởng")
    assert "Nguyễn Văn Bình, Phó Hiệu trưởng" in corrected["text"] and "T09" in corrected["text"]

    tally = "Đã xác nhận: 4/10 đơn vị · ✅ 3 người · ❌ 0 · 👤 1 người dự thay · ⏳ 6 chưa trả lời"

    async def every_card_counts_both() -> bool:
        return all([tally in (await card_in(c, gid))["text"] for gid in groups])

    await wait_until(every_card_counts_both, within=30)
    for leader in leaders.values():  # Zalo cards are never edited or sent again
        assert seen_count(await c.zalo.seen_by(leader["id"]), "GIẤY MỜI HỌP #1") == 1

    [status] = await c.say(org, org["id"], "/tinhhinh 1")
    assert "4/10 đơn vị" in status["text"]
    for unit in ("T07", "T08", "T09"):
        assert f"Hiệu trưởng {unit} (Zalo)" in status["text"], status["text"]
    assert "Bí thư T01 (Zalo)" not in status["text"] and "Bí thư T01" in status["text"]

    # /nhacnho reaches the five Telegram groups and the one Zalo leader who have not answered
    before_groups = {gid: len(await c.client.bot_messages(gid)) for gid in groups}
    before_zalo = {u: len(await c.zalo.seen_by(p["id"])) for u, p in leaders.items()}
    await c.say(org, org["id"], "/nhacnho 1")

    async def reminded() -> bool:
        if len(await c.zalo.seen_by(leaders["T10"]["id"])) <= before_zalo["T10"]:
            return False
        return all(
            [len(await c.client.bot_messages(gid)) > before_groups[gid] for gid in groups[1:]]
        )

    await wait_until(reminded, within=30)
    nudge = (await c.zalo.seen_by(leaders["T10"]["id"]))[-1]["text"]
    assert "Nhắc xác nhận #1" in nudge and "XN 1 CO" in nudge and "<code>" not in nudge
    assert len(await c.client.bot_messages(groups[0])) == before_groups[groups[0]]
    for unit in ("T07", "T08", "T09"):
        assert len(await c.zalo.seen_by(leaders[unit]["id"])) == before_zalo[unit]

    # the export lists the Zalo answers with their platform
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 1")
    files = (await c.client.wait_bot_messages(org["id"], before + 3))[before:]
    xlsx = next(m for m in files if (m.get("document") or {}).get("file_name", "").endswith("xlsx"))
    book = load_workbook(BytesIO(await c.client.file_bytes(xlsx["document"]["file_id"])))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, row, strict=False)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    platforms = {row[header[-1]] for row in rows if row[header[-1]]}
    assert header[-1] == "Nền tảng" and platforms == {"Telegram", "Zalo"}
    assert sum(row[header[-1]] == "Zalo" for row in rows) == 3

    # a paper call; a Zalo leader submits a link to a .docx, which lands in the ZIP
    deadline = datetime.now(TZ) + timedelta(days=4)
    when = f"17h {deadline.day}/{deadline.month}/{deadline.year}"
    await c.say(org, org["id"], f"/thamluan Đổi mới giảng dạy | {when} | tất cả!", replies=0)

    async def call_on_zalo() -> bool:
        return seen_count(await c.zalo.seen_by(leaders["T08"]["id"]), "THAM LUẬN #2") == 1

    await wait_until(call_on_zalo, within=30)
    call_card = next(
        m["text"] for m in await c.zalo.seen_by(leaders["T08"]["id"]) if "THAM LUẬN #2" in m["text"]
    )
    assert "NOP 2" in call_card
    web.static("/tai-lieu/bai-T08.docx", DOCX_BYTES, content_type=DOCX_TYPE)
    [receipt] = await c.zsay(leaders["T08"], f"nộp 2 {web.url('/tai-lieu/bai-T08.docx')}")
    assert "Đã nhận tham luận của Trường Chính trị số 8" in receipt["text"], receipt["text"]
    assert "bai-T08.docx" in receipt["text"]
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 2")
    files = (await c.client.wait_bot_messages(org["id"], before + 3))[before:]
    archive = next(
        m for m in files if (m.get("document") or {}).get("file_name", "").endswith(".zip")
    )
    raw = await c.client.file_bytes(archive["document"]["file_id"])
    with zipfile.ZipFile(BytesIO(raw)) as z:
        assert z.read("T08 - bai-T08.docx") == DOCX_BYTES


@pytest.fixture
async def tight(emu: EmulatorServer, zemu: Any, db_url: str) -> AsyncIterator[BothCluster]:
    """Loa on both platforms with a Zalo quota of 12 messages a month."""
    async for world in both_cluster(emu, zemu, db_url, zalo_quota=12):
        yield world


async def test_a_send_past_the_months_zalo_quota_is_held_and_the_organisers_told(
    tight: BothCluster,
) -> None:
    c = tight
    org = c.organiser
    await build_cluster(c, units=2, extra_groups=0)
    code = await invite_code(c, "T02")
    leaders = [await c.zalo.create_user(f"Lãnh đạo {i}") for i in range(3)]
    for leader in leaders:
        await c.zsay(leader, code)  # 3 received + 3 sent: 6 of the 12 used
    body = "\n\n".join(f"Mục {i}. " + "Nội dung triển khai. " * 60 for i in range(3))
    [preview] = await c.say(org, org["id"], f"/thongbao Kế hoạch | tất cả\n\n{body}")
    assert "⚠️ Gửi qua Zalo cần" in preview["text"], preview["text"]
    assert "hạn mức tháng" in preview["text"]
    query = await c.client.press_button(org["id"], org["id"], preview["message_id"], "n:go:1")
    await c.client.wait_callback_answer(query)

    async def told() -> bool:
        seen = await c.client.bot_messages(org["id"])
        return any("đang chờ" in m["text"] and "Zalo" in m["text"] for m in seen)

    await wait_until(told, within=30)
    held = await scalar(
        c,
        select(func.count())
        .select_from(Outbox)
        .where(Outbox.status == OutboxStatus.PENDING, Outbox.last_error.like("quota held%")),
    )
    assert held >= 1
    sent_to_zalo = 0
    for leader in leaders:
        sent_to_zalo += len(await c.zalo.seen_by(leader["id"]))
    assert sent_to_zalo <= 12 - 3  # what came in counts too; nothing past the quota
    [listing] = await c.say(org, org["id"], "/ds")
    assert "tin nhắn Zalo đang chờ" in listing["text"], listing["text"]


async def test_a_zalo_organiser_confirms_a_preview_by_typing_its_buttons(
    both: BothCluster,
) -> None:
    c, zorg = both, both.zalo_organiser
    groups = await build_cluster(c, units=2, extra_groups=0)
    await c.zsay(zorg, "/start")
    [preview] = await c.zsay(zorg, "thongbao Họp giao ban quý IV | tất cả")
    assert "Xem trước thông báo #1" in preview["text"], preview["text"]
    assert preview["text"].endswith("📤 Gửi ngay: GUI 1\n✖️ Huỷ bản nháp: HUY 1")
    [stranger] = await c.zsay(await c.zalo.create_user("Người lạ"), "GUI 1")
    assert "Loa chưa hiểu" in stranger["text"]  # not an organiser: only the hint
    [sent] = await c.zsay(zorg, "gửi 1")
    assert "#1" in sent["text"] and "GUI 1" not in sent["text"], sent["text"]

    async def delivered() -> bool:
        texts = [[m["text"] for m in await c.client.bot_messages(gid)] for gid in groups]
        return all(any("THÔNG BÁO" in t for t in chat) for chat in texts)

    await wait_until(delivered, within=20)
    [again] = await c.zsay(zorg, "GUI 1")
    assert again["text"] == "Nút này không còn hiệu lực.", again["text"]


async def test_a_file_and_a_private_link_from_zalo_are_explained_and_nothing_is_stored(
    both: BothCluster,
) -> None:
    c, org = both, both.organiser
    await build_cluster(c, units=1, extra_groups=0)
    code = await invite_code(c, "T01")
    leader = await c.zalo.create_user("Thư ký Zalo")
    await c.zsay(leader, code)
    deadline = datetime.now(TZ) + timedelta(days=4)
    when = f"17h {deadline.day}/{deadline.month}/{deadline.year}"
    await c.say(org, org["id"], f"/thamluan Đổi mới giảng dạy | {when} | tất cả!", replies=0)

    async def call_arrived() -> bool:
        return seen_count(await c.zalo.seen_by(leader["id"]), "THAM LUẬN #1") == 1

    await wait_until(call_arrived, within=20)
    before = len(await c.zalo.seen_by(leader["id"]))
    await c.zalo.send_file(leader["id"], "bai-tham-luan.docx")

    async def explained() -> bool:
        return len(await c.zalo.seen_by(leader["id"])) > before

    await wait_until(explained, within=15)
    explanation = (await c.zalo.seen_by(leader["id"]))[-1]["text"]
    assert explanation.startswith("Zalo không chuyển tệp cho Loa"), explanation
    assert "NOP 1 https://…" in explanation and "<code>" not in explanation
    [refused] = await c.zsay(leader, "NOP 1 http://10.1.2.3/bai.docx")
    assert "địa chỉ này không công khai" in refused["text"], refused["text"]
    [malformed] = await c.zsay(leader, "NOP 1")
    assert "NOP 1 https://" in malformed["text"], malformed["text"]
    assert await scalar(c, select(func.count()).select_from(Submission)) == 0
