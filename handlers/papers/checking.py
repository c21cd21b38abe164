"""A received paper checked: its bytes sniffed against its name (a file that is not what it says
is refused, never converted), its format compared with the call's rules, its title and pages
read — what the receipt says and `Submission` keeps.

The page count of a DOCX comes from its PDF rendering (`handlers.papers.convert`, with a time
limit) when LibreOffice is there, else from the document's own statistics, as an estimate; ODT
and DOC are read only through LibreOffice. A check that fails or overruns says so on the
receipt; the paper is still received.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from handlers.core import FileStore, FileUnavailable
from handlers.forms import FormError
from handlers.papers import inspect
from handlers.papers.convert import ConversionFailed, soffice_path, to_pdf
from handlers.papers.filetypes import sniff
from handlers.papers.formats import Finding, FormatRules, compare
from handlers.texts import Safe, text

log = logging.getLogger(__name__)

CHECK_TIMEOUT = 60.0  # seconds for the PDF rendering of one paper at submission
KIND_NAMES = {".pdf": "PDF", ".doc": "DOC", ".docx": "DOCX", ".odt": "ODT"}
# Word opens a DOCX saved under `.doc` without a word: not worth refusing
TOLERATED = {(".doc", ".docx")}


@dataclass
class Checked:
    """What the check of one paper found; `unchecked` is the text key of why the format could
    not be checked (the paper is received all the same)."""

    kind: str | None = None
    facts: inspect.Facts | None = None
    findings: list[Finding] = field(default_factory=list)
    unchecked: str | None = None

    @property
    def warnings(self) -> list[str] | None:
        """`Submission.format_warnings`: the findings as plain Vietnamese lines."""
        if not self.findings:
            return None
        return [html.unescape(finding.line("vi")) for finding in self.findings]

    @property
    def pages(self) -> int | None:
        return self.facts.pages if self.facts is not None else None

    @property
    def pages_estimated(self) -> bool:
        return bool(self.facts and self.facts.pages is not None and self.facts.pages_estimated)

    @property
    def title(self) -> str | None:
        return self.facts.title if self.facts is not None else None


def claimed_kind(name: str) -> str:
    """The extension the file's name claims (`.docx`), lowercase."""
    return os.path.splitext(name.lower())[1]


def check_kind(path: Path, name: str) -> str:
    """The file's real kind, if its name says the same (or a tolerated near thing); else
    FormError with the reason, and nothing is stored."""
    kind = sniff(path)
    claimed = claimed_kind(name)
    if kind is None:
        raise FormError("formats.not_paper", name=name[:100])
    if kind != claimed and (claimed, kind) not in TOLERATED:
        raise FormError(
            "formats.wrong_kind",
            name=name[:100],
            claimed=KIND_NAMES.get(claimed, claimed.lstrip(".").upper() or "?"),
            actual=KIND_NAMES[kind],
        )
    return kind


async def fetch_and_check(
    store: FileStore, file_id: str, name: str, rules: FormatRules | None
) -> Checked:
    """Download the file to a temporary folder, refuse it if it is not what its name says,
    then check it. A download that fails leaves the format unchecked."""
    with tempfile.TemporaryDirectory(prefix="loa-check-") as folder:
        path = Path(folder) / ("paper" + claimed_kind(name))
        try:
            await store.download(file_id, path)
        except FileUnavailable as exc:
            log.info("paper %s not downloaded for its check: %s", name, exc)
            return Checked(unchecked="formats.reason_no_file")
        kind = check_kind(path, name)
        return await check_file(path, kind, rules, name=name)


async def check_file(
    path: Path,
    kind: str,
    rules: FormatRules | None,
    *,
    name: str | None = None,
    timeout: float = CHECK_TIMEOUT,  # noqa: ASYNC109
) -> Checked:
    """The facts of a paper of `kind` at `path` and what they differ from `rules`; `name` is
    the file's name as sent, whose stem is the title when the document gives none."""
    checked = Checked(kind=kind)
    try:
        if kind == ".pdf":
            checked.facts = await asyncio.to_thread(inspect.inspect_pdf, path)
        elif kind == ".docx":
            checked.facts = await asyncio.to_thread(inspect.inspect_docx, path)
            if rules is not None and rules.checks_pages and soffice_path():
                await _rendered_pages(path, checked, timeout)
        else:  # ODT, DOC: only LibreOffice reads them
            checked.facts = inspect.Facts(title=inspect.clip_title(path.stem))
            if rules is None:
                pass  # nothing asked of it: not worth a rendering
            elif soffice_path() is None:
                checked.unchecked = "formats.reason_no_pages"
            else:
                await _rendered_pages(path, checked, timeout, sizes=True)
    except inspect.Unreadable as exc:
        log.info("paper %s not readable for its check: %s", path.name, exc)
        checked.unchecked = "formats.reason_unreadable"
    if checked.facts is not None and name and checked.facts.title == inspect.clip_title(path.stem):
        checked.facts.title = inspect.clip_title(os.path.splitext(name)[0]) or None
    if rules is not None and checked.facts is not None:
        checked.findings = compare(rules, checked.facts)
    return checked


async def _rendered_pages(
    path: Path,
    checked: Checked,
    timeout: float,  # noqa: ASYNC109
    *,
    sizes: bool = False,
) -> None:
    """The page count (and with `sizes`, the page sizes) of the file's PDF rendering."""
    assert checked.facts is not None
    with tempfile.TemporaryDirectory(prefix="loa-check-pdf-") as out:
        try:
            pdf = await to_pdf(path, Path(out), timeout=timeout)
            rendered = await asyncio.to_thread(inspect.inspect_pdf, pdf, fonts=False, title=False)
        except ConversionFailed as exc:
            log.info("paper %s not rendered for its check: %s", path.name, exc)
            if "timed out" in exc.reason:
                checked.unchecked = "formats.reason_timeout"
            elif checked.facts.pages is None:
                checked.unchecked = "formats.reason_unreadable"
            return
        except inspect.Unreadable:
            return
    checked.facts.pages = rendered.pages
    checked.facts.pages_estimated = False
    if sizes:
        checked.facts.page_sizes = rendered.page_sizes


def receipt_section(lang: str, rules: FormatRules | None, checked: Checked | None) -> str:
    """What the receipt adds: `⚠️ Chưa đúng định dạng:` and the findings, that the format is
    right, or that it could not be checked; nothing when the call has no rules."""
    if rules is None or checked is None:
        return Safe("")
    if checked.findings:
        lines = "\n".join(
            text(lang, "formats.receipt_line", line=Safe(finding.line(lang)))
            for finding in checked.findings
        )
        return text(lang, "formats.receipt_warnings", lines=Safe(lines))
    if checked.unchecked:
        return text(lang, "formats.receipt_unchecked", reason=text(lang, checked.unchecked))
    return text(lang, "formats.receipt_ok")
