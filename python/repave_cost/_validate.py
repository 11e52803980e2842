"""Argument checks shared by the Python API (types here; values are checked by the core).

Integer arguments (trials, seeds, sizes, counts) are only type-checked here: their ranges,
and whether that many items fit in memory, are checked in one place, by the compiled core,
which raises a :class:`ScenarioError` naming the argument and its allowed range.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import Any

import numpy as np

from ._errors import ScenarioError


def argument_error(name: str, message: str) -> ScenarioError:
    """A :class:`ScenarioError` about the argument or field ``name``; ``message`` names it.

    Its ``errors()`` is one problem with path ``name``.
    """
    return ScenarioError(message, [(name, message)])


_SHORT = reprlib.Repr()
_SHORT.maxlevel = 3
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = 60


def shown(value: Any) -> str:
    """A short repr of `value` for error messages: bounded in length and nesting, so a
    huge or deeply nested argument gives a clear error, not a RecursionError."""
    try:
        return _SHORT.repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real error
        return f"<{type(value).__name__}>"


def number(name: str, value: Any) -> float:
    """Return ``value`` as a float, or raise ``TypeError`` naming ``name``.

    Python and numpy integers and floats are accepted; ``bool`` is not a number here. An
    integer too large for a float raises :class:`ScenarioError` naming ``name``.
    """
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a number, got bool {shown(value)}")
    if isinstance(value, (int, float, np.integer, np.floating)):
        try:
            return float(value)
        except OverflowError:
            bits = int(value).bit_length()
            raise argument_error(
                name, f"{name} must be a finite number, got an integer of {bits} bits"
            ) from None
    raise TypeError(f"{name} must be a number, got {type(value).__name__} {shown(value)}")


def optional_number(name: str, value: Any) -> float | None:
    """Like :func:`number`, but ``None`` passes through."""
    return None if value is None else number(name, value)


def numbers(name: str, values: Any) -> list[float]:
    """Return a sequence or 1-D array of numbers as a list of floats.

    Raises ``TypeError`` naming ``name`` for a string, a non-iterable, a multi-dimensional
    array or a non-numeric element.
    """
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise TypeError(f"{name} must be one-dimensional, got {values.ndim} dimensions")
        if values.dtype.kind in "iuf":
            return [float(v) for v in values.astype(np.float64)]
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a sequence of numbers, got {type(values).__name__}")
    return [number(f"{name}[{i}]", v) for i, v in enumerate(values)]


def flag(name: str, value: Any) -> bool:
    """Return ``value`` as a bool (Python or numpy bool) or raise ``TypeError``: ``"no"`` or
    ``0`` would otherwise be read by truth value, and ``"no"`` is true."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {shown(value)}")
    return bool(value)


def integer(name: str, value: Any) -> int:
    """Return ``value`` as an int (Python or numpy integer, not bool) or raise ``TypeError``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {shown(value)}")
    return int(value)


def count(name: str, value: Any) -> int:
    """Return a count (trials, a sample size) as an int; the core checks its range."""
    return integer(name, value)


def seed(value: Any) -> int:
    """Return a seed as an int; the core checks that it lies in ``[0, 2**64 - 1]``."""
    return integer("seed", value)


def method(value: Any) -> str:
    """Return a sampling method name (checked further by the core)."""
    if not isinstance(value, str):
        raise TypeError(f"method must be a str, got {type(value).__name__} {shown(value)}")
    return value
