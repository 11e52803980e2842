"""Benchmark of report writing: how long ``rc.report`` takes with and without the workbook
(``report.xlsx``) and the page (``report.html``).

One ``customer_repave`` result (10,000 trials by default) is simulated once, its detail
tables computed once (``breakdown()`` and ``labour()`` keep their columns with the result),
then, after one warm-up report, each variant writes a fresh report into a temporary
folder, best of ``--repeat`` runs taken in turn
(the machine may be shared: the best run is the least disturbed one).

    python benches/bench_report.py [--trials N] [--repeat 3] [--formats png,svg]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import repave_cost as rc
from repave_cost._page import page_html
from repave_cost._xlsx import provenance, write_workbook
from repave_cost.report import CHARTS, summary_text

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
    times: list[list[float]] = [[] for _ in VARIANTS]
    with tempfile.TemporaryDirectory() as tmp:
        rc.report(result, Path(tmp) / "warm-up", formats)  # fonts, first-draw caches
        # Round robin, so that a burst of load on a shared machine hits every variant.
        for r in range(args.repeat):
            for n, (_, workbook, page) in enumerate(VARIANTS):
                out = Path(tmp) / f"v{n}-{r}"
                start = time.perf_counter()
                rc.report(result, out, formats, workbook=workbook, page=page)
                times[n].append(time.perf_counter() - start)
    base = min(times[0])
    for n, (name, _, _) in enumerate(VARIANTS):
        best = min(times[n])
        extra = f"  ({best - base:+.3f} s)" if n else ""
        print(f"  {name:<48} {best:7.3f} s{extra}")
    # The two writers alone, on charts drawn beforehand (what they add to a report that
    # draws its charts in PNG and SVG anyway).
    png = [(c, getattr(result.plot, c)().to_png()) for c in CHARTS]
    svg = [(c, getattr(result.plot, c)().to_svg()) for c in CHARTS]
    inputs = result.scenario.inputs()
    text = summary_text(result)
    facts = provenance(result, 0.0, "savings")
    alone: dict[str, list[float]] = {"write_workbook": [], "page_html": []}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeat):
            start = time.perf_counter()
            write_workbook(result, Path(tmp) / f"{r}.xlsx", 0.0, "savings", png, inputs)
            alone["write_workbook"].append(time.perf_counter() - start)
            start = time.perf_counter()
            page = page_html(result, text, svg, facts, 0.0, "savings", inputs)
            (Path(tmp) / f"{r}.html").write_text(page, encoding="utf-8")
            alone["page_html"].append(time.perf_counter() - start)
    for name, seconds in alone.items():
        print(f"  {name + ' alone (charts drawn before)':<48} {min(seconds):7.3f} s")


if __name__ == "__main__":
    main()
