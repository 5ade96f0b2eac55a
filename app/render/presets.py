"""Platform presets: pixel sizes, the margins each platform's UI covers, and file limits.

Sources: Meta, X, LinkedIn, YouTube and TikTok developer and help pages (see DESIGN.md,
"Platform facts"). Safe insets are what the platform's own interface draws over; every card
also keeps a design margin inside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import gcd
from typing import Literal

from ..templates.layers import Canvas, Insets

MB = 1024 * 1024


@dataclass(frozen=True)
class Preset:
    id: str
    platform: str
    name: str
    width: int
    height: int
    max_bytes: int
    ui: Insets = Insets()
    kind: Literal["card", "video", "both"] = "card"
    note: str = ""

    @property
    def aspect(self) -> str:
        g = gcd(self.width, self.height)
        w, h = self.width // g, self.height // g
        return f"{w}:{h}" if max(w, h) <= 32 else f"{self.width / self.height:.2f}:1"

    def canvas(self) -> Canvas:
        """The canvas templates draw on: UI insets, never less than a 5% design margin."""
        m = round(min(self.width, self.height) * 0.05)
        ui = self.ui
        return Canvas(
            self.width,
            self.height,
            Insets(max(ui.top, m), max(ui.right, m), max(ui.bottom, m), max(ui.left, m)),
        )


# Stories: keep text out of the top 14% and bottom 20% of 1920 px.
_STORY = Insets(top=269, bottom=384)
# Reels: the UI covers about 35% of the bottom and 6% of each side.
_REELS = Insets(top=269, right=65, bottom=672, left=65)
# TikTok / Shorts: roughly top 150, bottom 440, right 150 px.
_TIKTOK = Insets(top=150, right=150, bottom=440)


def _full_screen(preset_id: str, platform: str, name: str, ui: Insets, note: str = "") -> Preset:
    """A 9:16 full-screen preset (stories, reels, shorts): 1080x1920 under 8 MB, for cards and
    videos alike; platforms differ only in what their interface covers."""
    return Preset(preset_id, platform, name, 1080, 1920, 8 * MB, ui, "both", note)


PRESETS: tuple[Preset, ...] = (
    Preset("instagram-square", "Instagram", "Feed square", 1080, 1080, 8 * MB, kind="both"),
    Preset("instagram-portrait", "Instagram", "Feed portrait 4:5", 1080, 1350, 8 * MB, kind="both"),
    Preset("instagram-landscape", "Instagram", "Feed landscape 1.91:1", 1080, 566, 8 * MB),
    _full_screen(
        "instagram-story", "Instagram", "Story", _STORY, "text kept out of the top 14% and bottom 20%"
    ),
    _full_screen(
        "instagram-reels",
        "Instagram",
        "Reels cover",
        _REELS,
        "Reels UI covers about 35% of the bottom and 6% of the sides",
    ),
    _full_screen("facebook-story", "Facebook", "Story", _STORY),
    Preset("facebook-link", "Facebook", "Link share", 1200, 630, 8 * MB),
    Preset("x-image", "X", "In-stream image 16:9", 1200, 675, 5 * MB),
    Preset("x-card", "X", "Summary large card 2:1", 1200, 600, 5 * MB),
    Preset("linkedin-post", "LinkedIn", "Post / link", 1200, 627, 5 * MB),
    Preset("youtube-thumbnail", "YouTube", "Thumbnail", 1280, 720, 2 * MB),
    _full_screen("youtube-shorts", "YouTube", "Shorts", _TIKTOK),
    _full_screen(
        "tiktok",
        "TikTok",
        "Video / photo",
        _TIKTOK,
        "TikTok UI covers about top 150, bottom 440, right 150 px",
    ),
    _full_screen("whatsapp-status", "WhatsApp", "Status", _STORY),
    Preset("threads", "Threads", "Post 4:5", 1080, 1350, 8 * MB),
    Preset(
        "youtube-video",
        "YouTube",
        "Video 16:9 (also X, LinkedIn, Facebook)",
        1920,
        1080,
        256 * MB,
        kind="video",
    ),
)

_BY_ID = {p.id: p for p in PRESETS}


def get_preset(preset_id: str) -> Preset:
    return _BY_ID[preset_id]


def preset_ids(kind: Literal["card", "video"] | None = None) -> list[str]:
    return [p.id for p in PRESETS if kind is None or p.kind in (kind, "both")]
