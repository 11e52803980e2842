//! Variance-based (Sobol) sensitivity indices from the outputs of a pick-freeze design,
//! with percentile bootstrap intervals.
//!
//! Given `N` base points, the output at the rows of two independent sample matrices `A`
//! and `B`, and for each group `i` of inputs at the rows of `A_B^i` (the rows of `A` with
//! the columns of group `i` taken from `B`), the estimators are those of Saltelli et al.
//! (2010), table 2:
//!
//! * first order, Saltelli et al. (2010):
//!   `S_i = (1/N) Σ_j f(B)_j (f(A_B^i)_j − f(A)_j) / V`;
//! * total effect, Jansen (1999):
//!   `ST_i = (1/2N) Σ_j (f(A)_j − f(A_B^i)_j)² / V`;
//!
//! where `V` is the variance of the `2N` values `f(A)` and `f(B)` together. Every output
//! value is first centred on the mean of those `2N` values: the total-effect estimator and
//! `V` do not change, and the first-order one no longer carries the term
//! `mean × (f(A_B^i) − f(A))`, whose noise swamps the index when the output's mean is large
//! beside its spread (savings of millions varying by thousands); centring is the usual
//! remedy (Sobol' 2001; Saltelli et al. 2010, section 3).
//!
//! The intervals resample the `N` base points with replacement (the rows of `A`, `B` and
//! every `A_B^i` move together, as they are one design point), recompute every index from
//! the resampled rows (`V` included) and take the 2.5 % and 97.5 % quantiles of the
//! replicates (the percentile bootstrap, Efron & Tibshirani 1993, ch. 13). Replicate `r`
//! draws its rows from its own SplitMix64 stream seeded from `seed` and `r`, so the
//! intervals do not depend on the thread count.
//!
//! References: I. M. Sobol', "Global sensitivity indices for nonlinear mathematical models
//! and their Monte Carlo estimates", Mathematics and Computers in Simulation 55 (2001)
//! 271–280; A. Saltelli, P. Annoni, I. Azzini, F. Campolongo, M. Ratto, S. Tarantola,
//! "Variance based sensitivity analysis of model output. Design and estimator for the
//! total sensitivity index", Computer Physics Communications 181 (2010) 259–270;
//! M. J. W. Jansen, "Analysis of variance designs for model output", Computer Physics
//! Communications 117 (1999) 35–43.

use rayon::prelude::*;

use super::summary::quantile_sorted;

/// Why indices could not be estimated.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum IndexError {
    /// Fewer than two base points.
    #[error("at least 2 base points are needed, got {0}")]
    TooFew(usize),
    /// The columns do not all have `N` values.
    #[error("every output column must have {expected} values, one has {got}")]
    Shape {
        /// `N`.
        expected: usize,
        /// The length found.
        got: usize,
    },
    /// The output does not vary over the `2N` points: no share of a zero variance.
    #[error("the output does not vary over the sample (its variance is 0), so it has no variance to apportion")]
    NoVariance,
    /// A value is NaN or infinite.
    #[error("the output is not finite at some point")]
    NonFinite,
}

/// One group's indices with their percentile bootstrap intervals.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupIndex {
    /// First-order index (Saltelli 2010).
    pub first_order: f64,
    /// The 95 % interval of the first-order index, (low, high).
    pub first_order_interval: (f64, f64),
    /// Total-effect index (Jansen 1999).
    pub total: f64,
    /// The 95 % interval of the total-effect index, (low, high).
    pub total_interval: (f64, f64),
}

/// The indices of every group, in the order of `ab`.
#[derive(Clone, Debug, PartialEq)]
pub struct Indices {
    /// Per group.
    pub groups: Vec<GroupIndex>,
    /// The mean of the output over `A` and `B`.
    pub mean: f64,
    /// The variance `V` of the output over `A` and `B`.
    pub variance: f64,
}

/// The sums one estimate needs, over a list of base-point rows.
struct Sums {
    /// Σ f(A) + Σ f(B) and the sum of their squares, for V.
    sum: f64,
    sum_sq: f64,
    /// Per group: Σ f(B)(f(A_B^i) − f(A)) and Σ (f(A) − f(A_B^i))².
    first: Vec<f64>,
    total: Vec<f64>,
}

impl Sums {
    fn over(
        a: &[f64],
        b: &[f64],
        ab: &[&[f64]],
        rows: impl Iterator<Item = usize> + Clone,
    ) -> Sums {
        let mut sum = 0.0;
        let mut sum_sq = 0.0;
        for j in rows.clone() {
            sum += a[j] + b[j];
            sum_sq += a[j] * a[j] + b[j] * b[j];
        }
        let mut first = vec![0.0; ab.len()];
        let mut total = vec![0.0; ab.len()];
        for (g, col) in ab.iter().enumerate() {
            let (mut f, mut t) = (0.0, 0.0);
            for j in rows.clone() {
                f += b[j] * (col[j] - a[j]);
                let d = a[j] - col[j];
                t += d * d;
            }
            first[g] = f;
            total[g] = t;
        }
        Sums {
            sum,
            sum_sq,
            first,
            total,
        }
    }

    /// (mean, variance, first-order indices, total indices) for `n` rows; `None` when the
    /// variance is zero.
    fn indices(&self, n: usize) -> Option<(f64, f64, Vec<f64>, Vec<f64>)> {
        let m = 2.0 * n as f64;
        let mean = self.sum / m;
        let variance = (self.sum_sq / m - mean * mean).max(0.0);
        if variance <= 0.0 || !variance.is_finite() {
            return None;
        }
        let first = self.first.iter().map(|f| f / n as f64 / variance).collect();
        let total = self
            .total
            .iter()
            .map(|t| t / (2.0 * n as f64) / variance)
            .collect();
        Some((mean, variance, first, total))
    }
}

/// One bootstrap replicate's (first-order, total) indices, per group.
type Replicate = (Vec<f64>, Vec<f64>);

/// SplitMix64: the generator of a bootstrap replicate's rows.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A row index in `0..n` (Lemire's multiply-shift; its bias, below `n / 2^64`, is
    /// immaterial here).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

/// The first-order and total indices of every group from the outputs `a` = f(A),
/// `b` = f(B) and `ab[i]` = f(A_B^i) (each of `N` values), with `resamples` bootstrap
/// replicates (0: the intervals are the point estimate) seeded by `seed`. Replicates not
/// yet started are skipped once `cancelled()` returns true (the caller then discards the
/// result).
pub fn sobol_indices(
    a: &[f64],
    b: &[f64],
    ab: &[&[f64]],
    resamples: usize,
    seed: u64,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Result<Indices, IndexError> {
    let n = a.len();
    if n < 2 {
        return Err(IndexError::TooFew(n));
    }
    for col in std::iter::once(b).chain(ab.iter().copied()) {
        if col.len() != n {
            return Err(IndexError::Shape {
                expected: n,
                got: col.len(),
            });
        }
    }
    let finite = |c: &[f64]| c.iter().all(|v| v.is_finite());
    if !finite(a) || !finite(b) || !ab.iter().all(|c| finite(c)) {
        return Err(IndexError::NonFinite);
    }
    if a.iter().chain(b).all(|&v| v == a[0]) {
        return Err(IndexError::NoVariance);
    }
    let mean = (a.iter().sum::<f64>() + b.iter().sum::<f64>()) / (2 * n) as f64;
    let centre = |c: &[f64]| c.iter().map(|v| v - mean).collect::<Vec<f64>>();
    let (a, b) = (centre(a), centre(b));
    let ab_centred: Vec<Vec<f64>> = ab.iter().map(|c| centre(c)).collect();
    let ab: Vec<&[f64]> = ab_centred.iter().map(Vec::as_slice).collect();
    let (a, b, ab) = (a.as_slice(), b.as_slice(), ab.as_slice());
    let (shift, variance, first, total) = Sums::over(a, b, ab, 0..n)
        .indices(n)
        .ok_or(IndexError::NoVariance)?;
    let mean = mean + shift;

    // The bootstrap reads whole base points at random: store them row by row
    // (`f(A), f(B), f(A_B^1), ...`), so that one resampled point is one contiguous read.
    let width = ab.len() + 2;
    let mut matrix = Vec::with_capacity(if resamples > 0 { n * width } else { 0 });
    for j in (0..n).filter(|_| resamples > 0) {
        matrix.push(a[j]);
        matrix.push(b[j]);
        matrix.extend(ab.iter().map(|c| c[j]));
    }
    // Each replicate's indices; a replicate whose rows happen to have no variance is left
    // out (possible only for tiny N).
    let replicates: Vec<Replicate> = (0..resamples)
        .into_par_iter()
        .filter_map(|r| {
            if cancelled() {
                return None;
            }
            let mut rng = SplitMix(seed ^ (r as u64).wrapping_mul(0xD1B5_4A32_D192_ED03));
            let mut sums = Sums {
                sum: 0.0,
                sum_sq: 0.0,
                first: vec![0.0; ab.len()],
                total: vec![0.0; ab.len()],
            };
            for _ in 0..n {
                let row = &matrix[rng.below(n) * width..][..width];
                let (fa, fb) = (row[0], row[1]);
                sums.sum += fa + fb;
                sums.sum_sq += fa * fa + fb * fb;
                for (g, &fab) in row[2..].iter().enumerate() {
                    sums.first[g] += fb * (fab - fa);
                    let d = fa - fab;
                    sums.total[g] += d * d;
                }
            }
            sums.indices(n).map(|(_, _, f, t)| (f, t))
        })
        .collect();
    let interval = |pick: &dyn Fn(&Replicate) -> f64, point: f64| {
        if replicates.is_empty() {
            return (point, point);
        }
        let mut values: Vec<f64> = replicates.iter().map(pick).collect();
        values.sort_by(f64::total_cmp);
        (
            quantile_sorted(&values, 0.025),
            quantile_sorted(&values, 0.975),
        )
    };
    let groups = (0..ab.len())
        .map(|g| GroupIndex {
            first_order: first[g],
            first_order_interval: interval(&|r| r.0[g], first[g]),
            total: total[g],
            total_interval: interval(&|r| r.1[g], total[g]),
        })
        .collect();
    Ok(Indices {
        groups,
        mean,
        variance,
    })
}

#[cfg(test)]
#[path = "sobol_indices_tests.rs"]
mod tests;
