"""Joint sampling of uncertain inputs and summary statistics."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Union

import numpy as np
import numpy.typing as npt
import polars as pl

from . import _core
from . import _validate as v
from ._balance import warn_if_unbalanced
from ._errors import ScenarioError
from .distributions import Distribution

__all__ = ["methods", "quantile", "sample", "spearman", "summarize"]

#: What the statistics functions accept: a polars Series, a numpy array or a sequence.
SampleLike = Union[pl.Series, npt.NDArray[Any], Sequence[float]]


def methods() -> list[str]:
    """List the sampling methods, the default first.

    The names come from the compiled core's registry of sampling designs; every function
    with a ``method`` argument (:func:`sample`, :func:`simulate`, :func:`sweep`,
    :meth:`Distribution.sample`) and ``repave-cost --method`` accept exactly these.

    Returns
    -------
    list of str
        The method names, the default (``"random"``) first.

    Examples
    --------
    >>> import repave_cost as rc
    >>> rc.methods()
    ['random', 'lhs', 'sobol']
    """
    return list(_core.methods())


def sample(
    inputs: Mapping[str, Distribution],
    trials: int,
    seed: int = 0,
    method: str = "random",
    progress: Callable[[int, int], object] | None = None,
    correlation: Mapping[tuple[str, str], float] | None = None,
) -> pl.DataFrame:
    """Draw ``trials`` joint samples of several inputs.

    The result is the same on any number of threads. Under ``"random"`` and ``"lhs"``
    each input's column depends only on its key, ``trials``, ``seed`` and ``method``, so
    adding an input leaves the other columns unchanged; under ``"sobol"`` the inputs are
    the dimensions of one point set in the mapping's order, so a column depends on its
    position too. The GIL is released while sampling and Ctrl-C stops it promptly.

    Parameters
    ----------
    inputs : Mapping[str, Distribution]
        Key (column name; also seeds the input's random streams) to distribution.
    trials : int
        Number of joint draws, 0 or above.
    seed : int, default 0
        Seed in ``[0, 2**64 - 1]``.
    method : str, default "random"
        A sampling method, one of :func:`methods` (``rc.methods()`` lists them): for
        example ``"random"``, independent draws, or ``"lhs"``, Latin hypercube: each column
        holds exactly one draw in each of the ``trials`` equal-probability strata of its
        input, paired at random, or ``"sobol"``, Owen-scrambled Sobol points through each
        input's quantile function (balanced at a power of two of trials).
    progress : callable, optional
        Called as ``progress(done, total)`` (draws) about every 100 ms and at the end.
    correlation : Mapping[tuple[str, str], float], optional
        Target rank (Spearman) correlations between pairs of inputs, by key:
        ``{("a", "b"): 0.6}``, each in [-1, 1]; as a scenario's ``[[correlations]]``. Under
        ``random`` and ``lhs`` the named columns are rearranged by Iman & Conover's (1982)
        method: each keeps exactly the values it would have without correlation (the same
        sorted values), only their pairing changes; columns not named are unchanged.

    Returns
    -------
    polars.DataFrame
        One Float64 column per input, in the mapping's order.

    Warns
    -----
    SobolBalanceWarning
        ``method="sobol"`` with a number of trials that is not a power of two.
    Raises
    ------
    ScenarioError
        A bad argument; for ``correlation``, every problem at once, each at its pair
        (``correlation[("a", "b")]``): a key that is not an input, a fixed input, a pair of
        one input or given twice, a rank outside [-1, 1], and targets that cannot hold
        together (naming the pairs at fault and the nearest valid values).

    Examples
    --------
    >>> import repave_cost as rc
    >>> df = rc.sample({"hours": rc.pert(1, 3, 8), "rate": rc.uniform(60, 90)}, 1000, seed=1)
    >>> df.shape
    (1000, 2)
    >>> df = rc.sample(
    ...     {"hours": rc.pert(1, 3, 8), "rate": rc.uniform(60, 90)},
    ...     20_000,
    ...     correlation={("hours", "rate"): 0.6},
    ... )
    >>> round(rc.spearman(df["hours"], df["rate"]), 1)
    0.6
    """
    if not isinstance(inputs, Mapping):
        raise TypeError(f"inputs must be a mapping of str to Distribution, got {type(inputs)}")
    keys: list[str] = []
    specs: list[str] = []
    for key, dist in inputs.items():
        if not isinstance(key, str):
            raise TypeError(f"inputs keys must be str, got {type(key).__name__} {key!r}")
        if not isinstance(dist, Distribution):
            raise TypeError(f"inputs[{key!r}] must be a Distribution, got {type(dist).__name__}")
        keys.append(key)
        specs.append(dist.to_json())
    if progress is not None and not callable(progress):
        raise TypeError("progress must be callable as progress(done, total)")
    n = v.count("trials", trials)
    warn_if_unbalanced(v.method(method), n, "trials", stacklevel=2)
    columns = _core.sample_inputs(
        specs,
        keys,
        n,
        v.seed(seed),
        v.method(method),
        progress,
        _correlation_pairs(correlation),
    )
    # A mapping, not a list of Series: polars renames a Series named "" to column_0.
    return pl.DataFrame(
        {k: pl.Series(k, c, dtype=pl.Float64) for k, c in zip(keys, columns)},
        schema={k: pl.Float64 for k in keys},
    )


def _correlation_pairs(
    correlation: Mapping[tuple[str, str], float] | None,
) -> list[tuple[str, str, float]] | None:
    """``correlation`` as ``(key_a, key_b, rank)`` triples, type-checked (the core checks
    the values)."""
    if correlation is None:
        return None
    if not isinstance(correlation, Mapping):
        raise TypeError(
            "correlation must be a mapping of (str, str) pairs to float, got "
            f"{type(correlation).__name__}"
        )
    pairs: list[tuple[str, str, float]] = []
    for pair, rank in correlation.items():
        if not (
            isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(k, str) for k in pair)
        ):
            raise TypeError(
                f"correlation keys must be pairs of input keys (str, str), got {v.shown(pair)}"
            )
        pairs.append((pair[0], pair[1], v.number(f"correlation[{pair!r}]", rank)))
    return pairs


def _as_array(name: str, values: SampleLike) -> npt.NDArray[np.float64]:
    """A contiguous float64 view (no copy when already one) of a 1-D sample."""
    if isinstance(values, pl.Series):
        if values.null_count() > 0:
            message = f"{name} holds {values.null_count()} null values"
            raise ScenarioError(message, [(name, message)])
        values = values.to_numpy()
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of numbers, got str")
    try:
        arr = np.ascontiguousarray(values, dtype=np.float64)
    except OverflowError:
        message = f"{name} holds an integer too large for a float"
        raise ScenarioError(message, [(name, message)]) from None
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a sequence of numbers: {err}") from None
    if arr.ndim != 1:
        raise TypeError(f"{name} must be one-dimensional, got {arr.ndim} dimensions")
    return arr


def summarize(values: SampleLike, threshold: float = 0.0) -> dict[str, Any]:
    """Summary statistics of a sample.

    Parameters
    ----------
    values : polars.Series, numpy.ndarray or sequence of float
        A non-empty sample of finite numbers (no NaN, infinities or nulls).
    threshold : float, default 0.0
        ``prob_above`` is the share of values strictly above it.

    Returns
    -------
    dict
        Median first: ``p50`` and the 90% interval ``p5``, ``p95`` (linear
        interpolation, as ``numpy.quantile``), then ``mean``, ``sd`` (n - 1 denominator;
        ``None`` for one value), ``se`` (``sd / sqrt(count)``), ``p10``, ``p90``, ``min``,
        ``max``, ``prob_above`` and ``count``.
    """
    return _core.summarize(_as_array("values", values), v.number("threshold", threshold))


def quantile(values: SampleLike, q: float) -> float:
    """Quantile ``q`` in ``[0, 1]`` of a sample, by linear interpolation (``numpy.quantile``)."""
    return _core.quantile(_as_array("values", values), v.number("q", q))


def spearman(x: SampleLike, y: SampleLike) -> float | None:
    """Spearman rank correlation of two equally long samples; ``None`` if either is constant."""
    return _core.spearman(_as_array("x", x), _as_array("y", y))
