"""The exception classes of repave-cost.

Defined in Python so that they can carry structured details (``errors()``, ``param``);
the compiled core raises these very classes (``repave_cost._core`` re-exports them).

* :class:`RepaveCostError` (``Exception``): a failure not caused by a bad input.
* :class:`InternalError` (``RepaveCostError``): a bug in repave-cost (a Rust panic caught
  at the boundary); never a ``BaseException`` that ``except Exception`` would miss.
* :class:`ScenarioError` (``ValueError``): a bad scenario or argument, listing every
  problem with the path of the field at fault.
* :class:`DistributionError` (``ScenarioError``): a bad distribution parameter.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["DistributionError", "InternalError", "RepaveCostError", "ScenarioError"]


class RepaveCostError(Exception):
    """A repave-cost failure that is not caused by a bad input."""


class InternalError(RepaveCostError):
    """A bug in repave-cost: the compiled core failed in a way it never should (a Rust
    panic, caught where it would cross into Python). Please report it with the message."""


class ScenarioError(ValueError):
    """A bad input value; the message names the parameter at fault.

    Parameters
    ----------
    message : str
        The whole message, naming every problem (``str(err)``).
    problems : iterable of (str, str), optional
        Each problem as ``(path, message)``: the dotted path of the field or the argument's
        name (``"strategies.repave.activities[2].hours"``, ``"trials"``) and what is wrong.
        Defaults to one problem with an empty path and ``message``.

    Examples
    --------
    >>> import repave_cost as rc
    >>> try:
    ...     rc.simulate("fleet", trials=0)
    ... except rc.ScenarioError as err:
    ...     err.errors()[0]["path"]
    'trials'
    """

    def __init__(self, message: str, problems: Iterable[tuple[str, str]] | None = None) -> None:
        super().__init__(message)
        listed = [("", message)] if problems is None else [(p, m) for p, m in problems]
        self._problems: list[tuple[str, str]] = listed

    def errors(self) -> list[dict[str, str]]:
        """Every problem, in the order found, as ``{"path": ..., "message": ...}``.

        ``path`` is the dotted path of the field at fault (or the argument's name; empty
        when the problem is not about one field) and ``message`` says what is wrong and
        what is allowed. The list is a fresh copy.
        """
        return [{"path": path, "message": message} for path, message in self._problems]


class DistributionError(ScenarioError):
    """A bad distribution parameter; the message names the parameter at fault.

    Parameters
    ----------
    message : str
        What is wrong and what is allowed.
    problems : iterable of (str, str), optional
        As for :class:`ScenarioError`.
    param : str, optional
        The parameter at fault (``"mode"``, ``"weights"``, ``"values[2]"``); defaults to
        the first problem's path, or ``None`` when that is empty.

    Attributes
    ----------
    param : str or None
        The parameter at fault, or ``None`` when the error is about the spec as a whole
        (for example an unknown family).
    """

    def __init__(
        self,
        message: str,
        problems: Iterable[tuple[str, str]] | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message, problems)
        first = self._problems[0][0] if self._problems else ""
        self.param: str | None = param if param is not None else (first or None)
