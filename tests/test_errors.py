"""Errors: no panic reaches Python as anything but ``rc.InternalError``; integers of any size
and requests too large to hold are refused with a ``ValueError`` naming the argument and
its allowed range or limit; and every ``ScenarioError`` lists its problems (``errors()``)."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import repave_cost as rc
from repave_cost import _core

# --- the class hierarchy ------------------------------------------------------------------------


def test_the_error_classes_form_the_documented_hierarchy() -> None:
    assert issubclass(rc.ScenarioError, ValueError)
    assert issubclass(rc.DistributionError, rc.ScenarioError)
    assert issubclass(rc.RepaveCostError, Exception)
    assert issubclass(rc.InternalError, rc.RepaveCostError)
    assert not issubclass(rc.ScenarioError, rc.RepaveCostError)
    # The core raises the very classes the package exports.
    for name in ("ScenarioError", "DistributionError", "RepaveCostError", "InternalError"):
        assert getattr(_core, name) is getattr(rc, name)
        assert name in rc.__all__


# --- panics -------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["binding", "worker", "rayon"])
def test_a_panic_anywhere_becomes_an_internal_error(where: str) -> None:
    try:
        _core._panic_for_test(where)
    except Exception as err:  # noqa: BLE001 - the point: `except Exception` catches it
        assert type(err) is rc.InternalError
        assert "internal error in repave-cost" in str(err)
        assert "deliberate test panic" in str(err)
    else:  # pragma: no cover - the hook always panics
        pytest.fail("the test hook did not raise")
    # The interpreter and the module still work afterwards.
    assert rc.pert(1, 3, 8).sample(3, seed=1).len() == 3


def test_the_panic_hook_checks_its_argument() -> None:
    with pytest.raises(rc.ScenarioError, match="where_"):
        _core._panic_for_test("nowhere")


# --- structured errors --------------------------------------------------------------------------


def error_of(call: Callable[[], Any]) -> rc.ScenarioError:
    with pytest.raises(rc.ScenarioError) as info:
        call()
    return info.value


CORE_ERRORS = [
    pytest.param(lambda: rc.simulate("fleet", trials=0), "trials", id="trials-0"),
    pytest.param(lambda: rc.simulate("fleet", trials=10, method="x"), "method", id="method"),
    pytest.param(lambda: rc.Scenario.preset("flete"), "preset", id="preset"),
    pytest.param(lambda: rc.quantile([1.0, 2.0], 2), "q", id="quantile-q"),
    pytest.param(lambda: rc.summarize([]), "values", id="summarize-empty"),
    pytest.param(lambda: rc.summarize([1.0, float("nan")]), "values", id="summarize-nan"),
    pytest.param(lambda: rc.spearman([1.0, 2.0], [1.0]), "y", id="spearman-lengths"),
    pytest.param(lambda: rc.simulate("fleet", trials=10).sensitivity("x"), "output", id="output"),
    pytest.param(
        lambda: rc.Scenario.preset("fleet").replace({"fleet.nodes": -1}), "fleet.nodes", id="repl"
    ),
]


@pytest.mark.parametrize(("call", "path"), CORE_ERRORS)
def test_every_error_lists_its_problem_with_an_exact_path(
    call: Callable[[], Any], path: str
) -> None:
    err = error_of(call)
    problems = err.errors()
    assert [p["path"] for p in problems] == [path]
    assert set(problems[0]) == {"path", "message"}
    assert problems[0]["message"] and problems[0]["message"] in str(err)
    assert err.errors() is not err.errors()  # a fresh list each time


def test_a_scenario_with_several_problems_lists_each() -> None:
    d = rc.Scenario.preset("fleet").to_dict()
    d["fleet"]["nodes"] = -1
    d["settings"]["horizon_years"] = 0
    err = error_of(lambda: rc.Scenario(d))
    assert sorted(p["path"] for p in err.errors()) == ["fleet.nodes", "settings.horizon_years"]
    for p in err.errors():
        assert f"{p['path']}: {p['message']}" in str(err)


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda: rc.pert(1, 9, 8), "mode"),
        (lambda: rc.normal(0, -1), "sd"),
        (lambda: rc.discrete([1, 2], [0, 0]), "weights"),
        (lambda: rc.pert(1, 3, 8).ppf(1.5), "q"),
        (lambda: rc.Distribution.from_dict({"dist": "pert", "low": 1, "high": 3}), "mode"),
        (lambda: rc.Distribution.from_dict({"dist": "uniform", "low": 0, "high": 1, "x": 2}), "x"),
        (lambda: rc.Distribution.from_dict({"dist": "weibull"}), "dist"),
        (lambda: rc.Distribution.from_dict({"dist": "pert", "low": 1, "mode": "a"}), "mode"),
        (lambda: rc.Distribution.from_dict({"dist": "discrete", "values": [1, None]}), "values[1]"),
    ],
)
def test_distribution_errors_name_their_parameter(call: Callable[[], Any], param: str) -> None:
    with pytest.raises(rc.DistributionError) as info:
        call()
    assert info.value.param == param
    assert info.value.errors()[0]["path"] == param
    assert param in str(info.value)


def test_errors_survive_pickling() -> None:
    with pytest.raises(rc.DistributionError) as info:
        rc.pert(1, 9, 8)
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is rc.DistributionError
    assert (str(copy), copy.errors(), copy.param) == (
        str(info.value),
        info.value.errors(),
        "mode",
    )


def test_an_error_built_in_python_has_a_problem_list_too() -> None:
    err = rc.ScenarioError("something is wrong")
    assert err.errors() == [{"path": "", "message": "something is wrong"}]
    assert str(err) == "something is wrong"
    assert rc.DistributionError("bad").param is None


# --- integers of any size -----------------------------------------------------------------------

FLEET_CORE = rc.Scenario.preset("fleet")._core
D = rc.pert(1, 3, 8)
OPTS = {"title": None, "subtitle": None, "theme": "light", "footer": True, "format": "svg"}


def _result() -> rc.Result:
    return rc.simulate("fleet", trials=50, progress=False)


#: (name, range text, call taking the integer) for every public entry point taking one.
INT_ARGS: list[tuple[str, str, Callable[[Any], Any]]] = [
    ("n", "[0, 2**64 - 1]", lambda x: D.sample(x)),
    ("seed", "[0, 2**64 - 1]", lambda x: D.sample(3, seed=x)),
    ("trials", "[0, 2**64 - 1]", lambda x: rc.sample({"a": D}, trials=x)),
    ("seed", "[0, 2**64 - 1]", lambda x: rc.sample({"a": D}, trials=3, seed=x)),
    (
        "trials",
        "[1, 2**64 - 1]",
        SIMULATE_TRIALS := lambda x: rc.simulate("fleet", trials=x, progress=False),
    ),
    ("seed", "[0, 2**64 - 1]", lambda x: rc.simulate("fleet", trials=5, seed=x, progress=False)),
    (
        "trials",
        "[1, 2**64 - 1]",
        lambda x: rc.sweep("fleet", {"fleet.nodes": [1]}, trials=x, progress=False),
    ),
    (
        "seed",
        "[0, 2**64 - 1]",
        lambda x: rc.sweep("fleet", {"fleet.nodes": [1]}, trials=5, seed=x, progress=False),
    ),
    ("width", "[200, 10000]", lambda x: _result().plot.savings(width=x)),
    ("height", "[200, 10000]", lambda x: _result().plot.exceedance(height=x)),
    ("top", "[1, 2**64 - 1]", lambda x: _result().plot.tornado(top=x)),
    # The compiled module directly: the same one conversion path.
    ("seed", "[0, 2**64 - 1]", lambda x: _core.simulate(FLEET_CORE, 5, x, "random")),
    ("trials", "[1, 2**64 - 1]", lambda x: _core.simulate(FLEET_CORE, x, 0, "random")),
    ("trials", "[0, 2**64 - 1]", lambda x: _core.sample_inputs([D.to_json()], ["a"], x)),
    ("seed", "[0, 2**64 - 1]", lambda x: D.core.sample(1, x)),
]


def _text(x: int) -> str:
    return f"2**{x.bit_length() - 1}" if x > 2**32 and x & (x - 1) == 0 else str(x)


@pytest.mark.parametrize("value", [-1, -(2**63) - 1, 2**64, 2**64 + 1, 2**200, -(2**200), 10**400])
@pytest.mark.parametrize(("name", "allowed", "call"), INT_ARGS)
def test_out_of_range_integers_are_value_errors_naming_the_argument_and_range(
    name: str, allowed: str, call: Callable[[Any], Any], value: int
) -> None:
    if name in ("width", "height") and value == -1:
        value = 199
    with pytest.raises(rc.ScenarioError) as info:
        call(value)
    message = str(info.value)
    assert isinstance(info.value, ValueError) and not isinstance(info.value, OverflowError)
    assert message.startswith(f"{name} must be an integer in {allowed}, got "), message
    if value.bit_length() <= 128:
        assert message.endswith(f"got {_text(value)}"), message
    else:  # too long to print: described by its size
        assert message.endswith(f"an integer of {value.bit_length()} bits"), message
    assert [p["path"] for p in info.value.errors()] == [name]


@pytest.mark.parametrize(
    ("name", "allowed", "call", "value"),
    [
        (name, allowed, call, value)
        for name, allowed, call in INT_ARGS
        for value in [True, 2.0, "3", None, np.float64(3.0)]
        # None is the default seed and top of the compiled functions, and simulate's
        # default trials (10,000, or as many as precision= needs): not a wrong type
        if not (value is None and (name in ("seed", "top") or call is SIMULATE_TRIALS))
    ],
)
def test_non_integers_are_type_errors_naming_the_argument(
    name: str, allowed: str, call: Callable[[Any], Any], value: Any
) -> None:
    with pytest.raises(TypeError, match=re.escape(name)):
        call(value)


def test_numpy_integers_are_integers() -> None:
    assert D.sample(np.int64(4), seed=np.uint64(2**64 - 1)).len() == 4
    with pytest.raises(rc.ScenarioError, match=r"n must be an integer in \[0, 2\*\*64 - 1\]"):
        D.sample(np.int64(-4))


# --- sizes that cannot fit ----------------------------------------------------------------------

HUGE = [2**30 + 1, 2**33, 2**40, 2**62, 2**64 - 1]


@pytest.mark.parametrize("n", HUGE)
@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("n", lambda n: D.sample(n)),
        ("n", lambda n: D.sample(n, method="lhs")),
        ("trials", lambda n: rc.sample({"a": D, "b": D}, trials=n)),
        ("trials", lambda n: rc.sample({"a": D}, trials=n, method="lhs")),
        ("trials", lambda n: rc.simulate("fleet", trials=n // 100, progress=False)),
        (
            "trials",
            lambda n: rc.sweep("fleet", {"fleet.nodes": [1, 2]}, trials=n // 100, progress=False),
        ),
        ("q", lambda n: D.ppf(np.broadcast_to(np.array(0.5), (min(n, 2**59),)))),
    ],
)
def test_sizes_that_cannot_fit_are_refused_before_allocating(
    name: str, call: Callable[[int], Any], n: int
) -> None:
    with pytest.raises(rc.ScenarioError) as info:
        call(n)
    message = str(info.value)
    assert re.match(rf"{name}:? must be at most \d+ \(8 GiB of ", message), message
    assert [p["path"] for p in info.value.errors()] == [name]


def test_the_size_limit_is_exact_for_a_single_column() -> None:
    """n × 8 bytes must fit 8 GiB: 2**30 draws is the most (refused one above, without
    allocating the 8 GiB, since the limit is checked from the count alone)."""
    with pytest.raises(rc.ScenarioError, match=r"at most 1073741824 .* got 1073741825$"):
        D.sample(2**30 + 1)


def test_a_sweep_grid_too_large_to_list_is_refused_before_listing_it() -> None:
    # 10**12 points: refused from the product of the axes' lengths, before listing any
    # (listing them would take terabytes).
    values = list(range(1, 10_001))
    grid = {"fleet.nodes": values, "fleet.clusters": values, "fleet.services": values}
    with pytest.raises(rc.ScenarioError) as info:
        rc.sweep("fleet", grid, trials=5, progress=False)
    assert str(info.value).startswith("grid: 1000000000000 points is more than the limit of ")
    assert [p["path"] for p in info.value.errors()] == ["grid"]


# --- values no float can hold, and samples that would give NaN statistics ------------------------


def test_integers_beyond_any_float_are_value_errors() -> None:
    with pytest.raises(rc.DistributionError, match="q must lie in") as info:
        D.ppf(10**400)
    assert info.value.param == "q"
    with pytest.raises(rc.ScenarioError, match="integer of 1329 bits") as err:
        rc.pert(1, 10**400, 8)
    assert err.value.errors()[0]["path"] == "mode"
    for call in (lambda: rc.summarize([1.0, 10**400]), lambda: rc.quantile([10**400], 0.5)):
        with pytest.raises(rc.ScenarioError, match="values holds an integer too large"):
            call()


@pytest.mark.parametrize("bad", [float("inf"), float("-inf")])
def test_samples_with_infinities_are_refused_rather_than_giving_nan(bad: float) -> None:
    for call in (
        lambda: rc.summarize([1.0, bad]),
        lambda: rc.quantile([1.0, bad], 0.5),
        lambda: rc.spearman([1.0, 2.0], [bad, 1.0]),
    ):
        with pytest.raises(rc.ScenarioError, match=r"\[\d\] is -?inf; a sample must hold finite"):
            call()
