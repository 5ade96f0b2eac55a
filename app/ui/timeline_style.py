"""The timeline canvas's measures, rows, colours and fonts: one place for what it looks like.

Painting (:mod:`takatof.ui.timeline_paint`, :mod:`takatof.ui.timeline_waves`) and hit-testing
(:mod:`takatof.ui.timeline_canvas`) both read these, so a block is hit exactly where it is drawn.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontMetrics

LABEL_W = 104  # the fixed column of track names
RULER_H = 26
LANE_H = 44  # each of the two video lanes (A/B roll: cross-fades show as overlaps)
VIDEO_H = 2 * LANE_H + 4
CAPTION_H = 30
AUDIO_H = 46
CLIP_AUDIO_H = 32
GAP = 2
EDGE_PX = 6  # how near a block's edge the resize/trim handle reaches
MARK_PX = 14  # a transition marker, between the lanes at the cut
DRAG_START_PX = 4
MIN_PPS, MAX_PPS = 4.0, 400.0  # pixels per second

# (row key, label); the labels are translated by the panel through ``row_labels``.
ROWS: tuple[tuple[str, int], ...] = (
    ("video", VIDEO_H),
    ("captions1", CAPTION_H),  # the video's first language (on top in the video)
    ("captions2", CAPTION_H),  # its second, when it has one
    ("music", AUDIO_H),
    ("voiceover", AUDIO_H),
    ("clip", CLIP_AUDIO_H),
)

COLORS = {
    "background": QColor("#1b1d21"),
    "row": QColor("#23262b"),
    "row_alt": QColor("#202328"),
    "labels": QColor("#2b2f36"),
    "label_text": QColor("#c9ced6"),
    "ruler": QColor("#2e323a"),
    "tick": QColor("#7d8590"),
    "tick_text": QColor("#aeb5bf"),
    "title": QColor("#6b5bb8"),
    "photo": QColor("#2d7a68"),
    "clip": QColor("#3569a6"),
    "stat": QColor("#b7832a"),
    "closing": QColor("#8c4a7b"),
    "media": QColor("#4d6a7a"),
    "caption": QColor("#3b4250"),
    "caption_text": QColor("#eef1f5"),
    "music": QColor("#43b581"),
    "voiceover": QColor("#e0a93b"),
    "clip_audio": QColor("#5b93dd"),
    "gain": QColor("#ffd866"),
    "selected": QColor("#ffd24d"),
    "playhead": QColor("#ff4f4f"),
    "insert": QColor("#ffd24d"),
    "drop": QColor(255, 210, 77, 50),
    "text": QColor("#ffffff"),
    "dim_text": QColor(255, 255, 255, 170),
    "mark": QColor("#1b1d21"),
    "mark_edge": QColor("#e8ebef"),
    "cue_selected": QColor("#5a5230"),
    "sound_line": QColor("#9fd0ff"),
}

TRANSITION_MARKS = {
    "cut": "|",
    "crossfade": "⨯",
    "dip-black": "●",
    "dip-white": "○",
}
"""The glyph on a transition marker, one per kind (its tooltip names it)."""

ROW_COLORS = {
    "video": "photo",
    "captions1": "caption",
    "captions2": "caption",
    "music": "music",
    "voiceover": "voiceover",
    "clip": "clip_audio",
}

MOTION_MARKS = {
    "zoom-in": "⊕",
    "zoom-out": "⊖",
    "pan-left": "←",
    "pan-right": "→",
    "pan-up": "↑",
    "pan-down": "↓",
    "still": "■",
}


CAPTION_ROWS = ("captions1", "captions2")
"""The caption rows, one per language of the video (an output prints one or two)."""


def row_boxes() -> dict[str, tuple[float, float]]:
    """(top, height) of every track row, below the ruler."""
    boxes: dict[str, tuple[float, float]] = {}
    y = RULER_H + GAP
    for key, height in ROWS:
        boxes[key] = (y, height)
        y += height + GAP
    return boxes


class Fonts:
    """The canvas's fonts and their metrics, made once per view (a QFont needs the app)."""

    def __init__(self) -> None:
        self.plain = QFont(["Noto Sans", "DejaVu Sans"], 8)
        self.bold = QFont(self.plain)
        self.bold.setBold(True)
        self.rtl = QFont(["Noto Sans Arabic", "Noto Sans", "DejaVu Sans"], 9)  # Arabic, Urdu, Hebrew…
        self.ltr = QFont(["Noto Sans", "DejaVu Sans"], 8)
        self.metrics, self.bold_metrics = QFontMetrics(self.plain), QFontMetrics(self.bold)


def rgba(color: QColor) -> tuple[int, int, int, int]:
    """A colour's four channels as numpy pixel values."""
    return color.red(), color.green(), color.blue(), color.alpha()
