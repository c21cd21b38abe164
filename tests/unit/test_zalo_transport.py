"""The Zalo transport against the Zalo emulator: outbox payloads as plain messages (several for a
long card, the first one's id kept), no call for an edit or a deletion, a photo card with its
caption (as text when the picture is refused), Zalo's errors as delivery outcomes, the pace
setting, and the one place the monthly quota is asked."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.delivery import ChatGone, Rejected, RetryLater, Transient
from bot.emulator.zalo import ZaloEmulatorServer
from bot.zalo_client import ZaloClient
from bot.zalo_send import ZaloTransport
from handlers.meetings.card import rsvp_buttons
from handlers.notices.cards import payload
from storage.models import OutboxAction
from tests.unit.zalo_support import person_who_wrote, zalo_client

SEND = OutboxAction.SEND


class CountingQuota:
    """A quota of `room` messages, recording what the transport asked of it."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.reserved: list[int] = []
        self.received_n = 0
        self.exceeded_calls = 0

    async def reserve(self, n: int) -> bool:
        if n > self.room:
            return False
        self.room -= n
        self.reserved.append(n)
        return True

    async def received(self, n: int) -> None:
        self.received_n += n

    async def exceeded(self, unsent: int = 0) -> None:
        self.exceeded_calls += 1
        self.room += unsent

    def hold(self) -> RetryLater:
        return RetryLater(3600.0)


def transport(zalo: ZaloClient, **options: object) -> ZaloTransport:
    options.setdefault("per_second", 100.0)
    return ZaloTransport(zalo, **options)  # type: ignore[arg-type]


async def test_a_card_goes_as_plain_text_ending_with_its_answer_line(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    card = payload("<b>GIẤY MỜI HỌP #3</b>\nHội trường &amp; sân", rsvp_buttons(3))
    message_id = await transport(zalo).deliver(user, SEND, card, None)
    [seen] = await zemu.client.seen_by(user)
    assert seen["message_id"] == message_id
    assert seen["text"].startswith("GIẤY MỜI HỌP #3\nHội trường & sân\n\nTrả lời: XN 3 CO")
    assert await zemu.client.violations() == []


async def test_a_long_payload_goes_as_several_messages_and_keeps_the_first_id(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    body = "\n\n".join(f"Mục {i}. " + "chi tiết " * 100 for i in range(5))
    message_id = await transport(zalo).deliver(user, SEND, payload(body), None)
    seen = await zemu.client.seen_by(user)
    assert len(seen) == 3 and seen[0]["message_id"] == message_id
    assert all(len(m["text"]) <= 2000 and m["text"].startswith("Mục ") for m in seen)


async def test_an_edit_or_a_deletion_sends_nothing(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    zt = transport(zalo)
    assert await zt.deliver(user, OutboxAction.EDIT, payload("mới"), "m-9") == "m-9"
    assert await zt.deliver(user, OutboxAction.DELETE, {}, "m-9") == "m-9"
    assert await zemu.client.seen_by(user) == []


async def test_a_photo_card_goes_with_its_caption_or_as_text_when_refused(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    quota = CountingQuota(room=10)
    zt = transport(zalo, quota=quota)
    card = {"photo": "https://tin.vn/anh.jpg", "caption": "<b>Tin</b> mới", "text": "Tin mới"}
    await zt.deliver(user, SEND, card, None)
    refused = {"photo": "not a url", "caption": "<b>Tin</b> khác"}
    await zt.deliver(user, SEND, refused, None)
    first, second = await zemu.client.seen_by(user)
    assert first["photo"] == "https://tin.vn/anh.jpg" and first["caption"] == "Tin mới"
    assert second["text"] == "Tin khác" and second["photo"] is None
    assert quota.reserved == [1, 1]  # the refused picture's card is counted once


async def test_a_document_goes_as_its_caption_and_a_bare_file_is_rejected(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    zt = transport(zalo)
    await zt.deliver(user, SEND, {"document": "tg-file-id", "caption": "Bài của T01"}, None)
    with pytest.raises(Rejected):
        await zt.deliver(user, SEND, {"document": "tg-file-id"}, None)
    [seen] = await zemu.client.seen_by(user)
    assert seen["text"] == "Bài của T01"


async def test_zalo_errors_become_delivery_outcomes(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    zt = transport(zalo)
    stranger = (await zemu.client.create_user("Chưa nhắn"))["id"]
    with pytest.raises(ChatGone):  # the person never wrote to the bot
        await zt.deliver(stranger, SEND, payload("xin chào"), None)
    with pytest.raises(Rejected):
        await zt.deliver("no-such-chat", SEND, payload("xin chào"), None)
    user = await person_who_wrote(zemu.client)
    await zemu.client.set_fault(method="sendMessage", kind="status", status=502, count=10)
    with pytest.raises(Transient):
        await zt.deliver(user, SEND, payload("xin chào"), None)


async def test_a_429_tells_the_quota_and_waits_an_hour(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    quota = CountingQuota(room=100)
    await zemu.client.set_quota(limit=1, used=1)
    with pytest.raises(RetryLater) as waited:
        await transport(zalo, quota=quota).deliver(user, SEND, payload("xin chào"), None)
    assert waited.value.seconds == 3600 and quota.exceeded_calls == 1


async def test_nothing_is_sent_when_the_quota_has_no_room(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    quota = CountingQuota(room=2)
    zt = transport(zalo, quota=quota)
    body = "\n\n".join("đoạn " * 300 for _ in range(3))  # three messages
    with pytest.raises(RetryLater):
        await zt.deliver(user, SEND, payload(body), None)
    assert await zemu.client.seen_by(user) == []
    await zt.deliver(user, SEND, payload("ngắn"), None)
    await zt.received(2)
    assert quota.reserved == [1] and quota.received_n == 2


async def test_messages_go_at_the_configured_pace(zemu: ZaloEmulatorServer) -> None:
    user = await person_who_wrote(zemu.client)
    async with zalo_client(zemu) as zalo:
        zt = transport(zalo, per_second=4.0)
        started = time.monotonic()
        await zt.send_texts(user, [f"tin {i}" for i in range(9)])
        elapsed = time.monotonic() - started
    assert elapsed >= 1.9  # 4 a second: the 9th waits for two windows to pass


async def test_the_probe_says_whether_zalo_answers(zemu: ZaloEmulatorServer) -> None:
    async with zalo_client(zemu, retries=0) as zalo:
        zt = transport(zalo)
        assert await zt.probe()
        await zemu.client.set_fault(method="getMe", kind="status", status=503)
        assert not await zt.probe()


async def test_a_reply_does_not_wait_behind_a_whole_broadcast(zemu: ZaloEmulatorServer) -> None:
    member = await person_who_wrote(zemu.client, "Thành viên")
    asker = await person_who_wrote(zemu.client, "Người hỏi")
    async with zalo_client(zemu) as zalo:
        zt = transport(zalo, per_second=2.0)
        broadcast = [
            asyncio.create_task(zt.deliver(member, SEND, payload(f"thông báo {i}"), None))
            for i in range(12)  # six seconds of sending at two a second
        ]
        await asyncio.sleep(0.1)
        started = time.monotonic()
        await zt.send_texts(asker, ["trả lời"])
        waited = time.monotonic() - started
        await asyncio.gather(*broadcast)
    assert waited < 3.0, waited
    assert len(await zemu.client.seen_by(member)) == 12
