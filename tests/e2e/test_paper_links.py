"""Papers sent as links end to end on the Telegram emulator: `/nop 1 <link>` in two units'
groups (a real DOCX, a web page), `/tinhhinh` listing the link, and `/xuat` whose ZIP holds the
DOCX's exact bytes, read back from the database rather than from the platform. The files are
served on 127.0.0.1, allowed with `LOA_ALLOW_PRIVATE_URLS=true`."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster
from tests.unit.test_paper_links import DOCX_BYTES, DOCX_TYPE
from tests.webserver import WebServer

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def web() -> Iterator[WebServer]:
    with WebServer() as server:
        yield server


@pytest.fixture(autouse=True)
def _private_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOA_ALLOW_PRIVATE_URLS", "true")


async def test_a_docx_link_is_stored_exported_and_a_page_link_listed(
    cluster: Cluster, web: WebServer
) -> None:
    c, org = cluster, cluster.organiser
    await c.stop()
    await c.start()  # with the environment above
    groups = await build_cluster(c, units=3, extra_groups=0)
    deadline = datetime.now(TZ) + timedelta(days=4)
    when = f"17h {deadline.day}/{deadline.month}/{deadline.year}"
    await c.say(org, org["id"], f"/thamluan Đổi mới giảng dạy | {when} | tất cả!", replies=0)

    async def cards_out() -> bool:
        for gid in groups:
            if not any("GỬI THAM LUẬN #1" in m["text"] for m in await c.client.bot_messages(gid)):
                return False
        return True

    await wait_until(cards_out, within=30)
    docx_route = web.static("/tai-lieu/bai.docx", DOCX_BYTES, content_type=DOCX_TYPE)
    page = web.url("/drive/xem")
    web.static("/drive/xem", "<!doctype html><title>Google Drive</title>")
    first = await c.client.create_user("Thư ký 1")
    second = await c.client.create_user("Thư ký 2")

    [ack] = await c.say(first, groups[0], f"/nop 1 {web.url('/tai-lieu/bai.docx')}")
    assert ack["text"].startswith("✅ Đã nhận tham luận của Trường Chính trị số 1 lúc ")
    assert ack["text"].endswith(f"(tệp bai.docx, {round(len(DOCX_BYTES) / 1024)} KB).")
    [ack] = await c.say(second, groups[1], f"/nop 1 {page}")
    assert f"(đường dẫn: {page})." in ack["text"]
    assert docx_route.hits == 1

    [status] = await c.say(org, org["id"], "/tinhhinh 1")
    assert "📄 bai.docx — Thư ký 1" in status["text"]
    assert f"🔗 đường dẫn: {page} — Thư ký 2" in status["text"]
    assert "Đã nộp: 2/3 đơn vị" in status["text"]

    await c.client.reset_log()
    summary, xlsx, archive = await c.say(org, org["id"], "/xuat 1", replies=3)
    assert "Đã nộp: 2/3 đơn vị · 1 tệp" in summary["text"]
    assert archive["document"]["file_name"] == "tham-luan-1.zip"
    assert await c.client.requests("getFile") == []  # the DOCX came from the database
    raw = await c.client.file_bytes(archive["document"]["file_id"])
    with zipfile.ZipFile(BytesIO(raw)) as z:
        assert z.testzip() is None
        assert {info.filename: z.read(info) for info in z.infolist()} == {
            "T01 - bai.docx": DOCX_BYTES
        }
    book = load_workbook(BytesIO(await c.client.file_bytes(xlsx["document"]["file_id"])))
    rows = [(r[1][:3], r[2], r[7]) for r in book["Danh sách"].iter_rows(values_only=True)][1:]
    assert rows == [
        ("T01", "bai.docx", "T01 - bai.docx"),
        ("T02", page, "Đường dẫn (không có tệp trong ZIP)"),
        ("T03", "Chưa nộp", None),
    ]
