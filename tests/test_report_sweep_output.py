"""What a sweep shows: the lines chart says what its line and band are and marks the grid
points simulated; the command line's sweep table writes every column alike."""

from __future__ import annotations

import re

import pytest
import repave_cost as rc
from repave_cost import cli
from repave_cost._outputs import statistic_text

GRID = {"fleet.nodes": [10, 1000, 3000], "staffing.sre.headcount": [2, 4]}


@pytest.fixture(scope="module")
def sweep() -> rc.SweepResult:
    return rc.sweep("fleet", GRID, trials=300, seed=3, progress=False)


def test_the_lines_chart_says_what_it_draws(sweep: rc.SweepResult) -> None:
    chart = sweep.plot.lines(x="fleet.nodes", by="staffing.sre.headcount")
    assert chart._source is not None
    key = chart._source.data()["key"]
    assert "median" in key and "5th–95th percentile" in key and "grid points" in key
    svg = chart.to_svg()
    assert "Line: median" in svg
    # a dot per line and grid point, besides any break-even marker (three circles each)
    dots = svg.count("<circle")
    points = len(GRID["fleet.nodes"]) * len(GRID["staffing.sre.headcount"])
    assert dots >= points and (dots - points) % 3 == 0, dots


def run_sweep(capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    args = ["sweep", "--preset", "fleet", "--trials", "300", "--seed", "3", "--quiet"]
    grid = ["--grid", "fleet.nodes=10,1000,3000", "--grid", "staffing.sre.headcount=2,4"]
    assert cli.main([*args, *grid, *extra]) == 0
    return capsys.readouterr().out.splitlines()


def test_the_cli_sweep_table_writes_every_column_alike(
    capsys: pytest.CaptureFixture[str], sweep: rc.SweepResult
) -> None:
    header, rule, *rows = run_sweep(capsys)
    assert set(rule) == {"-"} and len(rule) == len(header)
    assert len(rows) == 6
    # one width for every line, no type row, no frame: every column is text, right-aligned
    assert {len(line) for line in rows} == {len(header)}
    assert not any(t in " ".join([header, *rows]) for t in ("i64", "f64", "str", "│", "┆"))
    names = header.split()
    assert names == ["fleet.nodes", "staffing.sre.headcount", "p50", "p5", "p95", "mean", "P(>$0)"]
    table = sweep.output("savings")
    for line, want in zip(rows, table.iter_rows(named=True)):
        cells = line.split()
        assert cells[0] == f"{want['fleet.nodes']:,}"
        assert cells[1] == str(want["staffing.sre.headcount"])
        assert cells[2] == statistic_text(want["p50"], "savings", "USD")
        assert cells[5] == statistic_text(want["mean"], "savings", "USD")
        assert cells[6] == rc.format_probability(want["prob_above"])
    # right-aligned: each header ends where its column's cells end
    ends = [m.end() for m in re.finditer(r"\S+", header)]
    for line in rows:
        for end in ends:
            assert line[end - 1] != " " and (end == len(line) or line[end] == " ")


def test_the_probability_column_is_only_for_the_threshold_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    header, _, *rows = run_sweep(capsys, "--output", "repave.fte.sre")
    assert header.split()[-1] == "mean" and "P(" not in header
    assert all(line.count("FTE") == 4 for line in rows)
