"""Who may organise: `/quyen` grants and revokes the organiser role."""

from __future__ import annotations

from handlers.context import Ctx, is_configured_admin, is_organiser
from handlers.core import Reply, Request, Sender
from handlers.forms import FormError, fold
from storage import queries
from storage.models import Person

REVOKE_WORDS = {"bo", "revoke", "thu hoi"}


async def grant(ctx: Ctx, req: Request) -> Reply:
    """`/quyen` (as a reply, or with a user id) grants; `/quyen bo …` revokes."""
    words = req.args.split()
    revoke = bool(words) and fold(words[0]) in REVOKE_WORDS
    if revoke:
        words = words[1:]
    target = await _target(ctx, req.reply_to_sender, words)
    name = target.name or target.external_id
    if revoke:
        if target.id == ctx.person.id:
            return Reply(ctx.t("grant.self"))
        if is_configured_admin(ctx.env, target):
            return Reply(ctx.t("grant.configured", name=name))
        if not target.is_organiser:
            return Reply(ctx.t("grant.not_organiser", name=name))
        target.is_organiser = False
        target.updated_at = ctx.now
        queries.audit(ctx.session, ctx.now, ctx.person.id, "grant.revoke", target.external_id)
        return Reply(ctx.t("grant.revoked", name=name))
    if is_organiser(ctx.env, target):
        return Reply(ctx.t("grant.already", name=name))
    target.is_organiser = True
    target.updated_at = ctx.now
    queries.audit(ctx.session, ctx.now, ctx.person.id, "grant.add", target.external_id)
    if not _seen(target):  # granted all the same: it holds once that person writes to Loa
        return Reply(ctx.t("grant.done_unknown", id=target.external_id))
    return Reply(ctx.t("grant.done", name=name))


def _seen(person: Person) -> bool:
    """Whether Loa has ever seen this person write (the platform always gives a name); a row
    made only by `/quyen <id>` has none, so a mistyped id is caught."""
    return bool(person.name)


async def _target(ctx: Ctx, replied: Sender | None, words: list[str]) -> Person:
    """The person replied to, or named by a numeric platform id."""
    if replied is not None and not words:
        return await queries.upsert_person(
            ctx.session,
            replied.platform,
            replied.external_id,
            replied.name,
            replied.username,
            ctx.now,
        )
    if len(words) == 1 and words[0].isdigit() and len(words[0]) <= 20:
        person = await queries.person_by_external(ctx.session, ctx.person.platform, words[0])
        if person is None:
            person = await queries.upsert_person(
                ctx.session, ctx.person.platform, words[0], "", None, ctx.now
            )
        return person
    raise FormError("grant.usage")
