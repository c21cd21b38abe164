"""Vietnamese texts of notices.

Writing, previewing and sending a notice (/thongbao) with its progress; the list of announcements
(/ds) with their kinds and states, and cancelling one (/huy). One part of the Vietnamese catalogue,
merged into `handlers.texts.VI`; every key has its twin in `handlers/texts/en/notices.py`, in the
same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # notices
    "notice.usage": (
        "Cách dùng: <code>/thongbao nội dung | đối tượng | thời điểm gửi</code>\n"
        "Đối tượng: <code>tất cả</code> (mặc định), mã đơn vị và nhãn, ví dụ <code>HP, VP, #bgh</code>; "
        "thêm <code>riêng</code> để gửi cả tin nhắn riêng.\n"
        "Thời điểm gửi: bỏ trống để gửi ngay, hoặc ví dụ <code>8h 19/6</code>, <code>30 phút nữa</code>.\n"
        "Các đơn vị xác nhận bằng nút «✔️ Đã nhận»; thêm dòng <code>đã nhận: không</code> nếu không cần.\n"
        "Kết thúc dòng đầu bằng <code>!</code> để gửi không cần xem trước."
    ),
    "notice.example": "/thongbao Kính mời các đồng chí dự Hội nghị sơ kết 6 tháng đầu năm | tất cả | 8h 19/6",
    "notice.missing_text": "Thiếu nội dung thông báo.",
    "notice.too_long": "Nội dung quá dài ({length} ký tự, tối đa {limit}).",
    "notice.unknown_field": "Không hiểu trường «{field}». Các trường được chấp nhận: {known}.",
    "notice.too_many_fields": "Dòng đầu có quá nhiều phần ngăn cách bởi «|» (tối đa 3: nội dung | đối tượng | thời điểm gửi).",
    "notice.card": "📢 <b>THÔNG BÁO #{id}</b>\n{body}",
    "notice.preview": (
        "<b>Xem trước thông báo #{id}</b>\n"
        "Gửi tới: {audience} ({count} nhóm{private})\n"
        "Thời điểm gửi: {when}\n"
        "──────────\n{card}"
    ),
    "notice.when_now": "ngay khi xác nhận",
    "notice.private_part": ", {count} tin nhắn riêng",
    "notice.unreached": "\n⚠️ {units} chưa có nhóm — sẽ không nhận được",
    "notice.no_targets": "Không có nhóm nào đang hoạt động thuộc đối tượng «{audience}». Hãy liên kết nhóm bằng <code>/nhom</code> trước.",
    "notice.btn_send_now": "📤 Gửi ngay",
    "notice.btn_schedule": "⏰ Hẹn gửi {when}",
    "notice.btn_cancel": "✖️ Huỷ",
    "notice.typed_go": "📤 Gửi ngay: GUI {id}",
    "notice.typed_at": "⏰ Hẹn gửi đúng giờ đã định: HEN {id}",
    "notice.typed_no": "✖️ Huỷ bản nháp: HUY {id}",
    "notice.scheduled": "⏰ Đã hẹn gửi {name} lúc {when} tới {audience}.",
    "notice.sending": "📤 Đang gửi {name} tới {count} nhóm{private}.",
    "notice.dropped": "Đã huỷ bản nháp {name}. Không có gì được gửi.",
    "notice.toast_sent": "Đã xác nhận gửi #{id}",
    "notice.toast_scheduled": "Đã hẹn giờ #{id}",
    "notice.toast_dropped": "Đã huỷ bản nháp #{id}",
    "notice.time_passed": "Thời điểm gửi {name} ({when}) đã qua trong lúc chờ xác nhận. Anh/chị có thể gửi ngay, hoặc huỷ và tạo lại với thời điểm mới.",
    "notice.preview_in_private": "Bản xem trước #{id} đã được gửi vào tin nhắn riêng của {name} với Loa; xin xác nhận gửi ở đó.",
    "notice.preview_needs_private": "Loa chưa thể gửi bản xem trước vào tin nhắn riêng của anh/chị (Loa không được nhắn trước). Xin mở chat riêng với @{bot}, bấm «Bắt đầu», rồi gửi lại lệnh. Không có gì được tạo.",
    "notice.preview_expired": "Bản xem trước #{id} đã hết hạn (quá 24 giờ). Xin gõ lại lệnh để tạo bản xem trước mới.",
    "notice.too_late_meeting": "Cuộc họp #{id} đã bắt đầu lúc {when}; giấy mời không được gửi. Nếu cần, tạo giấy mời mới bằng /hop.",
    "notice.too_late_papers": "Hạn nộp tham luận #{id} ({when}) đã qua; lời mời không được gửi. Nếu cần, tạo lời mời mới với hạn nộp mới bằng /thamluan.",
    "notice.toast_too_late": "Đã quá giờ, không gửi",
    "notice.fired_too_late_meeting": "⚠️ Giấy mời họp #{id} đã hẹn giờ nhưng không được gửi: cuộc họp đã bắt đầu lúc {when} trước khi Loa kịp gửi. Nếu cần, tạo giấy mời mới bằng /hop.",
    "notice.fired_too_late_papers": "⚠️ Lời mời gửi tham luận #{id} đã hẹn giờ nhưng không được gửi: hạn nộp ({when}) đã qua trước khi Loa kịp gửi. Nếu cần, tạo lời mời mới bằng /thamluan.",
    "notice.toast_time_passed": "Thời điểm gửi đã qua",
    "progress.running": "Đang gửi #{id}: {done}/{total}…",
    "progress.done": "Đã gửi #{id}: {sent}/{total}.",
    "progress.done_errors": "Đã gửi #{id}: {sent}/{total} · {failed} lỗi: {errors}",
    # list / cancel
    "list.header": "<b>Thông báo</b>",
    "list.empty": "Không có thông báo nào đang hẹn giờ hoặc đang gửi.",
    "list.line": "• <b>#{id}</b> {kind} — {state} — {snippet}",
    "list.recent": "\n<b>Đã gửi gần đây</b>",
    "list.drafts": "\n<b>Bản nháp chưa gửi</b> (bấm «Gửi ngay» hoặc «Hẹn gửi» trên bản xem trước)",
    "kind.notice": "Thông báo",
    "kind.meeting": "Giấy mời họp",
    "kind.paper_call": "Gửi tham luận",
    "kind.news": "Tin bài",
    "state.draft": "bản nháp",
    "state.draft_until": "bản nháp, hết hạn {when}",
    "state.scheduled": "hẹn gửi {when}",
    "state.sending": "đang gửi",
    "state.sent": "đã gửi {when}",
    "state.cancelled": "đã huỷ",
    "cancel.usage": "Cách dùng: <code>/huy 12 | lý do</code> — huỷ thông báo #12 chưa gửi, hoặc cuộc họp, lời mời gửi tham luận #12.",
    "cancel.done": "Đã huỷ {name}.{reason} Không có gì được gửi.",
    "cancel.reason": " Lý do: {reason}.",
    "cancel.already_sent": "{name} đã được gửi, không thể huỷ.",
    "cancel.already_cancelled": "{name} đã được huỷ trước đó.",
    "cancel.partly": "Đã dừng {name}: {cancelled} tin chưa gửi đã được huỷ; {sent} tin đã gửi trước đó.",
    # why a message could not be delivered (the platform's reason, said plainly)
    "failure.chat_not_found": "không tìm thấy nhóm (nhóm đã bị xoá hoặc mã nhóm không đúng)",
    "failure.too_long": "tin quá dài",
    "failure.bad_markup": "định dạng của tin không hợp lệ",
    "failure.empty": "tin không có nội dung",
    "failure.no_rights": "Loa không có quyền gửi tin trong nhóm",
    "failure.kicked": "Loa đã bị xoá khỏi nhóm",
    "failure.not_member": "Loa không còn là thành viên của nhóm",
    "failure.blocked": "người nhận đã chặn Loa",
    "failure.not_started": "người nhận chưa bắt đầu trò chuyện với Loa",
    "failure.deactivated": "tài khoản của người nhận đã bị vô hiệu hoá",
    "failure.message_gone": "không còn tin cần sửa hoặc xoá",
    "failure.never_sent": "tin cần sửa chưa từng được gửi",
    "failure.inactive": "nhóm đã ngừng nhận thông báo",
    "failure.bad_buttons": "nút bấm của tin không hợp lệ",
    "failure.bad_file": "Telegram không dùng được tệp đính kèm",
    "failure.topic_closed": "chủ đề của nhóm đã bị đóng",
    "failure.unreachable": "không kết nối được với Telegram sau nhiều lần thử",
    "failure.other": "Telegram từ chối tin: «{detail}»",
    "failure.item": "{chats}: {reason}",
    # /tinhhinh of a notice or a news post: where each group's copy stands
    "sendstatus.header": "📋 <b>Tình hình gửi {name}</b>\n{summary}",
    "sendstatus.summary": "✅ Đã gửi: {sent}/{total} nhóm · ⏳ Đang chờ: {pending} · ⚠️ Lỗi: {failed}",
    "sendstatus.failed_title": "\n⚠️ <b>Không gửi được:</b>",
    "sendstatus.failed": "• {chat}: {reason}",
    "sendstatus.pending_title": "\n⏳ <b>Đang chờ gửi:</b>",
    "sendstatus.pending": "• {chat}",
    "sendstatus.sent_title": "\n✅ <b>Đã gửi:</b>",
    "sendstatus.sent": "• {chat} — {at}",
    "sendstatus.private_chat": "tin nhắn riêng — {name}",
    "sendstatus.nothing": "Chưa có tin nào được gửi đi.",
    "sendstatus.only_code": "Với {name}, /tinhhinh chỉ nhận mã số (ví dụ <code>/tinhhinh {id}</code>).",
    "status.failed_title": "⚠️ <b>Không gửi được tới {count} nhóm:</b>",
    "status.failed_line": "• {chat}: {reason}",
    "status.failed_more": "… và {count} nhóm nữa",
}
