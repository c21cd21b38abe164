"""Vietnamese texts of delegations to a meeting: registration by button and `/daibieu`, quotas, the list.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/delegates.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {}
