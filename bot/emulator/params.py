"""Reading Bot API parameters from an HTTP request the way the server accepts them.

Query string, `application/x-www-form-urlencoded`, `multipart/form-data` (file parts become
`UploadedFile`) and JSON bodies are all accepted; the body wins over the query string.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl, unquote

from bot.emulator.apispec import UploadedFile

_PARAM_RE = re.compile(r';\s*([A-Za-z0-9_*-]+)=("(?:[^"\\]|\\.)*"|[^;]*)')


class BadBody(ValueError):
    """The request body cannot be read."""


def parse_params(query: str, content_type: str, body: bytes) -> dict[str, Any]:
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True)) if query else {}
    if not body:
        return params
    mime = content_type.split(";", 1)[0].strip().lower()
    if mime == "application/json":
        try:
            data = json.loads(body)
        except ValueError:
            raise BadBody("can't parse JSON body") from None
        if not isinstance(data, dict):
            raise BadBody("JSON body must be an object")
        params.update(data)
    elif mime == "multipart/form-data":
        boundary = _header_params(content_type).get("boundary")
        if not boundary:
            raise BadBody("multipart body without boundary")
        params.update(_multipart(body, boundary.encode("latin-1")))
    else:
        try:
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            raise BadBody("form body is not UTF-8") from None
    return params


def _header_params(value: str) -> dict[str, str]:
    """`name=value` parameters of a header such as Content-Type or Content-Disposition."""
    found: dict[str, str] = {}
    for name, raw in _PARAM_RE.findall(value):
        name = name.lower()
        if raw.startswith('"'):
            raw = re.sub(r"\\(.)", r"\1", raw[1:-1])
        if name.endswith("*"):  # RFC 5987: charset'lang'percent-encoded
            charset, _, rest = raw.partition("'")
            _, _, encoded = rest.partition("'")
            raw = unquote(encoded, encoding=charset or "utf-8", errors="replace")
            name = name[:-1]
        elif name == "filename":
            # browsers and httpx percent-escape quotes and newlines in filenames
            raw = raw.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")
        found.setdefault(name, raw)
    return found


def _multipart(body: bytes, boundary: bytes) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    delimiter = b"--" + boundary
    for part in body.split(delimiter)[1:]:
        if part.startswith(b"--"):
            break
        part = part.removeprefix(b"\r\n").removesuffix(b"\r\n")
        head, sep, content = part.partition(b"\r\n\r\n")
        if not sep:
            raise BadBody("multipart part without headers")
        headers: dict[str, str] = {}
        for line in head.decode("utf-8", errors="replace").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        disposition = _header_params(headers.get("content-disposition", ""))
        name = disposition.get("name")
        if name is None:
            continue
        if "filename" in disposition:
            mime = headers.get("content-type")
            if mime in (None, "application/octet-stream"):
                mime = None
            fields[name] = UploadedFile(disposition["filename"], content, mime)
        else:
            fields[name] = content.decode("utf-8", errors="replace")
    return fields


def loggable(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters as recorded in the request log: files described, not kept."""
    return {k: repr(v) if isinstance(v, UploadedFile) else v for k, v in params.items()}
