"""Vietnamese texts of the Zalo monthly message quota.

The month's count in `/ds`, the preview's warning and the organisers' alerts. One part of the
Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/quota.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "quota.usage": "📊 Zalo tháng {month}: {used}/{quota} tin nhắn ({percent}%)",
    "quota.usage_unlimited": "📊 Zalo tháng {month}: {used} tin nhắn (không giới hạn)",
    "quota.usage_held": "\n⏳ {count} tin nhắn Zalo đang chờ sang tháng sau hoặc khi hạn mức được nâng",
    "quota.usage_paused": "\n⛔ Zalo báo đã hết hạn mức tháng này: Loa tạm dừng gửi qua Zalo.",
    "quota.preview": (
        "\n⚠️ Gửi qua Zalo cần {needed} tin nhắn, hạn mức tháng {month} chỉ còn {left}: "
        "{rest} tin nhắn sẽ chờ sang tháng sau hoặc khi hạn mức được nâng."
    ),
    "quota.alert_warn": (
        "⚠️ Loa đã dùng {used}/{quota} tin nhắn Zalo của tháng {month} ({percent}%). "
        "Khi hết hạn mức, tin nhắn Zalo sẽ chờ sang tháng sau hoặc khi hạn mức được nâng "
        "(<code>ZALO_MONTHLY_QUOTA</code>)."
    ),
    "quota.alert_held": (
        "⏳ Loa đã dùng hết {quota} tin nhắn Zalo của tháng {month}: "
        "{count} tin nhắn Zalo đang chờ sang tháng sau hoặc khi hạn mức được nâng."
    ),
    "quota.alert_paused": (
        "⛔ Zalo báo đã hết hạn mức tin nhắn của tháng {month} (Loa đếm được {used}). "
        "Loa tạm dừng gửi qua Zalo: {count} tin nhắn Zalo đang chờ sang tháng sau "
        "hoặc khi hạn mức được nâng."
    ),
}
