"""The Bot API methods that send, edit and delete messages, answer button presses and handle
files: `sendMessage`, the `editMessage...` methods, `deleteMessage`, `answerCallbackQuery`,
`sendDocument`, `sendPhoto`, `getFile`, with the checks of text, entities, keyboards and replies
they share (the real server's limits and error descriptions)."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

import httpx

from bot.emulator.apispec import UploadedFile
from bot.emulator.html import HtmlError, parse_html, utf16_len
from bot.emulator.methods.registry import (
    Reply,
    method,
    param_bool,
    param_chat,
    param_int,
    param_json,
    param_str,
)
from bot.emulator.model import ApiError, Chat, Message, bad_request
from bot.emulator.state import State

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_BUTTONS = 100  # inline keyboard buttons in one message
MAX_TOAST = 200  # the text of answerCallbackQuery
MAX_DOWNLOAD = 20 * 1024 * 1024
MAX_UPLOAD = 50 * 1024 * 1024
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
#: Methods whose accepted calls count toward the flood limits.
LIMITED = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "editMessageText",
        "editMessageReplyMarkup",
        "editMessageCaption",
    }
)


# ---- text, markup, replies ----------------------------------------------------------------------


def _formatted(
    params: dict[str, Any], text_name: str, entities_name: str, limit: int, *, caption: bool
) -> tuple[str, list[dict[str, Any]], str | None]:
    """Text after entity parsing, its entities, and the HTML source (if parse_mode=HTML)."""
    source = param_str(params, text_name, "") or ""
    mode = (param_str(params, "parse_mode") or "").lower()
    html: str | None = None
    if mode == "html":
        try:
            text, entities = parse_html(source)
        except HtmlError as err:
            raise bad_request(f"can't parse entities: {err}") from None
        html = source
    elif mode in ("markdown", "markdownv2"):
        text, entities = source, []  # not modelled: kept as typed
    elif mode:
        raise bad_request(f"unsupported parse_mode {params.get('parse_mode')!r}")
    else:
        text = source
        entities = param_json(params, entities_name, "entities") or []
    if not caption and not text.strip():
        raise bad_request("message text is empty")
    if utf16_len(text) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    return text, entities, html


def _inline_markup(params: dict[str, Any]) -> dict[str, Any] | None:
    """The inline keyboard to attach (None: none), checked like the server checks it."""
    if params.get("reply_markup") in (None, ""):
        return None
    markup = param_json(params, "reply_markup", "reply keyboard markup")
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return None  # reply keyboards and force-reply are not part of the message
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'can\'t parse inline keyboard button: field "inline_keyboard" must be '
            "an Array of Arrays"
        )
    for row in rows:
        for button in row:
            _check_button(button)
    if sum(len(row) for row in rows) > MAX_BUTTONS:
        raise bad_request("reply markup is too long")
    if not any(rows):
        return None
    return {"inline_keyboard": rows}


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Text must be a String")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA:
            raise bad_request("BUTTON_DATA_INVALID")
    elif "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://", "tg://")):
            raise bad_request("BUTTON_URL_INVALID")
    elif not any(key not in ("text", "style", "icon_custom_emoji_id") for key in button):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )


def _reply_fields(state: State, chat: Chat, params: dict[str, Any]) -> dict[str, Any]:
    """`reply_to_message` for reply_parameters (or the older reply_to_message_id)."""
    target_id: int | None = None
    allow_missing = param_bool(params, "allow_sending_without_reply")
    reply = param_json(params, "reply_parameters", "reply parameters")
    if isinstance(reply, dict):
        target_id = reply.get("message_id")
        allow_missing = allow_missing or bool(reply.get("allow_sending_without_reply"))
        if reply.get("chat_id") not in (None, chat.id):
            target_id = None
    elif params.get("reply_to_message_id") not in (None, ""):
        target_id = param_int(params, "reply_to_message_id")
    if target_id is None:
        return {}
    target = chat.message(int(target_id))
    if target is None:
        if allow_missing:
            return {}
        raise bad_request("message to be replied not found")
    snapshot = dict(target.data)
    snapshot.pop("reply_to_message", None)
    return {"reply_to_message": snapshot}


def _send(state: State, chat: Chat, fields: dict[str, Any], html: str | None) -> Reply:
    """Count the message in the limits (raising 429 when over) and add it to the chat."""
    state.check_rate(chat)
    state.count_rate(chat)
    message = state.add_bot_message(chat, fields, html)
    return Reply(message.data)


# ---- messages -----------------------------------------------------------------------------------


@method("sendMessage")
async def send_message(state: State, params: dict[str, Any]) -> Reply:
    chat = param_chat(state, params)
    text, entities, html = _formatted(params, "text", "entities", MAX_TEXT, caption=False)
    markup = _inline_markup(params)
    fields = _reply_fields(state, chat, params)
    fields["text"] = text
    if entities:
        fields["entities"] = entities
    if markup is not None:
        fields["reply_markup"] = markup
    return _send(state, chat, fields, html)


def _editable(state: State, params: dict[str, Any]) -> tuple[Chat, Message]:
    if params.get("inline_message_id") not in (None, ""):
        raise bad_request("MESSAGE_ID_INVALID")  # inline messages are not modelled
    chat = param_chat(state, params)
    message_id = param_int(params, "message_id", required=True)
    message = chat.message(message_id or 0)
    if message is None:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return chat, message


def _apply_edit(
    state: State,
    chat: Chat,
    message: Message,
    changes: dict[str, Any],
    markup: dict[str, Any] | None,
    html: str | None,
) -> Reply:
    data = message.data
    current = {key: data.get(key) for key in changes}
    if current == changes and data.get("reply_markup") == markup:
        raise bad_request(NOT_MODIFIED)
    state.check_rate(chat)
    state.count_rate(chat)
    new = dict(data)
    for key, value in changes.items():
        if value is None:
            new.pop(key, None)
        else:
            new[key] = value
    if markup is None:
        new.pop("reply_markup", None)
    else:
        new["reply_markup"] = markup
    new["edit_date"] = int(time.time())
    message.data = new
    if html is not None or "text" in changes or "caption" in changes:
        message.html = html
    message.edit_count += 1
    state.messages_edited += 1
    return Reply(new)


@method("editMessageText")
async def edit_message_text(state: State, params: dict[str, Any]) -> Reply:
    chat, message = _editable(state, params)
    if "text" not in message.data:
        raise bad_request("there is no text in the message to edit")
    text, entities, html = _formatted(params, "text", "entities", MAX_TEXT, caption=False)
    markup = _inline_markup(params)
    changes = {"text": text, "entities": entities or None}
    return _apply_edit(state, chat, message, changes, markup, html)


@method("editMessageCaption")
async def edit_message_caption(state: State, params: dict[str, Any]) -> Reply:
    chat, message = _editable(state, params)
    if "text" in message.data:
        raise bad_request("there is no caption in the message to edit")
    text, entities, html = _formatted(
        params, "caption", "caption_entities", MAX_CAPTION, caption=True
    )
    markup = _inline_markup(params)
    changes = {"caption": text or None, "caption_entities": entities or None}
    return _apply_edit(state, chat, message, changes, markup, html)


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(state: State, params: dict[str, Any]) -> Reply:
    chat, message = _editable(state, params)
    markup = _inline_markup(params)
    return _apply_edit(state, chat, message, {}, markup, message.html)


@method("deleteMessage")
async def delete_message(state: State, params: dict[str, Any]) -> Reply:
    chat = param_chat(state, params)
    message = chat.message(param_int(params, "message_id", required=True) or 0)
    if message is None:
        raise bad_request("message to delete not found")
    message.deleted = True
    state.messages_deleted += 1
    return Reply(True)


@method("answerCallbackQuery")
async def answer_callback_query(state: State, params: dict[str, Any]) -> Reply:
    query = state.callback_queries.get(param_str(params, "callback_query_id") or "")
    if (
        query is None
        or query.answer is not None
        or time.monotonic() - query.created > state.callback_lifetime
    ):
        raise bad_request(QUERY_TOO_OLD)
    text = param_str(params, "text")
    if text is not None and utf16_len(text) > MAX_TOAST:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answer = {
        "text": text,
        "show_alert": param_bool(params, "show_alert"),
        "url": param_str(params, "url"),
        "cache_time": param_int(params, "cache_time") or 0,
    }
    return Reply(True)


# ---- files --------------------------------------------------------------------------------------


def _input_file(
    state: State, params: dict[str, Any], name: str, folder: str
) -> tuple[str, dict[str, Any], Any]:
    """The file a send names: an upload (direct or attach://) or an existing file_id."""
    value = params.get(name)
    if isinstance(value, str) and value.startswith("attach://"):
        value = params.get(value[len("attach://") :])
    if isinstance(value, UploadedFile):
        if len(value.content) > MAX_UPLOAD:
            raise ApiError(413, "Request Entity Too Large")
        if not value.content:
            raise bad_request("file must be non-empty")
        stored = state.store_file(value.content, value.filename, value.mime_type, folder=folder)
        return stored.file_id, stored.document(), stored
    if isinstance(value, str) and value in state.files:
        stored = state.files[value]
        return stored.file_id, stored.document(), stored
    if value in (None, ""):
        raise bad_request(f"there is no {name} in the request")
    raise bad_request("wrong file identifier/HTTP URL specified")


async def _url_file(state: State, url: str, folder: str) -> Any:
    """A photo given by URL, fetched as the real server does: a page that is not there, or is
    not an image, is refused. Only loopback addresses are fetched (tests serve pictures there);
    any other host counts as unreachable."""
    host = urlsplit(url).hostname or ""
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise bad_request("failed to get HTTP URL content")
    try:
        async with httpx.AsyncClient(timeout=5.0) as client:
            response = await client.get(url)
    except httpx.HTTPError:
        raise bad_request("failed to get HTTP URL content") from None
    if response.status_code != 200 or not response.content:
        raise bad_request("failed to get HTTP URL content")
    mime_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if not mime_type.startswith("image/"):
        raise bad_request("wrong type of the web page content")
    if len(response.content) > 5 * 1024 * 1024:
        raise bad_request("failed to get HTTP URL content")
    name = urlsplit(url).path.rsplit("/", 1)[-1] or "photo.jpg"
    return state.store_file(response.content, name, mime_type, folder=folder)


def _caption_fields(params: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    caption, entities, html = _formatted(
        params, "caption", "caption_entities", MAX_CAPTION, caption=True
    )
    fields: dict[str, Any] = {}
    if caption:
        fields["caption"] = caption
        if entities:
            fields["caption_entities"] = entities
    return fields, html


@method("sendDocument")
async def send_document(state: State, params: dict[str, Any]) -> Reply:
    chat = param_chat(state, params)
    caption_fields, html = _caption_fields(params)
    markup = _inline_markup(params)
    fields = _reply_fields(state, chat, params)
    state.check_rate(chat)
    _, document, _ = _input_file(state, params, "document", "documents")
    fields["document"] = document
    fields.update(caption_fields)
    if markup is not None:
        fields["reply_markup"] = markup
    return _send(state, chat, fields, html)


@method("sendPhoto")
async def send_photo(state: State, params: dict[str, Any]) -> Reply:
    chat = param_chat(state, params)
    caption_fields, html = _caption_fields(params)
    markup = _inline_markup(params)
    fields = _reply_fields(state, chat, params)
    state.check_rate(chat)
    url = params.get("photo")
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        stored = await _url_file(state, url, "photos")
    else:
        _, _, stored = _input_file(state, params, "photo", "photos")
    width, height = _image_size(stored.content)
    fields["photo"] = [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "width": width,
            "height": height,
        }
    ]
    fields.update(caption_fields)
    if markup is not None:
        fields["reply_markup"] = markup
    return _send(state, chat, fields, html)


def _image_size(content: bytes) -> tuple[int, int]:
    """Width and height of a PNG or GIF (others: a plausible default)."""
    if content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) >= 24:
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        return int.from_bytes(content[6:8], "little"), int.from_bytes(content[8:10], "little")
    return 800, 600


@method("getFile")
async def get_file(state: State, params: dict[str, Any]) -> Reply:
    stored = state.files.get(param_str(params, "file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    if len(stored.content) > MAX_DOWNLOAD:
        raise bad_request("file is too big")
    return Reply(stored.to_dict())
