"""Lists that grow past one message: cut into pages that fit, shown with [◀ Trước] [Sau ▶].

A list is a header and entries (each a complete piece of HTML, with the buttons that belong to
it). Pages hold as many entries as fit in one Telegram message (UTF-16 units, with a margin) and
in one keyboard (100 buttons, two of them for moving between pages). A press on a page button is
`p:<list>[.<arg>]:<page>`: the router recomputes the list from the database and the message is
edited in place, so a page never shows stale rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from handlers.core import Button, Reply
from handlers.notices.cards import TELEGRAM_LIMIT, utf16_len

PAGE_LIMIT = TELEGRAM_LIMIT - 200  # room for the page line and a safety margin
MAX_BUTTONS = 100  # what Telegram accepts under one message
NAV_BUTTONS = 2
PREFIX = "p"
PAGE_MARK = "{page}"


@dataclass(frozen=True)
class Entry:
    """One item of a list: its HTML and the buttons shown (one row) when its page is shown."""

    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)


def cut(
    entries: Sequence[Entry],
    *,
    fixed: int = 0,
    limit: int = PAGE_LIMIT,
    sep: str = "\n",
    max_buttons: int = MAX_BUTTONS - NAV_BUTTONS,
) -> list[list[Entry]]:
    """Entries grouped into pages: each page's text (plus `fixed` units of header and footer)
    within `limit`, its buttons within `max_buttons`. An entry too long for any page gets a
    page of its own (the adapter's last-resort split then applies)."""
    pages: list[list[Entry]] = []
    current: list[Entry] = []
    size, buttons = fixed, 0
    gap = utf16_len(sep)
    for entry in entries:
        grows = utf16_len(entry.text) + (gap if current else 0)
        more = len(entry.buttons)
        if current and (size + grows > limit or buttons + more > max_buttons):
            pages.append(current)
            current, size, buttons = [], fixed, 0
            grows = utf16_len(entry.text)
        current.append(entry)
        size += grows
        buttons += more
    if current or not pages:
        pages.append(current)
    return pages


def page_buttons(action: str, page: int, count: int, t: Callable[..., str]) -> list[Button]:
    """[◀ Trước] [Sau ▶] for page `page` of `count` (only the directions that lead somewhere)."""
    row: list[Button] = []
    if page > 0:
        row.append(Button(t("pages.previous"), action=f"{PREFIX}:{action}:{page - 1}"))
    if page < count - 1:
        row.append(Button(t("pages.next"), action=f"{PREFIX}:{action}:{page + 1}"))
    return row


def render(
    t: Callable[..., str],
    header: str,
    entries: Sequence[Entry],
    *,
    action: str,
    page: int = 0,
    footer: str = "",
    sep: str = "\n",
    extra_buttons: Sequence[Sequence[Button]] = (),
) -> Reply:
    """Page `page` (clamped to the pages there are) of a list, with its entries' buttons, the
    page line `Trang 2/5` and the buttons to move. `action` names the list for the router
    (`units`, `status.12`); a page press re-renders it through the same function."""
    reserved = sum(len(row) for row in extra_buttons)
    fixed = utf16_len(header) + utf16_len(footer) + 2 * utf16_len(sep)
    pages = cut(entries, fixed=fixed, sep=sep, max_buttons=MAX_BUTTONS - NAV_BUTTONS - reserved)
    page = max(0, min(page, len(pages) - 1))
    shown = pages[page]
    parts = [header, sep.join(entry.text for entry in shown)]
    if footer:
        parts.append(footer)
    if len(pages) > 1:
        parts.append(t("pages.line", page=page + 1, count=len(pages)))
    body = sep.join(part for part in parts if part)
    rows = [[_on_page(b, page) for b in entry.buttons] for entry in shown if entry.buttons]
    rows += [list(row) for row in extra_buttons if row]
    nav = page_buttons(action, page, len(pages), t)
    if nav:
        rows.append(nav)
    return Reply(body, buttons=rows)


def _on_page(button: Button, page: int) -> Button:
    """An entry's button with `{page}` in its action replaced by the page it is shown on (a
    press then redraws that page)."""
    if button.action is None or PAGE_MARK not in button.action:
        return button
    return Button(button.text, action=button.action.replace(PAGE_MARK, str(page)), url=button.url)


def parse_action(verb: str) -> tuple[str, str]:
    """`status.12` → (`status`, `12`); `units` → (`units`, ``)."""
    name, _, arg = verb.partition(".")
    return name, arg
