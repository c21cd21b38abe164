"""English texts of acknowledgements of notices ([✔️ Đã nhận], `DA NHAN 15`), their status and reminders.

One part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin in
`handlers/texts/vi/acknowledgements.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # the card: its button, its typed form (Zalo), its tally
    "ack.button": "✔️ Received",
    "ack.typed": "Confirm receipt: DA NHAN {id}",
    "ack.tally": "Received: {done}/{units} units",
    "ack.preview_on": "\n✔️ Units confirm with the «✔️ Received» button (or by sending <code>DA NHAN {id}</code>). To ask for no confirmation add the line <code>đã nhận: không</code>.",
    "ack.preview_off": "\nThis notice asks for no confirmation of receipt.",
    "ack.bad_option": "Cannot read «{value}» as a receipt option. Only <code>đã nhận: có</code> or <code>đã nhận: không</code>.",
    # a press or `DA NHAN 15`
    "ack.done": "Recorded: {unit} has received notice #{id}.",
    "ack.already": "Thank you. {unit} already confirmed receipt of notice #{id}: {name}, at {at}.",
    "ack.no_unit": "Loa does not know your unit yet, so nothing was recorded. Please press the button in your unit's group, or send Loa your unit's invite code (for example <code>HP-7K2Q</code>), then confirm again.",
    "ack.not_in_audience": "Notice #{id} was not sent to unit {unit}; the unit need not confirm.",
    "ack.cancelled": "Notice #{id} was cancelled; no confirmation needed.",
    "ack.unknown": "There is no notice #{id} to confirm. Please check the number (for example <code>DA NHAN 15</code>).",
    "ack.not_asked": "Notice #{id} asks for no confirmation of receipt; nothing more to do.",
    # /tinhhinh
    "ack.summary": "✔️ Received: {done}/{units} units · 🔕 Silent: {silent} units",
    "ack.unit_chat": "{unit} · {chat}",
    "ack.acked_title": "\n✔️ <b>Received ({count} units):</b>",
    "ack.acked": "• {unit} — {name}, {at}",
    "ack.silent_title": "\n🔕 <b>Silent ({count} units):</b>",
    "ack.silent": "• {unit} — {name}",
    # /nhacnho
    "ack.reminder": "🔔 <b>Please confirm notice #{id}</b>\n{unit} has not confirmed receipt of the notice «{snippet}». Please press «✔️ Received» so the organisers know.",
    "ack.reminder_typed": "🔔 <b>Please confirm notice #{id}</b>\n{unit} has not confirmed receipt of the notice «{snippet}». Please send <code>DA NHAN {id}</code> so the organisers know.",
    "ack.remind_done": "🔔 Reminded {count} units that have not confirmed notice #{id}: {units}.",
    "ack.remind_unreached": "⚠️ {units} have no group or member to remind.",
    "ack.remind_nobody": "Every unit confirmed receipt of notice #{id}; nobody to remind.",
    "ack.remind_not_asked": "Notice #{id} was sent without confirmation (<code>đã nhận: không</code>), so there is no unit to remind.",
    "ack.remind_news": "#{id} is a news post; news posts need no confirmation, so there is nothing to remind. See its delivery with <code>/tinhhinh {id}</code>.",
    "ack.remind_not_sent": "Notice #{id} has not been sent yet; nothing to remind.",
    "ack.remind_cancelled": "Notice #{id} was cancelled; no reminder.",
    # /xuat
    "ack.export_done": "📊 Delivery and receipt list of {name} (XLSX file below).{tally}",
    "ack.export_caption": "Delivery and receipt list of #{id}",
    "ack.export_private_only": "The list of #{id} is sent to organisers privately only. Please open a private chat with Loa, press «Start», then type <code>/xuat {id}</code> again.",
    "ack.sheet": "List",
    "ack.col.stt": "No.",
    "ack.col.unit": "Unit",
    "ack.col.chat": "Group",
    "ack.col.platform": "Platform",
    "ack.col.sent_at": "Sent at",
    "ack.col.error": "Error",
    "ack.col.by": "Received by",
    "ack.col.at": "Received at",
    "ack.cell_pending": "waiting to be sent",
    "ack.cell_no_chat": "no group yet",
    "ack.cell_cluster": "whole cluster",
}
