"""Decoding for the Studio's pictures of media: a clip's frame and a sound's peak envelope.

The timeline's filmstrips and waveforms and the media fields' thumbnails read the same
files; they decode them here, once per file version (cached), off the UI thread (callers run
these on their thread pools). No Qt: these return Pillow images and numpy arrays.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from PIL import Image

from ..model.filecache import per_file_version
from ..render.video.compositor import clip_rgb
from ..render.video.probe import clip_colour

ENV_RATE = 100  # envelope bins per second of sound
MAX_AUDIO_S = 30 * 60  # a waveform reads at most this much of a file


def frame_at(path: Path, at: float = 0.0) -> Image.Image:
    """The first frame shown at ``at`` seconds into a video, in the colours the render gives
    it (an HDR clip tone-mapped, an untagged one read with the matrix of its size: the
    preview's :func:`~takatof.render.video.compositor.clip_rgb`), so a filmstrip never shows
    a phone's HDR clip grey while the video shows it right."""
    with av.open(str(path), metadata_errors="replace") as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if at > 0 and stream.time_base:
            container.seek(int(at / stream.time_base), stream=stream, backward=True)
        last = None
        for frame in container.decode(stream):
            last = frame
            if frame.time is None or frame.time >= at - 0.02:
                break
        if last is None:
            raise ValueError("no picture")
        return Image.fromarray(clip_rgb(last, clip_colour(path)))


def envelope(path: Path) -> np.ndarray:
    """Peak level (0..1 of the file's own loudest peak) per 1/ENV_RATE s of a sound, cached
    by file version: what the waveform draws at any zoom."""
    return _envelope(path)


@per_file_version(maxsize=32)
def _envelope(path: Path) -> np.ndarray:
    rate = 8000
    hop = rate // ENV_RATE
    peaks: list[np.ndarray] = []
    carry = np.zeros(0, dtype=np.float32)
    with av.open(str(path), metadata_errors="replace") as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        read = 0
        for packet_frame in container.decode(stream):
            for frame in resampler.resample(packet_frame):
                samples = np.abs(frame.to_ndarray().reshape(-1))
                samples = np.concatenate([carry, samples])
                whole = len(samples) // hop * hop
                peaks.append(samples[:whole].reshape(-1, hop).max(axis=1))
                carry = samples[whole:]
                read += frame.samples
            if read > MAX_AUDIO_S * rate:
                break
    if len(carry):
        peaks.append(np.array([carry.max()], dtype=np.float32))
    levels = np.concatenate(peaks) if peaks else np.zeros(0, dtype=np.float32)
    top = float(levels.max()) if len(levels) else 0.0
    result: np.ndarray = (levels / top if top > 1e-6 else levels).astype(np.float32)
    return result
