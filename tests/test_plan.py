"""The story's timeline as the Studio's panel and ``takatof plan`` see it, and what per-photo
settings (duration, motion, focus) do to it.

No video is encoded here (tests/test_video_render.py compares a real render with
``takatof plan``): the timeline is planned from the example project, whose clip and voice-over
are only probed for their length.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from takatof import cli
from takatof.model import Campaign, Project
from takatof.render.video.motion import crop_at
from takatof.render.video.plan import PlanSummary, format_plan, plan_summary, summarize
from takatof.render.video.render import VideoJob, plan
from takatof.templates.story import MOTIONS, ZOOM, auto_motion, named_motion
from takatof.templates.timeline import FPS, Clip, Motion, Photo, Still, Timeline, snap
from tests.conftest import EXAMPLE

Data = dict[str, Any]
NAMES = ("zoom-in", "zoom-out", "pan-left", "pan-right", "pan-up", "pan-down", "still")


def example_data() -> Data:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def project_of(data: Data) -> Project:
    """A project of ``data`` beside the example (its media paths resolve to the example's)."""
    return Project(Campaign.model_validate(data), EXAMPLE)


def changed(person: int, change: Callable[[Data], None]) -> Project:
    data = example_data()
    change(data["people"][person])
    return project_of(data)


def story(project: Project, person: str, preset: str = "instagram-story") -> Timeline:
    return plan(project, VideoJob("story", preset, person))


def photos(timeline: Timeline) -> list[Photo]:
    return [s for s in timeline.segments if isinstance(s, Photo)]


# --- the summary -----------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["hala", "marouan", "rania", "ibrahim"])
def test_summary_is_the_timeline_the_render_encodes(person: str) -> None:
    project = project_of(example_data())
    job = VideoJob("story", "instagram-story", person)
    timeline = plan(project, job)
    summary = plan_summary(project, job)
    assert (summary.person, summary.preset, summary.width, summary.height, summary.fps) == (
        person,
        "instagram-story",
        1080,
        1920,
        30,
    )
    assert summary.total_s == pytest.approx(timeline.duration, abs=1e-3)
    assert summary.transition_s == pytest.approx(timeline.transition)
    assert len(summary.segments) == len(timeline.segments)
    for row, segment, start in zip(summary.segments, timeline.segments, timeline.starts, strict=True):
        assert row.start_s == pytest.approx(start, abs=1e-3)
        assert row.duration_s == pytest.approx(segment.duration, abs=1e-3)
    last = summary.segments[-1]
    assert last.start_s + last.duration_s == pytest.approx(summary.total_s, abs=1e-3)
    assert [(c.start_s, c.end_s, c.texts) for c in summary.cues] == [
        (pytest.approx(c.start, abs=1e-3), pytest.approx(c.end, abs=1e-3), c.texts) for c in timeline.cues
    ]
    # The example's videos print the campaign's first two languages, Arabic on top.
    assert summary.langs == ("ar", "en")
    assert all(c.langs == ("ar", "en") and c.text("ar") and c.text("en") for c in summary.cues)
    # Each media row names its item, and the item names the file the segment shows.
    index = [p.id for p in project.campaign.people].index(person)
    media = [row for row in summary.segments if row.kind in ("photo", "clip")]
    for row, segment in zip(media, [s for s in timeline.segments if not isinstance(s, Still)], strict=True):
        assert row.where is not None and row.where.startswith(f"people[{index}].")
        assert row.source is not None and project.resolve(row.source) == segment.path


def test_example_rows() -> None:
    project = project_of(example_data())
    hala = plan_summary(project, VideoJob("story", "instagram-story", "hala"))
    assert [(r.kind, r.where, r.source, r.motion) for r in hala.segments] == [
        ("title", None, None, None),
        ("photo", "people[0].media[0]", "media/hala-1.jpg", "auto"),
        ("photo", "people[0].media[1]", "media/hala-2.jpg", "auto"),
        ("stat", None, None, None),
        ("closing", None, None, None),
    ]
    assert [(a.kind, a.where, a.source, a.ducked) for a in hala.audio] == [
        ("music", "video.music", "media/music.ogg", True),
        ("voiceover", "people[0].voiceover", "media/voiceover-hala.ogg", False),
    ]
    music, voice = hala.audio
    assert (music.start_s, music.duration_s) == (0.0, hala.total_s)
    assert voice.start_s > 0 and voice.start_s + voice.duration_s <= hala.total_s + 1e-6

    marouan = plan_summary(project, VideoJob("story", "instagram-square", "marouan"))
    photo = marouan.segments[2]
    assert (photo.where, photo.motion, photo.focus, photo.own_duration) == (
        "people[1].media[1]",
        "zoom-in",
        (0.35, 0.4),
        False,
    )
    assert [(a.kind, a.ducked) for a in marouan.audio] == [("music", False)]

    ibrahim = plan_summary(project, VideoJob("story", "instagram-story", "ibrahim"))
    (clip,) = [r for r in ibrahim.segments if r.kind == "clip"]
    item = project.campaign.people[3].clips[0]
    assert (clip.where, clip.source, clip.clip_in_s, clip.clip_out_s) == (
        "people[3].clips[0]",
        item.path,
        item.start,
        item.end,
    )
    assert clip.motion is None and clip.focus is None


def test_rows_name_their_items_even_when_a_clip_is_left_out() -> None:
    """A clip too short to show is dropped by the template; the rows after it still name their
    own item (carried through the template, not counted from the order)."""

    def two_clips(person: Data) -> None:
        clip = person["clips"][0]
        person["clips"] = [
            {**clip, "start": 1.0, "end": 1.2},  # 0.2 s: left out
            {**clip, "start": 2.0, "end": 4.0, "audio": True},
        ]
        person["media"] = [person["media"][1]]

    project = changed(3, two_clips)
    summary = plan_summary(project, VideoJob("story", "instagram-story", "ibrahim"))
    assert [(r.kind, r.where) for r in summary.segments[1:-2]] == [
        ("photo", "people[3].media[0]"),
        ("clip", "people[3].clips[1]"),
    ]
    clip = summary.segments[2]
    assert (clip.clip_in_s, clip.clip_out_s, clip.source) == (2.0, 4.0, "media/clip-cairo-runners.mp4")
    (sound,) = [a for a in summary.audio if a.kind == "clip"]
    assert (sound.where, sound.start_s, sound.duration_s) == ("people[3].clips[1]", clip.start_s, 2.0)


def test_no_media_is_one_placeholder_row() -> None:
    def nothing(person: Data) -> None:
        person["media"] = []
        person.pop("clips", None)

    summary = plan_summary(changed(1, nothing), VideoJob("story", "instagram-story", "marouan"))
    assert [r.kind for r in summary.segments] == ["title", "media", "stat", "closing"]
    assert summary.segments[1].where is None and summary.segments[1].source is None


def test_to_json_is_plain_json_and_format_names_every_row() -> None:
    project = project_of(example_data())
    summary = plan_summary(project, VideoJob("story", "instagram-story", "marouan"))
    data = json.loads(json.dumps(summary.to_json()))
    assert data["total_s"] == summary.total_s
    assert data["segments"][2]["focus"] == [0.35, 0.4]
    assert data["segments"][2]["motion"] == "zoom-in"
    assert set(data) == {f for f in PlanSummary.__dataclass_fields__}
    assert [row["kind"] for row in data["segments"]] == [row.kind for row in summary.segments]
    # A caption row names each language by its code, as the plan's JSON always wrote "ar" and "en".
    assert data["langs"] == ["ar", "en"]
    assert [set(cue) for cue in data["cues"]] == [{"start_s", "end_s", "ar", "en"}] * len(summary.cues)
    assert [cue["en"] for cue in data["cues"]] == [cue.text("en") for cue in summary.cues]
    text = format_plan(summary)
    assert text.splitlines()[0].startswith("marouan — instagram-story 1080x1920 at 30 fps")
    for row in summary.segments:
        assert row.kind in text and (row.where or "") in text
    assert "motion zoom-in, focus 0.35,0.40" in text
    assert "media/music.ogg" in text


def test_summarize_without_sound_or_sources() -> None:
    """A timeline made by hand (no sources, no audio) still summarises."""
    timeline = Timeline(64, 64, (Still((), 1.0, "title"), Photo(Path("x.jpg"), 2.0)), 0.5)
    project = project_of(example_data())
    summary = summarize(project, VideoJob("story", "instagram-story", "hala"), timeline)
    assert [(r.kind, r.where, r.source, r.motion) for r in summary.segments] == [
        ("title", None, None, None),
        ("photo", None, None, "auto"),
    ]
    assert summary.audio == () and summary.total_s == 2.5
    assert "sound: silent" in format_plan(summary)


# --- the CLI -----------------------------------------------------------------------------------------


def test_cli_plan_defaults_to_the_first_preset_of_each_video(capsys: pytest.CaptureFixture[str]) -> None:
    """Each person's story, then the campaign's reel, then each film, at its output's first
    preset."""
    assert cli.main(["plan", str(EXAMPLE), "--json"]) == 0
    plans = json.loads(capsys.readouterr().out)
    outputs = project_of(example_data()).campaign.outputs
    first = outputs.videos[0].presets[0]
    assert [(p["template"], p["person"], p["preset"]) for p in plans] == [
        *(("story", person, first) for person in ("hala", "marouan", "rania", "ibrahim")),
        ("reel", "community-stories-mena", outputs.reels[0].presets[0]),
        *(("film", person, outputs.films[0].presets[0]) for person in ("rania", "ibrahim")),
    ]


def test_cli_plan_says_where_speech_captions_show(capsys: pytest.CaptureFixture[str]) -> None:
    """Rania's interview is captioned from its speech: the plan names the file's JSON path, and
    her cues while the clip plays are the clip's, placed where it plays (after the photos)."""
    assert cli.main(["plan", str(EXAMPLE), "--only", "rania", "--presets", "instagram-story"]) == 0
    out = capsys.readouterr().out
    assert "from the speech while it plays (people[2].clips[0].captions)" in out
    assert cli.main(["plan", str(EXAMPLE), "--only", "rania", "--presets", "instagram-story", "--json"]) == 0
    story, film = json.loads(capsys.readouterr().out)
    assert story["speech"] == film["speech"] == ["people[2].clips[0].captions"]
    clip = next(row for row in story["segments"] if row["kind"] == "clip")
    said = [cue for cue in story["cues"] if cue["start_s"] >= clip["start_s"]]
    assert [round(cue["start_s"] - clip["start_s"], 2) for cue in said] == [0.02, 4.47, 8.61]
    assert [round(cue["start_s"], 2) for cue in film["cues"]] == [0.02, 4.47, 8.61]


def test_cli_plan_filters_like_render(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["plan", str(EXAMPLE), "--only", "rania", "--presets", "instagram-square,youtube-video"])
    out = capsys.readouterr().out
    assert code == 0
    heads = [line for line in out.splitlines() if " at 30 fps: " in line]
    videos = project_of(example_data()).campaign.outputs.videos[0].presets
    wanted = [p for p in videos if p in ("instagram-square", "youtube-video")]
    assert [h.split(" ")[2] for h in heads] == wanted and wanted


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--only", "nobody"], "--only: no person with id 'nobody'; known: hala, ibrahim, marouan, rania"),
        (["--presets", "instagram-storey"], "--presets: unknown preset 'instagram-storey'; did you mean"),
    ],
)
def test_cli_plan_refuses_bad_filters(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert cli.main(["plan", str(EXAMPLE), *argv]) == 2
    assert message in capsys.readouterr().err


def test_cli_plan_of_a_bad_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = example_data()
    data["people"][0]["media"][0] = "media/gone.jpg"
    path = tmp_path / "campaign.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["plan", str(path)]) == 2
    err = capsys.readouterr().err
    assert "people[0].media[0]: file not found: 'media/gone.jpg'" in err


# --- per-photo duration -----------------------------------------------------------------------------


def _media(*items: Any) -> Callable[[Data], None]:
    def apply(person: Data) -> None:
        person["media"] = list(items)

    return apply


def test_photos_without_settings_are_as_before() -> None:
    """No per-photo setting: the cycle of moves and one even length, exactly as always."""
    timeline = story(project_of(example_data()), "hala")
    first, second = photos(timeline)
    assert (first.motion, second.motion) == (MOTIONS[0], MOTIONS[1])
    assert first.duration == second.duration and first.centering == (0.5, 0.5)


def test_own_duration_is_kept_and_the_others_make_up_the_time() -> None:
    """Hala's voice-over needs ~15 s of photos: a photo with its own 3 s keeps it, the other
    takes the rest."""
    before = photos(story(project_of(example_data()), "hala"))
    total = sum(p.duration for p in before)
    project = changed(0, _media("media/hala-1.jpg", {"path": "media/hala-2.jpg", "duration_s": 3.0}))
    first, second = photos(story(project, "hala"))
    assert second.duration == 3.0
    assert first.duration == pytest.approx(total - 3.0, abs=1 / 30)


def test_own_durations_longer_than_needed_are_kept() -> None:
    project = changed(1, _media({"path": "media/marouan-1.jpg", "duration_s": 12.0}, "media/marouan-2.jpg"))
    first, second = photos(story(project, "marouan"))
    video = project.campaign.video
    assert (first.duration, second.duration) == (12.0, snap(video.photo_s, FPS))


def test_when_every_photo_has_a_duration_all_stretch_in_proportion() -> None:
    project = changed(
        0,
        _media(
            {"path": "media/hala-1.jpg", "duration_s": 2.0}, {"path": "media/hala-2.jpg", "duration_s": 4.0}
        ),
    )
    first, second = photos(story(project, "hala"))
    assert second.duration / first.duration == pytest.approx(2.0, abs=0.05)
    assert first.duration + second.duration > 6.0 + 5  # the voice-over needs far more than 6 s


def test_every_photo_with_enough_time_keeps_its_duration() -> None:
    project = changed(
        1,
        _media(
            {"path": "media/marouan-1.jpg", "duration_s": 9.5},
            {"path": "media/marouan-2.jpg", "duration_s": 7.25},
        ),
    )
    assert [p.duration for p in photos(story(project, "marouan"))] == [9.5, snap(7.25, FPS)]


# --- motion and focus -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_named_motions(name: str) -> None:
    m = named_motion(name, None)
    expected = {
        "zoom-in": Motion(1.0, ZOOM, 0.5, 0.5, 0.5, 0.5),
        "zoom-out": Motion(ZOOM, 1.0, 0.5, 0.5, 0.5, 0.5),
        "pan-left": Motion(ZOOM, ZOOM, 1 - 0.5 / ZOOM, 0.5 / ZOOM, 0.5, 0.5),
        "pan-right": Motion(ZOOM, ZOOM, 0.5 / ZOOM, 1 - 0.5 / ZOOM, 0.5, 0.5),
        "pan-up": Motion(ZOOM, ZOOM, 0.5, 0.5, 1 - 0.5 / ZOOM, 0.5 / ZOOM),
        "pan-down": Motion(ZOOM, ZOOM, 0.5, 0.5, 0.5 / ZOOM, 1 - 0.5 / ZOOM),
        "still": Motion(1.0, 1.0, 0.5, 0.5, 0.5, 0.5),
    }[name]
    assert _close(m, expected)


def _close(a: Motion, b: Motion) -> bool:
    return all(abs(x - y) < 1e-9 for x, y in zip(a.__dict__.values(), b.__dict__.values(), strict=True))


def test_zoom_goes_to_the_focus() -> None:
    m = named_motion("zoom-in", (0.5, 0.45))
    assert (m.x_to, m.y_to) == (0.5, 0.45) and (m.x_from, m.y_from) == (0.5, 0.5)
    m = named_motion("zoom-out", (0.52, 0.5))
    assert (m.x_from, m.x_to) == (0.52, 0.5)
    m = named_motion("pan-left", (0.9, 0.47))
    assert m.y_from == m.y_to == 0.47


FOCI = [(0.0, 0.0), (1.0, 1.0), (0.9, 0.1), (0.1, 0.9), (0.5, 0.5), (0.3, 0.62), (1.0, 0.0)]


@pytest.mark.parametrize("focus", FOCI)
@pytest.mark.parametrize("move", [*NAMES, "auto-0", "auto-1", "auto-2", "auto-3"])
def test_the_view_never_leaves_the_photo(move: str, focus: tuple[float, float]) -> None:
    """Every frame's view lies inside the photo by the motion itself, so the renderer's clamp
    (a kink in the movement where it starts to bite) never has to act."""
    motion = auto_motion(int(move[-1]), focus) if move.startswith("auto") else named_motion(move, focus)
    iw, ih, w, h, n = 1210, 2150, 1080, 1920, 91
    for k in range(n):
        p = k / (n - 1)
        zoom = motion.zoom_from + (motion.zoom_to - motion.zoom_from) * p
        scale = max(w / iw, h / ih) * zoom
        cw, ch = w / scale, h / scale
        cx = (motion.x_from + (motion.x_to - motion.x_from) * p) * iw
        cy = (motion.y_from + (motion.y_to - motion.y_from) * p) * ih
        x, y, _ = crop_at(Photo(Path("p.jpg"), n / 30, motion), k, n, iw, ih, w, h)
        assert x == pytest.approx(cx - cw / 2, abs=1e-6) and y == pytest.approx(cy - ch / 2, abs=1e-6)
        assert x >= -1e-6 and x + cw <= iw + 1e-6 and y >= -1e-6 and y + ch <= ih + 1e-6


def test_focus_crops_the_photo_around_it_and_moves_toward_it() -> None:
    project = changed(
        0,
        _media(
            {"path": "media/hala-1.jpg", "focus": [0.2, 0.3]},
            {"path": "media/hala-2.jpg", "motion": "zoom-in", "focus": [0.9, 0.1]},
        ),
    )
    first, second = photos(story(project, "hala"))
    assert first.centering == (0.2, 0.3) and second.centering == (0.9, 0.1)
    assert (first.source, second.source) == ("people[0].media[0]", "people[0].media[1]")
    # A named zoom ends on the focus, as near as the photo's edges allow.
    assert second.motion == named_motion("zoom-in", (0.9, 0.1))
    assert (second.motion.x_to, second.motion.y_to) == (
        pytest.approx(1 - 0.5 / ZOOM),
        pytest.approx(0.5 / ZOOM),
    )
    # Without a motion the cycle's move is kept, its zoomed end shifted toward the focus.
    assert first.motion == auto_motion(0, (0.2, 0.3)) != MOTIONS[0]
    assert (first.motion.zoom_from, first.motion.zoom_to) == (MOTIONS[0].zoom_from, MOTIONS[0].zoom_to)
    assert (first.motion.x_from, first.motion.y_from) == (0.5, 0.5)  # the whole photo at zoom 1
    assert (first.motion.x_to, first.motion.y_to) == (pytest.approx(0.5 / ZOOM), pytest.approx(0.5 / ZOOM))


def test_clip_segments_and_sounds_name_their_item() -> None:
    timeline = story(project_of(example_data()), "ibrahim")
    (clip,) = [s for s in timeline.segments if isinstance(s, Clip)]
    assert clip.source == "people[3].clips[0]"
    assert timeline.audio is not None
    assert [c.source for c in timeline.audio.clips] == (["people[3].clips[0]"] if clip.audio else [])


def test_a_clips_focus_path_is_in_its_plan_row(capsys: pytest.CaptureFixture[str]) -> None:
    """The example's runners clip pans from the sun to the runners: the plan shows the keys
    the crop follows (JSON: each key's time in the file and point), and the table says so."""
    assert cli.main(["plan", str(EXAMPLE), "--only", "ibrahim", "--json"]) == 0
    (story, film) = json.loads(capsys.readouterr().out)
    for video in (story, film):
        (row,) = [r for r in video["segments"] if r["kind"] == "clip"]
        assert row["focus_path"] == [[0.5, 0.3, 0.55], [5.5, 0.5, 0.55]]
    assert cli.main(["plan", str(EXAMPLE), "--only", "ibrahim"]) == 0
    assert "focus path 2 keys 0.30,0.55 at 0.5 s → 0.50,0.55 at 5.5 s" in capsys.readouterr().out
