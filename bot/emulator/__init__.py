"""An emulated Telegram Bot API server for end-to-end tests, `loa demo` and benchmarks.

    async with EmulatorServer(token=..., bot_username="LoaTestBot", limits=Limits()) as emu:
        bot = telegram.Bot(emu.token, base_url=f"{emu.base_url}/bot",
                           base_file_url=f"{emu.base_url}/file/bot")
        alice = await emu.client.create_user("Alice")
        ...

The bot side answers like the real server (envelopes, error descriptions, long polling, webhooks,
files, 429 with retry_after, privacy mode in groups, 64-byte callback data, strict HTML). Each call
is checked against `shared/telegram-bot-api/api.json`; problems are kept as violations.

Faults (`EmulatorClient.set_fault`), for calls matching `method` and `chat_id` (None = any):
`status` answers the next `count` calls with that HTTP status and a proper error body (its
`description`, e.g. "Bad Request: message is too long", else the status's phrase); `delay`
waits `delay` seconds before answering the next `count` calls; `drop` breaks the connection
mid-response for the next `count` calls; `forbidden` answers 403 for the chat until cleared.
Outages (`EmulatorClient.outage`, `bot/emulator/outage.py`): for a window of seconds every Bot API
call is refused (connection closed) or answered 502; the calls that arrived meanwhile are counted.
`set_latency(seconds, method)` slows every matching call like a distant server (half before it
is handled, half after); `requests_in_flight(method)` counts the calls received and not yet
answered at that moment (what a client killed now would leave behind).
"""

from bot.emulator.client import EmulatorClient, EmulatorError
from bot.emulator.limits import Limits
from bot.emulator.server import BackgroundServer, EmulatorServer

__all__ = ["BackgroundServer", "EmulatorClient", "EmulatorError", "EmulatorServer", "Limits"]
