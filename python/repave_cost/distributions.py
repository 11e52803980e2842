"""Probability distributions for uncertain inputs.

Each constructor validates its parameters (in the Rust core) and returns a
:class:`Distribution`. A bad parameter raises :class:`~repave_cost.DistributionError`
(a ``ValueError``) whose message names the parameter; an argument of the wrong type
raises ``TypeError``.

Examples
--------
>>> import repave_cost as rc
>>> d = rc.pert(1, 3, 8)
>>> d
pert(low=1, mode=3, high=8)
>>> round(d.mean(), 6)
3.5
>>> d.to_dict()
{'dist': 'pert', 'low': 1.0, 'mode': 3.0, 'high': 8.0}
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any, Union, overload

import numpy as np
import numpy.typing as npt
import polars as pl

from . import _core
from . import _validate as v
from ._balance import warn_if_unbalanced
from ._errors import DistributionError

__all__ = [
    "Distribution",
    "bernoulli",
    "beta",
    "discrete",
    "empirical",
    "fixed",
    "gamma",
    "lognormal",
    "lognormal_ci90",
    "normal",
    "pert",
    "poisson",
    "triangular",
    "uniform",
]

#: A number the constructors accept: Python or numpy int or float (not bool).
Number = Union[int, float, np.integer, np.floating]


class Distribution:
    """A validated probability distribution.

    Build one with a constructor (:func:`pert`, :func:`normal`, ...) or from a spec dict
    with :meth:`from_dict`. Instances are immutable, compare equal when their specs are
    equal, hash consistently, and pickle.

    Parameters
    ----------
    core : repave_cost._core.Distribution
        The compiled distribution to wrap.
    """

    __slots__ = ("_core",)

    def __init__(self, core: _core.Distribution) -> None:
        if not isinstance(core, _core.Distribution):
            raise TypeError(
                "Distribution wraps a repave_cost._core.Distribution; use a constructor "
                "such as repave_cost.pert(...) or Distribution.from_dict(...)"
            )
        self._core = core

    @classmethod
    def from_dict(cls, spec: Mapping[str, Any]) -> Distribution:
        """Build a distribution from its spec, the shape scenario files use.

        Parameters
        ----------
        spec : Mapping[str, Any]
            For example ``{"dist": "pert", "low": 1, "mode": 3, "high": 8}``. PERT's
            shape weight is spelled ``"lambda"`` here.

        Returns
        -------
        Distribution

        Raises
        ------
        DistributionError
            If the family is unknown, a field is missing, unknown or invalid.
        """
        if not isinstance(spec, Mapping):
            raise TypeError(f"spec must be a mapping, got {type(spec).__name__}")
        return cls(_core.Distribution.make(dict(spec)))

    @classmethod
    def from_json(cls, text: str) -> Distribution:
        """Build a distribution from its JSON spec (see :meth:`from_dict`)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        return cls(_core.Distribution(text))

    @property
    def family(self) -> str:
        """The family's name as written in files (``"pert"``, ``"lognormal_ci90"``, ...)."""
        return self._core.family

    @property
    def core(self) -> _core.Distribution:
        """The compiled distribution (for passing to ``repave_cost._core`` functions)."""
        return self._core

    def mean(self) -> float:
        """The mean, from its closed form."""
        return self._core.mean()

    def variance(self) -> float:
        """The variance, from its closed form."""
        return self._core.variance()

    def support(self) -> tuple[float, float]:
        """The smallest and largest possible values (either may be infinite)."""
        return self._core.support()

    @overload
    def ppf(self, q: Number) -> float: ...

    @overload
    def ppf(self, q: Sequence[float] | npt.NDArray[Any]) -> npt.NDArray[np.float64]: ...

    def ppf(self, q: Any) -> float | npt.NDArray[np.float64]:
        """The quantile function (inverse CDF).

        For discrete families it is the smallest value whose CDF reaches ``q``, as in scipy.

        Parameters
        ----------
        q : float or array_like of float
            Probabilities in ``[0, 1]``.

        Returns
        -------
        float or numpy.ndarray
            A float for a scalar ``q``, else a float64 array of ``q``'s shape.

        Raises
        ------
        DistributionError
            If any ``q`` lies outside ``[0, 1]`` or is NaN.
        """
        if isinstance(q, (bool, np.bool_, str, bytes)):
            raise TypeError(f"q must be a number or an array of numbers, got {type(q).__name__}")
        if isinstance(q, (int, float, np.integer, np.floating)):
            try:
                x = float(q)
            except OverflowError:  # an int beyond any float: far outside [0, 1]
                message = (
                    f"quantile q must lie in [0, 1], got an integer of {int(q).bit_length()} bits"
                )
                raise DistributionError(message, [("q", message)]) from None
            return float(self._core.ppf(x))
        try:
            arr = np.asarray(q, dtype=np.float64)
        except OverflowError:
            message = "quantile q must lie in [0, 1], got an integer too large for a float"
            raise DistributionError(message, [("q", message)]) from None
        except (TypeError, ValueError) as err:
            raise TypeError(f"q must be a number or an array of numbers: {err}") from None
        result = self._core.ppf(arr)
        assert isinstance(result, np.ndarray)
        return result

    def sample(self, n: int, seed: int = 0, method: str = "random") -> pl.Series:
        """Draw ``n`` values.

        The draws are a pure function of ``(self, n, seed, method)``: the same on any number
        of threads, and equal to column ``"value"`` of
        ``repave_cost.sample({"value": self}, n, seed, method)``.

        Parameters
        ----------
        n : int
            Number of draws, 0 or above.
        seed : int, default 0
            Seed in ``[0, 2**64 - 1]``.
        method : str, default "random"
            A sampling method's name; :func:`repave_cost.methods` lists them ("random":
            independent draws; "lhs": Latin hypercube, one draw per stratum of width ``1/n``;
            "sobol": the first dimension of Owen-scrambled Sobol points, balanced at a power
            of two of draws).

        Returns
        -------
        polars.Series
            A Float64 series named ``"value"``.

        Warns
        -----
        SobolBalanceWarning
            ``method="sobol"`` with an ``n`` that is not a power of two.
        """
        count = v.count("n", n)
        warn_if_unbalanced(v.method(method), count, "n", stacklevel=2)
        arr = self._core.sample(count, v.seed(seed), v.method(method))
        return pl.Series("value", arr)

    def to_dict(self) -> dict[str, Any]:
        """The spec as a dict, e.g. ``{"dist": "pert", "low": 1.0, "mode": 3.0, "high": 8.0}``.

        ``Distribution.from_dict(d.to_dict()) == d``. Optional fields at their defaults
        (PERT ``lambda`` 4, absent bounds) are left out.
        """
        result: dict[str, Any] = json.loads(self._core.spec_json())
        return result

    def to_json(self) -> str:
        """The spec as compact JSON."""
        return self._core.spec_json()

    def __repr__(self) -> str:
        return repr(self._core)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Distribution):
            return NotImplemented
        return self._core == other._core

    def __hash__(self) -> int:
        return hash(self._core)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (Distribution.from_json, (self.to_json(),))


@functools.cache
def _fields(family: str) -> tuple[tuple[str, str, bool, bool], ...]:
    """``(file name, Python name, optional, list)`` of each field of ``family``, as the core
    declares them."""
    (entry,) = [f for f in _core.families() if f["name"] == family]
    return tuple(
        (
            f["name"],
            f["python_name"],
            f["kind"].startswith("optional"),
            f["kind"].endswith("numbers"),
        )
        for f in entry["fields"]
    )


def _make(family: str, *args: Any) -> Distribution:
    """Build a ``family`` distribution from the constructor's arguments, one per declared
    field in declaration order (the signature test checks the order).

    Each argument is type-checked by its declared kind (``TypeError`` naming it); the core
    checks the values and builds the distribution.
    """
    spec: dict[str, Any] = {"dist": family}
    for (name, python_name, optional, is_list), value in zip(_fields(family), args):
        if value is None and optional:
            continue
        spec[name] = (v.numbers if is_list else v.number)(python_name, value)
    return Distribution(_core.Distribution.make(spec))


def fixed(value: Number) -> Distribution:
    """Always ``value``.

    Parameters
    ----------
    value : float
        A finite number.
    """
    return _make("fixed", value)


def uniform(low: Number, high: Number) -> Distribution:
    """Uniform on ``[low, high]``.

    Parameters
    ----------
    low, high : float
        Finite bounds with ``low < high``.
    """
    return _make("uniform", low, high)


def triangular(low: Number, mode: Number, high: Number) -> Distribution:
    """Triangular on ``[low, high]`` with its peak at ``mode``.

    Parameters
    ----------
    low, high : float
        Finite bounds with ``low < high``.
    mode : float
        Most likely value, ``low <= mode <= high``.
    """
    return _make("triangular", low, mode, high)


def pert(low: Number, mode: Number, high: Number, lambda_: Number = 4.0) -> Distribution:
    """PERT: a beta distribution scaled to ``[low, high]`` with its mode at ``mode``.

    The shape parameters are ``alpha = 1 + lambda_ (mode - low) / (high - low)`` and
    ``beta = 1 + lambda_ (high - mode) / (high - low)``; the mean is
    ``(low + lambda_ mode + high) / (lambda_ + 2)``.

    Parameters
    ----------
    low, high : float
        Finite bounds with ``low < high``.
    mode : float
        Most likely value, ``low <= mode <= high``.
    lambda_ : float, default 4.0
        Weight of the mode, above 0 (4 is classic PERT; larger is more peaked). Scenario
        files and :meth:`Distribution.to_dict` call it ``lambda``.
    """
    return _make("pert", low, mode, high, lambda_)


def normal(
    mean: Number, sd: Number, low: Number | None = None, high: Number | None = None
) -> Distribution:
    """Normal with ``mean`` and ``sd``, truncated to ``[low, high]`` when a bound is given.

    Parameters
    ----------
    mean : float
        Mean of the untruncated normal.
    sd : float
        Standard deviation of the untruncated normal, above 0.
    low, high : float, optional
        Truncation bounds (one or both); the interval must hold some probability.
    """
    return _make("normal", mean, sd, low, high)


def lognormal(mu: Number, sigma: Number) -> Distribution:
    """Lognormal: ``exp(N(mu, sigma))``.

    Parameters
    ----------
    mu : float
        Mean of the underlying normal.
    sigma : float
        Standard deviation of the underlying normal, above 0.
    """
    return _make("lognormal", mu, sigma)


def lognormal_ci90(p5: Number, p95: Number) -> Distribution:
    """The lognormal with 5% of draws below ``p5`` and 5% above ``p95``.

    Parameters
    ----------
    p5 : float
        5th percentile, above 0.
    p95 : float
        95th percentile, above ``p5``.
    """
    return _make("lognormal_ci90", p5, p95)


def beta(
    alpha: Number, beta: Number, low: Number | None = None, high: Number | None = None
) -> Distribution:
    """Beta(``alpha``, ``beta``) scaled from ``[0, 1]`` to ``[low, high]``.

    Parameters
    ----------
    alpha, beta : float
        Shape parameters, above 0.
    low, high : float, optional
        Bounds of the scaled range (default 0 and 1), ``low < high``.
    """
    return _make("beta", alpha, beta, low, high)


def gamma(shape: Number, scale: Number) -> Distribution:
    """Gamma with ``shape`` and ``scale`` (mean ``shape * scale``).

    Parameters
    ----------
    shape, scale : float
        Above 0.
    """
    return _make("gamma", shape, scale)


def poisson(mean: Number) -> Distribution:
    """Poisson counts with mean ``mean``.

    Parameters
    ----------
    mean : float
        0 or above (at most 1e12).
    """
    return _make("poisson", mean)


def bernoulli(p: Number) -> Distribution:
    """1 with probability ``p``, else 0.

    Parameters
    ----------
    p : float
        In ``[0, 1]``.
    """
    return _make("bernoulli", p)


def discrete(
    values: Sequence[Number] | npt.NDArray[Any],
    weights: Sequence[Number] | npt.NDArray[Any] | None = None,
) -> Distribution:
    """One of ``values``, with probability proportional to ``weights``.

    Parameters
    ----------
    values : sequence of float
        The possible values (at least one; repeats add up).
    weights : sequence of float, optional
        One weight per value, each 0 or above, not all 0. Equal when omitted.
    """
    return _make("discrete", values, weights)


def empirical(samples: Sequence[Number] | npt.NDArray[Any]) -> Distribution:
    """Resample observed data: each draw is one of ``samples``, equally likely.

    Parameters
    ----------
    samples : sequence of float
        The observations (at least one, all finite).
    """
    return _make("empirical", samples)
