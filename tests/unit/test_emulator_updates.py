"""What reaches a real python-telegram-bot client from the Bot API emulator, as from Telegram:
updates (privacy mode, commands, button presses, chat events such as being removed, blocked or
migrated), long polling and webhooks.

The `emu` and `bot` fixtures are in tests/unit/conftest.py, the helpers in
tests/unit/emulator_support.py.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
import telegram
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden

from bot.emulator import BackgroundServer, EmulatorServer
from tests.unit.emulator_support import drain, group_with_bot, make_bot, says


async def test_privacy_mode_hides_plain_group_text(emu: EmulatorServer, bot: telegram.Bot) -> None:
    c = emu.client
    chat_id, user_id = await group_with_bot(c)
    joined = await drain(bot)
    assert [u.my_chat_member is not None for u in joined] == [True, False]
    assert joined[1].message.new_chat_members[0].id == 123456

    sent = await bot.send_message(chat_id, "Thẻ họp")
    await c.send_text(user_id, chat_id, "chuyện riêng của nhóm")
    await c.send_text(user_id, chat_id, "/xn@OtherBot 12")
    await c.send_text(user_id, chat_id, "/xn 12 co")
    await c.send_text(user_id, chat_id, "/xn@LoaTestBot 12 co")
    await c.send_text(user_id, chat_id, "trả lời thẻ", reply_to_message_id=sent.message_id)
    seen = await drain(bot)
    assert [u.message.text for u in seen] == ["/xn 12 co", "/xn@LoaTestBot 12 co", "trả lời thẻ"]
    assert seen[0].message.entities[0].type == "bot_command"
    assert seen[2].message.reply_to_message.message_id == sent.message_id
    assert len(await c.messages(chat_id)) == 7  # the group itself shows everything

    await c.send_text(user_id, user_id, "nhắn riêng")
    assert [u.message.text for u in await drain(bot)] == ["nhắn riêng"]


async def test_long_poll_returns_an_update_pushed_during_the_wait(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    user = await emu.client.create_user("Hà")
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()
    await emu.client.send_text(user["id"], user["id"], "/start")
    updates = await asyncio.wait_for(poll, 2)
    assert updates[0].message.text == "/start"
    assert updates[0].message.from_user.id == user["id"]
    # Confirmed by offset: gone.
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()


async def test_a_second_poller_gets_conflict(emu: EmulatorServer, bot: telegram.Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=1))
    await asyncio.sleep(0.2)
    async with make_bot(emu) as other:
        with pytest.raises(Conflict, match=says("terminated by other getUpdates request")):
            await other.get_updates(timeout=0)
    assert await first == ()


async def test_a_cancelled_long_poll_hands_over_to_the_next(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    first.cancel()  # what python-telegram-bot does when its updater stops
    with contextlib.suppress(asyncio.CancelledError):
        await first
    assert await bot.get_updates(timeout=0) == ()


async def test_removed_and_blocked_bot_gets_forbidden(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    c = emu.client
    chat_id, user_id = await group_with_bot(c)
    await drain(bot)
    await c.remove_bot_from_group(chat_id, user_id)
    updates = await drain(bot)
    assert updates[0].my_chat_member.new_chat_member.status == "kicked"
    assert updates[1].message.left_chat_member.id == 123456
    with pytest.raises(Forbidden, match=says("bot was kicked from the group chat")):
        await bot.send_message(chat_id, "x")

    await c.private_chat(user_id)
    await bot.send_message(user_id, "xin chào")
    await c.block_bot(user_id)
    [blocked] = await drain(bot)
    assert blocked.my_chat_member.chat.type == "private"
    with pytest.raises(Forbidden, match=says("bot was blocked by the user")):
        await bot.send_message(user_id, "x")
    stranger = await c.create_user("Người lạ")
    with pytest.raises(Forbidden, match=says("can't initiate conversation")):
        await bot.send_message(stranger["id"], "x")


async def test_migrated_group_points_to_the_supergroup(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    c = emu.client
    chat_id, user_id = await group_with_bot(c)
    await drain(bot)
    new_id = await c.migrate_group(chat_id, user_id)
    assert str(new_id).startswith("-100")
    seen = await drain(bot)
    assert seen[0].message.migrate_to_chat_id == new_id
    assert seen[1].message.migrate_from_chat_id == chat_id
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(chat_id, "x")
    assert caught.value.new_chat_id == new_id
    moved = await bot.send_message(new_id, "đã chuyển")
    assert moved.chat.type == "supergroup"


async def test_button_press_and_callback_answer(emu: EmulatorServer, bot: telegram.Bot) -> None:
    c = emu.client
    chat_id, user_id = await group_with_bot(c)
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Có", callback_data="rsvp:12:yes")]])
    card = await bot.send_message(chat_id, "Thẻ", reply_markup=keyboard)
    await drain(bot)
    query_id = await c.press_button(user_id, chat_id, card.message_id, "forged:999")
    [update] = await drain(bot)
    query = update.callback_query
    assert query.id == query_id and query.data == "forged:999"
    assert query.message.reply_markup == keyboard
    assert await c.callback_answer(query_id) is None
    await bot.answer_callback_query(query_id, text="Nút này không còn hiệu lực.")
    answer = await c.wait_callback_answer(query_id)
    assert answer["text"] == "Nút này không còn hiệu lực." and answer["show_alert"] is False
    with pytest.raises(BadRequest, match=says("query is too old")):
        await bot.answer_callback_query(query_id)


async def test_webhook_delivers_in_order_with_the_secret_header(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    failures = [1]

    async def hook(request: Request) -> Response:
        if failures[0]:  # the first attempt fails: the emulator must retry
            failures[0] -= 1
            return Response(status_code=500)
        received.append(
            (request.headers.get("x-telegram-bot-api-secret-token"), await request.json())
        )
        return Response()

    receiver = BackgroundServer(Starlette(routes=[Route("/hook", hook, methods=["POST"])]))
    async with receiver:
        assert await bot.set_webhook(f"{receiver.url}/hook", secret_token="s3cret-Token_1")
        with pytest.raises(Conflict, match=says("webhook is active")):
            await bot.get_updates()
        user = await emu.client.create_user("Quân")
        for text in ("/start", "một", "hai"):
            await emu.client.send_text(user["id"], user["id"], text)
        for _ in range(200):
            if len(received) == 3:
                break
            await asyncio.sleep(0.02)
        info = await bot.get_webhook_info()
        assert info.url == f"{receiver.url}/hook" and info.pending_update_count == 0
        assert await bot.delete_webhook()
    assert [secret for secret, _ in received] == ["s3cret-Token_1"] * 3
    assert [body["message"]["text"] for _, body in received] == ["/start", "một", "hai"]
    ids = [body["update_id"] for _, body in received]
    assert ids == sorted(ids)
    assert await bot.get_updates(timeout=0) == ()


async def test_commands_are_marked_only_for_ascii_names_and_wherever_they_are(
    emu: EmulatorServer, bot: telegram.Bot
) -> None:
    c = emu.client
    chat_id, user_id = await group_with_bot(c)
    await drain(bot)
    await c.send_text(user_id, chat_id, "/thông báo Kính mời")  # no command: hidden in a group
    await c.send_text(user_id, chat_id, "/họp")
    await c.send_text(user_id, chat_id, "/thongbao Kính mời")
    [seen] = await drain(bot)
    assert seen.message.text == "/thongbao Kính mời"
    assert [(e.type, e.offset, e.length) for e in seen.message.entities] == [("bot_command", 0, 9)]
    private = await c.create_user("Bình")
    await c.private_chat(private["id"])
    await drain(bot)
    await c.send_text(private["id"], private["id"], "/thông báo")
    await c.send_document(
        private["id"], private["id"], "t.pdf", b"%PDF", caption="Nộp tham luận /nop 4"
    )
    plain, document = await drain(bot)
    assert plain.message.text == "/thông báo" and plain.message.entities == ()
    assert [(e.type, e.offset, e.length) for e in document.message.caption_entities] == [
        ("bot_command", 14, 4)
    ]
