"""English texts of the Zalo monthly message quota.

One part of the English catalogue, merged into `handlers.texts.EN`; the twins of
`handlers/texts/vi/quota.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "quota.usage": "📊 Zalo in {month}: {used}/{quota} messages ({percent}%)",
    "quota.usage_unlimited": "📊 Zalo in {month}: {used} messages (no quota)",
    "quota.usage_held": "\n⏳ {count} Zalo messages are waiting for next month or a raised quota",
    "quota.usage_paused": "\n⛔ Zalo says this month's quota is used up: Loa has paused sending on Zalo.",
    "quota.preview": (
        "\n⚠️ Sending on Zalo needs {needed} messages, only {left} are left in {month}: "
        "{rest} messages will wait for next month or a raised quota."
    ),
    "quota.alert_warn": (
        "⚠️ Loa has used {used}/{quota} Zalo messages of {month} ({percent}%). "
        "Once the quota is used up, Zalo messages will wait for next month or a raised quota "
        "(<code>ZALO_MONTHLY_QUOTA</code>)."
    ),
    "quota.alert_held": (
        "⏳ Loa has used all {quota} Zalo messages of {month}: "
        "{count} Zalo messages are waiting for next month or a raised quota."
    ),
    "quota.alert_paused": (
        "⛔ Zalo says the message quota of {month} is used up (Loa counted {used}). "
        "Loa has paused sending on Zalo: {count} Zalo messages are waiting for next month "
        "or a raised quota."
    ),
}
