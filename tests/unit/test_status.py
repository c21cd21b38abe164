"""/tinhhinh, /xuat and /lich on a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from handlers import router
from handlers.core import Membership, Reply, Request, Sender
from handlers.notices import tables
from storage.models import (
    Announcement,
    AnnouncementStatus,
    Chat,
    ChatKind,
    ChatState,
    Outbox,
    Person,
    Platform,
    Rsvp,
    RsvpAnswer,
    Unit,
)
from tests.support import Harness, command, group_chat, person, private_chat

TITLE = "Hội nghị sơ kết phong trào thi đua 6 tháng đầu năm 2024"
VENUE = "Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội"
SENT = (
    f"{TITLE} | 8h 19/6/2024 | {VENUE} | tất cả!\n"
    "căn cứ: Kế hoạch số 40-KH/CTĐ ngày 28/5/2024\n"
    "thành phần: Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm\n"
    "hạn xác nhận: 17h 14/6/2024"
)
BINH = person("5000000101", "Trần Thị Bình")
CHAU = person("5000000102", "Đỗ Minh Châu")
DUNG = person("5000000103", "Vũ Quốc Dũng")
MEMBER = person("5000000104", "Ngô Thị Hạnh")


def gid(i: int) -> str:
    return f"-40000000{i:02d}"


async def run(h: Harness, req: Request) -> Reply:
    reply = await router.handle_command(h.env, req)
    assert reply is not None
    return reply


async def say(h: Harness, name: str, args: str = "", **kw: object) -> str:
    return (await run(h, command(name, args, **kw))).text  # type: ignore[arg-type]


async def cluster(h: Harness, n: int = 3) -> None:
    """Units U1…Un, each with a linked group."""
    for i in range(1, n + 1):
        await say(h, "donvi", f"them U{i} | Trường Chính trị số {i}")
        where = group_chat(gid(i), f"Nhóm U{i}")
        await router.handle_membership(
            h.env, Request(sender=person(), chat=where, membership=Membership.JOINED)
        )
        assert "đã được liên kết" in await say(h, "nhom", f"U{i}", where=where)


async def press(h: Harness, who: Sender, where: str | None, data: str) -> Reply:
    chat = group_chat(where, "Nhóm") if where else private_chat(who.external_id)
    return await router.handle_action(
        h.env, Request(sender=who, chat=chat, action=data, message_id="7")
    )


async def answer_text(h: Harness, who: Sender, where: str, text: str) -> None:
    reply = await router.handle_text(
        h.env, Request(sender=who, chat=group_chat(where, "Nhóm"), text=text)
    )
    assert reply is not None


async def answered_meeting(h: Harness) -> None:
    """The seed meeting #1 to U1–U3: U1 attends, U2 is absent (with a reason) and sends a
    substitute, U3 has not answered."""
    await cluster(h)
    assert "#1" in await say(h, "hop", SENT)
    await press(h, BINH, gid(1), "r:a:1")
    h.clock.advance(minutes=10)
    await press(h, CHAU, gid(2), "r:x:1")
    await answer_text(h, CHAU, gid(2), "Đi công tác Đà Nẵng")
    h.clock.advance(minutes=5)
    await press(h, DUNG, gid(2), "r:s:1")
    await answer_text(h, DUNG, gid(2), "Lê Văn Cường, Phó Hiệu trưởng")


async def rsvps(h: Harness) -> list[Rsvp]:
    async with h.env.sessions() as session:
        return list((await session.scalars(select(Rsvp).order_by(Rsvp.id))).all())


async def counts(h: Harness) -> dict[str, int]:
    """Harness.counts() plus the answers and people, which setting an answer may add."""
    result = await h.counts()
    async with h.env.sessions() as session:
        result["rsvps"] = await session.scalar(select(func.count()).select_from(Rsvp)) or 0
        result["people"] = await session.scalar(select(func.count()).select_from(Person)) or 0
    return result


async def unit_id(h: Harness, code: str) -> int:
    async with h.env.sessions() as session:
        found = await session.scalar(select(Unit.id).where(Unit.code == code))
    assert found is not None
    return found


async def card_texts(h: Harness) -> list[str]:
    async with h.env.sessions() as session:
        rows = (await session.scalars(select(Outbox).where(Outbox.purpose == "announcement"))).all()
    return [row.payload["text"] for row in rows]


# --- /tinhhinh -------------------------------------------------------------------------------


async def test_status_names_the_unit_that_has_not_answered_with_reasons_and_substitutes(
    h: Harness,
) -> None:
    await answered_meeting(h)
    reply = await run(h, command("tinhhinh", "1"))
    text = reply.text
    assert text.startswith("📋 <b>Tình hình xác nhận — cuộc họp #1</b>")
    assert f"<b>{TITLE}</b>" in text and "🕗 08:00, Thứ Tư 19/06/2024" in text
    assert "Đã xác nhận: 2/3 đơn vị · ✅ 1 người · ❌ 1 · 👤 1 người dự thay" in text
    assert "<b>U1</b> — Trường Chính trị số 1\n✅ Trần Thị Bình — 10:15 12/06" in text
    assert "❌ Đỗ Minh Châu — 10:25 12/06 — Lý do: Đi công tác Đà Nẵng" in text
    assert "👤 Vũ Quốc Dũng — 10:30 12/06 — Người dự thay: Lê Văn Cường, Phó Hiệu trưởng" in text
    assert text.index("<b>U1</b>") < text.index("<b>U2</b>")
    assert "⏳ <b>Chưa trả lời:</b> U3" in text
    # the unit to chase comes first, with its buttons
    assert text.index("⏳ <b>U3</b> — Trường Chính trị số 3") < text.index("<b>U1</b>")
    u3 = await unit_id(h, "U3")
    assert [[b.action for b in row] for row in reply.buttons] == [
        [f"t:a.{u3}.0:1", f"t:x.{u3}.0:1"]
    ]
    assert (await run(h, command("status", "#1"))).text == text  # the English alias


async def test_setting_an_answer_on_behalf_records_it_marks_it_and_updates_the_cards(
    h: Harness,
) -> None:
    await answered_meeting(h)
    h.clock.advance(hours=1)
    reply = await run(h, command("tinhhinh", "1 | u3 | có | Phạm Văn Dũng"))
    assert reply.text.startswith("✍️ Đã ghi thay cho đơn vị <b>U3</b>: ✅ Phạm Văn Dũng tham dự.")
    assert "✅ Phạm Văn Dũng — 11:30 12/06 <i>(ghi thay bởi Nguyễn Văn An)</i>" in reply.text
    assert "Tất cả các đơn vị được mời đã trả lời." in reply.text and reply.buttons == []
    assert all("Đã xác nhận: 3/3 đơn vị · ✅ 2 người" in card for card in await card_texts(h))
    records = await rsvps(h)
    assert len(records) == 4
    organiser = records[0].set_by_id  # answers given by button carry no setter
    assert organiser is None and records[-1].set_by_id is not None
    assert records[-1].unit_id == await unit_id(h, "U3")

    # the same name, however written, is the same attendee: the answer changes, none is added
    before = await counts(h)
    text = await say(h, "tinhhinh", "1 | U3 | vắng | pham van dung | Ốm")
    assert "❌ Phạm Văn Dũng vắng — Lý do: Ốm" in text
    assert (await counts(h))["rsvps"] == before["rsvps"]
    assert (await rsvps(h))[-1].answer == RsvpAnswer.ABSENT

    # a name that answered by button: their own answer is changed, and marked as set
    await say(h, "tinhhinh", "1 | U1 | vắng | TRẦN THỊ BÌNH | Bận họp Thành uỷ")
    binh = (await rsvps(h))[0]
    assert binh.answer == RsvpAnswer.ABSENT and binh.reason == "Bận họp Thành uỷ"
    assert binh.set_by_id is not None and (await counts(h))["rsvps"] == before["rsvps"]

    # a substitute without a named absentee is the unit's own answer
    text = await say(h, "tinhhinh", "1 | U3 | thay | Hoàng Văn Em, Trưởng phòng Đào tạo")
    assert "👤 cử Hoàng Văn Em, Trưởng phòng Đào tạo dự thay" in text
    assert "👤 Đại diện đơn vị — 11:30 12/06 — Người dự thay: Hoàng Văn Em" in text
    records = await rsvps(h)
    assert len(records) == 5 and records[-1].substitute_position == "Trưởng phòng Đào tạo"
    assert "Đã xác nhận: 2/3 đơn vị · ✅ 0 người · ❌ 3 · 👤 2 người dự thay" in text


async def test_bad_status_input_is_explained_with_an_example_and_changes_nothing(
    h: Harness,
) -> None:
    await answered_meeting(h)
    await say(h, "hop", f"Họp riêng U1 | 9h 20/6/2024 | {VENUE} | U1!")
    await say(h, "thongbao", "Thông báo thường | tất cả!")
    cases = {
        "": "Cách dùng: <code>/tinhhinh 12</code>",
        "99": "Không có thông báo #99.",
        "abc": "«abc» không phải mã thông báo",
        "1 | ZZ | có": "Không có đơn vị mã <b>ZZ</b>. Các mã đang có: U1, U2, U3.",
        "1 | U-3 | có": "Mã đơn vị «U-3» không hợp lệ",
        "2 | U2 | có": "Đơn vị U2 không thuộc đối tượng của cuộc họp #2. Các đơn vị được mời: U1.",
        "1 | U3": "Thiếu câu trả lời cho đơn vị U3",
        "1 | U3 | hmm": "Không hiểu câu trả lời «hmm»",
        "1 | U3 | thay": "Thiếu họ tên người dự thay",
        "1 | U3 | thay | , Phó Hiệu trưởng": "Thiếu họ tên người dự thay",
        "1 | U3 | có | Phạm Văn Dũng | ốm": "chỉ dùng khi trả lời <code>vắng</code>",
        "1 | U3 | vắng | A | B | C": "quá nhiều phần",
        "1 | U3 | có | " + "x" * 301: "Phần «họ tên» quá dài (tối đa 300 ký tự).",
        "1 | U3 | vắng | | " + "y" * 501: "Phần «lý do» quá dài (tối đa 500 ký tự).",
    }
    before = await counts(h)
    for args, expected in cases.items():
        text = await say(h, "tinhhinh", args)
        assert expected in text, (args, text)
        if args and args != "abc":
            assert "Ví dụ:\n<code>/tinhhinh 12 | HP | có | Nguyễn Văn A</code>" in text, args
    # a notice has no answers to set: its table is about delivery, and it takes only the code
    assert "Tình hình gửi thông báo #3" in await say(h, "tinhhinh", "3")
    only_code = await say(h, "tinhhinh", "3 | U1 | có")
    assert "Với thông báo #3, /tinhhinh chỉ nhận mã số" in only_code
    assert await counts(h) == before

    async with h.env.sessions() as session:
        meeting = await session.get(Announcement, 1)
        assert meeting is not None
        meeting.status = AnnouncementStatus.CANCELLED
        await session.commit()
    text = await say(h, "tinhhinh", "1 | U3 | có")
    assert "Cuộc họp #1 đã bị huỷ; không thể ghi câu trả lời." in text
    table = await run(h, command("tinhhinh", "1"))
    assert "❌ <b>Cuộc họp đã bị huỷ.</b>" in table.text and table.buttons == []
    assert await counts(h) == before


async def test_status_buttons_set_a_unit_that_has_not_answered_and_redraw_the_table(
    h: Harness,
) -> None:
    await answered_meeting(h)
    u3 = await unit_id(h, "U3")
    refused = await press(h, MEMBER, gid(3), f"t:a.{u3}:1")
    assert refused.toast == "Chỉ Ban tổ chức được dùng nút này."
    assert len(await rsvps(h)) == 3
    before = await counts(h)
    for forged in (f"t:a.{u3}:99", "t:a.999999999999:1", f"t:z.{u3}:1", "t:a:1", "t:a.x:1"):
        assert (await press(h, person(), None, forged)).toast == "Nút này không còn hiệu lực."
    assert await counts(h) == before

    reply = await press(h, person(), None, f"t:a.{u3}:1")
    assert reply.edit and reply.toast == "Đã ghi: ✅ U3 tham dự"
    assert "✅ Đại diện đơn vị — 10:30 12/06 <i>(ghi thay bởi Nguyễn Văn An)</i>" in reply.text
    assert "Tất cả các đơn vị được mời đã trả lời." in reply.text and reply.buttons == []
    after = await counts(h)
    assert after["rsvps"] == before["rsvps"] + 1

    again = await press(h, person(), None, f"t:x.{u3}:1")  # an old table's button
    assert again.toast == "Đơn vị U3 vừa trả lời; bảng đã được cập nhật." and again.edit
    assert await counts(h) == after
    assert (await rsvps(h))[-1].answer == RsvpAnswer.ATTEND


async def test_every_unit_to_chase_has_buttons_page_by_page_and_a_press_keeps_its_page(
    h: Harness,
) -> None:
    await cluster(h)
    async with h.env.sessions() as session:  # 120 more units, each with a linked group
        made = [
            Unit(code=f"T{i:03d}", name=f"Trường số {i}", created_at=h.clock.now())
            for i in range(120)
        ]
        session.add_all(made)
        await session.flush()
        session.add_all(
            Chat(
                platform=Platform.TELEGRAM,
                external_id=f"-41000{i:05d}",
                kind=ChatKind.GROUP,
                title=f"Nhóm T{i:03d}",
                unit_id=unit.id,
                tags=[],
                state=ChatState.ACTIVE,
                created_at=h.clock.now(),
                updated_at=h.clock.now(),
            )
            for i, unit in enumerate(made)
        )
        await session.commit()
    assert "#1" in await say(h, "hop", SENT)
    first = await run(h, command("tinhhinh", "1"))
    actions = [b.action or "" for row in first.buttons for b in row]
    assert len(actions) <= 100 and actions[-1] == "p:status.1:1"
    second = await press(h, person(), None, "p:status.1:1")
    assert second.edit and "<i>Trang 2/" in second.text
    shown = [b.action or "" for row in second.buttons for b in row]
    t060 = await unit_id(h, "T060")
    assert f"t:a.{t060}.1:1" in shown  # the units of page 2 have their buttons there
    pressed = await press(h, person(), None, f"t:a.{t060}.1:1")
    assert pressed.toast == "Đã ghi: ✅ T060 tham dự" and "<i>Trang 2/" in pressed.text
    assert "⏳ <b>T060</b>" not in pressed.text


async def test_a_long_status_table_is_paged_absent_units_first_and_every_page_fits(
    h: Harness,
) -> None:
    await answered_meeting(h)
    reason = "Tham dự hội nghị tập huấn của Ban Tuyên giáo Trung ương tại Đà Nẵng " * 7
    for code in ("U1", "U2", "U3"):
        for n in range(3):
            name = f"Nguyễn Văn Thành {code}{n} " + "Phạm Ngọc " * 25
            await say(h, "tinhhinh", f"1 | {code} | vắng | {name} | {reason}")
    reply = await run(h, command("tinhhinh", "1"))
    assert "<i>Trang 1/" in reply.text
    assert reply.text.index("<b>U3</b>") < reply.text.index("Nguyễn Văn Thành U30")  # absent first
    shown = [reply.text]
    while reply.buttons and reply.buttons[-1][-1].text == "Sau ▶":
        reply = await press(h, person(), None, reply.buttons[-1][-1].action or "")
        assert reply.edit
        shown.append(reply.text)
    assert len(shown) > 1
    assert all(len(page.encode("utf-16-le")) // 2 <= 4096 for page in shown)
    together = "".join(shown)
    assert all(
        f"Nguyễn Văn Thành {code}{n}" in together for code in ("U1", "U2", "U3") for n in range(3)
    )
    assert shown[-1].split("\n<i>Trang")[0].endswith("Tất cả các đơn vị được mời đã trả lời.")


def test_fitting_keeps_whole_lines_when_one_unit_alone_is_too_long() -> None:
    block = "\n".join(f"✅ <b>Người {i}</b> — " + "x" * 90 for i in range(100))
    text = tables.fit("Tiêu đề", [block, "khác"], "Cuối", lambda n: f"… còn {n}")
    assert len(text) <= 4096 and "<b>Người 0</b>" in text and "<b>Người 99</b>" not in text
    assert text.endswith("…\n\n… còn 1\n\nCuối")
    assert all(line.count("<b>") == line.count("</b>") for line in text.split("\n"))
    footer = "\n".join(f"<b>U{i}</b>" + "y" * 60 for i in range(200))  # a footer too long
    text = tables.fit("Tiêu đề", ["khác"], footer, lambda n: f"… còn {n}")
    assert len(text) <= 4096 and text.endswith("…")


# --- /xuat -----------------------------------------------------------------------------------


async def test_export_returns_an_xlsx_whose_rows_match_the_answers_and_a_csv_with_bom(
    h: Harness,
) -> None:
    await answered_meeting(h)
    reply = await run(h, command("xuat", "1"))
    assert not reply.to_person  # asked in private: answered there
    assert "Đã xác nhận: 2/3 đơn vị" in reply.text and "Chưa trả lời: U3" in reply.text
    xlsx, sheet_csv = reply.files
    assert (xlsx.filename, sheet_csv.filename) == ("hop-1-danh-sach.xlsx", "hop-1-danh-sach.csv")

    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Danh sách", "Tổng hợp"]
    sheet = book["Danh sách"]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        [
            "STT",
            "Đơn vị",
            "Họ và tên",
            "Chức vụ",
            "Trả lời",
            "Người dự thay",
            "Lý do",
            "Thời điểm",
            "Trễ hạn",
            "Nền tảng",
        ],
        [1, "U1 — Trường Chính trị số 1", "Trần Thị Bình", None, "Tham dự", None, None,
         datetime(2024, 6, 12, 10, 15), None, "Telegram"],
        [2, "U2 — Trường Chính trị số 2", "Đỗ Minh Châu", None, "Vắng", None,
         "Đi công tác Đà Nẵng", datetime(2024, 6, 12, 10, 25), None, "Telegram"],
        [3, "U2 — Trường Chính trị số 2", "Vũ Quốc Dũng", None, "Cử người dự thay",
         "Lê Văn Cường, Phó Hiệu trưởng", None, datetime(2024, 6, 12, 10, 30), None, "Telegram"],
        [4, "U3 — Trường Chính trị số 3", None, None, "Chưa trả lời", None, None, None, None,
         None],
    ]  # fmt: skip
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet["H2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width

    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Tiêu đề"] == TITLE
    assert summary["Thời gian"] == "08:00, Thứ Tư 19/06/2024"
    assert summary["Địa điểm"] == VENUE
    assert summary["Căn cứ"] == "Kế hoạch số 40-KH/CTĐ ngày 28/5/2024"
    assert summary["Thành phần"] == "Bí thư Đảng ủy, Hiệu trưởng các trường trong Cụm"
    assert summary["Đơn vị đã xác nhận"] == "2/3"
    assert (summary["Số người tham dự"], summary["Số người vắng"]) == (1, 1)
    assert summary["Số người dự thay"] == 1 and summary["Đơn vị chưa trả lời"] == "U3"

    assert sheet_csv.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(sheet_csv.content.decode("utf-8-sig"))))
    assert table[0] == rows[0]
    assert table[1] == ["1", "U1 — Trường Chính trị số 1", "Trần Thị Bình", "", "Tham dự", "", "",
                        "12/06/2024 10:15", "", "Telegram"]  # fmt: skip
    assert table[4] == [
        "4", "U3 — Trường Chính trị số 3", "", "", "Chưa trả lời", "", "", "", "", ""
    ]  # fmt: skip
    assert len(table) == len(rows)

    everything = [str(v) for row in rows for v in row] + [str(v) for v in summary.values()]
    for secret in ("5000000101", "5000000102", "5000000103", "5000000001"):
        assert all(secret not in value for value in everything)
        assert secret.encode() not in sheet_csv.content


async def test_export_keeps_formula_like_names_as_text(h: Harness) -> None:
    await answered_meeting(h)
    await say(h, "tinhhinh", '1 | U3 | có | =HYPERLINK("http://x.invalid","Bấm")')
    reply = await run(h, command("xuat", "1"))
    sheet = load_workbook(io.BytesIO(reply.files[0].content))["Danh sách"]
    cell = sheet["C5"]
    assert cell.value == '=HYPERLINK("http://x.invalid","Bấm")' and cell.data_type == "s"
    last = list(csv.reader(io.StringIO(reply.files[1].content.decode("utf-8-sig"))))[-1]
    assert last[2] == '\'=HYPERLINK("http://x.invalid","Bấm")'


async def test_export_asked_in_a_group_goes_to_the_organisers_private_chat(h: Harness) -> None:
    await answered_meeting(h)
    reply = await run(h, command("xuat", "1", where=group_chat(gid(1), "Nhóm U1")))
    assert reply.to_person and len(reply.files) == 2

    h.env.admins[Platform.TELEGRAM].add("5000000002")  # an organiser who never wrote privately
    other = person("5000000002", "Lý Thị Nga")
    before = await counts(h)
    reply = await run(h, command("xuat", "1", who=other, where=group_chat(gid(1), "Nhóm U1")))
    assert reply.files == [] and "chỉ được gửi riêng cho Ban tổ chức" in reply.text
    assert "<code>/xuat 1</code>" in reply.text
    after = await counts(h)
    assert after["rsvps"] == before["rsvps"] and after["outbox"] == before["outbox"]


async def test_bad_export_input_is_explained_and_changes_nothing(h: Harness) -> None:
    await answered_meeting(h)
    before = await counts(h)
    assert "Cách dùng: <code>/xuat 12</code>" in await say(h, "xuat")
    text = await say(h, "xuat", "42")
    assert "Không có thông báo #42." in text
    assert "Ví dụ:\n<code>/xuat 12</code>" in text
    assert await counts(h) == before


# --- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"), [("tinhhinh", "1"), ("tinhhinh", "1 | U3 | có | A"), ("xuat", "1")]
)
async def test_status_and_export_are_refused_to_members(h: Harness, name: str, args: str) -> None:
    await answered_meeting(h)
    before = await counts(h)
    reply = await run(h, command(name, args, who=MEMBER, where=group_chat(gid(3), "Nhóm U3")))
    assert f"lệnh <b>/{name}</b> chỉ dành cho Ban tổ chức" in reply.text and reply.files == []
    after = await counts(h)
    assert after["rsvps"] == before["rsvps"] and after["outbox"] == before["outbox"]


# --- /lich -----------------------------------------------------------------------------------


async def test_upcoming_lists_the_meeting_for_an_audience_unit_and_not_for_another(
    h: Harness,
) -> None:
    await cluster(h)
    await say(h, "hop", f"Họp giao ban | 8h 19/6/2024 | {VENUE} | U1!")
    await press(h, BINH, gid(1), "r:a:1")
    line = f"<b>#1</b> 08:00, Thứ Tư 19/06/2024 — Họp giao ban — {VENUE}"

    in_u1 = await say(h, "lich", who=BINH, where=group_chat(gid(1), "Nhóm U1"))
    assert "Lịch họp sắp tới của đơn vị U1" in in_u1
    assert line in in_u1 and "Anh/chị đã trả lời: ✅ tham dự" in in_u1
    other = await say(h, "lich", who=MEMBER, where=group_chat(gid(1), "Nhóm U1"))
    assert line in other and "đã trả lời" not in other

    in_u2 = await say(h, "upcoming", who=MEMBER, where=group_chat(gid(2), "Nhóm U2"))
    assert "#1" not in in_u2 and "Hiện chưa có cuộc họp nào sắp tới." in in_u2

    alone = await say(h, "lich", who=MEMBER)  # private chat, no unit yet
    assert "Loa chưa biết anh/chị thuộc đơn vị nào" in alone

    invite = await say(h, "moi", "U1")
    await say(h, "start", invite.split("start=")[1].split()[0], who=MEMBER)
    assert line in await say(h, "lich", who=MEMBER)  # the person's own unit, in private

    h.clock.advance(days=8)  # the meeting is over
    assert "Hiện chưa có cuộc họp nào sắp tới." in await say(h, "lich", who=MEMBER)


async def test_organisers_see_every_upcoming_meeting_including_scheduled_ones(
    h: Harness,
) -> None:
    await cluster(h)
    await say(h, "hop", f"Họp giao ban | 8h 19/6/2024 | {VENUE} | U1!")
    await say(h, "hop", "Họp chuyên đề | 14h 21/6/2024 | Hội trường B | U2!\ngửi lúc: 8h 14/6")
    text = await say(h, "lich")
    assert "Lịch họp sắp tới (toàn Cụm)" in text
    assert text.index("#1</b>") < text.index("#2</b>")
    assert "Họp chuyên đề — Hội trường B <i>(chưa gửi, hẹn gửi 08:00, Thứ Sáu 14/06/2024)</i>" in (
        text
    )
    # a member of U2 does not see the invitation before it is sent
    member = await say(h, "lich", who=MEMBER, where=group_chat(gid(2), "Nhóm U2"))
    assert "Họp chuyên đề" not in member


async def test_new_commands_are_in_the_menu_and_the_help(h: Harness) -> None:
    names = [name for name, _ in router.menu("vi")]
    assert {"tinhhinh", "xuat", "lich"} <= set(names)
    assert ("upcoming", "Upcoming meetings of my unit") in router.menu("en")
    organiser_help = await say(h, "trogiup")
    assert "/tinhhinh" in organiser_help and "/xuat" in organiser_help
    member_help = await say(h, "trogiup", who=MEMBER)
    assert "/lich" in member_help and "/tinhhinh" not in member_help
