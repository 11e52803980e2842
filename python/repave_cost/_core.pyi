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
    "ScenarioError",
    "Simulation",
    "families",
    "format_money",
    "format_probability",
    "output_label",
    "path_labels",
    "parse_scenario",
    "preset_list",
    "preset_toml",
    "quantile",
    "render_heatmap",
    "render_result_chart",
    "render_sweep_lines",
    "replace_scenario",
    "sample_inputs",
    "scenario_hash",
    "scenario_to_toml",
    "simulate",
    "spearman",
    "summarize",
    "sweep",
    "validate_scenario",
    "_panic_for_test",
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
def parse_scenario(text: str, format: str) -> str: ...
def validate_scenario(json: str) -> None: ...
def scenario_to_toml(json: str) -> str: ...
def replace_scenario(
    json: str, new_parameters: list[tuple[str, str]], changes: list[tuple[str, str]]
) -> str: ...
def scenario_hash(json: str) -> str: ...
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
    def trial_columns(self) -> list[tuple[str, npt.NDArray[np.float64]]]: ...
    def summary(self, threshold: float, output: str = "savings") -> _Columns: ...
    def has_detail(self) -> bool: ...
    def breakdown(self) -> _Columns: ...
    def labour(self) -> _Columns: ...
    def sensitivity(self, output: str) -> _Columns: ...
    def tail_drivers(self, output: str, q: float) -> _Columns: ...
    def cumulative(self) -> _Columns: ...
    def payback(self) -> _Columns: ...

def simulate(
    scenario_json: str,
    trials: int,
    seed: int,
    method: str,
    progress: Callable[[int, int], Any] | None = None,
) -> Simulation: ...
def sweep(
    scenario_json: str,
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
def render_sweep_lines(
    x: list[float],
    x_label: str,
    y_label: str,
    series_label: str,
    series: list[tuple[str, list[float], list[float], list[float]]],
    log_x: bool | None,
    currency: str,
    opts: dict[str, Any],
    prov: tuple[int, int, str, str],
) -> bytes: ...
def render_heatmap(
    x_labels: list[str],
    y_labels: list[str],
    values: list[list[float]],
    kind: str,
    x_label: str,
    y_label: str,
    scale_label: str,
    currency: str,
    opts: dict[str, Any],
    prov: tuple[int, int, str, str],
) -> bytes: ...
def format_money(value: float, currency: str) -> str: ...
def format_probability(p: float, decimals: int) -> str: ...
def path_labels(json: str, paths: list[str]) -> list[str]: ...
def output_label(output: str) -> str: ...
def _panic_for_test(where_: str) -> None:
    """Panic on purpose in the binding (``"binding"``), a worker thread (``"worker"``) or a
    rayon task (``"rayon"``); raises :class:`InternalError`. Exists only for the tests
    proving that no panic reaches Python as anything else; not part of the API."""
