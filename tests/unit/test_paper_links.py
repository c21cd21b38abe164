"""Papers sent as a link (`NOP 7 <link>`, `/nop 7 <link>`) on a real database (SQLite and
PostgreSQL) and a local web server: a real DOCX and a PDF are stored in the database and go
into `/xuat`'s ZIP, a web page or a file over 20 MB leaves the link, what is refused stores
nothing; and the answer to a file Zalo did not pass on."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import docx
import pytest
from sqlalchemy import func, select

from handlers import router
from handlers.core import FileRef, FileUnavailable, Reply, Request
from handlers.news.fetch import Fetcher
from handlers.papers import links, typed
from handlers.papers.filetypes import sniff
from handlers.papers.stored import WithStoredFiles, stored_file_id
from storage import queries
from storage.models import StoredFile, StoredFileChunk, Submission
from tests.support import Harness, command, group_chat, make_harness, person, private_chat
from tests.unit.test_paper_export import FakeStore, entries, sheet_rows
from tests.unit.test_papers import CALL, cluster, deliver, gid, nop
from tests.webserver import LoopbackOnlyBackend, StubResolver, WebServer

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"0" * 3000 + b"\n%%EOF\n"
MB = 1024 * 1024


def make_docx(paragraphs: int = 400) -> bytes:
    """A real Word document (python-docx), about a hundred kilobytes."""
    document = docx.Document()
    document.add_heading("Đổi mới phương pháp giảng dạy lý luận chính trị", level=1)
    for number in range(paragraphs):
        document.add_paragraph(f"Đoạn {number}: kinh nghiệm của Trường Chính trị Hải Phòng. " * 4)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_BYTES = make_docx()


@pytest.fixture(scope="module")
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


def loopback_fetcher(*, allow_private: bool = True) -> Fetcher:
    return Fetcher(
        allow_private=allow_private, resolver=StubResolver(), network_backend=LoopbackOnlyBackend()
    )


@pytest.fixture
async def h(db_url: str) -> AsyncIterator[Harness]:
    harness = await make_harness(db_url)
    harness.env.fetcher = loopback_fetcher()
    try:
        yield harness
    finally:
        await harness.env.fetcher.aclose()
        await harness.engine.dispose()


async def open_call(h: Harness, units: int = 2) -> None:
    await cluster(h, units)
    reply = await router.handle_command(h.env, command("thamluan", CALL))
    assert reply is not None
    await deliver(h)


def typed_in_group(i: int, text: str) -> Request:
    return Request(
        sender=person(f"50000001{i:02d}", f"Thư ký {i}"),
        chat=group_chat(gid(i), f"Nhóm U{i}"),
        text=text,
    )


async def say(h: Harness, req: Request) -> str:
    reply = await router.handle_text(h.env, req)
    assert reply is not None
    return reply.text


async def submissions(h: Harness) -> list[Submission]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(Submission).order_by(Submission.id))).all())


async def stored_count(h: Harness) -> tuple[int, int]:
    async with h.env.sessions() as session:
        files = await session.scalar(select(func.count()).select_from(StoredFile))
        chunks = await session.scalar(select(func.count()).select_from(StoredFileChunk))
    return files or 0, chunks or 0


async def stored_bytes(h: Harness, stored_id: int) -> bytes:
    async with h.env.sessions() as session:
        rows = await session.scalars(
            select(StoredFileChunk.data)
            .where(StoredFileChunk.stored_file_id == stored_id)
            .order_by(StoredFileChunk.seq)
        )
        return b"".join(rows.all())


# --- what the bytes are ----------------------------------------------------------------------


def test_paper_kinds_are_read_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    samples = {
        "a.docx": (DOCX_BYTES, ".docx"),
        "a.pdf": (PDF_BYTES, ".pdf"),
        "a.doc": (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504, ".doc"),
        "a.odt": (odt.getvalue(), ".odt"),
        "b.docx": (other_zip.getvalue(), None),
        "c.docx": (random.Random(7).randbytes(4096), None),
        "d.pdf": ("<!doctype html><title>Xem tệp</title>".encode(), None),
        "e.docx": (b"PK\x03\x04 broken", None),
    }
    for name, (content, kind) in samples.items():
        path = tmp_path / name
        path.write_bytes(content)
        assert sniff(path) == kind, name


@pytest.mark.parametrize(
    ("text", "ann_id", "rest"),
    [
        ("NOP 7 https://a.vn/x.pdf", 7, "https://a.vn/x.pdf"),
        ("nop 7 https://a.vn/x.pdf", 7, "https://a.vn/x.pdf"),
        ("NỘP 7 https://a.vn/X.pdf", 7, "https://a.vn/X.pdf"),
        ("/nop 7 https://a.vn/x.pdf", 7, "https://a.vn/x.pdf"),
        ("Nộp #7   https://a.vn/x.pdf", 7, "https://a.vn/x.pdf"),
        ("NOP7 https://a.vn/x.pdf", 7, "https://a.vn/x.pdf"),
        ("NOP 7", 7, ""),
        ("nop", None, ""),
    ],
)
def test_the_nop_form_is_read_in_any_case_and_without_diacritics(
    text: str, ann_id: int | None, rest: str
) -> None:
    assert typed.parse(text) == typed.TypedLink(ann_id, rest)


@pytest.mark.parametrize("text", ["nộp bài rồi nhé", "nopbai 7", "XN 7 CO", "hello"])
def test_other_text_is_no_nop_form(text: str) -> None:
    parsed = typed.parse(text)
    assert parsed is None or parsed.ann_id is None


# --- files behind links: stored in the database --------------------------------------------


async def test_a_docx_behind_a_link_is_stored_in_the_database_and_acknowledged(
    h: Harness, web: WebServer
) -> None:
    await open_call(h)
    route = web.static("/files/bai.docx", DOCX_BYTES, content_type=DOCX_TYPE)
    url = web.url("/files/bai.docx")

    text = await say(h, typed_in_group(1, f"NOP 1 {url}"))

    size = f"{len(DOCX_BYTES) / 1024:.0f} KB"
    assert text == (
        f"✅ Đã nhận tham luận của Trường Chính trị số 1 lúc 10:15, 12/06/2024 "
        f"(tệp bai.docx, {size})."
    )
    assert route.hits == 1
    (paper,) = await submissions(h)
    assert paper.platform_file_id.startswith("loa-stored:") and not paper.is_link
    assert paper.file_name == "bai.docx" and paper.file_size == len(DOCX_BYTES)
    assert paper.mime_type == DOCX_TYPE and paper.link == url and paper.current
    async with h.env.sessions() as session:
        (stored,) = (await session.scalars(select(StoredFile))).all()
    assert stored.size == len(DOCX_BYTES) and stored.source_url == url
    assert await stored_bytes(h, stored.id) == DOCX_BYTES


async def test_a_pdf_of_several_megabytes_is_kept_in_chunks_and_named_from_the_server(
    h: Harness, web: WebServer
) -> None:
    content = PDF_BYTES + b"1" * (int(2.5 * MB))
    web.static(
        "/download",
        content,
        content_type="application/octet-stream",
        headers={"content-disposition": "attachment; filename*=UTF-8''Tham%20lu%E1%BA%ADn.pdf"},
    )
    await open_call(h)

    text = await say(h, typed_in_group(2, f"nộp 1 {web.url('/download')}"))

    assert "(tệp Tham luận.pdf, 2,5 MB)." in text, text
    (paper,) = await submissions(h)
    assert paper.file_name == "Tham luận.pdf" and paper.mime_type == "application/pdf"
    assert await stored_count(h) == (1, 3)  # a megabyte per chunk
    assert await stored_bytes(h, int(paper.platform_file_id.split(":")[1])) == content


async def test_the_nop_command_with_a_link_and_a_later_paper_replacing_it(
    h: Harness, web: WebServer
) -> None:
    web.static("/v1.pdf", PDF_BYTES, content_type="application/pdf")
    web.static("/v2.docx", DOCX_BYTES, content_type=DOCX_TYPE)
    await open_call(h)
    member = person("5000000101", "Thư ký 1")
    where = group_chat(gid(1), "Nhóm U1")

    first = await router.handle_command(
        h.env, command("nop", f"1 {web.url('/v1.pdf')}", who=member, where=where)
    )
    second = await router.handle_command(
        h.env, command("nop", f"1 {web.url('/v2.docx')}", who=member, where=where)
    )

    assert first is not None and "(tệp v1.pdf, " in first.text
    assert second is not None and "(tệp v2.docx, " in second.text
    assert "Tệp này thay cho tệp gửi trước đó." in second.text
    old, new = await submissions(h)
    assert not old.current and new.current  # history kept
    assert await stored_count(h) == (2, 2)


# --- links kept as the paper -----------------------------------------------------------------


async def test_a_web_page_leaves_the_link_as_the_paper_listed_in_the_status(
    h: Harness, web: WebServer
) -> None:
    web.static("/drive/view", "<!doctype html><title>Google Drive</title><p>Xem tệp</p>")
    url = web.url("/drive/view") + "?usp=sharing"
    await open_call(h)

    text = await say(h, typed_in_group(1, f"NOP 1 {url}"))

    assert text.startswith(
        f"✅ Đã nhận tham luận của Trường Chính trị số 1 lúc 10:15, 12/06/2024 (đường dẫn: {url})."
    ), text
    assert "chỉ lưu đường dẫn" in text
    (paper,) = await submissions(h)
    assert paper.is_link and paper.link == url and paper.platform_file_id == ""
    assert await stored_count(h) == (0, 0)
    status = await router.handle_command(h.env, command("tinhhinh", "1"))
    assert status is not None
    assert f"🔗 đường dẫn: {url.replace('&', '&amp;')} — Thư ký 1 — 10:15 12/06" in status.text
    assert "Đã nộp: 1/2 đơn vị" in status.text


async def test_a_file_over_20_mb_is_not_held_and_its_link_is_kept(
    h: Harness, web: WebServer
) -> None:
    route = web.huge("/big.pdf", 60 * MB, declare_length=False, content_type="application/pdf")
    await open_call(h)

    text = await say(h, typed_in_group(1, f"NOP 1 {web.url('/big.pdf')}"))

    assert f"(đường dẫn: {web.url('/big.pdf')})." in text, text
    assert not route.finished and route.sent_bytes < 40 * MB  # cut off past 20 MB
    (paper,) = await submissions(h)
    assert paper.is_link
    assert await stored_count(h) == (0, 0)


# --- refusals: nothing stored ----------------------------------------------------------------


async def test_random_bytes_named_docx_are_refused_and_nothing_is_stored(
    h: Harness, web: WebServer
) -> None:
    web.static(
        "/hong.docx", random.Random(3).randbytes(50_000), content_type="application/octet-stream"
    )
    await open_call(h)

    text = await say(h, typed_in_group(1, f"NOP 1 {web.url('/hong.docx')}"))

    assert "Tệp «hong.docx»" in text and "không phải là tệp PDF, DOC, DOCX hay ODT" in text
    assert "Chưa lưu gì" in text and "<code>NOP 1 https://…</code>" in text
    assert await submissions(h) == [] and await stored_count(h) == (0, 0)


async def test_a_sign_in_page_at_a_pdf_address_leaves_the_link(h: Harness, web: WebServer) -> None:
    web.static("/het-han/bai.pdf", "<!doctype html><title>Đăng nhập</title>")
    await open_call(h)

    text = await say(h, typed_in_group(1, f"NOP 1 {web.url('/het-han/bai.pdf')}"))

    assert f"(đường dẫn: {web.url('/het-han/bai.pdf')})." in text, text
    assert [p.is_link for p in await submissions(h)] == [True]


async def test_bad_links_and_wrong_calls_are_explained_and_store_nothing(
    h: Harness, web: WebServer
) -> None:
    route = web.static("/ok.pdf", PDF_BYTES, content_type="application/pdf")
    await open_call(h, 3)
    await router.handle_command(h.env, command("huy", "1 | đổi kế hoạch"))
    await router.handle_command(h.env, command("thamluan", CALL.replace("tất cả", "U1, U2")))
    await deliver(h)
    ok = web.url("/ok.pdf")
    cases = [
        (typed_in_group(1, "NOP 2"), "Chưa thấy đường dẫn tới tham luận"),
        (typed_in_group(1, "NOP 2 truong.edu.vn/tham-luan.pdf"), "không phải là đường dẫn hợp lệ"),
        (typed_in_group(1, "NOP 2 ftp://truong.edu.vn/a.pdf"), "không phải là đường dẫn hợp lệ"),
        (typed_in_group(1, f"NOP 2 {web.url('/missing.pdf')}"), "máy chủ báo lỗi. Chưa lưu gì"),
        (typed_in_group(1, f"NOP 9 {ok}"), "Không có thông báo #9"),
        (typed_in_group(1, f"NOP 1 {ok}"), "đã bị huỷ"),
        (typed_in_group(3, f"NOP 2 {ok}"), "không thuộc đối tượng"),
        (
            Request(
                sender=person("5000000999", "Người lạ"),
                chat=private_chat("5000000999"),
                text=f"NOP 2 {ok}",
            ),
            "Loa chưa biết anh/chị thuộc đơn vị nào",
        ),
    ]
    for req, expected in cases:
        text = await say(h, req)
        assert expected in text, (req.text, text)
        assert "<code>NOP" in text  # with the form to type, whatever was wrong
    assert route.hits == 0  # a closed call or a stranger: the link is not even read
    assert await submissions(h) == [] and await stored_count(h) == (0, 0)


async def test_a_server_that_never_finishes_is_given_up_on_and_nothing_is_stored(
    h: Harness, web: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(links, "LINK_TIMEOUT", 0.5)
    web.trickle("/cham.pdf", content_type="application/pdf")
    await open_call(h)

    text = await say(h, typed_in_group(1, f"NOP 1 {web.url('/cham.pdf')}"))

    assert "máy chủ không trả lời kịp trong 0.5 giây. Chưa lưu gì" in text, text
    assert await submissions(h) == [] and await stored_count(h) == (0, 0)


async def test_a_link_to_a_private_address_is_refused_as_not_public(
    h: Harness, web: WebServer
) -> None:
    route = web.static("/noi-bo.pdf", PDF_BYTES, content_type="application/pdf")
    assert h.env.fetcher is not None
    await h.env.fetcher.aclose()
    h.env.fetcher = loopback_fetcher(allow_private=False)  # as in production
    await open_call(h)

    text = await say(h, typed_in_group(1, f"NOP 1 {web.url('/noi-bo.pdf')}"))

    assert "không công khai" in text and "Chưa lưu gì" in text, text
    assert route.hits == 0
    assert await submissions(h) == [] and await stored_count(h) == (0, 0)


async def test_ordinary_talk_about_nop_in_a_group_is_left_alone(h: Harness) -> None:
    await open_call(h)
    for words in ("Nộp bài rồi nhé", "nộp 2 bài trước thứ Sáu", "NOP"):
        assert await router.handle_text(h.env, typed_in_group(1, words)) is None
    assert await submissions(h) == []


async def test_in_private_nop_alone_shows_how_to_submit_and_nop_with_a_number_asks_the_link(
    h: Harness,
) -> None:
    await open_call(h)
    member = person("5000000101", "Thư ký 1")
    where = private_chat(member.external_id)
    alone = await say(h, Request(sender=member, chat=where, text="nop"))
    assert alone.startswith("Cách nộp"), alone
    number = await say(h, Request(sender=member, chat=where, text="NỘP 1"))
    assert number.startswith("Chưa thấy đường dẫn tới tham luận"), number
    assert "<code>NOP 1 https://truong.edu.vn/tham-luan.docx</code>" in number


# --- /xuat: the stored file in the ZIP, the link in the list ---------------------------------


async def test_the_export_zips_the_stored_docx_and_lists_the_kept_link(
    h: Harness, web: WebServer
) -> None:
    web.static("/bai.docx", DOCX_BYTES, content_type=DOCX_TYPE)
    web.static("/xem", "<!doctype html><title>Xem</title>")
    await open_call(h, 3)
    await say(h, typed_in_group(1, f"NOP 1 {web.url('/bai.docx')}"))
    await say(h, typed_in_group(2, f"NOP 1 {web.url('/xem')}"))

    reply: Reply | None = await router.handle_command(h.env, command("xuat", "1"))

    assert reply is not None
    try:
        xlsx, archive = reply.files
        assert archive.path is not None
        assert entries(archive.path) == {"U1 - bai.docx": DOCX_BYTES}
        rows = [(row[1][:2], row[2], row[7]) for row in sheet_rows(xlsx.content)[1:]]
        assert rows == [
            ("U1", "bai.docx", "U1 - bai.docx"),
            ("U2", web.url("/xem"), "Đường dẫn (không có tệp trong ZIP)"),
            ("U3", "Chưa nộp", None),
        ]
        assert "không tải được" not in reply.text.lower()
    finally:
        assert reply.cleanup is not None
        reply.cleanup()


async def test_stored_and_platform_files_go_into_one_zip_through_the_file_store(
    h: Harness, web: WebServer
) -> None:
    platform = FakeStore()
    h.env.files = platform
    web.static("/u2.pdf", PDF_BYTES, content_type="application/pdf")
    await open_call(h)
    await router.handle_command(
        h.env, nop(1, "1", FileRef("tg-1", "Tham luận.pdf", 1200, "application/pdf"))
    )
    platform.asked.clear()  # the receipt's check fetched it; what follows is the export's
    await say(h, typed_in_group(2, f"NOP 1 {web.url('/u2.pdf')}"))

    reply = await router.handle_command(h.env, command("xuat", "1"))

    assert reply is not None
    try:
        _, archive = reply.files
        assert archive.path is not None
        assert entries(archive.path) == {
            "U1 - Tham luận.pdf": platform.content("tg-1"),
            "U2 - u2.pdf": PDF_BYTES,
        }
        assert platform.asked == ["tg-1"]  # the stored file came from the database
    finally:
        assert reply.cleanup is not None
        reply.cleanup()


async def test_the_file_store_serves_stored_ids_and_hands_the_rest_on(
    h: Harness, tmp_path: Path
) -> None:
    source = tmp_path / "bai.docx"
    source.write_bytes(DOCX_BYTES)
    async with h.env.sessions() as session:
        stored = await queries.store_file(
            session,
            source,
            name="bai.docx",
            mime_type=DOCX_TYPE,
            source_url=None,
            now=h.clock.now(),
        )
        await session.commit()
    without_platform = WithStoredFiles(h.env.sessions, None)
    target = tmp_path / "out"
    assert await without_platform.download(stored_file_id(stored.id), target) == len(DOCX_BYTES)
    assert target.read_bytes() == DOCX_BYTES
    for missing in (stored_file_id(stored.id + 1), "tg-1"):
        with pytest.raises(FileUnavailable):
            await without_platform.download(missing, tmp_path / "none")
    platform = FakeStore()
    assert await WithStoredFiles(h.env.sessions, platform).download("tg-1", target) > 0
    assert platform.asked == ["tg-1"]


# --- a file Zalo did not pass on -------------------------------------------------------------


async def test_a_file_delivered_without_content_gets_the_link_form_and_the_open_calls(
    h: Harness,
) -> None:
    await open_call(h)
    req = Request(
        sender=person("5000000101", "Thư ký 1"),
        chat=group_chat(gid(1), "Nhóm U1"),
        unsupported=True,
    )

    text = await say(h, req)

    assert text.startswith("Zalo không chuyển tệp cho Loa"), text
    assert "<code>NOP &lt;số&gt; &lt;đường dẫn&gt;</code>" in text
    assert "Lời mời gửi tham luận đang mở của Trường Chính trị số 1:" in text
    assert "• <code>NOP 1 https://…</code> — «Đổi mới phương pháp giảng dạy" in text
    assert "hạn nộp 17:00, Thứ Sáu 14/06/2024" in text
    assert await submissions(h) == []


async def test_without_a_unit_the_file_explanation_says_so(h: Harness) -> None:
    req = Request(
        sender=person("5000000999", "Người lạ"), chat=private_chat("5000000999"), unsupported=True
    )
    text = await say(h, req)
    assert "Zalo không chuyển tệp cho Loa" in text and "chưa biết anh/chị thuộc đơn vị nào" in text


async def test_a_docx_behind_a_link_is_checked_against_the_call_format(
    h: Harness, web: WebServer
) -> None:
    await cluster(h, 2)
    await router.handle_command(h.env, command("thamluan", CALL + "\nđịnh dạng: A4"))
    await deliver(h)
    web.static("/files/letter.docx", DOCX_BYTES, content_type=DOCX_TYPE)

    text = await say(h, typed_in_group(1, f"NOP 1 {web.url('/files/letter.docx')}"))

    assert "(tệp letter.docx" in text  # python-docx's own template is Letter-sized
    assert "⚠️ Chưa đúng định dạng:\n• Khổ giấy Letter — yêu cầu A4\n" in text
    (paper,) = await submissions(h)
    assert paper.format_warnings == ["Khổ giấy Letter — yêu cầu A4"]
    assert paper.title == "Đổi mới phương pháp giảng dạy lý luận chính trị"
