"""Vietnamese texts of the appraisal of papers: `/thamdinh`, its buttons and states, the comment
sent to a unit whose paper needs revising, and the revised version's notices.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/appraisal.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "menu.thamdinh": "Thẩm định tham luận: đạt, cần sửa, chọn trình bày (Ban tổ chức)",
    "review.example": "/thamdinh 7",
    "review.usage": (
        "Cách dùng: <code>/thamdinh 7</code> (danh sách tham luận của lời mời #7 để thẩm định), "
        "<code>/thamdinh 7 HP DAT</code> (hoặc <code>CANSUA</code>, <code>TRINHBAY</code>), "
        "<code>/thamdinh 7 HP | cần sửa | nhận xét | 17h 20/6</code>."
    ),
    "review.not_call": "/thamdinh dùng cho đợt gửi tham luận: #{id} không phải lời mời gửi tham luận.",
    "review.cancelled": "Lời mời gửi tham luận #{id} đã bị huỷ; không thẩm định được.",
    "review.no_paper": "Đơn vị {unit} chưa nộp tham luận cho lời mời #{id}. Không có gì thay đổi.",
    "review.bad_verdict": (
        "Không hiểu «{value}». Kết quả thẩm định là <code>đạt</code>, <code>cần sửa</code> hoặc "
        "<code>chọn trình bày</code>, ví dụ <code>/thamdinh {id} {unit} | đạt</code>. Không có gì thay đổi."
    ),
    "review.need_deadline": (
        "Hạn nộp của {unit} đã qua: xin ghi hạn gửi bản sửa, ví dụ "
        "<code>/thamdinh {id} {unit} | cần sửa | Bổ sung số liệu năm 2024 | 17h 20/6</code>. Không có gì thay đổi."
    ),
    "review.set": "Đã ghi: tham luận của {unit} (#{id}) — {state}.",
    "review.unchanged": "Tham luận của {unit} đã ở trạng thái {state}.",
    "review.state.received": "đã nhận",
    "review.state.needs_revision": "cần sửa",
    "review.state.revised": "đã sửa",
    "review.state.accepted": "đạt",
    "review.state.presenting": "chọn trình bày",
    "review.header": "<b>Thẩm định tham luận #{id}</b>: {topic}\n{units} đơn vị đã nộp.",
    "review.tally": "<i>{tally}</i>",
    "review.footer": (
        "Mỗi đơn vị có ba nút: [Đạt] [Cần sửa] [Chọn trình bày]. Gõ thay nút: "
        "<code>/thamdinh {id} HP DAT</code>, <code>CANSUA</code>, <code>TRINHBAY</code>."
    ),
    "review.empty": "Chưa có đơn vị nào nộp tham luận cho lời mời #{id}.",
    "review.unit": "<b>{code}</b> — {name}",
    "review.paper": "📄 {file} · bản {version} · {warnings} · <b>{state}</b>",
    "review.warnings": "⚠️ {count} lưu ý định dạng",
    "review.no_warnings": "định dạng đúng",
    "review.comment": "    ✏️ Nhận xét: {comment}",
    "review.revision_deadline": "    ⏳ Hạn gửi bản sửa: {when}",
    "review.button_ok": "Đạt",
    "review.button_fix": "Cần sửa",
    "review.button_pr": "Chọn trình bày",
    "review.typed": "THAMDINH {id} {unit} {verb}",
    "review.receipt_revised": " Đây là bản sửa (bản {version}); Ban tổ chức đã được báo.",
    "review.receipt_version": " Đây là bản {version} của đơn vị.",
    "review.status_line": "      bản {version} · {state}",
    "review.col.version": "Bản",
    "review.col.state": "Thẩm định",
    "review.col.comment": "Nhận xét",
    "review.ask_comment": (
        "✏️ Tham luận của {unit} (bản {version}, lời mời #{id}) cần sửa.\n"
        "Xin gõ nhận xét gửi đơn vị (một tin nhắn). Gõ <code>huỷ</code> để thôi."
    ),
    "review.toast_ask": "Xin gõ nhận xét cho {unit} trong tin nhắn riêng",
    "review.toast_ask_here": "Xin gõ nhận xét cho {unit}",
    "review.quit": "Đã thôi, không gửi nhận xét. Không có gì thay đổi.",
    "review.question_stale": "Đơn vị đã gửi tệp mới hoặc lời mời đã thay đổi; nhận xét chưa được gửi. Gõ lại /thamdinh để xem danh sách.",
    "review.bad_comment": "Xin gõ nhận xét (tối đa {limit} ký tự).",
    "review.ask_deadline": "Hạn gửi bản sửa của {unit}? Gõ thời điểm, ví dụ <code>17h 20/6</code>.",
    "review.ask_deadline_default": (
        "Hạn gửi bản sửa của {unit}? Gõ thời điểm, ví dụ <code>17h 20/6</code>, "
        "hoặc gõ <code>ok</code> để giữ hạn {when}."
    ),
    "review.ask_deadline_again": "Xin gõ lại hạn gửi bản sửa.",
    "review.fix_notice": (
        "✏️ Tham luận của {unit} (bản {version}) cần sửa: {comment}. Vui lòng gửi bản sửa trước "
        "{deadline} (trả lời tin thẻ hoặc /nop {id})."
    ),
    "review.fix_notice_typed": (
        "✏️ Tham luận của {unit} (bản {version}) cần sửa: {comment}. Vui lòng gửi bản sửa trước "
        "{deadline} (gửi NOP {id} &lt;đường dẫn tới tệp&gt;)."
    ),
    "review.fix_sent": "Đã gửi nhận xét cho {unit} ({count} nơi nhận): bản {version} của tham luận #{id} cần sửa, hạn gửi bản sửa {deadline}.",
    "review.fix_unreached": "Đã ghi: bản {version} của {unit} (#{id}) cần sửa, hạn {deadline}; nhưng {unit} chưa có nhóm hay người nào nhận được tin của Loa.",
    "review.revised_notice": "📥 {unit} đã gửi bản sửa (bản {version}) của tham luận #{id}.",
}
