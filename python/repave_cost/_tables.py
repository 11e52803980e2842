"""Turning the core's column lists into polars DataFrames."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl


def frame(columns: Sequence[tuple[str, Any]]) -> pl.DataFrame:
    """Build a DataFrame from ``(name, values)`` pairs as the core returns them.

    Numeric columns arrive as numpy arrays (moved out of Rust without a copy), text as a
    tuple, optional numbers as a list (``None`` becomes null), so that an empty column keeps
    its type.
    """
    series = []
    for name, values in columns:
        if isinstance(values, tuple):
            series.append(pl.Series(name, values, dtype=pl.Utf8))
        elif isinstance(values, list):
            if values and all(isinstance(v, str) for v in values):
                series.append(pl.Series(name, values, dtype=pl.Utf8))
            elif all(v is None or isinstance(v, str) for v in values) and any(
                isinstance(v, str) for v in values
            ):
                series.append(pl.Series(name, values, dtype=pl.Utf8))
            else:
                series.append(pl.Series(name, values, dtype=pl.Float64))
        else:
            series.append(pl.Series(name, values))
    return pl.DataFrame(series)
