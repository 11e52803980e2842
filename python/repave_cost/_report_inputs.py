"""The report's "Uncertain inputs" section: every assumption with what it implies.

A Markdown table of :meth:`Scenario.inputs` (one row per uncertain input: its
distribution as written, the exact mean, standard deviation and 1st to 99th percentiles,
and the fields it sets), so a reader can check each one, and ``inputs.csv`` with the same
rows at full precision.
"""

from __future__ import annotations

from pathlib import Path

from ._format import input_number, markdown_cell
from .scenario import Scenario

__all__ = ["inputs_markdown", "write_inputs"]

#: The statistics shown, in order: column of ``Scenario.inputs()`` and its heading.
_STATISTICS = (
    ("mean", "Mean"),
    ("sd", "SD"),
    ("p1", "p1"),
    ("p5", "p5"),
    ("p50", "p50"),
    ("p95", "p95"),
    ("p99", "p99"),
)


def inputs_markdown(scenario: Scenario) -> str:
    """The "Uncertain inputs" section of ``summary.md`` as Markdown text.

    Parameters
    ----------
    scenario : Scenario
        The scenario whose inputs to list.

    Returns
    -------
    str
        A heading, one sentence and a table with one row per uncertain input (or a
        sentence saying there are none), ending with a blank line.
    """
    table = scenario.inputs()
    lines = ["## Uncertain inputs", ""]
    if table.height == 0:
        lines += ["Every value in the scenario is fixed: it has no uncertain inputs.", ""]
        return "\n".join(lines)
    lines += [
        (
            "Each uncertain input as written in the scenario, with what its distribution "
            "implies (exact values, not sampled): mean, standard deviation (SD) and the 1st "
            "to 99th percentiles."
        ),
        "",
        "| Input | Distribution | " + " | ".join(h for _, h in _STATISTICS) + " | Used by |",
        "|---|---|" + "---:|" * len(_STATISTICS) + "---|",
    ]
    for row in table.iter_rows(named=True):
        used = ", ".join(f"`{p}`" for p in row["used_by"].split("; ") if p)
        cells = [
            f"{markdown_cell(row['label'])} (`{markdown_cell(row['input'])}`)",
            markdown_cell(f"{row['family']}: {row['parameters']}"),
            *(input_number(row[name]) for name, _ in _STATISTICS),
            markdown_cell(used),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


def write_inputs(scenario: Scenario, folder: Path) -> None:
    """Write ``inputs.csv`` (the rows of :meth:`Scenario.inputs`) into ``folder``."""
    scenario.inputs().write_csv(folder / "inputs.csv")
