"""Validation problems: a JSON path plus a message written for a person.

Pydantic's own messages are precise but terse ("Input should be a valid integer"); a producer
fixing a project file at midnight needs the place and the fix. This module turns pydantic's
error records into :class:`Problem` values with such messages, so validation can report every
problem at once instead of stopping at the first.
"""

from __future__ import annotations

import difflib
import json
import math
import re
import stat
import typing
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

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


def file_kind(mode: int) -> str | None:
    """What a path that is not a regular file is, for a message (None for a regular file).

    Checked from ``stat`` before a file is opened: opening a named pipe for reading blocks
    until something writes to it (``takatof validate`` would hang for ever), and a device
    may never end or may act when opened."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


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
        if record["type"] == "bilingual_control":
            # A line break or tab in a one-line text, told in each language that has one.
            for lang, message in record["ctx"]["messages"].items():
                problems.append(Problem(json_path((*loc, lang)), message))
            continue
        problems.append(Problem(json_path(loc), _message(record, loc, root)))
    return problems


def _too_long_text(limit: int, length: int) -> str:
    return f"should be at most {limit} characters, got {length} — shorten it"


_SHOULD_BE = {
    "string_type": "text in quotes",
    "bool_type": "true or false (without quotes)",
    "bool_parsing": "true or false (without quotes)",
    "list_type": "a list [...]",
    "model_type": "an object {...}",
    "model_attributes_type": "an object {...}",
    "dict_type": "an object {...}",
}
"""What a value of the wrong JSON type should have been, by pydantic's error type."""

_SHOULD_BE_NUMBER = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
}

_LIMITS = {
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
}
"""A number out of bounds: the words for the bound, and its key in the error's context."""


def _message(record: ErrorDetails, loc: tuple[str | int, ...], root: type[BaseModel]) -> str:
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
    if kind == "string_unicode":
        return BROKEN_CHARACTER
    if kind == "model_type" and ctx.get("class_name") == "MediaItem":
        return f'should be a file path in quotes or an object {{"path": ...}}, got {_json_kind(value)}'
    if kind in _SHOULD_BE:
        return f"should be {_SHOULD_BE[kind]}, got {_json_kind(value)}"
    if kind in _SHOULD_BE_NUMBER:  # a number in quotes gets advice on the quotes
        return f"should be {_SHOULD_BE_NUMBER[kind]}, got {_json_kind(value)}{_unquote(value)}"
    if kind == "finite_number":
        return f"should be an ordinary number, got {show_number(value)}"
    if kind == "literal_error":
        return f"should be one of {ctx.get('expected')}, got {_json_kind(value)}"
    if kind in _LIMITS:
        words, bound = _LIMITS[kind]
        return f"should be {words} {_bound(ctx[bound])}, got {show_number(value)}"
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


_QUOTES = "\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019"
_WORD = re.compile(r"[A-Za-z_]\w*")
_BARE_WORDS = {
    "True": "true",
    "False": "false",
    "None": "null",
    "TRUE": "true",
    "FALSE": "false",
    "NULL": "null",
    "Null": "null",
    "undefined": "null",
}


def json_syntax_message(error: json.JSONDecodeError) -> str:
    """A JSON syntax error as ``invalid JSON at line L, column C: what; the fix``.

    The ``json`` module's own messages name the parser's expectation, not the mistake, and
    some are cut off (``Invalid control character at``, whose position the module appends
    only to ``str(error)``). One expectation has several usual causes told apart by the
    character the parser stopped at: "Expecting property name" is a trailing comma at a
    ``}``, single quotes at a ``'``; "Expecting value" is a trailing comma at a ``]``,
    Python's ``True`` at a ``T``."""
    where = f"invalid JSON at line {error.lineno}, column {error.colno}"
    return f"{where}: {_json_mistake(error.msg, error.doc, error.pos)}"


def _json_mistake(msg: str, doc: str, pos: int) -> str:
    char = doc[pos] if 0 <= pos < len(doc) else ""
    if msg.startswith("Invalid control character"):
        what = {
            "\t": "a raw tab",
            "\n": "a raw line break",
            "\r": "a raw carriage return",
        }.get(char, f"a raw control character ({codepoint(char)})")
        advice = "write a tab as \\t and a line break as \\n, or remove it"
        if char in "\r\n":  # what an unclosed text runs into at the end of its line
            advice += " (or the text's closing double quote is missing)"
        return f"{what} inside a text; {advice}"
    if msg.startswith("Unterminated string"):
        return "the text starting here has no closing double quote; add it"
    if msg.startswith("Invalid \\uXXXX"):
        return "\\u in a text must be followed by four hex digits (as in \\u00e9)"
    if msg.startswith("Invalid \\escape"):
        return (
            "a backslash in a text starts no escape JSON knows; write a backslash as \\\\ "
            "(in a file path, use / instead)"
        )
    if not doc.strip():
        return "the file is empty; give the project's .json file"
    if msg.startswith("Extra data"):
        return (
            "more text follows the end of the project's object (a } too many, or a second "
            "object); remove it, or move it inside the first { ... }"
        )
    if not char:
        return "the file ends before the JSON does; a closing } or ], or the rest of the file, is missing"
    if char in _QUOTES:
        return f'a typographic quote {char}; JSON needs straight double quotes "'
    if char != " " and unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        return f"an invisible character ({codepoint(char)}) outside any text; remove it"
    if char == "/":
        return "JSON has no comments; remove the comment"
    if msg.startswith("Illegal trailing comma"):  # Python 3.13 and later
        return "a comma after the last item; remove it"
    if msg.startswith("Expecting ':'"):
        return 'a colon is missing between a key and its value; write "key": value'
    if msg.startswith("Expecting ','"):
        if pos > 0 and doc[pos - 1] == '"' and char not in ' \t\r\n"':
            return (
                'a double quote inside a text ends it early; write it as \\" (or use \u201c \u201d), '
                "or add the missing comma"
            )
        return "a comma is missing just before this point, between two items; add it"
    if msg.startswith("Expecting property name"):
        if char == "}":
            return "a comma after the last item of an object; remove it"
        if char == "'":
            return 'a key in single quotes; JSON needs double quotes: "key"'
        if _WORD.match(doc, pos):
            return 'a key without quotes; write it in double quotes: "key"'
        return 'a key must follow here, in double quotes: "key": value'
    if msg.startswith("Expecting value"):
        if char == "]":
            return "a comma after the last item of a list; remove it"
        if char in ",}":
            return "a value is missing here (after a colon, or between two commas)"
        if char == "'":
            return 'a text in single quotes; JSON needs double quotes: "text"'
        if char in ".+":
            return "a number must start with a digit or -; write 0.5, not .5 or +0.5"
        word = _WORD.match(doc, pos)
        if word and word.group() in _BARE_WORDS:
            return f"{word.group()} is not JSON; write {_BARE_WORDS[word.group()]} in lower case"
        if word:
            return 'a text without quotes; put it in double quotes: "text"'
        return "a value is missing or misspelled here"
    return f"{msg.removesuffix(' at').removesuffix(' starting')}; look for a missing comma, quote or bracket just before this point"


def codepoint(char: str) -> str:
    """``U+00A0 NO-BREAK SPACE``: how to find an invisible character in an editor."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def codepoints(text: str, most: int = 3) -> str:
    """The distinct characters of ``text`` by :func:`codepoint`, the first ``most`` of them:
    what a blank-looking text holds."""
    kinds = sorted({codepoint(c) for c in text})
    return ", ".join(kinds[:most]) + (", …" if len(kinds) > most else "")


_CONTROL_NAMES = [
    "NULL",
    "START_OF_HEADING",
    "START_OF_TEXT",
    "END_OF_TEXT",
    "END_OF_TRANSMISSION",
    "ENQUIRY",
    "ACKNOWLEDGE",
    "BELL",
    "BACKSPACE",
    "TAB",
    "LINE_FEED",
    "LINE_TABULATION",
    "FORM_FEED",
    "CARRIAGE_RETURN",
    "SHIFT_OUT",
    "SHIFT_IN",
    "DATA_LINK_ESCAPE",
    "DEVICE_CONTROL_ONE",
    "DEVICE_CONTROL_TWO",
    "DEVICE_CONTROL_THREE",
    "DEVICE_CONTROL_FOUR",
    "NEGATIVE_ACKNOWLEDGE",
    "SYNCHRONOUS_IDLE",
    "END_OF_TRANSMISSION_BLOCK",
    "CANCEL",
    "END_OF_MEDIUM",
    "SUBSTITUTE",
    "ESCAPE",
    "FILE_SEPARATOR",
    "GROUP_SEPARATOR",
    "RECORD_SEPARATOR",
    "UNIT_SEPARATOR",
]
_C1_NAMES = [
    "PADDING_CHARACTER",
    "HIGH_OCTET_PRESET",
    "BREAK_PERMITTED_HERE",
    "NO_BREAK_HERE",
    "INDEX",
    "NEXT_LINE",
    "START_OF_SELECTED_AREA",
    "END_OF_SELECTED_AREA",
    "CHARACTER_TABULATION_SET",
    "CHARACTER_TABULATION_WITH_JUSTIFICATION",
    "LINE_TABULATION_SET",
    "PARTIAL_LINE_FORWARD",
    "PARTIAL_LINE_BACKWARD",
    "REVERSE_LINE_FEED",
    "SINGLE_SHIFT_TWO",
    "SINGLE_SHIFT_THREE",
    "DEVICE_CONTROL_STRING",
    "PRIVATE_USE_ONE",
    "PRIVATE_USE_TWO",
    "SET_TRANSMIT_STATE",
    "CANCEL_CHARACTER",
    "MESSAGE_WAITING",
    "START_OF_GUARDED_AREA",
    "END_OF_GUARDED_AREA",
    "START_OF_STRING",
    "SINGLE_GRAPHIC_CHARACTER_INTRODUCER",
    "SINGLE_CHARACTER_INTRODUCER",
    "CONTROL_SEQUENCE_INTRODUCER",
    "STRING_TERMINATOR",
    "OPERATING_SYSTEM_COMMAND",
    "PRIVACY_MESSAGE",
    "APPLICATION_PROGRAM_COMMAND",
]
"""The names of the C0 and C1 control characters (Unicode's name aliases), which
:func:`unicodedata.name` does not know: a report says "U+0000 (NULL)", not a bare number."""


def control_name(char: str) -> str:
    """``U+0000 (NULL)``: a control character by its code and its usual name."""
    code = ord(char)
    if code < 0x20:
        name = _CONTROL_NAMES[code]
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code <= 0x9F:
        name = _C1_NAMES[code - 0x80]
    else:
        name = unicodedata.name(char, "")
    return f"U+{code:04X}" + (f" ({name.replace('_', ' ')})" if name else "")


def is_control(char: str, lines: bool = False) -> bool:
    """Whether ``char`` is a C0 or C1 control character a text must not hold. A tab and a
    line break are let through when ``lines`` (a text of several lines: a quote, a story)."""
    if lines and char in "\t\n":
        return False
    return unicodedata.category(char) == "Cc"


def control_message(text: str, lines: bool = False) -> str | None:
    """What is wrong with the first control character in ``text``, or None when it has none.

    A control character draws nothing (or a box) on a card and travels into the alt text and
    caption files, where a NUL cuts the text short for many readers; it comes from a paste
    out of a terminal or a PDF, or a damaged export, never from typing, so it is refused with
    its place (position counted from 1, as an editor's column) rather than silently dropped."""
    found = [i for i, char in enumerate(text) if is_control(char, lines)]
    if not found:
        return None
    first = text[found[0]]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    if first in "\t\n\r":
        what = {"\t": "a tab", "\n": "a line break", "\r": "a carriage return"}[first]
        fix = "this text is one line: replace it with a space" if not lines else "remove it"
        if first == "\r" and lines:
            fix = "remove it (a line break is \\n alone)"
        return (
            f"holds {what}, the control character {control_name(first)}, at position "
            f"{found[0] + 1}{more}; {fix}"
        )
    return (
        f"holds the control character {control_name(first)} at position {found[0] + 1}{more}; "
        "remove it (it draws nothing and breaks the alt text and captions)"
    )
