"""The manifest describes the whole output folder: merged by output identity, never a stale
file without saying so, never an entry without its file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.render.manifest import NOT_IN_PROJECT, identity, merge

CARD = {"kind": "card", "template": "quote", "subject": "hala", "person": "hala", "preset": "x-image"}


def card(preset: str, **extra: object) -> dict:
    return {**CARD, "preset": preset, **extra}


def put(out: Path, rel: str) -> str:
    (out / rel).parent.mkdir(parents=True, exist_ok=True)
    (out / rel).write_bytes(b"x")
    return rel


@pytest.mark.parametrize(
    "entry, expected",
    [
        (card("x-image", path="a.png"), ("card", "quote", "hala", "x-image")),
        (card("x-image", error="boom"), ("card", "quote", "hala", "x-image")),
        (
            {"kind": "video", "template": "story", "person": "rania", "preset": "youtube-video"},
            ("video", "story", "rania", "youtube-video"),
        ),
        (
            {
                "kind": "captions",
                "template": "story",
                "person": "rania",
                "preset": "p",
                "lang": "ar",
                "format": "vtt",
            },
            ("captions", "story", "rania", "p", "ar", "vtt"),
        ),
    ],
)
def test_identity(entry: dict, expected: tuple) -> None:
    assert identity(entry) == expected


def test_merge_keeps_other_entries_and_replaces_the_same_output(tmp_path: Path) -> None:
    a = card("instagram-square", path=put(tmp_path, "cards/hala/a.png"))
    b = card("x-image", path=put(tmp_path, "cards/hala/b.png"), bytes=1)
    b2 = card("x-image", path="cards/hala/b.png", bytes=2)
    merged = merge(tmp_path, [a, b], [b2], {identity(a), identity(b)})
    assert merged == [a, b2]


def test_merge_failed_rerender_removes_the_stale_file(tmp_path: Path) -> None:
    old = card(
        "x-image", path=put(tmp_path, "cards/hala/b.png"), alt_path=put(tmp_path, "cards/hala/b.alt.txt")
    )
    failed = card("x-image", error="text too long")
    merged = merge(tmp_path, [old], [failed], {identity(old)})
    assert merged == [failed]
    assert not (tmp_path / "cards/hala/b.png").exists() and not (tmp_path / "cards/hala/b.alt.txt").exists()


def test_merge_failed_video_removes_its_old_captions(tmp_path: Path) -> None:
    video = {"kind": "video", "template": "story", "person": "hala", "preset": "p"}
    old_video = {**video, "path": put(tmp_path, "videos/hala/story-p.mp4")}
    old_caption = {
        "kind": "captions", "template": "story", "person": "hala", "preset": "p", "lang": "ar", "format": "srt",
        "path": put(tmp_path, "videos/hala/story-p.ar.srt"),
    }  # fmt: skip
    merged = merge(tmp_path, [old_video, old_caption], [{**video, "error": "bad clip"}], set())
    assert merged == [{**video, "error": "bad clip"}]
    assert list(tmp_path.rglob("*.*")) == []


def test_merge_drops_entries_whose_file_is_gone_and_marks_unwanted_ones(tmp_path: Path) -> None:
    gone = card("instagram-square", path="cards/hala/gone.png")
    kept = card("x-image", path=put(tmp_path, "cards/hala/kept.png"))
    merged = merge(tmp_path, [gone, kept], [], set())
    assert merged == [{**kept, "stale": NOT_IN_PROJECT}]
    # asked for again: no longer stale
    assert merge(tmp_path, merged, [], {identity(kept)}) == [kept]


def test_merge_never_removes_outside_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    old = card("x-image", path="../precious.txt")
    merge(out, [old], [card("x-image", error="x")], set())
    assert outside.read_text() == "keep me"


# ---------------------------------------------------------------------- through the command


@pytest.fixture
def project(project_copy: Path) -> Path:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["outputs"] = {"cards": [{"template": "quote", "presets": ["instagram-square", "x-image"]}]}
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return project_copy


def render(project: Path, out: Path, *args: str) -> int:
    return main(["render", str(project), "--out", str(out), "-q", "-j", "1", *args])


def manifest(out: Path) -> list[dict]:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def test_filtered_renders_add_up_in_the_manifest(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert render(project, out, "--only", "hala", "--presets", "instagram-square") == 0
    assert render(project, out, "--only", "hala", "--presets", "x-image") == 0
    assert render(project, out, "--only", "rania", "--presets", "x-image") == 0
    listed = {(e["subject"], e["preset"]) for e in manifest(out)}
    assert listed == {("hala", "instagram-square"), ("hala", "x-image"), ("rania", "x-image")}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*.png")}
    assert on_disk == {e["path"] for e in manifest(out)}


def test_failed_rerender_leaves_no_stale_card(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert render(project, out, "--only", "hala", "--presets", "x-image") == 0
    (path,) = [e["path"] for e in manifest(out)]
    data = json.loads(project.read_text(encoding="utf-8"))
    data["people"][0]["quote"]["en"] = "Runes ᚠᚢ are in no bundled font"  # cannot be drawn: an error
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert render(project, out, "--only", "hala", "--presets", "x-image") == 1
    (entry,) = manifest(out)
    assert "error" in entry and "path" not in entry
    assert not (out / path).exists()


def test_outputs_removed_from_the_project_are_marked_stale(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert render(project, out, "--only", "hala") == 0
    data = json.loads(project.read_text(encoding="utf-8"))
    data["outputs"]["cards"][0]["presets"] = ["instagram-square"]
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert render(project, out, "--only", "rania") == 0
    entries = {(e["subject"], e["preset"]): e for e in manifest(out)}
    assert entries["hala", "x-image"]["stale"] == NOT_IN_PROJECT
    assert "stale" not in entries["hala", "instagram-square"]
    assert ("rania", "x-image") not in entries


def test_merge_removes_the_sidecar_of_a_card_deleted_by_hand(tmp_path: Path) -> None:
    alt = put(tmp_path, "cards/hala/b.alt.txt")
    gone = card("x-image", path="cards/hala/b.png", alt_path=alt)
    assert merge(tmp_path, [gone], [], {identity(gone)}) == []
    assert not (tmp_path / alt).exists()


def test_merge_never_lists_a_file_removed_during_the_render(tmp_path: Path) -> None:
    written = card("x-image", path="cards/hala/b.png", alt_path="cards/hala/b.alt.txt")  # both gone
    (entry,) = merge(tmp_path, [], [written], {identity(written)})
    assert "path" not in entry and "removed while the render ran" in entry["error"]
    assert identity(entry) == identity(written)
