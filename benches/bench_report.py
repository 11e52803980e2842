"""Benchmark of report writing: how long ``rc.report`` takes with and without the workbook
(``report.xlsx``) and the page (``report.html``).

One ``customer_repave`` result (10,000 trials by default) is simulated once, its detail
tables computed once (``breakdown()`` and ``labour()`` keep their columns with the result),
then each variant writes a fresh report into a temporary folder, best of ``--repeat`` runs
(the machine may be shared: the best run is the least disturbed one).

    python benches/bench_report.py [--trials N] [--repeat 3] [--formats png,svg]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import repave_cost as rc

VARIANTS = [
    ("charts, tables, summary (no workbook, no page)", False, False),
    ("+ report.xlsx", True, False),
    ("+ report.html", False, True),
    ("+ both (the default)", True, True),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", default="png,svg")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    result = rc.simulate("customer_repave", trials=args.trials, seed=0, progress=False)
    result.breakdown()
    result.labour()
    print(
        f"report of customer_repave, {args.trials:,} trials, chart formats {formats}; "
        f"best of {args.repeat}"
    )
    base = None
    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, workbook, page) in enumerate(VARIANTS):
            times = []
            for r in range(args.repeat):
                out = Path(tmp) / f"v{n}-{r}"
                start = time.perf_counter()
                rc.report(result, out, formats, workbook=workbook, page=page)
                times.append(time.perf_counter() - start)
            best = min(times)
            base = best if base is None else base
            extra = f"  (+{best - base:.3f} s)" if n else ""
            print(f"  {name:<48} {best:7.3f} s{extra}")


if __name__ == "__main__":
    main()
