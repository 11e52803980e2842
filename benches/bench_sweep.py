"""Benchmark of sweeps: locally and as tasks on executors.

* the 100-point sweep of ``fleet`` (10 × 10 over ``fleet.nodes`` and
  ``staffing.sre.headcount``) at 10,000 trials per point, in this process, beside one
  1,000,000-trial ``simulate`` (the same number of trial-simulations);
* a 2,000-point sweep (40 × 50) in this process, on a process pool of 2 workers and on a
  Dask ``LocalCluster`` of 2 workers (one thread each);
* the overhead per task of each executor: a 200-point sweep of 10 trials a point, one point
  per task, against the same sweep in this process, divided by the number of tasks.

Each timing is the best of ``--repeat`` runs (wall time; the CPU time of this process is
printed beside the local ones). Workers run with ``RAYON_NUM_THREADS=1``.

    python benches/bench_sweep.py [--trials N] [--big-trials N] [--repeat R] [--skip-dask]
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import multiprocessing as mp
import os
import resource
import time
from collections.abc import Callable
from typing import Any

import repave_cost as rc

GRID_100 = {
    "fleet.nodes": [10, 25, 50, 100, 200, 400, 800, 1500, 3000, 5000],
    "staffing.sre.headcount": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
}
GRID_2000 = {
    "fleet.nodes": list(range(25, 1025, 25)),
    "staffing.sre.headcount": [1 + 0.25 * k for k in range(50)],
}
GRID_TASKS = {"fleet.nodes": list(range(10, 210)), "staffing.sre.headcount": [4]}


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def best(repeat: int, call: Callable[[], Any]) -> tuple[float, float]:
    """The best wall time of ``repeat`` calls and the CPU time of that call."""
    out = (float("inf"), 0.0)
    for _ in range(repeat):
        c, t = cpu(), time.perf_counter()
        call()
        wall = time.perf_counter() - t
        if wall < out[0]:
            out = (wall, cpu() - c)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=10_000)
    ap.add_argument("--big-trials", type=int, default=1_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args(argv)
    fleet = rc.Scenario.preset("fleet")
    threads = os.environ.get("RAYON_NUM_THREADS", "all")
    print(
        f"fleet preset; {os.cpu_count()} CPUs; RAYON_NUM_THREADS={threads}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    rc.sweep(fleet, {"fleet.nodes": [10, 20]}, trials=2_000, progress=False)  # warm-up

    wall, c = best(
        args.repeat, lambda: rc.sweep(fleet, GRID_100, trials=args.trials, progress=False)
    )
    print(f"sweep 100 points x {args.trials:,} trials, in process: {wall:7.2f} s (cpu {c:.2f} s)")
    n = 100 * args.trials
    wall1, c1 = best(args.repeat, lambda: rc.simulate(fleet, n, progress=False))
    print(f"simulate {n:,} trials, in process:            {wall1:7.2f} s (cpu {c1:.2f} s)")
    print(f"  sweep / simulate: {wall / wall1:.2f} (wall), {c / c1:.2f} (cpu)")

    big = args.big_trials
    local, _ = best(args.repeat, lambda: rc.sweep(fleet, GRID_2000, trials=big, progress=False))
    print(f"sweep 2,000 points x {big:,} trials, in process:  {local:7.2f} s")
    tasks_local, _ = best(
        args.repeat, lambda: rc.sweep(fleet, GRID_TASKS, trials=10, progress=False)
    )

    os.environ["RAYON_NUM_THREADS"] = "1"  # for the workers started from here on
    executors: list[tuple[str, Callable[[], Any]]] = [
        (
            "process pool (2, forkserver)",
            lambda: cf.ProcessPoolExecutor(2, mp_context=mp.get_context("forkserver")),
        ),
    ]
    if not args.skip_dask:
        from distributed import Client, LocalCluster

        def dask() -> Any:
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
            client = Client(cluster)  # type: ignore[no-untyped-call]
            return client, cluster

        executors.append(("Dask LocalCluster (2 workers)", dask))
    for name, make in executors:
        made = make()
        pool = made[0].get_executor() if isinstance(made, tuple) else made
        try:
            rc.sweep(
                fleet, {"fleet.nodes": [10, 20]}, trials=100, executor=pool, progress=False
            )  # start the workers
            w, _ = best(
                args.repeat,
                lambda pool=pool: rc.sweep(
                    fleet, GRID_2000, trials=big, executor=pool, progress=False
                ),
            )
            print(f"sweep 2,000 points x {big:,} trials, {name}: {w:7.2f} s")
            t, _ = best(
                args.repeat,
                lambda pool=pool: rc.sweep(
                    fleet, GRID_TASKS, trials=10, executor=pool, task_size=1, progress=False
                ),
            )
            per = (t - tasks_local) / len(GRID_TASKS["fleet.nodes"])
            print(
                f"  overhead per task: {1000 * per:.1f} ms "
                f"(200 one-point tasks {t:.2f} s, in process {tasks_local:.2f} s)"
            )
        finally:
            if isinstance(made, tuple):
                made[0].close()
                made[1].close()
            else:
                made.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
