"""`ZaloEmulatorClient`: acting as Zalo users and reading what chats show, over `/_emu/...`.

It only speaks HTTP, so it works against an emulator in another process as well.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx

from bot.emulator.client import EmulatorError

POLL_INTERVAL = 0.02


class ZaloEmulatorClient:
    """Control client for one Zalo emulator; ids are Zalo's 20-hex-character strings."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> ZaloEmulatorClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _call(self, action: str, **args: Any) -> Any:
        response = await self._http.post(f"/_emu/{action}", json=args)
        try:
            body = response.json()
        except ValueError:
            raise EmulatorError(f"{action}: HTTP {response.status_code}") from None
        if not body.get("ok"):
            raise EmulatorError(f"{action}: {body.get('error')}")
        return body.get("result")

    # ---- people and chats -----------------------------------------------------------------------

    async def create_user(self, display_name: str) -> dict[str, Any]:
        """A new Zalo user; their private chat with the bot has their id."""
        return await self._call("create_user", display_name=display_name)

    async def create_group(self, title: str, member_ids: list[str] | None = None) -> dict[str, Any]:
        """A group with the bot in it (its owner added the bot by its invite link)."""
        return await self._call("create_group", title=title, member_ids=member_ids or [])

    async def add_member(self, chat_id: str, user_id: str) -> dict[str, Any]:
        return await self._call("add_member", chat_id=chat_id, user_id=user_id)

    # ---- people writing -------------------------------------------------------------------------

    async def send_text(
        self, user_id: str, text: str, chat_id: str | None = None, reply_to: str | None = None
    ) -> dict[str, Any]:
        """The person writes to the bot (or in group `chat_id`, seen only if it mentions or
        replies to the bot); the message as the chat shows it."""
        return await self._call(
            "send_text", user_id=user_id, text=text, chat_id=chat_id, reply_to=reply_to
        )

    async def mention(self, user_id: str, chat_id: str, text: str) -> dict[str, Any]:
        """`@<bot name> text` in a group."""
        return await self._call("mention", user_id=user_id, chat_id=chat_id, text=text)

    async def send_image(
        self, user_id: str, photo: str, caption: str | None = None, chat_id: str | None = None
    ) -> dict[str, Any]:
        return await self._call(
            "send_image", user_id=user_id, photo=photo, caption=caption, chat_id=chat_id
        )

    async def send_sticker(
        self, user_id: str, sticker: str, chat_id: str | None = None
    ) -> dict[str, Any]:
        return await self._call("send_sticker", user_id=user_id, sticker=sticker, chat_id=chat_id)

    async def send_file(
        self, user_id: str, file_name: str, chat_id: str | None = None
    ) -> dict[str, Any]:
        """The person sends a file: the bot gets an "unsupported" message without content."""
        return await self._call("send_file", user_id=user_id, file_name=file_name, chat_id=chat_id)

    # ---- what chats show ------------------------------------------------------------------------

    async def messages(self, chat_id: str, bot_only: bool = False) -> list[dict[str, Any]]:
        return list(await self._call("messages", chat_id=chat_id, bot_only=bot_only))

    async def seen_by(self, user_id: str) -> list[dict[str, Any]]:
        """What the bot wrote to this person."""
        return list(await self._call("seen_by", user_id=user_id))

    async def wait_seen(
        self,
        user_id: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - a polling deadline, part of the public API
    ) -> list[dict[str, Any]]:
        """Wait until the bot has written at least `count` messages to this person."""
        deadline = time.monotonic() + timeout
        while True:
            seen = await self.seen_by(user_id)
            if len(seen) >= count or time.monotonic() >= deadline:
                return seen
            await asyncio.sleep(POLL_INTERVAL)

    # ---- what the bot did, faults, quota --------------------------------------------------------

    async def requests(self, method: str | None = None) -> list[dict[str, Any]]:
        return list(await self._call("requests", method=method))

    async def violations(self) -> list[dict[str, Any]]:
        return list(await self._call("violations"))

    async def reset_log(self) -> None:
        await self._call("reset_log")

    async def updates(self) -> list[dict[str, Any]]:
        """The updates waiting for the bot."""
        return list(await self._call("updates"))

    async def webhook_log(self) -> list[dict[str, Any]]:
        return list(await self._call("webhook_log"))

    async def set_fault(
        self,
        method: str | None = None,
        chat_id: str | None = None,
        kind: str = "status",
        status: int = 502,
        count: int = 1,
        delay: float = 0.0,
    ) -> dict[str, Any]:
        """`status` (a gateway's HTTP status), `delay` (seconds) or `drop` (the connection
        breaks mid-answer) for the next `count` calls matching `method` and `chat_id`."""
        return await self._call(
            "set_fault",
            method=method,
            chat_id=chat_id,
            kind=kind,
            status=status,
            count=count,
            delay=delay,
        )

    async def clear_faults(self) -> None:
        await self._call("clear_faults")

    async def set_quota(
        self, limit: int | None, used: int | None = None, count_received: bool | None = None
    ) -> dict[str, Any]:
        return await self._call("set_quota", limit=limit, used=used, count_received=count_received)

    async def quota(self) -> dict[str, Any]:
        return await self._call("quota")

    async def stats(self) -> dict[str, Any]:
        return await self._call("stats")

    async def info(self) -> dict[str, Any]:
        return await self._call("info")
