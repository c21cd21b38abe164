"""The Zalo client against the Zalo emulator: it trusts `ok` whatever the HTTP status, takes an
idle poll for "nothing yet", retries network errors and 5xx a bounded number of times, types its
errors, keeps its token out of logs and exception texts, and reads webhook deliveries.

The emulator's own rules are in test_zalo_emulator.py; fixtures in tests/unit/conftest.py.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import traceback

import pytest

from bot.emulator import BackgroundServer
from bot.emulator.zalo import Shapes, ZaloEmulatorServer
from bot.zalo_client import (
    QuotaExceeded,
    Unauthorized,
    ZaloClient,
    ZaloError,
    ZaloNetworkError,
    read_envelope,
)
from bot.zalo_updates import BadUpdate, parse_update
from tests.unit.zalo_support import (
    ZALO_SECRET_HALF,
    ZALO_TOKEN,
    WebhookReceiver,
    person_who_wrote,
    zalo_client,
)


async def test_get_me_describes_the_bot(zalo: ZaloClient) -> None:
    me = await zalo.get_me()
    assert me["id"] == ZALO_TOKEN.split(":")[0]
    assert me["account_type"] == "BASIC"


async def test_an_error_at_http_200_is_an_error(zemu: ZaloEmulatorServer, zalo: ZaloClient) -> None:
    stranger = await zemu.client.create_user("Minh")
    with pytest.raises(ZaloError) as caught:
        await zalo.send_message(stranger["id"], "Chào thầy")
    assert caught.value.error_code == 403
    assert "has not sent the bot a message" in caught.value.description
    [call] = await zemu.client.requests("sendMessage")
    assert call["http_status"] == 200


async def test_an_error_with_its_own_http_status_reads_the_same() -> None:
    async with ZaloEmulatorServer(token=ZALO_TOKEN, real_statuses=True) as zemu:
        user = await person_who_wrote(zemu.client)
        async with zalo_client(zemu) as zalo:
            with pytest.raises(ZaloError) as caught:
                await zalo.send_message(user, "x" * 2001)
        assert caught.value.error_code == 400
        [call] = await zemu.client.requests("sendMessage")  # a 4xx is not retried
        assert call["http_status"] == 400


def test_the_envelope_decides_not_the_http_status() -> None:
    assert read_envelope("getMe", 500, b'{"ok":true,"result":{"id":"1"}}') == {"id": "1"}
    with pytest.raises(ZaloError) as caught:
        read_envelope("sendMessage", 200, b'{"ok":false,"error_code":400,"description":"bad"}')
    assert (caught.value.error_code, caught.value.description) == (400, "bad")
    with pytest.raises(ZaloError) as gateway:
        read_envelope("sendMessage", 502, b"<html>Bad Gateway</html>")
    assert gateway.value.error_code == 502 and gateway.value.retryable


async def test_an_idle_poll_returns_no_update(zemu: ZaloEmulatorServer, zalo: ZaloClient) -> None:
    assert await zalo.get_updates(timeout=1) is None
    [call] = await zemu.client.requests("getUpdates")
    assert (call["status"], call["error"]) == (408, "Request timeout")


async def test_a_gateway_timeout_on_a_poll_is_no_update(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    await zemu.client.set_fault(method="getUpdates", status=504)
    assert await zalo.get_updates(timeout=0) is None
    assert len(await zemu.client.requests("getUpdates")) == 1  # not retried


async def test_a_server_error_is_retried_until_it_succeeds(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    await zemu.client.set_fault(method="sendMessage", status=502, count=2)
    sent = await zalo.send_message(user, "Kính gửi thầy")
    assert len(sent.message_id) == 20
    calls = await zemu.client.requests("sendMessage")
    assert [c["http_status"] for c in calls] == [502, 502, 200]
    assert [m["text"] for m in await zemu.client.seen_by(user)] == ["Kính gửi thầy"]


async def test_server_errors_stop_after_the_retries(zemu: ZaloEmulatorServer) -> None:
    await zemu.client.set_fault(method="getMe", status=503, count=10)
    async with zalo_client(zemu, retries=2) as zalo:
        with pytest.raises(ZaloError) as caught:
            await zalo.get_me()
    assert caught.value.error_code == 503
    assert len(await zemu.client.requests("getMe")) == 3


async def test_a_dropped_connection_is_retried(zemu: ZaloEmulatorServer, zalo: ZaloClient) -> None:
    await zemu.client.set_fault(method="getMe", kind="drop")
    assert (await zalo.get_me())["account_type"] == "BASIC"
    assert [c["status"] for c in await zemu.client.requests("getMe")] == [0, 200]


async def test_a_slow_answer_times_out_and_is_retried(zemu: ZaloEmulatorServer) -> None:
    await zemu.client.set_fault(method="getMe", kind="delay", delay=1.0)
    async with zalo_client(zemu, timeout=0.3) as zalo:
        assert (await zalo.get_me())["account_type"] == "BASIC"


async def test_an_unreachable_server_is_a_network_error_without_the_token() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    zalo = ZaloClient(ZALO_TOKEN, f"http://127.0.0.1:{port}", retries=1, backoff=0.01)
    try:
        with pytest.raises(ZaloNetworkError) as caught:
            await zalo.get_me()
    finally:
        await zalo.aclose()
    shown = (
        str(caught.value) + repr(caught.value) + "".join(traceback.format_exception(caught.value))
    )
    assert ZALO_SECRET_HALF not in shown
    assert ZALO_SECRET_HALF not in repr(zalo)


async def test_the_used_up_quota_is_quota_exceeded(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    await zemu.client.set_quota(limit=10, used=10)
    with pytest.raises(QuotaExceeded) as caught:
        await zalo.send_message(user, "Thông báo")
    assert (caught.value.error_code, caught.value.description) == (429, "Quota exceeded")
    assert len(await zemu.client.requests("sendMessage")) == 1  # not retried


async def test_a_wrong_token_is_unauthorized_and_not_shown(zemu: ZaloEmulatorServer) -> None:
    wrong = "1459232241454765289:WrongSecret-abc123"
    async with ZaloClient(wrong, zemu.base_url) as zalo:
        with pytest.raises(Unauthorized) as caught:
            await zalo.get_me()
    assert "WrongSecret" not in str(caught.value) + repr(caught.value)
    assert "WrongSecret" not in repr(await zemu.client.requests())


async def test_the_token_is_in_no_log_line_at_debug(
    zemu: ZaloEmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    user = await person_who_wrote(zemu.client)
    await zemu.client.set_fault(method="sendMessage", status=502)
    async with zalo_client(zemu) as zalo:
        await zalo.get_updates(timeout=0)
        await zalo.send_message(user, "Chào")
        assert await zalo.get_updates(timeout=0) is None
    lines = caplog.text
    assert "sendMessage" in lines  # the calls were logged...
    assert ZALO_SECRET_HALF not in lines  # ...without the token


async def test_a_poll_reads_the_message(zemu: ZaloEmulatorServer, zalo: ZaloClient) -> None:
    user = await zemu.client.create_user("Trần Thị Lan")
    sent = await zemu.client.send_text(user["id"], "xn 1 có")
    update = await zalo.get_updates(timeout=1)
    assert update is not None
    assert (update.event_name, update.text, update.message_id) == (
        "message.text.received",
        "xn 1 có",
        sent["message_id"],
    )
    assert (update.chat_id, update.from_id, update.from_name) == (user["id"],) * 2 + (
        "Trần Thị Lan",
    )
    assert update.is_private and update.date > 1_700_000_000_000  # milliseconds


async def test_both_shapes_of_names_and_photos_are_read() -> None:
    shapes = Shapes(name_field="first_name", photo_field="photo_url")
    async with ZaloEmulatorServer(token=ZALO_TOKEN, shapes=shapes) as zemu:
        user = await zemu.client.create_user("Lan")
        await zemu.client.send_image(user["id"], "https://example.com/a.jpg", caption="Ảnh")
        async with zalo_client(zemu) as zalo:
            update = await zalo.get_updates(timeout=1)
    assert update is not None
    assert (update.from_name, update.photo_url, update.caption) == (
        "Lan",
        "https://example.com/a.jpg",
        "Ảnh",
    )


@pytest.mark.parametrize("wrapped", [False, True], ids=["bare", "wrapped"])
async def test_webhook_delivery_carries_the_secret_header(wrapped: bool) -> None:
    receiver = WebhookReceiver()
    async with (
        BackgroundServer(receiver.app) as hook,
        ZaloEmulatorServer(token=ZALO_TOKEN, shapes=Shapes(webhook_wrapped=wrapped)) as zemu,
        zalo_client(zemu) as zalo,
    ):
        url = f"{hook.url}/zalo"
        assert (await zalo.set_webhook(url, "hook-secret-42"))["url"] == url
        assert (await zalo.get_webhook_info() or {})["url"] == url
        user = await zemu.client.create_user("Lan")
        await zemu.client.send_text(user["id"], "HP-7K2Q")
        log = await _wait_for_delivery(zemu)
        await zalo.delete_webhook()
        assert await zalo.get_webhook_info() is None
    assert log[0]["status"] == 200
    [(headers, body)] = receiver.received
    assert headers["x-bot-api-secret-token"] == "hook-secret-42"
    assert ("result" in body) is wrapped
    assert parse_update(body).text == "HP-7K2Q"


async def _wait_for_delivery(zemu: ZaloEmulatorServer) -> list[dict[str, object]]:
    for _ in range(250):
        log = await zemu.client.webhook_log()
        if log:
            return log
        await asyncio.sleep(0.02)
    raise AssertionError("the webhook was never called")


def test_an_update_without_event_name_is_known_by_its_content() -> None:
    docs_sample = {
        "ok": True,
        "result": {
            "message": {
                "chat": {"id": "e4ea2cd5189df1c3a88c", "chat_type": "PRIVATE"},
                "text": "Xin chào",
                "message_id": "16f6366b3f02645a3d15",
                "date": 1766619597466,
                "from": {"id": "e4ea2cd5189df1c3a88c", "first_name": "Nguyen Van A"},
            }
        },
    }
    update = parse_update(docs_sample)
    assert (update.event_name, update.from_name) == ("message.text.received", "Nguyen Van A")
    bare = {"message": {"message_id": "a1", "chat": {"id": "c1"}, "from": {"id": "c1"}}}
    assert parse_update(bare).is_unsupported


@pytest.mark.parametrize("body", [[], {"ok": True}, {"message": {"text": "no ids"}}])
def test_a_body_without_a_message_is_no_update(body: object) -> None:
    with pytest.raises(BadUpdate):
        parse_update(body)


async def test_every_call_of_the_client_fits_the_docs(
    zemu: ZaloEmulatorServer, zalo: ZaloClient
) -> None:
    user = await person_who_wrote(zemu.client)
    await zalo.get_me()
    await zalo.get_updates(timeout=0)
    await zalo.get_updates(timeout=0)
    await zalo.send_chat_action(user)
    await zalo.send_message(user, "Kính gửi thầy")
    await zalo.send_photo(user, "https://example.com/poster.png", caption="Hội nghị")
    await zalo.send_photo(user, "https://example.com/poster.png")
    await zalo.set_webhook("https://loa.example.org/zalo", "hook-secret-42")
    await zalo.get_webhook_info()
    await zalo.delete_webhook()
    await zalo.get_webhook_info()
    methods = {r["method"] for r in await zemu.client.requests()}
    assert len(methods) == 8
    assert await zemu.client.violations() == []
