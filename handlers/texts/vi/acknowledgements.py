"""Vietnamese texts of acknowledgements of notices ([✔️ Đã nhận], `DA NHAN 15`), their status and reminders.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/acknowledgements.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {}
