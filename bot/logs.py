"""Logging that never shows a secret: every formatted line (tracebacks included) is redacted."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import TextIO

REDACTED = "<redacted>"


class RedactingFormatter(logging.Formatter):
    """Replaces each secret with `<redacted>` in the final text of a record."""

    def __init__(self, secrets: Iterable[str], fmt: str | None = None) -> None:
        super().__init__(fmt or "%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self.secrets:
            line = line.replace(secret, REDACTED)
        return line


def configure_logging(level: str, secrets: Iterable[str], stream: TextIO | None = None) -> None:
    """One handler on the root logger; the noisiest libraries are kept at WARNING."""
    handler = logging.StreamHandler(stream or sys.stderr)
    secret_list = list(secrets)
    # the token's numeric part alone is public (the bot id); the whole token and its secret
    # half are not
    secret_list += [s.split(":", 1)[1] for s in secret_list if ":" in s]
    handler.setFormatter(RedactingFormatter(secret_list))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_loa", False):
            root.removeHandler(old)
    handler._loa = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    if level != "DEBUG":
        for noisy in ("httpx", "httpcore", "apscheduler", "telegram.ext.Updater"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
