"""Running simulations and sweeps, and the results they return."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Union

import polars as pl

from . import _core
from . import _validate as v
from ._html import summary_html, sweep_html
from ._json import dumps
from ._progress import ProgressArg, callback
from ._tables import frame
from .charts import ResultPlots, SweepPlots
from .scenario import Scenario

__all__ = ["Result", "SweepResult", "simulate", "sweep"]

ScenarioLike = Union[Scenario, Mapping[str, Any], str]


def _scenario(scenario: ScenarioLike) -> Scenario:
    """Accept a Scenario, a dict, or a preset name."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, Mapping):
        return Scenario(scenario)
    if isinstance(scenario, str):
        return Scenario.preset(scenario)
    raise TypeError(
        f"scenario must be a Scenario, a dict or a preset name, got {type(scenario).__name__}"
    )


def _version() -> str:
    from . import __version__

    return __version__


class Result:
    """The outcome of :func:`simulate`: per-trial draws and costs, and tables derived from them.

    Attributes
    ----------
    scenario : Scenario
        The scenario simulated.
    n_trials, seed, method, version
        Everything needed to reproduce the run: results depend on the scenario, the
        number of trials, the seed and the method alone.
    """

    def __init__(self, core: Any, scenario: Scenario) -> None:
        self._core = core
        self.scenario = scenario
        self.n_trials: int = core.trials
        self.seed: int = core.seed
        self.method: str = core.method
        self.horizon_years: int = core.horizon
        self.version: str = _version()
        self.baseline, self.alternative = core.comparison()
        self.scenario_hash: str = core.scenario_hash
        self.plot = ResultPlots(self)

    @functools.cached_property
    def trials(self) -> pl.DataFrame:
        """One row per trial: every uncertain input (by path or parameter name), each
        strategy's ``NAME.total`` and ``NAME.one_time`` cost, ``savings`` and
        ``payback_year`` (null when the alternative never pays back)."""
        columns = self._core.trial_columns()
        series = []
        for name, values in columns:
            s = pl.Series(name, values)
            if name == "payback_year":
                s = pl.select(pl.when(s >= 0).then(s).otherwise(None).cast(pl.Int64)).to_series()
                s = s.alias(name)
            series.append(s)
        return pl.DataFrame(series)

    @property
    def outputs(self) -> list[str]:
        """Output names: ``savings`` and each strategy's ``NAME.total`` and ``NAME.one_time``."""
        names: list[str] = self._core.outputs()
        return names

    @property
    def currency(self) -> str:
        """The scenario's currency label."""
        return self.scenario.currency

    def summary(self, threshold: float = 0.0) -> pl.DataFrame:
        """Statistics of every output: count, mean, sd, se (standard error of the mean),
        p5, p10, p50, p90, p95, min, max, and ``prob_above``: the share of trials above
        ``threshold`` (for ``savings``: the probability the alternative saves more than it).
        """
        return frame(self._core.summary(v.number("threshold", threshold)))

    def breakdown(self) -> pl.DataFrame:
        """Present-value cost by strategy, activity and year (0 for one-time items): mean,
        p5, p50, p95. The means of a strategy's rows add up to its mean total.

        The first call (of this, :meth:`labour` or ``plot.breakdown``) reruns the cost pass
        on the stored draws to get every activity's cost per trial (the same numbers the
        totals were made of) and keeps those columns with the result."""
        return frame(self._core.breakdown())

    def labour(self) -> pl.DataFrame:
        """Recurring labour by strategy, role and year: mean hours, mean FTE, and the
        probability that the role runs over capacity. Like :meth:`breakdown`, the first call
        reruns the cost pass on the stored draws."""
        return frame(self._core.labour())

    def sensitivity(self, output: str = "savings") -> pl.DataFrame:
        """Which inputs matter for ``output``: Spearman rank correlation, and the tornado
        (mean output when the input is in its lowest and highest decile, and the swing
        between them), sorted by swing, largest first."""
        if not isinstance(output, str):
            raise TypeError(f"output must be a str, got {type(output).__name__}")
        return frame(self._core.sensitivity(output))

    def cumulative(self) -> pl.DataFrame:
        """Cumulative present-value cost per strategy after each year 0…T (year 0: one-time
        costs), and cumulative savings (strategy ``"savings"``): mean, p5, p50, p95."""
        return frame(self._core.cumulative())

    def payback(self) -> pl.DataFrame:
        """Probability that the alternative has paid back by each year 0…T."""
        return frame(self._core.payback())

    def _repr_html_(self) -> str:
        return summary_html(self)

    def __repr__(self) -> str:
        name = self.scenario.name or "scenario"
        return (
            f"<Result {name}: {self.n_trials:,} trials, seed {self.seed}, {self.method}; "
            f"{self.baseline} vs {self.alternative}>"
        )


def simulate(
    scenario: ScenarioLike,
    trials: int = 10_000,
    seed: int = 0,
    method: str = "random",
    progress: ProgressArg = None,
) -> Result:
    """Simulate ``trials`` joint draws of every uncertain input and the costs that follow.

    Parameters
    ----------
    scenario : Scenario, dict or str
        The scenario, a dict shaped like its file, or a preset name.
    trials : int
        Number of trials (1 or more).
    seed : int
        Seed in ``[0, 2**64 - 1]``. Same scenario, trials, seed and method give
        bit-identical results on any machine and thread count.
    method : {"random", "lhs"}
        Independent draws, or Latin hypercube sampling.
    progress : None, "auto", bool or callable
        ``None``/``"auto"``: a bar on stderr once the run passes two seconds; ``False``:
        none; ``True``: always; a callable receives ``(done, total)``.

    Returns
    -------
    Result

    Raises
    ------
    ScenarioError
        A bad scenario (every problem, with paths) or argument.
    KeyboardInterrupt
        On Ctrl-C; the run stops promptly.
    """
    scn = _scenario(scenario)
    n = v.integer("trials", trials)
    if n < 1:
        raise _core.ScenarioError(f"trials must be at least 1, got {n}")
    core = _core.simulate(
        scn.to_json(), n, v.seed(seed), v.method(method), callback(progress, "simulate")
    )
    return Result(core, scn)


class SweepResult:
    """The outcome of :func:`sweep`: one long table with a row per grid point and output.

    Attributes
    ----------
    table : polars.DataFrame
        The grid values (one column per path), ``output``, and its summary statistics;
        FTE rows (``STRATEGY.fte.ROLE``) also carry ``prob_over_capacity``.
    grid : dict
        The grid swept.
    """

    def __init__(
        self,
        table: pl.DataFrame,
        scenario: Scenario,
        grid: dict[str, list[Any]],
        n_trials: int,
        seed: int,
        method: str,
        threshold: float,
        scenario_hash: str,
    ) -> None:
        self.table = table
        self.scenario = scenario
        self.grid = grid
        self.n_trials = n_trials
        self.seed = seed
        self.method = method
        self.threshold = threshold
        self.version = _version()
        self.scenario_hash: str = scenario_hash
        self.plot = SweepPlots(self)

    @property
    def currency(self) -> str:
        """The scenario's currency label."""
        return self.scenario.currency

    def output(self, name: str = "savings") -> pl.DataFrame:
        """The rows of one output."""
        if not isinstance(name, str):
            raise TypeError(f"name must be a str, got {type(name).__name__}")
        return self.table.filter(pl.col("output") == name)

    def write(
        self,
        out_dir: str | os.PathLike[str],
        formats: Sequence[str] = ("png", "svg"),
        overwrite: bool = False,
        output: str = "savings",
    ) -> Path:
        """Write the sweep's table (``sweep.csv``, ``sweep.parquet``), its charts (``lines``,
        and ``heatmap`` for two grid paths) and ``scenario.toml`` into ``out_dir``
        atomically. Refuses a non-empty folder unless ``overwrite``."""
        from .report import write_folder

        def fill(folder: Path) -> None:
            self.table.write_csv(folder / "sweep.csv")
            self.table.write_parquet(folder / "sweep.parquet")
            charts = [("lines", self.plot.lines(output=output))]
            if len(self.grid) >= 2:
                charts.append(("heatmap", self.plot.heatmap(output=output)))
            for name, chart in charts:
                for fmt in formats:
                    chart.save(folder / f"{name}.{fmt}")
            (folder / "scenario.toml").write_text(self.scenario.to_toml(), encoding="utf-8")

        return write_folder(out_dir, fill, overwrite)

    def _repr_html_(self) -> str:
        return sweep_html(self)

    def __repr__(self) -> str:
        points = 1
        for values in self.grid.values():
            points *= len(values)
        return (
            f"<SweepResult {points} points × {self.n_trials:,} trials over {', '.join(self.grid)}>"
        )


def sweep(
    scenario: ScenarioLike,
    grid: Mapping[str, Sequence[Any]],
    trials: int = 10_000,
    seed: int = 0,
    method: str = "random",
    threshold: float = 0.0,
    progress: ProgressArg = None,
) -> SweepResult:
    """Simulate every combination of grid values with common random numbers.

    Every point uses the same seed, so curves are smooth and points comparable; each point
    equals a separate :func:`simulate` call at that seed.

    Parameters
    ----------
    scenario : Scenario, dict or str
        The base scenario or a preset name.
    grid : mapping of path to list of values
        E.g. ``{"fleet.nodes": [10, 100, 1000], "staffing.sre.headcount": [2, 4, 8]}``.
    trials, seed, method, progress
        As for :func:`simulate`.
    threshold : float
        Sets ``prob_above`` in the summary columns.
    """
    scn = _scenario(scenario)
    if not isinstance(grid, Mapping) or not grid:
        raise TypeError("grid must be a non-empty mapping of path to a list of values")
    axes: list[tuple[str, str]] = []
    clean: dict[str, list[Any]] = {}
    for path, values in grid.items():
        if not isinstance(path, str):
            raise TypeError(f"grid paths must be str, got {type(path).__name__}")
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            raise TypeError(f"grid values for {path} must be a list, got {values!r}")
        listed = list(values)
        try:
            axes.append((path, dumps(listed)))
        except ValueError as err:
            raise _core.ScenarioError(f"grid.{path}: {err}") from None
        clean[path] = json.loads(axes[-1][1])
    n = v.integer("trials", trials)
    if n < 1:
        raise _core.ScenarioError(f"trials must be at least 1, got {n}")
    rows = _core.sweep(
        scn.to_json(),
        axes,
        n,
        v.seed(seed),
        v.method(method),
        v.number("threshold", threshold),
        callback(progress, "sweep"),
    )
    return SweepResult(
        frame(rows),
        scn,
        clean,
        n,
        seed,
        method,
        float(threshold),
        _core.scenario_hash(scn.to_json()),
    )
