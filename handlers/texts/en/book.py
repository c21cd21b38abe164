"""English texts of the book of papers (kỷ yếu): `/kyyeu`, its progress, the cover and the
table of contents, and why a paper is missing from the book.

One part of the English catalogue, merged into `handlers.texts.EN`; every key has its twin in
`handlers/texts/vi/book.py`, in the same order.
"""

from __future__ import annotations

from typing import Final

TEXTS: Final[dict[str, str]] = {
    "menu.kyyeu": "Make the book of papers as one PDF (organisers)",
    "help.book": "\n/proceedings — the book of the papers as one PDF: <code>/proceedings 7</code>",
    "book.example": "/proceedings 7",
    "book.usage": "Usage: <code>/proceedings 7</code> — the book of the papers of call #7 as one PDF, sent to you privately.",
    "book.not_call": "#{id} is not a paper call: a book is made only from papers.",
    "book.empty": "Paper call #{id} has no paper files yet to make a book of.",
    "book.private_only": (
        "The book is sent in private chat. Please write to Loa privately once (press /start), "
        "then send <code>/proceedings {id}</code> again."
    ),
    "book.telegram_only": (
        "The book is a PDF file, and Zalo takes no files from bots. Please send "
        "<code>/proceedings {id}</code> on Telegram."
    ),
    "book.already": "The book of paper call #{id} is being made; Loa sends it when ready.",
    "book.started": (
        "Making the book #{id} ({count} papers). The PDF will be sent to your private chat "
        "when ready."
    ),
    "book.progress": "Making the book: {done}/{count} papers…",
    "book.progress_merge": "Making the book: joining {count} papers, numbering pages…",
    "book.done": "The book #{id} is ready: {papers} papers, {pages} pages.",
    "book.done_missing": (
        "The book #{id} is ready: {papers} papers, {pages} pages. "
        "{count} papers could not be included."
    ),
    "book.caption": "Book #{id} — {topic} ({pages} pages)",
    "book.caption_part": "Book #{id} — {topic}, part {part}/{parts}",
    "book.missing_header": "<b>Papers not in the book #{id}:</b>",
    "book.missing_line": "• {unit} — {file}: {reason}",
    "book.failed": "Sorry, the book #{id} could not be made: {error}. Please try again later.",
    "book.failed_unknown": "an error happened while making it",
    "book.cover.title": "SEMINAR PROCEEDINGS",
    "book.cover.date": "{day} {month} {year}",
    "book.toc.title": "CONTENTS",
    "book.toc.number": "No.",
    "book.toc.unit": "Unit",
    "book.toc.paper": "Title",
    "book.toc.page": "Page",
    "book.toc.missing": "(not converted: {reason})",
    "book.reason.unavailable": "the file could not be downloaded",
    "book.reason.not_what_named": "the file is not what its name says",
    "book.reason.no_libreoffice": "LibreOffice is not installed",
    "book.reason.timeout": "conversion to PDF took over {seconds} seconds",
    "book.reason.unconvertible": "LibreOffice cannot read the file",
    "book.reason.unreadable_pdf": "the PDF cannot be read",
    "book.reason.no_fonts": "the DejaVu fonts are missing (package fonts-dejavu-core)",
}
