"""What a change to a scenario does: :func:`diff` lists the fields that differ between two
scenarios and, for every output, the paired difference of their results under common
random numbers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from . import _core
from . import _validate as v
from ._balance import warn_if_unbalanced
from ._errors import ScenarioError
from ._format import markdown_cell, percent
from ._json import dumps
from ._outputs import statistic_text
from ._progress import ProgressArg, callback
from ._tables import frame
from .scenario import Scenario
from .simulation import ScenarioLike, _scenario

__all__ = ["FieldChange", "ScenarioDiff", "diff", "field_changes"]


class _Missing:
    """The value of a field one scenario has and the other has not."""

    def __repr__(self) -> str:
        return "(none)"

    def __reduce__(self) -> str:
        # Pickled (or deep-copied) as the module's one instance, which is compared by
        # identity: a copy of its own would read as a value.
        return "MISSING"


#: A field absent from one side of a :class:`FieldChange`.
MISSING: Any = _Missing()


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its dotted path (the syntax of :meth:`Scenario.replace`),
    its value in the first scenario and in the second (``MISSING`` where absent)."""

    path: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.path}: {_shown(self.old)} → {_shown(self.new)}"


def _shown(value: Any) -> str:
    """A field value in one line: numbers and names as written in a file, tables as JSON."""
    if value is MISSING:
        return "(none)"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    return dumps(value)


def _named(items: list[Any]) -> dict[str, Any] | None:
    """A list of tables keyed by their unique ``name`` (activities), else ``None``."""
    if not all(isinstance(x, Mapping) and isinstance(x.get("name"), str) for x in items):
        return None
    names = [x["name"] for x in items]
    return dict(zip(names, items)) if len(set(names)) == len(names) else None


def _walk(path: str, old: Any, new: Any, out: list[FieldChange]) -> None:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        # A distribution whose family changes is one change, not a field-by-field list.
        if "dist" in old and "dist" in new and old["dist"] != new["dist"]:
            out.append(FieldChange(path, dict(old), dict(new)))
            return
        for key in list(old) + [k for k in new if k not in old]:
            sub = f"{path}.{key}" if path else str(key)
            _walk(sub, old.get(key, MISSING), new.get(key, MISSING), out)
        return
    if isinstance(old, list) and isinstance(new, list):
        a, b = _named(old), _named(new)
        if a is not None and b is not None:
            for name in list(a) + [n for n in b if n not in a]:
                _walk(f"{path}.{name}", a.get(name, MISSING), b.get(name, MISSING), out)
            return
    if old is MISSING or new is MISSING or type(old) is not type(new) or old != new:
        # 1 and 1.0 are the same number in a file.
        numbers = (int, float)
        same_number = (
            isinstance(old, numbers)
            and isinstance(new, numbers)
            and not isinstance(old, bool)
            and not isinstance(new, bool)
            and old == new
        )
        if not same_number:
            out.append(FieldChange(path, old, new))


def field_changes(a: Scenario, b: Scenario) -> list[FieldChange]:
    """The fields that differ between two scenarios, in the first one's order (fields only
    the second has come after the first's at the same level). Activities are matched by
    name (``strategies.repave.activities.rebuild nodes.hours``), so reordering them is no
    change; a distribution that changes family is one change of the whole table."""
    if not isinstance(a, Scenario) or not isinstance(b, Scenario):
        raise TypeError("field_changes compares two Scenario objects")
    out: list[FieldChange] = []
    _walk("", a.to_dict(), b.to_dict(), out)
    return out


class ScenarioDiff:
    """The outcome of :func:`diff`.

    Attributes
    ----------
    a, b : Scenario
        The two scenarios, in the order given: every difference is ``b − a``.
    fields : list of FieldChange
        The fields that differ (see :func:`field_changes`).
    effects : polars.DataFrame
        One row per output both results have (``savings``, ``savings_per_year``,
        ``NAME.total``, ``NAME.one_time``): ``output``, ``mean_a``, ``mean_b``,
        ``mean_delta`` (the mean of the per-trial difference ``b − a``), ``se_delta`` (its
        standard error), ``delta_p5``, ``delta_p50``, ``delta_p95`` (the 5th, 50th and 95th
        percentiles of the per-trial difference: ``delta_p5`` to ``delta_p95`` is its 90%
        interval), ``prob_delta_positive`` and ``prob_delta_negative`` (the shares of trials
        where ``b`` is above, below ``a``).
    n_trials, seed, method
        The runs' common settings.
    """

    def __init__(
        self,
        a: Scenario,
        b: Scenario,
        fields: list[FieldChange],
        effects: pl.DataFrame,
        n_trials: int,
        seed: int,
        method: str,
    ) -> None:
        self.a, self.b = a, b
        self.fields = fields
        self.effects = effects
        self.n_trials, self.seed, self.method = n_trials, seed, method

    @property
    def identical(self) -> bool:
        """Whether no field differs."""
        return not self.fields

    def _names(self) -> tuple[str, str]:
        return (self.a.name or "A", self.b.name or "B")

    def _settings(self) -> str:
        return f"{self.n_trials:,} trials, seed {self.seed}, {self.method}"

    def _effect_cells(self, row: Mapping[str, Any]) -> tuple[str, str, str, str, str]:
        cur = self.a.currency
        out = row["output"]

        def text(x: float) -> str:
            t = statistic_text(x, out, cur)
            return t if x < 0 or t.startswith("+") else "+" + t

        return (
            statistic_text(row["mean_a"], out, cur),
            statistic_text(row["mean_b"], out, cur),
            text(row["mean_delta"]),
            f"{text(row['delta_p5'])} to {text(row['delta_p95'])}",
            percent(row["prob_delta_positive"]),
        )

    def to_text(self) -> str:
        """The diff as plain text: the fields, then one line per output."""
        na, nb = self._names()
        lines = [f"Scenario diff: {na} → {nb}"]
        if self.fields:
            lines.append(f"{len(self.fields)} field(s) differ:")
            lines += [f"  {change}" for change in self.fields]
        else:
            lines.append("No field differs.")
        lines.append(
            f"Paired difference {nb} − {na} under common random numbers ({self._settings()}):"
        )
        for row in self.effects.iter_rows(named=True):
            mean_a, mean_b, delta, interval, prob = self._effect_cells(row)
            lines.append(
                f"  {row['output']}: {mean_a} → {mean_b}, mean Δ {delta} "
                f"(90% interval {interval}), P(Δ > 0) = {prob}"
            )
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The diff as Markdown for a pull-request comment: a list of the fields, then a
        table of the outputs."""
        na, nb = self._names()
        lines = [f"### Scenario diff: `{na}` → `{nb}`", ""]
        if self.fields:
            lines += [f"- `{c.path}`: `{_shown(c.old)}` → `{_shown(c.new)}`" for c in self.fields]
        else:
            lines.append("No field differs.")
        lines += [
            "",
            f"Paired difference {nb} − {na} under common random numbers ({self._settings()}):",
            "",
            f"| output | {markdown_cell(na)} mean | {markdown_cell(nb)} mean | mean Δ "
            "| 90% interval of Δ | P(Δ > 0) |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for row in self.effects.iter_rows(named=True):
            cells = " | ".join(self._effect_cells(row))
            lines.append(f"| `{row['output']}` | {cells} |")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain data: scenario names, run settings, the fields (``path``,
        ``old``, ``new``; ``None`` where absent) and the effects' rows."""

        def plain(x: Any) -> Any:
            return None if x is MISSING else x

        return {
            "a": self.a.name,
            "b": self.b.name,
            "trials": self.n_trials,
            "seed": self.seed,
            "method": self.method,
            "fields": [
                {"path": c.path, "old": plain(c.old), "new": plain(c.new)} for c in self.fields
            ],
            "effects": self.effects.to_dicts(),
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        na, nb = self._names()
        return f"<ScenarioDiff {na} → {nb}: {len(self.fields)} field(s), {self._settings()}>"


def _side(name: str, scenario: ScenarioLike) -> Scenario:
    """Argument ``name`` (``a`` or ``b``) as a scenario; a bad one is an error that says
    which (both sides' problems read alike otherwise), its problems kept."""
    try:
        return _scenario(scenario)
    except ScenarioError as err:
        problems = [(p["path"], f"{name}: {p['message']}") for p in err.errors()]
        raise ScenarioError(f"{name}: {err}", problems) from None


def diff(
    a: ScenarioLike,
    b: ScenarioLike,
    trials: int | None = None,
    seed: int = 0,
    method: str = "random",
    progress: ProgressArg = None,
) -> ScenarioDiff:
    """Compare two scenarios: the fields that differ, and what the change does to every
    output, trial by trial under common random numbers.

    Both scenarios are simulated with the same ``trials``, ``seed`` and ``method``. Every
    input the two share (same path or parameter name) and every activity's random events
    keep their draws (under ``sobol`` both runs number the random dimensions over the two
    scenarios together, as a sweep does, ``a``'s first: when their inputs or events differ,
    swapping ``a`` and ``b`` gives another estimate, not the exact negation it gives under
    ``random`` and ``lhs``), so the per-trial difference ``b − a`` holds the change's
    effect alone:
    identical scenarios give a difference of exactly 0 in every trial, and a change with a
    fixed effect (say one more one-time cost of 10,000) gives exactly that effect in every
    trial, up to the rounding of the sums it enters (docs/model.md, "Scenario diff").

    Parameters
    ----------
    a, b : Scenario, dict or str
        The scenarios before and after (dicts shaped like the file, or preset names).
    trials, seed, method, progress
        As for :func:`simulate` (10,000 trials by default).

    Returns
    -------
    ScenarioDiff
        ``.fields``, ``.effects``; ``.to_text()``, ``.to_markdown()``, ``.to_json()``.

    Raises
    ------
    ScenarioError
        A bad scenario or argument, or scenarios in different currencies (their money
        cannot be subtracted).
    """
    sa, sb = _side("a", a), _side("b", b)
    n = v.count("trials", 10_000 if trials is None else trials)
    if sa.currency != sb.currency:
        message = (
            f"the scenarios count in different currencies ({sa.currency} and "
            f"{sb.currency}); their costs cannot be subtracted"
        )
        raise _core.ScenarioError(f"settings.currency: {message}", [("settings.currency", message)])
    warn_if_unbalanced(v.method(method), n, "trials", stacklevel=2)
    ra, rb = _core.simulate_pair(
        sa._core, sb._core, n, v.seed(seed), v.method(method), callback(progress, "diff")
    )
    effects = frame(_core.paired_difference(ra, rb))
    return ScenarioDiff(sa, sb, field_changes(sa, sb), effects, n, ra.seed, ra.method)
