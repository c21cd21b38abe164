"""Commands typed carelessly, through the real bot and the emulator: a command name with
diacritics or spaces (which Telegram does not mark as a command) is answered with the command
meant, and a command further on in a file's caption is read."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.conftest import Cluster, wait_until
from tests.e2e.test_foundation import build_cluster

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


async def test_a_command_typed_with_diacritics_is_answered_with_the_command_meant(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    await c.say(org, org["id"], "/start")
    [reply] = await c.say(org, org["id"], "/thông báo Kính mời các đồng chí | tất cả")
    assert reply["text"].startswith("Có phải anh/chị muốn gõ /thongbao?"), reply["text"]
    assert "/thongbao Kính mời các đồng chí dự Hội nghị" in reply["text"]  # the example
    [reply] = await c.say(org, org["id"], "/Tình hình 12")
    assert reply["text"].startswith("Có phải anh/chị muốn gõ /tinhhinh?"), reply["text"]
    [reply] = await c.say(org, org["id"], "/thongbo Kính mời")
    assert reply["text"].startswith("Có phải anh/chị muốn gõ /thongbao?"), reply["text"]
    [reply] = await c.say(org, org["id"], "/xyzabc 12")
    assert "Loa không hiểu lệnh" in reply["text"] and "/xyzabc" in reply["text"]
    assert "/trogiup" in reply["text"]
    sent = [m for m in await c.client.messages(org["id"]) if not m["from_bot"]]
    typed = next(m for m in sent if m["text"].startswith("/thông"))
    assert not typed.get("entities")  # as on Telegram: no bot_command entity


async def test_a_command_with_diacritics_in_a_group_is_not_seen_under_privacy_mode(
    cluster: Cluster,
) -> None:
    c, org = cluster, cluster.organiser
    [group] = await build_cluster(c, units=1, extra_groups=0)
    before = len(await c.client.bot_messages(group))
    await c.client.send_text(org["id"], group, "/thông báo Kính mời")
    [help_] = await c.say(org, group, "/trogiup")  # the next thing the bot says is the help
    assert "Các lệnh của Loa" in help_["text"] and "không hiểu" not in help_["text"]
    await asyncio.sleep(0.5)
    assert len(await c.client.bot_messages(group)) == before + 1


async def test_a_caption_with_the_command_further_on_submits_the_paper(cluster: Cluster) -> None:
    c, org = cluster, cluster.organiser
    [group] = await build_cluster(c, units=1, extra_groups=0)
    deadline = (datetime.now(TZ) + timedelta(days=3)).strftime("17h %d/%m/%Y")
    await c.say(org, org["id"], f"/thamluan Đổi mới phương pháp | {deadline} | T01!")

    async def card_arrived() -> bool:
        return any("GỬI THAM LUẬN #1" in m["text"] for m in await c.client.bot_messages(group))

    await wait_until(card_arrived)
    [invite] = await c.say(org, org["id"], "/moi T01")
    code = re.search(r"start=([\w-]+)", invite["text"])
    assert code is not None, invite["text"]
    member = await c.person("Bình", "Trần Thị")
    [joined] = await c.say(member, member["id"], f"/start {code.group(1)}")
    assert "T01" in joined["text"], joined["text"]
    before = len(await c.client.bot_messages(member["id"]))
    await c.client.send_document(
        member["id"],
        member["id"],
        "Tham luận T01.pdf",
        b"%PDF-1.4 tham luan",
        "application/pdf",
        "Nộp tham luận /nop 1",
    )
    [received] = (await c.client.wait_bot_messages(member["id"], before + 1, 30))[before:]
    assert received["text"].startswith("✅ Đã nhận tham luận của"), received["text"]
