"""What the package's own tables and sentences read from the output registry
(``_core.outputs()``): an output's kind, its label, and its statistics written the way
that kind is written."""

from __future__ import annotations

from . import _core
from ._format import money, percent


def kind(output: str) -> str:
    """The declared kind of ``output`` (``"money"``, ``"fte"``, ``"year"``, ...); an output
    the registry does not declare is a ``ValueError`` naming it."""
    info = _core.output_info(output)
    if info is None:
        raise ValueError(f"output {output!r} is not a declared output")
    return str(info["kind"])


def label(output: str) -> str:
    """The words for ``output`` in sentences, as the registry declares them
    (``repave.total_cost`` → ``repave total cost``)."""
    return _core.output_label(output)


def statistic_text(value: float | None, output: str, currency: str) -> str:
    """A statistic of ``output`` in the words of its kind: ``$1.2M``, ``0.85 FTE``,
    ``year 2``; ``""`` for a missing value."""
    if value is None:
        return ""
    k = kind(output)
    if k == "money":
        return money(value, currency)
    if k == "fte":
        return f"{value:.2f} FTE"
    if k == "hours":
        return f"{value:,.0f} h"
    if k == "year":
        return f"year {value:g}"
    return percent(value)
