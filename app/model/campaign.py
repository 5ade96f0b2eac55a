"""The campaign project file as pydantic models.

The models are plain data (no Qt, no I/O) so the CLI, the renderer and the desktop app's undo
stack can all share them. Every bilingual string is one type, :class:`Bilingual`. Media paths
are kept exactly as written in the file; :mod:`app.model.project` resolves them relative to the
project file, so a saved project round-trips unchanged.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_HASHTAG = re.compile(r"^#[^\s#@]+$")
_HANDLE = re.compile(r"^@[A-Za-z0-9_.]{1,30}$")


def _pattern(regex: re.Pattern[str], what: str, example: str):
    """A validator that explains the expected form in words, not as a regular expression."""

    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(f"{value!r} is not {what}; write it like {example!r}")
        return value

    return AfterValidator(check)


Slug = Annotated[str, _pattern(_SLUG, "a valid id (lower-case letters, digits, '-')", "hala")]
Color = Annotated[str, _pattern(_COLOR, "a colour", "#1E6B52")]
Hashtag = Annotated[str, _pattern(_HASHTAG, "a hashtag (one word starting with #)", "#التكاتف_قوّة")]
Handle = Annotated[str, _pattern(_HANDLE, "an @handle", "@libantroc")]
MediaPath = Annotated[str, Field(min_length=1, description="A file path, relative to the project file")]
CountryCode = Annotated[str, _pattern(re.compile(r"^[A-Z]{2}$"), "a two-letter country code", "LB")]


class _Model(BaseModel):
    """Base: unknown keys are errors (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Bilingual(_Model):
    """One piece of text in both languages. Both are required: every output is bilingual."""

    ar: str = Field(min_length=1, description="Arabic text")
    en: str = Field(min_length=1, description="English text")

    def get(self, lang: Literal["ar", "en"]) -> str:
        return self.ar if lang == "ar" else self.en


class Fonts(_Model):
    """Which bundled family draws headings and body text."""

    heading: Literal["sans", "naskh"] = "naskh"
    body: Literal["sans", "naskh"] = "sans"


class Brand(_Model):
    """Colours, logo and type choices applied to every output."""

    primary: Color = "#1E6B52"
    secondary: Color = "#F2E8D5"
    accent: Color = "#E0A526"
    text: Color = "#FFFFFF"
    dark: Color = "#10201B"
    logo: MediaPath | None = None
    fonts: Fonts = Field(default_factory=Fonts)
    numerals: Literal["latn", "arab", "country"] = Field(
        "latn",
        description=(
            "Digits in Arabic text: 'latn' writes 85,000, 'arab' writes ٨٥٬٠٠٠, "
            "'country' follows CLDR for each person's country"
        ),
    )
    numerals_by_country: dict[CountryCode, Literal["latn", "arab"]] = Field(
        default_factory=dict,
        description='Digits for people of one country, overriding \'numerals\' (e.g. {"LB": "latn"})',
    )

    def numerals_for(self, country: str | None) -> Literal["latn", "arab", "country"]:
        """The numeral style for a person's country: an override, else the campaign's style."""
        return self.numerals_by_country.get(country or "", self.numerals)


class Clip(_Model):
    """A video clip of a person's story, trimmed to ``start``..``end`` seconds."""

    path: MediaPath
    start: float = Field(0.0, ge=0, description="Seconds into the file where the clip starts")
    end: float | None = Field(
        None, gt=0, description="Seconds into the file where it ends (default: the end)"
    )
    audio: bool = Field(False, description="Keep the clip's own sound (mixed under any voice-over)")


class CaptionFiles(_Model):
    """Ready-made captions (SRT or WebVTT) per language; without them captions are made
    from the story text, timed by reading speed."""

    ar: MediaPath | None = None
    en: MediaPath | None = None


class Person(_Model):
    """A community leader the campaign features."""

    id: Slug
    name: Bilingual
    group: Bilingual
    country: CountryCode
    country_name: Bilingual
    members: int = Field(ge=0, description="Member count, shown on the stat card")
    members_label: Bilingual = Field(
        default_factory=lambda: Bilingual(ar="عضو", en="members"),
        description="What the member count counts",
    )
    founded: int | None = Field(None, ge=1900, le=2100)
    quote: Bilingual
    story: Bilingual
    media: list[MediaPath] = Field(default_factory=list, description="Photos (PNG, JPEG, WebP)")
    clips: list[Clip] = Field(default_factory=list, description="Video clips, shown after the photos")
    voiceover: MediaPath | None = Field(None, description="An audio file read over the story video")
    captions: CaptionFiles | None = None
    handles: list[Handle] = Field(default_factory=list)


class Goal(_Model):
    """A click-funding goal: every interaction counts toward unlocking the fund."""

    title: Bilingual
    unit: Bilingual = Field(default_factory=lambda: Bilingual(ar="تفاعل", en="interactions"))
    target: int = Field(gt=0)
    current: int = Field(ge=0)
    reward: Bilingual = Field(description="What unlocks when the target is reached")


class Spotlight(_Model):
    """A small business the campaign promotes (#ادعم_المحلي, "support local")."""

    id: Slug
    name: Bilingual
    makes: Bilingual = Field(description="What they make or sell, in a line")
    mention: Handle
    hashtag: Hashtag = "#ادعم_المحلي"
    person: Slug | None = Field(None, description="The featured person this business belongs to")
    image: MediaPath | None = None


class CardOutput(_Model):
    """One card template, rendered at each of the listed presets."""

    template: str
    presets: list[str] = Field(min_length=1)


class VideoOutput(_Model):
    """One video template, rendered in each of the listed shapes (presets)."""

    template: str = "story"
    presets: list[str] = Field(min_length=1)


class Outputs(_Model):
    """What a render produces."""

    cards: list[CardOutput] = Field(default_factory=list)
    videos: list[VideoOutput] = Field(default_factory=list)


class Encoder(_Model):
    """H.264 settings. Defaults: x264 'medium' at CRF 21, a good size/quality balance for
    social uploads (platforms re-encode; starting clean matters more than bitrate)."""

    codec: Literal["auto", "libx264", "h264_nvenc"] = "auto"
    preset: Literal["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower"] = (
        "medium"
    )
    crf: int = Field(21, ge=0, le=51)


class VideoSettings(_Model):
    """Timing, sound and encoding of story videos. Durations are in seconds."""

    title_s: float = Field(3.5, ge=1, le=15)
    photo_s: float = Field(4.5, ge=1.5, le=20, description="Each photo's time on screen")
    stat_s: float = Field(4.5, ge=2, le=15)
    closing_s: float = Field(4.0, ge=1.5, le=15)
    transition_s: float = Field(0.6, ge=0, le=2)
    music: MediaPath | None = Field(None, description="Music bed, looped or trimmed to the video's length")
    logo_bug: bool = Field(True, description="A small logo in a corner throughout")
    encoder: Encoder = Field(default_factory=Encoder)


class Campaign(_Model):
    """The whole project file."""

    schema_: str | None = Field(None, alias="$schema", description="Editor hint; ignored")
    schema_version: int = SCHEMA_VERSION
    id: Slug
    title: Bilingual
    tagline: Bilingual | None = None
    call_to_action: Bilingual
    hashtags: list[Hashtag] = Field(min_length=1)
    brand: Brand = Field(default_factory=Brand)
    goal: Goal | None = None
    spotlights: list[Spotlight] = Field(default_factory=list)
    people: list[Person] = Field(min_length=1)
    video: VideoSettings = Field(default_factory=VideoSettings)
    outputs: Outputs = Field(default_factory=Outputs)

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)

    def person(self, person_id: str) -> Person:
        for person in self.people:
            if person.id == person_id:
                return person
        raise KeyError(person_id)
