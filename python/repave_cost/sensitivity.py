"""Variance-based sensitivity: first-order and total Sobol indices of one output.

The estimation runs in the Rust core on the engine's own designs (see ``docs/model.md``,
"Variance-based sensitivity"): two independent draws ``A`` and ``B`` of the method's
design (under ``sobol``, two independent Owen scrambles), one more evaluation per input
with that input's column taken from ``B``, and one with the random event draws of ``B``
(all random events form one group, ``events``). First-order indices by Saltelli et al.
(2010), total indices by Jansen (1999), 95% percentile-bootstrap intervals.

Examples
--------
>>> import repave_cost as rc
>>> s = rc.sensitivity_indices("fleet", trials=2**10, resamples=100)
>>> s.table.columns[:3]
['input', 'label', 'first_order']
"""

from __future__ import annotations

from typing import Any

import polars as pl

from . import _core
from . import _validate as v
from ._balance import warn_if_unbalanced
from ._progress import ProgressArg, callback
from .charts import DEFAULT_HEIGHT, DEFAULT_WIDTH, Chart, _options
from .simulation import ScenarioLike, _scenario

__all__ = ["SensitivityIndices", "sensitivity_indices"]


class SensitivityIndices:
    """The outcome of :func:`sensitivity_indices`.

    Attributes
    ----------
    table : polars.DataFrame
        One row per uncertain input (its key ``input`` and ``label``), in the trial
        table's order, then ``events`` when the scenario has random events:
        ``first_order``, ``first_order_low``, ``first_order_high``, ``total``,
        ``total_low``, ``total_high`` (each index with its 95% bootstrap interval), as
        shares of the output's variance.
    output : str
        The output whose variance is apportioned.
    base_points : int
        ``N``, the rows of each of the two matrices.
    evaluations : int
        Trials the cost pass ran: ``N × (rows of the table + 2)``.
    seed, method, resamples
        What the estimate depends on (with the scenario).
    mean, variance : float
        The output's mean and variance over the ``2N`` points of ``A`` and ``B``.
    """

    def __init__(self, core: _core.SensitivityIndices) -> None:
        self._core = core
        inputs, labels, values = core.columns()
        self.table = pl.DataFrame(
            {"input": inputs, "label": labels, **dict(values)},
            schema={
                "input": pl.String,
                "label": pl.String,
                **{name: pl.Float64 for name, _ in values},
            },
        )
        self.output = core.output
        self.base_points = core.base_points
        self.evaluations = core.evaluations
        self.seed = core.seed
        self.method = core.method
        self.resamples = core.resamples
        self.mean = core.mean
        self.variance = core.variance

    def plot(
        self,
        top: int = 12,
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = True,
    ) -> Chart:
        """First-order and total index of each input side by side, with their intervals.

        Parameters
        ----------
        top : int
            At most this many inputs (the largest total indices), 1 or more.
        width, height, title, subtitle, theme, footer
            As for every chart (see :class:`~repave_cost.charts.ResultPlots`).

        Returns
        -------
        Chart
        """
        options = _options(width, height, title, subtitle, theme, footer)
        n = v.count("top", top)
        core = self._core

        def render(opts: dict[str, Any]) -> bytes:
            data: bytes = core.render(opts, n)
            return data

        render(options)  # fail early on bad arguments
        return Chart(render, "sobol_indices", options)

    def __reduce__(self) -> tuple[Any, ...]:
        # The core's record (every index and interval with what they depend on, see
        # src/python/pickle.rs); nothing is estimated again.
        return (SensitivityIndices, (self._core,))

    def __repr__(self) -> str:
        return (
            f"SensitivityIndices(output={self.output!r}, base_points={self.base_points}, "
            f"method={self.method!r}, rows={self.table.height})"
        )


def sensitivity_indices(
    scenario: ScenarioLike,
    output: str = "savings",
    trials: int = 2**13,
    seed: int = 0,
    method: str = "sobol",
    resamples: int = 1000,
    progress: ProgressArg = None,
) -> SensitivityIndices:
    """First-order and total Sobol indices of ``output`` for every uncertain input.

    Parameters
    ----------
    scenario : Scenario, dict or str
        The scenario, a dict shaped like its file, or a preset name.
    output : str
        A summary output: ``"savings"``, ``"savings_per_year"``, ``"STRATEGY.total"`` or
        ``"STRATEGY.one_time"``.
    trials : int
        Base points ``N`` (2 or more); the cost pass runs ``N × (inputs + groups + 2)``
        trials in all. Use a power of two under ``sobol``.
    seed : int
        Seed in ``[0, 2**64 - 1]`` (``A`` uses it, ``B`` and the bootstrap seeds derived
        from it). Same arguments give bit-identical indices on any thread count.
    method : str
        A sampling method, one of :func:`~repave_cost.methods`.
    resamples : int
        Bootstrap replicates for the 95% intervals (0: no intervals, they equal the
        estimate).
    progress : None, "auto", bool or callable
        As for :func:`~repave_cost.simulate`.

    Returns
    -------
    SensitivityIndices

    Raises
    ------
    ScenarioError
        A bad scenario, an unknown ``output`` (the message lists the outputs), ``trials``
        below 2, an unknown ``method``, an output that does not vary.
    TypeError
        An argument of the wrong type.
    KeyboardInterrupt
        On Ctrl-C; the run stops promptly.

    Warns
    -----
    SobolBalanceWarning
        ``method="sobol"`` with ``trials`` not a power of two.
    """
    scn = _scenario(scenario)
    if not isinstance(output, str):
        raise TypeError(f"output must be a str, got {type(output).__name__} {v.shown(output)}")
    n = v.count("trials", trials)
    m = v.method(method)
    warn_if_unbalanced(m, n, "trials", stacklevel=2)
    core = _core.sensitivity_indices(
        scn._core,
        output,
        n,
        v.seed(seed),
        m,
        v.count("resamples", resamples),
        callback(progress, "sensitivity"),
    )
    return SensitivityIndices(core)
