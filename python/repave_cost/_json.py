"""JSON encoding of scenario values (numbers, distributions, numpy scalars)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from ._validate import shown


def _default(value: Any) -> Any:
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"cannot put {type(value).__name__} {shown(value)} in a scenario")


def dumps(value: Any) -> str:
    """Encode ``value`` as JSON; distributions become their spec dicts. NaN is refused."""
    try:
        return json.dumps(value, default=_default, allow_nan=False)
    except ValueError as err:
        raise ValueError(f"scenario values must be finite numbers: {err}") from None
    except RecursionError:
        raise ValueError("scenario values are nested too deeply") from None


def non_finite_path(value: Any, prefix: str = "") -> str | None:
    """The dotted path (list items as ``[i]``) of the first NaN or infinite number in
    ``value``, or ``None`` when every number is finite or ``value`` is nested too deeply to
    walk (:func:`dumps` says so)."""
    try:
        return _non_finite_path(value, prefix)
    except RecursionError:
        return None


def _non_finite_path(value: Any, prefix: str) -> str | None:
    if isinstance(value, (float, np.floating)):
        return None if np.isfinite(value) else prefix
    if isinstance(value, dict):
        for key, item in value.items():
            found = _non_finite_path(item, f"{prefix}.{key}" if prefix else str(key))
            if found is not None:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = _non_finite_path(item, f"{prefix}[{i}]")
            if found is not None:
                return found
        return None
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        bad = np.flatnonzero(~np.isfinite(value))
        return f"{prefix}[{bad[0]}]" if bad.size else None
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, type):
        return _non_finite_path(to_dict(), prefix)
    return None
