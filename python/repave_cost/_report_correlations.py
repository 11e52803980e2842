"""The report's sentence about correlated inputs: which rank correlations the run applied,
each target beside the Spearman coefficient its trials achieved."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .simulation import Result


def correlation_sentence(result: Result) -> str | None:
    """One Markdown sentence listing the scenario's ``[[correlations]]`` as applied (target
    and achieved Spearman coefficient of each pair), or ``None`` when it has none."""
    table = result.correlation()
    if table.height == 0:
        return None
    pairs = []
    for row in table.iter_rows(named=True):
        achieved = row["achieved"]
        got = "n/a" if achieved is None else f"{achieved:+.2f}"
        pairs.append(f"{row['a']} ~ {row['b']} {row['target']:+.2f} (achieved {got})")
    n = table.height
    return (
        f"Correlated inputs: {n} rank correlation{'s' if n != 1 else ''} (Spearman, target "
        f"and achieved; each input keeps its own values, only their pairing changes): "
        + "; ".join(pairs)
        + "."
    )
