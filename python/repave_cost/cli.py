"""The ``repave-cost`` command line.

Subcommands: ``presets``, ``show PRESET``, ``run``, ``sweep``, ``diff A B``, ``break-even``,
``check``, ``fit``. Errors print one line on stderr and exit with code 2 (bad input) or 130
(interrupted); never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any, NoReturn, TextIO

from . import __version__, _cli_break_even, _cli_check, _cli_diff, _cli_fit, _cli_precision, _core
from ._cli_scenario import load_scenario
from ._cli_table import grid_text, text_table
from ._executor import dask_executor
from ._format import money, percent
from ._outputs import statistic_text
from ._report_correlations import correlation_sentence
from .report import FORMATS, check_destination, report, tail_sentence, yearly_saving
from .scenario import presets
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
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
            "--method",
            choices=_core.methods(),
            default=_core.methods()[0],
            help="sampling method (default %(default)s)",
        )
        cmd.add_argument("--out", type=Path, help="write a report into this folder")
        cmd.add_argument(
            "--format",
            default="png,svg",
            help="chart formats, comma-separated (default png,svg)",
        )
        cmd.add_argument(
            "--threshold",
            type=_threshold,
            default=("savings", 0.0),
            metavar="[OUTPUT=]AMOUNT",
            help="P(OUTPUT > AMOUNT) in the summary; OUTPUT is savings (over the horizon, "
            "the default), savings_per_year or NAME.total, e.g. savings_per_year=50000",
        )
        cmd.add_argument(
            "--overwrite",
            action="store_true",
            help="replace the earlier report in --out (only a folder holding an earlier "
            "report and nothing else is ever replaced, and only that report's files)",
        )
        cmd.add_argument("--quiet", action="store_true", help="no progress bar")

    run = sub.add_parser("run", help="simulate a scenario, print its summary, write a report")
    common(run)
    _cli_precision.add_arguments(run)
    sw = sub.add_parser("sweep", help="simulate a grid of scenario variants")
    common(sw)
    sw.add_argument(
        "--grid",
        action="append",
        dest="axes",
        type=_grid_axis,
        metavar="PATH=V1,V2,...",
        help="a grid axis, e.g. fleet.nodes=10,100,1000; repeat for more axes (every "
        "combination is run)",
    )
    sw.add_argument(
        "--link",
        action="append",
        dest="axes",
        type=_link_axis,
        metavar="P1,P2,...=A1:A2:...,B1:B2:...",
        help="paths that move together, one value each per step, e.g. "
        "fleet.nodes,fleet.services,fleet.clusters=10:2:1,100:20:2,1000:200:10",
    )
    sw.add_argument(
        "--at",
        action="append",
        default=[],
        type=_at_value,
        metavar="PATH=VALUE",
        help="with more than two axes: hold an axis at one value in the charts, which show "
        "the first two axes not held (repeat for each further axis)",
    )
    sw.add_argument("--x", metavar="PATH", help="grid path along the charts' x axis")
    sw.add_argument("--by", metavar="PATH", help="grid path of the lines (and the heatmap's rows)")
    sw.add_argument("--output", default="savings", help="output to plot (default savings)")
    _cli_check.add_parser(sub)
    _cli_fit.add_parser(sub)
    sw.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run the grid points as tasks on the Dask scheduler at ADDRESS "
        "(e.g. tcp://10.0.0.5:8786; needs the distributed package); same table as locally",
    )
    _cli_diff.add_parser(sub)
    _cli_break_even.add_parser(sub)
    return p


def _threshold(text: str) -> tuple[str, float]:
    """``AMOUNT`` or ``OUTPUT=AMOUNT`` as ``(output, amount)``; the output defaults to savings."""
    output, sep, amount = text.rpartition("=")
    output = output.strip() if sep else "savings"
    try:
        value = float(amount.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected AMOUNT or OUTPUT=AMOUNT (e.g. 300000 or savings_per_year=50000), "
            f"got {text!r}"
        ) from None
    if not output:
        raise argparse.ArgumentTypeError(f"the output before '=' is empty in {text!r}")
    return output, value


def _value(text: str) -> Any:
    text = text.strip()
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


#: A grid axis as parsed from the command line: its paths and its steps.
Axis = tuple[tuple[str, ...], list[tuple[Any, ...]]]


def _grid_axis(spec: str) -> Axis:
    """``PATH=V1,V2,...`` as a one-path axis."""
    path, sep, values = spec.partition("=")
    steps = [(_value(v),) for v in values.split(",") if v.strip()]
    if not sep or not path.strip() or not steps:
        raise argparse.ArgumentTypeError(
            f"--grid {spec!r}: expected PATH=V1,V2,... e.g. fleet.nodes=10,100"
        )
    return (path.strip(),), steps


def _link_axis(spec: str) -> Axis:
    """``P1,P2=A1:A2,B1:B2`` as a linked axis; every step needs one value per path."""
    paths_text, sep, values = spec.partition("=")
    paths = tuple(p.strip() for p in paths_text.split(",") if p.strip())
    steps = [tuple(_value(v) for v in step.split(":")) for step in values.split(",") if step]
    if not sep or len(paths) < 2 or not steps:
        raise argparse.ArgumentTypeError(
            f"--link {spec!r}: expected P1,P2,...=A1:A2:...,B1:B2:... e.g. "
            "fleet.nodes,fleet.clusters=10:1,100:4"
        )
    for step in steps:
        if len(step) != len(paths):
            raise argparse.ArgumentTypeError(
                f"--link {spec!r}: the linked paths {', '.join(paths)} need one value each "
                f"at every step; {':'.join(map(str, step))} has {len(step)} for "
                f"{len(paths)} paths"
            )
    return paths, steps


def _at_value(spec: str) -> tuple[str, Any]:
    path, sep, value = spec.partition("=")
    if not sep or not path.strip() or not value.strip():
        raise argparse.ArgumentTypeError(
            f"--at {spec!r}: expected PATH=VALUE e.g. staffing.sre.headcount=4"
        )
    return path.strip(), _value(value)


def _grid(axes: Sequence[Axis]) -> dict[Any, list[Any]]:
    """The parsed axes as a :func:`sweep` grid: a path or a tuple of linked paths each."""
    grid: dict[Any, list[Any]] = {}
    for paths, steps in axes:
        if len(paths) == 1:
            if paths[0] in grid:
                # A mapping holds a key once: the later --grid replaced the earlier one.
                raise CliError(
                    f"--grid {paths[0]}: the path is on the grid twice; give its values in "
                    "one --grid"
                )
            grid[paths[0]] = [step[0] for step in steps]
        else:
            grid[paths] = steps
    return grid


def _check_at(axes: Sequence[Axis], at: dict[str, Any], shown: Sequence[str | None]) -> None:
    """Before the run: the charts show two axes (those of ``shown``, then the first ones
    not held), so every further axis with more than one step needs ``--at``."""
    paths = {p for ps, _ in axes for p in ps}
    for option, path in [*(("--at", p) for p in at), *zip(("--x", "--by"), shown)]:
        if path is not None and path not in paths:
            raise CliError(f"{option} {path}: not a grid path (grid: {', '.join(sorted(paths))})")
    picked = [ps for ps, _ in axes if set(ps) & {p for p in shown if p}]
    free = [ps for ps, steps in axes if len(steps) > 1 and not set(ps) & set(at)]
    rest = [ps for ps in free if ps not in picked][max(0, 2 - len(picked)) :]
    if rest:
        raise CliError(
            f"--at: the charts show two grid axes; hold {', '.join(ps[0] for ps in rest)} at "
            f"one value with --at PATH=VALUE (e.g. --at {rest[0][0]}={_cell(axes, rest[0])})"
        )


def _cell(axes: Sequence[Axis], paths: tuple[str, ...]) -> Any:
    return next(steps[0][0] for ps, steps in axes if ps == paths)


def _progress(args: argparse.Namespace) -> Any:
    return False if args.quiet or not sys.stderr.isatty() else "auto"


def _formats(args: argparse.Namespace) -> list[str]:
    fmts = [f.strip().lower() for f in args.format.split(",") if f.strip()]
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise CliError(f"--format: choose from {', '.join(FORMATS)}, got {args.format!r}")
    return fmts


def _check_out(args: argparse.Namespace) -> None:
    """Refuse an unusable --out before the (possibly long) run, not after it."""
    if args.out is not None:
        try:
            check_destination(args.out, args.overwrite)
        except OSError as err:
            raise CliError(f"--out {args.out}: {err}") from None


def _print_summary(result: Any, threshold: tuple[str, float]) -> None:
    cur = result.currency
    output, amount = threshold
    table = result.summary(amount, output)
    name = result.scenario.name or "scenario"
    print(
        f"{name}: {result.alternative} vs {result.baseline} — {result.n_trials:,} trials, "
        f"seed {result.seed}, {result.method}, horizon {result.horizon_years} years"
    )
    above = f"P(>{money(amount, cur)})"
    header = f"{'output':<28} {'median':>10} {'p5':>10} {'p95':>10} {'mean':>10} {above:>8}"
    print(header)
    print("-" * len(header))
    for row in table.iter_rows(named=True):
        # Each statistic is written as its output's declared kind (money, FTE, year).
        stats = ("p50", "p5", "p95", "mean")
        cells = [statistic_text(row[stat], row["output"], cur) for stat in stats]
        print(
            f"{row['output']:<28} {cells[0]:>10} {cells[1]:>10} {cells[2]:>10} {cells[3]:>10} "
            f"{percent(row['prob_above']):>8}"
        )
    yearly = yearly_saving(result)
    print(
        f"\nYearly saving of {result.alternative}: median {money(yearly['p50'], cur)} "
        f"(90% interval {money(yearly['p5'], cur)} to {money(yearly['p95'], cur)}), "
        f"mean {money(yearly['mean'], cur)}; "
        f"P(saving > 0) = {percent(yearly['prob_above'])}"
    )
    tail = tail_sentence(result, markdown=False)
    if tail:
        print(tail)
    if result.precision_reached is not None:
        print(result.precision_reached)
    if (correlated := correlation_sentence(result)) is not None:
        print(correlated)


def _cmd_run(args: argparse.Namespace) -> None:
    fmts = _formats(args)
    _check_out(args)
    scenario = load_scenario(args)
    result = _cli_precision.simulate_for(args, scenario, _progress(args), simulate)
    _print_summary(result, args.threshold)
    if args.out is not None:
        output, amount = args.threshold
        folder = report(
            result,
            args.out,
            fmts,
            overwrite=args.overwrite,
            threshold=amount,
            threshold_output=output,
        )
        print(f"\nReport written to {folder}/")


def _cmd_sweep(args: argparse.Namespace) -> None:
    fmts = _formats(args)
    _check_out(args)
    if not args.axes:
        raise CliError("sweep: give at least one --grid or --link")
    at = dict(args.at)
    if args.out is not None:  # only the report's charts need the further axes held
        _check_at(args.axes, at, (args.x, args.by))
    grid = _grid(args.axes)
    scenario = load_scenario(args)
    known = _core.sweep_outputs(scenario._core)
    if args.output not in known:  # before the sweep, not after it
        raise CliError(f"--output: unknown output {args.output!r} (outputs: {', '.join(known)})")
    with dask_executor(args.scheduler) if args.scheduler else nullcontext() as executor:
        result = sweep(
            scenario,
            grid,
            args.trials,
            args.seed,
            args.method,
            args.threshold[1],
            threshold_output=args.threshold[0],
            progress=_progress(args),
            executor=executor,
        )
    rows = result.output(args.output)
    if rows.height == 0:
        outputs = ", ".join(result.table["output"].unique(maintain_order=True).to_list())
        raise CliError(f"--output: unknown output {args.output!r} (outputs: {outputs})")
    cur = result.currency
    cols = list(result.grid)
    # Every column alike: text, right-aligned, as the run summary writes its table; the
    # statistics as the output's declared kind (FTE rows are not money), and, for the
    # threshold's output, the probability above it as a percentage.
    stats = ("p50", "p5", "p95", "mean")
    output, amount = args.threshold
    headers = [*cols, *stats]
    if output == args.output:
        headers.append(f"P(>{statistic_text(amount, output, cur)})")
    body = [
        [grid_text(row[c]) for c in cols]
        + [statistic_text(row[s], args.output, cur) for s in stats]
        + ([percent(row["prob_above"])] if output == args.output else [])
        for row in rows.iter_rows(named=True)
    ]
    print(text_table(headers, body))
    if args.out is not None:
        folder = result.write(
            args.out, fmts, args.overwrite, args.output, at=at, x=args.x, by=args.by
        )
        print(f"\nSweep report written to {folder}/")


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """A warning as one line, ``repave-cost: warning: …``: Python's default shows the
    package's source file, line number and code line, which mean nothing to a user of the
    command."""
    print(f"repave-cost: warning: {message}", file=sys.stderr if file is None else file)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Warnings (a Sobol run of trials that are not a power of two, a precision not reached)
    are printed as one line each on standard error, whatever the warnings filters say."""
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _show_warning
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
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
        elif args.command == "check":
            return _cli_check.run(args)
        elif args.command == "fit":
            return _cli_fit.run(args)
        elif args.command == "diff":
            _cli_diff.run(args)
        elif args.command == "break-even":
            _cli_break_even.run(args)
    except KeyboardInterrupt:
        print("repave-cost: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (CliError, ValueError, TypeError, OSError, _core.RepaveCostError) as err:
        # One problem: one line. Several: a heading line, then one indented line each.
        lines = [line.rstrip() for line in str(err).splitlines() if line.strip()]
        first = lines[0] if lines else repr(err)
        print(f"repave-cost: error: {first}", file=sys.stderr)
        for line in lines[1:]:
            print(f"  {line.strip()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
