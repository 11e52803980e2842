"""Money and probability formatting: the public :func:`format_money` and
:func:`format_probability`, shared by charts, reports, the command line and notebook tables.

Both forward to the compiled core, which the charts use too, so a number is written the
same way everywhere.
"""

from __future__ import annotations

from . import _core
from . import _validate as v


def format_money(value: float, currency: str = "USD") -> str:
    """Format an amount of money compactly, the way the charts and reports do.

    Parameters
    ----------
    value : float
        The amount; negative amounts get a leading minus sign.
    currency : str, default "USD"
        An ISO 4217 code (well-known ones get their symbol: ``"USD"`` → ``$``,
        ``"EUR"`` → ``€``, other codes are written before the amount, ``"CHF 12K"``), a
        literal symbol such as ``"$"``, or ``""`` for none.

    Raises
    ------
    TypeError
        ``value`` is not a number (``bool`` is not) or ``currency`` not a string.

    Returns
    -------
    str
        Three significant digits with a ``K``/``M``/``B`` suffix (``"$50K"``,
        ``"$1.25M"``, ``"-$3.4K"``, ``"€80K"``); ``"n/a"`` for NaN or an infinity.

    Examples
    --------
    >>> import repave_cost as rc
    >>> rc.format_money(1_250_000)
    '$1.25M'
    >>> rc.format_money(-3_400, "EUR")
    '-€3.4K'
    """
    if not isinstance(currency, str):
        raise TypeError(f"currency must be a string, got {type(currency).__name__}")
    return str(_core.format_money(v.number("value", value), currency))


def format_probability(p: float, decimals: int = 1) -> str:
    """Format a probability as a percentage that never rounds to a certainty.

    Parameters
    ----------
    p : float
        A probability in ``[0, 1]``; NaN gives ``"n/a"``.
    decimals : int, default 1
        Decimals shown, 0 to 6; the last one is rounded half away from zero.

    Returns
    -------
    str
        ``"12.5%"``; a probability strictly between 0 and 1 that would show as 0% or
        100% is written ``"<0.1%"`` or ``">99.9%"`` (``"<1%"``/``">99%"`` with
        ``decimals=0``); exactly 0 and 1 are ``"0.0%"`` and ``"100.0%"``.

    Raises
    ------
    ScenarioError
        A ``ValueError``: ``p`` outside ``[0, 1]`` or ``decimals`` outside 0 to 6.
    TypeError
        ``p`` is not a number or ``decimals`` not an integer (``bool`` is neither).

    Examples
    --------
    >>> import repave_cost as rc
    >>> rc.format_probability(0.125)
    '12.5%'
    >>> rc.format_probability(0.9996)
    '>99.9%'
    >>> rc.format_probability(0.005, decimals=0)
    '1%'
    """
    return str(_core.format_probability(v.number("p", p), decimals))


def money(value: float, currency: str) -> str:
    """:func:`format_money`, for the package's own tables and sentences."""
    return format_money(value, currency)


def percent(p: float | None) -> str:
    """:func:`format_probability` with one decimal, and ``""`` for a missing probability (a
    threshold on another output)."""
    return "" if p is None else format_probability(p, 1)


def input_number(value: float | None) -> str:
    """An input's statistic in its own unit (hours, rates, counts), for the inputs tables of
    ``repave-cost check``, ``summary.md`` and the report page: four significant digits,
    whole and grouped from 10,000 up (``37.5``, ``1800``, ``12,500``); ``""`` for none."""
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.4g}"


def markdown_cell(text: str) -> str:
    """``text`` safe inside a Markdown table cell: ``|`` escaped, line breaks as spaces (a
    name holding either would split the row into more cells than its header has)."""
    return text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")
