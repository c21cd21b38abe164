"""Papers turned into PDF by LibreOffice headless (`soffice --convert-to pdf`): for the page count
of a DOCX and for the book of papers.

LibreOffice is an optional tool (Debian's `libreoffice-writer-nogui`): `soffice_path()` says
whether it is there. Each conversion runs in a fresh temporary profile (two conversions never
share one, so they never wait on each other's lock or inherit a broken profile) with a time
limit; a conversion that overruns is killed with its whole process group. A file LibreOffice
cannot read yields no PDF and is reported as `ConversionFailed`, never as an empty book page.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import tempfile
from pathlib import Path

DEFAULT_TIMEOUT = 120.0  # seconds for one paper
NAMES = ("soffice", "libreoffice")


class ConversionFailed(Exception):
    """The paper could not be turned into PDF; `reason` says why, for the organiser."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def soffice_path() -> str | None:
    """Where LibreOffice's `soffice` is, or None when it is not installed."""
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


async def to_pdf(source: Path, out_dir: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:  # noqa: ASYNC109
    """Convert `source` (DOC, DOCX, ODT) into `out_dir/<stem>.pdf` and return that path."""
    soffice = soffice_path()
    if soffice is None:
        raise ConversionFailed("LibreOffice is not installed")
    out_dir.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 (a local folder, at once)
    with tempfile.TemporaryDirectory(prefix="loa-soffice-") as profile:
        process = await asyncio.create_subprocess_exec(
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(source),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # its own process group, killed whole on a timeout
            env={**os.environ, "HOME": profile},
        )
        try:
            _, stderr = await asyncio.wait_for(process.communicate(), timeout)
        except TimeoutError:
            _kill_group(process.pid)
            with contextlib.suppress(ProcessLookupError):
                await process.wait()
            raise ConversionFailed(f"timed out after {timeout:g} s") from None
        except BaseException:
            _kill_group(process.pid)
            raise
    result = out_dir / f"{source.stem}.pdf"
    if process.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
        detail = stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConversionFailed(detail[-1][:200] if detail else f"exit code {process.returncode}")
    return result


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
