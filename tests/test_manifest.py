"""The manifest describes the whole output folder: merged by output identity, never a stale
file without saying so, never an entry without its file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from takatof.cli import main
from takatof.render.manifest import (
    NOT_IN_PROJECT,
    AltText,
    CaptionsEntry,
    CardEntry,
    EncoderUsed,
    Identity,
    Manifest,
    OutputEntry,
    VideoEntry,
    merge,
    parse_entry,
    read_manifest,
    write_manifest,
)
from tests.conftest import ROOT


def card(preset: str, path: str | None = None, error: str | None = None, **extra: Any) -> CardEntry:
    """A card entry of hala's quote; written (with ``path``) or failed (with ``error``)."""
    fields: dict[str, Any] = {"template": "quote", "subject": "hala", "person": "hala", "preset": preset}
    if error is not None:
        return CardEntry(status="failed", error=error, **fields, **extra)
    written = {"width": 1, "height": 1, "bytes": 1, "alt": AltText(ar="ا", en="a"), "alt_path": "x.alt.txt"}
    return CardEntry(status="rendered", path=path, **fields, **{**written, **extra})


def video(path: str | None = None, error: str | None = None) -> VideoEntry:
    if error is not None:
        return VideoEntry(status="failed", template="story", person="hala", preset="p", error=error)
    encoder = EncoderUsed(codec="libx264", preset="medium", crf=21)
    return VideoEntry(
        status="rendered", template="story", person="hala", preset="p", path=path,
        width=1080, height=1080, bytes=1, duration_s=20.0, encoder=encoder,
    )  # fmt: skip


def captions(path: str, lang: str = "ar", fmt: str = "srt") -> CaptionsEntry:
    return CaptionsEntry.model_validate(
        {"status": "rendered", "template": "story", "person": "hala", "preset": "p", "lang": lang,
         "format": fmt, "video": "videos/hala/story-p.mp4", "path": path}
    )  # fmt: skip


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
            VideoEntry(status="failed", template="story", person="rania", preset="youtube-video", error="x"),
            ("video", "story", "rania", "youtube-video"),
        ),
        (captions("a.vtt", "ar", "vtt"), ("captions", "story", "hala", "p", "ar", "vtt")),
    ],
)
def test_identity(entry: OutputEntry, expected: Identity) -> None:
    assert entry.identity == expected


def test_merge_keeps_other_entries_and_replaces_the_same_output(tmp_path: Path) -> None:
    a = card("instagram-square", path=put(tmp_path, "cards/hala/a.png"))
    b = card("x-image", path=put(tmp_path, "cards/hala/b.png"), bytes=1)
    b2 = card("x-image", path="cards/hala/b.png", bytes=2)
    merged = merge(tmp_path, [a, b], [b2], {a.identity, b.identity})
    assert merged == [a.kept(None), b2]
    assert [e.status for e in merged] == ["kept", "rendered"]


def test_merge_failed_rerender_removes_the_stale_file(tmp_path: Path) -> None:
    old = card(
        "x-image", path=put(tmp_path, "cards/hala/b.png"), alt_path=put(tmp_path, "cards/hala/b.alt.txt")
    )
    failed = card("x-image", error="text too long")
    merged = merge(tmp_path, [old], [failed], {old.identity})
    assert merged == [failed]
    assert not (tmp_path / "cards/hala/b.png").exists() and not (tmp_path / "cards/hala/b.alt.txt").exists()


def test_merge_failed_video_removes_its_old_captions(tmp_path: Path) -> None:
    old_video = video(path=put(tmp_path, "videos/hala/story-p.mp4"))
    old_caption = captions(put(tmp_path, "videos/hala/story-p.ar.srt"))
    merged = merge(tmp_path, [old_video, old_caption], [video(error="bad clip")], set())
    assert merged == [video(error="bad clip")]
    assert list(tmp_path.rglob("*.*")) == []


def test_merge_drops_entries_whose_file_is_gone_and_marks_unwanted_ones(tmp_path: Path) -> None:
    gone = card("instagram-square", path="cards/hala/gone.png")
    kept_card = card("x-image", path=put(tmp_path, "cards/hala/kept.png"))
    merged = merge(tmp_path, [gone, kept_card], [], set())
    assert merged == [kept_card.kept(NOT_IN_PROJECT)]
    # asked for again: no longer stale
    assert merge(tmp_path, merged, [], {kept_card.identity}) == [kept_card.kept(None)]


def test_merge_keeps_an_earlier_failure_as_kept(tmp_path: Path) -> None:
    failed = card("x-image", error="text too long")
    (entry,) = merge(tmp_path, [failed], [], {failed.identity})
    assert (entry.status, entry.error) == ("kept", "text too long")


def test_merge_never_removes_outside_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    old = card("x-image", path="../precious.txt")
    merge(out, [old], [card("x-image", error="x")], set())
    assert outside.read_text() == "keep me"


# ---------------------------------------------------------------------- the model


def test_an_entry_has_a_path_with_its_fields_or_an_error() -> None:
    base: dict[str, Any] = {"kind": "video", "template": "story", "person": "hala", "preset": "p"}
    with pytest.raises(ValidationError, match="either a path or an error"):
        parse_entry({**base, "status": "rendered"})
    with pytest.raises(ValidationError, match="needs width, height, bytes, duration_s, encoder"):
        parse_entry({**base, "status": "rendered", "path": "v.mp4"})
    with pytest.raises(ValidationError, match="has no width"):
        parse_entry({**base, "status": "failed", "error": "x", "width": 1})
    with pytest.raises(ValidationError, match="a failed entry cannot have a path"):
        parse_entry(video(path="v.mp4").to_json() | {"status": "failed"})
    with pytest.raises(ValidationError, match="Extra inputs"):
        parse_entry({**base, "status": "failed", "error": "x", "colour": "red"})
    assert isinstance(parse_entry({**base, "status": "failed", "error": "x"}), VideoEntry)


def test_write_then_read_gives_back_the_same_entries(tmp_path: Path) -> None:
    entries: list[OutputEntry] = [
        card("x-image", path=put(tmp_path, "c.png")),
        card("instagram-square", error="boom"),
        video(path="v.mp4"),
        captions("v.ar.srt"),
    ]
    write_manifest(tmp_path, entries)
    written = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert written["version"] == 1 and len(written["outputs"]) == 4
    assert all(None not in e.values() for e in written["outputs"]), "unset fields are left out"
    assert list(written["outputs"][0])[:3] == ["kind", "status", "template"]
    assert read_manifest(tmp_path) == Manifest(outputs=entries)


def test_reading_drops_what_does_not_validate_and_never_fails(tmp_path: Path) -> None:
    good = card("x-image", path="c.png").to_json()
    old = {k: v for k, v in good.items() if k != "status"}  # written before entries had a status
    outputs = [
        good,
        old,
        {"kind": "card"},
        {"kind": "gif", "path": "a"},
        "text",
        None,
        {**good, "width": "wide"},
    ]
    (tmp_path / "manifest.json").write_text(json.dumps({"outputs": outputs}), encoding="utf-8")
    assert [e.to_json() for e in read_manifest(tmp_path).outputs] == [good, good]
    for text in ("{", "[]", '{"outputs": 3}', "[" * 100_000, '{"outputs": [' + "[" * 100_000 + "]}"):
        (tmp_path / "manifest.json").write_text(text, encoding="utf-8")
        assert read_manifest(tmp_path).outputs == []


def readme_manifest_examples() -> list[Any]:
    """The ```json blocks of the README's Manifest section, parsed."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^### Manifest\n(.*?)^##", text, re.S | re.M)
    assert section, "the README has a Manifest section"
    blocks = re.findall(r"^```json\n(.*?)^```", section.group(1), re.S | re.M)
    return [json.loads(block) for block in blocks]


def test_the_readme_manifest_examples_are_real_entries() -> None:
    """The README's examples drifted from the code once; now they must validate."""
    examples = readme_manifest_examples()
    assert examples, "the Manifest section shows examples"
    kinds: set[str] = set()
    for example in examples:
        if isinstance(example, dict) and "outputs" in example:
            manifest = Manifest.model_validate(example)
            assert manifest.to_json() == example, "the example is what write_manifest writes"
            entries = manifest.outputs
        else:
            entries = [parse_entry(e) for e in (example if isinstance(example, list) else [example])]
            assert [e.to_json() for e in entries] == (example if isinstance(example, list) else [example])
        kinds.update(e.kind for e in entries)
        kinds.update(f"{e.kind}-failed" for e in entries if e.error is not None)
    assert kinds >= {"card", "video", "captions", "card-failed"}


# ---------------------------------------------------------------------- through the command


@pytest.fixture
def project(project_copy: Path) -> Path:
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["outputs"] = {"cards": [{"template": "quote", "presets": ["instagram-square", "x-image"]}]}
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return project_copy


def render(project: Path, out: Path, *args: str) -> int:
    return main(["render", str(project), "--out", str(out), "-q", "-j", "1", *args])


def manifest(out: Path) -> list[dict[str, Any]]:
    """The entries as JSON, after checking that every one is a valid entry."""
    data: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(Manifest.model_validate(data).outputs) == len(data["outputs"])
    entries: list[dict[str, Any]] = data["outputs"]
    return entries


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
    assert merge(tmp_path, [gone], [], {gone.identity}) == []
    assert not (tmp_path / alt).exists()


def test_merge_never_lists_a_file_removed_during_the_render(tmp_path: Path) -> None:
    written = card("x-image", path="cards/hala/b.png", alt_path="cards/hala/b.alt.txt")  # both gone
    (entry,) = merge(tmp_path, [], [written], {written.identity})
    assert entry.path is None and entry.error and "removed while the render ran" in entry.error
    assert entry.status == "failed" and isinstance(entry, CardEntry) and entry.alt is None
    assert entry.identity == written.identity


def test_a_card_that_changes_format_leaves_no_old_file(tmp_path: Path) -> None:
    from takatof.render.manifest import CardEntry, merge

    def entry(path: str) -> CardEntry:
        return CardEntry(
            status="rendered", template="quote", subject="hala", person="hala", preset="x-image", path=path,
            width=1200, height=675, bytes=1, alt={"ar": "a", "en": "b"}, alt_path="cards/hala/quote-x-image.alt.txt",
        )  # fmt: skip

    for name in ("quote-x-image.png", "quote-x-image.jpg", "quote-x-image.alt.txt"):
        (tmp_path / "cards" / "hala").mkdir(parents=True, exist_ok=True)
        (tmp_path / "cards" / "hala" / name).write_bytes(b"x")
    old, new = entry("cards/hala/quote-x-image.png"), entry("cards/hala/quote-x-image.jpg")
    assert merge(tmp_path, [old], [new], {old.identity}) == [new]
    assert sorted(p.name for p in (tmp_path / "cards" / "hala").iterdir()) == [
        "quote-x-image.alt.txt",
        "quote-x-image.jpg",
    ]


@pytest.mark.parametrize(
    "entry, files, part_of",
    [
        (card("x-image", path="a.png"), ("a.png", "x.alt.txt"), None),
        (card("x-image", error="boom"), (), None),
        (video(path="videos/hala/story-p.mp4"), ("videos/hala/story-p.mp4",), None),
        (captions("a.vtt", "ar", "vtt"), ("a.vtt",), ("video", "story", "hala", "p")),
    ],
)
def test_an_entry_declares_its_files_and_what_it_is_a_sidecar_of(
    entry: OutputEntry, files: tuple[str, ...], part_of: Identity | None
) -> None:
    """What the merge, the skipping of unchanged outputs and the CLI's counts go by: no
    field name or kind of output is special-cased there (a new kind declares its own)."""
    assert entry.files == files
    assert entry.part_of == part_of


def test_an_unchanged_output_needs_every_file_its_entry_names(tmp_path: Path) -> None:
    from takatof.render.outputs import _same

    entry = card("x-image", path=put(tmp_path, "a.png"), key="k")
    assert not _same(entry, "k", tmp_path)  # its alt-text file is missing
    put(tmp_path, "x.alt.txt")
    assert _same(entry, "k", tmp_path) and not _same(entry, "other", tmp_path)


# -------------------------------------------------------------- a card's alt text per language

ALT_PATHS = {"ar": "cards/hala/b.alt.ar.txt", "en": "cards/hala/b.alt.en.txt"}


def test_a_card_names_its_alt_text_file_per_language_among_its_files() -> None:
    entry = card("x-image", path="cards/hala/b.png", alt_path="cards/hala/b.alt.txt", alt_paths=ALT_PATHS)
    assert entry.files == ("cards/hala/b.png", "cards/hala/b.alt.txt", *ALT_PATHS.values())
    assert list(entry.to_json())[-3:] == ["alt", "alt_path", "alt_paths"]  # beside the other alt fields
    failed = entry.failed("boom")
    assert failed.alt_paths is None and failed.files == ()
    with pytest.raises(ValidationError, match="has no alt_paths"):
        parse_entry(failed.to_json() | {"alt_paths": ALT_PATHS})
    # Any language the campaign may declare has its file; a key that is no language is refused.
    assert parse_entry(entry.to_json() | {"alt_paths": {"ur": "x.alt.ur.txt"}}).alt_paths == {
        "ur": "x.alt.ur.txt"
    }
    with pytest.raises(ValidationError, match="is not a language code"):
        parse_entry(entry.to_json() | {"alt_paths": {"english": "x.txt"}})
    with pytest.raises(ValidationError, match="write the language as 'en-IN'"):
        parse_entry(entry.to_json() | {"languages": ["en-in"]})


def test_the_alt_text_files_go_with_their_card(tmp_path: Path) -> None:
    """Failed again, deleted by hand, or unchanged without them: the per-language files are
    handled as the card's own, never left behind unlisted nor assumed present."""
    from takatof.render.outputs import _same

    def written() -> CardEntry:
        paths = {lang: put(tmp_path, rel) for lang, rel in ALT_PATHS.items()}
        return card(
            "x-image",
            path=put(tmp_path, "cards/hala/b.png"),
            alt_path=put(tmp_path, "b.alt.txt"),
            alt_paths=paths,
        )

    old = written()
    assert merge(tmp_path, [old], [card("x-image", error="boom")], {old.identity})[0].error == "boom"
    assert list(tmp_path.rglob("*.txt")) == []
    old = written()
    (tmp_path / "cards/hala/b.png").unlink()
    assert merge(tmp_path, [old], [], {old.identity}) == []
    assert list(tmp_path.rglob("*.txt")) == []
    old = written().keyed("k")
    assert _same(old, "k", tmp_path)
    (tmp_path / ALT_PATHS["en"]).unlink()
    assert not _same(old, "k", tmp_path)  # rendered again, so the file comes back


def test_what_the_short_alt_text_left_out_is_recorded_and_schema_described(
    capsys: pytest.CaptureFixture[str],
) -> None:
    left = {"en": [{"part": "hashtags", "text": "#CommunityStoriesMENA"}]}
    entry = card("x-image", path="a.png", alt=AltText(ar="ا", en="a", left_out=left), alt_paths=ALT_PATHS)
    assert parse_entry(entry.to_json()) == entry
    assert entry.to_json()["alt"]["left_out"] == left
    assert "left_out" not in card("x-image", path="a.png").to_json()["alt"]  # absent when nothing was
    assert main(["schema", "--manifest"]) == 0
    schema = json.loads(capsys.readouterr().out)
    card_schema = schema["$defs"]["CardEntry"]
    assert "alt_paths" in card_schema["properties"]
    assert "left_out" in schema["$defs"]["AltText"]["properties"]
    _, failed = card_schema["oneOf"]
    assert {"required": ["alt_paths"]} in failed["not"]["anyOf"]  # a failed card names no file
