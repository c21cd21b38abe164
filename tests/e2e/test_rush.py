"""The deadline rush: sixty schools act at the same moment and nothing they did is lost.

Sixty members of sixty units' groups send their paper (a PDF with the caption `/nop 1`) at
once; then sixty people press ✅ on the meeting card at once. Every paper and every answer is in
the database, every person got the acknowledgement, nobody got the generic error. The time from
a person's action to Loa's acknowledgement is read from the emulator's request log (when Loa's
`sendMessage` / `answerCallbackQuery` reached it), so measuring adds no polling load; the p95 is
printed (run with `-s` to see it) and only bounded generously.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from handlers.texts import text
from storage.db import make_engine, make_sessionmaker
from storage.models import Rsvp, RsvpAnswer, Submission
from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SCHOOLS = 60
GENEROUS = 15.0  # seconds: a bound that only a lost or stuck acknowledgement breaks
INTERNAL = text("vi", "error.internal")


def pdf(label: str) -> bytes:
    return f"%PDF-1.4\n% {label}\n".encode() + bytes(range(256)) * 4


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


async def count(c: Cluster, model: Any, *where: Any) -> int:
    engine = make_engine(c.db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            return int(await session.scalar(select(func.count()).select_from(model).where(*where)))
    finally:
        await engine.dispose()


async def sent_texts(c: Cluster, chat_id: int) -> list[str]:
    return [str(m.get("text") or "") for m in await c.client.bot_messages(chat_id)]


async def test_sixty_schools_submitting_and_pressing_at_the_same_moment_are_all_recorded(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    groups = await build_cluster(c, units=SCHOOLS, extra_groups=0)
    deadline = datetime.now(TZ) + timedelta(days=4)
    day = datetime.now(TZ) + timedelta(days=8)
    await c.say(
        org,
        org["id"],
        f"/thamluan Đổi mới phương pháp giảng dạy | 17h {deadline.day}/{deadline.month}"
        f"/{deadline.year} | tất cả!",
        replies=0,
    )
    await c.say(
        org,
        org["id"],
        f"/hop Hội nghị sơ kết | 8h {day.day}/{day.month}/{day.year} | Hội trường A | tất cả!",
        replies=0,
    )

    async def both_cards_everywhere() -> bool:
        for gid in groups:
            texts = await sent_texts(c, gid)
            if not any("GỬI THAM LUẬN #1" in t for t in texts):
                return False
            if not any("GIẤY MỜI HỌP #2" in t for t in texts):
                return False
        return True

    await wait_until(both_cards_everywhere, within=60, interval=0.5)
    people = [await c.client.create_user(f"Thư ký {i}") for i in range(1, SCHOOLS + 1)]

    # sixty papers at once
    await c.client.reset_log()
    sent_at: dict[int, float] = {}

    async def submit(person: dict[str, Any], gid: int) -> None:
        sent_at[gid] = time.time()
        await c.client.send_document(
            person["id"], gid, f"Tham luận {gid}.pdf", pdf(str(gid)), caption="/nop 1"
        )

    await asyncio.gather(*(submit(p, g) for p, g in zip(people, groups, strict=True)))

    def acknowledged(request: dict[str, Any]) -> bool:
        return "Đã nhận tham luận" in str(request["params"].get("text", ""))

    async def every_paper_acknowledged() -> bool:
        acks = [r for r in await c.client.requests("sendMessage") if acknowledged(r)]
        return len(acks) >= SCHOOLS

    try:
        await wait_until(every_paper_acknowledged, within=60, interval=0.25)
    finally:
        replies = await c.client.requests("sendMessage")
        failed = [r for r in replies if INTERNAL in str(r["params"].get("text", ""))]
        print(
            f"\n{len([r for r in replies if acknowledged(r)])} papers acknowledged, "
            f"{len(failed)} generic errors"
        )
    paper_waits = [
        r["time"] - sent_at[int(r["chat_id"])] for r in replies if acknowledged(r) and r["status"]
    ]
    assert sorted(int(r["chat_id"]) for r in replies if acknowledged(r)) == sorted(groups)
    assert not failed
    assert await count(c, Submission, Submission.announcement_id == 1) == SCHOOLS

    # sixty presses of ✅ at once
    cards = {}
    for gid in groups:
        card = next(
            m for m in await c.client.bot_messages(gid) if "GIẤY MỜI HỌP #2" in m.get("text", "")
        )
        cards[gid] = card["message_id"]
    pressed_at: dict[str, float] = {}

    async def press(person: dict[str, Any], gid: int) -> tuple[str, dict[str, Any]]:
        started = time.time()
        query = await c.client.press_button(person["id"], gid, cards[gid], "r:a:2")
        pressed_at[query] = started
        deadline = time.monotonic() + 60
        while (answer := await c.client.callback_answer(query)) is None:
            assert time.monotonic() < deadline, f"press {query} not answered"
            await asyncio.sleep(0.25)  # sparingly: the emulator shares the bot's event loop
        return query, answer

    answers = await asyncio.gather(*(press(p, g) for p, g in zip(people, groups, strict=True)))
    toasts = [answer.get("text") or "" for _, answer in answers]
    assert all(t.startswith("Đã ghi nhận: ✅ Thư ký") for t in toasts), toasts
    assert INTERNAL not in toasts
    calls = await c.client.requests("answerCallbackQuery")
    press_waits = [
        r["time"] - pressed_at[str(r["params"]["callback_query_id"])]
        for r in calls
        if str(r["params"].get("callback_query_id")) in pressed_at
    ]
    assert len(press_waits) == SCHOOLS
    assert await count(c, Rsvp, Rsvp.announcement_id == 2, Rsvp.answer == RsvpAnswer.ATTEND) == (
        SCHOOLS
    )
    for gid in groups:
        assert not [t for t in await sent_texts(c, gid) if INTERNAL in t]

    backend = c.db_url.split(":", 1)[0]
    print(
        f"\nrush on {backend}: {SCHOOLS} papers, p95 acknowledgement {p95(paper_waits):.2f} s "
        f"(max {max(paper_waits):.2f} s); {SCHOOLS} presses, p95 toast {p95(press_waits):.2f} s "
        f"(max {max(press_waits):.2f} s)"
    )
    assert p95(paper_waits) < GENEROUS and p95(press_waits) < GENEROUS
