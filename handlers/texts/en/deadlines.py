"""English texts of deadlines: closed answers (`sau hạn: đóng`), late marks and `/giahan`.

One part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin in
`handlers/texts/vi/deadlines.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # answers at the deadline (`sau hạn: đóng`) and late marks
    "deadlines.closed": "The answer deadline has passed ({when}). Please contact the organisers.",
    "deadlines.late_mark": " <i>(late)</i>",
    "deadlines.own": " · own deadline: {when}",
    "deadlines.summary_extended": "\nGiven more time (own deadline still ahead): {units}.",
    "export.col.late": "Late",
    "export.late": "late",
    "export.sum.own_deadlines": "Own deadlines",
    # /giahan
    "menu.giahan": "Give one unit its own deadline",
    "extend.example": "/extend 12 HP | 17h 16/6",
    "extend.usage": "Usage: <code>/extend 12 HP | 17h 16/6</code> — gives unit HP its own answer deadline for meeting #12 (or its own paper deadline). <code>/extend 12 HP</code> shows the unit's current deadline.",
    "extend.not_meeting": "{name} is not a meeting invitation or a paper call; /extend works only for those.",
    "extend.cancelled": "{name} was cancelled; its deadline cannot be moved.",
    "extend.no_unit": "Please give the unit's code after #{id}, for example <code>/extend {id} HP | 17h 16/6</code>.",
    "extend.one_unit": "One unit at a time, for example <code>/extend {id} HP | 17h 16/6</code>.",
    "extend.not_in_audience": "Unit {code} is not in the audience of {name}. Units it was sent to: {known}.",
    "extend.no_deadline": "Meeting #{id} has no answer deadline, so there is nothing to extend. To set one for all: <code>/edit {id} hạn xác nhận: 17h 14/6</code>.",
    "extend.after_start": "The new deadline must be before the start of meeting #{id} ({starts}).",
    "extend.current_own": "{unit}'s own deadline for {name}: {when}. To change it: <code>/extend {id} {unit} | 17h 16/6</code>.",
    "extend.current_general": "{unit} follows the deadline of {name}: {when}. To give it its own: <code>/extend {id} {unit} | 17h 16/6</code>.",
    "extend.done": "📅 Deadline extended for {unit} — {name}: new deadline {when}.",
    "extend.told": "The unit was told ({count} groups/private chats).",
    "extend.not_told": "The unit has no group or member Loa could tell; please tell the unit directly.",
    "extend.not_sent": "It has not gone out yet, so Loa has not told the unit; please tell it its own deadline when it is sent.",
    "extend.notice": "📅 The organisers extended the deadline for {unit}: {what} — new deadline {when}.",
    "extend.what.meeting": "meeting invitation #{id} «{title}»",
    "extend.what.paper_call": "paper call #{id} «{title}»",
}
