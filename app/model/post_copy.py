"""The copy of each asset's posts: a post template (the project's, else the default that ships
with the asset's template) filled with the subject's fields in the post's language, then fitted
to its platform's rules — shortened only where the template marks a part optional
(``{story?}``, ``{hashtags?}``), otherwise the post fails with the numbers.

Pure: campaign data in, posts out; the renderer adds the asset's files, the Studio shows them.

(Skeleton: filled by the copy work; the types and functions below are the agreed interface.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .campaign import Campaign


@dataclass(frozen=True)
class Asset:
    """One output a post goes with, as the post needs it (built from a render job by
    takatof.render.kit.assets)."""

    id: str  # "hala/quote-instagram-post": its folder and file stem, unique in the campaign
    kind: str  # the job kind: card, video, reel, carousel, animated, film
    template: str  # the asset template: quote, stat, spotlight, goal, story, reel, ...
    variant: str  # the output's own id (a reel's, a carousel's, a film's); "" if none
    preset: str  # the preset id: instagram-post
    platforms: tuple[str, ...]  # the platform ids it is posted to (rules ids; may be empty)
    subject: str | None  # a person or spotlight id; None: campaign-wide
    subjects: tuple[str, ...]  # the subjects of a group card, carousel or reel, in order
    languages: tuple[str, ...]  # the languages it prints: one post per language
    output_path: str  # its output's JSON path in the project: "outputs.cards[2]"
    paths: tuple[str, ...] = ()  # its files relative to the output folder (a carousel: its slides)
    alt: dict[str, str] = field(default_factory=dict)  # its alt text per language, when written


@dataclass(frozen=True)
class Post:
    """One post: an asset on one platform in one language, its copy fitted to the platform."""

    id: str  # "<asset id>/<platform>/<lang>"
    asset: Asset
    platform: str
    lang: str
    text: str  # the caption, ready to paste ("" when it failed)
    hashtags: tuple[str, ...]  # the hashtags it carries, in order
    mentions: tuple[str, ...]  # the @mentions it carries, in order
    first_comment: str  # "" when none
    link: str  # the link it carries ("" when none)
    alt: str  # the asset's alt text in this language ("" when none)
    length: int  # the text's length as the platform counts it
    limit: int  # the platform's limit
    shortened: tuple[str, ...]  # what was shortened or dropped to fit, said for a person
    template: str  # where its copy came from: "publishing.templates[1].text.ar", or "default quote"
    error: str | None = None  # why it cannot be posted: the path, the platform, the count, the limit


# Placeholder name -> what it holds; a template may use only these (validation says so).
PLACEHOLDERS: dict[str, str] = {}


def compose(campaign: Campaign, asset: Asset, platform: str, lang: str) -> Post:
    """The post of ``asset`` on ``platform`` in ``lang``."""
    raise NotImplementedError


def posts_for(campaign: Campaign, asset: Asset) -> list[Post]:
    """Every post of ``asset``: each of its platforms (those ``publishing.platforms`` keeps)
    × each of its languages."""
    raise NotImplementedError
