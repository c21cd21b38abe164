"""Papers typed as a link (`NOP 7 <link>`), and what Loa says to a file Zalo did not pass on.

Zalo gives a bot no files: a PDF sent to Loa there arrives as a message without content
(`Request.unsupported`). The answer explains that, and shows the `NOP <số> <đường dẫn>` form
with the numbers of the person's unit's open paper calls. The form itself is read like the
typed meeting answers (`handlers.meetings.typed`): the command word case- and
diacritics-insensitively (`nop 7`, `NỘP 7`, `/nop 7`, `NOP7`), in private chat and in a unit's
group; the link is kept as typed and read by `handlers.papers.links`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import FormError, fold, parse_announcement_code
from handlers.notices.audience import announcement_unit_ids
from handlers.papers import links, submissions
from handlers.texts import Safe
from storage import queries

# an optional slash, the command word, the call's number (optionally `#`), then the link
NOP = re.compile(r"^\s*/?([^\s\d#/]+)\s*(#?\s*\d*)\s*(.*)$", re.S)
WORD = "nop"
MAX_ID = 9
EXAMPLE_ID = 7


@dataclass(frozen=True)
class TypedLink:
    """A `NOP` form: the call's number (None when missing) and the rest, as typed."""

    ann_id: int | None
    rest: str


def parse(text: str) -> TypedLink | None:
    """Read a `NOP` form; None when the text is none (its first word is not `nop`)."""
    match = NOP.match(text)
    if match is None or fold(match.group(1)) != WORD:
        return None
    digits = match.group(2).removeprefix("#").strip()
    rest = match.group(3).strip()
    if not digits or len(digits) > MAX_ID:
        return TypedLink(None, rest)
    return TypedLink(int(digits), rest)


async def answer(ctx: Ctx, req: Request) -> Reply | None:
    """Answer a typed `NOP 7 <link>`, as a message; None when the text is no `NOP` form."""
    typed = parse(req.text or "")
    if typed is None:
        return None
    if typed.ann_id is None:
        raise FormError("submit.link_missing", id=EXAMPLE_ID)
    return await links.submit_link(
        ctx, typed.ann_id, typed.rest.split(maxsplit=1)[0] if typed.rest else ""
    )


async def submit(ctx: Ctx, req: Request) -> Reply:
    """`/nop 7` with a file (its caption), or `/nop 7 <link>` without one."""
    words = req.args.split()
    if req.file is None and len(words) >= 2:
        return await links.submit_link(ctx, parse_announcement_code(words[0]), words[1])
    return await submissions.submit(ctx, req)


async def unsupported(ctx: Ctx) -> Reply:
    """A file the platform did not pass on: why, the `NOP` form, and the open calls of the
    person's unit (the group's unit in a unit's group)."""
    unit = ctx.chat.unit if ctx.chat.unit is not None else ctx.person.unit
    if unit is None or unit.removed_at is not None:
        calls = ctx.t("submit.unsupported_no_unit")
        return Reply(ctx.t("submit.unsupported", calls=Safe(calls)))
    lines = []
    for ann_id in await queries.open_paper_call_ids(ctx.session, ctx.now):
        ann = await queries.announcement(ctx.session, ann_id)
        call = await queries.paper_call(ctx.session, ann_id)
        if (
            ann is None
            or call is None
            or unit.id not in await announcement_unit_ids(ctx.session, ann)
        ):
            continue
        deadline = timeparse.format_when(call.deadline, ctx.env.tz, ctx.lang)
        lines.append(
            ctx.t("submit.unsupported_call", id=ann_id, topic=call.topic, deadline=deadline)
        )
    if lines:
        calls = ctx.t("submit.unsupported_calls", unit=unit.name, lines=Safe("\n".join(lines)))
    else:
        calls = ctx.t("submit.unsupported_none", unit=unit.name)
    return Reply(ctx.t("submit.unsupported", calls=Safe(calls)))
