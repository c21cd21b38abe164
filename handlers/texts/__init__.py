"""Everything a chat user reads, one catalogue per language (Vietnamese first, English second).

Texts are HTML for Telegram. `text()` escapes every value it fills in, so nothing a user typed
can become markup; a value that is already HTML built by Loa is wrapped in `Safe`.

Each catalogue is kept in parts, one file per capability (`vi/meetings.py`, `en/meetings.py`, ...),
so that a capability's texts sit together; the parts are merged once, at import, into `VI` and
`EN`, and a key defined in two parts of one language stops the import.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Final

from handlers.texts import en, vi


class Safe(str):
    """A string of HTML that Loa built itself and that must not be escaped again."""

    __slots__ = ()


def esc(value: object) -> str:
    """Escape a value for Telegram HTML (quotes too, so it is safe inside attributes)."""
    if isinstance(value, Safe):
        return value
    return html.escape(str(value), quote=True)


def merge(language: str, parts: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """One catalogue from its parts, in their order; a key in two parts is an error, not a
    silent override."""
    catalogue: dict[str, str] = {}
    owner: dict[str, str] = {}
    for part, texts in parts.items():
        for key, template in texts.items():
            if key in owner:
                raise ValueError(
                    f"text {key!r} is defined twice in the {language} catalogue:"
                    f" in {language}/{owner[key]}.py and in {language}/{part}.py"
                )
            owner[key] = part
            catalogue[key] = template
    return catalogue


VI: Final[dict[str, str]] = merge("vi", vi.PARTS)
EN: Final[dict[str, str]] = merge("en", en.PARTS)


def announcement_name(lang: str, kind: str, ann_id: int, *, capital: bool = False) -> str:
    """An announcement named by its kind (`giấy mời #17`, `tin bài #18`), so that a reply about
    a meeting never calls it a notice; `capital` for the start of a sentence."""
    name = text(lang, f"name.{kind}", id=ann_id)
    return Safe(name[:1].upper() + name[1:]) if capital else name


def text(lang: str, key: str, **values: object) -> str:
    """The text `key` in `lang` (falling back to Vietnamese) with escaped `values` filled in."""
    catalogue = EN if lang == "en" else VI
    template = catalogue.get(key) or VI[key]
    return Safe(template.format(**{k: esc(v) for k, v in values.items()}))
