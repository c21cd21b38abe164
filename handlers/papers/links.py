"""Papers sent as a link (`NOP 7 <link>`), for Zalo, which passes no files to bots, and for
anyone whose paper already sits on a website or a drive.

The link is read with the careful fetcher (`handlers.news.fetch`: public addresses only,
redirects checked again, time limits), streamed to a temporary file of at most 20 MB. What its
bytes show to be a PDF, DOC, DOCX or ODT (`handlers.papers.filetypes`) is kept in the database
as the unit's paper and goes into `/xuat`'s ZIP like any file. Anything else (a web page, a
Google Drive viewer, a file too big to keep) leaves the link itself as the paper. Refused, with
nothing stored: an address that is not public, a link that does not load (the organisers could
not open it either, and the person is there to fix it now), and a file that calls itself a
paper by its name or type but is not one by its bytes (a damaged file is better caught by the
sender than by the organisers after the deadline).

The fetch happens between two transactions of the command's unit of work, as `/tin`'s does, so
no database lock is held while a slow site answers; the call is checked again after it.
"""

from __future__ import annotations

import logging
import os
import tempfile
from email.message import Message
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Reply
from handlers.forms import FormError
from handlers.news.fetch import Downloaded, FetchRefused
from handlers.news.posts import check_url
from handlers.notices.audience import announcement_unit_ids
from handlers.papers.checking import check_file, receipt_section
from handlers.papers.exports import format_size
from handlers.papers.filetypes import PAPER_TYPES, sniff
from handlers.papers.formats import FormatRules
from handlers.papers.stored import stored_file_id
from handlers.papers.submissions import MAX_FILE_BYTES, Target, open_call, record
from handlers.texts import Safe
from storage import queries

log = logging.getLogger(__name__)

MAX_LINK = 1000  # `submissions.link`
LINK_TIMEOUT = 60.0  # seconds for the whole download: 20 MB from a slow school server
MAX_NAME = 200
DEFAULT_NAME = "tham-luan"
BAD_URL = ("bad_url", "scheme")
WEB_PAGE_TYPES = ("text/html", "application/xhtml+xml")


def check_link(value: str, ann_id: int) -> str:
    """An absolute http(s) link of at most `MAX_LINK` characters, or an explanation."""
    url = value.strip().strip("<>")
    if not url:
        raise FormError("submit.link_missing", id=ann_id)
    try:
        checked = check_url(url)
    except FormError:
        raise FormError("submit.link_bad", url=url[:100], id=ann_id) from None
    if len(checked) > MAX_LINK:
        raise FormError("submit.link_bad", url=url[:100], id=ann_id)
    return checked


async def submit_link(ctx: Ctx, ann_id: int, value: str) -> Reply:
    """`NOP 7 <link>`: the file behind the link stored as the unit's paper, or the link."""
    url = check_link(value, ann_id)
    first = await _call_for_link(ctx, ann_id)  # an unknown or closed call, or a stranger: no fetch
    rules = FormatRules.from_json(first.call.format_rules)
    fetcher = ctx.env.fetcher
    if fetcher is None:
        raise FormError("news.unavailable")
    await ctx.session.commit()  # nothing is held open while the site answers
    with tempfile.TemporaryDirectory(prefix="loa-nop-") as folder:
        path = Path(folder) / "download"
        try:
            downloaded: Downloaded | None = await fetcher.download(
                url, path, max_bytes=MAX_FILE_BYTES, time_limit=LINK_TIMEOUT
            )
        except FetchRefused as exc:
            log.info("paper link for #%s not read: %s", ann_id, exc)
            downloaded = _refusal(ctx, exc, url, ann_id)
        kind = sniff(path) if downloaded is not None else None
        checked = (
            await check_file(path, kind, rules, name=file_name(downloaded))
            if kind is not None and downloaded is not None
            else None
        )
        target = await _call_for_link(ctx, ann_id)  # it may have closed meanwhile
        if downloaded is None:  # too big to keep: the link is the paper
            return await _keep_link(ctx, target, url)
        name = file_name(downloaded)
        if kind is None:
            if _claims_paper(name, downloaded.content_type):
                raise FormError("submit.link_not_paper", name=name, url=url[:100], id=ann_id)
            return await _keep_link(ctx, target, url)
        name = _with_extension(name, kind)
        stored = await queries.store_file(
            ctx.session,
            path,
            name=name,
            mime_type=PAPER_TYPES[kind],
            source_url=url,
            now=ctx.now,
        )
        recorded = await record(
            ctx,
            target,
            platform_file_id=stored_file_id(stored.id),
            file_name=name,
            file_size=stored.size,
            mime_type=stored.mime_type,
            link=url,
            checked=checked,
        )
    receipt = ctx.t(
        "submit.received_file",
        **recorded.values(ctx),
        name=name,
        size=format_size(stored.size),
    )
    return Reply(receipt + receipt_section(ctx.lang, rules, checked))


async def _call_for_link(ctx: Ctx, ann_id: int) -> Target:
    """`open_call`, its refusals followed by the form and the unit's open calls."""
    try:
        return await open_call(ctx, ann_id)
    except FormError as err:
        problem = Safe(ctx.t(err.key, **err.values))
        calls = "" if err.key == "submit.no_unit" else "\n" + await open_calls(ctx)
        raise FormError("submit.link_refused", problem=problem, calls=Safe(calls)) from None


async def open_calls(ctx: Ctx) -> str:
    """The paper calls open now to the person's unit (the group's in a unit's group), each
    with its `NOP` form; or that there are none, or that Loa does not know the unit."""
    unit = ctx.chat.unit if ctx.chat.unit is not None else ctx.person.unit
    if unit is None or unit.removed_at is not None:
        return ctx.t("submit.unsupported_no_unit")
    lines = []
    for ann_id in await queries.open_paper_call_ids(ctx.session, ctx.now):
        ann = await queries.announcement(ctx.session, ann_id)
        call = await queries.paper_call(ctx.session, ann_id)
        if ann is None or call is None:
            continue
        if unit.id not in await announcement_unit_ids(ctx.session, ann):
            continue
        deadline = timeparse.format_when(call.deadline, ctx.env.tz, ctx.lang)
        lines.append(
            ctx.t("submit.unsupported_call", id=ann_id, topic=call.topic, deadline=deadline)
        )
    if not lines:
        return ctx.t("submit.unsupported_none", unit=unit.name)
    return ctx.t("submit.unsupported_calls", unit=unit.name, lines=Safe("\n".join(lines)))


def _refusal(ctx: Ctx, exc: FetchRefused, url: str, ann_id: int) -> None:
    """A refused download explained (nothing stored), except a body too big to keep: None,
    and the link is kept as the paper."""
    if exc.reason == "too_large":
        return None
    if exc.reason in BAD_URL:
        raise FormError("submit.link_bad", url=url[:100], id=ann_id)
    if exc.reason == "private_address":
        raise FormError("submit.link_private", url=url[:100], id=ann_id)
    if exc.reason == "timeout":
        reason = ctx.t("submit.fail_timeout", seconds=f"{LINK_TIMEOUT:g}")
    else:  # the words `/tin` uses for the same failures
        reason = ctx.t(f"news.fail_{exc.reason}")
    raise FormError("submit.link_failed", url=url[:100], id=ann_id, reason=Safe(reason))


async def _keep_link(ctx: Ctx, target: Target, url: str) -> Reply:
    """The link itself recorded as the paper: no file to fetch, listed as a link."""
    recorded = await record(
        ctx,
        target,
        platform_file_id="",
        file_name=url[:300],
        file_size=None,
        mime_type=None,
        link=url,
    )
    return Reply(ctx.t("submit.received_link", **recorded.values(ctx), url=url))


def file_name(downloaded: Downloaded) -> str:
    """The file's name: the server's Content-Disposition, else the link's last path segment,
    else `tham-luan`; never a path."""
    name = ""
    if downloaded.disposition:
        message = Message()
        message["content-disposition"] = downloaded.disposition
        name = message.get_filename() or ""
    if not name:
        name = unquote(urlsplit(downloaded.url).path.rsplit("/", 1)[-1])
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[-MAX_NAME:] or DEFAULT_NAME


def _claims_paper(name: str, content_type: str) -> bool:
    """Whether the Content-Type says PDF, DOC, DOCX or ODT, or the name does and the server
    does not call it a web page (a sign-in page at `…/bai.pdf` is a page, not a damaged PDF)."""
    if content_type in PAPER_TYPES.values():
        return True
    extension = os.path.splitext(name.lower())[1]
    return extension in PAPER_TYPES and content_type not in WEB_PAGE_TYPES


def _with_extension(name: str, kind: str) -> str:
    """`name`, ending in the extension its bytes showed (`bai` → `bai.pdf`)."""
    stem, extension = os.path.splitext(name)
    if extension.lower() == kind:
        return name
    return (name if extension.lower() not in PAPER_TYPES else stem) + kind
