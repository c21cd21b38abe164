"""The roll-call end to end: the poster and its link, delegates opening it on the day (one
twice, one not on the list, one a day early, one with a forged code), two marked by hand, and
`/tinhhinh` and the XLSX agreeing with the database."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

import zxingcpp
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import Attendance, Delegate, Unit
from tests.e2e.conftest import Cluster, SkewedClock, wait_until
from tests.e2e.test_foundation import build_cluster
from tests.e2e.test_meetings import card_in, seed

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LINK = re.compile(r"https://t\.me/LoaTestBot\?start=dd-([A-Za-z0-9]{16})")


async def _db(c: Cluster) -> Any:
    engine = make_engine(c.db_url)
    return engine, make_sessionmaker(engine)


async def _register(c: Cluster, names: list[tuple[str, str]]) -> None:
    """Names registered for T01 and T02 (the registration dialogue is built elsewhere)."""
    engine, sessions = await _db(c)
    async with sessions() as session:
        units = {u.code: u.id for u in (await session.scalars(select(Unit))).all()}
        for code, name in names:
            session.add(
                Delegate(
                    announcement_id=1,
                    unit_id=units[code],
                    name=name,
                    position="Phó Hiệu trưởng",
                    phone="0912345678",
                    registered_at=datetime.now(TZ),
                )
            )
        await session.commit()
    await engine.dispose()


async def _attendance(c: Cluster) -> list[Attendance]:
    engine, sessions = await _db(c)
    async with sessions() as session:
        rows = list((await session.scalars(select(Attendance).order_by(Attendance.id))).all())
    await engine.dispose()
    return rows


async def test_delegates_check_in_with_the_poster_and_the_rest_are_marked_by_hand(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    clock = SkewedClock(timedelta(0))
    await c.stop()
    c.clock = clock
    await c.start()
    groups = await build_cluster(c, units=3, extra_groups=0)
    day = (datetime.now(TZ) + timedelta(days=8)).replace(hour=8, minute=0, second=0, microsecond=0)
    await c.say(org, org["id"], seed(day), replies=0)

    async def cards_everywhere() -> bool:
        return all(
            [
                any("GIẤY MỜI HỌP #1" in m["text"] for m in await c.client.bot_messages(g))
                for g in groups
            ]
        )

    await wait_until(cards_everywhere)
    people = [await c.person(f"Đại biểu {i}") for i in range(1, 4)]
    for person, group in zip(people, groups, strict=True):  # each school's ✅
        card = await card_in(c, group)
        query = await c.client.press_button(person["id"], group, card["message_id"], "r:a:1")
        await c.client.wait_callback_answer(query)
    await _register(c, [("T01", "Phan Thu Giang"), ("T02", "Mai Văn Hùng")])

    # the organiser's poster: a PNG whose QR code opens the link, an A4 PDF, the link itself
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/diemdanh 1")
    sent = (await c.client.wait_bot_messages(org["id"], before + 3))[before:]
    found = LINK.search(sent[0]["text"])
    assert found is not None
    token, link = found.group(1), found.group(0)
    png = next(m for m in sent if (m.get("document") or {}).get("file_name", "").endswith(".png"))
    image = Image.open(BytesIO(await c.client.file_bytes(png["document"]["file_id"])))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [link]
    assert any((m.get("document") or {}).get("file_name", "").endswith(".pdf") for m in sent)

    # on the day, at 07:45
    clock.offset = day - timedelta(minutes=15) - datetime.now(TZ)
    first, second, third = people
    marked = await c.say(first, first["id"], f"/start dd-{token}")
    assert marked[0]["text"].startswith("✅ Đã điểm danh: Đại biểu 1 (Trường Chính trị số 1)")
    again = await c.say(first, first["id"], f"/start dd-{token}")
    assert "đã điểm danh rồi" in again[0]["text"]
    assert (
        "✅ Đã điểm danh: Đại biểu 2"
        in (await c.say(second, second["id"], f"/start dd-{token}"))[0]["text"]
    )
    # someone on no list is asked their unit and recorded as its extra
    guest = await c.person("Tạ Minh Khoa")
    asked = (await c.say(guest, guest["id"], f"/start dd-{token}"))[0]
    assert "đến cùng đơn vị nào?" in asked["text"]
    t03 = next(
        b for row in asked["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "T03"
    )
    before = len(await c.client.bot_messages(guest["id"]))
    await c.client.press_button(guest["id"], guest["id"], asked["message_id"], t03["callback_data"])

    async def guest_marked() -> bool:
        messages = await c.client.bot_messages(guest["id"])
        return any("Đã điểm danh" in m["text"] for m in messages[before - 1 :])

    await wait_until(guest_marked)
    forged = await c.say(second, second["id"], "/start dd-AAAAAAAAAAAAAAAA")
    assert forged[0]["text"] == "Mã điểm danh không đúng hoặc đã hết hiệu lực."
    # a day early, the code is refused
    clock.offset -= timedelta(days=1)
    early = await c.say(third, third["id"], f"/start dd-{token}")
    assert early[0]["text"].startswith("Chưa đến giờ điểm danh")
    clock.offset += timedelta(days=1)

    # two registered delegates marked by hand, from the list under /diemdanh
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/diemdanh 1")
    listing = (await c.client.wait_bot_messages(org["id"], before + 3))[before]
    buttons = [b for row in listing["reply_markup"]["inline_keyboard"] for b in row]
    actions = [b["callback_data"] for b in buttons]
    keys = sorted({a.split(".")[0] for a in actions if a.startswith("dm:d")})
    assert len(keys) == 2
    for data in (f"{keys[0]}.c.0:1", f"{keys[1]}.o.0:1"):
        query = await c.client.press_button(org["id"], org["id"], listing["message_id"], data)
        assert (await c.client.wait_callback_answer(query))["text"].startswith("Đã ghi:")

    rows = await _attendance(c)
    assert len(rows) == 5
    by_method = sorted((r.method, r.state.value, r.extra) for r in rows)
    assert by_method == [
        ("hand", "online", False),
        ("hand", "present", False),
        ("scan", "present", False),
        ("scan", "present", False),
        ("scan", "present", True),
    ]

    status = (await c.say(org, org["id"], "/tinhhinh 1"))[0]["text"]
    assert "Điểm danh: có mặt 4/5 đăng ký (1 trực tuyến) · vắng 0 · ngoài danh sách 1" in status
    assert "T01: đăng ký 2 · có mặt 2" in status and "T03: đăng ký 1 · có mặt 0" in status
    assert "Đến mà không đăng ký: Tạ Minh Khoa (T03)" in status

    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 1")
    files = (await c.client.wait_bot_messages(org["id"], before + 3))[before:]
    xlsx = next(m for m in files if (m.get("document") or {}).get("file_name", "").endswith("xlsx"))
    book = load_workbook(BytesIO(await c.client.file_bytes(xlsx["document"]["file_id"])))
    sheet = list(book["Điểm danh"].iter_rows(min_row=2, values_only=True))
    assert len(sheet) == 6  # five registered, one extra
    assert sorted(row[5] for row in sheet) == sorted(
        ["Có mặt", "Có mặt", "Có mặt", "Có mặt", "Trực tuyến", "—"]
    )
    assert [row[2] for row in sheet if row[4] == "không"] == ["Tạ Minh Khoa"]
    assert {row[2] for row in sheet if row[5] == "—"} == {"Đại biểu 3"}
