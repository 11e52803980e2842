"""Unpickling results: a :class:`~repave_cost.Result` travels as its scenario and the
core's record of the run (every column as simulated, as bytes), and a precision-controlled
result also as its convergence record (``_core.Convergence.state()``: the precision asked
for, every batch's rows, whether it was reached) and its :class:`~repave_cost.Precision`;
nothing is simulated again on arrival, so the tables are the same bits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _core
from .scenario import Scenario

if TYPE_CHECKING:
    from .precision import Precision
    from .simulation import Result


def result_from_state(
    scenario: Scenario,
    state: tuple[Any, ...],
    convergence: tuple[Any, ...] | None = None,
    precision: Precision | None = None,
) -> Result:
    """The result of the run recorded in ``state`` (``_core.Simulation.state()``) of
    ``scenario``, with its convergence record ``convergence``
    (``_core.Convergence.state()``) and ``precision`` for a precision-controlled run; what
    ``pickle.loads`` calls for a :class:`~repave_cost.Result`."""
    from .simulation import Result

    core = _core.simulation_from_state(scenario._core, state)
    if convergence is None:
        return Result(core, scenario)
    return Result(core, scenario, _core.convergence_from_state(core, convergence), precision)
