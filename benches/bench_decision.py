"""Benchmark of the decision analysis on the ``fleet`` preset (issue 12's targets):

* ``Result.value_of_information()`` on 100,000 trials (target: under 0.5 s on 2 threads);
* ``rc.break_even`` on ``fleet.nodes`` at 10,000 trials per evaluation (target: under 1 s),
  for the fleet size at which the median saving reaches ``--level`` (default $1M: the
  preset's median saving is positive at every fleet size, so a level of 0 never crosses);
* ``Result.attribution()`` on 100,000 trials (first call, with the detail pass it needs).

Each timing is the best of ``--repeat`` runs (default 3) on 2 threads (``RAYON_NUM_THREADS``
is set before the core loads). Sobol indices are not measured here (not built yet).

    python benches/bench_decision.py [--repeat 3] [--level 1000000]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("RAYON_NUM_THREADS", "2")

import repave_cost as rc  # noqa: E402


def best_of(repeat: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--level", type=float, default=1e6)
    args = p.parse_args()
    threads = os.environ["RAYON_NUM_THREADS"]
    print(f"repave-cost {rc.__version__}, RAYON_NUM_THREADS={threads}, best of {args.repeat}")

    r = rc.simulate("fleet", trials=100_000, seed=0)
    t = best_of(args.repeat, r.value_of_information)
    n_inputs = r.value_of_information().height - 1
    print(f"value_of_information, fleet, 100,000 trials, {n_inputs} inputs: {t:.3f} s")

    found = rc.break_even("fleet", "fleet.nodes", 1, 5000, "median", args.level, trials=10_000)
    t = best_of(
        args.repeat,
        lambda: rc.break_even("fleet", "fleet.nodes", 1, 5000, "median", args.level, trials=10_000),
    )
    print(
        f"break_even, fleet.nodes 1..5000, median = {args.level:,.0f}, 10,000 trials per "
        f"evaluation: {t:.3f} s ({found.table.height} evaluations; crossing "
        f"{found.value:,.1f} nodes, 95% interval {found.interval[0]:,.1f} to "
        f"{found.interval[1]:,.1f})"
    )

    def attribution() -> None:
        rc.simulate("fleet", trials=100_000, seed=0).attribution()

    t = best_of(args.repeat, attribution)
    print(f"simulate + attribution, fleet, 100,000 trials: {t:.3f} s")


if __name__ == "__main__":
    main()
