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
