"""A report's workbook, ``report.xlsx``, for readers who work in Excel.

Written with XlsxWriter (a well-kept, pure-Python writer of the Office Open XML format).
One sheet per table of the report, every number a number: money in the scenario's
currency (an Excel number format, so sums and charts in Excel still work), probabilities
as percentages, FTE with two decimals; columns sized to their widest text; the header row
frozen. The charts are PNG images on their own sheet.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from typing import Any, Callable, Optional

import polars as pl
import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ._format import money
from ._outputs import kind
from ._reproduce import reproduce_command
from .scenario import scenario_file
from .simulation import Result

__all__ = ["SHEETS", "currency_format", "write_workbook"]

#: A cell's own kind from its row (a dict by column) and its column, or ``None``.
CellKind = Callable[[dict[str, Any], str], Optional[str]]

#: The workbook's sheets, in order.
SHEETS = (
    "Summary",
    "Breakdown",
    "Labour",
    "Sensitivity",
    "Inputs",
    "Scenario",
    "Provenance",
    "Charts",
)

#: The summary's statistics: written in the kind of their row's output (money, FTE, ...).
STATISTICS = ("p50", "p5", "p95", "mean", "sd", "se", "p10", "p90", "min", "max")

#: Excel number formats by kind; ``"money"`` is made per currency (:func:`currency_format`).
NUMBER_FORMATS = {
    "percent": "0.0%",
    "fte": "0.00",
    "hours": "#,##0",
    "year": "0",
    "integer": "#,##0",
    "ratio": "+0.00;-0.00;0.00",
    "number": "#,##0.00",
    "general": "General",
}

#: Widest a column is made, in characters.
MAX_WIDTH = 60
# Excel holds at most this many characters in a cell; XlsxWriter cuts a longer string
# silently (https://support.microsoft.com/en-us/office/excel-specifications-and-limits).
CELL_LIMIT = 32_767


def pieces(text: str, size: int = CELL_LIMIT) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``size`` characters (one piece,
    possibly empty, for a short text): what a line of ``scenario.toml`` too long for one
    Excel cell becomes, across the next cells of its row."""
    if size < 1:
        raise ValueError(f"size must be at least 1, got {size}")
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


def cell_text(text: str) -> str:
    """``text`` as one table cell: a text too long for Excel ends with a note saying how
    long it was, instead of being cut without a word."""
    if len(text) <= CELL_LIMIT:
        return text
    note = f" … [cut: {len(text):,} characters, more than Excel's {CELL_LIMIT:,} per cell]"
    return text[: CELL_LIMIT - len(note)] + note


#: How much of its size a chart image is shown at on the charts sheet.
IMAGE_SCALE = 0.6


def currency_format(currency: str) -> str:
    """The Excel number format of money in ``currency``: whole units with thousands
    separators after the symbol the charts use (``"$"#,##0`` for USD, ``"€"#,##0`` for
    EUR, ``"CHF "#,##0`` for a code without a symbol, ``#,##0`` for none)."""
    zero = money(0.0, currency)  # the core's own prefix, then "0"
    prefix = zero[:-1] if zero.endswith("0") else ""
    if not prefix:
        return "#,##0"
    quoted = prefix.replace('"', "")
    return f'"{quoted}"#,##0'


def _shown(value: Any, how: str, prefix: str) -> str:
    """About the text Excel shows for ``value`` written as ``how``, to size its column."""
    if value is None:
        return ""
    if how == "text" or isinstance(value, str):
        return str(value)
    x = float(value)
    if how == "money":
        return f"{'-' if x < 0 else ''}{prefix}{abs(x):,.0f}"
    if how == "percent":
        return f"{100 * x:.1f}%"
    if how in ("fte", "ratio", "number"):
        return f"{x:+,.2f}"
    if how == "general":
        return f"{x:.10g}"
    return f"{x:,.0f}"


class _Book:
    """The workbook with its formats, and the sheets written so far."""

    def __init__(self, path: str | os.PathLike[str], currency: str) -> None:
        self.book = xlsxwriter.Workbook(os.fspath(path), {"nan_inf_to_errors": True})
        self.prefix = money(0.0, currency)[:-1]
        self.header = self.book.add_format(
            {"bold": True, "bottom": 1, "bg_color": "#EEF2F7", "text_wrap": False}
        )
        self.formats: dict[str, Format] = {
            "money": self.book.add_format({"num_format": currency_format(currency)}),
            **{
                name: self.book.add_format({"num_format": fmt})
                for name, fmt in NUMBER_FORMATS.items()
            },
        }
        self.mono = self.book.add_format({"font_name": "Consolas"})

    def table(
        self,
        name: str,
        frame: pl.DataFrame,
        how: Mapping[str, str] | None = None,
        cell_how: CellKind | None = None,
    ) -> Worksheet:
        """A sheet holding ``frame``: a frozen header row, then one row per row.

        ``how`` gives a column's kind (``"money"``, ``"percent"``, ... or ``"text"``);
        ``cell_how(row, column)`` may give a cell's own (``None``: the column's). A column
        not named is written by its type: integers as integers, floats as numbers."""
        sheet = self.book.add_worksheet(name)
        how = dict(how or {})
        widths = [len(c) for c in frame.columns]
        for j, column in enumerate(frame.columns):
            sheet.write_string(0, j, column, self.header)
        for i, row in enumerate(frame.iter_rows(named=True), start=1):
            for j, column in enumerate(frame.columns):
                value = row[column]
                cell = (cell_how(row, column) if cell_how else None) or how.get(column)
                if cell is None:
                    dtype = frame.schema[column]
                    cell = "integer" if dtype.is_integer() else "number"
                    if not dtype.is_numeric():
                        cell = "text"
                if value is None:
                    sheet.write_blank(i, j, None)
                elif cell == "text" or isinstance(value, str):
                    sheet.write_string(i, j, cell_text(str(value)))
                elif isinstance(value, bool):
                    sheet.write_boolean(i, j, value)
                else:
                    sheet.write_number(i, j, float(value), self.formats[cell])
                widths[j] = max(widths[j], len(_shown(value, cell, self.prefix)))
        for j, width in enumerate(widths):
            sheet.set_column(j, j, min(MAX_WIDTH, width + 2))
        sheet.freeze_panes(1, 0)
        return sheet

    def pairs(self, name: str, rows: Sequence[tuple[str, Any]]) -> Worksheet:
        """A two-column sheet of ``(field, value)`` rows."""
        frame = pl.DataFrame(
            {"field": [k for k, _ in rows], "value": [str(v) for _, v in rows]},
            schema={"field": pl.Utf8, "value": pl.Utf8},
        )
        return self.table(name, frame, {"field": "text", "value": "text"})


def _summary_how(row: dict[str, Any], column: str) -> str | None:
    if column in STATISTICS:
        return kind(row["output"])
    return None


def provenance(result: Result, threshold: float, threshold_output: str) -> list[tuple[str, Any]]:
    """What the run was: the fields of ``run.json`` (the precision as its sentence) and the
    scenario's name and currency."""
    return [
        ("software", "repave-cost"),
        ("version", result.version),
        ("scenario", result.scenario.name or ""),
        ("scenario hash", result.scenario_hash),
        ("seed", result.seed),
        ("trials", result.n_trials),
        ("method", result.method),
        ("precision", result.precision_reached or "none (fixed trials)"),
        ("command", reproduce_command(result, threshold, threshold_output)),
        ("baseline", result.baseline),
        ("alternative", result.alternative),
        ("horizon (years)", result.horizon_years),
        ("currency", result.currency),
        ("threshold", threshold),
        ("threshold output", threshold_output),
    ]


def write_workbook(
    result: Result,
    path: str | os.PathLike[str],
    threshold: float,
    threshold_output: str,
    charts: Sequence[tuple[str, bytes]],
    inputs: pl.DataFrame | None = None,
) -> None:
    """Write ``report.xlsx`` of ``result`` at ``path`` (inside a report's staging folder).

    ``charts`` are ``(name, PNG bytes)`` pairs shown on the ``Charts`` sheet; ``inputs``
    is the table of the uncertain inputs (the ``Inputs`` sheet is left out without it).
    """
    book = _Book(path, result.currency)
    try:
        book.table(
            "Summary",
            result.summary(threshold, threshold_output),
            {"output": "text", "prob_above": "percent", "count": "integer"},
            _summary_how,
        )
        money_stats = {s: "money" for s in ("mean", "p5", "p50", "p95")}
        book.table("Breakdown", result.breakdown(), {**money_stats, "year": "year"})
        book.table(
            "Labour",
            result.labour(),
            {
                "year": "year",
                "mean_hours": "hours",
                "mean_fte": "fte",
                "prob_over_capacity": "percent",
            },
        )
        book.table(
            "Sensitivity",
            result.sensitivity("savings"),
            {
                "spearman": "ratio",
                "low_mean": "money",
                "high_mean": "money",
                "swing": "money",
            },
        )
        if inputs is not None:
            # Inputs come in their own units (hours, rates, counts): Excel's General format
            stats = {c: "general" for c in inputs.columns if inputs.schema[c].is_numeric()}
            book.table("Inputs", inputs, stats)
        lines = scenario_file(result.scenario).splitlines()
        sheet = book.book.add_worksheet("Scenario")
        sheet.write_string(0, 0, "scenario.toml", book.header)
        long_lines = False
        for i, line in enumerate(lines, start=1):
            # A line longer than a cell holds (a long list of values) goes on in the next
            # cells of its row: the row's cells joined are the line.
            for j, piece in enumerate(pieces(line)):
                sheet.write_string(i, j, piece, book.mono)
                long_lines = long_lines or j > 0
        if long_lines:
            sheet.write_string(
                0,
                1,
                f"a line longer than {CELL_LIMIT:,} characters goes on in the next cells"
                " of its row: join them to read it",
            )
        widest = max([len(x) for x in lines] + [14])
        sheet.set_column(0, 0, min(2 * MAX_WIDTH, widest + 2))
        sheet.freeze_panes(1, 0)
        book.pairs("Provenance", provenance(result, threshold, threshold_output))
        images = book.book.add_worksheet("Charts")
        row = 0
        for name, png in charts:
            images.write_string(row, 0, name, book.header)
            images.insert_image(
                row + 1,
                0,
                f"{name}.png",
                {"image_data": io.BytesIO(png), "x_scale": IMAGE_SCALE, "y_scale": IMAGE_SCALE},
            )
            row += 26
    finally:
        book.book.close()
