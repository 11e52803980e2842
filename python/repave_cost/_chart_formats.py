"""The chart formats a report folder can hold, and the check of a ``formats`` argument."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["FORMATS", "chart_formats"]

#: Chart formats a report can write.
FORMATS = ("png", "svg")


def chart_formats(formats: Iterable[str]) -> tuple[str, ...]:
    """``formats`` (names from :data:`FORMATS`, any case, or one comma-separated str) as a
    tuple of lower-case names; ``TypeError`` for what is not str, ``ValueError`` naming
    ``formats`` for an unknown name. Called before anything is written."""
    if isinstance(formats, str):
        formats = [f for f in formats.split(",") if f]
    if not isinstance(formats, Iterable):
        raise TypeError(
            f"formats must be chart formats from {FORMATS}, got {type(formats).__name__}"
        )
    listed = list(formats)
    for f in listed:
        if not isinstance(f, str):
            raise TypeError(f"formats must be str, got {type(f).__name__} {f!r}")
    out = tuple(f.strip().lower() for f in listed)
    for f in out:
        if f not in FORMATS:
            raise ValueError(f"formats: unknown chart format {f!r}; choose from {FORMATS}")
    return out
