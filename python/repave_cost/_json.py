"""JSON encoding of scenario values (numbers, distributions, numpy scalars)."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
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


class BadNumberError(ValueError):
    """A number a scenario cannot hold, at ``path`` inside the value given (``""`` for the
    value itself, else ``.key`` or ``[i]`` steps to add to the caller's path); the message
    is the ``reason``."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason

    def at(self, prefix: str) -> str:
        """The full path: ``prefix`` followed by :attr:`path`."""
        if self.path.startswith(".") and not prefix:
            return self.path[1:]
        return prefix + self.path


def dumps(value: Any) -> str:
    """Encode ``value`` as JSON; distributions become their spec dicts. A NaN, an
    infinity or an integer beyond a float's range is a :class:`BadNumberError` saying where."""
    try:
        bad = bad_number(value)
    except RecursionError:
        raise ValueError("scenario values are nested too deeply") from None
    if bad is not None:
        raise BadNumberError(*bad)
    try:
        return json.dumps(value, default=_default, allow_nan=False)
    except RecursionError:
        raise ValueError("scenario values are nested too deeply") from None


def bad_number(value: Any, path: str = "") -> tuple[str, str] | None:
    """The path (``.key`` and ``[i]`` steps) and the reason of the first number in
    ``value`` that a scenario cannot hold: NaN or infinite, or an integer too large for a
    float (JSON would carry its digits, which the core cannot read as a number)."""
    if isinstance(value, (bool, np.bool_)):
        return None
    if isinstance(value, (float, np.floating)):
        return None if np.isfinite(value) else (path, f"must be a finite number, got {value}")
    if isinstance(value, int) and abs(value) > sys.float_info.max:
        digits = len(str(abs(value)))
        return (path, f"must be a number up to about 1.8e308, got an integer of {digits} digits")
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = bad_number(item, f"{path}.{key}")
            if found is not None:
                return found
        return None
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            found = bad_number(item, f"{path}[{i}]")
            if found is not None:
                return found
        return None
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        bad = np.flatnonzero(~np.isfinite(value.ravel()))
        if bad.size:
            return (f"{path}[{bad[0]}]", f"must be a finite number, got {value.ravel()[bad[0]]}")
        return None
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, type):
        return bad_number(to_dict(), path)
    return None
