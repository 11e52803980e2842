"""The built-in presets: listed, valid, and calibrated as the story says."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
import repave_cost as rc

NAMES = ["vendor_initiative", "customer_repave", "fleet"]


def test_presets_lists_three_with_descriptions() -> None:
    listed = rc.presets()
    assert sorted(listed) == sorted(NAMES)
    for name, description in listed.items():
        assert isinstance(description, str) and len(description) > 20, name
        assert rc.Scenario.preset(name).description == description


@pytest.mark.parametrize("name", NAMES)
def test_each_preset_is_a_valid_ordinary_scenario(name: str) -> None:
    s = rc.Scenario.preset(name)
    assert s.name == name
    assert s.baseline in s.strategies and s.alternative in s.strategies
    assert s.baseline != s.alternative
    assert rc.Scenario.from_dict(s.to_dict()) == s
    r = rc.simulate(name, trials=500, progress=False)
    assert r.scenario == s
    assert np.isfinite(r.trials["savings"].to_numpy()).all()


def uncertain_inputs(r: rc.Result) -> list[str]:
    return [c for c in r.trials.columns if c not in r.outputs and c != "payback_year"]


def test_vendor_initiative_calibration() -> None:
    r = rc.simulate("vendor_initiative", trials=20_000, seed=0, progress=False)
    assert r.baseline == "build_on_request"
    cost = r.trials["build_on_request.total"].to_numpy()
    assert np.quantile(cost, 0.05) >= 50_000
    assert 70_000 <= np.median(cost) <= 100_000
    row = r.summary().filter(pl.col("output") == "build_on_request.total").row(0, named=True)
    assert row["p5"] >= 50_000 and 70_000 <= row["p50"] <= 100_000
    # All of it is one-time work in year 0.
    np.testing.assert_array_equal(cost, r.trials["build_on_request.one_time"].to_numpy())
    # Asking first is cheaper in most trials (the initiative is rarely needed).
    assert np.mean(r.trials["savings"].to_numpy() > 0) > 0.8


def test_customer_repave_calibration() -> None:
    s = rc.Scenario.preset("customer_repave")
    d = s.to_dict()
    assert d["settings"]["discount_rate"] == 0
    r = rc.simulate(s, trials=20_000, seed=0, progress=False)
    yearly = r.trials["savings"].to_numpy() / d["settings"]["horizon_years"]
    assert np.median(yearly) >= 50_000


def test_fleet_runs_with_many_uncertain_inputs() -> None:
    r = rc.simulate("fleet", trials=2000, seed=0, progress=False)
    inputs = uncertain_inputs(r)
    assert len(inputs) >= 15, inputs
    for name in inputs:
        assert r.trials[name].n_unique() > 1, name
    s = r.summary().filter(pl.col("output") == "savings").row(0, named=True)
    assert np.isfinite(s["mean"]) and s["sd"] > 0
    # Every strategy uses the SRE role; the table of labour has every year.
    lab = r.labour()
    assert set(lab["year"].to_list()) == {1, 2, 3}


def test_preset_name_must_be_a_string() -> None:
    with pytest.raises(TypeError):
        rc.Scenario.preset(3)  # type: ignore[arg-type]
