"""Sweep charts through the public API: what ``sweep.plot.lines()`` and
``sweep.plot.heatmap()`` write on the chart (read back from the SVG) against the sweep's
own table and the public formatters, and the errors for arguments the charts refuse.

The decisions tested here (default axes, ``at=`` holding, linked-axis labels, titles,
cell text) are made in the core (``src/figures/sweep.rs``); ``SweepPlots`` forwards.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import repave_cost as rc

SVG = "{http://www.w3.org/2000/svg}"
FLEET_PATHS = ("fleet.nodes", "fleet.services", "fleet.clusters")
THRESHOLD = 150_000.0


def texts(chart: rc.Chart) -> list[str]:
    """Every text element of the chart's SVG, whitespace collapsed."""
    root = ET.fromstring(chart.to_svg().encode("utf-8"))
    return [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def sw() -> rc.SweepResult:
    grid: dict[Any, Any] = {
        FLEET_PATHS: [(10, 2, 1), (100, 20, 2), (1000, 200, 10)],
        "staffing.sre.headcount": [1, 4],
        "settings.discount_rate": [0.1, 0.3],
    }
    return rc.sweep("fleet", grid, trials=300, seed=11, threshold=THRESHOLD, progress=False)


def test_lines_write_the_axis_titles_series_and_held_axes(sw: rc.SweepResult) -> None:
    chart = sw.plot.lines(
        x="fleet.nodes", by="staffing.sre.headcount", at={"settings.discount_rate": 0.3}
    )
    words = texts(chart)
    for expected in (
        "Nodes (with Services, Clusters)",  # x: a linked axis names its other paths
        "Savings over 3 years",
        "sre headcount",  # the legend's title
        "sre headcount = 1",
        "sre headcount = 4",
        "At Discount rate = 0.3",  # the held axis, as the subtitle
    ):
        assert expected in words, expected
    assert chart.options["subtitle"] == "At Discount rate = 0.3"
    # A subtitle given is printed instead.
    mine = sw.plot.lines(at={"settings.discount_rate": 0.3}, subtitle="Mine")
    assert "Mine" in texts(mine) and "At Discount rate = 0.3" not in texts(mine)


def test_heatmap_cells_are_the_held_table_values_as_money(sw: rc.SweepResult) -> None:
    # Holding the fleet leaves headcount × discount rate, the default pair.
    chart = sw.plot.heatmap(value="p50", at={"fleet.services": 20})
    words = texts(chart)
    assert chart.options["subtitle"] == "At Nodes = 100, Services = 20, Clusters = 2"
    for expected in ("sre headcount", "Discount rate", "1", "4", "0.1", "0.3", "p50 of savings"):
        assert expected in words, expected
    held = sw.output("savings").filter(pl.col("fleet.services") == 20)
    assert held.height == 4
    for p50 in held["p50"]:
        assert rc.format_money(p50, "USD") in words


def test_heatmap_of_a_linked_axis_labels_every_path_and_colours_by_probability(
    sw: rc.SweepResult,
) -> None:
    chart = sw.plot.heatmap(
        x="fleet.clusters", y="settings.discount_rate", at={"staffing.sre.headcount": 4}
    )
    words = texts(chart)
    for expected in (
        "10 / 2 / 1",
        "100 / 20 / 2",
        "1,000 / 200 / 10",
        "0.1",
        "0.3",
        "Nodes / Services / Clusters",
        "Discount rate",
        f"P(savings > {rc.format_money(THRESHOLD, 'USD')})",
        "At sre headcount = 4",
    ):
        assert expected in words, expected
    held = sw.output("savings").filter(pl.col("staffing.sre.headcount") == 4)
    for p in held["prob_above"]:
        assert rc.format_probability(p, decimals=0) in words


def test_the_default_axes_skip_the_held_ones_and_write_uses_them(
    sw: rc.SweepResult, tmp_path: Path
) -> None:
    chart = sw.plot.lines(at={"fleet.nodes": 100})
    words = texts(chart)
    assert "sre headcount" in words and "Discount rate = 0.1" in words
    folder = sw.write(tmp_path / "s", formats=("svg",), at={"fleet.nodes": 100})
    lines = (folder / "lines.svg").read_text(encoding="utf-8")
    heat = (folder / "heatmap.svg").read_text(encoding="utf-8")
    for svg in (lines, heat):
        assert "At Nodes = 100, Services = 20, Clusters = 2" in svg
    assert "Discount rate = 0.3" in lines


def test_the_x_axis_is_sorted_and_whole_numbers_are_grouped() -> None:
    sw = rc.sweep("fleet", {"fleet.nodes": [2000, 10, 150]}, trials=50, progress=False)
    chart = sw.plot.lines()
    words = texts(chart)
    assert "Nodes" in words
    assert chart.options["subtitle"] is None
    heat_sweep = rc.sweep(
        "fleet",
        {"fleet.nodes": [2000, 10], "staffing.sre.headcount": [1, 12000]},
        trials=20,
        progress=False,
    )
    heat = texts(heat_sweep.plot.heatmap(value="mean"))
    assert {"2,000", "10", "1", "12,000"} <= set(heat)


def test_a_table_valued_grid_value_is_written_and_held_by_value() -> None:
    rate = {"dist": "uniform", "low": 80, "high": 120}
    sw = rc.sweep(
        "fleet",
        {
            "staffing.sre.rate": [100, rate],
            "staffing.sre.headcount": [1, 2],
            "settings.discount_rate": [0.0, 0.1],
        },
        trials=30,
        progress=False,
    )
    heat = sw.plot.heatmap(
        x="staffing.sre.headcount",
        y="staffing.sre.rate",
        value="p50",
        at={"settings.discount_rate": 0.1},
    )
    words = texts(heat)
    assert "100" in words
    assert any("'dist': 'uniform'" in w for w in words)
    # The same table with a float and its keys in another order holds the same step.
    same = {"high": 120.0, "dist": "uniform", "low": 80}
    chart = sw.plot.lines(x="staffing.sre.headcount", at={"staffing.sre.rate": same})
    assert (
        chart.options["subtitle"]
        == "At sre hourly rate = {'dist': 'uniform', 'high': 120, 'low': 80}"
    )
    with pytest.raises(
        rc.ScenarioError, match="x: grid values of staffing.sre.rate must be numbers"
    ):
        sw.plot.lines(x="staffing.sre.rate", at={"settings.discount_rate": 0.1})
    with pytest.raises(rc.ScenarioError, match=r"not one of its grid values \(values: 100, \{"):
        sw.plot.lines(x="staffing.sre.headcount", at={"staffing.sre.rate": {**rate, "high": 121}})


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s: s.plot.lines(), r"hold settings\.discount_rate at one value with at="),
        (
            lambda s: s.plot.lines(x="fleet.node", at={"settings.discount_rate": 0.1}),
            "x: 'fleet.node' is not a grid path",
        ),
        (
            lambda s: s.plot.lines(by="fleet.services", at={"settings.discount_rate": 0.1}),
            "by: fleet.services is linked with x",
        ),
        (
            lambda s: s.plot.heatmap(y="fleet.clusters", at={"settings.discount_rate": 0.1}),
            "y: fleet.clusters is linked with x",
        ),
        (
            lambda s: s.plot.heatmap(value="median", at={"settings.discount_rate": 0.1}),
            "value must be one of prob_above, mean",
        ),
        (
            lambda s: s.plot.heatmap(output="repave.total", at={"settings.discount_rate": 0.1}),
            "threshold_output='repave.total'",
        ),
        (
            lambda s: s.plot.lines(output="repave.totl", at={"settings.discount_rate": 0.1}),
            "output: unknown output 'repave.totl'",
        ),
        (
            lambda s: s.plot.lines(at={"settings.discount_rate": 0.2}),
            r"0\.2 is not one of its grid values \(values: 0\.1, 0\.3\)",
        ),
        (
            lambda s: s.plot.lines(x="fleet.nodes", at={"fleet.clusters": 2}),
            "is on an axis the chart shows",
        ),
        (
            lambda s: s.plot.lines(at={"settings.discount_rate": float("nan")}),
            "at: settings.discount_rate",
        ),
    ],
)
def test_bad_sweep_chart_arguments_are_scenario_errors_naming_them(
    sw: rc.SweepResult, call: Any, match: str
) -> None:
    with pytest.raises(rc.ScenarioError, match=match) as info:
        call(sw)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s: s.plot.lines(x=1, at={"settings.discount_rate": 0.1}), "x must be a str"),
        (lambda s: s.plot.lines(by=2.0, at={"settings.discount_rate": 0.1}), "by must be a str"),
        (lambda s: s.plot.heatmap(y=b"y", at={"settings.discount_rate": 0.1}), "y must be a str"),
        (lambda s: s.plot.lines(output=None, at={"settings.discount_rate": 0.1}), "output must"),
        (lambda s: s.plot.heatmap(value=0.5, at={"settings.discount_rate": 0.1}), "value must"),
        (lambda s: s.plot.lines(subtitle=3, at={"settings.discount_rate": 0.1}), "subtitle must"),
        (lambda s: s.plot.lines(at={"settings.discount_rate": object()}), "cannot put object"),
        (lambda s: s.plot.lines(at={1: 0.1}), "at must be a mapping"),
    ],
)
def test_wrong_types_are_type_errors_naming_the_argument(
    sw: rc.SweepResult, call: Any, match: str
) -> None:
    with pytest.raises(TypeError, match=match):
        call(sw)


def test_the_sweep_charts_take_the_compiled_scenario_not_its_text(sw: rc.SweepResult) -> None:
    """The core's view of a sweep shares the compiled scenario; its JSON text (what it
    took before) or any other object is a TypeError naming the argument."""
    columns = [(name, sw.table[name].to_list()) for name in sw.table.columns]
    prov = (sw.seed, sw.n_trials, sw.method, sw.scenario_hash)
    with pytest.raises(TypeError, match="scenario"):
        rc._core.SweepCharts(columns, [], sw.scenario.to_json(), THRESHOLD, "savings", prov)  # type: ignore[arg-type]


def test_write_builds_the_core_view_of_the_sweep_once(
    sw: rc.SweepResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[object] = []
    original = rc._core.SweepCharts

    def counted(*args: Any) -> Any:
        made.append(args)
        return original(*args)

    monkeypatch.setattr(rc._core, "SweepCharts", counted)
    sw.write(tmp_path / "s", formats=("svg",), at={"fleet.nodes": 100})
    assert len(made) == 1


@pytest.mark.parametrize(("years", "span"), [(1, "1 year"), (2, "2 years")])
def test_the_y_title_counts_the_horizon_in_words(years: int, span: str) -> None:
    scenario = rc.Scenario.preset("fleet").replace({"settings.horizon_years": years})
    sweep = rc.sweep(
        scenario, {"staffing.sre.headcount": [1, 2]}, trials=50, seed=1, progress=False
    )
    assert f"Savings over {span}" in texts(sweep.plot.lines())
    assert f"repave total cost over {span}" in texts(sweep.plot.lines(output="repave.total"))
