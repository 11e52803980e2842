"""A quick demonstration: sample a few uncertain cost inputs and print their summaries.

Run it with ``python -m repave_cost.demo``.
"""

from __future__ import annotations

import time

import repave_cost as rc

#: The demo's inputs: effort and prices behind one repave cycle of a 200-node fleet.
INPUTS: dict[str, rc.Distribution] = {
    "repave_hours_per_node": rc.pert(0.5, 1.5, 6),
    "engineer_rate_usd": rc.pert(65, 95, 180),
    "incident_cost_usd": rc.lognormal_ci90(2_000, 60_000),
    "image_build_hours": rc.pert(2, 4, 16, lambda_=2),
    "failed_repave_share": rc.lognormal(-3.5, 0.6),
}

TRIALS = 100_000
NODES = 200


def main() -> None:
    """Sample the demo inputs and print one summary row per input and for the cycle cost."""
    start = time.perf_counter()
    df = rc.sample(INPUTS, TRIALS, seed=2024, method="lhs")
    cycle_cost = (
        df["repave_hours_per_node"] * NODES * df["engineer_rate_usd"]
        + df["image_build_hours"] * df["engineer_rate_usd"]
        + df["failed_repave_share"] * NODES * 0.05 * df["incident_cost_usd"]
    ).alias("cycle_cost_usd")
    elapsed = time.perf_counter() - start

    print(f"repave-cost {rc.__version__}: {TRIALS:,} Latin hypercube trials, seed 2024\n")
    header = f"{'input':<24} {'dist':<44} {'mean':>12} {'p5':>12} {'p50':>12} {'p95':>12}"
    print(header)
    print("-" * len(header))
    rows = [(name, repr(d), df[name]) for name, d in INPUTS.items()]
    rows.append(("cycle_cost_usd", "(derived, 200 nodes)", cycle_cost))
    for name, label, column in rows:
        s = rc.summarize(column)
        print(
            f"{name:<24} {label:<44} {s['mean']:>12,.2f} {s['p5']:>12,.2f} "
            f"{s['p50']:>12,.2f} {s['p95']:>12,.2f}"
        )
    print(f"\nSampled and summarised in {elapsed:.2f} s.")


if __name__ == "__main__":
    main()
