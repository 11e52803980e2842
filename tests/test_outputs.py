"""The output registry (``_core.outputs()``): the docs table is generated from it, and the
trial table, summaries, sweep rows, labels and charts follow what it declares.

Run ``python tests/test_outputs.py`` to rewrite the table in docs/model.md after changing a
declaration in ``src/model/outputs.rs``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import repave_cost as rc
from _helpers import activity, scenario
from repave_cost import _core

DOCS = Path(__file__).resolve().parent.parent / "docs" / "model.md"
BEGIN = "<!-- outputs table: generated from _core.outputs() by tests/test_outputs.py -->"
END = "<!-- end of the outputs table -->"


def outputs_table(defs: list[dict[str, Any]]) -> str:
    """The Markdown table of the declared outputs, one row each in declaration order."""
    rows = [
        "| output | per | kind | unit | label | tables | nullable | what it is |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for d in defs:
        cells = [
            f"`{d['name']}`",
            d["per"],
            d["kind"],
            d["unit"],
            d["label"],
            ", ".join(d["tables"]),
            "yes" if d["nullable"] else "no",
            d["description"],
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _docs_table(text: str) -> str:
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:end].strip()


def test_the_docs_table_is_the_registry() -> None:
    assert _docs_table(DOCS.read_text(encoding="utf-8")) == outputs_table(_core.outputs()), (
        "docs/model.md's outputs table is out of date: run python tests/test_outputs.py"
    )


def test_the_table_generator_sees_a_changed_declaration() -> None:
    defs = _core.outputs()
    defs[0] = {**defs[0], "kind": "hours"}
    assert outputs_table(defs) != _docs_table(DOCS.read_text(encoding="utf-8"))


def test_output_info_resolves_instance_names() -> None:
    info = _core.output_info("repave.total")
    assert info is not None
    assert (info["name"], info["per"], info["kind"]) == ("{strategy}.total", "strategy", "money")
    fte = _core.output_info("a.b.fte.sre")
    assert fte is not None and fte["name"] == "{strategy}.fte.{role}" and fte["kind"] == "fte"
    payback = _core.output_info("payback_year")
    assert payback is not None and payback["nullable"] and payback["kind"] == "year"
    assert _core.output_info("savings_per_month") is None
    assert _core.output_info(".total") is None
    assert _core.output_label("repave.fte.sre") == "repave sre FTE"
    assert _core.output_label("alt.one_time") == "alt one-time cost"


def _data() -> dict[str, Any]:
    return scenario(
        [activity("a", "yearly", hours=10, role="sre", cost="c")],
        [activity("b", "once", cost=50)],
        horizon=3,
        parameters={"c": {"dist": "uniform", "low": 0, "high": 100}},
    )


def test_trial_and_summary_columns_follow_the_declared_views() -> None:
    r = rc.simulate(rc.Scenario.from_dict(_data()), trials=200, seed=1, progress=False)
    defs = _core.outputs()
    # Built from the declarations by hand: strategies in name order (alt, base).
    strategies = ["alt", "base"]

    def named(view: str, per: str) -> list[str]:
        return [
            d["name"].replace("{strategy}", s)
            for s in (strategies if per == "strategy" else [""])
            for d in defs
            if d["per"] == per and view in d["tables"]
        ]

    trial_outputs = named("trials", "strategy") + named("trials", "run")
    assert r.trials.columns == ["c", *trial_outputs]
    assert trial_outputs == [
        "alt.total",
        "alt.one_time",
        "base.total",
        "base.one_time",
        "savings",
        "savings_per_year",
        "payback_year",
    ]
    assert r.outputs == named("summary", "run") + named("summary", "strategy")
    assert r.summary()["output"].to_list() == r.outputs
    # Nullable outputs are integer columns with nulls for "none", the others floats.
    for d in defs:
        if "trials" in d["tables"] and d["per"] == "run":
            dtype = r.trials[d["name"]].dtype
            assert dtype == (pl.Int64 if d["nullable"] else pl.Float64), d["name"]


def test_sweep_rows_follow_the_declared_view() -> None:
    sw = rc.sweep(rc.Scenario.from_dict(_data()), {"fleet.nodes": [1]}, trials=50, progress=False)
    rows = sw.table["output"].to_list()
    assert rows == ["savings", "savings_per_year", "alt.total", "base.total", "base.fte.sre"]
    over = sw.table.filter(pl.col("output") == "base.fte.sre")["prob_over_capacity"]
    assert over.null_count() == 0
    assert (
        sw.table.filter(pl.col("output") != "base.fte.sre")["prob_over_capacity"].null_count() == 4
    )


@pytest.mark.parametrize("kind", ["tornado", "exceedance"])
def test_a_chart_of_an_unknown_output_names_it(kind: str) -> None:
    r = rc.simulate(rc.Scenario.from_dict(_data()), trials=200, seed=1, progress=False)
    with pytest.raises(rc.ScenarioError, match=rf'unknown output "nope" for the {kind} chart'):
        if kind == "tornado":
            r.plot.tornado(output="nope").to_svg()
        else:
            r.plot.exceedance(outputs=["nope"]).to_svg()


def test_tables_write_each_statistic_as_its_declared_kind() -> None:
    from repave_cost._outputs import statistic_text

    assert statistic_text(1_500_000.0, "savings", "USD") == rc.format_money(1_500_000.0, "USD")
    assert statistic_text(2_000.0, "repave.total", "EUR") == rc.format_money(2_000.0, "EUR")
    assert statistic_text(0.854, "repave.fte.sre", "USD") == "0.85 FTE"
    assert statistic_text(2.0, "payback_year", "USD") == "year 2"
    assert statistic_text(None, "savings", "USD") == ""
    with pytest.raises(ValueError, match="'nope' is not a declared output"):
        statistic_text(1.0, "nope", "USD")


if __name__ == "__main__":
    text = DOCS.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOCS.write_text(
        text[:start] + "\n" + outputs_table(_core.outputs()) + "\n" + text[end:], encoding="utf-8"
    )
    print(f"rewrote the outputs table in {DOCS}", file=sys.stderr)


def test_a_strategys_year_cost_is_declared_without_a_column_of_its_own() -> None:
    info = _core.output_info("repave.year_cost.2")
    assert info is not None
    assert (info["name"], info["per"], info["kind"]) == (
        "{strategy}.year_cost.{year}",
        "strategy and year",
        "money",
    )
    assert info["tables"] == ["cumulative"]
    assert _core.output_label("repave.year_cost.2") == "repave cost in year 2"
    result = rc.simulate("fleet", trials=50, seed=1, progress=False)
    assert not any("year_cost" in c for c in result.trials.columns)
    assert not any("year_cost" in o for o in result.summary()["output"].to_list())
