//! Event draws by inversion of one uniform coordinate: what a point-set design
//! ([`super::Sobol`]) feeds its coordinates through, one coordinate per draw, whatever the
//! mean (a rejection sampler would consume a variable number of them).

use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::gamma::{gamma_ur, ln_gamma};

use super::poisson_inverse;

/// Means below this are inverted by summing the probabilities from 0 (at most a few dozen
/// terms, and `e^-mean` is far from underflow); larger ones start from an approximate
/// quantile and walk to the exact one.
const SUM_FROM_ZERO_BELOW: f64 = 30.0;

/// Means above this use the normal approximation `round(mean + √mean z)`, as the engine's
/// Poisson sampler does ([`crate::distributions::poisson_draw`]): the skewness it ignores
/// is below 1e-5 there.
const NORMAL_ABOVE: f64 = 1e10;

/// Means up to this take the CDF at the walk's start by summing probability ratios (about
/// `9√m` multiplications, under 3,000 here); larger ones by the incomplete gamma function.
const SUM_TAILS_UP_TO: f64 = 1e5;

/// The tail sums stop at a term below this share of the sum (past the last bit it holds).
const TAIL_STOP: f64 = 1e-17;

/// `ln √(2π)`.
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// Whether an event of probability `p` happens at the coordinate `u` in (0, 1): `u < p`,
/// so a share `p` of equally spread coordinates are events.
#[inline]
pub fn bernoulli_at(u: f64, p: f64) -> bool {
    u < p
}

/// The Poisson quantile of `u` in (0, 1) for the mean `mean`: the smallest count `k` with
/// `P(N ≤ k) ≥ u` (0 for a mean of 0 or NaN, infinity for an infinite mean).
///
/// Small means sum the probabilities `e^-m m^k / k!` from 0 by their recurrence. Means from
/// 30 to 10⁵ are answered in O(1) by the continuous quantile's table wherever it settles the
/// count (all but about one coordinate in 5,000: `sampling::poisson_inverse`), with the
/// walk's count. The others start from the Cornish–Fisher approximation of the quantile,
/// take the CDF there and walk one count at a time to the smallest `k` whose CDF reaches
/// `u`, adding or removing the probability of each count stepped over; the start is within
/// a few counts, so the walk is short. The CDF at the start is, up to `SUM_TAILS_UP_TO`
/// (below), the start's probability (computed as Loader 2000 does, accurate to a few ulps
/// whatever the mean) times the sum of the probability ratios down to 0 or up to
/// infinity, whichever side is the start's (multiplications only, about `9√m` terms, each
/// rounded once); above it, the regularized incomplete gamma function,
/// `P(N ≤ k) = Q(k + 1, m)`. Either is within a few ulps (times the terms summed) of the
/// true CDF, so the counts are exact except where `u` lies within that rounding of a step
/// of the CDF.
pub fn poisson_at(u: f64, mean: f64) -> f64 {
    let mut none = PoissonAnchor::NONE;
    poisson_at_from(u, mean, &mut none)
}

/// Where a Poisson inversion by walking ended: the mean, the count, its CDF and its
/// probability. The next inversion for the same mean (the same trial's next year) walks
/// from here instead of computing a CDF afresh: about `1.1√m` steps instead of `9√m`
/// terms, with the walk's rounding (a few ulps a step) carried along. For a mean below
/// `SUM_FROM_ZERO_BELOW` (this module's) the state is the furthest the sum from 0 has
/// reached, and `zero` is `e^-mean`, the sum's first term, so that the next inversion neither takes the
/// exponential again nor re-adds the terms below a coordinate past that state.
#[derive(Clone, Copy, Debug)]
pub struct PoissonAnchor {
    mean: f64,
    k: f64,
    cdf: f64,
    pmf: f64,
    zero: f64,
}

impl PoissonAnchor {
    /// No anchor (its mean, NaN, is never a walked mean).
    pub const NONE: PoissonAnchor = PoissonAnchor {
        mean: f64::NAN,
        k: 0.0,
        cdf: 0.0,
        pmf: 0.0,
        zero: f64::NAN,
    };
}

/// [`poisson_at`], walking from `anchor` when it holds the same mean (bit for bit) and
/// leaving the walk's end there for the next call.
pub fn poisson_at_from(u: f64, mean: f64, anchor: &mut PoissonAnchor) -> f64 {
    if mean.is_nan() || mean <= 0.0 {
        return 0.0;
    }
    if mean.is_infinite() {
        return f64::INFINITY;
    }
    if mean < SUM_FROM_ZERO_BELOW {
        return sum_from_zero(u, mean, anchor);
    }
    if let Some(k) = poisson_inverse::count(u, mean) {
        return k;
    }
    walk_from(u, mean, anchor)
}

/// The walk of [`poisson_at_from`] for a finite mean of at least [`SUM_FROM_ZERO_BELOW`],
/// whatever the table says: from `anchor` when it holds the same mean, else from the
/// Cornish–Fisher start.
pub(crate) fn walk_from(u: f64, mean: f64, anchor: &mut PoissonAnchor) -> f64 {
    let from = if anchor.mean.to_bits() == mean.to_bits() {
        *anchor
    } else {
        if mean > NORMAL_ABOVE {
            let z = Normal::standard().inverse_cdf(u);
            return (mean + mean.sqrt() * z).round().max(0.0);
        }
        // Up to SUM_TAILS_UP_TO the start's CDF is within ulps wherever it is, so an
        // approximate start only lengthens the walk; above it the incomplete gamma
        // function's own rounding grows with the mean, and the start stays exact.
        let z = if mean <= SUM_TAILS_UP_TO {
            poisson_inverse::normal_quantile(u)
        } else {
            Normal::standard().inverse_cdf(u)
        };
        let start = (mean + mean.sqrt() * z + (z * z - 1.0) / 6.0)
            .floor()
            .max(0.0);
        start_at(mean, start)
    };
    let (end, consistent) = walk(u, from);
    *anchor = if consistent { end } else { PoissonAnchor::NONE };
    end.k
}

/// The quantile by summing the probabilities from 0: the walk up from count 0, whose CDF
/// and probability are both `e^-mean`. With `anchor` holding the same mean (a state the
/// same sum reached before, and `e^-mean`), a coordinate above the anchor's CDF continues
/// the sum from there, and any other starts it again from `e^-mean` kept: the sum passes
/// through the anchor's state on its way up, term for term, so the count is the same as
/// summing afresh. The anchor keeps the furthest state reached.
fn sum_from_zero(u: f64, mean: f64, anchor: &mut PoissonAnchor) -> f64 {
    let kept = anchor.mean.to_bits() == mean.to_bits();
    if kept && anchor.cdf < u {
        let (end, consistent) = walk(u, *anchor);
        if consistent {
            *anchor = end;
        }
        return end.k;
    }
    let p = if kept { anchor.zero } else { (-mean).exp() };
    let zero = PoissonAnchor {
        mean,
        k: 0.0,
        cdf: p,
        pmf: p,
        zero: p,
    };
    let (end, consistent) = walk(u, zero);
    if !kept {
        *anchor = if consistent { end } else { zero };
    }
    end.k
}

/// The state at the count `start`, where the CDF is computed exactly (to rounding).
fn start_at(mean: f64, start: f64) -> PoissonAnchor {
    let (cdf, pmf) = if mean <= SUM_TAILS_UP_TO {
        let pmf = poisson_pmf(start, mean);
        (pmf * cdf_over_pmf(start, mean, pmf), pmf)
    } else {
        (
            gamma_ur(start + 1.0, mean),
            (start * mean.ln() - mean - ln_gamma(start + 1.0)).exp(),
        )
    };
    PoissonAnchor {
        mean,
        k: start,
        cdf,
        pmf,
        zero: f64::NAN,
    }
}

/// The quantile by walking from the state `from`; returns the state at the quantile and
/// whether it is consistent (false when the walk up stopped because the probabilities
/// left no longer change the sum, the CDF then not being that of the count).
fn walk(u: f64, from: PoissonAnchor) -> (PoissonAnchor, bool) {
    let PoissonAnchor {
        mean,
        mut k,
        mut cdf,
        mut pmf,
        zero,
    } = from;
    if cdf >= u {
        // Step down while the count below still reaches `u`.
        while k > 0.0 && pmf > 0.0 {
            let below = cdf - pmf;
            if below < u {
                break;
            }
            cdf = below;
            pmf *= k / mean;
            k -= 1.0;
        }
        return (
            PoissonAnchor {
                mean,
                k,
                cdf,
                pmf,
                zero,
            },
            true,
        );
    }
    while cdf < u {
        k += 1.0;
        pmf *= mean / k;
        let next = cdf + pmf;
        if next == cdf {
            // The probabilities left no longer change the sum: `u` lies within the sum's
            // rounding of 1, and this is the last count it can tell apart.
            return (
                PoissonAnchor {
                    mean,
                    k,
                    cdf,
                    pmf,
                    zero,
                },
                false,
            );
        }
        cdf = next;
    }
    (
        PoissonAnchor {
            mean,
            k,
            cdf,
            pmf,
            zero,
        },
        true,
    )
}

/// How many standard deviations above the mean a starting count may lie and still take
/// [`cdf_over_pmf`]'s sum downwards (multiplications only, two at a time); above it the
/// sum upwards is shorter (one division a term).
const SUM_DOWN_UP_TO_SDS: f64 = 4.0;

/// `P(N ≤ k) / P(N = k)` for a Poisson mean `mean` and the count's probability `pmf`: for
/// a count up to [`SUM_DOWN_UP_TO_SDS`] standard deviations above the mean, the sum of
/// the ratios `P(N = j) / P(N = k)` for `j ≤ k` ([`ratios_down`]); above it, `1 / pmf`
/// less the ratios for `j > k` (each the one before times `mean / j`, falling). Each sum
/// stops at a term below [`TAIL_STOP`] of itself, or at 0.
fn cdf_over_pmf(k: f64, mean: f64, pmf: f64) -> f64 {
    if k <= mean + SUM_DOWN_UP_TO_SDS * mean.sqrt() {
        return ratios_down(k, 1.0 / mean);
    }
    let mut term = 1.0;
    let mut upper = 0.0;
    let mut j = k + 1.0;
    loop {
        term *= mean / j;
        upper += term;
        if term < TAIL_STOP * upper {
            break;
        }
        j += 1.0;
    }
    1.0 / pmf - upper
}

/// `1 + Σ_{i ≥ 1} Π_{l < i} (k − l)·per`: the ratios `P(N = k − i) / P(N = k)` summed,
/// `per` being `1 / mean`. Two chains of terms (the odd and the even ones, each the one two
/// before times two ratios) with a partial sum each, so that no multiplication waits for
/// the one before it; the last few terms one at a time.
fn ratios_down(k: f64, per: f64) -> f64 {
    let mut term = 1.0;
    let mut sum = 1.0;
    // The count whose ratio the next term takes.
    let mut next = k;
    if k >= 4.0 {
        // `a` and `b` are terms 1 and 2; at the top of the loop `b`'s last ratio is that of
        // `j`, and `a` is one term behind it.
        let mut a = k * per;
        let mut b = a * ((k - 1.0) * per);
        let (mut sum_a, mut sum_b) = (1.0 + a, b);
        let mut j = k - 1.0;
        let mut stopped = false;
        while j >= 3.0 {
            let (r1, r2) = ((j - 1.0) * per, (j - 2.0) * per);
            a *= (j * per) * r1;
            b *= r1 * r2;
            sum_a += a;
            sum_b += b;
            j -= 2.0;
            if b < TAIL_STOP * (sum_a + sum_b) {
                stopped = true;
                break;
            }
        }
        sum = sum_a + sum_b;
        if stopped {
            return sum;
        }
        term = b;
        next = j - 1.0;
    }
    // One at a time: the terms after `term`.
    while next > 0.0 {
        term *= next * per;
        sum += term;
        if term < TAIL_STOP * sum {
            break;
        }
        next -= 1.0;
    }
    sum
}

/// The Poisson probability `P(N = k)` for the mean `mean > 0` and a count `k ≥ 0`, as
/// `e^-(stirlerr(k) + bd0(k, m)) / √(2πk)` (Loader 2000, "Fast and accurate computation
/// of binomial probabilities"): no large logarithms cancel, so it holds a few ulps however
/// large the mean.
fn poisson_pmf(k: f64, mean: f64) -> f64 {
    if k == 0.0 {
        return (-mean).exp();
    }
    (-stirling_error(k) - deviance(k, mean)).exp() / (2.0 * std::f64::consts::PI * k).sqrt()
}

/// `ln k! − ln(√(2πk) (k/e)^k)` for `k = 0..=15`, computed with mpmath at 50 digits and
/// rounded to the nearest double (the values of Loader 2000's table at whole numbers).
const STIRLING_ERRORS: [f64; 16] = [
    0.0,
    0.08106146679532726,
    0.0413406959554093,
    0.02767792568499834,
    0.020790672103765093,
    0.016644691189821193,
    0.013876128823070748,
    0.01189670994589177,
    0.010411265261972096,
    0.009255462182712733,
    0.00833056343336287,
    0.007573675487951841,
    0.00694284010720953,
    0.006408994188004207,
    0.0059513701127588475,
    0.005554733551962801,
];

/// `ln k! − ln(√(2πk) (k/e)^k)`: Stirling's series past 15 (Abramowitz & Stegun 6.1.41;
/// the first omitted term is below 3e-16 of it there), the table at whole counts up to 15
/// (the log-gamma function would lose about 1e-14 to cancellation there).
fn stirling_error(k: f64) -> f64 {
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    if k > 15.0 {
        let inv = 1.0 / (k * k);
        (S0 - (S1 - (S2 - (S3 - S4 * inv) * inv) * inv) * inv) / k
    } else if k.fract() == 0.0 {
        STIRLING_ERRORS[k as usize]
    } else {
        ln_gamma(k + 1.0) - (k + 0.5) * k.ln() + k - LN_SQRT_2PI
    }
}

/// The deviance term `k ln(k/m) + m − k` (Loader 2000's `bd0`), by its series in
/// `v = (k − m)/(k + m)` where `k` and `m` are close (the direct form cancels there).
fn deviance(k: f64, mean: f64) -> f64 {
    let diff = k - mean;
    if diff.abs() < 0.1 * (k + mean) {
        let v = diff / (k + mean);
        let v2 = v * v;
        let mut sum = diff * v;
        let mut power = 2.0 * k * v;
        let mut odd = 1.0;
        loop {
            power *= v2;
            odd += 2.0;
            let next = sum + power / odd;
            if next == sum {
                return next;
            }
            sum = next;
        }
    } else {
        k * (k / mean).ln() + mean - k
    }
}

#[cfg(test)]
#[path = "inversion_tests.rs"]
mod tests;
