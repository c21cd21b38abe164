"""Vietnamese texts of delegations to a meeting: registration by button and `/daibieu`, quotas, the list.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/delegates.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "menu.daibieu": "Đăng ký, xem, xoá đại biểu của đơn vị dự họp",
    "help.delegates": (
        "\n/daibieu — đại biểu của đơn vị dự họp: "
        "<code>/daibieu 12 | Nguyễn Văn A, Phó Hiệu trưởng, 0912345678; Trần Thị B, Trưởng phòng Đào tạo</code>; "
        "<code>/daibieu 12</code> xem danh sách; <code>/daibieu 12 xoa 2</code> xoá người thứ 2 "
        "(Ban tổ chức thêm mã đơn vị: <code>/daibieu 12 HP | …</code>)"
    ),
    "delegates.example": "/daibieu 12 | Nguyễn Văn A, Phó Hiệu trưởng, 0912345678; Trần Thị B, Trưởng phòng Đào tạo",
    "delegates.usage": (
        "Cách dùng /daibieu:\n"
        "<code>/daibieu 12 | Nguyễn Văn A, Phó Hiệu trưởng, 0912345678; Trần Thị B, Trưởng phòng Đào tạo</code> — đăng ký đại biểu (họ tên, chức vụ, điện thoại; điện thoại không bắt buộc)\n"
        "<code>/daibieu 12</code> — xem danh sách đại biểu của đơn vị\n"
        "<code>/daibieu 12 xoa 2</code> — xoá người thứ 2 trong danh sách\n"
        "Ban tổ chức ghi thêm mã đơn vị sau số giấy mời: <code>/daibieu 12 HP | …</code>"
    ),
    # the card
    "delegates.btn_register": "📝 Đăng ký đại biểu",
    "delegates.tally": " · 🎫 {count} đại biểu",
    "delegates.typed_register": "Đăng ký đại biểu: DAIBIEU {id} | họ tên, chức vụ, điện thoại; …",
    "delegates.typed_more": "Thêm người: gõ THEM",
    "delegates.typed_done": "Kết thúc: gõ XONG",
    "delegates.typed_remove": "Xoá người thứ {number}: DAIBIEU {id} {code} xoa {number}",
    # reading what was typed
    "delegates.bad_phone": "«{value}» không phải số điện thoại Việt Nam. Xin ghi số bắt đầu bằng 0 và có 10–11 chữ số, hoặc bắt đầu bằng +84, ví dụ: <code>0912 345 678</code> hoặc <code>+84 912 345 678</code>.",
    "delegates.bad_name": "Họ và tên cần có chữ và dài không quá {limit} ký tự, ví dụ: <code>Nguyễn Văn A</code>.",
    "delegates.bad_position": "Chức vụ cần có chữ và dài không quá {limit} ký tự, ví dụ: <code>Phó Hiệu trưởng</code>.",
    "delegates.bad_entry": "Người thứ {number} («{entry}») chưa đúng: {problem}\nChưa đăng ký ai; xin sửa rồi gửi lại cả danh sách.",
    "delegates.no_entries": "Chưa có tên đại biểu nào sau dấu «|». Mỗi người ghi: họ tên, chức vụ, điện thoại; các người cách nhau bằng dấu «;».",
    "delegates.too_many": "Một lần chỉ đăng ký được tối đa {limit} người (anh/chị gửi {count}). Chưa đăng ký ai.",
    "delegates.bad_number": "«{value}» không phải số thứ tự trong danh sách. Xem danh sách bằng <code>/daibieu {id}</code>.",
    # who may register, and when
    "delegates.not_meeting": "#{id} không phải giấy mời họp; chỉ đăng ký đại biểu được cho giấy mời họp.",
    "delegates.cancelled": "Cuộc họp #{id} đã bị huỷ; không đăng ký đại biểu được nữa.",
    "delegates.not_sent": "Giấy mời #{id} chưa được gửi; xin đợi giấy mời tới nhóm rồi đăng ký.",
    "delegates.started": "Cuộc họp #{id} đã bắt đầu; không thay đổi danh sách đại biểu được nữa.",
    "delegates.not_member": "Anh/chị không thuộc đơn vị {code}, nên không đăng ký hay xoá đại biểu của đơn vị này được. Không có gì thay đổi.",
    "delegates.organiser_needs_unit": "Xin ghi mã đơn vị sau số giấy mời, ví dụ: <code>/daibieu {id} HP | Nguyễn Văn A, Phó Hiệu trưởng, 0912345678</code>.",
    "delegates.no_unit": "Loa chưa biết anh/chị thuộc đơn vị nào nên chưa đăng ký được đại biểu cho cuộc họp #{id}. Xin dùng nút trên giấy mời trong nhóm của đơn vị, hoặc gửi mã mời của đơn vị cho Loa trước.",
    "delegates.not_invited": "Đơn vị {code} không thuộc đối tượng của cuộc họp #{id}; không đăng ký đại biểu được. Không có gì thay đổi.",
    "delegates.closed": "Đã hết hạn đăng ký ({time}); không thể đăng ký hay xoá đại biểu cho cuộc họp #{id}. Nếu cần, xin liên hệ Ban tổ chức để được gia hạn.",
    "delegates.full": "{code} đã đủ {count}/{quota} đại biểu; không thể đăng ký thêm.",
    "delegates.over": "{code} có {count}/{quota} đại biểu; thêm {adding} người sẽ vượt hạn mức (tối đa {quota}). Chưa đăng ký ai.",
    "delegates.duplicate": "{name} đã có trong danh sách đại biểu của {code}. Chưa đăng ký ai.",
    "delegates.no_such": "Danh sách đại biểu của {code} không có người thứ {number} (hiện có {count} người).",
    "delegates.not_removable": "Người thứ {number} ({name}) đã xác nhận tham dự hoặc được cử dự thay; muốn đổi, xin trả lời lại trên giấy mời #{id}. Chỉ xoá được tên đã đăng ký.",
    # the list
    "delegates.added": "✅ Đã đăng ký {count} đại biểu của {code} cho cuộc họp #{id}.",
    "delegates.removed": "🗑 Đã xoá người thứ {number} ({name}) khỏi danh sách đại biểu của {code}.",
    "delegates.count_free": "{code}: {count}",
    "delegates.count": "{code}: {count}/{quota}",
    "delegates.detail": " — {value}",
    "delegates.late": " (trễ)",
    "delegates.line": "{number}. {mark} {name}{details} · {at}{late}",
    "delegates.no_name": "(chưa có tên)",
    "delegates.list_header": "<b>Đại biểu dự họp #{id}</b> — {title}\n{name} · {count}",
    "delegates.list_empty": "Chưa có đại biểu nào.",
    "delegates.list_hint": "Thêm: <code>/daibieu {id}{code} | họ tên, chức vụ, điện thoại</code> · Xoá: <code>/daibieu {id}{code} xoa 2</code>",
    "delegates.btn_remove": "🗑 Xoá {number}",
    "delegates.toast_removed": "Đã xoá {name}",
    # the dialogue
    "delegates.ask_name": "📝 Đăng ký đại biểu của {code} dự cuộc họp #{id}.\nXin gửi <b>họ và tên</b> đại biểu, ví dụ: <code>Nguyễn Văn A</code>.",
    "delegates.ask_position": "Xin gửi <b>chức vụ</b>, ví dụ: <code>Phó Hiệu trưởng</code>.",
    "delegates.ask_phone": "Xin gửi <b>số điện thoại</b>, ví dụ: <code>0912 345 678</code> (không có thì gõ <code>không</code>).",
    "delegates.toast_started": "Xin trả lời các câu hỏi của Loa",
    "delegates.toast_private": "Xin tiếp tục trong tin nhắn riêng với Loa",
    "delegates.toast_link": "Xin mở tin nhắn riêng với Loa để đăng ký",
    "delegates.toast_pick": "Xin chọn đơn vị",
    "delegates.toast_more": "Xin gửi họ tên người tiếp theo",
    "delegates.toast_done": "Đã xong",
    "delegates.open_private": "{name}: để đăng ký đại biểu của {code} cho cuộc họp #{id}, xin bấm nút dưới đây để mở tin nhắn riêng với Loa.",
    "delegates.btn_open_private": "💬 Đăng ký trong tin nhắn riêng",
    "delegates.pick_unit": "Đăng ký đại biểu cho cuộc họp #{id}: xin chọn đơn vị.",
    "delegates.pick_more": "Đơn vị không có trong danh sách: <code>/daibieu {id} HP | họ tên, chức vụ, điện thoại</code>.",
    "delegates.organiser_private": "Xin nhắn riêng cho Loa rồi gõ /daibieu {id} HP để đăng ký cho một đơn vị.",
    "delegates.bad_link": "Đường dẫn đăng ký đại biểu không hợp lệ. Xin bấm lại nút «📝 Đăng ký đại biểu» trên giấy mời.",
    "delegates.saved": "✅ Đã đăng ký đại biểu cho cuộc họp #{id}:\n{line}\n{count}",
    "delegates.btn_more": "➕ Thêm người",
    "delegates.btn_done": "✔️ Xong",
    "delegates.finished": "Đã xong việc đăng ký đại biểu của {code}.",
    # /tinhhinh and /xuat
    "delegates.section": "<b>Danh sách đại biểu</b> ({count} người)",
    "delegates.section_unit": "<b>{count}</b> — {name}",
    "delegates.sheet": "Đại biểu",
    "delegates.col.stt": "STT",
    "delegates.col.unit": "Đơn vị",
    "delegates.col.name": "Họ và tên",
    "delegates.col.position": "Chức vụ",
    "delegates.col.phone": "Điện thoại",
    "delegates.col.time": "Đăng ký lúc",
    "delegates.col.source": "Nguồn",
    "delegates.col.late": "Trễ hạn",
    "delegates.col_late_yes": "trễ",
    "delegates.source.answer": "Tham dự",
    "delegates.source.substitute": "Dự thay",
    "delegates.source.registered": "Đăng ký",
}
