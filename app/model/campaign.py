"""The campaign project file as pydantic models.

The models are plain data (no Qt, no I/O) so the CLI, the renderer and the desktop app's undo
stack can all share them. Every text a person reads is one type, :class:`Multilingual` (a value
per language of the campaign, :mod:`takatof.model.languages`). Media paths
are kept exactly as written in the file; :mod:`takatof.model.project` resolves them relative to the
project file, so a saved project round-trips unchanged.

Every number, text and list has a bound, and the bounds are in the JSON Schema (``takatof
schema``) so an editor can show them. The bounds are far above any real campaign and exist so
that a mistake or a hostile file is refused with a message instead of failing later: a member
count of 10**25 used to overflow number formatting, a clip end of 1e308 the video timeline, a
20,000-character story took a minute to cut into captions. Numbers and true/false are strict:
``"members": "85000"`` is refused rather than silently read as a number, because a quoted
number is usually a sign the value came from the wrong column.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import InitErrorDetails, PydanticCustomError, core_schema

from .languages import (
    CODE_PATTERN,
    DEFAULT_LANGUAGES,
    MAX_LANGUAGES,
    MAX_OUTPUT_LANGUAGES,
    LanguageCode,
    language,
)
from .languages import problem as language_problem
from .phrases import phrases
from .problems import codepoints, control_message, shorten

SCHEMA_VERSION = 3
"""1: the first format. 2: a person's ``media`` items may be objects (duration, motion, focus)
besides plain paths; the data of a version 1 file is valid version 2 unchanged. 3: the
campaign declares its ``languages`` and each output may choose its own; a version 2 file is
a campaign in Arabic and English, valid version 3 unchanged."""

# --- bounds (documented in the JSON Schema) ---------------------------------------------------

SHORT_TEXT = 200
"""Names, titles, labels, a call to action: one line on a card, two at most."""
QUOTE_TEXT = 600
"""A quote fills a quote card; 600 characters is already small type on a square."""
STORY_TEXT = 5_000
"""A story read at 17 characters a second: 5,000 characters is a five-minute video."""
ID_CHARS = 64
NAME_CHARS = 100
"""Hashtags, @handles, template and preset names; a colour or country code is far shorter."""
PATH_CHARS = 1024
MAX_COUNT = 10**12
"""Member counts and goal numbers: a trillion is beyond any community and any platform."""
MAX_SECONDS = 24 * 60 * 60
"""Clip times: a day of footage is more than any source file a campaign trims."""
MAX_PEOPLE = 1000
MAX_SPOTLIGHTS = 1000
MAX_HASHTAGS = 30
"""Instagram's own limit per post."""
MAX_MEDIA = 50
MAX_CLIPS = 50
MAX_HANDLES = 20
MAX_OUTPUTS = 100
MAX_PRESETS = 100
MAX_COUNTRIES = 300
MAX_GROUP = 24  # subjects on one group card
MAX_COUNT_FILES = 20


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_HASHTAG = re.compile(r"^#[^\s#@]+$")
_HANDLE = re.compile(r"^@[A-Za-z0-9_.]{1,30}$")


def _pattern(regex: re.Pattern[str], what: str, example: str) -> AfterValidator:
    """A validator that explains the expected form in words, not as a regular expression."""

    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(f"{shorten(value)!r} is not {what}; write it like {example!r}")
        return value

    return AfterValidator(check)


# A patterned text's bound is looser than its pattern, so a slightly wrong value is explained by
# the pattern's message ("'Lebanon' is not a two-letter country code") and only junk by length.
Slug = Annotated[
    str,
    Field(max_length=ID_CHARS),
    _pattern(_SLUG, "a valid id (lower-case letters, digits, '-')", "hala"),
]
Color = Annotated[str, Field(max_length=NAME_CHARS), _pattern(_COLOR, "a colour", "#1E6B52")]
Hashtag = Annotated[
    str,
    Field(max_length=NAME_CHARS),
    _pattern(_HASHTAG, "a hashtag (one word starting with #)", "#التكاتف_قوّة"),
    AfterValidator(lambda tag: _hashtag_shows(tag)),
    AfterValidator(lambda tag: _no_control(tag)),
]
Handle = Annotated[str, Field(max_length=NAME_CHARS), _pattern(_HANDLE, "an @handle", "@libantroc")]


def _hashtag_shows(tag: str) -> str:
    """A hashtag's word must show: ``#`` and a zero-width space passes the pattern (which
    knows only ordinary spaces) but posts as a bare ``#``."""
    if is_blank(tag[1:]):
        raise ValueError(
            f"{shorten(tag)!r} has no visible word after '#', only invisible characters; "
            "write the hashtag's word, like '#التكاتف_قوّة'"
        )
    return tag


def _no_nul(value: str) -> str:
    """A NUL character ends a path for the operating system (Python refuses it outright)."""
    if "\0" in value:
        raise ValueError("a file path cannot contain the NUL character (\\u0000); remove it")
    return value


MediaPath = Annotated[
    str,
    Field(min_length=1, max_length=PATH_CHARS, description="A file path, relative to the project file"),
    AfterValidator(_no_nul),
]
CountryCode = Annotated[
    str, Field(max_length=NAME_CHARS), _pattern(re.compile(r"^[A-Z]{2}$"), "a two-letter country code", "LB")
]
SpeechModel = Annotated[
    str,
    Field(min_length=1, max_length=PATH_CHARS, description="A Whisper model's name or a model folder"),
    AfterValidator(_no_nul),
]
Name = Annotated[str, Field(max_length=NAME_CHARS)]
"""A template or preset name (checked against the registries by :mod:`takatof.model.project`)."""

# Numbers and true/false are declared ``strict=True`` field by field (a model-wide strict mode
# would also refuse the plain objects the nested models are read from): a number written in
# quotes, or 1 for true, is an error, not silently converted. A strict float still takes a
# whole number (JSON has one number type), and ``allow_inf_nan=False`` refuses Infinity/NaN.


def _text_length(limit: int) -> AfterValidator:
    """At most ``limit`` characters in each language. :class:`Multilingual` is one type for
    every text in the campaign's languages (the desktop app's editor and the templates' alt
    text rely on that), so the bound of each use is checked by the field that holds it. The error
    names the too-long languages; :mod:`takatof.model.problems` reports each at its own path."""

    def check(value: Multilingual | None) -> Multilingual | None:
        if value is None:
            return None
        lengths = {lang: len(text) for lang, text in value.items() if len(text) > limit}
        if lengths:
            raise PydanticCustomError(
                "bilingual_too_long",
                "text should be at most {max_length} characters",
                {"max_length": limit, "lengths": lengths},
            )
        return value

    return AfterValidator(check)


def _one_line() -> AfterValidator:
    """A text of one line (a name, a title, a call to action): no line break and no tab in
    either language. A card draws a line break where it is (a name split over two lines)
    and a tab as nothing, and caption files would carry both; they come from a paste or a
    cell typed with Alt+Enter, never meant. Each language is told at its own path, as
    :func:`_text_length` does (:mod:`takatof.model.problems` reads the ``messages``)."""

    def check(value: Multilingual | None) -> Multilingual | None:
        if value is None:
            return None
        messages = {
            lang: message for lang, text in value.items() if (message := control_message(text, lines=False))
        }
        if messages:
            raise PydanticCustomError("bilingual_control", "text should be one line", {"messages": messages})
        return value

    return AfterValidator(check)


def _text_bound(limit: int) -> dict[str, object]:
    """The bound of a :class:`Multilingual` field, as JSON Schema beside its ``$ref``: every
    language's text."""
    return {"additionalProperties": {"type": "string", "maxLength": limit}}


_BLANK_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
"""Spaces of every width (U+00A0, U+2007, U+202F…), line and paragraph separators, control
characters and format characters (zero-width space and joiners, bidi marks, the byte-order
mark, soft hyphen): none of them draws anything."""
_BLANK_EXTRA = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
"""Characters that draw nothing though their category says otherwise: the combining grapheme
joiner, the Hangul fillers, Khmer's inherent vowels, the blank braille pattern."""


def is_blank_char(char: str) -> bool:
    """Whether ``char`` draws nothing on a card or in a caption (variation selectors included)."""
    code = ord(char)
    return (
        unicodedata.category(char) in _BLANK_CATEGORIES
        or char in _BLANK_EXTRA
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
    )


def is_blank(text: str) -> bool:
    """Whether ``text`` shows nothing at all: empty, or only spaces and invisible characters.
    ``str.strip()`` is not enough: it keeps zero-width spaces and bidi marks, which a text
    copied from a chat or a web page often carries."""
    return all(is_blank_char(char) for char in text)


def _blank(value: str, what: str) -> PydanticCustomError:
    """The error for a text that shows nothing, naming what it holds and what to write."""
    return PydanticCustomError(
        "blank_text",
        "holds only spaces or invisible characters ({shown}); write {what}",
        {"shown": codepoints(value), "what": what},
    )


def _visible(value: str) -> str:
    """Refuse a text that shows nothing. Such a text used to pass and give cards with a
    dangling "·" between a name and nothing, and videos with no captions. A text of a
    :class:`Multilingual` is checked there first, where its language is known, so the
    message says which one to write."""
    if value and is_blank(value):
        raise _blank(value, "the text")
    return value


def _no_control(value: str) -> str:
    """Refuse a C0 or C1 control character (U+0000 NULL, U+001B ESCAPE, U+0085…) anywhere in a
    text. Such a text used to pass: a NUL inside a name was drawn as nothing and written raw
    into the alt-text and caption files. A tab and a line break pass here, as the texts of
    several lines (a quote, a story) hold them; :func:`_one_line` refuses them in the rest."""
    message = control_message(value, lines=True)
    if message:
        raise PydanticCustomError("control_character", "{message}", {"message": message})
    return value


Text = Annotated[str, Field(min_length=1), AfterValidator(_visible), AfterValidator(_no_control)]
"""The model's one type of text a person reads (each language of every :class:`Multilingual`,
a hashtag): not empty, not made only of spaces or invisible characters, and free of control
characters (a tab and a line break aside, which only the texts of several lines keep)."""


Lang = str
"""A language code of the campaign (BCP-47, validated where the campaign declares it)."""


class _Model(BaseModel):
    """Base: unknown keys are errors (a typo must not be silently ignored)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


def _multilingual_schema(schema: dict[str, Any]) -> None:
    """A text as JSON Schema: an object keyed by language code (each key of the BCP-47
    shape), one text per language. Which codes must be there is the campaign's
    ``languages``, which a schema cannot say; the length of each text is stated where the
    text is used (:func:`_text_bound`)."""
    schema.pop("properties", None)
    schema["description"] = (
        "A text in each of the campaign's languages, keyed by BCP-47 language code: "
        '{"ar": "...", "en": "..."}; every language in the campaign\'s languages needs its text'
    )
    schema["propertyNames"] = {"pattern": CODE_PATTERN}
    schema["minProperties"] = 1
    schema["maxProperties"] = MAX_LANGUAGES


def _text_errors(key: object, value: object) -> list[InitErrorDetails]:
    """What is wrong with one language's entry of a :class:`Multilingual`, at its key: a key
    that is not a language code, a value that is not text, empty, blank or holding a
    control character."""
    where = (key if isinstance(key, str) else repr(key),)
    found: list[InitErrorDetails] = []
    why = (
        language_problem(key)
        if isinstance(key, str)
        else f"{key!r} is not a language code; write it in quotes"
    )
    if why is not None:
        found.append(_error(PydanticCustomError("language_code", "{why}", {"why": why}), where, value))
    if not isinstance(value, str):
        found.append(InitErrorDetails(type="string_type", loc=where, input=value))
    elif not value:
        found.append(InitErrorDetails(type="string_too_short", loc=where, input=value, ctx={"min_length": 1}))
    elif is_blank(value):
        what = "the text" if why is not None else f"the {language(str(key)).name} text"
        found.append(_error(_blank(value, what), where, value))
    elif message := control_message(value, lines=True):
        found.append(
            _error(PydanticCustomError("control_character", "{message}", {"message": message}), where, value)
        )
    return found


def _too_many(data: dict[Any, Any]) -> list[InitErrorDetails]:
    """More entries than a campaign has languages (:data:`MAX_LANGUAGES`), the bound the
    JSON Schema states: refused before each key is looked at."""
    if len(data) <= MAX_LANGUAGES:
        return []
    ctx = {"field_type": "Dictionary", "max_length": MAX_LANGUAGES, "actual_length": len(data)}
    return [InitErrorDetails(type="too_long", loc=(), input=data, ctx=ctx)]


def _error(error: PydanticCustomError, loc: tuple[str, ...], value: object) -> InitErrorDetails:
    return InitErrorDetails(type=error, loc=loc, input=value)


class Multilingual(BaseModel):
    """One piece of text in each of the campaign's languages, written as an object keyed by
    language code: ``{"ar": "...", "en": "..."}``, ``{"ur": "...", "en": "..."}``. The keys
    are the campaign's to declare (``Campaign.languages``); which of them must be present is
    checked against that declaration (:func:`takatof.model.translations.problems`), so a
    missing translation is reported at its own JSON path (``people[0].quote.ur``) instead of
    stopping the file from loading."""

    model_config = ConfigDict(
        extra="allow", validate_assignment=True, frozen=False, json_schema_extra=_multilingual_schema
    )
    # No ``= Field(init=False)`` here: with it pydantic keeps the dict in ``__dict__`` too and
    # an assignment (``text.en = ...``) is validated as a text in a language "__pydantic_extra__".
    __pydantic_extra__: dict[str, Text]

    @model_validator(mode="before")
    @classmethod
    def _texts(cls, data: Any) -> Any:
        """Check each language's text where its language is known, so that a blank text is
        told as "write the Urdu text" at its own path (``people[0].quote.ur``): a value of
        the extras' type (:data:`Text`) cannot know the key it is under. Every key is
        checked, and all that is wrong is reported at once. This runs for an assignment
        (``text.ur = ...``) too, where pydantic hands over the whole new dict."""
        if isinstance(data, Multilingual):
            return data.as_dict()
        if isinstance(data, dict):
            found = _too_many(data) or [
                error for key, value in data.items() for error in _text_errors(key, value)
            ]
            if found:
                raise ValidationError.from_exception_data(cls.__name__, found)
        return data

    @classmethod
    def of(cls, values: dict[str, str]) -> Multilingual:
        """A text from ``{code: text}`` (validated as a project's text is)."""
        return cls.model_validate(values)

    def get(self, lang: Lang) -> str:
        """The text in ``lang``, else in its base language (a default word Takatof has in
        ``en`` serves ``en-IN``); empty when it has neither (a missing translation is reported
        by validation, at its path: a template draws nothing rather than failing)."""
        values = self.__pydantic_extra__ or {}
        return values.get(lang) or values.get(lang.split("-", 1)[0], "")

    def has(self, lang: Lang) -> bool:
        return lang in (self.__pydantic_extra__ or {})

    def items(self) -> list[tuple[str, str]]:
        return list((self.__pydantic_extra__ or {}).items())

    @property
    def langs(self) -> tuple[str, ...]:
        """The languages it holds, in the order written."""
        return tuple(self.__pydantic_extra__ or {})

    def as_dict(self) -> dict[str, str]:
        return dict(self.__pydantic_extra__ or {})

    def replace(self, lang: Lang, text: str) -> Multilingual:
        """A copy with ``lang``'s text set to ``text``."""
        return Multilingual.of({**self.as_dict(), lang: text})


def default_text(key: str) -> Multilingual:
    """A template word the campaign may leave unwritten ("members"), in every language
    Takatof has words for: a campaign in another language is told to write its own."""
    return Multilingual.of(phrases(key))


# Texts by use, each with its bound (see _text_length for why on the field).
# Quotes and stories may run over several lines; every other text is one line.
ShortText = Annotated[
    Multilingual,
    _text_length(SHORT_TEXT),
    _one_line(),
    Field(json_schema_extra=_text_bound(SHORT_TEXT)),
]
OptionalShortText = Annotated[
    Multilingual | None,
    _text_length(SHORT_TEXT),
    _one_line(),
    Field(json_schema_extra=_text_bound(SHORT_TEXT)),
]
QuoteText = Annotated[
    Multilingual, _text_length(QUOTE_TEXT), Field(json_schema_extra=_text_bound(QUOTE_TEXT))
]
StoryText = Annotated[
    Multilingual, _text_length(STORY_TEXT), Field(json_schema_extra=_text_bound(STORY_TEXT))
]


BundledFamily = Literal["sans", "naskh"]
"""The bundled families: Noto Sans, or Noto Naskh Arabic for Arabic script beside Noto Sans."""

ScriptCode = Annotated[
    str, Field(max_length=16), _pattern(re.compile(r"^[A-Z][a-z]{3}$"), "an ISO 15924 script code", "Latn")
]

MAX_BRAND_SCRIPTS = 16


class BrandFont(_Model):
    """A font file of the project's own (TTF, OTF or TTC) drawing one role's text. Characters
    it lacks, and those of scripts it is not chosen for, are drawn by the bundled family
    ``fallback``, so an Arabic line under a Latin-only brand face still reads."""

    file: MediaPath = Field(description="The regular face, relative to the project (fonts/Brand-Regular.otf)")
    bold: MediaPath | None = Field(None, description="The bold face; without it bold text takes the regular")
    scripts: list[ScriptCode] | None = Field(
        None,
        max_length=MAX_BRAND_SCRIPTS,
        description=(
            "ISO 15924 codes of the scripts the brand face draws (['Latn']); without them it "
            "draws every character it has"
        ),
    )
    fallback: BundledFamily = Field(
        "sans", description="The bundled family for what the brand face does not draw"
    )


class Fonts(_Model):
    """Which family draws headings and body text: a bundled one by name, or the project's own
    font file with a bundled family behind it."""

    heading: BundledFamily | BrandFont = "naskh"
    body: BundledFamily | BrandFont = "sans"

    @field_validator("heading", "body", mode="wrap")
    @classmethod
    def _one_form(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        """A family is named by a text and a font file given by an object: each form is checked
        alone, so a misspelt name is not also reported as an object missing its ``file``, and
        a wrong object's problems sit at its own fields (``brand.fonts.heading.file``)."""
        if isinstance(value, (dict, BrandFont)):
            return BrandFont.model_validate(value, context=info.context)
        if isinstance(value, str) and value not in ("sans", "naskh"):
            raise ValueError(
                f"{shorten(value)!r} is not a bundled family; write 'sans' or 'naskh', or name a "
                'font file of the project: {"file": "fonts/Brand-Regular.otf"}'
            )
        return _BUNDLED.validate_python(value, context=info.context)


_BUNDLED: TypeAdapter[str] = TypeAdapter(BundledFamily)


MAX_PARTNERS = 24
"""Partner logos on one card: two rows of twelve is already stamp-sized on a phone."""


class Partner(_Model):
    """One partner's logo in the row of partners: its file and the partner's name, which the
    card's alt text reads (a screen reader says "IOM", not "image")."""

    file: MediaPath = Field(
        description="The partner's logo, relative to the project (PNG with transparency is best)"
    )
    name: OptionalShortText = Field(
        None,
        description=(
            "The partner's name in each of the campaign's languages, read by the card's alt "
            'text ({"en": "IOM", "ar": "المنظمة الدولية للهجرة"})'
        ),
    )


class Brand(_Model):
    """The brand kit applied to every output: its colours by role, its logo (with a light and
    a dark version, so one always stands out from what is behind it), its partners' logos and
    its type.

    Colour roles: ``primary`` is the brand's main colour (panels, buttons, the meter), a
    ``secondary`` colour is a light neutral that grounds text and plates behind logos,
    ``accent`` is sparing emphasis (highlights, the meter's fill), ``text`` is the colour of
    words on the primary colour and on photos, and ``dark`` is the deep shade for dark grounds
    and words on light ones."""

    primary: Color = Field("#1E6B52", description="The brand's main colour: panels, bars and grounds")
    secondary: Color = Field(
        "#F2E8D5",
        description=(
            "The second colour, usually a light neutral: grounds for text, and the plate a logo "
            "sits on when no version of it stands out"
        ),
    )
    accent: Color = Field("#E0A526", description="Sparing emphasis: highlights, a goal meter's fill")
    text: Color = Field("#FFFFFF", description="Words on the primary colour and on photos")
    dark: Color = Field("#10201B", description="The deep shade: dark grounds, words on light ones")
    logo: MediaPath | None = Field(
        None,
        description="The primary logo, as the brand shows it most often (full colour); PNG with transparency",
    )
    logo_light: MediaPath | None = Field(
        None,
        description=(
            "The logo in light colours (white, reversed out) for dark grounds and photos; drawn "
            "when the primary logo would not stand out"
        ),
    )
    logo_dark: MediaPath | None = Field(
        None,
        description=(
            "The logo in dark colours (black or the dark shade) for light grounds; drawn when "
            "neither the primary nor the light logo would stand out"
        ),
    )
    partners: list[Partner] = Field(
        default_factory=list,
        max_length=MAX_PARTNERS,
        description=(
            "Partners' logos, shown in a row at equal visual weight in this order (reversed on a "
            "card that reads right to left)"
        ),
    )
    fonts: Fonts = Field(default_factory=Fonts)
    numerals: Literal["latn", "native", "arab", "country"] = Field(
        "latn",
        description=(
            "Digits of numbers in each language's text: 'latn' writes 85,000; 'native' the "
            "language's own digits by CLDR (Arabic ٨٥٬٠٠٠, Hindi ८५,०००, Urdu ۸۵٬۰۰۰; English "
            "stays 85,000), 'arab' being its older name; 'country' follows CLDR for each "
            "person's country. Grouping follows each language (en-IN 1,00,000, fr 85 000)"
        ),
    )
    numerals_by_country: dict[CountryCode, Literal["latn", "native", "arab"]] = Field(
        default_factory=dict,
        max_length=MAX_COUNTRIES,
        description='Digits for people of one country, overriding \'numerals\' (e.g. {"LB": "latn"})',
    )

    def numerals_for(self, country: str | None) -> Literal["latn", "native", "arab", "country"]:
        """The numeral style for a person's country: an override, else the campaign's style."""
        return self.numerals_by_country.get(country or "", self.numerals)


TransitionKind = Literal["cut", "crossfade", "dip-black", "dip-white"]
"""How one segment of a story video gives way to the next: a hard cut, a cross-fade, or a
dip through black or white (the picture fades to the colour, then the next fades in from it)."""

TRANSITION_MIN_S, TRANSITION_MAX_S = 0.1, 2.0
"""A transition's length: under a tenth of a second it reads as a glitch rather than a fade
(write "cut" for none), over two seconds the story stalls in it."""


class Transition(_Model):
    """The cut from one photo or clip into the next segment, as an editor attaches it to the
    clip on its left. Without one, a photo or clip cross-fades into the next by
    ``video.transition_s``."""

    kind: TransitionKind = Field(
        description="'cut' (no overlap), 'crossfade', 'dip-black' or 'dip-white' (the picture fades "
        "to the colour over the first half, the next one fades in from it over the second)",
    )
    duration_s: float = Field(
        0.6,
        strict=True,
        allow_inf_nan=False,
        ge=TRANSITION_MIN_S,
        le=TRANSITION_MAX_S,
        description="Seconds the two segments overlap (ignored for 'cut'); shortened where a "
        "segment is too short to hold it",
    )


Volume = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=2)]
FadeSeconds = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=10)]


Fraction = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=1)]

MAX_FOCUS_KEYS = 240
"""Keys of one clip's focus path: one every half second for two minutes, more than any
reframing needs, and a bound on a hostile file."""


class FocusKey(_Model):
    """Where a reframed clip's view is centred at one moment: ``t`` seconds into the clip's
    file, ``x`` and ``y`` fractions of its picture."""

    t: float = Field(
        strict=True, allow_inf_nan=False, ge=0, le=MAX_SECONDS, description="Seconds into the clip's file"
    )
    x: Fraction = Field(description="Fraction of the picture's width (0 the left edge)")
    y: Fraction = Field(description="Fraction of the picture's height (0 the top)")


class Clip(_Model):
    """A video clip of a person's story, trimmed to ``start``..``end`` seconds; reframed to
    another shape around its ``focus``, or along its ``focus_path``."""

    path: MediaPath
    start: float = Field(
        0.0,
        strict=True,
        allow_inf_nan=False,
        ge=0,
        le=MAX_SECONDS,
        description="Seconds into the file where the clip starts",
    )
    end: float | None = Field(
        None,
        strict=True,
        allow_inf_nan=False,
        gt=0,
        le=MAX_SECONDS,
        description="Seconds into the file where it ends (default: the end)",
    )
    audio: bool = Field(
        False, strict=True, description="Keep the clip's own sound (mixed under any voice-over)"
    )
    volume: Volume = Field(
        1.0, description="The loudness of the clip's own sound: 1 as recorded, 0.5 half (-6 dB), up to 2"
    )
    fade_in_s: FadeSeconds = Field(0.0, description="Seconds the clip's own sound fades in over at its start")
    fade_out_s: FadeSeconds = Field(
        0.0, description="Seconds the clip's own sound fades out over before its end"
    )
    transition: Transition | None = Field(
        None, description="The cut into the next segment (default: a cross-fade of video.transition_s)"
    )
    captions: SpeechCaptions | None = Field(
        None,
        description="What is said in the clip: an SRT or WebVTT file per language, timed in the "
        "clip's file (seconds into it, as start and end are), shown while the clip plays in "
        "every video it plays in (`takatof captions` writes them from the speech)",
    )
    focus: tuple[Fraction, Fraction] | None = Field(
        None,
        description="The point [x, y] kept in view when the clip is reframed to another shape "
        "(16:9 footage in a 9:16 video), as fractions of its picture ([0.5, 0.5], the middle, "
        "is the default); the view stays inside the picture",
    )
    focus_path: list[FocusKey] | None = Field(
        None,
        min_length=1,
        max_length=MAX_FOCUS_KEYS,
        description="A focus that moves: keys {t, x, y} in time order, t seconds into the clip's "
        "file (keys beyond start..end shape the path at that edge), x and y fractions of its "
        "picture; the view follows the point "
        "linearly between keys and holds it before the first and after the last. Replaces focus",
    )

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: float | None, info: ValidationInfo) -> float | None:
        """An end at or before the start is a mistake in the file (the two swapped, or a
        time typed wrong), said as such at ``end``; left to the media checks it read as
        "the trimmed clip is shorter than half a second". ``start`` is validated first (it
        is declared first), so it is in ``info.data`` whenever it is itself valid."""
        start = info.data.get("start")
        if end is None or not isinstance(start, float | int) or end > start:
            return end
        if end == start:
            raise ValueError(f"end ({end:g} s) is the same as start; the clip must end after it starts")
        raise ValueError(
            f"end ({end:g} s) comes before start ({start:g} s); the clip must end after it starts"
        )

    @field_validator("focus_path")
    @classmethod
    def _keys_in_order(cls, keys: list[FocusKey] | None) -> list[FocusKey] | None:
        """Keys in time order, each told at its own ``t`` (``people[0].clips[1].focus_path[2].t``):
        two keys out of order are a typo that would make the view jump back. A key before the
        clip's ``start`` or after its ``end`` is allowed and shapes the path at that edge, as an
        editor keeps the keyframes beyond a trimmed clip's in and out points: trimming a clip
        (by hand in the file, or on the timeline) never makes its path invalid, and trimming it
        back out restores the framing."""
        if not keys:
            return keys
        found = [
            _error(problem, (i, "t"), key.t)  # type: ignore[arg-type]
            for i, key in enumerate(keys)
            if (problem := _key_problem(keys, i)) is not None
        ]
        if found:
            raise ValidationError.from_exception_data("focus_path", found)
        return keys


def _key_problem(keys: list[FocusKey], i: int) -> PydanticCustomError | None:
    """What is wrong with key ``i``'s time: not after the key before it."""
    t = keys[i].t
    if i > 0 and t <= keys[i - 1].t:
        return PydanticCustomError(
            "focus_key_order",
            "{t} s is not after focus_path[{previous}] ({before} s); keys go in time order, each "
            "later than the one before",
            {"t": f"{t:g}", "previous": i - 1, "before": f"{keys[i - 1].t:g}"},
        )
    return None


CLIP_MIN_S = 0.5
"""The shortest trimmed clip a story shows: half a second. The media checks report a shorter
one, and the story leaves it out of the plan (so ``plan`` still draws without it)."""

PHOTO_MIN_S, PHOTO_MAX_S = 1.5, 20.0
"""A photo's time on screen, per photo or as ``video.photo_s``: under 1.5 s a photo is a flash
(and shorter than two cross-fades), over 20 s nothing moves long enough to hold attention."""

MotionName = Literal["zoom-in", "zoom-out", "pan-left", "pan-right", "pan-up", "pan-down", "still"]
"""The named camera moves over a photo; the story template turns each into a Ken Burns motion."""

ItemIndex = Annotated[int, Field(strict=True, ge=0, le=MAX_MEDIA + MAX_CLIPS)]
"""A position among a person's story items: their media, then their clips, counted from 0."""


def _time_zone(name: str) -> str:
    """An IANA zone this machine knows (the OS's database, else the ``tzdata`` package), so a
    typo ("Asia/Karachy") is told at its path, not when a reel is rendered."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError(
            "time_zone",
            "'{name}' is not an IANA time zone; write one such as 'Asia/Karachi', "
            "'Africa/Kinshasa' or 'America/New_York'",
            {"name": name},
        ) from None
    return name


Moment = Annotated[AwareDatetime, Field(json_schema_extra={"maxLength": 64})]
"""An instant with its UTC offset, as ISO 8601 ('2026-12-10T13:40:00Z')."""

TimeZoneName = Annotated[str, Field(max_length=NAME_CHARS), AfterValidator(_time_zone)]


class MediaItem(_Model):
    """One photo of a person, with how the story video shows it.

    In the file an item is either a plain path (``"media/hala-1.jpg"``, the only form of
    version 1) or an object with the path and any of ``duration_s``, ``motion`` and ``focus``.
    In Python it is always this model, so code reads ``item.path`` whatever the file wrote.
    An item written as a plain path is written back as one (a project keeps its own shape
    through a load and save, and through the desktop app's edit-by-JSON-path); an object stays
    an object. A text that is not a valid path is reported at the item itself
    (``people[0].media[1]``), as it was when items were plain paths."""

    path: MediaPath
    duration_s: float | None = Field(
        None,
        strict=True,
        allow_inf_nan=False,
        ge=PHOTO_MIN_S,
        le=PHOTO_MAX_S,
        description="Seconds on screen (default: video.photo_s, lengthened when captions need it)",
    )
    motion: MotionName | None = Field(
        None, description="The camera move (default: the story's own cycle of gentle moves)"
    )
    focus: tuple[Fraction, Fraction] | None = Field(
        None,
        description="The point [x, y] the move centres on, as fractions of the photo's width and "
        "height ([0.5, 0.5] is the middle); the view stays inside the photo",
    )
    span: tuple[Fraction, Fraction] | None = Field(
        None,
        description="The part of the photo's move it plays, [from, to] as fractions of the move "
        "([0, 1]: all of it). A photo split in two plays [0, r] and [r, 1], so the move carries "
        "on across the cut; a part that starts after 0 continues the photo before it in the "
        "story's cycle of moves",
    )
    transition: Transition | None = Field(
        None, description="The cut into the next segment (default: a cross-fade of video.transition_s)"
    )
    _plain: bool = PrivateAttr(False)
    """Written as a plain path: saved as one while nothing else is set."""

    @field_validator("span")
    @classmethod
    def _span_forward(cls, span: tuple[float, float] | None) -> tuple[float, float] | None:
        """A part of a move runs forward: [0.5, 0.2] is two fractions swapped."""
        if span is not None and span[1] <= span[0]:
            raise ValueError(
                f"the span's end ({span[1]:g}) must come after its start ({span[0]:g}): "
                "[from, to] as fractions of the move, such as [0, 0.5]"
            )
        return span

    @model_validator(mode="wrap")
    @classmethod
    def _from_text(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> MediaItem:
        # The wrap handler is typed as returning Any; for a model validator it is this model.
        if not isinstance(value, str):
            whole: MediaItem = handler(value)
            return whole
        try:
            item: MediaItem = handler({"path": value})
        except ValidationError as exc:
            # The one field of a plain path: its error belongs to the item, not to a "path"
            # key the file never wrote.
            error = exc.errors(include_url=False)[0]
            context = {
                k: str(v) if isinstance(v, Exception) else v for k, v in (error.get("ctx") or {}).items()
            }
            raise PydanticCustomError(error["type"], error["msg"], context) from None
        item._plain = True
        return item

    @property
    def as_text(self) -> bool:
        """Whether the item is saved as a plain path: it was written as one and nothing but
        its path has been set since."""
        return self._plain and self.model_fields_set == {"path"}

    @model_serializer(mode="wrap")
    def _to_text(self, handler: SerializerFunctionWrapHandler) -> str | dict[str, Any]:
        if self.as_text:
            return self.path
        # An unset choice is left out, not written as null: the file says only what it sets.
        return {key: value for key, value in handler(self).items() if value is not None}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # Either form, so an editor offers both and accepts a version 1 file.
        item = handler.resolve_ref_schema(handler(schema))
        text = {
            "type": "string",
            "minLength": 1,
            "maxLength": PATH_CHARS,
            "description": "A photo's file path, relative to the project file",
        }
        return {
            "title": item.get("title", cls.__name__),
            "description": "A photo: its path, or an object with the path and how the story video "
            "shows it (duration_s, motion, focus, transition)",
            "anyOf": [text, {k: v for k, v in item.items() if k not in ("title", "description")}],
        }


def _captions_schema(schema: dict[str, Any]) -> None:
    """Caption files as JSON Schema: a file per language code (``ar`` and ``en`` are listed
    by name, for the editors that offer them; any other language is a key of its own)."""
    schema["description"] = (
        "Ready-made captions (SRT or WebVTT), one file per language code "
        '({"ar": "captions/hala.ar.srt", "ur": "captions/hala.ur.vtt"}); a language without '
        "a file has its captions made from the story text"
    )
    schema["propertyNames"] = {"pattern": CODE_PATTERN}
    schema["maxProperties"] = MAX_LANGUAGES


def _code_key_errors(data: dict[Any, Any]) -> list[InitErrorDetails]:
    """An error at each key of ``data`` that is no language code (``people[0].captions.EN``),
    for a dictionary keyed by language."""
    return [
        _error(PydanticCustomError("language_code", "{why}", {"why": why}), (str(key),), value)
        for key, value in data.items()
        if (why := language_problem(key) if isinstance(key, str) else "a language code must be text")
    ]


class CaptionFiles(BaseModel):
    """Ready-made captions (SRT or WebVTT) per language, keyed by language code as texts are
    (``{"ur": "captions/hala.ur.srt"}``); a language without a file has its captions made
    from the story text, timed by reading speed.

    ``ar`` and ``en`` are declared fields only so that forms built from the model fields
    (the Studio's inspector) keep offering them; every other language is an extra key of
    the same type. Read the files with :meth:`get` and :meth:`items`, never by attribute."""

    model_config = ConfigDict(extra="allow", validate_assignment=True, json_schema_extra=_captions_schema)
    __pydantic_extra__: dict[str, MediaPath | None]

    ar: MediaPath | None = None
    en: MediaPath | None = None

    @model_validator(mode="before")
    @classmethod
    def _codes(cls, data: Any) -> Any:
        """Each key a language code, told at its own path (``people[0].captions.EN``)."""
        if isinstance(data, dict):
            found = _too_many(data) or _code_key_errors(data)
            if found:
                raise ValidationError.from_exception_data(cls.__name__, found)
        return data

    def get(self, lang: Lang) -> str | None:
        """The file of ``lang``'s captions, as written; None when it has none."""
        return self.model_dump(exclude_none=True).get(lang)

    def items(self) -> list[tuple[str, str]]:
        """Each language with a file, and its file."""
        return list(self.model_dump(exclude_none=True).items())


def _speech_captions_schema(schema: dict[str, Any]) -> None:
    """A media file's captions as JSON Schema: a file per language code, timed in the media."""
    _captions_schema(schema)
    schema["description"] = (
        "Captions of what is said in this media file, one SRT or WebVTT file per language code "
        '({"ar": "captions/hala.clip1.ar.srt", "en": "captions/hala.clip1.en.srt"}), timed in '
        "the file itself"
    )


class SpeechCaptions(CaptionFiles):
    """A clip's or a voice-over's captions per language, timed in that media file (seconds
    into it), not in any video: the cues go wherever the file plays (a story video, a film,
    a reel), so the same file is right in all of them and stays right when photos before
    it are added or lengthened."""

    model_config = ConfigDict(
        extra="allow", validate_assignment=True, json_schema_extra=_speech_captions_schema
    )


class SpeechSettings(_Model):
    """How speech becomes captions (`takatof captions`, the Studio's Transcribe)."""

    model: SpeechModel | None = Field(
        None,
        description="The Whisper model: tiny, base, small, medium, large-v3 (or another name "
        "faster-whisper knows), or a folder holding a CTranslate2 model, relative to the project "
        "(default: the user's setting, TAKATOF_WHISPER_MODEL, else small)",
    )


MAX_CUES = 2000
"""Captions of one story video: a five-minute story has about a hundred; two thousand is far
beyond any, and bounds a hostile file."""
CUE_TEXT = 200
"""One caption in one language: two lines of 42 characters is what reads in time; 200 leaves
room and bounds the file."""

CueText = Annotated[Text, Field(max_length=CUE_TEXT)]


class CueItem(_Model):
    """One caption of a person's story video, written in the project: shown from ``start_s``
    to ``end_s`` (seconds of the video), in each language it has a text for. A language the
    video prints that the cue has no text for shows nothing then."""

    start_s: float = Field(
        strict=True, allow_inf_nan=False, ge=0, le=MAX_SECONDS, description="When it appears (seconds)"
    )
    end_s: float = Field(
        strict=True, allow_inf_nan=False, gt=0, le=MAX_SECONDS, description="When it goes (seconds)"
    )
    text: dict[LanguageCode, CueText] = Field(
        min_length=1,
        max_length=MAX_LANGUAGES,
        description='The caption in each language it is shown in, keyed by language code: {"ar": "...", '
        '"en": "..."}',
    )

    @field_validator("text", mode="before")
    @classmethod
    def _codes(cls, data: Any) -> Any:
        """Each key a language code, told at its own path (``people[0].cues[2].text.EN``)."""
        if isinstance(data, dict):
            found = _code_key_errors(data)
            if found:
                raise ValidationError.from_exception_data(cls.__name__, found)
        return data

    @field_validator("end_s")
    @classmethod
    def _end_after_start(cls, end: float, info: ValidationInfo) -> float:
        """A cue that ends at or before it starts is never on screen: said at ``end_s``."""
        start = info.data.get("start_s")
        if not isinstance(start, float | int) or end > start:
            return end
        raise ValueError(
            f"end_s ({end:g} s) is not after start_s ({start:g} s); a caption must end after it starts"
        )


def _cues_in_order(cues: list[CueItem] | None) -> list[CueItem] | None:
    """Captions one after another: a cue that starts before the previous one ends would put
    two captions in the same place at once. Told at the later cue's ``start_s``."""
    if not cues:
        return cues
    found = [
        _error(
            PydanticCustomError(
                "cue_overlap",
                "starts at {start} s, before cues[{previous}] ends ({end} s); captions show one at "
                "a time: start it at {end} s or later",
                {"start": f"{cue.start_s:g}", "previous": i, "end": f"{before.end_s:g}"},
            ),
            (i + 1, "start_s"),  # type: ignore[arg-type]
            cue.start_s,
        )
        for i, (before, cue) in enumerate(itertools.pairwise(cues))
        if cue.start_s < before.end_s
    ]
    if found:
        raise ValidationError.from_exception_data("cues", found)
    return cues


class Person(_Model):
    """A community leader the campaign features."""

    id: Slug
    name: ShortText
    group: ShortText
    country: CountryCode
    country_name: ShortText
    members: int = Field(strict=True, ge=0, le=MAX_COUNT, description="Member count, shown on the stat card")
    members_label: ShortText = Field(
        default_factory=lambda: default_text("members"),
        description="What the member count counts",
    )
    founded: int | None = Field(None, strict=True, ge=1900, le=2100)
    quote: QuoteText
    story: StoryText
    media: list[MediaItem] = Field(
        default_factory=list,
        max_length=MAX_MEDIA,
        description="Photos (PNG, JPEG, WebP): a path, or an object with the path and its duration_s, "
        "motion, focus and transition",
    )
    clips: list[Clip] = Field(
        default_factory=list, max_length=MAX_CLIPS, description="Video clips, shown after the photos"
    )
    voiceover: MediaPath | None = Field(None, description="An audio file read over the story video")
    voiceover_captions: SpeechCaptions | None = Field(
        None,
        description="What the voice-over says: an SRT or WebVTT file per language, timed in the "
        "voice-over's file, shown while it plays (`takatof captions` writes them, the story text "
        "timed to the voice where it reads the story)",
    )
    captions: CaptionFiles | None = None
    cues: Annotated[list[CueItem] | None, AfterValidator(_cues_in_order)] = Field(
        None,
        max_length=MAX_CUES,
        description="The story video's captions, written here (each with start_s, end_s and its text "
        "per language): when set, the video shows exactly these, and neither caption files nor "
        "the story text make any",
    )
    handles: list[Handle] = Field(default_factory=list, max_length=MAX_HANDLES)
    timezone: TimeZoneName | None = Field(
        None,
        description="The IANA time zone where they are ('Asia/Karachi', 'Africa/Kinshasa'): a "
        "campaign reel with a moment shows the local time at their place",
    )
    city: OptionalShortText = Field(
        None, description="The place the local time is named by ('Karachi'); default: their country"
    )


class Goal(_Model):
    """A click-funding goal: every interaction counts toward unlocking the fund."""

    title: ShortText
    unit: ShortText = Field(default_factory=lambda: default_text("interactions"))
    target: int = Field(strict=True, gt=0, le=MAX_COUNT)
    current: int = Field(
        strict=True,
        ge=0,
        le=MAX_COUNT,
        description="How many so far; with counts files, their sum replaces it when the project is loaded",
    )
    reward: ShortText = Field(description="What unlocks when the target is reached")
    counts: list[MediaPath] | None = Field(
        None,
        max_length=MAX_COUNT_FILES,
        description="Interaction counts as the platforms' insights exports give them (CSV files, "
        "one per platform: Facebook's, Instagram's, X's post exports): when given, the goal's "
        "current value is the sum of their interactions (engagements, or likes, comments, shares "
        "and saves), so a daily re-render after a new export is one command and re-renders only "
        "the goal's outputs",
    )
    start: int = Field(
        0, strict=True, ge=0, le=MAX_COUNT, description="Where an animated goal card starts counting from"
    )

    @field_validator("start")
    @classmethod
    def _start_at_most_current(cls, start: int, info: ValidationInfo) -> int:
        """An animated goal card counts up from ``start`` to ``current``: a start above it would
        never move. With counts files the current value written is replaced by their sum when
        the project is loaded, so that sum is compared then (:func:`counts.apply_counts`), not
        the number written here; nor is anything compared when current or counts is itself
        wrong (its own problem is told)."""
        current = info.data.get("current")
        if "counts" not in info.data or info.data["counts"] or not isinstance(current, int):
            return start
        if start > current:
            raise PydanticCustomError("goal_start", goal_start_problem(start, current, summed=False))
        return start


def goal_start_problem(start: int, current: int, summed: bool) -> str:
    """What is wrong with a goal that starts counting above its current value, and the fix
    (``summed``: the current value is the sum of its counts files)."""
    where = f"{current:,}, the sum of its counts files" if summed else f"{current:,}"
    return (
        f"{start:,} is more than the goal's current value ({where}): an animated goal card counts "
        f"up from start to current, so it would never move; set start to at most {current:,} "
        "(0 counts from zero)"
    )


class Spotlight(_Model):
    """A small business the campaign promotes (#ادعم_المحلي, "support local")."""

    id: Slug
    name: ShortText
    makes: ShortText = Field(description="What they make or sell, in a line")
    mention: Handle
    hashtag: Hashtag = "#ادعم_المحلي"
    person: Slug | None = Field(None, description="The featured person this business belongs to")
    image: MediaPath | None = None


def _one_or_two(chosen: Any) -> Any:
    """Refuse more than :data:`MAX_OUTPUT_LANGUAGES` languages for an output before each is
    checked, saying why: an output prints one language or two, one above the other (a third
    does not fit a card), and a campaign in five languages makes several outputs instead."""
    if isinstance(chosen, list) and len(chosen) > MAX_OUTPUT_LANGUAGES:
        raise PydanticCustomError(
            "too_many_languages",
            "an output prints one language or two, one above the other, and {got} are listed; "
            "choose at most {most}, and add another output for the others",
            {"got": len(chosen), "most": MAX_OUTPUT_LANGUAGES},
        )
    return chosen


OutputLanguages = Annotated[
    Annotated[
        list[LanguageCode],
        BeforeValidator(_one_or_two),
        Field(min_length=1, json_schema_extra={"maxItems": MAX_OUTPUT_LANGUAGES, "uniqueItems": True}),
    ]
    | None,
    Field(
        description="The one or two of the campaign's languages this output prints, first on top "
        "(default: the campaign's first two)",
    ),
]


class CardOutput(_Model):
    """One card template, rendered at each of the listed presets."""

    template: Name
    presets: list[Name] = Field(min_length=1, max_length=MAX_PRESETS)
    languages: OutputLanguages = None
    subjects: list[Slug] | None = Field(
        None,
        max_length=MAX_GROUP,
        description="The people or businesses a group card features, in order (default: the first that fit)",
    )
    layout: Name | None = Field(
        None,
        description="How the card is laid out: 'photo' (the photo large, the words on a panel), "
        "'type' (big words, the photo small in a circle), 'split' (photo and words side by side) "
        "or 'thumbnail' (a face and a few huge words). Default: the template's own, and "
        "'thumbnail' for a YouTube thumbnail",
    )


class VideoOutput(_Model):
    """One video template, rendered in each of the listed shapes (presets)."""

    template: Name = "story"
    presets: list[Name] = Field(min_length=1, max_length=MAX_PRESETS)
    languages: OutputLanguages = None


class ReelPart(_Model):
    """One person's segment of a campaign reel: which of their photos and clips it shows."""

    person: Slug
    items: tuple[ItemIndex, ItemIndex] | None = Field(
        None,
        description="The range of the person's story items it shows, [first, last] counted from 0 "
        "over their media then their clips, as the story plays them (default: their first item)",
    )
    caption: OptionalShortText = Field(
        None, description="The segment's own caption (default: the person's quote)"
    )


class ReelOutput(_Model):
    """One video about the whole campaign: an opening, a segment per person, a closing."""

    id: Slug = "reel"
    presets: list[Name] = Field(min_length=1, max_length=MAX_PRESETS)
    languages: OutputLanguages = None
    people: list[ReelPart] | None = Field(
        None,
        max_length=MAX_PEOPLE,
        description="The people it features, in order, with their segments (default: everyone, "
        "in the project's order, each with their first item)",
    )
    moment: Moment | None = Field(
        None,
        description="An instant with its offset ('2026-12-10T13:40:00Z'): each segment shows the "
        "local time then at the person's place (their timezone); none: no times",
    )
    segment_s: float = Field(
        4.0, strict=True, allow_inf_nan=False, ge=2, le=20, description="Seconds of each person's segment"
    )


CarouselPlatform = Literal["instagram", "threads", "linkedin", "tiktok"]


class CarouselOutput(_Model):
    """A swipeable post: a cover slide, a slide per subject, a closing slide, numbered files."""

    id: Slug = "carousel"
    presets: list[Name] = Field(min_length=1, max_length=MAX_PRESETS)
    languages: OutputLanguages = None
    of: Literal["people", "spotlights"] = Field(
        "people", description="Who gets a slide: the campaign's people or its spotlight businesses"
    )
    subjects: list[Slug] | None = Field(
        None, max_length=MAX_PEOPLE, description="The chosen subjects, in slide order (default: all)"
    )
    slide: Name = Field("quote", description="The card template each subject's slide is drawn from")
    layout: Name | None = None
    pdf: bool = Field(
        False, strict=True, description="Also write the slides as one PDF (LinkedIn's document carousel)"
    )


AnimatedFormat = Literal["mp4", "gif", "webp"]


def _mp4_only() -> list[AnimatedFormat]:
    return ["mp4"]


class AnimatedOutput(_Model):
    """A card template as a short looping video: words and photo entering, numbers counting up."""

    template: Name
    presets: list[Name] = Field(min_length=1, max_length=MAX_PRESETS)
    languages: OutputLanguages = None
    subjects: list[Slug] | None = Field(
        None,
        max_length=MAX_GROUP,
        description="For a group card: the people or businesses it features, in order (default: "
        "the group card's own first ones)",
    )
    layout: Name | None = None
    duration_s: float = Field(6.0, strict=True, allow_inf_nan=False, ge=5, le=10)
    formats: list[AnimatedFormat] = Field(
        default_factory=_mp4_only,
        min_length=1,
        max_length=3,
        json_schema_extra={"uniqueItems": True},
        description="The files made: an H.264 MP4 always plays as a video post; a GIF or an "
        "animated WebP where a platform takes one (X, WhatsApp, a website)",
    )

    @field_validator("formats")
    @classmethod
    def _each_once(cls, formats: list[AnimatedFormat]) -> list[AnimatedFormat]:
        if len(set(formats)) != len(formats):
            raise ValueError("each format once: 'mp4', 'gif' or 'webp'")
        return formats


class FilmOutput(_Model):
    """Footage first: clips with burned-in captions, the logo bug and an optional end card."""

    id: Slug = "film"
    presets: list[Name] = Field(min_length=1, max_length=MAX_PRESETS)
    languages: OutputLanguages = None
    people: list[Slug] | None = Field(
        None,
        max_length=MAX_PEOPLE,
        description="Whose clips become a film each (default: everyone with clips)",
    )
    clips: list[Clip] | None = Field(
        None, max_length=MAX_CLIPS, description="The campaign's own footage, made into one film"
    )
    end_card: bool = Field(True, strict=True, description="End on the closing card with the hashtags")


class Outputs(_Model):
    """What a render produces."""

    cards: list[CardOutput] = Field(default_factory=list, max_length=MAX_OUTPUTS)
    videos: list[VideoOutput] = Field(default_factory=list, max_length=MAX_OUTPUTS)
    reels: list[ReelOutput] = Field(default_factory=list, max_length=MAX_OUTPUTS)
    carousels: list[CarouselOutput] = Field(default_factory=list, max_length=MAX_OUTPUTS)
    animated: list[AnimatedOutput] = Field(default_factory=list, max_length=MAX_OUTPUTS)
    films: list[FilmOutput] = Field(default_factory=list, max_length=MAX_OUTPUTS)


class Encoder(_Model):
    """H.264 settings. Defaults: x264 'medium' at CRF 21, a good size/quality balance for
    social uploads (platforms re-encode; starting clean matters more than bitrate)."""

    codec: Literal["auto", "libx264", "h264_nvenc"] = "auto"
    preset: Literal["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower"] = (
        "medium"
    )
    crf: int = Field(21, strict=True, ge=0, le=51)


class VideoSettings(_Model):
    """Timing, sound and encoding of story videos. Durations are in seconds."""

    title_s: float = Field(3.5, strict=True, allow_inf_nan=False, ge=1, le=15)
    photo_s: float = Field(
        4.5,
        strict=True,
        allow_inf_nan=False,
        ge=PHOTO_MIN_S,
        le=PHOTO_MAX_S,
        description="Each photo's time on screen (unless the photo sets its own duration_s)",
    )
    stat_s: float = Field(4.5, strict=True, allow_inf_nan=False, ge=2, le=15)
    closing_s: float = Field(4.0, strict=True, allow_inf_nan=False, ge=1.5, le=15)
    transition_s: float = Field(0.6, strict=True, allow_inf_nan=False, ge=0, le=2)
    music: MediaPath | None = Field(None, description="Music bed, looped or trimmed to the video's length")
    logo_bug: bool = Field(True, strict=True, description="A small logo in a corner throughout")
    encoder: Encoder = Field(default_factory=Encoder)


SHEET_SOURCE: dict[str, Any] = {
    "type": "object",
    "title": "Sheet source",
    "description": (
        "The rows of a spreadsheet instead of a list: a CSV (UTF-8, comma or semicolon) or XLSX "
        "file relative to the project file. Its first row names the fields by their path "
        "(id, name.ar, name.en, makes.en, mention, media, ...), a text by a column per language "
        "of the campaign (name.ur, name.fr); list fields take ';'-separated values. Problems are "
        "reported as the file's row and column."
    ),
    "properties": {
        "from": {"type": "string", "minLength": 1, "maxLength": PATH_CHARS},
        "sheet": {
            "type": "string",
            "maxLength": NAME_CHARS,
            "description": "The sheet of an XLSX file (default: the first)",
        },
    },
    "required": ["from"],
    "additionalProperties": False,
}


def _or_sheet(schema: dict[str, Any]) -> None:
    """A people or spotlights list may instead be a sheet source (see :data:`SHEET_SOURCE`)."""
    listed = dict(schema)
    schema.clear()
    schema["anyOf"] = [listed, SHEET_SOURCE]
    for key in ("title", "description"):
        if key in listed:
            schema[key] = listed.pop(key)


# The platforms a post can be written for: ids of the rules table (takatof.model.platform_rules).
PostPlatform = Literal["instagram", "facebook", "x", "linkedin", "threads", "tiktok", "youtube", "whatsapp"]
POST_TEXT = 5_000  # a post template's text, placeholders included
MAX_POST_TEMPLATES = 100
MAX_AUDIENCES = 50
MAX_PLAN_DATES = 366
MAX_WINDOWS = 12
MAX_KINDS = 10  # output kinds a post template names
MAX_PLATFORMS = 8  # every PostPlatform once
PlanDate = Annotated[dt.date, Field(json_schema_extra={"maxLength": 10})]
"""A plan's date as ISO 8601 ('2026-12-14'), read in each audience's own calendar."""

PostCopy = Annotated[str, Field(max_length=POST_TEXT), AfterValidator(_no_control)]
"""A post's copy with placeholders: ``{name}``, ``{quote}``, ``{hashtags?}`` (see
takatof.model.post_copy for the list; a ``?`` marks a part that may be shortened to fit). Free
of control characters, as every text a person reads (a NUL would be posted, or cut the post
short): only a line break and a tab pass, as a caption has several lines."""


def _one_line_text(value: str) -> str:
    """Refuse a control character in a text of one line (a link, an account's name), a tab
    and a line break included: a link with a line break is two texts to a scheduler."""
    message = control_message(value, lines=False)
    if message:
        raise PydanticCustomError("control_character", "{message}", {"message": message})
    return value


def _link_text(value: str) -> str:
    """A link without control characters (a space is no fix in a link: the fix is to remove it)."""
    message = control_message(value, lines=False)
    if message:
        message = message.replace("this text is one line: replace it with a space", "remove it")
        raise PydanticCustomError("control_character", "{message}", {"message": message})
    return value


PostLink = Annotated[str, Field(max_length=PATH_CHARS), AfterValidator(_link_text)]
"""A link or a URL prefix of the publishing section, one line."""
Account = Annotated[
    str, Field(min_length=1, max_length=NAME_CHARS), AfterValidator(_visible), AfterValidator(_one_line_text)
]
"""The name of the account an audience's posts go from: shown, one line (it names the
scheduler's file for the account)."""

_CLOCK = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
Clock = Annotated[str, Field(max_length=5), _pattern(_CLOCK, "a local time as HH:MM (24 h)", "18:30")]


class PostTemplate(_Model):
    """The copy of some assets' posts: which assets and platforms it is for, and its text per
    language. A project's templates are tried in order before the defaults that ship with each
    asset template, language by language: a post's copy is the first template whose ``kinds``,
    ``templates`` and ``platforms`` match and that has text in the post's language."""

    kinds: list[Name] | None = Field(
        None,
        max_length=MAX_KINDS,
        description="The output kinds it is for (card, video, reel, carousel, animated, film); none: all",
    )
    templates: list[Name] | None = Field(
        None,
        max_length=MAX_OUTPUTS,
        description="The asset templates it is for (quote, stat, spotlight, story, ...); none: all",
    )
    platforms: list[PostPlatform] | None = Field(
        None, max_length=MAX_PLATFORMS, description="The platforms it is for; none: all"
    )
    text: dict[LanguageCode, PostCopy] = Field(
        min_length=1,
        description="The post's text per language, with placeholders ({name}, {quote}, {count}, "
        "{mention}, {hashtags}, {cta}, {link}, ...); {part?} may be shortened or dropped to fit",
    )
    first_comment: dict[LanguageCode, PostCopy] | None = Field(
        None, description="An optional first comment per language (where the platform has comments)"
    )


class PostingWindow(_Model):
    """A stretch of local time when an audience is on the platforms: 18:00-21:00, or across
    midnight 19:00-01:00 (an end before the start is on the next day)."""

    start: Clock
    end: Clock = Field(
        description="Its end: after start, or before it for a window past midnight "
        "(00:00 is midnight; 19:00-01:00 ends at 01:00 the next day); not start itself"
    )


class Audience(_Model):
    """Who a post is for, where they live and when they read: its posts go out inside its
    windows, in its time zone's local time, daylight saving included."""

    id: Slug
    timezone: TimeZoneName = Field(description="The audience's IANA time zone, 'Asia/Karachi'")
    windows: list[PostingWindow] = Field(min_length=1, max_length=MAX_WINDOWS)
    languages: list[LanguageCode] | None = Field(
        None, max_length=MAX_LANGUAGES, description="The languages of the posts it reads; none: any language"
    )
    people: list[Slug] | None = Field(
        None,
        max_length=MAX_PEOPLE + MAX_SPOTLIGHTS,
        description="The people and spotlights whose posts go to it first; none: any",
    )
    account: Account = Field(
        "main",
        description="The account that posts to it (one gap per account); two accounts may not differ "
        "only by case or punctuation",
    )


class PostingPlan(_Model):
    """When the posts go out: the campaign's dates (in each audience's local calendar), the
    audiences with their posting windows, and the least time between two posts of one account
    on one platform."""

    dates: list[PlanDate] = Field(min_length=1, max_length=MAX_PLAN_DATES)
    audiences: list[Audience] = Field(min_length=1, max_length=MAX_AUDIENCES)
    gap_minutes: int = Field(60, strict=True, ge=1, le=24 * 60)


class Publishing(_Model):
    """The posts that go with the assets: their copy, the platforms and the posting plan."""

    posts: bool = Field(True, strict=True, description="Write the posts with every render")
    link: PostLink | None = Field(None, description="The campaign's link, for {link} (https://...)")
    media_url: PostLink | None = Field(
        None,
        description="Where the output folder will be published (https://cdn.example.org/campaign/): "
        "a scheduler's CSV takes each asset's URL there; none: its path in the folder",
    )
    platforms: list[PostPlatform] | None = Field(
        None,
        max_length=MAX_PLATFORMS,
        description="Write posts only for these platforms; none: each asset's own platform",
    )
    templates: list[PostTemplate] = Field(default_factory=list, max_length=MAX_POST_TEMPLATES)
    plan: PostingPlan | None = None


class Campaign(_Model):
    """The whole project file."""

    schema_: str | None = Field(
        None, alias="$schema", max_length=PATH_CHARS, description="Editor hint; ignored"
    )
    schema_version: int = Field(
        SCHEMA_VERSION,
        strict=True,
        ge=1,
        le=SCHEMA_VERSION,
        description="The file format's version; older files are migrated when loaded",
    )
    id: Slug
    languages: list[LanguageCode] = Field(
        default_factory=lambda: list(DEFAULT_LANGUAGES),
        min_length=1,
        max_length=MAX_LANGUAGES,
        json_schema_extra={"uniqueItems": True},
        description="The campaign's languages as BCP-47 codes, in order ('ar', 'en', 'ur', 'hi', "
        "'fr', 'en-IN'...): every text holds one value per language, and an output prints the "
        "first two unless it chooses its own",
    )
    title: ShortText
    tagline: OptionalShortText = None
    call_to_action: ShortText
    hashtags: list[Hashtag] = Field(min_length=1, max_length=MAX_HASHTAGS)
    brand: Brand = Field(default_factory=Brand)
    goal: Goal | None = None
    spotlights: list[Spotlight] = Field(
        default_factory=list, max_length=MAX_SPOTLIGHTS, json_schema_extra=_or_sheet
    )
    people: list[Person] = Field(max_length=MAX_PEOPLE, json_schema_extra=_or_sheet)  # none: a blank campaign
    video: VideoSettings = Field(default_factory=VideoSettings)
    outputs: Outputs = Field(default_factory=Outputs)
    publishing: Publishing = Field(default_factory=Publishing)
    speech: SpeechSettings = Field(default_factory=SpeechSettings)

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)

    # Sections read from a spreadsheet (``{"from": FILE, "sheet": NAME}``), as written: saving
    # writes the reference back, not the rows (the sheet stays the place to edit them).
    _sources: dict[str, dict[str, Any]] = PrivateAttr(default_factory=dict)

    @property
    def sources(self) -> dict[str, dict[str, Any]]:
        """Sections (``people``, ``spotlights``) that come from a spreadsheet, and from which."""
        return dict(self._sources)

    def with_sources(self, sources: dict[str, dict[str, Any]]) -> Campaign:
        """This campaign, remembering that ``sources`` came from spreadsheets."""
        self._sources = dict(sources)
        return self

    @field_validator("languages")
    @classmethod
    def _distinct(cls, languages: list[str]) -> list[str]:
        repeated = sorted({code for code in languages if languages.count(code) > 1})
        if repeated:
            raise ValueError(f"each language once: {', '.join(map(repr, repeated))} is listed twice")
        return languages

    @model_validator(mode="after")
    def _cue_languages(self) -> Campaign:
        """A caption in a language the campaign does not declare is never shown (a video prints
        the campaign's languages): told at its own path, ``people[0].cues[2].text.fr``."""
        declared = set(self.languages)
        listing = ", ".join(self.languages)
        found = [
            _error(
                PydanticCustomError(
                    "cue_language",
                    "'{lang}' is not one of the campaign's languages ({listing}); add it to "
                    "languages, or remove this text",
                    {"lang": lang, "listing": listing},
                ),
                ("people", p, "cues", c, "text", lang),  # type: ignore[arg-type]
                text,
            )
            for p, person in enumerate(self.people)
            for c, cue in enumerate(person.cues or [])
            for lang, text in cue.text.items()
            if lang not in declared
        ]
        if found:
            raise ValidationError.from_exception_data(type(self).__name__, found)
        return self

    def output_languages(self, chosen: list[str] | None) -> tuple[str, ...]:
        """The languages an output prints: its own choice, else the campaign's first two."""
        return tuple(chosen) if chosen else tuple(self.languages[:MAX_OUTPUT_LANGUAGES])

    def person(self, person_id: str) -> Person:
        for person in self.people:
            if person.id == person_id:
                return person
        raise KeyError(person_id)
