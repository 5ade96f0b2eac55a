"""Types are part of the test suite: the whole tree type-checks as CI checks it.

CI runs a bare ``mypy`` (``.ci/run``); this runs the same command, so a type error shows up
in the tests a developer runs, not only on the CI machine. The configuration itself is
checked too, because a relaxed setting would let every later error through silently.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# mypy checks the checkout's app/ folder, so it names the modules app.* (installed: takatof.*).
CORE = ("app.model", "app.templates", "app.render")


def _mypy_config() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["tool"]["mypy"]


def test_the_core_is_strict_and_missing_stubs_are_named_one_by_one() -> None:
    config = _mypy_config()
    assert config["strict"] is True
    assert config["files"] == ["app"]
    # A global ignore_missing_imports would also hide a misspelt import of our own modules.
    assert "ignore_missing_imports" not in config
    for override in config.get("overrides", []):
        modules = override["module"] if isinstance(override["module"], list) else [override["module"]]
        relaxed = {key for key, value in override.items() if key != "module" and value is False}
        if relaxed:
            # Only the Qt and argparse glue may leave a function unannotated; nothing relaxes
            # the core, and nothing anywhere stops function bodies being checked.
            assert not any(m.startswith(CORE) for m in modules), override
            assert override.get("check_untyped_defs", True) is True, override
        if override.get("ignore_missing_imports"):
            assert not any(m == "app" or m.startswith("app.") for m in modules), override


def test_mypy_finds_no_errors() -> None:
    pytest.importorskip("mypy", reason="mypy is in the test extras")
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    per_file = Counter(re.sub(r":\d+:.*", "", line) for line in errors)
    assert run.returncode == 0 and not errors, (
        f"mypy: {len(errors)} errors ({dict(per_file)})\n" + "\n".join(errors[:40]) + run.stderr
    )
