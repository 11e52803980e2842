"""Reports: every chart, a summary in words, tables and the scenario, in one folder.

A report is written to a temporary folder beside the target and moved into place only
when complete, so a crash or Ctrl-C never leaves a half-written report behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import polars as pl

from ._format import money, percent
from .simulation import Result

__all__ = ["FORMATS", "report", "summary_text", "write_folder"]

#: Chart formats a report can write.
FORMATS = ("png", "svg")

#: The charts of a report: file stem → name of the ``result.plot`` method.
CHARTS = ("savings", "exceedance", "tornado", "breakdown", "cumulative")


def _pretty_input(name: str) -> str:
    return name.replace("strategies.", "").replace("_", " ")


def summary_text(result: Result, threshold: float = 0.0) -> str:
    """The key numbers of a result in words, as Markdown."""
    cur = result.currency
    years = result.horizon_years
    yearly = result.trials["savings"].to_numpy() / years
    p5, p50, p95 = np.quantile(yearly, [0.05, 0.5, 0.95])
    s = result.summary(threshold).filter(pl.col("output") == "savings").row(0, named=True)
    p_any = float(np.mean(yearly > 0))
    sens = result.sensitivity("savings")
    top = sens.row(0, named=True) if sens.height else None
    alt, base = result.alternative, result.baseline
    name = result.scenario.name or "the scenario"
    lines = [
        f"# {name}: {alt} compared with {base}",
        "",
        (
            f"**{alt.capitalize()} saves {money(float(np.mean(yearly)), cur)} a year** on "
            f"average compared with {base} (90% interval {money(p5, cur)} to "
            f"{money(p95, cur)} a year; median {money(p50, cur)})."
        ),
        "",
        (
            f"Over {years} year{'s' if years != 1 else ''} the total saving is "
            f"{money(s['mean'], cur)} on average (present value; median {money(s['p50'], cur)}, "
            f"90% interval {money(s['p5'], cur)} to {money(s['p95'], cur)})."
        ),
        "",
        f"Probability of saving anything: {percent(p_any)}.",
    ]
    if threshold:
        lines.append(
            f"Probability of saving more than {money(threshold, cur)} in total: "
            f"{percent(s['prob_above'])}."
        )
    if top is not None and top["swing"] is not None:
        lines += [
            "",
            (
                f"The input that matters most: **{_pretty_input(top['input'])}** — savings "
                f"average {money(top['low_mean'], cur)} when it is in its lowest decile and "
                f"{money(top['high_mean'], cur)} in its highest (Spearman "
                f"{top['spearman']:+.2f})."
            ),
        ]
    lines += [
        "",
        f"Standard error of the mean saving: {money(s['se'] or 0.0, cur)} "
        f"({result.n_trials:,} trials).",
        "",
        "## Reproduce",
        "",
        f"repave-cost {result.version}, seed {result.seed}, {result.n_trials:,} trials, "
        f"method `{result.method}`; the scenario is in `scenario.toml`:",
        "",
        "```",
        f"repave-cost run scenario.toml --trials {result.n_trials} --seed {result.seed} "
        f"--method {result.method}",
        "```",
        "",
    ]
    return "\n".join(lines)


def _formats(formats: Iterable[str]) -> tuple[str, ...]:
    if isinstance(formats, str):
        formats = [f for f in formats.split(",") if f]
    if not all(isinstance(f, str) for f in formats):
        raise TypeError("formats must be a sequence of str")
    out = tuple(f.strip().lower() for f in formats)
    for f in out:
        if f not in FORMATS:
            raise ValueError(f"formats: unknown chart format {f!r}; choose from {FORMATS}")
    return out


def report(
    result: Result,
    out_dir: str | os.PathLike[str],
    formats: Iterable[str] = FORMATS,
    overwrite: bool = False,
    threshold: float = 0.0,
) -> Path:
    """Write a complete report of ``result`` into ``out_dir`` and return its path.

    The folder receives every chart in each of ``formats`` (``savings``, ``exceedance``,
    ``tornado``, ``breakdown``, ``cumulative``), ``summary.md`` (the key numbers in words),
    ``summary.csv``, ``breakdown.csv``, ``labour.csv``, ``sensitivity.csv``,
    ``trials.parquet``, ``scenario.toml`` (to repeat the run) and ``run.json``
    (provenance).

    Raises
    ------
    FileExistsError
        ``out_dir`` exists and is not empty, and ``overwrite`` is false.
    """
    if not isinstance(result, Result):
        raise TypeError(f"result must be a repave_cost.Result, got {type(result).__name__}")
    fmts = _formats(formats)
    return write_folder(
        out_dir, lambda folder: _write_all(result, folder, fmts, threshold), overwrite
    )


def write_folder(
    out_dir: str | os.PathLike[str], fill: Callable[[Path], None], overwrite: bool = False
) -> Path:
    """Create ``out_dir`` with the files ``fill(folder)`` writes, all or nothing.

    ``fill`` writes into a hidden staging folder beside the target, which replaces the
    target only once complete; on any error or Ctrl-C the staging folder is removed.
    A non-empty existing folder is refused unless ``overwrite``.
    """
    target = Path(out_dir)
    if target.exists() and not target.is_dir():
        raise FileExistsError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not overwrite:
        raise FileExistsError(
            f"{target} is not empty; choose a new folder or pass overwrite=True (--overwrite)"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        fill(staging)
        if target.exists():
            _swap_in(staging, target)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _swap_in(staging: Path, target: Path) -> None:
    """Replace folder ``target`` by ``staging``; if that fails, put the old one back."""
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    try:
        os.replace(target, old / "previous")
        try:
            os.replace(staging, target)
        except BaseException:
            os.replace(old / "previous", target)
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


def _write_all(result: Result, folder: Path, formats: tuple[str, ...], threshold: float) -> None:
    for chart in CHARTS:
        method = getattr(result.plot, chart)
        figure = method(threshold=threshold) if chart == "savings" else method()
        for fmt in formats:
            figure.save(folder / f"{chart}.{fmt}")
    (folder / "summary.md").write_text(summary_text(result, threshold), encoding="utf-8")
    result.summary(threshold).write_csv(folder / "summary.csv")
    result.breakdown().write_csv(folder / "breakdown.csv")
    result.labour().write_csv(folder / "labour.csv")
    result.sensitivity("savings").write_csv(folder / "sensitivity.csv")
    result.trials.write_parquet(folder / "trials.parquet")
    (folder / "scenario.toml").write_text(result.scenario.to_toml(), encoding="utf-8")
    run = {
        "library": "repave-cost",
        "version": result.version,
        "seed": result.seed,
        "trials": result.n_trials,
        "method": result.method,
        "threshold": threshold,
        "scenario_hash": result.scenario_hash,
    }
    (folder / "run.json").write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
