"""The roll-call on a real database: `/diemdanh`, the poster, scans of the check-in link (and
`DD <token>` on Zalo), marking by hand, and what `/tinhhinh` and `/xuat` show of it."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pypdf
import pytest
import zxingcpp
from openpyxl import load_workbook
from PIL import Image
from sqlalchemy import func, select

from handlers import router, typed_forms
from handlers.core import Request, Sender, Where
from handlers.meetings import poster
from storage.models import (
    Attendance,
    AttendanceState,
    ChatKind,
    Delegate,
    Meeting,
    Person,
    Platform,
    Rsvp,
)
from tests.support import Harness, command, person, private_chat
from tests.unit.test_status import (
    BINH,
    DUNG,
    TITLE,
    answered_meeting,
    press,
    run,
    say,
    unit_id,
)

LINK = re.compile(r"https://t\.me/LoaTestBot\?start=dd-([A-Za-z0-9]{16})")
CUONG = person("5000000201", "Lê Văn Cường")  # U2's substitute, on the list
GIANG = person("5000000202", "Phan Thu Giang")  # registered for U1 by name
KHOA = person("5000000203", "Tạ Minh Khoa")  # on no list, in no unit
LAN = person("5000000204", "Hồ Thị Lan")  # of U3, which sends nobody
# 19/6/2024, the meeting's day (08:00 in Hà Nội is 01:00 UTC)
DAY_0745 = datetime(2024, 6, 19, 0, 45, tzinfo=UTC)


async def ready(h: Harness) -> str:
    """The seed meeting #1 answered (U1 ✅ Bình, U2 👤 Cường), two registered names for U1,
    `/diemdanh 1` asked: the token."""
    await answered_meeting(h)
    u1 = await unit_id(h, "U1")
    async with h.env.sessions() as session:
        for name, position in (("Phan Thu Giang", "Phó Hiệu trưởng"), ("Mai Văn Hùng", "")):
            session.add(
                Delegate(
                    announcement_id=1,
                    unit_id=u1,
                    name=name,
                    position=position,
                    phone="0912345678",
                    registered_at=h.clock.now(),
                )
            )
        await session.commit()
    reply = await run(h, command("diemdanh", "1"))
    found = LINK.search(reply.text)
    assert found is not None
    return found.group(1)


async def scan(h: Harness, who: Sender, token: str) -> str:
    return await say(h, "start", f"dd-{token}", who=who)


async def marks(h: Harness) -> list[Attendance]:
    async with h.env.sessions() as session:
        rows = await session.scalars(select(Attendance).order_by(Attendance.id))
        return list(rows.all())


async def set_unit(h: Harness, who: Sender, code: str) -> None:
    target = await unit_id(h, code)
    await say(h, "start", who=who)  # Loa knows them
    async with h.env.sessions() as session:
        found = await session.scalar(select(Person).where(Person.external_id == who.external_id))
        assert found is not None
        found.unit_id = target
        await session.commit()


async def entry_of(h: Harness, name: str) -> str:
    """The delegation key of a registered name (`d<id>`) or a substitute (`s<rsvp id>`)."""
    async with h.env.sessions() as session:
        delegate = await session.scalar(select(Delegate.id).where(Delegate.name == name))
        if delegate is not None:
            return f"d{delegate}"
        record = await session.scalar(select(Rsvp.id).where(Rsvp.substitute_name == name))
        assert record is not None
        return f"s{record}"


# --- /diemdanh: the poster and the link ------------------------------------------------------


async def test_diemdanh_sends_the_poster_and_the_link_and_keeps_its_token(h: Harness) -> None:
    token = await ready(h)
    assert not token.isdigit()
    reply = await run(h, command("diemdanh", "1"))
    assert f"https://t.me/LoaTestBot?start=dd-{token}" in reply.text  # the same token again
    assert "Mã dùng được từ 06:00, Thứ Tư 19/06/2024 đến 23:59, Thứ Tư 19/06/2024." in reply.text
    assert f"<code>DD {token}</code>" in reply.text
    assert [f.filename for f in reply.files] == ["hop-1-diem-danh.png", "hop-1-diem-danh.pdf"]
    assert (await run(h, command("checkin", "#1"))).text == reply.text  # the English alias
    # the list to mark by hand, with a row of buttons per delegate
    actions = [b.action for row in reply.buttons for b in row]
    giang = await entry_of(h, "Phan Thu Giang")
    assert f"dm:{giang}.c.0:1" in actions and f"dm:{giang}.v.0:1" in actions
    assert "Phan Thu Giang, Phó Hiệu trưởng <code>" in reply.text


async def test_the_poster_shows_the_meeting_and_its_qr_code_opens_the_link(h: Harness) -> None:
    h.env.cluster_name = "Cụm thi đua số 3"
    token = await ready(h)
    files = (await run(h, command("diemdanh", "1"))).files
    link = f"https://t.me/LoaTestBot?start=dd-{token}"
    image = Image.open(io.BytesIO(files[0].content))
    assert image.size == poster.PNG_SIZE
    assert [found.text for found in zxingcpp.read_barcodes(image)] == [link]
    document = pypdf.PdfReader(io.BytesIO(files[1].content))
    assert len(document.pages) == 1
    box = document.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    words = " ".join(document.pages[0].extract_text().split())
    for expected in ("ĐIỂM DANH ĐẠI BIỂU", "CỤM THI ĐUA SỐ 3", "08:00, Thứ Tư 19/06/2024", link):
        assert expected in words
    assert " ".join(TITLE.split()[:5]) in words and "Lê Hồng Phong" in words


def test_the_longest_title_and_venue_still_fit_on_one_page_with_the_whole_qr_code() -> None:
    words = poster.PosterText(
        heading="ĐIỂM DANH ĐẠI BIỂU",
        title=("Hội nghị tổng kết công tác năm học của Cụm thi đua " * 10)[:500],
        when="08:00, Thứ Tư 19/06/2024",
        venue=("Hội trường A, Trường Chính trị tỉnh Hà Nam " * 12)[:500],
        cluster="Cụm thi đua số 3",
        link="https://t.me/LoaTestBot?start=dd-Ab3dEf9hJk2mNp4q",
        steps=("1. Quét mã QR.", "2. Bấm «Bắt đầu».", "3. Xong."),
        small="Dùng Zalo: nhắn cho Loa DD Ab3dEf9hJk2mNp4q",
    )
    above, qr_top, below = poster.layout(words)
    assert above[-1].text.endswith("…") and qr_top > above[-1].top
    assert below[-1].top < poster.A4_MM[1] - 10
    image = Image.open(io.BytesIO(poster.render_png(words)))
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [words.link]


async def test_diemdanh_is_refused_to_members_and_on_meetings_not_sent_or_cancelled(
    h: Harness,
) -> None:
    await answered_meeting(h)
    assert "Ban tổ chức" in await say(h, "diemdanh", "1", who=BINH)
    assert "Xin ghi số cuộc họp" in await say(h, "diemdanh")
    await say(h, "thongbao", "Thông báo thường | tất cả!")
    assert "không phải giấy mời họp; lệnh /diemdanh chỉ dùng cho cuộc họp" in await say(
        h, "diemdanh", "2"
    )
    await say(h, "huy", "1 | hoãn")
    assert "đã bị huỷ" in await say(h, "diemdanh", "1")
    async with h.env.sessions() as session:
        assert await session.scalar(select(Meeting.checkin_token)) is None


async def test_diemdanh_asked_in_a_group_goes_to_the_organisers_private_chat(h: Harness) -> None:
    await answered_meeting(h)
    await say(h, "start")  # the organiser's private chat is known
    reply = await run(
        h,
        command(
            "diemdanh",
            "1",
            where=Where(Platform.TELEGRAM, "-4000000001", ChatKind.GROUP, "Nhóm U1"),
        ),
    )
    assert reply.to_person and len(reply.files) == 2 and reply.buttons == []


# --- scans -----------------------------------------------------------------------------------


async def test_a_confirmed_delegate_is_marked_present_once(h: Harness) -> None:
    token = await ready(h)
    h.clock.current = DAY_0745
    text = await scan(h, BINH, token)
    assert text == "✅ Đã điểm danh: Trần Thị Bình (Trường Chính trị số 1) có mặt lúc 07:45."
    h.clock.advance(minutes=25)
    again = await scan(h, BINH, token)
    assert again == "Anh/chị đã điểm danh rồi: Trần Thị Bình, có mặt lúc 07:45."
    rows = await marks(h)
    assert len(rows) == 1
    assert rows[0].entry.startswith("r") and rows[0].method == "scan" and not rows[0].extra
    assert rows[0].state == AttendanceState.PRESENT


@pytest.mark.parametrize(
    ("moment", "counted"),
    [
        (datetime(2024, 6, 18, 22, 59, tzinfo=UTC), False),  # 05:59, two hours and a minute early
        (datetime(2024, 6, 18, 23, 0, tzinfo=UTC), True),  # 06:00
        (datetime(2024, 6, 19, 16, 59, 59, tzinfo=UTC), True),  # 23:59:59, the day's end
        (datetime(2024, 6, 19, 17, 0, tzinfo=UTC), False),  # midnight
    ],
)
async def test_a_scan_counts_from_two_hours_before_to_the_end_of_the_day(
    h: Harness, moment: datetime, counted: bool
) -> None:
    token = await ready(h)
    h.clock.current = moment
    text = await scan(h, BINH, token)
    if counted:
        assert text.startswith("✅ Đã điểm danh: Trần Thị Bình")
    else:
        assert text.startswith("Chưa đến giờ điểm danh hoặc đã hết giờ")
        assert "từ 06:00, Thứ Tư 19/06/2024 đến 23:59, Thứ Tư 19/06/2024" in text
    assert len(await marks(h)) == (1 if counted else 0)


async def test_the_end_of_a_meeting_with_an_end_closes_its_roll_call(h: Harness) -> None:
    token = await ready(h)
    async with h.env.sessions() as session:
        meeting = await session.get(Meeting, 1)
        assert meeting is not None
        meeting.ends_at = datetime(2024, 6, 19, 4, 30, tzinfo=UTC)  # 11:30
        await session.commit()
    h.clock.current = datetime(2024, 6, 19, 4, 31, tzinfo=UTC)
    assert "đến 11:30, Thứ Tư 19/06/2024" in await scan(h, BINH, token)
    assert await marks(h) == []


async def test_a_forged_token_or_a_cancelled_meeting_is_refused_and_nothing_changes(
    h: Harness,
) -> None:
    token = await ready(h)
    h.clock.current = DAY_0745
    refused = "Mã điểm danh không đúng hoặc đã hết hiệu lực."
    assert await scan(h, BINH, "A" * 16) == refused
    assert await scan(h, BINH, token[:-1]) == refused
    assert await scan(h, BINH, "") == refused  # `dd-` alone
    await say(h, "huy", "1 | hoãn")
    assert await scan(h, BINH, token) == refused
    assert await marks(h) == []


async def test_a_substitute_picks_their_name_from_their_units_list(h: Harness) -> None:
    token = await ready(h)
    await set_unit(h, CUONG, "U2")
    h.clock.current = DAY_0745
    asked = await run(h, command("start", f"dd-{token}", who=CUONG))
    assert "anh/chị là ai trong danh sách của đơn vị?" in asked.text
    labels = [[b.text for b in row] for row in asked.buttons]
    assert labels == [["Lê Văn Cường, Phó Hiệu trưởng"], ["Tôi không có trong danh sách"]]
    action = asked.buttons[0][0].action
    assert action is not None and len(action.encode()) <= 64
    # the same button pressed by someone else, or with a forged signature, is a stale button
    assert (await press(h, LAN, None, action)).toast == "Nút này không còn hiệu lực."
    forged = action.split(".")[0] + ".0000000000:1"
    assert (await press(h, CUONG, None, forged)).toast == "Nút này không còn hiệu lực."
    assert await marks(h) == []
    done = await press(h, CUONG, None, action)
    assert done.edit
    assert done.text.startswith("✅ Đã điểm danh: Lê Văn Cường (Trường Chính trị số 2) có mặt")
    rows = await marks(h)
    assert [(r.entry, r.name, r.position) for r in rows] == [
        (await entry_of(h, "Lê Văn Cường"), "Lê Văn Cường", "Phó Hiệu trưởng")
    ]
    assert "đã điểm danh rồi" in await scan(h, CUONG, token)


async def test_a_registered_name_picks_itself_and_a_name_taken_is_not_offered(
    h: Harness,
) -> None:
    token = await ready(h)
    await set_unit(h, GIANG, "U1")
    h.clock.current = DAY_0745
    asked = await run(h, command("start", f"dd-{token}", who=GIANG))
    assert [row[0].text for row in asked.buttons] == [
        "Phan Thu Giang, Phó Hiệu trưởng",
        "Mai Văn Hùng",
        "Tôi không có trong danh sách",
    ]
    await press(h, GIANG, None, asked.buttons[0][0].action or "")
    again = await run(h, command("start", f"dd-{token}", who=LAN))  # LAN has no unit: asked one
    assert "đến cùng đơn vị nào?" in again.text
    # pressing a name another person took in the meantime
    await set_unit(h, KHOA, "U1")
    offered = await run(h, command("start", f"dd-{token}", who=KHOA))
    assert [row[0].text for row in offered.buttons] == [
        "Mai Văn Hùng",
        "Tôi không có trong danh sách",
    ]


async def test_someone_not_on_the_list_is_asked_their_unit_and_recorded_as_an_extra(
    h: Harness,
) -> None:
    token = await ready(h)
    h.clock.current = DAY_0745
    asked = await run(h, command("start", f"dd-{token}", who=KHOA))
    assert "anh/chị đến cùng đơn vị nào?" in asked.text
    assert [b.text for row in asked.buttons for b in row] == ["U1", "U2", "U3"]
    done = await press(h, KHOA, None, asked.buttons[0][2].action or "")
    assert done.text.startswith("✅ Đã điểm danh: Tạ Minh Khoa (Trường Chính trị số 3) có mặt")
    assert "ngoài danh sách" in done.text
    assert "Xin gõ chức vụ của anh/chị" in done.text
    rows = await marks(h)
    assert len(rows) == 1 and rows[0].extra and rows[0].entry == f"p{rows[0].person_id}"
    assert rows[0].unit_id == await unit_id(h, "U3")
    # their next message is their position
    chat = private_chat(KHOA.external_id)
    long = await router.handle_text(h.env, Request(sender=KHOA, chat=chat, text="x" * 301))
    assert long is not None and "quá 300 ký tự" in long.text
    saved = await router.handle_text(
        h.env, Request(sender=KHOA, chat=chat, text="  Chuyên viên   Văn phòng ")
    )
    assert saved is not None
    assert saved.text == "Đã ghi chức vụ của Tạ Minh Khoa: Chuyên viên Văn phòng."
    assert (await marks(h))[0].position == "Chuyên viên Văn phòng"
    later = await router.handle_text(h.env, Request(sender=KHOA, chat=chat, text="Cảm ơn"))
    assert later is not None and "Đã ghi chức vụ" not in later.text  # asked once
    # someone whose unit Loa knows and who is on no list is that unit's extra at once
    await set_unit(h, LAN, "U3")
    assert "ngoài danh sách" in await scan(h, LAN, token)
    # a substitute's unit mate who says they are not on the list
    await set_unit(h, DUNG, "U2")
    asked = await run(h, command("start", f"dd-{token}", who=DUNG))
    extra = await press(h, DUNG, None, asked.buttons[-1][0].action or "")
    assert "Vũ Quốc Dũng (Trường Chính trị số 2)" in extra.text
    assert sum(1 for r in await marks(h) if r.extra) == 3


async def test_a_registered_name_loa_never_saw_picks_the_unit_then_itself(h: Harness) -> None:
    token = await ready(h)
    h.clock.current = DAY_0745
    asked = await run(h, command("start", f"dd-{token}", who=GIANG))  # registered by name only
    assert "đến cùng đơn vị nào?" in asked.text
    names = await press(h, GIANG, None, asked.buttons[0][0].action or "")  # U1
    assert [row[0].text for row in names.buttons] == [
        "Phan Thu Giang, Phó Hiệu trưởng",
        "Mai Văn Hùng",
        "Tôi không có trong danh sách",
    ]
    assert await marks(h) == []
    done = await press(h, GIANG, None, names.buttons[0][0].action or "")
    assert done.text.startswith("✅ Đã điểm danh: Phan Thu Giang (Trường Chính trị số 1)")
    (row,) = await marks(h)
    assert (row.entry, row.extra) == (await entry_of(h, "Phan Thu Giang"), False)
    assert "đã điểm danh rồi" in await scan(h, GIANG, token)


async def test_on_zalo_the_typed_form_does_the_same(h: Harness) -> None:
    token = await ready(h)
    await set_unit(h, CUONG, "U2")
    h.clock.current = DAY_0745
    zalo = Sender(Platform.ZALO, "z-777", "Khúc Văn Zalo")
    where = Where(Platform.ZALO, "z-777", ChatKind.PRIVATE, "")

    async def typed(text: str, who: Sender = zalo, chat: Where = where) -> str:
        reply = await router.handle_text(h.env, Request(sender=who, chat=chat, text=text))
        assert reply is not None
        return reply.text

    asked = await typed(f"DD {token}")
    assert "đến cùng đơn vị nào?" in asked and f"<code>DD {token} HP</code>" in asked
    assert "Chưa hiểu lựa chọn" in await typed(f"DD {token} 7")
    assert "1. Lê Văn Cường, Phó Hiệu trưởng" in await typed(f"dd {token} u2")  # U2's names
    assert (await typed(f"DD {token} 0")).startswith("✅ Đã điểm danh: Khúc Văn Zalo")
    assert "đã điểm danh rồi" in await typed(f"DD {token}")
    assert await typed("DD ABCDEFGH12345678") == "Mã điểm danh không đúng hoặc đã hết hiệu lực."
    # a delegate choosing by number (here on Telegram, where the text is the same)
    cuong = await typed(f"DD {token}", CUONG, private_chat(CUONG.external_id))
    assert "1. Lê Văn Cường, Phó Hiệu trưởng" in cuong
    chosen = await typed(f"DD {token} 1", CUONG, private_chat(CUONG.external_id))
    assert chosen.startswith("✅ Đã điểm danh: Lê Văn Cường")


# --- marking by hand --------------------------------------------------------------------------


async def test_an_organiser_marks_by_hand_and_the_list_is_redrawn_with_the_mark(
    h: Harness,
) -> None:
    await ready(h)
    h.clock.current = DAY_0745
    giang = await entry_of(h, "Phan Thu Giang")
    reply = await press(h, person(), None, f"dm:{giang}.o.0:1")
    assert reply.edit and reply.toast == "Đã ghi: Phan Thu Giang (U1) — Trực tuyến."
    assert (
        "Phan Thu Giang, Phó Hiệu trưởng <code>" in reply.text
        and "💻 Trực tuyến 07:45" in reply.text
    )
    labels = [
        b.text for row in reply.buttons for b in row if (b.action or "").startswith(f"dm:{giang}.")
    ]
    assert labels == ["Có mặt", "• Trực tuyến", "Vắng"]
    await press(h, person(), None, f"dm:{giang}.v.0:1")
    rows = await marks(h)
    assert len(rows) == 1 and rows[0].state == AttendanceState.ABSENT and rows[0].method == "hand"
    assert rows[0].marked_by_id is not None
    # typed, as on Zalo
    hung = await entry_of(h, "Mai Văn Hùng")
    typed = await router.handle_text(
        h.env, Request(sender=person(), chat=private_chat(), text=f"DIEMDANH 1 {hung} CO")
    )
    assert typed is not None and typed.text == "Đã ghi: Mai Văn Hùng (U1) — Có mặt."
    assert len(await marks(h)) == 2


def test_the_buttons_to_mark_by_hand_have_a_typed_form_for_zalo() -> None:
    assert typed_forms.typed_form("dm:d5.c.0:12") == "DIEMDANH 12 d5 CO"
    assert typed_forms.typed_form("dm:r7.o.3:12") == "DIEMDANH 12 r7 TRUCTUYEN"
    assert typed_forms.typed_form("dm:p9.v.0:12") == "DIEMDANH 12 p9 VANG"
    assert typed_forms.typed_form("dm:x9.v.0:12") is None


async def test_marking_by_hand_refuses_members_and_unknown_entries(h: Harness) -> None:
    await ready(h)
    giang = await entry_of(h, "Phan Thu Giang")
    assert (await press(h, BINH, None, f"dm:{giang}.c.0:1")).toast != "Đã ghi"
    assert (
        await press(h, person(), None, "dm:d999.c.0:1:1")
    ).toast == "Nút này không còn hiệu lực."
    assert (await press(h, person(), None, "dm:d999.c.0:1")).toast == "Nút này không còn hiệu lực."
    assert (
        await press(h, person(), None, f"dm:{giang}.z.0:1")
    ).toast == "Nút này không còn hiệu lực."
    assert "Không có <code>d999</code>" in await say(h, "diemdanh", "1 d999 co")
    assert "Chưa hiểu cách đánh dấu" in await say(h, "diemdanh", f"1 {giang} muộn")
    assert await marks(h) == []


# --- /tinhhinh and /xuat --------------------------------------------------------------------


async def test_status_and_export_show_registered_against_present_and_the_extras(
    h: Harness,
) -> None:
    token = await ready(h)
    h.clock.current = DAY_0745
    await scan(h, BINH, token)  # U1, registered (✅)
    asked = await run(h, command("start", f"dd-{token}", who=KHOA))
    names = await press(h, KHOA, None, asked.buttons[0][0].action or "")  # U1, offered its names
    await press(h, KHOA, None, names.buttons[-1][0].action or "")  # not on them: an extra of U1
    hung = await entry_of(h, "Mai Văn Hùng")
    await press(h, person(), None, f"dm:{hung}.o.0:1")  # U1, online, by hand
    cuong = await entry_of(h, "Lê Văn Cường")
    await press(h, person(), None, f"dm:{cuong}.v.0:1")  # U2, absent, by hand

    text = await say(h, "tinhhinh", "1")
    assert (
        "🧾 <b>Điểm danh:</b> có mặt 2/4 đăng ký (1 trực tuyến) · vắng 1 · ngoài danh sách 1"
        in text
    )
    assert "• <b>U1</b>: đăng ký 3 · có mặt 2 (1 trực tuyến) · ngoài danh sách 1" in text
    assert "• <b>U2</b>: đăng ký 1 · có mặt 0 (0 trực tuyến) · ngoài danh sách 0" in text
    assert "Đến mà không đăng ký: Tạ Minh Khoa (U1)" in text

    files = (await run(h, command("xuat", "1"))).files
    book = load_workbook(io.BytesIO(files[0].content))
    sheet = book["Điểm danh"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "STT",
        "Đơn vị",
        "Họ và tên",
        "Chức vụ",
        "Đăng ký",
        "Điểm danh",
        "Lúc",
        "Cách",
    ]
    at = datetime(2024, 6, 19, 7, 45)
    u1, u2 = "U1 — Trường Chính trị số 1", "U2 — Trường Chính trị số 2"
    assert rows[1:] == [
        [1, u1, "Trần Thị Bình", None, "có", "Có mặt", at, "quét mã"],
        [2, u1, "Phan Thu Giang", "Phó Hiệu trưởng", "có", "—", None, None],
        [3, u1, "Mai Văn Hùng", None, "có", "Trực tuyến", at, "đánh dấu"],
        [4, u1, "Tạ Minh Khoa", None, "không", "Có mặt", at, "quét mã"],
        [5, u2, "Lê Văn Cường", "Phó Hiệu trưởng", "có", "Vắng", at, "đánh dấu"],
    ]
    async with h.env.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Attendance)) == 4


async def test_status_and_export_say_nothing_of_a_roll_call_that_has_not_begun(
    h: Harness,
) -> None:
    await answered_meeting(h)
    assert "Điểm danh" not in await say(h, "tinhhinh", "1")
    files = (await run(h, command("xuat", "1"))).files
    assert "Điểm danh" not in load_workbook(io.BytesIO(files[0].content)).sheetnames


async def test_an_unknown_meeting_is_named(h: Harness) -> None:
    assert "Không có thông báo #99." in await say(h, "diemdanh", "99")
