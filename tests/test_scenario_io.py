"""Reading, writing, editing and pickling scenarios."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
import repave_cost as rc
from _helpers import activity, role, scenario, worked_example

PRESETS = ["vendor_initiative", "customer_repave", "fleet", "vm_fleet"]


def every_family() -> dict[str, Any]:
    """A scenario whose parameters use every distribution family."""
    params = {
        "fixed_": {"dist": "fixed", "value": 2.5},
        "uniform_": {"dist": "uniform", "low": 1, "high": 2},
        "triangular_": {"dist": "triangular", "low": 1, "mode": 1.5, "high": 4},
        "pert_": {"dist": "pert", "low": 1, "mode": 3, "high": 8},
        "pert_lambda": {"dist": "pert", "low": 1, "mode": 3, "high": 8, "lambda": 6},
        "normal_": {"dist": "normal", "mean": 5, "sd": 1, "low": 0},
        "normal_both": {"dist": "normal", "mean": 5, "sd": 1, "low": 0, "high": 9},
        "lognormal_": {"dist": "lognormal", "mu": 0.1, "sigma": 0.4},
        "ci90": {"dist": "lognormal_ci90", "p5": 2, "p95": 30},
        "beta_": {"dist": "beta", "alpha": 2, "beta": 5},
        "beta_scaled": {"dist": "beta", "alpha": 2, "beta": 5, "low": 10, "high": 20},
        "gamma_": {"dist": "gamma", "shape": 2, "scale": 1.5},
        "poisson_": {"dist": "poisson", "mean": 3},
        "bernoulli_": {"dist": "bernoulli", "p": 0.25},
        "discrete_": {"dist": "discrete", "values": [1, 2, 5], "weights": [1, 1, 2]},
        "discrete_eq": {"dist": "discrete", "values": [1, 2, 5]},
        "empirical_": {"dist": "empirical", "samples": [1.5, 2.5, 2.0, 9.25]},
        "alias": "pert_",
    }
    acts = [activity(f"use {k}", "yearly", cost=k) for k in params]
    acts.append(
        activity(
            "inline",
            "per_node",
            cycles_per_year={"dist": "uniform", "low": 1, "high": 3},
            probability=0.2,
            hours=1.25,
            people=2,
            role="sre",
            description="with a description",
        )
    )
    data = scenario(acts, nodes=10, parameters=params, horizon=2, discount=0.03)
    data["description"] = "every family"
    data["strategies"]["base"]["description"] = "the base strategy"
    data["settings"]["currency"] = "EUR"
    return data


SCENARIOS = {
    "worked": lambda: rc.Scenario(worked_example()),
    "families": lambda: rc.Scenario(every_family()),
    **{name: (lambda n=name: rc.Scenario.preset(n)) for name in PRESETS},
}


@pytest.mark.parametrize("name", list(SCENARIOS))
@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_load_save_load(name: str, suffix: str, tmp_path: Path) -> None:
    original = SCENARIOS[name]()
    path = tmp_path / f"scenario{suffix}"
    assert original.save(path) == path
    load = rc.Scenario.from_toml if suffix == ".toml" else rc.Scenario.from_json
    first = load(path)
    assert first == original
    assert first.to_dict() == original.to_dict()
    # Again, through a str path, and a second save is byte-identical.
    second_path = tmp_path / f"again{suffix}"
    first.save(str(second_path))
    assert load(str(second_path)) == original
    assert second_path.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_toml_and_json_carry_the_same_scenario(name: str) -> None:
    s = SCENARIOS[name]()
    from_toml = rc.Scenario.from_toml(s.to_toml())
    from_json = rc.Scenario.from_json(s.to_json())
    from_dict = rc.Scenario.from_dict(s.to_dict())
    assert from_toml == from_json == from_dict == s
    assert json.loads(from_toml.to_json()) == json.loads(s.to_json())


def test_round_trip_gives_identical_simulations(tmp_path: Path) -> None:
    s = rc.Scenario(every_family())
    s.save(tmp_path / "s.toml")
    back = rc.Scenario.from_toml(tmp_path / "s.toml")
    a = rc.simulate(s, trials=3000, seed=4, progress=False).trials
    b = rc.simulate(back, trials=3000, seed=4, progress=False).trials
    assert a.equals(b)


def test_preset_text_round_trips() -> None:
    for name in PRESETS:
        s = rc.Scenario.preset(name)
        assert s.name == name
        assert rc.Scenario.from_toml(s.to_toml()) == s


def test_text_and_paths_are_both_accepted(tmp_path: Path) -> None:
    s = rc.Scenario(worked_example())
    assert rc.Scenario.from_toml(s.to_toml()) == s
    assert rc.Scenario.from_json(s.to_json()) == s
    p = tmp_path / "w.toml"
    p.write_text(s.to_toml(), encoding="utf-8")
    assert rc.Scenario.from_toml(p) == s
    assert rc.Scenario.from_toml(str(p)) == s


def test_defaults_are_filled_in() -> None:
    minimal = {
        "staffing": {"sre": {"rate": 100, "headcount": 2}},
        "strategies": {
            "a": {"activities": [{"name": "x", "driver": "per_node", "hours": 1, "role": "sre"}]},
            "b": {},
        },
        "comparison": {"baseline": "a", "alternative": "b"},
    }
    d = rc.Scenario(minimal).to_dict()
    assert d["settings"] == {"horizon_years": 3, "discount_rate": 0, "currency": "USD"}
    assert d["fleet"] == {"nodes": 0, "services": 0, "clusters": 0, "growth": 0}
    sre = d["staffing"]["sre"]
    assert (sre["hours_per_year"], sre["available_share"], sre["overflow_multiplier"]) == (
        1800,
        1,
        1.5,
    )
    act = d["strategies"]["a"]["activities"][0]
    assert (act["people"], act["cost"]) == (1, 0)
    assert "cycles_per_year" not in act and "probability" not in act
    assert d["strategies"]["b"]["activities"] == []


def test_save_refuses_other_suffixes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="toml or .json"):
        rc.Scenario(worked_example()).save(tmp_path / "s.yaml")


# --- replace ------------------------------------------------------------------------------------


def test_replace_by_index_and_by_name() -> None:
    s = rc.Scenario(worked_example())
    by_index = s.replace({"strategies.repave.activities[0].hours": 3})
    by_name = s.replace({"strategies.repave.activities.rebuild nodes.hours": 3})
    assert by_index == by_name != s
    assert by_index.to_dict()["strategies"]["repave"]["activities"][0]["hours"] == 3
    # The original is unchanged (scenarios are values).
    assert s.to_dict()["strategies"]["repave"]["activities"][0]["hours"] == 2
    # Several edits at once, including settings and staffing.
    more = s.replace({"fleet.nodes": 500, "staffing.sre.headcount": 4, "settings.horizon_years": 5})
    d = more.to_dict()
    assert (d["fleet"]["nodes"], d["staffing"]["sre"]["headcount"]) == (500, 4)
    assert d["settings"]["horizon_years"] == 5


def test_replace_changes_the_result() -> None:
    s = rc.Scenario(worked_example())
    # Immutable strategy: 12 h a year at $100 → 1,000 h makes 300 h cost 1.5× over 200 h cap.
    t = s.replace({"strategies.immutable.activities[0].hours": 1000 / 12})
    r = rc.simulate(t, trials=2, progress=False)
    year = 100 * (200 + 1.5 * 800)
    want = 4000 + year / 1.1 + year / 1.21
    assert r.trials["immutable.total"][0] == pytest.approx(want, rel=1e-9)


def test_replace_with_a_distribution_object_and_a_parameter_name() -> None:
    s = rc.Scenario(worked_example())
    with_dist = s.replace({"strategies.repave.activities[0].hours": rc.pert(1, 2, 6)})
    spec = with_dist.to_dict()["strategies"]["repave"]["activities"][0]["hours"]
    assert spec == {"dist": "pert", "low": 1, "mode": 2, "high": 6}
    r = rc.simulate(with_dist, trials=200, progress=False)
    hours = r.trials["strategies.repave.rebuild nodes.hours"].to_numpy()
    assert hours.min() >= 1 and hours.max() <= 6 and hours.std() > 0

    with_param = s.replace(
        {
            "strategies.repave.activities[0].hours": "rebuild",
            "strategies.immutable.activities.node-pool upgrade.hours": "rebuild",
        },
        new_parameters={"rebuild": {"dist": "uniform", "low": 1, "high": 3}},
    )
    d = with_param.to_dict()
    assert d["strategies"]["repave"]["activities"][0]["hours"] == "rebuild"
    r = rc.simulate(with_param, trials=200, progress=False)
    assert "rebuild" in r.trials.columns
    assert "strategies.repave.rebuild nodes.hours" not in r.trials.columns


def test_replace_sets_optional_fields() -> None:
    s = rc.Scenario(worked_example())
    t = s.replace({"strategies.repave.activities[0].probability": 0.5})
    assert t.to_dict()["strategies"]["repave"]["activities"][0]["probability"] == 0.5


def test_replace_whole_tables_and_lists() -> None:
    s = rc.Scenario(worked_example())
    t = s.replace(
        {
            "staffing.sre": role(rate=60),
            "strategies.immutable.activities": [activity("nothing", "yearly", cost=1)],
        }
    )
    d = t.to_dict()
    assert d["staffing"]["sre"]["rate"] == 60
    assert [a["name"] for a in d["strategies"]["immutable"]["activities"]] == ["nothing"]


# --- pickling, equality, repr -------------------------------------------------------------------


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_pickle(name: str) -> None:
    s = SCENARIOS[name]()
    back = pickle.loads(pickle.dumps(s))
    assert back == s and hash(back) == hash(s)
    assert back.to_json() == s.to_json()


def test_repr_names_the_scenario_and_its_strategies() -> None:
    text = repr(rc.Scenario.preset("vendor_initiative"))
    assert "vendor_initiative" in text
    assert "build_on_request" in text and "ask_why_first" in text
    text = repr(rc.Scenario(worked_example()))
    assert "worked example" in text and "repave" in text and "immutable" in text


def test_properties() -> None:
    s = rc.Scenario(every_family())
    assert s.name == "test"
    assert s.description == "every family"
    assert s.strategies == ["alt", "base"]
    assert (s.baseline, s.alternative, s.currency) == ("base", "alt", "EUR")


@pytest.mark.parametrize("name", list(rc.presets()))
def test_properties_agree_with_the_scenario_as_a_dict(name: str) -> None:
    """The properties read the compiled scenario; its dict is the independent view."""
    s = rc.Scenario.preset(name).replace({"settings.horizon_years": 7})
    d = s.to_dict()
    assert s.name == d.get("name") and s.description == d.get("description")
    assert s.strategies == sorted(d["strategies"])
    assert (s.baseline, s.alternative) == (
        d["comparison"]["baseline"],
        d["comparison"]["alternative"],
    )
    assert s.currency == d["settings"]["currency"]
    assert s.horizon_years == d["settings"]["horizon_years"] == 7


def test_equality_and_hash() -> None:
    a = rc.Scenario(worked_example())
    b = rc.Scenario.from_json(a.to_json())
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != a.replace({"fleet.nodes": 11})
    assert a != "not a scenario"


def test_scenario_needs_a_mapping() -> None:
    with pytest.raises(TypeError):
        rc.Scenario(["not", "a", "mapping"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value", [5.852126021727315e-187, 0.1, 1 / 3, 2.2250738585072014e-308, 5e-324, 1e300]
)
def test_numbers_survive_every_round_trip_exactly(value: float, tmp_path: Path) -> None:
    # JSON text used to be parsed with a fast, not correctly rounded, float reader: some
    # numbers came back one ulp off.
    s = rc.Scenario(worked_example()).replace({"strategies.repave.activities[0].cost": value})
    assert s.to_dict()["strategies"]["repave"]["activities"][0]["cost"] == value
    for suffix in (".toml", ".json"):
        path = s.save(tmp_path / f"s{suffix}")
        load = rc.Scenario.from_toml if suffix == ".toml" else rc.Scenario.from_json
        back = load(path)
        assert back.to_dict()["strategies"]["repave"]["activities"][0]["cost"] == value
        assert back == s
