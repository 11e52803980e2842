"""Benchmark of ``rc.sensitivity_indices`` on the ``fleet`` preset.

Times the Sobol indices of ``savings`` at 2**13 base points (the issue's target: under
2 s on 2 threads), for each method given, with the default 1000 bootstrap replicates and
with none (to separate the bootstrap's share), under ``RAYON_NUM_THREADS`` = 1 and 2.
Each configuration runs in a fresh subprocess that warms up first; the best of
``--repeat`` runs is printed (quote the best and say how loaded the machine was).

    python benches/bench_sensitivity_indices.py [--base-points N] [--methods sobol,random]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

CHILD = r"""
import json, sys, time
import repave_cost as rc
n, method, resamples, repeat = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
fleet = rc.Scenario.preset("fleet")
rc.sensitivity_indices(fleet, trials=256, method=method, resamples=10, progress=False)
times = []
for _ in range(repeat):
    start = time.perf_counter()
    s = rc.sensitivity_indices(fleet, trials=n, seed=0, method=method, resamples=resamples,
                               progress=False)
    times.append(time.perf_counter() - start)
print(json.dumps({"best": min(times), "times": times, "evaluations": s.evaluations,
                  "rows": s.table.height}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-points", type=int, default=1 << 13)
    parser.add_argument("--methods", default="sobol,random")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"sensitivity_indices on fleet, {args.base_points:,} base points, best of {args.repeat}")
    print(f"{'method':<8} {'threads':>7} {'resamples':>9} {'evaluations':>11} {'seconds':>8}")
    for method in args.methods.split(","):
        for threads in args.threads.split(","):
            for resamples in (1000, 0):
                env = {**os.environ, "RAYON_NUM_THREADS": threads}
                out = subprocess.run(
                    [
                        sys.executable,
                        "-c",
                        CHILD,
                        str(args.base_points),
                        method,
                        str(resamples),
                        str(args.repeat),
                    ],
                    env=env,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                r = json.loads(out.stdout)
                print(
                    f"{method:<8} {threads:>7} {resamples:>9} {r['evaluations']:>11,} "
                    f"{r['best']:>8.3f}"
                )


if __name__ == "__main__":
    main()
