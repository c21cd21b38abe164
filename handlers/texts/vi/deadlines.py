"""Vietnamese texts of deadlines: closed answers (`sau hạn: đóng`), late marks and `/giahan`.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/deadlines.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # answers at the deadline (`sau hạn: đóng`) and late marks
    "deadlines.closed": "Đã hết hạn xác nhận ({when}). Vui lòng liên hệ ban tổ chức.",
    "deadlines.late_mark": " <i>(trễ)</i>",
    "deadlines.own": " · hạn riêng: {when}",
    "deadlines.summary_extended": "\nĐược gia hạn (chưa đến hạn riêng): {units}.",
    "export.col.late": "Trễ hạn",
    "export.late": "trễ",
    "export.sum.own_deadlines": "Hạn riêng",
    # /giahan
    "menu.giahan": "Gia hạn riêng cho một đơn vị",
    "extend.example": "/giahan 12 HP | 17h 16/6",
    "extend.usage": "Cách dùng: <code>/giahan 12 HP | 17h 16/6</code> — gia hạn xác nhận giấy mời #12 (hoặc hạn nộp tham luận) riêng cho đơn vị HP. <code>/giahan 12 HP</code> cho biết hạn hiện tại của đơn vị.",
    "extend.not_meeting": "{name} không phải giấy mời họp hay lời mời tham luận; lệnh /giahan chỉ dùng cho hai loại này.",
    "extend.cancelled": "{name} đã bị huỷ; không thể gia hạn.",
    "extend.no_unit": "Xin ghi mã đơn vị được gia hạn sau số #{id}, ví dụ <code>/giahan {id} HP | 17h 16/6</code>.",
    "extend.one_unit": "Mỗi lần chỉ gia hạn cho một đơn vị, ví dụ <code>/giahan {id} HP | 17h 16/6</code>.",
    "extend.not_in_audience": "Đơn vị {code} không thuộc đối tượng của {name}. Các đơn vị được gửi: {known}.",
    "extend.no_deadline": "Giấy mời #{id} không có hạn xác nhận nên không cần gia hạn. Muốn đặt hạn chung: <code>/sua {id} hạn xác nhận: 17h 14/6</code>.",
    "extend.after_start": "Hạn mới phải trước giờ họp ({starts}) của giấy mời #{id}.",
    "extend.current_own": "Hạn riêng của {unit} cho {name}: {when}. Đổi: <code>/giahan {id} {unit} | 17h 16/6</code>.",
    "extend.current_general": "{unit} theo hạn chung của {name}: {when}. Gia hạn riêng: <code>/giahan {id} {unit} | 17h 16/6</code>.",
    "extend.done": "📅 Đã gia hạn cho {unit} — {name}: hạn mới {when}.",
    "extend.told": "Đã báo cho đơn vị ({count} nhóm/tin nhắn riêng).",
    "extend.not_told": "Đơn vị chưa có nhóm hay thành viên nào để Loa báo; xin báo trực tiếp cho đơn vị.",
    "extend.not_sent": "Thông báo chưa gửi đi nên Loa chưa báo cho đơn vị; xin báo hạn riêng cho đơn vị khi gửi.",
    "extend.notice": "📅 Ban tổ chức đã gia hạn cho {unit}: {what} — hạn mới {when}.",
    "extend.what.meeting": "giấy mời #{id} «{title}»",
    "extend.what.paper_call": "lời mời tham luận #{id} «{title}»",
}
