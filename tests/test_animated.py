"""Animated cards: a card template as a short MP4 loop, and its GIF and WebP.

Rendered for real through ``takatof render`` once per module (a goal card at X's odd-height
in-stream size with every format, a stat card as a square), then checked from the outside:
the container probed with PyAV, the first and last frames read by tesseract (the counter at
the goal's ``start``, then at its current value), the last frame against the static card,
the GIF and WebP opened as animations. The timing is table-tested; the frames before
encoding are compared with the static card exactly; a cancelled encode leaves nothing; the
same project renders the same on ``--cluster local:2``.
"""

from __future__ import annotations

import io
import json
import math
import shutil
import sys
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from PIL import Image, ImageOps

from takatof.cli import main
from takatof.model import load_project
from takatof.render.animated import (
    Beats,
    Frames,
    animated_jobs,
    bind,
    ease_out,
    even,
    make_animated,
    output_of,
)
from takatof.render.batch import project_names
from takatof.render.cancel import CancelToken
from takatof.render.cards import CardJob, render_card
from takatof.render.jobs import Run, Workspace
from takatof.render.video.runner import Cancelled

sys.path.insert(0, str(Path(__file__).parent))
import ocr

START, CURRENT = 25_000, 162_400


# ---------------------------------------------------------------------------- timing


@pytest.mark.parametrize(("x", "y"), [(-1, 0.0), (0, 0.0), (0.5, 0.875), (1, 1.0), (2, 1.0)])
def test_ease_out(x: float, y: float) -> None:
    assert ease_out(x) == pytest.approx(y)


@pytest.mark.parametrize("duration", [5.0, 6.0, 10.0])
def test_the_count_starts_at_start_ends_before_the_hold_and_never_goes_back(duration: float) -> None:
    beats = Beats(duration)
    values = [beats.value(i / 30, START, CURRENT) for i in range(beats.frames)]
    assert beats.frames == round(duration * 30)
    assert values[0] == START and values[-1] == CURRENT
    assert values == sorted(values)
    hold = [v for i, v in enumerate(values) if i / 30 >= beats.count_end]
    assert hold and set(hold) == {CURRENT}
    assert duration - beats.count_end >= 1.5
    # each value is a card drawn again: at most 15 a second
    assert len(set(values)) <= math.ceil(beats.count_end * 15) + 1


# ---------------------------------------------------------------------------- one render


def _project(folder: Path, example: Path) -> Path:
    shutil.copytree(example.parent, folder, ignore=shutil.ignore_patterns("*.bak"))
    path = folder / "campaign.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["people"] = [p for p in data["people"] if p["id"] == "hala"]
    data["spotlights"] = [s for s in data.get("spotlights", []) if s.get("person") in (None, "hala")]
    data["goal"]["current"] = CURRENT
    data["goal"]["start"] = START
    data["video"]["encoder"] = {"codec": "libx264", "preset": "veryfast", "crf": 23}
    data["outputs"] = {
        "cards": [{"template": "goal", "presets": ["x-image"]}],
        "animated": [
            {"template": "goal", "presets": ["x-image"], "duration_s": 5, "formats": ["mp4", "gif", "webp"]},
            {"template": "stat", "presets": ["instagram-square"], "duration_s": 7},
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("animated")
    path = _project(
        root / "project", Path(__file__).parents[1] / "examples" / "community-stories" / "campaign.json"
    )
    out = root / "out"
    assert main(["render", str(path), "--out", str(out), "-q", "--targets", "cards,animated"]) == 0
    return path, out


def _entries(out: Path) -> dict[tuple[str, str], dict[str, Any]]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {(e["kind"], e["template"]): e for e in data["outputs"]}


def _probe(path: Path) -> dict[str, Any]:
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        frames = [f.to_image() for f in container.decode(video=0)]
        return {
            "codec": video.codec_context.name,
            "profile": video.codec_context.profile,
            "pix_fmt": video.codec_context.pix_fmt,
            "size": (video.width, video.height),
            "fps": video.average_rate,
            "frames": len(frames),
            "duration": float(container.duration or 0) / av.time_base,
            "audio": len(container.streams.audio),
            "first": frames[0],
            "last": frames[-1],
        }


def _atoms(data: bytes) -> list[str]:
    """The MP4's top-level boxes, in order."""
    names, at = [], 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at : at + 4], "big")
        names.append(data[at + 4 : at + 8].decode("latin-1"))
        if size == 1:
            size = int.from_bytes(data[at + 8 : at + 16], "big")
        if size < 8:
            break
        at += size
    return names


@pytest.mark.parametrize(
    ("template", "rel", "size", "duration"),
    [
        ("goal", "animated/community-stories-mena/goal-x-image.mp4", (1200, 674), 5.0),  # 675 is odd
        ("stat", "animated/hala/stat-instagram-square.mp4", (1080, 1080), 7.0),
    ],
)
def test_the_mp4_is_delivery_h264_at_the_preset_size_and_length(
    rendered: tuple[Path, Path], template: str, rel: str, size: tuple[int, int], duration: float
) -> None:
    _, out = rendered
    entry = _entries(out)[("animated", template)]
    assert entry["status"] == "rendered" and entry["path"] == rel
    probe = _probe(out / rel)
    assert (probe["codec"], probe["profile"], probe["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert probe["size"] == size == (entry["width"], entry["height"])
    assert probe["fps"] == 30 and probe["frames"] == round(duration * 30)
    assert probe["duration"] == pytest.approx(duration, abs=0.05) and entry["duration_s"] == duration
    assert probe["audio"] == 0  # every platform here takes a silent video post
    atoms = _atoms((out / rel).read_bytes())
    assert atoms.index("moov") < atoms.index("mdat"), atoms  # faststart
    assert entry["bytes"] == (out / rel).stat().st_size


def _read(frame: Image.Image) -> str:
    """The English and digits of a frame: its light text (on the card's dark ground), cropped
    to where there is any (tesseract misreads a lone figure in a large empty picture)."""
    grey = frame.convert("L")
    box = grey.point(lambda v: 255 if v > 140 else 0).getbbox()
    assert box is not None, "nothing light in the frame"
    crop = grey.crop((box[0] - 40, box[1] - 40, box[2] + 40, box[3] + 40))
    return ocr.normalise(ocr.read(ImageOps.invert(crop), "eng", psm=6))


@pytest.mark.skipif(ocr.missing() is not None, reason=str(ocr.missing()))
def test_the_goal_counts_up_from_its_start_to_its_current_value(rendered: tuple[Path, Path]) -> None:
    _, out = rendered
    probe = _probe(out / "animated/community-stories-mena/goal-x-image.mp4")
    first, last = _read(probe["first"]), _read(probe["last"])
    # "25,000 of 250,000 interactions" and 10%, then "162,400 of 250,000" and 65%
    assert "25000of250000interactions" in first and "10" in first, first
    assert "162400" not in first, first
    assert "162400of250000interactions" in last and "65" in last, last
    assert "25000of" not in last, last


@pytest.mark.skipif(ocr.missing() is not None, reason=str(ocr.missing()))
def test_the_stat_counts_up_from_zero(rendered: tuple[Path, Path]) -> None:
    _, out = rendered
    probe = _probe(out / "animated/hala/stat-instagram-square.mp4")
    first, last = _read(probe["first"]), _read(probe["last"])
    assert "85000" in last and "85000" not in first, (first, last)
    assert first == "0", first  # the figure at 0 over the ground: the words have not entered


def test_the_last_frame_is_the_static_card(rendered: tuple[Path, Path]) -> None:
    _, out = rendered
    entries = _entries(out)
    card = Image.open(out / entries[("card", "goal")]["path"]).convert("RGB").crop((0, 0, 1200, 674))
    last = _probe(out / "animated/community-stories-mena/goal-x-image.mp4")["last"]
    error = np.mean((np.asarray(card, float) - np.asarray(last, float)) ** 2)
    assert 10 * math.log10(255**2 / error) > 32  # H.264 of the same picture


def test_the_gif_and_webp_loop_and_animate(rendered: tuple[Path, Path]) -> None:
    _, out = rendered
    entry = _entries(out)[("animated", "goal")]
    assert entry["variants"] == {
        "gif": "animated/community-stories-mena/goal-x-image.gif",
        "webp": "animated/community-stories-mena/goal-x-image.webp",
    }
    for fmt, rel in entry["variants"].items():
        with Image.open(io.BytesIO((out / rel).read_bytes())) as image:
            assert image.format == fmt.upper() and image.is_animated, rel
            assert image.info.get("loop") == 0, rel
            assert image.size[0] == 720, image.size
            played = 0
            for i in range(image.n_frames):  # an encoder may merge the hold's equal frames
                image.seek(i)
                image.load()  # WebP says a frame's duration once it is decoded
                played += image.info["duration"]
            assert played == pytest.approx(5000, abs=150), (rel, played)
            image.seek(0)
            first = np.asarray(image.convert("RGB"), float)
            image.seek(image.n_frames - 1)
            last = np.asarray(image.convert("RGB"), float)
        assert np.abs(first - last).mean() > 5, rel  # it moves
        assert (out / rel).stat().st_size <= 15_000_000


def test_rendering_again_changes_nothing(rendered: tuple[Path, Path]) -> None:
    path, out = rendered
    assert main(["render", str(path), "--out", str(out), "-q", "--targets", "cards,animated"]) == 0
    assert {e["status"] for e in _entries(out).values()} == {"unchanged"}


# ---------------------------------------------------------------------------- frames


def test_the_frames_end_on_the_static_card_and_start_at_the_start(tmp_path: Path, example_path: Path) -> None:
    project = load_project(_project(tmp_path / "p", example_path))
    (job,) = [j for j in animated_jobs(project) if j.template == "goal"]
    card = bind(project, job)
    assert (card.start, card.end) == (START, CURRENT)
    frames = Frames(card, Beats(5.0))
    static = np.asarray(render_card(project, CardJob("goal", "x-image", None)).image)
    assert np.array_equal(frames.at(4.99), static)  # the hold: exactly the card
    # the first frame shows the counters at the start over the ground: not the final card
    assert not np.array_equal(frames.at(0.0), static)
    start_card = np.asarray(card.draw(START).image)
    region = frames.counters
    assert region.any()
    shown = region & np.any(start_card != frames.photo, axis=2)
    assert np.array_equal(frames.at(0.0)[shown], start_card[shown])


@pytest.mark.parametrize(
    ("template", "preset", "layout"),
    [
        ("quote", "instagram-story", None),
        ("hashtag", "x-card", None),
        ("spotlight", "instagram-portrait", None),
        ("stat", "youtube-thumbnail", None),  # the thumbnail layout
        ("goal", "instagram-square", "split"),
    ],
)
def test_any_card_template_animates_and_ends_on_its_card(
    tmp_path: Path, example_path: Path, template: str, preset: str, layout: str | None
) -> None:
    path = _project(tmp_path / "p", example_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    example = json.loads(example_path.read_text(encoding="utf-8"))
    data["people"], data["spotlights"] = example["people"], example.get("spotlights", [])
    data["outputs"] = {"animated": [{"template": template, "presets": [preset], "layout": layout}]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project = load_project(path)
    job = animated_jobs(project)[0]
    frames = Frames(bind(project, job), Beats(5.0))
    static = render_card(project, CardJob(template, preset, job.subject, layout=job.layout))
    assert not static.problems and not frames.problems
    assert np.array_equal(frames.at(4.99), np.asarray(static.image))
    entering = frames.at(0.8)  # the photo and words on their way in
    assert not np.array_equal(entering, np.asarray(static.image))
    assert not np.array_equal(frames.at(0.0), entering)


def test_a_cancelled_encode_leaves_no_file(tmp_path: Path, example_path: Path) -> None:
    project = load_project(_project(tmp_path / "p", example_path))
    (job,) = [j for j in animated_jobs(project) if j.template == "stat"]
    out = tmp_path / "out"
    token = CancelToken()

    def progress(_job: Any, _p: Any) -> None:
        token.cancel()

    with pytest.raises(Cancelled):
        make_animated(Run(project, Workspace(out, out / ".cache"), progress, token), job)
    assert [p for p in out.rglob("*") if p.is_file()] == []


def test_a_broken_photo_fails_that_card_with_its_problem(tmp_path: Path, example_path: Path) -> None:
    path = _project(tmp_path / "p", example_path)
    project = load_project(path)
    for item in project.campaign.people[0].media:
        project.resolve(item).write_bytes(b"not a picture")
    (job,) = [j for j in animated_jobs(project) if j.template == "stat"]
    out = tmp_path / "out"
    product = make_animated(Run(project, Workspace(out, out / ".cache")), job)
    (entry,) = product.entries
    assert entry.status == "failed" and product.files == ()
    assert entry.error is not None and "people[0].media" in entry.error, entry.error
    assert not out.exists() or [p for p in out.rglob("*") if p.is_file()] == []


def test_an_odd_side_loses_one_row() -> None:
    assert (even(1200), even(675), even(1080)) == (1200, 674, 1080)


# ---------------------------------------------------------------------------- cluster


def test_the_cluster_renders_animated_cards_as_here(rendered: tuple[Path, Path], tmp_path: Path) -> None:
    path, local = rendered
    remote = tmp_path / "cluster"
    args = ["render", str(path), "--out", str(remote), "-q", "--targets", "animated", "--cluster", "local:2"]
    assert main(args) == 0
    here = {k: v for k, v in _entries(local).items() if k[0] == "animated"}
    there = _entries(remote)
    assert set(there) == set(here)
    for key, entry in there.items():
        assert entry["status"] == "rendered"
        mine = here[key]
        for field in ("path", "variants", "width", "height", "duration_s", "encoder", "key"):
            assert entry.get(field) == mine.get(field), (key, field)
        a, b = _probe(local / mine["path"]), _probe(remote / entry["path"])
        assert {k: a[k] for k in ("codec", "size", "frames", "audio")} == {
            k: b[k] for k in ("codec", "size", "frames", "audio")
        }
        assert np.abs(np.asarray(a["last"], float) - np.asarray(b["last"], float)).mean() < 1
    assert [p for p in remote.rglob("*") if ".partial" in p.name] == []


# ---------------------------------------------------------------------------- group cards


def _with_outputs(folder: Path, example: Path, animated: list[dict[str, Any]], people: int = 0) -> Path:
    """A copy of the example whose only outputs are ``animated``; with ``people``, that many
    people (the example's, then copies of them under new ids and names)."""
    path = _project(folder, example)
    data = json.loads(path.read_text(encoding="utf-8"))
    everyone = json.loads(example.read_text(encoding="utf-8"))["people"]
    for i in range(max(0, people - len(everyone))):
        extra = json.loads(json.dumps(everyone[i % len(everyone)]))
        extra["id"], extra["name"] = f"extra-{i}", {"ar": f"ضيف {i}", "en": f"Guest {i}"}
        everyone.append(extra)
    data["people"], data["spotlights"] = everyone[: max(people, 4)], []
    data["outputs"] = {"animated": animated}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _edit(path: Path, change: Any) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_an_animated_group_card_names_whom_it_shows_and_is_keyed_by_them(
    tmp_path: Path, example_path: Path
) -> None:
    path = _with_outputs(tmp_path / "p", example_path, [{"template": "group", "presets": ["x-card"]}], 8)
    project = load_project(path)
    (job,) = animated_jobs(project)
    shown = tuple(p.id for p in project.campaign.people[:6])  # the group card's default: the first six
    assert job.subjects == shown and job.subject is None
    assert bind(project, job).params.members[0].id == shown[0]  # type: ignore[attr-defined]

    def key_after(change: Any) -> str:
        _edit(path, change)
        changed = load_project(path)
        (again,) = animated_jobs(changed)
        return again.key(changed, None)

    before = job.key(project, None)
    assert key_after(lambda d: d["people"][7]["quote"].update(en="Not on the card")) == before
    assert key_after(lambda d: d["people"][0]["name"].update(en="Hala D.")) != before
    # --only: made when it shows one of them, left out otherwise
    assert [j.subjects for j in animated_jobs(project, only={shown[1]})] == [shown]
    assert animated_jobs(project, only={"extra-7"}) == []


def test_renaming_someone_on_an_animated_group_card_renders_it_again(
    tmp_path: Path, example_path: Path
) -> None:
    path = _with_outputs(tmp_path / "p", example_path, [{"template": "group", "presets": ["x-card"]}])
    out = tmp_path / "out"
    args = ["render", str(path), "--out", str(out), "-q", "--targets", "animated"]
    assert main(args) == 0
    (entry,) = _entries(out).values()
    first = _probe(out / entry["path"])["last"]
    _edit(path, lambda d: d["people"][0]["name"].update(en="Someone Else Entirely"))
    assert main(args) == 0
    (entry,) = _entries(out).values()
    assert entry["status"] == "rendered"
    last = _probe(out / entry["path"])["last"]
    assert np.abs(np.asarray(first, float) - np.asarray(last, float)).mean() > 0.05


# ---------------------------------------------------------------------------- two outputs of one card


@pytest.mark.parametrize(
    ("outputs", "variants"),
    [
        ([["x-image"], ["x-image"]], ["", "goal-2"]),  # the first keeps its plain name
        ([["x-image"], ["instagram-square"]], ["", ""]),  # different files already
        ([["x-image"], ["x-image"], ["x-image"]], ["", "goal-2", "goal-3"]),
        # a second output at one of the first one's presets takes its own id at every preset;
        # a third that meets the first at one preset and the second at another takes a third
        (
            [["x-image", "x-card"], ["x-image", "instagram-square"], ["instagram-square", "x-card"]],
            ["", "goal-2", "goal-3"],
        ),
        ([["x-image"], ["x-image", "x-card"], ["x-card"]], ["", "goal-2", ""]),  # no file shared
    ],
)
def test_each_animated_output_has_files_of_its_own(
    tmp_path: Path, example_path: Path, outputs: list[list[str]], variants: list[str]
) -> None:
    animated = [
        {"template": "goal", "presets": presets, "duration_s": 5 + i} for i, presets in enumerate(outputs)
    ]
    project = load_project(_with_outputs(tmp_path / "p", example_path, animated))
    jobs = animated_jobs(project)
    assert [j.variant for j in jobs] == [
        v for v, presets in zip(variants, outputs, strict=True) for _ in presets
    ]
    campaign = project.campaign.id
    paths = [p for job in jobs for p in job.paths(campaign)]
    assert len(paths) == len(set(paths))
    assert len({job.identities(campaign) for job in jobs}) == len(jobs)
    # each job is made from its own output (its own length)
    assert [output_of(project, job).duration_s for job in jobs] == [
        5.0 + i for i, presets in enumerate(outputs) for _ in presets
    ]


def test_two_animated_outputs_differing_in_length_and_formats_are_both_made(
    tmp_path: Path, example_path: Path
) -> None:
    animated = [
        {"template": "goal", "presets": ["x-image"], "duration_s": 5},
        {"template": "goal", "presets": ["x-image"], "duration_s": 6, "formats": ["webp"]},
    ]
    path = _with_outputs(tmp_path / "p", example_path, animated)
    out = tmp_path / "out"
    assert main(["render", str(path), "--out", str(out), "-q", "--targets", "animated"]) == 0
    entries = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert [(e["status"], e.get("id"), e["path"]) for e in entries] == [
        ("rendered", None, "animated/community-stories-mena/goal-x-image.mp4"),
        ("rendered", "goal-2", "animated/community-stories-mena/goal-2-x-image.webp"),
    ]
    assert _probe(out / entries[0]["path"])["frames"] == 150
    with Image.open(out / entries[1]["path"]) as webp:
        assert webp.format == "WEBP" and webp.is_animated
        played = 0
        for i in range(webp.n_frames):  # the hold's equal frames may be merged
            webp.seek(i)
            webp.load()
            played += webp.info["duration"]
        assert played == pytest.approx(6000, abs=150)  # the second output's own length
    assert not (out / "animated/community-stories-mena/goal-2-x-image.mp4").exists()  # not asked for
    assert main(["render", str(path), "--out", str(out), "-q", "--targets", "animated"]) == 0
    again = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert [e["status"] for e in again] == ["unchanged", "unchanged"]


def test_an_animated_group_card_shows_the_subjects_its_output_chooses(project_copy: Path) -> None:
    """Its job features the output's subjects in order (its key and its drawing follow them);
    without a list, the group card's default set; an empty list makes no job."""
    from takatof.render.animated import animated_jobs

    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["outputs"] = {
        "animated": [
            {"template": "group", "presets": ["instagram-square"], "subjects": ["rania", "hala"]},
            {"template": "group", "presets": ["instagram-story"]},
        ]
    }
    project_copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project = load_project(project_copy, project_names())
    chosen, default = animated_jobs(project)
    assert chosen.subjects == ("rania", "hala")
    assert default.subjects == tuple(p.id for p in project.campaign.people)[:6]
