"""``rc.report``: every file, numbers in words that agree with the trials, files that read
back, and all-or-nothing writing (refusal, overwrite, interruption)."""

from __future__ import annotations

import importlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Callable

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import REPORT_CHARTS, report_files
from repave_cost import _core, charts
from repave_cost._format import percent

# ``repave_cost.report`` the attribute is the function; this is the module.
report_module = importlib.import_module("repave_cost.report")
folder_module = importlib.import_module("repave_cost._folder")


@pytest.fixture(scope="module")
def result() -> rc.Result:
    return rc.simulate("customer_repave", trials=2_000, seed=21)


def money(value: float) -> str:
    return str(_core.format_money(float(value), "USD"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(parent: Path, name: str) -> list[str]:
    """Hidden staging folders (``.NAME.*``) left beside a report."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


# ---------------------------------------------------------------- contents


def test_report_writes_every_file(tmp_path: Path, result: rc.Result) -> None:
    folder = rc.report(result, tmp_path / "r")
    assert folder == tmp_path / "r"
    assert {p.name for p in folder.iterdir()} == report_files()
    for name in report_files():
        assert (folder / name).stat().st_size > 0, name
    for chart in REPORT_CHARTS:
        assert (folder / f"{chart}.png").read_bytes()[:4] == b"\x89PNG"
        assert "<svg" in (folder / f"{chart}.svg").read_text(encoding="utf-8")[:500]
    assert leftovers(tmp_path, "r") == []


def test_report_formats_and_threshold(tmp_path: Path, result: rc.Result) -> None:
    folder = rc.report(result, tmp_path / "svg-only", formats=("svg",), threshold=300_000)
    assert {p.name for p in folder.iterdir()} == report_files(("svg",))
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert run["threshold"] == 300_000
    assert (run["seed"], run["trials"], run["method"]) == (21, 2_000, "random")
    assert run["precision"] is None
    assert run["command"] == (
        "repave-cost run scenario.toml --trials 2000 --seed 21 --method random "
        "--threshold=savings=300000"
    )
    assert "$300K" in (folder / "savings.svg").read_text(encoding="utf-8")
    summary = pl.read_csv(folder / "summary.csv")
    savings = result.trials["savings"].to_numpy()
    row = summary.filter(pl.col("output") == "savings").row(0, named=True)
    assert row["prob_above"] == pytest.approx(np.mean(savings > 300_000))
    md = (folder / "summary.md").read_text(encoding="utf-8")
    p_above = float(np.mean(savings > 300_000))
    assert 0.001 < p_above < 0.999  # the plain one-decimal form applies
    assert re.search(rf"more than \$300K in total: {re.escape(f'{p_above:.1%}')}", md)
    with pytest.raises(ValueError, match="gif"):
        rc.report(result, tmp_path / "gif", formats=("png", "gif"))
    assert not (tmp_path / "gif").exists()


def test_summary_numbers_agree_with_the_trials(tmp_path: Path, result: rc.Result) -> None:
    md = (rc.report(result, tmp_path / "r") / "summary.md").read_text(encoding="utf-8")
    years = rc.Scenario.preset("customer_repave").to_dict()["settings"]["horizon_years"]
    yearly = np.sort(result.trials["savings"].to_numpy()) / years
    n = yearly.size

    def quantile(q: float) -> float:  # linear interpolation between order statistics
        pos = q * (n - 1)
        lo = int(np.floor(pos))
        hi = min(lo + 1, n - 1)
        return float(yearly[lo] + (pos - lo) * (yearly[hi] - yearly[lo]))

    mean = float(sum(yearly.tolist()) / n)
    p_any = sum(1 for v in yearly.tolist() if v > 0) / n

    # the median leads, the 90% interval and the mean follow
    saves = re.search(r"saves (\S+) a year\*\* at the median", md)
    assert saves, md
    assert saves.group(1) == money(quantile(0.5))
    interval = re.search(r"90% interval (\S+) to (\S+) a year; mean (\S+)\)", md)
    assert interval, md
    assert interval.groups() == (money(quantile(0.05)), money(quantile(0.95)), money(mean))
    anything = re.search(r"Probability of saving anything: ([<>]?)([\d.]+)%", md)
    assert anything, md
    bound, shown = anything.group(1), float(anything.group(2))
    if bound == ">":  # some trials lose money, but fewer than 0.1%
        assert shown == 99.9 and 0.999 < p_any < 1.0
    elif bound == "<":
        assert shown == 0.1 and 0.0 < p_any < 0.001
    else:
        assert abs(shown - 100 * p_any) <= 0.05 + 1e-9
    # the totals over the horizon (present value, no discounting here)
    totals = np.sort(result.trials["savings"].to_numpy())
    total = re.search(r"total saving is (\S+) at the median .*; mean (\S+)\)\.", md)
    assert total, md
    mid = (totals[(n - 1) // 2] + totals[n // 2]) / 2  # n is even: the middle pair's mean
    assert total.groups() == (money(mid), money(float(totals.mean())))
    assert f"seed {result.seed}" in md and f"{result.n_trials:,} trials" in md


def test_summary_for_a_one_year_horizon(tmp_path: Path) -> None:
    result = rc.simulate("vendor_initiative", trials=2_000, seed=4)
    md = (rc.report(result, tmp_path / "v", formats=("svg",)) / "summary.md").read_text(
        encoding="utf-8"
    )
    savings = result.trials["savings"].to_numpy()
    assert f"saves {money(float(np.median(savings)))} a year** at the median" in md
    assert f"mean {money(float(savings.mean()))})" in md
    assert "Over 1 year " in md


def test_a_one_trial_report_is_written_without_a_rank_correlation(tmp_path: Path) -> None:
    # One trial: the savings do not vary, so no Spearman coefficient (it used to crash
    # formatting None).
    result = rc.simulate("fleet", trials=1, progress=False)
    assert (
        result.sensitivity("savings")["spearman"].null_count()
        == result.sensitivity("savings").height
    )
    folder = rc.report(result, tmp_path / "one", formats=("svg",))
    md = (folder / "summary.md").read_text(encoding="utf-8")
    assert "The input that matters most" in md
    assert "highest (Spearman" not in md
    assert {p.name for p in folder.iterdir()} == report_files(("svg",)) | {"manifest.json"}


FIXED_SCENARIO = {
    "settings": {"horizon_years": 1},
    "staffing": {"sre": {"rate": 100, "headcount": 1}},
    "strategies": {
        "a": {"activities": [{"name": "x", "driver": "once", "hours": 2, "role": "sre"}]},
        "b": {"activities": [{"name": "y", "driver": "once", "hours": 1, "role": "sre"}]},
    },
    "comparison": {"baseline": "a", "alternative": "b"},
}


def test_a_scenario_without_uncertain_inputs_is_reported_without_input_charts(
    tmp_path: Path,
) -> None:
    result = rc.simulate(FIXED_SCENARIO, trials=16, progress=False)
    with pytest.raises(rc.ScenarioError, match="no input is uncertain"):
        result.plot.tornado()
    folder = rc.report(result, tmp_path / "fixed", formats=("png", "svg"))
    names = {p.name for p in folder.iterdir()}
    left_out = {f"{c}.{f}" for c in ("tornado", "value_of_information") for f in ("png", "svg")}
    assert names == (report_files(("png", "svg")) - left_out) | {"manifest.json"}
    md = (folder / "summary.md").read_text(encoding="utf-8")
    assert "No input is uncertain, so there is no tornado or value-of-information chart" in md
    # The saving is one hour at $100, in every trial.
    assert pl.read_csv(folder / "summary.csv").filter(pl.col("output") == "savings")[
        "p50"
    ].to_list() == [100.0]
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert html.count("<svg") == len(REPORT_CHARTS) - 2


def test_formats_that_are_not_a_sequence_are_a_type_error(
    tmp_path: Path, result: rc.Result
) -> None:
    with pytest.raises(TypeError, match="formats must be chart formats"):
        rc.report(result, tmp_path / "r", formats=None)  # type: ignore[arg-type]
    assert not (tmp_path / "r").exists()


def test_tables_read_back(tmp_path: Path, result: rc.Result) -> None:
    folder = rc.report(result, tmp_path / "r")
    trials = pl.read_parquet(folder / "trials.parquet")
    assert trials.equals(result.trials)
    assert trials.schema == result.trials.schema
    assert rc.Scenario.from_toml(folder / "scenario.toml") == result.scenario
    assert rc.Scenario.from_toml(folder / "scenario.toml") == rc.Scenario.preset("customer_repave")
    breakdown = pl.read_csv(folder / "breakdown.csv")
    assert breakdown.height == result.breakdown().height
    # the breakdown's means add up to each strategy's mean total
    for strategy in ("repave", "immutable"):
        part = breakdown.filter(pl.col("strategy") == strategy)["mean"].sum()
        total = float(result.trials[f"{strategy}.total"].mean())  # type: ignore[arg-type]
        assert part == pytest.approx(total, rel=1e-9)
    sensitivity = pl.read_csv(folder / "sensitivity.csv")
    assert sensitivity["input"].to_list() == result.sensitivity("savings")["input"].to_list()
    labour = pl.read_csv(folder / "labour.csv")
    assert set(labour["role"].unique()) >= {"sre", "cab"}
    run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert run["scenario_hash"] == result.scenario_hash
    assert run["version"] == rc.__version__


# ---------------------------------------------------------------- all or nothing


def test_refuses_a_folder_that_is_not_a_report_with_or_without_overwrite(
    tmp_path: Path, result: rc.Result
) -> None:
    target = tmp_path / "r"
    target.mkdir()
    (target / "mine.txt").write_text("precious", encoding="utf-8")
    (target / "sub").mkdir()
    (target / "sub" / "deep.txt").write_text("also precious", encoding="utf-8")
    before = snapshot(target)
    for overwrite in (False, True):
        with pytest.raises(FileExistsError, match="not an earlier repave-cost report"):
            rc.report(result, target, overwrite=overwrite)
        assert snapshot(target) == before
        assert sorted(p.name for p in target.iterdir()) == ["mine.txt", "sub"]
    assert leftovers(tmp_path, "r") == []


@pytest.mark.parametrize(
    "manifest",
    [
        "not json",
        '{"library": "something-else", "files": []}',
        '{"library": "repave-cost", "files": ["../../etc/passwd"]}',
        '{"library": "repave-cost", "files": "summary.md"}',
        '["summary.md"]',
    ],
)
def test_refuses_an_invalid_manifest(tmp_path: Path, result: rc.Result, manifest: str) -> None:
    target = tmp_path / "r"
    target.mkdir()
    (target / "manifest.json").write_text(manifest, encoding="utf-8")
    (target / "summary.md").write_text("mine", encoding="utf-8")
    before = snapshot(target)
    with pytest.raises(FileExistsError, match="not a valid repave-cost manifest"):
        rc.report(result, target, overwrite=True)
    assert snapshot(target) == before


def test_refuses_a_file_in_the_way(tmp_path: Path, result: rc.Result) -> None:
    target = tmp_path / "r"
    target.write_text("a file", encoding="utf-8")
    with pytest.raises(FileExistsError):
        rc.report(result, target, overwrite=True)
    assert target.read_text(encoding="utf-8") == "a file"


def test_an_earlier_report_needs_overwrite(tmp_path: Path, result: rc.Result) -> None:
    target = rc.report(result, tmp_path / "r", formats=("svg",))
    before = snapshot(target)
    with pytest.raises(FileExistsError, match="earlier report.*overwrite"):
        rc.report(result, target)
    assert snapshot(target) == before


def test_overwrite_replaces_an_earlier_report_cleanly(tmp_path: Path, result: rc.Result) -> None:
    target = rc.report(result, tmp_path / "r", formats=("png", "svg"))
    assert {p.name for p in target.iterdir()} == report_files()
    other = rc.simulate("customer_repave", trials=500, seed=5)
    rc.report(other, target, formats=("svg",), overwrite=True)
    # the PNGs of the earlier report are gone, nothing else is left over
    assert {p.name for p in target.iterdir()} == report_files(("svg",))
    run = json.loads((target / "run.json").read_text(encoding="utf-8"))
    assert (run["seed"], run["trials"]) == (5, 500)
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["files"]) == report_files(("svg",)) - {"manifest.json"}
    assert manifest["library"] == "repave-cost" and manifest["version"] == rc.__version__
    assert leftovers(tmp_path, "r") == []


def test_overwrite_refuses_an_earlier_report_with_a_foreign_file(
    tmp_path: Path, result: rc.Result
) -> None:
    target = rc.report(result, tmp_path / "r", formats=("svg",))
    (target / "notes.txt").write_text("my notes on the report", encoding="utf-8")
    before = snapshot(target)
    with pytest.raises(FileExistsError, match=r"1 item\(s\) it did not write \(notes.txt\)"):
        rc.report(result, target, overwrite=True)
    assert snapshot(target) == before
    # a folder in place of a file the report wrote is foreign too
    (target / "notes.txt").unlink()
    (target / "summary.md").unlink()
    (target / "summary.md").mkdir()
    with pytest.raises(FileExistsError, match="summary.md"):
        rc.report(result, target, overwrite=True)


def test_a_report_may_be_missing_some_of_its_files(tmp_path: Path, result: rc.Result) -> None:
    target = rc.report(result, tmp_path / "r", formats=("svg",))
    (target / "savings.svg").unlink()  # the user deleted one file of the earlier report
    rc.report(result, target, formats=("svg",), overwrite=True)
    assert {p.name for p in target.iterdir()} == report_files(("svg",))


def test_the_current_folder(
    tmp_path: Path, result: rc.Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``out_dir="."``: written into when empty, replaced when it holds an earlier report,
    refused with a clear message when it holds anything else."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    rc.report(result, ".", formats=("svg",))
    assert {p.name for p in here.iterdir()} == report_files(("svg",))
    rc.report(result, ".", formats=("png",), overwrite=True)
    assert {p.name for p in here.iterdir()} == report_files(("png",))
    (here / "mine.txt").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError, match=re.escape(f"{here} holds an earlier report")):
        rc.report(result, ".", overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
def test_files_and_folders_honour_the_umask(tmp_path: Path, result: rc.Result, umask: int) -> None:
    old = os.umask(umask)
    try:
        target = rc.report(result, tmp_path / "parent" / "r")
        rc.report(result, target, formats=("svg",), overwrite=True)  # moved into a folder
        fresh = rc.report(result, tmp_path / "empty")
    finally:
        os.umask(old)
    for folder in (target.parent, target, fresh):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask, folder
    for path in [*target.iterdir(), *fresh.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


def test_check_destination_writes_nothing(tmp_path: Path) -> None:
    assert report_module.check_destination(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(FileExistsError, match="is a file, not a folder"):
        report_module.check_destination(tmp_path / "file" / "r")
    with pytest.raises(FileExistsError, match="not a folder"):
        report_module.check_destination(tmp_path / "file")


def test_creates_missing_parents(tmp_path: Path, result: rc.Result) -> None:
    target = tmp_path / "a" / "b" / "r"
    rc.report(result, target, formats=("svg",))
    assert (target / "summary.md").is_file()


def interrupting_save(allowed: int, saved: list[Path]) -> Callable[[charts.Chart, Path], Path]:
    """A ``Chart.save`` that lets ``allowed`` saves through, then raises KeyboardInterrupt."""
    real = charts.Chart.save

    def save(chart: charts.Chart, path: Path) -> Path:
        if len(saved) >= allowed:
            raise KeyboardInterrupt
        saved.append(Path(path))
        return real(chart, path)

    return save


def test_interrupted_report_leaves_nothing(
    tmp_path: Path, result: rc.Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved: list[Path] = []
    monkeypatch.setattr(charts.Chart, "save", interrupting_save(3, saved))
    target = tmp_path / "r"
    with pytest.raises(KeyboardInterrupt):
        rc.report(result, target)
    assert len(saved) == 3  # files had been written before the interruption
    assert all(not p.exists() for p in saved)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_interrupted_overwrite_keeps_the_old_report(
    tmp_path: Path, result: rc.Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r"
    rc.report(result, target, formats=("svg",))
    before = snapshot(target)
    monkeypatch.setattr(charts.Chart, "save", interrupting_save(4, []))
    with pytest.raises(KeyboardInterrupt):
        rc.report(result, target, overwrite=True)
    assert snapshot(target) == before
    assert leftovers(tmp_path, "r") == []


def test_interruption_after_the_charts_leaves_nothing(
    tmp_path: Path, result: rc.Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while the tables are written, after every chart."""
    written: list[str] = []
    real = pl.DataFrame.write_parquet

    def write_parquet(self: pl.DataFrame, file: Path, *args: object, **kw: object) -> None:
        written.extend(p.name for p in Path(file).parent.iterdir())
        raise KeyboardInterrupt

    monkeypatch.setattr(pl.DataFrame, "write_parquet", write_parquet)
    with pytest.raises(KeyboardInterrupt):
        rc.report(result, tmp_path / "r")
    assert {"savings.png", "cumulative.svg", "summary.md"} <= set(written)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(pl.DataFrame, "write_parquet", real)


@pytest.mark.parametrize("fail_at", [2, 4, 6])
def test_failure_while_moving_files_in_keeps_the_earlier_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    """The earlier report survives when a rename fails part-way through the swap: the old
    manifest, a.txt and b.txt move out (renames 1-3), then b.txt, c.txt and the new
    manifest move in (4-6); fail after one old file is out (2), before any new file is in
    (4), or at the new manifest, the last (6)."""
    target = tmp_path / "r"

    def fill_with(names: list[str]) -> Callable[[Path], None]:
        def fill(folder: Path) -> None:
            for name in names:
                (folder / name).write_text(f"new {name}", encoding="utf-8")

        return fill

    folder_module.write_folder(target, fill_with(["a.txt", "b.txt"]))
    before = snapshot(target)
    real_replace = folder_module.os.replace
    calls: list[tuple[str, str]] = []

    def replace(src: Path, dst: Path) -> None:
        calls.append((Path(src).name, Path(dst).name))
        if len(calls) == fail_at:
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(folder_module.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        folder_module.write_folder(target, fill_with(["b.txt", "c.txt"]), overwrite=True)
    monkeypatch.setattr(folder_module.os, "replace", real_replace)
    assert len(calls) > fail_at  # the rollback ran
    assert snapshot(target) == before
    assert sorted(p.name for p in target.iterdir()) == ["a.txt", "b.txt", "manifest.json"]
    assert leftovers(tmp_path, "r") == []


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_a_failed_write_removes_the_folders_it_created_above_the_report(
    tmp_path: Path, error: BaseException
) -> None:
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "other.txt").write_text("x", encoding="utf-8")

    def fill(folder: Path) -> None:
        (folder / "half.txt").write_text("half", encoding="utf-8")
        raise error

    with pytest.raises(type(error)):
        folder_module.write_folder(tmp_path / "kept" / "a" / "b" / "report", fill)
    # The folders the write made (a, a/b) are gone; the one that was there stays as it was.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept"]
    assert sorted(p.name for p in (tmp_path / "kept").iterdir()) == ["other.txt"]


def test_trials_parquet_carries_the_provenance(tmp_path: Path, result: rc.Result) -> None:
    folder = rc.report(result, tmp_path / "r", formats=("svg",))
    meta = pl.read_parquet_metadata(folder / "trials.parquet")
    assert meta["repave-cost:version"] == rc.__version__
    assert meta["repave-cost:seed"] == "21"
    assert meta["repave-cost:trials"] == "2000"
    assert meta["repave-cost:method"] == "random"
    assert meta["repave-cost:scenario"] == result.scenario_hash
    assert rc.Scenario.from_toml(meta["repave-cost:scenario_toml"]) == result.scenario
    # the same hash the charts carry
    svg = (folder / "savings.svg").read_text(encoding="utf-8")
    assert f'rc:scenario="{result.scenario_hash}"' in svg


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (0.0, "0.0%"),
        (0.0004, "<0.1%"),
        (0.001, "0.1%"),
        (0.5, "50.0%"),
        (0.9951, "99.5%"),
        (0.9995, ">99.9%"),
        (1.0, "100.0%"),
    ],
)
def test_percentages_never_round_to_a_certainty(p: float, text: str) -> None:
    assert percent(p) == text


@pytest.mark.parametrize("flag", ["workbook", "page", "overwrite"])
@pytest.mark.parametrize("value", ["no", 0, None])
def test_a_yes_or_no_argument_must_be_a_bool(
    tmp_path: Path, result: rc.Result, flag: str, value: object
) -> None:
    # Read by truth value, workbook="no" wrote a workbook and overwrite=0 was a refusal
    # only by luck: anything but True or False is a TypeError naming the argument.
    with pytest.raises(TypeError, match=f"{flag} must be True or False, got"):
        rc.report(result, tmp_path / "r", formats=["svg"], **{flag: value})
    assert not (tmp_path / "r").exists()


def test_the_other_yes_or_no_arguments_must_be_bools_too(result: rc.Result) -> None:
    with pytest.raises(TypeError, match="footer must be True or False"):
        result.plot.savings(footer="no")
    with pytest.raises(TypeError, match="per_trial must be True or False"):
        result.attribution(per_trial=1)
    with pytest.raises(TypeError, match="keep_trials must be True or False"):
        rc.simulate_many(["fleet"], trials=10, keep_trials="yes")
    # numpy's bool is a bool.
    assert result.attribution(per_trial=np.bool_(False)).equals(result.attribution())


def test_a_folder_that_cannot_be_made_is_named_not_its_staging_folder(
    tmp_path: Path, result: rc.Result, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Inside /proc mkdir fails with "No such file or directory" although /proc exists: the
    # error named the hidden staging folder ("/proc/.x.615adfd7"). Here mkdir fails the
    # same way for the staging folder only.
    target = tmp_path / "r"
    real_mkdir = os.mkdir

    def failing_mkdir(path: object, mode: int = 0o777) -> None:
        if Path(str(path)).name.startswith(".r."):
            raise FileNotFoundError(2, "No such file or directory", str(path))
        real_mkdir(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "mkdir", failing_mkdir)
    with pytest.raises(FileNotFoundError) as err:
        rc.report(result, target, formats=["svg"])
    assert err.value.filename == str(target)
    assert f"cannot write {target}: No such file or directory" in str(err.value)
    assert "does not exist" not in str(err.value)  # its folder does
    assert list(tmp_path.iterdir()) == []


EURO_COST = """
[settings]
horizon_years = 1
currency = "EUR"
[[strategies.base.activities]]
name = "work"
driver = "yearly"
cost = { dist = "uniform", low = 10, high = 11 }
[strategies.alt]
[comparison]
baseline = "base"
alternative = "alt"
"""


def test_the_value_of_information_sentences_use_the_scenarios_currency(tmp_path: Path) -> None:
    # One strategy is cheapest in every trial: EVPI 0, which was written "$0" in any currency.
    s = rc.Scenario.from_toml(EURO_COST)
    folder = rc.report(rc.simulate(s, trials=1000, progress=False), tmp_path / "r", formats=["svg"])
    text = (folder / "summary.md").read_text()
    assert "(EVPI €0)" in text and "$" not in text


def test_no_input_is_named_worth_knowing_when_none_alone_is(tmp_path: Path) -> None:
    # Every EVPPI is 0 while the EVPI is not: the sentence named the table's first input
    # ("Knowing Attendance per node ... worth up to $0"), an arbitrary one.
    r = rc.simulate("customer_repave", trials=8192, seed=3, progress=False)
    table = r.value_of_information()
    assert table["value"][0] > 0 and (table["value"][1:] <= 0).all()
    text = (rc.report(r, tmp_path / "r", formats=["svg"]) / "summary.md").read_text()
    assert "No single input is worth knowing before deciding" in text
    assert "worth up to $0 (EVPPI" not in text


def test_one_trial_has_no_standard_error_in_words(tmp_path: Path) -> None:
    r = rc.simulate(rc.Scenario.from_toml(EURO_COST), trials=1, progress=False)
    assert r.summary().row(0, named=True)["se"] is None
    text = (rc.report(r, tmp_path / "r", formats=["svg"]) / "summary.md").read_text()
    assert "Standard error of the mean saving: none from one trial (1 trial)." in text


def test_a_correlation_that_ties_cap_is_said_to_miss_its_target(tmp_path: Path) -> None:
    # A two-valued input correlated 0.5 with a continuous one reaches about 0.40: the
    # report printed both numbers without a word.
    s = rc.Scenario.preset("customer_repave").replace(
        {"parameters.rate_cab": rc.discrete([100.0, 150.0])}
    )
    r = rc.simulate(s, trials=20_000, seed=1, progress=False)
    row = r.correlation().row(0, named=True)
    assert row["target"] - row["achieved"] > 0.05
    text = (rc.report(r, tmp_path / "tied", formats=["svg"]) / "summary.md").read_text()
    assert "rate_sre ~ rate_cab misses its target by more than sampling explains" in text
    # Continuous inputs meet it: no such words.
    plain = rc.simulate("customer_repave", trials=20_000, seed=1, progress=False)
    text = (rc.report(plain, tmp_path / "plain", formats=["svg"]) / "summary.md").read_text()
    assert "misses its target" not in text


def test_falls_short_allows_for_sampling_error() -> None:
    from repave_cost._report_correlations import falls_short

    assert not falls_short(0.5, 0.49, 20_000)  # within 0.02
    assert falls_short(0.5, 0.40, 20_000)  # 0.1 > 4 / 141
    assert not falls_short(0.5, 0.40, 1_000)  # 0.1 < 4 / 31.6: small runs wander
    assert not falls_short(0.5, -0.5, 2)
