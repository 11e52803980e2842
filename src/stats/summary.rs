//! Summary statistics of one sample.

use rayon::slice::ParallelSliceMut;

/// The quantiles every summary reports, in order: p5, p10, p50, p90, p95.
pub const SUMMARY_QUANTILES: [f64; 5] = [0.05, 0.10, 0.50, 0.90, 0.95];

/// The statistics of one output over all trials.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// Number of trials.
    pub count: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1 in the denominator); `None` for one trial.
    pub sd: Option<f64>,
    /// Standard error of the mean, `sd / √n`; `None` for one trial.
    pub se: Option<f64>,
    /// 5th percentile.
    pub p5: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// Share of trials strictly above the threshold.
    pub prob_above: f64,
}

/// A sorted copy of `values` (in parallel for large samples).
pub fn sorted(values: &[f64]) -> Vec<f64> {
    let mut v = values.to_vec();
    v.par_sort_unstable_by(|a, b| a.total_cmp(b));
    v
}

/// Quantile `q` of an ascending, non-empty sample by linear interpolation (numpy's default).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 1 {
        return sorted[0];
    }
    let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let frac = h - lo as f64;
    let (a, b) = (sorted[lo], sorted[hi]);
    if frac == 0.0 || a == b {
        a
    } else {
        a + frac * (b - a)
    }
}

/// Quantiles `qs` (each in `[0, 1]`) of a non-empty sample, by the same linear rule as
/// [`quantile_sorted`] and with the same results, but by selection instead of a full sort:
/// linear time per quantile.
pub fn quantiles(values: &[f64], qs: &[f64]) -> Vec<f64> {
    quantiles_in_place(&mut values.to_vec(), qs)
}

/// [`quantiles`] of `values`, selecting in `values` itself (which is left in an unspecified
/// order) instead of in a copy.
pub fn quantiles_in_place(values: &mut [f64], qs: &[f64]) -> Vec<f64> {
    let n = values.len();
    assert!(n > 0, "quantiles of an empty sample");
    let positions: Vec<f64> = qs
        .iter()
        .map(|q| (n - 1) as f64 * q.clamp(0.0, 1.0))
        .collect();
    at_positions_in_place(values, &positions)
}

/// Hazen's quantiles (Hyndman & Fan 1996, definition 5) of `values`, selecting in place:
/// the `q`-quantile at the 1-based position `n q + ½` between order statistics, clamped to
/// the sample. In a sample that holds one draw in each of `n` equal strata (a Latin
/// hypercube column, a coordinate of a scrambled Sobol net) the `k`-th order statistic lies
/// at probability `(k − ½) / n` on average, so this position has no first-order bias in
/// such a design; for independent draws its bias is half that of the linear rule. Defined
/// without clamping for `q` in `[½ / n, 1 − ½ / n]` ([`hazen_reaches`]).
pub fn hazen_quantiles_in_place(values: &mut [f64], qs: &[f64]) -> Vec<f64> {
    let n = values.len();
    assert!(n > 0, "quantiles of an empty sample");
    let last = (n - 1) as f64;
    let positions: Vec<f64> = qs
        .iter()
        .map(|q| (n as f64 * q - 0.5).clamp(0.0, last))
        .collect();
    at_positions_in_place(values, &positions)
}

/// Whether `n` values place Hazen's `q`-quantile between two of their order statistics
/// (`½ / n ≤ q ≤ 1 − ½ / n`) rather than at the sample's end.
pub fn hazen_reaches(n: usize, q: f64) -> bool {
    let half = 0.5 / n as f64;
    (half..=1.0 - half).contains(&q)
}

/// The values at the 0-based fractional `positions` (each in `[0, n − 1]`) of the sorted
/// `values`, interpolated linearly, found by selection in `values` itself.
fn at_positions_in_place(values: &mut [f64], positions: &[f64]) -> Vec<f64> {
    let n = values.len();
    // The order statistics needed, ascending and without repeats.
    let mut ranks: Vec<usize> = positions
        .iter()
        .flat_map(|h| {
            let lo = h.floor() as usize;
            [lo, (lo + 1).min(n - 1)]
        })
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    let v = values;
    let mut found: Vec<(usize, f64)> = Vec::with_capacity(ranks.len());
    // Each selection partitions the rest of the slice, so the next one searches only the
    // part above the previous rank.
    let mut from = 0;
    for &r in &ranks {
        let (_, x, _) = v[from..].select_nth_unstable_by(r - from, |a, b| a.total_cmp(b));
        found.push((r, *x));
        from = r;
    }
    let at = |r: usize| found.iter().find(|(k, _)| *k == r).map(|(_, x)| *x);
    positions
        .iter()
        .map(|&h| {
            if n == 1 {
                return at(0).unwrap_or(f64::NAN);
            }
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            let frac = h - lo as f64;
            let (a, b) = (at(lo).unwrap_or(f64::NAN), at(hi).unwrap_or(f64::NAN));
            if frac == 0.0 || a == b {
                a
            } else {
                a + frac * (b - a)
            }
        })
        .collect()
}

/// Sum of `values` in a fixed order (pairwise over fixed blocks): accurate and the same on
/// every machine and thread count.
pub fn stable_sum(values: &[f64]) -> f64 {
    values
        .chunks(STABLE_SUM_BLOCK)
        .map(|c| c.iter().sum::<f64>())
        .sum()
}

/// The block of [`stable_sum`]: each block is summed in order, then the blocks' sums.
const STABLE_SUM_BLOCK: usize = 1024;

/// [`stable_sum`] of `f` of each value of the slices `parts` joined in order, bit for bit
/// that of the joined slice mapped by `f` (the same blocks, each summed in the same order),
/// without joining or mapping into a new slice.
pub(crate) fn stable_sum_of_joined(parts: &[&[f64]], f: impl Fn(f64) -> f64) -> f64 {
    // The sum of no values: the same start as `Sum for f64`, whatever it is.
    let zero: f64 = std::iter::empty::<f64>().sum();
    let (mut total, mut block, mut filled) = (zero, zero, 0);
    for part in parts {
        let mut rest = *part;
        while !rest.is_empty() {
            let take = (STABLE_SUM_BLOCK - filled).min(rest.len());
            block = rest[..take].iter().fold(block, |sum, &v| sum + f(v));
            filled += take;
            rest = &rest[take..];
            if filled == STABLE_SUM_BLOCK {
                total += block;
                (block, filled) = (zero, 0);
            }
        }
    }
    if filled > 0 {
        total += block;
    }
    total
}

impl Summary {
    /// Summarises a non-empty sample; `threshold` sets [`Summary::prob_above`].
    ///
    /// # Panics
    /// Never for a non-empty sample; an empty one gives a summary of NaNs, so callers
    /// (the simulator always has at least one trial) check emptiness first.
    pub fn of(values: &[f64], threshold: f64) -> Summary {
        let s = sorted(values);
        Summary::of_sorted(&s, threshold)
    }

    /// Summarises an already sorted sample.
    pub fn of_sorted(s: &[f64], threshold: f64) -> Summary {
        let n = s.len();
        if n == 0 {
            return Summary {
                count: 0,
                mean: f64::NAN,
                sd: None,
                se: None,
                p5: f64::NAN,
                p10: f64::NAN,
                p50: f64::NAN,
                p90: f64::NAN,
                p95: f64::NAN,
                min: f64::NAN,
                max: f64::NAN,
                prob_above: f64::NAN,
            };
        }
        let (mean, sd) = mean_and_sd(s);
        let se = sd.map(|sd| sd / (n as f64).sqrt());
        let above = n - s.partition_point(|&x| x <= threshold);
        let q = |p: f64| quantile_sorted(s, p);
        Summary {
            count: n,
            mean,
            sd,
            se,
            p5: q(0.05),
            p10: q(0.10),
            p50: q(0.50),
            p90: q(0.90),
            p95: q(0.95),
            min: s[0],
            max: s[n - 1],
            prob_above: above as f64 / n as f64,
        }
    }
}

/// The mean and (for two or more values) the sample standard deviation of the sorted,
/// non-empty sample `s`, by two passes. A constant sample's mean is its value and its
/// spread 0 exactly (summed, the mean can miss the value by a rounding and leave a spread of
/// rounding noise). Values so large that their sum or their squared deviations overflow are
/// divided by the largest magnitude first, so every finite sample has a finite mean and sd;
/// the others take the plain passes, unchanged bit for bit.
fn mean_and_sd(s: &[f64]) -> (f64, Option<f64>) {
    let n = s.len();
    if s[0] == s[n - 1] {
        return (s[0], (n > 1).then_some(0.0));
    }
    let moments = |scale: f64| {
        let mean = stable_sum_of_joined(&[s], |x| x / scale) / n as f64;
        let sd = (n > 1).then(|| {
            let ss: f64 = s
                .chunks(1024)
                .map(|c| c.iter().map(|x| (x / scale - mean).powi(2)).sum::<f64>())
                .sum();
            (ss / (n - 1) as f64).sqrt()
        });
        (mean, sd)
    };
    let (mean, sd) = moments(1.0);
    if mean.is_finite() && sd.is_none_or(f64::is_finite) {
        return (mean, sd);
    }
    let scale = s[0].abs().max(s[n - 1].abs());
    let (mean, sd) = moments(scale);
    (mean * scale, sd.map(|sd| sd * scale))
}
