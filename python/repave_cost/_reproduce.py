"""The command line that gives a result's trials again, for a report's "Reproduce" section,
``run.json`` and the workbook's provenance."""

from __future__ import annotations

import shlex
from typing import Any

from .precision import Precision
from .simulation import Result

__all__ = ["precision_settings", "reproduce_command", "reproduce_trials"]


def reproduce_command(
    result: Result, threshold: float = 0.0, threshold_output: str = "savings"
) -> str:
    """``repave-cost run scenario.toml ...``: the command that gives ``result``'s trials
    again from the report's ``scenario.toml``, and with ``threshold`` on
    ``threshold_output`` (named when not the default, 0 on savings) the same summary.

    Options whose value is a name take it after ``=`` (``--watch=NAME``), so that a name
    starting with ``-`` is not read as an option."""
    command = (
        f"repave-cost run scenario.toml {reproduce_trials(result)} --seed {result.seed} "
        f"--method {result.method}"
    )
    if (threshold_output, threshold) != ("savings", 0.0):
        whole = float(threshold).is_integer() and abs(threshold) < 1e15
        amount = int(threshold) if whole else threshold
        command += " " + shlex.quote(f"--threshold={threshold_output}={amount!r}")
    return command


def reproduce_trials(result: Result) -> str:
    """The command line's trial options that give ``result``'s trials again: ``--trials N``,
    or for a precision-controlled run ``--precision P`` and each setting of its
    :class:`Precision` that is not the default (``--max-trials``, ``--watch``,
    ``--statistics``, ``--confidence``)."""
    p = result.precision
    if p is None:
        return f"--trials {result.n_trials}"
    default = Precision()
    options = [f"--precision {p.relative!r}"]
    if p.max_trials != default.max_trials:
        options.append(f"--max-trials {p.max_trials}")
    if p.outputs != default.outputs:
        options += [shlex.quote(f"--watch={name}") for name in p.outputs]
    if p.statistics != default.statistics:
        options.append(shlex.quote(f"--statistics={','.join(p.statistics)}"))
    if p.confidence != default.confidence:
        options.append(f"--confidence {p.confidence!r}")
    return " ".join(options)


def precision_settings(result: Result) -> dict[str, Any] | None:
    """The :class:`Precision` of a precision-controlled run as a JSON-ready mapping (its
    fields), ``None`` for a run of fixed trials."""
    p = result.precision
    if p is None:
        return None
    return {
        "relative": p.relative,
        "outputs": list(p.outputs),
        "statistics": list(p.statistics),
        "confidence": p.confidence,
        "max_trials": p.max_trials,
    }
