"""Vietnamese texts of the roll-call: `/diemdanh`, the poster, the scan and marking by hand.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/rollcall.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "menu.diemdanh": "Điểm danh đại biểu: áp phích mã QR, đánh dấu có mặt (Ban tổ chức)",
    "help.rollcall": (
        "\n/diemdanh — điểm danh đại biểu: <code>/diemdanh 12</code> (áp phích mã QR, danh sách "
        "đánh dấu có mặt); đánh dấu bằng lệnh: <code>/diemdanh 12 d5 co</code>"
    ),
    # /diemdanh: the organiser's side
    "rollcall.example": "/diemdanh 12",
    "rollcall.usage": (
        "Xin ghi số cuộc họp, ví dụ: <code>/diemdanh 12</code>. Đánh dấu một người: "
        "<code>/diemdanh 12 d5 co</code> (<code>co</code>, <code>tructuyen</code> hoặc "
        "<code>vang</code>)."
    ),
    "rollcall.private_only": (
        "Áp phích điểm danh chỉ được gửi riêng cho Ban tổ chức. Xin mở tin nhắn riêng với Loa, "
        "bấm «Bắt đầu», rồi gõ lại <code>/diemdanh {id}</code>."
    ),
    "rollcall.not_meeting": "#{id} không phải giấy mời họp; lệnh /diemdanh chỉ dùng cho cuộc họp.",
    "rollcall.cancelled": "Cuộc họp #{id} đã bị huỷ, không điểm danh được nữa.",
    "rollcall.not_sent": (
        "Giấy mời họp #{id} chưa được gửi đi. Xin gửi giấy mời trước, rồi gõ "
        "<code>/diemdanh {id}</code>."
    ),
    "rollcall.window": "Mã dùng được từ {opens} đến {closes}.",
    "rollcall.ready": (
        "🧾 <b>Điểm danh cuộc họp #{id}</b>\n<b>{title}</b>\n"
        "Đường dẫn điểm danh: {link}\n{window}\n"
        "Trên Zalo, đại biểu nhắn cho Loa: <code>DD {token}</code>"
    ),
    "rollcall.no_font": (
        "⚠️ Chưa tạo được áp phích: máy chủ thiếu phông chữ {path}. Quản trị viên xin cài "
        "<code>apt-get install fonts-dejavu-core</code>; đường dẫn trên vẫn dùng được."
    ),
    "rollcall.poster_heading": "ĐIỂM DANH ĐẠI BIỂU",
    "rollcall.poster_step1": "1. Mở camera điện thoại hoặc Telegram, quét mã QR.",
    "rollcall.poster_step2": "2. Trong Telegram, bấm «Bắt đầu» (Start).",
    "rollcall.poster_step3": "3. Loa trả lời «Đã điểm danh» là xong.",
    "rollcall.poster_zalo": "Dùng Zalo: nhắn cho Loa  DD {token}",
    "rollcall.caption_png": "Áp phích điểm danh cuộc họp #{id} (ảnh)",
    "rollcall.caption_pdf": "Áp phích điểm danh cuộc họp #{id} (PDF khổ A4, để in)",
    # marking by hand
    "rollcall.hand_head": "<b>Đánh dấu có mặt</b> — đã có mặt {came}/{registered} đại biểu đăng ký",
    "rollcall.hand_unit": "<b>{code}</b> — {name}",
    "rollcall.hand_line": "{number}. {name} <code>{entry}</code>{extra} — {state}",
    "rollcall.extra_mark": " (ngoài danh sách)",
    "rollcall.unmarked": "chưa điểm danh",
    "rollcall.marked_state": "{mark} {state} {at}",
    "rollcall.hand_empty": "Chưa có đại biểu nào trong danh sách.",
    "rollcall.hand_hint": (
        "Bấm nút dưới mỗi người, hoặc gõ <code>DIEMDANH {id} d5 CO</code> "
        "(<code>CO</code>, <code>TRUCTUYEN</code>, <code>VANG</code>)."
    ),
    "rollcall.btn_present": "Có mặt",
    "rollcall.btn_online": "Trực tuyến",
    "rollcall.btn_absent": "Vắng",
    "rollcall.hand_done": "Đã ghi: {name} ({code}) — {state}.",
    "rollcall.bad_typed": (
        "Chưa hiểu cách đánh dấu. Xin gõ theo mẫu <code>/diemdanh {id} d5 co</code>: mã người "
        "trong danh sách (như <code>d5</code>), rồi <code>co</code>, <code>tructuyen</code> "
        "hoặc <code>vang</code>."
    ),
    "rollcall.no_entry": (
        "Không có <code>{entry}</code> trong danh sách đại biểu cuộc họp #{id}. Xin xem mã của "
        "từng người bằng <code>/diemdanh {id}</code>."
    ),
    "rollcall.state.present": "Có mặt",
    "rollcall.state.online": "Trực tuyến",
    "rollcall.state.absent": "Vắng",
    "rollcall.method.scan": "quét mã",
    "rollcall.method.hand": "đánh dấu",
    # the delegate's scan
    "rollcall.bad_token": "Mã điểm danh không đúng hoặc đã hết hiệu lực.",
    "rollcall.outside_window": (
        "Chưa đến giờ điểm danh hoặc đã hết giờ cho cuộc họp «{title}». {window} "
        "Xin quét lại mã trong khoảng thời gian đó."
    ),
    "rollcall.already": "Anh/chị đã điểm danh rồi: {name}, có mặt lúc {at}.",
    "rollcall.ask_who": (
        "Điểm danh «{title}»: anh/chị là ai trong danh sách của đơn vị? Xin bấm vào tên mình."
    ),
    "rollcall.ask_who_line": "{number}. {name}",
    "rollcall.ask_who_typed": (
        "Gõ <code>DD {token} 1</code> (số thứ tự của mình), hoặc <code>DD {token} 0</code> "
        "nếu không có tên trong danh sách."
    ),
    "rollcall.btn_not_listed": "Tôi không có trong danh sách",
    "rollcall.ask_unit": (
        "Điểm danh «{title}»: anh/chị đến cùng đơn vị nào? Xin bấm mã đơn vị, hoặc gõ "
        "<code>DD {token} HP</code> (mã đơn vị)."
    ),
    "rollcall.bad_choice": (
        "Chưa hiểu lựa chọn. Xin gõ <code>DD {token} 1</code> (số thứ tự trong danh sách), "
        "<code>DD {token} 0</code> (không có tên) hoặc <code>DD {token} HP</code> (mã đơn vị)."
    ),
    "rollcall.choice_taken": (
        "Tên này đã được điểm danh rồi. Nếu anh/chị không có trong danh sách, xin quét lại mã "
        "và bấm «Tôi không có trong danh sách»."
    ),
    "rollcall.marked": "✅ Đã điểm danh: {name} ({unit}) có mặt lúc {at}.",
    "rollcall.marked_extra": "Anh/chị được ghi là đại biểu ngoài danh sách đăng ký của đơn vị.",
    "rollcall.ask_position": "Xin gõ chức vụ của anh/chị (ví dụ: Phó Hiệu trưởng) để Ban tổ chức ghi vào danh sách.",
    "rollcall.position_saved": "Đã ghi chức vụ của {name}: {position}.",
    "rollcall.position_too_long": "Chức vụ dài {length} ký tự, quá {limit} ký tự. Xin gõ ngắn hơn, ví dụ: Phó Hiệu trưởng.",
    "rollcall.no_name": "(chưa rõ tên)",
    # /tinhhinh and /xuat
    "rollcall.status_head": (
        "🧾 <b>Điểm danh:</b> có mặt {came}/{registered} đăng ký ({online} trực tuyến) · "
        "vắng {absent} · ngoài danh sách {extras}"
    ),
    "rollcall.status_unit": (
        "• <b>{code}</b>: đăng ký {registered} · có mặt {came} ({online} trực tuyến) · "
        "ngoài danh sách {extras}"
    ),
    "rollcall.status_extras": "Đến mà không đăng ký: {names}",
    "rollcall.sheet": "Điểm danh",
    "rollcall.col.stt": "STT",
    "rollcall.col.unit": "Đơn vị",
    "rollcall.col.name": "Họ và tên",
    "rollcall.col.position": "Chức vụ",
    "rollcall.col.registered": "Đăng ký",
    "rollcall.col.state": "Điểm danh",
    "rollcall.col.at": "Lúc",
    "rollcall.col.method": "Cách",
    "rollcall.col.yes": "có",
    "rollcall.col.no": "không",
}
