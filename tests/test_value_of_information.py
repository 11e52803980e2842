"""Value of information (``Result.value_of_information``): EVPI and EVPPI against closed
forms on normal costs, within the reported standard errors; the bounds EVPPI ≤ EVPI, an
irrelevant input's EVPPI ≈ 0, EVPI = 0 when one strategy is always cheaper; bad groups."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import activity, scenario
from scipy import stats


def _normal(mean: float, sd: float) -> dict:
    # Truncated 10 sd below the mean (costs are ≥ 0): a normal for every purpose here.
    return {"dist": "normal", "mean": mean, "sd": sd, "low": 0}


def _normal_costs() -> dict:
    """Totals C_base = A1 + A2 + shared and C_alt = B1 + shared, all normal: the decision
    (lowest mean) is alt, and C_alt − C_base = B1 − A1 − A2 ~ N(−20, 164²)."""
    return scenario(
        [
            activity("a1", "once", cost=_normal(1000, 100)),
            activity("a2", "once", cost=_normal(500, 50)),
            activity("shared", "once", cost="shared"),
        ],
        [
            activity("b1", "once", cost=_normal(1480, 120)),
            activity("shared", "once", cost="shared"),
        ],
        parameters={"shared": _normal(300, 30)},
    )


def _expected_max0(mean: float, sd: float) -> float:
    """E[max(0, X)] for X ~ N(mean, sd²)."""
    z = mean / sd
    return mean * stats.norm.cdf(z) + sd * stats.norm.pdf(z)


@pytest.fixture(scope="module")
def voi() -> dict[str, dict]:
    r = rc.simulate(_normal_costs(), trials=20_000, seed=17)
    table = r.value_of_information(
        groups={"a1 and a2": ["strategies.base.a1.cost", "strategies.base.a2.cost"]}
    )
    return {row["name"]: row for row in table.iter_rows(named=True)}


def test_evpi_and_evppi_match_the_closed_forms_within_their_standard_errors(
    voi: dict[str, dict],
) -> None:
    # The gain of knowing X is E[max(0, E(C_base − C_alt | X) ... )]: with the decision alt,
    # knowing helps when base turns out cheaper, C_base − C_alt = −(B1 − A1 − A2).
    m = -20.0  # E[C_alt − C_base]
    cases = {
        "all inputs": math.sqrt(100**2 + 50**2 + 120**2),
        "strategies.base.a1.cost": 100.0,
        "strategies.base.a2.cost": 50.0,
        "strategies.alt.b1.cost": 120.0,
        "a1 and a2": math.sqrt(100**2 + 50**2),
    }
    for name, sd in cases.items():
        expected = _expected_max0(m, sd) - max(0.0, m)
        row = voi[name]
        assert abs(row["value"] - expected) <= 3 * row["se"], (name, row["value"], expected)
    assert voi["all inputs"]["kind"] == "evpi"
    assert voi["a1 and a2"]["kind"] == "group"


def test_evppi_is_at_most_evpi_and_zero_for_an_input_that_moves_no_decision(
    voi: dict[str, dict],
) -> None:
    evpi = voi["all inputs"]["value"]
    for name, row in voi.items():
        assert row["value"] <= evpi + 1e-9, name
    # The shared parameter moves both totals alike: knowing it changes no choice.
    shared = voi["shared"]
    assert shared["value"] <= 3 * shared["se"] + 1e-9 * evpi
    assert shared["value"] < 0.01 * evpi


def test_the_table_is_sorted_with_shares() -> None:
    r = rc.simulate(_normal_costs(), trials=5_000, seed=1)
    t = r.value_of_information()
    assert t.columns == ["name", "label", "kind", "inputs", "value", "se", "share"]
    assert t["kind"][0] == "evpi" and t["share"][0] == pytest.approx(1.0)
    rest = t["value"].to_list()[1:]
    assert rest == sorted(rest, reverse=True)
    np.testing.assert_allclose(t["share"].to_numpy()[1:], np.array(rest) / t["value"][0])
    assert set(t["name"].to_list()[1:]) == {
        "strategies.base.a1.cost",
        "strategies.base.a2.cost",
        "strategies.alt.b1.cost",
        "shared",
    }


def test_evpi_is_zero_when_one_strategy_is_cheaper_in_every_trial() -> None:
    s = _normal_costs()
    s["strategies"]["alt"]["activities"][0]["cost"] = 100  # far below base in every trial
    r = rc.simulate(s, trials=5_000, seed=3)
    t = r.value_of_information()
    assert t["value"][0] == 0.0 and t["se"][0] == 0.0
    assert t["share"][0] is None
    assert (t["value"].to_numpy() == 0.0).all()


def test_a_discrete_input_is_fitted_by_its_values() -> None:
    # The vendor's question: does the customer need a repave procedure (yes/no)? Knowing it
    # is worth E[max(0, −Δ | need)] over its two values, computed here from the trials.
    r = rc.simulate("vendor_initiative", trials=20_000, seed=5)
    t = r.trials
    need = t["need_repave_given_containers"].to_numpy()
    diff = (t["ask_why_first.total"] - t["build_on_request.total"]).to_numpy()
    decision_is_ask = diff.mean() < 0
    sign = 1.0 if decision_is_ask else -1.0
    gains = [max(0.0, sign * diff[need == v].mean()) * np.mean(need == v) for v in (0.0, 1.0)]
    table = r.value_of_information()
    row = table.filter(pl.col("name") == "need_repave_given_containers").row(0, named=True)
    # Exact but for the fit's tiny ridge (1e-10 of the normal equations' trace).
    assert row["value"] == pytest.approx(sum(gains), rel=1e-6)


@pytest.mark.parametrize(
    ("groups", "words"),
    [
        ({"g": ["strategies.base.a1.cots"]}, 'unknown input "strategies.base.a1.cots"'),
        ({"g": []}, "give at least one input"),
        ({"shared": ["strategies.base.a1.cost"]}, 'the name "shared" is taken'),
        # The EVPI row's name, and blank names: the table had two rows named "all inputs",
        # or a row with no name.
        ({"all inputs": ["strategies.base.a1.cost"]}, 'the name "all inputs" is taken'),
        ({"": ["strategies.base.a1.cost"]}, "a name that is not blank"),
        ({"  ": ["strategies.base.a1.cost"]}, "a name that is not blank"),
    ],
)
def test_bad_groups_are_value_errors_naming_them(groups: dict, words: str) -> None:
    r = rc.simulate(_normal_costs(), trials=200, seed=0)
    with pytest.raises(ValueError) as err:
        r.value_of_information(groups=groups)
    assert isinstance(err.value, rc.ScenarioError)
    assert words in str(err.value)
    with pytest.raises(TypeError):
        r.value_of_information(groups=["a"])  # type: ignore[arg-type]


def test_the_chart() -> None:
    r = rc.simulate(_normal_costs(), trials=2_000, seed=0)
    svg = r.plot.value_of_information().to_svg()
    assert "<svg" in svg and "EVPI" in svg


def test_report_sentence_weighs_the_value_against_the_cost_of_finding_out(tmp_path) -> None:
    from repave_cost.value_of_information import value_of_information_sentences

    r = rc.simulate("vendor_initiative", trials=5_000, seed=2)
    row = r.value_of_information().filter(pl.col("name") == "need_repave_given_containers")
    value = row["value"][0]
    sentences = value_of_information_sentences(r)
    cost = rc.format_money(503.75, "USD")
    said = [s for s in sentences if "finding out" in s]
    assert len(said) == 1
    assert f"worth up to {rc.format_money(value, 'USD')}" in said[0]
    assert f"costs {cost}" in said[0]
    verdict = "worth finding out first" if value > 503.75 else "more than knowing it is worth"
    assert said[0].endswith(verdict + ".")
    folder = rc.report(r, tmp_path / "out", formats=["svg"])
    text = (folder / "summary.md").read_text()
    assert all(s in text for s in sentences)
    assert "<svg" in (folder / "value_of_information.svg").read_text()


def test_finding_out_must_name_an_uncertain_input() -> None:
    d = rc.Scenario.preset("vendor_initiative").to_dict()
    d["finding_out"] = {"need_repave": {"cost": 10}}
    with pytest.raises(rc.ScenarioError) as err:
        rc.Scenario.from_dict(d)
    assert "finding_out.need_repave" in str(err.value)
