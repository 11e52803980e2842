"""Running sweeps and batches of simulations as tasks on any
:class:`concurrent.futures.Executor`: a process pool, a Dask cluster
(``distributed.Client(...).get_executor()``), Ray (see docs/distributed.md).

The work is cut into tasks of bounded size; each task is a module-level function of
picklable arguments (a :class:`Scenario` pickles as its JSON text), runs the same core
calls as a local run, and sends back only summary tables unless trials are asked for. The
tasks' tables join, in task order, into exactly the local result: a grid point's rows
depend on the scenario, the point, trials, seed and method (under ``sobol`` also on the
whole grid's inputs, whose dimensions every task numbers alike). Progress counts finished
tasks' work; Ctrl-C (or any error) cancels every task that has not started.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
from collections.abc import Iterator, Sequence
from typing import Any, Callable, TypeVar

import polars as pl

from . import _core
from ._tables import frame
from .scenario import Scenario

T = TypeVar("T")

#: The most trial-simulations (trials × grid points or scenarios) one task runs by default:
#: about 0.1–0.5 s of work on one core for the presets, small enough to balance the load
#: over a few workers, large enough that a task's overhead (pickling, scheduling, compiling
#: its scenarios) stays small against its work.
TASK_TRIALS = 1_000_000


def task_size(trials: int, size: int | None) -> int:
    """Grid points (or scenarios) per task: ``size`` when given (checked), else as many as
    fit :data:`TASK_TRIALS` trials, at least one. ``trials`` is checked by the core where it
    is used (below 1 is one task per item here, not a division by zero)."""
    if size is None:
        return max(1, TASK_TRIALS // max(1, trials))
    if isinstance(size, bool) or not isinstance(size, int):
        raise TypeError(f"task_size must be an int, got {type(size).__name__}")
    if size < 1:
        raise _core.ScenarioError(
            f"task_size: must be at least 1, got {size}",
            [("task_size", f"must be at least 1, got {size}")],
        )
    return size


def check_executor(executor: Any) -> cf.Executor:
    """``executor`` itself when it is a :class:`concurrent.futures.Executor`."""
    if not isinstance(executor, cf.Executor):
        raise TypeError(
            "executor must be a concurrent.futures.Executor (a ProcessPoolExecutor, "
            "distributed.Client(...).get_executor(), ...), got "
            f"{type(executor).__name__}"
        )
    return executor


def run_tasks(
    executor: cf.Executor | None,
    fn: Callable[..., T],
    tasks: Sequence[tuple[Any, ...]],
    weights: Sequence[int],
    progress: Callable[[int, int], object] | None,
) -> list[T]:
    """``fn(*task)`` for every task, on ``executor`` (in this process, one after the other,
    when ``None``), in task order. ``progress(done, total)`` counts the ``weights`` of the
    finished tasks. On Ctrl-C or an error every task not yet started is cancelled and the
    exception raised (the first failed task's, in task order)."""
    total = sum(weights)
    if progress is not None:
        progress(0, total)
    if executor is None:
        out = []
        done = 0
        for task, weight in zip(tasks, weights):
            out.append(fn(*task))
            done += weight
            if progress is not None:
                progress(done, total)
        return out
    futures: list[cf.Future[T]] = []
    try:
        futures = [executor.submit(fn, *task) for task in tasks]
        weight_of = {id(f): w for f, w in zip(futures, weights)}
        pending: set[cf.Future[T]] = set(futures)
        done = 0
        while pending:
            finished, pending = cf.wait(pending, timeout=0.1, return_when=cf.FIRST_COMPLETED)
            for f in finished:
                if f.exception() is not None:
                    raise _first_error(futures)
                done += weight_of[id(f)]
            if finished and progress is not None:
                progress(done, total)
        return [f.result() for f in futures]
    except BaseException:
        for f in futures:
            f.cancel()
        raise


def _first_error(futures: Sequence[cf.Future[Any]]) -> BaseException:
    """The exception of the first failed task in task order among those finished."""
    for f in futures:
        if f.done() and not f.cancelled() and f.exception() is not None:
            err = f.exception()
            assert err is not None
            return err
    raise AssertionError("no task failed")  # pragma: no cover


def sweep_task(
    scenario: Scenario,
    axes: list[tuple[list[str], str]],
    trials: int,
    seed: int,
    method: str,
    threshold: float,
    threshold_output: str,
    start: int,
    end: int,
) -> list[tuple[str, Any]]:
    """One task of a sweep: the summary rows of grid points ``start`` to ``end`` (end
    excluded, in grid order), exactly those of the whole sweep, as the core's columns (numpy
    arrays and lists). The task uses no polars: polars' thread pool, like rayon's, has no
    threads in a worker forked from a process that used it, so the table is built here."""
    return _core.sweep(
        scenario._core,
        axes,
        trials,
        seed,
        method,
        threshold,
        threshold_output,
        None,
        (start, end),
    )


def sweep_tasks(n_points: int, size: int) -> list[tuple[int, int]]:
    """The grid point ranges of the tasks: consecutive, ``size`` points each (the last
    fewer)."""
    return [(s, min(s + size, n_points)) for s in range(0, n_points, size)]


@contextlib.contextmanager
def dask_executor(address: str) -> Iterator[cf.Executor]:
    """An executor on the Dask scheduler at ``address`` (``tcp://host:8786``), closed on
    exit; needs the ``distributed`` package."""
    try:
        from distributed import Client
    except ImportError:
        raise _core.ScenarioError(
            "--scheduler: sending work to a Dask scheduler needs the distributed package "
            "(pip install distributed)",
            [("scheduler", "needs the distributed package")],
        ) from None
    with Client(address) as client:  # type: ignore[no-untyped-call]
        yield client.get_executor()


def sweep_on(
    executor: Any,
    scenario: Scenario,
    axes: list[tuple[list[str], str]],
    trials: int,
    seed: int,
    method: str,
    threshold: float,
    threshold_output: str,
    progress: Callable[[int, int], object] | None,
    size: int | None,
) -> pl.DataFrame:
    """A sweep's table computed in tasks on ``executor``: the whole grid is checked here
    first (every point compiled, as a local sweep does), then cut into tasks of ``size``
    grid points (default: :func:`task_size`), whose tables join in grid order."""
    pool = check_executor(executor)
    n_points = _core.check_sweep(scenario._core, axes, trials, threshold, threshold_output)
    per_task = task_size(trials, size)
    ranges = sweep_tasks(n_points, per_task)
    tasks = [
        (scenario, axes, trials, seed, method, threshold, threshold_output, s, e) for s, e in ranges
    ]
    parts = run_tasks(pool, sweep_task, tasks, [e - s for s, e in ranges], progress)
    return pl.concat([frame(p) for p in parts], how="vertical")
