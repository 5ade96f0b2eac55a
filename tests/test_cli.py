"""The ``takatof`` command, called in-process (``takatof.cli.main``) plus one real subprocess to
prove that bad input never prints a traceback. Renders are kept to a few cards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from takatof.cli import main
from takatof.render.manifest import Manifest
from tests.conftest import EXAMPLE_DIR, ROOT, make_media, write_project

Data = dict[str, Any]


@pytest.fixture
def project(project_copy: Path) -> Path:
    """A writable copy of the example with all its media present."""
    make_media(project_copy.parent, json.loads(project_copy.read_text(encoding="utf-8")))
    return project_copy


def edit(path: Path, change: Any) -> Path:
    """Load the campaign at ``path``, let ``change`` mutate the dict, write it back."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    return write_project(path.parent, data)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- validate ------------------------------------------------------------------------------------


def test_validate_example(capsys: pytest.CaptureFixture[str], example_path: Path) -> None:
    code, out, err = run(capsys, "validate", str(example_path))
    assert code == 0, err
    assert "valid" in out
    assert "4 people" in out


def test_validate_copy(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    code, out, _ = run(capsys, "validate", str(project))
    assert code == 0
    assert out.startswith(f"{project}: valid")


def _break_types(data: Data) -> None:
    data["people"][0]["members"] = "many"
    data["hashtags"][0] = "CommunityStoriesMENA"
    data["outputs"]["cards"][0]["template"] = "qoute"


BROKEN_LINES = [
    "  people[0].members: should be a whole number, got the text 'many'",
    "  hashtags[0]: 'CommunityStoriesMENA' is not a hashtag (one word starting with #); "
    "write it like '#التكاتف_قوّة'",
    "  outputs.cards[0].template: unknown template 'qoute'; did you mean 'quote'?",
]


def test_validate_broken_file_lists_every_problem(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    edit(project, _break_types)
    code, out, err = run(capsys, "validate", str(project))
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == f"{project}: 3 problems"
    for expected in BROKEN_LINES:
        assert any(line.startswith(expected) for line in lines), (expected, err)


def test_validate_reports_missing_glyphs(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    """A character no bundled font has is caught by validate, with its JSON path, before any
    render would draw a box instead of it."""
    edit(project, lambda d: d["people"][1]["quote"].update(en="We travel \U00013000 responsibly"))
    code, _, err = run(capsys, "validate", str(project))
    assert code == 2
    assert "people[1].quote.en: no font has '\U00013000' (U+13000)" in err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.write_text('{"id": "x"\n "title": {}}', encoding="utf-8"),
            "invalid JSON at line 2, column 2",
        ),
        (lambda p: None, "file not found; check the path"),
        (lambda p: p.mkdir(), "this is a folder; give the project's .json file"),
        (lambda p: p.write_bytes('{"id": "قصص"}'.encode("cp1256")), "not UTF-8 text"),
        (lambda p: p.write_text("[1, 2]", encoding="utf-8"), "the project file must hold one JSON object"),
    ],
    ids=["invalid-json", "missing", "directory", "not-utf8", "not-object"],
)
def test_validate_unusable_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, make: Any, message: str
) -> None:
    path = tmp_path / "campaign.json"
    make(path)
    code, out, err = run(capsys, "validate", str(path))
    assert out == ""
    assert code == 2
    assert err.splitlines()[0] == f"{path}: 1 problem"
    assert message in err


@pytest.mark.parametrize("broken", ["types", "json"])
def test_no_traceback_in_a_real_process(project: Path, broken: str) -> None:
    """The installed command, not just ``main``: nothing on the way (imports, argument
    parsing, exit) may turn a bad file into a traceback."""
    if broken == "types":
        edit(project, _break_types)
    else:
        project.write_text(
            project.read_text(encoding="utf-8").replace('"id": "hala",', '"id": "hala"'), "utf-8"
        )
    result = subprocess.run(
        [sys.executable, "-m", "takatof.cli", "validate", str(project)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    if broken == "types":
        for expected in BROKEN_LINES:
            assert expected in result.stderr
    else:
        assert "invalid JSON at line" in result.stderr


# --- presets, templates, schema ------------------------------------------------------------------


def presets_json(capsys: pytest.CaptureFixture[str]) -> dict[str, Data]:
    code, out, _ = run(capsys, "presets", "--json")
    assert code == 0
    rows = json.loads(out)
    return {row["id"]: row for row in rows}


def test_presets_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "presets")
    assert code == 0
    header, *rows = out.strip().splitlines()
    assert header.split()[0] == "id"
    ids = [row.split()[0] for row in rows]
    assert len(ids) >= 12
    assert len(set(ids)) == len(ids)


def test_presets_json_ids_unique(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "presets", "--json")
    assert code == 0
    ids = [row["id"] for row in json.loads(out)]
    assert len(ids) >= 12 and len(set(ids)) == len(ids)


MB = 2**20

# DESIGN.md, "Platform facts".
SIZES = [
    ("instagram-square", 1080, 1080, 8 * MB),
    ("instagram-portrait", 1080, 1350, 8 * MB),
    ("instagram-landscape", 1080, 566, 8 * MB),
    ("instagram-story", 1080, 1920, 8 * MB),
    ("instagram-reels", 1080, 1920, 8 * MB),
    ("facebook-story", 1080, 1920, 8 * MB),
    ("facebook-link", 1200, 630, 8 * MB),
    ("x-image", 1200, 675, 5 * MB),
    ("x-card", 1200, 600, 5 * MB),
    ("linkedin-post", 1200, 627, 5 * MB),
    ("youtube-thumbnail", 1280, 720, 2 * MB),
    ("youtube-shorts", 1080, 1920, 8 * MB),
    ("tiktok", 1080, 1920, 8 * MB),
    ("whatsapp-status", 1080, 1920, 8 * MB),
    ("threads", 1080, 1350, 8 * MB),
]


@pytest.mark.parametrize(("preset", "width", "height", "max_bytes"), SIZES, ids=[s[0] for s in SIZES])
def test_preset_sizes(
    capsys: pytest.CaptureFixture[str], preset: str, width: int, height: int, max_bytes: int
) -> None:
    row = presets_json(capsys)[preset]
    assert (row["width"], row["height"], row["max_bytes"]) == (width, height, max_bytes)


# Video limits (bytes, seconds): the strictest a platform publishes (app/render/presets.py).
VIDEO_LIMITS = [
    ("whatsapp-status", 16_000_000, 60, "16 MB, 60 s"),
    ("instagram-story", 100_000_000, 60, "100 MB, 60 s"),
    ("instagram-reels", 300_000_000, 900, "300 MB, 15 min"),
    ("youtube-shorts", 256_000_000_000, 180, "256 GB, 3 min"),
    ("youtube-video", 512_000_000, 140, "512 MB, 140 s"),  # X's limits: the strictest of four
    ("x-image", None, None, "-"),  # cards only
]


@pytest.mark.parametrize(
    ("preset", "max_bytes", "max_s", "shown"), VIDEO_LIMITS, ids=[v[0] for v in VIDEO_LIMITS]
)
def test_preset_video_limits(
    capsys: pytest.CaptureFixture[str], preset: str, max_bytes: int | None, max_s: int | None, shown: str
) -> None:
    video = presets_json(capsys)[preset]["video"]
    if max_bytes is None:
        assert video is None
    else:
        assert (video["max_bytes"], video["max_s"]) == (max_bytes, max_s) and video["source"]
    code, out, _ = run(capsys, "presets")
    assert code == 0
    (row,) = [line for line in out.splitlines() if line.split()[0] == preset]
    assert f" {shown} " in row, row


# Minimum safe insets (top, right, bottom, left) in pixels, from DESIGN.md.
SAFE = [
    ("instagram-story", (269, 0, 384, 0)),  # Stories: top 14%, bottom 20% of 1920
    ("facebook-story", (269, 0, 384, 0)),
    ("instagram-reels", (0, 65, 672, 65)),  # Reels: bottom ~35%, sides ~6% of 1080
    ("tiktok", (150, 150, 440, 0)),
    ("youtube-shorts", (150, 150, 440, 0)),
]


@pytest.mark.parametrize(("preset", "minimum"), SAFE, ids=[s[0] for s in SAFE])
def test_preset_safe_zones(
    capsys: pytest.CaptureFixture[str], preset: str, minimum: tuple[int, int, int, int]
) -> None:
    safe = presets_json(capsys)[preset]["safe"]
    got = (safe["top"], safe["right"], safe["bottom"], safe["left"])
    assert all(g >= m for g, m in zip(got, minimum, strict=True)), (got, minimum)


def test_every_preset_keeps_a_margin(capsys: pytest.CaptureFixture[str]) -> None:
    """Even where no platform UI covers the card, text keeps off the very edge."""
    for row in presets_json(capsys).values():
        assert min(row["safe"].values()) > 0, row["id"]
        assert row["safe"]["top"] + row["safe"]["bottom"] < row["height"] / 2, row["id"]


def test_templates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "templates")
    assert code == 0
    names = {line.split()[0] for line in out.splitlines() if line.strip()}
    assert {"quote", "stat", "hashtag", "goal", "spotlight"} <= names


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert {"people", "hashtags", "brand", "$schema"} <= set(schema["properties"])
    assert "schema_" not in schema["properties"], "the alias, not the Python name, is the key"
    assert {"id", "title", "call_to_action", "hashtags", "people"} <= set(schema["required"])


def test_schema_documents_both_forms_of_a_photo(capsys: pytest.CaptureFixture[str]) -> None:
    """A photo is a path or an object (schema version 2); an editor offers both."""
    _, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    items = schema["$defs"]["Person"]["properties"]["media"]["items"]
    photo = schema["$defs"][items["$ref"].rsplit("/", 1)[1]]
    text, item = photo["anyOf"]
    assert (text["type"], text["maxLength"]) == ("string", 1024)
    assert item["type"] == "object" and item["required"] == ["path"] and item["additionalProperties"] is False
    props = item["properties"]
    assert props["motion"]["anyOf"][0]["enum"] == [
        "zoom-in",
        "zoom-out",
        "pan-left",
        "pan-right",
        "pan-up",
        "pan-down",
        "still",
    ]
    duration = props["duration_s"]["anyOf"][0]
    assert (duration["minimum"], duration["maximum"]) == (1.5, 20)
    focus = props["focus"]["anyOf"][0]
    assert (focus["minItems"], focus["maxItems"]) == (2, 2)
    assert all((p["minimum"], p["maximum"]) == (0, 1) for p in focus["prefixItems"])
    assert schema["properties"]["schema_version"]["maximum"] == 3


def test_schema_file_in_example_is_current(capsys: pytest.CaptureFixture[str]) -> None:
    """Editors validate the example against this file; it must not go stale."""
    path = EXAMPLE_DIR / "campaign.schema.json"
    if not path.exists():
        pytest.skip("examples/community-stories/campaign.schema.json does not exist yet")
    _, out, _ = run(capsys, "schema")
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(out)


def _matches(schema: Data, entry: Data) -> bool:
    """The parts of JSON Schema the entry schemas use to say "a path or an error"."""
    if not set(schema.get("required", [])) <= set(entry):
        return False
    if "not" in schema and _matches(schema["not"], entry):
        return False
    if "anyOf" in schema and not any(_matches(s, entry) for s in schema["anyOf"]):
        return False
    return "oneOf" not in schema or sum(_matches(s, entry) for s in schema["oneOf"]) == 1


def test_schema_of_the_manifest(capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path) -> None:
    """``schema --manifest`` describes what a render writes (and ``schema`` stays the project's)."""
    code, out, _ = run(capsys, "schema", "--manifest")
    assert code == 0
    schema = json.loads(out)
    assert schema["required"] == ["version", "outputs"]
    mapping = schema["properties"]["outputs"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == {"card", "video", "captions", "carousel", "slide", "animated"}
    defs = schema["$defs"]
    for name in {ref.rsplit("/", 1)[1] for ref in mapping.values()}:
        assert {"kind", "status", "template", "preset"} <= set(defs[name]["required"]), name
    assert defs["CardEntry"]["properties"]["status"]["enum"] == ["rendered", "unchanged", "failed", "kept"]
    out_dir = tmp_path / "out"
    args = ("--targets", "cards", "--only", "hala", "--presets", "instagram-square", "-q", "-j", "1")
    assert run(capsys, "render", str(project), "--out", str(out_dir), *args)[0] == 0
    written = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert set(written) == set(schema["properties"])
    failed = {**written["outputs"][0], "status": "failed", "error": "x"}
    for entry in written["outputs"]:
        definition = defs[mapping[entry["kind"]].rsplit("/", 1)[1]]
        assert set(entry) <= set(definition["properties"]), entry
        assert _matches(definition, entry), entry
        assert not _matches(definition, failed)  # an error and a path: not an entry
        without_path = {k: v for k, v in failed.items() if k not in ("path", "width")}
        assert not _matches(definition, without_path)  # an error and some of a file's fields
    assert "people" in json.loads(run(capsys, "schema")[1])["properties"]  # the project's, as before


# --- render ----------------------------------------------------------------------------------------


def manifest(folder: Path) -> list[Data]:
    """The manifest's entries as JSON, after checking that they are valid entries."""
    data: Data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert len(Manifest.model_validate(data).outputs) == len(data["outputs"])
    entries: list[Data] = data["outputs"]
    return entries


def test_render_one_person(capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run(
        capsys,
        "render",
        str(project),
        "--targets",
        "cards",
        "--presets",
        "instagram-square",
        "--only",
        "hala",
        "-j",
        "1",
        "--out",
        str(out_dir),
    )
    assert code == 0, err
    entries = manifest(out_dir)
    # Campaign cards are left out by --only; a group card that features hala is made.
    assert {e["template"] for e in entries} == {"quote", "stat", "group"}
    assert f"{len(entries)} of {len(entries)} outputs written" in out
    group = next(e for e in entries if e["template"] == "group")
    assert group["subject"] == "community-stories-mena" and "error" not in group
    entries = [e for e in entries if e is not group]
    for entry in entries:
        assert "error" not in entry
        assert entry["kind"] == "card"
        assert entry["person"] == "hala"
        assert entry["preset"] == "instagram-square"
        assert (entry["width"], entry["height"]) == (1080, 1080)
        path = out_dir / entry["path"]
        assert path.is_file()
        with Image.open(path) as image:
            assert (image.format, image.size) == ("PNG", (1080, 1080))
        assert entry["bytes"] == path.stat().st_size
        alt = entry["alt"]
        assert alt["en"].strip() and alt["ar"].strip()
        assert any("\u0600" <= c <= "\u06ff" for c in alt["ar"]), "Arabic alt text is in Arabic"
        alt_file = (out_dir / entry["alt_path"]).read_text(encoding="utf-8")
        assert f"ar: {alt['ar']}" in alt_file and f"en: {alt['en']}" in alt_file
    assert not list(out_dir.rglob("*.partial"))


def test_render_unknown_only(capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "render", str(project), "--only", "nobody", "--out", str(tmp_path / "out"))
    assert code == 2
    assert (
        "--only: no person or spotlight with id 'nobody'; known: dar-el-khoos, hala, ibrahim, marouan, rania"
        in err
    )
    assert not (tmp_path / "out" / "manifest.json").exists()


@pytest.mark.parametrize(
    ("presets", "message"),
    [
        ("instagram-sqare", "--presets: unknown preset 'instagram-sqare'; did you mean 'instagram-square'?"),
        ("instagram-square,tiktk", "--presets: unknown preset 'tiktk'; did you mean 'tiktok'?"),
        ("bogus", "--presets: unknown preset 'bogus'; see `takatof presets`"),
    ],
)
def test_render_unknown_preset(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path, presets: str, message: str
) -> None:
    code, _, err = run(capsys, "render", str(project), "--presets", presets, "--out", str(tmp_path / "out"))
    assert code == 2
    assert message in err
    assert not (tmp_path / "out" / "manifest.json").exists()


def test_render_broken_project(capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path) -> None:
    edit(project, _break_types)
    code, _, err = run(capsys, "render", str(project), "--out", str(tmp_path / "out"))
    assert code == 2
    assert all(line in err for line in BROKEN_LINES[:2])
    assert not (tmp_path / "out").exists()


def test_render_text_too_long(capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path) -> None:
    """One card that cannot be drawn fails alone: the others are written, the manifest says
    which text to shorten, and nothing half-written is left behind."""
    edit(project, lambda d: d["people"][0]["quote"].update(ar="كلمة " * 119))  # within the schema's 600
    out_dir = tmp_path / "out"
    code, _, err = run(
        capsys,
        "render",
        str(project),
        "--targets",
        "cards",
        "--presets",
        "instagram-story,instagram-square",
        "--only",
        "hala",
        "-j",
        "1",
        "--out",
        str(out_dir),
    )
    assert code == 1
    entries = {(e["template"], e["preset"]): e for e in manifest(out_dir)}
    quote = entries["quote", "instagram-story"]
    assert "path" not in quote
    assert "people[0].quote.ar" in quote["error"]
    assert "shorten" in quote["error"]
    assert not (out_dir / "cards" / "hala" / "quote-instagram-story.png").exists()
    assert (out_dir / entries["stat", "instagram-square"]["path"]).is_file()
    assert "error: quote / instagram-story / hala: people[0].quote.ar" in err
    assert not list(out_dir.rglob("*.partial*"))


def test_render_parallel_matches_serial(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    """Worker processes produce the same outputs, in the same manifest order, as one process."""
    results = {}
    for jobs in ("1", "2"):
        out_dir = tmp_path / f"out{jobs}"
        code, _, err = run(
            capsys,
            "render",
            str(project),
            "--targets",
            "cards",
            "--presets",
            "instagram-square,instagram-portrait",
            "--only",
            "rania",
            "-j",
            jobs,
            "--out",
            str(out_dir),
        )
        assert code == 0, err
        results[jobs] = [(e["template"], e["preset"], e["subject"], e.get("path")) for e in manifest(out_dir)]
        assert all(path for *_, path in results[jobs])
    assert results["1"] == results["2"]
    assert len(results["1"]) >= 3
    assert {t for t, *_ in results["1"]} >= {"quote", "stat", "spotlight"}  # rania's business too
    for *_, path in results["1"]:
        assert path is not None
        assert (tmp_path / "out1" / path).read_bytes() == (tmp_path / "out2" / path).read_bytes(), path


def test_render_into_a_file_says_so(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    """--out naming an existing file is a usage error with advice, not a traceback."""
    target = tmp_path / "not-a-folder"
    target.write_text("x")
    code, _, err = run(
        capsys,
        "render",
        str(project),
        "--targets",
        "cards",
        "--only",
        "hala",
        "--presets",
        "instagram-square",
        "--out",
        str(target),
    )
    assert code == 2
    assert "is a file, not a folder" in err and "Traceback" not in err


def test_render_targets_are_the_registered_job_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--targets`` names every registered job kind in the plural: a new output kind (a reel)
    is a target without the command changing."""
    from takatof.cli import _targets, target_kinds
    from takatof.model.problems import ProjectError
    from takatof.render import jobs

    assert target_kinds() == {
        "cards": "card",
        "carousels": "carousel",
        "videos": "video",
        "reels": "reel",
        "films": "film",
        "animated": "animated",
    }

    class Podcasts:
        name = "podcast"
        parallel = False
        encodes = False

    jobs.kinds()
    monkeypatch.setitem(jobs._KINDS, "podcast", Podcasts())  # type: ignore[arg-type]
    assert target_kinds()["podcasts"] == "podcast"
    assert _targets("cards,podcasts") == {"cards", "podcasts"}
    known = "cards, carousels, videos, reels, films, animated, podcasts, posts"  # posts: the kit, not a job kind
    with pytest.raises(ProjectError, match=f"use {known} or {known.replace(', ', ',')}"):
        _targets("posters")


def test_a_counts_file_that_cannot_be_summed_stops_the_render(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    """A missing or broken insights export would leave the goal's outputs showing a stale
    figure with only a warning: the render stops before writing anything, naming the file."""
    data = json.loads(project.read_text(encoding="utf-8"))
    data["goal"]["counts"] = ["insights/facebook.csv"]
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "render", str(project), "--out", str(out_dir), "--targets", "cards", "-q")
    assert code == 2
    assert "goal.counts[0]" in err and "facebook.csv" in err
    assert not (out_dir / "manifest.json").exists()
