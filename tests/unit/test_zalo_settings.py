"""The Zalo settings: read and checked like the others, their secrets never printed, and the
Telegram settings unchanged beside them."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logs import configure_logging
from bot.settings import SettingsError, load_settings
from storage.models import Platform
from tests.unit.zalo_support import ZALO_SECRET_HALF, ZALO_TOKEN

TELEGRAM = "123456:TEST-token-abc"


def test_zalo_settings_have_their_defaults() -> None:
    settings = load_settings(_env_file=None, telegram_bot_token=TELEGRAM)
    assert settings.zalo_bot_token is None and settings.zalo_webhook_secret is None
    assert settings.zalo_api_url == "https://bot-api.zaloplatforms.com"
    assert settings.zalo_monthly_quota == 3000


def test_zalo_settings_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("ZALO_BOT_TOKEN", ZALO_TOKEN)
    monkeypatch.setenv("ZALO_API_URL", "http://127.0.0.1:9000/")
    monkeypatch.setenv("ZALO_WEBHOOK_SECRET", "hook-secret-42")
    monkeypatch.setenv("ZALO_MONTHLY_QUOTA", "0")
    settings = load_settings(_env_file=None)
    assert settings.zalo_bot_token is not None
    assert settings.zalo_bot_token.get_secret_value() == ZALO_TOKEN
    assert ZALO_SECRET_HALF not in repr(settings)
    assert settings.zalo_api_url == "http://127.0.0.1:9000"
    assert settings.zalo_monthly_quota == 0
    assert settings.telegram_bot_token is None
    assert settings.require_token() == [Platform.ZALO]  # Zalo alone is enough to run


def test_without_any_token_the_stop_names_both_tokens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("ZALO_BOT_TOKEN", raising=False)
    settings = load_settings(_env_file=None)
    with pytest.raises(SettingsError, match=r"TELEGRAM_BOT_TOKEN.*ZALO_BOT_TOKEN"):
        settings.require_token()


def test_both_tokens_run_both_platforms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:ABCDEFGHIJ")
    monkeypatch.setenv("ZALO_BOT_TOKEN", ZALO_TOKEN)
    assert load_settings(_env_file=None).require_token() == [Platform.TELEGRAM, Platform.ZALO]


def test_the_zalo_pace_is_a_positive_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZALO_MESSAGES_PER_SECOND", "0.5")
    assert load_settings(_env_file=None).zalo_messages_per_second == 0.5
    for bad in ("0", "-1", "fast"):
        monkeypatch.setenv("ZALO_MESSAGES_PER_SECOND", bad)
        with pytest.raises(SettingsError, match="ZALO_MESSAGES_PER_SECOND"):
            load_settings(_env_file=None)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("zalo_bot_token", "no-colon-here"),
        ("zalo_webhook_secret", "short"),
        ("zalo_webhook_secret", "has spaces in it"),
        ("zalo_monthly_quota", "-5"),
        ("zalo_monthly_quota", "many"),
        ("zalo_api_url", "bot-api.zaloplatforms.com"),
    ],
)
def test_a_malformed_zalo_setting_is_named_in_both_languages(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, **{name: value})
    message = str(caught.value)
    assert f"Cấu hình {name.upper()} không hợp lệ / invalid setting {name.upper()}" in message


def test_the_zalo_secrets_are_redacted_from_logs() -> None:
    settings = load_settings(
        _env_file=None,
        telegram_bot_token=TELEGRAM,
        zalo_bot_token=ZALO_TOKEN,
        zalo_webhook_secret="hook-secret-42",
    )
    stream = io.StringIO()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        configure_logging("DEBUG", settings.secret_values(), stream)
        logging.getLogger("loa.test").debug(
            "calling /bot%s/getMe with %s, then %s", ZALO_TOKEN, "hook-secret-42", ZALO_SECRET_HALF
        )
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    line = stream.getvalue()
    assert "getMe" in line
    assert ZALO_SECRET_HALF not in line and "hook-secret-42" not in line
