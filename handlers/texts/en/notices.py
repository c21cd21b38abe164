"""English texts of notices.

Writing, previewing and sending a notice (/thongbao) with its progress; the list of announcements
(/ds) with their kinds and states, and cancelling one (/huy). One part of the English catalogue,
merged into `handlers.texts.EN`; every key has its twin in `handlers/texts/vi/notices.py`, in the
same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # notices
    "notice.usage": "Usage: <code>/notice text | audience | send time</code>\nAudience: <code>all</code> (the default), unit codes and tags, for example <code>HP, VP, #bgh</code>; add <code>private</code> to reach members' private chats too.\nSend time: leave it empty to send now, or for example <code>8h 19/6</code>, <code>30 phút nữa</code>.\nEnd the first line with <code>!</code> to send without a preview.",
    "notice.example": "/notice Kính mời các đồng chí dự Hội nghị sơ kết 6 tháng đầu năm | all | 8h 19/6",
    "notice.missing_text": "The notice's text is missing.",
    "notice.too_long": "The text is too long ({length} characters, at most {limit}).",
    "notice.unknown_field": "Loa does not know the field «{field}». Accepted fields: {known}.",
    "notice.too_many_fields": "The first line has too many parts separated by «|» (at most 3: text | audience | send time).",
    "notice.card": "📢 <b>NOTICE #{id}</b>\n{body}",
    "notice.preview": "<b>Preview of notice #{id}</b>\nTo: {audience} ({count} groups{private})\nSend time: {when}\n(Groups receive the notice in Vietnamese.)\n──────────\n{card}",
    "notice.when_now": "as soon as you confirm",
    "notice.private_part": ", {count} private chats",
    "notice.unreached": "\n⚠️ {units} have no group yet — they will not receive it",
    "notice.no_targets": "No active group belongs to the audience «{audience}». Please link the groups with <code>/group</code> first.",
    "notice.btn_send_now": "📤 Send now",
    "notice.btn_schedule": "⏰ Schedule for {when}",
    "notice.btn_cancel": "✖️ Cancel",
    "notice.scheduled": "⏰ Scheduled {name} for {when}, to {audience}.",
    "notice.sending": "📤 Sending {name} to {count} groups{private}.",
    "notice.dropped": "Draft dropped: {name}. Nothing was sent.",
    "notice.toast_sent": "Sending #{id} confirmed",
    "notice.toast_scheduled": "#{id} scheduled",
    "notice.toast_dropped": "Draft #{id} dropped",
    "notice.time_passed": "The send time of {name} ({when}) passed while waiting for your confirmation. You can send it now, or cancel it and create it again with a new time.",
    "notice.preview_in_private": "Preview #{id} was sent to {name}'s private chat with Loa; please confirm it there.",
    "notice.preview_needs_private": "Loa cannot send the preview to your private chat yet (Loa may not write first). Please open a private chat with @{bot}, press «Start», then send the command again. Nothing was created.",
    "notice.preview_expired": "Preview #{id} has expired (over 24 hours). Please send the command again for a new preview.",
    "notice.too_late_meeting": "Meeting #{id} started at {when}; the invitation was not sent. If needed, make a new one with /meeting.",
    "notice.too_late_papers": "The deadline of call for papers #{id} ({when}) has passed; the call was not sent. If needed, make a new one with a new deadline with /papers.",
    "notice.toast_too_late": "Too late, not sent",
    "notice.fired_too_late_meeting": "⚠️ Meeting invitation #{id} was scheduled but not sent: the meeting started at {when} before Loa could send it. If needed, make a new one with /meeting.",
    "notice.fired_too_late_papers": "⚠️ Call for papers #{id} was scheduled but not sent: its deadline ({when}) passed before Loa could send it. If needed, make a new one with /papers.",
    "notice.toast_time_passed": "The send time has passed",
    "progress.running": "Sending #{id}: {done}/{total}…",
    "progress.done": "Sent #{id}: {sent}/{total}.",
    "progress.done_errors": "Sent #{id}: {sent}/{total} · {failed} errors: {errors}",
    # list / cancel
    "list.header": "<b>Announcements</b>",
    "list.empty": "No announcement is scheduled or being sent.",
    "list.line": "• <b>#{id}</b> {kind} — {state} — {snippet}",
    "list.recent": "\n<b>Recently sent</b>",
    "list.drafts": "\n<b>Drafts not sent</b> (press «Send now» or «Schedule» on the preview)",
    "kind.notice": "Notice",
    "kind.meeting": "Meeting invitation",
    "kind.paper_call": "Call for papers",
    "kind.news": "News post",
    "state.draft": "draft",
    "state.draft_until": "draft, expires {when}",
    "state.scheduled": "scheduled for {when}",
    "state.sending": "sending",
    "state.sent": "sent {when}",
    "state.cancelled": "cancelled",
    "cancel.usage": "Usage: <code>/cancel 12 | reason</code> — cancels notice #12 if it has not been sent, or meeting or paper call #12.",
    "cancel.done": "Cancelled: {name}.{reason} Nothing was sent.",
    "cancel.reason": " Reason: {reason}.",
    "cancel.already_sent": "Already sent, so it cannot be cancelled: {name}.",
    "cancel.already_cancelled": "Already cancelled: {name}.",
    "cancel.partly": "Stopped {name}: {cancelled} unsent messages were cancelled; {sent} had already been sent.",
}
