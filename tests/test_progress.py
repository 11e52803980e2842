"""Progress bars: only on a terminal unless asked for, one final line, never in logs."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
import repave_cost as rc
from repave_cost import _progress


class Terminal(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_auto_draws_nothing_when_stderr_is_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = io.StringIO()
    monkeypatch.setattr(sys, "stderr", log)
    assert _progress.callback(None, "simulate") is None
    assert _progress.callback("auto", "simulate") is None
    monkeypatch.setattr(sys, "stderr", Terminal())
    assert isinstance(_progress.callback("auto", "simulate"), _progress.ProgressBar)
    assert isinstance(_progress.callback(True, "simulate"), _progress.ProgressBar)
    assert _progress.callback(False, "simulate") is None
    assert log.getvalue() == ""


def test_a_simulation_writes_nothing_to_a_log(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no delay at all, so that the run's length cannot matter."""
    monkeypatch.setattr(_progress, "DELAY", 0.0)
    log = io.StringIO()
    monkeypatch.setattr(sys, "stderr", log)
    rc.simulate("fleet", trials=20_000, seed=1)
    rc.sweep("fleet", {"fleet.nodes": [10, 20]}, trials=2_000)
    assert log.getvalue() == ""
    # asked for, the bar is drawn wherever stderr goes
    rc.simulate("fleet", trials=20_000, seed=1, progress=True)
    assert "100%" in log.getvalue()


def test_the_bar_ends_with_one_final_line() -> None:
    out = Terminal()
    bar = _progress.ProgressBar("simulate", stream=out, delay=0.0)
    for done in (0, 250, 500, 1_000, 1_000, 1_000):
        bar(done, 1_000)
    text = out.getvalue()
    assert text.count("100%") == 1, text
    assert text.endswith("\n") and text.count("\n") == 1, text
    assert "simulate" in text


def test_a_short_run_draws_nothing() -> None:
    out = Terminal()
    bar = _progress.ProgressBar("simulate", stream=out, delay=3_600.0)
    for done in (0, 500, 1_000):
        bar(done, 1_000)
    assert out.getvalue() == ""


def test_the_cli_in_a_pipe_writes_no_progress() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "repave_cost.cli", "run", "--preset", "fleet", "--trials", "2000"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "\r" not in proc.stdout
