"""Benchmark of the cost model on the ``fleet`` preset.

* ``simulate`` at 1,000,000 trials with RAYON_NUM_THREADS=1 and 2, for every method of
  ``rc.methods()``;
* a 100-point sweep (10 × 10 over ``fleet.nodes`` and ``staffing.sre.headcount``) at
  10,000 trials per point;
* the vectorised numpy peer (benches/numpy_peer.py) at 1,000,000 trials.

Each run is a fresh subprocess that warms up first and then reports its wall time and its
peak resident memory (``resource.getrusage(...).ru_maxrss``).

    python benches/bench_model.py [--trials N] [--sweep-trials N] [--methods M1,M2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import repave_cost as rc

HERE = Path(__file__).resolve().parent

CHILD = r"""
import json, resource, sys, time
mode, trials, method = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sys.path.insert(0, sys.argv[4])

def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

if mode == "numpy":
    import tomllib
    import numpy_peer
    scenario = tomllib.loads(numpy_peer.FLEET.read_text(encoding="utf-8"))
    numpy_peer.simulate(scenario, 10_000, 1)  # warm-up
    start = time.perf_counter()
    out = numpy_peer.simulate(scenario, trials, 0)
    seconds = time.perf_counter() - start
    mean = float(out["savings"].mean())
    points = 1
else:
    import repave_cost as rc
    fleet = rc.Scenario.preset("fleet")
    if mode == "simulate":
        rc.simulate(fleet, trials=20_000, seed=1, method=method, progress=False)  # warm-up
        start = time.perf_counter()
        r = rc.simulate(fleet, trials=trials, seed=0, method=method, progress=False)
        seconds = time.perf_counter() - start
        simulate_peak = peak_mib()
        t0 = time.perf_counter()
        mean = float(r.summary().row(0, named=True)["mean"])
        summary_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        r.breakdown()
        breakdown_seconds = time.perf_counter() - t0
        points = 1
    else:
        grid = {
            "fleet.nodes": [10, 25, 50, 100, 200, 400, 800, 1500, 3000, 5000],
            "staffing.sre.headcount": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        }
        rc.sweep(fleet, {"fleet.nodes": [10, 20]}, trials=2000, progress=False)  # warm-up
        start = time.perf_counter()
        sw = rc.sweep(fleet, grid, trials=trials, seed=0, method=method, progress=False)
        seconds = time.perf_counter() - start
        mean = float(sw.output("savings")["mean"].mean())
        points = 100
report = {"seconds": seconds, "trials": trials * points, "peak_mib": peak_mib(), "mean": mean}
if mode == "simulate":
    report["summary_seconds"] = summary_seconds
    report["breakdown_seconds"] = breakdown_seconds
    report["simulate_peak_mib"] = simulate_peak
print(json.dumps(report))
"""


def run(
    mode: str, trials: int, method: str = "random", threads: int | None = None
) -> dict[str, Any]:
    env = dict(os.environ)
    if threads is not None:
        env["RAYON_NUM_THREADS"] = str(threads)
    else:
        env.pop("RAYON_NUM_THREADS", None)
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(trials), method, str(HERE)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    report: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    report["rate"] = report["trials"] / report["seconds"]
    return report


def line(label: str, r: dict[str, Any]) -> str:
    if "summary_seconds" in r:
        return (
            f"{label:<38} {r['seconds']:7.2f} s  {r['rate']:>12,.0f} trials/s  "
            f"peak {r['simulate_peak_mib']:>7,.0f} MiB; then summary "
            f"{r['summary_seconds']:.2f} s, breakdown {r['breakdown_seconds']:.2f} s, "
            f"peak {r['peak_mib']:,.0f} MiB"
        )
    return (
        f"{label:<38} {r['seconds']:7.2f} s  {r['rate']:>12,.0f} trials/s  "
        f"peak {r['peak_mib']:>7,.0f} MiB"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=1_000_000)
    ap.add_argument("--sweep-trials", type=int, default=10_000)
    ap.add_argument(
        "--methods",
        default=",".join(rc.methods()),
        help=f"comma-separated sampling methods to time (default: {','.join(rc.methods())})",
    )
    args = ap.parse_args(argv)
    methods = args.methods.split(",")
    if not set(methods) <= set(rc.methods()):
        ap.error(f"--methods takes any of {', '.join(rc.methods())}, got {args.methods!r}")
    print(f"fleet preset; {os.cpu_count()} CPUs; python {sys.version.split()[0]}")

    results: dict[str, dict[str, Any]] = {}
    for method in methods:
        for threads in (1, 2):
            label = f"simulate {args.trials:,} {method}, {threads} thread(s)"
            results[label] = run("simulate", args.trials, method, threads)
            print(line(label, results[label]), flush=True)
    label = f"sweep 10x10 x {args.sweep_trials:,} trials, 2 threads"
    results[label] = run("sweep", args.sweep_trials, "random", 2)
    print(line(label, results[label]), flush=True)
    label = f"numpy peer {args.trials:,}"
    peer = run("numpy", args.trials)
    print(line(label, peer), flush=True)

    print()
    for name, r in results.items():
        if name.startswith("simulate"):
            print(f"ours/numpy throughput, {name}: {r['rate'] / peer['rate']:.2f}x")
    ours = results.get(f"simulate {args.trials:,} random, 2 thread(s)")
    if ours is not None:
        print(f"mean savings: ours {ours['mean']:,.0f}, numpy peer {peer['mean']:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
