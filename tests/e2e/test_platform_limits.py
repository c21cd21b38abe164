"""Everything fits the platform: lists that grow are paged and turned in place, lengths are
counted in UTF-16 units as Telegram counts them, a card that cannot fit is refused at the
preview, failures are reported — all through the emulator, which refuses what Telegram refuses
(messages over 4096 units, keyboards over 100 buttons, toasts over 200)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import (
    Announcement,
    AnnouncementKind,
    AnnouncementStatus,
    Chat,
    ChatKind,
    ChatState,
    Meeting,
    Outbox,
    OutboxAction,
    OutboxStatus,
    Platform,
    Unit,
)
from tests.e2e.conftest import Cluster, wait_until

GENERIC = "Xin lỗi, đã có lỗi xảy ra"
NEXT = "Sau ▶"
LONG_NAME = "Trường Chính trị tỉnh {i} — cơ sở đào tạo cán bộ lãnh đạo, quản lý"


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


async def seed(
    c: Cluster, *, units: int = 0, groups: int = 0, notices: int = 0, meetings: int = 0
) -> None:
    """Rows written straight into the database, for set-up speed: units, a linked group per
    unit (the first `groups`), scheduled notices and sent meetings a week ahead."""
    now = datetime.now(UTC)
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        made = [
            Unit(code=f"T{i:04d}", name=LONG_NAME.format(i=i), created_at=now) for i in range(units)
        ]
        session.add_all(made)
        await session.flush()
        session.add_all(
            Chat(
                platform=Platform.TELEGRAM,
                external_id=str(-1001000000000 - i),
                kind=ChatKind.SUPERGROUP,
                title=f"Ban Giám hiệu {unit.name}",
                unit_id=unit.id,
                tags=["bgh"],
                state=ChatState.ACTIVE,
                created_at=now,
                updated_at=now,
            )
            for i, unit in enumerate(made[:groups])
        )
        for i in range(notices):
            session.add(
                Announcement(
                    kind=AnnouncementKind.NOTICE,
                    status=AnnouncementStatus.SCHEDULED,
                    text=f"Thông báo số {i}: " + "triệu tập hội nghị quán triệt nghị quyết " * 5,
                    audience={"all": True, "units": [], "tags": [], "private": False},
                    send_at=now + timedelta(days=3, minutes=i),
                    created_at=now,
                )
            )
        for i in range(meetings):
            ann = Announcement(
                kind=AnnouncementKind.MEETING,
                status=AnnouncementStatus.SENT,
                text=f"Hội nghị {i}",
                audience={"all": True, "units": [], "tags": [], "private": False},
                created_at=now,
                sent_at=now,
            )
            session.add(ann)
            await session.flush()
            session.add(
                Meeting(
                    announcement_id=ann.id,
                    title=f"Hội nghị {i} " + "sơ kết phong trào thi đua yêu nước " * 12,
                    starts_at=now + timedelta(days=7, hours=i),
                    venue="Hội trường lớn, Trường Đào tạo cán bộ Lê Hồng Phong " * 4,
                    reminders=[],
                    sequence=0,
                    updated_at=now,
                )
            )
        await session.commit()
    await engine.dispose()


def next_action(message: dict[str, Any]) -> str | None:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return next((b["callback_data"] for row in rows for b in row if b["text"] == NEXT), None)


def button_count(message: dict[str, Any]) -> int:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
    return sum(len(row) for row in rows)


async def turn_pages(c: Cluster, chat_id: int, text: str) -> list[str]:
    """Send `text` as the organiser and read every page of the one reply by pressing
    [Sau ▶] until there is none: the pages' texts, the message edited in place."""
    org = c.organiser
    [reply] = await c.say(org, chat_id, text)
    assert GENERIC not in reply["text"]
    pages = [reply["text"]]
    message = reply
    while (action := next_action(message)) is not None:
        query = await c.client.press_button(org["id"], chat_id, reply["message_id"], action)
        answer = await c.client.wait_callback_answer(query, timeout=10)
        assert answer["text"] is None or len(answer["text"]) <= 200
        message = await _turned(c, chat_id, reply["message_id"], message["text"])
        pages.append(message["text"])
    for page in pages:
        assert utf16(page) <= 4096
    return pages


async def _turned(
    c: Cluster, chat_id: int, message_id: int, before: str, pressed: str | None = None
) -> dict[str, Any]:
    """The message once an edit has changed its text (or, with `pressed`, once the button
    pressed is gone from it)."""
    found: dict[str, Any] = {}

    async def changed() -> bool:
        nonlocal found
        messages = await c.client.bot_messages(chat_id)
        found = next(m for m in messages if m["message_id"] == message_id)
        if pressed is not None:
            return next_action(found) != pressed
        return found["text"] != before

    await wait_until(changed)
    return found


async def test_long_lists_are_paged_and_turned_in_place(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    await seed(c, units=150, groups=150, notices=40, meetings=16)
    before = len(await c.client.bot_messages(org["id"]))
    units = await turn_pages(c, org["id"], "/donvi")
    assert len(units) > 1 and units[0].startswith("Các đơn vị (150)")
    assert all(f"• T{i:04d} — " in "".join(units) for i in range(150))
    assert units[-1].endswith(f"Trang {len(units)}/{len(units)}")
    groups = await turn_pages(c, org["id"], "/nhom")
    assert len(groups) > 1 and all(f"T{i:04d}" in "".join(groups) for i in range(150))
    listed = await turn_pages(c, org["id"], "/ds")
    assert len(listed) > 1 and all(f"• #{i} " in "".join(listed) for i in range(1, 41))
    upcoming = await turn_pages(c, org["id"], "/lich")
    assert len(upcoming) > 1
    assert all(f"Hội nghị {i} sơ kết" in "".join(upcoming) for i in range(16))
    sent = await c.client.bot_messages(org["id"])
    assert len(sent) == before + 4  # one message per list, each turned in place
    assert not [m for m in sent if GENERIC in m["text"]]


async def test_a_notice_of_2500_emoji_is_delivered_in_two_parts(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    await c.say(org, org["id"], "/donvi them HP | Trường Chính trị Tô Hiệu")
    group = await c.new_group("BGH Tô Hiệu")
    await c.say(org, group, "/nhom HP")
    body = "🎉" * 2500  # 2,500 characters, 5,000 UTF-16 units
    await c.say(org, org["id"], f"/thongbao {body} | tất cả!", replies=1)
    messages = await c.client.wait_bot_messages(group, 4, timeout=10)
    parts = [m["text"] for m in messages[2:]]
    assert "".join(parts).count("🎉") == 2500 and all(utf16(p) <= 4096 for p in parts)


async def test_a_delivery_refused_for_good_is_reported_even_for_one_chat(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    await c.say(org, org["id"], "/donvi them HP | Trường Chính trị Tô Hiệu")
    group = await c.new_group("BGH Tô Hiệu")
    await c.say(org, group, "/nhom HP")
    await c.client.set_fault("sendMessage", chat_id=group, kind="status", status=400, count=1)
    before = len(await c.client.bot_messages(org["id"]))
    await c.say(org, org["id"], "/thongbao Họp chi bộ lúc 14h | tất cả!")

    async def reported() -> bool:
        texts = [m["text"] for m in (await c.client.bot_messages(org["id"]))[before:]]
        return any("Đã gửi #1: 0/1 · 1 lỗi: BGH Tô Hiệu" in t for t in texts)

    await wait_until(reported)


async def test_a_meeting_card_too_long_is_refused_at_the_preview(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    await c.say(org, org["id"], "/donvi them HP | Trường Chính trị Tô Hiệu")
    group = await c.new_group("BGH Tô Hiệu")
    await c.say(org, group, "/nhom HP")
    day = datetime.now(UTC) + timedelta(days=9)
    command = (
        f"/hop {'Hội nghị sơ kết ' * 31} | 8h {day.day}/{day.month}/{day.year} | "
        f"{'Hội trường lớn ' * 33} | tất cả\n"
        f"căn cứ: {'Kế hoạch số 40-KH/CTĐ ' * 22}\n"
        f"thành phần: {'Bí thư Đảng ủy, Hiệu trưởng ' * 35}\n"
        f"ghi chú: {'Đề nghị các đơn vị chuẩn bị báo cáo ' * 55}"
    )
    [reply] = await c.say(org, org["id"], command)
    assert "Giấy mời quá dài để gửi trong một tin nhắn" in reply["text"]
    assert "thừa " in reply["text"] and "«ghi chú» (" in reply["text"]
    assert reply.get("reply_markup") is None  # nothing to send
    assert len(await c.client.bot_messages(group)) == 2  # the welcome and the link, no card


async def test_at_1000_units_and_1000_groups_every_list_and_picker_fits(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    await seed(c, units=1000, groups=1000, notices=40, meetings=16)
    units = await turn_pages(c, org["id"], "/donvi")
    assert all(f"• T{i:04d} — " in "".join(units) for i in range(1000))
    groups = await turn_pages(c, org["id"], "/nhom")
    assert all(f"T{i:04d}" in "".join(groups) for i in range(1000))
    await turn_pages(c, org["id"], "/ds")
    await turn_pages(c, org["id"], "/lich")
    status = await turn_pages(c, org["id"], "/tinhhinh 41")
    assert all(f"⏳ T{i:04d} — " in "".join(status) for i in range(1000))
    # the guided /hop's audience step: the unit buttons in pages of at most 100
    await c.say(org, org["id"], "/hop")
    await c.say(org, org["id"], "Hội nghị sơ kết")
    day = datetime.now(UTC) + timedelta(days=9)
    await c.say(org, org["id"], f"8h {day.day}/{day.month}/{day.year}")
    [step] = await c.say(org, org["id"], "Hội trường lớn")
    assert 0 < button_count(step) <= 100
    rows = step["reply_markup"]["inline_keyboard"]
    assert any(b["callback_data"] == "d:apage:1" for row in rows for b in row)
    messages = await c.client.bot_messages(org["id"])
    assert not [m for m in messages if GENERIC in m["text"]]
    assert all(button_count(m) <= 100 for m in messages)
    # the unit picker of a cluster-wide group that received meeting #41
    cluster_group = await c.new_group("Nhóm toàn Cụm")
    [linked] = await c.say(org, cluster_group, "/nhom cum")
    await card_sent(c, cluster_group, 41, linked["message_id"])
    member = await c.client.create_user("Đại biểu", "Lê")
    before = len(await c.client.bot_messages(cluster_group))
    await c.client.press_button(member["id"], cluster_group, linked["message_id"], "r:a:41")
    picker = (await c.client.wait_bot_messages(cluster_group, before + 1, timeout=10))[-1]
    assert 0 < button_count(picker) <= 100 and next_action(picker) == "p:pick.a41:1"
    codes = {b["text"] for row in picker["reply_markup"]["inline_keyboard"] for b in row}
    while (action := next_action(picker)) is not None:
        query = await c.client.press_button(
            member["id"], cluster_group, picker["message_id"], action
        )
        await c.client.wait_callback_answer(query, timeout=10)
        picker = await _turned(c, cluster_group, picker["message_id"], picker["text"], action)
        assert button_count(picker) <= 100
        codes |= {b["text"] for row in picker["reply_markup"]["inline_keyboard"] for b in row}
    assert {f"T{i:04d}" for i in range(1000)} <= codes


async def card_sent(c: Cluster, chat_external_id: int, ann_id: int, message_id: int) -> None:
    """Record that meeting `ann_id`'s card went to this group as message `message_id` (the
    group then counts as having received it)."""
    now = datetime.now(UTC)
    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        chat = await session.scalar(select(Chat).where(Chat.external_id == str(chat_external_id)))
        assert chat is not None
        session.add(
            Outbox(
                chat_id=chat.id,
                action=OutboxAction.SEND,
                payload={"text": "card"},
                purpose="announcement",
                announcement_id=ann_id,
                status=OutboxStatus.SENT,
                not_before=now,
                platform_message_id=str(message_id),
                dedupe_key=f"ann:{ann_id}:chat:{chat.id}:part:0",
                created_at=now,
                sent_at=now,
            )
        )
        await session.commit()
    await engine.dispose()


async def test_a_preview_longer_than_a_message_comes_in_parts_with_the_buttons_last(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    await c.say(org, org["id"], "/donvi them HP | Trường Chính trị Tô Hiệu")
    group = await c.new_group("BGH Tô Hiệu")
    await c.say(org, group, "/nhom HP")
    day = datetime.now(UTC) + timedelta(days=9)
    command = (
        f"/hop {'Hội nghị sơ kết ' * 31} | 8h {day.day}/{day.month}/{day.year} | "
        f"{'Hội trường lớn ' * 33} | tất cả\n"
        f"căn cứ: {'Kế hoạch số 40-KH/CTĐ ' * 22}\n"
        f"thành phần: {'Bí thư Đảng ủy, Hiệu trưởng ' * 35}\n"
        f"ghi chú: {'Đề nghị các đơn vị chuẩn bị báo cáo ' * 39}"
    )
    first, second = await c.say(org, org["id"], command, replies=2)
    assert GENERIC not in first["text"] and first.get("reply_markup") is None
    assert utf16(first["text"]) <= 4096 and utf16(second["text"]) <= 4096
    assert button_count(second) == 2  # [📤 Gửi ngay] [✖️ Huỷ] under the last part
