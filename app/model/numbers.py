"""Numbers in the campaign's numeral style, formatted by CLDR (Babel).

It sits in the model because the numeral style is part of the campaign: templates use it for
static text and the renderer for animated counters.

Babel supplies each locale's grouping and symbols ("85,000", "85.000", "85٬000"); CLDR's
numbering systems supply the digits, which Babel leaves Latin, so they are swapped here from
the CLDR digit table. Egypt writes ٨٥٬٠٠٠; Morocco 85.000; an English line always 85,000.
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
from babel.numbers import format_decimal, format_percent

NumeralStyle = Literal["latn", "arab", "country"]

# CLDR numberingSystems.xml: the digits of the systems Arabic-script locales use.
_DIGITS = {
    "latn": "0123456789",
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
}


def _system_and_locale(lang: str, style: NumeralStyle, country: str | None) -> tuple[str, str]:
    if lang != "ar":
        return "latn", "en"
    if style == "country" and country:
        locale = f"ar_{country.upper()}"
        try:
            system = Locale.parse(locale).default_numbering_system
        except (UnknownLocaleError, ValueError):
            return "latn", "ar"
        return (system if system in _DIGITS else "latn"), locale
    return ("arab", "ar_EG") if style == "arab" else ("latn", "en")


def _digits(text: str, system: str) -> str:
    return text.translate(str.maketrans("0123456789", _DIGITS[system]))


def format_number(
    value: int | float, lang: str, style: NumeralStyle = "latn", country: str | None = None
) -> str:
    """``85000`` -> "85,000" (English, or Arabic with Latin digits) or "٨٥٬٠٠٠"."""
    system, locale = _system_and_locale(lang, style, country)
    number = _decimal(value)
    with _precision_for(number):
        return _digits(format_decimal(number, locale=locale, numbering_system=system), system)


def format_percent_value(
    fraction: float, lang: str, style: NumeralStyle = "latn", country: str | None = None
) -> str:
    """``0.34`` -> "34%" or "٣٤٪" (without the invisible direction marks CLDR adds: the text
    engine orders runs itself)."""
    system, locale = _system_and_locale(lang, style, country)
    number = _decimal(fraction)
    with _precision_for(number, extra=2):  # a percentage has two more digits
        text = format_percent(number, locale=locale, numbering_system=system)
    # Babel keeps the pattern's ASCII '%'; CLDR's symbol for the system is e.g. '٪' for arab.
    sign = Locale.parse(locale).number_symbols.get(system, {}).get("percentSign", "%")
    return _digits(_strip_marks(text.replace("%", _strip_marks(sign))), system)


def format_date_value(
    value: dt.date | dt.time, lang: str, style: NumeralStyle = "latn", country: str | None = None
) -> str:
    """A date, time or both (a spreadsheet's date cell) as a person writes it in ``lang``:
    CLDR's long date, "4 March 2024" / "٤ آذار ٢٠٢٤", with a short time after it when the
    time is not midnight ("4 March 2024, 14:30"). English takes the day-month-year order
    (en_GB) of the campaigns' region; Arabic takes the month names of the person's country
    when it is known (آذار in Lebanon, مارس in Egypt) and the digits of the campaign's
    numeral style for that country."""
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
    if lang != "ar":
        return "en_GB"
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
