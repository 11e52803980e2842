"""Joint sampling (strata, determinism, interruption) and sample statistics."""

from __future__ import annotations

import math
import sys
import time
from typing import Any, Callable

import numpy as np
import polars as pl
import pytest
import repave_cost as rc
from _helpers import (
    STOP_WITHIN,
    UNCANCELLED_FACTOR,
    interrupt_once_started,
    seconds_per_trial,
    trials_lasting,
)
from conftest import run_python
from scipy import stats

MIXED = {
    "hours": rc.pert(1, 3, 8),
    "rate": rc.pert(65, 95, 180, lambda_=6),
    "incident": rc.lognormal_ci90(2_000, 60_000),
    "share": rc.beta(2, 30),
    "failures": rc.poisson(3.7),
    "nodes": rc.discrete([100, 200, 400], [1, 3, 1]),
    "outage": rc.bernoulli(0.05),
    "build": rc.normal(4, 1.5, low=0.5),
    "fixed": rc.fixed(12.5),
}


def test_sample_returns_one_float_column_per_input_in_order() -> None:
    df = rc.sample(MIXED, 1234, seed=5)
    assert isinstance(df, pl.DataFrame)
    assert df.columns == list(MIXED)
    assert df.height == 1234
    assert all(dt == pl.Float64 for dt in df.dtypes)
    assert (df["fixed"] == 12.5).all()
    assert rc.sample(MIXED, 0).shape == (0, len(MIXED))
    assert rc.sample({}, 10).shape == (0, 0)


@pytest.mark.parametrize("method", ["random", "lhs"])
def test_a_column_depends_only_on_its_key(method: str) -> None:
    alone = rc.sample({"hours": MIXED["hours"]}, 20_000, seed=3, method=method)
    together = rc.sample(MIXED, 20_000, seed=3, method=method)
    assert alone["hours"].equals(together["hours"])
    renamed = rc.sample({"hours2": MIXED["hours"]}, 20_000, seed=3, method=method)
    assert not renamed["hours2"].equals(alone["hours"])
    # Distribution.sample draws from the stream keyed "value".
    one = MIXED["hours"].sample(20_000, seed=3, method=method)
    assert one.equals(rc.sample({"value": MIXED["hours"]}, 20_000, seed=3, method=method)["value"])


@pytest.mark.parametrize("method", ["random", "lhs"])
def test_same_seed_repeats_and_other_seeds_differ(method: str) -> None:
    a = rc.sample(MIXED, 10_000, seed=11, method=method)
    assert a.equals(rc.sample(MIXED, 10_000, seed=11, method=method))
    b = rc.sample(MIXED, 10_000, seed=12, method=method)
    for key in ("hours", "rate", "incident", "share", "build"):
        assert not np.array_equal(a[key].to_numpy(), b[key].to_numpy())
    other = "lhs" if method == "random" else "random"
    c = rc.sample(MIXED, 10_000, seed=11, method=other)
    assert not np.array_equal(a["hours"].to_numpy(), c["hours"].to_numpy())
    assert rc.sample(MIXED, 10, seed=2**64 - 1).height == 10


def test_lhs_puts_exactly_one_draw_in_each_stratum() -> None:
    n = 10_000
    inputs = {"u": rc.uniform(0, 1), "pert": rc.pert(1, 3, 8), "gamma": rc.gamma(2.5, 3)}
    cdfs: dict[str, Callable[[Any], Any]] = {
        "u": stats.uniform(0, 1).cdf,
        "pert": stats.beta(a=1 + 4 * 2 / 7, b=1 + 4 * 5 / 7, loc=1, scale=7).cdf,
        "gamma": stats.gamma(a=2.5, scale=3).cdf,
    }
    df = rc.sample(inputs, n, seed=21, method="lhs")
    for key, cdf in cdfs.items():
        strata = np.floor(cdf(df[key].to_numpy()) * n).astype(np.int64)
        np.testing.assert_array_equal(np.sort(strata), np.arange(n), err_msg=key)
    # Strata are paired at random: the inputs' ranks are not correlated.
    rho = stats.spearmanr(df["u"].to_numpy(), df["pert"].to_numpy()).statistic
    assert abs(rho) < 4 / math.sqrt(n)


def lhs_positions(x: np.ndarray, cdf: Callable[[Any], Any]) -> tuple[np.ndarray, np.ndarray]:
    """Each Latin hypercube draw's stratum and its position within it, in [0, 1)."""
    scaled = cdf(x) * x.size
    strata = np.floor(scaled).astype(np.int64)
    return strata, scaled - strata


def test_lhs_draws_spread_uniformly_within_their_strata_and_depend_on_the_seed() -> None:
    # Each draw is (stratum + U) / n with U uniform on (0, 1): the position within the
    # stratum is itself uniform, and a fresh one for every seed and every input (not, for
    # instance, the stratum's midpoint).
    n = 20_000
    cdfs: dict[str, Callable[[Any], Any]] = {
        "u": stats.uniform(0, 1).cdf,
        "pert": stats.beta(a=1 + 4 * 2 / 7, b=1 + 4 * 5 / 7, loc=1, scale=7).cdf,
    }
    inputs = {"u": rc.uniform(0, 1), "pert": rc.pert(1, 3, 8)}
    by_seed = []
    for seed in (3, 4):
        df = rc.sample(inputs, n, seed=seed, method="lhs")
        per_input = {}
        for key, cdf in cdfs.items():
            strata, pos = lhs_positions(df[key].to_numpy(), cdf)
            # Uniform on [0, 1): mean 1/2 and variance 1/12 within 4 standard errors
            # (the variance of (U - 1/2)^2 is 1/180), and the whole distribution by KS.
            assert abs(pos.mean() - 0.5) < 4 * math.sqrt(1 / 12 / n), key
            assert abs(pos.var() - 1 / 12) < 4 * math.sqrt(1 / 180 / n), key
            assert stats.kstest(pos, "uniform").pvalue > 1e-4, key
            ordered = np.empty(n)
            ordered[strata] = pos
            per_input[key] = ordered
        # The positions of two inputs in the same stratum are unrelated.
        r = np.corrcoef(per_input["u"], per_input["pert"])[0, 1]
        assert abs(r) < 4 / math.sqrt(n)
        by_seed.append(per_input)
    for key in cdfs:
        r = np.corrcoef(by_seed[0][key], by_seed[1][key])[0, 1]
        assert abs(r) < 4 / math.sqrt(n), key


def test_random_method_is_not_stratified() -> None:
    n = 10_000
    x = rc.uniform(0, 1).sample(n, seed=4).to_numpy()
    counts = np.bincount(np.floor(x * n).astype(np.int64), minlength=n)
    # About n/e strata are empty for independent draws.
    assert abs((counts == 0).sum() - n / math.e) < 4 * math.sqrt(n * 0.2325)


DIGEST_SCRIPT = """
import hashlib
import repave_cost as rc
inputs = {
    "a": rc.pert(1, 3, 8), "b": rc.gamma(2.5, 3), "c": rc.normal(1, 2, low=0, high=3),
    "d": rc.poisson(3.7), "e": rc.empirical([1, 2, 2, 5, 9]), "f": rc.lognormal(0, 1),
}
h = hashlib.sha256()
for method in ("random", "lhs"):
    df = rc.sample(inputs, 50_000, seed=7, method=method)
    for name in df.columns:
        h.update(df[name].to_numpy().tobytes())
    h.update(rc.gamma(2, 2).sample(50_000, seed=9, method=method).to_numpy().tobytes())
print(h.hexdigest())
"""


def test_results_are_identical_on_one_and_two_threads() -> None:
    digests = []
    for threads in ("1", "2"):
        result = run_python(DIGEST_SCRIPT, {"RAYON_NUM_THREADS": threads})
        assert result.returncode == 0, result.stderr
        digests.append(result.stdout.strip())
    assert len(digests[0]) == 64
    assert digests[0] == digests[1]


def test_progress_reports_draws_and_ends_complete() -> None:
    calls: list[tuple[int, int]] = []
    rc.sample(MIXED, 50_000, seed=1, progress=lambda done, total: calls.append((done, total)))
    assert calls, "progress is called at least once, at the end"
    assert calls[-1] == (50_000 * len(MIXED), 50_000 * len(MIXED))
    assert all(d1 <= d2 for (d1, _), (d2, _) in zip(calls, calls[1:]))


#: Two inputs whose Latin hypercube draws invert the beta CDF: slow work in a single call.
SLOW = {"a": rc.pert(1, 3, 8), "b": rc.pert(2, 3, 9)}


def slow_sample(trials: int, **kwargs: Any) -> pl.DataFrame:
    return rc.sample(SLOW, trials, seed=1, method="lhs", **kwargs)


def test_an_error_in_progress_cancels_the_run() -> None:
    class StopRunError(Exception):
        pass

    raised: list[tuple[float, int, int]] = []

    def stop(done: int, total: int) -> None:
        raised.append((time.monotonic(), done, total))
        raise StopRunError(f"{done}/{total}")

    # The first progress call comes after one tick (0.1 s); uncancelled, the run would take
    # many times that plus the allowed stopping time.
    per_trial = seconds_per_trial(slow_sample, 200_000)
    trials = trials_lasting(UNCANCELLED_FACTOR * (0.1 + STOP_WITHIN), per_trial)
    with pytest.raises(StopRunError):
        slow_sample(trials, progress=stop)
    stopped = time.monotonic()
    assert len(raised) == 1
    at, done, total = raised[0]
    assert done < total, "the callback failed only at the end: nothing was cancelled"
    assert stopped - at < STOP_WITHIN


INTERRUPT_SCRIPT = """
import sys
import time
import repave_cost as rc
trials = int(sys.argv[1])
print("started", flush=True)
try:
    rc.sample({"a": rc.pert(1, 3, 8), "b": rc.pert(2, 3, 9)}, trials, seed=1, method="lhs")
except KeyboardInterrupt:
    print(f"stopped {time.monotonic()!r}", flush=True)
    raise
print("finished", flush=True)
"""


#: The most trials ``rc.sample`` takes for two distributions: 8 GiB of 8-byte draws (the
#: limit its error message states). A fast machine draws them in less than
#: ``UNCANCELLED_FACTOR * (1.0 + STOP_WITHIN)`` seconds (in 14 s where 15 were asked, on
#: 2026-12-02), so the delay is 0.5 s: a 10 s run, capped there.
SAMPLE_TRIALS_CAP = 8 * 2**30 // 16


def test_ctrl_c_stops_a_long_run_promptly() -> None:
    delay = 0.5
    uncancelled = UNCANCELLED_FACTOR * (delay + STOP_WITHIN)
    trials = trials_lasting(uncancelled, seconds_per_trial(slow_sample, 200_000))
    trials = min(trials, SAMPLE_TRIALS_CAP)
    run = interrupt_once_started(
        [sys.executable, "-c", INTERRUPT_SCRIPT, str(trials)],
        ready="started",
        delay=delay,
        timeout=3 * uncancelled,
    )
    assert "KeyboardInterrupt" in run.err
    assert "finished" not in run.out
    assert run.code != 0
    assert run.stopped_after is not None, run.out
    assert 0 <= run.stopped_after < STOP_WITHIN


@pytest.mark.parametrize("n", [1, 2, 3, 10, 101, 10_000])
def test_summarize_matches_numpy(n: int) -> None:
    rng = np.random.default_rng(n)
    x = rng.lognormal(1.0, 0.8, size=n)
    if n >= 10:
        x[: n // 10] = x[n // 5]  # ties
    s = rc.summarize(x, threshold=float(np.median(x)))
    assert s["count"] == n
    assert s["mean"] == pytest.approx(x.mean(), rel=1e-12)
    for key, q in [("p5", 0.05), ("p10", 0.1), ("p50", 0.5), ("p90", 0.9), ("p95", 0.95)]:
        assert s[key] == pytest.approx(np.quantile(x, q), rel=1e-12), key
    assert s["min"] == x.min()
    assert s["max"] == x.max()
    assert s["prob_above"] == np.mean(x > np.median(x))
    if n == 1:
        assert s["sd"] is None and s["se"] is None
    else:
        assert s["sd"] == pytest.approx(np.std(x, ddof=1), rel=1e-10)
        assert s["se"] == pytest.approx(np.std(x, ddof=1) / math.sqrt(n), rel=1e-10)


def test_summarize_accepts_series_lists_and_integers() -> None:
    series = rc.pert(1, 3, 8).sample(1000, seed=2)
    assert rc.summarize(series) == rc.summarize(series.to_numpy())
    assert rc.summarize([1, 2, 3, 4], threshold=2.5)["prob_above"] == 0.5
    assert rc.summarize(np.arange(5))["p50"] == 2.0
    strided = np.arange(20.0)[::2]
    assert rc.summarize(strided)["mean"] == 9.0


def test_quantile_and_spearman_match_numpy_and_scipy() -> None:
    rng = np.random.default_rng(8)
    x = rng.normal(size=5000)
    y = x + rng.normal(size=5000)
    y[:100] = 0.0  # ties
    for q in (0.0, 0.01, 0.37, 0.5, 0.99, 1.0):
        assert rc.quantile(x, q) == pytest.approx(np.quantile(x, q), rel=1e-12)
    assert rc.spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, rel=1e-10)
    assert rc.spearman(x, np.ones_like(x)) is None


@pytest.mark.parametrize(
    ("call", "param"),
    [
        (lambda: rc.sample(MIXED, -1), "trials"),
        (lambda: rc.sample(MIXED, 10, seed=-5), "seed"),
        (lambda: rc.sample(MIXED, 10, seed=2**64), "seed"),
        (lambda: rc.sample(MIXED, 10, method="halton"), "method"),
        (lambda: rc.summarize([]), "values"),
        (lambda: rc.summarize([1.0, float("nan")]), "values"),
        (lambda: rc.summarize(pl.Series([1.0, None])), "values"),
        (lambda: rc.summarize([1.0], threshold=float("nan")), "threshold"),
        (lambda: rc.quantile([1.0, 2.0], 1.5), "q"),
        (lambda: rc.quantile([], 0.5), "values"),
        (lambda: rc.spearman([1.0, 2.0], [1.0]), "y"),
        (lambda: rc._core.sample_inputs(["{}"], [], 10), "keys"),
        (lambda: rc._core.sample_inputs(['{"dist": "fixed"}'], ["k"], 10), "value"),
        (lambda: rc._core.sample_inputs([], [], -3), "trials"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(
    call: Callable[[], object], param: str
) -> None:
    with pytest.raises(rc.ScenarioError, match=param):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: rc.sample([("a", rc.pert(1, 3, 8))], 10),
        lambda: rc.sample({1: rc.pert(1, 3, 8)}, 10),
        lambda: rc.sample({"a": {"dist": "fixed", "value": 1}}, 10),
        lambda: rc.sample(MIXED, 10.5),
        lambda: rc.sample(MIXED, True),
        lambda: rc.sample(MIXED, 10, progress=3),
        lambda: rc.summarize("abc"),
        lambda: rc.summarize(np.ones((2, 2))),
    ],
)
def test_wrong_types_raise_type_error(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError):
        call()


def test_demo_runs_and_prints_a_summary_table() -> None:
    result = run_python("import runpy; runpy.run_module('repave_cost.demo', run_name='__main__')")
    assert result.returncode == 0, result.stderr
    assert "cycle_cost_usd" in result.stdout
    assert "100,000 Latin hypercube trials" in result.stdout


def test_every_key_names_its_column_even_an_empty_one() -> None:
    # A Series named "" in a list became polars' "column_0".
    frame = rc.sample({"": rc.normal(0, 1), "b": rc.uniform(0, 1)}, 5, seed=2)
    assert frame.columns == ["", "b"]
    assert frame.schema == {"": pl.Float64, "b": pl.Float64}
    alone = rc.sample({"": rc.normal(0, 1)}, 5, seed=2)
    assert alone[""].to_list() == frame[""].to_list()
