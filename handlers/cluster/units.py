"""Units (member schools): list, add, rename, remove."""

from __future__ import annotations

from sqlalchemy import case, update

from handlers import pages
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import FormError, fold, parse_unit_code
from storage import queries
from storage.models import Chat, ChatState, Person, Unit

ADD_WORDS = {"them", "add"}
RENAME_WORDS = {"sua", "rename", "edit"}
REMOVE_WORDS = {"xoa", "remove", "delete"}
MAX_NAME = 300


async def require_unit(ctx: Ctx, code: str) -> Unit:
    """The active unit with this code, or an explanation listing the known codes."""
    unit = await queries.unit_by_code(ctx.session, code)
    if unit is None:
        known = [u.code for u in await queries.active_units(ctx.session)]
        if not known:
            raise FormError("error.no_units")
        raise FormError("error.unknown_unit", code=code, known=", ".join(known))
    return unit


async def units(ctx: Ctx, req: Request) -> Reply:
    """`/donvi`, `/donvi them HP | Tên`, `/donvi sua HP | Tên mới`, `/donvi xoa HP`."""
    args = req.args.strip()
    if not args:
        return await _list(ctx)
    verb, _, rest = args.partition(" ")
    verb = fold(verb)
    if verb in ADD_WORDS:
        return await _add(ctx, rest)
    if verb in RENAME_WORDS:
        return await _rename(ctx, rest)
    if verb in REMOVE_WORDS:
        return await _remove(ctx, rest)
    raise FormError("units.usage")


async def _list(ctx: Ctx) -> Reply:
    return await units_page(ctx, "", 0)


async def units_page(ctx: Ctx, arg: str, page: int) -> Reply:
    """Page `page` of `/donvi`'s list, read afresh (a page press lands here too)."""
    all_units = await queries.active_units(ctx.session)
    if not all_units:
        return Reply(ctx.t("units.empty"))
    counts = await queries.group_counts_by_unit(ctx.session)
    entries = [
        pages.Entry(ctx.t("units.line", code=u.code, name=u.name, groups=counts.get(u.id, 0)))
        for u in all_units
    ]
    header = ctx.t("units.header", count=len(all_units))
    return pages.render(ctx.t, header, entries, action="units", page=page)


def _code_and_name(rest: str) -> tuple[str, str]:
    """`HP | Tên đơn vị` (or `HP Tên đơn vị`) as the code and the name with its spaces tidied."""
    code_part, sep, name_part = rest.partition("|")
    if not sep:
        code_part, _, name_part = rest.strip().partition(" ")
    code = parse_unit_code(code_part) if code_part.strip() else ""
    if not code:
        raise FormError("units.usage")
    return code, " ".join(name_part.split())


def _check_name(name: str) -> None:
    """A name is required and fits the column; too long says by how much, not "missing"."""
    if not name:
        raise FormError("units.bad_name")
    if len(name) > MAX_NAME:
        raise FormError("units.name_too_long", length=len(name), limit=MAX_NAME)


async def _add(ctx: Ctx, rest: str) -> Reply:
    """A new unit, or a removed one back (its groups were unlinked, so they need `/nhom`);
    an existing code is refused, never silently renamed."""
    code, name = _code_and_name(rest)
    _check_name(name)
    unit = await queries.unit_by_code(ctx.session, code, include_removed=True)
    if unit is not None and unit.removed_at is None:
        raise FormError("units.exists", code=unit.code, name=unit.name)
    if unit is None:
        ctx.session.add(Unit(code=code, name=name, created_at=ctx.now))
        key = "units.added"
    else:
        unit.name = name
        unit.removed_at = None
        key = "units.restored"
    queries.audit(ctx.session, ctx.now, ctx.person.id, "unit.add", code, name=name)
    return Reply(ctx.t(key, code=code, name=name))


async def _rename(ctx: Ctx, rest: str) -> Reply:
    """`/donvi sua HP | Tên mới`: the one way to change a unit's name."""
    code, name = _code_and_name(rest)
    if not name:
        raise FormError("units.usage")
    _check_name(name)
    unit = await require_unit(ctx, code)
    old = unit.name
    unit.name = name
    queries.audit(ctx.session, ctx.now, ctx.person.id, "unit.rename", code, name=name)
    return Reply(ctx.t("units.renamed", code=unit.code, old=old, name=name))


async def _remove(ctx: Ctx, rest: str) -> Reply:
    if not rest.strip():
        raise FormError("units.usage")
    unit = await require_unit(ctx, parse_unit_code(rest.split()[0]))
    unit.removed_at = ctx.now
    result = await ctx.session.execute(
        update(Chat)
        .where(Chat.unit_id == unit.id)
        .values(
            unit_id=None,
            state=case((Chat.state == ChatState.ACTIVE, ChatState.PENDING), else_=Chat.state),
            updated_at=ctx.now,
        )
    )
    await ctx.session.execute(update(Person).where(Person.unit_id == unit.id).values(unit_id=None))
    queries.audit(ctx.session, ctx.now, ctx.person.id, "unit.remove", unit.code)
    return Reply(ctx.t("units.removed", code=unit.code, groups=result.rowcount))
