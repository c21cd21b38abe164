"""An emulated Zalo Bot Platform API server, beside the Telegram one, for tests and demos.

    async with ZaloEmulatorServer(token=...) as zemu:
        zalo = ZaloClient(zemu.token, api_url=zemu.base_url)
        lan = await zemu.client.create_user("Lan")
        await zemu.client.send_text(lan["id"], "HP-7K2Q")
        ...

It behaves as `../shared/zalo-bot-api.md` says Zalo does: errors with HTTP 200 and `ok: false`;
`getUpdates` hands out one update per call and never again (at most once), and answers 408
"Request timeout" when idle; no buttons, edits or files (a file a person sends arrives as
`message.unsupported.received` without content); the bot cannot write first; texts and captions
of 1–2,000 characters; a monthly message quota (429 "Quota exceeded"); webhooks with the
`X-Bot-Api-Secret-Token` header. Every call is checked against the documented methods and fields
(`spec.py`), with violations kept. Faults (`ZaloEmulatorClient.set_fault`): `status`, `delay`,
`drop`, as for the Telegram emulator.
"""

from bot.emulator.zalo.client import ZaloEmulatorClient
from bot.emulator.zalo.server import ZaloEmulatorServer
from bot.emulator.zalo.state import Shapes

__all__ = ["Shapes", "ZaloEmulatorClient", "ZaloEmulatorServer"]
