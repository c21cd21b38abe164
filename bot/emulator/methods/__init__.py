"""The Bot API methods the emulator serves, one module per family (`messages`, `updates`,
`chats`) around the method table in `registry`; importing the package registers them all.

The server takes `HANDLERS`, `LIMITED`, `CLIENT_GONE` and `Reply` from here.
"""

from __future__ import annotations

# each family registers its methods in HANDLERS when imported
from bot.emulator.methods import chats, messages, updates
from bot.emulator.methods.messages import LIMITED
from bot.emulator.methods.registry import HANDLERS, Handler, Reply, method
from bot.emulator.methods.updates import CLIENT_GONE

__all__ = [
    "CLIENT_GONE",
    "HANDLERS",
    "LIMITED",
    "Handler",
    "Reply",
    "chats",
    "messages",
    "method",
    "updates",
]
