"""The campaign reel: its plan (a section per chosen person, in order), local times, and real
renders (OCR of each person's lower third, probed duration, sidecars, keys, the cluster)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from takatof.cli import main
from takatof.model import Project, ProjectError, load_project
from takatof.render.batch import project_names
from takatof.render.jobs import Job, all_jobs
from takatof.render.text import drawable, fit_text
from takatof.render.video.plan import format_plan, plan_jobs, plan_summary
from takatof.render.video.probe import probe
from takatof.render.video.render import check, plan, video_jobs
from takatof.render.video.runner import ffmpeg_exe
from takatof.templates.layers import Stack, Text
from takatof.templates.reel import clock_text, local_time, section_spans
from takatof.templates.timeline import Overlay, Timeline
from tests import ocr
from tests.conftest import EXAMPLE_DIR

UTC = dt.UTC


@pytest.mark.parametrize(
    ("moment", "zone", "local"),
    [
        (dt.datetime(2026, 12, 10, 13, 40, tzinfo=UTC), "Asia/Karachi", "2026-12-10 18:40"),
        (dt.datetime(2026, 12, 10, 13, 40, tzinfo=UTC), "Africa/Kinshasa", "2026-12-10 14:40"),
        (dt.datetime(2026, 12, 10, 13, 40, tzinfo=UTC), "Asia/Kolkata", "2026-12-10 19:10"),
        # Beirut keeps summer time (UTC+3) in July and standard time (UTC+2) in December
        (dt.datetime(2026, 7, 10, 13, 40, tzinfo=UTC), "Asia/Beirut", "2026-07-10 16:40"),
        (dt.datetime(2026, 12, 10, 13, 40, tzinfo=UTC), "Asia/Beirut", "2026-12-10 15:40"),
        # London's clocks go forward at 01:00 UTC on 29 March 2026: a minute either side
        (dt.datetime(2026, 3, 29, 0, 59, tzinfo=UTC), "Europe/London", "2026-03-29 00:59"),
        (dt.datetime(2026, 3, 29, 1, 1, tzinfo=UTC), "Europe/London", "2026-03-29 02:01"),
        # the day changes across zones: one instant, three calendar days' worth of clocks
        (dt.datetime(2026, 12, 10, 22, 30, tzinfo=UTC), "Asia/Karachi", "2026-12-11 03:30"),
        (dt.datetime(2026, 12, 10, 22, 30, tzinfo=UTC), "America/New_York", "2026-12-10 17:30"),
        (
            dt.datetime(2026, 12, 11, 3, 0, tzinfo=dt.timezone(dt.timedelta(hours=5))),
            "Pacific/Honolulu",
            "2026-12-10 12:00",
        ),
    ],
)
def test_local_time_follows_each_zone_its_summer_time_and_its_day(
    moment: dt.datetime, zone: str, local: str
) -> None:
    assert local_time(moment, zone).strftime("%Y-%m-%d %H:%M") == local


@pytest.mark.parametrize(
    ("lang", "numerals", "country", "weekday", "text"),
    [
        ("en", "latn", "PK", False, "18:40"),
        ("fr", "latn", "CD", False, "18:40"),
        ("ar", "arab", "EG", False, "٦:٤٠ م"),
        ("ar", "latn", "MA", False, "18:40"),
        ("en", "latn", "PK", True, "Thu 18:40"),
    ],
)
def test_clock_text_is_written_in_the_languages_locale_and_numerals(
    lang: str, numerals: Any, country: str, weekday: bool, text: str
) -> None:
    local = dt.datetime(2026, 12, 10, 18, 40, 31)  # a Thursday; seconds are not shown
    assert clock_text(local, lang, numerals, country, weekday) == text


# ---------------------------------------------------------------------------- projects


def _project(folder: Path, reel: dict[str, Any], fast: bool = True) -> Path:
    """A copy of the example with only ``reel`` as its outputs."""
    target = folder / "project"
    shutil.copytree(EXAMPLE_DIR, target, ignore=shutil.ignore_patterns("*.bak"), dirs_exist_ok=True)
    path = target / "campaign.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["outputs"] = {"reels": [reel]}
    if fast:
        data["video"]["encoder"] = {"codec": "libx264", "preset": "ultrafast", "crf": 30}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _load(path: Path) -> Project:
    return load_project(path, project_names())


def _reel_job(project: Project, preset: str | None = None) -> Job:
    jobs = [job for job in all_jobs(project) if job.kind == "reel"]
    return next(job for job in jobs if preset is None or job.preset == preset)


def _people_of(where: str | None) -> str | None:
    return where.split(".")[0] if where else None


def _lower_thirds(timeline: Timeline) -> list[Overlay]:
    return [o for o in timeline.overlays if o.name == "lower-third"]


def _texts(overlay: Overlay) -> list[Text]:
    return [
        item
        for layer in overlay.layers
        if isinstance(layer, Stack)
        for item in layer.items
        if isinstance(item, Text)
    ]


def test_by_default_everyone_is_featured_in_the_projects_order(tmp_path: Path) -> None:
    project = _load(_project(tmp_path, {"presets": ["instagram-story"]}))
    job = _reel_job(project)
    assert job.subject is None and job.variant == "reel"
    assert job.subjects == ("hala", "marouan", "rania", "ibrahim")
    summary = plan_summary(project, job)
    kinds = [row.kind for row in summary.segments]
    assert kinds == ["title", "photo", "photo", "photo", "photo", "closing"]
    assert [_people_of(row.where) for row in summary.segments[1:-1]] == [f"people[{i}]" for i in range(4)]
    assert summary.person == project.campaign.id
    assert "reel, else their quote" in format_plan(summary)


def test_a_subset_in_its_own_order_with_item_ranges_and_captions(tmp_path: Path) -> None:
    reel = {
        "presets": ["instagram-square"],
        "segment_s": 5,
        "people": [
            {"person": "ibrahim", "items": [1, 2], "caption": {"ar": "نركض معاً", "en": "We run together"}},
            {"person": "hala", "items": [0, 1]},
        ],
    }
    project = _load(_project(tmp_path, reel))
    job = _reel_job(project)
    assert job.subjects == ("ibrahim", "hala")
    timeline = plan(project, job)
    rows = plan_summary(project, job).segments
    # ibrahim's second photo and his clip (item 2: after his two photos), then hala's two photos
    assert [row.where for row in rows[1:-1]] == [
        "people[3].media[1]",
        "people[3].clips[0]",
        "people[0].media[0]",
        "people[0].media[1]",
    ]
    spans = section_spans(list(timeline.segments), timeline.transition, [2, 2])
    for start, end in spans:  # each section is on screen for its segment_s, to a frame
        assert end - start + timeline.transition == pytest.approx(5.0, abs=2 / timeline.fps)
    # each section's lower third names its person, and its captions are its own
    names = [_texts(o)[0].text for o in _lower_thirds(timeline)]
    assert names == [
        project.campaign.person("ibrahim").name.get("ar"),
        project.campaign.person("hala").name.get("ar"),
    ]
    first = [cue for cue in timeline.cues if cue.start < spans[0][1]]
    assert [cue.text("en") for cue in first] == ["We run together"]
    later = " ".join(cue.text("en") for cue in timeline.cues if cue.start >= spans[1][0])
    assert later.split()[:3] == project.campaign.person("hala").quote.get("en").split()[:3]
    # every caption and lower third of a section stays inside it
    for third, (start, end) in zip(_lower_thirds(timeline), spans, strict=True):
        assert start < third.start and third.end <= end


def test_a_moment_puts_each_persons_local_time_in_their_lower_third(tmp_path: Path) -> None:
    reel = {"presets": ["instagram-story"], "moment": "2026-12-10T16:40:00Z"}
    project = _load(_project(tmp_path, reel))
    timeline = plan(project, _reel_job(project))
    clocks = [
        next(t for t in _texts(o) if t.source.endswith(".timezone")).text for o in _lower_thirds(timeline)
    ]
    plain = [drawable(c) for c in clocks]
    assert "Beirut 18:40" in plain[0] and "بيروت" in plain[0]  # UTC+2 in December
    assert "Casablanca 17:40" in plain[1]
    assert "Cairo 18:40" in plain[2] and "Alexandria 18:40" in plain[3]  # a city, not the country


def _visual_words(text: Text) -> list[str]:
    """The words of ``text``'s first line as drawn, left to right: each shaped piece in its
    place, a right-to-left piece's words reversed (a piece holds its text in logical order)."""
    layout = fit_text(text.text, text.style, 4000)
    words = []
    for piece in sorted(layout.lines[0].pieces, key=lambda piece: piece.x):
        split = piece.text.split()
        words += split[::-1] if piece.rtl else split
    return words


@pytest.mark.parametrize("languages", [["ar", "en"], ["en", "ar"]])
def test_each_languages_place_and_time_are_drawn_in_its_own_order(
    tmp_path: Path, languages: list[str]
) -> None:
    reel = {"presets": ["instagram-square"], "moment": "2026-12-10T16:40:00Z", "languages": languages}
    project = _load(_project(tmp_path, reel))
    timeline = plan(project, _reel_job(project))
    clock = next(t for t in _texts(_lower_thirds(timeline)[1]) if t.source.endswith(".timezone"))
    arabic = project.campaign.person("marouan").city.get("ar").split()  # الدار البيضاء
    drawn = [w if w in ("Casablanca", "17:40", "·") else "place-ar" for w in _visual_words(clock)]
    drawn = [w for i, w in enumerate(drawn) if w != "place-ar" or drawn[i - 1 : i] != ["place-ar"]]
    assert len(arabic) == 2
    # left to right, whichever language leads: the English "Casablanca 17:40" as English
    # reads it, and the Arabic place at the right of its time, as Arabic reads it (the lead
    # language's clock is on its own reading side: the left for English, the right for Arabic)
    assert drawn == ["Casablanca", "17:40", "·", "17:40", "place-ar"], _visual_words(clock)


def test_a_moment_on_two_calendar_days_names_each_clocks_weekday(tmp_path: Path) -> None:
    data_reel = {"presets": ["instagram-story"], "moment": "2026-12-10T22:30:00Z", "languages": ["en"]}
    path = _project(tmp_path, data_reel)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["people"][0]["timezone"] = "Asia/Karachi"
    data["people"][0]["city"] = {"ar": "كراتشي", "en": "Karachi"}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project = _load(path)
    timeline = plan(project, _reel_job(project))
    clocks = [
        next(t for t in _texts(o) if t.source.endswith(".timezone")).text for o in _lower_thirds(timeline)
    ]
    plain = [drawable(c) for c in clocks]
    assert plain[0] == "Karachi Fri 03:30"
    assert plain[1] == "Casablanca Thu 23:30"


def test_plan_lists_the_reels_after_the_story_videos(tmp_path: Path) -> None:
    project = _load(_project(tmp_path, {"presets": ["instagram-story", "instagram-square"]}))
    assert [(job.kind, job.preset) for job in plan_jobs(project)] == [
        ("reel", "instagram-story"),
        ("reel", "instagram-square"),
    ]
    assert plan_jobs(project, only={"hala"}) == []  # a reel is about the campaign, as its cards


def test_a_story_output_naming_the_reel_template_makes_no_story_videos(tmp_path: Path) -> None:
    """Loading refuses it at its path (a story output names a one-person template); a
    project loaded without the name checks still makes no story video of it."""
    path = _project(tmp_path, {"presets": ["instagram-story"]})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["outputs"]["videos"] = [{"template": "reel", "presets": ["instagram-square"]}]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ProjectError) as refused:
        _load(path)
    assert [p.path for p in refused.value.problems] == ["outputs.videos[0].template"]
    assert "unknown template 'reel'; use one of: story" in refused.value.problems[0].message
    project = load_project(path)
    assert video_jobs(project) == []
    assert [job.kind for job in all_jobs(project)] == ["reel"]


def test_only_the_featured_peoples_media_are_checked_each_at_its_own_path(tmp_path: Path) -> None:
    path = _project(
        tmp_path, {"presets": ["instagram-square"], "people": [{"person": "rania"}, {"person": "hala"}]}
    )
    project = _load(path)
    tiny = Image.new("RGB", (64, 64), (10, 90, 70))
    tiny.save(path.parent / "media" / "marouan-1.jpg")  # marouan (people[1]) is not in the reel
    assert check(project, _reel_job(project)) == []
    tiny.save(path.parent / "media" / "hala-2.jpg")  # hala is, though the reel shows her first photo only
    problems = check(project, _reel_job(project))
    assert [problem.path for problem in problems] == ["people[0].media[1]"]
    assert "too small for a 1080x1080 video" in problems[0].message


def test_a_reel_too_long_for_its_platform_is_told_at_the_reel_with_the_fix(tmp_path: Path) -> None:
    project = _load(_project(tmp_path, {"presets": ["whatsapp-status"], "segment_s": 20}))
    job = _reel_job(project)
    assert plan(project, job).duration > 60
    (problem,) = check(project, job)
    assert problem.path == "outputs.reels[0]"
    assert problem.message.startswith("whatsapp-status: the reel lasts")
    assert "fewer people, a lower segment_s" in problem.message


# ---------------------------------------------------------------------------- renders


def _frame(video: Path, t: float) -> Image.Image:
    out = video.with_name(f"frame-{t:.2f}.png")
    subprocess.run(
        [
            ffmpeg_exe(),
            "-loglevel",
            "error",
            "-y",
            "-ss",
            f"{t:.3f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            str(out),
        ],
        check=True,
    )
    return Image.open(out).convert("RGB")


def _manifest(out: Path) -> dict[tuple[str, ...], dict[str, Any]]:
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {(e["kind"], e.get("lang", ""), e.get("format", "")): e for e in data["outputs"]}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One reel of two people, reordered, rendered once for the tests below."""
    folder = tmp_path_factory.mktemp("reel")
    reel = {
        "id": "launch",
        "presets": ["instagram-square"],
        "moment": "2026-12-10T16:40:00Z",
        "people": [{"person": "rania"}, {"person": "hala", "items": [0, 1]}],
    }
    path = _project(folder, reel)
    out = folder / "out"
    assert main(["render", str(path), "--out", str(out), "--targets", "reels", "-q"]) == 0
    return path, out


def test_the_reel_renders_with_its_plans_duration_sidecars_and_entries(rendered: tuple[Path, Path]) -> None:
    path, out = rendered
    project = _load(path)
    campaign_id = project.campaign.id
    video = out / "videos" / campaign_id / "launch-instagram-square.mp4"
    timeline = plan(project, _reel_job(project))
    info = probe(video)
    assert info.duration == pytest.approx(timeline.duration, abs=1.5 / timeline.fps)
    assert (info.width, info.height) == (1080, 1080)
    entries = _manifest(out)
    entry = entries[("video", "", "")]
    assert (entry["template"], entry["id"], entry["person"]) == ("reel", "launch", campaign_id)
    assert entry["duration_s"] == pytest.approx(timeline.duration, abs=1e-3)
    for lang in ("ar", "en"):
        for kind in ("srt", "vtt"):
            sidecar = video.with_suffix(f".{lang}.{kind}")
            assert entries[("captions", lang, kind)]["path"] == sidecar.relative_to(out).as_posix()
            text = sidecar.read_text(encoding="utf-8")
            quote = project.campaign.person("rania").quote.get(lang)
            assert quote.split()[0] in text
    assert (out / "videos" / campaign_id / "launch-instagram-square.en.vtt").read_text().startswith("WEBVTT")


@pytest.mark.skipif(ocr.missing() is not None, reason=str(ocr.missing()))
def test_each_sections_frame_shows_its_persons_lower_third(rendered: tuple[Path, Path]) -> None:
    path, out = rendered
    project = _load(path)
    timeline = plan(project, _reel_job(project))
    video = out / "videos" / project.campaign.id / "launch-instagram-square.mp4"
    for third, person_id in zip(_lower_thirds(timeline), ("rania", "hala"), strict=True):
        person = project.campaign.person(person_id)
        frame = _frame(video, (third.start + third.end) / 2)
        box = third.box
        crop = frame.crop((box.x, box.y, box.right, box.bottom)).resize((box.w * 2, box.h * 2))
        english = ocr.normalise(ocr.read(crop, "eng", psm=6))
        assert ocr.normalise(person.name.get("en")) in english, english
        assert "1840" in english  # the local time (Beirut and Cairo are both UTC+2 in December)
        score, read = ocr.best_read(
            crop.crop((0, 0, crop.width, crop.height * 2 // 5)), person.name.get("ar"), "ara", (7, 6, 13)
        )
        assert score > 0.6, read
    # and between the sections, neither: the next person's name is not on the first's frame
    first = _lower_thirds(timeline)[0]
    frame = _frame(video, (first.start + first.end) / 2)
    box = first.box
    read = ocr.normalise(ocr.read(frame.crop((box.x, box.y, box.right, box.bottom)), "eng", psm=6))
    assert ocr.normalise(project.campaign.person("hala").name.get("en")) not in read


def test_a_second_render_skips_the_reel_and_only_its_people_change_it(
    rendered: tuple[Path, Path], tmp_path: Path
) -> None:
    path, out = rendered
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    data = json.loads(path.read_text(encoding="utf-8"))
    edited = tmp_path / "project"
    shutil.copytree(path.parent, edited)
    edited_path = edited / "campaign.json"
    # marouan is not in the reel: editing him leaves it unchanged
    data["people"][1]["quote"]["en"] = "A different quote."
    edited_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["render", str(edited_path), "--out", str(copy), "--targets", "reels", "-q"]) == 0
    assert {e["status"] for e in _manifest(copy).values()} == {"unchanged"}
    # rania is: editing her changes the reel's key
    before = _reel_job(_load(edited_path)).key(_load(edited_path), None)
    data["people"][2]["quote"]["en"] = "A different quote."
    edited_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    project = _load(edited_path)
    assert _reel_job(project).key(project, None) != before


def test_the_cluster_renders_the_same_reel(rendered: tuple[Path, Path], tmp_path: Path) -> None:
    path, out = rendered
    remote = tmp_path / "cluster"
    assert (
        main(["render", str(path), "--out", str(remote), "--targets", "reels", "-q", "--cluster", "local:2"])
        == 0
    )
    here, there = _manifest(out), _manifest(remote)
    assert here.keys() == there.keys()
    for ident, entry in here.items():
        assert there[ident]["key"] == entry["key"] and there[ident]["path"] == entry["path"]
        assert (remote / entry["path"]).read_bytes() == (out / entry["path"]).read_bytes(), entry["path"]


def test_a_person_without_media_is_their_own_section_of_the_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Their section is the brand gradient under their lower third: its row names them, so
    the plan says whose it is and the Studio's reel reorder finds everyone's section."""
    from takatof.edit.reel import parts_of

    path = _project(tmp_path, {"presets": ["instagram-story"]})
    data = json.loads(path.read_text(encoding="utf-8"))
    data["people"][1]["media"] = []  # marouan: no photo, no clip
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["plan", str(path), "--json"]) == 0
    (reel,) = json.loads(capsys.readouterr().out)
    rows = reel["segments"]
    assert [(row["kind"], row["where"]) for row in rows[1:-1]] == [
        ("photo", "people[0].media[0]"),
        ("media", "people[1]"),
        ("photo", "people[2].media[0]"),
        ("photo", "people[3].media[0]"),
    ]
    project = _load(path)
    sections = parts_of(plan_summary(project, _reel_job(project)).segments)
    assert [part.person for part in sections] == [0, 1, 2, 3]
