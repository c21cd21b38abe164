"""Vietnamese texts of deadlines: closed answers (`sau hạn: đóng`), late marks and `/giahan`.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/deadlines.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {}
