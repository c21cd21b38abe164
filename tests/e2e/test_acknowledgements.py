"""A notice to ten schools that asks them to acknowledge it, on both platforms in one process:
eight schools have Telegram groups, two are led from Zalo only. Seven people acknowledge (two of
one school, one by typing `DA NHAN 1` on Zalo); every Telegram card reads `Đã nhận: 6/10 đơn
vị`, `/tinhhinh` shows six acknowledged units and four silent ones, `/nhacnho` reaches exactly
those four units' chats, and the XLSX agrees with the database."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import Acknowledgement, Unit
from tests.e2e.conftest import BothCluster, wait_until
from tests.e2e.test_foundation import build_cluster
from tests.e2e.test_zalo_cluster import invite_code, seen_count

NOTICE = "Kính gửi các trường: nộp báo cáo sơ kết 6 tháng trước 17h thứ Sáu tuần này"
ZALO_UNITS = ("T09", "T10")
SILENT = ["T06", "T07", "T08", "T10"]


async def acknowledged_codes(c: BothCluster) -> dict[str, str]:
    """Each unit's first acknowledgement in the database: unit code → the person's name."""
    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(Unit.code, Acknowledgement)
                .join(Unit, Unit.id == Acknowledgement.unit_id)
                .order_by(Acknowledgement.at, Acknowledgement.id)
            )
            first: dict[str, str] = {}
            for code, ack in rows.all():
                first.setdefault(code, ack.person.name)
            return first
    finally:
        await engine.dispose()


def notice_card(messages: list[dict[str, Any]]) -> dict[str, Any]:
    (card,) = [m for m in messages if "THÔNG BÁO #1" in m["text"]]
    return card


async def test_seven_presses_count_six_units_and_the_four_silent_are_shown_reminded_exported(
    both: BothCluster,
) -> None:
    c, org = both, both.organiser
    groups = await build_cluster(c, units=8, extra_groups=0)
    leaders: dict[str, dict[str, Any]] = {}
    for unit in ZALO_UNITS:  # schools with no Telegram group
        await c.say(org, org["id"], f"/donvi them {unit} | Trường Chính trị số {int(unit[1:])}")
        leaders[unit] = await c.zalo.create_user(f"Hiệu trưởng {unit}")
        [joined] = await c.zsay(leaders[unit], await invite_code(c, unit))
        assert unit in joined["text"]
    await c.say(org, org["id"], f"/thongbao {NOTICE} | tất cả!", replies=0)

    async def cards_everywhere() -> bool:
        for gid in groups:
            if not any("THÔNG BÁO #1" in m["text"] for m in await c.client.bot_messages(gid)):
                return False
        seen = [await c.zalo.seen_by(p["id"]) for p in leaders.values()]
        return all(seen_count(messages, "THÔNG BÁO #1") == 1 for messages in seen)

    await wait_until(cards_everywhere, within=30)
    card = notice_card(await c.client.bot_messages(groups[0]))
    assert card["reply_markup"]["inline_keyboard"] == [
        [{"text": "✔️ Đã nhận", "callback_data": "ack:ok:1"}]
    ]
    zalo_card = notice_card(await c.zalo.seen_by(leaders["T09"]["id"]))["text"]
    assert zalo_card.endswith("Xác nhận đã nhận: DA NHAN 1") and "<b>" not in zalo_card

    # seven presses: two people of T01, one each of T02–T05, and T09's leader typing on Zalo
    presses = [(0, "Bí thư T01"), (0, "Hiệu trưởng T01")] + [
        (i, f"Bí thư T0{i + 1}") for i in range(1, 5)
    ]
    toasts = []
    for index, name in presses:
        member = await c.client.create_user(name)
        message = notice_card(await c.client.bot_messages(groups[index]))
        query = await c.client.press_button(
            member["id"], groups[index], message["message_id"], "ack:ok:1"
        )
        answer = await c.client.wait_callback_answer(query)
        assert answer is not None
        toasts.append(answer["text"])
    assert toasts[0] == "Đã ghi nhận: T01 đã nhận thông báo #1."
    assert toasts[1].startswith("Cảm ơn anh/chị. T01 đã xác nhận nhận thông báo #1: Bí thư T01")
    assert toasts[5] == "Đã ghi nhận: T05 đã nhận thông báo #1."
    [typed] = await c.zsay(leaders["T09"], "DA NHAN 1")
    assert typed["text"].startswith("Đã ghi nhận: T09 đã nhận thông báo #1.")

    async def every_card_counts() -> bool:
        return all(
            ["Đã nhận: 6/10 đơn vị" in notice_card(await c.client.bot_messages(g))["text"]
             for g in groups]
        )  # fmt: skip

    await wait_until(every_card_counts, within=30)

    [status] = await c.say(org, org["id"], "/tinhhinh 1")
    table = status["text"]
    assert "✔️ Đã nhận: 6/10 đơn vị · 🔕 Chưa nhận: 4 đơn vị" in table
    assert "• T09 — Hiệu trưởng T09 (Zalo), " in table and "• T01 — Bí thư T01, " in table
    silent = table[table.index("🔕 Chưa nhận (4 đơn vị):") :].split("\n")[1:]
    assert [line.split(" — ")[0] for line in silent] == [f"• {code}" for code in SILENT]

    # /nhacnho reaches T06–T08's groups and T10's leader, nobody else
    before_groups = {gid: len(await c.client.bot_messages(gid)) for gid in groups}
    before_zalo = {u: len(await c.zalo.seen_by(p["id"])) for u, p in leaders.items()}
    [reminded] = await c.say(org, org["id"], "/nhacnho 1")
    assert reminded["text"] == (
        "🔔 Đã nhắc 4 đơn vị chưa xác nhận đã nhận thông báo #1: T06, T07, T08, T10."
    )

    async def reached() -> bool:
        if len(await c.zalo.seen_by(leaders["T10"]["id"])) <= before_zalo["T10"]:
            return False
        return all([len(await c.client.bot_messages(g)) > before_groups[g] for g in groups[5:]])

    await wait_until(reached, within=30)
    nudge = (await c.zalo.seen_by(leaders["T10"]["id"]))[-1]["text"]
    assert "Nhắc xác nhận thông báo #1" in nudge and "DA NHAN 1" in nudge
    reminder = (await c.client.bot_messages(groups[5]))[-1]
    assert reminder["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ack:ok:1"
    for gid in groups[:5]:
        assert len(await c.client.bot_messages(gid)) == before_groups[gid]
    assert len(await c.zalo.seen_by(leaders["T09"]["id"])) == before_zalo["T09"]

    # the export agrees with the database
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 1")
    files = (await c.client.wait_bot_messages(org["id"], before + 2))[before:]
    xlsx = next(m for m in files if (m.get("document") or {}).get("file_name", "").endswith("xlsx"))
    book = load_workbook(BytesIO(await c.client.file_bytes(xlsx["document"]["file_id"])))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "STT", "Đơn vị", "Nhóm", "Nền tảng", "Đã gửi lúc", "Lỗi", "Đã nhận bởi", "Đã nhận lúc"
    ]  # fmt: skip
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 10 and all(row["Đã gửi lúc"] is not None for row in rows)
    exported = {
        row["Đơn vị"].split(" — ")[0]: row["Đã nhận bởi"] for row in rows if row["Đã nhận bởi"]
    }
    assert exported == await acknowledged_codes(c)
    assert len(exported) == 6 and exported["T01"] == "Bí thư T01"
    assert {row["Nền tảng"] for row in rows} == {"Telegram", "Zalo"}
