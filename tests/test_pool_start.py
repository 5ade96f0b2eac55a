"""The card pool forks its workers, but not from a process that has loaded a speech runtime:
their native thread pools make a forked child hang (seen after a transcription in-process)."""

from __future__ import annotations

import os
import sys
import types

import pytest

from takatof.render.batch import THREADED_RUNTIMES, start_method


@pytest.mark.skipif(os.name != "posix", reason="fork is POSIX only")
@pytest.mark.parametrize("runtime", [None, *THREADED_RUNTIMES])
def test_a_speech_runtime_loaded_means_fresh_workers(
    monkeypatch: pytest.MonkeyPatch, runtime: str | None
) -> None:
    for name in THREADED_RUNTIMES:
        monkeypatch.delitem(sys.modules, name, raising=False)
    if runtime is not None:
        monkeypatch.setitem(sys.modules, runtime, types.ModuleType(runtime))
    assert start_method() == ("fork" if runtime is None else "spawn")
