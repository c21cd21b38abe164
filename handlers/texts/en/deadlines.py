"""English texts of deadlines: closed answers (`sau hạn: đóng`), late marks and `/giahan`.

One part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin in
`handlers/texts/vi/deadlines.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {}
