"""A report's ``scenario.toml`` is the file the user wrote, comments (the sources) included,
when the scenario came from a file; it is generated only for scenarios built in code."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import repave_cost as rc


@pytest.fixture
def commented(tmp_path: Path) -> Path:
    """A scenario file as a user writes one: comments (their sources) and blank lines."""
    generated = rc.Scenario.preset("fleet").to_toml()
    assert "\n[fleet]\n" in generated
    text = "# My team's fleet; figures from our incident review (OPS-112).\n\n" + (
        generated.replace("\n[fleet]\n", "\n[fleet]  # counted in March\n", 1)
    )
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_is_kept_as_written(commented: Path, tmp_path: Path) -> None:
    scenario = rc.Scenario.from_toml(commented)
    text = commented.read_text(encoding="utf-8")
    assert scenario.source_toml == text
    assert scenario.to_toml() != text  # so the test can tell the two apart
    folder = rc.report(rc.simulate(scenario, trials=300), tmp_path / "r", formats=["svg"])
    assert (folder / "scenario.toml").read_text(encoding="utf-8") == text
    assert "OPS-112" in (folder / "scenario.toml").read_text(encoding="utf-8")


def test_toml_text_is_kept_too(commented: Path) -> None:
    text = commented.read_text(encoding="utf-8")
    assert rc.Scenario.from_toml(text).source_toml == text


def test_a_preset_keeps_its_file_with_its_sources(tmp_path: Path) -> None:
    result = rc.simulate("customer_repave", trials=300)
    folder = rc.report(result, tmp_path / "r", formats=["svg"])
    written = (folder / "scenario.toml").read_text(encoding="utf-8")
    assert written == rc._core.preset_toml("customer_repave")
    assert "#" in written
    assert rc.Scenario.from_toml(written) == result.scenario


@pytest.mark.parametrize(
    "built",
    [
        lambda: rc.Scenario(rc.Scenario.preset("fleet").to_dict()),
        lambda: rc.Scenario.from_json(rc.Scenario.preset("fleet").to_json()),
        lambda: rc.Scenario.preset("fleet").replace({"fleet.nodes": 77}),
    ],
    ids=["dict", "json", "replace"],
)
def test_a_scenario_built_in_code_is_generated(built: object, tmp_path: Path) -> None:
    scenario = built()  # type: ignore[operator]
    assert scenario.source_toml is None
    folder = rc.report(rc.simulate(scenario, trials=300), tmp_path / "r", formats=["svg"])
    assert (folder / "scenario.toml").read_text(encoding="utf-8") == scenario.to_toml()


def test_replace_on_a_file_forgets_the_file(commented: Path) -> None:
    changed = rc.Scenario.from_toml(commented).replace({"fleet.nodes": 77})
    assert changed.source_toml is None


def test_a_sweep_report_keeps_the_file(commented: Path, tmp_path: Path) -> None:
    scenario = rc.Scenario.from_toml(commented)
    sweep = rc.sweep(scenario, {"fleet.nodes": [10, 20]}, trials=200)
    folder = sweep.write(tmp_path / "s", formats=["svg"])
    assert (folder / "scenario.toml").read_text(encoding="utf-8") == commented.read_text(
        encoding="utf-8"
    )


def test_pickling_keeps_the_file(commented: Path) -> None:
    scenario = rc.Scenario.from_toml(commented)
    back = pickle.loads(pickle.dumps(scenario))
    assert back == scenario and back.source_toml == scenario.source_toml


def test_the_cli_report_keeps_the_file(commented: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "repave_cost.cli",
            "run",
            str(commented),
            "--trials",
            "300",
            "--format",
            "svg",
            "--out",
            str(out),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "scenario.toml").read_text(encoding="utf-8") == commented.read_text(
        encoding="utf-8"
    )
