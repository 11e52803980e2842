"""Fixed-input scenarios whose totals are worked out by hand here, to 1e-9 relative.

Every expected number below follows from the formulas of docs/model.md, written out in the
test; none is copied from the library's output.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import activity, close, role, scenario, worked_example

REL = 1e-9


def run(data: dict[str, Any], trials: int = 3) -> rc.Result:
    return rc.simulate(data, trials=trials, seed=0, progress=False)


def only(result: rc.Result, column: str) -> float:
    """The value of a column that must be the same in every trial (fixed inputs)."""
    values = result.trials[column].unique().to_list()
    assert len(values) == 1, f"{column} varies across trials of a fixed scenario: {values}"
    return float(values[0])


def breakdown_value(result: rc.Result, strategy: str, act: str, year: int) -> float:
    rows = result.breakdown().filter(
        (pl.col("strategy") == strategy) & (pl.col("activity") == act) & (pl.col("year") == year)
    )
    assert rows.height == 1, rows
    return float(rows["mean"][0])


def labour_row(result: rc.Result, strategy: str, role_name: str, year: int) -> dict[str, Any]:
    rows = result.labour().filter(
        (pl.col("strategy") == strategy) & (pl.col("role") == role_name) & (pl.col("year") == year)
    )
    assert rows.height == 1, rows
    return rows.row(0, named=True)


# --- the worked example of docs/model.md ------------------------------------------------------


def test_worked_example_totals_savings_and_payback() -> None:
    r = run(worked_example())
    cap = 1 * 1600 * 0.125  # 200 h
    hours = 10 * 12 * 2 + 12 * 0.5 * 4  # 264 h
    labour = 100 * (cap + 1.5 * (hours - cap))  # 29,600
    direct = 10 * 12 * 0.5  # 60
    year = labour + direct
    repave = 10 * 100 + year / 1.1 + year / 1.1**2
    immutable = 40 * 100 + 1200 / 1.1 + 1200 / 1.1**2
    assert close(only(r, "repave.total"), repave)
    assert close(only(r, "repave.one_time"), 1000.0)
    assert close(only(r, "immutable.total"), immutable)
    assert close(only(r, "immutable.one_time"), 4000.0)
    assert close(only(r, "savings"), repave - immutable)
    assert close(repave, 52476.03305785124)  # the doc's figure, as a check on the hand sums
    assert r.trials["payback_year"].to_list() == [1, 1, 1]

    # Breakdown: labour shared by hours, direct cost on its own activity, PV by year.
    for y in (1, 2):
        d = 1.1**y
        assert close(
            breakdown_value(r, "repave", "rebuild nodes", y), (labour * 240 / 264 + 60) / d
        )
        assert close(breakdown_value(r, "repave", "CAB review", y), labour * 24 / 264 / d)
        assert close(breakdown_value(r, "immutable", "node-pool upgrade", y), 1200 / d)
    assert close(breakdown_value(r, "repave", "write runbook", 0), 1000.0)
    assert close(breakdown_value(r, "immutable", "pipeline build", 0), 4000.0)

    # FTE and capacity.
    for y in (1, 2):
        row = labour_row(r, "repave", "sre", y)
        assert close(row["mean_hours"], 264.0)
        assert close(row["mean_fte"], 264 / 1600)
        assert row["prob_over_capacity"] == 1.0
        row = labour_row(r, "immutable", "sre", y)
        assert close(row["mean_fte"], 12 / 1600)
        assert row["prob_over_capacity"] == 0.0

    # Cumulative savings CS_0..CS_2.
    cum = r.cumulative().filter(pl.col("strategy") == "savings").sort("year")
    cs0 = 1000 - 4000
    cs1 = cs0 + (year - 1200) / 1.1
    cs2 = cs1 + (year - 1200) / 1.21
    for got, want in zip(cum["mean"].to_list(), [cs0, cs1, cs2]):
        assert close(got, want)


# --- capacity and overflow ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "expected_cost", "over"),
    [
        pytest.param(0.0, 0.0, 0.0, id="idle"),
        pytest.param(400.0, 80 * 400.0, 0.0, id="under"),
        pytest.param(1000.0, 80 * 1000.0, 0.0, id="exactly-at-capacity"),
        pytest.param(1500.0, 80 * (1000 + 2.0 * 500), 1.0, id="over"),
        pytest.param(7000.0, 80 * (1000 + 2.0 * 6000), 1.0, id="far-over"),
    ],
)
def test_capacity_overflow(hours: float, expected_cost: float, over: float) -> None:
    # cap = headcount 2 × 1,000 h × share 0.5 = 1,000 h; above it hours cost 2×.
    staff = {"sre": role(rate=80, headcount=2, hours_per_year=1000, available_share=0.5,
                         overflow_multiplier=2.0)}  # fmt: skip
    data = scenario(
        [activity("toil", "yearly", hours=hours, role="sre")], staffing=staff, horizon=2
    )
    r = run(data)
    assert close(only(r, "base.total"), 2 * expected_cost)
    for y in (1, 2):
        row = labour_row(r, "base", "sre", y)
        assert close(row["mean_hours"], hours)
        assert close(row["mean_fte"], hours / 1000)
        assert row["prob_over_capacity"] == over


def test_zero_headcount_puts_every_hour_in_overflow() -> None:
    staff = {"sre": role(rate=50, headcount=0, overflow_multiplier=3.0)}
    data = scenario([activity("toil", "yearly", hours=4, people=2, role="sre")], staffing=staff)
    assert close(only(run(data), "base.total"), 50 * 3.0 * 4 * 2)


def test_capacity_is_not_shared_between_strategies() -> None:
    # Each strategy alone fits in the 100 h capacity; together they would not.
    staff = {"sre": role(rate=10, headcount=1, hours_per_year=100, available_share=1.0)}
    data = scenario(
        [activity("a", "yearly", hours=80, role="sre")],
        [activity("b", "yearly", hours=70, role="sre")],
        staffing=staff,
    )
    r = run(data)
    assert close(only(r, "base.total"), 800.0)
    assert close(only(r, "alt.total"), 700.0)


def test_roles_have_separate_capacity() -> None:
    staff = {
        "sre": role(rate=100, headcount=1, hours_per_year=200, available_share=1.0),
        "qa": role(
            rate=60, headcount=1, hours_per_year=200, available_share=1.0, overflow_multiplier=1.25
        ),  # fmt: skip
    }
    data = scenario(
        [
            activity("sre work", "yearly", hours=150, role="sre"),
            activity("qa work", "yearly", hours=300, role="qa"),
        ],
        staffing=staff,
    )
    # sre under its 200 h; qa 100 h over its own 200 h.
    expected = 100 * 150 + 60 * (200 + 1.25 * 100)
    assert close(only(run(data), "base.total"), expected)


# --- breakdown shares ---------------------------------------------------------------------------


def test_breakdown_shares_are_proportional_to_hours_within_a_role() -> None:
    staff = {
        "sre": role(rate=100, headcount=1, hours_per_year=400, available_share=0.5),
        "qa": role(rate=60, headcount=10),
    }
    data = scenario(
        [
            activity("a", "yearly", hours=300, role="sre"),
            activity("b", "per_cycle", cycles_per_year=4, hours=25, role="sre", cost=10),
            activity("c", "yearly", hours=50, role="qa"),
            activity("d", "yearly", cost=7),  # direct cost only, no role
        ],
        staffing=staff,
        horizon=2,
        discount=0.25,
    )
    r = run(data)
    sre_cost = 100 * (200 + 1.5 * (400 - 200))  # 400 h against a 200 h capacity
    for y in (1, 2):
        d = 1.25**y
        assert close(breakdown_value(r, "base", "a", y), sre_cost * 300 / 400 / d)
        assert close(breakdown_value(r, "base", "b", y), (sre_cost * 100 / 400 + 40) / d)
        assert close(breakdown_value(r, "base", "c", y), 60 * 50 / d)
        assert close(breakdown_value(r, "base", "d", y), 7 / d)
    year = sre_cost + 40 + 60 * 50 + 7
    assert close(only(r, "base.total"), year / 1.25 + year / 1.25**2)
    bd = r.breakdown().filter(pl.col("strategy") == "base")
    assert close(float(bd["mean"].sum()), year / 1.25 + year / 1.25**2)
    assert set(zip(bd["activity"], bd["role"])) == {("a", "sre"), ("b", "sre"), ("c", "qa"),
                                                     ("d", "")}  # fmt: skip


# --- discounting --------------------------------------------------------------------------------


def test_discounting_and_undiscounted_year_zero() -> None:
    data = scenario(
        [
            activity("setup", "once", hours=5, role="sre", cost=500),
            activity("run", "yearly", hours=10, role="sre", cost=1000),
        ],
        horizon=4,
        discount=0.07,
    )
    r = run(data)
    once = 5 * 100 + 500
    year = 10 * 100 + 1000
    expected = once + sum(year / 1.07**y for y in range(1, 5))
    assert close(only(r, "base.total"), expected)
    assert close(only(r, "base.one_time"), once)
    cum = r.cumulative().filter(pl.col("strategy") == "base").sort("year")["mean"].to_list()
    acc = [once]
    for y in range(1, 5):
        acc.append(acc[-1] + year / 1.07**y)
    assert all(close(g, w) for g, w in zip(cum, acc)), (cum, acc)


def test_zero_discount_is_the_plain_sum() -> None:
    data = scenario([activity("run", "yearly", cost=123.25)], horizon=7)
    assert close(only(run(data), "base.total"), 7 * 123.25)


# --- growth and drivers -------------------------------------------------------------------------


def test_growth_on_nodes_services_and_clusters() -> None:
    data = scenario(
        [
            activity("per node", "per_node", cycles_per_year=2, hours=1, role="sre"),
            activity("per service", "per_service", cycles_per_year=3, cost=7),
            activity("per cluster", "per_cluster", hours=2, role="sre"),
            activity("flat", "yearly", cost=11),
        ],
        nodes=10,
        services=3,
        clusters=2,
        growth=0.25,
        horizon=3,
    )
    r = run(data)
    total = 0.0
    for y in (1, 2, 3):
        scale = 1.25 ** (y - 1)
        assert close(breakdown_value(r, "base", "per node", y), 100 * 10 * scale * 2 * 1)
        assert close(breakdown_value(r, "base", "per service", y), 3 * scale * 3 * 7)
        assert close(breakdown_value(r, "base", "per cluster", y), 100 * 2 * scale * 2)
        assert close(breakdown_value(r, "base", "flat", y), 11.0)  # not scaled by growth
        hours = 10 * scale * 2 + 2 * scale * 2
        assert close(labour_row(r, "base", "sre", y)["mean_hours"], hours)
        total += 100 * hours + 3 * scale * 3 * 7 + 11
    assert close(only(r, "base.total"), total)


def test_negative_growth_shrinks_the_fleet() -> None:
    data = scenario([activity("n", "per_node", cost=1)], nodes=1000, growth=-0.5, horizon=3)
    assert close(only(run(data), "base.total"), 1000 + 500 + 250)


# units in years 1 and 2 with nodes 4, services 6, clusters 3, growth 50%, f = 5
@pytest.mark.parametrize(
    ("driver", "fields", "year_units", "once"),
    [
        pytest.param("once", {}, [], 1.0, id="once"),
        pytest.param("yearly", {}, [1, 1], 0.0, id="yearly"),
        pytest.param("per_cycle", {"cycles_per_year": 5}, [5, 5], 0.0, id="per_cycle"),
        pytest.param("per_node", {"cycles_per_year": 5}, [4 * 5, 6 * 5], 0.0, id="per_node"),
        pytest.param("per_node", {}, [4, 6], 0.0, id="per_node-default-f"),
        pytest.param("per_service", {"cycles_per_year": 5}, [6 * 5, 9 * 5], 0.0, id="per_service"),
        pytest.param(
            "per_cluster", {"cycles_per_year": 5}, [3 * 5, 4.5 * 5], 0.0, id="per_cluster"
        ),
    ],
)
@pytest.mark.parametrize("kind", ["cost", "hours"])
def test_each_driver(
    driver: str, fields: dict[str, Any], year_units: list[float], once: float, kind: str
) -> None:
    # cost: $3 per occurrence; hours: 2 h × 3 people at $100/h, far under capacity.
    per = {"cost": {"cost": 3}, "hours": {"hours": 2, "people": 3, "role": "sre"}}[kind]
    money = 3.0 if kind == "cost" else 2 * 3 * 100.0
    data = scenario(
        [activity("x", driver, **fields, **per)],
        nodes=4,
        services=6,
        clusters=3,
        growth=0.5,
        horizon=2,
        discount=0.1,
    )
    r = run(data)
    expected = once * money + sum(u * money / 1.1**y for y, u in enumerate(year_units, 1))
    assert close(only(r, "base.total"), expected)
    assert close(only(r, "base.one_time"), once * money)
    if kind == "hours" and driver != "once":
        for y, u in enumerate(year_units, 1):
            assert close(labour_row(r, "base", "sre", y)["mean_hours"], u * 2 * 3)


# --- one-time items -----------------------------------------------------------------------------


def test_one_time_item_at_plain_rate_outside_capacity() -> None:
    # Capacity 10 h a year; the 100 h one-time project neither overflows nor uses it up.
    staff = {"sre": role(rate=50, headcount=1, hours_per_year=10, overflow_multiplier=3.0)}
    data = scenario(
        [
            activity("project", "once", hours=100, people=2, role="sre", cost=5),
            activity("toil", "yearly", hours=8, role="sre"),
        ],
        staffing=staff,
        horizon=2,
        discount=0.5,
    )
    r = run(data)
    once = 100 * 2 * 50 + 5  # plain rate, no multiplier, not discounted
    assert close(only(r, "base.one_time"), once)
    assert close(only(r, "base.total"), once + 8 * 50 / 1.5 + 8 * 50 / 1.5**2)
    # Only recurring hours count towards FTE and capacity.
    row = labour_row(r, "base", "sre", 1)
    assert close(row["mean_hours"], 8.0)
    assert row["prob_over_capacity"] == 0.0


def test_one_time_direct_cost_needs_no_role() -> None:
    data = scenario([activity("licence", "once", cost=1234.5)], horizon=3, discount=0.2)
    r = run(data)
    assert close(only(r, "base.total"), 1234.5)
    assert close(only(r, "base.one_time"), 1234.5)


def test_once_with_probability_one_and_zero() -> None:
    data = scenario(
        [
            activity("sure", "once", probability=1, cost=10),
            activity("never", "once", probability=0, cost=1000),
        ]
    )
    assert close(only(run(data), "base.one_time"), 10.0)


def test_events_with_probability_zero_never_happen() -> None:
    data = scenario([activity("none", "per_node", probability=0.0, cost=1000)], nodes=500)
    assert only(run(data), "base.total") == 0.0


# --- payback ------------------------------------------------------------------------------------


def payback_scenario(
    base_once: float, alt_once: float, base_year: float, alt_year: float, horizon: int, r: float
) -> dict[str, Any]:
    return scenario(
        [activity("o", "once", cost=base_once), activity("y", "yearly", cost=base_year)],
        [activity("o", "once", cost=alt_once), activity("y", "yearly", cost=alt_year)],
        horizon=horizon,
        discount=r,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # CS_y = 50 + 5 y ≥ 0 from year 0 on.
        pytest.param((100, 50, 10, 5, 3, 0.0), 0, id="year-0"),
        # CS_0 = 0 but CS_y = −10 y after: the alternative never pays back.
        pytest.param((50, 50, 10, 20, 3, 0.0), None, id="year-0-tie-then-dearer"),
        # No one-time costs and the alternative dearer every year: CS = 0, −5, −10, −15.
        pytest.param((0, 0, 10, 15, 3, 0.0), None, id="no-one-time-dearer-every-year"),
        # No one-time costs, the alternative cheaper every year: CS = 0, 5, 10 → year 0.
        pytest.param((0, 0, 15, 10, 2, 0.0), 0, id="no-one-time-cheaper-every-year"),
        # Ahead in year 0, behind from year 1 on: CS = 30, −70, −170 → never.
        pytest.param((40, 10, 0, 100, 2, 0.0), None, id="ahead-then-behind"),
        # A one-time cost of 200 repaid by 100 a year: CS = −200, −100, 0, 100 → year 2 (tie
        # at year 2 counts: CS_j ≥ 0).
        pytest.param((0, 200, 100, 0, 3, 0.0), 2, id="repaid-in-year-2-tie"),
        # CS_y = −250 + 100 y: −150, −50, 50 → year 3.
        pytest.param((0, 250, 100, 0, 5, 0.0), 3, id="middle-year"),
        # discounted: −250 + 90.91, +82.64, +75.13 (= −1.32), +68.30 → year 4.
        pytest.param((0, 250, 100, 0, 5, 0.1), 4, id="middle-year-discounted"),
        # CS_3 = −1000 + 300 < 0: never.
        pytest.param((0, 1000, 100, 0, 3, 0.0), None, id="never"),
        # CS_0 = −1 and the alternative costs more every year: never.
        pytest.param((0, 1, 10, 20, 3, 0.0), None, id="never-dearer"),
    ],
)
def test_payback_year(args: tuple[float, ...], expected: int | None) -> None:
    base_once, alt_once, base_year, alt_year, horizon, r = args
    res = run(payback_scenario(base_once, alt_once, base_year, alt_year, int(horizon), r))
    assert res.trials["payback_year"].to_list() == [expected] * 3
    paid = res.payback().sort("year")
    assert paid["year"].to_list() == list(range(int(horizon) + 1))
    want = [1.0 if expected is not None and y >= expected else 0.0 for y in paid["year"]]
    assert paid["prob_paid_back"].to_list() == want
    savings = (
        base_once
        - alt_once
        + sum((base_year - alt_year) / (1 + r) ** y for y in range(1, int(horizon) + 1))
    )
    assert close(only(res, "savings"), savings)


def test_payback_year_per_trial_against_numpy() -> None:
    """Year costs that change sign across the years (a growing per-node cost against a flat
    yearly one), so cumulative savings dip and recover; the payback year of every trial is
    recomputed with numpy from the trial's own draws: the first y with CS_j ≥ 0 for every
    j in y…T, none when CS_T < 0."""
    horizon, r, nodes = 6, 0.05, 100
    data = scenario(
        [
            activity("node work", "per_node", cost="c_node"),
            activity("setup", "once", cost="o_base"),
        ],
        [activity("flat fee", "yearly", cost=1000), activity("migration", "once", cost="o_alt")],
        horizon=horizon,
        discount=r,
        nodes=nodes,
        growth="g",
        parameters={
            "c_node": {"dist": "uniform", "low": 5, "high": 15},
            "g": {"dist": "uniform", "low": -0.3, "high": 0.3},
            "o_base": {"dist": "uniform", "low": 0, "high": 500},
            "o_alt": {"dist": "uniform", "low": 0, "high": 1500},
        },
    )
    res = run(data, trials=20_000)
    t = res.trials
    c, g = t["c_node"].to_numpy(), t["g"].to_numpy()
    years = np.arange(1, horizon + 1)
    diff = nodes * (1 + g[:, None]) ** (years - 1) * c[:, None] - 1000.0
    cs = np.cumsum(
        np.column_stack([t["o_base"].to_numpy() - t["o_alt"].to_numpy(), diff / (1 + r) ** years]),
        axis=1,
    )
    np.testing.assert_allclose(cs[:, -1], t["savings"].to_numpy(), rtol=1e-9, atol=1e-6)
    # stays[i, y]: CS_j ≥ 0 for every j in y…T.
    stays = np.flip(np.logical_and.accumulate(np.flip(cs >= 0, axis=1), axis=1), axis=1)
    want = np.where(stays[:, -1], np.argmax(stays, axis=1), -1)
    got = t["payback_year"].fill_null(-1).to_numpy()
    np.testing.assert_array_equal(got, want)
    # The scenario exercises what the revision changed: trials that reach CS ≥ 0 early and
    # fall back, and trials that end negative after a non-negative start.
    first_non_negative = np.where((cs >= 0).any(axis=1), np.argmax(cs >= 0, axis=1), -1)
    assert np.count_nonzero(first_non_negative != want) > 500
    assert np.count_nonzero((cs[:, 0] >= 0) & (cs[:, -1] < 0)) > 100
    # payback(): the share of trials paid back by each year.
    paid = res.payback().sort("year")["prob_paid_back"].to_numpy()
    expected = [np.mean((want >= 0) & (want <= y)) for y in range(horizon + 1)]
    np.testing.assert_array_equal(paid, expected)


# --- summary of a fixed scenario ----------------------------------------------------------------


def test_fixed_scenario_summary_has_no_spread() -> None:
    r = run(worked_example(), trials=5)
    s = r.summary().filter(pl.col("output") == "immutable.one_time").row(0, named=True)
    assert s["count"] == 5
    assert s["mean"] == s["p5"] == s["p50"] == s["max"] == s["min"] == 4000.0
    assert s["sd"] == 0.0


def test_single_trial_has_no_sd() -> None:
    r = run(worked_example(), trials=1)
    s = r.summary().filter(pl.col("output") == "savings").row(0, named=True)
    assert s["count"] == 1 and s["sd"] is None and s["se"] is None
