#!/usr/bin/env python3
"""Generate the music bed, the voice-over and a short video clip for the *Community Stories MENA*
example campaign.

Why everything is synthesised: stock music, voice recordings and footage come with licences that
rarely allow redistribution inside a repository, and recordings of real people are theirs to share.
So the music is sine partials mixed with numpy, the voice-over is espeak-ng speech (the program is
GPL; the audio it speaks is ours), and the clip is abstract numpy frames (no people, no text) over
synthesised ambience. No third-party recording is used, so the files are licence-clean. Fixed seeds
make the music and the clip reproducible; the voice depends on the installed espeak-ng, and when it
is missing that step is skipped and the committed file is left as it is.

Run from the repo root:  python examples/community-stories/make_audio.py [--out DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

Array = np.ndarray  # audio: float32 (channels, samples); frames: float32 (h, w, 3) in 0..1
Rng = np.random.Generator
Partials = list[tuple[float, float, float]]  # (frequency ratio, amplitude, decay time constant s)
OGG = ["-fflags", "+bitexact", "-f", "ogg"]  # bitexact: fixed stream serial, reproducible bytes
SR = 48_000
BEAT = 0.625  # 96 bpm: 8 bars of 4/4 are exactly 20 s, so the bed loops on a bar line
VOICE = (
    "Hala Dahrouge started LibanTroc in 2019, so neighbours could swap what they have without money. "
    "Today, eighty-five thousand members have helped more than two thousand families."
)
# D major, a chord per two bars: D, A/C#, Bm, Gmaj7 (the bass walks down; G leads home to D).
# (bass, pad voicing, arpeggio tones) as MIDI note numbers.
CHORDS = [
    (38, (50, 57, 62, 66), (62, 66, 69, 74, 76)),
    (37, (49, 57, 61, 64), (61, 64, 69, 73, 76)),
    (35, (47, 54, 62, 66), (59, 62, 66, 71, 73)),
    (31, (43, 54, 59, 62), (55, 59, 62, 66, 69)),
]
ARP = "0.24.3.21.2.4..."  # eighth notes across a chord's two bars: arpeggio tone index, or rest


def ffmpeg(*args: str, chunks: Iterable[bytes] = ()) -> str:
    """Run ffmpeg, streaming `chunks` to its stdin; return its log, or raise with it."""
    import imageio_ffmpeg  # here, not at import time: importing this module probes nothing

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostats", "-y", *args]
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: no deadlock while we write
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stderr=log)
        with contextlib.suppress(BrokenPipeError):
            for chunk in chunks:
                proc.stdin.write(chunk)  # type: ignore[union-attr]
        proc.stdin.close()  # type: ignore[union-attr]
        rc = proc.wait()
        log.seek(0)
        text = log.read().decode(errors="replace")
    if rc:
        raise RuntimeError(f"ffmpeg failed ({rc}): {' '.join(cmd)}\n{text[-2000:]}")
    return text


def raw(x: Array) -> tuple[list[str], list[bytes]]:
    """ffmpeg input options and stdin bytes for float audio."""
    pcm = np.ascontiguousarray(x.T, np.float32).tobytes()
    return ["-f", "f32le", "-ar", str(SR), "-ac", str(len(x)), "-i", "pipe:0"], [pcm]


def loudness(inp: list[str], chunks: Iterable[bytes] = (), af: str = "") -> tuple[float, float, float]:
    """(duration s, integrated LUFS, true peak dBTP) of the audio of `inp` after filters `af`."""
    graph = f"{af},ebur128=peak=true".lstrip(",")
    log = ffmpeg(*inp, "-map", "0:a", "-af", graph, "-f", "null", "-", chunks=chunks)
    summary = log[log.rindex("Summary:") :]
    i, tp = (float(re.search(rf"{k}:\s+(-?[\d.]+|-inf)", summary)[1]) for k in ("I", "Peak"))
    h, m, s = re.findall(r"time=(\d+):(\d+):([\d.]+)", log)[-1]
    return int(h) * 3600 + int(m) * 60 + float(s), i, tp


def normalise(x: Array, lufs: float) -> Array:
    return x * np.float32(10 ** ((lufs - loudness(*raw(x))[1]) / 20))


@contextlib.contextmanager
def atomic(path: Path) -> Iterator[Path]:
    """A temporary name next to `path`, renamed to `path` only on success."""
    tmp = path.with_name(f".{path.stem}.part{path.suffix}")
    try:
        yield tmp
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def tone(note: float, dur: float, partials: Partials, rise: float, fall: float) -> Array:
    """Decaying sine partials of a MIDI note (fractional: detuned) under raised-cosine fades."""
    t, freq = np.arange(int(dur * SR), dtype=np.float32) / SR, 440 * 2 ** ((note - 69) / 12)
    sig = sum(a * np.exp(-t / tau) * np.sin(2 * np.pi * freq * r * t) for r, a, tau in partials)
    env = np.clip(np.minimum(t / rise, (dur - t) / fall), 0, 1)
    return sig * (0.5 - 0.5 * np.cos(np.pi * env))


def render(events: Iterable[tuple[float, Array, float]], seconds: float) -> Array:
    """Mix (start s, mono signal, pan -1..1) into a stereo loop: whatever runs past the end (or
    starts before 0) wraps round, so the last sample flows into the first."""
    n = round(seconds * SR)
    out = np.zeros((2, n), np.float32)
    for start, sig, pan in events:
        angle = (pan + 1) * np.pi / 4  # constant-power pan
        sig, i = np.outer([np.cos(angle), np.sin(angle)], sig), round(start * SR) % n
        while sig.shape[1]:
            k = min(n - i, sig.shape[1])
            out[:, i : i + k] += sig[:, :k]
            sig, i = sig[:, k:], 0
    return out


def spectral(x: Array, lo: float, hi: float, tilt: float = 0.0) -> Array:
    """Circular, zero-phase band-limit (2nd-order-like slopes) plus a tilt in dB per octave."""
    f = np.fft.rfftfreq(x.shape[-1], 1 / SR)
    f[0] = 1e-3
    h = (f / lo) ** 2 / np.sqrt((1 + (f / lo) ** 4) * (1 + (f / hi) ** 4)) * (f / 1000) ** (tilt / 6.02)
    return np.fft.irfft(np.fft.rfft(x) * h, x.shape[-1]).astype(np.float32)


def reverb(x: Array, rng: Rng, rt60: float, wet: float) -> Array:
    """Circular convolution with softened decaying noise, a different tail per channel (width)."""
    t = np.arange(int(rt60 * SR)) / SR
    ir = rng.standard_normal((2, t.size)) * np.exp(-6.9 * t / rt60) * np.minimum(t / 0.03, 1)
    ir = spectral(np.pad(ir, ((0, 0), (0, x.shape[1] - t.size))), 150, 3500)
    tail = np.fft.irfft(np.fft.rfft(x) * np.fft.rfft(ir), x.shape[1]).astype(np.float32)
    return x + wet * tail * np.sqrt(np.mean(x**2) / np.mean(tail**2))


def music(rng: Rng) -> Array:
    """Warm detuned pads, a soft marimba-like arpeggio and a light low pulse: a 20 s loop."""
    pad = [(1, 1.0, 1e9), (2, 0.18, 1e9), (3, 0.1, 1e9), (4, 0.03, 1e9), (5, 0.03, 1e9)]
    mallet, low = [(1, 1.0, 0.9), (4, 0.15, 0.1), (2, 0.06, 0.3)], [(1, 1.0, 0.4), (2, 0.35, 0.25)]
    events = []
    for c, (bass, voicing, arp) in enumerate(CHORDS):
        t0 = c * 8 * BEAT
        for note in voicing:  # a pair per voice, +-6 cents and panned apart: slow chorus beating
            for cents, pan in ((-6, -0.6), (6, 0.6)):
                events.append((t0 - 0.4, 0.11 * tone(note + cents / 100, 7.6, pad, 1.8, 2.6), pan))
        for beat in range(0, 8, 2):  # beats 1 and 3: a soft heartbeat on the bass note
            events.append((t0 + beat * BEAT, 0.3 * tone(bass, 1.2, low, 0.03, 0.5), 0))
        for k, ch in enumerate(ARP):
            if ch != ".":
                vel = rng.uniform(0.7, 1.0) * (1.15 if k % 8 == 0 else 1.0)
                note = 0.16 * vel * tone(arp[int(ch)], 2.5, mallet, 0.004, 0.5)
                events.append((t0 + k * BEAT / 2 + rng.uniform(-0.008, 0.008), note, 0.35 * (-1) ** k))
    return reverb(spectral(render(events, len(CHORDS) * 8 * BEAT), 40, 5000), rng, 2.8, 0.45)


def ambience(rng: Rng, seconds: float) -> Array:
    """Soft wind/crowd-like noise in slow gusts, and faint footsteps at a running cadence."""
    n = round(seconds * SR)
    t = np.arange(n, dtype=np.float32) / SR
    gust = 0.75 + 0.15 * np.sin(2 * np.pi * t / seconds) + 0.1 * np.sin(4 * np.pi * t / seconds + 1)
    wind = spectral(rng.standard_normal((2, n)).astype(np.float32), 120, 1400, tilt=-3) * gust
    step = [(1, 1.0, 0.05), (2.3, 0.4, 0.02), (3.7, 0.15, 0.01)]
    steps = [  # 180 steps a minute, alternating feet
        (k / 3, rng.uniform(0.6, 1.0) * tone(rng.uniform(37, 40), 0.3, step, 0.004, 0.1), 0.3 * (-1) ** k)
        for k in range(round(seconds * 3))
    ]
    return wind / np.abs(wind).max() + 0.6 * render(steps, seconds)


def seam(path: Path) -> str:
    """Loop check on the decoded file: high-frequency energy (a click) within 2.5 ms either side
    of the end->start join, against the 99.9th percentile elsewhere; RMS of the last/first 50 ms."""
    with tempfile.TemporaryDirectory() as tmpdir:
        ffmpeg("-i", str(path), "-f", "f32le", "-ar", str(SR), "-ac", "2", f"{tmpdir}/x.f32")
        x = np.fromfile(f"{tmpdir}/x.f32", np.float32).reshape(-1, 2).T
    hf, k = np.abs(spectral(x, 3000, 20000)).max(axis=0), SR // 400  # circular: the join is in it
    click = np.r_[hf[-k:], hf[:k]].max() / np.percentile(hf[k:-k], 99.9)
    rms = [10 * np.log10(np.mean(p**2)) for p in (x[:, -SR // 20 :], x[:, : SR // 20])]
    return f"join HF {click:.2f}x the 99.9th percentile, RMS last/first 50 ms {rms[0]:.1f}/{rms[1]:.1f} dBFS"


def gradient(t: Array, stops: list[str]) -> Array:
    """Colours along t in [0, 1] through evenly spaced hex stops with eased joins: (*t.shape, 3)."""
    cols = np.array([[int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)] for c in stops], np.float32)
    s = np.clip(t, 0, 1) * (len(stops) - 1)
    i = np.minimum(s.astype(int), len(stops) - 2)
    f = (s - i)[..., None]
    return cols[i] + (cols[i + 1] - cols[i]) * f * f * (3 - 2 * f)


def paint(img: Array, mask: Array, color: str, alpha: float, light: bool = True) -> None:
    """Screen a light (or, light=False, lay a paint) of `color` through mask * alpha, in place."""
    c, m = gradient(np.zeros(1), [color, color]), (mask * alpha)[..., None]
    img += ((1 - img) * c if light else c - img) * m


def streak(img: Array, hx: float, cy: float, length: float, th: float, color: str, alpha: float) -> None:
    """A light trail heading right: a round head at (hx, cy), a tail fading out to the left
    (positions and length are fractions of the frame, thickness in pixels; sub-pixel smooth)."""
    h, w = img.shape[:2]
    x0, x1 = max(int((hx - length) * w), 0), min(int(hx * w + 3 * th) + 1, w)
    y0, y1 = max(int(cy * h - 3 * th), 0), min(int(cy * h + 3 * th) + 1, h)
    if x1 > x0 and y1 > y0:
        xs = (np.arange(x0, x1, dtype=np.float32)[None, :] + 0.5 - hx * w) / (length * w)
        ys = np.arange(y0, y1, dtype=np.float32)[:, None] + 0.5 - cy * h
        along = np.where(xs < 0, np.clip(1 + xs, 0, 1) ** 3, np.exp(-((xs * length * w / th) ** 2)))
        paint(img[y0:y1, x0:x1], np.exp(-((ys / th) ** 2)) * along, color, alpha)


def dawn(rng: Rng, w: int, h: int, horizon: float, sun: float) -> Array:
    """The still picture: dawn sky and low sun over the Nile, the far bank's low skyline, the
    sun's path on the water, the near bank, a vignette and a dither against banding."""
    y, x = (np.arange(h, dtype=np.float32)[:, None] + 0.5) / h, (np.arange(w, dtype=np.float32) + 0.5) / w
    sky = gradient(y / horizon, ["#1B1F4B", "#4A3A78", "#B0607F", "#F09A63", "#FBD9A0"])
    water = gradient((y - horizon) / 0.3, ["#EDB27E", "#A8747E", "#3D6A7A", "#1A4352"])
    img = np.where(y[..., None] < horizon, sky, water) + np.zeros((1, w, 1), np.float32)
    r, below = np.sqrt(((x - sun) * w / h) ** 2 + (y - horizon + 0.04) ** 2), y - horizon
    paint(img, np.exp(-((r / 0.25) ** 2)), "#FFC98A", 0.6)
    paint(img, np.clip((0.032 - r) * h / 1.5, 0, 1) * (below < 0), "#FFF0D0", 0.95)
    paint(img, np.exp(-(((x - sun) / (0.012 + 0.06 * below)) ** 2) - 9 * below) * (below > 0), "#FFC88A", 0.5)
    roofs = np.zeros(w, np.float32)  # low blocks and three slim towers
    blocks = [(rng.uniform(), rng.uniform(0.006, 0.02), rng.uniform(0.005, 0.02)) for _ in range(60)]
    for c, half, top in blocks + [(c, 0.0016, rng.uniform(0.04, 0.055)) for c in rng.uniform(0.5, 0.95, 3)]:
        a, b = max(int((c - half) * w), 0), int((c + half) * w)
        roofs[a:b] = np.maximum(roofs[a:b], top)
    paint(img, np.clip((below + roofs) * h, 0, 1) * np.clip(1 - below * h, 0, 1), "#2E2240", 0.9, light=False)
    near = y - 0.86  # the near bank, where the runners are
    img += (gradient(near / 0.14, ["#2A2236", "#120E1A"]) - img) * np.clip(near * h, 0, 1)[..., None]
    paint(img, np.exp(-((near * h / 2) ** 2)) + 0 * x, "#F0A070", 0.35)
    img *= (1 - 0.5 * ((x - 0.5) ** 2 + (y - 0.5) ** 2))[..., None]
    return img + (rng.random((h, w, 1), np.float32) - rng.random((h, w, 1), np.float32)) / 255


def frames(rng: Rng, w: int, h: int, count: int) -> Iterator[bytes]:
    """Dawn on the Nile: light trails race along the near bank (runners), wisps drift across the
    sky, the sun's path glitters. Every motion makes whole cycles in the clip, so it loops."""
    horizon, sun, u = 0.56, 0.3, rng.uniform
    img = dawn(rng, w, h, horizon, sun)
    warm = ["#FFD27A", "#FFE6C4", "#FFB870"]
    # (start, laps, height, length, thickness px, colour, opacity): runners, then sky wisps
    trails = [
        (u(), 1 + k % 2, u(0.885, 0.97), u(0.1, 0.28), u(2, 3.5), warm[k % 3], u(0.6, 1)) for k in range(14)
    ]
    trails += [(u(), 1, u(0.04, 0.4), u(0.3, 0.6), u(2, 5), warm[1], u(0.12, 0.25)) for _ in range(8)]
    depths = u(0.004, 0.2, 60) ** 1.4
    glints = [(rng.normal(0, 0.008 + 0.2 * d), d, u(0.01, 0.03) * (1 + 5 * d), u(0, 6.3)) for d in depths]
    for n in range(count):
        frame, t = img.copy(), n / count
        for x0, laps, cy, length, th, color, alpha in trails:
            streak(frame, -0.05 + (1.1 + length) * ((x0 + laps * t) % 1), cy, length, th, color, alpha)
        for k, (dx, depth, length, phase) in enumerate(glints):
            flicker = (0.5 + 0.5 * np.sin(2 * np.pi * (k % 5 + 1) * t + phase)) ** 2
            streak(frame, sun + dx + length / 2, horizon + depth, length, 1.3, "#FFE0B0", 0.8 * flicker)
        yield (np.clip(frame, 0, 1) * 255 + 0.5).astype(np.uint8).tobytes()


def make_music(path: Path) -> str:
    x = normalise(music(np.random.default_rng(96)), -20.0)  # a bed under voice; the render normalises
    peak = np.abs(x).max()
    assert peak < 0.9, f"music peaks at {peak:.2f} of full scale"
    inp, chunks = raw(x)
    with atomic(path) as tmp:  # Vorbis rather than Opus: Opus leaves a faint click at the loop's join
        ffmpeg(*inp, "-c:a", "libvorbis", "-q:a", "4", *OGG, str(tmp), chunks=chunks)
    return f"sample peak {20 * np.log10(peak):.1f} dBFS before encoding; {seam(path)}"


def make_voice(path: Path) -> str:
    espeak = shutil.which("espeak-ng")
    if not espeak:
        return "SKIPPED: espeak-ng is not installed (apt-get install espeak-ng); existing file untouched"
    af = "highpass=f=80,acompressor=threshold=0.125:ratio=3:attack=5:release=120"
    af += ",aresample=48000:resampler=soxr,adelay=300:all=1,apad=pad_dur=0.6"
    with tempfile.TemporaryDirectory() as tmpdir, atomic(path) as tmp:
        wav = f"{tmpdir}/voice.wav"
        subprocess.run([espeak, "-v", "en-us+f3", "-s", "150", "-w", wav, VOICE], check=True)
        gain = -16.0 - loudness(["-i", wav], af=af)[1]
        af += f",volume={gain:.2f}dB"
        ffmpeg("-i", wav, "-af", af, "-ac", "1", "-c:a", "libopus", "-b:a", "48k", *OGG, str(tmp))
    return "espeak-ng en-us+f3 at 150 wpm, mono"


def encode(out: Path, pcm: str, chunks: Iterable[bytes], shape: tuple[int, int, int], crf: int) -> None:
    """RGB frames (``chunks``, ``shape`` = width, height, fps) and stereo float PCM at
    :data:`SR` into a BT.709 H.264 + AAC .mp4, reproducibly (bit-exact, no metadata)."""
    w, h, fps = shape
    ffmpeg(
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(fps), "-i", "pipe:0",
        "-f", "f32le", "-ar", str(SR), "-ac", "2", "-i", pcm,
        "-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p,"
        "setparams=range=tv:colorspace=bt709:color_primaries=bt709:color_trc=bt709",
        "-c:v", "libx264", "-preset", "slow", "-crf", str(crf), "-x264-params", "threads=4",
        "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart", "-fflags", "+bitexact",
        "-map_metadata", "-1", "-shortest", str(out),
        chunks=chunks,
    )  # fmt: skip


def make_clip(path: Path, seconds: float = 6.0, w: int = 1280, h: int = 720, fps: int = 30) -> str:
    rng = np.random.default_rng(30)
    audio = normalise(ambience(rng, seconds), -24.0)
    with tempfile.TemporaryDirectory() as tmpdir, atomic(path) as tmp:
        pcm = f"{tmpdir}/ambience.f32"
        np.ascontiguousarray(audio.T).tofile(pcm)
        encode(tmp, pcm, frames(rng, w, h, round(seconds * fps)), (w, h, fps), crf=28)
    return f"{w}x{h} {fps} fps H.264 yuv420p, AAC stereo"


INTERVIEW = (  # what Rania says in her clip, phrase by phrase, with a pause after each
    "I started I Make This to help women sell what they make.",
    "Today we are one hundred and eighty-nine thousand members.",
    "Every week, a new business finds its first customers.",
)
PAUSES = (0.9, 0.8, 0.6)


def bokeh(rng: Rng, w: int, h: int, count: int) -> Iterator[bytes]:
    """An interview's soft background: a warm studio gradient with out-of-focus lights
    drifting across it (abstract: no person, no text)."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    ground = gradient(y / h, ["#2B1E3A", "#5A3550", "#A8566A", "#E39A7B"])
    lights = [(rng.uniform(0, w), rng.uniform(0, h), rng.uniform(30, 110), rng.uniform(-1.2, 1.2)) for _ in range(18)]
    for i in range(count):
        img = ground.copy()
        for cx, cy, r, vx in lights:
            d = np.hypot(x - (cx + vx * i) % w, y - cy) / r
            paint(img, np.clip(1.2 - d, 0, 1) ** 2, "#FFE3B8", 0.22)
        yield (np.clip(img, 0, 1) * 255).astype(np.uint8).tobytes()


def speech(espeak: str, tmpdir: str) -> tuple[Array, list[float]]:
    """The interview's phrases spoken one after another, each trimmed of espeak's own
    silence and followed by its pause: mono 48 kHz, and each phrase's onset in seconds."""
    parts, onsets, t = [], [], 0.4
    parts.append(np.zeros(round(0.4 * SR), np.float32))
    for i, (phrase, pause) in enumerate(zip(INTERVIEW, PAUSES, strict=True)):
        wav = f"{tmpdir}/phrase{i}.wav"
        subprocess.run([espeak, "-v", "en-gb+f4", "-s", "155", "-w", wav, phrase], check=True)
        raw_pcm = ffmpeg_pcm(wav)
        loud = np.flatnonzero(np.abs(raw_pcm) > 0.02)
        voiced = raw_pcm[loud[0] : loud[-1] + 1]
        onsets.append(round(t, 3))
        parts += [voiced, np.zeros(round(pause * SR), np.float32)]
        t += (voiced.size + round(pause * SR)) / SR
    return np.concatenate(parts), onsets


def ffmpeg_pcm(path: str) -> Array:
    """A sound file as mono float32 samples at :data:`SR`."""
    import imageio_ffmpeg

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", path, "-ac", "1", "-ar", str(SR), "-f", "f32le", "-"]
    return np.frombuffer(subprocess.run(cmd, check=True, capture_output=True).stdout, np.float32)


def make_interview(path: Path, w: int = 1280, h: int = 720, fps: int = 30) -> str:
    espeak = shutil.which("espeak-ng")
    if not espeak:
        return "SKIPPED: espeak-ng is not installed (apt-get install espeak-ng); existing file untouched"
    rng = np.random.default_rng(189)
    with tempfile.TemporaryDirectory() as tmpdir, atomic(path) as tmp:
        voice, onsets = speech(espeak, tmpdir)
        seconds = voice.size / SR
        room = normalise(ambience(rng, seconds), -38.0)  # a quiet room under the voice
        mix = normalise(np.vstack([voice, voice]), -18.0) + room
        pcm = f"{tmpdir}/interview.f32"
        np.ascontiguousarray(mix.T, np.float32).tofile(pcm)
        encode(tmp, pcm, bokeh(rng, w, h, round(seconds * fps)), (w, h, fps), crf=30)
    said = ", ".join(f"{t:.2f}" for t in onsets)
    return f"{w}x{h} {fps} fps H.264, AAC stereo; espeak-ng en-gb+f4 phrases starting at {said} s"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Generate the example's music, voice-over and clip.")
    media = Path(__file__).resolve().parent / "media"
    parser.add_argument("--out", type=Path, default=media, help="output folder (default: media/ here)")
    parser.add_argument("--only", nargs="*", metavar="FILE", help="make only these files (default: all)")
    out = parser.parse_args(argv).out
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    makers = {
        "music.ogg": make_music,
        "voiceover-hala.ogg": make_voice,
        "clip-cairo-runners.mp4": make_clip,
        "clip-rania-interview.mp4": make_interview,
    }
    only = parser.parse_args(argv).only
    makers = {name: make for name, make in makers.items() if not only or name in only}
    for name, make in makers.items():
        t0, note = time.perf_counter(), make(out / name)
        if not note.startswith("SKIPPED"):
            dur, lufs, tp = loudness(["-i", str(out / name)])
            size = (out / name).stat().st_size / 1000
            note = f"{size:.0f} kB, {dur:.2f} s, {lufs:.1f} LUFS, true peak {tp:.1f} dBTP; {note}"
        print(f"{name}: {note} ({time.perf_counter() - t0:.1f} s)")
    print(f"done in {time.perf_counter() - start:.1f} s, files in {out}")


if __name__ == "__main__":
    main()
