"""The command line's ``run --precision``: simulate until the watched statistics are
precise enough (see :func:`repave_cost.simulate`'s ``precision``)."""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import Any, Callable

from .precision import DEFAULT_MAX_TRIALS, Precision, PrecisionWarning
from .scenario import Scenario
from .simulation import Result

__all__ = ["add_arguments", "simulate_for"]


def add_arguments(run: argparse.ArgumentParser) -> None:
    """Add ``--precision`` and ``--max-trials`` to the ``run`` subcommand."""
    run.add_argument(
        "--precision",
        type=float,
        metavar="RELATIVE",
        help="run in growing batches until the 95%% interval of the mean, p5, p50 and p95 "
        "of savings is within ±RELATIVE of each (0.005 = ±0.5%%); replaces --trials",
    )
    run.add_argument(
        "--max-trials",
        type=int,
        default=DEFAULT_MAX_TRIALS,
        help="with --precision: the most trials (default %(default)s)",
    )
    # --trials stays 10,000 unless given; given with --precision it is an error.
    run.set_defaults(trials=None)


def simulate_for(
    args: argparse.Namespace,
    scenario: Scenario,
    progress: Any,
    simulate: Callable[..., Result],
) -> Result:
    """Simulate with ``simulate`` (:func:`repave_cost.simulate`) as the ``run`` arguments
    say; a :class:`PrecisionWarning` is printed as one line on stderr."""
    if args.precision is None:
        trials = 10_000 if args.trials is None else args.trials
        return simulate(scenario, trials, args.seed, args.method, progress=progress)
    if args.trials is not None:
        raise ValueError("--trials and --precision: give one (--max-trials caps a precision run)")
    precision = Precision(args.precision, max_trials=args.max_trials)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PrecisionWarning)
        result = simulate(
            scenario, seed=args.seed, method=args.method, progress=progress, precision=precision
        )
    for w in caught:
        if issubclass(w.category, PrecisionWarning):
            print(f"repave-cost: warning: {w.message}", file=sys.stderr)
        else:  # pragma: no cover - nothing else warns here today
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return result
