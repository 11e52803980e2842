"""How much any equal-weight design can cut the variance of a mean driven by a lognormal.

The ``fleet`` and ``customer_repave`` presets charge each failed node change a downtime
cost ``D``, a lognormal with 90% interval 187 to 34,095 (``sigma`` = 1.582): its variance is
11.2 times its squared mean, and most of its second moment lies far in the upper tail
(``E[D^2]`` is centred at ``z = 2 sigma`` = 3.2 standard normal units above the median).

A design of ``n`` points that puts exactly one point in each of the ``n`` equal strata of
``D``'s quantile (a Latin hypercube, and every coordinate of a scrambled Sobol net; the
best any unweighted design can do for one input) estimates ``E[D]`` with variance

    sum over strata j of  Var(D | stratum j) / n^2,

against ``Var(D) / n`` for independent draws. The top stratum, ``u`` in ``[1 - 1/n, 1]``,
keeps a share of ``E[D^2]`` that falls only slowly with ``n``, so the ratio (the most a
design can gain on this input) grows slowly too. This script computes it exactly from the
lognormal's partial moments, for replicate sizes ``n = 2^10 .. 2^20`` (a precision run of
``sobol`` has 16 replicates, each of ``n`` points, so the gain that counts is at the
replicate's size, not the run's):

    python docs/derivations/stratification_bound.py

A trial's saving carries ``D`` multiplied by a Poisson count of failures with a small mean
(a few a year), whose own coordinate cannot smooth the product's tail, so the gain on the
mean saving is below this bound (the session note of issue 11 gives the measurements).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

P5, P95 = 187.0, 34095.0
Z95 = stats.norm.ppf(0.95)
SIGMA = math.log(P95 / P5) / (2 * Z95)
MU = 0.5 * math.log(P95 * P5)


def partial_moment(k: int, z_low: np.ndarray, z_high: np.ndarray) -> np.ndarray:
    """E[D^k; z_low < Z <= z_high] for D = exp(MU + SIGMA Z), Z standard normal."""
    shift = k * SIGMA
    # The upper tail's survival function keeps its precision where the CDF rounds to 1.
    mass = stats.norm.sf(z_low - shift) - stats.norm.sf(z_high - shift)
    return math.exp(k * MU + 0.5 * (k * SIGMA) ** 2) * mass


def stratified_variance(n: int) -> float:
    """Variance of the mean of one point per stratum, n equal strata (exact sum)."""
    # Stratum j holds u in [j/n, (j+1)/n]: its conditional mean and second moment.
    edges = stats.norm.ppf(np.arange(n + 1) / n)  # -inf .. +inf
    m1 = partial_moment(1, edges[:-1], edges[1:]) * n
    m2 = partial_moment(2, edges[:-1], edges[1:]) * n
    return float(np.maximum(m2 - m1 * m1, 0.0).sum()) / n**2


def main() -> None:
    mean = math.exp(MU + SIGMA**2 / 2)
    var = math.exp(2 * MU + 2 * SIGMA**2) - mean**2
    print(f"lognormal sigma {SIGMA:.4f}, Var/mean^2 {var / mean**2:.2f}")
    print(f"{'n':>9} {'top stratum share of E[D^2]':>29} {'max variance gain':>18} {'rms':>6}")
    for m in range(10, 21, 2):
        n = 2**m
        top_edge = np.array([stats.norm.isf(1 / n)])
        top = float(partial_moment(2, top_edge, np.array([math.inf]))[0]) / (var + mean**2)
        gain = (var / n) / stratified_variance(n)
        print(f"{n:>9,} {top:>29.3f} {gain:>18.1f} {math.sqrt(gain):>6.2f}")


if __name__ == "__main__":
    main()
