"""The ``repave-cost`` command line, end to end in subprocesses: output files, exit codes,
one-line errors and Ctrl-C."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import polars as pl
import pytest
import repave_cost as rc
from _helpers import (
    REPORT_CHARTS,
    STOP_WITHIN,
    UNCANCELLED_FACTOR,
    interrupt_once_started,
    report_files,
    seconds_per_trial,
    trials_lasting,
)
from repave_cost import cli


def repave_cost(
    *args: str | Path, cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "repave_cost.cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        check=False,
    )


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr
    assert "Traceback" not in proc.stdout


def assert_one_error_line(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert_no_traceback(proc)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"expected one stderr line, got {lines}"
    assert lines[0].startswith("repave-cost: error: ")
    for word in words:
        assert word in lines[0]
    return lines[0]


# ---------------------------------------------------------------- presets and show


def test_presets_lists_four_names() -> None:
    proc = repave_cost("presets")
    assert proc.returncode == 0, proc.stderr
    names = [line.split()[0] for line in proc.stdout.splitlines() if line.strip()]
    assert sorted(names) == ["customer_repave", "fleet", "vendor_initiative", "vm_fleet"]
    assert proc.stderr == ""


def test_show_prints_toml_that_reads_back_to_the_preset(tmp_path: Path) -> None:
    proc = repave_cost("show", "fleet")
    assert proc.returncode == 0, proc.stderr
    assert 'name = "fleet"' in proc.stdout
    assert rc.Scenario.from_toml(proc.stdout) == rc.Scenario.preset("fleet")
    saved = tmp_path / "copy.toml"
    saved.write_text(proc.stdout, encoding="utf-8")
    assert rc.Scenario.from_toml(saved) == rc.Scenario.preset("fleet")
    assert rc.Scenario.from_toml(saved) != rc.Scenario.preset("customer_repave")


def test_show_unknown_preset_is_one_error_line() -> None:
    assert_one_error_line(repave_cost("show", "no_such_preset"), "no_such_preset")


@pytest.mark.parametrize(
    "extra",
    [
        ["run", "--trials", "64"],
        ["sweep", "--grid", "fleet.nodes=1,2", "--trials", "64"],
        ["break-even", "--path", "fleet.nodes", "--low", "1", "--high", "9", "--trials", "64"],
        ["check"],
    ],
)
def test_an_empty_preset_name_is_an_unknown_preset(extra: list[str]) -> None:
    # An empty name used to fall through to the scenario file argument (None).
    proc = repave_cost(extra[0], "--preset", "", *extra[1:])
    line = assert_one_error_line(proc, "preset")
    assert "PathLike" not in line and "NoneType" not in line


# ---------------------------------------------------------------- run


def test_run_preset_writes_every_report_file(tmp_path: Path) -> None:
    out = tmp_path / "report"
    proc = repave_cost("run", "--preset", "customer_repave", "--trials", "2000", "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    assert {p.name for p in out.iterdir()} == report_files()
    for name in report_files():
        assert (out / name).stat().st_size > 0, name
    assert (out / "savings.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert (run["trials"], run["seed"], run["method"]) == (2000, 0, "random")
    assert pl.read_parquet(out / "trials.parquet").height == 2000
    assert rc.Scenario.from_toml(out / "scenario.toml") == rc.Scenario.preset("customer_repave")
    # the summary on stdout names the comparison and the run
    assert "immutable vs repave" in proc.stdout
    assert "2,000 trials" in proc.stdout
    assert str(out) in proc.stdout
    # no staging folders left beside the report
    assert [p.name for p in tmp_path.iterdir()] == ["report"]


def test_run_without_out_writes_nothing(tmp_path: Path) -> None:
    proc = repave_cost("run", "--preset", "fleet", "--trials", "300", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "savings" in proc.stdout
    assert list(tmp_path.iterdir()) == []


def test_run_a_saved_scenario_file(tmp_path: Path) -> None:
    scenario = rc.Scenario.preset("customer_repave").replace(
        {"name": "smaller fleet", "fleet.nodes": 50}
    )
    path = scenario.save(tmp_path / "mine.toml")
    out = tmp_path / "out"
    proc = repave_cost(
        "run", path, "--trials", "1000", "--seed", "5", "--format", "svg", "--out", out
    )
    assert proc.returncode == 0, proc.stderr
    assert "smaller fleet" in proc.stdout
    names = {p.name for p in out.iterdir()}
    assert {f"{c}.svg" for c in REPORT_CHARTS} <= names
    assert not any(n.endswith(".png") for n in names)
    assert rc.Scenario.from_toml(out / "scenario.toml") == scenario
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["seed"] == 5


def test_run_a_json_scenario_file(tmp_path: Path) -> None:
    path = rc.Scenario.preset("vendor_initiative").save(tmp_path / "vendor.json")
    proc = repave_cost("run", path, "--trials", "500")
    assert proc.returncode == 0, proc.stderr
    assert "ask_why_first vs build_on_request" in proc.stdout


def test_run_with_lhs(tmp_path: Path) -> None:
    out = tmp_path / "lhs"
    proc = repave_cost(
        "run", "--preset", "fleet", "--trials", "1000", "--method", "lhs", "--out", out
    )
    assert proc.returncode == 0, proc.stderr
    assert "lhs" in proc.stdout.splitlines()[0]
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["method"] == "lhs"
    # the report equals an in-process run with the same arguments
    again = rc.simulate("fleet", trials=1000, seed=0, method="lhs")
    assert pl.read_parquet(out / "trials.parquet").equals(again.trials)


def test_run_repeats_exactly(tmp_path: Path) -> None:
    a = repave_cost("run", "--preset", "fleet", "--trials", "700", "--seed", "3")
    b = repave_cost("run", "--preset", "fleet", "--trials", "700", "--seed", "3")
    c = repave_cost("run", "--preset", "fleet", "--trials", "700", "--seed", "4")
    assert a.returncode == b.returncode == c.returncode == 0
    assert a.stdout == b.stdout
    assert a.stdout != c.stdout


def test_in_process_main_returns_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["presets"]) == 0
    assert "fleet" in capsys.readouterr().out
    assert cli.main(["run", str(tmp_path / "missing.toml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("repave-cost: error: ") and err.count("\n") == 1


# ---------------------------------------------------------------- sweep


def test_sweep_writes_lines_and_heatmap(tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    proc = repave_cost(
        "sweep",
        "--preset",
        "fleet",
        "--grid",
        "fleet.nodes=10,100",
        "--grid",
        "staffing.sre.headcount=1,2",
        "--trials",
        "500",
        "--out",
        out,
    )
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    names = {p.name for p in out.iterdir()}
    for chart in ("lines", "heatmap"):
        assert {f"{chart}.png", f"{chart}.svg"} <= names
    table = pl.read_parquet(out / "sweep.parquet")
    savings = table.filter(pl.col("output") == "savings")
    assert sorted(savings.select("fleet.nodes", "staffing.sre.headcount").rows()) == [
        (10, 1),
        (10, 2),
        (100, 1),
        (100, 2),
    ]
    assert rc.Scenario.from_toml(out / "scenario.toml") == rc.Scenario.preset("fleet")


def test_sweep_with_one_grid_variable_writes_lines_only(tmp_path: Path) -> None:
    out = tmp_path / "one"
    proc = repave_cost(
        "sweep", "--preset", "fleet", "--grid", "fleet.nodes=10,50,250", "--trials", "200",
        "--format", "png", "--out", out,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    names = {p.name for p in out.iterdir()}
    assert "lines.png" in names
    assert not any(n.startswith("heatmap") for n in names)


def test_sweep_bad_grid_path_is_one_error_line() -> None:
    proc = repave_cost("sweep", "--preset", "fleet", "--grid", "fleet.nodez=1,2", "--trials", "50")
    assert_one_error_line(proc, "fleet.nodez")


def test_sweep_malformed_grid_is_one_error_line() -> None:
    proc = repave_cost("sweep", "--preset", "fleet", "--grid", "fleet.nodes", "--trials", "50")
    assert_one_error_line(proc, "--grid")


def test_sweep_prints_fte_rows_as_fte_not_money(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--grid", "fleet.nodes=10,200", "--trials", "60", "--seed", "4", "--quiet"]
    assert cli.main(["sweep", "--preset", "fleet", *args, "--output", "repave.fte.sre"]) == 0
    printed = capsys.readouterr().out
    table = rc.sweep(
        rc.Scenario.preset("fleet"), {"fleet.nodes": [10, 200]}, trials=60, seed=4, progress=False
    ).output("repave.fte.sre")
    for p50 in table["p50"].to_list():
        assert f"{p50:.2f} FTE" in printed
    assert "$" not in printed


def test_sweep_unknown_output_is_one_error_line() -> None:
    proc = repave_cost(
        "sweep", "--preset", "fleet", "--grid", "fleet.nodes=10,20", "--trials", "50",
        "--output", "no_such_output",
    )  # fmt: skip
    assert_one_error_line(proc, "no_such_output")


def test_sweep_with_linked_paths_and_three_axes(tmp_path: Path) -> None:
    out = tmp_path / "linked"
    args = [
        "sweep", "--preset", "fleet",
        "--link", "fleet.nodes,fleet.services,fleet.clusters=10:2:1,100:20:2",
        "--grid", "staffing.sre.headcount=1,3",
        "--grid", "staffing.qa.headcount=1,2",
        "--trials", "200", "--seed", "4", "--format", "svg",
    ]  # fmt: skip
    # the charts show two axes: writing them needs the third held, checked before the run
    refused = repave_cost(*args, "--out", out)
    assert_one_error_line(refused, "--at", "staffing.qa.headcount")
    assert not out.exists()
    proc = repave_cost(*args, "--at", "staffing.qa.headcount=2", "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert {"lines.svg", "heatmap.svg"} <= {p.name for p in out.iterdir()}
    assert "At qa headcount = 2" in (out / "lines.svg").read_text(encoding="utf-8")
    table = pl.read_parquet(out / "sweep.parquet")
    want = rc.sweep(
        "fleet",
        {
            ("fleet.nodes", "fleet.services", "fleet.clusters"): [(10, 2, 1), (100, 20, 2)],
            "staffing.sre.headcount": [1, 3],
            "staffing.qa.headcount": [1, 2],
        },
        trials=200,
        seed=4,
        progress=False,
    ).table
    assert table.equals(want)
    # the printed table leads with the median, then the interval and the mean
    header = next(line for line in proc.stdout.splitlines() if "p50" in line)
    assert [c for c in ("p50", "p5", "p95", "mean") if c in header] == ["p50", "p5", "p95", "mean"]
    assert header.index("p50") < header.index("p5 ") < header.index("p95") < header.index("mean")


def test_sweep_charts_pick_their_axes_with_x_and_by(tmp_path: Path) -> None:
    args = [
        "sweep", "--preset", "fleet",
        "--link", "fleet.nodes,fleet.clusters=10:1,100:2",
        "--grid", "staffing.sre.headcount=1,3",
        "--grid", "staffing.qa.headcount=1,2",
        "--trials", "100", "--format", "svg",
    ]  # fmt: skip
    out = tmp_path / "picked"
    bad = repave_cost(*args, "--x", "fleet.nodez", "--at", "fleet.nodes=10", "--out", out)
    assert_one_error_line(bad, "--x", "fleet.nodez")
    # x and by name two axes, so the third (the linked fleet) needs holding
    missing = repave_cost(*args, "--x", "staffing.qa.headcount", "--by",
                          "staffing.sre.headcount", "--out", out)  # fmt: skip
    assert_one_error_line(missing, "--at", "fleet.nodes")
    assert not out.exists()
    proc = repave_cost(*args, "--x", "staffing.qa.headcount", "--by", "staffing.sre.headcount",
                       "--at", "fleet.clusters=2", "--out", out)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = (out / "lines.svg").read_text(encoding="utf-8")
    assert "At Nodes = 100, Clusters = 2" in lines
    assert "qa headcount" in lines and "sre headcount = 3" in lines
    assert (out / "heatmap.svg").is_file()


def test_sweep_ragged_link_is_one_error_line() -> None:
    proc = repave_cost(
        "sweep", "--preset", "fleet", "--link", "fleet.nodes,fleet.clusters=10:1,100",
        "--trials", "50",
    )  # fmt: skip
    assert_one_error_line(proc, "fleet.nodes, fleet.clusters", "1 for 2 paths")
    proc = repave_cost("sweep", "--preset", "fleet", "--link", "fleet.nodes=10,100")
    assert_one_error_line(proc, "--link")
    proc = repave_cost("sweep", "--preset", "fleet", "--grid", "fleet.nodes=1,2", "--at", "x")
    assert_one_error_line(proc, "--at")


def test_run_prints_the_median_first_and_the_tail_driver() -> None:
    proc = repave_cost("run", "--preset", "customer_repave", "--trials", "2000", "--seed", "2")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = next(line for line in lines if line.startswith("output"))
    assert header.split() == ["output", "median", "p5", "p95", "mean", "P(>$0)"]
    result = rc.simulate("customer_repave", trials=2000, seed=2, progress=False)
    row = result.summary().row(0, named=True)
    first = next(line for line in lines if line.startswith("savings "))
    money = [str(rc._core.format_money(row[k], "USD")) for k in ("p50", "p5", "p95", "mean")]
    assert first.split()[1:5] == money
    top = result.tail_drivers().row(0, named=True)["label"]
    tail = next(line for line in lines if line.startswith("The upper tail of savings"))
    assert top in tail and "**" not in tail


# ---------------------------------------------------------------- bad input


def test_bad_scenario_value_names_the_field_path(tmp_path: Path) -> None:
    text = rc.Scenario.preset("fleet").to_toml()
    lines = text.splitlines()
    in_fleet = False
    for i, line in enumerate(lines):
        if line.strip().startswith("["):
            in_fleet = line.strip() == "[fleet]"
        elif in_fleet and line.split("=")[0].strip() == "nodes":
            lines[i] = "nodes = -5"
            break
    else:
        pytest.fail("no fleet.nodes line in the preset's TOML")
    path = tmp_path / "bad.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = repave_cost("run", path, "--trials", "100", "--out", out)
    assert_one_error_line(proc, "fleet.nodes")
    assert not out.exists()


def test_bad_distribution_names_the_parameter(tmp_path: Path) -> None:
    data = rc.Scenario.preset("fleet").to_dict()
    data["parameters"]["rate_sre"] = {"dist": "pert", "low": 180, "mode": 95, "high": 65}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert_one_error_line(repave_cost("run", path, "--trials", "100"), "rate_sre")


def test_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('name = "x"\n\n[settings\nhorizon_years = 3\n', encoding="utf-8")
    line = assert_one_error_line(repave_cost("run", path, "--trials", "10"))
    assert "line 3" in line


def test_missing_scenario_file(tmp_path: Path) -> None:
    assert_one_error_line(repave_cost("run", tmp_path / "nope.toml"), "nope.toml")


def test_bad_trials_and_format_are_one_error_line(tmp_path: Path) -> None:
    assert_one_error_line(repave_cost("run", "--preset", "fleet", "--trials", "0"), "trials")
    out = tmp_path / "out"
    proc = repave_cost("run", "--preset", "fleet", "--format", "png,gif", "--out", out)
    assert_one_error_line(proc, "--format")
    assert not out.exists()


def test_argument_errors_exit_2_without_traceback() -> None:
    for args in (
        ("run", "--preset", "fleet", "--trials", "abc"),
        ("run", "--preset", "fleet", "--method", "halton"),
        ("frobnicate",),
        ("sweep", "--preset", "fleet"),
    ):
        proc = repave_cost(*args)
        assert proc.returncode == 2, args
        assert_no_traceback(proc)
        assert "error:" in proc.stderr.splitlines()[-1]


def _fill(folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me\n", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "data.bin").write_bytes(b"\x00\x01")
    return snapshot(folder)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("command", ["run", "sweep"])
@pytest.mark.parametrize("overwrite", [False, True])
def test_a_folder_that_is_not_a_report_is_refused_and_untouched(
    tmp_path: Path, command: str, overwrite: bool
) -> None:
    out = tmp_path / "taken"
    before = _fill(out)
    args = ["--preset", "fleet", "--trials", "100", "--out", str(out)]
    if command == "sweep":
        args += ["--grid", "fleet.nodes=10,20"]
    if overwrite:
        args.append("--overwrite")
    proc = repave_cost(command, *args)
    assert_one_error_line(proc, "taken", "not an earlier repave-cost report", "with or without")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_empty_existing_output_folder_is_used(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    proc = repave_cost("run", "--preset", "fleet", "--trials", "200", "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in out.iterdir()} == report_files()


def test_overwrite_replaces_an_earlier_report(tmp_path: Path) -> None:
    out = tmp_path / "taken"
    proc = repave_cost("run", "--preset", "fleet", "--trials", "200", "--out", out)
    assert proc.returncode == 0, proc.stderr
    again = repave_cost("run", "--preset", "fleet", "--trials", "200", "--out", out)
    assert_one_error_line(again, "earlier report", "--overwrite")
    proc = repave_cost(
        "run", "--preset", "fleet", "--trials", "200", "--seed", "9", "--out", out,
        "--overwrite", "--format", "svg",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in out.iterdir()} == report_files(("svg",))  # the PNGs are gone
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["seed"] == 9
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_out_dot_is_the_current_folder(tmp_path: Path) -> None:
    proc = repave_cost("run", "--preset", "fleet", "--trials", "200", "--out", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in tmp_path.iterdir()} == report_files()
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    proc = repave_cost(
        "run", "--preset", "fleet", "--trials", "200", "--out", ".", "--overwrite", cwd=tmp_path
    )
    line = assert_one_error_line(proc, f"--out .: {tmp_path} holds an earlier report", "notes.txt")
    assert "busy" not in line.lower()
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("command", ["run", "sweep"])
def test_the_destination_is_checked_before_the_run(
    tmp_path: Path,
    command: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def no_run(*args: object, **kw: object) -> None:
        raise AssertionError("simulated before checking --out")

    monkeypatch.setattr(cli, "simulate", no_run)
    monkeypatch.setattr(cli, "sweep", no_run)
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    _fill(tmp_path / "taken")
    extra = ["--grid", "fleet.nodes=10,20"] if command == "sweep" else []
    for out, why in (
        (tmp_path / "a-file" / "report", "is a file, not a folder"),
        (tmp_path / "a-file", "not a folder"),
        (tmp_path / "taken", "not an earlier"),
    ):
        code = cli.main([command, "--preset", "fleet", *extra, "--out", str(out), "--overwrite"])
        err = capsys.readouterr().err
        assert code == 2 and why in err and err.count("\n") == 1, err


def test_version_prints_the_version() -> None:
    proc = repave_cost("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"repave-cost {rc.__version__}"


# ---------------------------------------------------------------- Ctrl-C

# The console script is ``sys.exit(repave_cost.cli.main())``; this runs the same entry after
# announcing that the imports are done, so the signal lands in the run and not in the
# interpreter's start-up on a busy machine.
CTRL_C_SCRIPT = """
import sys
import time
from repave_cost.cli import main
print("ready", flush=True)
code = main(sys.argv[1:])
print(f"stopped {time.monotonic()!r}", flush=True)
sys.exit(code)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_exits_130_promptly_without_traceback() -> None:
    # A sweep sized from a measured sweep of the same kind so that, uncancelled, it would
    # take many times the delay before the signal plus the allowed stopping time. A sweep's
    # work grows with its points without holding their trials, so it stays long enough
    # however fast the machine (one run of that length could pass the trials' memory cap).
    delay = 1.0
    uncancelled = UNCANCELLED_FACTOR * (delay + STOP_WITHIN)
    trials = 20_000
    measured_points = 8

    def sweep_of(points: int) -> object:
        grid = {"fleet.nodes": [10 + i for i in range(points)]}
        return rc.sweep("fleet", grid, trials=trials, seed=0, method="lhs", progress=False)

    per_point = seconds_per_trial(lambda _: sweep_of(measured_points), 1) / measured_points
    points = trials_lasting(uncancelled, per_point)
    nodes = ",".join(str(10 + i) for i in range(points))
    run = interrupt_once_started(
        [
            sys.executable,
            "-c",
            CTRL_C_SCRIPT,
            "sweep",
            "--preset",
            "fleet",
            "--grid",
            f"fleet.nodes={nodes}",
            "--method",
            "lhs",
            "--trials",
            str(trials),
        ],  # fmt: skip
        ready="ready",
        delay=delay,
        timeout=3 * uncancelled,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert run.code == 130, run.err
    assert run.stopped_after is not None, run.out
    assert 0 <= run.stopped_after < STOP_WITHIN
    assert "Traceback" not in run.err
    assert run.err.strip().splitlines() == ["repave-cost: interrupted"]
    assert "savings" not in run.out  # no summary of a run that did not finish


def test_sweep_prints_the_probability_above_the_threshold_as_a_percentage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["--grid", "fleet.nodes=10,200", "--trials", "80", "--seed", "4", "--quiet"]
    assert cli.main(["sweep", "--preset", "fleet", *args, "--threshold", "100000"]) == 0
    printed = capsys.readouterr().out
    table = rc.sweep(
        rc.Scenario.preset("fleet"),
        {"fleet.nodes": [10, 200]},
        trials=80,
        seed=4,
        threshold=100_000.0,
        progress=False,
    ).output("savings")
    shares = table["prob_above"].to_list()
    assert any(0.0 < p < 1.0 for p in shares)  # not only the trivial 0% / 100%
    for p in shares:
        assert rc.format_probability(p) in printed
    # The raw fractions are not printed (e.g. "0.3625" for 36.3%).
    for p in shares:
        if 0.0 < p < 1.0:
            assert f"{p}" not in printed


def test_a_grid_path_given_twice_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    # The later --grid replaced the earlier one: one grid point, exit 0.
    argv = ["sweep", "--preset", "fleet", "--trials", "100", "--quiet"]
    grid = ["--grid", "fleet.nodes=10,20", "--grid", "fleet.nodes=30"]
    assert cli.main([*argv, *grid]) == 2
    assert capsys.readouterr().err == (
        "repave-cost: error: --grid fleet.nodes: the path is on the grid twice; give its "
        "values in one --grid\n"
    )


@pytest.mark.parametrize(
    ("chart", "said"),
    [
        ("x.pdf", "--chart must end in .png or .svg, got 'x.pdf'"),
        ("nodir/x.svg", "cannot write --chart: the folder"),
        ("folder.svg", "a folder, not a file name"),
    ],
)
def test_break_even_checks_its_chart_before_it_searches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], chart: str, said: str
) -> None:
    # The search ran and printed its table, then the chart failed to save.
    (tmp_path / "folder.svg").mkdir()
    argv = ["break-even", "--preset", "fleet", "--path", "parameters.repaves_per_year"]
    argv += ["--low", "0", "--high", "24", "--trials", "100", "--quiet"]
    assert cli.main([*argv, "--chart", str(tmp_path / chart)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert said in err and err.startswith("repave-cost: error: ")


def test_a_scenario_argument_that_is_empty_or_a_folder_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", ""]) == 2
    assert capsys.readouterr().err == "repave-cost: error: scenario file not found: ''\n"
    assert cli.main(["check", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"repave-cost: error: {tmp_path}: a folder, not a scenario file\n"
    )


def test_a_warning_is_one_line_whatever_the_filters(capsys: pytest.CaptureFixture[str]) -> None:
    # The test suite turns warnings into errors; the command shows them as one line.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        argv = ["run", "--preset", "fleet", "--trials", "1000", "--method", "sobol"]
        assert cli.main([*argv, "--quiet"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("repave-cost: warning: sobol is balanced at powers of two trials")
    assert len(err.splitlines()) == 1


def test_sweep_checks_its_output_before_it_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The whole sweep ran, then --output was found unknown.
    def no_sweep(*args: object, **kwargs: object) -> None:
        raise AssertionError("the sweep ran")

    monkeypatch.setattr(cli, "sweep", no_sweep)
    argv = ["sweep", "--preset", "fleet", "--trials", "100", "--quiet"]
    assert cli.main([*argv, "--grid", "fleet.nodes=10,20", "--output", "nope"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("repave-cost: error: --output: unknown output 'nope' (outputs: savings")
    assert "repave.fte.sre" in err
    assert rc._core.sweep_outputs(rc.Scenario.preset("fleet")._core)[:2] == [
        "savings",
        "savings_per_year",
    ]
