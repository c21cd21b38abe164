"""An unexpected failure inside a handler: logged with its traceback, the person told politely."""

from __future__ import annotations

import dataclasses

import pytest

from handlers import router
from handlers.core import Reply, Request
from tests.e2e.conftest import TOKEN, Cluster


async def test_a_failing_handler_is_logged_and_the_person_hears_it_in_vietnamese(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(ctx: object, req: Request) -> Reply:
        raise RuntimeError(f"database fell over (token {TOKEN})")

    command = router.BY_NAME["trogiup"]
    monkeypatch.setitem(router.BY_NAME, "trogiup", dataclasses.replace(command, run=broken))
    org = cluster.organiser
    reply = await cluster.say(org, org["id"], "/trogiup")
    assert reply[0]["text"] == (
        "Xin lỗi, đã có lỗi xảy ra khi xử lý yêu cầu. Xin vui lòng thử lại sau ít phút."
    )
    log = cluster.log.getvalue()
    assert "Traceback" in log and "RuntimeError: database fell over" in log
    assert TOKEN not in log and TOKEN.split(":", 1)[1] not in log
    follow_up = await cluster.say(org, org["id"], "/start")
    assert "Ban tổ chức" in follow_up[0]["text"]
