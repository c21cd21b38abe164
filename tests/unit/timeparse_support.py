"""What the time grammar's tests share: the zone, the fixed "now" and the zones they compare
with, so test_timeparse.py and test_time_formats.py read times against the same clock."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.timeparse import TimeErrorReason

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2024, 6, 12, 10, 15, tzinfo=TZ)  # a Wednesday

R = TimeErrorReason

BERLIN = ZoneInfo("Europe/Berlin")
