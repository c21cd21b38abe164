"""What the emulator's tests share (test_emulator.py, test_emulator_updates.py): the bot's token
and the emulator's limits, a python-telegram-bot client on the emulator, a group with the bot in
it, and fetching what is pending. The fixtures built on them are in tests/unit/conftest.py."""

from __future__ import annotations

import re

import telegram

from bot.emulator import EmulatorClient, EmulatorServer, Limits

TOKEN = "123456:TEST-token-abc"
FAST = Limits(global_per_second=1000, group_per_minute=1000, private_per_second=1000)


def says(text: str) -> str:
    """A `match=` pattern for an error text (python-telegram-bot re-capitalises descriptions)."""
    return "(?i)" + re.escape(text)


def make_bot(emu: EmulatorServer, token: str = TOKEN) -> telegram.Bot:
    return telegram.Bot(
        token, base_url=f"{emu.base_url}/bot", base_file_url=f"{emu.base_url}/file/bot"
    )


async def group_with_bot(c: EmulatorClient, supergroup: bool = False) -> tuple[int, int]:
    """A group with the bot in it; returns (chat_id, id of the person who added the bot)."""
    user = await c.create_user("Lan", "Nguyễn", username="lan")
    group = await c.create_group("Trường Chính trị tỉnh", supergroup=supergroup)
    await c.add_bot_to_group(group["id"], user["id"])
    return group["id"], user["id"]


async def drain(bot: telegram.Bot) -> list[telegram.Update]:
    """Fetch and confirm everything pending."""
    updates = await bot.get_updates(timeout=0)
    if updates:
        await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
    return list(updates)
