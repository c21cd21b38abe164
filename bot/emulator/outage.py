"""An outage of the emulated Bot API: for a window of seconds every Bot API call fails, the way
Telegram's front fails when it is down, and what the bot tried meanwhile is counted.

Two kinds, both seen in the wild:
- `refuse`: connections are closed at once — a request arriving on a new or a kept-alive
  connection is answered by closing the socket (`GatedHttpProtocol`, below uvicorn's HTTP
  parser), so the client sees a network error, never a response;
- `502`: every call is answered `502 Bad Gateway` with the HTML page a reverse proxy sends.

The control API (`/_emu/...`) keeps working during an outage, so a test can watch. A long poll
in progress when the outage begins is ended with the outage's failure (its updates stay
unconfirmed, as they would), and so is a call still held by a `delay` fault (latency on its
way in: it never reached the server). The requests that arrived during the window are counted
per method (`Outage.info`), so a test can assert that the bot did not storm the API while it
was down.
"""

from __future__ import annotations

import asyncio
import importlib.util
import time
from collections import Counter
from typing import Any

from bot.emulator.model import ControlError

OUTAGE_KINDS = ("refuse", "502")
BAD_GATEWAY_PAGE = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
_BOT_REQUEST_PREFIXES = (b"GET /bot", b"POST /bot", b"GET /file/bot")


class Outage:
    """The current (or last) outage window and the Bot API requests that arrived during it."""

    def __init__(self) -> None:
        self.kind = ""
        self.started = 0.0  # wall-clock seconds, as in the request log
        self.until = 0.0
        self.during: Counter[str] = Counter()

    def start(self, seconds: float, kind: str = "502") -> dict[str, Any]:
        if kind not in OUTAGE_KINDS:
            raise ControlError(f"unknown outage kind {kind!r}; use one of {list(OUTAGE_KINDS)}")
        if seconds <= 0:
            raise ControlError("an outage lasts a positive number of seconds")
        self.kind = kind
        self.started = time.time()
        self.until = self.started + float(seconds)
        self.during = Counter()
        return self.info()

    def end(self) -> dict[str, Any]:
        """End the outage now (it ends by itself when its window has passed)."""
        if self.active():
            self.until = time.time()
        return self.info()

    def active(self) -> bool:
        return bool(self.kind) and time.time() < self.until

    def refuses(self) -> bool:
        return self.kind == "refuse" and self.active()

    def count(self, method: str) -> None:
        self.during[method] += 1

    def info(self) -> dict[str, Any]:
        return {
            "kind": self.kind or None,
            "started": self.started or None,
            "ends": self.until or None,
            "active": self.active(),
            "requests": sum(self.during.values()),
            "requests_by_method": dict(self.during),
        }


def bot_method_of(data: bytes) -> str | None:
    """The Bot API method named by a request's first bytes (`POST /bot<token>/sendMessage …`),
    `file` for a file download, None for anything else (the control API)."""
    if not data.startswith(_BOT_REQUEST_PREFIXES):
        return None
    try:
        target = data.split(b" ", 2)[1].decode("latin-1")
    except IndexError:
        return None
    parts = target.split("?", 1)[0].split("/")
    if len(parts) > 1 and parts[1] == "file":
        return "file"
    return parts[2] if len(parts) > 2 and parts[2] else "?"


def gated_protocol(outage: Outage, on_refused: Any) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol class (httptools when installed, else h11), made to close at
    once a connection whose next request goes to the Bot API while a `refuse` outage is on.
    `on_refused(method)` records the request."""
    if importlib.util.find_spec("httptools"):
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as Base
    else:
        from uvicorn.protocols.http.h11_impl import H11Protocol as Base  # type: ignore[assignment]

    class GatedHttpProtocol(Base):  # type: ignore[misc, valid-type]
        def data_received(self, data: bytes) -> None:
            if outage.refuses():
                method = bot_method_of(data)
                if method is not None:
                    outage.count(method)
                    on_refused(method)
                    self.transport.abort()
                    return
            super().data_received(data)

    return GatedHttpProtocol
