"""``repave-cost check`` and ``Scenario.input_warnings()``: validation without simulating,
the inputs table, warnings for inputs that look like mistakes, and the exit codes."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
import repave_cost as rc
from _helpers import activity, scenario
from repave_cost import cli
from scipy import stats

#: sigma at which a lognormal's p99 is exactly 100 times its median: e^(z99 sigma) = 100.
SIGMA_AT_100 = math.log(100) / stats.norm.ppf(0.99)

CLEAN = """
name = "clean"
[parameters]
rebuild_hours = { dist = "pert", low = 1, mode = 3, high = 8 }
[fleet]
nodes = 40
[staffing.sre]
rate = 120
headcount = 2
[[strategies.repave.activities]]
name = "rebuild"
driver = "per_node"
cycles_per_year = 12
hours = "rebuild_hours"
role = "sre"
[[strategies.repave.activities]]
name = "outage"
driver = "yearly"
probability = 0.2
cost = { dist = "lognormal_ci90", p5 = 2000, p95 = 60000 }
[strategies.immutable]
[comparison]
baseline = "repave"
alternative = "immutable"
"""

#: The clean scenario with one mistake of each kind.
SUSPECT = (
    CLEAN.replace('name = "clean"', 'name = "suspect"')
    .replace("mode = 3, high = 8", "mode = 8, high = 8")
    .replace("probability = 0.2", "probability = 0.7")
    .replace("p95 = 60000", "p95 = 6000000")
)


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_clean_file_is_valid_prints_every_input_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(write(tmp_path, CLEAN))]) == 0
    out = capsys.readouterr()
    lines = out.out.splitlines()
    assert lines[0] == "clean: valid; 2 uncertain inputs"
    assert "warning" not in out.out and out.err == ""
    rows = {line.split()[0]: line for line in lines[4:]}
    assert set(rows) == {"rebuild_hours", "strategies.repave.outage.cost"}
    # PERT(1, 3, 8): mean (1 + 4·3 + 8)/6 = 3.5, printed to four digits.
    assert " 3.5 " in rows["rebuild_hours"]
    assert "strategies.repave.activities[0].hours" in rows["rebuild_hours"]
    # Lognormal 90% interval 2K-60K: p99 = exp(mu + z99 sigma), printed grouped.
    mu = (math.log(2000) + math.log(60000)) / 2
    sigma = math.log(30) / (2 * stats.norm.ppf(0.95))
    p99 = math.exp(mu + stats.norm.ppf(0.99) * sigma)
    assert f"{p99:,.0f}" in rows["strategies.repave.outage.cost"]


def test_each_mistake_is_one_warning_with_its_path_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["check", str(write(tmp_path, SUSPECT))]) == 1
    out = capsys.readouterr()
    warnings = [line for line in out.out.splitlines() if line.startswith("warning: ")]
    assert [w.split(": ")[1] for w in warnings] == [
        "parameters.rebuild_hours",
        "strategies.repave.activities[1].cost",
        "strategies.repave.activities[1].probability",
    ]
    assert "upper bound" in warnings[0]
    assert "99th percentile" in warnings[1] and "factor of 3000" in warnings[1]
    assert "0.7" in warnings[2]
    assert out.err.strip() == "3 warnings"


def test_an_invalid_file_exits_2_naming_the_field(tmp_path: Path) -> None:
    bad = CLEAN.replace("probability = 0.2", "probability = 2")
    proc = subprocess.run(
        [sys.executable, "-m", "repave_cost.cli", "check", str(write(tmp_path, bad))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "strategies.repave.activities[1].probability" in proc.stderr
    assert proc.stdout == ""


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(tmp_path / "missing.toml")]) == 2
    assert "scenario file not found" in capsys.readouterr().err


def test_a_preset_and_a_json_file_can_be_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["check", "--preset", "fleet"])
    assert code in (0, 1)
    first = capsys.readouterr().out.splitlines()[0]
    n = rc.Scenario.preset("fleet").inputs().height
    assert first.endswith(f"valid; {n} uncertain inputs")
    path = tmp_path / "s.json"
    rc.Scenario.from_toml(CLEAN).save(path)
    assert cli.main(["check", str(path)]) == 0


def lognormal_hours(sigma: float) -> rc.Scenario:
    acts = [activity("x", "yearly", hours=rc.lognormal(0.0, sigma), role="sre")]
    return rc.Scenario(scenario(acts, []))


def test_the_tail_rule_turns_on_at_100_times_the_median() -> None:
    assert lognormal_hours(SIGMA_AT_100 * 0.99).input_warnings() == []
    (warning,) = lognormal_hours(SIGMA_AT_100 * 1.01).input_warnings()
    assert warning[0] == "strategies.base.activities[0].hours"


@pytest.mark.parametrize(("mode", "warned"), [(1, True), (1.001, False), (4, True)])
def test_the_pert_rule_flags_a_mode_on_either_bound_only(mode: float, warned: bool) -> None:
    acts = [activity("x", "yearly", hours="h", role="sre")]
    scn = rc.Scenario(scenario(acts, [], parameters={"h": rc.pert(1, mode, 4)}))
    assert [p for p, _ in scn.input_warnings()] == (["parameters.h"] if warned else [])


@pytest.mark.parametrize(
    ("probability", "warned"),
    [(0.5, False), (0.51, True), (rc.uniform(0.3, 0.69), False), (rc.uniform(0.4, 0.8), True)],
)
def test_the_probability_rule_uses_the_mean_above_one_half(
    probability: object, warned: bool
) -> None:
    acts = [activity("x", "yearly", probability=probability, cost=10)]
    scn = rc.Scenario(scenario(acts, []))
    paths = [p for p, _ in scn.input_warnings()]
    assert paths == (["strategies.base.activities[0].probability"] if warned else [])
