"""JSON-LD: the article nodes of a page (also inside `@graph` or lists; broken JSON repaired
where it is easy), their headline, description, images, publisher and dates."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

from handlers.news.pagemeta.text import _clean

# --- JSON-LD --------------------------------------------------------------------------------

_ARTICLE_TYPES: Final = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "liveblogposting",
        "report",
        "scholarlyarticle",
        "techarticle",
        "socialmediaposting",
    }
)


@dataclass
class _LinkedData:
    headline: str = ""
    description: str = ""
    images: list[str] = field(default_factory=list)
    published: str = ""
    publisher: str = ""
    url: str = ""


def _loads_lenient(raw: str) -> list[Any]:
    """Every JSON value in a script block, repairing the usual breakage; [] if hopeless."""
    text = raw.strip()
    text = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", text)
    text = re.sub(r"^\s*<!--|-->\s*$", "", text).strip().rstrip(";")
    attempts = (text, re.sub(r",\s*([}\]])", r"\1", text))
    for attempt in attempts:
        values: list[Any] = []
        decoder = json.JSONDecoder(strict=False)
        position = 0
        try:
            while position < len(attempt):
                value, end = decoder.raw_decode(attempt, position)
                values.append(value)
                position = end
                while position < len(attempt) and attempt[position] in " \t\r\n,;":
                    position += 1
        except ValueError:
            if values:
                return values
            continue
        return values
    return []


def _walk(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 8:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key, item in value.items():
            if isinstance(item, dict | list) and key != "@context":
                yield from _walk(item, depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type", [])
    names = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/:#]", str(n))[-1].lower() for n in names if n}


def _ld_text(value: Any) -> str:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), "")
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    return _clean(value) if isinstance(value, str | int | float) else ""


def _ld_images(value: Any, by_id: dict[str, dict[str, Any]], depth: int = 0) -> list[str]:
    if isinstance(value, str):
        return [value]
    if depth > 3:
        return []
    if isinstance(value, dict):
        if "url" not in value and "contentUrl" not in value:
            value = by_id.get(str(value.get("@id")), {})  # a reference into the @graph
        found = value.get("url") or value.get("contentUrl")
        return _ld_images(found, by_id, depth + 1) if found else []
    if isinstance(value, list):
        return [image for item in value[:10] for image in _ld_images(item, by_id, depth + 1)]
    return []


def _linked_data(tree: LexborHTMLParser) -> _LinkedData:
    nodes: list[dict[str, Any]] = []
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").strip().lower()
        if kind.split(";")[0].strip() == "application/ld+json":
            for value in _loads_lenient(script.text() or ""):
                nodes.extend(_walk(value))
    by_id = {str(n["@id"]): n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}
    article = next((n for n in nodes if _types(n) & _ARTICLE_TYPES), None)
    if article is None:
        return _LinkedData()
    publisher = article.get("publisher") or article.get("sourceOrganization")
    if isinstance(publisher, list):
        publisher = publisher[0] if publisher else None
    if isinstance(publisher, dict) and "name" not in publisher:
        publisher = by_id.get(str(publisher.get("@id")), publisher)
    return _LinkedData(
        headline=_ld_text(article.get("headline") or article.get("name")),
        description=_ld_text(article.get("description") or article.get("abstract")),
        images=_ld_images(article.get("image") or article.get("thumbnailUrl"), by_id),
        published=_ld_text(article.get("datePublished") or article.get("dateCreated")),
        publisher=_ld_text(publisher),
        url=_ld_text(article.get("url")),
    )
