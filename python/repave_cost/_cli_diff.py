"""``repave-cost diff A B``: the fields that differ between two scenarios and what the
change does to every output (see :func:`repave_cost.diff`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from . import _core
from ._cli_scenario import load_file
from ._errors import ScenarioError
from .diff import diff
from .scenario import Scenario

#: The output formats of ``--format``.
FORMATS = ("text", "markdown", "json")


def add_parser(sub: Any) -> None:
    """Add the ``diff`` subcommand to the subparsers ``sub``."""
    cmd = sub.add_parser(
        "diff",
        help="fields that differ between two scenarios, and the paired effect on each output",
    )
    cmd.add_argument("a", help="the scenario before: a file (.toml or .json) or a preset name")
    cmd.add_argument("b", help="the scenario after: a file (.toml or .json) or a preset name")
    cmd.add_argument("--trials", type=int, default=10_000, help="trials (default 10000)")
    cmd.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    cmd.add_argument(
        "--method",
        choices=_core.methods(),
        default=_core.methods()[0],
        help="sampling method (default %(default)s)",
    )
    cmd.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default), markdown (fits a pull-request comment) or json",
    )
    cmd.add_argument("--quiet", action="store_true", help="no progress bar")


def _load(spec: str, side: str) -> Scenario:
    """Scenario ``side`` (``A`` or ``B``): a scenario file, else a preset by name. Its
    errors say which side and which file they are about (the two sides' problems read the
    same otherwise)."""
    path = Path(spec)
    try:
        if path.exists() or spec not in dict(_core.preset_list()):
            if not path.exists():
                raise ValueError(f"neither a scenario file nor a preset name: {spec!r}")
            return load_file(spec)
        return Scenario.preset(spec)
    except ScenarioError as err:
        problems = [(p["path"], p["message"]) for p in err.errors()]
        raise ScenarioError(f"scenario {side} ({spec}): {err}", problems) from None
    except (ValueError, OSError) as err:
        raise type(err)(f"scenario {side} ({spec}): {err}") from None


def run(args: argparse.Namespace) -> None:
    """Print the diff of ``args.a`` and ``args.b`` in ``args.format``."""
    progress = False if args.quiet or not sys.stderr.isatty() else "auto"
    d = diff(_load(args.a, "A"), _load(args.b, "B"), args.trials, args.seed, args.method, progress)
    if args.format == "json":
        print(d.to_json())
    elif args.format == "markdown":
        print(d.to_markdown(), end="")
    else:
        print(d.to_text())
