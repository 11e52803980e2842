"""Unpickling results: a :class:`~repave_cost.Result` travels as its scenario and the
core's record of the run (every column as simulated, as bytes); nothing is simulated
again on arrival, so the tables are the same bits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _core
from .scenario import Scenario

if TYPE_CHECKING:
    from .simulation import Result


def result_from_state(scenario: Scenario, state: tuple[Any, ...]) -> Result:
    """The result of the run recorded in ``state`` (``_core.Simulation.state()``) of
    ``scenario``; what ``pickle.loads`` calls for a :class:`~repave_cost.Result`."""
    from .simulation import Result

    return Result(_core.simulation_from_state(scenario._core, state), scenario)
