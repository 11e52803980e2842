"""Distributions against closed forms and scipy.

Every sampled statistic is compared with scipy's closed form within 4 standard errors
(computed here from scipy's variance and kurtosis), the sample's shape is tested with a
Kolmogorov-Smirnov test (chi-square for discrete families), and ``ppf`` is compared with
scipy's ``ppf``. Seeds are fixed, so every test is deterministic.
"""

from __future__ import annotations

import inspect
import math
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from repave_cost import _core
from scipy import stats

DOCS = Path(__file__).resolve().parent.parent / "docs"

N = 200_000
Z95 = float(stats.norm.ppf(0.95))


@dataclass(frozen=True)
class Case:
    """One distribution with its scipy counterpart."""

    name: str
    make: Callable[[], rc.Distribution]
    scipy: Any  # a frozen scipy distribution
    discrete: bool = False
    #: Finite support for discrete families (None: use the scipy distribution's ppf range).
    support: tuple[float, ...] | None = None


def pert_scipy(low: float, mode: float, high: float, lam: float = 4.0) -> Any:
    r = high - low
    return stats.beta(a=1 + lam * (mode - low) / r, b=1 + lam * (high - mode) / r, loc=low, scale=r)


def triangular_scipy(low: float, mode: float, high: float) -> Any:
    return stats.triang(c=(mode - low) / (high - low), loc=low, scale=high - low)


def truncnorm_scipy(mean: float, sd: float, low: float, high: float) -> Any:
    return stats.truncnorm((low - mean) / sd, (high - mean) / sd, loc=mean, scale=sd)


def table_scipy(values: list[float], weights: list[float] | None = None) -> Any:
    """scipy's rv_discrete for a weighted table, merging repeated values."""
    w = np.ones(len(values)) if weights is None else np.asarray(weights, dtype=float)
    xk, inverse = np.unique(np.asarray(values, dtype=float), return_inverse=True)
    pk = np.bincount(inverse, weights=w) / w.sum()
    keep = pk > 0
    return stats.rv_discrete(values=(xk[keep], pk[keep]))


EMPIRICAL_DATA = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.9, 7.25]

CASES = [
    Case("fixed", lambda: rc.fixed(3.5), stats.rv_discrete(values=([3.5], [1.0])), True, (3.5,)),
    Case("uniform", lambda: rc.uniform(2, 5), stats.uniform(loc=2, scale=3)),
    Case("uniform_neg", lambda: rc.uniform(-10.5, -0.25), stats.uniform(loc=-10.5, scale=10.25)),
    Case("triangular", lambda: rc.triangular(1, 2, 6), triangular_scipy(1, 2, 6)),
    Case("triangular_mode_low", lambda: rc.triangular(0, 0, 4), triangular_scipy(0, 0, 4)),
    Case("triangular_mode_high", lambda: rc.triangular(3, 7, 7), triangular_scipy(3, 7, 7)),
    Case("pert", lambda: rc.pert(1, 3, 8), pert_scipy(1, 3, 8)),
    Case("pert_lambda2", lambda: rc.pert(1, 3, 8, lambda_=2), pert_scipy(1, 3, 8, 2)),
    Case("pert_lambda9", lambda: rc.pert(65, 95, 180, lambda_=9.5), pert_scipy(65, 95, 180, 9.5)),
    Case("pert_mode_high", lambda: rc.pert(0, 10, 10), pert_scipy(0, 10, 10)),
    Case("normal", lambda: rc.normal(10, 2), stats.norm(loc=10, scale=2)),
    Case("normal_low", lambda: rc.normal(0, 1, low=-0.5), truncnorm_scipy(0, 1, -0.5, math.inf)),
    Case("normal_high", lambda: rc.normal(5, 2, high=4), truncnorm_scipy(5, 2, -math.inf, 4)),
    Case("normal_both", lambda: rc.normal(1, 2, low=0, high=3), truncnorm_scipy(1, 2, 0, 3)),
    Case("normal_tail", lambda: rc.normal(0, 1, low=2, high=5), truncnorm_scipy(0, 1, 2, 5)),
    Case("lognormal", lambda: rc.lognormal(1, 0.5), stats.lognorm(s=0.5, scale=math.e)),
    Case(
        "lognormal_small",
        lambda: rc.lognormal(-3.5, 0.3),
        stats.lognorm(s=0.3, scale=math.exp(-3.5)),
    ),
    Case(
        "lognormal_ci90",
        lambda: rc.lognormal_ci90(5, 40),
        stats.lognorm(s=math.log(8) / (2 * Z95), scale=math.sqrt(5 * 40)),
    ),
    Case("beta", lambda: rc.beta(2, 5), stats.beta(2, 5)),
    Case("beta_u", lambda: rc.beta(0.5, 0.7), stats.beta(0.5, 0.7)),
    Case(
        "beta_scaled",
        lambda: rc.beta(3, 1.5, low=10, high=30),
        stats.beta(3, 1.5, loc=10, scale=20),
    ),
    Case("gamma", lambda: rc.gamma(2.5, 3), stats.gamma(a=2.5, scale=3)),
    Case("gamma_small_shape", lambda: rc.gamma(0.5, 2), stats.gamma(a=0.5, scale=2)),
    Case("gamma_large_shape", lambda: rc.gamma(40, 0.25), stats.gamma(a=40, scale=0.25)),
    Case("gamma_shape_one", lambda: rc.gamma(1, 2), stats.gamma(a=1, scale=2)),
    Case("gamma_shape_100", lambda: rc.gamma(100, 0.5), stats.gamma(a=100, scale=0.5)),
    Case("poisson", lambda: rc.poisson(3.7), stats.poisson(3.7), True),
    Case("poisson_small", lambda: rc.poisson(0.4), stats.poisson(0.4), True),
    Case("poisson_large", lambda: rc.poisson(250), stats.poisson(250), True),
    Case("bernoulli", lambda: rc.bernoulli(0.3), stats.bernoulli(0.3), True, (0.0, 1.0)),
    Case("bernoulli_high", lambda: rc.bernoulli(0.95), stats.bernoulli(0.95), True, (0.0, 1.0)),
    Case(
        "discrete",
        lambda: rc.discrete([1, 2.5, 7], [0.2, 0.5, 0.3]),
        table_scipy([1, 2.5, 7], [0.2, 0.5, 0.3]),
        True,
        (1.0, 2.5, 7.0),
    ),
    Case(
        "discrete_zero_weight",
        lambda: rc.discrete([40, 10, 20, 30], [6, 1, 0, 3]),
        table_scipy([40, 10, 20, 30], [6, 1, 0, 3]),
        True,
        (10.0, 30.0, 40.0),
    ),
    Case(
        "discrete_equal",
        lambda: rc.discrete([-2, 0, 2, 0]),
        table_scipy([-2, 0, 2, 0]),
        True,
        (-2.0, 0.0, 2.0),
    ),
    Case(
        "empirical",
        lambda: rc.empirical(EMPIRICAL_DATA),
        table_scipy(EMPIRICAL_DATA),
        True,
        tuple(sorted(set(EMPIRICAL_DATA))),
    ),
]

FAMILIES = {
    "fixed",
    "uniform",
    "triangular",
    "pert",
    "normal",
    "lognormal",
    "lognormal_ci90",
    "beta",
    "gamma",
    "poisson",
    "bernoulli",
    "discrete",
    "empirical",
}


def test_every_family_is_covered() -> None:
    assert {c.make().family for c in CASES} == FAMILIES
    assert {f["name"] for f in _core.families()} == FAMILIES


def test_every_declared_family_has_a_constructor_with_its_declared_fields() -> None:
    for family in _core.families():
        name = family["name"]
        assert name in rc.__all__
        params = list(inspect.signature(getattr(rc, name)).parameters.values())
        fields = family["fields"]
        assert [p.name for p in params] == [f["python_name"] for f in fields], name
        for param, field in zip(params, fields):
            if field["default"] is not None:
                expected: object = field["default"]
            elif field["kind"].startswith("optional"):
                expected = None
            else:
                expected = inspect.Parameter.empty
            assert param.default == expected, (name, param.name)


def families_table() -> str:
    """The families table of docs/scenario-format.md, from the core's declarations."""
    lines = ["| `dist` | fields | notes |", "| --- | --- | --- |"]
    for family in _core.families():
        shown = []
        for field in family["fields"]:
            text = f"`{field['name']}`"
            if field["kind"].startswith("optional"):
                text = f"optional {text}"
            notes = [] if field["range"] in ("", "finite") else [field["range"]]
            if field["default"] is not None:
                notes.append(f"default {field['default']:g}")
            if notes:
                text += f" ({'; '.join(notes)})"
            shown.append(text)
        notes = f" {family['notes']} " if family["notes"] else " "
        lines.append(f"| `{family['name']}` | {', '.join(shown)} |{notes}|")
    return "\n".join(lines) + "\n"


def test_docs_families_table_is_the_declared_one() -> None:
    text = DOCS.joinpath("scenario-format.md").read_text(encoding="utf-8")
    start = text.index("| `dist` | fields | notes |")
    end = text.index("\n\n", start) + 1
    assert text[start:end] == families_table(), "regenerate the table with families_table()"


def case_seed(case: Case) -> int:
    """A fixed, distinct seed per case."""
    return 1000 + [c.name for c in CASES].index(case.name)


def draws(case: Case, method: str = "random") -> np.ndarray:
    series = case.make().sample(N, seed=case_seed(case), method=method)
    assert isinstance(series, pl.Series)
    assert series.dtype == pl.Float64
    assert series.len() == N
    return series.to_numpy()


def scipy_moments(case: Case) -> tuple[float, float, float]:
    """Mean, variance and 4th central moment, from scipy's closed forms."""
    mean, var, kurt = (float(x) for x in case.scipy.stats(moments="mvk"))
    mu4 = (kurt + 3.0) * var * var if var > 0 else 0.0
    return mean, var, mu4


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_mean_and_variance_match_scipy(case: Case) -> None:
    mean, var, _ = scipy_moments(case)
    d = case.make()
    assert d.mean() == pytest.approx(mean, rel=1e-9, abs=1e-12)
    assert d.variance() == pytest.approx(var, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("method", ["random", "lhs"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_sample_moments_within_four_standard_errors(case: Case, method: str) -> None:
    mean, var, mu4 = scipy_moments(case)
    x = draws(case, method)
    se_mean = math.sqrt(var / N)
    # Var(s^2) = (mu4 - var^2 (N - 3) / (N - 1)) / N.
    se_var = math.sqrt(max(mu4 - var * var * (N - 3) / (N - 1), 0.0) / N)
    assert abs(x.mean() - mean) <= 4 * se_mean + 1e-12 * max(abs(mean), 1.0)
    assert abs(x.var(ddof=1) - var) <= 4 * se_var + 1e-12 * max(var, 1.0)


def chi_square_pvalue(case: Case, x: np.ndarray) -> float:
    """Chi-square goodness of fit over the support, bins merged to expect at least 5."""
    if case.support is not None:
        xk = np.asarray(case.support)
    else:
        lo, hi = case.scipy.ppf(1e-12), case.scipy.ppf(1 - 1e-12)
        xk = np.arange(lo, hi + 1)
    assert np.isin(x, xk).all(), "a draw fell outside the support"
    expected = case.scipy.pmf(xk) * len(x)
    # Put the mass beyond the listed support (Poisson tails) into the end bins.
    expected[0] += case.scipy.cdf(xk[0] - 0.5) * len(x) - 0.0
    expected[-1] += case.scipy.sf(xk[-1]) * len(x)
    observed = np.array([(x == v).sum() for v in xk], dtype=float)
    obs_bins: list[float] = []
    exp_bins: list[float] = []
    acc_o = acc_e = 0.0
    for o, e in zip(observed, expected):
        acc_o += o
        acc_e += e
        if acc_e >= 5:
            obs_bins.append(acc_o)
            exp_bins.append(acc_e)
            acc_o = acc_e = 0.0
    if acc_e > 0 or acc_o > 0:
        obs_bins[-1] += acc_o
        exp_bins[-1] += acc_e
    if len(obs_bins) < 2:  # a point mass: every draw must be that value
        return 1.0 if observed.sum() == len(x) else 0.0
    return float(stats.chisquare(obs_bins, exp_bins).pvalue)


@pytest.mark.parametrize("method", ["random", "lhs"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_sample_distribution_matches_scipy(case: Case, method: str) -> None:
    x = draws(case, method)
    if case.discrete:
        p = chi_square_pvalue(case, x)
    else:
        p = float(stats.kstest(x, case.scipy.cdf).pvalue)
    assert p > 0.001


QS = np.concatenate(
    [
        [1e-9, 1e-6, 1e-4, 0.001, 0.01],
        np.linspace(0.0125, 0.9875, 79),
        [0.99, 0.999, 1 - 1e-4, 1 - 1e-6],
    ]
)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_ppf_matches_scipy(case: Case) -> None:
    d = case.make()
    ours = d.ppf(QS)
    theirs = case.scipy.ppf(QS)
    if case.discrete:
        # Equal except within rounding of a CDF jump, where either side is right.
        jumps = case.scipy.cdf(np.unique(theirs))
        away = np.min(np.abs(QS[:, None] - jumps[None, :]), axis=1) > 1e-12
        assert away.sum() > len(QS) // 2
        np.testing.assert_array_equal(ours[away], theirs[away])
    else:
        scale = math.sqrt(case.scipy.var())
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12 * scale)
    # Scalars give floats; arrays keep their shape.
    assert isinstance(d.ppf(0.3), float)
    assert d.ppf(float(QS[40])) == ours[40]
    grid = QS[:88].reshape(4, 22)
    np.testing.assert_array_equal(d.ppf(grid), ours[:88].reshape(4, 22))


TINY_SHAPES = [
    Case("beta_0.05_2", lambda: rc.beta(0.05, 2), stats.beta(0.05, 2)),
    Case("beta_0.1_1", lambda: rc.beta(0.1, 1), stats.beta(0.1, 1)),
    Case("beta_0.05_0.1", lambda: rc.beta(0.05, 0.1), stats.beta(0.05, 0.1)),
    Case("beta_3_0.05", lambda: rc.beta(3, 0.05), stats.beta(3, 0.05)),
    Case("gamma_0.05", lambda: rc.gamma(0.05, 2), stats.gamma(a=0.05, scale=2)),
    Case("gamma_0.01", lambda: rc.gamma(0.01, 1), stats.gamma(a=0.01, scale=1)),
]

#: Both far tails down to 1e-12, and the body.
TAIL_QS = np.concatenate(
    [np.logspace(-12, -1, 45), np.linspace(0.1, 0.9, 17), 1 - np.logspace(-1, -12, 45)]
)


@pytest.mark.parametrize("case", TINY_SHAPES, ids=lambda c: c.name)
def test_ppf_matches_scipy_for_tiny_shapes(case: Case) -> None:
    # Shapes far below 1 put the quantiles down to 1e-300 (x ~ q^(1/shape)); the solver
    # used to stop far from them. Quantiles scipy puts below the smallest normal double
    # may be 0 here.
    ours = case.make().ppf(TAIL_QS)
    theirs = case.scipy.ppf(TAIL_QS)
    normal = theirs >= np.finfo(float).tiny
    assert normal.sum() > len(TAIL_QS) // 2
    np.testing.assert_allclose(ours[normal], theirs[normal], rtol=1e-9, atol=0)
    assert np.all(ours[~normal] < 1e-300)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_ppf_endpoints_are_the_support(case: Case) -> None:
    d = case.make()
    lo, hi = d.support()
    assert d.ppf(1.0) == hi
    if not case.discrete:
        assert d.ppf(0.0) == lo
        assert (lo, hi) == tuple(case.scipy.support())
    else:
        assert case.scipy.support()[1] == hi


def test_ppf_of_nested_lists_and_zero_dim() -> None:
    d = rc.uniform(0, 10)
    np.testing.assert_allclose(d.ppf([[0.1, 0.2], [0.3, 0.4]]), [[1, 2], [3, 4]], rtol=1e-15)
    assert d.ppf(np.float32(0.5)) == 5.0
    assert d.ppf(np.array(0.25)).shape == ()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_to_dict_round_trip_pickle_and_equality(case: Case) -> None:
    d = case.make()
    spec = d.to_dict()
    assert spec["dist"] == d.family
    again = rc.Distribution.from_dict(spec)
    assert again == d
    assert hash(again) == hash(d)
    assert pickle.loads(pickle.dumps(d)) == d
    assert pickle.loads(pickle.dumps(d.core)) == d.core
    assert rc.Distribution.from_json(d.to_json()) == d
    assert eval(repr(d), {k: getattr(rc, k) for k in rc.__all__}) == d  # noqa: S307


def test_specs_use_file_names_and_defaults() -> None:
    assert rc.pert(1, 3, 8).to_dict() == {"dist": "pert", "low": 1, "mode": 3, "high": 8}
    assert rc.pert(1, 3, 8, lambda_=2).to_dict()["lambda"] == 2
    assert rc.Distribution.from_dict(
        {"dist": "pert", "low": 1, "mode": 3, "high": 8, "lambda": 2}
    ) == rc.pert(1, 3, 8, lambda_=2)
    assert rc.normal(0, 1).to_dict() == {"dist": "normal", "mean": 0, "sd": 1}
    assert rc.normal(0, 1, high=2).to_dict() == {"dist": "normal", "mean": 0, "sd": 1, "high": 2}
    assert rc.pert(1, 3, 8) != rc.pert(1, 3, 8, lambda_=4.5)
    assert rc.pert(1, 3, 8) != "pert"
    assert repr(rc.pert(1, 3, 8)) == "pert(low=1, mode=3, high=8)"
    assert repr(rc.lognormal(0.5, 1e-7)) == "lognormal(mu=0.5, sigma=1e-7)"
    assert hash(rc.fixed(0.0)) == hash(rc.fixed(-0.0))
    assert rc.fixed(0.0) == rc.fixed(-0.0)


def test_numpy_scalars_are_accepted() -> None:
    assert rc.pert(np.int64(1), np.float32(3), np.float64(8)) == rc.pert(1, 3, 8)
    assert rc.discrete(np.array([1, 2]), np.array([1.0, 3.0])) == rc.discrete([1, 2], [1, 3])


@pytest.mark.parametrize(
    ("make", "param"),
    [
        (lambda: rc.pert("a", 1, 2), "low"),
        (lambda: rc.pert(True, 1, 2), "low"),
        (lambda: rc.normal(0, None), "sd"),
        (lambda: rc.uniform(0, [1]), "high"),
        (lambda: rc.discrete("abc"), "values"),
        (lambda: rc.discrete([1, "x"]), "values[1]"),
        (lambda: rc.empirical(3), "samples"),
        (lambda: rc.pert(1, 3, 8).sample(10.0), "n"),
        (lambda: rc.pert(1, 3, 8).sample(10, seed=1.5), "seed"),
        (lambda: rc.pert(1, 3, 8).sample(10, method=1), "method"),
        (lambda: rc.pert(1, 3, 8).ppf("0.5"), "q"),
    ],
)
def test_wrong_types_raise_type_error(make: Callable[[], object], param: str) -> None:
    with pytest.raises(TypeError, match=param.replace("[", r"\[").replace("]", r"\]")):
        make()


NAN, INF = float("nan"), float("inf")

INVALID = [
    ("negative_sd", lambda: rc.normal(0, -1), "sd"),
    ("zero_sd", lambda: rc.normal(0, 0), "sd"),
    ("nan_mean", lambda: rc.normal(NAN, 1), "mean"),
    ("truncation_inverted", lambda: rc.normal(0, 1, low=2, high=1), "high"),
    ("truncation_empty", lambda: rc.normal(0, 1, low=50, high=60), "low"),
    ("inf_low_bound", lambda: rc.normal(0, 1, low=-INF), "low"),
    ("uniform_low_above_high", lambda: rc.uniform(5, 1), "high"),
    ("uniform_equal", lambda: rc.uniform(1, 1), "high"),
    ("uniform_nan", lambda: rc.uniform(NAN, 1), "low"),
    ("uniform_inf", lambda: rc.uniform(0, INF), "high"),
    ("triangular_mode_above", lambda: rc.triangular(0, 5, 4), "mode"),
    ("triangular_mode_below", lambda: rc.triangular(0, -1, 4), "mode"),
    ("pert_mode_above", lambda: rc.pert(1, 9, 8), "mode"),
    ("pert_low_above_high", lambda: rc.pert(5, 5, 3), "high"),
    ("pert_lambda_zero", lambda: rc.pert(1, 3, 8, lambda_=0), "lambda"),
    ("pert_lambda_nan", lambda: rc.pert(1, 3, 8, lambda_=NAN), "lambda"),
    ("pert_mode_nan", lambda: rc.pert(1, NAN, 8), "mode"),
    ("lognormal_sigma", lambda: rc.lognormal(0, -0.5), "sigma"),
    ("lognormal_mu_inf", lambda: rc.lognormal(INF, 1), "mu"),
    ("ci90_inverted", lambda: rc.lognormal_ci90(10, 5), "p95"),
    ("ci90_equal", lambda: rc.lognormal_ci90(10, 10), "p95"),
    ("ci90_zero_p5", lambda: rc.lognormal_ci90(0, 5), "p5"),
    ("beta_alpha", lambda: rc.beta(0, 1), "alpha"),
    ("beta_beta", lambda: rc.beta(1, -2), "beta"),
    ("beta_bounds", lambda: rc.beta(1, 2, low=3, high=3), "high"),
    ("gamma_zero_shape", lambda: rc.gamma(0, 1), "shape"),
    ("gamma_scale_inf", lambda: rc.gamma(1, INF), "scale"),
    ("poisson_negative", lambda: rc.poisson(-1), "mean"),
    ("poisson_nan", lambda: rc.poisson(NAN), "mean"),
    ("bernoulli_above", lambda: rc.bernoulli(1.5), "p"),
    ("bernoulli_below", lambda: rc.bernoulli(-0.1), "p"),
    ("bernoulli_nan", lambda: rc.bernoulli(NAN), "p"),
    ("fixed_inf", lambda: rc.fixed(INF), "value"),
    ("empirical_empty", lambda: rc.empirical([]), "samples"),
    ("empirical_nan", lambda: rc.empirical([1, NAN]), "samples"),
    ("discrete_empty", lambda: rc.discrete([]), "values"),
    ("weights_mismatch", lambda: rc.discrete([1, 2], [1]), "weights"),
    ("weights_all_zero", lambda: rc.discrete([1, 2], [0, 0]), "weights"),
    ("weights_negative", lambda: rc.discrete([1, 2], [1, -1]), "weights"),
    ("ppf_above_one", lambda: rc.pert(1, 3, 8).ppf(1.5), "q"),
    ("ppf_negative", lambda: rc.pert(1, 3, 8).ppf(-0.1), "q"),
    ("ppf_nan", lambda: rc.pert(1, 3, 8).ppf(NAN), "q"),
    ("ppf_array", lambda: rc.pert(1, 3, 8).ppf([0.5, 2.0]), "q"),
    ("sample_negative_n", lambda: rc.pert(1, 3, 8).sample(-1), "n"),
    ("sample_bad_method", lambda: rc.pert(1, 3, 8).sample(10, method="halton"), "method"),
    ("sample_negative_seed", lambda: rc.pert(1, 3, 8).sample(10, seed=-1), "seed"),
    ("sample_huge_seed", lambda: rc.pert(1, 3, 8).sample(10, seed=2**64), "seed"),
    ("from_dict_nan", lambda: rc.Distribution.from_dict({"dist": "fixed", "value": NAN}), "value"),
    ("from_dict_family", lambda: rc.Distribution.from_dict({"dist": "cauchy"}), "cauchy"),
    (
        "from_dict_missing",
        lambda: rc.Distribution.from_dict({"dist": "pert", "low": 1, "high": 8}),
        "mode",
    ),
    (
        "from_dict_unknown_field",
        lambda: rc.Distribution.from_dict({"dist": "uniform", "low": 0, "high": 1, "hgh": 2}),
        "hgh",
    ),
    (
        "from_dict_bool",
        lambda: rc.Distribution.from_dict({"dist": "fixed", "value": True}),
        "value",
    ),
    (
        "from_dict_numpy_bool",
        lambda: rc.Distribution.from_dict({"dist": "fixed", "value": np.bool_(True)}),
        "value",
    ),
    (
        "from_dict_list_item",
        lambda: rc.Distribution.from_dict({"dist": "empirical", "samples": [1, "x"]}),
        r"samples\[1\]",
    ),
    (
        "from_dict_list_for_number",
        lambda: rc.Distribution.from_dict({"dist": "uniform", "low": 0, "high": [1]}),
        "high",
    ),
    (
        "from_dict_number_for_list",
        lambda: rc.Distribution.from_dict({"dist": "empirical", "samples": 3}),
        "samples",
    ),
    (
        "from_dict_huge_int",
        lambda: rc.Distribution.from_dict({"dist": "fixed", "value": 2**2000}),
        "value",
    ),
    ("from_dict_no_dist", lambda: rc.Distribution.from_dict({"value": 1}), "dist"),
    ("from_dict_dist_not_str", lambda: rc.Distribution.from_dict({"dist": 3}), "dist"),
    (
        "from_dict_key_not_str",
        lambda: rc.Distribution.from_dict({"dist": "fixed", "value": 1, 2: 3}),
        "keys must be str",
    ),
    (
        "from_dict_wrong_type",
        lambda: rc.Distribution.from_dict({"dist": "uniform", "low": "0", "high": 1}),
        "low",
    ),
]


@pytest.mark.parametrize(("make", "param"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_parameters_raise_value_error_naming_them(
    make: Callable[[], object], param: str
) -> None:
    with pytest.raises(ValueError, match=param) as info:
        make()
    assert isinstance(info.value, rc.ScenarioError)


def test_from_dict_reads_numpy_scalars_tuples_and_none_as_absent() -> None:
    spec = {"dist": "normal", "mean": np.float32(1.5), "sd": np.int64(2), "low": None}
    assert rc.Distribution.from_dict(spec) == rc.normal(1.5, 2)
    assert rc.Distribution.from_dict({"dist": "discrete", "values": (1, 2)}) == rc.discrete([1, 2])


# rc.pert(1, 3, 8, lambda_=2.5) pickled (protocol 4) by `Distribution.__reduce__`, which
# this refactor leaves as it was: the spec's JSON through `Distribution.from_json`. Older
# pickles must keep loading to an equal distribution.
OLD_PICKLE = (
    b"\x80\x04\x95\x98\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x94\x8c\x07getattr\x94"
    b"\x93\x94\x8c\x19repave_cost.distributions\x94\x8c\x0cDistribution\x94\x93\x94"
    b"\x8c\tfrom_json\x94\x86\x94R\x94\x8c<"
    b'{"dist":"pert","low":1.0,"mode":3.0,"high":8.0,"lambda":2.5}\x94\x85\x94R\x94.'
)


def test_pickles_from_before_still_load() -> None:
    assert pickle.loads(OLD_PICKLE) == rc.pert(1, 3, 8, lambda_=2.5)  # noqa: S301


def test_error_hierarchy() -> None:
    assert issubclass(rc.DistributionError, rc.ScenarioError)
    assert issubclass(rc.ScenarioError, ValueError)
    assert not issubclass(rc.RepaveCostError, ValueError)
    with pytest.raises(rc.DistributionError):
        rc.normal(0, -1)


def test_distribution_wraps_only_core_objects() -> None:
    with pytest.raises(TypeError):
        rc.Distribution({"dist": "fixed", "value": 1})  # type: ignore[arg-type]


def test_sample_zero_draws_and_fixed() -> None:
    assert rc.pert(1, 3, 8).sample(0).len() == 0
    assert (rc.fixed(2.5).sample(1000).to_numpy() == 2.5).all()


@pytest.mark.parametrize(("low", "high"), [(7.0, None), (5.0, None), (6.5, 6.6), (3.0, 9.0)])
def test_a_normal_truncated_in_its_upper_tail_matches_scipy(low: float, high: float | None) -> None:
    # 1 − Φ(z) cancelled above the mean: normal(0, 1, low=7) had a variance 12% off and an
    # infinite 0.999999-quantile, and a scenario with such a rate failed with "the total cost
    # reaches inf". Computed on the mirror image (−X, truncated below the mean) it is exact.
    from scipy import stats

    d = rc.normal(0, 1, low=low, high=high)
    t = stats.truncnorm(low, math.inf if high is None else high)
    assert d.mean() == pytest.approx(t.mean(), rel=1e-12)
    assert d.variance() == pytest.approx(t.var(), rel=1e-8)
    for q in (1e-9, 1e-6, 0.25, 0.5, 0.75, 1 - 1e-6, 1 - 1e-12):
        assert d.ppf(q) == pytest.approx(t.ppf(q), rel=1e-12), q
    x = np.asarray(d.sample(16_384, seed=3, method="lhs"), dtype=float)
    assert np.isfinite(x).all() and x.min() >= low
    assert stats.kstest(x, t.cdf).pvalue > 0.001
    # Still rising with q (a copula or Iman–Conover reads the quantile as monotone).
    qs = np.linspace(0.001, 0.999, 999)
    assert (np.diff([d.ppf(q) for q in qs]) > 0).all()


def test_a_scenario_rate_far_above_its_mean_simulates() -> None:
    s = rc.Scenario.preset("fleet").replace(
        {"staffing.sre.rate": {"dist": "normal", "mean": 100, "sd": 10, "low": 170}}
    )
    for method in ("random", "lhs", "sobol"):
        r = rc.simulate(s, trials=16_384, seed=2, method=method, progress=False)
        rate = r.trials["staffing.sre.rate"]
        assert rate.min() >= 170 and rate.max() < 190, method  # z = 9: P = 1e-19


def test_weights_whose_sum_overflows_are_proportions_still() -> None:
    # 1e308 + 1e308 overflowed and the check said "weights must not all be 0".
    d = rc.discrete([1.0, 2.0], [1e308, 1e308])
    assert d.mean() == 1.5
    assert rc.discrete([1.0, 2.0], [1e308, 3e307]).mean() == pytest.approx(
        (1e308 + 2 * 3e307) / 1.3e308, rel=1e-15
    )


def test_the_zero_quantile_of_a_poisson_is_zero() -> None:
    # It was the edge of the window searched: 959,960 for a mean of 1e6.
    for mean in (3.5, 1e4, 1e6):
        assert rc.poisson(mean).ppf(0.0) == 0.0


@pytest.mark.parametrize(
    ("make", "param", "said"),
    [
        # Accepted before, then every draw was inf (or the PERT's shapes NaN, "alpha must be
        # a finite number, got NaN" about a parameter nobody passed).
        (lambda: rc.uniform(-1e308, 1e308), "high", "high − low must be a finite width"),
        (lambda: rc.triangular(-1e308, 0, 1e308), "high", "high − low must be a finite width"),
        (lambda: rc.pert(-1e308, 0, 1e308), "high", "high − low must be a finite width"),
        (lambda: rc.lognormal(1000, 1), "mu", "mu + sigma²/2 must be at most 709.78"),
        (lambda: rc.lognormal(0, 40), "sigma", "got 800"),
        (lambda: rc.lognormal_ci90(1, 1e308), "p95", "overflows"),
    ],
)
def test_a_range_whose_draws_would_overflow_is_refused(
    make: Callable[[], Any], param: str, said: str
) -> None:
    with pytest.raises(rc.DistributionError) as err:
        make()
    assert err.value.param == param
    assert said in str(err.value)


def test_wide_but_finite_ranges_still_work() -> None:
    assert rc.uniform(-1e307, 1e307).sample(100, seed=1).abs().max() <= 1e307
    assert math.isfinite(rc.lognormal(700, 1).mean())
