"""Timeline -> ffmpeg argument list (pure: nothing is run, no file needs to exist).

What DESIGN.md asks of the compiler: one filter graph in one process, stills decoded once
(``loop``), photo frames read from stdin with exact frame counts, cross-fades in 4:2:0, overlays with alpha fades,
sidechain ducking, two-pass loudness (ebur128, then a gain or a limiter), H.264 High yuv420p 30 fps closed GOP,
AAC-LC 48 kHz stereo, ``+faststart``, ``-progress pipe:1``; never user text inside a filter
string and file paths only as inputs.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from takatof.model.campaign import Encoder
from takatof.render.video.assets import Assets, CounterFrames
from takatof.render.video.graph import (
    LOUDNESS,
    PHOTO_PIPE,
    Encoding,
    Loudness,
    measure_command,
    needs_photo_frames,
    parse_measurement,
    render_command,
    slide_y,
    video_args,
)
from takatof.templates.layers import Box, Gradient, Rect, Stack, Text, TextStyle
from takatof.templates.timeline import (
    BT709,
    BT2020,
    HLG,
    PQ,
    Audio,
    Clip,
    ClipAudio,
    Colour,
    Counter,
    Fade,
    Motion,
    Overlay,
    Photo,
    Still,
    Timeline,
    even,
    even_box,
    frame_count,
)

EXE = "/opt/fake/ffmpeg"
W, H = 240, 426

# Distinctive user text that must never reach ffmpeg (Pillow draws it into images).
TITLE_AR = "التكاتف_قوّة عنوان سري"
TITLE_EN = "SecretTitle: 50% off, [really]; 'quoted'"
NAME_AR = "هالة دحروج الفريدة"
NAME_EN = "Hala Unique-Name=Lower:Third"
USER_TEXTS = (TITLE_AR, TITLE_EN, NAME_AR, NAME_EN, "عنوان", "SecretTitle", "Unique-Name")

# Media and cache paths, with characters that would break a filter string if they got in.
MEDIA = Path("/fake/my media")
PHOTO = MEDIA / "hala's photo, 1.jpg"
CLIP = MEDIA / "clip: cairo runners.mp4"
MUSIC = MEDIA / "music bed [v2].ogg"
VOICE = MEDIA / "voice=over;hala.ogg"
CACHE = Path("/fake/cache dir")
STILL_PNG = CACHE / "still-aaaa.png"
PHOTO_PNG = CACHE / "photo-bbbb.png"
OVERLAY_PNG = CACHE / "overlay-cccc.png"
COUNTER_PATTERN = str(CACHE / "counter-dddd" / "%04d.png")
OUT = Path("/fake/out dir/story, final.mp4")

STYLE = TextStyle(size=24, min_size=10)


def make_timeline(
    music: Path | None = MUSIC,
    voice: Path | None = VOICE,
    clip_audio: bool = True,
    transition: float = 0.5,
) -> Timeline:
    segments = (
        Still(
            (
                Gradient(Box(0, 0, W, H), ("#0F5C4A", "#0B1F1A")),
                Stack(Box(10, 100, 220, 200), (Text(TITLE_AR, STYLE, "title.ar"), Text(TITLE_EN, STYLE))),
            ),
            1.2,
        ),
        Photo(PHOTO, 1.5, Motion(1.0, 1.2, 0.4, 0.6, 0.5, 0.5)),
        Clip(CLIP, 1.2, start=0.5, audio=clip_audio),
    )
    box = Box(20, 300, 200, 60)
    overlay = Overlay(
        "lower-third",
        (
            Rect(box, "#0F5C4A", radius=8, opacity=0.9),
            Stack(box.inset(6), (Text(NAME_AR, STYLE), Text(NAME_EN, STYLE))),
        ),
        box,
        0.8,
        2.6,
        Fade(0.4, 0.3, slide=20),
    )
    counter = Counter("members", 85000, Box(20, 60, 200, 60), STYLE, start=2.5, end=3.2, count_s=0.5)
    base = Timeline(W, H, segments, transition)
    clips = (ClipAudio(CLIP, 0.5, base.starts[2], 1.2),) if clip_audio else ()
    audio = Audio(base.duration, music=music, voice=voice, voice_at=0.4, clips=clips)
    return Timeline(W, H, segments, transition, (overlay,), (counter,), (), audio)


def make_assets(timeline: Timeline) -> Assets:
    counter = timeline.counters[0]
    times = counter.frame_times(timeline.fps)
    return Assets(
        (STILL_PNG, PHOTO_PNG, None),
        (OVERLAY_PNG,),
        (CounterFrames(COUNTER_PATTERN, len(times), times[0], counter.box.x + 10, counter.box.y + 4),),
    )


MEASURED = Loudness(i=-20.0, tp=-9.0)  # +6 dB brings it to -14


# ------------------------------------------------------------------- filter-graph parsing


@dataclass(frozen=True)
class Filter:
    inputs: tuple[str, ...]
    name: str
    options: dict[str, str]
    positional: tuple[str, ...]
    outputs: tuple[str, ...]


_FILTER = re.compile(r"^((?:\[[^\]]*\])*)([A-Za-z0-9_]+)(?:=(.*?))?((?:\[[^\]]*\])*)$", re.S)


def parse_graph(graph: str) -> list[Filter]:
    """ffmpeg-python writes one filter per ``;``-separated chain."""
    filters = []
    for chain in re.split(r"(?<!\\);", graph):
        match = _FILTER.match(chain)
        assert match, f"cannot parse filter {chain!r}"
        ins, name, args, outs = match.groups()
        options: dict[str, str] = {}
        positional: list[str] = []
        for part in re.split(r"(?<!\\):", args) if args else []:
            key, eq, value = part.partition("=")
            if eq and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
                options[key] = value
            else:
                positional.append(part)
        filters.append(
            Filter(
                tuple(re.findall(r"\[([^\]]*)\]", ins)),
                name,
                options,
                tuple(positional),
                tuple(re.findall(r"\[([^\]]*)\]", outs)),
            )
        )
    return filters


def graph_of(args: list[str]) -> str:
    assert args.count("-filter_complex") == 1
    return args[args.index("-filter_complex") + 1]


def inputs_of(args: list[str]) -> list[str]:
    return [args[i + 1] for i, a in enumerate(args[:-1]) if a == "-i"]


def value_after(args: list[str], flag: str) -> str:
    assert flag in args, f"{flag} missing from {args}"
    return args[args.index(flag) + 1]


def input_options(args: list[str], path: str) -> list[str]:
    """The options given just before ``-i path`` (after the previous input)."""
    at = args.index(path)
    assert args[at - 1] == "-i"
    start = at - 1
    while start > 1 and args[start - 2] != "-i":
        start -= 1
    return args[start : at - 1]


def output_options(args: list[str], out: str) -> list[str]:
    """The options of the output file: between the last ``-map`` and the file name."""
    last_map = len(args) - 1 - args[::-1].index("-map")
    return args[last_map + 2 : args.index(out)]


def named(filters: list[Filter], name: str) -> list[Filter]:
    return [f for f in filters if f.name == name]


def fed_by_input(filters: list[Filter], index: int, name: str) -> list[Filter]:
    """Filters called ``name`` reached from input ``index`` through a single chain (the
    one-time colour conversion sits between an image input and its loop; the colour tags
    and a split between the photo stream and its trims)."""
    found = []
    frontier = [f for f in filters if any(i.startswith(f"{index}:") for i in f.inputs)]
    seen: set[int] = set()
    while frontier:
        current = frontier.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current.name == name:
            found.append(current)
            continue
        if current.name in ("scale", "format", "setparams", "split"):
            frontier += [f for f in filters if set(f.inputs) & set(current.outputs)]
    return found


@pytest.fixture
def timeline() -> Timeline:
    return make_timeline()


@pytest.fixture
def args(timeline: Timeline) -> list[str]:
    return render_command(
        timeline, make_assets(timeline), OUT, Encoding("libx264", "veryfast", 21), MEASURED, EXE
    )


@pytest.fixture
def filters(args: list[str]) -> list[Filter]:
    return parse_graph(graph_of(args))


# ---------------------------------------------------------------------------- video_args


@pytest.mark.parametrize(
    "encoding, expected",
    [
        (
            Encoding("libx264", "medium", 21),
            {"c:v": "libx264", "preset": "medium", "crf": 21, "keyint_min": 60, "sc_threshold": 0},
        ),
        (Encoding("libx264", "veryfast", 18), {"c:v": "libx264", "preset": "veryfast", "crf": 18}),
        (Encoding("libx264", "slower", 30), {"c:v": "libx264", "preset": "slower", "crf": 30}),
        (Encoding("h264_nvenc", "ultrafast", 23), {"c:v": "h264_nvenc", "preset": "p1", "cq": 23, "b:v": 0}),
        (Encoding("h264_nvenc", "veryfast", 21), {"c:v": "h264_nvenc", "preset": "p3", "cq": 21}),
        (Encoding("h264_nvenc", "fast", 21), {"c:v": "h264_nvenc", "preset": "p4", "cq": 21}),
        (Encoding("h264_nvenc", "medium", 19), {"c:v": "h264_nvenc", "preset": "p5", "cq": 19, "rc": "vbr"}),
        (Encoding("h264_nvenc", "slower", 25), {"c:v": "h264_nvenc", "preset": "p7", "cq": 25}),
    ],
)
def test_video_args_table(encoding: Encoding, expected: dict) -> None:
    out = video_args(encoding, 30)
    for key, value in expected.items():
        assert out[key] == value, key
    # Delivery settings every platform accepts, whatever the encoder.
    assert out["profile:v"] == "high"
    assert out["pix_fmt"] == "yuv420p"
    assert out["r"] == 30
    assert out["g"] == 60  # a keyframe every 2 s
    assert out["fps_mode"] == "cfr"
    if encoding.codec == "libx264":
        assert "cq" not in out and out["flags"] == "+cgop"  # closed GOP
    else:
        assert "crf" not in out and out["strict_gop"] == 1


@pytest.mark.parametrize(
    "preset, nvenc",
    [
        ("ultrafast", "p1"),
        ("superfast", "p2"),
        ("veryfast", "p3"),
        ("faster", "p3"),
        ("fast", "p4"),
        ("medium", "p5"),
        ("slow", "p6"),
        ("slower", "p7"),
    ],
)
def test_nvenc_preset_mapping(preset: str, nvenc: str) -> None:
    assert video_args(Encoding("h264_nvenc", preset, 21), 30)["preset"] == nvenc


# x264's presets from fastest to best compression, as its documentation orders them.
X264_ORDER = ("ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow")


def test_nvenc_preset_mapping_is_monotonic() -> None:
    """A slower x264 preset never maps to a faster NVENC one (p1 fastest .. p7 best), and
    the ends meet: the fastest is p1, the slowest the project allows is p7."""
    allowed = typing.get_args(Encoder.model_fields["preset"].annotation)
    assert set(allowed) <= set(X264_ORDER)
    ordered = sorted(allowed, key=X264_ORDER.index)
    levels = [int(video_args(Encoding("h264_nvenc", p, 21), 30)["preset"].removeprefix("p")) for p in ordered]
    assert levels == sorted(levels), dict(zip(ordered, levels, strict=True))
    assert (levels[0], levels[-1]) == (1, 7)


def test_encoding_args_reach_the_command(timeline: Timeline) -> None:
    for encoding in (Encoding("libx264", "fast", 20), Encoding("h264_nvenc", "slow", 24)):
        args = render_command(timeline, make_assets(timeline), OUT, encoding, None, EXE)
        assert value_after(args, "-c:v") == encoding.codec
        assert value_after(args, "-profile:v") == "high"
        assert value_after(args, "-pix_fmt") == "yuv420p"
        assert value_after(args, "-r") == "30"
        assert value_after(args, "-g") == "60"
        quality = "-crf" if encoding.codec == "libx264" else "-cq"
        assert value_after(args, quality) == str(encoding.crf)


# ------------------------------------------------------------------------- render_command


def test_one_process_one_graph(args: list[str]) -> None:
    assert args[0] == EXE
    assert args.count("-filter_complex") == 1
    assert args.count("-map") == 2  # one video, one audio


def test_cross_fades_run_only_on_the_overlaps(timeline: Timeline, filters: list[Filter]) -> None:
    """Cross-fades blend T-long pieces cut with trim, in 4:2:0 (xfade would convert every
    frame to 4:4:4 and back): the head, given an alpha plane, fades in over T from its first
    frame and is overlaid on the tail. The bodies are concatenated, so the frames add up to
    the timeline exactly."""
    assert not named(filters, "xfade")
    overlap = frame_count(timeline.transition, timeline.fps)
    # The fade lasts the pieces' own frames (the weight k/overlap, as the compositor has it).
    fades = [
        f
        for f in named(filters, "fade")
        if f.options.get("st") == "0" and float(f.options["d"]) == pytest.approx(overlap / timeline.fps)
    ]
    assert len(fades) == len(timeline.segments) - 1
    for f in fades:
        assert f.options["t"] == "in" and f.options["alpha"] == "1"
        (blend,) = [o for o in named(filters, "overlay") if f.outputs[0] in o.inputs]
        assert blend.inputs[1] == f.outputs[0]  # the head on top, the tail below
        assert (blend.options["x"], blend.options["y"]) == ("0", "0")
    overlays = len(timeline.overlays) + len(timeline.counters) + len(fades)
    assert len(named(filters, "overlay")) == overlays
    formats = {f.options.get("pix_fmts", next(iter(f.positional), "")) for f in named(filters, "format")}
    assert formats <= {"yuv420p", "yuva420p"}  # nothing asks for 4:4:4
    trims = [f for f in named(filters, "trim") if "start_frame" in f.options]
    pieces = [int(f.options["end_frame"]) - int(f.options["start_frame"]) for f in trims]
    assert pieces.count(overlap) >= 2 * len(fades)  # each fade takes a tail and a head
    (concat,) = named(filters, "concat")
    assert int(concat.options["n"]) == 2 * len(timeline.segments) - 1


def test_no_transition_cuts_with_concat() -> None:
    timeline = make_timeline(transition=0.0)
    args = render_command(timeline, make_assets(timeline), OUT, Encoding(), None, EXE)
    filters = parse_graph(graph_of(args))
    assert not named(filters, "xfade")
    assert len(named(filters, "concat")) == 1


def test_photos_arrive_as_raw_frames_on_stdin(
    args: list[str], filters: list[Filter], timeline: Timeline
) -> None:
    """Photo frames are made in Python with sub-pixel Ken Burns (takatof.render.video.motion) and
    read from stdin as raw 4:2:0 at the output size and rate, tagged BT.709 like the stills;
    ffmpeg never reads the photo file, and never takes keys from stdin."""
    assert needs_photo_frames(timeline)
    assert inputs_of(args).count(PHOTO_PIPE) == 1 and str(PHOTO_PNG) not in args
    options = input_options(args, PHOTO_PIPE)
    pairs = dict(zip(options[::2], options[1::2], strict=True))
    assert pairs == {"-f": "rawvideo", "-pix_fmt": "yuv420p", "-s": f"{W}x{H}", "-framerate": "30"}
    assert "-nostdin" in args
    index = inputs_of(args).index(PHOTO_PIPE)
    (tags,) = fed_by_input(filters, index, "setparams")
    assert tags.options == {
        "range": "tv",
        "colorspace": "bt709",
        "color_primaries": "bt709",
        "color_trc": "bt709",
    }
    (trim,) = fed_by_input(filters, index, "trim")
    assert (trim.options["start_frame"], trim.options["end_frame"]) == (
        "0",
        str(frame_count(1.5, timeline.fps)),
    )
    assert not named(filters, "zoompan")


@pytest.mark.parametrize(
    ("durations", "ranges"),
    [
        ((1.5,), [(0, 45)]),
        ((1.5, 2.0), [(0, 45), (45, 105)]),
        ((1.0, 0.5, 2.0), [(0, 30), (30, 45), (45, 105)]),
    ],
)
def test_each_photo_takes_its_frames_of_the_stream(
    durations: tuple[float, ...], ranges: list[tuple[int, int]]
) -> None:
    """The stream carries every photo's frames one after another (stills and clips between
    them are not in it); each photo segment is cut out of it by frame number."""
    photos = tuple(Photo(PHOTO, d, Motion()) for d in durations)
    still = Still((Gradient(Box(0, 0, W, H), ("#000000", "#FFFFFF")),), 1.0)
    timeline = Timeline(W, H, (photos[0], still, *photos[1:]), 0.0)
    assets = Assets((PHOTO_PNG, STILL_PNG, *[PHOTO_PNG] * (len(photos) - 1)), (), ())
    args = render_command(timeline, assets, OUT, Encoding(), None, EXE)
    filters = parse_graph(graph_of(args))
    index = inputs_of(args).index(PHOTO_PIPE)
    trims = fed_by_input(filters, index, "trim")
    found = sorted((int(t.options["start_frame"]), int(t.options["end_frame"])) for t in trims)
    assert found == ranges
    assert len(named(filters, "split")) == (len(photos) > 1)


def test_no_photos_no_stdin() -> None:
    timeline = Timeline(W, H, (Still((Gradient(Box(0, 0, W, H), ("#000000", "#FFFFFF")),), 1.0),), 0.0)
    args = render_command(timeline, Assets((STILL_PNG,), (), ()), OUT, Encoding(), None, EXE)
    assert not needs_photo_frames(timeline) and PHOTO_PIPE not in args


def test_an_image_used_twice_is_decoded_once_and_split() -> None:
    """Equal stills (title and closing drawn alike) or a repeated caption share one cached
    file. ffmpeg-python merges identical input nodes, so without a split the command could
    not even be built ('multiple outgoing edges'); with it, the file is still read once."""
    still = Still((Gradient(Box(0, 0, W, H), ("#000000", "#FFFFFF")),), 1.0)
    box = Box(10, 10, 100, 40)
    first = Overlay("caption-1", (), box, 0.2, 0.8, Fade(0.1, 0.1))
    again = Overlay("caption-2", (), box, 1.2, 1.8, Fade(0.1, 0.1))
    timeline = Timeline(W, H, (still, still), 0.3, (first, again))
    assets = Assets((STILL_PNG, STILL_PNG), (OVERLAY_PNG, OVERLAY_PNG), ())
    args = render_command(timeline, assets, OUT, Encoding(), None, EXE)
    assert inputs_of(args).count(str(STILL_PNG)) == 1
    assert inputs_of(args).count(str(OVERLAY_PNG)) == 1
    filters = parse_graph(graph_of(args))
    for path in (STILL_PNG, OVERLAY_PNG):
        (split,) = fed_by_input(filters, inputs_of(args).index(str(path)), "split")
        assert len(split.outputs) == 2 and split.positional == ("2",)
    assert len(named(filters, "loop")) == 4


def test_still_is_decoded_once_and_looped(args: list[str], filters: list[Filter], timeline: Timeline) -> None:
    inputs = inputs_of(args)
    assert inputs.count(str(STILL_PNG)) == 1
    (loop,) = fed_by_input(filters, inputs.index(str(STILL_PNG)), "loop")
    assert int(loop.options["loop"]) == frame_count(timeline.segments[0].duration, timeline.fps) - 1 == 35
    assert loop.options["size"] == "1"
    overlay = timeline.overlays[0]
    (loop,) = fed_by_input(filters, inputs.index(str(OVERLAY_PNG)), "loop")
    assert int(loop.options["loop"]) == frame_count(overlay.end - overlay.start, timeline.fps) - 1


def test_clip_trimmed_at_input_and_resampled(args: list[str], filters: list[Filter]) -> None:
    inputs = inputs_of(args)
    assert str(CLIP) in inputs
    # Trimmed at the input (-ss/-t); the same input feeds both the picture and the sound.
    assert inputs.count(str(CLIP)) == 1
    options = input_options(args, str(CLIP))
    assert options[options.index("-ss") + 1] == "0.5"
    assert options[options.index("-t") + 1] == "1.2"
    index = inputs.index(str(CLIP))
    used = {label for f in filters for label in f.inputs if label.startswith(f"{index}:")}
    assert used == {f"{index}:v", f"{index}:a"}
    assert any(f.options.get("end_frame") == str(frame_count(1.2, 30)) for f in named(filters, "trim"))
    assert named(filters, "fps") and all(f.positional == ("30",) for f in named(filters, "fps"))


def cross_fade_heads(filters: list[Filter]) -> set[str]:
    """The labels of the segment heads that fade in over a tail (see the cross-fade test):
    the layer overlays are the other overlays, the layer fades the other fades."""
    placed = {
        o.inputs[1] for o in named(filters, "overlay") if (o.options["x"], o.options["y"]) == ("0", "0")
    }
    return {
        f.outputs[0] for f in named(filters, "fade") if f.options.get("st") == "0" and f.outputs[0] in placed
    }


def test_overlays_pass_at_eof_and_fade_alpha(filters: list[Filter], timeline: Timeline) -> None:
    heads = cross_fade_heads(filters)
    overlays = [o for o in named(filters, "overlay") if o.inputs[1] not in heads]
    assert len(overlays) == len(timeline.overlays) + len(timeline.counters) == 2
    assert all(f.options["eof_action"] == "pass" for f in overlays)
    fades = [f for f in named(filters, "fade") if f.outputs[0] not in heads]
    assert all(f.options["alpha"] == "1" for f in fades)
    got = sorted((f.options["t"], float(f.options["st"]), float(f.options["d"])) for f in fades)
    overlay, counter = timeline.overlays[0], timeline.counters[0]
    first = counter.frame_times(timeline.fps)[0]
    want = sorted(
        [
            ("in", overlay.start, overlay.fade.fade_in),
            ("out", overlay.end - overlay.fade.fade_out, overlay.fade.fade_out),
            ("in", first, counter.fade.fade_in),
            ("out", counter.end - counter.fade.fade_out, counter.fade.fade_out),
        ]
    )
    assert [g[0] for g in got] == [w[0] for w in want]
    assert [g[1:] for g in got] == [pytest.approx(w[1:], abs=1e-6) for w in want]


def test_overlay_slides_with_expression(filters: list[Filter], timeline: Timeline) -> None:
    overlay = timeline.overlays[0]
    ys = [f.options["y"] for f in named(filters, "overlay")]
    assert slide_y(overlay) in ys or slide_y(overlay).replace(",", "\\,") in ys
    # The counter's frames are cropped to what the figures cover: placed at their corner.
    assert str(make_assets(timeline).counters[0].y) in ys


def test_overlay_streams_start_at_their_frame(filters: list[Filter], timeline: Timeline) -> None:
    setpts = {f.positional[0] if f.positional else f.options.get("expr") for f in named(filters, "setpts")}
    assert f"N+{round(timeline.overlays[0].start * 30)}" in setpts
    assert f"N+{round(timeline.counters[0].frame_times(timeline.fps)[0] * 30)}" in setpts


def test_counter_frames_are_an_image_sequence(args: list[str]) -> None:
    at = args.index(COUNTER_PATTERN)
    assert args[at - 1] == "-i"
    window = args[at - 6 : at - 1]
    assert window[window.index("-framerate") + 1] == "30"
    assert window[window.index("-start_number") + 1] == "0"


def test_video_is_trimmed_to_timeline_frames(filters: list[Filter], timeline: Timeline) -> None:
    assert any(f.options.get("end_frame") == str(timeline.frames) for f in named(filters, "trim"))


def test_container_and_audio_settings(args: list[str], timeline: Timeline) -> None:
    assert value_after(args, "-movflags") == "+faststart"
    assert value_after(args, "-c:a") == "aac"
    assert value_after(args, "-b:a") == "160k"
    assert value_after(args, "-ar") == "48000"
    assert value_after(args, "-ac") == "2"
    assert value_after(args, "-progress") == "pipe:1"
    assert "-nostats" in args
    options = output_options(args, str(OUT))
    assert value_after(options, "-f") == "mp4"
    assert float(value_after(options, "-t")) == pytest.approx(timeline.duration, abs=1e-6)
    for flag in ("-c:v", "-c:a", "-movflags", "-pix_fmt", "-profile:v"):
        assert flag in options  # output options, not input ones
    assert str(OUT) in args


def test_no_user_text_anywhere(args: list[str], timeline: Timeline) -> None:
    joined = "\n".join(args)
    for text in USER_TEXTS:
        assert text not in joined, text
    # Nor any single Arabic letter: only numbers and paths reach ffmpeg.
    assert not re.search(r"[\u0600-\u06ff]", joined)
    measure = "\n".join(measure_command(timeline, EXE))
    assert not re.search(r"[\u0600-\u06ff]", measure)


def test_paths_only_as_inputs(args: list[str]) -> None:
    graph = graph_of(args)
    paths = [STILL_PNG, OVERLAY_PNG, CLIP, MUSIC, VOICE]
    for path in [*map(str, paths), COUNTER_PATTERN]:
        positions = [i for i, a in enumerate(args) if path in a]
        assert positions, path
        assert all(args[i] == path and args[i - 1] == "-i" for i in positions), path
        assert path not in graph
    for fragment in ("/fake", "cache dir", "my media", ".png", ".ogg", ".mp4", ".jpg"):
        assert fragment not in graph
    # Photos are never read by ffmpeg: their frames arrive on stdin.
    assert str(PHOTO) not in args and str(PHOTO_PNG) not in args
    # The output path is the one positional argument.
    assert args.count(str(OUT)) == 1 and args[args.index(str(OUT)) - 1] != "-i"


# ----------------------------------------------------------------------------------- audio


AUDIO_CASES = {
    "silent": dict(music=None, voice=None, clip_audio=False),
    "music": dict(music=MUSIC, voice=None, clip_audio=False),
    "voice": dict(music=None, voice=VOICE, clip_audio=False),
    "music+voice": dict(music=MUSIC, voice=VOICE, clip_audio=False),
    "music+voice+clip": dict(music=MUSIC, voice=VOICE, clip_audio=True),
    "clip": dict(music=None, voice=None, clip_audio=True),
}


@pytest.mark.parametrize("case", AUDIO_CASES.values(), ids=AUDIO_CASES.keys())
def test_ducking_only_with_music_and_voice(case: dict) -> None:
    timeline = make_timeline(**case)
    measured = None if timeline.audio.silent else MEASURED
    args = render_command(timeline, make_assets(timeline), OUT, Encoding(), measured, EXE)
    filters = parse_graph(graph_of(args))
    inputs = inputs_of(args)
    ducked = case["music"] is not None and case["voice"] is not None
    assert len(named(filters, "sidechaincompress")) == (1 if ducked else 0)
    assert (str(MUSIC) in inputs) == (case["music"] is not None)
    assert (str(VOICE) in inputs) == (case["voice"] is not None)
    if case["music"] is not None:
        assert input_options(args, str(MUSIC))[-2:] == ["-stream_loop", "-1"]  # looped bed
        assert len(named(filters, "afade")) == 2
    if timeline.audio.silent:
        assert any(i.startswith("anullsrc=") and "r=48000" in i and "cl=stereo" in i for i in inputs)
        assert not named(filters, "volume")
    parts = sum(x is not None for x in (case["music"], case["voice"])) + int(case["clip_audio"])
    assert len(named(filters, "amix")) == (1 if parts > 1 else 0)
    # Parts are placed by sample counts, never by adelay (whose leading silence, after -ss
    # input seeking, carries no valid timestamp and left a hole in the AAC track).
    assert not named(filters, "adelay")
    offsets = {expression_of(f) for f in named(filters, "asetpts")}
    if case["voice"] is not None:
        assert "N/SR/TB+19200/SR/TB" in offsets  # voice_at 0.4 s = 19200 samples
    if case["clip_audio"]:
        at = timeline.starts[2]
        assert f"N/SR/TB+{round(at * 48000)}/SR/TB" in offsets


def expression_of(f: Filter) -> str:
    return f.positional[0] if f.positional else f.options.get("expr", "")


PLACEMENTS = [
    # (music, voice, clip sound): each part's samples (start, length) on the story
    dict(music=None, voice=None, clip_audio=True),
    dict(music=MUSIC, voice=None, clip_audio=True),
    dict(music=MUSIC, voice=VOICE, clip_audio=True),
    dict(music=None, voice=VOICE, clip_audio=False),
]


@pytest.mark.parametrize("case", PLACEMENTS)
def test_every_sound_is_sample_exact_from_zero_to_the_end(case: dict) -> None:
    """Every part turns its timestamps into samples (``aresample`` with ``first_pts=0``:
    a late start or a hole becomes silence), is cut and padded by sample count to its
    length, moved to its place, and padded to the story's exact sample count."""
    timeline = make_timeline(**case)
    args = render_command(timeline, make_assets(timeline), OUT, Encoding(), MEASURED, EXE)
    filters = parse_graph(graph_of(args))
    total = str(round(timeline.duration * 48000))
    parts = sum(x is not None for x in (case["music"], case["voice"])) + int(case["clip_audio"])
    resamplers = [f for f in named(filters, "aresample") if f.options.get("first_pts") == "0"]
    assert resamplers and all(f.options.get("async") == "1" for f in resamplers)
    placed = [f for f in named(filters, "apad") if f.options.get("whole_len") == total]
    assert len(placed) >= parts  # every part runs to the end (music also to its own length)
    trims = [f.options.get("end_sample") for f in named(filters, "atrim")]
    assert trims.count(total) >= parts + 1  # each part, and the mix
    if case["clip_audio"]:
        assert str(round(1.2 * 48000)) in trims  # the clip's own 1.2 s
    options = input_options(args, str(CLIP))
    assert options[options.index("-ss") + 1] == "0.5"


def test_second_pass_is_a_plain_gain(filters: list[Filter]) -> None:
    """The measured mix is 6 dB under the target and its peaks have room: one ``volume``."""
    (gain,) = named(filters, "volume")
    assert gain.positional == ("6.00dB",)
    assert not named(filters, "loudnorm") and not named(filters, "alimiter")


def test_second_pass_limits_peaks_the_gain_would_push_over(timeline: Timeline) -> None:
    peaky = Loudness(i=-30.0, tp=-4.0)  # +16 dB would put peaks at +12
    args = render_command(timeline, make_assets(timeline), OUT, Encoding(), peaky, EXE)
    filters = parse_graph(graph_of(args))
    (gain,) = named(filters, "volume")
    assert gain.positional == ("16.00dB",)
    (limiter,) = named(filters, "alimiter")
    assert float(limiter.options["limit"]) < 10 ** (LOUDNESS["TP"] / 20)  # under the ceiling
    assert limiter.options["level"] == "false"  # no make-up gain
    assert limiter.options["latency"] == "true"  # no delay against the picture
    # Run at 4x the rate (it sees the peaks between samples), then back to 48 kHz.
    up, down = [f for f in named(filters, "aresample") if f.positional]
    assert up.outputs == limiter.inputs and down.inputs == limiter.outputs
    assert up.positional == (str(4 * 48000),) and down.positional == ("48000",)


def test_no_normalisation_without_measurement(timeline: Timeline) -> None:
    args = render_command(timeline, make_assets(timeline), OUT, Encoding(), None, EXE)
    filters = parse_graph(graph_of(args))
    assert not named(filters, "volume") and not named(filters, "alimiter")


@pytest.mark.parametrize("case", AUDIO_CASES.values(), ids=AUDIO_CASES.keys())
def test_measure_command(case: dict) -> None:
    timeline = make_timeline(**case)
    args = measure_command(timeline, EXE)
    assert args[0] == EXE
    filters = parse_graph(graph_of(args))
    (meter,) = named(filters, "ebur128")
    assert meter.options["peak"] == "true"  # true peak, not sample peak
    # Audio only, to the null muxer: no video is encoded, no file written.
    options = output_options(args, "-")
    assert value_after(options, "-f") == "null"
    assert "-c:v" not in args and not named(filters, "zoompan")
    assert str(STILL_PNG) not in args and str(OUT) not in args
    assert (str(MUSIC) in args) == (case["music"] is not None)


# ------------------------------------------------------------------------ parse_measurement

EBUR128_LOG = """\
Input #0, ogg, from '/work/examples/community-stories/media/music.ogg':
  Duration: 00:00:20.00, start: 0.000000, bitrate: 56 kb/s
[Parsed_ebur128_0 @ 0x7f854c001c00] Summary:

  Integrated loudness:
    I:         -20.0 LUFS
    Threshold: -30.0 LUFS

  Loudness range:
    LRA:         1.1 LU
    Threshold: -40.0 LUFS
    LRA low:   -20.4 LUFS
    LRA high:  -19.3 LUFS

  True peak:
    Peak:       -9.0 dBFS
[out#0/null @ 0x5633e20b2a80] video:0KiB audio:3750KiB subtitle:0KiB other streams:0KiB
"""

SILENT_LOG = """\
[Parsed_ebur128_0 @ 0x7f0d2c001c00] Summary:

  Integrated loudness:
    I:         -70.0 LUFS
    Threshold:   0.0 LUFS

  Loudness range:
    LRA:         0.0 LU
    Threshold:   0.0 LUFS
    LRA low:     0.0 LUFS
    LRA high:    0.0 LUFS

  True peak:
    Peak:       -inf dBFS
"""


def test_parse_measurement_reads_the_ebur128_summary() -> None:
    assert parse_measurement(EBUR128_LOG) == Loudness(i=-20.0, tp=-9.0)


def test_parse_measurement_silence_is_none() -> None:
    assert parse_measurement(SILENT_LOG) is None


def test_parse_measurement_takes_the_last_summary() -> None:
    assert parse_measurement(SILENT_LOG + EBUR128_LOG) == parse_measurement(EBUR128_LOG)
    assert parse_measurement(EBUR128_LOG + SILENT_LOG) is None


def test_parse_measurement_without_summary_raises() -> None:
    with pytest.raises(ValueError):
        parse_measurement("[aac @ 0x1] something went wrong\n")


def test_measured_values_flow_into_second_pass(timeline: Timeline) -> None:
    measured = parse_measurement(EBUR128_LOG.replace("-20.0 LUFS", "-29.77 LUFS"))
    args = render_command(timeline, make_assets(timeline), OUT, Encoding(), measured, EXE)
    (gain,) = named(parse_graph(graph_of(args)), "volume")
    assert gain.positional == ("15.77dB",)


# ----------------------------------------------------------------------------------- slide_y


@pytest.mark.parametrize(
    "fade, expression",
    [
        (Fade(0.4, 0.3, slide=0), False),
        (Fade(0.4, 0.3, slide=20), True),
        (Fade(0.0, 0.3, slide=20), False),  # no fade-in: nothing to slide during
        (Fade(0.35, 0.35), False),
    ],
)
def test_slide_y(fade: Fade, expression: bool) -> None:
    overlay = Overlay("x", (), Box(10, 300, 100, 40), 1.5, 3.0, fade)
    y = slide_y(overlay)
    if not expression:
        assert y == 300
        return
    assert isinstance(y, str)

    # Evaluate the expression the way ffmpeg would, at a few times.
    def at(t: float) -> float:
        return eval(y, {"pow": pow, "max": max, "t": t})  # our own numeric expression

    assert at(1.5) == pytest.approx(300 + fade.slide)  # starts ``slide`` px lower
    assert at(1.5 + fade.fade_in) == pytest.approx(300)  # in place when the fade-in ends
    assert at(2.5) == pytest.approx(300)
    assert 300 < at(1.5 + fade.fade_in / 2) < 300 + fade.slide


# --------------------------------------------------------------------- Timeline arithmetic


@pytest.mark.parametrize(
    "durations, transition, starts, duration, frames",
    [
        ((3.0,), 0.6, [0.0], 3.0, 90),
        ((1.2, 1.5, 1.0), 0.4, [0.0, 0.8, 1.9], 2.9, 87),
        ((1.2, 1.5, 1.2), 0.5, [0.0, 0.7, 1.7], 2.9, 87),
        ((2.0, 2.0), 0.0, [0.0, 2.0], 4.0, 120),
        ((3.5, 4.5, 4.5, 4.5, 4.0), 0.6, [0.0, 2.9, 6.8, 10.7, 14.6], 18.6, 558),
        ((1.0, 1.0, 1.0), 1.0 / 3, [0.0, 2 / 3, 4 / 3], 7 / 3, 70),
        ((), 0.6, [], 0.0, 0),
    ],
)
def test_timeline_arithmetic(
    durations: tuple[float, ...], transition: float, starts: list[float], duration: float, frames: int
) -> None:
    timeline = Timeline(W, H, tuple(Still((), d) for d in durations), transition)
    assert timeline.starts == pytest.approx(starts)
    assert timeline.duration == pytest.approx(duration)
    assert timeline.frames == frames
    if durations:
        # The last segment ends exactly at the end of the timeline.
        assert timeline.starts[-1] + durations[-1] == pytest.approx(timeline.duration)


@pytest.mark.parametrize(
    "seconds, frames",
    [(0.0, 1), (0.01, 1), (1 / 30, 1), (0.5, 15), (1.2, 36), (1.5, 45), (2.9, 87), (4.5, 135)],
)
def test_frame_count(seconds: float, frames: int) -> None:
    assert frame_count(seconds, 30) == frames


@pytest.mark.parametrize(
    "value, placed", [(0, 0), (1, 0), (2, 2), (7, 6), (7.9, 6), (8.5, 8), (-0.5, 0), (-1.5, -2), (-3, -4)]
)
def test_even_is_where_ffmpeg_overlay_places_yuv420(value: float, placed: int) -> None:
    """ffmpeg's overlay (normalize_xy) truncates toward zero, then clears the low bit."""
    assert even(value) == placed


@pytest.mark.parametrize(
    "box, inside",
    [
        (Box(0, 0, 10, 10), Box(0, 0, 10, 10)),
        (Box(1, 1, 10, 10), Box(2, 2, 8, 8)),  # corner in to 2, far edge 11 back to 10
        (Box(1, 2, 9, 7), Box(2, 2, 8, 6)),
        (Box(54, 97, 971, 231), Box(54, 98, 970, 230)),
    ],
)
def test_even_box_stays_inside_on_even_pixels(box: Box, inside: Box) -> None:
    got = even_box(box)
    assert got == inside
    assert got.x % 2 == got.y % 2 == got.w % 2 == got.h % 2 == 0
    assert box.x <= got.x and box.y <= got.y and got.right <= box.right and got.bottom <= box.bottom
    # On even pixels already, ffmpeg's placement leaves it where the plan put it.
    assert (even(got.x), even(got.y)) == (got.x, got.y)


def test_counter_counts_up_and_holds() -> None:
    counter = Counter("m", 85000, Box(0, 0, 100, 50), STYLE, start=2.0, end=4.0, count_s=1.0, lang="en")
    times = counter.frame_times(30)
    assert times[0] == pytest.approx(2.0) and times[-1] == pytest.approx(3.0)
    assert len(times) == 31
    values = [counter.value_at(t) for t in times]
    assert values[0] == 0 and values[-1] == 85000
    assert values == sorted(values)
    assert counter.value_at(3.7) == 85000
    assert counter.text_at(3.7) == "85,000"


@pytest.mark.parametrize(
    "colour, tone_mapped, matrix",
    [
        (Colour(BT2020, PQ, BT2020, height=2160), True, None),
        (Colour(BT2020, HLG, BT2020, height=1080), True, None),
        (Colour(height=1080), False, "bt709"),  # untagged HD
        (Colour(height=480), False, "smpte170m"),  # untagged SD
        (Colour(matrix=BT709, height=480), False, "bt709"),  # the tag wins over the size
    ],
)
def test_a_clip_is_brought_to_bt709_sdr_after_it_is_cropped(
    colour: Colour, tone_mapped: bool, matrix: str | None
) -> None:
    """HDR is tone-mapped (zscale + tonemap), other clips read with their matrix; on the
    output-sized picture (after scale and crop), where it costs the least."""
    timeline = make_timeline()
    clip = timeline.segments[2]
    assert isinstance(clip, Clip)
    segments = (*timeline.segments[:2], replace(clip, colour=colour))
    timeline = replace(timeline, segments=segments)
    filters = parse_graph(
        graph_of(render_command(timeline, make_assets(timeline), OUT, Encoding(), MEASURED, EXE))
    )
    assert bool(named(filters, "tonemap")) == tone_mapped
    assert bool(named(filters, "zscale")) == tone_mapped
    if tone_mapped:
        (tonemap,) = named(filters, "tonemap")
        assert tonemap.options["tonemap"] == "mobius"
        # The frames are tagged with what the clip is before zscale reads them.
        (tags,) = [
            f
            for f in named(filters, "setparams")
            if "color_trc" in f.options and f.options["color_trc"] != "bt709"
        ]
        assert (tags.options["color_trc"], tags.options["colorspace"]) == (str(colour.transfer), str(BT2020))
    else:
        readers = [f for f in named(filters, "scale") if "in_color_matrix" in f.options]
        assert [f.options["in_color_matrix"] for f in readers] == [matrix]
