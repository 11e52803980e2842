"""``repave-cost fit DATA.csv --column NAME``: the table, the TOML line, scaling and the
errors for a bad file, column or cell."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import repave_cost as rc
from repave_cost import cli
from scipy import stats


def write_csv(tmp_path: Path, minutes: np.ndarray, extra: str = "") -> Path:
    path = tmp_path / "builds.csv"
    lines = ["build,minutes"] + [f"b{i},{float(m)!r}" for i, m in enumerate(minutes)]
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def test_prints_the_table_and_the_scaled_toml_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    minutes = np.random.default_rng(3).lognormal(3.5, 0.5, 300)
    path = write_csv(tmp_path, minutes)
    scale = 1 / 60
    code = cli.main(
        ["fit", str(path), "--column", "minutes", "--scale", repr(scale), "--name", "hours"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "300 values" in out
    line = next(x.strip() for x in out.splitlines() if x.strip().startswith("hours = "))
    # The pasted line is the lognormal MLE of the hours, as scipy fits it.
    s, _, scale_fit = stats.lognorm.fit(minutes * scale, floc=0)
    fitted = rc.fit(minutes * scale)
    assert fitted.best.family == "lognormal"
    assert line == fitted.toml_line("hours")
    spec = fitted.best.to_dict()
    assert spec["sigma"] == pytest.approx(s, rel=1e-9)
    assert math.exp(spec["mu"]) == pytest.approx(scale_fit, rel=1e-9)
    for family in ("lognormal", "gamma", "normal", "uniform"):
        assert family in out


def test_families_can_be_chosen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_csv(tmp_path, np.random.default_rng(4).gamma(2.0, 3.0, 100))
    assert cli.main(["fit", str(path), "--column", "minutes", "--families", "gamma,normal"]) == 0
    rows = [x.split()[0] for x in capsys.readouterr().out.splitlines() if x.strip()]
    assert "gamma" in rows and "normal" in rows and "lognormal" not in rows


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--column", "seconds"], "no column 'seconds' (columns: build, minutes)"),
        (["--column", "minutes", "--scale", "0"], "--scale"),
        (["--column", "minutes", "--families", "cauchy"], "unknown family"),
        # Given but empty names no family, as ",," does (it was read as "every family").
        (["--column", "minutes", "--families", ""], "name at least one family"),
        (["--column", "minutes", "--families", ",,"], "name at least one family"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    path = write_csv(tmp_path, np.arange(1.0, 11.0))
    assert cli.main(["fit", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert words in err
    assert err.startswith("repave-cost: error: ")


def test_an_empty_or_text_cell_is_named_by_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_csv(tmp_path, np.arange(1.0, 11.0), extra="b10,\nb11,slow\n")
    assert cli.main(["fit", str(path), "--column", "minutes"]) == 2
    err = capsys.readouterr().err
    assert "2 empty or non-numeric cells" in err and "row 12" in err


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["fit", str(tmp_path / "none.csv"), "--column", "m"]) == 2
    assert "data file not found" in capsys.readouterr().err
