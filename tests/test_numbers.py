"""Numbers in the campaign's numeral style (Babel/CLDR), as DESIGN.md describes them."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest

from takatof.model.numbers import digits_of, format_date_value, format_number, format_percent_value

MARKS = ("\u061c", "\u200e", "\u200f")  # ALM, LRM, RLM: CLDR adds them, our engine orders runs


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((85000, "en"), "85,000"),
        ((85000, "en", "arab"), "85,000"),  # an English line always uses Latin digits
        ((85000, "ar", "latn"), "85,000"),
        ((85000, "ar", "arab"), "٨٥٬٠٠٠"),
        ((85000, "ar", "country", "EG"), "٨٥٬٠٠٠"),
        ((85000, "ar", "country", "eg"), "٨٥٬٠٠٠"),
        ((85000, "ar", "country", "MA"), "85.000"),  # CLDR: Morocco groups with a dot
        ((85000, "ar", "country", "XX"), "85,000"),  # unknown country: Latin digits
        ((85000, "ar", "country", "US"), "85,000"),  # no ar_US locale in CLDR
        ((85000, "ar", "country", None), "85,000"),
        ((340000, "en"), "340,000"),
        ((340000, "ar", "arab"), "٣٤٠٬٠٠٠"),
        ((340000, "ar", "country", "MA"), "340.000"),
        ((189000, "ar", "arab"), "١٨٩٬٠٠٠"),
        ((189000, "ar", "country", "EG"), "١٨٩٬٠٠٠"),
        ((5000, "en"), "5,000"),
        ((5000, "ar", "arab"), "٥٬٠٠٠"),
        ((5000, "ar", "latn"), "5,000"),
        ((250000, "ar", "arab"), "٢٥٠٬٠٠٠"),
        ((0, "ar", "arab"), "٠"),
    ],
    ids=lambda v: "-".join(map(str, v)) if isinstance(v, tuple) else v,
)
def test_format_number(args: tuple, expected: str) -> None:
    assert format_number(*args) == expected


@pytest.mark.parametrize("country", ["XX", "QQ", "", "not-a-country"])
def test_unknown_country_never_raises(country: str) -> None:
    text = format_number(85000, "ar", "country", country)
    assert text.replace(",", "").replace(".", "").isascii()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((0.65, "en"), "65%"),
        ((0.65, "ar", "latn"), "65%"),
        # The docstring (and CLDR's symbols for the "arab" system) promise the Arabic
        # percent sign U+066A with Arabic-Indic digits, not an ASCII '%'.
        ((0.65, "ar", "arab"), "٦٥٪"),
    ],
    ids=["en", "ar-latn", "ar-arab"],
)
def test_format_percent_value(args: tuple, expected: str) -> None:
    assert format_percent_value(*args) == expected


@pytest.mark.parametrize(
    "args",
    [
        (0.65, "en"),
        (0.65, "ar", "latn"),
        (0.65, "ar", "arab"),
        (0.65, "ar", "country", "EG"),
        (0.65, "ar", "country", "MA"),
        (0.034, "ar", "arab"),
    ],
)
def test_percent_has_no_invisible_direction_marks(args: tuple) -> None:
    """CLDR's Arabic patterns carry ALM/LRM/RLM; drawn by our own bidi + raqm they would
    at best be useless and at worst show as boxes."""
    text = format_percent_value(*args)
    assert not any(mark in text for mark in MARKS), ascii(text)
    assert any(c.isdigit() for c in text)


@pytest.mark.parametrize(
    "args",
    [(85000, "ar", "arab"), (85000, "ar", "country", "EG"), (85000, "ar", "country", "MA"), (85000, "en")],
)
def test_numbers_have_no_invisible_direction_marks(args: tuple) -> None:
    assert not any(mark in format_number(*args) for mark in MARKS)


@pytest.mark.parametrize(
    ("overrides", "country", "expected"),
    [
        ({}, "LB", "٨٥٬٠٠٠"),  # CLDR's default for ar_LB
        ({"LB": "latn"}, "LB", "85,000"),  # what Lebanese social media mostly writes
        ({"LB": "latn"}, "EG", "٨٥٬٠٠٠"),  # other countries keep the campaign's style
        ({"EG": "latn"}, "EG", "85,000"),
    ],
)
def test_campaign_can_override_numerals_per_country(overrides, country, expected):
    """DESIGN.md: a campaign picks its numeral style; CLDR is the default, not the last word."""
    from takatof.model import Brand

    brand = Brand(numerals="country", numerals_by_country=overrides)
    assert format_number(85000, "ar", brand.numerals_for(country), country) == expected


# --- numbers far beyond any campaign: formatting is defence in depth behind validation ---------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # Babel rounds in a decimal context of 28 digits: 26 digits and up raised InvalidOperation.
        ((10**25, "en"), "10,000,000,000,000,000,000,000,000"),
        ((10**25, "ar", "arab"), "١٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠٬٠٠٠"),
        ((10**25, "ar", "country", "MA"), "10.000.000.000.000.000.000.000.000"),
        ((-(10**30), "en"), "-1,000,000,000,000,000,000,000,000,000,000"),
        ((1e30, "en"), "1,000,000,000,000,000,000,000,000,000,000"),
        ((float("inf"), "en"), "∞"),
        ((float("nan"), "ar", "arab"), "NaN"),
        # Floats keep the text Babel always read them from (their shortest form).
        ((42500.5, "en"), "42,500.5"),
        ((2.675, "ar", "arab"), "٢٫٦٧٥"),
        ((0.1, "en"), "0.1"),
    ],
    ids=lambda v: ascii(v)[:40] if isinstance(v, tuple) else v,
)
def test_huge_and_odd_numbers_format_without_raising(args: tuple, expected: str) -> None:
    assert format_number(*args) == expected


def test_more_digits_than_python_turns_into_text() -> None:
    """``str()`` of an int of more than 4,300 digits raises ValueError; Babel used it."""
    text = format_number(10**5000, "en")
    assert text.startswith("100,000,") and text.count(",") == 5000 // 3  # 5,001 digits
    assert format_percent_value(10**5000, "ar", "arab").endswith("٠٠٪")


def test_formatting_leaves_the_decimal_context_alone() -> None:
    import decimal

    before = decimal.getcontext().prec
    format_number(10**40, "en")
    assert decimal.getcontext().prec == before


# --- any language: CLDR's grouping of the language, digits of the style ----------------------

NNBSP = "\u202f"  # CLDR's French group separator, the narrow no-break space


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # English and Arabic: exactly as before languages were the campaign's.
        ((85000, "en"), "85,000"),
        ((100000, "en"), "100,000"),
        ((100000, "en", "arab"), "100,000"),
        ((100000, "en", "country", "IN"), "100,000"),  # the person's country never regroups English
        ((85000, "ar", "latn"), "85,000"),
        ((85000, "ar", "arab"), "٨٥٬٠٠٠"),
        ((85000, "ar", "native"), "٨٥٬٠٠٠"),  # "native" is Arabic's own digits, as "arab"
        ((85000, "ar", "country", "MA"), "85.000"),
        ((85000, "ar-MA", "country"), "85.000"),  # the region of the code is the country
        # English of India: lakh grouping, Latin digits whatever the style.
        ((85000, "en-IN"), "85,000"),
        ((100000, "en-IN"), "1,00,000"),
        ((12345678, "en-IN"), "1,23,45,678"),
        ((100000, "en-IN", "arab"), "1,00,000"),
        # Hindi: lakh grouping; native digits are Devanagari; India's default is Latin.
        ((85000, "hi"), "85,000"),
        ((85000, "hi", "latn"), "85,000"),
        ((85000, "hi", "arab"), "८५,०००"),
        ((100000, "hi", "native"), "१,००,०००"),
        ((85000, "hi", "country", "IN"), "85,000"),
        # Urdu: native digits Extended Arabic-Indic with CLDR's Arabic separator; Latin in
        # Pakistan, Extended Arabic-Indic in India (CLDR's defaults for ur_PK and ur_IN).
        ((85000, "ur"), "85,000"),
        ((85000, "ur", "arab"), "۸۵٬۰۰۰"),
        ((85000, "ur", "native"), "۸۵٬۰۰۰"),
        ((85000, "ur", "country", "PK"), "85,000"),
        ((85000, "ur", "country", "IN"), "۸۵٬۰۰۰"),
        ((85000, "ur-IN", "country"), "۸۵٬۰۰۰"),
        ((85000, "ur", "country", "XX"), "85,000"),
        ((-85000, "ur", "arab"), "-۸۵٬۰۰۰"),  # CLDR's LRM around the minus is left out
        ((85000, "fa", "arab"), "۸۵٬۰۰۰"),
        ((85000, "bn", "native"), "৮৫,০০০"),
        # French and German: their own separators; no other digits to choose.
        ((85000, "fr"), f"85{NNBSP}000"),
        ((85000, "fr", "arab"), f"85{NNBSP}000"),
        ((85000, "fr", "country", "CD"), f"85{NNBSP}000"),
        ((1234.5, "fr"), f"1{NNBSP}234,5"),
        ((85000, "de"), "85.000"),
        ((1234.5, "de"), "1.234,5"),
        # A code CLDR does not know is written as English is, never an error.
        ((85000, "zz"), "85,000"),
        ((85000, "zz", "arab", "IN"), "85,000"),
    ],
    ids=lambda v: ascii(v) if isinstance(v, tuple) else v,
)
def test_format_number_in_any_language(args: tuple, expected: str) -> None:
    assert format_number(*args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((0.65, "en"), "65%"),
        ((0.65, "ar", "arab"), "٦٥٪"),
        ((0.65, "ur", "arab"), "۶۵٪"),  # CLDR's percent sign of Urdu's arabext
        ((0.65, "hi", "arab"), "६५%"),
        ((0.65, "fr"), "65\u00a0%"),
        ((0.65, "de"), "65\u00a0%"),
    ],
    ids=lambda v: ascii(v) if isinstance(v, tuple) else v,
)
def test_format_percent_in_any_language(args: tuple, expected: str) -> None:
    assert format_percent_value(*args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((dt.date(2024, 3, 4), "en"), "4 March 2024"),
        ((dt.date(2024, 3, 4), "en-US"), "March 4, 2024"),
        ((dt.date(2024, 3, 4), "ar", "arab", "LB"), "٤ آذار ٢٠٢٤"),
        ((dt.date(2024, 3, 4), "ar", "latn", "EG"), "4 مارس 2024"),
        ((dt.date(2024, 3, 4), "fr"), "4 mars 2024"),
        ((dt.date(2024, 3, 4), "de"), "4. März 2024"),
        ((dt.date(2024, 3, 4), "hi"), "4 मार्च 2024"),
        ((dt.date(2024, 3, 4), "hi", "native"), "४ मार्च २०२४"),
        ((dt.date(2024, 3, 4), "ur", "arab"), "۴ مارچ، ۲۰۲۴"),
        ((dt.datetime(2024, 3, 4, 14, 30), "de"), "4. März 2024, 14:30"),
        ((dt.date(2024, 3, 4), "zz"), "4 March 2024"),
    ],
    ids=lambda v: ascii(v) if isinstance(v, tuple) else v,
)
def test_format_date_in_any_language(args: tuple, expected: str) -> None:
    assert format_date_value(*args) == expected


@pytest.mark.parametrize(
    "system",
    [
        "latn", "arab", "arabext", "nkoo", "deva", "beng", "guru", "gujr", "orya", "tamldec", "telu",
        "knda", "mlym", "thai", "laoo", "tibt", "mymr", "khmr", "mong", "olck", "vaii", "mtei",
        "cakm", "hmnp", "adlm",
    ],
)  # fmt: skip
def test_each_numbering_system_has_its_ten_digits_in_order(system: str) -> None:
    digits = digits_of(system)
    assert digits is not None and len(digits) == 10
    assert [unicodedata.digit(d) for d in digits] == list(range(10))


def test_every_native_or_default_system_of_cldr_has_its_digits() -> None:
    """Any language CLDR knows gets its native digits: no system of a locale is missing from
    the table (a missing one would silently write Latin digits)."""
    from babel import Locale, localedata

    systems = set()
    for name in localedata.locale_identifiers():
        locale = Locale.parse(name)
        systems |= {locale.default_numbering_system, locale.other_numbering_systems.get("native")}
    systems.discard(None)
    assert {s for s in systems if digits_of(s) is None} == set()
    assert digits_of("hanidec") == "〇一二三四五六七八九" and digits_of("roman") is None


@pytest.mark.parametrize("lang", ["en", "ar", "ur", "hi", "fr", "de", "en-IN", "fa", "bn", "zz"])
@pytest.mark.parametrize("style", ["latn", "arab", "native", "country"])
def test_no_language_or_style_writes_direction_marks_or_raises(lang: str, style: Any) -> None:
    for value in (85000, -1234.5):
        text = format_number(value, lang, style, "IN")
        assert not any(mark in text for mark in MARKS), ascii(text)
    assert not any(mark in format_percent_value(0.5, lang, style, "PK") for mark in MARKS)
