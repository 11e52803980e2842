"""Results and sweeps pickle and unpickle to identical tables, without simulating again."""

from __future__ import annotations

import pickle
import warnings
from typing import Any

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from repave_cost import _core


def assert_same_bits(a: pl.DataFrame, b: pl.DataFrame) -> None:
    """Same column names, types, nulls and the same bytes in every value (so -0.0 and 0.0,
    or two NaNs with different payloads, count as different)."""
    assert a.columns == b.columns
    assert a.dtypes == b.dtypes
    assert a.height == b.height
    for name in a.columns:
        x, y = a[name], b[name]
        assert x.is_null().to_list() == y.is_null().to_list(), name
        if x.dtype.is_numeric():
            xs = x.drop_nulls().to_numpy()
            ys = y.drop_nulls().to_numpy()
            assert xs.tobytes() == ys.tobytes(), name
        else:
            assert x.to_list() == y.to_list(), name


def tables(r: rc.Result) -> dict[str, pl.DataFrame]:
    return {
        "trials": r.trials,
        "summary": r.summary(),
        "breakdown": r.breakdown(),
        "labour": r.labour(),
        "sensitivity": r.sensitivity(),
        "tail_drivers": r.tail_drivers(),
        "cumulative": r.cumulative(),
        "payback": r.payback(),
    }


@pytest.mark.parametrize("method", rc.methods())
@pytest.mark.parametrize("preset", ["customer_repave", "fleet"])
def test_a_result_unpickles_to_identical_tables(preset: str, method: str) -> None:
    r = rc.simulate(preset, trials=1_024, seed=11, method=method)
    back = pickle.loads(pickle.dumps(r))
    assert isinstance(back, rc.Result)
    assert (back.n_trials, back.seed, back.method) == (r.n_trials, r.seed, r.method)
    assert back.scenario == r.scenario
    assert back.scenario_hash == r.scenario_hash
    assert (back.baseline, back.alternative) == (r.baseline, r.alternative)
    # The detail tables of the unpickled result are recomputed from its stored draws.
    assert not back._core.has_detail()
    rebuilt = tables(back)
    for name, table in tables(r).items():
        assert_same_bits(rebuilt[name], table)


def test_the_pickle_carries_the_columns_not_a_recipe() -> None:
    """The record is the columns as simulated: editing a stored value in the record shows
    in the rebuilt result, which a re-simulation would have overwritten."""
    r = rc.simulate("fleet", trials=200, seed=3)
    state = list(r._core.state())
    savings = np.frombuffer(state[6], dtype="<f8").copy()
    savings[0] = 12345.5
    state[6] = savings.tobytes()
    rebuilt = _core.simulation_from_state(r.scenario._core, tuple(state))
    assert rc.Result(rebuilt, r.scenario).trials["savings"][0] == 12345.5
    # The pickle is about the size of the columns (8 bytes a value), not more.
    columns = r.trials.width - 1  # payback_year travels once, as do the others
    size = len(pickle.dumps(r))
    assert size >= 8 * 200 * columns


def test_a_result_with_its_detail_computed_pickles_the_same() -> None:
    r = rc.simulate("customer_repave", trials=600, seed=2)
    before = r.breakdown()
    back = pickle.loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
    assert_same_bits(back.breakdown(), before)
    assert_same_bits(back.labour(), r.labour())


def test_a_scenario_built_in_code_and_edited_pickles() -> None:
    scn = rc.Scenario.preset("fleet").replace({"fleet.nodes": 321, "staffing.sre.headcount": 5})
    r = rc.simulate(scn, trials=300, seed=9)
    back = pickle.loads(pickle.dumps(r))
    assert back.scenario.to_dict()["fleet"]["nodes"] == 321
    assert_same_bits(back.trials, r.trials)


def test_the_compiled_objects_pickle_on_their_own() -> None:
    scn = rc.Scenario.preset("vm_fleet")
    core = pickle.loads(pickle.dumps(scn._core))
    assert core.same_as(scn._core)
    sim = rc.simulate(scn, trials=100, seed=1)._core
    back = pickle.loads(pickle.dumps(sim))
    assert back.trials == 100 and back.seed == 1
    for (n1, v1, _), (n2, v2, _) in zip(back.trial_columns(), sim.trial_columns()):
        assert n1 == n2 and v1.tobytes() == v2.tobytes()


def test_a_record_that_does_not_fit_the_scenario_is_a_clear_error() -> None:
    r = rc.simulate("fleet", trials=50, seed=1)
    other = rc.Scenario.preset("customer_repave")
    with pytest.raises(rc.ScenarioError, match="are not the scenario's"):
        _core.simulation_from_state(other._core, r._core.state())
    state: list[Any] = list(r._core.state())
    state[0] = 999
    with pytest.raises(rc.ScenarioError, match="record layout 999"):
        _core.simulation_from_state(r.scenario._core, tuple(state))
    state = list(r._core.state())
    state[6] = state[6][:-3]
    with pytest.raises(rc.ScenarioError, match="not a whole number of f64"):
        _core.simulation_from_state(r.scenario._core, tuple(state))
    with pytest.raises(rc.ScenarioError, match="not a simulation record") as e:
        _core.simulation_from_state(r.scenario._core, ("nonsense",))
    # The message names its path (the core asserts that in debug builds).
    assert [p["path"] for p in e.value.errors()] == ["state"]
    assert str(e.value).startswith("state: ")


@pytest.mark.parametrize("method", rc.methods())
def test_a_sweep_unpickles_to_an_identical_table_and_charts(method: str) -> None:
    s = rc.sweep(
        "fleet",
        {"fleet.nodes": [50, 100], "staffing.sre.headcount": [2, 4, 6]},
        trials=512,
        seed=5,
        method=method,
        threshold=1000.0,
    )
    back = pickle.loads(pickle.dumps(s))
    assert isinstance(back, rc.SweepResult)
    assert_same_bits(back.table, s.table)
    assert back.grid == s.grid and back.axes == s.axes and back.n_points == s.n_points
    assert (back.n_trials, back.seed, back.method, back.threshold) == (512, 5, method, 1000.0)
    assert back.scenario == s.scenario
    assert back.plot.lines().to_svg() == s.plot.lines().to_svg()


def precision_run(method: str) -> rc.Result:
    """A precision-controlled run of two watched outputs over several batches (under
    ``random`` and ``lhs`` ``max_trials`` runs out first, under ``sobol`` it is reached)."""
    wanted = rc.Precision(
        0.02,
        outputs=("savings", "repave.total"),
        statistics=("mean", "p5", "p97.5"),
        max_trials=16_384,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", rc.PrecisionWarning)
        return rc.simulate("fleet", precision=wanted, seed=4, method=method)


@pytest.mark.parametrize("method", ["random", "lhs", "sobol"])
def test_a_precision_controlled_result_unpickles_to_identical_tables(method: str) -> None:
    r = precision_run(method)
    assert r.convergence()["trials"].n_unique() >= 2  # several batches travel
    back = pickle.loads(pickle.dumps(r))
    assert isinstance(back, rc.Result)
    assert (back.n_trials, back.seed, back.method) == (r.n_trials, r.seed, r.method)
    assert back.precision == r.precision
    assert_same_bits(back.trials, r.trials)
    summary = r.summary()
    assert "p97.5_half_width" in summary.columns
    assert_same_bits(back.summary(), summary)
    assert_same_bits(back.convergence(), r.convergence())
    assert back.precision_reached == r.precision_reached
    assert back._convergence.reached == r._convergence.reached
    assert back._convergence.reached_precision == r._convergence.reached_precision
    for output in ("savings", "repave.total"):
        assert back.plot.convergence(output).to_png() == r.plot.convergence(output).to_png()
        assert back.plot.convergence(output).to_svg() == r.plot.convergence(output).to_svg()
    # The rest of the result travels as for a plain run (its detail recomputed on arrival).
    assert_same_bits(back.breakdown(), r.breakdown())


def test_the_convergence_pickles_on_its_own_with_its_simulation() -> None:
    c = precision_run("lhs")._convergence
    back = pickle.loads(pickle.dumps(c))
    assert isinstance(back, _core.Convergence)
    assert back.state() == c.state()
    for (n1, v1), (n2, v2) in zip(back.table(), c.table()):
        assert n1 == n2 and list(v1) == list(v2)
    opts = {"width": 640, "height": 400, "title": None, "subtitle": None, "theme": "light"}
    for fmt in ("svg", "png"):
        assert back.render({**opts, "footer": True, "format": fmt}) == c.render(
            {**opts, "footer": True, "format": fmt}
        )


def corrupted(state: tuple[Any, ...], field: int, value: Any) -> tuple[Any, ...]:
    copy = list(state)
    copy[field] = value
    return tuple(copy)


def test_a_corrupted_convergence_record_is_a_clear_error() -> None:
    r = precision_run("random")
    sim, good = r._core, r._convergence.state()
    rows = list(good[7])

    def refused(state: Any, match: str) -> None:
        with pytest.raises(rc.ScenarioError, match=match) as e:
            _core.convergence_from_state(sim, state)
        assert isinstance(e.value, ValueError)
        assert e.value.errors()[0]["path"] == "state.convergence"

    refused(corrupted(good, 0, 99), "record layout 99")
    refused(("nonsense",), "not a convergence record")
    refused(corrupted(good, 1, 1.5), r"precision: must be a relative precision")
    refused(corrupted(good, 2, ["savings", "nope"]), 'unknown output "nope"')
    refused(corrupted(good, 6, 16), "16 replicates per batch; a random run has 1")
    refused(corrupted(good, 7, rows[:-1]), "not a whole number of batches")
    row = list(rows[4])
    row[3] = float("nan")
    nan_row = rows[:4] + [tuple(row)] + rows[5:]
    refused(corrupted(good, 7, nan_row), "row 4: estimate is NaN, not a finite number")
    refused(corrupted(good, 7, rows[:6]), "the last batch has 4096 trials; the result has")
    refused(corrupted(good, 8, not good[8]), "reached is")
    # Through pickle: a damaged record in a pickled result fails on loading, clearly.
    reduced = r.__reduce__()
    damaged = corrupted(reduced[1], 2, corrupted(good, 0, 99))
    with pytest.raises(rc.ScenarioError, match="record layout 99"):
        pickle.loads(pickle.dumps(_Rebuild(reduced[0], damaged)))


class _Rebuild:
    """Pickles as ``function(*arguments)``: a hand-made pickle of a result."""

    def __init__(self, function: Any, arguments: tuple[Any, ...]) -> None:
        self.function, self.arguments = function, arguments

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.function, self.arguments)


def test_a_plain_result_pickled_before_convergence_travelled_still_loads() -> None:
    """The record of a plain run is unchanged: two arguments, as pickles made before."""
    r = rc.simulate("fleet", trials=100, seed=1)
    function, arguments = r.__reduce__()
    assert len(arguments) == 2
    back = function(*arguments)
    assert_same_bits(back.trials, r.trials)
    with pytest.raises(rc.ScenarioError, match="without precision="):
        back.convergence()
