"""Greeting, help and language: what anyone may ask."""

from __future__ import annotations

from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import fold
from handlers.invites import redeem_invite


async def start(ctx: Ctx, req: Request) -> Reply:
    """`/start [invite]`: greet, join a unit by invite, and say what to do next."""
    if not ctx.in_private:
        return Reply(ctx.t("start.in_group"))
    lines = [ctx.t("start.greeting", name=ctx.person.name or ctx.t("start.no_name"))]
    payload = req.args.strip()
    if payload:
        unit = await redeem_invite(ctx, payload)
        lines.append(
            ctx.t("start.joined", unit=f"{unit.code} — {unit.name}")
            if unit
            else ctx.t("start.bad_invite")
        )
    if ctx.is_organiser:
        lines.append(ctx.t("start.role_organiser"))
    elif ctx.person.unit is not None:
        unit = ctx.person.unit
        lines.append(ctx.t("start.role_member", unit=f"{unit.code} — {unit.name}"))
    else:
        lines.append(ctx.t("start.role_none"))
    return Reply("\n\n".join(lines))


async def help_(ctx: Ctx, req: Request) -> Reply:
    """`/trogiup`: the commands this person may use, with examples."""
    body = ctx.t("help.header") + "\n" + ctx.t("help.member")
    if ctx.is_organiser:
        body += ctx.t("help.organiser")
    return Reply(body)


async def language(ctx: Ctx, req: Request) -> Reply:
    """`/ngonngu vi|en`: the language Loa speaks to this person."""
    choice = fold(req.args)
    if choice in ("vi", "tieng viet", "vietnamese"):
        ctx.person.language = "vi"
    elif choice in ("en", "english", "tieng anh"):
        ctx.person.language = "en"
    else:
        return Reply(ctx.t("lang.usage"))
    ctx.person.updated_at = ctx.now
    # the command menu of this private chat follows the choice too
    return Reply(ctx.t("lang.set"), menu=ctx.person.language if ctx.in_private else None)
