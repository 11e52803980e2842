"""The sweep's lean path: points that differ only in their roles' capacity (headcount,
hours per year, available share, overflow multiplier) share one cost pass's events and
loads, and every point's rows are computed from the columns a row needs. Each point's rows
must still equal a separate simulation of that point, bit for bit, and the FTE and
over-capacity rows must match their closed forms."""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import activity, role, scenario

STATS = ["count", "mean", "sd", "se", "p5", "p10", "p50", "p90", "p95", "min", "max"]


def bits(row: tuple[Any, ...]) -> list[bytes]:
    return [np.float64(v).tobytes() for v in row if v is not None]


def cells(row: tuple[Any, ...]) -> list[Any]:
    """A table row with every float as its bytes (so that -0.0 and 0.0 differ)."""
    return [np.float64(v).tobytes() if isinstance(v, float) else v for v in row]


CAPACITY_GRID = {
    "fleet.nodes": [80, 400],
    "staffing.sre.headcount": [1, 2.5, 6],
    "staffing.sre.available_share": [0.2, 0.9],
    "staffing.sre.overflow_multiplier": [1.0, 2.0],
}


@pytest.mark.parametrize("method", ["random", "lhs", "sobol"])
def test_capacity_variants_equal_separate_simulations_bit_for_bit(method: str) -> None:
    base = rc.Scenario.preset("fleet")
    # A short last chunk (sobol keeps a power of two: whole chunks).
    trials = 8192 if method == "sobol" else 4096 + 512
    sw = rc.sweep(base, CAPACITY_GRID, trials=trials, seed=21, method=method, threshold=5e4)
    t = sw.table
    outputs = ["savings", "savings_per_year", "repave.total", "immutable.total"]
    for point in itertools.product(*CAPACITY_GRID.values()):
        changes = dict(zip(CAPACITY_GRID, point))
        r = rc.simulate(base.replace(changes), trials=trials, seed=21, method=method)
        want = r.summary(5e4)
        here = t.filter(pl.all_horizontal(pl.col(k) == v for k, v in changes.items()))
        for output in outputs:
            got = here.filter(pl.col("output") == output).select(STATS).row(0)
            exp = want.filter(pl.col("output") == output).select(STATS).row(0)
            assert bits(got) == bits(exp), (changes, output)
        prob = here.filter(pl.col("output") == "savings")["prob_above"][0]
        assert prob == want.filter(pl.col("output") == "savings")["prob_above"][0]
        # Final-year FTE: the labour table's mean FTE in year 3 (its own pass, detail).
        labour = r.labour()
        for strategy in ("repave", "immutable"):
            fte = here.filter(pl.col("output") == f"{strategy}.fte.sre").row(0, named=True)
            year3 = labour.filter(
                (pl.col("strategy") == strategy) & (pl.col("role") == "sre") & (pl.col("year") == 3)
            )
            assert fte["mean"] == pytest.approx(year3["mean_fte"][0], rel=1e-12)


def test_a_point_alone_equals_the_same_point_among_its_capacity_variants() -> None:
    """A one-point sweep runs the point's own pass; among its variants the point shares a
    pass. Every row (FTE and over-capacity ones too) is the same bits."""
    base = rc.Scenario.preset("customer_repave")
    grid = {"staffing.sre.headcount": [1, 2, 3, 4, 5, 6, 7, 8]}
    many = rc.sweep(base, grid, trials=5000, seed=4, method="lhs").table
    for heads in (1, 5, 8):
        one = rc.sweep(base, {"staffing.sre.headcount": [heads]}, trials=5000, seed=4, method="lhs")
        rows = many.filter(pl.col("staffing.sre.headcount") == heads)
        assert rows.columns == one.table.columns
        assert rows.height == one.table.height
        for a, b in zip(rows.iter_rows(), one.table.iter_rows()):
            assert cells(a) == cells(b)


def random_load_scenario() -> dict[str, Any]:
    """One yearly activity of uniform(0, 2000) hours for role ``sre`` (hours per year
    1000, available share 1), horizon 2, no growth: the load is the same in both years."""
    return scenario(
        [activity("work", "yearly", hours={"dist": "uniform", "low": 0, "high": 2000}, role="sre")],
        [],
        staffing={"sre": role(rate=100, headcount=1, hours_per_year=1000, available_share=1.0)},
        horizon=2,
    )


def test_over_capacity_and_fte_rows_match_their_closed_forms() -> None:
    """With load L ~ U(0, 2000) in each year and capacity 1000·h: P(over in any year) =
    P(L > 1000·h) = max(0, 1 − h/2), and the final-year FTE is L / 1000 with mean 1 and
    sd 2000/√12/1000; tolerances are 5 standard errors."""
    n = 20_000
    heads = [0.5, 1.0, 1.5, 2.0, 2.5]
    t = rc.sweep(random_load_scenario(), {"staffing.sre.headcount": heads}, trials=n, seed=8).table
    fte = t.filter(pl.col("output") == "base.fte.sre").sort("staffing.sre.headcount")
    assert fte["staffing.sre.headcount"].to_list() == heads
    sd = 2000 / math.sqrt(12) / 1000
    for row in fte.iter_rows(named=True):
        p = max(0.0, 1.0 - row["staffing.sre.headcount"] / 2)
        se = math.sqrt(p * (1 - p) / n)
        assert abs(row["prob_over_capacity"] - p) <= 5 * se + 1e-12, row
        assert abs(row["mean"] - 1.0) <= 5 * sd / math.sqrt(n), row
        assert abs(row["p50"] - 1.0) <= 0.05, row
    # The FTE does not depend on the headcount: the same draws at every point.
    assert fte["mean"].n_unique() == 1 and fte["p95"].n_unique() == 1
