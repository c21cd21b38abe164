"""Everything a chat user reads, one catalogue per language (Vietnamese first, English second).

Texts are HTML for Telegram. `text()` escapes every value it fills in, so nothing a user typed
can become markup; a value that is already HTML built by Loa is wrapped in `Safe`.
"""

from __future__ import annotations

import html
from typing import Final


class Safe(str):
    """A string of HTML that Loa built itself and that must not be escaped again."""

    __slots__ = ()


def esc(value: object) -> str:
    """Escape a value for Telegram HTML (quotes too, so it is safe inside attributes)."""
    if isinstance(value, Safe):
        return value
    return html.escape(str(value), quote=True)


VI: Final[dict[str, str]] = {
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
    "menu.moi": "Tạo đường dẫn mời vào đơn vị",
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
    # watched feeds (/nguon)
    "menu.nguon": "Theo dõi nguồn tin RSS/Atom (Ban tổ chức)",
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
    # start / help / language
    "start.greeting": "Xin chào {name}! Tôi là <b>Loa</b>, trợ lý chuyển thông báo của Cụm thi đua.",
    "start.no_name": "anh/chị",
    "start.role_organiser": "Anh/chị thuộc <b>Ban tổ chức</b>. Gõ /trogiup để xem các lệnh quản lý.",
    "start.role_member": "Anh/chị là thành viên của đơn vị <b>{unit}</b>. Thông báo của đơn vị sẽ được gửi tới đây.",
    "start.role_none": (
        "Anh/chị chưa thuộc đơn vị nào. Hãy mở đường dẫn mời do Ban tổ chức gửi để tham gia đơn vị."
    ),
    "start.joined": "Anh/chị đã tham gia đơn vị <b>{unit}</b>. Thông báo của đơn vị sẽ được gửi tới đây.",
    "start.already_member": (
        "Anh/chị đã là thành viên của đơn vị <b>{unit}</b>; không cần mở lại đường dẫn mời. "
        "Thông báo của đơn vị sẽ được gửi tới đây."
    ),
    "start.moved": "Anh/chị đã chuyển từ đơn vị <b>{old}</b> sang đơn vị <b>{unit}</b>. Thông báo của đơn vị mới sẽ được gửi tới đây.",
    "start.bad_invite": "Mã mời không hợp lệ hoặc đã hết hiệu lực. Xin liên hệ Ban tổ chức để nhận đường dẫn mới.",
    "start.in_group": "Loa đang hoạt động trong nhóm này. Gõ /trogiup để xem các lệnh.",
    "help.header": "<b>Các lệnh của Loa</b>",
    "help.member": (
        "/start — giới thiệu và vai trò của anh/chị\n"
        "/trogiup — danh sách lệnh\n"
        "/ngonngu <code>vi</code> | <code>en</code> — chọn ngôn ngữ\n"
        "/lich — lịch họp sắp tới của đơn vị\n"
        "/nop — nộp tham luận: gửi tệp kèm chú thích <code>/nop 7</code>, hoặc trả lời lời mời bằng tệp"
    ),
    "help.organiser": (
        "\n\n<b>Ban tổ chức</b>\n"
        "/thongbao — gửi thông báo: <code>/thongbao Nội dung | tất cả | 8h 19/6</code>\n"
        "/hop — giấy mời họp: <code>/hop Hội nghị sơ kết | 8h 19/6 | Hội trường A | tất cả</code>\n"
        "/thamluan — lời mời gửi tham luận: <code>/thamluan Chủ đề | 17h 14/6 | tất cả</code>\n"
        "(gõ /hop hoặc /thamluan riêng, trong tin nhắn riêng, để Loa hỏi lần lượt từng mục)\n"
        "/tin — gửi tin bài: <code>/tin https://… | tất cả</code>\n"
        "/nguon — theo dõi nguồn tin RSS/Atom: <code>/nguon them https://… | tất cả | mỗi 30 phút</code>, <code>/nguon</code> (danh sách), <code>/nguon xoa 3</code>, <code>/nguon bat 3</code>\n"
        "/ds — các thông báo đã hẹn giờ và đang gửi\n"
        "/sua — sửa giấy mời họp: <code>/sua 12 thời gian: 14h 19/6</code>; lời mời tham luận: <code>/sua 7 hạn nộp: 17h 20/6</code>\n"
        "/nhacnho — nhắc ngay các đơn vị chưa trả lời hoặc chưa nộp tham luận: <code>/nhacnho 12</code>\n"
        "/huy — huỷ thông báo chưa gửi, cuộc họp hoặc lời mời tham luận: <code>/huy 12 | lý do</code>\n"
        "/tinhhinh — tình hình xác nhận hoặc nộp tham luận: <code>/tinhhinh 12</code>; ghi thay: <code>/tinhhinh 12 | HP | có | Nguyễn Văn A</code>\n"
        "/xuat — danh sách xác nhận ra Excel và CSV; với lời mời tham luận: tệp ZIP các bài và danh sách Excel: <code>/xuat 12</code>\n"
        "/donvi — đơn vị: <code>/donvi them HP | Trường Chính trị Tô Hiệu</code>, <code>/donvi xoa HP</code>\n"
        "/nhom — trong nhóm: <code>/nhom HP bgh</code> liên kết với đơn vị, <code>/nhom cum</code> với cả Cụm; "
        "trong tin nhắn riêng: danh sách nhóm\n"
        "/moi — đường dẫn mời vào đơn vị: <code>/moi HP</code>\n"
        "/quyen — trả lời tin nhắn của một người: <code>/quyen</code> cấp quyền, <code>/quyen bo</code> thu hồi"
    ),
    "lang.set": "Đã chọn tiếng Việt.",
    "lang.usage": "Chọn ngôn ngữ: <code>/ngonngu vi</code> hoặc <code>/ngonngu en</code>.",
    # units
    "units.header": "<b>Các đơn vị ({count})</b>",
    "units.line": "• <b>{code}</b> — {name} ({groups} nhóm)",
    "units.empty": "Chưa có đơn vị nào. Thêm đơn vị: <code>/donvi them HP | Trường Chính trị Tô Hiệu thành phố Hải Phòng</code>",
    "units.added": "Đã thêm đơn vị <b>{code}</b> — {name}.",
    "units.updated": "Đã cập nhật đơn vị <b>{code}</b> — {name}.",
    "units.restored": (
        "Đã thêm lại đơn vị <b>{code}</b> — {name}. Các nhóm của đơn vị đã được huỷ liên kết khi "
        "xoá đơn vị: xin gõ <code>/nhom {code}</code> trong từng nhóm để liên kết lại."
    ),
    "units.exists": (
        "Đơn vị <b>{code}</b> đã có: {name}. Không có gì thay đổi. "
        "Muốn đổi tên, gõ <code>/donvi sua {code} | tên mới</code>."
    ),
    "units.renamed": "Đã đổi tên đơn vị <b>{code}</b>: {old} → {name}.",
    "units.removed": "Đã xoá đơn vị <b>{code}</b>. {groups} nhóm của đơn vị chuyển về trạng thái chờ liên kết.",
    "units.usage": (
        "Cách dùng: <code>/donvi</code> (danh sách), <code>/donvi them HP | Tên đơn vị</code>, "
        "<code>/donvi sua HP | Tên mới</code>, <code>/donvi xoa HP</code>."
    ),
    "units.bad_code": (
        "Mã đơn vị «{code}» không hợp lệ: mã gồm 1–10 chữ cái không dấu hoặc chữ số, ví dụ <code>HP</code>."
    ),
    "units.bad_name": "Thiếu tên đơn vị (tối đa 300 ký tự). Ví dụ:\n<code>/donvi them HP | Trường Chính trị Tô Hiệu thành phố Hải Phòng</code>",
    "units.name_too_long": "Tên đơn vị quá dài ({length} ký tự, tối đa {limit}). Xin rút gọn tên rồi gửi lại.",
    # groups
    "group.welcome": (
        "Xin chào! Loa đã được thêm vào «<b>{title}</b>». Nhóm chưa nhận thông báo cho đến khi "
        "Ban tổ chức liên kết nhóm với một đơn vị bằng lệnh <code>/nhom &lt;mã đơn vị&gt;</code> "
        "(ví dụ <code>/nhom HP</code>) hoặc với cả Cụm bằng <code>/nhom cum</code>."
    ),
    "group.linked_unit": "Nhóm <b>{title}</b> đã được liên kết với đơn vị <b>{code}</b> — {name}.{tags}",
    "group.linked_cluster": "Nhóm <b>{title}</b> đã được liên kết với <b>cả Cụm</b>.{tags}",
    "group.back_unit": (
        "Loa đã trở lại «<b>{title}</b>». Nhóm vẫn liên kết với đơn vị <b>{code}</b> — {name} "
        "và tiếp tục nhận thông báo.{tags}"
    ),
    "group.back_cluster": "Loa đã trở lại «<b>{title}</b>». Nhóm vẫn liên kết với <b>cả Cụm</b> và tiếp tục nhận thông báo.{tags}",
    "group.tags": " Nhãn: {tags}.",
    "group.unlinked": "Đã huỷ liên kết nhóm <b>{title}</b>. Nhóm sẽ không nhận thông báo.",
    "group.show_unit": "Nhóm này liên kết với đơn vị <b>{code}</b> — {name}.{tags}",
    "group.show_cluster": "Nhóm này liên kết với <b>cả Cụm</b>.{tags}",
    "group.show_pending": "Nhóm này chưa được liên kết. Ban tổ chức dùng <code>/nhom HP</code> để liên kết với đơn vị HP.",
    "group.bad_tag": "Nhãn «{tag}» không hợp lệ: nhãn gồm chữ không dấu, chữ số, dấu gạch, tối đa 20 ký tự, ví dụ <code>bgh</code>.",
    "group.list_header": "<b>Các nhóm ({count})</b>",
    "group.list_line": "• {title} — {target} — {state}",
    "group.list_empty": "Loa chưa ở trong nhóm nào. Hãy thêm Loa vào nhóm của đơn vị rồi gõ <code>/nhom HP</code> trong nhóm.",
    "group.state.pending": "chờ liên kết",
    "group.state.active": "đang hoạt động",
    "group.state.inactive": "ngừng hoạt động",
    "group.target.cluster": "cả Cụm",
    "group.target.none": "chưa liên kết",
    "group.inactive_alert": "⚠️ Loa không còn gửi được tới nhóm <b>{title}</b> ({reason}). Nhóm đã chuyển sang ngừng hoạt động.",
    "group.reason.removed": "Loa đã bị xoá khỏi nhóm",
    "group.reason.blocked": "Loa bị chặn hoặc không có quyền gửi",
    # invites
    "invite.created": "Đường dẫn mời vào đơn vị <b>{code}</b> — {name}:\n{link}\nNgười mở đường dẫn và bấm Bắt đầu sẽ tham gia đơn vị.",
    "invite.usage": "Cách dùng: <code>/moi HP</code> — tạo đường dẫn mời vào đơn vị HP.",
    # grants
    "grant.done": "Đã cấp quyền Ban tổ chức cho {name}.",
    "grant.done_unknown": (
        "⚠️ Loa chưa gặp ai có mã <code>{id}</code>. Đã cấp quyền Ban tổ chức cho mã này; quyền có "
        "hiệu lực khi người đó nhắn tin cho Loa. Nếu gõ nhầm mã, thu hồi bằng "
        "<code>/quyen bo {id}</code>."
    ),
    "grant.revoked": "Đã thu hồi quyền Ban tổ chức của {name}.",
    "grant.already": "{name} đã thuộc Ban tổ chức.",
    "grant.not_organiser": "{name} không thuộc Ban tổ chức.",
    "grant.configured": "{name} là quản trị viên trong cấu hình (LOA_ADMINS); không thể thu hồi trong chat.",
    "grant.self": "Anh/chị không thể tự thu hồi quyền của mình.",
    "grant.usage": (
        "Cách dùng: trả lời tin nhắn của một người bằng <code>/quyen</code> để cấp quyền Ban tổ chức, "
        "<code>/quyen bo</code> để thu hồi; hoặc <code>/quyen 123456789</code>, <code>/quyen bo 123456789</code>."
    ),
    # notices
    "notice.usage": (
        "Cách dùng: <code>/thongbao nội dung | đối tượng | thời điểm gửi</code>\n"
        "Đối tượng: <code>tất cả</code> (mặc định), mã đơn vị và nhãn, ví dụ <code>HP, VP, #bgh</code>; "
        "thêm <code>riêng</code> để gửi cả tin nhắn riêng.\n"
        "Thời điểm gửi: bỏ trống để gửi ngay, hoặc ví dụ <code>8h 19/6</code>, <code>30 phút nữa</code>.\n"
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
    # news links
    "menu.tin": "Gửi đường dẫn tin bài (Ban tổ chức)",
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
    "meeting.file_caption": "📎 Giấy mời họp #{id}: {title}",
    "meeting.usage": (
        "Cách dùng: <code>/hop tiêu đề | thời gian | địa điểm | đối tượng</code>, rồi các dòng tuỳ chọn "
        "<code>căn cứ:</code>, <code>thành phần:</code>, <code>ghi chú:</code>, <code>kết thúc:</code>, "
        "<code>hạn xác nhận:</code>, <code>nhắc:</code>, <code>gửi lúc:</code>."
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
    # the guided /hop dialogue
    "dialogue.header": "📝 <b>Giấy mời họp mới</b>",
    "dialogue.intro": "Loa sẽ hỏi lần lượt từng mục. Muốn bỏ bản nháp, gõ /huy hoặc bấm «✖️ Huỷ bản nháp».",
    "dialogue.line": "{label}: <b>{value}</b>",
    "dialogue.field.title": "Tiêu đề",
    "dialogue.field.time": "Thời gian",
    "dialogue.field.venue": "Địa điểm",
    "dialogue.field.audience": "Đối tượng",
    "dialogue.field.file": "Tệp đính kèm",
    "dialogue.field.basis": "Căn cứ",
    "dialogue.field.composition": "Thành phần",
    "dialogue.field.notes": "Ghi chú",
    "dialogue.field.ends": "Kết thúc",
    "dialogue.field.deadline": "Hạn xác nhận",
    "dialogue.field.reminders": "Nhắc lịch",
    "dialogue.field.send_at": "Gửi lúc",
    "dialogue.step.title": "<b>Bước {step}/5 · Tiêu đề</b>\nXin gõ tiêu đề cuộc họp (tối đa 500 ký tự), ví dụ:\n<code>Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024</code>",
    "dialogue.step.time": "<b>Bước {step}/5 · Thời gian</b>\nXin gõ thời điểm bắt đầu cuộc họp, ví dụ <code>8h 19/6/2024</code> hoặc <code>14h thứ 4 tuần sau</code>.",
    "dialogue.step.venue": "<b>Bước {step}/5 · Địa điểm</b>\nXin gõ địa điểm họp (tối đa 500 ký tự), ví dụ:\n<code>Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội</code>",
    "dialogue.step.audience": "<b>Bước {step}/5 · Đối tượng</b>\nBấm để chọn đơn vị hoặc nhãn nhóm (bấm lần nữa để bỏ chọn), rồi bấm «Xong ▶». Cũng có thể gõ, ví dụ <code>HP, VP, #bgh</code> hoặc <code>tất cả</code>.",
    "dialogue.step.options": "<b>Bước {step}/5 · Thông tin thêm (không bắt buộc)</b>\nBấm một mục để thêm hoặc sửa, hoặc gõ mỗi mục một dòng, ví dụ <code>căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024</code>. Khi đã xong, bấm «Xem trước ▶».",
    "dialogue.ask.basis": "<b>Bước {step}/5 · Căn cứ</b>\nXin gõ văn bản căn cứ (tối đa 500 ký tự), ví dụ <code>Kế hoạch số 40-KH/CTĐ ngày 28/5/2024</code>. Gõ <code>không</code> để bỏ mục này.",
    "dialogue.ask.composition": "<b>Bước {step}/5 · Thành phần</b>\nXin gõ thành phần mời dự (tối đa 1000 ký tự), ví dụ <code>Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm</code>. Gõ <code>không</code> để bỏ mục này.",
    "dialogue.ask.notes": "<b>Bước {step}/5 · Ghi chú</b>\nXin gõ ghi chú (tối đa 2000 ký tự), ví dụ <code>Đề nghị các đơn vị gửi danh sách đại biểu trước ngày 14/6.</code> Gõ <code>không</code> để bỏ mục này.",
    "dialogue.ask.ends": "<b>Bước {step}/5 · Kết thúc</b>\nXin gõ thời điểm kết thúc, ví dụ <code>11h30</code> (cùng ngày họp) hoặc <code>17h 19/6/2024</code>. Gõ <code>không</code> để bỏ mục này.",
    "dialogue.ask.deadline": "<b>Bước {step}/5 · Hạn xác nhận</b>\nXin gõ hạn xác nhận tham dự (trước giờ họp), ví dụ <code>17h 14/6/2024</code>. Gõ <code>không</code> để bỏ mục này.",
    "dialogue.ask.reminders": "<b>Bước {step}/5 · Nhắc lịch</b>\nXin gõ các lần nhắc trước giờ họp, ví dụ <code>1 ngày, 2 giờ</code>. Gõ <code>không</code> để không nhắc, <code>mặc định</code> để nhắc trước 1 ngày và 2 giờ.",
    "dialogue.ask.send_at": "<b>Bước {step}/5 · Gửi lúc</b>\nXin gõ thời điểm gửi giấy mời (trước giờ họp), ví dụ <code>7h 13/6/2024</code>. Gõ <code>ngay</code> để gửi ngay khi xác nhận.",
    "dialogue.current": "Hiện tại: <b>{value}</b>",
    "dialogue.opt.basis": "📄 Căn cứ",
    "dialogue.opt.composition": "👥 Thành phần",
    "dialogue.opt.notes": "📝 Ghi chú",
    "dialogue.opt.ends": "🕙 Kết thúc",
    "dialogue.opt.deadline": "⏳ Hạn xác nhận",
    "dialogue.opt.reminders": "🔔 Nhắc lịch",
    "dialogue.opt.send_at": "📤 Gửi lúc",
    "dialogue.btn_all": "Tất cả",
    "dialogue.btn_done": "Xong ▶",
    "dialogue.btn_preview": "Xem trước ▶",
    "dialogue.btn_quit": "✖️ Huỷ bản nháp",
    "dialogue.btn_edit": "✏️ Sửa",
    "dialogue.left": "Đã huỷ bản nháp giấy mời.",
    "dialogue.reopened": "Đã bỏ bản xem trước #{id}. Xin sửa các mục cần thiết rồi bấm «Xem trước ▶» để tạo bản mới.",
    "dialogue.empty": "Câu trả lời đang để trống.",
    "dialogue.no_bar": "«{field}» không được chứa ký tự «|».",
    "dialogue.options_typed": "Loa chưa hiểu tin nhắn này. Xin bấm một mục bên dưới, hoặc gõ mỗi mục một dòng, ví dụ <code>căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024</code>.",
    "dialogue.toast_selected": "Đã chọn {name}",
    "dialogue.toast_unselected": "Đã bỏ chọn {name}",
    "dialogue.toast_all": "Đã chọn: tất cả",
    "dialogue.toast_next": "Bước 5/5: thông tin thêm",
    "dialogue.toast_option": "Xin gõ: {label}",
    "dialogue.toast_preview": "Đã tạo bản xem trước #{id}",
    "dialogue.toast_fix": "Cần sửa trước khi xem trước",
    "dialogue.toast_left": "Đã huỷ bản nháp",
    "dialogue.toast_edit": "Sửa lại giấy mời #{id}",
    "reminder.meeting": "🔔 <b>Nhắc lịch họp #{id}</b> (còn {left})\n<b>{title}</b>\n🕗 {when}\n📍 {venue}",
    "reminder.nudge": "⏳ <b>Nhắc xác nhận #{id}</b>: đơn vị {unit} chưa trả lời giấy mời «{title}» ({when}). Xin bấm ✅ Tham dự, ❌ Vắng hoặc 👤 Cử người dự thay trên giấy mời trước {deadline}.",
    "reminder.nudge_open": "⏳ <b>Nhắc xác nhận #{id}</b>: đơn vị {unit} chưa trả lời giấy mời «{title}» ({when}). Xin bấm ✅ Tham dự, ❌ Vắng hoặc 👤 Cử người dự thay trên giấy mời.",
    "remind.usage": "Cách dùng: <code>/nhacnho 12</code> — nhắc ngay các đơn vị chưa trả lời giấy mời #12.",
    "remind.not_meeting": "#{id} không phải giấy mời họp hay lời mời gửi tham luận; lệnh /nhacnho dùng cho hai loại này.",
    "remind.not_sent": "Giấy mời #{id} chưa được gửi đi nên chưa thể nhắc.",
    "remind.started": "Cuộc họp #{id} đã bắt đầu; không nhắc nữa.",
    "remind.nobody": "Tất cả các đơn vị đã trả lời giấy mời #{id}; không cần nhắc.",
    "remind.done": "🔔 Đã nhắc {count} đơn vị chưa trả lời giấy mời #{id}: {units}.",
    "remind.unreached": "⚠️ Chưa nhắc được {units}: chưa có nhóm nào đang hoạt động. Xin liên kết nhóm của đơn vị bằng <code>/nhom</code>, hoặc liên hệ trực tiếp.",
    "menu.nhacnho": "Nhắc ngay các đơn vị chưa trả lời, chưa nộp",
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
    "chat.private_hint": "Loa chưa hiểu tin nhắn này. Gõ /trogiup để xem các lệnh.",
    "chat.did_you_mean": (
        "Có phải anh/chị muốn gõ {command}? Tên lệnh viết không dấu và liền nhau."
    ),
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
    # paper calls
    "papers.header": "📝 <b>GỬI THAM LUẬN #{id}</b>",
    "papers.deadline": "⏳ Hạn nộp: {deadline}",
    "papers.per_unit": "📄 Mỗi đơn vị nộp {count} bài",
    "papers.notes": "📝 Ghi chú: {notes}",
    "papers.how": "📤 Cách nộp: trả lời tin nhắn này bằng tệp PDF, DOC, DOCX hoặc ODT, hoặc gửi tệp kèm chú thích <code>/nop {id}</code>.",
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
    "papers.summary": "📊 <b>Hết hạn nộp tham luận #{id}</b> «{topic}»: đã nộp đủ {done}/{total} đơn vị. Chưa nộp: {missing}.",
    "papers.summary_none": "không có",
    # the guided /thamluan dialogue (shared buttons and answers are under dialogue.)
    "papers.dialogue.header": "📝 <b>Lời mời gửi tham luận mới</b>",
    "papers.dialogue.field.topic": "Chủ đề",
    "papers.dialogue.field.deadline": "Hạn nộp",
    "papers.dialogue.field.audience": "Đối tượng",
    "papers.dialogue.field.count": "Số bài mỗi đơn vị",
    "papers.dialogue.field.notes": "Ghi chú",
    "papers.dialogue.field.reminders": "Nhắc nộp",
    "papers.dialogue.field.send_at": "Gửi lúc",
    "papers.dialogue.step.topic": "<b>Bước {step}/4 · Chủ đề</b>\nXin gõ chủ đề tham luận (tối đa 500 ký tự), ví dụ:\n<code>Đổi mới phương pháp giảng dạy lý luận chính trị</code>",
    "papers.dialogue.step.deadline": "<b>Bước {step}/4 · Hạn nộp</b>\nXin gõ hạn nộp tham luận, ví dụ <code>17h 14/6/2024</code> hoặc <code>17h thứ 6 tuần sau</code>.",
    "papers.dialogue.step.audience": "<b>Bước {step}/4 · Đối tượng</b>\nBấm để chọn đơn vị hoặc nhãn nhóm (bấm lần nữa để bỏ chọn), rồi bấm «Xong ▶». Cũng có thể gõ, ví dụ <code>HP, VP, #bgh</code> hoặc <code>tất cả</code>.",
    "papers.dialogue.step.options": "<b>Bước {step}/4 · Thông tin thêm (không bắt buộc)</b>\nBấm một mục để thêm hoặc sửa, hoặc gõ mỗi mục một dòng, ví dụ <code>số bài: 2</code>. Khi đã xong, bấm «Xem trước ▶».",
    "papers.dialogue.ask.count": "<b>Bước {step}/4 · Số bài</b>\nXin gõ số bài mỗi đơn vị nộp, từ 1 đến 10, ví dụ <code>2</code>. Gõ <code>không</code> để trở lại mặc định (1 bài).",
    "papers.dialogue.ask.notes": "<b>Bước {step}/4 · Ghi chú</b>\nXin gõ ghi chú (tối đa 2000 ký tự), ví dụ <code>Tối đa 10 trang A4, phông Times New Roman cỡ 14</code>. Gõ <code>không</code> để bỏ mục này.",
    "papers.dialogue.ask.reminders": "<b>Bước {step}/4 · Nhắc nộp</b>\nXin gõ các lần nhắc trước hạn nộp, ví dụ <code>3 ngày, 1 ngày</code>. Gõ <code>không</code> để không nhắc, <code>mặc định</code> để nhắc trước 7, 3, 1 ngày và lúc 8:00 ngày hết hạn.",
    "papers.dialogue.ask.send_at": "<b>Bước {step}/4 · Gửi lúc</b>\nXin gõ thời điểm gửi lời mời (trước hạn nộp), ví dụ <code>7h 13/6/2024</code>. Gõ <code>ngay</code> để gửi ngay khi xác nhận.",
    "papers.dialogue.opt.count": "📄 Số bài",
    "papers.dialogue.opt.notes": "📝 Ghi chú",
    "papers.dialogue.opt.reminders": "🔔 Nhắc nộp",
    "papers.dialogue.opt.send_at": "📤 Gửi lúc",
    "papers.dialogue.left": "Đã huỷ bản nháp lời mời gửi tham luận.",
    "papers.dialogue.options_typed": "Loa chưa hiểu tin nhắn này. Xin bấm một mục bên dưới, hoặc gõ mỗi mục một dòng, ví dụ <code>số bài: 2</code>.",
    "papers.dialogue.toast_next": "Bước 4/4: thông tin thêm",
    "papers.dialogue.toast_edit": "Sửa lại lời mời gửi tham luận #{id}",
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
    "remind.papers_not_sent": "Lời mời gửi tham luận #{id} chưa được gửi đi nên chưa thể nhắc.",
    "remind.papers_cancelled": "Lời mời gửi tham luận #{id} đã bị huỷ; không nhắc nữa.",
    "remind.papers_nobody": "Tất cả các đơn vị đã nộp đủ tham luận #{id}; không cần nhắc.",
    "remind.papers_done": "🔔 Đã nhắc {count} đơn vị chưa nộp tham luận #{id}: {units}.",
    "remind.papers_unreached": "⚠️ Chưa nhắc được {units}: đơn vị không có nhóm nào đang hoạt động. Xin liên kết nhóm của đơn vị bằng <code>/nhom</code>, hoặc liên hệ trực tiếp.",
    "edit.papers_example": "/sua 7 hạn nộp: 17h 20/6/2024\nsố bài: 2",
    "edit.papers_missing_changes": "Chưa có gì để sửa cho lời mời gửi tham luận #{id}: sau mã, ghi mỗi thay đổi một dòng dạng <code>tên trường: giá trị mới</code> (<code>chủ đề:</code>, <code>hạn nộp:</code>, <code>số bài:</code>, <code>ghi chú:</code>, <code>nhắc:</code>).",
    "edit.papers_nothing_changed": "Các giá trị mới giống hệt lời mời gửi tham luận #{id} hiện tại; không có gì thay đổi.",
    "edit.papers_fixed": "Không đổi được «{field}» của lời mời gửi tham luận bằng /sua. Nếu cần, xin huỷ (<code>/huy {id} | lý do</code>) rồi tạo lời mời mới bằng /thamluan.",
    "edit.papers_required": "Không thể bỏ trường «{field}» của lời mời gửi tham luận; xin ghi giá trị mới.",
    "edit.papers_cancelled": "Lời mời gửi tham luận #{id} đã bị huỷ; không thể sửa.",
    "edit.papers_draft": "Lời mời gửi tham luận #{id} mới là bản xem trước, chưa gửi. Xin bấm «Gửi ngay» hoặc «Hẹn gửi» trên bản xem trước, hoặc bấm «Huỷ» rồi tạo lại bằng /thamluan.",
    "edit.papers_done": "✏️ Đã sửa lời mời gửi tham luận #{id}:\n{changes}",
    "edit.papers_told": "Đã cập nhật {cards} lời mời đã gửi và báo thay đổi tới {chats} nhóm của các đơn vị chưa nộp: {units}.",
    "edit.papers_cards_only": "Đã cập nhật {cards} lời mời đã gửi; thay đổi này không cần báo tới các đơn vị.",
    "edit.papers_all_done": "Đã cập nhật {cards} lời mời đã gửi; các đơn vị đều đã nộp đủ nên không cần báo.",
    "edit.papers_not_out_yet": "Lời mời đang được gửi; các nơi chưa nhận sẽ nhận bản đã sửa.",
    "edit.papers_scheduled": "Lời mời chưa gửi; sẽ được gửi với nội dung mới lúc {when}.",
    "edit.papers_late_cleared": "{count} bài nộp sau hạn cũ nay được tính là nộp đúng hạn.",
    "edit.papers_extended": "⚠️ <b>Gia hạn nộp tham luận #{id}</b>: {old} → {new}",
    "edit.papers_moved": "⚠️ <b>Đổi hạn nộp tham luận #{id}</b>: {old} → {new}",
    "edit.papers_changed": "⚠️ <b>Thay đổi lời mời gửi tham luận #{id}</b>",
    "edit.papers_notice": "{headline}\n«{topic}»{changes}\nĐơn vị {unit} mới nộp {have}/{need} bài. Xin gửi tệp kèm chú thích <code>/nop {id}</code>, hoặc trả lời giấy mời bằng tệp tham luận.",
    "edit.field.topic": "chủ đề",
    "edit.field.paper_deadline": "hạn nộp",
    "edit.field.count": "số bài",
    "cancel.papers_notice": "❌ <b>Huỷ lời mời gửi tham luận #{id}</b> «{topic}».{reason} Các đơn vị không cần gửi tham luận theo lời mời này nữa.",
    "cancel.papers_done": "❌ Đã huỷ lời mời gửi tham luận #{id} «{topic}».{reason} Đã ghi ĐÃ HUỶ lên {cards} lời mời đã gửi và gửi thông báo huỷ tới {chats} nơi nhận; các lời nhắc không còn được gửi và Loa không nhận thêm tệp.",
    "cancel.papers_unsent": "Đã huỷ lời mời gửi tham luận #{id} «{topic}».{reason} Lời mời chưa được gửi tới nơi nào.",
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
    "name.notice": "thông báo #{id}",
    "name.meeting": "giấy mời #{id}",
    "name.paper_call": "lời mời tham luận #{id}",
    "name.news": "tin bài #{id}",
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
    "edit.field.deadline": "hạn xác nhận",
    "edit.field.reminders": "nhắc",
    "edit.field.send_at": "gửi lúc",
    "edit.field.audience": "đối tượng",
    "cancel.meeting_notice": "❌ <b>Huỷ cuộc họp #{id}</b> «{title}» ({when}).{reason}",
    "cancel.meeting_done": "❌ Đã huỷ cuộc họp #{id} «{title}».{reason} Đã ghi ĐÃ HUỶ lên {cards} giấy mời đã gửi (bỏ các nút trả lời) và gửi thông báo huỷ tới {chats} nơi nhận; các lời nhắc không còn được gửi.",
    "cancel.meeting_unsent": "Đã huỷ giấy mời họp #{id} «{title}».{reason} Giấy mời chưa được gửi tới nơi nào.",
    "cancel.meeting_started": "Cuộc họp #{id} đã bắt đầu lúc {when}; không thể huỷ.",
}


EN: Final[dict[str, str]] = {
    "error.not_organiser_toast": "Only organisers may use this button.",
    "menu.start": "Introduction and your role",
    "menu.trogiup": "Commands with examples",
    "menu.ngonngu": "Choose the language (vi/en)",
    "menu.thongbao": "Send a notice (organisers)",
    "menu.hop": "Send a meeting invitation (organisers)",
    "menu.thamluan": "Call for conference papers (organisers)",
    "menu.nop": "Submit a paper: a file with caption /nop 7",
    "menu.tinhhinh": "Who confirmed a meeting (organisers)",
    "menu.xuat": "Export a meeting's list to Excel, papers to ZIP (organisers)",
    "menu.lich": "Upcoming meetings of my unit",
    "menu.ds": "Scheduled and sending announcements",
    "menu.huy": "Cancel an unsent notice or a meeting",
    "menu.sua": "Edit a meeting invitation (organisers)",
    "menu.donvi": "List and manage units",
    "menu.nhom": "Link a group to a unit",
    "menu.moi": "Invite link to a unit",
    "menu.quyen": "Grant or revoke the organiser role",
    # generic
    "error.internal": "Sorry, something went wrong while handling your request. Please try again in a few minutes.",
    "error.busy": "Loa is busy with many requests at once, so yours was not recorded. Please send it again in a few minutes.",
    "error.not_organiser": "Sorry, <b>/{command}</b> is for organisers only. Nothing was changed.",
    "error.stale_button": "This button is no longer valid.",
    "pages.previous": "◀ Previous",
    "pages.next": "Next ▶",
    "pages.line": "<i>Page {page}/{count}</i>",
    "error.unknown_command": "Loa does not know <b>{command}</b>. Send /help for the commands you can use.",
    "error.private_only": "This command works only in a private chat with Loa.",
    "error.group_only": "This command works only in a group.",
    "error.example": "Example:\n<code>{example}</code>",
    "error.unknown_unit": "There is no unit <b>{code}</b>. Known codes: {known}.",
    "error.no_units": "There are no units yet. Organisers add one with: <code>/units add HP | Unit name</code>",
    "error.bad_code": "«{value}» is not an announcement code. Codes are numbers such as <code>12</code> or <code>#12</code>.",
    "error.no_announcement": "There is no announcement #{id}.",
    "error.time": "Could not read the time «{value}»: {reason}.\nAccepted forms: {examples}.",
    "time.unreadable": "the date or time is unclear",
    "time.ambiguous": "it can be read in more than one way",
    "time.past": "that time has passed",
    "time.invalid_date": "no such date",
    "time.out_of_range": "too far ahead",
    "time.night_hour": (
        "an hour from 0h to 5h59 needs the part of the day: write «2h sang» for 2 at night, "
        "«14h» for 2 in the afternoon"
    ),
    # watched feeds (/nguon)
    "menu.nguon": "Watch RSS/Atom feeds (organisers)",
    "feeds.usage": (
        "Usage: <code>/feeds</code> (list), <code>/feeds them feed URL | audience | mỗi 30 phút</code>, "
        "<code>/feeds xoa 3</code>, <code>/feeds bat 3</code> (resume a paused feed).\n"
        "Optional line: <code>chỉ đăng nếu có: keyword, …</code> — post only items with one of the keywords "
        "(case and diacritics do not matter). Checked every 30 minutes by default, at least every 5 minutes."
    ),
    "feeds.example": (
        "/feeds them https://truongchinhtritohieu.edu.vn/rss/tin-hoat-dong.rss | tất cả | mỗi 30 phút\n"
        "chỉ đăng nếu có: thi đua, khen thưởng"
    ),
    "feeds.empty": "No feed is watched yet. Add one: <code>/feeds them https://truongchinhtritohieu.edu.vn/rss/tin-hoat-dong.rss | tất cả | mỗi 30 phút</code>",
    "feeds.header": "<b>Watched feeds ({count})</b>",
    "feeds.line": (
        "\n<b>#{id}</b> {title} — {state}\n"
        "{url}\n"
        "Audience: {audience} · checked every {interval}{keywords}\n"
        "Last check: {checked} · {posted} items posted{error}"
    ),
    "feeds.keywords_part": " · only items with: {keywords}",
    "feeds.never_checked": "not yet",
    "feeds.error_part": "\n⚠️ Error: {error} ({failures} in a row)",
    "feeds.state.active": "watching",
    "feeds.state.paused": "⏸ paused (resume: <code>/feeds bat {id}</code>)",
    "feeds.more": "\n… and {count} more feeds.",
    "feeds.added": (
        "✅ Feed #{id} added: <b>{title}</b>\n"
        "{url}\n"
        "Audience: {audience} ({count} groups{private}) · checked every {interval}{keywords}\n"
        "It holds {items} items now; Loa takes them as seen and posts only new ones from now on."
    ),
    "feeds.removed": "Feed #{id} «{title}» removed. Loa no longer watches it; what it posted stays.",
    "feeds.resumed": "▶️ Feed #{id} «{title}» resumed. Loa checks it within a minute.",
    "feeds.already_active": "Feed #{id} is active; there is nothing to resume.",
    "feeds.unknown": "There is no feed #{id}. Watched feeds: {known}.",
    "feeds.unknown_none": "There is no feed #{id}: no feed is watched yet.",
    "feeds.bad_number": "«{value}» is not a feed number. See the numbers with <code>/feeds</code>, e.g. <code>/feeds xoa 3</code>.",
    "feeds.missing_url": "The feed's URL (RSS or Atom) is missing.",
    "feeds.bad_url": "«{url}» is not a valid URL: a feed's URL starts with http:// or https://.",
    "feeds.too_many_fields": "The first line has too many parts separated by «|» (at most 3: feed URL | audience | interval).",
    "feeds.unknown_line": "Loa does not understand the line «{line}». The optional line is <code>chỉ đăng nếu có: keyword, …</code>.",
    "feeds.bad_interval": "Could not read the interval «{value}». Examples: <code>mỗi 30 phút</code>, <code>mỗi 2 giờ</code>, <code>every 45 minutes</code>.",
    "feeds.interval_too_short": "The interval «{value}» is too short: at least {minimum} minutes.",
    "feeds.interval_too_long": "The interval «{value}» is too long: at most a week.",
    "feeds.bad_keyword": "The keyword «{value}» is not valid: letters or digits, at most 50 characters; separate keywords with commas.",
    "feeds.too_many_keywords": "Too many keywords: at most {limit}.",
    "feeds.duplicate": "The feed {url} is already watched (#{id}). Nothing was changed.",
    "feeds.unavailable": "Reading feeds is not available right now. Please try again later.",
    "feeds.unreadable": "Could not add <code>{url}</code>: {reason}. Nothing was saved.",
    "feeds.paused_alert": (
        "⚠️ Feed #{id} «{title}» is paused after {count} failed checks in a row "
        "(last error: {reason}). When it works again, resume it with <code>/feeds bat {id}</code>."
    ),
    "feeds.reason.bad_url": "the address is not valid",
    "feeds.reason.scheme": "Loa reads only http:// or https:// addresses",
    "feeds.reason.private_address": "the address is on a private network, which Loa may not read",
    "feeds.reason.dns": "the domain name was not found",
    "feeds.reason.too_large": "the content is too large (over 2 MB)",
    "feeds.reason.timeout": "the server did not answer within 10 seconds",
    "feeds.reason.too_many_redirects": "too many redirects (more than 5)",
    "feeds.reason.http_status": "the server answered with error {status}",
    "feeds.reason.network": "the server could not be reached",
    "feeds.reason.not_feed": "the content is not an RSS or Atom feed (feed addresses usually end in .rss, .xml or /feed)",
    "feeds.reason.error": "an error while reading the feed",
    # start / help / language
    "start.greeting": "Hello {name}! I am <b>Loa</b>, the cluster's announcement assistant.",
    "start.no_name": "there",
    "start.role_organiser": "You are an <b>organiser</b>. Send /help for the management commands.",
    "start.role_member": "You are a member of <b>{unit}</b>. Its announcements will reach you here.",
    "start.role_none": "You are not in any unit yet. Open the invite link from the organisers to join one.",
    "start.joined": "You have joined <b>{unit}</b>.",
    "start.already_member": (
        "You are already a member of <b>{unit}</b>; there is no need to open the invite link again. "
        "Its announcements will reach you here."
    ),
    "start.moved": "You have moved from <b>{old}</b> to <b>{unit}</b>. The new unit's announcements will reach you here.",
    "start.bad_invite": "This invite code is invalid or expired. Please ask the organisers for a new link.",
    "start.in_group": "Loa is active in this group. Send /help for the commands.",
    "help.header": "<b>Loa's commands</b>",
    "help.member": (
        "/start — introduction and your role\n/help — this list\n"
        "/language <code>vi</code> | <code>en</code> — choose the language\n"
        "/upcoming — upcoming meetings of my unit\n"
        "/submit — send a paper: a file with the caption <code>/submit 7</code>, or a file replying to the call"
    ),
    "help.organiser": (
        "\n\n<b>Organisers</b>\n"
        "/notice — send a notice: <code>/notice Text | all | 8h 19/6</code>\n"
        "/meeting — a meeting invitation: <code>/meeting Review | 8h 19/6 | Hall A | all</code>\n"
        "/papers — a call for papers: <code>/papers Topic | 17h 14/6 | all</code>\n"
        "(send /meeting or /papers alone, in private chat, to be asked one thing at a time)\n"
        "/news — post a news article: <code>/news https://… | all</code>\n"
        "/feeds — watch RSS/Atom feeds: <code>/feeds them https://… | tất cả | mỗi 30 phút</code>, <code>/feeds</code> (list), <code>/feeds xoa 3</code>, <code>/feeds bat 3</code>\n"
        "/list — scheduled and sending announcements\n"
        "/edit — edit a meeting invitation: <code>/edit 12 thời gian: 14h 19/6</code>; a paper call: <code>/edit 7 hạn nộp: 17h 20/6</code>\n"
        "/remind — remind the units that have not answered or not sent their papers, now: <code>/remind 12</code>\n"
        "/cancel — cancel an unsent notice, a meeting or a paper call: <code>/cancel 12 | reason</code>\n"
        "/status — who confirmed or submitted: <code>/status 12</code>; record for a unit: <code>/status 12 | HP | yes | Nguyễn Văn A</code>\n"
        "/export — the list as Excel and CSV; for a paper call, a ZIP of the papers and an Excel list: <code>/export 12</code>\n"
        "/units — units: <code>/units add HP | Trường Chính trị Tô Hiệu</code>, <code>/units remove HP</code>\n"
        "/group — in a group: <code>/group HP bgh</code> links it to a unit, <code>/group cluster</code> to the whole cluster; "
        "in private: all groups\n"
        "/invite — invite link to a unit: <code>/invite HP</code>\n"
        "/grant — reply to someone's message with <code>/grant</code> to make them an organiser, <code>/grant revoke</code> to revoke"
    ),
    "lang.set": "English selected.",
    "lang.usage": "Choose a language: <code>/language vi</code> or <code>/language en</code>.",
    # units
    "units.header": "<b>Units ({count})</b>",
    "units.line": "• <b>{code}</b> — {name} (groups: {groups})",
    "units.empty": "There are no units yet. Add one: <code>/units add HP | Trường Chính trị Tô Hiệu thành phố Hải Phòng</code>",
    "units.added": "Unit <b>{code}</b> — {name} added.",
    "units.updated": "Unit <b>{code}</b> — {name} updated.",
    "units.restored": (
        "Unit <b>{code}</b> — {name} is back. Its groups were unlinked when it was removed: "
        "send <code>/group {code}</code> in each of them to link it again."
    ),
    "units.exists": (
        "Unit <b>{code}</b> already exists: {name}. Nothing was changed. "
        "To rename it, send <code>/units sua {code} | new name</code>."
    ),
    "units.renamed": "Unit <b>{code}</b> renamed: {old} → {name}.",
    "units.removed": "Unit <b>{code}</b> removed. Its groups ({groups}) are waiting to be linked again.",
    "units.usage": "Usage: <code>/units</code> (list), <code>/units add HP | Unit name</code>, <code>/units rename HP | New name</code>, <code>/units remove HP</code>.",
    "units.bad_code": "The unit code «{code}» is not valid: a code has 1–10 unaccented letters or digits, for example <code>HP</code>.",
    "units.bad_name": "The unit's name is missing (at most 300 characters). Example:\n<code>/units add HP | Trường Chính trị Tô Hiệu thành phố Hải Phòng</code>",
    # groups
    "units.name_too_long": "The unit's name is too long ({length} characters, at most {limit}). Please shorten it and send it again.",
    "group.welcome": "Hello! Loa has been added to «<b>{title}</b>». The group will not receive announcements until an organiser links it to a unit with <code>/group &lt;unit code&gt;</code> (for example <code>/group HP</code>) or to the whole cluster with <code>/group cluster</code>.",
    "group.linked_unit": "The group <b>{title}</b> is now linked to unit <b>{code}</b> — {name}.{tags}",
    "group.linked_cluster": "The group <b>{title}</b> is now linked to <b>the whole cluster</b>.{tags}",
    "group.back_unit": (
        "Loa is back in «<b>{title}</b>». The group is still linked to <b>{code}</b> — {name} "
        "and receives its announcements again.{tags}"
    ),
    "group.back_cluster": "Loa is back in «<b>{title}</b>». The group is still linked to <b>the whole cluster</b> and receives its announcements again.{tags}",
    "group.tags": " Tags: {tags}.",
    "group.unlinked": "The group <b>{title}</b> is no longer linked. It will not receive announcements.",
    "group.show_unit": "This group is linked to unit <b>{code}</b> — {name}.{tags}",
    "group.show_cluster": "This group is linked to <b>the whole cluster</b>.{tags}",
    "group.show_pending": "This group is not linked yet. Organisers link it to unit HP with <code>/group HP</code>.",
    "group.bad_tag": "The tag «{tag}» is not valid: a tag has unaccented letters, digits and hyphens, at most 20 characters, for example <code>bgh</code>.",
    "group.list_header": "<b>Groups ({count})</b>",
    "group.list_line": "• {title} — {target} — {state}",
    "group.list_empty": "Loa is not in any group yet. Add Loa to a unit's group, then send <code>/group HP</code> in that group.",
    "group.state.pending": "waiting to be linked",
    "group.state.active": "active",
    "group.state.inactive": "inactive",
    "group.target.cluster": "whole cluster",
    "group.target.none": "not linked",
    "group.inactive_alert": "⚠️ Loa can no longer send to the group <b>{title}</b> ({reason}). The group is now inactive.",
    "group.reason.removed": "Loa was removed from the group",
    "group.reason.blocked": "Loa was blocked or may not send messages",
    # invites
    "invite.created": "Invite link to unit <b>{code}</b> — {name}:\n{link}\nWhoever opens the link and presses Start joins the unit.",
    "invite.usage": "Usage: <code>/invite HP</code> — creates an invite link to unit HP.",
    # grants
    "grant.done": "{name} is now an organiser.",
    "grant.done_unknown": (
        "⚠️ Loa has never seen anyone with the id <code>{id}</code>. The organiser role was granted "
        "to that id; it holds once that person writes to Loa. If the id was mistyped, revoke it "
        "with <code>/grant bo {id}</code>."
    ),
    "grant.revoked": "{name} is no longer an organiser.",
    "grant.already": "{name} is already an organiser.",
    "grant.not_organiser": "{name} is not an organiser.",
    "grant.configured": "{name} is an administrator in the configuration (LOA_ADMINS) and cannot be revoked in chat.",
    "grant.self": "You cannot revoke your own role.",
    "grant.usage": "Usage: reply to a person's message with <code>/grant</code> to make them an organiser, or with <code>/grant revoke</code> to revoke it; or <code>/grant 123456789</code>, <code>/grant revoke 123456789</code>.",
    # notices
    "notice.usage": "Usage: <code>/notice text | audience | send time</code>\nAudience: <code>all</code> (the default), unit codes and tags, for example <code>HP, VP, #bgh</code>; add <code>private</code> to reach members' private chats too.\nSend time: leave it empty to send now, or for example <code>8h 19/6</code>, <code>30 phút nữa</code>.\nEnd the first line with <code>!</code> to send without a preview.",
    "notice.example": "/notice Kính mời các đồng chí dự Hội nghị sơ kết 6 tháng đầu năm | all | 8h 19/6",
    "notice.missing_text": "The notice's text is missing.",
    "notice.too_long": "The text is too long ({length} characters, at most {limit}).",
    "notice.unknown_field": "Loa does not know the field «{field}». Accepted fields: {known}.",
    "notice.too_many_fields": "The first line has too many parts separated by «|» (at most 3: text | audience | send time).",
    "notice.card": "📢 <b>NOTICE #{id}</b>\n{body}",
    "notice.preview": "<b>Preview of notice #{id}</b>\nTo: {audience} ({count} groups{private})\nSend time: {when}\n(Groups receive the notice in Vietnamese.)\n──────────\n{card}",
    "notice.when_now": "as soon as you confirm",
    "notice.private_part": ", {count} private chats",
    "notice.unreached": "\n⚠️ {units} have no group yet — they will not receive it",
    "notice.no_targets": "No active group belongs to the audience «{audience}». Please link the groups with <code>/group</code> first.",
    "notice.btn_send_now": "📤 Send now",
    "notice.btn_schedule": "⏰ Schedule for {when}",
    "notice.btn_cancel": "✖️ Cancel",
    "notice.scheduled": "⏰ Scheduled {name} for {when}, to {audience}.",
    "notice.sending": "📤 Sending {name} to {count} groups{private}.",
    "notice.dropped": "Draft dropped: {name}. Nothing was sent.",
    "notice.toast_sent": "Sending #{id} confirmed",
    "notice.toast_scheduled": "#{id} scheduled",
    "notice.toast_dropped": "Draft #{id} dropped",
    "notice.time_passed": "The send time of {name} ({when}) passed while waiting for your confirmation. You can send it now, or cancel it and create it again with a new time.",
    "notice.preview_in_private": "Preview #{id} was sent to {name}'s private chat with Loa; please confirm it there.",
    "notice.preview_needs_private": "Loa cannot send the preview to your private chat yet (Loa may not write first). Please open a private chat with @{bot}, press «Start», then send the command again. Nothing was created.",
    "notice.preview_expired": "Preview #{id} has expired (over 24 hours). Please send the command again for a new preview.",
    "notice.too_late_meeting": "Meeting #{id} started at {when}; the invitation was not sent. If needed, make a new one with /meeting.",
    "notice.too_late_papers": "The deadline of call for papers #{id} ({when}) has passed; the call was not sent. If needed, make a new one with a new deadline with /papers.",
    "notice.toast_too_late": "Too late, not sent",
    "notice.fired_too_late_meeting": "⚠️ Meeting invitation #{id} was scheduled but not sent: the meeting started at {when} before Loa could send it. If needed, make a new one with /meeting.",
    "notice.fired_too_late_papers": "⚠️ Call for papers #{id} was scheduled but not sent: its deadline ({when}) passed before Loa could send it. If needed, make a new one with /papers.",
    "notice.toast_time_passed": "The send time has passed",
    "progress.running": "Sending #{id}: {done}/{total}…",
    "progress.done": "Sent #{id}: {sent}/{total}.",
    "progress.done_errors": "Sent #{id}: {sent}/{total} · {failed} errors: {errors}",
    # news links
    "menu.tin": "Post a link to a news article (organisers)",
    "news.usage": (
        "Usage: <code>/news URL | audience | send time</code>\n"
        "Example: <code>/news https://truongchinhtri.vn/tin-tuc/hoi-nghi-so-ket.html | tất cả</code>\n"
        "The audience defaults to <code>tất cả</code>; leave the time empty to send now. "
        "End the first line with <code>!</code> to send without a preview."
    ),
    "news.example": "/news https://truongchinhtri.vn/tin-tuc/hoi-nghi-so-ket.html | tất cả",
    "news.too_many_fields": "The first line has too many parts (at most 3: URL | audience | send time).",
    "news.missing_url": "The article's URL is missing.",
    "news.bad_url": "«{url}» is not a valid URL. It must start with http:// or https://.",
    "news.refused_bad_url": "«{url}» is not a valid URL.",
    "news.refused_scheme": "Loa only reads http:// or https:// pages, not «{url}».",
    "news.refused_private_address": "Loa does not read «{url}»: it is on a private network. Use the article's public URL.",
    "news.unavailable": "Reading web pages is not available right now. Please try again later.",
    "news.fail_dns": "the domain name was not found",
    "news.fail_timeout": "the page did not answer within 10 seconds",
    "news.fail_too_large": "the page is too large (over 2 MB)",
    "news.fail_too_many_redirects": "the page redirects too many times",
    "news.fail_http_status": "the server answered with an error",
    "news.fail_network": "the server could not be reached",
    "news.fail_unreadable": "no article title was found in the page",
    "news.unreadable": (
        "Could not read <code>{url}</code>: {reason}.\n"
        "You can still post the bare link to {audience} ({count} groups), send time: {when}."
    ),
    "news.btn_bare": "🔗 Post the link",
    "news.preview": (
        "<b>Preview of news post #{id}</b>{photo}\n"
        "To: {audience} ({count} groups{private})\n"
        "Send time: {when}\n"
        "──────────\n{card}"
    ),
    "news.with_photo": " (with picture)",
    "news.header": "📰 <b>NEWS #{id}</b>",
    "news.about": "🗓 {about}",
    "news.cancelled": "❌ <b>CANCELLED</b>",
    "news.btn_read": "📖 Read the article",
    # meetings
    "meeting.header": "📢 <b>MEETING INVITATION #{id}</b>",
    "meeting.time": "🕗 {start}",
    "meeting.time_range": "🕗 {start} – {end}",
    "meeting.venue": "📍 {venue}",
    "meeting.basis": "📄 Reference: {basis}",
    "meeting.composition": "👥 Attendees: {composition}",
    "meeting.notes": "📝 Notes: {notes}",
    "meeting.deadline": "⏳ Please answer by {deadline}",
    "meeting.tally": "Confirmed: {confirmed}/{units} units · ✅ {attend} people · ❌ {absent} · 👤 {substitute} substitutes",
    "meeting.tally_unanswered": " · ⏳ {count} not answered",
    "meeting.cancelled_banner": "❌ <b>CANCELLED</b>{reason}",
    "meeting.cancel_reason": " — Reason: {reason}",
    "meeting.file_caption": "📎 Meeting invitation #{id}: {title}",
    "meeting.usage": "Usage: <code>/meeting title | time | venue | audience</code>, then the optional lines <code>căn cứ:</code> (reference), <code>thành phần:</code> (attendees), <code>ghi chú:</code> (notes), <code>kết thúc:</code> (end), <code>hạn xác nhận:</code> (answer by), <code>nhắc:</code> (reminders), <code>gửi lúc:</code> (send at).",
    "meeting.example": "/meeting Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024 | 8h 19/6/2024 | Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội | all\ncăn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\nthành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\nhạn xác nhận: 17h 14/6/2024\nnhắc: 1 ngày, 2 giờ",
    "meeting.no_separator": (
        "The parts of the first line are separated by «|»: "
        "<code>/meeting title | time | venue | audience</code>."
    ),
    "meeting.missing_title": "The meeting's title is missing.",
    "meeting.missing_time": "The meeting's start time is missing.",
    "meeting.missing_venue": "The meeting's venue is missing.",
    "meeting.too_long": "The field «{field}» is too long (at most {limit} characters).",
    "meeting.card_too_long": "The invitation is too long for one message: {length} characters, at most {limit} — <b>{excess}</b> too many. Please shorten the longest fields: {fields}. Nothing was created or sent.",
    "meeting.too_many_fields": "The first line has too many parts separated by «|» (at most 4: title | time | venue | audience).",
    "meeting.end_before_start": "The end ({end}) must be after the start ({start}).",
    "meeting.deadline_after_start": "The answer deadline ({deadline}) must be before the meeting ({start}).",
    "meeting.send_after_start": "The invitation's send time ({send}) must be before the meeting ({start}).",
    "meeting.bad_reminders": "Could not read «{value}» in <code>nhắc:</code>; for example <code>nhắc: 1 ngày, 2 giờ</code>.",
    "meeting.bad_file": "The invitation's attachment must be a PDF, DOC, DOCX or ODT file.",
    "meeting.preview": "<b>Preview of invitation #{id}</b>\nTo: {audience} ({count} groups{private}){groups}\nSend time: {when}\nReminders: {reminders}{file}\n(Groups receive the invitation in Vietnamese.)\n──────────\n{card}",
    "meeting.preview_groups": ": {names}",
    "meeting.preview_file": "\nAttached file: {name}",
    "meeting.no_reminders": "none",
    "meeting.reminder_before": "{duration} before",
    # the guided /hop dialogue
    "meeting.past_reminders": "⚠️ No reminder {durations} before: that time has passed.",
    "dialogue.header": "📝 <b>New meeting invitation</b>",
    "dialogue.intro": "Loa will ask for one thing at a time. To drop the draft, send /cancel or press «✖️ Drop draft».",
    "dialogue.line": "{label}: <b>{value}</b>",
    "dialogue.field.title": "Title",
    "dialogue.field.time": "Time",
    "dialogue.field.venue": "Venue",
    "dialogue.field.audience": "Audience",
    "dialogue.field.file": "Attachment",
    "dialogue.field.basis": "Reference document",
    "dialogue.field.composition": "Attendees",
    "dialogue.field.notes": "Notes",
    "dialogue.field.ends": "Ends",
    "dialogue.field.deadline": "Answer by",
    "dialogue.field.reminders": "Reminders",
    "dialogue.field.send_at": "Send at",
    "dialogue.step.title": "<b>Step {step}/5 · Title</b>\nPlease type the meeting's title (up to 500 characters), for example:\n<code>Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024</code>",
    "dialogue.step.time": "<b>Step {step}/5 · Time</b>\nPlease type when the meeting starts, for example <code>8h 19/6/2024</code> or <code>14h thứ 4 tuần sau</code>.",
    "dialogue.step.venue": "<b>Step {step}/5 · Venue</b>\nPlease type the venue (up to 500 characters), for example:\n<code>Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội</code>",
    "dialogue.step.audience": "<b>Step {step}/5 · Audience</b>\nPress units or group tags to choose them (press again to unselect), then «Done ▶». You can also type, for example <code>HP, VP, #bgh</code> or <code>tất cả</code>.",
    "dialogue.step.options": "<b>Step {step}/5 · More details (optional)</b>\nPress an item to add or change it, or type one item per line, for example <code>căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024</code>. When done, press «Preview ▶».",
    "dialogue.ask.basis": "<b>Step {step}/5 · Reference document</b>\nPlease type the reference document (up to 500 characters), for example <code>Kế hoạch số 40-KH/CTĐ ngày 28/5/2024</code>. Type <code>không</code> to remove it.",
    "dialogue.ask.composition": "<b>Step {step}/5 · Attendees</b>\nPlease type who is invited (up to 1000 characters), for example <code>Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm</code>. Type <code>không</code> to remove it.",
    "dialogue.ask.notes": "<b>Step {step}/5 · Notes</b>\nPlease type the notes (up to 2000 characters), for example <code>Đề nghị các đơn vị gửi danh sách đại biểu trước ngày 14/6.</code> Type <code>không</code> to remove them.",
    "dialogue.ask.ends": "<b>Step {step}/5 · Ends</b>\nPlease type when the meeting ends, for example <code>11h30</code> (the same day) or <code>17h 19/6/2024</code>. Type <code>không</code> to remove it.",
    "dialogue.ask.deadline": "<b>Step {step}/5 · Answer by</b>\nPlease type the deadline for answers (before the meeting), for example <code>17h 14/6/2024</code>. Type <code>không</code> to remove it.",
    "dialogue.ask.reminders": "<b>Step {step}/5 · Reminders</b>\nPlease type the reminders before the start, for example <code>1 ngày, 2 giờ</code>. Type <code>không</code> for none, <code>mặc định</code> for 1 day and 2 hours before.",
    "dialogue.ask.send_at": "<b>Step {step}/5 · Send at</b>\nPlease type when to send the invitation (before the meeting), for example <code>7h 13/6/2024</code>. Type <code>ngay</code> to send it as soon as you confirm.",
    "dialogue.current": "Now: <b>{value}</b>",
    "dialogue.opt.basis": "📄 Reference",
    "dialogue.opt.composition": "👥 Attendees",
    "dialogue.opt.notes": "📝 Notes",
    "dialogue.opt.ends": "🕙 Ends",
    "dialogue.opt.deadline": "⏳ Answer by",
    "dialogue.opt.reminders": "🔔 Reminders",
    "dialogue.opt.send_at": "📤 Send at",
    "dialogue.btn_all": "Everyone",
    "dialogue.btn_done": "Done ▶",
    "dialogue.btn_preview": "Preview ▶",
    "dialogue.btn_quit": "✖️ Drop draft",
    "dialogue.btn_edit": "✏️ Edit",
    "dialogue.left": "The invitation draft was dropped.",
    "dialogue.reopened": "Preview #{id} was dropped. Change what is needed, then press «Preview ▶» for a new one.",
    "dialogue.empty": "The answer is empty.",
    "dialogue.no_bar": "«{field}» cannot contain the character «|».",
    "dialogue.options_typed": "Loa did not understand this message. Press an item below, or type one item per line, for example <code>căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024</code>.",
    "dialogue.toast_selected": "{name} chosen",
    "dialogue.toast_unselected": "{name} unselected",
    "dialogue.toast_all": "Chosen: everyone",
    "dialogue.toast_next": "Step 5/5: more details",
    "dialogue.toast_option": "Please type: {label}",
    "dialogue.toast_preview": "Preview #{id} created",
    "dialogue.toast_fix": "Please fix this before the preview",
    "dialogue.toast_left": "Draft dropped",
    "dialogue.toast_edit": "Editing invitation #{id}",
    "reminder.meeting": "🔔 <b>Meeting reminder #{id}</b> ({left} to go)\n<b>{title}</b>\n🕗 {when}\n📍 {venue}",
    "reminder.nudge": "⏳ <b>Please confirm #{id}</b>: unit {unit} has not answered the invitation «{title}» ({when}). Please press ✅ Attend, ❌ Absent or 👤 Send a substitute on the invitation before {deadline}.",
    "reminder.nudge_open": "⏳ <b>Please confirm #{id}</b>: unit {unit} has not answered the invitation «{title}» ({when}). Please press ✅ Attend, ❌ Absent or 👤 Send a substitute on the invitation.",
    "remind.usage": "Usage: <code>/remind 12</code> — reminds the units that have not answered invitation #12, now.",
    "remind.not_meeting": "#{id} is neither a meeting invitation nor a paper call; /remind works for these two only.",
    "remind.not_sent": "Invitation #{id} has not been sent yet, so there is no one to remind.",
    "remind.started": "Meeting #{id} has started; no more reminders.",
    "remind.nobody": "Every unit has answered invitation #{id}; no reminder needed.",
    "remind.done": "🔔 Reminded {count} units that have not answered invitation #{id}: {units}.",
    "remind.unreached": "⚠️ Could not remind {units}: no active group yet. Link the unit's group with <code>/group</code>, or contact them directly.",
    "menu.nhacnho": "Remind the units that have not answered",
    # answers
    "rsvp.btn_attend": "✅ Attend",
    "rsvp.btn_absent": "❌ Absent",
    "rsvp.btn_substitute": "👤 Send a substitute",
    "rsvp.btn_calendar": "📅 Add to calendar",
    "rsvp.toast_attend": "Recorded: ✅ {name} attends ({unit})",
    "rsvp.toast_absent": "Recorded: ❌ {name} absent ({unit})",
    "rsvp.toast_substitute": "Recorded: 👤 {unit} sends a substitute",
    "rsvp.toast_same": "Your answer was already recorded.",
    "rsvp.started": "The meeting has started; answers can no longer change.",
    "rsvp.cancelled": "This meeting was cancelled.",
    "rsvp.not_in_audience": "This group is not in the audience of meeting #{id}.",
    "rsvp.unit_not_in_audience": "Unit {unit} is not in the audience of meeting #{id}.",
    "rsvp.pick_unit": "{name}, which unit are you from? Please choose once, so that Loa can record your answer for meeting #{id}.",
    "rsvp.toast_pick_unit": "Please choose your unit",
    "rsvp.ask_reason": "{name}: your absence from meeting #{id} is recorded. You may give a reason (optional) by replying to this message.",
    "rsvp.ask_substitute": "{name}: please reply to this message with the substitute's full name and position for meeting #{id}, for example: <code>Nguyễn Văn A, Phó Hiệu trưởng</code>.",
    "rsvp.reason_saved": "The reason for absence from meeting #{id} is recorded: {reason}",
    "rsvp.substitute_saved": "The substitute for meeting #{id} is recorded: {name}{position}.",
    "rsvp.reason_how_to_correct": "\nTo change it, press «❌ Absent» on invitation #{id} again and send the new reason.",
    "rsvp.substitute_position": ", {position}",
    "rsvp.substitute_how_to_correct": "\nTo change it, press «👤 Send a substitute» on invitation #{id} again and send the new name.",
    "rsvp.bad_substitute": "Please send the substitute's full name (and position), at most 300 characters, for example: <code>Nguyễn Văn A, Phó Hiệu trưởng</code>.",
    "rsvp.ics_sent": "📅 The calendar file of meeting #{id}. Open it to add the meeting to your calendar.",
    "rsvp.toast_ics": "The calendar file was sent to your private chat",
    "rsvp.toast_ics_here": "Calendar file sent",
    "chat.private_hint": "Loa did not understand this message. Send /help for the commands.",
    # meeting status (/tinhhinh), exports (/xuat), upcoming meetings (/lich)
    "chat.did_you_mean": (
        "Did you mean {command}? Command names have no diacritics and no spaces."
    ),
    "status.usage": "Usage: <code>/status 12</code> — who has confirmed meeting #12.\nTo record a unit's answer on its behalf: <code>/status 12 | HP | yes | Nguyễn Văn A</code>, <code>/status 12 | HP | absent | Nguyễn Văn A | away on duty</code>, <code>/status 12 | HP | substitute | Nguyễn Văn B, Phó Hiệu trưởng</code>.",
    "status.example": "/status 12 | HP | yes | Nguyễn Văn A",
    "status.not_meeting": "#{id} is neither a meeting invitation nor a paper call; /{command} works for meetings and paper calls only.",
    "status.too_many_fields": "The command has too many parts separated by «|» (at most 5: code | unit | answer | full name | reason).",
    "status.missing_answer": "The answer for unit {code} is missing: please write <code>yes</code>, <code>absent</code> or <code>substitute</code>.",
    "status.bad_answer": "Loa does not understand the answer «{value}». Please use <code>yes</code> (attends), <code>absent</code> (optionally with a full name and a reason) or <code>substitute</code> (with the substitute's full name and position).",
    "status.reason_only_absent": "A reason (the fifth part) is only for the answer <code>absent</code>.",
    "status.missing_substitute": "The substitute's full name is missing: please write it as the fourth part, for example <code>/status 12 | HP | substitute | Nguyễn Văn B, Phó Hiệu trưởng</code>.",
    "status.too_long": "The part «{field}» is too long (at most {limit} characters).",
    "status.field.name": "full name",
    "status.field.reason": "reason",
    "status.unit_not_in_audience": "Unit {code} is not in the audience of meeting #{id}. Invited units: {known}.",
    "status.cancelled_no_set": "Meeting #{id} was cancelled; answers can no longer be recorded.",
    "status.draft_no_set": "Invitation #{id} is still a preview and has not been sent; answers cannot be recorded yet.",
    "status.set_done": "✍️ Recorded on behalf of unit <b>{code}</b>: {answer}.",
    "status.answer.attend": "✅ {name} attends",
    "status.answer.absent": "❌ {name} absent{reason}",
    "status.answer.substitute": "👤 sends {substitute} as a substitute",
    "status.header": "📋 <b>Confirmations — meeting #{id}</b>\n<b>{title}</b>\n🕗 {when}",
    "status.cancelled": "❌ <b>The meeting was cancelled.</b>",
    "status.unit": "<b>{code}</b> — {name}",
    "status.line": "{mark} {name} — {at}{details}{by}",
    "status.reason": " — Reason: {reason}",
    "status.substitute": " — Substitute: {substitute}",
    "status.substitute_pending": "(name not given yet)",
    "status.set_by": " <i>(recorded by {name})</i>",
    "status.unit_representative": "Unit representative",
    "status.no_name": "(no name)",
    "status.no_answers": "No unit has answered yet.",
    "status.unanswered": "⏳ <b>Not answered:</b> {units}",
    "status.unanswered_more": " … and {count} more units",
    "status.chase_unit": "⏳ <b>{code}</b> — {name}",
    "status.all_answered": "Every invited unit has answered.",
    "status.more_units": "… and {count} more units that have answered, which do not fit in one message. The full list: <code>/export {id}</code>.",
    "status.set_hint": "To record an answer for a unit that has not answered: press a button below, or send <code>/status {id} | HP | yes | Nguyễn Văn A</code>.",
    "status.btn_attend": "✅ {code} attends",
    "status.btn_absent": "❌ {code} absent",
    "status.toast_attend": "Recorded: ✅ {code} attends",
    "status.toast_absent": "Recorded: ❌ {code} absent",
    "status.toast_already": "Unit {code} has just answered; the table has been updated.",
    "export.usage": "Usage: <code>/export 12</code> — for meeting #12: the list of answers as Excel (XLSX) and CSV files; for paper call #12: a ZIP of the papers submitted and an Excel list. Sent to you privately.",
    "export.example": "/export 12",
    "export.private_only": "The list of answers is sent to organisers privately only. Please open a private chat with Loa, press «Start», then send <code>/export {id}</code> again.",
    "export.done": "📊 <b>Answers to meeting #{id}</b>\n<b>{title}</b>\n{tally}\n{unanswered}\nThe Excel and CSV files follow.",
    "export.unanswered": "⏳ Not answered: {units}",
    "export.all_answered": "Every invited unit has answered.",
    "export.caption_xlsx": "📊 Answers to meeting #{id} (Excel)",
    "export.caption_csv": "📄 Answers to meeting #{id} (CSV, UTF-8)",
    "export.sheet_list": "List",
    "export.sheet_summary": "Summary",
    "export.col.stt": "No.",
    "export.col.unit": "Unit",
    "export.col.name": "Full name",
    "export.col.position": "Position",
    "export.col.answer": "Answer",
    "export.col.substitute": "Substitute",
    "export.col.reason": "Reason",
    "export.col.time": "Time",
    "export.answer.attend": "Attends",
    "export.answer.absent": "Absent",
    "export.answer.substitute": "Sends a substitute",
    "export.answer.none": "Not answered",
    "export.sum.heading": "Meeting #{id}",
    "export.sum.status": "Status",
    "export.cancelled": "Cancelled",
    "export.sum.title": "Title",
    "export.sum.time": "Time",
    "export.sum.end": "Ends",
    "export.sum.venue": "Venue",
    "export.sum.basis": "Reference",
    "export.sum.composition": "Attendees",
    "export.sum.deadline": "Answer by",
    "export.sum.confirmed": "Units confirmed",
    "export.sum.attend": "People attending",
    "export.sum.absent": "People absent",
    "export.sum.substitute": "Substitutes",
    "export.sum.unanswered": "Units not answered",
    "export.sum.exported": "Exported at",
    "export.none": "(none)",
    # /xuat for a paper call: the ZIP of the papers and the XLSX list
    "paper_export.private_only": "Papers and their list are sent to organisers privately only. Please open a private chat with Loa, press «Start», then send <code>/export {id}</code> again.",
    "paper_export.done": "🗂 <b>Papers #{id}</b>\n<b>{topic}</b>\nSubmitted: {done}/{units} units · {files} files, {size}\n{missing}{failed}\n{parts}",
    "paper_export.missing": "⏳ Not (fully) submitted: {units}",
    "paper_export.all_submitted": "Every invited unit has submitted.",
    "paper_export.failed": "\n⚠️ {count} files could not be downloaded: {names}. They are not in the ZIP and are marked in the Excel list; please try again later.",
    "paper_export.one_part": "The ZIP and the Excel list follow.",
    "paper_export.parts": "The ZIP is split into {count} parts (at most {limit} MB each); they follow with the Excel list.",
    "paper_export.no_zip": "No file could be downloaded, so there is no ZIP; the Excel list follows.",
    "paper_export.empty": "🗂 <b>Papers #{id}</b>\n<b>{topic}</b>\nNo unit has submitted yet, so there is no ZIP. The Excel list of the {units} invited units follows.",
    "paper_export.caption_zip": "🗂 Papers #{id} (ZIP, {files} files)",
    "paper_export.caption_zip_part": "🗂 Papers #{id} (ZIP, part {part}/{parts}, {files} files)",
    "paper_export.caption_xlsx": "📊 List of papers #{id} (Excel)",
    "paper_export.col.stt": "No.",
    "paper_export.col.unit": "Unit",
    "paper_export.col.file": "File name",
    "paper_export.col.person": "Submitted by",
    "paper_export.col.time": "Time",
    "paper_export.col.late": "Late",
    "paper_export.col.size": "Size",
    "paper_export.col.entry": "File in the ZIP",
    "paper_export.not_submitted": "Not submitted",
    "paper_export.short": "Papers missing: {count}",
    "paper_export.late": "Yes",
    "paper_export.unavailable": "Could not be downloaded",
    "paper_export.in_part": "{entry} (part {part})",
    "paper_export.sum.heading": "Paper call #{id}",
    "paper_export.sum.topic": "Topic",
    "paper_export.sum.deadline": "Deadline",
    "paper_export.sum.per_unit": "Papers per unit",
    "paper_export.sum.submitted": "Units with all papers in",
    "paper_export.sum.late": "Units with late papers",
    "paper_export.sum.missing": "Units still missing papers",
    "paper_export.sum.files": "Files",
    "paper_export.sum.size": "Total size",
    "paper_export.sum.parts": "ZIP parts",
    "paper_export.sum.failed": "Files that could not be downloaded",
    "upcoming.header": "📅 <b>Upcoming meetings of {unit}</b>",
    "upcoming.header_all": "📅 <b>Upcoming meetings (whole cluster)</b>",
    "upcoming.line": "<b>#{id}</b> {when} — {title} — {venue}{state}{answer}",
    "upcoming.not_sent": " <i>(not sent yet, scheduled for {when})</i>",
    "upcoming.answer": "\n    Your answer: {answer}",
    "upcoming.answer.attend": "✅ attending",
    "upcoming.answer.absent": "❌ absent",
    "upcoming.answer.substitute": "👤 sending a substitute",
    "upcoming.none": "There is no upcoming meeting yet. New invitations will reach your unit's group.",
    "upcoming.no_unit": "Loa does not know your unit yet. Send /upcoming in your unit's group, or open the invite link from the organisers.",
    "upcoming.more": "… and {count} more meetings.",
    # paper calls
    "papers.header": "📝 <b>CALL FOR PAPERS #{id}</b>",
    "papers.deadline": "⏳ Deadline: {deadline}",
    "papers.per_unit": "📄 Papers per unit: {count}",
    "papers.notes": "📝 Notes: {notes}",
    "papers.how": "📤 How to submit: reply to this message with a PDF, DOC, DOCX or ODT file, or send the file with the caption <code>/submit {id}</code>.",
    "papers.tally": "Submitted: {done}/{units} units",
    "papers.usage": "Usage: <code>/papers topic | deadline | audience</code>, then the optional lines <code>số bài:</code> (papers per unit), <code>ghi chú:</code> (notes), <code>nhắc:</code> (reminders), <code>gửi lúc:</code> (send at).",
    "papers.example": "/papers Đổi mới phương pháp giảng dạy lý luận chính trị | 17h 14/6/2024 | all\nsố bài: 1\nghi chú: Tối đa 10 trang A4, phông Times New Roman cỡ 14",
    "papers.no_separator": (
        "The parts of the first line are separated by «|»: "
        "<code>/papers topic | deadline | audience</code>."
    ),
    "papers.missing_topic": "The topic of the papers is missing.",
    "papers.missing_deadline": "The deadline is missing.",
    "papers.too_many_fields": "The first line has too many parts separated by «|» (at most 3: topic | deadline | audience).",
    "papers.bad_count": "«{value}» is not a valid number of papers: write a number from 1 to 10, for example <code>số bài: 2</code>.",
    "papers.send_after_deadline": "The send time ({send}) must be before the deadline ({deadline}).",
    "papers.preview": "<b>Preview of call for papers #{id}</b>\nTo: {audience} ({count} groups{private}){groups}\nSend time: {when}\nReminders: {reminders}\n(Groups receive the call in Vietnamese.)\n──────────\n{card}",
    "papers.reminder_day": "08:00 on the deadline day",
    "papers.reminder": "⏳ <b>Papers reminder #{id}</b> «{topic}»: unit {unit} has sent {have}/{need} papers so far. Deadline: {deadline} ({left} left). Please reply to the call with the paper's file, or send the file with the caption <code>/submit {id}</code>.",
    "papers.summary": "📊 <b>Paper call #{id} has closed</b> «{topic}»: {done}/{total} units sent all their papers. Missing: {missing}.",
    "papers.summary_none": "none",
    # the guided /thamluan dialogue (shared buttons and answers are under dialogue.)
    "papers.dialogue.header": "📝 <b>New call for papers</b>",
    "papers.dialogue.field.topic": "Topic",
    "papers.dialogue.field.deadline": "Deadline",
    "papers.dialogue.field.audience": "Audience",
    "papers.dialogue.field.count": "Papers per unit",
    "papers.dialogue.field.notes": "Notes",
    "papers.dialogue.field.reminders": "Reminders",
    "papers.dialogue.field.send_at": "Send at",
    "papers.dialogue.step.topic": "<b>Step {step}/4 · Topic</b>\nPlease type the topic of the papers (up to 500 characters), for example:\n<code>Đổi mới phương pháp giảng dạy lý luận chính trị</code>",
    "papers.dialogue.step.deadline": "<b>Step {step}/4 · Deadline</b>\nPlease type the deadline, for example <code>17h 14/6/2024</code> or <code>17h thứ 6 tuần sau</code>.",
    "papers.dialogue.step.audience": "<b>Step {step}/4 · Audience</b>\nPress units or group tags to choose them (press again to unselect), then «Done ▶». You can also type, for example <code>HP, VP, #bgh</code> or <code>tất cả</code>.",
    "papers.dialogue.step.options": "<b>Step {step}/4 · More details (optional)</b>\nPress an item to add or change it, or type one item per line, for example <code>số bài: 2</code>. When done, press «Preview ▶».",
    "papers.dialogue.ask.count": "<b>Step {step}/4 · Papers per unit</b>\nPlease type how many papers each unit sends, 1 to 10, for example <code>2</code>. Type <code>không</code> for the default (1).",
    "papers.dialogue.ask.notes": "<b>Step {step}/4 · Notes</b>\nPlease type the notes (up to 2000 characters), for example <code>Tối đa 10 trang A4, phông Times New Roman cỡ 14</code>. Type <code>không</code> to remove them.",
    "papers.dialogue.ask.reminders": "<b>Step {step}/4 · Reminders</b>\nPlease type the reminders before the deadline, for example <code>3 ngày, 1 ngày</code>. Type <code>không</code> for none, <code>mặc định</code> for 7, 3 and 1 days before and 08:00 on the deadline day.",
    "papers.dialogue.ask.send_at": "<b>Step {step}/4 · Send at</b>\nPlease type when to send the call (before the deadline), for example <code>7h 13/6/2024</code>. Type <code>ngay</code> to send it as soon as you confirm.",
    "papers.dialogue.opt.count": "📄 Papers",
    "papers.dialogue.opt.notes": "📝 Notes",
    "papers.dialogue.opt.reminders": "🔔 Reminders",
    "papers.dialogue.opt.send_at": "📤 Send at",
    "papers.dialogue.left": "The call for papers draft was dropped.",
    "papers.dialogue.options_typed": "Loa did not understand this message. Press an item below, or type one item per line, for example <code>số bài: 2</code>.",
    "papers.dialogue.toast_next": "Step 4/4: more details",
    "papers.dialogue.toast_edit": "Editing call for papers #{id}",
    "submit.received": "✅ Paper received from {unit} at {when}{late}: {name}.{replaced}",
    "submit.late": " (late)",
    "submit.replaced": " This file replaces the one sent earlier.",
    "submit.usage": "How to submit: send a PDF, DOC, DOCX or ODT file with the caption <code>/submit 7</code> (7 is the call's code), or reply to the call's message with the file.",
    "submit.no_file": "No paper file was found. Please send a PDF, DOC, DOCX or ODT file with the caption <code>/submit {id}</code>.",
    "submit.bad_type": "The file «{name}» was not accepted: a paper must be a PDF, DOC, DOCX or ODT file.",
    "submit.too_big": "The file «{name}» is too large ({size} MB); Loa accepts files of at most {limit} MB. Please compress or split it.",
    "submit.not_call": "#{id} is not a paper call.",
    "submit.cancelled": "Paper call #{id} was cancelled; no more files are accepted.",
    "submit.not_open": "Paper call #{id} has not been sent yet.",
    "submit.not_in_audience": "This group is not in the audience of paper call #{id}.",
    "submit.unit_not_in_audience": "Unit {unit} is not in the audience of paper call #{id}.",
    "submit.no_unit": "Loa does not know your unit yet. Please send the file in your unit's group, or open your unit's invite link and send it again.",
    # paper calls after they went out: /tinhhinh, /nhacnho, /sua, /huy
    "paper_status.header": "📋 <b>Papers — call #{id}</b>\n<b>{topic}</b>\n⏳ Deadline: {deadline}{passed}",
    "paper_status.passed": " <i>(passed)</i>",
    "paper_status.cancelled": "❌ <b>This call was cancelled.</b>",
    "paper_status.unsent": "<i>The call has not been sent yet.</i>",
    "paper_status.scheduled": "<i>The call has not been sent yet (scheduled for {when}).</i>",
    "paper_status.unit_done": "✅ <b>{code}</b> — {name}{outside}",
    "paper_status.unit_partial": "⏳ <b>{code}</b> — {name}: {have}/{need} papers so far{outside}",
    "paper_status.unit_missing": "⬜ <b>{code}</b> — {name}: nothing yet",
    "paper_status.outside": " <i>(not in the audience)</i>",
    "paper_status.paper": "    📄 {file} — {name} — {at}{late}",
    "paper_status.late": " ⏰ late",
    "paper_status.missing": "⏳ <b>Missing:</b> {units}",
    "paper_status.all_done": "Every unit has sent its papers.",
    "paper_status.remind_hint": "Remind the missing units now: <code>/remind {id}</code>",
    "paper_status.more_units": "… and {count} more units that do not fit in one message. The full list: <code>/export {id}</code>.",
    "paper_status.only_code": "For a paper call, /status takes only the code: <code>/status {id}</code>. Units submit their files with <code>/nop {id}</code>. Nothing was changed.",
    "papers.reminder_overdue": "⏳ <b>Papers reminder #{id}</b> «{topic}»: unit {unit} has sent {have}/{need} papers so far. The deadline {deadline} has passed; Loa still accepts papers and marks them late. Please reply to the call with the paper's file, or send the file with the caption <code>/submit {id}</code>.",
    "remind.papers_not_sent": "Paper call #{id} has not been sent yet, so there is no one to remind.",
    "remind.papers_cancelled": "Paper call #{id} was cancelled; no more reminders.",
    "remind.papers_nobody": "Every unit has sent its papers for #{id}; no reminder needed.",
    "remind.papers_done": "🔔 Reminded {count} units still missing papers for #{id}: {units}.",
    "remind.papers_unreached": "⚠️ Could not remind {units}: no active group. Link the unit's group with <code>/group</code>, or contact them directly.",
    "edit.papers_example": "/edit 7 hạn nộp: 17h 20/6/2024\nsố bài: 2",
    "edit.papers_missing_changes": "Nothing to change in paper call #{id}: after the code, write one change per line as <code>field: new value</code> (<code>chủ đề:</code>, <code>hạn nộp:</code>, <code>số bài:</code>, <code>ghi chú:</code>, <code>nhắc:</code>).",
    "edit.papers_nothing_changed": "The new values are the same as paper call #{id}; nothing was changed.",
    "edit.papers_fixed": "«{field}» of a paper call cannot be changed with /edit. If needed, cancel it (<code>/cancel {id} | reason</code>) and create a new call with /papers.",
    "edit.papers_required": "The paper call's «{field}» cannot be removed; please give a new value.",
    "edit.papers_cancelled": "Paper call #{id} was cancelled; it cannot be edited.",
    "edit.papers_draft": "Paper call #{id} is still a preview. Press «Send now» or «Schedule» on the preview, or «Cancel» and create it again with /papers.",
    "edit.papers_done": "✏️ Paper call #{id} changed:\n{changes}",
    "edit.papers_told": "Updated {cards} sent cards and told {chats} groups of the units still missing papers: {units}.",
    "edit.papers_cards_only": "Updated {cards} sent cards; the units need not be told of this change.",
    "edit.papers_all_done": "Updated {cards} sent cards; every unit has sent its papers, so nobody was told.",
    "edit.papers_not_out_yet": "The call is being sent; chats that have not received it yet will get the changed version.",
    "edit.papers_scheduled": "The call has not been sent; it will leave with the new content at {when}.",
    "edit.papers_late_cleared": "{count} papers sent after the old deadline now count as on time.",
    "edit.papers_extended": "⚠️ <b>Paper call #{id} deadline extended</b>: {old} → {new}",
    "edit.papers_moved": "⚠️ <b>Paper call #{id} deadline changed</b>: {old} → {new}",
    "edit.papers_changed": "⚠️ <b>Paper call #{id} changed</b>",
    "edit.papers_notice": "{headline}\n«{topic}»{changes}\nUnit {unit} has sent {have}/{need} papers so far. Please send the file with the caption <code>/submit {id}</code>, or reply to the call with the paper's file.",
    "edit.field.topic": "topic",
    "edit.field.paper_deadline": "deadline",
    "edit.field.count": "papers per unit",
    "cancel.papers_notice": "❌ <b>Paper call #{id} cancelled</b> «{topic}».{reason} Units need not send papers for this call any more.",
    "cancel.papers_done": "❌ Paper call #{id} «{topic}» cancelled.{reason} {cards} sent cards now show CANCELLED and {chats} chats were told; no more reminders, and no more files are taken.",
    "cancel.papers_unsent": "Paper call #{id} «{topic}» cancelled.{reason} It had not been sent anywhere.",
    # list / cancel
    "list.header": "<b>Announcements</b>",
    "list.empty": "No announcement is scheduled or being sent.",
    "list.line": "• <b>#{id}</b> {kind} — {state} — {snippet}",
    "list.recent": "\n<b>Recently sent</b>",
    "list.drafts": "\n<b>Drafts not sent</b> (press «Send now» or «Schedule» on the preview)",
    "kind.notice": "Notice",
    "kind.meeting": "Meeting invitation",
    "kind.paper_call": "Call for papers",
    "kind.news": "News post",
    "name.notice": "notice #{id}",
    "name.meeting": "meeting invitation #{id}",
    "name.paper_call": "paper call #{id}",
    "name.news": "news post #{id}",
    "state.draft": "draft",
    "state.draft_until": "draft, expires {when}",
    "state.scheduled": "scheduled for {when}",
    "state.sending": "sending",
    "state.sent": "sent {when}",
    "state.cancelled": "cancelled",
    "cancel.usage": "Usage: <code>/cancel 12 | reason</code> — cancels notice #12 if it has not been sent, or meeting or paper call #12.",
    "cancel.done": "Cancelled: {name}.{reason} Nothing was sent.",
    "cancel.reason": " Reason: {reason}.",
    "cancel.already_sent": "Already sent, so it cannot be cancelled: {name}.",
    "cancel.already_cancelled": "Already cancelled: {name}.",
    "cancel.partly": "Stopped {name}: {cancelled} unsent messages were cancelled; {sent} had already been sent.",
    # meeting changes (/sua) and cancellations (/huy)
    "edit.usage": "Usage: <code>/edit 12</code> followed by one change per line, <code>field: new value</code>: <code>tiêu đề:</code> (title), <code>thời gian:</code> (time), <code>địa điểm:</code> (venue), <code>căn cứ:</code> (reference), <code>thành phần:</code> (attendees), <code>ghi chú:</code> (notes), <code>kết thúc:</code> (end), <code>hạn xác nhận:</code> (answer by), <code>nhắc:</code> (reminders); while the invitation is not sent, also <code>gửi lúc:</code> (send at) and <code>đối tượng:</code> (audience). Write <code>không</code> to remove an optional field.\nExample:\n<code>/edit 12 thời gian: 14h 19/6/2024\nđịa điểm: Hội trường B</code>",
    "edit.example": "/edit 12 thời gian: 14h 19/6/2024\nđịa điểm: Hội trường B",
    "edit.missing_changes": "Nothing to change in invitation #{id}: after the code, write one change per line as <code>field: new value</code>.",
    "edit.nothing_changed": "The new values are the same as invitation #{id}; nothing was changed.",
    "edit.empty_value": "The field «{field}» is empty. Please give a new value, or <code>không</code> to remove an optional field.",
    "edit.required": "The meeting's «{field}» cannot be removed; please give a new value.",
    "edit.only_before_send": "«{field}» can be changed only before the invitation is sent; invitation #{id} has been sent. If needed, cancel it (<code>/cancel {id} | reason</code>) and send a new invitation.",
    "edit.not_meeting": "#{id} is neither a meeting invitation nor a paper call; /edit works for these two only.",
    "edit.draft": "Invitation #{id} is still a preview and has not been sent. Press «Send now» or «Schedule» on the preview, or «Cancel» and create it again with /meeting.",
    "edit.cancelled": "Meeting #{id} was cancelled; it cannot be edited.",
    "edit.started": "Meeting #{id} started at {when}; it can no longer be edited.",
    "edit.done": "✏️ Invitation #{id} changed:\n{changes}",
    "edit.change_line": "• {field}: {old} → {new}",
    "edit.no_value": "(none)",
    "edit.send_now": "send now",
    "edit.notice": "⚠️ <b>Invitation #{id} changed</b> «{title}»:\n{changes}",
    "edit.cards_updated": "Updated {cards} sent invitations and told {chats} chats of the change.",
    "edit.cards_only": "Updated {cards} sent invitations; the units need not be told of this change.",
    "edit.not_out_yet": "The invitation is being sent; chats that have not received it yet will get the changed version.",
    "edit.scheduled": "The invitation has not been sent; it will leave with the new content at {when}.",
    "edit.sending_now": "The invitation is being sent now with the new content.",
    "edit.reminders_rearmed": "The reminders have been set again from the new details.",
    "edit.field.title": "title",
    "edit.field.starts": "time",
    "edit.field.ends": "end",
    "edit.field.venue": "venue",
    "edit.field.basis": "reference",
    "edit.field.composition": "attendees",
    "edit.field.notes": "notes",
    "edit.field.deadline": "answer by",
    "edit.field.reminders": "reminders",
    "edit.field.send_at": "send at",
    "edit.field.audience": "audience",
    "cancel.meeting_notice": "❌ <b>Meeting #{id} cancelled</b> «{title}» ({when}).{reason}",
    "cancel.meeting_done": "❌ Meeting #{id} «{title}» cancelled.{reason} {cards} sent invitations now show CANCELLED (their answer buttons removed) and {chats} chats were told; no more reminders will be sent.",
    "cancel.meeting_unsent": "Meeting invitation #{id} «{title}» cancelled.{reason} It had not been sent anywhere.",
    "cancel.meeting_started": "Meeting #{id} started at {when}; it can no longer be cancelled.",
}


def announcement_name(lang: str, kind: str, ann_id: int, *, capital: bool = False) -> str:
    """An announcement named by its kind (`giấy mời #17`, `tin bài #18`), so that a reply about
    a meeting never calls it a notice; `capital` for the start of a sentence."""
    name = text(lang, f"name.{kind}", id=ann_id)
    return Safe(name[:1].upper() + name[1:]) if capital else name


def text(lang: str, key: str, **values: object) -> str:
    """The text `key` in `lang` (falling back to Vietnamese) with escaped `values` filled in."""
    catalogue = EN if lang == "en" else VI
    template = catalogue.get(key) or VI[key]
    return Safe(template.format(**{k: esc(v) for k, v in values.items()}))
