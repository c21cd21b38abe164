"""The Bot API methods about command menus and chats: `setMyCommands`, `getMyCommands`,
`deleteMyCommands` (per scope and language), `sendChatAction`, `getChat`, `leaveChat`."""

from __future__ import annotations

import json
import re
from typing import Any

from bot.emulator.methods.registry import Reply, method, param_chat, param_json, param_str
from bot.emulator.model import MEMBER, bad_request
from bot.emulator.state import State

COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


# ---- commands -----------------------------------------------------------------------------------


def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = param_json(params, "scope", "scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), param_str(params, "language_code", "") or ""


@method("setMyCommands")
async def set_my_commands(state: State, params: dict[str, Any]) -> Reply:
    commands = param_json(params, "commands", "commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("too many commands specified")
    cleaned = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand")
        name, text = item.get("command"), item.get("description")
        if not isinstance(name, str) or not COMMAND_RE.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(text, str) or not 1 <= len(text.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": name, "description": text})
    state.commands[_commands_key(params)] = cleaned
    return Reply(True)


@method("getMyCommands")
async def get_my_commands(state: State, params: dict[str, Any]) -> Reply:
    return Reply(list(state.commands.get(_commands_key(params), [])))


@method("deleteMyCommands")
async def delete_my_commands(state: State, params: dict[str, Any]) -> Reply:
    state.commands.pop(_commands_key(params), None)
    return Reply(True)


# ---- chats --------------------------------------------------------------------------------------


@method("sendChatAction")
async def send_chat_action(state: State, params: dict[str, Any]) -> Reply:
    param_chat(state, params)
    return Reply(True)


@method("getChat")
async def get_chat(state: State, params: dict[str, Any]) -> Reply:
    chat = param_chat(state, params)
    info = chat.to_dict()
    info.update(
        accent_color_id=0,
        max_reaction_count=11,
        accepted_gift_types={
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    )
    return Reply(info)


@method("leaveChat")
async def leave_chat(state: State, params: dict[str, Any]) -> Reply:
    chat = param_chat(state, params)
    if not chat.is_group:
        raise bad_request("chat member status can't be changed in private chats")
    if chat.bot_status == MEMBER:
        state.bot_leaves(chat)
    return Reply(True)
