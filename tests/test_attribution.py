"""Savings by practice (``Result.attribution``): the parts add up to savings in every trial,
each part is its practice's cost difference, and the tags reach the breakdown, the chart
and the report."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import activity, scenario


def _ordered_sum(frame: pl.DataFrame) -> np.ndarray:
    """The practice columns of a per-trial attribution added left to right (numpy, one
    column at a time, so the order is the table's)."""
    parts = [c for c in frame.columns if c != "savings"]
    total = np.zeros(frame.height)
    for c in parts:
        total = total + frame[c].to_numpy()
    return total


@pytest.mark.parametrize("preset", sorted(rc.presets()))
@pytest.mark.parametrize("method", ["random", "lhs"])
def test_parts_add_up_to_savings_in_every_trial(preset: str, method: str) -> None:
    r = rc.simulate(preset, trials=2_000, seed=3, method=method)
    per_trial = r.attribution(per_trial=True)
    assert per_trial["savings"].to_list() == r.trials["savings"].to_list()
    assert np.array_equal(_ordered_sum(per_trial), r.trials["savings"].to_numpy())
    table = r.attribution()
    # The means add up to the mean saving (to rounding of the means).
    mean = r.trials["savings"].mean()
    assert table["mean"].sum() == pytest.approx(mean, rel=1e-9, abs=1e-6)
    assert table["output"].to_list() == [c for c in per_trial.columns if c != "savings"]


def _tagged() -> dict:
    """Repave work with an uncertain duration, a rotation cost, patching the same in both
    strategies and a one-time platform cost in the alternative."""
    return scenario(
        [
            activity(
                "rebuild",
                "per_node",
                cycles_per_year=12,
                hours={"dist": "uniform", "low": 1, "high": 3},
                role="sre",
                practice="repave",
            ),
            activity("keys", "yearly", cost=500, practice="rotate"),
            activity("patch", "per_node", hours=1, role="sre", practice="repair"),
        ],
        [
            activity("patch", "per_node", hours=1, role="sre", practice="repair"),
            activity(
                "platform", "once", cost={"dist": "normal", "mean": 1000, "sd": 100, "low": 0}
            ),
        ],
        horizon=3,
        nodes=10,
    )


def test_each_part_is_its_practice_cost_difference_trial_by_trial() -> None:
    r = rc.simulate(_tagged(), trials=4_000, seed=11)
    t = r.trials
    per_trial = r.attribution(per_trial=True)
    assert per_trial.columns == [
        "savings.repave",
        "savings.rotate",
        "savings.repair",
        "savings.other",
        "savings",
    ]
    hours = t["strategies.base.rebuild.hours"].to_numpy()
    platform = t["strategies.alt.platform.cost"].to_numpy()
    # 10 nodes × 12 a year × hours × $100 × 3 years; $500 × 3; the same patching; minus
    # the alternative's platform.
    np.testing.assert_allclose(per_trial["savings.repave"], 36_000 * hours, rtol=1e-12)
    np.testing.assert_allclose(per_trial["savings.rotate"], 1_500.0, rtol=1e-12)
    np.testing.assert_allclose(per_trial["savings.repair"], 0.0, atol=1e-6)
    np.testing.assert_allclose(per_trial["savings.other"], -platform, rtol=1e-12)
    table = r.attribution()
    assert table["practice"].to_list() == ["repave", "rotate", "repair", "other"]
    row = table.row(0, named=True)
    assert row["mean"] == pytest.approx(36_000 * hours.mean(), rel=1e-12)
    assert row["p50"] == pytest.approx(np.quantile(36_000 * hours, 0.5), rel=1e-12)
    assert row["share"] == pytest.approx(row["mean"] / t["savings"].mean(), rel=1e-12)


def test_untagged_activities_are_other_and_only_used_practices_are_listed() -> None:
    s = _tagged()
    for strategy in s["strategies"].values():
        for a in strategy["activities"]:
            if a["name"] != "rebuild":
                a.pop("practice", None)
    r = rc.simulate(s, trials=200, seed=1)
    assert r.attribution()["practice"].to_list() == ["repave", "other"]


def test_breakdown_names_each_activity_practice() -> None:
    r = rc.simulate(_tagged(), trials=200, seed=1)
    b = r.breakdown()
    assert b.columns[:5] == ["strategy", "activity", "role", "practice", "year"]
    tags = dict(zip(b["activity"], b["practice"]))
    assert tags == {
        "rebuild": "repave",
        "keys": "rotate",
        "patch": "repair",
        "platform": "other",
    }


def test_every_preset_activity_is_tagged() -> None:
    import tomllib

    for name in rc.presets():
        text = rc.Scenario.preset(name).to_toml() and _core_preset_text(name)
        parsed = tomllib.loads(text)
        tags = [
            a.get("practice")
            for strategy in parsed["strategies"].values()
            for a in strategy["activities"]
        ]
        # Every activity says its practice in the file, "other" included.
        assert all(t in ("repave", "rotate", "repair", "other") for t in tags), (name, tags)
        assert "repave" in tags, name


def _core_preset_text(name: str) -> str:
    from repave_cost import _core

    return _core.preset_toml(name)


def test_a_misspelt_practice_is_an_error_naming_the_field() -> None:
    s = _tagged()
    s["strategies"]["base"]["activities"][0]["practice"] = "repaving"
    with pytest.raises(rc.ScenarioError) as err:
        rc.Scenario.from_dict(s)
    assert "strategies.base.activities[0].practice" in str(err.value)
    assert "repave" in str(err.value)


def test_practice_survives_a_toml_round_trip_and_replace() -> None:
    scn = rc.Scenario.from_dict(_tagged())
    again = rc.Scenario.from_toml(scn.to_toml())
    assert again.to_dict() == scn.to_dict()
    changed = scn.replace({"strategies.base.activities.keys.practice": "repair"})
    r = rc.simulate(changed, trials=100, seed=0)
    assert "rotate" not in r.attribution()["practice"].to_list()


def test_chart_sentence_and_report() -> None:
    r = rc.simulate(_tagged(), trials=500, seed=2)
    assert "<svg" in r.plot.attribution().to_svg()
    from repave_cost.attribution import attribution_sentence

    sentence = attribution_sentence(r)
    means = r.attribution()["mean"].to_list()
    assert sentence.startswith(f"Of {rc.format_money(r.trials['savings'].mean(), 'USD')} saved")
    assert f"dropping Repave accounts for {rc.format_money(means[0], 'USD')}" in sentence
    assert f"Rotate {rc.format_money(means[1], 'USD')}" in sentence


def test_report_writes_the_chart_and_the_sentence(tmp_path) -> None:
    from repave_cost.attribution import attribution_sentence

    r = rc.simulate("customer_repave", trials=500, seed=2)
    folder = rc.report(r, tmp_path / "out", formats=["svg"])
    assert "<svg" in (folder / "attribution.svg").read_text()
    assert attribution_sentence(r) in (folder / "summary.md").read_text()
