"""``rc.sensitivity_indices``: Sobol indices through the public API against closed forms.

The closed forms are worked out here from the inputs' variances (a sum of independent
inputs: S_i = ST_i = a_i² σ_i² / Σ a_j² σ_j²; a product of independent inputs: the
interaction's share of the variance in both totals, in neither first-order index), never
copied from the library's output. Each check asks the closed form to lie inside the
reported 95% bootstrap interval (widened to about 3 standard errors), so the tolerance
comes from the estimate's own spread.
"""

from __future__ import annotations

import copy
import pickle
import warnings
from typing import Any, Callable

import polars as pl
import pytest
import repave_cost as rc
from _helpers import public_outputs
from repave_cost import _core

N = 1 << 12


def _linear() -> dict[str, Any]:
    # savings = 3 × audit (U(0, 1200), variance 120000) - migration (U(0, 600), 30000)
    return {
        "settings": {"horizon_years": 3, "discount_rate": 0},
        "fleet": {"nodes": 10},
        "strategies": {
            "repave": {
                "activities": [
                    {
                        "name": "audit",
                        "driver": "yearly",
                        "cost": {"dist": "uniform", "low": 0, "high": 1200},
                    }
                ]
            },
            "immutable": {
                "activities": [
                    {
                        "name": "migration",
                        "driver": "once",
                        "cost": {"dist": "uniform", "low": 0, "high": 600},
                    }
                ]
            },
        },
        "comparison": {"baseline": "repave", "alternative": "immutable"},
    }


def _product() -> dict[str, Any]:
    # savings = 10 × hours (U(0.5, 1.5)) × rate (U(0, 200))
    return {
        "settings": {"horizon_years": 1, "discount_rate": 0},
        "fleet": {"nodes": 10},
        "staffing": {
            "sre": {"rate": {"dist": "uniform", "low": 0, "high": 200}, "headcount": 1000}
        },
        "strategies": {
            "repave": {
                "activities": [
                    {
                        "name": "rebuild",
                        "driver": "per_node",
                        "cycles_per_year": 1,
                        "hours": {"dist": "uniform", "low": 0.5, "high": 1.5},
                        "role": "sre",
                    }
                ]
            },
            "immutable": {"activities": []},
        },
        "comparison": {"baseline": "repave", "alternative": "immutable"},
    }


def _row(s: rc.SensitivityIndices, part: str) -> dict[str, Any]:
    rows = [r for r in s.table.iter_rows(named=True) if part in r["input"]]
    assert len(rows) == 1, (part, s.table)
    return rows[0]


def _near(row: dict[str, Any], first: float, total: float) -> None:
    """The closed forms lie in the 95% intervals widened to about 3 standard errors (each
    side stretched by half), so that a dozen checks do not fail by chance alone."""
    for name, want in (("first_order", first), ("total", total)):
        est, low, high = row[name], row[f"{name}_low"], row[f"{name}_high"]
        assert est - 1.5 * (est - low) <= want <= est + 1.5 * (high - est), (row, name, want)


@pytest.mark.parametrize("method", rc.methods())
def test_linear_scenario_matches_the_closed_form(method: str) -> None:
    va, vm = 9 * 1200**2 / 12, 600**2 / 12
    s = rc.sensitivity_indices(_linear(), trials=N, seed=3, method=method, resamples=400)
    assert s.table.height == 2  # no random events: no events row
    _near(_row(s, "audit"), va / (va + vm), va / (va + vm))
    _near(_row(s, "migration"), vm / (va + vm), vm / (va + vm))
    assert s.evaluations == N * 4
    assert abs(s.variance - (va + vm)) < 0.06 * (va + vm)


@pytest.mark.parametrize("method", ["random", "sobol"])
def test_product_puts_the_interaction_share_in_the_totals(method: str) -> None:
    # h ~ U(0.5, 1.5): mean 1, var 1/12; r ~ U(0, 200): mean 100, var 10000/3.
    mh, vh, mr, vr = 1.0, 1 / 12, 100.0, 200**2 / 12
    var = mh**2 * vr + mr**2 * vh + vh * vr
    s = rc.sensitivity_indices(_product(), trials=N, seed=8, method=method, resamples=400)
    hours, rate = _row(s, "hours"), _row(s, "sre.rate")
    _near(hours, mr**2 * vh / var, (mr**2 * vh + vh * vr) / var)
    _near(rate, mh**2 * vr / var, (mh**2 * vr + vh * vr) / var)
    # The known interaction share, vh vr / V = 0.077, separates total from first order.
    assert rate["total"] - rate["first_order"] == pytest.approx(vh * vr / var, abs=0.03)


def test_random_events_form_one_group() -> None:
    scn = _linear()
    scn["strategies"]["repave"]["activities"].append(
        {"name": "outage", "driver": "yearly", "probability": 0.5, "cost": 1000}
    )
    s = rc.sensitivity_indices(scn, trials=N, seed=1, resamples=200)
    assert s.table["input"].to_list()[-1] == "events"
    # 3 years of Poisson(0.5) × $1000: variance 3 × 0.5 × 1e6, additive with the rest.
    va, vm, ve = 9 * 1200**2 / 12, 600**2 / 12, 1.5e6
    total = va + vm + ve
    _near(_row(s, "events"), ve / total, ve / total)


def test_same_seed_same_table_other_seed_other_table() -> None:
    a = rc.sensitivity_indices("fleet", trials=256, seed=5, resamples=50)
    b = rc.sensitivity_indices("fleet", trials=256, seed=5, resamples=50)
    c = rc.sensitivity_indices("fleet", trials=256, seed=6, resamples=50)
    assert a.table.equals(b.table)
    assert not a.table.equals(c.table)
    assert a.table.columns == [
        "input",
        "label",
        "first_order",
        "first_order_low",
        "first_order_high",
        "total",
        "total_low",
        "total_high",
    ]


def test_other_outputs_and_progress() -> None:
    seen: list[tuple[int, int]] = []
    s = rc.sensitivity_indices(
        "fleet",
        output="repave.total",
        trials=256,
        resamples=20,
        progress=lambda d, t: seen.append((d, t)),
    )
    assert s.output == "repave.total"
    assert seen and seen[-1][0] == seen[-1][1]


def test_plot_draws_png_and_svg() -> None:
    s = rc.sensitivity_indices(_product(), trials=256, resamples=50)
    chart = s.plot()
    assert chart.to_svg().startswith("<svg") or "<svg" in chart.to_svg()[:200]
    assert chart.to_png()[1:4] == b"PNG"
    with pytest.raises(ValueError, match="top"):
        s.plot(top=0)


def test_non_power_of_two_warns_under_sobol() -> None:
    with pytest.warns(rc.SobolBalanceWarning, match="trials=300"):
        rc.sensitivity_indices(_product(), trials=300, resamples=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rc.sensitivity_indices(_product(), trials=300, resamples=0, method="random")


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"output": "nope"}, "output"),
        ({"trials": 1}, "trials"),
        ({"method": "sobolx"}, "method"),
        ({"resamples": -1}, "resamples"),
        ({"resamples": 100_001}, "resamples"),
    ],
)
def test_bad_arguments_are_value_errors_naming_them(kwargs: dict[str, Any], name: str) -> None:
    args: dict[str, Any] = {"trials": 64, "resamples": 10, **kwargs}
    with pytest.raises(rc.ScenarioError, match=name) as err:
        rc.sensitivity_indices(_product(), **args)
    assert isinstance(err.value, ValueError)


def test_unknown_output_lists_the_outputs() -> None:
    with pytest.raises(ValueError, match="savings_per_year"):
        rc.sensitivity_indices(_product(), output="savigns", trials=64)


def test_wrong_types_are_type_errors() -> None:
    with pytest.raises(TypeError, match="trials"):
        rc.sensitivity_indices(_product(), trials=64.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="output"):
        rc.sensitivity_indices(_product(), output=3)  # type: ignore[arg-type]


def test_an_output_that_does_not_vary_is_refused() -> None:
    scn = _product()
    scn["strategies"]["repave"]["activities"][0]["hours"] = 1
    scn["staffing"]["sre"]["rate"] = 100
    scn["strategies"]["immutable"]["activities"] = [
        {"name": "x", "driver": "once", "cost": {"dist": "uniform", "low": 0, "high": 1}}
    ]
    with pytest.raises(ValueError, match="does not vary"):
        rc.sensitivity_indices(scn, output="repave.total", trials=64)


def test_report_includes_the_indices_on_request(tmp_path: Any) -> None:
    result = rc.simulate(_product(), trials=500)
    plain = rc.report(result, tmp_path / "plain", formats=("svg",))
    assert not (plain / "sobol_indices.csv").exists()
    s = rc.sensitivity_indices(_product(), trials=256, resamples=50)
    out = rc.report(result, tmp_path / "with", formats=("svg",), sobol_indices=s)
    table = pl.read_csv(out / "sobol_indices.csv")
    assert table["input"].to_list() == s.table["input"].to_list()
    assert (out / "sobol_indices.svg").read_text(encoding="utf-8").lstrip().startswith("<")
    text = (out / "summary.md").read_text(encoding="utf-8")
    top = s.table.sort("total", descending=True).row(0, named=True)
    assert "Variance-based sensitivity" in text and top["label"] in text
    with pytest.raises(TypeError, match="sobol_indices"):
        rc.report(result, tmp_path / "bad", sobol_indices="nope")  # type: ignore[arg-type]
    assert not (tmp_path / "bad").exists()


def _pickled(s: rc.SensitivityIndices) -> rc.SensitivityIndices:
    back: rc.SensitivityIndices = pickle.loads(pickle.dumps(s))
    return back


@pytest.mark.parametrize("copy_of", [_pickled, copy.deepcopy], ids=["pickle", "deepcopy"])
@pytest.mark.parametrize(
    ("scenario", "args"),
    [
        ("fleet", {"trials": 64, "resamples": 20}),
        ("fleet", {"trials": 64, "resamples": 0, "method": "lhs", "output": "repave.total"}),
        ("product", {"trials": 64, "resamples": 20, "method": "random", "seed": 9}),
    ],
)
def test_sensitivity_indices_pickle_and_deep_copy_to_equal_outputs(
    copy_of: Callable[[rc.SensitivityIndices], rc.SensitivityIndices],
    scenario: str,
    args: dict[str, Any],
) -> None:
    s = rc.sensitivity_indices(_product() if scenario == "product" else scenario, **args)
    back = copy_of(s)
    assert isinstance(back, rc.SensitivityIndices) and back is not s
    outputs = public_outputs(s)
    assert set(outputs) >= {"table", "output", "base_points", "evaluations", "plot", "repr"}
    assert public_outputs(back) == outputs
    # Charts with every option set, and as PNG, are the same too.
    options: dict[str, Any] = {"width": 500, "height": 300, "title": "T", "subtitle": "S"}
    for theme in ("light", "dark"):
        a = s.plot(2, **options, theme=theme, footer=False)
        b = back.plot(2, **options, theme=theme, footer=False)
        assert a.to_svg() == b.to_svg() and a.to_png() == b.to_png()
    # The compiled object pickles on its own, to the same record.
    assert copy.deepcopy(s._core).state() == s._core.state()


def test_unpickled_indices_carry_their_record_and_write_the_same_report(tmp_path: Any) -> None:
    s = rc.sensitivity_indices(_product(), trials=64, resamples=20)
    core = pickle.loads(pickle.dumps(s._core))
    assert isinstance(core, _core.SensitivityIndices)
    assert core.state() == s._core.state()
    state = list(s._core.state())
    state[8] = 123.5  # the mean: not estimated again on arrival
    assert _core.sensitivity_indices_from_state(tuple(state)).mean == 123.5
    result = rc.simulate(_product(), trials=200)
    back = pickle.loads(pickle.dumps(s))
    for name, indices in (("a", s), ("b", back)):
        rc.report(result, tmp_path / name, formats=("svg",), sobol_indices=indices)
    for file in ("sobol_indices.csv", "sobol_indices.svg"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_a_sensitivity_record_from_another_layout_or_damaged_is_a_clear_error() -> None:
    s = rc.sensitivity_indices(_product(), trials=64, resamples=20)
    good = s._core.state()

    def changed(field: int, value: Any) -> tuple[Any, ...]:
        state = list(good)
        state[field] = value
        return tuple(state)

    def refused(state: Any, match: str) -> None:
        with pytest.raises(rc.ScenarioError, match=match) as e:
            _core.sensitivity_indices_from_state(state)
        assert isinstance(e.value, ValueError)
        assert [p["path"] for p in e.value.errors()] == ["state"]
        assert str(e.value).startswith("state: ")

    refused(changed(0, 999), "record layout 999; this version reads layout 1 .estimate them")
    refused(("nonsense",), "not a sensitivity-indices record")
    refused(changed(2, []), "no rows")
    refused(changed(3, 1), "base_points: 1")
    refused(changed(4, good[4] + 1), "is not base_points")
    refused(changed(6, "sobolx"), "method")
    # Through pickle: a pickle holding a record of another layout fails on loading.
    rebuild, _ = s._core.__reduce__()
    with pytest.raises(rc.ScenarioError, match="record layout 999"):
        pickle.loads(pickle.dumps(_Rebuild(rebuild, (changed(0, 999),))))


class _Rebuild:
    """Pickles as ``function(*arguments)``: a hand-made pickle."""

    def __init__(self, function: Any, arguments: tuple[Any, ...]) -> None:
        self.function, self.arguments = function, arguments

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.function, self.arguments)
