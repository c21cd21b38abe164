"""Greeting, help and language: what anyone may ask."""

from __future__ import annotations

from handlers.cluster.invites import redeem_invite
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import fold
from handlers.meetings import checkin, delegate_dialogue
from storage.models import Unit


async def start(ctx: Ctx, req: Request) -> Reply:
    """`/start [invite]`: greet, join a unit by invite, and say what to do next. The unit is
    named once: joined, moved, or (the link opened again) already a member."""
    if not ctx.in_private:
        return Reply(ctx.t("start.in_group"))
    scanned = await checkin.open_link(ctx, req.args.strip())  # `dd-<token>`: the roll-call
    if scanned is not None:
        return scanned
    lines = [ctx.t("start.greeting", name=ctx.person.name or ctx.t("start.no_name"))]
    payload = req.args.strip()
    if payload.startswith(delegate_dialogue.LINK_PREFIX):  # [📝 Đăng ký đại biểu] from a group
        return await delegate_dialogue.open_link(ctx, payload)
    unit_said = False
    if payload:
        before = ctx.person.unit
        unit = await redeem_invite(ctx, payload)
        lines.append(_joined(ctx, before, unit))
        unit_said = unit is not None
    if ctx.is_organiser:
        lines.append(ctx.t("start.role_organiser"))
    elif not unit_said:
        member_of = ctx.person.unit
        lines.append(
            ctx.t("start.role_member", unit=f"{member_of.code} — {member_of.name}")
            if member_of is not None
            else ctx.t("start.role_none")
        )
    return Reply("\n\n".join(lines))


def _joined(ctx: Ctx, before: Unit | None, unit: Unit | None) -> str:
    """What opening an invite did: joined, moved from another unit, already there, or nothing."""
    if unit is None:
        return ctx.t("start.bad_invite")
    label = f"{unit.code} — {unit.name}"
    if before is None:
        return ctx.t("start.joined", unit=label)
    if before.id == unit.id:
        return ctx.t("start.already_member", unit=label)
    return ctx.t("start.moved", old=f"{before.code} — {before.name}", unit=label)


async def help_(ctx: Ctx, req: Request) -> Reply:
    """`/trogiup`: the commands this person may use, with examples."""
    body = ctx.t("help.header") + "\n" + ctx.t("help.member") + ctx.t("help.delegates")
    if ctx.is_organiser:
        body += ctx.t("help.organiser") + ctx.t("help.rollcall") + ctx.t("help.book")
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
