"""Acknowledgements of notices on a real database (SQLite and PostgreSQL): [✔️ Đã nhận] and its
typed form `DA NHAN 15`, the first press of a unit counting, `/tinhhinh`, `/nhacnho` and
`/xuat` of a notice."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select, update

from handlers import router, typed_forms
from handlers.core import Reply, Request, Sender, Where
from handlers.notices import acks
from storage.models import Acknowledgement, Announcement, Outbox, OutboxStatus
from tests.support import Harness, command, group_chat, person, private_chat
from tests.unit.test_status import BINH, CHAU, DUNG, cluster, gid, say
from tests.unit.test_zalo_people import AN, join, zalo_private

NOTICE = "Kính gửi các trường: nộp báo cáo sơ kết trước 17h thứ Sáu"
STRANGER = person("5000000199", "Phan Văn Lạ")


def group(where: str) -> Where:
    """The group of `gid(i)`, with its title as `cluster` made it."""
    return group_chat(where, f"Nhóm U{int(where[-2:])}")


async def press(h: Harness, who: Sender, where: str | None, data: str = "ack:ok:1") -> Reply:
    chat = group(where) if where else private_chat(who.external_id)
    return await router.handle_action(
        h.env, Request(sender=who, chat=chat, action=data, message_id="7")
    )


async def typed(h: Harness, who: Sender, words: str, where: str | None = None) -> str:
    if who.platform.value == "zalo":
        chat = zalo_private(who)
    else:
        chat = group(where) if where else private_chat(who.external_id)
    reply = await router.handle_text(h.env, Request(sender=who, chat=chat, text=words))
    assert reply is not None
    return reply.text


async def notice(h: Harness, units: int = 3, options: str = "") -> None:
    await cluster(h, units)
    reply = await say(h, "thongbao", f"{NOTICE} | tất cả!{options}")
    assert "Đang gửi thông báo #1" in reply


async def acknowledgements(h: Harness) -> list[Acknowledgement]:
    async with h.env.sessions() as session:
        rows = await session.scalars(select(Acknowledgement).order_by(Acknowledgement.id))
        return list(rows.all())


async def cards(h: Harness) -> list[dict[str, object]]:
    async with h.env.sessions() as session:
        rows = await session.scalars(
            select(Outbox).where(Outbox.purpose == "announcement").order_by(Outbox.id)
        )
        return [row.payload for row in rows.all()]


async def delivered(h: Harness) -> None:
    """As the delivery worker marks what went out."""
    async with h.env.sessions() as session:
        await session.execute(
            update(Outbox)
            .where(Outbox.status == OutboxStatus.PENDING)
            .values(status=OutboxStatus.SENT, sent_at=h.clock.now())
        )
        await session.commit()


async def outbox_count(h: Harness) -> int:
    async with h.env.sessions() as session:
        return await session.scalar(select(func.count()).select_from(Outbox)) or 0


# --- the card ----------------------------------------------------------------------------


async def test_a_notice_carries_the_button_its_tally_and_on_zalo_the_typed_form(
    h: Harness,
) -> None:
    await notice(h, 2)
    await join(h, AN, "U2")
    assert "Đang gửi thông báo #2" in await say(h, "thongbao", "Lịch trực | tất cả!")
    card = (await cards(h))[-1]
    assert card["buttons"] == [[{"text": "✔️ Đã nhận", "action": "ack:ok:2", "url": None}]]
    assert str(card["text"]).endswith("\nĐã nhận: 0/2 đơn vị")
    assert card["plain"] == ["📢 THÔNG BÁO #2\nLịch trực\n\nXác nhận đã nhận: DA NHAN 2"]
    assert typed_forms.typed_form("ack:ok:2") == "Xác nhận đã nhận: DA NHAN 2"


async def test_da_nhan_khong_sends_a_plain_notice_and_a_bad_value_is_explained(
    h: Harness,
) -> None:
    await notice(h, 1, "\nđã nhận: không")
    (card,) = await cards(h)
    assert "buttons" not in card and "Đã nhận" not in str(card["text"])
    preview = await say(h, "thongbao", "Lịch trực | tất cả\nđã nhận: có")
    assert "Các đơn vị xác nhận bằng nút «✔️ Đã nhận»" in preview
    before = await h.counts()
    refused = await say(h, "thongbao", "Lịch trực | tất cả!\nđã nhận: chắc vậy")
    assert "Không hiểu «đã nhận: chắc vậy»" in refused and "<code>đã nhận: không</code>" in refused
    assert await h.counts() == before
    async with h.env.sessions() as session:
        asked = (await session.scalars(select(Announcement.acknowledge))).all()
    assert list(asked) == [False, True]


# --- presses -------------------------------------------------------------------------------


async def test_the_first_press_of_a_unit_counts_and_later_ones_are_thanked_with_who_and_when(
    h: Harness,
) -> None:
    await notice(h)
    first = await press(h, BINH, gid(1))
    assert first.toast == "Đã ghi nhận: U1 đã nhận thông báo #1."
    h.clock.advance(minutes=20)
    other = await press(h, CHAU, gid(1))  # another person of U1
    again = await press(h, BINH, gid(1))  # the same person again
    thanks = "Cảm ơn anh/chị. U1 đã xác nhận nhận thông báo #1: Trần Thị Bình, lúc 10:15 12/06."
    assert other.toast == thanks and again.toast == thanks
    assert [(a.person.name, a.unit_id is not None) for a in await acknowledgements(h)] == [
        ("Trần Thị Bình", True),
        ("Đỗ Minh Châu", True),
    ]
    assert (await press(h, DUNG, gid(2))).toast == "Đã ghi nhận: U2 đã nhận thông báo #1."
    assert all(str(c["text"]).endswith("Đã nhận: 2/3 đơn vị") for c in await cards(h))


async def test_a_press_outside_a_units_group_counts_for_the_persons_own_unit(h: Harness) -> None:
    await notice(h, 2)
    await join(h, AN, "U2")
    reply = await typed(h, AN, "DA NHAN 1")
    assert reply.startswith("Đã ghi nhận: U2 đã nhận thông báo #1.")
    assert reply.endswith("Đã nhận: 1/2 đơn vị")
    (ack,) = await acknowledgements(h)
    assert ack.person.name == "Lê Thị An"


async def test_someone_of_no_unit_is_told_how_to_join_and_nothing_is_stored(h: Harness) -> None:
    await notice(h)
    before = await outbox_count(h)
    reply = await press(h, STRANGER, None)
    assert reply.alert and "Loa chưa biết anh/chị thuộc đơn vị nào" in (reply.toast or "")
    assert "mã mời" in (reply.toast or "")
    assert await acknowledgements(h) == [] and await outbox_count(h) == before


async def test_a_cancelled_notice_needs_no_acknowledgement_and_nothing_is_stored(
    h: Harness,
) -> None:
    await notice(h)
    assert "#1" in await say(h, "huy", "1 | nhầm nội dung")
    reply = await press(h, BINH, gid(1))
    assert reply.toast == "Thông báo #1 đã bị huỷ; không cần xác nhận."
    assert "đã bị huỷ; không cần xác nhận" in await typed(h, BINH, "da nhan 1", gid(1))
    assert await acknowledgements(h) == []


@pytest.mark.parametrize("data", ["ack:ok:999", "ack:no:1", "ack:ok:2"])
async def test_a_forged_or_unknown_button_is_no_longer_valid(h: Harness, data: str) -> None:
    await notice(h)
    await say(h, "thongbao", "Không cần xác nhận | tất cả!\nđã nhận: không")  # #2
    assert (await press(h, BINH, gid(1), data)).toast == "Nút này không còn hiệu lực."
    assert await acknowledgements(h) == []


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("DA NHAN 15", 15),
        ("da nhan 15", 15),
        ("ĐÃ NHẬN #15", 15),
        ("DANHAN 15", 15),
        ("Đã nhận 15.", 15),
        ("  da   nhan#7 ", 7),
        ("DA NHAN", None),
        ("da nhan muoi lam", None),
        ("đã nhận được 15", None),
    ],
)
def test_typed_forms_of_the_button_are_read_in_any_case_and_with_or_without_marks(
    words: str, found: int | None
) -> None:
    assert acks.typed_id(words) == found


async def test_typed_acknowledgements_of_unknown_or_unasked_notices_are_explained(
    h: Harness,
) -> None:
    await notice(h)
    await say(h, "thongbao", "Không cần xác nhận | tất cả!\nđã nhận: không")  # #2
    assert "Không có thông báo #9 nào cần xác nhận" in await typed(h, BINH, "DA NHAN 9", gid(1))
    assert "không yêu cầu xác nhận" in await typed(h, BINH, "DA NHAN 2", gid(1))
    assert await acknowledgements(h) == []


# --- /tinhhinh, /nhacnho, /xuat ---------------------------------------------------------------


async def test_status_shows_delivery_per_unit_who_acknowledged_and_the_silent_units_last(
    h: Harness,
) -> None:
    await notice(h, 4)
    await delivered(h)
    await press(h, BINH, gid(1))
    h.clock.advance(minutes=5)
    await press(h, CHAU, gid(3))
    table = await say(h, "tinhhinh", "1")
    assert "✔️ Đã nhận: 2/4 đơn vị · 🔕 Chưa nhận: 2 đơn vị" in table
    assert "• U1 · Nhóm U1 — 10:15 12/06" in table  # delivered, after its unit
    assert "• U1 — Trần Thị Bình, 10:15 12/06" in table
    assert "• U3 — Đỗ Minh Châu, 10:20 12/06" in table
    silent = table.index("🔕 <b>Chưa nhận (2 đơn vị):</b>")
    assert silent > table.index("✔️ <b>Đã nhận (2 đơn vị):</b>")
    assert table[silent:].split("\n")[1:] == [
        "• U2 — Trường Chính trị số 2",
        "• U4 — Trường Chính trị số 4",
    ]


async def test_a_long_status_of_many_units_is_paged_and_every_page_fits(h: Harness) -> None:
    await notice(h, 100)
    await delivered(h)
    reply = await router.handle_command(h.env, command("tinhhinh", "1"))
    assert reply is not None
    shown = [reply.text]
    while (
        forward := [b for b in reply.buttons[-1] if b.text.startswith("Sau")]
        if reply.buttons
        else []
    ):
        reply = await press(h, person(), None, forward[0].action or "")
        shown.append(reply.text)
    assert len(shown) > 1 and all(len(page.encode("utf-16-le")) // 2 <= 4096 for page in shown)
    assert "🔕 <b>Chưa nhận (100 đơn vị):</b>" in "".join(shown)
    assert "• U99 — Trường Chính trị số 99" in shown[-1]


async def test_remind_reaches_exactly_the_silent_units_with_the_button(h: Harness) -> None:
    await notice(h, 4)
    await join(h, AN, "U4")
    await press(h, BINH, gid(1))
    await press(h, CHAU, gid(2))
    reply = await say(h, "nhacnho", "1")
    assert reply == "🔔 Đã nhắc 2 đơn vị chưa xác nhận đã nhận thông báo #1: U3, U4."
    async with h.env.sessions() as session:
        rows = (await session.scalars(select(Outbox).where(Outbox.purpose == "reminder"))).all()
    reached = {row.chat.external_id: row.payload for row in rows}
    assert set(reached) == {gid(3), gid(4), AN.external_id}
    assert reached[gid(3)]["buttons"][0][0]["action"] == "ack:ok:1"
    assert "Xin nhắn <code>DA NHAN 1</code>" in reached[AN.external_id]["text"]
    assert "buttons" not in reached[AN.external_id]


async def test_remind_on_a_notice_without_acknowledgement_is_refused_and_sends_nothing(
    h: Harness,
) -> None:
    await notice(h, 2, "\nđã nhận: không")
    before = await h.counts()
    assert "được gửi không kèm xác nhận" in await say(h, "nhacnho", "1")
    assert await h.counts() == before
    await press(h, BINH, gid(1), "ack:ok:1")
    await say(h, "thongbao", "Lịch trực | tất cả!")  # #2, asks
    for who, where in ((BINH, gid(1)), (CHAU, gid(2))):
        await press(h, who, where, "ack:ok:2")
    assert "Mọi đơn vị đã xác nhận" in await say(h, "nhacnho", "2")


async def test_export_lists_each_unit_and_chat_with_delivery_and_acknowledgement(
    h: Harness,
) -> None:
    await notice(h, 3)
    await join(h, AN, "U3")
    await say(h, "thongbao", "Lịch trực | tất cả!")  # #2 reaches AN privately too
    await delivered(h)
    await press(h, BINH, gid(1), "ack:ok:2")
    h.clock.advance(minutes=3)
    await typed(h, AN, "DA NHAN 2")
    reply = await router.handle_command(h.env, command("xuat", "2"))
    assert reply is not None and "✔️ Đã nhận: 2/3 đơn vị" in reply.text
    (xlsx,) = reply.files
    assert xlsx.filename == "thong-bao-2-danh-sach.xlsx"
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "STT",
        "Đơn vị",
        "Nhóm",
        "Nền tảng",
        "Đã gửi lúc",
        "Lỗi",
        "Đã nhận bởi",
        "Đã nhận lúc",
    ]
    shown = [(r[1].split(" — ")[0], r[2], r[3], r[6]) for r in rows[1:]]
    assert shown == [
        ("U1", "Nhóm U1", "Telegram", "Trần Thị Bình"),
        ("U2", "Nhóm U2", "Telegram", ""),
        ("U3", "Nhóm U3", "Telegram", "Lê Thị An"),
        ("U3", "tin nhắn riêng — Lê Thị An (Zalo)", "Zalo", "Lê Thị An"),
    ]
    assert all(r[4] != "" for r in rows[1:])  # each was delivered, with when
    acked = {a.unit_id: a.at for a in await acknowledgements(h)}
    assert len(acked) == 2 and rows[3][7].strftime("%H:%M") == "10:18"


async def test_a_person_counted_for_one_unit_pressing_in_another_units_group_is_thanked(
    h: Harness,
) -> None:
    await notice(h, 2)
    await press(h, BINH, gid(1))
    reply = await press(h, BINH, gid(2))
    assert reply.toast is not None and reply.toast.startswith("Cảm ơn anh/chị. U1 đã xác nhận")
    assert len(await acknowledgements(h)) == 1
    assert all(str(c["text"]).endswith("Đã nhận: 1/2 đơn vị") for c in await cards(h))
