"""Vietnamese texts of meetings.

Meeting invitations (/hop) and their cards, answers, reminders and /nhacnho, status (/tinhhinh),
exports (/xuat), upcoming meetings (/lich), edits (/sua) and cancellations (/huy). Paper calls share
the edit field labels (`edit.field.`). One part of the Vietnamese catalogue, merged into
`handlers.texts.VI`; every key has its twin in `handlers/texts/en/meetings.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # meetings
    "meeting.header": "📢 <b>GIẤY MỜI HỌP #{id}</b>",
    "meeting.time": "🕗 {start}",
    "meeting.time_range": "🕗 {start} – {end}",
    "meeting.venue": "📍 {venue}",
    "meeting.basis": "📄 Căn cứ: {basis}",
    "meeting.composition": "👥 Thành phần: {composition}",
    "meeting.notes": "📝 Ghi chú: {notes}",
    "meeting.deadline": "⏳ Xác nhận trước {deadline}",
    "meeting.tally": "Đã xác nhận: {confirmed}/{units} đơn vị · ✅ {attend} người · ❌ {absent} · 👤 {substitute} người dự thay",
    "meeting.tally_unanswered": " · ⏳ {count} chưa trả lời",
    "meeting.cancelled_banner": "❌ <b>ĐÃ HUỶ</b>{reason}",
    "meeting.cancel_reason": " — Lý do: {reason}",
    "meeting.plain_answer": "Trả lời: XN {id} CO · XN {id} KHONG &lt;lý do&gt; · XN {id} THAY &lt;họ tên, chức vụ&gt;",
    "meeting.file_caption": "📎 Giấy mời họp #{id}: {title}",
    "meeting.usage": (
        "Cách dùng: <code>/hop tiêu đề | thời gian | địa điểm | đối tượng</code>, rồi các dòng tuỳ chọn "
        "<code>căn cứ:</code>, <code>thành phần:</code>, <code>ghi chú:</code>, <code>kết thúc:</code>, "
        "<code>hạn xác nhận:</code>, <code>nhắc:</code>, <code>gửi lúc:</code>, và các mục của "
        "giấy mời chính thức: <code>số hiệu:</code>, <code>chủ trì:</code>, <code>liên hệ:</code>, "
        "<code>yêu cầu:</code>, <code>số đại biểu:</code>, <code>sau hạn:</code>."
    ),
    "meeting.example": (
        "/hop Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 | 8h 19/6/2024 | "
        "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội | tất cả\n"
        "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
        "thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
        "hạn xác nhận: 17h 14/6/2024\n"
        "nhắc: 1 ngày, 2 giờ"
    ),
    "meeting.no_separator": (
        "Các phần của dòng đầu ngăn cách nhau bởi dấu «|»: "
        "<code>/hop tiêu đề | thời gian | địa điểm | đối tượng</code>."
    ),
    "meeting.missing_title": "Thiếu tiêu đề cuộc họp.",
    "meeting.missing_time": "Thiếu thời gian bắt đầu cuộc họp.",
    "meeting.missing_venue": "Thiếu địa điểm họp.",
    "meeting.too_long": "Trường «{field}» quá dài (tối đa {limit} ký tự).",
    "meeting.card_too_long": "Giấy mời quá dài để gửi trong một tin nhắn: {length} ký tự, tối đa {limit} — thừa <b>{excess}</b> ký tự. Xin rút gọn các trường dài nhất: {fields}. Chưa có gì được tạo hay gửi.",
    "meeting.too_many_fields": "Dòng đầu có quá nhiều phần ngăn cách bởi «|» (tối đa 4: tiêu đề | thời gian | địa điểm | đối tượng).",
    "meeting.end_before_start": "Thời điểm kết thúc ({end}) phải sau thời điểm bắt đầu ({start}).",
    "meeting.deadline_after_start": "Hạn xác nhận ({deadline}) phải trước giờ họp ({start}).",
    "meeting.send_after_start": "Thời điểm gửi giấy mời ({send}) phải trước giờ họp ({start}).",
    "meeting.bad_reminders": "Không đọc được «{value}» trong <code>nhắc:</code> — viết như <code>nhắc: 1 ngày, 2 giờ</code>.",
    "meeting.bad_file": "Tệp đính kèm giấy mời phải là PDF, DOC, DOCX hoặc ODT.",
    "meeting.preview": (
        "<b>Xem trước giấy mời #{id}</b>\n"
        "Gửi tới: {audience} ({count} nhóm{private}){groups}\n"
        "Thời điểm gửi: {when}\n"
        "Nhắc lịch: {reminders}{file}\n"
        "──────────\n{card}"
    ),
    "meeting.preview_groups": ": {names}",
    "meeting.preview_file": "\nTệp đính kèm: {name}",
    "meeting.no_reminders": "không nhắc",
    "meeting.reminder_before": "trước {duration}",
    "meeting.past_reminders": "⚠️ Sẽ không nhắc trước {durations}: lúc đó đã qua.",
    "reminder.meeting": "🔔 <b>Nhắc lịch họp #{id}</b> (còn {left})\n<b>{title}</b>\n🕗 {when}\n📍 {venue}",
    "reminder.nudge": "⏳ <b>Nhắc xác nhận #{id}</b>: đơn vị {unit} chưa trả lời giấy mời «{title}» ({when}). Xin bấm ✅ Tham dự, ❌ Vắng hoặc 👤 Cử người dự thay trên giấy mời trước {deadline}.",
    "reminder.nudge_open": "⏳ <b>Nhắc xác nhận #{id}</b>: đơn vị {unit} chưa trả lời giấy mời «{title}» ({when}). Xin bấm ✅ Tham dự, ❌ Vắng hoặc 👤 Cử người dự thay trên giấy mời.",
    # the same, for chats without buttons (Zalo): the answer is typed
    "reminder.nudge_typed": "⏳ <b>Nhắc xác nhận #{id}</b>: đơn vị {unit} chưa trả lời giấy mời «{title}» ({when}). Xin trả lời trước {deadline} bằng tin nhắn: <code>XN {id} CO</code> (tham dự), <code>XN {id} KHONG lý do</code> (vắng) hoặc <code>XN {id} THAY họ tên, chức vụ</code> (cử người dự thay).",
    "reminder.nudge_open_typed": "⏳ <b>Nhắc xác nhận #{id}</b>: đơn vị {unit} chưa trả lời giấy mời «{title}» ({when}). Xin trả lời bằng tin nhắn: <code>XN {id} CO</code> (tham dự), <code>XN {id} KHONG lý do</code> (vắng) hoặc <code>XN {id} THAY họ tên, chức vụ</code> (cử người dự thay).",
    "remind.usage": "Cách dùng: <code>/nhacnho 12</code> — nhắc ngay các đơn vị chưa trả lời giấy mời #12.",
    "remind.not_meeting": "#{id} không phải giấy mời họp hay lời mời gửi tham luận; lệnh /nhacnho dùng cho hai loại này.",
    "remind.not_sent": "Giấy mời #{id} chưa được gửi đi nên chưa thể nhắc.",
    "remind.started": "Cuộc họp #{id} đã bắt đầu; không nhắc nữa.",
    "remind.nobody": "Tất cả các đơn vị đã trả lời giấy mời #{id}; không cần nhắc.",
    "remind.done": "🔔 Đã nhắc {count} đơn vị chưa trả lời giấy mời #{id}: {units}.",
    "remind.unreached": "⚠️ Chưa nhắc được {units}: chưa có nhóm nào đang hoạt động, cũng chưa có thành viên nào nhắn tin với Loa trên Zalo. Xin liên kết nhóm của đơn vị bằng <code>/nhom</code>, hoặc liên hệ trực tiếp.",
    # answers
    "rsvp.btn_attend": "✅ Tham dự",
    "rsvp.btn_absent": "❌ Vắng",
    "rsvp.btn_substitute": "👤 Cử người dự thay",
    "rsvp.btn_calendar": "📅 Thêm vào lịch",
    "rsvp.toast_attend": "Đã ghi nhận: ✅ {name} tham dự ({unit})",
    "rsvp.toast_absent": "Đã ghi nhận: ❌ {name} vắng ({unit})",
    "rsvp.toast_substitute": "Đã ghi nhận: 👤 {unit} cử người dự thay",
    "rsvp.toast_same": "Câu trả lời của anh/chị đã được ghi nhận trước đó.",
    "rsvp.started": "Cuộc họp đã bắt đầu; không thể thay đổi xác nhận.",
    "rsvp.cancelled": "Cuộc họp này đã bị huỷ.",
    "rsvp.not_in_audience": "Nhóm này không thuộc đối tượng của cuộc họp #{id}.",
    "rsvp.unit_not_in_audience": "Đơn vị {unit} không thuộc đối tượng của cuộc họp #{id}.",
    "rsvp.pick_unit": "{name}, anh/chị thuộc đơn vị nào? Xin chọn một lần để Loa ghi nhận cho cuộc họp #{id}.",
    "rsvp.toast_pick_unit": "Xin chọn đơn vị của anh/chị",
    "rsvp.ask_reason": "{name}: đã ghi nhận vắng mặt tại cuộc họp #{id}. Xin cho biết lý do (không bắt buộc) bằng cách trả lời tin nhắn này.",
    "rsvp.ask_substitute": "{name}: xin gửi họ tên và chức vụ người dự thay cho cuộc họp #{id} bằng cách trả lời tin nhắn này, ví dụ: <code>Nguyễn Văn A, Phó Hiệu trưởng</code>.",
    "rsvp.reason_saved": "Đã ghi nhận lý do vắng mặt tại cuộc họp #{id}: {reason}",
    "rsvp.substitute_saved": "Đã ghi nhận người dự thay cho cuộc họp #{id}: {name}{position}.",
    "rsvp.reason_how_to_correct": "\nMuốn sửa, bấm lại «❌ Vắng» trên giấy mời #{id} rồi gửi lý do mới.",
    "rsvp.substitute_position": ", {position}",
    "rsvp.substitute_how_to_correct": "\nMuốn sửa, bấm lại «👤 Cử người dự thay» trên giấy mời #{id} rồi gửi họ tên mới.",
    "rsvp.bad_substitute": "Xin gửi họ tên (và chức vụ) người dự thay, tối đa 300 ký tự, ví dụ: <code>Nguyễn Văn A, Phó Hiệu trưởng</code>.",
    "rsvp.ics_sent": "📅 Tệp lịch của cuộc họp #{id}. Mở tệp để thêm vào lịch của anh/chị.",
    "rsvp.toast_ics": "Đã gửi tệp lịch vào tin nhắn riêng",
    "rsvp.toast_ics_here": "Đã gửi tệp lịch",
    # meeting status (/tinhhinh), exports (/xuat), upcoming meetings (/lich)
    "status.usage": (
        "Cách dùng: <code>/tinhhinh 12</code> — tình hình xác nhận cuộc họp #12.\n"
        "Ghi thay câu trả lời của một đơn vị: <code>/tinhhinh 12 | HP | có | Nguyễn Văn A</code>, "
        "<code>/tinhhinh 12 | HP | vắng | Nguyễn Văn A | bận công tác</code>, "
        "<code>/tinhhinh 12 | HP | thay | Nguyễn Văn B, Phó Hiệu trưởng</code>."
    ),
    "status.example": "/tinhhinh 12 | HP | có | Nguyễn Văn A",
    "status.not_meeting": "#{id} không phải giấy mời họp hay lời mời gửi tham luận; lệnh /{command} chỉ dùng cho cuộc họp và lời mời gửi tham luận.",
    "status.too_many_fields": "Lệnh có quá nhiều phần ngăn cách bởi «|» (tối đa 5: mã | đơn vị | trả lời | họ tên | lý do).",
    "status.missing_answer": "Thiếu câu trả lời cho đơn vị {code}: xin ghi <code>có</code>, <code>vắng</code> hoặc <code>thay</code>.",
    "status.bad_answer": (
        "Không hiểu câu trả lời «{value}». Xin dùng <code>có</code> (tham dự), <code>vắng</code> "
        "(có thể kèm họ tên và lý do) hoặc <code>thay</code> (kèm họ tên, chức vụ người dự thay)."
    ),
    "status.reason_only_absent": "Lý do (phần thứ năm) chỉ dùng khi trả lời <code>vắng</code>.",
    "status.missing_substitute": "Thiếu họ tên người dự thay: xin ghi ở phần thứ tư, ví dụ <code>/tinhhinh 12 | HP | thay | Nguyễn Văn B, Phó Hiệu trưởng</code>.",
    "status.too_long": "Phần «{field}» quá dài (tối đa {limit} ký tự).",
    "status.field.name": "họ tên",
    "status.field.reason": "lý do",
    "status.unit_not_in_audience": "Đơn vị {code} không thuộc đối tượng của cuộc họp #{id}. Các đơn vị được mời: {known}.",
    "status.cancelled_no_set": "Cuộc họp #{id} đã bị huỷ; không thể ghi câu trả lời.",
    "status.draft_no_set": "Giấy mời #{id} còn là bản xem trước, chưa được gửi; chưa thể ghi câu trả lời.",
    "status.set_done": "✍️ Đã ghi thay cho đơn vị <b>{code}</b>: {answer}.",
    "status.answer.attend": "✅ {name} tham dự",
    "status.answer.absent": "❌ {name} vắng{reason}",
    "status.answer.substitute": "👤 cử {substitute} dự thay",
    "status.header": "📋 <b>Tình hình xác nhận — cuộc họp #{id}</b>\n<b>{title}</b>\n🕗 {when}",
    "status.cancelled": "❌ <b>Cuộc họp đã bị huỷ.</b>",
    "status.unit": "<b>{code}</b> — {name}",
    "status.line": "{mark} {name} — {at}{details}{by}",
    "status.reason": " — Lý do: {reason}",
    "status.substitute": " — Người dự thay: {substitute}",
    "status.substitute_pending": "(chưa báo họ tên)",
    "status.set_by": " <i>(ghi thay bởi {name})</i>",
    "status.unit_representative": "Đại diện đơn vị",
    "status.no_name": "(chưa có tên)",
    "status.no_answers": "Chưa có đơn vị nào trả lời.",
    "status.unanswered": "⏳ <b>Chưa trả lời:</b> {units}",
    "status.unanswered_more": " … và {count} đơn vị nữa",
    "status.chase_unit": "⏳ <b>{code}</b> — {name}",
    "status.all_answered": "Tất cả các đơn vị được mời đã trả lời.",
    "status.more_units": "… và {count} đơn vị đã trả lời nữa, không hiển thị hết trong một tin nhắn. Xem đầy đủ bằng <code>/xuat {id}</code>.",
    "status.set_hint": "Ghi thay cho đơn vị chưa trả lời: bấm nút bên dưới, hoặc <code>/tinhhinh {id} | HP | có | Nguyễn Văn A</code>.",
    "status.btn_attend": "✅ {code} tham dự",
    "status.btn_absent": "❌ {code} vắng",
    "status.toast_attend": "Đã ghi: ✅ {code} tham dự",
    "status.toast_absent": "Đã ghi: ❌ {code} vắng",
    "status.toast_already": "Đơn vị {code} vừa trả lời; bảng đã được cập nhật.",
    "export.usage": "Cách dùng: <code>/xuat 12</code> — với cuộc họp #12: tệp Excel (XLSX) và CSV danh sách xác nhận; với lời mời gửi tham luận #12: tệp ZIP các bài đã nộp và danh sách Excel. Gửi riêng cho anh/chị.",
    "export.example": "/xuat 12",
    "export.private_only": "Danh sách xác nhận chỉ được gửi riêng cho Ban tổ chức. Xin mở tin nhắn riêng với Loa, bấm «Bắt đầu», rồi gõ lại <code>/xuat {id}</code>.",
    "export.done": "📊 <b>Danh sách xác nhận cuộc họp #{id}</b>\n<b>{title}</b>\n{tally}\n{unanswered}\nTệp Excel và CSV được gửi kèm dưới đây.",
    "export.unanswered": "⏳ Chưa trả lời: {units}",
    "export.all_answered": "Tất cả các đơn vị được mời đã trả lời.",
    "export.caption_xlsx": "📊 Danh sách xác nhận cuộc họp #{id} (Excel)",
    "export.caption_csv": "📄 Danh sách xác nhận cuộc họp #{id} (CSV, UTF-8)",
    "export.sheet_list": "Danh sách",
    "export.sheet_summary": "Tổng hợp",
    "export.col.stt": "STT",
    "export.col.unit": "Đơn vị",
    "export.col.name": "Họ và tên",
    "export.col.position": "Chức vụ",
    "export.col.answer": "Trả lời",
    "export.col.substitute": "Người dự thay",
    "export.col.reason": "Lý do",
    "export.col.time": "Thời điểm",
    "export.col.platform": "Nền tảng",
    "export.answer.attend": "Tham dự",
    "export.answer.absent": "Vắng",
    "export.answer.substitute": "Cử người dự thay",
    "export.answer.none": "Chưa trả lời",
    "export.sum.heading": "Cuộc họp #{id}",
    "export.sum.status": "Trạng thái",
    "export.cancelled": "Đã huỷ",
    "export.sum.title": "Tiêu đề",
    "export.sum.time": "Thời gian",
    "export.sum.end": "Kết thúc",
    "export.sum.venue": "Địa điểm",
    "export.sum.basis": "Căn cứ",
    "export.sum.composition": "Thành phần",
    "export.sum.deadline": "Hạn xác nhận",
    "export.sum.confirmed": "Đơn vị đã xác nhận",
    "export.sum.attend": "Số người tham dự",
    "export.sum.absent": "Số người vắng",
    "export.sum.substitute": "Số người dự thay",
    "export.sum.unanswered": "Đơn vị chưa trả lời",
    "export.sum.exported": "Thời điểm xuất",
    "export.none": "(không có)",
    "upcoming.header": "📅 <b>Lịch họp sắp tới của đơn vị {unit}</b>",
    "upcoming.header_all": "📅 <b>Lịch họp sắp tới (toàn Cụm)</b>",
    "upcoming.line": "<b>#{id}</b> {when} — {title} — {venue}{state}{answer}",
    "upcoming.not_sent": " <i>(chưa gửi, hẹn gửi {when})</i>",
    "upcoming.answer": "\n    Anh/chị đã trả lời: {answer}",
    "upcoming.answer.attend": "✅ tham dự",
    "upcoming.answer.absent": "❌ vắng",
    "upcoming.answer.substitute": "👤 cử người dự thay",
    "upcoming.none": "Hiện chưa có cuộc họp nào sắp tới. Khi có giấy mời mới, Loa sẽ gửi tới nhóm của đơn vị.",
    "upcoming.no_unit": "Loa chưa biết anh/chị thuộc đơn vị nào nên chưa thể xem lịch họp. Xin gõ /lich trong nhóm của đơn vị, hoặc mở đường dẫn mời do Ban tổ chức gửi.",
    "upcoming.more": "… và {count} cuộc họp nữa.",
    # meeting changes (/sua) and cancellations (/huy)
    "edit.usage": (
        "Cách dùng: <code>/sua 12</code> rồi mỗi thay đổi một dòng <code>tên trường: giá trị mới</code>: "
        "<code>tiêu đề:</code>, <code>thời gian:</code>, <code>địa điểm:</code>, <code>căn cứ:</code>, "
        "<code>thành phần:</code>, <code>ghi chú:</code>, <code>kết thúc:</code>, <code>hạn xác nhận:</code>, "
        "<code>nhắc:</code>; khi giấy mời chưa gửi, cả <code>gửi lúc:</code> và <code>đối tượng:</code>. "
        "Viết <code>không</code> để bỏ một trường tuỳ chọn.\n"
        "Ví dụ:\n<code>/sua 12 thời gian: 14h 19/6/2024\nđịa điểm: Hội trường B</code>"
    ),
    "edit.example": "/sua 12 thời gian: 14h 19/6/2024\nđịa điểm: Hội trường B",
    "edit.missing_changes": "Chưa có gì để sửa cho giấy mời #{id}: sau mã, ghi mỗi thay đổi một dòng dạng <code>tên trường: giá trị mới</code>.",
    "edit.nothing_changed": "Các giá trị mới giống hệt giấy mời #{id} hiện tại; không có gì thay đổi.",
    "edit.empty_value": "Trường «{field}» đang để trống. Xin ghi giá trị mới, hoặc <code>không</code> để bỏ trường tuỳ chọn.",
    "edit.required": "Không thể bỏ trường «{field}» của giấy mời họp; xin ghi giá trị mới.",
    "edit.only_before_send": "Chỉ đổi được «{field}» khi giấy mời chưa gửi; giấy mời #{id} đã được gửi. Nếu cần, xin huỷ (<code>/huy {id} | lý do</code>) rồi gửi giấy mời mới.",
    "edit.not_meeting": "#{id} không phải giấy mời họp hay lời mời gửi tham luận; lệnh /sua chỉ sửa được hai loại này.",
    "edit.draft": "Giấy mời #{id} mới là bản xem trước, chưa gửi. Xin bấm «Gửi ngay» hoặc «Hẹn gửi» trên bản xem trước, hoặc bấm «Huỷ» rồi tạo lại bằng /hop.",
    "edit.cancelled": "Cuộc họp #{id} đã bị huỷ; không thể sửa.",
    "edit.started": "Cuộc họp #{id} đã bắt đầu lúc {when}; không thể sửa.",
    "edit.done": "✏️ Đã sửa giấy mời #{id}:\n{changes}",
    "edit.change_line": "• {field}: {old} → {new}",
    "edit.no_value": "(không có)",
    "edit.send_now": "gửi ngay",
    "edit.notice": "⚠️ <b>Thay đổi giấy mời #{id}</b> «{title}»:\n{changes}",
    "edit.cards_updated": "Đã cập nhật {cards} giấy mời đã gửi và báo thay đổi tới {chats} nơi nhận.",
    "edit.cards_only": "Đã cập nhật {cards} giấy mời đã gửi; thay đổi này không cần báo tới các đơn vị.",
    "edit.not_out_yet": "Giấy mời đang được gửi; các nơi chưa nhận sẽ nhận bản đã sửa.",
    "edit.scheduled": "Giấy mời chưa gửi; sẽ được gửi với nội dung mới lúc {when}.",
    "edit.sending_now": "Giấy mời đang được gửi ngay với nội dung mới.",
    "edit.reminders_rearmed": "Lịch nhắc đã được đặt lại theo thông tin mới.",
    "edit.field.title": "tiêu đề",
    "edit.field.starts": "thời gian",
    "edit.field.ends": "kết thúc",
    "edit.field.venue": "địa điểm",
    "edit.field.basis": "căn cứ",
    "edit.field.composition": "thành phần",
    "edit.field.notes": "ghi chú",
    "edit.field.format": "định dạng",
    "edit.field.deadline": "hạn xác nhận",
    "edit.field.reminders": "nhắc",
    "edit.field.send_at": "gửi lúc",
    "edit.field.audience": "đối tượng",
    "cancel.meeting_notice": "❌ <b>Huỷ cuộc họp #{id}</b> «{title}» ({when}).{reason}",
    "cancel.meeting_done": "❌ Đã huỷ cuộc họp #{id} «{title}».{reason} Đã ghi ĐÃ HUỶ lên {cards} giấy mời đã gửi (bỏ các nút trả lời) và gửi thông báo huỷ tới {chats} nơi nhận; các lời nhắc không còn được gửi.",
    "cancel.meeting_unsent": "Đã huỷ giấy mời họp #{id} «{title}».{reason} Giấy mời chưa được gửi tới nơi nào.",
    "cancel.meeting_started": "Cuộc họp #{id} đã bắt đầu lúc {when}; không thể huỷ.",
    # typed answers (XN)
    "typed.usage": "Loa chưa hiểu câu trả lời này ({problem}). Xin gõ theo một trong các mẫu:\n<code>XN 12 CO</code> — tham dự\n<code>XN 12 KHONG bận họp</code> — vắng (lý do không bắt buộc)\n<code>XN 12 THAY Nguyễn Văn A, Phó Hiệu trưởng</code> — cử người dự thay\n(12 là số của giấy mời họp, ghi trên giấy mời.)",
    "typed.no_id": "thiếu số giấy mời",
    "typed.no_word": "thiếu CO, KHONG hoặc THAY",
    "typed.bad_word": "không rõ «{word}»",
    "typed.no_substitute": "thiếu họ tên người dự thay",
    "typed.long_substitute": "họ tên và chức vụ người dự thay dài quá 300 ký tự",
    "typed.unknown_meeting": "Không có cuộc họp #{id}. Xin xem lại số ghi trên giấy mời, ví dụ: <code>XN 12 CO</code>.",
    "typed.no_unit": "Loa chưa biết anh/chị thuộc đơn vị nào nên chưa ghi được xác nhận cho cuộc họp #{id}. Xin trả lời bằng nút trên giấy mời trong nhóm của đơn vị, hoặc gửi mã mời của đơn vị cho Loa trước.",
    "typed.how_to_correct": "\nMuốn sửa, gửi lại <code>XN {id} CO</code>, <code>XN {id} KHONG lý do</code> hoặc <code>XN {id} THAY họ tên, chức vụ</code>.",
}
