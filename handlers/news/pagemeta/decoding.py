"""From bytes to text: BOM, the HTTP charset, `<meta charset>`, then detection; UTF-8 wins over
a wrongly declared single-byte charset; always NFC."""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from typing import Final

import charset_normalizer

# --- decoding -------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG: these labels mean windows-1252 in browsers.
_LABEL_ALIASES: Final = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "tis-620": "cp874",
    "x-sjis": "shift_jis",
    "unicode-1-1-utf-8": "utf-8",
    "utf8": "utf-8",
}


def _codec(label: str | None) -> str | None:
    """The Python codec name for a charset label, or None when unknown or unusable."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    name = _LABEL_ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if info.name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # an ASCII-compatible document cannot really be UTF-16 (HTML spec)
    return info.name


def _meta_charset(content: bytes) -> str | None:
    head = re.sub(rb"<!--.*?-->", b"", content[:16384], flags=re.S)
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _detect(content: bytes) -> str | None:
    best = charset_normalizer.from_bytes(content[:262144]).best()
    return _codec(best.encoding) if best is not None else None


def _decode(content: bytes, header_charset: str | None) -> str:
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content.decode(codec, errors="replace")
    if content.isascii():
        return content.decode("ascii")
    try:
        as_utf8: str | None = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A body cut off at the size limit may end inside a character.
        as_utf8 = content[: exc.start].decode("utf-8") if exc.start >= len(content) - 3 else None
    declared = [c for c in (_codec(header_charset), _codec(_meta_charset(content))) if c]
    for codec in declared:
        if codec == "utf-8":
            if as_utf8 is not None:
                return as_utf8
            text = content.decode("utf-8", errors="replace")
            if text.count("\ufffd") <= max(2, len(content) // 1000):
                return text  # a few stray bytes in an otherwise UTF-8 page
            continue
        if as_utf8 is not None:
            return as_utf8  # valid multi-byte UTF-8 is not an accident: the label is wrong
        with contextlib.suppress(UnicodeDecodeError):
            return content.decode(codec)
    if as_utf8 is not None:
        return as_utf8
    detected = _detect(content)
    if detected:
        return content.decode(detected, errors="replace")
    if declared:
        return content.decode(declared[0], errors="replace")
    return content.decode("utf-8", errors="replace")


def decode_html(content: bytes, header_charset: str | None) -> str:
    """The text of an HTML document (NFC), from the best evidence of its encoding."""
    text = _decode(content, header_charset)
    return unicodedata.normalize("NFC", text.replace("\x00", ""))
