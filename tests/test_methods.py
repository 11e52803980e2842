"""`rc.methods()`: the sampling methods every `method` argument accepts."""

from __future__ import annotations

import pytest
import repave_cost as rc


def test_methods_lists_the_documented_methods_default_first() -> None:
    names = rc.methods()
    assert isinstance(names, list) and all(isinstance(n, str) for n in names)
    assert names[0] == "random"  # the default of every `method` argument
    assert {"random", "lhs"} <= set(names)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("name", rc.methods())
def test_every_listed_method_is_accepted(name: str) -> None:
    s = rc.Scenario.preset("fleet")
    assert rc.simulate(s, trials=8, method=name).method == name
    assert rc.sample({"x": rc.uniform(0, 1)}, 8, method=name).height == 8


def test_an_unknown_method_is_refused_naming_the_listed_ones() -> None:
    with pytest.raises(rc.ScenarioError) as err:
        rc.simulate(rc.Scenario.preset("fleet"), trials=8, method="no-such-method")
    message = str(err.value)
    assert all(name in message for name in rc.methods())


def test_a_fresh_list_each_call() -> None:
    rc.methods().append("mutated")
    assert "mutated" not in rc.methods()
