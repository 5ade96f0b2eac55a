"""Speech captions in the videos (issue 23): what a clip or a voice-over says, from caption
files timed in that media file (``Clip.captions``, ``Person.voiceover_captions``), shown where
the file plays.

The plan: a clip's cues move to where the clip plays (after the title and photos in a story,
from 0 in a film), only what falls in its trimmed part and cut to it; the voice-over's move by
where the voice starts; the story text is told before the first clip that speaks (the photos
lengthen to hold it) and not at all in a language the voice-over's captions say; a person's
own cues and caption files keep precedence. Validation: each file's language is one of the
campaign's, an unreadable one is told at its own field, removing a language drops its files.
A real render burns the clip's words in (read back by OCR) and writes them to the sidecars at
their place in the video.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
import srt
import webvtt
from PIL import Image

from takatof import cli
from takatof.edit import apply, remove_language
from takatof.model import Campaign, Project, load_project
from takatof.model.project import validate_data
from takatof.render.jobs import all_jobs
from takatof.render.video.probe import duration_of
from takatof.render.video.render import VideoJob, check, plan
from takatof.templates.captions import story_cues
from takatof.templates.layers import Stack, Text
from takatof.templates.timeline import Clip, Cue, Photo, Timeline

from . import ocr
from .conftest import EXAMPLE_DIR, prune_plan
from .test_clip_focus import make_clip

Data = dict[str, Any]
Cues = list[tuple[float, float, str]]

IBRAHIM = 3  # the example's person with a clip: media/clip-cairo-runners.mp4, trimmed to 0.5..5.5
CLIP_AT = "people[3].clips[0]"
CLIP_EN: Cues = [
    (0.0, 0.4, "Too early"),  # before the trim: not shown
    (1.0, 2.5, "Hello runners"),
    (3.0, 5.3, "We run every Friday"),
    (5.35, 6.0, "Cut too short"),  # 0.15 s of it inside the trim: a flash, left out
]
SPOKEN_EN: Cues = [(0.5, 2.0, "Hello runners"), (2.5, 4.8, "We run every Friday")]
"""What the clip shows of CLIP_EN, from where it starts playing (its file second 0.5)."""
VOICE_EN: Cues = [(0.0, 1.5, "Voice one"), (2.0, 3.0, "Voice two")]


def srt_text(cues: Cues) -> str:
    return str(
        srt.compose(
            [
                srt.Subtitle(i + 1, srt.timedelta(seconds=s), srt.timedelta(seconds=e), t)
                for i, (s, e, t) in enumerate(cues)
            ]
        )
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the example project (with its ``captions`` folder)."""
    target = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, target, ignore=shutil.ignore_patterns("*.bak"))
    (target / "captions").mkdir(exist_ok=True)  # the example ships one
    return target


def write(folder: Path, name: str, cues: Cues) -> str:
    (folder / "captions" / name).write_text(srt_text(cues), encoding="utf-8")
    return f"captions/{name}"


def project_of(folder: Path, data: Data) -> Project:
    return Project(Campaign.model_validate(data), folder / "campaign.json")


def example(folder: Path) -> Data:
    data: Data = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    return data


def story(project: Project, person: str, langs: tuple[str, ...] = ()) -> Timeline:
    return plan(project, VideoJob("story", "instagram-story", person, languages=langs))


def clip_start(timeline: Timeline, source: str) -> tuple[Clip, float]:
    """A clip segment and where it starts on the timeline (its cut in included)."""
    return next(
        (s, at) for s, at in zip(timeline.segments, timeline.starts, strict=True) if s.source == source
    )


def sources(timeline: Timeline) -> list[str]:
    """Each caption overlay's JSON path (its first text's, less the language)."""
    found = []
    for overlay in timeline.overlays:
        if overlay.name.startswith("caption-"):
            (stack,) = [layer for layer in overlay.layers if isinstance(layer, Stack)]
            first = next(item for item in stack.items if isinstance(item, Text))
            found.append(first.source.rsplit(".", 1)[0])
    return found


def shifted(cues: Cues, by: float) -> Cues:
    return [(s + by, e + by, t) for s, e, t in cues]


def same(got: Cues, want: Cues) -> bool:
    """The same cues, their times within a millisecond (the plan rounds them to it)."""
    return len(got) == len(want) and all(
        t == u and abs(s - a) < 2e-3 and abs(e - b) < 2e-3
        for (s, e, t), (a, b, u) in zip(got, want, strict=True)
    )


def track(timeline: Timeline, lang: str) -> Cues:
    """One language's captions in the plan: its side of each cue, empty sides left out and a
    text that goes on across cues (another language changed under it) joined into one."""
    out: Cues = []
    for cue in timeline.cues:
        text = cue.text(lang)
        if out and text and out[-1][2] == text and abs(out[-1][1] - cue.start) < 1e-6:
            out[-1] = (out[-1][0], cue.end, text)
        elif text:
            out.append((cue.start, cue.end, text))
    return out


# --- the story video ------------------------------------------------------------------------------


def test_a_clips_cues_play_where_the_clip_plays_trimmed_to_it(folder: Path) -> None:
    data = example(folder)
    data["people"][IBRAHIM]["clips"][0]["captions"] = {"en": write(folder, "ibrahim.clip.en.srt", CLIP_EN)}
    timeline = story(project_of(folder, data), "ibrahim")
    clip, at = clip_start(timeline, CLIP_AT)
    assert clip.start == 0.5  # the trim: file second 0.5 plays at ``at``
    spoken = [(s, e, t) for s, e, t in track(timeline, "en") if s >= at - 1e-6]
    assert same(spoken, shifted(SPOKEN_EN, at)), spoken
    # While the clip speaks, the other language shows nothing (it has no file): not the story.
    assert all(not c.text("ar") for c in timeline.cues if c.start >= at - 1e-6)
    assert sources(timeline)[-2:] == [f"{CLIP_AT}.captions"] * 2


def test_the_story_is_told_on_the_photos_before_the_clip_that_speaks(folder: Path) -> None:
    """The story's cues end before the speaking clip starts, and the photos lengthened so all
    of the story fits there (the clip's own seconds give the story no time)."""
    data = example(folder)
    person = data["people"][IBRAHIM]
    person["story"] = {
        lang: " ".join([text] * 3) for lang, text in person["story"].items()
    }  # longer than the photos
    plain = story(project_of(folder, data), "ibrahim")
    person["clips"][0]["captions"] = {"en": write(folder, "ibrahim.clip.en.srt", CLIP_EN)}
    timeline = story(project_of(folder, data), "ibrahim")
    _, at = clip_start(timeline, CLIP_AT)
    told = [c for c in timeline.cues if c.start < at]
    assert told and all(c.end <= at + 1e-6 for c in told)
    assert all(where == "people[3].story" for where in sources(timeline)[: len(told)])
    pieces = story_cues([(lang, person["story"][lang]) for lang in ("ar", "en")])
    assert [c.texts for c in told] == [c.texts for c in pieces]  # all of the story, before the clip
    # Without speech, the story's time counted the clip's too: the photos are longer now.
    photos = [s.duration for s in timeline.segments if isinstance(s, Photo)]
    before = [s.duration for s in plain.segments if isinstance(s, Photo)]
    assert sum(photos) > sum(before)
    first_photo = timeline.starts[1]
    assert at - first_photo >= told[-1].end - told[0].start  # the story fits before the clip


def test_the_voice_overs_cues_start_with_the_voice_and_replace_its_languages_story(folder: Path) -> None:
    data = example(folder)
    hala = data["people"][0]
    voice_s = duration_of(folder / hala["voiceover"])
    late = (voice_s - 0.1, voice_s + 4.0, "Past the voice")  # 0.1 s of it while the voice plays
    hala["voiceover_captions"] = {"en": write(folder, "hala.voice.en.srt", [*VOICE_EN, late])}
    timeline = story(project_of(folder, data), "hala")
    voice_at = timeline.starts[1] + 0.4
    assert timeline.audio is not None and timeline.audio.voice_at == pytest.approx(voice_at)
    assert same(track(timeline, "en"), shifted(VOICE_EN, voice_at)), track(timeline, "en")
    # Arabic has no voice captions: its story is told as before (the whole story, over the photos).
    pieces = [c.text("ar") for c in story_cues([("ar", hala["story"]["ar"])])]
    assert [t for _, _, t in track(timeline, "ar")] == pieces
    # A cue's path is its first text's: the voice's file where Arabic says nothing then.
    for where, cue in zip(sources(timeline), timeline.cues, strict=True):
        assert where == ("people[0].story" if cue.text("ar") else "people[0].voiceover_captions"), cue


def test_a_clip_speaking_first_leaves_no_room_for_the_story_in_a_person_without_photos(folder: Path) -> None:
    data = example(folder)
    person = data["people"][IBRAHIM]
    person["media"] = []
    person["clips"][0]["captions"] = {"en": write(folder, "ibrahim.clip.en.srt", CLIP_EN)}
    timeline = story(project_of(folder, data), "ibrahim")
    assert [t for _, _, t in track(timeline, "en")] == ["Hello runners", "We run every Friday"]
    assert not track(timeline, "ar")  # no photos before the speaking clip: no story text


def test_own_cues_and_caption_files_keep_precedence_and_the_clips_file_is_not_read(folder: Path) -> None:
    data = example(folder)
    person = data["people"][IBRAHIM]
    person["clips"][0]["captions"] = {"en": "captions/never-read.en.srt", "ar": "captions/never-read.ar.srt"}
    own = [{"start_s": 1.0, "end_s": 3.0, "text": {"en": "Own English"}}]
    person["cues"] = own
    person["captions"] = {"ar": write(folder, "ibrahim.ar.srt", [(2.0, 4.0, "ملف عربي")])}
    timeline = story(project_of(folder, data), "ibrahim")
    assert track(timeline, "en") == [(1.0, 3.0, "Own English")]
    assert track(timeline, "ar") == [(2.0, 4.0, "ملف عربي")]


def test_a_file_with_nothing_in_the_clips_trim_changes_nothing(folder: Path) -> None:
    """A clip whose captions all fall outside its trimmed part does not speak: the plan is the
    one without the file (the projects without speech captions keep their plans)."""
    data = example(folder)
    plain = story(project_of(folder, data), "ibrahim")
    data["people"][IBRAHIM]["clips"][0]["captions"] = {
        "en": write(folder, "ibrahim.clip.en.srt", [(0.0, 0.45, "Before"), (5.45, 9.0, "After")])
    }
    assert story(project_of(folder, data), "ibrahim") == plain


def test_a_clip_with_a_speaking_language_in_a_one_language_video(folder: Path) -> None:
    """An English-only video of a clip with Arabic and English files shows the English one."""
    data = example(folder)
    data["people"][IBRAHIM]["clips"][0]["captions"] = {
        "en": write(folder, "ibrahim.clip.en.srt", CLIP_EN),
        "ar": write(folder, "ibrahim.clip.ar.srt", [(1.0, 2.5, "مرحبا")]),
    }
    timeline = story(project_of(folder, data), "ibrahim", ("en",))
    _, at = clip_start(timeline, CLIP_AT)
    assert [t for s, _, t in track(timeline, "en") if s >= at] == ["Hello runners", "We run every Friday"]
    assert all(c.langs == ("en",) for c in timeline.cues)


# --- films ------------------------------------------------------------------------------------------


def film_job(project: Project, subject: str | None) -> Any:
    return next(j for j in all_jobs(project, kinds_wanted={"film"}) if j.subject == subject)


def test_a_persons_film_shows_the_clips_words_from_0(folder: Path) -> None:
    data = example(folder)
    data["people"][IBRAHIM]["clips"][0]["captions"] = {"en": write(folder, "ibrahim.clip.en.srt", CLIP_EN)}
    project = project_of(folder, data)
    timeline = plan(project, film_job(project, "ibrahim"))
    assert timeline.starts[0] == 0.0 and isinstance(timeline.segments[0], Clip)
    assert track(timeline, "en") == SPOKEN_EN
    assert not track(timeline, "ar")  # the clip speaks from the first frame: no story before it
    assert sources(timeline) == [f"{CLIP_AT}.captions"] * 2


def test_a_campaign_films_clips_show_their_words(folder: Path) -> None:
    data = example(folder)
    data["outputs"]["films"] = [
        {
            "id": "launch",
            "presets": ["instagram-story"],
            "clips": [
                {"path": "media/clip-cairo-runners.mp4", "end": 2.0},
                {
                    "path": "media/clip-cairo-runners.mp4",
                    "start": 0.5,
                    "end": 5.5,
                    "captions": {"en": write(folder, "launch.en.srt", CLIP_EN)},
                },
            ],
            "end_card": False,
        }
    ]
    project = project_of(folder, data)
    timeline = plan(project, film_job(project, None))
    _, at = clip_start(timeline, "outputs.films[0].clips[1]")
    assert at > 1.0  # after the first clip
    assert same(track(timeline, "en"), shifted(SPOKEN_EN, at)), track(timeline, "en")
    assert sources(timeline) == ["outputs.films[0].clips[1].captions"] * 2


def test_a_reel_section_shows_its_clips_words_and_its_caption_before_them(folder: Path) -> None:
    data = example(folder)
    data["people"][IBRAHIM]["clips"][0]["captions"] = {"en": write(folder, "ibrahim.clip.en.srt", CLIP_EN)}
    data["outputs"]["reels"] = [
        {"id": "reel", "presets": ["instagram-story"], "people": [{"person": "ibrahim", "items": [1, 2]}]}
    ]
    project = project_of(folder, data)
    (job,) = [j for j in all_jobs(project, kinds_wanted={"reel"}) if j.preset == "instagram-story"]
    timeline = plan(project, job)
    clip, at = clip_start(timeline, CLIP_AT)
    said = [(s, e, t) for s, e, t in track(timeline, "en") if s >= at - 1e-6]
    # From file second 1.0 (the clip plays from 0.5), cut to the share of the section it plays.
    assert said and said[0][2] == "Hello runners" and abs(said[0][0] - (at + 0.5)) < 2e-3, said
    assert all(e <= at + clip.duration + 1e-6 for _, e, _ in said) and said[-1][1] < at + 2.0
    quote = [c for c in timeline.cues if c.end <= at + 1e-6]
    assert quote and all(c.text("ar") for c in quote)  # the quote, on the photo before the clip
    where = sources(timeline)
    assert where[: len(quote)] == ["people[3].quote"] * len(quote)
    assert where[len(quote) :] == [f"{CLIP_AT}.captions"] * len(said)


# --- validation and edits -------------------------------------------------------------------------


def problems_of(folder: Path, data: Data) -> list[tuple[str, str]]:
    _, found = validate_data(data, folder)
    return [(p.path, p.message) for p in found]


def test_a_caption_file_in_an_undeclared_language_is_told_at_its_field(folder: Path) -> None:
    data = example(folder)
    name = write(folder, "x.de.srt", CLIP_EN)
    data["people"][IBRAHIM]["clips"][0]["captions"] = {"de": name}
    data["people"][0]["voiceover_captions"] = {"de": name}
    data["outputs"]["films"][0]["clips"] = [
        {"path": "media/clip-cairo-runners.mp4", "captions": {"de": name}}
    ]
    found = problems_of(folder, data)
    told = "German (de) is not one of the campaign's languages (ar, en); add 'de' to languages, or remove this file"
    for where in (
        "people[3].clips[0].captions.de",
        "people[0].voiceover_captions.de",
        "outputs.films[0].clips[0].captions.de",
    ):
        assert (where, told) in found, found


@pytest.mark.parametrize(
    ("where", "template", "subject"),
    [
        ("people[3].clips[0].captions.en", "story", "ibrahim"),
        ("people[0].voiceover_captions.en", "story", "hala"),
        ("people[3].clips[0].captions.en", "film", "ibrahim"),
        ("outputs.films[0].clips[0].captions.en", "film", None),
    ],
)
def test_an_unreadable_caption_file_is_a_problem_at_its_field(
    folder: Path, where: str, template: str, subject: str | None
) -> None:
    data = example(folder)
    (folder / "captions" / "broken.srt").write_text("1\nthis is not a time\nHello\n", encoding="utf-8")
    broken = {"en": "captions/broken.srt"}
    if where.startswith("outputs"):
        data["outputs"]["films"][0]["clips"] = [{"path": "media/clip-cairo-runners.mp4", "captions": broken}]
    elif "voiceover" in where:
        data["people"][0]["voiceover_captions"] = broken
    else:
        data["people"][IBRAHIM]["clips"][0]["captions"] = broken
    project = project_of(folder, data)
    job = (
        VideoJob("story", "instagram-story", subject or "")
        if template == "story"
        else film_job(project, subject)
    )
    found = [(p.path, p.message) for p in check(project, job)]
    assert [path for path, _ in found] == [where], found
    assert found[0][1].startswith("'captions/broken.srt': not a valid SRT file ("), found
    assert found[0][1].endswith("; correct it, or give another .srt or .vtt file")


def test_removing_a_language_drops_its_caption_files_everywhere(folder: Path) -> None:
    data = example(folder)
    data["people"][IBRAHIM]["clips"][0]["captions"] = {"en": "captions/c.en.srt"}
    data["people"][0]["voiceover_captions"] = {"en": "captions/v.en.srt", "ar": "captions/v.ar.srt"}
    data["people"][0]["captions"] = {"en": "captions/p.en.srt"}
    data["outputs"]["films"][0]["clips"] = [
        {"path": "media/x.mp4", "captions": {"en": "c.srt", "ar": "a.srt"}}
    ]
    edit = remove_language(data, "en")
    after = apply(data, edit)
    assert "captions" not in after["people"][IBRAHIM]["clips"][0]  # nothing left in it: it goes
    assert after["people"][0]["voiceover_captions"] == {"ar": "captions/v.ar.srt"}
    assert "captions" not in after["people"][0]
    assert after["outputs"]["films"][0]["clips"][0]["captions"] == {"ar": "a.srt"}
    assert apply(after, edit.inverse()) == data
    # people read from a spreadsheet are left alone
    kept = apply(data, remove_language(data, "en", leave={"people"}))
    assert kept["people"][0]["captions"] == {"en": "captions/p.en.srt"}


# --- a real render -----------------------------------------------------------------------------------

SPOKEN = "Hello runners"
PRESET = "instagram-story"


def test_a_render_burns_the_clips_words_in_and_writes_them_to_the_sidecars(tmp_path: Path) -> None:
    """A film of a 3 s clip trimmed from 0.5 s, whose English file says SPOKEN from file second
    1.0 to 2.6: the video shows it from 0.5 s to 2.1 s (read back by OCR at 1.3 s, absent at
    2.4 s), and the English SRT says it at those times."""
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    make_clip(folder / "media")
    (folder / "captions").mkdir(exist_ok=True)  # the example ships one
    name = write(folder, "hala.walk.en.srt", [(1.0, 2.6, SPOKEN)])
    data = example(folder)
    hala = copy.deepcopy(data["people"][0])
    hala["clips"] = [{"path": "media/walk.mp4", "start": 0.5, "captions": {"en": name}}]
    data["people"] = [hala]
    data["spotlights"] = []
    data["outputs"] = {"films": [{"id": "film", "presets": [PRESET], "end_card": False, "languages": ["en"]}]}
    data["video"]["encoder"] = {"codec": "libx264", "preset": "ultrafast", "crf": 18}
    prune_plan(data)
    project = folder / "campaign.json"
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["render", str(project), "--out", str(out), "--targets", "films", "-q"]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (video,) = [e for e in manifest["outputs"] if e["kind"] == "video"]
    assert video["status"] == "rendered"
    sidecar = out / Path(video["path"]).with_suffix(".en.srt")
    (cue,) = srt.parse(sidecar.read_text(encoding="utf-8"))
    assert (cue.start.total_seconds(), cue.end.total_seconds(), cue.content) == (0.5, 2.1, SPOKEN)
    (vtt,) = webvtt.read(str(sidecar.with_suffix(".vtt"))).captions
    assert (vtt.start, vtt.end, vtt.text) == ("00:00:00.500", "00:00:02.100", SPOKEN)

    loaded = load_project(project)
    timeline = plan(loaded, film_job(loaded, "hala"))
    assert timeline.cues == (Cue(0.5, 2.1, (("en", SPOKEN),)),)
    (caption,) = [o for o in timeline.overlays if o.name.startswith("caption-")]
    box = caption.box
    with av.open(str(out / video["path"])) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]

    def shot(t: float) -> Image.Image:
        return Image.fromarray(frames[round(t * timeline.fps)]).crop((box.x, box.y, box.right, box.bottom))

    if ocr.missing() is None:
        score, read = ocr.best_read(shot(1.3), SPOKEN, "eng", (6, 7))
        assert score > 0.85, read
    # Under the caption's box: its dark band while it shows, the clip's texture after it.
    inside = np.asarray(shot(1.3), np.float64).mean()
    after = np.asarray(shot(2.4), np.float64).mean()
    assert abs(inside - after) > 5, (inside, after)
