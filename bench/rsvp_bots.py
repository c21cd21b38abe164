"""The bots of the RSVP benchmark: waiting for Loa's cards and for them to settle, the bare
python-telegram-bot bot Loa is compared with, and one bot taking every press once.
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import re
import resource
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes
from telegram.request import HTTPXRequest

from bench.rsvp_measure import BARE_TOAST, Phase, machine_cpu, measure, process_cpu
from bench.rsvp_processes import TOKEN, Driven, Presser, cpu_seconds, drive
from bench.rsvp_world import Database
from bot.emulator import EmulatorClient
from bot.telegram import ALLOWED_UPDATES

CARD_RE = re.compile(r"GIẤY MỜI HỌP #(\d+)")
SETTLE_POLL = 0.5
CARDS_TIMEOUT = 60.0


async def wait_for_cards(client: EmulatorClient, groups: list[int]) -> tuple[int, dict[int, int]]:
    """Until every group shows the meeting card: the meeting's id and each card's message id."""
    deadline = time.monotonic() + CARDS_TIMEOUT
    cards: dict[int, int] = {}
    meeting_id = 0
    while True:
        for gid in [g for g in groups if g not in cards]:
            for message in await client.bot_messages(gid):
                found = CARD_RE.search(message.get("text") or "")
                if found:
                    cards[gid] = int(message["message_id"])
                    meeting_id = int(found.group(1))
        if len(cards) == len(groups):
            return meeting_id, cards
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {len(cards)} of {len(groups)} groups show the card")
        await asyncio.sleep(0.2)


async def card_texts(client: EmulatorClient, cards: dict[int, int]) -> dict[int, str]:
    """What each group's card says now."""
    texts: dict[int, str] = {}
    for gid, message_id in cards.items():
        for message in await client.bot_messages(gid):
            if int(message["message_id"]) == message_id:
                texts[gid] = message.get("text") or ""
    return texts


@dataclass
class Settled:
    seconds: float | None
    tally: str
    matching: int
    unsent: dict[str, int]


async def settle(
    client: EmulatorClient, db: Database, meeting_id: int, cards: dict[int, int], within: float
) -> Settled:
    """Wait until nothing of the meeting is left in the outbox and every card shows the tally
    the database holds; None seconds if that did not happen `within` seconds."""
    started = time.monotonic()
    tally = await db.tally(meeting_id)
    while True:
        unsent = await db.unsent(meeting_id)
        matching = 0
        if not unsent.get("card"):
            texts = await card_texts(client, cards)
            matching = sum(1 for text in texts.values() if tally in text)
        waited = time.monotonic() - started
        if (matching == len(cards) and not unsent) or waited > within:
            done = matching == len(cards) and not unsent
            return Settled(waited if done else None, tally, matching, unsent)
        await asyncio.sleep(SETTLE_POLL)


async def answer_ok(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bare bot's only handler."""
    if update.callback_query is not None:
        await update.callback_query.answer(BARE_TOAST)


def bare_application(base_url: str) -> Application:  # type: ignore[type-arg]
    """A python-telegram-bot Application that only answers callbacks: long polling as Loa's
    (bot/telegram.py build_application), no rate limiter, 16 concurrent updates (its best)."""
    return (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{base_url}/bot")
        .base_file_url(f"{base_url}/file/bot")
        .request(HTTPXRequest(connection_pool_size=64, read_timeout=20.0, pool_timeout=60.0))
        .get_updates_request(HTTPXRequest(connection_pool_size=2, read_timeout=40.0))
        .concurrent_updates(16)
        .job_queue(None)
        .build()
    )


@contextlib.asynccontextmanager
async def bare_bot(base_url: str) -> AsyncIterator[None]:
    app = bare_application(base_url)
    app.add_handler(CallbackQueryHandler(answer_ok))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(allowed_updates=ALLOWED_UPDATES, timeout=20)
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def take_presses(
    client: EmulatorClient,
    name: str,
    base_url: str,
    plan: list[Presser],
    at_once: int,
    emulator_pid: int,
    profile: cProfile.Profile | None = None,
) -> tuple[Phase, Driven]:
    """The driver presses everything once against whichever bot is running now."""
    bot0, emu0 = cpu_seconds(resource.RUSAGE_SELF), process_cpu(emulator_pid)
    busy0, wall0 = machine_cpu(), time.time()
    if profile is not None:
        profile.enable()
    try:
        driven = await drive(base_url, plan, at_once)
    finally:
        if profile is not None:
            profile.disable()
    wall = time.time() - wall0
    bot_cpu = cpu_seconds(resource.RUSAGE_SELF) - bot0
    emu_cpu = process_cpu(emulator_pid) - emu0
    busy = machine_cpu() - busy0
    return await measure(client, name, driven, bot_cpu, emu_cpu, busy, wall), driven
