"""`loa demo` plays the review conference against the emulator and prints every chat."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_demo_plays_the_conference_without_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "LOA_"))}
    env["PYTHONPATH"] = str(REPO)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    assert out.count("📢 GIẤY MỜI HỌP #1") == 10
    assert out.count("Đã xác nhận: 8/10 đơn vị · ✅ 7 người · ❌ 1 · 👤 1 người dự thay") >= 10
    assert "Người dự thay: Lê Văn Cường, Phó Hiệu" in out
    assert "⏳ Chưa trả lời: HNA" in out and "Nhắc xác nhận #1" in out
    assert "chỉ dành cho Ban tổ chức" in out
    assert out.count("📝 GỬI THAM LUẬN #2") == 10 and out.count("Nhắc nộp tham luận #2") == 3
    assert "⏳ Chưa nộp: HD, HNA, TB" in out
    assert out.count("📰 TIN BÀI #3") == 10 and out.count("🖼 (ảnh)") == 10
    assert "🗓 09:59, Thứ Năm 20/06/2024 · Trường Chính trị Tô Hiệu" in out
    unlinked = out.split("┌─ Nhóm thử nghiệm", 1)[1]
    assert "GIẤY MỜI HỌP" not in unlinked and "TIN BÀI" not in unlinked
    assert not (tmp_path / "loa.db").exists()
