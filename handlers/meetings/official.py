"""The giấy mời as an official document (PRODUCT §14, QĐ 45/2018/QĐ-TTg): `số hiệu:`,
`chủ trì:`, `liên hệ:`, `yêu cầu:`, the delegate quota `số đại biểu:` and `sau hạn:`.

`/hop`, its guided dialogue and `/sua` read these keys through here, so each is checked the
same way wherever it is typed, and the card shows them through `card_lines`. The quota is kept
as `{"default": 3 or None, "units": {"<unit id>": 5}, "codes": {"<unit id>": "HN"}}`:
`handlers/meetings/delegation.quota_for` reads the first two; `codes` keeps the codes as the
organiser wrote them, for the card.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from handlers import timeparse
from handlers.context import Ctx
from handlers.forms import Audience, FormError, fold, parse_unit_code
from handlers.meetings.delegation import delegation, quota_for
from handlers.meetings.notice_period import late_notice
from handlers.notices.audience import audience_unit_ids
from handlers.texts import Safe, text
from storage import queries
from storage.models import Meeting

OFFICIAL_KEYS = {
    "so hieu": "doc_number",
    "chu tri": "chair",
    "lien he": "contact",
    "yeu cau": "requirements",
    "so dai bieu": "quota",
    "sau han": "closes",
}
OFFICIAL_TEXT = ("doc_number", "chair", "contact", "requirements")
LIMITS = {"doc_number": 100, "chair": 300, "contact": 300, "requirements": 2000}
QUOTA_LIMIT = 200
CLOSED_WORDS = {"dong", "khong nhan", "khong nhan them", "close", "closed"}
LATE_WORDS = {"nhan", "mo", "nhan danh dau tre", "nhan, danh dau tre", "danh dau tre", "open"}
NO_QUOTA_WORDS = {"khong", "bo", "xoa", "-", "khong gioi han", "none"}
_OVERRIDE = re.compile(r"^([A-Za-z0-9]{1,10})\s*[:=]?\s*(-?\S+)$")


def official_text(ctx: Ctx, field: str, value: str) -> str:
    """A text field within its limit: `yêu cầu:` keeps its lines, the others are one line."""
    cleaned = value.strip() if field == "requirements" else " ".join(value.split())
    if len(cleaned) > LIMITS[field]:
        raise FormError(
            "meeting.too_long", field=text(ctx.lang, f"edit.field.{field}"), limit=LIMITS[field]
        )
    return cleaned


def read_closes(value: str) -> bool:
    """`sau hạn: đóng` → True; `nhận` / `mở` → False."""
    folded = fold(value).rstrip(".")
    if folded in CLOSED_WORDS:
        return True
    if folded in LATE_WORDS:
        return False
    raise FormError("invitation.bad_after_deadline", value=value.strip()[:60])


def _count(value: str, whole: str) -> int:
    """One number of the quota; `whole` is the quota as typed, for the explanation."""
    raw = value.strip()
    if not re.fullmatch(r"[+-]?\d{1,6}", raw):
        raise FormError("invitation.bad_quota", value=whole[:60], limit=QUOTA_LIMIT)
    number = int(raw)
    if not 1 <= number <= QUOTA_LIMIT:
        raise FormError("invitation.quota_range", value=raw, limit=QUOTA_LIMIT)
    return number


def parse_quota(value: str) -> tuple[int | None, list[tuple[str, int]]]:
    """`3`, `3; HN 5, HP 4` or `HN 5, HP 4` → the default and the per-unit numbers, by code.
    Whether the codes exist is for `read_quota`."""
    raw = " ".join(value.split())
    if not raw:
        raise FormError("invitation.bad_quota", value=raw, limit=QUOTA_LIMIT)
    parts = [part.strip() for part in raw.split(";")]
    if len(parts) > 2:
        raise FormError("invitation.bad_quota", value=raw[:60], limit=QUOTA_LIMIT)
    default: int | None = None
    overrides_text = ""
    if len(parts) == 2:
        default = _count(parts[0], raw)
        overrides_text = parts[1]
    elif re.fullmatch(r"[+-]?\d+", parts[0]):
        default = _count(parts[0], raw)
    else:
        overrides_text = parts[0]
    overrides: list[tuple[str, int]] = []
    for item in (i.strip() for i in overrides_text.split(",")):
        if not item:
            continue
        match = _OVERRIDE.match(item)
        if match is None:
            raise FormError("invitation.bad_quota", value=raw[:60], limit=QUOTA_LIMIT)
        code = parse_unit_code(match.group(1))
        if any(code == seen for seen, _ in overrides):
            raise FormError("invitation.quota_twice", code=code)
        overrides.append((code, _count(match.group(2), raw)))
    if default is None and not overrides:
        raise FormError("invitation.bad_quota", value=raw[:60], limit=QUOTA_LIMIT)
    return default, overrides


async def read_quota(
    ctx: Ctx, value: str, audience: Audience, invited: set[int] | None = None
) -> dict[str, Any] | None:
    """The stored quota for `số đại biểu:`; `không` for none. Every code must be a unit of the
    audience (`invited`, when the caller knows its units: a sent invitation's are fixed): an
    unknown one is answered with the known codes, one not invited says so."""
    if fold(value) in NO_QUOTA_WORDS:
        return None
    default, overrides = parse_quota(value)
    units: dict[str, int] = {}
    codes: dict[str, str] = {}
    for code, number in overrides:
        unit = await queries.unit_by_code(ctx.session, code)
        if unit is None or unit.removed_at is not None:
            known = [u.code for u in await queries.active_units(ctx.session)]
            if not known:
                raise FormError("error.no_units")
            raise FormError("error.unknown_unit", code=code, known=", ".join(known))
        if invited is None:
            invited = await audience_unit_ids(ctx.session, audience)
        if unit.id not in invited:
            names = await queries.units_by_ids(ctx.session, invited)
            raise FormError(
                "invitation.quota_not_invited",
                code=unit.code,
                audience=audience.describe(ctx.lang),
                known=", ".join(sorted(u.code for u in names.values())) or "—",
            )
        units[str(unit.id)] = number
        codes[str(unit.id)] = unit.code
    return {"default": default, "units": units, "codes": codes}


async def read_official(
    ctx: Ctx, options: dict[str, str], audience: Audience, deadline: datetime | None
) -> dict[str, Any]:
    """The Meeting attributes for the official keys of a `/hop` form."""
    values: dict[str, Any] = {}
    for field in OFFICIAL_TEXT:
        values[field] = official_text(ctx, field, options.get(field, "")) or None
    values["delegate_quota"] = (
        await read_quota(ctx, options["quota"], audience) if options.get("quota") else None
    )
    closes = read_closes(options["closes"]) if options.get("closes") else False
    if closes and deadline is None:
        raise FormError("invitation.closes_needs_deadline")
    values["closes_at_deadline"] = closes
    return values


# --- what people read ---------------------------------------------------------------------------


def quota_text(quota: dict[str, Any] | None, lang: str = "vi") -> str:
    """`3 người mỗi đơn vị (HN: 5, HP: 4)`; empty when there is no quota."""
    if not quota:
        return ""
    codes = quota.get("codes") or {}
    units = ", ".join(
        f"{codes.get(unit_id, '#' + unit_id)}: {count}"
        for unit_id, count in (quota.get("units") or {}).items()
    )
    default = quota.get("default")
    if default is None:
        return text(lang, "invitation.quota_others_free", units=units) if units else ""
    if units:
        return text(lang, "invitation.quota_default_units", count=default, units=units)
    return text(lang, "invitation.quota_default", count=default)


def quota_form(quota: dict[str, Any] | None) -> str:
    """The quota as `số đại biểu:` takes it again (`3; HN 5`), for a reopened draft."""
    if not quota:
        return ""
    codes = quota.get("codes") or {}
    units = ", ".join(
        f"{codes[unit_id]} {count}"
        for unit_id, count in (quota.get("units") or {}).items()
        if unit_id in codes
    )
    default = quota.get("default")
    if default is None:
        return units
    return f"{default}; {units}" if units else str(default)


def closes_text(closes: bool, lang: str = "vi") -> str:
    key = "invitation.after_deadline_closed" if closes else "invitation.after_deadline_late"
    return text(lang, key)


def short_notice_warning(
    ctx: Ctx, starts_at: datetime, send_at: datetime | None, *, lead: str = "\n"
) -> str:
    """The preview's warning when the cards would reach the groups (at `send_at`, or now) less
    than 3 working days before the meeting's day; empty when the notice is enough."""
    last = late_notice(send_at or ctx.now, starts_at, ctx.env.tz, ctx.env.holidays)
    if last is None:
        return ""
    return lead + ctx.t(
        "invitation.short_notice", last=timeparse.format_when(last, ctx.env.tz, ctx.lang)
    )


async def over_quota_warning(ctx: Ctx, meeting: Meeting) -> str:
    """After `/sua` lowered a quota: the units that already have more delegates, with counts."""
    over: list[tuple[int, int, int]] = []
    for unit_id, entries in (await delegation(ctx.session, meeting.announcement_id)).items():
        quota = quota_for(meeting, unit_id)
        if quota is not None and len(entries) > quota:
            over.append((unit_id, len(entries), quota))
    if not over:
        return ""
    units = await queries.units_by_ids(ctx.session, {unit_id for unit_id, _, _ in over})
    listed = ", ".join(
        ctx.t("invitation.over_quota_unit", code=units[u].code, count=count, quota=quota)
        for u, count, quota in sorted(over, key=lambda row: units[row[0]].code)
        if u in units
    )
    return ctx.t("invitation.over_quota", units=Safe(listed))
