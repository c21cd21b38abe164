"""Loa's configuration, read from the environment and an optional `.env` file.

Every setting of PRODUCT §13 that Loa uses lives here. A missing or malformed value stops
start-up with one line naming the setting (see `load_settings`), never a traceback.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from storage.models import Platform


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it, in Vietnamese and English."""


class Settings(BaseSettings):
    """Loa's settings. Secrets are `SecretStr` so they never print by accident."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///loa.db"
    loa_admins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    loa_timezone: str = "Asia/Ho_Chi_Minh"
    loa_webhook_url: str | None = None
    loa_webhook_secret: SecretStr | None = None
    loa_listen: str = "127.0.0.1:8080"
    loa_allow_private_urls: bool = False
    # days that are not working days besides weekends (`2026-12-07` or `7/12/2026`, comma-separated)
    loa_holidays: Annotated[list[date], NoDecode] = Field(default_factory=list)
    # the cluster's name, shown on roll-call posters and the book of papers
    loa_cluster_name: str = ""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    zalo_bot_token: SecretStr | None = None
    zalo_api_url: str = "https://bot-api.zaloplatforms.com"
    zalo_webhook_secret: SecretStr | None = None
    # the free plan's 3,000 messages a month (zalo-bot-api.md); 0 means no quota
    zalo_monthly_quota: int = 3000
    # Zalo publishes no rate limit: Loa sends at most this many messages a second there
    zalo_messages_per_second: float = 1.0

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        text = str(value).strip()
        head, _, tail = text.partition(":")
        if not head.isdigit() or len(tail) < 5 or any(ch.isspace() for ch in tail):
            raise ValueError("expected the form 123456789:ABC… given by @BotFather")
        return text

    @field_validator("zalo_bot_token", mode="before")
    @classmethod
    def _zalo_token_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        text = str(value).strip()
        head, _, tail = text.partition(":")
        if not head or len(tail) < 5 or any(ch.isspace() for ch in text):
            raise ValueError("expected the form <bot_id>:<secret> given by Zalo Bot Creator")
        return text

    @field_validator("zalo_webhook_secret", mode="before")
    @classmethod
    def _zalo_secret_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        text = str(value)
        if not 8 <= len(text) <= 256 or not all(
            ch.isascii() and (ch.isalnum() or ch in "_-") for ch in text
        ):
            raise ValueError("8–256 characters: letters A-Z a-z, digits, _ and -")
        return text

    @field_validator("zalo_monthly_quota", mode="before")
    @classmethod
    def _quota(cls, value: object) -> object:
        if value in (None, ""):
            return 3000
        text = str(value).strip().replace("_", "")
        if not text.isdigit():
            raise ValueError("expected a whole number of messages a month (0 for no quota)")
        return int(text)

    @field_validator("zalo_messages_per_second", mode="before")
    @classmethod
    def _pace(cls, value: object) -> object:
        if value in (None, ""):
            return 1.0
        try:
            pace = float(str(value).strip())
        except ValueError:
            raise ValueError("expected a number of messages a second, e.g. 1 or 0.5") from None
        if not 0 < pace <= 100:
            raise ValueError("expected a number of messages a second above 0 (at most 100)")
        return pace

    @field_validator("loa_webhook_secret", mode="before")
    @classmethod
    def _secret_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        text = str(value)
        if not 1 <= len(text) <= 256 or not all(
            ch.isascii() and (ch.isalnum() or ch in "_-") for ch in text
        ):
            raise ValueError("1–256 characters: letters A-Z a-z, digits, _ and -")
        return text

    @field_validator("telegram_api_url", "zalo_api_url", "loa_webhook_url", mode="before")
    @classmethod
    def _http_url(cls, value: object) -> object:
        if value in (None, ""):
            return None if value is None else value
        text = str(value).strip().rstrip("/")
        if not text.startswith(("http://", "https://")) or len(text) < 10:
            raise ValueError("expected an http:// or https:// address")
        return text

    @field_validator("database_url", mode="before")
    @classmethod
    def _database_url(cls, value: object) -> object:
        text = str(value).strip()
        if text.startswith("postgresql://") or text.startswith("postgres://"):
            text = "postgresql+asyncpg://" + text.split("://", 1)[1]
        if text.startswith("sqlite:///"):
            text = "sqlite+aiosqlite:///" + text.removeprefix("sqlite:///")
        if not text.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("expected sqlite+aiosqlite:///FILE or postgresql+asyncpg://…")
        return text

    @field_validator("loa_admins", mode="before")
    @classmethod
    def _admins(cls, value: object) -> list[str]:
        if value is None:
            return []
        items = value if isinstance(value, list) else str(value).split(",")
        admins: list[str] = []
        for raw in items:
            item = str(raw).strip()
            if not item:
                continue
            platform, _, ident = item.rpartition(":")
            if platform not in ("", "telegram", "zalo"):
                raise ValueError(f"unknown platform in {item!r}")
            if platform in ("", "telegram") and not ident.lstrip("-").isdigit():
                raise ValueError(f"{item!r} is not a Telegram user id (digits)")
            if not ident:
                raise ValueError(f"{item!r} has no id")
            admins.append(f"{platform or 'telegram'}:{ident}")
        return admins

    @field_validator("loa_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown time zone, e.g. Asia/Ho_Chi_Minh") from exc
        return value

    @field_validator("loa_holidays", mode="before")
    @classmethod
    def _holidays(cls, value: object) -> list[date]:
        if isinstance(value, list):
            return value
        days: list[date] = []
        for item in str(value or "").split(","):
            item = item.strip()
            if not item:
                continue
            try:
                if "/" in item:
                    day, month, year = (int(part) for part in item.split("/"))
                    days.append(date(year, month, day))
                else:
                    days.append(date.fromisoformat(item))
            except ValueError as exc:
                raise ValueError(f"{item!r} is not a date, e.g. 2026-12-07 or 7/12/2026") from exc
        return sorted(set(days))

    @field_validator("loa_cluster_name", mode="before")
    @classmethod
    def _cluster_name(cls, value: object) -> str:
        name = " ".join(str(value or "").split())
        if len(name) > 200:
            raise ValueError("at most 200 characters")
        return name

    @field_validator("loa_listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("expected HOST:PORT, e.g. 127.0.0.1:8080")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: object) -> object:
        return str(value).strip().upper()

    @property
    def tz(self) -> ZoneInfo:
        """The zone every time is read and shown in."""
        return ZoneInfo(self.loa_timezone)

    @property
    def listen_host_port(self) -> tuple[str, int]:
        host, _, port = self.loa_listen.rpartition(":")
        return host, int(port)

    def admin_ids(self, platform: str) -> set[str]:
        """Platform user ids that are organisers from the start."""
        prefix = f"{platform}:"
        return {a.removeprefix(prefix) for a in self.loa_admins if a.startswith(prefix)}

    def secret_values(self) -> list[str]:
        """Every secret Loa holds (tokens, webhook secrets), for log redaction."""
        values = [
            self.telegram_bot_token,
            self.loa_webhook_secret,
            self.zalo_bot_token,
            self.zalo_webhook_secret,
        ]
        return [v.get_secret_value() for v in values if v is not None]

    def platforms(self) -> list[Platform]:
        """The platforms Loa runs on: those whose bot token is set."""
        found = []
        if self.telegram_bot_token is not None:
            found.append(Platform.TELEGRAM)
        if self.zalo_bot_token is not None:
            found.append(Platform.ZALO)
        return found

    def require_token(self) -> list[Platform]:
        """The platforms with a token (at least one), or a clear stop saying how to get one."""
        found = self.platforms()
        if not found:
            raise SettingsError(
                "Thiếu token: hãy đặt TELEGRAM_BOT_TOKEN (tạo bot với @BotFather, lệnh /newbot) "
                "và/hoặc ZALO_BOT_TOKEN (tạo bot trên Zalo Bot Creator) trong tệp .env hoặc biến "
                "môi trường. / Missing token: set TELEGRAM_BOT_TOKEN (from @BotFather) and/or "
                "ZALO_BOT_TOKEN (from Zalo Bot Creator) in .env or the environment."
            )
        return found


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation failure into one line naming the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "?"
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(
            f"Cấu hình {name} không hợp lệ / invalid setting {name}: {reason}"
        ) from None
