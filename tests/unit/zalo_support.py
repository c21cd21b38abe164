"""What the Zalo tests share (test_zalo_client.py, test_zalo_emulator.py): the bot's token, a
client on the emulator with quick retries, a person who has written to the bot, and a small
webhook receiver. The fixtures built on them are in tests/unit/conftest.py."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.emulator.zalo import ZaloEmulatorClient, ZaloEmulatorServer
from bot.zalo_client import ZaloClient

ZALO_TOKEN = "1459232241454765289:ZaloSecretPart-xyz987"
ZALO_SECRET_HALF = ZALO_TOKEN.split(":", 1)[1]


def zalo_client(zemu: ZaloEmulatorServer, **options: Any) -> ZaloClient:
    """A client on the emulator whose retries wait milliseconds, not seconds."""
    options.setdefault("backoff", 0.01)
    options.setdefault("max_backoff", 0.05)
    options.setdefault("timeout", 5.0)
    return ZaloClient(zemu.token, api_url=zemu.base_url, **options)


async def person_who_wrote(c: ZaloEmulatorClient, name: str = "Lan") -> str:
    """A user who has written to the bot once, so the bot may answer (the update stays
    pending); returns the user's id."""
    user = await c.create_user(name)
    await c.send_text(user["id"], "Xin chào")
    return str(user["id"])


class WebhookReceiver:
    """An ASGI app keeping each POST's headers and JSON body; answers `status`."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.received: list[tuple[dict[str, str], Any]] = []
        self.app = Starlette(routes=[Route("/zalo", self._hook, methods=["POST"])])

    async def _hook(self, request: Request) -> Response:
        self.received.append((dict(request.headers), await request.json()))
        return Response(status_code=self.status)
