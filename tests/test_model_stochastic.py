"""Stochastic scenarios against independent numpy computations (4 standard errors), and the
model's structural properties: common random numbers, stable input streams, determinism,
summaries and sensitivity."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import (
    STOP_WITHIN,
    activity,
    assert_mean_within,
    close,
    interrupt_once_started,
    result_hash,
    role,
    scenario,
    trials_lasting,
)
from scipy import stats

TRIALS = 20_000


def run(data: Any, trials: int = TRIALS, seed: int = 0, method: str = "random") -> rc.Result:
    return rc.simulate(data, trials=trials, seed=seed, method=method, progress=False)


def col(result: rc.Result, name: str) -> np.ndarray:
    return result.trials[name].to_numpy()


def pert_mean(low: float, mode: float, high: float, lam: float = 4.0) -> float:
    return (low + lam * mode + high) / (lam + 2)


def pert_draws(
    rng: np.random.Generator, low: float, mode: float, high: float, n: int
) -> np.ndarray:
    a = 1 + 4 * (mode - low) / (high - low)
    b = 1 + 4 * (high - mode) / (high - low)
    return low + (high - low) * rng.beta(a, b, n)


# --- uncertain inputs through the overflow formula ----------------------------------------------


def overflow_scenario() -> dict[str, Any]:
    staff = {
        "sre": role(
            rate=rc.pert(60, 90, 150).to_dict(),
            headcount=1,
            hours_per_year=1800,
            available_share=0.5,
            overflow_multiplier=1.5,
        )
    }
    return scenario(
        [
            activity(
                "rebuild",
                "per_node",
                cycles_per_year=12,
                hours={"dist": "lognormal", "mu": math.log(1.5), "sigma": 0.5},
                role="sre",
            ),
            activity("spares", "yearly", cost={"dist": "lognormal_ci90", "p5": 100, "p95": 900}),
        ],
        staffing=staff,
        nodes=50,
        horizon=2,
        discount=0.05,
    )


def overflow_labour(rate: np.ndarray, hours: np.ndarray) -> np.ndarray:
    """Yearly labour cost: 600 rebuild-hours per hour of H against a 900 h capacity."""
    load = 50 * 12 * hours
    return rate * (np.minimum(load, 900.0) + 1.5 * np.maximum(load - 900.0, 0.0))


def test_overflow_with_pert_and_lognormal_inputs_matches_numpy(rng: np.random.Generator) -> None:
    r = run(overflow_scenario())
    pv = 1 / 1.05 + 1 / 1.05**2

    # Independent Monte Carlo: rate and hours are independent, so E[total] =
    # pv × (E[rate] E[g(H)] + E[cost]); E[rate] (PERT) and E[cost] (lognormal) are exact.
    h = rng.lognormal(math.log(1.5), 0.5, 1_000_000)
    g = 50 * 12 * h
    g = np.minimum(g, 900.0) + 1.5 * np.maximum(g - 900.0, 0.0)
    e_rate = pert_mean(60, 90, 150)
    sigma = (math.log(900) - math.log(100)) / (2 * 1.6448536269514722)
    e_cost = math.exp((math.log(100) + math.log(900)) / 2 + sigma**2 / 2)
    expected = pv * (e_rate * g.mean() + e_cost)
    extra_se = pv * e_rate * g.std(ddof=1) / math.sqrt(g.size)
    assert_mean_within(col(r, "savings"), expected, extra_se)

    # Trial by trial, from the drawn inputs: the overflow formula exactly.
    rate = col(r, "staffing.sre.rate")
    hours = col(r, "strategies.base.rebuild.hours")
    cost = col(r, "strategies.base.spares.cost")
    want = pv * (overflow_labour(rate, hours) + cost)
    np.testing.assert_allclose(col(r, "base.total"), want, rtol=1e-9)
    # Both regimes occur, so the test exercises the kink (cap reached at H = 1.5).
    assert 0.2 < (hours > 1.5).mean() < 0.8


def test_input_columns_follow_their_distributions() -> None:
    r = run(overflow_scenario())
    rate = col(r, "staffing.sre.rate")
    assert rate.min() >= 60 and rate.max() <= 150
    a, b = 1 + 4 * 30 / 90, 1 + 4 * 60 / 90
    ks = stats.kstest((rate - 60) / 90, stats.beta(a, b).cdf)
    assert ks.pvalue > 1e-4, ks
    hours = col(r, "strategies.base.rebuild.hours")
    ks = stats.kstest(np.log(hours), stats.norm(math.log(1.5), 0.5).cdf)
    assert ks.pvalue > 1e-4, ks
    cost = col(r, "strategies.base.spares.cost")
    assert abs(np.mean(cost < 100) - 0.05) < 4 * math.sqrt(0.05 * 0.95 / cost.size)
    assert abs(np.mean(cost > 900) - 0.05) < 4 * math.sqrt(0.05 * 0.95 / cost.size)


def test_fte_and_prob_over_capacity_match_the_draws() -> None:
    r = run(overflow_scenario())
    hours = col(r, "strategies.base.rebuild.hours")
    lab = r.labour().filter(pl.col("year") == 1).row(0, named=True)
    assert close(lab["mean_hours"], float(np.mean(600 * hours)), 1e-9)
    assert close(lab["mean_fte"], float(np.mean(600 * hours / 1800)), 1e-9)
    assert lab["prob_over_capacity"] == np.mean(600 * hours > 900)


# --- random events ------------------------------------------------------------------------------


def test_poisson_events_on_a_per_node_activity() -> None:
    # units = 100 nodes × 12 = 1,200 a year; p = 0.05 → n ~ Poisson(60) per year, 3 years.
    data = scenario(
        [activity("fix", "per_node", cycles_per_year=12, probability=0.05, hours=2, role="sre")],
        nodes=100,
        horizon=3,
    )
    r = run(data)
    events = col(r, "base.total") / (2 * 100)
    np.testing.assert_array_equal(events, np.round(events))  # whole events only
    assert_mean_within(events, 3 * 1200 * 0.05)
    # A sum of Poisson counts is Poisson: variance = mean (4 SE of the sample variance).
    dev2 = (events - events.mean()) ** 2
    assert abs(events.var(ddof=1) - 180.0) <= 4 * dev2.std(ddof=1) / math.sqrt(events.size)
    # No probability column: the probability is fixed.
    assert not any("probability" in c for c in r.trials.columns)


def test_poisson_events_with_uncertain_probability_and_growth() -> None:
    # p ~ Beta(2, 8), E[p] = 0.2; services 10 growing 50%: units 10 × 4 then 15 × 4.
    data = scenario(
        [
            activity(
                "rollback",
                "per_service",
                cycles_per_year=4,
                probability={"dist": "beta", "alpha": 2, "beta": 8},
                cost=1,
            )
        ],
        services=10,
        growth=0.5,
        horizon=2,
    )
    r = run(data)
    p = col(r, "strategies.base.rollback.probability")
    assert_mean_within(p, 0.2)
    total = col(r, "base.total")
    assert_mean_within(total, (40 + 60) * 0.2)
    # Conditional on p, E[n] = 100 p: regress the counts on the drawn p.
    slope = np.sum(total * p) / np.sum(p * p)
    resid = total - slope * p
    se_slope = resid.std(ddof=1) / math.sqrt(np.sum(p * p))
    assert abs(slope - 100.0) <= 4 * se_slope


def test_bernoulli_event_on_a_once_activity() -> None:
    data = scenario([activity("maybe build", "once", probability=0.3, hours=10, role="sre")])
    r = run(data)
    one_time = col(r, "base.one_time")
    assert set(np.unique(one_time)) == {0.0, 1000.0}
    assert_mean_within(one_time, 0.3 * 1000)


def test_events_are_drawn_per_year() -> None:
    # A yearly event with p = 0.5 over 4 years: Poisson(0.5) each year, Poisson(2) in all.
    data = scenario([activity("incident", "yearly", probability=0.5, cost=1)], horizon=4)
    r = run(data)
    total = col(r, "base.total")
    assert_mean_within(total, 2.0)
    assert abs(np.mean(total == 0) - math.exp(-2)) < 4 * math.sqrt(
        math.exp(-2) * (1 - math.exp(-2)) / total.size
    )


@pytest.mark.parametrize("nodes", [1e12, 1e19, 1e20, 1e25])
def test_huge_event_counts_keep_their_mean(nodes: float) -> None:
    # n ~ Poisson(nodes × 0.5): relative spread 1/sqrt(λ) ≤ 1.5e-6, so n/λ ≈ 1 in every trial.
    # (Above the sampler's limit of about 1.8e19 events used to vanish: n was 0.)
    data = scenario([activity("ev", "per_node", probability=0.5, cost=1)], nodes=nodes)
    total = col(run(data, trials=50), "base.total")
    np.testing.assert_allclose(total, nodes * 0.5, rtol=1e-5)


@pytest.mark.parametrize("method", ["random", "lhs"])
def test_extreme_but_valid_distributions_give_finite_draws(method: str) -> None:
    # A U-shaped beta with tiny shapes used to draw NaN (0/0 of two underflowed gammas).
    params = {"u_shape": {"dist": "beta", "alpha": 1e-5, "beta": 1e-5}}
    r = run(scenario([activity("u", "yearly", cost="u_shape")], parameters=params), 4000, 0, method)
    u = col(r, "u_shape")
    assert np.all((u >= 0) & (u <= 1))
    assert_mean_within(u, 0.5)
    assert np.all(np.isfinite(col(r, "savings")))
    # The quantile of a Poisson with a mean of 1e10 or more panicked (LHS). Such quantiles
    # are slow (~20 ms each), hence few trials.
    params = {
        "many": {"dist": "poisson", "mean": 1e10},
        "spike": {"dist": "gamma", "shape": 1e10, "scale": 1e-10},
    }
    acts = [activity(k, "yearly", cost=k) for k in params]
    r = run(scenario(acts, parameters=params), trials=40, method=method)
    assert np.all(np.abs(col(r, "many") - 1e10) < 10 * 1e5)
    assert np.all(np.abs(col(r, "spike") - 1) < 1e-4)
    assert np.all(np.isfinite(col(r, "savings")))


# --- common random numbers ----------------------------------------------------------------------


def test_parameter_shared_by_two_strategies() -> None:
    data = scenario(
        [activity("rebuild", "per_node", cycles_per_year=12, hours="rebuild_hours", role="sre")],
        [
            activity(
                "upgrade", "per_cluster", cycles_per_year=12, hours="rebuild_hours", role="sre"
            )
        ],  # fmt: skip
        nodes=10,
        clusters=2,
        horizon=2,
        parameters={"rebuild_hours": {"dist": "pert", "low": 1, "mode": 3, "high": 8}},
    )
    r = run(data)
    h = col(r, "rebuild_hours")
    assert [c for c in r.trials.columns if "hours" in c] == ["rebuild_hours"]
    # Same draw in both: savings = $100 × 2 years × (120 − 24) h × H, trial by trial.
    np.testing.assert_allclose(col(r, "savings"), 100 * 2 * 96 * h, rtol=1e-9)
    np.testing.assert_allclose(col(r, "base.total"), 100 * 2 * 120 * h, rtol=1e-9)
    np.testing.assert_allclose(col(r, "alt.total"), 100 * 2 * 24 * h, rtol=1e-9)
    assert_mean_within(col(r, "savings"), 100 * 2 * 96 * pert_mean(1, 3, 8))


def test_parameter_alias_is_the_same_draw() -> None:
    data = scenario(
        [activity("a", "yearly", cost="alias")],
        [activity("b", "yearly", cost="root")],
        parameters={"root": {"dist": "uniform", "low": 0, "high": 10}, "alias": "root"},
    )
    r = run(data, trials=1000)
    assert np.all(col(r, "savings") == 0.0)
    assert "root" in r.trials.columns


def test_identical_strategies_from_shared_parameters_save_exactly_zero() -> None:
    params = {
        "rate": {"dist": "pert", "low": 50, "mode": 80, "high": 200},
        "hours": {"dist": "lognormal_ci90", "p5": 0.5, "p95": 8},
        "f": {"dist": "uniform", "low": 1, "high": 24},
        "spend": {"dist": "gamma", "shape": 2, "scale": 50},
        "nodes": {"dist": "triangular", "low": 10, "mode": 50, "high": 400},
        "growth": {"dist": "normal", "mean": 0.1, "sd": 0.05, "low": 0, "high": 0.3},
    }
    acts = [
        activity("work", "per_node", cycles_per_year="f", hours="hours", role="sre", cost="spend"),
        activity("setup", "once", hours="hours", people=3, role="sre"),
        activity("meeting", "per_cycle", cycles_per_year="f", hours="hours", role="sre"),
    ]
    staff = {"sre": role(rate="rate", headcount=1, available_share=0.2)}
    data = scenario(
        acts, acts, staffing=staff, parameters=params, nodes="nodes", growth="growth", horizon=3,
        discount=0.03,
    )  # fmt: skip
    r = run(data, trials=10_000)
    savings = col(r, "savings")
    assert np.all(savings == 0.0), np.abs(savings).max()
    assert np.all(r.trials["payback_year"].to_numpy() == 0)
    assert col(r, "base.total").std() > 0  # the totals themselves do vary


# --- breakdown adds up --------------------------------------------------------------------------


@pytest.mark.parametrize("preset", ["fleet", "customer_repave", "vendor_initiative", "vm_fleet"])
def test_breakdown_means_add_up_to_mean_totals(preset: str) -> None:
    r = run(preset, trials=5000)
    bd = r.breakdown()
    summary = r.summary()
    for strat in r.scenario.strategies:
        parts = float(bd.filter(pl.col("strategy") == strat)["mean"].sum())
        total = float(col(r, f"{strat}.total").mean())
        mean = float(summary.filter(pl.col("output") == f"{strat}.total")["mean"][0])
        assert close(parts, total, 1e-9), (strat, parts, total)
        assert close(mean, total, 1e-9)


# --- stable input streams and determinism ---------------------------------------------------------


def fleet_dict() -> dict[str, Any]:
    return rc.Scenario.preset("fleet").to_dict()


@pytest.mark.parametrize("method", ["random", "lhs"])
def test_adding_an_unrelated_input_leaves_other_columns_bit_identical(method: str) -> None:
    before = run(fleet_dict(), trials=10_000, method=method).trials

    with_param = fleet_dict()
    with_param["parameters"]["zz_unrelated"] = {"dist": "uniform", "low": 0, "high": 1}
    with_param["parameters"]["aa_unrelated"] = {"dist": "uniform", "low": 4, "high": 6}
    # A parameter must be used by some field: each pays for a new activity.
    with_param["strategies"]["immutable"]["activities"] += [
        activity("new thing", "yearly", cost="zz_unrelated"),
        activity("other new thing", "yearly", cost="aa_unrelated"),
    ]
    with_inline = fleet_dict()
    with_inline["strategies"]["repave"]["activities"].append(
        activity("new thing", "yearly", cost={"dist": "uniform", "low": 0, "high": 1})
    )
    with_inline["fleet"]["services"] = {"dist": "triangular", "low": 30, "mode": 40, "high": 60}

    for changed, new_cols in [
        (with_param, {"zz_unrelated", "aa_unrelated"}),
        (with_inline, {"strategies.repave.new thing.cost", "fleet.services"}),
    ]:
        after = run(changed, trials=10_000, method=method).trials
        assert set(after.columns) - set(before.columns) == new_cols
        for name in before.columns:
            if name.endswith((".total", ".one_time")) or name.startswith(("savings", "payback")):
                continue
            assert after[name].to_numpy().tobytes() == before[name].to_numpy().tobytes(), name


@pytest.mark.parametrize("method", ["random", "lhs"])
def test_same_seed_gives_identical_trials(method: str) -> None:
    a = run("fleet", trials=9000, seed=7, method=method).trials
    b = run("fleet", trials=9000, seed=7, method=method).trials
    assert a.equals(b)
    c = run("fleet", trials=9000, seed=8, method=method).trials
    assert not c["savings"].equals(a["savings"])


def test_methods_use_different_streams() -> None:
    a = run("fleet", trials=1000, method="random").trials
    b = run("fleet", trials=1000, method="lhs").trials
    assert not np.array_equal(a["rate_sre"].to_numpy(), b["rate_sre"].to_numpy())


_HASH_SCRIPT = """
import sys
sys.path.insert(0, sys.argv[3])
import repave_cost as rc
from _helpers import result_hash
r = rc.simulate("fleet", trials=int(sys.argv[1]), seed=3, method=sys.argv[2], progress=False)
print(result_hash(r))
"""


def trials_hash_in_subprocess(threads: int, trials: int, method: str) -> str:
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    out = subprocess.run(
        [sys.executable, "-c", _HASH_SCRIPT, str(trials), method, str(Path(__file__).parent)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return out.stdout.strip()


@pytest.mark.parametrize("method", ["random", "lhs"])
def test_thread_count_does_not_change_results(method: str) -> None:
    one = trials_hash_in_subprocess(1, 50_000, method)
    two = trials_hash_in_subprocess(2, 50_000, method)
    assert len(one) == 64
    assert one == two
    # And the in-process run (default threads) agrees too.
    assert result_hash(run("fleet", trials=50_000, seed=3, method=method)) == one


def detail_seconds_per_trial(trials: int) -> float:
    """Seconds per trial of the detail pass behind breakdown(), the best of two fresh
    results (the first run also warms up)."""
    best = math.inf
    for seed in (1, 2):
        r = rc.simulate("fleet", trials=trials, seed=seed, progress=False)
        start = time.perf_counter()
        r.breakdown()
        best = min(best, time.perf_counter() - start)
    return best / trials


DETAIL_INTERRUPT_SCRIPT = """
import sys
import time
import repave_cost as rc
r = rc.simulate("fleet", trials=int(sys.argv[1]), seed=0, progress=False)
assert not r._core.has_detail()
print("started", flush=True)
try:
    r.breakdown()
except KeyboardInterrupt:
    print(f"stopped {time.monotonic()!r}", flush=True)
    print(f"detail kept: {r._core.has_detail()}", flush=True)
    labour = r.labour()
    low = labour["mean_hours"].min()
    print(f"labour: {labour.height} rows, lowest {low}, detail {r._core.has_detail()}", flush=True)
    sys.exit(130)
print("finished", flush=True)
"""


def test_ctrl_c_stops_the_detail_pass_and_a_later_call_still_works() -> None:
    # breakdown() first reruns the cost pass for every activity's column. In a fresh
    # interpreter (nothing else in it can hold the signal), Ctrl-C comes `delay` after the
    # pass starts; the pass is sized from measured passes so that, uncancelled, it would
    # last 4 x (delay + STOP_WITHIN) (a bigger factor would need gigabytes of columns), and
    # it must stop within STOP_WITHIN of the signal, keep no detail, and the same result
    # must compute its detail in full afterwards.
    delay = 0.3
    uncancelled = 4 * (delay + STOP_WITHIN)
    trials = trials_lasting(uncancelled, detail_seconds_per_trial(20_000))
    run = interrupt_once_started(
        [sys.executable, "-c", DETAIL_INTERRUPT_SCRIPT, str(trials)],
        ready="started",
        delay=delay,
        timeout=10 * uncancelled + 60,
    )
    assert "finished" not in run.out, run.out
    assert run.stopped_after is not None, (run.out, run.err[-800:])
    assert 0 <= run.stopped_after < STOP_WITHIN
    # The pass was cancelled, not finished in the background: no detail was kept ...
    assert "detail kept: False" in run.out, run.out
    # ... and the same result computes it in full afterwards.
    roles = len(rc.Scenario.preset("fleet").to_dict()["staffing"])
    line = next(x for x in run.out.splitlines() if x.startswith("labour: "))
    rows, lowest, detail = line.removeprefix("labour: ").split(", ")
    assert rows == f"{2 * roles * 3} rows"  # strategies x roles x years
    assert float(lowest.removeprefix("lowest ")) > 0
    assert detail == "detail True"
    assert run.code == 130


# --- Latin hypercube ----------------------------------------------------------------------------


def test_lhs_puts_one_draw_in_each_stratum_and_gets_the_means() -> None:
    n = 5000
    data = scenario(
        [
            activity("u", "yearly", cost={"dist": "uniform", "low": 0, "high": 1}),
            activity("h", "yearly", hours="h", role="sre"),
            activity("ev", "per_node", probability=0.1, cost=1),
        ],
        nodes=100,
        parameters={"h": {"dist": "pert", "low": 1, "mode": 3, "high": 8}},
    )
    r = run(data, trials=n, method="lhs")
    assert r.method == "lhs"
    u = col(r, "strategies.base.u.cost")
    assert sorted(np.floor(u * n).astype(int)) == list(range(n))
    h = col(r, "h")
    a, b = 1 + 4 * 2 / 7, 1 + 4 * 5 / 7
    cdf = stats.beta(a, b).cdf((h - 1) / 7)
    strata = np.floor(cdf * n).astype(int)
    # Each stratum once (allowing the CDF's rounding to move a draw next door).
    assert len(np.unique(strata)) >= n - 5
    # LHS means: much tighter than random sampling, and certainly within 4 SE.
    assert abs(h.mean() - pert_mean(1, 3, 8)) < 4 * h.std(ddof=1) / math.sqrt(n) / 10
    total = col(r, "base.total")
    events = total - u - 100 * h
    np.testing.assert_allclose(events, np.round(events), rtol=0, atol=1e-9)
    assert_mean_within(total, 0.5 + 100 * pert_mean(1, 3, 8) + 100 * 0.1)


def test_lhs_on_the_fleet_preset_agrees_with_random_sampling() -> None:
    a = col(run("fleet", trials=20_000, method="lhs"), "savings")
    b = col(run("fleet", trials=20_000, method="random"), "savings")
    se = math.hypot(a.std(ddof=1) / math.sqrt(a.size), b.std(ddof=1) / math.sqrt(b.size))
    assert abs(a.mean() - b.mean()) <= 4 * se


# --- summary against numpy ----------------------------------------------------------------------


@pytest.mark.parametrize("threshold", [0.0, 250_000.0, -1e9])
def test_summary_matches_numpy(threshold: float) -> None:
    r = run("fleet", trials=12_345, seed=11)
    s = r.summary(threshold).filter(pl.col("output") == "savings").row(0, named=True)
    x = col(r, "savings")
    n = x.size
    assert s["count"] == n
    assert close(s["mean"], float(np.mean(x)), 1e-12)
    assert close(s["sd"], float(np.std(x, ddof=1)), 1e-9)
    assert close(s["se"], float(np.std(x, ddof=1) / math.sqrt(n)), 1e-9)
    for q in (5, 10, 50, 90, 95):
        assert close(s[f"p{q}"], float(np.quantile(x, q / 100)), 1e-12), q
    assert s["min"] == x.min() and s["max"] == x.max()
    assert s["prob_above"] == np.count_nonzero(x > threshold) / n
    # Every output, not only savings.
    for row in r.summary(threshold).iter_rows(named=True):
        y = col(r, row["output"])
        assert close(row["mean"], float(np.mean(y)), 1e-12)
        assert close(row["p50"], float(np.median(y)), 1e-12)


def test_prob_above_is_strict() -> None:
    data = scenario([activity("a", "yearly", cost=5)])
    r = run(data, trials=10)
    row = r.summary(5.0).filter(pl.col("output") == "savings").row(0, named=True)
    assert row["prob_above"] == 0.0
    row = r.summary(4.999).filter(pl.col("output") == "savings").row(0, named=True)
    assert row["prob_above"] == 1.0


# --- sensitivity --------------------------------------------------------------------------------


def test_sensitivity_of_a_linear_output() -> None:
    # savings = 3 × 12 × X exactly (X the hours of a yearly task at $12/h over 3 years).
    data = scenario(
        [activity("x task", "yearly", hours="x", role="sre")],
        [activity("other", "yearly", cost="noise")],
        staffing={"sre": role(rate=12, headcount=10)},
        horizon=3,
        parameters={
            "x": {"dist": "lognormal", "mu": 0, "sigma": 1},
            "noise": {"dist": "fixed", "value": 0},
            "unrelated": {"dist": "uniform", "low": 0, "high": 1},
        },
    )
    # "unrelated" must be used by a field; as the people of a 0-hour activity it costs nothing.
    data["strategies"]["alt"]["activities"].append(activity("idle", "yearly", people="unrelated"))
    n = 20_000
    r = run(data, trials=n)
    x = col(r, "x")
    y = 36 * x
    np.testing.assert_allclose(col(r, "savings"), y, rtol=1e-12)
    sens = r.sensitivity("savings")
    row = sens.filter(pl.col("input") == "x").row(0, named=True)
    assert row["spearman"] == pytest.approx(1.0, abs=1e-12)
    lo, hi = np.quantile(x, 0.1), np.quantile(x, 0.9)
    assert close(row["low_value"], float(lo), 1e-12)
    assert close(row["high_value"], float(hi), 1e-12)
    assert close(row["low_mean"], float(y[x <= lo].mean()), 1e-9)
    assert close(row["high_mean"], float(y[x >= hi].mean()), 1e-9)
    assert close(row["swing"], float(y[x >= hi].mean() - y[x <= lo].mean()), 1e-9)
    assert sens["input"][0] == "x"  # the largest swing comes first
    other = sens.filter(pl.col("input") == "unrelated").row(0, named=True)
    assert abs(other["spearman"]) < 4 / math.sqrt(n)
    rho = stats.spearmanr(col(r, "unrelated"), y).statistic
    assert other["spearman"] == pytest.approx(rho, abs=1e-9)


def test_sensitivity_negative_relation_and_other_outputs() -> None:
    data = scenario(
        [activity("a", "yearly", cost=100)],
        [activity("b", "yearly", cost="c")],
        parameters={"c": {"dist": "uniform", "low": 0, "high": 50}},
    )
    r = run(data, trials=5000)
    row = r.sensitivity("savings").filter(pl.col("input") == "c").row(0, named=True)
    assert row["spearman"] == pytest.approx(-1.0, abs=1e-12)
    row = r.sensitivity("alt.total").filter(pl.col("input") == "c").row(0, named=True)
    assert row["spearman"] == pytest.approx(1.0, abs=1e-12)
    with pytest.raises(rc.ScenarioError, match="unknown output"):
        r.sensitivity("nope")


def test_sensitivity_of_discrete_inputs_with_ties_at_the_deciles() -> None:
    # Discrete inputs put many trials exactly on their 10th and 90th percentiles: the low
    # decile is every trial at or below the 10th percentile (<=, not <), the high decile
    # every trial at or above the 90th, and Spearman ranks ties by their average rank.
    data = scenario(
        [
            activity("events", "yearly", cost="k"),
            activity("tier", "yearly", cost="d"),
            activity("flag", "yearly", cost="b"),
            activity("noise", "yearly", cost="u"),
        ],
        parameters={
            "k": {"dist": "poisson", "mean": 1.0},  # p10 = 0 holds 37% of the trials
            "d": {"dist": "discrete", "values": [10, 20, 30], "weights": [3, 1, 1]},
            "b": {"dist": "bernoulli", "p": 0.3},  # p90 = 1 holds 30% of the trials
            "u": {"dist": "uniform", "low": 0, "high": 5},
        },
    )
    r = run(data, trials=20_000)
    y = col(r, "savings")
    np.testing.assert_allclose(y, col(r, "k") + col(r, "d") + col(r, "b") + col(r, "u"))
    sens = r.sensitivity("savings")
    assert sorted(sens["input"].to_list()) == ["b", "d", "k", "u"]
    for name in ("k", "d", "b", "u"):
        x = col(r, name)
        lo, hi = np.quantile(x, 0.1), np.quantile(x, 0.9)
        row = sens.filter(pl.col("input") == name).row(0, named=True)
        assert row["spearman"] == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-9)
        assert close(row["low_value"], float(lo), 1e-12), name
        assert close(row["high_value"], float(hi), 1e-12), name
        assert close(row["low_mean"], float(y[x <= lo].mean()), 1e-9), name
        assert close(row["high_mean"], float(y[x >= hi].mean()), 1e-9), name
        assert close(row["swing"], abs(float(y[x >= hi].mean() - y[x <= lo].mean())), 1e-9)
    # The ties really are there: a strict comparison would leave these deciles empty.
    assert (col(r, "k") < np.quantile(col(r, "k"), 0.1)).sum() == 0
    assert (col(r, "b") > np.quantile(col(r, "b"), 0.9)).sum() == 0


def test_fleet_sensitivity_matches_scipy_spearman() -> None:
    r = run("fleet", trials=5000)
    sens = r.sensitivity("savings")
    inputs = [c for c in r.trials.columns if c not in r.outputs and c != "payback_year"]
    assert sorted(sens["input"].to_list()) == sorted(inputs)
    assert len(inputs) >= 15
    y = col(r, "savings")
    for row in sens.iter_rows(named=True):
        rho = stats.spearmanr(col(r, row["input"]), y).statistic
        assert row["spearman"] == pytest.approx(rho, abs=1e-9), row["input"]
    swings = sens["swing"].to_list()
    assert swings == sorted(swings, reverse=True)


# --- result metadata ----------------------------------------------------------------------------


def test_result_metadata() -> None:
    r = run("fleet", trials=100, seed=5, method="lhs")
    assert (r.n_trials, r.seed, r.method) == (100, 5, "lhs")
    assert r.version == rc.__version__
    assert r.scenario == rc.Scenario.preset("fleet")
    assert r.trials.height == 100
    assert json.loads(r.scenario.to_json())["name"] == "fleet"


# --- the fleet preset against the independent numpy peer ---------------------------------------


def _numpy_peer() -> Any:
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "benches" / "numpy_peer.py"
    spec = importlib.util.spec_from_file_location("numpy_peer", path)
    assert spec is not None and spec.loader is not None
    peer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peer)
    return peer


@pytest.mark.parametrize("preset", ["fleet", "customer_repave"])
def test_the_numpy_peer_has_the_savings_distribution(preset: str) -> None:
    # The benchmarks time the peer "to the same precision": it must simulate the same
    # distribution of savings, not only the same mean. Percentiles are compared within 5
    # standard errors of the difference of two independent sample quantiles (each
    # sqrt(p(1-p)/n) / density, the density from the pooled quantiles 1 point around p).
    peer = _numpy_peer()
    n = 100_000
    theirs = peer.simulate(peer.tomllib.loads(rc.Scenario.preset(preset).to_toml()), n, 777)
    b = theirs["savings"]
    a = col(run(preset, trials=n, seed=8), "savings")
    pooled = np.concatenate([a, b])
    for p in (0.05, 0.25, 0.5, 0.75, 0.95):
        lo, hi = np.quantile(pooled, [p - 0.01, p + 0.01])
        se_one = math.sqrt(p * (1 - p) / n) * (hi - lo) / 0.02
        gap = abs(float(np.quantile(a, p)) - float(np.quantile(b, p)))
        assert gap <= 5 * math.sqrt(2) * se_one, (preset, p, gap, se_one)


def test_fleet_means_match_the_numpy_peer() -> None:
    peer = _numpy_peer()
    scenario_data = peer.tomllib.loads(peer.FLEET.read_text(encoding="utf-8"))
    n = 100_000
    theirs = peer.simulate(scenario_data, n, 12345)
    ours = run("fleet", trials=n, seed=3)
    for name in ["savings", "repave.total", "immutable.total", "immutable.one_time"]:
        a, b = col(ours, name), theirs[name]
        se = math.hypot(a.std(ddof=1), b.std(ddof=1)) / math.sqrt(n)
        assert abs(a.mean() - b.mean()) <= 4 * se, (name, a.mean(), b.mean(), se)


# --- Every trial against an independent computation -------------------------------------------


def _fleet_without_events(discount: float) -> dict[str, Any]:
    """The fleet preset with every `probability` removed (each activity then happens on
    every unit) and a discount rate, so each trial's costs follow from its input draws."""
    data = rc.Scenario.preset("fleet").to_dict()
    fixed = {k: v for k, v in data["parameters"].items() if isinstance(v, (int, float))}
    for strategy in data["strategies"].values():
        for a in strategy["activities"]:
            a.pop("probability", None)
            # fixed-number parameters have no trial column: use the numbers
            a.update(
                {
                    k: fixed[v]
                    for k, v in a.items()
                    if k != "role" and isinstance(v, str) and v in fixed
                }
            )
    data["settings"]["discount_rate"] = discount
    # Parameters only the probabilities used would now be used by nothing (an error).
    named = {
        v
        for part in (
            data["staffing"].values(),
            *(s["activities"] for s in data["strategies"].values()),
        )
        for fields in part
        for v in fields.values()
        if isinstance(v, str)
    } | {v for v in data["fleet"].values() if isinstance(v, str)}
    data["parameters"] = {k: v for k, v in data["parameters"].items() if k in named}
    return data


def _costs_per_trial(
    data: dict[str, Any], cols: dict[str, np.ndarray]
) -> dict[str, dict[str, Any]]:
    """docs/model.md applied trial by trial with numpy, from the trials' input columns:
    per strategy, the total, the one-time cost and every recurring activity's present-value
    cost per year (its share of the role's labour cost plus its direct cost)."""
    n = len(next(iter(cols.values())))

    def val(v: Any) -> Any:
        return cols[v] if isinstance(v, str) else np.full(n, float(v))

    horizon = data["settings"]["horizon_years"]
    rate = 1 + val(data["settings"]["discount_rate"])
    fleet = data["fleet"]
    counts = {
        "per_node": val(fleet["nodes"]),
        "per_service": val(fleet["services"]),
        "per_cluster": val(fleet["clusters"]),
    }
    growth = 1 + val(fleet["growth"])
    roles = {
        name: (
            val(r["rate"]),
            val(r["headcount"]) * val(r["hours_per_year"]) * val(r["available_share"]),
            val(r["overflow_multiplier"]),
        )
        for name, r in data["staffing"].items()
    }
    out: dict[str, dict[str, Any]] = {}
    for sname, strategy in data["strategies"].items():
        acts = strategy["activities"]
        once = np.zeros(n)
        for a in acts:
            if a["driver"] == "once":
                role_rate = roles[a["role"]][0] if "role" in a else 0.0
                per = val(a.get("hours", 0)) * val(a.get("people", 1))
                once = once + per * role_rate + val(a.get("cost", 0))
        total = once.copy()
        activity_cost: dict[tuple[str, int], np.ndarray] = {}
        for y in range(1, horizon + 1):
            scale = growth ** (y - 1)
            load = {name: np.zeros(n) for name in roles}
            hours: dict[str, np.ndarray] = {}
            direct: dict[str, np.ndarray] = {}
            for a in acts:
                d = a["driver"]
                if d == "once":
                    continue
                f = val(a.get("cycles_per_year", 1))
                units = (
                    np.ones(n)
                    if d == "yearly"
                    else f
                    if d == "per_cycle"
                    else counts[d] * scale * f
                )
                hours[a["name"]] = units * val(a.get("hours", 0)) * val(a.get("people", 1))
                direct[a["name"]] = units * val(a.get("cost", 0))
                if "role" in a:
                    load[a["role"]] = load[a["role"]] + hours[a["name"]]
            role_cost = {
                name: r * (np.minimum(load[name], cap) + m * np.maximum(load[name] - cap, 0))
                for name, (r, cap, m) in roles.items()
            }
            year = sum(direct.values()) + sum(role_cost.values())
            total = total + year / rate**y
            for a in acts:
                if a["driver"] == "once":
                    continue
                share = np.zeros(n)
                if "role" in a:
                    l_r = load[a["role"]]
                    safe = np.where(l_r > 0, l_r, 1.0)
                    share = np.where(l_r > 0, role_cost[a["role"]] * hours[a["name"]] / safe, 0.0)
                activity_cost[(a["name"], y)] = (share + direct[a["name"]]) / rate**y
        out[sname] = {"total": total, "one_time": once, "activities": activity_cost}
    return out


def test_every_trial_without_events_matches_an_independent_computation() -> None:
    # Several 4,096-trial chunks and a short last one; uncertain rates make the one-time
    # item (automated rotation, at the security rate) differ from trial to trial.
    data = _fleet_without_events(discount=0.07)
    r = run(data, trials=2 * 4096 + 123, seed=5)
    cols = {name: r.trials[name].to_numpy() for name in r.trials.columns}
    want = _costs_per_trial(data, cols)
    for sname, w in want.items():
        np.testing.assert_allclose(cols[f"{sname}.total"], w["total"], rtol=1e-12, atol=0)
        np.testing.assert_allclose(cols[f"{sname}.one_time"], w["one_time"], rtol=1e-12, atol=0)
    np.testing.assert_allclose(
        cols["savings"], want["repave"]["total"] - want["immutable"]["total"], rtol=1e-9
    )
    # The detail pass: each recurring activity-year's mean and median, from the same
    # per-trial costs (the median is an order statistic, so it must agree as closely).
    breakdown = r.breakdown()
    checked = 0
    for row in breakdown.iter_rows(named=True):
        key = (row["activity"], row["year"])
        per_trial = want[row["strategy"]]["activities"].get(key)
        if per_trial is None:
            continue  # one-time items (year 0) are checked through one_time above
        assert row["mean"] == pytest.approx(per_trial.mean(), rel=1e-9, abs=1e-9), key
        assert row["p50"] == pytest.approx(np.quantile(per_trial, 0.5), rel=1e-9, abs=1e-9), key
        checked += 1
    assert checked == sum(
        3 for s in data["strategies"].values() for a in s["activities"] if a["driver"] != "once"
    )
