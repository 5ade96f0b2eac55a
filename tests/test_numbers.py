"""Numbers in the campaign's numeral style (Babel/CLDR), as DESIGN.md describes them."""

from __future__ import annotations

import pytest

from takatof.model.numbers import format_number, format_percent_value

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
