"""Numbers in the campaign's numeral style, formatted by CLDR (Babel), for any language.

It sits in the model because the numeral style is part of the campaign: templates use it for
static text and the renderer for animated counters.

Babel supplies each locale's grouping and symbols ("85,000", "85.000", "85 000" with CLDR's
narrow no-break space, the lakh grouping "1,00,000" of en-IN and Hindi); CLDR's numbering
systems supply the digits, which Babel leaves Latin, so they are swapped here from the CLDR
digit table. The style picks the digits:

- ``latn``: Latin digits;
- ``arab`` / ``native``: the language's own digits, CLDR's native numbering system: Arabic-Indic
  for Arabic (٨٥٬٠٠٠), Extended Arabic-Indic for Urdu and Persian (۸۵٬۰۰۰), Devanagari for
  Hindi (८५,०००), Latin for English or French, which have no other;
- ``country``: CLDR's default numbering system where the person lives (``ur`` in India writes
  ۸۵٬۰۰۰, in Pakistan 85,000; ``ar`` in Egypt ٨٥٬٠٠٠).

The grouping is the language's own (write ``en-IN`` for the lakh grouping), so the person's
country changes the digits only, never the separators: an English line stays 85,000 whoever
it is about. Arabic keeps its older rule, by which the country also decides the separators
(Morocco writes 85.000).
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import UnsupportedNumberingSystemError, format_decimal, format_percent

from .languages import language

NumeralStyle = Literal["latn", "arab", "native", "country"]

# CLDR numberingSystems.xml: the decimal systems that are some locale's default or native
# system, by the code point of their zero (each runs zero to nine in a row in Unicode).
_ZEROS = {
    "latn": 0x30,
    "arab": 0x660,
    "arabext": 0x6F0,
    "nkoo": 0x7C0,
    "deva": 0x966,
    "beng": 0x9E6,
    "guru": 0xA66,
    "gujr": 0xAE6,
    "orya": 0xB66,
    "tamldec": 0xBE6,
    "telu": 0xC66,
    "knda": 0xCE6,
    "mlym": 0xD66,
    "thai": 0xE50,
    "laoo": 0xED0,
    "tibt": 0xF20,
    "mymr": 0x1040,
    "khmr": 0x17E0,
    "mong": 0x1810,
    "olck": 0x1C50,
    "vaii": 0xA620,
    "mtei": 0xABF0,
    "cakm": 0x11136,
    "hmnp": 0x1E140,
    "adlm": 0x1E950,
}
_DIGITS = {system: "".join(chr(zero + i) for i in range(10)) for system, zero in _ZEROS.items()}
_DIGITS["hanidec"] = "〇一二三四五六七八九"  # CLDR's one decimal system not in a row


def digits_of(system: str) -> str | None:
    """The ten digits of a CLDR numbering system (``deva`` -> ``०१२...९``); None for one that
    is not decimal or not known here."""
    return _DIGITS.get(system)


def _system_and_locale(lang: str, style: NumeralStyle, country: str | None) -> tuple[str, str]:
    """The numbering system (digits) and the Babel locale (separators) of a number in
    ``lang``. A code CLDR does not know is written as English is (never an error)."""
    try:
        facts = language(lang)
    except ValueError:
        return "latn", "en"
    if facts.base == "ar":
        return _arabic_system_and_locale(style, country or _region(lang))
    locale = _babel_id(lang)
    if style == "latn":
        system = "latn"
    elif style == "country":
        system = _default_system(
            locale if _region(lang) or not country else f"{facts.base}_{country.upper()}"
        )
    else:
        system = facts.native_digits
    return (system if system in _DIGITS else "latn"), locale


def _arabic_system_and_locale(style: NumeralStyle, country: str | None) -> tuple[str, str]:
    """Arabic's rule, unchanged since Takatof wrote only Arabic and English: ``latn`` is written
    as English is (85,000); ``arab`` with Egypt's symbols (٨٥٬٠٠٠); ``country`` takes the
    country's locale for the digits and the separators alike (Morocco: 85.000)."""
    if style == "country" and country:
        locale = f"ar_{country.upper()}"
        try:
            system = Locale.parse(locale).default_numbering_system
        except (UnknownLocaleError, ValueError):
            return "latn", "ar"
        return (system if system in _DIGITS else "latn"), locale
    return ("arab", "ar_EG") if style in ("arab", "native") else ("latn", "en")


def _babel_id(lang: str) -> str:
    """Babel's locale for a BCP-47 code that CLDR knows: ``en-IN`` -> ``en_IN``. Plain English
    is ``en`` (American separators, which every English card has used)."""
    return str(Locale.parse(lang.replace("-", "_")))


def _region(lang: str) -> str | None:
    """The region a BCP-47 code names (``IN`` of ``en-IN``), if any."""
    try:
        return Locale.parse(lang.replace("-", "_")).territory
    except (UnknownLocaleError, ValueError):
        return None


def _default_system(locale: str) -> str:
    """CLDR's default numbering system of a locale (``ur_IN`` -> ``arabext``); Latin for a
    locale CLDR does not have (an unknown country)."""
    try:
        return Locale.parse(locale).default_numbering_system
    except (UnknownLocaleError, ValueError):
        return "latn"


def _digits(text: str, system: str) -> str:
    return text.translate(str.maketrans("0123456789", _DIGITS[system]))


def _decimal_text(number: decimal.Decimal | float, locale: str, system: str) -> str:
    """Babel's text of a number in a locale's separators for ``system``, falling back to the
    locale's Latin separators where its data has none for the system."""
    try:
        return format_decimal(number, locale=locale, numbering_system=system)
    except UnsupportedNumberingSystemError:
        return format_decimal(number, locale=locale, numbering_system="latn")


def format_number(
    value: int | float, lang: str, style: NumeralStyle = "latn", country: str | None = None
) -> str:
    """``85000`` -> "85,000" (English, or Arabic with Latin digits), "٨٥٬٠٠٠" (Arabic), "८५,०००"
    (Hindi, native digits), "85 000" (French), "1,00,000" (``100000`` in en-IN)."""
    system, locale = _system_and_locale(lang, style, country)
    number = _decimal(value)
    with _precision_for(number):
        return _strip_marks(_digits(_decimal_text(number, locale, system), system))


def format_percent_value(
    fraction: float, lang: str, style: NumeralStyle = "latn", country: str | None = None
) -> str:
    """``0.34`` -> "34%" or "٣٤٪" (without the invisible direction marks CLDR adds: the text
    engine orders runs itself)."""
    system, locale = _system_and_locale(lang, style, country)
    number = _decimal(fraction)
    with _precision_for(number, extra=2):  # a percentage has two more digits
        try:
            text = format_percent(number, locale=locale, numbering_system=system)
        except UnsupportedNumberingSystemError:
            text = format_percent(number, locale=locale, numbering_system="latn")
    # Babel keeps the pattern's ASCII '%'; CLDR's symbol for the system is e.g. '٪' for arab.
    sign = Locale.parse(locale).number_symbols.get(system, {}).get("percentSign", "%")
    return _digits(_strip_marks(text.replace("%", _strip_marks(sign))), system)


def format_date_value(
    value: dt.date | dt.time, lang: str, style: NumeralStyle = "latn", country: str | None = None
) -> str:
    """A date, time or both (a spreadsheet's date cell) as a person writes it in ``lang``:
    CLDR's long date, "4 March 2024" / "٤ آذار ٢٠٢٤" / "4 mars 2024", with a short time after
    it when the time is not midnight ("4 March 2024, 14:30"). English without a region takes
    the day-month-year order (en_GB) of the campaigns' region; a language with a region
    (en-US, fr-CA) that region's. Arabic takes the month names of the person's country when
    it is known (آذار in Lebanon, مارس in Egypt). Digits follow the numeral style as for
    numbers (Hindi's native style writes ४ मार्च २०२४)."""
    system, _ = _system_and_locale(lang, style, country)
    locale = _date_locale(lang, country)
    if isinstance(value, dt.datetime):
        day = format_date(value.date(), "long", locale=locale)
        if value.time() == dt.time(0, 0):
            text = day
        else:
            clock = format_time(value.time(), "short", locale=locale)
            text = str(Locale.parse(locale).datetime_formats["medium"]).format(clock, day)
    elif isinstance(value, dt.date):
        text = format_date(value, "long", locale=locale)
    else:
        text = format_time(value, "short", locale=locale)
    return _digits(_strip_marks(text).replace("\u202f", " "), system)


def _date_locale(lang: str, country: str | None) -> str:
    try:
        facts = language(lang)
    except ValueError:
        return "en_GB"
    if lang == "en":
        return "en_GB"
    if facts.base != "ar":
        return _babel_id(lang)
    country = country or _region(lang)
    if country:  # month names are the country's (آذار in the Levant) whatever its digits
        try:
            Locale.parse(f"ar_{country.upper()}")
        except (UnknownLocaleError, ValueError):
            return "ar"
        return f"ar_{country.upper()}"
    return "ar"


def _decimal(value: int | float) -> decimal.Decimal | float:
    """The value as Babel formats it. Babel turns a number into a Decimal through ``str()``,
    which Python refuses for an int of more than 4,300 digits; an int converts exactly
    without it. A float keeps its shortest text (what Babel would read); infinity and NaN
    stay floats, which Babel writes as ∞ and NaN."""
    if isinstance(value, float):
        return decimal.Decimal(repr(value)) if math.isfinite(value) else value
    return decimal.Decimal(value)


@contextmanager
def _precision_for(number: decimal.Decimal | float, extra: int = 0) -> Iterator[None]:
    """Enough decimal precision for every digit of ``number``. Babel rounds in the current
    decimal context, whose 28 digits make a number of 26 digits or more raise
    InvalidOperation. Validation bounds the numbers a project holds; this is defence in
    depth, so formatting itself can never be what fails."""
    with decimal.localcontext() as context:
        if isinstance(number, decimal.Decimal) and number.is_finite():
            context.prec = max(context.prec, number.adjusted() + extra + 10)
        yield


def _strip_marks(text: str) -> str:
    return text.replace("\u061c", "").replace("\u200e", "").replace("\u200f", "")
