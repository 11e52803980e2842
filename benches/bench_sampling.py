"""Sampling throughput of the built ``repave_cost`` package.

Prints two tables:

* draws per second for each distribution family (1,000,000 draws, methods ``random``
  and ``lhs``), on the default thread count;
* joint trials per second for 1,000,000 trials of 20 mixed inputs, on 1 and 2 threads
  (each thread count in its own subprocess, since ``RAYON_NUM_THREADS`` is read once).

Each measurement is preceded by a warm-up run and reports the best of ``--repeat`` runs.

Usage: ``python benches/bench_sampling.py [--draws N] [--trials N] [--repeat K]``
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import time
from typing import Callable

import repave_cost as rc

#: One representative distribution per family.
FAMILIES: dict[str, rc.Distribution] = {
    "fixed": rc.fixed(3.5),
    "uniform": rc.uniform(2, 5),
    "triangular": rc.triangular(1, 2, 6),
    "pert": rc.pert(1, 3, 8),
    "normal": rc.normal(10, 2),
    "normal (truncated)": rc.normal(1, 2, low=0, high=3),
    "lognormal": rc.lognormal(1, 0.5),
    "lognormal_ci90": rc.lognormal_ci90(5, 40),
    "beta": rc.beta(2, 5, low=10, high=30),
    "gamma": rc.gamma(2.5, 3),
    "poisson": rc.poisson(3.7),
    "bernoulli": rc.bernoulli(0.3),
    "discrete": rc.discrete([1, 2.5, 7, 9], [0.2, 0.5, 0.2, 0.1]),
    "empirical": rc.empirical([float(i % 97) for i in range(1000)]),
}


def mixed_inputs() -> dict[str, rc.Distribution]:
    """Twenty inputs cycling through the families, with distinct keys."""
    kinds = [d for name, d in FAMILIES.items() if name != "fixed"]
    return {f"input_{i:02d}": kinds[i % len(kinds)] for i in range(20)}


def best_time(run: Callable[[], object], repeat: int) -> float:
    """Seconds of the fastest of ``repeat`` runs, after one warm-up run."""
    run()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def joint_worker(trials: int, repeat: int, method: str) -> None:
    """Time the joint sample in this process and print the seconds as JSON."""
    inputs = mixed_inputs()
    seconds = best_time(lambda: rc.sample(inputs, trials, seed=1, method=method), repeat)
    print(json.dumps({"seconds": seconds}))


def joint_in_subprocess(threads: int, trials: int, repeat: int, method: str) -> float:
    """Seconds for the joint sample with ``RAYON_NUM_THREADS=threads``."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    args = [sys.executable, __file__, "--joint-worker", "--trials", str(trials)]
    args += ["--repeat", str(repeat), "--method", method]
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    return float(json.loads(out.stdout)["seconds"])


def main() -> None:
    """Run the benchmarks and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1_000_000)
    parser.add_argument("--trials", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--method", default="random", help=argparse.SUPPRESS)
    parser.add_argument("--joint-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.joint_worker:
        joint_worker(args.trials, args.repeat, args.method)
        return

    threads = os.environ.get("RAYON_NUM_THREADS", str(os.cpu_count()))
    print(f"repave-cost {rc.__version__}; {os.cpu_count()} CPUs; RAYON_NUM_THREADS={threads}")
    print(f"\nDraws per second, {args.draws:,} draws, best of {args.repeat}")
    print(f"{'distribution':<20} {'random':>14} {'lhs':>14}")
    for name, dist in FAMILIES.items():
        rates = []
        for method in ("random", "lhs"):
            draw = functools.partial(dist.sample, args.draws, seed=1, method=method)
            secs = best_time(draw, args.repeat)
            rates.append(args.draws / secs)
        print(f"{name:<20} {rates[0]:>14,.0f} {rates[1]:>14,.0f}")

    print(f"\nJoint trials per second, {args.trials:,} trials x 20 mixed inputs")
    print(f"{'threads':<8} {'method':<8} {'seconds':>9} {'trials/s':>12} {'draws/s':>14}")
    for method in ("random", "lhs"):
        for n in (1, 2):
            secs = joint_in_subprocess(n, args.trials, args.repeat, method)
            rate = args.trials / secs
            print(f"{n:<8} {method:<8} {secs:>9.3f} {rate:>12,.0f} {rate * 20:>14,.0f}")


if __name__ == "__main__":
    main()
