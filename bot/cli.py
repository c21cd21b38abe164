"""The `loa` command: run the bot, manage the database and the units, check the configuration."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from collections.abc import Sequence

    from handlers.cluster.units_import import UnitRow

cli = typer.Typer(
    help="Loa — announcements for a cluster's schools on Telegram.", no_args_is_help=True
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
    if webhook and not (settings.loa_webhook_url and settings.loa_webhook_secret):
        typer.echo(
            "Chế độ webhook cần LOA_WEBHOOK_URL và LOA_WEBHOOK_SECRET / "
            "webhook mode needs LOA_WEBHOOK_URL and LOA_WEBHOOK_SECRET",
            err=True,
        )
        raise typer.Exit(2)
    configure_logging(settings.log_level, _secrets(settings))
    asyncio.run(_serve(settings, webhook))


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
    from bot.webhook import build_webhook_app, webhook_path

    assert isinstance(loa, Loa)
    assert settings.loa_webhook_url and settings.loa_webhook_secret
    secret = settings.loa_webhook_secret.get_secret_value()
    assert loa.intake is not None
    path = webhook_path(settings.loa_webhook_url)
    app = build_webhook_app(loa.app, loa.intake, path, secret)
    host, port = settings.listen_host_port
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    await loa.app.bot.set_webhook(
        settings.loa_webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
    )
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
    """Check the configuration and reach the Bot API (getMe)."""
    settings = _settings()
    _require_token(settings)
    configure_logging(settings.log_level, _secrets(settings))
    asyncio.run(_check(settings))


async def _check(settings: Settings) -> None:
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError

    token = settings.require_token().get_secret_value()
    api = settings.telegram_api_url
    bot = Bot(token, base_url=f"{api}/bot", base_file_url=f"{api}/file/bot")
    try:
        async with bot:
            me = await bot.get_me()
    except InvalidToken:
        typer.echo("TELEGRAM_BOT_TOKEN bị từ chối / the token was refused by the Bot API", err=True)
        raise typer.Exit(1) from None
    except NetworkError as exc:
        typer.echo(
            f"Không kết nối được {api} / cannot reach the Bot API: {type(exc).__name__}", err=True
        )
        raise typer.Exit(1) from None
    typer.echo(f"OK: @{me.username} ({me.id}) qua {api}; múi giờ {settings.loa_timezone}")


def main() -> None:
    try:
        cli()
    except SettingsError as exc:
        typer.echo(str(exc), err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
