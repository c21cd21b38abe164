"""Invite links: an organiser makes one for a unit; whoever opens it joins that unit."""

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

INVITE_CODE = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


async def create_invite(ctx: Ctx, req: Request) -> Reply:
    """`/moi HP`: a `t.me/<bot>?start=<code>` link that joins unit HP."""
    if not req.args.strip():
        raise FormError("invite.usage")
    unit = await require_unit(ctx, parse_unit_code(req.args.split()[0]))
    code = secrets.token_urlsafe(12)
    ctx.session.add(
        Invite(code=code, unit_id=unit.id, created_by_id=ctx.person.id, created_at=ctx.now)
    )
    queries.audit(ctx.session, ctx.now, ctx.person.id, "invite.create", unit.code)
    link = f"https://t.me/{ctx.env.bot_username}?start={code}"
    return Reply(ctx.t("invite.created", code=unit.code, name=unit.name, link=link))


async def redeem_invite(ctx: Ctx, code: str) -> Unit | None:
    """Join the person to the invite's unit; None when the code is unknown or revoked. Opening
    the link again as a member of that unit changes (and counts) nothing."""
    if not INVITE_CODE.match(code):
        return None
    invite = await ctx.session.scalar(
        select(Invite).where(Invite.code == code, Invite.revoked_at.is_(None))
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
