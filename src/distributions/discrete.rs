//! Discrete families: Poisson, Bernoulli, and finite tables (discrete and empirical).

use rand::{Rng, RngExt};
use statrs::distribution::DiscreteCDF;

use super::checks::DistError;
use super::Family;

/// Means below this are drawn by inversion (multiplying uniforms), above by PTRS.
const POISSON_INVERSION_BELOW: f64 = 10.0;

/// Means above this are drawn from the normal approximation `round(λ + √λ z)`. The
/// skewness it ignores, `1/√λ`, is below 1e-5 there, while PTRS's acceptance test
/// `k ln λ − λ − ln k!` subtracts terms near `λ ln λ` and loses about `λ ln λ · 1e-16` to
/// cancellation: 2e-5 at 1e10, growing above. The two errors cross near this mean.
const POISSON_NORMAL_ABOVE: f64 = 1e10;

/// One Poisson draw with mean `lambda` (0 or NaN give 0, an infinite mean gives infinity).
///
/// Event counts draw a new mean every trial and year, so the sampler has no set-up cost:
/// inversion for small means, and for larger ones the transformed rejection method with
/// squeeze (PTRS) of W. Hörmann, "The transformed rejection method for generating Poisson
/// random variables", Insurance: Mathematics and Economics 12 (1993) 39–45.
pub fn poisson_draw<R: Rng + ?Sized>(rng: &mut R, lambda: f64) -> f64 {
    if lambda.is_nan() || lambda <= 0.0 {
        return 0.0;
    }
    if lambda.is_infinite() {
        return f64::INFINITY;
    }
    if lambda < POISSON_INVERSION_BELOW {
        let limit = (-lambda).exp();
        let mut count = 0.0;
        let mut product = rng.random::<f64>();
        while product > limit {
            count += 1.0;
            product *= rng.random::<f64>();
        }
        return count;
    }
    if lambda > POISSON_NORMAL_ABOVE {
        let z: f64 = rng.sample(rand_distr::StandardNormal);
        return (lambda + lambda.sqrt() * z).round().max(0.0);
    }
    let sqrt_lambda = lambda.sqrt();
    let b = 0.931 + 2.53 * sqrt_lambda;
    let a = -0.059 + 0.02483 * b;
    let v_r = 0.9277 - 3.6224 / (b - 2.0);
    // ln λ only for the draws the squeeze does not accept at once.
    let mut ln_lambda = f64::NAN;
    loop {
        let u = rng.random::<f64>() - 0.5;
        let v = rng.random::<f64>();
        let us = 0.5 - u.abs();
        if us <= 0.0 {
            continue;
        }
        let k = floor((2.0 * a / us + b) * u + lambda + 0.43);
        if us >= 0.07 && v <= v_r {
            return k;
        }
        if k < 0.0 || (us < 0.013 && v > us) {
            continue;
        }
        let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
        if ln_lambda.is_nan() {
            ln_lambda = lambda.ln();
        }
        // Hörmann's test ln(v·inv_alpha / (a/us² + b)) ≤ ln P(N = k), with one logarithm.
        let log_accept = (v * inv_alpha / (a / (us * us) + b)).ln();
        if log_accept <= k * ln_lambda - lambda - ln_factorial(k) {
            return k;
        }
    }
}

/// `x.floor()` for `|x| < 2^52` and for the large or infinite values PTRS rejects anyway,
/// without the libm call `f64::floor` compiles to on baseline x86-64.
#[inline]
fn floor(x: f64) -> f64 {
    if x.abs() >= 4_503_599_627_370_496.0 || x.is_nan() {
        return x;
    }
    let t = x as i64 as f64;
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// Entries of the ln k! table; larger k use Stirling's series.
const LN_FACTORIAL_TABLE: usize = 256;

/// `ln k!` for a whole number `k ≥ 0`: a table below 256, Stirling's series above, where
/// its first omitted term is below 1e-19 of the result.
pub(crate) fn ln_factorial(k: f64) -> f64 {
    static TABLE: std::sync::OnceLock<[f64; LN_FACTORIAL_TABLE]> = std::sync::OnceLock::new();
    if k < LN_FACTORIAL_TABLE as f64 {
        let table = TABLE.get_or_init(|| {
            std::array::from_fn(|i| statrs::function::gamma::ln_gamma(i as f64 + 1.0))
        });
        return table[k as usize];
    }
    // ln Γ(x) with x = k + 1 = (x − ½) ln x − x + ½ ln 2π + 1/(12x) − 1/(360x³) + 1/(1260x⁵).
    let x = k + 1.0;
    let r = 1.0 / x;
    let r2 = r * r;
    (x - 0.5) * x.ln() - x
        + 0.918_938_533_204_672_8
        + r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 / 1260.0))
}

/// Poisson counts with mean `mean ≥ 0`.
#[derive(Clone, Debug)]
pub(crate) struct Poisson {
    mean: f64,
    cdf: Option<statrs::distribution::Poisson>,
}

impl Poisson {
    pub(crate) fn new(mean: f64) -> Result<Self, DistError> {
        // A finite `mean` is a declared check in `families!`.
        if mean < 0.0 {
            return Err(DistError::new(
                "mean",
                format!("poisson mean must be 0 or above, got {mean}"),
            ));
        }
        if mean > 1e12 {
            return Err(DistError::new(
                "mean",
                format!("poisson mean must be at most 1e12, got {mean}"),
            ));
        }
        let cdf = if mean > 0.0 {
            Some(
                statrs::distribution::Poisson::new(mean)
                    .map_err(|e| DistError::new("mean", format!("poisson mean rejected: {e}")))?,
            )
        } else {
            None
        };
        Ok(Poisson { mean, cdf })
    }

    /// The mean and, for a positive mean, statrs' distribution (whose CDF the quantile
    /// bisects).
    pub(crate) fn parts(&self) -> (f64, Option<&statrs::distribution::Poisson>) {
        (self.mean, self.cdf.as_ref())
    }
}

/// The smallest `k` with `P(N ≤ k) ≥ q`, by integer bisection inside `λ ± (40√λ + 40)`.
///
/// statrs' default inverse panics (means ≳ 1e10) or can loop forever where its CDF loses
/// precision; this search always ends after at most ~log2(80√λ) CDF evaluations.
fn poisson_ppf(d: &statrs::distribution::Poisson, mean: f64, q: f64) -> f64 {
    let (lo, hi) = poisson_window(mean);
    poisson_bisect(|k| d.cdf(k), lo, hi, q)
}

/// The window `[lo, hi]` of counts, `λ ± (40√λ + 40)`, that holds every quantile the
/// bisection can return.
pub(crate) fn poisson_window(mean: f64) -> (u64, u64) {
    let width = 40.0 * mean.sqrt() + 40.0;
    (
        (mean - width).max(0.0).floor() as u64,
        (mean + width).ceil() as u64,
    )
}

/// The bisection of [`poisson_ppf`] over `[lo, hi]` with the CDF `cdf`; the fast Latin
/// hypercube path runs it on a table of the same CDF values, so both agree exactly.
pub(crate) fn poisson_bisect(cdf: impl Fn(u64) -> f64, mut lo: u64, mut hi: u64, q: f64) -> f64 {
    if cdf(lo) >= q {
        return lo as f64;
    }
    // Invariant: cdf(lo) < q; the answer lies in (lo, hi].
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if cdf(mid) >= q {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi as f64
}

impl Family for Poisson {
    fn mean(&self) -> Option<f64> {
        Some(self.mean)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.mean)
    }
    fn ppf(&self, q: f64) -> f64 {
        match &self.cdf {
            None => 0.0,
            // The bottom of the support, not the edge of the window searched (959,960 for
            // a mean of 1e6): the smallest count whose CDF reaches 0.
            Some(_) if q <= 0.0 => 0.0,
            Some(_) if q >= 1.0 => f64::INFINITY,
            Some(d) => poisson_ppf(d, self.mean, q),
        }
    }
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        poisson_draw(rng, self.mean)
    }
    fn support(&self) -> (f64, f64) {
        if self.mean > 0.0 {
            (0.0, f64::INFINITY)
        } else {
            (0.0, 0.0)
        }
    }
}

/// 1 with probability `p`, else 0.
#[derive(Clone, Debug)]
pub(crate) struct Bernoulli {
    p: f64,
}

impl Bernoulli {
    pub(crate) fn new(p: f64) -> Result<Self, DistError> {
        // A finite `p` is a declared check in `families!`; NaN fails the range check too.
        if !(0.0..=1.0).contains(&p) {
            return Err(DistError::new(
                "p",
                format!("bernoulli p must lie in [0, 1], got {p}"),
            ));
        }
        Ok(Bernoulli { p })
    }
}

impl Family for Bernoulli {
    fn mean(&self) -> Option<f64> {
        Some(self.p)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.p * (1.0 - self.p))
    }
    fn ppf(&self, q: f64) -> f64 {
        if q <= 1.0 - self.p {
            0.0
        } else {
            1.0
        }
    }
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        if rng.random::<f64>() < self.p {
            1.0
        } else {
            0.0
        }
    }
    fn support(&self) -> (f64, f64) {
        (0.0, 1.0)
    }
}

/// A finite set of values with probabilities: `discrete` and `empirical`.
#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// Distinct values in increasing order.
    values: Vec<f64>,
    /// Cumulative probabilities, the last exactly 1.
    cumulative: Vec<f64>,
    mean: f64,
    variance: f64,
}

impl Table {
    /// Builds a table from `values` and optional `weights` (equal when `None`).
    /// `what` names the values' field in errors (`"values"` or `"samples"`).
    pub(crate) fn new(
        values: &[f64],
        weights: Option<&[f64]>,
        what: &str,
    ) -> Result<Self, DistError> {
        if values.is_empty() {
            return Err(DistError::new(
                what,
                format!("{what} must hold at least one number"),
            ));
        }
        for (i, v) in values.iter().enumerate() {
            if !v.is_finite() {
                return Err(DistError::new(
                    what,
                    format!("{what}[{i}] must be finite, got {v}"),
                ));
            }
        }
        let weights: Vec<f64> = match weights {
            None => vec![1.0; values.len()],
            Some(w) => {
                if w.len() != values.len() {
                    return Err(DistError::new(
                        "weights",
                        format!(
                            "weights has {} entries but {what} has {}",
                            w.len(),
                            values.len()
                        ),
                    ));
                }
                for (i, x) in w.iter().enumerate() {
                    if !x.is_finite() || *x < 0.0 {
                        return Err(DistError::new(
                            "weights",
                            format!("weights[{i}] must be a finite number ≥ 0, got {x}"),
                        ));
                    }
                }
                w.to_vec()
            }
        };
        let mut total: f64 = weights.iter().sum();
        let mut weights = weights;
        if total.is_infinite() {
            // Finite weights whose sum overflows (1e308 twice): the same proportions
            // divided by the largest first. Only then, so other weights keep their bits.
            let largest = weights.iter().copied().fold(0.0, f64::max);
            weights = weights.iter().map(|w| w / largest).collect();
            total = weights.iter().sum();
        }
        if total <= 0.0 || !total.is_finite() {
            return Err(DistError::new(
                "weights",
                "weights must not all be 0".to_string(),
            ));
        }
        let mut pairs: Vec<(f64, f64)> = values
            .iter()
            .copied()
            .zip(weights.iter().map(|w| w / total))
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut distinct: Vec<(f64, f64)> = Vec::with_capacity(pairs.len());
        for (v, p) in pairs {
            match distinct.last_mut() {
                Some(last) if last.0 == v => last.1 += p,
                _ => distinct.push((v, p)),
            }
        }
        distinct.retain(|&(_, p)| p > 0.0);
        let mean: f64 = distinct.iter().map(|(v, p)| v * p).sum();
        let variance: f64 = distinct.iter().map(|(v, p)| p * (v - mean).powi(2)).sum();
        let mut acc = 0.0;
        let mut cumulative: Vec<f64> = distinct
            .iter()
            .map(|(_, p)| {
                acc += p;
                acc
            })
            .collect();
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        Ok(Table {
            values: distinct.into_iter().map(|(v, _)| v).collect(),
            cumulative,
            mean,
            variance,
        })
    }

    /// Index of the first value whose cumulative probability reaches `q`.
    fn index_at(&self, q: f64) -> usize {
        self.cumulative
            .partition_point(|&c| c < q)
            .min(self.values.len() - 1)
    }
}

impl Family for Table {
    fn mean(&self) -> Option<f64> {
        Some(self.mean)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.variance)
    }
    fn ppf(&self, q: f64) -> f64 {
        self.values[self.index_at(q)]
    }
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u = rng.random::<f64>();
        let i = self
            .cumulative
            .partition_point(|&c| c <= u)
            .min(self.values.len() - 1);
        self.values[i]
    }
    fn support(&self) -> (f64, f64) {
        (self.values[0], self.values[self.values.len() - 1])
    }
}
