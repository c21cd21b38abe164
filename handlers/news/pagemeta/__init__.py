"""What a news page says about itself: title, summary, image, site, canonical URL and date.

`read_page` takes the bytes of a fetched page and reads, in this order of trust:

1. OpenGraph and Twitter tags (``og:title``, ``og:description``, ``og:image``, ``og:site_name``,
   ``og:url``, ``article:published_time``, ``twitter:title`` ...);
2. JSON-LD (``NewsArticle``, ``Article``, ``BlogPosting`` and kin, also inside ``@graph`` or
   lists; broken JSON is repaired where it is easy and skipped otherwise);
3. the page itself: ``<title>`` (without a trailing " - Site" / " | Site" when that part is the
   site's name), the first ``<h1>``, the first meaningful paragraph of the article (skipping
   skip-links, menus, breadcrumbs, view counts, date and author lines), ``<meta
   name="description">``, the first content image, and Vietnamese date lines such as
   ``Ngày đăng 20/06/2024 | 9:59 AM`` or ``Cập nhật: 08:30 20/6/2024``.

The site name comes from ``og:site_name``, ``application-name``, the JSON-LD publisher, then the
part of ``<title>`` that remains once the ``<h1>`` headline is taken away, and finally the host
name without "www.".

`decode_html` turns the bytes into text: BOM, the HTTP charset, then ``<meta charset>``, then
detection with charset_normalizer. A declared single-byte charset loses to UTF-8 when the bytes
are valid UTF-8 with multi-byte sequences (a common server misconfiguration that would otherwise
turn every Vietnamese letter into mojibake). The result is always NFC: Windows-1258 and some
Vietnamese editors write tone marks as combining characters.

Every text field is plain text: entities decoded, tags removed, whitespace collapsed, and cut to
a sane length. URLs are absolute http(s); ``javascript:`` and ``data:`` are never returned.
"""

from handlers.news.pagemeta.dates import find_text_date
from handlers.news.pagemeta.decoding import decode_html
from handlers.news.pagemeta.reader import (
    MAX_SITE,
    MAX_SUMMARY,
    MAX_TITLE,
    PageMeta,
    PageUnreadable,
    read_page,
)

__all__ = [
    "MAX_SITE",
    "MAX_SUMMARY",
    "MAX_TITLE",
    "PageMeta",
    "PageUnreadable",
    "decode_html",
    "find_text_date",
    "read_page",
]
