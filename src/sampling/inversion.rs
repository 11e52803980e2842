//! Event draws by inversion of one uniform coordinate: what a point-set design
//! ([`super::Sobol`]) feeds its coordinates through, one coordinate per draw, whatever the
//! mean (a rejection sampler would consume a variable number of them).

use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::gamma::{gamma_ur, ln_gamma};

/// Means below this are inverted by summing the probabilities from 0 (at most a few dozen
/// terms, and `e^-mean` is far from underflow); larger ones start from an approximate
/// quantile and walk to the exact one.
const SUM_FROM_ZERO_BELOW: f64 = 30.0;

/// Means above this use the normal approximation `round(mean + √mean z)`, as the engine's
/// Poisson sampler does ([`crate::distributions::poisson_draw`]): the skewness it ignores
/// is below 1e-5 there.
const NORMAL_ABOVE: f64 = 1e10;

/// Whether an event of probability `p` happens at the coordinate `u` in (0, 1): `u < p`,
/// so a share `p` of equally spread coordinates are events.
#[inline]
pub fn bernoulli_at(u: f64, p: f64) -> bool {
    u < p
}

/// The Poisson quantile of `u` in (0, 1) for the mean `mean`: the smallest count `k` with
/// `P(N ≤ k) ≥ u` (0 for a mean of 0 or NaN, infinity for an infinite mean).
///
/// Small means sum the probabilities `e^-m m^k / k!` from 0 by their recurrence. Larger
/// means start from the Cornish–Fisher approximation of the quantile, take the exact CDF
/// there (the regularized incomplete gamma function, `P(N ≤ k) = Q(k + 1, m)`) and walk
/// one count at a time to the smallest `k` whose CDF reaches `u`, adding or removing the
/// probability of each count stepped over; the start is within a few counts, so the walk
/// is short and its rounding error is a few ulps of the CDF. The counts are therefore
/// exact except where `u` lies within that rounding of a step of the CDF.
pub fn poisson_at(u: f64, mean: f64) -> f64 {
    if mean.is_nan() || mean <= 0.0 {
        return 0.0;
    }
    if mean.is_infinite() {
        return f64::INFINITY;
    }
    if mean < SUM_FROM_ZERO_BELOW {
        return sum_from_zero(u, mean);
    }
    let z = Normal::standard().inverse_cdf(u);
    if mean > NORMAL_ABOVE {
        return (mean + mean.sqrt() * z).round().max(0.0);
    }
    let start = (mean + mean.sqrt() * z + (z * z - 1.0) / 6.0)
        .floor()
        .max(0.0);
    walk(u, mean, start)
}

/// The quantile by summing the probabilities from 0.
fn sum_from_zero(u: f64, mean: f64) -> f64 {
    let mut p = (-mean).exp();
    let mut cdf = p;
    let mut k = 0.0;
    while cdf < u {
        k += 1.0;
        p *= mean / k;
        let next = cdf + p;
        if next == cdf {
            // The probabilities left no longer change the sum: `u` lies within the sum's
            // rounding of 1, and this is the last count it can tell apart.
            break;
        }
        cdf = next;
    }
    k
}

/// The quantile by walking from the count `start`, where the CDF is computed exactly.
fn walk(u: f64, mean: f64, start: f64) -> f64 {
    let mut k = start;
    let mut cdf = gamma_ur(k + 1.0, mean);
    let mut pmf = (k * mean.ln() - mean - ln_gamma(k + 1.0)).exp();
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
        return k;
    }
    while cdf < u {
        k += 1.0;
        pmf *= mean / k;
        let next = cdf + pmf;
        if next == cdf {
            break;
        }
        cdf = next;
    }
    k
}

#[cfg(test)]
#[path = "inversion_tests.rs"]
mod tests;
