"""What a chart says of the run behind it, beyond seed, trials and method: the precision of
a precision-controlled run (whose trials a seed, a trial count and a method alone do not
give again), no seed for a fit, and the design and resamples of Sobol indices."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from test_charts import png_text, svg_provenance, svg_root

DEFAULT_MAX_TRIALS = rc.Precision().max_trials


def footer(svg: str) -> str:
    """The provenance line (the SVG's ``<desc>``, which is the footer's text)."""
    found = re.findall(r"<desc>(.*?)</desc>", svg)
    assert len(found) == 1
    return found[0]


def settings_text(p: rc.Precision) -> str:
    """The ``precision`` metadata field, built here from the documented format."""
    return (
        f"relative={p.relative} outputs={','.join(p.outputs)} "
        f"statistics={','.join(p.statistics)} confidence={p.confidence} "
        f"max_trials={p.max_trials}"
    )


@pytest.fixture(scope="module")
def precise() -> rc.Result:
    return rc.simulate("customer_repave", precision=0.02, method="sobol", seed=5)


@pytest.fixture(scope="module")
def custom() -> rc.Result:
    p = rc.Precision(0.02, statistics=["mean"], confidence=0.99, max_trials=200_000)
    return rc.simulate("customer_repave", precision=p, method="random", seed=5)


def charts_of(r: rc.Result) -> dict[str, rc.Chart]:
    return {
        "savings": r.plot.savings(),
        "tornado": r.plot.tornado(),
        "convergence": r.plot.convergence(),
        "value_of_information": r.plot.value_of_information(),
    }


def test_a_precision_runs_charts_carry_its_precision(precise: rc.Result) -> None:
    assert precise.precision is not None
    want = settings_text(precise.precision)
    for kind, chart in charts_of(precise).items():
        svg = chart.to_svg()
        prov = svg_provenance(svg_root(svg))
        assert prov["precision"] == want, kind
        assert prov["seed"] == "5" and prov["method"] == "sobol", kind
        assert prov["trials"] == str(precise.n_trials), kind
        line = footer(svg)
        assert f"{precise.n_trials:,} trials · sobol · precision ±2% · scenario" in line, kind
        assert png_text(chart.to_png())["repave-cost:precision"] == want, kind


def test_settings_that_are_not_the_default_are_printed(custom: rc.Result) -> None:
    assert custom.precision is not None
    want = settings_text(custom.precision)
    assert want.endswith("statistics=mean confidence=0.99 max_trials=200000")
    for kind, chart in charts_of(custom).items():
        svg = chart.to_svg()
        assert svg_provenance(svg_root(svg))["precision"] == want, kind
        assert "precision ±2% (mean of savings; 99% intervals; max 200,000 trials)" in footer(
            svg
        ), kind


def test_a_plain_run_names_no_precision() -> None:
    r = rc.simulate("customer_repave", trials=256, seed=5)
    for kind, chart in charts_of_plain(r).items():
        svg = chart.to_svg()
        assert "precision" not in svg_provenance(svg_root(svg)), kind
        assert "precision" not in footer(svg), kind


def charts_of_plain(r: rc.Result) -> dict[str, rc.Chart]:
    return {"savings": r.plot.savings(), "value_of_information": r.plot.value_of_information()}


def test_the_precision_survives_pickling(precise: rc.Result) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(precise))
    svg = again.plot.savings().to_svg()
    assert precise.precision is not None
    assert svg_provenance(svg_root(svg))["precision"] == settings_text(precise.precision)


def test_a_fit_chart_names_no_seed_and_counts_values() -> None:
    values = np.random.default_rng(3).lognormal(size=137)
    chart = rc.fit(values).plot(footer=True)
    svg = chart.to_svg()
    prov = svg_provenance(svg_root(svg))
    assert "seed" not in prov and "trials" not in prov and "scenario" not in prov
    assert prov["values"] == "137" and prov["method"] == "maximum likelihood"
    assert footer(svg) == f"repave-cost {rc.__version__} · maximum likelihood · 137 values"
    text = png_text(chart.to_png())
    assert "repave-cost:seed" not in text and text["repave-cost:values"] == "137"


def test_a_sobol_indices_chart_names_its_design_and_resamples() -> None:
    s = rc.sensitivity_indices("customer_repave", trials=64, seed=4, resamples=50)
    svg = s.plot().to_svg()
    prov = svg_provenance(svg_root(svg))
    assert "trials" not in prov
    assert (prov["seed"], prov["method"]) == ("4", "sobol")
    assert prov["base_points"] == str(s.base_points) == "64"
    assert prov["evaluations"] == str(s.evaluations)
    assert prov["resamples"] == "50"
    line = footer(svg)
    assert f"seed 4 · sobol · 64 base points · {s.evaluations:,} trials in all · 50 resamples" in (
        line
    )


def test_a_small_precision_is_not_printed_as_zero() -> None:
    p = rc.Precision(0.000001, statistics=["mean"], max_trials=4096)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = rc.simulate("customer_repave", precision=p, method="random", seed=1)
    messages = [str(w.message) for w in caught if issubclass(w.category, rc.PrecisionWarning)]
    assert messages and messages[0].startswith("precision ±0.0001% not reached"), messages
    assert "±0.0001% asked for" in (r.precision_reached or "")
    svg = r.plot.convergence().to_svg()
    assert "precision ±0.0001%" in footer(svg)
    texts = [" ".join("".join(t.itertext()).split()) for t in svg_root(svg).iter()]
    assert any("precision ±0.0001% not reached" in t for t in texts)


def test_trials_parquet_names_the_precision_as_the_charts_do(
    tmp_path: Path, precise: rc.Result
) -> None:
    assert precise.precision is not None
    folder = rc.report(precise, tmp_path / "precise", formats=("svg",))
    meta = pl.read_parquet_metadata(folder / "trials.parquet")
    assert meta["repave-cost:precision"] == settings_text(precise.precision)
    plain = rc.report(rc.simulate("customer_repave", trials=256), tmp_path / "plain", formats=())
    assert "repave-cost:precision" not in pl.read_parquet_metadata(plain / "trials.parquet")
