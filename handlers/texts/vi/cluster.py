"""Vietnamese texts of the cluster.

Units (/donvi), groups (/nhom), invite links (/moi), organisers (/quyen), and /start, /trogiup,
/ngonngu. One part of the Vietnamese catalogue, merged into `handlers.texts.VI`; every key has its
twin in `handlers/texts/en/cluster.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    # start / help / language
    "start.greeting": "Xin chào {name}! Tôi là <b>Loa</b>, trợ lý chuyển thông báo của Cụm thi đua.",
    "start.no_name": "anh/chị",
    "start.role_organiser": "Anh/chị thuộc <b>Ban tổ chức</b>. Gõ /trogiup để xem các lệnh quản lý.",
    "start.role_member": "Anh/chị là thành viên của đơn vị <b>{unit}</b>. Thông báo của đơn vị sẽ được gửi tới đây.",
    "start.role_none": (
        "Anh/chị chưa thuộc đơn vị nào. Hãy mở đường dẫn mời, hoặc nhắn cho Loa mã mời "
        "(ví dụ <code>HP-7K2Q</code>) do Ban tổ chức gửi, để tham gia đơn vị."
    ),
    "start.joined": "Anh/chị đã tham gia đơn vị <b>{unit}</b>. Thông báo của đơn vị sẽ được gửi tới đây.",
    "start.already_member": (
        "Anh/chị đã là thành viên của đơn vị <b>{unit}</b>; không cần dùng lại mã mời. "
        "Thông báo của đơn vị sẽ được gửi tới đây."
    ),
    "start.moved": "Anh/chị đã chuyển từ đơn vị <b>{old}</b> sang đơn vị <b>{unit}</b>. Thông báo của đơn vị mới sẽ được gửi tới đây.",
    "start.bad_invite": "Mã mời không hợp lệ hoặc đã hết hiệu lực. Xin liên hệ Ban tổ chức để nhận mã mời mới.",
    "start.in_group": "Loa đang hoạt động trong nhóm này. Gõ /trogiup để xem các lệnh.",
    "help.header": "<b>Các lệnh của Loa</b>",
    "help.member": (
        "/start — giới thiệu và vai trò của anh/chị\n"
        "Mã mời (ví dụ <code>HP-7K2Q</code>) — nhắn mã do Ban tổ chức gửi để tham gia đơn vị\n"
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
        "/giahan — gia hạn riêng cho một đơn vị (xác nhận hoặc nộp tham luận): <code>/giahan 12 HP | 17h 16/6</code>\n"
        "/huy — huỷ thông báo chưa gửi, cuộc họp hoặc lời mời tham luận: <code>/huy 12 | lý do</code>\n"
        "/tinhhinh — tình hình xác nhận hoặc nộp tham luận: <code>/tinhhinh 12</code>; ghi thay: <code>/tinhhinh 12 | HP | có | Nguyễn Văn A</code>\n"
        "/xuat — danh sách xác nhận ra Excel và CSV; với lời mời tham luận: tệp ZIP các bài và danh sách Excel: <code>/xuat 12</code>\n"
        "/thamdinh — thẩm định tham luận (Đạt, Cần sửa, Chọn trình bày): <code>/thamdinh 7</code>\n"
        "/chuongtrinh — chương trình hội thảo từ các bài được chọn trình bày: <code>/chuongtrinh 7</code>, có giờ theo cuộc họp: <code>/chuongtrinh 7 | 12</code>\n"
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
    "invite.created": "Mã mời vào đơn vị <b>{code}</b> — {name}: <code>{invite}</code>",
    "invite.on_telegram": "• Trên Telegram: mở đường dẫn dưới đây rồi bấm Bắt đầu:\n{link}",
    "invite.on_zalo": "• Trên Zalo: nhắn mã <code>{invite}</code> cho Loa trên Zalo.",
    "invite.joins": (
        "Ai dùng mã này sẽ tham gia đơn vị và nhận thông báo của đơn vị qua tin nhắn riêng với Loa. "
        "Viết chữ hoa hay chữ thường đều được."
    ),
    "invite.usage": "Cách dùng: <code>/moi HP</code> — tạo mã mời vào đơn vị HP.",
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
}
