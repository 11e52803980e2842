"""``rc.fit``: maximum-likelihood fits checked against scipy.stats' own fits on the same
data (closed forms to 1e-9 relative, numerical fits to 1e-5 in log-likelihood), model
selection by AIC over seeds, the input types it takes and its errors."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from scipy import optimize, stats

RNG_SEED = 20240611


def rng(offset: int = 0) -> np.random.Generator:
    return np.random.default_rng(RNG_SEED + offset)


def row(result: rc.FitResult, family: str) -> dict[str, Any]:
    table = result.table.filter(pl.col("family") == family)
    assert table.height == 1, (family, result.table)
    out: dict[str, Any] = table.row(0, named=True)
    return out


def spec(result: rc.FitResult, family: str) -> dict[str, Any]:
    return result.distributions[family].to_dict()


def widened(x: np.ndarray) -> tuple[float, float]:
    """The bounded families' support: the range widened by range/(n-1) each side."""
    pad = (x.max() - x.min()) / (len(x) - 1)
    return float(x.min() - pad), float(x.max() + pad)


# ------------------------------------------------------------------ closed forms


def test_normal_matches_scipy_norm_fit() -> None:
    x = rng().normal(10.0, 3.0, 500)
    fit = rc.fit(x, "normal")
    loc, scale = stats.norm.fit(x)
    s = spec(fit, "normal")
    assert s["mean"] == pytest.approx(loc, rel=1e-9)
    assert s["sd"] == pytest.approx(scale, rel=1e-9)
    ll = stats.norm.logpdf(x, loc, scale).sum()
    assert row(fit, "normal")["log_likelihood"] == pytest.approx(ll, rel=1e-9)


def test_lognormal_matches_scipy_lognorm_fit_with_loc_0() -> None:
    x = rng(1).lognormal(2.0, 0.6, 400)
    fit = rc.fit(x, "lognormal")
    shape, _, scale = stats.lognorm.fit(x, floc=0)
    s = spec(fit, "lognormal")
    assert s["sigma"] == pytest.approx(shape, rel=1e-9)
    assert math.exp(s["mu"]) == pytest.approx(scale, rel=1e-9)
    ll = stats.lognorm.logpdf(x, shape, 0, scale).sum()
    assert row(fit, "lognormal")["log_likelihood"] == pytest.approx(ll, rel=1e-9)


def test_uniform_matches_scipy_uniform_fit() -> None:
    x = rng(2).uniform(3.0, 8.0, 300)
    fit = rc.fit(x, "uniform")
    loc, scale = stats.uniform.fit(x)
    s = spec(fit, "uniform")
    assert s["low"] == pytest.approx(loc, rel=1e-9)
    assert s["high"] == pytest.approx(loc + scale, rel=1e-9)


def test_poisson_and_bernoulli_are_the_sample_mean() -> None:
    counts = rng(3).poisson(2.7, 300).astype(float)
    fit = rc.fit(counts, "poisson")
    assert spec(fit, "poisson")["mean"] == pytest.approx(counts.mean(), rel=1e-12)
    ll = stats.poisson.logpmf(counts, counts.mean()).sum()
    assert row(fit, "poisson")["log_likelihood"] == pytest.approx(ll, rel=1e-9)
    # scipy's generic numerical fit of the Poisson agrees with the closed form.
    numeric = stats.fit(stats.poisson, counts, bounds={"mu": (0.1, 10)})
    assert numeric.params.mu == pytest.approx(counts.mean(), rel=1e-4)
    flags = (rng(4).random(250) < 0.3).astype(float)
    fit = rc.fit(flags, "bernoulli")
    assert spec(fit, "bernoulli")["p"] == pytest.approx(flags.mean(), rel=1e-12)
    ll = stats.bernoulli.logpmf(flags, flags.mean()).sum()
    assert row(fit, "bernoulli")["log_likelihood"] == pytest.approx(ll, rel=1e-9)


# ------------------------------------------------------------------ numerical fits


def test_gamma_matches_scipy_gamma_fit_with_loc_0() -> None:
    x = rng(5).gamma(2.5, 4.0, 600)
    fit = rc.fit(x, "gamma")
    a, _, scale = stats.gamma.fit(x, floc=0)
    ours = row(fit, "gamma")["log_likelihood"]
    theirs = stats.gamma.logpdf(x, a, 0, scale).sum()
    assert ours == pytest.approx(theirs, abs=1e-5)
    assert ours >= theirs - 1e-9  # never worse than scipy's optimum
    s = spec(fit, "gamma")
    assert s["shape"] == pytest.approx(a, rel=1e-4)
    # The closed-form part: scale = mean / shape.
    assert s["scale"] * s["shape"] == pytest.approx(x.mean(), rel=1e-12)


def test_beta_matches_scipy_beta_fit_on_the_widened_support() -> None:
    x = 5 + 10 * rng(6).beta(2.0, 5.0, 500)
    fit = rc.fit(x, "beta")
    low, high = widened(x)
    a, b, _, _ = stats.beta.fit(x, floc=low, fscale=high - low)
    s = spec(fit, "beta")
    assert (s["low"], s["high"]) == pytest.approx((low, high), rel=1e-12)
    ours = row(fit, "beta")["log_likelihood"]
    theirs = stats.beta.logpdf(x, a, b, low, high - low).sum()
    assert ours == pytest.approx(theirs, abs=1e-5)
    assert ours == pytest.approx(
        stats.beta.logpdf(x, s["alpha"], s["beta"], low, high - low).sum(), abs=1e-8
    )


def test_normal_above_zero_matches_a_scipy_maximisation() -> None:
    x = stats.truncnorm.rvs(-1.0, np.inf, loc=2.0, scale=2.0, size=600, random_state=7)
    fit = rc.fit(x, "normal_above_zero")

    def neg_ll(p: np.ndarray) -> float:
        mean, sd = p[0], math.exp(p[1])
        return float(-stats.truncnorm.logpdf(x, -mean / sd, np.inf, mean, sd).sum())

    best = optimize.minimize(
        neg_ll,
        [x.mean(), math.log(x.std())],
        method="Nelder-Mead",
        options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20_000},
    )
    ours = row(fit, "normal_above_zero")["log_likelihood"]
    assert ours == pytest.approx(-best.fun, abs=1e-5)
    s = spec(fit, "normal_above_zero")
    assert s["low"] == 0.0
    recomputed = stats.truncnorm.logpdf(x, -s["mean"] / s["sd"], np.inf, s["mean"], s["sd"])
    assert ours == pytest.approx(recomputed.sum(), abs=1e-6)


def test_pert_matches_a_scipy_bounded_search_over_the_mode() -> None:
    x = stats.beta.rvs(2.0, 4.0, loc=1.0, scale=9.0, size=400, random_state=8)
    fit = rc.fit(x, "pert")
    low, high = widened(x)

    def neg_ll(mode: float) -> float:
        t = (mode - low) / (high - low)
        return float(-stats.beta.logpdf(x, 1 + 4 * t, 1 + 4 * (1 - t), low, high - low).sum())

    best = optimize.minimize_scalar(
        neg_ll, bounds=(low, high), method="bounded", options={"xatol": 1e-12}
    )
    assert row(fit, "pert")["log_likelihood"] == pytest.approx(-best.fun, abs=1e-5)
    assert spec(fit, "pert")["mode"] == pytest.approx(best.x, rel=1e-4)


def test_triangular_is_the_best_mode_over_every_data_point() -> None:
    x = rng(9).triangular(2.0, 3.0, 9.0, 200)
    fit = rc.fit(x, "triangular")
    low, high = widened(x)
    candidates = np.concatenate([[low, high], x])
    lls = [
        stats.triang.logpdf(x, (m - low) / (high - low), low, high - low).sum() for m in candidates
    ]
    assert row(fit, "triangular")["log_likelihood"] == pytest.approx(max(lls), abs=1e-8)
    assert spec(fit, "triangular")["mode"] == candidates[int(np.argmax(lls))]


# ------------------------------------------------------------------ the table


def test_ks_statistic_and_pvalue_match_scipy_kstest() -> None:
    x = rng(10).lognormal(1.0, 0.5, 300)
    fit = rc.fit(x, "lognormal")
    s = spec(fit, "lognormal")
    test = stats.kstest(x, stats.lognorm(s["sigma"], 0, math.exp(s["mu"])).cdf, method="asymp")
    r = row(fit, "lognormal")
    assert r["ks_statistic"] == pytest.approx(test.statistic, rel=1e-9)
    assert r["ks_pvalue"] == pytest.approx(
        stats.kstwobign.sf(test.statistic * math.sqrt(len(x))), rel=1e-9
    )


def test_discrete_ks_takes_the_largest_gap_at_and_below_each_value() -> None:
    counts = rng(11).poisson(3.0, 200).astype(float)
    r = row(rc.fit(counts, "poisson"), "poisson")
    lam = counts.mean()
    values = np.unique(counts)
    ecdf_at = np.array([(counts <= v).mean() for v in values])
    ecdf_below = np.array([(counts < v).mean() for v in values])
    gaps = np.concatenate(
        [
            np.abs(ecdf_at - stats.poisson.cdf(values, lam)),
            np.abs(ecdf_below - stats.poisson.cdf(values - 1, lam)),
        ]
    )
    assert r["ks_statistic"] == pytest.approx(gaps.max(), rel=1e-9)


def test_aic_and_bic_follow_from_the_log_likelihood() -> None:
    x = rng(12).normal(5.0, 1.0, 100) + 10
    table = rc.fit(x).table.drop_nulls("aic")
    n = len(x)
    k = table["n_parameters"].to_numpy()
    ll = table["log_likelihood"].to_numpy()
    np.testing.assert_allclose(table["aic"].to_numpy(), 2 * k - 2 * ll, rtol=1e-12)
    np.testing.assert_allclose(table["bic"].to_numpy(), k * math.log(n) - 2 * ll, rtol=1e-12)
    assert table["aic"].is_sorted()


#: Data drawn from a family, and how many of SEEDS seeds AIC must pick that family in.
SEEDS = 20
SELECTION: dict[str, tuple[Any, int]] = {
    "normal": (lambda g: g.normal(50.0, 5.0, 300), 12),
    "lognormal": (lambda g: g.lognormal(2.0, 0.8, 300), 15),
    "gamma": (lambda g: g.gamma(1.5, 3.0, 300), 12),
    "uniform": (lambda g: g.uniform(2.0, 6.0, 300), 15),
    "poisson": (lambda g: g.poisson(4.0, 300).astype(float), 15),
}


@pytest.mark.parametrize("family", list(SELECTION))
def test_aic_picks_the_family_the_data_come_from_in_a_clear_majority(family: str) -> None:
    draw, needed = SELECTION[family]
    picked = [rc.fit(draw(rng(100 + seed))).table["family"][0] for seed in range(SEEDS)]
    hits = picked.count(family)
    assert hits >= needed, (family, picked)


# ------------------------------------------------------------------ inputs and errors


def test_lists_numpy_polars_and_pandas_give_the_same_fit() -> None:
    x = rng(13).gamma(3.0, 2.0, 50)
    import pandas as pd

    tables = [
        rc.fit(values, "gamma").table
        for values in (list(x), tuple(x), x, pl.Series("m", x), pd.Series(x))
    ]
    for t in tables[1:]:
        assert t.equals(tables[0])


SCENARIO_BODY = """
[fleet]
nodes = 10
[staffing.sre]
rate = 100
headcount = 1
[[strategies.repave.activities]]
name = "rebuild"
driver = "per_node"
hours = "hours"
role = "sre"
[strategies.immutable]
[comparison]
baseline = "repave"
alternative = "immutable"
"""


def test_best_is_a_distribution_usable_in_a_scenario_and_the_toml_line_reads_back() -> None:
    fit = rc.fit(rng(14).lognormal(1.0, 0.3, 200))
    assert isinstance(fit.best, rc.Distribution)
    line = fit.toml_line("hours")
    assert line.startswith("hours = { dist = ")
    # Pasted into a scenario's parameters, it reads back as the same distribution.
    text = f"[parameters]\n{line}\n" + SCENARIO_BODY
    scn = rc.Scenario.from_toml(text)
    assert rc.Distribution.from_dict(scn.to_dict()["parameters"]["hours"]) == fit.best
    assert fit.toml_line("build minutes").startswith('"build minutes" = ')


@pytest.mark.parametrize(
    ("samples", "where"),
    [
        ([1.0, 2.0, 3.0], "samples"),
        ([1.0, 2.0, float("nan"), 3.0, 4.0], "samples[2]"),
        ([1.0, 2.0, float("inf"), 3.0, 4.0], "samples[2]"),
        (pl.Series([1.0, None, 2.0, 3.0, 4.0]), "samples[1]"),
        ([3.5] * 10, "samples"),
        ([3] * 100, "samples"),  # constant counts: a Poisson fit had KS p = 6e-16
        ([0] * 20, "samples"),
        ([1, 2, 2**2000, 3, 4, 5], "samples[2]"),  # too large for a float
        ([1, 2, -(2**2000), 3, 4, 5], "samples[2]"),
    ],
)
def test_bad_data_raise_a_scenario_error_naming_the_position(samples: Any, where: str) -> None:
    with pytest.raises(rc.ScenarioError) as err:
        rc.fit(samples)
    assert err.value.errors()[0]["path"] == where


def test_bad_types_and_families_are_clear_errors() -> None:
    with pytest.raises(TypeError):
        rc.fit("1,2,3,4,5")
    with pytest.raises(TypeError):
        rc.fit(["a", "b", "c", "d", "e"])
    with pytest.raises(TypeError):
        rc.fit(np.ones((3, 3)))
    # Complex values: casting would drop the imaginary parts (with only a numpy warning).
    with pytest.raises(TypeError, match="real numbers"):
        rc.fit(np.array([1 + 5j, 2 + 1j, 3j, 1, 0, 1]))
    with pytest.raises(TypeError, match="real numbers"):
        rc.fit([1 + 2j, 1, 2, 3, 4, 5])
    with pytest.raises(TypeError):
        rc.fit([1.0, 2, 3, 4, 5], families=3)  # type: ignore[arg-type]
    with pytest.raises(rc.ScenarioError, match='unknown family "cauchy"'):
        rc.fit([1.0, 2, 3, 4, 5], families=["cauchy"])


def test_huge_whole_values_are_fitted_as_continuous_data() -> None:
    # Every double from 2^52 on is whole: read as counts, their unit bins had no width and
    # no family fitted ("zero likelihood"), uniform included.
    x = np.arange(1, 7) * 1e149
    fit = rc.fit(x)
    assert "poisson" not in fit.table["family"].to_list()
    uniform = row(fit, "uniform")
    assert uniform["log_likelihood"] == pytest.approx(-6 * np.log(5e149), rel=1e-12)


def test_a_family_outside_its_support_is_left_out_with_the_reason() -> None:
    x = rng(15).normal(0.0, 1.0, 100)
    fit = rc.fit(x, ["normal", "lognormal", "gamma"])
    assert fit.table["family"].to_list() == ["normal", "lognormal", "gamma"]
    left = row(fit, "lognormal")
    assert left["aic"] is None and "above 0" in left["note"]
    assert list(fit.distributions) == ["normal"]
