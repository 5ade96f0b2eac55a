"""Validation problems: a JSON path plus a message written for a person.

Pydantic's own messages are precise but terse ("Input should be a valid integer"); a producer
fixing a project file at midnight needs the place and the fix. This module turns pydantic's
error records into :class:`Problem` values with such messages, so validation can report every
problem at once instead of stopping at the first.
"""

from __future__ import annotations

import difflib
import math
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

BROKEN_CHARACTER = (
    "holds a broken character (a lone \\uD800-\\uDFFF escape, half of a pair); retype the text around it"
)
"""For text with a lone UTF-16 surrogate: JSON can write one, no file or font can hold it."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a project file. ``path`` is empty for file-level problems.

    Both texts are made printable on construction: JSON can spell a lone UTF-16 surrogate
    (``"\\ud800"``), which Python keeps in a str but cannot encode, so quoting such a value
    back would turn the report itself into a traceback. It is shown escaped instead."""

    path: str
    message: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProjectError(Exception):
    """Raised when a project file cannot be used; carries every problem found."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''}"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])


def printable(text: str) -> str:
    """``text`` with any lone surrogate written as ``\\udXXX``, so it can be printed."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for quoting a value back in a
    message: a 20,000-character value must not become a 20,000-character message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_path(loc: Iterable[str | int]) -> str:
    """``("people", 0, "name", "ar")`` -> ``people[0].name.ar``. A key of absurd length (only
    an unknown one can be) is shortened: the path is for a person to read."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            part = shorten(str(part), 100)
            out += f".{part}" if out else part
    return out


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest valid name to a misspelt one, if any is close enough to be a typo."""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {show_number(value)}"
    if isinstance(value, str):
        return f"the text {shorten(value)!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def show_number(value: Any) -> str:
    """A number as JSON writes it, or its size when it is too long to be worth reading back
    (Python cannot even turn an int of more than 4,300 digits into text)."""
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, int) and abs(value) >= 10**21:
        digits = len(str(abs(value))) if abs(value).bit_length() < 14_000 else None
        return f"a number with {digits} digits" if digits else "a number with thousands of digits"
    return repr(value)


def model_at(root: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The pydantic model class found by following ``loc`` down from ``root``."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            field = next((f for f in current.model_fields.values() if f.alias == part), None)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Find the model class inside ``list[X]``, ``X | None`` and ``Annotated[X, ...]``."""
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    for arg in typing.get_args(annotation):
        inner = _unwrap(arg)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    if origin in (types.UnionType, typing.Union, list, typing.Annotated):
        return None
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def from_validation_error(error: ValidationError, root: type[BaseModel]) -> list[Problem]:
    """Every pydantic error record as a :class:`Problem` with a human message."""
    problems = []
    for record in error.errors(include_url=False):
        loc = tuple(record["loc"])
        if record["type"] == "bilingual_too_long":
            # One check of a two-language text; each language too long is its own problem.
            limit = record["ctx"]["max_length"]
            for lang, length in record["ctx"]["lengths"].items():
                problems.append(Problem(json_path((*loc, lang)), _too_long_text(limit, length)))
            continue
        problems.append(Problem(json_path(loc), _message(record, loc, root)))
    return problems


def _too_long_text(limit: int, length: int) -> str:
    return f"should be at most {limit} characters, got {length} — shorten it"


def _message(record: dict[str, Any], loc: tuple[str | int, ...], root: type[BaseModel]) -> str:
    kind = record["type"]
    ctx = record.get("ctx") or {}
    value = record.get("input")
    if kind == "missing":
        if loc and isinstance(loc[-1], int):  # a fixed-length list, as a focus [x, y]
            return f"a value is missing: the list needs at least {loc[-1] + 1} values"
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        parent = model_at(root, loc[:-1])
        known = _field_names(parent) if parent else []
        hint = suggest(str(loc[-1]), known)
        fix = f"did you mean {hint!r}?" if hint else "remove it or check the spelling"
        return f"unknown field {shorten(str(loc[-1]))!r}; {fix}"
    if kind == "string_type":
        return f"should be text in quotes, got {_json_kind(value)}"
    if kind == "string_unicode":
        return BROKEN_CHARACTER
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"should be a whole number, got {_json_kind(value)}{_unquote(value)}"
    if kind in ("float_type", "float_parsing"):
        return f"should be a number, got {_json_kind(value)}{_unquote(value)}"
    if kind == "finite_number":
        return f"should be an ordinary number, got {show_number(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"should be true or false (without quotes), got {_json_kind(value)}"
    if kind == "list_type":
        return f"should be a list [...], got {_json_kind(value)}"
    if kind == "model_type" and ctx.get("class_name") == "MediaItem":
        return f'should be a file path in quotes or an object {{"path": ...}}, got {_json_kind(value)}'
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"should be an object {{...}}, got {_json_kind(value)}"
    if kind == "literal_error":
        return f"should be one of {ctx.get('expected')}, got {_json_kind(value)}"
    if kind == "greater_than_equal":
        return f"should be at least {_bound(ctx['ge'])}, got {show_number(value)}"
    if kind == "greater_than":
        return f"should be more than {_bound(ctx['gt'])}, got {show_number(value)}"
    if kind == "less_than_equal":
        return f"should be at most {_bound(ctx['le'])}, got {show_number(value)}"
    if kind == "less_than":
        return f"should be less than {_bound(ctx['lt'])}, got {show_number(value)}"
    if kind == "string_too_short":
        return "should not be empty"
    if kind == "string_too_long":
        return _too_long_text(ctx["max_length"], len(value) if isinstance(value, str) else 0)
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"should have at least {n} item{'s' if n != 1 else ''}"
    if kind == "too_long":
        n = ctx.get("max_length")
        got = len(value) if isinstance(value, (list, dict)) else ctx.get("actual_length")
        things = "entries" if isinstance(value, dict) else "items"
        return f"should have at most {n} {things}, got {got} — remove some"
    if kind == "value_error":
        return str(ctx.get("error") or record["msg"]).removeprefix("Value error, ")
    return str(record["msg"])


def _bound(limit: Any) -> Any:
    """A bound as written in the schema: pydantic hands a float field's ``le=86400`` back as
    86400.0, which reads like a different number to a person."""
    return int(limit) if isinstance(limit, float) and limit.is_integer() else limit


def _unquote(value: Any) -> str:
    """Advice for a number written as text, the commonest reason for a type error on one."""
    if isinstance(value, str):
        try:
            number = float(value.replace(",", ""))
        except ValueError:
            return ""
        return "; write the number without quotes" if math.isfinite(number) else ""
    return ""
