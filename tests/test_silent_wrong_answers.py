"""Typos and meaningless thresholds are errors or explicit, never silent: unused parameters,
paths that name nothing (``replace``, sweep grids, ``--grid``), thresholds that name their
output, ``savings_per_year``, and error messages a new user can act on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import activity, scenario
from repave_cost import cli


def repave_cost(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "repave_cost.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def error_of(call: Any) -> str:
    with pytest.raises(rc.ScenarioError) as err:
        call()
    return str(err.value)


# --- a typo in a path is an error, in replace, in a sweep and on the command line -------------


def test_replace_with_a_misspelt_parameter_is_an_error() -> None:
    fleet = rc.Scenario.preset("fleet")
    message = error_of(lambda: fleet.replace({"parameters.change_failure_rat": 0.9}))
    assert message.startswith(
        'parameters.change_failure_rat: no parameter "change_failure_rat" in parameters; '
        'did you mean "change_failure_rate"? (parameters: '
    ), message
    # The real one still changes.
    changed = fleet.replace({"parameters.change_failure_rate": 0.9})
    assert changed.to_dict()["parameters"]["change_failure_rate"] == 0.9


#: The fleet preset's repave activities, in file order (the error lists them so).
FLEET_REPAVE_ACTIVITIES = rc.Scenario.preset("fleet").to_dict()["strategies"]["repave"][
    "activities"
]


@pytest.mark.parametrize(
    ("path", "said"),
    [
        pytest.param(
            "fleet.nodez",
            'fleet.nodez: fleet has no field "nodez"; did you mean "nodes"? '
            "(fields: nodes, services, clusters, growth)",
            id="fleet-field",
        ),
        pytest.param(
            "staffing.SRE.headcount",
            'staffing.SRE.headcount: no role "SRE" in staffing; did you mean "sre"? '
            "(roles: cab, qa, security, sre)",
            id="role-case",
        ),
        pytest.param(
            "strategies.repave.activities.rebuild nodes.hours",
            'no activity named "rebuild nodes" in strategies.repave.activities (activities: '
            + ", ".join(a["name"] for a in FLEET_REPAVE_ACTIVITIES[:2]),
            id="activity-name-lists-the-names",
        ),
        pytest.param(
            "strategies.repave.activities.repave: hands-on fx.hours",
            'did you mean "repave: hands-on fix"?',
            id="activity-name-near",
        ),
        pytest.param(
            "strategies.repav.activities[0].hours",
            'no strategy "repav" in strategies; did you mean "repave"? '
            "(strategies: immutable, repave)",
            id="strategy",
        ),
    ],
)
def test_a_path_that_names_nothing_is_an_error_listing_what_exists(path: str, said: str) -> None:
    fleet = rc.Scenario.preset("fleet")
    assert said in error_of(lambda: fleet.replace({path: 1})), path
    grid_message = error_of(lambda: rc.sweep(fleet, {path: [1, 2]}, trials=20, progress=False))
    assert said in grid_message, grid_message
    assert "grid point" not in grid_message  # reported once, not per point


def test_replace_keeps_valid_uses_working() -> None:
    fleet = rc.Scenario.preset("fleet")
    changed = fleet.replace(
        {
            "settings.discount_rate": 0.05,  # defaulted
            "staffing.sre.overflow_multiplier": 2,  # a role field with a default
            "strategies.repave.activities[0].probability": 0.5,  # optional, not set
            "parameters.rate_sre.high": 200,  # a key inside a distribution
        }
    )
    d = changed.to_dict()
    assert d["settings"]["discount_rate"] == 0.05
    assert d["staffing"]["sre"]["overflow_multiplier"] == 2
    assert d["strategies"]["repave"]["activities"][0]["probability"] == 0.5
    assert d["parameters"]["rate_sre"]["high"] == 200


def test_replace_adds_parameters_only_through_new_parameters() -> None:
    fleet = rc.Scenario.preset("fleet")
    added = fleet.replace(
        {"staffing.sre.rate": "rate_ops"}, new_parameters={"rate_ops": rc.pert(60, 80, 120)}
    )
    d = added.to_dict()
    assert d["staffing"]["sre"]["rate"] == "rate_ops"
    # rate_sre named only staffing.sre.rate: it no longer means anything and is dropped.
    assert "rate_sre" not in d["parameters"] and "rate_ops" in d["parameters"]
    assert rc.Scenario.from_toml(added.to_toml()) == added
    message = error_of(lambda: fleet.replace({}, new_parameters={"spare": 3}))
    assert message.startswith('parameters.spare: no field uses parameter "spare"'), message
    message = error_of(lambda: fleet.replace({}, new_parameters={"rate_sre": 3}))
    assert 'parameter "rate_sre" exists already' in message


def test_a_grid_over_a_field_that_names_a_parameter_drops_it_at_each_point() -> None:
    sw = rc.sweep("fleet", {"staffing.sre.rate": [80, 120]}, trials=200, progress=False)
    means = sw.output("repave.total")["mean"].to_list()
    assert means[0] < means[1]


def test_cli_sweep_with_a_misspelt_grid_path_exits_2_and_says_so() -> None:
    proc = repave_cost(
        "sweep", "--preset", "fleet", "--grid", "parameters.hands_on_shar=0.01,0.1",
        "--trials", "50",
    )  # fmt: skip
    assert proc.returncode == 2, proc.stdout
    assert proc.stderr.startswith(
        'repave-cost: error: parameters.hands_on_shar: no parameter "hands_on_shar" in '
        'parameters; did you mean "hands_on_share"?'
    ), proc.stderr


# --- a parameter nothing uses is an error -------------------------------------------------------


def base() -> dict[str, Any]:
    return scenario(
        [activity("rebuild", "per_node", hours="rebuild_hours", role="sre", probability="p")],
        [activity("upgrade", "yearly", hours=1, role="sre")],
        nodes=10,
        parameters={"rebuild_hours": 2, "p": 0.1},
    )


def test_a_parameter_nothing_uses_is_an_error_with_did_you_mean() -> None:
    d = base()
    d["parameters"]["rebuild_hour"] = 3
    message = error_of(lambda: rc.Scenario(d))
    assert message == (
        'parameters.rebuild_hour: no field uses parameter "rebuild_hour" (did you mean '
        '"rebuild_hours"?); remove it, or name it in the field it is meant for'
    )


def test_a_field_naming_a_misspelt_parameter_suggests_the_defined_one() -> None:
    d = base()
    d["strategies"]["base"]["activities"][0]["hours"] = "rebuild_hour"
    message = error_of(lambda: rc.Scenario(d))
    assert (
        'strategies.base.activities[0].hours (activity "rebuild"): undefined parameter '
        '"rebuild_hour"; did you mean "rebuild_hours"? (defined: p, rebuild_hours)'
    ) in message
    assert 'parameters.rebuild_hours: no field uses parameter "rebuild_hours"' in message


def test_every_preset_uses_every_parameter() -> None:
    for name in rc.presets():
        s = rc.Scenario.preset(name)
        assert s.to_dict()["parameters"], name  # the rule is exercised on real presets
        rc.simulate(s, trials=5, progress=False)


# --- error messages -----------------------------------------------------------------------------


def test_a_probability_of_8_through_a_parameter_is_reported_once_at_the_parameter() -> None:
    d = base()
    d["parameters"]["p"] = 8
    d["strategies"]["alt"]["activities"].append(
        activity("incident", "yearly", probability="p", cost=5)
    )
    message = error_of(lambda: rc.Scenario(d))
    assert message == (
        "parameters.p: is 8, but the 2 fields that name it must be in [0, 1]: "
        "strategies.alt.activities[1].probability, strategies.base.activities[0].probability"
    )


def test_activities_are_named_in_messages() -> None:
    d = base()
    d["strategies"]["base"]["activities"][0]["cost"] = {
        "dist": "pert",
        "low": 1,
        "mode": 5,
        "high": 3,
    }
    message = error_of(lambda: rc.Scenario(d))
    assert message == (
        'strategies.base.activities[0].cost (activity "rebuild"): PERT mode 5 is above high 3'
    )


def test_a_fractional_horizon_says_whole_number() -> None:
    d = base()
    d["settings"]["horizon_years"] = 2.5
    assert error_of(lambda: rc.Scenario(d)) == (
        "settings.horizon_years: must be a whole number of years in [1, 100], got 2.5"
    )


def test_a_percentage_in_a_toml_file_says_write_a_number(tmp_path: Path) -> None:
    text = rc.Scenario(base()).to_toml().replace("discount_rate = 0", "discount_rate = 8%")
    assert "discount_rate = 8%" in text
    path = tmp_path / "pct.toml"
    path.write_text(text, encoding="utf-8")
    proc = repave_cost("run", path, "--trials", "10")
    assert proc.returncode == 2
    assert proc.stderr.rstrip().endswith(
        "discount_rate = 8% is not a number: TOML has no percentages; write the share as a "
        "number, discount_rate = 0.08"
    ), proc.stderr


def test_cli_prints_several_problems_one_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = base()
    d["fleet"]["nodes"] = -1
    d["strategies"]["base"]["activities"][0]["role"] = "SRE"
    file = tmp_path / "two.json"
    file.write_text(json.dumps(d), encoding="utf-8")
    assert cli.main(["run", str(file), "--trials", "10"]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "repave-cost: error: 2 problems in the scenario:",
        "  - fleet.nodes: must be ≥ 0, got -1",
        '  - strategies.base.activities[0].role (activity "rebuild"): unknown role "SRE"; '
        'did you mean "sre"? (roles in staffing: sre)',
    ]


# --- thresholds name their output; savings_per_year --------------------------------------------


def test_savings_per_year_is_savings_over_the_horizon() -> None:
    r = rc.simulate("fleet", trials=2000, seed=3, progress=False)
    t = r.trials
    np.testing.assert_array_equal(
        t["savings_per_year"].to_numpy(), t["savings"].to_numpy() / r.horizon_years
    )
    assert "savings_per_year" in r.outputs
    row = r.summary().filter(pl.col("output") == "savings_per_year").row(0, named=True)
    assert row["mean"] == pytest.approx(t["savings"].mean() / r.horizon_years, rel=1e-12)


def test_a_threshold_applies_to_its_output_only() -> None:
    r = rc.simulate("fleet", trials=3000, seed=4, progress=False)
    yearly = r.trials["savings_per_year"].to_numpy()
    s = r.summary(threshold=50_000, threshold_output="savings_per_year")
    by = {row["output"]: row["prob_above"] for row in s.iter_rows(named=True)}
    assert by.pop("savings_per_year") == np.count_nonzero(yearly > 50_000) / yearly.size
    assert all(p is None for p in by.values()), by
    default = r.summary(300_000)
    by = {row["output"]: row["prob_above"] for row in default.iter_rows(named=True)}
    assert by.pop("savings") == np.mean(r.trials["savings"].to_numpy() > 300_000)
    assert all(p is None for p in by.values()), by
    message = error_of(lambda: r.summary(1.0, threshold_output="saving_per_year"))
    assert 'unknown output "saving_per_year"; did you mean "savings_per_year"?' in message


def test_a_sweep_threshold_applies_to_its_output_only() -> None:
    sw = rc.sweep(
        "fleet", {"fleet.nodes": [50, 500]}, trials=500, threshold=20_000,
        threshold_output="savings_per_year", progress=False,
    )  # fmt: skip
    t = sw.table
    assert t.filter(pl.col("output") == "savings_per_year")["prob_above"].null_count() == 0
    assert (
        t.filter(pl.col("output") != "savings_per_year")["prob_above"].null_count()
        == t.filter(pl.col("output") != "savings_per_year").height
    )
    message = error_of(
        lambda: rc.sweep("fleet", {"fleet.nodes": [5]}, trials=5, threshold_output="nope")
    )
    assert 'unknown output "nope"' in message


def test_cli_threshold_names_its_output(tmp_path: Path) -> None:
    out = tmp_path / "rep"
    proc = repave_cost(
        "run", "--preset", "fleet", "--trials", "500", "--threshold", "savings_per_year=50000",
        "--out", out, "--format", "svg",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    summary = pl.read_csv(out / "summary.csv")
    row = summary.filter(pl.col("output") == "savings_per_year").row(0, named=True)
    trials = pl.read_parquet(out / "trials.parquet")
    assert row["prob_above"] == pytest.approx(float((trials["savings_per_year"] > 50_000).mean()))
    assert summary.filter(pl.col("output") == "savings")["prob_above"].null_count() == 1
    assert "saving more than $50K a year" in (out / "summary.md").read_text(encoding="utf-8")
    bad = repave_cost("run", "--preset", "fleet", "--trials", "10", "--threshold", "x=y")
    assert bad.returncode == 2 and "--threshold" in bad.stderr


def test_charts_of_savings_get_the_threshold_on_their_own_scale() -> None:
    from repave_cost.report import savings_threshold

    r = rc.simulate("fleet", trials=200, progress=False)
    t = r.trials
    on_savings = savings_threshold(r, 50_000, "savings_per_year")
    assert on_savings == 50_000 * r.horizon_years
    # The same trials exceed both.
    assert ((t["savings"] > on_savings) == (t["savings_per_year"] > 50_000)).all()
    assert savings_threshold(r, 7.0, "savings") == 7.0
    assert savings_threshold(r, 7.0, "repave.total") is None


def test_a_heatmap_of_prob_above_needs_the_threshold_on_its_output(tmp_path: Path) -> None:
    sw = rc.sweep(
        "fleet", {"fleet.nodes": [10, 100], "staffing.sre.headcount": [2, 4]}, trials=50,
        threshold=1e4, progress=False,
    )  # fmt: skip
    sw.plot.heatmap()  # savings: the threshold's output
    message = error_of(lambda: sw.plot.heatmap(output="repave.total"))
    assert "'prob_above' is there only for the threshold's output ('savings')" in message
    sw.plot.heatmap(output="repave.total", value="p50")
    sw.write(tmp_path / "out", formats=["svg"], output="repave.total")  # falls back to p50


def test_the_sweep_table_in_jupyter_shows_the_threshold_output() -> None:
    sw = rc.sweep(
        "fleet", {"fleet.nodes": [10, 100]}, trials=100, threshold=1e4,
        threshold_output="savings_per_year", progress=False,
    )  # fmt: skip
    page = sw._repr_html_()
    assert "P(savings per year &gt; $10K)" in page  # the registry label, not the name
    want = sw.output("savings_per_year")["prob_above"].to_list()
    from repave_cost._format import percent

    for p in want:
        assert f"<td>{percent(p)}</td>" in page


def test_a_misspelt_path_on_a_linked_axis_is_an_error() -> None:
    message = error_of(
        lambda: rc.sweep(
            "fleet",
            {("fleet.nodes", "fleet.clusterz"): [(10, 1), (20, 2)]},
            trials=10,
            progress=False,
        )  # fmt: skip
    )
    assert message.startswith(
        'fleet.clusterz: fleet has no field "clusterz"; did you mean "clusters"?'
    ), message
    proc = repave_cost(
        "sweep", "--preset", "fleet", "--link", "fleet.nodes,staffing.SRE.headcount=10:1,20:2",
        "--trials", "10",
    )  # fmt: skip
    assert proc.returncode == 2
    assert 'no role "SRE" in staffing; did you mean "sre"?' in proc.stderr, proc.stderr
