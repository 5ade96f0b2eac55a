"""The timeline's sound rows: each audio track as a waveform to scale, the music's level line
where it is ducked under the voice-over, a clip's own volume and fades (the level line, its
fades as ramps, the waveform scaled by them), and the file's name.

A waveform is a picture made with numpy (one column a pixel) from an envelope decoded off the
UI thread (:func:`takatof.ui.decode.envelope`), cached per zoom and scroll so a drag that repaints
the scene does not rebuild it. Filling a polygon of thousands of points costs ~10 ms a row.
"""

from __future__ import annotations

import math
from pathlib import PurePath
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from ..edit.timeline import clip_range, duck_gain, sound_gain
from ..render.video.plan import AudioRow, PlanSummary
from .decode import ENV_RATE  # waveform envelope bins per second of source
from .timeline_style import COLORS, LABEL_W, rgba

if TYPE_CHECKING:
    from .timeline_canvas import TimelineCanvas


class Waveforms:
    """The envelopes of a view's sound files and the pictures drawn from them."""

    def __init__(self, view: TimelineCanvas) -> None:
        self.view = view
        self.envelopes: dict[str, np.ndarray] = {}
        self._waves: dict[tuple[int, float, int, int], tuple[int, QImage]] = {}
        self._coarse_cache: dict[tuple[str, int], np.ndarray] = {}

    def set_envelope(self, source: str, envelope: np.ndarray) -> None:
        self.envelopes[source] = envelope
        self._waves.clear()
        self._coarse_cache = {k: v for k, v in self._coarse_cache.items() if k[0] != source}

    def clear(self) -> None:
        """Forget every envelope (another project)."""
        self.envelopes.clear()
        self._waves.clear()
        self._coarse_cache.clear()

    def rescaled(self) -> None:
        """The zoom or the plan changed: every picture is redrawn when next painted."""
        self._waves.clear()

    def paint_audio(self, painter: QPainter, summary: PlanSummary) -> None:
        view = self.view
        voice = [
            (float(a.start_s), float(a.start_s) + float(a.duration_s))
            for a in summary.audio
            if a.kind == "voiceover"
        ]
        for n, audio in enumerate(summary.audio):
            key = {"music": "music", "voiceover": "voiceover"}.get(audio.kind, "clip")
            top, height = view.row_box(key)
            start, duration = float(audio.start_s), float(audio.duration_s)
            if not view.visible(start, duration):
                continue
            color = COLORS["clip_audio" if key == "clip" else key]
            rect = QRectF(view.x_of(start), top + 2, duration * view.pps, height - 4)
            fill = QColor(color)
            fill.setAlpha(45)
            painter.setPen(QPen(color.darker(130), 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect, 3, 3)
            ducking = voice if audio.kind == "music" and audio.ducked else []
            wave = self.wave(n, audio, ducking, color, height - 4)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # one column a pixel
            painter.setClipRect(rect, Qt.ClipOperation.IntersectClip)
            if wave is None:
                painter.setPen(QPen(color, 1))
                middle = rect.center().y()
                painter.drawLine(QPointF(rect.left(), middle), QPointF(rect.right(), middle))
            else:
                painter.drawImage(QPointF(wave[0], top + 2), wave[1])
            painter.restore()
            label = PurePath(str(audio.source)).name + (
                "  · " + view.labels.get("ducked", "ducked") if audio.kind == "music" and audio.ducked else ""
            )
            if audio.kind == "clip" and float(audio.volume) != 1.0:  # its own volume, as a percentage
                label += f"  · {round(100 * float(audio.volume))} %"
            badge = QRectF(
                max(rect.left(), LABEL_W) + 3, top + 3, view.fonts.metrics.horizontalAdvance(label) + 8, 14
            )
            painter.fillRect(badge, QColor(0, 0, 0, 120))
            painter.setFont(view.fonts.plain)
            painter.setPen(COLORS["text"])
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)

    def wave(
        self, n: int, audio: AudioRow, ducking: list[tuple[float, float]], color: QColor, height: float
    ) -> tuple[int, QImage] | None:
        """The visible part of audio row ``n``'s waveform, and the music's level line under
        the voice-over, as a picture (from the envelope reduced to this zoom) and its x."""
        view = self.view
        envelope = self.envelopes.get(str(audio.source))
        if envelope is None or len(envelope) == 0:
            return None
        key = (n, view.pps, view.scrolled, view.viewport().width())
        if key in self._waves:
            return self._waves[key]
        start, duration = float(audio.start_s), float(audio.duration_s)
        x0 = max(LABEL_W, math.floor(view.x_of(start)))
        x1 = min(view.viewport().width(), math.ceil(view.x_of(start + duration)))
        if x1 <= x0:
            return None
        times = np.clip(
            (np.arange(x0, x1) + 0.5 - LABEL_W + view.scrolled) / view.pps, start, start + duration
        )
        per_column = max(1, math.ceil(ENV_RATE / view.pps))
        coarse = self._coarse(str(audio.source), envelope, per_column)
        source = self._audio_offset(audio) + (times - start)
        if audio.kind == "music":
            source = np.mod(source, len(envelope) / ENV_RATE)  # the bed loops under a long video
        index = np.clip((source * ENV_RATE / per_column).astype(int), 0, len(coarse) - 1)
        level = np.where(source * ENV_RATE < len(envelope), coarse[index], 0.0)
        h = max(1, int(height))
        rows = np.arange(h, dtype=np.float64)[:, None] + 0.5
        gain = duck_gain(times, ducking) if ducking else None
        sound = self._clip_sound(audio, times - start) if audio.kind == "clip" else None
        if gain is not None:
            level = level * gain
        if sound is not None:
            level = np.minimum(1.0, level * sound)
        amp = np.maximum(level * (h / 2 - 3), 0.5)
        pixels = np.zeros((h, len(times), 4), dtype=np.uint8)
        pixels[np.abs(rows - h / 2) <= amp[None, :]] = rgba(color)
        if sound is not None:  # volume 2 at the top, 1 in the middle, silence at the bottom
            self._line(pixels, rows, 3 + (1.0 - sound / 2) * (h - 8), COLORS["sound_line"])
        if gain is not None:
            ys = 3 + (1.0 - gain) * (h - 8) * 0.5
            self._line(pixels, rows, ys, COLORS["gain"])
        image = QImage(pixels.tobytes(), len(times), h, 4 * len(times), QImage.Format.Format_RGBA8888).copy()
        if len(self._waves) > 32:
            self._waves.clear()
        self._waves[key] = (x0, image)
        return self._waves[key]

    @staticmethod
    def _line(pixels: np.ndarray, rows: np.ndarray, ys: np.ndarray, color: QColor) -> None:
        """A level line through ``ys`` (one y a column), joined between columns."""
        after = np.append(ys[1:], ys[-1])
        low, high = np.minimum(ys, after) - 0.6, np.maximum(ys, after) + 0.6
        pixels[(rows >= low[None, :]) & (rows <= high[None, :])] = rgba(color)

    @staticmethod
    def _clip_sound(audio: AudioRow, times: np.ndarray) -> np.ndarray | None:
        """A clip's own level over ``times`` (from its start); None when it is as recorded."""
        volume, fade_in, fade_out = float(audio.volume), float(audio.fade_in_s), float(audio.fade_out_s)
        if volume == 1.0 and fade_in == 0.0 and fade_out == 0.0:
            return None
        return sound_gain(times, float(audio.duration_s), volume, fade_in, fade_out)

    def _coarse(self, source: str, envelope: np.ndarray, per_column: int) -> np.ndarray:
        """The envelope's peaks over ``per_column`` bins (what one pixel column shows)."""
        key = (source, per_column)
        if key not in self._coarse_cache:
            padded = np.pad(envelope, (0, (-len(envelope)) % per_column))
            self._coarse_cache[key] = padded.reshape(-1, per_column).max(axis=1)
        return self._coarse_cache[key]

    def _audio_offset(self, audio: AudioRow) -> float:
        """Where in its file an audio row starts: a clip's sound from the clip's in point."""
        if audio.kind != "clip":
            return 0.0
        for block in self.view.blocks:
            if block.row.where and audio.where and audio.where.startswith(block.row.where):
                return clip_range(block)[0]
        return 0.0
