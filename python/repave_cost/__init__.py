"""repave-cost: a Monte Carlo cost model comparing repaved hosts with immutable containers.

The numerical work runs in a compiled Rust core (``repave_cost._core``); this package
offers scenarios (:class:`Scenario`, :func:`presets`), simulation (:func:`simulate`) and
sweeps (:func:`sweep`) returning polars DataFrames, charts (``result.plot``) and reports
(:func:`report`), distributions (:func:`pert`, :func:`lognormal_ci90`, ...), joint
sampling (:func:`sample`), summary statistics (:func:`summarize`) and the formatting
of money and probabilities the charts use (:func:`format_money`,
:func:`format_probability`).

Bad inputs raise :class:`ScenarioError` (a ``ValueError``) or its subclass
:class:`DistributionError`, with a message naming the parameter; ``err.errors()`` lists
every problem as ``{"path": ..., "message": ...}``. A bug in the compiled core raises
:class:`InternalError` (a :class:`RepaveCostError`, an ``Exception``), never a panic.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from ._balance import SobolBalanceWarning
from ._errors import DistributionError, InternalError, RepaveCostError, ScenarioError
from ._format import format_money, format_probability
from .batch import BatchResult, simulate_many
from .break_even import BreakEven, break_even
from .charts import Chart
from .diff import ScenarioDiff, diff
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
from .fit import FitResult, fit
from .precision import Precision, PrecisionWarning
from .report import report
from .sampling import methods, quantile, sample, spearman, summarize
from .scenario import Scenario, presets
from .sensitivity import SensitivityIndices, sensitivity_indices
from .simulation import Result, SweepResult, simulate, sweep

try:
    __version__ = _version("repave-cost")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = [
    "BatchResult",
    "BreakEven",
    "Chart",
    "Distribution",
    "DistributionError",
    "FitResult",
    "InternalError",
    "Precision",
    "PrecisionWarning",
    "RepaveCostError",
    "Result",
    "Scenario",
    "ScenarioDiff",
    "ScenarioError",
    "SensitivityIndices",
    "SobolBalanceWarning",
    "SweepResult",
    "__version__",
    "bernoulli",
    "break_even",
    "beta",
    "diff",
    "discrete",
    "empirical",
    "fit",
    "fixed",
    "format_money",
    "format_probability",
    "gamma",
    "lognormal",
    "lognormal_ci90",
    "methods",
    "normal",
    "pert",
    "poisson",
    "presets",
    "quantile",
    "report",
    "sample",
    "sensitivity_indices",
    "simulate",
    "simulate_many",
    "spearman",
    "summarize",
    "sweep",
    "triangular",
    "uniform",
]
