"""Groups: the bot joining and leaving, organisers linking them to a unit or the cluster."""

from __future__ import annotations

import re

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import pages
from handlers.cluster.units import require_unit
from handlers.context import Ctx, chat_label
from handlers.core import Env, Membership, Reply, Request
from handlers.forms import fold, parse_tag, parse_unit_code
from handlers.texts import text
from storage import queries
from storage.models import Chat, ChatKind, ChatState, Platform

CLUSTER_WORDS = {"cum", "cluster", "ca cum"}
UNLINK_WORDS = {"bo", "unlink", "huy"}
# `/nhom HP bgh, vanphong`: tags are separated by spaces, commas or semicolons
WORD_BREAK = re.compile(r"[\s,;]+")
# the texts say "Nhóm <title>" themselves: a title that already starts so is not doubled
GROUP_WORD = re.compile(r"^(?:nhóm|nhom|group)\s+", re.IGNORECASE)


def group_name(chat: Chat) -> str:
    """The chat's label for texts that already say "Nhóm …": `Nhóm U1` becomes `U1`, so a
    group titled "Nhóm U1" is not named "Nhóm Nhóm U1"."""
    label = chat_label(chat)
    rest = GROUP_WORD.sub("", label, count=1).strip()
    return rest or label


async def group(ctx: Ctx, req: Request) -> Reply:
    """`/nhom HP [tag …]`, `/nhom cum [tag …]`, `/nhom bo`, `/nhom` (show; in private: list)."""
    if ctx.in_private:
        return await _list(ctx)
    words = [word for word in WORD_BREAK.split(req.args) if word]
    if not words:
        return Reply(_describe(ctx, ctx.chat, "show"))
    head = fold(words[0])
    if head in UNLINK_WORDS and len(words) == 1:
        ctx.chat.unit_id = None
        ctx.chat.unit = None
        ctx.chat.is_cluster = False
        ctx.chat.tags = []
        ctx.chat.state = ChatState.PENDING
        ctx.chat.updated_at = ctx.now
        queries.audit(ctx.session, ctx.now, ctx.person.id, "group.unlink", chat_label(ctx.chat))
        return Reply(ctx.t("group.unlinked", title=group_name(ctx.chat)))
    tags = list(dict.fromkeys(parse_tag(word) for word in words[1:]))
    if head in CLUSTER_WORDS:
        ctx.chat.unit_id = None
        ctx.chat.unit = None
        ctx.chat.is_cluster = True
    else:
        unit = await require_unit(ctx, parse_unit_code(words[0]))
        ctx.chat.unit_id = unit.id
        ctx.chat.unit = unit
        ctx.chat.is_cluster = False
    ctx.chat.tags = tags
    ctx.chat.state = ChatState.ACTIVE
    ctx.chat.state_reason = None
    ctx.chat.updated_at = ctx.now
    queries.audit(
        ctx.session, ctx.now, ctx.person.id, "group.link", chat_label(ctx.chat), args=req.args
    )
    return Reply(_describe(ctx, ctx.chat, "linked"))


def _describe(ctx: Ctx, chat: Chat, mode: str) -> str:
    tags = ctx.t("group.tags", tags=", ".join(chat.tags)) if chat.tags else ""
    title = group_name(chat) if mode == "linked" else chat_label(chat)
    if chat.is_cluster and chat.state == ChatState.ACTIVE:
        return ctx.t(f"group.{mode}_cluster", title=title, tags=tags)
    if chat.unit is not None and chat.state == ChatState.ACTIVE:
        return ctx.t(
            f"group.{mode}_unit", title=title, code=chat.unit.code, name=chat.unit.name, tags=tags
        )
    return ctx.t("group.show_pending")


async def _list(ctx: Ctx) -> Reply:
    return await groups_page(ctx, "", 0)


async def groups_page(ctx: Ctx, arg: str, page: int) -> Reply:
    """Page `page` of the groups list (`/nhom` in private), read afresh."""
    chats = await queries.group_chats(ctx.session)
    if not chats:
        return Reply(ctx.t("group.list_empty"))
    lines: list[str] = []
    for chat in chats:
        if chat.is_cluster:
            target = ctx.t("group.target.cluster")
        elif chat.unit is not None:
            target = chat.unit.code
        else:
            target = ctx.t("group.target.none")
        if chat.tags:
            target += " (" + ", ".join(f"#{tag}" for tag in chat.tags) + ")"
        lines.append(
            ctx.t(
                "group.list_line",
                title=chat_label(chat),
                target=target,
                state=ctx.t(f"group.state.{chat.state.value}"),
            )
        )
    header = ctx.t("group.list_header", count=len(chats))
    entries = [pages.Entry(line) for line in lines]
    return pages.render(ctx.t, header, entries, action="groups", page=page)


async def membership(ctx: Ctx, req: Request) -> Reply | None:
    """The bot was added to a group (pending until linked; a group still linked says so) or
    removed from a chat (inactive)."""
    if req.membership == Membership.JOINED:
        linked = bool(ctx.chat.unit_id or ctx.chat.is_cluster)
        if ctx.chat.state == ChatState.INACTIVE:
            ctx.chat.state = ChatState.ACTIVE if linked else ChatState.PENDING
            ctx.chat.state_reason = None
            ctx.chat.updated_at = ctx.now
        if ctx.in_private:
            return None
        if linked:
            return Reply(_describe(ctx, ctx.chat, "back"))
        return Reply(ctx.t("group.welcome", title=chat_label(ctx.chat)))
    await mark_unreachable(ctx.env, ctx.session, ctx.chat, "removed")
    return None


async def mark_unreachable(env: Env, session: AsyncSession, chat: Chat, reason: str) -> None:
    """Stop sending to a chat that removed or blocked the bot; tell the organisers of a group."""
    if chat.state == ChatState.INACTIVE:
        return
    now = env.clock.now()
    chat.state = ChatState.INACTIVE
    chat.state_reason = reason
    chat.updated_at = now
    if chat.kind == ChatKind.PRIVATE:
        return
    for person in await queries.organisers(session, env.admins):
        if person.private_chat_id is None:
            continue
        await queries.enqueue(
            session,
            chat_id=person.private_chat_id,
            payload={
                "text": text(
                    person.language,
                    "group.inactive_alert",
                    title=group_name(chat),
                    reason=text(person.language, f"group.reason.{reason}"),
                )
            },
            purpose="alert",
            dedupe_key=f"inactive:{chat.id}:{int(now.timestamp())}:{person.id}",
            now=now,
        )


async def follow_migration(
    env: Env, session: AsyncSession, old_external_id: str, new_external_id: str
) -> Chat | None:
    """A group became a supergroup: keep its record and links, follow the new id."""
    old = await queries.chat_by_external(session, Platform.TELEGRAM, old_external_id)
    if old is None:
        return await queries.chat_by_external(session, Platform.TELEGRAM, new_external_id)
    clash = await queries.chat_by_external(session, Platform.TELEGRAM, new_external_id)
    if clash is not None and clash.id != old.id:
        clash.external_id = f"{new_external_id}:replaced:{clash.id}"
        clash.state = ChatState.INACTIVE
        await session.flush()
    old.external_id = new_external_id
    old.kind = ChatKind.SUPERGROUP
    old.updated_at = env.clock.now()
    return old
