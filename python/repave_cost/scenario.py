"""Scenarios: what one simulation needs, as plain data you can load, edit and save.

Examples
--------
>>> import repave_cost as rc
>>> scn = rc.Scenario.preset("fleet")
>>> bigger = scn.replace({"fleet.nodes": 500, "staffing.sre.headcount": 4})
>>> bigger.to_dict()["fleet"]["nodes"]
500
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Union

import polars as pl

from . import _core
from ._atomic import write_text_atomic
from ._core import ScenarioError
from ._json import BadNumberError, dumps
from ._validate import shown

__all__ = ["Scenario", "presets"]

#: The text columns of :meth:`Scenario.inputs` (the others are numbers).
_TEXT_COLUMNS = frozenset(("input", "label", "kind", "family", "parameters", "used_by"))

PathOrText = Union[str, "os.PathLike[str]"]


def _is_file(text: str) -> bool:
    """Whether ``text`` names an existing file; text that cannot be a path (too long for a
    file name, a NUL byte) names none."""
    try:
        return Path(text).is_file()
    except (OSError, ValueError):
        return False


def _read_source(source: PathOrText, suffix: str) -> str:
    """Return the text of a file path, or ``source`` itself when it is text.

    A ``Path`` is always a file. A ``str`` is a file when it has no line break and names
    an existing file or ends with ``suffix``; otherwise it is the text itself.
    """
    if isinstance(source, os.PathLike):
        return _read_text(Path(source))
    if not isinstance(source, str):
        raise TypeError(f"expected a path or text, got {type(source).__name__}")
    looks_like_path = "\n" not in source and (
        source.endswith(suffix) or (len(source) < 4096 and _is_file(source))
    )
    if looks_like_path:
        return _read_text(Path(source))
    return source


def _read_text(path: Path) -> str:
    """The UTF-8 text of the file ``path``; a file that is not UTF-8 is a
    :class:`ScenarioError` naming the file and the first bad byte (Python's own error
    names neither the file nor the line)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        message = (
            f"{path}: not UTF-8 text: byte 0x{data[err.start]:02x} at line {line} "
            f"(offset {err.start}); save the file as UTF-8"
        )
        raise ScenarioError(message, [("", message)]) from None


class Scenario:
    """A validated cost scenario: settings, fleet, staffing, parameters, strategies and the
    comparison between a baseline and an alternative strategy.

    Scenarios are immutable values: :meth:`replace` returns a new one. They compare equal
    when their contents are equal, and every constructor checks the whole scenario,
    raising :class:`~repave_cost.ScenarioError` (a ``ValueError``) that lists every problem
    with the path of the field at fault.

    See ``docs/scenario-format.md`` for the file format.
    """

    __slots__ = ("_core", "_source_toml")

    def __init__(self, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):
            raise TypeError(f"a scenario is built from a mapping, got {type(data).__name__}")
        try:
            text = dumps(dict(data))
        except BadNumberError as err:
            path = err.at("")
            raise ScenarioError(f"{path}: {err}", [(path, str(err))]) from None
        except ValueError as err:
            raise ScenarioError(f"scenario: {err}", [("", str(err))]) from None
        self._core = _core.Scenario.from_json(text)
        self._source_toml: str | None = None

    @classmethod
    def _wrap(cls, compiled: _core.Scenario, source_toml: str | None = None) -> Scenario:
        """A scenario around ``compiled``, the core's parsed and compiled scenario, read
        from the TOML text ``source_toml`` (``None`` when built in code)."""
        obj = cls.__new__(cls)
        obj._core = compiled
        obj._source_toml = source_toml
        return obj

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """Build a scenario from a dict shaped like the TOML file."""
        return cls(data)

    @classmethod
    def from_toml(cls, source: PathOrText) -> Scenario:
        """Read a scenario from a TOML file path or TOML text.

        Syntax errors name the line and column; other problems name the field's path.
        The text is kept as it was written, comments included (:attr:`source_toml`), and
        a report's ``scenario.toml`` is that text.
        """
        text = _read_source(source, ".toml")
        return cls._wrap(_core.Scenario.from_toml(text), text)

    @classmethod
    def from_json(cls, source: PathOrText) -> Scenario:
        """Read a scenario from a JSON file path or JSON text."""
        return cls._wrap(_core.Scenario.from_json(_read_source(source, ".json")))

    @classmethod
    def preset(cls, name: str) -> Scenario:
        """The built-in scenario ``name`` (see :func:`presets`)."""
        if not isinstance(name, str):
            raise TypeError(f"preset name must be a str, got {type(name).__name__}")
        return cls._wrap(_core.Scenario.preset(name), _core.preset_toml(name))

    def to_dict(self) -> dict[str, Any]:
        """The scenario as a plain dict (a fresh copy each call)."""
        data: dict[str, Any] = json.loads(self._core.to_json())
        return data

    def to_json(self) -> str:
        """The scenario as JSON text."""
        return self._core.to_json()

    def to_toml(self) -> str:
        """The scenario as TOML text (reads back to an equal scenario), generated from its
        contents: comments and the order of the file it came from are not kept (see
        :attr:`source_toml`)."""
        return self._core.to_toml()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the scenario to ``path`` as TOML or JSON (by suffix), atomically."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix == ".toml":
            text = self.to_toml()
        elif suffix == ".json":
            text = self.to_json() + "\n"
        else:
            raise ValueError(f"path must end in .toml or .json, got {target.name!r}")
        write_text_atomic(target, text)
        return target

    def replace(
        self,
        changes: Mapping[str, Any] | None = None,
        *,
        new_parameters: Mapping[str, Any] | None = None,
    ) -> Scenario:
        """A new scenario with the fields at the given dotted paths changed.

        Parameters
        ----------
        changes : mapping of path to value
            Paths look like ``"fleet.nodes"``, ``"staffing.sre.headcount"``,
            ``"parameters.change_failure_rate"``, ``"strategies.repave.activities[2].hours"``
            or, by activity name, ``"strategies.repave.activities.rebuild nodes.hours"``.
            Values may be numbers, distributions (``rc.pert(1, 3, 8)``), distribution dicts
            or parameter names. A path must name something that exists: a field of the
            format (set or left at its default), an existing role, parameter, strategy or
            activity. A typo such as ``"parameters.change_failure_rat"`` is an error that
            lists what exists there, never a new, unused key.
            ``"correlations[0].rank"`` changes a rank correlation's target and
            ``"correlations"`` (a list of ``{"between": [a, b], "rank": r}``) replaces them
            all; a change that sets a correlated field or parameter to a number is an
            error (in a sweep, that grid point drops the input's correlations instead;
            docs/scenario-format.md).
        new_parameters : mapping of name to value, optional
            Parameters to add (before ``changes`` apply), for fields to name; a name that
            exists already is an error, and so is one that no field uses afterwards.

        Returns
        -------
        Scenario
            The changed scenario. A parameter left with no field using it (its last field
            was given a value of its own) is dropped, and so are the correlations naming it.

        Raises
        ------
        ScenarioError
            A path that names nothing, or a changed scenario that is not valid.
        """
        for what, mapping in (("changes", changes), ("new_parameters", new_parameters)):
            if mapping is not None and not isinstance(mapping, Mapping):
                raise TypeError(
                    f"{what} must be a mapping of path to value, got {type(mapping).__name__}"
                )
        return Scenario._wrap(
            self._core.replace(
                _encoded(new_parameters or {}, "parameters."), _encoded(changes or {})
            )
        )

    @property
    def source_toml(self) -> str | None:
        """The TOML text this scenario was read from, exactly as written (comments, such
        as the sources of its figures, included): a file's or text's given to
        :meth:`from_toml`, or a preset's file. ``None`` for a scenario built in code (a
        dict, JSON, or :meth:`replace`, whose result differs from any file). A report's
        ``scenario.toml`` is this text when there is one, else :meth:`to_toml`."""
        return self._source_toml

    @property
    def name(self) -> str | None:
        """The scenario's name, if it has one."""
        return self._core.name

    @property
    def description(self) -> str | None:
        """The scenario's one-line description, if it has one."""
        return self._core.description

    @property
    def strategies(self) -> list[str]:
        """Strategy names."""
        return self._core.strategies

    @property
    def baseline(self) -> str:
        """The baseline strategy's name."""
        return self._core.baseline

    @property
    def alternative(self) -> str:
        """The alternative strategy's name."""
        return self._core.alternative

    @property
    def currency(self) -> str:
        """The currency label."""
        return self._core.currency

    @property
    def horizon_years(self) -> int:
        """Years simulated."""
        return self._core.horizon_years

    def inputs(self) -> pl.DataFrame:
        """What each uncertain input implies, computed exactly from its distribution.

        Returns
        -------
        polars.DataFrame
            One row per uncertain input, in the order of the trial table's input columns:
            ``input`` (a parameter name or a field path), ``label``, ``kind``
            (``"parameter"`` or ``"field"``), ``family`` and ``parameters`` (as written,
            defaults left out), the exact ``mean`` and ``sd``, the exact quantiles ``p1``,
            ``p5``, ``p50``, ``p95``, ``p99``, and ``used_by``: the paths of the fields
            whose value it is (through parameter aliases too), joined by ``"; "``.
            Nothing is sampled: moments are the families' closed forms and quantiles
            their inverse CDFs.

        Examples
        --------
        >>> import repave_cost as rc
        >>> table = rc.Scenario.preset("fleet").inputs()
        >>> table.columns[:4]
        ['input', 'label', 'kind', 'family']
        """
        return pl.DataFrame(
            [
                pl.Series(name, values, dtype=pl.Utf8 if name in _TEXT_COLUMNS else pl.Float64)
                for name, values in self._core.inputs()
            ]
        )

    def input_warnings(self) -> list[tuple[str, str]]:
        """Inputs that are valid but look like mistakes, as ``(path, message)`` pairs.

        Three rules (``docs/fitting.md``, "Checking a scenario"): an input whose 99th
        percentile is over 100 times its median, a PERT whose mode sits on a bound, and an
        activity's event ``probability`` (its mean, when uncertain) above 0.5. The path is
        ``parameters.NAME`` for a parameter, else the field's path. A warning never stops a
        run; ``repave-cost check`` prints them.
        """
        return self._core.input_warnings()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Scenario):
            return NotImplemented
        return self._core.same_as(other._core)

    def __hash__(self) -> int:
        return hash(self._core.to_json())

    def __repr__(self) -> str:
        core = self._core
        head = f"name={core.name!r}, " if core.name else ""
        return (
            f"Scenario({head}strategies={core.strategies}, "
            f"baseline={core.baseline!r}, "
            f"alternative={core.alternative!r}, "
            f"horizon_years={core.horizon_years})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # A scenario read from TOML keeps its text (comments included) through pickling.
        if self._source_toml is not None:
            return (Scenario.from_toml, (self._source_toml,))
        return (Scenario.from_json, (self._core.to_json(),))


def _encoded(changes: Mapping[str, Any], section: str = "") -> list[tuple[str, str]]:
    """``(path, JSON text)`` pairs of a mapping of path (or name) to value; a value that
    JSON cannot hold is an error at its path, under ``section`` (``"parameters."`` for new
    parameters, which are given by name)."""
    out = []
    for path, value in changes.items():
        if not isinstance(path, str):
            raise TypeError(f"paths must be str, got {type(path).__name__} {shown(path)}")
        try:
            out.append((path, dumps(value)))
        except BadNumberError as err:
            where = err.at(section + path)
            raise ScenarioError(f"{where}: {err}", [(where, str(err))]) from None
        except ValueError as err:
            where = section + path
            raise ScenarioError(f"{where}: {err}", [(where, str(err))]) from None
    return out


def presets() -> dict[str, str]:
    """The built-in scenarios: name → one-line description."""
    return dict(_core.preset_list())


def scenario_file(scenario: Scenario) -> str:
    """The text of a report's ``scenario.toml``: the TOML the scenario was read from, as the
    user wrote it (:attr:`Scenario.source_toml`), or, for a scenario built in code, its
    generated TOML. Either reads back to an equal scenario."""
    source = scenario.source_toml
    return source if source is not None else scenario.to_toml()
