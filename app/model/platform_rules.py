"""Each platform's rules for a post: how long its text may be and how that length is counted,
how many hashtags and mentions it takes, what it does with links, how many slides a carousel
holds. One table, read by validation, the renderer and the Studio, so they never disagree.

The numbers were checked in December 2026; each row's ``source`` says where each number comes
from, and marks as *assumed* a number no platform publishes. Where a platform states different
limits for different ways in (app, web, API), the strictest is kept: a team that schedules
goes through a scheduler, and a scheduler goes through the API.

How a length is counted (``counting``):

- ``x-weighted``: X's weighted count (twitter-text's configuration v3, see
  :func:`takatof.model.post_text.weighted_length`).
- ``utf16``: UTF-16 code units, what a JavaScript ``length`` gives and what the platforms' web
  composers count with; an emoji counts 2 or more. Where a platform does not say how it counts,
  this one is used: it is never less than the code points or the graphemes, so a post that fits
  it fits however the platform counts.
- ``utf8``: bytes of UTF-8 (YouTube's description: "5000 bytes"; an Arabic letter is 2).
- ``emoji-bytes``: Threads: characters, but "emojis are counted as the number of UTF-8 bytes".
- ``graphemes``: user-perceived characters (kept for platforms that count what people see).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Counting = Literal["graphemes", "x-weighted", "utf16", "utf8", "emoji-bytes"]
Links = Literal["clickable", "shortened", "not-clickable"]


@dataclass(frozen=True)
class PlatformRules:
    """One platform's rules, each number with where it comes from."""

    id: str  # "instagram", "x", ... (the project file's PostPlatform)
    name: str  # "Instagram", as presets name the platform
    max_chars: int  # the post text's limit, counted as ``counting`` says
    counting: Counting
    max_hashtags: int | None  # None: no stated limit
    max_mentions: int | None
    links: Links  # clickable; shortened (X: every URL counts ``url_length``); not-clickable (Instagram)
    url_length: int | None  # what one URL counts for (X: 23)
    max_slides: int | None  # a carousel's most slides (None: no carousels)
    first_comment: bool  # a first comment can be scheduled with the post
    source: str  # where the numbers come from (URLs, dates checked)
    max_links: int | None = None  # the most links one post may carry (Threads: 5); None: no stated limit
    slides_source: str = ""  # ``max_slides``'s source in a few words, for a message that cites it


# The table, in the order the project file's PostPlatform lists the platforms.
_RULES: tuple[PlatformRules, ...] = (
    PlatformRules(
        id="instagram",
        name="Instagram",
        max_chars=2200,
        counting="utf16",
        max_hashtags=5,
        max_mentions=20,
        links="not-clickable",
        url_length=None,
        max_slides=10,
        first_comment=True,
        slides_source="Instagram Graph API content publishing: 2 to 10 items a carousel (the app takes 20)",
        source=(
            "Instagram Graph API, POST /{ig-user-id}/media (developers.facebook.com/docs/"
            "instagram-platform/instagram-graph-api/reference/ig-user/media): caption 'Maximum 2200 "
            "characters, 30 hashtags, and 20 @ tags'; hashtags: 5 a post or reel since December 2025 "
            "(Adam Mosseri and @creators, 18-19 December 2025; the issue), stricter than the API's 30; "
            "links in a caption are not clickable (Ayrshare's Instagram API notes: 'Hashtags are "
            "clickable in Instagram posts, but links are not'); counted in UTF-16 units (counters: "
            "'most emojis count as 2 characters'; assumed, Meta does not say); carousel: the Graph "
            "API's content publishing takes 2 to 10 items (the app takes 20); first comment: "
            "schedulers publish one (Blotato, Buffer, Meta Business Suite)"
        ),
    ),
    PlatformRules(
        id="facebook",
        name="Facebook",
        max_chars=63206,
        counting="utf16",
        max_hashtags=None,
        max_mentions=None,
        links="clickable",
        url_length=None,
        max_slides=None,
        first_comment=True,
        source=(
            "Facebook Page post: 63,206 characters (the composer's long-standing limit, as character "
            "counters and schedulers give it; Meta publishes no number: assumed), counted in UTF-16 "
            "units (assumed); no stated hashtag or mention limit; links clickable with a preview; no "
            "carousel preset in Takatof; first comment: schedulers publish one (Blotato: 'First "
            "Comments work on Facebook posts and reels')"
        ),
    ),
    PlatformRules(
        id="x",
        name="X",
        max_chars=280,
        counting="x-weighted",
        max_hashtags=None,
        max_mentions=None,
        links="shortened",
        url_length=23,
        max_slides=4,
        first_comment=False,
        slides_source="X: up to 4 images a post",
        source=(
            "X Developer Platform, 'Counting characters' (docs.x.com/fundamentals/counting-characters): "
            "280 weighted characters, NFC; code points in U+0000-10FF, U+2000-200D, U+2010-201F, "
            "U+2032-2037 count 1, others 2; 'All emojis count as 2 characters, regardless of "
            "complexity'; 'All URLs are wrapped with t.co ... and count as 23 characters' "
            "(twitter-text config v3: transformedURLLength 23, maxWeightedTweetLength 280); no "
            "hashtag or mention limit; up to 4 images a post; a reply is not a first comment "
            "(schedulers post threads instead)"
        ),
    ),
    PlatformRules(
        id="linkedin",
        name="LinkedIn",
        max_chars=3000,
        counting="utf16",
        max_hashtags=None,
        max_mentions=None,
        links="clickable",
        url_length=None,
        max_slides=20,
        first_comment=True,
        slides_source="LinkedIn multi-image post: up to 20 images (a document post: 300 pages)",
        source=(
            "LinkedIn post commentary: 3,000 characters (Ayrshare's LinkedIn API notes: 'The post "
            "field accepts up to 3,000 characters'; PostSyncer: 'The text takes 3,000 characters'), "
            "counted in UTF-16 units (assumed); no stated hashtag or mention limit; links clickable "
            "with a preview; carousel: a multi-image post takes up to 20 images (LinkedIn Posts API, "
            "MultiImage; a document post up to 300 pages); first comment: schedulers publish one "
            "(PostSyncer: 'A first comment ... is a comment under the post')"
        ),
    ),
    PlatformRules(
        id="threads",
        name="Threads",
        max_chars=500,
        counting="emoji-bytes",
        max_hashtags=1,
        max_mentions=None,
        links="clickable",
        url_length=None,
        max_slides=20,
        first_comment=False,
        max_links=5,
        slides_source="Threads API and app: up to 20 images a carousel",
        source=(
            "Threads API, Posts (developers.facebook.com/documentation/threads/posts): 'Text posts "
            "are limited to 500 characters. Emojis are counted as the number of UTF-8 bytes'; one "
            "topic tag a post (Ayrshare's Threads API notes: 'Threads only allows 1 hashtag per "
            "post'); more than 5 links fail since 22 December 2025 "
            "(THREADS_API__LINK_LIMIT_EXCEEDED, Threads API text attachments); carousel: 2 to 20 "
            "items; replies are posts of their own, not a scheduled first comment"
        ),
    ),
    PlatformRules(
        id="tiktok",
        name="TikTok",
        max_chars=2200,
        counting="utf16",
        max_hashtags=None,
        max_mentions=None,
        links="not-clickable",
        url_length=None,
        max_slides=35,
        first_comment=False,
        slides_source="TikTok photo mode: up to 35 photos a post",
        source=(
            "TikTok Content Posting API: a video's caption (post_info.title) up to 2,200 UTF-16 "
            "runes (a photo post's description takes 4,000, its title 90), as Ayrshare, PostSyncer "
            "and Zernio give it; links in captions are not clickable (assumed, as TikTok shows "
            "them as text); photo mode: up to 35 photos a post; 'TikTok has no threads and no "
            "first comment' (PostSyncer)"
        ),
    ),
    PlatformRules(
        id="youtube",
        name="YouTube",
        max_chars=5000,
        counting="utf8",
        max_hashtags=15,
        max_mentions=None,
        links="clickable",
        url_length=None,
        max_slides=None,
        first_comment=False,
        source=(
            "YouTube Data API, videos resource: snippet.description 'has a maximum length of 5000 "
            "bytes' (UTF-8); hashtags: YouTube Help 'Use hashtags for video search' (answer 6390658) "
            "ignores all of a video's hashtags past 60, and its policy since 2018 past 15 (the "
            "stricter 15 is kept); links clickable in a description; a comment needs the video "
            "published first, so none is scheduled with it"
        ),
    ),
    PlatformRules(
        id="whatsapp",
        name="WhatsApp",
        max_chars=1024,
        counting="utf16",
        max_hashtags=None,
        max_mentions=None,
        links="clickable",
        url_length=None,
        max_slides=None,
        first_comment=False,
        source=(
            "WhatsApp Business Platform, image and video messages "
            "(developers.facebook.com/documentation/business-messaging/whatsapp/messages/"
            "image-messages): caption 'Maximum 1024 characters' (counted in UTF-16 units: "
            "assumed); no hashtags or mentions in WhatsApp's sense; links clickable; a message "
            "has no comments. A status takes no caption (presets.post_platforms)"
        ),
    ),
)

_BY_ID: dict[str, PlatformRules] = {rule.id: rule for rule in _RULES}
# A preset's platform name -> its rules id. Every platform a preset names has a row; the
# presets that take no post of their own (a thumbnail, a story) say so in presets.post_platforms.
_BY_NAME: dict[str, str] = {rule.name: rule.id for rule in _RULES}


def rules(platform: str) -> PlatformRules:
    """The rules of ``platform`` (an id: "instagram", "x"); KeyError for an unknown one."""
    try:
        return _BY_ID[platform]
    except KeyError:
        raise KeyError(f"{platform!r} is not a platform (platforms: {', '.join(_BY_ID)})") from None


def platform_ids() -> tuple[str, ...]:
    """Every platform id the table knows, in the table's order."""
    return tuple(_BY_ID)


def platform_for(preset_platform: str) -> str | None:
    """The rules id for a preset's platform name ("Instagram" -> "instagram"); None when the
    platform takes no post (a YouTube thumbnail has none of its own)."""
    return _BY_NAME.get(preset_platform)
