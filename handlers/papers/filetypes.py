"""What a downloaded file really is, read from its bytes: a paper read from a link is kept as a
file only when it is a PDF, DOC, DOCX or ODT by its content, whatever its name or the server's
Content-Type say (a viewer page named `bai.pdf` is not a PDF).

- PDF: starts with `%PDF-`;
- DOC: the OLE2 compound-file header (Word 97–2003 documents are OLE2 files);
- DOCX: a ZIP holding `word/document.xml`;
- ODT: a ZIP whose `mimetype` entry is `application/vnd.oasis.opendocument.text`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

PDF_MAGIC = b"%PDF-"
OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
ZIP_MAGIC = b"PK\x03\x04"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MAX_MIMETYPE_ENTRY = 200  # bytes: the `mimetype` entry is one short line

# extension → media type, for the kinds Loa keeps
PAPER_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def sniff(path: Path) -> str | None:
    """The paper extension (`.pdf`, `.doc`, `.docx`, `.odt`) the file's bytes show, or None."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(PDF_MAGIC):
        return ".pdf"
    if head == OLE2_MAGIC:
        return ".doc"
    if head.startswith(ZIP_MAGIC):
        return _zip_kind(path)
    return None


def _zip_kind(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return ".docx"
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= MAX_MIMETYPE_ENTRY:
                    if archive.read(info).strip() == ODT_MIMETYPE:
                        return ".odt"
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    return None
