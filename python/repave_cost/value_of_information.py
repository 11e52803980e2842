"""Value of information: what knowing an uncertain input (or a group of them) before
choosing a strategy is worth, from the trials of one run (see docs/model.md, "Value of
information"). The computation is in the core (``src/decision/value_of_information.rs``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import polars as pl

from . import _core
from ._tables import frame

if TYPE_CHECKING:
    from .simulation import Result

__all__ = ["groups_arg", "value_of_information", "value_of_information_sentences"]


def groups_arg(groups: Mapping[str, Sequence[str]] | None) -> list[tuple[str, list[str]]]:
    """``groups`` as the core takes them; ``TypeError`` for anything but a mapping of names
    to sequences of input names (the core checks the names)."""
    if groups is None:
        return []
    if not isinstance(groups, Mapping):
        raise TypeError(
            f"groups must be a mapping of names to input lists, got {type(groups).__name__}"
        )
    out = []
    for name, members in groups.items():
        if not isinstance(name, str):
            raise TypeError(f"groups: a group name must be a str, got {type(name).__name__}")
        if isinstance(members, (str, bytes)) or not isinstance(members, Sequence):
            raise TypeError(
                f"groups[{name!r}] must be a list of input names, got {type(members).__name__}"
            )
        if not all(isinstance(m, str) for m in members):
            bad = next(type(m).__name__ for m in members if not isinstance(m, str))
            raise TypeError(f"groups[{name!r}] must hold input names (str), got a {bad}")
        out.append((name, list(members)))
    return out


def value_of_information(
    result: Result, groups: Mapping[str, Sequence[str]] | None = None
) -> pl.DataFrame:
    """EVPI and EVPPI of ``result`` (see :meth:`Result.value_of_information`)."""
    _decision, columns = _core.value_of_information(result._core, groups_arg(groups))
    return frame(columns)


def value_of_information_sentences(result: Result, markdown: bool = True) -> list[str]:
    """The report's sentences on the value of information: the input most worth knowing
    before deciding (its EVPPI, with the EVPI beside it), and for each input the scenario
    says how much finding out costs (``[finding_out.INPUT]``), that value against the cost.
    Empty when knowing everything would change no choice (EVPI 0)."""
    from ._format import money

    table = value_of_information(result)
    cur = result.currency
    evpi = table.row(0, named=True)
    if evpi["value"] <= 0:
        return [
            "Knowing every input before deciding would change no choice: one strategy is "
            f"cheapest in every trial (EVPI {money(0.0, cur)})."
        ]
    bold = "**" if markdown else ""
    rows = {r["name"]: r for r in table.iter_rows(named=True)}
    top = table.row(1, named=True) if table.height > 1 else None
    out = []
    if top is not None and top["value"] <= 0:
        # No input alone is worth knowing (the table is sorted by value): naming the first
        # row would single out an arbitrary one.
        out.append(
            f"No single input is worth knowing before deciding (every EVPPI is "
            f"{money(0.0, cur)}); knowing every input, up to {money(evpi['value'], cur)} "
            "(EVPI): the inputs matter together."
        )
    elif top is not None:
        out.append(
            f"Knowing {bold}{top['label']}{bold} before deciding would be worth up to "
            f"{money(top['value'], cur)} (EVPPI, standard error {money(top['se'], cur)}); "
            f"knowing every input, up to {money(evpi['value'], cur)} (EVPI)."
        )
    finding = result.scenario.to_dict().get("finding_out", {})
    for key, entry in finding.items():
        row = rows.get(key)
        if row is None:
            continue
        how = f" ({entry['how']})" if entry.get("how") else ""
        verdict = (
            "worth finding out first"
            if row["value"] > entry["cost"]
            else "more than knowing it is worth"
        )
        out.append(
            f"Knowing {bold}{row['label']}{bold} before deciding would be worth up to "
            f"{money(row['value'], cur)}; finding out{how} costs {money(entry['cost'], cur)}: "
            f"{verdict}."
        )
    return out
