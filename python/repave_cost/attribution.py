"""Savings split by practice: how much of a saving comes from dropping Repave, from
Rotate, from Repair and from everything else (see ``practice`` in docs/scenario-format.md).

The split is computed in the core (``src/model/attribution.rs``) from each activity's
present-value cost per trial, the same numbers :meth:`Result.breakdown` summarises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import polars as pl

from . import _core
from ._tables import frame
from ._validate import flag

if TYPE_CHECKING:
    from .simulation import Result

__all__ = ["PRACTICES", "attribution", "attribution_sentence"]

#: The practices an activity may belong to, in the order tables and charts list them.
PRACTICES = ("repave", "rotate", "repair", "other")


def attribution(result: Result, per_trial: bool = False) -> pl.DataFrame:
    """Savings by practice (see :meth:`Result.attribution`)."""
    per_trial = flag("per_trial", per_trial)
    core = result._core
    if per_trial:
        return frame(_core.attribution_trials(core))
    return frame(_core.attribution(core))


def attribution_sentence(result: Result) -> str:
    """One sentence for reports: "Of $X saved (mean), dropping Repave accounts for $A,
    Rotate $B, Repair $C and other activities $D." (the practices the scenario uses)."""
    return _core.attribution_sentence(result._core)
