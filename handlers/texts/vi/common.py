"""Vietnamese texts of what every capability shares.

Errors, time expressions, list pages, the command menu, the names of announcements (`name.`) and the
router's replies to chat it does not understand (`chat.`), the platforms' names (`platform.`). One
part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/common.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "error.not_organiser_toast": "Chỉ Ban tổ chức được dùng nút này.",
    "menu.start": "Giới thiệu và vai trò của bạn",
    "menu.trogiup": "Danh sách lệnh và ví dụ",
    "menu.ngonngu": "Chọn ngôn ngữ (vi/en)",
    "menu.thongbao": "Gửi thông báo (Ban tổ chức)",
    "menu.hop": "Gửi giấy mời họp (Ban tổ chức)",
    "menu.thamluan": "Mời các đơn vị gửi tham luận (Ban tổ chức)",
    "menu.nop": "Nộp tham luận: gửi tệp kèm chú thích /nop 7",
    "menu.tinhhinh": "Tình hình xác nhận họp, nộp tham luận (Ban tổ chức)",
    "menu.xuat": "Xuất danh sách ra Excel, tham luận ra ZIP (Ban tổ chức)",
    "menu.lich": "Lịch họp sắp tới của đơn vị",
    "menu.ds": "Thông báo đã hẹn giờ và đang gửi",
    "menu.huy": "Huỷ thông báo chưa gửi, cuộc họp hoặc lời mời tham luận",
    "menu.sua": "Sửa giấy mời họp, lời mời tham luận (Ban tổ chức)",
    "menu.donvi": "Danh sách và quản lý đơn vị",
    "menu.nhom": "Liên kết nhóm với đơn vị",
    "menu.moi": "Tạo mã mời vào đơn vị",
    "menu.quyen": "Cấp hoặc thu hồi quyền Ban tổ chức",
    # generic
    "error.internal": "Xin lỗi, đã có lỗi xảy ra khi xử lý yêu cầu. Xin vui lòng thử lại sau ít phút.",
    "error.busy": "Hệ thống đang bận vì nhiều người gửi cùng lúc nên yêu cầu của anh/chị chưa được ghi nhận. Xin gửi lại sau ít phút.",
    "error.not_organiser": (
        "Xin lỗi, lệnh <b>/{command}</b> chỉ dành cho Ban tổ chức. Không có gì thay đổi."
    ),
    "error.stale_button": "Nút này không còn hiệu lực.",
    "pages.previous": "◀ Trước",
    "pages.next": "Sau ▶",
    "pages.line": "<i>Trang {page}/{count}</i>",
    "error.unknown_command": (
        "Loa không hiểu lệnh <b>{command}</b>. Gõ /trogiup để xem các lệnh có thể dùng."
    ),
    "error.private_only": "Lệnh này chỉ dùng trong tin nhắn riêng với Loa.",
    "error.group_only": "Lệnh này chỉ dùng trong nhóm.",
    "error.example": "Ví dụ:\n<code>{example}</code>",
    "error.unknown_unit": "Không có đơn vị mã <b>{code}</b>. Các mã đang có: {known}.",
    "error.no_units": "Chưa có đơn vị nào. Ban tổ chức thêm đơn vị bằng: <code>/donvi them HP | Tên đơn vị</code>",
    "error.bad_code": "«{value}» không phải mã thông báo. Mã là số, ví dụ <code>12</code> hoặc <code>#12</code>.",
    "error.no_announcement": "Không có thông báo #{id}.",
    "error.time": (
        "Không đọc được thời điểm «{value}»: {reason}.\nCác cách viết được chấp nhận: {examples}."
    ),
    "time.unreadable": "không rõ ngày giờ",
    "time.ambiguous": "cách viết có thể hiểu theo nhiều nghĩa",
    "time.past": "thời điểm này đã qua",
    "time.invalid_date": "ngày không tồn tại",
    "time.out_of_range": "thời điểm quá xa",
    "time.night_hour": (
        "giờ từ 0h đến 5h59 cần ghi rõ buổi: viết «2h sáng» nếu là ban đêm, «14h» nếu là buổi chiều"
    ),
    "menu.nguon": "Theo dõi nguồn tin RSS/Atom (Ban tổ chức)",
    "menu.tin": "Gửi đường dẫn tin bài (Ban tổ chức)",
    "menu.nhacnho": "Nhắc ngay các đơn vị chưa trả lời, chưa nộp",
    "chat.private_hint": "Loa chưa hiểu tin nhắn này. Gõ /trogiup để xem các lệnh.",
    "chat.join_hint": "Để tham gia đơn vị, xin nhắn cho Loa mã mời do Ban tổ chức gửi (ví dụ <code>HP-7K2Q</code>).",
    "zalo.files_telegram_only": (
        "Tệp xuất chỉ gửi được qua Telegram: Zalo không cho bot gửi tệp. "
        "Xin mở Loa trên Telegram và gõ lại lệnh này để nhận tệp."
    ),
    "chat.did_you_mean": (
        "Có phải anh/chị muốn gõ {command}? Tên lệnh viết không dấu và liền nhau."
    ),
    "name.notice": "thông báo #{id}",
    "name.meeting": "giấy mời #{id}",
    "name.paper_call": "lời mời tham luận #{id}",
    "name.news": "tin bài #{id}",
    # where a person talks to Loa, as tables and exports show it
    "platform.telegram": "Telegram",
    "platform.zalo": "Zalo",
    "platform.mark": " ({platform})",
}
