"""Benchmark of precision control: wall time to a precision, against the numpy peer.

For the ``fleet`` and ``customer_repave`` presets, per method of ``rc.methods()`` (on 2
threads, ``RAYON_NUM_THREADS=2``), the wall time of ``rc.simulate(..., precision=...)``
until

* the mean savings' 95% interval is within ±0.2% (``--mean-precision``), and
* the p5, p50 and p95 of savings are each within ±1% (``--quantile-precision``),

beside the vectorised numpy peer (benches/numpy_peer.py) under the same stopping rule for
plain Monte Carlo: a pilot of 4,096 trials, then one run of as many trials as the pilot's
variance says the precision needs (for the mean, ``(t s / (precision |mean|))²``; for a
percentile, the pilot's order-statistic interval half-width scaled by ``√(n_pilot / n)``),
with the near-zero rule of docs/model.md. The peer's reported half-width is recomputed on
its main run (the same intervals as the library's ``random``), so a peer that fell short is
visible. Each run is a fresh subprocess that warms up first; the best of ``--repeat`` runs
is reported. Both sides may use up to ``--max-trials`` (default 4,000,000: under the
4,098,251 trials ``fleet`` may hold with every column, and enough for the peer and
``random`` to reach ±0.2% on the presets' mean savings, about 3 million trials). With
``--throughput``, ``simulate`` at 1,000,000 trials per method and the
peer at 1,000,000 trials are timed too (as in benches/bench_model.py).

    python benches/bench_precision.py [--presets fleet,customer_repave] [--methods M1,M2]
        [--repeat 3] [--max-trials N] [--throughput] [--json out.json]
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
import json, math, sys, time, warnings
mode, preset, method, target, relative, max_trials, here = sys.argv[1:8]
relative, max_trials = float(relative), int(max_trials)
sys.path.insert(0, here)
stats = ("mean",) if target == "mean" else ("p5", "p50", "p95")

if mode == "numpy":
    import numpy as np
    import tomllib
    from scipy import stats as st
    import numpy_peer
    import repave_cost as rc
    scenario = tomllib.loads(rc.Scenario.preset(preset).to_toml())

    def half_widths(s):
        # The library's random intervals: t for the mean, binomial order statistics else.
        out = {}
        n = s.size
        sd = float(s.std(ddof=1))
        order = np.sort(s) if target != "mean" else None
        for stat in stats:
            if stat == "mean":
                est = float(s.mean())
                half = st.t.ppf(0.975, n - 1) * sd / math.sqrt(n)
            else:
                p = float(stat[1:]) / 100
                est = float(np.quantile(s, p))
                l = int(st.binom.ppf(0.025, n, p))
                u = int(st.binom.ppf(0.975, n, p)) + 1
                lo, hi = order[max(l, 1) - 1], order[min(u, n) - 1]
                half = max(est - lo, hi - est)
            scale = abs(est) if abs(est) >= 0.1 * sd else sd
            out[stat] = (half, scale)
        return out

    numpy_peer.simulate(scenario, 4096, 99)  # warm-up
    start = time.perf_counter()
    pilot = numpy_peer.simulate(scenario, 4096, 1)["savings"]
    need = 4096
    for stat, (half, scale) in half_widths(pilot).items():
        need = max(need, math.ceil(4096 * (half / (relative * scale)) ** 2))
    need = min(need, max_trials)
    savings = numpy_peer.simulate(scenario, need, 2)["savings"]
    seconds = time.perf_counter() - start
    reached = float(max(h / s if h else 0.0 for h, s in half_widths(savings).values()))
    report = {"seconds": seconds, "trials": need + 4096, "reached": reached,
              "met": bool(reached <= relative)}
else:
    import repave_cost as rc
    scn = rc.Scenario.preset(preset)
    precision = rc.Precision(relative, statistics=stats, max_trials=max_trials)
    if mode == "throughput":
        rc.simulate(scn, trials=20_000, seed=1, method=method, progress=False)
        start = time.perf_counter()
        rc.simulate(scn, trials=max_trials, seed=0, method=method, progress=False)
        report = {"seconds": time.perf_counter() - start, "trials": max_trials}
    else:
        rc.simulate(scn, trials=4096, seed=1, method=method, progress=False)  # warm-up
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start = time.perf_counter()
            r = rc.simulate(scn, seed=0, method=method, progress=False, precision=precision)
            seconds = time.perf_counter() - start
        c = r._convergence
        report = {"seconds": seconds, "trials": r.n_trials, "reached": c.reached_precision,
                  "met": c.reached}
print(json.dumps(report))
"""

THROUGHPUT_PEER = r"""
import json, sys, time, tomllib
sys.path.insert(0, sys.argv[3])
import numpy_peer
import repave_cost as rc
scenario = tomllib.loads(rc.Scenario.preset(sys.argv[1]).to_toml())
numpy_peer.simulate(scenario, 10_000, 1)
start = time.perf_counter()
numpy_peer.simulate(scenario, int(sys.argv[2]), 0)
print(json.dumps({"seconds": time.perf_counter() - start, "trials": int(sys.argv[2])}))
"""


def child(code: str, *args: str) -> dict[str, Any]:
    env = dict(os.environ, RAYON_NUM_THREADS="2")
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {out.stderr.strip()}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def best(repeat: int, code: str, *args: str) -> dict[str, Any]:
    runs = [child(code, *args) for _ in range(repeat)]
    return min(runs, key=lambda r: float(r["seconds"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--presets", default="fleet,customer_repave")
    ap.add_argument("--methods", default=",".join(rc.methods()))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--mean-precision", type=float, default=0.002)
    ap.add_argument("--quantile-precision", type=float, default=0.01)
    ap.add_argument("--max-trials", type=int, default=4_000_000)
    ap.add_argument("--throughput", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    presets = [p for p in args.presets.split(",") if p]
    methods = [m for m in args.methods.split(",") if m]
    rows: list[dict[str, Any]] = []
    print(f"best of {args.repeat}, RAYON_NUM_THREADS=2, max_trials {args.max_trials:,}")
    for preset in presets:
        for target, relative in (
            ("mean", args.mean_precision),
            ("p5/p50/p95", args.quantile_precision),
        ):
            name = "mean" if target == "mean" else "quantiles"
            common = (preset, "random", name, str(relative), str(args.max_trials), str(HERE))
            peer = best(args.repeat, CHILD, "numpy", *common)
            print(
                f"{preset:<16} {target:<10} ±{relative:.1%}  numpy peer      "
                f"{peer['seconds']:8.3f} s {peer['trials']:>10,} trials  "
                f"reached ±{peer['reached']:.3%}{'' if peer['met'] else ' (short)'}"
            )
            rows.append({"preset": preset, "target": target, "method": "numpy", **peer})
            for method in methods:
                args_m = (preset, method, name, str(relative), str(args.max_trials), str(HERE))
                ours = best(args.repeat, CHILD, "precision", *args_m)
                ratio = peer["seconds"] / ours["seconds"]
                print(
                    f"{preset:<16} {target:<10} ±{relative:.1%}  {method:<15} "
                    f"{ours['seconds']:8.3f} s {ours['trials']:>10,} trials  "
                    f"reached ±{ours['reached']:.3%}{'' if ours['met'] else ' (max_trials)'}  "
                    f"{ratio:6.1f}× less time than the peer"
                )
                rows.append(
                    {"preset": preset, "target": target, "method": method, **ours, "x": ratio}
                )
    if args.throughput:
        for preset in presets:
            peer = best(args.repeat, THROUGHPUT_PEER, preset, "1000000", str(HERE))
            print(
                f"{preset:<16} simulate 1,000,000 trials: numpy peer {peer['seconds']:.2f} s "
                f"({1e6 / peer['seconds']:,.0f} trials/s)"
            )
            for method in methods:
                common = (preset, method, "mean", "0.1", "1000000", str(HERE))
                r = best(args.repeat, CHILD, "throughput", *common)
                print(
                    f"{preset:<16} simulate 1,000,000 trials: {method:<8} {r['seconds']:.2f} s "
                    f"({1e6 / r['seconds']:,.0f} trials/s)"
                )
                rows.append({"preset": preset, "throughput": method, **r})
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
