"""Vietnamese texts of news.

News links (/tin) and watched feeds (/nguon). One part of the Vietnamese catalogue, merged into
`handlers.texts.VI`; every key has its twin in `handlers/texts/en/news.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # watched feeds (/nguon)
    "feeds.usage": (
        "Cách dùng: <code>/nguon</code> (danh sách), "
        "<code>/nguon them địa chỉ nguồn | đối tượng | mỗi 30 phút</code>, "
        "<code>/nguon xoa 3</code>, <code>/nguon bat 3</code> (bật lại nguồn đã tạm dừng).\n"
        "Dòng tuỳ chọn: <code>chỉ đăng nếu có: từ khoá, …</code> — chỉ đăng tin có một trong các từ khoá "
        "(không phân biệt hoa thường, có dấu hay không dấu). Chu kỳ kiểm tra tối thiểu 5 phút, mặc định 30 phút."
    ),
    "feeds.example": (
        "/nguon them https://truongchinhtritohieu.edu.vn/rss/tin-hoat-dong.rss | tất cả | mỗi 30 phút\n"
        "chỉ đăng nếu có: thi đua, khen thưởng"
    ),
    "feeds.empty": "Chưa theo dõi nguồn tin nào. Thêm nguồn: <code>/nguon them https://truongchinhtritohieu.edu.vn/rss/tin-hoat-dong.rss | tất cả | mỗi 30 phút</code>",
    "feeds.header": "<b>Nguồn tin đang theo dõi ({count})</b>",
    "feeds.line": (
        "\n<b>#{id}</b> {title} — {state}\n"
        "{url}\n"
        "Đối tượng: {audience} · kiểm tra mỗi {interval}{keywords}\n"
        "Kiểm tra lần cuối: {checked} · đã đăng {posted} tin{error}"
    ),
    "feeds.keywords_part": " · chỉ đăng nếu có: {keywords}",
    "feeds.never_checked": "chưa kiểm tra",
    "feeds.error_part": "\n⚠️ Lỗi: {error} ({failures} lần liên tiếp)",
    "feeds.state.active": "đang theo dõi",
    "feeds.state.paused": "⏸ tạm dừng (bật lại: <code>/nguon bat {id}</code>)",
    "feeds.more": "\n… và {count} nguồn nữa.",
    "feeds.added": (
        "✅ Đã thêm nguồn tin #{id}: <b>{title}</b>\n"
        "{url}\n"
        "Đối tượng: {audience} ({count} nhóm{private}) · kiểm tra mỗi {interval}{keywords}\n"
        "Nguồn đang có {items} tin; Loa coi các tin này là đã xem và chỉ đăng tin mới từ nay."
    ),
    "feeds.removed": "Đã xoá nguồn tin #{id} «{title}». Loa không theo dõi nguồn này nữa; các tin đã đăng vẫn giữ nguyên.",
    "feeds.resumed": "▶️ Đã bật lại nguồn tin #{id} «{title}». Loa sẽ kiểm tra nguồn trong vòng một phút.",
    "feeds.already_active": "Nguồn tin #{id} đang hoạt động; không cần bật lại.",
    "feeds.unknown": "Không có nguồn tin #{id}. Các nguồn đang theo dõi: {known}.",
    "feeds.unknown_none": "Không có nguồn tin #{id}: chưa theo dõi nguồn tin nào.",
    "feeds.bad_number": "«{value}» không phải số thứ tự nguồn tin. Số thứ tự xem bằng <code>/nguon</code>, ví dụ <code>/nguon xoa 3</code>.",
    "feeds.missing_url": "Thiếu địa chỉ nguồn tin (RSS hoặc Atom).",
    "feeds.bad_url": "«{url}» không phải địa chỉ hợp lệ: địa chỉ nguồn tin bắt đầu bằng http:// hoặc https://.",
    "feeds.too_many_fields": "Dòng đầu có quá nhiều phần ngăn cách bởi «|» (tối đa 3: địa chỉ nguồn | đối tượng | chu kỳ kiểm tra).",
    "feeds.unknown_line": "Không hiểu dòng «{line}». Dòng tuỳ chọn được nhận: <code>chỉ đăng nếu có: từ khoá, …</code>.",
    "feeds.bad_interval": "Không đọc được chu kỳ kiểm tra «{value}». Ví dụ: <code>mỗi 30 phút</code>, <code>mỗi 2 giờ</code>, <code>mỗi ngày</code>.",
    "feeds.interval_too_short": "Chu kỳ kiểm tra «{value}» quá ngắn: tối thiểu {minimum} phút.",
    "feeds.interval_too_long": "Chu kỳ kiểm tra «{value}» quá dài: tối đa 1 tuần.",
    "feeds.bad_keyword": "Từ khoá «{value}» không hợp lệ: mỗi từ khoá gồm chữ hoặc số, tối đa 50 ký tự; các từ khoá cách nhau bằng dấu phẩy.",
    "feeds.too_many_keywords": "Quá nhiều từ khoá: tối đa {limit}.",
    "feeds.duplicate": "Nguồn {url} đã được theo dõi (#{id}). Không có gì thay đổi.",
    "feeds.unavailable": "Chức năng đọc nguồn tin chưa sẵn sàng. Xin thử lại sau.",
    "feeds.unreadable": "Không thêm được nguồn <code>{url}</code>: {reason}. Không có gì được lưu.",
    "feeds.paused_alert": (
        "⚠️ Nguồn tin #{id} «{title}» đã tạm dừng sau {count} lần kiểm tra lỗi liên tiếp "
        "(lỗi gần nhất: {reason}). Khi nguồn hoạt động trở lại, bật lại bằng <code>/nguon bat {id}</code>."
    ),
    "feeds.reason.bad_url": "địa chỉ không hợp lệ",
    "feeds.reason.scheme": "Loa chỉ đọc địa chỉ http:// hoặc https://",
    "feeds.reason.private_address": "địa chỉ thuộc mạng nội bộ, Loa không được phép đọc",
    "feeds.reason.dns": "không tìm thấy tên miền",
    "feeds.reason.too_large": "nội dung quá lớn (trên 2 MB)",
    "feeds.reason.timeout": "máy chủ không trả lời trong 10 giây",
    "feeds.reason.too_many_redirects": "chuyển hướng quá nhiều lần (trên 5 lần)",
    "feeds.reason.http_status": "máy chủ trả lời lỗi {status}",
    "feeds.reason.network": "không kết nối được tới máy chủ",
    "feeds.reason.not_feed": "nội dung không phải nguồn tin RSS hay Atom (địa chỉ nguồn thường kết thúc bằng .rss, .xml hoặc /feed)",
    "feeds.reason.error": "lỗi khi đọc nguồn",
    # news links
    "news.usage": (
        "Cách dùng: <code>/tin đường dẫn | đối tượng | thời điểm gửi</code>\n"
        "Ví dụ: <code>/tin https://truongchinhtri.vn/tin-tuc/hoi-nghi-so-ket.html | tất cả</code>\n"
        "Đối tượng mặc định là <code>tất cả</code>; bỏ trống thời điểm để gửi ngay. "
        "Kết thúc dòng đầu bằng <code>!</code> để gửi không cần xem trước."
    ),
    "news.example": "/tin https://truongchinhtri.vn/tin-tuc/hoi-nghi-so-ket.html | tất cả",
    "news.too_many_fields": "Dòng đầu có quá nhiều phần (tối đa 3: đường dẫn | đối tượng | thời điểm gửi).",
    "news.missing_url": "Thiếu đường dẫn bài viết.",
    "news.bad_url": "«{url}» không phải là một đường dẫn hợp lệ. Đường dẫn phải bắt đầu bằng http:// hoặc https://.",
    "news.refused_bad_url": "«{url}» không phải là một đường dẫn hợp lệ.",
    "news.refused_scheme": "Loa chỉ đọc trang web http:// hoặc https://, không đọc «{url}».",
    "news.refused_private_address": "Loa không đọc «{url}»: địa chỉ này thuộc mạng nội bộ. Hãy dùng đường dẫn công khai của bài viết.",
    "news.unavailable": "Chức năng đọc trang web chưa sẵn sàng. Xin thử lại sau.",
    "news.fail_dns": "không tìm thấy tên miền",
    "news.fail_timeout": "trang không trả lời trong 10 giây",
    "news.fail_too_large": "trang quá lớn (trên 2 MB)",
    "news.fail_too_many_redirects": "trang chuyển hướng quá nhiều lần",
    "news.fail_http_status": "máy chủ báo lỗi",
    "news.fail_network": "không kết nối được tới máy chủ",
    "news.fail_unreadable": "không tìm thấy tiêu đề bài viết trong trang",
    "news.unreadable": (
        "Không đọc được trang <code>{url}</code>: {reason}.\n"
        "Anh/chị vẫn có thể gửi đường dẫn (không kèm tóm tắt) tới {audience} ({count} nhóm), "
        "thời điểm gửi: {when}."
    ),
    "news.btn_bare": "🔗 Gửi đường dẫn",
    "news.preview": (
        "<b>Xem trước tin bài #{id}</b>{photo}\n"
        "Gửi tới: {audience} ({count} nhóm{private})\n"
        "Thời điểm gửi: {when}\n"
        "──────────\n{card}"
    ),
    "news.with_photo": " (kèm ảnh)",
    "news.header": "📰 <b>TIN BÀI #{id}</b>",
    "news.about": "🗓 {about}",
    "news.cancelled": "❌ <b>ĐÃ HUỶ</b>",
    "news.btn_read": "📖 Đọc bài viết",
    "news.plain_read": "📖 Đọc bài viết: {url}",
}
