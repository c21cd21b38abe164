"""Delegations through the real bot: a meeting to three schools with a quota of 2; one school
registers by the card's button in a private dialogue, one through the link the group is given,
one with `/daibieu` (one over the quota refused); `/tinhhinh`, the XLSX and the card's tally
agree with the database."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import Delegate, Meeting
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_answers import card_in, send_meeting
from tests.e2e.test_foundation import build_cluster


async def set_quota(c: Cluster, quota: dict[str, Any]) -> None:
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        meeting = await session.get(Meeting, 1)
        assert meeting is not None
        meeting.delegate_quota = quota
        await session.commit()
    await engine.dispose()


async def stored(c: Cluster) -> list[tuple[int, str, str, str]]:
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        rows = await session.scalars(
            select(Delegate).where(Delegate.removed_at.is_(None)).order_by(Delegate.id)
        )
        found = [(d.unit_id, d.name, d.position, d.phone) for d in rows.all()]
    await engine.dispose()
    return found


async def test_schools_register_their_delegations_by_button_link_and_command(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=3, extra_groups=0)
    await send_meeting(c, groups)
    await set_quota(c, {"default": 2})

    # T01: the button in the group, the dialogue in the private chat Loa already has
    lan = await c.person("Phạm Thị", "Lan")
    await c.say(lan, lan["id"], "/start")
    card = await card_in(c, groups[0])
    buttons = [b for row in card["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons[-1] == {"text": "📝 Đăng ký đại biểu", "callback_data": "db:r:1"}
    before = len(await c.client.bot_messages(lan["id"]))
    query = await c.client.press_button(lan["id"], groups[0], card["message_id"], "db:r:1")
    answer = await c.client.wait_callback_answer(query)
    assert answer["text"] == "Xin tiếp tục trong tin nhắn riêng với Loa"
    asked = (await c.client.wait_bot_messages(lan["id"], before + 1))[-1]
    assert "Đăng ký đại biểu của T01 dự cuộc họp #1" in asked["text"]
    (position,) = await c.say(lan, lan["id"], "Nguyễn Văn An")
    assert "chức vụ" in position["text"]
    (phone,) = await c.say(lan, lan["id"], "Phó Hiệu trưởng")
    assert "số điện thoại" in phone["text"]
    (wrong,) = await c.say(lan, lan["id"], "12 34")
    assert "không phải số điện thoại Việt Nam" in wrong["text"]
    (saved,) = await c.say(lan, lan["id"], "0912 345 678")
    assert "T01: 1/2" in saved["text"]
    actions = [b["callback_data"] for row in saved["reply_markup"]["inline_keyboard"] for b in row]
    assert actions == ["db:m:1", "db:d:1"]
    query = await c.client.press_button(lan["id"], lan["id"], saved["message_id"], "db:d:1")
    assert (await c.client.wait_callback_answer(query))["text"] == "Đã xong"

    # T02: nobody there has written to Loa: the group is given a link that starts the dialogue
    hoa = await c.client.create_user("Lê Thị", "Hoa")
    card = await card_in(c, groups[1])
    before = len(await c.client.bot_messages(groups[1]))
    await c.client.press_button(hoa["id"], groups[1], card["message_id"], "db:r:1")
    link = (await c.client.wait_bot_messages(groups[1], before + 1))[-1]
    (button,) = link["reply_markup"]["inline_keyboard"][0]
    assert button["url"] == "https://t.me/LoaTestBot?start=db-1"
    await c.client.private_chat(hoa["id"])
    (opened,) = await c.say(hoa, hoa["id"], "/start db-1")
    assert "Đăng ký đại biểu của T02 dự cuộc họp #1" in opened["text"]
    for typed in ("Lê Thị Hoa", "Hiệu trưởng"):
        await c.say(hoa, hoa["id"], typed)
    (saved,) = await c.say(hoa, hoa["id"], "+84 987 654 321")
    assert "T02: 1/2" in saved["text"]

    # T03: /daibieu in the group; three names are one too many, two are accepted
    minh = await c.client.create_user("Đỗ Văn", "Minh")
    three = (
        "Đỗ Văn Minh, Bí thư Đảng ủy, 0903 111 222; Vũ Thị Thu, Trưởng phòng; "
        "Hà Văn Sơn, Giảng viên"
    )
    (refused,) = await c.say(minh, groups[2], f"/daibieu 1 | {three}")
    assert "T03 có 0/2 đại biểu; thêm 3 người sẽ vượt hạn mức (tối đa 2)." in refused["text"]
    assert len(await stored(c)) == 2
    two = three.rsplit(";", 1)[0]
    (accepted,) = await c.say(minh, groups[2], f"/daibieu 1 | {two}")
    assert "Đã đăng ký 2 đại biểu của T03" in accepted["text"]

    rows = await stored(c)
    assert rows == [
        (1, "Nguyễn Văn An", "Phó Hiệu trưởng", "0912345678"),
        (2, "Lê Thị Hoa", "Hiệu trưởng", "0987654321"),
        (3, "Đỗ Văn Minh", "Bí thư Đảng ủy", "0903111222"),
        (3, "Vũ Thị Thu", "Trưởng phòng", ""),
    ]

    async def tallied() -> bool:
        return all(["🎫 4 đại biểu" in (await card_in(c, g))["text"] for g in groups])

    await wait_until(tallied, within=30)
    assert "Đã xác nhận: 3/3 đơn vị" in (await card_in(c, groups[0]))["text"]

    # the organiser's list and spreadsheet say the same
    status = "\n".join(m["text"] for m in await c.say(org, org["id"], "/tinhhinh 1"))
    assert "Danh sách đại biểu (4 người)" in status
    for line in ("T01: 1/2", "T02: 1/2", "T03: 2/2", "4. 📝 Vũ Thị Thu — Trưởng phòng"):
        assert line in status
    before = len(await c.client.bot_messages(org["id"]))
    await c.client.send_text(org["id"], org["id"], "/xuat 1")
    files = (await c.client.wait_bot_messages(org["id"], before + 3))[before:]
    xlsx = next(m for m in files if (m.get("document") or {}).get("file_name", "").endswith("xlsx"))
    book = load_workbook(BytesIO(await c.client.file_bytes(xlsx["document"]["file_id"])))
    sheet = list(book["Đại biểu"].iter_rows(min_row=2, values_only=True))
    assert [(r[1][:3], r[2], r[3], r[4] or "") for r in sheet] == [
        (f"T0{unit}", name, position, phone) for unit, name, position, phone in rows
    ]
