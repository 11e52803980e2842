use super::*;
use crate::sampling::inversion::{walk_from, PoissonAnchor};
use crate::sampling::{chunk_rng, unit_open};
use statrs::distribution::{DiscreteCDF, Poisson};

/// The walk's count, bypassing the table.
fn walked(u: f64, mean: f64) -> f64 {
    let mut fresh = PoissonAnchor::NONE;
    walk_from(u, mean, &mut fresh)
}

/// A mean log-uniform over the table's range.
fn table_mean(rng: &mut impl rand::Rng) -> f64 {
    (MEAN_FROM.ln() + unit_open(rng) * (MEAN_UP_TO / MEAN_FROM).ln()).exp()
}

/// Wherever the walk's count `k` is, the table's `a* − 1` lies in `(k − 1, k]` to within
/// a tenth of the margin: the table's error, measured against the exact inversion rather
/// than against the fit's own reference, is far inside the margin that lets it answer.
#[test]
fn the_tables_quantile_is_within_a_tenth_of_the_margin_of_the_exact_count() {
    let mut rng = chunk_rng(11, 0);
    let tolerance = MARGIN / 10.0;
    let mut worst = 0.0f64;
    for _ in 0..200_000 {
        let mean = table_mean(&mut rng);
        let u = unit_open(&mut rng);
        let w = normal_quantile(u);
        if w.abs() > W_MAX {
            continue;
        }
        let k = walked(u, mean);
        let below = continuous_quantile(w, mean) - 1.0;
        // How far `below` lies outside (k − 1, k].
        let outside = (below - k).max(k - 1.0 - below).max(0.0);
        worst = worst.max(outside);
        assert!(
            outside <= tolerance,
            "mean {mean}, u {u}: a* - 1 = {below}, exact count {k}"
        );
    }
    eprintln!("largest distance outside the exact count's interval: {worst:e}");
}

/// At a step of the CDF, `u = P(N ≤ j)`, the continuous quantile is exactly `a* = j + 1`
/// (`Q(j + 1, m) = P(N ≤ j)`): the table's `a*` there, with `u` from statrs' CDF (an
/// independent computation), is within a tenth of the margin, from 4.5 standard
/// deviations below the mean to 4.5 above, over the table's range of means.
#[test]
fn the_tables_quantile_is_exact_at_the_steps_of_the_cdf() {
    let mut worst = 0.0f64;
    let mut checked = 0;
    for i in 0..=60 {
        let mean = MEAN_FROM * (MEAN_UP_TO / MEAN_FROM).powf(i as f64 / 60.0);
        let d = Poisson::new(mean).unwrap();
        let sd = mean.sqrt();
        let (lo, hi) = ((mean - 4.5 * sd).ceil() as u64, (mean + 4.5 * sd) as u64);
        let stride = ((hi - lo) / 150).max(1);
        for j in (lo..=hi).step_by(stride as usize) {
            let u = d.cdf(j);
            let w = normal_quantile(u);
            if w.abs() > W_MAX {
                continue;
            }
            let error = (continuous_quantile(w, mean) - (j as f64 + 1.0)).abs();
            worst = worst.max(error);
            checked += 1;
            assert!(
                error <= MARGIN / 10.0,
                "mean {mean}, step {j}: error {error:e}"
            );
        }
    }
    assert!(checked > 5000);
    eprintln!("largest error of the table's a* at the CDF's steps: {worst:e}");
}

/// The counts the table gives are the walk's (and statrs' CDF's), including coordinates
/// placed right at the steps of the CDF, where the table must leave the count to the
/// walk; and the table does answer nearly all coordinates.
#[test]
fn the_table_gives_the_walks_counts_and_answers_nearly_all() {
    let mut rng = chunk_rng(12, 0);
    let (mut answered, mut asked) = (0usize, 0usize);
    for _ in 0..100_000 {
        let mean = table_mean(&mut rng);
        let u = unit_open(&mut rng);
        asked += 1;
        if let Some(k) = count(u, mean) {
            answered += 1;
            assert_eq!(k, walked(u, mean), "mean {mean}, u {u}");
        }
    }
    // The table leaves out a share of about 2 × MARGIN (and 5.7e-7 beyond W_MAX).
    let left = (asked - answered) as f64 / asked as f64;
    assert!(
        left < 10.0 * MARGIN,
        "the table left {left} of the coordinates"
    );
    // At the CDF's steps: u just below, at and just above P(N ≤ j).
    for &mean in &[30.0, 31.7, 99.5, 1234.5, 5e4, 1e5] {
        let d = Poisson::new(mean).unwrap();
        let sd = f64::sqrt(mean);
        let (lo, hi) = ((mean - 4.0 * sd).max(0.0) as u64, (mean + 4.0 * sd) as u64);
        for j in lo..=hi {
            let step = d.cdf(j);
            for u in [
                step * (1.0 - 1e-12),
                step,
                step * (1.0 + 1e-12),
                step + 1e-9,
            ] {
                if !(u > 0.0 && u < 1.0) {
                    continue;
                }
                if let Some(k) = count(u, mean) {
                    assert_eq!(k, walked(u, mean), "mean {mean}, u {u} at the step of {j}");
                }
            }
        }
    }
}

/// Outside its range the table answers nothing.
#[test]
fn the_table_refuses_what_it_does_not_cover() {
    assert_eq!(count(0.5, 29.999), None);
    assert_eq!(count(0.5, 1.000_001e5), None);
    assert_eq!(count(1e-10, 500.0), None); // |w| ≈ 6.4
    assert_eq!(count(1.0 - 1e-10, 500.0), None);
    assert!(count(0.5, 500.0).is_some());
}

/// `normal_quantile` against `Φ⁻¹` computed by mpmath at 40 digits (`-√2 erfinv(1 − 2u)` at
/// the double `u`), and against statrs' `erfc_inv` on a dense grid out to `W_MAX`: within
/// Acklam's 1.15e-9 relative bound.
#[test]
fn the_normal_quantile_is_within_its_bound() {
    let cases = [
        (2.866515718791939e-07, -5.0),
        (1e-06, -4.753424308822899),
        (0.001, -3.0902323061678136),
        (0.025, -1.9599639845400543),
        (0.3, -0.5244005127080408),
        (0.5, 0.0),
        (0.9, 1.2815515655446006),
        (0.999, 3.090232306167813),
        (0.999999, 4.753424308817087),
    ];
    for (u, want) in cases {
        let got = normal_quantile(u);
        assert!(
            (got - want).abs() <= 1.15e-9 * want.abs() + 1e-15,
            "u {u}: {got}, mpmath {want}"
        );
    }
    let mut worst = 0.0f64;
    for i in 1..200_000 {
        // u spread evenly in w from -5.2 to 5.2.
        let w = -5.2 + 10.4 * i as f64 / 200_000.0;
        let u = 0.5 * statrs::function::erf::erfc(-w / std::f64::consts::SQRT_2);
        let exact = -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * u);
        let relative = (normal_quantile(u) - exact).abs() / exact.abs().max(1e-300);
        worst = worst.max(relative);
        assert!(
            relative <= 1.2e-9,
            "u {u}: {} against {exact}",
            normal_quantile(u)
        );
    }
    eprintln!("largest relative error of the normal quantile: {worst:e}");
}
