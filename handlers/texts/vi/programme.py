"""Vietnamese texts of the seminar programme: `/chuongtrinh`, its preview and buttons, the card
posted to the audience, the XLSX.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/programme.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "menu.chuongtrinh": "Chương trình hội thảo từ các tham luận được chọn (Ban tổ chức)",
    "programme.usage": (
        "Xin ghi số lời mời tham luận, ví dụ <code>/chuongtrinh 7</code>; gắn với cuộc họp để có "
        "giờ trình bày: <code>/chuongtrinh 7 | 12</code>."
    ),
    "programme.example": "/chuongtrinh 7 | 12",
    "programme.not_call": (
        "#{id} không phải lời mời tham luận. Chương trình hội thảo lập từ một lời mời tham luận, "
        "ví dụ <code>/chuongtrinh 7</code>. Không có gì thay đổi."
    ),
    "programme.none_chosen": (
        "Lời mời tham luận #{id} chưa có bài nào được chọn trình bày. Xin thẩm định và chọn bài "
        "bằng <code>/thamdinh {id}</code> (nút [Chọn trình bày]), rồi gõ lại "
        "<code>/chuongtrinh {id}</code>."
    ),
    "programme.not_meeting": (
        "Không có cuộc họp #{meeting}. Xin ghi số của giấy mời họp, ví dụ "
        "<code>/chuongtrinh {id} | 12</code>. Không có gì thay đổi."
    ),
    "programme.meeting_cancelled": (
        "Cuộc họp #{meeting} đã bị huỷ nên không dùng để xếp giờ được. Không có gì thay đổi."
    ),
    "programme.order_unknown": "không có trong chương trình: {codes}",
    "programme.order_twice": "ghi hai lần: {codes}",
    "programme.order_missing": "còn thiếu: {codes}",
    "programme.order_bad": (
        "Thứ tự chưa đúng ({problems}). Xin ghi đủ mã các đơn vị trong chương trình, mỗi mã một "
        "lần, ví dụ:\n<code>/chuongtrinh {id} thứ tự: {codes}</code>\nKhông có gì thay đổi."
    ),
    "programme.not_in": (
        "Đơn vị «{code}» không có trong chương trình #{id}. Các đơn vị trong chương trình: {codes}. "
        "Ví dụ: <code>/chuongtrinh {id} HP | phút: 20</code>. Không có gì thay đổi."
    ),
    "programme.edit_usage": (
        "Xin ghi mục cần sửa sau dấu |, ví dụ:\n"
        "<code>/chuongtrinh {id} {code} | diễn giả: Nguyễn Văn A | phút: 20 | tiêu đề: …</code>"
    ),
    "programme.bad_field": (
        "Không hiểu mục «{field}». Các mục sửa được: diễn giả, phút, tiêu đề. Ví dụ:\n"
        "<code>/chuongtrinh {id} {code} | diễn giả: Nguyễn Văn A | phút: 20</code>\n"
        "Không có gì thay đổi."
    ),
    "programme.bad_minutes": (
        "Số phút «{value}» chưa đúng: xin ghi một số từ 1 đến 480, ví dụ "
        "<code>/chuongtrinh {id} {code} | phút: 20</code>. Không có gì thay đổi."
    ),
    "programme.private_only": (
        "Chương trình #{id} được gửi trong tin nhắn riêng: xin nhắn riêng cho Loa một lần "
        "(bấm /start) rồi gõ lại lệnh."
    ),
    "programme.no_times": (
        "\n<i>Chưa gắn với cuộc họp nên chưa có giờ: <code>/chuongtrinh {id} | 12</code> "
        "(12 là số giấy mời họp).</i>"
    ),
    "programme.preview": (
        "👁 <b>Xem trước chương trình hội thảo — lời mời tham luận #{id}</b>\n\n{card}\n{times}\n"
        "Đổi thứ tự bằng ▲▼ hoặc gõ <code>/chuongtrinh {id} thứ tự: {codes}</code>; sửa một bài: "
        "<code>/chuongtrinh {id} {code} | diễn giả: … | phút: 20 | tiêu đề: …</code>"
    ),
    "programme.up": "▲ {code}",
    "programme.down": "▼ {code}",
    "programme.post_button": "Đăng chương trình",
    "programme.xlsx_button": "Xuất XLSX",
    "programme.at_edge": "Bài này đã ở đầu hoặc cuối chương trình.",
    "programme.no_chats": (
        "Lời mời tham luận #{id} chưa có nhóm nào để đăng chương trình. Không có gì được gửi."
    ),
    "programme.call_cancelled": (
        "Lời mời tham luận #{id} đã bị huỷ nên không đăng chương trình. Không có gì được gửi."
    ),
    "programme.already_posted": (
        "Chương trình #{id} này đã được đăng, chưa có gì thay đổi nên không gửi lại."
    ),
    "programme.posted": "📤 Đang đăng chương trình #{id} tới {count} nhóm{private}.",
    "programme.caption_xlsx": "Chương trình hội thảo — lời mời tham luận #{id}",
    "programme.xlsx_sent": "Đã gửi chương trình #{id} ({count} bài) dạng Excel.",
    "programme.typed_order": "Đổi thứ tự: <code>/chuongtrinh {id} thứ tự: HP, VP, HN</code>",
    "programme.typed_post": "Đăng chương trình: <code>/chuongtrinh {id} đăng</code>",
    "programme.typed_xlsx": "Xuất XLSX: <code>/chuongtrinh {id} xuất</code>",
    "programme.card_header": "🗓 <b>CHƯƠNG TRÌNH HỘI THẢO — {topic}</b>",
    "programme.card_when": "🕗 {when}",
    "programme.line": "{number}. {speaker} ({code}) — {title} · {minutes} phút",
    "programme.line_timed": "{number}. {slot} · {speaker} ({code}) — {title}",
    "programme.sheet": "Chương trình",
    "programme.col.number": "STT",
    "programme.col.time": "Thời gian",
    "programme.col.speaker": "Diễn giả",
    "programme.col.unit": "Đơn vị",
    "programme.col.title": "Tiêu đề",
    "programme.col.minutes": "Số phút",
}
