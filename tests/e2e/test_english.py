"""English end to end: an organiser who chose `/ngonngu en` reads every reply, prompt, button,
toast, preview and export in English, while the groups keep reading Vietnamese cards."""

from __future__ import annotations

import unicodedata
from io import BytesIO
from typing import Any

from openpyxl import load_workbook

from tests.e2e.conftest import Cluster, wait_until

YEAR = 2030  # 19/06/2030 is a Wednesday, as 19/06/2024 was
TITLE = "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm"
VENUE = "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội"
UNITS = {"HP": "Trường Chính trị Tô Hiệu", "QN": "Trường Chính trị tỉnh Quảng Ninh"}
GROUPS = {"HP": "BGH Tô Hiệu", "QN": "BGH Quảng Ninh"}
TYPED_FORMS = (
    "code",
    "pre",
)  # forms to type (`/units add HP | …`, `căn cứ:`) stay as Loa reads them


def vietnamese_letters(value: str) -> str:
    """The letters with Vietnamese marks (and đ) in `value`: English needs none of them."""
    return "".join(
        ch for ch in value if ch.isalpha() and (ch in "đĐ" or unicodedata.decomposition(ch))
    )


def loa_words(message: dict[str, Any], supplied: list[str]) -> str:
    """What Loa itself wrote in `message` (text or caption, and its buttons): without the forms
    to type (code entities) and without the values people supplied (names, titles, venues)."""
    body = message.get("text") or message.get("caption") or ""
    entities = message.get("entities") or message.get("caption_entities") or []
    units = bytearray(body.encode("utf-16-le"))
    for entity in entities:
        if entity["type"] in TYPED_FORMS:
            start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
            units[start:end] = " ".encode("utf-16-le") * entity["length"]
    shown = units.decode("utf-16-le")
    keyboard = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    shown += "\n" + "\n".join(button["text"] for row in keyboard for button in row)
    for value in sorted(supplied, key=len, reverse=True):
        shown = shown.replace(value, " ")
    return shown


def assert_english(message: dict[str, Any] | str, supplied: list[str]) -> None:
    if isinstance(message, str):  # a toast
        message = {"text": message}
    words = loa_words(message, supplied)
    assert vietnamese_letters(words) == "", words


async def test_an_organiser_who_chose_english_reads_everything_in_english(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    chat = org["id"]
    supplied = [
        "Nguyễn Văn An",
        "Nguyễn Văn",
        TITLE,
        VENUE,
        *UNITS.values(),
        *GROUPS.values(),
    ]
    seen: list[dict[str, Any] | str] = []

    async def say(text: str) -> dict[str, Any]:
        (reply,) = await c.say(org, chat, text)
        seen.append(reply)
        return reply

    async def press(message: dict[str, Any], data: str) -> str:
        query = await c.client.press_button(org["id"], chat, message["message_id"], data)
        answer = await c.client.wait_callback_answer(query)
        assert answer is not None
        seen.append(answer["text"])
        return str(answer["text"])

    async def current(message: dict[str, Any], showing: str) -> dict[str, Any]:
        """The message as the chat shows it once an edit made it show `showing`."""
        latest: dict[str, Any] = {}

        async def edited() -> bool:
            found = await c.client.bot_messages(chat)
            latest.update(next(m for m in found if m["message_id"] == message["message_id"]))
            return showing in f"{latest['text']} {latest.get('reply_markup')}"

        await wait_until(edited)
        seen.append(latest)
        return latest

    assert (await say("/ngonngu en"))["text"] == "English selected."
    menu = await c.client.commands(scope={"type": "chat", "chat_id": chat})
    assert {"notice", "meeting", "status", "export"} <= {item["command"] for item in menu}
    assert all(not vietnamese_letters(item["description"]) for item in menu)
    assert "organiser" in (await say("/start"))["text"]
    assert "/remind" in (await say("/help"))["text"]

    for code, name in UNITS.items():
        assert f"Unit {code} — {name} added." in (await say(f"/donvi them {code} | {name}"))["text"]
    assert "Units (2)" in (await say("/donvi"))["text"]
    groups = {code: await c.new_group(title) for code, title in GROUPS.items()}
    for code, gid in groups.items():
        await c.say(org, gid, f"/nhom {code}")
    listing = await say("/nhom")
    assert "Groups (2)" in listing["text"] and "active" in listing["text"]

    refused = await say(f"/hop {TITLE} | 8h 31/2/{YEAR} | {VENUE} | tất cả")
    assert "Accepted forms" in refused["text"]
    preview = await say(f"/hop {TITLE} | 8h 19/6/{YEAR} | {VENUE} | tất cả")
    assert "Preview of invitation #1" in preview["text"]
    assert f"🕗 08:00, Wednesday 19/06/{YEAR}" in preview["text"]
    assert "To: all (2 groups)" in preview["text"]
    assert "Reminders: 1 day before, 2 hours before" in preview["text"]
    assert "Confirmed: 0/2 units" in preview["text"]
    assert await press(preview, "n:go:1") == "Sending #1 confirmed"

    async def cards_arrived() -> bool:
        return all(
            [
                any("GIẤY MỜI HỌP #1" in m["text"] for m in await c.client.bot_messages(g))
                for g in groups.values()
            ]
        )

    await wait_until(cards_arrived)
    (card,) = [m for m in await c.client.bot_messages(groups["HP"]) if "#1" in m["text"]]
    assert f"08:00, Thứ Tư 19/06/{YEAR}" in card["text"]  # groups keep reading Vietnamese

    assert "Meeting invitation" in (await say("/ds"))["text"]
    status = await say("/tinhhinh 1")
    assert "Confirmations — meeting #1" in status["text"]
    assert f"08:00, Wednesday 19/06/{YEAR}" in status["text"]
    keyboard = status["reply_markup"]["inline_keyboard"]
    attend = next(b for row in keyboard for b in row if b["text"] == "✅ QN attends")
    assert await press(status, attend["callback_data"]) == "Recorded: ✅ QN attends"

    before = len(await c.client.bot_messages(chat))
    await c.client.send_text(chat, chat, "/xuat 1")
    messages = (await c.client.wait_bot_messages(chat, before + 3, timeout=10))[before:]
    seen.extend(messages)
    assert "Answers to meeting #1" in messages[0]["text"]
    xlsx = next(m for m in messages if (m.get("document") or {}).get("file_name", "").endswith("x"))
    book = load_workbook(BytesIO(await c.client.file_bytes(xlsx["document"]["file_id"])))
    assert book.sheetnames == ["List", "Summary"]
    headers = [cell.value for cell in book["List"][1]]
    assert headers[:3] == ["No.", "Unit", "Full name"]
    summary = " ".join(str(cell.value) for row in book["Summary"].iter_rows() for cell in row)
    assert f"08:00, Wednesday 19/06/{YEAR}" in summary
    cells = [str(cell.value or "") for sheet in book for row in sheet.iter_rows() for cell in row]
    assert_english("\n".join(cells), [*supplied, "Nguyễn Văn An"])

    first = await say("/hop")
    assert "Step 1/5 · Title" in first["text"]
    assert "Step 2/5 · Time" in (await say(TITLE))["text"]
    assert "Step 3/5 · Venue" in (await say(f"14h 20/6/{YEAR}"))["text"]
    audience = await say(VENUE)
    assert "Step 4/5 · Audience" in audience["text"]
    assert f"14:00, Thursday 20/06/{YEAR}" in audience["text"]
    assert await press(audience, "d:next:0") == "Step 5/5: more details"
    options = await current(audience, "Step 5/5")
    assert await press(options, "d:prev:0") == "Preview #2 created"
    guided = await current(options, "Preview of invitation #2")
    assert f"14:00, Thursday 20/06/{YEAR}" in guided["text"]
    assert await press(guided, "n:no:2") == "Draft #2 dropped"

    for message in seen:
        assert_english(message, supplied)
