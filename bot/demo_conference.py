"""The conference parts of `loa demo` (kept apart so `bot.demo` stays short): the schools'
delegations — HN through the card's [📝 Đăng ký đại biểu] and its private dialogue, HP with
`/daibieu` in its group — and an instruction from the cluster head that schools acknowledge
with [✔️ Đã nhận], followed by `/tinhhinh` of it; and the conference morning, reached by moving
the bot's clock a week ahead for a moment, when delegates open the roll-call link."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.demo_chat import Demo, DemoClock, all_have, ask, say, wait

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

OFFICIAL_FIELDS = (
    "số hiệu: 45/GM-CTĐ\n"
    "chủ trì: Đồng chí Hiệu trưởng Trường Đào tạo cán bộ Lê Hồng Phong, Trưởng Cụm\n"
    "liên hệ: Đồng chí Trần Thị B, Văn phòng Cụm, 0912345678\n"
    "số đại biểu: 3; HN 5\n"
)
HN_DELEGATES = [
    ("Trịnh Văn Quang", "Bí thư Đảng ủy", "0912 345 001"),
    ("Phan Thị Huệ", "Phó Hiệu trưởng", "0912 345 002"),
]
HP_DELEGATES = "Trần Văn Hùng, Phó Bí thư Đảng ủy, 0903 111 222; Lê Thị Nga, Trưởng phòng Đào tạo"
NOTICE = (
    "Đề nghị các trường gửi báo cáo sơ kết 6 tháng về Văn phòng Cụm trước ngày họp "
    "để tổng hợp. | tất cả!"
)


async def delegations(world: Demo, hn_leader: dict[str, Any]) -> None:
    """HN registers two delegates by the button's dialogue, HP two with `/daibieu`."""
    client, linked = world.client, world.linked
    say("▶ Trường HN đăng ký đại biểu bằng nút «📝 Đăng ký đại biểu» (hỏi đáp riêng với Loa)…")
    await client.private_chat(hn_leader["id"])
    await ask(client, hn_leader, hn_leader["id"], "/start")
    card = next(m for m in await client.bot_messages(linked[1]) if "GIẤY MỜI HỌP" in m["text"])
    before = len(await client.bot_messages(hn_leader["id"]))
    query = await client.press_button(hn_leader["id"], linked[1], card["message_id"], "db:r:1")
    await client.wait_callback_answer(query, timeout=15)
    await client.wait_bot_messages(hn_leader["id"], before + 1, timeout=15)
    saved: dict[str, Any] = {}
    for number, (name, position, phone) in enumerate(HN_DELEGATES):
        for typed in (name, position):
            await ask(client, hn_leader, hn_leader["id"], typed)
        (saved,) = await ask(client, hn_leader, hn_leader["id"], phone)
        last = number == len(HN_DELEGATES) - 1
        action = "db:d:1" if last else "db:m:1"
        before = len(await client.bot_messages(hn_leader["id"]))
        query = await client.press_button(
            hn_leader["id"], hn_leader["id"], saved["message_id"], action
        )
        await client.wait_callback_answer(query, timeout=15)
        if not last:
            await client.wait_bot_messages(hn_leader["id"], before + 1, timeout=15)
    say(f"   {hn_leader['first_name']}: {saved['text'].splitlines()[-1]}")
    say("▶ Trường HP đăng ký đại biểu bằng lệnh /daibieu trong nhóm…")
    hp_secretary = await client.create_user("Vũ Thị Hạnh")
    (reply,) = await ask(client, hp_secretary, linked[0], f"/daibieu 1 | {HP_DELEGATES}")
    say(f"   Vũ Thị Hạnh: {reply['text'].splitlines()[0]}")
    await wait(lambda: _cards_count(world, "🎫"), timeout=30)


async def _cards_count(world: Demo, needle: str) -> bool:
    return await all_have(world.client, world.linked, needle)


async def acknowledged_notice(world: Demo, readers: list[dict[str, Any]]) -> None:
    """A notice the schools must acknowledge; three press [✔️ Đã nhận] (two people of HP);
    the secretariat reads who acknowledged and who is silent."""
    client, secretary, linked = world.client, world.secretary, world.linked
    say("▶ Ban Thư ký gửi thông báo của Trưởng Cụm; các trường bấm «✔️ Đã nhận»…")
    await ask(client, secretary, secretary["id"], f"/thongbao {NOTICE}", replies=0)
    await world.everywhere("THÔNG BÁO #4")
    for reader, gid in zip(readers, [linked[0], linked[0], linked[2], linked[3]], strict=False):
        card = next(m for m in await client.bot_messages(gid) if "THÔNG BÁO #4" in m["text"])
        query = await client.press_button(reader["id"], gid, card["message_id"], "ack:ok:4")
        answer = await client.wait_callback_answer(query, timeout=15)
        say(f"   {reader['first_name']}: {answer.get('text', '')}")
    await ask(client, secretary, secretary["id"], "/tinhhinh 4")


async def morning_scans(world: Demo, clock: DemoClock, token: str, ok: dict[str, Any]) -> None:
    """An hour before the start: `ok` (who answered ✅) opens the link and is marked; HP's
    Trần Văn Hùng, registered by name and never seen by Loa, picks his unit, then his name."""
    client = world.client
    start = (datetime.now(TZ) + timedelta(days=7)).replace(hour=8, minute=0, second=0)
    clock.offset = start - timedelta(hours=1) - datetime.now(TZ)
    try:
        (marked,) = await ask(client, ok, ok["id"], f"/start dd-{token}")
        say(f"   {ok['first_name']} quét mã sáng ngày họp: {marked['text'].splitlines()[0]}")
        hung = await client.create_user("Trần Văn Hùng")
        await client.private_chat(hung["id"])
        (asked,) = await ask(client, hung, hung["id"], f"/start dd-{token}")
        for label in ("HP", "Trần Văn Hùng"):
            button = next(
                b
                for row in asked["reply_markup"]["inline_keyboard"]
                for b in row
                if b["text"].startswith(label)
            )
            await client.press_button(
                hung["id"], hung["id"], asked["message_id"], button["callback_data"]
            )

            async def redrawn(shown: dict[str, Any] = asked) -> bool:
                now = _current(await client.bot_messages(hung["id"]), shown)
                return bool(now["text"] != shown["text"])

            await wait(redrawn)
            asked = _current(await client.bot_messages(hung["id"]), asked)
        say(f"   Trần Văn Hùng quét mã, chọn HP rồi tên mình: {asked['text'].splitlines()[0]}")
    finally:
        clock.offset = timedelta(0)


def _current(messages: list[dict[str, Any]], sent: dict[str, Any]) -> dict[str, Any]:
    return next(m for m in messages if m["message_id"] == sent["message_id"])
