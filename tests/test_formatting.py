"""The public formatting functions: ``rc.format_money`` and ``rc.format_probability``.

Every expected string was worked out by hand from the documented rules: money in three
significant digits with a ``K``/``M``/``B`` suffix; probabilities rounded half away from
zero at the last decimal shown, and a probability strictly between 0 and 1 never shown as
0% or 100%.
"""

from __future__ import annotations

import math

import pytest
import repave_cost as rc


def test_both_are_public() -> None:
    assert "format_money" in rc.__all__
    assert "format_probability" in rc.__all__


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (50_000, "USD", "$50K"),
        (1_250_000.0, "USD", "$1.25M"),
        (-3_400.0, "USD", "-$3.4K"),
        (80_000.0, "EUR", "€80K"),
        (12_000.0, "CHF", "CHF 12K"),
        (999_999.0, "USD", "$1M"),  # rounds up into the next unit
        (12.4, "USD", "$12"),
        (0.5, "USD", "$0.50"),
        (2_000_000_000.0, "GBP", "£2B"),
    ],
)
def test_money(value: float, currency: str, expected: str) -> None:
    assert rc.format_money(value, currency) == expected


def test_money_defaults_to_dollars() -> None:
    assert rc.format_money(75_500) == "$75.5K"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_money_not_a_number(value: float) -> None:
    assert rc.format_money(value) == "n/a"


@pytest.mark.parametrize(
    ("p", "decimals", "expected"),
    [
        (0.125, 1, "12.5%"),
        (0.734, 0, "73%"),
        (0.0, 1, "0.0%"),
        (1.0, 1, "100.0%"),
        (0.0, 0, "0%"),
        (1.0, 0, "100%"),
        # Exactly 0.5% is half a unit: it rounds up to 1% (it printed "0%").
        (0.005, 0, "1%"),
        (0.0049, 0, "<1%"),
        (0.001, 0, "<1%"),
        (0.015, 0, "2%"),
        (0.994, 0, "99%"),
        (0.995, 0, ">99%"),  # would round to 100%
        (0.0004, 1, "<0.1%"),
        (0.0005, 1, "0.1%"),
        (0.999, 1, "99.9%"),
        (0.9996, 1, ">99.9%"),
        (1e-7, 1, "<0.1%"),
        (0.5, 3, "50.000%"),
        (1e-7, 6, "0.000010%"),
    ],
)
def test_probability(p: float, decimals: int, expected: str) -> None:
    assert rc.format_probability(p, decimals=decimals) == expected


def test_probability_defaults_to_one_decimal() -> None:
    assert rc.format_probability(0.42) == "42.0%"


def test_probability_not_a_number() -> None:
    assert rc.format_probability(math.nan) == "n/a"


@pytest.mark.parametrize("p", [-0.01, 1.5, math.inf])
def test_probability_outside_zero_one_is_a_value_error(p: float) -> None:
    with pytest.raises(rc.ScenarioError, match=r"p must be a probability in \[0, 1\]"):
        rc.format_probability(p)


@pytest.mark.parametrize("decimals", [-1, 7, 2**70])
def test_decimals_outside_their_range(decimals: int) -> None:
    with pytest.raises(ValueError, match=r"decimals must be an integer in \[0, 6\]"):
        rc.format_probability(0.5, decimals=decimals)


@pytest.mark.parametrize("decimals", [1.0, "1", True])
def test_decimals_of_the_wrong_type(decimals: object) -> None:
    with pytest.raises(TypeError, match="decimals"):
        rc.format_probability(0.5, decimals=decimals)  # type: ignore[arg-type]


def test_the_report_percent_is_the_public_one() -> None:
    from repave_cost._format import percent

    for p in (0.0, 0.0004, 0.0005, 0.3333, 0.9996, 1.0):
        assert percent(p) == rc.format_probability(p, decimals=1)
    assert percent(None) == ""


@pytest.mark.parametrize(("value", "currency"), [("5", "USD"), (True, "USD"), (5.0, 3)])
def test_money_of_the_wrong_type(value: object, currency: object) -> None:
    with pytest.raises(TypeError, match="value|currency"):
        rc.format_money(value, currency)  # type: ignore[arg-type]


@pytest.mark.parametrize("p", ["0.5", False, None])
def test_probability_of_the_wrong_type(p: object) -> None:
    with pytest.raises(TypeError, match="p must be a number"):
        rc.format_probability(p)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (37.5, "37.5"),
        (1800.0, "1800"),
        (9999.4, "9999"),
        (12_500.0, "12,500"),
        (-25_000.4, "-25,000"),
        (0.0123456, "0.01235"),
    ],
)
def test_an_input_statistic_has_four_significant_digits_grouped_from_ten_thousand(
    value: float | None, text: str
) -> None:
    # One formatter for the inputs tables of `check`, summary.md and the page (there were
    # three copies of it).
    from repave_cost._format import input_number

    assert input_number(value) == text


def test_a_precision_is_written_as_the_charts_write_it() -> None:
    # The warning and the report sentence wrote ±0.00010% where the chart wrote ±0.0001%.
    from repave_cost.precision import _percent

    for x, text in [(0.002, "0.2%"), (1e-6, "0.0001%"), (0.999999, "99.9999%"), (0.05, "5%")]:
        assert _percent(x) == text
