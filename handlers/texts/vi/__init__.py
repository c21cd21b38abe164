"""The Vietnamese catalogue, one file per capability; `handlers.texts` merges the parts once.

`PARTS` names each part by its file, in the order the merged catalogue follows; the other
language lists the same files in the same order, so that the two catalogues keep one key order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from handlers.texts.vi import (
    acknowledgements,
    appraisal,
    book,
    cluster,
    common,
    deadlines,
    delegates,
    dialogues,
    formats,
    invitation,
    meetings,
    news,
    notices,
    papers,
    programme,
    quota,
    rollcall,
)

PARTS: Final[dict[str, Mapping[str, str]]] = {
    "common": common.TEXTS,
    "cluster": cluster.TEXTS,
    "notices": notices.TEXTS,
    "news": news.TEXTS,
    "meetings": meetings.TEXTS,
    "invitation": invitation.TEXTS,
    "papers": papers.TEXTS,
    "dialogues": dialogues.TEXTS,
    "quota": quota.TEXTS,
    "acknowledgements": acknowledgements.TEXTS,
    "delegates": delegates.TEXTS,
    "deadlines": deadlines.TEXTS,
    "rollcall": rollcall.TEXTS,
    "appraisal": appraisal.TEXTS,
    "programme": programme.TEXTS,
    "book": book.TEXTS,
    "formats": formats.TEXTS,
}
