"""Number formatting shared by reports, the command line and notebook tables."""

from __future__ import annotations

from . import _core


def money(value: float, currency: str) -> str:
    """Format money the way the charts do (``$50K``, ``€1.2M``)."""
    return str(_core.format_money(float(value), currency))


def percent(p: float | None) -> str:
    """A probability as a percentage with one decimal that never rounds to a certainty:
    ``99.5%``, ``>99.9%`` (not ``100%``) when some trials disagree, ``<0.1%`` likewise;
    ``""`` for a missing one (a threshold on another output)."""
    if p is None:
        return ""
    if 0.0 < p < 0.001:
        return "<0.1%"
    if 0.999 < p < 1.0:
        return ">99.9%"
    return f"{p:.1%}"
