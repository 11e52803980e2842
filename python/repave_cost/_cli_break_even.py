"""``repave-cost break-even``: where a statistic of savings crosses a level along one field.

    repave-cost break-even --preset fleet --path fleet.nodes --low 1 --high 5000

prints the crossing, its 95% interval and the evaluated points; ``--chart FILE`` (``.png``
or ``.svg``) also writes the chart.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from . import _core
from ._cli_scenario import load_scenario
from ._format import money, percent
from .break_even import break_even
from .charts import chart_path

__all__ = ["add_parser", "run"]


def add_parser(sub: Any) -> None:
    """Add the ``break-even`` subcommand to the subparsers ``sub``."""
    cmd = sub.add_parser(
        "break-even",
        help="find where a statistic of savings crosses a level along one field",
    )
    src = cmd.add_mutually_exclusive_group(required=True)
    src.add_argument("scenario", nargs="?", help="scenario file (.toml or .json)")
    src.add_argument("--preset", help="use a built-in scenario")
    cmd.add_argument("--path", required=True, help="numeric field, e.g. fleet.nodes")
    cmd.add_argument("--low", type=float, required=True, help="lower end of the range")
    cmd.add_argument("--high", type=float, required=True, help="upper end of the range")
    cmd.add_argument(
        "--statistic",
        default="median",
        help="mean, median, pNN (e.g. p5) or prob (P(savings > 0)); default median",
    )
    cmd.add_argument("--level", type=float, default=0.0, help="level to cross (default 0)")
    cmd.add_argument("--trials", type=int, default=10_000, help="trials per evaluation")
    cmd.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    cmd.add_argument(
        "--method",
        choices=_core.methods(),
        default=_core.methods()[0],
        help="sampling method (default %(default)s)",
    )
    cmd.add_argument("--chart", type=Path, help="write the chart to this .png or .svg file")
    cmd.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> None:
    """Run ``break-even`` with the parsed ``args`` and print what it found."""
    scenario = load_scenario(args)
    if args.chart is not None:
        chart_path(args.chart, "--chart")  # before the search, not after it
    progress = False if args.quiet or not sys.stderr.isatty() else "auto"
    found = break_even(
        scenario,
        path=args.path,
        low=args.low,
        high=args.high,
        statistic=args.statistic,
        level=args.level,
        trials=args.trials,
        seed=args.seed,
        method=args.method,
        progress=progress,
    )
    cur = scenario.currency

    def shown(v: float) -> str:
        return percent(v) if args.statistic == "prob" else money(v, cur)

    low, high = found.interval
    words = found._core.statistic_words
    print(
        f"{words[0].upper()}{words[1:]} crosses {shown(args.level)} at {args.path} = "
        f"{found.value:,.4g} (95% interval {low:,.4g} to {high:,.4g}; "
        f"{found.table.height} evaluations of {args.trials:,} trials, seed {args.seed}, "
        f"common random numbers)."
    )
    print()
    print(f"{'value':>14}  {'statistic':>14}  {'95% low':>14}  {'95% high':>14}")
    for row in found.table.iter_rows(named=True):
        print(
            f"{row['value']:>14,.4g}  {shown(row['statistic']):>14}  "
            f"{shown(row['low']):>14}  {shown(row['high']):>14}"
        )
    if args.chart is not None:
        found.plot().save(args.chart)
        print(f"\nChart written to {args.chart}")
