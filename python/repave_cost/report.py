"""Reports: every chart, a summary in words, tables and the scenario, in one folder.

A report is written into a staging folder and moved into place only when complete, so a
crash or Ctrl-C never leaves a half-written report behind. Its ``manifest.json`` lists the
files it wrote: only a folder holding an earlier report and nothing else is ever
overwritten, and then only those files are replaced (see :mod:`repave_cost._folder`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl

from . import _validate as v
from ._chart_formats import FORMATS, chart_formats
from ._folder import MANIFEST, check_destination, write_folder
from ._format import money, percent
from ._outputs import label, statistic_text
from ._page import page_html
from ._report_correlations import correlation_sentence
from ._report_inputs import inputs_markdown, write_inputs
from ._report_sobol import write_sobol_indices
from ._reproduce import precision_settings, reproduce_command
from ._xlsx import provenance, write_workbook
from .attribution import attribution_sentence
from .scenario import scenario_file
from .sensitivity import SensitivityIndices
from .simulation import Result
from .value_of_information import value_of_information_sentences

__all__ = [
    "FORMATS",
    "MANIFEST",
    "check_destination",
    "report",
    "savings_threshold",
    "summary_text",
    "tail_sentence",
    "write_folder",
    "yearly_saving",
]

#: The charts of a report: file stem → name of the ``result.plot`` method.
CHARTS = (
    "savings",
    "exceedance",
    "tornado",
    "breakdown",
    "cumulative",
    "attribution",
    "value_of_information",
)


#: The charts that rank uncertain inputs, left out of a report whose scenario has none.
INPUT_CHARTS = ("tornado", "value_of_information")


def report_charts(result: Result) -> tuple[str, ...]:
    """The charts of ``result``'s report: :data:`CHARTS`, less :data:`INPUT_CHARTS` when no
    input of its scenario is uncertain (there is nothing for them to rank)."""
    if result.scenario.inputs().height:
        return CHARTS
    return tuple(c for c in CHARTS if c not in INPUT_CHARTS)


def _above_text(output: str, amount: str) -> str:
    """The words after "Probability of" for a threshold on ``output``."""
    if output == "savings":
        return f"saving more than {amount} in total"
    if output == "savings_per_year":
        return f"saving more than {amount} a year"
    return f"{label(output)} above {amount}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: A tail driver is named only when it sits this many standard errors from the 50th
#: percentile: beyond ±3, chance is an unlikely explanation.
TAIL_Z = 3.0
#: A runner-up is named beside the tail driver when its distance from the 50th percentile
#: is at least this share of the driver's.
CLOSE = 0.9


def tail_sentence(
    result: Result, output: str = "savings", q: float = 0.95, markdown: bool = True
) -> str:
    """One sentence naming the input that carries the upper tail of ``output`` (see
    :meth:`Result.tail_drivers`), or saying that none stands out; empty when the output
    never changes. ``markdown`` puts the input's name in bold."""
    table = result.tail_drivers(output, q)
    if table.height == 0 or table["tail_percentile"][0] is None:
        return ""
    top = table.row(0, named=True)
    share = f"{1 - q:.0%}"
    what = label(output)
    where = (
        f"in the {share} of trials with the highest {what} (at or above "
        f"{statistic_text(top['cutoff'], output, result.currency)})"
    )
    if abs(top["z"]) < TAIL_Z:
        return (
            f"No single input carries the upper tail of {what}: {where}, every input sits "
            f"within {TAIL_Z:g} standard errors of its usual 50th percentile."
        )
    bold = "**" if markdown else ""

    def named(row: dict[str, Any]) -> str:
        side = "" if row["tail_percentile"] > 0.5 else "low values of "
        return f"{side}{bold}{row['label']}{bold}"

    def pct(row: dict[str, Any]) -> str:
        return _ordinal(min(99, max(1, round(100 * row["tail_percentile"]))))

    # A runner-up almost as far from the 50th percentile shares the tail: say so.
    second = table.row(1, named=True) if table.height > 1 else None
    if (
        second is not None
        and second["tail_percentile"] is not None
        and abs(second["z"]) >= TAIL_Z
        and abs(second["tail_percentile"] - 0.5) >= CLOSE * abs(top["tail_percentile"] - 0.5)
    ):
        return (
            f"The upper tail of {what} is carried mostly by {named(top)}, closely followed "
            f"by {named(second)}: {where}, they sit on average at their {pct(top)} and "
            f"{pct(second)} percentiles (50th over all trials)."
        )
    return (
        f"The upper tail of {what} is carried mostly by {named(top)}: {where}, it sits on "
        f"average at its {pct(top)} percentile (50th over all trials)."
    )


def yearly_saving(result: Result) -> dict[str, Any]:
    """The core's summary row of ``savings_per_year`` (``p50``, ``p5``, ``p95``, ``mean``,
    ...), with ``prob_above`` the probability of a yearly saving above zero."""
    table = result.summary(0.0, "savings_per_year")
    row: dict[str, Any] = table.filter(pl.col("output") == "savings_per_year").row(0, named=True)
    return row


def summary_text(result: Result, threshold: float = 0.0, threshold_output: str = "savings") -> str:
    """The key numbers of a result in words, as Markdown: the median and the 90% interval
    first, the mean beside them, and the inputs that matter most and that carry the tail;
    with a non-zero ``threshold``, the probability that ``threshold_output`` exceeds it."""
    cur = result.currency
    years = result.horizon_years
    yearly = yearly_saving(result)
    p5, p50, p95 = yearly["p5"], yearly["p50"], yearly["p95"]
    table = result.summary(threshold, threshold_output)
    s = table.filter(pl.col("output") == "savings").row(0, named=True)
    above = table.filter(pl.col("output") == threshold_output).row(0, named=True)["prob_above"]
    p_any = yearly["prob_above"]
    sens = result.sensitivity("savings")
    top = sens.row(0, named=True) if sens.height else None
    alt, base = result.alternative, result.baseline
    name = result.scenario.name or "the scenario"
    lines = [
        f"# {name}: {alt} compared with {base}",
        "",
        (
            f"**{alt.capitalize()} saves {money(p50, cur)} a year** at the median compared "
            f"with {base} (90% interval {money(p5, cur)} to {money(p95, cur)} a year; mean "
            f"{money(yearly['mean'], cur)})."
        ),
        "",
        (
            f"Over {years} year{'s' if years != 1 else ''} the total saving is "
            f"{money(s['p50'], cur)} at the median (present value; 90% interval "
            f"{money(s['p5'], cur)} to {money(s['p95'], cur)}; mean {money(s['mean'], cur)})."
        ),
        "",
        f"Probability of saving anything: {percent(p_any)}.",
    ]
    if threshold:
        lines.append(
            f"Probability of {_above_text(threshold_output, money(threshold, cur))}: "
            f"{percent(above)}."
        )
    if top is not None and top["swing"] is not None:
        # No rank correlation when the savings do not vary (one trial, or constant).
        rank = "" if top["spearman"] is None else f" (Spearman {top['spearman']:+.2f})"
        lines += [
            "",
            (
                f"The input that matters most: **{top['label']}** — savings "
                f"average {money(top['low_mean'], cur)} when it is in its lowest decile and "
                f"{money(top['high_mean'], cur)} in its highest{rank}."
            ),
        ]
    tail = tail_sentence(result)
    if tail:
        lines += ["", tail]
    if (correlated := correlation_sentence(result)) is not None:
        lines += ["", correlated]
    lines += ["", attribution_sentence(result)]
    for sentence in value_of_information_sentences(result):
        lines += ["", sentence]
    if len(report_charts(result)) < len(CHARTS):
        lines += [
            "",
            "No input is uncertain, so there is no tornado or value-of-information chart: "
            "they rank inputs.",
        ]
    # One trial has no standard error (the summary's se is null), not one of 0.
    trials = f"{result.n_trials:,} {'trial' if result.n_trials == 1 else 'trials'}"
    se = "none from one trial" if s["se"] is None else money(s["se"], cur)
    lines += ["", f"Standard error of the mean saving: {se} ({trials})."]
    if result.precision_reached is not None:
        lines += ["", result.precision_reached]
    lines += [
        "",
        "## Reproduce",
        "",
        f"repave-cost {result.version}, seed {result.seed}, {result.n_trials:,} trials, "
        f"method `{result.method}`; the scenario is in `scenario.toml`:",
        "",
        "```",
        reproduce_command(result, threshold, threshold_output),
        "```",
        "",
    ]
    return "\n".join(lines)


def savings_threshold(result: Result, threshold: float, threshold_output: str) -> float | None:
    """The threshold as an amount of savings over the horizon, for charts of savings: the
    threshold itself on ``savings``, times the horizon on ``savings_per_year`` (the same
    trials exceed both), ``None`` on any other output."""
    if threshold_output == "savings":
        return threshold
    if threshold_output == "savings_per_year":
        return threshold * result.horizon_years
    return None


def report(
    result: Result,
    out_dir: str | os.PathLike[str],
    formats: Iterable[str] = FORMATS,
    overwrite: bool = False,
    threshold: float = 0.0,
    threshold_output: str = "savings",
    workbook: bool = True,
    page: bool = True,
    sobol_indices: SensitivityIndices | None = None,
) -> Path:
    """Write a complete report of ``result`` into ``out_dir`` and return its path.

    ``threshold`` is an amount of ``threshold_output`` (``"savings"`` over the horizon by
    default, ``"savings_per_year"``, ``"NAME.total"``): the summary gives the probability
    of exceeding it, and the savings histogram marks a threshold on savings (a yearly one
    at that amount times the horizon, see :func:`savings_threshold`); a ``"NAME.total"``
    threshold is not on the savings axis, so the histogram then marks none.

    The folder receives every chart in each of ``formats`` (``savings``, ``exceedance``,
    ``tornado``, ``breakdown``, ``cumulative``, ``attribution``, ``value_of_information``;
    the tornado and value-of-information charts only when an input is uncertain, for they
    rank inputs), ``summary.md`` (the key numbers in words, then every uncertain input with what it
    implies), ``inputs.csv`` (those inputs, see
    :meth:`Scenario.inputs`), ``summary.csv``, ``breakdown.csv``, ``labour.csv``,
    ``sensitivity.csv``, ``trials.parquet`` (with the provenance and the scenario in its file
    metadata), ``scenario.toml`` (to repeat the run: the file the scenario was read from,
    comments included, or for a scenario built in code its generated TOML), ``run.json``
    (provenance: version, seed, trials, method, the precision settings of a
    precision-controlled run, and the ``command`` that repeats the run), ``report.xlsx``
    (with ``workbook``: every table, the inputs, the scenario, the provenance and the
    charts, for Excel), ``report.html`` (with ``page``:
    one self-contained page with the key sentences, the charts as inline SVG, the tables,
    the inputs and the provenance, which prints as a memo) and ``manifest.json`` (the list
    of files written, by which a later ``overwrite`` recognises the report).

    ``sobol_indices`` (a :class:`~repave_cost.SensitivityIndices` from
    :func:`~repave_cost.sensitivity_indices`, on request) adds ``sobol_indices.csv``, its
    chart in each format and a paragraph in ``summary.md``.

    ``out_dir`` may be missing (it is created), empty, or hold an earlier report and
    nothing else; with ``overwrite=True`` only the earlier report's own files are replaced.
    Every file and folder is created with the permissions of the process's umask.

    Raises
    ------
    FileExistsError
        ``out_dir`` is a file, holds files that are not an earlier report's (whatever
        ``overwrite`` says), or holds an earlier report and ``overwrite`` is false.
    PermissionError
        ``out_dir`` cannot be created or written into.
    """
    if not isinstance(result, Result):
        raise TypeError(f"result must be a Result from simulate(), got {type(result).__name__}")
    fmts = chart_formats(formats)
    workbook, page = v.flag("workbook", workbook), v.flag("page", page)
    if sobol_indices is not None and not isinstance(sobol_indices, SensitivityIndices):
        raise TypeError(
            "sobol_indices must be a SensitivityIndices from rc.sensitivity_indices(), "
            f"got {type(sobol_indices).__name__}"
        )
    result.summary(threshold, threshold_output)  # a bad threshold fails before any file
    return write_folder(
        out_dir,
        lambda folder: _write_all(
            result, folder, fmts, threshold, threshold_output, workbook, page, sobol_indices
        ),
        overwrite,
    )


def parquet_metadata(result: Result) -> dict[str, str]:
    """The provenance written into ``trials.parquet``'s file metadata: the keys the charts
    carry (``repave-cost:version``, ``:seed``, ``:trials``, ``:method``, ``:scenario``, the
    scenario hash; for a precision-controlled run ``:precision``, every setting of its
    precision) and ``repave-cost:scenario_toml``, the scenario itself."""
    meta = {
        "repave-cost:software": "repave-cost",
        "repave-cost:version": result.version,
        "repave-cost:seed": str(result.seed),
        "repave-cost:trials": str(result.n_trials),
        "repave-cost:method": result.method,
        "repave-cost:scenario": result.scenario_hash,
        "repave-cost:scenario_toml": result.scenario.to_toml(),
    }
    if result._convergence is not None:
        meta["repave-cost:precision"] = result._convergence.settings_text
    return meta


def _write_all(
    result: Result,
    folder: Path,
    formats: tuple[str, ...],
    threshold: float,
    threshold_output: str,
    workbook: bool = True,
    page: bool = True,
    sobol_indices: SensitivityIndices | None = None,
) -> None:
    on_savings = savings_threshold(result, threshold, threshold_output)
    # Each chart is drawn once per format: its file, read back for the workbook (PNG)
    # and the page (SVG), or drawn for them alone when its files are in other formats.
    drawn: dict[str, dict[str, bytes]] = {}
    charts = report_charts(result)
    for chart in charts:
        method = getattr(result.plot, chart)
        # The savings chart always shows its threshold (0: "saves anything"); the
        # exceedance chart marks one only when it was asked for.
        marked = on_savings is not None and (
            chart == "savings" or (chart == "exceedance" and threshold)
        )
        figure = method(threshold=on_savings) if marked else method()
        drawn[chart] = {}
        for fmt in formats:
            drawn[chart][fmt] = figure.save(folder / f"{chart}.{fmt}").read_bytes()
        if workbook and "png" not in drawn[chart]:
            drawn[chart]["png"] = figure.to_png()
        if page and "svg" not in drawn[chart]:
            drawn[chart]["svg"] = figure.to_svg().encode("utf-8")
    text = summary_text(result, threshold, threshold_output)
    (folder / "summary.md").write_text(text + inputs_markdown(result.scenario), encoding="utf-8")
    write_inputs(result.scenario, folder)
    result.summary(threshold, threshold_output).write_csv(folder / "summary.csv")
    result.breakdown().write_csv(folder / "breakdown.csv")
    result.labour().write_csv(folder / "labour.csv")
    result.sensitivity("savings").write_csv(folder / "sensitivity.csv")
    result.trials.write_parquet(folder / "trials.parquet", metadata=parquet_metadata(result))
    (folder / "scenario.toml").write_text(scenario_file(result.scenario), encoding="utf-8")
    run = {
        "library": "repave-cost",
        "version": result.version,
        "seed": result.seed,
        "trials": result.n_trials,
        "method": result.method,
        "precision": precision_settings(result),
        "command": reproduce_command(result, threshold, threshold_output),
        "threshold": threshold,
        "threshold_output": threshold_output,
        "scenario_hash": result.scenario_hash,
    }
    (folder / "run.json").write_text(json.dumps(run, indent=2) + "\n", encoding="utf-8")
    inputs = result.scenario.inputs() if workbook or page else None
    if workbook:
        png = [(chart, drawn[chart]["png"]) for chart in charts]
        write_workbook(result, folder / "report.xlsx", threshold, threshold_output, png, inputs)
    if page:
        svg = [(chart, drawn[chart]["svg"].decode("utf-8")) for chart in charts]
        facts = provenance(result, threshold, threshold_output)
        body = page_html(result, text, svg, facts, threshold, threshold_output, inputs)
        (folder / "report.html").write_text(body, encoding="utf-8")
    if sobol_indices is not None:
        write_sobol_indices(sobol_indices, folder, formats)
