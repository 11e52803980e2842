"""Break-even: where a statistic of savings crosses a level along one scenario field.

The search runs in the core (``src/decision/break_even.rs``): every evaluation simulates the
scenario with the field set to one value, with the same seed, trials and method (common
random numbers, exactly as a sweep's grid points), so the statistic changes between
evaluations only through the field.

Examples
--------
>>> import repave_cost as rc
>>> found = rc.break_even(
...     "customer_repave", path="parameters.repaves_per_year", low=0, high=24, trials=2_048
... )
>>> found.interval[0] <= found.value <= found.interval[1]
True
"""

from __future__ import annotations

from typing import Any

import polars as pl

from . import _core
from . import _validate as v
from ._balance import warn_if_unbalanced
from ._progress import ProgressArg, callback
from ._tables import frame
from .charts import DEFAULT_HEIGHT, DEFAULT_WIDTH, Chart, _options
from .scenario import Scenario

__all__ = ["BreakEven", "break_even"]


class BreakEven:
    """Where a statistic of savings crosses a level (from :func:`break_even`).

    Attributes
    ----------
    value : float
        The crossing: the field's value where the statistic equals the level (linear
        interpolation between the two evaluated values around it).
    interval : tuple of float
        Its 95% interval: the field's values at which the statistic's own 95% confidence
        interval contains the level. It measures the Monte Carlo uncertainty of the
        crossing at this number of trials, not the spread of savings.
    clipped : tuple of bool
        True for an end of ``interval`` that is an end of the range searched (the
        statistic's interval still holds the level there).
    table : polars.DataFrame
        Every evaluated value of the field (``value``) with the ``statistic`` there and
        its 95% confidence interval (``low``, ``high``), ascending.
    path, statistic, level, trials, seed, method
        What was searched.
    """

    def __init__(
        self,
        core: _core.BreakEven,
        path: str,
        statistic: str,
        level: float,
        trials: int,
        seed: int,
        method: str,
    ) -> None:
        self._core = core
        self.value: float = core.value
        self.interval: tuple[float, float] = core.interval
        self.clipped: tuple[bool, bool] = core.clipped
        self.table: pl.DataFrame = frame(core.table())
        self.path = path
        self.statistic = statistic
        self.level = level
        self.trials = trials
        self.seed = seed
        self.method = method

    def plot(
        self,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """The statistic along the field with its 95% confidence band, the level (dashed),
        the crossing (a dot) and its interval (shaded), drawn by the core."""
        options = _options(width, height, title, subtitle, theme, footer)
        chart = Chart(self._core.render, "break_even", options)
        chart.to_svg()  # the core checks the options now, not at the first display
        return chart

    def __reduce__(self) -> tuple[Any, ...]:
        # The core's record (the compiled scenario, the crossing and every evaluated point,
        # see src/python/pickle.rs) and what was asked for; nothing is searched again.
        asked = (self.path, self.statistic, self.level, self.trials, self.seed, self.method)
        return (BreakEven, (self._core, *asked))

    def __repr__(self) -> str:
        low, high = self.interval
        return (
            f"<BreakEven {self.path}: {self._core.statistic_words} crosses {self.level:g} at "
            f"{self.value:,.4g} (95% interval {low:,.4g} to {high:,.4g}); "
            f"{self.table.height} evaluations of {self.trials:,} trials>"
        )


def break_even(
    scenario: Scenario | dict[str, Any] | str,
    path: str = "fleet.nodes",
    low: float = 1.0,
    high: float = 5000.0,
    statistic: str = "median",
    level: float = 0.0,
    trials: int = 10_000,
    seed: int = 0,
    method: str = "random",
    progress: ProgressArg = None,
) -> BreakEven:
    """Find where ``statistic`` of savings crosses ``level`` as the field at ``path`` goes
    from ``low`` to ``high``.

    Parameters
    ----------
    scenario : Scenario, dict or str
        The scenario, a dict shaped like its file, or a preset name.
    path : str
        A numeric field, by its dotted path as in :meth:`Scenario.replace` and sweeps
        (``"fleet.nodes"``, ``"staffing.sre.headcount"``, ``"parameters.NAME"``).
    low, high : float
        The range searched (``low < high``).
    statistic : str
        ``"mean"``, ``"median"``, any percentile ``"pNN"`` (``"p5"``, ``"p95"``) or
        ``"prob"``: P(savings > 0) (then ``level`` is a probability).
    level : float
        The level the statistic should cross (0: break-even).
    trials, seed, method
        Of every evaluation (the same for all: common random numbers).
    progress : None, "auto", bool or callable
        As for :func:`simulate`, over all evaluations.

    Returns
    -------
    BreakEven

    Warns
    -----
    SobolBalanceWarning
        ``method="sobol"`` with a number of trials that is not a power of two (each
        evaluation runs them all).

    Raises
    ------
    ScenarioError
        ``low >= high``, a misspelt statistic, a path that is not a numeric field, or no
        crossing in ``[low, high]`` (the message gives the statistic at both ends).

    Notes
    -----
    The search brackets the first sign change of ``statistic - level`` from ``low``, then
    narrows the bracket (two values around its linear interpolation per round, or 7 equally
    spaced ones after a round that did not halve it) until it is 1e-4 of ``high - low``
    wide. It assumes the statistic is monotone near the crossing; the
    evaluated points are in ``.table`` to check.
    """
    from .simulation import _scenario

    if not isinstance(path, str):
        raise TypeError(f"path must be a str, got {type(path).__name__}")
    if not isinstance(statistic, str):
        raise TypeError(f"statistic must be a str, got {type(statistic).__name__}")
    scn = _scenario(scenario)
    n = v.count("trials", trials)
    warn_if_unbalanced(v.method(method), n, "trials", stacklevel=2)
    lo, hi, lvl = v.number("low", low), v.number("high", high), v.number("level", level)
    core = _core.break_even(
        scn._core,
        path,
        lo,
        hi,
        statistic,
        lvl,
        n,
        v.seed(seed),
        v.method(method),
        callback(progress, "break-even"),
    )
    return BreakEven(core, path, statistic, lvl, n, seed, method)
