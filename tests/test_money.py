"""Money as a finance reader writes it on a slide: ``$50K``, ``$1.2M``, ``€80K``, ``CHF 12K``.

The rules (``src/money.rs``): whole currency units below a thousand, cents below one;
from a thousand on a ``K``/``M``/``B``/``T`` suffix with three significant digits and no
trailing zeros; rounding that reaches 1,000 of a unit moves to the next unit; a minus
sign before the currency; well-known codes become symbols, other codes are written out
followed by a space. Every expected string below was worked out by hand from those rules.
"""

from __future__ import annotations

import math

import pytest
from repave_cost import _core

USD_CASES = [
    # (value, expected)
    (0.0, "$0"),
    (-0.0, "$0"),
    (0.5, "$0.50"),  # cents keep two decimals
    (0.07, "$0.07"),
    (0.001, "$0"),  # rounds to nothing: no "$0.00"
    (1.0, "$1"),
    (12.0, "$12"),
    (12.4, "$12"),  # whole dollars below a thousand
    (99.0, "$99"),
    (999.0, "$999"),
    (999.7, "$1K"),  # rounds to 1,000: written in thousands
    (1_000.0, "$1K"),
    (1_050.0, "$1.05K"),
    (1_499.0, "$1.5K"),  # 1.499 -> three significant digits 1.50 -> "1.5"
    (9_996.0, "$10K"),  # 9.996 -> 10.00 -> "10"
    (12_345.0, "$12.3K"),
    (50_000.0, "$50K"),
    (99_960.0, "$100K"),
    (125_000.0, "$125K"),
    (125_400.0, "$125K"),  # three significant digits only
    (999_999.0, "$1M"),  # not "$1000K"
    (1_000_000.0, "$1M"),
    (1_200_000.0, "$1.2M"),
    (1_234_567.0, "$1.23M"),
    (47_600_000.0, "$47.6M"),
    (1e9, "$1B"),
    (3.4e9, "$3.4B"),
    (7e12, "$7T"),
    # negatives: the minus sign goes before the currency
    (-0.5, "-$0.50"),
    (-0.001, "$0"),  # nothing left to be negative about
    (-12.0, "-$12"),
    (-3_400.0, "-$3.4K"),
    (-12_345.0, "-$12.3K"),
    (-999_999.0, "-$1M"),
    (-1.2e6, "-$1.2M"),
    (-3.4e9, "-$3.4B"),
]

CURRENCY_CASES = [
    # (value, currency, expected)
    (50_000.0, "USD", "$50K"),
    (50_000.0, "usd", "$50K"),  # codes are case-insensitive
    (80_000.0, "EUR", "€80K"),
    (1.2e6, "EUR", "€1.2M"),
    (-3_400.0, "EUR", "-€3.4K"),
    (950.0, "GBP", "£950"),
    (12_345.0, "GBP", "£12.3K"),
    (0.5, "GBP", "£0.50"),
    (1_500_000.0, "JPY", "¥1.5M"),
    (125_000.0, "JPY", "¥125K"),
    (12_000.0, "CHF", "CHF 12K"),  # no symbol: the code and a space
    (999_999.0, "CHF", "CHF 1M"),
    (-12_000.0, "CHF", "-CHF 12K"),
    (12.0, "CHF", "CHF 12"),
    (2_000.0, "SEK", "SEK 2K"),
    (3.4e9, "xyz", "XYZ 3.4B"),  # an unknown code is written out in upper case
    (2_000.0, "$", "$2K"),  # a literal symbol is used as given
    (2_000.0, "", "2K"),  # no currency: no prefix
]


@pytest.mark.parametrize(("value", "expected"), USD_CASES)
def test_usd_amounts(value: float, expected: str) -> None:
    assert _core.format_money(value, "USD") == expected


@pytest.mark.parametrize(("value", "currency", "expected"), CURRENCY_CASES)
def test_currencies(value: float, currency: str, expected: str) -> None:
    assert _core.format_money(value, currency) == expected


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_is_not_available(value: float) -> None:
    assert _core.format_money(value, "USD") == "n/a"


@pytest.mark.parametrize("value", [1_000.0, 10_000.0, 100_000.0, 1e6, 1e9, 1e12])
def test_round_amounts_have_no_decimals(value: float) -> None:
    text = _core.format_money(value, "USD")
    assert "." not in text
    assert text[-1] in "KMBT"


@pytest.mark.parametrize("value", [1_234.0, 23_456.0, 345_678.0, 4_567_890.0, 56_789_012.0])
def test_at_most_three_significant_digits(value: float) -> None:
    digits = [c for c in _core.format_money(value, "USD") if c.isdigit()]
    assert len(digits) == 3


def test_negative_mirrors_positive() -> None:
    for value in (0.5, 12.0, 1_499.0, 50_000.0, 999_999.0, 3.4e9):
        for currency in ("USD", "EUR", "CHF"):
            positive = _core.format_money(value, currency)
            assert _core.format_money(-value, currency) == "-" + positive
