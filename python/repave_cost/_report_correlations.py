"""The report's sentence about correlated inputs: which rank correlations the run applied,
each target beside the Spearman coefficient its trials achieved."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .simulation import Result


def correlation_sentence(result: Result) -> str | None:
    """One Markdown sentence listing the scenario's ``[[correlations]]`` as applied (target
    and achieved Spearman coefficient of each pair), or ``None`` when it has none. A pair
    whose achieved coefficient misses its target by more than sampling explains
    (:func:`falls_short`) is said to, with the usual cause: ties."""
    table = result.correlation()
    if table.height == 0:
        return None
    pairs = []
    short = []
    for row in table.iter_rows(named=True):
        achieved = row["achieved"]
        got = "n/a" if achieved is None else f"{achieved:+.2f}"
        pair = f"{row['a']} ~ {row['b']}"
        pairs.append(f"{pair} {row['target']:+.2f} (achieved {got})")
        if achieved is not None and falls_short(row["target"], achieved, result.n_trials):
            short.append(pair)
    n = table.height
    sentence = (
        f"Correlated inputs: {n} rank correlation{'s' if n != 1 else ''} (Spearman, target "
        f"and achieved; each input keeps its own values, only their pairing changes): "
        + "; ".join(pairs)
        + "."
    )
    if short:
        verb = "misses its target" if len(short) == 1 else "miss their targets"
        sentence += (
            f" {', '.join(short)} {verb} by more than sampling explains: an input with "
            "repeated values (discrete, "
            "Bernoulli, Poisson or empirical) caps the rank correlation it can reach."
        )
    return sentence


def falls_short(target: float, achieved: float, trials: int) -> bool:
    """Whether ``achieved`` misses ``target`` by more than 0.02 (what the samplers promise
    at 20,000 trials) and by more than four standard errors of a Spearman coefficient under
    no correlation, ``1 / √(n − 1)`` (an upper bound on its error when there is some)."""
    if trials < 3:
        return False
    allowed = max(0.02, 4.0 / math.sqrt(trials - 1))
    return bool(abs(achieved - target) > allowed)
