"""What reminders of every kind share: reading `nhắc:` offsets, warning of offsets already
behind, and the time left as people say it."""

from __future__ import annotations

from datetime import datetime, timedelta

from handlers import timeparse
from handlers.context import Ctx
from handlers.forms import FormError, fold
from storage.models import Chat, Platform

NO_REMINDERS = {"khong", "none", "no", "0"}


MAX_REMINDERS = 5


def read_reminders(value: str) -> list[int]:
    """`1 ngày, 2 giờ` → [1440, 120] minutes; `không` → none."""
    if fold(value) in NO_REMINDERS:
        return []
    try:
        durations = timeparse.parse_durations(value)
    except timeparse.TimeParseError as exc:
        raise FormError("meeting.bad_reminders", value=exc.text[:60]) from None
    minutes = sorted({int(d.total_seconds() // 60) for d in durations}, reverse=True)
    if not minutes or len(minutes) > MAX_REMINDERS:
        raise FormError("meeting.bad_reminders", value=value[:60])
    return minutes


def past_reminders_warning(
    ctx: Ctx, moment: datetime, offsets: list[int], send_at: datetime | None
) -> str:
    """A preview line naming the `nhắc:` offsets before `moment` whose time is already behind
    (now, or the send time when later): they will never be sent, which the organiser should
    know before confirming. Empty when every reminder is still ahead."""
    earliest = max(ctx.now, send_at) if send_at else ctx.now
    past = [m for m in offsets if moment - timedelta(minutes=m) <= earliest]
    if not past:
        return ""
    durations = ", ".join(timeparse.format_duration(timedelta(minutes=m)) for m in past)
    return "\n" + ctx.t("meeting.past_reminders", durations=durations)


PURPOSE = "reminder"


def round_left(left: timedelta) -> timedelta:
    """Whole minutes, and whole hours when close to one (`còn 2 giờ`, not `còn 1 giờ 59 phút`)."""
    minutes = max(1, round(left.total_seconds() / 60))
    hours = round(minutes / 60)
    if hours >= 1 and abs(minutes - hours * 60) <= 5:
        minutes = hours * 60
    return timedelta(minutes=minutes)


# platforms without buttons: what a reminder asks for is typed (`XN 12 CO`, `NOP 7 <link>`)
TYPED_PLATFORMS = frozenset({Platform.ZALO})


def wording_for(key: str, chat: Chat) -> str:
    """The text `key`, or its `_typed` twin for a chat on a platform without buttons."""
    return f"{key}_typed" if chat.platform in TYPED_PLATFORMS else key
