"""Running simulations and sweeps, and the results they return."""

from __future__ import annotations

import concurrent.futures
import functools
import json
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Union

import polars as pl

from . import _core
from . import _validate as v
from ._balance import warn_if_unbalanced
from ._chart_formats import chart_formats
from ._executor import sweep_on
from ._folder import write_folder
from ._html import summary_html, sweep_html
from ._json import BadNumberError, dumps
from ._pickle import result_from_state
from ._progress import ProgressArg, callback
from ._tables import frame
from .charts import ResultPlots, SweepPlots
from .precision import Precision, PrecisionArg
from .precision import convergence_frame as _convergence_frame
from .precision import describe as _describe_precision
from .precision import resolve as _resolve_precision
from .precision import run as _run_precision
from .precision import with_half_widths as _with_half_widths
from .scenario import Scenario, scenario_file

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
        number of trials, the seed and the method alone (and, for a run with
        ``precision=``, on the precision asked for, which decides the trials).
    precision : Precision or None
        What a precision-controlled run watched (``None`` for a plain run); see
        :meth:`convergence`.
    dimensions : int
        The run's random dimensions: its uncertain inputs plus one per random event
        count (an activity with a probability, in each year; one-time items once).
    design_dimensions : int
        How many of them the method's design covers with its own structure: all of them
        under ``"sobol"`` (up to 21,201, the dimensions of Joe & Kuo's direction
        numbers), the inputs under ``"lhs"``, none under ``"random"``.
    random_dimensions : int
        ``dimensions - design_dimensions``: those drawn from independent pseudo-random
        streams keyed by the input or event instead (under ``"sobol"``, the dimensions
        past the 21,201st).
    """

    def __init__(
        self,
        core: Any,
        scenario: Scenario,
        convergence: Any = None,
        precision: Precision | None = None,
    ) -> None:
        self._core = core
        self._convergence = convergence
        self.precision = precision
        self.scenario = scenario
        self.n_trials: int = core.trials
        self.seed: int = core.seed
        self.method: str = core.method
        self.horizon_years: int = core.horizon
        self.dimensions: int = core.dimensions
        self.design_dimensions: int = core.design_dimensions
        self.random_dimensions: int = core.random_dimensions
        self.version: str = _version()
        self.baseline, self.alternative = core.comparison()
        self.scenario_hash: str = core.scenario_hash

    @property
    def plot(self) -> ResultPlots:
        """The result's charts: ``result.plot.savings()``, ``.exceedance()``, ``.tornado()``,
        ``.breakdown()``, ``.cumulative()``, ``.attribution()``, ``.value_of_information()``
        and, for a precision-controlled run, ``.convergence()``.

        A new accessor on each access, referring to this result; the result does not refer
        back to it, so no reference cycle keeps the result's columns alive after the last
        reference to the result goes."""
        return ResultPlots(self)

    @functools.cached_property
    def trials(self) -> pl.DataFrame:
        """One row per trial: every uncertain input (by path or parameter name), each
        strategy's ``NAME.total`` and ``NAME.one_time`` cost, ``savings``,
        ``savings_per_year`` (``savings`` divided by the horizon in years) and
        ``payback_year`` (the first year from which the cumulative saving stays
        non-negative through the horizon; null when it ends negative)."""
        series = []
        # The core marks the outputs whose negative values mean "none" (the output
        # registry's ``nullable``, see ``_core.outputs()``): they become nullable integers.
        for name, values, nullable in self._core.trial_columns():
            s = pl.Series(name, values)
            if nullable:
                s = pl.select(pl.when(s >= 0).then(s).otherwise(None).cast(pl.Int64)).to_series()
                s = s.alias(name)
            series.append(s)
        return pl.DataFrame(series)

    @property
    def outputs(self) -> list[str]:
        """Output names: ``savings``, ``savings_per_year``, and each strategy's
        ``NAME.total`` and ``NAME.one_time``."""
        names: list[str] = self._core.outputs()
        return names

    @property
    def currency(self) -> str:
        """The scenario's currency label."""
        return self.scenario.currency

    def summary(self, threshold: float = 0.0, threshold_output: str = "savings") -> pl.DataFrame:
        """Statistics of every output (see :attr:`outputs`), median first: ``p50`` and the
        90% interval ``p5`` to ``p95``, then ``mean``, ``sd``, ``se`` (standard error of the
        mean), ``p10``, ``p90``, ``min``, ``max``, ``prob_above`` and ``count``.

        The median leads because a heavy upper tail (rare, costly downtime) moves the mean
        from run to run while the median and the interval stay put.

        Parameters
        ----------
        threshold : float
            An amount of ``threshold_output``.
        threshold_output : str
            The output the threshold is about: ``"savings"`` (over the horizon, the
            default), ``"savings_per_year"``, or a strategy's ``"NAME.total"``.

        Returns
        -------
        polars.DataFrame
            One row per output. ``prob_above`` is, on the row of ``threshold_output``, the
            share of trials strictly above ``threshold`` (for ``savings``: the probability
            the alternative saves more than that); null on the other rows.
        """
        if not isinstance(threshold_output, str):
            raise TypeError(
                f"threshold_output must be a str, got {type(threshold_output).__name__}"
            )
        table = frame(self._core.summary(v.number("threshold", threshold), threshold_output))
        if self._convergence is not None:
            table = _with_half_widths(table, self.convergence())
        return table

    def convergence(self) -> pl.DataFrame:
        """How a precision-controlled run (``simulate(..., precision=...)``) converged.

        Returns
        -------
        polars.DataFrame
            One row per batch, watched output and statistic: ``trials`` (all replicates
            together), ``output``, ``statistic``, ``estimate``, ``low`` and ``high`` (the
            confidence interval), ``half_width`` (the larger distance from the estimate to
            either end), ``allowed`` (the half-width the precision allows) and ``met``.
            The last batch's rows describe this result's trials.

        Raises
        ------
        ScenarioError
            For a result simulated without ``precision=``.
        """
        if self._convergence is None:
            raise v.argument_error(
                "precision",
                "precision: this result was simulated without precision=; "
                "run rc.simulate(..., precision=0.005) to get its convergence",
            )
        return _convergence_frame(self._convergence)

    @property
    def precision_reached(self) -> str | None:
        """A sentence with the precision asked for and reached (``None`` for a plain run)."""
        if self._convergence is None:
            return None
        return _describe_precision(self._convergence, self.n_trials)

    def breakdown(self) -> pl.DataFrame:
        """Present-value cost by strategy, activity (with its ``role`` and ``practice``) and
        year (0 for one-time items): mean, p5, p50, p95. The means of a strategy's rows add
        up to its mean total.

        The first call (of this, :meth:`labour` or ``plot.breakdown``) reruns the cost pass
        on the stored draws to get every activity's cost per trial (the same numbers the
        totals were made of) and keeps those columns with the result."""
        return frame(self._core.breakdown())

    def attribution(self, per_trial: bool = False) -> pl.DataFrame:
        """Savings split by practice: how much comes from dropping Repave, from Rotate,
        from Repair and from other activities (each activity's ``practice`` in the
        scenario; ``other`` when not given).

        A practice's part of a trial's saving is the baseline's present-value cost of its
        activities minus the alternative's, each activity's cost as in :meth:`breakdown`.

        Parameters
        ----------
        per_trial : bool
            ``False`` (default): one row per practice the baseline or the alternative
            uses (``practice``, ``output``, ``mean``, ``p5``, ``p50``, ``p95``, and
            ``share``, the part's mean over the mean saving; null when that is 0). The
            means add up to the mean saving. ``True``: one row per trial, a column per
            practice (``savings.repave``, ...) and then ``savings``; added left to right,
            the parts give ``savings`` exactly, bit for bit, in every trial.

        Returns
        -------
        polars.DataFrame
        """
        from .attribution import attribution

        return attribution(self, per_trial)

    def value_of_information(
        self, groups: Mapping[str, Sequence[str]] | None = None
    ) -> pl.DataFrame:
        """What knowing an input before choosing a strategy is worth, in money.

        The decision is the strategy with the lowest mean total over the trials. The first
        row is the expected value of perfect information (EVPI) on every input at once: the
        mean over trials of the decision's total minus the cheapest strategy's total in that
        trial. Each further row is the expected value of partial perfect information
        (EVPPI) on one uncertain input, or on a group of inputs learnt together, estimated
        by the nonparametric regression method of Strong, Oakley & Brennan (2014) on the
        trials already run (docs/model.md, "Value of information", with its bias).

        Parameters
        ----------
        groups : mapping of str to list of str, optional
            ``{"name": ["input", ...]}``: sets of inputs (keys as in :attr:`trials`) learnt
            together, one row each besides the single inputs.

        Returns
        -------
        polars.DataFrame
            ``name`` (input key, group name or ``all inputs``), ``label``, ``kind``
            (``evpi``, ``input``, ``group``), ``inputs``, ``value`` (in the scenario's
            currency, present value), ``se`` (its standard error) and ``share`` (of the
            EVPI); EVPI first, then by value, largest first.

        Raises
        ------
        ScenarioError
            An unknown input name in ``groups`` (named, with the inputs there are), an empty
            group, or a group name taken by an input or another group.
        """
        from .value_of_information import value_of_information

        return value_of_information(self, groups)

    def labour(self) -> pl.DataFrame:
        """Recurring labour by strategy, role and year: mean hours, mean FTE, and the
        probability that the role runs over capacity. Like :meth:`breakdown`, the first call
        reruns the cost pass on the stored draws."""
        return frame(self._core.labour())

    def sensitivity(self, output: str = "savings") -> pl.DataFrame:
        """Which inputs matter for ``output``: each ``input`` (path or parameter name) with
        its ``label`` (see docs/scenario-format.md), the Spearman rank correlation, and the
        conditional means by decile drawn by the tornado (``low_value``/``high_value``: the
        input's 10th and 90th percentiles; ``low_mean``/``high_mean``: the output's mean over
        the trials with the input at or below, at or above them; ``swing``: their gap),
        sorted by swing, largest first."""
        if not isinstance(output, str):
            raise TypeError(f"output must be a str, got {type(output).__name__}")
        return frame(self._core.sensitivity(output))

    def tail_drivers(self, output: str = "savings", q: float = 0.95) -> pl.DataFrame:
        """Which inputs carry the upper tail of ``output``.

        The tail is the trials where ``output`` is at or above its ``q``-quantile (its p95
        by default). Each input is scored by ``tail_percentile``: its mean percentile over
        those trials, a trial's percentile being (mid-rank - 1/2) / n among all trials. An
        input unrelated to the tail scores 0.5; one whose high values make the tail scores
        near 1 (near 0 when its low values do). Rows are sorted by distance from 0.5,
        largest first, so the first row is the input that carries the tail (see
        docs/model.md, "Which input carries the tail").

        Parameters
        ----------
        output : str
            An output name (see :attr:`outputs`).
        q : float
            The tail's quantile, strictly between 0 and 1.

        Returns
        -------
        polars.DataFrame
            ``input``, ``label`` (what the charts and the report call the input, as in
            :meth:`sensitivity`), ``tail_percentile``, ``z`` (the distance from 0.5 in
            standard errors of a random set of as many trials; beyond ±3 chance is an
            unlikely explanation), ``tail_mean`` and ``mean`` (the input's mean over the tail and
            over all trials, in its own unit), and on every row ``cutoff`` (the output's
            ``q``-quantile) and ``tail_trials``. Inputs that never change come last, with
            nulls.
        """
        if not isinstance(output, str):
            raise TypeError(f"output must be a str, got {type(output).__name__}")
        return frame(self._core.tail_drivers(output, v.number("q", q)))

    def cumulative(self) -> pl.DataFrame:
        """Cumulative present-value cost per strategy after each year 0…T (year 0: one-time
        costs), and cumulative savings (strategy ``"savings"``): mean, p5, p50, p95."""
        return frame(self._core.cumulative())

    def payback(self) -> pl.DataFrame:
        """Probability that the alternative has paid back by each year 0…T."""
        return frame(self._core.payback())

    def correlation(self) -> pl.DataFrame:
        """The rank correlations the run applied (the scenario's ``[[correlations]]``), each
        target beside the Spearman coefficient its trials achieved.

        Returns
        -------
        polars.DataFrame
            One row per correlation, in the scenario's order: ``pair`` (``"a ~ b"``), the
            inputs ``a`` and ``b`` (column names of :attr:`trials`), ``target`` (the
            Spearman coefficient asked for) and ``achieved`` (the Spearman coefficient of
            the two drawn columns; null for fewer than two trials). No rows when the
            scenario has no correlations. Under ``random`` and ``lhs`` each input keeps
            exactly its own draws and only their pairing changes (Iman & Conover 1982;
            see docs/model.md), so ``achieved`` is close to ``target`` but not equal.
        """
        return frame(self._core.correlation())

    def __reduce__(self) -> tuple[Any, ...]:
        # The scenario and the run's columns, not a new simulation (see _pickle.py); a
        # precision-controlled run also its convergence record and the precision asked for.
        if self._convergence is None:
            return (result_from_state, (self.scenario, self._core.state()))
        state = (self.scenario, self._core.state(), self._convergence.state(), self.precision)
        return (result_from_state, state)

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
    trials: int | None = None,
    seed: int = 0,
    method: str = "random",
    progress: ProgressArg = None,
    precision: PrecisionArg | None = None,
) -> Result:
    """Simulate ``trials`` joint draws of every uncertain input and the costs that follow.

    Parameters
    ----------
    scenario : Scenario, dict or str
        The scenario, a dict shaped like its file, or a preset name.
    trials : int, optional
        Number of trials (1 or more); 10,000 by default. Not with ``precision``, which
        decides the trials itself.
    seed : int
        Seed in ``[0, 2**64 - 1]``. Same scenario, trials, seed and method give
        bit-identical results on any machine and thread count.
    method : str
        A sampling method, one of :func:`methods` (``rc.methods()`` lists them, the
        default ``"random"`` first): for example ``"random"``, independent draws, or
        ``"lhs"``, Latin hypercube sampling, or ``"sobol"``, randomized quasi-Monte
        Carlo (Owen-scrambled Sobol points over the inputs and the event counts, the seed
        choosing the scramble; use a power of two of trials, see docs/model.md).
    progress : None, "auto", bool or callable
        ``None``/``"auto"``: a bar on stderr once the run passes two seconds, when stderr
        is a terminal (or a Jupyter kernel's stream); ``False``: none; ``True``: always,
        wherever stderr goes; a callable receives ``(done, total)``. With ``precision``
        the total grows batch by batch.
    precision : float or Precision, optional
        Run in growing batches until the 95% confidence interval of each watched
        statistic (by default the mean, p5, p50 and p95 of ``savings``) is within
        ±``precision`` of its value (relative; for a value near zero, relative to the
        output's standard deviation), or until ``max_trials`` (then a
        :class:`PrecisionWarning`). ``random`` grows one run; every other method runs 16
        independent replicates (``lhs`` doubling their trials, ``sobol`` continuing them
        through 256, 320, 384, 448, 512, ... trials), and its intervals are Student's t over
        the replicates. The result holds the last batch's trials (all replicates,
        pooled); ``result.convergence()`` shows every batch. The trials used depend only
        on the scenario, the seed, the method and the precision.

    Returns
    -------
    Result

    Raises
    ------
    ScenarioError
        A bad scenario (every problem, with paths) or argument.
    TypeError
        ``trials`` and ``precision`` given together, or an argument of the wrong type.
    KeyboardInterrupt
        On Ctrl-C; the run stops promptly.

    Warns
    -----
    PrecisionWarning
        When ``max_trials`` ran out before the precision was reached.
    SobolBalanceWarning
        ``method="sobol"`` with a number of trials that is not a power of two.
    """
    scn = _scenario(scenario)
    if precision is not None:
        if trials is not None:
            raise TypeError(
                "give trials or precision, not both: with precision the run decides its "
                "trials (cap them with rc.Precision(..., max_trials=N))"
            )
        wanted = _resolve_precision(precision)
        core, convergence = _run_precision(
            scn._core,
            v.seed(seed),
            v.method(method),
            wanted,
            callback(progress, "simulate"),
        )
        return Result(core, scn, convergence, wanted)
    n = v.count("trials", 10_000 if trials is None else trials)
    warn_if_unbalanced(v.method(method), n, "trials", stacklevel=2)
    core = _core.simulate(
        scn._core, n, v.seed(seed), v.method(method), callback(progress, "simulate")
    )
    return Result(core, scn)


class SweepResult:
    """The outcome of :func:`sweep`: one long table with a row per grid point and output.

    Attributes
    ----------
    table : polars.DataFrame
        One column per grid path (linked paths too), ``output``, and its summary
        statistics (median first, as in :meth:`Result.summary`); FTE rows
        (``STRATEGY.fte.ROLE``) also carry ``prob_over_capacity``.
    grid : dict
        Every grid path with the values it takes, step by step; the paths of a linked
        axis have lists of equal length that line up.
    axes : list of tuple of str
        The grid axes in order, each as the tuple of paths it sets (one path for a plain
        axis, several for a linked one). The sweep runs every combination of their steps.
    """

    def __init__(
        self,
        table: pl.DataFrame,
        scenario: Scenario,
        axes: list[tuple[tuple[str, ...], list[tuple[Any, ...]]]],
        n_trials: int,
        seed: int,
        method: str,
        threshold: float,
        scenario_hash: str,
        threshold_output: str = "savings",
    ) -> None:
        self.table = table
        self.scenario = scenario
        self.axes: list[tuple[str, ...]] = [paths for paths, _ in axes]
        self.grid: dict[str, list[Any]] = {}
        for paths, steps in axes:
            for k, path in enumerate(paths):
                self.grid[path] = [step[k] for step in steps]
        self._steps = {paths: steps for paths, steps in axes}
        self.n_trials = n_trials
        self.seed = seed
        self.method = method
        self.threshold = threshold
        self.threshold_output = threshold_output
        self.version = _version()
        self.scenario_hash: str = scenario_hash

    @property
    def plot(self) -> SweepPlots:
        """The sweep's charts: ``sweep.plot.lines()`` and ``sweep.plot.heatmap()``.

        A new accessor on each access, so the sweep and its accessor form no reference
        cycle; keep one (``plots = sweep.plot``) to draw several charts from one view of
        the sweep, built on its first chart."""
        return SweepPlots(self)

    @property
    def currency(self) -> str:
        """The scenario's currency label."""
        return self.scenario.currency

    @property
    def n_points(self) -> int:
        """Number of grid points: the product of the axes' numbers of steps."""
        points = 1
        for steps in self._steps.values():
            points *= len(steps)
        return points

    def output(self, name: str = "savings") -> pl.DataFrame:
        """The rows of one output."""
        if not isinstance(name, str):
            raise TypeError(f"output must be a str, got {type(name).__name__}")
        return self.table.filter(pl.col("output") == name)

    def write(
        self,
        out_dir: str | os.PathLike[str],
        formats: Sequence[str] = ("png", "svg"),
        overwrite: bool = False,
        output: str = "savings",
        at: Mapping[str, Any] | None = None,
        x: str | None = None,
        by: str | None = None,
    ) -> Path:
        """Write the sweep's table (``sweep.csv``, ``sweep.parquet``), its charts,
        ``scenario.toml`` and ``manifest.json`` into ``out_dir`` atomically. A non-empty
        folder is replaced only when it holds an earlier report and nothing else, and only
        with ``overwrite`` (see :func:`repave_cost.report`). ``formats`` is checked before
        anything is written; a write that fails leaves no file or folder behind.

        The charts are ``lines`` of ``output`` along ``x``, one line per value of ``by``,
        and, when the grid has a second axis, a ``heatmap`` over ``x`` and ``by``. ``x`` and
        ``by`` default to the first two grid axes that ``at`` does not hold; every further
        axis must be held at one value with ``at`` (see :meth:`SweepPlots.lines`), which is
        checked before any file is written.
        """
        fmts = chart_formats(formats)
        # Build the charts first, so a missing `at` fails before any file is written. One
        # accessor for all of them: the core's view of the sweep is built once.
        plots = self.plot
        charts = [("lines", plots.lines(x=x, by=by, output=output, at=at))]
        x_path, default_by = plots._default_pair(x, at)
        y = by if by is not None else default_by
        if y is not None:
            value = "prob_above" if output == self.threshold_output else "p50"
            heatmap = plots.heatmap(x=x_path, y=y, value=value, output=output, at=at)
            charts.append(("heatmap", heatmap))

        def fill(folder: Path) -> None:
            self.table.write_csv(folder / "sweep.csv")
            self.table.write_parquet(folder / "sweep.parquet")
            for name, chart in charts:
                for fmt in fmts:
                    chart.save(folder / f"{name}.{fmt}")
            (folder / "scenario.toml").write_text(scenario_file(self.scenario), encoding="utf-8")

        return write_folder(out_dir, fill, overwrite, kind="sweep")

    def _repr_html_(self) -> str:
        return sweep_html(self)

    def __repr__(self) -> str:
        names = ", ".join(p[0] if len(p) == 1 else "(" + ", ".join(p) + ")" for p in self.axes)
        return f"<SweepResult {self.n_points} points × {self.n_trials:,} trials over {names}>"


GridKey = Union[str, tuple[str, ...]]


def _axis(key: Any, values: Any) -> tuple[tuple[str, ...], list[list[Any]]]:
    """One grid entry as ``(paths, steps)``, each step a list with one value per path."""
    if isinstance(key, str):
        paths: tuple[str, ...] = (key,)
        linked = False
    elif isinstance(key, tuple) and key and all(isinstance(p, str) for p in key):
        paths, linked = key, True
    else:
        raise TypeError(
            "grid keys must be a path (str) or a tuple of linked paths, got "
            f"{type(key).__name__} {key!r}"
        )
    name = key if isinstance(key, str) else "(" + ", ".join(key) + ")"
    if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__iter__"):
        raise TypeError(f"grid values for {name} must be a list, got {values!r}")
    steps: list[list[Any]] = []
    for i, value in enumerate(values):
        if not linked:
            steps.append([value])
        elif isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
            raise TypeError(
                f"grid values for the linked paths {name} must be tuples with one value per "
                f"path, got {value!r} at step {i}"
            )
        else:
            steps.append(list(value))
    return paths, steps


def sweep(
    scenario: ScenarioLike,
    grid: Mapping[GridKey, Sequence[Any]],
    trials: int = 10_000,
    seed: int = 0,
    method: str = "random",
    threshold: float = 0.0,
    threshold_output: str = "savings",
    progress: ProgressArg = None,
    executor: concurrent.futures.Executor | None = None,
    task_size: int | None = None,
) -> SweepResult:
    """Simulate every combination of grid values with common random numbers.

    Every point uses the same seed, so curves are smooth and points comparable; each point
    equals a separate :func:`simulate` call at that seed on the scenario with the point's
    values set. Under ``method="sobol"`` every point also sees the same Sobol points: each
    input and event count keeps one dimension across the grid, assigned over the keys of
    all points, so a point that fixes an input leaves the others' draws unchanged; a
    point then equals its separate :func:`simulate` when every point has the same
    uncertain inputs, random activities and horizon.

    Parameters
    ----------
    scenario : Scenario, dict or str
        The base scenario or a preset name.
    grid : mapping of path, or tuple of linked paths, to a list of values
        Each entry is one axis; the sweep runs every combination of the axes' values (any
        number of axes). A path (``"fleet.nodes"``) takes a list of values. A tuple of
        paths takes a list of tuples, one value per path, and those paths move together:
        ``{("fleet.nodes", "fleet.services", "fleet.clusters"): [(10, 2, 1), (100, 20, 2),
        (1000, 200, 10)], "staffing.sre.headcount": [2, 4, 8]}`` is 3 fleets × 3 team
        sizes, 9 points, never 10 nodes on 10 clusters.
    trials, seed, method, progress
        As for :func:`simulate`. With an ``executor``, progress counts finished grid
        points.
    threshold : float
        Sets ``prob_above`` on the rows of ``threshold_output``: the share of trials above
        it (null on the other rows).
    threshold_output : str
        ``"savings"`` (default), ``"savings_per_year"``, ``"STRATEGY.total"`` or
        ``"STRATEGY.fte.ROLE"``.
    executor : concurrent.futures.Executor, optional
        Run the grid as tasks on this executor (a ``ProcessPoolExecutor``,
        ``distributed.Client(...).get_executor()``, ...; see docs/distributed.md) instead
        of in this process. The whole grid is checked here first; each task sends back the
        summary rows of its grid points only, and the table is bit-identical to the local
        sweep's. Ctrl-C cancels the tasks that have not started.
    task_size : int, optional
        Grid points per task with an ``executor`` (default: as many as make about
        1,000,000 trial-simulations, at least one).

    Returns
    -------
    SweepResult

    Raises
    ------
    ScenarioError
        A bad grid point (naming the path and the point), a linked step without exactly
        one value per path (naming the paths), a path given twice, or a bad argument.
    TypeError
        A grid key that is not a path or a tuple of paths, or values that are not lists.

    Warns
    -----
    SobolBalanceWarning
        ``method="sobol"`` with a number of trials that is not a power of two.
    """
    scn = _scenario(scenario)
    if not isinstance(grid, Mapping) or not grid:
        raise TypeError("grid must be a non-empty mapping of path to a list of values")
    axes: list[tuple[list[str], str]] = []
    clean: list[tuple[tuple[str, ...], list[tuple[Any, ...]]]] = []
    for key, values in grid.items():
        paths, steps = _axis(key, values)
        where = f"grid.{', '.join(paths)}"
        try:
            encoded = dumps(steps)
        except BadNumberError as err:
            # err.path is "[step][value]" and, in a distribution, its field: the value of
            # paths[value] at that step.
            found = re.fullmatch(r"\[(\d+)\]\[(\d+)\](.*)", err.path)
            assert found is not None, err.path  # steps are lists of tuples
            step, value, rest = int(found[1]), int(found[2]), found[3]
            at = f"grid.{paths[value]}[{step}]{rest}"
            raise _core.ScenarioError(f"{at}: {err}", [(at, str(err))]) from None
        except ValueError as err:
            raise _core.ScenarioError(f"{where}: {err}", [(where, str(err))]) from None
        axes.append((list(paths), encoded))
        clean.append((paths, [tuple(step) for step in json.loads(encoded)]))
    n = v.count("trials", trials)
    warn_if_unbalanced(v.method(method), n, "trials", stacklevel=2)
    if not isinstance(threshold_output, str):
        raise TypeError(f"threshold_output must be a str, got {type(threshold_output).__name__}")
    if executor is None:
        table = frame(
            _core.sweep(
                scn._core,
                axes,
                n,
                v.seed(seed),
                v.method(method),
                v.number("threshold", threshold),
                threshold_output,
                callback(progress, "sweep"),
            )
        )
    else:
        table = sweep_on(
            executor,
            scn,
            axes,
            n,
            v.seed(seed),
            v.method(method),
            v.number("threshold", threshold),
            threshold_output,
            callback(progress, "sweep"),
            task_size,
        )
    return SweepResult(
        table,
        scn,
        clean,
        n,
        seed,
        method,
        float(threshold),
        scn._core.content_hash,
        threshold_output,
    )
