"""Invites: an organiser makes a code for a unit (`HP-7K2Q`); whoever sends it to Loa in private
chat, alone or as `/start HP-7K2Q` (which is what the Telegram link `t.me/<bot>?start=…` sends),
joins that unit. The code is short and typed easily, because on Zalo there are no links to open:
members type it."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select

from handlers.cluster.units import require_unit
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import FormError, parse_unit_code
from storage import queries
from storage.models import Invite, Unit

# what `/start` accepts: today's codes, and the longer random ones links carried before
INVITE_CODE = re.compile(r"^[A-Za-z0-9_-]{6,64}$")
# a code typed alone in private chat: the unit's code, a dash, the random part (any case)
TYPED_CODE = re.compile(r"^[A-Za-z0-9]{1,10}-[A-Za-z0-9]{4}$")
# no 0/O, 1/I/L: a code read aloud or copied by hand stays the same code
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
RANDOM_PART = 4


async def create_invite(ctx: Ctx, req: Request) -> Reply:
    """`/moi HP`: a new code for unit HP, with how to use it on Telegram (a link) and on Zalo
    (send the code to Loa)."""
    if not req.args.strip():
        raise FormError("invite.usage")
    unit = await require_unit(ctx, parse_unit_code(req.args.split()[0]))
    code = await _new_code(ctx, unit)
    ctx.session.add(
        Invite(code=code, unit_id=unit.id, created_by_id=ctx.person.id, created_at=ctx.now)
    )
    queries.audit(ctx.session, ctx.now, ctx.person.id, "invite.create", unit.code)
    lines = [ctx.t("invite.created", code=unit.code, name=unit.name, invite=code)]
    if ctx.env.bot_username:  # Loa runs on Telegram
        link = f"https://t.me/{ctx.env.bot_username}?start={code}"
        lines.append(ctx.t("invite.on_telegram", link=link))
    lines.append(ctx.t("invite.on_zalo", invite=code))
    lines.append(ctx.t("invite.joins"))
    return Reply("\n".join(lines))


async def _new_code(ctx: Ctx, unit: Unit) -> str:
    """`HP-7K2Q`: the unit's code and a random part no other invite has."""
    while True:
        code = f"{unit.code}-" + "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_PART))
        if await ctx.session.scalar(select(Invite.id).where(Invite.code == code)) is None:
            return code


def typed_code(typed: str) -> str | None:
    """The invite code a message consists of (`hp-7k2q`, spaces around), or None."""
    candidate = typed.strip()
    return candidate if TYPED_CODE.match(candidate) else None


async def redeem_invite(ctx: Ctx, code: str) -> Unit | None:
    """Join the person to the invite's unit; None when the code is unknown or revoked. Codes are
    read in any case (older, longer ones exactly as made). Using the code again as a member of
    that unit changes (and counts) nothing."""
    code = code.strip()
    if not INVITE_CODE.match(code):
        return None
    invite = await ctx.session.scalar(
        select(Invite).where(Invite.code.in_({code, code.upper()}), Invite.revoked_at.is_(None))
    )
    if invite is None or invite.unit.removed_at is not None:
        return None
    if ctx.person.unit_id == invite.unit_id:
        return invite.unit
    invite.uses += 1
    ctx.person.unit_id = invite.unit_id
    ctx.person.unit = invite.unit
    ctx.person.updated_at = ctx.now
    queries.audit(ctx.session, ctx.now, ctx.person.id, "invite.redeem", invite.unit.code)
    return invite.unit
