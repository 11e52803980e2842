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

__all__ = ["add_arguments", "precision_of", "simulate_for"]


def add_arguments(run: argparse.ArgumentParser) -> None:
    """Add ``--precision``, ``--max-trials`` and what a precision run watches
    (``--watch``, ``--statistics``, ``--confidence``) to the ``run`` subcommand."""
    run.add_argument(
        "--precision",
        type=float,
        metavar="RELATIVE",
        help="run in growing batches until the interval of every watched statistic is "
        "within ±RELATIVE of it (0.005 = ±0.5%%); by default the 95%% intervals of the mean, "
        "p5, p50 and p95 of savings (--watch, --statistics and --confidence change that); "
        "replaces --trials",
    )
    run.add_argument(
        "--max-trials",
        type=int,
        metavar="N",
        help=f"with --precision: the most trials (default {DEFAULT_MAX_TRIALS})",
    )
    run.add_argument(
        "--watch",
        action="append",
        dest="precision_outputs",
        metavar="OUTPUT",
        help="with --precision: an output to watch, e.g. savings_per_year or NAME.total; "
        "repeat for several (default savings)",
    )
    run.add_argument(
        "--statistics",
        dest="precision_statistics",
        metavar="LIST",
        help="with --precision: the statistics to watch, comma-separated: mean and pX "
        "percentiles (default mean,p5,p50,p95)",
    )
    run.add_argument(
        "--confidence",
        type=float,
        dest="precision_confidence",
        metavar="LEVEL",
        help="with --precision: the intervals' confidence level, strictly between 0 and 1 "
        "(default 0.95)",
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
        given = [flag for flag, value in _precision_options(args) if value is not None]
        if given:
            raise ValueError(f"{', '.join(given)}: only with --precision")
        trials = 10_000 if args.trials is None else args.trials
        return simulate(scenario, trials, args.seed, args.method, progress=progress)
    if args.trials is not None:
        raise ValueError("--trials and --precision: give one (--max-trials caps a precision run)")
    precision = precision_of(args)
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


def precision_of(args: argparse.Namespace) -> Precision:
    """The :class:`Precision` the ``run`` arguments ask for: ``--precision`` and
    ``--max-trials``, and ``--watch``, ``--statistics`` and ``--confidence`` where given
    (the defaults of :class:`Precision` otherwise)."""
    defaults = Precision()
    statistics = defaults.statistics
    if args.precision_statistics is not None:
        statistics = tuple(s.strip() for s in args.precision_statistics.split(","))
        if not all(statistics):
            raise ValueError(
                f"--statistics {args.precision_statistics!r}: give comma-separated names "
                "such as mean,p5,p50,p95"
            )
    return Precision(
        args.precision,
        outputs=tuple(args.precision_outputs or defaults.outputs),
        statistics=statistics,
        confidence=(
            defaults.confidence if args.precision_confidence is None else args.precision_confidence
        ),
        max_trials=DEFAULT_MAX_TRIALS if args.max_trials is None else args.max_trials,
    )


def _precision_options(args: argparse.Namespace) -> list[tuple[str, Any]]:
    """The options that only a precision run takes, as ``(flag, value)``, ``None`` where
    not given."""
    return [
        ("--max-trials", args.max_trials),
        ("--watch", args.precision_outputs),
        ("--statistics", args.precision_statistics),
        ("--confidence", args.precision_confidence),
    ]
