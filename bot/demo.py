"""`loa demo`: the real bot against the Bot API emulator with a temporary SQLite database.

It plays the cluster's review conference: the secretariat sets up ten schools and their groups,
sends the invitation, the schools answer (one sends a substitute, one is absent, one is silent
and gets reminded), the secretariat reads the status table; then the seminar: a call for
papers, seven schools submit, the three late ones are reminded, the status table; a member is
refused an organiser command; after the conference the school's article (served by a small
local web site standing in for the school's portal) is posted as a news card; then it prints
what every chat saw.
"""

from __future__ import annotations

import asyncio
import struct
import tempfile
import textwrap
import time
import zlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.app import Loa
from bot.emulator import BackgroundServer, EmulatorClient, EmulatorServer
from bot.emulator import Limits as ServerLimits
from bot.ratelimit import Limits
from bot.settings import load_settings
from handlers.news.fetch import Fetcher

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

DELEGATES = [
    "Phạm Văn Hải",
    "Nguyễn Thị Lan",
    "Đỗ Minh Tuấn",
    "Vũ Thị Hoa",
    "Trần Quốc Khánh",
    "Lê Thị Mai",
    "Hoàng Văn Nam",
    "Bùi Thị Hằng",
    "Đặng Văn Phúc",
    "Ngô Thị Thu",
]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _say(line: str = "") -> None:
    print(line, flush=True)


async def _ask(
    client: EmulatorClient, user: dict[str, Any], chat_id: int, text: str, replies: int = 1
) -> list[dict[str, Any]]:
    before = len(await client.bot_messages(chat_id))
    await client.send_text(user["id"], chat_id, text)
    found = await client.wait_bot_messages(chat_id, before + replies, timeout=15)
    return found[before:]


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
        # The portal stands on 127.0.0.1, which Loa would refuse; this fetcher lets it through.
        fetcher = Fetcher(allow_private=True)
        loa = Loa(settings, limits=Limits().scaled(SCALE), fetcher=fetcher)
        await loa.start()
        try:
            async with BackgroundServer(_portal()) as portal:
                groups = await _scenario(client, secretary, member, portal.url)
        finally:
            await loa.stop()
            await fetcher.aclose()
        await _print_chats(client, secretary, member, groups)


async def _scenario(
    client: EmulatorClient, secretary: dict[str, Any], member: dict[str, Any], portal: str
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
    _say("▶ Ban Thư ký gửi giấy mời Hội nghị sơ kết (xem trước, rồi bấm «Gửi ngay»)…")
    preview = await _ask(client, secretary, secretary["id"], _invitation())
    await client.press_button(secretary["id"], secretary["id"], preview[0]["message_id"], "n:go:1")
    await _wait(lambda: _all_have(client, linked, "GIẤY MỜI HỌP #1"))
    _say("▶ Các trường xác nhận: bảy trường tham dự, một trường cử người dự thay, một trường vắng…")
    delegates = [await client.create_user(name) for name in DELEGATES]
    for delegate, gid in zip(delegates[:7], linked[:7], strict=True):
        await _press(client, delegate, gid, "r:a:1")
    await _press(client, delegates[7], linked[7], "r:s:1")
    await _answer_question(client, delegates[7], linked[7], "Lê Văn Cường, Phó Hiệu trưởng")
    await _press(client, delegates[8], linked[8], "r:x:1")
    await _answer_question(
        client, delegates[8], linked[8], "Trùng lịch tiếp đoàn công tác của Tỉnh ủy"
    )
    _say("▶ Ban Thư ký nhắc trường chưa trả lời và xem tình hình xác nhận…")
    await _ask(client, secretary, secretary["id"], "/nhacnho 1")
    await _wait(lambda: _all_have(client, linked[9:], "Nhắc xác nhận #1"))
    await _wait(lambda: _all_have(client, linked, "Đã xác nhận: 8/10 đơn vị"), timeout=30)
    await _ask(client, secretary, secretary["id"], "/tinhhinh 1")
    await _seminar(client, secretary, delegates, linked)
    _say("▶ Sau hội nghị, Ban Thư ký gửi bài viết trên trang tin của Trường Chính trị Tô Hiệu…")
    preview = await _ask(client, secretary, secretary["id"], f"/tin {portal}{ARTICLE} | tất cả")
    await client.press_button(secretary["id"], secretary["id"], preview[0]["message_id"], "n:go:3")
    await _wait(lambda: _all_have(client, linked, "TIN BÀI #3"))
    _say("▶ Một thành viên thử gửi thông báo (bị từ chối lịch sự)…")
    await _ask(client, member, member["id"], "/thongbao Thử gửi | tất cả!")
    await asyncio.sleep(1.0)
    return groups


async def _seminar(
    client: EmulatorClient,
    secretary: dict[str, Any],
    delegates: list[dict[str, Any]],
    linked: list[int],
) -> None:
    """The scientific seminar: a call for papers, most schools submit, the late ones are
    reminded, the secretariat reads the status table."""
    _say("▶ Ban Thư ký mời các trường gửi tham luận cho hội thảo khoa học…")
    day = datetime.now(TZ) + timedelta(days=5)
    await _ask(
        client,
        secretary,
        secretary["id"],
        "/thamluan Đổi mới phương pháp giảng dạy lý luận chính trị | "
        f"17h {day.day}/{day.month}/{day.year} | tất cả!\n"
        "ghi chú: Tối đa 10 trang A4, phông Times New Roman cỡ 14",
    )
    await _wait(lambda: _all_have(client, linked, "GỬI THAM LUẬN #2"))
    _say("▶ Bảy trường nộp tham luận (kèm chú thích /nop 2)…")
    for (code, _), delegate, gid in zip(SCHOOLS[:7], delegates, linked, strict=False):
        before = len(await client.bot_messages(gid))
        content = f"%PDF-1.4 Tham luận của trường {code}".encode()
        await client.send_document(
            delegate["id"], gid, f"Tham luận {code}.pdf", content, caption="/nop 2"
        )
        await client.wait_bot_messages(gid, before + 1, timeout=15)
    _say("▶ Ban Thư ký nhắc ba trường chưa nộp và xem tình hình nộp tham luận…")
    await _ask(client, secretary, secretary["id"], "/nhacnho 2")
    await _wait(lambda: _all_have(client, linked[7:], "Nhắc nộp tham luận #2"))
    await _wait(lambda: _all_have(client, linked, "Đã nộp: 7/10 đơn vị"), timeout=30)
    await _ask(client, secretary, secretary["id"], "/tinhhinh 2")


def _invitation() -> str:
    """The seed invitation of PRODUCT §3, a week from today."""
    day = datetime.now(TZ) + timedelta(days=7)
    deadline = day - timedelta(days=5)
    return (
        "/hop Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm | "
        f"8h {day.day}/{day.month}/{day.year} | Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội "
        "| tất cả\n"
        "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
        "thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
        f"hạn xác nhận: 17h {deadline.day}/{deadline.month}/{deadline.year}\n"
        "nhắc: 1 ngày, 2 giờ"
    )


async def _press(client: EmulatorClient, user: dict[str, Any], chat_id: int, data: str) -> None:
    card = next(m for m in await client.bot_messages(chat_id) if "GIẤY MỜI HỌP" in m["text"])
    query = await client.press_button(user["id"], chat_id, card["message_id"], data)
    answer = await client.wait_callback_answer(query, timeout=15)
    _say(f"   {user['first_name']}: {answer.get('text', '')}")


async def _answer_question(
    client: EmulatorClient, user: dict[str, Any], chat_id: int, answer: str
) -> None:
    """Reply to Loa's follow-up question (it arrives through the outbox in a moment)."""

    async def asked() -> bool:
        return any("trả lời tin nhắn này" in m["text"] for m in await client.bot_messages(chat_id))

    await _wait(asked)
    question = [
        m for m in await client.bot_messages(chat_id) if "trả lời tin nhắn này" in m["text"]
    ]
    before = len(await client.bot_messages(chat_id))
    await client.send_text(user["id"], chat_id, answer, question[-1]["message_id"])
    await client.wait_bot_messages(chat_id, before + 1, timeout=15)


ARTICLE = "/tin-tuc/hoi-nghi-so-ket-cum-thi-dua-so-3"
ARTICLE_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta property="og:site_name" content="Trường Chính trị Tô Hiệu">
<title>Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 - Trường Chính trị Tô Hiệu</title>
</head><body>
<a href="#content" class="skip">Truy cập nội dung luôn</a>
<nav><a href="/">Trang chủ</a> | <a href="/tin-tuc">Tin tức - Sự kiện</a></nav>
<main id="content">
<h1>Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 Cụm thi đua số 3</h1>
<div class="date">Ngày đăng 20/06/2024 | 9:59 AM</div><div class="views">Lượt xem: 125</div>
<p><img src="/anh/hoi-nghi.png" alt="Quang cảnh hội nghị"></p>
<p>Sáng ngày 19/6/2024, tại Trường Đào tạo cán bộ Lê Hồng Phong, Cụm thi đua số 3 đã tổ chức
Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024, triển khai nhiệm vụ 6 tháng cuối năm.
Tham dự hội nghị có đồng chí Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm.</p>
<p class="author">Tin và ảnh: Phòng Quản lý đào tạo</p>
</main></body></html>
"""


def _png(width: int = 64, height: int = 40) -> bytes:
    """A small solid-colour PNG: the article's picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xb0\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(rows)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def _portal() -> Starlette:
    """The school's news portal, as far as the demo needs it: one article and its picture."""

    async def article(request: Request) -> Response:
        return Response(ARTICLE_PAGE, media_type="text/html; charset=utf-8")

    async def picture(request: Request) -> Response:
        return Response(_png(), media_type="image/png")

    return Starlette(routes=[Route(ARTICLE, article), Route("/anh/hoi-nghi.png", picture)])


async def _all_have(client: EmulatorClient, chats: list[int], needle: str) -> bool:
    return all([await _shows(client, chat, needle) for chat in chats])


async def _shows(client: EmulatorClient, chat_id: int, needle: str) -> bool:
    return any(needle in m["text"] for m in await client.bot_messages(chat_id))


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
            if message.get("photo"):
                _say("│   🖼 (ảnh)")
            shown = message.get("text") or message.get("caption") or ""
            for line in shown.splitlines() or [""]:
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
