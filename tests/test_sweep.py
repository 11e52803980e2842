"""Sweeps: every grid point equals a separate simulation at the same seed."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import activity, role, scenario

STATS = ["count", "mean", "sd", "se", "p5", "p10", "p50", "p90", "p95", "min", "max", "prob_above"]


@pytest.mark.parametrize("method", ["random", "lhs"])
def test_sweep_points_equal_separate_simulations(method: str) -> None:
    grid = {"fleet.nodes": [50, 400], "staffing.sre.headcount": [1, 3, 6]}
    base = rc.Scenario.preset("fleet")
    sw = rc.sweep(base, grid, trials=3000, seed=9, method=method, threshold=1e5, progress=False)
    assert isinstance(sw, rc.SweepResult)
    t = sw.table
    for nodes, heads in itertools.product(*grid.values()):
        point = base.replace({"fleet.nodes": nodes, "staffing.sre.headcount": heads})
        r = rc.simulate(point, trials=3000, seed=9, method=method, progress=False)
        summary = r.summary(1e5)
        here = t.filter(
            (pl.col("fleet.nodes") == nodes) & (pl.col("staffing.sre.headcount") == heads)
        )
        for output in ["savings", "repave.total", "immutable.total"]:
            got = here.filter(pl.col("output") == output).select(STATS).row(0, named=True)
            want = summary.filter(pl.col("output") == output).select(STATS).row(0, named=True)
            assert got == want, (nodes, heads, output)
        # Final-year FTE of each used role, and the chance of running over capacity in any year.
        labour = r.labour()
        for strat, role_name in [("repave", "sre"), ("immutable", "qa")]:
            row = here.filter(pl.col("output") == f"{strat}.fte.{role_name}").row(0, named=True)
            lab = labour.filter(
                (pl.col("strategy") == strat)
                & (pl.col("role") == role_name)
                & (pl.col("year") == 3)
            ).row(0, named=True)
            assert row["mean"] == pytest.approx(lab["mean_fte"], rel=1e-12)
            any_year = labour.filter((pl.col("strategy") == strat) & (pl.col("role") == role_name))[
                "prob_over_capacity"
            ].max()
            assert row["prob_over_capacity"] >= any_year


def test_sweep_table_shape_and_grid_columns() -> None:
    grid = {"fleet.nodes": [10, 20, 30], "staffing.sre.headcount": [1, 2]}
    sw = rc.sweep("fleet", grid, trials=200, progress=False)
    t = sw.table
    outputs = t["output"].unique().to_list()
    assert {"savings", "repave.total", "immutable.total"} <= set(outputs)
    assert not any(o.endswith(".one_time") for o in outputs)
    assert t.height == 6 * len(outputs)
    points = t.select("fleet.nodes", "staffing.sre.headcount").unique().sort(pl.all())
    assert points.rows() == sorted(itertools.product([10.0, 20.0, 30.0], [1.0, 2.0]))
    assert sw.grid == grid and sw.n_trials == 200
    assert sw.output("savings").height == 6
    assert "6 points" in repr(sw)


def fixed_scenario() -> dict[str, Any]:
    return scenario(
        [activity("rebuild", "per_node", cycles_per_year=12, hours=1, role="sre")],
        [activity("upgrade", "per_cluster", cycles_per_year=12, hours=2, role="sre")],
        staffing={"sre": role(rate=100, headcount=1, hours_per_year=1000, available_share=0.5)},
        nodes=10,
        clusters=2,
        horizon=2,
    )


def test_sweep_closed_form_over_nodes_and_headcount() -> None:
    grid = {"fleet.nodes": [10, 40, 100], "staffing.sre.headcount": [0, 1, 2]}
    t = rc.sweep(fixed_scenario(), grid, trials=5, progress=False).table
    for row in t.filter(pl.col("output") == "savings").iter_rows(named=True):
        nodes, heads = row["fleet.nodes"], row["staffing.sre.headcount"]
        cap = heads * 1000 * 0.5

        def cost(hours: float, cap: float = cap) -> float:
            return 100 * (min(hours, cap) + 1.5 * max(hours - cap, 0.0))

        want = 2 * (cost(nodes * 12) - cost(2 * 12 * 2))
        assert row["mean"] == pytest.approx(want, rel=1e-9), row
        assert row["sd"] == 0.0
    fte = t.filter(pl.col("output") == "base.fte.sre")
    for row in fte.iter_rows(named=True):
        assert row["mean"] == pytest.approx(row["fleet.nodes"] * 12 / 1000, rel=1e-12)
        over = row["fleet.nodes"] * 12 > row["staffing.sre.headcount"] * 500
        assert row["prob_over_capacity"] == (1.0 if over else 0.0)


def test_sweep_over_distributions_and_parameter_names() -> None:
    data = fixed_scenario()
    # The base names "h"; the grid points that give the field a value of its own drop it.
    data["parameters"] = {"h": {"dist": "uniform", "low": 0, "high": 2}}
    data["strategies"]["base"]["activities"][0]["hours"] = "h"
    grid = {"strategies.base.activities[0].hours": [1, "h", {"dist": "fixed", "value": 3}]}
    t = rc.sweep(data, grid, trials=1000, seed=2, progress=False).table
    col = t["strategies.base.activities[0].hours"]
    assert col.dtype == pl.Utf8
    means = t.filter(pl.col("output") == "base.total")["mean"].to_list()
    # 120 rebuild-hours a year per hour of H, at $100, against 1 × 1,000 h × 0.5 = 500 h.
    cap = 500.0

    def cost(hours: np.ndarray) -> np.ndarray:
        return 100 * (np.minimum(hours, cap) + 1.5 * np.maximum(hours - cap, 0.0))

    assert means[0] == pytest.approx(2 * cost(np.array(120.0)), rel=1e-9)
    assert means[2] == pytest.approx(2 * cost(np.array(360.0)), rel=1e-9)
    r = rc.simulate(data, trials=1000, seed=2, progress=False)
    h = r.trials["h"].to_numpy()
    assert means[1] == pytest.approx(float(np.mean(2 * cost(120 * h))), rel=1e-9)


def test_sweep_reports_the_bad_grid_point() -> None:
    with pytest.raises(rc.ScenarioError) as err:
        rc.sweep(fixed_scenario(), {"fleet.nodes": [10, -5]}, trials=10, progress=False)
    assert "fleet.nodes" in str(err.value) and "grid point" in str(err.value)
    with pytest.raises(rc.ScenarioError, match="fleet.nodes"):
        rc.sweep(fixed_scenario(), {"fleet.nodes": [1, math.nan]}, trials=10, progress=False)
    with pytest.raises(rc.ScenarioError, match="grid"):
        rc.sweep(fixed_scenario(), {"fleet.nodes": []}, trials=10, progress=False)
    with pytest.raises(TypeError):
        rc.sweep(fixed_scenario(), {}, trials=10, progress=False)
    with pytest.raises(TypeError):
        rc.sweep(fixed_scenario(), {"fleet.nodes": 5}, trials=10, progress=False)


def test_sweep_threshold_sets_prob_above() -> None:
    grid = {"fleet.nodes": [100]}
    sw = rc.sweep("fleet", grid, trials=2000, seed=1, threshold=3e5, progress=False)
    r = rc.simulate(
        rc.Scenario.preset("fleet").replace({"fleet.nodes": 100}), trials=2000, seed=1,
        progress=False,
    )  # fmt: skip
    s = r.trials["savings"].to_numpy()
    row = sw.output("savings").row(0, named=True)
    assert row["prob_above"] == np.count_nonzero(s > 3e5) / s.size
