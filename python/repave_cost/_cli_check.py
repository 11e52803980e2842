"""``repave-cost check SCENARIO``: validate a scenario without simulating it.

Prints whether the scenario is valid, the table of its uncertain inputs with what each
implies (:meth:`Scenario.inputs`) and a warning for each input that looks like a mistake
(:meth:`Scenario.input_warnings`).

Exit codes: 0 valid and no warnings; 1 valid with warnings; 2 not valid (every problem
with its path on stderr, as for every other command) or a file that cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._cli_scenario import load_scenario
from ._format import input_number
from .scenario import Scenario

__all__ = ["EXIT_WARNINGS", "add_parser", "run"]

#: Exit code of a valid scenario with warnings.
EXIT_WARNINGS = 1

#: Statistic columns printed, in order.
_STATISTICS = ("mean", "sd", "p1", "p5", "p50", "p95", "p99")


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``check`` subcommand to the command line's subparsers ``sub``."""
    cmd = sub.add_parser(
        "check",
        help="validate a scenario without simulating: its inputs and likely mistakes",
        description="Validate a scenario without simulating it; print each uncertain "
        "input with its exact mean, sd and percentiles, and warnings for inputs that look "
        "like mistakes. Exit code 0: valid; 1: valid with warnings; 2: not valid.",
    )
    src = cmd.add_mutually_exclusive_group(required=True)
    src.add_argument("scenario", nargs="?", help="scenario file (.toml or .json)")
    src.add_argument("--preset", help="check a built-in scenario")


def inputs_text(scenario: Scenario) -> str:
    """The inputs table as fixed-width text, one line per input (empty when none)."""
    table = scenario.inputs()
    if table.height == 0:
        return ""
    rows = [
        [
            r["input"],
            f"{r['family']}({r['parameters']})",
            *(input_number(r[c]) for c in _STATISTICS),
            r["used_by"],
        ]
        for r in table.iter_rows(named=True)
    ]
    header = ["input", "distribution", *_STATISTICS, "used by"]
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]
    numeric = range(2, 2 + len(_STATISTICS))

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(width) if i in numeric else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths))
        ]
        return "  ".join(parts).rstrip()

    out = [line(header), "-" * len(line(header))]
    out += [line(r) for r in rows]
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    """Check the scenario ``args`` names, print the result, and return the exit code."""
    scenario = load_scenario(args)
    name = scenario.name or (args.preset or args.scenario)
    table = scenario.inputs()
    warnings = scenario.input_warnings()
    noun = "input" if table.height == 1 else "inputs"
    print(f"{name}: valid; {table.height} uncertain {noun}")
    text = inputs_text(scenario)
    if text:
        print()
        print(text)
    if warnings:
        print()
        for path, message in warnings:
            print(f"warning: {path}: {message}")
        noun = "warning" if len(warnings) == 1 else "warnings"
        print(f"\n{len(warnings)} {noun}", file=sys.stderr)
        return EXIT_WARNINGS
    return 0
