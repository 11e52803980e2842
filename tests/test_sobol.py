"""The ``sobol`` method through the public API: balance at powers of two, marginals against
scipy, the error of a closed-form mean against ``random``, the warning for other trial
counts, the run's dimensions, sweeps with common points, threads and the command line.

The closed-form mean and its variance are worked out here from the inputs' moments
(products and sums of independent inputs); nothing is copied from the library's output.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import warnings
from typing import Any

import numpy as np
import pytest
import repave_cost as rc
from _helpers import activity, role, scenario
from scipy import stats

POW = 1 << 12


# --- balance at powers of two -------------------------------------------------------------


@pytest.mark.parametrize("m", [0, 3, 10, 14])
def test_each_column_holds_one_point_per_stratum_at_a_power_of_two(m: int) -> None:
    n = 1 << m
    inputs = {f"u{i}": rc.uniform(0.0, 1.0) for i in range(8)}
    df = rc.sample(inputs, n, seed=17, method="sobol")
    for name in inputs:
        strata = np.floor(df[name].to_numpy() * n).astype(np.int64)
        assert np.array_equal(np.sort(strata), np.arange(n)), name


def test_random_and_lhs_pairs_are_not_balanced_like_the_points() -> None:
    # The two-dimensional balance of a (t, m, 2)-net: at 2^12 points, every one of the
    # 64 × 64 square cells of the first two dimensions holds exactly one point (t = 0 for
    # the first two Sobol dimensions). Independent strata (lhs) do not achieve it.
    n = POW
    inputs = {"a": rc.uniform(0.0, 1.0), "b": rc.uniform(0.0, 1.0)}

    def cells(method: str) -> np.ndarray:
        df = rc.sample(inputs, n, seed=3, method=method)
        i = np.floor(df["a"].to_numpy() * 64).astype(np.int64)
        j = np.floor(df["b"].to_numpy() * 64).astype(np.int64)
        return np.bincount(i * 64 + j, minlength=64 * 64)

    assert np.all(cells("sobol") == 1)
    assert not np.all(cells("lhs") == 1)


# --- marginals ------------------------------------------------------------------------------


FAMILIES: list[tuple[str, rc.Distribution, Any]] = [
    ("normal", rc.normal(3.0, 2.0), stats.norm(3.0, 2.0)),
    ("lognormal", rc.lognormal(1.0, 0.6), stats.lognorm(0.6, scale=math.exp(1.0))),
    ("gamma", rc.gamma(0.7, 3.0), stats.gamma(0.7, scale=3.0)),
    ("triangular", rc.triangular(1.0, 2.0, 6.0), stats.triang(0.2, loc=1.0, scale=5.0)),
    ("beta", rc.beta(2.0, 5.0), stats.beta(2.0, 5.0)),
    # PERT(1, 3, 8) with lambda 4: a beta(1 + 4·2/7, 1 + 4·5/7) on [1, 8].
    ("pert", rc.pert(1.0, 3.0, 8.0), stats.beta(1 + 8 / 7, 1 + 20 / 7, loc=1.0, scale=7.0)),
]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_scrambled_marginals_pass_kolmogorov_smirnov(seed: int) -> None:
    n = 1 << 13
    df = rc.sample({name: d for name, d, _ in FAMILIES}, n, seed=seed, method="sobol")
    for name, _, ref in FAMILIES:
        result = stats.kstest(df[name].to_numpy(), ref.cdf)
        assert result.pvalue > 1e-3, (name, result)


def test_a_poisson_input_under_sobol_has_the_poisson_distribution() -> None:
    n = 1 << 14
    values = rc.sample({"k": rc.poisson(3.5)}, n, seed=4, method="sobol")["k"].to_numpy()
    top = 12
    observed = np.bincount(np.minimum(values.astype(np.int64), top), minlength=top + 1)
    expected = n * np.append(stats.poisson.pmf(np.arange(top), 3.5), stats.poisson.sf(top - 1, 3.5))
    chi2 = float(np.sum((observed - expected) ** 2 / expected))
    assert chi2 < stats.chi2.ppf(0.999, top), chi2


# --- the error of a closed-form mean --------------------------------------------------------


def closed_form() -> tuple[dict[str, Any], float, float]:
    """A scenario without events whose savings are sums of products of independent inputs,
    with their exact mean and standard deviation.

    savings = 50 nodes · cycles · hours · rate + 50 · 4 · patch_cost − 10 services · 12 · deploy
    hours · rate; one year, no discount, capacity far above the load (overflow never
    applies)."""
    cycles, hours = (6.0, 18.0), (1.0, 2.0, 5.0)
    rate = (80.0, 120.0)
    mu, sigma = 6.0, 0.5
    shape, scale = 2.0, 0.5
    data = scenario(
        [
            activity(
                "rebuild",
                "per_node",
                cycles_per_year=rc.uniform(*cycles).to_dict(),
                hours=rc.triangular(*hours).to_dict(),
                role="sre",
            ),
            activity(
                "patch", "per_node", cycles_per_year=4, cost=rc.lognormal(mu, sigma).to_dict()
            ),
        ],
        [
            activity(
                "deploy",
                "per_service",
                cycles_per_year=12,
                hours=rc.gamma(shape, scale).to_dict(),
                role="sre",
            )
        ],
        nodes=50,
        services=10,
        staffing={"sre": role(rate=rc.uniform(*rate).to_dict(), headcount=10_000)},
    )

    def uniform_moments(lo: float, hi: float) -> tuple[float, float]:
        return (lo + hi) / 2, (lo * lo + lo * hi + hi * hi) / 3

    c1, c2 = uniform_moments(*cycles)
    r1, r2 = uniform_moments(*rate)
    lo, mode, hi = hours
    h1 = (lo + mode + hi) / 3
    h2 = (lo * lo + mode * mode + hi * hi + lo * mode + lo * hi + mode * hi) / 6
    p1, p2 = math.exp(mu + sigma**2 / 2), math.exp(2 * mu + 2 * sigma**2)
    g1, g2 = shape * scale, shape * (shape + 1) * scale**2
    # savings = A·R + B − C·R with A = 50·cycles·hours, B = 200·patch, C = 120·deploy.
    a1, a2 = 50 * c1 * h1, 2500 * c2 * h2
    b1, b2 = 200 * p1, 40_000 * p2
    k1, k2 = 120 * g1, 14_400 * g2
    mean = (a1 - k1) * r1 + b1
    # E[((A − C)R + B)^2] with A, C, R, B independent.
    d1, d2 = a1 - k1, a2 - 2 * a1 * k1 + k2
    second = d2 * r2 + 2 * d1 * r1 * b1 + b2
    return data, mean, math.sqrt(second - mean * mean)


def test_the_closed_form_scenario_is_what_the_formulas_say() -> None:
    # A check of the closed form itself: a long random run agrees within 4 standard errors.
    data, mean, sd = closed_form()
    n = 200_000
    r = rc.simulate(data, trials=n, seed=123, progress=False)
    savings = r.trials["savings"].to_numpy()
    assert abs(savings.mean() - mean) < 4 * sd / math.sqrt(n)
    assert abs(savings.std(ddof=1) / sd - 1) < 0.02


def test_sobol_cuts_the_rms_error_of_a_closed_form_mean_at_least_five_fold() -> None:
    data, mean, sd = closed_form()
    n = 1 << 14
    scn = rc.Scenario(data)

    def rmse(method: str) -> float:
        errors = [
            rc.simulate(scn, trials=n, seed=seed, method=method, progress=False)
            .trials["savings"]
            .mean()
            - mean
            for seed in range(16)
        ]
        return math.sqrt(float(np.mean(np.square(errors))))

    sobol, random = rmse("sobol"), rmse("random")
    assert sobol <= random / 5, (sobol, random)
    # Against plain Monte Carlo's theoretical error sd/sqrt(n) too, which has no noise.
    assert sobol <= sd / math.sqrt(n) / 5, (sobol, sd / math.sqrt(n))


# --- events ---------------------------------------------------------------------------------


def test_event_means_under_sobol_match_the_closed_form() -> None:
    # 40 nodes, 2 cycles a year, probability 0.05: Poisson(4) incidents a year of 3 h at
    # $100; a one-time Bernoulli(0.3) overrun of $5000 in the alternative; two years.
    data = scenario(
        [
            activity(
                "incident",
                "per_node",
                cycles_per_year=2,
                probability=0.05,
                hours=3,
                role="sre",
            )
        ],
        [activity("overrun", "once", probability=0.3, cost=5000)],
        horizon=2,
        nodes=40,
    )
    n = 1 << 14
    r = rc.simulate(data, trials=n, seed=9, method="sobol", progress=False)
    base = r.trials["base.total"].to_numpy() / 300.0  # incidents over two years
    assert abs(base.mean() - 8.0) < 4 * math.sqrt(8.0 / n)
    assert abs(base.var(ddof=1) / 8.0 - 1) < 4 * math.sqrt(2 / n)
    overrun = r.trials["alt.one_time"].to_numpy()
    assert set(np.unique(overrun)) <= {0.0, 5000.0}
    assert abs((overrun > 0).mean() - 0.3) < 4 * math.sqrt(0.21 / n)


# --- the warning off powers of two ---------------------------------------------------------


def test_other_trial_counts_warn_naming_the_nearest_powers_of_two() -> None:
    with pytest.warns(rc.SobolBalanceWarning, match=r"1,000 .*512 \(2\*\*9\) or 1,024 \(2\*\*10\)"):
        rc.simulate("fleet", trials=1000, method="sobol", progress=False)
    with pytest.warns(rc.SobolBalanceWarning, match=r"trials=3 .*2 \(2\*\*1\) or 4 \(2\*\*2\)"):
        rc.sample({"x": rc.uniform(0, 1)}, 3, method="sobol")
    with pytest.warns(rc.SobolBalanceWarning, match=r"n=100 .*64.*128"):
        rc.uniform(0, 1).sample(100, method="sobol")
    with pytest.warns(rc.SobolBalanceWarning, match="trials=300"):
        rc.sweep("fleet", {"fleet.nodes": [10, 20]}, trials=300, method="sobol", progress=False)
    # break_even runs every evaluation with these trials (it did not warn).
    with pytest.warns(rc.SobolBalanceWarning, match="trials=300"):
        rc.break_even(
            "fleet",
            "parameters.repaves_per_year",
            0,
            24,
            trials=300,
            method="sobol",
            progress=False,
        )
    assert issubclass(rc.SobolBalanceWarning, UserWarning)
    assert "SobolBalanceWarning" in rc.__all__


def test_the_warning_points_at_the_callers_line() -> None:
    with pytest.warns(rc.SobolBalanceWarning) as record:
        rc.sample({"x": rc.uniform(0, 1)}, 5, method="sobol")
    assert record[0].filename == __file__


def test_powers_of_two_and_other_methods_do_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rc.simulate("fleet", trials=1024, method="sobol", progress=False)
        rc.sample({"x": rc.uniform(0, 1)}, 1, method="sobol")
        rc.sample({"x": rc.uniform(0, 1)}, 0, method="sobol")
        for method in ("random", "lhs"):
            rc.simulate("fleet", trials=1000, method=method, progress=False)


# --- dimensions ----------------------------------------------------------------------------


def test_the_result_counts_its_dimensions_and_how_each_method_covers_them() -> None:
    data = scenario(
        [
            activity(
                "rebuild",
                "per_node",
                cycles_per_year=12,
                hours=rc.pert(1, 2, 4).to_dict(),
                role="sre",
            ),
            activity(
                "incident", "per_node", cycles_per_year=1, probability=0.1, hours=2, role="sre"
            ),
            activity("audit", "once", probability=0.5, cost=100),
        ],
        [
            activity(
                "incident", "per_node", cycles_per_year=1, probability=0.05, hours=2, role="sre"
            )
        ],
        horizon=5,
        nodes=rc.uniform(10, 20).to_dict(),
    )
    # Inputs: fleet.nodes and the rebuild hours. Events: incident in years 1..5 (one key
    # for both strategies) and the audit once.
    inputs, events = 2, 5 + 1
    sobol = rc.simulate(data, trials=64, method="sobol", progress=False)
    assert (sobol.dimensions, sobol.design_dimensions, sobol.random_dimensions) == (8, 8, 0)
    lhs = rc.simulate(data, trials=64, method="lhs", progress=False)
    assert (lhs.design_dimensions, lhs.random_dimensions) == (inputs, events)
    random = rc.simulate(data, trials=64, method="random", progress=False)
    assert (random.design_dimensions, random.random_dimensions) == (0, inputs + events)


def test_dimensions_past_the_direction_numbers_are_reported() -> None:
    # 213 random activities over 100 years: 21,300 event dimensions, past the 21,201 that
    # Joe & Kuo's direction numbers define.
    acts = [
        activity(f"e{i}", "per_node", cycles_per_year=1, probability=0.1, cost=1)
        for i in range(213)
    ]
    data = scenario(acts, horizon=100, nodes=10)
    r = rc.simulate(data, trials=16, method="sobol", progress=False)
    assert r.dimensions == 21_300
    assert r.design_dimensions == 21_201
    assert r.random_dimensions == 99


# --- sweeps, threads, command line ---------------------------------------------------------


def test_a_sweep_point_that_fixes_an_input_leaves_the_other_draws_unchanged() -> None:
    # `alt`'s one-time cost is registered before `base`'s hours (strategies in name order):
    # fixing it must not move the hours to its dimension.
    data = scenario(
        [
            activity(
                "rebuild",
                "per_node",
                cycles_per_year=12,
                hours=rc.pert(1, 2, 5).to_dict(),
                role="sre",
            )
        ],
        [activity("migrate", "once", cost=rc.uniform(500, 1500).to_dict())],
        nodes=10,
    )
    path = "strategies.alt.activities[0].cost"
    uncertain = rc.uniform(800, 2000).to_dict()
    sweep = rc.sweep(
        data, {path: [uncertain, 1000]}, trials=POW, seed=2, method="sobol", progress=False
    )
    base = sweep.table.filter(sweep.table["output"] == "base.total")
    assert base["mean"][0] == base["mean"][1]
    assert base["p95"][0] == base["p95"][1]
    # Where the keys are the scenario's own, the point is the plain simulation.
    alone = rc.simulate(
        rc.Scenario(data).replace({path: uncertain}), trials=POW, seed=2, method="sobol"
    )
    savings = sweep.table.filter(sweep.table["output"] == "savings")
    own = alone.summary().filter(alone.summary()["output"] == "savings")
    for column in ("mean", "sd", "p5", "p50", "p95"):
        assert savings[column][0] == own[column][0], column


RUN = (
    "import hashlib, repave_cost as rc; "
    "r = rc.simulate('fleet', trials=3 * 4096 + 4096, seed=5, method='sobol', progress=False); "
    "print(hashlib.sha256(r.trials.write_csv().encode()).hexdigest())"
)


def test_the_thread_count_changes_nothing() -> None:
    def digest(threads: str) -> str:
        env = {**os.environ, "RAYON_NUM_THREADS": threads}
        out = subprocess.run(
            [sys.executable, "-c", RUN], env=env, capture_output=True, text=True, check=True
        )
        return out.stdout.strip()

    assert digest("1") == digest("3")


def test_the_command_line_runs_sobol() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "repave_cost.cli",
            "run",
            "--preset",
            "fleet",
            "--method",
            "sobol",
            "--trials",
            "1000",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "sobol" in proc.stdout
    # One line, as the command's errors are: not Python's file, line and code line.
    warning = [line for line in proc.stderr.splitlines() if "sobol is balanced" in line]
    assert warning == [
        "repave-cost: warning: sobol is balanced at powers of two trials; trials=1,000 is "
        "not one. Use 512 (2**9) or 1,024 (2**10) to keep every coordinate's strata filled"
    ], proc.stderr
    assert ".py:" not in proc.stderr
