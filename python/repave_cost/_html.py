"""HTML summaries for Jupyter (``_repr_html_``)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ._format import format_money, percent
from ._outputs import label, statistic_text

if TYPE_CHECKING:
    from ._types import ResultView, SweepView


def _money(value: Any, currency: str) -> str:
    return "" if value is None else html.escape(format_money(float(value), currency))


def _amount(value: Any, output: str, currency: str) -> str:
    """A statistic of ``output`` written as its declared kind (money, FTE, year)."""
    return "" if value is None else html.escape(statistic_text(float(value), output, currency))


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def summary_html(result: ResultView) -> str:
    """A compact table of each output's median, 90% interval, mean and P(> 0), with
    provenance."""
    cur = result.currency
    rows = [
        [
            html.escape(r["output"]),
            _amount(r["p50"], r["output"], cur),
            _amount(r["p5"], r["output"], cur),
            _amount(r["p95"], r["output"], cur),
            _amount(r["mean"], r["output"], cur),
            percent(r["prob_above"]),
        ]
        for r in result.summary(0.0).iter_rows(named=True)
    ]
    title = html.escape(
        f"{result.scenario.name or 'scenario'}: {result.alternative} vs {result.baseline}"
    )
    meta = html.escape(
        f"{result.n_trials:,} trials · seed {result.seed} · {result.method} · "
        f"horizon {result.horizon_years} years · repave-cost {result.version} · "
        f"scenario {result.scenario_hash[:8]}"
    )
    table = _table(["output", "median", "p5", "p95", "mean", "P(> 0)"], rows)
    return f"<div><strong>{title}</strong>{table}<small>{meta}</small></div>"


def sweep_html(sweep: SweepView) -> str:
    """The savings rows of a sweep: grid values, median, 90% interval, mean and
    P(> threshold)."""
    cur = sweep.currency
    paths = list(sweep.grid)
    # P(> threshold) comes from the threshold's output, point by point (same order).
    above = sweep.output(sweep.threshold_output)["prob_above"].to_list()
    rows = [
        [html.escape(str(r[p])) for p in paths]
        + [
            _money(r["p50"], cur),
            f"{_money(r['p5'], cur)} – {_money(r['p95'], cur)}",
            _money(r["mean"], cur),
            percent(prob),
        ]
        for r, prob in zip(sweep.output("savings").iter_rows(named=True), above)
    ]
    threshold = html.escape(format_money(sweep.threshold, cur))
    on = "" if sweep.threshold_output == "savings" else f"{label(sweep.threshold_output)} "
    headers = [*paths, "median savings", "90% interval", "mean", f"P({on}> {threshold})"]
    meta = html.escape(
        f"{sweep.n_trials:,} trials per point · seed {sweep.seed} · {sweep.method} · "
        f"repave-cost {sweep.version}"
    )
    return f"<div>{_table(headers, rows)}<small>{meta}</small></div>"
