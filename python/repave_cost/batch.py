"""Many scenarios at once: :func:`simulate_many` runs a list of scenarios (say, one per
customer) with the same trials, seed and method, in this process or as tasks on any
:class:`concurrent.futures.Executor`."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Sequence
from typing import Any

import polars as pl

from . import _executor
from . import _validate as v
from ._progress import ProgressArg, callback
from ._tables import frame
from .scenario import Scenario
from .simulation import Result, ScenarioLike, _scenario, simulate

__all__ = ["BatchResult", "simulate_many"]


def batch_task(
    scenarios: Sequence[Scenario],
    trials: int,
    seed: int,
    method: str,
    threshold: float,
    threshold_output: str,
    keep_trials: bool,
) -> list[tuple[list[tuple[str, Any]], Result | None]]:
    """One task of :func:`simulate_many`: every scenario's summary as the core's columns,
    and its result itself when ``keep_trials``. The task uses no polars (its thread pool has
    no threads in a forked worker); the tables are built by the caller."""
    out: list[tuple[list[tuple[str, Any]], Result | None]] = []
    for scn in scenarios:
        r = simulate(scn, trials, seed, method, progress=False)
        columns = r._core.summary(threshold, threshold_output)
        out.append((columns, r if keep_trials else None))
    return out


def _summary_frame(index: int, name: str | None, columns: list[tuple[str, Any]]) -> pl.DataFrame:
    """One scenario's summary rows, led by its index in the batch and its name."""
    return frame(columns).select(
        pl.lit(index, dtype=pl.Int64).alias("scenario"),
        pl.lit(name, dtype=pl.Utf8).alias("name"),
        pl.all(),
    )


class BatchResult:
    """The outcome of :func:`simulate_many`.

    Attributes
    ----------
    table : polars.DataFrame
        Every scenario's :meth:`Result.summary`, one after the other: ``scenario`` (its
        index in the list given), ``name`` (its name, or null), then the summary's columns.
    results : list of Result or None
        The results themselves (trials and every table) when ``keep_trials=True``, in the
        order given; else ``None`` (only the summaries came back).
    n_trials, seed, method, threshold, threshold_output
        The settings every scenario ran with.
    """

    def __init__(
        self,
        table: pl.DataFrame,
        results: list[Result] | None,
        n_scenarios: int,
        n_trials: int,
        seed: int,
        method: str,
        threshold: float,
        threshold_output: str,
    ) -> None:
        self.table = table
        self.results = results
        self.n_scenarios = n_scenarios
        self.n_trials, self.seed, self.method = n_trials, seed, method
        self.threshold, self.threshold_output = threshold, threshold_output

    def __len__(self) -> int:
        return self.n_scenarios

    def output(self, name: str = "savings") -> pl.DataFrame:
        """The rows of one output, one per scenario."""
        if not isinstance(name, str):
            raise TypeError(f"output must be a str, got {type(name).__name__}")
        return self.table.filter(pl.col("output") == name)

    def __repr__(self) -> str:
        kept = ", with trials" if self.results is not None else ""
        return (
            f"<BatchResult {self.n_scenarios} scenarios × {self.n_trials:,} trials, "
            f"seed {self.seed}, {self.method}{kept}>"
        )


def simulate_many(
    scenarios: Sequence[ScenarioLike],
    trials: int = 10_000,
    seed: int = 0,
    method: str = "random",
    threshold: float = 0.0,
    threshold_output: str = "savings",
    executor: concurrent.futures.Executor | None = None,
    keep_trials: bool = False,
    task_size: int | None = None,
    progress: ProgressArg = None,
) -> BatchResult:
    """Simulate every scenario of a list with the same trials, seed and method.

    Each scenario's numbers are those of :func:`simulate` on it alone, bit for bit,
    wherever it runs. The scenarios are checked (compiled) here before any runs.

    Parameters
    ----------
    scenarios : sequence of Scenario, dict or str
        The scenarios (dicts shaped like the file, or preset names); at least one.
    trials, seed, method
        As for :func:`simulate`.
    threshold, threshold_output
        As for :meth:`Result.summary`: ``prob_above`` on the rows of ``threshold_output``.
    executor : concurrent.futures.Executor, optional
        Run the scenarios as tasks on this executor (a ``ProcessPoolExecutor``,
        ``distributed.Client(...).get_executor()``, ...; see docs/distributed.md); by
        default one after the other in this process, each on every core.
    keep_trials : bool
        Also send back every result (its trials and tables) as :attr:`BatchResult.results`;
        by default only the summaries travel.
    task_size : int, optional
        Scenarios per task (default: as many as make about 1,000,000 trials, at least one).
    progress : None, "auto", bool or callable
        As for :func:`simulate`; counts the trials of finished tasks (``task_size``
        scenarios each), so it moves once a task.

    Returns
    -------
    BatchResult

    Raises
    ------
    ScenarioError
        A bad scenario (naming its index) or argument.
    KeyboardInterrupt
        On Ctrl-C; tasks that have not started are cancelled.
    """
    if isinstance(scenarios, (str, bytes)) or not isinstance(scenarios, Sequence):
        raise TypeError(f"scenarios must be a list of scenarios, got {type(scenarios).__name__}")
    if not scenarios:
        raise v.argument_error("scenarios", "scenarios: give at least one scenario")
    keep_trials = v.flag("keep_trials", keep_trials)
    if not isinstance(threshold_output, str):
        raise TypeError(f"threshold_output must be a str, got {type(threshold_output).__name__}")
    pool = None if executor is None else _executor.check_executor(executor)
    n = v.count("trials", trials)
    s, m, t = v.seed(seed), v.method(method), v.number("threshold", threshold)
    compiled = []
    for i, item in enumerate(scenarios):
        try:
            compiled.append(_scenario(item))
        except ValueError as err:
            raise v.argument_error(f"scenarios[{i}]", f"scenarios[{i}]: {err}") from None
    per_task = _executor.task_size(n, task_size)
    starts = range(0, len(compiled), per_task)
    tasks = [
        (compiled[i : i + per_task], n, s, m, t, threshold_output, keep_trials) for i in starts
    ]
    weights = [len(task[0]) for task in tasks]
    parts = _executor.run_tasks(
        pool, batch_task, tasks, weights, callback(progress, "simulate_many")
    )
    rows = [row for part in parts for row in part]
    table = pl.concat(
        [
            _summary_frame(i, scn.name, cols)
            for i, (scn, (cols, _)) in enumerate(zip(compiled, rows))
        ],
        how="vertical",
    )
    results = [r for _, r in rows if r is not None] if keep_trials else None
    return BatchResult(table, results, len(compiled), n, s, m, t, threshold_output)
