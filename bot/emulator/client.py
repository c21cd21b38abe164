"""`EmulatorClient`: acting as people and reading what chats show, over the `/_emu/...` API.

It only speaks HTTP, so it works as well against an emulator in another process
(`python -m bot.emulator`) as against one in the test's own event loop.
"""

from __future__ import annotations

import asyncio
import base64
import time
from typing import Any

import httpx

POLL_INTERVAL = 0.02


class EmulatorError(RuntimeError):
    """The emulator refused a control request (unknown user, chat, message...)."""


class EmulatorClient:
    """Control client for one emulator; every method returns plain Telegram-shaped dicts."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> EmulatorClient:
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
        return body["result"]

    # ---- people and chats -----------------------------------------------------------------------

    async def create_user(
        self,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "vi",
    ) -> dict[str, Any]:
        """A new person (ids start above 2**32, like today's Telegram users)."""
        return await self._call(
            "create_user",
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )

    async def create_group(self, title: str, supergroup: bool = False) -> dict[str, Any]:
        """A new group (or supergroup, id -100...) without the bot in it."""
        return await self._call("create_group", title=title, supergroup=supergroup)

    async def private_chat(self, user_id: int) -> dict[str, Any]:
        """The person opens their chat with the bot; the bot may write to them from now on."""
        return await self._call("private_chat", user_id=user_id)

    async def add_bot_to_group(self, chat_id: int, by_user_id: int) -> dict[str, Any]:
        return await self._call("add_bot_to_group", chat_id=chat_id, by_user_id=by_user_id)

    async def remove_bot_from_group(self, chat_id: int, by_user_id: int) -> dict[str, Any]:
        return await self._call("remove_bot_from_group", chat_id=chat_id, by_user_id=by_user_id)

    async def block_bot(self, user_id: int) -> dict[str, Any]:
        return await self._call("block_bot", user_id=user_id)

    async def migrate_group(self, chat_id: int, by_user_id: int | None = None) -> int:
        """Upgrade a group to a supergroup; returns the supergroup's id."""
        return int(await self._call("migrate_group", chat_id=chat_id, by_user_id=by_user_id))

    # ---- people writing -------------------------------------------------------------------------

    async def send_text(
        self, user_id: int, chat_id: int, text: str, reply_to_message_id: int | None = None
    ) -> dict[str, Any]:
        """The person writes `text` (a command gets its bot_command entity); the message."""
        return await self._call(
            "send_text",
            user_id=user_id,
            chat_id=chat_id,
            text=text,
            reply_to_message_id=reply_to_message_id,
        )

    async def send_document(
        self,
        user_id: int,
        chat_id: int,
        filename: str,
        content: bytes,
        mime_type: str | None = None,
        caption: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        return await self._call(
            "send_document",
            user_id=user_id,
            chat_id=chat_id,
            filename=filename,
            content_base64=base64.b64encode(content).decode("ascii"),
            mime_type=mime_type,
            caption=caption,
            reply_to_message_id=reply_to_message_id,
        )

    async def press_button(self, user_id: int, chat_id: int, message_id: int, data: str) -> str:
        """Press a button (any `data`, forged ones too); returns the callback query id."""
        return str(
            await self._call(
                "press_button", user_id=user_id, chat_id=chat_id, message_id=message_id, data=data
            )
        )

    async def callback_answer(self, query_id: str) -> dict[str, Any] | None:
        """How the bot answered the query (text, show_alert, url, cache_time), or None yet."""
        return await self._call("callback_answer", query_id=query_id)

    async def wait_callback_answer(
        self,
        query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - a polling deadline, part of the public API
    ) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            answer = await self.callback_answer(query_id)
            if answer is not None:
                return answer
            if time.monotonic() >= deadline:
                raise TimeoutError(f"callback query {query_id} not answered in {timeout} s")
            await asyncio.sleep(POLL_INTERVAL)

    # ---- what chats show ------------------------------------------------------------------------

    async def messages(self, chat_id: int) -> list[dict[str, Any]]:
        """Every message of the chat in order (deleted ones flagged `deleted`)."""
        return await self._call("messages", chat_id=chat_id)

    async def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return await self._call("messages", chat_id=chat_id, bot_only=True)

    async def wait_bot_messages(
        self,
        chat_id: int,
        count: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - a polling deadline, part of the public API
    ) -> list[dict[str, Any]]:
        """Poll until the bot has sent at least `count` messages to the chat (deleted ones
        included); returns all of them, in order."""
        deadline = time.monotonic() + timeout
        while True:
            found = await self.bot_messages(chat_id)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                texts = [m["text"] for m in found]
                raise TimeoutError(
                    f"chat {chat_id}: {len(found)} bot messages after {timeout} s, "
                    f"wanted {count}: {texts!r}"
                )
            await asyncio.sleep(POLL_INTERVAL)

    async def file_bytes(self, file_id: str) -> bytes:
        response = await self._http.get(f"/_emu/file/{file_id}")
        if response.status_code != 200:
            raise EmulatorError(f"file {file_id}: HTTP {response.status_code}")
        return response.content

    async def commands(
        self, scope: dict[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """The bot's command list for a scope and language, as set by setMyCommands."""
        return await self._call("commands", scope=scope, language_code=language_code)

    # ---- the bot's calls ------------------------------------------------------------------------

    async def requests(self, method: str | None = None) -> list[dict[str, Any]]:
        """Every Bot API call: time, method, params, status, error, chat_id."""
        return await self._call("requests", method=method)

    async def violations(self) -> list[dict[str, Any]]:
        """Calls that broke api.json: {method, problem, params}."""
        return await self._call("violations")

    async def reset_log(self) -> None:
        await self._call("reset_log")

    async def stats(self) -> dict[str, Any]:
        """Counts: requests (total, by method), 429s (total, by chat), messages sent/edited, and
        the calls not answered yet (`in_flight_ports`: the callers' ports, by method)."""
        stats = await self._call("stats")
        stats["too_many_requests_by_chat"] = {
            int(chat): n for chat, n in stats["too_many_requests_by_chat"].items()
        }
        return stats

    async def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued for the bot and not yet confirmed."""
        return await self._call("updates")

    async def confirmed_unanswered(self) -> list[str]:
        """Callback queries whose update the bot confirmed and which it has not answered."""
        return await self._call("confirmed_unanswered")

    async def set_callback_lifetime(self, seconds: float) -> float:
        """How long a callback query may still be answered."""
        return await self._call("set_callback_lifetime", seconds=seconds)

    # ---- faults and limits ----------------------------------------------------------------------

    async def set_fault(
        self,
        method: str | None = None,
        chat_id: int | None = None,
        kind: str = "status",
        status: int = 502,
        count: int = 1,
        delay: float = 0.0,
        description: str = "",
    ) -> dict[str, Any]:
        """Make matching calls fail; kinds are described in `bot.emulator`'s docstring."""
        return await self._call(
            "set_fault",
            method=method,
            chat_id=chat_id,
            kind=kind,
            status=status,
            count=count,
            delay=delay,
            description=description,
        )

    async def outage(self, seconds: float, kind: str = "502") -> dict[str, Any]:
        """Take the Bot API down for `seconds`: `kind="refuse"` closes every Bot API connection
        at once, `"502"` answers every call 502 Bad Gateway. Returns `outage_info()`."""
        return await self._call("outage", seconds=seconds, kind=kind)

    async def outage_info(self) -> dict[str, Any]:
        """The current or last outage: kind, started, ends (wall-clock seconds, as in
        `requests()`), active, and the Bot API requests that arrived during it (total, per
        method)."""
        return await self._call("outage_info")

    async def end_outage(self) -> dict[str, Any]:
        """End the outage now."""
        return await self._call("end_outage")

    async def set_latency(self, seconds: float, method: str | None = None) -> dict[str, float]:
        """Every call to `method` (None: any) takes `seconds` longer, like a distant server."""
        return await self._call("set_latency", seconds=seconds, method=method)

    async def requests_in_flight(self, method: str | None = None) -> int:
        """Bot API calls the emulator has received and not yet answered, now."""
        return int(await self._call("requests_in_flight", method=method))

    async def clear_faults(self) -> None:
        await self._call("clear_faults")

    async def set_limits(
        self,
        global_per_second: float | None = 30,
        group_per_minute: float | None = 20,
        private_per_second: float | None = 1,
    ) -> dict[str, Any]:
        """Change the flood limits (None switches one off)."""
        return await self._call(
            "set_limits",
            global_per_second=global_per_second,
            group_per_minute=group_per_minute,
            private_per_second=private_per_second,
        )
