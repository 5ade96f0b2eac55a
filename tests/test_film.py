"""Footage-first films: a person's clips with burned-in captions, the logo bug and the closing
card, and nothing of the story's wrapper (no title, lower third or member count).

Rendered for real through ``takatof render --targets films`` from a project with a generated
16:9 clip (a bright round face crossing it): the film opens on the clip, the face stays in
its 9:16 frame along the clip's focus path, its captions are burned in (read back by OCR)
and written as sidecars, and the manifest lists it as a film with its id.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
import srt
import webvtt

from takatof import cli
from takatof.edit.validate import validate as validate_project
from takatof.model import load_project
from takatof.render.jobs import all_jobs
from takatof.render.video.assets import prepare
from takatof.render.video.compositor import frame_at
from takatof.render.video.render import check, plan
from takatof.templates.timeline import Clip, Still

from . import ocr
from .conftest import EXAMPLE_DIR
from .test_clip_focus import FACE_R, FROM_X, SECONDS, TO_X, W, face_centre, make_clip

CUE_EN = "Neighbours swap what they have"
CUE_AR = "الجيران يتبادلون ما لديهم"
PRESET = "instagram-story"


def film_project(folder: Path, film: dict[str, Any], **person: Any) -> Path:
    """The example cut down to hala, whose one clip is the generated face walk (focused along
    it), with her own caption cue, asking for ``film`` alone."""
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    make_clip(folder / "media")
    data = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    hala = next(p for p in data["people"] if p["id"] == "hala")
    keys = [{"t": 0.0, "x": FROM_X / W, "y": 0.5}, {"t": SECONDS, "x": TO_X / W, "y": 0.5}]
    hala["clips"] = [{"path": "media/walk.mp4", "focus_path": keys}]
    hala["cues"] = [{"start_s": 0.2, "end_s": 2.8, "text": {"ar": CUE_AR, "en": CUE_EN}}]
    hala.update(person)
    data["people"] = [hala, *[p | {"clips": []} for p in data["people"] if p["id"] != "hala"][:1]]
    data["spotlights"] = []
    data["outputs"] = {"films": [film]}
    data["video"]["encoder"] = {"codec": "libx264", "preset": "ultrafast", "crf": 18}
    path = folder / "campaign.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def render(project: Path, out: Path, *extra: str) -> dict[str, Any]:
    assert cli.main(["render", str(project), "--out", str(out), "--targets", "films", "-q", *extra]) == 0
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return manifest


def decoded(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        return [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("film")
    project = film_project(folder / "project", {"presets": [PRESET]})
    out = folder / "out"
    return project, out, render(project, out)


def test_a_person_with_clips_gets_a_film_of_them_and_its_sidecars(
    rendered: tuple[Path, Path, dict[str, Any]],
) -> None:
    _, out, manifest = rendered
    video = "videos/hala/film-instagram-story.mp4"
    entries = {(e["kind"], e.get("lang"), e.get("format")): e for e in manifest["outputs"]}
    assert entries[("video", None, None)] | {"key": None} == entries[("video", None, None)] | {
        "kind": "video",
        "status": "rendered",
        "template": "film",
        "id": "film",
        "person": "hala",
        "path": video,
        "key": None,
    }
    assert {(e["person"], e["template"]) for e in manifest["outputs"]} == {("hala", "film")}  # no one else
    for lang, text in (("ar", CUE_AR), ("en", CUE_EN)):
        assert entries[("captions", lang, "srt")]["video"] == video
        (cue,) = srt.parse((out / f"videos/hala/film-{PRESET}.{lang}.srt").read_text(encoding="utf-8"))
        assert cue.content == text and cue.start.total_seconds() == pytest.approx(0.2)
        (vtt,) = webvtt.read(str(out / f"videos/hala/film-{PRESET}.{lang}.vtt")).captions
        assert vtt.text == text


def test_a_film_opens_on_its_footage_and_ends_on_the_closing_card(
    rendered: tuple[Path, Path, dict[str, Any]],
) -> None:
    project, out, _ = rendered
    timeline = plan(load_project(project), film_job(project))
    assert isinstance(timeline.segments[0], Clip) and timeline.segments[0].focus
    assert [s.name for s in timeline.segments if isinstance(s, Still)] == ["closing"]
    assert not timeline.counters
    assert {o.name for o in timeline.overlays} == {"caption-1", "logo-bug"}  # no lower third
    frames = decoded(out / f"videos/hala/film-{PRESET}.mp4")
    assert len(frames) == timeline.frames
    # The first frame is the clip (its grey texture and the face), not a title on the brand's green.
    first = frames[0].astype(np.int16)
    assert np.abs(first[..., 1] - first[..., 0]).mean() < 6  # grey: no brand colour
    assert face_centre(frames[0])[1] > 1000
    assets = prepare(timeline, out / ".cache")
    for k in (0, 40, 80, len(frames) - 1):
        drawn = np.asarray(frame_at(timeline, assets, k / timeline.fps), np.float64)
        mse = float(np.mean((drawn - frames[k]) ** 2))
        assert 10 * math.log10(255**2 / max(mse, 1e-9)) > 28, k


def film_job(project: Path) -> Any:
    (job,) = [j for j in all_jobs(load_project(project), kinds_wanted={"film"}) if j.subject == "hala"]
    return job


def test_the_face_stays_in_the_9_16_film_while_it_moves(rendered: tuple[Path, Path, dict[str, Any]]) -> None:
    _, out, _ = rendered
    frames = decoded(out / f"videos/hala/film-{PRESET}.mp4")
    height, width = frames[0].shape[:2]
    r = FACE_R * height / 360
    for k in range(0, round(SECONDS * 30) - 20, 6):  # the footage, before the cross-fade to the end
        upper = frames[k][: height // 2]  # above the captions
        x, count = face_centre(upper)
        assert count > 0.35 * math.pi * r * r, f"frame {k}: the face is not in view"
        assert r * 0.8 <= x <= width - r * 0.8, f"frame {k}: the face at x={x:.0f}"


@pytest.mark.skipif(ocr.missing() is not None, reason=str(ocr.missing()))
def test_the_captions_are_burned_in(rendered: tuple[Path, Path, dict[str, Any]]) -> None:
    project, out, _ = rendered
    timeline = plan(load_project(project), film_job(project))
    (caption,) = [o for o in timeline.overlays if o.name == "caption-1"]
    frames = decoded(out / f"videos/hala/film-{PRESET}.mp4")
    from PIL import Image

    box = caption.box
    shot = Image.fromarray(frames[round(1.5 * timeline.fps)]).crop((box.x, box.y, box.right, box.bottom))
    english = shot.crop((0, shot.height // 2, shot.width, shot.height))
    score, read = ocr.best_read(english, CUE_EN, "eng", (6, 7))
    assert score > 0.85, read
    arabic = shot.crop((0, 0, shot.width, shot.height // 2 + 10))
    score, read = ocr.best_read(arabic, CUE_AR, "ara", (6, 7))
    assert score > 0.7, read


def test_an_unchanged_film_is_skipped_and_a_changed_one_made_again(tmp_path: Path) -> None:
    project = film_project(tmp_path / "project", {"presets": [PRESET], "end_card": False})
    out = tmp_path / "out"
    first = render(project, out)
    (video,) = [e for e in first["outputs"] if e["kind"] == "video"]
    frames = decoded(out / video["path"])
    assert len(frames) == round(SECONDS * 30)  # no closing card: the footage alone
    assert face_centre(frames[-1])[1] > 1000
    stamp = (out / video["path"]).stat().st_mtime_ns
    render(project, out)
    assert (out / video["path"]).stat().st_mtime_ns == stamp  # skipped: the same key
    data = json.loads(project.read_text(encoding="utf-8"))
    data["outputs"]["films"][0]["end_card"] = True
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    again = render(project, out)
    (video,) = [e for e in again["outputs"] if e["kind"] == "video"]
    assert (out / video["path"]).stat().st_mtime_ns != stamp
    assert video["duration_s"] > SECONDS + 1


def test_which_films_are_made(tmp_path: Path) -> None:
    project = film_project(tmp_path / "project", {"id": "walk", "presets": [PRESET, "instagram-square"]})
    loaded = load_project(project)
    jobs = all_jobs(loaded, kinds_wanted={"film"})
    # Everyone with clips (hala; the other person has none), each preset, named by the film's id.
    assert [(j.subject, j.preset, j.variant, j.subjects) for j in jobs] == [
        ("hala", PRESET, "walk", ("hala",)),
        ("hala", "instagram-square", "walk", ("hala",)),
    ]
    assert jobs[0].paths(loaded.campaign.id)[0] == "videos/hala/walk-instagram-story.mp4"
    assert all_jobs(loaded, only={"someone-else"}, kinds_wanted={"film"}) == []


def test_the_campaigns_own_footage_is_one_film_in_the_campaigns_folder(tmp_path: Path) -> None:
    film = {
        "id": "launch",
        "presets": [PRESET],
        "clips": [{"path": "media/walk.mp4", "end": 2.0}],
        "end_card": False,
    }
    project = film_project(tmp_path / "project", film)
    loaded = load_project(project)
    (job,) = all_jobs(loaded, kinds_wanted={"film"})
    assert job.subject is None and job.variant == "launch"
    out = tmp_path / "out"
    manifest = render(project, out)
    (video,) = [e for e in manifest["outputs"] if e["kind"] == "video"]
    campaign = loaded.campaign.id
    assert video["path"] == f"videos/{campaign}/launch-{PRESET}.mp4" and video["person"] == campaign
    assert video["status"] == "rendered" and video["duration_s"] == pytest.approx(2.0)
    timeline = plan(loaded, job)
    assert [s.source for s in timeline.segments] == ["outputs.films[0].clips[0]"]
    assert not timeline.cues  # the campaign's footage has no story to caption


def test_a_campaign_film_whose_footage_is_missing_fails_naming_it(tmp_path: Path) -> None:
    film = {"id": "launch", "presets": [PRESET], "clips": [{"path": "media/nothere.mp4"}]}
    project = film_project(tmp_path / "project", film)
    out = tmp_path / "out"
    assert cli.main(["render", str(project), "--out", str(out), "--targets", "films", "-q"]) == 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["outputs"]
    assert entry["status"] == "failed" and entry["id"] == "launch"
    assert "outputs.films[0].clips[0].path: 'media/nothere.mp4' file not found" in entry["error"]
    assert not (out / "videos").exists() or not any((out / "videos").rglob("*.mp4"))


def test_a_persons_film_too_long_for_its_platform_is_told_at_the_film_with_the_fix(tmp_path: Path) -> None:
    """A person's film is made of their clips and the film entry's choices: its length is
    told at the film entry (not at the person, whose story may be fine), worded for a film."""
    clips = [{"path": "media/walk.mp4"}] * 25  # 25 x 3 s: over Instagram's 60 s for a story
    project = load_project(film_project(tmp_path / "project", {"presets": [PRESET]}, clips=clips))
    (job,) = [job for job in all_jobs(project) if job.kind == "film"]
    assert plan(project, job).duration > 60
    (problem,) = check(project, job)
    assert problem.path == "outputs.films[0]"
    assert problem.message.startswith(f"{PRESET}: hala's film lasts"), problem.message
    assert "fewer clips or shorter ones" in problem.message and "photos" not in problem.message
    # the campaign's checks say the same, once
    found = [p for p in validate_project(project) if "lasts" in p.message]
    assert [(p.path, p.message) for p in found] == [(problem.path, problem.message)]
