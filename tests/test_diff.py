"""rc.diff and `repave-cost diff`: the fields that differ, then the paired difference of
every output under common random numbers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import repave_cost as rc
from repave_cost.cli import main
from repave_cost.diff import MISSING, field_changes

TRIALS = 4_000


def with_extra_one_time_cost(scn: rc.Scenario, amount: float) -> rc.Scenario:
    """The scenario with one more fixed one-time cost in the alternative strategy."""
    data = scn.to_dict()
    data["strategies"][scn.alternative]["activities"].append(
        {"name": "extra licence", "driver": "once", "cost": amount}
    )
    return rc.Scenario(data)


def effects(d: rc.ScenarioDiff) -> dict[str, dict[str, Any]]:
    return {row["output"]: row for row in d.effects.iter_rows(named=True)}


def test_identical_scenarios_differ_by_exactly_zero() -> None:
    d = rc.diff("customer_repave", rc.Scenario.preset("customer_repave"), trials=TRIALS, seed=4)
    assert d.fields == [] and d.identical
    for row in effects(d).values():
        for col in ("mean_delta", "se_delta", "delta_p5", "delta_p50", "delta_p95"):
            assert row[col] == 0.0, (row["output"], col)
        assert row["prob_delta_positive"] == 0.0 and row["prob_delta_negative"] == 0.0
        assert row["mean_a"] == row["mean_b"]
    assert "No field differs." in d.to_text()


def test_a_change_with_a_known_effect_gives_exactly_that_effect() -> None:
    base = rc.Scenario.preset("customer_repave")
    amount = 12_345.0
    changed = with_extra_one_time_cost(base, amount)
    d = rc.diff(base, changed, trials=TRIALS, seed=7)
    e = effects(d)
    alt, baseline = base.alternative, base.baseline
    # Every trial moves by the amount: no sampling noise at all (the draws are common).
    scale = 1e-12 * max(abs(e[f"{alt}.total"]["mean_a"]), amount)
    for out, expected in [
        (f"{alt}.total", amount),
        (f"{alt}.one_time", amount),
        ("savings", -amount),
        ("savings_per_year", -amount / base.horizon_years),
    ]:
        for col in ("mean_delta", "delta_p5", "delta_p50", "delta_p95"):
            assert abs(e[out][col] - expected) <= scale, (out, col, e[out][col])
        assert e[out]["se_delta"] <= scale
    assert e["savings"]["prob_delta_negative"] == 1.0
    for col in ("mean_delta", "delta_p5", "delta_p95"):
        assert e[f"{baseline}.total"][col] == 0.0
    [change] = d.fields
    assert change.path == f"strategies.{alt}.activities.extra licence"
    assert change.old is MISSING
    assert str(change).startswith(f"strategies.{alt}.activities.extra licence: (none) → ")


def test_the_statistics_are_those_of_the_per_trial_differences() -> None:
    a = rc.Scenario.preset("fleet")
    b = a.replace({"fleet.nodes": 260, "staffing.sre.headcount": 6})
    d = rc.diff(a, b, trials=TRIALS, seed=3, method="lhs")
    ra = rc.simulate(a, TRIALS, seed=3, method="lhs")
    rb = rc.simulate(b, TRIALS, seed=3, method="lhs")
    e = effects(d)
    assert list(e) == ra.outputs
    for out, row in e.items():
        delta = rb.trials[out].to_numpy() - ra.trials[out].to_numpy()
        p5, p50, p95 = np.quantile(delta, [0.05, 0.5, 0.95])
        expected = {
            "mean_a": ra.trials[out].to_numpy().mean(),
            "mean_b": rb.trials[out].to_numpy().mean(),
            "mean_delta": delta.mean(),
            "se_delta": delta.std(ddof=1) / np.sqrt(delta.size),
            "delta_p5": p5,
            "delta_p50": p50,
            "delta_p95": p95,
            "prob_delta_positive": (delta > 0).mean(),
            "prob_delta_negative": (delta < 0).mean(),
        }
        for col, value in expected.items():
            assert row[col] == pytest.approx(value, rel=1e-9, abs=1e-6), (out, col)


def test_common_random_numbers_make_the_difference_sharp() -> None:
    """A 10% larger fleet: the paired standard error is far below that of two independent
    runs (seeds 3 and 4), computed from their trials."""
    a = rc.Scenario.preset("fleet")
    b = a.replace({"fleet.nodes": 220})
    e = effects(rc.diff(a, b, trials=TRIALS, seed=3))["savings"]
    x = rc.simulate(a, TRIALS, seed=3).trials["savings"].to_numpy()
    y = rc.simulate(b, TRIALS, seed=4).trials["savings"].to_numpy()
    independent_se = np.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
    assert 0 < e["se_delta"] < independent_se / 5


def test_field_changes_name_paths_like_replace() -> None:
    a = rc.Scenario.preset("fleet")
    data = a.to_dict()
    data["fleet"]["nodes"] = 150
    data["parameters"]["rate_sre"]["mode"] = 100
    data["parameters"]["productive_hours"] = {"dist": "uniform", "low": 1600, "high": 2000}
    acts = data["strategies"]["repave"]["activities"]
    removed = acts.pop(0)["name"]
    acts.reverse()  # order alone is no change
    b = rc.Scenario(data)
    shown = [str(c) for c in field_changes(a, b)]
    assert "fleet.nodes: 200 → 150" in shown
    assert "parameters.rate_sre.mode: 95 → 100" in shown
    family = [c for c in field_changes(a, b) if c.path == "parameters.productive_hours"]
    assert len(family) == 1 and family[0].new["dist"] == "uniform"
    gone = [c for c in field_changes(a, b) if c.path.endswith(f"activities.{removed}")]
    assert len(gone) == 1 and gone[0].new is MISSING
    assert len(shown) == 4, shown
    # Every path names a field replace() can set on the first scenario.
    a.replace({"fleet.nodes": 150, "parameters.rate_sre.mode": 100})


def test_formats_hold_the_same_numbers() -> None:
    a = rc.Scenario.preset("customer_repave")
    d = rc.diff(a, a.replace({"fleet.nodes": 250}), trials=1_000, seed=1)
    md = d.to_markdown()
    assert md.startswith("### Scenario diff: `customer_repave` → `customer_repave`")
    assert "- `fleet.nodes`: `200` → `250`" in md
    assert "| `savings` |" in md and "| mean Δ |" in md
    data = json.loads(d.to_json())
    assert data["fields"] == [{"path": "fleet.nodes", "old": 200, "new": 250}]
    assert data["effects"] == d.effects.to_dicts()
    assert (data["trials"], data["seed"], data["method"]) == (1_000, 1, "random")
    text = d.to_text()
    assert "fleet.nodes: 200 → 250" in text and "P(Δ > 0) = " in text


def test_bad_arguments_are_clear_errors() -> None:
    a = rc.Scenario.preset("fleet")
    euros = a.to_dict()
    euros["settings"]["currency"] = "EUR"
    with pytest.raises(rc.ScenarioError, match="settings.currency: .*different currencies"):
        rc.diff(a, euros, trials=10)
    with pytest.raises(rc.ScenarioError, match="trials"):
        rc.diff(a, a, trials=0)
    with pytest.raises(TypeError, match="scenario must be"):
        rc.diff(a, 3, trials=10)  # type: ignore[arg-type]


def write(path: Path, scn: rc.Scenario) -> Path:
    path.write_text(scn.to_toml(), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_cli_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    a = rc.Scenario.preset("customer_repave")
    fa = write(tmp_path / "a.toml", a)
    fb = write(tmp_path / "b.toml", with_extra_one_time_cost(a, 5_000.0))
    code = main(["diff", str(fa), str(fb), "--trials", "500", "--format", fmt, "--quiet"])
    out = capsys.readouterr().out
    assert code == 0
    expected = rc.diff(a, rc.Scenario.from_toml(fb), trials=500)
    if fmt == "json":
        assert json.loads(out) == json.loads(expected.to_json())
    elif fmt == "markdown":
        assert out == expected.to_markdown()
    else:
        assert out == expected.to_text() + "\n"
        assert "savings: " in out and "mean Δ -$5K" in out


def test_cli_diff_takes_presets_and_reports_a_missing_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "fleet", "fleet", "--trials", "50", "--quiet"]) == 0
    assert "No field differs." in capsys.readouterr().out
    assert main(["diff", str(tmp_path / "nope.toml"), "fleet", "--quiet"]) == 2
    assert "neither a scenario file nor a preset name" in capsys.readouterr().err


def test_a_deeply_nested_progress_argument_is_a_clear_type_error() -> None:
    # Its repr would recurse past the interpreter's limit; the message must not.
    deep: dict[str, object] = {}
    inner = deep
    for _ in range(5_000):
        inner["k"] = {}
        inner = inner["k"]  # type: ignore[assignment]
    with pytest.raises(TypeError, match="progress must be"):
        rc.diff("fleet", "fleet", trials=16, progress=deep)  # type: ignore[arg-type]


@pytest.mark.parametrize("method", rc.methods())
def test_common_random_numbers_hold_when_the_change_adds_inputs_and_events(method: str) -> None:
    # A new uncertain parameter that sorts before every other input, and a new random
    # event, both only in the alternative: the baseline's draws must not move, so its
    # total differs by exactly 0 in every trial, under every method (under `sobol` the
    # dimensions are numbered over both scenarios).
    base = rc.Scenario.preset("customer_repave")
    data = base.to_dict()
    data["parameters"]["aaa_extra_cost"] = {"dist": "uniform", "low": 100.0, "high": 200.0}
    data["strategies"][base.alternative]["activities"].append(
        {"name": "extra check", "driver": "once", "probability": 0.5, "cost": "aaa_extra_cost"}
    )
    changed = rc.Scenario(data)
    d = rc.diff(base, changed, trials=1024, seed=3, method=method, progress=False)
    e = effects(d)
    for col in ("mean_delta", "se_delta", "delta_p5", "delta_p95"):
        assert e[f"{base.baseline}.total"][col] == 0.0, (method, col)
    # The alternative's total moves by the new item alone: between 0 and 200 a trial.
    alt = e[f"{base.alternative}.total"]
    assert alt["delta_p5"] >= 0.0 and alt["delta_p95"] <= 200.0, alt
    assert 0.0 < alt["mean_delta"] < 200.0
    # The run of `base` under `random` and `lhs` is its plain run (their draws follow keys).
    if method != "sobol":
        plain = rc.simulate(base, trials=1024, seed=3, method=method, progress=False)
        want = float(np.mean(plain.trials["savings"].to_numpy()))
        assert e["savings"]["mean_a"] == pytest.approx(want, rel=1e-12, abs=0.0)


def test_trials_default_as_for_simulate() -> None:
    d = rc.diff("customer_repave", "customer_repave", trials=None, progress=False)
    assert d.n_trials == 10_000 == rc.simulate("customer_repave", progress=False).n_trials


def test_a_pickled_or_copied_diff_prints_and_exports_as_the_original() -> None:
    # The marker of a field one side lacks was compared by identity, and a copy of it
    # read as a value: to_text raised "cannot put _Missing (none) in a scenario".
    import copy
    import pickle

    d = rc.diff("fleet", "vm_fleet", trials=64, progress=False)
    assert any(c.old is MISSING or c.new is MISSING for c in d.fields)
    for twin in (pickle.loads(pickle.dumps(d)), copy.deepcopy(d)):
        assert twin.to_text() == d.to_text()
        assert twin.to_markdown() == d.to_markdown()
        assert twin.to_json() == d.to_json()
    assert pickle.loads(pickle.dumps(MISSING)) is MISSING


def test_a_bad_side_is_named() -> None:
    bad = rc.Scenario.preset("fleet").to_dict()
    bad["fleet"]["nodes"] = -5
    for args, side in (((rc.Scenario.preset("fleet").to_dict(), bad), "b"), ((bad, "fleet"), "a")):
        with pytest.raises(rc.ScenarioError) as err:
            rc.diff(*args, trials=10, progress=False)
        assert str(err.value).startswith(f"{side}: fleet.nodes: must be ≥ 0, got -5")
        assert err.value.errors() == [
            {"path": "fleet.nodes", "message": f"{side}: must be ≥ 0, got -5"}
        ]


def test_the_command_names_the_side_and_file_at_fault(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = rc.Scenario.preset("fleet").to_dict()
    bad["fleet"]["nodes"] = 5
    path = tmp_path / "bad.toml"
    path.write_text(rc.Scenario.from_dict(bad).to_toml().replace("nodes = 5", "nodes = -5"))
    assert main(["diff", "fleet", str(path), "--trials", "10", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"repave-cost: error: scenario B ({path}): fleet.nodes: must be ≥ 0")
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('name = "caf\xe9"\n'.encode("latin-1"))
    assert main(["diff", str(latin1), "fleet", "--trials", "10", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert f"scenario A ({latin1})" in err
    assert "not UTF-8 text: byte 0xe9 at line 1" in err
    assert main(["diff", "flete", "fleet", "--trials", "10", "--quiet"]) == 2
    assert "scenario A (flete): neither a scenario file nor a preset name" in (
        capsys.readouterr().err
    )


def test_a_name_holding_a_bar_keeps_the_markdown_table_whole() -> None:
    named = rc.Scenario.preset("fleet").to_dict()
    named["name"] = "before | after"
    a = rc.Scenario.from_dict(named)
    d = rc.diff(a, a.replace({"fleet.nodes": 300}), trials=64, progress=False)
    rows = [line for line in d.to_markdown().splitlines() if line.startswith("|")]
    cells = {len(line.replace("\\|", "").split("|")) for line in rows}
    assert len(cells) == 1, rows
    assert "before \\| after mean" in rows[0]
