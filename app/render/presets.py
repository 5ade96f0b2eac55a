"""Platform presets: pixel sizes, the margins each platform's UI covers, and file limits.

Sources: Meta, X, LinkedIn, YouTube and TikTok developer and help pages (see DESIGN.md,
"Platform facts"). Safe insets are what the platform's own interface draws over; every card
also keeps a design margin inside them.

Limits: ``max_bytes`` is a card image's; a preset that makes videos also records the largest
video file and the longest video its platform takes (:class:`VideoLimits`). Where a platform
states different limits for different ways in (app, web, API), the strictest is kept, so the
file is accepted however a team uploads it (a scheduler uses the API). Video sizes are
decimal (1 MB = 1,000,000 bytes): platforms write "16 MB" without saying which, and the
decimal reading is the smaller one, so a file within it is within both.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from math import gcd
from typing import Literal

from ..model.platform_rules import platform_for, rules
from ..templates.layers import Canvas, Insets

MB = 1024 * 1024  # card limits (image bytes), as they always were
VIDEO_MB = 1000 * 1000
VIDEO_GB = 1000 * VIDEO_MB


@dataclass(frozen=True)
class VideoLimits:
    """The largest video file and the longest video one platform takes, and where that comes from."""

    max_bytes: int
    max_s: float
    source: str = ""
    by: str = ""  # whose limit this is, where the preset serves several platforms


def megabytes(size: int) -> str:
    """A size as people read limits: "16 MB", "17.2 MB", "4 GB" (decimal units, see above)."""
    if size >= VIDEO_GB:
        return f"{size / VIDEO_GB:.3g} GB"
    if size >= VIDEO_MB:
        return f"{size / VIDEO_MB:.3g} MB"
    return f"{size / 1000:.3g} kB"


def seconds(length: float) -> str:
    """A duration as people read limits: "60 s", "140 s", "75.4 s", "3 min", "15 min"."""
    whole = round(length)
    if abs(length - whole) > 1e-6:
        return f"{length:.1f} s"
    if whole <= 150 or whole % 60:
        return f"{whole} s"
    return f"{whole // 60} min"


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
    video: VideoLimits | None = None  # set exactly when the preset makes videos
    # The width, in CSS pixels, at which the platform shows the picture where most people
    # see it (a phone's feed, a story full screen, a thumbnail grid): text is sized for it.
    shown: int = 0
    shown_where: str = ""
    layout: str = ""  # the card layout its shape asks for by default (empty: the template's)

    def __post_init__(self) -> None:
        if (self.video is None) != (self.kind == "card"):
            raise ValueError(f"preset {self.id}: a preset that makes videos records their limits")

    @property
    def label(self) -> str:
        """How people name the destination: "WhatsApp Status", "Instagram Story"."""
        return f"{self.platform} {self.name}"

    @property
    def limited_by(self) -> str:
        """The destination as a limit names it: its label, and whose limit it is when the
        preset serves several platforms ("… (X's limit, the strictest of …)")."""
        by = self.video.by if self.video is not None else ""
        return f"{self.label} ({by})" if by else self.label

    @property
    def aspect(self) -> str:
        g = gcd(self.width, self.height)
        w, h = self.width // g, self.height // g
        return f"{w}:{h}" if max(w, h) <= 32 else f"{self.width / self.height:.2f}:1"

    @property
    def seen(self) -> float:
        """The scale people see the picture at (1.0 when the preset does not say)."""
        return min(1.0, self.shown / self.width) if self.shown else 1.0

    def card_canvas(self) -> Canvas:
        """The canvas a card is drawn on: :meth:`canvas`, knowing the size it is seen at, so
        that no text is smaller than people can read there (``Canvas.min_text_px``)."""
        return replace(self.canvas(), seen=self.seen)

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


# Video limits. Each names its source; "assumed" marks a number a platform does not publish.
# Instagram Graph API content publishing (Reels; a feed video is published as a Reel):
# at most 300 MB and 15 min.
_IG_REELS = VideoLimits(300 * VIDEO_MB, 15 * 60, "Instagram Graph API, Reels: 300 MB, 3 s to 15 min")
# Instagram Graph API, Stories: at most 100 MB and 60 s (the app cuts longer ones into parts;
# one file is one story).
_IG_STORY = VideoLimits(100 * VIDEO_MB, 60, "Instagram Graph API, Stories: 100 MB, 3 to 60 s")
# Facebook Stories: 60 s a story (DESIGN.md); Meta's ads guide gives 4 GB for a Stories video,
# and the Pages API names no size: assumed 4 GB.
_FB_STORY = VideoLimits(4 * VIDEO_GB, 60, "Meta Stories: up to 60 s; 4 GB (Meta ads guide; assumed)")
# YouTube Shorts: up to 3 min (since October 2024); YouTube's upload limit is 256 GB.
_SHORTS = VideoLimits(256 * VIDEO_GB, 3 * 60, "YouTube Help: Shorts up to 3 min; uploads up to 256 GB")
# TikTok Content Posting API: at most 4 GB; uploads up to 10 min (the API allows each
# creator's own maximum, which is at most that).
_TIKTOK_VIDEO = VideoLimits(4 * VIDEO_GB, 10 * 60, "TikTok Content Posting API: 4 GB; uploads up to 10 min")
# WhatsApp: media messages and status updates take at most 16 MB; a status video is at most
# 60 s (the app splits a longer one into several statuses, re-encoding each): one file is
# one status.
_WHATSAPP = VideoLimits(16 * VIDEO_MB, 60, "WhatsApp Help: 16 MB media; a status video is at most 60 s")
# The one 16:9 video serves YouTube, X, LinkedIn and Facebook, so it keeps the strictest of
# theirs: X's media upload takes at most 512 MB and 2 min 20 s (140 s) for most accounts
# (LinkedIn: 5 GB and 15 min; Facebook: 10 GB and 240 min; YouTube: 256 GB and 12 h).
_LANDSCAPE = VideoLimits(
    512 * VIDEO_MB,
    140,
    "X media upload: 512 MB, 140 s (strictest of YouTube, X, LinkedIn, Facebook)",
    by="X's limit, the strictest of the four platforms this one file serves",
)


def _full_screen(
    preset_id: str, platform: str, name: str, ui: Insets, video: VideoLimits, note: str = ""
) -> Preset:
    """A 9:16 full-screen preset (stories, reels, shorts): 1080x1920 under 8 MB, for cards and
    videos alike; platforms differ in what their interface covers and in their video limits."""
    return Preset(preset_id, platform, name, 1080, 1920, 8 * MB, ui, "both", note, video)


_PRESETS: tuple[Preset, ...] = (
    Preset("instagram-square", "Instagram", "Feed square", 1080, 1080, 8 * MB, kind="both", video=_IG_REELS),
    Preset(
        "instagram-portrait",
        "Instagram",
        "Feed portrait 4:5",
        1080,
        1350,
        8 * MB,
        kind="both",
        video=_IG_REELS,
    ),
    Preset("instagram-landscape", "Instagram", "Feed landscape 1.91:1", 1080, 566, 8 * MB),
    # 3:4, the shape of Instagram's profile grid since January 2025; a carousel's first slide
    # sets every slide's shape.
    Preset("instagram-3x4", "Instagram", "Feed portrait 3:4", 1080, 1440, 8 * MB),
    _full_screen(
        "instagram-story",
        "Instagram",
        "Story",
        _STORY,
        _IG_STORY,
        "text kept out of the top 14% and bottom 20%",
    ),
    _full_screen(
        "instagram-reels",
        "Instagram",
        "Reels cover",
        _REELS,
        _IG_REELS,
        "Reels UI covers about 35% of the bottom and 6% of the sides",
    ),
    _full_screen("facebook-story", "Facebook", "Story", _STORY, _FB_STORY),
    Preset("facebook-link", "Facebook", "Link share", 1200, 630, 8 * MB),
    Preset("x-image", "X", "In-stream image 16:9", 1200, 675, 5 * MB),
    Preset("x-card", "X", "Summary large card 2:1", 1200, 600, 5 * MB),
    Preset("linkedin-post", "LinkedIn", "Post / link", 1200, 627, 5 * MB),
    # A document (PDF) or multi-image carousel: 4:5 pages fill a phone's feed as on Instagram.
    Preset("linkedin-document", "LinkedIn", "Document / carousel 4:5", 1080, 1350, 5 * MB),
    Preset("youtube-thumbnail", "YouTube", "Thumbnail", 1280, 720, 2 * MB, layout="thumbnail"),
    _full_screen("youtube-shorts", "YouTube", "Shorts", _TIKTOK, _SHORTS),
    _full_screen(
        "tiktok",
        "TikTok",
        "Video / photo",
        _TIKTOK,
        _TIKTOK_VIDEO,
        "TikTok UI covers about top 150, bottom 440, right 150 px",
    ),
    _full_screen("whatsapp-status", "WhatsApp", "Status", _STORY, _WHATSAPP),
    Preset("threads", "Threads", "Post 4:5", 1080, 1350, 8 * MB),
    Preset(
        "youtube-video",
        "YouTube",
        "Video 16:9 (also X, LinkedIn, Facebook)",
        1920,
        1080,
        8 * MB,  # no card is made in this shape
        kind="video",
        video=_LANDSCAPE,
    ),
)

# Where each picture is seen, as a width in CSS pixels. Phones are 360-430 px wide (375 px is
# the common size web and app layouts are designed for); a feed post or a full-screen story
# spans that width. Desktop link cards are shown about 500-550 px wide in the X, Facebook and
# LinkedIn feeds (their web timelines are 598, 500 and 555 px columns with margins). A YouTube
# thumbnail is judged at the size of the home and search grids, about 320 px (the issue's
# 320x180). A preset that makes only videos has none (no card is made in its shape).
_PHONE = 375
SHOWN: dict[str, tuple[int, str]] = {
    "instagram-square": (_PHONE, "the Instagram feed on a phone"),
    "instagram-portrait": (_PHONE, "the Instagram feed on a phone"),
    "instagram-landscape": (_PHONE, "the Instagram feed on a phone"),
    "instagram-3x4": (_PHONE, "the Instagram feed on a phone"),
    "instagram-story": (_PHONE, "a story, full screen on a phone"),
    "instagram-reels": (_PHONE, "a reel, full screen on a phone"),
    "facebook-story": (_PHONE, "a story, full screen on a phone"),
    "facebook-link": (500, "a link preview in the Facebook feed"),
    "x-image": (506, "an image in the X timeline"),
    "x-card": (506, "a link card in the X timeline"),
    "linkedin-post": (552, "a link preview in the LinkedIn feed"),
    "linkedin-document": (_PHONE, "a document carousel in the LinkedIn feed on a phone"),
    "youtube-thumbnail": (320, "the YouTube home and search grids"),
    "youtube-shorts": (_PHONE, "a short, full screen on a phone"),
    "tiktok": (_PHONE, "full screen on a phone"),
    "whatsapp-status": (_PHONE, "a status, full screen on a phone"),
    "threads": (_PHONE, "the Threads feed on a phone"),
}
PRESETS: tuple[Preset, ...] = tuple(
    replace(p, shown=SHOWN[p.id][0], shown_where=SHOWN[p.id][1]) if p.id in SHOWN else p for p in _PRESETS
)

_BY_ID = {p.id: p for p in PRESETS}


def get_preset(preset_id: str) -> Preset:
    return _BY_ID[preset_id]


def preset_ids(kind: Literal["card", "video"] | None = None) -> list[str]:
    return [p.id for p in PRESETS if kind is None or p.kind in (kind, "both")]


# Carousels: how many slides (images, or a document's pages) one post may hold, per platform.
# The numbers and their sources live in one table, takatof.model.platform_rules (max_slides,
# slides_source), which the posts' validation and the Studio read too. As for video limits,
# where the app and the API differ the strictest is kept there, since a team that schedules
# posts goes through the API: Instagram's Graph API takes 2 to 10 items (the app 20), Threads
# 20, TikTok's photo mode 35, LinkedIn's multi-image post 20 (a document post takes 300 pages,
# so the slides' PDF is well within it).

# The presets a carousel is made at, in the order `takatof presets` and the Studio offer them:
# Instagram's three feed shapes (1:1, 4:5, 3:4), Threads, LinkedIn's document carousel, and
# TikTok's photo mode (9:16, its video preset's interface insets).
_CAROUSEL_PRESETS = (
    "instagram-square",
    "instagram-portrait",
    "instagram-3x4",
    "threads",
    "linkedin-document",
    "tiktok",
)


def carousel_preset_ids() -> list[str]:
    """The presets a carousel may name (each has a slide limit, :func:`slide_limit`)."""
    return list(_CAROUSEL_PRESETS)


def slide_limit(preset_id: str) -> tuple[int, str]:
    """The most slides a carousel at ``preset_id`` may have, and its platform and source
    ("Instagram Graph API content publishing: ..."). A preset that is not a carousel preset
    is a KeyError naming the ones that are."""
    if preset_id not in _CAROUSEL_PRESETS:
        raise KeyError(
            f"{preset_id!r} is not a carousel preset (carousel presets: {', '.join(_CAROUSEL_PRESETS)})"
        )
    platform = platform_for(get_preset(preset_id).platform)
    limit = rules(platform) if platform is not None else None
    if limit is None or limit.max_slides is None:  # a carousel preset on a platform without carousels
        raise KeyError(f"{preset_id!r}: its platform's rules give no slide limit")
    return limit.max_slides, limit.slides_source


# Where an asset of each preset is posted, as platform ids of the rules table
# (takatof.model.platform_rules): a post is written for each. A feed, reel, short, TikTok,
# Threads or link preset is posted to its own platform. The one 16:9 video serves YouTube, X,
# LinkedIn and Facebook (its preset's name says so), so it is posted to all four. Stories and
# a WhatsApp status take no caption (what a story says is on the picture), and a YouTube
# thumbnail is uploaded with its video, whose post carries the words: none of these has a post.
_POSTED_TO: dict[str, tuple[str, ...]] = {
    "youtube-video": ("youtube", "x", "linkedin", "facebook"),
    "instagram-story": (),
    "facebook-story": (),
    "whatsapp-status": (),
    "youtube-thumbnail": (),
}


def post_platforms(preset_id: str) -> tuple[str, ...]:
    """The platforms (rules ids) an asset made at ``preset_id`` is posted to, each taking a
    post: the preset's own platform unless the table above says otherwise; () when it takes
    no post. KeyError for an unknown preset."""
    preset = get_preset(preset_id)
    if preset_id in _POSTED_TO:
        return _POSTED_TO[preset_id]
    own = platform_for(preset.platform)
    return (own,) if own is not None else ()
