"""Fingerprints of simulated trial tables, to show that a change leaves every number as it was.

For each scenario (every built-in preset by default, or the TOML files given) and each method
(every name of ``rc.methods()``) and each trial count, simulate at the given seed and print one line
with the SHA-256 of ``result.trials``; with ``--detail`` also of ``result.breakdown()`` and
``result.labour()``. A table's hash covers its row count and, column by column in order, the
column's name, its type, which rows are null, and the raw little-endian bytes of its values
(float64 and int64 as stored, so ``-0.0``, NaN payloads and the last bit all count).

    python benches/trial_hashes.py                             # every preset, 20,000 trials
    python benches/trial_hashes.py my.toml --trials 500,20000 --seed 7 --detail --json new.json
    python benches/trial_hashes.py --presets benches/hash_scenarios --trials 500,20000 --detail
    python benches/trial_hashes.py --compare old.json new.json # exit 1 on any difference

To compare two builds, run the script under each build's own environment (the package it
imports is whichever is installed there) and compare the two JSON files; see "Checking that
numbers do not change" in docs/development.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import repave_cost as rc

METHODS = tuple(rc.methods())
FORMAT = "repave-cost trial hashes 1"


def _series_bytes(series: pl.Series) -> bytes:
    """The values of one column as bytes: fixed-width little-endian numbers, or for text each
    value's UTF-8 bytes behind its 8-byte length. Null rows hold zero (their mask is hashed
    separately)."""
    dtype = series.dtype
    if dtype.is_float():
        values = series.cast(pl.Float64).fill_null(0.0).to_numpy()
        return np.ascontiguousarray(values, dtype="<f8").tobytes()
    if dtype.is_integer():
        kind = "<u8" if dtype.is_unsigned_integer() else "<i8"
        values = series.cast(pl.UInt64 if kind == "<u8" else pl.Int64).fill_null(0).to_numpy()
        return np.ascontiguousarray(values, dtype=kind).tobytes()
    if dtype == pl.Boolean:
        values = series.fill_null(False).to_numpy()
        return np.ascontiguousarray(values, dtype="u1").tobytes()
    out = bytearray()
    for value in series.cast(pl.String).fill_null("").to_list():
        encoded = str(value).encode("utf-8")
        out += len(encoded).to_bytes(8, "little") + encoded
    return bytes(out)


def column_hash(series: pl.Series) -> str:
    """SHA-256 of one column: its name, its type, its null mask (one byte a row) and values."""
    digest = hashlib.sha256()
    for text in (series.name, str(series.dtype)):
        encoded = text.encode("utf-8")
        digest.update(len(encoded).to_bytes(8, "little") + encoded)
    digest.update(series.is_null().to_numpy().astype("u1").tobytes())
    digest.update(_series_bytes(series))
    return digest.hexdigest()


def table_hash(frame: pl.DataFrame) -> dict[str, Any]:
    """The hash of a whole table (row count, then every column's hash in column order) and
    each column's own hash, so that a comparison can name the columns that differ."""
    columns = {series.name: column_hash(series) for series in frame.get_columns()}
    digest = hashlib.sha256(frame.height.to_bytes(8, "little"))
    for name, value in columns.items():
        digest.update(name.encode("utf-8") + b"\0" + value.encode("ascii"))
    return {"sha256": digest.hexdigest(), "rows": frame.height, "columns": columns}


def _scenarios(files: list[str], presets: bool) -> list[tuple[str, rc.Scenario]]:
    out: list[tuple[str, rc.Scenario]] = []
    if presets or not files:
        out += [(name, rc.Scenario.preset(name)) for name in sorted(rc.presets())]
    for text in files:
        path = Path(text)
        paths = sorted(path.glob("*.toml")) if path.is_dir() else [path]
        out += [(str(p), rc.Scenario.from_toml(p)) for p in paths]
    return out


def run(
    files: list[str],
    counts: list[int],
    seed: int,
    methods: list[str],
    detail: bool,
    presets: bool = False,
) -> dict[str, Any]:
    """Simulate every (scenario, method, trial count) and return the hashes, printing a line
    for each."""
    print(f"repave_cost {rc.__version__} from {Path(rc.__file__).parent}", file=sys.stderr)
    records: list[dict[str, Any]] = []
    for name, scenario in _scenarios(files, presets):
        for method in methods:
            for trials in counts:
                result = rc.simulate(
                    scenario, trials=trials, seed=seed, method=method, progress=False
                )
                tables = {"trials": table_hash(result.trials)}
                if detail:
                    tables["breakdown"] = table_hash(result.breakdown())
                    tables["labour"] = table_hash(result.labour())
                records.append(
                    {"scenario": name, "method": method, "trials": trials, "tables": tables}
                )
                hashes = "  ".join(f"{table}={v['sha256']}" for table, v in tables.items())
                print(f"{name}  {method}  {trials}  {hashes}", flush=True)
    return {"format": FORMAT, "package_version": rc.__version__, "seed": seed, "records": records}


def _differences(name: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between two hashes of the same table, one line per finding."""
    if old["sha256"] == new["sha256"]:
        return []
    found = [f"{name}: table hash differs"]
    if old["rows"] != new["rows"]:
        found.append(f"{name}: {old['rows']} rows before, {new['rows']} after")
    before, after = old["columns"], new["columns"]
    for side, these, those in (("before", before, after), ("after", after, before)):
        only = [c for c in these if c not in those]
        if only:
            found.append(f"{name}: columns only {side}: {', '.join(only)}")
    changed = [c for c in before if c in after and before[c] != after[c]]
    if changed:
        found.append(f"{name}: {len(changed)} column(s) differ: {', '.join(changed)}")
    shared = [c for c in before if c in after]
    if shared != [c for c in after if c in before]:
        found.append(f"{name}: columns in a different order")
    return found


def compare(old_path: Path, new_path: Path) -> int:
    """Print every difference between two saved runs; 0 when identical, 1 otherwise."""
    old, new = (json.loads(p.read_text(encoding="utf-8")) for p in (old_path, new_path))
    problems: list[str] = []
    for setting in ("format", "seed"):
        if old.get(setting) != new.get(setting):
            problems.append(f"{setting}: {old.get(setting)!r} before, {new.get(setting)!r} after")
    index_old = {(r["scenario"], r["method"], r["trials"]): r["tables"] for r in old["records"]}
    index_new = {(r["scenario"], r["method"], r["trials"]): r["tables"] for r in new["records"]}
    for key in [*index_old, *(k for k in index_new if k not in index_old)]:
        label = " ".join(str(part) for part in key)
        if key not in index_new or key not in index_old:
            side = "before" if key in index_old else "after"
            problems.append(f"{label}: only {side}")
            continue
        tables_old, tables_new = index_old[key], index_new[key]
        for table in [*tables_old, *(t for t in tables_new if t not in tables_old)]:
            if table not in tables_old or table not in tables_new:
                side = "before" if table in tables_old else "after"
                problems.append(f"{label} {table}: hashed only {side} (give both --detail)")
            else:
                problems += _differences(f"{label} {table}", tables_old[table], tables_new[table])
    compared = len(index_old.keys() & index_new.keys())
    print(
        f"before: {old_path} (repave-cost {old.get('package_version')}); "
        f"after: {new_path} (repave-cost {new.get('package_version')})"
    )
    for line in problems:
        print(line)
    if problems:
        print(f"DIFFERENT: {len(problems)} finding(s)")
        return 1
    print(f"IDENTICAL: {compared} (scenario, method, trials) runs")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "files", nargs="*", help="scenario TOML files or folders (default: presets)"
    )
    parser.add_argument(
        "--presets", action="store_true", help="every preset too (the default without files)"
    )
    parser.add_argument(
        "--trials", default="20000", help="trial counts, comma-separated (default 20000)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated")
    parser.add_argument("--detail", action="store_true", help="also hash breakdown() and labour()")
    parser.add_argument("--json", type=Path, metavar="OUT", help="save the hashes to OUT")
    parser.add_argument(
        "--compare", nargs=2, type=Path, metavar=("A.json", "B.json"), help="diff two saved runs"
    )
    args = parser.parse_args(argv)
    if args.compare:
        if args.files:
            parser.error("--compare takes no scenario files")
        return compare(*args.compare)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    try:
        counts = [int(t) for t in args.trials.split(",") if t.strip()]
    except ValueError:
        parser.error(f"--trials takes comma-separated integers, got {args.trials!r}")
    saved = run(args.files, counts, args.seed, methods, args.detail, args.presets)
    if args.json:
        args.json.write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
