//! Tests of the Sobol index estimators against closed forms, on plain functions of
//! independent standard normals (no model involved).

use super::*;
use crate::distributions::DistSpec;
use crate::sampling::{chunk_rng, unit_open};

/// `n` rows of `d` independent standard normals from stream `stream`.
fn normals(n: usize, d: usize, stream: u64) -> Vec<Vec<f64>> {
    let normal = DistSpec::Normal {
        mean: 0.0,
        sd: 1.0,
        low: None,
        high: None,
    }
    .build()
    .unwrap();
    let mut rng = chunk_rng(stream, 0);
    (0..d)
        .map(|_| {
            (0..n)
                .map(|_| normal.ppf_unchecked(unit_open(&mut rng)))
                .collect()
        })
        .collect()
}

/// True when `want` lies in the 95 % interval `(low, high)` of `estimate` widened to
/// about 3 standard errors (each side stretched by half): with a dozen checks per test a
/// plain 95 % interval would miss one now and then by chance alone.
fn near(want: f64, estimate: f64, (low, high): (f64, f64)) -> bool {
    estimate - 1.5 * (estimate - low) <= want && want <= estimate + 1.5 * (high - estimate)
}

/// f(A), f(B) and f(A_B^i) for `f` over `d` inputs, N points.
fn design(f: impl Fn(&[f64]) -> f64, n: usize, d: usize) -> (Vec<f64>, Vec<f64>, Vec<Vec<f64>>) {
    let a = normals(n, d, 1);
    let b = normals(n, d, 2);
    let eval = |cols: &[&Vec<f64>]| -> Vec<f64> {
        (0..n)
            .map(|j| f(&cols.iter().map(|c| c[j]).collect::<Vec<f64>>()))
            .collect()
    };
    let fa = eval(&a.iter().collect::<Vec<_>>());
    let fb = eval(&b.iter().collect::<Vec<_>>());
    let fab = (0..d)
        .map(|i| {
            let cols: Vec<&Vec<f64>> = (0..d).map(|k| if k == i { &b[k] } else { &a[k] }).collect();
            eval(&cols)
        })
        .collect();
    (fa, fb, fab)
}

#[test]
fn linear_function_matches_the_closed_form_within_the_intervals() {
    // f = 1e6 + 3 x0 + 2 x1 + 1 x2: S_i = ST_i = a_i^2 / 14 (a large mean, as money has).
    let (fa, fb, fab) = design(|x| 1e6 + 3.0 * x[0] + 2.0 * x[1] + x[2], 1 << 14, 3);
    let ab: Vec<&[f64]> = fab.iter().map(Vec::as_slice).collect();
    let r = sobol_indices(&fa, &fb, &ab, 400, 7, &|| false).unwrap();
    for (g, want) in r.groups.iter().zip([9.0 / 14.0, 4.0 / 14.0, 1.0 / 14.0]) {
        assert!(
            near(want, g.first_order, g.first_order_interval),
            "{g:?} {want}"
        );
        assert!(near(want, g.total, g.total_interval), "{g:?} {want}");
        assert!((g.first_order - want).abs() < 0.03, "{g:?} {want}");
        assert!((g.total - want).abs() < 0.03, "{g:?} {want}");
    }
    assert!((r.variance - 14.0).abs() < 14.0 * 0.05);
}

#[test]
fn product_has_its_interaction_in_the_total_only() {
    // f = x0 + x1 x2 with standard normals: V = 2, S0 = ST0 = 1/2, S1 = S2 = 0,
    // ST1 = ST2 = 1/2 (the interaction's share).
    let (fa, fb, fab) = design(|x| x[0] + x[1] * x[2], 1 << 14, 3);
    let ab: Vec<&[f64]> = fab.iter().map(Vec::as_slice).collect();
    let r = sobol_indices(&fa, &fb, &ab, 400, 7, &|| false).unwrap();
    let want = [(0.5, 0.5), (0.0, 0.5), (0.0, 0.5)];
    for (g, (s, st)) in r.groups.iter().zip(want) {
        assert!(near(s, g.first_order, g.first_order_interval), "{g:?}");
        assert!(near(st, g.total, g.total_interval), "{g:?}");
    }
}

#[test]
fn bootstrap_is_reproducible_and_brackets_the_estimate() {
    let (fa, fb, fab) = design(|x| x[0] + 0.5 * x[1], 512, 2);
    let ab: Vec<&[f64]> = fab.iter().map(Vec::as_slice).collect();
    let r1 = sobol_indices(&fa, &fb, &ab, 200, 3, &|| false).unwrap();
    let r2 = sobol_indices(&fa, &fb, &ab, 200, 3, &|| false).unwrap();
    assert_eq!(r1, r2);
    for g in &r1.groups {
        assert!(g.first_order_interval.0 < g.first_order_interval.1);
        assert!(g.total_interval.0 < g.total_interval.1);
    }
    let none = sobol_indices(&fa, &fb, &ab, 0, 3, &|| false).unwrap();
    assert_eq!(
        none.groups[0].total_interval,
        (none.groups[0].total, none.groups[0].total)
    );
}

#[test]
fn refuses_bad_samples() {
    let one = [1.0];
    assert_eq!(
        sobol_indices(&one, &one, &[], 0, 0, &|| false),
        Err(IndexError::TooFew(1))
    );
    let c = [2.0, 2.0, 2.0];
    assert_eq!(
        sobol_indices(&c, &c, &[&c], 0, 0, &|| false),
        Err(IndexError::NoVariance)
    );
    let a = [1.0, 2.0, 3.0];
    assert!(matches!(
        sobol_indices(&a, &a, &[&c[..2]], 0, 0, &|| false),
        Err(IndexError::Shape { .. })
    ));
    let nan = [1.0, f64::NAN, 3.0];
    assert_eq!(
        sobol_indices(&a, &nan, &[], 0, 0, &|| false),
        Err(IndexError::NonFinite)
    );
}
