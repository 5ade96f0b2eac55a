"""Validation problems: a JSON path plus a message written for a person.

Pydantic's own messages are precise but terse ("Input should be a valid integer"); a producer
fixing a project file at midnight needs the place and the fix. This module turns pydantic's
error records into :class:`Problem` values with such messages, so validation can report every
problem at once instead of stopping at the first.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a project file. ``path`` is empty for file-level problems."""

    path: str
    message: str

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


def json_path(loc: Iterable[str | int]) -> str:
    """``("people", 0, "name", "ar")`` -> ``people[0].name.ar``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
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
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


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
        problems.append(Problem(json_path(loc), _message(record, loc, root)))
    return problems


def _message(record: dict[str, Any], loc: tuple[str | int, ...], root: type[BaseModel]) -> str:
    kind = record["type"]
    ctx = record.get("ctx") or {}
    value = record.get("input")
    if kind == "missing":
        return "required field is missing; add it"
    if kind == "extra_forbidden":
        parent = model_at(root, loc[:-1])
        known = _field_names(parent) if parent else []
        hint = suggest(str(loc[-1]), known)
        fix = f"did you mean {hint!r}?" if hint else "remove it or check the spelling"
        return f"unknown field {loc[-1]!r}; {fix}"
    if kind == "string_type":
        return f"should be text in quotes, got {_json_kind(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"should be a whole number, got {_json_kind(value)}"
    if kind == "list_type":
        return f"should be a list [...], got {_json_kind(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"should be an object {{...}}, got {_json_kind(value)}"
    if kind == "literal_error":
        return f"should be one of {ctx.get('expected')}, got {_json_kind(value)}"
    if kind == "greater_than_equal":
        return f"should be at least {ctx['ge']}, got {value!r}"
    if kind == "greater_than":
        return f"should be more than {ctx['gt']}, got {value!r}"
    if kind == "less_than_equal":
        return f"should be at most {ctx['le']}, got {value!r}"
    if kind == "string_too_short":
        return "should not be empty"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"should have at least {n} item{'s' if n != 1 else ''}"
    if kind == "value_error":
        return str(ctx.get("error") or record["msg"]).removeprefix("Value error, ")
    return str(record["msg"])
