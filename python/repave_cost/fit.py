"""Fitting distributions to observed data: :func:`fit` and its :class:`FitResult`.

Examples
--------
>>> import numpy as np
>>> import repave_cost as rc
>>> minutes = np.random.default_rng(1).lognormal(3.0, 0.4, size=200)
>>> result = rc.fit(minutes)
>>> result.best.family
'lognormal'
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, Union

import numpy as np
import numpy.typing as npt
import polars as pl

from . import _core
from .charts import DEFAULT_HEIGHT, DEFAULT_WIDTH, Chart, _options
from .distributions import Distribution

__all__ = ["FIT_FAMILIES", "FitResult", "fit"]

#: Every family :func:`fit` knows (``normal_above_zero`` is a normal truncated at 0).
FIT_FAMILIES = (
    "normal",
    "normal_above_zero",
    "lognormal",
    "gamma",
    "beta",
    "pert",
    "triangular",
    "uniform",
    "poisson",
    "bernoulli",
)

#: A TOML key that needs no quotes.
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")

Samples = Union[Sequence[float], npt.ArrayLike, "pl.Series", Any]


def _as_array(samples: Samples) -> npt.NDArray[np.float64]:
    """``samples`` (a list, tuple, numpy array, polars or pandas Series) as a contiguous
    one-dimensional float64 array (a copy); a missing value becomes NaN, which the core
    refuses with its position."""
    if isinstance(samples, (str, bytes)) or samples is None:
        raise TypeError(f"samples must be a sequence of numbers, got {type(samples).__name__}")
    values: Any = samples
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        # polars and pandas Series (and DataFrames, refused below by their shape).
        values = values.to_numpy()
    try:
        array = np.asarray(values)
    except (TypeError, ValueError) as err:
        raise TypeError(f"samples must be a sequence of numbers: {err}") from None
    if array.dtype == object:
        try:
            flat = [_number(i, x) for i, x in enumerate(array.ravel())]
        except _core.ScenarioError:
            raise
        except (TypeError, ValueError):
            raise TypeError("samples must be numbers, got values of other types") from None
        array = np.asarray(flat, dtype=np.float64).reshape(array.shape)
    elif array.dtype.kind not in "biuf":
        # Complex numbers too: casting would drop their imaginary parts.
        raise TypeError(f"samples must be real numbers, got values of type {array.dtype}")
    if array.ndim != 1:
        raise TypeError(f"samples must be one-dimensional, got shape {array.shape}")
    return np.ascontiguousarray(array, dtype=np.float64)


def _number(i: int, x: Any) -> float:
    """Sample ``i`` as a float, ``None`` as NaN (which the core refuses with its position).
    An integer too large for a float is a :class:`ScenarioError` at ``samples[i]``;
    complex values are a ``TypeError``."""
    if x is None:
        return np.nan
    if isinstance(x, complex) or np.iscomplexobj(x):
        raise TypeError("complex")
    try:
        return float(x)
    except OverflowError:
        path = f"samples[{i}]"
        message = (
            f"must lie within ±1e150 to be fitted, got an integer of {len(str(abs(x)))} "
            "digits; rescale the data"
        )
        raise _core.ScenarioError(f"{path}: {message}", [(path, message)]) from None


def _as_families(families: str | Sequence[str] | None) -> list[str] | None:
    if families is None:
        return None
    if isinstance(families, str):
        return [families]
    if not isinstance(families, Sequence) or not all(isinstance(f, str) for f in families):
        raise TypeError(f"families must be a family name or a sequence of names, got {families!r}")
    return list(families)


class FitResult:
    """The fits of :func:`fit`, best first.

    Attributes
    ----------
    table : polars.DataFrame
        One row per family: ``family``, ``dist`` (the fitted distribution as a TOML
        inline table, ready to paste), ``n_parameters`` (parameters estimated from the
        data, the bounded families' support included), ``log_likelihood``, ``aic``,
        ``bic``, ``ks_statistic``, ``ks_pvalue`` and ``note``. Fitted families come first,
        lowest AIC first; a family left out (data outside its support, ...) follows with
        null statistics and the reason in ``note``.
    samples : numpy.ndarray
        The data fitted (a copy).
    """

    __slots__ = ("_families", "_specs", "samples", "table")

    def __init__(
        self,
        table: pl.DataFrame,
        specs: list[str],
        samples: npt.NDArray[np.float64],
        families: list[str] | None,
    ) -> None:
        self.table = table
        self._specs = specs
        self.samples = samples
        self._families = families

    def plot(
        self,
        top: int = 3,
        x_label: str = "Value",
        *,
        width: int = DEFAULT_WIDTH,
        height: int = DEFAULT_HEIGHT,
        title: str | None = None,
        subtitle: str | None = None,
        theme: str = "light",
        footer: bool = False,
    ) -> Chart:
        """The data against the best fits, drawn by the core.

        Parameters
        ----------
        top : int, default 3
            How many of the best fits to draw, at least 1; at most 6 are drawn (a larger
            ``top`` draws 6), fewer when fewer fitted.
        x_label : str, default "Value"
            The x axes' title: what was measured, in its unit.
        width, height, title, subtitle, theme, footer
            As for every chart (``footer`` is off by default: a fit has no seed).

        Returns
        -------
        Chart
            Left, the data's histogram as a density with each fit's density (its
            probabilities, for counts); right, the empirical CDF with each fit's CDF. The
            legend names each fit with its AIC, best first.
        """
        if not isinstance(x_label, str):
            raise TypeError(f"x_label must be a str, got {type(x_label).__name__}")
        options = _options(width, height, title, subtitle, theme, footer)
        samples, families = self.samples, self._families

        def render(opts: dict[str, Any]) -> bytes:
            data: bytes = _core.render_fit_chart(samples, families, top, x_label, opts)
            return data

        render(options)  # fail early on bad arguments, not at display time
        return Chart(render, "fit", options)

    @property
    def distributions(self) -> dict[str, Distribution]:
        """Every fitted family's distribution, best first: family → :class:`Distribution`."""
        return {
            family: Distribution.from_json(spec)
            for family, spec in zip(self.table["family"], self._specs)
            if spec
        }

    @property
    def best(self) -> Distribution:
        """The fit with the lowest AIC, as a :class:`Distribution` to put in a scenario."""
        return Distribution.from_json(self._specs[0])

    def toml_line(self, name: str = "value") -> str:
        """The best fit as a line to paste into a scenario: ``name = { dist = ... }``."""
        if not isinstance(name, str):
            raise TypeError(f"name must be a str, got {type(name).__name__}")
        key = name if _BARE_KEY.fullmatch(name) else json.dumps(name)
        return f"{key} = {self.table['dist'][0]}"

    def __repr__(self) -> str:
        return (
            f"<FitResult of {len(self.samples)} values: best {self.table['family'][0]} "
            f"{self.table['dist'][0]}>"
        )


def fit(samples: Samples, families: str | Sequence[str] | None = None) -> FitResult:
    """Fit distribution families to observed data by maximum likelihood.

    Parameters
    ----------
    samples : sequence of float, numpy array, polars or pandas Series
        The observations: at least 5, every one finite.
    families : str or sequence of str, optional
        The families to fit, from :data:`FIT_FAMILIES`. By default every suitable one:
        Bernoulli and Poisson for 0/1 data, Poisson and the continuous families for other
        counts, the continuous families (normal, normal truncated at 0, lognormal, gamma,
        beta, PERT, triangular, uniform) otherwise. A family whose support the data leave
        is listed with the reason instead of a fit.

    Returns
    -------
    FitResult
        ``.table`` (best first by AIC), ``.best`` (a :class:`Distribution`),
        ``.distributions``, ``.toml_line()`` and ``.plot()``. How each family is estimated, the
        bounded families' support and the KS p-value's caveats are in docs/fitting.md.

    Raises
    ------
    ScenarioError
        A ``ValueError``: fewer than 5 values, a NaN or infinite value or one beyond
        ±1e150 (its position is named: ``samples[3]``), an unknown family or an empty
        ``families``, or data no family can fit.
    TypeError
        ``samples`` are not numbers, or ``families`` are not names.
    """
    array = _as_array(samples)
    names = _as_families(families)
    columns, specs = _core.fit(array, names)
    table = pl.DataFrame(
        [
            pl.Series(
                name,
                values,
                dtype=pl.Utf8
                if name in ("family", "dist", "note")
                else (pl.Int64 if name == "n_parameters" else pl.Float64),
            )
            for name, values in columns
        ]
    )
    return FitResult(table, specs, array, names)
