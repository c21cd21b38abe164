"""What the careful fetcher's tests share (test_fetch.py, test_fetch_addresses.py): the refusal
a fetch must end in. The fixtures (`server`, `backend`, `make_fetcher`) are in
tests/unit/conftest.py."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.news.fetch import REASONS, Fetcher, FetchRefused


async def refusal(fetcher: Fetcher, url: str, **kwargs: Any) -> FetchRefused:
    with pytest.raises(FetchRefused) as caught:
        await fetcher.get(url, **kwargs)
    assert caught.value.reason in REASONS
    return caught.value
