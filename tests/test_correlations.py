"""Correlated inputs: ``[[correlations]]`` in scenarios, ``Result.correlation()`` and
``rc.sample(..., correlation=...)``.

Achieved coefficients are recomputed here with scipy from the drawn columns; the nearest
valid targets printed for an impossible set are recomputed by an independent optimisation.
"""

from __future__ import annotations

import copy
import math
import re
from typing import Any

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from conftest import run_python
from scipy import stats
from scipy.optimize import minimize

#: Methods whose correlations are induced by Iman & Conover's rearrangement.
REARRANGING = ("random", "lhs")


def scenario(correlations: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Two roles with uncertain rates (a parameter and an inline field), an activity with
    uncertain inline hours, one naming a parameter, and a fixed parameter."""
    data: dict[str, Any] = {
        "fleet": {"nodes": 20},
        "parameters": {
            "rate_a": {"dist": "pert", "low": 60, "mode": 90, "high": 180},
            "hours_b": {"dist": "lognormal", "mu": 1, "sigma": 0.5},
            "people_c": 3,
            "spare": {"dist": "uniform", "low": 0, "high": 1},
        },
        "staffing": {
            "a": {"rate": "rate_a", "headcount": 2},
            "b": {"rate": {"dist": "uniform", "low": 50, "high": 120}, "headcount": 1},
        },
        "strategies": {
            "old": {
                "activities": [
                    {
                        "name": "rebuild",
                        "driver": "per_node",
                        "cycles_per_year": 4,
                        "hours": {"dist": "triangular", "low": 1, "mode": 2, "high": 5},
                        "role": "a",
                        "people": "people_c",
                    },
                    {"name": "review", "driver": "yearly", "hours": "hours_b", "role": "b"},
                    {"name": "spare", "driver": "yearly", "cost": "spare"},
                ]
            },
            "new": {"activities": []},
        },
        "comparison": {"baseline": "old", "alternative": "new"},
    }
    if correlations is not None:
        data["correlations"] = correlations
    return data


def pair(a: str, b: str, rank: float) -> dict[str, Any]:
    return {"between": [a, b], "rank": rank}


THREE = [
    pair("rate_a", "hours_b", 0.6),
    pair("staffing.b.rate", "hours_b", -0.3),
    pair("strategies.old.activities[0].hours", "rate_a", 0.4),
]
NAMED = {"rate_a", "hours_b", "staffing.b.rate", "strategies.old.rebuild.hours"}


def run(data: dict[str, Any], trials: int = 20_000, method: str = "random") -> rc.Result:
    return rc.simulate(
        rc.Scenario.from_dict(data), trials=trials, seed=3, method=method, progress=False
    )


def trials_for(method: str) -> int:
    """20,000 trials, the issue's count; a quasi-Monte Carlo design (``sobol``, once merged)
    keeps its balance only at powers of two and warns otherwise, so it gets 2**14 = 16,384,
    the power of two below (fewer trials: a stricter test)."""
    return 2**14 if method == "sobol" else 20_000


@pytest.mark.parametrize("method", rc.methods())
def test_achieved_spearman_is_within_0_02_of_each_target_at_20000_trials(method: str) -> None:
    # The standard error of a Spearman coefficient near these targets at 20,000 trials is
    # about (1 - r^2) / sqrt(n) < 0.007, so 0.02 (the tolerance) is 3 SE or more.
    result = run(scenario(THREE), trials=trials_for(method), method=method)
    table = result.correlation()
    assert table.columns == ["pair", "a", "b", "target", "achieved"]
    assert table["target"].to_list() == [0.6, -0.3, 0.4]
    trials = result.trials
    for row in table.iter_rows(named=True):
        independent = stats.spearmanr(trials[row["a"]], trials[row["b"]]).statistic
        assert abs(independent - row["target"]) < 0.02, row
        assert row["achieved"] == pytest.approx(independent, abs=1e-12)
    assert table["pair"][0] == "rate_a ~ hours_b"


@pytest.mark.parametrize("method", REARRANGING)
def test_each_input_keeps_its_sorted_values_and_only_named_columns_change(method: str) -> None:
    plain = run(scenario(), method=method).trials
    correlated = run(scenario(THREE), method=method).trials
    inputs = [c for c in plain.columns if c in NAMED or c == "spare"]
    assert set(inputs) == NAMED | {"spare"}
    for name in inputs:
        before, after = plain[name].to_numpy(), correlated[name].to_numpy()
        np.testing.assert_array_equal(np.sort(before), np.sort(after), err_msg=name)
        if name in NAMED:
            assert not np.array_equal(before, after), f"{name} should be rearranged"
        else:
            np.testing.assert_array_equal(before, after, err_msg=f"{name} must not move")
    # The outputs move with the pairing (the saving depends on rate times hours).
    assert not plain["savings"].equals(correlated["savings"])


def test_a_correlation_changes_only_the_columns_it_names() -> None:
    one = run(scenario([pair("rate_a", "hours_b", 0.6)]), trials=5000).trials
    two = run(
        scenario([pair("rate_a", "hours_b", 0.6), pair("staffing.b.rate", "spare", 0.5)]),
        trials=5000,
    ).trials
    for name in ("rate_a", "hours_b", "strategies.old.rebuild.hours"):
        assert one[name].equals(two[name]), name
    for name in ("staffing.b.rate", "spare"):
        assert not one[name].equals(two[name]), name


def test_the_order_and_spelling_of_the_entries_change_nothing() -> None:
    forward = run(scenario(THREE), trials=3000).trials
    spelled = [
        pair("hours_b", "parameters.rate_a", 0.6),
        pair("rate_a", "strategies.old.activities.rebuild.hours", 0.4),
        pair("hours_b", "staffing.b.rate", -0.3),
    ]
    assert run(scenario(spelled), trials=3000).trials.equals(forward)


DIGEST = """
import hashlib, repave_cost as rc, json
data = json.loads(DATA)
h = hashlib.sha256()
for method in ("random", "lhs"):
    r = rc.simulate(rc.Scenario.from_dict(data), trials=30_000, seed=5, method=method,
                    progress=False)
    for name in r.trials.columns:
        h.update(r.trials[name].to_numpy().tobytes())
df = rc.sample({"a": rc.pert(1, 3, 8), "b": rc.gamma(2, 3), "c": rc.uniform(0, 1)}, 30_000,
               seed=2, correlation={("a", "b"): 0.7, ("c", "a"): -0.2})
for name in df.columns:
    h.update(df[name].to_numpy().tobytes())
print(h.hexdigest())
"""


def test_thread_count_changes_nothing() -> None:
    import json

    code = f"DATA = {json.dumps(scenario(THREE))!r}\n" + DIGEST
    digests = []
    for threads in ("1", "2"):
        proc = run_python(code, {"RAYON_NUM_THREADS": threads})
        assert proc.returncode == 0, proc.stderr
        digests.append(proc.stdout.strip())
    assert len(digests[0]) == 64
    assert digests[0] == digests[1]


def problems(correlations: list[dict[str, Any]]) -> dict[str, str]:
    with pytest.raises(rc.ScenarioError) as info:
        rc.Scenario.from_dict(scenario(correlations))
    return {e["path"]: e["message"] for e in info.value.errors()}


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    found = problems(
        [
            pair("rate_aa", "hours_b", 0.5),
            pair("people_c", "hours_b", 0.5),
            pair("rate_a", "staffing.a.rate", 0.5),
            pair("rate_a", "hours_b", 0.3),
            pair("hours_b", "rate_a", 0.4),
            pair("staffing.b.rate", "hours_b", 1.5),
            {"between": ["rate_a"], "rank": 0.1},
            pair("fleet.nodes", "rate_a", 0.2),
        ]
    )
    assert 'did you mean "rate_a"' in found["correlations[0].between[0]"]
    assert "fixed at 3" in found["correlations[1].between[0]"]
    assert "same input" in found["correlations[2].between"]
    assert "correlations[3]" in found["correlations[4].between"]
    assert "[-1, 1], got 1.5" in found["correlations[5].rank"]
    assert "exactly two inputs" in found["correlations[6].between"]
    assert "fixed at 20" in found["correlations[7].between[0]"]
    assert len(found) == 7
    assert isinstance(rc.ScenarioError("x", []), ValueError)


def test_a_bad_correlation_table_names_its_field() -> None:
    found = problems([{"between": ["rate_a", "hours_b"], "rank": 0.5, "rnak": 1}])
    assert "correlations[0]" in next(iter(found)), found
    data = scenario()
    data["correlations"] = {"between": ["rate_a", "hours_b"]}
    with pytest.raises(rc.ScenarioError, match="correlations"):
        rc.Scenario.from_dict(data)


def nearest_correlation(a: np.ndarray) -> np.ndarray:
    """The nearest correlation matrix to `a` in the Frobenius norm, by minimising over
    ``X = L Lᵀ`` with unit rows of ``L`` (an independent route from the core's alternating
    projections)."""
    k = a.shape[0]
    rows, cols = np.tril_indices(k)

    def build(theta: np.ndarray) -> np.ndarray:
        lower = np.zeros((k, k))
        lower[rows, cols] = theta
        lower /= np.linalg.norm(lower, axis=1, keepdims=True)
        return lower @ lower.T

    rng = np.random.default_rng(7)
    starts = [np.eye(k)[rows, cols]] + [rng.normal(size=rows.size) for _ in range(10)]
    best = min(
        (
            minimize(
                lambda t: float(np.sum((build(t) - a) ** 2)),
                s,
                method="BFGS",
                options={"gtol": 1e-12},
            )
            for s in starts
        ),
        key=lambda r: r.fun,
    )
    return build(best.x)


def test_targets_that_cannot_hold_together_name_the_pairs_and_the_nearest_values() -> None:
    ranks = {(0, 1): 0.9, (0, 2): 0.7, (1, 2): -0.8}
    names = ["rate_a", "hours_b", "staffing.b.rate"]
    entries = [pair(names[i], names[j], r) for (i, j), r in ranks.items()]
    found = problems(entries)
    assert list(found) == ["correlations"]
    message = found["correlations"]
    assert "not positive semi-definite" in message
    for entry in ("correlations[0]", "correlations[1]", "correlations[2]"):
        assert entry in message
    # Independently: the normal-score matrix, its nearest correlation matrix, back to ranks.
    pearson = np.eye(3)
    for (i, j), r in ranks.items():
        pearson[i, j] = pearson[j, i] = 2 * math.sin(math.pi * r / 6)
    assert np.linalg.eigvalsh(pearson).min() < 0
    nearest = nearest_correlation(pearson)
    for n, ((i, j), _) in enumerate(ranks.items()):
        want = 6 / math.pi * math.asin(nearest[i, j] / 2)
        got = re.search(rf"correlations\[{n}\] \([^)]*\) -> (-?[0-9.]+)", message)
        assert got is not None, message
        assert float(got.group(1)) == pytest.approx(want, abs=0.006), (n, message)


def test_a_valid_set_of_three_targets_compiles_and_is_met() -> None:
    result = run(scenario(THREE), trials=20_000, method="lhs")
    assert result.correlation().height == 3


def test_a_scenario_without_correlations_has_an_empty_table() -> None:
    table = run(scenario(), trials=100).correlation()
    assert table.height == 0
    assert table.columns == ["pair", "a", "b", "target", "achieved"]
    # An empty text column is still text (it used to arrive as Float64).
    assert table.schema["pair"] == pl.String and table.schema["a"] == pl.String


@pytest.mark.parametrize("method", ["random", "lhs", "sobol"])
@pytest.mark.parametrize("trials", [0, 1])
def test_correlated_samples_of_no_or_one_trial(method: str, trials: int) -> None:
    # Iman-Conover has no rows to pair (0 trials panicked: "chunk_size must not be zero").
    dists = {"a": rc.pert(1, 3, 8), "b": rc.uniform(60, 90)}
    alone = rc.sample(dists, trials, seed=5, method=method)
    paired = rc.sample(dists, trials, seed=5, method=method, correlation={("a", "b"): 0.5})
    assert paired.shape == (trials, 2)
    assert paired.schema == {"a": pl.Float64, "b": pl.Float64}
    if method != "sobol":  # Iman-Conover only pairs; sobol's copula moves the values
        assert paired.equals(alone)
    assert np.isfinite(paired.to_numpy()).all()


def test_round_trips_keep_the_correlations() -> None:
    s = rc.Scenario.from_dict(scenario(THREE))
    again = rc.Scenario.from_toml(s.to_toml())
    assert again == s
    assert rc.Scenario.from_json(s.to_json()) == s
    assert "[[correlations]]" in s.to_toml()
    assert "correlations" not in rc.Scenario.from_dict(scenario()).to_json()
    assert run(scenario(THREE), trials=500).trials.equals(
        rc.simulate(again, trials=500, seed=3, progress=False).trials
    )


def test_replace_reaches_a_rank_and_refuses_a_fixed_correlated_input() -> None:
    s = rc.Scenario.from_dict(scenario(THREE))
    changed = s.replace({"correlations[0].rank": 0.2})
    r = rc.simulate(changed, trials=20_000, seed=1, progress=False).correlation()
    assert r["target"].to_list() == [0.2, -0.3, 0.4]
    assert abs(r["achieved"][0] - 0.2) < 0.02
    with pytest.raises(rc.ScenarioError) as info:
        s.replace({"staffing.b.rate": 80})
    paths = [e["path"] for e in info.value.errors()]
    assert paths == ["correlations[1].between[0]"]
    none = s.replace({"correlations": []})
    assert rc.simulate(none, trials=10, progress=False).correlation().height == 0


def test_a_sweep_point_that_fixes_a_correlated_input_drops_its_pairs_there() -> None:
    base = rc.Scenario.from_dict(scenario(THREE))
    dist = {"dist": "uniform", "low": 50, "high": 120}
    sweep = rc.sweep(base, {"staffing.b.rate": [80, dist]}, trials=4000, seed=2, progress=False)
    table = sweep.table.filter(pl.col("output") == "savings")
    # The point that fixes the rate equals the scenario without that rate's pair (and the
    # rate fixed); the other point equals the base scenario.
    without = copy.deepcopy(scenario([THREE[0], THREE[2]]))
    without["staffing"]["b"]["rate"] = 80
    for point, data in ((0, without), (1, scenario(THREE))):
        expected = rc.simulate(
            rc.Scenario.from_dict(data), trials=4000, seed=2, progress=False
        ).summary()
        expected = expected.filter(pl.col("output") == "savings")
        for stat in ("mean", "p5", "p50", "p95"):
            assert table[stat][point] == expected[stat][0], (point, stat)


def test_a_sweep_over_a_rank_gives_each_point_its_target() -> None:
    base = rc.Scenario.from_dict(scenario(THREE))
    sweep = rc.sweep(
        base, {"correlations[0].rank": [0.0, 0.8]}, trials=4000, seed=2, progress=False
    )
    table = sweep.table.filter(pl.col("output") == "savings")
    for point, rank in enumerate((0.0, 0.8)):
        s = base.replace({"correlations[0].rank": rank})
        expected = rc.simulate(s, trials=4000, seed=2, progress=False).summary()
        assert table["mean"][point] == expected.filter(pl.col("output") == "savings")["mean"][0]


def test_short_runs_keep_their_values() -> None:
    for trials in (1, 2, 3, 5):
        r = run(scenario(THREE), trials=trials)
        plain = run(scenario(), trials=trials)
        for name in NAMED:
            np.testing.assert_array_equal(
                np.sort(r.trials[name].to_numpy()), np.sort(plain.trials[name].to_numpy())
            )


# --- rc.sample ---

BARE = {
    "a": rc.pert(1, 3, 8),
    "b": rc.gamma(2.5, 3),
    "c": rc.uniform(0, 1),
    "d": rc.lognormal(0, 1),
}


@pytest.mark.parametrize("method", rc.methods())
def test_sample_reaches_its_targets(method: str) -> None:
    targets = {("a", "b"): 0.6, ("c", "a"): -0.4}
    df = rc.sample(BARE, trials_for(method), seed=4, method=method, correlation=targets)
    for (x, y), r in targets.items():
        assert abs(stats.spearmanr(df[x], df[y]).statistic - r) < 0.02


@pytest.mark.parametrize("method", REARRANGING)
def test_sample_keeps_sorted_values_and_unnamed_columns(method: str) -> None:
    plain = rc.sample(BARE, 5000, seed=4, method=method)
    correlated = rc.sample(BARE, 5000, seed=4, method=method, correlation={("a", "b"): 0.6})
    for name in BARE:
        np.testing.assert_array_equal(np.sort(plain[name]), np.sort(correlated[name]))
    assert plain["c"].equals(correlated["c"]) and plain["d"].equals(correlated["d"])
    assert not plain["a"].equals(correlated["a"])


def test_sample_reports_every_problem_at_its_pair() -> None:
    with pytest.raises(rc.ScenarioError) as info:
        rc.sample(
            BARE,
            100,
            correlation={
                ("a", "x"): 0.5,
                ("b", "b"): 0.2,
                ("c", "d"): 2.0,
                ("b", "a"): 0.1,
                ("a", "b"): 0.3,
            },
        )
    found = {e["path"]: e["message"] for e in info.value.errors()}
    assert '"x" is not one of the inputs' in found['correlation[("a", "x")]']
    assert "two different inputs" in found['correlation[("b", "b")]']
    assert "[-1, 1], got 2" in found['correlation[("c", "d")]']
    assert 'correlation[("b", "a")]' in found['correlation[("a", "b")]']
    with pytest.raises(rc.ScenarioError, match="not positive semi-definite"):
        rc.sample(BARE, 100, correlation={("a", "b"): 0.9, ("a", "c"): 0.9, ("b", "c"): -0.9})


def test_sample_checks_the_types_of_correlation() -> None:
    with pytest.raises(TypeError, match="mapping"):
        rc.sample(BARE, 10, correlation=[("a", "b", 0.5)])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="pairs"):
        rc.sample(BARE, 10, correlation={"a": 0.5})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="number"):
        rc.sample(BARE, 10, correlation={("a", "b"): "0.5"})  # type: ignore[dict-item]


# --- presets ---


@pytest.mark.parametrize("name", sorted(rc.presets()))
def test_presets_correlate_only_their_rates(name: str) -> None:
    s = rc.Scenario.preset(name)
    result = rc.simulate(s, trials=20_000, seed=1, progress=False)
    table = result.correlation()
    assert table.height > 0
    for row in table.iter_rows(named=True):
        assert row["a"].startswith("rate_") and row["b"].startswith("rate_"), row
        assert abs(row["achieved"] - row["target"]) < 0.02, row
    independent = rc.simulate(
        s.replace({"correlations": []}), trials=20_000, seed=1, progress=False
    ).trials
    named = set(table["a"]) | set(table["b"])
    for column in s_inputs(result):
        same = independent[column].equals(result.trials[column])
        assert same != (column in named), column


def s_inputs(result: rc.Result) -> list[str]:
    """The input columns of a result's trial table (before the outputs)."""
    outputs = set(result.outputs) | {"payback_year"}
    return [c for c in result.trials.columns if c not in outputs]


def test_replace_drops_the_correlations_of_a_parameter_it_drops() -> None:
    fleet = rc.Scenario.preset("fleet")
    before = rc.simulate(fleet, trials=200, progress=False).correlation()
    changed = fleet.replace(
        {"staffing.sre.rate": "rate_ops"}, new_parameters={"rate_ops": rc.pert(60, 80, 120)}
    )
    after = rc.simulate(changed, trials=200, progress=False).correlation()
    kept = before.filter((pl.col("a") != "rate_sre") & (pl.col("b") != "rate_sre"))
    assert 0 < after.height == kept.height < before.height
    assert after["pair"].to_list() == kept["pair"].to_list()
    assert "rate_sre" not in changed.to_toml()


def test_the_report_states_the_correlations_applied() -> None:
    from repave_cost.report import summary_text

    result = run(scenario(THREE), trials=20_000)
    text = summary_text(result)
    table = result.correlation()
    assert "Correlated inputs: 3 rank correlations" in text
    for row in table.iter_rows(named=True):
        assert f"{row['a']} ~ {row['b']} {row['target']:+.2f} (achieved " in text
        assert f"(achieved {row['achieved']:+.2f})" in text
    assert "Correlated inputs" not in summary_text(run(scenario(), trials=200))


def test_the_command_line_summary_states_the_correlations(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from repave_cost.cli import main

    path = tmp_path / "s.toml"
    rc.Scenario.from_dict(scenario(THREE)).save(path)
    main(["run", str(path), "--trials", "2000", "--quiet"])
    out = capsys.readouterr().out
    assert "Correlated inputs: 3 rank correlations" in out
    assert "rate_a ~ hours_b +0.60 (achieved" in out


def _suggested(message: str) -> dict[tuple[str, str], float]:
    """The targets a not-positive-semi-definite error suggests, given and not given."""
    import re

    advice = message.split("valid targets near them")[1]
    given = re.findall(r'correlation\[\("(\w+)", "(\w+)"\)\] = [-\d.e]+ -> (-?[\d.]+)', advice)
    others = re.findall(r"(\w+) ~ (\w+) -> (-?[\d.]+)", advice)
    return {(a, b): float(v) for a, b, v in [*given, *others]}


@pytest.mark.parametrize("seed", range(40))
def test_the_suggested_targets_hold_when_given_as_written(seed: int) -> None:
    # Higham's matrix sits on the boundary of the valid set: rounded to two decimals it was
    # refused again in 161 of 245 random cases, and pairs not given (target 0) that it moves
    # were not listed at all.
    rng = np.random.default_rng(seed)
    k = int(rng.integers(4, 7))
    names = [f"x{i}" for i in range(k)]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]
    inputs = {n: rc.uniform(0, 1) for n in names}
    for _ in range(100):  # draw until the targets cannot hold together (most do)
        keep = rng.random(len(pairs)) < (1.0 if seed % 2 else 0.7)
        targets = {p: round(float(rng.uniform(-1, 1)), 2) for p, on in zip(pairs, keep) if on}
        try:
            rc.sample(inputs, 64, correlation=targets)
        except rc.ScenarioError as err:
            message = str(err)
            break
    else:
        raise AssertionError("100 random target sets were all valid")
    suggested = _suggested(message)
    assert set(targets) <= set(suggested)
    rc.sample(inputs, 64, correlation=suggested)  # holds as written
