"""The built-in presets: listed, valid, fair, and checked against independent computations.

Nothing here compares a preset's result with a figure from the story: the presets are not
calibrated (docs/model.md, "What makes a comparison fair"). The tests check structure and
fairness (the work both strategies share is charged identically), the derivations written in
the presets (dwell bounds, breach-cost shares), and the engine's numbers against an
independent numpy model (benches/check_presets.py) and a per-trial recomputation.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import repave_cost as rc

NAMES = ["vendor_initiative", "customer_repave", "fleet", "vm_fleet"]
ROOT = Path(__file__).resolve().parent.parent
FIELDS = ["driver", "cycles_per_year", "probability", "hours", "role", "people", "cost"]

# Work both strategies share is charged identically: same name, same inputs, same driver.
# The only exceptions are the practice differences listed here, field by field.
ALLOWED_DIFFERENCES: dict[str, dict[str, set[str]]] = {
    # the initiative is built only when still needed once the vendor has asked
    "vendor_initiative": {"*": {"probability"}},
    # nodes are replaced more often with the repave, which bounds the dwell of a foothold
    "customer_repave": {"persistent compromise: cost of dwell": {"cycles_per_year"}},
    "fleet": {"persistent compromise: cost of dwell": {"cycles_per_year"}},
    # a foothold lasts until found on a VM patched in place, until the next repave otherwise
    "vm_fleet": {"persistent compromise: cost of dwell": {"cycles_per_year"}},
}
PRACTICES = ("Repair", "Rotate", "Repave", "Risk", "Initiative", "Ask why")


def strategies(name: str) -> tuple[dict[str, Any], dict[str, dict[str, Any]], str, str]:
    data = rc.Scenario.preset(name).to_dict()
    acts = {s: {a["name"]: a for a in st["activities"]} for s, st in data["strategies"].items()}
    return data, acts, data["comparison"]["baseline"], data["comparison"]["alternative"]


def load_check_presets() -> Any:
    path = ROOT / "benches" / "check_presets.py"
    spec = importlib.util.spec_from_file_location("check_presets", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_presets"] = module
    spec.loader.exec_module(module)
    return module


# --- listing and validity --------------------------------------------------------------------


def test_presets_lists_four_with_descriptions() -> None:
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


@pytest.mark.parametrize("name", NAMES)
def test_the_shipped_file_is_the_preset(name: str) -> None:
    text = (ROOT / "presets" / f"{name}.toml").read_text(encoding="utf-8")
    assert rc.Scenario.from_toml(text) == rc.Scenario.preset(name)


# --- fairness --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_shared_work_is_charged_identically(name: str) -> None:
    _, acts, base, alt = strategies(name)
    shared = sorted(set(acts[base]) & set(acts[alt]))
    assert shared, "the strategies share no work at all"
    allowed = ALLOWED_DIFFERENCES[name]
    for act in shared:
        may_differ = allowed.get(act, allowed.get("*", set()))
        for field in FIELDS:
            if field in may_differ:
                continue
            assert acts[base][act].get(field) == acts[alt][act].get(field), (act, field)
    # every allowed difference is used: a stale exception would hide an unfair change
    for act, may_differ in allowed.items():
        if act == "*":
            continue
        assert act in shared, act
        assert any(acts[base][act].get(f) != acts[alt][act].get(f) for f in may_differ), act


@pytest.mark.parametrize("name", NAMES)
def test_every_activity_names_its_practice(name: str) -> None:
    _, acts, _, _ = strategies(name)
    for sname, by_name in acts.items():
        for act, a in by_name.items():
            description = a.get("description", "")
            assert description.startswith(PRACTICES), (sname, act, description)


@pytest.mark.parametrize("name", ["customer_repave", "fleet", "vm_fleet"])
def test_rotate_and_repair_marked_both_are_identical_in_both(name: str) -> None:
    _, acts, base, alt = strategies(name)
    for one, other in ((base, alt), (alt, base)):
        for act, a in acts[one].items():
            if a["description"].startswith(("Repair (both)", "Rotate (both)", "Risk (both)")):
                assert acts[other].get(act) == a, (one, act)


@pytest.mark.parametrize("name", ["customer_repave", "fleet"])
def test_container_presets_share_all_repair_and_rotate(name: str) -> None:
    # Not a preset about Repair or Rotate: every such activity is the same in both.
    _, acts, base, alt = strategies(name)
    for one in (base, alt):
        for act, a in acts[one].items():
            if a["description"].startswith(("Repair", "Rotate")):
                assert a["description"].startswith(("Repair (both)", "Rotate (both)")), act
    rotate = {n for n, a in acts[base].items() if a["description"].startswith("Rotate")}
    assert rotate == {n for n, a in acts[alt].items() if a["description"].startswith("Rotate")}
    if name == "fleet":
        assert rotate, "the fleet template models Rotate"


@pytest.mark.parametrize("name", ["customer_repave", "fleet"])
def test_a_repave_replacement_is_charged_like_a_node_pool_upgrade(name: str) -> None:
    _, acts, base, _ = strategies(name)
    repaves = {n: a for n, a in acts[base].items() if n.startswith("repave: ")}
    assert len(repaves) >= 5
    for act, a in repaves.items():
        twin = acts[base]["node-pool upgrade: " + act.removeprefix("repave: ")]
        for field in FIELDS:
            if field == "cycles_per_year":
                assert a[field] == "repaves_per_year"
                assert twin[field] == "node_pool_upgrades_per_year"
            else:
                assert a.get(field) == twin.get(field), (act, field)


@pytest.mark.parametrize("name", ["customer_repave", "fleet"])
def test_without_the_repave_the_two_strategies_cost_the_same_in_every_trial(name: str) -> None:
    # The repave is the only practice difference: with no repaves (and so the upgrades'
    # dwell bound), every trial's saving is exactly zero. Any unequal charge of shared work,
    # capacity effects included, would show here.
    s = rc.Scenario.preset(name).replace(
        {
            "parameters.repaves_per_year": 0,
            "parameters.node_dwell_days_with_repaves": "node_dwell_days_upgrades",
        }
    )
    r = rc.simulate(s, trials=3000, seed=6, progress=False)
    assert r.trials[f"{s.baseline}.total"].std() > 0
    np.testing.assert_array_equal(r.trials["savings"].to_numpy(), 0.0)


def test_vm_fleet_host_changes_follow_the_same_rules() -> None:
    _, acts, base, alt = strategies("vm_fleet")
    for act in ("host change: attend", "host change: hands-on fix", "failed change: recovery "
                "and downtime", "change request", "CAB item", "validation"):  # fmt: skip
        assert {f: acts[base][act].get(f) for f in FIELDS} == {
            f: acts[alt][act].get(f) for f in FIELDS
        }, act
    only_repave = set(acts[alt]) - set(acts[base])
    assert only_repave == {"bake golden image", "spare capacity while a VM is replaced"}
    assert set(acts[base]) <= set(acts[alt])


# --- the derivations written into the presets --------------------------------------------------


def pert(spec: dict[str, Any]) -> tuple[float, float, float]:
    assert spec["dist"] == "pert" and spec.get("lambda", 4) == 4
    return spec["low"], spec["mode"], spec["high"]


@pytest.mark.parametrize("name", ["customer_repave", "fleet", "vm_fleet"])
def test_breach_cost_split_is_the_affine_image_of_the_dwell_share(name: str) -> None:
    # share s ~ PERT(0.2, 0.4, 0.7) of IBM 2024's $4.88M grows with dwell, over IBM's mean
    # 258-day lifecycle; an affine map of a PERT is the PERT of the mapped points (reversed
    # when decreasing).
    p = rc.Scenario.preset(name).to_dict()["parameters"]
    s = (0.2, 0.4, 0.7)
    impact = tuple(4.88e6 * (1 - x) for x in reversed(s))
    per_day = tuple(4.88e6 * x / 258 for x in s)
    np.testing.assert_allclose(pert(p["compromise_impact"]), impact, rtol=0, atol=0.5)
    np.testing.assert_allclose(pert(p["dwell_cost_per_day"]), per_day, rtol=0, atol=0.5)


# Replacement time per node or VM, in minutes, as the source gives it: an elicited range for
# Kubernetes nodes (no published figure), BOSH's automated VM recreate for VMs.
REPLACEMENT_MINUTES = {
    "customer_repave": ("node_replacement_hours", (5, 10, 20)),
    "fleet": ("node_replacement_hours", (5, 10, 20)),
    "vm_fleet": ("host_change_hours", (5, 10, 25)),
}


@pytest.mark.parametrize("name", ["customer_repave", "fleet", "vm_fleet"])
def test_replacement_time_and_surge_cost_follow_their_sources(name: str) -> None:
    # The surge cost is a PERT of the products of the lows, modes and highs of the VM price
    # (AWS m6i.xlarge, Azure D4s v5, GCP n2-standard-4: $0.15 / 0.19 / 0.25 an hour) and the
    # replacement time, so it must move with the replacement time.
    p = rc.Scenario.preset(name).to_dict()["parameters"]
    field, minutes = REPLACEMENT_MINUTES[name]
    hours = tuple(m / 60 for m in minutes)
    np.testing.assert_allclose(pert(p[field]), hours, rtol=0, atol=5e-5)
    surge = tuple(price * h for price, h in zip((0.15, 0.19, 0.25), hours, strict=True))
    np.testing.assert_allclose(pert(p["surge_cost_per_node"]), surge, rtol=0, atol=5e-5)


def dwell(preset: str, strategy: str) -> Any:
    acts = strategies(preset)[1][strategy]
    return acts["persistent compromise: cost of dwell"]["cycles_per_year"]


@pytest.mark.parametrize("name", ["customer_repave", "fleet"])
def test_container_dwell_bounds_follow_the_replacement_cadences(name: str) -> None:
    # A compromise at a uniform time lasts on average half the interval between node
    # replacements (detection ignored): 365 / (2 x replacements a year).
    p = rc.Scenario.preset(name).to_dict()["parameters"]
    upgrades, repaves = p["node_pool_upgrades_per_year"], p["repaves_per_year"]
    assert dwell(name, "immutable") == "node_dwell_days_upgrades"
    assert dwell(name, "repave") == "node_dwell_days_with_repaves"
    with_upgrades, with_repaves = p["node_dwell_days_upgrades"], p["node_dwell_days_with_repaves"]
    assert with_upgrades == pytest.approx(365 / (2 * upgrades), abs=0.005)
    assert with_repaves == pytest.approx(365 / (2 * (upgrades + repaves)), abs=0.005)


def test_vm_fleet_dwell_bound_follows_the_repave_cadence() -> None:
    p = rc.Scenario.preset("vm_fleet").to_dict()["parameters"]
    assert dwell("vm_fleet", "repave") == "dwell_days_repaved"
    assert p["dwell_days_repaved"] == pytest.approx(
        365 / (2 * p["patch_cycles_per_year"]), abs=0.05
    )
    assert dwell("vm_fleet", "patch_in_place") == "dwell_days_in_place"


def test_mean_time_to_the_next_repave_is_half_the_interval() -> None:
    # The derivation behind the bound, by simulation: compromises uniform in time, repaves
    # every R days; the foothold lasts until the next repave, or until found if sooner.
    rng = np.random.default_rng(1)
    n, r = 400_000, 365 / 12
    until_repave = r - rng.uniform(0, r, n)
    se = until_repave.std() / math.sqrt(n)
    assert abs(until_repave.mean() - r / 2) < 4 * se
    found = rng.exponential(30.0, n)
    assert np.minimum(found, until_repave).mean() < min(30.0, r / 2)


def test_dwell_cost_expectation_is_nodes_rate_days_cost() -> None:
    # The representation of docs/model.md: Poisson(N x D x lambda) compromised node-days,
    # each costing c, has mean N lambda D c a year (and so does the engine).
    n_nodes, lam, days, c, years, trials = 300.0, 0.004, 12.5, 1000.0, 2, 40_000
    act = {"name": "dwell", "driver": "per_node", "cycles_per_year": days, "probability": lam}
    data = {
        "settings": {"horizon_years": years},
        "fleet": {"nodes": n_nodes},
        "strategies": {"a": {"activities": [{**act, "cost": c}]}, "b": {"activities": []}},
        "comparison": {"baseline": "a", "alternative": "b"},
    }
    total = rc.simulate(data, trials=trials, seed=2, progress=False).trials["a.total"].to_numpy()
    mean = n_nodes * lam * days * c * years
    se = math.sqrt(n_nodes * lam * days * years) * c / math.sqrt(trials)
    assert abs(total.mean() - mean) < 4 * se
    assert total.var(ddof=1) == pytest.approx(mean * c, rel=0.05)


# --- common random numbers for events -----------------------------------------------------------


def test_identical_event_activities_draw_identical_counts() -> None:
    event = {"driver": "per_node", "probability": 0.01, "cost": 1000.0}
    data = {
        "fleet": {"nodes": 100},
        "strategies": {
            "a": {"activities": [{"name": "breach", **event}]},
            "b": {"activities": [{"name": "breach", **event}]},
        },
        "comparison": {"baseline": "a", "alternative": "b"},
    }
    r = rc.simulate(data, trials=5000, seed=4, progress=False)
    assert r.trials["a.total"].std() > 0
    np.testing.assert_array_equal(r.trials["savings"].to_numpy(), 0.0)
    # under another name the events are drawn independently
    data["strategies"]["b"]["activities"][0]["name"] = "breach elsewhere"
    other = rc.simulate(data, trials=5000, seed=4, progress=False).trials["savings"].to_numpy()
    assert np.count_nonzero(other) > 1000


# --- against independent computations -----------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_means_match_the_independent_numpy_model(name: str) -> None:
    peer = load_check_presets()
    n = 20_000
    theirs = peer.simulate(peer.load(name), n, 20240601)
    ours = rc.simulate(name, trials=n, seed=0, progress=False).trials
    s = rc.Scenario.preset(name)
    for label, mine, other in [
        ("savings", ours["savings"].to_numpy(), theirs["savings"]),
        ("baseline", ours[f"{s.baseline}.total"].to_numpy(), theirs[s.baseline]["total"]),
        ("alternative", ours[f"{s.alternative}.total"].to_numpy(), theirs[s.alternative]["total"]),
    ]:
        se = math.hypot(mine.std(ddof=1), other.std(ddof=1)) / math.sqrt(n)
        assert abs(mine.mean() - other.mean()) <= 4 * se, (label, mine.mean(), other.mean(), se)


@pytest.mark.parametrize("name", NAMES)
def test_every_trial_without_events_matches_a_per_trial_computation(name: str) -> None:
    from test_model_stochastic import _costs_per_trial

    data = inline_fixed_parameters(rc.Scenario.preset(name).to_dict())
    for strategy in data["strategies"].values():
        for a in strategy["activities"]:
            a.pop("probability", None)  # each activity then happens on every unit
    data["settings"]["discount_rate"] = 0.05
    drop_unused_parameters(data)
    r = rc.simulate(data, trials=3000, seed=8, progress=False)
    cols = {c: r.trials[c].to_numpy() for c in r.trials.columns}
    want = _costs_per_trial(data, cols)
    for sname, w in want.items():
        np.testing.assert_allclose(cols[f"{sname}.total"], w["total"], rtol=1e-12, atol=0)
    base, alt = data["comparison"]["baseline"], data["comparison"]["alternative"]
    np.testing.assert_allclose(
        cols["savings"], want[base]["total"] - want[alt]["total"], rtol=1e-9, atol=1e-6
    )


def drop_unused_parameters(data: dict[str, Any]) -> None:
    """Remove the parameters that no field names any more (directly or through another
    parameter): an unused parameter is a scenario error."""
    params = data.get("parameters", {})
    tables = list(data["staffing"].values())
    tables += [a for s in data["strategies"].values() for a in s["activities"]]
    used: set[str] = set()
    todo = [
        v
        for t in tables
        for k, v in t.items()
        if isinstance(v, str)
        and k not in ("role", "name", "driver", "description", "label", "practice")
    ]
    while todo:
        name = todo.pop()
        if name in params and name not in used:
            used.add(name)
            if isinstance(params[name], str):
                todo.append(params[name])
    for name in set(params) - used:
        del params[name]
        # What finding out a removed parameter costs names nothing any more.
        data.get("finding_out", {}).pop(name, None)
        data.get("parameter_labels", {}).pop(name, None)


def inline_fixed_parameters(data: dict[str, Any]) -> dict[str, Any]:
    """Replace references to fixed-number parameters by the numbers (they have no column)."""
    fixed = {k: v for k, v in data["parameters"].items() if isinstance(v, (int, float))}

    def sub(table: dict[str, Any]) -> None:
        for key, value in table.items():
            if isinstance(value, str) and value in fixed and key != "role":
                table[key] = fixed[value]

    for r in data["staffing"].values():
        sub(r)
    for strategy in data["strategies"].values():
        for a in strategy["activities"]:
            sub(a)
    return data


def test_preset_name_must_be_a_string() -> None:
    with pytest.raises(TypeError):
        rc.Scenario.preset(3)  # type: ignore[arg-type]
