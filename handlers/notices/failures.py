"""Why a message could not be delivered, said to organisers in their language.

The outbox keeps the platform's own words (`Bad Request: message is too long`, or python-telegram-
bot's `Message is too long`); organisers read a plain phrase instead (`tin quá dài`). The common
Bot API descriptions have one each; any other is a generic phrase with the description itself,
from which anything shaped like a bot token is cut (descriptions come from outside).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from handlers.context import chat_label
from storage.models import Chat

# (words found in the description, lower case) → text key; the first match wins
REASONS: tuple[tuple[str, str], ...] = (
    ("chat not found", "failure.chat_not_found"),
    ("message is too long", "failure.too_long"),
    ("caption is too long", "failure.too_long"),
    ("text is too long", "failure.too_long"),
    ("can't parse entities", "failure.bad_markup"),
    ("can't find end of the entity", "failure.bad_markup"),
    ("unsupported start tag", "failure.bad_markup"),
    ("message text is empty", "failure.empty"),
    ("text must be non-empty", "failure.empty"),
    ("not enough rights", "failure.no_rights"),
    ("have no rights", "failure.no_rights"),
    ("need administrator rights", "failure.no_rights"),
    ("chat_write_forbidden", "failure.no_rights"),
    ("bot was kicked", "failure.kicked"),
    ("bot is not a member", "failure.not_member"),
    ("bot was blocked", "failure.blocked"),
    ("can't initiate conversation", "failure.not_started"),
    ("user is deactivated", "failure.deactivated"),
    ("message to edit not found", "failure.message_gone"),
    ("message to delete not found", "failure.message_gone"),
    ("message can't be edited", "failure.message_gone"),
    ("message can't be deleted", "failure.message_gone"),
    ("message to change was never sent", "failure.never_sent"),
    ("chat inactive", "failure.inactive"),
    ("button_data_invalid", "failure.bad_buttons"),
    ("reply markup is too long", "failure.bad_buttons"),
    ("wrong file identifier", "failure.bad_file"),
    ("failed to get http url content", "failure.bad_file"),
    ("wrong type of the web page content", "failure.bad_file"),
    ("file must be non-empty", "failure.bad_file"),
    ("topic_closed", "failure.topic_closed"),
    ("bad gateway", "failure.unreachable"),
    ("gateway timeout", "failure.unreachable"),
    ("internal server error", "failure.unreachable"),
    ("service unavailable", "failure.unreachable"),
    ("timed out", "failure.unreachable"),
    ("connecterror", "failure.unreachable"),
    ("network", "failure.unreachable"),
)
TOKEN = re.compile(r"\d{5,}:[A-Za-z0-9_-]{20,}")
PREFIX = re.compile(r"^(bad request|forbidden|error)\s*:\s*", re.IGNORECASE)
MAX_DETAIL = 120


def reason_text(t: Callable[..., str], detail: str | None) -> str:
    """The organiser's phrase for a failure the platform described as `detail`."""
    lowered = (detail or "").lower()
    for words, key in REASONS:
        if words in lowered:
            return t(key)
    plain = PREFIX.sub("", TOKEN.sub("…", (detail or "").strip())) or "?"
    if len(plain) > MAX_DETAIL:
        plain = plain[: MAX_DETAIL - 1] + "…"
    return t("failure.other", detail=plain)


def summary(t: Callable[..., str], failures: Sequence[tuple[Chat, str]], *, limit: int = 5) -> str:
    """`BGH Trường số 3, BGH Trường số 7: tin quá dài; Nhóm X: Loa đã bị xoá khỏi nhóm`: the
    first `limit` failed chats, those with the same reason together, then `…` if there are more."""
    by_reason: dict[str, list[str]] = {}
    for chat, detail in failures[:limit]:
        by_reason.setdefault(reason_text(t, detail), []).append(chat_label(chat))
    items = [t("failure.item", chats=", ".join(chats), reason=r) for r, chats in by_reason.items()]
    return "; ".join(items) + ("…" if len(failures) > limit else "")
