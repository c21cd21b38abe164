"""The Zalo monthly message quota as organisers see it: the month's count in `/ds`, the
preview's warning when an announcement would pass what is left, and the alerts (80% used,
messages held, Zalo's own 429) that go once a month to each organiser's private chat.

The counting itself is in `storage.queries.usage`; the running bot's `bot.zalo_quota.QuotaKeeper`
counts and holds, and calls `organiser_alerts` to tell.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from handlers.context import Ctx
from handlers.core import Env
from handlers.forms import Audience
from handlers.notices.audience import targets
from handlers.notices.cards import payload
from handlers.notices.plain import ZALO_LIMIT, html_to_plain, split_plain
from handlers.texts import text
from storage import queries
from storage.models import Announcement, Platform

# Room kept on a card with buttons for the typed answer line the Zalo adapter adds at its end
# (`Trả lời: XN 12 CO · XN 12 KHONG <lý do> · …`): the preview's count is an estimate.
ANSWER_ROOM = 120
WARN_PERCENT = 80

AlertKind = Literal["warn", "held", "paused"]


@dataclass(frozen=True)
class QuotaAlert:
    """What the organisers are told: `warn` at 80% used, `held` when messages first wait for
    the quota, `paused` when Zalo answered 429 (`count`: messages waiting)."""

    kind: AlertKind
    month: str
    used: int
    quota: int
    count: int = 0


Tell = Callable[[AsyncSession, QuotaAlert], Awaitable[None]]


def thousands(number: int) -> str:
    """`3.000`: Vietnamese thousands separator."""
    return f"{number:,}".replace(",", ".")


def month_label(month: str) -> str:
    """`2026-12` as `12/2026`."""
    year, _, month_number = month.partition("-")
    return f"{month_number}/{year}"


def percent(used: int, quota: int) -> int:
    return used * 100 // quota if quota > 0 else 0


def reached_warning(used: int, quota: int) -> bool:
    """80% of the quota is used (never with no quota)."""
    return quota > 0 and used * 100 >= quota * WARN_PERCENT


def alert_text(lang: str, alert: QuotaAlert) -> str:
    return text(
        lang,
        f"quota.alert_{alert.kind}",
        month=month_label(alert.month),
        used=thousands(alert.used),
        quota=thousands(alert.quota),
        percent=percent(alert.used, alert.quota),
        count=thousands(alert.count),
    )


async def tell_organisers(env: Env, session: AsyncSession, alert: QuotaAlert) -> None:
    """Write the alert to each organiser's private chat, once a month per kind (its dedupe key).

    That messages wait and that Zalo paused Loa is not written to organisers on Zalo: it would
    wait with the rest and arrive, stale, next month."""
    for person in await queries.organisers(session, env.admins):
        if person.private_chat_id is None:
            continue
        if alert.kind != "warn" and person.platform == Platform.ZALO:
            continue
        await queries.enqueue(
            session,
            chat_id=person.private_chat_id,
            payload=payload(alert_text(person.language, alert)),
            purpose="alert",
            dedupe_key=f"zalo-quota:{alert.month}:{alert.kind}:person:{person.id}",
            now=env.clock.now(),
            priority=0,
        )


def organiser_alerts(env: Env) -> Tell:
    """`tell_organisers` bound to the running bot's environment, for `QuotaKeeper`."""

    async def tell(session: AsyncSession, alert: QuotaAlert) -> None:
        await tell_organisers(env, session, alert)

    return tell


async def usage_lines(ctx: Ctx) -> list[str]:
    """`/ds`'s line on the month's Zalo messages (and the ones waiting), when Zalo runs."""
    if not ctx.env.zalo_enabled:
        return []
    month = queries.month_key(ctx.now, ctx.env.tz)
    usage = await queries.month_usage(ctx.session, Platform.ZALO, month)
    used = (usage.sent + usage.received) if usage else 0
    quota = ctx.env.zalo_quota
    if quota > 0:
        line = ctx.t(
            "quota.usage",
            month=month_label(month),
            used=thousands(used),
            quota=thousands(quota),
            percent=percent(used, quota),
        )
    else:
        line = ctx.t("quota.usage_unlimited", month=month_label(month), used=thousands(used))
    if queries.sending_paused(usage, quota):
        line += ctx.t("quota.usage_paused")
    held = await queries.held_rows(ctx.session, Platform.ZALO)
    if held:
        line += ctx.t("quota.usage_held", count=thousands(held))
    return [line]


def zalo_messages(part: dict[str, Any]) -> int:
    """How many Zalo messages one outbox part becomes: its plain text cut at 2,000 characters
    (a card with buttons keeps room for its typed answer line); a file alone is one message."""
    body = str(part.get("text") or part.get("caption") or "")
    if not body:
        return 1
    limit = ZALO_LIMIT - ANSWER_ROOM if part.get("buttons") else ZALO_LIMIT
    return len(split_plain(html_to_plain(body), limit=limit))


async def preview_warning(
    ctx: Ctx,
    ann: Announcement,
    parts: Callable[[], Awaitable[list[dict[str, Any]]]],
) -> str:
    """The preview's warning when the announcement's Zalo messages (Zalo target chats × the
    messages of its parts) would pass what is left of the month it goes out in, or nothing.
    Never a block: what is over waits for next month."""
    quota = ctx.env.zalo_quota
    if not ctx.env.zalo_enabled or quota <= 0:
        return ""
    groups, private = await targets(ctx.session, Audience.from_json(ann.audience))
    zalo_chats = {chat.id for chat in groups + private if chat.platform == Platform.ZALO}
    if not zalo_chats:
        return ""
    needed = len(zalo_chats) * sum(zalo_messages(part) for part in await parts())
    # scheduled for a later month, it counts against that month's quota
    when = ann.send_at if ann.send_at is not None and ann.send_at > ctx.now else ctx.now
    month = queries.month_key(when, ctx.env.tz)
    usage = await queries.month_usage(ctx.session, Platform.ZALO, month)
    used = (usage.sent + usage.received) if usage else 0
    left = 0 if queries.sending_paused(usage, quota) else max(0, quota - used)
    if needed <= left:
        return ""
    return ctx.t(
        "quota.preview",
        needed=thousands(needed),
        left=thousands(left),
        month=month_label(month),
        rest=thousands(needed - left),
    )
