"""The ``repave-cost`` command line.

Subcommands: ``presets``, ``show PRESET``, ``run``, ``sweep``. Errors print one line on
stderr and exit with code 2 (bad input) or 130 (interrupted); never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import polars as pl

from . import _core
from ._format import money, percent
from .report import FORMATS, report
from .scenario import Scenario, presets
from .simulation import simulate, sweep

__all__ = ["main"]

#: Exit code for bad input (scenario, arguments, files).
EXIT_BAD_INPUT = 2
#: Exit code after Ctrl-C.
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A problem to report as one line, with exit code 2."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr, like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"repave-cost: error: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="repave-cost",
        description="What does repaving cost against immutable redeploys? Monte Carlo "
        "simulation of scenarios, with reports and charts.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    sub.add_parser("presets", help="list the built-in scenarios")
    show = sub.add_parser("show", help="print a preset's TOML (to copy and edit)")
    show.add_argument("preset", help="preset name (see `repave-cost presets`)")

    def common(cmd: argparse.ArgumentParser) -> None:
        src = cmd.add_mutually_exclusive_group(required=True)
        src.add_argument("scenario", nargs="?", help="scenario file (.toml or .json)")
        src.add_argument("--preset", help="use a built-in scenario")
        cmd.add_argument("--trials", type=int, default=10_000, help="trials (default 10000)")
        cmd.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
        cmd.add_argument(
            "--method", choices=("random", "lhs"), default="random", help="sampling method"
        )
        cmd.add_argument("--out", type=Path, help="write a report into this folder")
        cmd.add_argument(
            "--format",
            default="png,svg",
            help="chart formats, comma-separated (default png,svg)",
        )
        cmd.add_argument("--threshold", type=float, default=0.0, help="savings threshold")
        cmd.add_argument(
            "--overwrite", action="store_true", help="replace an existing non-empty --out"
        )
        cmd.add_argument("--quiet", action="store_true", help="no progress bar")

    run = sub.add_parser("run", help="simulate a scenario, print its summary, write a report")
    common(run)
    sw = sub.add_parser("sweep", help="simulate a grid of scenario variants")
    common(sw)
    sw.add_argument(
        "--grid",
        action="append",
        required=True,
        metavar="PATH=V1,V2,...",
        help="a grid variable, e.g. fleet.nodes=10,100,1000 (repeat for a second one)",
    )
    sw.add_argument("--output", default="savings", help="output to plot (default savings)")
    return p


def _load(args: argparse.Namespace) -> Scenario:
    if args.preset:
        return Scenario.preset(args.preset)
    path = Path(args.scenario)
    if not path.is_file():
        raise CliError(f"scenario file not found: {path}")
    if path.suffix.lower() == ".json":
        return Scenario.from_json(path)
    return Scenario.from_toml(path)


def _value(text: str) -> Any:
    text = text.strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def _grid(specs: Sequence[str]) -> dict[str, list[Any]]:
    grid: dict[str, list[Any]] = {}
    for spec in specs:
        path, sep, values = spec.partition("=")
        if not sep or not path.strip() or not values.strip():
            raise CliError(f"--grid {spec!r}: expected PATH=V1,V2,... e.g. fleet.nodes=10,100")
        grid[path.strip()] = [_value(v) for v in values.split(",") if v.strip()]
    return grid


def _progress(args: argparse.Namespace) -> Any:
    return False if args.quiet or not sys.stderr.isatty() else "auto"


def _formats(args: argparse.Namespace) -> list[str]:
    fmts = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise CliError(f"--format: choose from {', '.join(FORMATS)}, got {args.format!r}")
    return fmts


def _check_out(args: argparse.Namespace) -> None:
    out: Path | None = args.out
    if out is not None and out.is_dir() and any(out.iterdir()) and not args.overwrite:
        raise CliError(f"--out {out} is not empty; choose a new folder or add --overwrite")


def _print_summary(result: Any, threshold: float) -> None:
    cur = result.currency
    table = result.summary(threshold)
    name = result.scenario.name or "scenario"
    print(
        f"{name}: {result.alternative} vs {result.baseline} — {result.n_trials:,} trials, "
        f"seed {result.seed}, {result.method}, horizon {result.horizon_years} years"
    )
    header = f"{'output':<28} {'mean':>10} {'p5':>10} {'p50':>10} {'p95':>10} {'P(>thr)':>8}"
    print(header)
    print("-" * len(header))
    for row in table.iter_rows(named=True):
        print(
            f"{row['output']:<28} {money(row['mean'], cur):>10} {money(row['p5'], cur):>10} "
            f"{money(row['p50'], cur):>10} {money(row['p95'], cur):>10} "
            f"{percent(row['prob_above']):>8}"
        )
    savings = result.trials["savings"].to_numpy() / result.horizon_years
    print(
        f"\nYearly saving of {result.alternative}: mean {money(float(savings.mean()), cur)}, "
        f"median {money(float(np.median(savings)), cur)}; "
        f"P(saving > 0) = {percent(float((savings > 0).mean()))}"
    )


def _cmd_run(args: argparse.Namespace) -> None:
    fmts = _formats(args)
    _check_out(args)
    scenario = _load(args)
    result = simulate(scenario, args.trials, args.seed, args.method, progress=_progress(args))
    _print_summary(result, args.threshold)
    if args.out is not None:
        folder = report(result, args.out, fmts, overwrite=args.overwrite, threshold=args.threshold)
        print(f"\nReport written to {folder}/")


def _cmd_sweep(args: argparse.Namespace) -> None:
    fmts = _formats(args)
    _check_out(args)
    grid = _grid(args.grid)
    if len(grid) > 2:
        raise CliError("--grid: give one or two grid variables")
    scenario = _load(args)
    result = sweep(
        scenario,
        grid,
        args.trials,
        args.seed,
        args.method,
        args.threshold,
        progress=_progress(args),
    )
    rows = result.output(args.output)
    if rows.height == 0:
        outputs = ", ".join(result.table["output"].unique(maintain_order=True).to_list())
        raise CliError(f"--output: unknown output {args.output!r} (outputs: {outputs})")
    cur = result.currency
    cols = list(grid)
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_hide_dataframe_shape=True):
        shown = rows.select(
            *cols,
            *[
                pl.col(c).map_elements(lambda x: money(x, cur), return_dtype=pl.Utf8)
                for c in ("mean", "p5", "p50", "p95")
            ],
            "prob_above",
        )
        print(shown)
    if args.out is not None:
        folder = result.write(args.out, fmts, overwrite=args.overwrite, output=args.output)
        print(f"\nSweep report written to {folder}/")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "presets":
            for name, description in presets().items():
                print(f"{name:<20} {description}")
        elif args.command == "show":
            print(_core.preset_toml(args.preset), end="")
        elif args.command == "run":
            _cmd_run(args)
        elif args.command == "sweep":
            _cmd_sweep(args)
    except KeyboardInterrupt:
        print("repave-cost: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (CliError, ValueError, TypeError, OSError, _core.RepaveCostError) as err:
        parts = [p.strip() for p in str(err).splitlines() if p.strip()]
        message = "; ".join(p[2:] if p.startswith("- ") else p for p in parts)
        print(f"repave-cost: error: {message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
