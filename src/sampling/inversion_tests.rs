use statrs::distribution::{DiscreteCDF, Poisson};

use super::*;
use crate::sampling::{chunk_rng, unit_open};

/// The smallest `k` with `P(N ≤ k) ≥ u` by bisection on statrs' CDF: an independent
/// computation of the quantile.
fn reference(u: f64, mean: f64) -> (f64, Poisson) {
    let d = Poisson::new(mean).unwrap();
    let (mut lo, mut hi) = (0u64, (mean + 50.0 * mean.sqrt() + 50.0) as u64);
    if d.cdf(lo) >= u {
        return (0.0, d);
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if d.cdf(mid) >= u {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    (hi as f64, d)
}

#[test]
fn poisson_inversion_gives_the_exact_quantiles() {
    let mut rng = chunk_rng(7, 0);
    let means = [
        1e-6, 0.01, 0.3, 1.0, 2.5, 9.9, 29.9, 30.0, 31.0, 75.0, 150.5, 400.0, 2500.0, 1e4, 3.3e6,
        1e9,
    ];
    let mut checked = 0;
    for &mean in &means {
        let mut us: Vec<f64> = (0..400).map(|_| unit_open(&mut rng)).collect();
        us.extend([
            1e-300,
            1e-16,
            1e-12,
            1e-6,
            0.5,
            1.0 - 1e-12,
            1.0 - f64::EPSILON / 2.0,
        ]);
        for u in us {
            let got = poisson_at(u, mean);
            let (want, d) = reference(u, mean);
            if got != want {
                // Only where `u` lies within rounding of the CDF at the step between them.
                let step = got.min(want) as u64;
                let gap = (d.cdf(step) - u).abs();
                assert!(
                    gap < 1e-12,
                    "mean {mean}, u {u}: got {got}, want {want} (CDF gap {gap:e})"
                );
            } else {
                checked += 1;
            }
        }
    }
    assert!(checked > means.len() * 400);
}

#[test]
fn poisson_inversion_handles_the_ends() {
    assert_eq!(poisson_at(0.7, 0.0), 0.0);
    assert_eq!(poisson_at(0.7, f64::NAN), 0.0);
    assert_eq!(poisson_at(0.7, -1.0), 0.0);
    assert_eq!(poisson_at(0.7, f64::INFINITY), f64::INFINITY);
    // u at (nearly) 1: the last count the sum can tell apart, finite.
    let top = poisson_at(1.0 - f64::EPSILON / 2.0, 5.0);
    assert!(top.is_finite() && top > 15.0 && top < 40.0, "{top}");
    // A huge mean takes the normal approximation: the median is the mean.
    assert_eq!(poisson_at(0.5, 1e11), 1e11);
}

#[test]
fn bernoulli_inversion_is_a_threshold() {
    assert!(bernoulli_at(0.29, 0.3));
    assert!(!bernoulli_at(0.3, 0.3));
    assert!(!bernoulli_at(1e-300, 0.0));
    assert!(bernoulli_at(1.0 - f64::EPSILON / 2.0, 1.0));
}
