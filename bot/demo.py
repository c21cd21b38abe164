"""`loa demo`: the real bot against the Bot API emulator with a temporary SQLite database.

It plays the cluster's review conference: the secretariat sets up ten schools, eight with
Telegram groups; the leaders of the other two (TB, HNA) are on Zalo and join with their invite
codes (one with the code alone, one with `/start CODE`). The secretariat sends the invitation,
the schools answer (buttons on Telegram; on Zalo one types `xn 1 có`, the other sends a
substitute with `XN 1 THAY …`; one school is absent, one is silent and gets reminded), the
secretariat reads the status table; then the seminar: a call for papers, six schools submit a
file on Telegram and one a link on Zalo (`NOP 2 <link>` to its portal), the three late ones are
reminded, the status table; a member is refused an organiser command; after the conference the
school's article (served by a small local web site standing in for the school's portal,
`demo_portal`) is posted as a news card; then it prints what every chat saw, Telegram's and
each Zalo member's. The invitation carries the official fields and delegate quotas; two schools
register delegates and a notice is acknowledged (`demo_conference`).
"""

from __future__ import annotations

import asyncio
import re
import tempfile
import textwrap
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot import demo_conference
from bot.app import Loa
from bot.demo_chat import Demo, DemoClock, all_have, ask, say, wait
from bot.demo_portal import ARTICLE, PAPER, portal
from bot.emulator import BackgroundServer, EmulatorClient, EmulatorServer
from bot.emulator import Limits as ServerLimits
from bot.emulator.zalo import ZaloEmulatorServer
from bot.ratelimit import Limits
from bot.settings import load_settings
from handlers.news.fetch import Fetcher

TOKEN = "7000000001:DEMO-token-not-a-secret"
ZALO_TOKEN = "1459232241454765289:DEMO-zalo-not-a-secret"
ZALO_PACE = "20"  # messages a second on Zalo (Zalo's own pace, 1, would slow the demo down)
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
ZALO_SCHOOLS = 2  # the last two schools have no Telegram group: their leaders are on Zalo
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


async def play(workdir: Path) -> None:
    """Run the whole scenario and print it."""
    async with (
        EmulatorServer(
            token=TOKEN, bot_username="LoaDemoBot", limits=ServerLimits().scaled(SCALE)
        ) as emu,
        ZaloEmulatorServer(token=ZALO_TOKEN) as zemu,
    ):
        client = emu.client
        secretary = await client.create_user("Nguyễn Thu Hà", username="ban_thu_ky")
        await client.private_chat(secretary["id"])
        member = await client.create_user("Trần Văn Bình")
        await client.private_chat(member["id"])
        settings = load_settings(
            _env_file=None,
            telegram_bot_token=TOKEN,
            telegram_api_url=emu.base_url,
            zalo_bot_token=ZALO_TOKEN,
            zalo_api_url=zemu.base_url,
            zalo_messages_per_second=ZALO_PACE,
            database_url=f"sqlite+aiosqlite:///{workdir / 'demo.db'}",
            loa_admins=str(secretary["id"]),
            log_level="WARNING",
        )
        # The portal stands on 127.0.0.1, which Loa would refuse; this fetcher lets it through.
        fetcher = Fetcher(allow_private=True)
        clock = DemoClock()  # moved to the conference morning for the roll-call
        loa = Loa(settings, limits=Limits().scaled(SCALE), fetcher=fetcher, clock=clock)
        await loa.start()
        try:
            async with BackgroundServer(portal()) as site:
                world = Demo(client, zemu.client, secretary, member, site.url, clock)
                await _scenario(world)
        finally:
            await loa.stop()
            await fetcher.aclose()
        await _print_chats(world)


async def _scenario(world: Demo) -> None:
    client, secretary = world.client, world.secretary
    say("▶ Ban Thư ký mở Loa và khai báo 10 trường trong Cụm…")
    await ask(client, secretary, secretary["id"], "/start")
    for code, name in SCHOOLS:
        await ask(client, secretary, secretary["id"], f"/donvi them {code} | {name}")
    say("▶ Loa được thêm vào nhóm Ban Giám hiệu của tám trường và một nhóm chưa liên kết…")
    on_telegram = SCHOOLS[: len(SCHOOLS) - ZALO_SCHOOLS]
    for code, name in [*on_telegram, ("", "Nhóm thử nghiệm")]:
        title = f"BGH {name}" if code else name
        group = await client.create_group(title)
        await client.add_bot_to_group(group["id"], secretary["id"])
        await client.wait_bot_messages(group["id"], 1, timeout=15)
        if code:
            await ask(client, secretary, group["id"], f"/nhom {code} bgh")
        world.groups.append((title, int(group["id"])))
    await _join_on_zalo(world)
    linked = world.linked
    say("▶ Ban Thư ký gửi giấy mời Hội nghị sơ kết (xem trước, rồi bấm «Gửi ngay»)…")
    preview = await ask(client, secretary, secretary["id"], _invitation())
    await client.press_button(secretary["id"], secretary["id"], preview[0]["message_id"], "n:go:1")
    await world.everywhere("GIẤY MỜI HỌP #1")
    say("▶ Các trường xác nhận: bảy trường tham dự, một trường cử người dự thay, một trường vắng…")
    delegates = [await client.create_user(name) for name in DELEGATES[: len(on_telegram)]]
    for delegate, gid in zip(delegates[:6], linked[:6], strict=True):
        await _press(client, delegate, gid, "r:a:1")
    await _press(client, delegates[6], linked[6], "r:x:1")
    await _answer_question(
        client, delegates[6], linked[6], "Trùng lịch tiếp đoàn công tác của Tỉnh ủy"
    )
    (_, attending), (_, substituting) = world.leaders
    await world.zalo_say(attending, "xn 1 có")
    await world.zalo_say(substituting, "XN 1 THAY Lê Văn Cường, Phó Hiệu trưởng")
    say("▶ Ban Thư ký nhắc trường chưa trả lời và xem tình hình xác nhận…")
    await ask(client, secretary, secretary["id"], "/nhacnho 1")
    await wait(lambda: all_have(client, linked[7:], "Nhắc xác nhận #1"))
    await wait(lambda: all_have(client, linked, "Đã xác nhận: 8/10 đơn vị"), timeout=30)
    await demo_conference.delegations(world, delegates[1])
    await ask(client, secretary, secretary["id"], "/tinhhinh 1")
    await _rollcall(world, delegates[0])
    await _seminar(world, delegates)
    say("▶ Sau hội nghị, Ban Thư ký gửi bài viết trên trang tin của Trường Chính trị Tô Hiệu…")
    preview = await ask(
        client, secretary, secretary["id"], f"/tin {world.portal}{ARTICLE} | tất cả"
    )
    await client.press_button(secretary["id"], secretary["id"], preview[0]["message_id"], "n:go:3")
    await world.everywhere("TIN BÀI #3")
    readers = [await client.create_user(name) for name in ("Phạm Văn Hải", "Vũ Thị Hạnh")]
    await demo_conference.acknowledged_notice(world, readers + delegates[2:4])
    say("▶ Một thành viên thử gửi thông báo (bị từ chối lịch sự)…")
    await ask(client, world.member, world.member["id"], "/thongbao Thử gửi | tất cả!")
    await asyncio.sleep(1.0)


async def _join_on_zalo(world: Demo) -> None:
    """The two schools without a Telegram group: the secretariat makes each an invite code
    (`/moi`), its leader sends it to Loa on Zalo, one alone, one as `/start CODE`."""
    say("▶ Lãnh đạo hai trường chưa có nhóm Telegram tham gia qua Zalo bằng mã mời…")
    client, secretary = world.client, world.secretary
    zalo_schools = SCHOOLS[len(SCHOOLS) - ZALO_SCHOOLS :]
    zalo_names = DELEGATES[len(SCHOOLS) - ZALO_SCHOOLS :]
    for index, ((code, _), name) in enumerate(zip(zalo_schools, zalo_names, strict=True)):
        [invite] = await ask(client, secretary, secretary["id"], f"/moi {code}")
        found = re.search(r"start=([\w-]+)", invite["text"])
        if found is None:
            raise RuntimeError("the invite carries no code")
        leader = await world.zalo.create_user(name)
        await world.zalo_say(leader, f"/start {found.group(1)}" if index else found.group(1))
        world.leaders.append((code, leader))


async def _seminar(world: Demo, delegates: list[dict[str, Any]]) -> None:
    """The scientific seminar: a call for papers, most schools submit, the late ones are
    reminded, the secretariat reads the status table."""
    client, secretary, linked = world.client, world.secretary, world.linked
    say("▶ Ban Thư ký mời các trường gửi tham luận cho hội thảo khoa học…")
    day = datetime.now(TZ) + timedelta(days=5)
    await ask(
        client,
        secretary,
        secretary["id"],
        "/thamluan Đổi mới phương pháp giảng dạy lý luận chính trị | "
        f"17h {day.day}/{day.month}/{day.year} | tất cả!\n"
        "ghi chú: Tối đa 10 trang A4, phông Times New Roman cỡ 14",
    )
    await world.everywhere("GỬI THAM LUẬN #2")
    say("▶ Sáu trường nộp tham luận trên Telegram (kèm chú thích /nop 2), một trường trên Zalo…")
    for (code, _), delegate, gid in zip(SCHOOLS[:6], delegates, linked, strict=False):
        before = len(await client.bot_messages(gid))
        content = f"%PDF-1.4 Tham luận của trường {code}".encode()
        await client.send_document(
            delegate["id"], gid, f"Tham luận {code}.pdf", content, caption="/nop 2"
        )
        await client.wait_bot_messages(gid, before + 1, timeout=15)
    _, on_zalo = world.leaders[0]
    await world.zalo_say(on_zalo, f"NOP 2 {world.portal}{PAPER}")
    say("▶ Ban Thư ký nhắc ba trường chưa nộp và xem tình hình nộp tham luận…")
    await ask(client, secretary, secretary["id"], "/nhacnho 2")
    await wait(lambda: all_have(client, linked[6:], "Nhắc nộp tham luận #2"))
    await wait(lambda: world.zalo_saw(world.leaders[1][1], "Nhắc nộp tham luận #2"))
    await wait(lambda: all_have(client, linked, "Đã nộp: 7/10 đơn vị"), timeout=30)
    await ask(client, secretary, secretary["id"], "/tinhhinh 2")


async def _rollcall(world: Demo, delegate: dict[str, Any]) -> None:
    """The roll-call poster; its link opened a week early (refused), a delegate marked by hand,
    then, on the morning, two registered delegates opening it."""
    client, secretary = world.client, world.secretary
    say("▶ Ban Thư ký lấy áp phích điểm danh (mã QR, PNG và PDF A4) để in…")
    sent = await ask(client, secretary, secretary["id"], "/diemdanh 1", replies=3)
    found = re.search(r"start=dd-([A-Za-z0-9]+)", sent[0]["text"])
    if found is None:
        raise RuntimeError("the roll-call link did not come")
    await client.private_chat(delegate["id"])
    early = await ask(client, delegate, delegate["id"], f"/start dd-{found.group(1)}")
    say(f"   {delegate['first_name']} quét mã sớm một tuần: {early[0]['text'].splitlines()[0]}")
    buttons = [b for row in sent[0]["reply_markup"]["inline_keyboard"] for b in row]
    present = next(b for b in buttons if b["callback_data"].startswith("dm:"))
    query = await client.press_button(
        secretary["id"], secretary["id"], sent[0]["message_id"], present["callback_data"]
    )
    answer = await client.wait_callback_answer(query, timeout=15)
    say(f"   Ban Thư ký đánh dấu bằng tay: {answer.get('text', '')}")
    await demo_conference.morning_scans(world, world.clock, found.group(1), delegate)


def _invitation() -> str:
    """The seed invitation of PRODUCT §3, a week from today."""
    day = datetime.now(TZ) + timedelta(days=7)
    deadline = day - timedelta(days=5)
    return (
        "/hop Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm | "
        f"8h {day.day}/{day.month}/{day.year} | Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội "
        "| tất cả\n"
        f"{demo_conference.OFFICIAL_FIELDS}"
        "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
        "thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
        f"hạn xác nhận: 17h {deadline.day}/{deadline.month}/{deadline.year}\n"
        "nhắc: 1 ngày, 2 giờ"
    )


async def _press(client: EmulatorClient, user: dict[str, Any], chat_id: int, data: str) -> None:
    card = next(m for m in await client.bot_messages(chat_id) if "GIẤY MỜI HỌP" in m["text"])
    query = await client.press_button(user["id"], chat_id, card["message_id"], data)
    answer = await client.wait_callback_answer(query, timeout=15)
    say(f"   {user['first_name']}: {answer.get('text', '')}")


async def _answer_question(
    client: EmulatorClient, user: dict[str, Any], chat_id: int, answer: str
) -> None:
    """Reply to Loa's follow-up question (it arrives through the outbox in a moment)."""

    async def asked() -> bool:
        return any("trả lời tin nhắn này" in m["text"] for m in await client.bot_messages(chat_id))

    await wait(asked)
    question = [
        m for m in await client.bot_messages(chat_id) if "trả lời tin nhắn này" in m["text"]
    ]
    before = len(await client.bot_messages(chat_id))
    await client.send_text(user["id"], chat_id, answer, question[-1]["message_id"])
    await client.wait_bot_messages(chat_id, before + 1, timeout=15)


async def _print_chats(world: Demo) -> None:
    say()
    say("═" * 78)
    say("Những gì mỗi cuộc trò chuyện nhìn thấy / what each chat saw")
    say("═" * 78)
    secretary, member = world.secretary, world.member
    chats = [(f"Tin nhắn riêng của Ban Thư ký ({secretary['first_name']})", secretary["id"])]
    chats.append((f"Tin nhắn riêng của thành viên ({member['first_name']})", member["id"]))
    chats += world.groups
    for title, chat_id in chats:
        say()
        say(f"┌─ {title}")
        for message in await world.client.messages(chat_id):
            sender = message.get("from") or {}
            who = "Loa" if message.get("from_bot") else sender.get("first_name", "?")
            raw = message.get("message") or {}
            if raw.get("new_chat_members"):
                say(f"│ · {who} đã thêm Loa vào nhóm")
                continue
            edited = " (đã sửa)" if message.get("edit_count") else ""
            _print_message(f"{who}{edited}", message)
            markup = message.get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                say("│   " + " ".join(f"[{b['text']}]" for b in row))
        say("└" + "─" * 77)
    for unit, leader in world.leaders:
        name = leader["display_name"]
        say()
        say(f"┌─ Zalo: tin nhắn riêng của lãnh đạo trường {unit} ({name})")
        for message in await world.zalo.messages(leader["id"]):
            _print_message("Loa" if message["from_bot"] else name, message)
        say("└" + "─" * 77)


def _print_message(who: str, message: dict[str, Any]) -> None:
    """One message of a chat (Telegram's or Zalo's: both have `photo`, `text`, `caption`)."""
    say(f"│ {who}:")
    if message.get("photo"):
        say("│   🖼 (ảnh)")
    shown = message.get("text") or message.get("caption") or ""
    for line in shown.splitlines() or [""]:
        # links stay whole, to be copied from the printout
        pieces = textwrap.wrap(line, 74, break_long_words=False, break_on_hyphens=False)
        for piece in pieces or [""]:
            say(f"│   {piece}")


def run_demo() -> None:
    """Entry point of `loa demo`."""
    with tempfile.TemporaryDirectory(prefix="loa-demo-") as workdir:
        asyncio.run(play(Path(workdir)))
