"""Checks Bot API calls against the published description (`api.json`).

The description is located once (env `LOA_BOT_API_JSON`, or a `shared/telegram-bot-api/api.json`
found beside one of this file's parent folders) and pre-indexed, so that checking a call is a few
dictionary look-ups. Problems are returned as short sentences; the server records them as
violations and still serves the call, so tests can assert that Loa never broke the API.
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ENV_VAR = "LOA_BOT_API_JSON"
_RELATIVE = Path("shared") / "telegram-bot-api" / "api.json"
_INT_RE = re.compile(r"-?\d+")
_FLOAT_RE = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_BOOL_STRINGS = frozenset({"true", "false", "1", "0"})
_MAX_DEPTH = 8
_TAG_RE = re.compile(r'(?:must be|always) "?([a-z_]+)"?')


class UploadedFile:
    """A file part of a multipart request."""

    __slots__ = ("content", "filename", "mime_type")

    def __init__(self, filename: str, content: bytes, mime_type: str | None = None) -> None:
        self.filename = filename
        self.content = content
        self.mime_type = mime_type

    def __repr__(self) -> str:
        return f"<file {self.filename!r}, {len(self.content)} bytes>"


@dataclass(frozen=True, slots=True)
class Field:
    """One parameter of a method or one field of an object type."""

    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True, slots=True)
class Shape:
    """The fields of a method or object type, indexed by name."""

    name: str
    fields: dict[str, Field]
    required: tuple[str, ...]
    subtypes: tuple[str, ...] = ()
    #: For a kind of an abstract type: (field, value) naming it, e.g. ("type", "chat").
    tag: tuple[str, str] | None = None


class ApiSpec:
    """An indexed Bot API description."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.version: str = str(raw.get("version", ""))
        self.methods: dict[str, Shape] = {
            name: _shape(name, body) for name, body in raw.get("methods", {}).items()
        }
        self.types: dict[str, Shape] = {
            name: _shape(name, body) for name, body in raw.get("types", {}).items()
        }
        self._by_lower = {name.lower(): name for name in self.methods}

    def canonical_method(self, name: str) -> str | None:
        """The method's official spelling (method names are case-insensitive), or None."""
        return self._by_lower.get(name.lower())

    def check_call(self, method: str, params: dict[str, Any]) -> list[str]:
        """Problems with a call: required fields missing, unknown fields, wrong value types."""
        shape = self.methods.get(method)
        if shape is None:
            return [f"unknown method {method!r}"]
        problems: list[str] = []
        for name in shape.required:
            if name not in params:
                problems.append(f"required parameter {name!r} is missing")
        for name, value in params.items():
            field = shape.fields.get(name)
            if field is None:
                problems.append(f"unknown parameter {name!r}")
                continue
            problem = self._check_value(value, field.types, params, from_form=True, depth=0)
            if problem:
                problems.append(f"parameter {name!r}: {problem}")
        return problems

    def _check_value(
        self,
        value: Any,
        types: tuple[str, ...],
        params: dict[str, Any],
        *,
        from_form: bool,
        depth: int,
    ) -> str | None:
        """None if `value` fits one of `types`, else why not.

        With several candidate types, the reason given is that of the type the value most
        resembles: one whose required fields it has.
        """
        reasons: list[str] = []
        for type_name in types:
            reason = self._check_one(value, type_name, params, from_form=from_form, depth=depth)
            if reason is None:
                return None
            reasons.append(reason)
        if not reasons:
            return "no type"
        close = [r for r in reasons if "lacks required field" not in r and "expected" not in r]
        return (close or reasons)[0]

    def _check_one(
        self,
        value: Any,
        type_name: str,
        params: dict[str, Any],
        *,
        from_form: bool,
        depth: int,
    ) -> str | None:
        if depth > _MAX_DEPTH:
            return None
        if type_name == "String":
            return None if isinstance(value, str) else f"expected String, got {_kind(value)}"
        if type_name == "Integer":
            if isinstance(value, int) and not isinstance(value, bool):
                return None
            if from_form and isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
                return None
            return f"expected Integer, got {_kind(value)}"
        if type_name == "Float":
            if isinstance(value, int | float) and not isinstance(value, bool):
                return None
            if from_form and isinstance(value, str) and _FLOAT_RE.fullmatch(value.strip()):
                return None
            return f"expected Float, got {_kind(value)}"
        if type_name == "Boolean":
            if isinstance(value, bool):
                return None
            if from_form and isinstance(value, str) and value.strip().lower() in _BOOL_STRINGS:
                return None
            return f"expected Boolean, got {_kind(value)}"
        if type_name == "InputFile":
            if isinstance(value, UploadedFile):
                return None
            if isinstance(value, str) and value.startswith("attach://"):
                attached = params.get(value[len("attach://") :])
                if isinstance(attached, UploadedFile):
                    return None
                return f"{value} names no uploaded part"
            return f"expected InputFile, got {_kind(value)}"
        if from_form and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return f"expected {type_name} as JSON, got a non-JSON string"
        if type_name.startswith("Array of "):
            if not isinstance(value, list):
                return f"expected {type_name}, got {_kind(value)}"
            inner = type_name[len("Array of ") :]
            for index, item in enumerate(value):
                problem = self._check_one(item, inner, params, from_form=False, depth=depth + 1)
                if problem:
                    return f"item {index}: {problem}"
            return None
        return self._check_object(value, type_name, params, depth=depth)

    def _candidates(self, shape: Shape, value: dict[str, Any]) -> list[str]:
        """The kinds of an abstract type the value names by its tag (all if it names none)."""
        named = [
            sub
            for sub in shape.subtypes
            if (tag := self.types[sub].tag if sub in self.types else None) is not None
            and value.get(tag[0]) == tag[1]
        ]
        return named or list(shape.subtypes)

    def _check_object(
        self, value: Any, type_name: str, params: dict[str, Any], *, depth: int
    ) -> str | None:
        shape = self.types.get(type_name)
        if shape is None:
            return f"type {type_name!r} is not in the description"
        if not isinstance(value, dict):
            return f"expected {type_name} object, got {_kind(value)}"
        if shape.subtypes:
            reasons = []
            for sub in self._candidates(shape, value):
                problem = self._check_object(value, sub, params, depth=depth + 1)
                if problem is None:
                    return None
                reasons.append(problem)
            return f"fits none of the kinds of {type_name} ({reasons[0]})"
        for name in shape.required:
            if name not in value:
                return f"{type_name} lacks required field {name!r}"
        for name, item in value.items():
            field = shape.fields.get(name)
            if field is None:
                return f"{type_name} has unknown field {name!r}"
            problem = self._check_value(item, field.types, params, from_form=False, depth=depth + 1)
            if problem:
                return f"{type_name}.{name}: {problem}"
        return None


def _shape(name: str, body: dict[str, Any]) -> Shape:
    raw_fields = body.get("fields", ())
    fields = {
        f["name"]: Field(f["name"], tuple(f.get("types", ())), bool(f.get("required")))
        for f in raw_fields
    }
    required = tuple(n for n, f in fields.items() if f.required)
    tag = None
    if raw_fields:
        match = _TAG_RE.search(str(raw_fields[0].get("description", "")))
        if match:
            tag = (raw_fields[0]["name"], match.group(1))
    return Shape(name, fields, required, tuple(body.get("subtypes", ())), tag)


def _kind(value: Any) -> str:
    if isinstance(value, UploadedFile):
        return "a file"
    return type(value).__name__


def locate() -> Path | None:
    """Where api.json is: `$LOA_BOT_API_JSON`, else `shared/telegram-bot-api/api.json` in or
    beside any parent folder of this file (the repository's sibling `shared/` in CI)."""
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env)
        return path if path.is_file() else None
    for folder in Path(__file__).resolve().parents:
        candidate = folder / _RELATIVE
        if candidate.is_file():
            return candidate
    return None


@cache
def spec() -> ApiSpec | None:
    """The indexed description, loaded once; None (with a warning) if it cannot be found."""
    path = locate()
    if path is None:
        log.warning(
            "Bot API description not found (set %s); the emulator will not check calls", ENV_VAR
        )
        return None
    with path.open(encoding="utf-8") as fh:
        return ApiSpec(json.load(fh))


def available() -> bool:
    """Whether calls are being checked against api.json (tests should insist on it)."""
    return spec() is not None
