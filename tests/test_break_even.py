"""Break-even (``rc.break_even`` and ``repave-cost break-even``): the crossing of a scenario
whose savings are linear in the swept field is known exactly from the draws, the evaluations
are a sweep's rows (common random numbers), and bad arguments name themselves."""

from __future__ import annotations

import copy
import math
import pickle
from typing import Any, Callable

import numpy as np
import pytest
import repave_cost as rc
from _helpers import activity, public_outputs, scenario
from repave_cost import _core
from repave_cost.cli import main

Z95 = 1.959963984540054


def _linear() -> dict:
    """savings = 3 years × c × nodes − 1000 with c ~ U(5, 15) per node: linear in nodes."""
    return scenario(
        [activity("rebuild", "per_node", cost={"dist": "uniform", "low": 5, "high": 15})],
        [activity("platform", "once", cost=1000)],
        horizon=3,
        nodes=10,
    )


def _draws(trials: int, seed: int) -> np.ndarray:
    r = rc.simulate(_linear(), trials=trials, seed=seed)
    return r.trials["strategies.base.rebuild.cost"].to_numpy()


def test_median_crossing_and_interval_match_the_closed_form() -> None:
    n, seed = 4_001, 5
    c = np.sort(_draws(n, seed))
    found = rc.break_even(_linear(), "fleet.nodes", 1, 5000, "median", trials=n, seed=seed)
    # median(savings at x) = 3 x median(c) − 1000 (the draws of c do not depend on x).
    assert found.value == pytest.approx(1000 / (3 * np.median(c)), rel=1e-9)
    # The median's distribution-free 95% interval: order statistics n/2 ∓ 1.96 √(n/4).
    j = math.floor(n * 0.5 - Z95 * math.sqrt(n * 0.25))
    k = math.ceil(n * 0.5 + Z95 * math.sqrt(n * 0.25))
    low, high = 1000 / (3 * c[k - 1]), 1000 / (3 * c[j - 1])
    assert found.interval == pytest.approx((low, high), rel=1e-6)
    assert found.clipped == (False, False)
    assert found.interval[0] < found.value < found.interval[1]


def test_mean_and_level() -> None:
    n, seed = 3_000, 9
    c = _draws(n, seed)
    found = rc.break_even(
        _linear(), "fleet.nodes", 1, 5000, "mean", level=2000, trials=n, seed=seed
    )
    assert found.value == pytest.approx(3000 / (3 * c.mean()), rel=1e-9)
    half = Z95 * c.std(ddof=1) / math.sqrt(n)
    assert found.interval == pytest.approx(
        (3000 / (3 * (c.mean() + half)), 3000 / (3 * (c.mean() - half))), rel=1e-6
    )


def test_probability_statistic() -> None:
    n, seed = 3_000, 4
    c = _draws(n, seed)
    found = rc.break_even(
        _linear(), "fleet.nodes", 1, 5000, "prob", level=0.25, trials=n, seed=seed
    )
    # P(savings > 0) at x is the share of c above 1000 / (30 x): it passes 0.25 between the
    # two evaluated values around the crossing.
    share = lambda x: float(np.mean(3 * c * x - 1000 > 0))  # noqa: E731
    t = found.table
    i = int(np.searchsorted(t["value"].to_numpy(), found.value))
    a, b = t["value"][i - 1], t["value"][i]
    assert share(a) <= 0.25 <= share(b) or share(b) <= 0.25 <= share(a)
    assert b - a <= 1e-4 * (5000 - 1) + 1e-9


def test_evaluations_are_the_sweeps_rows() -> None:
    # Where the fleet preset's median saving reaches $1M over its horizon.
    found = rc.break_even("fleet", "fleet.nodes", 1, 5000, "median", 1e6, trials=2_000, seed=1)
    values = found.table["value"].to_list()[:4]
    sw = rc.sweep("fleet", {"fleet.nodes": values}, trials=2_000, seed=1).output("savings")
    assert sw["p50"].to_list() == found.table["statistic"].to_list()[:4]


def test_the_plot_and_the_repr() -> None:
    found = rc.break_even(_linear(), "fleet.nodes", 1, 5000, trials=500, seed=0)
    svg = found.plot().to_svg()
    assert "<svg" in svg
    assert "crossing at" in svg
    assert "fleet.nodes" in repr(found)


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"low": 10, "high": 10}, "low must be below high"),
        ({"low": 20, "high": 10}, "low must be below high"),
        ({"statistic": "medain"}, 'unknown statistic "medain"'),
        ({"statistic": "p100"}, 'unknown statistic "p100"'),
        ({"path": "comparison.baseline"}, '"comparison.baseline" cannot be set to a number'),
        ({"path": "fleet.nodez"}, "fleet.nodez"),
        ({"statistic": "prob", "level": 2}, 'a level for "prob" is a probability'),
    ],
)
def test_bad_arguments_are_value_errors_naming_them(kwargs: dict, words: str) -> None:
    args = {"path": "fleet.nodes", "low": 1, "high": 5000, "trials": 50, "seed": 0}
    args.update(kwargs)
    with pytest.raises(ValueError) as err:
        rc.break_even(_linear(), **args)
    assert isinstance(err.value, rc.ScenarioError)
    assert words in str(err.value)


def test_no_crossing_says_the_statistic_at_both_ends() -> None:
    with pytest.raises(rc.ScenarioError) as err:
        rc.break_even(_linear(), "fleet.nodes", 1, 20, "mean", trials=200, seed=0)
    text = str(err.value)
    assert "does not cross 0" in text and " at 1 " in text and " at 20" in text


def test_wrong_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        rc.break_even(_linear(), path=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rc.break_even(_linear(), low="one")  # type: ignore[arg-type]


def test_cli_prints_the_crossing(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    chart = tmp_path / "be.svg"
    code = main(
        ["break-even", "--preset", "fleet", "--path", "fleet.nodes", "--low", "1",
         "--high", "5000", "--level", "1e6", "--trials", "1000", "--quiet", "--chart",
         str(chart)]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Median savings crosses $1M at fleet.nodes = "), out
    assert "<svg" in chart.read_text()
    code = main(["break-even", "--preset", "fleet", "--path", "fleet.nodes", "--low", "5",
                 "--high", "1", "--quiet"])  # fmt: skip
    assert code == 2


def _pickled(found: rc.BreakEven) -> rc.BreakEven:
    back: rc.BreakEven = pickle.loads(pickle.dumps(found))
    return back


@pytest.mark.parametrize("copy_of", [_pickled, copy.deepcopy], ids=["pickle", "deepcopy"])
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("median", {"path": "fleet.nodes", "low": 1, "high": 5000}),
        ("mean", {"path": "fleet.nodes", "low": 1, "high": 5000, "statistic": "mean"}),
        ("p25", {"path": "fleet.nodes", "low": 1, "high": 5000, "statistic": "p25"}),
        ("prob", {"path": "fleet.nodes", "low": 1, "high": 5000, "statistic": "prob",
                  "level": 0.5, "method": "lhs"}),
        ("fleet", {"scenario": "fleet", "path": "parameters.repaves_per_year", "low": 0,
                   "high": 24, "trials": 128, "seed": 7, "method": "sobol"}),
    ],
)  # fmt: skip
def test_a_break_even_result_pickles_and_deep_copies_to_equal_outputs(
    copy_of: Callable[[rc.BreakEven], rc.BreakEven], name: str, args: dict[str, Any]
) -> None:
    found = rc.break_even(**{"scenario": _linear(), "trials": 200, "seed": 3, **args})
    back = copy_of(found)
    assert isinstance(back, rc.BreakEven) and back is not found
    outputs = public_outputs(found)
    assert set(outputs) >= {"value", "interval", "clipped", "table", "plot", "repr", "level"}
    assert public_outputs(back) == outputs
    # Charts with every option set, and as PNG, are the same too.
    options: dict[str, Any] = {"width": 500, "height": 300, "title": "T", "subtitle": "S"}
    for theme in ("light", "dark"):
        a = found.plot(**options, theme=theme, footer=False)
        b = back.plot(**options, theme=theme, footer=False)
        assert a.to_svg() == b.to_svg() and a.to_png() == b.to_png()
    # The compiled object pickles on its own, to the same record.
    assert copy.deepcopy(found._core).state() == found._core.state()


def test_a_pickled_break_even_carries_its_record_not_a_new_search() -> None:
    """A value edited in the record shows in the rebuilt result, which a new search would
    have overwritten; the scenario travels with it."""
    found = rc.break_even(_linear(), "fleet.nodes", 1, 5000, trials=200, seed=0)
    core = pickle.loads(pickle.dumps(found._core))
    assert isinstance(core, _core.BreakEven)
    assert core.state() == found._core.state()
    scn = rc.Scenario.from_dict(_linear())
    state = list(found._core.state())
    state[1] = 123.5
    assert _core.break_even_from_state(scn._core, tuple(state)).value == 123.5


def _refused(state: Any, match: str) -> None:
    scn = rc.Scenario.from_dict(_linear())
    with pytest.raises(rc.ScenarioError, match=match) as e:
        _core.break_even_from_state(scn._core, state)
    assert isinstance(e.value, ValueError)
    assert [p["path"] for p in e.value.errors()] == ["state"]
    assert str(e.value).startswith("state: ")


def test_a_break_even_record_from_another_layout_or_damaged_is_a_clear_error() -> None:
    found = rc.break_even(_linear(), "fleet.nodes", 1, 5000, trials=200, seed=0)
    good = found._core.state()

    def changed(field: int, value: Any) -> tuple[Any, ...]:
        state = list(good)
        state[field] = value
        return tuple(state)

    _refused(changed(0, 999), "record layout 999; this version reads layout 1 .search again")
    _refused(("nonsense",), "not a break-even record")
    _refused(changed(4, good[4][::-1]), "not in ascending order")
    _refused(changed(4, good[4][:1]), "1 evaluated points")
    _refused(changed(6, ("quantile", 1.5)), "strictly between 0 and 1, got 1.5")
    _refused(changed(6, ("mode", 0.0)), 'unknown kind "mode"')
    _refused(changed(8, 0), "trials")
    _refused(changed(10, "sobolx"), "method")
    # Through pickle: a pickle holding a record of another layout fails on loading.
    rebuild, (scn, _) = found._core.__reduce__()
    with pytest.raises(rc.ScenarioError, match="record layout 999"):
        pickle.loads(pickle.dumps(_Rebuild(rebuild, (scn, changed(0, 999)))))


class _Rebuild:
    """Pickles as ``function(*arguments)``: a hand-made pickle."""

    def __init__(self, function: Any, arguments: tuple[Any, ...]) -> None:
        self.function, self.arguments = function, arguments

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.function, self.arguments)
