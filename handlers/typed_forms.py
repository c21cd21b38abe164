"""What to type instead of pressing a button, for platforms without buttons (Zalo).

Every button that answers a card has a typed form accepted on both platforms (PRODUCT §11):
the meeting card's ✅ ❌ 👤 are `XN 12 CO · XN 12 KHONG … · XN 12 THAY …`; a preview's
[📤 Gửi ngay] [⏰ Hẹn gửi] [✖️ Huỷ] are `GUI 12`, `HEN 12`, `HUY 12`; a notice's [✔️ Đã nhận] is
`DA NHAN 15` (read back in `handlers.notices.acks`) (`HUY` is the cancel
command; `GUI` and `HEN` are read back here into the button's action, `typed_action`). This
registry maps a button's action string to its form, so an adapter without buttons can print
the form where the buttons would be; a link button becomes `label: url`. Buttons with no typed
form (paging, a dialogue's steps, the calendar file) are dropped. The forms are catalogue HTML,
like card text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from handlers.core import Button
from handlers.forms import fold
from handlers.notices import acks
from handlers.texts import esc, text

TypedForm = Callable[[list[str], str], str | None]


_MARK_WORDS = {"c": "CO", "o": "TRUCTUYEN", "v": "VANG"}
_ENTRY = re.compile(r"^[rsdp]\d{1,9}$")


def rollcall_mark(parts: list[str], lang: str) -> str | None:
    """`dm:<entry>.<c|o|v>.<page>:<meeting>` → `DIEMDANH 12 d5 CO` (the roll-call by hand)."""
    if len(parts) != 2 or not parts[1].isdigit():
        return None
    key, _, rest = parts[0].partition(".")
    letter = rest[:1]
    if not _ENTRY.match(key) or letter not in _MARK_WORDS:
        return None
    return f"DIEMDANH {int(parts[1])} {key} {_MARK_WORDS[letter]}"


def _meeting_answer(parts: list[str], lang: str) -> str | None:
    """`r:<a|x|s>:<meeting id>` → the meeting card's answer line; the calendar (`r:i:`) and
    the unit choices (`r:a.<unit>:<id>`) have none."""
    if len(parts) != 2 or parts[0] not in ("a", "x", "s") or not parts[1].isdigit():
        return None
    return text(lang, "meeting.plain_answer", id=int(parts[1]))


def _preview_choice(parts: list[str], lang: str) -> str | None:
    """`n:<go|at|no>:<announcement id>` → `GUI 12`, `HEN 12`, `HUY 12`."""
    if len(parts) != 2 or parts[0] not in ("go", "at", "no") or not parts[1].isdigit():
        return None
    return text(lang, f"notice.typed_{parts[0]}", id=int(parts[1]))


def _delegates(parts: list[str], lang: str) -> str | None:
    """`db:r:<id>` (the card's [📝 Đăng ký đại biểu]) → `DAIBIEU 12 | …`; a list's
    `db:x.<N>.<delegate>.<code>:<id>` → `DAIBIEU 12 HP xoa N`; the dialogue's `db:m` / `db:d`
    → `THÊM` / `XONG` (typed in the dialogue's chat); an organiser's unit pick has none."""
    if len(parts) != 2 or not parts[1].isdigit():
        return None
    verb, ann_id = parts[0].split("."), int(parts[1])
    if verb == ["r"]:
        return text(lang, "delegates.typed_register", id=ann_id)
    if verb == ["m"] or verb == ["d"]:
        return text(lang, "delegates.typed_more" if verb == ["m"] else "delegates.typed_done")
    if len(verb) == 4 and verb[0] == "x" and verb[1].isdigit():
        return text(lang, "delegates.typed_remove", id=ann_id, code=verb[3], number=verb[1])
    return None


_REVIEW_VERBS = {"ok": "DAT", "fix": "CANSUA", "pr": "TRINHBAY"}


def _review_press(parts: list[str], lang: str) -> str | None:
    """`ap:<ok|fix|pr>.<unit>.<version>.<page>:<call id>` → `THAMDINH 7 HP DAT` (`CANSUA`,
    `TRINHBAY`): the `/thamdinh` command, typed without its slash."""
    if len(parts) != 2 or not parts[1].isdigit():
        return None
    verb = parts[0].split(".")
    if len(verb) != 4 or verb[0] not in _REVIEW_VERBS or not verb[1].isalnum():
        return None
    return text(
        lang, "review.typed", id=int(parts[1]), unit=verb[1].upper(), verb=_REVIEW_VERBS[verb[0]]
    )


def _programme(parts: list[str], lang: str) -> str | None:
    """`pg:<u…|d…|post|xlsx>:<call id>` → the programme preview's typed forms: ▲▼ →
    `/chuongtrinh 7 thứ tự: …`, [Đăng chương trình] → `/chuongtrinh 7 đăng`, [Xuất XLSX] →
    `/chuongtrinh 7 xuất`."""
    if len(parts) != 2 or not parts[1].isdigit():
        return None
    verb, ann_id = parts[0], int(parts[1])
    if verb in ("post", "xlsx"):
        return text(lang, f"programme.typed_{verb}", id=ann_id)
    if verb[:1] in ("u", "d") and verb[1:].isdigit():
        return text(lang, "programme.typed_order", id=ann_id)
    return None


# by the action's prefix (the part before the first `:`)
FORMS: dict[str, TypedForm] = {
    "r": _meeting_answer,
    "n": _preview_choice,
    "db": _delegates,
    "dm": rollcall_mark,
    acks.PREFIX: acks.typed_form,
    "ap": _review_press,
    "pg": _programme,
}

# typed words read back into a button's action (`HUY` is the cancel command itself)
_TYPED_VERBS = {"gui": "n:go", "hen": "n:at"}
_TYPED = re.compile(r"^\s*([a-z]+)\s*#?\s*(\d{1,9})\s*$")


def typed_action(typed: str) -> str | None:
    """The action of a button typed as its form (`gửi 12` → `n:go:12`), or None."""
    found = _TYPED.match(fold(typed))
    if found is None or found.group(1) not in _TYPED_VERBS:
        return None
    return f"{_TYPED_VERBS[found.group(1)]}:{int(found.group(2))}"


def typed_form(action: str | None, lang: str = "vi") -> str | None:
    """The typed form of a button's action, or None when it has none."""
    if not action:
        return None
    prefix, _, rest = action.partition(":")
    form = FORMS.get(prefix)
    return form(rest.split(":"), lang) if form is not None else None


def _as_dict(button: Button | dict[str, Any]) -> dict[str, Any]:
    if isinstance(button, dict):
        return button
    return {"text": button.text, "action": button.action, "url": button.url}


def typed_lines(
    buttons: Sequence[Sequence[Button]] | Sequence[Sequence[dict[str, Any]]], lang: str = "vi"
) -> list[str]:
    """The typed forms of a keyboard (Buttons or outbox payload dicts), each once, in order."""
    lines: list[str] = []
    for row in buttons:
        for item in map(_as_dict, row):
            if item.get("url"):
                line = f"{esc(item.get('text') or '')}: {esc(item['url'])}"
            else:
                line = typed_form(item.get("action"), lang) or ""
            if line and line not in lines:
                lines.append(line)
    return lines
