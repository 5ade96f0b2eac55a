"""Numbers in the campaign's numeral style (Babel/CLDR), as DESIGN.md describes them."""

from __future__ import annotations

import pytest

from app.model.numbers import format_number, format_percent_value

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
    from app.model import Brand

    brand = Brand(numerals="country", numerals_by_country=overrides)
    assert format_number(85000, "ar", brand.numerals_for(country), country) == expected
