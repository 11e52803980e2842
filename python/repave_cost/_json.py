"""JSON encoding of scenario values (numbers, distributions, numpy scalars)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np


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
    raise TypeError(f"cannot put {type(value).__name__} {value!r} in a scenario")


def dumps(value: Any) -> str:
    """Encode ``value`` as JSON; distributions become their spec dicts. NaN is refused."""
    try:
        return json.dumps(value, default=_default, allow_nan=False)
    except ValueError as err:
        raise ValueError(f"scenario values must be finite numbers: {err}") from None
