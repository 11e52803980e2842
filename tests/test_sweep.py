"""Sweeps: every grid point equals a separate simulation at the same seed."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
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


# ---------------------------------------------------------------- linked axes, 3+ axes

FLEETS = [(10, 2, 1), (100, 20, 2), (1000, 200, 10)]
FLEET_PATHS = ("fleet.nodes", "fleet.services", "fleet.clusters")


def test_linked_point_equals_a_separate_simulation_bit_for_bit() -> None:
    base = rc.Scenario.preset("fleet")
    grid = {FLEET_PATHS: FLEETS, "staffing.sre.headcount": [2, 5]}
    sw = rc.sweep(base, grid, trials=2000, seed=13, threshold=2e5, progress=False)
    assert sw.axes == [FLEET_PATHS, ("staffing.sre.headcount",)]
    assert sw.n_points == 6
    for (nodes, services, clusters), heads in itertools.product(FLEETS, [2, 5]):
        point = base.replace(
            {
                "fleet.nodes": nodes,
                "fleet.services": services,
                "fleet.clusters": clusters,
                "staffing.sre.headcount": heads,
            }
        )
        r = rc.simulate(point, trials=2000, seed=13, progress=False)
        want = r.summary(2e5)
        here = sw.table.filter(
            (pl.col("fleet.nodes") == nodes)
            & (pl.col("fleet.services") == services)
            & (pl.col("fleet.clusters") == clusters)
            & (pl.col("staffing.sre.headcount") == heads)
        )
        for output in ["savings", "repave.total", "immutable.total"]:
            got = here.filter(pl.col("output") == output).select(STATS).row(0)
            exp = want.filter(pl.col("output") == output).select(STATS).row(0)
            # bit for bit: the same floats, not merely close ones
            assert [np.float64(g).tobytes() for g in got if g is not None] == [
                np.float64(e).tobytes() for e in exp if e is not None
            ], (nodes, heads, output)


def test_any_number_of_axes_is_a_cartesian_product_with_one_column_per_path() -> None:
    grid: dict[Any, Any] = {
        ("fleet.nodes", "fleet.clusters"): [(20, 1), (200, 4)],
        "staffing.sre.headcount": [1, 3],
        "staffing.qa.headcount": [1, 2, 4],
        "settings.discount_rate": [0.0, 0.05],
    }
    sw = rc.sweep("fleet", grid, trials=100, seed=1, progress=False)
    t = sw.output("savings")
    paths = ["fleet.nodes", "fleet.clusters", "staffing.sre.headcount",
             "staffing.qa.headcount", "settings.discount_rate"]  # fmt: skip
    assert sw.table.columns[:6] == [*paths, "output"]
    assert list(sw.grid) == paths
    assert sw.grid["fleet.clusters"] == [1, 4]
    assert t.height == 2 * 2 * 3 * 2 == sw.n_points
    # the linked paths move together: 2 fleets, never 20 nodes on 4 clusters
    assert sorted(t.select("fleet.nodes", "fleet.clusters").unique().rows()) == [(20, 1), (200, 4)]
    want = sorted(
        (n, c, s, q, r)
        for (n, c), s, q, r in itertools.product(*grid.values())
    )  # fmt: skip
    assert sorted(t.select(paths).rows()) == want
    assert "24 points" in repr(sw) and "(fleet.nodes, fleet.clusters)" in repr(sw)


@pytest.mark.parametrize(
    ("grid", "words"),
    [
        pytest.param(
            {FLEET_PATHS: [(10, 2, 1), (100, 20)]},
            ["fleet.nodes, fleet.services, fleet.clusters", "2 values for 3 paths"],
            id="short-step",
        ),  # fmt: skip
        pytest.param({FLEET_PATHS: [(10, 2, 1, 9)]}, ["4 values for 3 paths"], id="long-step"),
        pytest.param(
            {"fleet.nodes": [1], ("fleet.clusters", "fleet.nodes"): [(1, 2)]},
            ["grid.fleet.nodes", "twice"],
            id="path-on-two-axes",
        ),  # fmt: skip
        pytest.param({FLEET_PATHS: []}, ["give at least one value"], id="no-steps"),
        pytest.param(
            {("fleet.nodes", "fleet.clusters"): [(10, math.nan)]},
            ["grid.fleet.clusters[0]", "finite"],
            id="nan",
        ),  # fmt: skip
        pytest.param(
            {("fleet.nodes", "fleet.clusters"): [(10, -1)]},
            ["fleet.clusters", "grid point fleet.nodes=10, fleet.clusters=-1"],
            id="bad-value",
        ),  # fmt: skip
    ],
)
def test_bad_linked_grids_raise_a_scenario_error_naming_the_paths(
    grid: dict[Any, Any], words: list[str]
) -> None:
    with pytest.raises(rc.ScenarioError) as err:
        rc.sweep(fixed_scenario(), grid, trials=5, progress=False)
    assert isinstance(err.value, ValueError)
    for word in words:
        assert word in str(err.value), str(err.value)


def test_badly_typed_linked_grids_raise_type_error() -> None:
    for grid in (
        {("fleet.nodes", 3): [(1, 2)]},
        {(): [()]},
        {1: [1, 2]},
        {("fleet.nodes", "fleet.clusters"): [10, 20]},
        {("fleet.nodes", "fleet.clusters"): (10, 1)},
        {("fleet.nodes", "fleet.clusters"): {"a": 1}},
    ):
        with pytest.raises(TypeError):
            rc.sweep(fixed_scenario(), grid, trials=5, progress=False)  # type: ignore[arg-type]


# ---------------------------------------------------------------- charts of 3+ axes


@pytest.fixture(scope="module")
def three_axes() -> rc.SweepResult:
    grid: dict[Any, Any] = {
        FLEET_PATHS: FLEETS,
        "staffing.sre.headcount": [1, 4],
        "settings.discount_rate": [0.1, 0.3],
    }
    return rc.sweep("fleet", grid, trials=300, seed=5, progress=False)


def drawn(chart: Any) -> dict[str, Any]:
    """What the core put on a sweep chart: its numbers and texts."""
    data: dict[str, Any] = chart._source.data()
    return data


def test_lines_need_the_other_axes_held_and_draw_exactly_the_held_rows(
    three_axes: rc.SweepResult,
) -> None:
    with pytest.raises(rc.ScenarioError, match=r"settings\.discount_rate.*at=") as err:
        three_axes.plot.lines()
    assert "3 grid axes" in str(err.value)
    chart = three_axes.plot.lines(x="fleet.nodes", by="staffing.sre.headcount",
                                  at={"settings.discount_rate": 0.3})  # fmt: skip
    assert chart.options["subtitle"] == "At Discount rate = 0.3"
    d = drawn(chart)
    assert d["x"] == [10.0, 100.0, 1000.0]
    assert d["x_label"] == "Nodes (with Services, Clusters)"
    assert d["series_label"] == "sre headcount"
    series = d["series"]
    t = three_axes.output("savings").filter(pl.col("settings.discount_rate") == 0.3)
    assert [s[0] for s in series] == ["sre headcount = 1", "sre headcount = 4"]
    for (_, p5, p50, p95), heads in zip(series, [1, 4]):
        part = t.filter(pl.col("staffing.sre.headcount") == heads).sort("fleet.nodes")
        assert (p5, p50, p95) == (part["p5"].to_list(), part["p50"].to_list(),
                                  part["p95"].to_list())  # fmt: skip
    # holding the other value draws other numbers: nothing is averaged over the axis
    assert drawn(three_axes.plot.lines(at={"settings.discount_rate": 0.1}))["series"] != series
    # any path of a linked axis holds it
    chart = three_axes.plot.lines(x="staffing.sre.headcount", by="settings.discount_rate",
                                  at={"fleet.services": 20})  # fmt: skip
    assert drawn(chart)["x"] == [1.0, 4.0]
    sub = three_axes.plot.lines(x="staffing.sre.headcount", at={"fleet.services": 20,
                                "settings.discount_rate": 0.1})  # fmt: skip
    assert sub.options["subtitle"] == (
        "At Nodes = 100, Services = 20, Clusters = 2; Discount rate = 0.1"
    )
    assert [s[0] for s in drawn(sub)["series"]] == ["savings"]


def test_heatmap_needs_the_other_axes_held_and_shows_the_held_cells(
    three_axes: rc.SweepResult,
) -> None:
    with pytest.raises(rc.ScenarioError, match=r"settings\.discount_rate"):
        three_axes.plot.heatmap()
    d = drawn(
        three_axes.plot.heatmap(
            x="fleet.clusters",
            y="settings.discount_rate",
            value="p50",
            at={"staffing.sre.headcount": 4},
        )  # fmt: skip
    )
    assert (d["x_labels"], d["y_labels"]) == (
        ["10 / 2 / 1", "100 / 20 / 2", "1,000 / 200 / 10"],
        ["0.1", "0.3"],
    )
    assert (d["x_label"], d["y_label"]) == (
        "Nodes / Services / Clusters",
        "Discount rate",
    )
    t = three_axes.output("savings").filter(pl.col("staffing.sre.headcount") == 4)
    for row, qa in zip(d["values"], [0.1, 0.3]):
        want = t.filter(pl.col("settings.discount_rate") == qa).sort("fleet.nodes")["p50"]
        assert row == want.to_list()


def test_holding_an_early_axis_moves_the_default_chart_axes(
    three_axes: rc.SweepResult,
) -> None:
    chart = three_axes.plot.lines(at={"fleet.nodes": 100})
    d = drawn(chart)
    assert d["x_label"] == "sre headcount" and d["series_label"] == "Discount rate"
    assert chart.options["subtitle"] == ("At Nodes = 100, Services = 20, Clusters = 2")
    with pytest.raises(TypeError, match="at must be a mapping"):
        three_axes.plot.lines(at="fleet.nodes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="at must be a mapping"):
        three_axes.plot.heatmap(at=[("fleet.nodes", 10)])  # type: ignore[arg-type]


def test_chart_axis_errors_name_what_to_change(three_axes: rc.SweepResult) -> None:
    lines, heat = three_axes.plot.lines, three_axes.plot.heatmap
    cases = [
        (lambda: lines(by="fleet.clusters"), "linked with x"),
        (lambda: heat(y="fleet.services"), "linked with x"),
        (
            lambda: lines(at={"settings.discount_rate": 0.2}),
            r"not one of its grid values.*0.1, 0.3",
        ),
        (lambda: lines(x="fleet.clusters", at={"fleet.nodes": 10}), "the chart shows"),
        (lambda: lines(at={"fleet.nodez": 10}), "not a grid path"),
        (lambda: lines(x="settings.discount_rate", by="staffing.sre.headcount"), "fleet.nodes"),
    ]
    for call, match in cases:
        with pytest.raises(rc.ScenarioError, match=match):
            call()


def test_a_linked_path_with_repeated_values_cannot_be_the_x_axis() -> None:
    sw = rc.sweep(
        fixed_scenario(),
        {("fleet.nodes", "fleet.clusters"): [(10, 1), (20, 1), (40, 2)]},
        trials=5,
        progress=False,
    )
    with pytest.raises(rc.ScenarioError, match="repeats values.*use fleet.nodes"):
        sw.plot.lines(x="fleet.clusters")
    assert sw.plot.lines(x="fleet.nodes").kind == "lines"


def test_write_checks_the_formats_before_it_writes_anything(
    three_axes: rc.SweepResult, tmp_path: Path
) -> None:
    # "jpg" was found only when the first chart was saved, inside the staging folder.
    with pytest.raises(ValueError, match="formats: unknown chart format 'jpg'"):
        three_axes.write(tmp_path / "m" / "n" / "s", formats=["jpg"])
    with pytest.raises(TypeError, match="formats must be chart formats"):
        three_axes.write(tmp_path / "s", formats=None)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_write_with_three_axes_needs_at_and_writes_nothing_without(
    three_axes: rc.SweepResult, tmp_path: Path
) -> None:
    with pytest.raises(rc.ScenarioError, match="settings.discount_rate"):
        three_axes.write(tmp_path / "s", formats=("svg",))
    assert list(tmp_path.iterdir()) == []
    folder = three_axes.write(tmp_path / "s", formats=("svg",), at={"settings.discount_rate": 0.1})
    assert {p.name for p in folder.iterdir()} == {
        "sweep.csv", "sweep.parquet", "lines.svg", "heatmap.svg", "scenario.toml",
        "manifest.json",
    }  # fmt: skip
    assert pl.read_parquet(folder / "sweep.parquet").equals(three_axes.table)


@pytest.mark.parametrize(
    ("grid", "path", "said"),
    [
        # JSON's own words leaked: "Out of range float values are not JSON compliant",
        # "number out of range at line 1 column 403".
        ({"fleet.nodes": [10, float("nan")]}, "grid.fleet.nodes[1]", "a finite number, got nan"),
        (
            {"fleet.nodes": [10, 10**400]},
            "grid.fleet.nodes[1]",
            "a number up to about 1.8e308, got an integer of 401 digits",
        ),
        (
            {("fleet.nodes", "fleet.clusters"): [(1, 1), (2, float("inf"))]},
            "grid.fleet.clusters[1]",
            "a finite number, got inf",
        ),
        (
            {"fleet.nodes": [1, {"dist": "uniform", "low": 0, "high": float("inf")}]},
            "grid.fleet.nodes[1].high",
            "a finite number, got inf",
        ),
    ],
)
def test_a_grid_value_that_is_no_number_is_refused_at_its_step(
    grid: dict, path: str, said: str
) -> None:
    with pytest.raises(rc.ScenarioError) as err:
        rc.sweep("fleet", grid, trials=10, progress=False)
    assert err.value.errors() == [{"path": path, "message": f"must be {said}"}]


def test_an_empty_grid_path_says_it_is_empty() -> None:
    with pytest.raises(rc.ScenarioError, match='the path is empty, got ""; give a field'):
        rc.sweep("fleet", {"": [1]}, trials=10, progress=False)
    with pytest.raises(rc.ScenarioError, match="the path is empty"):
        rc.Scenario.preset("fleet").replace({" ": 1})
