"""The sampling methods come from one registry in the core: the Python API, the error for
an unknown name and the command line's ``--method`` choices all read ``_core.methods()``."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import repave_cost as rc
from repave_cost import _core

INPUTS = {"x": rc.uniform(0.0, 1.0)}


def test_the_registry_lists_random_first_then_lhs_and_sobol() -> None:
    # The public names (documented in docs/model.md, section 8); `random` is the default.
    assert _core.methods() == ["random", "lhs", "sobol"]


@pytest.mark.parametrize("method", _core.methods())
def test_every_registered_method_samples_and_simulates_under_its_name(method: str) -> None:
    # Powers of two: `sobol` warns for other trial counts (tests/test_sobol.py).
    column = rc.sample(INPUTS, 2_048, seed=1, method=method)["x"].to_numpy()
    assert np.all((column > 0.0) & (column < 1.0))
    result = rc.simulate(rc.Scenario.preset("fleet"), trials=256, seed=1, method=method)
    assert result.method == method


def test_the_default_method_is_the_first_registered() -> None:
    scenario = rc.Scenario.preset("fleet")
    default = rc.simulate(scenario, trials=200, seed=3)
    first = rc.simulate(scenario, trials=200, seed=3, method=_core.methods()[0])
    assert default.method == _core.methods()[0]
    assert default.trials.equals(first.trials)


def test_an_unknown_method_is_refused_naming_every_registered_one() -> None:
    with pytest.raises(rc.ScenarioError, match="method") as err:
        rc.sample(INPUTS, 10, method="halton")
    assert isinstance(err.value, ValueError)
    for name in _core.methods():
        assert f'"{name}"' in str(err.value)


def test_the_command_line_offers_exactly_the_registered_methods() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "repave_cost.cli", "run", "--preset", "fleet", "--method", "x"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    offered = proc.stderr.split("choose from ")[1].split(")")[0]
    assert offered == ", ".join(f"'{name}'" for name in _core.methods())


def test_the_public_list_is_the_registry_default_first() -> None:
    names = rc.methods()
    assert isinstance(names, list) and all(isinstance(n, str) for n in names)
    assert names == _core.methods()
    # `random` is the documented default of every `method` argument.
    assert names[0] == "random"
    assert len(set(names)) == len(names)


def test_every_publicly_listed_method_is_accepted() -> None:
    for name in rc.methods():
        assert rc.sample(INPUTS, 8, method=name).height == 8


def test_the_public_list_is_a_fresh_list_each_call() -> None:
    rc.methods().append("mutated")
    assert "mutated" not in rc.methods()
