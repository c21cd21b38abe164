"""English texts of the roll-call: `/diemdanh`, the poster, the scan and marking by hand.

One part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin in
`handlers/texts/vi/rollcall.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "menu.diemdanh": "Delegate roll-call: QR poster, marking who came (organisers)",
    "help.rollcall": (
        "\n/checkin — delegate roll-call: <code>/checkin 12</code> (QR poster, the list to mark "
        "by hand); mark one person by command: <code>/checkin 12 d5 co</code>"
    ),
    # /diemdanh: the organiser's side
    "rollcall.example": "/checkin 12",
    "rollcall.usage": (
        "Please give the meeting's number, for example: <code>/checkin 12</code>. To mark one "
        "person: <code>/checkin 12 d5 co</code> (<code>co</code>, <code>tructuyen</code> or "
        "<code>vang</code>)."
    ),
    "rollcall.private_only": (
        "The roll-call poster is sent to organisers privately only. Please open a private chat "
        "with Loa, press Start, then send <code>/checkin {id}</code> again."
    ),
    "rollcall.not_meeting": "#{id} is not a meeting invitation; /checkin is for meetings only.",
    "rollcall.cancelled": "Meeting #{id} was cancelled; there is no roll-call for it any more.",
    "rollcall.not_sent": (
        "The invitation to meeting #{id} has not been sent yet. Please send it first, then "
        "<code>/checkin {id}</code>."
    ),
    "rollcall.window": "The code works from {opens} to {closes}.",
    "rollcall.ready": (
        "🧾 <b>Roll-call of meeting #{id}</b>\n<b>{title}</b>\n"
        "Roll-call link: {link}\n{window}\n"
        "On Zalo, delegates send Loa: <code>DD {token}</code>"
    ),
    "rollcall.no_font": (
        "⚠️ The poster could not be made: the server lacks the font {path}. An administrator "
        "should run <code>apt-get install fonts-dejavu-core</code>; the link above still works."
    ),
    "rollcall.poster_heading": "DELEGATE ROLL-CALL",
    "rollcall.poster_step1": "1. Open your phone's camera or Telegram and scan the QR code.",
    "rollcall.poster_step2": "2. In Telegram, press Start.",
    "rollcall.poster_step3": "3. When Loa answers that you are checked in, you are done.",
    "rollcall.poster_zalo": "On Zalo: send Loa  DD {token}",
    "rollcall.caption_png": "Roll-call poster of meeting #{id} (image)",
    "rollcall.caption_pdf": "Roll-call poster of meeting #{id} (A4 PDF, to print)",
    # marking by hand
    "rollcall.hand_head": "<b>Marking who came</b> — {came}/{registered} registered delegates present",
    "rollcall.hand_unit": "<b>{code}</b> — {name}",
    "rollcall.hand_line": "{number}. {name} <code>{entry}</code>{extra} — {state}",
    "rollcall.extra_mark": " (not on the list)",
    "rollcall.unmarked": "not checked in",
    "rollcall.marked_state": "{mark} {state} {at}",
    "rollcall.hand_empty": "There are no delegates on the list yet.",
    "rollcall.hand_hint": (
        "Press the buttons under each person, or send <code>DIEMDANH {id} d5 CO</code> "
        "(<code>CO</code>, <code>TRUCTUYEN</code>, <code>VANG</code>)."
    ),
    "rollcall.btn_present": "Present",
    "rollcall.btn_online": "Online",
    "rollcall.btn_absent": "Absent",
    "rollcall.hand_done": "Recorded: {name} ({code}) — {state}.",
    "rollcall.bad_typed": (
        "That mark was not understood. Please follow <code>/checkin {id} d5 co</code>: the "
        "person's code on the list (such as <code>d5</code>), then <code>co</code>, "
        "<code>tructuyen</code> or <code>vang</code>."
    ),
    "rollcall.no_entry": (
        "There is no <code>{entry}</code> on the delegate list of meeting #{id}. Each person's "
        "code is shown by <code>/checkin {id}</code>."
    ),
    "rollcall.state.present": "Present",
    "rollcall.state.online": "Online",
    "rollcall.state.absent": "Absent",
    "rollcall.method.scan": "scanned",
    "rollcall.method.hand": "marked",
    # the delegate's scan
    "rollcall.bad_token": "This roll-call code is wrong or no longer valid.",
    "rollcall.outside_window": (
        "The roll-call of «{title}» is not open now. {window} "
        "Please scan the code again within that time."
    ),
    "rollcall.already": "You are already checked in: {name}, present since {at}.",
    "rollcall.ask_who": "Roll-call of «{title}»: who are you on your unit's list? Please press your name.",
    "rollcall.ask_who_line": "{number}. {name}",
    "rollcall.ask_who_typed": (
        "Send <code>DD {token} 1</code> (your number), or <code>DD {token} 0</code> "
        "if your name is not on the list."
    ),
    "rollcall.btn_not_listed": "I am not on the list",
    "rollcall.ask_unit": (
        "Roll-call of «{title}»: which unit are you with? Please press its code, or send "
        "<code>DD {token} HP</code> (the unit's code)."
    ),
    "rollcall.bad_choice": (
        "That choice was not understood. Please send <code>DD {token} 1</code> (your number on "
        "the list), <code>DD {token} 0</code> (not on the list) or <code>DD {token} HP</code> "
        "(the unit's code)."
    ),
    "rollcall.choice_taken": (
        "That name is already checked in. If you are not on the list, please scan the code "
        "again and press «I am not on the list»."
    ),
    "rollcall.marked": "✅ Checked in: {name} ({unit}), present at {at}.",
    "rollcall.marked_extra": "You are recorded as a delegate who was not on your unit's list.",
    "rollcall.ask_position": "Please type your position (for example: Deputy Rector) for the organisers' list.",
    "rollcall.position_saved": "Position of {name} recorded: {position}.",
    "rollcall.position_too_long": "The position is {length} characters long, over {limit}. Please type a shorter one, for example: Deputy Rector.",
    "rollcall.no_name": "(name unknown)",
    # /tinhhinh and /xuat
    "rollcall.status_head": (
        "🧾 <b>Roll-call:</b> present {came}/{registered} registered ({online} online) · "
        "absent {absent} · not on the list {extras}"
    ),
    "rollcall.status_unit": (
        "• <b>{code}</b>: registered {registered} · present {came} ({online} online) · "
        "not on the list {extras}"
    ),
    "rollcall.status_extras": "Came without being registered: {names}",
    "rollcall.sheet": "Roll-call",
    "rollcall.col.stt": "No.",
    "rollcall.col.unit": "Unit",
    "rollcall.col.name": "Full name",
    "rollcall.col.position": "Position",
    "rollcall.col.registered": "Registered",
    "rollcall.col.state": "Roll-call",
    "rollcall.col.at": "At",
    "rollcall.col.method": "How",
    "rollcall.col.yes": "yes",
    "rollcall.col.no": "no",
}
