"""The campaign's languages: BCP-47 codes, and what CLDR (through Babel) says about each.

A campaign declares its languages in order (``["ar", "en"]`` unless it says otherwise); every
text holds a value per declared language and each output chooses one or two of them. What a
template needs to know of a language — which way it runs, its script, its own digits, its
name — comes from here, never from a list of codes typed into the code: a campaign in Urdu,
Hindi, French or Swahili works the day it is declared.

Codes are written as BCP-47 (``en-IN``, ``zh-Hant``); Babel's identifiers (``en_IN``) stay
inside this module.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

DEFAULT_LANGUAGES: tuple[str, ...] = ("ar", "en")
"""A campaign that declares none: bilingual Arabic and English, Takatof's first audience."""

MAX_LANGUAGES = 12
"""Far above a real campaign (UNICEF's polio story ran in five); bounds every text's size."""

MAX_OUTPUT_LANGUAGES = 2
"""An output prints one language or two, one above the other; three do not fit a card."""

_SHAPE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")

CODE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
"""A language code's shape as the JSON Schema states it, for an editor: BCP-47's language
subtag (lower case) and its script, region or variant subtags. The model checks more (that
CLDR knows the code, and its spelling: :func:`problem`), with a message of its own."""

Direction = Literal["rtl", "ltr"]


@dataclass(frozen=True)
class Language:
    """What the templates and the text engine need to know of one declared language."""

    code: str  # BCP-47, as the campaign writes it: "ur", "en-IN"
    base: str  # the language subtag alone: "ur", "en"
    script: str  # ISO 15924, written or likely: "Arab", "Deva", "Latn"
    direction: Direction
    name: str  # in English: "Urdu", "English (India)"
    native_name: str  # in itself: "اردو", "हिन्दी"
    native_digits: str  # CLDR's native numbering system: "arab", "arabext", "deva", "latn"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


def declared(data: object) -> list[str]:
    """The languages a campaign's raw data declares, as written (the editing core changes
    them as written, and validation says what is wrong with them); the default pair when the
    data names none, or names them in a shape that is not a list of texts."""
    languages = data.get("languages") if isinstance(data, dict) else None
    if isinstance(languages, list) and all(isinstance(code, str) for code in languages):
        return list(languages)
    return list(DEFAULT_LANGUAGES)


def _locale(code: str) -> Locale:
    """Babel's locale for ``code``, refusing one Babel only approximates: Babel answers an
    unknown region (``en-ZZ``) or ``und`` with American English and drops a script it has
    no data for (``ar-Latn`` would read as right-to-left Arabic), which would give a text
    the wrong direction or digits without a word. Raises ValueError for those."""
    locale = Locale.parse(code.replace("-", "_"))
    parts = code.split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    region = next((p for p in parts[1:] if len(p) in (2, 3) and (p.isalpha() or p.isdigit())), None)
    if locale.language != parts[0].lower():
        raise ValueError(f"CLDR knows {code!r} only as {locale.language!r}")
    if script is not None and (locale.script or "").lower() != script.lower():
        raise ValueError(f"CLDR has no data for {code!r} in that script")
    if region is not None and (locale.territory or "").lower() != region.lower():
        raise ValueError(f"CLDR has no data for {code!r} in that region")
    return locale


def _alias(code: str) -> str | None:
    """Today's code for a code that is a deprecated alias (``iw`` -> ``he``, ``in`` -> ``id``,
    ``tl`` -> ``fil``), keeping the subtags after it; None for any other code."""
    parts = code.split("-")
    aliases: Mapping[str, str] = get_global("language_aliases")
    replacement = aliases.get(parts[0].lower())
    if not isinstance(replacement, str):
        return None
    return normalise("-".join([replacement.replace("_", "-"), *parts[1:]]))


@functools.lru_cache(maxsize=256)
def language(code: str) -> Language:
    """The facts of ``code`` (a valid code: see :func:`problem`). Raises ValueError for a code
    CLDR does not know."""
    try:
        locale = _locale(code)
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"unknown language {code!r}") from error
    likely = get_global("likely_subtags")
    script = locale.script or _script_of(str(likely.get(locale.language, "")))
    return Language(
        code=code,
        base=locale.language,
        script=script or "Latn",
        direction="rtl" if locale.text_direction == "rtl" else "ltr",
        name=locale.english_name or code,
        native_name=locale.display_name or code,
        native_digits=locale.other_numbering_systems.get("native", locale.default_numbering_system),
    )


def _script_of(likely: str) -> str:
    """The script subtag of a likely-subtags identifier such as ``ur_Arab_PK``."""
    parts = likely.split("_")
    return next((p for p in parts[1:] if len(p) == 4 and p.istitle()), "")


def is_rtl(code: str) -> bool:
    """Whether ``code`` runs right to left (unknown codes are taken as left to right)."""
    try:
        return language(code).rtl
    except ValueError:
        return False


def babel_locale(code: str) -> str:
    """Babel's identifier for a BCP-47 code: ``en-IN`` -> ``en_IN``."""
    return str(_locale(code))


@functools.lru_cache(maxsize=1024)
def problem(code: str) -> str | None:
    """Why ``code`` is not a language a campaign can declare, for a person; None when it is."""
    if not _SHAPE.match(code):
        return f"{code!r} is not a language code; write a BCP-47 code such as 'ar', 'en', 'ur' or 'en-IN'"
    alias = _alias(code)
    if alias is not None:
        return f"{code!r} is an old code; write the language as {alias!r}"
    try:
        language(code)
    except ValueError:
        return f"unknown language {code!r}; write a BCP-47 code such as 'ar', 'en', 'ur' or 'en-IN'"
    canonical = normalise(code)
    if canonical != code:
        return f"write the language as {canonical!r}"
    return None


def normalise(code: str) -> str:
    """``code`` spelled as BCP-47 recommends: language lower case, script title case, region
    upper case (``EN-in`` -> ``en-IN``)."""
    parts = code.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) in (2, 3) and (part.isalpha() or part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def _check(code: str) -> str:
    why = problem(code)
    if why is not None:
        raise PydanticCustomError("language_code", why)
    return code


LanguageCode = Annotated[
    str,
    Field(min_length=2, max_length=35, json_schema_extra={"pattern": CODE_PATTERN}),
    AfterValidator(_check),
]
"""A BCP-47 language code CLDR knows, in its canonical spelling."""


def name_of(code: str) -> str:
    """``code``'s English name for messages ("Urdu (ur)"); the code alone when unknown."""
    try:
        return f"{language(code).name} ({code})"
    except ValueError:
        return code
