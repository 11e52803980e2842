//! Confidence intervals for a sample's mean and quantiles, and for a statistic estimated by
//! independent replicates.
//!
//! * [`mean_interval`]: the mean of one sample of independent draws, by the central limit
//!   theorem with Student's t quantile (`n − 1` degrees of freedom).
//! * [`quantile_interval`]: a quantile of one sample of independent draws, by the
//!   distribution-free order-statistic interval: with `B ~ Binomial(n, p)` the number of
//!   draws at or below the true `p`-quantile, `P(x₍ₗ₎ ≤ ξₚ < x₍ᵤ₎) = P(l ≤ B ≤ u − 1)`
//!   for any continuous distribution (David & Nagaraja, *Order Statistics*, 3rd ed., 2003,
//!   §7.1), so choosing `l` and `u` from the binomial's tails gives coverage of at least
//!   the confidence asked for.
//! * [`replicate_interval`]: a statistic computed on each of `R` independent replicates
//!   (for designs whose trials are not independent draws: Latin hypercube, scrambled Sobol
//!   points), by Student's t over the replicates' values with `R − 1` degrees of freedom
//!   (Owen, *Monte Carlo theory, methods and examples*, 2013, ch. 17, "randomized
//!   quasi-Monte Carlo").
//!
//! ```
//! use repave_cost::stats::intervals::{mean_interval, t_quantile};
//! let iv = mean_interval(&[1.0, 2.0, 3.0, 4.0], 0.95);
//! assert_eq!(iv.estimate, 2.5);
//! let half = t_quantile(0.975, 3.0) * (5.0f64 / 3.0).sqrt() / 2.0;
//! assert!((iv.high - iv.estimate - half).abs() < 1e-12);
//! ```

use std::cell::Cell;

use statrs::distribution::{ContinuousCDF, StudentsT};
use statrs::function::gamma::ln_gamma;

use super::summary::{quantile_sorted, stable_sum, stable_sum_of_joined};

/// An estimate with the ends of its confidence interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// The statistic's estimate.
    pub estimate: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
}

impl Interval {
    /// The larger distance from the estimate to either end: the `h` of "estimate ± h" that
    /// covers the whole interval (order-statistic intervals are not symmetric).
    pub fn half_width(&self) -> f64 {
        (self.estimate - self.low).max(self.high - self.estimate)
    }
}

/// The `p`-quantile of Student's t distribution with `df` degrees of freedom (`p` in
/// (0, 1), `df` > 0), by bisection on statrs' t CDF to full double precision; beyond
/// 10^7 degrees of freedom the t CDF equals the normal's to within 1e-8, and the normal
/// quantile is used.
///
/// The bisection takes about 20 µs; each thread remembers its last `(p, df)` and answer,
/// so the repeated call of a precision-controlled run (the same confidence and replicates
/// at every batch) costs nothing after the first.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    assert!(p > 0.0 && p < 1.0 && df > 0.0, "t_quantile({p}, {df})");
    let key = (p.to_bits(), df.to_bits());
    if let Some((k, t)) = LAST_T_QUANTILE.get() {
        if k == key {
            return t;
        }
    }
    let t = t_quantile_by_bisection(p, df);
    LAST_T_QUANTILE.set(Some((key, t)));
    t
}

thread_local! {
    /// This thread's last [`t_quantile`]: `((p, df) as bits, quantile)`.
    static LAST_T_QUANTILE: Cell<Option<((u64, u64), f64)>> = const { Cell::new(None) };
}

/// [`t_quantile`] computed afresh.
fn t_quantile_by_bisection(p: f64, df: f64) -> f64 {
    if df > 1e7 {
        return statrs::distribution::Normal::standard().inverse_cdf(p);
    }
    let t = StudentsT::new(0.0, 1.0, df).expect("valid t parameters");
    let (mut lo, mut hi) = (-1.0f64, 1.0f64);
    while t.cdf(lo) > p {
        lo *= 2.0;
    }
    while t.cdf(hi) < p {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if t.cdf(mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Mean and sample standard deviation (`n − 1`; 0 for one value) of `values`.
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    mean_sd_joined(&[values])
}

/// [`mean_sd`] of the slices `parts` joined in order, bit for bit, without joining them:
/// the sums run over the same values in the same blocks as [`stable_sum`] of the joined
/// slice.
pub fn mean_sd_joined(parts: &[&[f64]]) -> (f64, f64) {
    let n: usize = parts.iter().map(|p| p.len()).sum();
    let mean = mean_joined(parts);
    if n < 2 {
        return (mean, 0.0);
    }
    let squares = stable_sum_of_joined(parts, |v| (v - mean) * (v - mean));
    (mean, (squares / (n - 1) as f64).sqrt())
}

/// The mean of [`mean_sd_joined`] alone, bit for bit.
pub fn mean_joined(parts: &[&[f64]]) -> f64 {
    let n: usize = parts.iter().map(|p| p.len()).sum();
    stable_sum_of_joined(parts, |v| v) / n as f64
}

/// The `confidence` interval of the mean of `values` (independent draws, at least two):
/// `x̄ ± t(1 − α/2, n − 1) · s / √n`.
pub fn mean_interval(values: &[f64], confidence: f64) -> Interval {
    mean_interval_joined(&[values], confidence)
}

/// [`mean_interval`] of the slices `parts` joined in order, bit for bit, without joining
/// them ([`mean_sd_joined`]).
pub fn mean_interval_joined(parts: &[&[f64]], confidence: f64) -> Interval {
    let n: usize = parts.iter().map(|p| p.len()).sum();
    assert!(n >= 2, "a mean interval needs two values");
    let (mean, sd) = mean_sd_joined(parts);
    let half = t_quantile(0.5 + confidence / 2.0, (n - 1) as f64) * sd / (n as f64).sqrt();
    Interval {
        estimate: mean,
        low: mean - half,
        high: mean + half,
    }
}

/// The cumulative probabilities `P(B ≤ k)` of `B ~ Binomial(n, p)` for `k` in `first..=last`
/// (the range outside which the tails are below 1e-300), computed from the pmf in log space
/// at the mode and the ratio recurrence outwards: exact to rounding for any `n`.
struct BinomialCdf {
    first: usize,
    cdf: Vec<f64>,
}

impl BinomialCdf {
    fn new(n: usize, p: f64) -> BinomialCdf {
        let nf = n as f64;
        let sd = (nf * p * (1.0 - p)).sqrt();
        let mode = (((nf + 1.0) * p).floor() as usize).min(n);
        let reach = (40.0 * sd + 40.0).ceil() as usize;
        let first = mode.saturating_sub(reach);
        let last = (mode + reach).min(n);
        let ln_pmf = |k: usize| {
            let kf = k as f64;
            ln_gamma(nf + 1.0) - ln_gamma(kf + 1.0) - ln_gamma(nf - kf + 1.0)
                + kf * p.ln()
                + (nf - kf) * (1.0 - p).ln()
        };
        let mut pmf = vec![0.0; last - first + 1];
        let at_mode = ln_pmf(mode).exp();
        pmf[mode - first] = at_mode;
        let ratio = p / (1.0 - p);
        // pmf(k + 1) / pmf(k) = (n − k) / (k + 1) · p / (1 − p).
        for k in mode..last {
            pmf[k + 1 - first] = pmf[k - first] * (nf - k as f64) / (k as f64 + 1.0) * ratio;
        }
        for k in (first..mode).rev() {
            pmf[k - first] = pmf[k + 1 - first] * (k as f64 + 1.0) / (nf - k as f64) / ratio;
        }
        let total = stable_sum(&pmf);
        let mut acc = 0.0;
        let cdf = pmf
            .iter()
            .map(|m| {
                acc += m / total;
                acc
            })
            .collect();
        BinomialCdf { first, cdf }
    }

    /// `P(B ≤ k)`.
    fn at(&self, k: usize) -> f64 {
        if k < self.first {
            0.0
        } else {
            self.cdf.get(k - self.first).copied().unwrap_or(1.0)
        }
    }
}

/// The 1-based ranks `(l, u)` of the order statistics bounding the distribution-free
/// `confidence` interval of the `p`-quantile of `n` independent draws: `l` the largest rank
/// with `P(B ≤ l − 1) ≤ α/2`, `u` the smallest with `P(B ≤ u − 1) ≥ 1 − α/2`, for
/// `B ~ Binomial(n, p)`, so that `P(l ≤ B ≤ u − 1) ≥ confidence`. Clamped to `1..=n` when
/// `n` is too small for the tails (the coverage is then below `confidence`; see
/// [`quantile_ranks_unclamped`]).
pub fn quantile_ranks(n: usize, p: f64, confidence: f64) -> (usize, usize) {
    let (l, u) = quantile_ranks_unclamped(n, p, confidence);
    (l.max(1), u.min(n))
}

/// The ranks of [`quantile_ranks`] before clamping: `l = 0` or `u = n + 1` when `n` draws
/// are too few for that tail (no order statistic bounds the quantile there with the
/// confidence asked for).
pub fn quantile_ranks_unclamped(n: usize, p: f64, confidence: f64) -> (usize, usize) {
    assert!(n >= 1 && p > 0.0 && p < 1.0, "quantile_ranks({n}, {p})");
    let alpha = 1.0 - confidence;
    let cdf = BinomialCdf::new(n, p);
    // P(B ≤ k) rises with k: bisect for the boundaries.
    let search = |ok: &dyn Fn(usize) -> bool| {
        // The smallest k in 0..=n with ok(k), for ok monotone false → true.
        let (mut lo, mut hi) = (0usize, n);
        if ok(0) {
            return 0;
        }
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if ok(mid) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    };
    // l − 1 = the largest k with P(B ≤ k) ≤ α/2 = (smallest k with P(B ≤ k) > α/2) − 1.
    let l = search(&|k| cdf.at(k) > alpha / 2.0);
    // u − 1 = the smallest k with P(B ≤ k) ≥ 1 − α/2: n (so u = n + 1) when even
    // P(B ≤ n − 1) falls short.
    let u = search(&|k| cdf.at(k) >= 1.0 - alpha / 2.0) + 1;
    (l, u)
}

/// The `confidence` interval of the `p`-quantile (`p` in (0, 1)) of `sorted`, an ascending
/// sample of independent draws: the estimate by linear interpolation (as every summary),
/// the ends the order statistics of [`quantile_ranks`]. An end that no order statistic can
/// give with that confidence (too few draws for the tail: 4,096 of them bound the 99.99th
/// percentile from above with probability 1 − 0.9999^4096 = 0.34 only) is infinite, so
/// the interval says it is unbounded there instead of claiming a coverage it lacks.
pub fn quantile_interval(sorted: &[f64], p: f64, confidence: f64) -> Interval {
    let n = sorted.len();
    let (l, u) = quantile_ranks_unclamped(n, p, confidence);
    Interval {
        estimate: quantile_sorted(sorted, p),
        low: if l == 0 {
            f64::NEG_INFINITY
        } else {
            sorted[l - 1]
        },
        high: if u > n { f64::INFINITY } else { sorted[u - 1] },
    }
}

/// The `confidence` interval of a statistic from its values on `R ≥ 2` independent
/// replicates: their mean `± t(1 − α/2, R − 1) · s / √R`.
pub fn replicate_interval(statistics: &[f64], confidence: f64) -> Interval {
    mean_interval(statistics, confidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_published_tables() {
        // Student's t table (e.g. Abramowitz & Stegun 26.10): t(0.975; 15) = 2.131450,
        // t(0.975; 1) = 12.706205, t(0.95; 30) = 1.697261.
        assert!((t_quantile(0.975, 15.0) - 2.131_449_545_559_323).abs() < 1e-9);
        assert!((t_quantile(0.975, 1.0) - 12.706_204_736_174_7).abs() < 1e-7);
        assert!((t_quantile(0.95, 30.0) - 1.697_260_886_685_06).abs() < 1e-9);
        assert!((t_quantile(0.025, 15.0) + 2.131_449_545_559_323).abs() < 1e-9);
    }

    #[test]
    fn binomial_cdf_matches_a_direct_sum() {
        // n = 30, p = 0.2: the cdf by summing C(n, k) p^k (1 − p)^(n − k) directly.
        let (n, p) = (30usize, 0.2f64);
        let cdf = BinomialCdf::new(n, p);
        let mut acc = 0.0;
        let mut choose = 1.0f64;
        for k in 0..=n {
            if k > 0 {
                choose *= (n - k + 1) as f64 / k as f64;
            }
            acc += choose * p.powi(k as i32) * (1.0 - p).powi((n - k) as i32);
            assert!((cdf.at(k) - acc).abs() < 1e-12, "k = {k}");
        }
    }

    #[test]
    fn quantile_ranks_are_the_binomial_tails() {
        // n = 100, p = 0.5, 95%: the classic ranks 40 and 61 (P(40 ≤ B ≤ 60) = 0.9648, and
        // neither end can move inwards without dropping below 0.95).
        assert_eq!(quantile_ranks(100, 0.5, 0.95), (40, 61));
        // Large n: the ranks sit at n p ∓ z √(n p (1 − p)) to within a couple.
        let n = 1_000_000;
        let (l, u) = quantile_ranks(n, 0.05, 0.95);
        let centre = 50_000.0;
        let spread = 1.959_964 * (n as f64 * 0.05 * 0.95).sqrt();
        assert!((l as f64 - (centre - spread)).abs() < 3.0, "l = {l}");
        assert!((u as f64 - (centre + spread)).abs() < 3.0, "u = {u}");
    }

    #[test]
    fn replicate_interval_is_a_t_interval() {
        let values = [1.0, 3.0, 2.0, 6.0];
        let iv = replicate_interval(&values, 0.9);
        let (m, s) = (3.0, (14.0f64 / 3.0).sqrt());
        let half = t_quantile(0.95, 3.0) * s / 2.0;
        assert_eq!(iv.estimate, m);
        assert!((iv.half_width() - half).abs() < 1e-12);
    }

    /// Values of widely different sizes, so that any other order or grouping of their sum
    /// rounds differently.
    fn uneven(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| {
                let x = ((i as f64) * 0.618_033_988_749_895).fract();
                (x - 0.3) * 10f64.powi((i % 7) as i32 * 3)
            })
            .collect()
    }

    #[test]
    fn joined_mean_and_sd_are_those_of_the_joined_slice_bit_for_bit() {
        let values = uneven(5000);
        // Cuts that fall inside the sums' blocks of 1024 and across them.
        for cuts in [
            vec![],
            vec![64],
            vec![320, 1024, 1100],
            vec![1, 2, 3, 4095, 4097],
        ] {
            let mut parts: Vec<&[f64]> = Vec::new();
            let mut from = 0;
            for &cut in cuts.iter().chain([&values.len()]) {
                parts.push(&values[from..cut]);
                from = cut;
            }
            let n = values.len() as f64;
            let mean = values
                .chunks(1024)
                .map(|c| c.iter().sum::<f64>())
                .sum::<f64>()
                / n;
            let dev: Vec<f64> = values.iter().map(|v| (v - mean) * (v - mean)).collect();
            let var = dev.chunks(1024).map(|c| c.iter().sum::<f64>()).sum::<f64>() / (n - 1.0);
            let (m, sd) = mean_sd_joined(&parts);
            assert_eq!(m.to_bits(), mean.to_bits(), "mean, cuts {cuts:?}");
            assert_eq!(sd.to_bits(), var.sqrt().to_bits(), "sd, cuts {cuts:?}");
            assert_eq!(
                mean_joined(&parts).to_bits(),
                mean.to_bits(),
                "cuts {cuts:?}"
            );
            let whole = mean_interval(&values, 0.95);
            assert_eq!(mean_interval_joined(&parts, 0.95), whole, "cuts {cuts:?}");
        }
        // The grouping matters for these values: one sum over all of them differs.
        let plain = values.iter().sum::<f64>() / values.len() as f64;
        assert_ne!(plain.to_bits(), mean_sd(&values).0.to_bits());
    }

    #[test]
    fn a_remembered_t_quantile_is_the_computed_one() {
        for (p, df) in [(0.975, 15.0), (0.95, 30.0), (0.975, 15.0), (0.975, 16.0)] {
            let fresh = t_quantile_by_bisection(p, df);
            assert_eq!(t_quantile(p, df).to_bits(), fresh.to_bits(), "t({p}; {df})");
            assert_eq!(
                t_quantile(p, df).to_bits(),
                fresh.to_bits(),
                "again t({p}; {df})"
            );
        }
    }
}
