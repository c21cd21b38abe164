"""English texts of news.

News links (/tin) and watched feeds (/nguon). One part of the English catalogue, merged into
`handlers.texts.EN`; every key has its twin in `handlers/texts/vi/news.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # watched feeds (/nguon)
    "feeds.usage": (
        "Usage: <code>/feeds</code> (list), <code>/feeds them feed URL | audience | mỗi 30 phút</code>, "
        "<code>/feeds xoa 3</code>, <code>/feeds bat 3</code> (resume a paused feed).\n"
        "Optional line: <code>chỉ đăng nếu có: keyword, …</code> — post only items with one of the keywords "
        "(case and diacritics do not matter). Checked every 30 minutes by default, at least every 5 minutes."
    ),
    "feeds.example": (
        "/feeds them https://truongchinhtritohieu.edu.vn/rss/tin-hoat-dong.rss | tất cả | mỗi 30 phút\n"
        "chỉ đăng nếu có: thi đua, khen thưởng"
    ),
    "feeds.empty": "No feed is watched yet. Add one: <code>/feeds them https://truongchinhtritohieu.edu.vn/rss/tin-hoat-dong.rss | tất cả | mỗi 30 phút</code>",
    "feeds.header": "<b>Watched feeds ({count})</b>",
    "feeds.line": (
        "\n<b>#{id}</b> {title} — {state}\n"
        "{url}\n"
        "Audience: {audience} · checked every {interval}{keywords}\n"
        "Last check: {checked} · {posted} items posted{error}"
    ),
    "feeds.keywords_part": " · only items with: {keywords}",
    "feeds.never_checked": "not yet",
    "feeds.error_part": "\n⚠️ Error: {error} ({failures} in a row)",
    "feeds.state.active": "watching",
    "feeds.state.paused": "⏸ paused (resume: <code>/feeds bat {id}</code>)",
    "feeds.more": "\n… and {count} more feeds.",
    "feeds.added": (
        "✅ Feed #{id} added: <b>{title}</b>\n"
        "{url}\n"
        "Audience: {audience} ({count} groups{private}) · checked every {interval}{keywords}\n"
        "It holds {items} items now; Loa takes them as seen and posts only new ones from now on."
    ),
    "feeds.removed": "Feed #{id} «{title}» removed. Loa no longer watches it; what it posted stays.",
    "feeds.resumed": "▶️ Feed #{id} «{title}» resumed. Loa checks it within a minute.",
    "feeds.already_active": "Feed #{id} is active; there is nothing to resume.",
    "feeds.unknown": "There is no feed #{id}. Watched feeds: {known}.",
    "feeds.unknown_none": "There is no feed #{id}: no feed is watched yet.",
    "feeds.bad_number": "«{value}» is not a feed number. See the numbers with <code>/feeds</code>, e.g. <code>/feeds xoa 3</code>.",
    "feeds.missing_url": "The feed's URL (RSS or Atom) is missing.",
    "feeds.bad_url": "«{url}» is not a valid URL: a feed's URL starts with http:// or https://.",
    "feeds.too_many_fields": "The first line has too many parts separated by «|» (at most 3: feed URL | audience | interval).",
    "feeds.unknown_line": "Loa does not understand the line «{line}». The optional line is <code>chỉ đăng nếu có: keyword, …</code>.",
    "feeds.bad_interval": "Could not read the interval «{value}». Examples: <code>mỗi 30 phút</code>, <code>mỗi 2 giờ</code>, <code>every 45 minutes</code>.",
    "feeds.interval_too_short": "The interval «{value}» is too short: at least {minimum} minutes.",
    "feeds.interval_too_long": "The interval «{value}» is too long: at most a week.",
    "feeds.bad_keyword": "The keyword «{value}» is not valid: letters or digits, at most 50 characters; separate keywords with commas.",
    "feeds.too_many_keywords": "Too many keywords: at most {limit}.",
    "feeds.duplicate": "The feed {url} is already watched (#{id}). Nothing was changed.",
    "feeds.unavailable": "Reading feeds is not available right now. Please try again later.",
    "feeds.unreadable": "Could not add <code>{url}</code>: {reason}. Nothing was saved.",
    "feeds.paused_alert": (
        "⚠️ Feed #{id} «{title}» is paused after {count} failed checks in a row "
        "(last error: {reason}). When it works again, resume it with <code>/feeds bat {id}</code>."
    ),
    "feeds.reason.bad_url": "the address is not valid",
    "feeds.reason.scheme": "Loa reads only http:// or https:// addresses",
    "feeds.reason.private_address": "the address is on a private network, which Loa may not read",
    "feeds.reason.dns": "the domain name was not found",
    "feeds.reason.too_large": "the content is too large (over 2 MB)",
    "feeds.reason.timeout": "the server did not answer within 10 seconds",
    "feeds.reason.too_many_redirects": "too many redirects (more than 5)",
    "feeds.reason.http_status": "the server answered with error {status}",
    "feeds.reason.network": "the server could not be reached",
    "feeds.reason.not_feed": "the content is not an RSS or Atom feed (feed addresses usually end in .rss, .xml or /feed)",
    "feeds.reason.error": "an error while reading the feed",
    # news links
    "news.usage": (
        "Usage: <code>/news URL | audience | send time</code>\n"
        "Example: <code>/news https://truongchinhtri.vn/tin-tuc/hoi-nghi-so-ket.html | tất cả</code>\n"
        "The audience defaults to <code>tất cả</code>; leave the time empty to send now. "
        "End the first line with <code>!</code> to send without a preview."
    ),
    "news.example": "/news https://truongchinhtri.vn/tin-tuc/hoi-nghi-so-ket.html | tất cả",
    "news.too_many_fields": "The first line has too many parts (at most 3: URL | audience | send time).",
    "news.missing_url": "The article's URL is missing.",
    "news.bad_url": "«{url}» is not a valid URL. It must start with http:// or https://.",
    "news.refused_bad_url": "«{url}» is not a valid URL.",
    "news.refused_scheme": "Loa only reads http:// or https:// pages, not «{url}».",
    "news.refused_private_address": "Loa does not read «{url}»: it is on a private network. Use the article's public URL.",
    "news.unavailable": "Reading web pages is not available right now. Please try again later.",
    "news.fail_dns": "the domain name was not found",
    "news.fail_timeout": "the page did not answer within 10 seconds",
    "news.fail_too_large": "the page is too large (over 2 MB)",
    "news.fail_too_many_redirects": "the page redirects too many times",
    "news.fail_http_status": "the server answered with an error",
    "news.fail_network": "the server could not be reached",
    "news.fail_unreadable": "no article title was found in the page",
    "news.unreadable": (
        "Could not read <code>{url}</code>: {reason}.\n"
        "You can still post the bare link to {audience} ({count} groups), send time: {when}."
    ),
    "news.btn_bare": "🔗 Post the link",
    "news.preview": (
        "<b>Preview of news post #{id}</b>{photo}\n"
        "To: {audience} ({count} groups{private})\n"
        "Send time: {when}\n"
        "──────────\n{card}"
    ),
    "news.with_photo": " (with picture)",
    "news.header": "📰 <b>NEWS #{id}</b>",
    "news.about": "🗓 {about}",
    "news.cancelled": "❌ <b>CANCELLED</b>",
    "news.btn_read": "📖 Read the article",
    "news.plain_read": "📖 Read the article: {url}",
}
