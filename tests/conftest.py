"""Shared fixtures: the bundled example campaign and throw-away copies of it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from takatof.model.project import all_media

# The Studio's tests make a QApplication (pytest-qt's qapp): with no display, Qt would abort
# the whole run. Set here, so any subset of the tests runs headless, not only the modules
# that set it themselves.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DIR = ROOT / "examples" / "community-stories"
EXAMPLE = EXAMPLE_DIR / "campaign.json"


@pytest.fixture
def example_path() -> Path:
    """The example campaign file in the repository (read it, never write it)."""
    return EXAMPLE


@pytest.fixture
def example_data() -> dict[str, Any]:
    """The example campaign as a fresh dict, free to mutate."""
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of the example project folder; returns the campaign file's path."""
    target = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, target, ignore=shutil.ignore_patterns("*.bak"))
    return target / "campaign.json"


def prune_plan(data: dict[str, Any]) -> dict[str, Any]:
    """The posting plan's audiences without the people a test took out of ``data`` (the
    example routes Hala's and Marouan's posts to their own audiences): a list left empty goes,
    as removing a person in the Studio does. Returns ``data``."""
    known = {p.get("id") for p in data.get("people", [])} | {s.get("id") for s in data.get("spotlights", [])}
    for audience in data.get("publishing", {}).get("plan", {}).get("audiences", []):
        kept = [who for who in audience.get("people") or [] if who in known]
        if kept:
            audience["people"] = kept
        else:
            audience.pop("people", None)
    return data


def reduce_to_hala(project: Path, x264_preset: str) -> Path:
    """Cut a copy of the example down to one person (hala), a quote card at two presets and
    one square story video encoded by libx264 at ``x264_preset``: the smallest project that
    still has every kind of output. Returns ``project``."""
    data = json.loads(project.read_text(encoding="utf-8"))
    data["people"] = [p for p in data["people"] if p["id"] == "hala"]
    data["spotlights"] = [s for s in data.get("spotlights", []) if s.get("person") in (None, "hala")]
    prune_plan(data)
    data["outputs"] = {
        "cards": [{"template": "quote", "presets": ["instagram-square", "x-image"]}],
        "videos": [{"template": "story", "presets": ["instagram-square"]}],
    }
    crf = 30 if x264_preset == "ultrafast" else 21
    data.setdefault("video", {})["encoder"] = {"codec": "libx264", "preset": x264_preset, "crf": crf}
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return project


@pytest.fixture
def inspector(qtbot: Any, document: Any) -> Any:
    """The Studio's inspector, shown, on the ``document`` fixture of the module that asks."""
    from takatof.ui.inspector import Inspector

    widget = Inspector(document)
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.show()
    return widget


def make_media(folder: Path, data: dict[str, Any]) -> None:
    """Stand-ins for every media file ``data`` names that is missing under ``folder``: tiny
    images, and copies of the example's own sound and clip files (small) for the rest."""
    for _, media, kind in all_media(data):
        path = folder / media
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "image":
            Image.new("RGB", (16, 16), (15, 92, 74)).save(path, "JPEG" if path.suffix == ".jpg" else "PNG")
        elif (EXAMPLE_DIR / media).exists():
            shutil.copyfile(EXAMPLE_DIR / media, path)
        else:
            path.write_bytes(b"")


def write_project(folder: Path, data: dict[str, Any]) -> Path:
    """Write ``data`` as a campaign file into ``folder`` (media paths relative to it)."""
    path = folder / "campaign.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def studio_isolation(monkeypatch: pytest.MonkeyPatch) -> None:
    """For the Studio's tests: Qt's test paths (no real settings or recovery file is touched),
    no recovery file left from another test, and a modal question answered Discard (it would
    wait for ever offscreen; the tests that care answer differently)."""
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QMessageBox

    from takatof.ui.main_window import recovery_file

    QStandardPaths.setTestModeEnabled(True)
    recovery_file().unlink(missing_ok=True)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/*.png from the current renderer instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))
