"""Every file a render writes has the permissions any new file gets: 0666 less the umask.

A video used to come out 0600 (``mkstemp``'s mode, renamed into place) while the cards
beside it were 0644, so a colleague or a web server could read the cards and not the video.
The render runs in a child process under each umask (the umask is the whole process's), and
every file it leaves in the output folder (videos, caption files, cards, alt texts, the
manifest, the cached drawings) is listed with its mode.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from takatof.model.atomic import settle, temp_beside, write_atomic
from tests.conftest import EXAMPLE_DIR, reduce_to_hala

RENDER = """
import os, sys
os.umask(int(sys.argv[1], 8))
from takatof.cli import main
raise SystemExit(main(["render", sys.argv[2], "--out", sys.argv[3], "-q"]))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("modes") / "project"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    return reduce_to_hala(folder / "campaign.json", "ultrafast")


# 002 tells the usual rule (0664) from a fixed 0644 anded with the umask.
@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_every_written_file_follows_the_umask(project: Path, tmp_path: Path, umask: int) -> None:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", RENDER, f"{umask:o}", str(project), str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    kinds = {p.suffix for p in files}
    assert {".mp4", ".srt", ".vtt", ".png", ".txt", ".json"} <= kinds, kinds
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = {e["path"] for e in manifest["outputs"]} | {
        e["alt_path"] for e in manifest["outputs"] if "alt_path" in e
    }
    assert listed <= {p.relative_to(out).as_posix() for p in files}
    expected = 0o666 & ~umask
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in files}
    wrong = {rel: oct(mode) for rel, mode in modes.items() if mode != expected}
    assert not wrong, f"expected {oct(expected)} everywhere: {wrong}"


def test_temp_beside_is_made_like_any_new_file(tmp_path: Path) -> None:
    """The temporary file itself (what ffmpeg writes into, what is renamed into place) has
    the usual mode from the start; ``settle`` changes it only when asked."""
    old = os.umask(0o027)
    try:
        tmp = temp_beside(tmp_path / "v.mp4")
        assert stat.S_IMODE(tmp.stat().st_mode) == 0o640
        settle(tmp, tmp_path / "v.mp4")
        assert stat.S_IMODE((tmp_path / "v.mp4").stat().st_mode) == 0o640
        write_atomic(tmp_path / "p.json", b"{}", mode=0o600)  # a project file keeps its own
        assert stat.S_IMODE((tmp_path / "p.json").stat().st_mode) == 0o600
    finally:
        os.umask(old)
    names = {temp_beside(tmp_path / "x.mp4").name for _ in range(200)}
    assert len(names) == 200 and all(n.startswith(".x.") and n.endswith(".partial.mp4") for n in names)
