"""`loa demo` plays the review conference against both emulators (eight schools on Telegram,
two on Zalo) — official invitation, delegations, roll-call, an acknowledged notice — and prints
every chat, the Zalo members' included."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ZALO_ANSWERS = "Trả lời: XN 1 CO · XN 1 KHONG <lý do> · XN 1 THAY <họ tên, chức vụ>"
REGISTER_LINE = "Đăng ký đại biểu: DAIBIEU 1 | họ tên, chức vụ, điện thoại; …"


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """`loa demo` run once, with no tokens in the environment: its printout and its folder."""
    folder = tmp_path_factory.mktemp("demo")
    prefixes = ("TELEGRAM_", "ZALO_", "LOA_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, folder


@pytest.fixture
def demo_output(demo_run: tuple[str, Path]) -> str:
    return demo_run[0]


def test_demo_plays_the_conference_on_telegram_and_zalo_without_a_token(
    demo_run: tuple[str, Path],
) -> None:
    out, folder = demo_run
    assert out.count("📢 GIẤY MỜI HỌP #1") == 10
    assert out.count("Đã xác nhận: 8/10 đơn vị · ✅ 7 người · ❌ 1 · 👤 1 người dự thay") >= 10
    assert "Người dự thay: Lê Văn Cường, Phó Hiệu" in out
    assert "⏳ Chưa trả lời: HD" in out and "Nhắc xác nhận #1" in out
    assert "chỉ dành cho Ban tổ chức" in out
    # the roll-call: the poster's link, refused a week early, one delegate marked by hand
    assert "🧾 Điểm danh cuộc họp #1" in out and "start=dd-" in out
    assert "quét mã sớm một tuần: Chưa đến giờ điểm danh" in out
    assert "đánh dấu bằng tay: Đã ghi:" in out and "— Có mặt." in out
    assert "Phạm Văn Hải quét mã sáng ngày họp: ✅ Đã điểm danh: Phạm Văn Hải" in out
    assert "chọn HP rồi tên mình: ✅ Đã điểm danh: Trần Văn Hùng (Trường Chính trị Tô Hiệu" in out
    # the official invitation, the two schools' delegations, the acknowledged notice
    assert out.count("🔖 Số: 45/GM-CTĐ") >= 10
    assert "🎫 Số đại biểu: 3 người mỗi đơn vị (HN: 5)" in out
    assert "Nguyễn Thị Lan: HN: 3/5" in out
    assert "Vũ Thị Hạnh: ✅ Đã đăng ký 2 đại biểu của HP cho cuộc họp #1." in out
    assert "2. Trần Văn Hùng, Phó Bí thư Đảng ủy" in out
    assert out.count("THÔNG BÁO #4") >= 10 and "[✔️ Đã nhận]" in out
    assert "Vũ Thị Hạnh: Cảm ơn anh/chị. HP đã xác nhận nhận thông báo #4: Phạm Văn Hải" in out
    assert "✔️ Đã nhận: 3/10 đơn vị · 🔕 Chưa nhận: 7 đơn vị" in out
    assert out.count("📝 GỬI THAM LUẬN #2") == 10 and out.count("Nhắc nộp tham luận #2") == 3
    assert "⏳ Chưa nộp: BN, HD, HNA" in out
    assert out.count("📰 TIN BÀI #3") == 10 and out.count("🖼 (ảnh)") == 10
    assert "🗓 09:59, Thứ Năm 20/06/2024 · Trường Chính trị Tô Hiệu" in out
    unlinked = out.split("┌─ Nhóm thử nghiệm", 1)[1].split("┌─", 1)[0]
    assert "GIẤY MỜI HỌP" not in unlinked and "TIN BÀI" not in unlinked
    assert not (folder / "loa.db").exists()


def zalo_section(out: str, unit: str) -> list[str]:
    """The lines of the printout's section for the Zalo leader of `unit`."""
    section = out.split(f"┌─ Zalo: tin nhắn riêng của lãnh đạo trường {unit} (", 1)[1]
    return [line.removeprefix("│").strip() for line in section.split("\n└", 1)[0].splitlines()]


def test_demo_zalo_leaders_join_by_code_answer_by_typing_and_submit_a_link(
    demo_output: str,
) -> None:
    out = demo_output
    tb, hna = zalo_section(out, "TB"), zalo_section(out, "HNA")
    assert re.fullmatch(r"TB-[\w-]+", tb[2]), tb[:3]  # the code alone
    assert re.fullmatch(r"/start HNA-[\w-]+", hna[2]), hna[:3]
    for lines, unit in ((tb, "TB"), (hna, "HNA")):
        assert any(f"Anh/chị đã tham gia đơn vị {unit}" in line for line in lines)
        card = lines.index("📢 GIẤY MỜI HỌP #1")
        answer_line = next(i for i in range(card, len(lines)) if lines[i].startswith("Trả lời:"))
        assert lines[answer_line] == ZALO_ANSWERS
        assert lines[answer_line + 1] == REGISTER_LINE  # the card's last line
        assert lines[answer_line + 2].endswith(":")  # the next message begins
        assert "📰 TIN BÀI #3" in lines
    assert "xn 1 có" in tb and "Đã ghi nhận: ✅ Đặng Văn Phúc tham dự (TB)" in tb
    assert "XN 1 THAY Lê Văn Cường, Phó Hiệu trưởng" in hna
    assert "Đã ghi nhận: 👤 HNA cử người dự thay" in hna
    assert "Đã xác nhận: 8/10 đơn vị · ✅ 7 người · ❌ 1 · 👤 1 người dự thay · ⏳ 1 chưa" in hna
    # the Telegram side counts them: every school group's card, and the status table, which
    # names them with their platform
    groups = [part.split("\n└", 1)[0] for part in out.split("┌─ BGH ")[1:]]
    assert len(groups) == 8
    for group in groups:
        assert "Đã xác nhận: 8/10 đơn vị · ✅ 7 người · ❌ 1 · 👤 1 người dự thay" in group
        assert "Đã nộp: 7/10 đơn vị" in group
    assert "✅ Đặng Văn Phúc (Zalo)" in out
    assert "👤 Ngô Thị Thu (Zalo) — " in out
    # the seminar: TB submits a link to the portal's PDF; HNA is reminded on Zalo
    assert "📤 Cách nộp: NOP 2 <đường dẫn tới tệp>" in tb
    paper = "tham-luan-truong-chinh-tri-tinh-thai-binh.pdf"
    submitted = re.search(
        rf"NOP 2 http://127\.0\.0\.1:\d+/tai-lieu/{re.escape(paper)} Loa: (.*?) Loa:", " ".join(tb)
    )
    assert submitted is not None, tb
    receipt = submitted.group(1)
    assert receipt.startswith("✅ Đã nhận tham luận của Trường Chính trị tỉnh Thái Bình")
    assert f"(tệp {paper}," in receipt
    assert "📄 tham-luan-truong-chinh-tri-tinh-thai-binh.pdf — Đặng Văn Phúc (Zalo)" in out
    assert any("Nhắc nộp tham luận #2" in line for line in hna)
    assert not any("Nhắc nộp tham luận #2" in line for line in tb)
