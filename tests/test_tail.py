"""Which input carries the upper tail of an output (``Result.tail_drivers``) and the
median-first summaries: against an independent numpy/scipy computation and against
scenarios whose answer is known by construction."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import activity, scenario
from repave_cost.report import tail_sentence
from scipy import stats

#: The summary columns, median and 90% interval first.
SUMMARY_ORDER = ["p50", "p5", "p95", "mean", "sd", "se", "p10", "p90", "min", "max",
                 "prob_above", "count"]  # fmt: skip


def expected_tail(result: rc.Result, output: str, q: float) -> dict[str, dict[str, float]]:
    """The tail scores computed from the trials with numpy and scipy alone."""
    trials = result.trials
    y = trials[output].to_numpy()
    cutoff = np.quantile(y, q)  # numpy's default linear interpolation
    tail = y >= cutoff
    n, m = y.size, int(tail.sum())
    out = {}
    for name in trials.columns:
        if name in result.outputs or name == "payback_year":
            continue
        x = trials[name].to_numpy()
        u = (stats.rankdata(x, method="average") - 0.5) / n
        var = np.mean((u - 0.5) ** 2)
        if var == 0:
            continue
        se = np.sqrt(var / m * (n - m) / (n - 1))
        out[name] = {
            "tail_percentile": float(u[tail].mean()),
            "z": float((u[tail].mean() - 0.5) / se),
            "tail_mean": float(x[tail].mean()),
            "mean": float(x.mean()),
            "cutoff": float(cutoff),
            "tail_trials": m,
        }
    return out


@pytest.mark.parametrize(
    ("preset", "output", "q"),
    [("customer_repave", "savings", 0.95), ("fleet", "repave.total", 0.9)],
)
def test_tail_drivers_match_an_independent_computation(preset: str, output: str, q: float) -> None:
    result = rc.simulate(preset, trials=4_000, seed=8, progress=False)
    got = result.tail_drivers(output, q)
    want = expected_tail(result, output, q)
    assert set(got["input"]) == set(want)
    for row in got.iter_rows(named=True):
        exp = want[row["input"]]
        for key, value in exp.items():
            assert row[key] == pytest.approx(value, rel=1e-9, abs=1e-12), (row["input"], key)
    distance = [abs(p - 0.5) for p in got["tail_percentile"].to_list()]
    assert distance == sorted(distance, reverse=True)


def bulk_and_rare_hit(rare_side: str) -> dict[str, Any]:
    """Savings = a broad uniform bulk ± a rare $1,000 outage (4% of trials).

    With the outage in the baseline it makes savings' upper tail; in the alternative its
    *absence* (its low value) does, as the alternative then costs $1,000 less."""
    work = activity("work", "once", cost={"dist": "uniform", "low": 0, "high": 100})
    outage = activity(
        "outage", "once", cost={"dist": "discrete", "values": [0, 1000], "weights": [0.96, 0.04]}
    )
    if rare_side == "baseline":
        return scenario([work, outage], [])
    hit = {**outage, "cost": {"dist": "discrete", "values": [0, 1000], "weights": [0.04, 0.96]}}
    return scenario([work], [hit])


def test_the_rare_hit_carries_the_tail_while_the_bulk_matters_most_overall(
    tmp_path: Path,
) -> None:
    result = rc.simulate(bulk_and_rare_hit("baseline"), trials=20_000, seed=3, progress=False)
    tail = result.tail_drivers("savings")
    assert tail["input"][0] == "strategies.base.outage.cost"
    # By construction the top 5% of savings holds every outage (4% of trials) and the
    # highest 1% of the bulk: the outage's mid-ranks are 0.98 there, 0.48 elsewhere.
    hits = np.mean(result.trials["strategies.base.outage.cost"].to_numpy() > 0)
    share = hits / 0.05
    assert tail["tail_percentile"][0] == pytest.approx(
        share * (1 - hits / 2) + (1 - share) * (1 - hits) / 2, abs=1e-3
    )
    assert tail["z"][0] > 10
    # Spearman and the tornado put the bulk first: the two questions differ.
    assert result.sensitivity("savings")["input"][0] == "strategies.base.work.cost"
    md = (rc.report(result, tmp_path / "r", formats=("svg",)) / "summary.md").read_text("utf-8")
    pct = round(100 * tail["tail_percentile"][0])
    sentence = re.search(
        r"The upper tail of savings is carried mostly by \*\*Outage \(base\): direct cost\*\*: "
        r"in the 5% "
        r"of trials with the highest savings \(at or above (\S+)\), it sits on average at its "
        r"(\d+)\w\w percentile \(50th over all trials\)\.",
        md,
    )
    assert sentence, md
    assert sentence.group(2) == str(pct)
    cutoff = np.quantile(result.trials["savings"].to_numpy(), 0.95)
    assert sentence.group(1) == rc._core.format_money(float(cutoff), "USD")


def test_low_values_can_carry_the_tail() -> None:
    result = rc.simulate(bulk_and_rare_hit("alternative"), trials=20_000, seed=4, progress=False)
    tail = result.tail_drivers("savings")
    assert tail["input"][0] == "strategies.alt.outage.cost"
    # 4% of trials without the outage (percentile 0.02) make 80% of the tail: about 0.12
    assert tail["tail_percentile"][0] < 0.2 and tail["z"][0] < -10
    assert "carried mostly by low values of **Outage (alt): direct cost**" in tail_sentence(result)


def test_two_inputs_that_share_the_tail_are_both_named() -> None:
    # Savings = a + b with a and b alike: both sit equally high in the tail.
    same = {"dist": "uniform", "low": 0, "high": 100}
    data = scenario([activity("a", "once", cost=same), activity("b", "once", cost=same)])
    result = rc.simulate(data, trials=20_000, seed=6, progress=False)
    tail = result.tail_drivers("savings")
    suffix = {1: "st", 2: "nd", 3: "rd"}
    pcts = [
        f"{n}{'th' if 10 <= n % 100 <= 20 else suffix.get(n % 10, 'th')}"
        for n in (round(100 * p) for p in tail["tail_percentile"])
    ]
    first, second = tail["label"]
    assert sorted(tail["label"]) == ["A (base): direct cost", "B (base): direct cost"]
    assert tail_sentence(result, markdown=False) == (
        f"The upper tail of savings is carried mostly by {first}, closely followed by "
        f"{second}: in the 5% of trials with the highest savings (at or above "
        f"{rc._core.format_money(tail['cutoff'][0], 'USD')}), they sit on average at their "
        f"{pcts[0]} and {pcts[1]} percentiles (50th over all trials)."
    )
    # the rare hit, by contrast, carries the tail alone
    alone = rc.simulate(bulk_and_rare_hit("baseline"), trials=20_000, seed=3, progress=False)
    assert "closely followed" not in tail_sentence(alone)


def test_no_input_stands_out_when_the_tail_comes_from_event_counts() -> None:
    # Savings come from Poisson failure counts alone; the one uncertain input is a
    # negligible cost, unrelated to the tail.
    data = scenario(
        [
            activity("fail", "per_node", probability=0.5, cost=1000),
            activity("noise", "once", cost={"dist": "uniform", "low": 0, "high": 1e-6}),
        ],
        nodes=20,
    )
    result = rc.simulate(data, trials=5_000, seed=2, progress=False)
    tail = result.tail_drivers("savings")
    assert tail.height == 1 and abs(tail["z"][0]) < 3
    assert tail_sentence(result).startswith("No single input carries the upper tail of savings")


def test_constant_inputs_come_last_with_nulls_and_bad_arguments_raise() -> None:
    data = scenario(
        [activity("work", "once", cost={"dist": "uniform", "low": 0, "high": 10})],
        parameters={"same": {"dist": "discrete", "values": [5], "weights": [1]}},
    )
    data["strategies"]["alt"]["activities"] = [activity("flat", "once", cost="same")]
    result = rc.simulate(data, trials=500, progress=False)
    tail = result.tail_drivers("savings")
    assert tail["input"].to_list()[-1] == "same"
    assert tail.row(-1, named=True)["tail_percentile"] is None
    for q in (0.0, 1.0, -0.5, 1.5, float("nan")):
        with pytest.raises(rc.ScenarioError, match="q must"):
            result.tail_drivers("savings", q)
    with pytest.raises(rc.ScenarioError, match="no_such_output"):
        result.tail_drivers("no_such_output")
    with pytest.raises(TypeError):
        result.tail_drivers(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        result.tail_drivers("savings", "0.9")  # type: ignore[arg-type]
    # one trial: the tail is every trial, so no input can stand out
    one = rc.simulate(data, trials=1, progress=False)
    assert one.tail_drivers()["tail_percentile"].to_list() == [None, None]
    assert tail_sentence(one) == ""


# ---------------------------------------------------------------- median first


def test_summaries_lead_with_the_median_and_the_interval() -> None:
    result = rc.simulate("fleet", trials=300, progress=False)
    assert result.summary().columns == ["output", *SUMMARY_ORDER]
    sw = rc.sweep("fleet", {"fleet.nodes": [10, 20]}, trials=50, progress=False)
    assert sw.table.columns == ["fleet.nodes", "output", *SUMMARY_ORDER, "prob_over_capacity"]
    assert list(rc.summarize([1.0, 2.0, 4.0])) == SUMMARY_ORDER
    html = result._repr_html_()
    heads = re.findall(r"<th>([^<]*)</th>", html)
    assert heads == ["output", "median", "p5", "p95", "mean", "P(&gt; 0)"]
    # the columns hold what their names say
    s = result.trials["savings"].to_numpy()
    row = result.summary().filter(pl.col("output") == "savings").row(0, named=True)
    assert (row["p50"], row["p5"], row["p95"]) == tuple(np.quantile(s, [0.5, 0.05, 0.95]))
