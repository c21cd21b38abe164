"""The seed conference of issue 14 end to end, through the real bot: the official invitation to
ten schools with `số đại biểu: 3; T02 5` and `sau hạn: đóng`; delegations registered by the
card's button and by `/daibieu` (one over the quota refused); the deadline passes and one school
is given more time with `/giahan`; on the day twenty people open the roll-call link (one twice,
one on no list, one a day early — refused), three are marked by hand; `/tinhhinh` and the XLSX
agree with the database. The bot's clock is moved by the test (`SkewedClock`)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import func, select

from handlers import timeparse
from storage.db import make_engine, make_sessionmaker
from storage.models import Attendance, Delegate, Rsvp
from tests.e2e.conftest import Cluster, SkewedClock, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
LINK = re.compile(r"https://t\.me/LoaTestBot\?start=dd-([A-Za-z0-9]{16})")
TITLE = "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024"


def invitation(day: datetime, deadline: datetime) -> str:
    """PRODUCT §3's seed with the official fields of §14; `!` sends without a preview."""
    return (
        f"/hop {TITLE} | 8h {day:%d/%m/%Y} | Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội "
        "| tất cả!\n"
        "số hiệu: 45/GM-CTĐ\n"
        "chủ trì: Đồng chí Hiệu trưởng Trường Đào tạo cán bộ Lê Hồng Phong, Trưởng Cụm\n"
        "liên hệ: Đồng chí Trần Thị B, Văn phòng Cụm, 0912345678\n"
        "thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
        "số đại biểu: 3; T02 5\n"
        f"hạn xác nhận: 17h {deadline:%d/%m/%Y}\n"
        "sau hạn: đóng"
    )


async def counted(c: Cluster) -> dict[str, int]:
    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:

            async def count(model: Any, *where: Any) -> int:
                query = select(func.count()).select_from(model).where(*where)
                return int(await session.scalar(query) or 0)

            return {
                "delegates": await count(Delegate, Delegate.removed_at.is_(None)),
                "answers": await count(Rsvp),
                "late": await count(Rsvp, Rsvp.late.is_(True))
                + await count(Delegate, Delegate.late.is_(True)),
                "marks": await count(Attendance),
                "extra": await count(Attendance, Attendance.extra.is_(True)),
            }
    finally:
        await engine.dispose()


async def registered_names(c: Cluster) -> list[str]:
    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return list((await session.scalars(select(Delegate.name))).all())
    finally:
        await engine.dispose()


async def card_in(c: Cluster, chat_id: int) -> dict[str, Any]:
    (card,) = [m for m in await c.client.bot_messages(chat_id) if "GIẤY MỜI HỌP #1" in m["text"]]
    return card


async def press(c: Cluster, user: dict[str, Any], group: int, data: str = "r:a:1") -> str:
    card = await card_in(c, group)
    query = await c.client.press_button(user["id"], group, card["message_id"], data)
    return str((await c.client.wait_callback_answer(query))["text"])


def _edited(messages: list[dict[str, Any]], sent: dict[str, Any]) -> dict[str, Any]:
    return next(m for m in messages if m["message_id"] == sent["message_id"])


async def choose_own_name(
    c: Cluster, user: dict[str, Any], token: str, name: str, asked: dict[str, Any] | None = None
) -> None:
    """A registered delegate opens the link (unless `asked` already) and picks their name."""
    if asked is None:
        (asked,) = await c.say(user, user["id"], f"/start dd-{token}")
    mine = next(
        b
        for row in asked["reply_markup"]["inline_keyboard"]
        for b in row
        if b["text"].startswith(name)
    )
    await c.client.press_button(user["id"], user["id"], asked["message_id"], mine["callback_data"])

    async def marked() -> bool:
        messages = await c.client.bot_messages(user["id"])
        return "✅ Đã điểm danh" in _edited(messages, asked)["text"]

    await wait_until(marked)


async def test_the_seed_conference_from_invitation_to_roll_call(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    clock = SkewedClock(timedelta(0))
    await c.stop()
    c.clock = clock
    await c.start()
    groups = await build_cluster(c, units=10, extra_groups=0)
    day = (datetime.now(TZ) + timedelta(days=8)).replace(hour=8, minute=0, second=0, microsecond=0)
    deadline = (day - timedelta(days=5)).replace(hour=17)
    await c.say(org, org["id"], invitation(day, deadline), replies=0)

    async def everywhere() -> bool:
        return all(
            [
                any("GIẤY MỜI HỌP #1" in m["text"] for m in await c.client.bot_messages(g))
                for g in groups
            ]
        )

    await wait_until(everywhere, within=20)
    card = (await card_in(c, groups[0]))["text"]
    assert "🔖 Số: 45/GM-CTĐ" in card and "🎫 Số đại biểu: 3 người mỗi đơn vị (T02: 5)" in card
    assert "(sau hạn không nhận thêm)" in card

    # T01: the secretary registers herself and the principal through the card's button
    lan = await c.person("Phạm Thị", "Lan")
    await c.say(lan, lan["id"], "/start")
    before = len(await c.client.bot_messages(lan["id"]))
    assert await press(c, lan, groups[0], "db:r:1") == "Xin tiếp tục trong tin nhắn riêng với Loa"
    await c.client.wait_bot_messages(lan["id"], before + 1)
    for name, position, phone in (
        ("Phạm Thị Lan", "Chánh Văn phòng", "0912 000 001"),
        ("Nguyễn Văn An", "Hiệu trưởng", "0912 000 002"),
    ):
        await c.say(lan, lan["id"], name)
        await c.say(lan, lan["id"], position)
        (saved,) = await c.say(lan, lan["id"], phone)
        more = saved["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        if name == "Phạm Thị Lan":
            before = len(await c.client.bot_messages(lan["id"]))
            query = await c.client.press_button(lan["id"], lan["id"], saved["message_id"], more)
            await c.client.wait_callback_answer(query)
            await c.client.wait_bot_messages(lan["id"], before + 1)
    assert "T01: 2/3" in saved["text"]

    # T02 (quota 5): six names are one too many, five are accepted
    hoa = await c.person("Lê Thị", "Hoa")
    six = ["Lê Thị Hoa, Chánh Văn phòng"]
    six += [f"Đại biểu T02 số {i}, Giảng viên" for i in range(2, 7)]
    (refused,) = await c.say(hoa, groups[1], "/daibieu 1 | " + "; ".join(six))
    assert "T02 có 0/5 đại biểu; thêm 6 người sẽ vượt hạn mức (tối đa 5)." in refused["text"]
    assert (await counted(c))["delegates"] == 2
    (accepted,) = await c.say(hoa, groups[1], "/daibieu 1 | " + "; ".join(six[:5]))
    assert "Đã đăng ký 5 đại biểu của T02" in accepted["text"]

    # T03–T06 and T08 answer ✅ three each, T09 once; T07 and T10 are silent
    answering = {2: 3, 3: 3, 4: 3, 5: 3, 7: 3, 8: 1}
    attendees: list[dict[str, Any]] = []
    for index, count in answering.items():
        for n in range(1, count + 1):
            person = await c.person(f"Đại biểu T{index + 1:02d}-{n}")
            assert (await press(c, person, groups[index])).startswith("Đã ghi nhận: ✅")
            attendees.append(person)
    assert await counted(c) == {"delegates": 7, "answers": 16, "late": 0, "marks": 0, "extra": 0}

    # past the deadline: a press and a registration are refused as closed
    clock.offset = deadline - datetime.now(TZ) + timedelta(hours=1)
    closed = timeparse.format_when(deadline, TZ)
    late_one = await c.person("Thư ký T10")
    assert await press(c, late_one, groups[9]) == (
        f"Đã hết hạn xác nhận ({closed}). Vui lòng liên hệ ban tổ chức."
    )
    (no,) = await c.say(late_one, groups[8], "/daibieu 1 | Hà Văn Sơn, Hiệu trưởng")
    assert no["text"].startswith("Đã hết hạn đăng ký")

    # T07 is given two more days, is told, and registers after the others are closed
    later = deadline + timedelta(days=2)
    (given,) = await c.say(org, org["id"], f"/giahan 1 T07 | 17h {later:%d/%m/%Y}")
    assert given["text"].startswith("📅 Đã gia hạn cho T07 — giấy mời #1: hạn mới ")

    async def told() -> bool:
        return any(
            "📅 Ban tổ chức đã gia hạn cho T07" in m["text"]
            for m in await c.client.bot_messages(groups[6])
        )

    await wait_until(told)
    minh = await c.person("Đỗ Văn", "Minh")
    (t07,) = await c.say(
        minh, groups[6], "/daibieu 1 | Đỗ Văn Minh, Bí thư Đảng ủy; Vũ Thị Thu, Hiệu trưởng"
    )
    assert "Đã đăng ký 2 đại biểu của T07" in t07["text"]
    assert (await counted(c))["delegates"] == 9

    # the organiser's poster: the link in the text, a PNG and an A4 PDF
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/diemdanh 1")
    sent = (await c.client.wait_bot_messages(org["id"], before + 3))[before:]
    found = LINK.search(sent[0]["text"])
    assert found is not None
    token = found.group(1)
    names = [(m.get("document") or {}).get("file_name", "") for m in sent]
    assert any(n.endswith(".png") for n in names) and any(n.endswith(".pdf") for n in names)

    # a day before the start the link is refused
    clock.offset = day - timedelta(days=1) - datetime.now(TZ)
    (early,) = await c.say(attendees[0], attendees[0]["id"], f"/start dd-{token}")
    assert early["text"].startswith("Chưa đến giờ điểm danh")
    assert (await counted(c))["marks"] == 0

    # an hour before the start: sixteen ✅, three registered by name, one guest — twenty people
    clock.offset = day - timedelta(hours=1) - datetime.now(TZ)
    for person in attendees:
        (marked,) = await c.say(person, person["id"], f"/start dd-{token}")
        assert marked["text"].startswith("✅ Đã điểm danh: Đại biểu T")
    (again,) = await c.say(attendees[0], attendees[0]["id"], f"/start dd-{token}")
    assert "đã điểm danh rồi" in again["text"]
    for person, name in ((lan, "Phạm Thị Lan"), (minh, "Đỗ Văn Minh")):
        await choose_own_name(c, person, token, name)
    # registered by T02's secretary, never seen by Loa: picks the unit, then the name
    fifth = await c.person("Đại biểu T02", "số 5")
    (asked,) = await c.say(fifth, fifth["id"], f"/start dd-{token}")
    t02 = next(
        b for row in asked["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "T02"
    )
    await c.client.press_button(fifth["id"], fifth["id"], asked["message_id"], t02["callback_data"])

    async def offered() -> bool:
        messages = await c.client.bot_messages(fifth["id"])
        return "Đại biểu T02 số 5" in _edited(messages, asked)["text"]

    await wait_until(offered)
    await choose_own_name(
        c,
        fifth,
        token,
        "Đại biểu T02 số 5",
        asked=_edited(await c.client.bot_messages(fifth["id"]), asked),
    )
    guest = await c.person("Tạ Minh", "Khoa")
    (asked,) = await c.say(guest, guest["id"], f"/start dd-{token}")
    assert "đến cùng đơn vị nào?" in asked["text"]
    t10 = next(
        b for row in asked["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "T10"
    )
    await c.client.press_button(guest["id"], guest["id"], asked["message_id"], t10["callback_data"])

    async def guest_marked() -> bool:
        return (await counted(c))["extra"] == 1

    await wait_until(guest_marked)
    assert (await counted(c))["marks"] == 20

    # three of T02's registered names marked by hand in the organiser's private list
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/diemdanh 1")
    listing = (await c.client.wait_bot_messages(org["id"], before + 3))[before]
    lines = listing["text"].splitlines()
    keys = [
        re.search(r"<code>(d\d+)</code>|\s(d\d+)\s", line)
        for line in lines
        if "Đại biểu T02 số" in line and "chưa điểm danh" in line
    ]
    entry_keys = [k.group(1) or k.group(2) for k in keys if k is not None][:3]
    assert len(entry_keys) == 3, listing["text"]
    await _hand_marks(c, org, listing, entry_keys)

    totals = await counted(c)
    assert totals == {"delegates": 9, "answers": 16, "late": 0, "marks": 23, "extra": 1}
    status = "\n".join(m["text"] for m in await c.say(org, org["id"], "/tinhhinh 1"))
    assert "Danh sách đại biểu (25 người)" in status
    for line in ("T01: 2/3", "T02: 5/5", "T07: 2/3", "T03: 3/3", "T09: 1/3"):
        assert line in status
    assert "Điểm danh: có mặt 22/25 đăng ký (1 trực tuyến) · vắng 0 · ngoài danh sách 1" in status
    assert "T02: đăng ký 5 · có mặt 4" in status
    assert "Đến mà không đăng ký: Tạ Minh Khoa (T10)" in status

    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 1")
    files = (await c.client.wait_bot_messages(org["id"], before + 3))[before:]
    xlsx = next(m for m in files if (m.get("document") or {}).get("file_name", "").endswith("xlsx"))
    book = load_workbook(BytesIO(await c.client.file_bytes(xlsx["document"]["file_id"])))
    delegates = list(book["Đại biểu"].iter_rows(min_row=2, values_only=True))
    assert len(delegates) == 25
    assert {r[2] for r in delegates} >= set(await registered_names(c))
    assert sum(1 for r in delegates if str(r[1]).startswith("T02")) == 5
    roll = list(book["Điểm danh"].iter_rows(min_row=2, values_only=True))
    assert len(roll) == 26  # twenty-five registered, one extra
    states = sorted(str(row[5]) for row in roll)
    assert states == sorted(["Có mặt"] * 22 + ["Trực tuyến", "—", "—", "—"])
    assert [row[2] for row in roll if row[4] == "không"] == ["Tạ Minh Khoa"]


async def _hand_marks(
    c: Cluster, org: dict[str, Any], listing: dict[str, Any], keys: list[str]
) -> None:
    """[Có mặt] for two, [Trực tuyến] for the third, pressed under the list."""
    rows = listing["reply_markup"]["inline_keyboard"]
    actions = [b["callback_data"] for row in rows for b in row]
    for key, letter in zip(keys, ("c", "c", "o"), strict=True):
        data = next(a for a in actions if a.startswith(f"dm:{key}.{letter}."))
        query = await c.client.press_button(org["id"], org["id"], listing["message_id"], data)
        assert (await c.client.wait_callback_answer(query))["text"].startswith("Đã ghi:")
