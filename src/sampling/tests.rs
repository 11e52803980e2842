//! Engine tests: strata, determinism, key independence.

use super::*;
use crate::dist::DistSpec;

fn uniform() -> Dist {
    DistSpec::Uniform {
        low: 0.0,
        high: 1.0,
    }
    .build()
    .unwrap()
}

#[test]
fn lhs_puts_exactly_one_draw_in_each_stratum() {
    let n = 10_007;
    let col = sample_column(&uniform(), "x", n, 3, Method::Lhs, &Control::new()).unwrap();
    let mut seen = vec![0u32; n];
    for v in &col {
        seen[(v * n as f64).floor() as usize] += 1;
    }
    assert!(seen.iter().all(|&c| c == 1));
}

#[test]
fn columns_depend_only_on_their_own_key() {
    let a = vec![InputSpec::new("a", uniform())];
    let ab = vec![
        InputSpec::new("b", uniform()),
        InputSpec::new("a", uniform()),
    ];
    let c = Control::new();
    let one = sample_inputs(&a, 9000, 1, Method::Random, &c).unwrap();
    let two = sample_inputs(&ab, 9000, 1, Method::Random, &c).unwrap();
    assert_eq!(one[0], two[1]);
    assert_ne!(two[0], two[1]);
}

#[test]
fn same_result_on_one_thread_and_many() {
    let inputs = vec![
        InputSpec::new("a", uniform()),
        InputSpec::new(
            "b",
            DistSpec::Gamma {
                shape: 2.0,
                scale: 1.0,
            }
            .build()
            .unwrap(),
        ),
    ];
    let run = |threads: usize, method: Method| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| sample_inputs(&inputs, 20_000, 9, method, &Control::new()).unwrap())
    };
    for method in [Method::Random, Method::Lhs] {
        assert_eq!(run(1, method), run(4, method));
    }
}

#[test]
fn cancelled_control_stops_the_run() {
    let c = Control::new();
    c.cancel();
    let r = sample_column(&uniform(), "x", 100_000, 0, Method::Random, &c);
    assert_eq!(r, Err(SampleError::Cancelled(Cancelled)));
}

/// `run` on a rayon pool of `threads` threads.
fn on_threads<T: Send>(threads: usize, run: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(run)
}

#[test]
fn fast_lhs_columns_are_exact_quantiles_on_any_thread_count() {
    let trials = 60_000;
    // The uniform column with the same key holds each trial's stratified level itself.
    let levels = sample_column(&uniform(), "x", trials, 5, Method::Lhs, &Control::new()).unwrap();
    for spec in crate::dist::fast_ppf_test_specs() {
        let dist = spec.build().unwrap();
        assert!(dist.fast_ppf(trials).is_tabled(), "{spec:?}");
        let column = |threads| {
            on_threads(threads, || {
                sample_column(&dist, "x", trials, 5, Method::Lhs, &Control::new()).unwrap()
            })
        };
        let one = column(1);
        assert_eq!(one, column(2), "{spec:?}");
        let (low, high) = dist.support();
        let width = if high.is_finite() { high - low } else { 0.0 };
        for (got, q) in one.iter().zip(&levels) {
            let want = dist.ppf(*q).unwrap();
            assert!(
                (got - want).abs() <= 1e-9 * want.abs() + 1e-12 * width,
                "{spec:?} at q = {q:e}: {got:e} vs exact {want:e}"
            );
        }
    }
}

#[test]
fn fast_lhs_poisson_columns_equal_the_exact_quantiles() {
    let trials = 40_000;
    let levels = sample_column(&uniform(), "n", trials, 8, Method::Lhs, &Control::new()).unwrap();
    let dist = DistSpec::Poisson { mean: 3.7 }.build().unwrap();
    assert!(dist.fast_ppf(trials).is_tabled());
    let column = sample_column(&dist, "n", trials, 8, Method::Lhs, &Control::new()).unwrap();
    let exact: Vec<f64> = levels.iter().map(|q| dist.ppf(*q).unwrap()).collect();
    assert_eq!(column, exact);
}

#[test]
fn samples_too_large_to_hold_are_refused_before_allocating() {
    let c = Control::new();
    for method in [Method::Random, Method::Lhs] {
        match sample_column(&uniform(), "x", usize::MAX / 2, 0, method, &c) {
            Err(SampleError::TooLarge(e)) => {
                assert_eq!((e.name.as_str(), e.most), ("trials", 1 << 30))
            }
            other => panic!("expected TooLarge, got {:?}", other.map(|v| v.len())),
        }
    }
    let two = vec![
        InputSpec::new("a", uniform()),
        InputSpec::new("b", uniform()),
    ];
    match sample_inputs(&two, (1 << 29) + 1, 0, Method::Random, &c) {
        Err(SampleError::TooLarge(e)) => assert_eq!(e.most, 1 << 29),
        other => panic!("expected TooLarge, got {:?}", other.map(|v| v.len())),
    }
    // Strata are numbered in u32: more than 2^32 - 1 cannot be permuted.
    let e = streams::permutation(u32::MAX as usize + 1, 0).unwrap_err();
    assert_eq!((e.name.as_str(), e.most), ("trials", u64::from(u32::MAX)));
}
