"""Per-cut transitions (issue 20): the cut after a photo or clip into the next segment.

Three layers: the timing (pure functions, table tests), the story's cuts from the project's
``transition`` (plan rows, ``takatof plan``), and real encodes decoded frame by frame, with the
preview compositor drawing the same frames (what the Studio shows is what is rendered).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import av
import imageio_ffmpeg
import numpy as np
import pytest

from takatof import cli
from takatof.model import Campaign, Project
from takatof.model.campaign import Transition
from takatof.render.video.assets import prepare
from takatof.render.video.compositor import frame_at
from takatof.render.video.graph import Encoding, dip_halves, overlap_frames, render_command
from takatof.render.video.motion import photo_feed
from takatof.render.video.plan import format_plan, plan_summary
from takatof.render.video.render import VideoJob, plan
from takatof.render.video.runner import run_ffmpeg
from takatof.templates.layers import Box, Gradient
from takatof.templates.story import PhotoSpec, _shots, cut_of, fit_cuts, part_of
from takatof.templates.timeline import (
    Cut,
    Motion,
    Photo,
    Segment,
    Still,
    Timeline,
    cuts_of,
    segment_starts,
    total_duration,
)
from tests.conftest import EXAMPLE, EXAMPLE_DIR

EXE = imageio_ffmpeg.get_ffmpeg_exe()
FAST = Encoding("libx264", "ultrafast", 18)
W, H = 160, 284
FPS = 30


def still(duration: float, cut: Cut | None = None, colour: str = "#808080") -> Still:
    return Still((Gradient(Box(0, 0, W, H), (colour, colour)),), duration, cut=cut)


# --- timing: table tests ------------------------------------------------------------------------

CROSS = Cut("crossfade", 0.5)
CUT = Cut("cut", 0.0)
BLACK = Cut("dip-black", 0.4)
WHITE = Cut("dip-white", 0.6)


@pytest.mark.parametrize(
    ("durations", "cuts", "transition", "starts", "total"),
    [
        # The default everywhere: each overlaps the next by the timeline's transition.
        ((2.0, 3.0, 1.5), (None, None, None), 0.6, (0.0, 1.4, 3.8), 5.3),
        # A cut overlaps by nothing, whatever duration it carries.
        ((2.0, 3.0, 1.5), (Cut("cut", 1.0), None, None), 0.6, (0.0, 2.0, 4.4), 5.9),
        # Mixed: cut, dip-black 0.4, crossfade 0.5 (own), default 0.6 into the last.
        ((2.0, 3.0, 2.0, 1.0, 1.0), (CUT, BLACK, CROSS, None, WHITE), 0.6, (0.0, 2.0, 4.6, 6.1, 6.5), 7.5),
        # The last segment's cut leads nowhere: it changes nothing.
        ((1.0, 1.0), (None, WHITE), 0.3, (0.0, 0.7), 1.7),
        ((1.0, 1.0), (WHITE, None), 0.3, (0.0, 0.4), 1.4),
        # No transition by default: a plain concatenation unless a segment says otherwise.
        ((1.0, 1.0, 1.0), (None, BLACK, None), 0.0, (0.0, 1.0, 1.6), 2.6),
        ((4.0,), (BLACK,), 0.6, (0.0,), 4.0),
    ],
)
def test_starts_and_total_with_mixed_cuts(
    durations: tuple[float, ...],
    cuts: tuple[Cut | None, ...],
    transition: float,
    starts: tuple[float, ...],
    total: float,
) -> None:
    segments = [still(d, c) for d, c in zip(durations, cuts, strict=True)]
    assert segment_starts(segments, transition) == pytest.approx(starts)
    assert total_duration(segments, transition) == pytest.approx(total)
    timeline = Timeline(W, H, tuple(segments), transition)
    assert timeline.starts == pytest.approx(starts)
    assert timeline.duration == pytest.approx(total)
    # start[i+1] = start[i] + duration[i] - overlap[i]
    for i, cut in enumerate(timeline.cuts):
        assert starts[i + 1] == pytest.approx(starts[i] + durations[i] - cut.overlap)


def test_default_cut_is_the_timelines_cross_fade() -> None:
    segments = [still(1.0), still(1.0, BLACK), still(1.0)]
    assert cuts_of(segments, 0.4) == [Cut("crossfade", 0.4), BLACK]


@pytest.mark.parametrize(
    ("kind", "seconds", "expected"),
    [
        ("cut", 1.3, Cut("cut", 0.0)),
        ("crossfade", 0.6, Cut("crossfade", 18 / 30)),
        ("crossfade", 0.11, Cut("crossfade", 3 / 30)),  # whole frames
        ("dip-black", 0.6, Cut("dip-black", 18 / 30)),
        ("dip-white", 0.5, Cut("dip-white", 16 / 30)),  # 15 frames: an even number, so a middle frame
        ("dip-black", 0.1, Cut("dip-black", 4 / 30)),
    ],
)
def test_cut_of_an_items_transition_is_whole_frames(kind: str, seconds: float, expected: Cut) -> None:
    made = cut_of(Transition(kind=kind, duration_s=seconds), FPS)
    assert made is not None
    assert (made.kind, round(made.duration * FPS)) == (expected.kind, round(expected.duration * FPS))
    assert cut_of(None, FPS) is None


@pytest.mark.parametrize(
    ("durations", "cut", "fitted"),
    [
        ((1.5, 1.5), Cut("crossfade", 2.0), Cut("crossfade", 22 / 30)),  # (45 - 1) // 2 frames
        ((1.5, 1.5), Cut("dip-black", 2.0), Cut("dip-black", 22 / 30)),
        ((1.5, 1.0), Cut("dip-white", 2.0), Cut("dip-white", 14 / 30)),  # the shorter: 30 -> 14 (even)
        ((3.0, 3.0), Cut("dip-black", 0.6), Cut("dip-black", 0.6)),  # fits: kept
        ((0.05, 3.0), Cut("crossfade", 0.6), Cut("cut", 0.0)),  # one frame: nothing fits
    ],
)
def test_an_own_cut_is_shortened_to_fit_its_segments(
    durations: tuple[float, float], cut: Cut, fitted: Cut
) -> None:
    segments: list[Segment] = [still(durations[0], cut), still(durations[1])]
    out = fit_cuts(segments, 0.6, FPS)
    got = out[0].cut
    assert got is not None
    assert (got.kind, round(got.duration * FPS)) == (fitted.kind, round(fitted.duration * FPS))
    assert out[1] == segments[1]


def test_the_default_cross_fade_is_left_alone_where_it_fits() -> None:
    """Existing projects keep their timing: a default cross-fade that fits stays the default."""
    segments: list[Segment] = [still(1.5), still(1.5)]
    assert fit_cuts(segments, 0.6, FPS) == segments


@pytest.mark.parametrize(
    ("middle_s", "into", "out_of"),
    [
        (1.0, None, Cut("crossfade", 2.0)),  # the review's case: a 1 s clip, 0.6 s in, 2 s out
        (1.0, None, None),  # defaults alone: a 1 s clip between two 0.6 s cross-fades
        (0.5, Cut("dip-black", 2.0), Cut("dip-white", 2.0)),
        (1.5, Cut("crossfade", 0.7), Cut("dip-black", 0.8)),
    ],
)
def test_the_cuts_into_and_out_of_a_short_segment_never_overlap(
    middle_s: float, into: Cut | None, out_of: Cut | None
) -> None:
    """A segment's frames are never all transition, and its two transitions never share a
    frame (the graph then played frames twice and the rest of the video fell a frame behind
    its plan): in + out <= frames - 1, with the default cross-fade fitted as an own cut."""
    segments: list[Segment] = [still(3.0, into), still(middle_s, out_of), still(3.0)]
    out = fit_cuts(segments, 0.6, FPS)
    cuts = cuts_of(out, 0.6)
    frames = round(middle_s * FPS)
    used = round(cuts[0].overlap * FPS) + round(cuts[1].overlap * FPS)
    assert used <= frames - 1, (cuts, frames)


# --- real encodes -------------------------------------------------------------------------------

RED, GREEN, BLUE, GREY = "#C83232", "#32C832", "#3232C8", "#787878"


def transitions_timeline() -> Timeline:
    """red -cut-> green -dip-black-> a moving photo -dip-white-> blue -crossfade-> grey."""
    segments = (
        still(1.0, CUT, RED),
        still(1.0, Cut("dip-black", 12 / FPS), GREEN),
        Photo(EXAMPLE_DIR / "media" / "hala-1.jpg", 1.2, Motion(1.0, 1.2), cut=Cut("dip-white", 10 / FPS)),
        still(1.0, None, BLUE),
        still(0.8, None, GREY),
    )
    return Timeline(W, H, segments, 8 / FPS)


@pytest.fixture(scope="module")
def encoded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Timeline, Any, list[np.ndarray]]:
    folder = tmp_path_factory.mktemp("transitions")
    timeline = transitions_timeline()
    assets = prepare(timeline, folder / "cache")
    out = folder / "out.mp4"
    run_ffmpeg(
        render_command(timeline, assets, out, FAST, None, EXE),
        timeline.duration,
        feed=photo_feed(timeline, assets),
    )
    with av.open(str(out)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    return timeline, assets, frames


def first_frames(timeline: Timeline) -> list[int]:
    return [round(s * timeline.fps) for s in timeline.starts]


def mean(frame: np.ndarray) -> np.ndarray:
    return frame.reshape(-1, 3).mean(axis=0)


def test_encode_has_the_planned_length(encoded: tuple[Timeline, Any, list[np.ndarray]]) -> None:
    timeline, _, frames = encoded
    assert (
        len(frames)
        == timeline.frames
        == round((1.0 + 1.0 + 1.2 + 1.0 + 0.8 - 12 / 30 - 10 / 30 - 8 / 30) * 30)
    )


def test_a_cut_changes_picture_exactly_at_its_frame(encoded: tuple[Timeline, Any, list[np.ndarray]]) -> None:
    timeline, _, frames = encoded
    at = first_frames(timeline)[1]
    assert at == 30  # no overlap: the second segment starts where the first ends
    assert mean(frames[at - 1]) == pytest.approx((200, 50, 50), abs=6)  # still red
    assert mean(frames[at]) == pytest.approx((50, 200, 50), abs=6)  # green at once


@pytest.mark.parametrize(("index", "level"), [(2, 0), (3, 255)], ids=["dip-black", "dip-white"])
def test_a_dip_reaches_its_colour_at_the_middle(
    encoded: tuple[Timeline, Any, list[np.ndarray]], index: int, level: int
) -> None:
    timeline, _, frames = encoded
    start = first_frames(timeline)[index]
    n = overlap_frames(timeline.cuts[index - 1], timeline.fps)
    out, into = dip_halves(n)
    middle = frames[start + out]
    assert float(np.abs(middle.astype(float) - level).mean()) < 3, "the middle frame is all colour"
    # Either side of the middle the pictures show through, more the further from it.
    before, after = frames[start + out - 2], frames[start + out + 2]
    assert float(np.abs(before.astype(float) - level).mean()) > 15
    assert float(np.abs(after.astype(float) - level).mean()) > 15
    # The dip is not a cross-fade: the old picture is gone by the middle, the new one not yet in.
    assert out + into == n


def test_preview_draws_the_frames_the_encode_shows(
    encoded: tuple[Timeline, Any, list[np.ndarray]],
) -> None:
    """Every frame around each cut: the compositor's picture is the decoded one (the same
    transitions at the same frames: what the Studio previews is what is rendered)."""
    timeline, assets, frames = encoded
    starts = first_frames(timeline)
    around: set[int] = set()
    for start, cut in zip(starts[1:], timeline.cuts, strict=True):
        n = overlap_frames(cut, timeline.fps)
        around.update(range(max(0, start - 2), min(timeline.frames, start + n + 2)))
    for f in sorted(around):
        preview = np.asarray(frame_at(timeline, assets, f / timeline.fps), dtype=np.float64)
        error = float(np.mean((preview - frames[f].astype(np.float64)) ** 2))
        psnr = 99.0 if error == 0 else 10 * np.log10(255.0**2 / error)
        assert psnr > 32, f"frame {f}: preview and encode differ (PSNR {psnr:.1f} dB)"


def test_preview_at_the_middle_of_a_dip_is_black(encoded: tuple[Timeline, Any, list[np.ndarray]]) -> None:
    timeline, assets, _ = encoded
    start = first_frames(timeline)[2]
    out, _ = dip_halves(overlap_frames(timeline.cuts[1], timeline.fps))
    middle = np.asarray(frame_at(timeline, assets, (start + out) / timeline.fps))
    assert middle.max() <= 2
    # ... and the frame before it is not yet.
    assert np.asarray(frame_at(timeline, assets, (start + out - 1) / timeline.fps)).mean() > 3


# --- the story: the project's transitions --------------------------------------------------------


def example_data() -> dict[str, Any]:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def with_transitions(data: dict[str, Any]) -> dict[str, Any]:
    """ibrahim's photos: a cut after the first, a dip to black after the second; his clip dips
    to white into the stat card."""
    person = data["people"][3]
    assert person["id"] == "ibrahim"
    first, second, *rest = person["media"]
    person["media"] = [
        {"path": first, "transition": {"kind": "cut"}},
        {"path": second, "transition": {"kind": "dip-black", "duration_s": 0.6}},
        *rest,
    ]
    person["clips"][0]["transition"] = {"kind": "dip-white", "duration_s": 0.4}
    return data


def test_story_takes_each_items_transition() -> None:
    data = with_transitions(example_data())
    project = Project(Campaign.model_validate(data), EXAMPLE)
    job = VideoJob("story", "instagram-story", "ibrahim")
    timeline = plan(project, job)
    by_source = {getattr(s, "source", ""): s for s in timeline.segments}
    assert by_source["people[3].media[0]"].cut == Cut("cut", 0.0)
    assert by_source["people[3].media[1]"].cut == Cut("dip-black", 0.6)
    assert by_source["people[3].clips[0]"].cut == Cut("dip-white", 0.4)
    summary = plan_summary(project, job)
    rows = {row.where: row for row in summary.segments}
    assert (rows["people[3].media[0]"].transition, rows["people[3].media[0]"].transition_s) == ("cut", 0.0)
    assert (rows["people[3].media[1]"].transition, rows["people[3].media[1]"].transition_s) == (
        "dip-black",
        0.6,
    )
    assert (rows["people[3].clips[0]"].transition, rows["people[3].clips[0]"].transition_s) == (
        "dip-white",
        0.4,
    )
    title = summary.segments[0]
    assert (title.transition, title.transition_s) == ("crossfade", summary.transition_s)  # the default
    assert (summary.segments[-1].transition, summary.segments[-1].transition_s) == ("cut", 0.0)
    for row, after in zip(summary.segments, summary.segments[1:], strict=False):
        assert after.start_s == pytest.approx(row.start_s + row.duration_s - row.transition_s, abs=1e-3)
    assert summary.total_s == pytest.approx(timeline.duration, abs=1e-3)
    text = format_plan(summary)
    assert "→ cut" in text and "→ dip-black 0.60 s" in text and "→ dip-white 0.40 s" in text
    assert f"→ crossfade {summary.transition_s:.2f} s" in text


def test_overlays_and_counter_follow_the_new_starts() -> None:
    """The stat card is entered by the clip's dip (0.4 s), not the default cross-fade: the
    counter starts when that transition is over."""
    data = with_transitions(example_data())
    timeline = plan(
        Project(Campaign.model_validate(data), EXAMPLE), VideoJob("story", "instagram-story", "ibrahim")
    )
    stat = next(i for i, s in enumerate(timeline.segments) if isinstance(s, Still) and s.name == "stat")
    (counter,) = timeline.counters
    assert counter.start == pytest.approx(timeline.starts[stat] + 0.4)
    logo = next(o for o in timeline.overlays if o.name == "logo-bug")
    assert logo.start == pytest.approx(timeline.starts[1])
    assert logo.end == pytest.approx(timeline.starts[-1] + timeline.transition)


def test_a_project_without_transitions_plans_as_before() -> None:
    """None of the new fields: every cut is the default cross-fade, timed as it always was."""
    project = Project(Campaign.model_validate(example_data()), EXAMPLE)
    timeline = plan(project, VideoJob("story", "instagram-story", "ibrahim"))
    assert all(s.cut is None for s in timeline.segments)
    t, expected = timeline.transition, [0.0]
    for segment in timeline.segments[:-1]:
        expected.append(expected[-1] + segment.duration - t)
    assert timeline.starts == pytest.approx(expected)


def test_rendered_story_cuts_and_dips_where_the_plan_says(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A tiny project end to end (``takatof plan --json``, then ``takatof render``, ultrafast):
    the picture changes at the cut's planned frame, and the dip is black at its middle (above
    the captions, under the logo's corner)."""
    folder = tmp_path / "project"
    shutil.copytree(EXAMPLE_DIR, folder, ignore=shutil.ignore_patterns("*.bak"))
    data = json.loads((folder / "campaign.json").read_text(encoding="utf-8"))
    data["video"].update(title_s=1.0, stat_s=2.0, closing_s=1.5, transition_s=0.4, photo_s=1.5)
    data["video"]["encoder"] = {"codec": "libx264", "preset": "ultrafast", "crf": 30}
    person = data["people"][1]  # marouan: no voice-over, no clip
    person["story"] = {"ar": "قصة قصيرة.", "en": "A short story."}
    person["media"] = [
        {"path": "media/marouan-1.jpg", "motion": "still", "transition": {"kind": "cut"}},
        {
            "path": "media/marouan-2.jpg",
            "motion": "still",
            "transition": {"kind": "dip-black", "duration_s": 0.6},
        },
        {"path": "media/marouan-1.jpg", "motion": "still"},
    ]
    project = folder / "campaign.json"
    project.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    args = ["--only", "marouan", "--presets", "instagram-square"]
    assert cli.main(["plan", str(project), *args, "--json"]) == 0
    (summary,) = json.loads(capsys.readouterr().out)
    photos = [row for row in summary["segments"] if row["kind"] == "photo"]
    assert [(p["transition"], p["transition_s"]) for p in photos] == [
        ("cut", 0.0),
        ("dip-black", 0.6),
        ("crossfade", 0.4),
    ]
    out = tmp_path / "out"
    assert cli.main(["render", str(project), "--targets", "videos", *args, "--out", str(out), "-q"]) == 0
    path = out / "videos" / "marouan" / "story-instagram-square.mp4"
    with av.open(str(path)) as container:
        frames = [f.to_ndarray(format="gray") for f in container.decode(video=0)]
    assert len(frames) == round(summary["total_s"] * 30)

    # The cut: the second photo's first frame is its planned start.
    at = round(photos[1]["start_s"] * 30)
    assert at == round((photos[0]["start_s"] + photos[0]["duration_s"]) * 30)
    h, w = frames[0].shape
    band = (slice(h // 6, h // 3), slice(w // 4, 3 * w // 4))  # above the captions, clear of the logo

    def change(a: int, b: int) -> float:
        return float(np.abs(frames[a][band].astype(float) - frames[b][band].astype(float)).mean())

    assert change(at - 1, at) > 10 * max(1.0, change(at - 2, at - 1), change(at, at + 1))

    # The dip: its middle frame is black there.
    start = round(photos[2]["start_s"] * 30)
    middle = start + round(0.6 * 30) // 2
    assert float(frames[middle][band].mean()) < 20  # limited-range black decodes near 0..16
    assert float(frames[start - 1][band].mean()) > 40  # the photo shows before the dip starts ...
    assert float(frames[start + round(0.6 * 30) + 1][band].mean()) > 40  # ... and after it ends


def test_a_split_photo_plays_one_move_across_its_cut() -> None:
    """The halves of a split photo play [0, r] and [r, 1] of one move: the view where the first
    ends is the view where the second begins, and the second half does not take the next move
    of the story's cycle (nor push the photos after it onto another)."""
    move = Motion(1.12, 1.0, 0.42, 0.58, 0.5, 0.5)
    first, second = part_of(move, 0.0, 0.4), part_of(move, 0.4, 1.0)
    assert (first.zoom_to, first.x_to, first.y_to) == pytest.approx(
        (second.zoom_from, second.x_from, second.y_from)
    )
    assert (first.zoom_from, second.zoom_to, first.x_from, second.x_to) == pytest.approx(
        (1.12, 1.0, 0.42, 0.58)
    )
    photo = Path("p.jpg")
    photos = [
        PhotoSpec(path=photo, index=0),
        PhotoSpec(path=photo, index=1, span=(0.0, 0.4)),
        PhotoSpec(path=photo, index=2, span=(0.4, 1.0)),
        PhotoSpec(path=photo, index=3),
    ]
    assert _shots(photos) == [0, 1, 1, 2]
