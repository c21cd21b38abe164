"""English texts of the appraisal of papers: `/review`, its buttons and states, the comment sent
to a unit whose paper needs revising, and the revised version's notices.

One part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin in
`handlers/texts/vi/appraisal.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "menu.thamdinh": "Appraise papers: accepted, needs revision, chosen to present (organisers)",
    "review.example": "/review 7",
    "review.usage": (
        "Usage: <code>/review 7</code> (the papers of call #7 to appraise), "
        "<code>/review 7 HP DAT</code> (or <code>CANSUA</code>, <code>TRINHBAY</code>), "
        "<code>/review 7 HP | cần sửa | comment | 17h 20/6</code>."
    ),
    "review.not_call": "/review is for paper calls: #{id} is not a call for papers.",
    "review.cancelled": "Paper call #{id} was cancelled; it cannot be appraised.",
    "review.no_paper": "Unit {unit} has not submitted a paper for call #{id}. Nothing was changed.",
    "review.bad_verdict": (
        "«{value}» is not understood. The verdict is <code>đạt</code>, <code>cần sửa</code> or "
        "<code>chọn trình bày</code>, e.g. <code>/review {id} {unit} | đạt</code>. Nothing was changed."
    ),
    "review.need_deadline": (
        "The deadline of {unit} has passed: please give the revision's deadline, e.g. "
        "<code>/review {id} {unit} | cần sửa | Add the 2024 figures | 17h 20/6</code>. Nothing was changed."
    ),
    "review.set": "Recorded: the paper of {unit} (#{id}) — {state}.",
    "review.unchanged": "The paper of {unit} is already {state}.",
    "review.state.received": "received",
    "review.state.needs_revision": "needs revision",
    "review.state.revised": "revised",
    "review.state.accepted": "accepted",
    "review.state.presenting": "chosen to present",
    "review.header": "<b>Appraisal of papers #{id}</b>: {topic}\n{units} units have submitted.",
    "review.tally": "<i>{tally}</i>",
    "review.footer": (
        "Each unit has three buttons: [Accept] [Needs revision] [Present]. Typed instead: "
        "<code>/review {id} HP DAT</code>, <code>CANSUA</code>, <code>TRINHBAY</code>."
    ),
    "review.empty": "No unit has submitted a paper for call #{id} yet.",
    "review.unit": "<b>{code}</b> — {name}",
    "review.paper": "📄 {file} · version {version} · {warnings} · <b>{state}</b>",
    "review.warnings": "⚠️ {count} format warnings",
    "review.no_warnings": "format OK",
    "review.comment": "    ✏️ Comment: {comment}",
    "review.revision_deadline": "    ⏳ Revision due: {when}",
    "review.button_ok": "Accept",
    "review.button_fix": "Needs revision",
    "review.button_pr": "Present",
    "review.typed": "THAMDINH {id} {unit} {verb}",
    "review.receipt_revised": " This is the revised version (version {version}); the organisers were told.",
    "review.receipt_version": " This is version {version} from the unit.",
    "review.status_line": "      version {version} · {state}",
    "review.col.version": "Version",
    "review.col.state": "Appraisal",
    "review.col.comment": "Comment",
    "review.ask_comment": (
        "✏️ The paper of {unit} (version {version}, call #{id}) needs revision.\n"
        "Please type the comment for the unit (one message). Type <code>huỷ</code> to stop."
    ),
    "review.toast_ask": "Please type the comment for {unit} in the private chat",
    "review.toast_ask_here": "Please type the comment for {unit}",
    "review.quit": "Stopped; no comment was sent. Nothing was changed.",
    "review.question_stale": "The unit has sent a new file or the call has changed; the comment was not sent. Type /review again to see the list.",
    "review.bad_comment": "Please type the comment (at most {limit} characters).",
    "review.ask_deadline": "The revision's deadline for {unit}? Type a time, e.g. <code>17h 20/6</code>.",
    "review.ask_deadline_default": (
        "The revision's deadline for {unit}? Type a time, e.g. <code>17h 20/6</code>, "
        "or type <code>ok</code> to keep {when}."
    ),
    "review.ask_deadline_again": "Please type the revision's deadline again.",
    "review.fix_notice": (
        "✏️ The paper of {unit} (version {version}) needs revision: {comment}. Please send the "
        "revised version before {deadline} (reply to the card or /nop {id})."
    ),
    "review.fix_notice_typed": (
        "✏️ The paper of {unit} (version {version}) needs revision: {comment}. Please send the "
        "revised version before {deadline} (send NOP {id} &lt;link to the file&gt;)."
    ),
    "review.fix_sent": "The comment was sent to {unit} ({count} recipients): version {version} of paper #{id} needs revision, due {deadline}.",
    "review.fix_unreached": "Recorded: version {version} of {unit} (#{id}) needs revision, due {deadline}; but no group or person of {unit} receives Loa's messages yet.",
    "review.revised_notice": "📥 {unit} has sent the revised version (version {version}) of paper #{id}.",
}
