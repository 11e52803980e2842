"""``repave-cost fit DATA.csv --column NAME``: fit distributions to a column of measurements.

Prints the fit table (best first by AIC, see :func:`repave_cost.fit`) and the TOML line
to paste into a scenario. ``--scale`` multiplies every value first (minutes to hours:
``--scale 0.0166667``). Exit code 0, or 2 for a bad file, column or data (one error line,
as for every command).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import polars as pl

from .fit import FIT_FAMILIES, FitResult, fit

__all__ = ["add_parser", "read_column", "run"]


class FitInputError(ValueError):
    """A data file or column that cannot be fitted (exit code 2)."""


def add_parser(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the ``fit`` subcommand to the command line's subparsers ``sub``."""
    cmd = sub.add_parser(
        "fit",
        help="fit distributions to a CSV column; print the table and the TOML line",
        description="Fit distribution families to one column of a CSV file by maximum "
        "likelihood; print every fit (best first by AIC) and the line to paste into a "
        "scenario.",
    )
    cmd.add_argument("data", type=Path, help="CSV file with a header row")
    cmd.add_argument("--column", required=True, help="the column to fit")
    cmd.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply every value by this first (minutes to hours: 0.0166667)",
    )
    cmd.add_argument(
        "--families",
        help=f"comma-separated families to fit (default: every suitable one of "
        f"{', '.join(FIT_FAMILIES)})",
    )
    cmd.add_argument("--name", help="the key in the TOML line (default: the column's name)")


def read_column(path: Path, column: str, scale: float = 1.0) -> pl.Series:
    """The numbers of ``column`` in the CSV file ``path``, times ``scale``.

    Raises
    ------
    FitInputError
        The file is missing, the column is not in it, or a cell is empty or not a number
        (the first such row is named, counting the header as row 1).
    """
    if not path.is_file():
        raise FitInputError(f"data file not found: {path}")
    if not (scale == scale and abs(scale) != float("inf")) or scale == 0:
        raise FitInputError(f"--scale must be a finite number other than 0, got {scale}")
    try:
        header = pl.read_csv(path, n_rows=0).columns
        if column not in header:
            raise FitInputError(f"{path}: no column {column!r} (columns: {', '.join(header)})")
        raw = pl.read_csv(path, columns=[column], infer_schema=False)[column]
    except pl.exceptions.PolarsError as err:
        text = str(err).strip()
        reason = text.splitlines()[0] if text else type(err).__name__
        raise FitInputError(f"{path}: not a readable CSV file: {reason}") from None
    values = raw.str.strip_chars().cast(pl.Float64, strict=False)
    bad = values.is_null()
    if bad.any():
        first = int(bad.arg_true()[0])
        raise FitInputError(
            f"{path}: column {column!r} has {int(bad.sum())} empty or non-numeric cells "
            f"(the first at row {first + 2}: {raw[first]!r})"
        )
    return values * scale


def _number(x: float | None) -> str:
    return "" if x is None else f"{x:.6g}"


def table_text(result: FitResult) -> str:
    """The fit table as fixed-width text."""
    header = ["family", "log_lik", "aic", "bic", "ks_stat", "ks_p", "dist / note"]
    rows = [
        [
            r["family"],
            _number(r["log_likelihood"]),
            _number(r["aic"]),
            _number(r["bic"]),
            _number(r["ks_statistic"]),
            _number(r["ks_pvalue"]),
            r["dist"] or f"left out: {r['note']}",
        ]
        for r in result.table.iter_rows(named=True)
    ]
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        parts = [
            cell.ljust(w) if i in (0, len(cells) - 1) else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(cells, widths))
        ]
        return "  ".join(parts).rstrip()

    return "\n".join([line(header), "-" * len(line(header)), *(line(r) for r in rows)])


def run(args: argparse.Namespace) -> int:
    """Fit the column ``args`` names, print the table and the TOML line; return 0."""
    values = read_column(args.data, args.column, args.scale)
    # An empty --families "" names no family, as ",," does: refused by fit(), not read as
    # "every suitable family" (that is what leaving the option out means).
    families = (
        None
        if args.families is None
        else [f.strip() for f in args.families.split(",") if f.strip()]
    )
    result = fit(values, families)
    print(f"{args.data}: column {args.column!r}, {len(values)} values")
    print()
    print(table_text(result))
    print()
    print("Paste into your scenario:")
    print(f"  {result.toml_line(args.name or args.column)}")
    return 0
