"""Vietnamese texts of the giấy mời as an official document (PRODUCT §14): số hiệu, chủ trì,
liên hệ, yêu cầu and số đại biểu on the card, `sau hạn:`, the 3-working-day warning of the
preview, and their steps in the guided /hop dialogue.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/invitation.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # the card, in the order of a giấy mời
    "invitation.doc_number": "🔖 Số: {number}",
    "invitation.chair": "🎙 Chủ trì: {chair}",
    "invitation.requirements": "📌 Yêu cầu: {requirements}",
    "invitation.quota": "🎫 Số đại biểu: {quota}",
    "invitation.quota_default": "{count} người mỗi đơn vị",
    "invitation.quota_units": "{units}",
    "invitation.quota_default_units": "{count} người mỗi đơn vị ({units})",
    "invitation.quota_others_free": "{units}; các đơn vị khác không giới hạn",
    "invitation.contact": "☎️ Liên hệ: {contact}",
    "invitation.deadline_closed": " (sau hạn không nhận thêm)",
    # the form
    "invitation.bad_quota": (
        "Không đọc được số đại biểu «{value}». Xin ghi một số từ 1 đến {limit} cho mỗi đơn vị, "
        "có thể kèm số riêng cho từng đơn vị, ví dụ <code>số đại biểu: 3</code>, "
        "<code>số đại biểu: 3; HN 5, HP 4</code> hoặc <code>số đại biểu: HN 5, HP 4</code>."
    ),
    "invitation.quota_range": (
        "Số đại biểu «{value}» không hợp lệ: phải là số nguyên từ 1 đến {limit}, "
        "ví dụ <code>số đại biểu: 3; HN 5</code>."
    ),
    "invitation.quota_twice": "Đơn vị {code} được ghi hai lần trong <code>số đại biểu:</code>; xin ghi mỗi đơn vị một lần, ví dụ <code>số đại biểu: 3; HN 5, HP 4</code>.",
    "invitation.quota_not_invited": "Đơn vị {code} không thuộc đối tượng của giấy mời ({audience}), nên không thể đặt số đại biểu cho đơn vị này. Các đơn vị được mời: {known}.",
    "invitation.bad_after_deadline": "Không hiểu «{value}» trong <code>sau hạn:</code>. Xin ghi <code>sau hạn: đóng</code> (không nhận thêm sau hạn xác nhận) hoặc <code>sau hạn: nhận</code> (vẫn nhận, đánh dấu trễ).",
    "invitation.closes_needs_deadline": "<code>sau hạn: đóng</code> cần có hạn xác nhận. Xin thêm dòng <code>hạn xác nhận:</code>, ví dụ <code>hạn xác nhận: 17h 14/6/2024</code>.",
    "invitation.after_deadline_closed": "đóng (không nhận thêm)",
    "invitation.after_deadline_late": "nhận, đánh dấu trễ",
    "invitation.no_quota": "không giới hạn",
    # warnings
    "invitation.short_notice": "⚠️ Giấy mời sẽ đến các đơn vị chưa đủ 3 ngày làm việc trước ngày họp (không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ). Hạn gửi đúng quy định: {last}.",
    "invitation.over_quota": "⚠️ Số đại biểu mới thấp hơn số đã đăng ký của: {units}. Các đại biểu đã có vẫn được giữ; xin liên hệ các đơn vị này.",
    "invitation.over_quota_unit": "{code} ({count}/{quota})",
    # /sua labels
    "edit.field.doc_number": "số hiệu",
    "edit.field.chair": "chủ trì",
    "edit.field.contact": "liên hệ",
    "edit.field.requirements": "yêu cầu",
    "edit.field.quota": "số đại biểu",
    "edit.field.closes": "sau hạn",
    # the guided /hop dialogue
    "dialogue.field.doc_number": "Số hiệu",
    "dialogue.field.chair": "Chủ trì",
    "dialogue.field.contact": "Liên hệ",
    "dialogue.field.requirements": "Yêu cầu",
    "dialogue.field.quota": "Số đại biểu",
    "dialogue.field.closes": "Sau hạn xác nhận",
    "dialogue.ask.doc_number": "<b>Bước {step}/5 · Số hiệu</b>\nXin gõ số hiệu giấy mời (tối đa 100 ký tự), ví dụ <code>45/GM-CTĐ</code>. Gõ <code>không</code> để bỏ mục này.",
    "dialogue.ask.chair": "<b>Bước {step}/5 · Chủ trì</b>\nXin gõ người chủ trì cuộc họp (tối đa 300 ký tự), ví dụ <code>Đồng chí Nguyễn Văn A, Hiệu trưởng, Trưởng Cụm thi đua</code>. Gõ <code>không</code> để bỏ mục này.",
    "dialogue.ask.contact": "<b>Bước {step}/5 · Liên hệ</b>\nXin gõ họ tên và số điện thoại người liên hệ (tối đa 300 ký tự), ví dụ <code>Đồng chí Trần Thị B, Văn phòng, 0912345678</code>. Gõ <code>không</code> để bỏ mục này.",
    "dialogue.ask.requirements": "<b>Bước {step}/5 · Yêu cầu</b>\nXin gõ những gì đại biểu cần chuẩn bị (tối đa 2000 ký tự), ví dụ <code>Các đơn vị chuẩn bị báo cáo tham luận, gửi trước ngày 14/6.</code> Gõ <code>không</code> để bỏ mục này.",
    "dialogue.ask.quota": "<b>Bước {step}/5 · Số đại biểu</b>\nXin gõ số đại biểu mỗi đơn vị (1 đến 200), có thể kèm số riêng cho từng đơn vị, ví dụ <code>3</code> hoặc <code>3; HN 5, HP 4</code>. Gõ <code>không</code> để không giới hạn.",
    "dialogue.ask.closes": "<b>Bước {step}/5 · Sau hạn xác nhận</b>\nSau hạn xác nhận, Loa vẫn nhận trả lời và đăng ký (đánh dấu trễ) hay không nhận thêm? Bấm một nút, hoặc gõ <code>nhận</code> hoặc <code>đóng</code>.",
    "dialogue.opt.doc_number": "🔖 Số hiệu",
    "dialogue.opt.chair": "🎙 Chủ trì",
    "dialogue.opt.contact": "☎️ Liên hệ",
    "dialogue.opt.requirements": "📌 Yêu cầu",
    "dialogue.opt.quota": "🎫 Số đại biểu",
    "dialogue.opt.closes": "🔒 Sau hạn",
    "dialogue.btn_accept_late": "Nhận, đánh dấu trễ",
    "dialogue.btn_close": "Đóng",
    "dialogue.toast_closes": "Sau hạn: {value}",
}
