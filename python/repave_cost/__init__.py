"""repave-cost: a Monte Carlo cost model comparing repaved hosts with immutable containers.

The numerical work runs in a compiled Rust core (``repave_cost._core``); this package
offers distributions (:func:`pert`, :func:`lognormal_ci90`, ...), joint sampling into
polars DataFrames (:func:`sample`) and summary statistics (:func:`summarize`).

Bad inputs raise :class:`ScenarioError` (a ``ValueError``) or its subclass
:class:`DistributionError`, with a message naming the parameter.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from ._core import DistributionError, RepaveCostError, ScenarioError
from .distributions import (
    Distribution,
    bernoulli,
    beta,
    discrete,
    empirical,
    fixed,
    gamma,
    lognormal,
    lognormal_ci90,
    normal,
    pert,
    poisson,
    triangular,
    uniform,
)
from .sampling import quantile, sample, spearman, summarize
from .scenario import Scenario, presets
from .simulation import Result, SweepResult, simulate, sweep

try:
    __version__ = _version("repave-cost")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "Distribution",
    "DistributionError",
    "RepaveCostError",
    "Result",
    "Scenario",
    "ScenarioError",
    "SweepResult",
    "__version__",
    "bernoulli",
    "beta",
    "discrete",
    "empirical",
    "fixed",
    "gamma",
    "lognormal",
    "lognormal_ci90",
    "normal",
    "pert",
    "poisson",
    "presets",
    "quantile",
    "sample",
    "spearman",
    "simulate",
    "summarize",
    "sweep",
    "triangular",
    "uniform",
]
