"""Precision control: ``simulate(scenario, precision=0.005)`` runs in growing batches until
the confidence interval of every watched statistic is within the precision asked for.

The loop and the intervals live in the compiled core (``src/precision/``,
``src/stats/intervals.rs``); this module holds the public :class:`Precision` settings, the
:class:`PrecisionWarning` and the glue that turns the core's convergence record into
tables. See docs/model.md, "Precision control", for the batches, the intervals and the
stopping rule.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any, Union

import polars as pl

from . import _core
from . import _validate as v
from ._tables import frame

__all__ = ["DEFAULT_MAX_TRIALS", "Precision", "PrecisionArg", "PrecisionWarning"]

#: The default most trials of a precision-controlled run: 2**20.
DEFAULT_MAX_TRIALS = 1 << 20


class PrecisionWarning(UserWarning):
    """A precision-controlled run spent ``max_trials`` before every watched statistic was
    precise enough; the result holds the trials reached (see ``result.convergence()``)."""


@dataclass(frozen=True)
class Precision:
    """What a precision-controlled run watches and how precise it must be.

    Parameters
    ----------
    relative : float
        The half-width asked for, relative to each statistic's value: ``0.005`` stops when
        every 95% interval is within ±0.5% of its estimate. For an estimate near zero
        (smaller than a tenth of the output's standard deviation) the half-width is
        compared with ``relative`` times that standard deviation instead.
    outputs : tuple of str
        The outputs watched (names of :attr:`Result.outputs`), ``savings`` by default.
    statistics : tuple of str
        ``"mean"`` and percentiles ``"pX"`` (X strictly between 0 and 100), of every
        watched output.
    confidence : float
        The intervals' confidence level, strictly between 0 and 1 (at most
        0.9999999999999998, the largest whose interval is finite).
    max_trials : int
        The most trials the run may use (at least 4096, the first batch); reaching it
        before the precision gives a :class:`PrecisionWarning`.

    Examples
    --------
    >>> import repave_cost as rc
    >>> p = rc.Precision(0.01, statistics=("mean", "p50"))
    >>> p.outputs
    ('savings',)
    """

    relative: float = 0.005
    outputs: tuple[str, ...] = ("savings",)
    statistics: tuple[str, ...] = ("mean", "p5", "p50", "p95")
    confidence: float = 0.95
    max_trials: int = DEFAULT_MAX_TRIALS

    def __post_init__(self) -> None:
        # Types here; values (ranges, known outputs and statistics) in the core.
        for name in ("outputs", "statistics"):
            value = getattr(self, name)
            if isinstance(value, str) or not all(isinstance(x, str) for x in value):
                raise TypeError(f"precision.{name} must be a sequence of str, got {v.shown(value)}")
            object.__setattr__(self, name, tuple(value))
        object.__setattr__(self, "relative", v.number("precision", self.relative))
        object.__setattr__(self, "confidence", v.number("precision.confidence", self.confidence))
        object.__setattr__(self, "max_trials", v.count("precision.max_trials", self.max_trials))


#: What ``precision=`` accepts: a relative precision (``0.005``) or a :class:`Precision`.
PrecisionArg = Union[float, Precision]


def resolve(precision: PrecisionArg) -> Precision:
    """A ``precision=`` argument as a :class:`Precision` (``TypeError`` for other types)."""
    if isinstance(precision, Precision):
        return precision
    return Precision(v.number("precision", precision))


def run(
    scenario_core: Any, seed: int, method: str, precision: Precision, progress: Any
) -> tuple[Any, Any]:
    """Run the core's precision loop; warn when ``max_trials`` ran out first."""
    core, convergence = _core.simulate_to_precision(
        scenario_core,
        seed,
        method,
        precision.relative,
        list(precision.outputs),
        list(precision.statistics),
        precision.confidence,
        precision.max_trials,
        progress,
    )
    if not convergence.reached:
        warnings.warn(
            f"precision ±{_percent(precision.relative)} not reached within max_trials = "
            f"{precision.max_trials:,} ({core.trials:,} trials used; reached: "
            f"{_reached(convergence.reached_precision)}); the result holds those trials. "
            "Raise max_trials or ask for less precision.",
            PrecisionWarning,
            stacklevel=3,
        )
    return core, convergence


def convergence_frame(convergence: Any) -> pl.DataFrame:
    """The core's convergence rows as a polars DataFrame (``met`` as a boolean)."""
    df = frame(convergence.table())
    return df.with_columns(pl.col("met").cast(pl.Boolean))


def with_half_widths(summary: pl.DataFrame, convergence: pl.DataFrame) -> pl.DataFrame:
    """``summary`` with one ``<statistic>_half_width`` column per watched statistic
    (appended after the existing columns): the last batch's interval half-width on the
    rows of the watched outputs, null on the others."""
    last = convergence.filter(pl.col("trials") == pl.col("trials").max())
    wide = last.pivot(on="statistic", index="output", values="half_width")
    stats = [c for c in last["statistic"].unique(maintain_order=True).to_list()]
    wide = wide.rename({s: f"{s}_half_width" for s in stats})
    return summary.join(wide, on="output", how="left", maintain_order="left")


def _percent(x: float) -> str:
    """``x`` as a percentage, as the charts write it (the core's one formatter): three
    decimals or two significant digits of the distance from 0 or 100, without trailing
    zeros (0.002: ``0.2%``; 0.000001: ``0.0001%``, not ``0.000%``; 0.999999: ``99.9999%``,
    not ``100%``)."""
    return f"{_core.format_share(x)}%"


def _reached(reached: float) -> str:
    """The precision reached, in words: ``±0.3%``, or, when an interval has no bound on one
    side yet (too few trials for an extreme percentile), that it has none."""
    if not math.isfinite(reached):
        return "an interval still without a bound on one side"
    return f"±{_percent(reached)}"


def describe(convergence: Any, trials: int) -> str:
    """One sentence saying the precision asked for and reached, for summaries and reports."""
    asked = convergence.relative
    reached = convergence.reached_precision
    conf = _percent(convergence.confidence)
    watched = ", ".join(convergence.statistics) + " of " + ", ".join(convergence.outputs)
    share = _reached(reached)
    if convergence.reached:
        return (
            f"Precision: every {conf} interval ({watched}) within ±{_percent(asked)} of its "
            f"estimate after {trials:,} trials (reached {share})."
        )
    return (
        f"Precision: ±{_percent(asked)} asked for ({watched}, {conf} intervals) was not reached "
        f"within max_trials = {convergence.max_trials:,}; after {trials:,} trials: {share}."
    )
