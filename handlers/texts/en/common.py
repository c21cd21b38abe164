"""English texts of what every capability shares.

Errors, time expressions, list pages, the command menu, the names of announcements (`name.`) and the
router's replies to chat it does not understand (`chat.`), the platforms' names (`platform.`). One
part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin in
`handlers/texts/vi/common.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "error.not_organiser_toast": "Only organisers may use this button.",
    "menu.start": "Introduction and your role",
    "menu.trogiup": "Commands with examples",
    "menu.ngonngu": "Choose the language (vi/en)",
    "menu.thongbao": "Send a notice (organisers)",
    "menu.hop": "Send a meeting invitation (organisers)",
    "menu.thamluan": "Call for conference papers (organisers)",
    "menu.nop": "Submit a paper: a file with caption /nop 7",
    "menu.tinhhinh": "Who confirmed a meeting (organisers)",
    "menu.xuat": "Export a meeting's list to Excel, papers to ZIP (organisers)",
    "menu.lich": "Upcoming meetings of my unit",
    "menu.ds": "Scheduled and sending announcements",
    "menu.huy": "Cancel an unsent notice or a meeting",
    "menu.sua": "Edit a meeting invitation (organisers)",
    "menu.donvi": "List and manage units",
    "menu.nhom": "Link a group to a unit",
    "menu.moi": "Invite code to a unit",
    "menu.quyen": "Grant or revoke the organiser role",
    # generic
    "error.internal": "Sorry, something went wrong while handling your request. Please try again in a few minutes.",
    "error.busy": "Loa is busy with many requests at once, so yours was not recorded. Please send it again in a few minutes.",
    "error.not_organiser": "Sorry, <b>/{command}</b> is for organisers only. Nothing was changed.",
    "error.stale_button": "This button is no longer valid.",
    "pages.previous": "◀ Previous",
    "pages.next": "Next ▶",
    "pages.line": "<i>Page {page}/{count}</i>",
    "error.unknown_command": "Loa does not know <b>{command}</b>. Send /help for the commands you can use.",
    "error.private_only": "This command works only in a private chat with Loa.",
    "error.group_only": "This command works only in a group.",
    "error.example": "Example:\n<code>{example}</code>",
    "error.unknown_unit": "There is no unit <b>{code}</b>. Known codes: {known}.",
    "error.no_units": "There are no units yet. Organisers add one with: <code>/units add HP | Unit name</code>",
    "error.bad_code": "«{value}» is not an announcement code. Codes are numbers such as <code>12</code> or <code>#12</code>.",
    "error.no_announcement": "There is no announcement #{id}.",
    "error.time": "Could not read the time «{value}»: {reason}.\nAccepted forms: {examples}.",
    "time.unreadable": "the date or time is unclear",
    "time.ambiguous": "it can be read in more than one way",
    "time.past": "that time has passed",
    "time.invalid_date": "no such date",
    "time.out_of_range": "too far ahead",
    "time.night_hour": (
        "an hour from 0h to 5h59 needs the part of the day: write «2h sang» for 2 at night, "
        "«14h» for 2 in the afternoon"
    ),
    "menu.nguon": "Watch RSS/Atom feeds (organisers)",
    "menu.tin": "Post a link to a news article (organisers)",
    "menu.nhacnho": "Remind the units that have not answered",
    "chat.private_hint": "Loa did not understand this message. Send /help for the commands.",
    "chat.join_hint": "To join your unit, send Loa the invite code from the organisers (such as <code>HP-7K2Q</code>).",
    "zalo.files_telegram_only": (
        "Exported files can only be sent on Telegram: Zalo does not let bots send files. "
        "Please open Loa on Telegram and send this command again to get the file."
    ),
    "chat.did_you_mean": (
        "Did you mean {command}? Command names have no diacritics and no spaces."
    ),
    "name.notice": "notice #{id}",
    "name.meeting": "meeting invitation #{id}",
    "name.paper_call": "paper call #{id}",
    "name.news": "news post #{id}",
    # where a person talks to Loa, as tables and exports show it
    "platform.telegram": "Telegram",
    "platform.zalo": "Zalo",
    "platform.mark": " ({platform})",
}
