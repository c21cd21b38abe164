"""Loa on Zalo and Telegram in one process: a Zalo organiser's commands with and without the
slash, a Zalo member who joined by invite code gets the meeting card as plain text and answers
it by typing, counted on the Telegram cards; a long notice arrives in several messages cut at
paragraphs; Zalo alone runs too. Both emulators' spec checks must stay clean (fixtures)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from storage.models import Platform, Rsvp, RsvpAnswer
from tests.e2e.conftest import BothCluster, Cluster, wait_until
from tests.e2e.test_answers import card_in, eight_days_ahead
from tests.e2e.test_foundation import build_cluster
from tests.e2e.test_intake import scalar

ANSWER_LINE = (
    "Trả lời: XN 1 CO · XN 1 KHONG <lý do> · XN 1 THAY <họ tên, chức vụ>\n"
    "Đăng ký đại biểu: DAIBIEU 1 | họ tên, chức vụ, điện thoại; …"
)


async def invite_code(c: BothCluster, unit: str) -> str:
    """The invite code of `unit`, as the organiser gets it from `/moi`."""
    [invite] = await c.say(c.organiser, c.organiser["id"], f"/moi {unit}")
    code = re.search(r"start=([\w-]+)", invite["text"])
    assert code is not None, invite["text"]
    return code.group(1)


async def zalo_member(
    c: BothCluster, unit: str, name: str, code: str | None = None
) -> dict[str, str]:
    """A Zalo user who joins `unit` by sending `/start <invite code>`."""
    person = await c.zalo.create_user(name)
    [joined] = await c.zsay(person, f"/start {code or await invite_code(c, unit)}")
    assert unit in joined["text"], joined["text"]
    return person


async def zalo_cards(c: BothCluster, person: dict[str, str]) -> list[dict[str, str]]:
    return [m for m in await c.zalo.seen_by(person["id"]) if "GIẤY MỜI HỌP #1" in m["text"]]


async def test_a_zalo_member_answers_the_card_by_typing_and_telegram_counts_it(
    both: BothCluster,
) -> None:
    c, org = both, both.organiser
    groups = await build_cluster(c, units=2, extra_groups=0)
    member = await zalo_member(c, "T01", "Lan Zalo")
    day = eight_days_ahead()
    await c.say(
        org, org["id"], f"/hop Hội nghị sơ kết | {day} | Hội trường A | tất cả, riêng!", replies=0
    )

    async def card_on_zalo() -> bool:
        return len(await zalo_cards(c, member)) == 1

    await wait_until(card_on_zalo, within=20)
    [card] = await zalo_cards(c, member)
    assert card["text"].endswith(ANSWER_LINE), card["text"]
    assert "<b>" not in card["text"] and "Hội nghị sơ kết" in card["text"]
    [confirmed] = await c.zsay(member, "xn 1 có")
    assert "Đã ghi nhận: ✅" in confirmed["text"] and "(T01)" in confirmed["text"]
    tally = "✅ 1 người"

    async def counted_on_telegram() -> bool:
        return tally in (await card_in(c, groups[0]))["text"]

    await wait_until(counted_on_telegram, within=20)
    assert await scalar(c, select(func.count()).where(Rsvp.answer == RsvpAnswer.ATTEND)) == 1
    assert len(await zalo_cards(c, member)) == 1  # no edit and no second card on Zalo
    # the Zalo organiser asks for the export: the files cannot go on Zalo, which is said
    zorg = c.zalo_organiser
    await c.zsay(zorg, "/start")
    await c.zsay(zorg, "/xuat 1", replies=0)

    async def told_files_are_telegram_only() -> bool:
        seen = await c.zalo.seen_by(zorg["id"])
        return any("Tệp xuất chỉ gửi được qua Telegram" in m["text"] for m in seen)

    await wait_until(told_files_are_telegram_only, within=15)


async def test_a_zalo_organiser_lists_with_and_without_the_slash(both: BothCluster) -> None:
    c, zorg = both, both.zalo_organiser
    [greeting] = await c.zsay(zorg, "/start")
    assert "Ban tổ chức" in greeting["text"], greeting["text"]
    await build_cluster(c, units=1, extra_groups=0)
    [scheduled] = await c.say(
        c.organiser,
        c.organiser["id"],
        f"/thongbao Họp giao ban sáng thứ Hai | tất cả | {eight_days_ahead()}!",
    )
    assert "#1" in scheduled["text"], scheduled["text"]
    for typed in ("ds", "/ds", "DS"):
        [listing] = await c.zsay(zorg, typed)
        assert "#1" in listing["text"] and "Họp giao ban" in listing["text"], listing["text"]
        assert "<" not in listing["text"]  # plain text, no markup


async def test_a_long_notice_arrives_on_zalo_in_several_messages_cut_at_paragraphs(
    both: BothCluster,
) -> None:
    c, org = both, both.organiser
    await build_cluster(c, units=1, extra_groups=0)
    member = await zalo_member(c, "T01", "Minh Zalo")
    paragraphs = [f"Mục {i}. " + "Nội dung cần triển khai tới các đơn vị. " * 12 for i in range(8)]
    body = "\n\n".join(paragraphs)
    assert len(body) > 3000
    [sent] = await c.say(org, org["id"], f"/thongbao Kế hoạch tháng 12 | tất cả, riêng!\n\n{body}")
    assert "Đã xác nhận gửi #1" in sent["text"] or "#1" in sent["text"], sent["text"]

    async def delivered() -> bool:
        seen = await c.zalo.seen_by(member["id"])
        return "Mục 7." in "".join(m["text"] for m in seen)

    await wait_until(delivered, within=20)
    notice = [m["text"] for m in await c.zalo.seen_by(member["id"])][1:]  # after the greeting
    assert len(notice) >= 3 and all(len(m) <= 2000 for m in notice)
    assert "THÔNG BÁO #1" in notice[0]
    assert all(m.startswith("Mục ") for m in notice[1:])  # cut at paragraphs
    assert all(m.endswith("các đơn vị.") for m in notice[:-1])
    assert notice[-1].endswith("các đơn vị.\n\nXác nhận đã nhận: DA NHAN 1")  # the typed button
    assert "".join(notice).count("Nội dung cần triển khai") == 8 * 12


async def test_zalo_alone_runs_without_a_telegram_token(zalo_only: BothCluster) -> None:
    c, zorg = zalo_only, zalo_only.zalo_organiser
    assert c.loa is not None and c.loa.adapter is None and c.loa.zalo is not None
    # an organiser's help is longer than one Zalo message: it comes in parts, each within 2,000
    parts = await c.zsay(zorg, "/trogiup", replies=2)
    assert len(parts) == 2 and all(len(part["text"]) <= 2000 for part in parts)
    said = "\n".join(part["text"] for part in parts)
    assert "/thongbao" in said and "/kyyeu" in said, said
    [none_yet] = await c.zsay(zorg, "ds")
    assert "Không có thông báo nào" in none_yet["text"], none_yet["text"]


async def test_a_zalo_group_is_linked_by_mentioning_the_bot_and_gets_the_notices(
    both: BothCluster,
) -> None:
    c, zorg = both, both.zalo_organiser
    await build_cluster(c, units=1, extra_groups=0)
    group = await c.zalo.create_group("BGH Trường số 1 (Zalo)", member_ids=[zorg["id"]])
    before = len(await c.zalo.messages(group["id"], bot_only=True))
    await c.zalo.mention(zorg["id"], group["id"], "nhom T01")

    async def linked() -> bool:
        said = await c.zalo.messages(group["id"], bot_only=True)
        return len(said) > before and "T01" in said[-1]["text"]

    await wait_until(linked, within=15)
    [sent] = await c.say(c.organiser, c.organiser["id"], "/thongbao Lịch trực tuần sau | T01!")
    assert "#1" in sent["text"], sent["text"]

    async def notice_in_the_group() -> bool:
        said = await c.zalo.messages(group["id"], bot_only=True)
        return any("THÔNG BÁO #1" in m["text"] for m in said)

    await wait_until(notice_in_the_group, within=15)


async def test_telegram_alone_runs_without_a_zalo_token(cluster: Cluster) -> None:
    c = cluster
    assert c.loa is not None and c.loa.zalo is None and c.loa.zalo_client is None
    assert c.loa.platforms == [Platform.TELEGRAM]
    [greeting] = await c.say(c.organiser, c.organiser["id"], "/start")
    assert "Ban tổ chức" in greeting["text"]
