"""The Bot API emulator behaves like Telegram for a real python-telegram-bot client: the calls
it serves and refuses, its rate limits and faults.

What reaches the bot (updates, long polling, webhooks, chat events) is in
test_emulator_updates.py. The `emu` and `bot` fixtures are in tests/unit/conftest.py, the helpers in
tests/unit/emulator_support.py.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter

from bot.emulator import EmulatorServer, Limits, apispec
from bot.emulator.html import HtmlError, parse_html
from tests.unit.emulator_support import TOKEN, drain, group_with_bot, make_bot, says


def test_api_description_is_available_so_calls_are_checked() -> None:
    assert apispec.available(), "api.json not found: set LOA_BOT_API_JSON or add ../shared"


async def test_get_me_describes_a_bot_in_privacy_mode(bot: telegram.Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot and me.username == "LoaTestBot" and me.id == 123456
    assert me.can_join_groups is True
    assert me.can_read_all_group_messages is False
    assert me.supports_inline_queries is False


async def test_wrong_token_is_unauthorized(emu: EmulatorServer) -> None:
    wrong = make_bot(emu, "123456:WRONG")
    with pytest.raises(InvalidToken):
        await wrong.get_me()
    log = await emu.client.requests()
    assert log[-1]["status"] == 401
    assert "WRONG" not in repr(log)


async def test_ids_are_beyond_32_bits(emu: EmulatorServer) -> None:
    c = emu.client
    user = await c.create_user("Minh")
    group = await c.create_group("Chi bộ")
    supergroup = await c.create_group("Khối trường", supergroup=True)
    assert user["id"] > 2**32
    assert group["id"] < -(2**31) and group["type"] == "group"  # no int32 fits it
    assert str(supergroup["id"]).startswith("-100") and supergroup["type"] == "supergroup"
    assert (await c.private_chat(user["id"]))["id"] == user["id"]


async def test_send_edit_delete_round_trip(emu: EmulatorServer, bot: telegram.Bot) -> None:
    chat_id, _ = await group_with_bot(emu.client)
    first = await bot.send_message(chat_id, "<b>Thông báo</b> số 1", parse_mode="HTML")
    second = await bot.send_message(chat_id, "Thông báo số 2")
    assert first.message_id + 1 == second.message_id
    assert first.from_user.id == 123456 and first.chat.title == "Trường Chính trị tỉnh"
    assert first.text == "Thông báo số 1" and first.entities[0].type == "bold"

    edited = await bot.edit_message_text("Thông báo số 1 (sửa)", chat_id, first.message_id)
    assert edited.text == "Thông báo số 1 (sửa)" and edited.edit_date is not None
    assert await bot.delete_message(chat_id, second.message_id) is True

    shown = await emu.client.bot_messages(chat_id)
    assert [(m["text"], m["edit_count"], m["deleted"]) for m in shown] == [
        ("Thông báo số 1 (sửa)", 1, False),
        ("Thông báo số 2", 0, True),
    ]
    with pytest.raises(BadRequest, match=says("message to edit not found")):
        await bot.edit_message_text("x", chat_id, second.message_id)
    with pytest.raises(BadRequest, match=says("chat not found")):
        await bot.send_message(-4_999_999_999, "x")
    assert await emu.client.violations() == []


async def test_edit_with_the_same_content_is_not_modified(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    chat_id, _ = await group_with_bot(emu.client)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Xác nhận", callback_data="rsvp:1")]])
    sent = await bot.send_message(chat_id, "<i>Họp</i>", parse_mode="HTML", reply_markup=keyboard)
    with pytest.raises(BadRequest, match=says("message is not modified")):
        await bot.edit_message_text(
            "<i>Họp</i>", chat_id, sent.message_id, parse_mode="HTML", reply_markup=keyboard
        )
    with pytest.raises(BadRequest, match=says("message is not modified")):
        await bot.edit_message_reply_markup(chat_id, sent.message_id, reply_markup=keyboard)


async def test_edit_without_markup_removes_the_keyboard(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    chat_id, _ = await group_with_bot(emu.client)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Có", callback_data="yes")]])
    sent = await bot.send_message(chat_id, "Họp lúc 8 giờ", reply_markup=keyboard)
    edited = await bot.edit_message_text("Họp lúc 8 giờ", chat_id, sent.message_id)
    assert edited.reply_markup is None
    [shown] = await emu.client.bot_messages(chat_id)
    assert shown["reply_markup"] is None


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("Dòng 1<br>Dòng 2", 'Unsupported start tag "br" at byte offset 7'),
        ("<b>đậm", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
    ],
)
async def test_bad_html_is_rejected(
    emu: EmulatorServer, bot: telegram.Bot, html: str, error: str
) -> None:
    chat_id, _ = await group_with_bot(emu.client)
    with pytest.raises(BadRequest, match=says("parse entities")) as caught:
        await bot.send_message(chat_id, html, parse_mode="HTML")
    assert error.lower() in caught.value.message.lower()


async def test_empty_and_too_long_texts_are_rejected(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    chat_id, _ = await group_with_bot(emu.client)
    with pytest.raises(BadRequest, match=says("message text is empty")):
        await bot.send_message(chat_id, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=says("message is too long")):
        await bot.send_message(chat_id, "ư" * 4097)
    await bot.send_message(chat_id, "ư" * 4096)


async def test_callback_data_is_limited_to_64_bytes(emu: EmulatorServer, bot: telegram.Bot) -> None:
    chat_id, _ = await group_with_bot(emu.client)
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("ok", callback_data="đ" * 32)]])
    await bot.send_message(chat_id, "64 bytes", reply_markup=fits)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="a" + "đ" * 32)]])
    with pytest.raises(BadRequest, match=says("BUTTON_DATA_INVALID")):
        await bot.send_message(chat_id, "65 bytes", reply_markup=too_long)


async def test_an_inline_keyboard_holds_at_most_100_buttons(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    chat_id, _ = await group_with_bot(emu.client)

    def keyboard(count: int) -> InlineKeyboardMarkup:
        buttons = [InlineKeyboardButton(str(i), callback_data=f"b:{i}") for i in range(count)]
        return InlineKeyboardMarkup([buttons[i : i + 4] for i in range(0, count, 4)])

    sent = await bot.send_message(chat_id, "100 nút", reply_markup=keyboard(100))
    with pytest.raises(BadRequest, match=says("reply markup is too long")):
        await bot.send_message(chat_id, "101 nút", reply_markup=keyboard(101))
    with pytest.raises(BadRequest, match=says("reply markup is too long")):
        await bot.edit_message_text(
            "101 nút", chat_id=chat_id, message_id=sent.message_id, reply_markup=keyboard(101)
        )


async def test_a_toast_holds_at_most_200_utf16_units(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    c = emu.client
    chat_id, user_id = await group_with_bot(c)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Có", callback_data="r:a:1")]])
    card = await bot.send_message(chat_id, "Thẻ", reply_markup=keyboard)
    await drain(bot)
    query_id = await c.press_button(user_id, chat_id, card.message_id, "r:a:1")
    with pytest.raises(BadRequest, match=says("MESSAGE_TOO_LONG")):
        await bot.answer_callback_query(query_id, text="😀" * 101)  # 202 UTF-16 units
    await bot.answer_callback_query(query_id, text="😀" * 100)
    answer = await c.wait_callback_answer(query_id)
    assert answer["text"] == "😀" * 100


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_group_limit_answers_429_with_retry_after(emu: EmulatorServer) -> None:
    tight = Limits(global_per_second=1000, group_per_minute=3, private_per_second=1000)
    await emu.client.set_limits(**tight.as_dict())
    chat_id, _ = await group_with_bot(emu.client)
    other_id, _ = await group_with_bot(emu.client)
    async with make_bot(emu) as bot:
        for n in range(3):
            await bot.send_message(chat_id, f"tin {n}")
        with pytest.raises(RetryAfter):
            await bot.send_message(chat_id, "tin 4")
        await bot.send_message(other_id, "another group has its own budget")

    async with httpx.AsyncClient(base_url=emu.base_url) as raw:
        response = await raw.post(
            f"/bot{TOKEN}/sendMessage", data={"chat_id": chat_id, "text": "x"}
        )
    body = response.json()
    assert response.status_code == 429 and body["error_code"] == 429
    retry_after = body["parameters"]["retry_after"]
    assert 55 <= retry_after <= 60
    assert body["description"] == f"Too Many Requests: retry after {retry_after}"
    stats = await emu.client.stats()
    assert stats["too_many_requests"] == 2
    assert stats["too_many_requests_by_chat"] == {chat_id: 2}
    assert stats["messages_sent"] == 4


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_global_and_private_limits_count_only_accepted_calls(emu: EmulatorServer) -> None:
    await emu.client.set_limits(global_per_second=1000, group_per_minute=1000, private_per_second=1)
    user = await emu.client.create_user("Tú")
    await emu.client.private_chat(user["id"])
    async with make_bot(emu) as bot:
        await bot.send_message(user["id"], "một")
        for _ in range(3):
            with pytest.raises(RetryAfter):
                await bot.send_message(user["id"], "hai")
        await asyncio.sleep(1.05)
        await bot.send_message(user["id"], "hai")  # refused calls did not extend the window
    assert (await emu.client.stats())["messages_sent"] == 2


async def test_faults_become_network_errors_and_forbidden(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    c = emu.client
    chat_id, _ = await group_with_bot(c)
    await c.set_fault(method="sendMessage", kind="status", status=502)
    with pytest.raises(NetworkError, match=says("Bad Gateway")):
        await bot.send_message(chat_id, "a")
    await c.set_fault(method="sendMessage", kind="drop")
    with pytest.raises(NetworkError):
        await bot.send_message(chat_id, "b")
    await bot.send_message(chat_id, "faults are used up")

    await c.set_fault(chat_id=chat_id, kind="forbidden")
    with pytest.raises(Forbidden, match=says("bot was kicked")):
        await bot.send_message(chat_id, "c")
    with pytest.raises(Forbidden):
        await bot.send_message(chat_id, "still")
    await c.clear_faults()

    await c.set_fault(method="getMe", kind="delay", delay=0.3)
    started = asyncio.get_running_loop().time()
    await bot.get_me()
    assert asyncio.get_running_loop().time() - started >= 0.3
    statuses = [r["status"] for r in await c.requests("sendMessage")]
    assert statuses == [502, 0, 200, 403, 403]


async def test_documents_round_trip(emu: EmulatorServer, bot: telegram.Bot) -> None:
    c = emu.client
    chat_id, user_id = await group_with_bot(c)
    content = "Báo cáo tham luận\n".encode() * 1000
    sent = await bot.send_document(
        chat_id, content, filename="bao-cao.txt", caption="<b>Tham luận</b>", parse_mode="HTML"
    )
    assert sent.document.file_name == "bao-cao.txt" and sent.document.file_size == len(content)
    assert sent.caption == "Tham luận"
    file = await bot.get_file(sent.document.file_id)
    assert bytes(await file.download_as_bytearray()) == content
    assert await c.file_bytes(sent.document.file_id) == content
    again = await bot.send_document(chat_id, sent.document.file_id)
    assert again.document.file_id == sent.document.file_id

    await drain(bot)
    upload = await c.send_document(
        user_id, chat_id, "tham-luan.docx", b"PK\x03\x04 docx", caption="/nop 7"
    )
    [update] = await drain(bot)
    document = update.message.document
    assert document.file_id == upload["document"]["file_id"]
    assert update.message.caption_entities[0].type == "bot_command"
    received = await (await bot.get_file(document.file_id)).download_as_bytearray()
    assert bytes(received) == b"PK\x03\x04 docx"
    [shown] = [m for m in await c.messages(chat_id) if m["document"] and not m["from_bot"]]
    assert shown["document"]["file_name"] == "tham-luan.docx"
    assert await c.violations() == []


async def test_api_violations_are_recorded_and_calls_still_served(emu: EmulatorServer) -> None:
    user = await emu.client.create_user("Vy")
    await emu.client.private_chat(user["id"])
    async with httpx.AsyncClient(base_url=emu.base_url) as raw:
        served = await raw.post(
            f"/bot{TOKEN}/sendMessage",
            data={"chat_id": str(user["id"]), "text": "xin chào", "colour": "red"},
        )
        typed = await raw.post(
            f"/bot{TOKEN}/sendMessage",
            json={"chat_id": user["id"], "text": "x", "disable_notification": "maybe"},
        )
        missing = await raw.post(f"/bot{TOKEN}/sendMessage", data={"text": "x"})
        unknown = await raw.post(f"/bot{TOKEN}/sendTelepathy", data={"chat_id": "1"})
    assert served.status_code == 200 and served.json()["result"]["text"] == "xin chào"
    assert typed.status_code == 200
    assert missing.status_code == 400
    assert unknown.status_code == 404
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    problems = [(v["method"], v["problem"]) for v in await emu.client.violations()]
    assert problems[0] == ("sendMessage", "unknown parameter 'colour'")
    assert "parameter 'disable_notification': expected Boolean" in problems[1][1]
    assert problems[2] == ("sendMessage", "required parameter 'chat_id' is missing")
    assert problems[3][0] == "sendTelepathy"
    await emu.client.reset_log()
    assert await emu.client.violations() == []


async def test_bot_commands_are_kept_per_scope_and_checked(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    commands = [("xn", "Xác nhận tham dự"), ("nop", "Nộp tham luận")]
    assert await bot.set_my_commands(commands)
    scope = telegram.BotCommandScopeAllGroupChats()
    assert await bot.set_my_commands([("tin", "Tin mới")], scope=scope, language_code="vi")
    assert [c.command for c in await bot.get_my_commands()] == ["xn", "nop"]
    assert [c.command for c in await bot.get_my_commands(scope, "vi")] == ["tin"]
    with pytest.raises(BadRequest, match=says("BOT_COMMAND_INVALID")):
        await bot.set_my_commands([("Xác-nhận", "x")])
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    assert await emu.client.violations() == []


def test_html_parsing_gives_text_and_utf16_entities() -> None:
    text, entities = parse_html(
        '😀 <b>Đậm <i>nghiêng</i></b> <a href="https://x.vn/?a=1&amp;b=2">link</a> '
        '&lt;3 &amp; &nbsp; &#39;<pre><code class="language-python">x</code></pre>'
    )
    assert text == "😀 Đậm nghiêng link <3 & &nbsp; 'x"
    assert entities[0] == {"type": "bold", "offset": 3, "length": 11}
    assert entities[1] == {"type": "italic", "offset": 7, "length": 7}
    assert entities[2] == {
        "type": "text_link",
        "offset": 15,
        "length": 4,
        "url": "https://x.vn/?a=1&b=2",
    }
    assert entities[3] == {"type": "pre", "offset": 33, "length": 1, "language": "python"}
    with pytest.raises(HtmlError, match='Tag "span" must have class "tg-spoiler"'):
        parse_html("<span>x</span>")
    assert parse_html('<span class="tg-spoiler">x</span>')[1][0]["type"] == "spoiler"


def test_limits_scale_on_the_class_and_on_an_instance() -> None:
    assert Limits.scaled(10) == Limits(300, 200, 10)
    assert Limits(1, 2, 3).scaled(2) == Limits(2, 4, 6)


async def test_chat_methods_and_big_files(emu: EmulatorServer, bot: telegram.Bot) -> None:
    chat_id, _ = await group_with_bot(emu.client)
    assert await bot.send_chat_action(chat_id, "typing")
    chat = await bot.get_chat(chat_id)
    assert chat.title == "Trường Chính trị tỉnh" and chat.type == "group"
    big = emu.state.store_file(b"x" * (20 * 1024 * 1024 + 1), "big.pdf", None, folder="documents")
    with pytest.raises(BadRequest, match=says("file is too big")):
        await bot.get_file(big.file_id)
    assert await bot.leave_chat(chat_id)
    with pytest.raises(Forbidden, match=says("bot is not a member of the group chat")):
        await bot.send_message(chat_id, "x")
    assert await bot.close() and await bot.log_out()


async def test_query_string_and_json_bodies_are_accepted(emu: EmulatorServer) -> None:
    user = await emu.client.create_user("Bình")
    await emu.client.private_chat(user["id"])
    async with httpx.AsyncClient(base_url=emu.base_url) as raw:
        me = await raw.get(f"/bot{TOKEN}/getme")
        by_query = await raw.get(f"/bot{TOKEN}/sendMessage?chat_id={user['id']}&text=hi")
        markup = {"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]}
        by_json = await raw.post(
            f"/bot{TOKEN}/sendMessage",
            json={"chat_id": user["id"], "text": "hello", "reply_markup": markup},
        )
    assert me.json()["result"]["username"] == "LoaTestBot"
    assert by_query.json()["result"]["text"] == "hi"
    assert by_json.json()["result"]["reply_markup"] == markup
    assert await emu.client.violations() == []
