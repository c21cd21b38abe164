"""Watched feeds: `/nguon` adds, lists, removes and resumes RSS/Atom feeds; polling posts new
items as news cards.

`/nguon them URL | đối tượng | mỗi 30 phút` reads the feed once before saving it: only a real
RSS or Atom feed is kept, and what it holds at that moment is marked as seen (that read is the
feed's first check), so only items that appear later are posted.

Polling (`poll_due`, run by a one-minute interval job, and `poll_feed`) never holds a database
transaction across the network: a short transaction claims the check, the fetch and the parse
run outside any transaction (parsing in a worker thread), and a second short transaction records
the result, adds the new items and writes their cards to the outbox. Items are keyed per feed
(`feed_items` has a unique key), so a double check, a second instance or a restart posts each
item once. A 304 answer records the check and parses nothing. Ten failed checks in a row pause
the feed and tell the organisers; `/nguon bat N` resumes it.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Env, Reply, Request
from handlers.forms import Audience, FormError, fold, parse_audience, split_form
from handlers.news import posts
from handlers.news.feed_reader import (
    FEED_ACCEPT,
    Entry,
    FeedDocument,
    NotAFeed,
    matches,
    parse_keywords,
    read_feed,
)
from handlers.news.fetch import REASONS, Fetcher, FetchRefused, safe_url
from handlers.notices.audience import check_audience, targets
from handlers.notices.cards import payload
from handlers.texts import text
from storage import queries
from storage.db import retry_busy
from storage.models import Feed, FeedState

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 30
MIN_INTERVAL = 5
MAX_INTERVAL = 7 * 24 * 60
MAX_FAILURES = 10
MAX_POSTS_PER_CHECK = 10
POLL_CONCURRENCY = 4
SWEEP_SECONDS = 60
MAX_URL = 2000
LIST_BUDGET = 3600

ADD_WORDS = {"them", "add"}
REMOVE_WORDS = {"xoa", "remove", "delete"}
RESUME_WORDS = {"bat", "resume", "on"}
LIST_WORDS = {"ds", "list"}
FEED_KEYS = {
    "chi dang neu co": "keywords",
    "chi dang khi co": "keywords",
    "tu khoa": "keywords",
    "keywords": "keywords",
    "only if": "keywords",
    "doi tuong": "audience",
    "chu ky": "interval",
}
INTERVAL_PREFIXES = ("moi ", "every ", "each ")
ENGLISH_UNITS = (
    (re.compile(r"\b(?:minutes?|mins?)\b"), "phut"),
    (re.compile(r"\bhours?\b"), "gio"),
    (re.compile(r"\bdays?\b"), "ngay"),
    (re.compile(r"\bweeks?\b"), "tuan"),
)
FEED_NUMBER = re.compile(r"^#?(\d{1,9})$")
VERB = re.compile(r"(\S+)\s*(.*)", re.DOTALL)


# --- reading a feed over the network --------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one check of a feed found: a document, "not modified", or an error code
    (a fetch refusal reason such as `timeout`, `http_status:500`, or `not_feed`)."""

    document: FeedDocument | None = None
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None


async def read_remote_feed(
    fetcher: Fetcher, url: str, *, etag: str | None = None, last_modified: str | None = None
) -> Outcome:
    """Fetch (conditionally, when validators are given) and parse a feed; never raises for
    anything the site does. Nothing is parsed when the server answers 304."""
    try:
        fetched = await fetcher.get(url, etag=etag, last_modified=last_modified, accept=FEED_ACCEPT)
    except FetchRefused as exc:
        code = f"{exc.reason}:{exc.status}" if exc.status else exc.reason
        return Outcome(error=code)
    if fetched.status == 304:
        return Outcome(
            not_modified=True,
            etag=fetched.etag or etag,
            last_modified=fetched.last_modified or last_modified,
        )
    try:
        document = await asyncio.to_thread(
            read_feed,
            fetched.content,
            url=fetched.url,
            content_type=fetched.content_type,
            charset=fetched.charset,
        )
    except NotAFeed as exc:
        log.info("not a feed at %s: %s", safe_url(url), exc)
        return Outcome(error="not_feed")
    except Exception:  # a document that trips the reader counts as a failed check
        log.exception("reading the feed at %s failed", safe_url(url))
        return Outcome(error="error")
    return Outcome(document=document, etag=fetched.etag, last_modified=fetched.last_modified)


def reason_text(lang: str, error: str | None) -> str:
    """An error code (`timeout`, `http_status:500`, …) in words."""
    code, _, status = (error or "error").partition(":")
    if code == "http_status" and not status:
        status = "?"
    known = code in REASONS or code == "not_feed"
    return text(lang, f"feeds.reason.{code if known else 'error'}", status=status)


# --- the command ----------------------------------------------------------------------------


async def feeds(ctx: Ctx, req: Request) -> Reply:
    """`/nguon` lists; `/nguon them URL | đối tượng | mỗi 30 phút` (and optionally
    `chỉ đăng nếu có: từ khoá, …`), `/nguon xoa N`, `/nguon bat N`."""
    args = req.args.strip()
    if not args:
        return await _list(ctx)
    head = VERB.match(args)
    assert head is not None  # `args` is not empty
    verb, rest = fold(head.group(1)), head.group(2)
    if verb in LIST_WORDS and not rest.strip():
        return await _list(ctx)
    if verb in ADD_WORDS:
        return await _add(ctx, rest)
    if verb in REMOVE_WORDS:
        return await _remove(ctx, rest)
    if verb in RESUME_WORDS:
        return await _resume(ctx, rest)
    raise FormError("feeds.usage")


def check_feed_url(value: str) -> str:
    """An absolute http(s) URL as typed (angle brackets removed), or an explanation."""
    url = value.strip().strip("<>")
    if not url:
        raise FormError("feeds.missing_url")
    if len(url) > MAX_URL or any(ch.isspace() for ch in url):
        raise FormError("feeds.bad_url", url=url[:100])
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        raise FormError("feeds.bad_url", url=url[:100]) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FormError("feeds.bad_url", url=url[:100])
    return url


def parse_interval(value: str) -> int:
    """`mỗi 30 phút`, `30 phút`, `mỗi 2 giờ`, `mỗi ngày`, `every 45 minutes` → minutes
    (default 30 when empty); at least 5 minutes, at most a week."""
    raw = value.strip()
    if not raw:
        return DEFAULT_INTERVAL
    folded = fold(raw)
    for prefix in INTERVAL_PREFIXES:
        if folded.startswith(prefix):
            folded = folded.removeprefix(prefix).strip()
            break
    for pattern, unit in ENGLISH_UNITS:
        folded = pattern.sub(unit, folded)
    if folded and not any(ch.isdigit() for ch in folded):
        folded = f"1 {folded}"  # `mỗi giờ`, `mỗi ngày`
    try:
        duration = timeparse.parse_duration(folded)
    except timeparse.TimeParseError:
        raise FormError("feeds.bad_interval", value=raw[:60]) from None
    minutes = int(duration / timedelta(minutes=1))
    if minutes < MIN_INTERVAL:
        raise FormError("feeds.interval_too_short", value=raw[:60], minimum=MIN_INTERVAL)
    if minutes > MAX_INTERVAL:
        raise FormError("feeds.interval_too_long", value=raw[:60])
    return minutes


def parse_feed_number(value: str) -> int:
    """`3` or `#3` → 3."""
    match = FEED_NUMBER.match(value.strip())
    if not match:
        raise FormError("feeds.bad_number", value=value.strip()[:40])
    return int(match.group(1))


def _interval_text(minutes: int, lang: str = "vi") -> str:
    return timeparse.format_duration(timedelta(minutes=minutes), lang)


def _keywords_part(ctx: Ctx, keywords: list[str]) -> str:
    return ctx.t("feeds.keywords_part", keywords=", ".join(keywords)) if keywords else ""


async def _add(ctx: Ctx, rest: str) -> Reply:
    """Validate everything typed, read the feed (outside any transaction), then save it with
    what it holds now marked as seen."""
    form = split_form(rest.strip("\n "), FEED_KEYS)
    if len(form.fields) > 3:
        raise FormError("feeds.too_many_fields")
    stray = [line for line in form.body if line.strip()]
    if stray:
        raise FormError("feeds.unknown_line", line=stray[0].strip()[:80])
    url = check_feed_url(form.get(0, "url"))
    audience = parse_audience(form.get(1, "audience"))
    await check_audience(ctx, audience)
    minutes = parse_interval(form.get(2, "interval"))
    keywords = parse_keywords(form.options["keywords"]) if "keywords" in form.options else []
    existing = await queries.watched_feed_by_url(ctx.session, url)
    if existing is not None:
        raise FormError("feeds.duplicate", id=existing.id, url=url)
    fetcher = ctx.env.fetcher
    if fetcher is None:
        raise FormError("feeds.unavailable")
    person_id = ctx.person.id
    await ctx.session.commit()  # nothing is held open while the site answers
    outcome = await read_remote_feed(fetcher, url)
    if outcome.error is not None or outcome.document is None:
        raise FormError("feeds.unreadable", url=url, reason=reason_text(ctx.lang, outcome.error))
    document = outcome.document
    now = ctx.env.clock.now()
    existing = await queries.watched_feed_by_url(ctx.session, url)
    if existing is not None:  # added by someone else while this one was reading
        raise FormError("feeds.duplicate", id=existing.id, url=url)
    feed = Feed(
        url=url,
        title=document.title or "",
        audience=audience.to_json(),
        audience_text=audience.describe(),
        interval_minutes=minutes,
        keywords=keywords,
        state=FeedState.ACTIVE,
        primed=False,
        failures=0,
        items_posted=0,
        created_by_id=person_id,
        created_at=now,
        last_checked_at=now,
    )
    ctx.session.add(feed)
    await ctx.session.flush()
    await _record(ctx.env, ctx.session, feed, outcome, now)
    queries.audit(ctx.session, now, person_id, "feed.add", f"feed:{feed.id}", url=url)
    groups, private = await targets(ctx.session, audience)
    return Reply(
        ctx.t(
            "feeds.added",
            id=feed.id,
            title=feed.title or url,
            url=url,
            audience=Audience.from_json(feed.audience).describe(ctx.lang),
            count=len(groups),
            private=ctx.t("notice.private_part", count=len(private)) if private else "",
            interval=_interval_text(minutes, ctx.lang),
            keywords=_keywords_part(ctx, keywords),
            items=len(document.entries),
        )
    )


async def _require_feed(ctx: Ctx, rest: str) -> Feed:
    if not rest.strip():
        raise FormError("feeds.usage")
    feed_id = parse_feed_number(rest.split()[0])
    feed = await queries.watched_feed(ctx.session, feed_id)
    if feed is None:
        known = [f"#{f.id}" for f in await queries.watched_feeds(ctx.session)]
        if not known:
            raise FormError("feeds.unknown_none", id=feed_id)
        raise FormError("feeds.unknown", id=feed_id, known=", ".join(known))
    return feed


async def _remove(ctx: Ctx, rest: str) -> Reply:
    """`/nguon xoa N`: stop watching; what it posted stays."""
    feed = await _require_feed(ctx, rest)
    feed.state = FeedState.REMOVED
    queries.audit(ctx.session, ctx.now, ctx.person.id, "feed.remove", f"feed:{feed.id}")
    return Reply(ctx.t("feeds.removed", id=feed.id, title=feed.title or feed.url))


async def _resume(ctx: Ctx, rest: str) -> Reply:
    """`/nguon bat N`: a paused feed is checked again at the next sweep, failures forgotten."""
    feed = await _require_feed(ctx, rest)
    if feed.state == FeedState.ACTIVE:
        return Reply(ctx.t("feeds.already_active", id=feed.id))
    feed.state = FeedState.ACTIVE
    feed.failures = 0
    feed.paused_at = None
    feed.last_checked_at = None  # due at once
    queries.audit(ctx.session, ctx.now, ctx.person.id, "feed.resume", f"feed:{feed.id}")
    return Reply(ctx.t("feeds.resumed", id=feed.id, title=feed.title or feed.url))


def _feed_lines(ctx: Ctx, feed: Feed) -> str:
    if feed.state == FeedState.PAUSED:
        state = ctx.t("feeds.state.paused", id=feed.id)
    else:
        state = ctx.t("feeds.state.active")
    checked = (
        timeparse.format_when(feed.last_checked_at, ctx.env.tz, ctx.lang)
        if feed.last_checked_at
        else ctx.t("feeds.never_checked")
    )
    error = ""
    if feed.failures and feed.last_error:
        error = ctx.t(
            "feeds.error_part",
            error=reason_text(ctx.lang, feed.last_error),
            failures=feed.failures,
        )
    return ctx.t(
        "feeds.line",
        id=feed.id,
        title=feed.title or feed.url,
        url=feed.url,
        state=state,
        audience=Audience.from_json(feed.audience).describe(ctx.lang),
        interval=_interval_text(feed.interval_minutes, ctx.lang),
        keywords=_keywords_part(ctx, list(feed.keywords or [])),
        checked=checked,
        posted=feed.items_posted,
        error=error,
    )


async def _list(ctx: Ctx) -> Reply:
    """Every watched feed with its state, last check and the number of items it posted."""
    watched = await queries.watched_feeds(ctx.session)
    if not watched:
        return Reply(ctx.t("feeds.empty"))
    lines = [ctx.t("feeds.header", count=len(watched))]
    size = len(lines[0])
    for index, feed in enumerate(watched):
        line = _feed_lines(ctx, feed)
        if size + len(line) > LIST_BUDGET:
            lines.append(ctx.t("feeds.more", count=len(watched) - index))
            break
        lines.append(line)
        size += len(line) + 1
    return Reply("\n".join(lines))


# --- polling --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """What one call of `poll_feed` did: `skipped` (not active, or another check is running),
    `not_modified`, `read` (with `new` items seen and `posted` cards), `failed` or `paused`."""

    feed_id: int
    status: str
    new: int = 0
    posted: int = 0


def _fits(value: str | None, limit: int) -> str | None:
    """A validator worth sending back: one too long for its column is dropped, not cut."""
    return value if value and len(value) <= limit else None


async def _record(
    env: Env, session: AsyncSession, feed: Feed, outcome: Outcome, now: datetime
) -> Check:
    """Write what a check found: failures (and the pause at the tenth), validators, new items
    and — once the feed has been read a first time — their cards."""
    feed.last_checked_at = now
    if outcome.error is not None or (outcome.document is None and not outcome.not_modified):
        feed.failures += 1
        feed.last_error = (outcome.error or "error")[:300]
        if feed.failures >= MAX_FAILURES:
            await _pause(env, session, feed, now)
            return Check(feed.id, "paused")
        return Check(feed.id, "failed")
    feed.failures = 0
    feed.last_error = None
    feed.last_success_at = now
    feed.etag = _fits(outcome.etag, 300)
    feed.last_modified = _fits(outcome.last_modified, 100)
    if outcome.not_modified or outcome.document is None:
        return Check(feed.id, "not_modified")
    document = outcome.document
    if not feed.title and document.title:
        feed.title = document.title
    entries = document.entries
    fresh_keys = await queries.add_feed_items(
        session,
        feed.id,
        [{"key": e.key, "link": e.link, "title": e.title} for e in entries],
        now,
    )
    if not feed.primed:
        feed.primed = True  # the first read only marks what is there as seen
        return Check(feed.id, "read", new=len(fresh_keys))
    fresh = [e for e in entries if e.key in fresh_keys]
    posted = 0
    for entry in fresh[-MAX_POSTS_PER_CHECK:]:
        if await _post(env, session, feed, entry):
            posted += 1
    feed.items_posted += posted
    return Check(feed.id, "read", new=len(fresh), posted=posted)


async def _post(env: Env, session: AsyncSession, feed: Feed, entry: Entry) -> bool:
    """Post one new item as a news card, unless the feed's keywords leave it out."""
    if not matches(feed.keywords or [], entry.title, entry.summary):
        return False
    item = posts.NewsItem(
        url=entry.link,
        title=entry.title,
        summary=entry.summary,
        image=entry.image,
        site=feed.title,
        published=entry.published,
    )
    ann = await posts.post_news(
        env,
        session,
        item=item,
        audience=Audience.from_json(feed.audience),
        feed_id=feed.id,
        created_by_id=feed.created_by_id,
    )
    await queries.set_feed_item_post(session, feed.id, entry.key, ann.id)
    return True


async def _pause(env: Env, session: AsyncSession, feed: Feed, now: datetime) -> None:
    """Stop checking a feed that keeps failing, and tell every organiser privately."""
    feed.state = FeedState.PAUSED
    feed.paused_at = now
    log.info("feed %s paused after %s failed checks: %s", feed.id, feed.failures, feed.last_error)
    for person in await queries.organisers(session, env.admins):
        if person.private_chat_id is None:
            continue
        lang = person.language
        body = text(
            lang,
            "feeds.paused_alert",
            id=feed.id,
            title=feed.title or feed.url,
            count=feed.failures,
            reason=reason_text(lang, feed.last_error),
        )
        await queries.enqueue(
            session,
            chat_id=person.private_chat_id,
            payload=payload(body),
            purpose="alert",
            dedupe_key=f"feed:{feed.id}:paused:{int(now.timestamp())}:person:{person.id}",
            now=now,
        )


async def poll_feed(env: Env, feed_id: int) -> Check:
    """Check one feed now (if it is active and no other check of it started meanwhile). Each
    of its two units of work is tried again on a busy database; the fetch between them is not."""

    async def claim() -> tuple[str, str | None, str | None] | None:
        async with env.sessions() as session:
            feed = await session.get(Feed, feed_id)
            if feed is None or feed.state != FeedState.ACTIVE or env.fetcher is None:
                return None
            url, etag, last_modified = feed.url, feed.etag, feed.last_modified
            claimed = await queries.claim_feed_check(
                session, feed_id, feed.last_checked_at, env.clock.now()
            )
            await session.commit()
        return (url, etag, last_modified) if claimed else None

    claimed = await retry_busy(claim, what=f"claiming feed {feed_id}")
    if claimed is None or env.fetcher is None:
        return Check(feed_id, "skipped")
    url, etag, last_modified = claimed
    outcome = await read_remote_feed(env.fetcher, url, etag=etag, last_modified=last_modified)

    async def record() -> Check:
        async with env.sessions() as session:
            feed = await session.get(Feed, feed_id)
            if feed is None or feed.state != FeedState.ACTIVE:  # removed or paused meanwhile
                return Check(feed_id, "skipped")
            check = await _record(env, session, feed, outcome, env.clock.now())
            await session.commit()
        return check

    check = await retry_busy(record, what=f"recording the check of feed {feed_id}")
    if check.posted or check.status == "paused":
        env.wake_delivery()
    if check.status in ("failed", "paused"):
        log.info("feed %s: check failed (%s), %s", feed_id, outcome.error, check.status)
    return check


def is_due(minutes: int, last_checked: datetime | None, now: datetime) -> bool:
    """Whether a feed checked at `last_checked` every `minutes` should be checked at `now`
    (half a sweep early rather than a whole sweep late)."""
    if last_checked is None:
        return True
    interval = timedelta(minutes=max(minutes, MIN_INTERVAL))
    return last_checked + interval <= now + timedelta(seconds=SWEEP_SECONDS / 2)


async def poll_due(env: Env, *, concurrency: int = POLL_CONCURRENCY) -> list[Check]:
    """Check every active feed whose interval has passed, a few at a time: a slow site holds
    one slot (for at most the fetch timeout), never the bot nor the other feeds."""
    now = env.clock.now()
    async with env.sessions() as session:
        rows = await queries.active_feed_checks(session)
    due = [feed_id for feed_id, minutes, last in rows if is_due(minutes, last, now)]
    if not due:
        return []
    slots = asyncio.Semaphore(concurrency)

    async def one(feed_id: int) -> Check:
        async with slots:
            try:
                return await poll_feed(env, feed_id)
            except Exception:
                log.exception("checking feed %s failed", feed_id)
                return Check(feed_id, "failed")

    return list(await asyncio.gather(*(one(feed_id) for feed_id in due)))
