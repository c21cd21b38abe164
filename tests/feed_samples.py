"""Feeds for tests: the stored RSS 2.0 and Atom files, and the same feeds with new items."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

FEEDS = Path(__file__).resolve().parent / "feeds"
RSS_FILE = FEEDS / "tohieu_rss20.xml"
ATOM_FILE = FEEDS / "lhp_atom.xml"
RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def rss_item(
    guid: str,
    title: str,
    link: str,
    published: datetime,
    summary: str = "",
    image: str | None = None,
) -> str:
    """One RSS 2.0 `<item>`; the summary goes in as HTML, as portals write it."""
    media = (
        f'<media:content url="{escape(image)}" medium="image" type="image/png"/>' if image else ""
    )
    return (
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f'<guid isPermaLink="false">{escape(guid)}</guid>'
        f"<pubDate>{format_datetime(published)}</pubDate>"
        f"<description><![CDATA[<p>{summary}</p>]]></description>{media}</item>"
    )


def atom_entry(ident: str, title: str, link: str, updated: datetime, summary: str = "") -> str:
    """One Atom `<entry>`."""
    return (
        f"<entry><title>{escape(title)}</title>"
        f'<link rel="alternate" href="{escape(link)}"/><id>{escape(ident)}</id>'
        f"<updated>{updated.isoformat()}</updated>"
        f'<summary type="text">{escape(summary)}</summary></entry>'
    )


def rss_with(*items: str) -> bytes:
    """The stored RSS feed with `items` added at the top (newest first, as feeds are)."""
    data = RSS_FILE.read_text(encoding="utf-8")
    at = data.index("<item>")
    return (data[:at] + "".join(items) + data[at:]).encode()


def atom_with(*entries: str) -> bytes:
    """The stored Atom feed with `entries` added at the top."""
    data = ATOM_FILE.read_text(encoding="utf-8")
    at = data.index("<entry>")
    return (data[:at] + "".join(entries) + data[at:]).encode()
