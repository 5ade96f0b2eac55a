"""Re-renders cost only what changed: an output whose key and file match is reported
unchanged and not rendered again; --force renders everything."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from takatof.cli import main


@pytest.fixture
def project(project_copy: Path) -> Path:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["people"] = [p for p in data["people"] if p["id"] in ("hala", "rania")]
    data["spotlights"] = [s for s in data.get("spotlights", []) if s.get("person") in (None, "hala", "rania")]
    data["outputs"] = {
        "cards": [
            {"template": "quote", "presets": ["instagram-square"]},
            {"template": "stat", "presets": ["instagram-square"]},
        ],
        "videos": [{"template": "story", "presets": ["instagram-square"]}],
    }
    data["video"]["encoder"] = {"codec": "libx264", "preset": "ultrafast", "crf": 30}
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return project_copy


def render(project: Path, out: Path, *args: str) -> dict[tuple[str, str], str]:
    """Render; (kind, subject) -> status of each card and video."""
    assert main(["render", str(project), "--out", str(out), "-q", "-j", "1", *args]) == 0
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    return {
        (e["kind"] if e["kind"] != "card" else e["template"], e.get("subject") or e["person"]): e["status"]
        for e in entries
        if e["kind"] != "captions"
    }


def edit(project: Path, change) -> None:
    data = json.loads(project.read_text(encoding="utf-8"))
    change(data)
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_exactly_what_changed_is_rendered_again(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = render(project, out)
    assert set(first.values()) == {"rendered"} and ("video", "hala") in first
    stamps = {
        p: p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.is_file() and ".cache" not in p.parts and p.name != "manifest.json"
    }

    assert set(render(project, out).values()) == {"unchanged"}
    assert all(p.stat().st_mtime_ns == t for p, t in stamps.items())  # nothing rewritten

    edit(project, lambda d: d["people"][0]["quote"].update(en="We swap, and discover each other."))
    statuses = render(project, out)
    rendered = {k for k, v in statuses.items() if v == "rendered"}
    assert rendered == {k for k in statuses if k[1] == "hala"}  # that person's outputs, and only those
    assert Counter(statuses.values())["unchanged"] == len([k for k in statuses if k[1] != "hala"])

    (out / "cards" / "rania" / "stat-instagram-square.png").unlink()  # deleted by hand
    statuses = render(project, out)
    assert {k for k, v in statuses.items() if v == "rendered"} == {("stat", "rania")}

    edit(project, lambda d: d["video"]["encoder"].update(crf=31))  # an encoder setting: videos only
    statuses = render(project, out)
    assert {k for k, v in statuses.items() if v == "rendered"} == {("video", "hala"), ("video", "rania")}

    assert set(render(project, out, "--force").values()) == {"rendered"}


def test_a_story_edit_renders_that_persons_video_and_captions(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(project, out, "--targets", "videos")
    edit(project, lambda d: d["people"][1]["story"].update(en="A shorter story, told again."))
    assert main(["render", str(project), "--out", str(out), "-q", "--targets", "videos"]) == 0
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    statuses = {
        (e["kind"], e["person"], e.get("lang", ""), e.get("format", "")): e["status"] for e in entries
    }
    assert {k for k, v in statuses.items() if v == "rendered"} == {k for k in statuses if k[1] == "rania"}
    assert len([k for k in statuses if k[1] == "rania"]) == 5  # the video and its four caption files
