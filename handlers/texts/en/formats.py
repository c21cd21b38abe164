"""English texts of the format rules of papers: `định dạng:`, the findings on a receipt, the
refusal of a file that is not what its name says.

One part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin in
`handlers/texts/vi/formats.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "formats.font_or": " or ",
    "formats.size_part": "size {size}",
    "formats.pages_part": "{pages} pages",
    "formats.pages_between": "{low} to {high}",
    "formats.pages_at_most": "at most {count}",
    "formats.pages_at_least": "at least {count}",
    "formats.what_page": "the page size",
    "formats.what_pages": "the pages",
    "formats.what_size": "the font size",
    "formats.what_font": "the font",
    "formats.twice": "The part «{part}» of <code>định dạng:</code> gives {what} a second time; please give it once. Example: <code>định dạng: A4, Times New Roman 14, tối đa 10 trang</code>",
    "formats.empty": "Loa could not read <code>định dạng:</code>. Please give the page size, font, font size and pages, separated by commas. Example: <code>{example}</code> (or <code>định dạng: không kiểm tra</code>).",
    "formats.bad_size": "The font size «{part}» cannot be read: please give one size from 6 to 72, or a range such as <code>13–14</code>. Example: <code>{example}</code>",
    "formats.bad_pages": "The pages «{part}» cannot be read: please write <code>tối đa 10 trang</code>, <code>ít nhất 5 trang</code> or <code>từ 5 đến 10 trang</code>. Example: <code>{example}</code>",
    "formats.bad_font": "The font «{part}» cannot be read: please give a font name such as <code>Times New Roman</code> (several joined by <code>hoặc</code>). Example: <code>{example}</code>",
    "formats.card": "📐 Format: {rules}",
    "formats.page_wrong": "Page size {found} — required {wanted}",
    "formats.page_wrong_some": "Page size {found} on {count}/{total} pages — required {wanted}",
    "formats.font_wrong": "Font {found} — required {wanted}",
    "formats.size_wrong": "Font size {found} — required {wanted}",
    "formats.pages_wrong": "{count} pages — {wanted}",
    "formats.pages_wrong_estimated": "about {count} pages (estimate) — {wanted}",
    "formats.receipt_warnings": "\n⚠️ Not in the required format:\n{lines}\nThis is only a warning: the paper is received; if there is time, please fix it and send it again.",
    "formats.receipt_line": "• {line}",
    "formats.receipt_ok": "\n📐 In the required format.",
    "formats.receipt_unchecked": "\n📐 Loa could not check this file's format ({reason}); the paper is received.",
    "formats.reason_timeout": "the check took too long",
    "formats.reason_unreadable": "the file's content could not be read",
    "formats.reason_no_file": "the file could not be downloaded",
    "formats.reason_no_pages": "counting pages needs LibreOffice",
    "formats.not_paper": "The file «{name}» is not accepted: its content is not a PDF, DOC, DOCX or ODT document as its name says (it may be damaged or renamed). Please open it and send the right one again.",
    "formats.wrong_kind": "The file «{name}» is not accepted: its name says {claimed} but its content is {actual}. Please save it in the right format (or fix the file name's ending) and send it again.",
    "formats.status_mark": "    ⚠️ {lines}",
    "formats.button_default": "A4, Times New Roman 13–14, at most 10 pages",
    "formats.button_none": "No check",
    "formats.toast_set": "Format rules set",
    "formats.toast_none": "No format check",
    "formats.check_soffice_ok": "LibreOffice: found ({path}) — DOCX pages counted from their PDF; ODT/DOC checked; the book of papers can be built.",
    "formats.check_soffice_missing": "LibreOffice: missing — DOCX page counts are estimates; ODT/DOC pages not counted; no book of papers. Install: apt-get install libreoffice-writer-nogui fonts-liberation2 fonts-dejavu-core",
}
