"""English texts of delegations to a meeting: registration by button and `/daibieu`, quotas, the list.

One part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin in
`handlers/texts/vi/delegates.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "menu.daibieu": "Register, list and remove your unit's delegates to a meeting",
    "help.delegates": (
        "\n/delegates — your unit's delegates to a meeting: "
        "<code>/delegates 12 | Nguyễn Văn A, Phó Hiệu trưởng, 0912345678; Trần Thị B, Trưởng phòng Đào tạo</code>; "
        "<code>/delegates 12</code> shows the list; <code>/delegates 12 xoa 2</code> removes the 2nd "
        "(organisers add the unit code: <code>/delegates 12 HP | …</code>)"
    ),
    "delegates.example": "/delegates 12 | Nguyễn Văn A, Phó Hiệu trưởng, 0912345678; Trần Thị B, Trưởng phòng Đào tạo",
    "delegates.usage": (
        "How to use /delegates:\n"
        "<code>/delegates 12 | Nguyễn Văn A, Phó Hiệu trưởng, 0912345678; Trần Thị B, Trưởng phòng Đào tạo</code> — register delegates (name, position, phone; the phone is optional)\n"
        "<code>/delegates 12</code> — your unit's list of delegates\n"
        "<code>/delegates 12 xoa 2</code> — remove the 2nd on the list\n"
        "Organisers write the unit code after the meeting number: <code>/delegates 12 HP | …</code>"
    ),
    # the card
    "delegates.btn_register": "📝 Register delegates",
    "delegates.tally": " · 🎫 {count} delegates",
    "delegates.typed_register": "Register delegates: DAIBIEU {id} | name, position, phone; …",
    "delegates.typed_more": "Add another: type THEM",
    "delegates.typed_done": "Finish: type XONG",
    "delegates.typed_remove": "Remove number {number}: DAIBIEU {id} {code} xoa {number}",
    # reading what was typed
    "delegates.bad_phone": "“{value}” is not a Vietnamese phone number. Please write a number starting with 0 with 10–11 digits, or starting with +84, for example: <code>0912 345 678</code> or <code>+84 912 345 678</code>.",
    "delegates.bad_name": "A name needs letters and at most {limit} characters, for example: <code>Nguyễn Văn A</code>.",
    "delegates.bad_position": "A position needs letters and at most {limit} characters, for example: <code>Phó Hiệu trưởng</code>.",
    "delegates.bad_entry": "Person {number} (“{entry}”) is not right: {problem}\nNobody was registered; please correct it and send the whole list again.",
    "delegates.no_entries": "No delegate's name after the “|”. Write each person as: name, position, phone; separate people with “;”.",
    "delegates.too_many": "At most {limit} people can be registered at once (you sent {count}). Nobody was registered.",
    "delegates.bad_number": "“{value}” is not a number on the list. See the list with <code>/delegates {id}</code>.",
    # who may register, and when
    "delegates.not_meeting": "#{id} is not a meeting invitation; delegates are registered for meetings only.",
    "delegates.cancelled": "Meeting #{id} was cancelled; delegates can no longer be registered.",
    "delegates.not_sent": "Invitation #{id} has not been sent yet; please wait for it to reach the groups.",
    "delegates.started": "Meeting #{id} has started; the list of delegates can no longer change.",
    "delegates.not_member": "You are not a member of unit {code}, so you cannot register or remove its delegates. Nothing was changed.",
    "delegates.organiser_needs_unit": "Please write the unit code after the meeting number, for example: <code>/delegates {id} HP | Nguyễn Văn A, Phó Hiệu trưởng, 0912345678</code>.",
    "delegates.no_unit": "Loa does not know your unit yet, so it cannot register delegates for meeting #{id}. Please use the button on the invitation in your unit's group, or send Loa your unit's invite code first.",
    "delegates.not_invited": "Unit {code} is not invited to meeting #{id}; it cannot register delegates. Nothing was changed.",
    "delegates.closed": "Registration closed ({time}); delegates can no longer be registered or removed for meeting #{id}. If needed, please ask the organisers for an extension.",
    "delegates.full": "{code} already has {count}/{quota} delegates; no more can be registered.",
    "delegates.over": "{code} has {count}/{quota} delegates; {adding} more would pass the quota (at most {quota}). Nobody was registered.",
    "delegates.duplicate": "{name} is already on the list of {code}. Nobody was registered.",
    "delegates.no_such": "The list of {code} has no number {number} (it has {count} people).",
    "delegates.not_removable": "Number {number} ({name}) confirmed attendance or was sent as a substitute; to change that, please answer again on invitation #{id}. Only registered names can be removed.",
    # the list
    "delegates.added": "✅ Registered {count} delegates of {code} for meeting #{id}.",
    "delegates.removed": "🗑 Removed number {number} ({name}) from the delegates of {code}.",
    "delegates.count_free": "{code}: {count}",
    "delegates.count": "{code}: {count}/{quota}",
    "delegates.detail": " — {value}",
    "delegates.late": " (late)",
    "delegates.line": "{number}. {mark} {name}{details} · {at}{late}",
    "delegates.no_name": "(no name yet)",
    "delegates.list_header": "<b>Delegates to meeting #{id}</b> — {title}\n{name} · {count}",
    "delegates.list_empty": "No delegates yet.",
    "delegates.list_hint": "Add: <code>/delegates {id}{code} | name, position, phone</code> · Remove: <code>/delegates {id}{code} xoa 2</code>",
    "delegates.btn_remove": "🗑 Remove {number}",
    "delegates.toast_removed": "Removed {name}",
    # the dialogue
    "delegates.ask_name": "📝 Registering delegates of {code} to meeting #{id}.\nPlease send the delegate's <b>full name</b>, for example: <code>Nguyễn Văn A</code>.",
    "delegates.ask_position": "Please send the <b>position</b>, for example: <code>Phó Hiệu trưởng</code>.",
    "delegates.ask_phone": "Please send the <b>phone number</b>, for example: <code>0912 345 678</code> (type <code>none</code> if there is none).",
    "delegates.toast_started": "Please answer Loa's questions",
    "delegates.toast_private": "Please continue in your private chat with Loa",
    "delegates.toast_link": "Please open a private chat with Loa to register",
    "delegates.toast_pick": "Please choose a unit",
    "delegates.toast_more": "Please send the next person's name",
    "delegates.toast_done": "Done",
    "delegates.open_private": "{name}: to register the delegates of {code} for meeting #{id}, please press the button below to open a private chat with Loa.",
    "delegates.btn_open_private": "💬 Register in a private chat",
    "delegates.pick_unit": "Registering delegates for meeting #{id}: please choose the unit.",
    "delegates.pick_more": "A unit not listed: <code>/delegates {id} HP | name, position, phone</code>.",
    "delegates.organiser_private": "Please write to Loa privately and type /delegates {id} HP to register for a unit.",
    "delegates.bad_link": "This registration link is not valid. Please press “📝 Register delegates” on the invitation again.",
    "delegates.saved": "✅ Delegate registered for meeting #{id}:\n{line}\n{count}",
    "delegates.btn_more": "➕ Add another",
    "delegates.btn_done": "✔️ Done",
    "delegates.finished": "Registration of the delegates of {code} is done.",
    # /tinhhinh and /xuat
    "delegates.section": "<b>Delegates</b> ({count} people)",
    "delegates.section_unit": "<b>{count}</b> — {name}",
    "delegates.sheet": "Delegates",
    "delegates.col.stt": "No.",
    "delegates.col.unit": "Unit",
    "delegates.col.name": "Full name",
    "delegates.col.position": "Position",
    "delegates.col.phone": "Phone",
    "delegates.col.time": "Registered at",
    "delegates.col.source": "Source",
    "delegates.col.late": "Late",
    "delegates.col_late_yes": "late",
    "delegates.source.answer": "Attending",
    "delegates.source.substitute": "Substitute",
    "delegates.source.registered": "Registered",
}
