"""``FitResult.plot()``: drawn in the core, PNG and SVG, naming the best fits."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest
import repave_cost as rc

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg.encode("utf-8"))
    return [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]


def test_the_chart_names_the_best_fits_in_order_with_their_aic() -> None:
    result = rc.fit(np.random.default_rng(5).gamma(2.0, 3.0, 400))
    shown = texts(result.plot(top=3, x_label="Build minutes").to_svg())
    legend = [t for t in shown if "(AIC " in t]
    best = result.table.head(3)
    assert legend == [f"{f} (AIC {a:.1f})" for f, a in zip(best["family"], best["aic"])]
    assert "Build minutes" in shown and "Data (400 values)" in shown
    assert result.plot().to_png()[1:4] == b"PNG"


def test_counts_are_drawn_too() -> None:
    result = rc.fit(np.random.default_rng(6).poisson(3.0, 200).astype(float))
    assert any(t.startswith("poisson (AIC") for t in texts(result.plot(top=6).to_svg()))


def test_bad_arguments_are_clear_errors() -> None:
    result = rc.fit([1.0, 2.0, 3.5, 4.0, 6.0, 7.5])
    with pytest.raises(rc.ScenarioError, match="top"):
        result.plot(top=0)
    with pytest.raises(TypeError):
        result.plot(x_label=3)  # type: ignore[arg-type]
    with pytest.raises(rc.ScenarioError, match="width"):
        result.plot(width=10).to_svg()
