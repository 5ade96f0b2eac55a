"""Fuzzing the project loader: no file, however broken, makes ``takatof validate`` crash.

The CLI promises exit code 0 (valid) or 2 (every problem listed, each with its JSON path) and
never a traceback. Hand-written tables test the messages; this file tests the promise against
inputs nobody thought to write: the example campaign with keys deleted, values replaced by
random JSON (huge integers, NaN/Infinity/1e308, long strings, wrong types, deep nesting), keys
written twice, and the bytes truncated, spliced with garbage or re-encoded. Media paths are
left as they are, or point at files that do not exist, so the media checks run too.

Hypothesis keeps the run modest (CI has two cores): 150 examples, each with a deadline of a
few seconds; the last section runs the nastiest files through a real ``python -m takatof.cli``.
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from takatof.cli import main
from takatof.model.paths import related
from takatof.model.project import stand_in, validate_data
from tests.conftest import EXAMPLE, EXAMPLE_DIR, ROOT

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
EXAMPLE_DATA = json.loads(EXAMPLE_TEXT)
SECONDS_PER_FILE = 5.0


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example folder (media included) and the path the fuzzed file goes to,
    validated once unchanged so the first example does not pay for imports and font loading."""
    folder = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    path = folder / "campaign.json"
    assert validate(path) == (0, "")
    return path


def validate(path: Path) -> tuple[int, str]:
    """``takatof validate PATH`` in this process: the exit code and what went to stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(path)])
    return code, err.getvalue()


# --- building broken files ---------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """JSON text put into the file as it is (what ``json.dumps`` will not write)."""

    text: str


@dataclass
class Twice:
    """An object with a key written twice: its pairs, in order."""

    pairs: list[tuple[str, Any]]


def encode(value: Any) -> str:
    """JSON text of ``value``; NaN and infinities are written as Python's json module reads
    them (NaN, Infinity), which is what a hand-edited or generated file may contain."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Twice):
        return "{" + ", ".join(f"{encode(k)}: {encode(v)}" for k, v in value.pairs) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{encode(k)}: {encode(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(encode(v) for v in value) + "]"
    # Text as people write it; a lone surrogate as the \\uXXXX escape JSON allows (it cannot be
    # written as UTF-8 at all).
    broken = isinstance(value, str) and any("\ud800" <= c <= "\udfff" for c in value)
    return json.dumps(value, ensure_ascii=broken, allow_nan=True)


def paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in ``value`` (the root too) as a tuple of keys and indexes."""
    out = [at]
    if isinstance(value, dict):
        for key, item in value.items():
            out += paths(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += paths(item, (*at, i))
    return out


def replace(value: Any, at: tuple[Any, ...], new: Any) -> Any:
    """A copy of ``value`` with ``new`` at ``at``; ``new`` may be :data:`DELETE`."""
    if not at:
        return new
    head, rest = at[0], at[1:]
    if isinstance(value, dict):
        copy = dict(value)
        if not rest and new is DELETE:
            copy.pop(head, None)
        else:
            copy[head] = replace(value[head], rest, new)
        return copy
    copy = list(value)
    if not rest and new is DELETE:
        del copy[head]
    else:
        copy[head] = replace(value[head], rest, new)
    return copy


def get(value: Any, at: tuple[Any, ...]) -> Any:
    for part in at:
        value = value[part]
    return value


DELETE = object()

HUGE_NUMBERS = [10**25, -(10**25), 2**63, 10**400, 1e308, -1e308, 5e-324, float("inf"), float("nan")]
NASTY_TEXT = ["", " ", "x" * 20_000, "ق" * 6_000, "\u0000", "\ud800", "../../../etc/passwd", "#", "@"]
NESTING = [Raw("[" * n + "]" * n) for n in (3, 25, 40, 1_000, 100_000)] + [
    Raw('{"a": ' * n + "1" + "}" * n) for n in (3, 2_000)
]


def one_of_these(values: list[Any]) -> st.SearchStrategy[Any]:
    """Like ``sampled_from``, without printing 20,000-character values in Hypothesis's reports."""
    return st.integers(0, len(values) - 1).map(lambda i: values[i])


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    one_of_these(HUGE_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    one_of_these(NASTY_TEXT),
    st.sampled_from(["media/hala-1.jpg", "media/missing.jpg", "media", "media/music.ogg", "campaign.json"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """The example data after one to four edits at random places. Some edits keep the file
    valid or nearly so (new text, a new number), so the checks after parsing run too: the
    glyph check on random Unicode, the media checks on paths that exist."""
    data: Any = EXAMPLE_DATA
    for _ in range(draw(st.integers(1, 4))):
        places = paths(data)[1:]  # the root itself: test_any_json_document_is_refused_politely
        if not places:
            break  # the root is now an object with a repeated key, written as it is
        kind = draw(st.sampled_from(["delete", "replace", "replace", "retext", "renumber", "twice", "nest"]))
        if kind == "twice":
            objects = [at for at in paths(data) if isinstance(get(data, at), dict) and get(data, at)]
            if not objects:
                continue
            at = draw(st.sampled_from(objects))
            obj = get(data, at)
            key = draw(st.sampled_from(sorted(obj)))
            data = replace(data, at, Twice([*obj.items(), (key, draw(json_values))]))
            continue
        at = draw(st.sampled_from(places))
        value = get(data, at)
        if kind == "delete":
            data = replace(data, at, DELETE)
        elif kind == "retext" and isinstance(value, str):
            data = replace(data, at, draw(st.text(min_size=1, max_size=200)))
        elif kind == "renumber" and isinstance(value, (int, float)) and not isinstance(value, bool):
            data = replace(data, at, draw(st.integers(-5, 10**13) | st.floats(-1, 1e5)))
        elif kind == "nest":
            data = replace(data, at, draw(one_of_these(NESTING)))
        else:
            data = replace(data, at, draw(json_values))
    return data


@st.composite
def broken_files(draw: st.DrawFn) -> bytes:
    """Bytes of a project file: mutated JSON, then maybe damaged as bytes."""
    raw = encode(draw(mutated())).encode("utf-8", "surrogatepass")
    damage = draw(st.sampled_from(["none"] * 6 + ["truncate", "splice", "utf-16", "utf-16-le", "bom"]))
    if damage == "truncate":
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif damage == "splice":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=16)) + raw[at:]
    elif damage in ("utf-16", "utf-16-le"):
        raw = raw.decode("utf-8", "surrogatepass").encode(damage, "surrogatepass")
    elif damage == "bom":
        raw = b"\xef\xbb\xbf" + raw
    return raw


# --- the promise -------------------------------------------------------------------------------


@settings(
    max_examples=150,
    deadline=timedelta(seconds=SECONDS_PER_FILE),
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(raw=broken_files())
def test_validate_never_crashes(project: Path, raw: bytes) -> None:
    project.write_bytes(raw)
    code, err = validate(project)
    assert code in (0, 2), err
    lines = err.splitlines()
    event("valid" if code == 0 else "refused: " + _kind(lines[1] if len(lines) > 1 else ""))
    if code == 2:
        assert err.startswith(f"{project}: "), err  # the report: the file, then its problems
        assert "Traceback" not in err
        err.encode("utf-8")  # printable: no lone surrogate made it into a message


@settings(
    max_examples=60,
    deadline=timedelta(seconds=SECONDS_PER_FILE),
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(value=json_values)
def test_any_json_document_is_refused_politely(project: Path, value: Any) -> None:
    """Not a campaign at all: any JSON value as the whole file."""
    project.write_text(encode(value), encoding="utf-8", errors="surrogatepass")
    code, err = validate(project)
    assert code == 2 and err.startswith(f"{project}: ")


def _kind(problem: str) -> str:
    """What kind of problem the first one is, for Hypothesis's statistics (are the examples
    reaching validation, or all stopping at the parser?)."""
    text = problem.strip()
    for kind in ("invalid JSON", "not UTF-8", "nested deeper", "a number with", "key "):
        if kind in text:
            return kind
    return "validation" if ": " in text else "file-level"


# --- the nastiest files, through a real process ------------------------------------------------


def _replace_once(old: str, new: str) -> str:
    assert old in EXAMPLE_TEXT
    return EXAMPLE_TEXT.replace(old, new, 1)


NASTIEST = {
    "deep-nesting": _replace_once('"people": [', '"people": [' + "[" * 100_000).encode(),
    "huge-integer": _replace_once("85000", "9" * 5_000).encode(),
    "members-1e25": _replace_once("85000", str(10**25)).encode(),
    "clip-infinity": _replace_once('"end": 5.5', '"end": Infinity').encode(),
    "long-story": _replace_once('"story": {', '"story": {"en": "' + "word " * 4_000 + '",').encode(),
    "utf-16": EXAMPLE_TEXT.encode("utf-16-le"),
    "broken-escape": _replace_once('"members": 85000,', '"members": 85000, "\\udc80": 1,').encode(),
}


@pytest.mark.parametrize("raw", NASTIEST.values(), ids=NASTIEST.keys())
def test_nastiest_files_through_the_command(tmp_path: Path, raw: bytes) -> None:
    shutil.copytree(EXAMPLE_DIR / "media", tmp_path / "media")
    path = tmp_path / "campaign.json"
    path.write_bytes(raw)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{path}: ")
    assert len(result.stderr.splitlines()) >= 2, "at least one problem, with its place"
    assert time.monotonic() - started < 60


# --- the stand-in behind "every problem in one pass" -------------------------------------------


@settings(
    max_examples=150,
    deadline=timedelta(seconds=SECONDS_PER_FILE),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(value=mutated())
def test_a_stand_in_replaces_only_what_validation_refused(value: Any) -> None:
    """Whatever the file holds, :func:`stand_in` returns a campaign or None and never raises;
    each place it replaced is one validation names (so a check skipped there hides nothing
    the report does not already say), and the people keep their places and ids."""
    try:
        data = json.loads(encode(value))
    except (ValueError, RecursionError):
        return  # not JSON: the parser's business, fuzzed above
    if not isinstance(data, dict):
        return
    _, problems = validate_data(data, Path("/nonexistent-fuzz-root"))
    if any(p.path == "schema_version" for p in problems):
        return  # a version validation cannot read past: no stand-in is made for it
    made = stand_in(data)
    if made is None:
        event("no stand-in")
        return
    campaign, replaced = made
    event("stand-in" if replaced else "valid as written")
    refused = [p.path for p in problems]
    for place in replaced:
        assert any(related(place, path) for path in refused), (place, refused)
    people = data.get("people")
    if isinstance(people, list) and "people" not in replaced:
        assert len(campaign.people) == len(people)
        for i, person in enumerate(people):
            written = person.get("id") if isinstance(person, dict) else None
            if isinstance(written, str) and not any(related(p, f"people[{i}].id") for p in replaced):
                assert campaign.people[i].id == written
