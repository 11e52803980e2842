"""Fingerprints of sweep tables, to show that a change to the sweep leaves every number as
it was: ``trial_hashes.py``'s check, for ``rc.sweep``'s tables.

For each scenario (every preset and every file of ``benches/hash_scenarios``), each of five
kinds of grid (fleet size × the first role's headcount, three capacity fields of the roles,
one point, a linked axis × headcount, growth × headcount), each method and two trial counts
(powers of two for ``sobol``), sweep at one seed and hash the table with
``trial_hashes.table_hash`` (names, types, nulls and raw bytes of every column).

    python benches/sweep_hashes.py --json new.json
    python benches/sweep_hashes.py --compare old.json new.json   # exit 1 on any difference

Run it under each build's environment (the package it imports is whichever is installed
there) and compare the two files, also once with ``RAYON_NUM_THREADS=1``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import repave_cost as rc

sys.path.insert(0, str(Path(__file__).parent))
import trial_hashes  # noqa: E402

HASH_SCENARIOS = Path(__file__).parent / "hash_scenarios"


def grids(scenario: rc.Scenario) -> dict[str, dict[Any, list[Any]]]:
    """The grids swept for ``scenario``, by name (its first and last roles named)."""
    roles = list(scenario.to_dict()["staffing"])
    first, last = roles[0], roles[-1]
    return {
        "nodes_x_headcount": {
            "fleet.nodes": [10, 75, 400],
            f"staffing.{first}.headcount": [0, 1, 2.5, 9],
        },
        "capacity": {
            f"staffing.{first}.available_share": [0.1, 0.7],
            f"staffing.{first}.overflow_multiplier": [1, 2.5],
            f"staffing.{last}.hours_per_year": [500, 1800],
        },
        "one_point": {"fleet.nodes": [33]},
        "linked": {
            ("fleet.nodes", "fleet.clusters"): [(20, 1), (300, 6)],
            f"staffing.{first}.headcount": [1, 4],
        },
        "growth": {"fleet.growth": [0.0, 0.3], f"staffing.{first}.headcount": [2, 3]},
    }


def run(seed: int) -> dict[str, Any]:
    """Every sweep's table hash, as ``trial_hashes.compare`` reads them."""
    print(f"repave_cost from {rc.__file__}", file=sys.stderr)
    scenarios = [(name, rc.Scenario.preset(name)) for name in rc.presets()]
    for path in sorted(HASH_SCENARIOS.glob("*.toml")):
        scenarios.append((path.name, rc.Scenario.from_toml(path.read_text(encoding="utf-8"))))
    records = []
    for name, scenario in scenarios:
        for grid_name, grid in grids(scenario).items():
            for method in rc.methods():
                for trials in [1024, 8192] if method == "sobol" else [1000, 6000]:
                    table = rc.sweep(
                        scenario, grid, trials=trials, seed=seed, method=method, progress=False
                    ).table
                    records.append(
                        {
                            "scenario": f"{name} {grid_name}",
                            "method": method,
                            "trials": trials,
                            "tables": {"sweep": trial_hashes.table_hash(table)},
                        }
                    )
    print(f"{len(records)} sweep tables", file=sys.stderr)
    return {
        "format": trial_hashes.FORMAT,
        "seed": seed,
        "package_version": rc.__version__,
        "records": records,
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, metavar="OUT", help="save the hashes to OUT")
    parser.add_argument(
        "--compare", nargs=2, type=Path, metavar=("A.json", "B.json"), help="diff two saved runs"
    )
    args = parser.parse_args(argv)
    if args.compare:
        return trial_hashes.compare(*args.compare)
    saved = run(args.seed)
    if args.json:
        args.json.write_text(json.dumps(saved, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
