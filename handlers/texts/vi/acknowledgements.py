"""Vietnamese texts of acknowledgements of notices ([✔️ Đã nhận], `DA NHAN 15`), their status and reminders.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/acknowledgements.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # the card: its button, its typed form (Zalo), its tally
    "ack.button": "✔️ Đã nhận",
    "ack.typed": "Xác nhận đã nhận: DA NHAN {id}",
    "ack.tally": "Đã nhận: {done}/{units} đơn vị",
    "ack.preview_on": "\n✔️ Các đơn vị xác nhận bằng nút «✔️ Đã nhận» (hoặc nhắn <code>DA NHAN {id}</code>). Không cần xác nhận thì thêm dòng <code>đã nhận: không</code>.",
    "ack.preview_off": "\nThông báo này không yêu cầu xác nhận đã nhận.",
    "ack.bad_option": "Không hiểu «đã nhận: {value}». Chỉ nhận <code>đã nhận: có</code> hoặc <code>đã nhận: không</code>.",
    # a press or `DA NHAN 15`
    "ack.done": "Đã ghi nhận: {unit} đã nhận thông báo #{id}.",
    "ack.already": "Cảm ơn anh/chị. {unit} đã xác nhận nhận thông báo #{id}: {name}, lúc {at}.",
    "ack.no_unit": "Loa chưa biết anh/chị thuộc đơn vị nào nên chưa ghi nhận. Xin bấm nút trong nhóm của đơn vị, hoặc nhắn cho Loa mã mời của đơn vị (ví dụ <code>HP-7K2Q</code>) rồi xác nhận lại.",
    "ack.not_in_audience": "Thông báo #{id} không gửi tới đơn vị {unit}; đơn vị không cần xác nhận.",
    "ack.cancelled": "Thông báo #{id} đã bị huỷ; không cần xác nhận.",
    "ack.unknown": "Không có thông báo #{id} nào cần xác nhận đã nhận. Xin xem lại số thông báo (ví dụ <code>DA NHAN 15</code>).",
    "ack.not_asked": "Thông báo #{id} không yêu cầu xác nhận đã nhận; không cần làm gì thêm.",
    # /tinhhinh
    "ack.summary": "✔️ Đã nhận: {done}/{units} đơn vị · 🔕 Chưa nhận: {silent} đơn vị",
    "ack.unit_chat": "{unit} · {chat}",
    "ack.acked_title": "\n✔️ <b>Đã nhận ({count} đơn vị):</b>",
    "ack.acked": "• {unit} — {name}, {at}",
    "ack.silent_title": "\n🔕 <b>Chưa nhận ({count} đơn vị):</b>",
    "ack.silent": "• {unit} — {name}",
    # /nhacnho
    "ack.reminder": "🔔 <b>Nhắc xác nhận thông báo #{id}</b>\n{unit} chưa xác nhận đã nhận thông báo «{snippet}». Xin bấm «✔️ Đã nhận» để Ban tổ chức biết.",
    "ack.reminder_typed": "🔔 <b>Nhắc xác nhận thông báo #{id}</b>\n{unit} chưa xác nhận đã nhận thông báo «{snippet}». Xin nhắn <code>DA NHAN {id}</code> để Ban tổ chức biết.",
    "ack.remind_done": "🔔 Đã nhắc {count} đơn vị chưa xác nhận đã nhận thông báo #{id}: {units}.",
    "ack.remind_unreached": "⚠️ {units} chưa có nhóm hay thành viên nào để nhắc.",
    "ack.remind_nobody": "Mọi đơn vị đã xác nhận đã nhận thông báo #{id}; không cần nhắc.",
    "ack.remind_not_asked": "Thông báo #{id} được gửi không kèm xác nhận (<code>đã nhận: không</code>), nên không có đơn vị nào để nhắc.",
    "ack.remind_news": "#{id} là tin bài; tin bài không cần xác nhận nên không có gì để nhắc. Xem tình hình gửi bằng <code>/tinhhinh {id}</code>.",
    "ack.remind_not_sent": "Thông báo #{id} chưa được gửi đi; chưa có gì để nhắc.",
    "ack.remind_cancelled": "Thông báo #{id} đã bị huỷ; không nhắc.",
    # /xuat
    "ack.export_done": "📊 Danh sách gửi và xác nhận {name} (tệp XLSX bên dưới).{tally}",
    "ack.export_caption": "Danh sách gửi và xác nhận #{id}",
    "ack.export_private_only": "Danh sách #{id} chỉ được gửi riêng cho Ban tổ chức. Xin mở chat riêng với Loa, bấm «Bắt đầu», rồi gõ lại <code>/xuat {id}</code>.",
    "ack.sheet": "Danh sách",
    "ack.col.stt": "STT",
    "ack.col.unit": "Đơn vị",
    "ack.col.chat": "Nhóm",
    "ack.col.platform": "Nền tảng",
    "ack.col.sent_at": "Đã gửi lúc",
    "ack.col.error": "Lỗi",
    "ack.col.by": "Đã nhận bởi",
    "ack.col.at": "Đã nhận lúc",
    "ack.cell_pending": "đang chờ gửi",
    "ack.cell_no_chat": "chưa có nhóm",
    "ack.cell_cluster": "cả Cụm",
}
