"""The trial-table fingerprint of benches/trial_hashes.py sees every bit, every null and every
column name, and its comparison names what differs and fails on it."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from types import ModuleType

import polars as pl
import pytest
import repave_cost as rc

SCRIPT = Path(__file__).resolve().parent.parent / "benches" / "trial_hashes.py"


@pytest.fixture(scope="module")
def th() -> ModuleType:
    spec = importlib.util.spec_from_file_location("trial_hashes", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def frame(savings: list[float], payback: list[int | None]) -> pl.DataFrame:
    return pl.DataFrame(
        {"savings": savings, "payback_year": payback},
        schema={"savings": pl.Float64, "payback_year": pl.Int64},
    )


def test_one_ulp_a_null_a_signed_zero_and_a_name_all_change_the_hash(th: ModuleType) -> None:
    base = th.table_hash(frame([1.0, 0.0], [1, 0]))
    assert th.table_hash(frame([1.0, 0.0], [1, 0])) == base
    variants = [
        frame([math.nextafter(1.0, 2.0), 0.0], [1, 0]),  # one ulp
        frame([1.0, -0.0], [1, 0]),  # signed zero
        frame([1.0, 0.0], [1, None]),  # a null where a zero was
        frame([1.0, 0.0], [1, 0]).rename({"savings": "saving"}),  # a column name
        frame([1.0, 0.0], [1, 0]).select("payback_year", "savings"),  # column order
        frame([1.0, 0.0], [1, 0]).with_columns(pl.col("payback_year").cast(pl.Float64)),
    ]
    hashes = {th.table_hash(v)["sha256"] for v in variants}
    assert len(hashes) == len(variants) and base["sha256"] not in hashes


def test_compare_names_the_column_that_differs_and_exits_non_zero(
    th: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def save(name: str, table: pl.DataFrame) -> Path:
        tables = {"trials": th.table_hash(table)}
        record = {"scenario": "s", "method": "random", "trials": 2, "tables": tables}
        path = tmp_path / name
        path.write_text(json.dumps({"format": th.FORMAT, "seed": 0, "records": [record]}))
        return path

    before = save("a.json", frame([1.0, 2.0], [1, None]))
    same = save("b.json", frame([1.0, 2.0], [1, None]))
    after = save("c.json", frame([1.0, 2.0], [1, 3]))
    assert th.main(["--compare", str(before), str(same)]) == 0
    assert "IDENTICAL" in capsys.readouterr().out
    assert th.main(["--compare", str(before), str(after)]) == 1
    out = capsys.readouterr().out
    assert "1 column(s) differ: payback_year" in out and "DIFFERENT" in out


def test_presets_and_hash_scenarios_hash_the_same_twice_and_differ_by_seed(
    th: ModuleType,
) -> None:
    extra = [str(SCRIPT.parent / "hash_scenarios")]
    first = th.run(extra, [200], 0, ["random", "lhs"], detail=True, presets=True)
    again = th.run(extra, [200], 0, ["random", "lhs"], detail=True, presets=True)
    other = th.run(extra, [200], 1, ["random", "lhs"], detail=True, presets=True)
    assert first["records"] == again["records"]
    files = len(list((SCRIPT.parent / "hash_scenarios").glob("*.toml")))
    assert files >= 1 and len(first["records"]) == 2 * (len(rc.presets()) + files)
    for a, b in zip(first["records"], other["records"]):
        assert a["tables"]["trials"]["sha256"] != b["tables"]["trials"]["sha256"]
