//! Statistics tests against hand-computed values.

use super::*;

#[test]
fn quantiles_match_numpy_linear_rule() {
    // numpy.quantile([3, 1, 4, 1, 5], [0.05, 0.5, 0.9]) = [1.0, 3.0, 4.6]
    let s = sorted(&[3.0, 1.0, 4.0, 1.0, 5.0]);
    assert_eq!(quantile_sorted(&s, 0.05), 1.0);
    assert_eq!(quantile_sorted(&s, 0.5), 3.0);
    assert!((quantile_sorted(&s, 0.9) - 4.6).abs() < 1e-12);
}

#[test]
fn summary_of_small_sample() {
    let s = Summary::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], 4.0);
    assert_eq!(s.mean, 5.0);
    let sd = (32.0f64 / 7.0).sqrt();
    assert!((s.sd.unwrap() - sd).abs() < 1e-12);
    assert!((s.se.unwrap() - sd / 8f64.sqrt()).abs() < 1e-12);
    assert_eq!(s.prob_above, 0.5);
    assert_eq!((s.min, s.max), (2.0, 9.0));
    assert_eq!(Summary::of(&[1.0], 0.0).sd, None);
}

#[test]
fn a_constant_sample_has_its_value_as_mean_and_no_spread() {
    // 0.1 summed 300 times is not 30: the summed mean misses 0.1 by a rounding.
    let values = vec![0.1; 300];
    assert_ne!(values.iter().sum::<f64>() / 300.0, 0.1);
    let s = Summary::of(&values, 0.0);
    assert_eq!((s.mean, s.sd, s.se), (0.1, Some(0.0), Some(0.0)));
    let big = Summary::of(&[1.080_125_688_370_586_3e94; 200], 0.0);
    assert_eq!((big.mean, big.sd), (1.080_125_688_370_586_3e94, Some(0.0)));
}

#[test]
fn values_whose_sum_or_squares_overflow_keep_a_finite_mean_and_sd() {
    // k · 1e306 for k = 1..=100: the sum (5.05e309) overflows, as do the squared deviations.
    let values: Vec<f64> = (1..=100).map(|k| k as f64 * 1e306).collect();
    let s = Summary::of(&values, 0.0);
    // The mean of 1..=100 is 50.5; its sd is sqrt(100 · 101 / 12) = 29.011491975882016.
    assert!((s.mean / 50.5e306 - 1.0).abs() < 1e-12, "{}", s.mean);
    let sd = s.sd.unwrap();
    assert!(
        (sd / 29.011_491_975_882_016e306 - 1.0).abs() < 1e-12,
        "{sd}"
    );
    assert!((s.se.unwrap() / (sd / 10.0) - 1.0).abs() < 1e-15);
    // Spread alone can overflow too: ±1.5e154 squared is beyond the largest double.
    let wide = Summary::of(&[-1.5e154, 1.5e154], 0.0);
    assert_eq!(wide.mean, 0.0);
    assert!((wide.sd.unwrap() / (1.5e154 * 2f64.sqrt()) - 1.0).abs() < 1e-15);
}

#[test]
fn ranks_average_ties() {
    assert_eq!(ranks(&[10.0, 20.0, 10.0, 30.0]), vec![1.5, 3.0, 1.5, 4.0]);
}

#[test]
fn spearman_of_monotone_and_constant() {
    let x: Vec<f64> = (0..50).map(|i| i as f64).collect();
    let y: Vec<f64> = x.iter().map(|v| v.powi(3)).collect();
    assert_eq!(spearman(&x, &y), Some(1.0));
    let neg: Vec<f64> = x.iter().map(|v| -v).collect();
    assert_eq!(spearman(&x, &neg), Some(-1.0));
    assert_eq!(spearman(&x, &vec![1.0; 50]), None);
}

#[test]
fn tornado_uses_deciles() {
    let x: Vec<f64> = (0..100).map(|i| i as f64).collect();
    let y: Vec<f64> = x.iter().map(|v| 2.0 * v).collect();
    let row = tornado(&x, &y).unwrap();
    // low decile: x ≤ 9.9 → 0..=9, mean y = 9; high: x ≥ 89.1 → 90..=99, mean y = 189.
    assert_eq!(row.low_mean, 9.0);
    assert_eq!(row.high_mean, 189.0);
    assert_eq!(row.swing, 180.0);
}

#[test]
fn quantiles_by_selection_equal_those_of_the_sorted_sample() {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
    let qs = [0.0, 0.05, 0.1, 0.5, 0.9, 0.95, 1.0, 0.5];
    for n in [1, 2, 3, 7, 20, 101, 1000, 4097] {
        // Continuous values, and values with many ties.
        let smooth: Vec<f64> = (0..n).map(|_| rng.random::<f64>() * 100.0 - 50.0).collect();
        let tied: Vec<f64> = (0..n).map(|_| rng.random_range(0..5) as f64).collect();
        for v in [smooth, tied] {
            let s = sorted(&v);
            let want: Vec<f64> = qs.iter().map(|&q| quantile_sorted(&s, q)).collect();
            assert_eq!(quantiles(&v, &qs), want, "n = {n}");
        }
    }
}

#[test]
fn tail_of_an_output_made_by_one_input() {
    // y = x1 + 1000·x2: the top decile of y is exactly where x2 = 1 (10 of 100 trials).
    let n = 100;
    let x1: Vec<f64> = (0..n).map(|i| ((i * 37) % n) as f64).collect();
    let x2: Vec<f64> = (0..n)
        .map(|i| if i % 10 == 3 { 1.0 } else { 0.0 })
        .collect();
    let y: Vec<f64> = x1.iter().zip(&x2).map(|(a, b)| a + 1000.0 * b).collect();
    let (tail, cutoff) = upper_tail(&y, 0.9).unwrap();
    assert_eq!(tail.iter().filter(|&&t| t).count(), 10);
    assert!(cutoff > 99.0);
    let r2 = tail_row(&x2, &tail).unwrap();
    // x2's mid-ranks: the 90 zeros share 45.5, the 10 ones 95.5; percentile (r − ½)/100.
    assert!((r2.tail_percentile - 0.95).abs() < 1e-12);
    assert_eq!((r2.tail_mean, r2.mean), (1.0, 0.1));
    // Standard error: population variance of the percentiles over m = 10 without
    // replacement; the percentiles are 0.45 (90 trials) and 0.95 (10 trials).
    let var = (90.0 * 0.05f64.powi(2) + 10.0 * 0.45f64.powi(2)) / 100.0;
    let se = (var / 10.0 * 90.0 / 99.0).sqrt();
    assert!((r2.z - 0.45 / se).abs() < 1e-9);
    let r1 = tail_row(&x1, &tail).unwrap();
    assert!(r1.tail_percentile < r2.tail_percentile);
    assert_eq!(tail_row(&[1.0; 100], &tail), None);
    assert_eq!(tail_row(&x1, &[true; 100]), None);
    assert_eq!(tail_row(&x1, &[false; 100]), None);
    assert_eq!(tail_row(&x1[..5], &tail), None);
    assert_eq!(upper_tail(&[], 0.9), None);
}

#[test]
fn tornado_deciles_include_every_trial_tied_at_the_percentile() {
    // A discrete input: 30 trials at 0, 50 at 1, 20 at 2. Its 10th percentile is 0 and its
    // 90th is 2, each shared by many trials: the low decile is the 30 trials at 0 (x ≤ 0),
    // the high decile the 20 trials at 2 (x ≥ 2), not empty sets.
    let x: Vec<f64> = (0..100)
        .map(|i| match i % 10 {
            0..=2 => 0.0,
            3..=7 => 1.0,
            _ => 2.0,
        })
        .collect();
    // y = 10·x + i/100, so the means are known exactly from the trials' indices.
    let y: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(i, v)| 10.0 * v + i as f64 / 100.0)
        .collect();
    let mean_of = |keep: &dyn Fn(f64) -> bool| {
        let picked: Vec<f64> = x
            .iter()
            .zip(&y)
            .filter(|(xi, _)| keep(**xi))
            .map(|(_, yi)| *yi)
            .collect();
        (
            picked.len(),
            picked.iter().sum::<f64>() / picked.len() as f64,
        )
    };
    let (n_low, low) = mean_of(&|v| v == 0.0);
    let (n_high, high) = mean_of(&|v| v == 2.0);
    assert_eq!((n_low, n_high), (30, 20));
    let row = tornado(&x, &y).unwrap();
    assert_eq!((row.low_value, row.high_value), (0.0, 2.0));
    assert!((row.low_mean - low).abs() < 1e-12, "{row:?}");
    assert!((row.high_mean - high).abs() < 1e-12, "{row:?}");
    assert!((row.swing - (high - low)).abs() < 1e-12);
    // Spearman with ties uses average ranks: here x and y order the trials the same way
    // within and across the tied groups, so ρ is the Pearson correlation of x's average
    // ranks (15.5, 55.5, 90.5) with y's ranks.
    let rx: Vec<f64> = x
        .iter()
        .map(|&v| match v as i64 {
            0 => 15.5,
            1 => 55.5,
            _ => 90.5,
        })
        .collect();
    assert_eq!(ranks(&x), rx);
    let rho = spearman(&x, &y).unwrap();
    let ry = ranks(&y);
    let n = 100.0;
    let (mx, my) = (rx.iter().sum::<f64>() / n, ry.iter().sum::<f64>() / n);
    let sxy: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - my)).sum();
    let sxx: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    let syy: f64 = ry.iter().map(|b| (b - my).powi(2)).sum();
    assert!((rho - sxy / (sxx * syy).sqrt()).abs() < 1e-12);
    assert!(rho > 0.9 && rho < 1.0);
}

#[test]
fn hazen_quantiles_sit_at_n_q_plus_a_half() {
    // Hyndman & Fan's definition 5, written out: the 1-based position n q + 1/2, linear
    // between order statistics (numpy's method="hazen" gives the same).
    let values: Vec<f64> = [7.0, 1.0, 4.0, 9.0, 2.0, 8.0, 3.0, 6.0, 5.0, 10.0].to_vec();
    let sorted = sorted(&values);
    let n = values.len() as f64;
    for q in [0.05, 0.1, 0.25, 0.5, 0.73, 0.9, 0.95] {
        let h = n * q + 0.5; // 1-based
        let lo = h.floor();
        let want = if lo >= n {
            sorted[sorted.len() - 1]
        } else {
            let a = sorted[lo as usize - 1];
            a + (h - lo) * (sorted[lo as usize] - a)
        };
        let got = hazen_quantiles_in_place(&mut values.clone(), &[q])[0];
        assert!((got - want).abs() < 1e-12, "q = {q}: {got} vs {want}");
    }
    // Outside [1/(2n), 1 - 1/(2n)] the position is past the sample's ends.
    assert!(hazen_reaches(10, 0.05) && hazen_reaches(10, 0.95));
    assert!(!hazen_reaches(10, 0.04) && !hazen_reaches(10, 0.96));
    assert_eq!(
        hazen_quantiles_in_place(&mut values.clone(), &[0.01])[0],
        1.0
    );
}

#[test]
fn a_tail_too_far_for_the_draws_has_no_rank() {
    // P(all 4,096 draws below the 99.99th percentile) = 0.9999^4096 = 0.66 > 0.025: no
    // order statistic bounds it from above; from below the ranks stay as before.
    let (l, u) = super::intervals::quantile_ranks_unclamped(4096, 0.9999, 0.95);
    assert_eq!(u, 4097);
    assert!((1..=4096).contains(&l));
    assert_eq!(
        super::intervals::quantile_ranks(4096, 0.9999, 0.95),
        (l, 4096)
    );
    let (l, _) = super::intervals::quantile_ranks_unclamped(4096, 0.0001, 0.95);
    assert_eq!(l, 0);
    let sorted: Vec<f64> = (1..=4096).map(f64::from).collect();
    let interval = super::intervals::quantile_interval(&sorted, 0.9999, 0.95);
    assert_eq!(interval.high, f64::INFINITY);
    assert!(interval.low.is_finite());
}
