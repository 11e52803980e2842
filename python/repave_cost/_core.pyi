"""Type stub for the compiled module ``repave_cost._core`` (kept in step by stubtest)."""

from collections.abc import Callable
from typing import Any, final, overload

import numpy as np
import numpy.typing as npt

from repave_cost._errors import DistributionError as DistributionError
from repave_cost._errors import InternalError as InternalError
from repave_cost._errors import RepaveCostError as RepaveCostError
from repave_cost._errors import ScenarioError as ScenarioError

__all__ = [
    "Distribution",
    "DistributionError",
    "InternalError",
    "RepaveCostError",
    "Scenario",
    "ScenarioError",
    "Simulation",
    "SweepChart",
    "SweepCharts",
    "families",
    "format_money",
    "format_probability",
    "output_info",
    "methods",
    "output_label",
    "outputs",
    "preset_list",
    "preset_toml",
    "quantile",
    "render_result_chart",
    "sample_inputs",
    "simulate",
    "spearman",
    "summarize",
    "sweep",
    "_panic_for_test",
    "attribution",
    "attribution_trials",
    "attribution_sentence",
    "BreakEven",
    "break_even",
    "value_of_information",
    "render_value_of_information",
]

#: A result table as the core returns it: ``(column name, values)`` pairs.
_Columns = list[tuple[str, Any]]

@final
class Distribution:
    """A validated probability distribution."""

    def __new__(cls, spec_json: str) -> Distribution: ...
    @staticmethod
    def make(spec: dict[str, Any]) -> Distribution: ...
    @property
    def family(self) -> str: ...
    def mean(self) -> float: ...
    def variance(self) -> float: ...
    def support(self) -> tuple[float, float]: ...
    @overload
    def ppf(self, q: float) -> float: ...
    @overload
    def ppf(self, q: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]: ...
    def sample(
        self, n: int, seed: int | None = None, method: str = "random"
    ) -> npt.NDArray[np.float64]: ...
    def spec_json(self) -> str: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[type[Distribution], tuple[str]]: ...

def families() -> list[dict[str, Any]]: ...
def sample_inputs(
    specs_json: list[str],
    keys: list[str],
    trials: int,
    seed: int | None = None,
    method: str = "random",
    progress: Callable[[int, int], Any] | None = None,
) -> list[npt.NDArray[np.float64]]: ...
def summarize(values: npt.NDArray[np.float64], threshold: float = 0.0) -> dict[str, Any]: ...
def spearman(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> float | None: ...
def quantile(values: npt.NDArray[np.float64], q: float) -> float: ...

@final
class Scenario:
    """A validated scenario with its compiled plan, built once."""

    @staticmethod
    def from_toml(text: str) -> Scenario: ...
    @staticmethod
    def from_json(text: str) -> Scenario: ...
    @staticmethod
    def preset(name: str) -> Scenario: ...
    def replace(
        self, new_parameters: list[tuple[str, str]], changes: list[tuple[str, str]]
    ) -> Scenario: ...
    def to_json(self) -> str: ...
    def to_toml(self) -> str: ...
    @property
    def content_hash(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def strategies(self) -> list[str]: ...
    @property
    def baseline(self) -> str: ...
    @property
    def alternative(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def horizon_years(self) -> int: ...
    def same_as(self, other: Scenario) -> bool: ...

def preset_list() -> list[tuple[str, str]]: ...
def preset_toml(name: str) -> str: ...

@final
class Simulation:
    """The result of one simulation, kept in Rust."""

    @property
    def trials(self) -> int: ...
    @property
    def seed(self) -> int: ...
    @property
    def method(self) -> str: ...
    @property
    def horizon(self) -> int: ...
    @property
    def scenario_hash(self) -> str: ...
    def scenario_json(self) -> str: ...
    def comparison(self) -> tuple[str, str]: ...
    def outputs(self) -> list[str]: ...
    def trial_columns(self) -> list[tuple[str, npt.NDArray[np.float64], bool]]: ...
    def summary(self, threshold: float, output: str = "savings") -> _Columns: ...
    def has_detail(self) -> bool: ...
    def breakdown(self) -> _Columns: ...
    def labour(self) -> _Columns: ...
    def sensitivity(self, output: str) -> _Columns: ...
    def tail_drivers(self, output: str, q: float) -> _Columns: ...
    def cumulative(self) -> _Columns: ...
    def payback(self) -> _Columns: ...

def simulate(
    scenario: Scenario,
    trials: int,
    seed: int,
    method: str,
    progress: Callable[[int, int], Any] | None = None,
) -> Simulation: ...
def sweep(
    scenario: Scenario,
    grid: list[tuple[list[str], str]],
    trials: int,
    seed: int,
    method: str,
    threshold: float,
    threshold_output: str = "savings",
    progress: Callable[[int, int], Any] | None = None,
) -> _Columns: ...
def render_result_chart(
    sim: Simulation,
    kind: str,
    opts: dict[str, Any],
    threshold: float | None = None,
    output: str = "savings",
    top: int | None = None,
    outputs: list[str] | None = None,
) -> bytes: ...

@final
class SweepCharts:
    """A sweep as its charts read it; every chart decision is made in the core."""

    def __new__(
        cls,
        columns: list[tuple[str, list[Any]]],
        axes: list[tuple[list[str], str]],
        scenario: Scenario,
        threshold: float,
        threshold_output: str,
        prov: tuple[int, int, str, str],
    ) -> SweepCharts: ...
    def default_pair(self, x: str | None, at: list[tuple[str, str]]) -> tuple[str, str | None]: ...
    def lines(
        self,
        x: str | None,
        by: str | None,
        output: str,
        at: list[tuple[str, str]],
        subtitle: str | None,
    ) -> SweepChart: ...
    def heatmap(
        self,
        x: str | None,
        y: str | None,
        value: str,
        output: str,
        at: list[tuple[str, str]],
        subtitle: str | None,
    ) -> SweepChart: ...

@final
class SweepChart:
    """A sweep chart ready to render."""

    @property
    def subtitle(self) -> str | None: ...
    def render(self, opts: dict[str, Any]) -> bytes: ...
    def data(self) -> dict[str, Any]: ...

def format_money(value: float, currency: str) -> str: ...
def format_probability(p: float, decimals: int) -> str: ...
def output_label(output: str) -> str: ...
def outputs() -> list[dict[str, Any]]: ...
def output_info(name: str) -> dict[str, Any] | None: ...
def methods() -> list[str]: ...
def attribution(sim: Simulation) -> _Columns: ...
def attribution_trials(sim: Simulation) -> _Columns: ...
def attribution_sentence(sim: Simulation) -> str: ...

@final
class BreakEven:
    """The outcome of a break-even search, kept in Rust."""

    @property
    def value(self) -> float: ...
    @property
    def interval(self) -> tuple[float, float]: ...
    @property
    def clipped(self) -> tuple[bool, bool]: ...
    @property
    def statistic_words(self) -> str: ...
    def table(self) -> _Columns: ...
    def render(self, opts: dict[str, Any]) -> bytes: ...

def break_even(
    scenario: Scenario,
    path: str,
    low: float,
    high: float,
    statistic: str,
    level: float,
    trials: int,
    seed: int,
    method: str,
    progress: Callable[[int, int], Any] | None = None,
) -> BreakEven: ...
def value_of_information(
    sim: Simulation, groups: list[tuple[str, list[str]]]
) -> tuple[str, _Columns]: ...
def render_value_of_information(
    sim: Simulation, groups: list[tuple[str, list[str]]], opts: dict[str, Any]
) -> bytes: ...
def _panic_for_test(where_: str) -> None:
    """Panic on purpose in the binding (``"binding"``), a worker thread (``"worker"``) or a
    rayon task (``"rayon"``); raises :class:`InternalError`. Exists only for the tests
    proving that no panic reaches Python as anything else; not part of the API."""
