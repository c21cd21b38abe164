"""Vietnamese texts of the roll-call: `/diemdanh`, the poster, the scan and marking by hand.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/rollcall.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {}
