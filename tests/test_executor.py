"""Sweeps and batches on any concurrent.futures.Executor: a process pool, a Dask
LocalCluster, threads; bit-identical to the local run, cut into tasks, cancellable."""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import pickle
from collections.abc import Iterator
from typing import Any, Callable

import polars as pl
import pytest
import repave_cost as rc
from conftest import run_python
from test_pickle import assert_same_bits

GRID = {
    ("fleet.nodes", "fleet.clusters"): [(50, 1), (100, 2), (400, 6)],
    "staffing.sre.headcount": [2, 3.5, 6],
}
TRIALS = 256


class CountingExecutor(cf.Executor):
    """A thread pool that records every future it hands out."""

    def __init__(self, workers: int = 1) -> None:
        self.pool = cf.ThreadPoolExecutor(max_workers=workers)
        self.futures: list[cf.Future[Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        f = self.pool.submit(fn, *args, **kwargs)
        self.futures.append(f)
        return f

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


@pytest.fixture(scope="module")
def processes() -> Iterator[cf.ProcessPoolExecutor]:
    # forkserver: workers forked from a clean server, never from this process, whose polars
    # pool (used by earlier tests) would have no threads in a forked worker.
    context = multiprocessing.get_context("forkserver")
    with cf.ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        yield pool


def test_a_pool_forked_from_a_process_that_ran_the_core_works() -> None:
    """Linux's default start method before Python 3.14: the worker is forked from a process
    whose rayon pool has run; in a fresh interpreter, so that nothing else (polars) of the
    test process is inherited. Bounded by a timeout: a hang fails."""
    code = (
        "import concurrent.futures as cf, multiprocessing as mp, repave_cost as rc\n"
        "from repave_cost import _executor\n"
        "local = rc.sweep('fleet', {'fleet.nodes': [50, 100, 200]}, trials=300)\n"
        "with cf.ProcessPoolExecutor(2, mp_context=mp.get_context('fork')) as pool:\n"
        "    remote = rc.sweep('fleet', {'fleet.nodes': [50, 100, 200]}, trials=300,\n"
        "                      executor=pool, task_size=1)\n"
        "print(remote.table.equals(local.table))\n"
    )
    proc = run_python(code, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True"


@pytest.mark.parametrize("method", rc.methods())
def test_a_sweep_on_a_process_pool_is_bit_identical(
    processes: cf.ProcessPoolExecutor, method: str
) -> None:
    local = rc.sweep("fleet", GRID, trials=TRIALS, seed=8, method=method, threshold=5e4)
    for size in (1, 2, 4, None):
        remote = rc.sweep(
            "fleet",
            GRID,
            trials=TRIALS,
            seed=8,
            method=method,
            threshold=5e4,
            executor=processes,
            task_size=size,
        )
        assert_same_bits(remote.table, local.table)
        assert remote.grid == local.grid


def test_a_grid_column_keeps_its_type_in_every_task() -> None:
    """Headcounts 2, 3.5, 6 are numbers, not integers, even in a task that only has the
    point at 2."""
    with CountingExecutor(2) as pool:
        s = rc.sweep("fleet", GRID, trials=50, executor=pool, task_size=1)
    assert s.table.schema["staffing.sre.headcount"] == pl.Float64
    assert s.table.schema["fleet.nodes"] == pl.Int64
    assert len(pool.futures) == 9


def test_simulate_many_matches_simulate_locally_and_on_a_pool(
    processes: cf.ProcessPoolExecutor,
) -> None:
    scenarios: list[Any] = [
        "fleet",
        rc.Scenario.preset("customer_repave"),
        rc.Scenario.preset("fleet").replace({"fleet.nodes": 900}),
    ]
    expected = pl.concat(
        [
            rc.simulate(s, TRIALS, seed=2, method="lhs")
            .summary(1e5)
            .select(
                pl.lit(i, dtype=pl.Int64).alias("scenario"),
                pl.lit(rc.Scenario.preset(s).name if isinstance(s, str) else s.name).alias("name"),
                pl.all(),
            )
            for i, s in enumerate(scenarios)
        ]
    )
    for executor, size in [(None, None), (processes, 1), (processes, 2)]:
        batch = rc.simulate_many(
            scenarios,
            TRIALS,
            seed=2,
            method="lhs",
            threshold=1e5,
            executor=executor,
            task_size=size,
        )
        assert_same_bits(batch.table, expected)
        assert batch.results is None and len(batch) == 3


def test_simulate_many_sends_results_back_when_asked(processes: cf.ProcessPoolExecutor) -> None:
    batch = rc.simulate_many(
        ["fleet", "vm_fleet"], 300, seed=5, executor=processes, keep_trials=True
    )
    assert batch.results is not None
    for preset, r in zip(["fleet", "vm_fleet"], batch.results):
        local = rc.simulate(preset, 300, seed=5)
        assert_same_bits(r.trials, local.trials)
        assert_same_bits(r.breakdown(), local.breakdown())


def test_progress_counts_every_task() -> None:
    seen: list[tuple[int, int]] = []
    with CountingExecutor(2) as pool:
        rc.sweep(
            "fleet",
            GRID,
            trials=50,
            executor=pool,
            task_size=2,
            progress=lambda d, t: seen.append((d, t)),
        )
    assert seen[0] == (0, 9) and seen[-1] == (9, 9)
    assert all(t == 9 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_bad_point_fails_before_any_task_is_sent() -> None:
    pool = CountingExecutor()
    with pytest.raises(rc.ScenarioError, match="at grid point"):
        rc.sweep("fleet", {"staffing.sre.headcount": [2, -1]}, trials=50, executor=pool)
    assert pool.futures == []
    with pytest.raises(rc.ScenarioError, match="scenarios\\[1\\]"):
        rc.simulate_many(["fleet", "no such preset"], 50, executor=pool)
    assert pool.futures == []
    pool.shutdown()


def test_interrupting_cancels_the_tasks_not_started() -> None:
    """Ctrl-C while waiting (here raised by the progress callback once a task has
    finished): every task that has not started is cancelled, the interrupt goes on."""
    pool = CountingExecutor(workers=1)

    def interrupt(done: int, total: int) -> None:
        if done > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rc.sweep("fleet", GRID, trials=2_000, executor=pool, task_size=1, progress=interrupt)
    pool.shutdown(wait=True)
    cancelled = sum(f.cancelled() for f in pool.futures)
    assert len(pool.futures) == 9
    # One task finished, at most one more had started on the single worker.
    assert cancelled >= 7


def test_a_failing_task_raises_its_error_and_cancels_the_rest() -> None:
    class Failing(CountingExecutor):
        def submit(self, fn: Callable[..., Any], /, *args: Any, **kw: Any) -> cf.Future[Any]:
            if len(self.futures) == 1:
                f: cf.Future[Any] = cf.Future()
                f.set_exception(RuntimeError("worker lost"))
                self.futures.append(f)
                return f
            return super().submit(fn, *args, **kw)

    pool = Failing()
    with pytest.raises(RuntimeError, match="worker lost"):
        rc.sweep("fleet", GRID, trials=2_000, executor=pool, task_size=1)
    pool.shutdown()
    assert any(f.cancelled() for f in pool.futures)


def test_bad_executor_arguments() -> None:
    with pytest.raises(TypeError, match="concurrent.futures.Executor"):
        rc.sweep("fleet", GRID, trials=10, executor="dask")  # type: ignore[arg-type]
    with pytest.raises(rc.ScenarioError, match="task_size: must be at least 1"):
        rc.sweep("fleet", GRID, trials=10, executor=CountingExecutor(), task_size=0)
    with pytest.raises(TypeError, match="task_size"):
        rc.simulate_many(["fleet"], 10, task_size=1.5)  # type: ignore[arg-type]
    with pytest.raises(rc.ScenarioError, match="at least one scenario"):
        rc.simulate_many([], 10)
    with pytest.raises(TypeError, match="list of scenarios"):
        rc.simulate_many("fleet", 10)


def test_a_batch_result_pickles() -> None:
    batch = rc.simulate_many(["fleet"], 100, keep_trials=True)
    back = pickle.loads(pickle.dumps(batch))
    assert_same_bits(back.table, batch.table)


def test_a_sweep_on_a_dask_local_cluster_is_bit_identical() -> None:
    import distributed  # the test extra has it: fails, never skips, when missing

    local = rc.sweep("fleet", GRID, trials=TRIALS, seed=8, threshold=5e4)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = rc.sweep(
            "fleet",
            GRID,
            trials=TRIALS,
            seed=8,
            threshold=5e4,
            executor=client.get_executor(),
            task_size=2,
        )
        batch = rc.simulate_many(["fleet", "vm_fleet"], TRIALS, executor=client.get_executor())
    assert_same_bits(remote.table, local.table)
    assert_same_bits(batch.table, rc.simulate_many(["fleet", "vm_fleet"], TRIALS).table)


def test_cli_sweep_on_a_dask_scheduler_prints_the_local_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import distributed
    from repave_cost.cli import main

    argv = ["sweep", "--preset", "fleet", "--grid", "fleet.nodes=50,100,200", "--trials", "300"]
    assert main([*argv, "--quiet"]) == 0
    local = capsys.readouterr().out
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        assert main([*argv, "--quiet", "--scheduler", cluster.scheduler_address]) == 0
        # The points ran as tasks on the cluster.
        assert "sweep_task" in cluster.scheduler.task_prefixes
    assert capsys.readouterr().out == local
    assert "fleet.nodes" in local


def test_zero_trials_is_the_trials_error_on_every_path() -> None:
    # Cutting the work into tasks divided by the trials before the core checked them:
    # ZeroDivisionError from simulate_many and from a sweep on an executor.
    from concurrent.futures import ThreadPoolExecutor

    said = r"trials must be an integer in \[1, 2\*\*64 - 1\], got 0"
    with pytest.raises(rc.ScenarioError, match=said):
        rc.simulate_many(["fleet"], trials=0)
    with ThreadPoolExecutor(1) as pool:
        with pytest.raises(rc.ScenarioError, match=said):
            rc.simulate_many(["fleet"], trials=0, executor=pool)
        with pytest.raises(rc.ScenarioError, match=said):
            rc.sweep("fleet", {"fleet.nodes": [1, 2]}, trials=0, executor=pool)
