"""Human labels (``[parameter_labels]``, an activity's ``label``) and the charts that use
them: the tornado of conditional means by decile, the breakdown, the sensitivity table and
the report; and the exceedance chart's readable range and threshold mark."""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import repave_cost as rc
from repave_cost import _core

SVG = "{http://www.w3.org/2000/svg}"


def scenario(sigma: float = 3.0) -> dict[str, Any]:
    """A small scenario whose repave cost has a lognormal incident cost of log-sd ``sigma``
    (3: a very heavy right tail), with labels on two parameters and an activity."""
    return {
        "name": "labelled",
        "fleet": {"nodes": 10},
        "staffing": {"sre": {"rate": 100, "headcount": 1}},
        "parameters": {
            "incident_cost": {"dist": "lognormal", "mu": 10.0, "sigma": sigma},
            "rebuild_hours": {"dist": "pert", "low": 1, "mode": 2, "high": 4},
        },
        "parameter_labels": {
            "incident_cost": "Cost of one incident",
            "rebuild_hours": "Rebuild time per node (h)",
        },
        "strategies": {
            "repave": {
                "activities": [
                    {
                        "name": "rebuild",
                        "label": "Rebuild every node",
                        "driver": "per_node",
                        "cycles_per_year": 12,
                        "hours": "rebuild_hours",
                        "role": "sre",
                    },
                    {"name": "incident", "driver": "yearly", "cost": "incident_cost"},
                ]
            },
            "immutable": {
                "activities": [
                    {
                        "name": "redeploy",
                        "label": "Redeploy every service",
                        "driver": "per_cycle",
                        "cycles_per_year": 12,
                        "hours": {"dist": "pert", "low": 0.5, "mode": 1, "high": 2},
                        "role": "sre",
                    }
                ]
            },
        },
        "comparison": {"baseline": "repave", "alternative": "immutable"},
    }


def money(value: float) -> str:
    return str(_core.format_money(float(value), "USD"))


def texts(chart: rc.Chart) -> list[str]:
    root = ET.fromstring(chart.to_svg().encode("utf-8"))
    return [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def result() -> rc.Result:
    return rc.simulate(scenario(), trials=4_000, seed=3)


# ---------------------------------------------------------------- the scenario format


def test_labels_round_trip_through_every_format() -> None:
    scn = rc.Scenario(scenario())
    assert scn.to_dict()["parameter_labels"] == scenario()["parameter_labels"]
    assert scn.to_dict()["strategies"]["repave"]["activities"][0]["label"] == ("Rebuild every node")
    assert rc.Scenario.from_toml(scn.to_toml()) == scn
    assert rc.Scenario.from_json(scn.to_json()) == scn
    assert 'rebuild_hours = "Rebuild time per node (h)"' in scn.to_toml()
    # a scenario without labels writes none, so its hash is what it was before labels
    plain = copy.deepcopy(scenario())
    del plain["parameter_labels"]
    for strategy in plain["strategies"].values():
        for activity in strategy["activities"]:
            activity.pop("label", None)
    text = rc.Scenario(plain).to_toml()
    assert "label =" not in text and "parameter_labels" not in text


@pytest.mark.parametrize(
    ("edit", "path", "words"),
    [
        (lambda s: s["parameter_labels"].update(nope="x"), "parameter_labels.nope", "no parameter"),
        (lambda s: s["parameter_labels"].update(rebuild_hours=""), "parameter_labels", "empty"),
        (lambda s: s["parameter_labels"].update(rebuild_hours="  "), "parameter_labels", "empty"),
        (lambda s: s["parameter_labels"].update(rebuild_hours="x" * 81), "parameter_labels", "80"),
        (
            lambda s: s["parameter_labels"].update(rebuild_hours="a\nb"),
            "parameter_labels",
            "one line",
        ),
        (lambda s: s["parameter_labels"].update(rebuild_hours=3), "parameter_labels", "string"),
        (lambda s: s.update(parameter_labels=["x"]), "parameter_labels", "table"),
        (
            lambda s: s["strategies"]["repave"]["activities"][0].update(label=""),
            "strategies.repave.activities[0].label",
            "empty",
        ),
        (
            lambda s: s["strategies"]["repave"]["activities"][0].update(label=7),
            "strategies.repave.activities[0].label",
            "string",
        ),
    ],
)
def test_bad_labels_name_their_path(edit: Any, path: str, words: str) -> None:
    data = scenario()
    edit(data)
    with pytest.raises(rc.ScenarioError, match=re.escape(path)) as err:
        rc.Scenario(data)
    assert words in str(err.value)


def test_a_label_of_80_characters_is_accepted() -> None:
    data = scenario()
    data["parameter_labels"]["rebuild_hours"] = "é" * 80
    rc.Scenario(data)


# ---------------------------------------------------------------- tables and charts


def test_sensitivity_names_inputs_by_their_labels(result: rc.Result) -> None:
    labels = dict(result.sensitivity("savings").select("input", "label").iter_rows())
    assert labels == {
        "incident_cost": "Cost of one incident",
        "rebuild_hours": "Rebuild time per node (h)",
        "strategies.immutable.redeploy.hours": "Redeploy every service (immutable): hours",
    }


def test_unlabelled_inputs_get_a_readable_name() -> None:
    data = scenario()
    del data["parameter_labels"]
    data["staffing"]["sre"]["rate"] = {"dist": "uniform", "low": 80, "high": 120}
    data["fleet"]["nodes"] = {"dist": "uniform", "low": 5, "high": 15}
    del data["strategies"]["immutable"]["activities"][0]["label"]
    table = rc.simulate(data, trials=500, seed=1).sensitivity("savings")
    labels = dict(table.select("input", "label").iter_rows())
    assert labels == {
        "incident_cost": "Incident cost",
        "rebuild_hours": "Rebuild hours",
        "staffing.sre.rate": "sre hourly rate",
        "fleet.nodes": "Nodes",
        "strategies.immutable.redeploy.hours": "Redeploy (immutable): hours",
    }


def test_tornado_is_named_for_its_method_with_labels_and_money(result: rc.Result) -> None:
    shown = texts(result.plot.tornado())
    assert "What drives the result: conditional means by decile" in shown
    assert not [t for t in shown if "one-at-a-time" in t or t.startswith("Baseline")]
    savings = result.trials["savings"].to_numpy()
    assert f"mean savings {money(float(np.mean(savings)))}" in shown
    for name, label in [
        ("incident_cost", "Cost of one incident"),
        ("rebuild_hours", "Rebuild time per node (h)"),
    ]:
        assert label in shown
        x = result.trials[name].to_numpy()
        lo, hi = np.quantile(x, [0.1, 0.9])
        # each bar ends at the mean saving over a decile, written as money
        assert money(float(np.mean(savings[x <= lo]))) in shown
        assert money(float(np.mean(savings[x >= hi]))) in shown
    # a long label wraps onto two lines rather than being cut
    assert "Redeploy every service (immutable): hours" in " ".join(shown)
    assert not [t for t in shown if "…" in t]
    assert "input in its lowest decile" in shown and "input in its highest decile" in shown


def test_breakdown_names_activities_by_their_labels(result: rc.Result) -> None:
    shown = " ".join(texts(result.plot.breakdown()))
    assert "Rebuild every node" in shown and "Redeploy every service" in shown
    assert "incident" in shown  # no label: the name


def test_report_summary_names_the_top_input_by_its_label(tmp_path: Path) -> None:
    result = rc.simulate(scenario(), trials=2_000, seed=1)
    top = result.sensitivity("savings").row(0, named=True)
    md = (rc.report(result, tmp_path / "r", formats=("svg",)) / "summary.md").read_text(
        encoding="utf-8"
    )
    assert f"**{top['label']}**" in md
    assert "decile" in md


# ---------------------------------------------------------------- the exceedance chart

BEYOND = re.compile(r"^(.*): (<?[\d.]+)% of trials beyond the range shown$")
TICK = re.compile(r"^(-?)\$([\d.]+)([KMB]?)$")


def tick_values(shown: list[str]) -> list[float]:
    scale = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9}
    out = []
    for t in shown:
        m = TICK.match(t)
        if m:
            out.append((-1 if m.group(1) else 1) * float(m.group(2)) * scale[m.group(3)])
    return out


def test_exceedance_of_a_heavy_tail_shows_the_bulk(result: rc.Result) -> None:
    """The x axis ends at the largest 99.5th percentile of the curves (the tail beyond it
    is far longer than half the central range), and the chart says which share of each
    curve's trials lies beyond: computed here with numpy from the trials."""
    curves = {
        "savings": result.trials["savings"].to_numpy(),
        "repave total cost": result.trials["repave.total"].to_numpy(),
        "immutable total cost": result.trials["immutable.total"].to_numpy(),
    }
    q_lo = min(float(np.quantile(v, 0.005)) for v in curves.values())
    q_hi = max(float(np.quantile(v, 0.995)) for v in curves.values())
    top = max(float(v.max()) for v in curves.values())
    assert top - q_hi > 10 * (q_hi - q_lo)  # the tail: heavy indeed
    shown = texts(result.plot.exceedance(outputs=["savings", "repave.total", "immutable.total"]))
    ticks = tick_values(shown)
    assert ticks and max(ticks) <= q_hi and max(ticks) > 0.5 * q_hi
    notes = {m.group(1): m.group(2) for t in shown if (m := BEYOND.match(t))}
    expected = {}
    for name, values in curves.items():
        share = float(np.mean(values > q_hi))  # nothing is cut on the left
        if share > 0:
            expected[name] = "<0.1" if share < 0.001 else f"{100 * share:.1f}"
    assert expected and notes == expected


def test_exceedance_of_a_light_tail_shows_everything() -> None:
    light = rc.simulate(scenario(sigma=0.1), trials=2_000, seed=3)
    shown = texts(light.plot.exceedance(outputs=["savings", "repave.total"]))
    assert not [t for t in shown if "beyond the range" in t]
    top = max(float(light.trials[c].max()) for c in ("savings", "repave.total"))  # type: ignore[arg-type]
    assert max(tick_values(shown)) <= top * 1.05


def test_exceedance_draws_savings_alone_by_default_and_the_outputs_asked_for(
    result: rc.Result,
) -> None:
    """Totals run to many times the savings: by default the chart keeps savings readable by
    drawing it alone; other outputs are drawn when named, and a wrong name is an error."""
    default = texts(result.plot.exceedance())
    assert "savings" in default and "repave total cost" not in default
    assert "Probability of exceeding each amount of savings" in default
    both = texts(result.plot.exceedance(outputs=["repave.total", "immutable.total"]))
    assert "repave total cost" in both and "immutable total cost" in both
    assert "savings" not in both
    with pytest.raises(rc.ScenarioError, match=r"unknown output \"savngs\".*savings_per_year"):
        result.plot.exceedance(outputs=["savngs"])
    with pytest.raises(rc.ScenarioError, match="at least one"):
        result.plot.exceedance(outputs=[])
    with pytest.raises(TypeError):
        result.plot.exceedance(outputs="savings")


def test_exceedance_marks_a_threshold(result: rc.Result) -> None:
    shown = texts(result.plot.exceedance(threshold=150_000))
    assert "threshold $150K" in shown
    savings = result.trials["savings"].to_numpy()
    p = float(np.mean(savings > 150_000))
    assert 0.01 < p < 0.99
    assert f"{100 * p:.0f}%" in shown  # the probability of exceeding it, beside the line
    plain = texts(result.plot.exceedance())
    assert not [t for t in plain if "threshold" in t]
    with pytest.raises(rc.ScenarioError, match="threshold"):
        result.plot.exceedance(threshold=float("nan"))


def test_report_marks_its_threshold_on_the_exceedance_chart(
    tmp_path: Path, result: rc.Result
) -> None:
    folder = rc.report(result, tmp_path / "r", formats=("svg",), threshold=200_000)
    assert "threshold $200K" in (folder / "exceedance.svg").read_text(encoding="utf-8")


# ---------------------------------------------------------------- one name everywhere


def test_an_input_has_one_name_in_charts_tables_and_sentences() -> None:
    """The sensitivity and tail tables' ``label``, the tornado, a sweep chart's axis title
    and the report's tail sentence all name an input the same way (the core's label)."""
    from repave_cost.report import tail_sentence

    spec = scenario()
    spec["staffing"]["sre"]["rate"] = {"dist": "uniform", "low": 80, "high": 120}
    scn = rc.Scenario.from_dict(spec)
    result = rc.simulate(scn, trials=4_000, seed=3)
    # (input key, the path a sweep sets, the label worked out from the rules by hand)
    cases = [
        ("incident_cost", "parameters.incident_cost", "Cost of one incident"),
        ("staffing.sre.rate", "staffing.sre.rate", "sre hourly rate"),
    ]
    sens = dict(zip(*result.sensitivity("savings").select("input", "label")))
    tail = dict(zip(*result.tail_drivers("savings").select("input", "label")))
    tornado = texts(result.plot.tornado())
    sweep = rc.sweep(scn, {path: [1, 2] for _, path, _ in cases}, trials=50, seed=1)
    for key, path, label in cases:
        assert sens[key] == tail[key] == label
        assert label in tornado
        chart = sweep.plot.lines(x=path, by=next(p for _, p, _ in cases if p != path))
        assert chart._source.data()["x_label"] == label
        assert label in texts(chart)
    # the heavy-tailed incident cost carries the tail: the sentence names it by its label
    assert "**Cost of one incident**" in tail_sentence(result)
