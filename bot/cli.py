"""The `loa` command: run the bot, manage the database, check the configuration."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

import typer

from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings

cli = typer.Typer(
    help="Loa — announcements for a cluster's schools on Telegram.", no_args_is_help=True
)
db_cli = typer.Typer(help="Database commands.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")


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
    server_task = None
    try:
        if webhook:
            server_task = await _start_webhook(loa, settings)
        await stop.wait()
    finally:
        if server_task is not None:
            server_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await server_task
        await loa.stop()


async def _start_webhook(loa: object, settings: Settings) -> asyncio.Task[None]:
    import uvicorn

    from bot.app import Loa
    from bot.telegram import ALLOWED_UPDATES
    from bot.webhook import build_webhook_app, webhook_path

    assert isinstance(loa, Loa)
    assert settings.loa_webhook_url and settings.loa_webhook_secret
    secret = settings.loa_webhook_secret.get_secret_value()
    app = build_webhook_app(loa.app, webhook_path(settings.loa_webhook_url), secret)
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
