"""Vietnamese texts of the book of papers (kỷ yếu): `/kyyeu`, its progress, the cover and the
table of contents, and why a paper is missing from the book.

One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its twin in
`handlers/texts/en/book.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "menu.kyyeu": "Dựng kỷ yếu các tham luận thành một tệp PDF (Ban tổ chức)",
    "help.book": "\n/kyyeu — kỷ yếu các tham luận thành một tệp PDF: <code>/kyyeu 7</code>",
    "book.example": "/kyyeu 7",
    "book.usage": "Cách dùng: <code>/kyyeu 7</code> — dựng kỷ yếu các tham luận của lời mời #7 thành một tệp PDF, gửi riêng cho anh/chị.",
    "book.not_call": "#{id} không phải lời mời gửi tham luận: kỷ yếu chỉ dựng từ các tham luận.",
    "book.empty": "Lời mời tham luận #{id} chưa có tệp tham luận nào để dựng kỷ yếu.",
    "book.private_only": (
        "Kỷ yếu được gửi vào tin nhắn riêng. Xin nhắn riêng cho Loa một lần (bấm /start), "
        "rồi gõ lại <code>/kyyeu {id}</code>."
    ),
    "book.telegram_only": (
        "Kỷ yếu là một tệp PDF, mà Zalo không nhận tệp từ bot. Xin gõ <code>/kyyeu {id}</code> "
        "trên Telegram."
    ),
    "book.already": "Kỷ yếu của lời mời tham luận #{id} đang được dựng; Loa sẽ gửi khi xong.",
    "book.started": (
        "Đã bắt đầu dựng kỷ yếu #{id} ({count} tham luận). Tệp PDF sẽ được gửi vào tin nhắn "
        "riêng của anh/chị khi xong."
    ),
    "book.progress": "Đang dựng kỷ yếu: {done}/{count} tham luận…",
    "book.progress_merge": "Đang dựng kỷ yếu: ghép {count} tham luận, đánh số trang…",
    "book.done": "Đã dựng xong kỷ yếu #{id}: {papers} tham luận, {pages} trang.",
    "book.done_missing": (
        "Đã dựng xong kỷ yếu #{id}: {papers} tham luận, {pages} trang. "
        "{count} tham luận không đưa vào được."
    ),
    "book.caption": "Kỷ yếu #{id} — {topic} ({pages} trang)",
    "book.caption_part": "Kỷ yếu #{id} — {topic}, phần {part}/{parts}",
    "book.missing_header": "<b>Các tham luận không đưa vào kỷ yếu #{id}:</b>",
    "book.missing_line": "• {unit} — {file}: {reason}",
    "book.failed": "Xin lỗi, không dựng được kỷ yếu #{id}: {error}. Xin thử lại sau.",
    "book.failed_unknown": "đã có lỗi khi dựng",
    "book.cover.title": "KỶ YẾU HỘI THẢO",
    "book.cover.date": "Ngày {day} tháng {month} năm {year}",
    "book.toc.title": "MỤC LỤC",
    "book.toc.number": "STT",
    "book.toc.unit": "Đơn vị",
    "book.toc.paper": "Tiêu đề",
    "book.toc.page": "Trang",
    "book.toc.missing": "(không chuyển được: {reason})",
    "book.reason.unavailable": "không tải được tệp",
    "book.reason.not_what_named": "tệp không đúng loại như tên gọi",
    "book.reason.no_libreoffice": "LibreOffice chưa được cài",
    "book.reason.timeout": "chuyển sang PDF quá {seconds} giây",
    "book.reason.unconvertible": "LibreOffice không đọc được tệp",
    "book.reason.unreadable_pdf": "tệp PDF không đọc được",
    "book.reason.no_fonts": "thiếu phông chữ DejaVu (gói fonts-dejavu-core)",
}
