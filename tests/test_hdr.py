"""HDR and untagged clips come out in the colours they were shot in.

A picture of colour patches is encoded here as an SDR control (BT.709, tagged), as phones
record HDR (10-bit HEVC, BT.2020, PQ and HLG, with SDR white at 203 nits as BT.2408 places
it), and as untagged 10-bit clips in the matrix their size implies (BT.601 for SD, BT.709 for
HD). Each is rendered as a story clip, the frames decoded, and the patches compared with the
control's: saturation and contrast near the control's, and for HDR clearly above the grey,
flat picture the same clip gives without tone mapping (what the render did before). The
preview compositor must show an HDR clip as the render does.
"""

from __future__ import annotations

import colorsys
import subprocess
from dataclasses import replace
from pathlib import Path

import av
import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from takatof.render.video.assets import prepare
from takatof.render.video.compositor import frame_at
from takatof.render.video.graph import Encoding, colour_steps, render_command, steps_string
from takatof.render.video.probe import clip_colour
from takatof.render.video.runner import run_ffmpeg
from takatof.templates.timeline import BT709, BT2020, HLG, PQ, SMPTE170M, UNSPECIFIED, Clip, Colour, Timeline

EXE = imageio_ffmpeg.get_ffmpeg_exe()
W, H = 320, 160  # the clips' size and the story's: no crop, every patch whole
COLOURS = [
    (200, 40, 40),
    (40, 180, 60),
    (40, 60, 200),
    (230, 200, 40),
    (200, 60, 200),
    (40, 190, 200),
    (235, 235, 235),  # white
    (128, 128, 128),
    (30, 30, 30),  # black
    (180, 120, 90),
]
WHITE, BLACK = 6, 8
FAST = Encoding("libx264", "ultrafast", 18)


def _ffmpeg(*args: str) -> None:
    subprocess.run([EXE, "-y", "-hide_banner", "-loglevel", "error", *args], check=True)


def patch_picture(width: int, height: int) -> Image.Image:
    """Ten patches in a 5 x 2 grid."""
    image = np.zeros((height, width, 3), np.uint8)
    pw, ph = width // 5, height // 2
    for i, colour in enumerate(COLOURS):
        x, y = (i % 5) * pw, (i // 5) * ph
        image[y : y + ph, x : x + pw] = colour
    return Image.fromarray(image)


def patches(frame: np.ndarray) -> np.ndarray:
    """The mean RGB of each patch's middle (away from chroma bleeding at the edges)."""
    height, width = frame.shape[:2]
    pw, ph = width // 5, height // 2
    return np.array(
        [
            frame[
                (i // 5) * ph + ph // 4 : (i // 5 + 1) * ph - ph // 4,
                (i % 5) * pw + pw // 4 : (i % 5 + 1) * pw - pw // 4,
            ]
            .reshape(-1, 3)
            .mean(0)
            for i in range(len(COLOURS))
        ]
    )


def saturation(rgb: np.ndarray) -> float:
    """The mean HSV saturation of the six coloured patches."""
    return float(np.mean([colorsys.rgb_to_hsv(*(c / 255))[1] for c in rgb[:6]]))


def hue(rgb: np.ndarray) -> float:
    return colorsys.rgb_to_hsv(*(rgb / 255))[0] * 360


def contrast(rgb: np.ndarray) -> float:
    """White patch minus black patch, in BT.709 luma levels."""
    luma = rgb @ np.array([0.2126, 0.7152, 0.0722])
    return float(luma[WHITE] - luma[BLACK])


def encode(folder: Path, name: str, size: tuple[int, int], vf: str, codec: list[str]) -> Path:
    """The patch picture as a 1 s clip: ``vf`` codes it, ``codec`` encodes and tags it."""
    png = folder / f"patches-{size[0]}x{size[1]}.png"
    if not png.exists():
        patch_picture(*size).save(png)
    out = folder / name
    _ffmpeg("-loop", "1", "-framerate", "30", "-t", "1", "-i", str(png), "-vf", vf, *codec, str(out))
    return out


# SDR picture (sRGB-coded PNG) to HDR: the BT.709 curve undone, BT.2020 primaries, SDR white
# at 203 nits (BT.2408's HDR reference white), coded with the HDR curve.
def _to_hdr(transfer: str) -> str:
    return (
        f"zscale=tin=709:pin=709:min=709:rin=full:t={transfer}:p=2020:m=2020_ncl:r=limited:npl=203,"
        "format=yuv420p10le"
    )


def _x265(transfer: str) -> list[str]:
    params = f"log-level=error:colorprim=bt2020:transfer={transfer}:colormatrix=bt2020nc"
    tags = ["-color_primaries", "bt2020", "-color_trc", transfer, "-colorspace", "bt2020nc"]
    return ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", params, *tags]


def _untagged_10bit(matrix: str) -> str:
    untag = "setparams=colorspace=unknown:color_primaries=unknown:color_trc=unknown:range=unknown"
    return f"scale=out_color_matrix={matrix}:out_range=tv,format=yuv420p10le,{untag}"


_X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "12"]
_TAGS_709 = ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"]


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hdr")
    small, hd = (W, H), (1280, 720)
    return {
        "sdr": encode(
            folder,
            "sdr.mp4",
            small,
            "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
            _X264 + _TAGS_709,
        ),
        "pq": encode(folder, "pq.mp4", small, _to_hdr("smpte2084"), _x265("smpte2084")),
        "hlg": encode(folder, "hlg.mp4", small, _to_hdr("arib-std-b67"), _x265("arib-std-b67")),
        # No colour tags at all, 10-bit: SD coded with BT.601, HD with BT.709.
        "sd-601": encode(folder, "sd.mp4", small, _untagged_10bit("bt601"), _X264),
        "hd-709": encode(folder, "hd.mp4", hd, _untagged_10bit("bt709"), _X264),
    }


def render_clip(clip: Clip, folder: Path) -> np.ndarray:
    """``clip`` alone as a story (the story's size is the clip's), its middle frame as RGB."""
    timeline = Timeline(W, H, (clip,), 0.0)
    folder.mkdir(parents=True, exist_ok=True)
    assets = prepare(timeline, folder / "cache")
    out = folder / "out.mp4"
    run_ffmpeg(render_command(timeline, assets, out, FAST, None, EXE), timeline.duration, None, None, None)
    with av.open(str(out)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    return frames[len(frames) // 2]


def test_the_clips_are_tagged_as_phones_tag_them(clips: dict[str, Path]) -> None:
    """What the render decides by: PQ and HLG read as HDR, the untagged clips as untagged."""
    pq, hlg = clip_colour(clips["pq"]), clip_colour(clips["hlg"])
    assert (pq.transfer, pq.primaries, pq.matrix, pq.hdr) == (PQ, BT2020, BT2020, True)
    assert (hlg.transfer, hlg.hdr) == (HLG, True)
    sd, hd = clip_colour(clips["sd-601"]), clip_colour(clips["hd-709"])
    assert sd.matrix == hd.matrix == UNSPECIFIED and not sd.hdr
    assert (sd.source_matrix, hd.source_matrix) == (SMPTE170M, BT709)


@pytest.fixture(scope="module")
def control(clips: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    return patches(render_clip(Clip(clips["sdr"], 1.0), tmp_path_factory.mktemp("control")))


@pytest.mark.parametrize("kind", ["pq", "hlg"])
def test_hdr_is_tone_mapped_to_the_sdr_look(
    kind: str, clips: dict[str, Path], control: np.ndarray, tmp_path: Path
) -> None:
    mapped = patches(render_clip(Clip(clips[kind], 1.0), tmp_path / "mapped"))
    # The same clip read as if it were SDR: what the render did before.
    grey = patches(render_clip(Clip(clips[kind], 1.0, colour=Colour(height=H)), tmp_path / "grey"))
    numbers = {
        "control": (saturation(control), contrast(control)),
        "tone-mapped": (saturation(mapped), contrast(mapped)),
        "untone-mapped": (saturation(grey), contrast(grey)),
    }
    print(kind, {k: (round(s, 3), round(c, 1)) for k, (s, c) in numbers.items()})
    print(kind, "patches tone-mapped", mapped.round().astype(int).tolist())
    sat, con = numbers["tone-mapped"]
    assert sat >= 0.85 * saturation(control) and con >= 0.75 * contrast(control), numbers
    assert sat >= saturation(grey) + 0.15 and con >= contrast(grey) + 20, numbers
    # Each patch keeps its hue (within 12 degrees of the control's).
    for got, want in zip(mapped[:6], control[:6], strict=True):
        turn = abs(hue(got) - hue(want)) % 360
        assert min(turn, 360 - turn) <= 12, (got.round(), want.round())
    assert np.abs(mapped - control).mean() < 25, np.abs(mapped - control).mean()


@pytest.mark.parametrize("kind", ["sd-601", "hd-709"])
def test_untagged_10bit_converts_with_the_matrix_of_its_size(
    kind: str, clips: dict[str, Path], control: np.ndarray, tmp_path: Path
) -> None:
    path = clips[kind]
    colour = clip_colour(path)
    got = patches(render_clip(Clip(path, 1.0), tmp_path / "right"))
    # The other matrix, as a renderer that ignores the size would take it.
    other = SMPTE170M if colour.source_matrix == BT709 else BT709
    wrong = patches(render_clip(Clip(path, 1.0, colour=replace(colour, matrix=other)), tmp_path / "wrong"))
    error, wrong_error = np.abs(got - control).max(), np.abs(wrong - control).max()
    print(
        kind, "max patch error", round(float(error), 1), "with the other matrix", round(float(wrong_error), 1)
    )
    assert error <= 6, (got.round(), control.round())
    assert wrong_error > 12  # the test tells the matrices apart


def test_the_preview_tone_maps_as_the_render_does(
    clips: dict[str, Path], control: np.ndarray, tmp_path: Path
) -> None:
    clip = Clip(clips["pq"], 1.0)
    rendered = patches(render_clip(clip, tmp_path))
    timeline = Timeline(W, H, (clip,), 0.0)
    preview = patches(np.asarray(frame_at(timeline, prepare(timeline, tmp_path / "cache"), 0.5)))
    assert np.abs(preview - rendered).max() <= 6, (preview.round(), rendered.round())


@pytest.mark.parametrize(
    "colour, first, tone_map",
    [
        (Colour(BT2020, PQ, BT2020, height=2160), "setparams", True),
        (Colour(BT2020, HLG, UNSPECIFIED, height=1080), "setparams", True),
        (Colour(BT2020, 14, BT2020, height=1080), "setparams", False),  # 10-bit SDR, BT.2020
        (Colour(BT709, 1, BT709, height=1080), "scale", False),
        (Colour(height=1080), "scale", False),
        (Colour(height=480), "scale", False),
    ],
)
def test_colour_steps_table(colour: Colour, first: str, tone_map: bool) -> None:
    steps = colour_steps(colour)
    names = [name for name, _, _ in steps]
    assert names[0] == first and names[-1] == "format" and steps[-1][1] == ("yuv420p",)
    assert ("tonemap" in names) == tone_map
    text = steps_string(steps)
    if first == "setparams":
        tags = steps[0][2]
        assert tags["colorspace"] == BT2020 and tags["color_primaries"] == BT2020 and tags["range"] == "tv"
        assert names[1] == "zscale" and "t=709" in text and "m=709" in text and "p=709" in text
    else:
        matrix = steps[0][2]["in_color_matrix"]
        assert matrix == ("smpte170m" if colour.height < 720 else "bt709")
        assert steps[0][2]["out_color_matrix"] == "bt709"
