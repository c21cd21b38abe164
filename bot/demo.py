"""`loa demo`: the real bot against the Bot API emulator with a temporary SQLite database.

It plays the start of a cluster's conference season: the secretariat sets up ten schools and
their groups, sends a notice at once and schedules another, a member tries to send one, and
then it prints what every chat saw.
"""

from __future__ import annotations

import asyncio
import tempfile
import textwrap
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.app import Loa
from bot.emulator import EmulatorClient, EmulatorServer
from bot.emulator import Limits as ServerLimits
from bot.ratelimit import Limits
from bot.settings import load_settings
from handlers.core import SystemClock

TOKEN = "7000000001:DEMO-token-not-a-secret"
SCALE = 10

SCHOOLS = [
    ("HP", "Trường Chính trị Tô Hiệu thành phố Hải Phòng"),
    ("HN", "Trường Đào tạo cán bộ Lê Hồng Phong thành phố Hà Nội"),
    ("QN", "Trường Chính trị Nguyễn Văn Cừ tỉnh Quảng Ninh"),
    ("HY", "Trường Chính trị Nguyễn Văn Linh tỉnh Hưng Yên"),
    ("ND", "Trường Chính trị Trường Chinh tỉnh Nam Định"),
    ("VP", "Trường Chính trị tỉnh Vĩnh Phúc"),
    ("BN", "Trường Chính trị tỉnh Bắc Ninh"),
    ("HD", "Trường Chính trị tỉnh Hải Dương"),
    ("TB", "Trường Chính trị tỉnh Thái Bình"),
    ("HNA", "Trường Chính trị tỉnh Hà Nam"),
]

NOTICE = (
    "Thực hiện Kế hoạch số 40-KH/CTĐ ngày 28/5/2024 của Cụm thi đua, Ban Thường trực kính đề "
    "nghị các trường cử đại biểu dự Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 "
    "và gửi tham luận về Ban Thư ký trước ngày 14/6/2024."
)


class AheadClock(SystemClock):
    """Real time moved back so that `1 phút nữa` falls due a few seconds from now."""

    def __init__(self, behind: timedelta) -> None:
        self.behind = behind

    def now(self):  # type: ignore[no-untyped-def]
        return super().now() - self.behind


def _say(line: str = "") -> None:
    print(line, flush=True)


async def _ask(
    client: EmulatorClient, user: dict[str, Any], chat_id: int, text: str, replies: int = 1
) -> list[dict[str, Any]]:
    before = len(await client.bot_messages(chat_id))
    await client.send_text(user["id"], chat_id, text)
    found = await client.wait_bot_messages(chat_id, before + replies, timeout=15)
    return found[before:]


async def _notices(client: EmulatorClient, chat_id: int) -> int:
    return sum("THÔNG BÁO" in m["text"] for m in await client.bot_messages(chat_id))


async def play(workdir: Path) -> None:
    """Run the whole scenario and print it."""
    async with EmulatorServer(
        token=TOKEN, bot_username="LoaDemoBot", limits=ServerLimits().scaled(SCALE)
    ) as emu:
        client = emu.client
        secretary = await client.create_user("Nguyễn Thu Hà", username="ban_thu_ky")
        await client.private_chat(secretary["id"])
        member = await client.create_user("Trần Văn Bình")
        await client.private_chat(member["id"])
        settings = load_settings(
            _env_file=None,
            telegram_bot_token=TOKEN,
            telegram_api_url=emu.base_url,
            database_url=f"sqlite+aiosqlite:///{workdir / 'demo.db'}",
            loa_admins=str(secretary["id"]),
            log_level="WARNING",
        )
        loa = Loa(settings, limits=Limits().scaled(SCALE), clock=AheadClock(timedelta(seconds=55)))
        await loa.start()
        try:
            groups = await _scenario(client, secretary, member)
        finally:
            await loa.stop()
        await _print_chats(client, secretary, member, groups)


async def _scenario(
    client: EmulatorClient, secretary: dict[str, Any], member: dict[str, Any]
) -> list[tuple[str, int]]:
    _say("▶ Ban Thư ký mở Loa và khai báo 10 trường trong Cụm…")
    await _ask(client, secretary, secretary["id"], "/start")
    for code, name in SCHOOLS:
        await _ask(client, secretary, secretary["id"], f"/donvi them {code} | {name}")
    _say("▶ Loa được thêm vào nhóm Ban Giám hiệu của từng trường và một nhóm chưa liên kết…")
    groups: list[tuple[str, int]] = []
    for code, name in [*SCHOOLS, ("", "Nhóm thử nghiệm")]:
        title = f"BGH {name}" if code else name
        group = await client.create_group(title)
        await client.add_bot_to_group(group["id"], secretary["id"])
        await client.wait_bot_messages(group["id"], 1, timeout=15)
        if code:
            await _ask(client, secretary, group["id"], f"/nhom {code} bgh")
        groups.append((title, int(group["id"])))
    linked = [gid for _, gid in groups[: len(SCHOOLS)]]
    _say("▶ Ban Thư ký gửi thông báo tới tất cả (xem trước, rồi bấm «Gửi ngay»)…")
    preview = await _ask(client, secretary, secretary["id"], f"/thongbao {NOTICE} | tất cả")
    await client.press_button(secretary["id"], secretary["id"], preview[0]["message_id"], "n:go:1")
    await _wait(lambda: _all_have(client, linked, 1))
    _say("▶ Ban Thư ký hẹn giờ một thông báo nhắc lịch (đến hạn sau vài giây)…")
    await _ask(
        client,
        secretary,
        secretary["id"],
        "/thongbao Nhắc: Hội nghị bắt đầu lúc 08:00 tại Hội trường A | tất cả | 1 phút nữa!",
    )
    await _ask(client, secretary, secretary["id"], "/ds")
    _say("▶ Một thành viên thử gửi thông báo (bị từ chối lịch sự)…")
    await _ask(client, member, member["id"], "/thongbao Thử gửi | tất cả!")
    await _ask(client, member, member["id"], "/thongbao")
    _say("▶ Chờ thông báo hẹn giờ đến hạn…")
    await _wait(lambda: _all_have(client, linked, 2), timeout=30)
    await asyncio.sleep(1.5)
    return groups


async def _all_have(client: EmulatorClient, chats: list[int], count: int) -> bool:
    return all([await _notices(client, chat) >= count for chat in chats])


async def _wait(check, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise RuntimeError("the demo did not finish in time")
        await asyncio.sleep(0.1)


async def _print_chats(
    client: EmulatorClient,
    secretary: dict[str, Any],
    member: dict[str, Any],
    groups: list[tuple[str, int]],
) -> None:
    _say()
    _say("═" * 78)
    _say("Những gì mỗi cuộc trò chuyện nhìn thấy / what each chat saw")
    _say("═" * 78)
    chats = [(f"Tin nhắn riêng của Ban Thư ký ({secretary['first_name']})", secretary["id"])]
    chats.append((f"Tin nhắn riêng của thành viên ({member['first_name']})", member["id"]))
    chats += groups
    for title, chat_id in chats:
        _say()
        _say(f"┌─ {title}")
        for message in await client.messages(chat_id):
            sender = message.get("from") or {}
            who = "Loa" if message.get("from_bot") else sender.get("first_name", "?")
            raw = message.get("message") or {}
            if raw.get("new_chat_members"):
                _say(f"│ · {who} đã thêm Loa vào nhóm")
                continue
            edited = " (đã sửa)" if message.get("edit_count") else ""
            _say(f"│ {who}{edited}:")
            for line in (message.get("text") or "").splitlines() or [""]:
                for piece in textwrap.wrap(line, 74) or [""]:
                    _say(f"│   {piece}")
            markup = message.get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                _say("│   " + " ".join(f"[{b['text']}]" for b in row))
        _say("└" + "─" * 77)


def run_demo() -> None:
    """Entry point of `loa demo`."""
    with tempfile.TemporaryDirectory(prefix="loa-demo-") as workdir:
        asyncio.run(play(Path(workdir)))
