"""News links: `/tin URL | đối tượng | thời điểm gửi` becomes a news card in the audience's groups.

The page is read by `handlers.news.fetch` (scheme, size, time, redirect and address limits) and
`handlers.news.pagemeta` (OpenGraph, JSON-LD, then the page itself). Fetching happens between two
transactions of the command's unit of work, so no database lock is held while a slow site
answers. A page that cannot be read is explained, and the organiser may still post the bare link;
an address Loa must not read (not http/https, a private network) is refused outright.

Feeds (`handlers.news.feeds`) post their new items through `post_news`, the same card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from handlers import timeparse
from handlers.context import Ctx
from handlers.core import Button, Env, Reply, Request
from handlers.forms import Audience, FormError, is_now, parse_audience, split_form
from handlers.news.card import news_parts
from handlers.news.fetch import Fetcher, FetchRefused
from handlers.news.pagemeta import PageUnreadable, read_page
from handlers.notices.audience import check_audience, targets, unreached_line
from handlers.notices.sending import confirm, dispatch, preview_buttons, preview_reply, read_time
from storage import queries
from storage.models import Announcement, AnnouncementKind, AnnouncementStatus, NewsPost

NEWS_KEYS = {
    "doi tuong": "audience",
    "gui luc": "send_at",
    "thoi diem gui": "send_at",
    "thoi diem": "send_at",
}
MAX_URL = 2000
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
# Addresses Loa must not read at all: refused, with no offer to post the link.
REFUSED = ("bad_url", "scheme", "private_address")


@dataclass(frozen=True)
class NewsItem:
    """What a news card shows: from a page's metadata or a feed's entry."""

    url: str
    title: str = ""
    summary: str = ""
    image: str | None = None
    site: str = ""
    published: datetime | None = None


def check_url(value: str) -> str:
    """An absolute http(s) URL as typed, or an explanation."""
    url = value.strip().strip("<>")
    if not url:
        raise FormError("news.missing_url")
    if len(url) > MAX_URL or any(ch.isspace() for ch in url):
        raise FormError("news.bad_url", url=url[:100])
    try:
        parts = urlsplit(url)
    except ValueError:
        raise FormError("news.bad_url", url=url[:100]) from None
    if not parts.scheme:
        raise FormError("news.bad_url", url=url[:100])
    if parts.scheme.lower() not in ("http", "https"):
        raise FormError("news.refused_scheme", url=url[:100])
    if not parts.hostname:
        raise FormError("news.bad_url", url=url[:100])
    return url


def _site_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _post(ann_id: int, item: NewsItem, *, bare: bool, feed_id: int | None) -> NewsPost:
    return NewsPost(
        announcement_id=ann_id,
        url=item.url,
        title=item.title[:300],
        summary=item.summary[:2000],
        image_url=item.image if item.image and len(item.image) <= MAX_URL else None,
        site=(item.site or _site_of(item.url))[:200],
        published_at=item.published,
        bare=bare,
        feed_id=feed_id,
    )


async def post_news(
    env: Env,
    session: AsyncSession,
    *,
    item: NewsItem,
    audience: Audience,
    feed_id: int | None,
    created_by_id: int | None,
) -> Announcement:
    """Create a news announcement for `item` and write its cards into the outbox.

    The caller commits, then wakes the delivery worker.
    """
    now = env.clock.now()
    ann = Announcement(
        kind=AnnouncementKind.NEWS,
        status=AnnouncementStatus.SENDING,
        text=item.title or item.url,
        audience=audience.to_json(),
        audience_text=audience.describe(),
        created_by_id=created_by_id,
        created_at=now,
    )
    session.add(ann)
    await session.flush()
    session.add(_post(ann.id, item, bare=False, feed_id=feed_id))
    await session.flush()
    await dispatch(env, session, ann)
    return ann


async def read_news_page(fetcher: Fetcher, url: str, env: Env) -> NewsItem:
    """Fetch and read a page; raises FetchRefused or PageUnreadable."""
    fetched = await fetcher.get(url, accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
    if fetched.content_type not in HTML_TYPES:
        raise PageUnreadable(f"not a web page: {fetched.content_type}")
    meta = read_page(fetched.content, fetched.url, tz=env.tz, header_charset=fetched.charset)
    return NewsItem(
        url=meta.url or fetched.url,
        title=meta.title,
        summary=meta.summary,
        image=meta.image,
        site=meta.site,
        published=meta.published,
    )


async def news(ctx: Ctx, req: Request) -> Reply:
    """`/tin URL | đối tượng | thời điểm gửi` → the page read, a preview (or, with `!`, sent)."""
    if not req.args.strip():
        raise FormError("news.usage")
    form = split_form(req.args, NEWS_KEYS)
    if len(form.fields) > 3 or form.body:
        raise FormError("news.too_many_fields")
    url = check_url(form.get(0, "url"))
    audience = parse_audience(form.get(1, "audience"))
    await check_audience(ctx, audience)
    when_text = form.get(2, "send_at")
    send_at = None if is_now(when_text) else read_time(ctx, when_text)
    groups, private = await targets(ctx.session, audience)
    if not groups and not private:
        raise FormError("notice.no_targets", audience=audience.describe(ctx.lang))
    fetcher = ctx.env.fetcher
    if fetcher is None:
        raise FormError("news.unavailable")
    person_id, chat_id = ctx.person.id, ctx.chat.id
    await ctx.session.commit()  # nothing is held open while the site answers
    failure: str | None = None
    try:
        item = await read_news_page(fetcher, url, ctx.env)
    except FetchRefused as exc:
        if exc.reason in REFUSED:
            raise FormError(f"news.refused_{exc.reason}", url=url[:100]) from None
        failure = ctx.t(f"news.fail_{exc.reason}")
        item = NewsItem(url=url)
    except PageUnreadable:
        failure = ctx.t("news.fail_unreadable")
        item = NewsItem(url=url)
    ann = Announcement(
        kind=AnnouncementKind.NEWS,
        status=AnnouncementStatus.DRAFT,
        text=item.title or url,
        audience=audience.to_json(),
        audience_text=audience.describe(),
        send_at=send_at,
        created_by_id=person_id,
        origin_chat_id=chat_id,
        created_at=ctx.now,
    )
    ctx.session.add(ann)
    await ctx.session.flush()
    post = _post(ann.id, item, bare=failure is not None, feed_id=None)
    ctx.session.add(post)
    await ctx.session.flush()
    queries.audit(ctx.session, ctx.now, person_id, "news.create", f"#{ann.id}", url=url)
    if form.confirmed and failure is None:
        return await confirm(ctx, ann, schedule=send_at is not None)
    when = (
        timeparse.format_when(send_at, ctx.env.tz, ctx.lang)
        if send_at
        else ctx.t("notice.when_now")
    )
    card = news_parts(ann, post, ctx.env.tz, ctx.lang)[0]
    if failure is not None:
        verb = "at" if send_at else "go"
        buttons = [
            Button(ctx.t("news.btn_bare"), action=f"n:{verb}:{ann.id}"),
            Button(ctx.t("notice.btn_cancel"), action=f"n:no:{ann.id}"),
        ]
        return Reply(
            ctx.t(
                "news.unreadable",
                id=ann.id,
                url=url,
                reason=failure,
                when=when,
                count=len(groups),
                audience=Audience.from_json(ann.audience).describe(ctx.lang),
            ),
            buttons=[buttons],
        )
    preview = ctx.t(
        "news.preview",
        id=ann.id,
        audience=Audience.from_json(ann.audience).describe(ctx.lang),
        count=len(groups),
        private=ctx.t("notice.private_part", count=len(private)) if private else "",
        when=when,
        card=card["caption"] if "photo" in card else card["text"],
        photo=ctx.t("news.with_photo") if "photo" in card else "",
    )
    preview += await unreached_line(ctx, audience, groups, private)
    return await preview_reply(ctx, ann, preview, preview_buttons(ctx, ann))
