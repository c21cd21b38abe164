"""The people and places of `loa demo` and how it talks to the emulators (shared by
`bot.demo` and `bot.demo_conference`, which would otherwise import each other)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.emulator import EmulatorClient
from bot.emulator.zalo import ZaloEmulatorClient
from handlers.core import SystemClock


class DemoClock(SystemClock):
    """The real clock, moved by `offset` while the demo visits the conference morning."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return super().now() + self.offset


def say(line: str = "") -> None:
    print(line, flush=True)


async def ask(
    client: EmulatorClient, user: dict[str, Any], chat_id: int, text: str, replies: int = 1
) -> list[dict[str, Any]]:
    before = len(await client.bot_messages(chat_id))
    await client.send_text(user["id"], chat_id, text)
    found = await client.wait_bot_messages(chat_id, before + replies, timeout=15)
    return found[before:]


@dataclass
class Demo:
    """The people and places of the demo, and the chats made on the way."""

    client: EmulatorClient
    zalo: ZaloEmulatorClient
    secretary: dict[str, Any]
    member: dict[str, Any]
    portal: str
    clock: DemoClock
    groups: list[tuple[str, int]] = field(default_factory=list)  # Telegram groups, in order
    leaders: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (unit, Zalo user)

    @property
    def linked(self) -> list[int]:
        """The schools' Telegram groups (the last group is linked to no school)."""
        return [gid for _, gid in self.groups[:-1]]

    async def everywhere(self, needle: str, timeout: float = 20.0) -> None:  # noqa: ASYNC109
        """Wait until every school's Telegram group and every Zalo leader has seen `needle`."""

        async def seen() -> bool:
            if not await all_have(self.client, self.linked, needle):
                return False
            return all([await self.zalo_saw(user, needle) for _, user in self.leaders])

        await wait(seen, timeout)

    async def zalo_saw(self, user: dict[str, Any], needle: str) -> bool:
        seen = await self.zalo.seen_by(user["id"])
        return any(needle in (m["text"] or m["caption"] or "") for m in seen)

    async def zalo_say(self, user: dict[str, Any], text: str) -> dict[str, Any]:
        """`user` writes `text` to Loa on Zalo; Loa's answer, also printed in short."""
        before = len(await self.zalo.seen_by(user["id"]))
        await self.zalo.send_text(user["id"], text)
        seen = await self.zalo.wait_seen(user["id"], before + 1, timeout=15)
        if len(seen) <= before:
            raise RuntimeError("the demo did not finish in time")
        answer = seen[before]
        say(f"   {user['display_name']} (Zalo) «{text}»: {(answer['text'] or '').splitlines()[0]}")
        return answer


async def all_have(client: EmulatorClient, chats: list[int], needle: str) -> bool:
    return all([await shows(client, chat, needle) for chat in chats])


async def shows(client: EmulatorClient, chat_id: int, needle: str) -> bool:
    return any(needle in m["text"] for m in await client.bot_messages(chat_id))


async def wait(check, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise RuntimeError("the demo did not finish in time")
        await asyncio.sleep(0.1)
