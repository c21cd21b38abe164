"""The seminar's papers end to end: a call to ten schools, six submitting (one twice, one after
the deadline), a reminder reaching only the four still missing, and the organisers' table.

"After the deadline" is real here: the call is made with a deadline four days ahead on a clock
that the test then moves past it (`SkewedClock`), so the bot itself judges the sixth paper late.
`/sua` cannot move a deadline into the past (past times are refused), and writing the late flag
into the database would test nothing. The timers stay on real time, so none fires meanwhile.
The ZIP export of the same story is in `test_paper_export.py`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from storage.db import make_engine, make_sessionmaker
from storage.models import Submission
from tests.e2e.conftest import Cluster, SkewedClock, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TOPIC = "Đổi mới phương pháp giảng dạy lý luận chính trị"


async def card_in(c: Cluster, chat_id: int) -> dict:  # type: ignore[type-arg]
    cards = [m for m in await c.client.bot_messages(chat_id) if "GỬI THAM LUẬN #1" in m["text"]]
    assert len(cards) == 1
    return cards[0]


async def submit(c: Cluster, user: dict, chat_id: int, name: str) -> str:  # type: ignore[type-arg]
    """Send a file with caption `/nop 1` and return Loa's acknowledgement in the group."""
    before = len(await c.client.bot_messages(chat_id))
    content = f"%PDF-1.4 {name}".encode()
    await c.client.send_document(user["id"], chat_id, name, content, caption="/nop 1")
    reply = (await c.client.wait_bot_messages(chat_id, before + 1, timeout=10))[before]
    return str(reply["text"])


async def test_papers_are_tracked_and_only_the_missing_schools_are_reminded(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    await c.stop()
    clock = SkewedClock(timedelta(0))
    c.clock = clock
    await c.start()
    groups = await build_cluster(c, units=10, extra_groups=0)
    deadline = (datetime.now(TZ) + timedelta(days=4)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    when = f"17h {deadline.day}/{deadline.month}/{deadline.year}"
    await c.say(org, org["id"], f"/thamluan {TOPIC} | {when} | tất cả!", replies=0)

    async def tally_everywhere(tally: str) -> bool:
        for gid in groups:
            cards = [m for m in await c.client.bot_messages(gid) if "GỬI THAM LUẬN #1" in m["text"]]
            if not cards or tally not in cards[0]["text"]:
                return False
        return True

    async def no_submissions() -> bool:
        return await tally_everywhere("Đã nộp: 0/10 đơn vị")

    await wait_until(no_submissions, within=30)
    assert "Hạn nộp: 17:00" in (await card_in(c, groups[0]))["text"]

    people = [await c.client.create_user(f"Thư ký {i}") for i in range(1, 11)]
    for i in range(5):  # five schools on time, the first of them twice
        ack = await submit(c, people[i], groups[i], f"Tham luận Trường số {i + 1}.pdf")
        assert ack.startswith(f"✅ Đã nhận tham luận của Trường Chính trị số {i + 1} lúc ")
        assert "nộp muộn" not in ack
    again = await submit(c, people[0], groups[0], "Tham luận Trường số 1 - bản sửa.docx")
    assert "Tệp này thay cho tệp gửi trước đó." in again

    async def five_in() -> bool:
        return await tally_everywhere("Đã nộp: 5/10 đơn vị")

    await wait_until(five_in, within=30)

    # the deadline passes; the sixth school's paper is taken and marked late
    clock.offset = deadline - datetime.now(TZ) + timedelta(hours=1)
    late = await submit(c, people[5], groups[5], "Tham luận Trường số 6.pdf")
    assert "(nộp muộn): Tham luận Trường số 6.pdf." in late

    async def six_in() -> bool:
        return await tally_everywhere("Đã nộp: 6/10 đơn vị")

    await wait_until(six_in, within=30)

    # /nhacnho reaches exactly the four missing schools' groups and names them
    counts = [len(await c.client.bot_messages(g)) for g in groups]
    reply = await c.say(org, org["id"], "/nhacnho 1")
    assert reply[0]["text"] == "🔔 Đã nhắc 4 đơn vị chưa nộp tham luận #1: T07, T08, T09, T10."
    for i in range(6, 10):
        (reminder,) = (await c.client.wait_bot_messages(groups[i], counts[i] + 1))[counts[i] :]
        assert (
            f"Nhắc nộp tham luận #1 «{TOPIC}»: đơn vị T{i + 1:02d} mới nộp 0/1 bài"
            in (reminder["text"])
        )
        assert "vẫn nhận tham luận và ghi là nộp muộn" in reminder["text"]
    for i in range(6):
        assert len(await c.client.bot_messages(groups[i])) == counts[i]

    # /tinhhinh: 6/10 at the top, every school with its file, the late one flagged
    (status,) = await c.say(org, org["id"], "/tinhhinh 1")
    text = status["text"]
    lines = text.split("\n")
    assert lines[0] == "📋 Tình hình nộp tham luận #1" and lines[3] == "Đã nộp: 6/10 đơn vị"
    assert "📄 Tham luận Trường số 1 - bản sửa.docx — Thư ký 1 — " in text
    assert "Tham luận Trường số 1.pdf" not in text
    (late_line,) = [line for line in lines if "Tham luận Trường số 6.pdf" in line]
    assert late_line.startswith("    📄 Tham luận Trường số 6.pdf — Thư ký 6 — ")
    assert late_line.endswith("⏰ nộp muộn")
    assert sum("⏰ nộp muộn" in line for line in lines) == 1
    for code in ("T07", "T08", "T09", "T10"):
        assert f"⬜ {code} — Trường Chính trị số {int(code[1:])}: chưa nộp" in text
    assert lines[-2] == "⏳ Chưa nộp: T07, T08, T09, T10"

    engine = make_engine(c.db_url)
    async with make_sessionmaker(engine)() as session:
        stored = (await session.scalars(select(Submission).order_by(Submission.id))).all()
    await engine.dispose()
    assert len(stored) == 7 and sum(s.current for s in stored) == 6
    assert [s.file_name for s in stored if s.late] == ["Tham luận Trường số 6.pdf"]
