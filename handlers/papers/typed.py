"""Papers typed as a link (`NOP 7 <link>`), and what Loa says to a file Zalo did not pass on.

Zalo gives a bot no files: a PDF sent to Loa there arrives as a message without content
(`Request.unsupported`). The answer explains that, and shows the `NOP <số> <đường dẫn>` form
with the numbers of the person's unit's open paper calls. The form itself is read like the
typed meeting answers (`handlers.meetings.typed`): the command word case- and
diacritics-insensitively (`nop 7`, `NỘP 7`, `/nop 7`, `NOP7`), in private chat and in a unit's
group; only `NOP <số>` alone or followed by something like a link, since `nộp` is an everyday
word. The link is kept as typed and read by `handlers.papers.links`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.context import Ctx
from handlers.core import Reply, Request
from handlers.forms import fold, parse_announcement_code
from handlers.papers import links, submissions
from handlers.texts import Safe

# an optional slash, the command word, the call's number (optionally `#`), then the link
NOP = re.compile(r"^\s*/?([^\s\d#/]+)\s*(#?\s*\d*)\s*(.*)$", re.S)
WORD = "nop"
HOST_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+(/|$)")  # `truong.edu.vn/bai.pdf`: a link, no scheme
MAX_ID = 9


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
    if typed is None or typed.ann_id is None or not _meant(typed):
        return None
    return await links.submit_link(
        ctx, typed.ann_id, typed.rest.split(maxsplit=1)[0] if typed.rest else ""
    )


def _meant(typed: TypedLink) -> bool:
    """`nộp` is an everyday word (`nộp 2 bài nhé` in a group, `Nộp báo cáo …` as the text of a
    notice being drafted): only a number followed by nothing or by something like a link is
    taken as the form. (In private chat the rest still reaches `/nop` as a bare command.)"""
    first = typed.rest.split(maxsplit=1)[0] if typed.rest else ""
    return not first or "://" in first or HOST_LIKE.match(first) is not None


async def submit(ctx: Ctx, req: Request) -> Reply:
    """`/nop 7` with a file (its caption), or `/nop 7 <link>` without one."""
    words = req.args.split()
    if req.file is None and len(words) >= 2:
        return await links.submit_link(ctx, parse_announcement_code(words[0]), words[1])
    return await submissions.submit(ctx, req)


async def unsupported(ctx: Ctx) -> Reply:
    """A file the platform did not pass on: why, the `NOP` form, and the open calls of the
    person's unit (the group's unit in a unit's group)."""
    return Reply(ctx.t("submit.unsupported", calls=Safe(await links.open_calls(ctx))))
