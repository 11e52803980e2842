"""Bad scenarios and arguments raise ``ScenarioError`` naming the field's path; no input,
however strange, makes the library fail in any other way."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import activity, role, scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

Mutator = Callable[[dict[str, Any]], None]


def valid() -> dict[str, Any]:
    """A valid scenario touching every kind of field."""
    return scenario(
        [
            activity("rebuild", "per_node", cycles_per_year=12, hours=2, role="sre", cost=0.5),
            activity("setup", "once", hours="setup_hours", role="sre"),
            activity("cab", "per_cycle", cycles_per_year=12, hours=0.5, people=4, role="sre"),
            activity("incident", "per_cluster", probability="p_fail", hours=3, role="sre"),
        ],
        [activity("upgrade", "per_cluster", cycles_per_year=4, hours=1, role="sre")],
        nodes=10,
        services=5,
        clusters=2,
        growth=0.1,
        horizon=3,
        discount=0.05,
        parameters={
            "setup_hours": {"dist": "pert", "low": 10, "mode": 20, "high": 40},
            "p_fail": {"dist": "beta", "alpha": 2, "beta": 20},
        },
    )


def test_the_base_scenario_is_valid() -> None:
    rc.simulate(valid(), trials=10, progress=False)


def A(d: dict[str, Any], i: int) -> dict[str, Any]:  # noqa: N802 - short on purpose
    """Activity ``i`` of the baseline strategy."""
    act: dict[str, Any] = d["strategies"]["base"]["activities"][i]
    return act


def setter(*keys: Any, value: Any) -> Mutator:
    def mutate(d: dict[str, Any]) -> None:
        node: Any = d
        for k in keys[:-1]:
            node = node[k]
        node[keys[-1]] = value

    return mutate


def act_set(i: int, field: str, value: Any) -> Mutator:
    return setter("strategies", "base", "activities", i, field, value=value)


def act_pop(i: int, field: str) -> Mutator:
    return lambda d: A(d, i).pop(field)


def param_set(name: str, value: Any) -> Mutator:
    return lambda d: d["parameters"].__setitem__(name, value)


ACT0 = "strategies.base.activities[0]"
ACT1 = "strategies.base.activities[1]"
ACT2 = "strategies.base.activities[2]"

NORMAL = {"dist": "normal", "mean": 0.1, "sd": 0.1}

CASES = [
    # references
    pytest.param(act_set(0, "role", "dba"), f"{ACT0}.role", "unknown role", id="unknown-role"),
    pytest.param(act_set(1, "name", "rebuild"), f"{ACT1}.name", "duplicate", id="duplicate-name"),
    pytest.param(
        act_pop(2, "cycles_per_year"), f"{ACT2}.cycles_per_year", "required", id="per-cycle-no-f"
    ),
    pytest.param(
        act_set(1, "cycles_per_year", 2), f"{ACT1}.cycles_per_year", "once", id="cycles-on-once"
    ),
    pytest.param(
        setter("strategies", "alt", "activities", 0, "driver", value="yearly"),
        "strategies.alt.activities[0].cycles_per_year",
        "yearly",
        id="cycles-on-yearly",
    ),
    pytest.param(
        setter("comparison", "baseline", value="repave"),
        "comparison.baseline",
        "not a strategy",
        id="baseline-not-a-strategy",
    ),
    pytest.param(
        setter("comparison", "alternative", value="base"),
        "comparison.alternative",
        "differ",
        id="alternative-is-baseline",
    ),
    pytest.param(
        lambda d: d["comparison"].pop("alternative"),
        "comparison",
        "alternative",
        id="alternative-missing",
    ),
    pytest.param(
        act_set(0, "hours", "nope"),
        f"{ACT0}.hours",
        "undefined parameter",
        id="undefined-parameter",
    ),  # fmt: skip
    pytest.param(
        param_set("alias", "ghost"), "parameters.alias", "undefined", id="alias-to-undefined"
    ),
    pytest.param(
        lambda d: d["parameters"].update(a="b", b="a"),
        "parameters.a",
        "cycle",
        id="parameter-cycle",
    ),
    pytest.param(
        param_set("p_fial", 0.1),
        "parameters.p_fial",
        'no field uses parameter "p_fial" \\(did you mean "p_fail"\\?\\)',
        id="unused-parameter",
    ),
    pytest.param(param_set("1bad", 3), "parameters.1bad", "parameter name", id="param-digit"),
    pytest.param(
        param_set("has-dash", 3), "parameters.has-dash", "parameter name", id="param-dash"
    ),  # fmt: skip
    # ranges
    pytest.param(
        act_set(3, "probability", 1.5),
        "strategies.base.activities[3].probability",
        r"\[0, 1\]",
        id="probability-above-1",
    ),  # fmt: skip
    pytest.param(
        act_set(3, "probability", -0.1),
        "strategies.base.activities[3].probability",
        r"\[0, 1\]",
        id="probability-negative",
    ),  # fmt: skip
    pytest.param(
        act_set(3, "probability", NORMAL),
        "strategies.base.activities[3].probability",
        "ranges over",
        id="probability-normal-untruncated",
    ),  # fmt: skip
    pytest.param(
        act_set(3, "probability", {"dist": "uniform", "low": 0.5, "high": 1.5}),
        "strategies.base.activities[3].probability",
        "ranges over",
        id="probability-uniform-past-1",
    ),
    pytest.param(
        param_set("p_fail", NORMAL),
        "parameters.p_fail",
        r"strategies\.base\.activities\[3\]\.probability \(which names it\) must be in \[0, 1\]",
        id="probability-parameter-normal",
    ),  # fmt: skip
    pytest.param(setter("fleet", "nodes", value=-1), "fleet.nodes", "≥ 0", id="negative-nodes"),
    pytest.param(
        setter("fleet", "services", value={"dist": "normal", "mean": 5, "sd": 1}),
        "fleet.services",
        "ranges over",
        id="services-normal",
    ),  # fmt: skip
    pytest.param(setter("fleet", "growth", value=-1), "fleet.growth", "-1", id="growth-minus-1"),
    pytest.param(setter("fleet", "growth", value=-3), "fleet.growth", "-1", id="growth-minus-3"),
    pytest.param(
        setter("settings", "horizon_years", value=0), "settings.horizon_years", "1", id="horizon-0"
    ),  # fmt: skip
    pytest.param(
        setter("settings", "horizon_years", value=101),
        "settings.horizon_years",
        "100",
        id="horizon-101",
    ),  # fmt: skip
    pytest.param(
        setter("settings", "horizon_years", value=-2),
        "settings.horizon_years",
        "",
        id="horizon-negative",
    ),  # fmt: skip
    pytest.param(
        setter("settings", "horizon_years", value=2.5),
        "settings.horizon_years",
        "",
        id="horizon-fraction",
    ),  # fmt: skip
    pytest.param(
        setter("settings", "discount_rate", value=-0.01),
        "settings.discount_rate",
        "",
        id="discount-negative",
    ),  # fmt: skip
    pytest.param(
        setter("settings", "currency", value=" "), "settings.currency", "empty", id="currency-empty"
    ),  # fmt: skip
    pytest.param(act_set(0, "hours", -2), f"{ACT0}.hours", "≥ 0", id="hours-negative"),
    pytest.param(act_set(0, "people", -1), f"{ACT0}.people", "≥ 0", id="people-negative"),
    pytest.param(act_set(0, "cost", -0.5), f"{ACT0}.cost", "≥ 0", id="cost-negative"),
    pytest.param(
        act_set(0, "cycles_per_year", -12), f"{ACT0}.cycles_per_year", "≥ 0", id="cycles-negative"
    ),  # fmt: skip
    pytest.param(
        setter("staffing", "sre", "available_share", value=1.5),
        "staffing.sre.available_share",
        r"\[0, 1\]",
        id="share-1.5",
    ),  # fmt: skip
    pytest.param(
        setter("staffing", "sre", "overflow_multiplier", value=0.5),
        "staffing.sre.overflow_multiplier",
        "≥ 1",
        id="overflow-0.5",
    ),  # fmt: skip
    pytest.param(
        setter("staffing", "sre", "hours_per_year", value=0),
        "staffing.sre.hours_per_year",
        "",
        id="hours-per-year-0",
    ),  # fmt: skip
    pytest.param(
        setter("staffing", "sre", "hours_per_year", value=9000),
        "staffing.sre.hours_per_year",
        "8784",
        id="hours-per-year-9000",
    ),  # fmt: skip
    pytest.param(
        setter("staffing", "sre", "headcount", value=-1),
        "staffing.sre.headcount",
        "≥ 0",
        id="headcount-negative",
    ),  # fmt: skip
    pytest.param(
        setter("staffing", "sre", "rate", value={"dist": "normal", "mean": 90, "sd": 9}),
        "staffing.sre.rate",
        "ranges over",
        id="rate-normal",
    ),  # fmt: skip
    # distributions
    pytest.param(
        act_set(0, "hours", {"dist": "pert", "low": 1, "mode": 5, "high": 3}),
        f"{ACT0}.hours",
        "PERT mode 5 is above high 3",
        id="pert-mode-above-high",
    ),
    pytest.param(
        param_set("setup_hours", {"dist": "uniform", "low": 5, "high": 1}),
        "parameters.setup_hours",
        "",
        id="param-uniform-reversed",
    ),  # fmt: skip
    pytest.param(
        act_set(0, "hours", {"dist": "weibull", "k": 2}),
        f"{ACT0}.hours.dist",
        "weibull",
        id="unknown-dist-family",
    ),  # fmt: skip
    pytest.param(
        act_set(0, "hours", {"dist": "pert", "low": 1, "high": 3}),
        f"{ACT0}.hours",
        "mode",
        id="missing-dist-field",
    ),  # fmt: skip
    pytest.param(
        act_set(0, "hours", {"low": 1, "high": 3}),
        f"{ACT0}.hours",
        "dist",
        id="dist-without-family",
    ),  # fmt: skip
    pytest.param(
        act_set(0, "hours", {"dist": "gamma", "shape": -1, "scale": 1}),
        f"{ACT0}.hours",
        "shape",
        id="gamma-negative-shape",
    ),  # fmt: skip
    pytest.param(
        act_set(0, "hours", {"dist": "gamma", "shape": 1e15, "scale": 1}),
        f"{ACT0}.hours",
        "shape",
        id="gamma-huge-shape",
    ),  # fmt: skip
    pytest.param(
        param_set("setup_hours", {"dist": "beta", "alpha": 1e16, "beta": 1e16}),
        "parameters.setup_hours",
        "alpha",
        id="beta-huge-shapes",
    ),  # fmt: skip
    pytest.param(
        act_set(0, "cost", {"dist": "discrete", "values": [1, 2], "weights": [0, 0]}),
        f"{ACT0}.cost",
        "",
        id="discrete-zero-weights",
    ),  # fmt: skip
    # non-finite numbers
    pytest.param(act_set(0, "hours", float("nan")), f"{ACT0}.hours", "finite", id="nan"),
    pytest.param(
        setter("fleet", "nodes", value=float("inf")), "fleet.nodes", "finite", id="inf"
    ),  # fmt: skip
    pytest.param(act_set(0, "cost", float("-inf")), f"{ACT0}.cost", "finite", id="minus-inf"),
    pytest.param(
        act_set(0, "hours", {"dist": "pert", "low": float("nan"), "mode": 2, "high": 3}),
        f"{ACT0}.hours.low",
        "finite",
        id="nan-in-dist",
    ),  # fmt: skip
    # shape and types
    pytest.param(act_set(0, "huors", 2), f"{ACT0}.huors", "unknown field", id="typo-activity"),
    pytest.param(
        lambda d: d.__setitem__("setings", {}), "setings", "unknown field", id="typo-top-level"
    ),  # fmt: skip
    pytest.param(
        setter("staffing", "sre", "head_count", value=2),
        "staffing.sre.head_count",
        "unknown field",
        id="typo-role",
    ),  # fmt: skip
    pytest.param(
        setter("settings", "horizon_years", value="3"),
        "settings.horizon_years",
        "string",
        id="horizon-string",
    ),  # fmt: skip
    pytest.param(setter("fleet", "nodes", value=[1, 2]), "fleet.nodes", "", id="nodes-list"),
    pytest.param(
        act_set(0, "driver", "per_host"), f"{ACT0}.driver", "per_host", id="unknown-driver"
    ),  # fmt: skip
    pytest.param(act_set(0, "name", ""), f"{ACT0}.name", "empty", id="empty-name"),
    pytest.param(act_pop(0, "role"), f"{ACT0}.role", "required", id="hours-without-role"),
    pytest.param(act_pop(1, "role"), f"{ACT1}.role", "required", id="param-hours-without-role"),
    pytest.param(
        setter("strategies", "base", "activities", value="rebuild"),
        "strategies.base.activities",
        "",
        id="activities-not-a-list",
    ),  # fmt: skip
    pytest.param(lambda d: d.pop("strategies"), "strategies", "", id="no-strategies"),
]


def check(err: pytest.ExceptionInfo[BaseException], path: str, match: str) -> None:
    """The error names ``path`` in its message and lists it, exactly, in ``errors()``, with a
    problem message matching ``match``."""
    message = str(err.value)
    assert path in message, message
    if match:
        assert re.search(match, message), message
    assert isinstance(err.value, rc.ScenarioError)
    problems = err.value.errors()
    at_path = [p["message"] for p in problems if p["path"] == path]
    assert at_path, (path, problems)
    if match:
        assert any(re.search(match, m) for m in at_path), (path, problems)


@pytest.mark.parametrize(("mutate", "path", "match"), CASES)
def test_bad_scenario_dict(mutate: Mutator, path: str, match: str) -> None:
    d = valid()
    mutate(d)
    with pytest.raises(rc.ScenarioError) as err:
        rc.Scenario(d)
    check(err, path, match)
    assert isinstance(err.value, ValueError)
    with pytest.raises(rc.ScenarioError):
        rc.simulate(d, trials=10, progress=False)


def test_there_are_at_least_30_bad_scenarios() -> None:
    assert len(CASES) >= 30


FILE_CASES = [c for c in CASES if c.id not in ("nan", "inf", "minus-inf", "nan-in-dist")]


@pytest.mark.parametrize(("mutate", "path", "match"), FILE_CASES)
@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_bad_scenario_file(
    mutate: Mutator, path: str, match: str, fmt: str, tmp_path: Path
) -> None:
    d = valid()
    mutate(d)
    target = tmp_path / f"bad.{fmt}"
    if fmt == "json":
        target.write_text(json.dumps(d), encoding="utf-8")
        load = rc.Scenario.from_json
    else:
        target.write_text(to_toml(d), encoding="utf-8")
        load = rc.Scenario.from_toml
    with pytest.raises(rc.ScenarioError) as err:
        load(target)
    check(err, path, match)


def toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return {float("inf"): "inf", float("-inf"): "-inf"}.get(v, repr(v)) if v == v else "nan"
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(v)


def to_toml(d: dict[str, Any]) -> str:
    """A minimal TOML writer (inline tables), independent of the library."""
    return "\n".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in d.items()) + "\n"


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
@pytest.mark.parametrize("field", ["nodes", "clusters"])
def test_non_finite_toml_values(value: str, field: str) -> None:
    text = to_toml(valid())
    original = f'"{field}" = {valid()["fleet"][field]}'
    assert original in text
    with pytest.raises(rc.ScenarioError) as err:
        rc.Scenario.from_toml(text.replace(original, f'"{field}" = {value}'))
    assert f"fleet.{field}" in str(err.value)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_non_finite_toml_values_in_optional_fields_are_refused_not_dropped(value: str) -> None:
    # TOML becomes JSON on the way in, and JSON has no NaN: an optional field given nan
    # must not quietly read as "not given" and take its default.
    d = valid()
    A(d, 0)["cycles_per_year"] = float(value)
    A(d, 3)["probability"] = float(value)
    d["parameters"]["p_fail"]["alpha"] = float(value)
    with pytest.raises(rc.ScenarioError) as err:
        rc.Scenario.from_toml(to_toml(d))
    message = str(err.value)
    for path in (
        "strategies.base.activities[0].cycles_per_year",
        "strategies.base.activities[3].probability",
        "parameters.p_fail.alpha",
    ):
        assert path in message
    assert message.count("must be a finite number") == 3
    assert 'activity "rebuild"' in message


@pytest.mark.parametrize("nodes", [1e300, 1e120])
def test_outputs_beyond_1e100_are_refused_so_no_statistic_overflows(nodes: float) -> None:
    # Finite totals near 1e303 used to give sd = inf: their squares overflow.
    s = rc.Scenario(valid()).replace({"fleet.nodes": nodes})
    with pytest.raises(rc.ScenarioError) as err:
        rc.simulate(s, trials=200, progress=False)
    [problem] = err.value.errors()
    assert problem["path"] == "strategies.base"
    assert "the total cost reaches" in problem["message"]
    assert "beyond ±1e100" in problem["message"]


def test_large_outputs_below_the_limit_keep_finite_statistics() -> None:
    # Totals near 1e93: every square and sum of squares is still finite.
    d = valid()
    d["parameters"]["fleet_size"] = {"dist": "uniform", "low": 1e89, "high": 1e90}
    d["fleet"]["nodes"] = "fleet_size"
    r = rc.simulate(d, trials=200, progress=False)
    savings = r.trials["savings"].to_numpy()
    assert np.abs(savings).max() > 1e90
    row = r.summary().filter(pl.col("output") == "savings").row(0, named=True)
    assert row["sd"] == pytest.approx(np.std(savings, ddof=1), rel=1e-12)
    assert row["mean"] == pytest.approx(np.mean(savings), rel=1e-12)


def test_a_constant_output_has_no_spread() -> None:
    # Every input fixed: the summed mean can miss the value by a rounding, which left a
    # spread of rounding noise (an sd of 3.5e79 on a constant 1.08e94).
    d = valid()
    d["parameters"] = {}
    A(d, 1)["hours"] = 20
    A(d, 3)["probability"] = 0.1
    r = rc.simulate(rc.Scenario(d).replace({"fleet.nodes": 1e90}), trials=200, progress=False)
    savings = r.trials["savings"].to_numpy()
    assert np.unique(savings).size == 1
    row = r.summary().filter(pl.col("output") == "savings").row(0, named=True)
    assert (row["mean"], row["sd"], row["se"]) == (savings[0], 0.0, 0.0)


def test_huge_hours_at_a_zero_rate_are_not_refused_and_stay_finite() -> None:
    # Costs are 0 (a zero rate) but hours near 1e200: the limit is on costs, so the run and
    # its detail go through, with finite labour figures.
    d = scenario(
        [activity("rebuild", "per_node", cycles_per_year=1, hours="h", role="sre")],
        [activity("upgrade", "once", hours=1, role="sre")],
        nodes=1e190,
        staffing={"sre": role(rate=0, headcount=1000)},
        parameters={"h": {"dist": "uniform", "low": 1e9, "high": 1e10}},
    )
    r = rc.simulate(d, trials=64, progress=False)
    assert (r.trials["base.total"].to_numpy() == 0).all()
    labour = r.labour().filter(pl.col("strategy") == "base")
    # Hours of year 1: nodes × cycles × h.
    expected = np.mean(r.trials["h"].to_numpy() / 1e10) * 1e200
    assert labour["mean_hours"][0] == pytest.approx(expected, rel=1e-12)


def test_several_problems_are_reported_together() -> None:
    d = valid()
    A(d, 0)["hours"] = -1
    A(d, 2)["role"] = "dba"
    d["fleet"]["nodes"] = -3
    d["staffing"]["sre"]["available_share"] = 1.5
    d["comparison"]["baseline"] = "nothing"
    d["parameters"]["a"] = "b"
    d["parameters"]["b"] = "a"
    with pytest.raises(rc.ScenarioError) as err:
        rc.Scenario(d)
    message = str(err.value)
    for path in [
        f"{ACT0}.hours",
        f"{ACT2}.role",
        "fleet.nodes",
        "staffing.sre.available_share",
        "comparison.baseline",
        "parameters.a",
    ]:
        assert path in message, (path, message)
    paths = [p["path"] for p in err.value.errors()]
    assert {
        f"{ACT0}.hours",
        f"{ACT2}.role",
        "fleet.nodes",
        "staffing.sre.available_share",
        "comparison.baseline",
        "parameters.a",
    } <= set(paths), paths
    assert message.startswith(f"{len(paths)} problems in the scenario"), message
    for problem in err.value.errors():  # each problem's line in the message
        # (a problem inside an activity names the activity after the path)
        line = (
            re.escape(problem["path"])
            + r'( \(activity "[^"]*"\))?: '
            + re.escape(problem["message"])
        )
        assert re.search(line, message), (line, message)


def test_several_structural_problems_are_reported_together() -> None:
    """Unknown fields, wrong types and bad distribution tables: all of them, each with a path."""
    d = valid()
    d["fleet"]["nodez"] = 3
    d["settings"]["horizon_years"] = "three"
    A(d, 0)["driver"] = "per_hostt"
    A(d, 2)["hourz"] = 1
    d["parameters"]["setup_hours"] = {"dist": "pert", "low": 10, "mode": 20}
    with pytest.raises(rc.ScenarioError) as err:
        rc.Scenario(d)
    message = str(err.value)
    assert message.startswith("5 problems in the scenario"), message
    for path in [
        "fleet.nodez",
        "settings.horizon_years",
        f"{ACT0}.driver",
        f"{ACT2}.hourz",
        "parameters.setup_hours",
    ]:
        assert path in message, (path, message)
    assert sorted(p["path"] for p in err.value.errors()) == sorted(
        [
            "fleet.nodez",
            "settings.horizon_years",
            f"{ACT0}.driver",
            f"{ACT2}.hourz",
            "parameters.setup_hours",
        ]
    )


# --- syntax errors ------------------------------------------------------------------------------


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    text = rc.Scenario(valid()).to_toml()
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("[fleet]"))
    lines[n] = "[fleet"
    with pytest.raises(rc.ScenarioError) as err:
        rc.Scenario.from_toml("\n".join(lines))
    assert f"line {n + 1}" in str(err.value) and "column" in str(err.value)
    path = tmp_path / "bad.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(rc.ScenarioError, match=f"line {n + 1}"):
        rc.Scenario.from_toml(path)


def test_json_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    text = json.dumps(valid(), indent=2)
    lines = text.splitlines()
    n = next(i for i, line in enumerate(lines) if '"nodes"' in line)
    lines[n] = lines[n].replace(":", "")
    with pytest.raises(rc.ScenarioError) as err:
        rc.Scenario.from_json("\n".join(lines))
    assert f"line {n + 1}" in str(err.value) and "column" in str(err.value)
    path = tmp_path / "bad.json"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(rc.ScenarioError, match=f"line {n + 1}"):
        rc.Scenario.from_json(str(path))


def test_a_key_given_twice_in_a_json_file_is_refused_at_its_path(tmp_path: Path) -> None:
    # JSON readers keep the last of two equal keys: this fleet would have been 1,000 nodes
    # while the file also says 10. TOML refuses such a file, and so does JSON now.
    data = valid()
    data["fleet"]["nodes"] = 10
    text = json.dumps(data)
    twice = text.replace('"nodes": 10', '"nodes": 10, "nodes": 1000', 1)
    assert twice.count('"nodes"') == 2
    path = tmp_path / "twice.json"
    path.write_text(twice, encoding="utf-8")
    with pytest.raises(rc.ScenarioError) as err:
        rc.Scenario.from_json(path)
    assert [p["path"] for p in err.value.errors()] == ["fleet.nodes"]
    assert "given twice" in str(err.value)
    # The same in TOML, for comparison: refused by the TOML reader.
    with pytest.raises(rc.ScenarioError, match="duplicate key"):
        rc.Scenario.from_toml("[fleet]\nnodes = 10\nnodes = 1000\n")


def test_a_byte_order_mark_at_the_start_of_a_file_is_read_past(tmp_path: Path) -> None:
    # Windows editors (Notepad until 2019) start a UTF-8 file with U+FEFF; both readers
    # took it for a syntax error at line 1, column 1.
    want = rc.Scenario.from_dict(valid())
    as_json = tmp_path / "bom.json"
    as_json.write_text(json.dumps(valid()), encoding="utf-8-sig")
    assert as_json.read_bytes().startswith(b"\xef\xbb\xbf")
    assert rc.Scenario.from_json(as_json) == want
    as_toml = tmp_path / "bom.toml"
    as_toml.write_text(to_toml(valid()), encoding="utf-8-sig")
    assert rc.Scenario.from_toml(as_toml) == want
    # Only at the start: one inside the text is still a syntax error.
    with pytest.raises(rc.ScenarioError, match="syntax error"):
        rc.Scenario.from_json("\n\ufeff" + json.dumps(valid()))


# --- bad arguments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "word"),
    [
        pytest.param({"trials": 0}, "trials", id="trials-0"),
        pytest.param({"trials": -5}, "trials", id="trials-negative"),
        pytest.param({"seed": -1}, "seed", id="seed-negative"),
        pytest.param({"seed": 2**64}, "seed", id="seed-too-big"),
        pytest.param({"method": "halton"}, "method", id="method-halton"),
    ],
)
def test_bad_run_arguments(kwargs: dict[str, Any], word: str) -> None:
    with pytest.raises(rc.ScenarioError, match=word) as err:
        rc.simulate(valid(), **{"trials": 10, "progress": False, **kwargs})
    assert [p["path"] for p in err.value.errors()] == [word]
    grid = {"fleet.nodes": [1, 2]}
    with pytest.raises(rc.ScenarioError, match=word) as err:
        rc.sweep(valid(), grid, **{"trials": 10, "progress": False, **kwargs})
    assert [p["path"] for p in err.value.errors()] == [word]


@pytest.mark.parametrize(
    "kwargs", [{"trials": 2.5}, {"trials": "10"}, {"seed": 1.0}, {"method": 1}]
)
def test_wrongly_typed_run_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        rc.simulate(valid(), **{"trials": 10, "progress": False, **kwargs})


# Each check below lives in the core alone (the Python layer checks types only): these tests
# reach it through the public API, so removing the core check makes them fail.


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_a_sweep_threshold_must_be_finite(value: float) -> None:
    with pytest.raises(rc.ScenarioError, match="threshold must be finite") as err:
        rc.sweep(valid(), {"fleet.nodes": [1, 2]}, trials=10, threshold=value, progress=False)
    assert [p["path"] for p in err.value.errors()] == ["threshold"]


@pytest.mark.parametrize("chart", ["savings", "exceedance"])
@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_a_chart_threshold_must_be_finite(chart: str, value: float) -> None:
    result = rc.simulate(valid(), trials=20, progress=False)
    with pytest.raises(rc.ScenarioError, match="threshold must be a finite number"):
        getattr(result.plot, chart)(threshold=value)
    with pytest.raises(TypeError, match="threshold"):
        getattr(result.plot, chart)(threshold="1")


def test_a_chart_theme_is_light_or_dark() -> None:
    plot = rc.simulate(valid(), trials=20, progress=False).plot
    with pytest.raises(rc.ScenarioError, match='theme must be "light" or "dark"') as err:
        plot.savings(theme="neon")
    assert [p["path"] for p in err.value.errors()] == ["theme"]
    with pytest.raises(TypeError, match="theme"):
        plot.savings(theme=1)


def test_a_scenario_is_checked_once_by_the_core_wherever_it_comes_from() -> None:
    """The same problem, at the same path, from a dict, TOML, JSON and replace()."""
    bad = valid()
    bad["comparison"]["alternative"] = bad["comparison"]["baseline"]
    text = rc.Scenario(valid()).to_toml().replace('alternative = "alt"', 'alternative = "base"')
    calls: list[Callable[[], object]] = [
        lambda: rc.Scenario(bad),
        lambda: rc.Scenario.from_json(json.dumps(bad)),
        lambda: rc.Scenario.from_toml(text),
        lambda: rc.Scenario(valid()).replace({"comparison.alternative": "base"}),
    ]
    for call in calls:
        with pytest.raises(rc.ScenarioError, match="must differ from the baseline") as err:
            call()
        assert [p["path"] for p in err.value.errors()] == ["comparison.alternative"]


def test_one_line_json_or_toml_text_is_read_as_text_not_as_a_file_name() -> None:
    """A single line longer than a file name may be (255 bytes) is text, not an OSError."""
    text = json.dumps(valid())
    assert "\n" not in text and 255 < len(text) < 4096
    assert rc.Scenario.from_json(text) == rc.Scenario(valid())
    with pytest.raises(rc.ScenarioError, match="syntax"):
        rc.Scenario.from_toml("x = " + "y" * 300)


def test_bad_replace_paths() -> None:
    s = rc.Scenario(valid())
    with pytest.raises(rc.ScenarioError, match=r"activities\[9\]"):
        s.replace({"strategies.base.activities[9].hours": 1})
    with pytest.raises(rc.ScenarioError, match="nope"):
        s.replace({"strategies.base.activities.nope.hours": 1})
    with pytest.raises(rc.ScenarioError, match="fleet.nodes"):
        s.replace({"fleet.nodes": -1})
    with pytest.raises(rc.ScenarioError, match=r"strategies.base.activities\[0\].hours"):
        s.replace({"strategies.base.activities[0].hours": float("nan")})
    with pytest.raises(rc.ScenarioError, match="fleet.nodes.high"):
        s.replace({"fleet.nodes": {"dist": "uniform", "low": 0, "high": float("inf")}})
    # A new parameter is given by name; its path is under parameters (it was shown as
    # the bare name, which is no path).
    with pytest.raises(rc.ScenarioError) as err:
        s.replace(new_parameters={"rx": float("nan")})
    assert [p["path"] for p in err.value.errors()] == ["parameters.rx"]
    with pytest.raises(rc.ScenarioError) as err:
        s.replace(new_parameters={"rx": {"dist": "uniform", "low": 0, "high": float("inf")}})
    assert [p["path"] for p in err.value.errors()] == ["parameters.rx.high"]


def test_unknown_preset() -> None:
    with pytest.raises(rc.ScenarioError, match="fleet"):
        rc.Scenario.preset("flete")


# --- fuzzing: no input crashes the library --------------------------------------------------------


def all_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += all_paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += all_paths(v, (*prefix, i))
    return out


BASE_PATHS = all_paths(valid())

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 0.5, 1e300, -1e300, 1e-300, 5e-324, 2**63, 2**64, 101, 8784]),
    st.text(max_size=8),
    st.sampled_from(
        ["sre", "base", "alt", "once", "per_node", "pert", "setup_hours", "p_fail", "", "a"]
    ),
)
dist_like = st.fixed_dictionaries(
    {
        "dist": st.sampled_from(
            ["pert", "uniform", "normal", "poisson", "discrete", "gamma", "beta", "bogus"]
        )
    },
    optional={
        "shape": scalars,
        "scale": scalars,
        "alpha": scalars,
        "beta": scalars,
        "low": scalars,
        "mode": scalars,
        "high": scalars,
        "mean": scalars,
        "sd": scalars,
        "values": st.lists(scalars, max_size=3),
    },
)
json_values = st.recursive(
    st.one_of(scalars, dist_like),
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
numbers = st.one_of(
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0, max_value=1),
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from([0, 1e12, 1e300, 5e-324, 1.7976931348623157e308, 4e9, 2**53 + 1]),
)
# Mostly plausible numbers, so that many mutated scenarios are valid and get simulated.
edit_values = st.one_of(numbers, numbers, numbers, json_values)
new_keys = st.sampled_from(["", "extra", "name", "dist", "hours", "probability", "0"])


def apply(d: dict[str, Any], path: tuple[Any, ...], value: Any, extra: str | None) -> None:
    node: Any = d
    for k in path[:-1]:
        node = node[k]
    last = path[-1]
    if extra is not None and isinstance(node.get(last) if isinstance(node, dict) else None, dict):
        node[last][extra] = value
    else:
        node[last] = value


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(BASE_PATHS),
            edit_values,
            st.one_of(st.none(), st.none(), st.none(), new_keys),
        ),
        min_size=1,
        max_size=3,
    ),
    method=st.sampled_from(["random", "lhs"]),
)
def test_random_mutations_never_crash(
    edits: list[tuple[tuple[Any, ...], Any, str | None]], method: str
) -> None:
    d = copy.deepcopy(valid())
    for path, value, extra in edits:
        try:
            apply(d, path, value, extra)
        except (KeyError, IndexError, TypeError, AttributeError):
            continue  # an earlier edit changed the shape; skip this one
    try:
        s = rc.Scenario(d)
    except (rc.ScenarioError, TypeError):
        return
    try:
        r = rc.simulate(s, trials=7, seed=1, method=method, progress=False)
    except rc.ScenarioError as err:  # extreme values: refused rather than inf/NaN results
        assert "beyond ±1e100" in str(err)
        return
    assert r.trials.height == 7
    assert np.isfinite(r.trials["savings"].to_numpy()).all()
    assert np.isfinite(r.summary().select(pl.selectors.numeric()).fill_null(0).to_numpy()).all()
    r.breakdown()
    r.labour()
    r.cumulative()
    r.payback()
    r.sensitivity("savings")
    assert rc.Scenario.from_toml(s.to_toml()) == s
    assert rc.Scenario.from_json(s.to_json()) == s


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        # Positional, 1e308 ran to 309 digits; rounded to three digits, 1.0000001 read "1".
        ("settings.discount_rate", 1e308, "must be in [0, 1], got 1e308"),
        ("settings.discount_rate", 1.0000001, "must be in [0, 1], got 1.0000001"),
        ("settings.horizon_years", -1, "must be a whole number of years in [1, 100], got -1"),
        (
            "settings.horizon_years",
            2**64,
            "must be a whole number of years in [1, 100], got 1.8446744073709552e19",
        ),
    ],
)
def test_a_value_out_of_range_is_quoted_exactly_and_briefly(
    field: str, value: float, said: str
) -> None:
    bad = rc.Scenario.preset("fleet").to_dict()
    section, key = field.split(".")
    bad[section][key] = value
    with pytest.raises(rc.ScenarioError) as err:
        rc.simulate(bad, trials=10)
    assert f"{field}: {said}" in str(err.value)
    assert len(str(err.value)) < 200


def test_a_rank_or_a_range_end_is_quoted_exactly_and_briefly() -> None:
    with pytest.raises(rc.ScenarioError, match=r"in \[-1, 1\], got 1e300$"):
        rc.sample({"a": rc.normal(0, 1), "b": rc.normal(0, 1)}, 10, correlation={("a", "b"): 1e300})
    with pytest.raises(rc.ScenarioError, match=r"got low=1e308, high=1e307$"):
        rc.break_even("fleet", "fleet.nodes", low=1e308, high=1e307)


def test_a_huge_integer_is_refused_at_its_path() -> None:
    # JSON carried its 401 digits and the core's reader said "number out of range at line 1
    # column ..." about a text the user never wrote.
    s = rc.Scenario.from_dict(valid())
    with pytest.raises(rc.ScenarioError) as err:
        s.replace({"fleet.nodes": 10**400})
    assert err.value.errors() == [
        {
            "path": "fleet.nodes",
            "message": "must be a number up to about 1.8e308, got an integer of 401 digits",
        }
    ]
    d = valid()
    d["fleet"]["nodes"] = -(10**400)
    with pytest.raises(rc.ScenarioError, match=r"^fleet.nodes: must be a number up to"):
        rc.Scenario.from_dict(d)


def test_messages_quote_extreme_numbers_briefly() -> None:
    # Positional, 5e-324 and 1e308 ran to hundreds of digits.
    with pytest.raises(rc.ScenarioError) as err:
        rc.break_even("fleet", "parameters.repaves_per_year", 0, 5e-324, trials=64, progress=False)
    assert "between 0 and 5e-324" in str(err.value)
    assert re.search(r"\d{20}", str(err.value)) is None, str(err.value)
    with pytest.raises(rc.ScenarioError) as err:
        rc.sweep("fleet", {"parameters.repaves_per_year": [-1e-300]}, trials=10, progress=False)
    assert "is -1e-300, but" in str(err.value)
    assert re.search(r"\d{20}", str(err.value)) is None, str(err.value)
