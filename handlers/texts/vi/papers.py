"""Vietnamese texts of calls for conference papers.

Paper calls (/thamluan) and their cards, submissions (/nop), status (/tinhhinh), exports (/xuat),
reminders (/nhacnho), edits (/sua) and cancellations (/huy). One part of the Vietnamese catalogue,
merged into `handlers.texts.VI`; every key has its twin in `handlers/texts/en/papers.py`, in the
same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # /xuat for a paper call: the ZIP of the papers and the XLSX list
    "paper_export.private_only": "Tệp tham luận và danh sách chỉ được gửi riêng cho Ban tổ chức. Xin mở tin nhắn riêng với Loa, bấm «Bắt đầu», rồi gõ lại <code>/xuat {id}</code>.",
    "paper_export.done": "🗂 <b>Tham luận #{id}</b>\n<b>{topic}</b>\nĐã nộp: {done}/{units} đơn vị · {files} tệp, {size}\n{missing}{failed}\n{parts}",
    "paper_export.missing": "⏳ Chưa nộp đủ: {units}",
    "paper_export.all_submitted": "Tất cả các đơn vị được mời đã nộp đủ.",
    "paper_export.failed": "\n⚠️ Không tải được {count} tệp: {names}. Các tệp này không có trong ZIP và được ghi «Không tải được» trong danh sách Excel; xin thử lại sau.",
    "paper_export.one_part": "Tệp ZIP và danh sách Excel được gửi kèm dưới đây.",
    "paper_export.parts": "Tệp ZIP được chia thành {count} phần (mỗi phần tối đa {limit} MB), gửi kèm dưới đây cùng danh sách Excel.",
    "paper_export.no_zip": "Không có tệp nào tải được nên không có tệp ZIP; danh sách Excel được gửi kèm dưới đây.",
    "paper_export.empty": "🗂 <b>Tham luận #{id}</b>\n<b>{topic}</b>\nChưa đơn vị nào nộp tham luận nên chưa có tệp ZIP. Danh sách Excel {units} đơn vị được mời (đều «Chưa nộp») được gửi kèm dưới đây.",
    "paper_export.caption_zip": "🗂 Tham luận #{id} (ZIP, {files} tệp)",
    "paper_export.caption_zip_part": "🗂 Tham luận #{id} (ZIP, phần {part}/{parts}, {files} tệp)",
    "paper_export.caption_xlsx": "📊 Danh sách tham luận #{id} (Excel)",
    "paper_export.col.stt": "STT",
    "paper_export.col.unit": "Đơn vị",
    "paper_export.col.file": "Tên tệp",
    "paper_export.col.person": "Người nộp",
    "paper_export.col.time": "Thời điểm",
    "paper_export.col.late": "Nộp muộn",
    "paper_export.col.size": "Dung lượng",
    "paper_export.col.entry": "Tệp trong ZIP",
    "paper_export.col.platform": "Nền tảng",
    "paper_export.not_submitted": "Chưa nộp",
    "paper_export.short": "Còn thiếu {count} bài",
    "paper_export.late": "Có",
    "paper_export.unavailable": "Không tải được",
    "paper_export.in_part": "{entry} (phần {part})",
    "paper_export.sum.heading": "Gửi tham luận #{id}",
    "paper_export.sum.topic": "Chủ đề",
    "paper_export.sum.deadline": "Hạn nộp",
    "paper_export.sum.per_unit": "Số bài mỗi đơn vị",
    "paper_export.sum.submitted": "Đơn vị đã nộp đủ",
    "paper_export.sum.late": "Đơn vị có bài nộp muộn",
    "paper_export.sum.missing": "Đơn vị chưa nộp đủ",
    "paper_export.sum.files": "Số tệp",
    "paper_export.sum.size": "Tổng dung lượng",
    "paper_export.sum.parts": "Số phần ZIP",
    "paper_export.sum.failed": "Tệp không tải được",
    # paper calls
    "papers.header": "📝 <b>GỬI THAM LUẬN #{id}</b>",
    "papers.deadline": "⏳ Hạn nộp: {deadline}",
    "papers.per_unit": "📄 Mỗi đơn vị nộp {count} bài",
    "papers.notes": "📝 Ghi chú: {notes}",
    "papers.how": "📤 Cách nộp: trả lời tin nhắn này bằng tệp PDF, DOC, DOCX hoặc ODT, hoặc gửi tệp kèm chú thích <code>/nop {id}</code>.",
    "papers.plain_how": "📤 Cách nộp: NOP {id} &lt;đường dẫn tới tệp&gt;",
    "papers.tally": "Đã nộp: {done}/{units} đơn vị",
    "papers.usage": (
        "Cách dùng: <code>/thamluan chủ đề | hạn nộp | đối tượng</code>, rồi các dòng tuỳ chọn "
        "<code>số bài:</code>, <code>ghi chú:</code>, <code>nhắc:</code>, <code>gửi lúc:</code>."
    ),
    "papers.example": (
        "/thamluan Đổi mới phương pháp giảng dạy lý luận chính trị | 17h 14/6/2024 | tất cả\n"
        "số bài: 1\n"
        "ghi chú: Tối đa 10 trang A4, phông Times New Roman cỡ 14"
    ),
    "papers.no_separator": (
        "Các phần của dòng đầu ngăn cách nhau bởi dấu «|»: "
        "<code>/thamluan chủ đề | hạn nộp | đối tượng</code>."
    ),
    "papers.missing_topic": "Thiếu chủ đề tham luận.",
    "papers.missing_deadline": "Thiếu hạn nộp.",
    "papers.too_many_fields": "Dòng đầu có quá nhiều phần ngăn cách bởi «|» (tối đa 3: chủ đề | hạn nộp | đối tượng).",
    "papers.bad_count": "«{value}» không phải số bài hợp lệ: ghi một số từ 1 đến 10, ví dụ <code>số bài: 2</code>.",
    "papers.send_after_deadline": "Thời điểm gửi ({send}) phải trước hạn nộp ({deadline}).",
    "papers.preview": (
        "<b>Xem trước lời mời gửi tham luận #{id}</b>\n"
        "Gửi tới: {audience} ({count} nhóm{private}){groups}\n"
        "Thời điểm gửi: {when}\n"
        "Nhắc nộp: {reminders}\n"
        "──────────\n{card}"
    ),
    "papers.reminder_day": "8:00 ngày hết hạn",
    "papers.reminder": "⏳ <b>Nhắc nộp tham luận #{id}</b> «{topic}»: đơn vị {unit} mới nộp {have}/{need} bài. Hạn nộp: {deadline} (còn {left}). Xin trả lời giấy mời bằng tệp tham luận hoặc gửi tệp kèm chú thích <code>/nop {id}</code>.",
    "papers.reminder_typed": "⏳ <b>Nhắc nộp tham luận #{id}</b> «{topic}»: đơn vị {unit} mới nộp {have}/{need} bài. Hạn nộp: {deadline} (còn {left}). Xin gửi <code>NOP {id} đường dẫn tới tệp</code>.",
    "papers.summary": "📊 <b>Hết hạn nộp tham luận #{id}</b> «{topic}»: đã nộp đủ {done}/{total} đơn vị. Chưa nộp: {missing}.",
    "papers.summary_none": "không có",
    "submit.received": "✅ Đã nhận tham luận của {unit} lúc {when}{late}: {name}.{replaced}",
    "submit.late": " (nộp muộn)",
    "submit.replaced": " Tệp này thay cho tệp gửi trước đó.",
    "submit.usage": "Cách nộp: gửi tệp PDF, DOC, DOCX hoặc ODT kèm chú thích <code>/nop 7</code> (7 là mã lời mời), hoặc trả lời tin nhắn mời gửi tham luận bằng tệp.",
    "submit.no_file": "Chưa thấy tệp tham luận. Xin gửi tệp PDF, DOC, DOCX hoặc ODT kèm chú thích <code>/nop {id}</code>.",
    "submit.bad_type": "Tệp «{name}» không được nhận: tham luận phải là PDF, DOC, DOCX hoặc ODT.",
    "submit.too_big": "Tệp «{name}» quá lớn ({size} MB); Loa chỉ nhận tệp tối đa {limit} MB. Xin nén hoặc chia nhỏ tệp.",
    "submit.not_call": "#{id} không phải lời mời gửi tham luận.",
    "submit.cancelled": "Lời mời gửi tham luận #{id} đã bị huỷ; không nhận thêm tệp.",
    "submit.not_open": "Lời mời gửi tham luận #{id} chưa được gửi đi.",
    "submit.not_in_audience": "Nhóm này không thuộc đối tượng của lời mời gửi tham luận #{id}.",
    "submit.unit_not_in_audience": "Đơn vị {unit} không thuộc đối tượng của lời mời gửi tham luận #{id}.",
    "submit.no_unit": "Loa chưa biết anh/chị thuộc đơn vị nào. Xin gửi tệp trong nhóm của đơn vị, hoặc mở đường dẫn mời của đơn vị rồi gửi lại.",
    # paper calls after they went out: /tinhhinh, /nhacnho, /sua, /huy
    "paper_status.header": "📋 <b>Tình hình nộp tham luận #{id}</b>\n<b>{topic}</b>\n⏳ Hạn nộp: {deadline}{passed}",
    "paper_status.passed": " <i>(đã hết hạn)</i>",
    "paper_status.cancelled": "❌ <b>Lời mời đã bị huỷ.</b>",
    "paper_status.unsent": "<i>Lời mời chưa được gửi đi.</i>",
    "paper_status.scheduled": "<i>Lời mời chưa được gửi đi (hẹn gửi {when}).</i>",
    "paper_status.unit_done": "✅ <b>{code}</b> — {name}{outside}",
    "paper_status.unit_partial": "⏳ <b>{code}</b> — {name}: mới nộp {have}/{need} bài{outside}",
    "paper_status.unit_missing": "⬜ <b>{code}</b> — {name}: chưa nộp",
    "paper_status.outside": " <i>(không thuộc đối tượng)</i>",
    "paper_status.paper": "    📄 {file} — {name} — {at}{late}",
    "paper_status.late": " ⏰ nộp muộn",
    "paper_status.missing": "⏳ <b>Chưa nộp:</b> {units}",
    "paper_status.all_done": "Tất cả các đơn vị đã nộp đủ tham luận.",
    "paper_status.remind_hint": "Nhắc ngay các đơn vị chưa nộp: <code>/nhacnho {id}</code>",
    "paper_status.more_units": "… và {count} đơn vị nữa, không hiển thị hết trong một tin nhắn. Xem đầy đủ bằng <code>/xuat {id}</code>.",
    "paper_status.only_code": "Với lời mời gửi tham luận, lệnh /tinhhinh chỉ cần mã: <code>/tinhhinh {id}</code>. Các đơn vị tự nộp tệp bằng <code>/nop {id}</code>. Không có gì thay đổi.",
    "papers.reminder_overdue": "⏳ <b>Nhắc nộp tham luận #{id}</b> «{topic}»: đơn vị {unit} mới nộp {have}/{need} bài. Hạn nộp {deadline} đã qua; Loa vẫn nhận tham luận và ghi là nộp muộn. Xin trả lời giấy mời bằng tệp tham luận hoặc gửi tệp kèm chú thích <code>/nop {id}</code>.",
    "papers.reminder_overdue_typed": "⏳ <b>Nhắc nộp tham luận #{id}</b> «{topic}»: đơn vị {unit} mới nộp {have}/{need} bài. Hạn nộp {deadline} đã qua; Loa vẫn nhận tham luận và ghi là nộp muộn. Xin gửi <code>NOP {id} đường dẫn tới tệp</code>.",
    "remind.papers_not_sent": "Lời mời gửi tham luận #{id} chưa được gửi đi nên chưa thể nhắc.",
    "remind.papers_cancelled": "Lời mời gửi tham luận #{id} đã bị huỷ; không nhắc nữa.",
    "remind.papers_nobody": "Tất cả các đơn vị đã nộp đủ tham luận #{id}; không cần nhắc.",
    "remind.papers_done": "🔔 Đã nhắc {count} đơn vị chưa nộp tham luận #{id}: {units}.",
    "remind.papers_unreached": "⚠️ Chưa nhắc được {units}: đơn vị không có nhóm nào đang hoạt động, cũng chưa có thành viên nào nhắn tin với Loa trên Zalo. Xin liên kết nhóm của đơn vị bằng <code>/nhom</code>, hoặc liên hệ trực tiếp.",
    "edit.papers_example": "/sua 7 hạn nộp: 17h 20/6/2024\nsố bài: 2",
    "edit.papers_missing_changes": "Chưa có gì để sửa cho lời mời gửi tham luận #{id}: sau mã, ghi mỗi thay đổi một dòng dạng <code>tên trường: giá trị mới</code> (<code>chủ đề:</code>, <code>hạn nộp:</code>, <code>số bài:</code>, <code>ghi chú:</code>, <code>nhắc:</code>).",
    "edit.papers_nothing_changed": "Các giá trị mới giống hệt lời mời gửi tham luận #{id} hiện tại; không có gì thay đổi.",
    "edit.papers_fixed": "Không đổi được «{field}» của lời mời gửi tham luận bằng /sua. Nếu cần, xin huỷ (<code>/huy {id} | lý do</code>) rồi tạo lời mời mới bằng /thamluan.",
    "edit.papers_required": "Không thể bỏ trường «{field}» của lời mời gửi tham luận; xin ghi giá trị mới.",
    "edit.papers_cancelled": "Lời mời gửi tham luận #{id} đã bị huỷ; không thể sửa.",
    "edit.papers_draft": "Lời mời gửi tham luận #{id} mới là bản xem trước, chưa gửi. Xin bấm «Gửi ngay» hoặc «Hẹn gửi» trên bản xem trước, hoặc bấm «Huỷ» rồi tạo lại bằng /thamluan.",
    "edit.papers_done": "✏️ Đã sửa lời mời gửi tham luận #{id}:\n{changes}",
    "edit.papers_told": "Đã cập nhật {cards} lời mời đã gửi và báo thay đổi tới {chats} nhóm{private} của các đơn vị chưa nộp: {units}.",
    "edit.papers_cards_only": "Đã cập nhật {cards} lời mời đã gửi; thay đổi này không cần báo tới các đơn vị.",
    "edit.papers_all_done": "Đã cập nhật {cards} lời mời đã gửi; các đơn vị đều đã nộp đủ nên không cần báo.",
    "edit.papers_not_out_yet": "Lời mời đang được gửi; các nơi chưa nhận sẽ nhận bản đã sửa.",
    "edit.papers_scheduled": "Lời mời chưa gửi; sẽ được gửi với nội dung mới lúc {when}.",
    "edit.papers_late_cleared": "{count} bài nộp sau hạn cũ nay được tính là nộp đúng hạn.",
    "edit.papers_extended": "⚠️ <b>Gia hạn nộp tham luận #{id}</b>: {old} → {new}",
    "edit.papers_moved": "⚠️ <b>Đổi hạn nộp tham luận #{id}</b>: {old} → {new}",
    "edit.papers_changed": "⚠️ <b>Thay đổi lời mời gửi tham luận #{id}</b>",
    "edit.papers_notice": "{headline}\n«{topic}»{changes}\nĐơn vị {unit} mới nộp {have}/{need} bài. Xin gửi tệp kèm chú thích <code>/nop {id}</code>, hoặc trả lời giấy mời bằng tệp tham luận.",
    "edit.papers_notice_typed": "{headline}\n«{topic}»{changes}\nĐơn vị {unit} mới nộp {have}/{need} bài. Xin gửi <code>NOP {id} đường dẫn tới tệp</code>.",
    "edit.field.topic": "chủ đề",
    "edit.field.paper_deadline": "hạn nộp",
    "edit.field.count": "số bài",
    "cancel.papers_notice": "❌ <b>Huỷ lời mời gửi tham luận #{id}</b> «{topic}».{reason} Các đơn vị không cần gửi tham luận theo lời mời này nữa.",
    "cancel.papers_done": "❌ Đã huỷ lời mời gửi tham luận #{id} «{topic}».{reason} Đã ghi ĐÃ HUỶ lên {cards} lời mời đã gửi và gửi thông báo huỷ tới {chats} nơi nhận; các lời nhắc không còn được gửi và Loa không nhận thêm tệp.",
    "cancel.papers_unsent": "Đã huỷ lời mời gửi tham luận #{id} «{topic}».{reason} Lời mời chưa được gửi tới nơi nào.",
}
