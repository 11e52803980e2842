"""Plain-text tables for the command line: every cell text, every column aligned alike."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

__all__ = ["grid_text", "text_table"]


def grid_text(value: Any) -> str:
    """A grid value as the command line writes it: integers with thousands separators,
    other numbers in their shortest form, text as it is, anything else as compact JSON."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1e4 else f"{value:g}"
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """``rows`` under ``headers`` and a rule, each column as wide as its widest text and
    every column right-aligned, so numbers line up by their last digit."""
    widths = [len(h) for h in headers]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"a row has {len(row)} cells for {len(headers)} headers")
        widths = [max(w, len(c)) for w, c in zip(widths, row)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) for c, w in zip(cells, widths))

    head = line(headers)
    return "\n".join([head, "-" * len(head), *(line(r) for r in rows)])
