"""Vietnamese texts of the format rules of papers: `định dạng:`, the findings on a receipt, the
refusal of a file that is not what its name says.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/formats.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "formats.font_or": " hoặc ",
    "formats.size_part": "cỡ {size}",
    "formats.pages_part": "{pages} trang",
    "formats.pages_between": "từ {low} đến {high}",
    "formats.pages_at_most": "tối đa {count}",
    "formats.pages_at_least": "ít nhất {count}",
    "formats.what_page": "khổ giấy",
    "formats.what_pages": "số trang",
    "formats.what_size": "cỡ chữ",
    "formats.what_font": "phông chữ",
    "formats.twice": "Phần «{part}» của <code>định dạng:</code> nêu {what} lần thứ hai; xin chỉ ghi một lần. Ví dụ: <code>định dạng: A4, Times New Roman 14, tối đa 10 trang</code>",
    "formats.empty": "Loa chưa đọc được <code>định dạng:</code>. Xin ghi khổ giấy, phông chữ, cỡ chữ và số trang, cách nhau bằng dấu phẩy. Ví dụ: <code>{example}</code> (hoặc <code>định dạng: không kiểm tra</code>).",
    "formats.bad_size": "Cỡ chữ «{part}» không đọc được: xin ghi một cỡ từ 6 đến 72, hoặc một khoảng như <code>13–14</code>. Ví dụ: <code>{example}</code>",
    "formats.bad_pages": "Số trang «{part}» không đọc được: xin ghi <code>tối đa 10 trang</code>, <code>ít nhất 5 trang</code> hoặc <code>từ 5 đến 10 trang</code>. Ví dụ: <code>{example}</code>",
    "formats.bad_font": "Phông chữ «{part}» không đọc được: xin ghi tên phông như <code>Times New Roman</code> (nhiều phông thì nối bằng <code>hoặc</code>). Ví dụ: <code>{example}</code>",
    "formats.card": "📐 Định dạng: {rules}",
    "formats.page_wrong": "Khổ giấy {found} — yêu cầu {wanted}",
    "formats.page_wrong_some": "Khổ giấy {found} ở {count}/{total} trang — yêu cầu {wanted}",
    "formats.font_wrong": "Phông chữ {found} — yêu cầu {wanted}",
    "formats.size_wrong": "Cỡ chữ {found} — yêu cầu {wanted}",
    "formats.pages_wrong": "{count} trang — {wanted}",
    "formats.pages_wrong_estimated": "khoảng {count} trang (ước tính) — {wanted}",
    "formats.receipt_warnings": "\n⚠️ Chưa đúng định dạng:\n{lines}\nĐây chỉ là lưu ý: tham luận vẫn được nhận; nếu kịp, xin sửa và gửi lại.",
    "formats.receipt_line": "• {line}",
    "formats.receipt_ok": "\n📐 Đúng định dạng yêu cầu.",
    "formats.receipt_unchecked": "\n📐 Loa chưa kiểm tra được định dạng của tệp này ({reason}); tham luận vẫn được nhận.",
    "formats.reason_timeout": "quá thời gian kiểm tra",
    "formats.reason_unreadable": "không đọc được nội dung tệp",
    "formats.reason_no_file": "không tải được tệp",
    "formats.reason_no_pages": "cần LibreOffice để đếm số trang",
    "formats.not_paper": "Tệp «{name}» không được nhận: nội dung của tệp không phải tài liệu PDF, DOC, DOCX hay ODT như tên tệp cho thấy (có thể tệp bị hỏng hoặc bị đổi tên). Xin mở thử tệp rồi gửi lại bản đúng.",
    "formats.wrong_kind": "Tệp «{name}» không được nhận: tên tệp ghi {claimed} nhưng nội dung thực ra là {actual}. Xin lưu lại tệp đúng định dạng (hoặc đặt lại đuôi tên tệp) rồi gửi lại.",
    "formats.status_mark": "    ⚠️ {lines}",
    "formats.button_default": "A4, Times New Roman 13–14, tối đa 10 trang",
    "formats.button_none": "Không kiểm tra",
    "formats.toast_set": "Đã đặt định dạng cần kiểm tra",
    "formats.toast_none": "Không kiểm tra định dạng",
    "formats.check_soffice_ok": "LibreOffice: có ({path}) — số trang DOCX đếm theo bản PDF; ODT/DOC được kiểm tra; đóng được kỷ yếu.",
    "formats.check_soffice_missing": "LibreOffice: không có — số trang DOCX chỉ là ước tính; ODT/DOC không được đếm trang; không đóng được kỷ yếu. Cài: apt-get install libreoffice-writer-nogui fonts-liberation2 fonts-dejavu-core",
}
