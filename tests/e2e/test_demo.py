"""`loa demo` plays the cluster's notices against the emulator and prints every chat."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_demo_runs_without_a_token_and_shows_every_group(tmp_path: Path) -> None:
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
    assert out.count("📢 THÔNG BÁO #1") == 10 and out.count("📢 THÔNG BÁO #2") == 10
    assert "Đã gửi #1: 10/10." in out and "Đã gửi #2: 10/10." in out
    assert "chỉ dành cho Ban tổ chức" in out
    unlinked = out.split("┌─ Nhóm thử nghiệm", 1)[1]
    assert "THÔNG BÁO" not in unlinked
    assert not (tmp_path / "loa.db").exists()
