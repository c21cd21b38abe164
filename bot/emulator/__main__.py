"""`python -m bot.emulator --port 8081 --token ... [--scale 10] [--zalo-port 8082]`: run the
emulator standalone (with `--zalo-port`, the Zalo emulator beside it in the same process)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from bot.emulator.limits import Limits
from bot.emulator.server import EmulatorServer
from bot.emulator.zalo import ZaloEmulatorServer


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", default="123456:TEST-token-abc")
    parser.add_argument("--username", default="LoaTestBot", help="the bot's username")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply Telegram's rate limits by this"
    )
    parser.add_argument("--no-limits", action="store_true", help="switch rate limits off")
    parser.add_argument(
        "--zalo-port", type=int, default=None, help="also serve the Zalo Bot API on this port"
    )
    parser.add_argument("--zalo-token", default="1459232241454765289:TEST-zalo-secret")
    return parser.parse_args()


async def _serve(args: argparse.Namespace) -> None:
    limits = Limits(None, None, None) if args.no_limits else Limits().scaled(args.scale)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with contextlib.AsyncExitStack() as stack:
        emu = await stack.enter_async_context(
            EmulatorServer(
                token=args.token,
                bot_username=args.username,
                limits=limits,
                host=args.host,
                port=args.port,
            )
        )
        print(emu.base_url, flush=True)
        if args.zalo_port is not None:
            zemu = await stack.enter_async_context(
                ZaloEmulatorServer(token=args.zalo_token, host=args.host, port=args.zalo_port)
            )
            print(zemu.base_url, flush=True)
        await stop.wait()


def main() -> None:
    asyncio.run(_serve(_arguments()))


if __name__ == "__main__":
    main()
