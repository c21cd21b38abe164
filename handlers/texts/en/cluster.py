"""English texts of the cluster.

Units (/donvi), groups (/nhom), invite links (/moi), organisers (/quyen), and /start, /trogiup,
/ngonngu. One part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin
in `handlers/texts/vi/cluster.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # start / help / language
    "start.greeting": "Hello {name}! I am <b>Loa</b>, the cluster's announcement assistant.",
    "start.no_name": "there",
    "start.role_organiser": "You are an <b>organiser</b>. Send /help for the management commands.",
    "start.role_member": "You are a member of <b>{unit}</b>. Its announcements will reach you here.",
    "start.role_none": (
        "You are not in any unit yet. Open the invite link from the organisers, or send Loa "
        "their invite code (such as <code>HP-7K2Q</code>), to join one."
    ),
    "start.joined": "You have joined <b>{unit}</b>.",
    "start.already_member": (
        "You are already a member of <b>{unit}</b>; there is no need to use the invite code again. "
        "Its announcements will reach you here."
    ),
    "start.moved": "You have moved from <b>{old}</b> to <b>{unit}</b>. The new unit's announcements will reach you here.",
    "start.bad_invite": "This invite code is invalid or expired. Please ask the organisers for a new one.",
    "start.in_group": "Loa is active in this group. Send /help for the commands.",
    "help.header": "<b>Loa's commands</b>",
    "help.member": (
        "/start — introduction and your role\n"
        "Invite code (such as <code>HP-7K2Q</code>) — send the code from the organisers to join your unit\n"
        "/help — this list\n"
        "/language <code>vi</code> | <code>en</code> — choose the language\n"
        "/upcoming — upcoming meetings of my unit\n"
        "/submit — send a paper: a file with the caption <code>/submit 7</code>, or a file replying to the call"
    ),
    "help.organiser": (
        "\n\n<b>Organisers</b>\n"
        "/notice — send a notice: <code>/notice Text | all | 8h 19/6</code>\n"
        "/meeting — a meeting invitation: <code>/meeting Review | 8h 19/6 | Hall A | all</code>\n"
        "/papers — a call for papers: <code>/papers Topic | 17h 14/6 | all</code>\n"
        "(send /meeting or /papers alone, in private chat, to be asked one thing at a time)\n"
        "/news — post a news article: <code>/news https://… | all</code>\n"
        "/feeds — watch RSS/Atom feeds: <code>/feeds them https://… | tất cả | mỗi 30 phút</code>, <code>/feeds</code> (list), <code>/feeds xoa 3</code>, <code>/feeds bat 3</code>\n"
        "/list — scheduled and sending announcements\n"
        "/edit — edit a meeting invitation: <code>/edit 12 thời gian: 14h 19/6</code>; a paper call: <code>/edit 7 hạn nộp: 17h 20/6</code>\n"
        "/remind — remind the units that have not answered or not sent their papers, now: <code>/remind 12</code>\n"
        "/extend — give one unit its own deadline (answers or papers): <code>/extend 12 HP | 17h 16/6</code>\n"
        "/cancel — cancel an unsent notice, a meeting or a paper call: <code>/cancel 12 | reason</code>\n"
        "/status — who confirmed or submitted: <code>/status 12</code>; record for a unit: <code>/status 12 | HP | yes | Nguyễn Văn A</code>\n"
        "/export — the list as Excel and CSV; for a paper call, a ZIP of the papers and an Excel list: <code>/export 12</code>\n"
        "/review — appraise the papers (accept, ask for a revision, choose to present): <code>/review 7</code>\n"
        "/programme — the seminar programme from the papers chosen to present: <code>/programme 7</code>, with times from a meeting: <code>/programme 7 | 12</code>\n"
        "/units — units: <code>/units add HP | Trường Chính trị Tô Hiệu</code>, <code>/units remove HP</code>\n"
        "/group — in a group: <code>/group HP bgh</code> links it to a unit, <code>/group cluster</code> to the whole cluster; "
        "in private: all groups\n"
        "/invite — invite link to a unit: <code>/invite HP</code>\n"
        "/grant — reply to someone's message with <code>/grant</code> to make them an organiser, <code>/grant revoke</code> to revoke"
    ),
    "lang.set": "English selected.",
    "lang.usage": "Choose a language: <code>/language vi</code> or <code>/language en</code>.",
    # units
    "units.header": "<b>Units ({count})</b>",
    "units.line": "• <b>{code}</b> — {name} (groups: {groups})",
    "units.empty": "There are no units yet. Add one: <code>/units add HP | Trường Chính trị Tô Hiệu thành phố Hải Phòng</code>",
    "units.added": "Unit <b>{code}</b> — {name} added.",
    "units.updated": "Unit <b>{code}</b> — {name} updated.",
    "units.restored": (
        "Unit <b>{code}</b> — {name} is back. Its groups were unlinked when it was removed: "
        "send <code>/group {code}</code> in each of them to link it again."
    ),
    "units.exists": (
        "Unit <b>{code}</b> already exists: {name}. Nothing was changed. "
        "To rename it, send <code>/units sua {code} | new name</code>."
    ),
    "units.renamed": "Unit <b>{code}</b> renamed: {old} → {name}.",
    "units.removed": "Unit <b>{code}</b> removed. Its groups ({groups}) are waiting to be linked again.",
    "units.usage": "Usage: <code>/units</code> (list), <code>/units add HP | Unit name</code>, <code>/units rename HP | New name</code>, <code>/units remove HP</code>.",
    "units.bad_code": "The unit code «{code}» is not valid: a code has 1–10 unaccented letters or digits, for example <code>HP</code>.",
    "units.bad_name": "The unit's name is missing (at most 300 characters). Example:\n<code>/units add HP | Trường Chính trị Tô Hiệu thành phố Hải Phòng</code>",
    # groups
    "units.name_too_long": "The unit's name is too long ({length} characters, at most {limit}). Please shorten it and send it again.",
    "group.welcome": "Hello! Loa has been added to «<b>{title}</b>». The group will not receive announcements until an organiser links it to a unit with <code>/group &lt;unit code&gt;</code> (for example <code>/group HP</code>) or to the whole cluster with <code>/group cluster</code>.",
    "group.linked_unit": "The group <b>{title}</b> is now linked to unit <b>{code}</b> — {name}.{tags}",
    "group.linked_cluster": "The group <b>{title}</b> is now linked to <b>the whole cluster</b>.{tags}",
    "group.back_unit": (
        "Loa is back in «<b>{title}</b>». The group is still linked to <b>{code}</b> — {name} "
        "and receives its announcements again.{tags}"
    ),
    "group.back_cluster": "Loa is back in «<b>{title}</b>». The group is still linked to <b>the whole cluster</b> and receives its announcements again.{tags}",
    "group.tags": " Tags: {tags}.",
    "group.unlinked": "The group <b>{title}</b> is no longer linked. It will not receive announcements.",
    "group.show_unit": "This group is linked to unit <b>{code}</b> — {name}.{tags}",
    "group.show_cluster": "This group is linked to <b>the whole cluster</b>.{tags}",
    "group.show_pending": "This group is not linked yet. Organisers link it to unit HP with <code>/group HP</code>.",
    "group.bad_tag": "The tag «{tag}» is not valid: a tag has unaccented letters, digits and hyphens, at most 20 characters, for example <code>bgh</code>.",
    "group.list_header": "<b>Groups ({count})</b>",
    "group.list_line": "• {title} — {target} — {state}",
    "group.list_empty": "Loa is not in any group yet. Add Loa to a unit's group, then send <code>/group HP</code> in that group.",
    "group.state.pending": "waiting to be linked",
    "group.state.active": "active",
    "group.state.inactive": "inactive",
    "group.target.cluster": "whole cluster",
    "group.target.none": "not linked",
    "group.inactive_alert": "⚠️ Loa can no longer send to the group <b>{title}</b> ({reason}). The group is now inactive.",
    "group.reason.removed": "Loa was removed from the group",
    "group.reason.blocked": "Loa was blocked or may not send messages",
    # invites
    "invite.created": "Invite code to unit <b>{code}</b> — {name}: <code>{invite}</code>",
    "invite.on_telegram": "• On Telegram: open this link and press Start:\n{link}",
    "invite.on_zalo": "• On Zalo: send the code <code>{invite}</code> to Loa on Zalo.",
    "invite.joins": (
        "Whoever uses the code joins the unit and gets its announcements in a private chat with "
        "Loa. Upper or lower case, either works."
    ),
    "invite.usage": "Usage: <code>/invite HP</code> — creates an invite code to unit HP.",
    # grants
    "grant.done": "{name} is now an organiser.",
    "grant.done_unknown": (
        "⚠️ Loa has never seen anyone with the id <code>{id}</code>. The organiser role was granted "
        "to that id; it holds once that person writes to Loa. If the id was mistyped, revoke it "
        "with <code>/grant bo {id}</code>."
    ),
    "grant.revoked": "{name} is no longer an organiser.",
    "grant.already": "{name} is already an organiser.",
    "grant.not_organiser": "{name} is not an organiser.",
    "grant.configured": "{name} is an administrator in the configuration (LOA_ADMINS) and cannot be revoked in chat.",
    "grant.self": "You cannot revoke your own role.",
    "grant.usage": "Usage: reply to a person's message with <code>/grant</code> to make them an organiser, or with <code>/grant revoke</code> to revoke it; or <code>/grant 123456789</code>, <code>/grant revoke 123456789</code>.",
}
