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

#[test]
fn the_poisson_probabilities_hold_a_few_ulps() {
    // Against statrs' pmf, an independent computation (ln Γ by Lanczos), where its own
    // rounding is small (means up to 1e4: k ln m below 1e5, about 1e-11 relative).
    for &mean in &[30.0, 31.7, 150.5, 2500.0, 1e4] {
        let d = Poisson::new(mean).unwrap();
        let sd = f64::sqrt(mean);
        for step in -40..=40 {
            let k = (mean + sd * f64::from(step) / 5.0).floor().max(0.0);
            let (got, want) = (
                poisson_pmf(k, mean),
                statrs::distribution::Discrete::pmf(&d, k as u64),
            );
            assert!(
                ((got - want) / want).abs() < 1e-10,
                "mean {mean}, k {k}: {got:e} vs {want:e}"
            );
        }
    }
}

#[test]
fn the_tail_sums_give_the_cdf() {
    // P(N ≤ k) as pmf times the ratio sum, against statrs' CDF (the incomplete gamma
    // function), on both sides of the mean, from -6 to +6 standard deviations.
    for &mean in &[30.0, 99.5, 260.0, 6500.0, 9e4] {
        let d = Poisson::new(mean).unwrap();
        let sd = f64::sqrt(mean);
        for step in -30..=30 {
            let k = (mean + sd * f64::from(step) / 5.0).floor().max(0.0);
            let pmf = poisson_pmf(k, mean);
            let got = pmf * cdf_over_pmf(k, mean, pmf);
            let want = d.cdf(k as u64);
            // statrs' own rounding: its prefactor e^(k ln m − m − ln Γ(k+1)) carries a few
            // ulps of the exponent's terms (mpmath puts statrs 8e-14 off at m = 30, k = 17,
            // and 1e-11 off at m = 6500, k = 6209, where ours is within 1 ulp).
            let reference_rounding = 1e-15 * (k * mean.ln() + mean + ln_gamma(k + 1.0)) + 1e-14;
            assert!(
                (got - want).abs() <= reference_rounding * want,
                "mean {mean}, k {k}: {got:e} vs {want:e}"
            );
        }
    }
}

#[test]
fn the_tail_sums_match_the_forward_sum_from_zero() {
    // An independent summation: e^-m, then each probability from the one before, summed
    // from 0 (exact to about k ulps while e^-m is a normal double, m < 700).
    for &mean in &[30.0, 57.3, 260.0, 640.0] {
        let sd = f64::sqrt(mean);
        for step in -30..=30 {
            let k = (mean + sd * f64::from(step) / 5.0).floor().max(0.0);
            let (mut p, mut want) = ((-mean).exp(), (-mean).exp());
            for j in 1..=(k as u64) {
                p *= mean / j as f64;
                want += p;
            }
            let pmf = poisson_pmf(k, mean);
            let got = pmf * cdf_over_pmf(k, mean, pmf);
            assert!(
                (got - want).abs() <= (k + 20.0) * 2.3e-16 * want,
                "mean {mean}, k {k}: {got:e} vs {want:e}"
            );
            assert!(
                ((pmf - p) / p).abs() <= (k + 20.0) * 2.3e-16,
                "pmf at {mean}, {k}"
            );
        }
    }
}

#[test]
fn walking_from_an_anchor_gives_the_fresh_counts() {
    // A trial's later years walk from where its last inversion ended: the same counts as
    // inverting afresh, except where `u` lies within rounding of a CDF step.
    let mut rng = chunk_rng(11, 0);
    let mut walked = 0;
    for &mean in &[30.0, 41.5, 260.0, 6500.0, 9e4, 3.3e6] {
        for _trial in 0..200 {
            let mut anchor = PoissonAnchor::NONE;
            for _year in 0..6 {
                let u = unit_open(&mut rng);
                let got = poisson_at_from(u, mean, &mut anchor);
                let want = poisson_at(u, mean);
                if got != want {
                    let (_, d) = reference(u, mean);
                    let gap = (d.cdf(got.min(want) as u64) - u).abs();
                    assert!(gap < 1e-12, "mean {mean}, u {u}: {got} vs {want}");
                }
                // The state left for the next year is that of its count.
                if anchor.mean.to_bits() == mean.to_bits() && mean <= SUM_TAILS_UP_TO {
                    let (k, pmf) = (anchor.k, poisson_pmf(anchor.k, mean));
                    let cdf = pmf * cdf_over_pmf(k, mean, pmf);
                    // Absolute: what the comparisons with `u` see (walking down into the
                    // lower tail keeps the absolute rounding of the larger CDF it left).
                    assert!((anchor.cdf - cdf).abs() <= 1e-13, "cdf at {mean}, {k}");
                    assert!(
                        (anchor.pmf - pmf).abs() <= 1e-12 * pmf,
                        "pmf at {mean}, {k}"
                    );
                }
                walked += 1;
            }
        }
    }
    assert_eq!(walked, 6 * 200 * 6);
    // Another mean does not walk from the anchor of the first.
    let mut anchor = PoissonAnchor::NONE;
    let first = poisson_at_from(0.3, 100.0, &mut anchor);
    assert_eq!(
        poisson_at_from(0.3, 400.0, &mut anchor),
        poisson_at(0.3, 400.0)
    );
    assert_eq!(first, poisson_at(0.3, 100.0));
}

#[test]
fn a_small_mean_summed_from_an_anchor_gives_the_fresh_counts_exactly() {
    // Below SUM_FROM_ZERO_BELOW the anchor keeps e^-mean and the furthest state of the sum
    // from 0, which the sum passes through term for term: the counts are those of summing
    // afresh, bit for bit, whatever the order of the coordinates and the means before.
    let mut rng = chunk_rng(12, 0);
    let near_one = [1.0 - f64::EPSILON / 2.0, 1.0 - 1e-15, 1.0 - 1e-12];
    for &mean in &[1e-3_f64, 0.5, 4.8, 17.0, 29.999] {
        // Coordinates on and beside the steps of the CDF as the sum from 0 rounds it,
        // taken from the top down, so that each is below the furthest state kept.
        let mut steps = Vec::new();
        let (mut pmf, mut cdf) = ((-mean).exp(), (-mean).exp());
        for j in 1..(mean as usize + 12) {
            steps.extend([cdf.next_down(), cdf, cdf.next_up()]);
            pmf *= mean / j as f64;
            cdf += pmf;
        }
        let mut anchor = PoissonAnchor::NONE;
        for &u in steps.iter().rev().filter(|u| **u < 1.0) {
            assert_eq!(
                poisson_at_from(u, mean, &mut anchor).to_bits(),
                poisson_at(u, mean).to_bits(),
                "mean {mean}, u {u} at a step"
            );
        }
        for trial in 0..300 {
            let mut anchor = PoissonAnchor::NONE;
            if trial % 3 == 0 {
                // Left by another mean first, small or large.
                poisson_at_from(0.9, if trial % 2 == 0 { 3.0 } else { 300.0 }, &mut anchor);
            }
            for year in 0..8 {
                let u = match (trial % 5, year) {
                    (0, y) => near_one[y % near_one.len()],
                    (1, y) => 1e-3 + 0.12 * y as f64,
                    (2, y) => 0.95 - 0.12 * y as f64,
                    _ => unit_open(&mut rng),
                };
                let got = poisson_at_from(u, mean, &mut anchor);
                assert_eq!(
                    got.to_bits(),
                    poisson_at(u, mean).to_bits(),
                    "mean {mean}, u {u}, trial {trial}, year {year}"
                );
            }
        }
    }
}
