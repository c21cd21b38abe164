"""`/kyyeu` on a real database: the request written down with its progress message, the build
claimed and made by `run_next` (as the bot's runner does), the PDF left for the outbox, the
papers missing told; refusals; a build left by a stopped instance taken over."""

from __future__ import annotations

import asyncio
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from handlers import router
from handlers.core import FileRef, Reply
from handlers.papers import book, proceedings
from storage.models import BookBuild, BookBuildState, Outbox, OutboxAction, ProgrammeItem
from tests.book_support import PaperStore, pages_text, pdf_paper
from tests.support import Harness, command, group_chat
from tests.unit.test_papers import cluster, deliver, nop, rows

CALL = "Đổi mới phương pháp giảng dạy lý luận chính trị | 17h 14/6/2024 | tất cả!"


async def say(h: Harness, name: str, args: str = "", **kwargs: object) -> Reply:
    reply = await router.handle_command(h.env, command(name, args, **kwargs))  # type: ignore[arg-type]
    assert reply is not None
    return reply


async def seminar(h: Harness, pages: dict[int, int]) -> PaperStore:
    """Call #1 to four units; unit i sends a PDF of pages[i] pages (file id `f<i>`)."""
    await cluster(h, 4)
    await say(h, "thamluan", CALL)
    await deliver(h)
    store = PaperStore()
    for unit, count in pages.items():
        store.files[f"f{unit}"] = pdf_paper(f"Bài của U{unit}", count)
        ref = FileRef(f"f{unit}", f"Tham luận U{unit}.pdf", 1000, "application/pdf")
        reply = await router.handle_command(h.env, nop(unit, "1", ref))
        assert reply is not None and "Đã nhận tham luận" in reply.text, reply
    h.env.files = store
    return store


def remove_parts(sent: list[Outbox]) -> None:
    """The book's folder, which the outbox would have removed once the parts were sent."""
    for row in sent:
        if row.payload.get("document_path"):
            shutil.rmtree(Path(row.payload["document_path"]).parent, ignore_errors=True)


async def builds(h: Harness) -> list[BookBuild]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(BookBuild).order_by(BookBuild.id))).all())


async def test_kyyeu_writes_the_build_and_its_progress_then_the_runner_sends_the_pdf(
    h: Harness,
) -> None:
    await seminar(h, {1: 2, 2: 3, 4: 1})
    woken: list[bool] = []
    h.env.book_requested = lambda: woken.append(True)

    reply = await say(h, "kyyeu", "1")

    assert "Đã bắt đầu dựng kỷ yếu #1 (3 tham luận)" in reply.text
    assert woken == [True]
    [build] = await builds(h)
    assert build.state == BookBuildState.PENDING
    [progress] = await rows(h, "book")
    assert progress.payload["text"] == "Đang dựng kỷ yếu: 0/3 tham luận…"
    await deliver(h)

    assert await proceedings.run_next(h.env) is True
    assert await proceedings.run_next(h.env) is False  # nothing else waiting

    [build] = await builds(h)
    assert build.state == BookBuildState.DONE and build.missing == []
    sent = await rows(h, "book")
    documents = [r for r in sent if r.payload.get("document_path")]
    [document] = documents
    assert document.payload["filename"] == "ky-yeu-1.pdf"
    assert document.chat_id == progress.chat_id
    path = Path(document.payload["document_path"])
    assert len(PdfReader(path).pages) == 2 + 2 + 3 + 1
    pages = pages_text(path)
    assert "Bài của U1 — trang 1" in pages[2] and "Bài của U4 — trang 1" in pages[7]
    edits = [r for r in sent if r.action == OutboxAction.EDIT]
    assert edits[-1].payload["text"] == "Đã dựng xong kỷ yếu #1: 3 tham luận, 8 trang."
    remove_parts(sent)


async def test_papers_that_cannot_be_had_are_told_to_the_organiser(h: Harness) -> None:
    store = await seminar(h, {1: 2, 2: 1})
    store.files["f2"] = b"not a pdf at all"
    await say(h, "kyyeu", "1")
    await proceedings.run_next(h.env)
    [build] = await builds(h)
    assert build.missing == [
        {"unit": "U2", "file": "Tham luận U2.pdf", "reason": "tệp không đúng loại như tên gọi"}
    ]
    sent = await rows(h, "book")
    told = [
        r.payload["text"]
        for r in sent
        if "Các tham luận không đưa vào" in r.payload.get("text", "")
    ]
    assert told == [
        "<b>Các tham luận không đưa vào kỷ yếu #1:</b>\n"
        "• U2 — Tham luận U2.pdf: tệp không đúng loại như tên gọi"
    ]
    edits = [r for r in sent if r.action == OutboxAction.EDIT]
    assert "1 tham luận không đưa vào được" in edits[-1].payload["text"]
    remove_parts(sent)


async def test_the_book_follows_the_programme_then_the_unit_codes(h: Harness) -> None:
    await seminar(h, {1: 1, 2: 1, 3: 1, 4: 1})
    async with h.env.sessions() as session:
        units = {
            s.unit.code: s.unit_id
            for s in await proceedings.queries.current_submissions(session, 1)
        }
        for position, code in enumerate(("U3", "U1"), start=1):
            session.add(
                ProgrammeItem(
                    announcement_id=1,
                    unit_id=units[code],
                    position=position,
                    updated_at=h.clock.now(),
                )
            )
        await session.commit()
        submissions = list(await proceedings.queries.current_submissions(session, 1))
        positions = await proceedings.books.programme_positions(session, 1)
    order = [p.code for p in proceedings.book_order(submissions, positions)]
    assert order == ["U3", "U1", "U2", "U4"]


async def test_a_build_left_running_by_a_stopped_instance_is_taken_over_when_its_lease_ends(
    h: Harness,
) -> None:
    await seminar(h, {1: 1})
    await say(h, "kyyeu", "1")
    async with h.env.sessions() as session:
        build = (await session.scalars(select(BookBuild))).one()
        build.state = BookBuildState.RUNNING  # an instance claimed it, then stopped
        build.lease_until = h.clock.now() + timedelta(minutes=2)
        await session.commit()
    assert await proceedings.run_next(h.env) is False  # its lease still holds
    h.clock.advance(minutes=3)
    assert await proceedings.run_next(h.env) is True
    [build] = await builds(h)
    assert build.state == BookBuildState.DONE
    remove_parts(await rows(h, "book"))


async def test_a_book_that_cannot_be_made_at_all_is_failed_and_said_politely(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seminar(h, {1: 1})
    monkeypatch.setattr(book, "fonts_present", lambda: False)
    await say(h, "kyyeu", "1")
    await deliver(h)
    await proceedings.run_next(h.env)
    [build] = await builds(h)
    assert build.state == BookBuildState.FAILED and build.error
    edits = [r for r in await rows(h, "book") if r.action == OutboxAction.EDIT]
    assert edits[-1].payload["text"] == (
        "Xin lỗi, không dựng được kỷ yếu #1: thiếu phông chữ DejaVu (gói fonts-dejavu-core). "
        "Xin thử lại sau."
    )


async def test_a_second_kyyeu_while_one_is_building_starts_nothing(h: Harness) -> None:
    await seminar(h, {1: 1})
    await say(h, "kyyeu", "1")
    reply = await say(h, "kyyeu", "1")
    assert "đang được dựng" in reply.text
    assert len(await builds(h)) == 1


async def test_kyyeu_refuses_members_meetings_calls_without_files_and_bad_codes(
    h: Harness,
) -> None:
    await seminar(h, {})
    member = nop(1, "")
    member_reply = await router.handle_command(
        h.env, command("kyyeu", "1", who=member.sender, where=group_chat("-4000000001"))
    )
    assert member_reply is not None and "Ban tổ chức" in member_reply.text
    assert "chưa có tệp tham luận nào" in (await say(h, "kyyeu", "1")).text
    await say(h, "hop", "Hội nghị | 8h 19/6/2024 | Hội trường A | tất cả!")
    assert "không phải lời mời gửi tham luận" in (await say(h, "kyyeu", "2")).text
    assert "Cách dùng: <code>/kyyeu 7</code>" in (await say(h, "kyyeu")).text
    assert await builds(h) == []
    async with h.env.sessions() as session:
        assert (await session.scalars(select(Outbox).where(Outbox.purpose == "book"))).all() == []


async def test_the_bots_runner_picks_up_a_pending_build_when_it_starts(h: Harness) -> None:
    from bot.books import BookRunner

    await seminar(h, {1: 1, 2: 1})
    await say(h, "kyyeu", "1")  # written down; no runner was running (a restart follows)
    runner = BookRunner(h.env, poll=0.2)
    runner.start()
    try:
        for _ in range(200):
            [build] = await builds(h)
            if build.state == BookBuildState.DONE:
                break
            await asyncio.sleep(0.1)
    finally:
        await runner.stop()
    assert build.state == BookBuildState.DONE
    documents = [r for r in await rows(h, "book") if r.payload.get("document_path")]
    assert len(documents) == 1
    remove_parts(documents)


async def test_a_build_interrupted_by_a_stop_is_given_back_for_the_next_start(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await seminar(h, {1: 1})
    await say(h, "kyyeu", "1")
    started = asyncio.Event()

    async def stuck(*_: object, **__: object) -> None:
        started.set()
        await asyncio.sleep(60)

    monkeypatch.setattr(proceedings, "run_build", stuck)
    task = asyncio.create_task(proceedings.run_next(h.env))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    [build] = await builds(h)
    assert build.state == BookBuildState.PENDING and build.lease_until is None


class UploadingBot:
    """Stands for the Bot API's sendDocument: keeps what was uploaded."""

    def __init__(self) -> None:
        self.uploads: list[tuple[str, bytes]] = []

    async def send_document(self, chat_id: int, document: object, **kwargs: object) -> object:
        handle = document.input_file_content  # type: ignore[attr-defined]
        data = handle if isinstance(handle, bytes) else handle.read()
        self.uploads.append((document.filename, data))  # type: ignore[attr-defined]

        class Sent:
            message_id = 77

        return Sent()


async def test_a_part_built_on_another_instance_is_sent_from_the_databases_copy(
    h: Harness, tmp_path: Path
) -> None:
    from types import SimpleNamespace

    from bot.telegram_send import TelegramTransport
    from storage import queries

    content = pdf_paper("Kỷ yếu", 2)
    source = tmp_path / "part.pdf"
    source.write_bytes(content)
    async with h.env.sessions() as session:
        stored = await queries.store_file(
            session,
            source,
            name="ky-yeu-1.pdf",
            mime_type="application/pdf",
            source_url=None,
            now=h.clock.now(),
        )
        await session.commit()
        stored_id = stored.id
    bot = UploadingBot()
    transport = TelegramTransport(SimpleNamespace(bot=bot), h.env.sessions)  # type: ignore[arg-type]
    payload = {
        "document_path": str(tmp_path / "elsewhere" / "kyyeu-1.pdf"),  # not on this machine
        "stored_file_id": stored_id,
        "filename": "ky-yeu-1.pdf",
        "caption": "Kỷ yếu #1",
    }
    assert await transport.deliver("5000000001", OutboxAction.SEND, payload, None) == "77"
    assert bot.uploads == [("ky-yeu-1.pdf", content)]
    async with h.env.sessions() as session:
        assert await queries.stored_file(session, stored_id) is None  # the copy, once sent


async def test_on_zalo_the_organiser_is_told_the_book_comes_on_telegram_only(h: Harness) -> None:
    from handlers.core import Sender, Where
    from storage.models import ChatKind, Platform

    await seminar(h, {1: 1})
    h.env.admins[Platform.ZALO] = {"z-org"}
    zalo = Sender(Platform.ZALO, "z-org", "Ban tổ chức Zalo", None, "vi")
    reply = await say(
        h, "kyyeu", "1", who=zalo, where=Where(Platform.ZALO, "z-org", ChatKind.PRIVATE, "")
    )
    assert "Zalo không nhận tệp từ bot" in reply.text and "/kyyeu 1" in reply.text
    assert await builds(h) == []
