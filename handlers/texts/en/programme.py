"""English texts of the seminar programme: `/programme`, its preview and buttons, the card
posted to the audience, the XLSX.

One part of the English catalogue, merged into `handlers.texts.EN`; every key is the twin of one
in `handlers/texts/vi/programme.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "menu.chuongtrinh": "Seminar programme from the papers chosen to present (organisers)",
    "programme.usage": (
        "Please give the number of the call for papers, for example <code>/chuongtrinh 7</code>; "
        "tie it to a meeting to get time slots: <code>/chuongtrinh 7 | 12</code>."
    ),
    "programme.example": "/chuongtrinh 7 | 12",
    "programme.not_call": (
        "#{id} is not a call for papers. A seminar programme is built from a call for papers, "
        "for example <code>/chuongtrinh 7</code>. Nothing was changed."
    ),
    "programme.none_chosen": (
        "No paper of call #{id} has been chosen to present yet. Please appraise and choose papers "
        "with <code>/thamdinh {id}</code> (its button choosing a paper to present), then type "
        "<code>/chuongtrinh {id}</code> again."
    ),
    "programme.not_meeting": (
        "There is no meeting #{meeting}. Please give the number of a meeting invitation, for "
        "example <code>/chuongtrinh {id} | 12</code>. Nothing was changed."
    ),
    "programme.meeting_cancelled": (
        "Meeting #{meeting} was cancelled, so it cannot give time slots. Nothing was changed."
    ),
    "programme.order_unknown": "not in the programme: {codes}",
    "programme.order_twice": "given twice: {codes}",
    "programme.order_missing": "missing: {codes}",
    "programme.order_bad": (
        "The order is not right ({problems}). Please give every unit code of the programme, each "
        "once, for example:\n<code>/chuongtrinh {id} thứ tự: {codes}</code>\nNothing was changed."
    ),
    "programme.not_in": (
        "Unit «{code}» is not in programme #{id}. The units in the programme: {codes}. "
        "Example: <code>/chuongtrinh {id} HP | phút: 20</code>. Nothing was changed."
    ),
    "programme.edit_usage": (
        "Please give what to change after a |, for example:\n"
        "<code>/chuongtrinh {id} {code} | diễn giả: Nguyễn Văn A | phút: 20 | tiêu đề: …</code>"
    ),
    "programme.bad_field": (
        "«{field}» is not understood. What can be changed: speaker, minutes, title. Example:\n"
        "<code>/chuongtrinh {id} {code} | diễn giả: Nguyễn Văn A | phút: 20</code>\n"
        "Nothing was changed."
    ),
    "programme.bad_minutes": (
        "«{value}» minutes is not right: please give a number from 1 to 480, for example "
        "<code>/chuongtrinh {id} {code} | phút: 20</code>. Nothing was changed."
    ),
    "programme.private_only": (
        "Programme #{id} is sent in a private chat: please message Loa privately once "
        "(press /start) and type the command again."
    ),
    "programme.no_times": (
        "\n<i>Not tied to a meeting, so no times yet: <code>/chuongtrinh {id} | 12</code> "
        "(12 being the meeting invitation's number).</i>"
    ),
    "programme.preview": (
        "👁 <b>Preview of the seminar programme — call for papers #{id}</b>\n\n{card}\n{times}\n"
        "Change the order with ▲▼ or type <code>/chuongtrinh {id} thứ tự: {codes}</code>; change "
        "one talk: <code>/chuongtrinh {id} {code} | diễn giả: … | phút: 20 | tiêu đề: …</code>"
    ),
    "programme.up": "▲ {code}",
    "programme.down": "▼ {code}",
    "programme.post_button": "Post the programme",
    "programme.xlsx_button": "Export XLSX",
    "programme.at_edge": "This talk is already first or last.",
    "programme.no_chats": (
        "Call for papers #{id} has no group to post the programme to. Nothing was sent."
    ),
    "programme.call_cancelled": (
        "Call for papers #{id} was cancelled, so the programme is not posted. Nothing was sent."
    ),
    "programme.already_posted": (
        "This programme #{id} was already posted and nothing changed since, so it is not sent again."
    ),
    "programme.posted": "📤 Posting programme #{id} to {count} groups{private}.",
    "programme.caption_xlsx": "Seminar programme — call for papers #{id}",
    "programme.xlsx_sent": "Programme #{id} ({count} talks) sent as Excel.",
    "programme.typed_order": "Change the order: <code>/chuongtrinh {id} thứ tự: HP, VP, HN</code>",
    "programme.typed_post": "Post the programme: <code>/chuongtrinh {id} đăng</code>",
    "programme.typed_xlsx": "Export XLSX: <code>/chuongtrinh {id} xuất</code>",
    "programme.card_header": "🗓 <b>SEMINAR PROGRAMME — {topic}</b>",
    "programme.card_when": "🕗 {when}",
    "programme.line": "{number}. {speaker} ({code}) — {title} · {minutes} min",
    "programme.line_timed": "{number}. {slot} · {speaker} ({code}) — {title}",
    "programme.sheet": "Programme",
    "programme.col.number": "No.",
    "programme.col.time": "Time",
    "programme.col.speaker": "Speaker",
    "programme.col.unit": "Unit",
    "programme.col.title": "Title",
    "programme.col.minutes": "Minutes",
}
