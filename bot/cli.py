"""The `loa` command: run the bot, manage the database and the units, check the configuration."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

import typer

from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from collections.abc import Sequence

    from handlers.cluster.units_import import UnitRow

cli = typer.Typer(
    help="Loa — announcements for a cluster's schools on Telegram and Zalo.", no_args_is_help=True
)
db_cli = typer.Typer(help="Database commands.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
units_cli = typer.Typer(help="Units (member schools).", no_args_is_help=True)
cli.add_typer(units_cli, name="units")


def _settings() -> Settings:
    try:
        settings = load_settings()
        return settings
    except SettingsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


def _secrets(settings: Settings) -> list[str]:
    return settings.secret_values()


def _require_token(settings: Settings) -> None:
    try:
        settings.require_token()
    except SettingsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None


@cli.command()
def run(
    webhook: bool = typer.Option(False, "--webhook", help="Receive updates by webhook."),
) -> None:
    """Run Loa (long polling by default)."""
    settings = _settings()
    _require_token(settings)
    if webhook:
        _check_webhook_settings(settings)
    configure_logging(settings.log_level, _secrets(settings))
    asyncio.run(_serve(settings, webhook))


def _check_webhook_settings(settings: Settings) -> None:
    """Webhook mode needs the URL, and the secret of each platform that runs."""
    needed = ["LOA_WEBHOOK_URL"] if not settings.loa_webhook_url else []
    if settings.telegram_bot_token is not None and settings.loa_webhook_secret is None:
        needed.append("LOA_WEBHOOK_SECRET")
    if settings.zalo_bot_token is not None and settings.zalo_webhook_secret is None:
        needed.append("ZALO_WEBHOOK_SECRET")
    if needed:
        names = ", ".join(needed)
        typer.echo(f"Chế độ webhook cần {names} / webhook mode needs {names}", err=True)
        raise typer.Exit(2)


async def _serve(settings: Settings, webhook: bool) -> None:
    from bot.app import Loa

    loa = Loa(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await loa.start(polling=not webhook)
    assert loa.fatal is not None
    server_task = None
    try:
        if webhook:
            server_task = await _start_webhook(loa, settings)
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait([stopping, loa.fatal], return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
    finally:
        if server_task is not None:
            server_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await server_task
        await loa.stop()
    if loa.fatal.done():
        typer.echo(loa.fatal.result(), err=True)
        raise typer.Exit(1)


async def _start_webhook(loa: object, settings: Settings) -> asyncio.Task[None]:
    import uvicorn

    from bot.app import Loa
    from bot.telegram import ALLOWED_UPDATES
    from bot.webhook import build_webhook_app, webhook_path, zalo_webhook_url

    assert isinstance(loa, Loa)
    assert settings.loa_webhook_url
    secret = settings.loa_webhook_secret.get_secret_value() if settings.loa_webhook_secret else ""
    path = webhook_path(settings.loa_webhook_url)
    zalo = None
    zalo_url = zalo_webhook_url(settings.loa_webhook_url)
    if loa.zalo_intake is not None and settings.zalo_webhook_secret is not None:
        zalo_secret = settings.zalo_webhook_secret.get_secret_value()
        zalo = (loa.zalo_intake, urlsplit(zalo_url).path, zalo_secret)
    telegram = loa.adapter.app if loa.adapter is not None else None
    app = build_webhook_app(telegram, loa.intake, path, secret, zalo=zalo)
    host, port = settings.listen_host_port
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    if telegram is not None:
        await telegram.bot.set_webhook(
            settings.loa_webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )
    if zalo is not None and loa.zalo_client is not None:
        await loa.zalo_client.set_webhook(zalo_url, zalo[2])
    return task


@cli.command()
def demo() -> None:
    """Play a cluster's notices against the built-in Bot API emulator (no token needed)."""
    from bot.demo import run_demo

    run_demo()


@db_cli.command("upgrade")
def db_upgrade() -> None:
    """Apply pending database migrations."""
    from storage import migrate

    settings = _settings()
    migrate.upgrade(settings.database_url)
    typer.echo(f"Cơ sở dữ liệu đã cập nhật / database at revision {migrate.current_head()}")


@units_cli.command("import")
def units_import(
    file: Annotated[Path, typer.Argument(help="CSV file, UTF-8: code,name (header optional).")],
) -> None:
    """Add or rename units from a CSV file; a bad row is named by line and nothing is imported."""
    from handlers.cluster.units_import import UnitsFileError, read_units_csv
    from storage import migrate

    try:
        data = file.read_bytes()
    except FileNotFoundError:
        typer.echo(f"Không tìm thấy tệp {file} / file not found: {file}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        typer.echo(f"Không đọc được tệp {file} / cannot read {file}: {reason}", err=True)
        raise typer.Exit(1) from None
    try:
        rows = read_units_csv(data)
    except UnitsFileError as exc:
        typer.echo(exc.report(), err=True)
        raise typer.Exit(1) from None
    from sqlalchemy.exc import OperationalError

    from storage.db import DatabaseBusy

    settings = _settings()
    try:
        migrate.upgrade(settings.database_url)
        summary = asyncio.run(import_units_file(settings.database_url, rows, str(file)))
    except DatabaseBusy:
        typer.echo(
            "Cơ sở dữ liệu đang bận, chưa nhập gì; xin chạy lại sau ít phút / "
            "the database stayed busy; nothing was imported, try again shortly",
            err=True,
        )
        raise typer.Exit(1) from None
    except (OSError, OperationalError) as exc:
        reason = type(getattr(exc, "orig", None) or exc).__name__
        typer.echo(
            f"Không kết nối được cơ sở dữ liệu, chưa nhập gì / "
            f"cannot reach the database ({reason}); nothing was imported",
            err=True,
        )
        raise typer.Exit(1) from None
    typer.echo(summary)


async def import_units_file(database_url: str, rows: Sequence[UnitRow], source: str) -> str:
    """The import of `loa units import`: one session, one commit (retried whole if the
    database is busy); returns what it did, to print."""
    from handlers.cluster.units_import import import_units
    from handlers.core import SystemClock
    from storage.db import make_engine, make_sessionmaker, retry_busy

    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)

    async def work() -> str:
        async with sessions() as session, session.begin():
            result = await import_units(session, rows, SystemClock().now(), source=source)
        return result.summary()

    try:
        return await retry_busy(work, what="units import")
    finally:
        await engine.dispose()


@cli.command()
def check() -> None:
    """Check the configuration and reach each platform's API with a token (getMe)."""
    settings = _settings()
    _require_token(settings)
    configure_logging(settings.log_level, _secrets(settings))
    lines = asyncio.run(_check(settings))
    failed = False
    for ok, line in lines:
        typer.echo(line, err=not ok)
        failed = failed or not ok
    typer.echo(poster_font_line())
    if failed:
        raise typer.Exit(1)


def poster_font_line() -> str:
    """Whether the roll-call poster's font is installed (without it `/diemdanh` gives the link
    only): a warning, not a failure."""
    from handlers.meetings.poster import font_missing

    missing = font_missing()
    if missing is None:
        return "OK phông chữ áp phích điểm danh / roll-call poster font: DejaVu Sans"
    return (
        f"CẢNH BÁO: thiếu phông chữ {missing} (apt-get install fonts-dejavu-core): "
        "/diemdanh chỉ gửi đường dẫn / warning: no poster font, /diemdanh sends the link only"
    )


async def _check(settings: Settings) -> list[tuple[bool, str]]:
    """One line per platform with a token: OK with the bot's name, or why not (never the
    token)."""
    lines = []
    if settings.telegram_bot_token is not None:
        lines.append(await _check_telegram(settings))
    if settings.zalo_bot_token is not None:
        lines.append(await _check_zalo(settings))
    return lines + optional_tools()


def optional_tools() -> list[tuple[bool, str]]:
    """What the optional tools are (LibreOffice, the DejaVu fonts) and, when missing, what is
    off without them: notes, never a failed check."""
    from handlers.papers import book

    lines = [libreoffice_line()]
    if not book.fonts_present():
        lines.append(
            (
                True,
                "Chưa có phông DejaVu / the DejaVu fonts are missing: không dựng được kỷ yếu "
                "(/kyyeu) — apt-get install fonts-dejavu-core",
            )
        )
    return lines


def libreoffice_line() -> tuple[bool, str]:
    """Whether LibreOffice is there, and what is off without it: an optional tool, so never a
    failure of the check."""
    from handlers.papers.convert import soffice_path
    from handlers.texts import text

    found = soffice_path()
    if found:
        vi, en = (text(lang, "formats.check_soffice_ok", path=found) for lang in ("vi", "en"))
    else:
        vi, en = (text(lang, "formats.check_soffice_missing") for lang in ("vi", "en"))
    return True, f"{vi}\n  / {en}"


async def _check_telegram(settings: Settings) -> tuple[bool, str]:
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError

    assert settings.telegram_bot_token is not None
    token = settings.telegram_bot_token.get_secret_value()
    api = settings.telegram_api_url
    bot = Bot(token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot")
    try:
        async with bot:
            me = await bot.get_me()
    except InvalidToken:
        return (
            False,
            "Telegram: TELEGRAM_BOT_TOKEN bị từ chối / the token was refused by the Bot API",
        )
    except NetworkError as exc:
        return False, (
            f"Telegram: không kết nối được {api} / cannot reach the Bot API: {type(exc).__name__}"
        )
    return True, f"OK Telegram: @{me.username} ({me.id}) qua {api}; múi giờ {settings.loa_timezone}"


async def _check_zalo(settings: Settings) -> tuple[bool, str]:
    from bot.zalo_client import Unauthorized, ZaloClient, ZaloError, ZaloNetworkError

    assert settings.zalo_bot_token is not None
    api = settings.zalo_api_url
    try:
        async with ZaloClient(settings.zalo_bot_token, api, retries=1) as client:
            me = await client.get_me()
    except Unauthorized:
        return False, "Zalo: ZALO_BOT_TOKEN bị từ chối / the token was refused by Zalo (401)"
    except ZaloNetworkError:
        return False, f"Zalo: không kết nối được {api} / cannot reach the Zalo Bot API"
    except ZaloError as exc:
        return False, f"Zalo: {api} trả lời lỗi / answered an error: {exc.error_code}"
    name = me.get("display_name") or me.get("account_name") or "?"
    return True, f"OK Zalo: {name} ({me.get('id', '?')}) qua {api}"


def main() -> None:
    try:
        cli()
    except SettingsError as exc:
        typer.echo(str(exc), err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
